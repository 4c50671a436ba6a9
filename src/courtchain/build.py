"""Compile `contracts/` offline with py-solc-x over solc-js from the npm registry.

Two targets: the primary build (`paris`, a recent solc) and the portability build (`fisco`, solc 0.8.11, the newest
compiler FISCO BCOS 3.x accepts). Artifacts go to `build/<target>/`; a build whose inputs did not change is reused.
The compiler is `bin/solc-v<version>`, a native-solc-compatible front for the npm package; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import solcx
from solcx.exceptions import SolcError

from . import paths
from .errors import BuildError


@dataclass(frozen=True)
class Target:
    """A compiler version and EVM version the suite is built for."""

    name: str
    solc_version: str
    evm_version: str
    optimizer_runs: int = 200

    @property
    def compiler(self) -> Path:
        return paths.BIN / f"solc-v{self.solc_version}"


PRIMARY = Target("paris", "0.8.28", "paris")
PORTABLE = Target("fisco", "0.8.11", "istanbul")
TARGETS = {t.name: t for t in (PRIMARY, PORTABLE)}
HEARTBEAT = 15.0  # seconds between "still compiling" lines of a long compilation


@dataclass(frozen=True)
class Artifact:
    """One compiled contract."""

    name: str
    source: str
    abi: list[dict[str, Any]]
    bytecode: str
    deployed_bytecode: str
    metadata: str
    compiler: str
    evm_version: str
    source_hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "contractName": self.name,
            "sourceName": self.source,
            "abi": self.abi,
            "bytecode": self.bytecode,
            "deployedBytecode": self.deployed_bytecode,
            "metadata": self.metadata,
            "compiler": self.compiler,
            "evmVersion": self.evm_version,
            "sourceHash": self.source_hash,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Artifact:
        return cls(
            name=d["contractName"],
            source=d["sourceName"],
            abi=d["abi"],
            bytecode=d["bytecode"],
            deployed_bytecode=d["deployedBytecode"],
            metadata=d["metadata"],
            compiler=d["compiler"],
            evm_version=d["evmVersion"],
            source_hash=d["sourceHash"],
        )


def _sources(contracts_dir: Path) -> dict[str, str]:
    files = sorted(contracts_dir.rglob("*.sol"))
    if not files:
        raise BuildError(f"no Solidity sources under {contracts_dir}")
    root = contracts_dir.parent
    return {f.relative_to(root).as_posix(): f.read_text(encoding="utf-8") for f in files}


def _oz_version() -> str:
    pkg = paths.NODE_MODULES / "@openzeppelin" / "contracts" / "package.json"
    if not pkg.exists():
        raise BuildError("OpenZeppelin Contracts are not installed (node_modules missing): run `npm ci`")
    return str(json.loads(pkg.read_text())["version"])


# OpenZeppelin's sources by their path in the checkout, as Brownie names them (brownie-config.yaml).
REMAPPINGS = ["@openzeppelin/contracts=node_modules/@openzeppelin/contracts"]
# What this build uses (the ABI, both bytecodes, the metadata with its NatSpec), and what Brownie asks of the same
# compilation (the AST, source maps, NatSpec): with the same settings as Brownie's, `brownie compile` is then served
# from the solc front's compile cache (bin/solc-cache.js) instead of compiling the suite a second time.
OUTPUTS = ["abi", "devdoc", "userdoc", "metadata", "evm.bytecode", "evm.deployedBytecode"]


def standard_input(target: Target, sources: dict[str, str]) -> dict[str, Any]:
    return {
        "language": "Solidity",
        "sources": {name: {"content": text} for name, text in sources.items()},
        "settings": {
            "optimizer": {"enabled": True, "runs": target.optimizer_runs},
            "evmVersion": target.evm_version,
            "remappings": REMAPPINGS,
            "outputSelection": {"*": {"*": OUTPUTS, "": ["ast"]}},
        },
    }


def source_hash(target: Target, sources: dict[str, str]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(standard_input(target, {})["settings"], sort_keys=True).encode())
    h.update(f"solc={target.solc_version};oz={_oz_version()}".encode())
    for name, text in sorted(sources.items()):
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    return "0x" + h.hexdigest()


def _compiler_version(target: Target) -> str:
    if not target.compiler.exists():
        raise BuildError(f"compiler front {target.compiler} is missing")
    try:
        out = subprocess.run(
            [str(target.compiler), "--version"], capture_output=True, text=True, check=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(f"solc {target.solc_version} is not usable: {exc}") from exc
    for line in out.stdout.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    raise BuildError(f"solc {target.solc_version} printed no version: {out.stdout!r} {out.stderr!r}")


def compile_target(
    target: Target = PRIMARY,
    *,
    force: bool = False,
    out_dir: Path | None = None,
    log: Callable[[str], None] | None = None,
    contracts_dir: Path | None = None,
) -> dict[str, Artifact]:
    """Compile every contract for `target`, reusing `build/<target>/` when the inputs are unchanged.

    `log` hears what a compilation does and how long it has been running (every `HEARTBEAT` seconds): a cold build
    takes a minute or more per target, which should not look like a hang. `contracts_dir` compiles another tree of
    sources (its folder name must be `contracts`), e.g. a small one in the tests of the build itself."""
    out = (out_dir or paths.BUILD) / target.name
    sources = _sources(contracts_dir or paths.CONTRACTS)
    digest = source_hash(target, sources)
    manifest = out / "manifest.json"
    if not force and manifest.exists():
        recorded = json.loads(manifest.read_text())
        if recorded.get("sourceHash") == digest:
            return load_artifacts(target, out_dir=out_dir)
    version = _compiler_version(target)
    if log is not None:
        log(
            f"compiling {len(sources)} Solidity sources for target {target.name} (solc {target.solc_version}, "
            f"evm {target.evm_version}); a cold build takes a minute or two"
        )
    t0 = time.monotonic()
    done = threading.Event()

    def heartbeat() -> None:
        while log is not None and not done.wait(HEARTBEAT):
            log(f"  still compiling for {target.name}: {time.monotonic() - t0:.0f}s so far")

    ticker = threading.Thread(target=heartbeat, daemon=True)
    ticker.start()
    try:
        result = solcx.compile_standard(
            standard_input(target, sources),
            solc_binary=target.compiler,
            allow_paths=[str(paths.ROOT), str(paths.NODE_MODULES)],
        )
    except SolcError as exc:
        raise BuildError(f"compilation failed for target {target.name}:\n{exc.stderr_data or exc.message}") from exc
    finally:
        done.set()
    artifacts: dict[str, Artifact] = {}
    for source_name, contracts in result.get("contracts", {}).items():
        if not source_name.startswith("contracts/"):
            continue
        for name, c in contracts.items():
            artifacts[name] = Artifact(
                name=name,
                source=source_name,
                abi=c["abi"],
                bytecode="0x" + c["evm"]["bytecode"]["object"],
                deployed_bytecode="0x" + c["evm"]["deployedBytecode"]["object"],
                metadata=c["metadata"],
                compiler=version,
                evm_version=target.evm_version,
                source_hash=digest,
            )
    warnings = [e["formattedMessage"] for e in result.get("errors", []) if e.get("severity") == "warning"]
    _write(out, artifacts, digest, version, target, warnings)
    if log is not None:
        deployable = sum(1 for a in artifacts.values() if len(a.bytecode) > 2)
        log(
            f"compiled {len(artifacts)} contracts ({deployable} deployable) for target {target.name} "
            f"in {time.monotonic() - t0:.0f}s"
        )
    return artifacts


def _write(
    out: Path, artifacts: dict[str, Artifact], digest: str, version: str, target: Target, warnings: list[str]
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    for a in artifacts.values():
        atomic_write_json(out / f"{a.name}.json", a.to_json())
    atomic_write_json(
        out / "manifest.json",
        {
            "target": target.name,
            "compiler": version,
            "evmVersion": target.evm_version,
            "optimizerRuns": target.optimizer_runs,
            "sourceHash": digest,
            "contracts": sorted(artifacts),
            "warnings": warnings,
        },
    )


def load_artifacts(target: Target = PRIMARY, *, out_dir: Path | None = None) -> dict[str, Artifact]:
    out = (out_dir or paths.BUILD) / target.name
    if not (out / "manifest.json").exists():
        raise BuildError(f"no build for target {target.name}: run `courtchain build`")
    stat = (out / "manifest.json").stat()
    key = (str(out.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _LOADED.get(key)
    if cached is None:
        manifest = json.loads((out / "manifest.json").read_text())
        cached = {n: Artifact.from_json(json.loads((out / f"{n}.json").read_text())) for n in manifest["contracts"]}
        _LOADED[key] = cached
    return dict(cached)


# Artifacts read per build folder, keyed by its manifest's mtime and size (a build writes the manifest last, so a new
# build is a new key). The same Artifact objects for every caller: they are frozen, and the suite's ABI indexes are
# built once per set of them.
_LOADED: dict[tuple[str, int, int], dict[str, Artifact]] = {}


def atomic_write_json(path: Path, data: Any) -> None:
    """Write JSON so that a reader never sees half a file: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, sort_keys=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

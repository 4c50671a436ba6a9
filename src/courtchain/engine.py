"""The multi-node network's engine: go-ethereum v1.13.15 (the last line that seals Clique blocks), built from its Go
module with the installed Go toolchain into `.courtchain/engines/geth-v1.13.15-nocgo/geth` when missing; never a
downloaded binary, never a patched engine.

Standard library only, so that a fresh checkout can build it before any Python package is installed:
`PYTHONPATH=src python3 -m courtchain.engine` (what `make network-engine` runs, beside the package installs).

Built without cgo: geth then signs and recovers with its pure-Go secp256k1 (decred's, the same curve and the same
signatures) instead of compiling libsecp256k1's C sources, and without debug symbols; a cold build takes about a
quarter less CPU (142 s of user time instead of 190 s on the 2-core machine of BENCHMARKS.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import paths
from .errors import ChainError

GETH_MODULE = "github.com/ethereum/go-ethereum"
GETH_VERSION = "v1.13.15"
BUILD = "nocgo"  # how it is built (part of its folder's name: a binary built otherwise is another engine)
# fjl/memsize (in geth 1.13's tree) uses a go:linkname that newer Go refuses to link without -checklinkname=0;
# -s -w: no symbol table and no DWARF (a smaller binary, a shorter link)
LDFLAGS = "-checklinkname=0 -s -w"


def engine_dir() -> Path:
    return paths.STATE / "engines" / f"geth-{GETH_VERSION}-{BUILD}"


def engine_path() -> Path:
    env = os.environ.get("COURTCHAIN_GETH")
    return Path(env) if env else engine_dir() / "geth"


def build_engine(*, force: bool = False, log: Callable[[str], None] | None = None) -> tuple[Path, float | None]:
    """The geth binary, built with `go install` from the pinned module when missing. Returns (path, seconds spent
    building, or None when it was there). The Go module and build caches make a rebuild fast."""
    path = engine_path()
    if path.exists() and not force:
        return path, None
    go = shutil.which("go")
    if go is None:
        raise ChainError("building the network engine needs the Go toolchain (`go`) on PATH")
    path.parent.mkdir(parents=True, exist_ok=True)
    if force and path.parent == engine_dir():
        path.unlink(missing_ok=True)  # else `go install` may find the binary up to date and do nothing
    env = {**os.environ, "GOBIN": str(path.parent.resolve()), "GOFLAGS": "-buildvcs=false", "CGO_ENABLED": "0"}
    cmd = ["nice", "-n", "10", go, "install", f"-ldflags={LDFLAGS}", f"{GETH_MODULE}/cmd/geth@{GETH_VERSION}"]
    if log is not None:
        log(f"building geth {GETH_VERSION} from its Go module (CGO_ENABLED=0): {' '.join(cmd[3:])}")
    t0 = time.monotonic()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    if r.returncode != 0:
        tail = "\n".join((r.stderr or r.stdout).strip().splitlines()[-15:])
        raise ChainError(f"building geth {GETH_VERSION} failed (exit {r.returncode}):\n{tail}")
    built = path.parent / "geth"
    if built != path:
        built.replace(path)
    return path, elapsed


def describe(path: Path, seconds: float | None) -> str:
    """One line on the engine: where it is, and how long building it took when it was built now."""
    return f"geth {GETH_VERSION}: {path}" + (f" (built in {seconds:.0f}s)" if seconds is not None else "")


def main() -> int:
    """`python -m courtchain.engine [--force]`: build when missing and print where it is; when the build fails, one
    line and exit 3, as `courtchain network engine` (docs/exit-codes.md), which needs the installed packages."""
    force = "--force" in sys.argv[1:]
    try:
        path, seconds = build_engine(force=force, log=lambda s: print(s, file=sys.stderr, flush=True))
    except ChainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    print(describe(path, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())

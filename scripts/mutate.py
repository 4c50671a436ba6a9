"""Mutation testing of the money and status contracts: make small faults in one contract (flip a comparison, shift a
boundary by one, swap arithmetic, drop a revert, drop a guard or a state update), run that contract's own tests
against each mutant on a fresh anvil, and count the mutants the tests kill.

    .venv/bin/python scripts/mutate.py [--contract EnforcementOffice|ObligationRegistry] [--max N] [--seed S]
                                       [--list] [--out bench/results/mutation.json]

(`make mutation` runs both contracts.) Each mutant is compiled alone (the mutated file against the unchanged others,
paris target) into a scratch copy of the build, so the run never touches build/ or contracts/ of the checkout; the
tests see it through COURTCHAIN_ROOT / COURTCHAIN_BUILD_DIR. A mutant that does not compile is "stillborn" and
not counted. The tests run with `-x` (the first failure kills), a timeout counts as a kill. `--max` takes a
deterministic sample (by `--seed`) when a contract has more candidate mutants; the results file says so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from courtchain import build  # noqa: E402

TARGETS: dict[str, dict[str, Any]] = {
    "EnforcementOffice": {
        "source": "contracts/enforcement/EnforcementOffice.sol",
        "tests": [
            "tests/enforcement/test_office.py",
            "tests/enforcement/test_distribution.py",
            "tests/enforcement/test_tokens.py",
            "tests/security/test_enforcement_edges.py",
            "tests/security/test_enforcement_stateful.py",
        ],
    },
    "ObligationRegistry": {
        "source": "contracts/obligations/ObligationRegistry.sol",
        "tests": [
            "tests/obligations/test_agreements.py",
            "tests/obligations/test_performance_and_default.py",
            "tests/obligations/test_integration.py",
            "tests/security/test_obligation_stateful.py",
        ],
    },
}

TEST_TIMEOUT = 300


@dataclass
class Mutant:
    contract: str
    line: int  # 1-based
    operator: str
    original: str
    mutated: str
    status: str = "pending"  # killed | survived | stillborn | timeout
    seconds: float = 0.0
    killed_by: str = ""


# (operator name, pattern, replacement) applied one occurrence at a time on code (comments stripped).
_SWAPS: list[tuple[str, str, str]] = [
    ("cmp <= to <", r"<=", "<"),
    ("cmp >= to >", r">=", ">"),
    ("cmp < to <=", r"(?<![<=])<(?![<=])", "<="),
    ("cmp > to >=", r"(?<![>=\-])>(?![>=])", ">="),
    ("cmp == to !=", r"==", "!="),
    ("cmp != to ==", r"!=", "=="),
    ("and to or", r"&&", "||"),
    ("or to and", r"\|\|", "&&"),
    ("+= to -=", r"\+=", "-="),
    ("-= to +=", r"-=", "+="),
    ("+ to -", r"(?<=\s)\+(?=\s)", "-"),
    ("- to +", r"(?<=\s)-(?=\s)", "+"),
    ("min to max", r"Math\.min\(", "Math.max("),
    ("off by one +1", r"(?<=[<>=] )(\d+)(?=\b)", "+1"),
    ("true to false", r"\btrue\b", "false"),
    ("false to true", r"\bfalse\b", "true"),
]
_GUARDS = re.compile(r"\s(nonReentrant|onlyGovernance|onlyRole\([^)]*\)|onlySuite\([^)]*\))")
_REVERT_IF = re.compile(r"^(\s*)if \((.*)\) revert ")
_STATE_UPDATE = re.compile(r"^\s*[A-Za-z_][\w.\[\]]*\s*(\+=|-=|=)\s*[^=].*;\s*$")


def _code(line: str) -> str:
    return line.split("//", 1)[0]


def candidates(contract: str, text: str) -> list[Mutant]:
    out: list[Mutant] = []
    in_comment = False
    started = False
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("/*"):
            in_comment = True
        if in_comment:
            in_comment = "*/" not in stripped
            continue
        if stripped.startswith("contract "):
            started = True
        if not started or stripped.startswith(("///", "//", "import", "pragma", "error ", "event ")):
            continue
        code = _code(line)
        if "constant" in code and "=" in code and "(" not in code:
            # a constant's value: an off-by-one there is a policy change, not a fault
            continue
        for op, pattern, repl in _SWAPS:
            for m in re.finditer(pattern, code):
                if op == "off by one +1":
                    new = code[: m.start()] + str(int(m.group(1)) + 1) + code[m.end() :]
                else:
                    new = code[: m.start()] + repl + code[m.end() :]
                if "pragma" in new:
                    continue
                out.append(Mutant(contract, i, op, line, new + line[len(code) :]))
        if m2 := _REVERT_IF.match(code):
            out.append(Mutant(contract, i, "drop revert", line, f"{m2.group(1)}if (false) revert " + code[m2.end() :]))
        for g in _GUARDS.finditer(code):
            if "function" in code or code.strip().startswith(("external", "returns", "public")):
                out.append(Mutant(contract, i, "drop guard", line, code[: g.start()] + code[g.end() :]))
        declaration = code.strip().startswith(("return", "uint", "bool", "address", "bytes"))
        if _STATE_UPDATE.match(code) and "memory" not in code and not declaration:
            out.append(Mutant(contract, i, "drop state update", line, re.sub(r"\S.*", "// (dropped)", code)))
    return out


def _prepare_scratch(scratch: Path) -> None:
    shutil.copytree(ROOT / "contracts", scratch / "contracts")
    (scratch / "node_modules").symlink_to(ROOT / "node_modules")
    (scratch / "bin").symlink_to(ROOT / "bin")
    build_dir = scratch / "build"
    # One clean compile of the unmutated sources (the checkout's own build dir is left alone).
    env = dict(os.environ, COURTCHAIN_ROOT=str(scratch), COURTCHAIN_BUILD_DIR=str(build_dir))
    subprocess.run(
        [sys.executable, "-c", "from courtchain import build; build.compile_target(build.PRIMARY)"],
        env=dict(env, PYTHONPATH=str(ROOT / "src")),
        check=True,
        cwd=scratch,
    )


def _compile_one(scratch: Path, source: str, contract: str, text: str) -> dict[str, Any] | None:
    """Compile the mutated file alone (imports resolved from the scratch tree); None when it does not compile."""
    import solcx
    from solcx.exceptions import SolcError

    target = build.PRIMARY
    std = build.standard_input(target, {source: text})
    wanted = ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"]
    std["settings"]["outputSelection"] = {source: {contract: wanted}}
    compiler = ROOT / "bin" / f"solc-v{target.solc_version}"
    try:
        result = solcx.compile_standard(std, solc_binary=compiler, allow_paths=[str(scratch)], base_path=str(scratch))
    except SolcError:
        return None
    c = result.get("contracts", {}).get(source, {}).get(contract)
    if not c or not c["evm"]["bytecode"]["object"]:
        return None
    return dict(c)


def _install(scratch: Path, source: str, contract: str, text: str, compiled: dict[str, Any]) -> None:
    (scratch / source).write_text(text)
    out = scratch / "build" / build.PRIMARY.name
    art = json.loads((out / f"{contract}.json").read_text())
    art["abi"] = compiled["abi"]
    art["bytecode"] = "0x" + compiled["evm"]["bytecode"]["object"]
    art["deployedBytecode"] = "0x" + compiled["evm"]["deployedBytecode"]["object"]
    art["metadata"] = compiled["metadata"]
    digest = build.source_hash(build.PRIMARY, build._sources(scratch / "contracts"))
    for key in ("sourceHash", "source_hash"):
        if key in art:
            art[key] = digest
    build.atomic_write_json(out / f"{contract}.json", art)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["sourceHash"] = digest
    build.atomic_write_json(out / "manifest.json", manifest)


def _run_tests(scratch: Path, tests: list[str]) -> tuple[str, str]:
    env = dict(
        os.environ,
        COURTCHAIN_ROOT=str(scratch),
        COURTCHAIN_BUILD_DIR=str(scratch / "build"),
        COURTCHAIN_DEPLOYMENTS_DIR=str(scratch / "deployments"),
        COURTCHAIN_STATE_DIR=str(scratch / "state"),
        HYPOTHESIS_PROFILE="quick",
    )
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", *tests]
    # Own process group, so that a timeout also ends the test run's anvil.
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        stdout, _ = proc.communicate(timeout=TEST_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return "timeout", ""
    if proc.returncode == 0:
        return "survived", ""
    failed = re.findall(r"^FAILED (\S+)", stdout, re.M) or re.findall(r"^ERROR (\S+)", stdout, re.M)
    return "killed", failed[0] if failed else f"exit {proc.returncode}"


def run(contract: str, max_mutants: int | None, seed: int, list_only: bool) -> dict[str, Any]:
    spec = TARGETS[contract]
    source: str = spec["source"]
    original = (ROOT / source).read_text()
    lines = original.splitlines(keepends=True)
    all_mutants = candidates(contract, original)
    chosen = list(all_mutants)
    if max_mutants is not None and len(chosen) > max_mutants:
        chosen = sorted(random.Random(seed).sample(chosen, max_mutants), key=lambda m: (m.line, m.operator))
    if list_only:
        for m in chosen:
            print(f"{contract}:{m.line} [{m.operator}] {m.mutated.strip()}")
        return {"contract": contract, "candidates": len(all_mutants), "mutants": [asdict(m) for m in chosen]}
    with tempfile.TemporaryDirectory(prefix="courtchain-mutants-") as tmp:
        scratch = Path(tmp)
        _prepare_scratch(scratch)
        tests = [t for t in spec["tests"] if (ROOT / t).exists()]
        baseline, failed = _run_tests(scratch, tests)
        if baseline != "survived":
            raise SystemExit(f"{contract}: the unmutated tests do not pass ({baseline} {failed}); fix them first")
        for n, m in enumerate(chosen, 1):
            started = time.monotonic()
            mutated_lines = list(lines)
            ending = "\n" if lines[m.line - 1].endswith("\n") else ""
            mutated_lines[m.line - 1] = m.mutated.rstrip("\n") + ending
            text = "".join(mutated_lines)
            compiled = _compile_one(scratch, source, contract, text)
            if compiled is None:
                m.status = "stillborn"
            else:
                _install(scratch, source, contract, text, compiled)
                m.status, m.killed_by = _run_tests(scratch, tests)
            m.seconds = round(time.monotonic() - started, 1)
            print(f"[{n}/{len(chosen)}] {contract}:{m.line} {m.operator}: {m.status} ({m.seconds}s) {m.killed_by}")
            sys.stdout.flush()
        # restore the scratch copy (not needed, it is deleted) -- the checkout was never touched
    valid = [m for m in chosen if m.status != "stillborn"]
    killed = [m for m in valid if m.status in ("killed", "timeout")]
    return {
        "contract": contract,
        "source": source,
        "tests": spec["tests"],
        "candidates": len(all_mutants),
        "sampled": len(chosen),
        "seed": seed,
        "valid": len(valid),
        "killed": len(killed),
        "kill_rate": round(len(killed) / len(valid), 4) if valid else None,
        "survivors": [asdict(m) for m in valid if m.status == "survived"],
        "mutants": [asdict(m) for m in chosen],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--contract", choices=sorted(TARGETS), action="append")
    ap.add_argument("--max", type=int, default=None, help="sample at most N mutants per contract")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--list", action="store_true", help="only list the mutants")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "mutation.json")
    args = ap.parse_args()
    # every mutant is compiled once: keeping its output (bin/solc-cache.js) would only push the builds' out
    os.environ["COURTCHAIN_SOLC_CACHE"] = "off"
    results = [run(c, args.max, args.seed, args.list) for c in (args.contract or sorted(TARGETS))]
    if args.list:
        return 0
    previous: dict[str, Any] = {}
    if args.out.exists():
        previous = {r["contract"]: r for r in json.loads(args.out.read_text()).get("results", [])}
    previous.update({r["contract"]: r for r in results})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build.atomic_write_json(
        args.out,
        {"generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "results": list(previous.values())},
    )
    for r in results:
        print(f"{r['contract']}: {r['killed']}/{r['valid']} killed ({r['kill_rate']}), {len(r['survivors'])} survivors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

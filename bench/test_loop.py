"""How long a contributor waits for the tests: a warm `make test`, and `.ci/run` on a fresh clone (issue 23's targets:
≤ 5 minutes and ≤ 10 minutes on this 2-core machine).

    python bench/test_loop.py warm     `make test` in this checkout (run it once before, so it is warm)
    python bench/test_loop.py fresh    `git clone` of this checkout's HEAD into an empty temporary folder, then
                                       `CI=true bash .ci/run` there (installs everything from the registries)
    python bench/test_loop.py fresh --empty-go-cache
                                       the same with an empty Go build cache (GOCACHE in the temporary folder), as
                                       on a machine that never built geth: its cold build is minutes of CPU

Each writes its part of bench/results/test_loop.json: the wall time, the pytest summary line and the machine's load
at the start and the end (a busy machine stretches every figure: compare only quiet runs). Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, machine, read_result, write_result

TARGETS = {"warm": 300, "fresh": 600}  # seconds
HISTORY = 6  # fresh-clone runs kept in the record
HISTORY_KEYS = ("commit", "exit", "seconds", "installedAndBuiltSeconds", "pytest", "beside", "goBuildCache")
SUMMARY = re.compile(r"=+ (.*\d+ passed.*) =+\s*$")


def _run(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[int, float, str]:
    """Run `argv`, its output into `log`; exit code, wall seconds and the whole output."""
    t0 = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    return code, round(time.monotonic() - t0, 1), log.read_text(encoding="utf-8", errors="replace")


def _summaries(text: str) -> list[str]:
    return [m.group(1) for line in text.splitlines() if (m := SUMMARY.search(line))]


def warm() -> dict[str, Any]:
    load = os.getloadavg()
    log = Path(tempfile.mkdtemp(prefix="courtchain-test-loop-")) / "make-test.log"
    code, seconds, text = _run(["make", "test"], ROOT, dict(os.environ), log)
    return {
        "command": "make test",
        "exit": code,
        "seconds": seconds,
        "pytest": (_summaries(text) or [""])[-1],
        "log": str(log),
        "machine": machine(load),
    }


def fresh(empty_go_cache: bool = False) -> dict[str, Any]:
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="courtchain-fresh-clone-"))
    clone = work / "clone"
    env = {**os.environ, "CI": "true"}
    if empty_go_cache:
        env["GOCACHE"] = str(work / "go-build-cache")
    t0 = time.monotonic()
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # the commit measured is the clone's HEAD (this checkout may hold uncommitted results, e.g. of an earlier run)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True).stdout
    code, seconds, text = _run(["bash", ".ci/run"], clone, env, work / "ci.log")
    installed = re.search(r"ci: installed and built in (\d+)s", text)
    beside = {}
    for name in ("brownie", "network-demo"):
        part = clone / "build" / "ci" / f"{name}.log"
        if part.exists():
            beside[name] = (_summaries(part.read_text(encoding="utf-8", errors="replace")) or [""])[-1]
    return {
        "command": "git clone; CI=true bash .ci/run",
        "commit": head.strip(),
        "goBuildCache": "empty" if empty_go_cache else "this machine's",
        "exit": code,
        "seconds": round(time.monotonic() - t0, 1),
        "ciRunSeconds": seconds,
        "installedAndBuiltSeconds": int(installed.group(1)) if installed else None,
        "pytest": (_summaries(text) or [""])[-1],
        "beside": beside,
        "log": str(work / "ci.log"),
        "machine": machine(load),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/test_loop.py", description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)  # fmt: skip
    ap.add_argument("which", choices=sorted(TARGETS))
    ap.add_argument("--empty-go-cache", action="store_true", help="fresh: start with an empty Go build cache")
    args = ap.parse_args(argv)
    result = warm() if args.which == "warm" else fresh(args.empty_go_cache)
    result["targetSeconds"] = TARGETS[args.which]
    data = read_result("test_loop") or {}
    data[args.which] = result
    if args.which == "fresh":  # one fresh run says little about the next: the report shows every one kept here
        runs = [*data.get("freshHistory", []), {k: result[k] for k in HISTORY_KEYS}]
        data["freshHistory"] = runs[-HISTORY:]
    path = write_result("test_loop", data)
    print(f"{args.which}: exit {result['exit']}, {result['seconds']} s (target ≤ {TARGETS[args.which]} s); "
          f"pytest: {result['pytest']}; {path} written")  # fmt: skip
    return 0 if result["exit"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

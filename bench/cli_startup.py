"""How long `courtchain --help` takes: the console command's start-up, what a user waits for before anything.

    python bench/cli_startup.py                          → bench/results/cli_startup.json
    python bench/cli_startup.py --compare /path/to/other/checkout   (the same measure of another checkout's src/)

Each figure is the wall time of a fresh `python -m courtchain --help` process (one warm-up run first, then --runs
runs, default 10), run the way the console script runs it; plus the modules `-X importtime` says take longest. The
machine's load before and after is recorded: on this shared 2-core machine a busy minute doubles the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, git_commit, machine, write_result

ARGS = ["-m", "courtchain", "--help"]


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def measure(src: Path, runs: int) -> dict[str, Any]:
    """Wall seconds of `courtchain --help` with `src` first on the path: median, min, max of `runs` runs."""
    env = _env(src)
    subprocess.run([sys.executable, *ARGS], env=env, capture_output=True, check=True)  # warm the file cache
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *ARGS], env=env, capture_output=True, check=True)
        samples.append(time.perf_counter() - t0)
    return {
        "median_seconds": round(statistics.median(samples), 3),
        "min_seconds": round(min(samples), 3),
        "max_seconds": round(max(samples), 3),
        "runs": runs,
        "slowest_imports": slowest_imports(src),
        "web3_imported": web3_imported(src),
    }


def slowest_imports(src: Path, top: int = 8) -> list[dict[str, Any]]:
    """The modules imported by the program or by a module it imports (two levels) with the largest cumulative
    import time (microseconds) under `-X importtime`."""
    r = subprocess.run([sys.executable, "-X", "importtime", *ARGS], env=_env(src), capture_output=True, text=True)
    rows = []
    for line in r.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 3 and m.group(4) not in ("runpy", "site", "encodings"):
            rows.append({"module": m.group(4), "cumulative_us": int(m.group(2))})
    return sorted(rows, key=lambda r: -r["cumulative_us"])[:top]


def web3_imported(src: Path) -> bool:
    code = "import sys, runpy\nsys.argv=['courtchain','--help']\ntry:\n    runpy.run_module('courtchain', run_name='__main__')\nexcept SystemExit:\n    pass\nprint('web3' in sys.modules)"  # noqa: E501
    r = subprocess.run([sys.executable, "-c", code], env=_env(src), capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1:] == ["True"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--compare", type=Path, default=None, help="Another checkout to measure the same way.")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    result: dict[str, Any] = {"command": "courtchain --help", "this_checkout": measure(ROOT / "src", args.runs)}
    if args.compare is not None:
        other = args.compare.resolve()
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=other, capture_output=True, text=True)
        result["compared_checkout"] = {"commit": commit.stdout.strip(), **measure(other / "src", args.runs)}
    result["commit"] = git_commit()
    result["machine"] = machine(load)
    path = write_result("cli_startup", result)
    here = result["this_checkout"]
    print(f"courtchain --help: median {here['median_seconds']}s over {args.runs} runs (web3 imported: "
          f"{here['web3_imported']})")  # fmt: skip
    if "compared_checkout" in result:
        c = result["compared_checkout"]
        print(f"  {c['commit']}: median {c['median_seconds']}s (web3 imported: {c['web3_imported']})")
    print(f"→ {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

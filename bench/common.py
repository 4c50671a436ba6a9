"""Shared pieces of the benchmark suite: a throwaway deployed chain, the machine's state, results files.

Every result file carries `machine` (load average before and after, cores, anvil, git commit), so a figure taken on a
busy shared machine can be told from one taken on a quiet one; re-run `python bench/run.py` there to compare.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from courtchain import deploy  # noqa: E402
from courtchain.chain import Chain, LocalNode  # noqa: E402
from courtchain.suite import Suite  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SNAPSHOT = ROOT / "bench" / "gas-snapshot.json"


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
        return out.stdout.strip() + ("+dirty" if dirty.strip() else "")
    except OSError:
        return "unknown"


def machine(started_load: tuple[float, float, float] | None = None) -> dict[str, Any]:
    """Load average (1/5/15 min) now and at the start, cores, Python, platform and the commit measured."""
    info: dict[str, Any] = {
        "loadAverageEnd": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": git_commit(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if started_load is not None:
        info["loadAverageStart"] = [round(x, 2) for x in started_load]
    return info


@dataclass
class Deployed:
    node: LocalNode
    chain: Chain
    suite: Suite
    directory: Path


@contextmanager
def deployed(**node_kwargs: Any) -> Iterator[Deployed]:
    """A fresh anvil (primary build, paris) with the whole suite deployed; stopped on exit."""
    with LocalNode(**node_kwargs) as node:
        chain = Chain(node.url)
        directory = Path(tempfile.mkdtemp(prefix="courtchain-bench-"))
        suite = deploy.deploy(chain, fresh=True, directory=directory).suite
        yield Deployed(node, chain, suite, directory)


def write_result(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def read_result(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def timed_median(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 6),
        "min": round(min(samples), 6),
        "max": round(max(samples), 6),
        "samples": len(samples),
    }


def gas_by_function(d: Deployed, from_block: int = 0) -> dict[str, dict[str, int]]:
    """Every transaction mined on this chain, grouped by contract.function (decoded from the suite's ABIs):
    count, min, median, max gasUsed. Contract creations are grouped as `<name>.constructor`."""
    chain, suite = d.chain, d.suite
    selectors: dict[tuple[str, str], str] = {}
    for name, art in suite.artifacts.items():
        from eth_utils import keccak

        for item in art.abi:
            if item.get("type") == "function" and item.get("stateMutability") not in ("view", "pure"):
                types = ",".join(_abi_type(i) for i in item["inputs"])
                selectors[(name, keccak(text=f"{item['name']}({types})")[:4].hex())] = item["name"]
    seen: dict[str, list[int]] = {}
    head = chain.block_number()
    for start in range(from_block, head + 1, 200):
        blocks = chain.rpc_batch(
            [("eth_getBlockByNumber", [hex(n), True]) for n in range(start, min(head + 1, start + 200))]
        )
        txs = [tx for b in blocks for tx in (b.get("result") or {}).get("transactions", [])]
        receipts = chain.receipts([tx["hash"] for tx in txs])
        for tx, r in zip(txs, receipts, strict=True):
            assert r is not None
            if tx.get("to") is None:
                label = f"{suite.name_of(str(r['contractAddress'])) or 'contract'}.constructor"
            else:
                name = suite.name_of(tx["to"]) or tx["to"]
                fn = selectors.get((name, tx["input"][2:10]), tx["input"][:10])
                label = f"{name}.{fn}"
            seen.setdefault(label, []).append(int(r["gasUsed"]))
    return {
        k: {"count": len(v), "min": min(v), "median": int(statistics.median(v)), "max": max(v)}
        for k, v in sorted(seen.items())
    }


def _abi_type(param: dict[str, Any]) -> str:
    t = str(param["type"])
    if t.startswith("tuple"):
        return "(" + ",".join(_abi_type(c) for c in param["components"]) + ")" + t[5:]
    return t


# -- the report's formatting (BENCHMARKS.md), shared by bench/report.py and bench/report_domains.py


def number_text(v: Any) -> str:
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.2f}"
    return f"{int(v):,}" if isinstance(v, (int, float)) else str(v)


def met_text(ok: bool | None) -> str:
    return "—" if ok is None else ("**met**" if ok else "**NOT met**")


def load_text(m: dict[str, Any] | None) -> str:
    if not m:
        return "unknown"
    start = m.get("loadAverageStart")
    s = f"load average (1/5/15 min) {start} at start, {m['loadAverageEnd']} at end" if start else str(m)
    return f"{s} on {m['cores']} cores; commit {m['commit']}; {m['when']}"

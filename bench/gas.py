"""The gas part of the benchmark suite: every per-contract gas script (evidence, docket, obligations, withdrawal) on
one fresh chain (reverted between them),
the enforcement figures from tests/enforcement/test_gas.py, the demo step by step, every transaction grouped by
function, and the comparison with the committed snapshot (bench/gas-snapshot.json).

    python bench/run.py gas                    measure, write bench/results/gas.json (+ the per-contract files)
    python bench/run.py gas --check            measure, then fail if a figure rose > 2 % above the snapshot
    python bench/run.py gas --update-snapshot  measure, then rewrite bench/gas-snapshot.json (commit it)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docket_gas
import evidence_gas
import obligations_gas
import withdraw_gas
from common import ROOT, SNAPSHOT, Deployed, deployed, gas_by_function, machine, read_result, write_result

from courtchain import demo as demo_module

TOLERANCE = 0.02
TARGETS = {
    "evidence.singleAnchorParty": ("≤", 50_000),
    "evidence.singleAnchorInstitution": ("≤", 50_000),
    "evidence.batch1024.perDocument": ("≤", 60),
    "withdraw.steadyState": ("≤", 60_000),
    "withdraw.firstOfCase": ("≤", 60_000),
}
PAGE_LIMIT = 15_000_000
REFERENCES = {
    "EAS attestation": 250_000,
    "minimal one-slot hash registry": 47_000,
    "event-only anchor": 24_000,
}


def _run_enforcement_tests() -> dict[str, Any]:
    """tests/enforcement/test_gas.py measures on the test fixtures and writes bench/results/enforcement_gas.json."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/enforcement/test_gas.py"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"tests/enforcement/test_gas.py failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    data = read_result("enforcement_gas")
    assert data is not None
    return data


def _demo(d: Deployed) -> dict[str, Any]:
    start = d.chain.block_number() + 1
    steps = demo_module.run(d.suite, documents=Path(tempfile.mkdtemp(prefix="courtchain-bench-demo-")))
    return {
        "steps": [{"step": r.number, "title": r.title, "transactions": r.transactions, "gas": r.gas} for r in steps],
        "totalGas": sum(r.gas for r in steps),
        "byFunction": gas_by_function(d, start),
        # the full procedure (filing to enforcement) comes with branch `demo`; until then these are the steps so far
        "complete": len(steps) >= 18,
    }


def measure() -> dict[str, Any]:
    load = os.getloadavg()
    out: dict[str, Any] = {}
    with deployed() as d:
        out["deployAndSetup"] = gas_by_function(d, 0)
        base = d.chain.snapshot()

        ev = evidence_gas.measure(d.suite)
        ev["chainClient"] = d.chain.client_version
        write_result("evidence_gas", ev)
        out["evidence"] = ev
        d.chain.revert(base)
        d.suite.reset_nonces()
        base = d.chain.snapshot()
        dk = docket_gas.measure(d.suite, d.chain)
        write_result(
            "docket_gas",
            {"node": d.chain.client_version, "compiler target": "paris", "note": "gasUsed from receipts", "gas": dk},
        )
        out["docket"] = dk
        d.chain.revert(base)
        d.suite.reset_nonces()
        base = d.chain.snapshot()
        ob = obligations_gas.measure(d.suite, d.chain)
        write_result(
            "obligations_gas", {"what": "ObligationRegistry gas (real CaseDocket and EnforcementOffice)", "gas": ob}
        )
        out["obligations"] = ob
        d.chain.revert(base)
        d.suite.reset_nonces()
        base = d.chain.snapshot()
        wd = withdraw_gas.measure(d)
        write_result("withdraw_gas", wd)
        out["withdraw"] = wd
        d.chain.revert(base)
        d.suite.reset_nonces()
        out["demo"] = _demo(d)
    out["enforcement"] = _run_enforcement_tests()
    out["machine"] = machine(load)
    out["figures"] = figures(out)
    out["targets"] = check_targets(out)
    write_result("gas", out)
    return out


def figures(out: dict[str, Any]) -> dict[str, float]:
    """The flat figures that the snapshot holds: name → gas."""
    f: dict[str, float] = {}
    ev = out["evidence"]
    f["evidence.singleAnchorInstitution"] = ev["singleAnchorInstitution"]["median"]
    f["evidence.singleAnchorParty"] = ev["singleAnchorParty"]["median"]
    for n in (1000, 1024):
        f[f"evidence.batch{n}"] = ev[f"batch{n}"]["gasUsed"]
        f[f"evidence.batch{n}.perDocument"] = ev[f"batch{n}"]["gasPerDocument"]
    for k, v in out["docket"].items():
        f[f"docket.{k}"] = v
    for k, v in out.get("obligations", {}).items():
        f[f"obligations.{k}"] = v
    for k, v in out["enforcement"]["operations"].items():
        f[f"enforcement.{k}"] = v
    for n in (10, 100, 1000):
        dist = out["enforcement"].get(f"distribution{n}")
        if dist is None:
            continue
        for page in (100, 250, 1000):
            p = dist[f"pageSize{page}"]
            f[f"enforcement.distribute {n} creditors, page {min(page, 300)}: max page"] = p["maxPage"]
            f[f"enforcement.distribute {n} creditors, page {min(page, 300)}: per creditor"] = p["perCreditor"]
    names = list(out["withdraw"]["scenarios"])
    f["withdraw.firstOfCase"] = out["withdraw"]["scenarios"][names[0]]
    f["withdraw.firstOfCreditor"] = out["withdraw"]["scenarios"][names[1]]
    f["withdraw.steadyState"] = out["withdraw"]["scenarios"][names[2]]
    for s in out["demo"]["steps"]:
        f[f"demo.{s['step']}. {s['title']}"] = s["gas"]
    return f


def check_targets(out: dict[str, Any]) -> dict[str, Any]:
    f = out["figures"] if "figures" in out else figures(out)
    res: dict[str, Any] = {}
    for name, (op, limit) in TARGETS.items():
        res[name] = {"value": f[name], "target": f"{op} {limit:,}", "met": f[name] <= limit}
    worst = 0
    for n in (10, 100, 1000):
        dist = out["enforcement"].get(f"distribution{n}", {})
        for p in dist.values():
            if isinstance(p, dict) and "maxPage" in p:
                worst = max(worst, p["maxPage"])
    res["distribution.maxPage"] = {"value": worst, "target": f"≤ {PAGE_LIMIT:,}", "met": worst <= PAGE_LIMIT}
    return res


def compare(current: dict[str, float], snapshot: dict[str, float]) -> tuple[list[str], list[str]]:
    """(rises above tolerance, notes about figures added or gone)."""
    rises, notes = [], []
    for k, old in snapshot.items():
        if k not in current:
            notes.append(f"gone: {k} (snapshot {old:,})")
            continue
        new = current[k]
        if new > old * (1 + TOLERANCE):
            rises.append(f"{k}: {old:,} → {new:,} (+{(new - old) / old:.1%})")
    notes += [f"new: {k} = {v:,}" for k, v in current.items() if k not in snapshot]
    return rises, notes


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, float]:
    data = json.loads(path.read_text())
    return dict(data["figures"])


def write_snapshot(current: dict[str, float], path: Path = SNAPSHOT) -> None:
    data = {
        "about": "Gas per operation (anvil, paris build, receipts). `python bench/run.py gas --check` (and "
        "tests/bench/test_gas_snapshot.py for a subset) fail when a figure rises more than 2 % above this; "
        "after an intended change: `python bench/run.py gas --update-snapshot` and commit this file.",
        "tolerance": TOLERANCE,
        "figures": dict(sorted(current.items())),
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

"""Gas targets, measured from receipts with the same code as bench/evidence_gas.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from courtchain.suite import Suite


def test_gas_targets(suite: Suite) -> None:
    path = Path(__file__).resolve().parents[2] / "bench" / "evidence_gas.py"
    spec = importlib.util.spec_from_file_location("evidence_gas", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.measure(suite, samples=2)
    assert figures["singleAnchorParty"]["median"] <= 50_000
    assert figures["singleAnchorInstitution"]["median"] <= 60_000
    assert figures["batch1024"]["gasPerDocument"] <= 60
    assert figures["batch1000"]["gasPerDocument"] <= 60

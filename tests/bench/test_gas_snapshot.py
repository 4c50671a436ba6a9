"""Gas against the committed snapshot (bench/gas-snapshot.json): the evidence, docket, obligations and withdrawal
figures are re-measured on the test chain with the benchmark's own scripts; any figure more than 2 % above the
snapshot fails.
The full check (enforcement operations, distribution pages, demo) is `make gas-check`. After an intended change:
`python bench/run.py gas --update-snapshot` and commit the snapshot."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from courtchain.chain import Chain, LocalNode
from courtchain.suite import Suite

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import docket_gas  # noqa: E402
import evidence_gas  # noqa: E402
import gas  # noqa: E402
import obligations_gas  # noqa: E402
import withdraw_gas  # noqa: E402
from common import Deployed  # noqa: E402


def _measured(suite: Suite, chain: Chain, node: LocalNode) -> dict[str, Any]:
    snap = chain.snapshot()
    out: dict[str, Any] = {"evidence": evidence_gas.measure(suite)}
    chain.revert(snap)
    suite.reset_nonces()
    snap = chain.snapshot()
    out["docket"] = docket_gas.measure(suite, chain)
    chain.revert(snap)
    suite.reset_nonces()
    snap = chain.snapshot()
    out["obligations"] = obligations_gas.measure(suite, chain)
    chain.revert(snap)
    suite.reset_nonces()
    snap = chain.snapshot()
    out["withdraw"] = withdraw_gas.measure(Deployed(node, chain, suite, BENCH))
    return out


def test_gas_within_two_percent_of_the_snapshot(suite: Suite, chain: Chain, node: LocalNode) -> None:
    snapshot = gas.load_snapshot()
    out = _measured(suite, chain, node)
    out["enforcement"] = {"operations": {}}
    out["demo"] = {"steps": []}
    current = gas.figures(out)
    compared = {k: v for k, v in snapshot.items() if k in current}
    assert len(compared) >= 20, "the snapshot lacks the evidence/docket/withdrawal figures"
    rises, _ = gas.compare(current, compared)
    assert not rises, "gas rose more than 2 % above bench/gas-snapshot.json:\n" + "\n".join(rises)


def test_the_check_fails_on_a_rise() -> None:
    rises, notes = gas.compare({"a": 103, "b": 100, "c": 5}, {"a": 100, "b": 100, "d": 1})
    assert rises == ["a: 100 → 103 (+3.0%)"]
    assert notes == ["gone: d (snapshot 1)", "new: c = 5"]
    assert gas.compare({"a": 102}, {"a": 100}) == ([], [])

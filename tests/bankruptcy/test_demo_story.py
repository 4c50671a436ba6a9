"""`courtchain demo --story bankruptcy` on the test chain: a liquidation to its final distribution and a plan voted
by classes with a failing class re-voting; money conserved after every step (the Demo's own check)."""

from __future__ import annotations

from pathlib import Path

from courtchain import demo_bankruptcy
from courtchain.suite import Suite


def test_bankruptcy_story_runs(suite: Suite, tmp_path: Path) -> None:
    results = demo_bankruptcy.run(suite, documents=tmp_path / "documents")
    assert [r.number for r in results] == [1, 2, 3, 4]
    assert all(r.transactions > 0 for r in results)
    assert any("re-vote" in r.title or "votes once more" in r.title for r in results)
    assert all(any(line.startswith("✓ money conserved") for line in r.lines) for r in results)

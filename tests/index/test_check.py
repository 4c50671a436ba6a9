"""`audit check --index`: the index checked against the chain, on SQLite and PostgreSQL. A fresh index passes; a
tampered event (its arguments, or a derived row), a deleted event, a wrong block hash and a stale index are each
found and named, and the command exits 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from courtchain.chain import LocalNode
from courtchain.index import Follower, connect, schema
from courtchain.index.check import check_index
from courtchain.suite import Suite
from tests.helpers import run_cli
from tests.index.common import NewDb

Demo = tuple[Suite, LocalNode, Path]


def _cli(demo: Demo, *args: str) -> Any:
    _, node, records = demo
    return run_cli(*args, rpc=node.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(records)})


def _checks(report: Any) -> set[str]:
    return {f.check for f in report.findings}


def test_a_fresh_index_passes(demo_chain: Demo, new_db: NewDb) -> None:
    suite, _, _ = demo_chain
    url = new_db("fresh")
    engine = connect(url)
    Follower(suite, engine).run_pass()
    report = check_index(suite, engine, samples=0)
    assert report.ok, [str(f) for f in report.findings]
    assert report.counts["sampled events"] == report.events > 150
    done = _cli(demo_chain, "audit", "check", "--index", url, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] and data["index"]["lag_blocks"] == 0 and data["checked"]["index events"] == report.events


def test_tampered_rows_are_found(demo_chain: Demo, new_db: NewDb) -> None:
    suite, _, _ = demo_chain
    url = new_db("tampered")
    engine = connect(url)
    Follower(suite, engine).run_pass()
    e = schema.events
    with engine.begin() as conn:
        # an amount changed in an event's arguments (a creditor's withdrawal)
        row = conn.execute(sa.select(e).where(e.c.event == "Withdrawn", e.c.contract == "EnforcementOffice")).first()
        assert row is not None
        args = dict(row.args)
        args["amount"] = str(int(args["amount"]) + 1)
        conn.execute(sa.update(e).where(e.c.block == row.block, e.c.log_index == row.log_index).values(args=args))
        # a derived row changed: the money table's copy of another movement
        m = schema.money
        other = conn.execute(sa.select(m).where(m.c.kind == "distributed")).first()
        assert other is not None
        conn.execute(sa.update(m).where(m.c.block == other.block, m.c.log_index == other.log_index).values(amount="1"))
    report = check_index(suite, engine, samples=0)
    subjects = {f.subject for f in report.findings if f.check == "index-event"}
    assert f"event {row.block}:{row.log_index}" in subjects
    assert f"event {other.block}:{other.log_index}" in subjects
    assert any("args" in f.message for f in report.findings)
    assert _checks(report) == {"index-event"}  # the counts and hashes are still right
    done = _cli(demo_chain, "audit", "check", "--index", url, "--samples", "0", "--json")
    assert done.returncode == 1
    assert any(f["check"] == "index-event" for f in json.loads(done.stdout)["findings"])
    # a deleted event and a block hash that is not the chain's
    with engine.begin() as conn:
        first = conn.execute(sa.select(e).order_by(e.c.block.desc()).limit(1)).first()
        assert first is not None
        conn.execute(sa.delete(e).where(e.c.block == first.block, e.c.log_index == first.log_index))
        b = schema.blocks
        conn.execute(sa.update(b).where(b.c.number == first.block).values(hash="0x" + "ab" * 32))
    report = check_index(suite, engine, samples=10)
    assert {"index-count", "index-block"} <= _checks(report)
    counts = [f for f in report.findings if f.check == "index-count"]
    assert counts and "events in the index" in counts[0].message
    assert [f.block for f in report.findings if f.check == "index-block"] == [first.block]


def test_a_stale_index_is_reported(demo_chain: Demo, new_db: NewDb) -> None:
    suite, _, _ = demo_chain
    chain = suite.chain
    url = new_db("stale")
    engine = connect(url)
    Follower(suite, engine).run_pass()
    snap = chain.rpc("evm_snapshot")
    try:
        for _ in range(13):
            chain.rpc("evm_mine")
        report = check_index(suite, engine, samples=5, max_lag=12)
        assert _checks(report) == {"index-stale"}
        assert "13 blocks behind" in report.findings[0].message
        assert check_index(suite, engine, samples=5, max_lag=13).ok
        done = _cli(demo_chain, "audit", "check", "--index", url)
        assert done.returncode == 1 and "index-stale" in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    finally:
        assert chain.rpc("evm_revert", [snap])
        suite.reset_nonces()

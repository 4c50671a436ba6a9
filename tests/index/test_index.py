"""The event index against a real anvil: it holds exactly the events the chain's logs decode to (the demo's whole
procedure), a case's story read through its indexes equals the auditor's timeline from the full log, a follower
killed at random moments (SIGKILL, several times) ends with the same rows as a clean run, and a reorganisation at
confirmations 0 is rolled back to the common ancestor and re-applied."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from courtchain import audit
from courtchain.accounts import dev_accounts
from courtchain.chain import LocalNode
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.index import (
    Follower,
    case_events,
    connect,
    dump_tables,
    events_by,
    events_of,
    indexed_events,
    schema,
    url_of,
)
from courtchain.index.query import block_times
from courtchain.suite import Suite
from tests.helpers import SRC, run_cli
from tests.index.common import NewDb, event_json


def test_migrations_create_exactly_the_schema(new_db: NewDb) -> None:
    url = new_db("m")
    engine = connect(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diff == []
    connect(url)  # opening again migrates nothing


def test_index_holds_exactly_the_chains_events(demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb) -> None:
    suite, _, _ = demo_chain
    engine = connect(new_db("i"))
    follower = Follower(suite, engine, page_blocks=37)
    t0 = time.monotonic()
    report = follower.run_pass()
    seconds = time.monotonic() - t0
    chain_events = audit.fetch_events(suite)
    assert len(chain_events) > 150  # the demo's procedure, not an empty chain
    assert event_json(indexed_events(suite, engine)) == event_json(chain_events)
    assert report.events == len(chain_events) and report.pages > 1 and not report.rolled_back
    status = follower.status()
    assert status.cursor_block == status.chain_head and status.lag_blocks == 0
    assert follower.run_pass().events == 0  # nothing new: nothing written twice
    by_block = connect(new_db("i1"))
    Follower(suite, by_block, page_blocks=1).run_pass()
    one, many = dump_tables(by_block), dump_tables(engine)
    for table in ("events", "event_keys", "links", "contracts", "money", "deadline_changes", "deadlines"):
        # the rows do not depend on where pages end
        assert one[table] == many[table], table
    print(f"\ncatch-up: {len(chain_events)} events in {seconds:.2f} s = {len(chain_events) / seconds:.0f} events/s")


def test_case_story_from_the_index_equals_the_full_logs(
    demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb
) -> None:
    suite, _, _ = demo_chain
    engine = connect(new_db("c"))
    Follower(suite, engine).run_pass()
    everything = audit.fetch_events(suite)
    refs = sorted({k for e in everything for k in audit.Index(suite, [e]).keys(e) if k[0] in ("case", "enforcement")})
    assert len(refs) >= 2
    for ref in refs:
        assert isinstance(ref[1], int)
        subset = case_events(suite, engine, (ref[0], ref[1]))
        assert len(subset) < len(everything)
        times = block_times(engine, (e.block for e in subset))
        assert times == {b: suite.chain.timestamp(b) for b in {e.block for e in subset}}
        from_index = audit.timeline(suite, (ref[0], ref[1]), subset, times)
        assert from_index == audit.timeline(suite, (ref[0], ref[1]), everything)


@contextlib.contextmanager
def _cursor_reader(url: str) -> Iterator[Callable[[], int]]:
    """A reader of the index's cursor (-1 before the schema exists) over one engine for the whole test: polling with
    an engine per read opened a connection every few milliseconds, a PostgreSQL backend started for each one (a
    core's worth of CPU taken from the indexer being watched)."""
    engine = sa.create_engine(url_of(url))

    def read() -> int:
        try:
            with engine.connect() as conn:
                block = conn.execute(sa.select(schema.cursor.c.block)).scalar()
                return -1 if block is None else int(block)
        except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # not migrated yet, or locked by the writer
            return -1

    try:
        yield read
    finally:
        engine.dispose()


@pytest.mark.slow
def test_killed_follower_resumes_with_a_clean_runs_rows(
    demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb
) -> None:
    suite, node, records = demo_chain
    clean = connect(new_db("clean"))
    Follower(suite, clean, page_blocks=1).run_pass()
    head = suite.chain.block_number()
    path = new_db("killed")
    env = {**os.environ, "PYTHONPATH": SRC, "COURTCHAIN_DEPLOYMENTS_DIR": str(records)}
    cmd = [sys.executable, "-m", "courtchain", "index", "--rpc", node.url, "--db", path, "--once", "--page", "1"]
    cmd.append("--json")
    rng = random.Random(22)
    kills = []
    with _cursor_reader(path) as cursor:
        for _ in range(5):
            # SIGKILL as soon as the cursor reaches a random block ahead: somewhere in the next page's reads or writes
            at = cursor()
            target = rng.randint(at + 1, at + 12)
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            while proc.poll() is None and cursor() < target and time.monotonic() < deadline:
                time.sleep(0.005)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills.append(cursor())
            proc.wait(timeout=30)
    assert len([k for k in kills if 0 < k < head]) >= 3, f"too few kills landed mid-way: {kills} (head {head})"
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert dump_tables(connect(path)) == dump_tables(clean)


def test_reorganisation_is_rolled_back_and_reapplied(demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb) -> None:
    suite, _, _ = demo_chain
    chain = suite.chain
    engine = connect(new_db("r"))
    follower = Follower(suite, engine, confirmations=0)
    follower.run_pass()
    ancestor = chain.block_number()
    snap = chain.rpc("evm_snapshot")
    creditor = EvidenceClient(suite, dev_accounts()["creditor"])
    first, second = os.urandom(32), os.urandom(32)
    creditor.anchor(first, DocumentKind.EVIDENCE)
    old = chain.rpc("eth_getBlockByNumber", [hex(ancestor + 1), False])["hash"]
    assert follower.run_pass().events == 1
    try:
        assert chain.rpc("evm_revert", [snap])
        suite.reset_nonces()
        chain.rpc("evm_mine")  # another block at the same height, then another document in the next one
        creditor.anchor(second, DocumentKind.EVIDENCE)
        assert chain.rpc("eth_getBlockByNumber", [hex(ancestor + 1), False])["hash"] != old
        report = follower.run_pass()
        assert report.rolled_back == [ancestor]
        indexed = indexed_events(suite, engine)
        assert event_json(indexed) == event_json(audit.fetch_events(suite))
        hashes = {bytes(e.args["contentHash"]) for e in indexed if e.name == "Anchored"}
        assert second in hashes and first not in hashes
        fresh = connect(new_db("r_clean"))
        Follower(suite, fresh).run_pass()
        mine, theirs = dump_tables(engine), dump_tables(fresh)
        for table in ("events", "event_keys", "links", "contracts", "money", "deadline_changes", "deadlines"):
            # (the blocks kept depend on where pages ended)
            assert mine[table] == theirs[table], table
    finally:
        suite.reset_nonces()


def test_a_chain_shorter_than_the_index_is_rolled_back(
    demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb
) -> None:
    """A reorganisation to a shorter chain (the cursor's block is gone, not replaced) rolls back as well."""
    suite, _, _ = demo_chain
    chain = suite.chain
    engine = connect(new_db("short"))
    follower = Follower(suite, engine)
    follower.run_pass()
    ancestor = chain.block_number()
    before = dump_tables(engine)
    snap = chain.rpc("evm_snapshot")
    try:
        EvidenceClient(suite, dev_accounts()["creditor"]).anchor(os.urandom(32), DocumentKind.EVIDENCE)
        assert follower.run_pass().events == 1 and follower.cursor() == ancestor + 1
    finally:
        assert chain.rpc("evm_revert", [snap])
        suite.reset_nonces()
    assert chain.block_number() == ancestor
    report = follower.run_pass()
    assert report.rolled_back == [ancestor] and follower.cursor() == ancestor
    after = dump_tables(engine)
    for table in ("index_cursor", "events", "event_keys", "links", "money", "deadline_changes", "deadlines"):
        assert after[table] == before[table], table


def test_cli_index_and_reads_from_the_index(demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb) -> None:
    suite, node, records = demo_chain
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(records)}
    url = new_db("cli")

    def cli(*args: str) -> Any:
        return run_cli(*args, rpc=node.url, env=env)

    done = cli("index", "--db", url, "--once", "--json")
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    head = suite.chain.block_number()
    assert status["cursor_block"] == status["chain_head"] == head and status["lag_blocks"] == 0
    assert status["events"] == len(audit.fetch_events(suite)) and status["rolled_back_to"] == []
    suite.chain.rpc("evm_mine")  # the chain moves on; the index says it is one block behind
    events = audit.fetch_events(suite)
    enforcement = next(int(e.args["caseId"]) for e in events if e.name == "CaseOpened")
    docketed = next(int(e.args["caseId"]) for e in events if e.name == "CaseDocketed")
    from_chain = json.loads(cli("audit", "case", f"enforcement:{enforcement}", "--json").stdout)
    from_index = cli("audit", "case", f"enforcement:{enforcement}", "--json", "--index", url)
    assert from_index.returncode == 0, from_index.stderr
    data = json.loads(from_index.stdout)
    assert data.pop("index") == {"cursor_block": head, "chain_head": head + 1, "lag_blocks": 1}
    assert data == from_chain and len(data["timeline"]) > 10
    shown = json.loads(cli("case", "show", str(docketed), "--json").stdout)
    shown_indexed = json.loads(cli("case", "show", str(docketed), "--json", "--index", url).stdout)
    assert shown_indexed.pop("index")["lag_blocks"] == 1
    assert shown_indexed == shown and shown["history"]
    # no index in the database, another chain's index, or both sources at once: one line, a documented exit code
    empty = cli("audit", "case", f"enforcement:{enforcement}", "--index", new_db("empty"))
    assert empty.returncode == 1 and "no index in" in empty.stderr and "Traceback" not in empty.stderr
    both = cli("audit", "case", "1", "--index", url, "--events", __file__)
    assert both.returncode == 2 and "--events or --index" in both.stderr
    bad = cli("index", "--db", "nosuchdb://x", "--once")
    assert bad.returncode == 1 and "not a database URL" in bad.stderr and "Traceback" not in bad.stderr
    negative = cli("index", "--db", url, "--once", "--confirmations", "-1")
    assert negative.returncode == 2 and "--confirmations" in negative.stderr
    down = run_cli("index", "--db", url, "--once", rpc="http://127.0.0.1:9", env=env)
    assert down.returncode == 3 and "unreachable" in down.stderr and "Traceback" not in down.stderr


def test_following_picks_up_new_blocks(
    demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb, tmp_path: Path
) -> None:
    suite, node, records = demo_chain
    url = new_db("follow")
    env = {**os.environ, "PYTHONPATH": SRC, "COURTCHAIN_DEPLOYMENTS_DIR": str(records)}
    cmd = [sys.executable, "-m", "courtchain", "index", "--rpc", node.url, "--db", url, "--interval", "0.2"]
    # its warnings go to a file: an undrained pipe fills up on a slow node (a warning every pass) and the follower,
    # blocked writing to it, could never exit on Ctrl-C
    errors = tmp_path / "index.stderr"
    with errors.open("wb") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    with _cursor_reader(url) as cursor:
        try:

            def wait_for(block: int) -> None:
                deadline = time.monotonic() + 120
                while cursor() < block:
                    assert proc.poll() is None, errors.read_text(encoding="utf-8", errors="replace")
                    assert time.monotonic() < deadline, f"the follower did not reach block {block}"
                    time.sleep(0.05)

            wait_for(suite.chain.block_number())
            h = os.urandom(32)
            EvidenceClient(suite, dev_accounts()["creditor"]).anchor(h, DocumentKind.EVIDENCE)
            wait_for(suite.chain.block_number())
            assert event_json(indexed_events(suite, connect(url))) == event_json(audit.fetch_events(suite))
            assert any(e.args.get("contentHash") == h for e in indexed_events(suite, connect(url)))
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                status = Path(f"/proc/{proc.pid}/status").read_text()
                masks = [line for line in status.splitlines() if line.startswith(("State", "SigBlk", "SigIgn"))]
                py_spy = Path(sys.executable).with_name("py-spy")
                stack = subprocess.run([py_spy, "dump", "--pid", str(proc.pid)], capture_output=True, text=True,
                                       timeout=30).stdout if py_spy.exists() else ""  # fmt: skip
                proc.kill()
                raise AssertionError(
                    f"the follower did not stop on Ctrl-C: {masks}\n{errors.read_text()[-2000:]}\n{stack}"
                ) from None
    suite.reset_nonces()


def test_case_story_reads_through_indexes_only(demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb) -> None:
    """Every statement the case-story query runs is answered through an index (a primary key or a secondary
    index), never a scan of a table: SQLite's query plan, or PostgreSQL's with sequential scans priced out."""
    suite, _, _ = demo_chain
    engine = connect(new_db("plan"))
    Follower(suite, engine).run_pass()
    enforcement = next(int(e.args["caseId"]) for e in audit.fetch_events(suite) if e.name == "CaseOpened")
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        statements.append((statement, params))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert case_events(suite, engine, ("enforcement", enforcement))
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(statements) > 3
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        cur = raw.cursor()
        for statement, params in statements:
            if engine.dialect.name == "sqlite":
                cur.execute("EXPLAIN QUERY PLAN " + statement, params)
                plan = [str(r[-1]) for r in cur.fetchall()]
                scans = [p for p in plan if p.startswith("SCAN ") and " USING " not in p]
            else:
                cur.execute("SET enable_seqscan = off")
                cur.execute("EXPLAIN " + statement, params)
                plan = [str(r[0]) for r in cur.fetchall()]
                scans = [p for p in plan if "Seq Scan" in p]
            assert not scans, f"{statement}\n{plan}"


def test_every_entity_and_subject_is_found_through_the_index(
    demo_chain: tuple[Suite, LocalNode, Path], new_db: NewDb
) -> None:
    """Each entity's events (a case, an obligation, a listing entry, a document's anchors, a service…) from the
    index equal the auditor's from the full log; a subject's events by its commitment equal a filter of the log."""
    suite, _, _ = demo_chain
    engine = connect(new_db("keys"))
    Follower(suite, engine).run_pass()
    everything = audit.fetch_events(suite)
    by_key = audit.Index(suite, everything).by_key
    kinds = {k for k, _ in by_key}
    assert {"case", "obligation", "enforcement", "entry", "anchor"} <= kinds
    for (kind, value), wanted in by_key.items():
        assert event_json(events_of(suite, engine, kind, value)) == event_json(wanted), (kind, value)
    subjects = {bytes(e.args["subject"]) for e in everything if isinstance(e.args.get("subject"), bytes)}
    assert subjects
    for s in subjects:
        wanted = [e for e in everything if e.args.get("subject") == s]
        assert event_json(events_by(suite, engine, "subject_key", "0x" + s.hex())) == event_json(wanted)
    anchors = [v for k, v in by_key if k == "anchor"]
    for h in anchors:
        assert event_json(events_by(suite, engine, "document_hash", h)) == event_json(by_key[("anchor", h)])

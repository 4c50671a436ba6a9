"""The index's question tables against a real anvil with the demo's procedure: an enforcement case's money equals the
office's own books (`caseMoney`, `getCreditor`); the pending deadlines equal the schedule a real keeper builds from the
same chain; a rollback to any block leaves exactly the rows an index built up to that block has; and a contract the
hub registers later through governance is followed from that block on (and forgotten when a reorganisation removes
its registration)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from courtchain import audit
from courtchain.accounts import dev_accounts
from courtchain.chain import LocalNode
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.enforcement import EnforcementClient
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.index import (
    Follower,
    connect,
    dump_tables,
    enforcement_money,
    followed_contracts,
    indexed_events,
    pending_deadlines,
)
from courtchain.index.follower import rollback
from courtchain.keeper import Keeper
from courtchain.roles import SUITE_KEYS
from courtchain.suite import Suite
from courtchain.txn import Call
from courtchain.watchers import default_watchers
from tests.index.common import NewDb, event_json

Demo = tuple[Suite, LocalNode, Path]


class _Stop(Exception):
    pass


def _index_up_to(suite: Suite, url: str, last: int) -> dict[str, list[tuple[object, ...]]]:
    """A clean index of the chain's blocks up to `last` (pages of one block, stopped after `last`)."""
    engine = connect(url)

    def stop(end: int) -> None:
        if end >= last:
            raise _Stop

    with pytest.raises(_Stop):
        Follower(suite, engine, page_blocks=1, after_page=stop).run_pass()
    return dump_tables(engine)


def test_enforcement_money_equals_the_offices_books(demo_chain: Demo, new_db: NewDb) -> None:
    suite, _, _ = demo_chain
    engine = connect(new_db("money"))
    Follower(suite, engine).run_pass()
    office = EnforcementClient(suite)
    cases = sorted({int(e.args["caseId"]) for e in audit.fetch_events(suite) if e.name == "CaseOpened"})
    assert cases
    moved = 0
    for case in cases:
        mine = enforcement_money(engine, case)
        books = office.money(case)
        assert (mine["frozen"], mine["seized"], mine["distributed"], mine["withdrawn"]) == (
            books.frozen,
            books.seized,
            books.distributed,
            books.withdrawn,
        ), case
        creditors = office.creditors(case)
        assert list(mine["creditors"]) == [c.id for c in creditors]
        for c in creditors:
            row = mine["creditors"][c.id]
            assert (row["payee"], row["claim"], row["credited"], row["withdrawn"], row["owed"]) == (
                c.payee,
                c.claim,
                c.credited,
                c.withdrawn,
                c.owed,
            ), (case, c.id)
        moved += books.distributed + books.withdrawn
    assert moved > 0  # the demo distributes and creditors withdraw: not an all-zero comparison


def test_pending_deadlines_equal_a_keepers_schedule(demo_chain: Demo, new_db: NewDb, tmp_path: Path) -> None:
    suite, _, _ = demo_chain
    engine = connect(new_db("deadlines"))
    Follower(suite, engine).run_pass()
    keeper = Keeper(suite, dev_accounts()["keeper"], default_watchers(suite), state_dir=tmp_path)
    try:
        keeper.follow(Follower(suite, engine).cursor())
        live = {(d.watcher, d.item) for d in keeper._scheduled} - keeper.done
        dues = {}
        for d in keeper._scheduled:
            dues.setdefault((d.watcher, d.item), set()).add(d.due)
    finally:
        keeper.close()
    pending = pending_deadlines(engine, limit=10_000)
    assert pending, "the demo leaves deadlines pending (listings, services…)"
    assert {(p["watcher"], p["item"]) for p in pending} == live
    for p in pending:
        assert p["due"] in dues[(p["watcher"], p["item"])]
    assert [p["due"] for p in pending] == sorted(p["due"] for p in pending)
    soon = pending[len(pending) // 2]["due"] + 1
    assert pending_deadlines(engine, before=soon, limit=10_000) == [p for p in pending if p["due"] < soon]


def test_rollback_to_any_block_leaves_a_clean_index_of_it(demo_chain: Demo, new_db: NewDb) -> None:
    """`rollback` to a block (what a reorganisation does) leaves exactly the rows of an index built up to that block
    (events, keys, links, money, deadline changes, pending deadlines: recomputed for the items the removed blocks
    touched), and reading on gives a full clean index again."""
    suite, _, _ = demo_chain
    full = connect(new_db("full"))
    follower = Follower(suite, full, page_blocks=1)
    follower.run_pass()
    clean = dump_tables(full)
    with full.connect() as conn:
        blocks = sorted(
            int(b) for b in conn.execute(sa.select(sa.column("number")).select_from(sa.table("blocks"))).scalars()
        )
        changed = sorted(int(b) for b in conn.execute(sa.text("SELECT DISTINCT block FROM deadline_changes")).scalars())
        money = sorted(int(b) for b in conn.execute(sa.text("SELECT DISTINCT block FROM money")).scalars())
    assert changed and money
    # a block in the middle of the deadlines' history and one inside the enforcement case's money
    for ancestor in (changed[len(changed) // 2], money[len(money) // 2] - 1):
        up_to = _index_up_to(suite, new_db(f"up_to_{ancestor}"), ancestor)
        with full.begin() as conn:
            rollback(conn, ancestor, follower.deadlines.contract)
        assert dump_tables(full) == up_to, ancestor
        follower.run_pass()
        assert dump_tables(full) == clean
    assert blocks


def test_a_contract_registered_later_by_governance_is_followed(demo_chain: Demo, new_db: NewDb) -> None:
    """A second EvidenceRegistry, registered under the hub's key by a governance proposal: the index follows it from
    the block of `SuiteContractSet` on (its documents are found by hash), in the page that registers it too; a
    reorganisation that removes the registration removes the contract and its events from the index."""
    suite, _, _ = demo_chain
    chain = suite.chain
    accounts = dev_accounts()
    engine = connect(new_db("gov"))
    follower = Follower(suite, engine, page_blocks=5)
    follower.run_pass()
    before = dump_tables(engine)
    snap = chain.rpc("evm_snapshot")
    try:
        art = suite.artifacts["EvidenceRegistry"]
        data = str(
            chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
            .constructor(suite.address("CourtConsortium"))
            .data_in_transaction
        )
        receipt = suite.sender(accounts["court_governor"]).send(Call(to="", data=data, contract="EvidenceRegistry"))
        new = str(receipt["contractAddress"])
        doc = os.urandom(32)
        replaced = Suite(chain, suite.artifacts, {**suite.addresses, "EvidenceRegistry": new})
        hub = ConsortiumClient(suite, accounts["court_governor"])
        governors = [accounts["court_governor"], accounts["bank_governor"], accounts["credit_governor"]]
        hub.govern([hub.set_suite_contract(SUITE_KEYS["EvidenceRegistry"], new)], governors)
        registered_at = chain.block_number()
        EvidenceClient(replaced, accounts["creditor"]).anchor(doc, DocumentKind.EVIDENCE)
        one_pass = connect(new_db("gov_once"))
        Follower(suite, one_pass).run_pass()  # the registration and the new contract's events in one page
        follower.run_pass()
        for engine_ in (engine, one_pass):
            indexed = indexed_events(suite, engine_)
            anchored = [e for e in indexed if e.name == "Anchored" and e.args["contentHash"] == doc]
            assert [e.address.lower() for e in anchored] == [new.lower()]
            followed = {c["address"]: c for c in followed_contracts(engine_)}
            assert followed[new.lower()]["name"] == "EvidenceRegistry"
            assert followed[new.lower()]["from_block"] == registered_at
            wanted = audit.fetch_events(suite) + [
                e for e in replaced.logs(["EvidenceRegistry"], from_block=registered_at)
            ]
            wanted.sort(key=lambda e: (e.block, e.log_index))
            assert event_json(indexed) == event_json(wanted)
        for table in ("events", "event_keys", "links", "contracts", "money", "deadlines"):
            assert dump_tables(engine)[table] == dump_tables(one_pass)[table], table
    finally:
        assert chain.rpc("evm_revert", [snap])
        suite.reset_nonces()
    follower.run_pass()  # the chain is shorter again: rolled back to before the new contract
    after = dump_tables(engine)
    for table in ("index_cursor", "events", "contracts", "money", "deadlines"):
        assert after[table] == before[table], table
    assert new.lower() not in follower.followed


def test_an_index_made_before_the_question_tables_is_read_again(demo_chain: Demo, new_db: NewDb) -> None:
    """An index from before migration 0002 holds events but no contracts, money, deadline or topic rows: opened by a
    follower, it is read again from its start and ends with a clean index's rows."""
    suite, _, _ = demo_chain
    engine = connect(new_db("old"))
    Follower(suite, engine).run_pass()
    clean = dump_tables(engine)
    with engine.begin() as conn:  # what 0001 left: no rows in the tables 0002 added
        for table in ("contracts", "money", "deadline_changes", "deadlines", "event_topics"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    follower = Follower(suite, engine)
    assert follower.cursor() == -1
    follower.run_pass()
    assert dump_tables(engine) == clean

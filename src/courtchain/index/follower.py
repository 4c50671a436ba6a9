"""The follower: reads the suite's logs page by page, decodes every event generically from the contracts' ABIs, and
writes each page, with its blocks and the cursor, in one database transaction. A kill at any moment leaves the index
at the end of the last committed page; the next pass resumes from there and ends with the same rows a clean run has.

Before each page the cursor's block is compared with the chain's block at that height: when it differs (a
reorganisation replaced it), the stored blocks are walked back to the last one the chain still has (the common
ancestor), everything after it is deleted in one transaction, and the pages after it are read again."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from eth_utils import keccak, to_checksum_address
from sqlalchemy.engine import Connection, Engine

from .. import audit
from ..errors import ChainError, CourtchainError
from ..suite import Event, Suite
from . import schema
from .tables import HUB, Deadlines, money_row

PAGE_BLOCKS = 2_000
MAX_ID = 2**63 - 1  # ids above it stay in `args` only (BigInteger columns)
# entity kinds of audit.Index -> the events table's indexed column
_COLUMNS = {
    "case": "case_id",
    "enforcement": "enforcement_id",
    "obligation": "obligation_id",
    "anchor": "document_hash",
}


class IndexConflict(CourtchainError):
    """Another follower moved this index's cursor (two writers on one database): this one stops."""


class ReorgDuringPage(ChainError):
    """The chain changed while a page was read (its blocks' hashes differ): the page is read again."""


@dataclass
class Status:
    chain_id: int
    cursor_block: int
    chain_head: int
    lag_blocks: int
    events: int
    confirmations: int


@dataclass
class PassReport:
    from_block: int
    to_block: int
    pages: int = 0
    events: int = 0
    rolled_back: list[int] = field(default_factory=list)  # the common ancestors rolled back to
    seconds: float = 0.0


@dataclass(frozen=True)
class _Header:
    number: int
    hash: str
    parent_hash: str
    time: int


def _hex(v: Any) -> str:
    return v if isinstance(v, str) else "0x" + bytes(v).hex()


def _key_value(v: Any) -> str:
    return str(v)


def rows_of(
    keys: audit.Index, e: Event
) -> tuple[dict[str, Any], set[tuple[str, str, int, int]], set[tuple[str, str, str, str, int, int]]]:
    """An event's row in `events`, its rows in `event_keys` and in `links` (`keys`: an `audit.Index` of the suite)."""
    keys.links.clear()
    row: dict[str, Any] = {
        "block": e.block,
        "log_index": e.log_index,
        "tx_hash": e.tx_hash,
        "contract": e.contract,
        "address": e.address,
        "event": e.name,
        "args": audit.event_to_json(e)["args"],
        "case_id": None,
        "filing_id": None,
        "enforcement_id": None,
        "obligation_id": None,
        "document_hash": None,
        "subject_key": None,
    }
    key_rows: set[tuple[str, str, int, int]] = set()
    link_rows: set[tuple[str, str, str, str, int, int]] = set()
    for kind, value in keys.keys(e):
        key_rows.add((kind, _key_value(value), e.block, e.log_index))
        column = _COLUMNS.get(kind)
        if column is not None and row[column] is None:
            row[column] = value if column == "document_hash" or int(value) <= MAX_ID else None
    for a, others in keys.links.items():
        for b in others:
            link_rows.add((a[0], _key_value(a[1]), b[0], _key_value(b[1]), e.block, e.log_index))
    filing = e.args.get("filingId")
    if isinstance(filing, int) and filing <= MAX_ID:
        row["filing_id"] = filing
    subject = e.args.get("subject")
    if isinstance(subject, bytes) and len(subject) == 32:
        row["subject_key"] = "0x" + subject.hex()
    return row, key_rows, link_rows


def topic_rows_of(e: Event, topics: list[str]) -> list[dict[str, Any]]:
    """An event's rows in `event_topics`: its indexed arguments' topic words (`topics[1:]` of its log)."""
    return [
        {"contract": e.contract, "event": e.name, "position": i, "value": t, "block": e.block, "log_index": e.log_index}
        for i, t in enumerate(topics[1:])
    ]


class Follower:
    """Keeps the index in `engine` current with the suite's chain, `confirmations` blocks behind its head."""

    def __init__(
        self,
        suite: Suite,
        engine: Engine,
        *,
        confirmations: int = 0,
        page_blocks: int = PAGE_BLOCKS,
        start_block: int = 0,
        after_page: Callable[[int], None] | None = None,
    ) -> None:
        if confirmations < 0 or page_blocks < 1:
            raise ValueError("confirmations must be ≥ 0 and page_blocks ≥ 1")
        self.suite = suite
        self.chain = suite.chain
        self.engine = engine
        self.confirmations = confirmations
        self.page_blocks = page_blocks
        self.start_block = start_block
        self.after_page = after_page
        self.deadlines = Deadlines(suite)
        # the hub's keys -> the contract name they register (SuiteKeys: keccak256 of the name)
        self._keys = {bytes(keccak(text=n)): n for n in suite.artifacts}
        self.followed: dict[str, tuple[str, int]] = {}  # address (lower case) -> (contract name, first block)
        self._init_cursor()
        self._load_contracts()

    # -- the cursor ------------------------------------------------------------------------------------------------

    def _init_cursor(self) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(schema.cursor).where(schema.cursor.c.id == 1)).first()
            if row is None:
                conn.execute(
                    sa.insert(schema.cursor).values(
                        id=1, chain_id=self.chain.chain_id, start_block=self.start_block, block=self.start_block - 1
                    )
                )
            elif int(row.chain_id) != self.chain.chain_id:
                raise ChainError(
                    f"the index holds chain {row.chain_id}'s events, the node is on chain {self.chain.chain_id}: "
                    "give another --db"
                )
            else:
                self.start_block = int(row.start_block)
            known = {str(a).lower() for a in conn.execute(sa.select(schema.contracts.c.address)).scalars()}
            at = self.cursor(conn)
            if not known and at >= self.start_block:
                # an index made before migration 0002 (no contracts, money, deadline or topic rows for what it
                # holds): read again from its start, so that every table holds every indexed block
                rollback(conn, self.start_block - 1, self.deadlines.contract)
                at = self.start_block - 1
            fresh = [
                # the deployment record's contracts from the index's start; one added to the record after the index
                # started is followed from the next block on (its earlier blocks are not read again)
                {"address": a.lower(), "name": n, "from_block": self.start_block if at < self.start_block else at + 1}
                for n, a in self.suite.addresses.items()
                if a.lower() not in known
            ]
            if fresh:
                conn.execute(sa.insert(schema.contracts), [{**r, "block": None, "log_index": None} for r in fresh])

    def _load_contracts(self) -> None:
        """The addresses the index follows: the deployment record's and those the hub registered (as indexed)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.contracts.c.address, schema.contracts.c.name, schema.contracts.c.from_block)
            )
            self.followed = {str(a).lower(): (str(n), int(b)) for a, n, b in rows}
        for address, (name, _) in self.followed.items():
            if name in self.suite.artifacts:
                self.suite.decode_as(address, name)

    def cursor(self, conn: Connection | None = None) -> int:
        if conn is None:
            with self.engine.connect() as c:
                return self.cursor(c)
        return int(conn.execute(sa.select(schema.cursor.c.block).where(schema.cursor.c.id == 1)).scalar_one())

    def status(self) -> Status:
        head = self.chain.block_number()
        with self.engine.connect() as conn:
            at = self.cursor(conn)
            n = int(conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar_one())
        return Status(self.chain.chain_id, at, head, max(head - at, 0), n, self.confirmations)

    # -- the chain -------------------------------------------------------------------------------------------------

    def _headers(self, numbers: list[int], *, missing_ok: bool = False) -> dict[int, _Header]:
        """The chain's headers of these blocks; a block the chain does not have (any more) raises ReorgDuringPage,
        or is left out with `missing_ok`."""
        out: dict[int, _Header] = {}
        for i in range(0, len(numbers), 100):
            part = numbers[i : i + 100]
            answers = self.chain.rpc_batch([("eth_getBlockByNumber", [hex(n), False]) for n in part])
            for n, a in zip(part, answers, strict=True):
                b = a.get("result")
                if not b:
                    if missing_ok:
                        continue
                    raise ReorgDuringPage(f"block {n} is not on the chain (any more)")
                out[n] = _Header(n, str(b["hash"]), str(b["parentHash"]), int(b["timestamp"], 16))
        return out

    # -- reorganisations -------------------------------------------------------------------------------------------

    def _check_reorg(self) -> int | None:
        """If the cursor's block is no longer the chain's, roll back to the common ancestor; returns it (or None)."""
        with self.engine.connect() as conn:
            at = self.cursor(conn)
            stored = conn.execute(sa.select(schema.blocks.c.hash).where(schema.blocks.c.number == at)).scalar()
        if stored is None:
            return None
        now = self._headers([at], missing_ok=True).get(at)
        if now is not None and now.hash == stored:
            return None
        ancestor = self.start_block - 1
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.blocks.c.number, schema.blocks.c.hash)
                .where(schema.blocks.c.number <= at)
                .order_by(schema.blocks.c.number.desc())
            )
            batch: list[tuple[int, str]] = []
            for number, h in rows:
                batch.append((int(number), str(h)))
                if len(batch) == 50:
                    found = self._first_kept(batch)
                    if found is not None:
                        ancestor = found
                        break
                    batch = []
            else:
                found = self._first_kept(batch)
                if found is not None:
                    ancestor = found
        with self.engine.begin() as conn:
            rollback(conn, ancestor, self.deadlines.contract)
        self._load_contracts()
        return ancestor

    def _first_kept(self, stored: list[tuple[int, str]]) -> int | None:
        if not stored:
            return None
        chain = self._headers([n for n, _ in stored], missing_ok=True)
        return next((n for n, h in stored if n in chain and chain[n].hash == h), None)

    # -- passes ----------------------------------------------------------------------------------------------------

    def run_pass(self) -> PassReport:
        """Index every page up to the head minus the confirmations; a reorganisation found on the way is rolled
        back first."""
        t0 = time.monotonic()
        safe = self.chain.block_number() - self.confirmations
        report = PassReport(self.cursor() + 1, safe)
        while True:
            ancestor = self._check_reorg()
            if ancestor is not None:
                report.rolled_back.append(ancestor)
            start = self.cursor() + 1
            if start > safe:
                break
            end = min(start + self.page_blocks - 1, safe)
            try:
                report.events += self._page(start, end)
            except ReorgDuringPage:
                # the next round finds the reorganisation (or reads the page again), up to a head that may have
                # moved back meanwhile
                safe = min(safe, self.chain.block_number() - self.confirmations)
                continue
            report.pages += 1
            if self.after_page is not None:
                self.after_page(end)
        report.seconds = time.monotonic() - t0
        return report

    def _logs(self, addresses: list[str], start: int, end: int, followed: dict[str, tuple[str, int]]) -> list[Any]:
        params = {"address": [to_checksum_address(a) for a in addresses], "fromBlock": hex(start), "toBlock": hex(end)}
        out = []
        for log in self.chain.w3.eth.get_logs(cast(Any, params)):
            if log.get("removed"):
                raise ReorgDuringPage("a removed log in the page")
            if int(log["blockNumber"]) >= followed[str(log["address"]).lower()][1]:
                out.append(log)
        return out

    def _page(self, start: int, end: int) -> int:
        before = self._headers([end])[end]
        followed = dict(self.followed)
        raw = self._logs(list(followed), start, end, followed)
        decoded: list[tuple[Event, str]] = []
        registered: list[dict[str, Any]] = []
        topics: dict[tuple[int, int], list[str]] = {}
        while raw:
            for log in raw:
                ev = self.suite.decode_log(log)
                if ev is not None:
                    decoded.append((ev, _hex(log["blockHash"])))
                    topics[(ev.block, ev.log_index)] = [_hex(t) for t in log["topics"]]
            # contracts the hub registered in this page: followed from the registering block on, in this page too
            new: dict[str, int] = {}
            for ev, _ in decoded:
                if ev.contract != HUB or ev.name != "SuiteContractSet":
                    continue
                address, name = str(ev.args["current"]).lower(), self._keys.get(bytes(ev.args["key"]))
                if name is None or address in followed or int(address, 16) == 0:
                    continue
                followed[address] = (name, ev.block)
                self.suite.decode_as(address, name)
                new[address] = ev.block
                registered.append(
                    {
                        "address": address,
                        "name": name,
                        "from_block": ev.block,
                        "block": ev.block,
                        "log_index": ev.log_index,
                    }
                )
            raw = self._logs(list(new), min(new.values()), end, followed) if new else []
        decoded.sort(key=lambda d: (d[0].block, d[0].log_index))
        numbers = sorted({e.block for e, _ in decoded} | {end})
        headers = self._headers(numbers)
        if headers[end].hash != before.hash or any(headers[e.block].hash != h for e, h in decoded):
            raise ReorgDuringPage(f"blocks {start}..{end} changed while they were read")
        keys = audit.Index(self.suite, [])
        event_rows: list[dict[str, Any]] = []
        key_rows: set[tuple[str, str, int, int]] = set()
        link_rows: set[tuple[str, str, str, str, int, int]] = set()
        for e, _ in decoded:
            row, k, lk = rows_of(keys, e)
            event_rows.append(row)
            key_rows |= k
            link_rows |= lk
        events = [e for e, _ in decoded]
        topic_rows = [r for e in events for r in topic_rows_of(e, topics[(e.block, e.log_index)])]
        money_rows = [r for r in (money_row(e) for e in events) if r is not None]
        changes = self.deadlines.changes(events)
        block_rows = [
            {"number": h.number, "hash": h.hash, "parent_hash": h.parent_hash, "time": h.time} for h in headers.values()
        ]
        with self.engine.begin() as conn:
            if self.cursor(conn) != start - 1:
                raise IndexConflict("another follower is writing this index (the cursor moved under this one)")
            conn.execute(sa.insert(schema.blocks), block_rows)
            if event_rows:
                conn.execute(sa.insert(schema.events), event_rows)
            if key_rows:
                kc = ("kind", "value", "block", "log_index")
                conn.execute(sa.insert(schema.event_keys), [dict(zip(kc, r, strict=True)) for r in sorted(key_rows)])
            if link_rows:
                lc = ("kind", "value", "other_kind", "other_value", "block", "log_index")
                conn.execute(sa.insert(schema.links), [dict(zip(lc, r, strict=True)) for r in sorted(link_rows)])
            if topic_rows:
                conn.execute(sa.insert(schema.event_topics), topic_rows)
            if registered:
                conn.execute(sa.insert(schema.contracts), registered)
            if money_rows:
                conn.execute(sa.insert(schema.money), money_rows)
            if changes:
                conn.execute(sa.insert(schema.deadline_changes), changes)
                apply_deadlines(conn, changes, self.deadlines.contract)
            conn.execute(sa.update(schema.cursor).where(schema.cursor.c.id == 1).values(block=end))
        if registered:
            self.followed = followed
        return len(event_rows)

    def follow(
        self,
        interval: float = 1.0,
        on_pass: Callable[[PassReport], None] | None = None,
        on_error: Callable[[ChainError], None] | None = None,
    ) -> None:
        """Pass after pass, forever (until interrupted). A node that fails or is unreachable is tried again at the
        next pass (`on_error` is told); what is committed stays committed."""
        while True:
            try:
                report = self.run_pass()
            except ChainError as exc:
                if on_error is not None:
                    on_error(exc)
            else:
                if on_pass is not None:
                    on_pass(report)
            time.sleep(interval)


def apply_deadlines(conn: Connection, changes: list[dict[str, Any]], contract_of: dict[str, str]) -> None:
    """Bring the pending deadlines up to date with these changes (in chain order; the last change of an item wins)."""
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for c in changes:
        last[(c["watcher"], c["item"])] = c
    t = schema.deadlines
    conn.execute(
        sa.delete(t).where(t.c.watcher == sa.bindparam("w"), t.c.item == sa.bindparam("i")),
        [{"w": w, "i": i} for w, i in last],
    )
    pending = [
        {**{k: c[k] for k in ("watcher", "item", "due", "block", "log_index")}, "contract": contract_of[c["watcher"]]}
        for c in last.values()
        if c["due"] is not None
    ]
    if pending:
        conn.execute(sa.insert(t), pending)


def rollback(conn: Connection, ancestor: int, contract_of: dict[str, str]) -> None:
    """Delete everything after block `ancestor` (in the caller's transaction): the rows of later blocks, the contracts
    registered after it, and the pending deadlines as they stood at its end."""
    c = schema.deadline_changes
    touched = conn.execute(sa.select(c.c.watcher, c.c.item).where(c.c.block > ancestor).distinct()).all()
    for t in schema.BLOCK_TABLES:
        conn.execute(sa.delete(t).where(t.c.block > ancestor))
    conn.execute(sa.delete(schema.contracts).where(schema.contracts.c.block > ancestor))
    conn.execute(sa.delete(schema.blocks).where(schema.blocks.c.number > ancestor))
    conn.execute(sa.update(schema.cursor).where(schema.cursor.c.id == 1).values(block=ancestor))
    before: list[dict[str, Any]] = []
    for watcher, item in touched:
        row = conn.execute(
            sa.select(c)
            .where(c.c.watcher == watcher, c.c.item == item)
            .order_by(c.c.block.desc(), c.c.log_index.desc())
            .limit(1)
        ).first()
        if row is None:
            before.append({"watcher": watcher, "item": item, "due": None, "block": 0, "log_index": 0})
        else:
            before.append(dict(row._mapping))
    if before:
        apply_deadlines(conn, before, contract_of)

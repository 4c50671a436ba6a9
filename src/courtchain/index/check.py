"""Checking the index itself against the chain (`courtchain audit check --index URL`): a tampered row or a stale index
is found and named.

- freshness: the index's cursor against the chain's head (more than `max_lag` blocks behind: `index-stale`);
- block hashes: every stored block's hash against the chain's block at that height (`index-block`);
- row counts: per followed contract and block range, the events in the index against the logs `eth_getLogs` returns
  for that contract and range (`index-count`); events of an address the index does not follow (`index-address`);
- sampled events (`samples` at random, or every event with 0): the stored row compared field by field with the
  chain's log decoded afresh, and the rows derived from it (event keys, links, money, deadline changes) with those
  the follower would write (`index-event`).

Each finding is an `audit.Finding`, so the index's findings read like the chain of record's."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, cast

import sqlalchemy as sa
from eth_utils import to_checksum_address
from sqlalchemy.engine import Connection, Engine

from .. import audit
from ..audit import CheckReport, Finding
from ..suite import Event, Suite
from . import schema
from .follower import rows_of, topic_rows_of
from .tables import Deadlines, money_row

RANGE_BLOCKS = 50_000  # blocks per eth_getLogs request (and per counted range)
MAX_LISTED = 20  # findings of one check listed one by one; the rest are counted in one finding


def _canonical(v: Any) -> Any:
    return json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v


def _headers(suite: Suite, numbers: list[int]) -> dict[int, str | None]:
    out: dict[int, str | None] = {}
    for i in range(0, len(numbers), 100):
        part = numbers[i : i + 100]
        answers = suite.chain.rpc_batch([("eth_getBlockByNumber", [hex(n), False]) for n in part])
        for n, a in zip(part, answers, strict=True):
            b = a.get("result")
            out[n] = str(b["hash"]) if b else None
    return out


class _Findings:
    def __init__(self, report: CheckReport) -> None:
        self.report = report
        self.per_check: Counter[str] = Counter()

    def add(self, check: str, subject: str, message: str, block: int | None = None) -> None:
        self.per_check[check] += 1
        if self.per_check[check] <= MAX_LISTED:
            self.report.findings.append(Finding(check, subject, message, block))

    def close(self) -> None:
        for check, n in self.per_check.items():
            if n > MAX_LISTED:
                self.report.findings.append(Finding(check, "index", f"{n - MAX_LISTED} more findings of this check"))


def check_index(
    suite: Suite, engine: Engine, *, samples: int = 100, max_lag: int = 12, range_blocks: int = RANGE_BLOCKS
) -> CheckReport:
    """The index at `engine` checked against `suite`'s chain (see the module's text). `samples` 0 checks every
    event field by field."""
    report = CheckReport()
    found = _Findings(report)
    chain = suite.chain
    with engine.connect() as conn:
        cur = conn.execute(sa.select(schema.cursor).where(schema.cursor.c.id == 1)).first()
        if cur is None:
            found.add("index-stale", "index", "the database holds no index (run `courtchain index` first)")
            found.close()
            return report
        if int(cur.chain_id) != chain.chain_id:
            found.add("index-chain", "index", f"the index holds chain {cur.chain_id}'s events, not {chain.chain_id}'s")
            found.close()
            return report
        start, at = int(cur.start_block), int(cur.block)
        head = chain.block_number()
        if head - at > max_lag:
            found.add(
                "index-stale",
                "index",
                f"the index is at block {at}, {head - at} blocks behind the chain's head {head} (more than {max_lag})",
                at,
            )
        stored = {int(n): str(h) for n, h in conn.execute(sa.select(schema.blocks.c.number, schema.blocks.c.hash))}
        chain_hashes = _headers(suite, sorted(stored))
        for n in sorted(stored):
            if chain_hashes[n] != stored[n]:
                now = chain_hashes[n] or "no block"
                found.add("index-block", f"block {n}", f"the index has hash {stored[n]}, the chain {now}", n)
        followed = {
            str(a).lower(): (str(name), int(b))
            for a, name, b in conn.execute(
                sa.select(schema.contracts.c.address, schema.contracts.c.name, schema.contracts.c.from_block)
            )
        }
        for address, name in followed.items():
            if name[0] in suite.artifacts:
                suite.decode_as(address, name[0])
        n_events = int(conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar_one())
        e = schema.events
        if samples == 0:
            wanted = {(int(b), int(i)) for b, i in conn.execute(sa.select(e.c.block, e.c.log_index))}
        else:
            q = sa.select(e.c.block, e.c.log_index).order_by(sa.func.random()).limit(samples)
            wanted = {(int(b), int(i)) for b, i in conn.execute(q)}
        wanted_blocks = {b for b, _ in wanted}
        chain_blocks: dict[int, list[Event]] = {}  # every event of the blocks holding a sampled one
        chain_topics: dict[tuple[int, int], list[str]] = {}
        ranges = 0
        for lo in range(start, at + 1, range_blocks):
            hi = min(lo + range_blocks - 1, at)
            ranges += 1
            on_chain: Counter[str] = Counter()
            params = {"address": [to_checksum_address(a) for a in followed], "fromBlock": hex(lo), "toBlock": hex(hi)}
            for log in chain.w3.eth.get_logs(cast(Any, params)):
                address = str(log["address"]).lower()
                if int(log["blockNumber"]) < followed[address][1]:
                    continue
                ev = suite.decode_log(log)
                if ev is None:
                    continue
                on_chain[address] += 1
                if ev.block in wanted_blocks:
                    chain_blocks.setdefault(ev.block, []).append(ev)
                    chain_topics[(ev.block, ev.log_index)] = ["0x" + bytes(t).hex() for t in log["topics"]]
            in_index: Counter[str] = Counter(
                {
                    str(a).lower(): int(n)
                    for a, n in conn.execute(
                        sa.select(e.c.address, sa.func.count()).where(e.c.block.between(lo, hi)).group_by(e.c.address)
                    )
                }
            )
            for address in sorted(set(on_chain) | set(in_index)):
                if address not in followed:
                    found.add(
                        "index-address",
                        f"blocks {lo}..{hi}",
                        f"{in_index[address]} events of {address}, an address the index does not follow",
                    )
                elif on_chain[address] != in_index[address]:
                    found.add(
                        "index-count",
                        f"{followed[address][0]} {address} blocks {lo}..{hi}",
                        f"{in_index[address]} events in the index, {on_chain[address]} on the chain",
                        lo,
                    )
        deadlines = Deadlines(suite)
        by_block: dict[int, list[int]] = {}
        for b, i in wanted:
            by_block.setdefault(b, []).append(i)
        for b, indexes in sorted(by_block.items()):
            # the follower derives an event's keys with the block's earlier events in view: so does the check
            keys = audit.Index(suite, [])
            derived = {}
            for ev in sorted(chain_blocks.get(b, []), key=lambda x: x.log_index):
                derived[ev.log_index] = (ev, *rows_of(keys, ev))
            for i in sorted(indexes):
                _compare(conn, deadlines, (b, i), derived.get(i), chain_topics.get((b, i), []), found)
    found.close()
    report.events = n_events
    report.counts = {"blocks": len(stored), "events": n_events, "ranges": ranges, "sampled events": len(wanted)}
    return report


def _stored(conn: Connection, table: sa.Table, block: int, log_index: int) -> list[tuple[Any, ...]]:
    rows = conn.execute(sa.select(table).where(table.c.block == block, table.c.log_index == log_index))
    return sorted(tuple(_canonical(v) for v in r) for r in rows)


def _derived(table: sa.Table, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(tuple(_canonical(r[c.name]) for c in table.columns) for r in rows)


Derived = tuple[Event, dict[str, Any], set[tuple[str, str, int, int]], set[tuple[str, str, str, str, int, int]]]


def _compare(
    conn: Connection,
    deadlines: Deadlines,
    position: tuple[int, int],
    got: Derived | None,
    topics: list[str],
    found: _Findings,
) -> None:
    block, log_index = position
    subject = f"event {block}:{log_index}"
    e = schema.events
    row = conn.execute(sa.select(e).where(e.c.block == block, e.c.log_index == log_index)).first()
    if row is None:
        return
    if got is None:
        found.add(
            "index-event", subject, f"the index has {row.contract}.{row.event} here, the chain no such log", block
        )
        return
    ev, want, keys, links = got
    have = dict(row._mapping)
    for column in e.columns:
        a, b = _canonical(have[column.name]), _canonical(want[column.name])
        if a != b:
            found.add("index-event", subject, f"{column.name}: the index has {a}, the chain's log gives {b}", block)
    kc, lc = (
        ("kind", "value", "block", "log_index"),
        ("kind", "value", "other_kind", "other_value", "block", "log_index"),
    )
    money = money_row(ev)
    derived = {
        schema.event_keys: [dict(zip(kc, k, strict=True)) for k in keys],
        schema.links: [dict(zip(lc, k, strict=True)) for k in links],
        schema.money: [money] if money is not None else [],
        schema.deadline_changes: deadlines.changes([ev]),
        schema.event_topics: topic_rows_of(ev, topics),
    }
    for table, rows in derived.items():
        if _stored(conn, table, block, log_index) != _derived(table, rows):
            found.add("index-event", subject, f"its rows in {table.name} differ from those its log gives", block)

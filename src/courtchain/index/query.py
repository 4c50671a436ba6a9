"""Reading the index: a case's story (every event of a case and the records linked to it, across contracts) through
index lookups only, the indexed events as `suite.Event`s, and the tables' whole contents (for comparisons)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .. import audit
from ..suite import Event, Suite
from . import schema

Key = tuple[str, str]
# Records that come with their case (audit.timeline adds orders and objections the same way).
_COMPANIONS = ("order", "objection")


def _event(suite: Suite, row: Any) -> Event:
    return audit.event_from_json(
        suite,
        {
            "contract": row.contract,
            "address": row.address,
            "event": row.event,
            "args": row.args,
            "block": row.block,
            "tx": row.tx_hash,
            "logIndex": row.log_index,
        },
    )


def indexed_events(suite: Suite, engine: Engine) -> list[Event]:
    """Every indexed event, in chain order, decoded back to what `Suite.decode_log` gives."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(schema.events).order_by(schema.events.c.block, schema.events.c.log_index))
        return [_event(suite, r) for r in rows]


def _by_kind(keys: Iterable[Key]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in keys:
        out.setdefault(k, []).append(v)
    return out


def _linked(conn: Connection, keys: set[Key]) -> set[Key]:
    found: set[Key] = set()
    for kind, values in _by_kind(keys).items():
        t = schema.links
        q = sa.select(t.c.other_kind, t.c.other_value).where(t.c.kind == kind, t.c.value.in_(values)).distinct()
        found |= {(str(a), str(b)) for a, b in conn.execute(q)}
    return found


def _events_of(conn: Connection, keys: set[Key]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for kind, values in _by_kind(keys).items():
        t = schema.event_keys
        q = sa.select(t.c.block, t.c.log_index).where(t.c.kind == kind, t.c.value.in_(values))
        found |= {(int(b), int(i)) for b, i in conn.execute(q)}
    return found


def _keys_of(conn: Connection, positions: set[tuple[int, int]], kinds: Iterable[str]) -> set[Key]:
    if not positions:
        return set()
    t = schema.event_keys
    blocks = sorted({b for b, _ in positions})
    q = sa.select(t.c.kind, t.c.value, t.c.block, t.c.log_index).where(t.c.block.in_(blocks), t.c.kind.in_(list(kinds)))
    return {(str(k), str(v)) for k, v, b, i in conn.execute(q) if (int(b), int(i)) in positions}


def case_events(suite: Suite, engine: Engine, ref: tuple[str, int]) -> list[Event]:
    """Every event of `ref`'s family (the records linked to it, transitively, and their orders and objections), in
    chain order: a superset of what `audit.timeline` shows for `ref`, found through the links and event-keys
    indexes (no scan of the events table). `audit.timeline(suite, ref, case_events(...))` gives the case's story."""
    with engine.connect() as conn:
        family: set[Key] = {(ref[0], str(ref[1]))}
        frontier = set(family)
        while frontier:
            frontier = _linked(conn, frontier) - family
            family |= frontier
        positions = _events_of(conn, family)
        companions = _keys_of(conn, positions, _COMPANIONS) - family
        positions |= _events_of(conn, companions)
        if not positions:
            return []
        e = schema.events
        q = sa.select(e).where(e.c.block.in_(sorted({b for b, _ in positions}))).order_by(e.c.block, e.c.log_index)
        # the blocks' events through the primary key, those of the case kept (a block's events are few)
        return [_event(suite, r) for r in conn.execute(q) if (int(r.block), int(r.log_index)) in positions]


def block_times(engine: Engine, numbers: Iterable[int]) -> dict[int, int]:
    wanted = sorted(set(numbers))
    with engine.connect() as conn:
        q = sa.select(schema.blocks.c.number, schema.blocks.c.time).where(schema.blocks.c.number.in_(wanted))
        return {int(n): int(t) for n, t in conn.execute(q)}


def dump_tables(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted by primary key (JSON arguments as canonical text): equal dumps, equal indexes."""
    import json

    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for t in schema.TABLES:
            rows = conn.execute(sa.select(t).order_by(*t.primary_key.columns))
            out[t.name] = [
                tuple(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v for v in r) for r in rows
            ]
    return out


def events_of(suite: Suite, engine: Engine, kind: str, value: int | str) -> list[Event]:
    """Every event keyed to one entity (`("case", 5)`, `("anchor", "0x…")`…), in chain order, by index lookups."""
    with engine.connect() as conn:
        k, e = schema.event_keys, schema.events
        q = (
            sa.select(e)
            .join(k, sa.and_(k.c.block == e.c.block, k.c.log_index == e.c.log_index))
            .where(k.c.kind == kind, k.c.value == str(value))
            .order_by(e.c.block, e.c.log_index)
        )
        return [_event(suite, r) for r in conn.execute(q)]


def freshness(engine: Engine, chain_id: int, head: int) -> dict[str, int]:
    """Where the index stands against the chain: its cursor block, the chain's head and the lag between them.
    Raises InputError for a database that holds no index, or another chain's."""
    from ..errors import InputError

    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(schema.cursor).where(schema.cursor.c.id == 1)).first()
    except sa.exc.DBAPIError as exc:
        raise InputError(f"cannot read the index at {engine.url!r}: {exc.orig}") from None
    if row is None:
        raise InputError(f"no index in {engine.url!r}: run `courtchain index --db …` first")
    if int(row.chain_id) != chain_id:
        raise InputError(f"the index holds chain {row.chain_id}'s events, the node is on chain {chain_id}")
    return {"cursor_block": int(row.block), "chain_head": head, "lag_blocks": max(head - int(row.block), 0)}


INDEXED_COLUMNS = ("case_id", "filing_id", "enforcement_id", "obligation_id", "document_hash", "subject_key")


def events_by(suite: Suite, engine: Engine, column: str, value: int | str) -> list[Event]:
    """Every event whose indexed `column` (one of INDEXED_COLUMNS: e.g. a subject's listings by its commitment,
    `subject_key`, or a document's anchors, `document_hash`) equals `value`, in chain order."""
    if column not in INDEXED_COLUMNS:
        raise ValueError(f"not an indexed column: {column}")
    e = schema.events
    with engine.connect() as conn:
        q = sa.select(e).where(e.c[column] == value).order_by(e.c.block, e.c.log_index)
        return [_event(suite, r) for r in conn.execute(q)]


def enforcement_money(engine: Engine, case_id: int) -> dict[str, Any]:
    """An enforcement case's money from the index (exact base units): the totals the office's `caseMoney` view
    keeps (frozen now, seized = deducted + deposited, distributed, withdrawn) and, per creditor, the admitted claim,
    what was credited to it in distributions and what it withdrew; `movements` lists every row in chain order."""
    m = schema.money
    with engine.connect() as conn:
        rows = conn.execute(sa.select(m).where(m.c.enforcement_id == case_id).order_by(m.c.block, m.c.log_index)).all()
    sums = dict.fromkeys(("admitted", "frozen", "deducted", "released", "deposited", "distributed", "withdrawn"), 0)
    creditors: dict[int, dict[str, Any]] = {}
    for r in rows:
        amount = int(r.amount)
        sums[str(r.kind)] += amount
        if r.creditor_id is not None:
            c = creditors.setdefault(
                int(r.creditor_id), {"payee": r.account, "claim": 0, "credited": 0, "withdrawn": 0}
            )
            field = {"admitted": "claim", "distributed": "credited", "withdrawn": "withdrawn"}[str(r.kind)]
            c[field] += amount
    return {
        "enforcement_id": case_id,
        "frozen": sums["frozen"] - sums["released"] - sums["deducted"],
        "seized": sums["deducted"] + sums["deposited"],
        "deposited": sums["deposited"],
        "distributed": sums["distributed"],
        "withdrawn": sums["withdrawn"],
        "creditors": {k: {**v, "owed": v["credited"] - v["withdrawn"]} for k, v in sorted(creditors.items())},
        "movements": [
            {
                "block": int(r.block),
                "log_index": int(r.log_index),
                "kind": str(r.kind),
                "creditor_id": None if r.creditor_id is None else int(r.creditor_id),
                "account": r.account,
                "amount": int(r.amount),
            }
            for r in rows
        ],
    }


def pending_deadlines(
    engine: Engine, *, before: int | None = None, watcher: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The deadlines the keeper follows that are still pending as the events left them, soonest first (due 0: at
    once, the keeper's next look reads the chain's views for the exact time); `before` a time, `watcher` a name."""
    d = schema.deadlines
    q = sa.select(d)
    if before is not None:
        q = q.where(d.c.due < before)
    if watcher is not None:
        q = q.where(d.c.watcher == watcher)
    q = q.order_by(d.c.due, d.c.watcher, d.c.item).limit(limit)
    with engine.connect() as conn:
        return [
            {
                "watcher": str(r.watcher),
                "item": int(r.item),
                "contract": str(r.contract),
                "due": int(r.due),
                "block": int(r.block),
                "log_index": int(r.log_index),
            }
            for r in conn.execute(q)
        ]


def followed_contracts(engine: Engine) -> list[dict[str, Any]]:
    """The addresses the index follows: the deployment record's and those the hub registered later."""
    c = schema.contracts
    with engine.connect() as conn:
        return [
            {"address": str(r.address), "name": str(r.name), "from_block": int(r.from_block), "registered_in": r.block}
            for r in conn.execute(sa.select(c).order_by(c.c.from_block, c.c.name, c.c.address))
        ]

"""The portal reading from the event index (`courtchain portal --index URL`): the case timeline and a document's
services from the index instead of the chain's logs (member names, a document's anchor status and a service's status
are still read from the chain's views, one call each), every answer saying how far behind the chain's head the index
is, and a read-only, paginated JSON API of the index itself:

- `GET /api/index/status`: the index's cursor, the chain's head, the lag, the number of events;
- `GET /api/cases/{caseId}/events?page=&per_page=`: a case's whole story across contracts (the records linked to it);
- `GET /api/documents/{contentHash}`: every event of a document (anchors, revocations, services);
- `GET /api/subjects/{commitment}/listings`: every event that names a subject's commitment (credit listings…);
- `GET /api/enforcement/{caseId}/money`: an enforcement case's money (seized, distributed, withdrawn per creditor);
- `GET /api/deadlines?before=&page=&per_page=`: the deadlines the keeper follows that are pending.

Everything is read through the index's own indexes (no scan of a table grows with the chain), see
docs/event-index.md."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, jsonify, request
from sqlalchemy.engine import Engine

from .. import audit
from ..index import connect, enforcement_money, freshness, pending_deadlines, schema
from ..index.query import case_events
from ..suite import Event, Suite
from .i18n import DEFAULT_LANG, T
from .records import DocumentRecords, PortalError, case_reference, parse_hash
from .timeline import Story, TimelineContext, TimelineEntry, TimelineSource, _topic, case_story

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50


def _event_json(e: Event) -> dict[str, Any]:
    j = audit.event_to_json(e)
    return {
        "block": j["block"],
        "logIndex": j["logIndex"],
        "txHash": j["tx"],
        "contract": j["contract"],
        "address": j["address"],
        "event": j["event"],
        "args": j["args"],
    }


def _word(x: Any) -> Any:
    """A value as the 32-byte topic word a log filter compares (addresses and hex strings too)."""
    if isinstance(x, str) and x.startswith("0x"):
        return _topic(bytes.fromhex(x[2:]))
    return _topic(x)


class IndexTimelineContext(TimelineContext):
    """A TimelineContext whose events come from the index. A question filtered on indexed arguments is answered
    through the index's topic words (`event_topics`), exactly as the node's log filter answers it; the timeline asks
    only about one case, so an unfiltered question is narrowed to the events of the case and of the records linked to
    it (the `links` table)."""

    def __init__(self, suite: Suite, engine: Engine, case_id: int) -> None:
        super().__init__(suite)
        self.engine = engine
        self.case_id = case_id
        self._times: dict[int, int] = {}
        self._indexed: dict[tuple[str, str], list[str]] = {}
        self._family_keys: set[tuple[str, str]] | None = None

    def _family(self) -> set[tuple[str, str]]:
        """The case's records, linked transitively (a judgment ruling joins the case to the agreement it confirmed)."""
        if self._family_keys is None:
            from ..index.query import _linked

            family = {("case", str(self.case_id))}
            frontier = set(family)
            with self.engine.connect() as conn:
                while frontier:
                    frontier = _linked(conn, frontier) - family
                    family |= frontier
            self._family_keys = family
        return self._family_keys

    def block_time(self, block: int) -> int:
        if block not in self._times:
            with self.engine.connect() as conn:
                t = conn.execute(sa.select(schema.blocks.c.time).where(schema.blocks.c.number == block)).scalar()
            self._times[block] = int(t) if t is not None else int(self.suite.chain.timestamp(block))
        return self._times[block]

    def _indexed_names(self, contract: str, event: str) -> list[str]:
        if (contract, event) not in self._indexed:
            abi = next(
                x for x in self.suite.artifacts[contract].abi if x.get("type") == "event" and x.get("name") == event
            )
            self._indexed[(contract, event)] = [str(i["name"]) for i in abi["inputs"] if i.get("indexed")]
        return self._indexed[(contract, event)]

    def events(self, contract: str, event: str, *indexed: Any) -> list[Event]:
        names = self._indexed_names(contract, event)
        filters = [(i, names[i], f) for i, f in enumerate(indexed) if f is not None]
        if any(isinstance(f, list) and not f for _, _, f in filters):
            return []
        e = schema.events
        if filters:  # through the topics' primary key, as the node's log filter
            position, _, first = filters[0]
            words = sorted({_word(v) for v in (first if isinstance(first, list) else [first])})
            t = schema.event_topics
            q = (
                sa.select(e)
                .join(t, sa.and_(t.c.block == e.c.block, t.c.log_index == e.c.log_index))
                .where(t.c.contract == contract, t.c.event == event, t.c.position == position, t.c.value.in_(words))
            )
        else:
            # the timeline's unfiltered question (Served: its case is not an indexed argument) narrowed to the events
            # of the case and of the records linked to it (a service is linked to its case)
            k = schema.event_keys
            keys = sorted(self._family())
            positions = sa.select(k.c.block, k.c.log_index).where(sa.tuple_(k.c.kind, k.c.value).in_(keys))
            q = sa.select(e).where(
                sa.tuple_(e.c.block, e.c.log_index).in_(positions), e.c.contract == contract, e.c.event == event
            )
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        out = []
        for r in sorted(rows, key=lambda r: (int(r.block), int(r.log_index))):
            ev = _event(self.suite, r)
            if all(_matches(ev.args[name], f) for _, name, f in filters[1:]):
                out.append(ev)
        return out


def _matches(value: Any, f: Any) -> bool:
    word = _word(value)
    return word in _word(f) if isinstance(f, list) else bool(word == _word(f))


def _event(suite: Suite, row: Any) -> Event:
    from ..index.query import _event as from_row

    return from_row(suite, row)


class IndexDocumentRecords(DocumentRecords):
    """A document's verification with its services found in the index (the statuses still read from the chain)."""

    def __init__(
        self,
        suite: Suite,
        engine: Engine,
        start_blocks: Mapping[str, int] | None = None,
        lang: str = DEFAULT_LANG,
    ) -> None:
        super().__init__(suite, start_blocks, lang)
        self.engine = engine

    def service_ids(self, document_hash: bytes) -> list[int]:
        e = schema.events
        q = (
            sa.select(e.c.args)
            .where(e.c.document_hash == "0x" + document_hash.hex(), e.c.contract == "EvidenceRegistry")
            .where(e.c.event == "Served")
            .order_by(e.c.block, e.c.log_index)
        )
        with self.engine.connect() as conn:
            return [int(a["serviceId"]) for (a,) in conn.execute(q)]


class IndexSource:
    """The portal's index: opened (and migrated) on first use, so the portal starts even while the database is
    away; a database without this chain's index is answered with 503 `index_unavailable`."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = connect(self.db)
            return self._engine

    def lag(self, suite: Suite) -> dict[str, int]:
        """Where the index stands: `cursorBlock`, `chainHead`, `lagBlocks` (the portal adds it to every answer)."""
        try:
            f = freshness(self.engine, suite.chain.chain_id, suite.chain.block_number())
        except Exception as exc:  # no index yet, another chain's, the database away
            raise PortalError(
                503, "index_unavailable", T(f"无法读取事件索引：{exc}", f"The event index cannot be read: {exc}")
            ) from None
        return {"cursorBlock": f["cursor_block"], "chainHead": f["chain_head"], "lagBlocks": f["lag_blocks"]}

    def records(
        self, suite: Suite, start_blocks: Mapping[str, int] | None = None, lang: str = DEFAULT_LANG
    ) -> DocumentRecords:
        return IndexDocumentRecords(suite, self.engine, start_blocks, lang)

    def case_story(
        self, suite: Suite, case_id: int, sources: Sequence[type[TimelineSource]] | None = None
    ) -> tuple[list[TimelineEntry], list[str], Story]:
        """`timeline.case_story` with the events from the index."""
        return case_story(suite, case_id, sources, ctx=IndexTimelineContext(suite, self.engine, case_id))

    def case_timeline(
        self, suite: Suite, case_id: int, sources: Sequence[type[TimelineSource]] | None = None
    ) -> tuple[list[TimelineEntry], list[str]]:
        """`timeline.case_timeline` with the events from the index."""
        entries, used, _ = self.case_story(suite, case_id, sources)
        return entries, used


def _page() -> tuple[int, int]:
    def number(name: str, default: int, low: int, high: int) -> int:
        text = request.args.get(name)
        if text is None:
            return default
        try:
            value = int(text, 10)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise PortalError(
                400,
                "malformed_page",
                T(
                    f"`{name}` 应为 {low} 到 {high} 之间的整数，而不是 {text!r}。",
                    f"`{name}` is a whole number from {low} to {high}; not {text!r}.",
                ),
            )
        return value

    return number("page", 1, 1, 10**9), number("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)


def _paged(items: list[Any], lag: dict[str, int], **extra: Any) -> dict[str, Any]:
    page, per_page = _page()
    part = items[(page - 1) * per_page : page * per_page]
    pages = max(1, -(-len(items) // per_page))
    return {
        **extra,
        "page": page,
        "perPage": per_page,
        "total": len(items),
        "pages": pages,
        "items": part,
        "index": lag,
    }


def _events_where(suite: Suite, engine: Engine, column: str, value: str) -> tuple[list[dict[str, Any]], int]:
    """One page of the events whose indexed `column` equals `value`, and how many there are (SQL LIMIT/OFFSET)."""
    page, per_page = _page()
    e = schema.events
    where = e.c[column] == value
    with engine.connect() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(e).where(where)).scalar_one())
        rows = conn.execute(
            sa.select(e).where(where).order_by(e.c.block, e.c.log_index).limit(per_page).offset((page - 1) * per_page)
        ).all()
    return [_event_json(_event(suite, r)) for r in rows], total


def _hex32(text: str, what: str) -> str:
    return "0x" + parse_hash(text, what).hex()


def register(app: Flask, provider: Any, index: IndexSource) -> None:
    """Add the index's API to the portal (`provider`: the portal's SuiteProvider)."""
    bp = Blueprint("index_api", __name__)

    def listing(column: str, value: str, **extra: Any) -> Response:
        suite = provider.get()
        lag = index.lag(suite)
        items, total = _events_where(suite, index.engine, column, value)
        page, per_page = _page()
        pages = max(1, -(-total // per_page))
        return jsonify(
            {**extra, "page": page, "perPage": per_page, "total": total, "pages": pages, "items": items, "index": lag}
        )

    @bp.get("/api/index/status")
    def index_status() -> Response:
        suite = provider.get()
        lag = index.lag(suite)
        with index.engine.connect() as conn:
            n = int(conn.execute(sa.select(sa.func.count()).select_from(schema.events)).scalar_one())
        return jsonify({"chainId": suite.chain.chain_id, **lag, "events": n})

    @bp.get("/api/cases/<case>/events")
    def case_story(case: str) -> Response:
        from .app import parse_case

        case_id = parse_case(case)
        suite = provider.get()
        lag = index.lag(suite)
        events = case_events(suite, index.engine, ("case", case_id))
        if not events:
            raise PortalError(
                404,
                "no_such_case",
                T(f"索引中没有任何事件涉及案件 {case_id}。", f"No event in the index names case {case_id}."),
                caseId=case_id,
            )
        return jsonify(
            _paged([_event_json(e) for e in events], lag, caseId=case_id, caseReference=case_reference(suite, case_id))
        )

    @bp.get("/api/documents/<content_hash>")
    def document_events(content_hash: str) -> Response:
        h = _hex32(content_hash, "document hash")
        return listing("document_hash", h, contentHash=h)

    @bp.get("/api/subjects/<commitment>/listings")
    def subject_listings(commitment: str) -> Response:
        c = _hex32(commitment, "subject commitment")
        return listing("subject_key", c, commitment=c)

    @bp.get("/api/enforcement/<case>/money")
    def money(case: str) -> Response:
        from .app import parse_case

        case_id = parse_case(case)
        suite = provider.get()
        lag = index.lag(suite)
        m = enforcement_money(index.engine, case_id)
        if not m["movements"]:
            raise PortalError(
                404,
                "no_such_case",
                T(f"执行案件 {case_id} 没有任何款项变动。", f"No money moved in enforcement case {case_id}."),
                caseId=case_id,
            )
        amounts = ("frozen", "seized", "deposited", "distributed", "withdrawn")
        return jsonify(
            {
                "caseId": case_id,
                **{k: str(m[k]) for k in amounts},
                "creditors": [
                    {
                        "creditorId": cid,
                        "payee": c["payee"],
                        **{f: str(c[f]) for f in ("claim", "credited", "withdrawn", "owed")},
                    }
                    for cid, c in m["creditors"].items()
                ],
                "index": lag,
            }
        )

    @bp.get("/api/deadlines")
    def deadlines() -> Response:
        suite = provider.get()
        lag = index.lag(suite)
        text = request.args.get("before")
        before = None
        if text is not None:
            try:
                before = int(text, 10)
            except ValueError:
                raise PortalError(
                    400,
                    "malformed_time",
                    T(
                        f"`before` 应为 Unix 秒数，而不是 {text!r}。",
                        f"`before` is a Unix time in seconds; not {text!r}.",
                    ),
                ) from None
        page, per_page = _page()
        rows = pending_deadlines(index.engine, before=before, limit=page * per_page + 1)
        more = len(rows) > page * per_page
        part = [
            {**{k: r[k] for k in ("watcher", "item", "contract", "due", "block")}, "logIndex": r["log_index"]}
            for r in rows[(page - 1) * per_page : page * per_page]
        ]
        return jsonify({"page": page, "perPage": per_page, "more": more, "items": part, "index": lag})

    app.register_blueprint(bp)


__all__ = ["IndexSource", "IndexTimelineContext", "register"]

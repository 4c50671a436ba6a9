"""The event index: every event of the suite decoded into database tables (SQLite or PostgreSQL), kept current by a
follower that survives restarts and reorganisations. See docs/event-index.md."""

from __future__ import annotations

from .db import connect, url_of
from .follower import Follower, PassReport, Status
from .query import (
    case_events,
    dump_tables,
    enforcement_money,
    events_by,
    events_of,
    followed_contracts,
    freshness,
    indexed_events,
    pending_deadlines,
)

__all__ = [
    "Follower",
    "PassReport",
    "Status",
    "case_events",
    "connect",
    "dump_tables",
    "enforcement_money",
    "events_by",
    "events_of",
    "followed_contracts",
    "freshness",
    "indexed_events",
    "pending_deadlines",
    "url_of",
]

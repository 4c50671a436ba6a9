"""The index's tables (SQLAlchemy Core). The same tables on SQLite and PostgreSQL; they are created by the Alembic
migrations in `migrations/versions` (tests/index checks that the migrations and these definitions agree).

- `index_cursor`: one row, the last block whose events are all in the index (and the chain it belongs to).
- `blocks`: every block that holds an indexed event, and the last block of every page, with its hash and its
  parent's hash, so that a reorganisation is found (a stored hash that differs from the chain's) and rolled back.
- `events`: one row per decoded event (the block and log index are its key), the arguments as JSON, and indexed
  columns for the entities most questions start from.
- `event_keys`: every entity an event concerns (kind, value) as the auditor's `audit.Index` sees it; the key
  (kind, value, block, log_index) is the index a case's story is read through.
- `links`: the links between entities that events make (a judgment's obligation, an enforcement case's listing…),
  stored in both directions, so that a case's whole family is found by index lookups.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

HASH = 66  # "0x" + 64 hex digits

cursor = sa.Table(
    "index_cursor",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("chain_id", sa.BigInteger, nullable=False),
    sa.Column("start_block", sa.BigInteger, nullable=False),
    sa.Column("block", sa.BigInteger, nullable=False),
)

blocks = sa.Table(
    "blocks",
    metadata,
    sa.Column("number", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.String(HASH), nullable=False),
    sa.Column("parent_hash", sa.String(HASH), nullable=False),
    sa.Column("time", sa.BigInteger, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("tx_hash", sa.String(HASH), nullable=False),
    sa.Column("contract", sa.String(64), nullable=False),
    sa.Column("address", sa.String(42), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("args", sa.JSON, nullable=False),
    sa.Column("case_id", sa.BigInteger, nullable=True),
    sa.Column("filing_id", sa.BigInteger, nullable=True),
    sa.Column("enforcement_id", sa.BigInteger, nullable=True),
    sa.Column("obligation_id", sa.BigInteger, nullable=True),
    sa.Column("document_hash", sa.String(HASH), nullable=True),
    sa.Column("subject_key", sa.String(HASH), nullable=True),
    sa.Index("ix_events_case_id", "case_id"),
    sa.Index("ix_events_filing_id", "filing_id"),
    sa.Index("ix_events_enforcement_id", "enforcement_id"),
    sa.Index("ix_events_obligation_id", "obligation_id"),
    sa.Index("ix_events_document_hash", "document_hash"),
    sa.Index("ix_events_subject_key", "subject_key"),
    sa.Index("ix_events_contract_event", "contract", "event"),
)

event_keys = sa.Table(
    "event_keys",
    metadata,
    sa.Column("kind", sa.String(24), primary_key=True),
    sa.Column("value", sa.String(80), primary_key=True),
    sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Index("ix_event_keys_block", "block"),
)

links = sa.Table(
    "links",
    metadata,
    sa.Column("kind", sa.String(24), primary_key=True),
    sa.Column("value", sa.String(80), primary_key=True),
    sa.Column("other_kind", sa.String(24), primary_key=True),
    sa.Column("other_value", sa.String(80), primary_key=True),
    sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Index("ix_links_block", "block"),
)

# Tables in the order their rows are compared and dumped (tests, `audit check --index` later).
TABLES = (cursor, blocks, events, event_keys, links)

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

# -- issue 22, second part (migration 0002) ------------------------------------------------------------------------
# `contracts`: every address the index follows and the contract it is decoded as: the deployment record's (from the
#   index's start) and those the hub registers later (`SuiteContractSet`, from that block on; rolled back with it).
# `money`: an enforcement case's money, one row per movement (frozen, deducted, released, deposited, distributed to a
#   creditor, withdrawn by a creditor, a creditor's admitted claim); amounts are exact base units as decimal text.
# `deadline_changes` / `deadlines`: what the keeper follows (its watchers' `on_event`, keeper.py / watchers.py), as
#   the events set it: every change (due time, or NULL when the item is finished) and the pending ones now.

contracts = sa.Table(
    "contracts",
    metadata,
    sa.Column("address", sa.String(42), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("from_block", sa.BigInteger, nullable=False),
    sa.Column("block", sa.BigInteger, nullable=True),  # the registering event's block; NULL: the deployment record
    sa.Column("log_index", sa.Integer, nullable=True),
    sa.Index("ix_contracts_block", "block"),
)

money = sa.Table(
    "money",
    metadata,
    sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("enforcement_id", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("creditor_id", sa.BigInteger, nullable=True),
    sa.Column("account", sa.String(42), nullable=True),
    sa.Column("amount", sa.String(80), nullable=False),
    sa.Index("ix_money_enforcement_id", "enforcement_id"),
)

deadline_changes = sa.Table(
    "deadline_changes",
    metadata,
    sa.Column("watcher", sa.String(24), primary_key=True),
    sa.Column("item", sa.String(80), primary_key=True),
    sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("due", sa.BigInteger, nullable=True),
    sa.Index("ix_deadline_changes_block", "block"),
)

deadlines = sa.Table(
    "deadlines",
    metadata,
    sa.Column("watcher", sa.String(24), primary_key=True),
    sa.Column("item", sa.String(80), primary_key=True),
    sa.Column("contract", sa.String(64), nullable=False),
    sa.Column("due", sa.BigInteger, nullable=False),  # 0: at once (the keeper's next look reads the chain's views)
    sa.Column("block", sa.BigInteger, nullable=False),
    sa.Column("log_index", sa.Integer, nullable=False),
    sa.Index("ix_deadlines_due", "due"),
)

# `event_topics`: every indexed argument of every event as the node's log filter sees it (the topic word, 0x-hex, at
#   its position among the indexed arguments): "the events of contract C named E whose indexed argument i is one of
#   V" is answered through its primary key, as `eth_getLogs` with topics answers it (the portal's timeline asks so).
event_topics = sa.Table(
    "event_topics",
    metadata,
    sa.Column("contract", sa.String(64), primary_key=True),
    sa.Column("event", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.String(HASH), primary_key=True),
    sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Index("ix_event_topics_block", "block"),
)

# Tables in the order their rows are compared and dumped (tests, `audit check --index`).
TABLES = (cursor, blocks, events, event_keys, links, event_topics, contracts, money, deadline_changes, deadlines)
# Tables whose rows belong to a block (`block` column): a rollback deletes those after the common ancestor.
BLOCK_TABLES = (events, event_keys, links, event_topics, money, deadline_changes)

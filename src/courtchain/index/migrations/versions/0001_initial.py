"""The index's first schema: cursor, blocks, events, event keys and links.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_cursor",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("chain_id", sa.BigInteger, nullable=False),
        sa.Column("start_block", sa.BigInteger, nullable=False),
        sa.Column("block", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "blocks",
        sa.Column("number", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(66), nullable=False),
        sa.Column("parent_hash", sa.String(66), nullable=False),
        sa.Column("time", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("tx_hash", sa.String(66), nullable=False),
        sa.Column("contract", sa.String(64), nullable=False),
        sa.Column("address", sa.String(42), nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("args", sa.JSON, nullable=False),
        sa.Column("case_id", sa.BigInteger, nullable=True),
        sa.Column("filing_id", sa.BigInteger, nullable=True),
        sa.Column("enforcement_id", sa.BigInteger, nullable=True),
        sa.Column("obligation_id", sa.BigInteger, nullable=True),
        sa.Column("document_hash", sa.String(66), nullable=True),
        sa.Column("subject_key", sa.String(66), nullable=True),
    )
    for column in ("case_id", "filing_id", "enforcement_id", "obligation_id", "document_hash", "subject_key"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_index("ix_events_contract_event", "events", ["contract", "event"])
    op.create_table(
        "event_keys",
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("value", sa.String(80), primary_key=True),
        sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_index("ix_event_keys_block", "event_keys", ["block"])
    op.create_table(
        "links",
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("value", sa.String(80), primary_key=True),
        sa.Column("other_kind", sa.String(24), primary_key=True),
        sa.Column("other_value", sa.String(80), primary_key=True),
        sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_index("ix_links_block", "links", ["block"])


def downgrade() -> None:
    for table in ("links", "event_keys", "events", "blocks", "index_cursor"):
        op.drop_table(table)

"""An enforcement case's money, the keeper's pending deadlines, the contracts the index follows (including those the
hub registers later) and every event's indexed arguments as topic words.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contracts",
        sa.Column("address", sa.String(42), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("from_block", sa.BigInteger, nullable=False),
        sa.Column("block", sa.BigInteger, nullable=True),
        sa.Column("log_index", sa.Integer, nullable=True),
    )
    op.create_index("ix_contracts_block", "contracts", ["block"])
    op.create_table(
        "money",
        sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("enforcement_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("creditor_id", sa.BigInteger, nullable=True),
        sa.Column("account", sa.String(42), nullable=True),
        sa.Column("amount", sa.String(80), nullable=False),
    )
    op.create_index("ix_money_enforcement_id", "money", ["enforcement_id"])
    op.create_table(
        "deadline_changes",
        sa.Column("watcher", sa.String(24), primary_key=True),
        sa.Column("item", sa.String(80), primary_key=True),
        sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("due", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_deadline_changes_block", "deadline_changes", ["block"])
    op.create_table(
        "deadlines",
        sa.Column("watcher", sa.String(24), primary_key=True),
        sa.Column("item", sa.String(80), primary_key=True),
        sa.Column("contract", sa.String(64), nullable=False),
        sa.Column("due", sa.BigInteger, nullable=False),
        sa.Column("block", sa.BigInteger, nullable=False),
        sa.Column("log_index", sa.Integer, nullable=False),
    )
    op.create_index("ix_deadlines_due", "deadlines", ["due"])

    op.create_table(
        "event_topics",
        sa.Column("contract", sa.String(64), primary_key=True),
        sa.Column("event", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("value", sa.String(66), primary_key=True),
        sa.Column("block", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("log_index", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_index("ix_event_topics_block", "event_topics", ["block"])


def downgrade() -> None:
    for table in ("event_topics", "deadlines", "deadline_changes", "money", "contracts"):
        op.drop_table(table)

"""Alembic's environment for the index: always run from `courtchain.index.db.migrate` with an open connection."""

from __future__ import annotations

from alembic import context

from courtchain.index.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()

"""Opening the index's database: a SQLite file by default, PostgreSQL by URL; the schema by Alembic migrations."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from ..errors import InputError

MIGRATIONS = Path(__file__).parent / "migrations"


def url_of(db: str) -> str:
    """A database URL from what a user gives: `postgresql://…` (driven by psycopg 3), `sqlite:///PATH`, or a path."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def connect(db: str) -> Engine:
    """An engine on the index's database, its schema brought up to date."""
    url = url_of(db)
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, ModuleNotFoundError, sa.exc.NoSuchModuleError) as exc:
        raise InputError(f"not a database URL this index can use: {db} ({exc})") from None
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except sa.exc.OperationalError as exc:
        raise InputError(f"cannot open the index database {engine.url!r}: {exc.orig}") from None

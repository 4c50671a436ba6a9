"""`courtchain index`: keep an event index (a SQLite file by default, PostgreSQL by URL) current with the chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .. import paths
from .session import Session, chain_options, err_console, make_table

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


INDEX_OPTION = click.option(
    "--index",
    "index_db",
    default=None,
    metavar="URL",
    help="Read the events from this event index (see `courtchain index`) instead of the chain's logs; "
    "the output says how far behind the chain's head the index is.",
)


def open_index(session: Session, db: str) -> tuple[Engine, dict[str, int]]:
    """The index at `db` (which must hold this chain's events) and where it stands against the chain's head."""
    from ..index import connect, freshness

    engine = connect(db)
    status = freshness(engine, session.suite.chain.chain_id, session.suite.chain.block_number())
    behind = status["lag_blocks"]
    lag = "up to date with the head" if behind == 0 else f"{behind} blocks behind the head {status['chain_head']}"
    session.note(f"read from the event index at block {status['cursor_block']} ({lag})")
    return engine, status


def register(cli: click.Group) -> None:
    cli.add_command(index_cmd)


def default_db(chain_id: int) -> str:
    return f"sqlite:///{paths.STATE / f'index-{chain_id}.sqlite'}"


@click.command("index")
@chain_options
@click.option(
    "--db",
    default=None,
    help="Database URL: sqlite:///PATH (or a plain path) or postgresql://USER@HOST:PORT/NAME; "
    "default: a SQLite file in the state directory (.courtchain/index-CHAINID.sqlite).",
)
@click.option("--once", is_flag=True, help="Catch up to the head once, print the status and stop.")
@click.option(
    "--confirmations", type=click.IntRange(min=0), default=0, show_default=True, help="Index only blocks this deep."
)
@click.option(
    "--page",
    "page_blocks",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Blocks per page (one DB commit).",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds between passes when following.",
)
@click.option(
    "--from-block", type=click.IntRange(min=0), default=0, show_default=True, help="First block of a new index."
)
def index_cmd(
    session: Session,
    db: str | None,
    once: bool,
    confirmations: int,
    page_blocks: int,
    interval: float,
    from_block: int,
) -> None:
    """Decode every event of the deployed suite into an index database and keep it current.

    Each page of blocks is written in one transaction with the cursor, so a killed follower resumes exactly where
    it stopped; a reorganisation (a stored block hash the chain no longer has) is rolled back and read again.
    """
    from ..index import Follower, connect

    suite = session.suite
    if db is None:
        paths.STATE.mkdir(parents=True, exist_ok=True)
        db = default_db(suite.chain.chain_id)
    follower = Follower(
        suite, connect(db), confirmations=confirmations, page_blocks=page_blocks, start_block=from_block
    )

    def show(events: int, rolled_back: list[int]) -> None:
        s = follower.status()
        data = {
            "chain_id": s.chain_id,
            "cursor_block": s.cursor_block,
            "chain_head": s.chain_head,
            "lag_blocks": s.lag_blocks,
            "confirmations": s.confirmations,
            "events": s.events,
            "new_events": events,
            "rolled_back_to": rolled_back,
        }
        rows = [(k.replace("_", " "), v) for k, v in data.items()]
        session.emit(data, table=make_table("event index", ["", "value"], rows))

    if once:
        report = follower.run_pass()
        show(report.events, report.rolled_back)
        return
    session.note(f"following chain {suite.chain.chain_id} into {db} (Ctrl-C stops)")
    follower.follow(
        interval,
        lambda r: show(r.events, r.rolled_back) if r.events or r.rolled_back else None,
        lambda exc: err_console.print(f"warning: {exc}; trying again in {interval:g} s", markup=False),
    )

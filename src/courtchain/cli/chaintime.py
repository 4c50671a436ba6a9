"""`courtchain chain time | advance`: read a chain's clock, and move it forward on a development chain.

Docketing after the filing window, a mediation agreement's instalment falling due and the keeper's default trigger
all wait for time to pass. On a development node (anvil, Hardhat, ganache) `chain advance` moves the clock and mines
a block; any other chain is refused: a consortium chain's clock is the wall clock.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import click

from ..units import format_time

if TYPE_CHECKING:
    from ..chain import Chain

BEIJING = timezone(timedelta(hours=8), "UTC+08:00")
_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"(\d+)([wdhms])")


def register(cli: click.Group) -> None:
    cli.add_command(chain_group)


def parse_duration(text: str) -> int:
    """Seconds in `8d`, `36h`, `1d12h30m`, `90s` or a plain number of seconds."""
    t = text.strip().lower().replace(" ", "")
    if t.isdigit():
        return int(t)
    if not t or _DURATION.sub("", t):
        raise click.BadParameter(
            f"{text!r} is not a duration: give e.g. 8d, 36h, 1d12h30m, 90s or a number of seconds", param_hint="--by"
        )
    return sum(int(n) * _UNITS[u] for n, u in _DURATION.findall(t))


def parse_instant(text: str) -> int:
    """A Unix time from ISO 8601 (`2027-01-01`, `2027-01-01T09:30`, `...+08:00`, `...Z`); Beijing time when no
    offset is given."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 time: give e.g. 2027-01-01T09:30+08:00 (Beijing time when no offset)",
            param_hint="--to",
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=BEIJING)
    return int(when.timestamp())


def beijing(ts: int) -> str:
    """ISO 8601 with its zone, Beijing time: `2027-03-01T10:00:00+08:00` (units.format_time)."""
    return format_time(ts)


def _connect(rpc: str | None) -> Chain:
    from ..chain import connect

    if rpc is None or not rpc.strip():
        raise click.UsageError("give the chain with --rpc URL (or COURTCHAIN_RPC): time moves on a running node")
    return connect(rpc)


def _clock(chain: Chain) -> dict[str, Any]:
    ts = chain.timestamp()
    return {"block": chain.block_number(), "timestamp": ts, "beijing_time": beijing(ts)}


_RPC = click.option(
    "--rpc", envvar="COURTCHAIN_RPC", default=None, help="JSON-RPC URL of the chain [env COURTCHAIN_RPC]."
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


@click.group("chain")
def chain_group() -> None:
    """A chain's clock: read it, and move it forward on a development chain (anvil, Hardhat, ganache)."""


@chain_group.command("time")
@_RPC
@_JSON
def time_cmd(rpc: str | None, as_json: bool) -> None:
    """The latest block's number and time (Beijing time)."""
    from .session import Session

    chain = _connect(rpc)
    now = _clock(chain)
    Session(rpc, as_json).emit(
        {"chain_id": chain.chain_id, **now},
        text=f"chain {chain.chain_id}: block {now['block']} at {now['beijing_time']}",
    )


@chain_group.command("advance")
@click.option("--by", "by", default=None, metavar="DURATION", help="How far: 8d, 36h, 1d12h30m, 90s, or seconds.")
@click.option("--to", "to", default=None, metavar="TIME", help="Until: ISO 8601, Beijing time when no offset given.")
@_RPC
@_JSON
def advance_cmd(by: str | None, to: str | None, rpc: str | None, as_json: bool) -> None:
    """Move a development chain's clock forward and mine a block at the new time.

    Exactly one of --by and --to. Refused on a chain that is not a development node (its clock is the wall clock),
    and when --to is not after the latest block's time.

    \b
    Examples:
      courtchain chain advance --by 8d --rpc http://127.0.0.1:8545
      courtchain chain advance --to 2027-01-01T09:30+08:00
    """
    from .session import Session

    if (by is None) == (to is None):
        raise click.UsageError("give exactly one of --by DURATION and --to TIME")
    seconds = parse_duration(by) if by is not None else None
    target = parse_instant(to) if to is not None else None
    chain = _connect(rpc)
    if not chain.is_dev_node:
        raise click.ClickException(
            f"chain {chain.chain_id} at {chain.url} ({chain.client_version}) has no time travel: only a development "
            "node (anvil, Hardhat, ganache) moves its clock"
        )
    before = _clock(chain)
    if target is not None:
        if target <= before["timestamp"]:
            raise click.BadParameter(
                f"{to} is not after the latest block's time {before['beijing_time']}: time only moves forward",
                param_hint="--to",
            )
        chain.set_time(target)
    else:
        assert seconds is not None
        if seconds <= 0:
            raise click.BadParameter("the duration must be positive", param_hint="--by")
        chain.sleep(seconds)
    after = _clock(chain)
    Session(rpc, as_json).emit(
        {
            "chain_id": chain.chain_id,
            "before": before,
            "after": after,
            "advanced_seconds": after["timestamp"] - before["timestamp"],
        },
        text=f"chain {chain.chain_id}: {before['beijing_time']} → {after['beijing_time']} "
        f"(+{timedelta(seconds=after['timestamp'] - before['timestamp'])}), block {after['block']} mined",
    )

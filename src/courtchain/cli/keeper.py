"""`courtchain keeper`: follow the chain and send the permissionless triggers when they fall due."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.live import Live
from rich.text import Text

from .. import deploy
from ..errors import InputError
from ..keeper import Deadline, Keeper, PassReport, QuarantineEntry, read_quarantine
from ..units import format_time
from ..watchers import WATCHERS, default_watchers
from .session import Session, chain_options, console, err_console, json_output, make_table, parse_int


def _when(ts: int | None, now: int | None = None) -> str:
    if ts is None:
        return "none"
    if ts == 0:
        return "next pass"
    text = format_time(ts)  # ISO 8601, Beijing time
    if now is not None:
        left = ts - now
        text += f" (in {_span(left)})" if left > 0 else " (now)"
    return text


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds} s"


def _report_json(r: PassReport) -> dict[str, Any]:
    return {
        "from_block": r.from_block,
        "to_block": r.to_block,
        "chain_time": r.now,
        "events": r.events,
        "scheduled": r.scheduled,
        "due": r.due,
        "triggered": r.triggered,
        "passed": r.passed,
        "rescheduled": r.rescheduled,
        "skipped": r.skipped,
        "rebroadcast": r.rebroadcast,
        "transactions": r.transactions,
        "gas_used": r.gas_used,
        "failures": r.failures,
        "batches": r.batches,
        "quarantined": {name: {str(i): reason for i, reason in items.items()} for name, items in r.quarantined.items()},
        "released": r.released,
        "pending_deadlines": r.pending,
        "next_deadline": r.next_deadline,
        "seconds": round(r.seconds, 4),
        "waiting_for_blocks": round(r.waiting, 4),
    }


def _deadline_json(d: Deadline) -> dict[str, Any]:
    return {"due": d.due, "watcher": d.watcher, "item": d.item}


def _summary(r: PassReport) -> str:
    parts = [f"blocks {r.from_block}..{r.to_block}", f"{r.events} events", f"{r.due} due", f"{r.sent} sent"]
    for name, items in r.triggered.items():
        parts.append(f"{name}: {', '.join(map(str, items[:20]))}{' …' if len(items) > 20 else ''}")
    for name, items in r.passed.items():
        parts.append(f"{name} passed: {', '.join(map(str, items[:20]))}")
    if r.rebroadcast:
        parts.append(f"{r.rebroadcast} re-broadcast")
    if r.skipped:
        parts.append(f"{r.skipped} already done by others")
    for name, sizes in r.batches.items():
        parts.append(f"{name} batches {'+'.join(map(str, sizes))}")
    for name, bad in r.quarantined.items():
        parts.append(f"{name} quarantined: {', '.join(map(str, bad))}")
    if r.failures:
        parts.append(f"{len(r.failures)} failed (retried next pass)")
    return " · ".join(parts) + f" · {r.seconds * 1000:.0f} ms"


def register(cli: click.Group) -> None:
    cli.add_command(keeper_cmd)


@click.group("keeper", invoke_without_command=True)
@chain_options
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the checkpoint and the transaction journal live (default .courtchain/ or COURTCHAIN_STATE_DIR).",
)
@click.option("--as", "as_account", default="keeper", show_default=True, help="The account that sends the triggers.")
@click.option("--interval", default="5", show_default=True, help="Seconds between passes of a long run.")
@click.option("--passes", default=None, help="Stop after this many passes (a long run goes on until Ctrl-C).")
@click.option("--from-block", default=None, help="First block to follow without a checkpoint (default: deployment).")
@click.option(
    "--watch",
    "watch",
    multiple=True,
    type=click.Choice([w.name for w in WATCHERS]),
    help="Only these watchers (repeatable; default all whose contract is deployed).",
)
@click.option("--upcoming", default="10", show_default=True, help="How many upcoming deadlines to show.")
@click.option(
    "--confirmations",
    default="0",
    show_default=True,
    help="Follow only blocks this deep (0 for chains with instant finality such as QBFT/IBFT or PBFT).",
)
def keeper_cmd(
    session: Session,
    once: bool,
    state_dir: Path | None,
    as_account: str,
    interval: str,
    passes: str | None,
    from_block: str | None,
    watch: tuple[str, ...],
    upcoming: str,
    confirmations: str,
) -> None:
    """Follow the chain's events and send the permissionless triggers when they fall due.

    Filing windows → CaseDocket.docketMany; instalment due date + grace → ObligationRegistry.triggerDefaults;
    deemed service and credit list expiry are shown and reported (they are views: nothing to send). Restart-safe:
    a checkpoint and a journal of signed transactions in --state-dir; killed at any moment and started again, it
    neither misses a trigger nor sends one twice.

    A batch that reverts is split until the ids that fail alone are found: those are quarantined (retried alone with
    back-off) and the rest triggered; `courtchain keeper quarantine` lists them with their revert.
    """
    if click.get_current_context().invoked_subcommand is not None:
        return
    every = float(interval)
    if every <= 0:
        raise InputError(f"--interval must be positive, got {interval}")
    max_passes = 1 if once else (parse_int(passes, "--passes") if passes else None)
    show = parse_int(upcoming, "--upcoming")
    suite = session.suite
    watchers = default_watchers(suite, list(watch) or None)
    if not watchers:
        raise InputError("none of the watched contracts is deployed on this chain")
    start = parse_int(from_block, "--from-block") if from_block else _deployment_block(session, watchers)
    depth = parse_int(confirmations, "--confirmations")
    if depth < 0:
        raise InputError(f"--confirmations must not be negative, got {confirmations}")
    keeper = Keeper(
        suite,
        session.account(as_account),
        watchers,
        state_dir,
        start_block=start,
        confirmations=depth,
        log=session.note,
    )
    reports: list[PassReport] = []

    if once:
        keeper.run(interval=every, max_passes=max_passes, on_pass=reports.append)
        _emit_final(session, keeper, reports, show)
        return
    if session.as_json:  # a long run for machines: one JSON line per pass

        def line(r: PassReport) -> None:
            click.echo(json.dumps(json_output(_report_json(r))), nl=True)
            sys.stdout.flush()

        keeper.run(interval=every, max_passes=max_passes, on_pass=line, stop=_stop_on_sigterm())
        return

    stop = _stop_on_sigterm()
    totals = {"events": 0, "due": 0, "sent": 0}
    names = ", ".join(f"{w.name} ({w.contract})" for w in watchers)
    err_console.print(f"keeper as {keeper.account.address} watching {names}; state in {keeper.checkpoint_path.parent}")

    def status(r: PassReport | None) -> Text:
        line = Text()
        line.append("keeper ", style="bold")
        line.append(f"pass {keeper.passes} · block {keeper.next_block - 1} · ")
        line.append(f"events {totals['events']} · due {totals['due']} · sent {totals['sent']} · ")
        line.append(f"pending {keeper.pending} · next deadline ")
        line.append(_when(r.next_deadline if r else None, r.now if r else None), style="cyan")
        return line

    try:
        with Live(status(None), console=err_console, refresh_per_second=4, transient=True) as live:

            def on_pass(r: PassReport) -> None:
                totals["events"] += r.events
                totals["due"] += r.due
                totals["sent"] += r.sent
                if r.sent or r.passed or r.failures or r.rebroadcast or r.quarantined:
                    live.console.print(f"{time.strftime('%H:%M:%S')} {_summary(r)}")
                live.update(status(r))
                reports.append(r)
                del reports[:-1]

            keeper.run(interval=every, max_passes=max_passes, on_pass=on_pass, stop=stop)
    except KeyboardInterrupt:
        pass
    err_console.print(
        f"keeper stopped after {keeper.passes} passes: {totals['events']} events, {totals['due']} due, "
        f"{totals['sent']} transactions"
    )


def _stop_on_sigterm() -> Callable[[], bool]:
    """SIGTERM ends the run after the current pass (the checkpoint stays consistent either way)."""
    flag = {"stop": False}

    def handler(signum: int, frame: Any) -> None:
        flag["stop"] = True

    signal.signal(signal.SIGTERM, handler)
    return lambda: flag["stop"]


def _deployment_block(session: Session, watchers: list[Any]) -> int:
    """The first block of the watched contracts' deployment (0 when the deployment record does not say)."""
    try:
        record = deploy.load_record(session.chain)
    except Exception:  # an unreadable record only costs a longer first scan
        record = None
    if not record:
        return 0
    blocks = [int(record["contracts"].get(w.contract, {}).get("block", 0)) for w in watchers]
    return min(blocks) if blocks else 0


def _emit_final(session: Session, keeper: Keeper, reports: list[PassReport], show: int) -> None:
    last = reports[-1]
    upcoming = keeper.upcoming(show)
    quarantined = keeper.quarantined()
    data = {
        "account": keeper.account.address,
        "state_dir": str(keeper.checkpoint_path.parent),
        "passes": [_report_json(r) for r in reports],
        "upcoming": [_deadline_json(d) for d in upcoming],
        "quarantine": [q.to_json() for q in quarantined],
    }
    if session.as_json:
        session.emit(data)
        return
    for r in reports:
        console.print(_summary(r))
    descriptions = {w.name: w.description for w in keeper.watchers.values()}
    rows = [(_when(d.due, last.now), d.watcher, d.item, descriptions.get(d.watcher, "")) for d in upcoming]
    if rows:
        console.print(
            make_table(f"next {len(rows)} of {keeper.pending} deadlines", ["due", "watcher", "item", "what"], rows)
        )
    else:
        console.print("no deadline pending")
    if quarantined:
        console.print(_quarantine_table(quarantined, last.now))


def _quarantine_table(entries: list[QuarantineEntry], now: int | None = None) -> Any:
    rows = [(q.watcher, q.item, q.reason, q.attempts, _when(q.first_failed), _when(q.retry_at, now)) for q in entries]
    return make_table(
        f"{len(entries)} quarantined (fail alone; retried with back-off)",
        ["watcher", "item", "revert", "attempts", "first failed", "next retry"],
        rows,
    )


@keeper_cmd.command("quarantine")
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The keeper's state directory (default .courtchain/ or COURTCHAIN_STATE_DIR).",
)
@click.option("--chain-id", default=None, help="Which chain's checkpoint (default: every one in the state dir).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def quarantine_cmd(state_dir: Path | None, chain_id: str | None, as_json: bool) -> None:
    """The ids whose trigger fails on its own, with the decoded revert, attempts and next retry (read from the
    keeper's checkpoint; no node needed)."""
    from .. import paths

    directory = state_dir or paths.STATE
    if chain_id is not None:
        checkpoints = [directory / f"keeper-{parse_int(chain_id, '--chain-id')}.sqlite"]
    else:
        checkpoints = sorted(directory.glob("keeper-*.sqlite"))
    found = [p for p in checkpoints if p.exists()]
    if not found:
        raise InputError(f"no keeper checkpoint in {directory}" + (f" for chain {chain_id}" if chain_id else ""))
    by_chain = {p.stem.removeprefix("keeper-"): read_quarantine(p) for p in found}
    if as_json:
        data = {cid: [q.to_json() for q in entries] for cid, entries in by_chain.items()}
        Session(None, as_json).emit(data)
        return
    for cid, entries in by_chain.items():
        if entries:
            table = _quarantine_table(entries)
            table.title = f"chain {cid}: {table.title}"
            console.print(table)
        else:
            console.print(f"chain {cid}: nothing quarantined")

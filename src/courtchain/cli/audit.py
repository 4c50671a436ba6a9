"""`courtchain audit`: case timelines from events, the chain-of-record check, reconciliation with court records."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console

from .. import audit
from ..suite import Event
from .index import INDEX_OPTION, open_index
from .session import Session, chain_options, console, err_console, make_table, parse_int


def register(cli: click.Group) -> None:
    cli.add_command(audit_group)


@click.group("audit")
def audit_group() -> None:
    """Rebuild cases from events, verify the chain of record, reconcile with off-chain records."""


def _events(session: Session, events_file: Path | None) -> list[Event]:
    if events_file is not None:
        return audit.load_events(session.suite, events_file)
    return audit.fetch_events(session.suite)


def _time(ts: int) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")


def _short(address: str) -> str:
    return f"{address[:8]}…{address[-4:]}" if address.startswith("0x") and len(address) == 42 else address


_EVENTS_OPTION = click.option(
    "--events",
    "events_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Audit an exported event log (from `audit export`) instead of reading the chain's logs.",
)


@audit_group.command("case")
@chain_options
@click.argument("ref")
@click.option("--csv", "as_csv", is_flag=True, help="CSV on stdout (one row per event).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the CSV here.")
@click.option(
    "--keys",
    "keys_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The case's keys: JSON of pseudonym / credit key → name (who the parties are; docs/privacy.md).",
)
@_EVENTS_OPTION
@INDEX_OPTION
def case_cmd(
    session: Session,
    ref: str,
    as_csv: bool,
    out: Path | None,
    keys_file: Path | None,
    events_file: Path | None,
    index_db: str | None,
) -> None:
    """Rebuild one case's timeline from events alone.

    REF is a docket filing / case id (`5` or `case:5`), `obligation:N`, `enforcement:N` or `entry:N`; the
    timeline follows the links between them (judgment → obligation → default → enforcement → listing, evidence
    anchored for the case).
    """
    key = audit.parse_case_ref(ref)
    names = audit.load_case_keys(keys_file) if keys_file is not None else None
    index_status: dict[str, int] | None = None
    if index_db is not None:
        if events_file is not None:
            raise click.UsageError("give --events or --index, not both")
        from ..index import case_events
        from ..index.query import block_times

        engine, index_status = open_index(session, index_db)
        events = case_events(session.suite, engine, key)
        times = block_times(engine, (e.block for e in events))
    else:
        events = _events(session, events_file)
        times = None
    family, entries = audit.timeline(session.suite, key, events, names, times)
    seen, unseen = audit.appearances(session.suite, key, events, names)
    if as_csv or out is not None:
        text = audit.timeline_csv(entries)
        if out is not None:
            out.write_text(text, encoding="utf-8")
            session.note(f"{len(entries)} events written to {out}")
        else:
            sys.stdout.write(text)
        return
    linked = sorted(f"{k} {v}" for k, v in family if k in ("case", "obligation", "enforcement", "entry"))
    data: dict[str, object] = {
        "ref": f"{key[0]}:{key[1]}",
        "linked": linked,
        "timeline": entries,
        "pseudonyms": seen,
        "not_visible_without_keys": unseen,
    }
    if index_status is not None:
        data["index"] = index_status
    rows = [
        (
            _time(t.time),
            t.block,
            t.record,
            t.event,
            _short(t.actor),
            _short(t.approver),
            "" if t.amount is None else f"{t.amount:,}",
            t.detail[:90],
        )
        for t in entries
    ]
    table = make_table(
        f"{key[0]} {key[1]} — linked: {', '.join(linked)}",
        ["time (UTC)", "block", "record", "event", "actor", "approver", "amount", "detail"],
        rows,
    )
    if session.as_json:
        session.emit(data)
    else:  # piped into a file or another program: do not squeeze the table to 80 columns
        wide = console if console.is_terminal else Console(highlight=False, soft_wrap=True, width=220)
        wide.print(table)
        for a in seen:
            wide.print(f"{a.kind} {a.value[:18]}… in {', '.join(a.events)}" + (f": {a.name}" if a.name else ""))
        heading = "not visible without the case's keys:" if names is None else "not visible from this chain:"
        wide.print(heading)
        for line in unseen:
            wide.print(f"  - {line}")


@audit_group.command("check")
@chain_options
@_EVENTS_OPTION
@INDEX_OPTION
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="With --index: events of the index compared field by field with the chain (0: every event).",
)
@click.option(
    "--max-lag",
    type=click.IntRange(min=0),
    default=12,
    show_default=True,
    help="With --index: blocks the index may be behind the chain's head before it is reported stale.",
)
def check_cmd(session: Session, events_file: Path | None, index_db: str | None, samples: int, max_lag: int) -> None:
    """Verify the whole chain of record; exit 1 and name each finding if anything is wrong.

    Checks: only legal status transitions (and the derived status equals the stored one); every sensitive order
    approved by a second person who was a judge at that block; money conserved per enforcement case and in
    escrow; every enforcement case's audit head recomputed from its events equal to the one on chain.
    With --index: the same checks over the index's events, and the index itself against the chain (its freshness,
    block hashes, event counts per contract and block range, sampled events field by field; docs/event-index.md).
    """
    index_status: dict[str, int] | None = None
    if index_db is not None:
        if events_file is not None:
            raise click.UsageError("give --events or --index, not both")
        from ..index import indexed_events
        from ..index.check import check_index

        engine, index_status = open_index(session, index_db)
        report = audit.check(session.suite, indexed_events(session.suite, engine))
        of_index = check_index(session.suite, engine, samples=samples, max_lag=max_lag)
        report.findings += of_index.findings
        report.counts.update({f"index {k}": v for k, v in of_index.counts.items()})
    else:
        report = audit.check(session.suite, _events(session, events_file))
    data = {
        "ok": report.ok,
        "events": report.events,
        "checked": report.counts,
        "findings": [
            {"check": f.check, "subject": f.subject, "message": f.message, "block": f.block, "tx_hash": f.tx_hash}
            for f in report.findings
        ],
    }
    if index_status is not None:
        data["index"] = index_status
    if session.as_json:
        session.emit(data)
    else:
        checked = ", ".join(f"{k} {v}" for k, v in report.counts.items())
        if report.ok:
            console.print(f"audit check passed: {report.events} events ({checked}); no finding")
        else:
            rows = [(f.check, f.subject, f.message, f.block if f.block is not None else "") for f in report.findings]
            console.print(
                make_table(f"{len(report.findings)} finding(s)", ["check", "record", "finding", "block"], rows)
            )
            err_console.print(f"audit check FAILED: {len(report.findings)} finding(s) in {report.events} events")
    if not report.ok:
        sys.exit(1)


@audit_group.command("export")
@chain_options
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON-lines file.")
@click.option("--from-block", default="0", show_default=True)
def export_cmd(session: Session, out: Path, from_block: str) -> None:
    """Export every suite event (JSON lines) for an auditor to check later with `audit check --events`."""
    events = audit.fetch_events(session.suite, parse_int(from_block, "--from-block"))
    out.write_text(audit.dump_events(events), encoding="utf-8")
    session.emit({"events": len(events), "out": str(out)}, text=f"{len(events)} events written to {out}")


@audit_group.command("reconcile")
@chain_options
@click.option(
    "--records",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The court's off-chain records: CSV with columns case_number, filing_id, status, claim_amount.",
)
@click.option("--court", default=None, help="Compare only this court's filings (consortium member id).")
@_EVENTS_OPTION
def reconcile_cmd(session: Session, records: Path, court: str | None, events_file: Path | None) -> None:
    """List every difference between a court's off-chain case records and the chain; exit 1 if any."""
    rows = audit.read_records(records)
    events = audit.load_events(session.suite, events_file) if events_file else None
    cases = audit.chain_cases(session.suite, events, parse_int(court, "--court") if court else None)
    diffs = audit.reconcile(rows, cases)
    data = {"records": len(rows), "chain_cases": len(cases), "differences": diffs}
    if session.as_json:
        session.emit({**data, "differences": [vars(d) for d in diffs]})
    elif diffs:
        table = make_table(
            f"{len(diffs)} difference(s) between {records.name} and the chain",
            ["difference", "case", "off chain", "on chain"],
            [(d.kind, d.case, d.off_chain, d.on_chain) for d in diffs],
        )
        console.print(table)
    else:
        console.print(f"{len(rows)} records and {len(cases)} chain cases agree")
    if diffs:
        sys.exit(1)

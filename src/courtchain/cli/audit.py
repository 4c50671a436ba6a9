"""`courtchain audit`: case timelines from events, the chain-of-record check, reconciliation with court records."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from .. import audit
from ..suite import Event, Suite
from .index import INDEX_OPTION, open_index
from .session import Session, chain_options, console, err_console, make_table, parse_int


def register(cli: click.Group) -> None:
    cli.add_command(audit_group)


@click.group("audit")
def audit_group() -> None:
    """Rebuild cases from events, verify the chain of record, reconcile with off-chain records."""


def _events(suite: Suite, events_file: Path | None) -> list[Event]:
    if events_file is not None:
        return audit.load_events(suite, events_file)
    return audit.fetch_events(suite)


def _suite(session: Session) -> Suite:
    """The session's suite and the cross-chain contracts its hub records (they are not in the deployment record)."""
    from ..crosschain_audit import with_crosschain

    return with_crosschain(session.suite)


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
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="CSV on stdout for a spreadsheet (UTF-8 with BOM): one row per event in words, Beijing time, the amount in "
    "yuan and in exact base units.",
)
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
@click.option(
    "--peer",
    "peers",
    multiple=True,
    metavar="SPEC",
    help="Follow the case onto another chain (repeatable): a relay file (docs/crosschain.md; its chains other than "
    'this one), one chain of it as a JSON file ({"rpc": …, "addresses": {…}}), or the peer node\'s URL with its '
    "deployment record found as for --rpc. The path across chains is read from both chains' events.",
)
def case_cmd(
    session: Session,
    ref: str,
    as_csv: bool,
    out: Path | None,
    keys_file: Path | None,
    events_file: Path | None,
    index_db: str | None,
    peers: tuple[str, ...],
) -> None:
    """Rebuild one case's timeline from events alone.

    REF is a docket filing / case id (`5` or `case:5`), `obligation:N`, `enforcement:N`, `entry:N` or
    `bankruptcy:N`; the timeline follows the links between them (judgment → obligation → default → enforcement →
    listing, evidence anchored for the case; a bankruptcy case's claims, objections, meetings, acts and payouts).
    A case sent to another chain (CrossChainCases) is followed there with --peer: its delivery, acceptance or
    return, and the reply back, each step naming its chain and block.
    """
    key = audit.parse_case_ref(ref)
    suite = _suite(session)
    names = audit.load_case_keys(keys_file) if keys_file is not None else None
    index_status: dict[str, int] | None = None
    if index_db is not None:
        if events_file is not None:
            raise click.UsageError("give --events or --index, not both")
        from ..index import case_events
        from ..index.query import block_times

        engine, index_status = open_index(session, index_db)
        events = case_events(suite, engine, key)
        times = block_times(engine, (e.block for e in events))
    else:
        events = _events(suite, events_file)
        times = None
    from ..audit.story import build_story

    family, entries = audit.timeline(suite, key, events, names, times)
    context = None
    if index_db is not None:  # the index gave the case's events only: who is who comes from the chain
        from ..audit.story import context_events

        context = context_events(suite)
    story = build_story(suite, key, events, names, {t.block: t.time for t in entries}, context)
    if peers:
        from ..audit.story import add_path
        from ..crosschain_audit import case_path, open_peers

        if key[0] != "case":
            raise click.UsageError("--peer follows a docket case (REF `case:N`) across chains")
        others = open_peers(peers, suite)
        add_path(story, case_path([suite, *others], suite.chain.chain_id, key[1]), [suite, *others])
    seen, unseen = audit.appearances(suite, key, events, names)
    if as_csv or out is not None:
        from ..audit.story import story_csv

        text = story_csv(story)
        if out is not None:
            out.write_text(text, encoding="utf-8")  # with its BOM: Excel opens Chinese text correctly
            session.note(f"{len(entries)} events written to {out}")
        else:
            sys.stdout.write(text)  # with its BOM too: `> file.csv` is how many save it for Excel
        return
    linked = sorted(f"{k} {v}" for k, v in family if k in ("case", "obligation", "enforcement", "entry"))
    data: dict[str, object] = {
        "ref": f"{key[0]}:{key[1]}",
        "linked": linked,
        "story": story.to_json(),
        "timeline": entries,
        "readable": story.entries,
        "pseudonyms": seen,
        "not_visible_without_keys": unseen,
    }
    if peers:
        data["crosschain"] = story.crosschain_json()
    if index_status is not None:
        data["index"] = index_status
    if session.as_json:
        session.emit(data)
        return
    # piped into a file or another program: lines of a readable width, never cut
    width = console.width if console.is_terminal else 120
    out_console = console if console.is_terminal else Console(highlight=False, soft_wrap=True, width=width)
    for line in _story_lines(story, seen, unseen, names is None, width):
        out_console.print(line, markup=False, highlight=False)


def _wrap(label: str, text: str, width: int, indent: int = 6) -> list[str]:
    """`label: text` wrapped at `width` on spaces only (never inside a word or an address)."""
    if not text:
        return []
    lead = " " * indent
    return textwrap.wrap(
        f"{label}: {text}",
        width=max(width, 40),
        initial_indent=lead,
        subsequent_indent=lead + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _story_lines(story: Any, seen: list[Any], unseen: list[str], no_keys: bool, width: int) -> list[str]:
    lines = ["案件经过 / The case's story"]
    for s in story.summary:
        lines += textwrap.wrap(s, width=max(width, 40), subsequent_indent="    ", break_long_words=False) or [""]
    lines += ["", f"时间线 / Timeline ({len(story.entries)} 个事件 / events; 时间为北京时间 / Beijing time, UTC+8)"]
    for t in story.entries:
        lines.append(f"  {t.time}  区块 / block {t.block}  {t.what} ({t.event}) — {t.record}")
        lines += _wrap("操作人 / actor", t.actor, width)
        lines += _wrap("批准人 / approver", t.approver, width)
        lines += _wrap("金额 / amount", t.amount_text, width)
        lines += _wrap("详情 / detail", t.detail, width)
    if story.crosschain:
        lines += [
            "",
            f"跨链经过 / Path across chains ({len(story.crosschain)} 步 / steps; 每步注明所在链 / each on its chain)",
        ]
        for step, time in story.crosschain:
            lines += textwrap.wrap(
                step.line(time),
                width=max(width, 40),
                initial_indent="  ",
                subsequent_indent="      ",
                break_long_words=False,
            )
    for a in seen:
        lines += textwrap.wrap(
            f"{a.kind} {a.value} in {', '.join(a.events)}" + (f": {a.name}" if a.name else ""),
            width=max(width, 40),
            break_long_words=False,
        )
    lines.append(
        "不持有案件密钥时不可见 / not visible without the case's keys:"
        if no_keys
        else "本链上不可见 / not visible from this chain:"
    )
    for line in unseen:
        lines += textwrap.wrap(
            line, width=max(width, 40), initial_indent="  - ", subsequent_indent="    ", break_long_words=False
        )
    return lines


def _read(suite: Suite, events_file: Path | None) -> tuple[list[Event], int, str]:
    """The events to check, the head block the state is read at, and where the events came from."""
    head = suite.chain.block_number()
    if events_file is not None:
        return audit.load_events(suite, events_file), head, f"export {events_file}"
    return list(suite.logs(None, 0, head)), head, "chain"


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
    """Verify the whole chain of record and print the audit statement; exit 1 and name each finding if anything is
    wrong.

    The statement says what was read (chain id, block range, the runtime code hash of every contract read), when
    (Beijing time), by which tool, what was checked and the result. Checks: only legal status transitions (and the
    derived status equals the stored one); every sensitive order approved by a second person who was a judge at that
    block; money conserved per enforcement case and in escrow; every enforcement case's audit head recomputed from
    its events equal to the one on chain.
    With --index: the same checks over the index's events, and the index itself against the chain (its freshness,
    block hashes, event counts per contract and block range, sampled events field by field; docs/event-index.md).
    """
    from ..audit.statement import CheckResult, describe, make_statement

    index_status: dict[str, int] | None = None
    of_index = None
    suite = session.suite
    if index_db is not None:
        if events_file is not None:
            raise click.UsageError("give --events or --index, not both")
        from ..index import indexed_events
        from ..index.check import check_index

        engine, index_status = open_index(session, index_db)
        head = session.suite.chain.block_number()
        events = list(indexed_events(session.suite, engine))
        source = f"index {index_db}"
        report = audit.check(session.suite, events)
        of_index = check_index(session.suite, engine, samples=samples, max_lag=max_lag)
    else:
        suite = _suite(session)
        events, head, source = _read(suite, events_file)
        report = audit.check(suite, events)
    statement = make_statement(suite, report, events, state_block=head, events_source=source)
    if of_index is not None:
        statement.add(
            CheckResult(
                "index",
                "事件索引与链一致 / the index agrees with the chain",
                "freshness, block hashes, event counts per contract and block range, sampled events field by field",
                sum(of_index.counts.values()),
                list(of_index.findings),
            )
        )
        report.counts.update({f"index {k}": v for k, v in of_index.counts.items()})
    data = {
        "ok": statement.ok,
        "events": report.events,
        "checked": report.counts,
        "statement": statement.to_json(),
        "findings": [
            {
                "check": f.check,
                "subject": f.subject,
                "message": f.message,
                "block": f.block,
                "tx_hash": f.tx_hash,
                "text": describe(f),
            }
            for f in statement.findings
        ],
    }
    if index_status is not None:
        data["index"] = index_status
    if session.as_json:
        session.emit(data)
    else:
        wide = console if console.is_terminal else Console(highlight=False, soft_wrap=True, width=160)
        for line in statement.lines():
            wide.print(line, markup=False, highlight=False)
        if statement.ok:
            checked = ", ".join(f"{k} {v}" for k, v in report.counts.items())
            wide.print(f"audit check passed: {report.events} events ({checked}); no finding", markup=False)
        else:
            wide.print("发现的问题 / findings:", markup=False)
            for f in statement.findings:
                wide.print(f"  - {describe(f)}", markup=False, highlight=False)
            err_console.print(f"audit check FAILED: {len(statement.findings)} finding(s) in {report.events} events")
    if not statement.ok:
        sys.exit(1)


@audit_group.command("report")
@chain_options
@click.argument("ref")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("audit-report"),
    show_default=True,
    help="Folder to write the report into (audit-report-<kind>-<id>.html, and .pdf with --pdf).",
)
@click.option("--pdf", is_flag=True, help="Also print the report to PDF with Debian's Chromium (headless).")
@click.option(
    "--keys",
    "keys_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The case's keys: JSON of pseudonym / credit key → name (who the parties are; docs/privacy.md).",
)
def report_cmd(session: Session, ref: str, out_dir: Path, pdf: bool, keys_file: Path | None) -> None:
    """Write a self-contained HTML audit report of one case (Chinese first), and its PDF with --pdf.

    REF as for `audit case` (`5`, `case:5`, `obligation:N`, `enforcement:N`, `entry:N`, `bankruptcy:N`). The report
    holds the audit statement of the whole chain (as `audit check` prints it), the case's story across the contracts
    in words, a timeline picture, a money-flow picture (seized → distributed → withdrawn, per creditor), the timeline
    in a table and every finding. Needs a CJK font (Debian's fonts-noto-cjk). Exit 0 when the report is written and
    the check passed, 1 when it is written and names findings (or cannot be made).
    """
    from ..audit.report import write_report

    key = audit.parse_case_ref(ref)
    names = audit.load_case_keys(keys_file) if keys_file is not None else None
    written, statement, story = write_report(session.suite, key, out_dir, pdf=pdf, names=names)
    data = {
        "ref": f"{key[0]}:{key[1]}",
        "html": str(written.html),
        "pdf": str(written.pdf) if written.pdf else None,
        "ok": statement.ok,
        "findings": len(statement.findings),
        "statement": statement.to_json(),
        "story": story.to_json(),
    }
    text = f"审计报告 / audit report: {written.html}" + (f"\nPDF: {written.pdf}" if written.pdf else "")
    text += f"\n{statement.result_words()}"
    session.emit(data, text=text)
    if not statement.ok:
        sys.exit(1)


@audit_group.command("export")
@chain_options
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON-lines file.")
@click.option("--from-block", default="0", show_default=True)
def export_cmd(session: Session, out: Path, from_block: str) -> None:
    """Export every suite event (JSON lines) for an auditor to check later with `audit check --events`."""
    events = audit.fetch_events(_suite(session), parse_int(from_block, "--from-block"))
    out.write_text(audit.dump_events(events), encoding="utf-8")
    session.emit({"events": len(events), "out": str(out)}, text=f"{len(events)} events written to {out}")


@audit_group.command("reconcile")
@chain_options
@click.option(
    "--records",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The court's off-chain records: CSV (UTF-8, UTF-8 with BOM, or GBK as Excel saves it) with columns "
    "case_number, filing_id, status, claim_amount (in yuan).",
)
@click.option("--court", default=None, help="Compare only this court's filings (consortium member id).")
@_EVENTS_OPTION
def reconcile_cmd(session: Session, records: Path, court: str | None, events_file: Path | None) -> None:
    """List every difference between a court's off-chain case records and the chain; exit 1 if any."""
    rows = audit.read_records(records, session.decimals)
    events = audit.load_events(session.suite, events_file) if events_file else None
    cases = audit.chain_cases(session.suite, events, parse_int(court, "--court") if court else None)
    diffs = audit.reconcile(rows, cases, session.decimals)
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

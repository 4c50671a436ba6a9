"""`courtchain case file | add-material | docket | docket-due | show | list | judge | transfer` and the court's own
configuration (`configure-court`, `set-type`), `reclassify`, `refuse`, `withdraw`, `accept-transfer`,
`cancel-transfer`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import click

from ..clients.base import check_hash
from ..clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    Filing,
    FilingStatus,
    MaterialInput,
    Obligation,
    Outcome,
    Party,
    PartyRole,
    RefusalReason,
    kind_name,
    parse_kind,
)
from ..commitments import parse_salt
from ..errors import ContractRevert, InputError
from ..privacy import CaseContext, pseudonym
from ..suite import Event
from ..units import UnitError
from ..units import parse_time as parse_iso_time
from .amounts import amount_options, when, with_units
from .index import INDEX_OPTION, open_index
from .inputs import address_or_account, hash_or_file, parse_id, parse_int
from .session import Session, chain_options, make_table

ZERO_ADDRESS = "0x" + "00" * 20


def register(cli: click.Group) -> None:
    cli.add_command(case)


@click.group()
def case() -> None:
    """Case filing, auto-docketing by rule, case numbers, judgments and transfers (CaseDocket)."""


# -- parsing helpers ---------------------------------------------------------------------------------------------------


def parse_hash_or_file(text: str, what: str) -> bytes:
    """A content hash: SHA-256 of the file if `text` names one, else 64 hex digits."""
    return hash_or_file(text, what)


def parse_material(text: str) -> MaterialInput:
    """KIND=FILE or KIND=HASH, e.g. complaint=./complaint.pdf."""
    if "=" not in text:
        raise InputError(f"material {text!r} must be KIND=FILE or KIND=HASH (e.g. complaint=complaint.pdf)")
    kind, _, value = text.partition("=")
    return MaterialInput(parse_hash_or_file(value, f"material {kind}"), parse_kind(kind))


def parse_subject(text: str, context: CaseContext | None = None, role: str = "defendant") -> bytes:
    """A party: its pseudonym (64 hex digits) or ID_TYPE:ID_NUMBER:SALT, from which its pseudonym in this case and
    role is computed locally (needs the case's reference, `--case-ref`; see docs/privacy.md)."""
    if re.fullmatch(r"(0x)?[0-9a-fA-F]{64}", text):
        return check_hash(text, "party pseudonym")
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(f"party {text!r} must be a pseudonym (64 hex digits) or ID_TYPE:ID_NUMBER:SALT")
    if context is None:
        raise InputError("a party given as ID_TYPE:ID_NUMBER:SALT needs --case-ref (the court's reference of the case)")
    return pseudonym(parse_salt(parts[2]), parts[0], parts[1], context, role)


def case_context(session: Session, case_ref: str | None) -> CaseContext | None:
    return None if case_ref is None else CaseContext(session.suite.chain.chain_id, case_ref)


CASE_REF_OPTION = click.option(
    "--case-ref",
    default=None,
    help="The court's reference of the case: with ID_TYPE:ID_NUMBER:SALT, gives the party's pseudonym in it.",
)


def parse_time(text: str) -> int:
    """Unix seconds, ISO 8601 (Beijing time unless it gives a zone: 2027-03-01, 2027-03-01T10:00+08:00), or
    +N[smhd] from now."""
    m = re.fullmatch(r"\+(\d+)([smhd]?)", text.strip())
    if m:
        unit = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
        return int(datetime.now(UTC).timestamp()) + int(m.group(1)) * unit
    if text.isdigit():
        return parse_int(text, "time", bits=64)
    try:
        return parse_iso_time(text)
    except UnitError:
        raise InputError(
            f"time {text!r}: expected ISO 8601 (e.g. 2027-03-01T10:00+08:00; Beijing time without a zone), "
            "unix seconds or +N[smhd]"
        ) from None


def parse_duration(text: str) -> int:
    m = re.fullmatch(r"(\d+)([smhd]?)", text.strip())
    if not m:
        raise InputError(f"duration {text!r}: expected N with an optional unit s, m, h or d (e.g. 7d)")
    seconds = int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    return parse_int(str(seconds), f"duration {text!r} in seconds", bits=64)


def resolve_address(session: Session, text: str, what: str = "account") -> str:
    """An address (EIP-55 checked), or the name of an account (dev name, keystore, env)."""
    return address_or_account(text, what, session.account)


def parse_obligation(session: Session, text: str, context: CaseContext | None = None) -> Obligation:
    """DEBTOR,DEBTOR_ACCOUNT,CREDITOR,AMOUNT,DUE (DEBTOR_ACCOUNT may be `-`)."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 5:
        raise InputError(f"obligation {text!r} must be DEBTOR,DEBTOR_ACCOUNT|-,CREDITOR,AMOUNT,DUE")
    debtor = parse_subject(parts[0], context, "debtor")
    account = ZERO_ADDRESS if parts[1] in ("-", "") else resolve_address(session, parts[1], "DEBTOR_ACCOUNT")
    return Obligation(
        debtor,
        account,
        resolve_address(session, parts[2], "CREDITOR"),
        session.amount(parts[3], "--obligation AMOUNT"),
        parse_time(parts[4]),
    )


def _kinds_text(kinds: Any) -> str:
    return ", ".join(kind_name(k) for k in sorted(set(kinds))) or "nothing"


def _when(ts: int) -> str:
    return when(ts)


MONEY_KEYS = frozenset({"claim_amount", "amount"})
TIME_KEYS = frozenset(
    {"filed_at", "window_ends", "decided_at", "added_at", "recorded_at", "initiated_at", "settled_at", "due_date",
     "timestamp"}
)  # fmt: skip


def units_json(session: Session, data: Any) -> Any:
    """Amounts and times of the docket's records in --json: {base_units, yuan} and ISO 8601 (Beijing time)."""
    return with_units(data, session.decimals, money_keys=MONEY_KEYS, time_keys=TIME_KEYS)


def _filing_row(session: Session, f: Filing) -> tuple[Any, ...]:
    window = "open" if f.window_open else ("expired" if f.status == FilingStatus.OPEN else "-")
    return (
        f.id,
        f.case_number or "-",
        f.status.name.lower(),
        f.court,
        f.case_type,
        session.yuan(f.claim_amount),
        window,
        _when(f.window_ends),
    )


_FILING_COLUMNS = ["id", "case number", "status", "court", "type", "claim", "window", "window ends (UTC+8)"]


# -- court configuration ---------------------------------------------------------------------------------------------


@case.command("configure-court")
@chain_options
@click.argument("court_id")
@click.argument("abbreviation")
@click.argument("code")
@click.option("--as", "as_account", default="clerk", show_default=True, help="A clerk or judge of that court.")
def configure_court(session: Session, court_id: str, abbreviation: str, code: str, as_account: str) -> None:
    """Set how COURT_ID writes its case numbers, e.g. `configure-court 1 京 0491`."""
    client = DocketClient(session.suite, session.account(as_account))
    cid = parse_int(court_id, "court id", bits=32)
    sent = client.configure_court(cid, abbreviation, code)
    session.emit(
        {"court_id": cid, "abbreviation": abbreviation, "code": code, "tx_hash": sent.tx_hash},
        text=f"court {cid} numbers its cases ({{year}}){abbreviation}{code}{{type}}{{n}}号",
    )


@case.command("set-type")
@chain_options
@click.argument("court_id")
@click.argument("type_code")
@click.option("--require", "required", multiple=True, help="Required material kind (repeat), e.g. complaint.")
@click.option("--window", default="7d", show_default=True, help="Submission window, e.g. 7d, 36h, 600s.")
@click.option("--as", "as_account", default="clerk", show_default=True, help="A clerk or judge of that court.")
def set_type(
    session: Session, court_id: str, type_code: str, required: tuple[str, ...], window: str, as_account: str
) -> None:
    """Create or replace a case type of a court, e.g. `set-type 1 民初 --require complaint --window 7d`."""
    client = DocketClient(session.suite, session.account(as_account))
    cid = parse_int(court_id, "court id", bits=32)
    kinds = [parse_kind(k) for k in required]
    seconds = parse_duration(window)
    sent = client.set_case_type(cid, type_code, kinds, seconds)
    session.emit(
        {
            "court_id": cid,
            "case_type": type_code,
            "required_kinds": sorted(set(kinds)),
            "window": seconds,
            "tx_hash": sent.tx_hash,
        },
        text=f"court {cid} case type {type_code}: requires {_kinds_text(kinds)}, window {seconds} s",
    )


# -- filing -----------------------------------------------------------------------------------------------------------


@case.command("file")
@chain_options
@click.option("--court", "court_id", default=str(DEV_COURT_ID), show_default=True, help="Court member id.")
@click.option("--type", "type_code", required=True, help="Case type code, e.g. 民初.")
@click.option("--plaintiff", "plaintiffs", multiple=True, required=True, help="Pseudonym or ID_TYPE:NUMBER:SALT.")
@click.option("--defendant", "defendants", multiple=True, required=True, help="Pseudonym or ID_TYPE:NUMBER:SALT.")
@click.option("--third-party", "third_parties", multiple=True, help="Pseudonym or ID_TYPE:NUMBER:SALT.")
@CASE_REF_OPTION
@click.option("--claim", default="0", show_default=True, help="Claim amount in yuan (120000, 120,000.00, ¥120000).")
@click.option("--material", "material_specs", multiple=True, help="KIND=FILE or KIND=HASH (repeat).")
@click.option("--as", "as_account", default="litigant", show_default=True, help="Filer (litigant, or a clerk).")
@amount_options
def file_case(
    session: Session,
    court_id: str,
    type_code: str,
    plaintiffs: tuple[str, ...],
    defendants: tuple[str, ...],
    third_parties: tuple[str, ...],
    claim: str,
    material_specs: tuple[str, ...],
    case_ref: str | None,
    as_account: str,
) -> None:
    """File a case online; its submission window opens."""
    ctx = case_context(session, case_ref)
    parties = [Party(parse_subject(p, ctx, "plaintiff"), PartyRole.PLAINTIFF) for p in plaintiffs]
    parties += [Party(parse_subject(p, ctx, "defendant"), PartyRole.DEFENDANT) for p in defendants]
    parties += [Party(parse_subject(p, ctx, "third-party"), PartyRole.THIRD_PARTY) for p in third_parties]
    mats = [parse_material(m) for m in material_specs]
    client = DocketClient(session.suite, session.account(as_account))
    fid, sent = client.submit(
        parse_int(court_id, "--court", bits=32), type_code, parties, session.amount(claim, "--claim"), mats
    )
    f = client.filing(fid)
    missing = client.missing_kinds(fid)
    session.emit(
        {
            "filing_id": fid,
            "tx_hash": sent.tx_hash,
            "gas_used": sent.gas_used,
            "claim_amount": session.money(f.claim_amount),
            "window_ends": when(f.window_ends),
            "missing_kinds": list(missing),
        },
        text=f"filing {fid}: window closes {_when(f.window_ends)}; "
        f"missing: {', '.join(kind_name(k) for k in missing) or 'nothing'}",
    )


@case.command("add-material")
@chain_options
@click.argument("filing_id")
@click.option("--material", "material_specs", multiple=True, required=True, help="KIND=FILE or KIND=HASH (repeat).")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The filer or a clerk of the court.")
def add_material(session: Session, filing_id: str, material_specs: tuple[str, ...], as_account: str) -> None:
    """Add materials to a filing while its window is open."""
    client = DocketClient(session.suite, session.account(as_account))
    fid = parse_int(filing_id, "filing id")
    sent = client.add_materials(fid, [parse_material(m) for m in material_specs])
    missing = client.missing_kinds(fid)
    session.emit(
        {"filing_id": fid, "tx_hash": sent.tx_hash, "gas_used": sent.gas_used, "missing_kinds": list(missing)},
        text=f"filing {fid}: {len(material_specs)} material(s) added; "
        f"missing: {', '.join(kind_name(k) for k in missing) or 'nothing'}",
    )


@case.command("reclassify")
@chain_options
@click.argument("filing_id")
@click.argument("type_code")
@click.option("--as", "as_account", default="clerk", show_default=True, help="A clerk of the court.")
def reclassify(session: Session, filing_id: str, type_code: str, as_account: str) -> None:
    """Change the case type of an open filing."""
    client = DocketClient(session.suite, session.account(as_account))
    fid = parse_int(filing_id, "filing id")
    sent = client.reclassify(fid, type_code)
    f = client.filing(fid)
    session.emit(
        {"filing_id": fid, "case_type": type_code, "window_ends": when(f.window_ends), "tx_hash": sent.tx_hash},
        text=f"filing {fid} is now {type_code}; window closes {_when(f.window_ends)}",
    )


_REASONS = [r.name.lower().replace("_", "-") for r in RefusalReason if r != RefusalReason.NONE]


@case.command("refuse")
@chain_options
@click.argument("filing_id")
@click.option("--reason", required=True, type=click.Choice(_REASONS), help="Why the court refuses it (不予受理).")
@click.option("--ruling", required=True, help="The ruling that refuses it: FILE or its SHA-256 hash.")
@click.option("--as", "as_account", default="clerk", show_default=True, help="A clerk or registrar of the court.")
def refuse(session: Session, filing_id: str, reason: str, ruling: str, as_account: str) -> None:
    """Refuse a filing in the court's review while its window is open (不予受理): it never gets a case number.
    After the window, a complete filing that was not refused is docketed by rule by anyone (先行立案)."""
    client = DocketClient(session.suite, session.account(as_account))
    fid = parse_int(filing_id, "filing id")
    why = RefusalReason[reason.upper().replace("-", "_")]
    sent = client.refuse(fid, why, parse_hash_or_file(ruling, "ruling"))
    session.emit(
        {"filing_id": fid, "reason": why, "tx_hash": sent.tx_hash},
        text=f"filing {fid} refused in review ({reason})",
    )


@case.command("withdraw")
@chain_options
@click.argument("filing_id")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The filer.")
def withdraw(session: Session, filing_id: str, as_account: str) -> None:
    """Withdraw a filing that is not yet docketed."""
    client = DocketClient(session.suite, session.account(as_account))
    fid = parse_int(filing_id, "filing id")
    sent = client.withdraw(fid)
    session.emit({"filing_id": fid, "tx_hash": sent.tx_hash}, text=f"filing {fid} withdrawn")


# -- docketing --------------------------------------------------------------------------------------------------------


@case.command("docket")
@chain_options
@click.argument("filing_id")
@click.option("--as", "as_account", default="keeper", show_default=True, help="Anyone (a clerk may docket early).")
def docket_cmd(session: Session, filing_id: str, as_account: str) -> None:
    """Docket a filing whose window has expired (or refuse it if materials are missing)."""
    client = DocketClient(session.suite, session.account(as_account))
    try:
        r = client.docket(parse_int(filing_id, "filing id"))
    except ContractRevert as exc:
        if exc.error != "DocketWindowOpen":
            raise
        closes = int(exc.arguments["closesAt"])
        left = closes - session.chain.timestamp()
        raise InputError(f"{exc}: the window closes at {_when(closes)}, in {left} s (chain time)") from None
    data = {
        "filing_id": r.filing_id,
        "docketed": r.docketed,
        "case_number": r.case_number,
        "missing_kinds": list(r.missing_kinds),
        "tx_hash": r.sent.tx_hash,
        "gas_used": r.sent.gas_used,
    }
    text = (
        f"filing {r.filing_id} docketed as {r.case_number}"
        if r.docketed
        else f"filing {r.filing_id} refused: missing {', '.join(kind_name(k) for k in r.missing_kinds)}"
    )
    session.emit(data, text=text)


@case.command("docket-due")
@chain_options
@click.option("--batch", default="100", show_default=True, help="Ids per docketMany transaction (1..100).")
@click.option("--as", "as_account", default="keeper", show_default=True, help="Any account.")
def docket_due(session: Session, batch: str, as_account: str) -> None:
    """Docket (or refuse) every open filing whose window has expired, in batches."""
    client = DocketClient(session.suite, session.account(as_account))
    results = client.docket_due(parse_int(batch, "batch"))
    docketed = {k: v for r in results for k, v in r.docketed.items()}
    refused = {k: list(v) for r in results for k, v in r.refused.items()}
    skipped = {k: v.name.lower() for r in results for k, v in r.skipped.items()}
    rows = [(k, "docketed", v) for k, v in docketed.items()]
    rows += [(k, "refused", "missing " + ", ".join(kind_name(x) for x in v)) for k, v in refused.items()]
    rows += [(k, "skipped", v) for k, v in skipped.items()]
    session.emit(
        {
            "docketed": docketed,
            "refused": refused,
            "skipped": skipped,
            "transactions": [r.sent.tx_hash for r in results if r.sent],
        },
        table=make_table("docket-due", ["filing", "result", "detail"], rows) if rows else None,
        text=None if rows else "nothing is due",
    )


# -- views ------------------------------------------------------------------------------------------------------------


@case.command("list")
@chain_options
@click.option("--status", type=click.Choice([s.name.lower() for s in FilingStatus if s != FilingStatus.NONE]))
@click.option("--court", "court_id", default=None, help="Only this court.")
@amount_options
def list_cases(session: Session, status: str | None, court_id: str | None) -> None:
    """List filings and cases."""
    client = DocketClient(session.suite)
    fs = client.filings(
        status=FilingStatus[status.upper()] if status else None,
        court=parse_int(court_id, "court id", bits=32) if court_id else None,
    )
    rows = [_filing_row(session, f) for f in fs]
    session.emit(units_json(session, fs) if session.as_json else fs, table=make_table("cases", _FILING_COLUMNS, rows))


@case.command("show", context_settings={"ignore_unknown_options": True})  # `show -1` is a bad id, not an option
@chain_options
@click.argument("case_id")
@INDEX_OPTION
@amount_options
def show(session: Session, case_id: str, index_db: str | None) -> None:
    """A filing or case: its record, parties, materials, judgment, transfers and whole history from events."""
    client = DocketClient(session.suite)
    cid = parse_id(case_id, "CASE_ID", "a case id")
    indexed: list[Event] | None = None
    index_status: dict[str, int] | None = None
    if index_db is not None:
        from ..index import events_of

        engine, index_status = open_index(session, index_db)
        indexed = events_of(session.suite, engine, "case", cid)
    f = client.filing(cid)
    parties = client.parties(cid)
    mats = client.materials(cid)
    missing = client.missing_kinds(cid)
    judgment = client.judgment(cid) if f.status == FilingStatus.JUDGED else None
    transfers = client.transfers(cid)
    history = client.history(cid, indexed)
    data: dict[str, Any] = {
        "filing": f,
        "parties": parties,
        "materials": mats,
        "missing_kinds": list(missing),
        "judgment": judgment,
        "transfers": transfers,
        "history": history,
    }
    if index_status is not None:
        data["index"] = index_status
    if session.as_json:
        session.emit(units_json(session, data))
        return
    title = f.case_number or f"filing {cid}"
    session.emit(None, table=make_table(title, _FILING_COLUMNS, [_filing_row(session, f)]))
    session.emit(
        None, table=make_table("parties", ["role", "commitment"], [(p.role.name.lower(), p.subject) for p in parties])
    )
    session.emit(
        None,
        table=make_table(
            "materials",
            ["kind", "content hash", "added by", "at (UTC+8)"],
            [(kind_name(m.kind), m.content_hash, m.added_by, _when(m.added_at)) for m in mats],
        ),
    )
    if missing:
        session.emit(None, text="missing: " + ", ".join(kind_name(k) for k in missing))
    if judgment is not None:
        session.emit(
            None,
            table=make_table(
                f"judgment ({judgment.outcome.name.lower()})",
                ["#", "debtor", "debtor account", "creditor", "amount", "due (UTC+8)"],
                [
                    (o.index, o.debtor, o.debtor_account, o.creditor, session.yuan(o.amount), _when(o.due_date))
                    for o in judgment.obligations
                ],
            ),
        )
    if transfers:
        session.emit(
            None,
            table=make_table(
                "transfers",
                ["#", "status", "from", "to", "documents"],
                [(t.index, t.status.name.lower(), t.from_member, t.to_member, t.documents_hash) for t in transfers],
            ),
        )
    lines = [f"{_when(h.timestamp)}  block {h.block}  {h.event}: {h.text}" for h in history]
    session.emit(None, text="history\n" + "\n".join(lines))


# -- judgment and transfer --------------------------------------------------------------------------------------------


@case.command("judge")
@chain_options
@click.argument("case_id")
@click.option("--document", required=True, help="The judgment document: FILE or its SHA-256 hash.")
@click.option(
    "--outcome",
    type=click.Choice([o.name.lower().replace("_", "-") for o in Outcome if o != Outcome.NONE]),
    required=True,
)
@click.option(
    "--obligation",
    "obligations",
    multiple=True,
    help="DEBTOR,DEBTOR_ACCOUNT|-,CREDITOR,AMOUNT,DUE (repeat); AMOUNT in yuan (no thousands commas here); DUE as "
    "ISO 8601 (Beijing time without a zone), unix seconds or +30d.",
)
@CASE_REF_OPTION
@click.option("--as", "as_account", default="judge", show_default=True, help="A judge of the court holding the case.")
@amount_options
def judge(
    session: Session,
    case_id: str,
    document: str,
    outcome: str,
    obligations: tuple[str, ...],
    case_ref: str | None,
    as_account: str,
) -> None:
    """Record the judgment of a docketed case and the obligations it imposes."""
    client = DocketClient(session.suite, session.account(as_account))
    cid = parse_int(case_id, "case id")
    ctx = case_context(session, case_ref)
    obs = [parse_obligation(session, o, ctx) for o in obligations]
    sent = client.record_judgment(
        cid, parse_hash_or_file(document, "judgment document"), Outcome[outcome.upper().replace("-", "_")], obs
    )
    session.emit(
        {"case_id": cid, "tx_hash": sent.tx_hash, "gas_used": sent.gas_used, "obligations": len(obs)},
        text=f"case {cid}: judgment ({outcome}) recorded with {len(obs)} obligation(s)",
    )


@case.command("transfer")
@chain_options
@click.argument("case_id")
@click.option("--to", "to_member", required=True, help="Receiving member id (a court or procuratorate).")
@click.option("--documents", required=True, help="The transferred case file: FILE or its SHA-256 hash.")
@click.option("--as", "as_account", default="clerk", show_default=True, help="An account acting for the holder.")
def transfer(session: Session, case_id: str, to_member: str, documents: str, as_account: str) -> None:
    """Transfer a case to another organ; it takes effect when an account of the receiver accepts."""
    client = DocketClient(session.suite, session.account(as_account))
    cid = parse_int(case_id, "case id")
    index, sent = client.transfer(
        cid, parse_int(to_member, "--to", bits=32), parse_hash_or_file(documents, "documents")
    )
    session.emit(
        {"case_id": cid, "transfer_index": index, "tx_hash": sent.tx_hash},
        text=f"case {cid}: transfer {index} to member {to_member} pending acceptance",
    )


@case.command("accept-transfer")
@chain_options
@click.argument("case_id")
@click.option("--as", "as_account", default="procurator", show_default=True, help="An account of the receiver.")
def accept_transfer(session: Session, case_id: str, as_account: str) -> None:
    """Accept the pending transfer of a case."""
    client = DocketClient(session.suite, session.account(as_account))
    cid = parse_int(case_id, "case id")
    sent = client.accept_transfer(cid)
    holder = client.filing(cid).holder
    session.emit(
        {"case_id": cid, "holder": holder, "tx_hash": sent.tx_hash}, text=f"case {cid}: now held by member {holder}"
    )


@case.command("cancel-transfer")
@chain_options
@click.argument("case_id")
@click.option("--as", "as_account", default="clerk", show_default=True, help="An account acting for the holder.")
def cancel_transfer(session: Session, case_id: str, as_account: str) -> None:
    """Cancel the pending transfer of a case."""
    client = DocketClient(session.suite, session.account(as_account))
    cid = parse_int(case_id, "case id")
    sent = client.cancel_transfer(cid)
    session.emit({"case_id": cid, "tx_hash": sent.tx_hash}, text=f"case {cid}: transfer cancelled")

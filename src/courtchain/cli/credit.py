"""`courtchain credit list | delist | approve | cancel | check | history | object | resolve | subject | reasons`.

Listing and removal take two judges: `list`, `delist` and `resolve --uphold` propose, a different judge runs
`approve PROPOSAL`; no single account changes anyone's status.

A subject is given as its credit key (`--subject 0x...`) or as id type and id number, from which the credit key is
computed here, locally, with the credit platform's key (COURTCHAIN_CREDIT_KEY or COURTCHAIN_CREDIT_KEY_FILE): the id
number never leaves this process. The registry is keyed by the credit key alone (docs/privacy.md), so a salt, where
an older script still gives one, is checked for form and not used.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from .. import privacy
from ..clients.credit import (
    REASON_TEXT,
    CaseDomain,
    CreditClient,
    Entry,
    EntryKind,
    Proposal,
    ProposalKind,
    Reason,
    Restriction,
    check_subject,
    parse_domain,
    parse_kind,
    parse_reason,
)
from ..commitments import ID_TYPES, commitment, new_salt, parse_salt
from ..errors import InputError, UsageError
from ..suite import Event
from ..units import UnitError, format_time, parse_time, read_csv_rows
from .inputs import UInt, parse_int
from .session import Session, chain_options, make_table

F = TypeVar("F", bound=Callable[..., Any])
_HEX64 = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")


def register(cli: click.Group) -> None:
    cli.add_command(credit)


@click.group()
def credit() -> None:
    """Credit punishment: the dishonest-debtor list and high-consumption bans (by identity commitment)."""


# -- shared input ------------------------------------------------------------------------------------------------


def hash_arg(value: str, what: str) -> bytes:
    """64 hex digits, or the SHA-256 of a readable file."""
    if _HEX64.match(value):
        return bytes.fromhex(value.removeprefix("0x"))
    path = Path(value)
    if path.is_file():
        try:
            return hashlib.sha256(path.read_bytes()).digest()
        except OSError as exc:
            raise InputError(f"cannot read {what} file {path}: {exc.strerror}") from None
    raise InputError(f"{what} must be 64 hex digits or a readable file, got {value!r}")


def credit_subject(id_type: str, id_number: str) -> bytes:
    """The credit key of an identity (the registry's subject), with the platform's key from the environment."""
    return privacy.credit_key(privacy.load_platform_key(), id_type, id_number)


def subject_from(subject: str | None, salt: str | None, id_type: str | None, id_number: str | None) -> bytes:
    parts = (salt, id_type, id_number)
    if subject is not None:
        if any(p is not None for p in parts):
            raise InputError("give either --subject or --id-type/--id-number, not both")
        return check_subject(subject)
    if id_type is None or id_number is None:
        raise InputError("a subject needs --subject (its credit key), or --id-type and --id-number")
    if salt is not None:
        parse_salt(salt)
    return credit_subject(id_type, id_number)


def subject_options(f: F) -> F:
    @click.option("--subject", default=None, help="The subject's credit key (0x + 64 hex digits).")
    @click.option("--salt", default=None, help="Not used (the registry is keyed by the credit key); accepted.")
    @click.option("--id-type", default=None, help=f"Identity document type: {', '.join(ID_TYPES)}.")
    @click.option("--id-number", default=None, help="Identity number (normalised and checked locally).")
    @functools.wraps(f)
    def wrapper(
        *args: Any, subject: str | None, salt: str | None, id_type: str | None, id_number: str | None, **kw: Any
    ) -> Any:
        return f(*args, subject=subject_from(subject, salt, id_type, id_number), **kw)

    return cast(F, wrapper)


def when(ts: int) -> str:
    """A time as ISO 8601 with its zone, Beijing time: `2027-03-01T10:00:00+08:00`; `-` for none."""
    return format_time(ts)


def when_json(ts: int) -> str | None:
    return format_time(ts) if ts else None


def short(b: bytes) -> str:
    h = b.hex()
    return f"0x{h[:8]}…{h[-6:]}"


def _entry_json(e: Entry) -> dict[str, Any]:
    return {
        "entry_id": e.id,
        "kind": e.kind,
        "status": e.status,
        "reason": e.reason,
        "subject": e.subject,
        "domain": e.domain,
        "case_id": e.case_id,
        "starts_at": when_json(e.starts_at),
        "ends_at": when_json(e.ends_at),
        "ended_at": when_json(e.ended_at),
        "evidence_hash": e.evidence_hash,
        "listed_by": e.listed_by,
        "approved_by": e.approved_by,
    }


def _restriction_json(r: Restriction) -> dict[str, Any]:
    return dict(vars(r)) | {"dishonest_until": when_json(r.dishonest_until), "ban_until": when_json(r.ban_until)}


def _proposal_json(p: Proposal) -> dict[str, Any]:
    return {
        "proposal_id": p.id,
        "proposal_kind": p.kind,
        "proposal_status": p.status,
        "proposer": p.proposer,
        "decided_by": p.decided_by,
        "subject": p.subject,
        "entry_id": p.entry_id,
        "objection_id": p.objection_id,
    }


# -- commands ----------------------------------------------------------------------------------------------------


@credit.command("list")
@chain_options
@subject_options
@click.option("--case", "case_id", required=True, help="Source case id (in --domain).")
@click.option(
    "--domain", default="enforcement", show_default=True, help="Numbering space of --case: docket | enforcement."
)
@click.option("--kind", required=True, help="dishonest | ban")
@click.option("--reason", required=True, help="Reason code (see `courtchain credit reasons`).")
@click.option("--evidence", required=True, help="Hash (64 hex) or file of the decision ordering the listing.")
@click.option("--days", default=0, show_default="the kind's default", type=UInt(bits=32), help="Duration in days.")
@click.option("--as", "as_account", default="judge", show_default=True, help="Proposing judge.")
def list_cmd(
    session: Session,
    subject: bytes,
    case_id: str,
    domain: str,
    kind: str,
    reason: str,
    evidence: str,
    days: int,
    as_account: str,
) -> None:
    """Propose to list a subject on the dishonest-debtor list or under a high-consumption ban; a second judge
    approves it with `courtchain credit approve PROPOSAL`."""
    d = parse_domain(domain)
    k = parse_kind(kind)
    r = parse_reason(parse_int(reason, "reason code"), k)
    ev = hash_arg(evidence, "evidence")
    if days < 0:
        raise InputError("--days must not be negative")
    client = CreditClient(session.suite, session.account(as_account))
    pid, sent = client.propose_listing(subject, d, parse_int(case_id, "case id"), k, r, ev, days * 24 * 3600)
    p = client.proposal(pid)
    session.emit(
        {**_proposal_json(p), "tx_hash": sent.tx_hash, "gas_used": sent.gas_used},
        text=f"proposal {pid}: list {short(subject)} as {k.name.lower()} (reason {r.value}) from "
        f"{d.name.lower()} case {p.case_id}; awaits another judge: courtchain credit approve {pid}",
    )


@credit.command("delist")
@chain_options
@click.argument("entry_id")
@click.option("--decision", required=True, help="Hash (64 hex) or file of the correcting decision.")
@click.option("--as", "as_account", default="judge", show_default=True, help="Proposing judge.")
def delist(session: Session, entry_id: str, decision: str, as_account: str) -> None:
    """Propose to remove an entry that was listed in error (status `removed` once a second judge approves; the
    record stays). Neither judge may be one who made the entry.

    A debtor who performed is delisted by the enforcement office; an entry past its end needs nothing.
    """
    eid = parse_int(entry_id, "entry id")
    client = CreditClient(session.suite, session.account(as_account))
    pid, sent = client.propose_removal(eid, hash_arg(decision, "decision"))
    session.emit(
        {**_proposal_json(client.proposal(pid)), "tx_hash": sent.tx_hash},
        text=f"proposal {pid}: remove entry {eid}; awaits another judge: courtchain credit approve {pid}",
    )


@credit.command("approve")
@chain_options
@click.argument("proposal_id")
@click.option("--as", "as_account", default="judge2", show_default=True, help="Approving judge (not the proposer).")
def approve(session: Session, proposal_id: str, as_account: str) -> None:
    """Approve another judge's listing or removal proposal; it takes effect at once."""
    pid = parse_int(proposal_id, "proposal id")
    client = CreditClient(session.suite, session.account(as_account))
    entry, sent = client.approve(pid)
    p = client.proposal(pid)
    what = "listed" if p.kind == ProposalKind.LISTING else "removed"
    until = f" until {when(entry.ends_at)}" if p.kind == ProposalKind.LISTING else ""
    session.emit(
        {**_entry_json(entry), **_proposal_json(p), "tx_hash": sent.tx_hash, "gas_used": sent.gas_used},
        text=f"entry {entry.id}: {what} ({entry.domain.name.lower()} case {entry.case_id}, "
        f"{entry.kind.name.lower()}){until}",
    )


@credit.command("cancel")
@chain_options
@click.argument("proposal_id")
@click.option("--as", "as_account", default="judge", show_default=True, help="The proposing judge.")
def cancel(session: Session, proposal_id: str, as_account: str) -> None:
    """Withdraw one's own pending proposal."""
    pid = parse_int(proposal_id, "proposal id")
    client = CreditClient(session.suite, session.account(as_account))
    sent = client.cancel_proposal(pid)
    session.emit({**_proposal_json(client.proposal(pid)), "tx_hash": sent.tx_hash}, text=f"proposal {pid}: cancelled")


def _subjects_from_csv(path: str) -> list[tuple[int, str, bytes]]:
    """(row number, label, commitment) per data row of salt,id_type,id_number[,label]; a header row is skipped."""
    p = Path(path)
    try:
        table = read_csv_rows(p)  # UTF-8, UTF-8 with BOM, or GBK as Excel saves it on Chinese Windows
    except OSError as exc:
        raise InputError(f"cannot read CSV file {path}: {exc.strerror}") from None
    except UnitError as exc:
        raise InputError(f"cannot read CSV file {exc}") from None
    out: list[tuple[int, str, bytes]] = []
    for n, row in enumerate(table, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if n == 1 and cells[0].lower() == "salt":
            continue
        if len(cells) not in (3, 4):
            raise InputError(f"{p.name} row {n}: expected salt,id_type,id_number[,label], got {len(cells)} cells")
        try:
            if cells[0]:
                parse_salt(cells[0])
            subject = credit_subject(cells[1], cells[2])
        except InputError as exc:
            raise InputError(f"{p.name} row {n}: {exc}") from None
        out.append((n, cells[3] if len(cells) == 4 else "", subject))
    return out


def _subject_arg(n: int, value: str) -> tuple[int, str, bytes]:
    """A subject on the command line: a commitment, or SALT,ID_TYPE,ID_NUMBER."""
    if "," in value:
        cells = [c.strip() for c in value.split(",")]
        if len(cells) != 3:
            raise InputError(f"subject {n}: expected SALT,ID_TYPE,ID_NUMBER or a commitment")
        try:
            parse_salt(cells[0])
            return n, "", credit_subject(cells[1], cells[2])
        except InputError as exc:
            raise InputError(f"subject {n}: {exc}") from None
    return n, "", check_subject(value)


def _at(text: str) -> int:
    """--at: unix seconds (checked against uint256) or ISO 8601, Beijing time without a zone."""
    if text.strip().isdigit():
        return parse_int(text, "--at")
    try:
        return parse_time(text)
    except UnitError as exc:
        raise UsageError(f"--at: {exc}", option="--at") from None


@credit.command("check")
@chain_options
@click.argument("subjects", nargs=-1)
@click.option("--csv", "csv_path", default=None, help="CSV file of salt,id_type,id_number[,label] rows.")
@click.option(
    "--at", "at", default=None, help="Time to check at instead of now: ISO 8601 (Beijing time without a zone) or unix."
)
@click.option("--only-restricted", is_flag=True, help="Show only subjects with a current restriction.")
def check(
    session: Session, subjects: tuple[str, ...], csv_path: str | None, at: str | None, only_restricted: bool
) -> None:
    """Whether subjects are restricted now (batch query, no account needed).

    SUBJECTS are commitments (0x + 64 hex) or SALT,ID_TYPE,ID_NUMBER triples; --csv reads many from a file.
    Identity numbers are turned into commitments locally and never sent.
    """
    rows = [_subject_arg(n, s) for n, s in enumerate(subjects, start=1)]
    if csv_path is not None:
        rows += _subjects_from_csv(csv_path)
    if not rows:
        raise InputError("give subjects on the command line or a --csv file")
    client = CreditClient(session.suite)
    if at is None:
        results = client.check_many([s for _, _, s in rows])
    else:
        t = _at(at)
        results = [client.restriction(s, at=t) for _, _, s in rows]
    pairs: list[tuple[tuple[int, str, bytes], Restriction]] = list(zip(rows, results, strict=True))
    if only_restricted:
        pairs = [(row, r) for row, r in pairs if r.restricted]
    data = [
        {
            "row": n,
            "label": label,
            "subject": s,
            "restricted": r.restricted,
            "dishonest_debtor": r.dishonest_debtor,
            "dishonest_until": when_json(r.dishonest_until),
            "high_consumption_ban": r.high_consumption_ban,
            "ban_until": when_json(r.ban_until),
        }
        for (n, label, s), r in pairs
    ]
    table = make_table(
        "credit check" + (f" at {when(_at(at))}" if at else ""),
        ["row", "label", "subject", "restricted", "dishonest debtor until", "consumption ban until"],
        [
            (
                n,
                label,
                short(s),
                "YES" if r.restricted else "no",
                when(r.dishonest_until) if r.dishonest_debtor else "-",
                when(r.ban_until) if r.high_consumption_ban else "-",
            )
            for (n, label, s), r in pairs
        ],
    )
    restricted = sum(1 for _, r in pairs if r.restricted)
    session.emit(data, table=table, text=f"{restricted} of {len(rows)} subject(s) restricted")


def _describe(ev: Event) -> str:
    a = ev.args
    if ev.name == "EntryListed":
        return (
            f"entry {a['entryId']} listed: {EntryKind(a['kind']).name.lower()}, reason {a['reason']}, "
            f"{CaseDomain(a['domain']).name.lower()} case {a['caseId']}, {when(a['startsAt'])} to "
            f"{when(a['endsAt'])}, by {a['listedBy']}, approved by {a['approvedBy']}"
        )
    if ev.name == "ListingProposed":
        return (
            f"proposal {a['proposalId']}: list as {EntryKind(a['kind']).name.lower()}, reason {a['reason']}, "
            f"{CaseDomain(a['domain']).name.lower()} case {a['caseId']} (by {a['proposer']})"
        )
    if ev.name == "RemovalProposed":
        why = f"upholding objection {a['objectionId']}" if a["objectionId"] else "correction"
        return f"proposal {a['proposalId']}: remove entry {a['entryId']}, {why} (by {a['proposer']})"
    if ev.name == "EntryDelisted":
        return f"entry {a['entryId']} delisted: case {a['caseId']} performed (by {a['by']})"
    if ev.name == "EntryRemoved":
        why = f"objection {a['objectionId']} upheld" if a["objectionId"] else "judges' correction"
        return (
            f"entry {a['entryId']} removed: {why} (proposal {a['proposalId']} by {a['proposer']}, "
            f"approved by {a['by']})"
        )
    if ev.name == "ObjectionFiled":
        return f"objection {a['objectionId']} to entry {a['entryId']} filed by {a['objector']}"
    if ev.name == "ObjectionResolved":
        outcome = {2: "upheld", 3: "dismissed"}.get(int(a["outcome"]), str(a["outcome"]))
        return f"objection {a['objectionId']} to entry {a['entryId']} {outcome} by {a['judge']}"
    return ev.name


@credit.command("history")
@chain_options
@subject_options
def history(session: Session, subject: bytes) -> None:
    """Every entry of a subject and every listing, delisting, objection and decision about it, from the logs."""
    client = CreditClient(session.suite)
    entries = client.entries_of(subject)
    events = list(client.history(subject))
    data = {
        "subject": subject,
        "restriction": _restriction_json(client.restriction(subject)),
        "entries": [_entry_json(e) for e in entries],
        "events": [{"block": e.block, "tx_hash": e.tx_hash, "event": e.name, "args": e.args} for e in events],
    }
    table = make_table(
        f"entries of {short(subject)}",
        ["entry", "kind", "status", "reason", "case", "from", "until", "ended"],
        [
            (
                e.id,
                e.kind.name.lower(),
                e.status.name.lower(),
                e.reason,
                f"{e.domain.name.lower()} {e.case_id}",
                when(e.starts_at),
                when(e.ends_at),
                when(e.ended_at),
            )
            for e in entries
        ],
    )
    lines = [f"block {e.block}: {_describe(e)}" for e in events] or ["no events about this subject"]
    session.emit(data, table=table, text="\n".join(lines))


@credit.command("object")
@chain_options
@click.argument("entry_id")
@click.option("--application", required=True, help="Hash (64 hex) or file of the written objection application.")
@click.option("--as", "as_account", default="debtor", show_default=True, help="Objecting account (subject or lawyer).")
def object_cmd(session: Session, entry_id: str, application: str, as_account: str) -> None:
    """Object to an entry on behalf of its subject; a judge other than the listing one decides."""
    eid = parse_int(entry_id, "entry id")
    client = CreditClient(session.suite, session.account(as_account))
    oid, sent = client.object(eid, hash_arg(application, "application"))
    session.emit(
        {"objection_id": oid, "entry_id": eid, "tx_hash": sent.tx_hash},
        text=f"objection {oid} to entry {eid} filed",
    )


@credit.command("resolve")
@chain_options
@click.argument("objection_id")
@click.option("--uphold/--dismiss", "upheld", required=True, help="Propose upholding (removal) or dismiss at once.")
@click.option("--decision", required=True, help="Hash (64 hex) or file of the decision.")
@click.option("--as", "as_account", default="judge2", show_default=True, help="Deciding judge (not the listing one).")
def resolve(session: Session, objection_id: str, upheld: bool, decision: str, as_account: str) -> None:
    """Decide an objection: dismiss it (one judge), or propose to uphold it, which removes the entry once a second
    judge approves (`courtchain credit approve PROPOSAL`)."""
    oid = parse_int(objection_id, "objection id")
    client = CreditClient(session.suite, session.account(as_account))
    o = client.objection(oid)
    if upheld:
        pid, sent = client.propose_removal(o.entry_id, hash_arg(decision, "decision"), objection_id=oid)
        session.emit(
            {**_proposal_json(client.proposal(pid)), "outcome": "pending", "tx_hash": sent.tx_hash},
            text=f"proposal {pid}: uphold objection {oid} and remove entry {o.entry_id}; awaits another judge: "
            f"courtchain credit approve {pid}",
        )
        return
    sent = client.dismiss_objection(oid, hash_arg(decision, "decision"))
    o = client.objection(oid)
    entry = client.entry(o.entry_id)
    session.emit(
        {
            "objection_id": oid,
            "outcome": o.status,
            "entry_id": entry.id,
            "entry_status": entry.status,
            "tx_hash": sent.tx_hash,
        },
        text=f"objection {oid} {o.status.name.lower()}; entry {entry.id} is {entry.status.name.lower()}",
    )


@credit.command("subject")
@click.option("--salt", default=None, help="Salt (64 hex digits); a new random one if omitted.")
@click.option("--id-type", required=True, help=f"Identity document type: {', '.join(ID_TYPES)}.")
@click.option("--id-number", required=True, help="Identity number.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def subject_cmd(salt: str | None, id_type: str, id_number: str, as_json: bool) -> None:
    """A member's record of a person: a salt (new if omitted) and its salted commitment, locally (no chain). Keep the
    salt with the record: the person's per-case pseudonyms derive from it (docs/privacy.md); the credit registry is
    keyed by `credit key`, not by this commitment."""
    s = parse_salt(salt) if salt else new_salt()
    c = commitment(s, id_type, id_number)
    session = Session(None, as_json)
    session.emit({"salt": s, "subject": c}, text=f"salt    0x{s.hex()}\nsubject 0x{c.hex()}")


@credit.command("key")
@click.option("--id-type", required=True, help=f"Identity document type: {', '.join(ID_TYPES)}.")
@click.option("--id-number", required=True, help="Identity number.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def key_cmd(id_type: str, id_number: str, as_json: bool) -> None:
    """Compute a person's credit key locally (no chain): the one subject of the credit registry, the same whichever
    member computes it. Needs the credit platform's key (COURTCHAIN_CREDIT_KEY or COURTCHAIN_CREDIT_KEY_FILE)."""
    k = privacy.credit_key(privacy.load_platform_key(), id_type, id_number)
    Session(None, as_json).emit({"credit_key": k}, text=f"credit key 0x{k.hex()}")


@credit.command("reasons")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def reasons(as_json: bool) -> None:
    """The reason codes of each entry kind."""
    rows = [(r.value, r.kind.name.lower(), REASON_TEXT[r]) for r in Reason]
    Session(None, as_json).emit(
        [{"code": c, "kind": k, "meaning": m} for c, k, m in rows],
        table=make_table("reason codes", ["code", "kind", "meaning"], rows),
    )

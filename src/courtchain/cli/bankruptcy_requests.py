"""`courtchain bankruptcy request support | sign | relay | recount | answer | show` and `courtchain bankruptcy committee
propose | approve | support | report | show`: creditors' meetings requested on chain (Enterprise Bankruptcy Law
art. 62) and the creditors' committee (art. 67-69). Amounts in yuan, times in Beijing time (ISO 8601)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..clients import bankruptcy as bk
from ..clients import meeting_requests as mr
from ..clients.base import check_hash
from ..errors import InputError
from ..units import UnitError, amount_json, format_time, parse_time
from .inputs import address_or_account, parse_int
from .inputs import choice as _choice
from .inputs import hash_or_text as _hash_or_text
from .session import Session, chain_options
from .session import emit_sent as _done


def register(group: click.Group) -> None:
    group.add_command(request)
    group.add_command(committee)


@click.group()
def request() -> None:
    """Creditors' meetings requested on chain by creditors holding a quarter of the claims (art. 62)."""


@click.group()
def committee() -> None:
    """The creditors' committee (art. 67-69): appointed by two judges, requests meetings, receives art. 69 reports."""


def _request_json(session: Session, r: mr.Request, client: mr.MeetingRequestsClient) -> dict[str, Any]:
    d = session.decimals
    out: dict[str, Any] = {
        "request_id": r.request_id,
        "case_id": r.case_id,
        "kind": r.kind.name.lower(),
        "status": r.status.name.lower(),
        "supporters": r.supporters,
        "opened_at": format_time(r.opened_at),
        "reached_at": format_time(r.reached_at) if r.reached_at else None,
        "due_at": format_time(client.due_at(r.request_id)) if r.reached_at else None,
        "overdue": client.is_overdue(r.request_id),
        "answered_by_meeting": r.answered_by or None,
    }
    if r.kind == mr.RequestKind.CREDITORS:
        total = client.total_claims(r.case_id)
        out["support"] = amount_json(r.support, d)
        out["total_claims"] = amount_json(total, d)
        out["quarter_reached"] = mr.reaches_quarter(r.support, total)
    else:
        out["committee"] = r.term
    return out


def _status_text(r: mr.Request) -> str:
    words = {
        mr.RequestStatus.OPEN: "collecting support",
        mr.RequestStatus.REACHED: "threshold reached: a meeting is due",
        mr.RequestStatus.ANSWERED: "answered",
    }
    return f"request {r.request_id} ({r.kind.name.lower()}): {words.get(r.status, r.status.name.lower())}"


@request.command("support")
@chain_options
@click.argument("case_id")
@click.argument("claim_id")
@click.option("--as", "as_account", default="creditor", show_default=True, help="The claim's voting account.")
def support(session: Session, case_id: str, claim_id: str, as_account: str) -> None:
    """Join CASE_ID's current request for a creditors' meeting with CLAIM_ID (opening one if none is pending)."""
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    rid, sent = client.support(parse_int(case_id, "case id"), parse_int(claim_id, "claim id"))
    r = client.get_request(rid)
    _done(
        session, {"request_id": rid, "claim_id": int(claim_id), "status": r.status.name.lower()}, sent, _status_text(r)
    )


@request.command("sign")
@chain_options
@click.argument("request_id")
@click.argument("claim_id")
@click.option("--deadline", required=True, help="The signature's last valid time (ISO 8601).")
@click.option("--as", "as_account", default="creditor", show_default=True, help="The claim's voting account.")
def sign(session: Session, request_id: str, claim_id: str, deadline: str, as_account: str) -> None:
    """Sign support of REQUEST_ID with CLAIM_ID off chain (EIP-712), for anyone to relay; nothing is sent."""
    try:
        until = parse_time(deadline)
    except UnitError as exc:
        raise InputError(f"--deadline: {exc}") from None
    s = mr.sign_support(
        session.account(as_account),
        session.suite.chain.chain_id,
        session.suite.address("MeetingRequests"),
        parse_int(request_id, "request id", minimum=1),
        parse_int(claim_id, "claim id", minimum=1),
        until,
    )
    item = {"claim_id": s.claim_id, "deadline": s.deadline, "v": s.v, "r": "0x" + s.r.hex(), "s": "0x" + s.s.hex()}
    session.emit({"request_id": s.request_id, "support": item}, text=json.dumps(item))


@request.command("relay")
@chain_options
@click.argument("request_id")
@click.argument("items", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "as_account", default="keeper", show_default=True, help="Anyone: the signatures authenticate.")
def relay(session: Session, request_id: str, items: Path, as_account: str) -> None:
    """Relay signed support (a JSON list of {claim_id, deadline, v, r, s}) to REQUEST_ID; a bad item is skipped with
    its reason."""
    rid = parse_int(request_id, "request id", minimum=1)
    try:
        rows = json.loads(items.read_text(encoding="utf-8"))
        signed = [
            mr.SignedSupport(
                rid,
                int(i["claim_id"]),
                int(i["deadline"]),
                int(i["v"]),
                check_hash(i["r"], "r"),
                check_hash(i["s"], "s"),
            )
            for i in rows
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"support file {items}: {exc}") from None
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    sent = client.relay(rid, signed)
    skipped = [
        {"claim_id": int(e.args["claimId"]), "reason": mr.SupportSkipReason(int(e.args["reason"])).name.lower()}
        for e in sent.all("SupportSkipped")
    ]
    joined = len(sent.all("RequestSupported"))
    status = client.get_request(rid).status.name.lower()
    _done(
        session,
        {"request_id": rid, "joined": joined, "skipped": skipped, "status": status},
        sent,
        f"{joined} claims joined, {len(skipped)} skipped; request {rid} {status}",
    )


@request.command("recount")
@chain_options
@click.argument("request_id")
@click.argument("claim_ids", nargs=-1)
@click.option("--as", "as_account", default="keeper", show_default=True, help="Anyone.")
def recount(session: Session, request_id: str, claim_ids: tuple[str, ...], as_account: str) -> None:
    """Recount joined CLAIM_IDS of REQUEST_ID to their current voting amounts (a reduced or rejected claim no longer
    counts what it did) and re-check the quarter."""
    rid = parse_int(request_id, "request id", minimum=1)
    ids = [parse_int(c, "claim id") for c in claim_ids]
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    sent = client.recount(rid, ids)
    changed = [int(e.args["claimId"]) for e in sent.all("SupportRecounted")]
    r = client.get_request(rid)
    _done(session, {"request_id": rid, "changed": changed, "status": r.status.name.lower()}, sent, _status_text(r))


@request.command("answer")
@chain_options
@click.argument("request_id")
@click.argument("meeting_id")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The administrator or a judge.")
def answer(session: Session, request_id: str, meeting_id: str, as_account: str) -> None:
    """Answer REQUEST_ID with MEETING_ID, a meeting of the case convened after the request."""
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    rid = parse_int(request_id, "request id", minimum=1)
    sent = client.answer(rid, parse_int(meeting_id, "meeting id", minimum=1))
    late = bool(sent.event("RequestAnswered").args["late"])
    text = f"request {rid} answered by meeting {meeting_id}" + (" (late: after the 15 days)" if late else "")
    _done(session, {"request_id": rid, "meeting_id": int(meeting_id), "late": late}, sent, text)


@request.command("show")
@chain_options
@click.argument("ref")
@click.option("--case", "by_case", is_flag=True, help="REF is a case id: show its pending creditors' request.")
def show_request(session: Session, ref: str, by_case: bool) -> None:
    """A request: support against the total claims, status, reached time, due time, the meeting that answered it."""
    client = mr.MeetingRequestsClient(session.suite)
    rid = parse_int(ref, "case id" if by_case else "request id", minimum=1)
    if by_case:
        case_id = rid
        rid = client.current(case_id)
        if rid == 0:
            raise InputError(f"case {case_id} has no pending creditors' request")
    data = _request_json(session, client.get_request(rid), client)
    session.emit(data, text=json.dumps(data, ensure_ascii=False, indent=2))


# -- committee ----------------------------------------------------------------------------------------------------


@committee.command("propose")
@chain_options
@click.argument("case_id")
@click.option("--chosen-by", required=True, help="The meeting whose ordinary resolution chose the members.")
@click.option("--item", default="0", show_default=True, help="That resolution's agenda item in the meeting.")
@click.option("--rep", "reps", multiple=True, required=True, help="A creditors' representative (1 to 8; repeat).")
@click.option("--employee", required=True, help="The employees' or trade union's representative.")
@click.option("--decision", default=None, help="Hash (or reference text) of the court's written decision.")
@click.option("--as", "as_account", default="judge", show_default=True, help="The proposing judge.")
@click.option("--approve-as", default=None, help="A second judge who approves at once.")
def propose(
    session: Session, case_id: str, chosen_by: str, item: str, reps: tuple[str, ...], employee: str,
    decision: str | None, as_account: str, approve_as: str | None,
) -> None:  # fmt: skip
    """Propose the committee of CASE_ID for the court's decision (art. 67): at most 9 members in all."""
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    aid = client.propose_committee(
        parse_int(case_id, "case id"),
        bk.resolution_ref(parse_int(chosen_by, "--chosen-by", minimum=1, bits=128), parse_int(item, "--item")),
        [address_or_account(r, "--rep", session.account) for r in reps],
        address_or_account(employee, "--employee", session.account),
        _hash_or_text(decision, "decision"),
    )
    approved = False
    if approve_as:
        mr.MeetingRequestsClient(session.suite, session.account(approve_as)).approve_committee(aid)
        approved = True
    text = f"committee {aid} " + ("in office" if approved else "proposed; a second judge approves it")
    session.emit({"case_id": int(case_id), "appointment_id": aid, "in_office": approved}, text=text)


@committee.command("approve")
@chain_options
@click.argument("appointment_id")
@click.option("--as", "as_account", default="judge2", show_default=True, help="A judge other than the proposer.")
def approve(session: Session, appointment_id: str, as_account: str) -> None:
    """Approve APPOINTMENT_ID: its members take office (the court's written decision, art. 67)."""
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    aid = parse_int(appointment_id, "appointment id", minimum=1)
    sent = client.approve_committee(aid)
    _done(session, {"appointment_id": aid}, sent, f"committee {aid} in office")


@committee.command("support")
@chain_options
@click.argument("case_id")
@click.option("--as", "as_account", default="creditor", show_default=True, help="A member of the committee.")
def committee_support(session: Session, case_id: str, as_account: str) -> None:
    """Join the committee's request for a creditors' meeting of CASE_ID (more than half of all members make it)."""
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    rid, sent = client.committee_support(parse_int(case_id, "case id"))
    r = client.get_request(rid)
    _done(session, {"request_id": rid, "status": r.status.name.lower()}, sent, _status_text(r))


@committee.command("report")
@chain_options
@click.argument("case_id")
@click.argument("kind")
@click.argument("document")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The case's administrator.")
def report(session: Session, case_id: str, kind: str, document: str, as_account: str) -> None:
    """Report an act of art. 69 (KIND: real-property, property-rights, inventory-or-business, borrowing, security,
    claims-and-securities, executory-contract, waiver, collateral-recovery, other-disposal) with DOCUMENT (a hash,
    or reference text hashed) to the committee (to the court where none is in office)."""
    client = mr.MeetingRequestsClient(session.suite, session.account(as_account))
    k = _choice(mr.SupervisedAct, kind, "act kind")
    rid = client.report_act(parse_int(case_id, "case id"), k, _hash_or_text(document, "document"))
    rep = client.get_report(rid)
    to = f"committee {rep.term}" if rep.term else "the court (no committee)"
    session.emit(
        {"case_id": rep.case_id, "report_id": rid, "kind": k.name.lower().replace("_", "-"), "committee": rep.term},
        text=f"report {rid} ({k.name.lower()}) to {to}",
    )


@committee.command("show")
@chain_options
@click.argument("case_id")
def show_committee(session: Session, case_id: str) -> None:
    """CASE_ID's committee in office: members, the meeting that chose them, both judges; its pending request."""
    client = mr.MeetingRequestsClient(session.suite)
    cid = parse_int(case_id, "case id")
    aid = client.committee_of(cid)
    data: dict[str, Any] = {"case_id": cid, "appointment_id": aid or None}
    if aid:
        a = client.get_appointment(aid)
        data.update(
            creditor_reps=list(a.creditor_reps),
            employee_rep=a.employee_rep,
            chosen_by_meeting=bk.split_resolution_ref(a.chosen_by)[0],
            chosen_by_item=bk.split_resolution_ref(a.chosen_by)[1],
            proposer=a.proposer,
            approver=a.approver,
            in_office_since=format_time(a.approved_at),
            decision="0x" + a.decision.hex(),
        )
    rid = client.current(cid, mr.RequestKind.COMMITTEE)
    data["pending_request"] = _request_json(session, client.get_request(rid), client) if rid else None
    session.emit(data, text=json.dumps(data, ensure_ascii=False, indent=2))

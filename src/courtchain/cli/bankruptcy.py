"""`courtchain bankruptcy open | act | claim | review | meeting | vote | relay | close | distribute | show`: the
bankruptcy estate under the Enterprise Bankruptcy Law (claims, creditors' meetings, distribution). Amounts in yuan,
times in Beijing time (ISO 8601)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..clients import bankruptcy as bk
from ..clients.base import check_hash
from ..errors import InputError
from ..units import UnitError, amount_json, format_time, parse_time
from .inputs import address_or_account, parse_int
from .inputs import choice as _choice
from .inputs import hash_or_text as _hash_or_text
from .session import Session, chain_options, make_table
from .session import emit_sent as _done

ZERO = b"\0" * 32


def register(cli: click.Group) -> None:
    cli.add_command(bankruptcy)


@click.group()
def bankruptcy() -> None:
    """Bankruptcy estate: claims, creditors' meetings with ballots by heads and amount, distribution (破产)."""


def _time(text: str, what: str) -> int:
    try:
        return parse_time(text)
    except UnitError as exc:
        raise InputError(f"{what}: {exc}") from None


@bankruptcy.command("open")
@chain_options
@click.argument("debtor")
@click.argument("administrator")
@click.option("--announced", required=True, help="Acceptance announcement (ISO 8601, Beijing time by default).")
@click.option("--deadline", required=True, help="Filing deadline: 30 days to 3 months after the announcement.")
@click.option("--small-claims", default="0", show_default=True, help="Small-claims group limit in yuan (0: none).")
@click.option("--basis", default=None, help="Hash (or reference text) of the ruling accepting the case.")
@click.option("--as", "as_account", default="judge", show_default=True, help="The proposing judge.")
@click.option("--approve-as", default=None, help="A second judge who approves the opening at once.")
def open_case(
    session: Session,
    debtor: str,
    administrator: str,
    announced: str,
    deadline: str,
    small_claims: str,
    basis: str | None,
    as_account: str,
    approve_as: str | None,
) -> None:
    """Open a bankruptcy case: DEBTOR commitment (64 hex), ADMINISTRATOR account (管理人). Two judges: the opening
    is proposed here and approved by another judge (--approve-as, or `bankruptcy open` is followed by an approval)."""
    judge = bk.BankruptcyClient(session.suite, session.account(as_account))
    case_id, act, sent = judge.propose_opening(
        check_hash(debtor, "debtor commitment"),
        address_or_account(administrator, "administrator", session.account),
        _time(announced, "--announced"),
        _time(deadline, "--deadline"),
        session.amount(small_claims, "--small-claims"),
        _hash_or_text(basis, "basis"),
    )
    approved = False
    if approve_as:
        sent = bk.BankruptcyClient(session.suite, session.account(approve_as)).approve_act(act)
        approved = True
    text = f"bankruptcy case {case_id} " + ("opened" if approved else f"proposed; act {act} awaits a second judge")
    _done(session, {"case_id": case_id, "act_id": act, "opened": approved}, sent, text)


@bankruptcy.command("claim")
@chain_options
@click.argument("case_id")
@click.argument("amount")
@click.option("--kind", default="ordinary", show_default=True, help="ordinary, tax, social-insurance (filed); "
              "employee, expense, common-benefit (listed by the administrator with --for).")  # fmt: skip
@click.option("--secured", is_flag=True, help="A claim secured on the debtor's property.")
@click.option("--for", "for_account", default=None, help="The claimant, when the administrator lists the claim.")
@click.option("--evidence", default=None, help="Hash (or reference text) of the evidence (art. 49).")
@click.option("--as", "as_account", default="creditor", show_default=True, help="The creditor (or administrator).")
def claim(
    session: Session,
    case_id: str,
    amount: str,
    kind: str,
    secured: bool,
    for_account: str | None,
    evidence: str | None,
    as_account: str,
) -> None:
    """File a claim of AMOUNT yuan in CASE_ID (or list one with --for, as the administrator)."""
    client = bk.BankruptcyClient(session.suite, session.account(as_account))
    k = _choice(bk.ClaimKind, kind, "claim kind")
    units = session.amount(amount, "amount")
    ev = _hash_or_text(evidence, "evidence")
    cid = parse_int(case_id, "case id")
    if for_account:
        claim_id = client.list_claim(cid, address_or_account(for_account, "--for", session.account), k, units, ZERO, ev)
    else:
        claim_id = client.file_claim(cid, units, k, secured, ZERO, ev)
    c = client.get_claim(claim_id)
    session.emit(
        {"case_id": cid, "claim_id": claim_id, "kind": k.name.lower(), "amount": amount_json(units, session.decimals),
         "late": c.late},
        text=f"claim {claim_id} filed in case {cid}" + (" (late: joins only later rounds, art. 56)" if c.late else ""),
    )  # fmt: skip


@bankruptcy.command("review")
@chain_options
@click.argument("claim_id")
@click.argument("amount")
@click.option("--reject", is_flag=True, help="Reject the claim (AMOUNT is then 0).")
@click.option("--basis", default=None, help="Hash (or reference text) of the review's reasons.")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The case's administrator.")
def review(session: Session, claim_id: str, amount: str, reject: bool, basis: str | None, as_account: str) -> None:
    """Review CLAIM_ID into the claims table at AMOUNT yuan (art. 57)."""
    client = bk.BankruptcyClient(session.suite, session.account(as_account))
    units = 0 if reject else session.amount(amount, "amount")
    sent = client.review_claim(parse_int(claim_id, "claim id"), not reject, units, _hash_or_text(basis, "basis"))
    status = "rejected" if reject else "reviewed"
    _done(session, {"claim_id": int(claim_id), "status": status}, sent, f"claim {claim_id} {status}")


@bankruptcy.command("meeting")
@chain_options
@click.argument("case_id")
@click.argument("kinds")
@click.option("--starts", required=True, help="Voting opens (ISO 8601): at least 15 days from now (art. 63).")
@click.option("--closes", required=True, help="Voting closes (ISO 8601).")
@click.option(
    "--parent", default="0", show_default=True,
    help="MEETING or MEETING:ITEM, a failed plan item whose failing classes re-vote on the agenda's plan item.",
)  # fmt: skip
@click.option("--equity", is_flag=True, help="The agenda's plan item adjusts the shareholders' equity (art. 85).")
@click.option("--agenda", default=None, help="Hash (or reference text) of the agenda.")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The administrator or a judge.")
def meeting(
    session: Session, case_id: str, kinds: str, starts: str, closes: str, parent: str, equity: bool,
    agenda: str | None, as_account: str,
) -> None:  # fmt: skip
    """Convene a creditors' meeting of CASE_ID on an agenda of 1 to 8 resolutions, KINDS comma-separated in order:
    ordinary, composition, distribution-plan or reorganisation (e.g. ordinary,ordinary,distribution-plan).
    --parent and --equity apply to the agenda's reorganisation item (there must be exactly one)."""
    kind_list = [_choice(bk.ResolutionKind, k.strip(), "resolution kind") for k in kinds.split(",")]
    parent_id, _, parent_item = parent.partition(":")
    pid = parse_int(parent_id, "--parent")
    pitem = parse_int(parent_item or "0", "--parent item")
    plans = [i for i, k in enumerate(kind_list) if k == bk.ResolutionKind.REORGANISATION]
    if (pid or equity) and len(plans) != 1:
        raise InputError("--parent and --equity need exactly one reorganisation item on the agenda")
    items = [
        bk.AgendaItem(k, equity, pid, pitem) if k == bk.ResolutionKind.REORGANISATION else bk.AgendaItem(k)
        for k in kind_list
    ]
    client = bk.MeetingClient(session.suite, session.account(as_account))
    mid = client.convene_agenda(
        parse_int(case_id, "case id"), items, _time(starts, "--starts"), _time(closes, "--closes"),
        _hash_or_text(agenda, "agenda"),
    )  # fmt: skip
    session.emit(
        {"case_id": int(case_id), "meeting_id": mid, "items": [_kebab(k) for k in kind_list]},
        text=f"meeting {mid} convened ({len(items)} items)",
    )


@bankruptcy.command("shareholder")
@chain_options
@click.argument("case_id")
@click.argument("holder_key")
@click.argument("account")
@click.argument("share")
@click.option("--as", "as_account", default="litigant", show_default=True, help="The case's administrator.")
@click.option("--approve-as", default=None, help="A judge who approves the registration at once.")
def shareholder(
    session: Session, case_id: str, holder_key: str, account: str, share: str, as_account: str,
    approve_as: str | None,
) -> None:  # fmt: skip
    """Register a shareholder of the debtor for the shareholders' class (出资人组, art. 85): HOLDER_KEY its
    commitment (hash or reference text), ACCOUNT the account that votes, SHARE its voting rights as a percentage of
    the equity with up to 4 decimals (e.g. 12.5 or 12.5%), kept in millionths. Two persons: the administrator
    registers, a judge approves (--approve-as, or `bankruptcy approve-shareholder`); until then it has no vote."""
    millionths = _share(share)
    client = bk.MeetingClient(session.suite, session.account(as_account))
    voter = client.register_shareholder(
        parse_int(case_id, "case id"),
        _hash_or_text(holder_key, "holder key"),
        address_or_account(account, "account", session.account),
        millionths,
    )
    approved = False
    if approve_as:
        bk.MeetingClient(session.suite, session.account(approve_as)).approve_shareholder(voter)
        approved = True
    state = "approved" if approved else "pending; a judge approves it"
    session.emit(
        {"case_id": int(case_id), "voter_id": str(voter), "share_millionths": millionths, "approved": approved},
        text=f"shareholder registered: voter id {voter}, {millionths / 10_000:g} %, {state}",
    )


@bankruptcy.command("approve-shareholder")
@chain_options
@click.argument("voter_id")
@click.option("--as", "as_account", default="judge", show_default=True, help="A judge other than the registrant.")
def approve_shareholder(session: Session, voter_id: str, as_account: str) -> None:
    """Approve the pending shareholder VOTER_ID (art. 85): its share counts in the shareholders' class from now on."""
    vid = parse_int(voter_id, "voter id")
    client = bk.MeetingClient(session.suite, session.account(as_account))
    sent = client.approve_shareholder(bk.check_shareholder_id(vid))
    _done(session, {"voter_id": str(vid)}, sent, f"shareholder {vid} approved")


def _kebab(member: Any) -> str:
    return str(member.name).lower().replace("_", "-")


def _share(text: str) -> int:
    t = text.strip().removesuffix("%").strip()
    whole, _, frac = t.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 4:
        raise InputError(f"share must be a percentage with up to 4 decimals, got {text!r}")
    value = int(whole) * 10_000 + int((frac + "0000")[:4])
    if not 0 < value <= bk.EQUITY:
        raise InputError(f"share must be more than 0 and at most 100 %, got {text!r}")
    return value


def _choices(text: str) -> list[bk.Choice]:
    """Comma-separated choices, one per agenda item in order; `none` (or `-`) where the voter has no vote."""
    out = [bk.Choice.NONE if c.strip() in ("-", "none") else _choice(bk.Choice, c.strip(), "choice")
           for c in text.split(",")]  # fmt: skip
    if not 1 <= len(out) <= bk.MAX_ITEMS:
        raise InputError(f"a ballot carries 1 to {bk.MAX_ITEMS} choices")
    return out


@bankruptcy.command("vote")
@chain_options
@click.argument("meeting_id")
@click.argument("claim_id")
@click.argument("choices")
@click.option("--as", "as_account", default="creditor", show_default=True, help="The claim's account.")
def vote(session: Session, meeting_id: str, claim_id: str, choices: str, as_account: str) -> None:
    """Cast the ballot of CLAIM_ID (or a shareholder's voter id) in MEETING_ID: CHOICES one per agenda item,
    comma-separated: for, against, abstain, or none where the voter has no vote (e.g. for,against,none)."""
    client = bk.MeetingClient(session.suite, session.account(as_account))
    chs = _choices(choices)
    sent = client.vote(parse_int(meeting_id, "meeting id"), parse_int(claim_id, "claim id"), chs)
    _done(
        session,
        {"meeting_id": int(meeting_id), "claim_id": int(claim_id), "choices": [c.name.lower() for c in chs],
         "skipped_items": [int(e.args["item"]) for e in sent.all("BallotItemSkipped")]},
        sent,
        f"ballot of claim {claim_id} counted",
    )  # fmt: skip


@bankruptcy.command("relay")
@chain_options
@click.argument("meeting_id")
@click.argument("ballots", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "as_account", default="litigant", show_default=True, help="The case's administrator.")
def relay(session: Session, meeting_id: str, ballots: Path, as_account: str) -> None:
    """Relay the EIP-712 BALLOTS (a JSON list of {claim_id, choices, nonce, deadline, v, r, s}; `choices` a list of
    for/against/abstain/none, one per agenda item, or `choice` for a one-item meeting) to MEETING_ID; a bad ballot is
    skipped with its reason, the others are counted."""
    mid = parse_int(meeting_id, "meeting id")
    try:
        rows = json.loads(ballots.read_text(encoding="utf-8"))
        signed = [
            bk.SignedBallot(
                mid, int(b["claim_id"]),
                bk.pack_choices(_choices(",".join(b["choices"]) if "choices" in b else str(b["choice"]))),
                int(b["nonce"]), int(b["deadline"]), int(b["v"]), check_hash(b["r"], "r"), check_hash(b["s"], "s"),
            )
            for b in rows
        ]  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"ballots file {ballots}: {exc}") from None
    sent = bk.MeetingClient(session.suite, session.account(as_account)).relay(mid, signed)
    skipped = [
        {"claim_id": int(e.args["claimId"]), "reason": bk.SkipReason(int(e.args["reason"])).name.lower()}
        for e in sent.all("BallotSkipped")
    ]
    counted = len(sent.all("BallotCast"))
    _done(
        session,
        {"meeting_id": mid, "counted": counted, "skipped": skipped},
        sent,
        f"{counted} ballots counted, {len(skipped)} skipped",
    )


def _result_rows(session: Session, results: list[bk.ClassResult]) -> list[dict[str, Any]]:
    d = session.decimals
    return [
        {
            "item": r.item,
            "class": r.vote_class.name.lower(),
            "passed": r.passed,
            "heads": {"for": r.for_heads, "against": r.against_heads, "present": r.present_heads,
                      "total": r.total_heads, "for_percent_of_present": bk.percent(r.for_heads, r.present_heads)},
            "amount": {"for": amount_json(r.for_amount, d), "against": amount_json(r.against_amount, d),
                       "present": amount_json(r.present_amount, d), "total": amount_json(r.total_amount, d),
                       "for_percent_of_total": bk.percent(r.for_amount, r.total_amount)},
        }
        for r in results
    ]  # fmt: skip


@bankruptcy.command("close")
@chain_options
@click.argument("meeting_id")
@click.option("--as", "as_account", default="keeper", show_default=True, help="Anyone, once voting closed.")
def close(session: Session, meeting_id: str, as_account: str) -> None:
    """Close MEETING_ID and publish each agenda item's result and its count per class (heads and amounts for,
    against, present, total). The status is passed when every item passed."""
    client = bk.MeetingClient(session.suite, session.account(as_account))
    status, results, sent = client.close(parse_int(meeting_id, "meeting id"))
    rows = _result_rows(session, results)
    items = [
        {"item": int(e.args["item"]), "kind": _kebab(bk.ResolutionKind(int(e.args["kind"]))),
         "status": bk.ResolutionStatus(int(e.args["status"])).name.lower()}
        for e in sent.all("ItemClosed")
    ]  # fmt: skip
    table = make_table(
        f"会议 {meeting_id}: {status.name.lower()}",
        ["item", "class", "passed", "heads for/present/total", "for % heads", "amount for % of total"],
        [
            (str(r["item"]), r["class"], "yes" if r["passed"] else "no",
             f"{r['heads']['for']}/{r['heads']['present']}/{r['heads']['total']}",
             r["heads"]["for_percent_of_present"], r["amount"]["for_percent_of_total"])
            for r in rows
        ],
    )  # fmt: skip
    if session.as_json:
        session.emit({"meeting_id": int(meeting_id), "status": status.name.lower(), "items": items, "classes": rows,
                      "tx_hash": sent.tx_hash, "gas_used": sent.gas_used})  # fmt: skip
    else:
        session.emit({}, table=table)


@bankruptcy.command("distribute")
@chain_options
@click.argument("case_id")
@click.option("--max", "max_claims", default="300", show_default=True, help="Claims per transaction (page).")
@click.option("--as", "as_account", default="keeper", show_default=True, help="Anyone, once a round is approved.")
def distribute(session: Session, case_id: str, max_claims: str, as_account: str) -> None:
    """Page the approved distribution round of CASE_ID until it completes."""
    client = bk.BankruptcyClient(session.suite, session.account(as_account))
    cid = parse_int(case_id, "case id")
    page = parse_int(max_claims, "--max", minimum=1)
    pages, gas, done = 0, 0, False
    while not done:
        sent = client.distribute(cid, page)
        pages, gas = pages + 1, gas + sent.gas_used
        done = bool(sent.all("RoundCompleted"))
    session.emit({"case_id": cid, "pages": pages, "gas_used": gas}, text=f"round completed in {pages} pages")


@bankruptcy.command("lapse")
@chain_options
@click.argument("claim_id")
@click.option("--max", "max_claims", default="300", show_default=True, help="Claims per transaction (page).")
@click.option("--as", "as_account", default="keeper", show_default=True, help="Anyone, once the deadline passed.")
def lapse(session: Session, claim_id: str, max_claims: str, as_account: str) -> None:
    """Past its statutory deadline, send CLAIM_ID's money to the other creditors (art. 118: credited and not
    collected two months after the final distribution; art. 119: the reserve of a claim still litigated two years
    after closing), in a round of exactly that amount paged until it completes. No payee is chosen."""
    client = bk.BankruptcyClient(session.suite, session.account(as_account))
    cid = parse_int(claim_id, "claim id", minimum=1)
    page = parse_int(max_claims, "--max", minimum=1)
    amount, article, sent = client.lapse(cid)
    ev = sent.event("Lapsed").args
    case_id = int(ev["caseId"])
    pages, gas, done = 0, sent.gas_used, False
    while not done:
        p = client.distribute(case_id, page)
        pages, gas = pages + 1, gas + p.gas_used
        done = bool(p.all("RoundCompleted"))
    money = amount_json(amount, session.decimals)
    data = {
        "claim_id": cid,
        "case_id": case_id,
        "article": article,
        "amount": money,
        "round": int(ev["round"]),
        "pages": pages,
        "tx_hash": sent.tx_hash,
        "gas_used": gas,
    }
    session.emit(data, text=f"claim {cid}: {money['yuan']} yuan to the other creditors (art. {article})")


def _time_or_none(t: int) -> str | None:
    return format_time(t) if t else None


@bankruptcy.command("show")
@chain_options
@click.argument("case_id")
def show(session: Session, case_id: str) -> None:
    """The case: status, deadlines (filing; final distribution, closing and the release deadlines of art. 118-119),
    money held, credited, reserved; the claims table's totals per voting class."""
    client = bk.BankruptcyClient(session.suite)
    meet = bk.MeetingClient(session.suite)
    cid = parse_int(case_id, "case id")
    c = client.get_case(cid)
    unclaimed, litigated = client.release_deadlines(cid)
    d = session.decimals
    classes = {
        v.name.lower(): dict(zip(("heads", "amount"), meet.class_totals(cid, v), strict=True))
        for v in bk.VoteClass
        if v != bk.VoteClass.NONE
    }
    data = {
        "case_id": cid,
        "status": c["status"].name.lower(),
        "administrator": c["administrator"],
        "claims": c["claim_count"],
        "announced_at": format_time(c["announced_at"]),
        "filing_deadline": format_time(c["filing_deadline"]),
        "round": c["round"],
        "held": amount_json(c["held"], d),
        "credited": amount_json(c["credited"], d),
        "withdrawn": amount_json(c["withdrawn"], d),
        "reserved": amount_json(c["reserved"], d),
        # art. 116-119: the final distribution's announcement, the closing, and the release deadlines after them
        "final_distribution_at": _time_or_none(c["final_at"]),
        "closed_at": _time_or_none(c["closed_at"]),
        "unclaimed_lapse_after": _time_or_none(unclaimed),
        "litigated_lapse_after": _time_or_none(litigated),
        "voting_classes": {k: {"heads": v["heads"], "amount": amount_json(v["amount"], d)} for k, v in classes.items()},
    }
    session.emit(data, text=json.dumps(data, ensure_ascii=False, indent=2))


_VALUE_HELP = (
    "Yuan (set-provisional, rule-objection), a time (set-objection-deadline), a last claim id (confirm-claims) or "
    "the art. 87 conditions found, bits 0-5 (cram-down)."
)


@bankruptcy.command("act")
@chain_options
@click.argument("case_id")
@click.argument("kind")
@click.option("--ref", default="0", show_default=True, help="Claim, objection or meeting id (by act kind).")
@click.option(
    "--item", default="0", show_default=True, help="override, cram-down, revoke: the meeting's agenda item (0-7)."
)
@click.option("--value", default="0", show_default=True, help=_VALUE_HELP)
@click.option("--basis", default=None, help="Hash (or reference text) of the ruling.")
@click.option("--as", "as_account", default="judge", show_default=True, help="The proposing judge.")
@click.option("--approve-as", default=None, help="A second judge who approves the act at once.")
def act(
    session: Session, case_id: str, kind: str, ref: str, item: str, value: str, basis: str | None, as_account: str,
    approve_as: str | None,
) -> None:  # fmt: skip
    """A court act on CASE_ID under two judges: confirm-claims, set-provisional, set-objection-deadline,
    rule-objection, override, cram-down, revoke (--ref the meeting, --item its agenda item), release-reserve, close,
    set-conditional (--value 1: conditional, art. 117; 0: the condition came out for the creditor)."""
    k = _choice(bk.ActKind, kind, "act kind")
    if k == bk.ActKind.OPEN:
        raise InputError("a case is opened with `bankruptcy open`")
    if k in (bk.ActKind.SET_PROVISIONAL, bk.ActKind.RULE_OBJECTION):
        v = session.amount(value, "--value")
    elif k == bk.ActKind.SET_OBJECTION_DEADLINE:
        v = _time(value, "--value")
    else:
        v = parse_int(value, "--value")
    r = parse_int(ref, "--ref")
    it = parse_int(item, "--item")
    if k in (bk.ActKind.OVERRIDE, bk.ActKind.CRAM_DOWN, bk.ActKind.REVOKE):
        r = bk.resolution_ref(r, it)
    elif it:
        raise InputError("--item names an agenda item of override, cram-down or revoke only")
    client = bk.BankruptcyClient(session.suite, session.account(as_account))
    act_id = client.propose_act(parse_int(case_id, "case id"), k, r, v, _hash_or_text(basis, "basis"))
    approved = False
    if approve_as:
        bk.BankruptcyClient(session.suite, session.account(approve_as)).approve_act(act_id)
        approved = True
    text = f"act {act_id} ({k.name.lower()}) " + ("approved" if approved else "proposed; a second judge approves it")
    session.emit({"case_id": int(case_id), "act_id": act_id, "kind": k.name.lower(), "approved": approved}, text=text)


# meetings requested on chain (art. 62) and the creditors' committee (art. 67-69): their own module
from . import bankruptcy_requests as _requests  # noqa: E402

_requests.register(bankruptcy)

"""The bankruptcy estate in the audit (issue 25): which records an event of `BankruptcyEstate` / `CreditorsMeeting`
concerns (a case `bankruptcy:N`, its claims, objections, court acts, payouts and meetings) and how they link
(claim → case, objection → claim, meeting → case, act / payout → case), the legal status edges of cases, claims and
meetings, and the case told in words: opening, claims with their review status, objections, meetings with their
published results per class, court acts with both judges, distribution rounds and withdrawals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..clients.bankruptcy import LITIGATED, percent, split_resolution_ref
from ..suite import Event
from ..units import format_time, format_yuan
from .words import enum_word

Key = tuple[str, Any]
CONTRACTS = ("BankruptcyEstate", "CreditorsMeeting", "MeetingRequests")

# interface enum orders (IBankruptcyEstate.CaseStatus, ClaimStatus; ICreditorsMeeting.ResolutionStatus)
CASE_STATUS = ("None", "Proposed", "Open", "Closed")
CLAIM_STATUS = ("None", "Filed", "Reviewed", "Rejected", "Disputed", "Confirmed")
RESOLUTION_STATUS = ("None", "Convened", "Passed", "Failed", "Overridden", "Revoked", "CrammedDown", "Closed")
REQUEST_STATUS = ("None", "Open", "Reached", "Answered")  # IMeetingRequests.RequestStatus
REQUEST_KIND_WORDS = ("", "债权人提议 / creditors (art. 62: a quarter of the claims)", "债权人委员会提议 / committee")
SUPERVISED_ACT_WORDS = (
    "",
    "不动产权益转让 / real property",
    "探矿权、采矿权、知识产权等财产权转让 / property rights",
    "全部库存或者营业转让 / inventory or business",
    "借款 / borrowing",
    "设定财产担保 / security",
    "债权和有价证券转让 / claims and securities",
    "履行双方均未履行完毕的合同 / executory contract",
    "放弃权利 / waiver",
    "取回担保物 / collateral recovery",
    "其他重大财产处分 / other disposal",
)

_ANY = "*"
# (contract, event[#claim]) -> (record kind, id argument, legal states before, state after or None)
EDGES: dict[tuple[str, str], tuple[str, str, tuple[str, ...], str | None]] = {
    # IBankruptcyEstate.CaseStatus
    ("BankruptcyEstate", "CaseProposed"): ("bankruptcy", "caseId", ("None",), "Proposed"),
    ("BankruptcyEstate", "CaseOpened"): ("bankruptcy", "caseId", ("Proposed",), "Open"),
    ("BankruptcyEstate", "ClaimFiled"): ("bankruptcy", "caseId", ("Open",), None),
    ("BankruptcyEstate", "Deposited"): ("bankruptcy", "caseId", ("Open",), None),
    # a closed case still distributes what lapses or what the court releases (art. 118, 119)
    ("BankruptcyEstate", "RoundStarted"): ("bankruptcy", "caseId", ("Open", "Closed"), None),
    ("BankruptcyEstate", "FinalDistribution"): ("bankruptcy", "caseId", ("Open", "Closed"), None),
    ("BankruptcyEstate", "Lapsed"): ("bankruptcy", "caseId", ("Open", "Closed"), None),
    ("BankruptcyEstate", "CaseClosed"): ("bankruptcy", "caseId", ("Open",), "Closed"),
    # IBankruptcyEstate.ClaimStatus: a review sets the status it names (Reviewed, Rejected; an objection makes a
    # reviewed claim Disputed; the court's ruling rejects or confirms a disputed or rejected claim); Confirmed is final
    ("BankruptcyEstate", "ClaimFiled#claim"): ("bk-claim", "claimId", ("None",), "Filed"),
    ("BankruptcyEstate", "ClaimReviewed#claim"): (
        "bk-claim",
        "claimId",
        ("Filed", "Reviewed", "Disputed", "Rejected"),
        None,
    ),
    ("BankruptcyEstate", "ClaimConfirmed#claim"): (
        "bk-claim",
        "claimId",
        ("Reviewed", "Disputed", "Rejected"),
        "Confirmed",
    ),
    ("BankruptcyEstate", "ObjectionFiled#claim"): ("bk-claim", "claimId", ("Reviewed", "Disputed", "Rejected"), None),
    ("BankruptcyEstate", "ProvisionalAmountSet#claim"): (
        "bk-claim",
        "claimId",
        ("Filed", "Reviewed", "Disputed"),
        None,
    ),
    ("BankruptcyEstate", "CollateralPaid#claim"): ("bk-claim", "claimId", ("Confirmed",), None),
    ("BankruptcyEstate", "Credited#claim"): ("bk-claim", "claimId", ("Confirmed", "Disputed"), None),
    ("BankruptcyEstate", "Withdrawn#claim"): ("bk-claim", "claimId", (_ANY,), None),
    # art. 118: a confirmed claim's uncollected money; art. 119: a disputed claim's reserve
    ("BankruptcyEstate", "Lapsed#claim"): ("bk-claim", "claimId", ("Confirmed", "Disputed"), None),
    # ICreditorsMeeting.ResolutionStatus of a meeting: Convened, then Closed; its items' results (ItemClosed) and the
    # court's rulings on an item (ResolutionRuled) only after the close
    ("CreditorsMeeting", "MeetingConvened"): ("bk-meeting", "meetingId", ("None",), "Convened"),
    ("CreditorsMeeting", "ItemTabled"): ("bk-meeting", "meetingId", ("Convened",), None),
    ("CreditorsMeeting", "BallotCast"): ("bk-meeting", "meetingId", ("Convened",), None),
    ("CreditorsMeeting", "BallotItemSkipped"): ("bk-meeting", "meetingId", ("Convened",), None),
    ("CreditorsMeeting", "ClassTallied"): ("bk-meeting", "meetingId", ("Convened",), None),
    ("CreditorsMeeting", "ItemClosed"): ("bk-meeting", "meetingId", ("Convened",), None),
    ("CreditorsMeeting", "MeetingClosed"): ("bk-meeting", "meetingId", ("Convened",), "Closed"),
    ("CreditorsMeeting", "ResolutionRuled"): ("bk-meeting", "meetingId", ("Closed",), None),
    # IMeetingRequests.RequestStatus (art. 62): support only while Open or Reached; a recount may take it back
    ("MeetingRequests", "RequestOpened"): ("bk-request", "requestId", ("None",), "Open"),
    ("MeetingRequests", "RequestSupported"): ("bk-request", "requestId", ("Open", "Reached"), None),
    ("MeetingRequests", "SupportSkipped"): ("bk-request", "requestId", ("Open", "Reached"), None),
    ("MeetingRequests", "SupportRecounted"): ("bk-request", "requestId", ("Open", "Reached"), None),
    ("MeetingRequests", "RequestReached"): ("bk-request", "requestId", ("Open",), "Reached"),
    ("MeetingRequests", "RequestThresholdLost"): ("bk-request", "requestId", ("Reached",), "Open"),
    ("MeetingRequests", "RequestAnswered"): ("bk-request", "requestId", ("Open", "Reached"), "Answered"),
}

STATUS_VIEWS: dict[str, tuple[str, str, tuple[str, ...], int]] = {
    "bankruptcy": ("BankruptcyEstate", "getCase", CASE_STATUS, 2),
    "bk-claim": ("BankruptcyEstate", "getClaim", CLAIM_STATUS, 2),
    "bk-meeting": ("CreditorsMeeting", "getMeeting", RESOLUTION_STATUS, 1),
    "bk-request": ("MeetingRequests", "getRequest", REQUEST_STATUS, 2),
}


def after(e: Event) -> str | None:
    """The state an event names itself (a review's status)."""
    if e.contract == "BankruptcyEstate" and e.name == "ClaimReviewed":
        return CLAIM_STATUS[int(e.args["status"])]
    return None


def keys(e: Event, link: Callable[[Key, Key], None]) -> list[Key]:
    """The records an estate or meeting event concerns, linking claims, objections, acts, payouts and meetings to
    their case (and an objection to its claim)."""
    a, n = e.args, e.name
    out: list[Key] = []
    case: Key | None = ("bankruptcy", int(a["caseId"])) if "caseId" in a and int(a["caseId"]) else None
    if case is not None:
        out.append(case)
    for arg, kind in (
        ("claimId", "bk-claim"),
        ("objectionId", "bk-objection"),
        ("actId", "bk-act"),
        ("payoutId", "bk-payout"),
        ("meetingId", "bk-meeting"),
        ("requestId", "bk-request"),
        ("appointmentId", "bk-committee"),
        ("reportId", "bk-report"),
    ):
        if arg in a and int(a[arg]):
            k: Key = (kind, int(a[arg]))
            out.append(k)
            if case is not None and kind != "bk-objection":
                link(k, case)
    if n == "ObjectionFiled":
        link(("bk-objection", int(a["objectionId"])), ("bk-claim", int(a["claimId"])))
        if int(a["byClaim"]):
            link(("bk-objection", int(a["objectionId"])), ("bk-claim", int(a["byClaim"])))
    return out


def record_name(e: Event) -> str:
    a = e.args
    for arg, label in (
        ("requestId", "request"),
        ("appointmentId", "committee"),
        ("reportId", "report"),
        ("meetingId", "meeting"),
        ("objectionId", "objection"),
        ("claimId", "claim"),
    ):
        if arg in a and int(a[arg]):
            return f"bankruptcy {label} {a[arg]}"
    return f"bankruptcy {a.get('caseId', '')}".strip()


# -- the case in words ---------------------------------------------------------------------------------------------


def _evs(events: Sequence[Event], case_id: int, meetings: set[int], requests: set[int] | None = None) -> list[Event]:
    out = []
    for e in events:
        if e.contract not in CONTRACTS:
            continue
        a = e.args
        if (
            ("caseId" in a and int(a["caseId"]) == case_id)
            or ("meetingId" in a and int(a["meetingId"]) in meetings)
            or ("requestId" in a and requests is not None and int(a["requestId"]) in requests)
        ):
            out.append(e)
    return out


def claims_table(events: Sequence[Event]) -> dict[int, dict[str, Any]]:
    """The claims table as the events give it (one case's events): kind, secured, late, filed, reviewed amount,
    review status (IBankruptcyEstate.ClaimStatus value), objections filed, credited, withdrawn, evidence hash."""
    ev = events
    claims: dict[int, dict[str, Any]] = {}
    for e in ev:
        a = e.args
        if e.contract != "BankruptcyEstate" or "claimId" not in a:
            continue
        cid = int(a["claimId"])
        if e.name == "ClaimFiled":
            claims[cid] = {
                "kind": int(a["kind"]),
                "secured": bool(a["secured"]),
                "filed": int(a["amount"]),
                "amount": 0,
                "status": 1,
                "late": bool(a["late"]),
                "evidence": "0x" + bytes(a["evidence"]).hex(),
                "credited": 0,
                "reserve": 0,
                "withdrawn": 0,
                "objections": 0,
                "lapsed": 0,
            }
            continue
        c = claims.get(cid)
        if c is None:
            continue
        if e.name == "ClaimReviewed":
            c["status"], c["amount"] = int(a["status"]), int(a["amount"])
        elif e.name == "ClaimConfirmed":
            c["status"], c["amount"] = 5, int(a["amount"])
        elif e.name == "Credited":
            c["reserve" if bool(a["reserved"]) else "credited"] += int(a["amount"])
        elif e.name == "CollateralPaid":
            c["credited"] += int(a["paid"])
        elif e.name == "ReserveReleased":
            c["reserve"] -= int(a["amount"])
            if bool(a["toClaimant"]):
                c["credited"] += int(a["amount"])
        elif e.name == "Withdrawn":
            c["withdrawn"] += int(a["amount"])
        elif e.name == "Lapsed":
            c["reserve" if int(a["article"]) == 119 else "credited"] -= int(a["amount"])
            c["lapsed"] += int(a["amount"])
        elif e.name == "ObjectionFiled":
            c["objections"] += 1
    return claims


def summary(events: Sequence[Event], times: Mapping[int, int], case_id: int, decimals: int) -> list[str]:
    """The bankruptcy case in sentences, Chinese first: amounts in yuan, times in Beijing time, no identities (a
    claim is its number, its creditor a commitment; the accounts are in the timeline)."""
    meetings = {
        int(e.args["meetingId"])
        for e in events
        if e.contract == "CreditorsMeeting" and e.name == "MeetingConvened" and int(e.args["caseId"]) == case_id
    }
    requests = {
        int(e.args["requestId"])
        for e in events
        if e.contract == "MeetingRequests" and e.name == "RequestOpened" and int(e.args["caseId"]) == case_id
    }
    ev = _evs(events, case_id, meetings, requests)

    def y(v: Any) -> str:
        return format_yuan(int(v), decimals)

    def t(e: Event) -> str:
        return format_time(times[e.block])

    lines: list[str] = []
    for e in ev:
        a = e.args
        if e.name == "CaseProposed":
            lines.append(
                f"破产案件 {case_id} / bankruptcy case {case_id}：{t(e)} 提请受理 / proposed；受理公告 / announced "
                f"{format_time(int(a['announcedAt']))}，申报期限 / filing deadline "
                f"{format_time(int(a['filingDeadline']))}。"
            )
        elif e.name == "CaseOpened":
            lines.append(
                f"  {t(e)} 裁定受理 / opened：提请 / proposed by {a['proposer']}，批准 / approved by {a['approver']}"
            )
    claims = claims_table(ev)
    if claims:
        lines.append(f"债权表 / claims table（{len(claims)} 笔 / claims）：")
    for cid, c in sorted(claims.items()):
        lines.append("  " + claim_line(cid, c, decimals))
    for e in ev:
        a = e.args
        if e.name == "ShareholderRegistered":
            lines.append(
                f"  {t(e)} 出资人 / shareholder {a['voterId']}：表决权 / voting rights "
                f"{int(a['share']) / 10_000:g} %（出资人组 / shareholders' class, art. 85），承诺 / commitment "
                f"0x{bytes(a['holderKey']).hex()}，管理人登记 / registered by {a['by']}，待法官批准 / pending a "
                "judge's approval"
            )
        elif e.name == "ShareholderApproved":
            lines.append(
                f"  {t(e)} 出资人 / shareholder {a['voterId']} 批准 / approved：登记 / registered by "
                f"{a['proposer']}，批准 / approved by {a['approver']}，表决权自此计入 / its voting rights count "
                "from now"
            )
        elif e.name == "ShareholderCancelled":
            lines.append(f"  {t(e)} 出资人 / shareholder {a['voterId']} 登记撤回 / registration cancelled by {a['by']}")
    for e in ev:
        a = e.args
        if e.name == "ObjectionFiled":
            lines.append(
                f"  {t(e)} 异议 / objection {a['objectionId']}：对债权 / against claim {a['claimId']}"
                f"（由债权 / by claim {a['byClaim']}）"
            )
        elif e.name == "ClaimConditional":
            what = (
                "认定为附条件债权，分配额提存 / marked conditional, its shares reserved"
                if bool(a["conditional"])
                else "条件成就，提存分配额交付债权人 / condition met, the reserve paid to it"
            )
            lines.append(
                f"  {t(e)} 债权 / claim {a['claimId']}：{what}（第一百一十七条 / art. 117；裁定 / act {a['actId']}）"
            )
        elif e.name == "ObjectionAnswered":
            lines.append(f"  {t(e)} 管理人答复异议 / administrator answered objection {a['objectionId']}")
        elif e.name == "ObjectionRuled":
            lines.append(
                f"  {t(e)} 法院裁定异议 / court ruled on objection {a['objectionId']}：债权 / claim {a['claimId']} "
                f"确认为 / found {y(a['amount'])}（裁定 / act {a['actId']}）"
            )
    # meetings and their published results
    for mid in sorted(meetings):
        convened = next(e for e in ev if e.name == "MeetingConvened" and int(e.args["meetingId"]) == mid)
        a = convened.args
        lines.append(
            f"债权人会议 / creditors' meeting {mid}：议题 / items {a['itemCount']}，表决期 / voting "
            f"{format_time(int(a['startsAt']))} – {format_time(int(a['closesAt']))}"
        )
        mine = [e for e in ev if "meetingId" in e.args and int(e.args["meetingId"]) == mid]
        for e in mine:
            if e.name == "ItemTabled":
                text = f"  议题 / item {e.args['item']}：{enum_word('ResolutionKind', int(e.args['kind']))}"
                if bool(e.args["adjustsEquity"]):
                    text += "，调整出资人权益 / adjusts the shareholders' equity (art. 85)"
                if int(e.args["parent"]):
                    p, pi = e.args["parent"], e.args["parentItem"]
                    text += (
                        f"，第 {p} 次会议议题 {pi} 未通过表决组再次表决 / failing classes of meeting {p} item {pi} "
                        "vote once more"
                    )
                lines.append(text)
        ballots = [e for e in mine if e.name == "BallotCast"]
        relayed = sum(1 for e in ballots if bool(e.args["relayed"]))
        skipped = sum(1 for e in mine if e.name == "BallotSkipped")
        item_skips = sum(1 for e in mine if e.name == "BallotItemSkipped")
        lines.append(
            f"  投票 / ballots {len(ballots)}（代为提交 / relayed {relayed}，无效跳过 / skipped {skipped}，"
            f"无表决权议题跳过 / item skips {item_skips}）"
        )
        for e in mine:
            if e.name == "ClassTallied":
                lines.append(f"  议题 / item {e.args['item']} " + class_line(e.args, decimals))
            elif e.name == "ItemClosed":
                lines.append(
                    f"  {t(e)} 议题 / item {e.args['item']} 表决结果 / result："
                    f"{enum_word('ResolutionStatus', int(e.args['status']))}"
                )
            elif e.name == "ResolutionRuled":
                lines.append(
                    f"  {t(e)} 议题 / item {e.args['item']} 法院裁定 / court ruling："
                    f"{enum_word('ResolutionStatus', int(e.args['status']))}"
                    f"（裁定 / act {e.args['actId']}，条件 / conditions {int(e.args['conditions']):#x}）"
                )
    lines.extend(requests_and_committee(ev, times, requests, decimals))
    # court acts: both judges
    proposed: dict[int, Event] = {int(e.args["actId"]): e for e in ev if e.name == "ActProposed"}
    for e in ev:
        if e.name == "ActApproved":
            a = e.args
            p = proposed.get(int(a["actId"]))
            ref = f"，对象 / ref {p.args['ref']}，{act_value(p.args, decimals)}" if p is not None else ""
            lines.append(
                f"法院裁定 / court act {a['actId']}（{enum_word('ActKind', int(a['kind']))}{ref}）：{t(e)} 提请 / "
                f"proposed by {a['proposer']}，批准 / approved by {a['approver']}"
            )
        elif e.name == "ActCancelled":
            lines.append(f"法院裁定 / court act {e.args['actId']}：{t(e)} 撤回 / cancelled by {e.args['by']}")
    # money
    for e in ev:
        a = e.args
        if e.name == "Deposited":
            lines.append(f"{t(e)} 破产财产入账 / deposited {y(a['amount'])}")
        elif e.name == "PayoutApproved":
            lines.append(
                f"{t(e)} 分配 / payout {a['payoutId']} 批准 / approved：提请 / proposed by {a['proposer']}，批准 / "
                f"approved by {a['approver']}"
            )
        elif e.name == "CollateralPaid":
            lines.append(
                f"{t(e)} 担保财产优先受偿 / collateral paid to claim {a['claimId']}：{y(a['paid'])}，"
                f"不足部分转入普通债权 / deficiency {y(a['deficiency'])}"
            )
        elif e.name == "RoundStarted":
            final = "（最后分配 / final）" if bool(a["final_"]) else ""
            lines.append(
                f"{t(e)} 第 {a['round']} 次分配 / round {a['round']}{final}：可分配 / available {y(a['available'])}"
            )
        elif e.name == "RoundCompleted":
            lines.append(
                f"{t(e)} 第 {a['round']} 次分配完成 / round {a['round']} done：已分配 / paid {y(a['paid'])}，退回 / "
                f"returned {y(a['returned'])}"
            )
        elif e.name == "ReserveReleased":
            to = "给债权人 / to the claimant" if bool(a["toClaimant"]) else "退回破产财产 / back to the estate"
            lines.append(f"{t(e)} 提存分配额 / reserve of claim {a['claimId']} {y(a['amount'])} {to}")
        elif e.name == "Withdrawn":
            lines.append(f"{t(e)} 债权 / claim {a['claimId']} 领取 / withdrawn {y(a['amount'])}")
        elif e.name == "FinalDistribution":
            lines.append(
                f"{t(e)} 最后分配公告 / final distribution announced（第 {a['round']} 次分配 / round {a['round']}，"
                f"{format_time(int(a['at']))}）：未领取的分配额 {format_time(int(a['unclaimedAfter']))} 后视为放弃，"
                "分配给其他债权人 / uncollected money lapses to the other creditors after it"
                "（第一百一十八条 / art. 118）"
            )
        elif e.name == "Lapsed":
            why = {
                117: "最后分配公告日条件未成就 / condition not met on the final distribution announcement",
                118: "逾期未领取 / not collected within two months",
                119: "诉讼或仲裁未决满二年 / litigation unresolved two years after closing",
            }.get(int(a["article"]), "")
            lines.append(
                f"{t(e)} 债权 / claim {a['claimId']} 的 {y(a['amount'])} 分配给其他债权人 / lapsed to the other "
                f"creditors（第 {a['article']} 条 / art. {a['article']}：{why}；第 {a['round']} 次分配 / round "
                f"{a['round']}，由 / triggered by {a['by']}）"
            )
        elif e.name == "CaseClosed":
            closed = int(a["closedAt"])
            lines.append(
                f"{t(e)} 终结破产程序 / case closed（{format_time(closed)}）：未分配 / undistributed "
                f"{y(a['undistributed'])}；诉讼或仲裁未决债权的提存分配额 {format_time(closed + LITIGATED)} 后分配给"
                f"其他债权人 / litigated reserves lapse after it（第一百一十九条 / art. 119）"
            )
    return lines


def requests_and_committee(
    ev: Sequence[Event], times: Mapping[int, int], requests: set[int], decimals: int
) -> list[str]:
    """Meetings requested (art. 62) with their support, threshold, due time and answer; the committee proposed and
    appointed by two judges (art. 67); the administrator's art. 69 reports."""

    def t(e: Event) -> str:
        return format_time(times[e.block])

    lines: list[str] = []
    for rid in sorted(requests):
        mine = [e for e in ev if e.contract == "MeetingRequests" and int(e.args.get("requestId", 0)) == rid]
        for e in mine:
            a = e.args
            if e.name == "RequestOpened":
                kind = int(a["kind"])
                words = REQUEST_KIND_WORDS[kind] if kind < len(REQUEST_KIND_WORDS) else str(kind)
                lines.append(f"召开债权人会议的提议 / meeting request {rid}：{t(e)} {words}")
            elif e.name == "RequestSupported":
                what = (
                    f"债权 / claim {a['ref']} {format_yuan(int(a['amount']), decimals)}"
                    if int(a["ref"])
                    else "委员 / member"
                )
                how = "（签名代交 / relayed）" if bool(a["relayed"]) else ""
                lines.append(f"  {t(e)} 附议 / joined：{what}{how}，account {a['account']}")
            elif e.name == "SupportSkipped":
                lines.append(
                    f"  {t(e)} 代交附议被跳过 / relayed support skipped：claim {a['claimId']}（{a['reason']}）"
                )
            elif e.name == "SupportRecounted":
                lines.append(
                    f"  {t(e)} 重新核计 / recounted claim {a['claimId']}："
                    f"{format_yuan(int(a['oldAmount']), decimals)} → "
                    f"{format_yuan(int(a['newAmount']), decimals)}"
                )
            elif e.name == "RequestReached":
                if int(a["kind"]) == 1:
                    share = f"{format_yuan(int(a['support']), decimals)} / {format_yuan(int(a['total']), decimals)}"
                    share += f"（{percent(int(a['support']), int(a['total']))}，四分之一以上 / a quarter or more）"
                else:
                    share = f"{a['support']} / {a['total']} 名委员过半数 / more than half of the members"
                lines.append(
                    f"  {format_time(int(a['reachedAt']))} 达到提议条件 / threshold reached：{share}；应于 / due by "
                    f"{format_time(int(a['dueAt']))} 召集并关联会议 / convene and link the meeting"
                )
            elif e.name == "RequestThresholdLost":
                lines.append(f"  {t(e)} 重新核计后不足 / below the threshold after a recount：{y4(a, decimals)}")
            elif e.name == "RequestAnswered":
                late = "（逾期 / late）" if bool(a["late"]) else ""
                lines.append(f"  {t(e)} 已召集 / answered by meeting {a['meetingId']}{late}，by {a['by']}")
    for e in ev:
        a = e.args
        if e.contract != "MeetingRequests":
            continue
        if e.name == "CommitteeProposed":
            reps = ", ".join(str(x) for x in a["creditorReps"])
            meeting, item = split_resolution_ref(int(a["chosenBy"]))
            lines.append(
                f"债权人委员会 / creditors' committee {a['appointmentId']}：{t(e)} 提请 / proposed by {a['proposer']}；"
                f"债权人会议 / chosen by meeting {meeting} 议题 / item {item}；"
                f"债权人代表 / creditors' representatives {reps}；"
                f"职工代表 / employee representative {a['employeeRep']}；"
                f"决定书 / decision 0x{bytes(a['decision']).hex()}"
            )
        elif e.name == "CommitteeAppointed":
            lines.append(
                f"  {t(e)} 法院书面决定认可 / in office（{a['members']} 名成员 / members）：提请 / proposed by "
                f"{a['proposer']}，批准 / approved by {a['approver']}"
            )
        elif e.name == "CommitteeProposalCancelled":
            lines.append(f"  {t(e)} 撤回 / committee proposal {a['appointmentId']} cancelled by {a['by']}")
        elif e.name == "ActReported":
            kind = int(a["kind"])
            words = SUPERVISED_ACT_WORDS[kind] if kind < len(SUPERVISED_ACT_WORDS) else str(kind)
            to = f"债权人委员会 / committee {a['term']}" if int(a["term"]) else "人民法院 / the court (no committee)"
            lines.append(
                f"{t(e)} 管理人报告 / administrator's report {a['reportId']}（第六十九条 / art. 69：{words}）→ {to}，"
                f"文件 / document 0x{bytes(a['document']).hex()}"
            )
    return lines


def y4(a: Mapping[str, Any], decimals: int) -> str:
    return f"{format_yuan(int(a['support']), decimals)} / {format_yuan(int(a['total']), decimals)}"


def act_value(a: Mapping[str, Any], decimals: int) -> str:
    """A court act's `value` read by its kind: a time (objection deadline), an amount (provisional voting amount, a
    ruling's amount), the art. 87 conditions found (a bitmask), the last claim of a confirmed range."""
    kind, v = int(a["kind"]), int(a["value"])
    if kind == 4:
        return f"期限 / deadline {format_time(v)}"
    if kind in (3, 5):
        return f"金额 / amount {format_yuan(v, decimals)}"
    if kind == 7:
        return f"条件 / conditions {v:#x}"
    if kind == 2:
        return f"至债权 / to claim {v}"
    return f"数值 / value {v}"


def claim_line(claim_id: int, c: Mapping[str, Any], decimals: int) -> str:
    """One row of the claims table: kind, secured, late, amounts filed and reviewed, review status, objections,
    money credited and withdrawn, the evidence hash (no identity)."""

    def y(v: Any) -> str:
        return format_yuan(int(v), decimals)

    return (
        f"债权 / claim {claim_id}：{enum_word('ClaimKind', c['kind'])}"
        f"{'，有财产担保 / secured' if c['secured'] else ''}{'，补充申报 / late' if c['late'] else ''}，"
        f"申报 / filed {y(c['filed'])}，审查 / reviewed {y(c['amount'])}，{enum_word('ClaimStatus', c['status'])}，"
        f"异议 / objections {c['objections']}，分得 / credited {y(c['credited'])}，提存 / reserved {y(c['reserve'])}，"
        f"领取 / withdrawn {y(c['withdrawn'])}"
        f"{'，逾期分配给其他债权人 / lapsed ' + y(c['lapsed']) if c.get('lapsed') else ''}"
        f"，证据 / evidence {c['evidence']}"
    )


def class_line(a: Mapping[str, Any], decimals: int) -> str:
    """One class's published count the way courts publish it: heads for / present (of the class's total), amounts
    for / the class's total (the art. 64 / 84 denominators), e.g. `76.86 % 人数 / by heads`."""
    fh, ah, ph, th = (int(a[k]) for k in ("forHeads", "againstHeads", "presentHeads", "totalHeads"))
    fa, aa, pa, ta = (int(a[k]) for k in ("forAmount", "againstAmount", "presentAmount", "totalAmount"))
    passed = "通过 / passed" if bool(a["passed"]) else "未通过 / failed"
    return (
        f"{enum_word('VoteClass', int(a['class_']))}：{passed}；人数 / heads 同意 / for {fh}，反对 / against {ah}，"
        f"出席 / present {ph}，总数 / total {th}，同意占出席 / for of present {percent(fh, ph)}；"
        f"债权额 / amounts 同意 / for {format_yuan(fa, decimals)}，反对 / against {format_yuan(aa, decimals)}，"
        f"出席 / present {format_yuan(pa, decimals)}，总额 / total {format_yuan(ta, decimals)}，"
        f"同意占总额 / for of total {percent(fa, ta)}"
    )

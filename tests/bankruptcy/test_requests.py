"""Meetings requested on chain (Enterprise Bankruptcy Law art. 62) and the creditors' committee (art. 67-69):
the quarter of the claims at its exact boundary, a claim counting once, recounts of reduced claims, answers linked
to a convened meeting, overdue requests reported by the keeper, the committee appointed by two judges and its
majority request, the administrator's art. 69 reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients import bankruptcy as bk
from courtchain.clients import meeting_requests as mr
from courtchain.keeper import Keeper
from courtchain.watchers import default_watchers

from ..helpers import assert_enum_mirror, reverts, run_cli
from .conftest import DAY, Estate

ORD = bk.ClaimKind.ORDINARY
DOC = keccak(text="art. 69 report: sale of the factory land")


def rq(est: Estate, account: LocalAccount) -> mr.MeetingRequestsClient:
    return mr.MeetingRequestsClient(est.suite, account)


def signed(est: Estate, request_id: int, claim_id: int, signer: LocalAccount, deadline: int | None = None) -> Any:
    return mr.sign_support(
        signer,
        est.suite.chain.chain_id,
        est.suite.address("MeetingRequests"),
        request_id,
        claim_id,
        est.now() + DAY if deadline is None else deadline,
    )


def test_enum_mirrors() -> None:
    for enum in (mr.RequestKind, mr.RequestStatus, mr.SupervisedAct):
        assert_enum_mirror(enum, "IMeetingRequests.sol")


@pytest.mark.parametrize(
    ("amounts", "first", "second"),
    [
        # total 1,000: 250 is exactly a quarter ("以上" inclusive); 249 is one base unit short
        ((249, 750, 1), (0, mr.RequestStatus.OPEN), (2, mr.RequestStatus.REACHED)),
        ((250, 750), (0, mr.RequestStatus.REACHED), None),
        # total 1,001: 250 is one unit short of 250.25, 251 is over it
        ((250, 750, 1), (0, mr.RequestStatus.OPEN), (2, mr.RequestStatus.REACHED)),
    ],
)
def test_quarter_of_the_claims_at_its_exact_boundary(
    est: Estate,
    amounts: tuple[int, ...],
    first: tuple[int, mr.RequestStatus],
    second: tuple[int, mr.RequestStatus] | None,
) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(a, ORD, False) for a in amounts])
    total = sum(amounts)
    r0 = rq(est, est.voter(first[0]))
    assert r0.total_claims(case_id) == total
    rid, sent = r0.support(case_id, ids[first[0]])
    opened = sent.event("RequestOpened").args
    assert (opened["caseId"], opened["kind"], opened["meetingsBefore"]) == (case_id, 1, 0)
    assert r0.get_request(rid).status == first[1]
    assert (r0.get_request(rid).status == mr.RequestStatus.REACHED) == mr.reaches_quarter(amounts[first[0]], total)
    if second is None:
        reached = sent.event("RequestReached").args
        assert (reached["support"], reached["total"]) == (amounts[0], total)
        return
    assert not sent.all("RequestReached")
    _, sent = rq(est, est.voter(second[0])).support(case_id, ids[second[0]])
    reached = sent.event("RequestReached").args
    req = r0.get_request(rid)
    assert req.status == second[1] and req.support == amounts[first[0]] + amounts[second[0]]
    assert (reached["support"], reached["total"], reached["reachedAt"]) == (req.support, total, est.now())
    assert reached["dueAt"] == est.now() + mr.ANSWER_PERIOD == r0.due_at(rid)


def test_a_claim_counts_once_and_only_its_account_joins(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, ORD, False), (100, ORD, False), (100, ORD, False), (700, ORD, False)])
    other = est.open_case()
    other_ids = est.claims(other, [(50, ORD, False)], first_voter=10)
    a = rq(est, est.voter(0))
    with reverts("RequestNotCreditor", claimId=ids[1]):
        a.support(case_id, ids[1])  # someone else's claim
    with reverts("RequestNotCreditor", caseId=case_id, claimId=other_ids[0]):
        rq(est, est.voter(10)).support(case_id, other_ids[0])  # a claim of another case
    with reverts("RequestNotCreditor"):
        rq(est, est.accts["outsider"]).support(case_id, ids[0])
    assert a.current(case_id) == 0  # refused callers opened nothing: no empty request
    rid, _ = a.support(case_id, ids[0])
    with reverts("RequestAlreadySupported", requestId=rid, ref=ids[0]):
        a.support(case_id, ids[0])
    # relayed by anyone: the same claim again, a double in one batch, a forged and an expired signature are skipped
    relayer = rq(est, est.accts["outsider"])
    items = [
        signed(est, rid, ids[0], est.voter(0)),  # joined already
        signed(est, rid, ids[1], est.voter(1)),  # counted
        signed(est, rid, ids[1], est.voter(1)),  # the same claim twice in a batch
        signed(est, rid, ids[2], est.voter(0)),  # signed by another creditor
        signed(est, rid, ids[3], est.voter(3), deadline=est.now() - 1),  # expired
    ]
    sent = relayer.relay(rid, items)
    assert [(e.args["claimId"], e.args["reason"]) for e in sent.all("SupportSkipped")] == [
        (ids[0], mr.SupportSkipReason.ALREADY_JOINED),
        (ids[1], mr.SupportSkipReason.ALREADY_JOINED),
        (ids[2], mr.SupportSkipReason.BAD_SIGNATURE),
        (ids[3], mr.SupportSkipReason.EXPIRED),
    ]
    req = a.get_request(rid)
    assert (req.supporters, req.support, req.status) == (2, 200, mr.RequestStatus.OPEN)
    assert a.support_of(rid, ids[1]) == (True, 100)
    # a third claim's own signature takes it to 300 of 1,000: a quarter or more
    sent = relayer.relay(rid, [signed(est, rid, ids[2], est.voter(2))])
    assert sent.event("RequestReached").args["support"] == 300
    assert a.current(case_id) == rid  # still the one request of the case: joined, never re-opened


def test_a_shareholders_equity_never_supports_a_creditors_request(est: Estate) -> None:
    """Art. 62 counts claims: a shareholder (art. 85) registered in the meeting register with a voter id and a share
    cannot join a creditors' request with it, directly, relayed or by a recount."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, ORD, False), (900, ORD, False)])
    (sid,) = est.shareholders(case_id, [600_000], first_voter=500)
    holder = rq(est, est.voter(500))
    with reverts("RequestNotCreditor", claimId=sid):
        holder.support(case_id, sid)  # it would open the request
    rid, _ = rq(est, est.voter(0)).support(case_id, ids[0])
    with reverts("RequestNotCreditor", claimId=sid):
        holder.support(case_id, sid)  # nor join the open one
    sent = rq(est, est.accts["outsider"]).relay(rid, [signed(est, rid, sid, est.voter(500))])
    assert [e.args["claimId"] for e in sent.all("SupportSkipped")] == [sid]
    req = holder.get_request(rid)
    assert (req.supporters, req.support, req.status) == (1, 100, mr.RequestStatus.OPEN)
    assert holder.total_claims(case_id) == 1_000  # the shareholders' class is no part of the total claims


def test_support_from_a_reduced_claim_is_recounted_by_anyone(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(700, ORD, False)])
    # a disputed-looking claim that votes only with the court's provisional amount (art. 59 para. 2)
    cid = est.as_(est.voter(5)).file_claim(case_id, 300, ORD, False)
    est.admin.review_claim(cid, True, 300)
    est.act(case_id, bk.ActKind.SET_PROVISIONAL, cid, 300)
    r = rq(est, est.voter(5))
    rid, sent = r.support(case_id, cid)
    assert sent.event("RequestReached").args["total"] == 1000  # 300 of 1,000
    est.act(case_id, bk.ActKind.SET_PROVISIONAL, cid, 200)  # the court lowers it: 200 of 900 is less than a quarter
    assert r.get_request(rid).support == 300  # stale until recounted
    sent = rq(est, est.accts["outsider"]).recount(rid, [cid, ids[0]])  # ids[0] never joined: ignored
    assert [(e.args["claimId"], e.args["oldAmount"], e.args["newAmount"]) for e in sent.all("SupportRecounted")] == [
        (cid, 300, 200)
    ]
    lost = sent.event("RequestThresholdLost").args
    assert (lost["support"], lost["total"]) == (200, 900)
    req = r.get_request(rid)
    assert (req.status, req.reached_at, r.due_at(rid), r.is_overdue(rid)) == (mr.RequestStatus.OPEN, 0, 0, False)
    # the court rejects nothing, the holder of 700 joins: reached again, with a new time
    _, sent = rq(est, est.voter(0)).support(case_id, ids[0])
    assert sent.event("RequestReached").args["support"] == 900


def test_answer_links_a_meeting_of_the_case_convened_after_the_request(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(300, ORD, False), (700, ORD, False)])
    other = est.open_case()
    est.claims(other, [(10, ORD, False)], first_voter=10)
    before = est.meet_admin.convene(
        case_id, bk.ResolutionKind.ORDINARY, est.now() + 15 * DAY + 60, est.now() + 16 * DAY
    )
    rid, _ = rq(est, est.voter(0)).support(case_id, ids[0])
    elsewhere = est.meet_admin.convene(
        other, bk.ResolutionKind.ORDINARY, est.now() + 15 * DAY + 60, est.now() + 16 * DAY
    )
    admin = rq(est, est.accts["litigant"])
    with reverts("RequestNotAnswerer"):
        rq(est, est.voter(0)).answer(rid, before)
    for bad in (before, elsewhere, elsewhere + 1):  # convened before the request; another case's; none yet
        with reverts("RequestBadAnswer", requestId=rid, meetingId=bad):
            admin.answer(rid, bad)
    mid = est.meet_admin.convene(case_id, bk.ResolutionKind.ORDINARY, est.now() + 15 * DAY + 60, est.now() + 16 * DAY)
    sent = admin.answer(rid, mid)
    ans = sent.event("RequestAnswered").args
    assert (ans["caseId"], ans["meetingId"], ans["late"]) == (case_id, mid, False)
    req = admin.get_request(rid)
    assert (req.status, req.answered_by, req.answered_at) == (mr.RequestStatus.ANSWERED, mid, est.now())
    assert admin.current(case_id) == 0
    with reverts("RequestNotOpen", requestId=rid):
        admin.answer(rid, mid)
    with reverts("RequestNotOpen"):
        rq(est, est.voter(1)).relay(rid, [signed(est, rid, ids[1], est.voter(1))])
    # the table is frozen while those meetings are convened; after them, the next support opens a new request
    est.travel_to(est.now() + 17 * DAY)
    for m in (before, mid):
        est.close(m)
    rid2, sent = rq(est, est.voter(1)).support(case_id, ids[1])
    assert rid2 == rid + 1 and sent.event("RequestOpened").args["meetingsBefore"] == mid


def test_overdue_request_is_reported_by_the_keeper(est: Estate, keeper: LocalAccount, tmp_path: Path) -> None:
    start_block = est.suite.chain.block_number() + 1
    case_id = est.open_case()
    ids = est.claims(case_id, [(300, ORD, False), (700, ORD, False)])
    rid, sent = rq(est, est.voter(0)).support(case_id, ids[0])
    due = int(sent.event("RequestReached").args["dueAt"])
    k = Keeper(
        est.suite, keeper, default_watchers(est.suite, ["bk-request"]), tmp_path / "state", start_block=start_block
    )
    try:
        r = k.run_pass()
        assert (r.passed, r.transactions, r.pending) == ({}, [], 1)
        est.travel_to(due)
        assert not rq(est, est.voter(0)).is_overdue(rid)  # the 15th day is still in time
        assert k.run_pass().passed == {}
        est.travel_to(due + 1)
        assert rq(est, est.voter(0)).is_overdue(rid)
        r = k.run_pass()
        assert r.passed == {"bk-request": [rid]} and r.transactions == []  # reported, nothing sent
        mid = est.meet_admin.convene(
            case_id, bk.ResolutionKind.ORDINARY, est.now() + 15 * DAY + 60, est.now() + 16 * DAY
        )
        sent = rq(est, est.accts["judge"]).answer(rid, mid)  # the court answers, late
        assert sent.event("RequestAnswered").args["late"] is True
        assert not rq(est, est.voter(0)).is_overdue(rid)
        assert k.run_pass().pending == 0
    finally:
        k.close()


def _passed_meeting(est: Estate, case_id: int, voter: int, claim_id: int) -> int:
    """A meeting of the case passing an ordinary resolution (art. 61 (8): choosing the committee's members)."""
    mid = est.convene_now(case_id, bk.ResolutionKind.ORDINARY)
    est.meet_as(est.voter(voter)).vote(mid, claim_id, bk.Choice.FOR)
    status, _ = est.close(mid)
    assert status == bk.ResolutionStatus.PASSED
    return mid


@pytest.fixture
def committee_case(est: Estate) -> tuple[int, list[int], int]:
    case_id = est.open_case()
    ids = est.claims(case_id, [(600, ORD, False), (400, ORD, False)])
    return case_id, ids, _passed_meeting(est, case_id, 0, ids[0])


def test_committee_takes_office_on_two_judges_and_requests_by_majority(
    est: Estate, committee_case: tuple[int, list[int], int]
) -> None:
    case_id, _, chose = committee_case
    reps = [est.voter(20 + i) for i in range(3)]
    employee = est.voter(30)
    judge, judge2 = rq(est, est.accts["judge"]), rq(est, est.accts["judge2"])
    with reverts("AccessMissingRole"):
        rq(est, est.accts["litigant"]).propose_committee(case_id, chose, [a.address for a in reps], employee.address)
    aid = judge.propose_committee(case_id, chose, [a.address for a in reps], employee.address, DOC)
    with reverts("CommitteeNotMember"):
        rq(est, reps[0]).committee_support(case_id)  # not in office before the court's decision
    with reverts("CommitteeSelfApproval", appointmentId=aid):
        judge.approve_committee(aid)
    with reverts("AccessMissingRole"):
        rq(est, reps[0]).approve_committee(aid)
    sent = judge2.approve_committee(aid)
    ev = sent.event("CommitteeAppointed").args
    assert (ev["approver"], ev["proposer"], ev["members"]) == (
        est.accts["judge2"].address,
        est.accts["judge"].address,
        4,
    )
    a = judge.get_appointment(aid)
    assert a.members == (*(x.address for x in reps), employee.address) and a.chosen_by == chose
    assert judge.committee_of(case_id) == aid and judge.is_member(case_id, employee.address)
    with reverts("CommitteeNotProposed", appointmentId=aid):
        judge2.approve_committee(aid)
    # 4 members: 2 is half, not more than half (过半数); the third makes the request
    rid, sent = rq(est, reps[0]).committee_support(case_id)
    assert sent.event("RequestOpened").args["term"] == aid
    with reverts("RequestAlreadySupported", requestId=rid):
        rq(est, reps[0]).committee_support(case_id)
    with reverts("CommitteeNotMember"):
        rq(est, est.voter(0)).committee_support(case_id)  # a creditor, not a member
    _, sent = rq(est, employee).committee_support(case_id)
    assert not sent.all("RequestReached") and judge.get_request(rid).status == mr.RequestStatus.OPEN
    _, sent = rq(est, reps[2]).committee_support(case_id)
    reached = sent.event("RequestReached").args
    assert (reached["kind"], reached["support"], reached["total"]) == (mr.RequestKind.COMMITTEE, 3, 4)
    assert judge.get_request(rid).status == mr.RequestStatus.REACHED


def test_committee_composition_is_checked(est: Estate, committee_case: tuple[int, list[int], int]) -> None:
    case_id, _, chose = committee_case
    judge = rq(est, est.accts["judge"])
    nine = [est.voter(40 + i).address for i in range(9)]
    emp = est.voter(30).address
    with reverts("CommitteeInvalid", reason=1):  # 9 creditors' representatives + 1 employee: 10 > 9 (art. 67)
        judge.transact("proposeCommittee", case_id, chose, nine, emp, DOC)
    with reverts("CommitteeInvalid", reason=2):  # the employee representative counted twice
        judge.transact("proposeCommittee", case_id, chose, [nine[0], emp], emp, DOC)
    with reverts("CommitteeInvalid", reason=2):
        judge.transact("proposeCommittee", case_id, chose, [nine[0], nine[0]], emp, DOC)
    with reverts("CommitteeInvalid", reason=3):  # no meeting chose them
        judge.transact("proposeCommittee", case_id, chose + 1, [nine[0]], emp, DOC)
    aid = judge.propose_committee(case_id, chose, nine[:8], emp)  # 8 + 1 = 9: the most allowed
    rq(est, est.accts["judge2"]).cancel_committee(aid)
    with reverts("CommitteeNotProposed"):
        rq(est, est.accts["judge2"]).approve_committee(aid)


def test_committee_chosen_by_an_agenda_item_other_than_the_first(est: Estate, deployments_dir: Path) -> None:
    """A meeting's agenda: item 0 a distribution plan, item 1 the ordinary resolution choosing the committee. The
    committee names item 1 (meeting + (1 << 128)); the plan item, an item beyond the agenda and a failed item don't."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(600, ORD, False), (400, ORD, False)])
    agenda = [bk.AgendaItem(bk.ResolutionKind.DISTRIBUTION_PLAN), bk.AgendaItem(bk.ResolutionKind.ORDINARY)]
    agenda.append(bk.AgendaItem(bk.ResolutionKind.ORDINARY))
    mid = est.convene_agenda_now(case_id, agenda)
    est.meet_as(est.voter(0)).vote(mid, ids[0], [bk.Choice.FOR, bk.Choice.FOR, bk.Choice.AGAINST])
    est.travel_to(est.meet_admin.get_meeting(mid)["closes_at"] + 1)
    est.meet_as(est.accts["outsider"]).close(mid)
    judge = rq(est, est.accts["judge"])
    reps, emp = [est.voter(20).address], est.voter(30).address
    for item in (0, 2, 3):  # the plan (not ordinary), the failed item, no such item
        with reverts("CommitteeInvalid", reason=3):
            judge.transact("proposeCommittee", case_id, bk.resolution_ref(mid, 0) + (item << 128), reps, emp, DOC)
    aid = judge.propose_committee(case_id, bk.resolution_ref(mid, 1), reps, emp, DOC)
    assert bk.split_resolution_ref(judge.get_appointment(aid).chosen_by) == (mid, 1)
    rq(est, est.accts["judge2"]).approve_committee(aid)
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    shown = run_cli("bankruptcy", "committee", "show", str(case_id), "--json", rpc=est.suite.chain.url, env=env)
    assert shown.returncode == 0, shown.stderr
    assert (json.loads(shown.stdout)["chosen_by_meeting"], json.loads(shown.stdout)["chosen_by_item"]) == (mid, 1)


def test_supervision_reports_of_article_69(est: Estate, committee_case: tuple[int, list[int], int]) -> None:
    case_id, _, chose = committee_case
    admin = rq(est, est.accts["litigant"])
    with reverts("RequestNotAdministrator"):
        rq(est, est.voter(0)).report_act(case_id, mr.SupervisedAct.REAL_PROPERTY, DOC)
    with reverts("RequestInvalidAct"):
        admin.transact("reportAct", case_id, 0, DOC)
    first = admin.report_act(case_id, mr.SupervisedAct.BORROWING, DOC)
    assert admin.get_report(first).term == 0  # no committee yet: reported to the court (art. 69 para. 2)
    aid = rq(est, est.accts["judge"]).propose_committee(case_id, chose, [est.voter(20).address], est.voter(30).address)
    rq(est, est.accts["judge2"]).approve_committee(aid)
    second = admin.report_act(case_id, mr.SupervisedAct.REAL_PROPERTY, DOC)
    rep = admin.get_report(second)
    assert (rep.case_id, rep.kind, rep.term, rep.document, rep.by) == (
        case_id,
        mr.SupervisedAct.REAL_PROPERTY,
        aid,
        DOC,
        est.accts["litigant"].address,
    )


def test_audit_tells_requests_committee_and_reports(est: Estate, committee_case: tuple[int, list[int], int]) -> None:
    from courtchain import audit
    from courtchain.audit.story import build_story

    case_id, ids, chose = committee_case
    # creditors: 400 of 1,000 reach a quarter; the committee (2 members) requests by both; a report; both answered
    rid, _ = rq(est, est.voter(1)).support(case_id, ids[1])
    aid = rq(est, est.accts["judge"]).propose_committee(
        case_id, chose, [est.voter(20).address], est.voter(30).address, DOC
    )
    rq(est, est.accts["judge2"]).approve_committee(aid)
    crid, _ = rq(est, est.voter(20)).committee_support(case_id)
    rq(est, est.voter(30)).committee_support(case_id)
    report = rq(est, est.accts["litigant"]).report_act(case_id, mr.SupervisedAct.COLLATERAL_RECOVERY, DOC)
    mid = est.meet_admin.convene(case_id, bk.ResolutionKind.ORDINARY, est.now() + 15 * DAY + 60, est.now() + 16 * DAY)
    rq(est, est.accts["litigant"]).answer(rid, mid)
    events = audit.fetch_events(est.suite)
    family, _ = audit.timeline(est.suite, ("bankruptcy", case_id), events)
    assert {("bk-request", rid), ("bk-request", crid), ("bk-committee", aid), ("bk-report", report)} <= family
    text = "\n".join(build_story(est.suite, ("bankruptcy", case_id), events).summary)
    for words in (
        f"meeting request {rid}",
        "四分之一以上 / a quarter or more",
        "40.00 %",
        f"answered by meeting {mid}",
        f"meeting request {crid}",
        "2 / 2 名委员过半数",
        f"creditors' committee {aid}",
        f"chosen by meeting {chose} 议题 / item 0",
        f"approved by {est.accts['judge2'].address}",
        f"administrator's report {report}",
        "取回担保物 / collateral recovery",
        f"committee {aid}，文件 / document 0x{DOC.hex()}",
    ):
        assert words in text, words
    # audit check follows each request's status and compares it with getRequest
    assert audit.check(est.suite, events).ok
    no_open = [e for e in events if not (e.contract == "MeetingRequests" and e.name == "RequestOpened")]
    bad = audit.check(est.suite, no_open)
    assert any(f.check == "transition" and "RequestSupported while None" in f.message for f in bad.findings)
    no_answer = [e for e in events if not (e.contract == "MeetingRequests" and e.name == "RequestAnswered")]
    bad = audit.check(est.suite, no_answer)
    assert any(f.check == "state" and "bk-request" in f.subject for f in bad.findings)


def test_gas_of_requests(est: Estate) -> None:
    """Receipts' gasUsed (printed with -s; bounds checked): a relayed support costs less than a direct one, and each
    further item of a batch costs the same whatever the batch size and the number of supporters before it."""
    n = 41
    case_id = est.open_case()
    # 40 claims of 100 and one of 100,000: the small ones never reach a quarter together, the large one does
    ids = est.claims(case_id, [(100, ORD, False)] * (n - 1) + [(100_000, ORD, False)])
    gas: dict[str, int] = {}
    rid, sent = rq(est, est.voter(0)).support(case_id, ids[0])
    gas["support (opens the request)"] = sent.gas_used
    _, sent = rq(est, est.voter(1)).support(case_id, ids[1])
    gas["support (joins, below the threshold)"] = sent.gas_used
    relayer = rq(est, est.accts["outsider"])
    one = relayer.relay(rid, [signed(est, rid, ids[2], est.voter(2))]).gas_used
    ten = relayer.relay(rid, [signed(est, rid, ids[i], est.voter(i)) for i in range(3, 13)]).gas_used
    twenty = relayer.relay(rid, [signed(est, rid, ids[i], est.voter(i)) for i in range(13, 33)]).gas_used
    gas["relaySupport (1 item)"] = one
    gas["relaySupport (batch of 10)"] = ten
    gas["relaySupport (batch of 20)"] = twenty
    gas["relaySupport per item (batch of 20)"] = twenty // 20
    gas["relaySupport per further item (20 vs 10)"] = (twenty - ten) // 10
    gas["relaySupport per further item (10 vs 1)"] = (ten - one) // 9
    assert rq(est, est.voter(0)).get_request(rid).status == mr.RequestStatus.OPEN  # 3,300 of 104,000
    _, sent = rq(est, est.voter(40)).support(case_id, ids[40])
    assert sent.all("RequestReached")
    gas["support (joins, reaches the threshold)"] = sent.gas_used
    _, sent = rq(est, est.voter(33)).support(case_id, ids[33])
    gas["support (joins a reached request)"] = sent.gas_used
    gas["recount (10 unchanged claims)"] = relayer.recount(rid, ids[:10]).gas_used
    mid = _passed_meeting(est, case_id, 40, ids[40])
    judge = rq(est, est.accts["judge"])
    reps = [est.voter(50 + i).address for i in range(8)]
    sent = judge.transact("proposeCommittee", case_id, mid, reps, est.voter(60).address, DOC)
    aid = int(sent.event("CommitteeProposed").args["appointmentId"])
    gas["proposeCommittee (8 + 1 members)"] = sent.gas_used
    gas["approveCommittee"] = rq(est, est.accts["judge2"]).approve_committee(aid).gas_used
    for i in range(5):
        _, sent = rq(est, est.voter(50 + i)).committee_support(case_id)
        gas[f"committeeSupport ({i + 1} of 9)"] = sent.gas_used
    admin = rq(est, est.accts["litigant"])
    gas["reportAct"] = admin.transact("reportAct", case_id, int(mr.SupervisedAct.BORROWING), DOC).gas_used
    start = est.now() + 15 * DAY + 60
    m2 = est.meet_admin.convene(case_id, bk.ResolutionKind.ORDINARY, start, start + DAY)
    gas["answer"] = admin.answer(rid, m2).gas_used
    for k, v in gas.items():
        print(f"{k}: {v:,}")
    assert gas["relaySupport per item (batch of 20)"] < gas["support (joins, below the threshold)"]
    further = (gas["relaySupport per further item (20 vs 10)"], gas["relaySupport per further item (10 vs 1)"])
    assert abs(further[0] - further[1]) < 500, further

"""BankruptcyEstate and CreditorsMeeting against a real node: the court's two-judge acts, claims and their window
(art. 45), review, objections and confirmation (art. 57-58), voting rights (art. 59, 83), the thresholds at their exact
boundaries (art. 64, 84, 97), relayed EIP-712 ballots, court acts on meetings (art. 64, 65, 87) and distribution."""

from __future__ import annotations

import pytest

from courtchain.clients import bankruptcy as bk

from ..helpers import assert_enum_mirror, reverts
from .conftest import DAY, DEBTOR, Estate, fund_admin, litigated_case

K = bk.ClaimKind
ORD = (K.ORDINARY, False)


def test_enum_mirrors_match_interfaces() -> None:
    for e in [bk.CaseStatus, bk.ClaimKind, bk.ClaimStatus, bk.ActKind, bk.ActStatus, bk.PayoutKind, bk.PayoutStatus]:
        assert_enum_mirror(e, "IBankruptcyEstate.sol")
    for e in [bk.VoteClass, bk.ResolutionKind, bk.ResolutionStatus, bk.Choice, bk.CourtRuling]:
        assert_enum_mirror(e, "ICreditorsMeeting.sol")


def test_opening_takes_two_judges_and_a_lawful_window(est: Estate) -> None:
    t = est.now()
    admin = est.accts["litigant"].address
    with reverts("BankruptcyInvalidWindow"):
        est.judge.transact("proposeOpening", DEBTOR, admin, t, t + 30 * DAY - 1, 0, bk.ZERO_HASH)
    with reverts("BankruptcyInvalidWindow"):
        est.judge.transact("proposeOpening", DEBTOR, admin, t, t + 92 * DAY + 1, 0, bk.ZERO_HASH)
    est.judge.propose_opening(DEBTOR, admin, t, t + 92 * DAY)
    case_id, act, _ = est.judge.propose_opening(DEBTOR, admin, t, t + 30 * DAY)
    with reverts("BankruptcySelfApproval", actId=act):
        est.judge.approve_act(act)
    with reverts("AccessMissingRole"):
        est.admin.approve_act(act)
    assert est.judge.get_case(case_id)["status"] == bk.CaseStatus.PROPOSED
    sent = est.judge2.approve_act(act)
    opened = sent.event("CaseOpened").args
    assert opened["proposer"] == est.accts["judge"].address and opened["approver"] == est.accts["judge2"].address
    assert est.judge.get_case(case_id)["status"] == bk.CaseStatus.OPEN
    with reverts("BankruptcyUnexpectedActStatus", actId=act):
        est.judge2.approve_act(act)


def test_claims_review_objection_and_confirmation(est: Estate) -> None:
    case_id = est.open_case()
    a, b = est.voter(0), est.voter(1)
    ca = est.as_(a).file_claim(case_id, 1_000, evidence=b"\x01" * 32)
    cb = est.as_(b).file_claim(case_id, 500)
    with reverts("BankruptcyInvalidKind"):
        est.as_(a).file_claim(case_id, 10, K.EMPLOYEE)
    with reverts("BankruptcyNotAdministrator"):
        est.as_(a).list_claim(case_id, a.address, K.EMPLOYEE, 10)
    emp = est.admin.list_claim(case_id, est.voter(2).address, K.EMPLOYEE, 300)  # art. 48: listed, not filed
    with reverts("BankruptcyAmountTooLarge"):
        est.admin.review_claim(ca, True, 1_001)
    est.admin.review_claim(ca, True, 900)
    est.admin.review_claim(cb, True, 500)
    est.admin.review_claim(emp, True, 300)
    deadline = est.now() + 2 * DAY
    est.act(case_id, bk.ActKind.SET_OBJECTION_DEADLINE, 0, deadline)
    # b objects to a's claim; the administrator answers; the court rules 800
    obj = est.as_(b).object(ca, cb, b"\x02" * 32)
    assert est.admin.get_claim(ca).status == bk.ClaimStatus.DISPUTED
    with reverts("BankruptcyNotClaimant"):
        est.as_(a).object(cb, cb)
    est.admin.answer_objection(obj, b"\x03" * 32)
    with reverts("BankruptcyObjectionWindowOpen", deadline=deadline):
        est.act(case_id, bk.ActKind.CONFIRM_CLAIMS, cb, emp)
    est.travel_to(deadline + 1)
    with reverts("BankruptcyObjectionWindowClosed"):
        est.as_(a).object(cb, ca)
    est.act(case_id, bk.ActKind.CONFIRM_CLAIMS, ca, emp)  # the disputed claim is skipped (art. 58)
    assert est.admin.get_claim(ca).status == bk.ClaimStatus.DISPUTED
    assert est.admin.get_claim(cb).status == bk.ClaimStatus.CONFIRMED
    assert est.meet_admin.class_totals(case_id, bk.VoteClass.EMPLOYEE) == (1, 300)
    est.act(case_id, bk.ActKind.RULE_OBJECTION, obj, 800)
    claim = est.admin.get_claim(ca)
    assert (claim.status, claim.amount) == (bk.ClaimStatus.CONFIRMED, 800)
    assert est.meet_admin.class_totals(case_id, bk.VoteClass.ORDINARY) == (2, 1_300)


def test_late_claim_is_marked_and_provisional_amount_votes(est: Estate) -> None:
    case_id = est.open_case()
    est.travel_to(est.judge.get_case(case_id)["filing_deadline"] + 1)
    late = est.as_(est.voter(0)).file_claim(case_id, 700)
    assert est.admin.get_claim(late).late
    # unconfirmed: no vote until the court sets a provisional amount (art. 59 para. 2)
    assert est.meet_admin.class_totals(case_id, bk.VoteClass.ORDINARY) == (0, 0)
    est.act(case_id, bk.ActKind.SET_PROVISIONAL, late, 400)
    assert est.meet_admin.class_totals(case_id, bk.VoteClass.ORDINARY) == (1, 400)


# -- thresholds at their boundaries ------------------------------------------------------------------------------


def _ordinary(est: Estate, amounts: list[int], choices: list[bk.Choice], kind: bk.ResolutionKind) -> bk.ClassResult:
    case_id = est.open_case()
    ids = est.claims(case_id, [(a, *ORD) for a in amounts])
    mid = est.convene_now(case_id, kind)
    votes = [(cid, ch) for cid, ch in zip(ids, choices, strict=True) if ch != bk.Choice.NONE]
    est.relay(mid, votes)
    status, results = est.close(mid)
    assert len(results) == 1
    assert (status == bk.ResolutionStatus.PASSED) == results[0].passed
    return results[0]


F, A, N, X = bk.Choice.FOR, bk.Choice.AGAINST, bk.Choice.ABSTAIN, bk.Choice.NONE


@pytest.mark.parametrize(
    ("amounts", "choices", "passed"),
    [
        # amount exactly 1/2 of all unsecured claims (absent creditor included), heads 2 of 3 present: passes
        ([50, 50, 20, 80], [F, F, A, X], True),
        # one base unit less than 1/2: fails
        ([50, 49, 21, 80], [F, F, A, X], False),
        # heads exactly half of those present (2 for, 2 against-or-abstain): fails although the amount is ample
        ([100, 100, 1, 1], [F, F, A, N], False),
        # one more head for: passes
        ([100, 100, 1, 1, 1], [F, F, F, A, N], True),
    ],
)
def test_ordinary_resolution_boundaries(
    est: Estate, amounts: list[int], choices: list[bk.Choice], passed: bool
) -> None:
    r = _ordinary(est, amounts, choices, bk.ResolutionKind.ORDINARY)
    assert r.passed is passed
    assert r.total_amount == sum(amounts)
    assert r.present_heads == sum(1 for c in choices if c != X)


@pytest.mark.parametrize(
    ("amounts", "passed"),
    [([200, 100, 0], True), ([199, 101, 0], False)],
)
def test_composition_two_thirds_boundary(est: Estate, amounts: list[int], passed: bool) -> None:
    # for: 2 heads with `amounts[0]`; against: 1 head; total 300 -> exactly 2/3 is 200 (以上: inclusive)
    a = [amounts[0] // 2, amounts[0] - amounts[0] // 2, amounts[1]]
    r = _ordinary(est, a, [F, F, A], bk.ResolutionKind.COMPOSITION)
    assert r.passed is passed
    assert (r.for_amount, r.total_amount) == (amounts[0], 300)


def test_secured_creditor_votes_by_head_on_ordinary_not_on_composition(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, K.ORDINARY, False), (1_000, K.ORDINARY, True)])
    mid = est.convene_now(case_id, bk.ResolutionKind.COMPOSITION)
    est.relay(mid, [(ids[0], F)])
    with reverts("BankruptcyNoVote"):
        est.meet_as(est.voter(1)).vote(mid, ids[1], A)
    _, results = est.close(mid)
    assert (results[0].present_heads, results[0].total_heads, results[0].total_amount) == (1, 1, 100)
    mid2 = est.convene_now(case_id, bk.ResolutionKind.ORDINARY)
    est.meet_as(est.voter(1)).vote(mid2, ids[1], A)
    est.meet_as(est.voter(0)).vote(mid2, ids[0], F)
    status, results = est.close(mid2)
    r = results[0]
    # heads 1 of 2 present: not more than half; the secured claim is outside the unsecured total
    assert (r.for_heads, r.present_heads, r.against_amount, r.total_amount) == (1, 2, 0, 100)
    assert status == bk.ResolutionStatus.FAILED


def test_reorganisation_by_class_boundaries_and_revote(est: Estate) -> None:
    """Employees pass at exactly 2/3 of the class's claims; ordinary fails on heads (one of two present); the failing
    class alone votes once more (art. 87) and fails again; a second re-vote is refused; the court crams the plan down
    under two judges; art. 83 social insurance does not vote."""
    case_id = est.open_case()
    specs = [
        (200, K.EMPLOYEE, False),  # 0 for
        (150, K.EMPLOYEE, False),  # 1 against
        (100, K.EMPLOYEE, False),  # 2 for: employees 2 of 3 heads, 300 of 450 = exactly 2/3 -> pass
        (3_000, K.ORDINARY, False),  # 3 for
        (1_001, K.ORDINARY, False),  # 4 against: ordinary 1 of 2 heads, not more than half -> fail
        (500, K.SOCIAL_INSURANCE, False),  # 5 no vote on the plan (art. 83)
    ]
    ids = est.claims(case_id, specs)
    mid = est.convene_now(case_id, bk.ResolutionKind.REORGANISATION)
    with reverts("BankruptcyNoVote"):
        est.meet_as(est.voter(5)).vote(mid, ids[5], F)
    est.relay(mid, [(ids[0], F), (ids[1], A), (ids[2], F), (ids[3], F), (ids[4], A)])
    status, results = est.close(mid)
    by = {r.vote_class: r for r in results}
    assert set(by) == {bk.VoteClass.EMPLOYEE, bk.VoteClass.ORDINARY}
    emp = by[bk.VoteClass.EMPLOYEE]
    assert (emp.for_heads, emp.present_heads, emp.for_amount, emp.total_amount, emp.passed) == (2, 3, 300, 450, True)
    assert by[bk.VoteClass.ORDINARY].passed is False  # 1 of 2 heads: not more than half
    assert status == bk.ResolutionStatus.FAILED
    # the ordinary class votes once more; the employees do not vote again
    revote = est.convene_now(case_id, bk.ResolutionKind.REORGANISATION, parent=mid)
    with reverts("BankruptcyNoVote"):
        est.meet_as(est.voter(0)).vote(revote, ids[0], F)
    est.relay(revote, [(ids[3], F), (ids[4], A)])
    status2, _ = est.close(revote)
    assert status2 == bk.ResolutionStatus.FAILED
    with reverts("BankruptcyUnexpectedResolutionStatus", meetingId=mid):
        est.meet_admin.convene(
            case_id, bk.ResolutionKind.REORGANISATION, est.now() + 16 * DAY, est.now() + 17 * DAY, mid
        )
    # cram-down of the failed re-vote: two judges, naming the art. 87 conditions found
    act = est.judge.propose_act(case_id, bk.ActKind.CRAM_DOWN, revote, 0b100101)
    with reverts("BankruptcySelfApproval"):
        est.judge.approve_act(act)
    est.judge2.approve_act(act)
    assert est.meet_admin.get_item(revote)["status"] == bk.ResolutionStatus.CRAMMED_DOWN


@pytest.mark.parametrize(("against", "passed"), [(1_500, True), (1_501, False)])
def test_reorganisation_class_amount_two_thirds_boundary(est: Estate, against: int, passed: bool) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(2_000, *ORD), (1_000, *ORD), (against, *ORD)])
    mid = est.convene_now(case_id, bk.ResolutionKind.REORGANISATION)
    est.relay(mid, [(ids[0], F), (ids[1], F), (ids[2], A)])
    status, results = est.close(mid)
    # 3000 for of 3000+against: 3*3000 >= 2*(3000+1500) exactly at 1500
    assert results[0].passed is passed
    assert (status == bk.ResolutionStatus.PASSED) is passed


def test_relayed_batch_skips_bad_ballots_without_reverting(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD), (100, *ORD), (100, *ORD)])
    mid = est.convene_now(case_id, bk.ResolutionKind.ORDINARY)
    good = est.sign(mid, ids[0], F)
    forged = est.sign(mid, ids[1], F)
    forged = bk.SignedBallot(mid, ids[2], F, 0, forged.deadline, forged.v, forged.r, forged.s)  # signed by voter 1
    stale = est.sign(mid, ids[1], F, nonce=5)
    sent = est.meet_admin.relay(mid, [good, forged, stale, good])
    skipped = {(int(e.args["claimId"]), int(e.args["reason"])) for e in sent.all("BallotSkipped")}
    assert skipped == {
        (ids[2], bk.SkipReason.BAD_SIGNATURE),
        (ids[1], bk.SkipReason.WRONG_NONCE),
        (ids[0], bk.SkipReason.WRONG_NONCE),  # the replay: its nonce was used
    }
    assert len(sent.all("BallotCast")) == 1
    with reverts("BankruptcyNotConvener"):
        est.meet_as(est.voter(0)).relay(mid, [good])
    with reverts("BankruptcyAlreadyVoted"):
        est.meet_as(est.voter(0)).vote(mid, ids[0], A)
    # the table is frozen while the meeting is convened
    late = est.as_(est.voter(3)).file_claim(case_id, 50)
    with reverts("BankruptcyTableFrozen", caseId=case_id):
        est.act(case_id, bk.ActKind.SET_PROVISIONAL, late, 50)
    with reverts("BankruptcyVotingOpen"):
        est.meet_admin.close(mid)


def test_meeting_notice_and_first_meeting_window(est: Estate) -> None:
    case_id = est.open_case()
    t = est.now()
    with reverts("BankruptcyInvalidMeeting"):
        est.meet_admin.convene(case_id, bk.ResolutionKind.ORDINARY, t + 15 * DAY - 1, t + 16 * DAY)
    deadline = est.judge.get_case(case_id)["filing_deadline"]
    with reverts("BankruptcyInvalidMeeting"):
        est.meet_admin.convene(case_id, bk.ResolutionKind.ORDINARY, deadline + 15 * DAY + 1, deadline + 16 * DAY)
    with reverts("BankruptcyNotConvener"):
        est.meet_as(est.accts["outsider"]).convene(case_id, bk.ResolutionKind.ORDINARY, t + 16 * DAY, t + 17 * DAY)
    est.meet_admin.convene(case_id, bk.ResolutionKind.ORDINARY, deadline + 15 * DAY, deadline + 16 * DAY)


def test_revocation_within_fifteen_days_and_override(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD), (100, *ORD)])
    mid = est.convene_now(case_id, bk.ResolutionKind.DISTRIBUTION_PLAN)
    est.relay(mid, [(ids[0], A), (ids[1], A)])
    assert est.close(mid)[0] == bk.ResolutionStatus.FAILED
    est.act(case_id, bk.ActKind.OVERRIDE, mid)  # art. 65
    assert est.meet_admin.get_item(mid)["status"] == bk.ResolutionStatus.OVERRIDDEN
    m2 = est.convene_now(case_id, bk.ResolutionKind.ORDINARY)
    est.relay(m2, [(ids[0], F), (ids[1], F)])
    assert est.close(m2)[0] == bk.ResolutionStatus.PASSED
    closed_at = est.meet_admin.get_meeting(m2)["closed_at"]
    act = est.judge.propose_act(case_id, bk.ActKind.REVOKE, m2)
    est.travel_to(closed_at + 15 * DAY + 1)
    with reverts("BankruptcyUnexpectedResolutionStatus", meetingId=m2):
        est.judge2.approve_act(act)


# -- distribution -------------------------------------------------------------------------------------------------


def test_distribution_in_statutory_order_with_collateral_and_reserve(est: Estate) -> None:
    case_id = est.open_case()
    specs = [
        (100, K.EXPENSE, False),  # 0
        (50, K.COMMON_BENEFIT, False),  # 1
        (300, K.EMPLOYEE, False),  # 2
        (200, K.TAX, False),  # 3
        (1_000, K.ORDINARY, False),  # 4
        (2_000, K.ORDINARY, False),  # 5
        (1_000, K.ORDINARY, True),  # 6 secured
    ]
    ids = est.claims(case_id, specs)
    fund_admin(est, 10_000)
    est.admin.deposit(case_id, 2_000)
    # collateral of claim 6 realised 600: paid first to it (art. 109); the deficiency 400 joins the ordinary tier
    p = est.admin.propose_payout(case_id, bk.PayoutKind.COLLATERAL, 600, ref=ids[6])
    with reverts("AccessMissingRole"):
        est.admin.approve_payout(p)
    est.judge.approve_payout(p)
    assert est.admin.get_claim(ids[6]).credited == 600
    # round 1: 1400 left -> 100 + 50 + 300 + 200 in full, 750 pro rata over 1000 + 2000 + 400 ordinary
    p = est.admin.propose_payout(case_id, bk.PayoutKind.ROUND, 1_400)
    est.judge2.approve_payout(p)
    done = False
    while not done:
        sent = est.as_(est.accts["outsider"]).distribute(case_id, 3)
        done = bool(sent.all("RoundCompleted"))
    got = [est.admin.get_claim(i).credited for i in ids]
    assert got[:4] == [100, 50, 300, 200]
    ordinary = got[4] + got[5] + (got[6] - 600)
    assert ordinary == 750
    assert got[4] == 750 * 1_000 // 3_400  # cumulative rounding: floor(F*S_i/T) - floor(F*S_{i-1}/T)
    case = est.admin.get_case(case_id)
    assert case["held"] + case["credited"] - case["withdrawn"] + case["reserved"] == 2_000
    # withdrawal by the claimant only
    with reverts("BankruptcyNotClaimant"):
        est.as_(est.voter(5)).withdraw(ids[4])
    est.as_(est.voter(4)).withdraw(ids[4])
    with reverts("BankruptcyNothingOwed"):
        est.as_(est.voter(4)).withdraw(ids[4])


def test_disputed_claim_is_reserved_and_paid_on_ruling(est: Estate) -> None:
    case_id, ca, cb, obj = litigated_case(est)
    b = est.voter(1)
    est.as_(est.accts["outsider"]).distribute(case_id, 10)
    assert (est.admin.get_claim(ca).reserve, est.admin.get_claim(cb).credited) == (500, 500)
    with reverts("BankruptcyFilingClosed"):
        est.as_(est.voter(2)).file_claim(case_id, 10)
    est.act(case_id, bk.ActKind.RULE_OBJECTION, obj, 400)  # the court finds 400: 400 paid, 100 back to the estate
    claim = est.admin.get_claim(ca)
    assert (claim.status, claim.credited, claim.reserve) == (bk.ClaimStatus.CONFIRMED, 400, 0)
    case = est.admin.get_case(case_id)
    assert (case["held"], case["reserved"], case["credited"]) == (100, 0, 900)
    est.act(case_id, bk.ActKind.CLOSE)
    assert est.admin.get_case(case_id)["status"] == bk.CaseStatus.CLOSED
    # a closed case's table no longer changes
    with reverts("BankruptcyUnexpectedCaseStatus", caseId=case_id, current=bk.CaseStatus.CLOSED):
        est.as_(b).object(ca, cb)
    with reverts("BankruptcyUnexpectedCaseStatus", caseId=case_id, current=bk.CaseStatus.CLOSED):
        est.admin.review_claim(cb, True, 1)


def test_payout_needs_a_judge_other_than_the_proposer(est: Estate) -> None:
    case_id = est.open_case()
    fund_admin(est, 100)
    est.admin.deposit(case_id, 100)
    with reverts("BankruptcyNotAdministrator"):
        est.judge.propose_payout(case_id, bk.PayoutKind.ROUND, 100)
    p = est.admin.propose_payout(case_id, bk.PayoutKind.ROUND, 101)
    with reverts("BankruptcyAmountTooLarge"):
        est.judge.approve_payout(p)

"""Meetings with an agenda of several resolutions (one ballot, one choice per item, per-item tallies and results,
per-item skips of art. 59, per-item re-vote of art. 87) and the shareholders' class of art. 85 (出资人组), against a
real node; the EIP-712 ballot digest against eth-account's encoding."""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak

from courtchain.clients import bankruptcy as bk

from ..helpers import reverts
from .conftest import DAY, DEBTOR, Estate

K = bk.ClaimKind
F, A, N, X = bk.Choice.FOR, bk.Choice.AGAINST, bk.Choice.ABSTAIN, bk.Choice.NONE
R = bk.ResolutionKind
VC = bk.VoteClass
ORD = (K.ORDINARY, False)
SECURED = (K.ORDINARY, True)


def test_agenda_counts_each_item_and_skips_secured_creditors_per_item(est: Estate) -> None:
    """Four items at one meeting: the claims table (ordinary), the administrator's report (ordinary), the
    property-management plan (art. 61, ordinary) and the distribution plan (art. 59: secured creditors do not vote).
    A secured creditor's ballot counts on the first three items and is skipped on the fourth, with its reason."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD), (60, *ORD), (40, *ORD), (1_000, *SECURED)])
    agenda = [bk.AgendaItem(R.ORDINARY), bk.AgendaItem(R.ORDINARY), bk.AgendaItem(R.ORDINARY)]
    mid = est.convene_agenda_now(case_id, [*agenda, bk.AgendaItem(R.DISTRIBUTION_PLAN)])
    assert est.meet_admin.get_meeting(mid)["item_count"] == 4
    sent = est.relay(mid, [(ids[0], [F, F, A, F]), (ids[1], [F, A, A, A]), (ids[2], [A, A, F, F])])
    assert len(sent.all("BallotCast")) == 3
    secured = est.meet_as(est.voter(3)).vote(mid, ids[3], [F, F, F, F])
    skipped = [(int(e.args["item"]), int(e.args["reason"])) for e in secured.all("BallotItemSkipped")]
    assert skipped == [(3, bk.SkipReason.NO_VOTE)]
    assert int(secured.event("BallotCast").args["counted"]) == 0b0111
    est.travel_to(est.meet_admin.get_meeting(mid)["closes_at"] + 1)
    status, results, closed = est.meet_as(est.accts["outsider"]).close(mid)
    by_item = {r.item: r for r in results}
    assert sorted(by_item) == [0, 1, 2, 3] and all(r.vote_class == VC.NONE for r in results)
    # item 0: 3 of 4 heads (the secured creditor counts by head), 160 of 200 unsecured: passes
    r0 = by_item[0]
    assert (r0.for_heads, r0.present_heads, r0.total_heads, r0.for_amount, r0.total_amount) == (3, 4, 4, 160, 200)
    # item 1: 2 of 4 heads, not more than half: fails although 100 of 200 is 1/2
    assert (by_item[1].for_heads, by_item[1].present_heads, by_item[1].passed) == (2, 4, False)
    # item 2: 2 of 4 heads: fails
    assert by_item[2].passed is False
    # item 3 (distribution plan): the secured creditor is neither present nor counted: 2 of 3 heads, 140 of 200
    r3 = by_item[3]
    assert (r3.for_heads, r3.present_heads, r3.total_heads, r3.for_amount, r3.passed) == (2, 3, 3, 140, True)
    assert bk.item_statuses(closed) == [bk.ResolutionStatus.PASSED, *[bk.ResolutionStatus.FAILED] * 2,
                                        bk.ResolutionStatus.PASSED]  # fmt: skip
    assert status == bk.ResolutionStatus.FAILED  # not every item passed
    m = est.meet_admin.get_meeting(mid)
    assert (m["status"], m["passed_items"]) == (bk.ResolutionStatus.CLOSED, 0b1001)
    for i in range(4):
        t = est.meet_admin.get_tally(mid, i, VC.NONE)
        r = by_item[i]
        assert t == (r.for_heads, r.against_heads, r.present_heads, r.for_amount, r.against_amount, r.present_amount)
    # the court overrides the failed item 1 (art. 65) and only it
    est.act(case_id, bk.ActKind.OVERRIDE, bk.resolution_ref(mid, 1))
    assert est.meet_admin.get_item(mid, 1)["status"] == bk.ResolutionStatus.OVERRIDDEN
    assert est.meet_admin.get_item(mid, 2)["status"] == bk.ResolutionStatus.FAILED
    with reverts("BankruptcyUnknownMeeting", meetingId=mid):
        est.act(case_id, bk.ActKind.OVERRIDE, mid + (4 << 128))  # no item 4


def test_ballot_choices_must_cover_the_items_voted_on(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD), (100, *SECURED), (100, *ORD)])
    mid = est.convene_agenda_now(case_id, [bk.AgendaItem(R.ORDINARY), bk.AgendaItem(R.COMPOSITION)])
    with reverts("BankruptcyBadChoices", meetingId=mid):
        est.meet_as(est.voter(0)).vote(mid, ids[0], [F, X])  # no choice on item 1
    with reverts("BankruptcyBadChoices", meetingId=mid, choices=1 | (1 << 2) | (1 << 4)):
        est.meet_as(est.voter(0)).vote(mid, ids[0], [F, F, F])  # a choice beyond the agenda
    # the secured creditor has no vote on the composition: no choice needed there, skipped per item
    sent = est.meet_as(est.voter(1)).vote(mid, ids[1], [A, X])
    assert [int(e.args["item"]) for e in sent.all("BallotItemSkipped")] == [1]
    relayed = est.meet_admin.relay(mid, [est.sign(mid, ids[2], [F, X]), est.sign(mid, ids[0], [F, A])])
    assert [(int(e.args["claimId"]), int(e.args["reason"])) for e in relayed.all("BallotSkipped")] == [
        (ids[2], bk.SkipReason.BAD_BALLOT)
    ]
    assert est.meet_admin.get_tally(mid, 1, VC.NONE)[:3] == (0, 1, 1)
    assert est.meet_admin.get_tally(mid, 0, VC.NONE)[:3] == (1, 1, 2)


def test_agenda_bounds(est: Estate) -> None:
    case_id = est.open_case()
    est.claims(case_id, [(100, *ORD)])
    t = est.now() + 16 * DAY
    with reverts("BankruptcyInvalidMeeting"):
        est.meet_admin.transact("convene", case_id, [], t, t + DAY, bk.ZERO_HASH)
    nine = [bk.AgendaItem(R.ORDINARY).as_tuple()] * 9
    with reverts("BankruptcyInvalidMeeting"):
        est.meet_admin.transact("convene", case_id, nine, t, t + DAY, bk.ZERO_HASH)
    with reverts("BankruptcyInvalidAgenda", item=1):
        est.meet_admin.convene_agenda(case_id, [bk.AgendaItem(R.ORDINARY), bk.AgendaItem(R.ORDINARY, True)], t, t + DAY)
    with reverts("BankruptcyInvalidAgenda", item=0):
        est.meet_admin.convene_agenda(case_id, [bk.AgendaItem(R.NONE)], t, t + DAY)
    eight = est.meet_admin.convene_agenda(case_id, [bk.AgendaItem(R.ORDINARY)] * 8, t, t + DAY)
    assert est.meet_admin.get_meeting(eight)["item_count"] == 8
    with reverts("BankruptcyInvalidAgenda", item=8):
        est.meet_admin.get_item(eight, 8)


def test_revote_and_cram_down_per_plan_item(est: Estate) -> None:
    """Item 0 a plan, item 1 an ordinary resolution. The plan's ordinary class fails; the re-vote meeting re-votes
    item 0 of the first meeting (only the failing class) beside a new item; item 1 cannot be re-voted (not a plan)."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(300, K.EMPLOYEE, False), (3_000, *ORD), (1_001, *ORD)])
    mid = est.convene_agenda_now(case_id, [bk.AgendaItem(R.REORGANISATION), bk.AgendaItem(R.ORDINARY)])
    est.relay(mid, [(ids[0], [F, F]), (ids[1], [F, F]), (ids[2], [A, F])])
    _, results = est.close(mid)
    plan = {r.vote_class: r.passed for r in results if r.item == 0}
    assert plan == {VC.EMPLOYEE: True, VC.ORDINARY: False}
    assert est.meet_admin.get_item(mid, 0)["status"] == bk.ResolutionStatus.FAILED
    assert est.meet_admin.get_item(mid, 1)["status"] == bk.ResolutionStatus.PASSED
    start = est.now() + 15 * DAY + 10
    with reverts("BankruptcyUnknownMeeting", meetingId=mid):
        est.meet_admin.convene_agenda(case_id, [bk.AgendaItem(R.REORGANISATION, parent=mid, parent_item=1)], start,
                                      start + DAY)  # fmt: skip
    again = est.convene_agenda_now(
        case_id, [bk.AgendaItem(R.ORDINARY), bk.AgendaItem(R.REORGANISATION, parent=mid, parent_item=0)]
    )
    item = est.meet_admin.get_item(again, 1)
    assert (item["class_mask"], item["parent"], item["parent_item"]) == (1 << VC.ORDINARY, mid, 0)
    # the employees passed: their ballot counts on item 0 and is skipped on the re-voted plan item
    sent = est.meet_as(est.voter(0)).vote(again, ids[0], [F, X])
    assert [int(e.args["item"]) for e in sent.all("BallotItemSkipped")] == [1]
    est.relay(again, [(ids[1], [F, F]), (ids[2], [F, A])])
    status, results = est.close(again)
    assert [(r.item, r.vote_class) for r in results] == [(0, VC.NONE), (1, VC.ORDINARY)]
    assert est.meet_admin.get_item(again, 1)["status"] == bk.ResolutionStatus.FAILED  # 1 of 2 heads again
    with reverts("BankruptcyUnexpectedResolutionStatus", meetingId=mid):
        est.meet_admin.convene_agenda(case_id, [bk.AgendaItem(R.REORGANISATION, parent=mid)], est.now() + 16 * DAY,
                                      est.now() + 17 * DAY)  # fmt: skip
    with reverts("BankruptcyUnexpectedResolutionStatus", meetingId=again):
        est.act(case_id, bk.ActKind.CRAM_DOWN, bk.resolution_ref(again, 0), 0b1)  # item 0 is not a plan
    est.act(case_id, bk.ActKind.CRAM_DOWN, bk.resolution_ref(again, 1), 0b11)
    assert est.meet_admin.get_item(again, 1)["status"] == bk.ResolutionStatus.CRAMMED_DOWN
    assert status == bk.ResolutionStatus.FAILED


# -- the shareholders' class (art. 85) ----------------------------------------------------------------------------


def test_register_shareholder_rules(est: Estate) -> None:
    case_id = est.open_case()
    key = b"\x05" * 32
    who = est.voter(500).address
    with reverts("BankruptcyNotConvener"):
        est.meet_judge.transact("registerShareholder", case_id, key, who, 1)
    with reverts("BankruptcyCaseNotRegistered"):
        est.meet_admin.transact("registerShareholder", case_id + 99, key, who, 1)
    with reverts("BankruptcyInvalidShare", caseId=case_id, share=0):
        est.meet_admin.transact("registerShareholder", case_id, key, who, 0)
    sid = est.meet_admin.register_shareholder(case_id, key, who, 600_000)
    assert sid == bk.SHAREHOLDER_IDS + 1
    # approved and pending shares together: the pending 60 % already counts against the 100 %
    with reverts("BankruptcyInvalidShare", caseId=case_id, share=400_001):
        est.meet_admin.transact("registerShareholder", case_id, key, who, 400_001)  # 100 % and one millionth
    sid2 = est.meet_admin.register_shareholder(case_id, key, who, 400_000)
    assert est.meet_admin.class_totals(case_id, VC.SHAREHOLDER) == (0, 0)  # pending: nothing counts yet
    est.meet_judge.approve_shareholder(sid)
    est.meet_judge.approve_shareholder(sid2)
    assert est.meet_admin.class_totals(case_id, VC.SHAREHOLDER) == (2, 1_000_000)
    other = est.open_case()
    est.claims(other, [(100, *ORD)])
    pending = est.meet_admin.register_shareholder(other, key, who, 1)
    est.convene_now(other, R.ORDINARY)
    with reverts("BankruptcyTableFrozen", caseId=other):
        est.meet_admin.transact("registerShareholder", other, key, who, 1)
    with reverts("BankruptcyTableFrozen", caseId=other):  # the register is frozen for the approval too
        est.meet_judge.transact("approveShareholder", pending)


def test_a_shareholder_counts_only_once_a_judge_other_than_the_registrant_approves(est: Estate) -> None:
    """No single actor (art. 85): the administrator's registration is pending, with no weight and no vote; the
    administrator cannot approve it, nor can a judge who registered it as the case's administrator; a judge's
    approval, recorded with approver and proposer, makes the share count."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD)])
    holder = est.voter(500)
    admin = est.accts["litigant"].address
    sent = est.meet_admin.transact("registerShareholder", case_id, b"\x07" * 32, holder.address, 600_000)
    sid = int(sent.event("ShareholderRegistered").args["voterId"])
    assert sent.all("VoteWeightChanged") == []
    assert est.meet_admin.pending_shareholder(sid) == bk.PendingShareholder(case_id, holder.address, 600_000, admin)
    voice, weight = est.meet_admin.view("getVoice", sid)
    assert (int(voice[0], 16), weight) == (0, 0)  # no account, no weight
    assert est.meet_admin.class_totals(case_id, VC.SHAREHOLDER) == (0, 0)
    with reverts("AccessMissingRole", account=admin):
        est.meet_admin.transact("approveShareholder", sid)  # the administrator alone: refused
    # a pending shareholder cannot vote on a plan adjusting equity
    mid = est.convene_agenda_now(case_id, [bk.AgendaItem(R.REORGANISATION, adjusts_equity=True)])
    with reverts("BankruptcyNotVoter", claimId=sid, account=holder.address):
        est.meet_as(holder).vote(mid, sid, [F])
    est.relay(mid, [(ids[0], F)])
    _, results = est.close(mid)
    assert VC.SHAREHOLDER not in [r.vote_class for r in results]  # no class without an approved shareholder
    # a judge approves: the weight counts from now on
    sent = est.meet_judge.approve_shareholder(sid)
    judge = est.accts["judge"].address
    approved = sent.event("ShareholderApproved").args
    assert (int(approved["caseId"]), int(approved["voterId"])) == (case_id, sid)
    assert (approved["approver"], approved["proposer"]) == (judge, admin)
    changed = sent.event("VoteWeightChanged").args
    assert (int(changed["claimId"]), changed["account"], int(changed["newWeight"])) == (sid, holder.address, 600_000)
    assert changed["newClass"] == VC.SHAREHOLDER
    assert est.meet_admin.class_totals(case_id, VC.SHAREHOLDER) == (1, 600_000)
    assert est.meet_admin.pending_shareholder(sid) is None
    with reverts("BankruptcyNoPendingShareholder", voterId=sid):
        est.meet_as(est.accts["judge2"]).transact("approveShareholder", sid)  # approved once
    mid2 = est.convene_agenda_now(case_id, [bk.AgendaItem(R.REORGANISATION, adjusts_equity=True)])
    est.meet_as(holder).vote(mid2, sid, [F])
    # a judge appointed administrator of a case registers a shareholder: that judge cannot approve it
    t = est.now()
    judge2 = est.accts["judge2"].address
    other, act, _ = est.judge.propose_opening(DEBTOR, judge2, t, t + 30 * DAY)
    est.judge2.approve_act(act)
    own = est.meet_as(est.accts["judge2"]).register_shareholder(other, b"\x08" * 32, holder.address, 1)
    with reverts("BankruptcySelfApproval", actId=own, account=judge2):
        est.meet_as(est.accts["judge2"]).transact("approveShareholder", own)
    est.meet_judge.approve_shareholder(own)
    assert est.meet_admin.class_totals(other, VC.SHAREHOLDER) == (1, 1)


def test_a_pending_shareholder_can_be_cancelled(est: Estate) -> None:
    """The administrator or a judge withdraws a pending registration: its share is freed, it can no longer be
    approved; anyone else is refused."""
    case_id = est.open_case()
    who = est.voter(500).address
    sid = est.meet_admin.register_shareholder(case_id, b"\x09" * 32, who, 1_000_000)
    with reverts("BankruptcyNotConvener", caseId=case_id):
        est.meet_as(est.voter(500)).transact("cancelShareholder", sid)
    sent = est.meet_admin.cancel_shareholder(sid)
    assert int(sent.event("ShareholderCancelled").args["voterId"]) == sid
    with reverts("BankruptcyNoPendingShareholder", voterId=sid):
        est.meet_judge.transact("approveShareholder", sid)
    with reverts("BankruptcyNoPendingShareholder", voterId=sid):
        est.meet_judge.transact("cancelShareholder", sid)
    again = est.meet_admin.register_shareholder(case_id, b"\x09" * 32, who, 1_000_000)  # the 100 % is free again
    assert again == sid + 1
    est.meet_judge.cancel_shareholder(again)
    assert est.meet_admin.class_totals(case_id, VC.SHAREHOLDER) == (0, 0)


def _equity_meeting(est: Estate, shares: list[int], choices: list[bk.Choice]) -> tuple[bool, bk.ClassResult, int]:
    """A plan adjusting equity: one ordinary creditor votes for (its class passes); the shareholders vote."""
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD)])
    sids = est.shareholders(case_id, shares)
    mid = est.convene_agenda_now(case_id, [bk.AgendaItem(R.REORGANISATION, adjusts_equity=True)])
    votes = [(sid, ch) for sid, ch in zip(sids, choices, strict=True) if ch != X]
    est.relay(mid, [(ids[0], F), *votes])
    status, results = est.close(mid)
    holders = next(r for r in results if r.vote_class == VC.SHAREHOLDER)
    return status == bk.ResolutionStatus.PASSED, holders, mid


@pytest.mark.parametrize(
    ("shares", "choices", "passed"),
    [
        # exactly two-thirds of the voting rights taking part: passes (以上: inclusive)
        ([400_000, 200_000], [F, A], True),
        # one millionth more against: fails
        ([400_000, 200_001], [F, A], False),
        # one more ballot, an abstention of one millionth, takes part: fails
        ([400_000, 200_000, 1], [F, A, N], False),
        # the same shareholder absent: not taking part, passes; heads do not count (1 for, 2 against)
        ([400_000, 100_000, 100_000, 1], [F, A, A, X], True),
        # one millionth less for: fails
        ([399_999, 200_000], [F, A], False),
        # nobody for: fails
        ([400_000], [A], False),
    ],
)
def test_shareholders_class_two_thirds_of_rights_taking_part(
    est: Estate, shares: list[int], choices: list[bk.Choice], passed: bool
) -> None:
    plan_passed, holders, _ = _equity_meeting(est, shares, choices)
    assert holders.passed is passed
    assert plan_passed is passed  # the creditors' class passed: the plan follows the shareholders' class
    taking_part = sum(s for s, c in zip(shares, choices, strict=True) if c != X)
    assert (holders.present_amount, holders.total_amount) == (taking_part, sum(shares))


def test_shareholders_vote_only_on_items_adjusting_equity(est: Estate) -> None:
    case_id = est.open_case()
    ids = est.claims(case_id, [(100, *ORD), (100, *ORD)])
    (sid,) = est.shareholders(case_id, [500_000])
    agenda = [
        bk.AgendaItem(R.ORDINARY),
        bk.AgendaItem(R.REORGANISATION),
        bk.AgendaItem(R.REORGANISATION, adjusts_equity=True),
    ]
    mid = est.convene_agenda_now(case_id, agenda)
    masks = [est.meet_admin.get_item(mid, i)["class_mask"] for i in range(3)]
    assert masks == [1, 1 << VC.ORDINARY, (1 << VC.ORDINARY) | (1 << VC.SHAREHOLDER)]
    sent = est.meet_as(est.voter(500)).vote(mid, sid, [X, X, A])
    assert [int(e.args["item"]) for e in sent.all("BallotItemSkipped")] == [0, 1]
    est.relay(mid, [(ids[0], [F, F, F]), (ids[1], [F, F, F])])
    _, results = est.close(mid)
    # the shareholders' class fails item 2; the creditors pass items 0 and 1; shareholders are not creditors on 0
    assert [r.total_heads for r in results if r.item == 0] == [2]
    assert est.meet_admin.get_item(mid, 2)["status"] == bk.ResolutionStatus.FAILED
    assert est.meet_admin.get_item(mid, 1)["status"] == bk.ResolutionStatus.PASSED
    # the shareholders' class re-votes too (art. 87) on the equity item
    again = est.convene_agenda_now(case_id, [bk.AgendaItem(R.REORGANISATION, parent=mid, parent_item=2)])
    item = est.meet_admin.get_item(again, 0)
    assert (item["class_mask"], item["adjusts_equity"]) == (1 << VC.SHAREHOLDER, True)
    est.relay(again, [(sid, F)])
    assert est.close(again)[0] == bk.ResolutionStatus.PASSED


def test_ballot_digest_matches_eth_account(est: Estate) -> None:
    chain_id = est.suite.chain.chain_id
    choices = bk.pack_choices([F, A, N, F, X, A, F, N])
    domain = {
        "name": bk.DOMAIN_NAME,
        "version": bk.DOMAIN_VERSION,
        "chainId": chain_id,
        "verifyingContract": est.meeting,
    }
    message = {"meetingId": 7, "claimId": bk.SHAREHOLDER_IDS + 3, "choices": choices, "nonce": 2, "deadline": 10**10}
    encoded = encode_typed_data(domain, bk.BALLOT_TYPES, message)
    digest = bytes(est.meet_admin.view("ballotDigest", 7, bk.SHAREHOLDER_IDS + 3, choices, 2, 10**10))
    assert digest == keccak(b"\x19\x01" + encoded.header + encoded.body)
    # and the Python signer signs that digest
    acct = est.voter(9)
    b = bk.sign_ballot(acct, chain_id, est.meeting, 7, bk.SHAREHOLDER_IDS + 3, [F, A, N, F, X, A, F, N], 2, 10**10)
    assert b.choices == choices
    assert Account._recover_hash(digest, vrs=(b.v, b.r, b.s)) == acct.address
    assert bk.unpack_choices(choices, 8) == [F, A, N, F, X, A, F, N]

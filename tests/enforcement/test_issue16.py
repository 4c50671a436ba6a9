"""Regression tests for the audit findings of issue 16 on the enforcement office (M2, L2, L3).

M2: no single account adds a payee to a case (admissions, and the costs named at openCase, need a second judge).
L2: a distribution round in progress blocks neither an admission nor a termination.
L3: a terminated case resumes only on property worth something; orders from before a termination are void after
it; an order executes only while its approving judge still holds JUDGE."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients import enforcement as enf
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.enforcement import AssetKind, CaseStatus, ClaimClass, OrderKind
from courtchain.suite import Suite
from tests.helpers import reverts

from .conftest import DEBTOR, TITLE, Office, govern, mint

BANK = keccak(text="issue 16 bank account")
RULING = keccak(text="termination ruling")


def _open(office: Office, claim: int = 1000) -> int:
    cid, _ = office.clerk.open_case(DEBTOR, office.accts["creditor"].address, claim, title_hash=TITLE)
    return cid


def _seize(office: Office, cid: int, amount: int) -> int:
    """Money seized under the two-person rule: officer proposes, a judge approves, the bank executes."""
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, amount)
    for kind in (OrderKind.FREEZE, OrderKind.DEDUCT):
        oid, _ = office.officer.propose_order(cid, kind, aid, amount)
        office.judge2.approve_order(oid)
        if kind == OrderKind.DEDUCT:
            mint(office.suite, office.accts["custodian"].address, amount)
        office.custodian.execute_order(oid, amount)
    return aid


def _terminate(office: Office, cid: int) -> None:
    oid, _ = office.officer.propose_order(cid, OrderKind.TERMINATE, 0, enf.termination_listing(ban=True), RULING)
    office.judge.approve_order(oid)
    assert office.anyone.case(cid).status == CaseStatus.TERMINATED


# -- M2 ---------------------------------------------------------------------------------------------------------------


def test_m2_single_judge_cannot_admit_costs_creditor(office: Office, accts: dict[str, LocalAccount]) -> None:
    """The audit's scenario: money seized under the two-person rule; one judge tries to route it to an accomplice
    admitted as Costs. The admission stays a proposal; the title creditor gets everything."""
    cid = _open(office)
    _seize(office, cid, 1000)
    accomplice = accts["outsider"].address
    aid, _ = office.judge.propose_admission(cid, accomplice, 1000, ClaimClass.COSTS)
    with reverts("EnforcementAdmissionSelfApproval", admissionId=aid, account=accts["judge"].address):
        office.judge.transact("approveAdmission", aid)
    assert office.anyone.case(cid).creditor_count == 1
    office.anyone.distribute_all(cid)
    creditors = office.anyone.creditors(cid)
    assert [(c.payee, c.credited) for c in creditors] == [(accts["creditor"].address, 1000)]
    assert office.anyone.case(cid).status == CaseStatus.CLOSED
    # the proposal is in the audit chain (and in its events), with its proposer
    ops = [int(e.args["opKind"]) for e in office.anyone.audit_events(cid)]
    assert enf.OpKind.ADMISSION_PROPOSED in ops and office.anyone.check_audit(cid).ok


def test_m2_priority_admission_needs_a_second_judge(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid = _open(office)
    aid, sent = office.judge.propose_admission(cid, accts["creditor2"].address, 400, ClaimClass.PRIORITY, 1)
    proposed = sent.event("AdmissionProposed").args
    assert (proposed["proposer"], proposed["payee"], proposed["claim"]) == (
        accts["judge"].address,
        accts["creditor2"].address,
        400,
    )
    crid, sent = office.judge2.approve_admission(aid)
    approved = sent.event("AdmissionApproved").args
    assert (approved["approver"], approved["proposer"], approved["creditorId"]) == (
        accts["judge2"].address,
        accts["judge"].address,
        crid,
    )
    # the audit chain records the admission with its approving judge
    admitted = [e for e in office.anyone.audit_events(cid) if e.args["opKind"] == enf.OpKind.CREDITOR_ADMITTED]
    assert admitted[-1].args["approver"] == accts["judge2"].address and admitted[-1].args["ref"] == crid


def test_m2_open_case_costs_payee_is_not_the_openers_choice(office: Office, accts: dict[str, LocalAccount]) -> None:
    """A judge opens a case naming an accomplice as costs payee: without a second judge the costs never count."""
    accomplice = accts["outsider"].address
    cid, sent = office.judge.open_case(DEBTOR, accts["creditor"].address, 1000, costs=900, costs_payee=accomplice)
    costs = office.judge.proposed_admission(sent)
    assert costs is not None and office.anyone.case(cid).creditor_count == 1
    with reverts("EnforcementAdmissionSelfApproval", admissionId=costs, account=accts["judge"].address):
        office.judge.transact("approveAdmission", costs)
    _seize(office, cid, 1000)
    office.anyone.distribute_all(cid)
    assert [c.credited for c in office.anyone.creditors(cid)] == [1000]
    assert office.anyone.token_balance(accomplice) == 0


def test_m2_obligation_default_still_opens_with_the_title_creditor(
    office: Office, suite: Suite, accts: dict[str, LocalAccount]
) -> None:
    """The ObligationRegistry's intake is unchanged: its creditor is fixed by the title, no approval needed."""
    from .conftest import install_suite_caller, send

    caller = install_suite_caller(suite, accts, "ObligationRegistry")
    data = office.anyone.call_data(
        "openFromObligation", 3, DEBTOR, accts["debtor"].address, accts["creditor"].address, 700, False, TITLE
    )
    send(suite, accts["keeper"], "SuiteCaller", caller, "forward", office.anyone.address, data)
    cid = office.anyone.case_count()
    assert [(c.payee, c.claim) for c in office.anyone.creditors(cid)] == [(accts["creditor"].address, 700)]


# -- L2 ---------------------------------------------------------------------------------------------------------------


def _round_in_progress(office: Office, cid: int) -> None:
    """What the audit saw: anyone deposits 1 wei and distributes one creditor, leaving the round open."""
    stranger = office.as_("outsider")
    mint(office.suite, office.accts["outsider"].address, 1)
    stranger.deposit(cid, 1)
    stranger.distribute(cid, 1)
    assert office.anyone.case(cid).distributing


def test_l2_running_round_does_not_block_termination(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid = _open(office)
    office.admit(cid, accts["creditor2"].address, 500)
    _round_in_progress(office, cid)
    oid, _ = office.officer.propose_order(cid, OrderKind.TERMINATE, 0, enf.termination_listing(ban=True), RULING)
    office.judge.approve_order(oid)
    case = office.anyone.case(cid)
    assert case.status == CaseStatus.TERMINATED and case.distributing
    # the round still completes on the terminated case; money stays conserved
    _, done, _ = office.anyone.distribute(cid, 10)
    assert done and office.anyone.money(cid).undistributed == 0
    office.balance_conserved([cid])


def test_l2_admission_during_a_round_joins_the_next_round(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid = _open(office)
    office.admit(cid, accts["creditor2"].address, 500)
    _seize(office, cid, 300)
    office.anyone.distribute(cid, 1)  # round 1 over 2 creditors, 1 visited
    crid = office.admit(cid, accts["creditor3"].address, 700)
    case = office.anyone.case(cid)
    assert crid == 2 and case.creditor_count == 3 and case.round_creditors == 2
    _, done, sent = office.anyone.distribute(cid, 300)
    assert done and {int(e.args["creditorId"]) for e in sent.all("DistributionCredited")} == {1}
    assert [c.credited for c in office.anyone.creditors(cid)] == [200, 100, 0]  # 300 pro rata 1000 : 500
    # the next round includes the new creditor
    mint(office.suite, accts["debtor"].address, 1000)
    office.as_("debtor").deposit(cid, 1000)
    office.anyone.distribute_all(cid)
    got = [c.credited for c in office.anyone.creditors(cid)]
    assert sum(got) == 1300 and got[2] > 0
    office.balance_conserved([cid])
    assert office.anyone.check_audit(cid).ok


# -- L3 ---------------------------------------------------------------------------------------------------------------


def test_l3_zero_value_report_does_not_resume(office: Office) -> None:
    cid = _open(office)
    _terminate(office, cid)
    with reverts("EnforcementZeroAmount"):
        office.custodian.transact("reportAsset", cid, int(AssetKind.BANK_DEPOSIT), BANK, 0)
    assert office.anyone.case(cid).status == CaseStatus.TERMINATED
    _, sent = office.custodian.report_asset(cid, AssetKind.VEHICLE, BANK, 1)
    assert sent.all("CaseResumed") and office.anyone.case(cid).status == CaseStatus.OPEN


def test_l3_orders_from_before_a_termination_are_void(office: Office) -> None:
    cid = _open(office)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 800)
    approved, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 800)
    office.judge.approve_order(approved)
    pending, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 100)
    _terminate(office, cid)
    office.custodian.report_asset(cid, AssetKind.OTHER, BANK, 5)  # resumes
    assert office.anyone.case(cid).terminations == 1
    with reverts("EnforcementOrderVoid", orderId=approved, period=0, current=1):
        office.custodian.transact("executeOrder", approved, 800)
    with reverts("EnforcementOrderVoid", orderId=pending, period=0, current=1):
        office.judge2.transact("approveOrder", pending)
    # a void order can still be cancelled; a fresh order after resumption works
    office.officer.cancel_order(approved)
    fresh, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 800)
    office.judge2.approve_order(fresh)
    office.custodian.execute_order(fresh)
    assert office.anyone.money(cid).frozen == 800


def test_l3_execution_needs_the_approver_still_a_judge(
    office: Office, suite: Suite, accts: dict[str, LocalAccount]
) -> None:
    cid = _open(office)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 800)
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 800)
    office.judge.approve_order(oid)
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.revoke_role("JUDGE", accts["judge"].address)])
    with reverts("EnforcementApproverNotJudge", orderId=oid, approver=accts["judge"].address):
        office.custodian.transact("executeOrder", oid, 800)
    # re-approval is a new order approved by a sitting judge
    office.officer.cancel_order(oid)
    again, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 800)
    office.judge2.approve_order(again)
    office.custodian.execute_order(again)

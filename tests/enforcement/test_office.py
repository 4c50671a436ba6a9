"""EnforcementOffice: opening, creditors, investigation, two-person orders, auto policy, money, closure,
termination and resumption, audit chain."""

from __future__ import annotations

from pathlib import Path

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients import enforcement as enf
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import CreditClient, EntryStatus
from courtchain.clients.enforcement import (
    AssetKind,
    CaseStatus,
    ClaimClass,
    EnforcementClient,
    OrderKind,
    OrderStatus,
)
from courtchain.roles import SUITE_KEYS
from courtchain.suite import Suite
from tests.helpers import assert_enum_mirror, reverts

from .conftest import DEBTOR, TITLE, Office, govern, install_suite_caller, mint, send

ROOT = Path(__file__).resolve().parents[2]
ZERO = "0x" + "00" * 20
BANK = keccak(text="ICBC 6222 0000 1111")


def test_enum_mirrors_match_interface() -> None:
    for py in [
        enf.CaseStatus,
        enf.ClaimClass,
        enf.AssetKind,
        enf.OrderKind,
        enf.OrderStatus,
        enf.OpKind,
        enf.AdmissionStatus,
    ]:
        assert_enum_mirror(py, "IEnforcementOffice.sol")


def open_case(office: Office, claim: int = 1000, costs: int = 0) -> int:
    """A case opened by the clerk; its costs (if any) admitted by a judge (the clerk proposed them)."""
    cid, sent = office.clerk.open_case(
        DEBTOR,
        office.accts["creditor"].address,
        claim,
        title_hash=TITLE,
        debtor_account=office.accts["debtor"].address,
        costs=costs,
        costs_payee=office.accts["registrar"].address if costs else None,
    )
    admission = office.clerk.proposed_admission(sent)
    if admission is not None:
        office.judge.approve_admission(admission)
    return cid


def freeze_and_deduct(office: Office, cid: int, amount: int, value: int | None = None) -> int:
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, value or amount)
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, amount)
    office.judge.approve_order(oid)
    office.custodian.execute_order(oid, amount)
    oid, _ = office.officer.propose_order(cid, OrderKind.DEDUCT, aid, amount)
    office.judge2.approve_order(oid)
    mint(office.suite, office.accts["custodian"].address, amount)
    office.custodian.execute_order(oid, amount)
    return aid


def test_open_case_records_debtor_creditors_and_inquiry(office: Office, clerk: LocalAccount) -> None:
    cid, sent = office.clerk.open_case(
        DEBTOR, office.accts["creditor"].address, 1000, title_hash=TITLE, costs=50, costs_payee=clerk.address
    )
    assert sent.event("AssetInquiryIssued").args["debtor"] == DEBTOR
    # the costs are only proposed: the title creditor alone until a judge other than the opener admits them
    c = office.anyone.case(cid)
    assert c.status == CaseStatus.OPEN and c.debtor == DEBTOR and c.creditor_count == 1
    assert c.outstanding == 1000 and not c.auto_approval
    admission = office.anyone.admission(int(sent.event("AdmissionProposed").args["admissionId"]))
    assert (admission.proposer, admission.payee, admission.claim) == (clerk.address, clerk.address, 50)
    assert admission.claim_class == ClaimClass.COSTS and admission.status == enf.AdmissionStatus.PROPOSED
    crid, _ = office.judge.approve_admission(admission.id)
    c = office.anyone.case(cid)
    assert crid == 1 and c.creditor_count == 2 and c.outstanding == 1050
    assert office.anyone.creditor(cid, 1).claim_class == ClaimClass.COSTS
    assert office.anyone.admission(admission.id).approver == office.accts["judge"].address


def test_open_refused_to_outsider_and_zero_debtor(office: Office) -> None:
    with reverts("EnforcementNotOpener", account=office.accts["outsider"].address):
        office.as_("outsider").transact("openCase", DEBTOR, ZERO, TITLE, office.accts["creditor"].address, 1, 0, ZERO)
    with reverts("EnforcementZeroDebtor"):
        office.judge.transact("openCase", b"\0" * 32, ZERO, TITLE, office.accts["creditor"].address, 1, 0, ZERO)
    with reverts("EnforcementInvalidClaim"):
        office.clerk.transact("openCase", DEBTOR, ZERO, TITLE, office.accts["creditor"].address, 0, 0, ZERO)


def test_open_from_obligation_only_by_obligation_registry(office: Office) -> None:
    args = (7, DEBTOR, ZERO, office.accts["creditor"].address, 100, True, TITLE)
    for name in ("clerk", "judge", "outsider"):
        with reverts("AccessOnlySuite", caller=office.accts[name].address):
            office.as_(name).transact("openFromObligation", *args)


def test_admission_judges_only_and_validated(office: Office) -> None:
    cid = open_case(office)
    c2 = office.accts["creditor2"].address
    with reverts("AccessMissingRole"):
        office.clerk.transact("proposeAdmission", cid, c2, int(ClaimClass.ORDINARY), 0, 10, TITLE)
    for cls, rank in ((ClaimClass.PRIORITY, 0), (ClaimClass.PRIORITY, 9), (ClaimClass.ORDINARY, 1)):
        with reverts("EnforcementInvalidClaim", rank=rank):
            office.judge.transact("proposeAdmission", cid, c2, int(cls), rank, 10, TITLE)
    with reverts("EnforcementZeroAddress"):
        office.judge.transact("proposeAdmission", cid, ZERO, int(ClaimClass.ORDINARY), 0, 10, TITLE)
    # a case's claims together stay below 2^128 (the packed uint128 words of credited and withdrawn hold them)
    room = 2**128 - 1 - office.anyone.case(cid).outstanding
    big, _ = office.judge.propose_admission(cid, c2, room + 1)
    with reverts("EnforcementAmountTooLarge", amount=room + 1, limit=room):
        office.judge2.transact("approveAdmission", big)
    with reverts("EnforcementAmountTooLarge", amount=2**200):
        office.clerk.transact("openCase", DEBTOR, ZERO, TITLE, office.accts["creditor"].address, 2**200, 0, ZERO)
    aid, _ = office.judge.propose_admission(cid, c2, 300, ClaimClass.PRIORITY, 2)
    with reverts("EnforcementAdmissionSelfApproval", admissionId=aid, account=office.accts["judge"].address):
        office.judge.transact("approveAdmission", aid)
    for name in ("clerk", "officer", "custodian", "outsider"):
        with reverts("AccessMissingRole", account=office.accts[name].address):
            office.as_(name).transact("approveAdmission", aid)
    assert office.anyone.case(cid).creditor_count == 1
    crid, sent = office.judge2.approve_admission(aid)
    assert crid == 1 and office.anyone.case(cid).outstanding == 1300
    assert sent.event("CreditorAdmitted").args["admittedBy"] == office.accts["judge2"].address
    with reverts("EnforcementAdmissionUnexpectedStatus", admissionId=aid, current=2, expected=1):
        office.judge.transact("approveAdmission", aid)
    with reverts("EnforcementUnknownAdmission", admissionId=99):
        office.judge2.transact("approveAdmission", 99)


def test_admission_cancelled_by_proposer_or_judge_only(office: Office) -> None:
    cid = open_case(office)
    c2 = office.accts["creditor2"].address
    aid, _ = office.judge.propose_admission(cid, c2, 10)
    for name in ("officer", "outsider"):
        with reverts("EnforcementNotAdmissionParty", admissionId=aid, account=office.accts[name].address):
            office.as_(name).transact("cancelAdmission", aid)
    office.judge2.cancel_admission(aid)
    with reverts("EnforcementAdmissionUnexpectedStatus", admissionId=aid, current=3, expected=1):
        office.judge2.transact("approveAdmission", aid)
    # the clerk who opened a case with costs may withdraw the costs proposal
    _, sent = office.clerk.open_case(DEBTOR, c2, 5, costs=3, costs_payee=office.accts["registrar"].address)
    costs = office.clerk.proposed_admission(sent)
    assert costs is not None
    office.clerk.cancel_admission(costs)
    assert office.anyone.admission(costs).status == enf.AdmissionStatus.CANCELLED
    assert office.anyone.check_audit(cid).ok


def test_two_person_rule(office: Office, suite: Suite, accts: dict[str, LocalAccount]) -> None:
    cid = open_case(office)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 500)
    # a judge who also holds the officer role proposes; he cannot approve his own order
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.grant_role("ENFORCEMENT_OFFICER", accts["judge"].address)])
    oid, _ = office.judge.propose_order(cid, OrderKind.FREEZE, aid, 500)
    with reverts("EnforcementSelfApproval", orderId=oid, account=accts["judge"].address):
        office.judge.transact("approveOrder", oid)
    for name in ("officer", "clerk", "custodian", "outsider"):
        with reverts("AccessMissingRole", account=accts[name].address):
            office.as_(name).transact("approveOrder", oid)
    # a non-officer cannot propose; a custodian cannot execute an unapproved order
    with reverts("AccessMissingRole"):
        office.clerk.transact("proposeOrder", cid, int(OrderKind.FREEZE), aid, 1, TITLE)
    with reverts("EnforcementOrderUnexpectedStatus", orderId=oid, current=1, expected=2):
        office.custodian.transact("executeOrder", oid, 500)
    sent = office.judge2.approve_order(oid)
    assert sent.event("OrderApproved").args["approver"] == accts["judge2"].address
    with reverts("EnforcementOrderUnexpectedStatus", current=2, expected=1):
        office.judge2.transact("approveOrder", oid)
    with reverts("AccessMissingRole"):
        office.officer.transact("executeOrder", oid, 500)
    sent = office.custodian.execute_order(oid, 400)  # confirms the amount actually frozen
    ev = sent.event("OrderExecuted").args
    assert (ev["proposer"], ev["approver"], ev["amount"]) == (accts["judge"].address, accts["judge2"].address, 400)
    assert office.anyone.asset(aid).frozen == 400 and office.anyone.money(cid).frozen == 400


def test_order_validation(office: Office) -> None:
    cid = open_case(office)
    other = open_case(office)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 500)
    house, _ = office.custodian.report_asset(cid, AssetKind.REAL_ESTATE, BANK, 9000)
    with reverts("EnforcementAssetOfOtherCase", assetId=aid, caseId=other):
        office.officer.transact("proposeOrder", other, int(OrderKind.FREEZE), aid, 1, TITLE)
    with reverts("EnforcementInvalidOrder"):
        office.officer.transact("proposeOrder", cid, int(OrderKind.FREEZE), house, 1, TITLE)
    for bad in (4, 1, 0x0702, 0x0102):  # mask 4; dishonest without reason; reason 7; reason without dishonest bit
        with reverts("EnforcementInvalidOrder", amount=bad):
            office.officer.transact("proposeOrder", cid, int(OrderKind.TERMINATE), 0, bad, TITLE)
    with reverts("EnforcementInvalidOrder"):  # no ruling hash
        office.officer.transact("proposeOrder", cid, int(OrderKind.TERMINATE), 0, 2, b"\0" * 32)
    with reverts("EnforcementUnknownAsset", assetId=99):
        office.officer.transact("proposeOrder", cid, int(OrderKind.FREEZE), 99, 1, TITLE)
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 100)
    office.judge.approve_order(oid)
    with reverts("EnforcementAmountTooLarge", amount=101, limit=100):
        office.custodian.transact("executeOrder", oid, 101)
    # deduct more than frozen is refused; cancel by the proposer
    office.custodian.execute_order(oid, 100)
    d, _ = office.officer.propose_order(cid, OrderKind.DEDUCT, aid, 200)
    office.judge.approve_order(d)
    with reverts("EnforcementAmountTooLarge", amount=200, limit=100):
        office.custodian.transact("executeOrder", d, 200)
    with reverts("EnforcementNotOrderParty"):
        office.as_("outsider").transact("cancelOrder", d)
    office.officer.cancel_order(d)
    assert office.anyone.order(d).status == OrderStatus.CANCELLED
    # release returns the freeze
    r, _ = office.officer.propose_order(cid, OrderKind.RELEASE, aid, 60)
    office.judge.approve_order(r)
    office.custodian.execute_order(r, 60)
    assert office.anyone.asset(aid).frozen == 40


def test_custodian_of_another_member_cannot_execute(
    office: Office, suite: Suite, accts: dict[str, LocalAccount]
) -> None:
    cid = open_case(office)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 500)
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 500)
    office.judge.approve_order(oid)
    # the credit agency's member gets a custodian role: a custodian, but not of the reporting bank
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.grant_role("CUSTODIAN", accts["credit_agency"].address)])
    with reverts("EnforcementNotAssetCustodian", assetId=aid, account=accts["credit_agency"].address):
        office.as_("credit_agency").transact("executeOrder", oid, 500)


def test_full_case_to_closure_with_money_conserved(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid = open_case(office, claim=1000, costs=100)
    office.admit(cid, accts["creditor2"].address, 400, ClaimClass.PRIORITY, 1)
    office.admit(cid, accts["creditor3"].address, 500)
    office.balance_conserved([cid])
    freeze_and_deduct(office, cid, 1200)
    office.balance_conserved([cid])
    m = office.anyone.money(cid)
    assert (m.seized, m.undistributed, m.outstanding, m.frozen) == (1200, 1200, 2000, 0)
    # costs 100, priority 400, then 700 pro rata over ordinary 1000 and 500 by cumulative rounding:
    # floor(700*1000/1500) = 466, then floor(700*1500/1500) - 466 = 234
    office.anyone.distribute_all(cid, page_size=2)
    got = [c.credited for c in office.anyone.creditors(cid)]
    assert got == [466, 100, 400, 234] and sum(got) == 1200
    office.balance_conserved([cid])
    amount, _ = office.as_("creditor2").withdraw(cid, 2)
    assert amount == 400 and office.anyone.token_balance(accts["creditor2"].address) == 400
    with reverts("EnforcementNotPayee"):
        office.as_("outsider").transact("withdraw", cid, 0)
    with reverts("EnforcementNothingOwed", caseId=cid, creditorId=2):
        office.as_("creditor2").transact("withdraw", cid, 2)
    office.balance_conserved([cid])
    # the debtor pays the rest voluntarily; more than needed is refused
    mint(office.suite, accts["debtor"].address, 10_000)
    with reverts("EnforcementAmountTooLarge", amount=801, limit=800):
        office.as_("debtor").deposit(cid, 801)
    office.as_("debtor").deposit(cid, 800)
    _, done, sent = office.anyone.distribute(cid, 10)
    assert done and sent.all("CaseClosed")
    assert office.anyone.case(cid).status == CaseStatus.CLOSED
    for i, name in ((0, "creditor"), (1, "registrar"), (3, "creditor3")):
        office.as_(name).withdraw(cid, i)
        office.balance_conserved([cid])
    m = office.anyone.money(cid)
    assert (m.outstanding, m.owed, m.undistributed, m.withdrawn) == (0, 0, 0, 2000)
    assert office.anyone.token_balance() == 0
    assert office.anyone.check_audit(cid).ok


def test_nothing_to_distribute_and_page_size(office: Office) -> None:
    cid = open_case(office)
    with reverts("EnforcementNothingToDistribute", caseId=cid):
        office.anyone.transact("distribute", cid, 10)
    with reverts("EnforcementZeroAmount"):
        office.anyone.transact("distribute", cid, 0)


def test_termination_listing_resumption_closure_delisting(office: Office, accts: dict[str, LocalAccount]) -> None:
    """Against the real CreditRegistry: termination lists, new property resumes the same case, payment closes it
    and delists."""
    credit = CreditClient(office.suite)
    ruling = keccak(text="termination ruling")
    cid = open_case(office, claim=800)
    listing = enf.termination_listing(ban=True, dishonest_reason=4)
    oid, _ = office.officer.propose_order(cid, OrderKind.TERMINATE, 0, listing, ruling)
    with reverts("AccessMissingRole"):
        office.officer.transact("approveOrder", oid)
    sent = office.judge.approve_order(oid)
    assert sent.event("CaseTerminated").args["approver"] == accts["judge"].address
    listed = {int(e.args["kind"]): int(e.args["entryId"]) for e in sent.all("DebtorListed")}
    assert set(listed) == {1, 2}
    for kind, reason in ((1, 4), (2, 101)):
        entry = credit.entry(listed[kind])
        assert (entry.subject, entry.case_id, entry.reason, entry.evidence_hash) == (DEBTOR, cid, reason, ruling)
        assert entry.status == EntryStatus.ACTIVE
    assert credit.restriction(DEBTOR).restricted
    assert office.anyone.case(cid).status == CaseStatus.TERMINATED
    with reverts("EnforcementUnexpectedStatus", caseId=cid, current=2, expected=1):
        office.officer.transact("proposeOrder", cid, int(OrderKind.TERMINATE), 0, 2, ruling)
    # new property: the same case resumes by itself; the listing stays until the debtor has paid
    _, sent = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 5000)
    assert sent.event("CaseResumed").args["caseId"] == cid
    assert office.anyone.case(cid).status == CaseStatus.OPEN and office.anyone.case_count() == 1
    assert credit.restriction(DEBTOR).restricted
    aid = int(sent.event("AssetReported").args["assetId"])
    for kind in (OrderKind.FREEZE, OrderKind.DEDUCT):
        oid, _ = office.officer.propose_order(cid, kind, aid, 800)
        office.judge2.approve_order(oid)
        if kind == OrderKind.DEDUCT:
            mint(office.suite, accts["custodian"].address, 800)
        office.custodian.execute_order(oid)
    _, done, sent = office.anyone.distribute(cid, 10)
    assert done and sent.event("CaseClosed").args["caseId"] == cid
    assert sent.event("DebtorDelisted").args["entries"] == 2
    assert [credit.entry(listed[k]).status for k in (1, 2)] == [EntryStatus.DELISTED, EntryStatus.DELISTED]
    assert not credit.restriction(DEBTOR).restricted
    assert not office.anyone.case(cid).listed
    office.as_("creditor").withdraw(cid, 0)
    office.balance_conserved([cid])
    assert office.anyone.check_audit(cid).ok


def test_termination_without_credit_registry(office: Office, suite: Suite, accts: dict[str, LocalAccount]) -> None:
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.set_suite_contract(SUITE_KEYS["CreditRegistry"], ZERO)])
    cid = open_case(office)
    oid, _ = office.officer.propose_order(cid, OrderKind.TERMINATE, 0, 2, TITLE)
    sent = office.judge.approve_order(oid)
    assert sent.event("CreditRegistryMissing").args["listing"] is True
    assert not sent.all("DebtorListed") and not office.anyone.case(cid).listed
    assert office.anyone.case(cid).status == CaseStatus.TERMINATED


def test_closure_releases_remaining_freezes(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid = open_case(office, claim=500)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 2000)
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 2000)
    office.judge.approve_order(oid)
    office.custodian.execute_order(oid, 2000)
    d, _ = office.officer.propose_order(cid, OrderKind.DEDUCT, aid, 500)
    office.judge.approve_order(d)
    mint(office.suite, accts["custodian"].address, 500)
    office.custodian.execute_order(d, 500)
    assert office.anyone.money(cid).frozen == 1500
    _, _, sent = office.anyone.distribute(cid, 5)
    assert sent.event("CaseClosed").args["frozenReleased"] == 1500
    assert office.anyone.money(cid).frozen == 0 and office.anyone.asset(aid).frozen == 0
    with reverts("EnforcementUnexpectedStatus", current=3):
        office.custodian.transact("reportAsset", cid, int(AssetKind.BANK_DEPOSIT), BANK, 1)


def test_auto_policy_only_inside_policy(office: Office, suite: Suite, accts: dict[str, LocalAccount]) -> None:
    caller = install_suite_caller(suite, accts, "ObligationRegistry")
    cap = office.anyone.auto_approval_cap()
    assert cap > 0

    def from_obligation(ob: int, amount: int, confirmed: bool) -> int:
        data = office.anyone.call_data(
            "openFromObligation", ob, DEBTOR, ZERO, accts["creditor"].address, amount, confirmed, TITLE
        )
        receipt = send(suite, accts["keeper"], "SuiteCaller", caller, "forward", office.anyone.address, data)
        ev = next(e for e in suite.events_of(receipt) if e.name == "CaseOpened")
        return int(ev.args["caseId"])

    inside = from_obligation(1, 700, True)
    over_cap = from_obligation(2, cap + 1, True)
    unconfirmed = from_obligation(3, 700, False)
    assert [office.anyone.case(c).auto_approval for c in (inside, over_cap, unconfirmed)] == [True, False, False]
    # outside the policy, a reported deposit waits for an officer and a judge
    for c in (over_cap, unconfirmed):
        _, sent = office.custodian.report_asset(c, AssetKind.BANK_DEPOSIT, BANK, 1000)
        assert not sent.all("OrderProposed")
    # inside: a non-bank asset gets nothing automatic; a deposit gets a freeze up to the need, approved by the office
    _, sent = office.custodian.report_asset(inside, AssetKind.VEHICLE, BANK, 1000)
    assert not sent.all("OrderProposed")
    _, sent = office.custodian.report_asset(inside, AssetKind.BANK_DEPOSIT, BANK, 1000)
    approved = sent.event("OrderApproved").args
    assert approved["automatic"] is True and approved["approver"] == office.anyone.address
    freeze = office.anyone.order(int(approved["orderId"]))
    assert (freeze.kind, freeze.amount, freeze.status) == (OrderKind.FREEZE, 700, OrderStatus.APPROVED)
    sent = office.custodian.execute_order(freeze.id, 700)
    deduct = office.anyone.order(int(sent.event("OrderApproved").args["orderId"]))
    assert (deduct.kind, deduct.amount, deduct.automatic) == (OrderKind.DEDUCT, 700, True)
    mint(suite, accts["custodian"].address, 700)
    office.custodian.execute_order(deduct.id)
    office.anyone.distribute(inside, 10)
    assert office.anyone.case(inside).status == CaseStatus.CLOSED
    assert office.anyone.check_audit(inside).ok


def test_auto_approval_cap_is_governance_only(office: Office, suite: Suite, accts: dict[str, LocalAccount]) -> None:
    with reverts("AccessOnlyGovernance"):
        office.judge.transact("setAutoApprovalCap", 1)
    hub = ConsortiumClient(suite, accts["court_governor"])
    data = office.anyone.set_auto_approval_cap_data(123)
    govern(suite, accts, [hub.suite_call(office.anyone.address, data, "cap")])
    assert office.anyone.auto_approval_cap() == 123


def test_audit_chain_recomputes_and_detects_tampering(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid = open_case(office)
    other = open_case(office)
    office.admit(cid, accts["creditor2"].address, 100)
    freeze_and_deduct(office, cid, 600)
    office.anyone.distribute_all(cid, 1)
    office.as_("creditor").withdraw(cid, 0)
    events = office.anyone.audit_events(cid)
    head, seq = office.anyone.audit_head(cid)
    check = enf.verify_audit_chain(cid, events, head)
    assert check.ok and check.operations == seq == len(events) and check.head == head
    assert office.anyone.check_audit(other).ok
    # every operation names its actor; approvals and executions name the approver
    executed = [e for e in events if e.args["opKind"] == enf.OpKind.ORDER_EXECUTED]
    assert all(e.args["approver"] in (accts["judge"].address, accts["judge2"].address) for e in executed)
    # a missing operation, an altered amount or a reordering breaks the chain
    assert not enf.verify_audit_chain(cid, events[:3] + events[4:], head).ok
    altered = [*events]
    a = dict(altered[5].args, amount=altered[5].args["amount"] + 1)
    altered[5] = type(altered[5])(**{**altered[5].__dict__, "args": a})
    assert not enf.verify_audit_chain(cid, altered, head).ok
    assert not enf.verify_audit_chain(cid, events[:-1], head).ok


def test_client_precondition_errors(office: Office) -> None:
    import pytest

    from courtchain.errors import InputError, NotFoundError

    with pytest.raises(NotFoundError):
        office.anyone.case(42)
    cid = open_case(office)
    with pytest.raises(InputError):
        office.officer.propose_order(cid, OrderKind.TERMINATE, 0, 0)
    with pytest.raises(NotFoundError):
        office.anyone.creditor(cid, 5)
    with pytest.raises(InputError):
        EnforcementClient(office.suite, office.accts["outsider"]).withdraw(cid, 0)

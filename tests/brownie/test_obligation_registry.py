"""ObligationRegistry with the EnforcementOffice and the CaseDocket, Brownie style: a mediation agreement recorded by
the mediator, signed by both parties, judicially confirmed, paid in part; the default at its exact second (due date
plus grace plus one) opens an enforcement case in the same transaction, which the automatic policy takes through
freeze, deduction, distribution and closure; an unconfirmed agreement's default files a trial case instead."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3

from courtchain.clients.docket import FilingStatus, encode_case_type
from courtchain.clients.enforcement import AssetKind, CaseStatus, OrderKind
from courtchain.clients.obligations import Consequence, ObligationStatus
from courtchain.commitments import commitment

YUAN = 10**18
DAY = 24 * 3600
GRACE = 5 * DAY
DEBTOR = commitment(b"\x01" * 32, "resident", "11010519491231002X")
CREDITOR = commitment(b"\x02" * 32, "uscc", "91350100M000100Y43")
COURT_ID = 1
CIVIL = encode_case_type("民初")


def doc(label: str) -> bytes:
    return bytes(web3.keccak(text=label))


@pytest.fixture(scope="module")
def registry(contract):
    return contract("ObligationRegistry")


@pytest.fixture(scope="module")
def office(contract):
    return contract("EnforcementOffice")


@pytest.fixture(scope="module")
def docket(contract, clerk):
    """The docket with the court configured for the trial consequence (民初, the mediation agreement required)."""
    d = contract("CaseDocket")
    d.configureCourt(COURT_ID, "京", "0491", {"from": clerk})
    d.setCaseType(COURT_ID, CIVIL, [5], 7 * DAY, {"from": clerk})
    return d


@pytest.fixture
def agreement(registry, docket, token, mediator, debtor, creditor, chain):
    """Record an agreement of 300 + 300 + 400 (monthly, 5 days' grace) and have both parties sign it; returns
    (obligation id, due dates)."""

    def make(consequence=Consequence.ENFORCEMENT, acceleration=True, sign=True):
        now = chain[-1].timestamp
        due = [now + 30 * DAY, now + 60 * DAY, now + 90 * DAY]
        terms = (
            doc("mediation agreement"),
            DEBTOR,
            debtor,
            CREDITOR,
            creditor,
            token,
            [300 * YUAN, 300 * YUAN, 400 * YUAN],
            due,
            GRACE,
            acceleration,
            consequence,
            COURT_ID,
            CIVIL,
        )
        tx = registry.createAgreement(terms, {"from": mediator})
        oid = tx.events["AgreementRecorded"]["obligationId"]
        if sign:
            registry.sign(oid, {"from": debtor})
            registry.sign(oid, {"from": creditor})
        return oid, due

    return make


def pay(registry, token, debtor, oid, amount):
    token.mint(debtor, amount, {"from": debtor})
    token.approve(registry, amount, {"from": debtor})
    return registry.pay(oid, amount, {"from": debtor})


def test_an_agreement_binds_when_both_parties_have_signed(
    registry, agreement, mediator, debtor, creditor, outsider, err
):
    oid, _ = agreement(sign=False)
    o = registry.getObligation(oid)
    assert (o["status"], o["recordedBy"], o["total"]) == (ObligationStatus.PENDING, mediator, 1_000 * YUAN)
    with brownie.reverts(err("ObligationNotParty", oid, outsider)):
        registry.sign(oid, {"from": outsider})
    tx = registry.sign(oid, {"from": debtor})
    assert "AgreementBinding" not in tx.events
    tx = registry.sign(oid, {"from": creditor})
    assert tx.events["AgreementBinding"]["obligationId"] == oid
    assert registry.getObligation(oid)["status"] == ObligationStatus.ACTIVE


def test_payments_are_credited_to_the_creditor(registry, token, agreement, debtor, creditor):
    oid, _ = agreement()
    tx = pay(registry, token, debtor, oid, 300 * YUAN)
    assert tx.events["PaymentMade"]["paidTotal"] == 300 * YUAN
    assert registry.credited(token, creditor) == 300 * YUAN
    registry.withdraw(token, {"from": creditor})
    assert token.balanceOf(creditor) == 300 * YUAN
    state = registry.defaultState(oid)
    assert (state["inDefault"], state["instalment"], state["outstanding"]) == (False, 1, 700 * YUAN)


def test_an_unconfirmed_agreement_does_not_default_into_enforcement(
    registry, agreement, keeper, set_next_timestamp, err
):
    oid, due = agreement()
    set_next_timestamp(due[0] + GRACE + 1)
    with brownie.reverts(err("ObligationNotConfirmed", oid)):
        registry.triggerDefault(oid, {"from": keeper})


def test_default_at_its_exact_second_opens_enforcement_which_runs_automatically(
    registry, office, token, agreement, judge, debtor, creditor, custodian, keeper, set_next_timestamp, err
):
    oid, due = agreement()
    tx = registry.confirmAgreement(oid, doc("confirmation ruling"), {"from": judge})
    assert tx.events["AgreementConfirmed"]["judge"] == judge
    pay(registry, token, debtor, oid, 300 * YUAN)  # the first instalment; the second is never paid

    last_paying_second = due[1] + GRACE
    set_next_timestamp(last_paying_second)
    with brownie.reverts(err("ObligationNotYetInDefault", oid, 1, last_paying_second + 1)):
        registry.triggerDefault(oid, {"from": keeper})

    set_next_timestamp(last_paying_second + 1)
    tx = registry.triggerDefault(oid, {"from": keeper})
    defaulted = tx.events["ObligationDefaulted"]
    assert (defaulted["triggeredBy"], defaulted["instalment"], defaulted["since"]) == (keeper, 1, tx.timestamp)
    assert defaulted["claimAmount"] == 700 * YUAN  # acceleration: everything outstanding
    case_id = tx.events["EnforcementOpened"]["caseId"]
    assert tx.events["CaseOpened"]["obligationId"] == oid  # the office's event, same transaction
    o = registry.getObligation(oid)
    assert (o["status"], o["consequenceId"], o["closedAt"]) == (ObligationStatus.DEFAULTED, case_id, tx.timestamp)

    case = office.getCase(case_id)
    assert (case["status"], case["autoApproval"], case["judiciallyConfirmed"]) == (CaseStatus.OPEN, True, True)
    assert case["debtor"] == "0x" + DEBTOR.hex() and case["debtorAccount"] == debtor
    assert office.getCreditor(case_id, 0)["payee"] == creditor
    assert office.getCreditor(case_id, 0)["claim"] == 700 * YUAN

    # automatic policy: the bank's report gets a freeze approved by the office itself, the freeze a deduction
    tx = office.reportAsset(case_id, AssetKind.BANK_DEPOSIT, doc("acct"), 2_000 * YUAN, {"from": custodian})
    freeze = tx.events["OrderProposed"]
    assert (freeze["kind"], freeze["amount"]) == (OrderKind.FREEZE, 700 * YUAN)
    assert tx.events["OrderApproved"]["automatic"] is True and tx.events["OrderApproved"]["approver"] == office
    tx = office.executeOrder(freeze["orderId"], 700 * YUAN, {"from": custodian})
    deduct = tx.events["OrderProposed"]
    assert (deduct["kind"], deduct["amount"]) == (OrderKind.DEDUCT, 700 * YUAN)
    token.mint(custodian, 700 * YUAN, {"from": custodian})
    token.approve(office, 700 * YUAN, {"from": custodian})
    office.executeOrder(deduct["orderId"], 700 * YUAN, {"from": custodian})

    tx = office.distribute(case_id, 10, {"from": keeper})
    assert "CaseClosed" in tx.events
    assert office.getCase(case_id)["status"] == CaseStatus.CLOSED
    office.withdraw(case_id, 0, {"from": creditor})
    assert token.balanceOf(creditor) == 700 * YUAN
    assert token.balanceOf(office) == 0


def test_default_of_a_trial_agreement_files_a_case_in_the_docket(
    registry, docket, agreement, keeper, set_next_timestamp, plain
):
    oid, due = agreement(consequence=Consequence.TRIAL, acceleration=False)
    set_next_timestamp(due[0] + GRACE + 1)
    tx = registry.triggerDefault(oid, {"from": keeper})
    assert tx.events["ObligationDefaulted"]["claimAmount"] == 300 * YUAN  # only what has fallen due
    filing_id = tx.events["TrialFiled"]["filingId"]
    assert tx.events["FiledFromObligation"]["obligationId"] == oid
    filing = docket.getFiling(filing_id)
    assert (filing["status"], filing["court"], filing["claimAmount"]) == (FilingStatus.OPEN, COURT_ID, 300 * YUAN)
    assert plain(docket.missingKinds(filing_id)) == ()  # the agreement is the filing's first material
    assert filing["filer"] == registry.getObligation(oid)["creditorAccount"]  # the creditor completes the filing
    o = registry.getObligation(oid)
    assert (o["consequenceId"], o["status"], o["pendingClaim"]) == (filing_id, ObligationStatus.ACTIVE, 0)
    assert tx.events["ObligationDefaulted"]["outstanding"] == 700 * YUAN  # the undue 300 + 400 stay owed (M8)

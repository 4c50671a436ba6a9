"""ObligationRegistry: payments, acknowledgements, withdrawals, the default view and its boundaries, triggers,
judgments' obligations (through the intake recorder standing in for the docket and the office)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.base import Sent
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.obligations import (
    Consequence,
    ObligationClient,
    ObligationKind,
    ObligationStatus,
    SkipReason,
)
from courtchain.roles import ROLES, SUITE_KEYS
from courtchain.suite import Event, Suite
from courtchain.txn import Call
from tests.helpers import reverts

from .conftest import CREDITOR_ID, DAY, DEBTOR_ID, DOC, as_, balance, mint

ACTIVE, PERFORMED, DEFAULTED = 2, 3, 4


def recorded(recorder: Suite, sent: Sent, name: str) -> Event:
    """An IntakeRecorder event of a transaction (the session suite does not know the recorder's address)."""
    receipt = recorder.chain.w3.eth.get_transaction_receipt(cast(Any, sent.tx_hash))
    return next(e for e in recorder.events_of(receipt) if e.name == name)


@pytest.fixture
def funded(suite: Suite, debtor: LocalAccount) -> LocalAccount:
    mint(suite, debtor, debtor.address, 10_000)
    return debtor


def test_partial_payments_then_performed_and_withdrawal(
    reg: ObligationClient, binding: Callable[..., int], funded: LocalAccount, creditor: LocalAccount, token: str
) -> None:
    oid = binding()
    d = as_(reg, funded)
    sent = d.pay(oid, 250)
    ev = sent.event("PaymentMade").args
    assert (ev["payer"], ev["creditor"], ev["amount"], ev["paidTotal"]) == (funded.address, creditor.address, 250, 250)
    assert reg.credited(token, creditor.address) == 250
    assert balance(reg.suite, reg.address) == 250
    st = reg.default_state(oid)
    assert (st.instalment, st.outstanding) == (0, 750)
    d.pay(oid, 50)  # first instalment now complete
    assert reg.default_state(oid).instalment == 1
    with reverts("ObligationOverpayment", obligationId=oid, amount=701, outstanding=700):
        d.transact("pay", oid, 701)
    with reverts("ObligationZeroAmount", obligationId=oid):
        d.transact("pay", oid, 0)
    sent = d.pay(oid, 700)
    assert sent.event("ObligationPerformed").args["total"] == 1000
    o = reg.obligation(oid)
    assert o.status == ObligationStatus.PERFORMED and o.paid == 1000 and o.closed_at > 0
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=PERFORMED, expected=ACTIVE):
        d.transact("pay", oid, 1)
    before = balance(reg.suite, creditor.address)
    sent = as_(reg, creditor).withdraw(token)
    assert sent.event("Withdrawn").args["amount"] == 1000
    assert balance(reg.suite, creditor.address) == before + 1000
    assert balance(reg.suite, reg.address) == 0
    with reverts("ObligationNothingToWithdraw", account=creditor.address, token=token):
        as_(reg, creditor).transact("withdraw", token)


def test_only_debtor_pays_and_only_creditor_acknowledges(
    reg: ObligationClient,
    binding: Callable[..., int],
    funded: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
    mediator: LocalAccount,
) -> None:
    oid = binding()
    for acct in (creditor, outsider, mediator):
        with reverts("ObligationNotParty", obligationId=oid, account=acct.address):
            as_(reg, acct).transact("pay", oid, 1)
    for acct in (funded, outsider, mediator):
        with reverts("ObligationNotParty", obligationId=oid, account=acct.address):
            as_(reg, acct).transact("acknowledgePayment", oid, 1, b"\0" * 32)


def test_no_payment_before_binding(
    reg: ObligationClient, make_terms: Callable[..., object], funded: LocalAccount, creditor: LocalAccount
) -> None:
    oid, _ = reg.create_agreement(make_terms())  # type: ignore[arg-type]
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=1, expected=ACTIVE):
        as_(reg, funded).transact("pay", oid, 1)
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=1, expected=ACTIVE):
        as_(reg, creditor).transact("acknowledgePayment", oid, 1, b"\0" * 32)


def test_acknowledged_off_chain_payment(
    reg: ObligationClient, binding: Callable[..., int], funded: LocalAccount, creditor: LocalAccount
) -> None:
    oid = binding()
    c = as_(reg, creditor)
    receipt = bytes.fromhex("cd" * 32)
    sent = c.acknowledge(oid, 600, receipt)
    ev = sent.event("PaymentAcknowledged").args
    assert (ev["amount"], ev["evidenceHash"], ev["paidTotal"]) == (600, receipt, 600)
    with reverts("ObligationOverpayment", obligationId=oid, amount=401, outstanding=400):
        c.transact("acknowledgePayment", oid, 401, receipt)
    as_(reg, funded).pay(oid, 100)
    sent = c.acknowledge(oid, 300)
    assert sent.all("ObligationPerformed")
    o = reg.obligation(oid)
    assert (o.paid, o.acknowledged, o.status) == (1000, 900, ObligationStatus.PERFORMED)


# -- the default view and its boundaries ------------------------------------------------------------------------


def test_default_boundaries(
    reg: ObligationClient, binding: Callable[..., int], recorder: Suite, chain: Chain, keeper: LocalAccount
) -> None:
    oid = binding()
    o = reg.obligation(oid)
    limit = o.due_dates[0] + o.grace_period  # last second to pay in time
    st = reg.default_state(oid)
    assert (st.in_default, st.instalment, st.since, st.overdue, st.claimable) == (False, 0, limit + 1, 0, 0)
    k = as_(reg, keeper)
    chain.set_time(limit - 1)
    assert not reg.is_in_default(oid)
    chain.set_next_timestamp(limit - 1 + 1)  # the next block is exactly due + grace
    with reverts("ObligationNotYetInDefault", obligationId=oid, instalment=0, possibleAt=limit + 1):
        k.transact("triggerDefault", oid)
    chain.set_time(limit)
    assert not reg.is_in_default(oid)
    st = reg.default_state(oid)
    assert st.overdue == 300 and not st.in_default
    chain.set_next_timestamp(limit + 1)
    sent = k.trigger_default(oid)
    ev = sent.event("ObligationDefaulted").args
    assert (ev["triggeredBy"], ev["instalment"], ev["since"], ev["claimAmount"]) == (keeper.address, 0, limit + 1, 300)
    filed = recorded(recorder, sent, "FiledFromObligation").args
    assert filed["obligationId"] == oid and filed["courtId"] == 1 and filed["caseType"].rstrip(b"\0") == "民初".encode()
    assert (filed["plaintiff"], filed["defendant"], filed["claimAmount"], filed["documentHash"], filed["filer"]) == (
        CREDITOR_ID,
        DEBTOR_ID,
        300,
        DOC,
        o.creditor_account,
    )
    trial = sent.event("TrialFiled").args
    assert (trial["filingId"], trial["amount"]) == (1001, 300)
    o = reg.obligation(oid)
    # no acceleration: the two later instalments stay owed here (M8)
    assert (o.status, o.claim_amount, o.consequence_id, o.outstanding) == (ObligationStatus.ACTIVE, 300, 1001, 700)
    assert not reg.is_in_default(oid)  # instalment 1 is not due yet


def test_trigger_before_possible_reverts_with_when(
    reg: ObligationClient, binding: Callable[..., int], outsider: LocalAccount
) -> None:
    oid = binding(grace_period=0)
    o = reg.obligation(oid)
    with reverts("ObligationNotYetInDefault", obligationId=oid, instalment=0, possibleAt=o.due_dates[0] + 1):
        as_(reg, outsider).transact("triggerDefault", oid)


def test_payment_at_last_second_is_in_time_and_cures(
    reg: ObligationClient, binding: Callable[..., int], funded: LocalAccount, chain: Chain, outsider: LocalAccount
) -> None:
    oid = binding()
    o = reg.obligation(oid)
    limit = o.due_dates[0] + o.grace_period
    as_(reg, funded).pay(oid, 200)
    chain.set_next_timestamp(limit)
    as_(reg, funded).pay(oid, 100)
    chain.set_time(limit + 1)
    st = reg.default_state(oid)
    assert not st.in_default and st.instalment == 1 and st.since == o.due_dates[1] + o.grace_period + 1
    with reverts("ObligationNotYetInDefault", obligationId=oid, instalment=1, possibleAt=st.since):
        as_(reg, outsider).transact("triggerDefault", oid)


def test_partial_payment_does_not_cure(
    reg: ObligationClient, binding: Callable[..., int], funded: LocalAccount, chain: Chain
) -> None:
    oid = binding()
    o = reg.obligation(oid)
    as_(reg, funded).pay(oid, 299)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    st = reg.default_state(oid)
    assert st.in_default and (st.instalment, st.overdue, st.claimable, st.outstanding) == (0, 1, 1, 701)


def test_double_trigger_and_payment_after_default(
    reg: ObligationClient,
    binding: Callable[..., int],
    recorder: Suite,
    funded: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
    chain: Chain,
) -> None:
    oid = binding(acceleration=True)  # the default claims everything: nothing stays owed here
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    as_(reg, outsider).trigger_default(oid)
    assert reg.obligation(oid).status == ObligationStatus.DEFAULTED
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=DEFAULTED, expected=ACTIVE):
        as_(reg, outsider).transact("triggerDefault", oid)
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=DEFAULTED, expected=ACTIVE):
        as_(reg, funded).transact("pay", oid, 1)
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=DEFAULTED, expected=ACTIVE):
        as_(reg, creditor).transact("acknowledgePayment", oid, 1, b"\0" * 32)


def test_trigger_on_pending_or_performed_refused(
    reg: ObligationClient,
    binding: Callable[..., int],
    make_terms: Callable[..., object],
    funded: LocalAccount,
    chain: Chain,
    outsider: LocalAccount,
) -> None:
    pending, _ = reg.create_agreement(make_terms())  # type: ignore[arg-type]
    paid = binding()
    as_(reg, funded).pay(paid, 1000)
    chain.sleep(400 * DAY)
    with reverts("ObligationUnexpectedStatus", obligationId=pending, current=1, expected=ACTIVE):
        as_(reg, outsider).transact("triggerDefault", pending)
    with reverts("ObligationUnexpectedStatus", obligationId=paid, current=PERFORMED, expected=ACTIVE):
        as_(reg, outsider).transact("triggerDefault", paid)


@pytest.mark.parametrize(("acceleration", "claim"), [(False, 300), (True, 1000)])
def test_acceleration_clause(
    reg: ObligationClient,
    binding: Callable[..., int],
    recorder: Suite,
    chain: Chain,
    outsider: LocalAccount,
    acceleration: bool,
    claim: int,
) -> None:
    oid = binding(acceleration=acceleration)
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    assert reg.default_state(oid).claimable == claim
    sent = as_(reg, outsider).trigger_default(oid)
    assert recorded(recorder, sent, "FiledFromObligation").args["claimAmount"] == claim
    assert reg.obligation(oid).claim_amount == claim


def test_late_trigger_claims_what_has_lapsed(
    reg: ObligationClient,
    binding: Callable[..., int],
    recorder: Suite,
    funded: LocalAccount,
    chain: Chain,
    outsider: LocalAccount,
) -> None:
    oid = binding()
    o = reg.obligation(oid)
    as_(reg, funded).pay(oid, 100)
    chain.set_time(o.due_dates[1] + 1)  # two instalments fallen due, the second still in its grace period
    st = reg.default_state(oid)
    assert st.in_default and (st.instalment, st.overdue, st.claimable, st.outstanding) == (0, 500, 200, 900)
    chain.set_time(o.due_dates[1] + o.grace_period + 1)  # the claim is fixed by rule: lapsed instalments only
    st = reg.default_state(oid)
    assert st.in_default and (st.instalment, st.overdue, st.claimable, st.outstanding) == (0, 500, 500, 900)


def test_trial_without_docket_reverts(
    reg: ObligationClient, binding: Callable[..., int], chain: Chain, outsider: LocalAccount, suite: Suite
) -> None:
    if ConsortiumClient(suite).suite_contract(SUITE_KEYS["CaseDocket"]) != "0x" + "00" * 20:
        pytest.skip("a CaseDocket is registered in this deployment")
    oid = binding()
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    with reverts("ObligationSuiteMissing", key=SUITE_KEYS["CaseDocket"]):
        as_(reg, outsider).transact("triggerDefault", oid)


def test_m5_refused_intake_leaves_the_default_pending(
    reg: ObligationClient,
    binding: Callable[..., int],
    recorder: Suite,
    chain: Chain,
    outsider: LocalAccount,
    debtor: LocalAccount,
) -> None:
    oid = binding()
    rec = recorder.contract("IntakeRecorder")

    def failing(on: bool) -> None:
        data = str(rec.encode_abi("setFailing", args=[on]))
        recorder.sender(outsider).send(Call(to=rec.address, data=data, contract="IntakeRecorder"))

    failing(True)
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    sent = as_(reg, outsider).trigger_default(oid)  # the default stands; its consequence waits
    assert sent.event("ObligationDefaulted").args["claimAmount"] == 300
    [pending] = reg.pending_in(sent)
    assert (pending.obligation_id, pending.consequence, pending.claim_amount, pending.error) == (
        oid,
        Consequence.TRIAL,
        300,
        "IntakeRecorderFailing",
    )
    assert sent.event("ConsequencePending").args["selector"] == pending.reason[:4]
    assert not sent.all("TrialFiled")
    o = reg.obligation(oid)
    assert (o.status, o.claim_amount, o.pending_claim, o.consequence_id) == (ObligationStatus.ACTIVE, 300, 300, 0)
    with reverts("IntakeRecorderFailing"):  # a retry that is refused again says why, and changes nothing
        as_(reg, outsider).transact("retryConsequence", oid)
    failing(False)
    with reverts("ObligationDebtorMayNotTrigger", obligationId=oid, account=debtor.address):
        as_(reg, debtor).transact("retryConsequence", oid)
    sent = as_(reg, outsider).retry_consequence(oid)
    assert (sent.event("TrialFiled").args["amount"], sent.event("TrialFiled").args["filingId"]) == (300, 1001)
    o = reg.obligation(oid)
    assert (o.pending_claim, o.consequence_id) == (0, 1001)
    with reverts("ObligationNoPendingConsequence", obligationId=oid):
        as_(reg, outsider).transact("retryConsequence", oid)


# -- judicial confirmation and the enforcement consequence --------------------------------------------------------


def test_enforcement_needs_confirmation(
    reg: ObligationClient,
    binding: Callable[..., int],
    recorder: Suite,
    judge: LocalAccount,
    mediator: LocalAccount,
    outsider: LocalAccount,
    chain: Chain,
    debtor: LocalAccount,
    creditor: LocalAccount,
) -> None:
    oid = binding(consequence=Consequence.ENFORCEMENT, court_id=0, case_type=b"\0" * 32, acceleration=True)
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    with reverts("ObligationNotConfirmed", obligationId=oid):
        as_(reg, outsider).transact("triggerDefault", oid)
    ruling = bytes.fromhex("ef" * 32)
    for acct in (mediator, outsider):
        with reverts("AccessMissingRole", role=ROLES["JUDGE"], account=acct.address):
            as_(reg, acct).transact("confirmAgreement", oid, ruling)
    sent = as_(reg, judge).confirm(oid, ruling)
    ev = sent.event("AgreementConfirmed").args
    assert (ev["judge"], ev["courtId"], ev["rulingHash"]) == (judge.address, 1, ruling)
    with reverts("ObligationAlreadyConfirmed", obligationId=oid):
        as_(reg, judge).transact("confirmAgreement", oid, ruling)
    sent = as_(reg, outsider).trigger_default(oid)
    opened = recorded(recorder, sent, "OpenedFromObligation").args
    assert (opened["obligationId"], opened["debtor"], opened["debtorAccount"], opened["creditor"]) == (
        oid,
        DEBTOR_ID,
        debtor.address,
        creditor.address,
    )
    assert (opened["amount"], opened["judiciallyConfirmed"], opened["titleHash"]) == (1000, True, DOC)
    assert sent.event("EnforcementOpened").args["caseId"] == 2001


def test_confirmation_turns_trial_into_enforcement(
    reg: ObligationClient,
    binding: Callable[..., int],
    recorder: Suite,
    judge: LocalAccount,
    chain: Chain,
    outsider: LocalAccount,
) -> None:
    oid = binding()
    as_(reg, judge).confirm(oid, b"\x01" * 32)
    assert reg.obligation(oid).consequence == Consequence.ENFORCEMENT
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    sent = as_(reg, outsider).trigger_default(oid)
    assert sent.all("EnforcementOpened") and not sent.all("TrialFiled")


def test_confirmation_checks(
    reg: ObligationClient,
    binding: Callable[..., int],
    make_terms: Callable[..., object],
    recorder: Suite,
    judge: LocalAccount,
    suite: Suite,
    outsider: LocalAccount,
) -> None:
    pending, _ = reg.create_agreement(make_terms())  # type: ignore[arg-type]
    with reverts("ObligationUnexpectedStatus", obligationId=pending, current=1, expected=ACTIVE):
        as_(reg, judge).transact("confirmAgreement", pending, b"\x01" * 32)
    # an agreement owed in another token cannot become enforceable: the office distributes its settlement token only
    art = suite.artifacts["SettlementToken"]
    factory = suite.chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    receipt = suite.sender(outsider).send(
        Call(to="", data=str(factory.constructor().data_in_transaction), contract="SettlementToken")
    )
    other = str(receipt["contractAddress"])
    oid = binding(token=other)
    with reverts("ObligationTokenMismatch", token=other, expected=suite.address("SettlementToken")):
        as_(reg, judge).transact("confirmAgreement", oid, b"\x01" * 32)


# -- batch ----------------------------------------------------------------------------------------------------------


def test_batch_triggers_due_and_skips_the_rest(
    reg: ObligationClient,
    binding: Callable[..., int],
    make_terms: Callable[..., object],
    recorder: Suite,
    chain: Chain,
    keeper: LocalAccount,
) -> None:
    now = chain.timestamp()
    due = binding(due_dates=(now + DAY, now + 2 * DAY, now + 3 * DAY), grace_period=0)
    later = binding(due_dates=(now + 50 * DAY, now + 51 * DAY, now + 52 * DAY), grace_period=0)
    unconfirmed = binding(
        consequence=Consequence.ENFORCEMENT,
        court_id=0,
        case_type=b"\0" * 32,
        due_dates=(now + DAY, now + 2 * DAY, now + 3 * DAY),
        grace_period=0,
    )
    pending, _ = reg.create_agreement(make_terms())  # type: ignore[arg-type]
    chain.set_time(now + DAY + 1)
    assert reg.due_ids() == [due, unconfirmed]
    sent = as_(reg, keeper).trigger_defaults([due, later, unconfirmed, pending, 999])
    assert [e.args["obligationId"] for e in sent.all("ObligationDefaulted")] == [due]
    skipped = [(e.args["obligationId"], e.args["reason"], e.args["possibleAt"]) for e in sent.all("DefaultSkipped")]
    assert skipped == [
        (later, SkipReason.NOT_YET_IN_DEFAULT, now + 50 * DAY + 1),
        (unconfirmed, SkipReason.NOT_CONFIRMED, now + DAY + 1),
        (pending, SkipReason.NOT_ACTIVE, 0),
        (999, SkipReason.NOT_ACTIVE, 0),
    ]
    assert reg.obligation(due).claim_amount == 300  # no acceleration: the rest stays owed (M8)
    assert reg.obligation(later).claim_amount == 0
    with reverts("ObligationBatchTooLarge", size=101, max=100):
        as_(reg, keeper).transact("triggerDefaults", list(range(1, 102)))


# -- judgments --------------------------------------------------------------------------------------------------


def _add_judgment(recorder: Suite, sender: LocalAccount, case_id: int, judgment: tuple[object, ...]) -> None:
    rec = recorder.contract("IntakeRecorder")
    data = str(rec.encode_abi("addJudgment", args=[case_id, judgment]))
    recorder.sender(sender).send(Call(to=rec.address, data=data, contract="IntakeRecorder"))


def test_judgment_obligation_goes_to_enforcement(
    reg: ObligationClient,
    recorder: Suite,
    chain: Chain,
    outsider: LocalAccount,
    debtor: LocalAccount,
    creditor: LocalAccount,
    funded: LocalAccount,
    token: str,
) -> None:
    due = chain.timestamp() + 15 * DAY
    _add_judgment(recorder, outsider, 7, (DEBTOR_ID, debtor.address, creditor.address, 5000, due, DOC))
    with reverts("ObligationNoSuchJudgment", caseId=7, index=1, count=1):
        as_(reg, outsider).transact("registerJudgment", 7, 1)
    oid, sent = as_(reg, outsider).register_judgment(7, 0)
    ev = sent.event("JudgmentRegistered").args
    assert (ev["caseId"], ev["index"], ev["creditorAccount"], ev["amount"], ev["dueDate"]) == (
        7,
        0,
        creditor.address,
        5000,
        due,
    )
    o = reg.obligation(oid)
    assert (o.kind, o.status, o.consequence, o.token, o.source_case_id) == (
        ObligationKind.JUDGMENT,
        ObligationStatus.ACTIVE,
        Consequence.ENFORCEMENT,
        token,
        7,
    )
    assert reg.judgment_obligation_id(7, 0) == oid
    with reverts("ObligationJudgmentAlreadyRegistered", caseId=7, index=0, obligationId=oid):
        as_(reg, outsider).transact("registerJudgment", 7, 0)
    with reverts("ObligationNotAgreement", obligationId=oid):
        as_(reg, debtor).transact("sign", oid)
    as_(reg, funded).pay(oid, 1000)
    chain.set_next_timestamp(due)  # judgments have no grace: the due date is the last second
    with reverts("ObligationNotYetInDefault", obligationId=oid, instalment=0, possibleAt=due + 1):
        as_(reg, outsider).transact("triggerDefault", oid)
    chain.set_next_timestamp(due + 1)
    sent = as_(reg, outsider).trigger_default(oid)
    opened = recorded(recorder, sent, "OpenedFromObligation").args
    assert (opened["amount"], opened["judiciallyConfirmed"], opened["creditor"]) == (4000, False, creditor.address)


def test_invalid_judgment_refused(
    reg: ObligationClient, recorder: Suite, outsider: LocalAccount, debtor: LocalAccount, chain: Chain
) -> None:
    _add_judgment(recorder, outsider, 8, (DEBTOR_ID, debtor.address, "0x" + "00" * 20, 10, chain.timestamp(), DOC))
    with reverts("ObligationInvalidJudgment", caseId=8, index=0):
        as_(reg, outsider).transact("registerJudgment", 8, 0)


def test_gas_figures(
    reg: ObligationClient,
    make_terms: Callable[..., object],
    recorder: Suite,
    debtor: LocalAccount,
    creditor: LocalAccount,
    funded: LocalAccount,
    outsider: LocalAccount,
    chain: Chain,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Real receipts' gas for the main operations (printed with -s; bounds catch regressions)."""
    oid, created = reg.create_agreement(make_terms())  # type: ignore[arg-type]
    signed = as_(reg, debtor).sign(oid)
    by_sig = reg.submit_signature(as_(reg, creditor).sign_offline(oid, chain.timestamp() + DAY))
    as_(reg, funded).pay(oid, 1)  # first payment also approves
    paid = as_(reg, funded).pay(oid, 100)
    ack = as_(reg, creditor).acknowledge(oid, 100)
    o = reg.obligation(oid)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    trig = as_(reg, outsider).trigger_default(oid)
    figures = {
        "createAgreement(3 instalments)": created.gas_used,
        "sign": signed.gas_used,
        "signWithSignature": by_sig.gas_used,
        "pay": paid.gas_used,
        "acknowledgePayment": ack.gas_used,
        "triggerDefault(trial, recorder)": trig.gas_used,
    }
    with capsys.disabled():
        print("\nObligationRegistry gas:", figures)
    assert all(0 < g < 600_000 for g in figures.values())

"""Regression tests for audit issue 16 (ObligationRegistry's default rules), named after the findings:

- M5: a case type the docket does not know is refused at creation; a consequence the docket or office refuses leaves
  the default recorded and the claim pending (retryable by anyone), without reverting a batch; a failure that may
  have been out of gas reverts instead of being recorded as pending.
- M8: without acceleration the instalments not yet due stay owed and can default later; the trial filing has the
  creditor as filer, who can complete it; the debtor's own account cannot trigger the default.
- L1: under an acceleration clause a payment after the default second reduces the claim but does not undo the default.
- Informational: fee-on-transfer tokens are refused by `pay`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import audit
from courtchain.chain import Chain
from courtchain.clients.docket import DocketClient, MaterialInput
from courtchain.clients.obligations import (
    AgreementTerms,
    ObligationClient,
    ObligationStatus,
    SkipReason,
    TermsProblem,
    case_type_code,
)
from courtchain.errors import CourtchainError
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.helpers import reverts

from .conftest import COURT_ID, DAY, as_, mint


def _send(suite: Suite, sender: LocalAccount, contract: str, address: str, fn: str, *args: Any) -> None:
    c = suite.contract(contract, address) if address else suite.contract(contract)
    suite.sender(sender).send(Call(to=c.address, data=str(c.encode_abi(fn, args=list(args))), contract=contract))


def _audit_clean(suite: Suite) -> None:
    """The auditor rebuilds the obligations' states from events alone and finds them equal to the stored ones."""
    report = audit.check(suite)
    assert not [str(f) for f in report.findings if f.check in ("transition", "state")]


def _lapse(reg: ObligationClient, chain: Chain, oid: int, instalment: int = 0) -> int:
    o = reg.obligation(oid)
    since: int = o.due_dates[instalment] + o.grace_period + 1
    chain.set_time(since)
    return since


# -- M5 -----------------------------------------------------------------------------------------------------------


def test_m5_unknown_case_type_refused_at_creation(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], chain: Chain
) -> None:
    terms = make_terms(case_type=case_type_code("民特")).validate(now=chain.timestamp())  # not configured in court 1
    with reverts("ObligationInvalidTerms", problem=TermsProblem.UNKNOWN_CASE_TYPE, index=0):
        reg.transact("createAgreement", terms.as_tuple())


def test_m5_disabled_case_type_does_not_poison_the_batch(
    reg: ObligationClient,
    binding: Callable[..., int],
    clerk: LocalAccount,
    creditor: LocalAccount,
    keeper: LocalAccount,
    chain: Chain,
) -> None:
    docket = DocketClient(reg.suite, clerk)
    docket.set_case_type(COURT_ID, "民特", [1], 7 * DAY)
    healthy = binding()
    poisoned = binding(case_type=case_type_code("民特"))
    docket.disable_case_type(COURT_ID, "民特")  # the court disables the type after the agreement bound
    _lapse(reg, chain, poisoned)  # the later one: its due dates may be a second after the healthy one's
    sent = as_(reg, keeper).trigger_defaults([poisoned, healthy])
    assert [int(e.args["obligationId"]) for e in sent.all("ObligationDefaulted")] == [poisoned, healthy]
    [pending] = reg.pending_in(sent)
    assert (pending.obligation_id, pending.error, pending.claim_amount) == (poisoned, "DocketUnknownCaseType", 300)
    assert [int(e.args["obligationId"]) for e in sent.all("TrialFiled")] == [healthy]
    assert reg.obligation(healthy).consequence_id > 0 and reg.obligation(healthy).pending_claim == 0
    o = reg.obligation(poisoned)
    assert (o.claim_amount, o.pending_claim, o.consequence_id) == (300, 300, 0)
    # the same batch again does not re-trigger (nothing new has lapsed) and does not revert
    again = as_(reg, keeper).trigger_defaults([poisoned, healthy])
    assert not again.all("ObligationDefaulted")
    with reverts("DocketUnknownCaseType"):
        as_(reg, keeper).transact("retryConsequence", poisoned)
    docket.set_case_type(COURT_ID, "民特", [1], 7 * DAY)
    retried = as_(reg, keeper).retry_consequence(poisoned)
    filing_id = int(retried.event("TrialFiled").args["filingId"])
    f = docket.filing(filing_id)
    assert (f.claim_amount, f.filer) == (300, creditor.address)
    assert reg.obligation(poisoned).pending_claim == 0
    _audit_clean(reg.suite)


def test_m5_out_of_gas_consequence_is_not_recorded_as_pending(
    reg: ObligationClient, binding: Callable[..., int], recorder: Suite, chain: Chain, keeper: LocalAccount
) -> None:
    oid = binding()
    _send(recorder, keeper, "IntakeRecorder", recorder.address("IntakeRecorder"), "setBurning", True)
    _lapse(reg, chain, oid)
    with reverts("ObligationConsequenceOutOfGas", obligationId=oid):
        as_(reg, keeper).transact("triggerDefault", oid)
    with reverts("ObligationConsequenceOutOfGas", obligationId=oid):
        as_(reg, keeper).transact("triggerDefaults", [oid])
    o = reg.obligation(oid)
    assert (o.claim_amount, o.pending_claim) == (0, 0)


def test_m5_too_low_gas_limit_does_not_pass_as_pending(
    reg: ObligationClient, binding: Callable[..., int], chain: Chain, keeper: LocalAccount
) -> None:
    """Against the real docket: a gas limit too low for the filing fails the whole transaction; nothing is pending."""
    oid = binding()
    _lapse(reg, chain, oid)
    k = as_(reg, keeper)
    needed = k.sender.estimate(k.prepare("triggerDefaults", [oid]))
    for gas in (needed * 2 // 3, needed - 20_000):
        with pytest.raises(CourtchainError):
            k.transact("triggerDefaults", [oid], gas=gas)
        o = reg.obligation(oid)
        assert (o.claim_amount, o.pending_claim) == (0, 0)
    sent = k.transact("triggerDefaults", [oid], gas=needed + 50_000)
    assert sent.all("TrialFiled") and not sent.all("ConsequencePending")


# -- M8 -----------------------------------------------------------------------------------------------------------


def test_m8_undue_instalments_stay_owed_and_default_again(
    reg: ObligationClient,
    binding: Callable[..., int],
    suite: Suite,
    debtor: LocalAccount,
    keeper: LocalAccount,
    chain: Chain,
) -> None:
    oid = binding()  # 300 / 300 / 400, no acceleration, trial
    _lapse(reg, chain, oid, 0)
    first = as_(reg, keeper).trigger_default(oid)
    assert int(first.event("ObligationDefaulted").args["claimAmount"]) == 300
    o = reg.obligation(oid)
    assert (o.status, o.outstanding) == (ObligationStatus.ACTIVE, 700)
    since = _lapse(reg, chain, oid, 1)
    st = reg.default_state(oid)
    assert (st.in_default, st.instalment, st.since, st.claimable) == (True, 1, since, 300)
    second = as_(reg, keeper).trigger_default(oid)
    ev = second.event("ObligationDefaulted").args
    assert (ev["instalment"], ev["claimAmount"], ev["outstanding"]) == (1, 300, 400)
    second_filing = int(second.event("TrialFiled").args["filingId"])
    assert second_filing != int(first.event("TrialFiled").args["filingId"])
    o = reg.obligation(oid)
    assert (o.status, o.claim_amount, o.consequence_id, o.outstanding) == (
        ObligationStatus.ACTIVE,
        600,
        second_filing,
        400,
    )
    mint(suite, debtor, debtor.address, 400)
    sent = as_(reg, debtor).pay(oid, 400)  # the last instalment, paid here: nothing remains owed here
    assert sent.all("ObligationPerformed")
    o = reg.obligation(oid)
    assert (o.status, o.paid, o.claim_amount) == (ObligationStatus.PERFORMED, 400, 600)
    _audit_clean(suite)


def test_m8_creditor_files_the_trial_case_and_completes_it(
    reg: ObligationClient, binding: Callable[..., int], creditor: LocalAccount, keeper: LocalAccount, chain: Chain
) -> None:
    oid = binding()
    _lapse(reg, chain, oid)
    sent = as_(reg, keeper).trigger_default(oid)
    filing_id = int(sent.event("TrialFiled").args["filingId"])
    docket = DocketClient(reg.suite, creditor)
    assert docket.filing(filing_id).filer == creditor.address
    assert sent.event("FilingSubmitted").args["filer"] == creditor.address
    docket.add_materials(filing_id, [MaterialInput(bytes.fromhex("c1" * 32), 1)])  # the complaint (kind 1)
    assert docket.missing_kinds(filing_id) == ()


def test_m8_debtor_cannot_trigger_his_own_default(
    reg: ObligationClient, binding: Callable[..., int], debtor: LocalAccount, chain: Chain
) -> None:
    oid = binding()
    _lapse(reg, chain, oid)
    with reverts("ObligationDebtorMayNotTrigger", obligationId=oid, account=debtor.address):
        as_(reg, debtor).transact("triggerDefault", oid)
    sent = as_(reg, debtor).transact("triggerDefaults", [oid])
    [skip] = sent.all("DefaultSkipped")
    assert (skip.args["obligationId"], skip.args["reason"]) == (oid, SkipReason.DEBTOR_CALLER)
    assert not sent.all("ObligationDefaulted") and reg.obligation(oid).claim_amount == 0


# -- L1 -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["pay", "acknowledge"])
def test_l1_late_payment_does_not_undo_acceleration(
    reg: ObligationClient,
    binding: Callable[..., int],
    suite: Suite,
    debtor: LocalAccount,
    creditor: LocalAccount,
    keeper: LocalAccount,
    chain: Chain,
    how: str,
) -> None:
    oid = binding(acceleration=True)  # 300 / 300 / 400
    since = _lapse(reg, chain, oid, 0)
    chain.set_time(since + 3600)
    mint(suite, debtor, debtor.address, 300)
    late = as_(reg, debtor).pay(oid, 300) if how == "pay" else as_(reg, creditor).acknowledge(oid, 300)
    fixed = late.event("DefaultOccurred").args
    assert (fixed["obligationId"], fixed["instalment"], fixed["since"]) == (oid, 0, since)
    st = reg.default_state(oid)
    assert (st.in_default, st.instalment, st.since, st.outstanding, st.claimable) == (True, 0, since, 700, 700)
    sent = as_(reg, keeper).trigger_default(oid)
    ev = sent.event("ObligationDefaulted").args
    assert (ev["instalment"], ev["since"], ev["claimAmount"]) == (0, since, 700)  # reduced, still accelerated
    assert ev["outstanding"] == 0
    o = reg.obligation(oid)
    assert (o.status, o.paid, o.claim_amount) == (ObligationStatus.DEFAULTED, 300, 700)
    _audit_clean(suite)


def test_l1_payment_in_time_is_no_default(
    reg: ObligationClient, binding: Callable[..., int], suite: Suite, debtor: LocalAccount, chain: Chain
) -> None:
    oid = binding(acceleration=True)
    o = reg.obligation(oid)
    mint(suite, debtor, debtor.address, 300)
    _send(suite, debtor, "SettlementToken", "", "approve", reg.address, 300)
    chain.set_next_timestamp(o.due_dates[0] + o.grace_period)  # the last second of grace
    sent = as_(reg, debtor).transact("pay", oid, 300)
    assert not sent.all("DefaultOccurred")
    chain.set_time(o.due_dates[0] + o.grace_period + 10)
    assert not reg.default_state(oid).in_default


# -- fee-on-transfer tokens -----------------------------------------------------------------------------------------


def test_fee_on_transfer_token_refused_by_pay(
    reg: ObligationClient,
    binding: Callable[..., int],
    suite: Suite,
    debtor: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
) -> None:
    art = suite.artifacts["FeeOnTransferToken"]
    factory = suite.chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    receipt = suite.sender(outsider).send(
        Call(to="", data=str(factory.constructor().data_in_transaction), contract="FeeOnTransferToken")
    )
    fee_token = str(receipt["contractAddress"])
    oid = binding(token=fee_token)
    _send(suite, debtor, "FeeOnTransferToken", fee_token, "mint", debtor.address, 1000)
    _send(suite, debtor, "FeeOnTransferToken", fee_token, "approve", reg.address, 1000)
    with reverts("ObligationTransferMismatch", token=fee_token, amount=300, received=297):
        as_(reg, debtor).transact("pay", oid, 300)
    assert reg.obligation(oid).paid == 0 and reg.credited(fee_token, creditor.address) == 0

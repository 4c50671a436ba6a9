"""The issue's "done when", against the real CaseDocket and EnforcementOffice: a mediation agreement signed by both
parties, confirmed by a judge and left unpaid becomes an open enforcement case through one call by an unprivileged
account; one with the trial consequence becomes a filing in the docket; a judgment's obligation goes to enforcement."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.docket import (
    DocketClient,
    FilingStatus,
    MaterialInput,
    Obligation,
    Outcome,
    Party,
    PartyRole,
)
from courtchain.clients.enforcement import CaseStatus, ClaimClass, EnforcementClient
from courtchain.clients.obligations import (
    AgreementTerms,
    Consequence,
    ObligationClient,
    ObligationStatus,
)
from courtchain.suite import Suite

from .conftest import CREDITOR_ID, DAY, DEBTOR_ID, DOC, as_

MEDIATION_AGREEMENT_KIND = 5
COMPLAINT_KIND = 1


@pytest.fixture
def docket(suite: Suite, clerk: LocalAccount) -> DocketClient:
    d = DocketClient(suite, clerk)
    d.configure_court(1, "京", "0491")
    d.set_case_type(1, "民初", [COMPLAINT_KIND], 7 * DAY)
    return d


@pytest.fixture
def office(suite: Suite) -> EnforcementClient:
    return EnforcementClient(suite)


def _sign_both(reg: ObligationClient, oid: int, debtor: LocalAccount, creditor: LocalAccount, chain: Chain) -> None:
    """The debtor signs on chain; the creditor signs offline and the mediator submits the signature."""
    as_(reg, debtor).sign(oid)
    signed = as_(reg, creditor).sign_offline(oid, chain.timestamp() + DAY)
    sent = reg.submit_signature(signed)
    assert sent.all("AgreementBinding")


def test_confirmed_agreement_left_unpaid_becomes_enforcement_case(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    office: EnforcementClient,
    chain: Chain,
    judge: LocalAccount,
    debtor: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
) -> None:
    oid, _ = reg.create_agreement(
        make_terms(consequence=Consequence.ENFORCEMENT, court_id=0, case_type=b"\0" * 32, acceleration=True)
    )
    _sign_both(reg, oid, debtor, creditor, chain)
    as_(reg, judge).confirm(oid, bytes.fromhex("ef" * 32))
    o = reg.obligation(oid)
    chain.set_next_timestamp(o.due_dates[0] + o.grace_period + 1)
    cases_before = office.case_count()
    sent = as_(reg, outsider).trigger_default(oid)  # one call, no role
    print(f"\ngas triggerDefault -> EnforcementOffice.openFromObligation: {sent.gas_used}")
    case_id = int(sent.event("EnforcementOpened").args["caseId"])
    assert case_id == cases_before + 1
    assert sent.event("CaseOpened").contract == "EnforcementOffice"
    c = office.case(case_id)
    assert c.status == CaseStatus.OPEN and c.obligation_id == oid and c.judicially_confirmed
    assert (c.debtor, c.debtor_account, c.title_hash) == (DEBTOR_ID, debtor.address, DOC)
    [cred] = office.creditors(case_id)
    assert (cred.payee, cred.claim, cred.claim_class) == (creditor.address, 1000, ClaimClass.ORDINARY)
    o = reg.obligation(oid)
    assert (o.status, o.consequence_id, o.claim_amount) == (ObligationStatus.DEFAULTED, case_id, 1000)


def test_trial_consequence_becomes_docket_filing(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    docket: DocketClient,
    chain: Chain,
    debtor: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    _sign_both(reg, oid, debtor, creditor, chain)
    o = reg.obligation(oid)
    chain.set_next_timestamp(o.due_dates[0] + o.grace_period + 1)
    sent = as_(reg, outsider).trigger_default(oid)
    print(f"\ngas triggerDefault -> CaseDocket.fileFromObligation: {sent.gas_used}")
    filing_id = int(sent.event("TrialFiled").args["filingId"])
    assert sent.event("FiledFromObligation").args["obligationId"] == oid
    f = docket.filing(filing_id)
    assert (f.status, f.court, f.case_type, f.claim_amount) == (FilingStatus.OPEN, 1, "民初", 300)
    parties = {(p.subject, p.role) for p in docket.parties(filing_id)}
    assert parties == {(CREDITOR_ID, PartyRole.PLAINTIFF), (DEBTOR_ID, PartyRole.DEFENDANT)}
    assert next((m.content_hash, m.kind) for m in docket.materials(filing_id)) == (DOC, MEDIATION_AGREEMENT_KIND)
    assert reg.obligation(oid).consequence_id == filing_id


def test_trigger_due_batch_against_real_contracts(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    docket: DocketClient,
    chain: Chain,
    debtor: LocalAccount,
    creditor: LocalAccount,
    keeper: LocalAccount,
) -> None:
    first, _ = reg.create_agreement(make_terms())
    second, _ = reg.create_agreement(make_terms(document_hash=b"\x0d" * 32, grace_period=30 * DAY))
    for oid in (first, second):
        _sign_both(reg, oid, debtor, creditor, chain)
    o = reg.obligation(first)
    chain.set_time(o.due_dates[0] + o.grace_period + 1)
    sent = as_(reg, keeper).trigger_defaults([*reg.due_ids(), second])
    assert [e.args["obligationId"] for e in sent.all("ObligationDefaulted")] == [first]
    assert [e.args["obligationId"] for e in sent.all("DefaultSkipped")] == [second]
    assert len(sent.all("FiledFromObligation")) == 1


def test_judgment_obligation_goes_to_enforcement(
    reg: ObligationClient,
    docket: DocketClient,
    office: EnforcementClient,
    suite: Suite,
    chain: Chain,
    judge: LocalAccount,
    litigant: LocalAccount,
    debtor: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
) -> None:
    filing_id, _ = DocketClient(suite, litigant).submit(
        1,
        "民初",
        [Party(CREDITOR_ID, PartyRole.PLAINTIFF), Party(DEBTOR_ID, PartyRole.DEFENDANT)],
        5000,
        [MaterialInput(bytes.fromhex("c0" * 32), COMPLAINT_KIND)],
    )
    chain.sleep(7 * DAY)
    DocketClient(suite, outsider).docket(filing_id)
    due = chain.timestamp() + 15 * DAY
    judgment_doc = bytes.fromhex("d0" * 32)
    DocketClient(suite, judge).record_judgment(
        filing_id, judgment_doc, Outcome.UPHELD, [Obligation(DEBTOR_ID, debtor.address, creditor.address, 5000, due)]
    )
    oid, registered = as_(reg, outsider).register_judgment(filing_id, 0)
    print(f"\ngas registerJudgment: {registered.gas_used}")
    o = reg.obligation(oid)
    assert (o.total, o.due_dates, o.document_hash, o.status) == (5000, (due,), judgment_doc, ObligationStatus.ACTIVE)
    chain.set_next_timestamp(due + 1)
    sent = as_(reg, outsider).trigger_default(oid)
    case_id = int(sent.event("EnforcementOpened").args["caseId"])
    c = office.case(case_id)
    assert c.status == CaseStatus.OPEN and c.obligation_id == oid and not c.judicially_confirmed
    assert c.title_hash == judgment_doc
    [cred] = office.creditors(case_id)
    assert (cred.payee, cred.claim) == (creditor.address, 5000)

"""ObligationRegistry: agreements, on-chain and EIP-712 signing, replay protection, terms, roles and parties."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients import obligations as ob
from courtchain.clients.obligations import (
    AgreementTerms,
    Consequence,
    ObligationClient,
    ObligationStatus,
    TermsProblem,
    sign_agreement_offline,
)
from courtchain.roles import ROLES
from tests.helpers import reverts

from .conftest import DAY, as_

INTERFACE = Path(__file__).resolve().parents[2] / "contracts" / "interfaces" / "IObligationRegistry.sol"


@pytest.mark.parametrize(
    ("mirror", "name"),
    [
        (ob.ObligationKind, "ObligationKind"),
        (ob.ObligationStatus, "ObligationStatus"),
        (ob.Consequence, "Consequence"),
        (ob.SkipReason, "SkipReason"),
        (ob.TermsProblem, "TermsProblem"),
    ],
)
def test_enum_mirrors_match_interface(mirror: type[IntEnum], name: str) -> None:
    body = re.search(rf"enum {name} \{{([^}}]*)\}}", INTERFACE.read_text())
    assert body is not None
    declared = [m.strip() for m in body.group(1).split(",") if m.strip()]
    expected = [re.sub(r"(?<!^)([A-Z])", r"_\1", m).upper() for m in declared]
    assert [m.name for m in mirror] == expected
    assert [int(m) for m in mirror] == list(range(len(declared)))


def test_create_records_pending_agreement(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], mediator: LocalAccount
) -> None:
    terms = make_terms()
    assert reg.terms_hash(terms) == terms.hash()
    oid, sent = reg.create_agreement(terms)
    ev = sent.event("AgreementRecorded").args
    assert ev["obligationId"] == oid == 1
    assert ev["mediator"] == mediator.address
    assert ev["total"] == 1000 and ev["instalments"] == 3 and ev["termsHash"] == terms.hash()
    o = reg.obligation(oid)
    assert o.status == ObligationStatus.PENDING and o.kind == ob.ObligationKind.MEDIATION_AGREEMENT
    assert o.amounts == terms.amounts and o.due_dates == terms.due_dates
    assert o.case_type == "民初" and o.court_id == 1 and o.recorded_by == mediator.address
    assert not reg.is_in_default(oid)


def test_only_mediator_creates(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], judge: LocalAccount, outsider: LocalAccount
) -> None:
    for acct in (judge, outsider):
        with reverts("AccessMissingRole", role=ROLES["MEDIATOR"], account=acct.address):
            as_(reg, acct).transact("createAgreement", make_terms().as_tuple())


@pytest.mark.parametrize(
    ("change", "problem", "index"),
    [
        ({"amounts": (), "due_dates": ()}, TermsProblem.EMPTY_SCHEDULE, 0),
        (
            {"amounts": (1,) * 121, "due_dates": tuple(range(10**10, 10**10 + 121))},
            TermsProblem.TOO_MANY_INSTALMENTS,
            121,
        ),
        ({"amounts": (1, 2)}, TermsProblem.SCHEDULE_LENGTH_MISMATCH, 3),
        ({"amounts": (1, 0, 3)}, TermsProblem.ZERO_INSTALMENT, 1),
        ("not-increasing", TermsProblem.DUE_DATES_NOT_INCREASING, 2),
        ("past", TermsProblem.FIRST_DUE_DATE_IN_PAST, 0),
        ({"grace_period": 365 * DAY + 1}, TermsProblem.GRACE_TOO_LONG, 0),
        ({"document_hash": b"\0" * 32}, TermsProblem.ZERO_DOCUMENT_HASH, 0),
        ({"debtor": b"\0" * 32}, TermsProblem.ZERO_PARTY_COMMITMENT, 0),
        ({"creditor_account": "0x" + "00" * 20}, TermsProblem.ZERO_PARTY_ACCOUNT, 0),
        ("same-account", TermsProblem.SAME_PARTY, 0),
        ({"token": "0x" + "00" * 20}, TermsProblem.ZERO_TOKEN, 0),
        ({"consequence": Consequence.NONE}, TermsProblem.NO_CONSEQUENCE, 0),
        ({"court_id": 2}, TermsProblem.NOT_A_COURT, 2),
        ({"court_id": 99}, TermsProblem.NOT_A_COURT, 99),
        ({"case_type": b"\0" * 32}, TermsProblem.ZERO_CASE_TYPE, 0),
        ({"amounts": (2**127, 2**127, 1)}, TermsProblem.TOTAL_TOO_LARGE, 1),
        # a sum past uint256 is the same documented error, not Panic(0x11)
        ({"amounts": (2**255, 2**255, 1)}, TermsProblem.TOTAL_TOO_LARGE, 0),
        ({"amounts": (2**127, 2**256 - 1, 1)}, TermsProblem.TOTAL_TOO_LARGE, 1),
    ],
)
def test_invalid_terms_refused(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    chain: Chain,
    change: object,
    problem: TermsProblem,
    index: int,
) -> None:
    terms = make_terms()
    if change == "not-increasing":
        d = terms.due_dates
        terms = replace(terms, due_dates=(d[0], d[1], d[1]))
    elif change == "past":
        now = chain.timestamp()
        terms = replace(terms, due_dates=(now - 1, now + DAY, now + 2 * DAY))
    elif change == "same-account":
        terms = replace(terms, creditor_account=terms.debtor_account)
    else:
        assert isinstance(change, dict)
        terms = replace(terms, **change)
    with reverts("ObligationInvalidTerms", problem=int(problem), index=index):
        reg.transact("createAgreement", terms.as_tuple())


def test_client_checks_terms_before_sending(reg: ObligationClient, make_terms: Callable[..., AgreementTerms]) -> None:
    with pytest.raises(ob.InputError, match="at least one instalment"):
        reg.create_agreement(make_terms(amounts=(), due_dates=()))
    with pytest.raises(ob.InputError, match="court member id"):
        reg.create_agreement(make_terms(court_id=0))


def test_enforcement_consequence_needs_no_court(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms]
) -> None:
    oid, _ = reg.create_agreement(make_terms(consequence=Consequence.ENFORCEMENT, court_id=0, case_type=b"\0" * 32))
    assert reg.obligation(oid).consequence == Consequence.ENFORCEMENT


def test_both_parties_sign_on_chain(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    debtor: LocalAccount,
    creditor: LocalAccount,
    outsider: LocalAccount,
    mediator: LocalAccount,
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    for acct in (outsider, mediator):
        with reverts("ObligationNotParty", obligationId=oid, account=acct.address):
            as_(reg, acct).transact("sign", oid)
    sent = as_(reg, debtor).sign(oid)
    assert sent.event("AgreementSigned").args["signer"] == debtor.address
    assert not sent.all("AgreementBinding")
    assert reg.obligation(oid).status == ObligationStatus.PENDING
    with reverts("ObligationAlreadySigned", obligationId=oid, signer=debtor.address):
        as_(reg, debtor).transact("sign", oid)
    sent = as_(reg, creditor).sign(oid)
    assert sent.event("AgreementBinding").args["obligationId"] == oid
    o = reg.obligation(oid)
    assert o.status == ObligationStatus.ACTIVE and o.debtor_signed and o.creditor_signed
    with reverts("ObligationUnexpectedStatus", obligationId=oid, current=2, expected=1):
        as_(reg, creditor).transact("sign", oid)


def test_unknown_obligation(reg: ObligationClient, debtor: LocalAccount) -> None:
    with reverts("ObligationNotFound", obligationId=7):
        as_(reg, debtor).transact("sign", 7)
    with reverts("ObligationNotFound", obligationId=7):
        reg.view("getObligation", 7)
    with pytest.raises(ob.NotFoundError):
        reg.obligation(7)
    assert reg.view("isInDefault", 7) is False


# -- EIP-712 ---------------------------------------------------------------------------------------------------


def _offline(
    reg: ObligationClient, acct: LocalAccount, oid: int, deadline: int, **override: object
) -> ob.SignedAgreement:
    o = reg.obligation(oid)
    params: dict[str, object] = {
        "chain_id": reg.suite.chain.chain_id,
        "registry": reg.address,
        "obligation_id": oid,
        "terms_hash": o.terms_hash,
        "nonce": reg.nonce(acct.address),
        "deadline": deadline,
    }
    params.update(override)
    return sign_agreement_offline(acct, **params)  # type: ignore[arg-type]


def test_offline_signatures_submitted_by_mediator(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    debtor: LocalAccount,
    creditor: LocalAccount,
    chain: Chain,
    tmp_path: Path,
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    deadline = chain.timestamp() + DAY
    sig_d = _offline(reg, debtor, oid, deadline)
    # the digest signed offline is the one the contract computes
    from eth_account.messages import encode_typed_data

    msg = encode_typed_data(
        {"name": "CourtchainObligations", "version": "1", "chainId": chain.chain_id, "verifyingContract": reg.address},
        ob.SIGN_TYPES,
        {
            "obligationId": oid,
            "termsHash": sig_d.terms_hash,
            "signer": debtor.address,
            "nonce": 0,
            "deadline": deadline,
        },
    )
    from eth_account._utils.signing import to_standard_signature_bytes  # noqa: F401  (exists in eth-account)
    from eth_utils import keccak

    digest = keccak(b"\x19" + msg.version + msg.header + msg.body)
    assert bytes(reg.view("signDigest", oid, debtor.address, 0, deadline)) == digest

    # through a signature file, as the CLI does
    path = tmp_path / "debtor.sig.json"
    sig_d.write(path)
    sent = reg.submit_signature(ob.SignedAgreement.read(path))
    ev = sent.event("AgreementSigned").args
    assert ev["signer"] == debtor.address and ev["bySignature"] is True and ev["nonce"] == 0
    assert reg.nonce(debtor.address) == 1
    sent = reg.submit_signature(_offline(reg, creditor, oid, deadline))
    assert sent.all("AgreementBinding")
    assert reg.obligation(oid).status == ObligationStatus.ACTIVE


def test_only_mediator_submits_signatures(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], debtor: LocalAccount, chain: Chain
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    s = _offline(reg, debtor, oid, chain.timestamp() + DAY)
    with reverts("AccessMissingRole", role=ROLES["MEDIATOR"], account=debtor.address):
        as_(reg, debtor).transact("signWithSignature", oid, debtor.address, s.deadline, s.signature)


def test_replay_on_another_chain_id_refused(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], debtor: LocalAccount, chain: Chain
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    s = _offline(reg, debtor, oid, chain.timestamp() + DAY, chain_id=chain.chain_id + 1)
    with reverts("ObligationInvalidSignature", obligationId=oid, signer=debtor.address):
        reg.transact("signWithSignature", oid, debtor.address, s.deadline, s.signature)
    assert reg.nonce(debtor.address) == 0


def test_replay_on_another_contract_refused(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], debtor: LocalAccount, chain: Chain
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    other = reg.suite.address("CourtConsortium")
    s = _offline(reg, debtor, oid, chain.timestamp() + DAY, registry=other)
    with reverts("ObligationInvalidSignature", obligationId=oid, signer=debtor.address):
        reg.transact("signWithSignature", oid, debtor.address, s.deadline, s.signature)


def test_reused_nonce_refused(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], debtor: LocalAccount, chain: Chain
) -> None:
    first, _ = reg.create_agreement(make_terms())
    second, _ = reg.create_agreement(make_terms(document_hash=b"\x0c" * 32))
    deadline = chain.timestamp() + DAY
    s1 = _offline(reg, debtor, first, deadline)
    s2 = _offline(reg, debtor, second, deadline)  # also signed over nonce 0
    assert s1.nonce == s2.nonce == 0
    reg.submit_signature(s1)
    with pytest.raises(ob.InputError, match=r"nonce 0, but .* nonce is 1"):
        reg.submit_signature(s2)
    with reverts("ObligationInvalidSignature", obligationId=second, signer=debtor.address):
        reg._submit(s2)
    # re-signed over the current nonce it is accepted
    reg.submit_signature(_offline(reg, debtor, second, deadline))
    assert reg.nonce(debtor.address) == 2


def test_signature_for_other_terms_or_signer_refused(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    debtor: LocalAccount,
    creditor: LocalAccount,
    chain: Chain,
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    deadline = chain.timestamp() + DAY
    other_terms = make_terms(amounts=(1, 1, 1))
    s = _offline(reg, debtor, oid, deadline, terms_hash=other_terms.hash())
    with reverts("ObligationInvalidSignature", obligationId=oid, signer=debtor.address):
        reg._submit(s)
    s = _offline(reg, creditor, oid, deadline)  # the creditor's signature presented as the debtor's
    with reverts("ObligationInvalidSignature", obligationId=oid, signer=debtor.address):
        reg.transact("signWithSignature", oid, debtor.address, deadline, s.signature)


def test_expired_deadline_refused(
    reg: ObligationClient,
    make_terms: Callable[..., AgreementTerms],
    debtor: LocalAccount,
    creditor: LocalAccount,
    chain: Chain,
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    deadline = chain.timestamp() + 100
    sd = _offline(reg, debtor, oid, deadline)
    sc = _offline(reg, creditor, oid, deadline)
    chain.set_next_timestamp(deadline)  # the last second is still in time
    reg.submit_signature(sd)
    chain.set_next_timestamp(deadline + 1)
    with reverts("ObligationSignatureExpired", obligationId=oid, signer=creditor.address, deadline=deadline):
        reg.transact("signWithSignature", oid, creditor.address, deadline, sc.signature)


def test_signature_by_non_party_refused(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], outsider: LocalAccount, chain: Chain
) -> None:
    oid, _ = reg.create_agreement(make_terms())
    s = _offline(reg, outsider, oid, chain.timestamp() + DAY)
    with pytest.raises(ob.InputError, match="not a party"):
        reg.submit_signature(s)
    with reverts("ObligationNotParty", obligationId=oid, account=outsider.address):
        reg._submit(s)


def test_signature_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ob.InputError, match="not a courtchain agreement signature"):
        ob.SignedAgreement.read(bad)
    bad.write_text("nope")
    with pytest.raises(ob.InputError, match="not JSON"):
        ob.SignedAgreement.read(bad)
    with pytest.raises(ob.InputError, match="cannot read"):
        ob.SignedAgreement.read(tmp_path / "missing.json")

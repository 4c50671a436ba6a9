"""Service of process: states at the deemed-served boundary, acknowledgement as an account and by EIP-712 signature,
and signature replay (same nonce, other chain id, other contract, expired deadline)."""

from __future__ import annotations

import pytest

from courtchain.chain import Chain
from courtchain.clients.evidence import EvidenceClient, ServiceMethod, ServiceStatus
from courtchain.commitments import commitment
from courtchain.errors import InputError, NotFoundError
from tests.evidence.conftest import rand32
from tests.helpers import reverts

DAY = 86_400
RECIPIENT = commitment(b"\x11" * 32, "passport", "E12345678")


def _serve(c: EvidenceClient, recipient_account: str, deemed: int, case_id: int = 5) -> int:
    sid, sent = c.serve(rand32(), RECIPIENT, deemed, case_id=case_id, recipient_account=recipient_account)
    ev = sent.event("Served")
    assert ev.args["recipient"] == RECIPIENT and ev.args["deemedServedAt"] == deemed and ev.args["caseId"] == case_id
    return sid


def test_deemed_served_boundaries(suite, as_, clerk, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    deemed = chain.timestamp() + DAY + 1000
    sid = _serve(as_(clerk), debtor.address, deemed)
    ev = EvidenceClient(suite)
    s = ev.service(sid)
    assert (s.status, s.method, s.recipient, s.server) == (
        ServiceStatus.PENDING,
        ServiceMethod.ELECTRONIC,
        RECIPIENT,
        clerk.address,
    )
    chain.set_time(deemed - 1)
    assert ev.service_status(sid) == ServiceStatus.PENDING
    chain.set_time(deemed)
    assert ev.service_status(sid) == ServiceStatus.DEEMED_SERVED
    chain.set_time(deemed + 1)
    assert ev.service_status(sid) == ServiceStatus.DEEMED_SERVED


def test_acknowledged_one_second_before_deemed_time(suite, as_, clerk, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    deemed = chain.timestamp() + DAY + 1000
    sid = _serve(as_(clerk), debtor.address, deemed)
    receipt = rand32()
    chain.set_next_timestamp(deemed - 1)
    sent = as_(debtor).acknowledge(sid, receipt)
    assert sent.event("Acknowledged").args["bySignature"] is False
    s = EvidenceClient(suite).service(sid)
    assert (s.status, s.receipt_hash, s.acknowledged_at, s.acknowledged_by) == (
        ServiceStatus.ACKNOWLEDGED,
        receipt,
        deemed - 1,
        debtor.address,
    )
    chain.set_time(deemed + 1)
    assert EvidenceClient(suite).service_status(sid) == ServiceStatus.ACKNOWLEDGED
    with reverts("EvidenceAlreadyAcknowledged", serviceId=sid, acknowledgedAt=deemed - 1, receiptHash=receipt):
        as_(debtor).transact("acknowledge", sid, rand32())


def test_only_the_recipient_account_acknowledges(as_, clerk, debtor, litigant, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    sid = _serve(as_(clerk), debtor.address, chain.timestamp() + DAY + 100)
    with reverts("EvidenceNotRecipient", serviceId=sid, caller=litigant.address, recipientAccount=debtor.address):
        as_(litigant).acknowledge(sid, rand32())
    with reverts("EvidenceUnknownService", serviceId=99):
        as_(debtor).transact("acknowledge", 99, rand32())
    with pytest.raises(NotFoundError):
        as_(debtor).acknowledge(99, rand32())


def test_serve_input_checks(as_, clerk, judge, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    now = chain.timestamp()
    with pytest.raises(InputError):
        as_(clerk).serve(rand32(), b"\0" * 32, now + 10)
    with reverts("EvidenceZeroRecipient"):
        as_(clerk).transact("serve", rand32(), 0, b"\0" * 32, debtor.address, 1, now + 10)
    with reverts("EvidenceInvalidMethod"):
        as_(clerk).transact("serve", rand32(), 0, RECIPIENT, debtor.address, 0, now + 10)
    with reverts("EvidenceTimeTooLarge", timestamp=2**40):
        as_(judge).serve(rand32(), RECIPIENT, 2**40)
    # the deemed time may be exactly the minimum period after the service
    chain.set_next_timestamp(now + 6)
    sid, _ = as_(judge).serve(rand32(), RECIPIENT, now + 6 + DAY, method=ServiceMethod.PUBLICATION)
    assert as_(judge).service(sid).status == ServiceStatus.PENDING
    chain.set_time(now + 6 + DAY)
    assert as_(judge).service(sid).status == ServiceStatus.DEEMED_SERVED


def test_l5_deemed_service_cannot_be_immediate(as_, clerk, judge, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    """L5: a service deemed served at once (deemedServedAt = now) was accepted; now the deemed time lies at least
    `minDeemedPeriod` (1 day) after the service."""
    assert as_(clerk).min_deemed_period() == DAY
    now = chain.timestamp()
    chain.set_next_timestamp(now + 5)
    with reverts("EvidenceDeemedTooSoon", deemedServedAt=now + 5, earliest=now + 5 + DAY):
        as_(clerk).transact("serve", rand32(), 0, RECIPIENT, debtor.address, 1, now + 5)
    chain.set_next_timestamp(now + 6)
    with reverts("EvidenceDeemedTooSoon", deemedServedAt=now + 5 + DAY, earliest=now + 6 + DAY):
        as_(judge).transact("serve", rand32(), 0, RECIPIENT, debtor.address, 1, now + 5 + DAY)
    with pytest.raises(InputError, match="at least 86400 s"):
        as_(clerk).serve(rand32(), RECIPIENT, now + 10)


def test_l5_server_cannot_name_its_own_courts_account_as_recipient(
    as_, clerk, judge, registrar, debtor, chain: Chain
) -> None:  # type: ignore[no-untyped-def]
    """L5: the serving clerk chose any account to "acknowledge", its own or a colleague's included; now the recipient
    account is never an account of the server's own member."""
    deemed = chain.timestamp() + 2 * DAY
    for account in (clerk, judge, registrar):
        with reverts("EvidenceRecipientIsServerMember", recipientAccount=account.address, memberId=1):
            as_(clerk).transact("serve", rand32(), 0, RECIPIENT, account.address, 1, deemed)
    sid = _serve(as_(clerk), debtor.address, deemed)
    assert as_(clerk).service(sid).recipient_account == debtor.address


def test_min_deemed_period_set_by_governance_only(
    suite, as_, clerk, debtor, court_governor, bank_governor, chain: Chain
) -> None:  # type: ignore[no-untyped-def]
    from courtchain.clients.consortium import ConsortiumClient

    c = as_(clerk)
    with reverts("AccessOnlyGovernance", caller=clerk.address):
        c.transact("setMinDeemedPeriod", 3 * DAY)
    hub = ConsortiumClient(suite, court_governor)
    sent = hub.govern([c.set_min_deemed_period(3 * DAY)], [court_governor, bank_governor])
    assert sent.event("MinDeemedPeriodSet").args == {"previous": DAY, "period": 3 * DAY}
    assert c.min_deemed_period() == 3 * DAY
    with reverts("EvidenceDeemedTooSoon"):
        c.transact("serve", rand32(), 0, RECIPIENT, debtor.address, 1, chain.timestamp() + 2 * DAY)
    # never below one day
    bad = ConsortiumClient.suite_call(c.address, c.call_data("setMinDeemedPeriod", DAY - 1), "too short")
    with reverts("ConsortiumActionFailed"):
        hub.govern([bad], [court_governor, bank_governor])
    with pytest.raises(InputError):
        c.set_min_deemed_period(DAY - 1)
    assert c.min_deemed_period() == 3 * DAY


def test_acknowledge_by_signature_relayed_by_court(suite, as_, clerk, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    sid = _serve(as_(clerk), debtor.address, chain.timestamp() + DAY + 1000)
    receipt = rand32()
    deadline = chain.timestamp() + 600
    c = as_(clerk)
    sig = c.sign_acknowledgement(debtor, sid, receipt, deadline)
    assert c.nonce(debtor.address) == 0
    sent = c.acknowledge_by_sig(sid, receipt, deadline, sig)
    ev = sent.event("Acknowledged")
    assert ev.args["bySignature"] is True and ev.args["relayer"] == clerk.address
    assert ev.args["recipientAccount"] == debtor.address
    s = EvidenceClient(suite).service(sid)
    assert s.status == ServiceStatus.ACKNOWLEDGED and s.by_signature and s.receipt_hash == receipt
    assert c.nonce(debtor.address) == 1


def test_signature_replay_refused(suite, as_, clerk, judge, debtor, litigant, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    c = as_(clerk)
    deemed = chain.timestamp() + DAY + 10_000
    s1, s2, s3 = (_serve(c, debtor.address, deemed) for _ in range(3))
    deadline = chain.timestamp() + 600
    r = rand32()
    # only the court relays
    sig = c.sign_acknowledgement(debtor, s1, r, deadline)
    with reverts("EvidenceNotRelayer", caller=litigant.address):
        as_(litigant).acknowledge_by_sig(s1, r, deadline, sig)
    c.acknowledge_by_sig(s1, r, deadline, sig)
    # the same signature again: the service is acknowledged
    with reverts("EvidenceAlreadyAcknowledged", serviceId=s1):
        as_(judge).acknowledge_by_sig(s1, r, deadline, sig)
    # a signature with the consumed nonce 0, for another service: refused
    stale = c.sign_acknowledgement(debtor, s2, r, deadline, nonce=0)
    with reverts("EvidenceInvalidSignature", serviceId=s2, signer=debtor.address):
        c.acknowledge_by_sig(s2, r, deadline, stale)
    # nonce 1 but bound to another chain id, or to another contract: refused
    other_chain = c.sign_acknowledgement(debtor, s2, r, deadline, chain_id=chain.chain_id + 1)
    with reverts("EvidenceInvalidSignature", serviceId=s2):
        c.acknowledge_by_sig(s2, r, deadline, other_chain)
    other_contract = c.sign_acknowledgement(
        debtor, s2, r, deadline, verifying_contract=suite.address("CourtConsortium")
    )
    with reverts("EvidenceInvalidSignature", serviceId=s2):
        c.acknowledge_by_sig(s2, r, deadline, other_contract)
    # signed by someone else than the recipient account: refused
    forged = c.sign_acknowledgement(litigant, s2, r, deadline, nonce=1)
    with reverts("EvidenceInvalidSignature", serviceId=s2, signer=debtor.address):
        c.acknowledge_by_sig(s2, r, deadline, forged)
    # a receipt hash other than the signed one: refused
    good = c.sign_acknowledgement(debtor, s2, r, deadline)
    with reverts("EvidenceInvalidSignature"):
        c.acknowledge_by_sig(s2, rand32(), deadline, good)
    # expiry: valid at the deadline second, refused one second after
    chain.set_next_timestamp(deadline + 1)
    with reverts("EvidenceSignatureExpired", deadline=deadline, now_=deadline + 1):
        c.acknowledge_by_sig(s2, r, deadline, good)
    d2 = chain.timestamp() + 100
    sig3 = c.sign_acknowledgement(debtor, s3, r, d2)
    chain.set_next_timestamp(d2)
    c.acknowledge_by_sig(s3, r, d2, sig3)
    assert c.nonce(debtor.address) == 2
    assert c.service(s3).status == ServiceStatus.ACKNOWLEDGED


def test_domain_separator_bound_to_chain_and_contract(suite, ev: EvidenceClient, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    from eth_abi import encode
    from eth_utils import keccak

    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                keccak(text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak(text="courtchain EvidenceRegistry"),
                keccak(text="1"),
                chain.chain_id,
                ev.address,
            ],
        )
    )
    assert ev.domain_separator() == expected


def test_no_recipient_account_cannot_sign(as_, clerk, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    c = as_(clerk)
    sid, _ = c.serve(rand32(), RECIPIENT, chain.timestamp() + DAY + 100)
    deadline = chain.timestamp() + 100
    sig = c.sign_acknowledgement(debtor, sid, rand32(), deadline)
    with reverts("EvidenceNoRecipientAccount", serviceId=sid):
        c.acknowledge_by_sig(sid, rand32(), deadline, sig)


def test_smart_wallet_recipient_acknowledges_by_erc1271(suite, as_, clerk, debtor, litigant, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    """SignatureChecker accepts an ERC-1271 contract account's signature (and refuses a non-owner's)."""
    from courtchain.txn import Call

    art = suite.artifacts["ERC1271Wallet"]
    data = chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode).constructor(debtor.address).data_in_transaction
    wallet = str(suite.sender(debtor).send(Call(to="", data=data, contract="ERC1271Wallet"))["contractAddress"])
    c = as_(clerk)
    sid = _serve(c, wallet, chain.timestamp() + DAY + 1000)
    receipt, deadline = rand32(), chain.timestamp() + 600
    forged = c.sign_acknowledgement(litigant, sid, receipt, deadline, nonce=c.nonce(wallet))
    with reverts("EvidenceInvalidSignature", serviceId=sid, signer=wallet):
        c.acknowledge_by_sig(sid, receipt, deadline, forged)
    sig = c.sign_acknowledgement(debtor, sid, receipt, deadline, nonce=c.nonce(wallet))
    c.acknowledge_by_sig(sid, receipt, deadline, sig)
    assert c.service(sid).status == ServiceStatus.ACKNOWLEDGED and c.nonce(wallet) == 1

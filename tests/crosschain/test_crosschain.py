"""Cross-chain messaging on two live chains: a case leaves the court's chain A, is accepted (or returned) on the
procuratorate's chain B, and the answer comes back; every bad message is refused with its exact custom error."""

from __future__ import annotations

from pathlib import Path

from eth_account.signers.local import LocalAccount

from courtchain.accounts import dev_account, dev_accounts
from courtchain.clients import crosschain as xc
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.docket import DocketClient, TransferStatus
from courtchain.relay import Relayer
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.helpers import reverts

from .conftest import PROCURATORATE_ID, TwoChains, doc, docketed_case, governors

ACC = dev_accounts()


def send_case(pair: TwoChains, case_id: int, timeout: int | None = None) -> xc.Envelope:
    cases = xc.CrossChainCasesClient(pair.a, ACC["clerk"])
    when = timeout if timeout is not None else pair.b.chain.timestamp() + 7 * 86400
    sent = cases.send_case(case_id, pair.b.chain.chain_id, PROCURATORATE_ID, doc(f"case file {case_id}"), when)
    return xc.Envelope.from_value(sent.event("MessageSent").args["envelope"])


def payload_of(suite: Suite, env: xc.Envelope) -> bytes:
    for ev in suite.logs(["CrossChainOutbox"]):
        if ev.name == "MessageSent" and bytes(ev.args["envelopeHash"]) == env.struct_hash():
            return bytes(ev.args["payload"])
    raise AssertionError("no such message")


def proof(dest: Suite, struct_hash: bytes, signers: list[LocalAccount]) -> bytes:
    verifier = dest.address("CrossChainAttestors")
    sigs = {s.address: xc.sign_attestation(s.key, dest.chain.chain_id, verifier, struct_hash) for s in signers}
    return xc.encode_proof(sigs)


def relay_all(pair: TwoChains, tmp_path: Path, passes: int = 2) -> None:
    relayers = [
        Relayer(pair.suites(), a, tmp_path / "channel", tmp_path / f"state-{a.address}") for a in pair.attestors
    ]
    for _ in range(passes):
        for r in relayers:
            r.run_pass()


def test_case_accepted_on_the_other_chain_and_confirm_comes_back(pair: TwoChains, tmp_path: Path) -> None:
    case_id = docketed_case(pair.a)
    docket = DocketClient(pair.a, ACC["clerk"])
    holder = docket.filing(case_id).holder
    env = send_case(pair, case_id)
    assert env.sequence == 1 and env.kind == xc.MessageKind.CASE_TRANSFER
    # locked as in transfer: the court cannot cancel it locally, nobody can transfer it again
    with reverts("DocketCrossChainTransfer", caseId=case_id, transferIndex=0):
        docket.cancel_transfer(case_id)
    relay_all(pair, tmp_path)
    b_cases = xc.CrossChainCasesClient(pair.b, ACC["procurator"])
    assert b_cases.incoming_count() == 1
    inc = b_cases.incoming(1)
    assert inc.status == xc.IncomingStatus.PENDING and inc.source_case_id == case_id
    assert inc.case_number == docket.case_number(case_id) and inc.to_member == PROCURATORATE_ID
    # an outsider on B cannot accept for the procuratorate
    with reverts("CrossChainCasesNotReceivingOrgan", incomingId=1):
        xc.CrossChainCasesClient(pair.b, ACC["outsider"]).accept_case(1)
    b_cases.accept_case(1)
    relay_all(pair, tmp_path)
    out = xc.CrossChainCasesClient(pair.a).outgoing(case_id)
    assert out.status == xc.OutgoingStatus.TRANSFERRED
    f = docket.filing(case_id)
    assert f.holder == 0 and holder != 0
    assert docket.transfers(case_id)[-1].status == TransferStatus.ACCEPTED


def test_case_returned_unlocks_it_on_the_court_chain(pair: TwoChains, tmp_path: Path) -> None:
    case_id = docketed_case(pair.a)
    docket = DocketClient(pair.a, ACC["clerk"])
    holder = docket.filing(case_id).holder
    send_case(pair, case_id)
    relay_all(pair, tmp_path)
    xc.CrossChainCasesClient(pair.b, ACC["procurator"]).return_case(1, doc("reasons"))
    with reverts("CrossChainCasesUnexpectedIncoming", incomingId=1):
        xc.CrossChainCasesClient(pair.b, ACC["procurator"]).accept_case(1)
    relay_all(pair, tmp_path)
    assert xc.CrossChainCasesClient(pair.a).outgoing(case_id).status == xc.OutgoingStatus.RETURNED
    assert docket.filing(case_id).holder == holder
    assert docket.transfers(case_id)[-1].status == TransferStatus.CANCELLED
    env = send_case(pair, case_id)  # the court may send it again
    assert env.sequence == 2


def test_out_of_order_then_in_order_and_replay(pair: TwoChains) -> None:
    c1, c2 = docketed_case(pair.a, "one"), docketed_case(pair.a, "two")
    e1, e2 = send_case(pair, c1), send_case(pair, c2)
    inbox = xc.InboxClient(pair.b, ACC["keeper"])
    signers = pair.attestors[:2]
    p1, p2 = proof(pair.b, e1.struct_hash(), signers), proof(pair.b, e2.struct_hash(), signers)
    with reverts("CrossChainOutOfOrder", expected=1, sequence=2):
        inbox.deliver(e2, payload_of(pair.a, e2), p2)
    inbox.deliver(e1, payload_of(pair.a, e1), p1)
    inbox.deliver(e2, payload_of(pair.a, e2), p2)
    assert inbox.receipt(e2.struct_hash()) == xc.ReceiptStatus.DELIVERED
    with reverts("CrossChainAlreadyProcessed", sequence=1, nextSequence=3):
        inbox.deliver(e1, payload_of(pair.a, e1), p1)


def test_forged_short_signed_and_tampered_messages_are_refused(pair: TwoChains) -> None:
    case_id = docketed_case(pair.a)
    env = send_case(pair, case_id)
    payload = payload_of(pair.a, env)
    inbox = xc.InboxClient(pair.b, ACC["keeper"])
    h = env.struct_hash()
    a0, a1, a2 = pair.attestors
    with reverts("CrossChainTooFewSignatures", valid=1, threshold=2):
        inbox.deliver(env, payload, proof(pair.b, h, [a0]))
    stranger = dev_account(25)
    with reverts("CrossChainNotAttestor", account=stranger.address):
        inbox.deliver(env, payload, proof(pair.b, h, [a0, stranger]))
    # one attestor twice cannot count twice
    sig = xc.sign_attestation(a0.key, pair.b.chain.chain_id, pair.b.address("CrossChainAttestors"), h)
    from eth_abi import encode

    twice = encode(["address[]", "bytes[]"], [[a0.address, a0.address], [sig, sig]])
    with reverts("CrossChainSignersNotSorted", index=1):
        inbox.deliver(env, payload, twice)
    # signatures of another envelope (a tampered one: another organ) do not verify
    from dataclasses import replace

    forged = replace(env, payload_hash=doc("forged payload"))
    ordered = sorted([a0, a1], key=lambda a: int(a.address, 16))
    with reverts("CrossChainBadSignature", signer=ordered[0].address):
        inbox.deliver(forged, payload, proof(pair.b, h, [a0, a1]))
    with reverts("CrossChainPayloadMismatch"):
        inbox.deliver(env, payload + b"x", proof(pair.b, h, [a0, a1]))
    # signed for chain A's verifier domain: not valid on B
    wrong_domain = proof(pair.a, h, [a0, a1])
    with reverts("CrossChainBadSignature"):
        inbox.deliver(env, payload, wrong_domain)
    # a source nobody registered
    rogue = replace(env, source_contract=ACC["outsider"].address)
    with reverts("CrossChainUnknownSource", sourceContract=ACC["outsider"].address):
        inbox.deliver(rogue, payload, proof(pair.b, rogue.struct_hash(), [a0, a1]))
    # nobody but the inbox may hand a message to the application
    with reverts("CrossChainCasesOnlyInbox", caller=ACC["outsider"].address):
        xc.CrossChainCasesClient(pair.b, ACC["outsider"]).transact("onCrossChainMessage", env.as_tuple(), payload)
    inbox.deliver(env, payload, proof(pair.b, h, [a1, a2]))  # and the real one goes through


def test_timeout_on_the_receiving_chain_unlocks_the_case(pair: TwoChains, tmp_path: Path) -> None:
    case_id = docketed_case(pair.a)
    docket = DocketClient(pair.a, ACC["clerk"])
    deadline = pair.b.chain.timestamp() + 3600
    env = send_case(pair, case_id, timeout=deadline)
    inbox = xc.InboxClient(pair.b, ACC["keeper"])
    p = proof(pair.b, env.struct_hash(), pair.attestors[:2])
    with reverts("CrossChainNotTimedOut", timeoutTimestamp=deadline):
        inbox.time_out(env, p)
    pair.b.chain.set_time(deadline + 1)
    with reverts("CrossChainMessageTimedOut", timeoutTimestamp=deadline):
        inbox.deliver(env, payload_of(pair.a, env), p)
    # the outbox refuses a timeout nobody proved
    outbox = xc.OutboxClient(pair.a, ACC["keeper"])
    rh = xc.receipt_hash(env.struct_hash(), xc.ReceiptStatus.TIMED_OUT)
    with reverts("CrossChainTooFewSignatures", valid=1):
        outbox.confirm_timeout(env, proof(pair.a, rh, pair.attestors[:1]))
    relay_all(pair, tmp_path)
    assert inbox.receipt(env.struct_hash()) == xc.ReceiptStatus.TIMED_OUT
    assert outbox.commitment(env.struct_hash()) == xc.CommitmentStatus.TIMED_OUT
    assert xc.CrossChainCasesClient(pair.a).outgoing(case_id).status == xc.OutgoingStatus.TIMED_OUT
    assert docket.transfers(case_id)[-1].status == TransferStatus.CANCELLED
    with reverts("CrossChainUnexpectedCommitment"):
        outbox.confirm_timeout(env, proof(pair.a, rh, pair.attestors[:2]))


def test_attestor_removed_by_governance_no_longer_counts(pair: TwoChains) -> None:
    g = governors()
    hub = ConsortiumClient(pair.b, g[0])
    verifier = xc.AttestorsClient(pair.b)
    a0, a1, a2 = pair.attestors
    aid = pair.a.chain.chain_id
    hub.govern([verifier.remove_attestor(aid, a0.address)], g, "remove an attestor")
    assert verifier.attestor_set(aid) == (2, 2)
    case_id = docketed_case(pair.a)
    env = send_case(pair, case_id)
    inbox = xc.InboxClient(pair.b, ACC["keeper"])
    with reverts("CrossChainNotAttestor", account=a0.address):
        inbox.deliver(env, payload_of(pair.a, env), proof(pair.b, env.struct_hash(), [a0, a1]))
    # removing another would leave fewer attestors than the threshold: refused (the proposal's action fails)
    pid, _ = hub.propose([verifier.remove_attestor(aid, a1.address)], "too far")
    ConsortiumClient(pair.b, g[1]).approve(pid)
    with reverts("ConsortiumActionFailed"):
        hub.execute(pid)
    inbox.deliver(env, payload_of(pair.a, env), proof(pair.b, env.struct_hash(), [a1, a2]))


def test_governance_only_and_holder_only(pair: TwoChains) -> None:
    outsider = ACC["outsider"]
    with reverts("AccessOnlyGovernance", caller=outsider.address):
        xc.AttestorsClient(pair.b, outsider).transact("addAttestor", 1, outsider.address)
    with reverts("AccessOnlyGovernance", caller=outsider.address):
        xc.InboxClient(pair.b, outsider).transact(
            "registerSource", 1, outsider.address, outsider.address, outsider.address
        )
    case_id = docketed_case(pair.a)
    with reverts("DocketNotHolder", caseId=case_id, account=outsider.address):
        xc.CrossChainCasesClient(pair.a, outsider).send_case(
            case_id, pair.b.chain.chain_id, PROCURATORATE_ID, doc("x"), 10**10
        )
    with reverts("AccessOnlySuite"):
        DocketClient(pair.a, outsider).transact("settleCaseOut", case_id, True)


def test_document_anchored_on_one_chain_is_verified_on_the_other(pair: TwoChains, tmp_path: Path) -> None:
    """A (standing for the notary's chain) anchors a document; B (the court's chain) records it by hash."""
    content = doc("notarised contract")
    registrar = ACC["registrar"]
    pair.a.sender(registrar).send(
        Call(
            pair.a.address("EvidenceRegistry"),
            pair.a.encode("EvidenceRegistry", "anchor", [content, 1, 0, 3]),
            "EvidenceRegistry",
        )
    )
    ev = xc.CrossChainEvidenceClient(pair.a, registrar)
    deadline = pair.b.chain.timestamp() + 86400
    with reverts("CrossChainEvidenceNotAnchored", anchorer=ACC["outsider"].address):
        xc.CrossChainEvidenceClient(pair.a, ACC["outsider"]).export_anchor(content, pair.b.chain.chain_id, deadline)
    ev.export_anchor(content, pair.b.chain.chain_id, deadline)
    with reverts("CrossChainEvidenceAlreadyExported", anchorer=registrar.address):
        ev.export_anchor(content, pair.b.chain.chain_id, deadline)
    court_side = xc.CrossChainEvidenceClient(pair.b)
    assert court_side.imported_anchors(content) == []
    relay_all(pair, tmp_path)
    [imported] = court_side.imported_anchors(content)
    assert imported.source_chain_id == pair.a.chain.chain_id and imported.anchorer == registrar.address
    assert imported.kind == 1 and imported.role == 3 and imported.member_id == 1
    with reverts("CrossChainEvidenceOnlyInbox", caller=ACC["outsider"].address):
        xc.CrossChainEvidenceClient(pair.b, ACC["outsider"]).transact(
            "onCrossChainMessage",
            xc.Envelope(1, ACC["outsider"].address, 2, ACC["outsider"].address, 1, 1, content, 0, 1).as_tuple(),
            b"",
        )


def test_a_reply_that_times_out_is_sent_again(pair: TwoChains, tmp_path: Path) -> None:
    case_id = docketed_case(pair.a)
    send_case(pair, case_id)
    relay_all(pair, tmp_path)
    b_cases = xc.CrossChainCasesClient(pair.b, ACC["procurator"])
    b_cases.accept_case(1)
    with reverts("CrossChainCasesNoReplyToResend", incomingId=1):
        b_cases.resend_reply(1)
    # the confirm is not relayed in time: 31 days pass on the court's chain
    pair.a.chain.set_time(pair.a.chain.timestamp() + 31 * 86400)
    relay_all(pair, tmp_path)
    out = xc.CrossChainCasesClient(pair.a).outgoing(case_id)
    assert out.status == xc.OutgoingStatus.PENDING  # still locked: neither place lost it
    reply_timed_out = [e for e in pair.b.logs(["CrossChainCases"]) if e.name == "CaseReplyTimedOut"]
    assert [e.args["incomingId"] for e in reply_timed_out] == [1]
    # anyone sends it again (the clocks agree again), and it goes through
    pair.b.chain.set_time(pair.a.chain.timestamp())
    xc.CrossChainCasesClient(pair.b, ACC["outsider"]).resend_reply(1)
    relay_all(pair, tmp_path)
    assert xc.CrossChainCasesClient(pair.a).outgoing(case_id).status == xc.OutgoingStatus.TRANSFERRED
    assert DocketClient(pair.a).filing(case_id).holder == 0


def test_relayers_leave_out_a_removed_attestor_signature(pair: TwoChains, tmp_path: Path) -> None:
    """The removed attestor's relayer still publishes its signature; the others' relayers do not put it in a proof."""
    g = governors()
    a0 = pair.attestors[0]
    xc_b = xc.AttestorsClient(pair.b)
    ConsortiumClient(pair.b, g[0]).govern([xc_b.remove_attestor(pair.a.chain.chain_id, a0.address)], g, "remove")
    case_id = docketed_case(pair.a)
    env = send_case(pair, case_id)
    # the removed attestor's relayer runs first: its signature is on the channel, its proof lacks one more signature
    Relayer(pair.suites(), a0, tmp_path / "channel", tmp_path / "state-a0").run_pass()
    assert xc.InboxClient(pair.b).receipt(env.struct_hash()) == xc.ReceiptStatus.NONE
    relay_all(pair, tmp_path)
    assert xc.InboxClient(pair.b).receipt(env.struct_hash()) == xc.ReceiptStatus.DELIVERED
    [delivered] = [e for e in pair.b.logs(["CrossChainInbox"]) if e.name == "MessageDelivered"]
    assert delivered.args["relayer"] != a0.address


def test_a_case_for_no_organ_there_comes_back_at_once(pair: TwoChains, tmp_path: Path) -> None:
    """Member 2 of chain B is a bank: nobody there could accept the case, so it is returned on arrival."""
    case_id = docketed_case(pair.a)
    docket = DocketClient(pair.a, ACC["clerk"])
    holder = docket.filing(case_id).holder
    xc.CrossChainCasesClient(pair.a, ACC["clerk"]).send_case(
        case_id, pair.b.chain.chain_id, 2, doc("file"), pair.b.chain.timestamp() + 86400
    )
    relay_all(pair, tmp_path)
    inc = xc.CrossChainCasesClient(pair.b).incoming(1)
    assert inc.status == xc.IncomingStatus.RETURNED and inc.to_member == 2
    assert xc.CrossChainCasesClient(pair.a).outgoing(case_id).status == xc.OutgoingStatus.RETURNED
    assert docket.filing(case_id).holder == holder

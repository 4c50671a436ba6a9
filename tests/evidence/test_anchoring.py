"""Single and batch anchoring, verification views, duplicates, revocation and supersession, role checks."""

from __future__ import annotations

import pytest

from courtchain.chain import Chain
from courtchain.clients.evidence import (
    AnchorRole,
    AnchorStatus,
    Capacity,
    DocumentKind,
    EvidenceClient,
    ServiceMethod,
    ServiceStatus,
)
from courtchain.errors import InputError
from courtchain.roles import ROLES
from courtchain.verify import leaf_hash
from tests.evidence.conftest import rand32
from tests.helpers import assert_enum_mirror, reverts

ZERO = b"\0" * 32


@pytest.mark.parametrize(
    "enum",
    [DocumentKind, Capacity, AnchorRole, AnchorStatus, ServiceStatus, ServiceMethod],
)
def test_enum_mirrors_match_interface(enum) -> None:  # type: ignore[no-untyped-def]
    assert_enum_mirror(enum, "IEvidenceRegistry.sol")


def test_single_anchor_as_institution_and_verify(suite, as_, registrar, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    h = rand32()
    t = chain.timestamp() + 10
    chain.set_next_timestamp(t)
    sent = as_(registrar).anchor(h, DocumentKind.CASE_FILE, 42, "REGISTRAR")
    ev = sent.event("Anchored")
    assert ev.args["contentHash"] == h and ev.args["role"] == AnchorRole.REGISTRAR and ev.args["caseId"] == 42
    anchors = EvidenceClient(suite).verify(h)
    assert len(anchors) == 1
    v = anchors.anchors[0]
    assert v.status == AnchorStatus.ACTIVE and not v.in_batch and v.role == AnchorRole.REGISTRAR
    assert (v.kind, v.capacity, v.case_id, v.anchored_at, v.member_id) == (
        DocumentKind.CASE_FILE,
        Capacity.INSTITUTION,
        42,
        t,
        1,
    )
    assert v.submitter == registrar.address and v.revoked_at == 0
    assert sent.gas_used <= 60_000  # ~9.6k of it is the hub role check (cold call, 3 cold reads)


def test_party_anchors_own_evidence_as_itself(suite, as_, litigant) -> None:  # type: ignore[no-untyped-def]
    h = rand32()
    sent = as_(litigant).anchor(h, DocumentKind.EVIDENCE, 7)
    assert sent.event("Anchored").args["role"] == AnchorRole.NONE
    v = EvidenceClient(suite).verify(h).anchors[0]
    assert v.capacity == Capacity.PARTY and v.member_id == 0 and v.submitter == litigant.address
    assert v.role == AnchorRole.NONE
    assert sent.gas_used <= 50_000


def test_party_may_anchor_only_evidence(as_, litigant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        as_(litigant).anchor(rand32(), DocumentKind.JUDGMENT)
    with reverts("EvidencePartyKind", kind=DocumentKind.JUDGMENT):
        as_(litigant).transact("anchor", rand32(), int(DocumentKind.JUDGMENT), 0, 0)


def test_roles_checked(as_, outsider, custodian, litigant, clerk) -> None:  # type: ignore[no-untyped-def]
    with reverts("AccessMissingRole", role=ROLES["JUDGE"], account=outsider.address):
        as_(outsider).anchor(rand32(), DocumentKind.JUDGMENT, 0, "JUDGE")
    with reverts("AccessMissingRole", role=ROLES["REGISTRAR"], account=clerk.address):
        as_(clerk).anchor(rand32(), DocumentKind.ARCHIVE, 0, "REGISTRAR")
    # a member's account without an anchoring role
    with reverts("AccessMissingRole", role=ROLES["CLERK"], account=custodian.address):
        as_(custodian).anchor(rand32(), DocumentKind.ARCHIVE, 0, "CLERK")
    with pytest.raises(InputError, match="does not anchor"):
        as_(custodian).anchor(rand32(), DocumentKind.ARCHIVE, 0, "CUSTODIAN")
    with reverts("AccessMissingRole"):
        as_(litigant).anchor_batch([rand32(), rand32()], DocumentKind.ARCHIVE, 0, "CLERK")
    # serving and relaying are for the court
    with reverts("EvidenceNotRelayer", caller=litigant.address):
        as_(litigant).serve(rand32(), rand32(), 2**33, recipient_account=outsider.address)


def test_invalid_inputs_refused(as_, registrar) -> None:  # type: ignore[no-untyped-def]
    c = as_(registrar)
    with reverts("EvidenceZeroHash"):
        c.transact("anchor", ZERO, int(DocumentKind.ARCHIVE), 0, int(AnchorRole.REGISTRAR))
    with reverts("EvidenceInvalidKind", kind=0):
        c.transact("anchor", rand32(), 0, 0, int(AnchorRole.REGISTRAR))
    with reverts("EvidenceCaseIdTooLarge", caseId=2**40):
        c.transact("anchor", rand32(), int(DocumentKind.ARCHIVE), 2**40, int(AnchorRole.REGISTRAR))
    with reverts("EvidenceInvalidBatchSize", count=0):
        c.transact("anchorBatch", rand32(), 0, int(DocumentKind.ARCHIVE), 0, int(AnchorRole.REGISTRAR))


def test_duplicate_by_the_same_account_reverts(as_, registrar, judge, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    h = rand32()
    t = chain.timestamp() + 5
    chain.set_next_timestamp(t)
    as_(registrar).anchor(h, DocumentKind.ARCHIVE, 9, "REGISTRAR")
    with reverts("EvidenceAlreadyAnchored", contentHash=h, anchorer=registrar.address, anchoredAt=t):
        as_(registrar).anchor(h, DocumentKind.CASE_FILE, 1, "REGISTRAR")
    # another account anchors the same hash in its own right
    as_(judge).anchor(h, DocumentKind.CASE_FILE, 1, "JUDGE")
    with reverts("EvidenceAlreadyAnchored", contentHash=h, anchorer=judge.address):
        as_(judge).anchor(h, DocumentKind.CASE_FILE, 1, "JUDGE")


def test_batch_anchor_and_member_verification(suite, as_, clerk, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    docs = [rand32() for _ in range(37)]
    t = chain.timestamp() + 3
    chain.set_next_timestamp(t)
    batch = as_(clerk).anchor_batch(docs, DocumentKind.SERVED_DOCUMENT, 11, "CLERK")
    ev = batch.sent.event("BatchAnchored")
    assert ev.args["root"] == batch.root and ev.args["count"] == 37 and ev.args["role"] == AnchorRole.CLERK
    ev_client = EvidenceClient(suite)
    for d in (docs[0], docs[18], docs[-1]):
        anchors = ev_client.verify_batch_member(batch.root, d, batch.tree.proof(d))
        assert anchors.status == AnchorStatus.ACTIVE and anchors.root == batch.root and anchors.in_batch
        v = anchors.anchors[0]
        assert v.root == batch.root and v.in_batch
        assert (v.kind, v.case_id, v.anchored_at, v.submitter) == (DocumentKind.SERVED_DOCUMENT, 11, t, clerk.address)
    # the contract's leaf encoding is ours
    assert ev_client.leaf_of(docs[0]) == leaf_hash(docs[0])
    # a wrong proof, another document, and a proof from another batch all fail
    proof = batch.tree.proof(docs[3])
    assert ev_client.verify_batch_member(batch.root, docs[3], proof[:-1]).status == AnchorStatus.NONE
    assert ev_client.verify_batch_member(batch.root, docs[4], proof).status == AnchorStatus.NONE
    assert ev_client.verify_batch_member(batch.root, rand32(), proof).status == AnchorStatus.NONE
    other = as_(clerk).anchor_batch([rand32() for _ in range(5)] + [docs[3]], DocumentKind.ARCHIVE, 0, "CLERK")
    assert ev_client.verify_batch_member(other.root, docs[3], proof).status == AnchorStatus.NONE
    assert ev_client.verify_batch_member(batch.root, docs[3], other.tree.proof(docs[3])).status == AnchorStatus.NONE
    # an unknown root
    assert ev_client.verify_batch_member(rand32(), docs[3], proof).status == AnchorStatus.NONE
    # a batch member is not a single anchor
    assert ev_client.verify(docs[3]).status == AnchorStatus.NONE
    # the same account cannot anchor the same root twice
    with reverts("EvidenceBatchAlreadyAnchored", root=batch.root, anchorer=clerk.address, anchoredAt=t):
        as_(clerk).anchor_batch(docs, DocumentKind.SERVED_DOCUMENT, 11, "CLERK")


def test_single_document_batch(suite, as_, clerk) -> None:  # type: ignore[no-untyped-def]
    d = rand32()
    batch = as_(clerk).anchor_batch([d], DocumentKind.ARCHIVE, 0, "CLERK")
    assert batch.tree.proof(d) == [] and batch.root == leaf_hash(d)
    assert EvidenceClient(suite).verify_batch_member(batch.root, d, []).status == AnchorStatus.ACTIVE


def test_revocation_and_supersession_single(suite, as_, registrar, judge, clerk, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    a, b, c = rand32(), rand32(), rand32()
    for h in (a, b):
        as_(registrar).anchor(h, DocumentKind.ARCHIVE, 1, "REGISTRAR")
    ev = EvidenceClient(suite)
    # only the anchorer revokes its own anchor: neither another institution nor a judge
    with reverts("EvidenceNotAnchored", contentHash=a, anchorer=clerk.address):
        as_(clerk).transact("revoke", a, ZERO)
    with reverts("EvidenceNotAnchored", contentHash=b, anchorer=judge.address):
        as_(judge).transact("revoke", b, c)
    with reverts("EvidenceSelfSupersession", contentHash=a):
        as_(registrar).revoke(a, a)
    t = chain.timestamp() + 7
    chain.set_next_timestamp(t)
    sent = as_(registrar).revoke(a)
    assert sent.event("Revoked").args["supersededBy"] == ZERO
    v = ev.verify(a).anchors[0]
    assert v.status == AnchorStatus.REVOKED and v.revoked_at == t and v.revoked_by == registrar.address
    assert v.anchored_at > 0 and v.kind == DocumentKind.ARCHIVE  # never deleted
    with reverts("EvidenceAlreadyRevoked", contentHash=a, revokedAt=t):
        as_(registrar).revoke(a, c)
    as_(registrar).revoke(b, c)
    v = ev.verify(b).anchors[0]
    assert v.status == AnchorStatus.SUPERSEDED and v.superseded_by == c and v.revoked_by == registrar.address
    # the record still stops the same account from anchoring the same content again
    with reverts("EvidenceAlreadyAnchored", contentHash=b, anchorer=registrar.address):
        as_(registrar).anchor(b, DocumentKind.ARCHIVE, 1, "REGISTRAR")


def test_revocation_of_batch_member(suite, as_, clerk, judge, outsider) -> None:  # type: ignore[no-untyped-def]
    docs = [rand32() for _ in range(8)]
    batch = as_(clerk).anchor_batch(docs, DocumentKind.ARCHIVE, 0, "CLERK")
    tree = batch.tree
    new = rand32()
    with reverts("EvidenceUnknownBatch", root=batch.root, anchorer=outsider.address):
        as_(outsider).revoke_batch_member(batch.root, docs[2], tree.proof(docs[2]))
    with reverts("EvidenceUnknownBatch", root=batch.root, anchorer=judge.address):
        as_(judge).revoke_batch_member(batch.root, docs[5], tree.proof(docs[5]))
    with reverts("EvidenceInvalidProof", root=batch.root, contentHash=docs[2]):
        as_(clerk).transact("revokeBatchMember", batch.root, docs[2], tree.proof(docs[3]), ZERO)
    with reverts("EvidenceUnknownBatch"):
        as_(clerk).transact("revokeBatchMember", rand32(), docs[2], tree.proof(docs[2]), ZERO)
    as_(clerk).revoke_batch_member(batch.root, docs[2], tree.proof(docs[2]), new)
    ev = EvidenceClient(suite)
    v = ev.verify_batch_member(batch.root, docs[2], tree.proof(docs[2])).anchors[0]
    assert v.status == AnchorStatus.SUPERSEDED and v.superseded_by == new
    # the other members are untouched
    assert ev.verify_batch_member(batch.root, docs[3], tree.proof(docs[3])).status == AnchorStatus.ACTIVE
    as_(clerk).revoke_batch_member(batch.root, docs[5], tree.proof(docs[5]))
    assert ev.verify_batch_member(batch.root, docs[5], tree.proof(docs[5])).status == AnchorStatus.REVOKED
    with reverts("EvidenceAlreadyRevoked", contentHash=docs[5], root=batch.root):
        as_(clerk).revoke_batch_member(batch.root, docs[5], tree.proof(docs[5]))


def test_every_proof_verifies_on_chain_for_many_sizes(suite, as_, clerk) -> None:  # type: ignore[no-untyped-def]
    ev = EvidenceClient(suite)
    for n in (2, 3, 4, 5, 7, 16, 33):
        docs = [rand32() for _ in range(n)]
        batch = as_(clerk).anchor_batch(docs, DocumentKind.ARCHIVE, 0, "CLERK")
        for d in docs:
            assert ev.verify_batch_member(batch.root, d, batch.tree.proof(d)).status == AnchorStatus.ACTIVE


def test_role_is_checked_live_in_the_hub(suite, as_, mediator, court_governor, bank_governor) -> None:  # type: ignore[no-untyped-def]
    """A suspended member's account no longer anchors as an institution (no cached roles)."""
    from courtchain.clients.consortium import ConsortiumClient

    as_(mediator).anchor(rand32(), DocumentKind.MEDIATION_RECORD, 0, "MEDIATOR")
    hub = ConsortiumClient(suite, court_governor)
    member = hub.member_of(mediator.address)
    hub.govern([hub.suspend_member(member)], [court_governor, bank_governor])
    with reverts("AccessMissingRole", role=ROLES["MEDIATOR"], account=mediator.address):
        as_(mediator).anchor(rand32(), DocumentKind.MEDIATION_RECORD, 0, "MEDIATOR")
    # it may still anchor its own evidence as a party
    as_(mediator).anchor(rand32(), DocumentKind.EVIDENCE)


def test_verification_view_returns_member_for_institution(suite, as_, mediator) -> None:  # type: ignore[no-untyped-def]
    from courtchain.clients.consortium import ConsortiumClient

    h = rand32()
    as_(mediator).anchor(h, DocumentKind.MEDIATION_RECORD, 0, "MEDIATOR")
    v = EvidenceClient(suite).verify(h).anchors[0]
    hub = ConsortiumClient(suite)
    assert hub.member(v.member_id).name == "Chaoyang People's Mediation Centre"

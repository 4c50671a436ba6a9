"""Audit issue 16, M4 (evidence squatting): anchors are per (hash, account), so nobody can stop an institution from
anchoring its document; document kinds are tied to the roles that issue them; only the anchorer revokes its own
anchor; every anchor of a hash is reported with its capacity. Also: an account may burn its EIP-712 nonce."""

from __future__ import annotations

import pytest

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.evidence import (
    KINDS_BY_ROLE,
    AnchorRole,
    AnchorStatus,
    Capacity,
    DocumentKind,
    EvidenceClient,
)
from courtchain.commitments import commitment
from courtchain.roles import ROLES
from tests.evidence.conftest import rand32
from tests.helpers import reverts

ZERO = b"\0" * 32
DAY = 86_400


def test_m4_party_anchor_does_not_block_the_courts_anchor(suite, as_, litigant, clerk) -> None:  # type: ignore[no-untyped-def]
    """A served party who learnt the judgment's hash anchors it first as its own evidence: the clerk still anchors
    the judgment, and `verify` reports both anchors with their capacities."""
    h = rand32()
    as_(litigant).anchor(h, DocumentKind.EVIDENCE, 3)
    sent = as_(clerk).anchor(h, DocumentKind.JUDGMENT, 3, AnchorRole.CLERK)
    assert sent.event("Anchored").args["submitter"] == clerk.address
    anchors = EvidenceClient(suite).verify(h)
    assert [(a.submitter, a.capacity, a.role, a.kind) for a in anchors] == [
        (litigant.address, Capacity.PARTY, AnchorRole.NONE, DocumentKind.EVIDENCE),
        (clerk.address, Capacity.INSTITUTION, AnchorRole.CLERK, DocumentKind.JUDGMENT),
    ]
    assert anchors.institutional[0].member_id == 1
    assert anchors.by(clerk.address) == EvidenceClient(suite).verify_by(h, clerk.address)


def test_m4_revoked_squat_does_not_block_either(suite, as_, outsider, registrar) -> None:  # type: ignore[no-untyped-def]
    """A watcher copies the court's pending hash, anchors it and revokes it: the court anchors it all the same."""
    h = rand32()
    as_(outsider).anchor(h, DocumentKind.EVIDENCE)
    as_(outsider).revoke(h)
    as_(registrar).anchor(h, DocumentKind.CASE_FILE, 8, AnchorRole.REGISTRAR)
    anchors = EvidenceClient(suite).verify(h)
    assert [a.status for a in anchors] == [AnchorStatus.REVOKED, AnchorStatus.ACTIVE]
    assert anchors.status == AnchorStatus.ACTIVE and anchors.active[0].submitter == registrar.address


def test_m4_front_run_batch_root_does_not_block_the_batch(suite, as_, outsider, registrar) -> None:  # type: ignore[no-untyped-def]
    docs = [rand32() for _ in range(5)]
    from courtchain.verify import MerkleTree

    root = MerkleTree(docs).root
    as_(outsider).transact("anchorBatch", root, 5, int(DocumentKind.EVIDENCE), 0, 0)
    batch = as_(registrar).anchor_batch(docs, DocumentKind.ARCHIVE, 4, AnchorRole.REGISTRAR)
    assert batch.root == root
    ev = EvidenceClient(suite)
    assert ev.batch_anchor_count(root) == 2
    anchors = ev.verify_batch_member(root, docs[1], batch.tree.proof(docs[1]))
    assert [(a.submitter, a.capacity) for a in anchors] == [
        (outsider.address, Capacity.PARTY),
        (registrar.address, Capacity.INSTITUTION),
    ]
    # each revokes only its own batch anchor
    as_(outsider).revoke_batch_member(root, docs[1], batch.tree.proof(docs[1]))
    anchors = ev.verify_batch_member(root, docs[1], batch.tree.proof(docs[1]))
    assert [a.status for a in anchors] == [AnchorStatus.REVOKED, AnchorStatus.ACTIVE]


def test_m4_kinds_are_tied_to_roles(as_, mediator, officer, registrar, judge, clerk) -> None:  # type: ignore[no-untyped-def]
    """A mediator anchored a Judgment; now each role anchors only the kinds it issues."""
    for account, role in (
        (mediator, AnchorRole.MEDIATOR),
        (officer, AnchorRole.ENFORCEMENT_OFFICER),
        (registrar, AnchorRole.REGISTRAR),
    ):
        with reverts("EvidenceKindNotForRole", role=role, kind=DocumentKind.JUDGMENT):
            as_(account).transact("anchor", rand32(), int(DocumentKind.JUDGMENT), 0, int(role))
    with reverts("EvidenceKindNotForRole", role=AnchorRole.JUDGE, kind=DocumentKind.STATISTICAL_REPORT):
        as_(judge).transact("anchor", rand32(), int(DocumentKind.STATISTICAL_REPORT), 0, int(AnchorRole.JUDGE))
    with pytest.raises(Exception, match="does not anchor judgment"):
        as_(mediator).anchor(rand32(), DocumentKind.JUDGMENT, 0, AnchorRole.MEDIATOR)
    as_(mediator).anchor(rand32(), DocumentKind.MEDIATION_RECORD, 0, AnchorRole.MEDIATOR)
    as_(judge).anchor(rand32(), DocumentKind.JUDGMENT, 0, AnchorRole.JUDGE)
    as_(clerk).anchor(rand32(), DocumentKind.JUDGMENT, 0, AnchorRole.CLERK)


def test_m4_judgment_only_by_a_courts_account(suite, as_, mediator, court_governor, bank_governor) -> None:  # type: ignore[no-untyped-def]
    """A CLERK of a member that is not a court (here the mediation centre) does not anchor judgments."""
    hub = ConsortiumClient(suite, court_governor)
    hub.govern([hub.grant_role("CLERK", mediator.address)], [court_governor, bank_governor])
    member = hub.member_of(mediator.address)
    with reverts("EvidenceNotCourtAccount", account=mediator.address, memberId=member):
        as_(mediator).anchor(rand32(), DocumentKind.JUDGMENT, 0, AnchorRole.CLERK)
    as_(mediator).anchor(rand32(), DocumentKind.SERVED_DOCUMENT, 0, AnchorRole.CLERK)


def test_kind_table_mirrors_the_contract(ev: EvidenceClient) -> None:
    for role in AnchorRole:
        for kind in DocumentKind:
            assert ev.may_anchor(role, kind) == (kind in KINDS_BY_ROLE[role]), (role, kind)


def test_m4_only_the_anchorer_revokes_its_own_anchor(suite, as_, litigant, judge, clerk) -> None:  # type: ignore[no-untyped-def]
    h = rand32()
    as_(litigant).anchor(h, DocumentKind.EVIDENCE)
    as_(clerk).anchor(h, DocumentKind.SERVED_DOCUMENT, 0, AnchorRole.CLERK)
    # a judge no longer revokes another account's anchor
    with reverts("EvidenceNotAnchored", contentHash=h, anchorer=judge.address):
        as_(judge).transact("revoke", h, ZERO)
    sent = as_(litigant).revoke(h)
    assert sent.event("Revoked").args["by"] == litigant.address
    ev = EvidenceClient(suite)
    assert ev.verify_by(h, litigant.address).status == AnchorStatus.REVOKED
    assert ev.verify_by(h, clerk.address).status == AnchorStatus.ACTIVE
    assert ev.view("getRevocation", ZERO, h, clerk.address)[1] == 0


def test_verify_is_paged_over_every_anchor(suite, as_, accts) -> None:  # type: ignore[no-untyped-def]
    h = rand32()
    names = ["litigant", "outsider", "creditor", "debtor", "keeper"]
    for n in names:
        as_(accts[n]).anchor(h, DocumentKind.EVIDENCE)
    ev = EvidenceClient(suite)
    assert ev.anchor_count(h) == 5
    assert [a.submitter for a in ev.verify(h, page=2)] == [accts[n].address for n in names]
    page = ev.view("verify", h, 3, 10)
    assert [p[6] for p in page] == [accts["debtor"].address, accts["keeper"].address]
    assert ev.view("verify", h, 9, 10) == []
    assert ev.verify(rand32()).anchors == ()


def test_nonce_can_be_burnt(suite, as_, clerk, debtor, chain: Chain) -> None:  # type: ignore[no-untyped-def]
    """An account burns its current EIP-712 nonce: an acknowledgement it signed with it can no longer be relayed."""
    c = as_(clerk)
    recipient = commitment(b"\x11" * 32, "passport", "E12345678")
    sid, _ = c.serve(rand32(), recipient, chain.timestamp() + 2 * DAY, recipient_account=debtor.address)
    deadline = chain.timestamp() + 3600
    receipt = rand32()
    signature = c.sign_acknowledgement(debtor, sid, receipt, deadline)
    nonce, sent = as_(debtor).use_nonce()
    assert nonce == 0 and sent.event("NonceUsed").args == {"account": debtor.address, "nonce": 0}
    assert c.nonce(debtor.address) == 1
    with reverts("EvidenceInvalidSignature", serviceId=sid, signer=debtor.address):
        c.acknowledge_by_sig(sid, receipt, deadline, signature)
    fresh = c.sign_acknowledgement(debtor, sid, receipt, deadline)
    c.acknowledge_by_sig(sid, receipt, deadline, fresh)
    assert c.nonce(debtor.address) == 2


def test_role_ids_used_by_the_table_exist() -> None:
    assert {"JUDGE", "CLERK", "REGISTRAR", "MEDIATOR", "ENFORCEMENT_OFFICER"} <= set(ROLES)


def test_audit_follows_each_anchor_of_a_hash(suite, as_, litigant, clerk) -> None:  # type: ignore[no-untyped-def]
    """The audit's legal-transition check keys anchors by (hash, anchorer): a second account's anchor of the same
    hash is legal, and each account's revocation applies to its own anchor."""
    from courtchain import audit

    h = rand32()
    as_(litigant).anchor(h, DocumentKind.EVIDENCE)
    as_(clerk).anchor(h, DocumentKind.SERVED_DOCUMENT, 0, AnchorRole.CLERK)
    as_(litigant).revoke(h)
    as_(clerk).revoke(h, rand32())
    report = audit.check(suite, audit.fetch_events(suite))
    assert not [f for f in report.findings if "EvidenceRegistry" in f.subject], report.findings

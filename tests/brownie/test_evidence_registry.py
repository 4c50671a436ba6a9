"""EvidenceRegistry, Brownie style: anchoring a content hash (as an institution or a party) and verifying it, and a
Merkle batch built and proven by `courtchain.verify` (the same trees and proofs as `courtchain verify`), revocation
and supersession. Anchors are per (hash, account): `verify` lists every anchor (paged), `verifyBy` one account's."""

from __future__ import annotations

import hashlib

import brownie
import pytest
from brownie import web3

from courtchain.clients.evidence import AnchorRole, AnchorStatus, Capacity, DocumentKind
from courtchain.verify import MerkleTree, leaf_hash, verify_proof

CASE = 7
ZERO32 = "0x" + "00" * 32


def sha256(text: str) -> bytes:
    """A document's content hash, as `courtchain evidence anchor` computes it from the file."""
    return hashlib.sha256(text.encode()).digest()


def hx(value: bytes) -> str:
    return "0x" + value.hex()


@pytest.fixture(scope="module")
def evidence(contract):
    return contract("EvidenceRegistry")


@pytest.fixture(scope="module")
def batch():
    """500 documents of one case file: the tree `courtchain evidence anchor FOLDER` builds."""
    docs = [sha256(f"case-2026-0001/doc-{i:04}.txt") for i in range(500)]
    return docs, MerkleTree(docs)


def test_a_judge_anchors_a_judgment_and_anyone_verifies_it(evidence, hub, judge, outsider, plain):
    content = sha256("judgment of case 7")
    unknown = evidence.verifyBy(sha256("never anchored"), judge)
    assert unknown["status"] == 0 and unknown["anchoredAt"] == 0
    assert len(evidence.verify(sha256("never anchored"), 0, 10)) == 0

    tx = evidence.anchor(content, DocumentKind.JUDGMENT, CASE, AnchorRole.JUDGE, {"from": judge})
    anchored = tx.events["Anchored"]
    assert plain((anchored["contentHash"], anchored["submitter"], anchored["caseId"])) == (hx(content), judge, CASE)
    assert (anchored["kind"], anchored["role"]) == (DocumentKind.JUDGMENT, AnchorRole.JUDGE)

    (v,) = evidence.verify(content, 0, 10, {"from": outsider})
    assert v["status"] == AnchorStatus.ACTIVE and v["role"] == AnchorRole.JUDGE
    assert plain((v["contentHash"], v["root"])) == (hx(content), ZERO32)
    assert (v["kind"], v["capacity"], v["submitter"]) == (DocumentKind.JUDGMENT, Capacity.INSTITUTION, judge)
    assert v["memberId"] == hub.memberOf(judge) == 1
    assert (v["anchoredAt"], v["caseId"], v["revokedAt"]) == (tx.timestamp, CASE, 0)


def test_each_account_anchors_a_hash_once_and_nobody_blocks_another(evidence, judge, clerk, litigant, err):
    content = sha256("complaint")
    first = evidence.anchor(content, DocumentKind.EVIDENCE, CASE, 0, {"from": litigant})  # a party, first
    tx = evidence.anchor(content, DocumentKind.CASE_FILE, CASE, AnchorRole.CLERK, {"from": clerk})
    with brownie.reverts(err("EvidenceAlreadyAnchored", content, clerk, tx.timestamp)):
        evidence.anchor(content, DocumentKind.CASE_FILE, CASE, AnchorRole.CLERK, {"from": clerk})
    evidence.anchor(content, DocumentKind.JUDGMENT, CASE, AnchorRole.JUDGE, {"from": judge})
    anchors = evidence.verify(content, 0, 10)
    assert evidence.anchorCount(content) == 3
    assert [(a["submitter"], a["capacity"], a["role"]) for a in anchors] == [
        (litigant, Capacity.PARTY, AnchorRole.NONE),
        (clerk, Capacity.INSTITUTION, AnchorRole.CLERK),
        (judge, Capacity.INSTITUTION, AnchorRole.JUDGE),
    ]
    assert anchors[0]["anchoredAt"] == first.timestamp


def test_institutions_anchor_only_under_a_role_they_hold(evidence, outsider, litigant, err):
    judge_role = web3.keccak(text="JUDGE")
    with brownie.reverts(err("AccessMissingRole", bytes(judge_role), outsider)):
        evidence.anchor(sha256("forged"), DocumentKind.JUDGMENT, CASE, AnchorRole.JUDGE, {"from": outsider})
    # a party anchors its own evidence (and nothing else) without a role
    with brownie.reverts(err("EvidencePartyKind", DocumentKind.JUDGMENT)):
        evidence.anchor(sha256("own judgment"), DocumentKind.JUDGMENT, CASE, 0, {"from": litigant})
    evidence.anchor(sha256("photo.jpg"), DocumentKind.EVIDENCE, CASE, 0, {"from": litigant})
    v = evidence.verifyBy(sha256("photo.jpg"), litigant)
    assert (v["status"], v["capacity"], v["submitter"], v["memberId"]) == (
        AnchorStatus.ACTIVE,
        Capacity.PARTY,
        litigant,
        0,
    )


def test_revocation_and_supersession_keep_the_record(evidence, judge, registrar, outsider, err):
    original, corrected = sha256("ruling v1"), sha256("ruling v2")
    evidence.anchor(original, DocumentKind.ARCHIVE, CASE, AnchorRole.REGISTRAR, {"from": registrar})
    with brownie.reverts(err("EvidenceKindNotForRole", AnchorRole.REGISTRAR, DocumentKind.JUDGMENT)):
        evidence.anchor(corrected, DocumentKind.JUDGMENT, CASE, AnchorRole.REGISTRAR, {"from": registrar})
    with brownie.reverts(err("EvidenceNotAnchored", original, outsider)):
        evidence.revoke(original, corrected, {"from": outsider})
    with brownie.reverts(err("EvidenceNotAnchored", original, judge)):  # only the anchorer revokes its anchor
        evidence.revoke(original, corrected, {"from": judge})
    tx = evidence.revoke(original, corrected, {"from": registrar})
    assert tx.events["Revoked"]["by"] == registrar
    v = evidence.verifyBy(original, registrar)
    assert (v["status"], v["revokedBy"], v["revokedAt"]) == (AnchorStatus.SUPERSEDED, registrar, tx.timestamp)
    assert v["supersededBy"] == hx(corrected)
    assert v["submitter"] == registrar  # the anchoring itself is never deleted
    with brownie.reverts(err("EvidenceAlreadyRevoked", original, bytes(32), tx.timestamp, corrected)):
        evidence.revoke(original, bytes(32), {"from": registrar})


def test_a_merkle_batch_anchors_500_documents_in_one_transaction(evidence, clerk, outsider, batch, plain):
    docs, tree = batch
    tx = evidence.anchorBatch(tree.root, tree.size, DocumentKind.ARCHIVE, CASE, AnchorRole.CLERK, {"from": clerk})
    anchored = tx.events["BatchAnchored"]
    assert plain((anchored["root"], anchored["count"], anchored["submitter"])) == (hx(tree.root), 500, clerk)
    assert plain(evidence.getBatch(tree.root, clerk)) == (
        clerk.address,
        tx.timestamp,
        CASE,
        DocumentKind.ARCHIVE,
        AnchorRole.CLERK,
    )
    for content in (docs[0], docs[123], docs[-1]):
        proof = tree.proof(content)
        assert verify_proof(content, proof, tree.root)  # off chain, as `courtchain verify --proof`
        assert evidence.leafOf(content) == hx(leaf_hash(content))
        (v,) = evidence.verifyBatchMember(tree.root, content, proof, 0, 10, {"from": outsider})
        assert v["status"] == AnchorStatus.ACTIVE and v["root"] == hx(tree.root)
        assert (v["kind"], v["submitter"], v["caseId"], v["anchoredAt"]) == (
            DocumentKind.ARCHIVE,
            clerk,
            CASE,
            tx.timestamp,
        )


def test_a_wrong_proof_or_another_batch_does_not_verify(evidence, clerk, batch):
    docs, tree = batch
    other = MerkleTree([sha256("other-a"), sha256("other-b"), sha256("other-c")])
    evidence.anchorBatch(tree.root, tree.size, DocumentKind.ARCHIVE, CASE, AnchorRole.CLERK, {"from": clerk})
    evidence.anchorBatch(other.root, other.size, DocumentKind.ARCHIVE, CASE, AnchorRole.CLERK, {"from": clerk})

    stranger = sha256("not in the batch")
    assert not verify_proof(stranger, tree.proof(docs[5]), tree.root)
    for root, content, proof in (
        (tree.root, stranger, tree.proof(docs[5])),  # a document that is not in the batch
        (tree.root, docs[6], tree.proof(docs[5])),  # another document's proof
        (other.root, docs[5], tree.proof(docs[5])),  # a proof from another batch
        (tree.root, docs[5], []),  # no proof
    ):
        assert len(evidence.verifyBatchMember(root, content, proof, 0, 10)) == 0
    # the single-anchor view does not know batch members
    assert len(evidence.verify(docs[5], 0, 10)) == 0 and evidence.anchorCount(docs[5]) == 0


def test_a_batch_member_is_revoked_alone(evidence, clerk, batch, err):
    docs, tree = batch
    evidence.anchorBatch(tree.root, tree.size, DocumentKind.ARCHIVE, CASE, AnchorRole.CLERK, {"from": clerk})
    with brownie.reverts(err("EvidenceInvalidProof", tree.root, docs[1])):
        evidence.revokeBatchMember(tree.root, docs[1], tree.proof(docs[2]), bytes(32), {"from": clerk})
    evidence.revokeBatchMember(tree.root, docs[1], tree.proof(docs[1]), bytes(32), {"from": clerk})
    (revoked,) = evidence.verifyBatchMember(tree.root, docs[1], tree.proof(docs[1]), 0, 10)
    (active,) = evidence.verifyBatchMember(tree.root, docs[2], tree.proof(docs[2]), 0, 10)
    assert (revoked["status"], active["status"]) == (AnchorStatus.REVOKED, AnchorStatus.ACTIVE)
    at = evidence.getBatch(tree.root, clerk)["anchoredAt"]
    with brownie.reverts(err("EvidenceBatchAlreadyAnchored", tree.root, clerk, at)):
        evidence.anchorBatch(tree.root, tree.size, DocumentKind.ARCHIVE, CASE, AnchorRole.CLERK, {"from": clerk})

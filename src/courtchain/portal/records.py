"""What the portal says about a document: the chain's verification views turned into plain facts and plain words.

Everything here is read-only. A `PortalError` carries the HTTP status and a machine-readable code next to the
sentence that the page shows to a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from eth_utils import event_abi_to_log_topic

from ..clients.base import check_hash
from ..clients.consortium import ConsortiumClient
from ..clients.evidence import (
    ZERO32,
    Anchors,
    AnchorStatus,
    Capacity,
    EvidenceClient,
    ServiceMethod,
    Verification,
)
from ..errors import ContractRevert, InputError, NotFoundError
from ..suite import Suite
from ..verify import PROOF_FORMAT, verify_proof

MAX_PROOF_DEPTH = 64  # a tree of 2^64 leaves; anything deeper is not a proof of ours


class PortalError(Exception):
    """A failure the user can understand: HTTP status, a stable code, and one plain sentence."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.details}


def iso(ts: int) -> str | None:
    if not ts:
        return None
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def label(member: Any) -> str:
    """`DocumentKind.CASE_FILE` → "case file"."""
    return str(member.name).lower().replace("_", " ")


def parse_hash(text: str, what: str = "document hash") -> bytes:
    try:
        return check_hash(text.strip(), what)
    except InputError:
        raise PortalError(
            400,
            "malformed_hash",
            f"That is not a document fingerprint: a {what} is 64 hexadecimal digits (0-9, a-f), optionally after 0x.",
        ) from None


def case_number(suite: Suite, case_id: int) -> str | None:
    """The docket's case number (e.g. "(2026)京0491民初123号") if the CaseDocket docketed this case, else None."""
    if not case_id or "CaseDocket" not in suite.addresses:
        return None
    try:
        return str(suite.view("CaseDocket", "caseNumber", case_id)) or None
    except (ContractRevert, NotFoundError, InputError):
        return None


def case_reference(suite: Suite, case_id: int) -> str | None:
    if not case_id:
        return None
    number = case_number(suite, case_id)
    return f"case {case_id} ({number})" if number else f"case {case_id}"


def event_topic(suite: Suite, contract: str, event: str) -> str:
    """topic0 of `contract`'s `event`, as 0x-hex (for log filters)."""
    abi = suite.artifacts[contract].abi
    e = next(x for x in abi if x.get("type") == "event" and x.get("name") == event)
    return "0x" + event_abi_to_log_topic(cast(Any, e)).hex()


class Names:
    """Member names of accounts, from the hub (cached per request batch; names change only by governance)."""

    def __init__(self, suite: Suite) -> None:
        self.hub = ConsortiumClient(suite)
        self._member = lru_cache(maxsize=256)(self._member_name)
        self._of = lru_cache(maxsize=1024)(self._member_of)

    def _member_name(self, member_id: int) -> str:
        return str(self.hub.member(member_id).name)

    def _member_of(self, account: str) -> int:
        return self.hub.member_of(account)

    def member(self, member_id: int) -> str | None:
        return self._member(member_id) if member_id else None

    def of_account(self, account: str) -> tuple[int, str | None]:
        member_id = self._of(account)
        return member_id, self.member(member_id)


@dataclass(frozen=True)
class ProofInput:
    content_hash: bytes
    root: bytes
    proof: list[bytes]


def parse_proof(data: Any) -> ProofInput:
    """A proof file as written by `courtchain evidence anchor` (format courtchain.evidence.proof.v1)."""
    bad = "The proof file is not one the court issued: "
    if not isinstance(data, dict):
        raise PortalError(400, "malformed_proof", bad + "it is not a JSON object.")
    if data.get("format") != PROOF_FORMAT:
        raise PortalError(400, "malformed_proof", bad + f"its format is not {PROOF_FORMAT}.")
    proof = data.get("proof")
    if not isinstance(proof, list) or len(proof) > MAX_PROOF_DEPTH:
        raise PortalError(400, "malformed_proof", bad + "its proof is not a list of at most 64 hashes.")
    try:
        return ProofInput(
            content_hash=check_hash(str(data.get("contentHash", "")), "contentHash"),
            root=check_hash(str(data.get("root", "")), "root"),
            proof=[check_hash(str(p), "proof element") for p in proof],
        )
    except InputError as exc:
        raise PortalError(400, "malformed_proof", bad + str(exc) + ".") from None


class DocumentRecords:
    """Verification of documents against the EvidenceRegistry, with member names and service of process."""

    def __init__(self, suite: Suite, start_blocks: Mapping[str, int] | None = None) -> None:
        self.suite = suite
        self.start_blocks = start_blocks or {}
        self.evidence = EvidenceClient(suite)
        self.names = Names(suite)
        self._served_topic = event_topic(suite, "EvidenceRegistry", "Served")

    def single(self, content_hash: bytes) -> dict[str, Any]:
        v = self.evidence.verify(content_hash)
        if v.status == AnchorStatus.NONE:
            raise PortalError(
                404,
                "no_matching_record",
                "This file matches no record on the chain. If it was anchored, it has been changed since, even by a "
                "single byte. A document anchored in a batch needs its proof file.",
                contentHash="0x" + content_hash.hex(),
            )
        return self.report(v)

    def batch_member(self, content_hash: bytes, proof: ProofInput) -> dict[str, Any]:
        if proof.content_hash != content_hash:
            raise PortalError(
                422,
                "proof_for_another_document",
                "This file matches no record: the proof file was made for a different document "
                f"(0x{proof.content_hash.hex()}). Either the file has been changed or the proof file is not its own.",
                contentHash="0x" + content_hash.hex(),
                proofContentHash="0x" + proof.content_hash.hex(),
            )
        if not self.batch_known(proof.root):
            raise PortalError(
                422,
                "unknown_batch",
                f"The proof does not fit: its batch (root 0x{proof.root.hex()}) was never anchored on this chain.",
                root="0x" + proof.root.hex(),
            )
        if not verify_proof(content_hash, proof.proof, proof.root):
            raise PortalError(
                422,
                "proof_does_not_fit",
                "The proof does not fit: it does not lead from this document to the batch it names.",
                root="0x" + proof.root.hex(),
            )
        v = self.evidence.verify_batch_member(proof.root, content_hash, proof.proof)
        if v.status == AnchorStatus.NONE:  # the chain disagrees with the local check: say so, never guess
            raise PortalError(422, "proof_does_not_fit", "The proof does not fit the batch recorded on the chain.")
        return self.report(v)

    def batch_known(self, root: bytes) -> bool:
        """Whether any account anchored a batch with this root."""
        return self.evidence.batch_anchor_count(root) != 0

    # -- the answer -------------------------------------------------------------------------------------------------

    @staticmethod
    def primary(anchors: Anchors) -> Verification:
        """The anchor the headline describes: the first institutional anchor in force, else the first anchor in force,
        else the latest one. Every anchor is listed in the report's `anchors`."""
        for a in anchors.active:
            if a.capacity == Capacity.INSTITUTION:
                return a
        return anchors.active[0] if anchors.active else anchors.anchors[-1]

    def submitter(self, v: Verification) -> dict[str, Any]:
        if v.capacity == Capacity.INSTITUTION:
            return {
                "capacity": "institution",
                "role": label(v.role),
                "memberId": v.member_id,
                "memberName": self.names.member(v.member_id),
                "account": v.submitter,
            }
        # a party anchors as itself: no member, and the portal does not publish a party's account
        return {"capacity": "party", "role": None, "memberId": 0, "memberName": None, "account": None}

    def revocation(self, v: Verification) -> dict[str, Any] | None:
        if v.status not in (AnchorStatus.REVOKED, AnchorStatus.SUPERSEDED):
            return None
        _, by_name = self.names.of_account(v.revoked_by)
        return {
            "revokedAt": v.revoked_at,
            "revokedAtText": iso(v.revoked_at),
            "revokedByMember": by_name,
            "supersededBy": None if v.superseded_by == ZERO32 else "0x" + v.superseded_by.hex(),
        }

    def report(self, anchors: Anchors) -> dict[str, Any]:
        v = self.primary(anchors)
        h = "0x" + v.content_hash.hex()
        submitter = self.submitter(v)
        revocation = self.revocation(v)
        every = [
            {
                "status": label(a.status),
                "kind": label(a.kind),
                "anchoredAt": a.anchored_at,
                "anchoredAtText": iso(a.anchored_at),
                "caseId": a.case_id,
                "submitter": self.submitter(a),
                "revocation": self.revocation(a),
            }
            for a in anchors
        ]
        services = self.services(v.content_hash)
        report = {
            "contentHash": h,
            "onChain": True,
            "status": label(v.status),
            "kind": label(v.kind),
            "anchoredAt": v.anchored_at,
            "anchoredAtText": iso(v.anchored_at),
            "caseId": v.case_id,
            "caseReference": case_reference(self.suite, v.case_id),
            "submitter": submitter,
            "batch": None if not v.in_batch else {"root": "0x" + v.root.hex()},
            "revocation": revocation,
            "anchors": every,
            "services": services,
            "chain": {"chainId": self.suite.chain.chain_id, "contract": self.evidence.address},
        }
        report["summary"] = summary(report)
        return report

    def services(self, document_hash: bytes) -> list[dict[str, Any]]:
        """Every service of process of this document (from `Served` events, indexed by document), with its status."""
        out = []
        topics = [self._served_topic, None, "0x" + document_hash.hex()]
        start = self.start_blocks.get("EvidenceRegistry", 0)
        for ev in self.suite.logs(["EvidenceRegistry"], from_block=start, topics=topics):
            s = self.evidence.service(int(ev.args["serviceId"]))
            out.append(
                {
                    "serviceId": s.id,
                    "status": label(s.status),
                    "method": label(ServiceMethod(s.method)),
                    "servedAt": int(s.served_at),
                    "servedAtText": iso(int(s.served_at)),
                    "deemedServedAt": int(s.deemed_served_at),
                    "deemedServedAtText": iso(int(s.deemed_served_at)),
                    "acknowledgedAt": int(s.acknowledged_at) or None,
                    "acknowledgedAtText": iso(int(s.acknowledged_at)),
                    "bySignature": s.by_signature,
                    "caseId": int(s.case_id),
                }
            )
        return out


def summary(r: dict[str, Any]) -> str:
    """The one sentence a person reads first."""
    who = r["submitter"]["memberName"] or (
        "a party, as itself" if r["submitter"]["capacity"] == "party" else "an account no longer with a member"
    )
    where = f" in {r['caseReference']}" if r["caseReference"] else ""
    how = " as part of a batch" if r["batch"] else ""
    text = f"This file is on the chain: a {r['kind']} anchored by {who}{where} on {r['anchoredAtText']}{how}."
    others = len(r.get("anchors", [])) - 1
    if others > 0:
        text += f" {others} other anchor{'s' if others > 1 else ''} of the same file (listed below)."
    rev = r["revocation"]
    if r["status"] == "revoked":
        text += f" It was REVOKED on {rev['revokedAtText']}: do not rely on it."
    elif r["status"] == "superseded":
        text += f" It was SUPERSEDED on {rev['revokedAtText']} by document {rev['supersededBy']}: rely on that one."
    for s in r["services"]:
        state = {
            "pending": f"pending (deemed served on {s['deemedServedAtText']} unless acknowledged before)",
            "acknowledged": f"acknowledged by the recipient on {s['acknowledgedAtText']}",
            "deemed served": f"deemed served since {s['deemedServedAtText']}",
        }.get(s["status"], s["status"])
        text += f" Service {s['serviceId']}: {state}."
    return text

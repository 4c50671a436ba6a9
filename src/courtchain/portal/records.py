"""What the portal says about a document: the chain's verification views turned into plain facts and plain words.

Everything here is read-only. A `PortalError` carries the HTTP status and a machine-readable code next to the
sentence that the page shows to a person.
"""

from __future__ import annotations

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
from ..units import format_time
from ..verify import PROOF_FORMAT, verify_proof
from .i18n import DEFAULT_LANG, T, Text, when, word

MAX_PROOF_DEPTH = 64  # a tree of 2^64 leaves; anything deeper is not a proof of ours


class PortalError(Exception):
    """A failure the user can understand: HTTP status, a stable code, and one plain sentence in both languages."""

    def __init__(self, status: int, code: str, message: Text, **details: Any) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def to_json(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        return {"error": self.code, "message": self.message(lang), "messages": self.message.to_json(), **self.details}


def iso(ts: int) -> str | None:
    """Beijing time with its zone, ISO 8601 (`2027-03-01T10:00:00+08:00`); None for 0."""
    return format_time(ts) if ts else None


def label(member: Any) -> str:
    """`DocumentKind.CASE_FILE` → "case file" (the stable English word, for machines)."""
    return str(member.name).lower().replace("_", " ")


def parse_hash(text: str, what: str = "document hash") -> bytes:
    try:
        return check_hash(text.strip(), what)
    except InputError:
        raise PortalError(
            400,
            "malformed_hash",
            T(
                "这不是文件指纹：文件指纹（SHA-256）是 64 位十六进制数字（0-9、a-f），可带前缀 0x。",
                f"That is not a document fingerprint: a {what} is 64 hexadecimal digits (0-9, a-f), "
                "optionally after 0x.",
            ),
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


def case_reference_text(suite: Suite, case_id: int) -> Text | None:
    if not case_id:
        return None
    number = case_number(suite, case_id)
    if number:
        return T(f"{number}（案件 {case_id}）", f"case {case_id} ({number})")
    return T(f"案件 {case_id}", f"case {case_id}")


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
    bad = T("该证明文件不是法院出具的证明文件：", "The proof file is not one the court issued: ")
    if not isinstance(data, dict):
        raise PortalError(400, "malformed_proof", bad + T("它不是 JSON 对象。", "it is not a JSON object."))
    if data.get("format") != PROOF_FORMAT:
        raise PortalError(
            400, "malformed_proof", bad + T(f"格式不是 {PROOF_FORMAT}。", f"its format is not {PROOF_FORMAT}.")
        )
    proof = data.get("proof")
    if not isinstance(proof, list) or len(proof) > MAX_PROOF_DEPTH:
        raise PortalError(
            400,
            "malformed_proof",
            bad + T("其证明路径不是至多 64 个哈希值的列表。", "its proof is not a list of at most 64 hashes."),
        )
    try:
        return ProofInput(
            content_hash=check_hash(str(data.get("contentHash", "")), "contentHash"),
            root=check_hash(str(data.get("root", "")), "root"),
            proof=[check_hash(str(p), "proof element") for p in proof],
        )
    except InputError as exc:
        raise PortalError(400, "malformed_proof", bad + T(f"{exc}。", f"{exc}.")) from None


class DocumentRecords:
    """Verification of documents against the EvidenceRegistry, with member names and service of process."""

    def __init__(self, suite: Suite, start_blocks: Mapping[str, int] | None = None, lang: str = DEFAULT_LANG) -> None:
        self.suite = suite
        self.lang = lang
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
                T(
                    "该文件与链上任何记录都不匹配。如果它曾被存证，那么此后已被改动，哪怕只改了一个字节。"
                    "批量存证的文件需要同时提供其证明文件。",
                    "This file matches no record on the chain. If it was anchored, it has been changed since, even by "
                    "a single byte. A document anchored in a batch needs its proof file.",
                ),
                contentHash="0x" + content_hash.hex(),
            )
        return self.report(v)

    def batch_member(self, content_hash: bytes, proof: ProofInput) -> dict[str, Any]:
        if proof.content_hash != content_hash:
            raise PortalError(
                422,
                "proof_for_another_document",
                T(
                    f"该文件与链上任何记录都不匹配：证明文件是为另一份文件（0x{proof.content_hash.hex()}）出具的。"
                    "要么文件已被改动，要么证明文件不属于它。",
                    "This file matches no record: the proof file was made for a different document "
                    f"(0x{proof.content_hash.hex()}). Either the file has been changed or the proof file is not its "
                    "own.",
                ),
                contentHash="0x" + content_hash.hex(),
                proofContentHash="0x" + proof.content_hash.hex(),
            )
        if not self.batch_known(proof.root):
            raise PortalError(
                422,
                "unknown_batch",
                T(
                    f"证明不成立：其所属批次（根哈希 0x{proof.root.hex()}）从未在本链存证。",
                    f"The proof does not fit: its batch (root 0x{proof.root.hex()}) was never anchored on this chain.",
                ),
                root="0x" + proof.root.hex(),
            )
        if not verify_proof(content_hash, proof.proof, proof.root):
            raise PortalError(
                422,
                "proof_does_not_fit",
                T(
                    "证明不成立：它不能从该文件推导到其所称的批次。",
                    "The proof does not fit: it does not lead from this document to the batch it names.",
                ),
                root="0x" + proof.root.hex(),
            )
        v = self.evidence.verify_batch_member(proof.root, content_hash, proof.proof)
        if v.status == AnchorStatus.NONE:  # the chain disagrees with the local check: say so, never guess
            raise PortalError(
                422,
                "proof_does_not_fit",
                T("证明与链上记录的批次不符。", "The proof does not fit the batch recorded on the chain."),
            )
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
                "roleText": word(v.role)(self.lang),
                "memberId": v.member_id,
                "memberName": self.names.member(v.member_id),
                "account": v.submitter,
            }
        # a party anchors as itself: no member, and the portal does not publish a party's account
        return {"capacity": "party", "role": None, "roleText": None, "memberId": 0, "memberName": None, "account": None}

    def revocation(self, v: Verification) -> dict[str, Any] | None:
        if v.status not in (AnchorStatus.REVOKED, AnchorStatus.SUPERSEDED):
            return None
        _, by_name = self.names.of_account(v.revoked_by)
        return {
            "revokedAt": v.revoked_at,
            "revokedAtIso": iso(v.revoked_at),
            "revokedAtText": when(v.revoked_at)(self.lang),
            "revokedByMember": by_name,
            "supersededBy": None if v.superseded_by == ZERO32 else "0x" + v.superseded_by.hex(),
        }

    def report(self, anchors: Anchors) -> dict[str, Any]:
        v = self.primary(anchors)
        h = "0x" + v.content_hash.hex()
        submitter = self.submitter(v)
        revocation = self.revocation(v)
        lang = self.lang
        every = [
            {
                "status": label(a.status),
                "statusText": word(a.status)(lang),
                "kind": label(a.kind),
                "kindText": word(a.kind)(lang),
                "anchoredAt": a.anchored_at,
                "anchoredAtIso": iso(a.anchored_at),
                "anchoredAtText": when(a.anchored_at)(lang),
                "caseId": a.case_id,
                "submitter": self.submitter(a),
                "revocation": self.revocation(a),
            }
            for a in anchors
        ]
        services = self.services(v.content_hash)
        reference = case_reference_text(self.suite, v.case_id)
        report = {
            "contentHash": h,
            "onChain": True,
            "status": label(v.status),
            "statusText": word(v.status)(lang),
            "kind": label(v.kind),
            "kindText": word(v.kind)(lang),
            "anchoredAt": v.anchored_at,
            "anchoredAtIso": iso(v.anchored_at),
            "anchoredAtText": when(v.anchored_at)(lang),
            "caseId": v.case_id,
            "caseReference": reference(lang) if reference else None,
            "submitter": submitter,
            "batch": None if not v.in_batch else {"root": "0x" + v.root.hex()},
            "revocation": revocation,
            "anchors": every,
            "services": services,
            "chain": {"chainId": self.suite.chain.chain_id, "contract": self.evidence.address},
        }
        text = summary(report, v, reference)
        report["summary"] = text(lang)
        report["summaries"] = text.to_json()
        return report

    def service_ids(self, document_hash: bytes) -> list[int]:
        """The services of process of this document, from `Served` events (indexed by document)."""
        topics = [self._served_topic, None, "0x" + document_hash.hex()]
        start = self.start_blocks.get("EvidenceRegistry", 0)
        return [
            int(ev.args["serviceId"]) for ev in self.suite.logs(["EvidenceRegistry"], from_block=start, topics=topics)
        ]

    def services(self, document_hash: bytes) -> list[dict[str, Any]]:
        """Every service of process of this document with its status (read from the chain's view)."""
        out = []
        lang = self.lang
        for sid in self.service_ids(document_hash):
            s = self.evidence.service(sid)
            out.append(
                {
                    "serviceId": s.id,
                    "status": label(s.status),
                    "statusText": word(s.status)(lang),
                    "method": label(ServiceMethod(s.method)),
                    "methodText": word(ServiceMethod(s.method))(lang),
                    "servedAt": int(s.served_at),
                    "servedAtText": when(int(s.served_at))(lang),
                    "deemedServedAt": int(s.deemed_served_at),
                    "deemedServedAtText": when(int(s.deemed_served_at))(lang),
                    "acknowledgedAt": int(s.acknowledged_at) or None,
                    "acknowledgedAtText": when(int(s.acknowledged_at))(lang) if s.acknowledged_at else None,
                    "bySignature": s.by_signature,
                    "caseId": int(s.case_id),
                }
            )
        return out


def summary(r: dict[str, Any], v: Verification, reference: Text | None) -> Text:
    """The one sentence a person reads first, in both languages."""
    sub = r["submitter"]
    if sub["memberName"]:
        who = T(sub["memberName"], sub["memberName"])
    elif sub["capacity"] == "party":
        who = T("当事人本人", "a party, as itself")
    else:
        who = T("已不属于任何成员的账户", "an account no longer with a member")
    kind = word(v.kind)
    at = when(v.anchored_at)
    where = T(f"，所属案件 {reference.zh}", f" in {reference.en}") if reference else T("", "")
    batch = bool(r["batch"])
    text = T(
        f"该文件已在链上存证：{who.zh}于 {at.zh} 存证的{kind.zh}{where.zh}" + ("，属批量存证" if batch else "") + "。",
        f"This file is on the chain: a {kind.en} anchored by {who.en}{where.en} on {at.en}"
        + (" as part of a batch" if batch else "")
        + ".",
    )
    others = len(r.get("anchors", [])) - 1
    if others > 0:
        text += T(
            f"同一文件另有 {others} 次存证（见下表）。",
            f" {others} other anchor{'s' if others > 1 else ''} of the same file (listed below).",
        )
    rev = r["revocation"]
    if rev:
        revoked_at = when(rev["revokedAt"])
        if r["status"] == "revoked":
            text += T(
                f"该文件已于 {revoked_at.zh} 被撤销，请勿依赖。",
                f" It was REVOKED on {revoked_at.en}: do not rely on it.",
            )
        elif r["status"] == "superseded":
            new = rev["supersededBy"]
            text += T(
                f"该文件已于 {revoked_at.zh} 被文件 {new} 替代，请以新文件为准。",
                f" It was SUPERSEDED on {revoked_at.en} by document {new}: rely on that one.",
            )
    for s in r["services"]:
        sid = s["serviceId"]
        deemed, ack = when(s["deemedServedAt"]), when(s["acknowledgedAt"] or 0)
        state = {
            "pending": T(
                f"送达中（如未提前签收，于 {deemed.zh} 视为送达）",
                f"pending (deemed served on {deemed.en} unless acknowledged before)",
            ),
            "acknowledged": T(f"受送达人已于 {ack.zh} 签收", f"acknowledged by the recipient on {ack.en}"),
            "deemed served": T(f"自 {deemed.zh} 起视为送达", f"deemed served since {deemed.en}"),
        }.get(s["status"], T(s["statusText"], s["status"]))
        text += T(f"送达编号 {sid}：{state.zh}。", f" Service {sid}: {state.en}.")
    return text

"""Typed client of EvidenceRegistry: anchoring by content hash (single and Merkle batch), revocation and
supersession, service of process with receipts, and the verification views."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount

from ..errors import InputError, NotFoundError
from ..verify import MerkleTree, verify_proof
from .base import ContractClient, Sent, check_address, check_hash
from .consortium import Action, ConsortiumClient

ZERO32 = b"\0" * 32
MAX_CASE_ID = 2**40 - 1
MAX_BATCH = 2**32 - 1
VERIFY_PAGE = 100
EIP712_NAME = "courtchain EvidenceRegistry"
EIP712_VERSION = "1"


class DocumentKind(IntEnum):
    NONE = 0
    CASE_FILE = 1
    EVIDENCE = 2
    SERVED_DOCUMENT = 3
    RECEIPT_OF_SERVICE = 4
    ARCHIVE = 5
    STATISTICAL_REPORT = 6
    MEDIATION_RECORD = 7
    JUDGMENT = 8


class Capacity(IntEnum):
    NONE = 0
    INSTITUTION = 1
    PARTY = 2


class AnchorRole(IntEnum):
    NONE = 0
    JUDGE = 1
    CLERK = 2
    REGISTRAR = 3
    MEDIATOR = 4
    ENFORCEMENT_OFFICER = 5


ANCHORING_ROLES = tuple(r.name for r in AnchorRole if r != AnchorRole.NONE)


# Which role anchors which kind: the mirror of the contract's table (`mayAnchor`), checked by a test.
KINDS_BY_ROLE: dict[AnchorRole, frozenset[DocumentKind]] = {
    AnchorRole.NONE: frozenset({DocumentKind.EVIDENCE}),
    AnchorRole.JUDGE: frozenset(
        {
            DocumentKind.CASE_FILE,
            DocumentKind.EVIDENCE,
            DocumentKind.SERVED_DOCUMENT,
            DocumentKind.RECEIPT_OF_SERVICE,
            DocumentKind.MEDIATION_RECORD,
            DocumentKind.JUDGMENT,
        }
    ),
    AnchorRole.CLERK: frozenset(k for k in DocumentKind if k != DocumentKind.NONE),
    AnchorRole.REGISTRAR: frozenset(
        {
            DocumentKind.CASE_FILE,
            DocumentKind.RECEIPT_OF_SERVICE,
            DocumentKind.ARCHIVE,
            DocumentKind.STATISTICAL_REPORT,
        }
    ),
    AnchorRole.MEDIATOR: frozenset({DocumentKind.EVIDENCE, DocumentKind.MEDIATION_RECORD}),
    AnchorRole.ENFORCEMENT_OFFICER: frozenset(
        {
            DocumentKind.EVIDENCE,
            DocumentKind.SERVED_DOCUMENT,
            DocumentKind.RECEIPT_OF_SERVICE,
            DocumentKind.ARCHIVE,
        }
    ),
}
MIN_DEEMED_PERIOD = 86_400
MAX_DEEMED_PERIOD = 365 * 86_400


class AnchorStatus(IntEnum):
    NONE = 0
    ACTIVE = 1
    REVOKED = 2
    SUPERSEDED = 3


class ServiceStatus(IntEnum):
    NONE = 0
    PENDING = 1
    ACKNOWLEDGED = 2
    DEEMED_SERVED = 3


class ServiceMethod(IntEnum):
    NONE = 0
    ELECTRONIC = 1
    PERSONAL = 2
    POST = 3
    PUBLICATION = 4


def parse_enum(enum: type[IntEnum], text: str, what: str) -> Any:
    """A member of `enum` from a user's spelling (`case-file`, `CASE_FILE`), never NONE."""
    key = text.strip().upper().replace("-", "_")
    if key in enum.__members__ and key != "NONE":
        return enum[key]
    known = ", ".join(m.name.lower().replace("_", "-") for m in enum if m.name != "NONE")
    raise InputError(f"unknown {what} {text!r}; known: {known}")


@dataclass(frozen=True)
class Verification:
    """Everything a verifier needs about one anchor of a document (one entry of `verify`/`verifyBatchMember`)."""

    status: AnchorStatus
    content_hash: bytes
    root: bytes
    kind: DocumentKind
    capacity: Capacity
    role: AnchorRole
    submitter: str
    member_id: int
    anchored_at: int
    case_id: int
    revoked_at: int
    revoked_by: str
    superseded_by: bytes

    @property
    def on_chain(self) -> bool:
        return self.status != AnchorStatus.NONE

    @property
    def in_batch(self) -> bool:
        return self.root != ZERO32

    @property
    def capacity_text(self) -> str:
        """`party`, or the institutional role it anchored under (`clerk`, `judge`, ...)."""
        if self.capacity == Capacity.PARTY:
            return "party"
        return self.role.name.lower().replace("_", "-")


@dataclass(frozen=True)
class Anchors:
    """Every anchor of one document (or batch member): one `Verification` per anchoring account, in anchoring order.
    Any number of accounts may anchor the same hash; a verifier reads all of them, with their capacities."""

    content_hash: bytes
    root: bytes
    anchors: tuple[Verification, ...]

    @property
    def on_chain(self) -> bool:
        return bool(self.anchors)

    @property
    def in_batch(self) -> bool:
        return self.root != ZERO32

    @property
    def active(self) -> tuple[Verification, ...]:
        return tuple(a for a in self.anchors if a.status == AnchorStatus.ACTIVE)

    @property
    def institutional(self) -> tuple[Verification, ...]:
        return tuple(a for a in self.anchors if a.capacity == Capacity.INSTITUTION)

    @property
    def status(self) -> AnchorStatus:
        """ACTIVE if any anchor is in force; else the status of the latest anchor; NONE if there is none."""
        if not self.anchors:
            return AnchorStatus.NONE
        if self.active:
            return AnchorStatus.ACTIVE
        return self.anchors[-1].status

    def by(self, account: str) -> Verification | None:
        """The anchor made by `account`, if any."""
        for a in self.anchors:
            if a.submitter.lower() == account.lower():
                return a
        return None

    def __iter__(self) -> Iterator[Verification]:
        return iter(self.anchors)

    def __len__(self) -> int:
        return len(self.anchors)


@dataclass(frozen=True)
class Service:
    id: int
    document_hash: bytes
    recipient: bytes
    server: str
    served_at: int
    deemed_served_at: int
    method: ServiceMethod
    case_id: int
    recipient_account: str
    receipt_hash: bytes
    acknowledged_at: int
    acknowledged_by: str
    by_signature: bool
    status: ServiceStatus


@dataclass(frozen=True)
class Batch:
    root: bytes
    count: int
    tree: MerkleTree
    sent: Sent


def parse_anchor_role(role: AnchorRole | str | None) -> AnchorRole:
    """`None` (or `party`) anchors as a party; otherwise one of the anchoring roles, by enum or name."""
    if role is None or role == "" or role == "party":
        return AnchorRole.NONE
    if isinstance(role, AnchorRole):
        return role
    key = role.upper().replace("-", "_")
    if key not in ANCHORING_ROLES:
        known = ", ".join(r.lower().replace("_", "-") for r in ANCHORING_ROLES)
        raise InputError(f"role {role!r} does not anchor; anchoring roles: {known}")
    return AnchorRole[key]


def _case(case_id: int) -> int:
    if not 0 <= case_id <= MAX_CASE_ID:
        raise InputError(f"case id must be between 0 and {MAX_CASE_ID}, got {case_id}")
    return case_id


class EvidenceClient(ContractClient):
    contract_name = "EvidenceRegistry"

    # -- anchoring -------------------------------------------------------------------------------------------------

    def _check_kind(self, kind: DocumentKind, role: AnchorRole) -> None:
        if kind == DocumentKind.NONE:
            raise InputError("document kind must not be NONE")
        if role == AnchorRole.NONE and kind != DocumentKind.EVIDENCE:
            raise InputError(f"a party anchors evidence only, not {kind.name.lower()} (give the role you act under)")
        if kind not in KINDS_BY_ROLE[role]:
            allowed = ", ".join(sorted(k.name.lower().replace("_", "-") for k in KINDS_BY_ROLE[role]))
            raise InputError(
                f"a {role.name.lower().replace('_', '-')} does not anchor {kind.name.lower().replace('_', '-')} "
                f"documents (it anchors: {allowed})"
            )

    def anchor(
        self, content_hash: bytes | str, kind: DocumentKind, case_id: int = 0, role: AnchorRole | str | None = None
    ) -> Sent:
        """Anchor one document; `role` None anchors as a party (evidence only)."""
        h = check_hash(content_hash, "content hash")
        r = parse_anchor_role(role)
        self._check_kind(kind, r)
        return self.transact("anchor", h, int(kind), _case(case_id), int(r))

    def anchor_many(
        self,
        content_hashes: Sequence[bytes | str],
        kind: DocumentKind,
        case_id: int = 0,
        role: AnchorRole | str | None = None,
        *,
        gas: int | None = None,
    ) -> list[Sent]:
        """Anchor several documents, one transaction each, pipelined (all signed and broadcast, then the receipts
        collected). `gas` per transaction skips the estimates; without it they are estimated in one batch request."""
        r = parse_anchor_role(role)
        self._check_kind(kind, r)
        hashes = [check_hash(h, "content hash") for h in content_hashes]
        if len(set(hashes)) != len(hashes):
            raise InputError("the same document is listed twice")
        case = _case(case_id)
        calls = [self.prepare("anchor", h, int(kind), case, int(r), gas=gas) for h in hashes]
        return self.transact_many(calls)

    def anchor_batch(
        self,
        content_hashes: Sequence[bytes],
        kind: DocumentKind,
        case_id: int = 0,
        role: AnchorRole | str | None = None,
    ) -> Batch:
        """Build the Merkle tree of the documents and anchor its root in one transaction."""
        r = parse_anchor_role(role)
        self._check_kind(kind, r)
        tree = MerkleTree(content_hashes)
        if tree.size > MAX_BATCH:
            raise InputError(f"a batch holds at most {MAX_BATCH} documents")
        sent = self.transact("anchorBatch", tree.root, tree.size, int(kind), _case(case_id), int(r))
        return Batch(tree.root, tree.size, tree, sent)

    def revoke(self, content_hash: bytes | str, superseded_by: bytes | str | None = None) -> Sent:
        """Revoke (or supersede) this account's own anchor of the document."""
        h = check_hash(content_hash, "content hash")
        s = ZERO32 if superseded_by is None else check_hash(superseded_by, "superseding hash")
        if self.account is not None and not self.verify_by(h, self.account.address).on_chain:
            raise NotFoundError(f"0x{h.hex()} is not anchored as a single document by {self.account.address}")
        return self.transact("revoke", h, s)

    def revoke_batch_member(
        self, root: bytes, content_hash: bytes, proof: Sequence[bytes], superseded_by: bytes | None = None
    ) -> Sent:
        if not verify_proof(content_hash, proof, root):
            raise InputError("the proof does not lead from the document to the root")
        return self.transact("revokeBatchMember", root, content_hash, list(proof), superseded_by or ZERO32)

    # -- service of process ------------------------------------------------------------------------------------------

    def serve(
        self,
        document_hash: bytes | str,
        recipient: bytes | str,
        deemed_served_at: int,
        *,
        case_id: int = 0,
        recipient_account: str | None = None,
        method: ServiceMethod = ServiceMethod.ELECTRONIC,
    ) -> tuple[int, Sent]:
        doc = check_hash(document_hash, "document hash")
        rec = check_hash(recipient, "recipient commitment")
        if rec == ZERO32:
            raise InputError("recipient commitment must not be zero")
        if method == ServiceMethod.NONE:
            raise InputError("service method must not be NONE")
        account = check_address(recipient_account, "recipient account") if recipient_account else "0x" + "00" * 20
        period = self.min_deemed_period()
        if deemed_served_at < self.suite.chain.timestamp() + period:
            raise InputError(f"the deemed-service time must lie at least {period} s after the service")
        sent = self.transact("serve", doc, _case(case_id), rec, account, int(method), deemed_served_at)
        return int(sent.event("Served").args["serviceId"]), sent

    def acknowledge(self, service_id: int, receipt_hash: bytes | str) -> Sent:
        h = check_hash(receipt_hash, "receipt hash")
        s = self.service(service_id)
        if s.acknowledged_at:
            raise InputError(f"service {service_id} was already acknowledged")
        return self.transact("acknowledge", service_id, h)

    def acknowledgement_typed_data(
        self,
        service_id: int,
        receipt_hash: bytes,
        nonce: int,
        deadline: int,
        *,
        chain_id: int | None = None,
        verifying_contract: str | None = None,
    ) -> dict[str, Any]:
        return {
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"},
                    {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"},
                ],
                "Acknowledgement": [
                    {"name": "serviceId", "type": "uint256"},
                    {"name": "receiptHash", "type": "bytes32"},
                    {"name": "nonce", "type": "uint256"},
                    {"name": "deadline", "type": "uint256"},
                ],
            },
            "primaryType": "Acknowledgement",
            "domain": {
                "name": EIP712_NAME,
                "version": EIP712_VERSION,
                "chainId": self.suite.chain.chain_id if chain_id is None else chain_id,
                "verifyingContract": verifying_contract or self.address,
            },
            "message": {"serviceId": service_id, "receiptHash": receipt_hash, "nonce": nonce, "deadline": deadline},
        }

    def sign_acknowledgement(
        self,
        signer: LocalAccount,
        service_id: int,
        receipt_hash: bytes | str,
        deadline: int,
        *,
        nonce: int | None = None,
        chain_id: int | None = None,
        verifying_contract: str | None = None,
    ) -> bytes:
        """The recipient's EIP-712 signature (made off chain, by the recipient's own key)."""
        h = check_hash(receipt_hash, "receipt hash")
        n = self.nonce(signer.address) if nonce is None else nonce
        data = self.acknowledgement_typed_data(
            service_id, h, n, deadline, chain_id=chain_id, verifying_contract=verifying_contract
        )
        return bytes(signer.sign_message(encode_typed_data(full_message=data)).signature)

    def acknowledge_by_sig(self, service_id: int, receipt_hash: bytes | str, deadline: int, signature: bytes) -> Sent:
        """Relay (as a court account) a recipient's signed acknowledgement."""
        h = check_hash(receipt_hash, "receipt hash")
        self.service(service_id)
        return self.transact("acknowledgeBySig", service_id, h, deadline, signature)

    def set_min_deemed_period(self, seconds: int) -> Action:
        """An action for a hub proposal: the shortest period between a service and its deemed-service time."""
        if not MIN_DEEMED_PERIOD <= seconds <= MAX_DEEMED_PERIOD:
            raise InputError(f"the deemed-service period must be {MIN_DEEMED_PERIOD} to {MAX_DEEMED_PERIOD} s")
        data = self.call_data("setMinDeemedPeriod", seconds)
        return ConsortiumClient.suite_call(self.address, data, f"EvidenceRegistry.setMinDeemedPeriod({seconds} s)")

    def use_nonce(self) -> tuple[int, Sent]:
        """Burn this account's current EIP-712 nonce (a signed acknowledgement not yet relayed becomes unusable)."""
        sent = self.transact("useNonce")
        return int(sent.event("NonceUsed").args["nonce"]), sent

    # -- views -----------------------------------------------------------------------------------------------------

    @staticmethod
    def _verification(v: Any) -> Verification:
        return Verification(
            status=AnchorStatus(v[0]),
            content_hash=bytes(v[1]),
            root=bytes(v[2]),
            kind=DocumentKind(v[3]),
            capacity=Capacity(v[4]),
            role=AnchorRole(v[5]),
            submitter=str(v[6]),
            member_id=int(v[7]),
            anchored_at=int(v[8]),
            case_id=int(v[9]),
            revoked_at=int(v[10]),
            revoked_by=str(v[11]),
            superseded_by=bytes(v[12]),
        )

    def verify(self, content_hash: bytes | str, *, page: int = VERIFY_PAGE) -> Anchors:
        """Every anchor of a single document, read page by page (any number of accounts may anchor a hash)."""
        h = check_hash(content_hash, "content hash")
        out: list[Verification] = []
        while True:  # one eth_call unless the hash has more than `page` anchors
            got = self.view("verify", h, len(out), page)
            out.extend(self._verification(v) for v in got)
            if len(got) < page:
                return Anchors(h, ZERO32, tuple(out))

    def verify_by(self, content_hash: bytes | str, anchorer: str) -> Verification:
        """One account's anchor of a single document (status NONE if it has none)."""
        h = check_hash(content_hash, "content hash")
        return self._verification(self.view("verifyBy", h, check_address(anchorer, "anchoring account")))

    def verify_batch_member(
        self, root: bytes, content_hash: bytes, proof: Sequence[bytes], *, page: int = VERIFY_PAGE
    ) -> Anchors:
        """Every anchor of a batch root, for one of its documents; empty when the proof fails."""
        r = check_hash(root, "root")
        h = check_hash(content_hash)
        out: list[Verification] = []
        while True:
            got = self.view("verifyBatchMember", r, h, list(proof), len(out), page)
            out.extend(self._verification(v) for v in got)
            if len(got) < page:
                return Anchors(h, r, tuple(out))

    def anchor_count(self, content_hash: bytes | str) -> int:
        return int(self.view("anchorCount", check_hash(content_hash, "content hash")))

    def batch_anchor_count(self, root: bytes | str) -> int:
        return int(self.view("batchAnchorCount", check_hash(root, "root")))

    def may_anchor(self, role: AnchorRole, kind: DocumentKind) -> bool:
        return bool(self.view("mayAnchor", int(role), int(kind)))

    def min_deemed_period(self) -> int:
        return int(self.view("minDeemedPeriod"))

    def leaf_of(self, content_hash: bytes) -> bytes:
        return bytes(self.view("leafOf", content_hash))

    def service_count(self) -> int:
        return int(self.view("serviceCount"))

    def service(self, service_id: int) -> Service:
        count = self.service_count()
        if not 1 <= service_id <= count:
            raise NotFoundError(f"no service {service_id} (there are {count})")
        s = self.view("getService", service_id)
        status = ServiceStatus(self.view("serviceStatus", service_id))
        return Service(
            service_id,
            bytes(s[0]),
            bytes(s[1]),
            s[2],
            s[3],
            s[4],
            ServiceMethod(s[5]),
            s[6],
            s[7],
            bytes(s[8]),
            s[9],
            s[10],
            bool(s[11]),
            status,
        )

    def service_status(self, service_id: int) -> ServiceStatus:
        return self.service(service_id).status

    def nonce(self, signer: str) -> int:
        return int(self.view("nonces", check_address(signer, "signer")))

    def domain_separator(self) -> bytes:
        return bytes(self.view("domainSeparator"))

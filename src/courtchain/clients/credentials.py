"""Typed client of CredentialRegistry: professional credentials (lawyer licence, legal-aid worker, mediator, notary,
appraiser) issued by licensing members, two-person status changes and discipline, and W3C Verifiable Credential
export and verification (EIP-712, signed by the issuing account; status always read from the chain).

A credential names its holder by account and by a salted commitment to the licence number and the name
(`credential_commitment`): the number and the name never go on chain. The licence number is checked before it is
committed (`check_licence_number`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from eth_abi import encode
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address

from ..errors import InputError, NotFoundError
from ..signers import SigningAccount
from ..suite import Suite
from .base import ContractClient, Sent, check_address, check_hash
from .consortium import Action, ConsortiumClient, MemberKind, MemberStatus

DAY = 24 * 3600
COMMITMENT_DOMAIN = "courtchain.credential.v1"


class CredentialKind(IntEnum):
    NONE = 0
    LAWYER_LICENCE = 1
    LEGAL_AID_WORKER = 2
    MEDIATOR = 3
    NOTARY = 4
    APPRAISER = 5


class CredentialStatus(IntEnum):
    NONE = 0
    PRACTISING = 1
    SUSPENDED = 2
    REVOKED = 3
    CANCELLED = 4


class Validity(IntEnum):
    VALID = 0
    UNKNOWN = 1
    NOT_HOLDER = 2
    SUSPENDED = 3
    REVOKED = 4
    CANCELLED = 5
    EXPIRED = 6
    BARRED = 7


class DisciplineType(IntEnum):
    NONE = 0
    ADMONITION = 1
    WARNING = 2
    CIRCULATED_CRITICISM = 3
    PUBLIC_CENSURE = 4
    SUSPENSION_OF_RIGHTS = 5
    EXPULSION = 6


class ActionKind(IntEnum):
    NONE = 0
    SUSPEND = 1
    REINSTATE = 2
    REVOKE = 3
    CANCEL = 4
    DISCIPLINE = 5


class AgentAct(IntEnum):
    """ICaseDocket.AgentAct: what an agent did with a credential."""

    NONE = 0
    FILING = 1
    MATERIALS = 2


# Chinese first: what a person reads.
KIND_TEXT = {
    CredentialKind.LAWYER_LICENCE: "律师执业证 lawyer licence",
    CredentialKind.LEGAL_AID_WORKER: "法律援助人员 legal-aid worker",
    CredentialKind.MEDIATOR: "调解员 mediator",
    CredentialKind.NOTARY: "公证员 notary",
    CredentialKind.APPRAISER: "司法鉴定人 appraiser / judicial expert",
}
STATUS_TEXT = {
    CredentialStatus.PRACTISING: "执业 practising",
    CredentialStatus.SUSPENDED: "停止执业 suspended",
    CredentialStatus.REVOKED: "吊销 revoked",
    CredentialStatus.CANCELLED: "注销 cancelled",
}
VALIDITY_TEXT = {
    Validity.VALID: "有效 valid",
    Validity.UNKNOWN: "无此证书 no such credential",
    Validity.NOT_HOLDER: "非持证人 not the holder's",
    Validity.SUSPENDED: "停止执业 suspended",
    Validity.REVOKED: "吊销 revoked",
    Validity.CANCELLED: "注销 cancelled",
    Validity.EXPIRED: "已过有效期 expired (annual assessment due)",
    Validity.BARRED: "受处分期间 barred by discipline",
}
DISCIPLINE_TEXT = {
    DisciplineType.ADMONITION: "训诫 admonition",
    DisciplineType.WARNING: "警告 warning",
    DisciplineType.CIRCULATED_CRITICISM: "通报批评 circulated criticism",
    DisciplineType.PUBLIC_CENSURE: "公开谴责 public censure",
    DisciplineType.SUSPENSION_OF_RIGHTS: "中止会员权利 suspension of membership rights",
    DisciplineType.EXPULSION: "取消会员资格 expulsion",
}

KIND_NAMES = {
    "lawyer": CredentialKind.LAWYER_LICENCE,
    "legal-aid": CredentialKind.LEGAL_AID_WORKER,
    "mediator": CredentialKind.MEDIATOR,
    "notary": CredentialKind.NOTARY,
    "appraiser": CredentialKind.APPRAISER,
}
DISCIPLINE_NAMES = {
    "admonition": DisciplineType.ADMONITION,
    "warning": DisciplineType.WARNING,
    "criticism": DisciplineType.CIRCULATED_CRITICISM,
    "censure": DisciplineType.PUBLIC_CENSURE,
    "suspension": DisciplineType.SUSPENSION_OF_RIGHTS,
    "expulsion": DisciplineType.EXPULSION,
}

# Who issues and who disciplines what, set by governance at deployment (deploy.SUITE); change it with a hub
# proposal (`set_authority`). (member kind, credential kind, may issue, may discipline)
DEFAULT_AUTHORITY: tuple[tuple[MemberKind, CredentialKind, bool, bool], ...] = (
    (MemberKind.JUSTICE_BUREAU, CredentialKind.LAWYER_LICENCE, True, True),
    (MemberKind.JUSTICE_BUREAU, CredentialKind.LEGAL_AID_WORKER, True, True),
    (MemberKind.JUSTICE_BUREAU, CredentialKind.NOTARY, True, True),
    (MemberKind.JUSTICE_BUREAU, CredentialKind.APPRAISER, True, True),
    (MemberKind.BAR_ASSOCIATION, CredentialKind.LAWYER_LICENCE, False, True),
    (MemberKind.MEDIATION_CENTRE, CredentialKind.MEDIATOR, True, True),
    (MemberKind.NOTARY, CredentialKind.NOTARY, False, True),
)


def parse_kind(text: str) -> CredentialKind:
    key = text.strip().lower().replace("_", "-")
    aliases = {"lawyer-licence": "lawyer", "legal-aid-worker": "legal-aid", "expert": "appraiser"}
    key = aliases.get(key, key)
    if key.isdigit() and 1 <= int(key) <= 5:
        return CredentialKind(int(key))
    if key not in KIND_NAMES:
        raise InputError(f"unknown credential kind {text!r}; known: {', '.join(KIND_NAMES)}")
    return KIND_NAMES[key]


def parse_discipline(text: str) -> DisciplineType:
    key = text.strip().lower().replace("_", "-")
    if key.isdigit() and 1 <= int(key) <= 6:
        return DisciplineType(int(key))
    if key not in DISCIPLINE_NAMES:
        raise InputError(f"unknown discipline type {text!r}; known: {', '.join(DISCIPLINE_NAMES)}")
    return DISCIPLINE_NAMES[key]


# -- licence numbers and commitments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicenceNumber:
    """A checked licence (practising certificate) number: 17 digits in the current scheme, 12 in the older one; the
    first digit is the certificate type code."""

    number: str
    scheme: str  # "current" (17 digits) or "older" (12 digits)
    certificate_type: int


def check_licence_number(text: str) -> LicenceNumber:
    """Normalise (full-width digits, spaces and hyphens) and check a licence number's format; InputError if bad."""
    number = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or ""))
    if not number:
        raise InputError("licence number is empty")
    if not number.isascii() or not number.isdigit():
        raise InputError(f"a licence number has digits only, got {text!r}")
    if len(number) == 17:
        scheme = "current"
    elif len(number) == 12:
        scheme = "older"
    else:
        raise InputError(
            f"a licence number has 17 digits (current scheme) or 12 (older scheme), got {len(number)} in {text!r}"
        )
    if number[0] == "0":
        raise InputError(f"a licence number starts with its certificate type (1-9), got 0 in {text!r}")
    return LicenceNumber(number, scheme, int(number[0]))


def normalise_name(name: str) -> str:
    """A person's name as committed: NFKC, inner whitespace removed (Chinese names carry none), outer stripped."""
    n = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    if not n:
        raise InputError("the holder's name is empty")
    return n


def credential_commitment(salt: bytes, kind: CredentialKind, licence_number: str, name: str) -> bytes:
    """keccak256(abi.encode("courtchain.credential.v1", salt, kind, licenceNumber, name)), the number checked and the
    name normalised first. The salt (32 random bytes, kept off chain) stops enumeration of known numbers."""
    if len(salt) != 32:
        raise InputError("salt must be 32 bytes")
    if kind == CredentialKind.NONE:
        raise InputError("credential kind must not be NONE")
    number = check_licence_number(licence_number).number
    data = encode(
        ["string", "bytes32", "uint8", "string", "string"],
        [COMMITMENT_DOMAIN, salt, int(kind), number, normalise_name(name)],
    )
    return bytes(keccak(data))


def encode_category(code: str) -> bytes:
    raw = (code or "").strip().encode()
    if len(raw) > 32:
        raise InputError(f"a category code is at most 32 bytes of UTF-8, got {len(raw)}")
    return raw.ljust(32, b"\0")


def decode_category(raw: bytes) -> str:
    return bytes(raw).rstrip(b"\0").decode(errors="replace")


# -- records -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credential:
    id: int
    holder: str
    kind: CredentialKind
    status: CredentialStatus
    issuer_member: int
    issuer: str
    issued_at: int
    valid_until: int
    barred_until: int
    status_changed_at: int
    commitment: bytes
    category: str
    firm: str

    @classmethod
    def from_tuple(cls, credential_id: int, t: Sequence[Any]) -> Credential:
        return cls(
            credential_id,
            str(t[0]),
            CredentialKind(t[1]),
            CredentialStatus(t[2]),
            int(t[3]),
            str(t[4]),
            int(t[5]),
            int(t[6]),
            int(t[7]),
            int(t[8]),
            bytes(t[9]),
            decode_category(bytes(t[10])),
            str(t[11]),
        )


@dataclass(frozen=True)
class Discipline:
    id: int
    credential_id: int
    type: DisciplineType
    member: int
    recorded_at: int
    public_until: int
    barred_until: int
    decision_hash: bytes

    def public_at(self, now: int) -> bool:
        return self.recorded_at <= now < self.public_until


@dataclass(frozen=True)
class PendingAction:
    id: int
    credential_id: int
    kind: ActionKind
    discipline_type: DisciplineType
    done: bool
    member: int
    proposer: str
    proposed_at: int
    until: int
    public_until: int
    decision_hash: bytes


@dataclass(frozen=True)
class IssuerState:
    member: int
    status: MemberStatus
    authorised: bool
    name: str


@dataclass(frozen=True)
class Standing:
    """What a verifier is told: the record, whether it is valid now (and why not), the issuer's state and the
    discipline records public now."""

    credential: Credential
    validity: Validity
    issuer: IssuerState
    public_discipline: tuple[Discipline, ...]
    checked_at: int


class CredentialClient(ContractClient):
    contract_name = "CredentialRegistry"

    # -- governance actions ----------------------------------------------------------------------------------------

    def set_authority(
        self, member_kind: MemberKind, kind: CredentialKind, can_issue: bool, can_discipline: bool
    ) -> Action:
        """An action for a hub proposal: whether members of `member_kind` issue / discipline `kind`."""
        if member_kind == MemberKind.NONE or kind == CredentialKind.NONE:
            raise InputError("member kind and credential kind must not be NONE")
        data = self.call_data("setAuthority", int(member_kind), int(kind), can_issue, can_discipline)
        return ConsortiumClient.suite_call(
            self.address, data, f"CredentialRegistry.setAuthority({member_kind.name}, {kind.name})"
        )

    # -- issuing ---------------------------------------------------------------------------------------------------

    def issue(
        self,
        holder: str,
        kind: CredentialKind,
        commitment: bytes | str,
        firm: str,
        category: str,
        valid_until: int,
    ) -> tuple[int, Sent]:
        """Issue a credential (as a REGISTRAR of a licensing member); returns (credential id, sent)."""
        holder = check_address(holder, "holder")
        if kind == CredentialKind.NONE:
            raise InputError("credential kind must not be NONE")
        c = check_hash(commitment, "commitment")
        if c == bytes(32):
            raise InputError("the commitment must not be zero")
        if not firm.strip():
            raise InputError("the practising firm or institution is empty")
        now = self.suite.chain.timestamp()
        if valid_until <= now:
            raise InputError("the validity must end in the future")
        sent = self.transact("issue", holder, int(kind), c, firm.strip(), encode_category(category), valid_until)
        return int(sent.event("CredentialIssued").args["credentialId"]), sent

    def renew(self, credential_id: int, valid_until: int) -> Sent:
        self.credential(credential_id)
        return self.transact("renew", credential_id, valid_until)

    # -- two-person actions ----------------------------------------------------------------------------------------

    def propose(
        self,
        credential_id: int,
        kind: ActionKind,
        decision_hash: bytes | str,
        reason: str,
        *,
        discipline: DisciplineType = DisciplineType.NONE,
        until: int = 0,
        public_until: int = 0,
    ) -> tuple[int, Sent]:
        """Propose a status change or a discipline record; another REGISTRAR of the same member approves it."""
        if kind == ActionKind.NONE:
            raise InputError("action kind must not be NONE")
        if not reason.strip():
            raise InputError("a reason is required")
        h = check_hash(decision_hash, "decision hash")
        if h == bytes(32):
            raise InputError("the decision hash must not be zero")
        if kind == ActionKind.DISCIPLINE and discipline == DisciplineType.NONE:
            raise InputError("a discipline record needs its type")
        self.credential(credential_id)
        sent = self.transact(
            "proposeAction", credential_id, int(kind), int(discipline), until, public_until, h, reason.strip()
        )
        return int(sent.event("ActionProposed").args["actionId"]), sent

    def approve(self, action_id: int) -> Sent:
        return self.transact("approveAction", action_id)

    # -- views -----------------------------------------------------------------------------------------------------

    def authority(self, member_kind: MemberKind, kind: CredentialKind) -> tuple[bool, bool]:
        issue, discipline = self.view("authority", int(member_kind), int(kind))
        return bool(issue), bool(discipline)

    def credential_count(self) -> int:
        return int(self.view("credentialCount"))

    def credential(self, credential_id: int) -> Credential:
        if not 1 <= credential_id <= self.credential_count():
            raise NotFoundError(f"no credential {credential_id}")
        return Credential.from_tuple(credential_id, self.view("getCredential", credential_id))

    def credential_of(self, holder: str, kind: CredentialKind) -> int:
        return int(self.view("credentialOf", check_address(holder, "holder"), int(kind)))

    def validity(self, credential_id: int) -> Validity:
        return Validity(self.view("validity", credential_id))

    def check_agent(self, account: str, credential_id: int) -> Validity:
        return Validity(self.view("checkAgent", check_address(account, "account"), credential_id))

    def is_valid(self, account: str, kind: CredentialKind) -> bool:
        return bool(self.view("isValid", check_address(account, "account"), int(kind)))

    def valid_credential(self, account: str) -> int:
        return int(self.view("validCredential", check_address(account, "account")))

    def issuer_state(self, credential_id: int) -> IssuerState:
        member, status, authorised = self.view("issuerState", credential_id)
        name = ConsortiumClient(self.suite).member(int(member)).name
        return IssuerState(int(member), MemberStatus(status), bool(authorised), name)

    def discipline(self, discipline_id: int) -> Discipline:
        t = self.view("getDiscipline", discipline_id)
        return Discipline(
            discipline_id, int(t[0]), DisciplineType(t[1]), int(t[2]), int(t[3]), int(t[4]), int(t[5]), bytes(t[6])
        )

    def disciplines(self, credential_id: int) -> list[Discipline]:
        return [self.discipline(int(i)) for i in self.view("disciplinesOf", credential_id)]

    def action(self, action_id: int) -> PendingAction:
        if not 1 <= action_id <= int(self.view("actionCount")):
            raise NotFoundError(f"no credential action {action_id}")
        t = self.view("getAction", action_id)
        return PendingAction(
            action_id,
            int(t[0]),
            ActionKind(t[1]),
            DisciplineType(t[2]),
            bool(t[3]),
            int(t[4]),
            str(t[5]),
            int(t[6]),
            int(t[7]),
            int(t[8]),
            bytes(t[9]),
        )

    def standing(self, credential_id: int) -> Standing:
        """Everything a verifier is told, read from the chain now."""
        c = self.credential(credential_id)
        now = self.suite.chain.timestamp()
        public = tuple(d for d in self.disciplines(credential_id) if d.public_at(now))
        return Standing(c, self.validity(credential_id), self.issuer_state(credential_id), public, now)


# -- W3C Verifiable Credentials ------------------------------------------------------------------------------------

VC_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_TYPE = "CourtchainProfessionalCredential"
PROOF_TYPE = "EthereumEip712Signature2021"
EIP712_TYPES = {
    "EIP712Domain": [
        {"name": "name", "type": "string"},
        {"name": "version", "type": "string"},
        {"name": "chainId", "type": "uint256"},
        {"name": "verifyingContract", "type": "address"},
    ],
    "ProfessionalCredential": [
        {"name": "credentialId", "type": "uint256"},
        {"name": "holder", "type": "address"},
        {"name": "kind", "type": "uint8"},
        {"name": "commitment", "type": "bytes32"},
        {"name": "issuerMember", "type": "uint32"},
        {"name": "validUntil", "type": "uint64"},
        {"name": "documentHash", "type": "bytes32"},
    ],
}


class VerificationError(InputError):
    """A Verifiable Credential file is malformed, or its signature or content does not match the chain."""


def _did(chain_id: int, account: str) -> str:
    return f"did:pkh:eip155:{chain_id}:{to_checksum_address(account)}"


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_hash(vc: dict[str, Any]) -> bytes:
    """keccak256 of the credential's canonical JSON (sorted keys, no spaces, UTF-8) without `proof.proofValue`:
    the signature covers every character of the document except itself."""
    body = json.loads(json.dumps(vc))
    proof = body.get("proof")
    if isinstance(proof, dict):
        proof.pop("proofValue", None)
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return bytes(keccak(canonical.encode()))


def _typed(chain_id: int, registry: str, message: dict[str, Any]) -> dict[str, Any]:
    return {
        "types": EIP712_TYPES,
        "primaryType": "ProfessionalCredential",
        "domain": {
            "name": "courtchain CredentialRegistry",
            "version": "1",
            "chainId": chain_id,
            "verifyingContract": to_checksum_address(registry),
        },
        "message": message,
    }


def export_vc(
    client: CredentialClient,
    credential_id: int,
    issuer: SigningAccount,
    *,
    disclosure: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The credential as a W3C Verifiable Credential signed by `issuer` (the account that issued it) with EIP-712.
    `disclosure` (licenceNumber, name, salt) lets the holder show what the commitment binds; omit it to disclose
    nothing but the commitment."""
    if not isinstance(issuer, LocalAccount):
        raise InputError("exporting a Verifiable Credential needs the issuer's local key (keystore, env or dev)")
    c = client.credential(credential_id)
    if to_checksum_address(issuer.address) != to_checksum_address(c.issuer):
        raise InputError(f"credential {credential_id} was issued by {c.issuer}, not by {issuer.address}")
    chain_id = client.suite.chain.chain_id
    subject: dict[str, Any] = {
        "id": _did(chain_id, c.holder),
        "kind": c.kind.name.lower(),
        "kindText": KIND_TEXT[c.kind],
        "commitment": "0x" + c.commitment.hex(),
        "firm": c.firm,
        "category": c.category,
    }
    if disclosure is not None:
        salt = bytes.fromhex(str(disclosure.get("salt", "")).removeprefix("0x"))
        if credential_commitment(salt, c.kind, disclosure["licenceNumber"], disclosure["name"]) != c.commitment:
            raise InputError("the disclosed licence number, name and salt do not match the credential's commitment")
        subject["disclosure"] = {
            "licenceNumber": check_licence_number(disclosure["licenceNumber"]).number,
            "name": normalise_name(disclosure["name"]),
            "salt": "0x" + salt.hex(),
        }
    vc: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "type": ["VerifiableCredential", VC_TYPE],
        "id": f"urn:courtchain:credential:{chain_id}:{client.address}:{credential_id}",
        "issuer": {
            "id": _did(chain_id, c.issuer),
            "member": c.issuer_member,
            "name": client.issuer_state(credential_id).name,
        },
        "issuanceDate": _iso(c.issued_at),
        "expirationDate": _iso(c.valid_until),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"eip155:{chain_id}:{client.address}#{credential_id}",
            "type": "CourtchainCredentialRegistry",
            "chainId": chain_id,
            "registry": client.address,
            "credentialId": credential_id,
        },
        "proof": {
            "type": PROOF_TYPE,
            "created": _iso(client.suite.chain.timestamp()),
            "proofPurpose": "assertionMethod",
            "verificationMethod": _did(chain_id, c.issuer) + "#blockchainAccountId",
        },
    }
    typed = _typed(chain_id, client.address, _message(c, document_hash(vc)))
    signed = issuer.sign_message(encode_typed_data(full_message=typed))
    vc["proof"]["proofValue"] = "0x" + bytes(signed.signature).hex()
    return vc


def _message(c: Credential, doc_hash: bytes) -> dict[str, Any]:
    return {
        "credentialId": c.id,
        "holder": to_checksum_address(c.holder),
        "kind": int(c.kind),
        "commitment": c.commitment,
        "issuerMember": c.issuer_member,
        "validUntil": c.valid_until,
        "documentHash": doc_hash,
    }


@dataclass(frozen=True)
class VerifiedCredential:
    """A Verifiable Credential whose signature is the issuing account's and whose content matches the chain, with
    its standing read from the chain now (a VC verifies even when the credential is no longer valid: `standing`
    says so)."""

    standing: Standing
    signer: str
    disclosed: bool


def verify_vc(suite: Suite, vc: Any) -> VerifiedCredential:
    """Check a VC locally against the chain (nothing is sent anywhere); VerificationError if it does not verify."""
    try:
        status = vc["credentialStatus"]
        chain_id = int(status["chainId"])
        registry = check_address(str(status["registry"]), "registry")
        credential_id = int(status["credentialId"])
        proof_value = str(vc["proof"]["proofValue"])
        subject = vc["credentialSubject"]
        signature = bytes.fromhex(proof_value.removeprefix("0x"))
    except (KeyError, TypeError, ValueError) as exc:
        raise VerificationError(f"not a courtchain Verifiable Credential: {exc!r} missing or malformed") from None
    if chain_id != suite.chain.chain_id:
        raise VerificationError(f"the credential is for chain {chain_id}; this node is chain {suite.chain.chain_id}")
    client = CredentialClient(suite)
    if to_checksum_address(registry) != to_checksum_address(client.address):
        raise VerificationError(f"the credential names registry {registry}, not this suite's {client.address}")
    try:
        c = client.credential(credential_id)
    except NotFoundError:
        raise VerificationError(f"credential {credential_id} does not exist on chain {chain_id}") from None
    typed = _typed(chain_id, registry, _message(c, document_hash(vc)))
    try:
        signer = Account.recover_message(encode_typed_data(full_message=typed), signature=signature)
    except Exception:
        raise VerificationError("the signature is malformed") from None
    if to_checksum_address(signer) != to_checksum_address(c.issuer):
        raise VerificationError(
            "the signature is not the issuer's: the document was altered, or signed by another account"
        )
    # The signature covers the document; the document must also say what the chain says.
    expected = {
        "credentialSubject.id": (subject.get("id"), _did(chain_id, c.holder)),
        "credentialSubject.commitment": (subject.get("commitment"), "0x" + c.commitment.hex()),
        "credentialSubject.kind": (subject.get("kind"), c.kind.name.lower()),
        "issuer.id": (vc.get("issuer", {}).get("id"), _did(chain_id, c.issuer)),
    }
    for where, (got, want) in expected.items():
        if got != want:
            raise VerificationError(f"{where} is {got!r}, the chain says {want!r}")
    disclosed = "disclosure" in subject
    if disclosed:
        d = subject["disclosure"]
        try:
            salt = bytes.fromhex(str(d["salt"]).removeprefix("0x"))
            ok = credential_commitment(salt, c.kind, str(d["licenceNumber"]), str(d["name"])) == c.commitment
        except (KeyError, ValueError, InputError):
            ok = False
        if not ok:
            raise VerificationError("the disclosed licence number and name do not match the commitment")
    return VerifiedCredential(client.standing(credential_id), to_checksum_address(signer), disclosed)


def standing_json(s: Standing) -> dict[str, Any]:
    """A standing as plain JSON (CLI `--json`, portal)."""
    from ..units import format_time

    c = s.credential
    return {
        "credentialId": c.id,
        "holder": c.holder,
        "kind": c.kind.name.lower(),
        "kindText": KIND_TEXT[c.kind],
        "status": c.status.name.lower(),
        "statusText": STATUS_TEXT[c.status],
        "valid": s.validity == Validity.VALID,
        "validity": s.validity.name.lower(),
        "validityText": VALIDITY_TEXT[s.validity],
        "firm": c.firm,
        "category": c.category,
        "commitment": "0x" + c.commitment.hex(),
        "issuedAt": format_time(c.issued_at),
        "validUntil": format_time(c.valid_until),
        "barredUntil": format_time(c.barred_until) if c.barred_until and c.barred_until < 2**63 else None,
        "issuer": {
            "member": s.issuer.member,
            "name": s.issuer.name,
            "account": c.issuer,
            "memberStatus": s.issuer.status.name.lower(),
            "authorised": s.issuer.authorised,
        },
        "publicDiscipline": [
            {
                "id": d.id,
                "type": d.type.name.lower(),
                "typeText": DISCIPLINE_TEXT[d.type],
                "member": d.member,
                "recordedAt": format_time(d.recorded_at),
                "publicUntil": format_time(d.public_until),
                "decisionHash": "0x" + d.decision_hash.hex(),
            }
            for d in s.public_discipline
        ],
        "checkedAt": format_time(s.checked_at),
    }

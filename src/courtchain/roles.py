"""Role ids and suite keys, mirroring contracts/common/Roles.sol and SuiteKeys.sol (checked by a test)."""

from __future__ import annotations

from eth_utils import keccak

ROLE_NAMES = (
    "GOVERNOR",
    "JUDGE",
    "CLERK",
    "MEDIATOR",
    "ENFORCEMENT_OFFICER",
    "CUSTODIAN",
    "CREDIT_AGENCY",
    "REGISTRAR",
    "AUDITOR",
)
ROLES: dict[str, bytes] = {name: keccak(text=name) for name in ROLE_NAMES}
ROLE_BY_ID: dict[bytes, str] = {v: k for k, v in ROLES.items()}

SUITE_CONTRACTS = (
    "CaseDocket",
    "ObligationRegistry",
    "EnforcementOffice",
    "CreditRegistry",
    "EvidenceRegistry",
    "CredentialRegistry",
    "CreditorsMeeting",
    "BankruptcyEstate",
    "MeetingRequests",
)
SUITE_KEYS: dict[str, bytes] = {name: keccak(text=name) for name in SUITE_CONTRACTS}


def role_id(name: str) -> bytes:
    key = name.upper().replace("-", "_")
    if key not in ROLES:
        from .errors import InputError

        raise InputError(f"unknown role {name!r}; known: {', '.join(n.lower() for n in ROLE_NAMES)}")
    return ROLES[key]


def role_name(role: bytes) -> str:
    return ROLE_BY_ID.get(bytes(role), "0x" + bytes(role).hex())

"""Salted identity commitments: how a person or company is named on chain without personal data.

commitment = keccak256(abi.encode("courtchain.subject.v1", salt, idType, normalisedIdNumber))

The salt (32 random bytes per subject) is kept off chain by the members; without it, the commitment of a known id
number cannot be recomputed by enumeration. Id numbers are normalised (upper case, no whitespace or separators)
and an 18-digit resident identity number's check digit (GB 11643-1999) is validated, so one person always maps to
one commitment and typos are refused instead of creating a second subject.
"""

from __future__ import annotations

import re
import secrets

from eth_abi import encode
from eth_utils import keccak

from .errors import InputError

DOMAIN = "courtchain.subject.v1"

# Identity document kinds; the code is what goes into the hash.
ID_TYPES = {
    "resident": "RESIDENT_ID",  # 居民身份证, 18 characters with a check digit
    "passport": "PASSPORT",
    "uscc": "USCC",  # 统一社会信用代码, companies: 18 characters
    "hk-macao": "HK_MACAO_PERMIT",
    "taiwan": "TAIWAN_PERMIT",
    "foreign-pr": "FOREIGN_PR",
}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise(id_type: str, id_number: str) -> tuple[str, str]:
    """(type code, normalised number); raises InputError for an unknown type or an invalid number."""
    key = id_type.strip().lower()
    if key not in ID_TYPES:
        raise InputError(f"unknown id type {id_type!r}; known: {', '.join(ID_TYPES)}")
    number = re.sub(r"[\s\-]", "", id_number).upper()
    if not number:
        raise InputError("id number is empty")
    if key == "resident":
        if not re.fullmatch(r"\d{17}[\dX]", number):
            raise InputError("a resident id number has 17 digits and a check character (digit or X)")
        if resident_check_digit(number[:17]) != number[17]:
            raise InputError("resident id number fails its check digit")
    elif key == "uscc":
        if len(number) != 18 or any(c not in _USCC_CHARS for c in number):
            raise InputError("a unified social credit code has 18 characters")
        total = sum(_USCC_CHARS.index(c) * w for c, w in zip(number[:17], _USCC_WEIGHTS, strict=True))
        if _USCC_CHARS[(31 - total % 31) % 31] != number[17]:
            raise InputError("unified social credit code fails its check character")
    elif not re.fullmatch(r"[0-9A-Z]{5,20}", number):
        raise InputError(f"{key} number must be 5 to 20 letters or digits")
    return ID_TYPES[key], number


def new_salt() -> bytes:
    return secrets.token_bytes(32)


def commitment(salt: bytes, id_type: str, id_number: str) -> bytes:
    """The on-chain key of a subject."""
    if len(salt) != 32:
        raise InputError("salt must be 32 bytes")
    code, number = normalise(id_type, id_number)
    return bytes(keccak(encode(["string", "bytes32", "string", "string"], [DOMAIN, salt, code, number])))


def parse_salt(text: str) -> bytes:
    s = text.strip().removeprefix("0x")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", s):
        raise InputError("salt must be 64 hex digits")
    return bytes.fromhex(s)

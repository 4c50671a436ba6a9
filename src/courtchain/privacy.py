"""Per-case pseudonyms and the credit key: how a person is named on chain without being linkable across cases.

Two derivations, both keyed hashes (HMAC-SHA256), both over the normalised identity (`commitments.normalise`):

pseudonym = HMAC(key = the person's salt,
                 msg = abi.encode("courtchain.pseudonym.v1", chainId, matter, role, idTypeCode, idNumber))

  One per case ("matter") and role. `matter` is the court's reference of the case the record was first made for
  (a receipt or case number, an agreement's reference: public or not, it does not matter), `role` the person's
  role in it ("plaintiff", "defendant", "debtor", "creditor", "recipient", ...). A member holding the person's
  record (salt, id type and number) and the case's context recomputes it; an observer of the chain, without the
  salt, cannot tell whether two pseudonyms name the same person, nor test a guessed id number against one. Records
  of one case that the contracts carry from one contract to the next (an agreement's debtor becomes the
  enforcement case's debtor when the agreement defaults) keep the pseudonym they were created with: they are one
  case, already linked on chain by their ids.

credit key = HMAC(key = the credit platform's key,
                  msg = abi.encode("courtchain.credit.v1", idTypeCode, idNumber))

  The one stable identifier, used only as the subject of the CreditRegistry (listings, and the institutions'
  checks). It depends on no member's salt, so two members who onboarded the same person with different salts
  find each other's listings; it depends on a key that only the consortium's credit platform holds (read from
  `COURTCHAIN_CREDIT_KEY` or the file named by `COURTCHAIN_CREDIT_KEY_FILE`, never from code), so a reader of the
  chain cannot test a guessed id number against the list. See docs/privacy.md for the threat model.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from eth_abi import encode

from .commitments import normalise
from .errors import InputError

PSEUDONYM_DOMAIN = "courtchain.pseudonym.v1"
CREDIT_DOMAIN = "courtchain.credit.v1"
CREDIT_KEY_ENV = "COURTCHAIN_CREDIT_KEY"
CREDIT_KEY_FILE_ENV = "COURTCHAIN_CREDIT_KEY_FILE"

# Roles a person can hold in a case (the role is part of the pseudonym: one person, two roles, two pseudonyms).
ROLES = ("plaintiff", "defendant", "third-party", "debtor", "creditor", "recipient", "applicant")
_MATTER = re.compile(r"\S.{0,127}", re.DOTALL)


@dataclass(frozen=True)
class CaseContext:
    """The public context a pseudonym is bound to: the chain and the case (matter) reference."""

    chain_id: int
    matter: str

    def __post_init__(self) -> None:
        if self.chain_id <= 0:
            raise InputError(f"chain id must be positive, got {self.chain_id}")
        if not _MATTER.fullmatch(self.matter) or self.matter != self.matter.strip():
            raise InputError("a case reference is 1 to 128 characters without leading or trailing blanks")


def pseudonym(salt: bytes, id_type: str, id_number: str, context: CaseContext, role: str) -> bytes:
    """The person's pseudonym in one case and role (32 bytes); only holders of the salt can recompute it."""
    if len(salt) != 32:
        raise InputError("salt must be 32 bytes")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; known: {', '.join(ROLES)}")
    code, number = normalise(id_type, id_number)
    msg = encode(
        ["string", "uint256", "string", "string", "string", "string"],
        [PSEUDONYM_DOMAIN, context.chain_id, context.matter, role, code, number],
    )
    return hmac.new(salt, msg, hashlib.sha256).digest()


def credit_key(platform_key: bytes, id_type: str, id_number: str) -> bytes:
    """The person's one subject in the CreditRegistry (32 bytes), the same whichever member computes it. (The key
    is the consortium's: one consortium, one chain; no chain id enters, so it is computed without a node.)"""
    if len(platform_key) < 32:
        raise InputError("the credit platform's key must be at least 32 bytes")
    code, number = normalise(id_type, id_number)
    msg = encode(["string", "string", "string"], [CREDIT_DOMAIN, code, number])
    return hmac.new(platform_key, msg, hashlib.sha256).digest()


def load_platform_key(env: dict[str, str] | None = None) -> bytes:
    """The credit platform's key: `COURTCHAIN_CREDIT_KEY` (64+ hex digits) or the file `COURTCHAIN_CREDIT_KEY_FILE`
    (hex text, or 32+ raw bytes; it must not be readable by group or others). Raises InputError when neither is set.
    """
    e = os.environ if env is None else env
    text = e.get(CREDIT_KEY_ENV)
    where = CREDIT_KEY_ENV
    if not text:
        path = e.get(CREDIT_KEY_FILE_ENV)
        if not path:
            raise InputError(
                f"the credit key needs the credit platform's key: set {CREDIT_KEY_ENV} (hex) or {CREDIT_KEY_FILE_ENV}"
            )
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{CREDIT_KEY_FILE_ENV}: no such file {path}")
        if p.stat().st_mode & 0o077:
            raise InputError(f"{path} is readable by others: chmod 600 it (the credit key file is a secret)")
        raw = p.read_bytes()
        try:
            text = raw.decode("ascii").strip()
        except UnicodeDecodeError:
            if len(raw) < 32:
                raise InputError(f"{path}: a raw key has at least 32 bytes") from None
            return raw
        where = path
    s = text.strip().removeprefix("0x")
    if not re.fullmatch(r"(?:[0-9a-fA-F]{2}){32,}", s):
        raise InputError(f"{where}: the credit platform's key is at least 64 hex digits")
    return bytes.fromhex(s)


def new_platform_key() -> bytes:
    return os.urandom(32)

"""Fixtures of the credit tests: clients by role and subjects made from real (synthetic) identity numbers."""

from __future__ import annotations

import hashlib

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients.credit import CreditClient
from courtchain.commitments import commitment, resident_check_digit
from courtchain.suite import Suite


def resident_id(first17: str) -> str:
    return first17 + resident_check_digit(first17)


def doc(text: str) -> bytes:
    """The content hash of a (pretend) document."""
    return hashlib.sha256(text.encode()).digest()


SALT_A = bytes.fromhex("a1" * 32)
SALT_B = bytes.fromhex("b2" * 32)
SALT_C = bytes.fromhex("c3" * 32)
ID_A = resident_id("11010519491231002")
ID_B = resident_id("44030619850101123")
USCC_C = "91350100M000100Y43"

SUBJECT_A = commitment(SALT_A, "resident", ID_A)
SUBJECT_B = commitment(SALT_B, "resident", ID_B)
SUBJECT_C = commitment(SALT_C, "uscc", USCC_C)


@pytest.fixture
def credit(suite: Suite, judge: LocalAccount) -> CreditClient:
    return CreditClient(suite, judge)


@pytest.fixture
def credit2(suite: Suite, judge2: LocalAccount) -> CreditClient:
    return CreditClient(suite, judge2)


@pytest.fixture
def as_debtor(suite: Suite, debtor: LocalAccount) -> CreditClient:
    return CreditClient(suite, debtor)

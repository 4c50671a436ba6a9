from __future__ import annotations

import os

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients.evidence import EvidenceClient
from courtchain.suite import Suite


@pytest.fixture
def ev(suite: Suite) -> EvidenceClient:
    """Views only."""
    return EvidenceClient(suite)


@pytest.fixture
def as_(suite: Suite):  # type: ignore[no-untyped-def]
    def make(account: LocalAccount) -> EvidenceClient:
        return EvidenceClient(suite, account)

    return make


def rand32() -> bytes:
    return os.urandom(32)

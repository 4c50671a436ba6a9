"""Fixtures of the credential tests: a justice bureau (two REGISTRAR accounts) and a bar association (two REGISTRAR
accounts) admitted by governance, and a lawyer's account, all from spare dev-mnemonic accounts (20-25)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.accounts import dev_account
from courtchain.clients.consortium import ConsortiumClient, MemberKind
from courtchain.clients.credentials import CredentialClient, CredentialKind, credential_commitment
from courtchain.suite import Suite

BUREAU_NAME = "北京市司法局"
BAR_NAME = "北京市律师协会"
LICENCE = "11101201910123456"
SALT = bytes(range(32))
YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Licensing:
    bureau_id: int
    bar_id: int
    bureau1: LocalAccount
    bureau2: LocalAccount
    bar1: LocalAccount
    bar2: LocalAccount
    lawyer: LocalAccount
    other: LocalAccount


def govern(suite: Suite, accts: dict[str, LocalAccount], actions: list[object]) -> None:
    hub = ConsortiumClient(suite, accts["court_governor"])
    hub.govern(actions, [accts["court_governor"], accts["bank_governor"]], "credentials test")  # type: ignore[arg-type]


@pytest.fixture
def licensing(suite: Suite, accts: dict[str, LocalAccount]) -> Licensing:
    return setup_licensing(suite, accts)


def setup_licensing(suite: Suite, accts: dict[str, LocalAccount]) -> Licensing:
    """Admit the justice bureau and the bar association with their REGISTRAR accounts (inside the test's snapshot)."""
    hub = ConsortiumClient(suite, accts["court_governor"])
    bureau_id = hub.member_count() + 1
    bar_id = bureau_id + 1
    a = [dev_account(i) for i in range(20, 26)]
    actions = [
        hub.admit_member(MemberKind.JUSTICE_BUREAU, BUREAU_NAME),
        hub.admit_member(MemberKind.BAR_ASSOCIATION, BAR_NAME),
    ]
    for member, accounts in ((bureau_id, a[0:2]), (bar_id, a[2:4])):
        for acct in accounts:
            actions += [hub.add_account(member, acct.address), hub.grant_role("REGISTRAR", acct.address)]
    govern(suite, accts, actions)
    return Licensing(bureau_id, bar_id, a[0], a[1], a[2], a[3], a[4], a[5])


def commitment_for(name: str = "张三", number: str = LICENCE) -> bytes:
    return credential_commitment(SALT, CredentialKind.LAWYER_LICENCE, number, name)


def issue_lawyer(suite: Suite, lic: Licensing, holder: str | None = None, valid_for: int = YEAR) -> int:
    bureau = CredentialClient(suite, lic.bureau1)
    until = suite.chain.timestamp() + valid_for
    cid, _ = bureau.issue(
        holder or lic.lawyer.address,
        CredentialKind.LAWYER_LICENCE,
        commitment_for(),
        "北京某某律师事务所",
        "专职",
        until,
    )
    return cid

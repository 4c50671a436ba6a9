"""Fixtures of the credit tests: clients by role, subjects made from real (synthetic) identity numbers, source cases,
a third judge, and the two-judge listing and removal."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients.base import Sent
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import CaseDomain, CreditClient, Entry, EntryKind
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.clients.enforcement import EnforcementClient
from courtchain.commitments import commitment, resident_check_digit
from courtchain.privacy import credit_key
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

# The credit platform's key (tests only) and the credit keys, the registry's one subject per person (issue 18).
PLATFORM_KEY = bytes.fromhex("5e" * 32)
KEY_A = credit_key(PLATFORM_KEY, "resident", ID_A)
KEY_B = credit_key(PLATFORM_KEY, "resident", ID_B)
KEY_C = credit_key(PLATFORM_KEY, "uscc", USCC_C)


@pytest.fixture
def credit(suite: Suite, judge: LocalAccount) -> CreditClient:
    return CreditClient(suite, judge)


@pytest.fixture
def credit2(suite: Suite, judge2: LocalAccount) -> CreditClient:
    return CreditClient(suite, judge2)


@pytest.fixture
def as_debtor(suite: Suite, debtor: LocalAccount) -> CreditClient:
    return CreditClient(suite, debtor)


# -- cases, a third judge, and the two-judge acts ------------------------------------------------------------------

DEBTOR_OF_CASES = commitment(b"\x11" * 32, "passport", "E12345678")
N_CASES = 4


@pytest.fixture
def cases(suite: Suite, clerk: LocalAccount, creditor: LocalAccount) -> list[int]:
    """Enforcement cases 1..N_CASES, opened by the clerk (a listing must name a case that exists)."""
    office = EnforcementClient(suite, clerk)
    return [office.open_case(DEBTOR_OF_CASES, creditor.address, 1000)[0] for _ in range(N_CASES)]


@pytest.fixture
def docket_case(suite: Suite, clerk: LocalAccount, litigant: LocalAccount) -> int:
    """A docketed case of the CaseDocket (filed complete by the litigant, docketed by the clerk)."""
    docket = setup_dev_court(suite, clerk)
    parties = [Party(SUBJECT_B, PartyRole.PLAINTIFF), Party(SUBJECT_A, PartyRole.DEFENDANT)]
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    materials = [MaterialInput(doc(f"material {k}"), int(k)) for k in kinds]
    fid, _ = DocketClient(suite, litigant).submit(DEV_COURT_ID, "民初", parties, 50_000, materials)
    docket.docket(fid)
    return fid


def govern(suite: Suite, accts: dict[str, LocalAccount], actions: list[Any]) -> None:
    hub = ConsortiumClient(suite, accts["court_governor"])
    hub.govern(actions, [accts["court_governor"], accts["bank_governor"]], "test")


@pytest.fixture
def judge3(suite: Suite, accts: dict[str, LocalAccount]) -> LocalAccount:
    """A third judge of the court (the registrar's account, given JUDGE): a removal needs two judges other than the
    lister."""
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.grant_role("JUDGE", accts["registrar"].address)])
    return accts["registrar"]


@pytest.fixture
def credit3(suite: Suite, judge3: LocalAccount) -> CreditClient:
    return CreditClient(suite, judge3)


ListFn = Callable[..., tuple[Entry, Sent, Sent]]
RemoveFn = Callable[..., tuple[Entry, Sent, Sent]]


@pytest.fixture
def list_(credit: CreditClient, credit2: CreditClient, cases: list[int]) -> ListFn:
    """List by two judges: `judge` proposes, `judge2` approves (enforcement cases 1..N_CASES exist); returns the entry,
    the proposal's and the approval's receipts."""

    def _list(
        subject: bytes,
        case_id: int,
        kind: EntryKind,
        reason: int,
        evidence: bytes,
        duration: int = 0,
        domain: CaseDomain = CaseDomain.ENFORCEMENT,
        proposer: CreditClient = credit,
        approver: CreditClient = credit2,
    ) -> tuple[Entry, Sent, Sent]:
        pid, proposed = proposer.propose_listing(subject, domain, case_id, kind, reason, evidence, duration)
        entry, approved = approver.approve(pid)
        return entry, proposed, approved

    return _list


@pytest.fixture
def remove_(credit2: CreditClient, credit3: CreditClient) -> RemoveFn:
    """Remove by two judges other than the lister: `judge2` proposes, the third judge approves."""

    def _remove(
        entry_id: int,
        decision: bytes,
        objection_id: int = 0,
        proposer: CreditClient = credit2,
        approver: CreditClient = credit3,
    ) -> tuple[Entry, Sent, Sent]:
        pid, proposed = proposer.propose_removal(entry_id, decision, objection_id)
        entry, approved = approver.approve(pid)
        return entry, proposed, approved

    return _remove

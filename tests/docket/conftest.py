"""Fixtures of the docket tests: the local court configured as 京0491 with 民初 and 执, and filing helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.chain import Chain
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DEV_WINDOW,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.commitments import commitment
from courtchain.suite import Suite

PLAINTIFF = commitment(b"\x01" * 32, "resident", "11010519491231002X")
DEFENDANT = commitment(b"\x02" * 32, "uscc", "91350100M000100Y43")
PARTIES = [Party(PLAINTIFF, PartyRole.PLAINTIFF), Party(DEFENDANT, PartyRole.DEFENDANT)]
CIVIL_KINDS = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)


def doc(label: str) -> bytes:
    """A stand-in content hash for a document."""
    return bytes(keccak(text=label))


def materials(*kinds: int, tag: str = "") -> list[MaterialInput]:
    return [MaterialInput(doc(f"{tag}material-{k}"), int(k)) for k in kinds]


@pytest.fixture
def docket(suite: Suite, clerk: LocalAccount) -> DocketClient:
    """The docket as the court's clerk, with the court configured (inside the test's snapshot)."""
    return setup_dev_court(suite, clerk)


@pytest.fixture
def as_(docket: DocketClient) -> Callable[[LocalAccount], DocketClient]:
    return lambda account: DocketClient(docket.suite, account)


FileFn = Callable[..., int]


@pytest.fixture
def file(as_: Callable[[LocalAccount], DocketClient], litigant: LocalAccount) -> FileFn:
    """File as the litigant (by default a complete 民初 filing); returns the filing id."""

    def _file(
        kinds: Sequence[int] = CIVIL_KINDS,
        case_type: str = "民初",
        by: LocalAccount = litigant,
        court: int = DEV_COURT_ID,
        tag: str = "",
        claim: int = 50_000,
    ) -> int:
        fid, _ = as_(by).submit(court, case_type, PARTIES, claim, materials(*kinds, tag=tag))
        return fid

    return _file


@pytest.fixture
def expire(chain: Chain, docket: DocketClient) -> Callable[[int], int]:
    """Move the chain past a filing's window; returns the window's end."""

    def _expire(filing_id: int) -> int:
        ends = docket.filing(filing_id).window_ends
        if chain.timestamp() < ends:
            chain.set_time(ends)
        return ends

    return _expire


__all__ = ["CIVIL_KINDS", "DEFENDANT", "DEV_WINDOW", "PARTIES", "PLAINTIFF", "doc", "materials"]

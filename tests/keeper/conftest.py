"""Fixtures of the keeper tests: the dev court configured, a filing helper, and a keeper with a scratch state dir."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.commitments import commitment
from courtchain.keeper import Keeper
from courtchain.suite import Suite
from courtchain.watchers import default_watchers

PARTIES = [
    Party(commitment(b"\x01" * 32, "resident", "11010519491231002X"), PartyRole.PLAINTIFF),
    Party(commitment(b"\x02" * 32, "uscc", "91350100M000100Y43"), PartyRole.DEFENDANT),
]
COMPLETE = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)


@pytest.fixture
def docket(suite: Suite, clerk: LocalAccount) -> DocketClient:
    return setup_dev_court(suite, clerk, window=3600)


@pytest.fixture
def file(docket: DocketClient, litigant: LocalAccount) -> Callable[..., int]:
    """File as the litigant (complete 民初 by default); returns the filing id."""
    client = DocketClient(docket.suite, litigant)
    counter = iter(range(10**6))

    def _file(kinds: tuple[int, ...] = COMPLETE, case_type: str = "民初") -> int:
        tag = next(counter)
        mats = [MaterialInput(bytes(keccak(text=f"keeper-{tag}-{k}-{id(client)}")), int(k)) for k in kinds]
        fid, _ = client.submit(DEV_COURT_ID, case_type, PARTIES, 10_000, mats)
        return fid

    return _file


@pytest.fixture
def start_block(chain) -> int:  # type: ignore[no-untyped-def]
    """Follow from the test's own blocks: earlier tests' filings were reverted with their snapshot."""
    return int(chain.block_number()) + 1


@pytest.fixture
def make_keeper(suite: Suite, keeper: LocalAccount, tmp_path: Path, start_block: int) -> Callable[..., Keeper]:
    def _make(state: Path | None = None, only: list[str] | None = None) -> Keeper:
        return Keeper(
            suite, keeper, default_watchers(suite, only), state or tmp_path / "state", start_block=start_block
        )

    return _make

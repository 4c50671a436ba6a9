"""Two chains at once: chain A (the session's node, the court's chain) and chain B (a second anvil with another chain
id, the procuratorate's chain), the suite and the cross-chain contracts deployed on both, each registered as the
other's source with three attestors (relayer accounts of three organisations) and a threshold of two. A snapshot of
both chains before each test, reverted after it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain import deploy
from courtchain.accounts import dev_account, dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients import crosschain as xc
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
from courtchain.suite import Suite

CHAIN_B_ID = 31338
PROCURATORATE_ID = 5  # plans/dev-consortium.toml: the fifth member
ATTESTOR_INDICES = (20, 21, 22)
THRESHOLD = 2


@dataclass
class TwoChains:
    a: Suite
    b: Suite
    attestors: list[LocalAccount]

    def suites(self) -> list[Suite]:
        return [self.a, self.b]


def governors() -> list[LocalAccount]:
    acc = dev_accounts()
    return [acc["court_governor"], acc["bank_governor"], acc["credit_governor"]]


def setup_pair(a: Suite, b: Suite, attestors: list[LocalAccount], threshold: int) -> TwoChains:
    g = governors()
    a2 = xc.deploy_contracts(a, g[0], g)
    b2 = xc.deploy_contracts(b, g[0], g)
    addrs = [x.address for x in attestors]
    xc.wire_peer(a2, b2, addrs, threshold, g)
    xc.wire_peer(b2, a2, addrs, threshold, g)
    return TwoChains(a2, b2, attestors)


@pytest.fixture(scope="session")
def node_b(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNode]:
    log = tmp_path_factory.mktemp("node_b") / "anvil.log"
    with LocalNode(kind=os.environ.get("COURTCHAIN_TEST_NODE", "anvil"), chain_id=CHAIN_B_ID, log_path=log) as n:
        yield n


@pytest.fixture(scope="session")
def chain_b(node_b: LocalNode) -> Chain:
    return Chain(node_b.url)


@pytest.fixture(scope="session")
def pair(suite: Suite, chain_b: Chain, tmp_path_factory: pytest.TempPathFactory) -> TwoChains:
    suite_b = deploy.deploy(chain_b, fresh=True, directory=tmp_path_factory.mktemp("deployments_b")).suite
    return setup_pair(suite, suite_b, [dev_account(i) for i in ATTESTOR_INDICES], THRESHOLD)


@pytest.fixture(autouse=True)
def _isolate_b(request: pytest.FixtureRequest) -> Iterator[None]:
    if "pair" not in request.fixturenames:
        yield
        return
    pair: TwoChains = request.getfixturevalue("pair")
    snap = pair.b.chain.snapshot()
    pair.b.reset_nonces()
    pair.a.reset_nonces()
    try:
        yield
    finally:
        pair.b.chain.revert(snap)
        pair.b.chain.rpc("anvil_dropAllTransactions")
        pair.b.reset_nonces()
        pair.a.reset_nonces()


def doc(label: str) -> bytes:
    return bytes(keccak(text=label))


def docketed_case(a: Suite, tag: str = "") -> int:
    """A docketed 民初 case of the court on chain A; returns its id."""
    acc = dev_accounts()
    docket = setup_dev_court(a, acc["clerk"])
    parties = [
        Party(commitment(b"\x01" * 32, "resident", "11010519491231002X"), PartyRole.PLAINTIFF),
        Party(commitment(b"\x02" * 32, "uscc", "91350100M000100Y43"), PartyRole.DEFENDANT),
    ]
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    mats = [MaterialInput(doc(f"{tag}material-{int(k)}"), int(k)) for k in kinds]
    fid, _ = DocketClient(a, acc["litigant"]).submit(DEV_COURT_ID, "民初", parties, 50_000, mats)
    ends = docket.filing(fid).window_ends
    if a.chain.timestamp() < ends:
        a.chain.set_time(ends)
    docket.docket(fid)
    return fid

"""Access matrix generated from the ABIs: every state-changing function of every suite contract, called by every
role and by an outsider that must not call it, reverts with the expected custom error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients.consortium import ConsortiumClient
from courtchain.errors import ContractRevert
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.security.access_matrix import CALLERS, MATRIX

MOCKS = {"SettlementToken"}  # contracts/test/: test doubles, not suite contracts


def state_changing(abi: list[dict[str, Any]]) -> set[str]:
    return {f["name"] for f in abi if f.get("type") == "function" and f.get("stateMutability") not in ("view", "pure")}


@dataclass
class Ctx:
    suite: Suite
    accts: dict[str, LocalAccount]
    hub_address: str
    open_proposal: int

    def addr(self, name: str) -> str:
        return self.accts[name].address


@pytest.fixture
def ctx(suite: Suite, accts: dict[str, LocalAccount]) -> Ctx:
    hub = ConsortiumClient(suite, accts["court_governor"])
    pid, _ = hub.propose([hub.set_threshold(2)], "an open proposal for the matrix")
    return Ctx(suite, accts, hub.address, pid)


def test_every_state_changing_function_has_an_entry(suite: Suite) -> None:
    missing = []
    for name in suite.addresses:
        if name in MOCKS:
            continue
        table = MATRIX.get(name)
        if table is None:
            missing.append(f"{name}: no table")
            continue
        fns = state_changing(suite.artifacts[name].abi)
        missing += [f"{name}.{f}" for f in sorted(fns - set(table))]
        stale = set(table) - fns
        assert not stale, f"matrix entries for functions that no longer exist: {sorted(stale)}"
    assert not missing, f"functions without an access-matrix entry: {missing}"


def _cases() -> list[tuple[str, str]]:
    return [(c, f) for c, table in MATRIX.items() for f in table]


@pytest.mark.parametrize(("contract", "function"), _cases(), ids=lambda v: str(v))
def test_refused_callers_get_the_expected_error(contract: str, function: str, ctx: Ctx, suite: Suite) -> None:
    entry = MATRIX[contract][function]
    if entry.error is None:
        pytest.skip(f"{contract}.{function} is public: {entry.note}")
    target = suite.contract(contract)
    data = target.encode_abi(function, args=entry.args(ctx))
    refused = [c for c in CALLERS if c not in entry.allowed]
    assert refused, "an entry that refuses nobody should be PUBLIC"
    for caller in refused:
        sender = suite.sender(ctx.accts[caller])
        with pytest.raises(ContractRevert) as info:
            sender.estimate(Call(target.address, data, contract))
        assert info.value.error == entry.error, f"{contract}.{function} as {caller}: {info.value}"

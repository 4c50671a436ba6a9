"""The access matrix of the cross-chain contracts (tests/security/access_matrix.py CROSSCHAIN_MATRIX), checked on
chain A of a live pair: every state-changing function has an entry, and every caller outside `allowed` is refused
with exactly the entry's error."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients import crosschain as xc
from courtchain.errors import ContractRevert
from courtchain.txn import Call
from tests.security.access_matrix import CALLERS, CROSSCHAIN_MATRIX
from tests.security.test_access_matrix import state_changing

from .conftest import PROCURATORATE_ID, TwoChains, doc, docketed_case


class Ctx:
    def __init__(self, pair: TwoChains, accts: dict[str, LocalAccount]) -> None:
        self.pair = pair
        self.accts = accts

    def addr(self, name: str) -> str:
        return self.accts[name].address

    @property
    def peer_cases(self) -> str:
        return self.pair.b.address("CrossChainCases")

    @property
    def attestor(self) -> str:
        return self.pair.attestors[0].address

    @cached_property
    def docketed_case(self) -> int:
        return docketed_case(self.pair.a)

    @property
    def any_envelope(self) -> tuple[Any, ...]:
        return xc.Envelope(1, self.addr("outsider"), 2, self.addr("outsider"), 1, 1, b"\0" * 32, 0, 1).as_tuple()

    @cached_property
    def incoming_case(self) -> int:
        """A case sent from chain B's court to chain A's procuratorate, delivered on A."""
        b, a = self.pair.b, self.pair.a
        case_id = docketed_case(b, "from-b")
        sent = xc.CrossChainCasesClient(b, self.accts["clerk"]).send_case(
            case_id, a.chain.chain_id, PROCURATORATE_ID, doc("b case file"), a.chain.timestamp() + 86400
        )
        env = xc.Envelope.from_value(sent.event("MessageSent").args["envelope"])
        payload = bytes(sent.event("MessageSent").args["payload"])
        verifier = a.address("CrossChainAttestors")
        sigs = {
            s.address: xc.sign_attestation(s.key, a.chain.chain_id, verifier, env.struct_hash())
            for s in self.pair.attestors[:2]
        }
        xc.InboxClient(a, self.accts["keeper"]).deliver(env, payload, xc.encode_proof(sigs))
        return xc.CrossChainCasesClient(a).incoming_count()


def test_every_crosschain_function_has_an_entry(pair: TwoChains) -> None:
    for name, table in CROSSCHAIN_MATRIX.items():
        fns = state_changing(pair.a.artifacts[name].abi)
        assert fns == set(table), f"{name}: missing {sorted(fns - set(table))}, stale {sorted(set(table) - fns)}"


@pytest.mark.parametrize(
    ("contract", "function"), [(c, f) for c, t in CROSSCHAIN_MATRIX.items() for f in t], ids=lambda v: str(v)
)
def test_refused_callers_get_the_expected_error(
    contract: str, function: str, pair: TwoChains, accts: dict[str, LocalAccount]
) -> None:
    entry = CROSSCHAIN_MATRIX[contract][function]
    if entry.error is None:
        pytest.skip(f"{contract}.{function} is public: {entry.note}")
    ctx = Ctx(pair, accts)
    suite = pair.a
    target = suite.contract(contract)
    call = Call(target.address, target.encode_abi(function, args=entry.args(ctx)), contract)

    def outcome(caller: str) -> str | None:
        try:
            suite.sender(accts[caller]).estimate(call)
        except ContractRevert as exc:
            return exc.error
        return None

    for caller in CALLERS:
        got = outcome(caller)
        if caller in entry.allowed:
            assert got != entry.expected(caller), f"{contract}.{function} as allowed {caller} was refused: {got}"
        else:
            assert got == entry.expected(caller), f"{contract}.{function} as {caller}: {got}"

"""Property: no single account changes a professional's standing.

One actor — a REGISTRAR of the issuing justice bureau, of the bar association, the lawyer himself, a court registrar,
a governor or an outsider — sends any sequence of calls to every state-changing function of the CredentialRegistry
(taken from its ABI, so a function added later is covered too), with arguments drawn from the ids and values that
exist. After every step, the standing of the credentials others issued (status, bar, validity end) and the
discipline records are as they were: a suspension, revocation, cancellation or discipline needs a second account.
Time passes too (expiry by time is a rule, not an act; it is not a change of the stored standing).
"""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from courtchain.chain import Chain
from courtchain.clients.credentials import CredentialClient
from courtchain.errors import ContractRevert, InputError, TransactionFailed
from courtchain.suite import Suite
from tests.helpers import FuzzStats

from .conftest import issue_lawyer, setup_licensing

DAY = 24 * 3600
HASHES = (b"\x11" * 32, b"\x22" * 32)
STATS = FuzzStats("credential single actor")  # printed with -s


def _strategy(name: str, typ: str, addresses: list[str]) -> st.SearchStrategy[Any]:
    by_name: dict[str, st.SearchStrategy[Any]] = {
        "credentialId": st.sampled_from([1, 2, 1, 2, 3, 0]),
        "actionId": st.sampled_from([1, 2, 3, 1, 0]),
        "kind": st.sampled_from([1, 2, 3, 4, 1, 3, 5, 5, 0, 6]),
        "disciplineType": st.sampled_from([0, 0, 0, 2, 5, 6, 7]),
        "memberKind": st.integers(0, 10),
        "until": st.sampled_from([0, 0, 2**40, 1]),
        "publicUntil": st.sampled_from([0, 0, 2**40, 1]),
        "validUntil": st.sampled_from([0, 1, 2**40, 2**41]),
        "reason": st.sampled_from(["依法处理", "依法处理", ""]),
        "firm": st.sampled_from(["某某律师事务所", ""]),
    }
    if name in by_name:
        return by_name[name]
    if typ == "address":
        return st.sampled_from(addresses)
    if typ == "bool":
        return st.booleans()
    if typ == "bytes32":
        return st.sampled_from([*HASHES, *HASHES, b"\0" * 32])
    if typ.startswith("uint"):
        return st.integers(0, 3)
    raise AssertionError(f"no strategy for {name}: {typ}")


@pytest.mark.slow
def test_no_single_account_changes_a_professionals_standing(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount]
) -> None:
    lic = setup_licensing(suite, accts)
    first = issue_lawyer(suite, lic)
    second = issue_lawyer(suite, lic, holder=lic.other.address)
    registry = CredentialClient(suite)
    fns = [f for f in registry.contract.abi if f.get("type") == "function" and f["stateMutability"] == "nonpayable"]
    actors = {
        "bureau registrar": lic.bureau1,
        "other bureau registrar": lic.bureau2,
        "bar registrar": lic.bar1,
        "lawyer": lic.lawyer,
        "court registrar": accts["registrar"],
        "governor": accts["court_governor"],
        "outsider": accts["outsider"],
    }
    addresses = [lic.lawyer.address, lic.other.address, accts["outsider"].address]

    def standing() -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for cid in (first, second):
            c = registry.credential(cid)
            out.append((c.status, c.barred_until, c.valid_until, c.status_changed_at))
        return [*out, (int(registry.view("disciplineCount")),)]

    class OneActor(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snap = chain.snapshot()
            suite.reset_nonces()
            self.baseline = standing()
            self.actor = "outsider"

        def teardown(self) -> None:
            chain.revert(self.snap)
            suite.reset_nonces()

        @initialize(actor=st.sampled_from(sorted(actors)))
        def choose_the_actor(self, actor: str) -> None:
            self.actor = actor

        @rule(data=st.data())
        def call_the_registry(self, data: st.DataObject) -> None:
            STATS.step_started()
            fn = data.draw(st.sampled_from(fns), label="function")
            args = [data.draw(_strategy(i["name"], i["type"], addresses), label=i["name"]) for i in fn["inputs"]]
            try:
                CredentialClient(suite, actors[self.actor]).transact(fn["name"], *args)
            except (ContractRevert, InputError, TransactionFailed) as exc:
                STATS.refusals[f"{fn['name']}:{getattr(exc, 'error', type(exc).__name__)}"] += 1
            else:
                STATS.done[f"{fn['name']} by {self.actor}"] += 1
            STATS.step_ended()

        @rule(
            cid=st.sampled_from([1, 2]),
            kind=st.sampled_from([1, 2, 3, 4, 5]),
            dtype=st.sampled_from([2, 5, 6]),
        )
        def propose_well_formed(self, cid: int, kind: int, dtype: int) -> None:
            """A proposal that passes every check when the actor may make it (then the actor tries to approve it)."""
            far = chain.timestamp() + 365 * DAY
            args = (dtype, far if dtype == 5 else 0, far) if kind == 5 else (0, 0, 0)
            client = CredentialClient(suite, actors[self.actor])
            try:
                sent = client.transact("proposeAction", cid, kind, *args, HASHES[0], "依法处理")
            except (ContractRevert, InputError, TransactionFailed) as exc:
                STATS.refusals[f"proposeAction(well formed):{getattr(exc, 'error', type(exc).__name__)}"] += 1
                return
            STATS.done[f"proposeAction by {self.actor}"] += 1
            try:
                client.transact("approveAction", int(sent.event("ActionProposed").args["actionId"]))
            except ContractRevert as exc:
                STATS.refusals[f"approveAction(own):{exc.error}"] += 1
            else:
                STATS.done[f"approveAction of its own by {self.actor}"] += 1

        @rule(seconds=st.sampled_from([3600, 8 * DAY]))
        def time_passes(self, seconds: int) -> None:
            chain.sleep(seconds)

        @invariant()
        def standing_unchanged_by_one_actor(self) -> None:
            now = standing()
            # renewal (annual assessment) by one registrar of the issuer is allowed: it only extends validity
            for before, after in zip(self.baseline[:2], now[:2], strict=True):
                assert before[0] == after[0] and before[1] == after[1] and before[3] == after[3], (
                    f"{self.actor} alone changed a credential: {before} -> {after}"
                )
                assert after[2] >= before[2], f"{self.actor} alone shortened a validity"
            assert now[2] == self.baseline[2], f"{self.actor} alone recorded discipline"

    STATS.run(OneActor)

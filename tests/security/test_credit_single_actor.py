"""Property (audit M3): no single account can list or delist a subject.

One actor — any single account, including one that holds every role the suite knows — sends any sequence of calls to
every state-changing function of the CreditRegistry and to the EnforcementOffice's order functions (the path by
which a termination lists a debtor), with arguments drawn from the ids, subjects, cases and codes that exist. After
every step, no entry may have appeared and no entry's status may have changed, except `Active` → `Expired` by time
(a rule, not an act). Setup, by other accounts, makes what a single actor could try to change: a judges' listing, an
enforcement listing from an approved termination, a pending objection and open enforcement cases.

The calls are chosen from the contract's ABI, so the property holds for any function the registry has or gets: on
the code before the M3 fix (a judge alone could `list` and `remove`), this test fails within a few steps.
"""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import DAY, CreditClient, EntryStatus
from courtchain.clients.enforcement import EnforcementClient, OrderKind, termination_listing
from courtchain.commitments import commitment
from courtchain.errors import ContractRevert, InputError, TransactionFailed
from courtchain.suite import Suite
from tests.helpers import FuzzStats

# "judge" is given every operational role below; the others hold their one role, or none.
ACTORS = ("judge", "judge", "judge2", "officer", "clerk", "debtor", "outsider")  # the all-roles judge, twice as often
EXTRA_ROLES = ("ENFORCEMENT_OFFICER", "CLERK", "CUSTODIAN", "CREDIT_AGENCY", "MEDIATOR", "AUDITOR", "REGISTRAR")
OFFICE_FUNCTIONS = ("proposeOrder", "approveOrder", "cancelOrder")
DEBTOR = commitment(b"\x61" * 32, "passport", "E12345678")
LISTED = commitment(b"\x62" * 32, "passport", "E87654321")
FRESH = commitment(b"\x63" * 32, "passport", "G12345678")
ZERO = b"\0" * 32
SUBJECTS = (DEBTOR, LISTED, FRESH)
HASHES = (b"\x11" * 32, b"\x22" * 32)
N_CASES = 2

STATS = FuzzStats("credit single actor")  # printed with -s


def _strategy(name: str, typ: str, addresses: list[str]) -> st.SearchStrategy[Any]:
    """Arguments that reach past the cheap checks — existing ids, real subjects, matching codes — with now and then
    one that does not (zero, unknown, out of range)."""
    by_name: dict[str, st.SearchStrategy[Any]] = {
        "subject": st.sampled_from([LISTED, DEBTOR, FRESH, LISTED, DEBTOR, ZERO]),
        "caseId": st.sampled_from([1, 2, 1, 2, N_CASES + 1, 0]),
        "entryId": st.sampled_from([1, 2, 3, 1, 2, 3, 4, 0]),
        "objectionId": st.sampled_from([1, 0, 1, 2]),
        "proposalId": st.integers(1, 4),
        "orderId": st.integers(1, 3),
        "assetId": st.integers(0, 1),
        "domain": st.sampled_from([2, 1, 2, 1, 0, 3]),
        "kind": st.sampled_from([1, 2, 1, 2, int(OrderKind.TERMINATE), 0, 3]),
        "reason": st.sampled_from([1, 101, 2, 102, 6, 103, 0]),
        "duration": st.sampled_from([0, DAY, 30 * DAY]),
        "amount": st.sampled_from([termination_listing(True, 1), termination_listing(True, 0), 1, 100]),
    }
    if name in by_name:
        return by_name[name]
    if typ == "address":
        return st.sampled_from(addresses)
    if typ == "bool":
        return st.booleans()
    if typ == "bytes32":
        return st.sampled_from([*HASHES, *HASHES, ZERO, *SUBJECTS])
    if typ.startswith(("uint", "int")):
        return st.integers(0, 3)
    raise AssertionError(f"no strategy for {name}: {typ}")


def _functions(abi: list[dict[str, Any]], only: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    fns = [f for f in abi if f.get("type") == "function" and f.get("stateMutability") not in ("view", "pure")]
    return [f for f in fns if only is None or f["name"] in only]


@pytest.mark.slow
def test_no_single_account_can_list_or_delist_a_subject(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount]
) -> None:
    hub = ConsortiumClient(suite, accts["court_governor"])
    grants = [hub.grant_role(role, accts["judge"].address) for role in EXTRA_ROLES]
    hub.govern(grants, [accts["court_governor"], accts["bank_governor"]], "one account with every role")

    credit = CreditClient(suite)
    office = EnforcementClient(suite)
    registry_fns = _functions([dict(f) for f in credit.contract.abi])
    office_fns = _functions([dict(f) for f in office.contract.abi], OFFICE_FUNCTIONS)
    names = {f["name"] for f in registry_fns}

    # -- what the actor could try to change, made by others (two persons each)
    clerk = EnforcementClient(suite, accts["clerk"])
    for _ in range(N_CASES):
        clerk.open_case(DEBTOR, accts["creditor"].address, 1000)
    if "proposeListing" in names:  # the judges' listing, as the code under test makes it
        pid = int(
            CreditClient(suite, accts["judge2"])
            .transact("proposeListing", LISTED, 2, 1, 1, 1, HASHES[0], 0)
            .event("ListingProposed")
            .args["proposalId"]
        )
        CreditClient(suite, accts["judge"]).transact("approveProposal", pid)
    else:  # the code before the M3 fix: one judge lists
        CreditClient(suite, accts["judge2"]).transact("list", LISTED, 1, 1, 1, HASHES[0], 0)
    oid, _ = EnforcementClient(suite, accts["officer"]).propose_order(
        2, OrderKind.TERMINATE, 0, termination_listing(True, 1), HASHES[1]
    )
    EnforcementClient(suite, accts["judge2"]).approve_order(oid)
    CreditClient(suite, accts["debtor"]).object(1, HASHES[1])
    baseline_count = credit.entry_count()
    assert baseline_count == 3
    addresses = [a.address for a in accts.values()][:8]

    class OneActor(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snap = chain.snapshot()
            suite.reset_nonces()
            self.baseline = {i: credit.entry_status(i) for i in range(1, baseline_count + 1)}
            self.actor = "outsider"

        def teardown(self) -> None:
            chain.revert(self.snap)
            suite.reset_nonces()

        @initialize(actor=st.sampled_from(ACTORS))
        def choose_the_actor(self, actor: str) -> None:
            self.actor = actor

        def _send(self, client: Any, fns: list[dict[str, Any]], data: st.DataObject) -> None:
            STATS.step_started()
            fn = data.draw(st.sampled_from(fns), label="function")
            args = [
                data.draw(_strategy(i["name"].lstrip("_"), i["type"], addresses), label=i["name"]) for i in fn["inputs"]
            ]
            try:
                client.transact(fn["name"], *args)
            except (ContractRevert, InputError, TransactionFailed) as exc:  # refused (bad enum: no reason)
                STATS.refusals[f"{fn['name']}:{getattr(exc, 'error', type(exc).__name__)}"] += 1
            else:
                STATS.done[f"{fn['name']} by {self.actor}"] += 1
            STATS.step_ended()

        @rule(data=st.data())
        def call_the_registry(self, data: st.DataObject) -> None:
            self._send(CreditClient(suite, accts[self.actor]), registry_fns, data)

        @rule(data=st.data())
        def call_the_office(self, data: st.DataObject) -> None:
            self._send(EnforcementClient(suite, accts[self.actor]), office_fns, data)

        @rule(seconds=st.sampled_from([3600, 31 * DAY]))
        def time_passes(self, seconds: int) -> None:
            chain.sleep(seconds)

        @invariant()
        def no_entry_changed_by_one_actor(self) -> None:
            count = credit.entry_count()
            assert count == baseline_count, f"{self.actor} alone made {count - baseline_count} entr(ies)"
            for i, before in self.baseline.items():
                now = credit.entry_status(i)
                by_time = before == EntryStatus.ACTIVE and now == EntryStatus.EXPIRED
                assert now == before or by_time, f"entry {i}: {before.name} -> {now.name} by {self.actor} alone"

    STATS.run(OneActor)

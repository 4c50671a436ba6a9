"""Property (issue 16): no single account can move money out of a case to a payee of its choice.

A case holds money seized under the two-person rule (officer proposes, a different judge approves, the bank
executes), with creditors fixed by the title or admitted by two judges, plus an admission proposed by a judge and
not yet approved. Then ONE actor — a fresh account of the custodian bank holding any combination of the office's
roles (judge, clerk, enforcement officer, custodian), drawn per example — calls any state-changing function of the
office's ABI (read from the artifact, so a function added later is fuzzed too) with arguments drawn by type and name.

After every step:
- every token that left the office went to a payee that was fixed by a title (the setup's creditors, or the
  creditor the actor named when it opened a case of its own) or approved by a second account (the actor approving
  an admission proposed by someone else): the office's balance fell by exactly the step's `Withdrawn` amounts, each
  to such a payee of that case;
- no case has a creditor with another payee (a creditor is a claim on the case's money: the step before it leaves).

It fails on the code before the fix: a single judge's `admitCreditor(case, itself, Costs, ...)` followed by
`distribute` routes the seized money to it (see the notes of issue 16)."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.enforcement import AssetKind, EnforcementClient, OrderKind
from courtchain.clients.token import SettlementTokenClient
from courtchain.errors import ContractRevert, InputError, TransactionFailed
from courtchain.suite import Suite
from tests.helpers import FuzzStats

ROLES = ("JUDGE", "CLERK", "ENFORCEMENT_OFFICER", "CUSTODIAN")
ROLE_SETS = [frozenset(c) for n in range(len(ROLES) + 1) for c in combinations(ROLES, n)]
ZERO = "0x" + "00" * 20
H1 = b"\x16" * 32
SEIZED = 1000
STATS = FuzzStats("single actor")


def _mutating(abi: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in abi if f.get("type") == "function" and f.get("stateMutability") in ("nonpayable", "payable")]


@pytest.mark.slow
def test_no_single_account_moves_money_to_a_payee_of_its_choice(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount]
) -> None:
    viewer = EnforcementClient(suite)
    hub = ConsortiumClient(suite, accts["court_governor"])
    governors = [accts["court_governor"], accts["bank_governor"]]
    actor: LocalAccount = Account.from_key(keccak(text="issue 16: the single actor"))
    as_actor = EnforcementClient(suite, actor)

    def c(name: str) -> EnforcementClient:
        return EnforcementClient(suite, accts[name])

    # -- the honest state: a case with money seized under the two-person rule, not yet distributed -------------------
    chain.rpc("anvil_setBalance", [actor.address, hex(10**21)])
    hub.govern([hub.add_account(hub.member_of(accts["custodian"].address), actor.address)], governors)
    cid, _ = c("clerk").open_case(b"\x16" * 32, accts["creditor"].address, 5000, debtor_account=accts["debtor"].address)
    admission, _ = c("judge").propose_admission(cid, accts["creditor2"].address, 800, rank=0)
    c("judge2").approve_admission(admission)
    pending, _ = c("judge").propose_admission(cid, accts["creditor3"].address, 300)  # a second account may approve it
    aid, _ = c("custodian").report_asset(cid, AssetKind.BANK_DEPOSIT, H1, 10 * SEIZED)
    for kind in (OrderKind.FREEZE, OrderKind.DEDUCT):
        oid, _ = c("officer").propose_order(cid, kind, aid, SEIZED)
        c("judge").approve_order(oid)
        if kind == OrderKind.DEDUCT:
            SettlementTokenClient(suite, accts["custodian"]).mint(accts["custodian"].address, SEIZED)
        c("custodian").execute_order(oid, SEIZED)
    spare, _ = c("officer").propose_order(cid, OrderKind.DEDUCT, aid, SEIZED)  # approved, for a custodian to run
    c("judge2").approve_order(spare)
    for who in (actor, accts["custodian"]):
        t = SettlementTokenClient(suite, who)
        t.mint(who.address, 10**9)
        t.approve(viewer.address, 2**256 - 1)
    setup_allowed = {cid: {accts["creditor"].address, accts["creditor2"].address}}
    proposals_by_others = {pending: (cid, accts["creditor3"].address)}
    functions = _mutating(viewer.contract.abi)

    def draw_arg(data: Any, param: dict[str, Any]) -> Any:
        name, kind = param["name"], param["type"]
        if kind == "address":
            return data.draw(st.sampled_from((actor.address, accts["outsider"].address, accts["creditor"].address)))
        if kind == "bytes32":
            return data.draw(st.sampled_from((H1, b"\0" * 32)))
        if kind == "bool":
            return data.draw(st.booleans())
        if kind == "uint8":  # enums (claim class, asset / order kind) and ranks
            return data.draw(st.integers(0, 4))
        if not kind.startswith("uint"):
            raise AssertionError(f"no strategy for {name}: {kind}")
        counts = {
            "caseId": viewer.case_count(),
            "orderId": int(viewer.view("orderCount")),
            "assetId": int(viewer.view("assetCount")),
            "admissionId": viewer.admission_count(),
        }
        if name in counts:  # mostly an existing id, sometimes the next one
            return data.draw(st.integers(1, counts[name] + 1))
        if name == "creditorId":
            return data.draw(st.integers(0, 3))
        return data.draw(st.sampled_from((1, 5, 100, SEIZED, 10**6, 0)))  # amounts, claims, values, page sizes

    class SingleActor(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            suite.reset_nonces()
            self.allowed: dict[int, set[str]] = {k: set(v) for k, v in setup_allowed.items()}
            self.balance = viewer.token_balance()
            STATS.step_started()

        def teardown(self) -> None:
            chain.revert(self.snapshot)
            suite.reset_nonces()

        @initialize(roles=st.sampled_from(ROLE_SETS))
        def grant(self, roles: frozenset[str]) -> None:
            if roles:
                hub.govern([hub.grant_role(r, actor.address) for r in sorted(roles)], governors)
            STATS.done["roles:" + ("+".join(sorted(roles)) or "none")] += 1

        @rule(data=st.data(), fn=st.sampled_from(functions))
        def act(self, data: Any, fn: dict[str, Any]) -> None:
            args = [draw_arg(data, p) for p in fn["inputs"]]
            before = viewer.token_balance()
            try:
                sent = as_actor.transact(fn["name"], *args)
            except (ContractRevert, InputError, TransactionFailed) as exc:  # refused: nothing changed
                STATS.refusals[f"{fn['name']}:{getattr(exc, 'error', 'input')}"] += 1
                return
            STATS.done[fn["name"]] += 1
            if fn["name"] == "openCase":  # the actor's own case: its creditor is the one its title names
                self.allowed[int(sent.event("CaseOpened").args["caseId"])] = {args[3]}
            if fn["name"] == "approveAdmission" and args[0] in proposals_by_others:
                case, payee = proposals_by_others[args[0]]
                self.allowed[case].add(payee)  # proposed by a judge, approved by the actor: two accounts
            out = 0
            for e in sent.all("Withdrawn"):
                payee, case = e.args["payee"], int(e.args["caseId"])
                assert payee in self.allowed.get(case, set()), f"{e.args['amount']} left case {case} to {payee}"
                out += int(e.args["amount"])
            assert viewer.token_balance() == before - out + self._paid_in(sent), "tokens left the office otherwise"

        @staticmethod
        def _paid_in(sent: Any) -> int:
            deposits = sum(int(e.args["amount"]) for e in sent.all("Deposited"))
            deducted = sum(int(e.args["amount"]) for e in sent.all("OrderExecuted") if int(e.args["kind"]) == 2)
            return deposits + deducted

        @invariant()
        def payees_are_fixed_by_a_title_or_a_second_account(self) -> None:
            for case in range(cid, viewer.case_count() + 1):
                for cr in viewer.creditors(case):
                    assert cr.payee in self.allowed.get(case, set()), (
                        f"case {case}: creditor {cr.id} pays {cr.payee} (claim {cr.claim}, credited {cr.credited}), "
                        "a payee neither fixed by a title nor approved by a second account"
                    )
            STATS.step_ended()

    if settings.default.max_examples <= 50:
        # the fast and full profiles: each step reads every case's creditors (~350 ms a step here), so at most 20
        # examples keep the run near two minutes; `make fuzz-thorough` runs the thorough profile's 500
        examples = min(settings.default.max_examples, 20)
        SingleActor.TestCase.settings = settings(settings.default, max_examples=examples)
    STATS.run(SingleActor)

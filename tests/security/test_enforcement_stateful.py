"""Stateful fuzzing of the enforcement office's money, through the Python client against the real chain.

Whatever clerks open, judges admit and approve, officers propose, custodians report and execute, debtors deposit,
keepers distribute, payees withdraw and strangers send to the office, after every step:
- the office's token balance covers everything it owes and holds: balance == Σ over cases (seized − withdrawn)
  + what strangers sent it (so ≥ what is owed and held);
- credited never exceeds available: Σ credited == distributed ≤ seized per case, credited ≤ claim and withdrawn ≤
  credited per creditor, outstanding == Σ (claim − credited);
- seized, distributed and withdrawn never decrease; a refused call changes nothing;
- case and order statuses move only along the legal edges.
Each example starts from a snapshot and is reverted."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from courtchain.chain import Chain
from courtchain.clients.enforcement import (
    AssetKind,
    CaseStatus,
    ClaimClass,
    EnforcementClient,
    OrderKind,
    OrderStatus,
    termination_listing,
)
from courtchain.clients.token import SettlementTokenClient
from courtchain.errors import ContractRevert, InputError
from courtchain.suite import Suite
from tests.helpers import FuzzStats

MAX_CASES = 2
MAX_CREDITORS = 4
FUNDS = 10**30
PAYEES = ("creditor", "creditor2", "creditor3")

CASE_EDGES = {
    (CaseStatus.OPEN, CaseStatus.TERMINATED),
    (CaseStatus.TERMINATED, CaseStatus.OPEN),
    (CaseStatus.OPEN, CaseStatus.CLOSED),
    (CaseStatus.TERMINATED, CaseStatus.CLOSED),
}
ORDER_EDGES = {
    (OrderStatus.PROPOSED, OrderStatus.APPROVED),
    (OrderStatus.PROPOSED, OrderStatus.CANCELLED),
    (OrderStatus.APPROVED, OrderStatus.EXECUTED),
    (OrderStatus.APPROVED, OrderStatus.CANCELLED),
    (OrderStatus.PROPOSED, OrderStatus.EXECUTED),  # a termination takes effect on approval
}
REFUSED = (ContractRevert, InputError)
# Mostly small amounts, sometimes one that overflows any sum it enters (refused, and nothing may change).
amounts = st.one_of(st.integers(1, 1000), st.integers(1, 50), st.sampled_from((1, 2, 100, 999, 1000, 2**255)))

STATS = FuzzStats("enforcement")  # printed with -s to show what the run reached


@pytest.mark.slow
def test_enforcement_money_is_conserved(suite: Suite, chain: Chain, accts: dict[str, LocalAccount]) -> None:
    class Counted(EnforcementClient):
        def transact(self, fn: str, *args: Any, **kw: Any) -> Any:
            try:
                sent = super().transact(fn, *args, **kw)
            except ContractRevert as exc:
                STATS.refusals[f"{fn}:{exc.error}"] += 1
                raise
            STATS.done[fn] += 1
            return sent

    def office(name: str) -> EnforcementClient:
        return Counted(suite, accts[name])

    viewer = EnforcementClient(suite)

    class Money(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            suite.reset_nonces()
            self.cases: list[int] = []
            self.orders: list[int] = []
            self.assets: dict[int, list[int]] = {}
            self.stray = 0
            self.base_balance = viewer.token_balance()
            self.base_cases = viewer.case_count()
            self.last: dict[str, Any] = {}
            self.touched: set[int] = set()  # orders a rule acted on (only those can change status)
            self.order_status: dict[int, OrderStatus] = {}  # last status seen of every order
            STATS.step_started()

        def teardown(self) -> None:
            chain.revert(self.snapshot)
            suite.reset_nonces()

        @initialize()
        def fund(self) -> None:
            for name in ("debtor", "custodian", "outsider"):
                t = SettlementTokenClient(suite, accts[name])
                t.mint(accts[name].address, FUNDS)
                t.approve(viewer.address, 2**256 - 1)
            cid, _ = office("clerk").open_case(
                b"\x5b" * 32,
                accts["creditor"].address,
                600,
                debtor_account=accts["debtor"].address,
                costs=40,
                costs_payee=accts["creditor3"].address,
            )
            self.cases.append(cid)
            self.assets[cid] = []
            self.snapshot_state()

        # -- rules -------------------------------------------------------------------------------------------

        @precondition(lambda self: len(self.cases) < MAX_CASES)
        @rule(claim=amounts, costs=st.sampled_from((0, 0, 7, 500)), payee=st.sampled_from(PAYEES))
        def open_case(self, claim: int, costs: int, payee: str) -> None:
            try:
                cid, _ = office("clerk").open_case(
                    b"\x5a" * 32,
                    accts[payee].address,
                    claim,
                    debtor_account=accts["debtor"].address,
                    costs=costs,
                    costs_payee=accts["creditor3"].address,
                )
            except REFUSED:
                return
            self.cases.append(cid)
            self.assets[cid] = []

        @precondition(lambda self: bool(self.cases))
        @rule(
            data=st.data(),
            who=st.sampled_from(("judge", "judge2", "clerk")),
            payee=st.sampled_from(PAYEES),
            cls=st.sampled_from((ClaimClass.COSTS, ClaimClass.PRIORITY, ClaimClass.ORDINARY)),
            rank=st.integers(0, 9),
            claim=amounts,
        )
        def admit(self, data: Any, who: str, payee: str, cls: ClaimClass, rank: int, claim: int) -> None:
            cid = data.draw(st.sampled_from(self.cases))
            if viewer.case(cid).creditor_count >= MAX_CREDITORS:
                return
            try:  # one judge proposes, the other approves (a clerk may do neither)
                sent = office(who).transact(
                    "proposeAdmission", cid, accts[payee].address, int(cls), rank, claim, b"\x01" * 32
                )
                other = "judge2" if who == "judge" else "judge"
                office(other).transact("approveAdmission", int(sent.event("AdmissionProposed").args["admissionId"]))
            except REFUSED as exc:
                assert who == "clerk" or isinstance(exc, ContractRevert), exc
                return
            assert who != "clerk", "a clerk admitted a creditor"

        @precondition(lambda self: bool(self.cases))
        @rule(data=st.data(), value=amounts, kind=st.sampled_from((AssetKind.BANK_DEPOSIT, AssetKind.VEHICLE)))
        def report_asset(self, data: Any, value: int, kind: AssetKind) -> None:
            cid = data.draw(st.sampled_from(self.cases))
            try:
                aid, _ = office("custodian").report_asset(cid, kind, b"\x0a" * 32, value)
            except REFUSED:
                return
            self.assets[cid].append(aid)

        @precondition(lambda self: any(self.assets.values()))
        @rule(
            data=st.data(),
            kind=st.sampled_from((OrderKind.FREEZE, OrderKind.DEDUCT, OrderKind.RELEASE)),
            amount=amounts,
            who=st.sampled_from(("officer", "officer", "judge")),
        )
        def propose(self, data: Any, kind: OrderKind, amount: int, who: str) -> None:
            cid = data.draw(st.sampled_from([c for c, a in self.assets.items() if a]))
            aid = data.draw(st.sampled_from(self.assets[cid]))
            try:
                oid, _ = office(who).propose_order(cid, kind, aid, amount)
            except REFUSED:
                return
            assert who == "officer"
            self.orders.append(oid)
            self.touched.add(oid)

        @precondition(lambda self: bool(self.cases))
        @rule(data=st.data(), ban=st.booleans(), now=st.sampled_from((True, False, False, False)))
        def propose_termination(self, data: Any, ban: bool, now: bool) -> None:
            if not now:  # terminations are rarer than money orders, or every case would end terminated
                return
            cid = data.draw(st.sampled_from(self.cases))
            listing = termination_listing(ban=True) if ban else termination_listing(ban=False, dishonest_reason=3)
            try:
                oid, _ = office("officer").propose_order(cid, OrderKind.TERMINATE, 0, listing, b"\x7e" * 32)
            except REFUSED:
                return
            self.orders.append(oid)
            self.touched.add(oid)

        @precondition(lambda self: bool(self.cases))
        @rule(data=st.data(), value=st.integers(1, 2000), freeze=st.integers(1, 2000), take=st.integers(1, 2000))
        def seize(self, data: Any, value: int, freeze: int, take: int) -> None:
            """The whole path of money from a bank account: report, freeze (proposed, approved, executed), deduct
            (the same). One rule, because hypothesis' swarm testing seldom enables every step rule in one example."""
            cid = data.draw(st.sampled_from(self.cases))
            try:
                aid, _ = office("custodian").report_asset(cid, AssetKind.BANK_DEPOSIT, b"\x0b" * 32, value)
                self.assets[cid].append(aid)
                for kind, amount in ((OrderKind.FREEZE, freeze), (OrderKind.DEDUCT, take)):
                    oid, _ = office("officer").propose_order(cid, kind, aid, amount)
                    self.orders.append(oid)
                    self.observe(oid)
                    office(data.draw(st.sampled_from(("judge", "judge2")))).approve_order(oid)
                    self.observe(oid)
                    m = viewer.money(cid)
                    room = m.outstanding - m.undistributed
                    frozen = viewer.asset(aid).frozen
                    part = amount if kind == OrderKind.FREEZE else min(amount, frozen, room)
                    if part <= 0:
                        return
                    before = viewer.token_balance()
                    office("custodian").execute_order(oid, part)
                    self.observe(oid)
                    if kind == OrderKind.DEDUCT:
                        assert viewer.token_balance() == before + part
            except REFUSED:
                return

        @precondition(lambda self: bool(self.orders))
        @rule(data=st.data(), who=st.sampled_from(("judge", "judge2", "officer")))
        def approve(self, data: Any, who: str) -> None:
            proposed = [
                o for o in self.orders if self.order_status.get(o, OrderStatus.PROPOSED) == OrderStatus.PROPOSED
            ]
            oid = data.draw(st.sampled_from(proposed or self.orders))
            self.touched.add(oid)
            try:
                office(who).transact("approveOrder", oid)
            except ContractRevert:
                return
            assert who != "officer"
            if data.draw(st.booleans()):  # the bank acts at once on what the judge approved
                o = viewer.order(oid)
                part = data.draw(st.sampled_from((o.amount, o.amount, max(1, o.amount // 2), o.amount + 1)))
                try:
                    office("custodian").transact("executeOrder", oid, part)
                except ContractRevert:
                    return
                assert o.kind != OrderKind.TERMINATE and part <= o.amount

        @precondition(lambda self: bool(self.orders))
        @rule(data=st.data(), who=st.sampled_from(("judge", "officer", "outsider")))
        def cancel(self, data: Any, who: str) -> None:
            oid = data.draw(st.sampled_from(self.orders))
            self.touched.add(oid)
            before = viewer.order(oid).status
            try:
                office(who).transact("cancelOrder", oid)
            except ContractRevert:
                return
            assert who != "outsider"
            assert before in (OrderStatus.PROPOSED, OrderStatus.APPROVED), before

        @precondition(lambda self: bool(self.orders))
        @rule(
            data=st.data(),
            amount=st.one_of(st.none(), st.none(), amounts),
            who=st.sampled_from(("custodian", "custodian", "officer")),
        )
        def execute(self, data: Any, amount: int | None, who: str) -> None:
            approved = [o for o, st_ in self.order_status.items() if st_ == OrderStatus.APPROVED]
            oid = data.draw(st.sampled_from(approved or self.orders))
            self.touched.add(oid)
            o = viewer.order(oid)
            amt = o.amount if amount is None else amount
            try:
                office(who).transact("executeOrder", oid, amt)
            except ContractRevert:
                return
            assert who == "custodian" and o.status == OrderStatus.APPROVED and 0 < amt <= o.amount

        @precondition(lambda self: bool(self.cases))
        @rule(data=st.data(), amount=st.one_of(amounts, st.sampled_from(("need-1", "need", "need+1"))))
        def deposit(self, data: Any, amount: int | str) -> None:
            cid = data.draw(st.sampled_from(self.cases))
            if isinstance(amount, str):
                m = viewer.money(cid)
                need = m.outstanding - m.undistributed
                amount = max(1, need + {"need-1": -1, "need": 0, "need+1": 1}[amount])
            try:
                office("debtor").transact("deposit", cid, amount)
            except ContractRevert:
                return

        @precondition(lambda self: bool(self.cases))
        @rule(data=st.data(), page=st.sampled_from((1, 2, 300)))
        def distribute(self, data: Any, page: int) -> None:
            cid = data.draw(st.sampled_from(self.cases))
            try:
                office("keeper").transact("distribute", cid, page)
            except ContractRevert:
                return
            if data.draw(st.booleans()):  # a creditor collects at once
                c = viewer.case(cid)
                owed = [viewer.creditor(cid, i) for i in range(c.creditor_count)]
                owed = [cr for cr in owed if cr.owed > 0]
                if owed:
                    cr = data.draw(st.sampled_from(owed))
                    who = next(k for k in PAYEES if accts[k].address == cr.payee)
                    before = SettlementTokenClient(suite).balance_of(cr.payee)
                    office(who).transact("withdraw", cid, cr.id)
                    assert SettlementTokenClient(suite).balance_of(cr.payee) == before + cr.owed

        @precondition(lambda self: bool(self.cases))
        @rule(data=st.data(), wrong=st.sampled_from((False, False, False, True)))
        def withdraw(self, data: Any, wrong: bool) -> None:
            owed = [
                (c, i)
                for c in self.cases
                for i in range(self.last["cases"][c].creditor_count)
                if viewer.creditor(c, i).owed > 0
            ]
            if owed and data.draw(st.booleans()):
                cid, crid = data.draw(st.sampled_from(owed))
                n = crid + 1
            else:
                cid = data.draw(st.sampled_from(self.cases))
                n = viewer.case(cid).creditor_count
                crid = data.draw(st.integers(0, n))  # n: no such creditor
            payee = viewer.creditor(cid, crid).payee if crid < n else accts["outsider"].address
            who = "outsider" if wrong else next(k for k in (*PAYEES, "outsider") if accts[k].address == payee)
            before = SettlementTokenClient(suite).balance_of(accts[who].address)
            try:
                sent = office(who).transact("withdraw", cid, crid)
            except ContractRevert:
                return
            got = int(sent.event("Withdrawn").args["amount"])
            assert SettlementTokenClient(suite).balance_of(accts[who].address) == before + got
            assert viewer.creditor(cid, crid).payee == accts[who].address

        @rule(amount=st.integers(1, 1000))
        def stray_transfer(self, amount: int) -> None:
            SettlementTokenClient(suite, accts["outsider"]).transfer(viewer.address, amount)
            self.stray += amount

        # -- invariants --------------------------------------------------------------------------------------

        def observe(self, oid: int, status: OrderStatus | None = None) -> None:
            """Check an order's status against the last one seen: new orders start Proposed, then legal edges."""
            status = viewer.order(oid).status if status is None else status
            old_status = self.order_status.get(oid)
            if old_status is None:
                assert status == OrderStatus.PROPOSED, (oid, status)
            elif old_status != status:
                assert (old_status, status) in ORDER_EDGES, (oid, old_status, status)
            self.order_status[oid] = status

        def snapshot_state(self) -> dict[str, Any]:
            cases = {cid: viewer.case(cid) for cid in self.cases}
            orders = {oid: viewer.order(oid).status for oid in self.touched}
            self.touched = set()
            self.last = {"cases": cases, "orders": orders}
            return self.last

        @invariant()
        def money_is_conserved(self) -> None:
            if not self.last:
                return
            previous = self.last
            now = self.snapshot_state()
            held = 0
            for cid, c in now["cases"].items():
                creditors = [viewer.creditor(cid, i) for i in range(c.creditor_count)]
                assert sum(cr.credited for cr in creditors) == c.distributed <= c.seized, (cid, c)
                assert c.withdrawn == sum(cr.withdrawn for cr in creditors) <= c.distributed
                assert c.outstanding == sum(cr.claim - cr.credited for cr in creditors)
                for cr in creditors:
                    assert 0 <= cr.withdrawn <= cr.credited <= cr.claim, cr
                held += c.seized - c.withdrawn
                old = previous["cases"].get(cid)
                if old is not None:
                    assert c.seized >= old.seized and c.distributed >= old.distributed and c.withdrawn >= old.withdrawn
                    if c.status != old.status:
                        assert (old.status, c.status) in CASE_EDGES, (cid, old.status, c.status)
                if c.status == CaseStatus.CLOSED:
                    assert c.outstanding == 0
            balance = viewer.token_balance()
            assert balance == self.base_balance + held + self.stray, (balance, held, self.stray)
            assert balance - self.base_balance >= held
            for oid, status in now["orders"].items():
                self.observe(oid, status)
            STATS.step_ended()

    STATS.run(Money)

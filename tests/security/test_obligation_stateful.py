"""Stateful fuzzing of obligation status and payments, through the Python client against the real chain (the real
CaseDocket and EnforcementOffice behind the consequences of default).

Whatever mediators record, parties sign, judges confirm, debtors pay, creditors acknowledge and withdraw, and
whenever anyone triggers default while time passes (landing exactly on the last second of grace and the first of
default), after every step:
- statuses move only along the legal edges (Pending → Active → Performed | Defaulted; final states stay final);
- payments are conserved: paid == Σ payments + Σ acknowledgements, paid + claimed ≤ total, final (Performed or
  Defaulted) exactly when paid + claimed == total,
  the registry's token balance == what creditors have been credited and not yet withdrawn, and a creditor's credit
  == Σ payments to it − withdrawals;
- default agrees with an independent model of the time rule: triggering succeeds exactly when the first unsettled
  (neither paid nor claimed) instalment's due date + grace lies before now, or, under acceleration, a payment came
  after such a second (issue 16, L1), and the consequence is available; it claims everything outstanding under
  acceleration, else the instalments whose grace has ended (M8), and names its consequence (a docket filing or an
  enforcement case).
Each example starts from a snapshot and is reverted."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from courtchain.chain import Chain
from courtchain.clients.docket import setup_dev_court
from courtchain.clients.obligations import (
    AgreementTerms,
    Consequence,
    ObligationClient,
    ObligationStatus,
    case_type_code,
)
from courtchain.clients.token import SettlementTokenClient
from courtchain.commitments import commitment
from courtchain.errors import ChainError, ContractRevert, InputError
from courtchain.suite import Suite
from tests.helpers import FuzzStats

DAY = 86400
MAX_OBLIGATIONS = 3
GRACE = 2 * DAY
DEBTOR_ID = commitment(b"\x03" * 32, "resident", "11010519491231002X")
CREDITOR_ID = commitment(b"\x04" * 32, "uscc", "91350100M000100Y43")
EDGES = {
    (ObligationStatus.PENDING, ObligationStatus.ACTIVE),
    (ObligationStatus.ACTIVE, ObligationStatus.PERFORMED),
    (ObligationStatus.ACTIVE, ObligationStatus.DEFAULTED),
}
REFUSED = (ContractRevert, InputError)
STATS = FuzzStats("obligation")  # printed with -s to show what the run reached


def model_default(amounts: tuple[int, ...], dues: tuple[int, ...], grace: int, paid: int, now: int) -> int | None:
    """The first second of default by the time rule, or None when everything is settled (`paid`: paid + claimed)."""
    cumulative = 0
    for amount, due in zip(amounts, dues, strict=True):
        cumulative += amount
        if cumulative > paid:
            return due + grace + 1
    return None


def model_claim(
    amounts: tuple[int, ...], dues: tuple[int, ...], grace: int, settled: int, total: int, acceleration: bool, now: int
) -> int:
    """What a default at `now` claims: everything outstanding under acceleration, else the lapsed instalments."""
    if acceleration:
        return total - settled
    lapsed = sum(a for a, d in zip(amounts, dues, strict=True) if d + grace < now)
    return lapsed - settled


@pytest.mark.slow
def test_obligation_status_and_payments(suite: Suite, chain: Chain, accts: dict[str, LocalAccount]) -> None:
    def reg(name: str) -> ObligationClient:
        return ObligationClient(suite, accts[name])

    viewer = ObligationClient(suite)
    token = suite.address("SettlementToken")
    tokens = SettlementTokenClient(suite)

    class Obligations(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            suite.reset_nonces()
            self.ids: list[int] = []
            self.status: dict[int, ObligationStatus] = {}
            self.paid_in: dict[int, int] = {}  # through the contract
            self.acked: dict[int, int] = {}
            self.latched: dict[int, int] = {}  # acceleration: the default second fixed by a late payment (L1)
            self.withdrawn = 0
            self.credited_total = 0
            self.base_balance = tokens.balance_of(viewer.address)
            self.base_credit = viewer.credited(token, accts["creditor"].address)
            STATS.step_started()
            self.pinned: int | None = None
            self.pinned_used: int | None = None

        def teardown(self) -> None:
            chain.revert(self.snapshot)
            suite.reset_nonces()

        @initialize()
        def setup(self) -> None:
            setup_dev_court(suite, accts["clerk"])
            t = SettlementTokenClient(suite, accts["debtor"])
            t.mint(accts["debtor"].address, 10**24)
            t.approve(viewer.address, 2**256 - 1)
            oid = self._create((300, 200), False, Consequence.TRIAL)
            reg("debtor").sign(oid)  # the first agreement binds from the start, so payments and default are reachable
            reg("creditor").sign(oid)
            self.observe(oid)

        def _create(self, amounts: tuple[int, ...], acceleration: bool, consequence: Consequence) -> int:
            now = chain.timestamp() + 1
            dues = tuple(now + (i + 1) * 10 * DAY for i in range(len(amounts)))
            terms = AgreementTerms(
                document_hash=bytes([len(self.ids) + 1]) * 32,
                debtor=DEBTOR_ID,
                debtor_account=accts["debtor"].address,
                creditor=CREDITOR_ID,
                creditor_account=accts["creditor"].address,
                token=token,
                amounts=amounts,
                due_dates=dues,
                grace_period=GRACE,
                acceleration=acceleration,
                consequence=consequence,
                court_id=1,
                case_type=case_type_code("民初"),
            )
            oid, _ = reg("mediator").create_agreement(terms)
            STATS.done["create"] += 1
            self.ids.append(oid)
            self.paid_in[oid] = 0
            self.acked[oid] = 0
            self.observe(oid)
            return oid

        def observe(self, oid: int) -> None:
            status = viewer.obligation(oid).status
            old = self.status.get(oid)
            if old is None:
                assert status == ObligationStatus.PENDING, (oid, status)
            elif old != status:
                assert (old, status) in EDGES, (oid, old, status)
            self.status[oid] = status

        # -- rules -------------------------------------------------------------------------------------------

        @precondition(lambda self: len(self.ids) < MAX_OBLIGATIONS)
        @rule(
            amounts=st.lists(st.integers(1, 500), min_size=1, max_size=3),
            acceleration=st.booleans(),
            consequence=st.sampled_from((Consequence.TRIAL, Consequence.ENFORCEMENT)),
        )
        def create(self, amounts: list[int], acceleration: bool, consequence: Consequence) -> None:
            self._create(tuple(amounts), acceleration, consequence)

        @rule(data=st.data(), who=st.sampled_from(("debtor", "creditor", "creditor", "debtor", "outsider")))
        def sign(self, data: Any, who: str) -> None:
            oid = data.draw(st.sampled_from(self.ids))
            try:
                reg(who).transact("sign", oid)
            except ContractRevert:
                return
            STATS.done["sign"] += 1
            assert who != "outsider"
            self.observe(oid)

        @rule(data=st.data(), who=st.sampled_from(("judge", "judge", "clerk")))
        def confirm(self, data: Any, who: str) -> None:
            oid = data.draw(st.sampled_from(self.ids))
            try:
                reg(who).transact("confirmAgreement", oid, b"\x0c" * 32)
            except ContractRevert:
                return
            STATS.done["confirm"] += 1
            assert who == "judge" and self.status[oid] == ObligationStatus.ACTIVE

        @rule(data=st.data(), how=st.sampled_from(("1", "instalment", "all", "all+1", "any")), by=st.booleans())
        def pay(self, data: Any, how: str, by: bool) -> None:
            """`by`: the debtor pays through the contract, else the creditor acknowledges an off-chain payment."""
            oid = data.draw(st.sampled_from(self.ids))
            o = viewer.obligation(oid)
            rest = o.outstanding
            amount = {
                "1": 1,
                "instalment": o.amounts[0],
                "all": rest,
                "all+1": rest + 1,
                "any": data.draw(st.integers(0, 600)),
            }[how]
            before = tokens.balance_of(viewer.address)
            try:
                if by:
                    sent = reg("debtor").transact("pay", oid, amount)
                else:
                    sent = reg("creditor").transact("acknowledgePayment", oid, amount, b"\x0d" * 32)
            except ContractRevert as exc:
                assert o.status != ObligationStatus.ACTIVE or amount == 0 or amount > rest, (
                    f"a valid payment refused: {exc}"
                )
                assert tokens.balance_of(viewer.address) == before
                return
            STATS.done["pay" if by else "acknowledge"] += 1
            assert o.status == ObligationStatus.ACTIVE and 0 < amount <= rest
            at = chain.timestamp(sent.block)
            since = model_default(o.amounts, o.due_dates, o.grace_period, o.paid + o.claim_amount, at)
            fixes = o.acceleration and oid not in self.latched and since is not None and at >= since
            assert bool(sent.all("DefaultOccurred")) == fixes, (oid, at, since, o)
            if fixes:
                assert since is not None
                self.latched[oid] = since
            if by:
                self.paid_in[oid] += amount
                self.credited_total += amount
                assert tokens.balance_of(viewer.address) == before + amount
            else:
                self.acked[oid] += amount
                assert tokens.balance_of(viewer.address) == before
            self.observe(oid)

        @rule(who=st.sampled_from(("creditor", "creditor", "outsider")))
        def withdraw(self, who: str) -> None:
            credit = viewer.credited(token, accts[who].address)
            before = tokens.balance_of(accts[who].address)
            try:
                reg(who).transact("withdraw", token)
            except ContractRevert:
                assert credit == 0
                return
            STATS.done["withdraw"] += 1
            assert tokens.balance_of(accts[who].address) == before + credit
            if who == "creditor":
                self.withdrawn += credit

        @rule(
            data=st.data(),
            where=st.sampled_from(("last grace second", "first default second", "a day", "a month")),
        )
        def time_passes(self, data: Any, where: str) -> None:
            now = chain.timestamp()
            if where in ("a day", "a month"):
                chain.set_next_timestamp(now + (DAY if where == "a day" else 30 * DAY))
                chain.mine()
                return
            oid = data.draw(st.sampled_from(self.ids))
            o = viewer.obligation(oid)
            since = model_default(o.amounts, o.due_dates, o.grace_period, o.paid + o.claim_amount, now)
            if since is None:
                return
            target = since - 1 if where == "last grace second" else since
            if target > now + 1:
                # the next block (the trigger below) lands on exactly `target`
                chain.set_next_timestamp(target)
                self.pinned = target
                self.trigger_one(oid, data.draw(st.booleans()))

        @rule(data=st.data(), batch=st.booleans())
        def trigger(self, data: Any, batch: bool) -> None:
            self.trigger_one(data.draw(st.sampled_from(self.ids)), batch)

        def trigger_one(self, oid: int, batch: bool) -> None:
            o = viewer.obligation(oid)
            if self.pinned is None:  # pin every trigger to a known second: the model needs the exact time
                self.pinned = chain.timestamp() + 1
                chain.set_next_timestamp(self.pinned)
            at = self.pinned
            self.pinned_used, self.pinned = self.pinned, None

            def model(at: int) -> tuple[int | None, bool]:
                since = self.latched.get(oid) or model_default(
                    o.amounts, o.due_dates, o.grace_period, o.paid + o.claim_amount, at
                )
                expected = (
                    o.status == ObligationStatus.ACTIVE
                    and since is not None
                    and at >= since
                    and (o.consequence == Consequence.TRIAL or o.judicially_confirmed)
                )
                return since, expected

            since, expected = model(at)
            try:
                # Sent without estimation (gas given), so that it is mined at exactly the pinned second whether it
                # succeeds or reverts: gas estimation may not run at the pin.
                sent = reg("keeper").transact(
                    "triggerDefaults" if batch else "triggerDefault",
                    [oid] if batch else oid,
                    gas=2_000_000,
                )
            except (ContractRevert, ChainError) as exc:
                assert not batch, exc
                assert not expected, f"default of {oid} at {at} (since {since}) refused: {exc}"
                return
            block_time = chain.timestamp(sent.block)
            if at != block_time:  # not pinned: the model at the block's real time
                at = block_time
                since, expected = model(at)
            defaulted = bool(sent.all("ObligationDefaulted"))
            assert defaulted == expected, (oid, at, since, o, [(e.name, dict(e.args)) for e in sent.events])
            if defaulted:
                STATS.done["default"] += 1
                settled = o.paid + o.claim_amount
                claim = model_claim(o.amounts, o.due_dates, o.grace_period, settled, o.total, o.acceleration, at)
                ev = sent.event("ObligationDefaulted").args
                assert (ev["claimAmount"], ev["since"]) == (claim, since), (oid, at, o, dict(ev))
                after = viewer.obligation(oid)
                assert after.consequence_id != 0 and after.pending_claim == 0
                assert after.claim_amount == o.claim_amount + claim and ev["outstanding"] == after.outstanding
                self.latched.pop(oid, None)
            self.observe(oid)

        # -- invariants --------------------------------------------------------------------------------------

        @invariant()
        def conserved(self) -> None:
            for oid in self.ids:
                o = viewer.obligation(oid)
                self.observe(oid)
                assert o.paid == self.paid_in[oid] + self.acked[oid], (oid, o.paid)
                assert o.paid + o.claim_amount <= o.total, (oid, o.paid, o.claim_amount, o.total)
                assert o.acknowledged == self.acked[oid]
                final = o.status in (ObligationStatus.PERFORMED, ObligationStatus.DEFAULTED)
                assert final == (o.paid + o.claim_amount == o.total and o.total > 0), (oid, o)
                assert o.status != ObligationStatus.DEFAULTED or o.claim_amount > 0
            owed = self.credited_total - self.withdrawn
            assert viewer.credited(token, accts["creditor"].address) == self.base_credit + owed
            assert tokens.balance_of(viewer.address) == self.base_balance + owed
            STATS.step_ended()

    STATS.run(Obligations)

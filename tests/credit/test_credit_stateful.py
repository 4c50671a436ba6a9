"""Stateful test: random two-judge listings and removals, objections and time travel against a Python model of the
rules. After every step, every entry's status and every subject's restriction on chain must equal the model's."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from courtchain.chain import Chain
from courtchain.clients.credit import DAY, CaseDomain, CreditClient, EntryKind, EntryStatus
from courtchain.errors import ContractRevert
from courtchain.suite import Suite
from tests.credit.conftest import SUBJECT_A, SUBJECT_B, SUBJECT_C, doc

SUBJECTS = (SUBJECT_A, SUBJECT_B, SUBJECT_C)
REASON = {EntryKind.DISHONEST_DEBTOR: 1, EntryKind.HIGH_CONSUMPTION_BAN: 101}


@dataclass
class Model:
    subject: bytes
    case: int
    kind: EntryKind
    start: int
    end: int
    status: EntryStatus = EntryStatus.ACTIVE
    ended: int = 0

    def current(self, t: int) -> bool:
        if not self.start <= t < self.end:
            return False
        return self.status == EntryStatus.ACTIVE or t < self.ended

    def status_at(self, t: int) -> EntryStatus:
        if self.status == EntryStatus.ACTIVE and t >= self.end:
            return EntryStatus.EXPIRED
        return self.status


@pytest.mark.slow
def test_registry_follows_the_model(
    suite: Suite,
    chain: Chain,
    judge: LocalAccount,
    judge2: LocalAccount,
    judge3: LocalAccount,
    debtor: LocalAccount,
    cases: list[int],
) -> None:
    listing = CreditClient(suite, judge)  # proposes listings
    deciding = CreditClient(suite, judge2)  # approves listings, proposes removals, dismisses objections
    approving = CreditClient(suite, judge3)  # approves removals
    objecting = CreditClient(suite, debtor)

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snap = chain.snapshot()
            suite.reset_nonces()
            self.entries: dict[int, Model] = {}

        def teardown(self) -> None:
            chain.revert(self.snap)
            suite.reset_nonces()

        def _current_for(self, subject: bytes, case: int, kind: EntryKind, t: int) -> int | None:
            for i, m in self.entries.items():
                if (m.subject, m.case, m.kind) == (subject, case, kind) and m.current(t):
                    return i
            return None

        @rule(
            s=st.sampled_from(SUBJECTS),
            case=st.integers(1, 2),
            kind=st.sampled_from([EntryKind.DISHONEST_DEBTOR, EntryKind.HIGH_CONSUMPTION_BAN]),
            days=st.sampled_from([1, 2, 30]),
        )
        def list_entry(self, s: bytes, case: int, kind: EntryKind, days: int) -> None:
            t = chain.timestamp() + 1
            chain.set_next_timestamp(t)
            existing = self._current_for(s, case, kind, t)
            try:
                pid, _ = listing.propose_listing(
                    s, CaseDomain.ENFORCEMENT, case, kind, REASON[kind], doc("o"), days * DAY
                )
            except ContractRevert as exc:
                assert exc.error == "CreditAlreadyListed" and exc.arguments["entryId"] == existing
                return
            assert existing is None
            t = chain.timestamp() + 1
            chain.set_next_timestamp(t)
            entry, _ = deciding.approve(pid)
            self.entries[entry.id] = Model(s, case, kind, t, t + days * DAY)

        @rule(data=st.data())
        def remove_entry(self, data: st.DataObject) -> None:
            if not self.entries:
                return
            i = data.draw(st.sampled_from(sorted(self.entries)))
            m = self.entries[i]
            if m.status == EntryStatus.REMOVED:
                return
            t = chain.timestamp() + 1
            chain.set_next_timestamp(t)
            upheld_objection = data.draw(st.booleans())
            oid = objecting.object(i, doc("application"))[0] if upheld_objection else 0
            pid, _ = deciding.propose_removal(i, doc("upheld" if oid else "correction"), objection_id=oid)
            t = chain.timestamp() + 1
            chain.set_next_timestamp(t)
            approving.approve(pid)
            if m.status == EntryStatus.ACTIVE:
                m.ended = min(t, m.end)
            m.status = EntryStatus.REMOVED

        @rule(data=st.data())
        def dismiss_objection(self, data: st.DataObject) -> None:
            live = [i for i, m in self.entries.items() if m.status != EntryStatus.REMOVED]
            if not live:
                return
            i = data.draw(st.sampled_from(sorted(live)))
            oid, _ = objecting.object(i, doc("application"))
            deciding.dismiss_objection(oid, doc("dismissed"))

        @rule(seconds=st.sampled_from([1, 3600, DAY - 1, DAY, 7 * DAY]))
        def time_passes(self, seconds: int) -> None:
            chain.sleep(seconds)

        @rule(data=st.data(), offset=st.sampled_from([-1, 0, 1]))
        def to_an_end(self, data: st.DataObject, offset: int) -> None:
            """Jump to one second around an entry's end (or its removal), where the boundaries are."""
            if not self.entries:
                return
            m = self.entries[data.draw(st.sampled_from(sorted(self.entries)))]
            target = (m.ended or m.end) + offset
            if target > chain.timestamp():
                chain.set_time(target)

        @invariant()
        def chain_matches_model(self) -> None:
            t = chain.timestamp()
            for i, m in self.entries.items():
                assert listing.entry_status(i) == m.status_at(t), i
            restrictions = listing.check_many(list(SUBJECTS))
            for s, r in zip(SUBJECTS, restrictions, strict=True):
                cur = [m for m in self.entries.values() if m.subject == s and m.current(t)]
                dishonest = [m.end for m in cur if m.kind == EntryKind.DISHONEST_DEBTOR]
                ban = [m.end for m in cur if m.kind == EntryKind.HIGH_CONSUMPTION_BAN]
                assert (r.dishonest_debtor, r.dishonest_until) == (bool(dishonest), max(dishonest, default=0))
                assert (r.high_consumption_ban, r.ban_until) == (bool(ban), max(ban, default=0))

    Machine.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Machine.TestCase().runTest()

"""Stateful fuzzing of the hub's governance: whatever governors propose, approve, execute or cancel, and whatever
anyone calls directly, no account gains or loses a role except through an executed proposal, and the threshold
stays reachable. Runs against the real chain; each example starts from a snapshot and is reverted."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from courtchain.chain import Chain
from courtchain.clients.consortium import Action, ConsortiumClient, ProposalState
from courtchain.errors import ContractRevert
from courtchain.roles import ROLE_NAMES, ROLES
from courtchain.suite import Suite

GOVERNOR_NAMES = ("court_governor", "bank_governor", "credit_governor")
SUBJECTS = ("judge", "clerk", "outsider", "auditor")
WATCHED_ROLES = ("GOVERNOR", "JUDGE", "CLERK")


@pytest.mark.slow
def test_governance_never_escalates(suite: Suite, chain: Chain, accts: dict[str, LocalAccount]) -> None:
    class Governance(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            suite.reset_nonces()
            self.hub = ConsortiumClient(suite)
            # The model: role holdings as granted (roleGranted), changed only by executed proposals.
            self.granted = {
                (r, s): bool(self.hub.view("roleGranted", ROLES[r], accts[s].address))
                for r in WATCHED_ROLES
                for s in SUBJECTS
            }
            self.proposals: dict[int, list[tuple[str, str, str]]] = {}

        def teardown(self) -> None:
            chain.revert(self.snapshot)
            suite.reset_nonces()

        def client(self, name: str) -> ConsortiumClient:
            return ConsortiumClient(suite, accts[name])

        @initialize()
        def start(self) -> None:
            pass

        @rule(
            proposer=st.sampled_from((*GOVERNOR_NAMES, "judge", "outsider")),
            changes=st.lists(
                st.tuples(
                    st.sampled_from(("grant", "revoke")), st.sampled_from(WATCHED_ROLES), st.sampled_from(SUBJECTS)
                ),
                min_size=1,
                max_size=3,
            ),
        )
        def propose(self, proposer: str, changes: list[tuple[str, str, str]]) -> None:
            c = self.client(proposer)
            actions: list[Action] = [
                (c.grant_role if op == "grant" else c.revoke_role)(role, accts[s].address) for op, role, s in changes
            ]
            try:
                pid, _ = c.propose(actions)
            except ContractRevert as exc:
                assert proposer not in GOVERNOR_NAMES and exc.error == "ConsortiumNotGovernor"
                return
            assert proposer in GOVERNOR_NAMES
            self.proposals[pid] = changes

        @precondition(lambda self: bool(self.proposals))
        @rule(data=st.data(), approver=st.sampled_from((*GOVERNOR_NAMES, "clerk")))
        def approve(self, data: Any, approver: str) -> None:
            pid = data.draw(st.sampled_from(sorted(self.proposals)))
            try:
                self.client(approver).approve(pid)
            except ContractRevert as exc:
                assert exc.error in (
                    "ConsortiumNotGovernor",
                    "ConsortiumAlreadyApproved",
                    "ConsortiumUnexpectedProposalState",
                )

        @precondition(lambda self: bool(self.proposals))
        @rule(data=st.data(), executor=st.sampled_from(("outsider", "court_governor", "debtor")))
        def execute(self, data: Any, executor: str) -> None:
            pid = data.draw(st.sampled_from(sorted(self.proposals)))
            state = self.hub.proposal(pid).state
            try:
                self.client(executor).execute(pid)
            except ContractRevert as exc:
                assert exc.error in ("ConsortiumUnexpectedProposalState", "ConsortiumActionFailed"), exc
                if exc.error == "ConsortiumUnexpectedProposalState":
                    assert state != ProposalState.APPROVED
                return
            assert state == ProposalState.APPROVED
            for op, role, s in self.proposals.pop(pid):
                self.granted[(role, s)] = op == "grant"

        @precondition(lambda self: bool(self.proposals))
        @rule(data=st.data())
        def cancel(self, data: Any) -> None:
            pid = data.draw(st.sampled_from(sorted(self.proposals)))
            proposer = next(n for n in GOVERNOR_NAMES if accts[n].address == self.hub.proposal(pid).proposer)
            try:
                self.client(proposer).cancel(pid)
                self.proposals.pop(pid)
            except ContractRevert as exc:
                assert exc.error == "ConsortiumUnexpectedProposalState"

        @rule(
            caller=st.sampled_from(SUBJECTS + GOVERNOR_NAMES),
            role=st.sampled_from(ROLE_NAMES),
            subject=st.sampled_from(SUBJECTS),
        )
        def direct_grant(self, caller: str, role: str, subject: str) -> None:
            try:
                self.client(caller).transact("grantRole", ROLES[role], accts[subject].address)
            except ContractRevert as exc:
                assert exc.error == "ConsortiumOnlyGovernance"
            else:
                raise AssertionError("a direct grantRole succeeded")

        @rule(seconds=st.sampled_from((3600, 86400, 8 * 86400)))
        def time_passes(self, seconds: int) -> None:
            chain.sleep(seconds)

        @invariant()
        def roles_change_only_by_governance(self) -> None:
            for (role, s), expected in self.granted.items():
                assert bool(self.hub.view("roleGranted", ROLES[role], accts[s].address)) == expected, (role, s)

        @invariant()
        def threshold_reachable(self) -> None:
            assert 1 <= self.hub.threshold() <= self.hub.governing_members()

    Governance.TestCase().runTest()

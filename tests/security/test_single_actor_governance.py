"""Property: no single account can change governance (audit issue 16, M1).

One actor per example, any account the suite knows (a governor, a second governor account of the court, a judge, a
custodian, an outsider), calls whatever it likes: it proposes governance changes, approves, executes and cancels any
proposal, and calls the governance-only functions directly. Between its steps the OTHER governors legitimately change
the consortium by complete proposals of their own (never by approving the actor's): they move the actor's account
to another member, grant or revoke its GOVERNOR role, suspend, reinstate or remove members, and set the threshold
(never below 2: with a threshold of 1 the consortium has chosen one-account governance). Time passes too.

After every step the governance state (members and their statuses and records, accounts' members, every role of
every account the test knows, threshold, governing members, proposal lifetime, suite contracts) equals what it was
after the last step of the others: nothing the actor does alone changes it; and none of the actor's proposals
(which nobody else approves) is ever Approved or Executed.

On the hub before the governance epoch, the examples find the exploit of M1: the actor proposes (one approval, its
member's), the others move its account to another member and make it a governor there, the actor approves again (a
second member's approval) and may execute alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from courtchain.chain import Chain
from courtchain.clients.consortium import Action, ConsortiumClient
from courtchain.errors import ContractRevert, InputError
from courtchain.roles import ROLES, SUITE_KEYS
from courtchain.suite import Suite
from tests.helpers import FuzzStats

ACTORS = ("court_governor", "bank_governor", "credit_governor", "registrar", "judge", "custodian", "outsider")
# Accounts that may govern (the registrar is given GOVERNOR for the court at the start; the others may move an actor).
GOVERNOR_POOL = ("court_governor", "registrar", "bank_governor", "credit_governor", "judge", "custodian", "outsider")
TRACKED = (*GOVERNOR_POOL, "clerk", "credit_agency", "mediator", "auditor")
EXTRA_KEY = b"\x01" * 32
# Governance-only functions the actor calls directly, with arguments that would succeed from the hub itself.
DIRECT = ("setThreshold", "grantRole", "removeMember", "setProposalLifetime", "setSuiteContract", "addAccount")
REFUSED = (ContractRevert, InputError)
STATS = FuzzStats("single-actor governance")  # printed with -s to show what the run reached


@pytest.mark.slow
def test_no_single_account_changes_governance(suite: Suite, chain: Chain, accts: dict[str, LocalAccount]) -> None:
    viewer = ConsortiumClient(suite)
    hub = suite.contract("CourtConsortium")
    token = suite.address("SettlementToken")
    keys = [*SUITE_KEYS.values(), EXTRA_KEY]

    encoded: dict[tuple[str, tuple[Any, ...]], str] = {}  # ABI encoding is slow in Python; the calls repeat

    def calldata(fn: str, args: list[Any]) -> str:
        key = (fn, tuple(args))
        if key not in encoded:
            encoded[key] = hub.encode_abi(fn, args=args)
        return encoded[key]

    def batch_call(calls: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Any], Any]]:
        """Hub views in one batch of eth_calls: (function, arguments, raw result or error), in order."""
        batch = [("eth_call", [{"to": hub.address, "data": calldata(fn, a)}, "latest"]) for fn, a in calls]
        answers = chain.rpc_batch(batch)
        return [(fn, a, r.get("result", r.get("error"))) for (fn, a), r in zip(calls, answers, strict=True)]

    def governance_state() -> list[Any]:
        """Everything governance decides, read in one batch (raw results, compared exactly)."""
        count = viewer.member_count()
        calls: list[tuple[str, list[Any]]] = [
            ("memberCount", []),
            ("threshold", []),
            ("governingMembers", []),
            ("proposalLifetime", []),
        ]
        calls += [("getMember", [i]) for i in range(1, count + 1)]
        calls += [("memberOf", [accts[n].address]) for n in TRACKED]
        calls += [("roleGranted", [rid, accts[n].address]) for rid in ROLES.values() for n in TRACKED]
        calls += [("suiteContract", [k]) for k in keys]
        return batch_call(calls)

    def client(name: str) -> ConsortiumClient:
        return ConsortiumClient(suite, accts[name])

    def actions_pool(actor: str) -> list[Action]:
        """Governance changes an actor would like to make alone (each valid on its own in the initial state)."""
        return [
            viewer.set_threshold(1),
            viewer.grant_role("JUDGE", accts[actor].address) if actor != "outsider" else viewer.set_threshold(1),
            viewer.grant_role("JUDGE", accts["custodian"].address),
            viewer.update_member_metadata(1, b"\x07" * 32),
            viewer.set_proposal_lifetime(3600),
            viewer.set_suite_contract(EXTRA_KEY, token),
            viewer.add_account(4, accts["outsider"].address),
            viewer.suspend_member(3),
        ]

    class SingleActor(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            suite.reset_nonces()
            self.actor = ""
            self.expected: list[Any] = []
            self.actor_pids: list[int] = []
            STATS.step_started()

        def teardown(self) -> None:
            chain.revert(self.snapshot)
            suite.reset_nonces()

        # -- the others: complete, legitimate proposals of governors other than the actor ----------------------

        def others_govern(self, what: str, actions: list[Action]) -> None:
            others = [n for n in GOVERNOR_POOL if n != self.actor]
            views = batch_call(
                [("threshold", [])]
                + [("hasRole", [ROLES["GOVERNOR"], accts[n].address]) for n in others]
                + [("memberOf", [accts[n].address]) for n in others]
            )
            threshold = int(views[0][2], 16)
            governs = [int(v[2], 16) == 1 for v in views[1 : 1 + len(others)]]
            members = [int(v[2], 16) for v in views[1 + len(others) :]]
            by_member: dict[int, str] = {}
            for n, g, m in zip(others, governs, members, strict=True):
                if g:
                    by_member.setdefault(m, n)
            governors = list(by_member.values())
            if len(governors) < threshold:
                STATS.refusals[f"others-{what}:too few other governors"] += 1
                return
            proposer = client(governors[0])
            pid, _ = proposer.propose(actions, f"others: {what}")
            for n in governors[1:threshold]:
                client(n).approve(pid)
            try:
                proposer.execute(pid)
            except ContractRevert as exc:
                proposer.cancel(pid)  # nothing is left open for the actor to finish
                STATS.refusals[f"others-{what}:{exc.error}"] += 1
            else:
                STATS.done[f"others-{what}"] += 1
            self.expected = governance_state()

        @initialize(actor=st.sampled_from(ACTORS))
        def start(self, actor: str) -> None:
            self.actor = actor
            # The court gets a second governor account, so that its first can be moved or expelled.
            viewer_governors = [accts[n] for n in ("court_governor", "bank_governor", "credit_governor")]
            viewer.govern([viewer.grant_role("GOVERNOR", accts["registrar"].address)], viewer_governors)
            self.expected = governance_state()

        @rule(
            change=st.sampled_from(("move", "governor", "member", "threshold", "time")),
            data=st.data(),
        )
        def others_change(self, change: str, data: Any) -> None:
            """One legitimate change by the other governors (weighted toward moving the actor), or time passing."""
            address = accts[self.actor].address
            if change == "move":  # to another member (1..4) than its own, and a governor there
                current = viewer.member_of(address)
                step = data.draw(st.integers(1, 3), label="step")
                member = (current - 1 + step) % 4 + 1 if current else step
                actions = [viewer.remove_account(address)] if current else []
                actions += [viewer.add_account(member, address), viewer.grant_role("GOVERNOR", address)]
                self.others_govern("move-actor", actions)
            elif change == "governor":
                grant = data.draw(st.booleans(), label="grant")
                act = viewer.grant_role if grant else viewer.revoke_role
                self.others_govern("actor-governor", [act("GOVERNOR", address)])
            elif change == "member":
                op = data.draw(st.sampled_from(("suspend", "reinstate", "suspend", "reinstate", "remove")), label="op")
                member = data.draw(st.integers(1, 4), label="member")
                act = {"suspend": viewer.suspend_member, "reinstate": viewer.reinstate_member}.get(
                    op, viewer.remove_member
                )
                self.others_govern(f"member-{op}", [act(member)])
            elif change == "threshold":
                threshold = data.draw(st.integers(2, 4), label="threshold")
                self.others_govern("threshold", [viewer.set_threshold(threshold)])
            else:
                chain.sleep(data.draw(st.sampled_from((1, 3)), label="days") * 86400)

        @rule(data=st.data())
        def others_move_the_actor(self, data: Any) -> None:
            self.others_change("move", data)

        # -- the actor, alone ---------------------------------------------------------------------------------------

        def acted(self, fn: str, call: Any) -> Any:
            try:
                result = call()
            except REFUSED as exc:
                STATS.refusals[f"actor-{fn}:{getattr(exc, 'error', type(exc).__name__)}"] += 1
                return None
            STATS.done[f"actor-{fn}"] += 1
            return result

        def targets(self, data: Any) -> list[int]:
            """The proposals the actor acts on: all of its own (newest first), or any one id."""
            count = viewer.proposal_count()
            if self.actor_pids and data.draw(st.booleans(), label="all of its own"):
                return self.actor_pids[::-1]
            return [data.draw(st.integers(1, count), label="proposal")]

        @precondition(lambda self: len(self.actor_pids) < 3)  # leave the steps to moves and approvals
        @rule(picks=st.lists(st.integers(0, 7), min_size=1, max_size=2, unique=True))
        def actor_proposes(self, picks: list[int]) -> None:
            pool = actions_pool(self.actor)
            proposed = self.acted("propose", lambda: client(self.actor).propose([pool[i] for i in picks]))
            if proposed is not None:
                self.actor_pids.append(proposed[0])

        @precondition(lambda self: bool(self.actor_pids))
        @rule(data=st.data())
        def actor_approves(self, data: Any) -> None:
            for pid in self.targets(data):
                self.acted("approve", lambda pid=pid: client(self.actor).approve(pid))

        @precondition(lambda self: bool(self.actor_pids))
        @rule(data=st.data())
        def actor_executes(self, data: Any) -> None:
            for pid in self.targets(data):
                self.acted("execute", lambda pid=pid: client(self.actor).execute(pid))

        @rule(data=st.data(), fn=st.sampled_from(("cancel", *DIRECT)))
        def actor_cancels_or_calls_directly(self, data: Any, fn: str) -> None:
            if fn == "cancel":
                pid = self.targets(data)[0]
                self.acted("cancel", lambda: client(self.actor).cancel(pid))
                return
            args: dict[str, list[Any]] = {
                "setThreshold": [1],
                "grantRole": [ROLES["JUDGE"], accts[self.actor].address],
                "removeMember": [2],
                "setProposalLifetime": [3600],
                "setSuiteContract": [EXTRA_KEY, token],
                "addAccount": [1, accts["outsider"].address],
            }
            try:
                client(self.actor).transact(fn, *args[fn])
            except ContractRevert as exc:
                assert exc.error == "ConsortiumOnlyGovernance", exc
                STATS.refusals[f"actor-direct:{exc.error}"] += 1
            else:
                raise AssertionError(f"a direct {fn} by {self.actor} succeeded")

        @invariant()
        def the_actors_proposals_never_pass(self) -> None:
            # Nobody else approves them, so none may ever be Approved (2) or Executed (3).
            if self.actor_pids:
                states = batch_call([("proposalState", [pid]) for pid in self.actor_pids])
                passed = [
                    pid for pid, (_, _, raw) in zip(self.actor_pids, states, strict=True) if int(raw, 16) in (2, 3)
                ]
                assert not passed, f"{self.actor} alone brought proposals {passed} to Approved or Executed"

        @invariant()
        def governance_changes_only_by_the_others(self) -> None:
            if self.expected:
                now = governance_state()
                assert len(now) == len(self.expected), f"{self.actor} alone changed the number of members"
                changed = [(fn, args) for (fn, args, a), (_, _, b) in zip(self.expected, now, strict=True) if a != b]
                assert not changed, f"{self.actor} alone changed {changed}"
            STATS.step_ended()

    STATS.run(SingleActor)

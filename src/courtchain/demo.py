"""The main job: the whole court procedure on a chain, narrated step by step, each step with its gas and time.

Steps are plain functions over a `Demo`; each records the transactions it sent. The procedure grows as the
contracts land (see the issues); every step is real: real transactions on a real node, checked receipts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from eth_account.signers.local import LocalAccount

from .accounts import dev_accounts
from .clients.base import Sent
from .clients.consortium import ConsortiumClient, MemberKind
from .suite import Suite


@dataclass
class StepResult:
    number: int
    title: str
    lines: list[str] = field(default_factory=list)
    gas: int = 0
    transactions: int = 0
    seconds: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)


class Demo:
    """State shared by the steps: the suite, the named accounts, and what each step did."""

    def __init__(self, suite: Suite, narrate: Callable[[StepResult], None] = lambda r: None) -> None:
        self.suite = suite
        self.accounts: dict[str, LocalAccount] = dev_accounts()
        self.results: list[StepResult] = []
        self.narrate = narrate
        self.context: dict[str, Any] = {}
        self._current: StepResult | None = None

    @property
    def governors(self) -> list[LocalAccount]:
        return [self.accounts[n] for n in ("court_governor", "bank_governor", "credit_governor")]

    @contextmanager
    def step(self, title: str) -> Iterator[StepResult]:
        result = StepResult(len(self.results) + 1, title)
        self._current = result
        t0 = time.monotonic()
        try:
            yield result
        finally:
            result.seconds = time.monotonic() - t0
            self._current = None
        self.results.append(result)
        self.narrate(result)

    def record(self, sent: Sent | list[Sent]) -> Sent | list[Sent]:
        """Count a step's transactions and gas."""
        assert self._current is not None, "record() outside a step"
        for s in sent if isinstance(sent, list) else [sent]:
            self._current.gas += s.gas_used
            self._current.transactions += 1
        return sent

    def say(self, line: str) -> None:
        assert self._current is not None
        self._current.lines.append(line)


def step_consortium(demo: Demo) -> None:
    with demo.step("The consortium forms") as r:
        hub = ConsortiumClient(demo.suite)
        members = hub.members()
        for m in members:
            demo.say(f"member {m.id}: {m.name} ({m.kind.name.lower().replace('_', ' ')})")
        demo.say(f"governance: {hub.threshold()} of {hub.governing_members()} governing members approve each change")
        r.data["members"] = len(members)


def step_governance(demo: Demo) -> None:
    with demo.step("Governance admits a notary office by 2-of-3 approval") as r:
        court, bank = demo.governors[0], demo.governors[1]
        hub = ConsortiumClient(demo.suite, court)
        pid, sent = hub.propose(
            [hub.admit_member(MemberKind.NOTARY, "Beijing Fangzheng Notary Office")], "admit notary"
        )
        demo.record(sent)
        demo.say(f"proposal {pid} made by the court's governor (1 approval)")
        demo.record(ConsortiumClient(demo.suite, bank).approve(pid))
        demo.say("the bank's governor approves (2 approvals: threshold met)")
        executed = demo.record(hub.execute(pid))
        assert isinstance(executed, Sent)
        member_id = executed.event("MemberAdmitted").args["memberId"]
        demo.say(f"executed: member {member_id} admitted")
        r.data["proposalId"] = pid


STEPS: list[Callable[[Demo], None]] = [step_consortium, step_governance]


def run(suite: Suite, narrate: Callable[[StepResult], None] = lambda r: None) -> list[StepResult]:
    demo = Demo(suite, narrate)
    for s in STEPS:
        s(demo)
    return demo.results

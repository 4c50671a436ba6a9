"""The main job: the whole court procedure on a chain, narrated step by step, each step with its gas and time.

Steps are plain functions over a `Demo`; each records the transactions it sent. The procedure grows as the
contracts land (see the issues); every step is real: real transactions on a real node, checked receipts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount

from . import paths
from .accounts import dev_accounts
from .clients.base import Sent
from .clients.consortium import ConsortiumClient, MemberKind
from .clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from .commitments import commitment, new_salt
from .suite import Suite
from .verify import ProofFile, sha256_file

DEMO_CASE = 2026001
DEMO_DOCUMENTS = paths.BUILD / "demo-documents"


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
        self.documents = DEMO_DOCUMENTS  # where the demo writes the documents it anchors
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


def step_evidence(demo: Demo) -> None:
    """Anchor a judgment (single) and three served notices (one batch, with proof files), serve the judgment; the
    files are written to build/demo-documents/ for the verification portal (`courtchain portal`)."""
    with demo.step("The court anchors a judgment and a batch of notices; the documents stay off chain") as r:
        out = demo.documents
        out.mkdir(parents=True, exist_ok=True)
        chain = demo.suite.chain
        stamp = f"chain {chain.chain_id}, block {chain.block_number()}, {time.time_ns()}"  # unique per run
        judgment = out / "judgment.txt"
        judgment.write_text(
            f"Intermediate People's Court — Civil Judgment ({DEMO_CASE})\n\nThe defendant shall pay the plaintiff "
            f"CNY 120,000 within 30 days of this judgment taking effect.\n\n[demo document, {stamp}]\n"
        )
        clerk = EvidenceClient(demo.suite, demo.accounts["clerk"])
        h = sha256_file(judgment)
        demo.record(clerk.anchor(h, DocumentKind.JUDGMENT, DEMO_CASE, AnchorRole.CLERK))
        demo.say(f"judgment anchored as a single document: {judgment} (SHA-256 0x{h.hex()[:16]}...)")
        notices = []
        for i in range(1, 4):
            notice = out / f"notice-{i}.txt"
            notice.write_text(f"Notice of hearing {i} in case {DEMO_CASE}\n\n[demo document, {stamp}]\n")
            notices.append(notice)
        hashes = [sha256_file(n) for n in notices]
        batch = clerk.anchor_batch(hashes, DocumentKind.SERVED_DOCUMENT, DEMO_CASE, AnchorRole.CLERK)
        demo.record(batch.sent)
        for notice, nh in zip(notices, hashes, strict=True):
            proof = batch.tree.proof(nh)
            ProofFile(nh, batch.root, proof, notice.name, chain.chain_id, clerk.address, batch.sent.tx_hash).write(
                out / (notice.name + ".proof.json")
            )
        demo.say(
            f"{len(notices)} notices anchored in one batch (root 0x{batch.root.hex()[:16]}...), proofs next to them"
        )
        recipient = commitment(new_salt(), "passport", "E12345678")  # a fictitious passport
        sid, sent = clerk.serve(
            h,
            recipient,
            chain.timestamp() + 7 * 86400,
            case_id=DEMO_CASE,
            recipient_account=demo.accounts["debtor"].address,
        )
        demo.record(sent)
        demo.say(f"judgment served on the debtor (service {sid}): deemed served in 7 days unless acknowledged before")
        demo.say("verify them in a browser: courtchain portal --rpc URL, then choose a file from " + str(out))
        r.data.update({"documents": str(out), "judgment": "0x" + h.hex(), "root": "0x" + batch.root.hex()})


STEPS: list[Callable[[Demo], None]] = [step_consortium, step_governance, step_evidence]


def run(
    suite: Suite, narrate: Callable[[StepResult], None] = lambda r: None, documents: Path | None = None
) -> list[StepResult]:
    demo = Demo(suite, narrate)
    demo.documents = documents or DEMO_DOCUMENTS
    for s in STEPS:
        s(demo)
    return demo.results

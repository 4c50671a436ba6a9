"""The main job: the whole court procedure on a chain, narrated step by step, each step with its gas and time.

Steps are plain functions over a `Demo`; each records the transactions it sent. Every step is real: real
transactions on a real node through the typed clients, checked receipts. After every step the demo checks that money
is conserved (the token's supply against every holder the demo knows, each holder's balance against the demo's own
ledger of what it moved, the enforcement office's balance against its cases' books, the obligation registry's balance
against what it credits) and stops with `DemoInvariantError` if anything is off.

The people of the story have names and identity numbers (the module constants below). They appear only in the
off-chain documents whose SHA-256 goes on chain and, salted and hashed, in identity commitments: none of them may
reach the chain (`PRIVATE_STRINGS` lists every one, for the privacy test that scans the chain after the demo).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from eth_account.signers.local import LocalAccount

from . import audit, paths
from .accounts import dev_accounts
from .clients.base import ContractClient, Sent
from .clients.consortium import ConsortiumClient, MemberKind
from .clients.credit import CreditClient, Reason
from .clients.docket import (
    DEV_CASE_TYPES,
    DEV_COURT_ABBREVIATION,
    DEV_COURT_CODE,
    DEV_COURT_ID,
    DEV_WINDOW,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Outcome,
    Party,
    PartyRole,
)
from .clients.enforcement import (
    AssetKind,
    CaseStatus,
    ClaimClass,
    EnforcementClient,
    OrderKind,
    termination_listing,
)
from .clients.evidence import AnchorRole, AnchorStatus, DocumentKind, EvidenceClient, ServiceStatus
from .clients.obligations import AgreementTerms, Consequence, ObligationClient, ObligationStatus
from .clients.token import SettlementTokenClient
from .commitments import new_salt
from .errors import ContractRevert, CourtchainError
from .privacy import CaseContext, credit_key, new_platform_key, pseudonym
from .signers import SigningAccount
from .suite import Suite
from .units import format_time
from .verify import ProofFile

DAY = 24 * 3600
YUAN = 10**18  # the settlement token has 18 decimals: 1 tCNY = 10**18 base units
# Where the demo writes the documents whose hashes it anchors, with a proof file next to each archived one, for
# `courtchain verify` and the verification portal (`courtchain portal`).
DEMO_DOCUMENTS = paths.BUILD / "demo-documents"
DEMO_MARKER = ".courtchain-demo"  # marks a folder of demo documents, which a later run may replace as a whole

# -- the people of the story: OFF CHAIN ONLY ------------------------------------------------------------------------
# Names and identity numbers (valid check characters) and bank account numbers. None of these may reach the chain.

PLAINTIFF_NAME = "张伟"
PLAINTIFF_ID_TYPE = "resident"
PLAINTIFF_ID_NUMBER = "110105198503142027"
DEBTOR_NAME = "李娜"
DEBTOR_ID_TYPE = "resident"
DEBTOR_ID_NUMBER = "310104199206113815"
CREDITOR2_NAME = "王芳"  # an employee of the debtor's shop with unpaid wages: a priority claim
CREDITOR2_ID_TYPE = "resident"
CREDITOR2_ID_NUMBER = "440305197811024578"
CREDITOR3_NAME = "北京华信商贸有限公司"  # a supplier holding a judgment: joins the distribution
CREDITOR3_ID_TYPE = "uscc"
CREDITOR3_ID_NUMBER = "91110105MA01A2B3C4"
DEBTOR_BANK_ACCOUNT = "6222020200112233445"  # the deposit found first
DEBTOR_BANK_ACCOUNT_2 = "6217000010009988776"  # the property that appears after termination

PRIVATE_STRINGS: tuple[str, ...] = (
    PLAINTIFF_NAME,
    PLAINTIFF_ID_NUMBER,
    DEBTOR_NAME,
    DEBTOR_ID_NUMBER,
    CREDITOR2_NAME,
    CREDITOR2_ID_NUMBER,
    CREDITOR3_NAME,
    CREDITOR3_ID_NUMBER,
    DEBTOR_BANK_ACCOUNT,
    DEBTOR_BANK_ACCOUNT_2,
)

# -- the amounts (whole yuan; times YUAN on chain) ---------------------------------------------------------------

LOAN = 200_000  # what the complaint claims
INSTALMENTS = (80_000, 120_000)  # the mediation agreement's schedule
COSTS = 2_000  # enforcement costs, paid first
PRIORITY_CLAIM = 30_000  # creditor2: wages, priority rank 1
JOINING_CLAIM = 60_000  # creditor3: ordinary claim from its own judgment
GRACE = 7 * DAY  # the agreement's grace period after each due date
FIRST_DEPOSIT = 100_000  # what the bank finds first
SECOND_DEPOSIT = 150_000  # what appears after termination

NOTARY_NAME = "Beijing Fangzheng Notary Office"  # an institution: its name is public and goes on chain


class DemoInvariantError(CourtchainError):
    """An invariant of the demo broke: money not conserved, or a step did not do what the procedure says."""


@dataclass(frozen=True)
class Timing:
    """The procedure's durations, in seconds, and how the demo gets past them.

    None of them is a deployment parameter, and none is below a contract's floor: the submission window is the
    court's case-type setting (the docket takes any window from one second up), the due dates and grace are the
    agreement's terms (any future dates, grace from zero), the deemed-service period is the clerk's choice at or above
    the evidence registry's minimum (a day, a floor no deployment can lower). `STORY` is the story as told on a
    development node, which travels in time (`evm_setNextBlockTimestamp`). A chain without time travel (a consortium
    network) has the demo wait for its clock instead (`travel=False`): `REAL_TIME` keeps every wait to seconds, the
    ruling's service then stays pending (a day at least; nothing in the procedure needs it deemed served), and the
    ninety days between termination and resumption are not waited for (nothing depends on them: the case resumes
    when property is reported, the listing ends when the case closes).
    """

    window: int = DEV_WINDOW  # the docket's submission window of the demo's case types
    first_due: int = 30 * DAY  # the agreement's instalments fall due this long after it is recorded
    second_due: int = 60 * DAY
    grace: int = GRACE  # the agreement's grace period after each due date
    service: int = 7 * DAY  # the deemed-service period of the ruling and the notice served on the debtor
    resumption_gap: int = 90 * DAY  # between the termination and the second account turning up
    travel: bool = True  # time travel (a development node); otherwise wait for the chain's clock
    max_wait: float = 180.0  # without time travel: longest wait, in seconds, before the demo refuses to go on


STORY = Timing()
# Seconds with room for a loaded machine: the outsider's early docketing must be refused inside the window, the first
# instalment paid (four transactions after the agreement's five) before its due date, and the early default trigger
# refused inside the grace. The deemed-service period counts from the block that includes the service, which is later
# than the clock the demo reads: two days, not the floor of one, so that it is never a second too soon.
REAL_TIME = Timing(
    window=10, first_due=45, second_due=51, grace=10, service=2 * DAY, resumption_gap=0, travel=False, max_wait=120.0
)


def _span(seconds: int, *, chinese: bool = False) -> str:
    """A duration as days when whole days, else seconds ("7 days", "6 seconds"; "7 日", "6 秒")."""
    if seconds and seconds % DAY == 0:
        return f"{seconds // DAY} 日" if chinese else f"{seconds // DAY} days"
    return f"{seconds} 秒" if chinese else f"{seconds} seconds"


@dataclass(frozen=True)
class Subject:
    """A party: name, id number and salt stay here (the member's record); the chain sees only a pseudonym per case and
    role, and the credit registry the person's credit key (see privacy.py)."""

    label: str
    name: str
    id_type: str
    id_number: str
    salt: bytes

    def pseudonym(self, context: CaseContext, role: str) -> bytes:
        return pseudonym(self.salt, self.id_type, self.id_number, context, role)

    def credit_key(self, platform_key: bytes) -> bytes:
        return credit_key(platform_key, self.id_type, self.id_number)


@dataclass
class StepResult:
    number: int
    title: str
    lines: list[str] = field(default_factory=list)
    gas: int = 0
    transactions: int = 0
    seconds: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)


C = TypeVar("C", bound=ContractClient)
R = TypeVar("R")


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def yuan(amount: int) -> str:
    """Base units as ¥ with two decimals (rounded down: the exact figure is in the JSON)."""
    whole, frac = divmod(amount, YUAN)
    return f"¥{whole:,}.{frac * 100 // YUAN:02d}"


def short(h: bytes) -> str:
    return "0x" + h.hex()[:12] + "…"


class Demo:
    """State shared by the steps: the suite, the named accounts, the parties, the documents, the money ledger and
    what each step did."""

    def __init__(
        self,
        suite: Suite,
        narrate: Callable[[StepResult], None] = lambda r: None,
        *,
        deployment_blocks: range | None = None,
        documents_dir: Path | None = None,
        accounts: Mapping[str, SigningAccount] | None = None,
        timing: Timing | None = None,
    ) -> None:
        self.suite = suite
        self.chain = suite.chain
        self.timing = timing or (STORY if suite.chain.is_dev_node else REAL_TIME)
        # the institutions' accounts of a deployment plan replace the development ones of the same name; the parties
        # of the story (creditor, debtor, litigant...) and the keeper stay the development accounts
        self.accounts: dict[str, SigningAccount] = {**dev_accounts(), **(accounts or {})}
        self.results: list[StepResult] = []
        self.narrate = narrate
        self.deployment_blocks = deployment_blocks
        self.context: dict[str, Any] = {}
        self.documents: dict[str, bytes] = {}  # title -> content (off chain); the chain gets sha256(content)
        self.files: dict[str, Path] = {}  # title -> the file it is written to
        self.serial = secrets.token_hex(4)  # numbers this run's documents, so that no two runs share a hash
        # A run writes its documents and proof files into a staging folder beside `documents_dir` and renames it
        # into place when it has finished (`publish`): a run stopped midway leaves the previous run's files whole.
        self.documents_dir = (documents_dir or DEMO_DOCUMENTS).absolute()
        check_documents_folder(self.documents_dir)
        self.staging_dir = self.documents_dir.with_name(
            f".{self.documents_dir.name}.partial-{os.getpid()}-{self.serial}"
        )
        self._current: StepResult | None = None
        # The case's reference at the court (its receipt number): with a party's record it gives the party's
        # pseudonym in this case. The credit platform's key (a member's secret; here one made for the run) gives the
        # debtor's credit key, the credit registry's one subject.
        self.case_context = CaseContext(self.chain.chain_id, f"京0491收{self.serial}")
        self.credit_platform_key = new_platform_key()
        self._clients: dict[tuple[type[ContractClient], str | None], ContractClient] = {}
        self.parties = {
            "plaintiff": Subject("plaintiff", PLAINTIFF_NAME, PLAINTIFF_ID_TYPE, PLAINTIFF_ID_NUMBER, new_salt()),
            "debtor": Subject("debtor", DEBTOR_NAME, DEBTOR_ID_TYPE, DEBTOR_ID_NUMBER, new_salt()),
            "creditor2": Subject("creditor2", CREDITOR2_NAME, CREDITOR2_ID_TYPE, CREDITOR2_ID_NUMBER, new_salt()),
            "creditor3": Subject("creditor3", CREDITOR3_NAME, CREDITOR3_ID_TYPE, CREDITOR3_ID_NUMBER, new_salt()),
        }
        # Money: every holder the demo knows, its balance when the demo began, and what the demo moved since.
        self.token = SettlementTokenClient(suite, self.accounts["keeper"])
        self.holders: dict[str, str] = {name: a.address for name, a in self.accounts.items()}
        self.holders.update({name: addr for name, addr in suite.addresses.items() if name != "SettlementToken"})
        self._baseline = {addr: self.token.balance_of(addr) for addr in self.holders.values()}
        self._supply0 = self.token.total_supply()
        self.moved_total: dict[str, int] = {addr: 0 for addr in self.holders.values()}
        self.minted = 0
        registry = ObligationClient(suite)
        self._credited0 = sum(registry.credited(self.token.address, a.address) for a in self.accounts.values())

    # -- accounts and clients ------------------------------------------------------------------------------------

    @property
    def governors(self) -> list[SigningAccount]:
        return [self.accounts[n] for n in ("court_governor", "bank_governor", "credit_governor")]

    def addr(self, name: str) -> str:
        return self.accounts[name].address

    def client(self, cls: type[C], as_: str | None = None) -> C:
        """One client per (contract, account), signing as the dev account `as_` (None: views only)."""
        key = (cls, as_)
        c = self._clients.get(key)
        if c is None:
            c = self._clients[key] = cls(self.suite, self.accounts[as_] if as_ else None)
        assert isinstance(c, cls)
        return c

    def document(self, title: str, text: str, filename: str | None = None) -> bytes:
        """Keep a document off chain (written to the documents directory) and return its SHA-256, what goes on
        chain."""
        content = f"{text}\n[{title} · 文书编号 {self.serial}-{len(self.documents) + 1:03d}]\n".encode()
        self.documents[title] = content
        if not self.staging_dir.exists():
            self.staging_dir.mkdir(parents=True)
            (self.staging_dir / DEMO_MARKER).write_text(f"courtchain demo run {self.serial}\n")
        path = self.staging_dir / (filename or title.replace(" ", "-") + ".txt")
        path.write_bytes(content)
        self.files[title] = path
        return sha256(content)

    def publish(self) -> Path:
        """Put this run's documents in place of the previous run's, as a whole (two renames, then the old folder
        is removed), and remove what stopped runs left behind. Returns the documents folder."""
        final, parent = self.documents_dir, self.documents_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.staging_dir.mkdir(parents=True, exist_ok=True)
        check_documents_folder(final)
        old = parent / f".{final.name}.old-{os.getpid()}-{self.serial}"
        if final.exists():
            final.rename(old)
        self.staging_dir.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        for stale in parent.glob(f".{final.name}.partial-*"):
            pid = stale.name.removeprefix(f".{final.name}.partial-").split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        return final

    def discard(self) -> None:
        """Remove this run's staging folder (a run that failed publishes nothing)."""
        shutil.rmtree(self.staging_dir, ignore_errors=True)

    # -- steps ---------------------------------------------------------------------------------------------------

    @contextmanager
    def step(self, title: str) -> Iterator[StepResult]:
        result = StepResult(len(self.results) + 1, title)
        self._current = result
        t0 = time.monotonic()
        try:
            yield result
            result.seconds = time.monotonic() - t0
            self.check_money(result)
        finally:
            self._current = None
        self.results.append(result)
        self.narrate(result)

    def record(self, sent: Sent | Sequence[Sent] | None) -> Any:
        """Count a step's transactions and gas; returns what it was given."""
        assert self._current is not None, "record() outside a step"
        if sent is None:
            return sent
        for s in [sent] if isinstance(sent, Sent) else sent:
            self._current.gas += s.gas_used
            self._current.transactions += 1
        return sent

    def together(self, *actions: Callable[[], R]) -> list[R]:
        """Independent transactions (of different accounts, or of one account that do not depend on each other) sent
        at once: on an interval-mined chain they share a block instead of taking one block each."""
        with ThreadPoolExecutor(max_workers=len(actions)) as pool:
            return [f.result() for f in [pool.submit(a) for a in actions]]

    def say(self, line: str) -> None:
        assert self._current is not None
        self._current.lines.append(line)

    def expect(self, condition: bool, message: str) -> None:
        """A fact the procedure promises; the demo stops loudly if it does not hold."""
        if not condition:
            where = f"step {self._current.number} ({self._current.title})" if self._current else "the demo"
            raise DemoInvariantError(f"{where}: {message}")

    def refused(self, action: Callable[[], object]) -> ContractRevert:
        """Run an action that the contracts must refuse; return the decoded refusal (nothing is mined)."""
        try:
            action()
        except ContractRevert as exc:
            return exc
        raise DemoInvariantError(f"{self._current.title if self._current else 'demo'}: an action was not refused")

    # -- money ---------------------------------------------------------------------------------------------------

    def mint(self, to: str, amount: int) -> None:
        """Test-token money enters the story (a bank balance, a debtor's savings)."""
        self.record(self.token.mint(self.addr(to), amount))
        self.moved(None, self.addr(to), amount)

    def moved(self, source: str | None, target: str | None, amount: int) -> None:
        """Book a token movement the demo caused (None: minted / burnt)."""
        if source is None:
            self.minted += amount
        else:
            self.moved_total[source] -= amount
        if target is not None:
            self.moved_total[target] += amount

    def check_money(self, result: StepResult) -> None:
        """Money is conserved: supply = baseline + minted; each known holder's balance = baseline + what the demo
        moved; the office's balance = Σ over its cases of (undistributed + owed), and each case's books add up;
        the obligation registry's balance = what it credits its creditors and they have not withdrawn."""
        supply = self.token.total_supply()
        self.expect(supply == self._supply0 + self.minted, f"token supply {supply} != {self._supply0} + {self.minted}")
        for name, address in self.holders.items():
            actual = self.token.balance_of(address)
            want = self._baseline[address] + self.moved_total[address]
            self.expect(actual == want, f"{name} holds {actual}, the demo's ledger says {want}")
        office = self.client(EnforcementClient)
        held = 0
        for case_id in range(1, office.case_count() + 1):
            m = office.money(case_id)
            held += m.undistributed + m.owed
            self.expect(m.seized == m.distributed + m.undistributed, f"case {case_id}: seized != distributed + rest")
            self.expect(m.owed == m.distributed - m.withdrawn, f"case {case_id}: owed != distributed - withdrawn")
            creditors = office.creditors(case_id)
            self.expect(sum(c.credited for c in creditors) == m.distributed, f"case {case_id}: Σ credited != total")
            self.expect(sum(c.withdrawn for c in creditors) == m.withdrawn, f"case {case_id}: Σ withdrawn != total")
            self.expect(sum(c.outstanding for c in creditors) == m.outstanding, f"case {case_id}: Σ unpaid != total")
        office_balance = self.token.balance_of(office.address)
        self.expect(office_balance == held, f"office holds {office_balance}, its cases account for {held}")
        registry = self.client(ObligationClient)
        credited = sum(registry.credited(self.token.address, a.address) for a in self.accounts.values())
        owed = credited - self._credited0
        held_by_registry = self.token.balance_of(registry.address) - self._baseline[registry.address]
        self.expect(held_by_registry == owed, f"registry holds {held_by_registry} more, credits {owed} more")
        result.data["money"] = {"supplyMinted": self.minted, "officeHeld": office_balance, "registryHeld": owed}
        result.lines.append(
            f"✓ money conserved: minted {yuan(self.minted)} · office escrow {yuan(office_balance)} "
            f"· registry {yuan(owed)} · every balance as booked"
        )

    # -- time ----------------------------------------------------------------------------------------------------

    def now(self) -> int:
        return self.chain.timestamp()

    def travel_to(self, timestamp: int) -> None:
        """Until the chain's clock reads `timestamp`: time travel on a development node; on any other chain, wait
        for a block that late (refused beyond `Timing.max_wait`: the durations are too long for a real clock)."""
        if self.timing.travel:
            self.chain.set_time(timestamp)
            return
        now = self.now()
        if timestamp - now > self.timing.max_wait:
            raise DemoInvariantError(
                f"this chain has no time travel and the demo would wait {timestamp - now} s for {_when(timestamp)}, "
                f"more than {self.timing.max_wait:.0f} s: run it with shorter durations (demo.REAL_TIME)"
            )
        t0 = time.monotonic()
        while now < timestamp:
            time.sleep(0.25)
            now = self.now()
        if self._current is not None:  # how long the step waited for the clock (bench/network_bench.py reports it)
            waited = self._current.data.get("waitedSeconds", 0.0) + time.monotonic() - t0
            self._current.data["waitedSeconds"] = round(waited, 2)

    @property
    def travels(self) -> bool:
        return self.timing.travel


def _when(ts: int) -> str:
    """A chain time as the court reads it: ISO 8601 with its zone, Beijing time (`2027-03-01T10:00:00+08:00`)."""
    return format_time(ts)


# -- the steps ---------------------------------------------------------------------------------------------------


def step_consortium(demo: Demo) -> None:
    with demo.step("The consortium forms") as r:
        if demo.deployment_blocks is not None:
            gas, count = _block_gas(demo, demo.deployment_blocks)
            r.gas += gas
            r.transactions += count
            demo.say(f"deployed and wired the suite: {count} transactions (contracts, members, roles, registration)")
        hub = ConsortiumClient(demo.suite)
        members = hub.members()
        for m in members:
            demo.say(f"member {m.id}: {m.name} ({m.kind.name.lower().replace('_', ' ')})")
        demo.say(f"governance: {hub.threshold()} of {hub.governing_members()} governing members approve each change")
        contracts = [n for n in demo.suite.addresses if n not in ("CourtConsortium", "SettlementToken")]
        demo.say("suite contracts registered in the hub: " + ", ".join(contracts))
        r.data["members"] = len(members)


def _block_gas(demo: Demo, blocks: range) -> tuple[int, int]:
    gas = count = 0
    for b in blocks:
        block = demo.chain.rpc("eth_getBlockByNumber", [hex(b), False])
        for tx in block["transactions"] if block else []:
            receipt = demo.chain.rpc("eth_getTransactionReceipt", [tx])
            gas += int(receipt["gasUsed"], 16)
            count += 1
    return gas, count


def step_governance(demo: Demo) -> None:
    with demo.step("Governance admits a notary office by 2-of-3 approval") as r:
        court, bank = demo.governors[0], demo.governors[1]
        hub = ConsortiumClient(demo.suite, court)
        pid, sent = hub.propose([hub.admit_member(MemberKind.NOTARY, NOTARY_NAME)], "admit notary")
        demo.record(sent)
        demo.say(f"proposal {pid} made by the court's governor (1 approval)")
        demo.record(ConsortiumClient(demo.suite, bank).approve(pid))
        demo.say("the bank's governor approves (2 approvals: threshold met)")
        executed = demo.record(hub.execute(pid))
        member_id = executed.event("MemberAdmitted").args["memberId"]
        demo.say(f"executed: member {member_id} admitted")
        r.data["proposalId"] = pid


def step_court(demo: Demo) -> None:
    with demo.step("The court sets up its online docket") as r:
        clerk = demo.client(DocketClient, "clerk")
        window = demo.timing.window
        if not clerk.court_config(DEV_COURT_ID).configured:
            demo.record(clerk.configure_court(DEV_COURT_ID, DEV_COURT_ABBREVIATION, DEV_COURT_CODE))
        missing = [
            (code, kinds)
            for code, kinds in DEV_CASE_TYPES.items()
            if not (t := clerk.case_type(DEV_COURT_ID, code)).active or t.window != window
        ]
        demo.record(
            demo.together(*(lambda c=c, k=k: clerk.set_case_type(DEV_COURT_ID, c, k, window) for c, k in missing))
            if missing
            else None
        )
        for code, kinds in DEV_CASE_TYPES.items():
            names = ", ".join(MaterialKind(k).name.lower().replace("_", " ") for k in kinds)
            demo.say(f"case type {code}: requires {names}; submission window {_span(window)}")
        demo.say(f"court {DEV_COURT_ID} numbers its cases as ({{year}}){DEV_COURT_ABBREVIATION}{DEV_COURT_CODE}…号")
        r.data["court"] = DEV_COURT_ID


def step_filing(demo: Demo) -> None:
    with demo.step("A litigant files online") as r:
        plaintiff, debtor = demo.parties["plaintiff"], demo.parties["debtor"]
        complaint = demo.document(
            "complaint",
            f"起诉状\n原告：{plaintiff.name}，公民身份号码 {plaintiff.id_number}\n"
            f"被告：{debtor.name}，公民身份号码 {debtor.id_number}\n"
            f"诉讼请求：判令被告偿还借款人民币 {LOAN:,} 元。\n",
        )
        identity = demo.document("identity proofs", f"身份证明：{plaintiff.id_number}；{debtor.id_number}\n")
        evidence_list = demo.document("evidence list", "证据清单：1. 借款合同；2. 银行转账凭证\n")
        ctx = demo.case_context
        for s, role in ((plaintiff, "plaintiff"), (debtor, "defendant")):
            demo.say(f"{s.label} {s.name} → on chain only as this case's pseudonym {short(s.pseudonym(ctx, role))}")
        litigant = demo.client(DocketClient, "litigant")
        filing_id, sent = litigant.submit(
            DEV_COURT_ID,
            "民初",
            [
                Party(plaintiff.pseudonym(ctx, "plaintiff"), PartyRole.PLAINTIFF),
                Party(debtor.pseudonym(ctx, "defendant"), PartyRole.DEFENDANT),
            ],
            LOAN * YUAN,
            [
                MaterialInput(complaint, MaterialKind.COMPLAINT),
                MaterialInput(identity, MaterialKind.IDENTITY_PROOF),
                MaterialInput(evidence_list, MaterialKind.EVIDENCE_LIST),
            ],
        )
        demo.record(sent)
        f = litigant.filing(filing_id)
        demo.say(f"the plaintiff's attorney (account `litigant`) files case type 民初 claiming {yuan(LOAN * YUAN)}")
        demo.say(f"materials as SHA-256 only: complaint {short(complaint)}, identity proofs, evidence list")
        demo.say(f"filing {filing_id} is open; its submission window closes {_when(f.window_ends)}")
        demo.context["filing"] = filing_id
        r.data["filingId"] = filing_id


def step_docketing(demo: Demo) -> None:
    with demo.step("The window expires; an unprivileged account dockets the case") as r:
        filing_id = demo.context["filing"]
        outsider = demo.client(DocketClient, "outsider")
        refusal = demo.refused(lambda: outsider.docket(filing_id))
        demo.say(f"before the window closes the rule refuses it: {refusal.error}")
        window_ends = outsider.filing(filing_id).window_ends
        demo.travel_to(window_ends + 1)
        how = "time travel on the local node" if demo.travels else "the chain's clock reaches"
        demo.say(f"{how} {_when(window_ends + 1)} (one second after the window)")
        result = outsider.docket(filing_id)
        demo.record(result.sent)
        demo.expect(result.docketed, f"filing {filing_id} was refused: missing {result.missing_kinds}")
        demo.say(f"`outsider` (no role at all) dockets it by rule: case number {result.case_number}")
        demo.context["case_number"] = result.case_number
        r.data["caseNumber"] = result.case_number


def step_agreement(demo: Demo) -> None:
    with demo.step("A mediation agreement is signed and judicially confirmed") as r:
        plaintiff, debtor = demo.parties["plaintiff"], demo.parties["debtor"]
        now, timing = demo.now(), demo.timing
        dues = (now + timing.first_due, now + timing.second_due)
        agreement = demo.document(
            "mediation agreement",
            f"调解协议 {demo.context['case_number']}\n{plaintiff.name}（{plaintiff.id_number}）与 {debtor.name}"
            f"（{debtor.id_number}）自愿达成协议：{debtor.name} 分两期偿还 {INSTALMENTS[0]:,} 元与 "
            f"{INSTALMENTS[1]:,} 元；逾期 {_span(timing.grace, chinese=True)}未付，{plaintiff.name} 可申请强制执行。\n",
        )
        terms = AgreementTerms(
            document_hash=agreement,
            debtor=debtor.pseudonym(demo.case_context, "debtor"),
            debtor_account=demo.addr("debtor"),
            creditor=plaintiff.pseudonym(demo.case_context, "creditor"),
            creditor_account=demo.addr("creditor"),
            token=demo.token.address,
            amounts=tuple(a * YUAN for a in INSTALMENTS),
            due_dates=dues,
            grace_period=timing.grace,
            consequence=Consequence.ENFORCEMENT,
            court_id=DEV_COURT_ID,
        )
        mediator = demo.client(ObligationClient, "mediator")
        obligation_id, sent = mediator.create_agreement(terms)
        demo.record(sent)
        demo.say(f"`mediator` records agreement {obligation_id}: {yuan(INSTALMENTS[0] * YUAN)} due {_when(dues[0])},")
        demo.say(
            f"{yuan(INSTALMENTS[1] * YUAN)} due {_when(dues[1])}, {_span(timing.grace)}' grace; default → enforcement"
        )
        demo.expect(mediator.obligation(obligation_id).terms_hash == terms.hash(), "terms hash differs from ours")
        deadline = demo.now() + DAY
        signed = [
            demo.client(ObligationClient, p).sign_offline(obligation_id, deadline) for p in ("debtor", "creditor")
        ]
        demo.record(demo.together(*(lambda sig=sig: mediator.submit_signature(sig) for sig in signed)))
        o = mediator.obligation(obligation_id)
        demo.expect(o.status == ObligationStatus.ACTIVE, f"agreement {obligation_id} is {o.status.name}, not binding")
        demo.say("both parties sign the terms hash off chain (EIP-712); the mediator submits both: binding")
        ruling = demo.document(
            "confirmation ruling",
            f"民事裁定书：确认 {plaintiff.name} 与 {debtor.name} 的调解协议有效。\n",
            filename="judgment.txt",
        )
        demo.record(demo.client(ObligationClient, "judge").confirm(obligation_id, ruling))
        demo.expect(mediator.obligation(obligation_id).judicially_confirmed, "the agreement is not confirmed")
        demo.say("`judge` confirms it judicially: a default will now open enforcement directly")
        demo.record(
            demo.client(DocketClient, "judge").record_judgment(demo.context["filing"], ruling, Outcome.MEDIATED)
        )
        demo.say(f"the docket closes {demo.context['case_number']} as mediated (the ruling's hash as its record)")
        service_id, sent = demo.client(EvidenceClient, "clerk").serve(
            ruling,
            debtor.pseudonym(demo.case_context, "recipient"),
            demo.now() + timing.service,
            case_id=demo.context["filing"],
            recipient_account=demo.addr("debtor"),
        )
        demo.record(sent)
        demo.say(
            f"`clerk` serves the ruling on the debtor (service {service_id}): deemed served in "
            f"{_span(timing.service)} if unanswered"
        )
        demo.context["ruling_service"] = service_id
        r.data["rulingService"] = service_id
        demo.context.update(obligation=obligation_id, dues=dues, title=agreement)
        r.data.update(obligationId=obligation_id, termsHash=terms.hash())


def step_instalments(demo: Demo) -> None:
    with demo.step("The debtor pays the first instalment and misses the second") as r:
        obligation_id = demo.context["obligation"]
        first = INSTALMENTS[0] * YUAN
        registry = demo.client(ObligationClient, "debtor")
        demo.mint("debtor", first)
        demo.record(
            SettlementTokenClient(demo.suite, demo.accounts["debtor"]).ensure_allowance(registry.address, first)
        )
        demo.record(registry.pay(obligation_id, first, approve=False))
        demo.moved(demo.addr("debtor"), registry.address, first)
        demo.say(f"`debtor` pays {yuan(first)} through the registry before the first due date")
        withdrawn = demo.record(demo.client(ObligationClient, "creditor").withdraw(demo.token.address))
        amount = int(withdrawn.event("Withdrawn").args["amount"])
        demo.moved(registry.address, demo.addr("creditor"), amount)
        demo.say(f"`creditor` withdraws the {yuan(amount)} credited to it")
        due = demo.context["dues"][1]
        demo.travel_to(due)
        state = registry.default_state(obligation_id)
        demo.expect(not state.in_default, "in default at the due date itself")
        refusal = demo.refused(lambda: demo.client(ObligationClient, "keeper").trigger_default(obligation_id))
        demo.say(f"{_when(due)}: the second instalment falls due unpaid; within the grace period a trigger is")
        demo.say(f"refused ({refusal.error}); default becomes possible at {_when(state.since)}")
        demo.travel_to(state.since)
        state = registry.default_state(obligation_id)
        demo.expect(state.in_default and state.claimable == INSTALMENTS[1] * YUAN, f"default state {state}")
        how = "time travel to" if demo.travels else "the chain's clock reaches"
        demo.say(f"{how} {_when(state.since)}: in default, {yuan(state.claimable)} claimable")
        r.data.update(paid=first, defaultSince=state.since)


def step_default(demo: Demo) -> None:
    with demo.step("An unprivileged account triggers the default: the enforcement case opens") as r:
        obligation_id = demo.context["obligation"]
        sent = demo.record(demo.client(ObligationClient, "keeper").trigger_default(obligation_id))
        case_id = int(sent.event("EnforcementOpened").args["caseId"])
        demo.say(f"`keeper` (no role) triggers the default of agreement {obligation_id}; in the same transaction")
        demo.say(f"enforcement case {case_id} opens for {yuan(int(sent.event('EnforcementOpened').args['amount']))}")
        demo.context["case"] = case_id
        r.data.update(caseId=case_id)


def step_creditors(demo: Demo) -> None:
    with demo.step("Creditors join; the enforcement notice is served") as r:
        case_id = demo.context["case"]
        debtor = demo.parties["debtor"]
        judge = demo.client(EnforcementClient, "judge")
        judge2 = demo.client(EnforcementClient, "judge2")
        proposals = [
            (demo.addr("registrar"), COSTS * YUAN, ClaimClass.COSTS, 0),
            (demo.addr("creditor2"), PRIORITY_CLAIM * YUAN, ClaimClass.PRIORITY, 1),
            (demo.addr("creditor3"), JOINING_CLAIM * YUAN, ClaimClass.ORDINARY, 0),
        ]
        proposed = demo.together(
            *(lambda a=a: judge.propose_admission(case_id, a[0], a[1], a[2], a[3]) for a in proposals)
        )
        demo.record([sent for _, sent in proposed])
        admissions = [aid for aid, _ in proposed]
        refusal = demo.refused(lambda: judge.transact("approveAdmission", admissions[0]))
        demo.expect(refusal.error == "EnforcementAdmissionSelfApproval", f"self-approval refused with {refusal.error}")
        demo.record([sent for _, sent in demo.together(*(lambda a=a: judge2.approve_admission(a) for a in admissions))])
        demo.say(f"`judge` proposes the court's costs, {yuan(COSTS * YUAN)} (paid first, to the court's account),")
        demo.say(f"creditor2's unpaid wages, {yuan(PRIORITY_CLAIM * YUAN)} (priority, rank 1),")
        demo.say(f"and creditor3's own judgment, {yuan(JOINING_CLAIM * YUAN)} (ordinary: shares pro rata);")
        demo.say(f"`judge` cannot admit them alone ({refusal.error}): `judge2` approves admissions {admissions}")
        c = judge.case(case_id)
        demo.expect(c.judicially_confirmed and not c.auto_approval, "a case above the cap must need a judge")
        demo.say(f"outstanding {yuan(c.outstanding)} over {c.creditor_count} creditors; above the auto-approval cap,")
        demo.say("so every order needs an officer's proposal and a different judge's approval")
        notice = demo.document("enforcement notice", f"执行通知书：{debtor.name}，限期履行 {INSTALMENTS[1]:,} 元。\n")
        ev = demo.client(EvidenceClient, "clerk")
        service_id, sent = ev.serve(
            notice,
            debtor.pseudonym(demo.case_context, "recipient"),
            demo.now() + demo.timing.service,
            case_id=demo.context["filing"],
            recipient_account=demo.addr("debtor"),
        )
        demo.record(sent)
        receipt = demo.document("receipt of service", f"送达回证：执行通知书已于电子送达平台签收。{debtor.name}\n")
        deadline = demo.now() + DAY
        debtor_key = demo.accounts["debtor"]
        if not isinstance(debtor_key, LocalAccount):  # an EIP-712 signature, not a transaction: a key held here
            raise DemoInvariantError("the debtor signs its receipt off chain and needs a key held here")
        signature = ev.sign_acknowledgement(debtor_key, service_id, receipt, deadline)
        demo.record(ev.acknowledge_by_sig(service_id, receipt, deadline, signature))
        demo.expect(ev.service_status(service_id) == ServiceStatus.ACKNOWLEDGED, "the notice was not acknowledged")
        demo.say(f"`clerk` serves the enforcement notice electronically (service {service_id}); the debtor signs")
        demo.say("the receipt off chain (EIP-712) and the clerk relays it: acknowledged")
        demo.context.update(notice=notice, receipt=receipt)
        r.data.update(serviceId=service_id, outstanding=c.outstanding)


def _freeze_and_deduct(demo: Demo, case_id: int, asset_id: int, amount: int, approver: str) -> tuple[int, int]:
    """Officer proposes, `approver` (a judge, not the proposer) approves, the custodian executes; twice."""
    officer = demo.client(EnforcementClient, "officer")
    judge = demo.client(EnforcementClient, approver)
    custodian = demo.client(EnforcementClient, "custodian")
    basis = demo.document(f"freeze ruling {asset_id}", f"冻结裁定：冻结被执行人存款 {yuan(amount)}。\n")
    freeze_id, sent = officer.propose_order(case_id, OrderKind.FREEZE, asset_id, amount, basis)
    demo.record(sent)
    demo.record(judge.approve_order(freeze_id))
    demo.record(custodian.execute_order(freeze_id))
    o = officer.order(freeze_id)
    demo.say(f"freeze order {freeze_id}: proposed by `officer`, approved by `{approver}`, executed by `custodian`")
    demo.expect(o.proposer != o.approver, "two-person rule: the proposer approved")
    basis = demo.document(f"deduction ruling {asset_id}", f"扣划裁定：扣划被执行人存款 {yuan(amount)}。\n")
    deduct_id, sent = officer.propose_order(case_id, OrderKind.DEDUCT, asset_id, amount, basis)
    demo.record(sent)
    demo.record(judge.approve_order(deduct_id))
    demo.record(SettlementTokenClient(demo.suite, demo.accounts["custodian"]).ensure_allowance(officer.address, amount))
    demo.record(custodian.execute_order(deduct_id, approve_token=False))
    demo.moved(demo.addr("custodian"), officer.address, amount)
    demo.say(f"deduction order {deduct_id}: {yuan(amount)} moves from the bank into the office's escrow")
    return freeze_id, deduct_id


def step_assets(demo: Demo) -> None:
    with demo.step("A bank reports the debtor's assets") as r:
        case_id = demo.context["case"]
        custodian = demo.client(EnforcementClient, "custodian")
        ref = sha256(demo.parties["debtor"].salt + demo.case_context.matter.encode() + DEBTOR_BANK_ACCOUNT.encode())
        demo.mint("custodian", FIRST_DEPOSIT * YUAN)
        demo.say(f"the bank holds the debtor's deposit of {yuan(FIRST_DEPOSIT * YUAN)} (test token minted to it)")
        asset_id, sent = custodian.report_asset(case_id, AssetKind.BANK_DEPOSIT, ref, FIRST_DEPOSIT * YUAN)
        demo.record(sent)
        demo.say(f"`custodian` answers the inquiry: asset {asset_id}, a bank deposit; the account number stays")
        demo.say(f"off chain, the reference is a salted hash {short(ref)}")
        demo.context["asset"] = asset_id
        r.data["assetId"] = asset_id


def step_freeze_deduct(demo: Demo) -> None:
    with demo.step("Freeze and deduction under the two-person rule") as r:
        case_id, asset_id = demo.context["case"], demo.context["asset"]
        officer = demo.client(EnforcementClient, "officer")
        outsider = demo.client(EnforcementClient, "outsider")
        probe_id, sent = officer.propose_order(case_id, OrderKind.FREEZE, asset_id, YUAN)
        demo.record(sent)
        refusal = demo.refused(lambda: outsider.approve_order(probe_id))
        demo.say(f"an outsider cannot approve an order: {refusal.error}")
        demo.record(officer.cancel_order(probe_id))
        demo.say(f"(that probe order {probe_id} is cancelled by its proposer)")
        freeze_id, deduct_id = _freeze_and_deduct(demo, case_id, asset_id, FIRST_DEPOSIT * YUAN, "judge")
        m = officer.money(case_id)
        demo.expect(m.seized == FIRST_DEPOSIT * YUAN, f"seized {m.seized}, expected {FIRST_DEPOSIT * YUAN}")
        demo.say(f"case {case_id}: seized {yuan(m.seized)}, undistributed {yuan(m.undistributed)}")
        r.data.update(freezeOrder=freeze_id, deductOrder=deduct_id, seized=m.seized)


def _distribute(demo: Demo, case_id: int) -> dict[int, int]:
    """Anyone distributes, in pages of two creditors; returns what each creditor was credited."""
    keeper = demo.client(EnforcementClient, "keeper")
    before = {c.id: c.credited for c in keeper.creditors(case_id)}
    available = keeper.money(case_id).undistributed
    pages = keeper.distribute_all(case_id, page_size=2)
    demo.record(pages)
    after = keeper.creditors(case_id)
    credited = {c.id: c.credited - before[c.id] for c in after}
    demo.say(f"`keeper` (no role) distributes {yuan(available)} in {len(pages)} pages of two creditors:")
    for c in after:
        label = f"{c.claim_class.name.lower()}" + (f" rank {c.rank}" if c.rank else "")
        demo.say(f"  creditor {c.id} ({label}, claim {yuan(c.claim)}): credited {yuan(credited[c.id])}")
    demo.expect(sum(credited.values()) == available, f"credited {sum(credited.values())} of {available}")
    return credited


def step_distribution(demo: Demo) -> None:
    with demo.step("Distribution by priority and pro rata") as r:
        case_id = demo.context["case"]
        credited = _distribute(demo, case_id)
        creditors = demo.client(EnforcementClient).creditors(case_id)
        ordinary = [c for c in creditors if c.claim_class == ClaimClass.ORDINARY]
        pool = sum(credited[c.id] for c in ordinary)
        total = sum(c.claim for c in ordinary)
        for c in ordinary:  # |credited - pool·claim/total| < 1 base unit
            demo.expect(abs(credited[c.id] * total - pool * c.claim) < total, f"creditor {c.id} not paid pro rata")
        for c in creditors:
            if c.claim_class != ClaimClass.ORDINARY:
                demo.expect(credited[c.id] == c.claim, f"creditor {c.id} ({c.claim_class.name}) not paid in full")
        demo.say(f"costs and the priority claim are paid in full; the ordinary claims share {yuan(pool)} pro rata")
        up = [c.id for c in ordinary if credited[c.id] * total > pool * c.claim]
        if up:
            demo.say(f"cumulative rounding: the indivisible remainder (base units) goes to creditor {up[0]}")
        r.data["credited"] = {str(k): v for k, v in credited.items()}


def _withdraw_all(demo: Demo, case_id: int) -> int:
    office = demo.client(EnforcementClient)
    total = 0
    owed = [c for c in office.creditors(case_id) if c.owed > 0]
    names = [next(n for n, a in demo.accounts.items() if a.address == c.payee) for c in owed]
    # each creditor withdraws at the same time: independent pull payments share a block
    clients = [demo.client(EnforcementClient, n) for n in names]
    done = demo.together(*(lambda cl=cl, c=c: cl.withdraw(case_id, c.id) for cl, c in zip(clients, owed, strict=True)))
    for name, c, (amount, sent) in zip(names, owed, done, strict=True):
        demo.record(sent)
        demo.moved(office.address, c.payee, amount)
        demo.say(f"`{name}` withdraws {yuan(amount)} (pull payment)")
        total += amount
    return total


def step_withdrawals(demo: Demo) -> None:
    with demo.step("Creditors withdraw") as r:
        case_id = demo.context["case"]
        total = _withdraw_all(demo, case_id)
        m = demo.client(EnforcementClient).money(case_id)
        demo.expect(m.owed == 0, "something is still owed after every creditor withdrew")
        r.data["withdrawn"] = total


def step_termination(demo: Demo) -> None:
    with demo.step("Shortfall: the case is terminated and the debtor listed") as r:
        case_id = demo.context["case"]
        debtor = demo.parties["debtor"]
        officer = demo.client(EnforcementClient, "officer")
        outstanding = officer.money(case_id).outstanding
        demo.say(f"no more property found; {yuan(outstanding)} remains unpaid")
        ruling = demo.document("termination ruling", f"终结本次执行程序裁定书：被执行人 {debtor.name}。\n")
        listing = termination_listing(ban=True, dishonest_reason=Reason.REFUSES_DESPITE_ABILITY)
        key = debtor.credit_key(demo.credit_platform_key)
        order_id, sent = officer.propose_order(case_id, OrderKind.TERMINATE, 0, listing, ruling, credit_key=key)
        demo.record(sent)
        approved = demo.record(demo.client(EnforcementClient, "judge2").approve_order(order_id))
        demo.expect(officer.case(case_id).status == CaseStatus.TERMINATED, "the case is not terminated")
        entries = [e.args["entryId"] for e in approved.all("DebtorListed")]
        demo.say(f"termination order {order_id}: `officer` proposes, `judge2` approves; the case is terminated")
        restriction = demo.client(CreditClient).restriction(key)
        demo.expect(restriction.dishonest_debtor and restriction.high_consumption_ban, "the debtor is not listed")
        demo.say(
            f"credit registry entries {entries}: dishonest debtor until {_when(restriction.dishonest_until)}, "
            f"high-consumption ban until {_when(restriction.ban_until)}; keyed by the debtor's credit key "
            f"{short(key)} only (the platform's keyed hash of the id: the same for every member, linked to no "
            "case's pseudonym)"
        )
        demo.context["ruling"] = ruling
        r.data.update(terminationOrder=order_id, entries=entries)


def step_resumption(demo: Demo) -> None:
    with demo.step("New property appears: the case resumes, is paid and closed; the debtor is delisted") as r:
        case_id = demo.context["case"]
        debtor = demo.parties["debtor"]
        custodian = demo.client(EnforcementClient, "custodian")
        gap = demo.timing.resumption_gap
        if gap:
            demo.travel_to(demo.now() + gap)
            how = "time travel" if demo.travels else "waited for"
            demo.say(f"{_span(gap)} later ({how}) a second account of the debtor turns up")
        else:  # nothing waits for the gap: resumption follows the report, delisting follows the closure
            demo.say("later (not waited for on a chain without time travel: nothing in the procedure depends on")
            demo.say("the time since termination) a second account of the debtor turns up")
        demo.mint("custodian", SECOND_DEPOSIT * YUAN)
        ref = sha256(debtor.salt + demo.case_context.matter.encode() + DEBTOR_BANK_ACCOUNT_2.encode())
        asset_id, sent = custodian.report_asset(case_id, AssetKind.BANK_DEPOSIT, ref, SECOND_DEPOSIT * YUAN)
        demo.record(sent)
        demo.expect(bool(sent.all("CaseResumed")), "the report did not resume the case")
        demo.say(f"`custodian` reports asset {asset_id} ({yuan(SECOND_DEPOSIT * YUAN)}): the case resumes by itself")
        needed = custodian.money(case_id).outstanding
        _freeze_and_deduct(demo, case_id, asset_id, needed, "judge2")
        _distribute(demo, case_id)
        case = custodian.case(case_id)
        demo.expect(case.status == CaseStatus.CLOSED, f"case {case_id} is {case.status.name}, not closed")
        restriction = demo.client(CreditClient).restriction(debtor.credit_key(demo.credit_platform_key))
        demo.expect(not restriction.restricted, "the debtor is still listed after full payment")
        demo.say("every claim is paid: the case closes and the debtor is delisted")
        _withdraw_all(demo, case_id)
        rest = custodian.asset(asset_id)
        demo.say(f"the bank keeps the remaining {yuan(SECOND_DEPOSIT * YUAN - rest.deducted)}: the freeze is released")
        r.data.update(assetId=asset_id, deducted=rest.deducted)


def step_evidence(demo: Demo) -> None:
    with demo.step("Served documents and evidence are anchored and verified") as r:
        case_id = demo.context["filing"]  # the evidence registry files documents under the docket's case id
        clerk = demo.client(EvidenceClient, "clerk")
        notice, receipt = demo.context["notice"], demo.context["receipt"]
        ruling = sha256(demo.documents["confirmation ruling"])
        demo.record(
            demo.together(
                lambda: clerk.anchor(ruling, DocumentKind.JUDGMENT, case_id, AnchorRole.CLERK),
                lambda: clerk.anchor(notice, DocumentKind.SERVED_DOCUMENT, case_id, AnchorRole.CLERK),
                lambda: clerk.anchor(receipt, DocumentKind.RECEIPT_OF_SERVICE, case_id, AnchorRole.CLERK),
            )
        )
        service = demo.client(EvidenceClient).service(demo.context["ruling_service"])
        if demo.now() >= service.deemed_served_at:
            served = service.status == ServiceStatus.DEEMED_SERVED
            demo.expect(served, f"the ruling's service is {service.status.name}, not deemed served")
            demo.say("the clerk anchors the confirmation ruling (deemed served by now), the served notice and its")
            demo.say("receipt one by one")
        else:  # a real clock: the registry's floor keeps deemed service at least a day away
            pending = service.status == ServiceStatus.PENDING
            demo.expect(pending, f"the ruling's service is {service.status.name} before its deemed-service time")
            demo.say("the clerk anchors the confirmation ruling, the served notice and its receipt one by one; the")
            demo.say(f"ruling's service is pending, deemed served at {_when(service.deemed_served_at)} if unanswered")
            demo.say("(the evidence registry's floor is a day: not waited for on a chain without time travel)")
        evidence = demo.document("loan contract", f"借款合同：出借人 {PLAINTIFF_NAME}，借款人 {DEBTOR_NAME}。\n")
        party = demo.client(EvidenceClient, "creditor")
        demo.record(party.anchor(evidence, DocumentKind.EVIDENCE, case_id))
        demo.say("the plaintiff anchors its evidence (the loan contract) as a party")
        archive = list(demo.documents)
        hashes = sorted({sha256(demo.documents[t]) for t in archive})
        registrar = demo.client(EvidenceClient, "registrar")
        batch = registrar.anchor_batch(hashes, DocumentKind.ARCHIVE, case_id, AnchorRole.REGISTRAR)
        demo.record(batch.sent)
        demo.say(
            f"the registrar archives the case file: {batch.count} documents in one Merkle root {short(batch.root)}"
        )
        viewer = demo.client(EvidenceClient)
        for h in (ruling, notice, receipt, evidence):
            v = viewer.verify(h)
            demo.expect(v.status == AnchorStatus.ACTIVE, f"{short(h)} does not verify")
        for t in archive:
            path = demo.files[t]
            h = sha256(path.read_bytes())  # what a verifier holds: the file
            proof = batch.tree.proof(h)
            v = viewer.verify_batch_member(batch.root, h, proof)
            demo.expect(v.status == AnchorStatus.ACTIVE, f"{t} does not verify in the archive batch")
            ProofFile(
                h, batch.root, proof, path.name, demo.chain.chain_id, registrar.address, batch.sent.tx_hash
            ).write(path.with_name(path.name + ".proof.json"))
        original = demo.documents["complaint"]
        tampered = sha256(original.replace(f"{LOAN:,}".encode(), f"{LOAN * 10:,}".encode()))
        demo.expect(tampered != sha256(original), "the tampered copy is the original")
        proof = batch.tree.proof(sha256(original))
        demo.expect(not viewer.verify(tampered).on_chain, "a tampered document verifies as a single anchor")
        status = viewer.verify_batch_member(batch.root, tampered, proof).status
        demo.expect(status == AnchorStatus.NONE, f"a tampered document verifies in the batch ({status.name})")
        demo.say(f"verified: 4 single documents and all {len(archive)} archived ones (each by its Merkle proof);")
        demo.say(f"the complaint with its claim changed to {yuan(LOAN * 10 * YUAN)} verifies neither alone nor with")
        demo.say("the original's proof")
        demo.say(f"documents and proof files: {demo.documents_dir}; on a node that keeps running (--rpc), check")
        demo.say("any of them with `courtchain verify FILE [--proof FILE.proof.json]` or `courtchain portal`")
        r.data.update(root=batch.root, archived=len(archive), documents=str(demo.documents_dir))


def step_records(demo: Demo) -> None:
    with demo.step("The record shows the whole case") as r:
        case_id = demo.context["case"]
        office = demo.client(EnforcementClient)
        head, seq = office.audit_head(case_id)
        check = office.check_audit(case_id)
        demo.expect(check.ok, f"audit chain of case {case_id}: {check.problem}")
        demo.say(f"enforcement case {case_id}: {seq} operations, audit head {short(head)} recomputed from events: ok")
        r.data.update(auditHead=head, operations=seq)


def step_audit(demo: Demo) -> None:
    with demo.step("`audit check` passes over the whole chain of record") as r:
        report = audit.check(demo.suite)
        for finding in report.findings:
            demo.say(f"finding: {finding}")
        demo.expect(report.ok, f"audit check: {len(report.findings)} finding(s), first: {report.findings[:1]}")
        counts = ", ".join(f"{k} {v}" for k, v in report.counts.items())
        demo.say(f"{report.events} events read from every suite contract: legal transitions (evidence included),")
        demo.say("stored state, two-person approvals, money per case and audit heads all check out")
        demo.say(f"({counts})")
        r.data["audit"] = {"ok": True, "events": report.events, "counts": dict(report.counts)}


STEPS: list[Callable[[Demo], None]] = [
    step_consortium,
    step_governance,
    step_court,
    step_filing,
    step_docketing,
    step_agreement,
    step_instalments,
    step_default,
    step_creditors,
    step_assets,
    step_freeze_deduct,
    step_distribution,
    step_withdrawals,
    step_termination,
    step_resumption,
    step_evidence,
    step_records,
    step_audit,
]


def run(
    suite: Suite,
    narrate: Callable[[StepResult], None] = lambda r: None,
    *,
    deployment_blocks: range | None = None,
    documents: Path | None = None,
    accounts: Mapping[str, SigningAccount] | None = None,
    timing: Timing | None = None,
) -> list[StepResult]:
    """Run every step on `suite`; `deployment_blocks` (the blocks of a fresh deployment) are counted in step 1;
    the documents are written to `documents` (default `DEMO_DOCUMENTS`); `accounts` are a plan's institution
    accounts by name (default: the development plan's); `timing` the procedure's durations (default: `STORY` on a
    development node, which travels in time, `REAL_TIME` on any other chain, which the demo waits for)."""
    demo = Demo(
        suite, narrate, deployment_blocks=deployment_blocks, documents_dir=documents, accounts=accounts, timing=timing
    )
    try:
        for s in STEPS:
            s(demo)
    except BaseException:
        demo.discard()
        raise
    demo.publish()
    return demo.results


def check_documents_folder(folder: Path) -> None:
    """A run replaces its documents folder as a whole: refuse one that holds anything but a demo's documents."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise CourtchainError(f"{folder} is not a folder: choose a new or empty folder for the demo's documents")
    entries = list(folder.iterdir())
    if (folder / DEMO_MARKER).exists() or all(
        e.is_file() and (e.name.endswith(".txt") or e.name.endswith(".proof.json")) for e in entries
    ):
        return
    raise CourtchainError(
        f"{folder} holds files that are not a demo's documents, and a demo run replaces the folder as a whole: "
        "choose a new or empty folder (--documents)"
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = [
    "PRIVATE_STRINGS",
    "REAL_TIME",
    "STEPS",
    "STORY",
    "Demo",
    "DemoInvariantError",
    "StepResult",
    "Timing",
    "check_documents_folder",
    "run",
]

"""Typed clients of the bankruptcy estate (BankruptcyEstate: cases, claims, objections, court acts under two judges,
distribution) and its creditors' meetings (CreditorsMeeting: voting register, meetings, ballots direct or EIP-712
signed and relayed in batches, per-class tallies), under the PRC Enterprise Bankruptcy Law (2006)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_account import Account
from eth_utils import keccak

from ..errors import InputError
from ..signers import SigningAccount
from ..suite import Suite
from .base import ContractClient, Sent, check_address, check_hash, check_positive

ZERO_HASH = b"\0" * 32
DAY = 86_400
MIN_FILING = 30 * DAY  # art. 45
MAX_FILING = 92 * DAY  # art. 45: three months, the longest three calendar months
NOTICE = 15 * DAY  # art. 63
FIRST_MEETING = 15 * DAY  # art. 62
UNCLAIMED = 62 * DAY  # art. 118: two months after the final distribution announcement (the longest two months)
CONDITION_DAY = DAY  # art. 117: a conditional claim's reserve lapses a day after the final distribution announcement
LITIGATED = 731 * DAY  # art. 119: two years after the procedure ended (one of them a leap year)
DOMAIN_NAME = "CourtchainCreditorsMeeting"
DOMAIN_VERSION = "2"
MAX_ITEMS = 8  # items on a meeting's agenda
EQUITY = 1_000_000  # a shareholder's voting rights are millionths of the equity (art. 85)
SHAREHOLDER_IDS = 1 << 128  # shareholders' voter ids start here
BALLOT_TYPES = {
    "Ballot": [
        {"name": "meetingId", "type": "uint256"},
        {"name": "claimId", "type": "uint256"},
        {"name": "choices", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}
ESTATE_KEY = keccak(text="BankruptcyEstate")
MEETING_KEY = keccak(text="CreditorsMeeting")


class CaseStatus(IntEnum):
    NONE = 0
    PROPOSED = 1
    OPEN = 2
    CLOSED = 3


class ClaimKind(IntEnum):
    NONE = 0
    EXPENSE = 1
    COMMON_BENEFIT = 2
    EMPLOYEE = 3
    SOCIAL_INSURANCE = 4
    TAX = 5
    ORDINARY = 6


class ClaimStatus(IntEnum):
    NONE = 0
    FILED = 1
    REVIEWED = 2
    REJECTED = 3
    DISPUTED = 4
    CONFIRMED = 5


class ActKind(IntEnum):
    NONE = 0
    OPEN = 1
    CONFIRM_CLAIMS = 2
    SET_PROVISIONAL = 3
    SET_OBJECTION_DEADLINE = 4
    RULE_OBJECTION = 5
    OVERRIDE = 6
    CRAM_DOWN = 7
    REVOKE = 8
    RELEASE_RESERVE = 9
    CLOSE = 10
    SET_CONDITIONAL = 11


class ActStatus(IntEnum):
    NONE = 0
    PROPOSED = 1
    APPROVED = 2
    CANCELLED = 3


class PayoutKind(IntEnum):
    NONE = 0
    ROUND = 1
    FINAL_ROUND = 2
    COLLATERAL = 3


class PayoutStatus(IntEnum):
    NONE = 0
    PROPOSED = 1
    APPROVED = 2


class VoteClass(IntEnum):
    NONE = 0
    SECURED = 1
    EMPLOYEE = 2
    TAX = 3
    ORDINARY = 4
    SMALL_CLAIMS = 5
    SOCIAL_INSURANCE = 6
    SHAREHOLDER = 7


class ResolutionKind(IntEnum):
    NONE = 0
    ORDINARY = 1
    COMPOSITION = 2
    DISTRIBUTION_PLAN = 3
    REORGANISATION = 4


class ResolutionStatus(IntEnum):
    NONE = 0
    CONVENED = 1
    PASSED = 2
    FAILED = 3
    OVERRIDDEN = 4
    REVOKED = 5
    CRAMMED_DOWN = 6
    CLOSED = 7


class Choice(IntEnum):
    NONE = 0
    FOR = 1
    AGAINST = 2
    ABSTAIN = 3


class CourtRuling(IntEnum):
    NONE = 0
    OVERRIDE = 1
    CRAM_DOWN = 2
    REVOKE = 3


class SkipReason(IntEnum):
    """Why a relayed ballot was skipped (BallotSkipped.reason)."""

    BAD_SIGNATURE = 1
    EXPIRED = 2
    WRONG_NONCE = 3
    ALREADY_VOTED = 4
    NO_VOTE = 5
    BAD_BALLOT = 6


@dataclass(frozen=True)
class AgendaItem:
    """One resolution on a meeting's agenda; `parent`/`parent_item` name the failed plan item re-voted (art. 87)."""

    kind: ResolutionKind
    adjusts_equity: bool = False
    parent: int = 0
    parent_item: int = 0

    def as_tuple(self) -> tuple[int, bool, int, int]:
        return (int(self.kind), self.adjusts_equity, self.parent, self.parent_item)


Choices = Choice | Sequence[Choice]


def pack_choices(choices: Choices) -> int:
    """Item i's Choice in bits 2i..2i+1 (one Choice: a one-item ballot)."""
    items = [choices] if isinstance(choices, Choice) else list(choices)
    if not 1 <= len(items) <= MAX_ITEMS:
        raise InputError(f"a ballot carries 1 to {MAX_ITEMS} choices, got {len(items)}")
    packed = 0
    for i, c in enumerate(items):
        packed |= int(Choice(c)) << (2 * i)
    return packed


def unpack_choices(packed: int, items: int) -> list[Choice]:
    return [Choice((packed >> (2 * i)) & 3) for i in range(items)]


@dataclass(frozen=True)
class Claim:
    claim_id: int
    account: str
    kind: ClaimKind
    status: ClaimStatus
    secured: bool
    late: bool
    in_tier: bool
    open_objections: int
    conditional: bool  # art. 117: its shares are reserved until the final distribution announcement
    filed: int
    amount: int
    provisional: int
    credited: int
    withdrawn: int
    reserve: int
    creditor_key: bytes
    evidence: bytes


@dataclass(frozen=True)
class PendingShareholder:
    """A shareholder registered by the administrator awaiting a judge's approval (art. 85): no weight yet."""

    case_id: int
    account: str
    share: int  # millionths of the equity
    proposer: str


def check_shareholder_id(voter_id: int) -> int:
    """A shareholder's voter id: SHAREHOLDER_IDS + n, n >= 1."""
    if not SHAREHOLDER_IDS < voter_id < 2 * SHAREHOLDER_IDS:
        raise InputError(f"a shareholder's voter id is 2^128 + n (n >= 1), got {voter_id}")
    return voter_id


@dataclass(frozen=True)
class ClassResult:
    """One class's published count (ClassTallied): heads and amounts for, against, present and total."""

    meeting_id: int
    vote_class: VoteClass
    passed: bool
    item: int
    for_heads: int
    against_heads: int
    present_heads: int
    total_heads: int
    for_amount: int
    against_amount: int
    present_amount: int
    total_amount: int


@dataclass(frozen=True)
class SignedBallot:
    meeting_id: int
    claim_id: int
    choices: int  # packed, see pack_choices
    nonce: int
    deadline: int
    v: int
    r: bytes
    s: bytes

    def as_tuple(self) -> tuple[int, int, int, int, int, bytes, bytes]:
        return (self.claim_id, self.choices, self.nonce, self.deadline, self.v, self.r, self.s)


def sign_ballot(
    account: Any,
    chain_id: int,
    meeting_contract: str,
    meeting_id: int,
    claim_id: int,
    choices: Choices,
    nonce: int,
    deadline: int,
) -> SignedBallot:
    """Sign `Ballot(meetingId, claimId, choices, nonce, deadline)` for the meeting contract's EIP-712 domain, offline;
    `choices` one Choice per agenda item (a single Choice for a one-item meeting), packed 2 bits per item."""
    contract = check_address(meeting_contract, "meeting contract")
    packed = pack_choices(choices)
    if nonce < 0 or deadline <= 0:
        raise InputError("nonce must be >= 0 and deadline positive")
    domain = {"name": DOMAIN_NAME, "version": DOMAIN_VERSION, "chainId": chain_id, "verifyingContract": contract}
    message = {
        "meetingId": meeting_id,
        "claimId": claim_id,
        "choices": packed,
        "nonce": nonce,
        "deadline": deadline,
    }
    signed = Account.sign_typed_data(account.key, domain, BALLOT_TYPES, message)
    return SignedBallot(
        meeting_id,
        claim_id,
        packed,
        nonce,
        deadline,
        int(signed.v),
        int(signed.r).to_bytes(32, "big"),
        int(signed.s).to_bytes(32, "big"),
    )


class BankruptcyClient(ContractClient):
    """BankruptcyEstate: judges (court acts), the administrator (listing, review, payouts) and creditors (claims)."""

    contract_name = "BankruptcyEstate"

    def __init__(self, suite: Suite, account: SigningAccount | None = None) -> None:
        super().__init__(suite, account)

    # -- court acts --------------------------------------------------------------------------------------------------

    def propose_opening(
        self,
        debtor: bytes,
        administrator: str,
        announced_at: int,
        filing_deadline: int,
        small_claim_limit: int = 0,
        basis: bytes = ZERO_HASH,
    ) -> tuple[int, int, Sent]:
        check_hash(debtor, "debtor commitment")
        if not MIN_FILING <= filing_deadline - announced_at <= MAX_FILING:
            raise InputError(
                "the filing deadline must be 30 days to 3 months after the acceptance announcement (art. 45)"
            )
        sent = self.transact(
            "proposeOpening",
            debtor,
            check_address(administrator, "administrator"),
            announced_at,
            filing_deadline,
            small_claim_limit,
            check_hash(basis, "basis"),
        )
        return int(sent.event("CaseProposed").args["caseId"]), int(sent.event("ActProposed").args["actId"]), sent

    def propose_act(self, case_id: int, kind: ActKind, ref: int = 0, value: int = 0, basis: bytes = ZERO_HASH) -> int:
        sent = self.transact("proposeAct", case_id, int(kind), ref, value, check_hash(basis, "basis"))
        return int(sent.event("ActProposed").args["actId"])

    def approve_act(self, act_id: int) -> Sent:
        return self.transact("approveAct", check_positive(act_id, "act id"))

    def cancel_act(self, act_id: int) -> Sent:
        return self.transact("cancelAct", act_id)

    # -- claims ------------------------------------------------------------------------------------------------------

    def file_claim(
        self,
        case_id: int,
        amount: int,
        kind: ClaimKind = ClaimKind.ORDINARY,
        secured: bool = False,
        creditor_key: bytes = ZERO_HASH,
        evidence: bytes = ZERO_HASH,
    ) -> int:
        check_positive(amount, "claim amount")
        sent = self.transact("fileClaim", case_id, int(kind), secured, amount, creditor_key, evidence)
        return int(sent.event("ClaimFiled").args["claimId"])

    def list_claim(
        self,
        case_id: int,
        account: str,
        kind: ClaimKind,
        amount: int,
        creditor_key: bytes = ZERO_HASH,
        evidence: bytes = ZERO_HASH,
    ) -> int:
        check_positive(amount, "claim amount")
        sent = self.transact(
            "listClaim", case_id, check_address(account, "account"), int(kind), amount, creditor_key, evidence
        )
        return int(sent.event("ClaimFiled").args["claimId"])

    def review_claim(self, claim_id: int, accept: bool, amount: int, basis: bytes = ZERO_HASH) -> Sent:
        return self.transact("reviewClaim", claim_id, accept, amount, basis)

    def waive_priority(self, claim_id: int) -> Sent:
        return self.transact("waivePriority", claim_id)

    def object(self, claim_id: int, by_claim: int, reason: bytes = ZERO_HASH) -> int:
        sent = self.transact("object", claim_id, by_claim, reason)
        return int(sent.event("ObjectionFiled").args["objectionId"])

    def answer_objection(self, objection_id: int, answer: bytes) -> Sent:
        return self.transact("answerObjection", objection_id, answer)

    # -- money -------------------------------------------------------------------------------------------------------

    def deposit(self, case_id: int, amount: int) -> Sent:
        return self.transact("deposit", case_id, check_positive(amount, "amount"))

    def propose_payout(self, case_id: int, kind: PayoutKind, amount: int, ref: int = 0) -> int:
        sent = self.transact("proposePayout", case_id, int(kind), ref, amount)
        return int(sent.event("PayoutProposed").args["payoutId"])

    def approve_payout(self, payout_id: int) -> Sent:
        return self.transact("approvePayout", payout_id)

    def distribute(self, case_id: int, max_claims: int = 300) -> Sent:
        return self.transact("distribute", case_id, max_claims)

    def withdraw(self, claim_id: int) -> Sent:
        return self.transact("withdraw", claim_id)

    def lapse(self, claim_id: int) -> tuple[int, int, Sent]:
        """Past its deadline (art. 118: unclaimed two months after the final distribution; art. 119: a litigated
        claim's reserve two years after the procedure ended), anyone sends the claim's money to the other creditors
        in a round of its own (paged by `distribute`). Returns (amount, article, sent)."""
        sent = self.transact("lapse", check_positive(claim_id, "claim id"))
        a = sent.event("Lapsed").args
        return int(a["amount"]), int(a["article"]), sent

    # -- views -------------------------------------------------------------------------------------------------------

    def get_case(self, case_id: int) -> dict[str, Any]:
        names = [
            "debtor", "administrator", "status", "distributing", "final_started", "claim_count", "round", "cursor",
            "round_claims", "announced_at", "filing_deadline", "objection_deadline", "small_claim_limit", "held",
            "credited", "withdrawn", "reserved", "final_at", "closed_at",
        ]  # fmt: skip
        raw = self.view("getCase", case_id)
        out = dict(zip(names, raw, strict=True))
        out["status"] = CaseStatus(out["status"])
        return out

    def release_deadlines(self, case_id: int) -> tuple[int, int]:
        """(unclaimedAfter, litigatedAfter): after these times `lapse` takes unclaimed money (art. 118) and litigated
        reserves (art. 119); 0 while not fixed (no final round completed; case not closed)."""
        unclaimed, litigated = self.view("releaseDeadlines", case_id)
        return int(unclaimed), int(litigated)

    def get_claim(self, claim_id: int) -> Claim:
        r = self.view("getClaim", claim_id)
        filed, amount, provisional, credited, withdrawn, reserve = (int(x) for x in r[8:14])
        return Claim(
            claim_id=claim_id,
            account=str(r[0]),
            kind=ClaimKind(r[1]),
            status=ClaimStatus(r[2]),
            secured=bool(r[3]),
            late=bool(r[4]),
            in_tier=bool(r[5]),
            open_objections=int(r[6]),
            conditional=bool(r[7]),
            filed=filed,
            amount=amount,
            provisional=provisional,
            credited=credited,
            withdrawn=withdrawn,
            reserve=reserve,
            creditor_key=bytes(r[14]),
            evidence=bytes(r[15]),
        )


class MeetingClient(ContractClient):
    """CreditorsMeeting: convening (administrator or judge), ballots (creditors), relaying (administrator), closing."""

    contract_name = "CreditorsMeeting"

    def convene(
        self,
        case_id: int,
        kind: ResolutionKind,
        starts_at: int,
        closes_at: int,
        parent: int = 0,
        agenda: bytes = ZERO_HASH,
        *,
        adjusts_equity: bool = False,
        parent_item: int = 0,
    ) -> int:
        """A meeting on one resolution (an agenda of one item)."""
        item = AgendaItem(kind, adjusts_equity, parent, parent_item)
        return self.convene_agenda(case_id, [item], starts_at, closes_at, agenda)

    def convene_agenda(
        self, case_id: int, items: Sequence[AgendaItem], starts_at: int, closes_at: int, agenda: bytes = ZERO_HASH
    ) -> int:
        if closes_at <= starts_at:
            raise InputError("a meeting closes after it starts")
        if not 1 <= len(items) <= MAX_ITEMS:
            raise InputError(f"an agenda has 1 to {MAX_ITEMS} items, got {len(items)}")
        sent = self.transact("convene", case_id, [i.as_tuple() for i in items], starts_at, closes_at, agenda)
        return int(sent.event("MeetingConvened").args["meetingId"])

    def register_shareholder(self, case_id: int, holder_key: bytes, account: str, share: int) -> int:
        """The administrator registers a shareholder (art. 85) with its voting rights in millionths of the equity.
        The registration is pending (no weight, no vote) until a judge other than the administrator approves it
        (`approve_shareholder`); returns its voter id."""
        if not 0 < share <= EQUITY:
            raise InputError(f"a shareholder's share is 1 to {EQUITY:,} millionths of the equity, got {share}")
        sent = self.transact(
            "registerShareholder",
            case_id,
            check_hash(holder_key, "holder key"),
            check_address(account, "account"),
            share,
        )
        return int(sent.event("ShareholderRegistered").args["voterId"])

    def approve_shareholder(self, voter_id: int) -> Sent:
        """A judge (not the one who registered it) approves a pending shareholder: its share counts from now on."""
        return self.transact("approveShareholder", check_shareholder_id(voter_id))

    def cancel_shareholder(self, voter_id: int) -> Sent:
        """The case's administrator or a judge withdraws a pending shareholder registration."""
        return self.transact("cancelShareholder", check_shareholder_id(voter_id))

    def pending_shareholder(self, voter_id: int) -> PendingShareholder | None:
        """The pending registration under `voter_id`, or None (never registered, approved or cancelled)."""
        account, case_id, share, proposer = self.view("pendingShareholder", check_shareholder_id(voter_id))
        if int(account, 16) == 0:
            return None
        return PendingShareholder(int(case_id), str(account), int(share), str(proposer))

    def vote(self, meeting_id: int, claim_id: int, choices: Choices) -> Sent:
        return self.transact("vote", meeting_id, claim_id, pack_choices(choices))

    def relay(self, meeting_id: int, ballots: list[SignedBallot], gas: int | None = None) -> Sent:
        for b in ballots:
            if b.meeting_id != meeting_id:
                raise InputError(f"ballot of claim {b.claim_id} is signed for meeting {b.meeting_id}, not {meeting_id}")
        return self.transact("relayBallots", meeting_id, [b.as_tuple() for b in ballots], gas=gas)

    def close(self, meeting_id: int) -> tuple[ResolutionStatus, list[ClassResult], Sent]:
        """Close the meeting. The status is PASSED when every item passed (one item: that item's status), else
        FAILED; the class results carry their item; `item_statuses` reads each item's from the receipt."""
        sent = self.transact("closeMeeting", meeting_id)
        statuses = item_statuses(sent)
        ok = all(s == ResolutionStatus.PASSED for s in statuses)
        status = ResolutionStatus.PASSED if ok else ResolutionStatus.FAILED
        return status, [class_result(e.args) for e in sent.all("ClassTallied")], sent

    def nonce(self, claim_id: int) -> int:
        voice, _ = self.view("getVoice", claim_id)
        return int(voice[2])

    def class_totals(self, case_id: int, vote_class: VoteClass) -> tuple[int, int]:
        heads, amount = self.view("classTotals", case_id, int(vote_class))
        return int(heads), int(amount)

    def get_meeting(self, meeting_id: int) -> dict[str, Any]:
        names = [
            "case_id", "status", "item_count", "passed_items", "by_class", "starts_at", "closes_at", "voters",
            "closed_at", "agenda_hash",
        ]  # fmt: skip
        out = dict(zip(names, self.view("getMeeting", meeting_id), strict=True))
        out["status"] = ResolutionStatus(out["status"])
        return out

    def get_item(self, meeting_id: int, item: int = 0) -> dict[str, Any]:
        names = ["kind", "status", "class_mask", "passed_mask", "revoted", "adjusts_equity", "parent", "parent_item"]
        out = dict(zip(names, self.view("getItem", meeting_id, item), strict=True))
        out["kind"] = ResolutionKind(out["kind"])
        out["status"] = ResolutionStatus(out["status"])
        return out

    def get_tally(self, meeting_id: int, item: int, vote_class: VoteClass) -> tuple[int, ...]:
        """(forHeads, againstHeads, presentHeads, forAmount, againstAmount, presentAmount)."""
        return tuple(int(x) for x in self.view("getTally", meeting_id, item, int(vote_class)))


def item_statuses(sent: Sent) -> list[ResolutionStatus]:
    """Each item's status at closing (ItemClosed events of a closeMeeting receipt, in item order)."""
    return [
        ResolutionStatus(int(e.args["status"])) for e in sorted(sent.all("ItemClosed"), key=lambda e: e.args["item"])
    ]


def resolution_ref(meeting_id: int, item: int = 0) -> int:
    """The estate's court-act `ref` naming a meeting's item (Override, CramDown, Revoke): meetingId + (item << 128)."""
    if not 0 <= item < MAX_ITEMS:
        raise InputError(f"an item is 0 to {MAX_ITEMS - 1}, got {item}")
    return meeting_id + (item << 128)


def split_resolution_ref(ref: int) -> tuple[int, int]:
    """(meeting id, agenda item) of a `ref` made by `resolution_ref` (a court act's, a committee's `chosenBy`)."""
    return ref & ((1 << 128) - 1), ref >> 128


def class_result(args: dict[str, Any]) -> ClassResult:
    return ClassResult(
        int(args["meetingId"]),
        VoteClass(int(args["class_"])),
        bool(args["passed"]),
        int(args["item"]),
        *(
            int(args[k])
            for k in (
                "forHeads",
                "againstHeads",
                "presentHeads",
                "totalHeads",
                "forAmount",
                "againstAmount",
                "presentAmount",
                "totalAmount",
            )
        ),
    )


def percent(part: int, whole: int) -> str:
    """A published percentage with two decimals, e.g. 76.86 % (display only: the thresholds never use it)."""
    if whole == 0:
        return "—"
    hundredths = (part * 10000 * 2 + whole) // (2 * whole)
    return f"{hundredths // 100}.{hundredths % 100:02d} %"

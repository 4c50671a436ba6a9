"""Typed client of CreditRegistry: dishonest-debtor list and high-consumption bans keyed by identity commitments.

Subjects are `commitments.commitment(salt, id_type, id_number)`; this client takes and returns only the 32-byte
commitment, so nothing it sends can carry a name or an id number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, cast

from eth_utils import event_abi_to_log_topic

from ..errors import InputError, NotFoundError
from ..signers import SigningAccount
from ..suite import Event
from .base import ContractClient, Sent, check_hash
from .consortium import Action, ConsortiumClient

DAY = 24 * 3600
MIN_DURATION = DAY
MAX_DURATION = 3650 * DAY
MAX_BATCH = 500
MAX_PAGE = 500
# The suite's defaults, set by governance at deployment (see deploy.SUITE): two years for the dishonest list (SPC
# provisions on the dishonest list, Art. 2); five years for a high-consumption ban, which the SPC leaves without a
# term (it ends earlier, when the debtor performs).
DEFAULT_DISHONEST_DURATION = 730 * DAY
DEFAULT_BAN_DURATION = 1826 * DAY

EVENTS = (
    "EntryListed",
    "EntryDelisted",
    "EntryRemoved",
    "ListingProposed",
    "RemovalProposed",
    "ProposalApproved",
    "ProposalCancelled",
    "ObjectionFiled",
    "ObjectionResolved",
)


class EntryKind(IntEnum):
    NONE = 0
    DISHONEST_DEBTOR = 1
    HIGH_CONSUMPTION_BAN = 2


class EntryStatus(IntEnum):
    NONE = 0
    ACTIVE = 1
    EXPIRED = 2
    DELISTED = 3
    REMOVED = 4


class ObjectionStatus(IntEnum):
    NONE = 0
    PENDING = 1
    UPHELD = 2
    DISMISSED = 3


class CaseDomain(IntEnum):
    """Numbering space of an entry's source case."""

    NONE = 0
    DOCKET = 1
    ENFORCEMENT = 2


class ProposalKind(IntEnum):
    NONE = 0
    LISTING = 1
    REMOVAL = 2


class ProposalStatus(IntEnum):
    NONE = 0
    PENDING = 1
    EXECUTED = 2
    CANCELLED = 3


class Reason(IntEnum):
    """Reason codes (ICreditRegistry): 1-6 for the dishonest list, 101-103 for a high-consumption ban."""

    REFUSES_DESPITE_ABILITY = 1
    OBSTRUCTS_ENFORCEMENT = 2
    EVADES_ENFORCEMENT = 3
    VIOLATES_PROPERTY_REPORTING = 4
    VIOLATES_CONSUMPTION_BAN = 5
    BREAKS_SETTLEMENT = 6
    NOT_PERFORMED_IN_TIME = 101
    LISTED_AS_DISHONEST = 102
    RESPONSIBLE_FOR_UNIT_DEBTOR = 103

    @property
    def kind(self) -> EntryKind:
        return EntryKind.DISHONEST_DEBTOR if self.value < 100 else EntryKind.HIGH_CONSUMPTION_BAN

    @property
    def describe(self) -> str:
        return REASON_TEXT[self]


REASON_TEXT: dict[Reason, str] = {
    Reason.REFUSES_DESPITE_ABILITY: "able to perform but refuses to perform an effective legal document",
    Reason.OBSTRUCTS_ENFORCEMENT: "obstructs or resists enforcement (forged evidence, violence, threats)",
    Reason.EVADES_ENFORCEMENT: "evades enforcement (sham litigation or arbitration, hiding or transferring property)",
    Reason.VIOLATES_PROPERTY_REPORTING: "violates the property-reporting rules",
    Reason.VIOLATES_CONSUMPTION_BAN: "violates a high-consumption restriction order",
    Reason.BREAKS_SETTLEMENT: "refuses without good reason to perform an enforcement settlement agreement",
    Reason.NOT_PERFORMED_IN_TIME: "did not perform within the period of the enforcement notice",
    Reason.LISTED_AS_DISHONEST: "is listed as a dishonest judgment debtor",
    Reason.RESPONSIBLE_FOR_UNIT_DEBTOR: "legal representative, principal or person responsible of a unit debtor",
}

KIND_NAMES = {"dishonest": EntryKind.DISHONEST_DEBTOR, "ban": EntryKind.HIGH_CONSUMPTION_BAN}
DOMAIN_NAMES = {"docket": CaseDomain.DOCKET, "enforcement": CaseDomain.ENFORCEMENT}


def parse_domain(text: str) -> CaseDomain:
    key = text.strip().lower()
    aliases = {"docket": "docket", "case": "docket", "trial": "docket", "1": "docket"}
    aliases |= {"enforcement": "enforcement", "enforce": "enforcement", "2": "enforcement"}
    if key not in aliases:
        raise InputError(f"unknown case domain {text!r}; known: docket, enforcement")
    return DOMAIN_NAMES[aliases[key]]


def parse_kind(text: str) -> EntryKind:
    key = text.strip().lower().replace("_", "-")
    aliases = {"dishonest": "dishonest", "dishonest-debtor": "dishonest", "1": "dishonest"}
    aliases |= {"ban": "ban", "high-consumption-ban": "ban", "consumption": "ban", "2": "ban"}
    if key not in aliases:
        raise InputError(f"unknown entry kind {text!r}; known: dishonest, ban")
    return KIND_NAMES[aliases[key]]


def parse_reason(value: int | str, kind: EntryKind) -> Reason:
    try:
        reason = Reason(int(value))
    except ValueError:
        valid = ", ".join(str(r.value) for r in Reason if r.kind == kind)
        raise InputError(f"unknown reason code {value!r} for {kind.name.lower()}; valid: {valid}") from None
    if reason.kind != kind:
        valid = ", ".join(str(r.value) for r in Reason if r.kind == kind)
        raise InputError(f"reason {reason.value} is not a {kind.name.lower()} reason; valid: {valid}")
    return reason


@dataclass(frozen=True)
class Entry:
    """One listing; `listed_by` proposed it (or is the EnforcementOffice, `from_enforcement`), `approved_by` approved
    it (or approved the termination order that listed it)."""

    id: int
    kind: EntryKind
    status: EntryStatus
    domain: CaseDomain
    from_enforcement: bool
    reason: int
    starts_at: int
    ends_at: int
    ended_at: int
    subject: bytes
    case_id: int
    evidence_hash: bytes
    listed_by: str
    approved_by: str

    @classmethod
    def from_tuple(cls, entry_id: int, t: Sequence[Any]) -> Entry:
        return cls(
            entry_id,
            EntryKind(t[0]),
            EntryStatus(t[1]),
            CaseDomain(t[2]),
            bool(t[3]),
            int(t[4]),
            int(t[5]),
            int(t[6]),
            int(t[7]),
            bytes(t[8]),
            int(t[9]),
            bytes(t[10]),
            str(t[11]),
            str(t[12]),
        )


@dataclass(frozen=True)
class Proposal:
    """A judges' proposal to list (the listing fields) or to remove an entry (`entry_id`, `objection_id`)."""

    id: int
    kind: ProposalKind
    status: ProposalStatus
    domain: CaseDomain
    entry_kind: EntryKind
    reason: int
    duration: int
    proposed_at: int
    decided_at: int
    proposer: str
    decided_by: str
    subject: bytes
    case_id: int
    document_hash: bytes
    entry_id: int
    objection_id: int

    @classmethod
    def from_tuple(cls, proposal_id: int, t: Sequence[Any]) -> Proposal:
        return cls(
            proposal_id,
            ProposalKind(t[0]),
            ProposalStatus(t[1]),
            CaseDomain(t[2]),
            EntryKind(t[3]),
            int(t[4]),
            int(t[5]),
            int(t[6]),
            int(t[7]),
            str(t[8]),
            str(t[9]),
            bytes(t[10]),
            int(t[11]),
            bytes(t[12]),
            int(t[13]),
            int(t[14]),
        )


@dataclass(frozen=True)
class Objection:
    id: int
    entry_id: int
    objector: str
    status: ObjectionStatus
    filed_at: int
    resolved_at: int
    resolved_by: str
    application_hash: bytes
    decision_hash: bytes


@dataclass(frozen=True)
class Restriction:
    """What restricts a subject at one moment (the `until` fields are 0 when the kind does not apply)."""

    subject: bytes
    dishonest_debtor: bool
    high_consumption_ban: bool
    dishonest_until: int
    ban_until: int

    @property
    def restricted(self) -> bool:
        return self.dishonest_debtor or self.high_consumption_ban

    @classmethod
    def from_tuple(cls, subject: bytes, t: Sequence[Any]) -> Restriction:
        return cls(subject, bool(t[0]), bool(t[1]), int(t[2]), int(t[3]))


def check_subject(subject: bytes | str) -> bytes:
    s = check_hash(subject, "subject commitment")
    if s == b"\0" * 32:
        raise InputError("subject commitment must not be zero")
    return s


def check_nonzero_hash(value: bytes | str, what: str) -> bytes:
    h = check_hash(value, what)
    if h == b"\0" * 32:
        raise InputError(f"{what} must not be zero")
    return h


def check_duration(seconds: int) -> int:
    if seconds != 0 and not MIN_DURATION <= seconds <= MAX_DURATION:
        raise InputError(f"duration must be between {MIN_DURATION // DAY} and {MAX_DURATION // DAY} days")
    return seconds


class CreditClient(ContractClient):
    contract_name = "CreditRegistry"

    # -- judges (two persons: one proposes, a different one approves) ------------------------------------------

    def propose_listing(
        self,
        subject: bytes | str,
        domain: CaseDomain,
        case_id: int,
        kind: EntryKind,
        reason: int,
        evidence_hash: bytes | str,
        duration: int = 0,
    ) -> tuple[int, Sent]:
        """Propose to list a subject (a second judge approves); `duration` 0 takes the kind's default."""
        s = check_subject(subject)
        if domain == CaseDomain.NONE:
            raise InputError("the source case's domain must be docket or enforcement")
        if case_id <= 0:
            raise InputError("the source case id must be positive")
        if kind == EntryKind.NONE:
            raise InputError("entry kind must not be NONE")
        r = parse_reason(reason, kind)
        ev = check_nonzero_hash(evidence_hash, "evidence hash")
        sent = self.transact("proposeListing", s, int(domain), case_id, int(kind), int(r), ev, check_duration(duration))
        return int(sent.event("ListingProposed").args["proposalId"]), sent

    def propose_removal(self, entry_id: int, decision_hash: bytes | str, objection_id: int = 0) -> tuple[int, Sent]:
        """Propose to remove a wrongly listed entry: a correction, or upholding `objection_id` against it."""
        entry = self.entry(entry_id)
        if entry.status == EntryStatus.REMOVED:
            raise InputError(f"entry {entry_id} is already removed")
        if objection_id:
            objection = self.objection(objection_id)
            if objection.entry_id != entry_id:
                raise InputError(f"objection {objection_id} is against entry {objection.entry_id}, not {entry_id}")
            if objection.status != ObjectionStatus.PENDING:
                raise InputError(f"objection {objection_id} is already {objection.status.name.lower()}")
        sent = self.transact(
            "proposeRemoval", entry_id, objection_id, check_nonzero_hash(decision_hash, "decision hash")
        )
        return int(sent.event("RemovalProposed").args["proposalId"]), sent

    def approve(self, proposal_id: int) -> tuple[Entry, Sent]:
        """Approve another judge's pending proposal; returns the entry listed or removed."""
        p = self.proposal(proposal_id)
        if p.status != ProposalStatus.PENDING:
            raise InputError(f"proposal {proposal_id} is already {p.status.name.lower()}")
        sent = self.transact("approveProposal", proposal_id)
        if p.kind == ProposalKind.LISTING:
            entry_id = int(sent.event("EntryListed").args["entryId"])
        else:
            entry_id = int(sent.event("EntryRemoved").args["entryId"])
        return self.entry(entry_id), sent

    def cancel_proposal(self, proposal_id: int) -> Sent:
        """Withdraw one's own pending proposal."""
        p = self.proposal(proposal_id)
        if p.status != ProposalStatus.PENDING:
            raise InputError(f"proposal {proposal_id} is already {p.status.name.lower()}")
        return self.transact("cancelProposal", proposal_id)

    def object(self, entry_id: int, application_hash: bytes | str) -> tuple[int, Sent]:
        """File an objection against an entry, with the hash of the written application."""
        entry = self.entry(entry_id)
        if entry.status == EntryStatus.REMOVED:
            raise InputError(f"entry {entry_id} is already removed")
        sent = self.transact("object", entry_id, check_nonzero_hash(application_hash, "application hash"))
        return int(sent.event("ObjectionFiled").args["objectionId"]), sent

    def dismiss_objection(self, objection_id: int, decision_hash: bytes | str) -> Sent:
        """Dismiss an objection (one judge who did not make the entry); an objection is upheld by a removal."""
        objection = self.objection(objection_id)
        if objection.status != ObjectionStatus.PENDING:
            raise InputError(f"objection {objection_id} is already {objection.status.name.lower()}")
        return self.transact("dismissObjection", objection_id, check_nonzero_hash(decision_hash, "decision hash"))

    # -- governance actions ------------------------------------------------------------------------------------

    def set_default_duration(self, kind: EntryKind, seconds: int) -> Action:
        """An action for a hub proposal: the default duration of `kind`'s later listings."""
        if kind == EntryKind.NONE:
            raise InputError("entry kind must not be NONE")
        if seconds == 0:
            raise InputError("a default duration must be positive")
        check_duration(seconds)
        data = self.call_data("setDefaultDuration", int(kind), seconds)
        return ConsortiumClient.suite_call(
            self.address, data, f"CreditRegistry.setDefaultDuration({kind.name}, {seconds // DAY} days)"
        )

    # -- views -------------------------------------------------------------------------------------------------

    def default_duration(self, kind: EntryKind) -> int:
        return int(self.view("defaultDuration", int(kind)))

    def entry_count(self) -> int:
        return int(self.view("entryCount"))

    def entry(self, entry_id: int) -> Entry:
        count = self.entry_count()
        if not 1 <= entry_id <= count:
            raise NotFoundError(f"no credit entry {entry_id} (there are {count})")
        return Entry.from_tuple(entry_id, self.view("getEntry", entry_id))

    def entry_status(self, entry_id: int) -> EntryStatus:
        return EntryStatus(self.view("entryStatus", entry_id))

    def is_current_at(self, entry_id: int, timestamp: int) -> bool:
        return bool(self.view("isCurrentAt", entry_id, timestamp))

    def is_recused(self, entry_id: int, account: str) -> bool:
        """Whether `account` listed the entry (or approved the termination that did) and so takes no part in its
        removal or its objections."""
        return bool(self.view("isRecused", entry_id, account))

    def entries_of(self, subject: bytes | str) -> list[Entry]:
        """Every entry of a subject, oldest first, read in pages of MAX_PAGE."""
        s = check_subject(subject)
        count = int(self.view("entryCountOf", s))
        out: list[Entry] = []
        for start in range(0, count, MAX_PAGE):
            ids, rows = self.view("entriesOfPage", s, start, MAX_PAGE)
            out += [Entry.from_tuple(int(i), t) for i, t in zip(ids, rows, strict=True)]
        return out

    def entry_for(self, subject: bytes | str, domain: CaseDomain, case_id: int, kind: EntryKind) -> int:
        return int(self.view("entryFor", check_subject(subject), int(domain), case_id, int(kind)))

    def proposal_count(self) -> int:
        return int(self.view("proposalCount"))

    def proposal(self, proposal_id: int) -> Proposal:
        count = self.proposal_count()
        if not 1 <= proposal_id <= count:
            raise NotFoundError(f"no credit proposal {proposal_id} (there are {count})")
        return Proposal.from_tuple(proposal_id, self.view("getProposal", proposal_id))

    def restriction(self, subject: bytes | str, at: int | None = None) -> Restriction:
        s = check_subject(subject)
        raw = self.view("isRestricted", s) if at is None else self.view("isRestrictedAt", s, at)
        return Restriction.from_tuple(s, raw)

    def check_many(self, subjects: Sequence[bytes | str]) -> list[Restriction]:
        """Restrictions of many subjects, in batches of MAX_BATCH calls to `checkMany`."""
        keys = [check_subject(s) for s in subjects]
        out: list[Restriction] = []
        for start in range(0, len(keys), MAX_BATCH):
            chunk = keys[start : start + MAX_BATCH]
            out += [Restriction.from_tuple(s, t) for s, t in zip(chunk, self.view("checkMany", chunk), strict=True)]
        return out

    def objection_count(self) -> int:
        return int(self.view("objectionCount"))

    def objection(self, objection_id: int) -> Objection:
        count = self.objection_count()
        if not 1 <= objection_id <= count:
            raise NotFoundError(f"no objection {objection_id} (there are {count})")
        t = self.view("getObjection", objection_id)
        return Objection(
            objection_id,
            int(t[0]),
            str(t[1]),
            ObjectionStatus(t[2]),
            int(t[3]),
            int(t[4]),
            str(t[5]),
            bytes(t[6]),
            bytes(t[7]),
        )

    def objections_of(self, entry_id: int) -> list[Objection]:
        """Every objection against an entry, oldest first (ids read in pages of MAX_PAGE)."""
        count = int(self.view("objectionCountOf", entry_id))
        ids = [
            int(i)
            for start in range(0, count, MAX_PAGE)
            for i in self.view("objectionIdsOfPage", entry_id, start, MAX_PAGE)
        ]
        return [self.objection(i) for i in ids]

    def history(self, subject: bytes | str, from_block: int = 0) -> Iterator[Event]:
        """Every listing, delisting, removal, objection and decision about `subject`, in chain order, from logs."""
        s = "0x" + check_subject(subject).hex()
        abi: list[dict[str, Any]] = [dict(e) for e in self.contract.abi]
        topics = {
            str(e["name"]): "0x" + bytes(event_abi_to_log_topic(cast(Any, e))).hex()
            for e in abi
            if e.get("type") == "event" and e.get("name") in EVENTS
        }
        # The subject is the second indexed argument of the entry events and the listing proposal, the third of the
        # objection events and the removal proposal.
        by_entry = [topics[n] for n in ("EntryListed", "EntryDelisted", "EntryRemoved", "ListingProposed")]
        by_objection = [topics[n] for n in ("ObjectionFiled", "ObjectionResolved", "RemovalProposed")]
        events = list(self.suite.logs([self.contract_name], from_block, topics=[by_entry, None, s]))
        events += self.suite.logs([self.contract_name], from_block, topics=[by_objection, None, None, s])
        yield from sorted(events, key=lambda e: (e.block, e.log_index))

    def as_account(self, account: SigningAccount) -> CreditClient:
        return CreditClient(self.suite, account)

"""The public timeline of a case, rebuilt from events alone, with no personal data.

Each contract contributes through a `TimelineSource`: it reads its own events for one case and turns each into a
`TimelineEntry` (what happened, when, by which member). A source whose contract is not deployed is skipped, so the
sources of later contracts (CaseDocket, EnforcementOffice, ObligationRegistry) plug in by adding a class to
`SOURCES` (or calling `register_source`). What never appears: identity commitments of parties or subjects, party
accounts, objectors — only institutions (by member name), document fingerprints, kinds, times and statuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from ..suite import Event, Suite
from .records import Names, case_number, event_topic, iso, label

MAX_CASE_ID = 2**64 - 1
NO_MEMBER = "an account of no member"


@dataclass(frozen=True)
class TimelineEntry:
    time: int
    block: int
    tx_hash: str
    log_index: int
    source: str
    event: str
    title: str
    details: dict[str, Any] = field(default_factory=dict)
    derived: bool = False  # a state reached by time (e.g. deemed served), not an event

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "timeText": iso(self.time),
            "block": self.block,
            "txHash": self.tx_hash,
            "source": self.source,
            "event": self.event,
            "title": self.title,
            "details": self.details,
            "derived": self.derived,
        }


class TimelineContext:
    """What sources share for one request: the suite, member names, block times, event topics."""

    def __init__(self, suite: Suite, start_blocks: Mapping[str, int] | None = None) -> None:
        self.suite = suite
        self.start_blocks = start_blocks or {}  # each contract's deployment block: no log is older
        self.names = Names(suite)
        self._time = lru_cache(maxsize=4096)(suite.chain.timestamp)

    def block_time(self, block: int) -> int:
        return int(self._time(block))

    def topic(self, contract: str, event: str) -> str:
        return event_topic(self.suite, contract, event)

    def events(self, contract: str, event: str, *indexed: Any) -> list[Event]:
        """`event` of `contract`, filtered on its indexed arguments in order (None: any; a list: any of them)."""
        topics: list[Any] = [self.topic(contract, event), *(_topic(x) for x in indexed)]
        while topics and topics[-1] is None:
            topics.pop()
        if any(isinstance(t, list) and not t for t in topics):
            return []  # "any of none"
        return list(self.suite.logs([contract], from_block=self.start_blocks.get(contract, 0), topics=topics))

    def member(self, account: str) -> str:
        """The member an account acts for; a suite contract by its name (e.g. listings by the EnforcementOffice)."""
        contract = self.suite.name_of(account)
        if contract is not None:
            return f"the {contract} contract"
        _, name = self.names.of_account(account)
        return name or NO_MEMBER

    def case_number(self, case_id: int) -> str | None:
        return case_number(self.suite, case_id)

    def entry(self, ev: Event, title: str, derived: bool = False, **details: Any) -> TimelineEntry:
        return TimelineEntry(
            time=self.block_time(ev.block),
            block=ev.block,
            tx_hash=ev.tx_hash,
            log_index=ev.log_index,
            source=ev.contract,
            event=ev.name,
            title=title,
            details=details,
            derived=derived,
        )


def _topic(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, list):
        return [_topic(i) for i in x]
    if isinstance(x, bytes):
        return "0x" + x.rjust(32, b"\0").hex()
    return "0x" + int(x).to_bytes(32, "big").hex()


class TimelineSource:
    """One contract's contribution to a case timeline."""

    contract: ClassVar[str] = ""

    def entries(self, ctx: TimelineContext, case_id: int) -> Iterable[TimelineEntry]:
        raise NotImplementedError


class EvidenceTimeline(TimelineSource):
    contract = "EvidenceRegistry"

    def entries(self, ctx: TimelineContext, case_id: int) -> Iterable[TimelineEntry]:
        from ..clients.evidence import AnchorRole, DocumentKind, EvidenceClient, ServiceMethod, ServiceStatus

        def who(ev: Event) -> str:
            if int(ev.args["role"]) == AnchorRole.NONE:
                return "a party (as itself)"
            return f"{ctx.member(ev.args['submitter'])} ({label(AnchorRole(int(ev.args['role'])))})"

        out: list[TimelineEntry] = []
        hashes: list[bytes] = []
        for ev in ctx.events(self.contract, "Anchored", None, None, case_id):
            kind = label(DocumentKind(int(ev.args["kind"])))
            hashes.append(ev.args["contentHash"])
            out.append(
                ctx.entry(ev, f"{kind} anchored by {who(ev)}", document="0x" + ev.args["contentHash"].hex(), kind=kind)
            )
        roots: list[bytes] = []
        for ev in ctx.events(self.contract, "BatchAnchored", None, None, case_id):
            kind = label(DocumentKind(int(ev.args["kind"])))
            roots.append(ev.args["root"])
            out.append(
                ctx.entry(
                    ev,
                    f"batch of {ev.args['count']} documents ({kind}) anchored by {who(ev)}",
                    root="0x" + ev.args["root"].hex(),
                    count=int(ev.args["count"]),
                    kind=kind,
                )
            )
        revoked = ctx.events(self.contract, "Revoked", hashes, [b""]) if hashes else []
        revoked += ctx.events(self.contract, "Revoked", None, roots) if roots else []
        for ev in revoked:
            by = ctx.member(ev.args["by"])
            doc = "0x" + ev.args["contentHash"].hex()
            if ev.args["supersededBy"] != b"\0" * 32:
                new = "0x" + ev.args["supersededBy"].hex()
                out.append(ctx.entry(ev, f"document superseded by {by}", document=doc, supersededBy=new))
            else:
                out.append(ctx.entry(ev, f"document revoked by {by}", document=doc))
        client = EvidenceClient(ctx.suite)
        services: list[int] = []
        for ev in ctx.events(self.contract, "Served"):  # caseId is not indexed on Served
            if int(ev.args["caseId"]) != case_id:
                continue
            sid = int(ev.args["serviceId"])
            services.append(sid)
            method = label(ServiceMethod(int(ev.args["method"])))
            deemed = int(ev.args["deemedServedAt"])
            out.append(
                ctx.entry(
                    ev,
                    f"document served by {ctx.member(ev.args['server'])} ({method}), service {sid}",
                    document="0x" + ev.args["documentHash"].hex(),
                    serviceId=sid,
                    method=method,
                    deemedServedAt=deemed,
                    deemedServedAtText=iso(deemed),
                )
            )
            if client.service_status(sid) == ServiceStatus.DEEMED_SERVED:
                out.append(
                    TimelineEntry(
                        time=deemed,
                        block=0,
                        tx_hash="",
                        log_index=0,
                        source=self.contract,
                        event="DeemedServed",
                        title=f"service {sid} deemed served (not acknowledged in time)",
                        details={"serviceId": sid},
                        derived=True,
                    )
                )
        for ev in ctx.events(self.contract, "Acknowledged", services) if services else []:
            how = "by signature, relayed by " + ctx.member(ev.args["relayer"]) if ev.args["bySignature"] else "directly"
            out.append(
                ctx.entry(
                    ev,
                    f"service {ev.args['serviceId']} acknowledged by the recipient ({how})",
                    serviceId=int(ev.args["serviceId"]),
                    receipt="0x" + ev.args["receiptHash"].hex(),
                )
            )
        return out


class CreditTimeline(TimelineSource):
    contract = "CreditRegistry"

    def entries(self, ctx: TimelineContext, case_id: int) -> Iterable[TimelineEntry]:
        from ..clients.credit import CaseDomain, EntryKind, ObjectionStatus, Reason

        # A docket case's timeline: only entries whose source case is in the docket's numbering (an enforcement case
        # with the same number is another case).
        out: list[TimelineEntry] = []
        entries: list[int] = []
        for ev in ctx.events(self.contract, "ListingProposed", None, None, case_id):
            if int(ev.args["domain"]) != CaseDomain.DOCKET:
                continue
            kind = label(EntryKind(int(ev.args["kind"])))
            out.append(
                ctx.entry(
                    ev,
                    f"listing on the {kind} list proposed by {ctx.member(ev.args['proposer'])} "
                    f"(proposal {ev.args['proposalId']})",
                    proposalId=int(ev.args["proposalId"]),
                )
            )
        for ev in ctx.events(self.contract, "EntryListed", None, None, case_id):
            if int(ev.args["domain"]) != CaseDomain.DOCKET:
                continue
            eid = int(ev.args["entryId"])
            entries.append(eid)
            kind = label(EntryKind(int(ev.args["kind"])))
            code = int(ev.args["reason"])
            reason = Reason(code).describe if code in Reason._value2member_map_ else f"reason {code}"
            out.append(
                ctx.entry(
                    ev,
                    f"entry {eid} on the {kind} list, proposed by {ctx.member(ev.args['listedBy'])}, approved by "
                    f"{ctx.member(ev.args['approvedBy'])}: {reason}",
                    entryId=eid,
                    kind=kind,
                    reason=code,
                    startsAt=int(ev.args["startsAt"]),
                    endsAt=int(ev.args["endsAt"]),
                    endsAtText=iso(int(ev.args["endsAt"])),
                )
            )
        if entries:
            for ev in ctx.events(self.contract, "EntryDelisted", entries):
                out.append(ctx.entry(ev, f"entry {ev.args['entryId']} delisted: the debtor performed"))
            for ev in ctx.events(self.contract, "RemovalProposed", None, entries):
                out.append(
                    ctx.entry(
                        ev,
                        f"removal of entry {ev.args['entryId']} proposed by {ctx.member(ev.args['proposer'])} "
                        f"(proposal {ev.args['proposalId']})",
                        proposalId=int(ev.args["proposalId"]),
                    )
                )
            for ev in ctx.events(self.contract, "EntryRemoved", entries):
                why = f"objection {ev.args['objectionId']} upheld" if ev.args["objectionId"] else "judges' correction"
                out.append(
                    ctx.entry(
                        ev,
                        f"entry {ev.args['entryId']} removed as wrong ({why}), proposed by "
                        f"{ctx.member(ev.args['proposer'])}, approved by {ctx.member(ev.args['by'])}",
                    )
                )
            for ev in ctx.events(self.contract, "ObjectionFiled", None, entries):
                out.append(
                    ctx.entry(ev, f"objection {ev.args['objectionId']} filed against entry {ev.args['entryId']}")
                )
            for ev in ctx.events(self.contract, "ObjectionResolved", None, entries):
                outcome = label(ObjectionStatus(int(ev.args["outcome"])))
                out.append(
                    ctx.entry(ev, f"objection {ev.args['objectionId']} {outcome} by {ctx.member(ev.args['judge'])}")
                )
        return out


class DocketTimeline(TimelineSource):
    """Filing, docketing (with the case number), judgment and transfers; parties only by role, never by subject."""

    contract = "CaseDocket"

    def entries(self, ctx: TimelineContext, case_id: int) -> Iterable[TimelineEntry]:
        from ..clients.docket import Outcome, PartyRole, RefusalReason, decode_case_type

        def court(member_id: int) -> str:
            return ctx.names.member(member_id) or f"member {member_id}"

        out: list[TimelineEntry] = []
        for ev in ctx.events(self.contract, "FilingSubmitted", case_id):
            kind = decode_case_type(ev.args["caseType"])
            out.append(ctx.entry(ev, f"filing submitted to {court(int(ev.args['courtId']))} (case type {kind})"))
        for ev in ctx.events(self.contract, "FiledFromObligation", case_id):
            out.append(ctx.entry(ev, f"filed by rule: obligation {ev.args['obligationId']} went into default"))
        for ev in ctx.events(self.contract, "PartyRecorded", case_id):
            out.append(ctx.entry(ev, f"party recorded as {label(PartyRole(int(ev.args['role'])))}"))
        for ev in ctx.events(self.contract, "MaterialAdded", case_id):
            by = ctx.member(ev.args["by"])
            by = "a party" if by == NO_MEMBER else by
            doc = "0x" + ev.args["contentHash"].hex()
            out.append(ctx.entry(ev, f"material (kind {ev.args['kind']}) added by {by}", document=doc))
        for ev in ctx.events(self.contract, "FilingReclassified", case_id):
            old, new = decode_case_type(ev.args["from"]), decode_case_type(ev.args["to"])
            out.append(ctx.entry(ev, f"filing reclassified from {old} to {new}"))
        for ev in ctx.events(self.contract, "FilingWithdrawn", case_id):
            out.append(ctx.entry(ev, "filing withdrawn"))
        for ev in ctx.events(self.contract, "FilingRefused", case_id):
            missing = ", ".join(str(k) for k in ev.args["missingKinds"])
            out.append(ctx.entry(ev, f"filing refused as incomplete (missing material kinds {missing})"))
        for ev in ctx.events(self.contract, "FilingRejected", case_id):
            reason = RefusalReason(int(ev.args["reason"])).name.lower().replace("_", " ")
            out.append(
                ctx.entry(
                    ev,
                    f"filing refused by the court in its review ({reason})",
                    document="0x" + bytes(ev.args["rulingHash"]).hex(),
                )
            )
        for ev in ctx.events(self.contract, "CaseDocketed", case_id):
            number = ctx.case_number(case_id) or f"sequence {ev.args['sequence']}"
            when = " before its window closed" if ev.args["early"] else ""
            out.append(ctx.entry(ev, f"docketed as {number}{when}", caseNumber=number))
        for ev in ctx.events(self.contract, "JudgmentRecorded", case_id):
            outcome = label(Outcome(int(ev.args["outcome"])))
            out.append(
                ctx.entry(
                    ev,
                    f"judgment recorded by {ctx.member(ev.args['judge'])}: {outcome}, "
                    f"{ev.args['obligationCount']} obligation(s)",
                    document="0x" + ev.args["documentHash"].hex(),
                )
            )
        for ev in ctx.events(self.contract, "JudgmentObligationRecorded", case_id):
            due = int(ev.args["dueDate"])
            out.append(ctx.entry(ev, f"obligation {ev.args['index']} of the judgment, due {iso(due)}"))
        for name, verb in (
            ("CaseTransferInitiated", "initiated"),
            ("CaseTransferAccepted", "accepted"),
            ("CaseTransferCancelled", "cancelled"),
        ):
            for ev in ctx.events(self.contract, name, case_id):
                to = f" to {court(int(ev.args['toMember']))}" if "toMember" in ev.args else ""
                out.append(ctx.entry(ev, f"transfer {ev.args['transferIndex']}{to} {verb}"))
        return out


class AgentCredentialTimeline(TimelineSource):
    """An agent's acts on the filing with a professional credential (CaseDocket's `AgentCredentialUsed`): which
    credential, of which kind and firm, issued by which member. The credential was valid at that moment (the docket
    refuses the act otherwise); the agent's account is not shown, the credential id leads to it in the registry."""

    contract = "CaseDocket"

    def entries(self, ctx: TimelineContext, case_id: int) -> Iterable[TimelineEntry]:
        from ..clients.credentials import KIND_TEXT, AgentAct, CredentialClient

        if "CredentialRegistry" not in ctx.suite.addresses:
            return []
        registry = CredentialClient(ctx.suite)
        out: list[TimelineEntry] = []
        for ev in ctx.events(self.contract, "AgentCredentialUsed", case_id):
            cid = int(ev.args["credentialId"])
            c = registry.credential(cid)
            issuer = ctx.names.member(c.issuer_member) or f"member {c.issuer_member}"
            act = "filing" if int(ev.args["act"]) == AgentAct.FILING else "materials"
            out.append(
                ctx.entry(
                    ev,
                    f"{act} by an agent with credential {cid} ({KIND_TEXT[c.kind]}, {c.firm}, issued by {issuer}), "
                    "valid at that moment",
                    credentialId=cid,
                    credentialKind=c.kind.name.lower(),
                    firm=c.firm,
                    issuer=issuer,
                )
            )
        return out


SOURCES: list[type[TimelineSource]] = [DocketTimeline, AgentCredentialTimeline, EvidenceTimeline, CreditTimeline]


def register_source(source: type[TimelineSource]) -> None:
    """Add a contract's timeline source (e.g. CaseDocket's, when it lands)."""
    if source not in SOURCES:
        SOURCES.append(source)


def case_timeline(
    suite: Suite,
    case_id: int,
    sources: Sequence[type[TimelineSource]] | None = None,
    start_blocks: Mapping[str, int] | None = None,
) -> tuple[list[TimelineEntry], list[str]]:
    """Every public event of a case from every deployed source, in chain order (derived states at their time)."""
    ctx = TimelineContext(suite, start_blocks)
    used: list[str] = []
    entries: list[TimelineEntry] = []
    for source in sources or SOURCES:
        if source.contract not in suite.addresses:
            continue
        if source.contract not in used:
            used.append(source.contract)
        entries.extend(source().entries(ctx, case_id))
    entries.sort(key=lambda e: (e.time, e.derived, e.block, e.log_index))
    return entries, used

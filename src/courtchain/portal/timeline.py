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
from ..units import DEFAULT_DECIMALS, format_time
from .i18n import T, Text, amount, localise, reason, when, word, yuan
from .records import Names, case_number, event_topic

MAX_CASE_ID = 2**64 - 1
NO_MEMBER = T("非成员账户", "an account of no member")

# Each contract in words (where an entry was recorded), never by its Solidity name alone.
CONTRACT_WORDS = {
    "CaseDocket": T("立案与审判登记", "filing and trial docket"),
    "EvidenceRegistry": T("电子存证与送达", "evidence and service registry"),
    "CreditRegistry": T("信用惩戒名单", "credit lists"),
    "ObligationRegistry": T("调解协议与义务登记", "agreements and obligations registry"),
    "EnforcementOffice": T("执行局", "enforcement office"),
}


@dataclass(frozen=True)
class TimelineEntry:
    time: int
    block: int
    tx_hash: str
    log_index: int
    source: str
    event: str
    title: Text
    details: dict[str, Any] = field(default_factory=dict)
    derived: bool = False  # a state reached by time (e.g. deemed served), not an event

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        where = CONTRACT_WORDS.get(self.source, T(self.source, self.source))
        recorded = (
            where + T("（依时间推定）", " (reached by time)")
            if self.derived
            else where + T(f"，区块 {self.block}", f", block {self.block}")
        )
        return {
            "time": self.time,
            "timeIso": format_time(self.time),
            "timeText": when(self.time)(lang),
            "block": self.block,
            "txHash": self.tx_hash,
            "source": self.source,
            "sourceText": where(lang),
            "recordedText": recorded(lang),
            "event": self.event,
            "title": self.title(lang),
            "titles": self.title.to_json(),
            "details": localise(self.details, lang),
            "derived": self.derived,
        }


class TimelineContext:
    """What sources share for one request: the suite, member names, block times, event topics."""

    def __init__(self, suite: Suite, start_blocks: Mapping[str, int] | None = None) -> None:
        self.suite = suite
        self.start_blocks = start_blocks or {}  # each contract's deployment block: no log is older
        self.names = Names(suite)
        self._time = lru_cache(maxsize=4096)(suite.chain.timestamp)
        self.decimals = token_decimals(suite)

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

    def member(self, account: str) -> Text:
        """The member an account acts for; a suite contract in words (e.g. listings by the enforcement office)."""
        contract = self.suite.name_of(account)
        if contract is not None:
            return CONTRACT_WORDS.get(contract, T(contract, f"the {contract} contract"))
        _, name = self.names.of_account(account)
        return T(name, name) if name else NO_MEMBER

    def case_number(self, case_id: int) -> str | None:
        return case_number(self.suite, case_id)

    def entry(self, ev: Event, title: Text, derived: bool = False, **details: Any) -> TimelineEntry:
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


def token_decimals(suite: Suite) -> int:
    """The settlement token's decimals (amounts are shown in yuan with them); 18 when it cannot be read."""
    if "SettlementToken" not in suite.addresses:
        return DEFAULT_DECIMALS
    try:
        return int(suite.view("SettlementToken", "decimals"))
    except Exception:  # a token without decimals(): the standard's default
        return DEFAULT_DECIMALS


def _topic(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, list):
        return [_topic(i) for i in x]
    if isinstance(x, bytes):
        return "0x" + x.rjust(32, b"\0").hex()
    return "0x" + int(x).to_bytes(32, "big").hex()


@dataclass
class Story:
    """One case's story across contracts, followed from the docket filing by the records' own links: the
    judgment's obligations (`JudgmentRegistered`), a filing made by default (`FiledFromObligation`/`TrialFiled`), an
    agreement confirmed by the ruling the docket recorded as the case's judgment; the enforcement cases their
    defaults opened (`EnforcementOpened`); the credit entries listed under those enforcement cases
    (`EntryListed` with domain ENFORCEMENT) or under the filing itself (domain DOCKET). Never by equal numbers alone:
    filing 3 and enforcement case 3 are different cases."""

    case_id: int
    obligations: list[int] = field(default_factory=list)
    enforcements: list[int] = field(default_factory=list)


def resolve_story(ctx: TimelineContext, case_id: int) -> Story:
    story = Story(case_id)
    addresses = ctx.suite.addresses
    obligations: set[int] = set()
    if "ObligationRegistry" in addresses:
        for ev in ctx.events("ObligationRegistry", "JudgmentRegistered", None, case_id):
            obligations.add(int(ev.args["obligationId"]))
        for ev in ctx.events("ObligationRegistry", "TrialFiled", None, case_id):
            obligations.add(int(ev.args["obligationId"]))
        if "CaseDocket" in addresses:
            rulings = {bytes(ev.args["documentHash"]) for ev in ctx.events("CaseDocket", "JudgmentRecorded", case_id)}
            if rulings:
                for ev in ctx.events("ObligationRegistry", "AgreementConfirmed"):
                    if bytes(ev.args["rulingHash"]) in rulings:
                        obligations.add(int(ev.args["obligationId"]))
    if "CaseDocket" in addresses:
        for ev in ctx.events("CaseDocket", "FiledFromObligation", case_id):
            obligations.add(int(ev.args["obligationId"]))
    story.obligations = sorted(obligations)
    if obligations and "ObligationRegistry" in addresses:
        opened = ctx.events("ObligationRegistry", "EnforcementOpened", story.obligations)
        story.enforcements = sorted({int(ev.args["caseId"]) for ev in opened})
    return story


class TimelineSource:
    """One contract's contribution to a case's story."""

    contract: ClassVar[str] = ""

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        raise NotImplementedError


class EvidenceTimeline(TimelineSource):
    contract = "EvidenceRegistry"

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        from ..clients.evidence import AnchorRole, DocumentKind, EvidenceClient, ServiceMethod, ServiceStatus

        case_id = story.case_id

        def who(ev: Event) -> Text:
            if int(ev.args["role"]) == AnchorRole.NONE:
                return T("当事人本人", "a party (as itself)")
            role = word(AnchorRole(int(ev.args["role"])))
            return ctx.member(ev.args["submitter"]) + T("（", " (") + role + T("）", ")")

        out: list[TimelineEntry] = []
        hashes: list[bytes] = []
        for ev in ctx.events(self.contract, "Anchored", None, None, case_id):
            kind = word(DocumentKind(int(ev.args["kind"])))
            hashes.append(ev.args["contentHash"])
            title = T(f"{who(ev).zh}存证{kind.zh}", f"{kind.en} anchored by {who(ev).en}")
            out.append(ctx.entry(ev, title, document="0x" + ev.args["contentHash"].hex(), kind=kind))
        roots: list[bytes] = []
        for ev in ctx.events(self.contract, "BatchAnchored", None, None, case_id):
            kind = word(DocumentKind(int(ev.args["kind"])))
            roots.append(ev.args["root"])
            n = int(ev.args["count"])
            title = T(
                f"{who(ev).zh}批量存证 {n} 份文件（{kind.zh}）",
                f"batch of {n} documents ({kind.en}) anchored by {who(ev).en}",
            )
            out.append(ctx.entry(ev, title, root="0x" + ev.args["root"].hex(), count=n, kind=kind))
        revoked = ctx.events(self.contract, "Revoked", hashes, [b""]) if hashes else []
        revoked += ctx.events(self.contract, "Revoked", None, roots) if roots else []
        for ev in revoked:
            by = ctx.member(ev.args["by"])
            doc = "0x" + ev.args["contentHash"].hex()
            if ev.args["supersededBy"] != b"\0" * 32:
                new = "0x" + ev.args["supersededBy"].hex()
                title = T(f"{by.zh}以新文件替代该文件", f"document superseded by {by.en}")
                out.append(ctx.entry(ev, title, document=doc, supersededBy=new))
            else:
                out.append(ctx.entry(ev, T(f"{by.zh}撤销该文件", f"document revoked by {by.en}"), document=doc))
        client = EvidenceClient(ctx.suite)
        services: list[int] = []
        for ev in ctx.events(self.contract, "Served"):  # caseId is not indexed on Served
            if int(ev.args["caseId"]) != case_id:
                continue
            sid = int(ev.args["serviceId"])
            services.append(sid)
            method = word(ServiceMethod(int(ev.args["method"])))
            deemed = int(ev.args["deemedServedAt"])
            server = ctx.member(ev.args["server"])
            title = T(
                f"{server.zh}送达文书（{method.zh}），送达编号 {sid}",
                f"document served by {server.en} ({method.en}), service {sid}",
            )
            out.append(
                ctx.entry(
                    ev,
                    title,
                    document="0x" + ev.args["documentHash"].hex(),
                    serviceId=sid,
                    method=method,
                    deemedServedAt=deemed,
                    deemedServedAtText=when(deemed),
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
                        title=T(
                            f"送达编号 {sid} 视为送达（未在期限内签收）",
                            f"service {sid} deemed served (not acknowledged in time)",
                        ),
                        details={"serviceId": sid},
                        derived=True,
                    )
                )
        for ev in ctx.events(self.contract, "Acknowledged", services) if services else []:
            sid = int(ev.args["serviceId"])
            if ev.args["bySignature"]:
                relayer = ctx.member(ev.args["relayer"])
                how = T(f"签名签收，由{relayer.zh}转交", f"by signature, relayed by {relayer.en}")
            else:
                how = T("直接签收", "directly")
            title = T(
                f"受送达人签收送达编号 {sid}（{how.zh}）", f"service {sid} acknowledged by the recipient ({how.en})"
            )
            out.append(ctx.entry(ev, title, serviceId=sid, receipt="0x" + ev.args["receiptHash"].hex()))
        return out


class CreditTimeline(TimelineSource):
    contract = "CreditRegistry"

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        from ..clients.credit import CaseDomain, EntryKind, ObjectionStatus

        # Only entries sourced from this story: listed under the filing (domain DOCKET) or under one of the story's
        # enforcement cases (domain ENFORCEMENT). An enforcement case with the filing's number is another case.
        def ours(ev: Event) -> bool:
            domain, cid = int(ev.args["domain"]), int(ev.args["caseId"])
            if domain == CaseDomain.DOCKET:
                return cid == story.case_id
            return domain == CaseDomain.ENFORCEMENT and cid in story.enforcements

        cases: list[int] = sorted({story.case_id, *story.enforcements})
        out: list[TimelineEntry] = []
        entries: list[int] = []
        for ev in ctx.events(self.contract, "ListingProposed", None, None, cases):
            if not ours(ev):
                continue
            kind = word(EntryKind(int(ev.args["kind"])))
            pid, who = int(ev.args["proposalId"]), ctx.member(ev.args["proposer"])
            title = T(
                f"{who.zh}提议列入{kind.zh}（提议 {pid}）",
                f"listing on the {kind.en} list proposed by {who.en} (proposal {pid})",
            )
            out.append(ctx.entry(ev, title, proposalId=pid))
        for ev in ctx.events(self.contract, "EntryListed", None, None, cases):
            if not ours(ev):
                continue
            eid = int(ev.args["entryId"])
            entries.append(eid)
            kind = word(EntryKind(int(ev.args["kind"])))
            code = int(ev.args["reason"])
            why = reason(code)
            by, ok = ctx.member(ev.args["listedBy"]), ctx.member(ev.args["approvedBy"])
            title = T(
                f"条目 {eid} 列入{kind.zh}：{why.zh}（{by.zh}提出，{ok.zh}批准）",
                f"entry {eid} on the {kind.en} list, proposed by {by.en}, approved by {ok.en}: {why.en}",
            )
            ends = int(ev.args["endsAt"])
            out.append(
                ctx.entry(
                    ev,
                    title,
                    entryId=eid,
                    kind=kind,
                    reason=why,
                    startsAt=int(ev.args["startsAt"]),
                    startsAtText=when(int(ev.args["startsAt"])),
                    endsAt=ends,
                    endsAtText=when(ends),
                )
            )
        if entries:
            for ev in ctx.events(self.contract, "EntryDelisted", entries):
                eid = int(ev.args["entryId"])
                out.append(
                    ctx.entry(
                        ev, T(f"条目 {eid} 因被执行人履行完毕而移出名单", f"entry {eid} delisted: the debtor performed")
                    )
                )
            for ev in ctx.events(self.contract, "RemovalProposed", None, entries):
                eid, pid, who = int(ev.args["entryId"]), int(ev.args["proposalId"]), ctx.member(ev.args["proposer"])
                title = T(
                    f"{who.zh}提议删除条目 {eid}（提议 {pid}）",
                    f"removal of entry {eid} proposed by {who.en} (proposal {pid})",
                )
                out.append(ctx.entry(ev, title, proposalId=pid))
            for ev in ctx.events(self.contract, "EntryRemoved", entries):
                eid, oid = int(ev.args["entryId"]), int(ev.args["objectionId"])
                why = T(f"异议 {oid} 成立", f"objection {oid} upheld") if oid else T("法官纠错", "judges' correction")
                by, ok = ctx.member(ev.args["proposer"]), ctx.member(ev.args["by"])
                title = T(
                    f"条目 {eid} 因错误被删除（{why.zh}），{by.zh}提出，{ok.zh}批准",
                    f"entry {eid} removed as wrong ({why.en}), proposed by {by.en}, approved by {ok.en}",
                )
                out.append(ctx.entry(ev, title))
            for ev in ctx.events(self.contract, "ObjectionFiled", None, entries):
                eid, oid = int(ev.args["entryId"]), int(ev.args["objectionId"])
                out.append(
                    ctx.entry(ev, T(f"对条目 {eid} 提出异议 {oid}", f"objection {oid} filed against entry {eid}"))
                )
            for ev in ctx.events(self.contract, "ObjectionResolved", None, entries):
                oid = int(ev.args["objectionId"])
                outcome, judge = word(ObjectionStatus(int(ev.args["outcome"]))), ctx.member(ev.args["judge"])
                title = T(f"{judge.zh}审查异议 {oid}：{outcome.zh}", f"objection {oid} {outcome.en} by {judge.en}")
                out.append(ctx.entry(ev, title))
        return out


class DocketTimeline(TimelineSource):
    """Filing, docketing (with the case number), judgment and transfers; parties only by role, never by subject."""

    contract = "CaseDocket"

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        from ..clients.docket import MaterialKind, Outcome, PartyRole, RefusalReason, decode_case_type

        case_id = story.case_id

        def court(member_id: int) -> Text:
            name = ctx.names.member(member_id)
            return T(name, name) if name else T(f"成员 {member_id}", f"member {member_id}")

        def material(k: int) -> Text:
            return (
                word(MaterialKind(k))
                if k in MaterialKind._value2member_map_
                else T(f"材料类别 {k}", f"material kind {k}")
            )

        out: list[TimelineEntry] = []
        for ev in ctx.events(self.contract, "FilingSubmitted", case_id):
            kind, c = decode_case_type(ev.args["caseType"]), court(int(ev.args["courtId"]))
            out.append(
                ctx.entry(
                    ev, T(f"向{c.zh}提交立案申请（案件类型 {kind}）", f"filing submitted to {c.en} (case type {kind})")
                )
            )
        for ev in ctx.events(self.contract, "FiledFromObligation", case_id):
            oid = int(ev.args["obligationId"])
            out.append(
                ctx.entry(ev, T(f"依规则立案：义务 {oid} 违约", f"filed by rule: obligation {oid} went into default"))
            )
        for ev in ctx.events(self.contract, "PartyRecorded", case_id):
            role = word(PartyRole(int(ev.args["role"])))
            out.append(ctx.entry(ev, T(f"登记当事人：{role.zh}", f"party recorded as {role.en}")))
        for ev in ctx.events(self.contract, "MaterialAdded", case_id):
            adder = ctx.member(ev.args["by"])
            adder = T("当事人", "a party") if adder == NO_MEMBER else adder
            doc = "0x" + ev.args["contentHash"].hex()
            mk = material(int(ev.args["kind"]))
            title = T(f"{adder.zh}提交材料：{mk.zh}", f"{mk.en} added by {adder.en}")
            out.append(ctx.entry(ev, title, document=doc, kind=mk))
        for ev in ctx.events(self.contract, "FilingReclassified", case_id):
            old, new = decode_case_type(ev.args["from"]), decode_case_type(ev.args["to"])
            out.append(ctx.entry(ev, T(f"案件类型由 {old} 变更为 {new}", f"filing reclassified from {old} to {new}")))
        for ev in ctx.events(self.contract, "FilingWithdrawn", case_id):
            out.append(ctx.entry(ev, T("撤回立案申请", "filing withdrawn")))
        for ev in ctx.events(self.contract, "FilingRefused", case_id):
            missing = [material(int(k)) for k in ev.args["missingKinds"]]
            title = T(
                "材料不全，不予立案（缺少：" + "、".join(m.zh for m in missing) + "）",
                "filing refused as incomplete (missing: " + ", ".join(m.en for m in missing) + ")",
            )
            out.append(ctx.entry(ev, title))
        for ev in ctx.events(self.contract, "FilingRejected", case_id):
            why = word(RefusalReason(int(ev.args["reason"])))
            title = T(f"法院审查后裁定不予受理（{why.zh}）", f"filing refused by the court in its review ({why.en})")
            out.append(ctx.entry(ev, title, document="0x" + bytes(ev.args["rulingHash"]).hex()))
        for ev in ctx.events(self.contract, "CaseDocketed", case_id):
            number = ctx.case_number(case_id) or str(ev.args["sequence"])
            early = bool(ev.args["early"])
            title = T(
                f"立案，案号 {number}" + ("（提交期限届满前）" if early else ""),
                f"docketed as {number}" + (" before its window closed" if early else ""),
            )
            out.append(ctx.entry(ev, title, caseNumber=number))
        for ev in ctx.events(self.contract, "JudgmentRecorded", case_id):
            outcome, judge, n = (
                word(Outcome(int(ev.args["outcome"]))),
                ctx.member(ev.args["judge"]),
                int(ev.args["obligationCount"]),
            )
            title = T(
                f"{judge.zh}登记裁判结果：{outcome.zh}，确定义务 {n} 项",
                f"judgment recorded by {judge.en}: {outcome.en}, {n} obligation(s)",
            )
            out.append(ctx.entry(ev, title, document="0x" + ev.args["documentHash"].hex()))
        for ev in ctx.events(self.contract, "JudgmentObligationRecorded", case_id):
            due, i = when(int(ev.args["dueDate"])), int(ev.args["index"])
            out.append(
                ctx.entry(
                    ev,
                    T(f"裁判确定的第 {i} 项义务，履行期限 {due.zh}", f"obligation {i} of the judgment, due {due.en}"),
                )
            )
        for name, zh, en in (
            ("CaseTransferInitiated", "发起", "initiated"),
            ("CaseTransferAccepted", "接受", "accepted"),
            ("CaseTransferCancelled", "撤销", "cancelled"),
        ):
            for ev in ctx.events(self.contract, name, case_id):
                idx = ev.args["transferIndex"]
                to = None
                if "toMember" in ev.args:  # member 0: a transfer to another chain (CrossChainCases)
                    m = int(ev.args["toMember"])
                    to = court(m) if m else T("其他链上的机关", "an organ on another chain")
                title = T(
                    f"移送 {idx}" + (f"至{to.zh}" if to else "") + f"：{zh}",
                    f"transfer {idx}" + (f" to {to.en}" if to else "") + f" {en}",
                )
                out.append(ctx.entry(ev, title))
        return out


class AgentCredentialTimeline(TimelineSource):
    """An agent's acts on the filing with a professional credential (CaseDocket's `AgentCredentialUsed`): which
    credential, of which kind and firm, issued by which member. The credential was valid at that moment (the docket
    refuses the act otherwise); the agent's account is not shown, the credential id leads to it in the registry."""

    contract = "CaseDocket"

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        from ..clients.credentials import KIND_TEXT, AgentAct, CredentialClient

        if "CredentialRegistry" not in ctx.suite.addresses:
            return []
        registry = CredentialClient(ctx.suite)
        out: list[TimelineEntry] = []
        for ev in ctx.events(self.contract, "AgentCredentialUsed", story.case_id):
            cid = int(ev.args["credentialId"])
            c = registry.credential(cid)
            kind_zh, kind_en = KIND_TEXT[c.kind].split(" ", 1)
            issuer = ctx.names.member(c.issuer_member) or f"member {c.issuer_member}"
            filing = int(ev.args["act"]) == AgentAct.FILING
            act = ("提交立案申请", "filing") if filing else ("提交材料", "materials")
            title = T(
                f"代理人凭执业凭证 {cid}（{kind_zh}，{c.firm}，{issuer} 颁发）{act[0]}，当时有效",
                f"{act[1]} by an agent with credential {cid} ({kind_en}, {c.firm}, issued by {issuer}), "
                "valid at that moment",
            )
            out.append(
                ctx.entry(
                    ev,
                    title,
                    credentialId=cid,
                    credentialKind=c.kind.name.lower(),
                    firm=c.firm,
                    issuer=issuer,
                )
            )
        return out


class ObligationTimeline(TimelineSource):
    """The agreements and judgment obligations of the story: recorded, signed, confirmed, paid, defaulted."""

    contract = "ObligationRegistry"

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        from ..clients.obligations import Consequence

        if not story.obligations:
            return []
        out: list[TimelineEntry] = []

        def each(name: str) -> list[tuple[Event, int, dict[str, Any]]]:
            return [
                (ev, int(ev.args["obligationId"]), ev.args) for ev in ctx.events(self.contract, name, story.obligations)
            ]

        def money(units: Any) -> Text:
            return yuan(int(units), ctx.decimals)

        for ev, o, a in each("AgreementRecorded"):
            who, total, n = ctx.member(a["mediator"]), money(a["total"]), a["instalments"]
            title = T(
                f"{who.zh}登记调解协议 {o}：共 {total.zh}，分 {n} 期",
                f"mediation agreement {o} recorded by {who.en}: {total.en} in {n} instalment(s)",
            )
            out.append(
                ctx.entry(ev, title, obligationId=o, total=total, document="0x" + bytes(a["documentHash"]).hex())
            )
        for ev, o, a in each("AgreementSigned"):
            how = ("（电子签名）", " (by signature)") if a["bySignature"] else ("", "")
            out.append(
                ctx.entry(ev, T(f"一方当事人签署调解协议 {o}{how[0]}", f"agreement {o} signed by a party{how[1]}"))
            )
        for ev, o, _ in each("AgreementBinding"):
            out.append(
                ctx.entry(ev, T(f"双方签署完毕，调解协议 {o} 生效", f"agreement {o} binding: both parties signed"))
            )
        for ev, o, a in each("AgreementConfirmed"):
            judge = ctx.member(a["judge"])
            title = T(f"{judge.zh}司法确认调解协议 {o}", f"agreement {o} judicially confirmed by {judge.en}")
            out.append(ctx.entry(ev, title, document="0x" + bytes(a["rulingHash"]).hex()))
        for ev, o, a in each("JudgmentRegistered"):
            amount_, due = money(a["amount"]), when(int(a["dueDate"]))
            title = T(
                f"登记裁判确定的义务 {o}：{amount_.zh}，履行期限 {due.zh}",
                f"obligation {o} of the judgment registered: {amount_.en}, due {due.en}",
            )
            out.append(ctx.entry(ev, title, obligationId=o, amount=amount_))
        for ev, o, a in each("PaymentMade"):
            paid, total = money(a["amount"]), money(a["paidTotal"])
            title = T(
                f"债务人通过合约履行义务 {o}：{paid.zh}（累计 {total.zh}）",
                f"payment of {paid.en} on obligation {o} through the contract (paid in all {total.en})",
            )
            out.append(ctx.entry(ev, title, amount=paid))
        for ev, o, a in each("PaymentAcknowledged"):
            paid = money(a["amount"])
            title = T(
                f"债权人确认线下收款 {paid.zh}（义务 {o}）",
                f"creditor acknowledged {paid.en} paid off chain (obligation {o})",
            )
            out.append(ctx.entry(ev, title, amount=paid))
        for ev, o, _ in each("ObligationPerformed"):
            out.append(ctx.entry(ev, T(f"义务 {o} 已全部履行", f"obligation {o} performed in full")))
        for ev, o, a in each("ObligationDefaulted"):
            claim, then = money(a["claimAmount"]), word(Consequence(int(a["consequence"])))
            n = a["instalment"]
            title = T(
                f"义务 {o} 违约（第 {n} 期），主张 {claim.zh}，后果：{then.zh}",
                f"obligation {o} in default (instalment {n}), claiming {claim.en}; consequence: {then.en}",
            )
            out.append(ctx.entry(ev, title, claim=claim))
        for ev, o, a in each("TrialFiled"):
            f = a["filingId"]
            title = T(
                f"义务 {o} 违约，依规则起诉（立案申请 {f}）",
                f"default of obligation {o} filed a trial case (filing {f})",
            )
            out.append(ctx.entry(ev, title))
        for ev, o, a in each("EnforcementOpened"):
            c, claim = int(a["caseId"]), money(a["amount"])
            title = T(
                f"义务 {o} 违约，依规则立执行案件 {c}，执行标的 {claim.zh}",
                f"default of obligation {o} opened enforcement case {c} for {claim.en}",
            )
            out.append(ctx.entry(ev, title, enforcementCase=c, amount=claim))
        return out


class EnforcementTimeline(TimelineSource):
    """The story's enforcement cases: creditors, property, orders (each with proposer and approver), money."""

    contract = "EnforcementOffice"

    def entries(self, ctx: TimelineContext, story: Story) -> Iterable[TimelineEntry]:
        from ..clients.enforcement import AssetKind, ClaimClass, OrderKind

        if not story.enforcements:
            return []
        ids = story.enforcements
        dec = ctx.decimals
        out: list[TimelineEntry] = []

        def each(name: str, position: int = 1) -> list[Event]:
            if position == 1:
                return ctx.events(self.contract, name, ids)
            return ctx.events(self.contract, name, None, ids)

        def m(ev: Event, key: str) -> Text:
            return ctx.member(ev.args[key])

        def money(ev: Event, key: str = "amount") -> Text:
            return yuan(int(ev.args[key]), dec)

        for ev in each("CaseOpened"):
            c = int(ev.args["caseId"])
            out.append(ctx.entry(ev, T(f"执行案件 {c} 立案", f"enforcement case {c} opened"), enforcementCase=c))
        for ev in each("CreditorAdmitted"):
            c, cls = int(ev.args["caseId"]), word(ClaimClass(int(ev.args["class_"])))
            title = T(
                f"执行案件 {c} 确认债权人 {ev.args['creditorId']}：{cls.zh} {money(ev, 'claim').zh}",
                f"creditor {ev.args['creditorId']} admitted to enforcement case {c}: {cls.en}, {money(ev, 'claim').en}",
            )
            out.append(ctx.entry(ev, title, enforcementCase=c, claim=money(ev, "claim")))
        for ev in each("AssetReported"):
            c, kind = int(ev.args["caseId"]), word(AssetKind(int(ev.args["kind"])))
            title = T(
                f"{m(ev, 'reporter').zh}报告被执行人财产（{kind.zh}，价值 {money(ev, 'value').zh}）",
                f"property reported by {m(ev, 'reporter').en} ({kind.en}, worth {money(ev, 'value').en})",
            )
            out.append(ctx.entry(ev, title, enforcementCase=c, assetId=int(ev.args["assetId"])))
        for ev in each("OrderProposed", 2):
            kind = word(OrderKind(int(ev.args["kind"])))
            amount = "" if int(ev.args["kind"]) == OrderKind.TERMINATE else money(ev).zh
            title = T(
                f"{m(ev, 'proposer').zh}提出{kind.zh}令 {ev.args['orderId']}" + (f"（{amount}）" if amount else ""),
                f"{kind.en} order {ev.args['orderId']} proposed by {m(ev, 'proposer').en}"
                + (f" ({money(ev).en})" if amount else ""),
            )
            out.append(ctx.entry(ev, title, orderId=int(ev.args["orderId"]), kind=kind))
        for ev in each("OrderApproved", 2):
            auto = bool(ev.args["automatic"])
            title = T(
                f"{m(ev, 'approver').zh}批准命令 {ev.args['orderId']}" + ("（自动批准）" if auto else ""),
                f"order {ev.args['orderId']} approved by {m(ev, 'approver').en}" + (" (automatically)" if auto else ""),
            )
            out.append(ctx.entry(ev, title, orderId=int(ev.args["orderId"])))
        for ev in each("OrderCancelled", 2):
            out.append(
                ctx.entry(
                    ev,
                    T(f"命令 {ev.args['orderId']} 已撤销", f"order {ev.args['orderId']} cancelled"),
                    orderId=int(ev.args["orderId"]),
                )
            )
        for ev in each("OrderExecuted", 2):
            kind = word(OrderKind(int(ev.args["kind"])))
            shown = int(ev.args["kind"]) != OrderKind.TERMINATE
            title = T(
                f"{m(ev, 'executor').zh}执行{kind.zh}令 {ev.args['orderId']}" + (f"：{money(ev).zh}" if shown else ""),
                f"{kind.en} order {ev.args['orderId']} executed by {m(ev, 'executor').en}"
                + (f": {money(ev).en}" if shown else ""),
            )
            out.append(ctx.entry(ev, title, orderId=int(ev.args["orderId"]), kind=kind))
        for ev in each("Deposited"):
            out.append(
                ctx.entry(
                    ev,
                    T(f"执行款 {money(ev).zh} 存入执行账户", f"{money(ev).en} deposited into escrow"),
                    amount=money(ev),
                )
            )
        for ev in each("DistributionCompleted"):
            r = ev.args["round"]
            title = T(
                f"第 {r} 轮分配完成：共分配 {money(ev, 'distributed').zh}",
                f"distribution round {r} completed: {money(ev, 'distributed').en} distributed",
            )
            out.append(ctx.entry(ev, title, distributed=money(ev, "distributed")))
        for ev in each("DistributionCredited"):
            title = T(
                f"向债权人 {ev.args['creditorId']} 分配 {money(ev).zh}",
                f"{money(ev).en} credited to creditor {ev.args['creditorId']}",
            )
            out.append(ctx.entry(ev, title, amount=money(ev)))
        for ev in each("Withdrawn"):
            title = T(
                f"债权人 {ev.args['creditorId']} 领取 {money(ev).zh}",
                f"creditor {ev.args['creditorId']} withdrew {money(ev).en}",
            )
            out.append(ctx.entry(ev, title, amount=money(ev)))
        for ev in each("CaseTerminated"):
            c = int(ev.args["caseId"])
            title = T(
                f"执行案件 {c} 终结本次执行程序（{m(ev, 'proposer').zh}提出，{m(ev, 'approver').zh}批准）",
                f"enforcement case {c} terminated (proposed by {m(ev, 'proposer').en}, "
                f"approved by {m(ev, 'approver').en})",
            )
            out.append(ctx.entry(ev, title, enforcementCase=c))
        for ev in each("CaseResumed"):
            c = int(ev.args["caseId"])
            title = T(f"发现新财产，执行案件 {c} 恢复执行", f"enforcement case {c} resumed: new property found")
            out.append(ctx.entry(ev, title, enforcementCase=c))
        for ev in each("CaseClosed"):
            c = int(ev.args["caseId"])
            out.append(
                ctx.entry(ev, T(f"执行案件 {c} 执行完毕，结案", f"enforcement case {c} closed"), enforcementCase=c)
            )
        for ev in each("DebtorListed"):
            from ..clients.credit import EntryKind

            k = int(ev.args["kind"])
            kind = word(EntryKind(k)) if k in EntryKind._value2member_map_ else T(str(k), str(k))
            title = T(
                f"被执行人被列入{kind.zh}（条目 {ev.args['entryId']}）",
                f"debtor listed on the {kind.en} list (entry {ev.args['entryId']})",
            )
            out.append(ctx.entry(ev, title, entryId=int(ev.args["entryId"])))
        for ev in each("DebtorDelisted"):
            n = int(ev.args["entries"])
            out.append(ctx.entry(ev, T(f"结案，{n} 个名单条目移出", f"closure ended {n} credit entries")))
        return out


SOURCES: list[type[TimelineSource]] = [
    DocketTimeline,
    AgentCredentialTimeline,
    EvidenceTimeline,
    ObligationTimeline,
    EnforcementTimeline,
    CreditTimeline,
]


def register_source(source: type[TimelineSource]) -> None:
    """Add a contract's timeline source."""
    if source not in SOURCES:
        SOURCES.append(source)


def case_timeline(
    suite: Suite,
    case_id: int,
    sources: Sequence[type[TimelineSource]] | None = None,
    start_blocks: Mapping[str, int] | None = None,
) -> tuple[list[TimelineEntry], list[str]]:
    """Every public event of a case's story from every deployed source, in chain order (derived states at their
    time)."""
    entries, used, _ = case_story(suite, case_id, sources, start_blocks)
    return entries, used


def case_story(
    suite: Suite,
    case_id: int,
    sources: Sequence[type[TimelineSource]] | None = None,
    start_blocks: Mapping[str, int] | None = None,
    ctx: TimelineContext | None = None,
) -> tuple[list[TimelineEntry], list[str], Story]:
    """The case's story and its timeline; `ctx` gives the events (the chain's logs by default, or the event index)."""
    ctx = ctx or TimelineContext(suite, start_blocks)
    story = resolve_story(ctx, case_id)
    used: list[str] = []
    entries: list[TimelineEntry] = []
    for source in sources or SOURCES:
        if source.contract not in suite.addresses:
            continue
        if source.contract not in used:  # two sources read CaseDocket
            used.append(source.contract)
        entries.extend(source().entries(ctx, story))
    entries.sort(key=lambda e: (e.time, e.derived, e.block, e.log_index))
    return entries, used, story


def story_summary(suite: Suite, story: Story, entries: Sequence[TimelineEntry], lang: str) -> dict[str, Any]:
    """The case's story across contracts in one view: the filing, its agreements and obligations, its enforcement
    cases with their public money figures, the credit entries of the story only, services and anchored documents."""
    from ..clients.credit import CreditClient
    from ..clients.docket import DocketClient, FilingStatus
    from ..clients.enforcement import EnforcementClient
    from ..clients.obligations import ObligationClient
    from ..errors import NotFoundError

    dec = token_decimals(suite)
    out: dict[str, Any] = {"filing": None, "obligations": [], "enforcements": [], "listings": []}
    if "CaseDocket" in suite.addresses:
        try:
            f = DocketClient(suite).filing(story.case_id)
            out["filing"] = {
                "id": f.id,
                "caseNumber": f.case_number,
                "status": word(FilingStatus(f.status))(lang),
                "caseType": f.case_type,
                "claim": amount(f.claim_amount, dec),
                "filedAt": f.filed_at,
                "filedAtText": when(f.filed_at)(lang),
            }
        except NotFoundError:
            pass
    if story.obligations:
        reg = ObligationClient(suite)
        for oid in story.obligations:
            o = reg.obligation(oid)
            out["obligations"].append(
                {
                    "id": oid,
                    "kind": word(o.kind)(lang),
                    "status": word(o.status)(lang),
                    "judiciallyConfirmed": o.judicially_confirmed,
                    "total": amount(o.total, dec),
                    "paid": amount(o.paid + o.acknowledged, dec),
                }
            )
    if story.enforcements:
        office = EnforcementClient(suite)
        for cid in story.enforcements:
            c = office.case(cid)
            out["enforcements"].append(
                {
                    "id": cid,
                    "status": word(c.status)(lang),
                    "openedAt": c.opened_at,
                    "openedAtText": when(c.opened_at)(lang),
                    "seized": amount(c.seized, dec),
                    "distributed": amount(c.distributed, dec),
                    "withdrawn": amount(c.withdrawn, dec),
                    "frozen": amount(c.frozen, dec),
                    "outstanding": amount(c.outstanding, dec),
                }
            )
    listed = [int(e.details["entryId"]) for e in entries if e.source == "CreditRegistry" and e.event == "EntryListed"]
    if listed:
        credit = CreditClient(suite)
        for eid in listed:
            entry = credit.entry(eid)
            out["listings"].append(
                {
                    "entryId": eid,
                    "kind": word(entry.kind)(lang),
                    "status": word(credit.entry_status(eid))(lang),
                    "reason": reason(entry.reason)(lang),
                    "startsAtText": when(entry.starts_at)(lang),
                    "endsAtText": when(entry.ends_at)(lang),
                }
            )
    out["services"] = sorted({int(e.details["serviceId"]) for e in entries if e.event == "Served"})
    out["documents"] = sorted(
        {str(e.details["document"]) for e in entries if e.event == "Anchored" and "document" in e.details}
    )
    return out

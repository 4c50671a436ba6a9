"""One case's whole story across the contracts, in words: from any record (a filing, an obligation, an enforcement
case, a credit entry) the links the contracts' events give (docket → obligation → enforcement → listing) reach the
others; each step is told with its people, amounts in yuan and times in Beijing time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..clients.docket import decode_case_type, render_case_number
from ..crosschain_audit import Step
from ..suite import Event, Suite
from ..units import amount_json, csv_text, format_time, format_yuan
from . import Key, _family_and_events, _record_name
from .bankruptcy import summary as bankruptcy_summary
from .words import ENUM_WORDS, Reader, bilingual, contract_word, enum_word, event_word

KIND_WORDS: dict[str, tuple[str, str]] = {
    "case": ("审判案件（立案申请）", "docket filing / case"),
    "obligation": ("调解协议 / 判决义务", "obligation"),
    "enforcement": ("执行案件", "enforcement case"),
    "entry": ("信用惩戒名单记录", "credit entry"),
    "bankruptcy": ("破产案件", "bankruptcy case"),
}

# events that link two records, and how the link reads
LINK_EVENTS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    # (contract, event) -> (kind a, id arg a, kind b, id arg b)
    ("ObligationRegistry", "JudgmentRegistered"): ("case", "caseId", "obligation", "obligationId"),
    ("ObligationRegistry", "TrialFiled"): ("obligation", "obligationId", "case", "filingId"),
    ("CaseDocket", "FiledFromObligation"): ("obligation", "obligationId", "case", "filingId"),
    ("ObligationRegistry", "EnforcementOpened"): ("obligation", "obligationId", "enforcement", "caseId"),
    ("EnforcementOffice", "DebtorListed"): ("enforcement", "caseId", "entry", "entryId"),
}


def record_words(kind: str, rid: int) -> str:
    zh, en = KIND_WORDS.get(kind, (kind, kind))
    return f"{zh} {rid} / {en} {rid}"


@dataclass(frozen=True)
class ReadableEntry:
    """One event as a reader reads it."""

    time: str  # ISO 8601, Beijing time
    block: int
    tx_hash: str
    contract: str
    event: str
    what: str  # the event in words
    record: str
    actor: str  # full address (label)
    approver: str
    amount: dict[str, str] | None  # exact base units beside the yuan figure
    amount_text: str
    detail: str


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    event: str
    block: int


@dataclass
class CreditorMoney:
    creditor_id: int
    payee: str
    claim: int = 0
    distributed: int = 0
    withdrawn: int = 0


@dataclass
class CaseMoney:
    case_id: int
    seized: int = 0
    creditors: dict[int, CreditorMoney] = field(default_factory=dict)

    @property
    def distributed(self) -> int:
        return sum(c.distributed for c in self.creditors.values())

    @property
    def withdrawn(self) -> int:
        return sum(c.withdrawn for c in self.creditors.values())


@dataclass
class Story:
    ref: Key
    family: set[Key]
    events: list[Event]
    times: dict[int, int]
    reader: Reader
    entries: list[ReadableEntry]
    links: list[Link]
    money: dict[int, CaseMoney]
    summary: list[str]
    # the case's path across chains (`add_path`): each step with its block's timestamp on its own chain
    crosschain: list[tuple[Step, int]] = field(default_factory=list)

    def crosschain_json(self) -> list[dict[str, Any]]:
        return [step.to_json(time) for step, time in self.crosschain]

    @property
    def decimals(self) -> int:
        return self.reader.decimals

    def records(self) -> list[tuple[str, int]]:
        """The case-like records of the story (filings, obligations, enforcement cases, credit entries) in the order
        the links run."""
        order = list(KIND_WORDS)
        return sorted(((k, int(v)) for k, v in self.family if k in KIND_WORDS), key=lambda r: (order.index(r[0]), r[1]))

    def linked(self) -> list[str]:
        return sorted(f"{k} {v}" for k, v in self.family if k in KIND_WORDS)

    def to_json(self) -> dict[str, Any]:
        d = self.decimals
        return {
            "summary": self.summary,
            "links": [vars(x) for x in self.links],
            "money": [
                {
                    "enforcement_case": m.case_id,
                    "seized": amount_json(m.seized, d),
                    "distributed": amount_json(m.distributed, d),
                    "withdrawn": amount_json(m.withdrawn, d),
                    "creditors": [
                        {
                            "creditor_id": c.creditor_id,
                            "payee": c.payee,
                            "claim": amount_json(c.claim, d),
                            "distributed": amount_json(c.distributed, d),
                            "withdrawn": amount_json(c.withdrawn, d),
                        }
                        for c in m.creditors.values()
                    ],
                }
                for m in self.money.values()
            ],
        }


def _money(events: Sequence[Event]) -> dict[int, CaseMoney]:
    out: dict[int, CaseMoney] = {}
    for e in events:
        if e.contract != "EnforcementOffice" or "caseId" not in e.args:
            continue
        a = e.args
        cid = int(a["caseId"])
        if e.name == "CaseOpened":
            out.setdefault(cid, CaseMoney(cid))
        m = out.setdefault(cid, CaseMoney(cid))
        if e.name == "CreditorAdmitted":
            crid = int(a["creditorId"])
            c = m.creditors.setdefault(crid, CreditorMoney(crid, str(a["payee"])))
            c.claim += int(a["claim"])
        elif e.name == "Deposited" or (e.name == "OrderExecuted" and int(a["kind"]) == 2):
            m.seized += int(a["amount"])
        elif e.name == "DistributionCredited":
            crid = int(a["creditorId"])
            m.creditors.setdefault(crid, CreditorMoney(crid, str(a["payee"]))).distributed += int(a["amount"])
        elif e.name == "Withdrawn":
            crid = int(a["creditorId"])
            m.creditors.setdefault(crid, CreditorMoney(crid, str(a["payee"]))).withdrawn += int(a["amount"])
    return out


_ACTOR_ARGS = (
    "by",
    "filer",
    "judge",
    "mediator",
    "signer",
    "payer",
    "triggeredBy",
    "openedBy",
    "admittedBy",
    "reporter",
    "proposer",
    "executor",
    "from",
    "listedBy",
    "objector",
    "submitter",
    "server",
    "relayer",
    "payee",
)
_AMOUNT_ARGS = ("amount", "claimAmount", "claim", "total", "available", "distributed", "value")
_ID_ARGS = {"filingId", "caseId", "obligationId", "orderId", "entryId", "objectionId", "serviceId", "proposalId"}


def _readable(e: Event, time: int, reader: Reader) -> ReadableEntry:
    a = e.args
    actor_key = next((k for k in _ACTOR_ARGS if k in a and isinstance(a[k], str)), "")
    approver_key = "approver" if "approver" in a else ("approvedBy" if "approvedBy" in a else "")
    amount_key = next((k for k in _AMOUNT_ARGS if k in a and isinstance(a[k], int)), "")
    amount: int | None = int(a[amount_key]) if amount_key else None
    if e.contract == "EnforcementOffice" and e.name in ("OrderProposed", "OrderExecuted") and int(a["kind"]) == 4:
        amount = None  # a termination order's `amount` is the listing choice, not money
    if e.contract == "BankruptcyEstate" and e.name == "ActProposed":
        amount = None  # a court act's `value` is an amount, a time or a bitmask by its kind
    skip = _ID_ARGS | {k for k in (actor_key, approver_key) if k}
    if amount is not None:
        skip.add(amount_key)
    return ReadableEntry(
        time=format_time(time),
        block=e.block,
        tx_hash=e.tx_hash,
        contract=e.contract,
        event=e.name,
        what=event_word(e.name, e.contract),
        record=_record_name(e),
        actor=reader.people.full(str(a[actor_key])) if actor_key else "",
        approver=reader.people.full(str(a[approver_key])) if approver_key else "",
        amount=None if amount is None else amount_json(amount, reader.decimals),
        amount_text="" if amount is None else format_yuan(amount, reader.decimals),
        detail=reader.detail(e, skip),
    )


def _case_numbers(all_events: Sequence[Event]) -> dict[int, str]:
    courts: dict[int, tuple[str, str]] = {}
    out: dict[int, str] = {}
    for e in all_events:
        if e.contract != "CaseDocket":
            continue
        if e.name == "CourtConfigured":
            courts[int(e.args["courtId"])] = (str(e.args["abbreviation"]), str(e.args["code"]))
        elif e.name == "CaseDocketed":
            a = e.args
            abbr, code = courts.get(int(a["courtId"]), ("?", "?"))
            out[int(a["caseId"])] = render_case_number(
                int(a["year"]), abbr, code, decode_case_type(bytes(a["caseType"])), int(a["sequence"])
            )
    return out


def is_context(e: Event) -> bool:
    """An event that names people or courts for every story: the hub's members and roles, a court's set-up."""
    return e.contract == "CourtConsortium" or (e.contract == "CaseDocket" and e.name == "CourtConfigured")


def context_events(suite: Suite) -> list[Event]:
    """The `is_context` events read from the chain (for a story whose events come from the event index)."""
    names = [n for n in ("CourtConsortium", "CaseDocket") if n in suite.addresses]
    return [e for e in suite.logs(names) if is_context(e)] if names else []


def build_story(
    suite: Suite,
    ref: Key,
    events: Sequence[Event],
    names: Mapping[str, str] | None = None,
    times: Mapping[int, int] | None = None,
    context: Sequence[Event] | None = None,
) -> Story:
    """The story of `ref` over `events`. The hub's members and roles and the courts are named from the `context`
    events (`is_context`; by default those among `events`), the parties from the story's own events."""
    family, chosen = _family_and_events(suite, ref, events)
    stamps: dict[int, int] = dict(times or {})
    for e in chosen:
        if e.block not in stamps:
            stamps[e.block] = suite.chain.timestamp(e.block)
    # who is who: the hub's members and roles and the courts (from the whole log, or `context`), and the parties
    # named in the story's own events (never another case's)
    known = [e for e in (events if context is None else context) if is_context(e)]
    reader = Reader.for_events(suite, [*known, *chosen], names)
    entries = [_readable(e, stamps[e.block], reader) for e in chosen]
    links = []
    for e in chosen:
        spec = LINK_EVENTS.get((e.contract, e.name))
        if spec is None:
            continue
        ka, ia, kb, ib = spec
        if not int(e.args[ia]) or not int(e.args[ib]):
            continue
        links.append(Link(record_words(ka, int(e.args[ia])), record_words(kb, int(e.args[ib])), e.name, e.block))
    judged = {
        bytes(e.args["documentHash"]): int(e.args["caseId"])
        for e in chosen
        if e.contract == "CaseDocket" and e.name == "JudgmentRecorded" and any(bytes(e.args["documentHash"]))
    }
    for e in chosen:  # the ruling confirming an agreement is the docket case's judgment
        if e.contract == "ObligationRegistry" and e.name == "AgreementConfirmed":
            case_id = judged.get(bytes(e.args["rulingHash"]))
            if case_id is not None:
                links.append(
                    Link(
                        record_words("case", case_id),
                        record_words("obligation", int(e.args["obligationId"])),
                        "JudgmentRecorded.documentHash = AgreementConfirmed.rulingHash",
                        e.block,
                    )
                )
    for e in chosen:  # a judges' listing names a docket case, an office listing an enforcement case
        if e.contract == "CreditRegistry" and e.name == "EntryListed":
            kind = "enforcement" if int(e.args["domain"]) == 2 else "case"
            links.append(
                Link(
                    record_words(kind, int(e.args["caseId"])),
                    record_words("entry", int(e.args["entryId"])),
                    e.name,
                    e.block,
                )
            )
    links = sorted({(x.a, x.b): x for x in reversed(links)}.values(), key=lambda x: x.block)  # each pair once
    money = _money(chosen)
    story = Story(ref, family, chosen, stamps, reader, entries, links, money, [])
    story.summary = _summary(story, _case_numbers([*known, *chosen]))
    return story


def _first(events: Sequence[Event], contract: str, name: str, **match: int) -> Event | None:
    for e in events:
        if e.contract == contract and e.name == name and all(int(e.args.get(k, -1)) == v for k, v in match.items()):
            return e
    return None


def _summary(story: Story, numbers: Mapping[int, str]) -> list[str]:
    """The story in sentences, Chinese first, one record a paragraph, in the order the links run."""
    ev, r, d = story.events, story.reader, story.decimals
    ref_kind, ref_id = story.ref
    lines = [
        f"从{record_words(ref_kind, ref_id)}出发，沿合约事件给出的链接找到 / starting from it, the contracts' "
        f"events link: {', '.join(record_words(k, v) for k, v in story.records())}."
    ]
    for link in story.links:
        lines.append(f"  {link.a} → {link.b}（事件 / event {link.event}，区块 / block {link.block}）")
    for kind, rid in story.records():
        if kind == "case":
            f = _first(ev, "CaseDocket", "FilingSubmitted", filingId=rid)
            if f is None:
                continue
            a = f.args
            text = (
                f"{record_words('case', rid)}：{format_time(story.times[f.block])} 提交 / filed, 案件类型 / type "
                f"{decode_case_type(bytes(a['caseType']))}，标的额 / claim {format_yuan(int(a['claimAmount']), d)}"
            )
            if rid in numbers:
                text += f"；案号 / case number {numbers[rid]}"
            j = _first(ev, "CaseDocket", "JudgmentRecorded", caseId=rid)
            if j is not None:
                text += (
                    f"；{format_time(story.times[j.block])} 判决 / judgment: {r.value(j, 'outcome', j.args['outcome'])}"
                )
            lines.append(text + "。")
        elif kind == "obligation":
            o = _first(ev, "ObligationRegistry", "AgreementRecorded", obligationId=rid)
            jr = _first(ev, "ObligationRegistry", "JudgmentRegistered", obligationId=rid)
            if o is None and jr is None:
                continue
            what = enum_word("ObligationKind", 1 if o is not None else 2)
            if o is not None:
                total = int(o.args["total"])
            else:
                total = sum(
                    int(e.args["amount"])
                    for e in ev
                    if e.contract == "ObligationRegistry"
                    and e.name == "JudgmentRegistered"
                    and int(e.args["obligationId"]) == rid
                )
            text = f"{record_words('obligation', rid)}（{what}）：应付 / owed {format_yuan(total, d)}"
            paid = sum(
                int(e.args["amount"])
                for e in ev
                if e.contract == "ObligationRegistry"
                and e.name in ("PaymentMade", "PaymentAcknowledged")
                and int(e.args["obligationId"]) == rid
            )
            text += f"，已付 / paid {format_yuan(paid, d)}"
            dflt = _first(ev, "ObligationRegistry", "ObligationDefaulted", obligationId=rid)
            if dflt is not None:
                text += f"；{format_time(story.times[dflt.block])} 违约 / defaulted"
            if _first(ev, "ObligationRegistry", "ObligationPerformed", obligationId=rid) is not None:
                text += "；已履行完毕 / performed"
            lines.append(text + "。")
        elif kind == "enforcement":
            opened = _first(ev, "EnforcementOffice", "CaseOpened", caseId=rid)
            if opened is None:
                continue
            m = story.money.get(rid)
            status = "执行中 / open"
            for e in ev:
                if e.contract == "EnforcementOffice" and int(e.args.get("caseId", 0)) == rid:
                    if e.name == "CaseTerminated":
                        status = enum_word("CaseStatus", 2)
                    elif e.name == "CaseResumed":
                        status = enum_word("CaseStatus", 1)
                    elif e.name == "CaseClosed":
                        status = enum_word("CaseStatus", 3)
            text = (
                f"{record_words('enforcement', rid)}：{format_time(story.times[opened.block])} 立案 / opened，"
                f"现状 / now {status}"
            )
            if m is not None:
                text += (
                    f"；扣划入账 / seized {format_yuan(m.seized, d)}，分配 / distributed "
                    f"{format_yuan(m.distributed, d)}，领取 / withdrawn {format_yuan(m.withdrawn, d)}，"
                    f"{len(m.creditors)} 名债权人 / creditor(s)"
                )
            lines.append(text + "。")
            if m is not None:
                for c in m.creditors.values():
                    lines.append(
                        f"  债权人 / creditor {c.creditor_id}（{r.people.full(c.payee)}）：债权 / claim "
                        f"{format_yuan(c.claim, d)}，分得 / distributed {format_yuan(c.distributed, d)}，领取 / "
                        f"withdrawn {format_yuan(c.withdrawn, d)}"
                    )
        elif kind == "entry":
            listed = _first(ev, "CreditRegistry", "EntryListed", entryId=rid)
            if listed is None:
                continue
            text = (
                f"{record_words('entry', rid)}：{format_time(story.times[listed.block])} 列入 / listed，"
                f"{r.value(listed, 'kind', listed.args.get('kind', 0))}"
            )
            for name, zh_en in (
                ("EntryDelisted", bilingual("移出", "delisted")),
                ("EntryRemoved", bilingual("删除", "removed")),
            ):
                x = _first(ev, "CreditRegistry", name, entryId=rid)
                if x is not None:
                    text += f"；{format_time(story.times[x.block])} {zh_en}"
            lines.append(text + "。")
        elif kind == "bankruptcy":
            lines.extend(bankruptcy_summary(ev, story.times, rid, d))
    count: dict[str, int] = defaultdict(int)
    for e in ev:
        if e.contract == "EvidenceRegistry":
            count[e.name] += 1
    if count:
        anchored = count["Anchored"] + count["BatchAnchored"]
        lines.append(
            f"电子证据 / evidence：存证 {anchored} 次，送达 {count['Served']} 次（签收 {count['Acknowledged']} 次），"
            f"撤销 {count['Revoked']} 次 / {anchored} anchored, {count['Served']} served "
            f"({count['Acknowledged']} acknowledged), {count['Revoked']} revoked。"
        )
    return lines


def add_path(story: Story, steps: Sequence[Step], suites: Sequence[Suite]) -> None:
    """Add a case's path across chains (`crosschain_audit.case_path`) to its story: the steps, each with its block's
    time on its own chain, and a paragraph of the summary naming each step's chain."""
    by_id = {s.chain.chain_id: s for s in suites}
    stamps: dict[tuple[int, int], int] = {}
    for step in steps:
        if (step.chain_id, step.block) not in stamps:
            stamps[(step.chain_id, step.block)] = by_id[step.chain_id].chain.timestamp(step.block)
    story.crosschain = [(step, stamps[(step.chain_id, step.block)]) for step in steps]
    if not steps:
        story.summary.append("跨链 / across chains：本案未移送至其他链 / the case was not sent to another chain。")
        return
    chains = sorted({s.chain_id for s in steps})
    story.summary.append(
        f"跨链经过 / path across chains（链 / chains {', '.join(map(str, chains))}，{len(steps)} 步 / steps）："
    )
    story.summary += [f"  {step.line(time)}" for step, time in story.crosschain]


STORY_CSV_COLUMNS = (
    "time",
    "block",
    "tx_hash",
    "contract",
    "event",
    "what",
    "record",
    "actor",
    "approver",
    "amount_yuan",
    "amount_base_units",
    "detail",
)


def story_csv(story: Story) -> str:
    """The story's events as CSV for a spreadsheet (UTF-8 with BOM, so Excel shows the Chinese): Beijing time, the
    event in words, full addresses with labels, the amount in yuan (`120000.00`) and in exact base units (text)."""
    rows = []
    for t in story.entries:
        rows.append(
            [
                t.time,
                t.block,
                t.tx_hash,
                t.contract,
                t.event,
                t.what,
                t.record,
                t.actor,
                t.approver,
                t.amount["yuan"] if t.amount else "",  # no thousands separator: a spreadsheet reads a number
                t.amount["base_units"] if t.amount else "",
                t.detail,
            ]
        )
    return csv_text(STORY_CSV_COLUMNS, rows)


def timeline_groups(story: Story) -> dict[str, list[tuple[int, str]]]:
    """(time, event in words) per contract: what the timeline picture draws."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in story.events:
        out[contract_word(e.contract)].append((story.times[e.block], event_word(e.name, e.contract)))
    return out


__all__ = [
    "ENUM_WORDS",
    "STORY_CSV_COLUMNS",
    "CaseMoney",
    "CreditorMoney",
    "Link",
    "ReadableEntry",
    "Story",
    "add_path",
    "build_story",
    "record_words",
    "story_csv",
    "timeline_groups",
]

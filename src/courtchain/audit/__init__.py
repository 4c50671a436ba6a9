"""The auditor's view: every case rebuilt from events alone, the chain of record checked, off-chain records reconciled.

How ids link across contracts (each link is read from an event, never guessed):

- docket: a filing keeps its id when docketed, so `filing id = docket case id` (`CaseDocket` events carry it as
  `filingId` or `caseId`). Its case number comes from `CaseDocketed` (year, sequence, type) and the court's
  `CourtConfigured` abbreviation and code.
- docket case ↔ obligation: `JudgmentRegistered(obligationId, caseId)` (a judgment's obligation) and
  `TrialFiled(obligationId, filingId)` / `FiledFromObligation(filingId, obligationId)` (a defaulted agreement files
  a trial case).
- docket case ↔ confirmed agreement: the ruling that confirms a mediation agreement judicially
  (`AgreementConfirmed(obligationId, …, rulingHash)`) recorded as the docket case's judgment
  (`JudgmentRecorded(caseId, documentHash, …)`, the same hash): the agreement that settled the case. Key
  ("ruling", hash) joins the two.
- obligation ↔ enforcement case: `EnforcementOpened(obligationId, caseId)` and `CaseOpened(caseId, obligationId)`.
- case ↔ credit entries: `EntryListed(entryId, subject, caseId, domain, …, listedBy, approvedBy)`: `domain` 2
  (Enforcement) means `caseId` is an enforcement case, 1 (Docket) a docket case; `DebtorListed(caseId, …, entryId)`
  says the same from the office. A judges' listing or removal is a credit proposal (`ListingProposed` /
  `RemovalProposed`, then `ProposalApproved` in the transaction that lists or removes); `EntryRemoved` names its
  proposal.
  An obligation may have several enforcement cases (one per default without acceleration); a default whose consequence
  the docket or office refused shows `ConsequencePending` and is linked once `TrialFiled` / `EnforcementOpened`
  follows a retry.
- docket case ↔ evidence: `Anchored` / `BatchAnchored` / `Served` carry the docket case id (0 = none); revocations
  and acknowledgements follow by content hash / root and service id.
- an enforcement order belongs to the case named in its `OrderProposed`; a creditor objection to its entry.
- an admission proposal belongs to the case named in its `AdmissionProposed`; its `AdmissionApproved` names the
  creditor id of the `CreditorAdmitted` that follows in the same transaction. Every creditor of a case is either the
  title creditor (creditor 0, admitted in the transaction of `CaseOpened`) or admitted that way, approved by a judge
  other than the proposer (checked under "approval").

Entity keys are (kind, id): ("case", filing id), ("obligation", id), ("enforcement", case id), ("entry", id),
("objection", id), ("credit-proposal", id), ("anchor", content hash or root), ("service", id), ("order", id),
("admission", id).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clients.docket import FilingStatus, decode_case_type, render_case_number
from ..errors import InputError, NotFoundError
from ..roles import ROLES
from ..suite import Event, Suite
from ..units import DEFAULT_DECIMALS, UnitError, format_yuan, normalise_case_number, parse_yuan, read_csv_text
from ..watchers import view_many
from . import bankruptcy as _bk

Key = tuple[str, Any]
CREDIT_DOMAIN_ENFORCEMENT = 2  # ICreditRegistry.CaseDomain.Enforcement

# -- findings ------------------------------------------------------------------------------------------------------

CHECKS = ("transition", "approval", "money", "audit-head", "state")


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the chain of record: which check, which record, what."""

    check: str
    subject: str
    message: str
    block: int | None = None
    tx_hash: str | None = None

    def __str__(self) -> str:
        where = f" (block {self.block}, tx {self.tx_hash})" if self.block is not None else ""
        return f"[{self.check}] {self.subject}: {self.message}{where}"


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


# -- events: fetched once, or loaded from an export ----------------------------------------------------------------


def fetch_events(suite: Suite, from_block: int = 0) -> list[Event]:
    """Every decoded event of every suite contract, in chain order."""
    return list(suite.logs(None, from_block=from_block))


def event_to_json(e: Event) -> dict[str, Any]:
    return {
        "contract": e.contract,
        "address": e.address,
        "event": e.name,
        "args": {k: _jsonable(v) for k, v in e.args.items()},
        "block": e.block,
        "tx": e.tx_hash,
        "logIndex": e.log_index,
    }


def _jsonable(v: Any) -> Any:
    if isinstance(v, bytes):
        return "0x" + v.hex()
    if isinstance(v, Mapping):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def event_from_json(suite: Suite, d: dict[str, Any]) -> Event:
    """Back from an export: byte values restored by the event's ABI types (so hashes recompute exactly)."""
    name, contract = str(d["event"]), str(d["contract"])
    if contract not in suite.artifacts:
        raise InputError(f"unknown contract {contract!r} in the events file")
    abi = next((x for x in suite.artifacts[contract].abi if x.get("type") == "event" and x["name"] == name), None)
    if abi is None:
        raise InputError(f"{contract} has no event {name}")
    params = {i["name"]: i for i in abi["inputs"]}
    args = {k: _restore(params[k], v) if k in params else v for k, v in dict(d["args"]).items()}
    return Event(contract, str(d["address"]), name, args, int(d["block"]), str(d["tx"]), int(d["logIndex"]))


def _restore(param: Mapping[str, Any], v: Any) -> Any:
    """A JSON value back to what the decoder gave: bytes for bytesN / bytes, recursively through arrays and tuples."""
    t = str(param["type"])
    if t.endswith("]"):
        inner = {**param, "type": t[: t.rindex("[")]}
        return [_restore(inner, x) for x in v]
    if t == "tuple":
        components = param["components"]
        if isinstance(v, Mapping):
            return {c["name"]: _restore(c, v[c["name"]]) for c in components}
        return [_restore(c, x) for c, x in zip(components, v, strict=True)]
    if t.startswith("bytes") and isinstance(v, str):
        return bytes.fromhex(v.removeprefix("0x"))
    return v


def load_events(suite: Suite, path: Path) -> list[Event]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(event_from_json(suite, json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}: not an exported event ({exc})") from None
    return out


def dump_events(events: Iterable[Event]) -> str:
    return "".join(json.dumps(event_to_json(e), ensure_ascii=False) + "\n" for e in events)


# -- entity keys and links -----------------------------------------------------------------------------------------


def _h(v: Any) -> str:
    return "0x" + bytes(v).hex()


class Index:
    """Events indexed by the entities they concern, and the links between entities."""

    def __init__(self, suite: Suite, events: Sequence[Event]) -> None:
        self.suite = suite
        self.events = list(events)
        self.office = suite.addresses.get("EnforcementOffice", "")
        self.by_key: dict[Key, list[Event]] = defaultdict(list)
        self.links: dict[Key, set[Key]] = defaultdict(set)
        self._order_case: dict[int, int] = {}
        self._service_case: dict[int, int] = {}
        self._entry_key: dict[int, Key] = {}
        self._credit_approval: tuple[str, int] = ("", 0)
        for e in self.events:
            for k in self.keys(e):
                self.by_key[k].append(e)

    def _link(self, a: Key, b: Key) -> None:
        self.links[a].add(b)
        self.links[b].add(a)

    def keys(self, e: Event) -> list[Key]:
        a, c, n = e.args, e.contract, e.name
        keys: list[Key] = []
        if c == "CaseDocket":
            fid = a.get("filingId", a.get("caseId"))
            if fid is not None:
                keys.append(("case", int(fid)))
            if n == "FiledFromObligation":
                self._link(("case", int(a["filingId"])), ("obligation", int(a["obligationId"])))
            if n == "JudgmentRecorded" and any(bytes(a["documentHash"])):
                self._link(("case", int(a["caseId"])), ("ruling", _h(a["documentHash"])))
        elif c == "ObligationRegistry":
            if "obligationId" in a:
                keys.append(("obligation", int(a["obligationId"])))
            if n == "JudgmentRegistered":
                self._link(("obligation", int(a["obligationId"])), ("case", int(a["caseId"])))
            elif n == "TrialFiled":
                self._link(("obligation", int(a["obligationId"])), ("case", int(a["filingId"])))
            elif n == "EnforcementOpened":
                self._link(("obligation", int(a["obligationId"])), ("enforcement", int(a["caseId"])))
            elif n == "AgreementConfirmed" and any(bytes(a["rulingHash"])):
                self._link(("obligation", int(a["obligationId"])), ("ruling", _h(a["rulingHash"])))
        elif c == "EnforcementOffice":
            if "caseId" in a:
                keys.append(("enforcement", int(a["caseId"])))
            if "orderId" in a:
                keys.append(("order", int(a["orderId"])))
            if "admissionId" in a:
                keys.append(("admission", int(a["admissionId"])))
            if n == "OrderProposed":
                self._order_case[int(a["orderId"])] = int(a["caseId"])
            if n == "CaseOpened" and int(a["obligationId"]):
                self._link(("enforcement", int(a["caseId"])), ("obligation", int(a["obligationId"])))
            if n == "DebtorListed" and int(a["entryId"]):
                self._link(("enforcement", int(a["caseId"])), ("entry", int(a["entryId"])))
        elif c == "CreditRegistry":
            if "entryId" in a:
                keys.append(("entry", int(a["entryId"])))
            if "objectionId" in a and int(a["objectionId"]):
                keys.append(("objection", int(a["objectionId"])))
            if "proposalId" in a and int(a["proposalId"]):
                keys.append(("credit-proposal", int(a["proposalId"])))
            if n == "ProposalApproved":
                self._credit_approval = (e.tx_hash, int(a["proposalId"]))
            if n == "RemovalProposed":
                self._link(("credit-proposal", int(a["proposalId"])), ("entry", int(a["entryId"])))
            if n == "ListingProposed":
                kind = "enforcement" if int(a["domain"]) == CREDIT_DOMAIN_ENFORCEMENT else "case"
                self._link(("credit-proposal", int(a["proposalId"])), (kind, int(a["caseId"])))
            if n == "EntryListed":
                eid, case_id = int(a["entryId"]), int(a["caseId"])
                domain = int(a["domain"])
                source: Key = ("enforcement", case_id) if domain == CREDIT_DOMAIN_ENFORCEMENT else ("case", case_id)
                self._entry_key[eid] = source
                self._link(("entry", eid), source)
                if self._credit_approval[0] == e.tx_hash:  # a judges' listing: approved in the same transaction
                    self._link(("entry", eid), ("credit-proposal", self._credit_approval[1]))
        elif c == "CrossChainCases":  # a case sent to another chain and its settlement (docs/crosschain.md)
            if "caseId" in a:
                keys.append(("case", int(a["caseId"])))
            if "incomingId" in a:
                keys.append(("xc-incoming", int(a["incomingId"])))
        elif c == "EvidenceRegistry":
            if n in ("Anchored", "BatchAnchored"):
                k: Key = ("anchor", _h(a.get("contentHash", a.get("root"))))
                keys.append(k)
                if int(a["caseId"]):
                    self._link(k, ("case", int(a["caseId"])))
            elif n == "Revoked":
                root = bytes(a["root"])
                keys.append(("anchor", _h(root if any(root) else a["contentHash"])))
            elif n == "Served":
                sid = int(a["serviceId"])
                keys.append(("service", sid))
                keys.append(("anchor", _h(a["documentHash"])))
                if int(a["caseId"]):
                    self._link(("service", sid), ("case", int(a["caseId"])))
            elif n == "Acknowledged":
                keys.append(("service", int(a["serviceId"])))
        elif c in _bk.CONTRACTS:
            keys.extend(_bk.keys(e, self._link))
        return keys

    def family(self, start: Key) -> set[Key]:
        """Every entity reachable from `start` through the links (orders of a case come with the case)."""
        seen = {start}
        todo = deque([start])
        while todo:
            k = todo.popleft()
            for other in self.links.get(k, ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen


# -- timelines -----------------------------------------------------------------------------------------------------

_ACTORS = (
    "by",
    "filer",
    "agent",
    "judge",
    "mediator",
    "signer",
    "payer",
    "triggeredBy",
    "openedBy",
    "admittedBy",
    "reporter",
    "proposer",
    "approver",
    "executor",
    "from",
    "payee",
    "listedBy",
    "approvedBy",
    "objector",
    "submitter",
    "server",
    "relayer",
)
_AMOUNTS = ("amount", "claimAmount", "claim", "total", "available", "distributed", "value")
_IDS = {"filingId", "caseId", "obligationId", "orderId", "entryId", "objectionId", "serviceId", "proposalId"}

MONEY_EVENTS = {
    ("ObligationRegistry", "PaymentMade"): "paid through the contract",
    ("ObligationRegistry", "PaymentAcknowledged"): "paid off chain (acknowledged)",
    ("EnforcementOffice", "Deposited"): "deposited into escrow",
    ("EnforcementOffice", "DistributionCredited"): "credited to creditor",
    ("EnforcementOffice", "Withdrawn"): "withdrawn by creditor",
}


@dataclass(frozen=True)
class TimelineEntry:
    time: int
    block: int
    tx_hash: str
    log_index: int
    contract: str
    event: str
    record: str
    actor: str
    approver: str
    amount: int | None
    detail: str


def _fmt(v: Any) -> str:
    if isinstance(v, bytes):
        return _h(v)
    if isinstance(v, list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def _record_name(e: Event) -> str:
    a = e.args
    if e.contract in _bk.CONTRACTS:
        return _bk.record_name(e)
    for field_name, label in (
        ("orderId", "order"),
        ("admissionId", "admission"),
        ("objectionId", "objection"),
        ("serviceId", "service"),
        ("entryId", "entry"),
    ):
        if field_name in a and int(a[field_name]):
            return f"{label} {a[field_name]}"
    if e.contract == "CaseDocket" or (e.contract == "CrossChainCases" and "caseId" in a):
        return f"case {a.get('filingId', a.get('caseId'))}"
    if e.contract == "CrossChainCases" and "incomingId" in a:
        return f"incoming case {a['incomingId']}"
    if e.contract == "ObligationRegistry" and "obligationId" in a:
        return f"obligation {a['obligationId']}"
    if e.contract == "EnforcementOffice" and "caseId" in a:
        return f"enforcement {a['caseId']}"
    if e.contract == "EvidenceRegistry":
        return "document " + _h(a.get("contentHash", a.get("root", b"")))[:18] + "…"
    return e.contract


def _entry(e: Event, time: int, names: Mapping[str, str] | None = None) -> TimelineEntry:
    a = e.args
    if names:  # the case's keys name its pseudonyms (and credit keys) in the detail
        a = {
            k: (f"{names[_h(v)]} ({_h(v)[:10]}…)" if isinstance(v, bytes) and _h(v) in names else v)
            for k, v in a.items()
        }
    actor_key = next((k for k in _ACTORS if k in a and k != "approver"), "")
    actor = str(a[actor_key]) if actor_key else ""
    approver = str(a.get("approver", ""))
    amount = next((int(a[k]) for k in _AMOUNTS if k in a and isinstance(a[k], int)), None)
    skip = _IDS | {"approver", actor_key}
    detail = ", ".join(f"{k}={_fmt(v)}" for k, v in a.items() if k not in skip)
    if e.contract == "EnforcementOffice" and e.name in ("OrderProposed", "OrderExecuted") and int(a["kind"]) == 4:
        amount = None  # a termination order's `amount` is the listing choice, not money
    money = MONEY_EVENTS.get((e.contract, e.name))
    if e.contract == "EnforcementOffice" and e.name == "OrderExecuted" and int(a["kind"]) == 2:
        money = "deducted into escrow"
    if money:
        detail = f"{money}; {detail}"
    return TimelineEntry(
        time, e.block, e.tx_hash, e.log_index, e.contract, e.name, _record_name(e), actor, approver, amount, detail
    )


def parse_case_ref(text: str) -> Key:
    """`5` or `case:5` (docket filing / case), `obligation:3`, `enforcement:2`, `entry:7`, `bankruptcy:1`."""
    kinds = {"case": "case", "c": "case", "filing": "case", "obligation": "obligation", "o": "obligation"}
    kinds.update({"enforcement": "enforcement", "e": "enforcement", "entry": "entry"})
    kinds.update({"bankruptcy": "bankruptcy", "b": "bankruptcy"})
    kind, _, num = text.rpartition(":")
    kind = kind.lower() or "case"
    if kind not in kinds:
        raise InputError(
            f"unknown record kind {kind!r}: use case:N, obligation:N, enforcement:N, entry:N or bankruptcy:N"
        )
    try:
        value = int(num, 0)
    except ValueError:
        raise InputError(f"record id must be a whole number, got {num!r}") from None
    if value <= 0:
        raise InputError(f"record id must be positive, got {value}")
    return kinds[kind], value


def timeline(
    suite: Suite,
    ref: Key,
    events: Sequence[Event] | None = None,
    names: Mapping[str, str] | None = None,
    times: Mapping[int, int] | None = None,
) -> tuple[set[Key], list[TimelineEntry]]:
    """The linked records of `ref` and every event of them, in chain order; `names` (from the case's keys,
    `load_case_keys`) shows who a pseudonym or credit key is; `times`: block timestamps already known (e.g. the event
    index's blocks), the others are asked from the node."""
    family, chosen = _family_and_events(suite, ref, events)
    stamps: dict[int, int] = dict(times or {})
    for e in chosen:
        if e.block not in stamps:
            stamps[e.block] = suite.chain.timestamp(e.block)
    return family, [_entry(e, stamps[e.block], names) for e in chosen]


def _family_events(suite: Suite, ref: Key, events: Sequence[Event] | None) -> list[Event]:
    return _family_and_events(suite, ref, events)[1]


def _family_and_events(suite: Suite, ref: Key, events: Sequence[Event] | None) -> tuple[set[Key], list[Event]]:
    index = Index(suite, events if events is not None else fetch_events(suite))
    if ref not in index.by_key:
        raise NotFoundError(f"no {ref[0]} {ref[1]} in the chain's events")
    family = index.family(ref)
    # Orders, objections and documents come with their case.
    for k in list(family):
        if k[0] == "enforcement":
            family |= {("order", o) for o, c in index._order_case.items() if c == k[1]}
        if k[0] == "entry":
            family |= {("objection", int(e.args["objectionId"])) for e in index.by_key[k] if "objectionId" in e.args}
    seen: set[tuple[str, int]] = set()
    chosen: list[Event] = []
    for k in family:
        for e in index.by_key.get(k, []):
            if (e.tx_hash, e.log_index) not in seen and e.name != "AuditRecorded":
                seen.add((e.tx_hash, e.log_index))
                chosen.append(e)
    chosen.sort(key=lambda e: (e.block, e.log_index))
    return family, chosen


# -- pseudonyms: what the case's keys name, and what the audit cannot see without them ----------------------------

# Where a person appears in the events: per-case pseudonyms (one per case and role, issue 18) ...
PSEUDONYM_ARGS: dict[tuple[str, str], str] = {
    ("CaseDocket", "PartyRecorded"): "subject",
    ("CaseDocket", "JudgmentObligationRecorded"): "debtor",
    ("EnforcementOffice", "CaseOpened"): "debtor",
    ("EnforcementOffice", "AssetInquiryIssued"): "debtor",
    ("EvidenceRegistry", "Served"): "recipient",
}
# ... and the credit key, the credit registry's one subject per person.
CREDIT_KEY_EVENTS = (
    "EntryListed",
    "EntryDelisted",
    "EntryRemoved",
    "ListingProposed",
    "RemovalProposed",
    "ObjectionFiled",
    "ObjectionResolved",
)

WITHOUT_KEYS = (
    "who the parties are: each appears as a pseudonym of this case and role (a keyed hash of the person's record), "
    "which only the holders of the person's record (salt, identity) and the case's reference can recompute",
    "whether a party of this case is a party of any other case: pseudonyms of one person in two cases are unrelated "
    "values (the links followed here are the records' own ids: judgment → obligation → enforcement → listing)",
    "whose credit entries these are: the credit registry's subject is a keyed hash under the credit platform's key",
    "what the documents say: only their SHA-256 is on chain",
)


def load_case_keys(path: Path) -> dict[str, str]:
    """A case's keys as the auditor receives them: a JSON object of pseudonym or credit key (0x + 64 hex) → who
    (e.g. "debtor 李娜, defendant"). Raises InputError on anything else."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the case keys {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a JSON object of pseudonym → name")
    out: dict[str, str] = {}
    for k, v in raw.items():
        key = str(k).lower()
        key = key if key.startswith("0x") else "0x" + key
        if len(key) != 66 or any(c not in "0123456789abcdef" for c in key[2:]) or not isinstance(v, str):
            raise InputError(f"{path}: {k!r} is not a pseudonym (0x + 64 hex digits) with a name")
        out[key] = v
    return out


@dataclass(frozen=True)
class Appearance:
    """A pseudonym or credit key in a case's events, named when the case's keys name it."""

    value: str
    kind: str  # "pseudonym" or "credit key"
    events: tuple[str, ...]
    name: str | None


def appearances(
    suite: Suite, ref: Key, events: Sequence[Event] | None = None, names: Mapping[str, str] | None = None
) -> tuple[list[Appearance], list[str]]:
    """Every pseudonym and credit key in the records linked to `ref`, and what the audit cannot see without the
    case's keys (all of WITHOUT_KEYS without them; with them, what they leave unnamed)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for e in _family_events(suite, ref, events):
        arg = PSEUDONYM_ARGS.get((e.contract, e.name))
        kind = "pseudonym"
        if arg is None and e.contract == "CreditRegistry" and e.name in CREDIT_KEY_EVENTS:
            arg, kind = "subject", "credit key"
        if arg is None or arg not in e.args:
            continue
        value = _h(e.args[arg])
        found.setdefault(value, (kind, []))[1].append(f"{e.contract}.{e.name}")
    names = names or {}
    out = [Appearance(v, k, tuple(dict.fromkeys(evs)), names.get(v)) for v, (k, evs) in found.items()]
    unnamed = [a for a in out if a.name is None]
    if not names:
        return out, list(WITHOUT_KEYS)
    unseen = [f"{len(unnamed)} of {len(out)} pseudonyms / credit keys are not in the case's keys"] if unnamed else []
    return out, [*unseen, WITHOUT_KEYS[1], WITHOUT_KEYS[3]]


TIMELINE_COLUMNS = ("time", "block", "tx_hash", "contract", "event", "record", "actor", "approver", "amount", "detail")


def timeline_csv(entries: Sequence[TimelineEntry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TIMELINE_COLUMNS)
    for t in entries:
        w.writerow([getattr(t, c) if getattr(t, c) is not None else "" for c in TIMELINE_COLUMNS])
    return buf.getvalue()


# -- the chain of record check -------------------------------------------------------------------------------------

# Legal edges, from the interfaces: event -> (entity kind, id field, states it may happen in, state after or None).
# "*" = any existing state. States are the enum names of the interfaces.
_ANY = "*"
EDGES: dict[tuple[str, str], tuple[str, str, tuple[str, ...], str | None]] = {
    # ICaseDocket.FilingStatus
    ("CaseDocket", "FilingSubmitted"): ("filing", "filingId", ("None",), "Open"),
    ("CaseDocket", "PartyRecorded"): ("filing", "filingId", ("Open",), None),
    ("CaseDocket", "MaterialAdded"): ("filing", "filingId", ("Open",), None),
    ("CaseDocket", "FiledFromObligation"): ("filing", "filingId", ("Open",), None),
    ("CaseDocket", "FilingReclassified"): ("filing", "filingId", ("Open",), None),
    ("CaseDocket", "FilingWithdrawn"): ("filing", "filingId", ("Open",), "Withdrawn"),
    ("CaseDocket", "CaseDocketed"): ("filing", "caseId", ("Open",), "Docketed"),
    ("CaseDocket", "FilingRefused"): ("filing", "filingId", ("Open",), "Refused"),
    ("CaseDocket", "FilingRejected"): ("filing", "filingId", ("Open",), "Refused"),
    ("CaseDocket", "JudgmentRecorded"): ("filing", "caseId", ("Docketed",), "Judged"),
    ("CaseDocket", "JudgmentObligationRecorded"): ("filing", "caseId", ("Judged",), None),
    ("CaseDocket", "CaseTransferInitiated"): ("filing", "caseId", ("Docketed", "Judged"), None),
    ("CaseDocket", "CaseTransferAccepted"): ("filing", "caseId", ("Docketed", "Judged"), None),
    ("CaseDocket", "CaseTransferCancelled"): ("filing", "caseId", ("Docketed", "Judged"), None),
    # IObligationRegistry.ObligationStatus
    ("ObligationRegistry", "AgreementRecorded"): ("obligation", "obligationId", ("None",), "Pending"),
    ("ObligationRegistry", "AgreementSigned"): ("obligation", "obligationId", ("Pending",), None),
    ("ObligationRegistry", "AgreementBinding"): ("obligation", "obligationId", ("Pending",), "Active"),
    ("ObligationRegistry", "AgreementConfirmed"): ("obligation", "obligationId", ("Active",), None),
    ("ObligationRegistry", "JudgmentRegistered"): ("obligation", "obligationId", ("None",), "Active"),
    ("ObligationRegistry", "CrossChainTitleRegistered"): ("obligation", "obligationId", ("None",), "Active"),
    ("ObligationRegistry", "PaymentMade"): ("obligation", "obligationId", ("Active",), None),
    ("ObligationRegistry", "PaymentAcknowledged"): ("obligation", "obligationId", ("Active",), None),
    ("ObligationRegistry", "ObligationPerformed"): ("obligation", "obligationId", ("Active",), "Performed"),
    # a default leaves the obligation Active while later instalments stay owed (`outstanding` > 0): see _after()
    ("ObligationRegistry", "ObligationDefaulted"): ("obligation", "obligationId", ("Active",), "Defaulted"),
    ("ObligationRegistry", "DefaultOccurred"): ("obligation", "obligationId", ("Active",), None),
    ("ObligationRegistry", "TrialFiled"): ("obligation", "obligationId", ("Active", "Defaulted"), None),
    ("ObligationRegistry", "EnforcementOpened"): ("obligation", "obligationId", ("Active", "Defaulted"), None),
    ("ObligationRegistry", "ConsequencePending"): ("obligation", "obligationId", ("Active", "Defaulted"), None),
    # IEnforcementOffice.CaseStatus
    ("EnforcementOffice", "CaseOpened"): ("enforcement", "caseId", ("None",), "Open"),
    ("EnforcementOffice", "AssetInquiryIssued"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "CreditorAdmitted"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "AdmissionProposed"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "AdmissionApproved"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "AdmissionCancelled"): ("enforcement", "caseId", (_ANY,), None),
    ("EnforcementOffice", "AssetReported"): ("enforcement", "caseId", ("Open", "Terminated"), None),
    ("EnforcementOffice", "CaseResumed"): ("enforcement", "caseId", ("Terminated",), "Open"),
    ("EnforcementOffice", "OrderProposed"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "OrderApproved"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "OrderExecuted"): ("enforcement", "caseId", ("Open",), None),
    ("EnforcementOffice", "CaseTerminated"): ("enforcement", "caseId", ("Open",), "Terminated"),
    ("EnforcementOffice", "DebtorListed"): ("enforcement", "caseId", ("Terminated",), None),
    ("EnforcementOffice", "Deposited"): ("enforcement", "caseId", ("Open", "Terminated"), None),
    ("EnforcementOffice", "DistributionStarted"): ("enforcement", "caseId", ("Open", "Terminated"), None),
    ("EnforcementOffice", "DistributionCredited"): ("enforcement", "caseId", ("Open", "Terminated"), None),
    ("EnforcementOffice", "DistributionCompleted"): ("enforcement", "caseId", ("Open", "Terminated"), None),
    ("EnforcementOffice", "CaseClosed"): ("enforcement", "caseId", ("Open", "Terminated"), "Closed"),
    ("EnforcementOffice", "DebtorDelisted"): ("enforcement", "caseId", ("Closed",), None),
    ("EnforcementOffice", "Withdrawn"): ("enforcement", "caseId", (_ANY,), None),
    ("EnforcementOffice", "OrderCancelled"): ("enforcement", "caseId", (_ANY,), None),
    # IEnforcementOffice.OrderStatus
    ("EnforcementOffice", "OrderProposed#order"): ("order", "orderId", ("None",), "Proposed"),
    ("EnforcementOffice", "OrderApproved#order"): ("order", "orderId", ("Proposed",), "Approved"),
    ("EnforcementOffice", "OrderExecuted#order"): ("order", "orderId", ("Approved",), "Executed"),
    ("EnforcementOffice", "OrderCancelled#order"): ("order", "orderId", ("Proposed", "Approved"), "Cancelled"),
    # IEnforcementOffice.AdmissionStatus
    ("EnforcementOffice", "AdmissionProposed#admission"): ("admission", "admissionId", ("None",), "Proposed"),
    ("EnforcementOffice", "AdmissionApproved#admission"): ("admission", "admissionId", ("Proposed",), "Approved"),
    ("EnforcementOffice", "AdmissionCancelled#admission"): ("admission", "admissionId", ("Proposed",), "Cancelled"),
    # ICreditRegistry.EntryStatus (Expired is a view: stored Active) and ObjectionStatus
    ("CreditRegistry", "EntryListed"): ("entry", "entryId", ("None",), "Active"),
    ("CreditRegistry", "EntryDelisted"): ("entry", "entryId", ("Active",), "Delisted"),
    ("CreditRegistry", "EntryRemoved"): ("entry", "entryId", ("Active", "Delisted"), "Removed"),
    # ICreditRegistry.ProposalStatus
    ("CreditRegistry", "ListingProposed"): ("credit-proposal", "proposalId", ("None",), "Pending"),
    ("CreditRegistry", "RemovalProposed"): ("credit-proposal", "proposalId", ("None",), "Pending"),
    ("CreditRegistry", "ProposalApproved"): ("credit-proposal", "proposalId", ("Pending",), "Executed"),
    ("CreditRegistry", "ProposalCancelled"): ("credit-proposal", "proposalId", ("Pending",), "Cancelled"),
    ("CreditRegistry", "ObjectionFiled"): ("objection", "objectionId", ("None",), "Pending"),
    ("CreditRegistry", "ObjectionResolved"): ("objection", "objectionId", ("Pending",), "Resolved"),
    # an agent acts on an open filing with a credential valid at that moment (ICaseDocket, "Agents")
    ("CaseDocket", "AgentCredentialUsed"): ("filing", "filingId", ("Open",), None),
    # ICredentialRegistry.CredentialStatus (Expired and Barred are views): the state after a change is its `to`
    ("CredentialRegistry", "CredentialIssued"): ("credential", "credentialId", ("None",), "Practising"),
    ("CredentialRegistry", "CredentialStatusChanged"): (
        "credential",
        "credentialId",
        ("Practising", "Suspended"),
        None,
    ),
    ("CredentialRegistry", "DisciplineRecorded"): ("credential", "credentialId", (_ANY,), None),
    # ICrossChainCases.OutgoingStatus: a case sent to another chain; settled by the reply (the event's `status`), sent
    # again only after it came back (Returned, TimedOut)
    ("CrossChainCases", "CaseSentOut"): ("xc-outgoing", "caseId", ("None", "Returned", "TimedOut"), "Pending"),
    ("CrossChainCases", "CaseOutSettled"): ("xc-outgoing", "caseId", ("Pending",), None),
    # ICrossChainCases.IncomingStatus: a case received from another chain, accepted or returned once
    ("CrossChainCases", "CaseReceived"): ("xc-incoming", "incomingId", ("None",), "Pending"),
    ("CrossChainCases", "CaseAccepted"): ("xc-incoming", "incomingId", ("Pending",), "Accepted"),
    ("CrossChainCases", "CaseReturned"): ("xc-incoming", "incomingId", ("Pending",), "Returned"),
    ("CrossChainCases", "CaseReplyTimedOut"): ("xc-incoming", "incomingId", ("Accepted", "Returned"), None),
    ("CrossChainCases", "CaseReplyResent"): ("xc-incoming", "incomingId", ("Accepted", "Returned"), None),
    # IEvidenceRegistry.ServiceStatus (DeemedServed is a view: stored Pending)
    ("EvidenceRegistry", "Served"): ("service", "serviceId", ("None",), "Pending"),
    ("EvidenceRegistry", "Acknowledged"): ("service", "serviceId", ("Pending",), "Acknowledged"),
}


EDGES.update(_bk.EDGES)


def _after(e: Event, after: str | None) -> str | None:
    """The state after an edge where the event itself says it: a default that leaves something owed stays Active."""
    if e.contract == "ObligationRegistry" and e.name == "ObligationDefaulted" and int(e.args["outstanding"]):
        return None
    if e.contract == "CredentialRegistry" and e.name == "CredentialStatusChanged":
        return _CREDENTIAL_STATUS[int(e.args["to"])]
    if e.contract in _bk.CONTRACTS:
        return _bk.after(e) or after
    if e.contract == "CrossChainCases" and e.name == "CaseOutSettled":
        return _OUTGOING_STATUS[int(e.args["status"])]
    return after


_CREDENTIAL_STATUS = ("None", "Practising", "Suspended", "Revoked", "Cancelled")
_OUTGOING_STATUS = ("None", "Pending", "Transferred", "Returned", "TimedOut")


# Chain getters that give the stored status of a record, for the final comparison (enum order of the interface).
_STATUS_VIEWS: dict[str, tuple[str, str, tuple[str, ...], int]] = {
    "filing": ("CaseDocket", "getFiling", ("None", "Open", "Docketed", "Refused", "Withdrawn", "Judged"), 0),
    "obligation": (
        "ObligationRegistry",
        "getObligation",
        ("None", "Pending", "Active", "Performed", "Defaulted"),
        1,
    ),
    "enforcement": ("EnforcementOffice", "getCase", ("None", "Open", "Terminated", "Closed"), 2),
    "order": ("EnforcementOffice", "getOrder", ("None", "Proposed", "Approved", "Executed", "Cancelled"), 2),
    "admission": ("EnforcementOffice", "getAdmission", ("None", "Proposed", "Approved", "Cancelled"), 4),
    "credit-proposal": ("CreditRegistry", "getProposal", ("None", "Pending", "Executed", "Cancelled"), 1),
    "credential": ("CredentialRegistry", "getCredential", _CREDENTIAL_STATUS, 2),
    **_bk.STATUS_VIEWS,
    "xc-outgoing": ("CrossChainCases", "getOutgoing", _OUTGOING_STATUS, 0),
    "xc-incoming": ("CrossChainCases", "getIncoming", ("None", "Pending", "Accepted", "Returned"), 0),
}


class _RoleBook:
    """Roles in the hub as its events say, replayed in chain order (hasRole = granted and the member Active)."""

    def __init__(self) -> None:
        self.granted: dict[tuple[bytes, str], int] = {}
        self.status: dict[int, int] = {}

    def apply(self, e: Event) -> None:
        a = e.args
        if e.name == "MemberAdmitted":
            self.status[int(a["memberId"])] = 1  # Active
        elif e.name == "MemberStatusChanged":
            self.status[int(a["memberId"])] = int(a["to"])
        elif e.name == "RoleGranted":
            self.granted[(bytes(a["role"]), str(a["account"]))] = int(a["memberId"])
        elif e.name == "RoleRevoked":
            self.granted.pop((bytes(a["role"]), str(a["account"])), None)
        elif e.name == "AccountRemoved":
            for key in [k for k in self.granted if k[1] == a["account"]]:
                del self.granted[key]

    def has(self, role: bytes, account: str) -> bool:
        member = self.granted.get((role, account))
        return member is not None and self.status.get(member) == 1


@dataclass
class _CreditBook:
    """What the credit two-judge check remembers: each proposal's proposer, the last approval and termination (by
    transaction), and each entry's recused lister."""

    proposer: dict[int, str] = field(default_factory=dict)
    makers: dict[int, set[str]] = field(default_factory=dict)
    approval: tuple[str, str, str] = ("", "", "")
    termination: tuple[str, str] = ("", "")


class Auditor:
    """Runs every check over one list of events (fetched from the chain, or loaded from an export)."""

    def __init__(self, suite: Suite, events: Sequence[Event]) -> None:
        self.suite = suite
        self.events = list(events)
        self.report = CheckReport(events=len(self.events))

    def _find(self, check: str, subject: str, message: str, e: Event | None = None) -> None:
        self.report.findings.append(Finding(check, subject, message, e.block if e else None, e.tx_hash if e else None))

    def run(self) -> CheckReport:
        self.check_transitions()
        self.check_approvals()
        self.check_money()
        self.check_audit_heads()
        return self.report

    # -- legal transitions ---------------------------------------------------------------------------------------

    def check_transitions(self) -> None:
        state: dict[tuple[str, int], str] = {}
        n = 0
        anchors: dict[str, str] = {}  # IEvidenceRegistry.AnchorStatus by content hash / root (and root:member)
        for e in self.events:
            if e.contract == "EvidenceRegistry" and e.name in ("Anchored", "BatchAnchored", "Revoked"):
                n += 1
                self._anchor_edge(anchors, e)
                continue
            for suffix in ("", "#order", "#admission", "#claim"):
                edge = EDGES.get((e.contract, e.name + suffix))
                if edge is None:
                    continue
                kind, id_field, allowed, after = edge
                key = (kind, int(e.args[id_field]))
                current = state.get(key, "None")
                n += 1
                if (_ANY in allowed and current == "None") or (_ANY not in allowed and current not in allowed):
                    expected = "an existing record" if _ANY in allowed else " or ".join(allowed)
                    self._find(
                        "transition",
                        f"{e.contract} {kind} {key[1]}",
                        f"{e.name} while {current} (legal only from {expected})",
                        e,
                    )
                after = _after(e, after)
                if after is not None:
                    state[key] = after
        self.report.counts["transition"] = n
        # The state derived from the events must be the state the contract stores.
        compared = 0
        for kind, (contract, fn, names, pos) in _STATUS_VIEWS.items():
            if contract not in self.suite.addresses:
                continue
            ids = [rid for (k, rid) in state if k == kind]
            for rid, record in zip(ids, view_many(self.suite, contract, fn, ids), strict=True):
                derived, stored = state[(kind, rid)], names[int(record[pos])]
                compared += 1
                if stored != derived:
                    self._find(
                        "state", f"{contract} {kind} {rid}", f"events say {derived}, the contract stores {stored}"
                    )
        self.report.counts["state"] = compared

    def _anchor_edge(self, anchors: dict[str, str], e: Event) -> None:
        """Per (hash or root, anchoring account) — any number of accounts may anchor the same hash, each once, and
        each revokes only its own anchor: Anchored / BatchAnchored: None → Active; Revoked (by the anchorer): a single
        anchor Active → Revoked | Superseded, a batch member (root non-zero) of the account's Active root from not
        revoked to Revoked | Superseded."""
        a = e.args
        after = "Superseded" if e.name == "Revoked" and any(bytes(a["supersededBy"])) else "Revoked"
        if e.name in ("Anchored", "BatchAnchored"):
            key = f"{_h(a['contentHash'] if e.name == 'Anchored' else a['root'])}@{a['submitter']}"
            if key in anchors:
                self._find("transition", f"EvidenceRegistry anchor {key}", f"{e.name} while {anchors[key]}", e)
            anchors[key] = "Active"
            return
        root, content, by = bytes(a["root"]), _h(a["contentHash"]), a["by"]
        if any(root):
            batch = f"{_h(root)}@{by}"
            member = f"{batch}:{content}"
            if anchors.get(batch) != "Active" or member in anchors:
                current = anchors.get(member, anchors.get(batch, "None"))
                self._find("transition", f"EvidenceRegistry batch member {member}", f"Revoked while {current}", e)
            anchors[member] = after
        else:
            key = f"{content}@{by}"
            if anchors.get(key) != "Active":
                current = anchors.get(key, "None")
                self._find("transition", f"EvidenceRegistry anchor {key}", f"Revoked while {current}", e)
            anchors[key] = after

    # -- two-person control --------------------------------------------------------------------------------------

    def _has_role(self, book: _RoleBook, role: str, account: str, block: int) -> bool:
        """Whether `account` held `role` at that point, from the hub's events (RoleGranted / RoleRevoked /
        AccountRemoved / MemberStatusChanged); a "no" is confirmed by the hub's own `hasRole` at that block where the
        node keeps historical state, so a reconstruction slip cannot accuse anyone."""
        if book.has(ROLES[role], account):
            return True
        try:
            hub = self.suite.contract("CourtConsortium")
            return bool(hub.functions.hasRole(ROLES[role], account).call(block_identifier=block))
        except Exception:  # a node without state at that block: the events' answer stands
            return False

    def _credential_approval(
        self, book: _RoleBook, e: Event, proposed: dict[int, Event], approved: dict[int, Event]
    ) -> None:
        """A professional's standing changes only by two REGISTRAR accounts: the action's proposal and its approval
        (in the same transaction as the change) name a proposer and an approver that differ and both held REGISTRAR."""
        action = int(e.args["actionId"])
        subject = f"credential {e.args['credentialId']} (action {action})"
        proposal, approval = proposed.get(action), approved.get(action)
        if proposal is None or approval is None or approval.tx_hash != e.tx_hash:
            self._find("approval", subject, "a change of standing without a recorded proposal and approval", e)
            return
        proposer, approver = proposal.args["proposer"], approval.args["approver"]
        if proposer == approver:
            self._find("approval", subject, f"approved by its own proposer {approver}", e)
        for who in (proposer, approver):
            if not self._has_role(book, "REGISTRAR", who, e.block):
                self._find("approval", subject, f"{who} was not a REGISTRAR at block {e.block}", e)

    def check_approvals(self) -> None:
        office = self.suite.addresses.get("EnforcementOffice")
        proposed: dict[int, Event] = {}
        approved: dict[int, Event] = {}
        auto_cases: dict[int, bool] = {}
        opened_in: dict[int, str] = {}  # case -> tx that opened it (its creditor 0 is the title creditor)
        admission_proposed: dict[int, Event] = {}
        admitted_by_two: set[tuple[str, int, int]] = set()  # (tx, case, creditor) of approved admissions
        credit = _CreditBook()
        book = _RoleBook()
        credential_proposed: dict[int, Event] = {}
        credential_approved: dict[int, Event] = {}
        n = 0
        for e in self.events:
            a = e.args
            if e.contract == "CredentialRegistry":
                if e.name == "ActionProposed":
                    credential_proposed[int(a["actionId"])] = e
                elif e.name == "ActionApproved":
                    credential_approved[int(a["actionId"])] = e
                elif e.name in ("CredentialStatusChanged", "DisciplineRecorded"):
                    n += 1
                    self._credential_approval(book, e, credential_proposed, credential_approved)
            if e.contract == "CourtConsortium":
                book.apply(e)
            elif e.contract == "EnforcementOffice":
                if e.name == "CaseOpened":
                    auto_cases[int(a["caseId"])] = bool(a["autoApproval"])
                    opened_in[int(a["caseId"])] = e.tx_hash
                elif e.name == "AdmissionProposed":
                    admission_proposed[int(a["admissionId"])] = e
                elif e.name == "AdmissionApproved":
                    n += 1
                    aid, cid = int(a["admissionId"]), int(a["caseId"])
                    subject = f"admission {aid} of enforcement case {cid}"
                    p = admission_proposed.get(aid)
                    if p is None or p.args["proposer"] != a["proposer"] or int(p.args["caseId"]) != cid:
                        self._find("approval", subject, "approved without a matching proposal", e)
                    if a["approver"] == a["proposer"]:
                        self._find("approval", subject, f"approved by its own proposer {a['approver']}", e)
                    if not self._has_role(book, "JUDGE", a["approver"], e.block):
                        self._find(
                            "approval", subject, f"approver {a['approver']} was not a judge at block {e.block}", e
                        )
                    admitted_by_two.add((e.tx_hash, cid, int(a["creditorId"])))
                elif e.name == "CreditorAdmitted":
                    cid, crid = int(a["caseId"]), int(a["creditorId"])
                    title = crid == 0 and opened_in.get(cid) == e.tx_hash
                    if not title and (e.tx_hash, cid, crid) not in admitted_by_two:
                        self._find(
                            "approval",
                            f"creditor {crid} of enforcement case {cid}",
                            "a payee admitted without a second judge's approval (nor named by the title)",
                            e,
                        )
                elif e.name == "OrderProposed":
                    proposed[int(a["orderId"])] = e
                elif e.name == "OrderApproved":
                    n += 1
                    oid = int(a["orderId"])
                    approved[oid] = e
                    subject = f"order {oid} of enforcement case {a['caseId']}"
                    p = proposed.get(oid)
                    if p is None:
                        self._find("approval", subject, "approved without a proposal", e)
                        continue
                    if a["automatic"]:
                        if a["approver"] != office or not auto_cases.get(int(a["caseId"]), False):
                            self._find("approval", subject, "automatic approval outside the automatic policy", e)
                        continue
                    if a["approver"] == p.args["proposer"]:
                        self._find("approval", subject, f"approved by its own proposer {a['approver']}", e)
                    if not self._has_role(book, "JUDGE", a["approver"], e.block):
                        self._find(
                            "approval", subject, f"approver {a['approver']} was not a judge at block {e.block}", e
                        )
                elif e.name == "OrderExecuted":
                    oid = int(a["orderId"])
                    p, ap = proposed.get(oid), approved.get(oid)
                    subject = f"order {oid} of enforcement case {a['caseId']}"
                    if p is None or ap is None:
                        self._find("approval", subject, "executed without a recorded proposal and approval", e)
                    elif a["proposer"] != p.args["proposer"] or a["approver"] != ap.args["approver"]:
                        self._find("approval", subject, "executed under another proposer / approver than recorded", e)
                elif e.name == "CaseTerminated":
                    n += 1
                    credit.termination = (e.tx_hash, str(a["approver"]))
                    if a["proposer"] == a["approver"]:
                        self._find(
                            "approval", f"enforcement case {a['caseId']}", "termination approved by its proposer", e
                        )
            elif e.contract == "CreditRegistry":
                n += self._check_credit_approval(e, book, credit)
        self.report.counts["approval"] = n

    def _check_credit_approval(self, e: Event, book: _RoleBook, credit: _CreditBook) -> int:
        """Two judges for every judges' listing and removal (approver != proposer, both judges), recusal of the
        entry's lister (for an enforcement listing: the termination's approver), and an enforcement listing that
        names the judge who approved the termination. Returns how many approvals it checked."""
        a = e.args
        office = self.suite.addresses.get("EnforcementOffice")
        if e.name in ("ListingProposed", "RemovalProposed"):
            credit.proposer[int(a["proposalId"])] = str(a["proposer"])
            return 0
        if e.name == "ProposalApproved":
            pid = int(a["proposalId"])
            subject = f"credit proposal {pid}"
            if credit.proposer.get(pid) != a["proposer"]:
                self._find("approval", subject, "approved without a recorded proposal by that proposer", e)
            if a["approver"] == a["proposer"]:
                self._find("approval", subject, f"approved by its own proposer {a['approver']}", e)
            for who in ("proposer", "approver"):
                if not self._has_role(book, "JUDGE", a[who], e.block):
                    self._find("approval", subject, f"{who} {a[who]} was not a judge at block {e.block}", e)
            credit.approval = (e.tx_hash, str(a["proposer"]), str(a["approver"]))
            return 1
        if e.name == "EntryListed":
            eid = int(a["entryId"])
            credit.makers[eid] = {str(a["approvedBy"] if a["listedBy"] == office else a["listedBy"])}
            subject = f"credit entry {eid}"
            if a["listedBy"] == office:
                if credit.termination != (e.tx_hash, a["approvedBy"]):
                    self._find("approval", subject, "listed by the office without the termination's approver", e)
            elif credit.approval != (e.tx_hash, a["listedBy"], a["approvedBy"]):
                self._find("approval", subject, "listed without an approved two-judge proposal", e)
            return 0
        if e.name == "EntryRemoved":
            eid = int(a["entryId"])
            subject = f"credit entry {eid}"
            if credit.approval != (e.tx_hash, a["proposer"], a["by"]):
                self._find("approval", subject, "removed without an approved two-judge proposal", e)
            recused = credit.makers.get(eid, set()) & {str(a["proposer"]), str(a["by"])}
            if recused:
                self._find("approval", subject, f"removed with the judge who listed the entry: {sorted(recused)}", e)
            return 0
        if e.name == "ObjectionResolved":
            if a["judge"] in credit.makers.get(int(a["entryId"]), set()):
                self._find(
                    "approval",
                    f"objection {a['objectionId']} to entry {a['entryId']}",
                    "resolved by the judge who listed the entry",
                    e,
                )
            return 1
        return 0

    # -- money ---------------------------------------------------------------------------------------------------

    def check_money(self) -> None:
        cases: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        creditors: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        rounds: dict[tuple[int, int], int] = defaultdict(int)
        paid_in: dict[str, int] = defaultdict(int)
        paid_out: dict[str, int] = defaultdict(int)
        obligation_token: dict[int, str] = {}
        for e in self.events:
            a = e.args
            if e.contract == "EnforcementOffice":
                if e.name == "CaseOpened":
                    _ = cases[int(a["caseId"])]
                cid = int(a.get("caseId", 0))
                if e.name == "CreditorAdmitted":
                    creditors[(cid, int(a["creditorId"]))]["claim"] += int(a["claim"])
                elif e.name == "Deposited" or (e.name == "OrderExecuted" and int(a["kind"]) == 2):
                    cases[cid]["seized"] += int(a["amount"])
                elif e.name == "DistributionCredited":
                    cases[cid]["distributed"] += int(a["amount"])
                    creditors[(cid, int(a["creditorId"]))]["credited"] += int(a["amount"])
                    rounds[(cid, int(a["round"]))] += int(a["amount"])
                elif e.name == "DistributionCompleted":
                    got = rounds.get((cid, int(a["round"])), 0)
                    if got != int(a["distributed"]):
                        self._find(
                            "money",
                            f"enforcement case {cid} round {a['round']}",
                            f"credits add up to {got}, the round says it distributed {a['distributed']}",
                            e,
                        )
                elif e.name == "Withdrawn":
                    cases[cid]["withdrawn"] += int(a["amount"])
                    creditors[(cid, int(a["creditorId"]))]["withdrawn"] += int(a["amount"])
            elif e.contract == "ObligationRegistry":
                if e.name == "AgreementRecorded":
                    obligation_token[int(a["obligationId"])] = str(a["token"])
                elif e.name in ("JudgmentRegistered", "CrossChainTitleRegistered"):  # owed in the office's token
                    obligation_token[int(a["obligationId"])] = self._settlement_token()
                elif e.name == "PaymentMade":
                    paid_in[obligation_token.get(int(a["obligationId"]), "")] += int(a["amount"])
                elif e.name == "Withdrawn":
                    paid_out[str(a["token"])] += int(a["amount"])
        for cid, m in sorted(cases.items()):
            subject = f"enforcement case {cid}"
            seized, distributed, withdrawn = m["seized"], m["distributed"], m["withdrawn"]
            if distributed > seized:
                self._find("money", subject, f"distributed {distributed} exceeds seized/deposited {seized}")
            if withdrawn > distributed:
                self._find("money", subject, f"withdrawn {withdrawn} exceeds credited {distributed}")
            chain = self.suite.view("EnforcementOffice", "caseMoney", cid)  # (frozen, seized, distributed, withdrawn,…)
            on_chain = {"seized": int(chain[1]), "distributed": int(chain[2]), "withdrawn": int(chain[3])}
            for k, v in on_chain.items():
                if m[k] != v:
                    self._find("money", subject, f"{k} from events {m[k]} ≠ {v} on chain")
            held = seized - distributed
            if int(chain[6]) != held:
                self._find("money", subject, f"held (undistributed) from events {held} ≠ {chain[6]} on chain")
        for (cid, crid), m in sorted(creditors.items()):
            if m["withdrawn"] > m["credited"]:
                self._find(
                    "money",
                    f"creditor {crid} of enforcement case {cid}",
                    f"withdrew {m['withdrawn']} > credited {m['credited']}",
                )
            if m["credited"] > m["claim"]:
                self._find(
                    "money",
                    f"creditor {crid} of enforcement case {cid}",
                    f"credited {m['credited']} > claim {m['claim']}",
                )
        if cases and "EnforcementOffice" in self.suite.addresses:
            token = self.suite.view("EnforcementOffice", "settlementToken")
            balance = self._balance(token, self.suite.address("EnforcementOffice"))
            expected = sum(m["seized"] - m["withdrawn"] for m in cases.values())
            if balance != expected:
                self._find("money", "EnforcementOffice escrow", f"holds {balance}, events account for {expected}")
        if "ObligationRegistry" in self.suite.addresses:
            for token in set(paid_in) | set(paid_out):
                if not token:
                    continue
                held = self._balance(token, self.suite.address("ObligationRegistry"))
                expected = paid_in[token] - paid_out[token]
                if held < expected or paid_out[token] > paid_in[token]:
                    self._find(
                        "money", f"ObligationRegistry in {token}", f"holds {held}, events account for {expected}"
                    )
        self.report.counts["money"] = len(cases)

    def _settlement_token(self) -> str:
        if "EnforcementOffice" not in self.suite.addresses:
            return ""
        return str(self.suite.view("EnforcementOffice", "settlementToken"))

    def _balance(self, token: str, account: str) -> int:
        data = "0x70a08231" + "00" * 12 + bytes.fromhex(account[2:]).hex()
        return int(self.suite.chain.rpc("eth_call", [{"to": token, "data": data}, "latest"]), 16)

    # -- audit heads ---------------------------------------------------------------------------------------------

    def check_audit_heads(self) -> None:
        if "EnforcementOffice" not in self.suite.addresses:
            return
        from ..clients.enforcement import verify_audit_chain

        per_case: dict[int, list[Event]] = defaultdict(list)
        opened: list[int] = []
        for e in self.events:
            if e.contract != "EnforcementOffice":
                continue
            if e.name == "CaseOpened":
                opened.append(int(e.args["caseId"]))
            elif e.name == "AuditRecorded":
                per_case[int(e.args["caseId"])].append(e)
        for cid in opened:
            head, seq = self.suite.view("EnforcementOffice", "auditHead", cid)
            result = verify_audit_chain(cid, per_case.get(cid, []), bytes(head))
            if not result.ok:
                self._find("audit-head", f"enforcement case {cid}", f"{result.problem} (on chain: {seq} operations)")
            elif result.operations != int(seq):
                self._find(
                    "audit-head", f"enforcement case {cid}", f"{result.operations} operations in events, {seq} on chain"
                )
        self.report.counts["audit-head"] = len(opened)


def check(suite: Suite, events: Sequence[Event] | None = None) -> CheckReport:
    return Auditor(suite, events if events is not None else fetch_events(suite)).run()


# -- reconciliation with a court's off-chain records ---------------------------------------------------------------

RECORD_COLUMNS = ("case_number", "filing_id", "status", "claim_amount")
"""CSV columns of a court's off-chain records (header row required; `case_number` or `filing_id` identifies the
row, the others are compared): `case_number` as courts write it, e.g. (2026)京0491民初123号 (empty for a filing not
docketed); `filing_id` the chain's filing id (optional once there is a case number); `status` one of open,
docketed, refused, withdrawn, judged; `claim_amount` in yuan as a person types it (120000, 120,000.00, ¥120000).
Extra columns are ignored. The file may be UTF-8, UTF-8 with BOM or GBK (Excel on Chinese Windows); full- and
half-width brackets in case numbers are the same number."""


@dataclass(frozen=True)
class ChainCase:
    filing_id: int
    court: int
    case_number: str
    status: str
    claim_amount: int


@dataclass(frozen=True)
class Difference:
    kind: str  # missing-on-chain, missing-off-chain, status, claim-amount
    case: str
    off_chain: str
    on_chain: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.case} (records: {self.off_chain or '-'}; chain: {self.on_chain or '-'})"


def chain_cases(suite: Suite, events: Sequence[Event] | None = None, court: int | None = None) -> list[ChainCase]:
    """Every filing and case of the docket, derived from events alone (status, amount, case number)."""
    evs = events if events is not None else list(suite.logs(["CaseDocket"]))
    courts: dict[int, tuple[str, str]] = {}
    rows: dict[int, dict[str, Any]] = {}
    for e in evs:
        if e.contract != "CaseDocket":
            continue
        a = e.args
        if e.name == "CourtConfigured":
            courts[int(a["courtId"])] = (str(a["abbreviation"]), str(a["code"]))
        elif e.name == "FilingSubmitted":
            rows[int(a["filingId"])] = {
                "court": int(a["courtId"]),
                "status": FilingStatus.OPEN,
                "claim": int(a["claimAmount"]),
                "number": "",
                "type": bytes(a["caseType"]),
            }
        elif e.name == "FilingReclassified":
            rows[int(a["filingId"])]["type"] = bytes(a["to"])
        elif e.name == "CaseDocketed":
            r = rows[int(a["caseId"])]
            r["status"] = FilingStatus.DOCKETED
            abbr, code = courts.get(int(a["courtId"]), ("?", "?"))
            r["number"] = render_case_number(
                int(a["year"]), abbr, code, decode_case_type(bytes(a["caseType"])), int(a["sequence"])
            )
        elif e.name in ("FilingRefused", "FilingRejected"):
            rows[int(a["filingId"])]["status"] = FilingStatus.REFUSED
        elif e.name == "FilingWithdrawn":
            rows[int(a["filingId"])]["status"] = FilingStatus.WITHDRAWN
        elif e.name == "JudgmentRecorded":
            rows[int(a["caseId"])]["status"] = FilingStatus.JUDGED
    return [
        ChainCase(fid, r["court"], r["number"], r["status"].name.lower(), r["claim"])
        for fid, r in sorted(rows.items())
        if court is None or r["court"] == court
    ]


def read_records(path: Path, decimals: int = DEFAULT_DECIMALS) -> list[dict[str, str]]:
    """The rows of a court's records (RECORD_COLUMNS): `case_number` normalised to half-width brackets,
    `claim_amount` turned from yuan into the token's base units (`decimals` places)."""
    try:
        text = read_csv_text(path)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except UnitError as exc:
        raise InputError(f"cannot read {exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if "case_number" not in header and "filing_id" not in header:
        raise InputError(f"{path}: the header needs case_number or filing_id (columns: {', '.join(RECORD_COLUMNS)})")
    rows = []
    for n, row in enumerate(reader, 2):
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not clean.get("case_number") and not clean.get("filing_id"):
            raise InputError(f"{path}:{n}: a row needs a case_number or a filing_id")
        if clean.get("filing_id") and not clean["filing_id"].isdigit():
            raise InputError(f"{path}:{n}: filing_id must be a whole number, got {clean['filing_id']!r}")
        if clean.get("case_number"):
            clean["case_number"] = normalise_case_number(clean["case_number"])
        if clean.get("claim_amount"):
            try:
                clean["claim_amount"] = str(parse_yuan(clean["claim_amount"], decimals))
            except UnitError as exc:
                raise InputError(f"{path}:{n}: claim_amount: {exc}") from None
        status = clean.get("status", "").lower()
        if status and status not in {s.name.lower() for s in FilingStatus if s != FilingStatus.NONE}:
            raise InputError(f"{path}:{n}: unknown status {status!r}")
        clean["status"] = status
        rows.append(clean)
    return rows


def reconcile(
    records: Sequence[dict[str, str]], cases: Sequence[ChainCase], decimals: int = DEFAULT_DECIMALS
) -> list[Difference]:
    """Differences between records (as `read_records` gives them: claims in base units) and the chain's cases;
    case numbers compare without regard to full- or half-width brackets, claims are shown in yuan."""
    by_number = {normalise_case_number(c.case_number): c for c in cases if c.case_number}
    by_id = {c.filing_id: c for c in cases}
    matched: set[int] = set()
    out: list[Difference] = []
    for r in records:
        number, fid = normalise_case_number(r.get("case_number", "")), r.get("filing_id", "")
        label = number or f"filing {fid}"
        c = by_number.get(number) if number else None
        if c is None and fid:
            c = by_id.get(int(fid))
            if c is not None and number and normalise_case_number(c.case_number) != number:
                out.append(Difference("case-number", label, number, c.case_number or "(not docketed)"))
        if c is None:
            out.append(Difference("missing-on-chain", label, f"status {r.get('status') or '?'}", ""))
            continue
        matched.add(c.filing_id)
        if r.get("status") and r["status"] != c.status:
            out.append(Difference("status", label, r["status"], c.status))
        if r.get("claim_amount") and int(r["claim_amount"]) != c.claim_amount:
            out.append(
                Difference(
                    "claim-amount",
                    label,
                    format_yuan(int(r["claim_amount"]), decimals),
                    format_yuan(c.claim_amount, decimals),
                )
            )
    for c in cases:
        if c.filing_id not in matched:
            label = c.case_number or f"filing {c.filing_id}"
            claim = format_yuan(c.claim_amount, decimals)
            out.append(Difference("missing-off-chain", label, "", f"status {c.status}, claim {claim}"))
    return out

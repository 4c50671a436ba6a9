"""Typed client of CaseDocket: court configuration, filings, docketing by rule, judgments, transfers, case history.

A filing keeps its id when docketed: the filing id is the case id. Case numbers are rendered the way Chinese courts
write them, `(2026)京0491民初123号`: (year) + court abbreviation + court code + case type + sequence + 号.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import IntEnum
from typing import Any

from ..errors import InputError, NotFoundError
from ..signers import SigningAccount
from ..suite import Event, Suite
from .base import ContractClient, Sent, check_address, check_hash

CST = timezone(timedelta(hours=8), "CST")
MAX_PARTIES = 16
MAX_MATERIALS = 32
MAX_OBLIGATIONS = 16
MAX_BATCH = 100
MAX_WINDOW = 365 * 24 * 3600


class FilingStatus(IntEnum):
    NONE = 0
    OPEN = 1
    DOCKETED = 2
    REFUSED = 3
    WITHDRAWN = 4
    JUDGED = 5


class PartyRole(IntEnum):
    NONE = 0
    PLAINTIFF = 1
    DEFENDANT = 2
    THIRD_PARTY = 3


class Outcome(IntEnum):
    NONE = 0
    UPHELD = 1
    PARTLY_UPHELD = 2
    DISMISSED = 3
    MEDIATED = 4


class SkipReason(IntEnum):
    NONE = 0
    UNKNOWN_FILING = 1
    NOT_OPEN = 2
    WINDOW_OPEN = 3


class RefusalReason(IntEnum):
    """Why a court refused a filing in its review (不予受理); mirrors ICaseDocket.RefusalReason."""

    NONE = 0
    NO_STANDING = 1
    NO_DEFINITE_DEFENDANT = 2
    NO_SPECIFIC_CLAIM = 3
    NOT_WITHIN_SCOPE = 4
    NO_JURISDICTION = 5
    DUPLICATE_SUIT = 6
    OTHER = 7


class TransferStatus(IntEnum):
    NONE = 0
    PENDING = 1
    ACCEPTED = 2
    CANCELLED = 3


class MaterialKind(IntEnum):
    """The suite's material kinds (a court's case type may also use any other number in 1..255)."""

    COMPLAINT = 1  # 起诉状 / 申请书
    IDENTITY_PROOF = 2  # 身份证明
    EVIDENCE_LIST = 3  # 证据清单
    POWER_OF_ATTORNEY = 4  # 授权委托书
    MEDIATION_AGREEMENT = 5  # 调解协议
    JUDGMENT = 6  # 判决书 / 裁定书 (an enforcement title)
    ENFORCEMENT_APPLICATION = 7  # 执行申请书
    EVIDENCE = 8  # 证据
    OTHER = 9


def kind_name(kind: int) -> str:
    try:
        return MaterialKind(kind).name.lower().replace("_", "-")
    except ValueError:
        return str(kind)


def parse_kind(text: str) -> int:
    """A material kind by name (`complaint`, `identity-proof`, ...) or number (1..255)."""
    key = text.strip().lower().replace("_", "-")
    for k in MaterialKind:
        if k.name.lower().replace("_", "-") == key:
            return int(k)
    try:
        n = int(key, 0)
    except ValueError:
        known = ", ".join(k.name.lower().replace("_", "-") for k in MaterialKind)
        raise InputError(f"unknown material kind {text!r}; known: {known}, or a number 1..255") from None
    if not 1 <= n <= 255:
        raise InputError(f"material kind must be 1..255, got {n}")
    return n


def encode_case_type(code: str) -> bytes:
    """A case type code (e.g. 民初) as UTF-8 left-aligned in bytes32."""
    raw = code.strip().encode()
    if not raw:
        raise InputError("case type code must not be empty")
    if len(raw) > 32:
        raise InputError(f"case type code {code!r} is longer than 32 bytes of UTF-8")
    return raw.ljust(32, b"\0")


def decode_case_type(raw: bytes) -> str:
    return bytes(raw).rstrip(b"\0").decode("utf-8", errors="replace")


def china_year(timestamp: int) -> int:
    """The calendar year of a Unix time in China Standard Time (UTC+8), as the contract computes it."""
    return datetime.fromtimestamp(timestamp, CST).year


def render_case_number(year: int, abbreviation: str, court_code: str, case_type: str, sequence: int) -> str:
    """`(2026)京0491民初123号`."""
    return f"({year}){abbreviation}{court_code}{case_type}{sequence}号"


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass(frozen=True)
class Party:
    subject: bytes
    role: PartyRole

    def as_tuple(self) -> tuple[bytes, int]:
        return (self.subject, int(self.role))


@dataclass(frozen=True)
class MaterialInput:
    content_hash: bytes
    kind: int

    def as_tuple(self) -> tuple[bytes, int]:
        return (self.content_hash, self.kind)


@dataclass(frozen=True)
class Material:
    content_hash: bytes
    kind: int
    added_by: str
    added_at: int


@dataclass(frozen=True)
class CourtConfig:
    court_id: int
    configured: bool
    abbreviation: str
    code: str


@dataclass(frozen=True)
class CaseType:
    court_id: int
    code: str
    active: bool
    window: int
    required_kinds: tuple[int, ...]


@dataclass(frozen=True)
class Obligation:
    debtor: bytes
    debtor_account: str
    creditor: str
    amount: int
    due_date: int

    def as_tuple(self) -> tuple[bytes, str, str, int, int]:
        return (self.debtor, self.debtor_account, self.creditor, self.amount, self.due_date)


@dataclass(frozen=True)
class JudgmentObligation:
    case_id: int
    index: int
    debtor: bytes
    debtor_account: str
    creditor: str
    amount: int
    due_date: int
    document_hash: bytes


@dataclass(frozen=True)
class Judgment:
    case_id: int
    document_hash: bytes
    outcome: Outcome
    judge: str
    recorded_at: int
    obligations: tuple[JudgmentObligation, ...]


@dataclass(frozen=True)
class Transfer:
    index: int
    status: TransferStatus
    from_member: int
    to_member: int
    initiated_at: int
    settled_at: int
    initiated_by: str
    settled_by: str
    documents_hash: bytes


@dataclass(frozen=True)
class Filing:
    id: int
    status: FilingStatus
    court: int
    holder: int
    year: int
    sequence: int
    filed_at: int
    window_ends: int
    decided_at: int
    filer: str
    case_type: str
    claim_amount: int
    present_kinds: tuple[int, ...]
    window_open: bool
    case_number: str | None

    @property
    def due(self) -> bool:
        """Open with its window expired: `docket` by anyone would docket or refuse it."""
        return self.status == FilingStatus.OPEN and not self.window_open


@dataclass(frozen=True)
class DocketResult:
    """What `docket` did: docketed with a case number, or refused with the missing kinds."""

    filing_id: int
    docketed: bool
    case_number: str | None
    missing_kinds: tuple[int, ...]
    sent: Sent


@dataclass(frozen=True)
class BatchResult:
    docketed: dict[int, str]
    refused: dict[int, tuple[int, ...]]
    skipped: dict[int, SkipReason]
    sent: Sent | None


@dataclass(frozen=True)
class HistoryEntry:
    block: int
    timestamp: int
    tx_hash: str
    event: str
    text: str
    args: dict[str, Any]


def _mask_kinds(mask: int) -> tuple[int, ...]:
    return tuple(k for k in range(1, 256) if mask >> k & 1)


# Events that belong to one filing / case, by the name of the argument that carries its id.
_CASE_EVENTS = {
    "FilingSubmitted": "filingId",
    "PartyRecorded": "filingId",
    "MaterialAdded": "filingId",
    "FilingReclassified": "filingId",
    "FilingWithdrawn": "filingId",
    "FiledFromObligation": "filingId",
    "CaseDocketed": "caseId",
    "FilingRefused": "filingId",
    "FilingRejected": "filingId",
    "DocketSkipped": "filingId",
    "JudgmentRecorded": "caseId",
    "JudgmentObligationRecorded": "caseId",
    "CaseTransferInitiated": "caseId",
    "CaseTransferAccepted": "caseId",
    "CaseTransferCancelled": "caseId",
}


class DocketClient(ContractClient):
    contract_name = "CaseDocket"

    # -- court configuration ---------------------------------------------------------------------------------------

    def configure_court(self, court_id: int, abbreviation: str, code: str) -> Sent:
        for what, text in (("abbreviation", abbreviation), ("court code", code)):
            if not 1 <= len(text.encode()) <= 16:
                raise InputError(f"court {what} must be 1 to 16 bytes of UTF-8, got {text!r}")
        return self.transact("configureCourt", court_id, abbreviation, code)

    def set_case_type(self, court_id: int, code: str, required: Iterable[int], window: int) -> Sent:
        kinds = sorted(set(required))
        if any(not 1 <= k <= 255 for k in kinds):
            raise InputError(f"material kinds must be 1..255, got {kinds}")
        if not 1 <= window <= MAX_WINDOW:
            raise InputError(f"window must be 1 second to 365 days, got {window} s")
        return self.transact("setCaseType", court_id, encode_case_type(code), kinds, window)

    def disable_case_type(self, court_id: int, code: str) -> Sent:
        return self.transact("disableCaseType", court_id, encode_case_type(code))

    def court_config(self, court_id: int) -> CourtConfig:
        c = self.view("courtConfig", court_id)
        return CourtConfig(court_id, bool(c[0]), str(c[1]), str(c[2]))

    def case_type(self, court_id: int, code: str) -> CaseType:
        t = self.view("caseTypeConfig", court_id, encode_case_type(code))
        return CaseType(court_id, code, bool(t[0]), int(t[1]), _mask_kinds(int(t[2])))

    # -- filing ----------------------------------------------------------------------------------------------------

    def submit(
        self,
        court_id: int,
        case_type: str,
        parties: Sequence[Party],
        claim_amount: int,
        materials: Sequence[MaterialInput],
        *,
        credential_id: int = 0,
    ) -> tuple[int, Sent]:
        """File a case; returns (filing id, sent). With `credential_id` the caller files as an agent with that
        professional credential (`submitFilingAsAgent`): refused if it is not the caller's or not valid now."""
        if not 2 <= len(parties) <= MAX_PARTIES:
            raise InputError(f"a filing names 2 to {MAX_PARTIES} parties, got {len(parties)}")
        roles = {p.role for p in parties}
        if PartyRole.PLAINTIFF not in roles or PartyRole.DEFENDANT not in roles:
            raise InputError("a filing needs at least one plaintiff and one defendant")
        if claim_amount < 0:
            raise InputError(f"claim amount must not be negative, got {claim_amount}")
        self._check_materials(materials, allow_empty=True)
        t = self.case_type(court_id, case_type)
        if not t.active:
            raise NotFoundError(f"court {court_id} has no active case type {case_type!r}")
        if credential_id < 0:
            raise InputError(f"credential id must not be negative, got {credential_id}")
        args: list[object] = [
            court_id,
            encode_case_type(case_type),
            [p.as_tuple() for p in parties],
            claim_amount,
            [m.as_tuple() for m in materials],
        ]
        if credential_id:
            sent = self.transact("submitFilingAsAgent", *args, credential_id)
        else:
            sent = self.transact("submitFiling", *args)
        return int(sent.event("FilingSubmitted").args["filingId"]), sent

    def agent_credential(self, filing_id: int) -> int:
        """The credential an agent filed with (0 for a filing made without one)."""
        return int(self.view("agentCredential", filing_id))

    def add_materials(self, filing_id: int, materials: Sequence[MaterialInput]) -> Sent:
        self._check_materials(materials, allow_empty=False)
        self.filing(filing_id)
        return self.transact("addMaterials", filing_id, [m.as_tuple() for m in materials])

    def reclassify(self, filing_id: int, case_type: str) -> Sent:
        self.filing(filing_id)
        return self.transact("reclassify", filing_id, encode_case_type(case_type))

    def withdraw(self, filing_id: int) -> Sent:
        self.filing(filing_id)
        return self.transact("withdraw", filing_id)

    # -- docketing -------------------------------------------------------------------------------------------------

    def refuse(self, filing_id: int, reason: RefusalReason, ruling_hash: bytes | str) -> Sent:
        """Refuse a filing in the court's review (不予受理) while its window is open, as a CLERK or REGISTRAR of its
        court; the filing never gets a case number."""
        if reason == RefusalReason.NONE:
            raise InputError("give the reason of the refusal")
        h = check_hash(ruling_hash, "ruling hash")
        if h == b"\0" * 32:
            raise InputError("the ruling hash must not be zero")
        f = self._expect(filing_id, FilingStatus.OPEN)
        if self.suite.chain.timestamp() >= f.window_ends:
            raise InputError(f"filing {filing_id}'s window has closed: it is docketed or refused by rule now")
        return self.transact("refuseFiling", filing_id, int(reason), h)

    def docket(self, filing_id: int) -> DocketResult:
        self.filing(filing_id)
        sent = self.transact("docket", filing_id)
        refused = sent.all("FilingRefused")
        if refused:
            return DocketResult(filing_id, False, None, tuple(refused[0].args["missingKinds"]), sent)
        return DocketResult(filing_id, True, self.case_number(filing_id), (), sent)

    def docket_many(self, filing_ids: Sequence[int]) -> BatchResult:
        if len(filing_ids) > MAX_BATCH:
            raise InputError(f"a batch takes at most {MAX_BATCH} ids, got {len(filing_ids)}")
        if not filing_ids:
            return BatchResult({}, {}, {}, None)
        sent = self.transact("docketMany", list(filing_ids))
        docketed = {int(e.args["caseId"]): self.case_number(int(e.args["caseId"])) for e in sent.all("CaseDocketed")}
        refused = {int(e.args["filingId"]): tuple(e.args["missingKinds"]) for e in sent.all("FilingRefused")}
        skipped = {int(e.args["filingId"]): SkipReason(e.args["reason"]) for e in sent.all("DocketSkipped")}
        return BatchResult(docketed, refused, skipped, sent)

    def due_filings(self, limit: int | None = None) -> list[int]:
        """Ids of open filings whose window has expired (read from the chain's views), oldest first."""
        due = [f.id for f in self.filings(status=FilingStatus.OPEN) if f.due]
        return due[:limit] if limit is not None else due

    def docket_due(self, batch: int = MAX_BATCH) -> list[BatchResult]:
        """Docket (or refuse) every due filing, in batches."""
        if not 1 <= batch <= MAX_BATCH:
            raise InputError(f"batch size must be 1..{MAX_BATCH}, got {batch}")
        ids = self.due_filings()
        return [self.docket_many(ids[i : i + batch]) for i in range(0, len(ids), batch)]

    # -- judgment and transfer -------------------------------------------------------------------------------------

    def record_judgment(
        self, case_id: int, document_hash: bytes | str, outcome: Outcome, obligations: Sequence[Obligation] = ()
    ) -> Sent:
        doc = check_hash(document_hash, "judgment document hash")
        if outcome == Outcome.NONE:
            raise InputError("a judgment needs an outcome")
        if len(obligations) > MAX_OBLIGATIONS:
            raise InputError(f"a judgment imposes at most {MAX_OBLIGATIONS} obligations, got {len(obligations)}")
        for i, o in enumerate(obligations):
            if o.amount <= 0:
                raise InputError(f"obligation {i}: amount must be positive")
            check_address(o.creditor, f"obligation {i} creditor")
        self._expect(case_id, FilingStatus.DOCKETED)
        return self.transact("recordJudgment", case_id, doc, int(outcome), [o.as_tuple() for o in obligations])

    def transfer(self, case_id: int, to_member: int, documents_hash: bytes | str) -> tuple[int, Sent]:
        docs = check_hash(documents_hash, "documents hash")
        self.filing(case_id)
        sent = self.transact("transferCase", case_id, to_member, docs)
        return int(sent.event("CaseTransferInitiated").args["transferIndex"]), sent

    def accept_transfer(self, case_id: int) -> Sent:
        self.filing(case_id)
        return self.transact("acceptTransfer", case_id)

    def cancel_transfer(self, case_id: int) -> Sent:
        self.filing(case_id)
        return self.transact("cancelTransfer", case_id)

    # -- views -----------------------------------------------------------------------------------------------------

    def filing_count(self) -> int:
        return int(self.view("filingCount"))

    def filing(self, filing_id: int) -> Filing:
        count = self.filing_count()
        if not 1 <= filing_id <= count:
            raise NotFoundError(f"no filing {filing_id} (there are {count})")
        f = self.view("getFiling", filing_id)
        status = FilingStatus(f[0])
        number = None
        if f[4]:  # sequence
            c = self.court_config(int(f[1]))
            number = render_case_number(int(f[3]), c.abbreviation, c.code, decode_case_type(f[9]), int(f[4]))
        return Filing(
            id=filing_id,
            status=status,
            court=int(f[1]),
            holder=int(f[2]),
            year=int(f[3]),
            sequence=int(f[4]),
            filed_at=int(f[5]),
            window_ends=int(f[6]),
            decided_at=int(f[7]),
            filer=str(f[8]),
            case_type=decode_case_type(f[9]),
            claim_amount=int(f[10]),
            present_kinds=_mask_kinds(int(f[11])),
            window_open=bool(self.view("isWindowOpen", filing_id)),
            case_number=number,
        )

    def filings(self, status: FilingStatus | None = None, court: int | None = None) -> list[Filing]:
        out = []
        for i in range(1, self.filing_count() + 1):
            f = self.filing(i)
            if (status is None or f.status == status) and (court is None or f.court == court):
                out.append(f)
        return out

    def parties(self, filing_id: int) -> list[Party]:
        self.filing(filing_id)
        return [Party(bytes(p[0]), PartyRole(p[1])) for p in self.view("getParties", filing_id)]

    def materials(self, filing_id: int) -> list[Material]:
        self.filing(filing_id)
        return [Material(bytes(m[0]), int(m[1]), str(m[2]), int(m[3])) for m in self.view("getMaterials", filing_id)]

    def missing_kinds(self, filing_id: int) -> tuple[int, ...]:
        self.filing(filing_id)
        return tuple(int(k) for k in self.view("missingKinds", filing_id))

    def case_number(self, case_id: int) -> str:
        """The case number as the contract renders it (equal to `render_case_number` of its parts)."""
        return str(self.view("caseNumber", case_id))

    def last_sequence(self, court_id: int, year: int, case_type: str) -> int:
        return int(self.view("lastSequence", court_id, year, encode_case_type(case_type)))

    def judgment(self, case_id: int) -> Judgment:
        f = self.filing(case_id)
        if f.status != FilingStatus.JUDGED:
            raise NotFoundError(f"case {case_id} has no judgment (status {f.status.name.lower()})")
        j = self.view("getJudgment", case_id)
        obligations = tuple(self.judgment_obligation(case_id, i) for i in range(int(j[4])))
        return Judgment(case_id, bytes(j[0]), Outcome(j[1]), str(j[2]), int(j[3]), obligations)

    def judgment_obligation(self, case_id: int, index: int) -> JudgmentObligation:
        o = self.view("judgmentObligation", case_id, index)
        return JudgmentObligation(case_id, index, bytes(o[0]), str(o[1]), str(o[2]), int(o[3]), int(o[4]), bytes(o[5]))

    def judgment_obligation_count(self, case_id: int) -> int:
        return int(self.view("judgmentObligationCount", case_id))

    def transfers(self, case_id: int) -> list[Transfer]:
        self.filing(case_id)
        return [
            Transfer(
                i, TransferStatus(t[0]), int(t[1]), int(t[2]), int(t[3]), int(t[4]), str(t[5]), str(t[6]), bytes(t[7])
            )
            for i, t in enumerate(self.view("getTransfers", case_id))
        ]

    def china_year(self, timestamp: int) -> int:
        return int(self.view("chinaYear", timestamp))

    # -- history ---------------------------------------------------------------------------------------------------

    def history(self, case_id: int, events: Sequence[Event] | None = None) -> list[HistoryEntry]:
        """Every event of one filing / case, in chain order, rendered for people. `events`: read them from there
        (e.g. the event index's events of the case) instead of the chain's logs."""
        self.filing(case_id)
        if events is None:
            topic = "0x" + case_id.to_bytes(32, "big").hex()
            events = list(self.suite.logs([self.contract_name], topics=[None, topic]))
        events = [
            e
            for e in events
            if e.contract == self.contract_name
            and _CASE_EVENTS.get(e.name)
            and int(e.args[_CASE_EVENTS[e.name]]) == case_id
        ]
        stamps: dict[int, int] = {}
        out = []
        for e in events:
            if e.block not in stamps:
                stamps[e.block] = self.suite.chain.timestamp(e.block)
            out.append(HistoryEntry(e.block, stamps[e.block], e.tx_hash, e.name, self._describe(e), e.args))
        return out

    def _describe(self, e: Event) -> str:
        a = e.args
        if e.name == "FilingSubmitted":
            return (
                f"filed at court {a['courtId']} as {decode_case_type(a['caseType'])} by {a['filer']}, "
                f"claim {a['claimAmount']}, window closes {_when(a['windowEnds'])}"
            )
        if e.name == "PartyRecorded":
            return f"party {PartyRole(a['role']).name.lower()} 0x{bytes(a['subject']).hex()}"
        if e.name == "MaterialAdded":
            return f"material {kind_name(a['kind'])} 0x{bytes(a['contentHash']).hex()} by {a['by']}"
        if e.name == "FilingReclassified":
            return (
                f"reclassified {decode_case_type(a['from'])} → {decode_case_type(a['to'])} by {a['by']}, "
                f"window closes {_when(a['windowEnds'])}"
            )
        if e.name == "FilingWithdrawn":
            return f"withdrawn by {a['by']}"
        if e.name == "FiledFromObligation":
            return f"filed on default of obligation {a['obligationId']}"
        if e.name == "CaseDocketed":
            c = self.court_config(int(a["courtId"]))
            number = render_case_number(
                a["year"], c.abbreviation, c.code, decode_case_type(a["caseType"]), a["sequence"]
            )
            how = "early by clerk " if a["early"] else "by "
            return f"docketed as {number} {how}{a['by']}"
        if e.name == "FilingRefused":
            missing = ", ".join(kind_name(k) for k in a["missingKinds"])
            return f"refused (missing: {missing}) on call by {a['by']}"
        if e.name == "FilingRejected":
            reason = RefusalReason(a["reason"]).name.lower().replace("_", " ")
            return f"refused in review ({reason}), ruling 0x{bytes(a['rulingHash']).hex()}, by {a['by']}"
        if e.name == "DocketSkipped":
            return f"skipped by a batch: {SkipReason(a['reason']).name.lower()}"
        if e.name == "JudgmentRecorded":
            return (
                f"judgment {Outcome(a['outcome']).name.lower()} 0x{bytes(a['documentHash']).hex()} by judge "
                f"{a['judge']}, {a['obligationCount']} obligation(s)"
            )
        if e.name == "JudgmentObligationRecorded":
            return (
                f"obligation {a['index']}: debtor 0x{bytes(a['debtor']).hex()[:16]}… pays {a['amount']} "
                f"to {a['creditor']} by {_when(a['dueDate'])}"
            )
        if e.name == "CaseTransferInitiated":
            return f"transfer {a['transferIndex']} from member {a['fromMember']} to member {a['toMember']} by {a['by']}"
        if e.name == "CaseTransferAccepted":
            return f"transfer {a['transferIndex']} accepted by member {a['toMember']} ({a['by']})"
        if e.name == "CaseTransferCancelled":
            return f"transfer {a['transferIndex']} cancelled by {a['by']}"
        return e.name

    # -- helpers ---------------------------------------------------------------------------------------------------

    def _expect(self, filing_id: int, status: FilingStatus) -> Filing:
        f = self.filing(filing_id)
        if f.status != status:
            raise InputError(f"filing {filing_id} is {f.status.name.lower()}, not {status.name.lower()}")
        return f

    @staticmethod
    def _check_materials(materials: Sequence[MaterialInput], *, allow_empty: bool) -> None:
        if not allow_empty and not materials:
            raise InputError("give at least one material")
        if len(materials) > MAX_MATERIALS:
            raise InputError(f"at most {MAX_MATERIALS} materials at a time, got {len(materials)}")
        seen: set[bytes] = set()
        for m in materials:
            check_hash(m.content_hash, "material hash")
            if not 1 <= m.kind <= 255:
                raise InputError(f"material kind must be 1..255, got {m.kind}")
            if m.content_hash in seen:
                raise InputError(f"material 0x{m.content_hash.hex()} is given twice")
            seen.add(m.content_hash)


# -- the local court of the demo and the tests -------------------------------------------------------------------

DEV_COURT_ID = 1
DEV_COURT_ABBREVIATION = "京"
DEV_COURT_CODE = "0491"
DEV_WINDOW = 7 * 24 * 3600
DEV_CASE_TYPES: dict[str, tuple[int, ...]] = {
    "民初": (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST),
    "执": (MaterialKind.ENFORCEMENT_APPLICATION, MaterialKind.JUDGMENT),
}


def setup_dev_court(suite: Suite, clerk: SigningAccount, window: int = DEV_WINDOW) -> DocketClient:
    """Configure the local consortium's court (member 1) as 京0491 with the case types 民初 and 执."""
    client = DocketClient(suite, clerk)
    client.configure_court(DEV_COURT_ID, DEV_COURT_ABBREVIATION, DEV_COURT_CODE)
    for code, kinds in DEV_CASE_TYPES.items():
        client.set_case_type(DEV_COURT_ID, code, kinds, window)
    return client

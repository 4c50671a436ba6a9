"""What the keeper watches: one `Watcher` per kind of deadline in the suite.

| watcher   | contract           | deadline from                                   | when due                    |
|-----------|--------------------|-------------------------------------------------|-----------------------------|
| docketing | CaseDocket         | FilingSubmitted / FilingReclassified windowEnds | `docketMany` (by gas, ≤100) |
| judgments | CaseDocket         | JudgmentObligationRecorded (at once)            | `registerJudgment` (one)    |
| defaults  | ObligationRegistry | defaultState(id).since (due date + grace + 1 s) | `triggerDefaults` (by gas)  |
| consequences | ObligationRegistry | ConsequencePending (at once; back-off if refused) | `retryConsequence` (one) |
| service   | EvidenceRegistry   | Served.deemedServedAt                           | reported only (a view)      |
| listing   | CreditRegistry     | EntryListed.endsAt                              | reported only (a view)      |
| meetings  | CreditorsMeeting   | MeetingConvened.closesAt + 1 s                  | `closeMeeting` (one)        |
| bk-filing | BankruptcyEstate   | CaseProposed.filingDeadline + 1 s               | reported only (case open)   |
| bk-first-meeting | CreditorsMeeting | CaseRegistered.filingDeadline + 15 days + 1 s | reported only (no meeting) |
| bk-request | MeetingRequests | RequestReached.dueAt + 1 s                    | reported only (`isOverdue`) |
| bk-unclaimed | BankruptcyEstate | FinalDistribution.unclaimedAfter + 1 s (art. 118) | reported only (uncollected) |
| bk-litigated | BankruptcyEstate | CaseClosed.closedAt + 731 days + 1 s (art. 119) | reported only (a reserve) |

Each check reads one or two views per due item, never a list of everything: the pass costs what is due. How many
items go in one transaction is the keeper's decision (from gas estimates against the block gas limit, see keeper.py);
`batch_size` is only the contract's own cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import ChainError
from .keeper import CheckResult, Watcher
from .suite import Event, Suite
from .txn import Call

DOCKET_BATCH = 100  # CaseDocket's cap per docketMany call (the keeper sizes batches by gas below it)
DEFAULT_BATCH = 100  # ObligationRegistry.MAX_BATCH, the cap per triggerDefaults call
FOREVER = 2**64 - 1

# Status numbers as declared in the interfaces (mirrored by the clients' IntEnums, checked there by tests).
_FILING_OPEN = 1
_SKIP_WINDOW_OPEN = 3
_OBLIGATION_ACTIVE = 2
_KIND_JUDGMENT = 2
_CONSEQUENCE_ENFORCEMENT = 2
_PENDING_CLAIM = 27  # position of `pendingClaim` in IObligationRegistry.Obligation
_SERVICE_DEEMED = 3
_ENTRY_EXPIRED = 2
_MEETING_CONVENED = 1  # ICreditorsMeeting.ResolutionStatus.Convened
_BK_CASE_OPEN = 2  # IBankruptcyEstate.CaseStatus.Open
FIRST_MEETING = 15 * 86_400  # CreditorsMeeting.FIRST_MEETING (art. 62)
LITIGATED = 731 * 86_400  # BankruptcyEstate.LITIGATED (art. 119: two years after the procedure ended)
# positions in IBankruptcyEstate.Case
_BK_CREDITED, _BK_WITHDRAWN, _BK_RESERVED, _BK_FINAL_AT = 14, 15, 16, 17
UNCLAIMED = 62 * 86_400  # BankruptcyEstate.UNCLAIMED (art. 118: two months after the final distribution)


_NO_BATCH: set[str] = set()  # node URLs that refused a JSON-RPC batch


def view_many(suite: Suite, contract: str, fn: str, ids: Sequence[int]) -> list[Any]:
    """`contract.fn(id)` for many ids: one JSON-RPC batch per 200 calls where the node takes batches (anvil, Besu,
    geth), else one call each (and that node is not asked for a batch again). The batch goes through the chain's
    own transport, so a keeper on several nodes (a FailoverProvider) reads from the one that answers."""
    url = suite.chain.url
    decoder = suite._function(contract, fn)
    if len(ids) < 4 or url in _NO_BATCH or decoder is None:
        return [suite.view(contract, fn, i) for i in ids]
    out: list[Any] = []
    to = suite.address(contract)
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        calls = [("eth_call", [{"to": to, "data": suite.encode(contract, fn, [i])}, "latest"]) for i in chunk]
        try:
            resp = suite.chain.rpc_batch(calls)
        except ChainError as exc:
            if "unreachable" in str(exc) or "no node answers" in str(exc):
                raise  # node trouble, not a refused batch: the pass fails and is tried again
            _NO_BATCH.add(url)  # the node does not take batches: never ask it again
            return out + [suite.view(contract, fn, i) for i in ids[start:]]
        try:
            results = sorted(resp, key=lambda r: int(r.get("id", 0)))
            values = [decoder.decode(bytes.fromhex(str(r["result"])[2:])) for r in results]
        except (ValueError, KeyError, TypeError):  # one call reverted: one by one, so that its error comes back decoded
            return out + [suite.view(contract, fn, i) for i in ids[start:]]
        if len(values) != len(chunk):
            return out + [suite.view(contract, fn, i) for i in ids[start:]]
        out += [v[0] if len(v) == 1 else v for v in values]
    return out


class _Base:
    name = ""
    contract = ""
    events: tuple[str, ...] = ()
    batch_size = 1
    report_only = False
    description = ""
    requires: tuple[str, ...] = ()
    benign_errors: tuple[str, ...] = ()

    def __init__(self, suite: Suite) -> None:
        self.suite = suite

    def _view(self, fn: str, *args: Any) -> Any:
        return self.suite.view(self.contract, fn, *args)

    def _views(self, fn: str, ids: Sequence[int]) -> list[Any]:
        return view_many(self.suite, self.contract, fn, ids)

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        raise NotImplementedError

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        raise NotImplementedError

    def trigger(self, items: Sequence[int]) -> Call:
        raise NotImplementedError(f"{self.name} sends nothing")


class DocketingWatcher(_Base):
    """Filing windows: an Open filing whose window has expired is docketed or refused by `docketMany`."""

    name = "docketing"
    contract = "CaseDocket"
    events = (
        "FilingSubmitted",
        "FilingReclassified",
        "DocketSkipped",
        "CaseDocketed",
        "FilingRefused",
        "FilingRejected",
        "FilingWithdrawn",
    )
    batch_size = DOCKET_BATCH
    description = "filing window expires → docketMany"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        a = event.args
        if event.name in ("FilingSubmitted", "FilingReclassified"):
            return [(int(a["filingId"]), int(a["windowEnds"]))], []
        if event.name == "DocketSkipped" and int(a["reason"]) == _SKIP_WINDOW_OPEN:
            return [(int(a["filingId"]), int(a["windowEnds"]))], []
        if event.name == "CaseDocketed":
            return [], [int(a["caseId"])]
        if event.name in ("FilingRefused", "FilingRejected", "FilingWithdrawn"):
            return [], [int(a["filingId"])]
        return [], []

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        ready: list[int] = []
        later: list[tuple[int, int]] = []
        for fid, f in zip(items, self._views("getFiling", items), strict=True):
            # f = (status, court, holder, year, sequence, filedAt, windowEnds, ...)
            if int(f[0]) != _FILING_OPEN:
                continue  # docketed, refused or withdrawn meanwhile (by anyone): nothing to do
            ends = int(f[6])
            if ends <= now:
                ready.append(fid)
            else:
                later.append((fid, ends))  # reclassified to a longer window
        return CheckResult(ready, later)

    def trigger(self, items: Sequence[int]) -> Call:
        return Call(
            to=self.suite.address(self.contract),
            data=self.suite.encode(self.contract, "docketMany", [list(items)]),
            contract=self.contract,
        )


class DefaultsWatcher(_Base):
    """Instalments: an active obligation unpaid after due date + grace is put into default by `triggerDefaults`.

    An obligation stays followed after a default that leaves something owed (`ObligationDefaulted.outstanding > 0`:
    no acceleration, later instalments not yet lapsed); it is dropped when performed or defaulted for the last part.
    Any event that can move the deadline (binding, confirmation, registration of a judgment, a payment) schedules a
    look on the next pass; the look reads `defaultState(id).since` and schedules the real deadline."""

    name = "defaults"
    contract = "ObligationRegistry"
    events = (
        "AgreementBinding",
        "AgreementConfirmed",
        "JudgmentRegistered",
        "CrossChainTitleRegistered",
        "PaymentMade",
        "PaymentAcknowledged",
        "ObligationPerformed",
        "ObligationDefaulted",
        "DefaultSkipped",
    )
    batch_size = DEFAULT_BATCH
    description = "instalment due + grace passes → triggerDefaults"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        oid = int(event.args["obligationId"])
        if event.name == "ObligationDefaulted" and int(event.args["outstanding"]) > 0:
            # Without acceleration only the lapsed instalments were claimed: the obligation stays Active and its
            # later instalments fall due in turn. Look again (the check schedules the next instalment's deadline).
            return [(oid, 0)], []
        if event.name in ("ObligationPerformed", "ObligationDefaulted"):
            return [], [oid]
        if event.name == "DefaultSkipped":
            possible = int(event.args["possibleAt"])
            return ([(oid, possible)], []) if possible else ([], [])
        return [(oid, 0)], []

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        ready: list[int] = []
        later: list[tuple[int, int]] = []
        for oid, state in zip(items, self._views("defaultState", items), strict=True):
            # One view for what is not yet due: (inDefault, instalment, since, overdue, outstanding, claimable).
            in_default, since = bool(state[0]), int(state[2])
            if not in_default and since > now:
                later.append((oid, since))
                continue
            if not in_default and not since:
                continue  # not active (pending signatures: binding schedules it), or nothing owed
            o = self._view("getObligation", oid)
            kind, status, consequence, confirmed = int(o[0]), int(o[1]), int(o[2]), bool(o[4])
            if status != _OBLIGATION_ACTIVE:
                continue  # performed or defaulted meanwhile (by anyone)
            if consequence == _CONSEQUENCE_ENFORCEMENT and kind != _KIND_JUDGMENT and not confirmed:
                continue  # not enforceable until a judge confirms it (AgreementConfirmed schedules it again)
            ready.append(oid)
        return CheckResult(ready, later)

    def trigger(self, items: Sequence[int]) -> Call:
        return Call(
            to=self.suite.address(self.contract),
            data=self.suite.encode(self.contract, "triggerDefaults", [list(items)]),
            contract=self.contract,
        )


class ConsequencesWatcher(_Base):
    """Refused consequences: a default whose trial filing or enforcement case the docket or office refused
    (`ConsequencePending`, e.g. a case type disabled after the agreement was made) is filed again by
    `retryConsequence` (anyone but the debtor). A retry that is still refused reverts with the callee's error: the
    keeper quarantines the id with that reason and tries again with back-off (see keeper.py), so a refusal costs one
    estimate per back-off period, not one per pass. Finished when the consequence is filed (`TrialFiled` /
    `EnforcementOpened`, by anyone's retry or by a later default that files the pending claim with its own)."""

    name = "consequences"
    contract = "ObligationRegistry"
    events = ("ConsequencePending", "TrialFiled", "EnforcementOpened")
    batch_size = 1  # retryConsequence takes one obligation
    benign_errors = ("ObligationNoPendingConsequence",)  # someone else's retry went through first
    description = "consequence refused → retryConsequence (back-off)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        oid = int(event.args["obligationId"])
        if event.name == "ConsequencePending":
            return [(oid, 0)], []
        return [], [oid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        # getObligation's last field is pendingClaim (the claim whose consequence is still refused).
        obligations = self._views("getObligation", items)
        return CheckResult([oid for oid, o in zip(items, obligations, strict=True) if int(o[_PENDING_CLAIM])])

    def trigger(self, items: Sequence[int]) -> Call:
        (oid,) = items
        return Call(
            to=self.suite.address(self.contract),
            data=self.suite.encode(self.contract, "retryConsequence", [oid]),
            contract=self.contract,
        )


class JudgmentsWatcher(_Base):
    """Judgment obligations: each obligation a judgment imposes (`JudgmentObligationRecorded`) is registered in the
    ObligationRegistry (`registerJudgment`, anyone may, once) so that its due date can lead to default. Items are
    `caseId * 256 + index` (a judgment imposes at most 16 obligations)."""

    name = "judgments"
    contract = "CaseDocket"
    requires = ("CaseDocket", "ObligationRegistry")
    events = ("JudgmentObligationRecorded",)
    batch_size = 1  # registerJudgment takes one obligation
    benign_errors = ("ObligationJudgmentAlreadyRegistered",)
    description = "judgment obligation recorded → registerJudgment"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        return [(int(event.args["caseId"]) * 256 + int(event.args["index"]), 0)], []

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        ready = []
        for item in items:
            registered = self.suite.view("ObligationRegistry", "judgmentObligationId", item // 256, item % 256)
            if not int(registered):
                ready.append(item)
        return CheckResult(ready)

    def trigger(self, items: Sequence[int]) -> Call:
        (item,) = items
        return Call(
            to=self.suite.address("ObligationRegistry"),
            data=self.suite.encode("ObligationRegistry", "registerJudgment", [item // 256, item % 256]),
            contract="ObligationRegistry",
        )


class ServiceWatcher(_Base):
    """Deemed service (report only): a pending service becomes DeemedServed at `deemedServedAt`, by time."""

    name = "service"
    contract = "EvidenceRegistry"
    events = ("Served", "Acknowledged")
    report_only = True
    description = "service deemed served (view; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        sid = int(event.args["serviceId"])
        if event.name == "Served":
            return [(sid, int(event.args["deemedServedAt"]))], []
        return [], [sid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        statuses = self._views("serviceStatus", items)
        return CheckResult([s for s, st in zip(items, statuses, strict=True) if int(st) == _SERVICE_DEEMED])


class ListingWatcher(_Base):
    """Credit list expiry (report only): an entry stops being current at `endsAt`, by time."""

    name = "listing"
    contract = "CreditRegistry"
    events = ("EntryListed", "EntryDelisted", "EntryRemoved")
    report_only = True
    description = "credit list entry expires (view; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        eid = int(event.args["entryId"])
        if event.name == "EntryListed":
            ends = int(event.args["endsAt"])
            return ([(eid, ends)], []) if ends < FOREVER else ([], [])
        return [], [eid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        statuses = self._views("entryStatus", items)
        return CheckResult([e for e, st in zip(items, statuses, strict=True) if int(st) == _ENTRY_EXPIRED])


class MeetingsWatcher(_Base):
    """Creditors' meetings: a convened meeting whose voting has closed is closed by `closeMeeting` (anyone may), which
    publishes its count per class (Enterprise Bankruptcy Law art. 64, 84, 97)."""

    name = "meetings"
    contract = "CreditorsMeeting"
    events = ("MeetingConvened", "MeetingClosed")
    description = "creditors' meeting voting closes → closeMeeting"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        mid = int(event.args["meetingId"])
        if event.name == "MeetingConvened":
            return [(mid, int(event.args["closesAt"]) + 1)], []
        return [], [mid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        ready: list[int] = []
        for mid, m in zip(items, self._views("getMeeting", items), strict=True):
            # m = (caseId, status, itemCount, passedItems, byClass, startsAt, closesAt, voters, closedAt, agendaHash)
            if int(m[1]) == _MEETING_CONVENED and int(m[6]) < now:
                ready.append(mid)
        return CheckResult(ready)

    def trigger(self, items: Sequence[int]) -> Call:
        return Call(
            to=self.suite.address(self.contract),
            data=self.suite.encode(self.contract, "closeMeeting", [items[0]]),
            contract=self.contract,
        )


class FilingWindowWatcher(_Base):
    """Bankruptcy filing window (report only, Enterprise Bankruptcy Law art. 45, 56): the court's deadline for filing
    claims ends at `CaseProposed.filingDeadline`; a claim filed later is marked late and joins only later rounds.
    Reported once the deadline has passed while the case is open; done at `CaseClosed`."""

    name = "bk-filing"
    contract = "BankruptcyEstate"
    events = ("CaseProposed", "CaseClosed")
    report_only = True
    description = "bankruptcy claims filing window ends (art. 45; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        cid = int(event.args["caseId"])
        if event.name == "CaseProposed":
            return [(cid, int(event.args["filingDeadline"]) + 1)], []
        return [], [cid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        cases = self._views("getCase", items)
        return CheckResult([c for c, v in zip(items, cases, strict=True) if int(v[2]) == _BK_CASE_OPEN])


class FirstMeetingWatcher(_Base):
    """The first creditors' meeting (report only, art. 62): it must start within 15 days after the filing deadline
    (`CaseRegistered.filingDeadline` + 15 days, the latest start the meetings contract takes). Reported when that
    day has passed with no meeting convened for the open case; done at the case's first `MeetingConvened`."""

    name = "bk-first-meeting"
    contract = "CreditorsMeeting"
    requires = ("CreditorsMeeting", "BankruptcyEstate")
    events = ("CaseRegistered", "MeetingConvened")
    report_only = True
    description = "first creditors' meeting due (art. 62; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        cid = int(event.args["caseId"])
        if event.name == "CaseRegistered":
            return [(cid, int(event.args["filingDeadline"]) + FIRST_MEETING + 1)], []
        return [], [cid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        cases = view_many(self.suite, "BankruptcyEstate", "getCase", items)
        return CheckResult([c for c, v in zip(items, cases, strict=True) if int(v[2]) == _BK_CASE_OPEN])


class MeetingRequestWatcher(_Base):
    """Requested creditors' meetings (report only, art. 62): a request by creditors holding a quarter of the claims
    or by the committee's majority must be answered with a convened meeting within 15 days of reaching its threshold
    (`RequestReached.dueAt`, the suite's rule). Reported while `isOverdue`; done at `RequestAnswered`, or at
    `RequestThresholdLost` (a recount took it below the threshold; a new `RequestReached` starts it again)."""

    name = "bk-request"
    contract = "MeetingRequests"
    events = ("RequestReached", "RequestThresholdLost", "RequestAnswered")
    report_only = True
    description = "requested creditors' meeting not convened in 15 days (art. 62; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        rid = int(event.args["requestId"])
        if event.name == "RequestReached":
            return [(rid, int(event.args["dueAt"]) + 1)], []
        return [], [rid]

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        overdue = self._views("isOverdue", items)
        return CheckResult([r for r, o in zip(items, overdue, strict=True) if bool(o)])


class UnclaimedWatcher(_Base):
    """Money credited and not collected (report only, Enterprise Bankruptcy Law art. 118): two months after the final
    distribution announcement (`FinalDistribution.unclaimedAfter`; every later round announces again) the creditor is
    deemed to have waived it, and anyone may send it to the other creditors (`BankruptcyEstate.lapse(claimId)`).
    Reported once per announcement when the case still holds credited money nobody withdrew."""

    name = "bk-unclaimed"
    contract = "BankruptcyEstate"
    events = ("FinalDistribution",)
    report_only = True
    description = "bankruptcy distribution uncollected two months after the final one (art. 118; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        return [(int(event.args["caseId"]), int(event.args["unclaimedAfter"]) + 1)], []

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        ready: list[int] = []
        later: list[tuple[int, int]] = []
        for cid, c in zip(items, self._views("getCase", items), strict=True):
            due = int(c[_BK_FINAL_AT]) + UNCLAIMED + 1
            if due > now:
                later.append((cid, due))  # a later round announced again
            elif int(c[_BK_CREDITED]) > int(c[_BK_WITHDRAWN]):
                ready.append(cid)
        return CheckResult(ready, later)


class LitigatedWatcher(_Base):
    """The reserve of a claim still litigated or arbitrated (report only, art. 119): two years after the procedure
    ended (`CaseClosed.closedAt` + 731 days) the court's reserve goes to the other creditors; anyone may send it
    (`BankruptcyEstate.lapse(claimId)`). Reported once when the closed case still holds a reserve."""

    name = "bk-litigated"
    contract = "BankruptcyEstate"
    events = ("CaseClosed",)
    report_only = True
    description = "bankruptcy reserve of a litigated claim two years after closing (art. 119; reported only)"

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        return [(int(event.args["caseId"]), int(event.args["closedAt"]) + LITIGATED + 1)], []

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        cases = self._views("getCase", items)
        return CheckResult([cid for cid, c in zip(items, cases, strict=True) if int(c[_BK_RESERVED]) > 0])


WATCHERS: tuple[type[_Base], ...] = (
    DocketingWatcher,
    JudgmentsWatcher,
    DefaultsWatcher,
    ConsequencesWatcher,
    ServiceWatcher,
    ListingWatcher,
    MeetingsWatcher,
    FilingWindowWatcher,
    FirstMeetingWatcher,
    MeetingRequestWatcher,
    UnclaimedWatcher,
    LitigatedWatcher,
)


def default_watchers(suite: Suite, only: Sequence[str] | None = None) -> list[Watcher]:
    """The watchers whose contract is deployed in this suite (all of them, or those named in `only`)."""
    out: list[Watcher] = []
    for cls in WATCHERS:
        needed = cls.requires or (cls.contract,)
        if all(c in suite.addresses for c in needed) and (only is None or cls.name in only):
            out.append(cls(suite))
    return out

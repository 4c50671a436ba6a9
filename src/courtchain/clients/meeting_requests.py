"""Typed client of MeetingRequests: creditors' meetings requested on chain (Enterprise Bankruptcy Law art. 62), the
creditors' committee (art. 67-68, appointed by two judges) and the administrator's reports to it (art. 69).

Reverts come back as `ContractRevert` with the contract's custom error decoded (e.g. `RequestAlreadySupported`);
malformed input is refused before sending with `InputError`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_account import Account

from ..errors import InputError
from .base import ContractClient, Sent, check_address, check_hash

ZERO_HASH = b"\0" * 32
DAY = 86_400
ANSWER_PERIOD = 15 * DAY  # MeetingRequests.ANSWER_PERIOD: the suite's rule for answering a request (art. 62)
MAX_MEMBERS = 9  # art. 67
DOMAIN_NAME = "CourtchainMeetingRequests"
DOMAIN_VERSION = "1"
SUPPORT_TYPES = {
    "Support": [
        {"name": "requestId", "type": "uint256"},
        {"name": "claimId", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


class RequestKind(IntEnum):
    NONE = 0
    CREDITORS = 1
    COMMITTEE = 2


class RequestStatus(IntEnum):
    NONE = 0
    OPEN = 1
    REACHED = 2
    ANSWERED = 3


class SupervisedAct(IntEnum):
    """Art. 69 para. 1, items (1)-(10)."""

    NONE = 0
    REAL_PROPERTY = 1
    PROPERTY_RIGHTS = 2
    INVENTORY_OR_BUSINESS = 3
    BORROWING = 4
    SECURITY = 5
    CLAIMS_AND_SECURITIES = 6
    EXECUTORY_CONTRACT = 7
    WAIVER = 8
    COLLATERAL_RECOVERY = 9
    OTHER_DISPOSAL = 10


class SupportSkipReason(IntEnum):
    """Why a relayed support was skipped (SupportSkipped.reason)."""

    BAD_SIGNATURE = 1
    EXPIRED = 2
    ALREADY_JOINED = 3
    NO_VOTE = 4


class CommitteeInvalidReason(IntEnum):
    """CommitteeInvalid(reason): 1 member count, 2 a zero, repeated or doubled member, 3 not chosen by a meeting."""

    MEMBER_COUNT = 1
    BAD_MEMBER = 2
    NOT_CHOSEN = 3


@dataclass(frozen=True)
class Request:
    request_id: int
    case_id: int
    kind: RequestKind
    status: RequestStatus
    supporters: int
    meetings_before: int
    answered_by: int
    term: int
    opened_at: int
    reached_at: int
    answered_at: int
    support: int


@dataclass(frozen=True)
class Appointment:
    appointment_id: int
    case_id: int
    chosen_by: int
    proposer: str
    approver: str
    employee_rep: str
    approved_at: int
    cancelled: bool
    decision: bytes
    creditor_reps: tuple[str, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return (*self.creditor_reps, self.employee_rep)


@dataclass(frozen=True)
class Report:
    report_id: int
    case_id: int
    kind: SupervisedAct
    term: int
    reported_at: int
    by: str
    document: bytes


@dataclass(frozen=True)
class SignedSupport:
    request_id: int
    claim_id: int
    deadline: int
    v: int
    r: bytes
    s: bytes

    def as_tuple(self) -> tuple[int, int, int, bytes, bytes]:
        return (self.claim_id, self.deadline, self.v, self.r, self.s)


def sign_support(
    account: Any, chain_id: int, contract: str, request_id: int, claim_id: int, deadline: int
) -> SignedSupport:
    """Sign `Support(requestId, claimId, deadline)` for MeetingRequests' EIP-712 domain, offline."""
    to = check_address(contract, "MeetingRequests contract")
    if request_id <= 0 or claim_id <= 0 or deadline <= 0:
        raise InputError("request id, claim id and deadline must be positive")
    domain = {"name": DOMAIN_NAME, "version": DOMAIN_VERSION, "chainId": chain_id, "verifyingContract": to}
    message = {"requestId": request_id, "claimId": claim_id, "deadline": deadline}
    signed = Account.sign_typed_data(account.key, domain, SUPPORT_TYPES, message)
    return SignedSupport(
        request_id,
        claim_id,
        deadline,
        int(signed.v),
        int(signed.r).to_bytes(32, "big"),
        int(signed.s).to_bytes(32, "big"),
    )


class MeetingRequestsClient(ContractClient):
    """MeetingRequests: creditors and committee members (support), anyone (relay, recount), the administrator or a
    judge (answer), judges (the committee), the administrator (art. 69 reports)."""

    contract_name = "MeetingRequests"

    # -- requests ----------------------------------------------------------------------------------------------------

    def support(self, case_id: int, claim_id: int) -> tuple[int, Sent]:
        sent = self.transact("support", case_id, claim_id)
        return int(sent.event("RequestSupported").args["requestId"]), sent

    def relay(self, request_id: int, items: list[SignedSupport], gas: int | None = None) -> Sent:
        for s in items:
            if s.request_id != request_id:
                raise InputError(
                    f"support of claim {s.claim_id} is signed for request {s.request_id}, not {request_id}"
                )
        return self.transact("relaySupport", request_id, [s.as_tuple() for s in items], gas=gas)

    def recount(self, request_id: int, claim_ids: list[int]) -> Sent:
        return self.transact("recount", request_id, claim_ids)

    def committee_support(self, case_id: int) -> tuple[int, Sent]:
        sent = self.transact("committeeSupport", case_id)
        return int(sent.event("RequestSupported").args["requestId"]), sent

    def answer(self, request_id: int, meeting_id: int) -> Sent:
        return self.transact("answer", request_id, meeting_id)

    # -- committee and reports ---------------------------------------------------------------------------------------

    def propose_committee(
        self,
        case_id: int,
        chosen_by: int,
        creditor_reps: list[str],
        employee_rep: str,
        decision: bytes = ZERO_HASH,
    ) -> int:
        reps = [check_address(a, "creditors' representative") for a in creditor_reps]
        emp = check_address(employee_rep, "employee representative")
        if not reps or len(reps) + 1 > MAX_MEMBERS:
            raise InputError(
                f"a committee has 1 to 8 creditors' representatives plus one employee one, got {len(reps)}"
            )
        if len({*reps, emp}) != len(reps) + 1:
            raise InputError("a member is named twice")
        sent = self.transact("proposeCommittee", case_id, chosen_by, reps, emp, check_hash(decision, "decision"))
        return int(sent.event("CommitteeProposed").args["appointmentId"])

    def approve_committee(self, appointment_id: int) -> Sent:
        return self.transact("approveCommittee", appointment_id)

    def cancel_committee(self, appointment_id: int) -> Sent:
        return self.transact("cancelCommittee", appointment_id)

    def report_act(self, case_id: int, kind: SupervisedAct, document: bytes) -> int:
        if kind == SupervisedAct.NONE:
            raise InputError("name the act of art. 69")
        sent = self.transact("reportAct", case_id, int(kind), check_hash(document, "document"))
        return int(sent.event("ActReported").args["reportId"])

    # -- views ---------------------------------------------------------------------------------------------------

    def get_request(self, request_id: int) -> Request:
        r = self.view("getRequest", request_id)
        return Request(
            request_id,
            int(r[0]),
            RequestKind(int(r[1])),
            RequestStatus(int(r[2])),
            *(int(x) for x in r[3:]),
        )

    def current(self, case_id: int, kind: RequestKind = RequestKind.CREDITORS) -> int:
        return int(self.view("currentRequest", case_id, int(kind)))

    def support_of(self, request_id: int, claim_id: int) -> tuple[bool, int]:
        joined, amount = self.view("supportOf", request_id, claim_id)
        return bool(joined), int(amount)

    def total_claims(self, case_id: int) -> int:
        return int(self.view("totalClaims", case_id))

    def is_overdue(self, request_id: int) -> bool:
        return bool(self.view("isOverdue", request_id))

    def due_at(self, request_id: int) -> int:
        return int(self.view("dueAt", request_id))

    def committee_of(self, case_id: int) -> int:
        return int(self.view("committeeOf", case_id))

    def is_member(self, case_id: int, account: str) -> bool:
        return bool(self.view("isMember", case_id, check_address(account)))

    def get_appointment(self, appointment_id: int) -> Appointment:
        a = self.view("getAppointment", appointment_id)
        return Appointment(
            appointment_id,
            int(a[0]),
            int(a[1]),
            str(a[2]),
            str(a[3]),
            str(a[4]),
            int(a[5]),
            bool(a[6]),
            bytes(a[7]),
            tuple(str(x) for x in a[8]),
        )

    def get_report(self, report_id: int) -> Report:
        r = self.view("getReport", report_id)
        return Report(report_id, int(r[0]), SupervisedAct(int(r[1])), int(r[2]), int(r[3]), str(r[4]), bytes(r[5]))

    def request_count(self) -> int:
        return int(self.view("requestCount"))

    def report_count(self) -> int:
        return int(self.view("reportCount"))


def reaches_quarter(support: int, total: int) -> bool:
    """Art. 62 "四分之一以上" (inclusive), by integer cross-multiplication as the contract does."""
    return total > 0 and 4 * support >= total

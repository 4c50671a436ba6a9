"""Typed client of EnforcementOffice: cases, creditors admitted under two-person control, asset reports, orders under
two-person control, escrowed money, paged distribution, withdrawals, termination and resumption; and the auditor's
recomputation of a case's hash-chained audit head from its events alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, cast

from eth_abi import encode
from eth_utils import keccak

from ..errors import InputError, NotFoundError
from ..suite import Event
from .base import ContractClient, Sent, check_address, check_hash, check_positive

ZERO_HASH = b"\0" * 32
MAX_PRIORITY_RANK = 8
LISTING_DISHONEST = 1  # termination listing mask bit 0: dishonest debtor (CreditRegistry kind 1)
LISTING_CONSUMPTION_BAN = 2  # bit 1: high-consumption ban (kind 2)


def termination_listing(ban: bool = True, dishonest_reason: int = 0) -> int:
    """The `amount` of a Terminate order: which credit listings termination makes (see IEnforcementOffice)."""
    if not ban and not dishonest_reason:
        raise InputError("a termination lists the debtor: a consumption ban, a dishonest-debtor entry, or both")
    if dishonest_reason and not 1 <= dishonest_reason <= 6:
        raise InputError(f"dishonest-debtor reason must be 1..6, got {dishonest_reason}")
    return (
        (LISTING_CONSUMPTION_BAN if ban else 0)
        | (LISTING_DISHONEST if dishonest_reason else 0)
        | (dishonest_reason << 8)
    )


class CaseStatus(IntEnum):
    NONE = 0
    OPEN = 1
    TERMINATED = 2
    CLOSED = 3


class ClaimClass(IntEnum):
    NONE = 0
    COSTS = 1
    PRIORITY = 2
    ORDINARY = 3


class AssetKind(IntEnum):
    NONE = 0
    BANK_DEPOSIT = 1
    REAL_ESTATE = 2
    VEHICLE = 3
    SECURITIES = 4
    OTHER = 5


class OrderKind(IntEnum):
    NONE = 0
    FREEZE = 1
    DEDUCT = 2
    RELEASE = 3
    TERMINATE = 4


class OrderStatus(IntEnum):
    NONE = 0
    PROPOSED = 1
    APPROVED = 2
    EXECUTED = 3
    CANCELLED = 4


class OpKind(IntEnum):
    NONE = 0
    OPENED = 1
    CREDITOR_ADMITTED = 2
    ASSET_REPORTED = 3
    ORDER_PROPOSED = 4
    ORDER_APPROVED = 5
    ORDER_EXECUTED = 6
    ORDER_CANCELLED = 7
    DEPOSITED = 8
    DISTRIBUTION_PAGE = 9
    WITHDRAWN = 10
    TERMINATED = 11
    RESUMED = 12
    CLOSED = 13
    ADMISSION_PROPOSED = 14
    ADMISSION_CANCELLED = 15


class AdmissionStatus(IntEnum):
    NONE = 0
    PROPOSED = 1
    APPROVED = 2
    CANCELLED = 3


@dataclass(frozen=True)
class Case:
    id: int
    debtor: bytes
    debtor_account: str
    status: CaseStatus
    auto_approval: bool
    judicially_confirmed: bool
    listed: bool
    distributing: bool
    creditor_count: int
    terminations: int  # the case's period: orders proposed before the last termination are void
    cursor: int
    round: int
    audit_seq: int
    withdrawn: int
    opened_at: int
    opened_by: str
    round_creditors: int  # creditors taking part in the round in progress (later admissions join the next one)
    obligation_id: int
    title_hash: bytes
    outstanding: int
    frozen: int
    seized: int
    distributed: int
    round_available: int


@dataclass(frozen=True)
class Creditor:
    case_id: int
    id: int
    payee: str
    claim_class: ClaimClass
    rank: int
    claim: int
    credited: int
    withdrawn: int
    basis_hash: bytes

    @property
    def owed(self) -> int:
        return self.credited - self.withdrawn

    @property
    def outstanding(self) -> int:
        return self.claim - self.credited


@dataclass(frozen=True)
class Asset:
    id: int
    case_id: int
    kind: AssetKind
    custodian_member: int
    reporter: str
    ref: bytes
    value: int
    frozen: int
    deducted: int


@dataclass(frozen=True)
class Order:
    id: int
    case_id: int
    kind: OrderKind
    status: OrderStatus
    automatic: bool
    period: int  # the case's `terminations` when proposed; void once it differs
    asset_id: int
    amount: int
    executed_amount: int
    proposer: str
    approver: str
    executor: str
    basis_hash: bytes


@dataclass(frozen=True)
class Admission:
    """A proposed admission of a creditor: proposed by one account, approved by a different judge."""

    id: int
    case_id: int
    payee: str
    claim_class: ClaimClass
    rank: int
    status: AdmissionStatus
    claim: int
    proposer: str
    approver: str
    creditor_id: int  # meaningful once approved
    basis_hash: bytes


@dataclass(frozen=True)
class CaseMoney:
    frozen: int
    seized: int
    distributed: int
    withdrawn: int
    owed: int
    outstanding: int
    undistributed: int


@dataclass(frozen=True)
class AuditCheck:
    """Result of recomputing a case's audit chain from its AuditRecorded events."""

    case_id: int
    operations: int
    head: bytes
    ok: bool
    problem: str = ""


class EnforcementClient(ContractClient):
    contract_name = "EnforcementOffice"

    # -- opening and creditors -----------------------------------------------------------------------------------

    def open_case(
        self,
        debtor: bytes,
        creditor: str,
        claim: int,
        *,
        title_hash: bytes = ZERO_HASH,
        debtor_account: str | None = None,
        costs: int = 0,
        costs_payee: str | None = None,
    ) -> tuple[int, Sent]:
        """Open a case with the title creditor; costs, if any, are only proposed for admission (the admission id is
        `proposed_admission(sent)`) and count once a judge other than the opener approves them (`approve_admission`)."""
        debtor = check_hash(debtor, "debtor commitment")
        if debtor == ZERO_HASH:
            raise InputError("debtor commitment must not be zero")
        check_positive(claim, "claim")
        if costs < 0:
            raise InputError(f"costs must not be negative, got {costs}")
        if costs > 0 and costs_payee is None:
            raise InputError("costs need a payee (the court's account)")
        sent = self.transact(
            "openCase",
            debtor,
            check_address(debtor_account, "debtor account") if debtor_account else "0x" + "00" * 20,
            check_hash(title_hash, "title hash"),
            check_address(creditor, "creditor"),
            claim,
            costs,
            check_address(costs_payee, "costs payee") if costs_payee else "0x" + "00" * 20,
        )
        return int(sent.event("CaseOpened").args["caseId"]), sent

    @staticmethod
    def proposed_admission(sent: Sent) -> int | None:
        """The admission proposed by a transaction (the costs of `open_case`), or None."""
        found = sent.all("AdmissionProposed")
        return int(found[0].args["admissionId"]) if found else None

    def propose_admission(
        self,
        case_id: int,
        payee: str,
        claim: int,
        claim_class: ClaimClass = ClaimClass.ORDINARY,
        rank: int = 0,
        basis_hash: bytes = ZERO_HASH,
    ) -> tuple[int, Sent]:
        """Propose a creditor (as a judge); it joins the case once a different judge approves it."""
        self._case_in(case_id, CaseStatus.OPEN)
        check_positive(claim, "claim")
        if claim_class == ClaimClass.PRIORITY and not 1 <= rank <= MAX_PRIORITY_RANK:
            raise InputError(f"a priority claim needs a rank 1..{MAX_PRIORITY_RANK}, got {rank}")
        if claim_class in (ClaimClass.COSTS, ClaimClass.ORDINARY) and rank != 0:
            raise InputError(f"a {claim_class.name.lower()} claim has rank 0, got {rank}")
        if claim_class == ClaimClass.NONE:
            raise InputError("claim class must not be NONE")
        sent = self.transact(
            "proposeAdmission",
            case_id,
            check_address(payee, "payee"),
            int(claim_class),
            rank,
            claim,
            check_hash(basis_hash, "basis"),
        )
        return int(sent.event("AdmissionProposed").args["admissionId"]), sent

    def approve_admission(self, admission_id: int) -> tuple[int, Sent]:
        """Approve another account's admission proposal (as a judge); returns the new creditor's id."""
        ad = self.admission(admission_id)
        if ad.status != AdmissionStatus.PROPOSED:
            raise InputError(f"admission {admission_id} is {ad.status.name.lower()}, not proposed")
        if self.account is not None and ad.proposer.lower() == self.account.address.lower():
            raise InputError(f"admission {admission_id}: the proposer cannot approve it (two-person rule)")
        self._case_in(ad.case_id, CaseStatus.OPEN)
        sent = self.transact("approveAdmission", admission_id)
        return int(sent.event("AdmissionApproved").args["creditorId"]), sent

    def cancel_admission(self, admission_id: int) -> Sent:
        ad = self.admission(admission_id)
        if ad.status != AdmissionStatus.PROPOSED:
            raise InputError(f"admission {admission_id} is {ad.status.name.lower()}, not proposed")
        return self.transact("cancelAdmission", admission_id)

    # -- investigation and orders --------------------------------------------------------------------------------

    def report_asset(self, case_id: int, kind: AssetKind, ref: bytes, value: int) -> tuple[int, Sent]:
        case = self.case(case_id)
        if case.status == CaseStatus.CLOSED:
            raise InputError(f"case {case_id} is closed")
        if case.status == CaseStatus.TERMINATED and value <= 0:
            raise InputError(f"case {case_id} is terminated: only property with a value above zero resumes it")
        if kind == AssetKind.NONE:
            raise InputError("asset kind must not be NONE")
        sent = self.transact("reportAsset", case_id, int(kind), check_hash(ref, "asset reference"), value)
        return int(sent.event("AssetReported").args["assetId"]), sent

    def propose_order(
        self,
        case_id: int,
        kind: OrderKind,
        asset_id: int = 0,
        amount: int = 0,
        basis_hash: bytes = ZERO_HASH,
        *,
        credit_key: bytes | None = None,
    ) -> tuple[int, Sent]:
        """Propose an order. A termination lists the debtor under `credit_key` (the debtor's one CreditRegistry
        subject, `privacy.credit_key`; carried in the order's asset id), or under the case's debtor when it is None."""
        self._case_in(case_id, CaseStatus.OPEN)
        if kind == OrderKind.NONE:
            raise InputError("order kind must not be NONE")
        if credit_key is not None:
            if kind != OrderKind.TERMINATE:
                raise InputError("only a termination names the debtor's credit key")
            key = check_hash(credit_key, "credit key")
            if key == ZERO_HASH or asset_id not in (0, int.from_bytes(key, "big")):
                raise InputError("a termination's credit key must be non-zero (and no asset id is given with it)")
            asset_id = int.from_bytes(key, "big")
        if kind == OrderKind.TERMINATE:
            mask, reason = amount & 0xFF, amount >> 8
            if not 1 <= mask <= 3 or (reason == 0) == bool(mask & 1) or reason > 6:
                raise InputError(
                    "a termination's amount is mask | dishonestReason << 8: mask 2 = consumption ban, "
                    "1 = dishonest debtor, 3 = both; a dishonest listing needs reason 1..6 (use termination_listing)"
                )
            if check_hash(basis_hash, "basis") == ZERO_HASH:
                raise InputError("a termination needs the hash of the termination ruling as its basis")
        else:
            check_positive(amount, "amount")
            if self.asset(asset_id).case_id != case_id:
                raise InputError(f"asset {asset_id} belongs to another case")
        sent = self.transact("proposeOrder", case_id, int(kind), asset_id, amount, check_hash(basis_hash, "basis"))
        return int(sent.event("OrderProposed").args["orderId"]), sent

    def approve_order(self, order_id: int) -> Sent:
        order = self.order(order_id)
        if order.status != OrderStatus.PROPOSED:
            raise InputError(f"order {order_id} is {order.status.name.lower()}, not proposed")
        self._check_current(order)
        if self.account is not None and order.proposer.lower() == self.account.address.lower():
            raise InputError(f"order {order_id}: the proposer cannot approve it (two-person rule)")
        return self.transact("approveOrder", order_id)

    def _check_current(self, order: Order) -> None:
        if order.period != self.case(order.case_id).terminations:
            raise InputError(
                f"order {order.id} was proposed before case {order.case_id} was terminated: it is void (propose anew)"
            )

    def cancel_order(self, order_id: int) -> Sent:
        self.order(order_id)
        return self.transact("cancelOrder", order_id)

    def execute_order(self, order_id: int, amount: int | None = None, *, approve_token: bool = True) -> Sent:
        """Execute an approved order as the custodian; `amount` defaults to the order's amount. For a deduction the
        custodian's allowance to the office is raised first when needed (`approve_token`)."""
        order = self.order(order_id)
        if order.status != OrderStatus.APPROVED:
            raise InputError(f"order {order_id} is {order.status.name.lower()}, not approved")
        self._check_current(order)
        amount = order.amount if amount is None else check_positive(amount, "amount")
        if order.kind == OrderKind.DEDUCT and approve_token:
            self.ensure_allowance(amount)
        return self.transact("executeOrder", order_id, amount)

    # -- money ---------------------------------------------------------------------------------------------------

    def ensure_allowance(self, amount: int) -> None:
        token = self.token_contract()
        owner = self.sender.account.address
        if int(token.functions.allowance(owner, self.address).call()) < amount:
            self.sender.send(self._token_call("approve", self.address, amount))

    def deposit(self, case_id: int, amount: int) -> Sent:
        self.case(case_id)
        check_positive(amount, "amount")
        self.ensure_allowance(amount)
        return self.transact("deposit", case_id, amount)

    def distribute(self, case_id: int, page_size: int = 200) -> tuple[int, bool, Sent]:
        check_positive(page_size, "page size")
        self.case(case_id)
        sent = self.transact("distribute", case_id, page_size)
        done = bool(sent.all("DistributionCompleted"))
        credited = len(sent.all("DistributionCredited"))
        return credited, done, sent

    def distribute_all(self, case_id: int, page_size: int = 200) -> list[Sent]:
        pages = []
        while True:
            _, done, sent = self.distribute(case_id, page_size)
            pages.append(sent)
            if done:
                return pages

    def withdraw(self, case_id: int, creditor_id: int) -> tuple[int, Sent]:
        cr = self.creditor(case_id, creditor_id)
        if self.account is not None and cr.payee.lower() != self.account.address.lower():
            raise InputError(f"creditor {creditor_id} of case {case_id} is paid to {cr.payee}, not to you")
        if cr.owed == 0:
            raise InputError(f"nothing is owed to creditor {creditor_id} of case {case_id}")
        sent = self.transact("withdraw", case_id, creditor_id)
        return int(sent.event("Withdrawn").args["amount"]), sent

    def set_auto_approval_cap_data(self, cap: int) -> str:
        """Call data for a hub proposal that sets the auto-approval cap."""
        return self.call_data("setAutoApprovalCap", cap)

    # -- views ---------------------------------------------------------------------------------------------------

    def token_contract(self) -> Any:
        return self.suite.contract("SettlementToken", self.settlement_token())

    def _token_call(self, fn: str, *args: Any) -> Any:
        from ..txn import Call

        token = self.token_contract()
        return Call(to=token.address, data=str(token.encode_abi(fn, args=list(args))), contract="SettlementToken")

    def settlement_token(self) -> str:
        return str(self.view("settlementToken"))

    def token_balance(self, account: str | None = None) -> int:
        return int(self.token_contract().functions.balanceOf(account or self.address).call())

    def auto_approval_cap(self) -> int:
        return int(self.view("autoApprovalCap"))

    def case_count(self) -> int:
        return int(self.view("caseCount"))

    def case(self, case_id: int) -> Case:
        if not 1 <= case_id <= self.case_count():
            raise NotFoundError(f"no enforcement case {case_id} (there are {self.case_count()})")
        c = self.view("getCase", case_id)  # IEnforcementOffice.Case, field by field (storage-packing order)
        # fmt: off
        return Case(
            case_id, bytes(c[0]), c[1], CaseStatus(c[2]), c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
            c[13], c[14], c[15], c[16], bytes(c[17]), c[18], c[19], c[20], c[21], c[22],
        )
        # fmt: on

    def creditor(self, case_id: int, creditor_id: int) -> Creditor:
        count = self.case(case_id).creditor_count
        if not 0 <= creditor_id < count:
            raise NotFoundError(f"case {case_id} has no creditor {creditor_id} (creditors are 0..{count - 1})")
        c = self.view("getCreditor", case_id, creditor_id)
        return Creditor(case_id, creditor_id, c[0], ClaimClass(c[1]), c[2], c[3], c[4], c[5], bytes(c[6]))

    def creditors(self, case_id: int) -> list[Creditor]:
        return [self.creditor(case_id, i) for i in range(self.case(case_id).creditor_count)]

    def asset(self, asset_id: int) -> Asset:
        count = int(self.view("assetCount"))
        if not 1 <= asset_id <= count:
            raise NotFoundError(f"no asset {asset_id} (there are {count})")
        a = self.view("getAsset", asset_id)
        return Asset(asset_id, a[0], AssetKind(a[1]), a[2], a[3], bytes(a[4]), a[5], a[6], a[7])

    def order(self, order_id: int) -> Order:
        count = int(self.view("orderCount"))
        if not 1 <= order_id <= count:
            raise NotFoundError(f"no order {order_id} (there are {count})")
        o = self.view("getOrder", order_id)
        return Order(
            order_id,
            o[0],
            OrderKind(o[1]),
            OrderStatus(o[2]),
            o[3],
            o[4],
            o[5],
            o[6],
            o[7],
            o[8],
            o[9],
            o[10],
            bytes(o[11]),
        )

    def admission_count(self) -> int:
        return int(self.view("admissionCount"))

    def admission(self, admission_id: int) -> Admission:
        count = self.admission_count()
        if not 1 <= admission_id <= count:
            raise NotFoundError(f"no admission {admission_id} (there are {count})")
        a = self.view("getAdmission", admission_id)
        return Admission(
            admission_id, a[0], a[1], ClaimClass(a[2]), a[3], AdmissionStatus(a[4]), a[5], a[6], a[7], a[8], bytes(a[9])
        )

    def money(self, case_id: int) -> CaseMoney:
        self.case(case_id)
        return CaseMoney(*self.view("caseMoney", case_id))

    def audit_head(self, case_id: int) -> tuple[bytes, int]:
        self.case(case_id)
        head, seq = self.view("auditHead", case_id)
        return bytes(head), int(seq)

    def audit_events(self, case_id: int) -> list[Event]:
        topic = [None, "0x" + case_id.to_bytes(32, "big").hex()]
        return [
            e
            for e in self.suite.logs([self.contract_name], topics=_with_topic0(self, "AuditRecorded", topic))
            if e.name == "AuditRecorded"
        ]

    def check_audit(self, case_id: int) -> AuditCheck:
        head, _ = self.audit_head(case_id)
        return verify_audit_chain(case_id, self.audit_events(case_id), head)

    def _case_in(self, case_id: int, status: CaseStatus) -> Case:
        case = self.case(case_id)
        if case.status != status:
            raise InputError(f"case {case_id} is {case.status.name.lower()}, not {status.name.lower()}")
        return case


def _with_topic0(client: EnforcementClient, event: str, topics: list[Any]) -> list[Any]:
    from eth_utils import event_abi_to_log_topic

    abi = next(e for e in client.contract.abi if e.get("type") == "event" and e.get("name") == event)
    return ["0x" + event_abi_to_log_topic(cast(Any, abi)).hex(), *topics[1:]]


# -- the auditor's recomputation ------------------------------------------------------------------------------------


def op_hash(actor: str, approver: str, ref: int, amount: int) -> bytes:
    """opHash = keccak256(abi.encode(actor, approver, ref, amount))."""
    return keccak(encode(["address", "address", "uint256", "uint256"], [actor, approver, ref, amount]))


def next_head(head: bytes, case_id: int, seq: int, op_kind: int, op: bytes) -> bytes:
    """head' = keccak256(abi.encode(head, caseId, seq, opKind, opHash)) with seq uint256 and opKind uint8."""
    return keccak(encode(["bytes32", "uint256", "uint256", "uint8", "bytes32"], [head, case_id, seq, op_kind, op]))


def verify_audit_chain(case_id: int, events: Iterable[Event], expected_head: bytes | None = None) -> AuditCheck:
    """Recompute a case's audit head from its decoded AuditRecorded events (in chain order), checking that the
    sequence numbers are 1, 2, ... without gaps, that each opHash matches the emitted fields and each head the
    previous head, and (if given) that the final head equals the contract's `auditHead`."""
    head = ZERO_HASH
    n = 0
    for e in events:
        a = e.args
        if e.name != "AuditRecorded" or int(a["caseId"]) != case_id:
            continue
        n += 1
        if int(a["seq"]) != n:
            return AuditCheck(case_id, n - 1, head, False, f"sequence gap: expected {n}, got {a['seq']}")
        op = op_hash(a["actor"], a["approver"], int(a["ref"]), int(a["amount"]))
        if op != bytes(a["opHash"]):
            return AuditCheck(case_id, n, head, False, f"operation {n}: opHash does not match its fields")
        head = next_head(head, case_id, n, int(a["opKind"]), op)
        if head != bytes(a["head"]):
            return AuditCheck(case_id, n, head, False, f"operation {n}: head does not follow from the previous one")
    if expected_head is not None and head != expected_head:
        return AuditCheck(case_id, n, head, False, "recomputed head differs from the contract's auditHead")
    return AuditCheck(case_id, n, head, True)

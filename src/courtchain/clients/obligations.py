"""Typed client of ObligationRegistry: mediation agreements (signed on chain or by EIP-712 signatures produced offline),
judgments' obligations, payments, and the default that files the trial case or opens the enforcement case.

Offline signing needs no node: `sign_agreement_offline` takes the chain id, the registry's address, the agreement's
id and terms hash and the signer's nonce, and returns a `SignedAgreement` that a mediator submits later
(`ObligationClient.submit_signature`). The terms hash can be recomputed from the terms with `AgreementTerms.hash()`,
so a party can check what it signs without trusting the mediator's copy.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from eth_abi import encode
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address

from ..errors import InputError, NotFoundError
from ..txn import Call
from .base import ContractClient, Sent, check_address, check_hash, check_positive

DOMAIN_NAME = "CourtchainObligations"
DOMAIN_VERSION = "1"
MAX_INSTALMENTS = 120
MAX_GRACE = 365 * 24 * 3600
MAX_BATCH = 100
ZERO_ADDRESS = "0x" + "00" * 20
SIGN_TYPES = {
    "Sign": [
        {"name": "obligationId", "type": "uint256"},
        {"name": "termsHash", "type": "bytes32"},
        {"name": "signer", "type": "address"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


class ObligationKind(IntEnum):
    NONE = 0
    MEDIATION_AGREEMENT = 1
    JUDGMENT = 2
    NOTARISED_LOAN = 3  # reported by a bank's chain (CrossChainLoans)


class ObligationStatus(IntEnum):
    NONE = 0
    PENDING = 1
    ACTIVE = 2
    PERFORMED = 3
    DEFAULTED = 4


class Consequence(IntEnum):
    NONE = 0
    TRIAL = 1
    ENFORCEMENT = 2


class SkipReason(IntEnum):
    NONE = 0
    NOT_ACTIVE = 1
    NOT_YET_IN_DEFAULT = 2
    NOT_CONFIRMED = 3
    DEBTOR_CALLER = 4


class TermsProblem(IntEnum):
    NONE = 0
    EMPTY_SCHEDULE = 1
    TOO_MANY_INSTALMENTS = 2
    SCHEDULE_LENGTH_MISMATCH = 3
    ZERO_INSTALMENT = 4
    DUE_DATES_NOT_INCREASING = 5
    FIRST_DUE_DATE_IN_PAST = 6
    GRACE_TOO_LONG = 7
    ZERO_DOCUMENT_HASH = 8
    ZERO_PARTY_COMMITMENT = 9
    ZERO_PARTY_ACCOUNT = 10
    SAME_PARTY = 11
    ZERO_TOKEN = 12
    NO_CONSEQUENCE = 13
    NOT_A_COURT = 14
    ZERO_CASE_TYPE = 15
    UNKNOWN_CASE_TYPE = 16
    TOTAL_TOO_LARGE = 17


def case_type_code(text: str) -> bytes:
    """A case type code ("民初", "民特", ...) as UTF-8, left-aligned in 32 bytes."""
    raw = text.strip().encode("utf-8")
    if not raw:
        raise InputError("case type must not be empty")
    if len(raw) > 32:
        raise InputError(f"case type {text!r} is {len(raw)} bytes in UTF-8 (at most 32)")
    return raw.ljust(32, b"\0")


def case_type_text(code: bytes) -> str:
    return bytes(code).rstrip(b"\0").decode("utf-8", errors="replace")


@dataclass(frozen=True)
class AgreementTerms:
    """What a mediator records and both parties sign. Amounts in the token's smallest unit; due dates in unix s."""

    document_hash: bytes
    debtor: bytes
    debtor_account: str
    creditor: bytes
    creditor_account: str
    token: str
    amounts: tuple[int, ...]
    due_dates: tuple[int, ...]
    grace_period: int = 0
    acceleration: bool = False
    consequence: Consequence = Consequence.TRIAL
    court_id: int = 0
    case_type: bytes = b"\0" * 32

    @property
    def total(self) -> int:
        return sum(self.amounts)

    def validate(self, now: int | None = None) -> AgreementTerms:
        """The contract's rules, checked before sending; returns the terms with checksummed addresses."""
        check_hash(self.document_hash, "document hash")
        check_hash(self.debtor, "debtor commitment")
        check_hash(self.creditor, "creditor commitment")
        debtor_account = check_address(self.debtor_account, "debtor account")
        creditor_account = check_address(self.creditor_account, "creditor account")
        token = check_address(self.token, "token")
        if not self.amounts:
            raise InputError("an agreement needs at least one instalment")
        if len(self.amounts) > MAX_INSTALMENTS:
            raise InputError(f"{len(self.amounts)} instalments (at most {MAX_INSTALMENTS})")
        if len(self.amounts) != len(self.due_dates):
            raise InputError(f"{len(self.amounts)} amounts but {len(self.due_dates)} due dates")
        for i, a in enumerate(self.amounts):
            check_positive(a, f"instalment {i + 1} amount")
        if sum(self.amounts) >= 2**128:
            raise InputError("the agreement's total must be below 2^128")
        for i in range(1, len(self.due_dates)):
            if self.due_dates[i] <= self.due_dates[i - 1]:
                raise InputError(f"due date of instalment {i + 1} is not after the one before")
        if now is not None and self.due_dates[0] <= now:
            raise InputError("the first due date must be in the future")
        if not 0 <= self.grace_period <= MAX_GRACE:
            raise InputError(f"grace period must be 0..{MAX_GRACE} s")
        if self.debtor == self.creditor or debtor_account == creditor_account:
            raise InputError("debtor and creditor must be different parties")
        if any(h == b"\0" * 32 for h in (self.document_hash, self.debtor, self.creditor)):
            raise InputError("document hash and party commitments must not be zero")
        if self.consequence == Consequence.NONE:
            raise InputError("a consequence of default is required (trial or enforcement)")
        if self.consequence == Consequence.TRIAL and (self.court_id <= 0 or self.case_type == b"\0" * 32):
            raise InputError("the trial consequence needs a court member id and a case type")
        return AgreementTerms(
            self.document_hash,
            self.debtor,
            debtor_account,
            self.creditor,
            creditor_account,
            token,
            tuple(self.amounts),
            tuple(self.due_dates),
            self.grace_period,
            self.acceleration,
            self.consequence,
            self.court_id,
            self.case_type,
        )

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.document_hash,
            self.debtor,
            to_checksum_address(self.debtor_account),
            self.creditor,
            to_checksum_address(self.creditor_account),
            to_checksum_address(self.token),
            list(self.amounts),
            list(self.due_dates),
            self.grace_period,
            self.acceleration,
            int(self.consequence),
            self.court_id,
            self.case_type,
        )

    def hash(self) -> bytes:
        """The terms hash the parties sign, computed exactly as the contract's `hashTerms`."""
        parties = keccak(
            encode(
                ["bytes32", "bytes32", "address", "bytes32", "address", "address"],
                [
                    self.document_hash,
                    self.debtor,
                    self.debtor_account,
                    self.creditor,
                    self.creditor_account,
                    self.token,
                ],
            )
        )
        amounts = keccak(b"".join(a.to_bytes(32, "big") for a in self.amounts))
        dues = keccak(b"".join(d.to_bytes(32, "big") for d in self.due_dates))
        schedule = keccak(
            encode(["bytes32", "bytes32", "uint64", "bool"], [amounts, dues, self.grace_period, self.acceleration])
        )
        return keccak(
            encode(
                ["bytes32", "bytes32", "uint8", "uint32", "bytes32"],
                [parties, schedule, int(self.consequence), self.court_id, self.case_type],
            )
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "documentHash": "0x" + self.document_hash.hex(),
            "debtor": "0x" + self.debtor.hex(),
            "debtorAccount": self.debtor_account,
            "creditor": "0x" + self.creditor.hex(),
            "creditorAccount": self.creditor_account,
            "token": self.token,
            "amounts": list(self.amounts),
            "dueDates": list(self.due_dates),
            "gracePeriod": self.grace_period,
            "acceleration": self.acceleration,
            "consequence": self.consequence.name.lower(),
            "courtId": self.court_id,
            "caseType": case_type_text(self.case_type),
        }


@dataclass(frozen=True)
class Obligation:
    id: int
    kind: ObligationKind
    status: ObligationStatus
    consequence: Consequence
    acceleration: bool
    judicially_confirmed: bool
    debtor_signed: bool
    creditor_signed: bool
    court_id: int
    case_type: str
    document_hash: bytes
    terms_hash: bytes
    debtor: bytes
    debtor_account: str
    creditor: bytes
    creditor_account: str
    recorded_by: str
    token: str
    grace_period: int
    created_at: int
    closed_at: int
    total: int
    paid: int
    acknowledged: int
    source_case_id: int
    source_index: int
    claim_amount: int
    consequence_id: int
    pending_claim: int
    amounts: tuple[int, ...] = field(default=())
    due_dates: tuple[int, ...] = field(default=())

    @property
    def outstanding(self) -> int:
        """What is still owed here: not paid and not handed to a consequence by a default."""
        return self.total - self.paid - self.claim_amount


@dataclass(frozen=True)
class DefaultState:
    """`since`: first second of default (when in default) or when default will be possible (0: nothing owed)."""

    in_default: bool
    instalment: int
    since: int
    overdue: int
    outstanding: int
    claimable: int


@dataclass(frozen=True)
class PendingConsequence:
    """A default whose consequence the docket or office refused (`ConsequencePending`): the default stands, the claim
    waits for `retryConsequence`. `error` / `arguments` decode the callee's revert data (raw in `reason`)."""

    obligation_id: int
    consequence: Consequence
    claim_amount: int
    error: str
    arguments: dict[str, Any]
    reason: bytes


@dataclass(frozen=True)
class SignedAgreement:
    """A party's EIP-712 signature of an agreement, as written to a signature file and submitted by a mediator."""

    chain_id: int
    registry: str
    obligation_id: int
    terms_hash: bytes
    signer: str
    nonce: int
    deadline: int
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "courtchain.agreement-signature.v1",
            "chainId": self.chain_id,
            "registry": self.registry,
            "obligationId": self.obligation_id,
            "termsHash": "0x" + self.terms_hash.hex(),
            "signer": self.signer,
            "nonce": self.nonce,
            "deadline": self.deadline,
            "signature": "0x" + self.signature.hex(),
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignedAgreement:
        try:
            if data.get("kind") != "courtchain.agreement-signature.v1":
                raise InputError("not a courtchain agreement signature file")
            sig = str(data["signature"]).removeprefix("0x")
            return cls(
                chain_id=int(data["chainId"]),
                registry=check_address(str(data["registry"]), "registry"),
                obligation_id=int(data["obligationId"]),
                terms_hash=check_hash(str(data["termsHash"]), "terms hash"),
                signer=check_address(str(data["signer"]), "signer"),
                nonce=int(data["nonce"]),
                deadline=int(data["deadline"]),
                signature=bytes.fromhex(sig),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"malformed signature file: {exc}") from None

    @classmethod
    def read(cls, path: Path) -> SignedAgreement:
        try:
            data = json.loads(path.read_text())
        except OSError as exc:
            raise InputError(f"cannot read signature file {path}: {exc.strerror}") from None
        except ValueError:
            raise InputError(f"signature file {path} is not JSON") from None
        if not isinstance(data, dict):
            raise InputError(f"signature file {path} is not a JSON object")
        return cls.from_json(data)


def sign_agreement_offline(
    account: LocalAccount,
    *,
    chain_id: int,
    registry: str,
    obligation_id: int,
    terms_hash: bytes,
    nonce: int,
    deadline: int,
) -> SignedAgreement:
    """Sign `Sign(obligationId, termsHash, signer, nonce, deadline)` for the registry's EIP-712 domain, with no node."""
    registry = check_address(registry, "registry")
    check_hash(terms_hash, "terms hash")
    check_positive(obligation_id, "obligation id")
    if nonce < 0 or deadline <= 0:
        raise InputError("nonce must be >= 0 and deadline positive")
    domain = {"name": DOMAIN_NAME, "version": DOMAIN_VERSION, "chainId": chain_id, "verifyingContract": registry}
    message = {
        "obligationId": obligation_id,
        "termsHash": terms_hash,
        "signer": account.address,
        "nonce": nonce,
        "deadline": deadline,
    }
    signed = Account.sign_typed_data(account.key, domain, SIGN_TYPES, message)
    return SignedAgreement(
        chain_id, registry, obligation_id, terms_hash, account.address, nonce, deadline, bytes(signed.signature)
    )


class ObligationClient(ContractClient):
    contract_name = "ObligationRegistry"

    # -- agreements ------------------------------------------------------------------------------------------------

    def create_agreement(self, terms: AgreementTerms) -> tuple[int, Sent]:
        checked = terms.validate(now=self.suite.chain.timestamp())
        if checked.consequence == Consequence.TRIAL and "CaseDocket" in self.suite.addresses:
            # the docket refuses filings of case types a court has not configured: catch it now, not at default
            active = self.suite.view("CaseDocket", "acceptsCaseType", checked.court_id, checked.case_type)
            if not active:
                raise InputError(
                    f"court {checked.court_id} has no active case type {case_type_text(checked.case_type)!r} in the "
                    "docket: a default could not file the trial case"
                )
        sent = self.transact("createAgreement", checked.as_tuple())
        return int(sent.event("AgreementRecorded").args["obligationId"]), sent

    def sign(self, obligation_id: int) -> Sent:
        o = self.obligation(obligation_id)
        self._check_can_sign(o, self._me())
        return self.transact("sign", obligation_id)

    def sign_offline(self, obligation_id: int, deadline: int, signer: LocalAccount | None = None) -> SignedAgreement:
        """Sign with `signer` (default: this account), reading terms hash, nonce and chain id from the chain."""
        acct = signer or self.account
        if acct is None:
            raise InputError("signing needs an account")
        if not isinstance(acct, LocalAccount):
            raise InputError(f"signing an agreement off chain needs a key held here, not a remote signer ({acct})")
        o = self.obligation(obligation_id)
        self._check_can_sign(o, acct.address)
        return sign_agreement_offline(
            acct,
            chain_id=self.suite.chain.chain_id,
            registry=self.address,
            obligation_id=obligation_id,
            terms_hash=o.terms_hash,
            nonce=self.nonce(acct.address),
            deadline=deadline,
        )

    def submit_signature(self, signed: SignedAgreement) -> Sent:
        if signed.registry.lower() != self.address.lower():
            raise InputError(f"the signature is for registry {signed.registry}, not {self.address}")
        if signed.chain_id != self.suite.chain.chain_id:
            raise InputError(f"the signature is for chain {signed.chain_id}, not {self.suite.chain.chain_id}")
        self._check_can_sign(self.obligation(signed.obligation_id), signed.signer)
        current = self.nonce(signed.signer)
        if signed.nonce != current:
            raise InputError(f"the signature is over nonce {signed.nonce}, but {signed.signer}'s nonce is {current}")
        return self._submit(signed)

    def _submit(self, signed: SignedAgreement) -> Sent:
        return self.transact(
            "signWithSignature", signed.obligation_id, signed.signer, signed.deadline, signed.signature
        )

    def confirm(self, obligation_id: int, ruling_hash: bytes) -> Sent:
        o = self.obligation(obligation_id)
        if o.kind != ObligationKind.MEDIATION_AGREEMENT:
            raise InputError(f"obligation {obligation_id} is a {o.kind.name.lower()}, not a mediation agreement")
        return self.transact("confirmAgreement", obligation_id, check_hash(ruling_hash, "ruling hash"))

    # -- judgments ------------------------------------------------------------------------------------------------

    def register_judgment(self, case_id: int, index: int) -> tuple[int, Sent]:
        if case_id <= 0 or index < 0:
            raise InputError("case id must be positive and index non-negative")
        existing = self.judgment_obligation_id(case_id, index)
        if existing:
            raise InputError(f"judgment obligation ({case_id}, {index}) is already obligation {existing}")
        sent = self.transact("registerJudgment", case_id, index)
        return int(sent.event("JudgmentRegistered").args["obligationId"]), sent

    # -- performance ----------------------------------------------------------------------------------------------

    def pay(self, obligation_id: int, amount: int, approve: bool = True) -> Sent:
        """Pay `amount` (approving the registry for it first, if needed and `approve`)."""
        o = self.obligation(obligation_id)
        check_positive(amount, "amount")
        if amount > o.outstanding:
            raise InputError(f"amount {amount} exceeds the outstanding {o.outstanding} of obligation {obligation_id}")
        if approve:
            token = self.suite.contract("SettlementToken", o.token)
            me = self._me()
            if int(token.functions.allowance(me, self.address).call()) < amount:
                data = str(token.encode_abi("approve", args=[self.address, amount]))
                self.sender.send(Call(to=o.token, data=data, contract="SettlementToken"))
        return self.transact("pay", obligation_id, amount)

    def acknowledge(self, obligation_id: int, amount: int, evidence_hash: bytes = b"\0" * 32) -> Sent:
        check_positive(amount, "amount")
        self.obligation(obligation_id)
        return self.transact("acknowledgePayment", obligation_id, amount, check_hash(evidence_hash, "evidence hash"))

    def withdraw(self, token: str) -> Sent:
        return self.transact("withdraw", check_address(token, "token"))

    # -- default --------------------------------------------------------------------------------------------------

    def trigger_default(self, obligation_id: int) -> Sent:
        """Put the obligation into default (the debtor's own account may not). The receipt carries `TrialFiled` or
        `EnforcementOpened`, or `ConsequencePending` when the docket or office refused the consequence."""
        o = self.obligation(obligation_id)
        self._check_not_debtor(o)
        return self.transact("triggerDefault", obligation_id)

    def retry_consequence(self, obligation_id: int) -> Sent:
        """File the pending consequence of a default again (anyone but the debtor's account)."""
        o = self.obligation(obligation_id)
        self._check_not_debtor(o)
        if o.pending_claim == 0:
            raise InputError(f"obligation {obligation_id} has no pending consequence")
        return self.transact("retryConsequence", obligation_id)

    def pending_in(self, sent: Sent) -> list[PendingConsequence]:
        """The consequences a receipt left pending, with the refusal decoded."""
        out = []
        for e in sent.all("ConsequencePending"):
            reason = bytes(e.args["reason"])
            decoded = self.suite.decoder.decode(reason)
            error, arguments = decoded if decoded is not None else ("0x" + reason.hex(), {})
            out.append(
                PendingConsequence(
                    int(e.args["obligationId"]),
                    Consequence(e.args["consequence"]),
                    int(e.args["claimAmount"]),
                    error,
                    arguments,
                    reason,
                )
            )
        return out

    def trigger_defaults(self, obligation_ids: Sequence[int]) -> Sent:
        if len(obligation_ids) > MAX_BATCH:
            raise InputError(f"{len(obligation_ids)} ids in one batch (at most {MAX_BATCH})")
        return self.transact("triggerDefaults", list(obligation_ids))

    def due_ids(self, obligation_ids: Sequence[int] | None = None) -> list[int]:
        """Ids (of those given, or of all) that are in default now and can be triggered."""
        ids = obligation_ids if obligation_ids is not None else range(1, self.obligation_count() + 1)
        return [i for i in ids if self.is_in_default(i)]

    # -- views ----------------------------------------------------------------------------------------------------

    def obligation_count(self) -> int:
        return int(self.view("obligationCount"))

    def obligation(self, obligation_id: int) -> Obligation:
        count = self.obligation_count()
        if not 1 <= obligation_id <= count:
            raise NotFoundError(f"no obligation {obligation_id} (there are {count})")
        r = self.view("getObligation", obligation_id)
        amounts, dues = self.view("getInstalments", obligation_id)
        return Obligation(
            obligation_id,
            ObligationKind(r[0]),
            ObligationStatus(r[1]),
            Consequence(r[2]),
            bool(r[3]),
            bool(r[4]),
            bool(r[5]),
            bool(r[6]),
            int(r[7]),
            case_type_text(bytes(r[8])),
            bytes(r[9]),
            bytes(r[10]),
            bytes(r[11]),
            str(r[12]),
            bytes(r[13]),
            str(r[14]),
            str(r[15]),
            str(r[16]),
            int(r[17]),
            int(r[18]),
            int(r[19]),
            int(r[20]),
            int(r[21]),
            int(r[22]),
            int(r[23]),
            int(r[24]),
            int(r[25]),
            int(r[26]),
            int(r[27]),
            tuple(int(a) for a in amounts),
            tuple(int(d) for d in dues),
        )

    def default_state(self, obligation_id: int) -> DefaultState:
        self.obligation(obligation_id)
        s = self.view("defaultState", obligation_id)
        return DefaultState(bool(s[0]), int(s[1]), int(s[2]), int(s[3]), int(s[4]), int(s[5]))

    def is_in_default(self, obligation_id: int) -> bool:
        return bool(self.view("isInDefault", obligation_id))

    def nonce(self, signer: str) -> int:
        return int(self.view("nonces", check_address(signer, "signer")))

    def terms_hash(self, terms: AgreementTerms) -> bytes:
        return bytes(self.view("hashTerms", terms.as_tuple()))

    def domain_separator(self) -> bytes:
        return bytes(self.view("domainSeparator"))

    def judgment_obligation_id(self, case_id: int, index: int) -> int:
        return int(self.view("judgmentObligationId", case_id, index))

    def credited(self, token: str, account: str) -> int:
        return int(self.view("credited", check_address(token, "token"), check_address(account, "account")))

    # -- helpers --------------------------------------------------------------------------------------------------

    def _me(self) -> str:
        if self.account is None:
            raise InputError("ObligationRegistry: this operation needs a signing account")
        return str(self.account.address)

    def _check_not_debtor(self, o: Obligation) -> None:
        if self.account is not None and self.account.address.lower() == o.debtor_account.lower():
            raise InputError(f"the debtor's account may not trigger obligation {o.id}'s default or its consequence")

    @staticmethod
    def _check_can_sign(o: Obligation, signer: str) -> None:
        if o.status != ObligationStatus.PENDING:
            raise InputError(f"obligation {o.id} is {o.status.name.lower()}, not waiting for signatures")
        if signer.lower() == o.debtor_account.lower():
            signed = o.debtor_signed
        elif signer.lower() == o.creditor_account.lower():
            signed = o.creditor_signed
        else:
            raise InputError(f"{signer} is not a party to obligation {o.id}")
        if signed:
            raise InputError(f"{signer} has already signed obligation {o.id}")


def default_deadline(seconds: int = 7 * 24 * 3600) -> int:
    """A signature deadline `seconds` from now (wall clock)."""
    return int(time.time()) + seconds


__all__ = [
    "ZERO_ADDRESS",
    "AgreementTerms",
    "Consequence",
    "DefaultState",
    "Obligation",
    "ObligationClient",
    "ObligationKind",
    "ObligationStatus",
    "PendingConsequence",
    "SignedAgreement",
    "SkipReason",
    "TermsProblem",
    "case_type_code",
    "case_type_text",
    "default_deadline",
    "sign_agreement_offline",
]

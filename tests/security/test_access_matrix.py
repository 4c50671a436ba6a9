"""Access matrix generated from the ABIs: every state-changing function of every suite contract, called by every
role and by an outsider that must not call it, reverts with the expected custom error; and every account the matrix
allows gets past the access check (it may still fail a later domain check, never with the refusal's error)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients.bankruptcy import ActKind as BkAct
from courtchain.clients.bankruptcy import BankruptcyClient, MeetingClient
from courtchain.clients.bankruptcy import Choice as BkChoice
from courtchain.clients.bankruptcy import ClaimKind as BkKind
from courtchain.clients.bankruptcy import PayoutKind as BkPayout
from courtchain.clients.bankruptcy import ResolutionKind as BkResolution
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind, Reason
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.clients.enforcement import AssetKind, EnforcementClient, OrderKind
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.clients.meeting_requests import MeetingRequestsClient
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient
from courtchain.errors import ContractRevert
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.security.access_matrix import CALLERS, MATRIX

MOCKS = {"SettlementToken"}  # contracts/test/: test doubles, not suite contracts
SUBJECT_A = b"\xa1" * 32
SUBJECT_B = b"\xb2" * 32


def state_changing(abi: list[dict[str, Any]]) -> set[str]:
    return {f["name"] for f in abi if f.get("type") == "function" and f.get("stateMutability") not in ("view", "pure")}


class Ctx:
    """The state the access checks depend on, built lazily (only what a test's entry asks for) inside the test's
    snapshot."""

    def __init__(self, suite: Suite, accts: dict[str, LocalAccount]) -> None:
        self.suite = suite
        self.accts = accts

    def addr(self, name: str) -> str:
        return self.accts[name].address

    @property
    def hub_address(self) -> str:
        return self.suite.address("CourtConsortium")

    @cached_property
    def open_proposal(self) -> int:
        hub = ConsortiumClient(self.suite, self.accts["court_governor"])
        pid, _ = hub.propose([hub.set_threshold(2)], "an open proposal for the matrix")
        return pid

    # -- credit: an entry proposed by `judge` and approved by `judge2` (source: the enforcement case), a pending
    # objection against it by the debtor, and a pending listing proposal by `judge`
    @cached_property
    def credit_entry(self) -> int:
        pid, _ = CreditClient(self.suite, self.accts["judge"]).propose_listing(
            SUBJECT_A,
            CaseDomain.ENFORCEMENT,
            self.enf_case,
            EntryKind.DISHONEST_DEBTOR,
            Reason.EVADES_ENFORCEMENT,
            b"\x33" * 32,
        )
        entry, _ = CreditClient(self.suite, self.accts["judge2"]).approve(pid)
        return entry.id

    @cached_property
    def credit_listing_proposal(self) -> int:
        pid, _ = CreditClient(self.suite, self.accts["judge"]).propose_listing(
            SUBJECT_B, CaseDomain.ENFORCEMENT, self.enf_case, EntryKind.HIGH_CONSUMPTION_BAN, 101, b"\x34" * 32
        )
        return pid

    @cached_property
    def credit_objection(self) -> int:
        oid, _ = CreditClient(self.suite, self.accts["debtor"]).object(self.credit_entry, b"\x44" * 32)
        return oid

    # -- docket: the court configured; an open filing by `creditor` (window open); a docketed case held by the
    # court; a second one with a pending transfer to the procuratorate (member 5)
    @cached_property
    def docket(self) -> DocketClient:
        return setup_dev_court(self.suite, self.accts["clerk"])

    def _file(self, tag: str) -> int:
        self.docket  # noqa: B018 - configure the court first
        kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
        mats = [MaterialInput(bytes([k]) * 31 + tag.encode()[:1], int(k)) for k in kinds]
        parties = [Party(SUBJECT_A, PartyRole.PLAINTIFF), Party(SUBJECT_B, PartyRole.DEFENDANT)]
        fid, _ = DocketClient(self.suite, self.accts["creditor"]).submit(DEV_COURT_ID, "民初", parties, 1000, mats)
        return fid

    @cached_property
    def open_filing(self) -> int:
        return self._file("o")

    @cached_property
    def other_case_type(self) -> bytes:
        return "执".encode().ljust(32, b"\0")

    def _docketed(self, tag: str) -> int:
        fid = self._file(tag)
        assert self.docket.docket(fid).docketed
        return fid

    @cached_property
    def docketed_case(self) -> int:
        return self._docketed("d")

    @cached_property
    def transferred_case(self) -> int:
        cid = self._docketed("t")
        self.docket.transfer(cid, 5, b"\x55" * 32)
        return cid

    # -- evidence: a document and a one-document batch anchored by `creditor` as a party; a service to the debtor
    @cached_property
    def party_anchor(self) -> bytes:
        h = b"\x66" * 32
        EvidenceClient(self.suite, self.accts["creditor"]).anchor(h, DocumentKind.EVIDENCE)
        return h

    @cached_property
    def party_batch(self) -> tuple[bytes, bytes, list[bytes]]:
        docs = [b"\x77" * 32, b"\x78" * 32]
        batch = EvidenceClient(self.suite, self.accts["creditor"]).anchor_batch(docs, DocumentKind.EVIDENCE)
        return batch.root, docs[0], batch.tree.proof(docs[0])

    # -- enforcement: a case opened by the clerk (creditor id 0 paid to `creditor`), a bank deposit reported by the
    # custodian, an order proposed by the officer, and one approved by a judge
    @cached_property
    def enf_case(self) -> int:
        cid, _ = EnforcementClient(self.suite, self.accts["clerk"]).open_case(
            SUBJECT_A, self.addr("creditor"), 1000, debtor_account=self.addr("debtor")
        )
        return cid

    @cached_property
    def enf_admission(self) -> int:
        aid, _ = EnforcementClient(self.suite, self.accts["judge"]).propose_admission(
            self.enf_case, self.addr("creditor"), 100
        )
        return aid

    @cached_property
    def enf_asset(self) -> int:
        aid, _ = EnforcementClient(self.suite, self.accts["custodian"]).report_asset(
            self.enf_case, AssetKind.BANK_DEPOSIT, b"\x0a" * 32, 500
        )
        return aid

    def _order(self) -> int:
        oid, _ = EnforcementClient(self.suite, self.accts["officer"]).propose_order(
            self.enf_case, OrderKind.FREEZE, self.enf_asset, 100
        )
        return oid

    @cached_property
    def enf_order(self) -> int:
        return self._order()

    @cached_property
    def enf_approved_order(self) -> int:
        oid = self._order()
        EnforcementClient(self.suite, self.accts["judge"]).approve_order(oid)
        return oid

    # -- obligations: agreement terms (debtor and creditor accounts), one pending and one active agreement
    def _terms(self, tag: int) -> AgreementTerms:
        now = self.suite.chain.timestamp()
        return AgreementTerms(
            document_hash=bytes([tag]) * 32,
            debtor=SUBJECT_B,
            debtor_account=self.addr("debtor"),
            creditor=SUBJECT_A,
            creditor_account=self.addr("creditor"),
            token=self.suite.address("SettlementToken"),
            amounts=(100,),
            due_dates=(now + 30 * 86400,),
            grace_period=86400,
            acceleration=False,
            consequence=Consequence.ENFORCEMENT,
            court_id=0,
            case_type=b"\0" * 32,
        )

    @property
    def agreement_terms(self) -> tuple[Any, ...]:
        return self._terms(0x31).as_tuple()

    @cached_property
    def pending_agreement(self) -> int:
        oid, _ = ObligationClient(self.suite, self.accts["mediator"]).create_agreement(self._terms(0x32))
        return oid

    @cached_property
    def active_agreement(self) -> int:
        oid, _ = ObligationClient(self.suite, self.accts["mediator"]).create_agreement(self._terms(0x33))
        ObligationClient(self.suite, self.accts["debtor"]).sign(oid)
        ObligationClient(self.suite, self.accts["creditor"]).sign(oid)
        return oid

    # -- credentials: a justice bureau (spare dev accounts) issues a lawyer's licence; a revocation is proposed
    @cached_property
    def credential(self) -> int:
        from tests.credentials.conftest import issue_lawyer, setup_licensing

        self.licensing = setup_licensing(self.suite, self.accts)
        return issue_lawyer(self.suite, self.licensing)

    @cached_property
    def credential_action(self) -> int:
        from courtchain.clients.credentials import ActionKind, CredentialClient

        cid = self.credential
        aid, _ = CredentialClient(self.suite, self.licensing.bureau1).propose(cid, ActionKind.REVOKE, b"\x55" * 32, "x")
        return aid

    @cached_property
    def service(self) -> int:
        ev = EvidenceClient(self.suite, self.accts["clerk"])
        sid, _ = ev.serve(b"\x88" * 32, b"\x99" * 32, 2**39, recipient_account=self.addr("debtor"))
        return sid

    # -- the bankruptcy estate: a case whose administrator is `registrar`, a secured claim of `creditor`, confirmed
    @property
    def now(self) -> int:
        return self.suite.chain.timestamp()

    def _bk(self, name: str) -> BankruptcyClient:
        return BankruptcyClient(self.suite, self.accts[name])

    @cached_property
    def bk_case(self) -> int:
        t = self.now
        case_id, act, _ = self._bk("judge").propose_opening(SUBJECT_B, self.addr("registrar"), t, t + 30 * 86400)
        self._bk("judge2").approve_act(act)
        return case_id

    @cached_property
    def bk_act(self) -> int:
        return self._bk("judge").propose_act(self.bk_case, BkAct.CLOSE)

    @cached_property
    def bk_window(self) -> int:
        """The court's objection deadline, an hour from now."""
        deadline = self.now + 3600
        act = self._bk("judge").propose_act(self.bk_case, BkAct.SET_OBJECTION_DEADLINE, 0, deadline)
        self._bk("judge2").approve_act(act)
        return deadline

    @cached_property
    def bk_claim(self) -> int:
        claim = self._bk("creditor").file_claim(self.bk_case, 1_000, BkKind.ORDINARY, secured=True)
        self._bk("registrar").review_claim(claim, True, 1_000)
        self.bk_objection  # noqa: B018 - filed inside the window
        self.suite.chain.set_time(self.bk_window + 1)
        act = self._bk("judge").propose_act(self.bk_case, BkAct.CONFIRM_CLAIMS, claim, claim)
        self._bk("judge2").approve_act(act)
        return claim

    @cached_property
    def bk_objection(self) -> int:
        other = self._bk("debtor").file_claim(self.bk_case, 10)
        self._bk("registrar").review_claim(other, True, 10)
        self.bk_window  # noqa: B018 - the window is open
        return self._bk("debtor").object(other, other)

    @cached_property
    def bk_payout(self) -> int:
        return self._bk("registrar").propose_payout(self.bk_case, BkPayout.ROUND, 1)

    @cached_property
    def bk_meeting(self) -> int:
        self.bk_claim  # noqa: B018 - the claim votes in the meeting
        t = self.now
        return MeetingClient(self.suite, self.accts["registrar"]).convene(
            self.bk_case, BkResolution.ORDINARY, t + 16 * 86400, t + 17 * 86400
        )

    @cached_property
    def bk_shareholder(self) -> int:
        """A shareholder of the case registered by its administrator `registrar`, pending a judge's approval."""
        return MeetingClient(self.suite, self.accts["registrar"]).register_shareholder(
            self.bk_case, SUBJECT_A, self.addr("debtor"), 1
        )

    @cached_property
    def bk_request(self) -> int:
        """The case's creditors' request, opened by `creditor`'s claim (before `bk_meeting` is convened)."""
        rid, _ = MeetingRequestsClient(self.suite, self.accts["creditor"]).support(self.bk_case, self.bk_claim)
        return rid

    @cached_property
    def bk_appointment(self) -> int:
        """A committee proposed by `judge` (creditor and debtor as the employee representative), chosen by
        `bk_meeting` once it passed (the secured creditor's head: no unsecured amount in the case)."""
        meeting = MeetingClient(self.suite, self.accts["registrar"])
        mid = self.bk_meeting
        m = meeting.get_meeting(mid)
        self.suite.chain.set_time(m["starts_at"])
        MeetingClient(self.suite, self.accts["creditor"]).vote(mid, self.bk_claim, BkChoice.FOR)
        self.suite.chain.set_time(m["closes_at"] + 1)
        meeting.close(mid)
        return MeetingRequestsClient(self.suite, self.accts["judge"]).propose_committee(
            self.bk_case, mid, [self.addr("creditor")], self.addr("debtor")
        )

    @cached_property
    def bk_committee(self) -> int:
        """The case, with the committee of `bk_appointment` in office."""
        MeetingRequestsClient(self.suite, self.accts["judge2"]).approve_committee(self.bk_appointment)
        return self.bk_case


@pytest.fixture
def ctx(suite: Suite, accts: dict[str, LocalAccount]) -> Ctx:
    return Ctx(suite, accts)


def test_every_state_changing_function_has_an_entry(suite: Suite) -> None:
    missing = []
    for name in suite.addresses:
        if name in MOCKS:
            continue
        table = MATRIX.get(name)
        if table is None:
            missing.append(f"{name}: no table")
            continue
        fns = state_changing(suite.artifacts[name].abi)
        missing += [f"{name}.{f}" for f in sorted(fns - set(table))]
        stale = set(table) - fns
        assert not stale, f"matrix entries for functions that no longer exist: {sorted(stale)}"
    assert not missing, f"functions without an access-matrix entry: {missing}"


def _cases() -> list[tuple[str, str]]:
    return [(c, f) for c, table in MATRIX.items() for f in table]


def _outcome(suite: Suite, ctx: Ctx, caller: str, call: Call) -> str | None:
    try:
        suite.sender(ctx.accts[caller]).estimate(call)
    except ContractRevert as exc:
        return exc.error
    return None


@pytest.mark.parametrize(("contract", "function"), _cases(), ids=lambda v: str(v))
def test_refused_callers_get_the_expected_error(contract: str, function: str, ctx: Ctx, suite: Suite) -> None:
    entry = MATRIX[contract][function]
    if entry.error is None:
        pytest.skip(f"{contract}.{function} is public: {entry.note}")
    target = suite.contract(contract)
    call = Call(target.address, target.encode_abi(function, args=entry.args(ctx)), contract)
    refused = [c for c in CALLERS if c not in entry.allowed]
    assert refused, "an entry that refuses nobody should be PUBLIC"
    for caller in refused:
        got = _outcome(suite, ctx, caller, call)
        assert got == entry.expected(caller), f"{contract}.{function} as {caller}: {got}"
    refusals = {entry.error, *entry.errors.values()}
    for caller in sorted(entry.allowed):
        got = _outcome(suite, ctx, caller, call)
        assert got not in refusals, f"{contract}.{function} as allowed {caller} was refused: {got}"

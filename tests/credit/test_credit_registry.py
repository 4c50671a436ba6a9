"""CreditRegistry against the real contract: two-judge listing and removal with recusal, source cases in two domains,
refusals, expiry at the boundary, objections, batch, paged and historical queries, governance of the default
durations, and the exact custom error of every refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import (
    DAY,
    DEFAULT_BAN_DURATION,
    DEFAULT_DISHONEST_DURATION,
    MAX_BATCH,
    MAX_DURATION,
    MAX_PAGE,
    MIN_DURATION,
    REASON_TEXT,
    CaseDomain,
    CreditClient,
    EntryKind,
    EntryStatus,
    ObjectionStatus,
    ProposalKind,
    ProposalStatus,
    Reason,
)
from courtchain.clients.enforcement import EnforcementClient, OrderKind, termination_listing
from courtchain.errors import InputError, NotFoundError
from courtchain.roles import ROLES, SUITE_KEYS
from courtchain.suite import Suite
from tests.credit.conftest import DEBTOR_OF_CASES, SUBJECT_A, SUBJECT_B, SUBJECT_C, ListFn, RemoveFn, doc, govern
from tests.helpers import assert_enum_mirror, reverts

INTERFACE = Path(__file__).resolve().parents[2] / "contracts" / "interfaces" / "ICreditRegistry.sol"
DISHONEST = EntryKind.DISHONEST_DEBTOR
BAN = EntryKind.HIGH_CONSUMPTION_BAN
EVIDENCE = doc("enforcement ruling (2026) Jing 0491 Zhi 1234")
JUDGE = ROLES["JUDGE"]
ENFORCEMENT_KEY = SUITE_KEYS["EnforcementOffice"]
ENF = CaseDomain.ENFORCEMENT
DOCKET = CaseDomain.DOCKET


@pytest.mark.parametrize("enum", [EntryKind, EntryStatus, ObjectionStatus, CaseDomain, ProposalKind, ProposalStatus])
def test_enum_mirrors_match_interface_source(enum: type) -> None:
    assert_enum_mirror(enum, "ICreditRegistry.sol")


def test_reason_codes_match_interface_documentation() -> None:
    documented = {int(n) for n in re.findall(r"^///\s+(\d+) ", INTERFACE.read_text(), re.MULTILINE)}
    assert documented == {r.value for r in Reason}
    assert set(REASON_TEXT) == set(Reason)
    assert {r for r in Reason if r.kind == DISHONEST} == {Reason(i) for i in range(1, 7)}


def test_deployment_configures_the_default_durations(credit: CreditClient, suite: Suite) -> None:
    assert credit.default_duration(DISHONEST) == DEFAULT_DISHONEST_DURATION == 730 * DAY
    assert credit.default_duration(BAN) == DEFAULT_BAN_DURATION
    sets = [e for e in suite.logs(["CreditRegistry"]) if e.name == "DefaultDurationSet"]
    assert [(e.args["kind"], e.args["current"]) for e in sets] == [
        (1, DEFAULT_DISHONEST_DURATION),
        (2, DEFAULT_BAN_DURATION),
    ]
    hub = ConsortiumClient(suite)
    assert hub.suite_contract(SUITE_KEYS["CreditRegistry"]) == credit.address


# -- listing by two judges ---------------------------------------------------------------------------------------


def test_two_judges_list_with_default_duration(
    credit: CreditClient,
    credit2: CreditClient,
    chain: Chain,
    judge: LocalAccount,
    judge2: LocalAccount,
    cases: list[int],
) -> None:
    pid, proposed = credit.propose_listing(SUBJECT_A, ENF, 3, DISHONEST, Reason.REFUSES_DESPITE_ABILITY, EVIDENCE)
    assert proposed.event("ListingProposed").args == {
        "proposalId": pid,
        "subject": SUBJECT_A,
        "caseId": 3,
        "domain": ENF,
        "kind": 1,
        "reason": 1,
        "evidenceHash": EVIDENCE,
        "duration": 0,
        "proposer": judge.address,
    }
    assert credit.entry_count() == 0 and not credit.restriction(SUBJECT_A).restricted
    p = credit.proposal(pid)
    assert (p.kind, p.status, p.proposer, p.entry_id) == (
        ProposalKind.LISTING,
        ProposalStatus.PENDING,
        judge.address,
        0,
    )
    t0 = chain.timestamp() + 10
    chain.set_next_timestamp(t0)
    entry, sent = credit2.approve(pid)
    assert sent.event("ProposalApproved").args == {
        "proposalId": pid,
        "kind": ProposalKind.LISTING,
        "proposer": judge.address,
        "approver": judge2.address,
    }
    assert sent.event("EntryListed").args == {
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "caseId": 3,
        "domain": ENF,
        "kind": 1,
        "reason": 1,
        "evidenceHash": EVIDENCE,
        "startsAt": t0,
        "endsAt": t0 + DEFAULT_DISHONEST_DURATION,
        "listedBy": judge.address,
        "approvedBy": judge2.address,
    }
    assert entry.status == EntryStatus.ACTIVE and entry.ended_at == 0 and not entry.from_enforcement
    assert (entry.listed_by, entry.approved_by, entry.domain) == (judge.address, judge2.address, ENF)
    assert entry.starts_at == t0 and entry.ends_at == t0 + DEFAULT_DISHONEST_DURATION
    assert credit.entry_for(SUBJECT_A, ENF, 3, DISHONEST) == entry.id
    assert credit.entry_for(SUBJECT_A, DOCKET, 3, DISHONEST) == 0
    p = credit.proposal(pid)
    assert (p.status, p.decided_by, p.decided_at, p.entry_id) == (ProposalStatus.EXECUTED, judge2.address, t0, entry.id)
    r = credit.restriction(SUBJECT_A)
    assert r.restricted and r.dishonest_debtor and not r.high_consumption_ban
    assert (r.dishonest_until, r.ban_until) == (entry.ends_at, 0)
    assert not credit.restriction(SUBJECT_B).restricted
    assert credit.is_recused(entry.id, judge.address) and not credit.is_recused(entry.id, judge2.address)


def test_two_judges_list_a_ban_with_its_own_duration(list_: ListFn, credit: CreditClient) -> None:
    entry, _, _ = list_(SUBJECT_C, 4, BAN, Reason.NOT_PERFORMED_IN_TIME, EVIDENCE, duration=90 * DAY)
    assert entry.kind == BAN and entry.ends_at - entry.starts_at == 90 * DAY
    r = credit.restriction(SUBJECT_C)
    assert r.high_consumption_ban and not r.dishonest_debtor and r.ban_until == entry.ends_at


def test_m3_single_judge_cannot_list(
    credit: CreditClient, credit2: CreditClient, judge: LocalAccount, accts: dict[str, LocalAccount], cases: list[int]
) -> None:
    """M3: one judge alone lists nobody; the approver is a different judge, and only a judge."""
    pid, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditSelfApproval", proposalId=pid, account=judge.address):
        credit.transact("approveProposal", pid)
    for name in ("clerk", "officer", "credit_agency", "custodian", "court_governor", "outsider", "debtor"):
        with reverts("AccessMissingRole", role=JUDGE, account=accts[name].address):
            CreditClient(credit.suite, accts[name]).transact("approveProposal", pid)
    assert credit.entry_count() == 0 and not credit.restriction(SUBJECT_A).restricted
    assert "list" not in {f["name"] for f in credit.contract.abi if f.get("type") == "function"}
    credit2.approve(pid)
    assert credit.restriction(SUBJECT_A).dishonest_debtor
    with reverts("CreditUnexpectedProposalStatus", proposalId=pid, current=2, expected=1):
        credit2.transact("approveProposal", pid)


def test_m3_single_judge_cannot_remove(
    list_: ListFn,
    credit: CreditClient,
    credit2: CreditClient,
    credit3: CreditClient,
    chain: Chain,
    judge: LocalAccount,
    judge2: LocalAccount,
    judge3: LocalAccount,
) -> None:
    """M3: a removal needs two judges, neither of them the lister (the approver of the listing may take part)."""
    entry, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    assert "remove" not in {f["name"] for f in credit.contract.abi if f.get("type") == "function"}
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge.address):
        credit.propose_removal(entry.id, doc("correction"))
    pid, proposed = credit2.propose_removal(entry.id, doc("correction ruling"))
    assert proposed.event("RemovalProposed").args == {
        "proposalId": pid,
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "objectionId": 0,
        "decisionHash": doc("correction ruling"),
        "proposer": judge2.address,
    }
    with reverts("CreditSelfApproval", proposalId=pid, account=judge2.address):
        credit2.transact("approveProposal", pid)
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge.address):
        credit.transact("approveProposal", pid)
    assert credit.entry(entry.id).status == EntryStatus.ACTIVE
    tr = chain.timestamp() + 50
    chain.set_next_timestamp(tr)
    removed, sent = credit3.approve(pid)
    assert sent.event("EntryRemoved").args == {
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "by": judge3.address,
        "objectionId": 0,
        "decisionHash": doc("correction ruling"),
        "proposalId": pid,
        "proposer": judge2.address,
    }
    assert removed.status == EntryStatus.REMOVED and removed.ended_at == tr
    assert not credit.restriction(SUBJECT_A).restricted
    # History is kept: it restricted until the removal.
    assert credit.restriction(SUBJECT_A, at=tr - 1).dishonest_debtor
    assert not credit.restriction(SUBJECT_A, at=tr).restricted
    with reverts("CreditEntryAlreadyRemoved", entryId=entry.id):
        credit2.transact("proposeRemoval", entry.id, 0, doc("again"))
    with reverts("CreditUnknownEntry", entryId=99):
        credit2.transact("proposeRemoval", 99, 0, doc("again"))
    other, _, _ = list_(SUBJECT_B, 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditZeroHash"):
        credit2.transact("proposeRemoval", other.id, 0, b"\0" * 32)
    # two removal proposals of one entry: the second approval finds it removed
    p1, _ = credit2.propose_removal(other.id, doc("one"))
    p2, _ = credit3.propose_removal(other.id, doc("two"))
    credit3.approve(p1)
    with reverts("CreditEntryAlreadyRemoved", entryId=other.id):
        credit2.transact("approveProposal", p2)


def test_m3_termination_approver_is_recused(
    suite: Suite,
    credit: CreditClient,
    credit2: CreditClient,
    credit3: CreditClient,
    as_debtor: CreditClient,
    accts: dict[str, LocalAccount],
    judge: LocalAccount,
    judge2: LocalAccount,
) -> None:
    """M3: an enforcement listing records the judge who approved the termination; that judge takes no part in its
    removal or its objections."""
    office = EnforcementClient(suite, accts["clerk"])
    cid, _ = office.open_case(DEBTOR_OF_CASES, accts["creditor"].address, 1000)
    oid, _ = EnforcementClient(suite, accts["officer"]).propose_order(
        cid, OrderKind.TERMINATE, 0, termination_listing(True, 1), EVIDENCE
    )
    sent = EnforcementClient(suite, judge2).approve_order(oid)
    listed = [e.args for e in sent.all("EntryListed")]
    assert [(a["kind"], a["domain"], a["caseId"]) for a in listed] == [(1, ENF, cid), (2, ENF, cid)]
    assert {(a["listedBy"], a["approvedBy"]) for a in listed} == {(office.address, judge2.address)}
    entry = credit.entry(int(listed[0]["entryId"]))
    assert entry.from_enforcement and entry.approved_by == judge2.address and entry.listed_by == office.address
    assert credit.is_recused(entry.id, judge2.address) and not credit.is_recused(entry.id, judge.address)
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge2.address):
        credit2.propose_removal(entry.id, doc("correction"))
    pid, _ = credit.propose_removal(entry.id, doc("correction"))
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge2.address):
        credit2.transact("approveProposal", pid)
    objection, _ = as_debtor.object(entry.id, doc("application"))
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge2.address):
        credit2.dismiss_objection(objection, doc("dismissed"))
    removed, _ = credit3.approve(pid)
    assert removed.status == EntryStatus.REMOVED
    with reverts("AccessOnlySuite", key=ENFORCEMENT_KEY, caller=judge.address):
        credit.transact("listFromEnforcement", SUBJECT_A, cid, 1, 1, EVIDENCE, judge2.address)


def test_m3_listing_must_name_an_existing_case(
    credit: CreditClient, credit2: CreditClient, cases: list[int], docket_case: int
) -> None:
    """M3: a listing names a docketed case or an existing enforcement case."""
    with reverts("CreditUnknownCase", domain=ENF, caseId=len(cases) + 1):
        credit.propose_listing(SUBJECT_A, ENF, len(cases) + 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditUnknownCase", domain=DOCKET, caseId=docket_case + 1):
        credit.propose_listing(SUBJECT_A, DOCKET, docket_case + 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditInvalidDomain", domain=0):
        credit.transact("proposeListing", SUBJECT_A, 0, 1, 1, 1, EVIDENCE, 0)
    pid, _ = credit.propose_listing(SUBJECT_A, DOCKET, docket_case, DISHONEST, 1, EVIDENCE)
    entry, _ = credit2.approve(pid)
    assert (entry.domain, entry.case_id) == (DOCKET, docket_case)


def test_m3_a_filing_not_docketed_is_no_case(
    suite: Suite, credit: CreditClient, docket_case: int, litigant: LocalAccount
) -> None:
    from courtchain.clients.docket import DEV_COURT_ID, DocketClient, MaterialInput, MaterialKind, Party, PartyRole

    parties = [Party(SUBJECT_B, PartyRole.PLAINTIFF), Party(SUBJECT_A, PartyRole.DEFENDANT)]
    material = [MaterialInput(doc("complaint"), int(MaterialKind.COMPLAINT))]
    fid, _ = DocketClient(suite, litigant).submit(DEV_COURT_ID, "民初", parties, 1, material)
    with reverts("CreditUnknownCase", domain=DOCKET, caseId=fid):
        credit.propose_listing(SUBJECT_A, DOCKET, fid, DISHONEST, 1, EVIDENCE)


def test_case_domains_do_not_collide(list_: ListFn, credit: CreditClient, docket_case: int) -> None:
    """Docket case N and enforcement case N are two cases: their entries for one subject and kind coexist."""
    enf, _, _ = list_(SUBJECT_A, docket_case, DISHONEST, 1, EVIDENCE)
    dock, _, _ = list_(SUBJECT_A, docket_case, DISHONEST, 1, EVIDENCE, domain=DOCKET)
    assert enf.id != dock.id
    assert credit.entry_for(SUBJECT_A, ENF, docket_case, DISHONEST) == enf.id
    assert credit.entry_for(SUBJECT_A, DOCKET, docket_case, DISHONEST) == dock.id
    with reverts("CreditAlreadyListed", subject=SUBJECT_A, caseId=docket_case, kind=1, entryId=dock.id):
        credit.propose_listing(SUBJECT_A, DOCKET, docket_case, DISHONEST, 2, EVIDENCE)


def test_proposals_are_cancelled_by_their_proposer_only(
    credit: CreditClient, credit2: CreditClient, judge: LocalAccount, judge2: LocalAccount, cases: list[int]
) -> None:
    pid, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditNotProposer", proposalId=pid, account=judge2.address):
        credit2.transact("cancelProposal", pid)
    sent = credit.cancel_proposal(pid)
    assert sent.event("ProposalCancelled").args == {"proposalId": pid, "by": judge.address}
    p = credit.proposal(pid)
    assert (p.status, p.decided_by) == (ProposalStatus.CANCELLED, judge.address)
    with reverts("CreditUnexpectedProposalStatus", proposalId=pid, current=3, expected=1):
        credit2.transact("approveProposal", pid)
    with reverts("CreditUnexpectedProposalStatus", proposalId=pid, current=3, expected=1):
        credit.transact("cancelProposal", pid)
    with reverts("CreditUnknownProposal", proposalId=99):
        credit2.transact("approveProposal", 99)
    with reverts("CreditUnknownProposal", proposalId=99):
        credit.view("getProposal", 99)
    with pytest.raises(NotFoundError, match="no credit proposal 99"):
        credit.proposal(99)


def test_a_proposer_who_is_no_longer_a_judge_has_no_say(
    suite: Suite,
    credit: CreditClient,
    credit2: CreditClient,
    accts: dict[str, LocalAccount],
    judge: LocalAccount,
    cases: list[int],
) -> None:
    pid, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.revoke_role("JUDGE", judge.address)])
    with reverts("CreditProposerNotJudge", proposalId=pid, proposer=judge.address):
        credit2.transact("approveProposal", pid)


def test_the_listing_is_checked_again_at_approval(
    credit: CreditClient, credit2: CreditClient, cases: list[int]
) -> None:
    p1, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
    p2, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 2, EVIDENCE)
    first, _ = credit2.approve(p1)
    with reverts("CreditAlreadyListed", subject=SUBJECT_A, caseId=1, kind=1, entryId=first.id):
        credit2.transact("approveProposal", p2)
    with reverts("CreditAlreadyListed", subject=SUBJECT_A, caseId=1, kind=1, entryId=first.id):
        credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 2, EVIDENCE)


@pytest.mark.parametrize("name", ["clerk", "officer", "credit_agency", "custodian", "court_governor", "outsider"])
def test_proposals_refused_to_everyone_but_judges(
    suite: Suite, list_: ListFn, accts: dict[str, LocalAccount], name: str
) -> None:
    other = CreditClient(suite, accts[name])
    with reverts("AccessMissingRole", role=JUDGE, account=accts[name].address):
        other.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
    entry, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    with reverts("AccessMissingRole", role=JUDGE, account=accts[name].address):
        other.propose_removal(entry.id, doc("correction"))
    oid, _ = CreditClient(suite, accts["debtor"]).object(entry.id, doc("application"))
    with reverts("AccessMissingRole", role=JUDGE, account=accts[name].address):
        other.dismiss_objection(oid, doc("dismissed"))


@pytest.mark.parametrize("name", ["outsider", "judge", "officer", "court_governor"])
def test_enforcement_hooks_refused_to_everyone_but_the_enforcement_office(
    suite: Suite, accts: dict[str, LocalAccount], name: str
) -> None:
    # The positive path runs through the real EnforcementOffice (its integration tests); here: nobody else gets in.
    other = CreditClient(suite, accts[name])
    with reverts("AccessOnlySuite", key=ENFORCEMENT_KEY, caller=accts[name].address):
        other.transact("listFromEnforcement", SUBJECT_A, 1, 1, 1, EVIDENCE, accts["judge"].address)
    with reverts("AccessOnlySuite", key=ENFORCEMENT_KEY, caller=accts[name].address):
        other.transact("delistFromEnforcement", SUBJECT_A, 1)


def test_the_contract_checks_every_listing_field(credit: CreditClient, credit2: CreditClient, cases: list[int]) -> None:
    def raw(subject: bytes, case: int, kind: int, reason: int, evidence: bytes, duration: int = 0) -> object:
        return credit.transact("proposeListing", subject, int(ENF), case, kind, reason, evidence, duration)

    with reverts("CreditZeroSubject"):
        raw(b"\0" * 32, 1, 1, 1, EVIDENCE)
    with reverts("CreditZeroCase"):
        raw(SUBJECT_A, 0, 1, 1, EVIDENCE)
    with reverts("CreditZeroHash"):
        raw(SUBJECT_A, 1, 1, 1, b"\0" * 32)
    with reverts("CreditInvalidKind", kind=0):
        raw(SUBJECT_A, 1, 0, 1, EVIDENCE)
    for kind, reason in [(1, 0), (1, 7), (1, 101), (2, 1), (2, 100), (2, 104)]:
        with reverts("CreditInvalidReason", kind=kind, reason=reason):
            raw(SUBJECT_A, 1, kind, reason, EVIDENCE)
    for duration in (MIN_DURATION - 1, MAX_DURATION + 1):
        with reverts("CreditInvalidDuration", duration=duration, min=MIN_DURATION, max=MAX_DURATION):
            raw(SUBJECT_A, 1, 1, 1, EVIDENCE, duration)
    raw(SUBJECT_A, 1, 1, 6, EVIDENCE, MIN_DURATION)
    raw(SUBJECT_A, 1, 2, 103, EVIDENCE, MAX_DURATION)
    assert credit.proposal_count() == 2
    credit2.approve(1)
    credit2.approve(2)
    assert credit.entry_count() == 2


def test_the_client_refuses_bad_input_before_sending(credit: CreditClient) -> None:
    nonce = credit.suite.chain.rpc("eth_getTransactionCount", [credit.account.address, "latest"])  # type: ignore[union-attr]
    with pytest.raises(InputError, match="not a dishonest_debtor reason"):
        credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 101, EVIDENCE)
    with pytest.raises(InputError, match="must not be zero"):
        credit.propose_listing(b"\0" * 32, ENF, 1, DISHONEST, 1, EVIDENCE)
    with pytest.raises(InputError, match="duration"):
        credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE, duration=5)
    with pytest.raises(InputError, match="case id"):
        credit.propose_listing(SUBJECT_A, ENF, 0, DISHONEST, 1, EVIDENCE)
    with pytest.raises(InputError, match="domain"):
        credit.propose_listing(SUBJECT_A, CaseDomain.NONE, 1, DISHONEST, 1, EVIDENCE)
    with pytest.raises(NotFoundError, match="no credit entry 99"):
        credit.propose_removal(99, doc("x"))
    with pytest.raises(NotFoundError, match="no objection 5"):
        credit.dismiss_objection(5, doc("x"))
    with pytest.raises(NotFoundError, match="no credit proposal 5"):
        credit.approve(5)
    assert credit.suite.chain.rpc("eth_getTransactionCount", [credit.account.address, "latest"]) == nonce  # type: ignore[union-attr]


def test_one_current_entry_per_subject_case_and_kind(list_: ListFn, remove_: RemoveFn, credit: CreditClient) -> None:
    first, _, _ = list_(SUBJECT_A, 3, DISHONEST, 1, EVIDENCE)
    with reverts("CreditAlreadyListed", subject=SUBJECT_A, caseId=3, kind=1, entryId=first.id):
        list_(SUBJECT_A, 3, DISHONEST, 2, EVIDENCE)
    # Another kind, another case or another subject is another entry.
    list_(SUBJECT_A, 3, BAN, 102, EVIDENCE)
    list_(SUBJECT_A, 4, DISHONEST, 1, EVIDENCE)
    list_(SUBJECT_B, 3, DISHONEST, 1, EVIDENCE)
    # Once the first is removed, the same subject, case and kind may be listed again.
    remove_(first.id, doc("correction"))
    again, _, _ = list_(SUBJECT_A, 3, DISHONEST, 1, EVIDENCE)
    assert again.id != first.id and credit.entry_for(SUBJECT_A, ENF, 3, DISHONEST) == again.id
    assert [e.id for e in credit.entries_of(SUBJECT_A)] == [first.id, first.id + 1, first.id + 2, again.id]


# -- expiry by time ----------------------------------------------------------------------------------------------


def test_expiry_boundary_in_views(credit: CreditClient, credit2: CreditClient, chain: Chain, cases: list[int]) -> None:
    pid, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE, duration=30 * DAY)
    t0 = chain.timestamp() + 100
    chain.set_next_timestamp(t0)
    entry, _ = credit2.approve(pid)  # the duration runs from the approval
    end = t0 + 30 * DAY
    assert entry.ends_at == end
    # Current while startsAt <= t < endsAt: the end itself is no longer restricted.
    assert not credit.is_current_at(entry.id, t0 - 1)
    assert credit.is_current_at(entry.id, t0)
    assert credit.is_current_at(entry.id, end - 1)
    assert not credit.is_current_at(entry.id, end)
    assert not credit.is_current_at(entry.id, end + 1)
    assert credit.restriction(SUBJECT_A, at=end - 1).dishonest_debtor
    assert not credit.restriction(SUBJECT_A, at=end).restricted
    assert not credit.restriction(SUBJECT_A, at=end + 1).restricted
    # The same at the chain's own clock, without any transaction to the registry.
    chain.set_time(end - 1)
    assert credit.entry_status(entry.id) == EntryStatus.ACTIVE
    chain.set_time(end)
    assert credit.entry_status(entry.id) == EntryStatus.EXPIRED
    assert credit.entry(entry.id).status == EntryStatus.EXPIRED
    chain.set_time(end + 1)
    assert credit.entry_status(entry.id) == EntryStatus.EXPIRED


@pytest.mark.parametrize(("offset", "still_listed"), [(-1, True), (0, False), (1, False)])
def test_expiry_boundary_in_transactions(
    list_: ListFn, credit: CreditClient, credit2: CreditClient, chain: Chain, offset: int, still_listed: bool
) -> None:
    # A transaction at end-1 still sees the entry (a second listing is refused); at the end and after, it does not.
    entry, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE, duration=MIN_DURATION)
    chain.set_next_timestamp(entry.ends_at + offset)
    if still_listed:
        with reverts("CreditAlreadyListed", entryId=entry.id):
            credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
    else:
        pid, _ = credit.propose_listing(SUBJECT_A, ENF, 1, DISHONEST, 1, EVIDENCE)
        again, _ = credit2.approve(pid)
        assert again.starts_at >= entry.ends_at + offset
        assert credit.entry(entry.id).status == EntryStatus.EXPIRED


# -- objections ----------------------------------------------------------------------------------------------------


def test_objection_dismissed_leaves_the_entry(
    list_: ListFn,
    credit: CreditClient,
    credit2: CreditClient,
    as_debtor: CreditClient,
    debtor: LocalAccount,
    judge: LocalAccount,
) -> None:
    entry, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    application = doc("objection application of the subject")
    oid, sent = as_debtor.object(entry.id, application)
    assert sent.event("ObjectionFiled").args == {
        "objectionId": oid,
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "objector": debtor.address,
        "applicationHash": application,
    }
    with reverts("CreditObjectionPending", entryId=entry.id, objector=debtor.address, objectionId=oid):
        as_debtor.object(entry.id, doc("second application"))
    with reverts("CreditJudgeRecused", entryId=entry.id, judge=judge.address):
        credit.dismiss_objection(oid, doc("decision"))
    with reverts("AccessMissingRole", role=JUDGE):
        as_debtor.dismiss_objection(oid, doc("decision"))
    with reverts("CreditZeroHash"):
        credit2.transact("dismissObjection", oid, b"\0" * 32)
    sent = credit2.dismiss_objection(oid, doc("dismissal"))
    assert sent.event("ObjectionResolved").args["outcome"] == ObjectionStatus.DISMISSED
    assert sent.all("EntryRemoved") == []
    assert credit.entry(entry.id).status == EntryStatus.ACTIVE and credit.restriction(SUBJECT_A).restricted
    o = credit.objection(oid)
    assert o.status == ObjectionStatus.DISMISSED and o.decision_hash == doc("dismissal") and o.resolved_at > 0
    with reverts("CreditUnexpectedObjectionStatus", objectionId=oid, current=3, expected=1):
        credit2.transact("dismissObjection", oid, doc("again"))
    # Dismissed, the subject may object again (with new grounds).
    oid2, _ = as_debtor.object(entry.id, doc("new grounds"))
    assert [o.id for o in credit.objections_of(entry.id)] == [oid, oid2]


def test_m3_objection_upheld_by_two_judges(
    list_: ListFn,
    remove_: RemoveFn,
    credit: CreditClient,
    credit2: CreditClient,
    credit3: CreditClient,
    as_debtor: CreditClient,
    suite: Suite,
    litigant: LocalAccount,
    judge2: LocalAccount,
    judge3: LocalAccount,
) -> None:
    """M3: upholding an objection removes the entry, so it is a removal proposal approved by a second judge."""
    entry, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    oid, _ = as_debtor.object(entry.id, doc("application"))
    lawyer = CreditClient(suite, litigant)  # e.g. the subject's lawyer, filing separately
    oid2, _ = lawyer.object(entry.id, doc("lawyer's application"))
    pid, _ = credit2.propose_removal(entry.id, doc("upheld"), objection_id=oid)
    assert credit.objection(oid).status == ObjectionStatus.PENDING
    assert credit.entry(entry.id).status == EntryStatus.ACTIVE
    removed, sent = credit3.approve(pid)
    assert sent.event("ObjectionResolved").args == {
        "objectionId": oid,
        "entryId": entry.id,
        "subject": SUBJECT_A,
        "outcome": ObjectionStatus.UPHELD,
        "decisionHash": doc("upheld"),
        "judge": judge3.address,
    }
    assert sent.event("EntryRemoved").args["objectionId"] == oid
    assert sent.event("EntryRemoved").args["proposer"] == judge2.address
    assert removed.status == EntryStatus.REMOVED and not credit.restriction(SUBJECT_A).restricted
    assert credit.objection(oid).resolved_by == judge3.address
    with reverts("CreditEntryAlreadyRemoved", entryId=entry.id):
        as_debtor.transact("object", entry.id, doc("more"))
    # The other pending objection stays pending; a removed entry is not removed twice, it may still be dismissed.
    with reverts("CreditEntryAlreadyRemoved", entryId=entry.id):
        credit2.transact("proposeRemoval", entry.id, oid2, doc("upheld too"))
    credit2.dismiss_objection(oid2, doc("moot"))
    with reverts("CreditUnknownObjection", objectionId=42):
        credit2.transact("dismissObjection", 42, doc("x"))
    other, _, _ = list_(SUBJECT_B, 1, DISHONEST, 1, EVIDENCE)
    with reverts("CreditZeroHash"):
        as_debtor.transact("object", other.id, b"\0" * 32)
    # An objection names its own entry; one decided meanwhile cannot be upheld by an older proposal.
    o3, _ = as_debtor.object(other.id, doc("application"))
    third, _, _ = list_(SUBJECT_C, 1, DISHONEST, 1, EVIDENCE)
    o4, _ = as_debtor.object(third.id, doc("application"))
    with reverts("CreditObjectionOfOtherEntry", objectionId=o4, entryId=other.id):
        credit2.transact("proposeRemoval", other.id, o4, doc("x"))
    pid, _ = credit2.propose_removal(other.id, doc("upheld"), objection_id=o3)
    credit3.dismiss_objection(o3, doc("dismissed"))
    with reverts("CreditUnexpectedObjectionStatus", objectionId=o3, current=3, expected=1):
        credit3.transact("approveProposal", pid)


def test_objection_against_an_expired_entry(
    list_: ListFn, remove_: RemoveFn, credit: CreditClient, as_debtor: CreditClient, chain: Chain
) -> None:
    entry, _, _ = list_(SUBJECT_A, 1, BAN, 101, EVIDENCE, duration=MIN_DURATION)
    chain.sleep(MIN_DURATION + 10)
    assert credit.entry(entry.id).status == EntryStatus.EXPIRED
    oid, _ = as_debtor.object(entry.id, doc("the record itself is wrong"))
    remove_(entry.id, doc("upheld"), objection_id=oid)
    removed = credit.entry(entry.id)
    assert removed.status == EntryStatus.REMOVED and removed.ended_at == removed.ends_at
    with reverts("CreditUnknownEntry", entryId=99):
        as_debtor.transact("object", 99, doc("x"))


# -- queries -----------------------------------------------------------------------------------------------------


def test_batch_query(list_: ListFn, suite: Suite) -> None:
    a, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    b, _, _ = list_(SUBJECT_A, 1, BAN, 102, EVIDENCE, duration=10 * DAY)
    c, _, _ = list_(SUBJECT_C, 2, BAN, 103, EVIDENCE)
    bank = CreditClient(suite)  # queries need no account, and no role
    rs = bank.check_many([SUBJECT_B, SUBJECT_A, SUBJECT_C, SUBJECT_A])
    assert [r.subject for r in rs] == [SUBJECT_B, SUBJECT_A, SUBJECT_C, SUBJECT_A]
    assert [(r.dishonest_debtor, r.high_consumption_ban) for r in rs] == [
        (False, False),
        (True, True),
        (False, True),
        (True, True),
    ]
    assert rs[1].dishonest_until == a.ends_at and rs[1].ban_until == b.ends_at and rs[2].ban_until == c.ends_at
    assert bank.check_many([]) == []
    many = [bytes([1 + i % 250]) * 32 for i in range(MAX_BATCH + 1)]
    with reverts("CreditBatchTooLarge", size=MAX_BATCH + 1, max=MAX_BATCH):
        bank.view("checkMany", many)
    assert len(bank.check_many(many)) == MAX_BATCH + 1  # the client splits into batches


def test_paged_views(list_: ListFn, credit: CreditClient, as_debtor: CreditClient, chain: Chain) -> None:
    """The whole-list views have paged variants (bounded by MAX_PAGE) that agree with them."""
    a, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    b, _, _ = list_(SUBJECT_A, 2, BAN, 101, EVIDENCE, duration=10 * DAY)
    c, _, _ = list_(SUBJECT_A, 3, DISHONEST, 2, EVIDENCE, duration=MAX_DURATION)
    assert int(credit.view("entryCountOf", SUBJECT_A)) == 3
    ids, rows = credit.view("entriesOfPage", SUBJECT_A, 1, 5)
    assert [int(i) for i in ids] == [b.id, c.id] and len(rows) == 2
    assert list(credit.view("entriesOfPage", SUBJECT_A, 7, 5)) == [[], []]
    with reverts("CreditBatchTooLarge", size=MAX_PAGE + 1, max=MAX_PAGE):
        credit.view("entriesOfPage", SUBJECT_A, 0, MAX_PAGE + 1)
    t = chain.timestamp()
    whole = credit.view("isRestrictedAt", SUBJECT_A, t)
    first = credit.view("isRestrictedAtPage", SUBJECT_A, t, 0, 2)
    last = credit.view("isRestrictedAtPage", SUBJECT_A, t, 2, 2)
    assert first == (True, True, a.ends_at, b.ends_at) and last == (True, False, c.ends_at, 0)
    merged = (first[0] or last[0], first[1] or last[1], max(first[2], last[2]), max(first[3], last[3]))
    assert tuple(whole) == merged
    oids = [as_debtor.object(a.id, doc("application"))[0], credit.object(a.id, doc("another applicant"))[0]]
    assert int(credit.view("objectionCountOf", a.id)) == 2
    assert [int(i) for i in credit.view("objectionIdsOfPage", a.id, 1, 10)] == oids[1:]
    assert [o.id for o in credit.objections_of(a.id)] == oids == [int(i) for i in credit.view("objectionIdsOf", a.id)]
    with reverts("CreditBatchTooLarge", size=MAX_PAGE + 1, max=MAX_PAGE):
        credit.view("objectionIdsOfPage", a.id, 0, MAX_PAGE + 1)


def test_entries_and_history_of_a_subject(
    list_: ListFn, remove_: RemoveFn, credit: CreditClient, as_debtor: CreditClient
) -> None:
    a, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    b, _, _ = list_(SUBJECT_A, 1, BAN, 102, EVIDENCE)
    list_(SUBJECT_B, 1, DISHONEST, 1, EVIDENCE)
    oid, _ = as_debtor.object(b.id, doc("application"))
    remove_(b.id, doc("upheld"), objection_id=oid)
    entries = credit.entries_of(SUBJECT_A)
    assert [(e.id, e.kind, e.status) for e in entries] == [
        (a.id, DISHONEST, EntryStatus.ACTIVE),
        (b.id, BAN, EntryStatus.REMOVED),
    ]
    assert credit.entries_of(SUBJECT_C) == []
    names = [(e.name, e.args.get("entryId")) for e in credit.history(SUBJECT_A)]
    assert names == [
        ("ListingProposed", None),
        ("EntryListed", a.id),
        ("ListingProposed", None),
        ("EntryListed", b.id),
        ("ObjectionFiled", b.id),
        ("RemovalProposed", b.id),
        ("ObjectionResolved", b.id),
        ("EntryRemoved", b.id),
    ]


# -- governance ----------------------------------------------------------------------------------------------------


def test_default_durations_only_by_governance(
    list_: ListFn, credit: CreditClient, suite: Suite, court_governor: LocalAccount, bank_governor: LocalAccount
) -> None:
    with reverts("AccessOnlyGovernance", caller=credit.account.address):  # type: ignore[union-attr]
        credit.transact("setDefaultDuration", 1, 365 * DAY)
    hub = ConsortiumClient(suite, court_governor)
    sent = hub.govern([credit.set_default_duration(DISHONEST, 365 * DAY)], [court_governor, bank_governor])
    ev = sent.event("DefaultDurationSet")
    assert ev.args == {"kind": 1, "previous": DEFAULT_DISHONEST_DURATION, "current": 365 * DAY}
    assert credit.default_duration(DISHONEST) == 365 * DAY
    entry, _, _ = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    assert entry.ends_at - entry.starts_at == 365 * DAY
    bad = ConsortiumClient.suite_call(credit.address, credit.call_data("setDefaultDuration", 2, 10), "too short")
    with reverts("ConsortiumActionFailed"):
        hub.govern([bad], [court_governor, bank_governor])
    with pytest.raises(InputError):
        credit.set_default_duration(BAN, 10)


# -- gas, from real receipts ---------------------------------------------------------------------------------------


def test_gas_of_each_operation(
    list_: ListFn, remove_: RemoveFn, credit2: CreditClient, credit3: CreditClient, as_debtor: CreditClient
) -> None:
    entry, proposed, listed = list_(SUBJECT_A, 1, DISHONEST, 1, EVIDENCE)
    second, proposed2, listed2 = list_(SUBJECT_A, 2, BAN, 101, EVIDENCE)
    oid, objected = as_debtor.object(entry.id, doc("application"))
    dismissed = credit2.dismiss_objection(oid, doc("dismissed"))
    oid2, _ = as_debtor.object(entry.id, doc("application 2"))
    _, proposed_up, upheld = remove_(entry.id, doc("upheld"), objection_id=oid2)
    _, proposed_rm, removed = remove_(second.id, doc("correction"))
    gas = {
        "proposeListing (first entry of a subject)": proposed.gas_used,
        "approveProposal listing (first entry of a subject)": listed.gas_used,
        "proposeListing (second entry of a subject)": proposed2.gas_used,
        "approveProposal listing (second entry of a subject)": listed2.gas_used,
        "object": objected.gas_used,
        "dismissObjection": dismissed.gas_used,
        "proposeRemoval (upholding an objection)": proposed_up.gas_used,
        "approveProposal removal (upholding an objection)": upheld.gas_used,
        "proposeRemoval (correction)": proposed_rm.gas_used,
        "approveProposal removal (correction)": removed.gas_used,
    }
    print("\nCreditRegistry gas:", gas)
    assert all(20_000 < g < 350_000 for g in gas.values()), gas


def test_gas_of_a_full_batch_query(credit: CreditClient, credit2: CreditClient, suite: Suite, cases: list[int]) -> None:
    # A view costs no transaction, but nodes cap eth_call gas (Besu: 50M by default): a full batch must fit well.
    listed = [bytes([0xEE, i]) + b"\1" * 30 for i in range(50)]
    first = credit.proposal_count() + 1
    credit.transact_many([credit.prepare("proposeListing", s, 2, 1, 1, 1, EVIDENCE, 0, gas=300_000) for s in listed])
    credit2.transact_many([credit2.prepare("approveProposal", first + i, gas=400_000) for i in range(len(listed))])
    batch = listed + [bytes([0xDD, i % 256, i // 256]) + b"\2" * 29 for i in range(MAX_BATCH - len(listed))]
    data = credit.call_data("checkMany", batch)
    gas = int(suite.chain.rpc("eth_estimateGas", [{"to": credit.address, "data": data}]), 16)
    print(f"\ncheckMany({MAX_BATCH} subjects, {len(listed)} listed): {gas:,} gas")
    assert sum(r.restricted for r in credit.check_many(batch)) == len(listed)
    assert gas < 10_000_000

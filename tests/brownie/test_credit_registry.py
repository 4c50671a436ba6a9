"""CreditRegistry, Brownie style: listing and removal by two judges (one proposes, another approves; expiry at
`endsAt` as a view, correction, objections decided by a judge other than the lister), and by the EnforcementOffice:
listed when a case is terminated for lack of property (the approving judge recorded and recused), delisted when the
case closes with every claim paid."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3

from courtchain.clients.credit import (
    DAY,
    DEFAULT_DISHONEST_DURATION,
    CaseDomain,
    EntryKind,
    EntryStatus,
    ObjectionStatus,
    ProposalStatus,
    Reason,
)
from courtchain.clients.enforcement import AssetKind, CaseStatus, OrderKind
from courtchain.commitments import commitment

SUBJECT = commitment(b"\x07" * 32, "resident", "11010519491231002X")
OTHER = commitment(b"\x08" * 32, "resident", "11010519491231002X")
ENF = CaseDomain.ENFORCEMENT
YUAN = 10**18


def doc(label: str) -> bytes:
    return bytes(web3.keccak(text=label))


def hx(value: bytes) -> str:
    return "0x" + value.hex()


@pytest.fixture(scope="module")
def credit(contract):
    return contract("CreditRegistry")


@pytest.fixture(scope="module")
def office(contract):
    return contract("EnforcementOffice")


@pytest.fixture
def case(office, clerk, debtor, creditor):
    """An enforcement case: a listing must name a case that exists."""
    tx = office.openCase(OTHER, debtor, doc("title"), creditor, 100 * YUAN, 0, brownie.ZERO_ADDRESS, {"from": clerk})
    return tx.events["CaseOpened"]["caseId"]


@pytest.fixture
def judge3(hub, govern, registrar):
    """A third judge (the registrar's account given JUDGE): a removal needs two judges other than the lister."""
    govern([(hub.address, hub.grantRole.encode_input(web3.keccak(text="JUDGE"), registrar))])
    return registrar


@pytest.fixture
def listed(credit, judge, judge2, case):
    """`judge` proposes and `judge2` approves listing SUBJECT as a dishonest debtor for 30 days; returns (entry id,
    approval transaction)."""

    def list_(kind=EntryKind.DISHONEST_DEBTOR, reason=Reason.REFUSES_DESPITE_ABILITY, duration=30 * DAY):
        tx = credit.proposeListing(SUBJECT, ENF, case, kind, reason, doc("listing decision"), duration, {"from": judge})
        tx = credit.approveProposal(tx.events["ListingProposed"]["proposalId"], {"from": judge2})
        return tx.events["EntryListed"]["entryId"], tx

    return list_


def test_two_judges_list_a_subject(credit, listed, judge, judge2, case, plain):
    entry_id, tx = listed()
    event = tx.events["EntryListed"]
    assert plain((event["subject"], event["caseId"], event["domain"], event["kind"], event["reason"])) == (
        hx(SUBJECT),
        case,
        ENF,
        EntryKind.DISHONEST_DEBTOR,
        Reason.REFUSES_DESPITE_ABILITY,
    )
    assert (event["startsAt"], event["endsAt"]) == (tx.timestamp, tx.timestamp + 30 * DAY)
    assert (event["listedBy"], event["approvedBy"]) == (judge, judge2)
    assert tx.events["ProposalApproved"]["approver"] == judge2
    entry = credit.getEntry(entry_id)
    assert entry["status"] == EntryStatus.ACTIVE and entry["listedBy"] == judge and entry["approvedBy"] == judge2
    restricted, free = (True, False, tx.timestamp + 30 * DAY, 0), (False, False, 0, 0)
    assert plain(credit.isRestricted(SUBJECT)) == restricted
    assert plain(credit.isRestricted(OTHER)) == free
    assert plain(credit.checkMany([SUBJECT, OTHER])) == (restricted, free)
    assert plain(credit.entryIdsOf(SUBJECT)) == (entry_id,)
    assert credit.entryFor(SUBJECT, ENF, case, EntryKind.DISHONEST_DEBTOR) == entry_id
    assert credit.entryFor(SUBJECT, CaseDomain.DOCKET, case, EntryKind.DISHONEST_DEBTOR) == 0


def test_the_default_duration_comes_from_governance(credit, listed):
    entry_id, tx = listed(duration=0)
    assert credit.defaultDuration(EntryKind.DISHONEST_DEBTOR) == DEFAULT_DISHONEST_DURATION
    assert credit.getEntry(entry_id)["endsAt"] == tx.timestamp + DEFAULT_DISHONEST_DURATION


def test_one_judge_alone_lists_nobody(credit, listed, case, outsider, judge, judge2, err):
    judge_role = web3.keccak(text="JUDGE")
    with brownie.reverts(err("AccessMissingRole", bytes(judge_role), outsider)):
        credit.proposeListing(SUBJECT, ENF, case, 1, 1, doc("x"), 0, {"from": outsider})
    with brownie.reverts(err("CreditInvalidReason", EntryKind.HIGH_CONSUMPTION_BAN, 1)):
        credit.proposeListing(SUBJECT, ENF, case, EntryKind.HIGH_CONSUMPTION_BAN, 1, doc("x"), 0, {"from": judge2})
    with brownie.reverts(err("CreditUnknownCase", ENF, case + 1)):
        credit.proposeListing(SUBJECT, ENF, case + 1, 1, 1, doc("x"), 0, {"from": judge})
    tx = credit.proposeListing(SUBJECT, ENF, case, 1, 1, doc("x"), 0, {"from": judge})
    proposal_id = tx.events["ListingProposed"]["proposalId"]
    with brownie.reverts(err("CreditSelfApproval", proposal_id, judge)):
        credit.approveProposal(proposal_id, {"from": judge})
    assert credit.entryCount() == 0 and credit.getProposal(proposal_id)["status"] == ProposalStatus.PENDING
    credit.cancelProposal(proposal_id, {"from": judge})
    entry_id, _ = listed()
    with brownie.reverts(err("CreditAlreadyListed", SUBJECT, case, EntryKind.DISHONEST_DEBTOR, entry_id)):
        credit.proposeListing(SUBJECT, ENF, case, EntryKind.DISHONEST_DEBTOR, 2, doc("again"), 0, {"from": judge2})


def test_an_entry_expires_at_ends_at_without_a_transaction(credit, listed, chain, mine_at):
    entry_id, tx = listed(duration=DAY)
    ends = tx.timestamp + DAY
    chain.sleep(DAY // 2)
    chain.mine()
    assert credit.entryStatus(entry_id) == EntryStatus.ACTIVE
    mine_at(ends - 1)
    assert credit.entryStatus(entry_id) == EntryStatus.ACTIVE and credit.isRestricted(SUBJECT)["dishonestDebtor"]
    mine_at(ends)
    assert credit.entryStatus(entry_id) == EntryStatus.EXPIRED
    assert not credit.isRestricted(SUBJECT)["dishonestDebtor"]
    # history stays answerable
    assert credit.isCurrentAt(entry_id, ends - 1) and not credit.isCurrentAt(entry_id, ends)
    assert credit.isRestrictedAt(SUBJECT, tx.timestamp)["dishonestDebtor"]


def test_two_judges_other_than_the_lister_remove_a_wrong_listing(credit, listed, judge, judge2, judge3, err):
    entry_id, _ = listed()
    with brownie.reverts(err("CreditJudgeRecused", entry_id, judge)):
        credit.proposeRemoval(entry_id, 0, doc("correction"), {"from": judge})
    tx = credit.proposeRemoval(entry_id, 0, doc("correction"), {"from": judge2})
    proposal_id = tx.events["RemovalProposed"]["proposalId"]
    with brownie.reverts(err("CreditJudgeRecused", entry_id, judge)):
        credit.approveProposal(proposal_id, {"from": judge})
    tx = credit.approveProposal(proposal_id, {"from": judge3})
    removed = tx.events["EntryRemoved"]
    assert (removed["entryId"], removed["by"], removed["proposer"], removed["objectionId"]) == (
        entry_id,
        judge3,
        judge2,
        0,
    )
    entry = credit.getEntry(entry_id)
    assert (entry["status"], entry["endedAt"]) == (EntryStatus.REMOVED, tx.timestamp)
    assert not credit.isRestricted(SUBJECT)["dishonestDebtor"]
    with brownie.reverts(err("CreditEntryAlreadyRemoved", entry_id)):
        credit.proposeRemoval(entry_id, 0, doc("again"), {"from": judge2})


def test_an_upheld_objection_delists_and_the_listing_judge_is_recused(
    credit, listed, debtor, judge, judge2, judge3, err
):
    entry_id, _ = listed()
    tx = credit.object(entry_id, doc("application"), {"from": debtor})
    objection_id = tx.events["ObjectionFiled"]["objectionId"]
    assert credit.getObjection(objection_id)["status"] == ObjectionStatus.PENDING
    with brownie.reverts(err("CreditObjectionPending", entry_id, debtor, objection_id)):
        credit.object(entry_id, doc("application 2"), {"from": debtor})
    with brownie.reverts(err("CreditJudgeRecused", entry_id, judge)):
        credit.dismissObjection(objection_id, doc("decision"), {"from": judge})

    tx = credit.proposeRemoval(entry_id, objection_id, doc("decision"), {"from": judge2})
    tx = credit.approveProposal(tx.events["RemovalProposed"]["proposalId"], {"from": judge3})
    assert tx.events["ObjectionResolved"]["outcome"] == ObjectionStatus.UPHELD
    assert tx.events["EntryRemoved"]["objectionId"] == objection_id
    assert credit.getEntry(entry_id)["status"] == EntryStatus.REMOVED


def test_a_dismissed_objection_leaves_the_entry(credit, listed, debtor, judge2):
    entry_id, _ = listed()
    objection_id = credit.object(entry_id, doc("application"), {"from": debtor}).events["ObjectionFiled"]["objectionId"]
    tx = credit.dismissObjection(objection_id, doc("decision"), {"from": judge2})
    assert "EntryRemoved" not in tx.events
    assert credit.getObjection(objection_id)["status"] == ObjectionStatus.DISMISSED
    assert credit.entryStatus(entry_id) == EntryStatus.ACTIVE


def test_only_the_enforcement_office_lists_from_enforcement(credit, officer, judge, err):
    key = web3.keccak(text="EnforcementOffice")  # SuiteKeys.ENFORCEMENT_OFFICE
    with brownie.reverts(err("AccessOnlySuite", bytes(key), officer)):
        credit.listFromEnforcement(SUBJECT, 1, 1, 1, doc("x"), judge, {"from": officer})
    with brownie.reverts(err("AccessOnlySuite", bytes(key), officer)):
        credit.delistFromEnforcement(SUBJECT, 1, {"from": officer})


def test_termination_lists_resumption_keeps_and_closure_delists(
    credit, office, token, chain, clerk, officer, judge, debtor, creditor, custodian, keeper, plain
):
    tx = office.openCase(SUBJECT, debtor, doc("title"), creditor, 500 * YUAN, 0, brownie.ZERO_ADDRESS, {"from": clerk})
    case_id = tx.events["CaseOpened"]["caseId"]
    # nothing found: the officer proposes termination with a ban and a dishonest listing for reason 1 (0x0103)
    listing = 0x0103
    tx = office.proposeOrder(case_id, OrderKind.TERMINATE, 0, listing, doc("termination ruling"), {"from": officer})
    tx = office.approveOrder(tx.events["OrderProposed"]["orderId"], {"from": judge})
    terminated_at = tx.timestamp
    assert tx.events["CaseTerminated"]["caseId"] == case_id
    listed = tx.events["EntryListed"]  # the CreditRegistry's events, in the office's transaction
    assert [(e["kind"], e["reason"], e["caseId"], e["listedBy"], e["approvedBy"]) for e in listed] == [
        (EntryKind.DISHONEST_DEBTOR, Reason.REFUSES_DESPITE_ABILITY, case_id, office, judge),
        (EntryKind.HIGH_CONSUMPTION_BAN, Reason.NOT_PERFORMED_IN_TIME, case_id, office, judge),
    ]
    assert all(credit.isRecused(e["entryId"], judge) for e in listed)  # the termination's judge
    entry_ids = [e["entryId"] for e in tx.events["DebtorListed"]]
    assert entry_ids == [e["entryId"] for e in listed]
    assert all(credit.getEntry(i)["evidenceHash"] == hx(doc("termination ruling")) for i in entry_ids)
    restriction = credit.isRestricted(SUBJECT)
    assert restriction["dishonestDebtor"] and restriction["highConsumptionBan"]

    # property turns up: the bank's report resumes the case; the listing stays until the debtor performs
    tx = office.reportAsset(case_id, AssetKind.REAL_ESTATE, doc("flat"), 900 * YUAN, {"from": custodian})
    assert tx.events["CaseResumed"]["assetId"] == tx.events["AssetReported"]["assetId"]
    assert office.getCase(case_id)["status"] == CaseStatus.OPEN
    assert credit.entryStatus(entry_ids[0]) == EntryStatus.ACTIVE

    chain.sleep(10 * DAY)  # the debtor pays later
    token.mint(debtor, 500 * YUAN, {"from": debtor})
    token.approve(office, 500 * YUAN, {"from": debtor})
    office.deposit(case_id, 500 * YUAN, {"from": debtor})
    tx = office.distribute(case_id, 10, {"from": keeper})  # every claim paid: the case closes and delists
    assert tx.events["CaseClosed"]["caseId"] == case_id
    assert tx.events["DebtorDelisted"]["entries"] == 2
    assert sorted(e["entryId"] for e in tx.events["EntryDelisted"]) == sorted(entry_ids)
    assert [credit.entryStatus(i) for i in entry_ids] == [EntryStatus.DELISTED, EntryStatus.DELISTED]
    assert plain(credit.isRestricted(SUBJECT)) == (False, False, 0, 0)
    # the record of the past stays: restricted from termination until the second of delisting
    assert credit.isRestrictedAt(SUBJECT, terminated_at)["dishonestDebtor"]
    assert not credit.isRestrictedAt(SUBJECT, tx.timestamp)["dishonestDebtor"]
    assert credit.getEntry(entry_ids[0])["endedAt"] == tx.timestamp

"""EnforcementOffice, Brownie style: a case opened on application, creditors by priority, an asset reported by the
bank, freeze and deduction under two-person control (officer proposes, another judge approves, the bank's custodian
executes), distribution by priority and pro rata in pages, pull withdrawals, closure, and the audit chain rebuilt
from the events alone."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3
from eth_abi import encode

from courtchain.clients.enforcement import AssetKind, CaseStatus, ClaimClass, OrderKind, OrderStatus
from courtchain.commitments import commitment

YUAN = 10**18
DEBTOR = commitment(b"\x05" * 32, "resident", "11010519491231002X")


def doc(label: str) -> bytes:
    return bytes(web3.keccak(text=label))


@pytest.fixture(scope="module")
def office(contract):
    return contract("EnforcementOffice")


@pytest.fixture
def case(office, clerk, judge, judge2, debtor, creditor, creditor2, creditor3):
    """A case on application: the creditor's ordinary claim of 1,000 and costs of 50 (payee the clerk, proposed by
    the clerk, admitted by a judge), then a priority claim of 300 (rank 1) and a second ordinary claim of 500, each
    proposed by one judge and approved by the other. Returns the case id."""
    tx = office.openCase(DEBTOR, debtor, doc("judgment"), creditor, 1_000 * YUAN, 50 * YUAN, clerk, {"from": clerk})
    case_id = tx.events["CaseOpened"]["caseId"]
    office.approveAdmission(tx.events["AdmissionProposed"]["admissionId"], {"from": judge})
    for payee, cls, rank, claim, basis in (
        (creditor2, ClaimClass.PRIORITY, 1, 300 * YUAN, "mortgage"),
        (creditor3, ClaimClass.ORDINARY, 0, 500 * YUAN, "judgment 2"),
    ):
        tx = office.proposeAdmission(case_id, payee, cls, rank, claim, doc(basis), {"from": judge})
        office.approveAdmission(tx.events["AdmissionProposed"]["admissionId"], {"from": judge2})
    return case_id


@pytest.fixture
def seize(office, token, officer, judge, custodian):
    """Report a deposit of `value`, freeze `frozen` of it and deduct `deducted` into the office (each order proposed
    by the officer, approved by the judge, executed by the bank's custodian). Returns the asset id and the txs."""

    def run(case_id, value, frozen, deducted):
        txs = [office.reportAsset(case_id, AssetKind.BANK_DEPOSIT, doc("account 6222"), value, {"from": custodian})]
        asset_id = txs[-1].events["AssetReported"]["assetId"]
        for kind, amount in ((OrderKind.FREEZE, frozen), (OrderKind.DEDUCT, deducted)):
            txs.append(office.proposeOrder(case_id, kind, asset_id, amount, doc(f"order {kind}"), {"from": officer}))
            order_id = txs[-1].events["OrderProposed"]["orderId"]
            txs.append(office.approveOrder(order_id, {"from": judge}))
            if kind == OrderKind.DEDUCT:
                token.mint(custodian, amount, {"from": custodian})
                token.approve(office, amount, {"from": custodian})
            txs.append(office.executeOrder(order_id, amount, {"from": custodian}))
        return asset_id, txs

    return run


def test_a_case_opens_on_application_with_an_asset_inquiry(office, case, clerk, creditor, plain):
    c = office.getCase(case)
    assert (c["status"], c["creditorCount"], c["openedBy"], c["autoApproval"]) == (CaseStatus.OPEN, 4, clerk, False)
    assert c["debtor"] == "0x" + DEBTOR.hex()
    assert c["outstanding"] == 1_850 * YUAN
    assert plain(office.getCreditor(case, 0))[:4] == (creditor.address, ClaimClass.ORDINARY, 0, 1_000 * YUAN)
    assert office.getCreditor(case, 2)["class_"] == ClaimClass.PRIORITY


def test_freeze_needs_an_officer_a_different_judge_and_the_banks_custodian(
    office, case, hub, govern, officer, judge, custodian, outsider, err
):
    asset_id = office.reportAsset(case, AssetKind.BANK_DEPOSIT, doc("acct"), 900 * YUAN, {"from": custodian}).events[
        "AssetReported"
    ]["assetId"]
    officer_role = web3.keccak(text="ENFORCEMENT_OFFICER")
    with brownie.reverts(err("AccessMissingRole", bytes(officer_role), judge)):
        office.proposeOrder(case, OrderKind.FREEZE, asset_id, 900 * YUAN, doc("freeze"), {"from": judge})
    order_id = office.proposeOrder(case, OrderKind.FREEZE, asset_id, 900 * YUAN, doc("freeze"), {"from": officer})
    order_id = order_id.events["OrderProposed"]["orderId"]
    with brownie.reverts(err("EnforcementOrderUnexpectedStatus", order_id, OrderStatus.PROPOSED, OrderStatus.APPROVED)):
        office.executeOrder(order_id, 900 * YUAN, {"from": custodian})

    # a judge who also holds the officer role still cannot approve an order of his own
    govern([(hub.address, hub.grantRole.encode_input(officer_role, judge))])
    own = office.proposeOrder(case, OrderKind.FREEZE, asset_id, 1, doc("own"), {"from": judge})
    own = own.events["OrderProposed"]["orderId"]
    with brownie.reverts(err("EnforcementSelfApproval", own, judge)):
        office.approveOrder(own, {"from": judge})

    office.approveOrder(order_id, {"from": judge})
    with brownie.reverts(err("AccessMissingRole", bytes(web3.keccak(text="CUSTODIAN")), outsider)):
        office.executeOrder(order_id, 900 * YUAN, {"from": outsider})
    with brownie.reverts(err("EnforcementAmountTooLarge", 901 * YUAN, 900 * YUAN)):
        office.executeOrder(order_id, 901 * YUAN, {"from": custodian})
    tx = office.executeOrder(order_id, 600 * YUAN, {"from": custodian})  # the bank froze what the account held
    executed = tx.events["OrderExecuted"]
    assert (executed["executor"], executed["proposer"], executed["approver"]) == (custodian, officer, judge)
    assert office.getAsset(asset_id)["frozen"] == 600 * YUAN
    assert office.caseMoney(case)["frozen"] == 600 * YUAN
    assert office.getOrder(order_id)["status"] == OrderStatus.EXECUTED


def test_seize_distribute_by_priority_and_pro_rata_then_withdraw(
    office, token, case, seize, keeper, clerk, creditor, creditor2, creditor3, outsider, err
):
    asset_id, _ = seize(case, 2_000 * YUAN, 1_000 * YUAN, 800 * YUAN)
    assert office.getAsset(asset_id)["deducted"] == 800 * YUAN
    money = office.caseMoney(case)
    assert (money["frozen"], money["seized"], money["undistributed"]) == (200 * YUAN, 800 * YUAN, 800 * YUAN)
    assert token.balanceOf(office) == 800 * YUAN

    tx = office.distribute(case, 10, {"from": keeper})  # anyone: the rule decides
    # costs first (50), then the priority claim (300), then 450 pro rata over ordinary 1,000 : 500
    credited = [(e["creditorId"], e["payee"], e["amount"]) for e in tx.events["DistributionCredited"]]
    assert credited == [
        (0, creditor, 300 * YUAN),
        (1, clerk, 50 * YUAN),
        (2, creditor2, 300 * YUAN),
        (3, creditor3, 150 * YUAN),
    ]
    assert tx.events["DistributionCompleted"]["distributed"] == 800 * YUAN
    money = office.caseMoney(case)
    assert (money["distributed"], money["owed"], money["outstanding"]) == (800 * YUAN, 800 * YUAN, 1_050 * YUAN)
    assert office.getCase(case)["status"] == CaseStatus.OPEN  # claims remain

    with brownie.reverts(err("EnforcementNotPayee", case, 0, outsider)):
        office.withdraw(case, 0, {"from": outsider})
    tx = office.withdraw(case, 0, {"from": creditor})
    assert tx.events["Withdrawn"]["amount"] == 300 * YUAN
    assert token.balanceOf(creditor) == 300 * YUAN
    with brownie.reverts(err("EnforcementNothingOwed", case, 0)):
        office.withdraw(case, 0, {"from": creditor})
    # the office holds exactly what is undistributed plus what is owed
    money = office.caseMoney(case)
    assert token.balanceOf(office) == money["undistributed"] + money["owed"] == 500 * YUAN


def test_distribution_in_pages_and_closure_when_every_claim_is_paid(
    office, token, case, seize, debtor, keeper, plain, err
):
    seize(case, 2_000 * YUAN, 1_000 * YUAN, 1_000 * YUAN)
    token.mint(debtor, 850 * YUAN, {"from": debtor})
    token.approve(office, 850 * YUAN, {"from": debtor})
    with brownie.reverts(err("EnforcementAmountTooLarge", 851 * YUAN, 850 * YUAN)):
        office.deposit(case, 851 * YUAN, {"from": debtor})  # capped at what is still needed
    office.deposit(case, 850 * YUAN, {"from": debtor})

    tx = office.distribute(case, 3, {"from": keeper})
    assert plain(tx.return_value) == (3, False) and "CaseClosed" not in tx.events
    assert office.getCase(case)["cursor"] == 3
    tx = office.distribute(case, 3, {"from": keeper})
    assert plain(tx.return_value) == (1, True)
    assert tx.events["CaseClosed"]["frozenReleased"] == 0  # the freeze of 1,000 was all deducted
    assert office.getCase(case)["status"] == CaseStatus.CLOSED
    money = office.caseMoney(case)
    assert (money["outstanding"], money["distributed"], money["owed"]) == (0, 1_850 * YUAN, 1_850 * YUAN)
    assert token.balanceOf(office) == 1_850 * YUAN


def test_a_release_order_unfreezes(office, case, officer, judge2, custodian, seize):
    asset_id, _ = seize(case, 2_000 * YUAN, 1_000 * YUAN, 100 * YUAN)
    order_id = office.proposeOrder(case, OrderKind.RELEASE, asset_id, 400 * YUAN, doc("release"), {"from": officer})
    order_id = order_id.events["OrderProposed"]["orderId"]
    office.approveOrder(order_id, {"from": judge2})
    office.executeOrder(order_id, 400 * YUAN, {"from": custodian})
    assert office.getAsset(asset_id)["frozen"] == 500 * YUAN
    assert office.caseMoney(case)["frozen"] == 500 * YUAN


def test_an_auditor_rebuilds_the_audit_chain_from_events(office, case, seize, keeper, creditor):
    seize(case, 2_000 * YUAN, 1_000 * YUAN, 800 * YUAN)
    office.distribute(case, 10, {"from": keeper})
    office.withdraw(case, 0, {"from": creditor})
    # every AuditRecorded of the case, from the logs alone (opening and admissions included)
    logs = office.events.get_sequence(from_block=0, event_type="AuditRecorded")
    records = [e.args for e in logs if e.args.caseId == case]
    # opened, 3 admission proposals (the costs at opening, two more), 4 admissions (the title creditor's with the
    # opening), asset, 2 orders x 3 steps, a distribution page, withdrawal
    assert len(records) == 17
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    head = bytes(32)
    for r in records:
        op_hash = web3.keccak(
            encode(["address", "address", "uint256", "uint256"], [r["actor"], r["approver"], r["ref"], r["amount"]])
        )
        assert op_hash == r["opHash"]
        head = bytes(
            web3.keccak(
                encode(
                    ["bytes32", "uint256", "uint256", "uint8", "bytes32"],
                    [head, case, r["seq"], r["opKind"], bytes(op_hash)],
                )
            )
        )
        assert head == bytes(r["head"])
    on_chain_head, seq = office.auditHead(case)
    assert on_chain_head == "0x" + head.hex() and seq == len(records)

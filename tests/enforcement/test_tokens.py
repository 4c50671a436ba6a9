"""A failing token leaves the books unchanged; a reentrant or rejecting recipient blocks nobody else."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.enforcement import AssetKind, EnforcementClient, OrderKind, OrderStatus
from courtchain.suite import Suite
from tests.helpers import reverts

from .conftest import DEBTOR, TITLE, deploy_contract, send

BANK = keccak(text="bank account")


def office_with(suite: Suite, accts: dict[str, LocalAccount], token_name: str) -> tuple[Suite, str]:
    token = deploy_contract(suite, accts["keeper"], token_name)
    office = deploy_contract(suite, accts["keeper"], "EnforcementOffice", suite.address("CourtConsortium"), token)
    s = Suite(suite.chain, suite.artifacts, {**suite.addresses, "EnforcementOffice": office, token_name: token})
    return s, token


def seized_case(s: Suite, accts: dict[str, LocalAccount], token: str, token_name: str, payees: list[str]) -> int:
    clerk = EnforcementClient(s, accts["clerk"])
    cid, _ = clerk.open_case(DEBTOR, payees[0], 100, title_hash=TITLE)
    for p in payees[1:]:
        admission, _ = EnforcementClient(s, accts["judge"]).propose_admission(cid, p, 100)
        EnforcementClient(s, accts["judge2"]).approve_admission(admission)
    aid, _ = EnforcementClient(s, accts["custodian"]).report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 1000)
    for kind in (OrderKind.FREEZE, OrderKind.DEDUCT):
        oid, _ = EnforcementClient(s, accts["officer"]).propose_order(cid, kind, aid, 100 * len(payees))
        EnforcementClient(s, accts["judge"]).approve_order(oid)
        if kind == OrderKind.FREEZE:
            EnforcementClient(s, accts["custodian"]).execute_order(oid)
    send(s, accts["keeper"], token_name, token, "mint", accts["custodian"].address, 10_000)
    send(s, accts["custodian"], token_name, token, "approve", s.address("EnforcementOffice"), 10_000)
    return cid


def test_reverting_token_leaves_books_unchanged(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    s, token = office_with(suite, accts, "RevertingToken")
    cid = seized_case(s, accts, token, "RevertingToken", [accts["creditor"].address, accts["creditor2"].address])
    custodian = EnforcementClient(s, accts["custodian"])
    deduct = int(custodian.view("orderCount"))
    before = custodian.money(cid)
    send(s, accts["keeper"], "RevertingToken", token, "setMode", 1)
    with reverts("Error", reason="RevertingToken: transfer refused"):
        custodian.execute_order(deduct, approve_token=False)
    send(s, accts["keeper"], "RevertingToken", token, "setMode", 2)
    with reverts("Error", reason="SafeERC20: ERC20 operation did not succeed"):
        custodian.execute_order(deduct, approve_token=False)
    assert custodian.money(cid) == before and custodian.order(deduct).status == OrderStatus.APPROVED
    send(s, accts["keeper"], "RevertingToken", token, "setMode", 0)
    custodian.execute_order(deduct, approve_token=False)
    EnforcementClient(s, accts["keeper"]).distribute_all(cid, 1)
    creditor = EnforcementClient(s, accts["creditor"])
    for mode, error in ((1, "RevertingToken: transfer refused"), (2, "SafeERC20: ERC20 operation did not succeed")):
        send(s, accts["keeper"], "RevertingToken", token, "setMode", mode)
        with reverts("Error", reason=error):
            creditor.withdraw(cid, 0)
        assert creditor.creditor(cid, 0).owed == 100
    send(s, accts["keeper"], "RevertingToken", token, "setMode", 0)
    assert creditor.withdraw(cid, 0)[0] == 100
    assert creditor.token_balance() == 100 and creditor.money(cid).owed == 100


def test_reentrant_and_rejecting_recipient_block_nobody(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    s, token = office_with(suite, accts, "ReentrantToken")
    evil = deploy_contract(suite, accts["keeper"], "MaliciousReceiver")
    office = s.address("EnforcementOffice")
    cid = seized_case(s, accts, token, "ReentrantToken", [accts["creditor"].address, evil, accts["creditor2"].address])
    keeper = EnforcementClient(s, accts["keeper"])
    custodian = EnforcementClient(s, accts["custodian"])
    custodian.execute_order(int(custodian.view("orderCount")), approve_token=False)
    keeper.distribute_all(cid, 2)
    send(s, accts["keeper"], "ReentrantToken", token, "setHooked", evil, True)
    withdraw_evil = keeper.call_data("withdraw", cid, 1)
    withdraw_other = keeper.call_data("withdraw", cid, 2)

    # 1. the receiver rejects the payment: its own withdrawal fails, nobody else's
    send(s, accts["keeper"], "MaliciousReceiver", evil, "configure", office, b"", True)
    with reverts("Error", reason="MaliciousReceiver: payment rejected"):
        send(s, accts["keeper"], "MaliciousReceiver", evil, "act", withdraw_evil)
    assert EnforcementClient(s, accts["creditor"]).withdraw(cid, 0)[0] == 100
    assert keeper.creditor(cid, 1).owed == 100

    # 2. the receiver re-enters during its withdrawal (its own and another creditor's): the guard refuses
    for data in (withdraw_evil, withdraw_other):
        snap = s.chain.snapshot()
        s.reset_nonces()
        send(s, accts["keeper"], "MaliciousReceiver", evil, "configure", office, bytes.fromhex(data[2:]), False)
        send(s, accts["keeper"], "MaliciousReceiver", evil, "act", withdraw_evil)
        receiver = s.contract("MaliciousReceiver", evil).functions
        assert receiver.reentryAttempted().call() is True
        assert receiver.reentrySucceeded().call() is False
        assert b"ReentrancyGuard: reentrant call" in bytes(receiver.reentryRevert().call())
        assert keeper.token_balance(evil) == 100 and keeper.creditor(cid, 1).owed == 0
        assert keeper.creditor(cid, 2).owed == 100
        s.chain.revert(snap)
        s.reset_nonces()
    assert EnforcementClient(s, accts["creditor2"]).withdraw(cid, 2)[0] == 100
    m = keeper.money(cid)
    assert keeper.token_balance() == m.owed + m.undistributed == 100

"""One whole procedure on the real suite, shared by the audit and keeper tests: a confirmed mediation agreement,
one instalment paid, the second missed; the keeper triggers the default; the enforcement case runs through
freeze, deduction, distribution among three creditors, withdrawals, termination with listing, resumption,
payment in full, closure and delisting."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.chain import Chain
from courtchain.clients.enforcement import AssetKind, ClaimClass, EnforcementClient, OrderKind, termination_listing
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient
from courtchain.commitments import commitment
from courtchain.keeper import Keeper
from courtchain.suite import Suite
from courtchain.txn import Call
from courtchain.watchers import default_watchers

DAY = 24 * 3600
DEBTOR_ID = commitment(b"\x31" * 32, "passport", "E33333333")
CREDITOR_ID = commitment(b"\x32" * 32, "passport", "E44444444")
AGREEMENT = bytes(keccak(text="mediation agreement"))
BANK = bytes(keccak(text="bank account 6222"))


@dataclass
class Procedure:
    obligation: int
    case: int
    keeper: Keeper


def mint(suite: Suite, sender: LocalAccount, to: str, amount: int) -> None:
    t = suite.contract("SettlementToken")
    suite.sender(sender).send(
        Call(to=t.address, data=str(t.encode_abi("mint", args=[to, amount])), contract="SettlementToken")
    )


def run_procedure(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount], state: Path, start_block: int
) -> Procedure:
    a = accts
    token = suite.address("SettlementToken")
    now = chain.timestamp()
    reg = ObligationClient(suite, a["mediator"])
    terms = AgreementTerms(
        document_hash=AGREEMENT,
        debtor=DEBTOR_ID,
        debtor_account=a["debtor"].address,
        creditor=CREDITOR_ID,
        creditor_account=a["creditor"].address,
        token=token,
        amounts=(300, 700),
        due_dates=(now + 10 * DAY, now + 20 * DAY),
        grace_period=2 * DAY,
        acceleration=False,
        consequence=Consequence.ENFORCEMENT,
        court_id=0,
        case_type=b"\0" * 32,
    )
    oid, _ = reg.create_agreement(terms)
    ObligationClient(suite, a["debtor"]).sign(oid)
    ObligationClient(suite, a["creditor"]).sign(oid)
    ObligationClient(suite, a["judge"]).confirm(oid, bytes(keccak(text="confirmation ruling")))
    keeper = Keeper(suite, a["keeper"], default_watchers(suite), state, start_block=start_block)
    keeper.run_pass()
    mint(suite, a["keeper"], a["debtor"].address, 300)
    ObligationClient(suite, a["debtor"]).pay(oid, 300)
    keeper.run_pass()
    chain.set_time(now + 20 * DAY + 2 * DAY + 1)  # the second instalment's grace has run out
    report = keeper.run_pass()
    assert report.triggered == {"defaults": [oid]}, report
    cid = int(ObligationClient(suite).obligation(oid).consequence_id)

    def enf(name: str) -> EnforcementClient:
        return EnforcementClient(suite, a[name])

    # joining creditors: one judge proposes, another approves
    for payee, claim, cls, rank, basis in (
        (a["creditor2"].address, 700, ClaimClass.ORDINARY, 0, "c2"),
        (a["creditor3"].address, 200, ClaimClass.PRIORITY, 1, "c3"),
    ):
        admission, _ = enf("judge").propose_admission(cid, payee, claim, cls, rank, bytes(keccak(text=basis)))
        enf("judge2").approve_admission(admission)

    def seize(amount: int, value: int) -> None:
        aid, _ = enf("custodian").report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, value)
        order, _ = enf("officer").propose_order(cid, OrderKind.FREEZE, aid, amount)
        enf("judge").approve_order(order)
        enf("custodian").execute_order(order, amount)
        order, _ = enf("officer").propose_order(cid, OrderKind.DEDUCT, aid, amount)
        enf("judge2").approve_order(order)
        mint(suite, a["keeper"], a["custodian"].address, amount)
        enf("custodian").execute_order(order, amount)

    seize(600, 600)  # priority 200 in full, the ordinary 700 + 700 share 400 pro rata
    enf("keeper").distribute_all(cid)
    for name, creditor_id in (("creditor", 0), ("creditor2", 1), ("creditor3", 2)):
        enf(name).withdraw(cid, creditor_id)
    order, _ = enf("officer").propose_order(
        cid, OrderKind.TERMINATE, 0, termination_listing(ban=True, dishonest_reason=1), bytes(keccak(text="ruling"))
    )
    enf("judge").approve_order(order)  # terminated, debtor listed
    seize(1000, 5000)  # new property: the case resumes; the rest is paid
    enf("keeper").distribute_all(cid)  # paid in full: closed, delisted
    enf("creditor").withdraw(cid, 0)
    keeper.run_pass()
    return Procedure(oid, cid, keeper)

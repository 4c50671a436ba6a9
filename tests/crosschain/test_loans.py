"""A notarised loan reported by a bank's chain (B) becomes an obligation on the court's chain (A), and the
ObligationRegistry's own default rule — not the bank's word — opens the enforcement case."""

from __future__ import annotations

from pathlib import Path

from courtchain.accounts import dev_accounts
from courtchain.clients import crosschain as xc
from courtchain.clients.base import Sent
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.obligations import ObligationClient, ObligationKind, ObligationStatus
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.helpers import reverts

from .conftest import TwoChains, doc, governors
from .test_crosschain import relay_all

ACC = dev_accounts()
AMOUNT = 1_000_000


def report(pair: TwoChains, key: str = "loan-1", amount: int = AMOUNT, by: str = "custodian") -> Sent:
    due = pair.a.chain.timestamp() + 10 * 86400
    return xc.CrossChainLoansClient(pair.b, ACC[by]).report_loan(
        pair.a.chain.chain_id,
        doc(key),
        doc("notarised instrument " + key),
        doc("debtor commitment"),
        ACC["debtor"].address,
        ACC["creditor"].address,
        amount,
        due,
        pair.a.chain.timestamp() + 86400,
    )


def test_reported_loan_defaults_by_the_registry_rule_and_opens_enforcement(pair: TwoChains, tmp_path: Path) -> None:
    with reverts("AccessMissingRole", account=ACC["outsider"].address):
        report(pair, by="outsider")
    with reverts("CrossChainLoansInvalidLoan"):
        report(pair, amount=0)
    report(pair)
    with reverts("CrossChainLoansAlreadyReported"):
        report(pair)
    relay_all(pair, tmp_path)
    [registered] = [e for e in pair.a.logs(["CrossChainLoans"]) if e.name == "LoanRegistered"]
    oid = int(registered.args["obligationId"])
    registry = ObligationClient(pair.a, ACC["keeper"])
    o = registry.obligation(oid)
    assert o.kind == ObligationKind.NOTARISED_LOAN and o.status == ObligationStatus.ACTIVE
    assert o.total == AMOUNT and o.creditor_account == ACC["creditor"].address
    with reverts("ObligationNotYetInDefault", obligationId=oid):
        registry.trigger_default(oid)
    pair.a.chain.set_time(o.due_dates[0] + o.grace_period + 1)
    sent = registry.trigger_default(oid)
    opened = sent.event("EnforcementOpened")
    assert opened.args["obligationId"] == oid and opened.args["amount"] == AMOUNT


def _forwarder(suite: Suite) -> str:
    art = suite.artifacts["SuiteCaller"]
    factory = suite.chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    r = suite.sender(ACC["keeper"]).send(
        Call(to="", data=factory.constructor().data_in_transaction, contract="SuiteCaller")
    )
    addr = str(r["contractAddress"])
    g = governors()
    hub = ConsortiumClient(suite, g[0])
    hub.govern([hub.set_suite_contract(xc.SUITE_KEYS["CrossChainLoans"], addr)], g, "a stand-in for CrossChainLoans")
    return addr


def test_registry_refuses_an_invalid_or_repeated_title_from_the_loans_contract(pair: TwoChains) -> None:
    caller = _forwarder(pair.a)
    registry = pair.a.address("ObligationRegistry")

    def register(amount: int) -> None:
        data = pair.a.encode(
            "ObligationRegistry",
            "registerCrossChainTitle",
            [7, doc("k"), doc("title"), doc("debtor"), ACC["debtor"].address, ACC["creditor"].address, amount, 10**10],
        )
        fwd = pair.a.encode("SuiteCaller", "forward", [registry, bytes.fromhex(data[2:])])
        pair.a.sender(ACC["keeper"]).send(Call(to=caller, data=fwd, contract="ObligationRegistry"))

    with reverts("ObligationInvalidTitle", sourceChainId=7):
        register(0)
    register(5)
    with reverts(
        "ObligationTitleAlreadyRegistered", sourceChainId=7, obligationId=ObligationClient(pair.a).obligation_count()
    ):
        register(5)

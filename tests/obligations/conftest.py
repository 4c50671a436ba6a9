"""Fixtures for ObligationRegistry: clients per party, agreement terms, and the intake recorder (a test stand-in
for the docket's and the office's hooks, registered in the hub under their keys for unit tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.docket import DocketClient
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient, case_type_code
from courtchain.commitments import commitment
from courtchain.roles import SUITE_KEYS
from courtchain.suite import Suite
from courtchain.txn import Call

DAY = 24 * 3600
DEBTOR_ID = commitment(b"\x01" * 32, "resident", "11010519491231002X")
CREDITOR_ID = commitment(b"\x02" * 32, "uscc", "91350100M000100Y43")
DOC = bytes.fromhex("ab" * 32)
COURT_ID = 1


def as_(client: ObligationClient, account: LocalAccount) -> ObligationClient:
    return ObligationClient(client.suite, account)


@pytest.fixture
def reg(suite: Suite, mediator: LocalAccount, clerk: LocalAccount) -> ObligationClient:
    """The registry as the mediator, with court 1 configured in the docket for the trial consequence (民初)."""
    docket = DocketClient(suite, clerk)
    docket.configure_court(COURT_ID, "京", "0491")
    docket.set_case_type(COURT_ID, "民初", [1], 7 * DAY)
    return ObligationClient(suite, mediator)


@pytest.fixture
def token(suite: Suite) -> str:
    return suite.address("SettlementToken")


def mint(suite: Suite, sender: LocalAccount, to: str, amount: int) -> None:
    t = suite.contract("SettlementToken")
    data = str(t.encode_abi("mint", args=[to, amount]))
    suite.sender(sender).send(Call(to=t.address, data=data, contract="SettlementToken"))


def balance(suite: Suite, account: str) -> int:
    return int(suite.contract("SettlementToken").functions.balanceOf(account).call())


@pytest.fixture
def make_terms(chain: Chain, debtor: LocalAccount, creditor: LocalAccount, token: str) -> Callable[..., AgreementTerms]:
    def make(**overrides: Any) -> AgreementTerms:
        now = chain.timestamp()
        base = AgreementTerms(
            document_hash=DOC,
            debtor=DEBTOR_ID,
            debtor_account=debtor.address,
            creditor=CREDITOR_ID,
            creditor_account=creditor.address,
            token=token,
            amounts=(300, 300, 400),
            due_dates=(now + 30 * DAY, now + 60 * DAY, now + 90 * DAY),
            grace_period=5 * DAY,
            acceleration=False,
            consequence=Consequence.TRIAL,
            court_id=COURT_ID,
            case_type=case_type_code("民初"),
        )
        return replace(base, **overrides)

    return make


@pytest.fixture
def binding(
    reg: ObligationClient, make_terms: Callable[..., AgreementTerms], debtor: LocalAccount, creditor: LocalAccount
) -> Callable[..., int]:
    """Record an agreement and have both parties sign it on chain; returns its id."""

    def make(**overrides: Any) -> int:
        oid, _ = reg.create_agreement(make_terms(**overrides))
        as_(reg, debtor).sign(oid)
        as_(reg, creditor).sign(oid)
        return oid

    return make


def govern(suite: Suite, accts: dict[str, LocalAccount], actions: list[Any]) -> None:
    hub = ConsortiumClient(suite, accts["court_governor"])
    hub.govern(actions, [accts["court_governor"], accts["bank_governor"], accts["credit_governor"]])


@pytest.fixture
def recorder(suite: Suite, chain: Chain, accts: dict[str, LocalAccount], token: str) -> Suite:
    """Deploy two IntakeRecorders, registered as CaseDocket and as EnforcementOffice (the hub records an address under
    one suite key only); returns a Suite whose `IntakeRecorder` is the docket's and that decodes both."""
    art = suite.artifacts["IntakeRecorder"]
    factory = chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    data = str(factory.constructor(token).data_in_transaction)
    sender = suite.sender(accts["outsider"])
    docket, office = (
        str(sender.send(Call(to="", data=data, contract="IntakeRecorder"))["contractAddress"]) for _ in range(2)
    )
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(
        suite,
        accts,
        [
            hub.set_suite_contract(SUITE_KEYS["CaseDocket"], docket),
            hub.set_suite_contract(SUITE_KEYS["EnforcementOffice"], office),
        ],
    )
    extended = Suite(chain, suite.artifacts, {**suite.addresses, "IntakeRecorder": docket})
    extended._by_address[office.lower()] = "IntakeRecorder"  # the office's recorder's events decode too
    extended._senders = suite._senders  # share nonce bookkeeping with the session suite
    return extended

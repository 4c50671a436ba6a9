"""Fixtures for EnforcementOffice tests: clients per role, token helpers, and deployment of test mocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.enforcement import ClaimClass, EnforcementClient
from courtchain.commitments import commitment
from courtchain.roles import SUITE_KEYS
from courtchain.suite import Suite
from courtchain.txn import Call

DEBTOR = commitment(b"\x11" * 32, "passport", "E12345678")
TITLE = b"\x22" * 32


def deploy_contract(suite: Suite, account: LocalAccount, name: str, *args: Any) -> str:
    art = suite.artifacts[name]
    factory = suite.chain.w3.eth.contract(abi=art.abi, bytecode=art.bytecode)
    receipt = suite.sender(account).send(
        Call(to="", data=factory.constructor(*args).data_in_transaction, contract=name)
    )
    return str(receipt["contractAddress"])


def send(suite: Suite, account: LocalAccount, name: str, address: str, fn: str, *args: Any) -> Any:
    c = suite.contract(name, address)
    return suite.sender(account).send(Call(to=c.address, data=str(c.encode_abi(fn, args=list(args))), contract=name))


def mint(suite: Suite, to: str, amount: int, token: str | None = None, name: str = "SettlementToken") -> None:
    acct = _any_account(suite)
    send(suite, acct, name, token or suite.address("SettlementToken"), "mint", to, amount)


def _any_account(suite: Suite) -> LocalAccount:
    from courtchain.accounts import dev_accounts

    return dev_accounts()["keeper"]


def governors(accts: dict[str, LocalAccount]) -> list[LocalAccount]:
    return [accts["court_governor"], accts["bank_governor"]]


def govern(suite: Suite, accts: dict[str, LocalAccount], actions: list[Any]) -> None:
    hub = ConsortiumClient(suite, accts["court_governor"])
    hub.govern(actions, governors(accts), "test")


def install_suite_caller(suite: Suite, accts: dict[str, LocalAccount], key: str) -> str:
    """Deploy a SuiteCaller and register it in the hub under `key` (a stand-in for a suite contract)."""
    addr = deploy_contract(suite, accts["keeper"], "SuiteCaller")
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.set_suite_contract(SUITE_KEYS[key], addr)])
    return addr


@dataclass
class Office:
    """One client per role on the same office."""

    suite: Suite
    clerk: EnforcementClient
    judge: EnforcementClient
    judge2: EnforcementClient
    officer: EnforcementClient
    custodian: EnforcementClient
    anyone: EnforcementClient
    accts: dict[str, LocalAccount]

    def as_(self, name: str) -> EnforcementClient:
        return EnforcementClient(self.suite, self.accts[name])

    def admit(
        self,
        cid: int,
        payee: str,
        claim: int,
        cls: ClaimClass = ClaimClass.ORDINARY,
        rank: int = 0,
        basis: bytes = TITLE,
    ) -> int:
        """A creditor admitted under the two-person rule: `judge` proposes, `judge2` approves; returns its id."""
        aid, _ = self.judge.propose_admission(cid, payee, claim, cls, rank, basis)
        crid, _ = self.judge2.approve_admission(aid)
        return crid

    def balance_conserved(self, case_ids: list[int]) -> None:
        """Office token balance == Σ (undistributed + owed) over the cases."""
        held = 0
        for cid in case_ids:
            m = self.anyone.money(cid)
            assert m.owed == m.distributed - m.withdrawn
            assert m.undistributed == m.seized - m.distributed
            held += m.undistributed + m.owed
        assert self.anyone.token_balance() == held


def make_office(suite: Suite, accts: dict[str, LocalAccount]) -> Office:
    def c(n: str) -> EnforcementClient:
        return EnforcementClient(suite, accts[n])

    return Office(suite, c("clerk"), c("judge"), c("judge2"), c("officer"), c("custodian"), c("keeper"), accts)


@pytest.fixture
def office(suite: Suite, accts: dict[str, LocalAccount]) -> Office:
    return make_office(suite, accts)

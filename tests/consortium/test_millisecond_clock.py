"""M7 (audit issue 16): every time in the suite is in seconds, and FISCO BCOS reports milliseconds unless the chain
enables its EVM-timestamp feature. On an anvil whose clock reads milliseconds, the deployment refuses before sending
anything, and the contracts' constructors refuse on their own (both build targets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from courtchain import build, deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.errors import ContractRevert, DeploymentError
from courtchain.suite import Suite
from courtchain.txn import Call
from tests.helpers import reverts, run_cli

MS_NOW = 1_780_000_000_000  # a millisecond clock in 2026


@pytest.fixture(scope="module")
def ms_chain() -> Iterator[Chain]:
    with LocalNode() as node:
        chain = Chain(node.url)
        chain.set_time(MS_NOW)
        yield chain


def test_m7_deploy_refuses_a_millisecond_clock_before_sending(ms_chain: Chain, tmp_path: Path) -> None:
    governor = dev_accounts()["court_governor"].address
    nonce = ms_chain.w3.eth.get_transaction_count(governor)  # type: ignore[arg-type]
    with pytest.raises(DeploymentError) as info:
        deploy.deploy(ms_chain, fresh=True, directory=tmp_path)
    message = str(info.value)
    assert "\n" not in message and "not in seconds" in message and "EVM-timestamp" in message
    assert str(ms_chain.timestamp()) in message
    assert ms_chain.w3.eth.get_transaction_count(governor) == nonce  # type: ignore[arg-type]
    assert not (tmp_path / f"{ms_chain.chain_id}.json").exists()


def test_m7_cli_deploy_says_why_in_one_line(ms_chain: Chain) -> None:
    out = run_cli("deploy", rpc=ms_chain.url)
    assert out.returncode != 0
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not in seconds" in lines[0], out.stderr


@pytest.mark.parametrize("target", [build.PRIMARY, build.PORTABLE], ids=lambda t: t.name)
def test_m7_constructors_refuse_a_millisecond_clock(ms_chain: Chain, target: build.Target) -> None:
    artifacts = build.compile_target(target)
    suite = Suite(ms_chain, artifacts, {})
    sender = suite.sender(dev_accounts()["court_governor"])
    genesis = [(1, "Court", b"\0" * 32, dev_accounts()["court_governor"].address)]

    def create(name: str, *args: object) -> None:
        factory = ms_chain.w3.eth.contract(abi=artifacts[name].abi, bytecode=artifacts[name].bytecode)
        sender.send(Call(to="", data=factory.constructor(*args).data_in_transaction, contract=name))

    with reverts("ConsortiumMillisecondClock") as info:
        create("CourtConsortium", genesis, 1, 7 * 86400)
    assert info.value.arguments["timestamp"] >= MS_NOW
    # Every suite contract (HubGuarded) refuses too, whatever hub it is given.
    for name in ("CaseDocket", "CreditRegistry", "EvidenceRegistry", "ObligationRegistry"):
        with pytest.raises(ContractRevert) as err:
            create(name, dev_accounts()["outsider"].address)
        assert err.value.error == "AccessMillisecondClock", err.value

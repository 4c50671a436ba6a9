"""Only what the engines answer: the deployment from a plan and the client's pipelines through a proxy that speaks
the method set of Hyperledger Besu or of FISCO BCOS 3.x's Ethereum-compatible RPC (tests/engine_proxy.py).

The node behind the proxy is a development node; the client sees an engine that is not one, so it must deploy from
a plan with keys of its own (no development-mnemonic signer), and every fallback it needs (no eth_simulateV1, no
evm_*/anvil_*/debug_*) is exercised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.token import SettlementTokenClient as TokenClient
from tests.engine_proxy import EngineProxy
from tests.helpers import plan_with_env_keys, run_cli

# What the client may ask and be refused, because it has a fallback: eth_simulateV1 (pipeline gas → a batch of
# eth_estimateGas).
REFUSED_WITH_FALLBACK = {"eth_simulateV1"}


@pytest.mark.parametrize(("engine", "target", "hardfork"), [("besu", "paris", "paris"), ("fisco", "fisco", "istanbul")])
def test_deploy_and_pipeline_through_the_engines_rpc(engine: str, target: str, hardfork: str, tmp_path: Path) -> None:
    chain_id = 7790 if engine == "besu" else 7791
    plan, keys = plan_with_env_keys(tmp_path, chain_id, target)
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments"), **keys}
    with (
        LocalNode(gas_price=0, chain_id=chain_id, hardfork=hardfork, log_path=tmp_path / "anvil.log") as node,
        EngineProxy(engine, node.url) as proxy,
    ):
        # the development plan itself is refused: the engine is not a development node
        r = run_cli("deploy", "--plan", str(deploy.DEV_PLAN_PATH), rpc=proxy.url, env=env)
        assert r.returncode == 1 and "chain id" in r.stderr
        r = run_cli("deploy", rpc=proxy.url, env=env)
        assert r.returncode == 1 and "needs a deployment plan with its own keys" in r.stderr

        r = run_cli("deploy", "--plan", str(plan), "--json", rpc=proxy.url, env=env)
        assert r.returncode == 0, r.stderr
        record = json.loads(r.stdout)
        assert record["complete"] and record["target"] == target and record["client"] == proxy.client_version
        r = run_cli("deploy", "--check", rpc=proxy.url, env=env)
        assert r.returncode == 0, r.stderr
        r = run_cli("consortium", "members", "--json", rpc=proxy.url, env=env)
        assert r.returncode == 0, r.stderr

        # a pipeline of 30 transactions: gas from estimates, since the engine has no eth_simulateV1
        chain = Chain(proxy.url)
        assert not chain.is_dev_node
        suite = deploy.open_suite(chain, record)
        governor = dev_accounts()["court_governor"]
        token = TokenClient(suite, governor)
        calls = [token.prepare("mint", dev_accounts()["creditor"].address, 10**18) for _ in range(30)]
        sent = token.transact_many(calls)
        assert len(sent) == 30 and token.balance_of(dev_accounts()["creditor"].address) == 30 * 10**18

    refused = set(proxy.refused)
    assert refused <= REFUSED_WITH_FALLBACK, f"the client asked {engine} for methods it does not have: {refused}"
    print(f"\n{engine}: methods used {sorted(set(proxy.asked) - refused)}; refused (fallback) {sorted(refused)}")

"""A real four-node consortium network (go-ethereum Clique signers on loopback, one organisation per node), the suite
deployed on it from a plan whose members sign with their own keys, and each organisation's accounts routed through
its own node. The geth engine is built from its Go module when missing (minutes cold; seconds cached)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import plan as plan_mod
from courtchain import plan_deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain
from courtchain.engine import build_engine, engine_path
from courtchain.network import NETWORK_CHAIN_ID, Network, routes
from courtchain.suite import Suite
from tests.helpers import plan_with_env_keys

STALL_TIMEOUT = 8.0  # seconds without a block before a client reports the chain stalled, in these tests


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.network)
    # the demo's whole procedure on the network (minutes of real-clock waits) runs only when asked for by its marker
    # (`make network-demo-test`, which .ci/run calls), not in the default run
    if "network_demo" not in (config.getoption("markexpr") or ""):
        demo = [i for i in items if i.get_closest_marker("network_demo") is not None]
        if demo:
            config.hook.pytest_deselected(items=demo)
            items[:] = [i for i in items if i.get_closest_marker("network_demo") is None]


@pytest.fixture(scope="session")
def engine() -> Path:
    if not engine_path().exists() and shutil.which("go") is None:
        pytest.skip("the network engine (geth) is not built and there is no Go toolchain to build it")
    path, _ = build_engine()
    return path


@pytest.fixture(scope="module")
def network(engine: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    net = Network(tmp_path_factory.mktemp("network") / "run", chain_id=NETWORK_CHAIN_ID)
    try:
        net.up(4)
        yield net
    finally:
        net.down()
        shutil.rmtree(net.directory, ignore_errors=True)  # four geth data folders: several hundred MB


@pytest.fixture(scope="module")
def net_plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[plan_mod.Plan]:
    path, env = plan_with_env_keys(tmp_path_factory.mktemp("plan"), NETWORK_CHAIN_ID)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield plan_mod.load(path)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def net_chain(network: Network) -> Chain:
    """The suite's own connection: node 0, failing over to the others."""
    return network.chain(0, stall_timeout=STALL_TIMEOUT)


@pytest.fixture(scope="module")
def net_suite(
    network: Network, net_chain: Chain, net_plan: plan_mod.Plan, tmp_path_factory: pytest.TempPathFactory
) -> Suite:
    """The suite deployed from the plan through node 0, then each member's accounts routed through its own node."""
    assert not net_chain.is_dev_node
    signers = plan_deploy.plan_signers(net_plan, dev_chain=False)
    record_path = tmp_path_factory.mktemp("deployments") / f"{NETWORK_CHAIN_ID}.json"
    suite, record = plan_deploy.deploy_plan(net_chain, net_plan, signers, record_path=record_path, fresh=True)
    assert record["complete"]
    members = [(m.name, [plan_deploy.address_of(a) for a in m.accounts]) for m in net_plan.members]
    for address, chain in routes(network, members, stall_timeout=STALL_TIMEOUT).items():
        suite.route(address, chain)
    return suite


@pytest.fixture(scope="module")
def who() -> dict[str, LocalAccount]:
    return dev_accounts()

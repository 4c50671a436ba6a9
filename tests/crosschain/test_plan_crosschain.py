"""A deployment plan's `[crosschain]` section: `plan deploy` deploys the cross-chain contracts with the plan's own
keys, records them in the hub and connects each peer chain through the hub's proposals, on two fresh anvils. The
second chain's deployment finds the first's record; the first, deployed before the second existed, leaves the peer
pending and connects it on `--resume`. A case then goes from one chain to the other and back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from courtchain import deploy
from courtchain import plan as plan_mod
from courtchain.accounts import dev_account, dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients import crosschain as xc
from courtchain.clients.consortium import ConsortiumClient
from courtchain.plan import PlanError
from courtchain.plan_deploy import deploy_plan, plan_signers
from courtchain.relay import Relayer
from courtchain.suite import Suite
from tests.helpers import run_cli

from .conftest import PROCURATORATE_ID, doc, docketed_case

REPO = Path(__file__).resolve().parents[2]
CHAIN_IDS = (31341, 31342)
ATTESTORS = [dev_account(i).address for i in (20, 21, 22)]


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[LocalNode]]:
    kind = os.environ.get("COURTCHAIN_TEST_NODE", "anvil")
    with (
        LocalNode(kind=kind, chain_id=CHAIN_IDS[0], log_path=tmp_path / "a.log") as a,
        LocalNode(kind=kind, chain_id=CHAIN_IDS[1], log_path=tmp_path / "b.log") as b,
    ):
        yield [a, b]


def write_plan(tmp_path: Path, chain_id: int, peer_id: int, peer_record: str, extra: str = "") -> Path:
    text = (REPO / "plans" / "dev-consortium.toml").read_text(encoding="utf-8")
    assert "chain_id = 31337" in text
    text = text.replace("chain_id = 31337", f"chain_id = {chain_id}")
    attestors = ", ".join(f'"{a}"' for a in ATTESTORS)
    text += (
        f"\n[crosschain]\n[[crosschain.peer]]\nchain_id = {peer_id}\nrecord = {peer_record!r}\n"
        f"attestors = [{attestors}]\nthreshold = 2\n{extra}"
    )
    path = tmp_path / f"plan-{chain_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_deploys_and_wires_the_cross_chain_contracts(nodes: list[LocalNode], tmp_path: Path) -> None:
    a_id, b_id = CHAIN_IDS
    plan_files = [
        write_plan(tmp_path, a_id, b_id, f"deployments/{b_id}.json"),
        write_plan(tmp_path, b_id, a_id, f"deployments/{a_id}.json"),
    ]
    plans = [plan_mod.load(p) for p in plan_files]
    assert plans[0].crosschain is not None and plans[0].crosschain[0].attestors == tuple(ATTESTORS)
    chains = [Chain(n.url) for n in nodes]
    (tmp_path / "deployments").mkdir()
    records = [tmp_path / "deployments" / f"{a_id}.json", tmp_path / "deployments" / f"{b_id}.json"]

    def run(i: int, fresh: bool) -> tuple[Suite, dict[str, Any]]:
        signers = plan_signers(plans[i], dev_chain=True)
        return deploy_plan(chains[i], plans[i], signers, record_path=records[i], fresh=fresh)

    _, rec_a = run(0, fresh=True)
    assert rec_a["crosschainPeersPending"] == [b_id]  # chain B had no deployment yet
    assert rec_a["complete"] is False
    suite_b, rec_b = run(1, fresh=True)
    assert rec_b["crosschainPeersPending"] == [] and rec_b["complete"] is True
    # `deploy --plan --resume` once B's record is there connects the peer (the members' commands, as operators run them)
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments")}
    out = run_cli("deploy", "--plan", str(plan_files[0]), "--resume", "--json", rpc=nodes[0].url, env=env)
    assert out.returncode == 0, out.stderr
    resumed = json.loads(out.stdout)
    assert resumed["crosschain_peers_pending"] == [] and resumed["complete"] is True
    assert set(xc.CONTRACTS) <= set(resumed["contracts"])
    suite_a = deploy.open_suite(chains[0], json.loads(records[0].read_text()))
    suites = {a_id: suite_a, b_id: suite_b}
    for local, remote in ((a_id, b_id), (b_id, a_id)):
        s = suites[local]
        hub = ConsortiumClient(s)
        for name in xc.CONTRACTS:
            assert hub.suite_contract(xc.SUITE_KEYS[name]) == s.address(name)
        assert xc.AttestorsClient(s).attestor_set(remote) == (3, 2)
        assert xc.CrossChainCasesClient(s).peer(remote) == suites[remote].address("CrossChainCases")
    # every governance step went through the hub's proposals, proposed and approved by different governors
    for s in suites.values():
        approvals = [e for e in s.logs(["CourtConsortium"]) if e.name == "ProposalApproved"]
        created = {
            int(e.args["proposalId"]): e.args for e in s.logs(["CourtConsortium"]) if e.name == "ProposalCreated"
        }
        assert approvals and all(int(e.args["proposalId"]) in created for e in approvals)
    # and the wiring carries a case there and its acceptance back
    acc = dev_accounts()
    case_id = docketed_case(suite_a)
    xc.CrossChainCasesClient(suite_a, acc["clerk"]).send_case(
        case_id, b_id, PROCURATORATE_ID, doc("file"), chains[1].timestamp() + 86400
    )
    pair = [suite_a, suite_b]
    relayers = [Relayer(pair, dev_account(i), tmp_path / "ch", tmp_path / f"r{i}") for i in (20, 21, 22)]
    for _ in range(2):
        for r in relayers:
            r.run_pass()
    xc.CrossChainCasesClient(suite_b, acc["procurator"]).accept_case(1)
    for _ in range(2):
        for r in relayers:
            r.run_pass()
    assert xc.CrossChainCasesClient(suite_a).outgoing(case_id).status == xc.OutgoingStatus.TRANSFERRED


def test_a_bad_crosschain_section_lists_every_problem(tmp_path: Path) -> None:
    path = write_plan(tmp_path, 31341, 31341, "", extra="colour = 1\n")
    with pytest.raises(PlanError) as exc:
        plan_mod.load(path)
    text = str(exc.value)
    assert "crosschain.peer[0].chain_id" in text and "missing 'record'" in text and "'colour'" in text


def test_plan_check_names_a_peer_record_of_another_chain(tmp_path: Path) -> None:
    path = write_plan(tmp_path, 31341, 31342, "peer.json")
    assert plan_mod.crosschain_problems(plan_mod.load(path)) == []  # not there yet: deployed later, no problem
    (tmp_path / "peer.json").write_text('{"chainId": 31343}')
    _, problems = plan_mod.check(path)
    assert any("crosschain peer 31342" in p and "of chain 31343" in p for p in problems), problems

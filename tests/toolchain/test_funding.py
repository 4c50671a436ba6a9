"""The demo on a node whose prefunded accounts are not the development mnemonic's (a Ganache or Hardhat someone else
started): the development accounts are funded from the node's own account; without one, the error names the account
that lacks gas money and how much."""

from __future__ import annotations

import json
from pathlib import Path

from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from tests.helpers import run_cli

OTHER_MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"


def test_the_demo_funds_its_actors_from_the_nodes_own_account(tmp_path: Path) -> None:
    with LocalNode(mnemonic=OTHER_MNEMONIC, accounts=2, log_path=tmp_path / "anvil.log") as node:
        chain = Chain(node.url)
        debtor = dev_accounts()["debtor"].address
        assert int(chain.rpc("eth_getBalance", [debtor, "latest"]), 16) == 0
        env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments")}
        r = run_cli("demo", "--json", "--documents", str(tmp_path / "docs"), rpc=node.url, env=env)
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)["steps"]) == 18
        # every named development account was funded from the node's own (the debtor paid gas for its payments)
        assert int(chain.rpc("eth_getBalance", [debtor, "latest"]), 16) > 0
        funder = chain.rpc("eth_accounts")[0]
        assert int(chain.rpc("eth_getTransactionCount", [funder, "latest"]), 16) == 20


def test_without_a_funded_node_account_the_error_names_the_account(tmp_path: Path) -> None:
    # the node's only account is one of ours, with too little to fund the others: nothing to fund them from
    with LocalNode(mnemonic=OTHER_MNEMONIC, accounts=0, log_path=tmp_path / "anvil.log") as node:
        env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments")}
        r = run_cli("deploy", rpc=node.url, env=env)
        assert r.returncode == 1
        governor = dev_accounts()["court_governor"].address
        assert r.stderr.startswith(f"error: account court_governor ({governor}) lacks ")
        assert "the node has no funded account of its own to send it: fund it (and 19 more accounts)" in r.stderr

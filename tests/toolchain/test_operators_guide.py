"""Every `courtchain` command of docs/operators.md, in the guide's order, against the node its rehearsal starts.

The guide's one edit by hand (filling the plan that `plan init` writes with the members' accounts) is done here by
writing a two-member plan whose keys come from environment variables, as the guide's commands expect, except the
bank's governor key, held only by a real remote signer (a go-ethereum process answering `eth_signTransaction`)."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_account import Account

from courtchain.chain import free_port
from courtchain.signer_node import GethSigner
from tests.helpers import SRC, run_cli

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operators.md"

# The exit code each command of the guide must give, in order: the deployment stops (4) at each of its three
# governance proposals until the bank approves.
EXPECTED = {
    "node": None,
    "plan init": 0,
    "plan check": 0,
    "deploy --plan": None,  # checked in order below
    "consortium approve": 0,
    "deploy --check": 0,
    "keeper": 0,
}


def guide_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith("courtchain ")]


def _plan(court: Account, clerk: Account, bank: Account, bank_signer: str) -> str:
    return f"""
name = "rehearsal"
[chain]
chain_id = 7777
target = "paris"
gas_price = "zero"
[governance]
threshold = 2
[token]
kind = "suite"
[[member]]
name = "Court"
kind = "court"
genesis_governor = "court_governor"
  [[member.account]]
  name = "court_governor"
  roles = ["governor"]
  signer = "env:COURT_GOVERNOR_KEY"
  address = "{court.address}"
  [[member.account]]
  name = "clerk"
  roles = ["clerk"]
  signer = "env:COURT_CLERK_KEY"
  address = "{clerk.address}"
[[member]]
name = "Bank"
kind = "custodian_bank"
genesis_governor = "bank_governor"
  [[member.account]]
  name = "bank_governor"
  roles = ["governor"]
  signer = "remote:{bank_signer}"
  address = "{bank.address}"
[[court]]
member = "Court"
abbreviation = "京"
code = "0491"
  [[court.case_type]]
  code = "民初"
  required_kinds = [1, 2, 3]
  window_days = 7
"""


@pytest.mark.slow
def test_every_command_of_the_operators_guide(tmp_path: Path) -> None:
    commands = guide_commands()
    assert commands[-1].startswith("courtchain node "), "the rehearsal's node comes last in the guide"
    node_cmd = commands.pop()
    port = free_port()
    keys = {n: Account.create() for n in ("court", "clerk", "bank", "keeper")}
    with GethSigner(tmp_path / "bank-signer", 7777, [keys["bank"]]) as bank_signer:
        _rehearse(tmp_path, commands, node_cmd, port, keys, bank_signer.url)


def _rehearse(
    tmp_path: Path, commands: list[str], node_cmd: str, port: int, keys: dict[str, Any], bank_signer: str
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments"),
        "RPC": f"http://127.0.0.1:{port}",
        "STATE": str(tmp_path / "keeper"),
        "COURT_GOVERNOR_KEY": keys["court"].key.hex(),
        "COURT_CLERK_KEY": keys["clerk"].key.hex(),
        "BANK_SIGNER": bank_signer,  # the bank's key is not in any process's environment
        "KEEPER_KEY": keys["keeper"].key.hex(),
    }
    argv = shlex.split(node_cmd.replace("--port 8545", f"--port {port}"))
    node = subprocess.Popen(
        [sys.executable, "-m", "courtchain", *argv[1:]], env=env, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(env["RPC"])
        deploy_codes = iter([4, 4, 4, 0])
        for line in commands:
            args = [re.sub(r"\$(\w+)", lambda m: env[m.group(1)], a) for a in shlex.split(line)[1:]]
            # in this process, like the other CLI tests (test_cli_process.py keeps the process boundary tested);
            # the node is a process of its own, as an operator runs it
            r = run_cli(*args, env=env, cwd=tmp_path)
            key = next(k for k in EXPECTED if line.startswith(f"courtchain {k}"))
            want = next(deploy_codes) if key == "deploy --plan" else EXPECTED[key]
            assert r.returncode == want, f"{line}: exit {r.returncode}, expected {want}\n{r.stdout}\n{r.stderr}"
            if key == "plan init":  # the guide's edit by hand: the members' own accounts
                (tmp_path / "consortium.toml").write_text(
                    _plan(keys["court"], keys["clerk"], keys["bank"], bank_signer), encoding="utf-8"
                )
        assert next(deploy_codes, None) is None, "the guide runs the deployment four times"
    finally:
        os.killpg(node.pid, signal.SIGINT)
        node.wait(timeout=30)


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"no node at {url}")

"""Tooling under bad input and faults: every failure is one `error: ...` line and a non-zero exit, never a traceback,
and nothing is half-written; a node restarted from its saved state keeps the deployment usable without redeploying.

(Covered elsewhere, not repeated: unreachable node, malformed address, unknown member/proposal, a governance call
that reverts — tests/toolchain/test_cli.py; concurrent senders on one account — tests/toolchain.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from courtchain import build, deploy
from courtchain.chain import Chain, LocalNode
from courtchain.clients.consortium import ConsortiumClient
from tests.helpers import SRC, _scratch_deployments, run_cli


def one_line_error(out: Any, needle: str, code: int | None = None) -> None:
    assert out.returncode != 0 if code is None else out.returncode == code, (out.returncode, out.stdout, out.stderr)
    err = out.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    assert needle.lower() in err.lower(), err


@pytest.fixture(scope="module")
def node_with_suite() -> Any:
    with LocalNode() as node:
        assert run_cli("deploy", rpc=node.url).returncode == 0
        yield node


def test_bad_input_to_the_domain_commands(node_with_suite: LocalNode) -> None:
    rpc = node_with_suite.url
    one_line_error(run_cli("enforce", "show", "999", rpc=rpc), "999")  # unknown case
    one_line_error(run_cli("enforce", "show", "x1", rpc=rpc), "case id")
    one_line_error(
        run_cli("evidence", "revoke", "0x1234", rpc=rpc), "0x1234"
    )  # neither a hash nor a file  # malformed hash
    one_line_error(run_cli("credit", "check", "0xzz", rpc=rpc), "")  # malformed subject
    # a transaction the contract refuses: the outsider holds no CLERK/JUDGE role
    out = run_cli("enforce", "open", "0x" + "11" * 32, "0x" + "22" * 20, "100", "--as", "outsider", rpc=rpc)
    one_line_error(out, "")
    assert "Traceback" not in out.stderr


def test_missing_keystore_and_wrong_password(node_with_suite: LocalNode, tmp_path: Path) -> None:
    rpc = node_with_suite.url
    one_line_error(
        run_cli("consortium", "propose", "threshold", "1", "--as", f"keystore:{tmp_path}/none.json", rpc=rpc),
        "keystore file not found",
    )
    keystore = tmp_path / "key.json"
    keystore.write_text(json.dumps(Account.encrypt("0x" + "42" * 32, "right horse")))
    env = {"COURTCHAIN_KEYSTORE_PASSWORD": "wrong"}
    one_line_error(
        run_cli("consortium", "propose", "threshold", "1", "--as", f"keystore:{keystore}", rpc=rpc, env=env),
        "wrong password",
    )
    without = {k: v for k, v in os.environ.items() if k != "COURTCHAIN_KEYSTORE_PASSWORD"}
    out = subprocess.run(
        [sys.executable, "-m", "courtchain", "consortium", "propose", "threshold", "1", "--as", f"keystore:{keystore}",
         "--rpc", rpc],
        capture_output=True, text=True, timeout=120,
        env={**without, "PYTHONPATH": SRC, "COURTCHAIN_DEPLOYMENTS_DIR": _scratch_deployments()},
    )  # fmt: skip
    one_line_error(out, "needs its password")


def test_node_going_away_mid_run_is_one_line() -> None:
    """Kill the node while the demo is sending: the command ends with one error line, not a traceback."""
    node = LocalNode()
    node.start()
    try:
        env = {**os.environ, "PYTHONPATH": SRC, "COURTCHAIN_DEPLOYMENTS_DIR": tempfile.mkdtemp()}
        proc = subprocess.Popen(
            [sys.executable, "-m", "courtchain", "demo", "--rpc", node.url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        chain = Chain(node.url)
        deadline = time.monotonic() + 120
        while chain.w3.eth.block_number < 5 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)  # wait until the demo is sending
        assert node.process is not None
        node.process.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=120)
    finally:
        node.stop()
    if proc.returncode == 0:
        pytest.skip("the demo finished before the node was killed")
    err = stderr.strip().splitlines()[-1]
    assert err.startswith("error: ") and "Traceback" not in stderr, stderr[-2000:]


def test_atomic_json_write_leaves_the_old_file_or_the_new_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The deployment record and keeper checkpoints go through build.atomic_write_json: a crash before the rename
    leaves the previous content whole and no temporary file behind."""
    target = tmp_path / "31337.json"
    build.atomic_write_json(target, {"version": 1})

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt("killed between write and rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        build.atomic_write_json(target, {"version": 2, "big": "x" * 100_000})
    monkeypatch.undo()
    assert json.loads(target.read_text()) == {"version": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["31337.json"]
    build.atomic_write_json(target, {"version": 3})
    assert json.loads(target.read_text()) == {"version": 3}


def test_atomic_write_survives_a_killed_writer(tmp_path: Path) -> None:
    """A writer process killed (SIGKILL) while writing a large record never leaves a torn file."""
    target = tmp_path / "record.json"
    build.atomic_write_json(target, {"n": 0})
    code = (
        "import sys; from pathlib import Path; from courtchain import build\n"
        f"p = Path({str(target)!r})\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1; build.atomic_write_json(p, {'n': i, 'pad': 'x' * 2_000_000})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": SRC})
    time.sleep(3)
    proc.kill()
    proc.wait()
    data = json.loads(target.read_text())  # whole JSON, whichever version
    assert data["n"] >= 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "record.json"]
    # a kill between mkstemp and rename may leave one hidden temp file, never a torn record
    assert all(name.startswith(".record.json.") and name.endswith(".tmp") for name in leftovers), leftovers


def test_restart_from_saved_state_keeps_the_deployment(tmp_path: Path) -> None:
    """anvil --state: deploy, stop, restart from the state file; deploy finds the suite (no redeploy, no
    transaction sent) and the tooling reads and writes through it."""
    state = tmp_path / "anvil-state.json"
    directory = tmp_path / "deployments"
    with LocalNode(state_path=state) as node:
        chain = Chain(node.url)
        first = deploy.deploy(chain, directory=directory)
        assert first.fresh
        hub_address = first.suite.address("CourtConsortium")
        members = ConsortiumClient(first.suite).member_count()
    assert state.exists() and state.stat().st_size > 0
    with LocalNode(state_path=state) as node:
        chain = Chain(node.url)
        block_before = chain.w3.eth.block_number
        again = deploy.deploy(chain, directory=directory)
        assert not again.fresh
        assert again.suite.address("CourtConsortium") == hub_address
        assert chain.w3.eth.block_number == block_before  # nothing re-sent
        hub = ConsortiumClient(again.suite)
        assert hub.member_count() == members
        # still writable: a governor's proposal goes through on the restarted chain
        from courtchain.accounts import dev_accounts

        gov = ConsortiumClient(again.suite, dev_accounts()["court_governor"])
        pid, _ = gov.propose([gov.set_threshold(2)], "after restart")
        assert gov.proposal(pid).proposer == dev_accounts()["court_governor"].address

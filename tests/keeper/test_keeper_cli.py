"""`courtchain keeper` as a user runs it: one pass with the schedule table, JSON, a long run, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import DocketClient, FilingStatus
from courtchain.errors import ContractRevert
from courtchain.keeper import QUARANTINE_BACKOFF, Keeper, PassReport
from tests.helpers import SRC, run_cli


def test_once_shows_the_schedule_then_triggers(
    node: LocalNode,
    chain: Chain,
    deployments_dir: Path,
    docket: DocketClient,
    file: Callable[..., int],
    start_block: int,
    tmp_path: Path,
) -> None:
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    args = ("keeper", "--once", "--state-dir", str(tmp_path), "--from-block", str(start_block))
    fid = file()
    out = run_cli(*args, rpc=node.url, env=env)
    assert out.returncode == 0, out.stderr
    assert "1 events · 0 due · 0 sent" in out.stdout
    assert "docketing" in out.stdout and "filing window expires" in out.stdout and f"│ {fid} " in out.stdout
    chain.set_time(docket.filing(fid).window_ends)
    out = run_cli(*args, "--json", rpc=node.url, env=env)
    data = json.loads(out.stdout)
    assert data["passes"][0]["triggered"] == {"docketing": [fid]} and data["upcoming"] == []
    assert docket.filing(fid).status == FilingStatus.DOCKETED


def test_long_run_shows_progress_and_stops_on_sigterm(
    node: LocalNode, deployments_dir: Path, start_block: int, tmp_path: Path
) -> None:
    env = {**os.environ, "COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir), "PYTHONPATH": SRC}
    cmd = [sys.executable, "-m", "courtchain", "keeper", "--rpc", node.url, "--state-dir", str(tmp_path)]
    cmd += ["--from-block", str(start_block), "--interval", "0.2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # printed once the keeper is set up and its signal handler installed
    assert "watching docketing (CaseDocket)" in first, first
    time.sleep(1.5)  # a few passes
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "keeper stopped after" in err and "passes" in err


def test_bad_input(node: LocalNode, deployments_dir: Path) -> None:
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    bad = run_cli("keeper", "--once", "--interval", "0", rpc=node.url, env=env)
    assert bad.returncode == 1 and "error: --interval must be positive" in bad.stderr
    bad = run_cli("keeper", "--once", "--watch", "nothing", rpc=node.url, env=env)
    assert bad.returncode == 2 and "nothing" in bad.stderr


def test_quarantine_command_prints_the_stored_report(
    node: LocalNode, chain: Chain, make_keeper: Callable[..., Keeper], tmp_path: Path
) -> None:
    """`courtchain keeper quarantine` reads the checkpoint (no node needed): id, decoded revert, attempts, retry."""
    k = make_keeper(tmp_path / "state", only=["defaults"])
    exc = ContractRevert("ObligationRegistry", "DocketUnknownCaseType", {"courtId": 1, "caseType": b"\x01" * 32})
    k._quarantine(k.watchers["defaults"], 42, exc, 1_000, PassReport(0, 0))
    k._save()
    k.close()
    out = run_cli("keeper", "quarantine", "--state-dir", str(tmp_path / "state"), "--json")
    assert out.returncode == 0, out.stderr
    (entry,) = json.loads(out.stdout)[str(chain.chain_id)]
    assert entry["item"] == 42 and entry["error"] == "DocketUnknownCaseType" and entry["attempts"] == 1
    assert entry["retry_at"] == 1_000 + QUARANTINE_BACKOFF and "DocketUnknownCaseType(courtId=1" in entry["reason"]
    out = run_cli("keeper", "quarantine", "--state-dir", str(tmp_path / "state"))
    assert out.returncode == 0 and "1 quarantined" in out.stdout and "│ 42 " in out.stdout
    out = run_cli("keeper", "quarantine", "--state-dir", str(tmp_path / "empty"))
    assert out.returncode == 1 and "no keeper checkpoint" in out.stderr

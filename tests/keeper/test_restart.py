"""The keeper as a user runs it (a subprocess), killed with SIGKILL at every point of a pass and started again:
no trigger is missed and none is sent twice; a journaled transaction is re-broadcast, not re-signed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import DocketClient, FilingStatus
from courtchain.keeper import CRASH_POINTS
from courtchain.suite import Suite
from tests.helpers import SRC, run_cli


def _keeper(node: LocalNode, deployments: Path, state: Path, start: int, *extra: str, crash: str | None = None):  # type: ignore[no-untyped-def]
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments)}
    if crash:
        env["COURTCHAIN_KEEPER_CRASH_AT"] = crash
    return run_cli(
        "keeper",
        "--once",
        "--json",
        "--state-dir",
        str(state),
        "--from-block",
        str(start),
        *extra,
        rpc=node.url,
        env=env,
    )


def _nonce(chain: Chain, account: LocalAccount) -> int:
    return int(chain.rpc("eth_getTransactionCount", [account.address, "latest"]), 16)


def _journal(state: Path, chain: Chain) -> list[dict[str, object]]:
    path = state / f"keeper-{chain.chain_id}.journal"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_killed_at_each_point_then_restarted(
    point: str,
    node: LocalNode,
    chain: Chain,
    deployments_dir: Path,
    docket: DocketClient,
    file: Callable[..., int],
    keeper: LocalAccount,
    start_block: int,
    tmp_path: Path,
) -> None:
    ids = [file() for _ in range(3)]
    chain.set_time(docket.filing(ids[-1]).window_ends)
    before = _nonce(chain, keeper)

    killed = _keeper(node, deployments_dir, tmp_path, start_block, crash=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    journal = _journal(tmp_path, chain)
    sent_before_crash = point in ("broadcast", "mined")
    if point == "broadcast":
        # Killed right after the node accepted the transaction: anvil mines it asynchronously, so under load the
        # nonce may still read the old value. Wait for the journaled hash to be mined before reading the nonce.
        chain.wait_for_receipt(str(journal[0]["hash"]), timeout=60)
    assert _nonce(chain, keeper) == before + (1 if sent_before_crash else 0)
    if point in ("journaled", "broadcast", "mined"):
        assert [e["state"] for e in journal] == ["signed", "mined"] if point == "mined" else ["signed"]
    else:
        assert journal == []

    again = _keeper(node, deployments_dir, tmp_path, start_block)
    assert again.returncode == 0, again.stderr
    out = json.loads(again.stdout)["passes"][0]
    assert [docket.filing(f).status for f in ids] == [FilingStatus.DOCKETED] * 3
    assert _nonce(chain, keeper) == before + 1  # exactly one docketMany, whatever the crash point
    if point == "journaled":  # signed and journaled, never broadcast: the restart sends those very bytes
        assert out["rebroadcast"] == 1 and out["transactions"] == []
        receipt = chain.w3.eth.get_transaction_receipt(journal[0]["hash"])  # type: ignore[arg-type]
        assert receipt["status"] == 1
    elif sent_before_crash:
        assert out["transactions"] == []
    else:
        assert out["triggered"] == {"docketing": ids} and len(out["transactions"]) == 1

    third = _keeper(node, deployments_dir, tmp_path, start_block)
    assert json.loads(third.stdout)["passes"][0]["transactions"] == []
    assert _nonce(chain, keeper) == before + 1
    assert not (tmp_path / f"keeper-{chain.chain_id}.journal").exists()  # compacted once nothing is in flight


def test_long_run_killed_at_random_moments(
    node: LocalNode,
    chain: Chain,
    suite: Suite,
    deployments_dir: Path,
    docket: DocketClient,
    file: Callable[..., int],
    keeper: LocalAccount,
    start_block: int,
    tmp_path: Path,
) -> None:
    """A long run (`--interval 0.1`) killed by SIGKILL from outside while filings fall due, three times."""
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir), "PYTHONPATH": SRC}
    cmd = [sys.executable, "-m", "courtchain", "keeper", "--rpc", node.url, "--state-dir", str(tmp_path)]
    cmd += ["--from-block", str(start_block), "--interval", "0.1", "--json", "--passes", "100000"]
    all_ids: list[int] = []
    for delay in (0.4, 1.1, 2.3):
        ids = [file() for _ in range(4)]
        all_ids += ids
        chain.set_time(docket.filing(ids[-1]).window_ends)
        import os

        proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay + 2.0)  # start-up, then somewhere in a pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    final = _keeper(node, deployments_dir, tmp_path, start_block)
    assert final.returncode == 0, final.stderr
    assert [docket.filing(f).status for f in all_ids] == [FilingStatus.DOCKETED] * len(all_ids)
    # No trigger was sent twice: every docketMany the keeper sent docketed at least one filing.
    docketed_by_keeper = 0
    for ev in suite.logs(["CaseDocket"], from_block=start_block):
        if ev.name == "CaseDocketed":
            assert ev.args["by"] == keeper.address
            docketed_by_keeper += 1
        assert ev.name != "DocketSkipped", ev
    assert docketed_by_keeper == len(all_ids)

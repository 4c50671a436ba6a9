"""A node started on a port chosen for it: when another process takes that port first (parallel test workers start
nodes at once), the node is started again on another free port instead of failing the run."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from courtchain import chain as chain_module
from courtchain.chain import Chain, LocalNode


def test_a_chosen_port_taken_meanwhile_is_replaced_by_another(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = int(taken.getsockname()[1])
        ports = iter([busy, chain_module.free_port()])
        monkeypatch.setattr(chain_module, "free_port", lambda: next(ports))
        with LocalNode(log_path=tmp_path / "anvil.log") as node:
            assert node.port != busy
            assert Chain(node.url).chain_id == 31337


def test_a_port_given_by_the_caller_is_not_replaced(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = int(taken.getsockname()[1])
        with pytest.raises(chain_module.ChainError), LocalNode(port=busy, log_path=tmp_path / "anvil.log"):
            pass


def test_a_port_range_is_kept_and_a_taken_port_in_it_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = int(taken.getsockname()[1])
        monkeypatch.setenv("COURTCHAIN_PORT_RANGE", f"{busy}-{busy}")
        with pytest.raises(chain_module.ChainError, match="no free port"):
            chain_module.free_port()
        monkeypatch.setenv("COURTCHAIN_PORT_RANGE", f"{busy - 50}-{busy}")
        chosen = {chain_module.free_port() for _ in range(30)}
        assert busy not in chosen and all(busy - 50 <= p < busy for p in chosen)


def test_the_states_anvil_writes_to_disk_are_its_own_and_removed_when_it_stops(tmp_path: Path) -> None:
    """anvil writes the states it no longer holds in memory to disk and never removes them (~/.foundry/anvil/tmp
    held 75 GB after a day of runs): each node writes them to a folder of its own, removed when the node stops."""
    shared = Path.home() / ".foundry" / "anvil" / "tmp"
    before = set(shared.iterdir()) if shared.is_dir() else set()
    with LocalNode(log_path=tmp_path / "anvil.log") as node:
        states = node._states_dir
        assert states is not None
        chain = Chain(node.url)
        for _ in range(30):
            chain.rpc("anvil_mine", [hex(100)])
        assert any(files for _, _, files in os.walk(states)), "3000 blocks: some states went to disk"
    assert not Path(states).exists()
    after = set(shared.iterdir()) if shared.is_dir() else set()
    assert after - before == set()

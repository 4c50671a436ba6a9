"""A demo run stopped midway leaves the previous run's documents whole (issue 23): they still verify."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from courtchain.chain import LocalNode
from tests.helpers import SRC, run_cli


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _serials(contents: dict[str, bytes]) -> set[str]:
    """The run numbers in the documents' footers (`文书编号 SERIAL-NNN`): one per run."""
    return {
        m.group(1).decode()
        for name, data in contents.items()
        if name.endswith(".txt")
        for m in [re.search("文书编号 ([0-9a-f]+)-".encode(), data)]
        if m
    }


def _newer_files(parent: Path, since: float) -> list[Path]:
    return [p for p in parent.rglob("*.txt") if p.stat().st_mtime > since]


def test_killed_demo_leaves_the_previous_documents_whole(tmp_path: Path) -> None:
    docs = tmp_path / "run" / "documents"
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments")}
    with LocalNode() as node:
        first = run_cli("demo", "--json", "--documents", str(docs), rpc=node.url, env=env)
        assert first.returncode == 0, first.stderr
        before = _contents(docs)
        assert len(_serials(before)) == 1
        assert "complaint.txt" in before and "complaint.txt.proof.json" in before

        started = time.time()
        proc = subprocess.Popen(
            [sys.executable, "-m", "courtchain", "demo", "--json", "--documents", str(docs), "--rpc", node.url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": SRC, **env},
        )
        try:
            deadline = time.monotonic() + 240
            while not _newer_files(docs.parent, started) and time.monotonic() < deadline:
                assert proc.poll() is None, "the second run ended before writing a document"
                time.sleep(0.05)
            assert _newer_files(docs.parent, started), "the second run wrote no document in time"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)

        assert _contents(docs) == before, "the killed run changed the previous run's documents"
        complaint = docs / "complaint.txt"
        ok = run_cli("verify", str(complaint), "--proof", str(complaint) + ".proof.json", rpc=node.url, env=env)
        assert ok.returncode == 0, ok.stdout + ok.stderr

        # the next complete run replaces the folder as a whole and removes what the killed run left
        again = run_cli("demo", "--json", "--documents", str(docs), rpc=node.url, env=env)
        assert again.returncode == 0, again.stderr
        after = _contents(docs)
        assert _serials(after) != _serials(before) and len(_serials(after)) == 1, "documents of two runs mixed"
        assert [p.name for p in docs.parent.iterdir()] == ["documents"]


def test_demo_refuses_a_folder_that_is_not_its_own(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine\n")
    r = run_cli("demo", "--throwaway", "--documents", str(tmp_path))
    assert r.returncode == 1 and "not a demo's documents" in r.stderr, r.stderr
    assert (tmp_path / "notes.md").read_text() == "mine\n"

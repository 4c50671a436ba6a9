"""A node that goes away, one that never came, a chain with nothing deployed: 503 with a clear message. Also
`courtchain portal` as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests

from courtchain import deploy
from courtchain.chain import Chain, LocalNode, free_port
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient

NODE_DOWN = "The chain node is not answering, so nothing can be verified right now. Please try again in a while."
HASH = "ab" * 32


def test_node_goes_down(own_node: tuple[LocalNode, Path], served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    node, deployments = own_node
    chain = Chain(node.url)
    h = os.urandom(32)
    from courtchain.accounts import dev_accounts

    suite = deploy.open_suite(chain, deploy.load_record(chain, deployments))
    EvidenceClient(suite, dev_accounts()["clerk"]).anchor(h, DocumentKind.JUDGMENT, 1, AnchorRole.CLERK)
    url = served(node.url, deployments)
    assert requests.get(f"{url}/api/v1/documents/{h.hex()}", timeout=30).status_code == 200
    # logs are read from each contract's deployment block, as the record gives it
    timeline = requests.get(f"{url}/api/v1/cases/1/timeline", timeout=30).json()
    assert [e["event"] for e in timeline["entries"]] == ["Anchored"]

    node.stop()
    for path in (f"/api/v1/documents/{h.hex()}", "/api/v1/status", "/api/v1/cases/1/timeline"):
        r = requests.get(url + path, timeout=30)
        assert r.status_code == 503, path
        body = r.json()
        assert body["error"] == "node_unavailable" and body["messages"]["en"] == NODE_DOWN
        assert body["message"] == body["messages"]["zh"] == "区块链节点没有响应，暂时无法核验。请稍后再试。"
    r = requests.post(
        f"{url}/api/v1/documents/{HASH}/proof",
        json={
            "format": "courtchain.evidence.proof.v1",
            "contentHash": "0x" + HASH,
            "root": "0x" + "cd" * 32,
            "proof": [],
        },
        timeout=30,
    )
    assert r.status_code == 503
    # input errors are still told as such, without asking the node
    assert requests.get(f"{url}/api/v1/documents/xyz", timeout=30).status_code == 400
    # the page itself is served, and says why it cannot verify (see test_browser)
    assert requests.get(url + "/", timeout=30).status_code == 200


def test_node_not_up_yet_then_up(served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    url = served(f"http://127.0.0.1:{port}", tmp_path / "deployments")
    r = requests.get(f"{url}/api/v1/documents/{HASH}", timeout=30)
    assert r.status_code == 503 and r.json()["error"] == "node_unavailable"
    with LocalNode(port=port, log_path=tmp_path / "anvil.log") as node:
        deploy.deploy(Chain(node.url), fresh=True, directory=tmp_path / "deployments")
        r = requests.get(f"{url}/api/v1/documents/{HASH}", timeout=30)  # the portal connects by itself
        assert r.status_code == 404 and r.json()["error"] == "no_matching_record"


def test_nothing_deployed_is_503(tmp_path: Path, served) -> None:  # type: ignore[no-untyped-def]
    with LocalNode(log_path=tmp_path / "anvil.log") as node:
        url = served(node.url, tmp_path / "empty")
        r = requests.get(f"{url}/api/v1/documents/{HASH}", timeout=30)
        assert r.status_code == 503
        body = r.json()
        assert body["error"] == "not_deployed" and "not connected to a deployed suite" in body["messages"]["en"]
        assert body["message"] == body["messages"]["zh"]


def test_courtchain_portal_command(own_node: tuple[LocalNode, Path]) -> None:
    node, deployments = own_node
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    cmd = [sys.executable, "-m", "courtchain", "portal", "--rpc", node.url, "--port", "0"]
    proc = subprocess.Popen(
        [*cmd, "--deployments", str(deployments)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        status = requests.get(url + "api/v1/status", timeout=30).json()
        assert status["chainId"] == Chain(node.url).chain_id and status["evidence"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0, "SIGTERM stops the portal cleanly"


def test_courtchain_portal_refuses_a_busy_port(own_node: tuple[LocalNode, Path]) -> None:
    node, deployments = own_node
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    port = int(node.url.rsplit(":", 1)[1])  # the node listens there
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "courtchain",
            "portal",
            "--rpc",
            node.url,
            "--port",
            str(port),
            "--deployments",
            str(deployments),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in out.stderr

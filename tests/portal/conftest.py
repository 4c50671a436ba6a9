"""The portal under test: the real Flask app served by a real threaded WSGI server on a free port, reading the
session's anvil through the same suite the tests write with (each test's chain changes are reverted after it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_account.signers.local import LocalAccount

from courtchain import deploy, paths
from courtchain.chain import Chain, LocalNode
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.portal import SuiteProvider, create_app, headless
from courtchain.portal.app import run_in_thread
from courtchain.suite import Suite
from courtchain.verify import ProofFile, sha256_file


@dataclass
class Portal:
    url: str
    lang: str | None = None  # None: the portal's default (Chinese); "en": every request asks for English

    def _params(self, kw: dict[str, Any]) -> dict[str, Any]:
        params = dict(kw.pop("params", None) or {})
        if self.lang:
            params.setdefault("lang", self.lang)
        return params

    def get(self, path: str, **kw: Any) -> requests.Response:
        return requests.get(self.url + path, timeout=30, params=self._params(kw), **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return requests.post(self.url + path, timeout=30, params=self._params(kw), **kw)


CHROMIUM = Path(headless.CHROMIUM)
SCREENSHOTS = paths.BUILD / "portal-screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def portal(suite: Suite) -> Iterator[Portal]:
    server, thread = run_in_thread(create_app(SuiteProvider.of(suite)), "127.0.0.1", 0)
    try:
        yield Portal(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def write_document(path: Path, text: str | None = None) -> Path:
    """A real file with unique content (so no test anchors a hash another test anchored)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = text if text is not None else "Judgment of the court\n"
    path.write_bytes(body.encode() + b"\n" + os.urandom(16).hex().encode() + b"\n")
    return path


def change_one_byte(src: Path, dst: Path) -> Path:
    data = bytearray(src.read_bytes())
    data[len(data) // 2] ^= 0x01
    dst.write_bytes(bytes(data))
    return dst


@dataclass
class Anchored:
    path: Path
    content_hash: bytes

    @property
    def hex(self) -> str:
        return self.content_hash.hex()


@pytest.fixture
def anchor(suite: Suite, clerk: LocalAccount, tmp_path: Path):  # type: ignore[no-untyped-def]
    """anchor(name, kind=JUDGMENT, case_id=7, account=clerk, role=CLERK) → a real file, anchored singly."""

    def make(
        name: str = "judgment.txt",
        kind: DocumentKind = DocumentKind.JUDGMENT,
        case_id: int = 7,
        account: LocalAccount | None = None,
        role: AnchorRole | None = AnchorRole.CLERK,
    ) -> Anchored:
        path = write_document(tmp_path / name, f"{kind.name} in case {case_id}")
        h = sha256_file(path)
        EvidenceClient(suite, account or clerk).anchor(h, kind, case_id, role)
        return Anchored(path, h)

    return make


@dataclass
class AnchoredBatch:
    files: list[Path]
    hashes: list[bytes]
    proofs: list[Path]
    root: bytes


@pytest.fixture
def anchor_batch(suite: Suite, clerk: LocalAccount, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(n: int = 3, case_id: int = 7, folder: str = "batch") -> AnchoredBatch:
        files = [write_document(tmp_path / folder / f"notice-{i}.txt", f"Notice {i}") for i in range(n)]
        hashes = [sha256_file(f) for f in files]
        client = EvidenceClient(suite, clerk)
        batch = client.anchor_batch(hashes, DocumentKind.SERVED_DOCUMENT, case_id, AnchorRole.CLERK)
        proofs = []
        for f, h in zip(files, hashes, strict=True):
            p = f.with_name(f.name + ".proof.json")
            ProofFile(h, batch.root, batch.tree.proof(h), f.name, suite.chain.chain_id, client.address).write(p)
            proofs.append(p)
        return AnchoredBatch(files, hashes, proofs, batch.root)

    return make


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    """serve(rpc, deployments) → base URL of a portal in a thread; every server is shut down after the test."""
    servers = []

    def serve(rpc: str, deployments: Path | None) -> str:
        server, thread = run_in_thread(create_app(SuiteProvider(rpc, deployments)), "127.0.0.1", 0)
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def own_node(tmp_path: Path) -> Iterator[tuple[LocalNode, Path]]:
    """A node of this test's own (the session's must not go down), with the suite deployed on it."""
    node = LocalNode(log_path=tmp_path / "anvil.log").start()
    try:
        deploy.deploy(Chain(node.url), fresh=True, directory=tmp_path / "deployments")
        yield node, tmp_path / "deployments"
    finally:
        node.stop()

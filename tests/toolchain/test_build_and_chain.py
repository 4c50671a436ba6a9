"""The foundation: both builds, artifact reuse, the compiler front, nodes, transactions and deployment records."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import build, deploy, paths
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode, NodeTransport, node_provider
from courtchain.clients.consortium import ConsortiumClient
from courtchain.errors import ChainError, DeploymentError
from courtchain.suite import Suite


@pytest.mark.parametrize("target", [build.PRIMARY, build.PORTABLE], ids=lambda t: t.name)
def test_compiler_front_answers_like_native_solc(target: build.Target) -> None:
    out = subprocess.run([str(target.compiler), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[1].startswith(f"Version: {target.solc_version}+commit.")
    bad = subprocess.run([str(target.compiler), "--bin"], capture_output=True, text=True)
    assert bad.returncode != 0


@pytest.mark.parametrize("target", [build.PRIMARY, build.PORTABLE], ids=lambda t: t.name)
def test_both_targets_compile_and_record_settings(target: build.Target) -> None:
    artifacts = build.compile_target(target)
    hub = artifacts["CourtConsortium"]
    assert hub.compiler.startswith(target.solc_version + "+")
    assert hub.evm_version == target.evm_version
    meta = json.loads(hub.metadata)
    assert meta["settings"]["evmVersion"] == target.evm_version
    assert meta["settings"]["optimizer"] == {"enabled": True, "runs": 200}
    assert len(hub.deployed_bytecode) > 1000
    # paris and istanbul must not contain PUSH0 (shanghai): a cheap scan of the runtime code is not exact,
    # so check the compiler setting instead, which decides it.
    manifest = json.loads((paths.BUILD / target.name / "manifest.json").read_text())
    assert manifest["sourceHash"] == hub.source_hash


def test_unchanged_build_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a small tree of sources (the suite's own cold build is `make build`, which `make test` runs first): the
    reuse decision and the progress lines do not depend on how many contracts there are."""
    monkeypatch.setattr(build, "HEARTBEAT", 0.01)  # solc-js alone takes longer than this to start
    monkeypatch.setenv("COURTCHAIN_SOLC_CACHE", str(tmp_path / "solc-cache"))  # not the checkout's builds' cache
    sources = tmp_path / "src" / "contracts"
    sources.mkdir(parents=True)
    (sources / "CourtConsortium.sol").write_text(
        "// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.0;\n"
        'import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";\n'
        "contract CourtConsortium is Ownable {}\n",
        encoding="utf-8",
    )
    out = tmp_path / "build"
    progress: list[str] = []
    first = build.compile_target(build.PRIMARY, out_dir=out, log=progress.append, contracts_dir=sources)
    # a cold compilation says what it compiles, that it is still at it, and what came out (issue 23)
    assert progress[0].startswith("compiling ") and "for target paris (solc 0.8.28, evm paris)" in progress[0]
    assert any(line.strip().startswith("still compiling for paris:") for line in progress[1:-1]), progress
    assert progress[-1].startswith(f"compiled {len(first)} contracts (") and "for target paris in" in progress[-1]
    manifest = out / "paris" / "manifest.json"
    stamp = manifest.stat().st_mtime_ns
    progress.clear()
    again = build.compile_target(build.PRIMARY, out_dir=out, log=progress.append, contracts_dir=sources)
    assert manifest.stat().st_mtime_ns == stamp  # not rewritten: not recompiled
    assert progress == []  # nothing compiled, nothing said
    assert again["CourtConsortium"].bytecode == first["CourtConsortium"].bytecode
    (sources / "Extra.sol").write_text("// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.0;\n"
                                       "contract Extra {}\n", encoding="utf-8")  # fmt: skip
    third = build.compile_target(build.PRIMARY, out_dir=out, log=progress.append, contracts_dir=sources)
    assert "Extra" in third and manifest.stat().st_mtime_ns != stamp  # a changed tree is compiled again


def test_source_hash_changes_with_sources() -> None:
    sources = {"contracts/A.sol": "contract A {}"}
    h1 = build.source_hash(build.PRIMARY, sources)
    h2 = build.source_hash(build.PRIMARY, {"contracts/A.sol": "contract A { }"})
    h3 = build.source_hash(build.PORTABLE, sources)
    assert len({h1, h2, h3}) == 3


def test_every_deployable_contract_fits_the_size_limit() -> None:
    for target in (build.PRIMARY, build.PORTABLE):
        for a in build.compile_target(target).values():
            assert (len(a.deployed_bytecode) - 2) // 2 <= 24_576, f"{a.name} ({target.name}) exceeds EIP-170"


def test_unreachable_node_is_a_clear_error() -> None:
    chain = Chain("http://127.0.0.1:9")
    with pytest.raises(ChainError, match="unreachable"):
        chain.check()


def test_json_rpc_goes_through_the_node_transport(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider's session manager is a NodeTransport (chain.py): web3 is pinned, and if an upgrade renamed what
    the transport replaces, every call would quietly go back through requests' slower path."""
    seen: list[bytes | str] = []
    real = NodeTransport.make_post_request

    def counted(self: NodeTransport, endpoint_uri: str, data: bytes | str, **kwargs: object) -> bytes:
        seen.append(data)
        return real(self, endpoint_uri, data, **kwargs)

    monkeypatch.setattr(NodeTransport, "make_post_request", counted)
    assert chain.rpc("eth_chainId") == hex(chain.chain_id) and len(seen) == 1 and b"eth_chainId" in bytes(seen[0])
    assert len(chain.rpc_batch([("eth_chainId", []), ("eth_blockNumber", [])])) == 2 and len(seen) == 2


def test_a_node_that_never_answers_is_a_timeout() -> None:
    """The transport raises what web3 and this package expect of requests: a read timeout, then a clear error."""
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        chain = Chain(url, provider=node_provider(url, 0.5, exception_retry_configuration=None))
        with pytest.raises(ChainError, match=r"unreachable.*ReadTimeout"):
            chain.rpc("eth_chainId")


def test_interval_mining_and_zero_gas_price(tmp_path: Path) -> None:
    """A chain with 1-second blocks and free gas, like a consortium chain: deploy and govern still work."""
    with LocalNode(block_time=1, gas_price=0, chain_id=20261126) as node:
        chain = Chain(node.url, timeout=30)
        assert chain.chain_id == 20261126
        d = deploy.deploy(chain, directory=tmp_path)
        assert d.fresh and d.record["chainId"] == 20261126
        sender = d.suite.sender(dev_accounts()["court_governor"])
        assert sender.fees() == {"gasPrice": 0}
        assert ConsortiumClient(d.suite).member_count() == 6


def test_deploy_is_idempotent_and_checks_code(chain: Chain, deployment: deploy.Deployment, tmp_path: Path) -> None:
    shutil.copy(deployment.path, tmp_path / deployment.path.name)
    again = deploy.deploy(chain, directory=tmp_path)
    assert not again.fresh
    assert again.record["contracts"] == deployment.record["contracts"]
    record = json.loads((tmp_path / deployment.path.name).read_text())
    for key in ("chainId", "compiler", "sourceHash", "contracts", "settlementToken"):
        assert key in record
    for entry in record["contracts"].values():
        assert {"address", "txHash", "block", "codeHash"} <= set(entry)
    # A record whose code does not match is refused on a non-dev chain and replaced on a dev one.
    record["contracts"]["CourtConsortium"]["codeHash"] = "0x" + "00" * 32
    (tmp_path / deployment.path.name).write_text(json.dumps(record))
    assert deploy.check_record(chain, record) == [
        f"CourtConsortium: code at {record['contracts']['CourtConsortium']['address']} differs from what was deployed"
    ]


def test_stale_record_refused_on_non_dev_chain(chain: Chain, deployment: deploy.Deployment, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    record = dict(deployment.record)
    record["contracts"] = {
        "CourtConsortium": {**deployment.record["contracts"]["CourtConsortium"], "address": "0x" + "11" * 20}
    }
    (tmp_path / f"{chain.chain_id}.json").write_text(json.dumps(record))
    monkeypatch.setattr(Chain, "is_dev_node", property(lambda self: False))
    with pytest.raises(DeploymentError, match="no code at"):
        deploy.deploy(chain, directory=tmp_path)


def test_paris_build_runs_on_ganache(tmp_path: Path) -> None:
    with LocalNode(kind="ganache") as node:
        chain = Chain(node.url)
        d = deploy.deploy(chain, directory=tmp_path)
        assert "ganache" in chain.client_version.lower()
        hub = ConsortiumClient(d.suite, dev_accounts()["court_governor"])
        pid, _ = hub.propose([hub.set_threshold(3)])
        from tests.helpers import reverts

        with reverts("ConsortiumAlreadyApproved", proposalId=pid, memberId=1):
            hub.approve(pid)


def test_concurrent_senders_share_nonces(suite: Suite, court_governor: LocalAccount) -> None:
    """Several threads sending from one account: every transaction is mined, no nonce collides."""
    token = suite.contract("SettlementToken")
    sender = suite.sender(court_governor)
    from courtchain.txn import Call

    receipts: list[object] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                data = token.encode_abi("mint", args=[court_governor.address, 1])
                receipts.append(sender.send(Call(token.address, data, "SettlementToken", gas=100_000)))
        except BaseException as exc:
            errors.append(exc)

    before = token.functions.balanceOf(court_governor.address).call()
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(receipts) == 20
    assert token.functions.balanceOf(court_governor.address).call() == before + 20

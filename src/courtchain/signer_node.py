"""A go-ethereum process used as a remote signer (`eth_signTransaction`), the way an institution may run one next to
its node: its own data dir and genesis whose chain id is the chain's, the members' keys imported into its keystore
and unlocked, HTTP with the `eth` API only, no peers, no mining. It signs with its genesis' chain id; with London in
its genesis it signs EIP-1559 transactions and refuses a zero legacy gas price, without London it signs legacy
EIP-155 transactions at any price (free-gas chains). The engine is the network's (`courtchain.network`): go-ethereum
v1.13.15 built from its Go module.

Used by the tests and the operators' rehearsal; in production the signer is Web3Signer or Clef (docs/operators.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import requests
from eth_account.signers.local import LocalAccount

from .chain import free_port
from .engine import build_engine
from .errors import ChainError
from .network import _alive, _rpc

PASSWORD = "courtchain-signer"  # the throwaway keystores' password of a test signer


class GethSigner:
    """`with GethSigner(dir, chain_id, keys) as signer:` a running signer at `signer.url` holding `keys`."""

    def __init__(self, directory: Path, chain_id: int, keys: list[LocalAccount], *, london: bool = False) -> None:
        self.directory = Path(directory)
        self.chain_id = chain_id
        self.keys = keys
        self.london = london
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def genesis(self) -> dict[str, Any]:
        forks = ["homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople", "petersburg", "istanbul"]
        forks += ["muirGlacier", "berlin", *(["london"] if self.london else [])]
        # Clique with one (never sealing) signer: geth 1.13 needs a consensus engine that is not the merge's, and
        # its block builder divides by the number of Clique signers
        extra = "0x" + "00" * 32 + self.keys[0].address[2:].lower() + "00" * 65
        config: dict[str, Any] = {"chainId": self.chain_id, **{f"{f}Block": 0 for f in forks}}
        config["clique"] = {"period": 0, "epoch": 30000}
        return {"config": config, "difficulty": "0x1", "gasLimit": hex(60_000_000), "extraData": extra, "alloc": {}}

    def start(self, timeout: float = 60.0) -> GethSigner:
        geth, _ = build_engine()
        d = self.directory
        d.mkdir(parents=True, exist_ok=True)
        (d / "genesis.json").write_text(json.dumps(self.genesis()), encoding="utf-8")
        password = d / "password.txt"
        # one line per unlocked account: geth reads line i for the i-th (a trailing newline would be an empty one)
        password.write_text("\n".join([PASSWORD] * len(self.keys)), encoding="utf-8")
        run = [str(geth), "--datadir", str(d / "data")]
        r = subprocess.run([*run, "init", str(d / "genesis.json")], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise ChainError(f"geth init of the signer failed: {r.stderr.strip()[-400:]}")
        for key in self.keys:
            keyfile = d / "key.txt"
            keyfile.write_text(bytes(key.key).hex(), encoding="utf-8")
            try:
                r = subprocess.run(
                    [*run, "account", "import", "--password", str(password), str(keyfile)],
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
            finally:
                keyfile.unlink()
            if r.returncode != 0:
                raise ChainError(f"geth account import failed: {r.stderr.strip()[-400:]}")
        self.port = free_port()
        addresses = ",".join(k.address for k in self.keys)
        cmd = [
            *run,
            *("--networkid", str(self.chain_id), "--port", "0", "--authrpc.port", str(free_port())),
            *("--nodiscover", "--maxpeers", "0", "--nat", "none", "--ipcdisable"),
            *("--http", "--http.addr", "127.0.0.1", "--http.port", str(self.port), "--http.api", "eth"),
            *("--unlock", addresses, "--password", str(password), "--allow-insecure-unlock"),
            *("--rpc.txfeecap", "0", "--verbosity", os.environ.get("COURTCHAIN_GETH_VERBOSITY", "2")),
            # it keeps no chain: a small database cache (its write-ahead log is sized by it), and no free-disk floor
            *("--cache", "16", "--datadir.minfreedisk", "0"),
        ]
        with open(d / "geth.log", "ab") as log:
            self._proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_unlocked(timeout)
        return self

    def _wait_unlocked(self, timeout: float) -> None:
        """Return once it answers and signs for every key (unlocking decrypts the keystores after HTTP is up)."""
        deadline = time.monotonic() + timeout
        tx = {"gas": "0x5208", "nonce": "0x0", "value": "0x0", "data": "0x", "chainId": hex(self.chain_id)}
        tx.update({"maxFeePerGas": "0x1", "maxPriorityFeePerGas": "0x1"} if self.london else {"gasPrice": "0x0"})
        pending = [k.address for k in self.keys]
        while pending:
            try:
                _rpc(self.url, "eth_signTransaction", [{"from": pending[0], "to": pending[0], **tx}], timeout=2)
                pending.pop(0)
                continue
            except (requests.RequestException, ValueError, ChainError) as exc:
                if self._proc is not None and self._proc.poll() is not None:
                    raise ChainError(f"the geth signer exited at start; see {self.directory / 'geth.log'}") from exc
                if time.monotonic() > deadline:
                    raise ChainError(
                        f"the geth signer at {self.url} did not sign within {timeout:.0f}s: {exc}"
                    ) from exc
            time.sleep(0.2)

    def stop(self) -> None:
        proc = self._proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        self._proc = None

    @property
    def running(self) -> bool:
        return self._proc is not None and _alive(self._proc.pid)

    def __enter__(self) -> GethSigner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

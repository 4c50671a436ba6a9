"""Connect to a JSON-RPC node, or start a throwaway local one (anvil by default) when none is given.

A consortium chain is not a development node: blocks may come on an interval, gas may be free, and the chain id is
the consortium's. So receipts are awaited with a timeout and confirmations, and nothing here assumes automine.
Time travel and snapshots are for local nodes only.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import certifi
import requests
import requests.utils
import urllib3
from eth_utils import to_checksum_address
from hexbytes import HexBytes
from web3 import HTTPProvider, Web3
from web3.datastructures import AttributeDict
from web3.exceptions import TransactionNotFound
from web3.types import RPCEndpoint, TxReceipt

from . import paths
from .errors import ChainError

DEV_MNEMONIC = "test test test test test test test test test test test junk"
DEV_ACCOUNTS = 30
DEFAULT_CHAIN_ID = 31337
NODE_KINDS = ("anvil", "ganache", "hardhat")
RECEIPT_BATCH = 500  # receipts fetched per JSON-RPC batch request


@lru_cache(maxsize=8192)
def checksummed(address: str) -> str:
    """EIP-55 form of an address, cached (the same few addresses come back in every receipt and log)."""
    return str(to_checksum_address(address))


_RECEIPT_INTS = (
    "blockNumber",
    "cumulativeGasUsed",
    "gasUsed",
    "effectiveGasPrice",
    "status",
    "transactionIndex",
    "type",
    "blobGasUsed",
    "blobGasPrice",
)
_LOG_INTS = ("blockNumber", "transactionIndex", "logIndex")


def format_receipt(raw: dict[str, Any]) -> TxReceipt:
    """A JSON-RPC receipt in web3's shape (ints, HexBytes, checksummed addresses, AttributeDicts), built directly:
    the same values as web3's receipt formatter for the fields a receipt has, several times faster."""
    r: dict[str, Any] = dict(raw)
    for k in _RECEIPT_INTS:
        if isinstance(r.get(k), str):
            r[k] = int(r[k], 16)
    for k in ("transactionHash", "blockHash", "logsBloom", "root"):
        if isinstance(r.get(k), str):
            r[k] = HexBytes(r[k])
    for k in ("from", "to", "contractAddress"):
        if isinstance(r.get(k), str):
            r[k] = checksummed(r[k])
    logs = []
    for log in r.get("logs", []):
        entry: dict[str, Any] = dict(log)
        for k in _LOG_INTS:
            if isinstance(entry.get(k), str):
                entry[k] = int(entry[k], 16)
        entry["address"] = checksummed(entry["address"])
        entry["topics"] = [HexBytes(t) for t in entry["topics"]]
        entry["data"] = HexBytes(entry["data"])
        for k in ("transactionHash", "blockHash"):
            if isinstance(entry.get(k), str):
                entry[k] = HexBytes(entry[k])
        logs.append(AttributeDict(entry))
    r["logs"] = logs
    return cast(TxReceipt, AttributeDict(r))


class _ExitedAtStart(ChainError):
    """The node process ended before it answered (for example, its port was taken)."""


class _PortBusy(ChainError):
    """Something already listens on the node's port."""


def free_port() -> int:
    """A loopback port free at this moment: one the system chooses, or, when COURTCHAIN_PORT_RANGE=LOW-HIGH is set, a
    free one in that range (parallel test workers each get a range of their own, so that two workers never choose one
    port at the same moment and one node answers for another)."""
    span = os.environ.get("COURTCHAIN_PORT_RANGE")
    if not span:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])
    low, high = (int(x) for x in span.split("-"))
    for port in random.sample(range(low, high + 1), min(200, high - low + 1)):
        if port_is_free(port):
            return port
    raise ChainError(f"no free port in COURTCHAIN_PORT_RANGE={span}")


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a listener could bind `host:port` now (with SO_REUSEADDR, as the nodes do: a port in TIME_WAIT is
    free, one something listens on is not)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def anvil_binary() -> Path:
    """The native anvil shipped inside the npm package (its postinstall may have been skipped; the binary is there)."""
    env = os.environ.get("COURTCHAIN_ANVIL")
    if env:
        return Path(env)
    base = paths.NODE_MODULES / "@foundry-rs"
    for candidate in sorted(base.glob("anvil-*/bin/anvil")):
        if os.access(candidate, os.X_OK) or candidate.exists():
            return candidate
    found = shutil.which("anvil")
    if found:
        return Path(found)
    raise ChainError("anvil is not installed: run `npm ci` (package @foundry-rs/anvil)")


@dataclass
class LocalNode:
    """A local node process on 127.0.0.1. Use as a context manager, or call `stop()`."""

    kind: str = "anvil"
    port: int = 0
    chain_id: int = DEFAULT_CHAIN_ID
    block_time: float | None = None
    hardfork: str = "paris"
    gas_price: int | None = None
    state_path: Path | None = None
    accounts: int = DEV_ACCOUNTS
    mnemonic: str = DEV_MNEMONIC
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    _states_dir: str | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        if self.kind == "anvil":
            cmd = [
                str(anvil_binary()),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--chain-id",
                str(self.chain_id),
                "--accounts",
                str(self.accounts),
                "--mnemonic",
                self.mnemonic,
                "--hardfork",
                self.hardfork,
                "--silent",
            ]
            # anvil writes the states it no longer holds in memory under ~/.foundry/anvil/tmp and leaves them there
            # (gigabytes after a long run): this node's go to a folder of its own, removed when it stops
            if self._states_dir is None:
                self._states_dir = tempfile.mkdtemp(prefix="courtchain-anvil-states-")
            cmd += ["--cache-path", self._states_dir]
            if self.block_time:
                cmd += ["--block-time", str(self.block_time)]
            if self.gas_price is not None:
                cmd += ["--gas-price", str(self.gas_price), "--base-fee", str(self.gas_price)]
            if self.state_path is not None:
                cmd += ["--state", str(self.state_path)]
            return cmd
        if self.kind == "ganache":
            js = paths.NODE_MODULES / "ganache" / "dist" / "node" / "cli.js"
            if not js.exists():
                raise ChainError("ganache is not installed: run `npm ci`")
            cmd = [
                "node",
                str(js),
                "--server.host",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--chain.chainId",
                str(self.chain_id),
                "--chain.hardfork",
                "merge" if self.hardfork == "paris" else self.hardfork,
                "--wallet.totalAccounts",
                str(self.accounts),
                "--wallet.mnemonic",
                self.mnemonic,
                "--logging.quiet",
            ]
            if self.block_time:
                cmd += ["--miner.blockTime", str(self.block_time)]
            if self.gas_price is not None:
                cmd += ["--miner.defaultGasPrice", str(self.gas_price)]
            if self.state_path is not None:
                cmd += ["--database.dbPath", str(self.state_path)]
            return cmd
        if self.kind == "hardhat":
            js = paths.NODE_MODULES / "hardhat" / "internal" / "cli" / "cli.js"
            if not js.exists():
                raise ChainError("hardhat is not installed: `npm install --no-save hardhat` to use it")
            return ["node", str(js), "node", "--hostname", "127.0.0.1", "--port", str(self.port)]
        raise ChainError(f"unknown node kind {self.kind!r}; choose one of {', '.join(NODE_KINDS)}")

    def start(self, timeout: float = 30.0) -> LocalNode:
        if self.port != 0:
            return self._start(timeout)
        # A port chosen here may be taken by another process between the choice and the node's bind (parallel test
        # workers start nodes at once): the node then exits at start, and another free port is tried.
        for attempt in range(3):
            self.port = free_port()
            try:
                return self._start(timeout)
            except (_ExitedAtStart, _PortBusy):
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _start(self, timeout: float) -> LocalNode:
        if not port_is_free(self.port):
            # else the readiness poll below would be answered by whatever holds the port, not by this node
            raise _PortBusy(
                f"port {self.port} is busy: something already listens on 127.0.0.1:{self.port}; "
                "stop it or choose another port"
            )
        cmd = self.command()
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
            )
        except OSError as exc:
            raise ChainError(f"could not start {self.kind}: {exc}") from exc
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise _ExitedAtStart(f"{self.kind} exited at start with code {self.process.returncode}")
            try:
                r = requests.post(
                    self.url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}, timeout=1
                )
                if r.ok and "result" in r.json():
                    if self.process.poll() is not None:  # the answer came from another process on the port
                        raise ChainError(f"{self.kind} exited at start with code {self.process.returncode}")
                    return self
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.1)
        self.stop()
        raise ChainError(f"{self.kind} did not answer on {self.url} within {timeout:.0f}s")

    def stop(self) -> None:
        p = self.process
        if p is not None and p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=5)
        if self._states_dir is not None and (p is None or p.poll() is not None):
            shutil.rmtree(self._states_dir, ignore_errors=True)
            self._states_dir = None

    def __enter__(self) -> LocalNode:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class NodeTransport:
    """How a node's JSON-RPC requests travel: POSTs over urllib3's connection pool, in place of web3's requests
    session (`node_provider`). requests costs about 0.6 ms of CPU per call on top of urllib3 (it merges settings and
    re-reads the environment on every request); a test run makes hundreds of thousands of calls. What requests would
    read from the environment is read once, here: the proxy for the node's URL (and NO_PROXY), ~/.netrc or the URL's
    own credentials, the CA bundle (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, else certifi's). Failures are raised as the
    requests exceptions web3's retries and this package's callers expect."""

    def __init__(self, url: str) -> None:
        parts = urllib3.util.parse_url(url)
        self.headers = {"Content-Type": "application/json"}
        auth = parts.auth or ":".join(requests.utils.get_netrc_auth(url) or ()) or None
        if auth:
            self.headers.update(urllib3.make_headers(basic_auth=auth))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or certifi.where()
        proxy = requests.utils.get_environ_proxies(url).get(parts.scheme or "http")
        options: dict[str, Any] = {"maxsize": 32, "ca_certs": bundle}
        self.pool = urllib3.ProxyManager(proxy, **options) if proxy else urllib3.PoolManager(**options)

    def make_post_request(self, endpoint_uri: str, data: bytes | str, **kwargs: Any) -> bytes:
        """web3's session manager's call: the response body of a POST (raises requests' exceptions)."""
        headers = {**kwargs.get("headers", {}), **self.headers}
        try:
            r = self.pool.request(
                "POST", endpoint_uri, body=data, headers=headers, timeout=kwargs.get("timeout", 30), retries=False
            )
        except urllib3.exceptions.ConnectTimeoutError as exc:
            raise requests.ConnectTimeout(str(exc)) from exc
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError) as exc:
            raise requests.ReadTimeout(str(exc)) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:  # refused, reset, closed, proxy
            raise requests.ConnectionError(str(exc)) from exc
        if r.status >= 400:
            raise requests.HTTPError(f"{r.status} {r.reason} for url: {endpoint_uri}")
        return bytes(r.data)


def node_provider(url: str, timeout: float, **kwargs: Any) -> HTTPProvider:
    """web3's HTTPProvider for one node (its encoding, decoding and retries) over a NodeTransport. The transport takes
    the place of the provider's session manager, whose one call it answers; web3 is pinned (requirements.lock), and
    tests/toolchain/test_build_and_chain.py checks that the provider still goes through it."""
    provider = HTTPProvider(url, request_kwargs={"timeout": timeout}, **kwargs)
    provider._request_session_manager = NodeTransport(url)  # type: ignore[assignment]
    return provider


class Chain:
    """A connection to a node: chain id (cached), receipts with timeout and confirmations, local-node helpers."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 120.0,
        confirmations: int = 0,
        poll_interval: float = 0.002,
        provider: HTTPProvider | None = None,
    ) -> None:
        self.url = url
        # `provider`: e.g. a courtchain.failover.FailoverProvider over several nodes of the chain, `url` first
        self.w3 = Web3(provider or node_provider(url, 30))
        self.receipt_timeout = timeout
        self.confirmations = confirmations
        self.poll_interval = poll_interval
        self._chain_id: int | None = None
        self._client: str | None = None
        self.simulate_supported: bool | None = None  # eth_simulateV1, learnt on first use

    # -- basic facts -------------------------------------------------------------------------------------------

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        try:
            resp = self.w3.provider.make_request(RPCEndpoint(method), params or [])
        except (requests.RequestException, OSError) as exc:
            raise ChainError(f"node unreachable at {self.url}: {type(exc).__name__}") from exc
        if "error" in resp:
            raise ChainError(f"{method} failed on {self.url}: {resp['error']}")
        return resp.get("result")

    @property
    def chain_id(self) -> int:
        if self._chain_id is None:
            self._chain_id = int(self.rpc("eth_chainId"), 16)
        return self._chain_id

    @property
    def client_version(self) -> str:
        if self._client is None:
            try:
                self._client = str(self.rpc("web3_clientVersion"))
            except ChainError:
                self._client = "unknown"
        return self._client

    @property
    def is_dev_node(self) -> bool:
        v = self.client_version.lower()
        return any(k in v for k in ("anvil", "ganache", "hardhat"))

    def check(self) -> None:
        """Raise ChainError with a clear line if the node does not answer."""
        _ = self.chain_id

    def block_number(self) -> int:
        return int(self.rpc("eth_blockNumber"), 16)

    def timestamp(self, block: str | int = "latest") -> int:
        tag = block if isinstance(block, str) else hex(block)
        b = self.rpc("eth_getBlockByNumber", [tag, False])
        return int(b["timestamp"], 16)

    def rpc_batch(self, requests_: Sequence[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        """Several JSON-RPC requests in one HTTP round trip; the raw responses (`result` or `error`), in order."""
        if not requests_:
            return []
        try:
            resp = cast(HTTPProvider, self.w3.provider).make_batch_request([(RPCEndpoint(m), p) for m, p in requests_])
        except (requests.RequestException, OSError) as exc:
            raise ChainError(f"node unreachable at {self.url}: {type(exc).__name__}") from exc
        if not isinstance(resp, list):  # the node refused the batch as a whole
            raise ChainError(f"batch request failed on {self.url}: {dict(resp).get('error', resp)}")
        return [dict(r) for r in resp]

    # -- receipts ----------------------------------------------------------------------------------------------

    def wait_for_receipt(self, tx_hash: str, timeout: float | None = None, *, max_interval: float = 0.5) -> TxReceipt:
        """Poll for a receipt (with `confirmations` blocks on top); raise ChainError on timeout."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.receipt_timeout)
        interval = self.poll_interval
        while True:
            try:
                receipt = self.w3.eth.get_transaction_receipt(cast(Any, tx_hash))
            except TransactionNotFound:
                receipt = None
            except (requests.RequestException, OSError) as exc:
                raise ChainError(f"node unreachable at {self.url} while waiting for {tx_hash}") from exc
            if receipt is not None and (
                self.confirmations == 0 or self.block_number() - receipt["blockNumber"] >= self.confirmations
            ):
                return receipt
            if time.monotonic() > deadline:
                raise ChainError(f"no receipt for {tx_hash} after {timeout or self.receipt_timeout:.0f}s")
            time.sleep(interval)
            interval = min(interval * 1.5, max_interval)

    def receipts(self, tx_hashes: Sequence[str]) -> list[TxReceipt | None]:
        """The receipts of several transactions in one batch request (None where not mined yet)."""
        out: list[TxReceipt | None] = []
        for r in self.rpc_batch([("eth_getTransactionReceipt", [h]) for h in tx_hashes]):
            if "error" in r:
                raise ChainError(f"eth_getTransactionReceipt failed on {self.url}: {r['error']}")
            raw = r.get("result")
            out.append(None if raw is None else format_receipt(raw))
        return out

    def wait_for_receipts(self, tx_hashes: Sequence[str], timeout: float | None = None) -> list[TxReceipt]:
        """Receipts of many transactions: wait for the last one first, polling at short intervals (one sender's
        transactions are mined in nonce order, so then all are usually in), then fetch the others in batch requests."""
        if not tx_hashes:
            return []
        deadline = time.monotonic() + (timeout if timeout is not None else self.receipt_timeout)
        found: dict[str, TxReceipt] = {}
        if tx_hashes[-1] not in found:
            found[tx_hashes[-1]] = self.wait_for_receipt(tx_hashes[-1], timeout, max_interval=0.05)
        interval = self.poll_interval
        while True:
            missing = [h for h in tx_hashes if h not in found]
            for start in range(0, len(missing), RECEIPT_BATCH):
                part = missing[start : start + RECEIPT_BATCH]
                for h, r in zip(part, self.receipts(part), strict=True):
                    if r is not None:
                        found[h] = r
            if len(found) >= len(tx_hashes) and all(h in found for h in tx_hashes):
                break
            if time.monotonic() > deadline:
                raise ChainError(f"no receipt for {len(tx_hashes) - len(found)} of {len(tx_hashes)} transactions")
            time.sleep(interval)
            interval = min(interval * 1.5, 0.5)
        if self.confirmations:
            top = max(int(found[h]["blockNumber"]) for h in tx_hashes)
            while self.block_number() - top < self.confirmations:
                if time.monotonic() > deadline:
                    raise ChainError(f"block {top} did not get {self.confirmations} confirmations in time")
                time.sleep(self.poll_interval)
        return [found[h] for h in tx_hashes]

    # -- local-node helpers --------------------------------------------------------------------------------------

    def snapshot(self) -> str:
        return str(self.rpc("evm_snapshot"))

    def revert(self, snapshot_id: str) -> None:
        if not self.rpc("evm_revert", [snapshot_id]):
            raise ChainError(f"could not revert to snapshot {snapshot_id}")

    def mine(self, blocks: int = 1) -> None:
        for _ in range(blocks):
            self.rpc("evm_mine")

    def sleep(self, seconds: int) -> None:
        """Advance the chain's clock by `seconds` and mine a block."""
        self.rpc("evm_increaseTime", [int(seconds)])
        self.mine()

    def set_time(self, timestamp: int) -> None:
        """Mine the next block at exactly `timestamp`."""
        if "anvil" in self.client_version.lower() or "hardhat" in self.client_version.lower():
            self.rpc("evm_setNextBlockTimestamp", [int(timestamp)])
            self.mine()
        else:
            self.rpc("evm_mine", [int(timestamp)])

    def set_next_timestamp(self, timestamp: int) -> None:
        """The next mined block (for example the next transaction's) gets exactly `timestamp`."""
        self.rpc("evm_setNextBlockTimestamp", [int(timestamp)])

    def set_automine(self, on: bool) -> None:
        self.rpc("evm_setAutomine", [on])


DEFAULT_RPC = "http://127.0.0.1:8545"


def brownie_rpc_url() -> str | None:
    """The JSON-RPC URL of Brownie's connected network when running inside Brownie (`brownie run`, `brownie test`,
    `brownie console`), else None. Brownie is never imported here: only a Brownie already loaded is asked."""
    brownie: Any = sys.modules.get("brownie")
    network = getattr(brownie, "network", None)
    if network is None or not network.is_connected():
        return None
    provider = network.web3.provider
    uri = getattr(provider, "endpoint_uri", None)
    return str(uri) if uri else None


def default_rpc_url() -> str:
    """Where a script should connect: Brownie's network when run by Brownie, else COURTCHAIN_RPC, else 8545."""
    return brownie_rpc_url() or os.environ.get("COURTCHAIN_RPC") or DEFAULT_RPC


def connect(url: str, **kwargs: Any) -> Chain:
    """A checked connection. `url` may name several nodes of one chain, comma-separated (`--rpc A,B,C`): the first
    is used, the next that answers takes over when it goes down (courtchain.failover), e.g. a keeper on its own
    organisation's node with the other members' nodes behind it."""
    urls = [u.strip() for u in url.split(",") if u.strip()]
    if len(urls) > 1:
        from .failover import FailoverProvider

        chain = Chain(urls[0], provider=FailoverProvider(urls), **kwargs)
    else:
        chain = Chain(url, **kwargs)
    chain.check()
    return chain

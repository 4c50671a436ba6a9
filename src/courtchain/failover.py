"""A JSON-RPC transport over several nodes of one chain: an organisation's own node first, the others behind it.

`FailoverProvider` sends every request to its current node. When that node does not answer (connection refused or
reset, timeout), it moves to the next node that does and re-sends the request there. Nothing is ever re-signed:
a raw transaction is re-sent byte for byte, so at most one of its copies can be mined (one nonce). The raw
transactions sent through a node that went down, and not yet seen mined, are re-sent to the node taking over (its
pool may never have seen them); a node answering "already known", or "nonce too low" for a transaction it holds,
counts as accepted. When no node answers, it waits for one to come back (`outage_timeout`) and then raises
ChainError naming every node.

A request naming a block by its number (a log query up to block N, block N itself, a call or proof at block N) is
answered only by a node that has that block, once any node was seen with it: the node taking over after a fail-over
may be a block behind, and geth answers a log query reaching past its head with the logs it has, without an error
(a reader following events, such as the keeper, would skip that block's events for good).

It also notices a stalled chain: while receipts are polled for and not found, the head is looked at once a second;
no new block for `stall_timeout` seconds raises `ChainStalled` with every node's head, instead of waiting out the
receipt timeout.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import requests
from eth_utils import keccak
from web3 import HTTPProvider
from web3.types import RPCEndpoint, RPCResponse

from .chain import node_provider
from .errors import ChainError

_DOWN = (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError)
_KEEP_SENT = 4096  # raw transactions remembered for re-sending after a fail-over
# web3's own retries (5, with back-off) would hold a request on a dead node; failing over is the retry here
_NO_RETRY: dict[str, Any] = {"exception_retry_configuration": None}


class ChainStalled(ChainError):
    """The chain produced no block for a while (e.g. too few validators up); `heads` is each node's view."""

    def __init__(self, message: str, heads: dict[str, str]) -> None:
        super().__init__(message)
        self.heads = heads


def node_heads(urls: Sequence[str], timeout: float = 2.0) -> dict[str, str]:
    """Each node's head as 'number 0xhash…, N peers', or 'down'."""
    out: dict[str, str] = {}
    for url in urls:
        try:
            r = requests.post(
                url,
                json=[
                    {"jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber", "params": ["latest", False]},
                    {"jsonrpc": "2.0", "id": 2, "method": "net_peerCount", "params": []},
                ],
                timeout=timeout,
            )
            block, peers = sorted(r.json(), key=lambda x: x["id"])
            b = block["result"]
            out[url] = f"head {int(b['number'], 16)} {b['hash'][:12]}…, {int(peers.get('result', '0x0'), 16)} peers"
        except (requests.RequestException, ValueError, KeyError, TypeError):
            out[url] = "down"
    return out


def _describe(heads: dict[str, str]) -> str:
    return "; ".join(f"{url}: {h}" for url, h in heads.items())


class ReadYourWrites:
    """The highest block in which a receipt was seen, shared by the providers of one network: a node asked about
    state (a call, an estimate, a nonce) first catches up to it, so an account on another organisation's node sees
    what was just mined through this one (e.g. a judge approves on its node what an officer proposed on another)."""

    def __init__(self) -> None:
        self.block = 0
        self._lock = threading.Lock()

    def saw(self, block: int) -> None:
        with self._lock:
            self.block = max(self.block, block)


# Requests answered from the latest state: they wait until the node has the latest block a receipt was seen in.
_STATE_READS = frozenset(
    {
        "eth_call",
        "eth_estimateGas",
        "eth_simulateV1",
        "eth_getTransactionCount",
        "eth_getBalance",
        "eth_getStorageAt",
        "eth_getCode",
        "eth_sendRawTransaction",
    }
)
CATCH_UP_TIMEOUT = 30.0
# Requests naming a block by number, and where: the parameter's index (and the key of a filter object's upper end).
_AT_BLOCK: dict[str, tuple[int, str | None]] = {
    "eth_getLogs": (0, "toBlock"),
    "eth_getBlockByNumber": (0, None),
    "eth_getBlockTransactionCountByNumber": (0, None),
    "eth_getTransactionByBlockNumberAndIndex": (0, None),
    "eth_call": (1, None),
    "eth_getBalance": (1, None),
    "eth_getCode": (1, None),
    "eth_getTransactionCount": (1, None),
    "eth_getStorageAt": (2, None),
    "eth_getProof": (2, None),
}


def _block_named(method: str, params: Any) -> int | None:
    """The block number a request names explicitly (None: a tag such as latest, a hash, or no block)."""
    where = _AT_BLOCK.get(method)
    if where is None or not isinstance(params, (list, tuple)) or len(params) <= where[0]:
        return None
    value = params[where[0]]
    if where[1] is not None:
        value = value.get(where[1]) if isinstance(value, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.startswith("0x"):
        with contextlib.suppress(ValueError):
            return int(value, 16)
    return None


class FailoverProvider(HTTPProvider):
    """An HTTPProvider over `urls` (the first preferred). See the module's docstring."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        outage_timeout: float = 60.0,
        stall_timeout: float | None = 20.0,
        request_timeout: float = 10.0,
        consistency: ReadYourWrites | None = None,
    ) -> None:
        if not urls:
            raise ValueError("FailoverProvider needs at least one URL")
        super().__init__(urls[0], request_kwargs={"timeout": request_timeout})
        self.urls = list(urls)
        self.outage_timeout = outage_timeout
        self.stall_timeout = stall_timeout
        self._current = 0
        self.consistency = consistency
        self._node_head = [0] * len(self.urls)  # the last head seen on each node
        self._highest = 0  # the highest head any node answered with: blocks up to it exist
        self._nodes = [node_provider(u, request_timeout, **_NO_RETRY) for u in self.urls]
        self._lock = threading.RLock()
        self._sent: OrderedDict[str, bytes] = OrderedDict()  # tx hash -> raw, sent and not yet seen mined
        self._head: tuple[int, float] | None = None  # (block number, when it was first seen)
        self._head_checked = 0.0
        self.failovers: list[tuple[str, str]] = []  # (from, to), for reports and tests

    # -- which node -----------------------------------------------------------------------------------------------

    @property
    def current_url(self) -> str:
        return self.urls[self._current]

    def _try(self, index: int, method: RPCEndpoint, params: Any) -> RPCResponse:
        return self._nodes[index].make_request(method, params)

    def _fail_over(self, failed: int) -> int:
        """Find a node that answers, starting after `failed`; wait for one up to `outage_timeout`. Re-send there the
        raw transactions not seen mined. Returns its index."""
        deadline = time.monotonic() + self.outage_timeout
        n = len(self.urls)
        while True:
            for step in range(1, n + 1):
                index = (failed + step) % n
                try:
                    self._try(index, RPCEndpoint("eth_chainId"), [])
                except _DOWN:
                    continue
                self._node_head[failed] = 0  # down: when it answers again, its head is asked afresh
                with self._lock:
                    if self._current == failed and index != failed:
                        self.failovers.append((self.urls[failed], self.urls[index]))
                    self._current = index
                    pending = list(self._sent.items())
                for tx_hash, raw in pending:
                    self._resend(index, tx_hash, raw)
                return index
            if time.monotonic() > deadline:
                raise ChainError(
                    f"no node answers after {self.outage_timeout:.0f}s: {_describe(node_heads(self.urls, 1.0))}"
                )
            time.sleep(0.5)

    def _resend(self, index: int, tx_hash: str, raw: bytes) -> RPCResponse:
        """The same signed bytes to another node; 'already known' (or a mined copy) counts as accepted."""
        resp = self._try(index, RPCEndpoint("eth_sendRawTransaction"), ["0x" + raw.hex()])
        if "error" not in resp:
            return resp
        message = str(dict(resp["error"]).get("message", "")).lower()
        if "already known" in message or "known transaction" in message:
            return {"jsonrpc": "2.0", "id": resp.get("id", 0), "result": tx_hash}
        if "nonce too low" in message:
            known = self._try(index, RPCEndpoint("eth_getTransactionByHash"), [tx_hash])
            if known.get("result"):
                return {"jsonrpc": "2.0", "id": resp.get("id", 0), "result": tx_hash}
        return resp

    # -- requests -------------------------------------------------------------------------------------------------

    def make_request(self, method: RPCEndpoint, params: Any) -> RPCResponse:
        raw: bytes | None = None
        tx_hash = ""
        if method == "eth_sendRawTransaction":
            raw = bytes.fromhex(str(params[0])[2:])
            tx_hash = "0x" + keccak(raw).hex()
        index = self._current
        retried = False
        while True:
            try:
                if method in _STATE_READS:
                    self._catch_up(index)
                named = _block_named(method, params)
                if named is not None:
                    self._has_block(index, named)
                if raw is not None and retried:
                    resp = self._resend(index, tx_hash, raw)
                else:
                    resp = self._try(index, method, params)
                break
            except _DOWN:
                index = self._fail_over(index)
                retried = True
        if method == "eth_blockNumber" and "error" not in resp:
            self._saw_head(index, resp.get("result"))
        if raw is not None and "error" not in resp:
            with self._lock:
                self._sent[tx_hash] = raw
                while len(self._sent) > _KEEP_SENT:
                    self._sent.popitem(last=False)
        elif method == "eth_getTransactionReceipt":
            if resp.get("result") is not None:
                self._observe(resp["result"])
                with self._lock:
                    self._sent.pop(str(params[0]).lower(), None)
            else:
                self._check_stall(index)
        return resp

    def make_batch_request(self, requests_: list[tuple[RPCEndpoint, Any]]) -> list[RPCResponse] | RPCResponse:
        # One by one through make_request when raw transactions are in it (each may need re-sending on its own);
        # otherwise one batch to the current node, failing over as a whole.
        if any(m == "eth_sendRawTransaction" for m, _ in requests_):
            return [self.make_request(m, p) for m, p in requests_]
        index = self._current
        while True:
            try:
                if any(m in _STATE_READS for m, _ in requests_):
                    self._catch_up(index)
                named = [n for m, p in requests_ if (n := _block_named(m, p)) is not None]
                if named:
                    self._has_block(index, max(named))
                out = self._nodes[index].make_batch_request(requests_)
                break
            except _DOWN:
                index = self._fail_over(index)
        if isinstance(out, list):
            mined = [
                (str(p[0]).lower(), r["result"])
                for (m, p), r in zip(requests_, out, strict=False)
                if m == "eth_getTransactionReceipt" and r.get("result")
            ]
            if mined:
                with self._lock:
                    for h, _ in mined:
                        self._sent.pop(h, None)
                for _, receipt in mined:
                    self._observe(receipt)
            elif any(m == "eth_getTransactionReceipt" for m, _ in requests_):
                self._check_stall(index)
        return out

    # -- read your writes -----------------------------------------------------------------------------------------

    def _observe(self, receipt: Any) -> None:
        if self.consistency is None:
            return
        with contextlib.suppress(KeyError, TypeError, ValueError):
            number = receipt["blockNumber"]
            self.consistency.saw(int(number, 16) if isinstance(number, str) else int(number))

    def _catch_up(self, index: int) -> None:
        """Wait until node `index` has the latest block a receipt was seen in (by any provider sharing it)."""
        if self.consistency is None:
            return
        want = self.consistency.block
        if self._node_head[index] >= want:
            return
        deadline = time.monotonic() + CATCH_UP_TIMEOUT
        while True:
            resp = self._try(index, RPCEndpoint("eth_blockNumber"), [])
            self._node_head[index] = int(str(resp.get("result", "0x0")), 16)
            if self._node_head[index] >= want:
                return
            if time.monotonic() > deadline:
                raise ChainError(
                    f"{self.urls[index]} is at block {self._node_head[index]}, behind block {want} where a transaction "
                    f"was mined, after {CATCH_UP_TIMEOUT:.0f}s: {_describe(node_heads(self.urls, 1.0))}"
                )
            time.sleep(0.02)

    def _saw_head(self, index: int, result: Any) -> None:
        with contextlib.suppress(TypeError, ValueError):
            head = int(str(result), 16)
            self._node_head[index] = max(self._node_head[index], head)
            with self._lock:
                self._highest = max(self._highest, head)

    def _has_block(self, index: int, number: int) -> None:
        """Wait until node `index` has block `number`, if some node was seen with it (a block not seen yet anywhere
        is asked about as is: the answer that it does not exist is then true)."""
        if number > self._highest or self._node_head[index] >= number:
            return
        deadline = time.monotonic() + CATCH_UP_TIMEOUT
        while True:
            resp = self._try(index, RPCEndpoint("eth_blockNumber"), [])
            self._saw_head(index, resp.get("result", "0x0"))
            if self._node_head[index] >= number:
                return
            if time.monotonic() > deadline:
                raise ChainError(
                    f"{self.urls[index]} is at block {self._node_head[index]}, behind block {number} asked for, after "
                    f"{CATCH_UP_TIMEOUT:.0f}s: {_describe(node_heads(self.urls, 1.0))}"
                )
            time.sleep(0.02)

    # -- stall ----------------------------------------------------------------------------------------------------

    def _check_stall(self, index: int) -> None:
        if self.stall_timeout is None:
            return
        now = time.monotonic()
        if now - self._head_checked < 1.0:
            return
        self._head_checked = now
        try:
            resp = self._try(index, RPCEndpoint("eth_blockNumber"), [])
            number = int(str(resp["result"]), 16)
        except (*_DOWN, KeyError, ValueError):
            return
        if self._head is None or number != self._head[0]:
            self._head = (number, now)
            return
        idle = now - self._head[1]
        if idle >= self.stall_timeout:
            self._head = (number, now)  # a caller that retries gets another full period before the next report
            heads = node_heads(self.urls, 1.0)
            raise ChainStalled(
                f"the chain is stalled: no new block for {idle:.0f}s (head {number}); {_describe(heads)}", heads
            )

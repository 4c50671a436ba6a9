"""A JSON-RPC proxy that answers only what a consortium engine's Ethereum-compatible RPC documents.

It stands between the client and a development node, so the client meets the method set of Hyperledger Besu or of
FISCO BCOS 3.x (`web3_clientVersion` answered as that engine; any other method refused with -32601 "Method not
found", as both engines answer) while the node behind it executes. Tests move time on the node behind it directly.
Every method asked is counted, refused ones apart: the operators' guide lists what the suite requires from them.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

# The methods both engines document (Besu's ETH, NET and WEB3 APIs; FISCO BCOS 3.x's web3 RPC, its EthMethod list),
# less those that need a wallet in the node (eth_sign, eth_sendTransaction, eth_signTransaction: Besu has none).
COMMON_METHODS = frozenset(
    {
        "web3_clientVersion", "web3_sha3", "net_version", "net_listening", "net_peerCount",
        "eth_protocolVersion", "eth_syncing", "eth_chainId", "eth_mining", "eth_hashrate", "eth_gasPrice",
        "eth_accounts", "eth_blockNumber", "eth_getBalance", "eth_getStorageAt", "eth_getTransactionCount",
        "eth_getBlockTransactionCountByHash", "eth_getBlockTransactionCountByNumber", "eth_getCode",
        "eth_sendRawTransaction", "eth_call", "eth_estimateGas", "eth_getBlockByHash", "eth_getBlockByNumber",
        "eth_getTransactionByHash", "eth_getTransactionByBlockHashAndIndex",
        "eth_getTransactionByBlockNumberAndIndex", "eth_getTransactionReceipt", "eth_newFilter",
        "eth_newBlockFilter", "eth_newPendingTransactionFilter", "eth_uninstallFilter", "eth_getFilterChanges",
        "eth_getFilterLogs", "eth_getLogs", "eth_maxPriorityFeePerGas",
    }
)  # fmt: skip

ENGINES = {
    "besu": "besu/v24.12.2/linux-x86_64/openjdk-java-21",
    "fisco": "FISCO-BCOS-Web3RPC/3.12.0-Release/Linux/0000000",
}


class EngineProxy:
    """`with EngineProxy("besu", node_url) as proxy:` then point the client at `proxy.url`."""

    def __init__(self, engine: str, upstream: str) -> None:
        self.engine = engine
        self.client_version = ENGINES[engine]
        self.upstream = upstream
        self.asked: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._session = requests.Session()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if isinstance(body, list):
                    answer: Any = [proxy.answer(r) for r in body]
                else:
                    answer = proxy.answer(body)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        method = str(request.get("method"))
        rid = request.get("id")
        with self._lock:
            self.asked[method] += 1
            if method not in COMMON_METHODS:
                self.refused[method] += 1
        if method not in COMMON_METHODS:
            return {"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "Method not found"}}
        if method == "web3_clientVersion":
            return {"jsonrpc": "2.0", "id": rid, "result": self.client_version}
        reply: dict[str, Any] = self._session.post(self.upstream, json=request, timeout=60).json()
        return reply

    def __enter__(self) -> EngineProxy:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

"""Throughput of the Python tooling on anvil, all in one run, on the same transaction (a party anchoring one piece of
evidence in EvidenceRegistry, 48.7k gas):

(a) baseline: transactions signed beforehand (explicit gas, fees, nonces), then sent as fast as the node takes them.
    Three ways are tried (one JSON-RPC batch per 256, one request at a time on a kept-alive session, 4 threads) and
    the fastest counts; the clock runs from the first send until the last receipt is available.
(b) the typed client one at a time: `EvidenceClient.anchor` (checks, estimate, sign, send, wait for the receipt).
(c) the typed client pipelined: `EvidenceClient.anchor_many` (checks, all calls simulated in order in one
    eth_simulateV1 request for their gas and any revert, sign in growing chunks while a worker broadcasts them in
    batch requests, receipts fetched and their events decoded as blocks are mined); also with explicit gas.

Each mode runs on the same fresh chain (reverted between modes), `--n` transactions, `--rounds` rounds; the ratios
compare the best round of each mode, and `medianRatios` the medians (anvil's block cadence makes single rounds vary
by up to 2x on a 2-core machine).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from common import Deployed, deployed, machine, write_result

from courtchain.accounts import dev_accounts
from courtchain.clients.evidence import DocumentKind, EvidenceClient

TARGET = 0.8
ANCHOR_GAS = 80_000  # explicit gas for the pre-signed baseline (the anchor uses 48.7k)


def docs(tag: str, n: int) -> list[bytes]:
    return [hashlib.sha256(f"{tag}-{i}".encode()).digest() for i in range(n)]


def _presign(d: Deployed, hashes: list[bytes]) -> tuple[list[str], list[str]]:
    acct = dev_accounts()["litigant"]
    client = EvidenceClient(d.suite, acct)
    sender = d.suite.sender(acct)
    fees = sender.fees()
    nonce = int(d.chain.rpc("eth_getTransactionCount", [acct.address, "pending"]), 16)
    raws, hashes_out = [], []
    for i, h in enumerate(hashes):
        call = client.prepare("anchor", h, int(DocumentKind.EVIDENCE), 12, 0)
        tx = {
            "to": call.to,
            "data": call.data,
            "value": 0,
            "gas": ANCHOR_GAS,
            "nonce": nonce + i,
            "chainId": d.chain.chain_id,
            **fees,
        }
        signed = acct.sign_transaction(tx)
        raws.append("0x" + bytes(signed.raw_transaction).hex())
        hashes_out.append("0x" + bytes(signed.hash).hex())
    return raws, hashes_out


def _wait_last(d: Deployed, tx_hash: str) -> None:
    session = requests.Session()
    body = {"jsonrpc": "2.0", "id": 1, "method": "eth_getTransactionReceipt", "params": [tx_hash]}
    while session.post(d.chain.url, json=body, timeout=30).json().get("result") is None:
        time.sleep(0.001)


def baseline_batch(d: Deployed, raws: list[str], hashes: list[str]) -> float:
    session = requests.Session()
    t0 = time.perf_counter()
    for start in range(0, len(raws), 256):
        body = [
            {"jsonrpc": "2.0", "id": i, "method": "eth_sendRawTransaction", "params": [r]}
            for i, r in enumerate(raws[start : start + 256])
        ]
        resp = session.post(d.chain.url, json=body, timeout=60).json()
        assert all("result" in r for r in resp), resp[:2]
    _wait_last(d, hashes[-1])
    return time.perf_counter() - t0


def baseline_sequential(d: Deployed, raws: list[str], hashes: list[str]) -> float:
    session = requests.Session()
    t0 = time.perf_counter()
    for i, r in enumerate(raws):
        body = {"jsonrpc": "2.0", "id": i, "method": "eth_sendRawTransaction", "params": [r]}
        assert "result" in session.post(d.chain.url, json=body, timeout=60).json()
    _wait_last(d, hashes[-1])
    return time.perf_counter() - t0


def baseline_threads(d: Deployed, raws: list[str], hashes: list[str], threads: int = 4) -> float:
    """Threads each sending a contiguous share, in nonce order within the share (the node queues future nonces)."""
    shares = [raws[i::threads] for i in range(threads)]
    errors: list[Any] = []

    def work(share: list[str]) -> None:
        session = requests.Session()
        for r in share:
            resp = session.post(
                d.chain.url,
                json={"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": [r]},
                timeout=60,
            ).json()
            if "error" in resp:
                errors.append(resp["error"])

    t0 = time.perf_counter()
    ts = [threading.Thread(target=work, args=(s,)) for s in shares]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    _wait_last(d, hashes[-1])
    elapsed = time.perf_counter() - t0
    assert not errors, errors[:2]
    return elapsed


def client_one_by_one(d: Deployed, hashes: list[bytes]) -> float:
    client = EvidenceClient(d.suite, dev_accounts()["litigant"])
    t0 = time.perf_counter()
    for h in hashes:
        client.anchor(h, DocumentKind.EVIDENCE, 12)
    return time.perf_counter() - t0


def client_pipeline(d: Deployed, hashes: list[bytes], gas: int | None) -> float:
    client = EvidenceClient(d.suite, dev_accounts()["litigant"])
    t0 = time.perf_counter()
    sent = client.anchor_many(hashes, DocumentKind.EVIDENCE, 12, gas=gas)
    elapsed = time.perf_counter() - t0
    assert len(sent) == len(hashes) and all(s.events for s in sent)
    return elapsed


def measure(n: int = 500, rounds: int = 3) -> dict[str, Any]:
    load = os.getloadavg()
    res: dict[str, Any] = {"transactions": n, "rounds": rounds, "transaction": "EvidenceRegistry.anchor (party)"}
    with deployed() as d:
        state = {"snap": d.chain.snapshot()}
        counter = [0]

        samples: dict[str, list[float]] = {}

        def run(fn: Callable[[list[bytes]], float], label: str) -> float:
            for _ in range(rounds):
                d.chain.revert(state["snap"])  # anvil drops a snapshot once reverted to: take it again
                state["snap"] = d.chain.snapshot()
                d.suite.reset_nonces()
                counter[0] += 1
                samples.setdefault(label, []).append(fn(docs(f"tp{counter[0]}", n)))
            return min(samples[label])

        def presigned(way: Callable[[Deployed, list[str], list[str]], float]) -> Callable[[list[bytes]], float]:
            def go(hs: list[bytes]) -> float:
                raws, tx_hashes = _presign(d, hs)
                return way(d, raws, tx_hashes)

            return go

        ways = {
            "json-rpc batches of 256": presigned(baseline_batch),
            "one request at a time (kept-alive session)": presigned(baseline_sequential),
            "4 threads": presigned(baseline_threads),
        }
        base_times = {k: run(v, k) for k, v in ways.items()}
        fastest = min(base_times, key=lambda k: base_times[k])
        a = base_times[fastest]
        b = run(lambda hs: client_one_by_one(d, hs), "b")
        c = run(lambda hs: client_pipeline(d, hs, None), "c")
        c_gas = run(lambda hs: client_pipeline(d, hs, ANCHOR_GAS), "c_explicitGas")
        res["chainClient"] = d.chain.client_version
    tps = {k: round(n / v, 1) for k, v in base_times.items()}
    res["baselineWays"] = {"seconds": {k: round(v, 4) for k, v in base_times.items()}, "txPerSecond": tps}
    res["a"] = {
        "what": f"pre-signed raw transactions, fastest way: {fastest}",
        "seconds": round(a, 4),
        "txPerSecond": round(n / a, 1),
    }
    res["b"] = {
        "what": "EvidenceClient.anchor one at a time, receipts awaited",
        "seconds": round(b, 4),
        "txPerSecond": round(n / b, 1),
    }
    res["c"] = {
        "what": "EvidenceClient.anchor_many (gas from one eth_simulateV1 request), receipts collected as mined",
        "seconds": round(c, 4),
        "txPerSecond": round(n / c, 1),
    }
    res["c_explicitGas"] = {
        "what": "EvidenceClient.anchor_many with explicit gas (no simulation)",
        "seconds": round(c_gas, 4),
        "txPerSecond": round(n / c_gas, 1),
    }
    res["ratios"] = {"b/a": round(a / b, 3), "c/a": round(a / c, 3), "c_explicitGas/a": round(a / c_gas, 3)}
    med = {k: statistics.median(v) for k, v in samples.items()}
    res["roundSeconds"] = {k: [round(x, 4) for x in v] for k, v in samples.items()}
    res["medianRatios"] = {
        "c/a": round(med[fastest] / med["c"], 3),
        "c_explicitGas/a": round(med[fastest] / med["c_explicitGas"], 3),
    }
    res["target"] = {"c/a": f"≥ {TARGET}", "met": a / c >= TARGET}
    res["note"] = "ratios are throughput ratios (tx/s of the mode over tx/s of the baseline)"
    res["machine"] = machine(load)
    write_result("throughput", res)
    return res

"""Sending transactions: local nonces, explicit gas and fees, receipts checked, reverts decoded into words.

A transaction is first estimated: a revert there is decoded and raised before anything is signed, so no nonce is
burnt. A mined transaction whose receipt has status 0 is replayed with eth_call at its block to recover the reason.
Several transactions may be in flight from one account (`send_many`, or threads sharing a Sender): the nonce is
taken under a lock and re-synchronised from the node after a failure.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar, cast, overload

from eth_abi import decode as abi_decode
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes
from web3.types import TxReceipt

from .chain import Chain, format_receipt
from .errors import ChainError, ContractRevert, TransactionFailed
from .signers import RemoteAccount, SigningAccount

R = TypeVar("R")
ERROR_STRING = bytes.fromhex("08c379a0")
PANIC = bytes.fromhex("4e487b71")
PIPELINE_BATCH = 256  # requests per JSON-RPC batch when pipelining
FIRST_CHUNK = 64  # transactions signed before the first broadcast; chunks then double up to SEND_CHUNK
SEND_CHUNK = 256  # transactions signed, then handed to the broadcasting thread, at a time (one JSON-RPC batch)
RECEIPT_WINDOW = 256  # receipts asked for per poll while the pipeline runs
PIPELINE_MAX_POLL = 0.02  # seconds between receipt probes at most while a pipeline waits (one small request each)
STALL_AFTER = 1.0  # seconds without a receipt before a pipeline asks the node's pool why (then twice as long each time)
PANIC_CODES = {
    0x01: "assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division by zero",
    0x21: "invalid enum value",
    0x22: "bad storage byte array",
    0x31: "pop on empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory",
    0x51: "call to an uninitialised function",
}


def _abi_type(param: dict[str, Any]) -> str:
    t = str(param["type"])
    if t.startswith("tuple"):
        inner = ",".join(_abi_type(c) for c in param["components"])
        return f"({inner}){t[5:]}"
    return t


class ErrorDecoder:
    """Maps custom-error selectors of every known ABI to their names and argument types."""

    def __init__(self) -> None:
        self._errors: dict[bytes, tuple[str, list[str], list[str]]] = {}

    def add_abi(self, abi: Sequence[dict[str, Any]]) -> None:
        for item in abi:
            if item.get("type") != "error":
                continue
            types = [_abi_type(i) for i in item["inputs"]]
            names = [i["name"] or f"arg{n}" for n, i in enumerate(item["inputs"])]
            selector = keccak(text=f"{item['name']}({','.join(types)})")[:4]
            self._errors[selector] = (item["name"], types, names)

    def decode(self, data: bytes) -> tuple[str, dict[str, Any]] | None:
        """(error name, arguments) for revert data, or None if it is not a known error."""
        if len(data) < 4:
            return None
        selector, body = data[:4], data[4:]
        try:
            if selector == ERROR_STRING:
                return "Error", {"reason": abi_decode(["string"], body)[0]}
            if selector == PANIC:
                code = abi_decode(["uint256"], body)[0]
                return "Panic", {"code": hex(code), "meaning": PANIC_CODES.get(code, "unknown")}
            if selector not in self._errors:
                return None
            name, types, names = self._errors[selector]
            values = abi_decode(types, body)
        except Exception:  # malformed revert data: report it raw below
            return None
        args: dict[str, Any] = {}
        for n, t, v in zip(names, types, values, strict=True):
            if t == "address":
                v = to_checksum_address(v)
            elif t == "bytes" and isinstance(v, bytes):
                inner = self.decode(v)  # a wrapped revert (e.g. a failed proposal action): show it in words
                if inner is not None:
                    v = f"{inner[0]}({', '.join(f'{k}={_fmt(x)}' for k, x in inner[1].items())})"
            args[n] = v
        return name, args

    def to_exception(self, contract: str, data: bytes, tx_hash: str | None = None) -> Exception:
        decoded = self.decode(data)
        if decoded is None:
            if not data:
                return TransactionFailed(f"{contract} reverted without a reason", tx_hash)
            return TransactionFailed(f"{contract} reverted with unknown data 0x{data.hex()}", tx_hash)
        return ContractRevert(contract, decoded[0], decoded[1], tx_hash)


def _fmt(v: Any) -> str:
    return "0x" + v.hex() if isinstance(v, bytes) else str(v)


def revert_data(error: Any) -> bytes | None:
    """Revert bytes from a JSON-RPC error object (anvil, ganache and hardhat put them in slightly different places)."""
    if not isinstance(error, dict):
        return None
    data = error.get("data")
    if isinstance(data, dict):
        data = data.get("data") or data.get("result")
    if isinstance(data, str) and data.startswith("0x"):
        return bytes.fromhex(data[2:])
    msg = str(error.get("message", ""))
    if "execution reverted" in msg or "revert" in msg:
        return b""
    return None


@dataclass(frozen=True)
class Call:
    """A state-changing call to send: target, calldata, and the contract name for messages."""

    to: str
    data: str
    contract: str
    value: int = 0
    gas: int | None = None


def rlp_encode(item: bytes | int | list[Any]) -> bytes:
    """Recursive-length-prefix encoding of bytes, non-negative ints and lists of them (what a transaction holds)."""
    if isinstance(item, list):
        payload = b"".join(rlp_encode(x) for x in item)
        return _rlp_prefix(len(payload), 0xC0) + payload
    if isinstance(item, int):
        item = item.to_bytes((item.bit_length() + 7) // 8, "big") if item else b""
    if len(item) == 1 and item[0] < 0x80:
        return item
    return _rlp_prefix(len(item), 0x80) + item


def _rlp_prefix(length: int, offset: int) -> bytes:
    if length < 56:
        return bytes([offset + length])
    n = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(n)]) + n


class FastSigner:
    """Signs EIP-1559 (type 2) and EIP-155 legacy transactions with libsecp256k1 (coincurve) directly: the same bytes
    as `LocalAccount.sign_transaction` (RFC 6979 nonces, low s), without its dict validation, about 10x faster.
    `FastSigner.available()` is False when coincurve is not installed; Sender then falls back to eth-account."""

    def __init__(self, private_key: bytes) -> None:
        import coincurve

        self._key = coincurve.PrivateKey(private_key)

    @staticmethod
    def available() -> bool:
        try:
            import coincurve  # noqa: F401
        except ImportError:
            return False
        return True

    def sign(self, tx: dict[str, Any]) -> tuple[str, bytes]:
        """(tx hash, raw transaction) for a dict with nonce, gas, value, data, chainId, optional to, and either
        gasPrice or maxFeePerGas + maxPriorityFeePerGas."""
        to = bytes.fromhex(tx["to"][2:]) if tx.get("to") else b""
        data = tx["data"]
        data = bytes.fromhex(data[2:] if data.startswith("0x") else data) if isinstance(data, str) else bytes(data)
        chain_id, nonce, gas, value = int(tx["chainId"]), int(tx["nonce"]), int(tx["gas"]), int(tx["value"])
        if "maxFeePerGas" in tx:
            fields: list[Any] = [
                chain_id,
                nonce,
                int(tx["maxPriorityFeePerGas"]),
                int(tx["maxFeePerGas"]),
                gas,
                to,
                value,
                data,
                [],
            ]
            sig = self._key.sign_recoverable(keccak(b"\x02" + rlp_encode(fields)), hasher=None)
            r, s_, v = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big"), sig[64]
            raw = b"\x02" + rlp_encode([*fields, v, r, s_])
        else:
            fields = [nonce, int(tx["gasPrice"]), gas, to, value, data]
            sig = self._key.sign_recoverable(keccak(rlp_encode([*fields, chain_id, 0, 0])), hasher=None)
            r, s_ = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big")
            raw = rlp_encode([*fields, sig[64] + 35 + 2 * chain_id, r, s_])
        return "0x" + keccak(raw).hex(), raw


class Sender:
    """Signs and sends from one account; safe to share between threads. The account is a key held here (signed with
    FastSigner, or eth-account without coincurve) or a RemoteAccount (each transaction signed, and checked, by its
    remote signer)."""

    def __init__(
        self, chain: Chain, account: SigningAccount, decoder: ErrorDecoder, *, gas_margin: float = 1.25
    ) -> None:
        self.chain = chain
        self.account = account
        self.address = account.address
        self.decoder = decoder
        self.gas_margin = gas_margin
        self._lock = threading.Lock()
        self._nonce: int | None = None
        self._fees: dict[str, int] | None = None
        self._signer = (
            FastSigner(bytes(account.key)) if isinstance(account, LocalAccount) and FastSigner.available() else None
        )
        self.stall_repairs: list[str] = []  # what send_many did to pipelines that stopped being mined (see _Stall)

    # -- pieces --------------------------------------------------------------------------------------------------

    def next_nonce(self) -> int:
        """Take the account's next nonce (from the node's pending count the first time, then counted here)."""
        with self._lock:
            if self._nonce is None:
                self._nonce = int(self.chain.rpc("eth_getTransactionCount", [self.address, "pending"]), 16)
            n = self._nonce
            self._nonce += 1
            return n

    def resync_nonce(self) -> None:
        with self._lock:
            self._nonce = None

    def fees(self, block: dict[str, Any] | None = None) -> dict[str, int]:
        """Fee fields, decided once per Sender. A free-gas chain (base fee zero, or a node price of zero) gets legacy
        transactions at price 0; a chain without base fee gets legacy at the node's price; otherwise EIP-1559 with
        room for the base fee to double. COURTCHAIN_GAS_PRICE (wei) forces a legacy price."""
        if self._fees is None:
            forced = os.environ.get("COURTCHAIN_GAS_PRICE")
            block = block or self.chain.rpc("eth_getBlockByNumber", ["latest", False])
            base = block.get("baseFeePerGas")
            if forced is not None:
                self._fees = {"gasPrice": int(forced)}
            elif base is not None and int(base, 16) == 0:
                self._fees = {"gasPrice": 0}
            else:
                price = int(self.chain.rpc("eth_gasPrice"), 16)
                if price == 0 or base is None:
                    self._fees = {"gasPrice": price}
                else:
                    tip = min(price, 10**9)
                    self._fees = {"maxFeePerGas": 2 * int(base, 16) + tip, "maxPriorityFeePerGas": tip}
        return dict(self._fees)

    def call_object(self, call: Call) -> dict[str, str]:
        """The JSON-RPC call object of `call` from this account (for eth_call, eth_estimateGas, eth_simulateV1)."""
        tx = {"from": self.address, "data": call.data, "value": hex(call.value)}
        if call.to:
            tx["to"] = call.to
        return tx

    def estimate(self, call: Call) -> int:
        resp = self.chain.w3.provider.make_request(cast(Any, "eth_estimateGas"), [self.call_object(call)])
        if "error" in resp:
            data = revert_data(resp["error"])
            if data is not None:
                raise self.decoder.to_exception(call.contract, data)
            raise ChainError(f"gas estimation failed: {resp['error'].get('message', resp['error'])}")
        return int(resp["result"], 16)

    def sign(self, call: Call, nonce: int | None = None) -> tuple[str, bytes]:
        """Estimate (raising a decoded revert), then sign. Returns (tx hash, raw transaction)."""
        gas = call.gas or int(self.estimate(call) * self.gas_margin) + 10_000
        tx: dict[str, Any] = {
            "data": call.data,
            "value": call.value,
            "gas": gas,
            "nonce": self.next_nonce() if nonce is None else nonce,
            "chainId": self.chain.chain_id,
            **self.fees(),
        }
        if call.to:  # an empty `to` creates a contract
            tx["to"] = call.to
        if self._signer is not None:
            return self._signer.sign(tx)
        if isinstance(self.account, RemoteAccount):
            return self.account.sign(tx)
        if call.to:
            tx["to"] = to_checksum_address(call.to)
        signed = self.account.sign_transaction(tx)
        return "0x" + bytes(signed.hash).hex(), bytes(signed.raw_transaction)

    def broadcast(self, raw: bytes) -> str:
        try:
            return str(self.chain.rpc("eth_sendRawTransaction", ["0x" + raw.hex()]))
        except ChainError:
            self.resync_nonce()
            raise

    def check(self, call: Call, receipt: TxReceipt) -> TxReceipt:
        if receipt["status"] == 1:
            return receipt
        tx_hash = "0x" + bytes(receipt["transactionHash"]).hex()
        block = receipt["blockNumber"]
        replay = self.call_object(call)
        resp = self.chain.w3.provider.make_request(cast(Any, "eth_call"), [replay, hex(block - 1)])
        data = revert_data(resp.get("error")) if "error" in resp else None
        if data:
            raise self.decoder.to_exception(call.contract, data, tx_hash)
        gas_used = receipt["gasUsed"]
        raise TransactionFailed(
            f"{call.contract} transaction {tx_hash} failed (status 0, gas used {gas_used})", tx_hash
        )

    # -- sending -------------------------------------------------------------------------------------------------

    def send(self, call: Call) -> TxReceipt:
        """Send one transaction and wait for its successful receipt."""
        tx_hash, raw = self.sign(call)
        self.broadcast(raw)
        receipt = self.chain.wait_for_receipt(tx_hash)
        return self.check(call, receipt)

    def estimate_many(self, calls: Sequence[Call]) -> list[int]:
        """Gas estimates for several calls in JSON-RPC batch requests (each against the current state); the first
        revert is decoded and raised, before anything is signed."""
        reqs: list[tuple[str, list[Any]]] = [("eth_estimateGas", [self.call_object(c)]) for c in calls]
        out: list[int] = []
        for start in range(0, len(reqs), PIPELINE_BATCH):
            for call, resp in zip(
                calls[start : start + PIPELINE_BATCH],
                self.chain.rpc_batch(reqs[start : start + PIPELINE_BATCH]),
                strict=True,
            ):
                if "error" in resp:
                    data = revert_data(resp["error"])
                    if data is not None:
                        raise self.decoder.to_exception(call.contract, data)
                    raise ChainError(f"gas estimation failed: {resp['error'].get('message', resp['error'])}")
                out.append(int(resp["result"], 16))
        return out

    def simulate_many(self, calls: Sequence[Call]) -> list[int] | None:
        """Gas used by each call, simulated in order in one eth_simulateV1 request, each call seeing the effects of
        those before it (so dependent calls can be pipelined); the first revert is decoded and raised before anything
        is signed. None when the node has no eth_simulateV1 (then each call is estimated on its own)."""
        if self.chain.simulate_supported is False or not calls:
            return None
        # one simulated block, so every call sees the latest block's time as an estimate would
        txs = [self.call_object(c) for c in calls]
        body = [{"blockStateCalls": [{"calls": txs}], "validation": False}, "latest"]
        resp = self.chain.rpc_batch([("eth_simulateV1", body)])[0]
        if "error" in resp:  # no such method, or a node that limits simulations: estimate instead
            self.chain.simulate_supported = False
            return None
        self.chain.simulate_supported = True
        results = resp["result"][0]["calls"]
        out: list[int] = []
        for call, r in zip(calls, results, strict=True):
            if int(r["status"], 16) != 1:
                raise self.decoder.to_exception(call.contract, bytes.fromhex(str(r.get("returnData") or "0x")[2:]))
            out.append(int(r["gasUsed"], 16))
        return out

    def broadcast_many(self, raws: Sequence[bytes]) -> list[str]:
        """Broadcast signed transactions in JSON-RPC batch requests, in order. On the first refusal the nonce is
        re-synchronised and ChainError raised (transactions before it are in flight)."""
        hashes: list[str] = []
        for start in range(0, len(raws), PIPELINE_BATCH):
            part = raws[start : start + PIPELINE_BATCH]
            for resp in self.chain.rpc_batch([("eth_sendRawTransaction", ["0x" + raw.hex()]) for raw in part]):
                if "error" in resp:
                    self.resync_nonce()
                    raise ChainError(
                        f"eth_sendRawTransaction refused after {len(hashes)} accepted: {resp['error'].get('message')}"
                    )
                hashes.append(str(resp["result"]))
        return hashes

    @overload
    def send_many(self, calls: Sequence[Call]) -> list[TxReceipt]: ...

    @overload
    def send_many(self, calls: Sequence[Call], process: Callable[[TxReceipt], R]) -> list[R]: ...

    def send_many(self, calls: Sequence[Call], process: Callable[[TxReceipt], Any] | None = None) -> list[Any]:
        """Pipeline: estimate (one batch request for calls without an explicit gas), sign locally, broadcast in batch
        requests, and collect the receipts while later transactions are still being mined; every status is checked
        (the first failure, in order, is raised with its reason decoded). `process` (e.g. event decoding) is applied
        to each successful receipt as it arrives, so that work overlaps the node's.

        Calls without an explicit gas are simulated in order first (eth_simulateV1: each sees the ones before it).
        On a node without it, each is estimated against the state before any of them is mined: then pipeline only
        calls that do not depend on each other, or give each Call an explicit gas.
        """
        # fees decided afresh per pipeline (the base fee may have risen since the last one), from the same block
        # whose gas limit bounds what may be in flight
        latest = self.chain.rpc("eth_getBlockByNumber", ["latest", False])
        self._fees = None
        self.fees(latest)
        gas_limits: list[int | None] = [c.gas for c in calls]
        if any(g is None for g in gas_limits):
            used = self.simulate_many(calls)
            if used is not None:
                # gas used is after refunds (at most a fifth of the gas spent), so x1.25 covers what was spent
                gas_limits = [g or int(u * self.gas_margin) + 10_000 for g, u in zip(gas_limits, used, strict=True)]
            else:
                estimates = iter(self.estimate_many([c for c in calls if c.gas is None]))
                gas_limits = [g or int(next(estimates) * self.gas_margin) + 10_000 for g in gas_limits]
        limits = [int(g or 0) for g in gas_limits]
        hashes: list[str] = []
        raws_sent: list[bytes] = []  # raw transaction of each of `hashes`, and its nonce (for a stall's repair)
        nonces: list[int] = []
        broadcast_upto = [0]  # how many of `hashes` the node has accepted
        failure: list[BaseException] = []
        room = _BlockRoom(self, int(latest.get("gasLimit") or "0x0", 16) or None)
        if room.budget and max(limits, default=0) > room.budget:
            raise ChainError(f"a call needs {max(limits):,} gas, above the block gas limit {room.budget:,}")

        def broadcast(raws: list[bytes], upto: int) -> None:
            if failure:  # an earlier chunk was refused: later nonces would leave a gap
                return
            try:
                room.wait_for(upto)
                self.broadcast_many(raws)
                broadcast_upto[0] = upto
            except BaseException as exc:
                failure.append(exc)

        # Chunks start small so the node starts mining at once, then grow to one batch request, but never beyond
        # what one block holds (see _BlockRoom). One worker thread hands them to the node in order (hence nonces in
        # order) while this thread signs the next one (the GIL is free while the worker waits on the socket), then
        # collects receipts as they are mined.
        worker = ThreadPoolExecutor(max_workers=1)
        try:
            size, start = FIRST_CHUNK, 0
            while start < len(calls) and not failure:
                raws: list[bytes] = []
                chunk_gas = 0
                for call, gas in zip(calls[start : start + size], limits[start : start + size], strict=True):
                    if raws and room.budget and chunk_gas + gas > room.budget:
                        break
                    nonce = self.next_nonce()
                    tx_hash, raw = self.sign(Call(call.to, call.data, call.contract, call.value, gas), nonce)
                    room.add(nonce, gas)
                    chunk_gas += gas
                    hashes.append(tx_hash)
                    raws.append(raw)
                    raws_sent.append(raw)
                    nonces.append(nonce)
                start += len(raws)
                worker.submit(broadcast, raws, start)
                size = min(size * 2, SEND_CHUNK)
            if self.chain.confirmations:
                worker.shutdown(wait=True)
            stuck = _Stall(self, calls, limits, hashes, raws_sent, nonces, broadcast_upto)
            receipts = self._collect(hashes, broadcast_upto, failure, process, stuck.repair)
        finally:
            worker.shutdown(wait=True)
        if failure:
            self.resync_nonce()
            raise failure[0]
        for call, (receipt, _) in zip(calls, receipts, strict=True):
            self.check(call, receipt)
        return [receipt if process is None else done for receipt, done in receipts]

    def mined_nonce(self) -> int:
        """How many transactions of this account are mined (its next nonce at the latest block)."""
        return int(self.chain.rpc("eth_getTransactionCount", [self.address, "latest"]), 16)

    def _collect(
        self,
        hashes: list[str],
        broadcast_upto: list[int],
        failure: list[BaseException],
        process: Callable[[TxReceipt], Any] | None,
        repair: Callable[[], None] = lambda: None,
    ) -> list[tuple[TxReceipt, Any]]:
        """Receipts of `hashes` in order, fetched in batch requests as the broadcasting worker reports them accepted,
        each successful one processed on arrival. With confirmations asked for, wait for them all at the end. After
        STALL_AFTER seconds (then twice as long, and so on) without a new receipt, `repair` is called (see _Stall);
        it may replace an entry of `hashes`."""

        def done(r: TxReceipt) -> tuple[TxReceipt, Any]:
            return r, (process(r) if process is not None and r["status"] == 1 else None)

        if self.chain.confirmations:
            return [] if failure else [done(r) for r in self.chain.wait_for_receipts(hashes)]
        out: list[tuple[TxReceipt, Any]] = []
        deadline = time.monotonic() + self.chain.receipt_timeout
        interval = self.chain.poll_interval
        stall_after = STALL_AFTER
        progress_at = time.monotonic()
        while len(out) < len(hashes):
            upto = broadcast_upto[0]
            if failure and len(out) >= upto:
                return out
            # One sender's transactions are mined in nonce order: when the window's last is in, all of it is. Probe
            # that one receipt (polling whole windows would keep the node busy answering instead of mining).
            window = hashes[len(out) : min(upto, len(out) + RECEIPT_WINDOW)]
            last = self.chain.rpc("eth_getTransactionReceipt", [window[-1]]) if window else None
            if last is not None:
                for h, r in zip(window[:-1], self.chain.receipts(window[:-1]), strict=True):
                    if r is None:  # replaced or dropped from the pool: its nonce was used by another transaction
                        raise ChainError(f"transaction {h} is not mined although a later one of its sender is")
                    out.append(done(r))
                out.append(done(format_receipt(last)))
                interval = self.chain.poll_interval
                progress_at, stall_after = time.monotonic(), STALL_AFTER
                continue
            if time.monotonic() > deadline:
                raise ChainError(f"no receipt for {len(hashes) - len(out)} of {len(hashes)} transactions")
            if window and time.monotonic() - progress_at > stall_after:
                repair()
                progress_at, stall_after = time.monotonic(), stall_after * 2
            time.sleep(interval)
            # backing off, but not far: a long sleep here would be the pipeline's tail once the node catches up
            interval = min(interval * 1.5, PIPELINE_MAX_POLL)
        return out


class _Stall:
    """Repair of a pipeline that stopped being mined although every nonce was accepted.

    anvil's pool decides whether a new transaction is ready from the account's nonce read *before* it inserts the
    transaction. When the transaction before it (same sender, nonce - 1) is mined and its marker pruned in between,
    the new one waits for a marker that nothing will provide again: it sits in the pool's queue for ever although
    its nonce is the account's next, and every later one of the pipeline waits behind it (seen as 45 of 50 mined,
    the rest queued). The race window is small (once in a few dozen pipelines of 50) and nothing a sender does
    avoids it: transactions are mined while later ones arrive. So a pipeline without progress asks the node:

    - the transaction at the account's next nonce is queued although its nonce is due: it is signed again with the
      same nonce and fee and one more unit of gas (another hash, the same effect) and broadcast; the pool admits the
      new one as ready (a replacement of a queued transaction needs no fee bump) and the rest follow it;
    - it is not in the pool at all (dropped): its raw transaction is broadcast again;
    - it is ready but not mined, twice in a row with no new block in between (a dev node's automatic miner missed
      it): one block is mined.

    A node without `txpool_content` is left alone (the pipeline then times out as before)."""

    def __init__(
        self,
        sender: Sender,
        calls: Sequence[Call],
        limits: list[int],
        hashes: list[str],
        raws: list[bytes],
        nonces: list[int],
        broadcast_upto: list[int],
    ) -> None:
        self.sender = sender
        self.calls = calls
        self.limits = limits
        self.hashes = hashes
        self.raws = raws
        self.nonces = nonces
        self.broadcast_upto = broadcast_upto
        self.repairs = sender.stall_repairs  # what was done, for messages and tests
        self._ready_seen: tuple[int, int] | None = None  # (head nonce, block) when the head was last seen ready

    def _pool_state(self, nonce: int) -> str | None:
        """'pending' (ready), 'queued', 'absent', or None when the node has no txpool_content."""
        chain = self.sender.chain
        try:
            content = chain.rpc("txpool_content")
        except ChainError:
            return None
        me = self.sender.address.lower()
        for state in ("pending", "queued"):
            for address, txs in (content.get(state) or {}).items():
                if address.lower() == me and str(nonce) in txs:
                    return state
        return "absent"

    def repair(self) -> None:
        if not self.nonces:
            return
        mined = self.sender.mined_nonce()
        i = mined - self.nonces[0]
        if not 0 <= i < min(self.broadcast_upto[0], len(self.hashes)):
            return  # the head of the account is not ours, or not broadcast yet: nothing to repair here
        state = self._pool_state(mined)
        chain = self.sender.chain
        if state == "queued":
            call = self.calls[i]
            gas = self.limits[i] + 1
            self.limits[i] = gas
            tx_hash, raw = self.sender.sign(Call(call.to, call.data, call.contract, call.value, gas), mined)
            chain.rpc("eth_sendRawTransaction", ["0x" + raw.hex()])
            self.repairs.append(f"nonce {mined} queued although due: re-signed as {tx_hash}")
            self.hashes[i], self.raws[i] = tx_hash, raw
        elif state == "absent":
            try:
                chain.rpc("eth_sendRawTransaction", ["0x" + self.raws[i].hex()])
            except ChainError:  # mined between the two looks ("nonce too low"): nothing was wrong
                return
            self.repairs.append(f"nonce {mined} not in the pool: broadcast again")
        elif state == "pending" and chain.is_dev_node:
            # A big block may just be slow to mine on a busy machine: act only if nothing moved since the last look.
            block = chain.block_number()
            if self._ready_seen == (mined, block):
                chain.rpc("evm_mine")
                self.repairs.append(f"nonce {mined} ready but not mined: mined a block")
            self._ready_seen = (mined, block)


class _BlockRoom:
    """Flow control for a pipeline: transactions sent but not yet mined never need more gas together than one block
    holds. A pool holding more than a block's worth from one sender has to be drained over several blocks, and
    anvil's automatic miner mines only when a transaction arrives, so the rest of a flood waits there until the next
    one (never, at the end of a pipeline); other nodes may evict it."""

    def __init__(self, sender: Sender, budget: int | None) -> None:
        self.sender = sender
        self.budget = budget
        self._nonces: list[int] = []
        self._gas: list[int] = []
        self._mined_upto = 0  # index of the first transaction not known to be mined
        self._mined_nonce = -1  # the account's mined count when last asked

    def add(self, nonce: int, gas: int) -> None:
        self._nonces.append(nonce)
        self._gas.append(gas)

    def wait_for(self, upto: int) -> None:
        """Return once the transactions before index `upto` that are not mined fit in one block together (the
        mined count is asked of the node only while they do not)."""
        if not self.budget:
            return
        deadline = time.monotonic() + self.sender.chain.receipt_timeout
        interval = 0.001
        while True:
            self._advance()
            if sum(self._gas[self._mined_upto : upto]) <= self.budget:
                return
            if time.monotonic() > deadline:
                raise ChainError(
                    f"the node mined none of {upto - self._mined_upto} pending transactions in "
                    f"{self.sender.chain.receipt_timeout:.0f}s"
                )
            mined = self.sender.mined_nonce()
            if mined == self._mined_nonce:
                time.sleep(interval)
                interval = min(interval * 1.5, PIPELINE_MAX_POLL)
            self._mined_nonce = mined

    def _advance(self) -> None:
        while self._mined_upto < len(self._nonces) and self._nonces[self._mined_upto] < self._mined_nonce:
            self._mined_upto += 1


def hexstr(b: bytes | HexBytes | str) -> str:
    if isinstance(b, str):
        return b if b.startswith("0x") else "0x" + b
    return "0x" + bytes(b).hex()

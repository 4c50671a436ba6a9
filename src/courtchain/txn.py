"""Sending transactions: local nonces, explicit gas and fees, receipts checked, reverts decoded into words.

A transaction is first estimated: a revert there is decoded and raised before anything is signed, so no nonce is
burnt. A mined transaction whose receipt has status 0 is replayed with eth_call at its block to recover the reason.
Several transactions may be in flight from one account (`send_many`, or threads sharing a Sender): the nonce is
taken under a lock and re-synchronised from the node after a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from eth_abi import decode as abi_decode
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes
from web3.types import TxReceipt

from .chain import Chain
from .errors import ChainError, ContractRevert, TransactionFailed

ERROR_STRING = bytes.fromhex("08c379a0")
PANIC = bytes.fromhex("4e487b71")
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


class Sender:
    """Signs and sends from one account; safe to share between threads."""

    def __init__(self, chain: Chain, account: LocalAccount, decoder: ErrorDecoder, *, gas_margin: float = 1.25) -> None:
        self.chain = chain
        self.account = account
        self.address = account.address
        self.decoder = decoder
        self.gas_margin = gas_margin
        self._lock = threading.Lock()
        self._nonce: int | None = None
        self._fees: dict[str, int] | None = None

    # -- pieces --------------------------------------------------------------------------------------------------

    def _next_nonce(self) -> int:
        with self._lock:
            if self._nonce is None:
                self._nonce = int(self.chain.rpc("eth_getTransactionCount", [self.address, "pending"]), 16)
            n = self._nonce
            self._nonce += 1
            return n

    def resync_nonce(self) -> None:
        with self._lock:
            self._nonce = None

    def fees(self) -> dict[str, int]:
        """Fee fields, decided once per Sender. A free-gas chain (base fee zero, or a node price of zero) gets legacy
        transactions at price 0; a chain without base fee gets legacy at the node's price; otherwise EIP-1559 with
        room for the base fee to double. COURTCHAIN_GAS_PRICE (wei) forces a legacy price."""
        if self._fees is None:
            forced = os.environ.get("COURTCHAIN_GAS_PRICE")
            block = self.chain.rpc("eth_getBlockByNumber", ["latest", False])
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

    def estimate(self, call: Call) -> int:
        tx = {"from": self.address, "data": call.data, "value": hex(call.value)}
        if call.to:
            tx["to"] = call.to
        resp = self.chain.w3.provider.make_request(cast(Any, "eth_estimateGas"), [tx])
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
            "nonce": self._next_nonce() if nonce is None else nonce,
            "chainId": self.chain.chain_id,
            **self.fees(),
        }
        if call.to:  # an empty `to` creates a contract
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
        replay = {"from": self.address, "data": call.data, "value": hex(call.value)}
        if call.to:
            replay["to"] = call.to
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

    def send_many(self, calls: Sequence[Call]) -> list[TxReceipt]:
        """Pipeline: sign and broadcast every call, then collect every receipt (each status checked).

        Every call is estimated against the state before any of them is mined, so use it for calls that do not
        depend on each other, or give each Call an explicit gas.
        """
        hashes: list[tuple[Call, str]] = []
        for call in calls:
            tx_hash, raw = self.sign(call)
            self.broadcast(raw)
            hashes.append((call, tx_hash))
        return [self.check(call, self.chain.wait_for_receipt(h)) for call, h in hashes]


def hexstr(b: bytes | HexBytes | str) -> str:
    if isinstance(b, str):
        return b if b.startswith("0x") else "0x" + b
    return "0x" + bytes(b).hex()

"""Remote signers: accounts whose key lives in another process that signs over JSON-RPC `eth_signTransaction`
(Web3Signer in eth1 mode, go-ethereum with an unlocked account, Clef with `account_signTransaction`).

`RemoteAccount` stands wherever a local account signs (`Sender`, the clients, `deploy --plan`, the demo): the Sender
fills in every field of the transaction (nonce, gas, fees, chain id) and asks the signer to sign exactly that. The
signer is never trusted blindly: the raw transaction it returns is decoded and its sender (recovered from the
signature), nonce, recipient, data, value, gas, chain id and fees must equal what was asked, else `SignerError`
before anything is broadcast. Web3Signer answers with the raw transaction as a hex string, go-ethereum and Clef with
`{"raw": ..., "tx": ...}`; both are accepted.
"""

from __future__ import annotations

from typing import Any, cast

import requests
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address

from .errors import SignerError

TIMEOUT = 30.0  # seconds for one signing request (a signer may ask a hardware module, or a person with Clef)


def _rlp_item(data: bytes, i: int) -> tuple[bytes | list[Any], int]:
    """The RLP item at data[i:] and the index after it."""
    b = data[i]
    if b < 0x80:
        return data[i : i + 1], i + 1
    if b < 0xB8:
        n = b - 0x80
        return data[i + 1 : i + 1 + n], i + 1 + n
    if b < 0xC0:
        ln = b - 0xB7
        n = int.from_bytes(data[i + 1 : i + 1 + ln], "big")
        return data[i + 1 + ln : i + 1 + ln + n], i + 1 + ln + n
    if b < 0xF8:
        ln, n = 0, b - 0xC0
    else:
        ln = b - 0xF7
        n = int.from_bytes(data[i + 1 : i + 1 + ln], "big")
    start = i + 1 + ln
    end = start + n
    if end > len(data):
        raise ValueError("truncated RLP list")
    items: list[Any] = []
    j = start
    while j < end:
        item, j = _rlp_item(data, j)
        items.append(item)
    if j != end:
        raise ValueError("malformed RLP list")
    return items, end


def _uint(b: Any) -> int:
    if not isinstance(b, bytes):
        raise ValueError("expected a number")
    return int.from_bytes(b, "big")


def decode_transaction(raw: bytes) -> dict[str, Any]:
    """The fields of a signed EIP-1559 (type 2) or legacy transaction, its sender and hash; ValueError otherwise."""
    if raw[:1] == b"\x02":
        fields, end = _rlp_item(raw, 1)
        if end != len(raw) or not isinstance(fields, list) or len(fields) != 12:
            raise ValueError("not a well-formed EIP-1559 transaction")
        chain_id, nonce, tip, fee, gas, to, value, data, access, _, _, _ = fields
        if access:
            raise ValueError("it carries an access list")
        tx: dict[str, Any] = {
            "chainId": _uint(chain_id),
            "maxPriorityFeePerGas": _uint(tip),
            "maxFeePerGas": _uint(fee),
        }
    elif raw[:1] and raw[0] >= 0xC0:
        fields, end = _rlp_item(raw, 0)
        if end != len(raw) or not isinstance(fields, list) or len(fields) != 9:
            raise ValueError("not a well-formed legacy transaction")
        nonce, price, gas, to, value, data, v, _, _ = fields
        if _uint(v) < 35:
            raise ValueError("it is not replay-protected (no EIP-155 chain id)")
        tx = {"chainId": (_uint(v) - 35) // 2, "gasPrice": _uint(price)}
    else:
        raise ValueError(f"transaction type 0x{raw[:1].hex()} is neither EIP-1559 nor legacy")
    if not isinstance(to, bytes) or not isinstance(data, bytes) or len(to) not in (0, 20):
        raise ValueError("malformed recipient or data")
    tx.update(
        nonce=_uint(nonce),
        gas=_uint(gas),
        to=to_checksum_address(to) if to else None,
        value=_uint(value),
        data="0x" + data.hex(),
        sender=to_checksum_address(cast(str, Account.recover_transaction(raw))),
        hash="0x" + keccak(raw).hex(),
    )
    return tx


def _quantity(tx: dict[str, Any]) -> dict[str, Any]:
    """The JSON-RPC transaction object of a Sender's transaction dict (hex quantities)."""
    out: dict[str, Any] = {}
    for key in ("gas", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "value", "nonce", "chainId"):
        if key in tx:
            out[key] = hex(int(tx[key]))
    data = tx["data"] if isinstance(tx["data"], str) else "0x" + bytes(tx["data"]).hex()
    out["data"] = data if data.startswith("0x") else "0x" + data
    if tx.get("to"):
        out["to"] = to_checksum_address(tx["to"])
    return out


def _short(v: Any) -> Any:
    return v if not isinstance(v, str) or len(v) < 24 else v[:18] + "…"


def differences(asked: dict[str, Any], got: dict[str, Any], address: str) -> list[str]:
    """How a decoded signed transaction differs from the one asked for (empty when it is the same)."""
    want = {
        "sender": address,
        "nonce": int(asked["nonce"]),
        "to": to_checksum_address(asked["to"]) if asked.get("to") else None,
        "data": _quantity(asked)["data"].lower(),
        "value": int(asked["value"]),
        "gas": int(asked["gas"]),
        "chainId": int(asked["chainId"]),
    }
    for key in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"):
        if key in asked:
            want[key] = int(asked[key])
    out = []
    for key, value in want.items():
        have = got.get(key)
        if key == "data" and isinstance(have, str):
            have = have.lower()
        if have != value:
            out.append(f"{key} {_short(have) if have is not None else 'missing'} (asked {_short(value)})")
    for key in ("gasPrice", "maxFeePerGas"):
        if key in got and key not in asked:
            out.append(f"a {'legacy' if key == 'gasPrice' else 'EIP-1559'} transaction (asked the other kind)")
    return out


class _MethodNotFound(SignerError):
    """The signer does not know the method (JSON-RPC error -32601): try its other name."""


METHOD_NOT_FOUND = -32601


class RemoteAccount:
    """An account whose key a remote signer holds. It has an `address` like a LocalAccount, and signs transactions
    by asking the signer at `url` (no key ever enters this process)."""

    def __init__(self, url: str, address: str, *, timeout: float = TIMEOUT) -> None:
        self.url = url
        self.address = to_checksum_address(address)
        self.timeout = timeout
        self._method = "eth_signTransaction"

    def __repr__(self) -> str:
        return f"RemoteAccount({self.address} at {self.url})"

    def _call(self, method: str, params: list[Any]) -> Any:
        body: dict[str, Any] = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
        try:
            reply = requests.post(self.url, json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise SignerError(
                f"the remote signer at {self.url} (account {self.address}) is unreachable: {type(exc).__name__}"
            ) from exc
        try:
            answer = reply.json()
        except ValueError as exc:
            raise SignerError(
                f"the remote signer at {self.url} (account {self.address}) answered {method} with HTTP "
                f"{reply.status_code} and no JSON-RPC"
            ) from exc
        if not isinstance(answer, dict):
            raise SignerError(f"the remote signer at {self.url} answered {method} with {answer!r}")
        if "error" in answer:
            error = answer["error"]
            message = error.get("message", error) if isinstance(error, dict) else error
            missing = isinstance(error, dict) and error.get("code") == METHOD_NOT_FOUND
            raise (_MethodNotFound if missing else SignerError)(
                f"the remote signer at {self.url} refused {method} for {self.address}: {message}",
            )
        return answer.get("result")

    def accounts(self) -> list[str]:
        """The accounts the signer holds (`eth_accounts`; Clef's `account_list`)."""
        try:
            result = self._call("eth_accounts", [])
        except _MethodNotFound:
            result = self._call("account_list", [])
        if not isinstance(result, list):
            raise SignerError(f"the remote signer at {self.url} answered eth_accounts with {result!r}")
        return [to_checksum_address(a) for a in result]

    def chain_id(self) -> int | None:
        """The chain id the signer signs for, if it tells (`eth_chainId`); None when it does not answer that."""
        try:
            result = self._call("eth_chainId", [])
        except _MethodNotFound:
            return None
        try:
            return int(str(result), 16)
        except ValueError:
            return None

    def check(self) -> None:
        """Raise SignerError unless the signer answers and holds this account."""
        if self.address not in self.accounts():
            raise SignerError(f"the remote signer at {self.url} does not hold the account {self.address}")

    def sign(self, tx: dict[str, Any]) -> tuple[str, bytes]:
        """(tx hash, raw transaction) for a Sender's fully filled transaction dict, signed by the remote signer and
        checked field by field against what was asked."""
        params = {"from": self.address, **_quantity(tx)}
        try:
            result = self._call(self._method, [params])
        except _MethodNotFound:
            if self._method != "eth_signTransaction":
                raise
            self._method = "account_signTransaction"  # Clef's own name for it
            result = self._call(self._method, [params])
        raw_hex = result.get("raw") if isinstance(result, dict) else result
        if not isinstance(raw_hex, str) or not raw_hex.startswith("0x"):
            raise SignerError(
                f"the remote signer at {self.url} answered {self._method} for {self.address} without a raw "
                f"transaction: {str(result)[:120]}"
            )
        try:
            raw = bytes.fromhex(raw_hex[2:])
            got = decode_transaction(raw)
        except ValueError as exc:
            raise SignerError(
                f"the remote signer at {self.url} returned for {self.address} a transaction that cannot be decoded "
                f"({exc}); nothing was sent"
            ) from exc
        wrong = differences(tx, got, self.address)
        if wrong:
            raise SignerError(
                f"the remote signer at {self.url} returned for {self.address} another transaction than the one "
                f"asked: {'; '.join(wrong)}; nothing was sent"
            )
        return str(got["hash"]), raw


SigningAccount = LocalAccount | RemoteAccount
"""An account that signs transactions: a key held here, or a remote signer."""


def parse_spec(spec: str) -> RemoteAccount:
    """`remote:URL#ADDRESS`, or `remote:URL` when the signer holds exactly one account; the signer is asked at once
    whether it holds the account (a SignerError now rather than after the transaction is prepared)."""
    rest = spec.removeprefix("remote:")
    url, _, address = rest.partition("#")
    if not url.startswith(("http://", "https://")):
        raise SignerError(f"a remote signer needs an http(s) URL: 'remote:URL#ADDRESS', got {spec!r}")
    if address:
        try:
            account = RemoteAccount(url, address)
        except ValueError as exc:
            raise SignerError(f"{address!r} in {spec!r} is not an address") from exc
        account.check()
        return account
    held = RemoteAccount(url, "0x" + "00" * 20).accounts()
    if len(held) != 1:
        raise SignerError(f"the remote signer at {url} holds {len(held)} accounts: name one as 'remote:{url}#ADDRESS'")
    return RemoteAccount(url, held[0])


def remote_problems(where: str, url: str, address: str | None, chain_id: int | None) -> list[str]:
    """What `plan check` finds wrong with a remote signer: it does not answer, does not hold the plan's address, or
    tells another chain id than the plan's (a signer that does not tell its chain id is not blamed for that)."""
    signer = RemoteAccount(url, address or "0x" + "00" * 20, timeout=5.0)
    try:
        held = signer.accounts()
    except SignerError as exc:
        return [f"{where}: {exc}"]
    problems = []
    if address and signer.address not in held:
        problems.append(f"{where}: the remote signer at {url} does not hold {address}")
    try:
        told = signer.chain_id()
    except SignerError:
        told = None
    if told is not None and chain_id is not None and told != chain_id:
        problems.append(f"{where}: the remote signer at {url} signs for chain id {told}, the plan expects {chain_id}")
    return problems

"""What every client shares: sending a call from an account and decoding what came back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_utils import is_address, is_hex_address, to_checksum_address
from web3.types import TxReceipt

from ..errors import InputError
from ..signers import SigningAccount
from ..suite import Event, Suite
from ..txn import Call, Sender

_HASH = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class Sent:
    """A mined, successful transaction and the suite events it emitted."""

    tx_hash: str
    block: int
    gas_used: int
    events: list[Event]

    def event(self, name: str) -> Event:
        for e in self.events:
            if e.name == name:
                return e
        raise LookupError(f"transaction {self.tx_hash} emitted no {name}")

    def all(self, name: str) -> list[Event]:
        return [e for e in self.events if e.name == name]


class ContractClient:
    """Base of the typed clients. `account` signs; views need no account."""

    contract_name: str = ""

    def __init__(self, suite: Suite, account: SigningAccount | None = None) -> None:
        self.suite = suite
        self.account = account
        self.contract = suite.contract(self.contract_name)
        self.address = self.contract.address

    @property
    def sender(self) -> Sender:
        if self.account is None:
            raise InputError(f"{self.contract_name}: this operation needs a signing account")
        return self.suite.sender(self.account)

    def as_account(self, account: SigningAccount) -> ContractClient:
        """The same client signing as another account."""
        return type(self)(self.suite, account)

    def call_data(self, fn: str, *args: Any) -> str:
        return self.suite.encode(self.contract_name, fn, args)

    def prepare(self, fn: str, *args: Any, gas: int | None = None, value: int = 0) -> Call:
        return Call(to=self.address, data=self.call_data(fn, *args), contract=self.contract_name, value=value, gas=gas)

    def transact(self, fn: str, *args: Any, gas: int | None = None) -> Sent:
        return self._sent(self.sender.send(self.prepare(fn, *args, gas=gas)))

    def transact_many(self, calls: Sequence[Call]) -> list[Sent]:
        return self.sender.send_many(calls, self._sent)

    def view(self, fn: str, *args: Any) -> Any:
        return self.suite.view(self.contract_name, fn, *args)

    def _sent(self, receipt: TxReceipt) -> Sent:
        return Sent(
            tx_hash="0x" + bytes(receipt["transactionHash"]).hex(),
            block=int(receipt["blockNumber"]),
            gas_used=int(receipt["gasUsed"]),
            events=self.suite.events_of(receipt),
        )


# -- input checks shared by clients and the CLI --------------------------------------------------------------------


def check_address(value: str, what: str = "address") -> str:
    if isinstance(value, str) and is_hex_address(value) and not is_address(value):
        raise InputError(f"{what}: {value!r} fails its EIP-55 checksum (a mistyped character?); give it in lowercase")
    if not isinstance(value, str) or not is_address(value):
        raise InputError(f"malformed {what}: {value!r} (expected 0x followed by 40 hex digits)")
    return to_checksum_address(value)


def check_hash(value: str | bytes, what: str = "hash") -> bytes:
    if isinstance(value, bytes):
        if len(value) != 32:
            raise InputError(f"malformed {what}: {len(value)} bytes (expected 32)")
        return value
    if not _HASH.match(value or ""):
        raise InputError(f"malformed {what}: {value!r} (expected 64 hex digits)")
    return bytes.fromhex(value.removeprefix("0x"))


def check_positive(value: int, what: str) -> int:
    if value <= 0:
        raise InputError(f"{what} must be positive, got {value}")
    return value

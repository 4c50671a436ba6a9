"""The deployed suite as seen from Python: the chain, the artifacts, the addresses, and decoders for every error and
event of every contract. Clients are built on it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from eth_account.signers.local import LocalAccount
from eth_utils import event_abi_to_log_topic, to_checksum_address
from web3._utils.events import get_event_data
from web3.contract import Contract
from web3.exceptions import ContractCustomError, ContractLogicError, ContractPanicError
from web3.types import LogReceipt, TxReceipt

from . import build
from .chain import Chain
from .errors import ChainError, DeploymentError
from .txn import ErrorDecoder, Sender


@dataclass(frozen=True)
class Event:
    """A decoded log: which contract emitted it, the event's name and arguments, and where."""

    contract: str
    address: str
    name: str
    args: dict[str, Any]
    block: int
    tx_hash: str
    log_index: int


class Suite:
    """Artifacts + addresses on one chain. `contract(name)` gives a web3 contract; `decoder` knows every error."""

    def __init__(self, chain: Chain, artifacts: dict[str, build.Artifact], addresses: dict[str, str]) -> None:
        self.chain = chain
        self.artifacts = artifacts
        self.addresses = {k: to_checksum_address(v) for k, v in addresses.items()}
        self.decoder = ErrorDecoder()
        for a in artifacts.values():
            self.decoder.add_abi(a.abi)
        self._by_address = {addr.lower(): name for name, addr in self.addresses.items()}
        self._topics: dict[str, dict[bytes, dict[str, Any]]] = {}
        for name, a in artifacts.items():
            self._topics[name] = {event_abi_to_log_topic(cast(Any, e)): e for e in a.abi if e.get("type") == "event"}
        self._senders: dict[str, Sender] = {}

    # -- contracts -------------------------------------------------------------------------------------------------

    def address(self, name: str) -> str:
        try:
            return self.addresses[name]
        except KeyError:
            raise DeploymentError(f"{name} is not deployed on chain {self.chain.chain_id}") from None

    def contract(self, name: str, address: str | None = None) -> Contract:
        artifact = self.artifacts[name]
        return self.chain.w3.eth.contract(address=to_checksum_address(address or self.address(name)), abi=artifact.abi)

    def name_of(self, address: str) -> str | None:
        return self._by_address.get(address.lower())

    def sender(self, account: LocalAccount) -> Sender:
        """One Sender per account, so nonces stay consistent across clients."""
        s = self._senders.get(account.address)
        if s is None:
            s = self._senders[account.address] = Sender(self.chain, account, self.decoder)
        return s

    def reset_nonces(self) -> None:
        """Forget cached nonces (after a snapshot revert, or when another process sent from the same accounts)."""
        for s in self._senders.values():
            s.resync_nonce()

    def view(self, name: str, fn: str, *args: Any) -> Any:
        """Call a view, turning a revert into a decoded exception."""
        try:
            return self.contract(name).functions[fn](*args).call()
        except (ContractCustomError, ContractPanicError, ContractLogicError) as exc:
            data = exc.data if isinstance(exc.data, str) else None
            raw = bytes.fromhex(data[2:]) if data and data.startswith("0x") else b""
            raise self.decoder.to_exception(name, raw) from None
        except (ConnectionError, OSError) as exc:
            raise ChainError(f"node unreachable at {self.chain.url}") from exc

    # -- events ----------------------------------------------------------------------------------------------------

    def decode_log(self, log: LogReceipt | dict[str, Any]) -> Event | None:
        name = self.name_of(str(log["address"]))
        if name is None or not log["topics"]:
            return None
        topic0 = bytes(log["topics"][0])
        abi = self._topics[name].get(topic0)
        if abi is None:
            return None
        data = get_event_data(self.chain.w3.codec, cast(Any, abi), cast(Any, log))
        tx = log["transactionHash"]
        return Event(
            contract=name,
            address=to_checksum_address(log["address"]),
            name=str(data["event"]),
            args=_plain(dict(data["args"])),
            block=int(log["blockNumber"]),
            tx_hash=tx if isinstance(tx, str) else "0x" + bytes(tx).hex(),
            log_index=int(log["logIndex"]),
        )

    def events_of(self, receipt: TxReceipt) -> list[Event]:
        return [e for e in (self.decode_log(log) for log in receipt["logs"]) if e is not None]

    def logs(
        self,
        names: Sequence[str] | None = None,
        from_block: int = 0,
        to_block: int | str = "latest",
        topics: list[Any] | None = None,
        chunk: int = 50_000,
    ) -> Iterator[Event]:
        """Every decoded event of the given contracts (all by default), in chain order, fetched in block chunks."""
        wanted = [self.address(n) for n in (names or list(self.addresses))]
        last = self.chain.block_number() if to_block == "latest" else int(to_block)
        start = from_block
        while start <= last:
            end = min(start + chunk - 1, last)
            params: dict[str, Any] = {"address": wanted, "fromBlock": hex(start), "toBlock": hex(end)}
            if topics:
                params["topics"] = topics
            raw = self.chain.w3.eth.get_logs(cast(Any, params))
            for log in raw:
                ev = self.decode_log(log)
                if ev is not None:
                    yield ev
            start = end + 1


def _plain(v: Any) -> Any:
    """AttributeDicts and tuples from web3 into plain dicts and lists, bytes kept as bytes."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def by_name(events: Iterable[Event], name: str) -> list[Event]:
    return [e for e in events if e.name == name]

"""The deployed suite as seen from Python: the chain, the artifacts, the addresses, and decoders for every error and
event of every contract. Clients are built on it."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import event_abi_to_log_topic, keccak, to_checksum_address
from web3._utils.events import get_event_data
from web3.contract import Contract
from web3.exceptions import ContractCustomError, ContractLogicError, ContractPanicError
from web3.types import LogReceipt, TxReceipt

from . import build
from .chain import Chain
from .chain import checksummed as _checksummed
from .errors import ChainError, DeploymentError
from .signers import SigningAccount
from .txn import ErrorDecoder, Sender, _abi_type, revert_data

# Guards the creation of Senders (their dict may be shared between Suites, so the lock is the module's).
_SENDERS_LOCK = threading.Lock()


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


_Topics = dict[str, dict[bytes, dict[str, Any]]]
_AbiIndex = tuple[ErrorDecoder, _Topics, dict[tuple[str, bytes], "_StaticPlan | None"]]
# Built once per set of artifacts: a plan deployment makes a Suite after every contract it creates, and each index
# hashes every error and event signature of 50-odd ABIs. Keyed by the artifacts' identities (the cache holds them,
# so an id is not reused while its entry lives); artifacts are frozen.
_ABI_INDEXES: dict[tuple[tuple[str, int], ...], tuple[dict[str, build.Artifact], _AbiIndex]] = {}
_ABI_LOCK = threading.Lock()


def _abi_index(artifacts: dict[str, build.Artifact]) -> _AbiIndex:
    """The error decoder, the event topics and the static event decoders of these artifacts."""
    key = tuple((name, id(a)) for name, a in artifacts.items())
    with _ABI_LOCK:
        hit = _ABI_INDEXES.get(key)
    if hit is not None:
        return hit[1]
    decoder = ErrorDecoder()
    for a in artifacts.values():
        decoder.add_abi(a.abi)
    topics: _Topics = {}
    for name, a in artifacts.items():
        topics[name] = {event_abi_to_log_topic(cast(Any, e)): e for e in a.abi if e.get("type") == "event"}
    # word-slicing decoders of the events whose parameters are all one-word static types
    plans = {(n, t): _StaticPlan.of(e) for n, events in topics.items() for t, e in events.items()}
    index: _AbiIndex = (decoder, topics, plans)
    with _ABI_LOCK:
        if len(_ABI_INDEXES) >= 64:
            _ABI_INDEXES.pop(next(iter(_ABI_INDEXES)))
        _ABI_INDEXES[key] = (dict(artifacts), index)
    return index


class Suite:
    """Artifacts + addresses on one chain. `contract(name)` gives a web3 contract; `decoder` knows every error."""

    def __init__(
        self,
        chain: Chain,
        artifacts: dict[str, build.Artifact],
        addresses: dict[str, str],
        senders: dict[str, Sender] | None = None,
    ) -> None:
        self.chain = chain
        self.artifacts = artifacts
        self.addresses = {k: to_checksum_address(v) for k, v in addresses.items()}
        self.decoder, self._topics, self._plans = _abi_index(artifacts)
        self._by_address = {addr.lower(): name for name, addr in self.addresses.items()}
        # One Sender per account, shared with the Suites given the same dict (one nonce cache per account).
        self._senders: dict[str, Sender] = senders if senders is not None else {}
        # Routing by organisation: account address -> the Chain of its organisation's node (the suite's own chain
        # for accounts not in it). See `route`.
        self.routes: dict[str, Chain] = {}
        self._contracts: dict[tuple[str, str], Contract] = {}
        self._functions: dict[tuple[str, str], _Function | None] = {}

    # -- contracts -------------------------------------------------------------------------------------------------

    def address(self, name: str) -> str:
        try:
            return self.addresses[name]
        except KeyError:
            raise DeploymentError(f"{name} is not deployed on chain {self.chain.chain_id}") from None

    def contract(self, name: str, address: str | None = None) -> Contract:
        key = (name, address or self.address(name))
        c = self._contracts.get(key)
        if c is None:
            abi = self.artifacts[name].abi
            c = self._contracts[key] = self.chain.w3.eth.contract(address=to_checksum_address(key[1]), abi=abi)
        return c

    def _function(self, name: str, fn: str) -> _Function | None:
        """Selector and types of a non-overloaded function (None if overloaded: then web3 resolves it)."""
        key = (name, fn)
        if key not in self._functions:
            matches = [f for f in self.artifacts[name].abi if f.get("type") == "function" and f["name"] == fn]
            if not matches:
                raise DeploymentError(f"{name} has no function {fn}")
            self._functions[key] = _Function.of(matches[0]) if len(matches) == 1 else None
        return self._functions[key]

    def encode(self, name: str, fn: str, args: Sequence[Any]) -> str:
        """Calldata for `name.fn(*args)` (cached selector and types: web3's per-call ABI resolution is slow)."""
        f = self._function(name, fn)
        if f is None:
            return str(self.contract(name).encode_abi(fn, args=list(args)))
        return "0x" + (f.selector + abi_encode(f.inputs, list(args))).hex()

    def name_of(self, address: str) -> str | None:
        return self._by_address.get(address.lower())

    def decode_as(self, address: str, name: str) -> None:
        """Decode the logs of `address` as contract `name`'s too (a contract the hub registered later, e.g. a new
        EvidenceRegistry: the event index follows it); `addresses` and `address(name)` are unchanged."""
        if name not in self._topics:
            raise KeyError(f"no artifact {name!r}")
        self._by_address.setdefault(address.lower(), name)

    def sender(self, account: SigningAccount) -> Sender:
        """One Sender per account, so nonces stay consistent across clients; it sends through the account's route."""
        s = self._senders.get(account.address)
        if s is None:
            # Threads sending an account's first transactions at once (Demo.together) must not each make a Sender:
            # two nonce caches for one account hand out one nonce twice ("nonce too low").
            with _SENDERS_LOCK:
                s = self._senders.get(account.address)
                if s is None:
                    chain = self.routes.get(account.address, self.chain)
                    s = self._senders[account.address] = Sender(chain, account, self.decoder)
        return s

    def route(self, address: str, chain: Chain) -> None:
        """Send `address`'s transactions through `chain` (its organisation's node, e.g. a Chain from
        `courtchain.network.Network.chain`, which fails over to the other nodes). Same chain id required."""
        if chain.chain_id != self.chain.chain_id:
            raise ChainError(f"route for {address}: chain id {chain.chain_id}, the suite's is {self.chain.chain_id}")
        address = to_checksum_address(address)
        self.routes[address] = chain
        s = self._senders.get(address)
        if s is not None and s.chain is not chain:
            s.chain = chain
            s.resync_nonce()

    def reset_nonces(self) -> None:
        """Forget cached nonces (after a snapshot revert, or when another process sent from the same accounts)."""
        for s in self._senders.values():
            s.resync_nonce()

    def view(self, name: str, fn: str, *args: Any) -> Any:
        """Call a view, turning a revert into a decoded exception."""
        f = self._function(name, fn)
        if f is not None:
            call = {"to": self.address(name), "data": self.encode(name, fn, args)}
            resp = self.chain.w3.provider.make_request(cast(Any, "eth_call"), [call, "latest"])
            if "error" in resp:
                data = revert_data(resp["error"])
                if data is None:
                    raise ChainError(f"{name}.{fn} failed: {resp['error'].get('message', resp['error'])}")
                raise self.decoder.to_exception(name, data)
            values = f.decode(bytes.fromhex(str(resp["result"])[2:]))
            return values[0] if len(values) == 1 else values
        try:
            return self.contract(name).functions[fn](*args).call()
        except (ContractCustomError, ContractPanicError, ContractLogicError) as exc:
            text = exc.data if isinstance(exc.data, str) else ""
            revert = bytes.fromhex(text[2:]) if text.startswith("0x") else b""
            raise self.decoder.to_exception(name, revert) from None
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
        fast = _static_event_args(self._plans[(name, topic0)], log)
        if fast is None:
            fast = _fast_event_args(abi, log)
        if fast is None:  # tuples in the event: web3's decoder shapes them
            args = _plain(dict(get_event_data(self.chain.w3.codec, cast(Any, abi), cast(Any, log))["args"]))
        else:
            args = fast
        tx = log["transactionHash"]
        return Event(
            contract=name,
            address=_checksummed(str(log["address"])),
            name=str(abi["name"]),
            args=args,
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


@dataclass(frozen=True)
class _Function:
    selector: bytes
    inputs: list[str]
    outputs: list[dict[str, Any]]

    @classmethod
    def of(cls, abi: dict[str, Any]) -> _Function:
        inputs = [_abi_type(i) for i in abi["inputs"]]
        selector = keccak(text=f"{abi['name']}({','.join(inputs)})")[:4]
        return cls(selector, inputs, list(abi.get("outputs", [])))

    def decode(self, raw: bytes) -> list[Any]:
        values = abi_decode([_abi_type(o) for o in self.outputs], raw)
        return [_checksum(o, v) for o, v in zip(self.outputs, values, strict=True)]


def _checksum(param: dict[str, Any], value: Any) -> Any:
    """Addresses checksummed (as web3 returns them), recursively through tuples and arrays; tuples as tuples."""
    t = str(param["type"])
    if t.endswith("]"):
        inner = {**param, "type": t[: t.rindex("[")]}
        return [_checksum(inner, v) for v in value]
    if t == "tuple":
        return tuple(_checksum(c, v) for c, v in zip(param["components"], value, strict=True))
    if t == "address":
        return to_checksum_address(value)
    return value


def _fast_event_args(abi: dict[str, Any], log: Any) -> dict[str, Any] | None:
    """The event's arguments decoded with eth-abi directly (indexed first, then data, as web3 orders them), addresses
    checksummed; None when a parameter is a tuple (left to web3). Same values as web3's get_event_data, ~10x faster."""
    inputs = abi["inputs"]
    if any(str(i["type"]).startswith("tuple") for i in inputs):
        return None
    indexed = [i for i in inputs if i["indexed"]]
    plain = [i for i in inputs if not i["indexed"]]
    args: dict[str, Any] = {}
    for param, topic in zip(indexed, list(log["topics"])[1:], strict=True):
        t = str(param["type"])
        raw = bytes(topic)
        args[param["name"]] = abi_decode([t], raw)[0] if _static(t) else raw
    data = log["data"]
    data = bytes.fromhex(data[2:]) if isinstance(data, str) else bytes(data)
    values = abi_decode([str(i["type"]) for i in plain], data)
    for param, value in zip(plain, values, strict=True):
        args[param["name"]] = value
    for param in inputs:
        t = str(param["type"])
        if t == "address" or t == "address[]":
            v = args[param["name"]]
            args[param["name"]] = [_checksummed(x) for x in v] if t.endswith("]") else _checksummed(v)
        elif t.endswith("]"):
            args[param["name"]] = list(args[param["name"]])
    return args


@dataclass(frozen=True)
class _StaticPlan:
    """How to read an event whose parameters are all one-word static types (uintN, intN, address, bool, bytesN):
    by slicing 32-byte words, without eth-abi's stream machinery (the pipeline decodes thousands of receipts).
    Each entry: (name, kind, bits or size, indexed)."""

    params: tuple[tuple[str, str, int, bool], ...]
    data_words: int

    @classmethod
    def of(cls, abi: dict[str, Any]) -> _StaticPlan | None:
        params = []
        for p in abi["inputs"]:
            t = str(p["type"])
            for kind in ("uint", "int", "bytes"):
                if t.startswith(kind) and t[len(kind) :].isdigit():
                    params.append((str(p["name"]), kind, int(t[len(kind) :]), bool(p["indexed"])))
                    break
            else:
                if t not in ("address", "bool"):
                    return None
                params.append((str(p["name"]), t, 0, bool(p["indexed"])))
        return cls(tuple(params), sum(1 for p in params if not p[3]))


def _word(kind: str, size: int, w: bytes) -> Any:
    """One ABI word as eth-abi decodes it (addresses checksummed); raises ValueError where eth-abi would refuse the
    padding, so the caller falls back to eth-abi and its error."""
    if kind == "uint":
        v = int.from_bytes(w, "big")
        if v >> size:
            raise ValueError
        return v
    if kind == "int":
        v = int.from_bytes(w, "big", signed=True)
        if not -(1 << (size - 1)) <= v < (1 << (size - 1)):
            raise ValueError
        return v
    if kind == "address":
        if any(w[:12]):
            raise ValueError
        return _checksummed("0x" + w[12:].hex())
    if kind == "bool":
        v = int.from_bytes(w, "big")
        if v > 1:
            raise ValueError
        return v == 1
    if any(w[size:]):  # bytesN
        raise ValueError
    return w[:size]


def _static_event_args(plan: _StaticPlan | None, log: Any) -> dict[str, Any] | None:
    """The arguments of an all-static event by word slicing (None if the event has dynamic parameters, or the log is
    not shaped as the ABI says: then eth-abi decodes it, or reports what is wrong)."""
    if plan is None:
        return None
    data = log["data"]
    data = bytes.fromhex(data[2:]) if isinstance(data, str) else bytes(data)
    topics = log["topics"]
    if len(data) != 32 * plan.data_words or len(topics) != 1 + len(plan.params) - plan.data_words:
        return None
    args: dict[str, Any] = {}  # indexed first, then data, the order web3 gives
    plain: dict[str, Any] = {}
    t_i, d_i = 1, 0
    try:
        for name, kind, size, indexed in plan.params:
            if indexed:
                topic = topics[t_i]
                args[name] = _word(kind, size, bytes.fromhex(topic[2:]) if isinstance(topic, str) else bytes(topic))
                t_i += 1
            else:
                plain[name] = _word(kind, size, data[d_i : d_i + 32])
                d_i += 32
    except ValueError:
        return None
    args.update(plain)
    return args


def _static(t: str) -> bool:
    return not (t in ("string", "bytes") or t.endswith("]") or t.startswith("tuple"))


def _plain(v: Any) -> Any:
    """AttributeDicts and tuples from web3 into plain dicts and lists, bytes kept as bytes."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def by_name(events: Iterable[Event], name: str) -> list[Event]:
    return [e for e in events if e.name == name]

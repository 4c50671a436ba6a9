"""A real multi-node consortium network on loopback: N go-ethereum Clique signers, one organisation per node.

The engine is go-ethereum v1.13.15 (the last line that seals Clique blocks), built from its Go module with the
installed Go toolchain when missing (`courtchain.engine`: never a downloaded binary, never a patched engine).
`Network(directory).up()` writes a genesis for the run (Clique period 1 s; chain id 7777; every fork through Berlin,
no London, so there is no base fee; gas costs the node's price, 1 gwei: geth 1.13 replaces a zero `--miner.gasprice`
by 1 gwei ("Sanitizing invalid miner gas price"), so the development accounts are funded in the genesis), one data
dir, key, ports and static peers per node, starts them, and waits until all agree on the head. State (ports, pids,
enodes) is in `network.json` of the run directory, so `courtchain network status|kill|start|down` work from another
process.

`Network.chain(i)` is a Chain on node i that fails over to the others (`courtchain.failover`): each organisation's
accounts send through their own node (`routes(plan)` → `Suite.route`), and a node that goes down hands its
transactions, byte for byte, to the next one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_keys.datatypes import PrivateKey

from . import paths
from .accounts import dev_accounts
from .chain import Chain, free_port
from .engine import GETH_VERSION, build_engine, engine_path
from .errors import ChainError
from .failover import ChainStalled, FailoverProvider, ReadYourWrites, node_heads

NETWORK_CHAIN_ID = 7777
GAS_LIMIT = 60_000_000
PERIOD = 1
CACHE_MB = 64  # geth's --cache, per node
PASSWORD = "courtchain-network"  # the signer keystores' password: throwaway keys of a loopback test network
ORGANISATIONS = (
    "Beijing Internet Court",
    "Industrial Bank Beijing Branch",
    "Capital Credit Platform",
    "Chaoyang People's Mediation Centre",
)
DEFAULT_DIR = paths.STATE / "network"
FUNDS = 10**24  # wei per development account in the genesis alloc (gas costs 1 gwei on geth 1.13)


# ------------------------------------------------------------------------------------------------------- network


@dataclass
class NodeInfo:
    index: int
    organisation: str
    http_port: int
    p2p_port: int
    authrpc_port: int
    signer: str  # address sealing with this node's key
    node_key: str  # hex, the p2p identity
    pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def enode(self) -> str:
        pub = PrivateKey(bytes.fromhex(self.node_key)).public_key.to_bytes().hex()
        return f"enode://{pub}@127.0.0.1:{self.p2p_port}"


def _signer_keys(n: int) -> list[LocalAccount]:
    """Deterministic signer keys for the run (not the development accounts': a validator key is its own)."""
    from eth_utils import keccak

    return [Account.from_key(keccak(text=f"courtchain.network.signer.{i}")) for i in range(n)]


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    # a zombie (exited, not reaped by a parent in this process) counts as dead
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _rpc(url: str, method: str, params: list[Any] | None = None, timeout: float = 2.0) -> Any:
    r = requests.post(url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}, timeout=timeout)
    body = r.json()
    if "error" in body:
        raise ChainError(f"{method} failed on {url}: {body['error']}")
    return body["result"]


class Network:
    """N Clique signer nodes under `directory` (created by `up`, read back from its network.json otherwise)."""

    def __init__(self, directory: Path | str = DEFAULT_DIR, *, chain_id: int = NETWORK_CHAIN_ID) -> None:
        self.directory = Path(directory).resolve()
        self.chain_id = chain_id
        self.nodes: list[NodeInfo] = []
        self._procs: dict[int, subprocess.Popen[bytes]] = {}
        self.consistency = ReadYourWrites()  # shared by every Chain this object hands out
        state = self.directory / "network.json"
        if state.exists():
            data = json.loads(state.read_text(encoding="utf-8"))
            self.chain_id = int(data["chain_id"])
            self.nodes = [NodeInfo(**n) for n in data["nodes"]]

    # -- files ----------------------------------------------------------------------------------------------------

    def _save(self) -> None:
        data = {"chain_id": self.chain_id, "engine": f"geth {GETH_VERSION}", "nodes": [asdict(n) for n in self.nodes]}
        tmp = self.directory / "network.json.tmp"
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.directory / "network.json")

    def datadir(self, i: int) -> Path:
        return self.directory / f"node{i}"

    def genesis(self, signers: list[str]) -> dict[str, Any]:
        extra = "0x" + "00" * 32 + "".join(s[2:].lower() for s in sorted(signers, key=str.lower)) + "00" * 65
        alloc = {a.address[2:].lower(): {"balance": hex(FUNDS)} for a in dev_accounts().values()}
        forks = ["homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople", "petersburg", "istanbul"]
        config: dict[str, Any] = {"chainId": self.chain_id, **{f"{f}Block": 0 for f in forks}}
        config.update({"muirGlacierBlock": 0, "berlinBlock": 0, "clique": {"period": PERIOD, "epoch": 30000}})
        return {
            "config": config,
            "difficulty": "0x1",
            "gasLimit": hex(GAS_LIMIT),
            "extraData": extra,
            "timestamp": hex(int(time.time())),
            "alloc": alloc,
        }

    # -- lifecycle ------------------------------------------------------------------------------------------------

    def up(self, n: int = 4, *, timeout: float = 90.0, log: Any = None) -> Network:
        """Create a fresh network of `n` signers and start it; wait until every node has the same head."""
        if self.nodes and any(_alive(node.pid) for node in self.nodes):
            raise ChainError(f"a network is already running in {self.directory}: `courtchain network down` first")
        if n < 1:
            raise ChainError("a network needs at least one node")
        geth, _ = build_engine(log=log)
        if self.directory.exists():
            if any(self.directory.iterdir()) and not (self.directory / "network.json").exists():
                raise ChainError(f"{self.directory} is not empty and holds no network: choose another --dir")
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        signers = _signer_keys(n)
        self.nodes = []
        used: set[int] = set()

        def port() -> int:
            while True:
                p = free_port()
                if p not in used:
                    used.add(p)
                    return p

        for i, key in enumerate(signers):
            node_key = Account.create().key.hex().removeprefix("0x")
            org = ORGANISATIONS[i] if i < len(ORGANISATIONS) else f"Organisation {i + 1}"
            self.nodes.append(NodeInfo(i, org, port(), port(), port(), key.address, node_key))
        genesis = self.directory / "genesis.json"
        genesis.write_text(json.dumps(self.genesis([k.address for k in signers]), indent=2), encoding="utf-8")
        (self.directory / "password.txt").write_text(PASSWORD + "\n", encoding="utf-8")
        for node, key in zip(self.nodes, signers, strict=True):
            d = self.datadir(node.index)
            r = subprocess.run(
                [str(geth), "--datadir", str(d), "init", str(genesis)], capture_output=True, text=True, timeout=60
            )
            if r.returncode != 0:
                raise ChainError(f"geth init failed for node {node.index}: {r.stderr.strip()[-500:]}")
            (d / "keystore").mkdir(exist_ok=True)
            keyfile = Account.encrypt(key.key, PASSWORD, kdf="pbkdf2", iterations=1024)
            (d / "keystore" / f"signer-{key.address.lower()}.json").write_text(json.dumps(keyfile), encoding="utf-8")
            (d / "geth" / "nodekey").write_text(node.node_key, encoding="utf-8")
            peers = ", ".join(json.dumps(o.enode) for o in self.nodes if o.index != node.index)
            (d / "config.toml").write_text(f"[Node.P2P]\nStaticNodes = [{peers}]\n", encoding="utf-8")
        self._save()
        for node in self.nodes:
            self.start(node.index, wait=False)
        self.wait_in_sync(timeout=timeout, min_block=2)
        return self

    def command(self, i: int, *, mine: bool = True) -> list[str]:
        node = self.nodes[i]
        d = self.datadir(i)
        return [
            str(engine_path()),
            "--config",
            str(d / "config.toml"),
            "--datadir",
            str(d),
            "--networkid",
            str(self.chain_id),
            "--port",
            str(node.p2p_port),
            "--authrpc.port",
            str(node.authrpc_port),
            "--authrpc.addr",
            "127.0.0.1",
            "--http",
            "--http.addr",
            "127.0.0.1",
            "--http.port",
            str(node.http_port),
            "--http.api",
            "eth,net,web3,clique,admin,txpool,miner",
            "--nodiscover",
            "--nat",
            "none",
            "--ipcdisable",
            "--syncmode",
            "full",
            "--gcmode",
            "archive",
            # a small database cache: geth's default (1 GB) gives each node's database write-ahead logs of ~140 MB
            # on disk (over a gigabyte for a four-node run) and a large memory share; the suite's state is tiny
            "--cache",
            str(CACHE_MB),
            *(["--mine"] if mine else []),
            "--miner.etherbase",
            node.signer,
            "--miner.gaslimit",
            str(GAS_LIMIT),
            "--unlock",
            node.signer,
            "--password",
            str(self.directory / "password.txt"),
            "--allow-insecure-unlock",
            "--rpc.txfeecap",
            "0",
            "--verbosity",
            os.environ.get("COURTCHAIN_GETH_VERBOSITY", "2"),
        ]

    def start(self, i: int, *, wait: bool = True, timeout: float = 60.0) -> None:
        """Start node i (again). Joining running nodes, it seals only once it has the head they had when it started:
        a signer restarted after a crash comes back at an older persisted head and, sealing at once, would sign that
        height again and fork the chain (Clique lets only a few signers extend each branch, so such a fork can stall
        it). With `wait` (or when joining others), return once it answers and, joining, has caught up and signs."""
        node = self.nodes[i]
        if _alive(node.pid):
            raise ChainError(f"node {i} is already running (pid {node.pid})")
        others = [n for n in self.nodes if n.index != i and _alive(n.pid)]
        log = open(self.datadir(i) / "geth.log", "ab")  # noqa: SIM115
        try:
            proc = subprocess.Popen(
                self.command(i, mine=not others),
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        self._procs[i] = proc
        node.pid = proc.pid
        self._save()
        deadline = time.monotonic() + timeout
        while True:
            try:
                _rpc(node.url, "eth_chainId", timeout=1)
                break
            except (requests.RequestException, ValueError, ChainError):
                if proc.poll() is not None:
                    raise ChainError(
                        f"node {i} exited at start (code {proc.returncode}); see {self.datadir(i) / 'geth.log'}"
                    ) from None
                if time.monotonic() > deadline:
                    raise ChainError(f"node {i} did not answer on {node.url} within {timeout:.0f}s") from None
                time.sleep(0.2)
        if others:
            heads = self.heads()
            target = max((h[0] for j, h in heads.items() if j != i and h is not None), default=0)
            while True:
                mine = heads.get(i)
                if mine is not None and mine[0] >= target:
                    break
                if time.monotonic() > deadline:
                    raise ChainError(f"node {i} did not catch up to block {target} within {timeout:.0f}s: {heads}")
                time.sleep(0.2)
                heads = self.heads()
            _rpc(node.url, "miner_start", [], timeout=5)
        elif wait:
            self.wait_in_sync(timeout=max(deadline - time.monotonic(), 5.0))

    def kill(self, i: int, *, hard: bool = True) -> None:
        """Stop node i by its own pid: SIGKILL (a crash) by default, else SIGTERM then SIGKILL."""
        node = self.nodes[i]
        pid = node.pid
        if not _alive(pid):
            node.pid = None
            self._save()
            return
        assert pid is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL if hard else signal.SIGTERM)
        deadline = time.monotonic() + 15
        while _alive(pid):
            proc = self._procs.get(i)
            if proc is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=0.2)
            else:
                time.sleep(0.1)
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 5
        self._procs.pop(i, None)
        node.pid = None
        self._save()

    def down(self) -> None:
        for node in self.nodes:
            self.kill(node.index, hard=False)

    def __enter__(self) -> Network:
        return self

    def __exit__(self, *exc: object) -> None:
        self.down()

    # -- views ----------------------------------------------------------------------------------------------------

    def running(self) -> list[int]:
        return [n.index for n in self.nodes if _alive(n.pid)]

    def heads(self) -> dict[int, tuple[int, str] | None]:
        out: dict[int, tuple[int, str] | None] = {}
        for node in self.nodes:
            try:
                b = _rpc(node.url, "eth_getBlockByNumber", ["latest", False], timeout=2)
                out[node.index] = (int(b["number"], 16), str(b["hash"]))
            except (requests.RequestException, ValueError, ChainError):
                out[node.index] = None
        return out

    def wait_in_sync(self, *, timeout: float = 60.0, min_block: int = 0) -> tuple[int, str]:
        """Wait until every running node reports the same head (number ≥ min_block); return it."""
        deadline = time.monotonic() + timeout
        while True:
            live = [n.index for n in self.nodes if _alive(n.pid)]
            heads = self.heads()
            seen = {heads[i] for i in live}
            if live and len(seen) == 1 and None not in seen:
                head = next(iter(seen))
                assert head is not None
                if head[0] >= min_block:
                    return head
            if time.monotonic() > deadline:
                described = ", ".join(f"node {i}: {heads[i] or 'down'}" for i in heads)
                raise ChainError(f"the nodes did not agree on a head within {timeout:.0f}s: {described}")
            time.sleep(0.3)

    def status(self) -> list[dict[str, Any]]:
        rows = []
        for node in self.nodes:
            row: dict[str, Any] = {
                "node": node.index,
                "organisation": node.organisation,
                "url": node.url,
                "pid": node.pid if _alive(node.pid) else None,
                "signer": node.signer,
            }
            try:
                b = _rpc(node.url, "eth_getBlockByNumber", ["latest", False])
                signers = [s.lower() for s in _rpc(node.url, "clique_getSigners")]
                row.update(
                    up=True,
                    head=int(b["number"], 16),
                    hash=b["hash"],
                    peers=int(_rpc(node.url, "net_peerCount"), 16),
                    mining=bool(_rpc(node.url, "eth_mining")),
                    authorised=node.signer.lower() in signers,
                )
            except (requests.RequestException, ValueError, ChainError):
                row.update(up=False, head=None, hash=None, peers=None, mining=False, authorised=None)
            rows.append(row)
        return rows

    # -- clients --------------------------------------------------------------------------------------------------

    def urls(self) -> list[str]:
        return [n.url for n in self.nodes]

    def chain(self, i: int = 0, *, stall_timeout: float | None = 15.0, outage_timeout: float = 60.0) -> Chain:
        """A Chain on node i, failing over to the other nodes in order (see courtchain.failover)."""
        urls = self.urls()
        ordered = urls[i:] + urls[:i]
        provider = FailoverProvider(
            ordered, stall_timeout=stall_timeout, outage_timeout=outage_timeout, consistency=self.consistency
        )
        return Chain(ordered[0], provider=provider)

    def node_of(self, organisation: str) -> int | None:
        return next((n.index for n in self.nodes if n.organisation == organisation), None)


def routes(network: Network, members: list[tuple[str, list[str]]], **chain_kwargs: Any) -> dict[str, Chain]:
    """Account address → the Chain of its organisation's node, for members given as (name, [addresses]). A member
    without a node of its own goes through node (k mod N), k its position in the list."""
    chains: dict[int, Chain] = {}
    out: dict[str, Chain] = {}
    for k, (name, addresses) in enumerate(members):
        i = network.node_of(name)
        if i is None:
            i = k % len(network.nodes)
        if i not in chains:
            chains[i] = network.chain(i, **chain_kwargs)
        for a in addresses:
            out[a] = chains[i]
    return out


__all__ = ["ChainStalled", "Network", "build_engine", "engine_path", "node_heads", "routes"]

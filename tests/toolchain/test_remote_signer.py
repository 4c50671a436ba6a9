"""Members sign through a real remote signer: a go-ethereum process holding their keys and answering
`eth_signTransaction`, the way Web3Signer and Clef do. The court's governor and clerk, and the bank's governor, hold
their keys only there (never in this process nor in the CLI's environment); the court deploys from its plan through
pause, approve and resume (killed once after signing), and the demo's procedure then runs with those accounts.

A signer that answers with another transaction than the one asked for is refused before anything is sent (a small
JSON-RPC server in front of the real signer alters what it is asked, so the real signer signs something else: the
one place a stand-in is right, since the point is a misbehaving signer); an unreachable signer is one clear line and
exit code 5."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode, free_port
from courtchain.errors import SignerError
from courtchain.plan_deploy import CRASH_ENV
from courtchain.signer_node import GethSigner
from courtchain.signers import RemoteAccount, decode_transaction
from courtchain.txn import Call, ErrorDecoder, Sender
from tests.helpers import run_cli
from tests.toolchain.test_plan_deploy import INSTITUTIONS, _plan

CHAIN_ID = 7777
REMOTE = ("court_governor", "clerk", "bank_governor")  # keys held only by the signer


class SignerProxy:
    """A JSON-RPC server in front of a real signer: forwards every request, counts the signing requests, and, when
    told to, alters what it forwards (`tamper` edits the transaction object), answers as Web3Signer does (the raw
    transaction as a plain hex string instead of go-ethereum's {raw, tx}), or speaks Clef's method names only
    (`account_list`, `account_signTransaction`; the `eth_` names are "method not found")."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.signed: list[dict[str, Any]] = []
        self.tamper: Callable[[dict[str, Any]], None] | None = None
        self.plain_string = False
        self.clef_names = False
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if proxy.clef_names:
                    clef = {"account_list": "eth_accounts", "account_signTransaction": "eth_signTransaction"}
                    if body["method"] not in clef:
                        missing = f"the method {body['method']} does not exist/is not available"
                        return self._answer(
                            {"jsonrpc": "2.0", "id": body["id"], "error": {"code": -32601, "message": missing}}
                        )
                    body["method"] = clef[body["method"]]
                if body.get("method") == "eth_signTransaction":
                    proxy.signed.append(dict(body["params"][0]))
                    if proxy.tamper is not None:
                        proxy.tamper(body["params"][0])
                answer = requests.post(proxy.upstream, json=body, timeout=30).json()
                if proxy.plain_string and isinstance(answer.get("result"), dict):
                    answer["result"] = answer["result"]["raw"]
                self._answer(answer)

            def _answer(self, answer: dict[str, Any]) -> None:
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def keys() -> dict[str, LocalAccount]:
    return {n: Account.create() for n in INSTITUTIONS}


@pytest.fixture(scope="module")
def free_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNode]:
    with LocalNode(gas_price=0, chain_id=CHAIN_ID, log_path=tmp_path_factory.mktemp("n") / "anvil.log") as n:
        yield n


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory, keys: dict[str, LocalAccount]) -> Iterator[GethSigner]:
    """A free-gas chain's signer (no London in its genesis: legacy transactions at price 0)."""
    with GethSigner(tmp_path_factory.mktemp("signer"), CHAIN_ID, [keys[n] for n in REMOTE]) as s:
        yield s


@pytest.mark.slow
def test_a_consortium_deploys_with_keys_held_by_a_remote_signer(
    free_node: LocalNode, signer: GethSigner, keys: dict[str, LocalAccount], tmp_path: Path
) -> None:
    proxy = SignerProxy(signer.url)  # the court's route to the signer: counts what the court asks it to sign
    try:
        _deploy_and_run(free_node, signer, proxy, keys, tmp_path)
    finally:
        proxy.close()


def _deploy_and_run(
    free_node: LocalNode, signer: GethSigner, proxy: SignerProxy, keys: dict[str, LocalAccount], tmp_path: Path
) -> None:
    plan = _plan(tmp_path, keys)
    text = plan.read_text(encoding="utf-8")
    for name, var, url in (
        ("court_governor", "env:COURT_GOVERNOR_KEY", proxy.url),
        ("clerk", "env:COURT_CLERK_KEY", proxy.url),
        ("bank_governor", "env:BANK_GOVERNOR_KEY", signer.url),
    ):
        assert f'signer = "{var}"' in text, name
        text = text.replace(f'signer = "{var}"', f'signer = "remote:{url}"')
    plan.write_text(text, encoding="utf-8")
    deployments = tmp_path / "deployments"
    base = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments), "COURTCHAIN_KEYSTORE_PASSWORD": ""}
    # the court's process holds its judges', officer's and registrar's keys; its governor and clerk sign remotely
    court = {
        **base,
        **{f"COURT_{n.upper()}_KEY": keys[n].key.hex() for n in ("judge", "judge2", "officer", "registrar")},
        "COURT_GOVERNOR_KEY": "",
        "COURT_CLERK_KEY": "",
        "BANK_GOVERNOR_KEY": "",
    }
    credit = {**base, "COURTCHAIN_KEYSTORE_PASSWORD": "s3cret"}
    url = free_node.url
    chain = Chain(url)
    journal_path = deployments / f"{CHAIN_ID}.journal.json"
    bank_signer = f"remote:{signer.url}#{keys['bank_governor'].address}"

    r = run_cli("plan", "check", str(plan), "--member", "Court", env=court)
    assert r.returncode == 0, r.stdout + r.stderr

    def deploy(*extra: str, crash: str = "") -> Any:
        env = {**court, CRASH_ENV: crash}
        return run_cli("deploy", "--plan", str(plan), "--member", "Court", *extra, rpc=url, env=env)

    def approve(signer_spec: str, pid: int, env: dict[str, str]) -> None:
        r = run_cli("consortium", "approve", str(pid), "--as", signer_spec, rpc=url, env=env)
        assert r.returncode == 0, r.stderr

    # killed right after the remote signer signed the hub's creation (journaled, never broadcast)
    r = deploy(crash="create:CourtConsortium:signed")
    assert r.returncode == 137, r.stderr
    hub_step = json.loads(journal_path.read_text())["steps"]["create:CourtConsortium"]
    assert chain.rpc("eth_getTransactionByHash", [hub_step["hash"]]) is None
    signed_before = len(proxy.signed)
    r = deploy("--resume")
    assert r.returncode == 4 and "proposal 1 has 1 of 2 approvals" in r.stderr, r.stderr
    # resumed, the hub's creation was re-sent from the journal: the signer was not asked for it again
    hub_nonce = decode_transaction(bytes.fromhex(hub_step["raw"][2:]))["nonce"]
    assert [int(p["nonce"], 16) for p in proxy.signed[signed_before:]].count(hub_nonce) == 0
    approve(bank_signer, 1, base)  # the bank's governor approves through the signer, from a process without keys
    r = deploy("--resume")
    assert r.returncode == 4 and "proposal 2 has 1 of 2 approvals" in r.stderr, r.stderr
    approve("keystore:" + str(tmp_path / "credit_governor.json"), 2, credit)
    r = deploy("--resume")
    assert r.returncode == 4 and "proposal 3 has 1 of 2 approvals" in r.stderr, r.stderr
    approve(bank_signer, 3, base)
    r = deploy("--resume")
    assert r.returncode == 0, r.stderr

    steps = json.loads(journal_path.read_text())["steps"]
    remote = {keys[n].address for n in ("court_governor", "clerk")}
    by_signer = [s for s in steps.values() if s["from"] in remote]
    assert steps["create:CourtConsortium"]["hash"] == hub_step["hash"]
    assert steps["court:1:configure"]["from"] == keys["clerk"].address
    # every step the court's remote accounts sent was signed exactly once by the signer, and is the one mined
    assert len(proxy.signed) == len(by_signer)
    for name, step in steps.items():
        raw = bytes.fromhex(step["raw"][2:])
        assert "0x" + keccak(raw).hex() == step["hash"], name
        mined = chain.rpc("eth_getTransactionByHash", [step["hash"]])
        receipt = chain.rpc("eth_getTransactionReceipt", [step["hash"]])
        assert receipt is not None and int(receipt["status"], 16) == 1, name
        assert mined["from"].lower() == step["from"].lower() == decode_transaction(raw)["sender"].lower(), name

    # the demo's whole procedure with the plan's accounts: the court's governor and clerk and the bank's governor
    # sign each of their transactions through the signer
    from courtchain import demo
    from courtchain.deploy import open_suite
    from courtchain.signers import SigningAccount

    record = json.loads((deployments / f"{CHAIN_ID}.json").read_text())
    suite = open_suite(chain, record)
    accounts: dict[str, SigningAccount] = dict(keys)
    accounts.update({n: RemoteAccount(signer.url, keys[n].address) for n in REMOTE})
    before = len(proxy.signed)
    done = demo.run(suite, documents=tmp_path / "documents", accounts=accounts)
    assert len(done) == 18
    assert len(proxy.signed) == before  # the demo went to the signer directly, not through the court's proxy


@pytest.fixture(scope="module")
def fee_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNode]:
    """A chain with a base fee (EIP-1559 transactions) and the development accounts funded."""
    with LocalNode(log_path=tmp_path_factory.mktemp("n") / "anvil.log") as n:
        yield n


@pytest.fixture(scope="module")
def london_signer(tmp_path_factory: pytest.TempPathFactory, fee_node: LocalNode) -> Iterator[GethSigner]:
    chain_id = Chain(fee_node.url).chain_id
    with GethSigner(tmp_path_factory.mktemp("signer"), chain_id, [dev_accounts()["outsider"]], london=True) as s:
        yield s


def _transfer(sender: Sender, to: str) -> Any:
    return sender.send(Call(to=to, data="0x", contract="transfer", value=1, gas=21_000))


def test_eip1559_transactions_and_web3signer_answers_are_signed_remotely(
    fee_node: LocalNode, london_signer: GethSigner
) -> None:
    chain = Chain(fee_node.url)
    outsider = dev_accounts()["outsider"].address
    proxy = SignerProxy(london_signer.url)
    try:
        for plain in (False, True):  # go-ethereum's {raw, tx}, then Web3Signer's plain hex string
            proxy.plain_string = plain
            sender = Sender(chain, RemoteAccount(proxy.url, outsider), ErrorDecoder())
            receipt = _transfer(sender, dev_accounts()["keeper"].address)
            assert receipt["status"] == 1
            tx = chain.rpc("eth_getTransactionByHash", ["0x" + bytes(receipt["transactionHash"]).hex()])
            assert int(tx["type"], 16) == 2 and tx["from"].lower() == outsider.lower()
        assert len(proxy.signed) == 2 and "maxFeePerGas" in proxy.signed[0]
        proxy.plain_string, proxy.clef_names = False, True  # Clef's names: account_list, account_signTransaction
        account = RemoteAccount(proxy.url, outsider)
        account.check()
        assert account.chain_id() is None  # Clef does not tell its chain id: not held against it
        assert _transfer(Sender(chain, account, ErrorDecoder()), dev_accounts()["keeper"].address)["status"] == 1
        assert len(proxy.signed) == 3
    finally:
        proxy.close()


@pytest.mark.parametrize(
    ("what", "tamper"),
    [
        ("nonce", lambda tx: tx.update(nonce=hex(int(tx["nonce"], 16) + 1))),
        ("to", lambda tx: tx.update(to=dev_accounts()["debtor"].address)),
        ("value", lambda tx: tx.update(value=hex(10**18))),
        ("data", lambda tx: tx.update(data="0x01")),
        ("gas", lambda tx: tx.update(gas=hex(int(tx["gas"], 16) + 1))),
        ("maxFeePerGas", lambda tx: tx.update(maxFeePerGas=hex(int(tx["maxFeePerGas"], 16) * 2))),
    ],
)
def test_a_signer_returning_another_transaction_is_refused_before_sending(
    fee_node: LocalNode, london_signer: GethSigner, what: str, tamper: Callable[[dict[str, Any]], None]
) -> None:
    chain = Chain(fee_node.url)
    outsider = dev_accounts()["outsider"].address
    proxy = SignerProxy(london_signer.url)
    proxy.tamper = tamper
    try:
        sender = Sender(chain, RemoteAccount(proxy.url, outsider), ErrorDecoder())
        nonce = sender.mined_nonce()
        with pytest.raises(SignerError) as info:
            _transfer(sender, dev_accounts()["keeper"].address)
        message = str(info.value)
        assert proxy.url in message and outsider in message and f"{what} " in message, message
        assert "nothing was sent" in message
        assert int(chain.rpc("eth_getTransactionCount", [outsider, "pending"]), 16) == nonce
    finally:
        proxy.close()


def test_an_unreachable_signer_is_one_line_and_exit_code_5(
    free_node: LocalNode, keys: dict[str, LocalAccount], tmp_path: Path
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    plan = _plan(tmp_path, keys)
    text = plan.read_text(encoding="utf-8").replace('signer = "env:COURT_GOVERNOR_KEY"', f'signer = "remote:{dead}"')
    plan.write_text(text, encoding="utf-8")
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments"), "COURTCHAIN_KEYSTORE_PASSWORD": ""}
    r = run_cli("deploy", "--plan", str(plan), "--member", "Court", rpc=free_node.url, env=env)
    assert r.returncode == 5, r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert dead in r.stderr and keys["court_governor"].address in r.stderr and "unreachable" in r.stderr
    # the same for a single command signed by a remote account
    spec = f"remote:{dead}#{keys['bank_governor'].address}"
    r = run_cli("consortium", "approve", "1", "--as", spec, rpc=free_node.url, env=env)
    assert r.returncode == 5 and dead in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_plan_check_asks_the_signer_for_the_account_and_the_chain_id(
    signer: GethSigner, keys: dict[str, LocalAccount], tmp_path: Path
) -> None:
    plan = _plan(tmp_path, keys)
    text = plan.read_text(encoding="utf-8")
    text = text.replace('signer = "env:COURT_GOVERNOR_KEY"', f'signer = "remote:{signer.url}"')
    text = text.replace('signer = "env:COURT_JUDGE_KEY"', f'signer = "remote:{signer.url}"')  # not held there
    text = text.replace(f"chain_id = {CHAIN_ID}", "chain_id = 4242")
    plan.write_text(text, encoding="utf-8")
    env = {f"COURT_{n.upper()}_KEY": keys[n].key.hex() for n in ("judge2", "clerk", "officer", "registrar")}
    r = run_cli("plan", "check", str(plan), "--member", "Court", env=env)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert f"the remote signer at {signer.url} does not hold {keys['judge'].address}" in out
    assert f"the remote signer at {signer.url} signs for chain id {CHAIN_ID}, the plan expects 4242" in out

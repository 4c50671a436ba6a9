"""The suite on a real four-node Clique network: one organisation per node, a validator killed mid-procedure, a
restarted node catching up to the same state, and a stall (two of four down) reported instead of hanging.

The tests in this module share one network and run in order (each builds on the chain the previous one left)."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any, cast

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient, MemberKind
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    SkipReason,
)
from courtchain.clients.enforcement import AssetKind, EnforcementClient, OrderKind, OrderStatus
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.clients.token import SettlementTokenClient as TokenClient
from courtchain.commitments import commitment
from courtchain.failover import ChainStalled, FailoverProvider
from courtchain.keeper import Keeper
from courtchain.network import Network
from courtchain.suite import Suite
from courtchain.watchers import default_watchers
from tests.helpers import run_cli

from .conftest import STALL_TIMEOUT

YUAN = 10**18
DEBTOR = commitment(b"\x31" * 32, "passport", "E76543210")
BANK_REF = hashlib.sha256(b"debtor's deposit account at the bank").digest()
COURT, BANK = 0, 1  # node indices of the court and the bank (ORGANISATIONS' order)
KEEPER_WINDOW = 3  # seconds: the submission window of the case type the keeper's test files under
KEEPER_PARTIES = [
    Party(commitment(b"\x41" * 32, "resident", "11010519491231002X"), PartyRole.PLAINTIFF),
    Party(DEBTOR, PartyRole.DEFENDANT),
]


def doc(tag: str) -> bytes:
    return hashlib.sha256(f"network test document {tag}".encode()).digest()


def provider(chain: Chain) -> FailoverProvider:
    return cast(FailoverProvider, chain.w3.provider)


def rpc(url: str, method: str, params: list[Any]) -> Any:
    return Chain(url).rpc(method, params)


# a record of every transaction each account sent in this module: hash → block (checked for duplicates at the end)
SENT: dict[str, list[str]] = {}


def note(account: LocalAccount, *tx_hashes: str) -> None:
    SENT.setdefault(account.address, []).extend(tx_hashes)


def test_the_network_is_up_four_signers_in_agreement(network: Network) -> None:
    rows = network.status()
    assert len(rows) == 4
    assert all(r["up"] and r["mining"] and r["authorised"] and r["peers"] == 3 for r in rows), rows
    head = network.wait_in_sync(timeout=30)
    assert head[0] >= 2
    signers = {s.lower() for s in rpc(network.nodes[0].url, "clique_getSigners", [])}
    assert signers == {n.signer.lower() for n in network.nodes}
    # the command line reads the same state from the run directory
    r = run_cli("network", "status", "--dir", str(network.directory), "--json")
    assert r.returncode == 0, r.stderr
    assert [n["up"] for n in json.loads(r.stdout)["nodes"]] == [True] * 4


def test_the_suite_is_deployed_and_each_organisation_sends_through_its_own_node(
    network: Network, net_suite: Suite, who: dict[str, LocalAccount]
) -> None:
    for name in net_suite.addresses.values():
        codes = {rpc(n.url, "eth_getCode", [name, "latest"]) for n in network.nodes}
        assert len(codes) == 1 and codes != {"0x"}
    assert net_suite.sender(who["judge"]).chain.url == network.nodes[COURT].url
    assert net_suite.sender(who["custodian"]).chain.url == network.nodes[BANK].url
    assert net_suite.sender(who["credit_governor"]).chain.url == network.nodes[2].url
    assert net_suite.sender(who["mediator"]).chain.url == network.nodes[3].url
    assert net_suite.sender(who["keeper"]).chain is net_suite.chain  # not a member: the suite's own connection


def test_a_procedure_completes_with_the_banks_validator_killed(
    network: Network, net_suite: Suite, who: dict[str, LocalAccount]
) -> None:
    # governance across nodes: the court's governor proposes, the bank's governor approves on the bank's node
    hub = ConsortiumClient(net_suite, who["court_governor"])
    pid, sent = hub.propose([hub.admit_member(MemberKind.NOTARY, "Beijing Notary Office")], "admit a notary")
    note(who["court_governor"], sent.tx_hash)
    note(who["bank_governor"], ConsortiumClient(net_suite, who["bank_governor"]).approve(pid).tx_hash)
    note(who["court_governor"], hub.execute(pid).tx_hash)
    assert any(m.name == "Beijing Notary Office" for m in hub.members())

    # the court anchors a case file
    registrar = EvidenceClient(net_suite, who["registrar"])
    note(who["registrar"], registrar.anchor(doc("case file"), DocumentKind.CASE_FILE, 7, "REGISTRAR").tx_hash)
    assert registrar.verify(doc("case file")).on_chain

    # the court opens an enforcement case
    clerk = EnforcementClient(net_suite, who["clerk"])
    cid, sent = clerk.open_case(DEBTOR, who["creditor"].address, 300_000 * YUAN)
    note(who["clerk"], sent.tx_hash)

    # the bank reports the debtor's deposit; its node is killed (SIGKILL) while the report is in flight
    custodian = EnforcementClient(net_suite, who["custodian"])
    bank = net_suite.sender(who["custodian"])
    call = custodian.prepare("reportAsset", cid, int(AssetKind.BANK_DEPOSIT), BANK_REF, 500_000 * YUAN)
    tx_hash, raw = bank.sign(call)
    # Killed while every node agrees on the head: a Clique signer killed while a one-block fork is still open may be
    # the only signer allowed to resolve it (the three others signed one of the last two blocks on some branch), and
    # the three left deadlock until it returns (geth's Clique, not the client: the client then reports a stall).
    network.wait_in_sync(timeout=30)
    bank.broadcast(raw)
    network.kill(BANK)
    receipt = bank.check(call, bank.chain.wait_for_receipt(tx_hash, timeout=60))
    note(who["custodian"], tx_hash)
    aid = int(net_suite.events_of(receipt)[0].args["assetId"])
    assert provider(bank.chain).failovers, "the bank's connection should have failed over to another node"
    assert provider(bank.chain).current_url != network.nodes[BANK].url

    # freeze: proposed by the officer, approved by a second judge, executed by the bank (through another node)
    officer = EnforcementClient(net_suite, who["officer"])
    oid, sent = officer.propose_order(cid, OrderKind.FREEZE, aid, 200_000 * YUAN)
    note(who["officer"], sent.tx_hash)
    assert officer.order(oid).status == OrderStatus.PROPOSED  # above the auto-approval cap: a judge must approve
    note(who["judge2"], EnforcementClient(net_suite, who["judge2"]).approve_order(oid).tx_hash)
    note(who["custodian"], custodian.execute_order(oid).tx_hash)

    # deduction: the bank pays the frozen money into the office's escrow
    TokenClient(net_suite, who["keeper"]).mint(who["custodian"].address, 200_000 * YUAN)
    oid, sent = officer.propose_order(cid, OrderKind.DEDUCT, aid, 200_000 * YUAN)
    note(who["officer"], sent.tx_hash)
    note(who["judge"], EnforcementClient(net_suite, who["judge"]).approve_order(oid).tx_hash)
    before = custodian.token_balance(who["custodian"].address)
    note(who["custodian"], custodian.execute_order(oid).tx_hash)
    assert custodian.token_balance(who["custodian"].address) == before - 200_000 * YUAN
    assert custodian.money(cid).seized == 200_000 * YUAN
    # and a custodian's direct deposit into the case
    TokenClient(net_suite, who["keeper"]).mint(who["custodian"].address, 5_000 * YUAN)
    note(who["custodian"], custodian.deposit(cid, 5_000 * YUAN).tx_hash)
    assert custodian.money(cid).seized == 205_000 * YUAN
    assert custodian.check_audit(cid).ok

    # nothing was sent twice: every account's mined nonce is exactly the number of distinct transactions it sent
    # (the approval of the token allowance is the one custodian transaction not returned by a client call)
    live = network.nodes[COURT].url
    for hashes in SENT.values():
        assert len(set(hashes)) == len(hashes)
        for h in hashes:
            assert int(rpc(live, "eth_getTransactionReceipt", [h])["status"], 16) == 1
    mined = int(rpc(live, "eth_getTransactionCount", [who["custodian"].address, "latest"]), 16)
    assert mined == len(SENT[who["custodian"].address]) + 2  # + the two allowance approvals
    assert bank._nonce == mined


def test_the_restarted_node_catches_up_to_the_same_head_and_state(network: Network, net_suite: Suite) -> None:
    network.start(BANK)  # returns once it has the others' head and signs again
    head, block_hash = network.wait_in_sync(timeout=60)
    tag = hex(head)
    for n in network.nodes:
        assert rpc(n.url, "eth_getBlockByNumber", [tag, False])["hash"] == block_hash
    # every contract's code, storage root and a getter, read at that block from every node
    seen: dict[str, set[Any]] = {}
    for name, address in net_suite.addresses.items():
        for n in network.nodes:
            proof = rpc(n.url, "eth_getProof", [address, [hex(0), hex(1)], tag])
            state = (proof["codeHash"], proof["storageHash"], tuple(s["value"] for s in proof["storageProof"]))
            seen.setdefault(name, set()).add(state)
    assert all(len(states) == 1 for states in seen.values()), seen
    data = net_suite.encode("EnforcementOffice", "caseCount", [])
    answers = {
        rpc(n.url, "eth_call", [{"to": net_suite.address("EnforcementOffice"), "data": data}, tag])
        for n in network.nodes
    }
    assert len(answers) == 1 and int(answers.pop(), 16) >= 1
    # and it signs again
    assert next(r for r in network.status() if r["node"] == BANK)["mining"]


def test_two_of_four_down_the_chain_stalls_and_the_client_says_so_then_resumes(
    network: Network, net_suite: Suite, who: dict[str, LocalAccount]
) -> None:
    # stopped gracefully (SIGTERM), unlike the crash above: a signer killed hard restarts from an older persisted
    # head and may seal that height again itself, forking the chain where the others are stalled
    network.wait_in_sync(timeout=30)
    network.kill(2, hard=False)
    network.kill(3, hard=False)
    # the two signers left may seal a block or two more (each may sign one of every three), then nothing
    last, since = -1, time.monotonic()
    while time.monotonic() - since < 4:
        head = network.heads()[0]
        assert head is not None
        if head[0] != last:
            last, since = head[0], time.monotonic()
        time.sleep(0.5)
    registrar = EvidenceClient(net_suite, who["registrar"])
    t0 = time.monotonic()
    with pytest.raises(ChainStalled) as stalled:
        registrar.anchor(doc("during the stall"), DocumentKind.ARCHIVE, 7, "REGISTRAR")
    waited = time.monotonic() - t0
    message = str(stalled.value)
    assert "stalled" in message and "no new block for" in message, message
    assert message.count("down") == 2 and network.nodes[2].url in message, message
    assert waited < STALL_TIMEOUT + 30  # reported, not hung until the receipt timeout (120 s)

    # the transaction waits in the pool; when the validators return, the chain resumes and mines it, once
    network.start(2)
    network.start(3)
    network.wait_in_sync(timeout=60)
    deadline = time.monotonic() + 60
    while not registrar.verify(doc("during the stall")).on_chain:
        assert time.monotonic() < deadline, "the anchor sent during the stall was not mined after the chain resumed"
        time.sleep(0.5)
    note(who["registrar"], registrar.anchor(doc("after the stall"), DocumentKind.ARCHIVE, 7, "REGISTRAR").tx_hash)
    mined = int(rpc(network.nodes[0].url, "eth_getTransactionCount", [who["registrar"].address, "latest"]), 16)
    assert mined == len(SENT[who["registrar"].address]) + 1  # + the one whose client call reported the stall
    network.wait_in_sync(timeout=60)


def test_the_keeper_on_a_node_that_is_killed_triggers_every_deadline_exactly_once(
    network: Network, net_suite: Suite, who: dict[str, LocalAccount], tmp_path: Path
) -> None:
    """The keeper reads and sends through node 3 alone (its own process's connection, failing over to the others);
    node 3 is killed (SIGKILL) just after the keeper broadcast a trigger to it, with more filing windows expiring.
    Every filing is docketed, each exactly once: one CaseDocketed each, sent by the keeper, and no second trigger
    (DocketSkipped, not open)."""
    keeper_node = 3
    clerk = DocketClient(net_suite, who["clerk"])
    clerk.set_case_type(DEV_COURT_ID, "速裁", [int(MaterialKind.COMPLAINT)], KEEPER_WINDOW)
    litigant = DocketClient(net_suite, who["litigant"])
    start = net_suite.chain.block_number() + 1
    own = Suite(network.chain(keeper_node, stall_timeout=STALL_TIMEOUT), net_suite.artifacts, net_suite.addresses)
    keeper = Keeper(own, who["keeper"], default_watchers(own, ["docketing"]), tmp_path / "state", start_block=start)
    assert keeper.sender.chain.url == network.nodes[keeper_node].url

    # the node dies right after the keeper broadcast its second trigger to it (still in its pool, or just mined)
    killed: list[str] = []
    broadcast = keeper.sender.broadcast

    def broadcast_then_kill(raw: bytes) -> str:
        if len(keeper_sent) == 1 and not killed:
            network.wait_in_sync(timeout=30)  # not while a one-block fork is open (see above)
            tx_hash = broadcast(raw)
            network.kill(keeper_node)
            killed.append(tx_hash)
            return tx_hash
        tx_hash = broadcast(raw)
        keeper_sent.append(tx_hash)
        return tx_hash

    keeper_sent: list[str] = []
    keeper.sender.broadcast = broadcast_then_kill  # type: ignore[method-assign]

    filings: list[int] = []
    triggered: list[int] = []
    deadline = time.monotonic() + 120
    for group in range(3):  # three groups of filings, their windows ending a few seconds apart
        for i in range(3):
            material = MaterialInput(doc(f"keeper filing {group}-{i}"), MaterialKind.COMPLAINT)
            fid, _ = litigant.submit(DEV_COURT_ID, "速裁", KEEPER_PARTIES, 1_000, [material])
            filings.append(fid)
        for _ in range(4):
            triggered += [i for ids in keeper.run_pass().triggered.values() for i in ids]
            time.sleep(0.5)
    while not set(filings) <= set(triggered):
        assert time.monotonic() < deadline, f"not triggered: {sorted(set(filings) - set(triggered))}"
        triggered += [i for ids in keeper.run_pass().triggered.values() for i in ids]
        time.sleep(0.5)
    keeper.close()

    assert killed, "node 3 was never killed: the keeper sent fewer than two triggers"
    assert provider(own.chain).failovers and provider(own.chain).current_url != network.nodes[keeper_node].url
    # the keeper's own record: every filing triggered once
    assert sorted(i for i in triggered if i in filings) == sorted(filings)
    # the chain's (node 0; node 3 stays down: the module's last test): one CaseDocketed per filing, each in a keeper
    # transaction; no filing triggered twice
    events = [
        e for e in net_suite.logs(["CaseDocket"], from_block=start) if e.name in ("CaseDocketed", "DocketSkipped")
    ]
    docketed = [int(e.args["caseId"]) for e in events if e.name == "CaseDocketed" and int(e.args["caseId"]) in filings]
    assert sorted(docketed) == sorted(filings)
    skipped = [e for e in events if e.name == "DocketSkipped" and int(e.args["filingId"]) in filings]
    assert all(int(e.args["reason"]) == SkipReason.WINDOW_OPEN for e in skipped), skipped
    senders = {rpc(network.nodes[0].url, "eth_getTransactionByHash", [e.tx_hash])["from"].lower() for e in events}
    assert senders == {who["keeper"].address.lower()}
    # and the keeper sent nothing twice: its mined transactions are exactly the distinct ones it broadcast
    mined = int(rpc(network.nodes[0].url, "eth_getTransactionCount", [who["keeper"].address, "latest"]), 16)
    first = int(rpc(network.nodes[0].url, "eth_getTransactionCount", [who["keeper"].address, hex(start - 1)]), 16)
    assert mined - first == len(set(keeper_sent + killed))

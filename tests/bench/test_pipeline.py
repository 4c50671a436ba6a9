"""The fast paths of the tooling give exactly what the slow, general ones give: signing (coincurve vs eth-account),
receipt formatting (ours vs web3's), event decoding (eth-abi directly vs web3's get_event_data), and the pipeline
(`Sender.send_many`: batch estimates, batch broadcast, batch receipts) keeps the single-send guarantees."""

from __future__ import annotations

import hashlib
import time
from typing import Any, cast

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address
from web3._utils.events import get_event_data
from web3._utils.method_formatters import receipt_formatter

from courtchain.chain import Chain, format_receipt
from courtchain.clients.docket import DocketClient, MaterialInput, Party, PartyRole, setup_dev_court
from courtchain.clients.evidence import AnchorRole, DocumentKind, EvidenceClient
from courtchain.errors import ChainError, ContractRevert, InputError
from courtchain.suite import Suite, _plain
from courtchain.txn import FastSigner, rlp_encode


def doc(label: str) -> bytes:
    return hashlib.sha256(label.encode()).digest()


@pytest.mark.parametrize(
    "tx",
    [
        {"maxFeePerGas": 2 * 10**9, "maxPriorityFeePerGas": 10**9, "to": "0x" + "ab" * 20, "data": "0x" + "00ff" * 70},
        {"gasPrice": 0, "to": "0x" + "01" * 20, "data": "0x", "value": 7},
        {"gasPrice": 10**9, "data": "0x6000", "nonce": 300},  # contract creation
        {"gasPrice": 10**9, "to": "0x" + "cd" * 20, "data": "0x12", "chainId": 1},
    ],
)
def test_fast_signer_gives_the_bytes_of_eth_account(litigant: LocalAccount, tx: dict[str, Any]) -> None:
    full = {"nonce": 5, "gas": 80_000, "value": 0, "chainId": 31337, **tx}
    ref = dict(full)
    if "to" in ref:
        ref["to"] = to_checksum_address(ref["to"])
    signed = litigant.sign_transaction(ref)
    tx_hash, raw = FastSigner(bytes(litigant.key)).sign(full)
    assert raw == bytes(signed.raw_transaction)
    assert tx_hash == "0x" + bytes(signed.hash).hex()


@pytest.mark.parametrize(
    "item",
    [
        b"",
        b"\x00",
        b"\x7f",
        b"\x80",
        b"a" * 55,
        b"b" * 56,
        b"c" * 1024,
        0,
        1,
        127,
        128,
        2**256 - 1,
        [],
        [b"", [0, [1]]],
    ],
)
def test_rlp_encoding_matches_the_rlp_library(item: Any) -> None:
    import rlp  # type: ignore[import-untyped]

    assert rlp_encode(item) == rlp.encode(item)


def _activity(suite: Suite, accts: dict[str, LocalAccount]) -> list[str]:
    """Transactions whose logs cover addresses, indexed and non-indexed values, arrays and strings."""
    ev = EvidenceClient(suite, accts["registrar"])
    hashes = [ev.anchor(doc("a"), DocumentKind.CASE_FILE, 3, AnchorRole.REGISTRAR).tx_hash]
    hashes.append(ev.anchor_batch([doc(f"b{i}") for i in range(5)], DocumentKind.ARCHIVE, 3, "registrar").sent.tx_hash)
    setup_dev_court(suite, accts["clerk"])
    parties = [Party(doc("p"), PartyRole.PLAINTIFF), Party(doc("d"), PartyRole.DEFENDANT)]
    mats = [MaterialInput(doc(f"m{k}"), int(k)) for k in (1, 2, 3)]
    _, sent = DocketClient(suite, accts["litigant"]).submit(1, "民初", parties, 10_000, mats)
    hashes.append(sent.tx_hash)
    return hashes


def test_receipts_and_events_match_web3(suite: Suite, chain: Chain, accts: dict[str, LocalAccount]) -> None:
    hashes = _activity(suite, accts)
    ours = chain.receipts(hashes)
    checked = 0
    for h, mine in zip(hashes, ours, strict=True):
        raw = chain.rpc("eth_getTransactionReceipt", [h])
        theirs = receipt_formatter(raw)
        assert mine is not None
        assert dict(mine) == {k: theirs[k] for k in mine}
        assert format_receipt(raw) == mine
        for log in mine["logs"]:
            event = suite.decode_log(log)
            if event is None:
                continue
            abi = next(a for a in suite.artifacts[event.contract].abi if a.get("name") == event.name)
            ref = _plain(dict(get_event_data(chain.w3.codec, cast(Any, abi), cast(Any, log))["args"]))
            assert event.args == ref
            checked += 1
    assert checked >= 5


def test_send_many_pipelines_and_decodes_a_revert_before_signing(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    party = EvidenceClient(suite, accts["litigant"])
    sent = party.anchor_many([doc(f"x{i}") for i in range(40)], DocumentKind.EVIDENCE, 9)
    assert [s.event("Anchored").args["caseId"] for s in sent] == [9] * 40
    assert all(party.verify(doc(f"x{i}")).on_chain for i in range(40))
    nonce = suite.chain.rpc("eth_getTransactionCount", [party.sender.address, "pending"])
    # one of the batch is already anchored: the estimate reverts, the error is decoded, nothing is signed
    with pytest.raises(ContractRevert) as err:
        party.anchor_many([doc("fresh"), doc("x3")], DocumentKind.EVIDENCE, 9)
    assert err.value.error == "EvidenceAlreadyAnchored"
    assert suite.chain.rpc("eth_getTransactionCount", [party.sender.address, "pending"]) == nonce
    with pytest.raises(InputError):
        party.anchor_many([doc("y"), doc("y")], DocumentKind.EVIDENCE, 9)
    explicit = party.anchor_many([doc(f"z{i}") for i in range(10)], DocumentKind.EVIDENCE, 9, gas=90_000)
    assert len({s.tx_hash for s in explicit}) == 10


def _nonce(suite: Suite, address: str) -> int:
    return int(suite.chain.rpc("eth_getTransactionCount", [address, "pending"]), 16)


def test_pipelined_calls_may_depend_on_each_other(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    """Calls are simulated in order (eth_simulateV1), so a revocation of a document anchored earlier in the same
    pipeline is accepted, and a second anchoring of it is refused, decoded, before anything is signed."""
    party = EvidenceClient(suite, accts["litigant"])
    first, second = doc("dep-1"), doc("dep-2")
    kind = int(DocumentKind.EVIDENCE)
    calls = [
        party.prepare("anchor", first, kind, 9, 0),
        party.prepare("revoke", first, second),
        party.prepare("anchor", second, kind, 9, 0),
    ]
    sent = party.transact_many(calls)
    assert [s.events[0].name for s in sent] == ["Anchored", "Revoked", "Anchored"]
    assert suite.chain.simulate_supported is True
    nonce = _nonce(suite, party.sender.address)
    again = [party.prepare("anchor", doc("dep-3"), kind, 9, 0), party.prepare("anchor", doc("dep-3"), kind, 9, 0)]
    with pytest.raises(ContractRevert) as err:
        party.transact_many(again)
    assert err.value.error == "EvidenceAlreadyAnchored"
    assert _nonce(suite, party.sender.address) == nonce  # nothing signed, no nonce burnt


def test_pipeline_without_simulation_estimates_each_call(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    """On a node without eth_simulateV1 (ganache, many consortium nodes) each call is estimated on its own: the
    same transactions go through, and a revert is still decoded before signing."""
    party = EvidenceClient(suite, accts["litigant"])
    saved = suite.chain.simulate_supported
    suite.chain.simulate_supported = False
    try:
        sent = party.anchor_many([doc(f"est{i}") for i in range(12)], DocumentKind.EVIDENCE, 4)
        assert [s.event("Anchored").args["caseId"] for s in sent] == [4] * 12
        nonce = _nonce(suite, party.sender.address)
        with pytest.raises(ContractRevert) as err:
            party.anchor_many([doc("est-new"), doc("est5")], DocumentKind.EVIDENCE, 4)
        assert err.value.error == "EvidenceAlreadyAnchored"
        assert _nonce(suite, party.sender.address) == nonce
    finally:
        suite.chain.simulate_supported = saved


def test_a_failed_transaction_in_a_pipeline_is_reported_in_words(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    """Explicit gas skips the simulation: a call that then reverts on chain is found in its receipt, replayed for its
    reason, and raised after the pipeline; the transactions around it are mined."""
    party = EvidenceClient(suite, accts["litigant"])
    kind = int(DocumentKind.EVIDENCE)
    party.anchor(doc("taken"), DocumentKind.EVIDENCE, 2)
    calls = [party.prepare("anchor", doc(label), kind, 2, 0, gas=120_000) for label in ("ok-1", "taken", "ok-2")]
    with pytest.raises(ContractRevert) as err:
        party.transact_many(calls)
    assert err.value.error == "EvidenceAlreadyAnchored" and err.value.tx_hash
    assert party.verify(doc("ok-1")).on_chain and party.verify(doc("ok-2")).on_chain


def test_the_static_event_decoder_falls_back_on_a_malformed_log(suite: Suite) -> None:
    """A log whose words do not fit the ABI (a dirty address word) is not guessed at: eth-abi decodes or refuses it."""
    from courtchain.suite import _static_event_args, _StaticPlan

    abi = {
        "name": "E",
        "type": "event",
        "inputs": [
            {"name": "who", "type": "address", "indexed": True},
            {"name": "n", "type": "uint8", "indexed": False},
            {"name": "ok", "type": "bool", "indexed": False},
            {"name": "tag", "type": "bytes4", "indexed": False},
            {"name": "delta", "type": "int16", "indexed": False},
        ],
    }
    good = {
        "topics": [b"\x00" * 32, b"\x00" * 12 + b"\xab" * 20],
        "data": (7).to_bytes(32, "big")
        + (1).to_bytes(32, "big")
        + b"\xde\xad\xbe\xef"
        + b"\x00" * 28
        + (-3).to_bytes(32, "big", signed=True),
    }
    args = _static_event_args(_StaticPlan.of(abi), good)
    assert args == {
        "who": to_checksum_address("0x" + "ab" * 20),
        "n": 7,
        "ok": True,
        "tag": b"\xde\xad\xbe\xef",
        "delta": -3,
    }
    assert list(args) == ["who", "n", "ok", "tag", "delta"]
    for bad in (
        {**good, "topics": [b"\x00" * 32, b"\x01" + b"\x00" * 11 + b"\xab" * 20]},  # dirty address padding
        {**good, "data": (256).to_bytes(32, "big") + good["data"][32:]},  # 256 in a uint8
        {**good, "data": good["data"][:32] + (2).to_bytes(32, "big") + good["data"][64:]},  # bool 2
        {**good, "data": good["data"][:-32]},  # a word short
    ):
        assert _static_event_args(_StaticPlan.of(abi), bad) is None


def test_a_pipeline_larger_than_a_block_is_paced_not_stranded(
    suite: Suite, accts: dict[str, LocalAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    """700 anchors need ~50 M gas of limits, more than a 30 M block: with everything handed to the node at once, anvil's
    automatic miner filled one block and left the rest pending until another transaction came (never). The
    pipeline keeps what is sent and not mined within one block's gas, so all are mined."""
    from courtchain import txn

    monkeypatch.setattr(txn, "FIRST_CHUNK", 1000)
    monkeypatch.setattr(txn, "SEND_CHUNK", 1000)
    monkeypatch.setattr(txn, "PIPELINE_BATCH", 1000)
    monkeypatch.setattr(suite.chain, "receipt_timeout", 30.0)
    import rlp  # type: ignore[import-untyped]

    party = EvidenceClient(suite, accts["litigant"])
    block_limit = int(suite.chain.rpc("eth_getBlockByNumber", ["latest", False])["gasLimit"], 16)
    sender_cls = type(party.sender)
    original = sender_cls.broadcast_many
    sent_gas: dict[int, int] = {}  # nonce -> gas limit of every transaction handed to the node
    worst = [0]

    def watched(self: Any, raws: Any) -> list[str]:
        for raw in raws:  # EIP-1559: 0x02 || rlp([chainId, nonce, tip, maxFee, gas, ...])
            fields = rlp.decode(bytes(raw)[1:])
            sent_gas[int.from_bytes(fields[1], "big")] = int.from_bytes(fields[4], "big")
        mined = self.mined_nonce()
        worst[0] = max(worst[0], sum(g for n, g in sent_gas.items() if n >= mined))
        return original(self, raws)

    monkeypatch.setattr(sender_cls, "broadcast_many", watched)
    sent = party.anchor_many([doc(f"flood{i}") for i in range(700)], DocumentKind.EVIDENCE, 5)
    assert len(sent) == 700 and all(s.events for s in sent)
    assert 0 < worst[0] <= block_limit  # never more in flight than one block holds
    assert sum(s.gas_used for s in sent) > block_limit  # it really needed more than one block
    assert _nonce(suite, party.sender.address) == party.sender.mined_nonce()  # nothing left pending


def test_a_call_above_the_block_gas_limit_is_refused_before_signing(
    suite: Suite, accts: dict[str, LocalAccount]
) -> None:
    party = EvidenceClient(suite, accts["litigant"])
    block_limit = int(suite.chain.rpc("eth_getBlockByNumber", ["latest", False])["gasLimit"], 16)
    nonce = _nonce(suite, party.sender.address)
    call = party.prepare("anchor", doc("huge"), int(DocumentKind.EVIDENCE), 1, 0, gas=block_limit + 1)
    with pytest.raises(ChainError, match="above the block gas limit"):
        party.transact_many([call])
    assert _nonce(suite, party.sender.address) == nonce


def test_send_many_stuck_nonce_race_is_repaired(
    suite: Suite, accts: dict[str, LocalAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    """send_many stuck (5 of 50 left in anvil's queued pool): anvil decides whether a transaction is ready from the
    account's nonce read before it inserts it; when the one before it is mined and its marker pruned in between, the
    new one waits in the queue for ever although its nonce is due, and the rest of the pipeline behind it. The race
    is made deterministic here: after the first 5 of 12 are mined the account's nonce is set back by one while the
    other 7 are handed over (as if read before the 5th was mined), then restored. The pipeline notices it stalled,
    finds its next nonce queued, signs that call again (same nonce and fee, one more gas: a new hash) and finishes.
    """
    monkeypatch.setattr(suite.chain, "receipt_timeout", 12.0)  # without the repair: ChainError "no receipt for 7 of 12"
    party = EvidenceClient(suite, accts["litigant"])
    sender = party.sender
    address = sender.address
    real = sender.broadcast_many
    raced = [False]

    def racing(raws: Any) -> list[str]:
        if raced[0] or len(raws) < 6:
            return real(raws)
        raced[0] = True
        first = real(raws[:5])
        deadline = time.monotonic() + 10
        head = _nonce(suite, address)  # the nonce after the 5th
        while sender.mined_nonce() < head and time.monotonic() < deadline:
            time.sleep(0.01)
        suite.chain.rpc("anvil_setNonce", [address, hex(head - 1)])
        rest = real(raws[5:])
        suite.chain.rpc("anvil_setNonce", [address, hex(head)])
        return first + rest

    monkeypatch.setattr(sender, "broadcast_many", racing)
    sent = party.anchor_many([doc(f"race{i}") for i in range(12)], DocumentKind.EVIDENCE, 6)
    assert raced[0] and len(sent) == 12
    assert all(party.verify(doc(f"race{i}")).on_chain for i in range(12))
    assert any("queued although due" in r for r in sender.stall_repairs)
    assert sender.mined_nonce() == _nonce(suite, address)  # nothing left in flight

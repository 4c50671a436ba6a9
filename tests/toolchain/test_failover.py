"""The fail-over transport on its own, against anvil (no geth needed): a dead first node is skipped for reads and
sends, the same signed bytes go to the node taking over, no node at all is a clear ChainError, and a chain that mines
nothing is reported as stalled instead of waiting out the receipt timeout."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode, free_port
from courtchain.errors import ChainError
from courtchain.failover import ChainStalled, FailoverProvider
from courtchain.txn import Call, ErrorDecoder, Sender


def _chain(urls: list[str], **kwargs: float) -> tuple[Chain, FailoverProvider]:
    provider = FailoverProvider(urls, **kwargs)  # type: ignore[arg-type]
    return Chain(urls[0], provider=provider), provider


def test_a_dead_first_node_is_skipped_and_a_transaction_goes_through_the_next(tmp_path: Path) -> None:
    with LocalNode(log_path=tmp_path / "anvil.log") as node:
        dead = f"http://127.0.0.1:{free_port()}"  # chosen while the node holds its port: never the node's own
        chain, provider = _chain([dead, node.url], outage_timeout=5)
        assert chain.chain_id == 31337
        assert provider.current_url == node.url and provider.failovers == [(dead, node.url)]
        sender = Sender(chain, dev_accounts()["outsider"], ErrorDecoder())
        receipt = sender.send(Call(to=dev_accounts()["creditor"].address, data="0x", contract="transfer", value=1))
        assert receipt["status"] == 1
        # the same signed bytes again: one transaction (the node knows it, or says its nonce is used)
        tx_hash, raw = sender.sign(Call(to=dev_accounts()["creditor"].address, data="0x", contract="t", value=1))
        assert sender.broadcast(raw) == tx_hash
        chain.wait_for_receipt(tx_hash)
        count = int(chain.rpc("eth_getTransactionCount", [sender.address, "latest"]), 16)
        assert count == 2


def test_no_node_answering_is_a_clear_error_naming_them() -> None:
    urls = [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"]
    chain, _ = _chain(urls, outage_timeout=1)
    t0 = time.monotonic()
    with pytest.raises(ChainError, match="no node answers after 1s") as info:
        chain.block_number()
    assert time.monotonic() - t0 < 10
    assert all(f"{u}: down" in str(info.value) for u in urls)


def test_a_chain_that_mines_nothing_is_reported_as_stalled(tmp_path: Path) -> None:
    with LocalNode(log_path=tmp_path / "anvil.log") as node:
        Chain(node.url).set_automine(False)  # no block unless asked: a stalled chain
        chain, _ = _chain([node.url], stall_timeout=2)
        sender = Sender(chain, dev_accounts()["outsider"], ErrorDecoder())
        t0 = time.monotonic()
        with pytest.raises(ChainStalled, match="no new block for") as info:
            sender.send(Call(to=dev_accounts()["creditor"].address, data="0x", contract="transfer", value=1, gas=21000))
        assert time.monotonic() - t0 < 15
        assert node.url in info.value.heads


def test_a_block_seen_on_one_node_is_read_from_the_next_only_once_it_has_it(tmp_path: Path) -> None:
    """After a fail-over to a node a few blocks behind, a block (or a log range) up to the head seen before is not
    answered as missing (geth answers a log query past its head with what it has, silently): the provider waits until
    the node taking over has it."""
    with (
        LocalNode(log_path=tmp_path / "ahead.log") as ahead,
        LocalNode(log_path=tmp_path / "behind.log") as behind,
    ):
        Chain(ahead.url).mine(6)
        chain, provider = _chain([ahead.url, behind.url], outage_timeout=5)
        head = chain.block_number()
        assert head >= 6 and Chain(behind.url).block_number() < head
        ahead.stop()
        threading.Timer(1.0, lambda: Chain(behind.url).mine(head)).start()
        t0 = time.monotonic()
        block = chain.rpc("eth_getBlockByNumber", [hex(head), False])
        assert block is not None and int(block["number"], 16) == head
        assert provider.current_url == behind.url and time.monotonic() - t0 >= 0.9
        # a block no node was seen with is asked about as is: no wait
        t0 = time.monotonic()
        assert chain.rpc("eth_getBlockByNumber", [hex(head + 1000), False]) is None
        assert time.monotonic() - t0 < 1

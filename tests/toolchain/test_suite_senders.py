"""One Sender per account, even when several threads send an account's first transactions at once (the demo's
`together`): a second Sender would keep a second nonce cache and hand out one nonce twice ("nonce too low", the
failure seen in CI on judge2's first approvals)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from eth_account import Account

from courtchain import suite as suite_module
from courtchain.accounts import dev_accounts
from courtchain.suite import Suite
from courtchain.txn import Call, Sender

THREADS = 6


class _SlowSender(Sender):
    """A Sender whose construction takes a while, so that threads asking for one at once overlap for sure."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.05)
        super().__init__(*args, **kwargs)


def test_threads_sending_an_accounts_first_transactions_share_one_sender(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(suite_module, "Sender", _SlowSender)
    fresh = Account.create()
    funder = suite.sender(dev_accounts()["outsider"])
    funder.send(Call(fresh.address, "0x", "ETH", value=10**18))

    barrier = threading.Barrier(THREADS)

    def first_send(i: int) -> tuple[int, int]:
        barrier.wait()
        sender = suite.sender(fresh)
        receipt = sender.send(Call(fresh.address, "0x", "ETH", value=i))
        assert receipt["status"] == 1
        return id(sender), int(receipt["blockNumber"])

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(first_send, range(THREADS)))

    assert len({sender_id for sender_id, _ in results}) == 1
    assert int(suite.chain.rpc("eth_getTransactionCount", [fresh.address, "latest"]), 16) == THREADS

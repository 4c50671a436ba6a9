"""How long a keeper pass takes with many filings and obligations of which few are due, on a throwaway anvil.

Creates N filings and M binding, judicially confirmed agreements; 10 of each fall due at the measured moment, the
rest later. Measures: the cold pass (a fresh keeper following every event since deployment), an idle pass (nothing
new, nothing due), the pass that triggers the 10 + 10 due items, and the idle pass after it. Each pass is timed in
process (time.monotonic) and the gas is from the real receipts.

Run: PYTHONPATH=src .venv/bin/python bench/keeper_pass.py [N_FILINGS] [N_OBLIGATIONS]  → bench/results/keeper_pass.json
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eth_utils import keccak

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Party,
    PartyRole,
    encode_case_type,
    setup_dev_court,
)
from courtchain.keeper import Keeper, PassReport
from courtchain.suite import Suite
from courtchain.txn import Call
from courtchain.watchers import default_watchers

OUT = Path(__file__).resolve().parent / "results" / "keeper_pass.json"
DUE = 10
DAY = 24 * 3600
WINDOW = 3 * DAY
CHUNK = 500


def h(label: str) -> bytes:
    return bytes(keccak(text=label))


def pipelined(suite: Suite, account: Any, calls: list[Call]) -> None:
    """Sign and broadcast a chunk with automine off, mine it as one block, check every receipt (set-up speed: anvil
    spends most of its time per block, not per transaction)."""
    sender = suite.sender(account)
    chain = suite.chain
    for i in range(0, len(calls), CHUNK):
        hashes = []
        for call in calls[i : i + CHUNK]:
            tx_hash, raw = sender.sign(call)
            sender.broadcast(raw)
            hashes.append(tx_hash)
        chain.rpc("evm_mine")
        for tx_hash in hashes:
            receipt = chain.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is None or int(receipt["status"], 16) != 1:
                raise RuntimeError(f"set-up transaction {tx_hash} failed: {receipt}")


def make_filings(suite: Suite, acc: dict[str, Any], n: int, tag: str) -> None:
    docket = DocketClient(suite, acc["litigant"])
    parties = [
        Party(h("plaintiff"), PartyRole.PLAINTIFF).as_tuple(),
        Party(h("defendant"), PartyRole.DEFENDANT).as_tuple(),
    ]
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    calls = []
    for i in range(n):
        mats = [MaterialInput(h(f"{tag}-{i}-{k}"), int(k)).as_tuple() for k in kinds]
        data = docket.call_data("submitFiling", DEV_COURT_ID, encode_case_type("民初"), parties, 10_000 + i, mats)
        calls.append(Call(to=docket.address, data=data, contract="CaseDocket", gas=1_500_000))
    pipelined(suite, acc["litigant"], calls)


def make_agreements(suite: Suite, acc: dict[str, Any], n: int, first_due: int, tag: str) -> None:
    reg = suite.contract("ObligationRegistry")
    address = reg.address
    start = int(suite.view("ObligationRegistry", "obligationCount")) + 1
    token = suite.address("SettlementToken")
    creates = []
    for i in range(n):
        terms = (
            h(f"{tag}-doc-{i}"),
            h(f"{tag}-debtor-{i}"),
            acc["debtor"].address,
            h(f"{tag}-creditor-{i}"),
            acc["creditor"].address,
            token,
            [300, 700],
            [first_due, first_due + 30 * DAY],
            2 * DAY,
            False,
            2,  # Enforcement
            0,
            b"\0" * 32,
        )
        data = suite.encode("ObligationRegistry", "createAgreement", [terms])
        creates.append(Call(to=address, data=data, contract="ObligationRegistry", gas=2_000_000))
    pipelined(suite, acc["mediator"], creates)
    ids = range(start, start + n)

    def each(fn: str, *extra: Any, gas: int = 500_000) -> list[Call]:
        return [
            Call(
                to=address,
                data=suite.encode("ObligationRegistry", fn, [i, *extra]),
                contract="ObligationRegistry",
                gas=gas,
            )
            for i in ids
        ]

    pipelined(suite, acc["debtor"], each("sign"))
    pipelined(suite, acc["creditor"], each("sign"))
    pipelined(suite, acc["judge"], each("confirmAgreement", h("ruling")))


def summary(r: PassReport) -> dict[str, Any]:
    return {
        "seconds": round(r.seconds, 4),
        "waitingForBlocks": round(r.waiting, 4),
        "keeperWorkSeconds": round(r.working, 4),
        "blocks": r.to_block - r.from_block + 1,
        "events": r.events,
        "due": r.due,
        "triggered": {k: len(v) for k, v in r.triggered.items()},
        "transactions": r.sent,
        "gasUsed": r.gas_used,
        "pendingDeadlines": r.pending,
    }


def main() -> None:
    n_filings = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    n_obligations = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    acc = dev_accounts()
    with LocalNode() as node:
        chain = Chain(node.url)
        suite = deploy.deploy(chain, fresh=True, directory=Path(tempfile.mkdtemp())).suite
        setup_dev_court(suite, acc["clerk"], window=WINDOW)
        chain.rpc("anvil_setBlockGasLimit", [hex(2_000_000_000)])
        chain.rpc("evm_setAutomine", [False])
        t0 = time.monotonic()
        now = chain.timestamp()
        make_filings(suite, acc, DUE, "due")
        make_agreements(suite, acc, DUE, now + 1 * DAY, "due")
        chain.set_time(now + 2 * DAY)  # the rest are filed later: their windows end a day after the due ones
        make_filings(suite, acc, n_filings - DUE, "later")
        make_agreements(suite, acc, n_obligations - DUE, now + 40 * DAY, "later")
        chain.rpc("evm_setAutomine", [True])
        setup_seconds = time.monotonic() - t0
        print(f"set-up: {n_filings} filings, {n_obligations} agreements in {setup_seconds:.0f} s", flush=True)

        state = Path(tempfile.mkdtemp())
        keeper = Keeper(suite, acc["keeper"], default_watchers(suite), state)
        cold = keeper.run_pass()
        print("cold pass", summary(cold), flush=True)
        settle = keeper.run_pass()  # the looks scheduled by the cold pass (binding/confirmation events) run here
        print("settling pass", summary(settle), flush=True)
        idle = keeper.run_pass()
        print("idle pass", summary(idle), flush=True)
        chain.set_time(now + WINDOW + 1 * DAY)  # the 10 filings' windows and the 10 first instalments' grace ended
        due = keeper.run_pass()
        print("due pass", summary(due), flush=True)
        after = keeper.run_pass()
        print("idle pass after", summary(after), flush=True)
        keeper.close()
        restarted = Keeper(suite, acc["keeper"], default_watchers(suite), state)
        t1 = time.monotonic()
        restart_pass = restarted.run_pass()
        load_and_pass = time.monotonic() - t1
        result = {
            "node": "anvil (automine), local",
            "filings": n_filings,
            "obligations": n_obligations,
            "dueOfEach": DUE,
            "setupSeconds": round(setup_seconds, 1),
            "coldPass": summary(cold),
            "settlingPass": summary(settle),
            "idlePass": summary(idle),
            "duePass": summary(due),
            "idlePassAfter": summary(after),
            "restartedIdlePass": {**summary(restart_pass), "withLoadSeconds": round(load_and_pass, 4)},
            "checkpointBytes": keeper.checkpoint_path.stat().st_size,
        }
        assert due.triggered == {"docketing": list(range(1, DUE + 1)), "defaults": list(range(1, DUE + 1))}, due
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""The keeper: the automation smart contracts cannot do alone.

It follows the suite's events from the last block it processed (a checkpoint on disk), keeps a schedule of
deadlines (a heap ordered by due time), and sends the permissionless triggers when they fall due. A pass costs in
proportion to the new events and to what is due, not to everything that exists.

Restart-safe and idempotent:
- every signed transaction is journaled (raw bytes, fsynced) *before* it is broadcast; on restart, a journaled
  transaction without a receipt is re-broadcast as is (same nonce, same hash), never re-signed;
- the checkpoint (next block, schedule) is written atomically after a pass, so a crash replays at most one pass of
  events, and a deadline replayed for an item that is already done is dropped by the watcher's on-chain check;
- batch triggers skip items that are no longer due on chain, so one sent by another account is not an error.

What is watched is pluggable: a `Watcher` maps events to deadlines and due items to one trigger call.
"""

from __future__ import annotations

import heapq
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from eth_account.signers.local import LocalAccount

from . import paths
from .build import atomic_write_json
from .errors import ChainError, ContractRevert, TransactionFailed
from .suite import Event, Suite
from .txn import Call, Sender


@dataclass(frozen=True, order=True)
class Deadline:
    due: int
    watcher: str
    item: int


class Watcher(Protocol):
    """One kind of deadline: which contract's events create or cancel it, and how due items are triggered."""

    name: str
    contract: str
    batch_size: int

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        """(deadlines to add as (item, due), items no longer pending) for one decoded event of `contract`."""
        ...

    def still_pending(self, items: Sequence[int]) -> list[int]:
        """The items that the chain still says are waiting for the trigger (cheap views)."""
        ...

    def trigger(self, items: Sequence[int]) -> Call:
        """One batch call that triggers these items (and skips, without reverting, any no longer due)."""
        ...


@dataclass
class PassReport:
    from_block: int
    to_block: int
    events: int = 0
    scheduled: int = 0
    due: int = 0
    triggered: dict[str, list[int]] = field(default_factory=dict)
    skipped: int = 0
    rebroadcast: int = 0
    transactions: list[str] = field(default_factory=list)
    next_deadline: int | None = None
    seconds: float = 0.0


class Journal:
    """Append-only JSON lines: `signed` (with the raw transaction) before broadcast, `mined` after the receipt."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def _append(self, entry: dict[str, Any]) -> None:
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def signed(self, tx_hash: str, raw: bytes, purpose: str) -> None:
        self._append({"state": "signed", "hash": tx_hash, "raw": "0x" + raw.hex(), "purpose": purpose})

    def mined(self, tx_hash: str, status: int) -> None:
        self._append({"state": "mined", "hash": tx_hash, "status": status})

    def unmined(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        signed: dict[str, dict[str, Any]] = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash mid-write was never broadcast (the write precedes it)
            if entry["state"] == "signed":
                signed[entry["hash"]] = entry
            else:
                signed.pop(entry["hash"], None)
        return list(signed.values())

    def compact(self) -> None:
        """Drop finished entries once nothing is in flight."""
        if self.path.exists() and not self.unmined():
            self.path.unlink()


class Keeper:
    def __init__(
        self,
        suite: Suite,
        account: LocalAccount,
        watchers: Sequence[Watcher],
        state_dir: Path | None = None,
        *,
        start_block: int = 0,
        log: Callable[[str], None] = lambda s: None,
    ) -> None:
        self.suite = suite
        self.chain = suite.chain
        self.account = account
        self.watchers = {w.name: w for w in watchers}
        self.log = log
        directory = state_dir or paths.STATE
        chain_id = self.chain.chain_id
        self.checkpoint_path = directory / f"keeper-{chain_id}.json"
        self.journal = Journal(directory / f"keeper-{chain_id}.journal")
        self.sender: Sender = suite.sender(account)
        self.next_block = start_block
        self.schedule: list[Deadline] = []
        self.done: set[tuple[str, int]] = set()
        self._load()

    # -- persistence -----------------------------------------------------------------------------------------------

    def _load(self) -> None:
        if not self.checkpoint_path.exists():
            return
        data = json.loads(self.checkpoint_path.read_text())
        self.next_block = int(data["nextBlock"])
        self.schedule = [Deadline(int(d), str(w), int(i)) for d, w, i in data["schedule"]]
        heapq.heapify(self.schedule)

    def _save(self) -> None:
        atomic_write_json(
            self.checkpoint_path,
            {
                "nextBlock": self.next_block,
                "schedule": [[d.due, d.watcher, d.item] for d in sorted(self.schedule)],
                "savedAt": int(time.time()),
            },
        )

    # -- a pass ----------------------------------------------------------------------------------------------------

    def recover(self) -> int:
        """Re-broadcast journaled transactions that have no receipt; wait for them. Returns how many."""
        pending = self.journal.unmined()
        for entry in pending:
            receipt_raw = self.chain.rpc("eth_getTransactionReceipt", [entry["hash"]])
            if receipt_raw is None:
                try:
                    self.chain.rpc("eth_sendRawTransaction", [entry["raw"]])
                except ChainError as exc:  # already known, or its nonce already used by the same tx: fine
                    self.log(f"re-broadcast of {entry['hash']} answered: {exc}")
            try:
                receipt = self.chain.wait_for_receipt(entry["hash"], timeout=60)
                self.journal.mined(entry["hash"], int(receipt["status"]))
            except ChainError:
                # Its nonce was taken by another transaction: it can never be mined.
                self.journal.mined(entry["hash"], -1)
        if pending:
            self.sender.resync_nonce()
        self.journal.compact()
        return len(pending)

    def follow(self, to_block: int) -> tuple[int, int]:
        """Read events up to `to_block` into the schedule. Returns (events, deadlines added)."""
        names = sorted({w.contract for w in self.watchers.values()})
        events = added = 0
        if self.next_block > to_block:
            return 0, 0
        for ev in self.suite.logs(names, from_block=self.next_block, to_block=to_block):
            events += 1
            for w in self.watchers.values():
                if w.contract != ev.contract:
                    continue
                new, finished = w.on_event(ev)
                for item, due in new:
                    heapq.heappush(self.schedule, Deadline(due, w.name, item))
                    added += 1
                for item in finished:
                    self.done.add((w.name, item))
        self.next_block = to_block + 1
        return events, added

    def _send(self, call: Call, purpose: str) -> str:
        tx_hash, raw = self.sender.sign(call)
        self.journal.signed(tx_hash, raw, purpose)  # journaled before it leaves this process
        self.sender.broadcast(raw)
        receipt = self.chain.wait_for_receipt(tx_hash)
        self.journal.mined(tx_hash, int(receipt["status"]))
        self.sender.check(call, receipt)
        return tx_hash

    def run_pass(self) -> PassReport:
        t0 = time.monotonic()
        head = self.chain.block_number()
        report = PassReport(self.next_block, head)
        report.rebroadcast = self.recover()
        report.events, report.scheduled = self.follow(head)
        now = self.chain.timestamp(head)
        due: dict[str, list[int]] = {}
        while self.schedule and self.schedule[0].due <= now:
            d = heapq.heappop(self.schedule)
            if (d.watcher, d.item) in self.done or d.watcher not in self.watchers:
                continue
            due.setdefault(d.watcher, []).append(d.item)
        for name, items in due.items():
            w = self.watchers[name]
            items = sorted(set(items))
            report.due += len(items)
            pending = w.still_pending(items)
            report.skipped += len(items) - len(pending)
            for start in range(0, len(pending), w.batch_size):
                batch = pending[start : start + w.batch_size]
                try:
                    report.transactions.append(self._send(w.trigger(batch), f"{name}:{batch[0]}..{batch[-1]}"))
                except (ContractRevert, TransactionFailed) as exc:
                    # Put them back: the next pass retries. Batch triggers skip what others already did.
                    self.log(f"{name} trigger failed, will retry: {exc}")
                    for item in batch:
                        heapq.heappush(self.schedule, Deadline(now, name, item))
                    continue
                report.triggered.setdefault(name, []).extend(batch)
                for item in batch:
                    self.done.add((name, item))
        self._save()
        report.next_deadline = self.schedule[0].due if self.schedule else None
        report.seconds = time.monotonic() - t0
        return report

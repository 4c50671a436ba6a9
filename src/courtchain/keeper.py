"""The keeper: the automation smart contracts cannot do alone.

It follows the suite's events from the last block it processed (a checkpoint on disk), keeps a schedule of
deadlines (a heap ordered by due time), and sends the permissionless triggers when they fall due. A pass costs in
proportion to the new events and to what is due, not to everything that exists: events are fetched only for the
new blocks and only with the topics the watchers want, and only the deadlines at the top of the heap are looked at
(one or two cheap views per due item, then batch transactions sized by gas).

Batches are sized by gas, not by count: the first time a watcher sends, eth_estimateGas of a probe batch (its first
PROBE_ITEMS due items) divided by its items gives the gas per item (refreshed by every later estimate), and a batch
holds as many items as fit in a share (GAS_SHARE) of the node's block gas limit, at most the contract's own cap
(`Watcher.batch_size`). A batch whose estimate still exceeds that share is halved.

A poisoned batch does not block the others: every batch is estimated before it is signed, and one whose estimate
reverts is split in two (bisection) until the ids that fail alone are found. Those are quarantined (watcher, id,
the decoded revert, attempts, next retry, in the checkpoint; `courtchain keeper quarantine` prints them) and tried
again alone, with back-off (QUARANTINE_BACKOFF, doubling up to QUARANTINE_MAX_BACKOFF, in chain time); the healthy
ids beside them are triggered in the same pass. A quarantined id leaves the quarantine when it is triggered or
finished by anyone. (The ObligationRegistry itself isolates a refused consequence per id since issue 16: the default
is recorded, `ConsequencePending` follows, and the `consequences` watcher's `retryConsequence` goes through the same
quarantine and back-off while the docket or office still refuses; a refused retry costs an estimate, no gas.)

Restart-safe and idempotent:
- every signed transaction is journaled (raw bytes, fsynced) *before* it is broadcast; on restart, a journaled
  transaction without a receipt is re-broadcast as is (same nonce, same hash), never re-signed;
- the checkpoint (next block, schedule) is an SQLite database updated in one transaction after a pass, with only
  what changed (deadlines added and removed), so a crash replays at most one pass of events, and a pass's disk work
  grows with what changed, not with how many deadlines exist; a deadline replayed for an item that is already done
  is dropped by the watcher's on-chain check;
- batch triggers skip items that are no longer due on chain, so one sent by another account is not an error;
- a pass that fails on node trouble (no node answers, a stalled chain; `ChainError`) does not end `run`: the keeper
  takes its state back from the checkpoint, as a restart would (the deadlines the failed pass had taken off the
  schedule are in it again), and tries again after the interval. With a `FailoverProvider` (several nodes), a node
  going down costs a fail-over inside the pass; with one node, the keeper waits for it to come back.

What is watched is pluggable: a `Watcher` maps events to deadlines, checks due items against the chain, and turns
the ones still waiting into one batch call. A report-only watcher (deemed service, list expiry: time-derived
states that are views) only reports the deadlines that passed; it never sends anything.

Test hook: COURTCHAIN_KEEPER_CRASH_AT=<point> makes the process kill itself (SIGKILL) at that point of the first
send (`signed`, `journaled`, `broadcast`, `mined`) or after following events (`followed`), to prove the guarantees.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import json
import os
import signal
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, cast

from eth_utils import event_abi_to_log_topic

from . import paths
from .errors import ChainError, ContractRevert, InputError, TransactionFailed
from .signers import SigningAccount
from .suite import Event, Suite
from .txn import Call, Sender

CHECKPOINT_VERSION = 4
CRASH_POINTS = ("followed", "signed", "journaled", "broadcast", "mined")
GAS_SHARE = 0.5  # of the block gas limit, at most, for one trigger transaction (room for everyone else's)
PROBE_ITEMS = 8  # items of the probe batch whose estimate gives a watcher's gas per item
QUARANTINE_BACKOFF = 600  # seconds of chain time before a quarantined id is tried again (doubling per failure)
QUARANTINE_MAX_BACKOFF = 24 * 3600


def _crash_point(point: str) -> None:
    """Test hook: die like a power cut (no cleanup, no atexit) at `point` if asked to."""
    if os.environ.get("COURTCHAIN_KEEPER_CRASH_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True, order=True)
class Deadline:
    due: int
    watcher: str
    item: int


@dataclass
class QuarantineEntry:
    """An id whose trigger fails on its own: its decoded revert, how often it failed, and when it is tried again."""

    watcher: str
    item: int
    error: str  # the custom error's name ("" when the revert could not be decoded)
    reason: str  # the decoded revert in words
    first_failed: int  # chain time
    last_failed: int
    attempts: int
    retry_at: int

    def to_json(self) -> dict[str, Any]:
        return {
            "watcher": self.watcher,
            "item": self.item,
            "error": self.error,
            "reason": self.reason,
            "firstFailed": self.first_failed,
            "lastFailed": self.last_failed,
            "attempts": self.attempts,
            "retryAt": self.retry_at,
        }


def backoff(attempts: int) -> int:
    """Seconds before a quarantined id that failed `attempts` times is tried again."""
    return int(min(QUARANTINE_BACKOFF * 2 ** max(attempts - 1, 0), QUARANTINE_MAX_BACKOFF))


@dataclass(frozen=True)
class CheckResult:
    """What the chain says about due items: `ready` wait for the trigger now (or, for a report-only watcher, have
    passed their deadline); `later` moved to a new deadline (item, due). Items in neither are finished."""

    ready: list[int]
    later: list[tuple[int, int]] = field(default_factory=list)


class Watcher(Protocol):
    """One kind of deadline: which contract's events create or cancel it, and how due items are triggered."""

    name: str
    contract: str
    events: tuple[str, ...]
    batch_size: int  # most items the contract takes in one call (batches are sized by gas below it)
    report_only: bool
    description: str
    benign_errors: tuple[str, ...]  # reverts that mean "already done by someone else" (not a failure)

    def on_event(self, event: Event) -> tuple[list[tuple[int, int]], list[int]]:
        """(deadlines to add as (item, due), items no longer pending) for one decoded event of `contract`.
        A due of 0 means "look at it on the next pass" (the check then finds its real deadline)."""
        ...

    def check(self, items: Sequence[int], now: int) -> CheckResult:
        """Which of these due items the chain still says are waiting (cheap views, one or two per item)."""
        ...

    def trigger(self, items: Sequence[int]) -> Call:
        """One batch call that triggers these items (and skips, without reverting, any no longer due)."""
        ...


@dataclass
class PassReport:
    from_block: int
    to_block: int
    now: int = 0
    events: int = 0
    scheduled: int = 0
    due: int = 0
    triggered: dict[str, list[int]] = field(default_factory=dict)
    passed: dict[str, list[int]] = field(default_factory=dict)
    batches: dict[str, list[int]] = field(default_factory=dict)  # items per trigger transaction sent, per watcher
    quarantined: dict[str, dict[int, str]] = field(default_factory=dict)  # ids that failed alone: decoded revert
    released: dict[str, list[int]] = field(default_factory=dict)  # quarantined ids triggered now
    rescheduled: int = 0
    skipped: int = 0
    rebroadcast: int = 0
    transactions: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    gas_used: int = 0
    next_deadline: int | None = None
    pending: int = 0
    seconds: float = 0.0
    waiting: float = 0.0  # of `seconds`, spent waiting for the chain to mine the triggers

    @property
    def working(self) -> float:
        """The keeper's own time in the pass (reading, checking, signing), without waiting for blocks."""
        return self.seconds - self.waiting

    @property
    def sent(self) -> int:
        return len(self.transactions)


class Journal:
    """Append-only JSON lines: `signed` (with the raw transaction) before broadcast, `mined` after the receipt."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def _append(self, entry: dict[str, Any]) -> None:
        line = (json.dumps(entry) + "\n").encode()
        with open(self.path, "a+b") as f:
            if f.tell() > 0:  # a line torn by a crash must not swallow this one
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    line = b"\n" + line
            f.write(line)
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


def _lock(path: Path) -> IO[str]:
    """One keeper per state directory and chain: two would share a journal and race for one account's nonces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    f = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the keeper's lifetime
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise InputError(f"another keeper is running with {path.parent} (lock {path.name})") from None
    return f


class Keeper:
    def __init__(
        self,
        suite: Suite,
        account: SigningAccount,
        watchers: Sequence[Watcher],
        state_dir: Path | None = None,
        *,
        start_block: int = 0,
        confirmations: int = 0,
        log: Callable[[str], None] = lambda s: None,
    ) -> None:
        self.suite = suite
        self.chain = suite.chain
        self.account = account
        self.watchers = {w.name: w for w in watchers}
        self.log = log
        self.confirmations = confirmations  # follow only blocks this deep (0 on a chain with instant finality)
        directory = state_dir or paths.STATE
        chain_id = self.chain.chain_id
        self.checkpoint_path = directory / f"keeper-{chain_id}.sqlite"
        self.journal = Journal(directory / f"keeper-{chain_id}.journal")
        self._lock = _lock(directory / f"keeper-{chain_id}.lock")
        self.sender: Sender = suite.sender(account)
        self.start_block = start_block
        self.next_block = start_block
        # In memory: a heap (with stale entries skipped lazily) and the set of live deadlines. On disk: the same set,
        # changed incrementally (`_added`/`_removed` since the last save).
        self.schedule: list[Deadline] = []
        self._scheduled: set[Deadline] = set()
        self._by_item: dict[tuple[str, int], set[Deadline]] = {}
        self._added: set[Deadline] = set()
        self._removed: set[Deadline] = set()
        self.done: set[tuple[str, int]] = set()
        self.quarantine: dict[tuple[str, int], QuarantineEntry] = {}
        self._quarantine_changed: set[tuple[str, int]] = set()
        self.item_gas: dict[str, int] = {}  # gas per item of each watcher's trigger, from the last estimate
        self.passes = 0
        self._dirty = False
        self._topics = self._wanted_topics()
        self._load()

    def _wanted_topics(self) -> dict[str, list[str]]:
        """topic0 of every event a watcher wants, per contract (so a pass fetches nothing else)."""
        out: dict[str, list[str]] = {}
        for w in self.watchers.values():
            abi = self.suite.artifacts[w.contract].abi
            by_name = {e["name"]: e for e in abi if e.get("type") == "event"}
            for name in w.events:
                topic = "0x" + bytes(event_abi_to_log_topic(cast(Any, by_name[name]))).hex()
                if topic not in out.setdefault(w.contract, []):
                    out[w.contract].append(topic)
        return out

    # -- persistence -----------------------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many deadlines are scheduled."""
        return len(self._scheduled)

    def _db(self) -> sqlite3.Connection:
        self.checkpoint_path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.checkpoint_path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS schedule (due INTEGER NOT NULL, watcher TEXT NOT NULL, item INTEGER NOT NULL,"
            " PRIMARY KEY (watcher, item, due))"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS quarantine (watcher TEXT NOT NULL, item INTEGER NOT NULL, error TEXT NOT NULL,"
            " reason TEXT NOT NULL, first_failed INTEGER NOT NULL, last_failed INTEGER NOT NULL,"
            " attempts INTEGER NOT NULL, retry_at INTEGER NOT NULL, PRIMARY KEY (watcher, item))"
        )
        return db

    def _reload(self) -> None:
        """Forget what is in memory and take the state back from the checkpoint (after a failed pass)."""
        self.next_block = self.start_block
        self.schedule = []
        self._scheduled = set()
        self._by_item = {}
        self._added = set()
        self._removed = set()
        self.done = set()
        self.quarantine = {}
        self._quarantine_changed = set()
        self._dirty = False
        self._load()
        self.sender.resync_nonce()

    def _load(self) -> None:
        if not self.checkpoint_path.exists():
            return
        with contextlib.closing(self._db()) as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if int(meta.get("version", CHECKPOINT_VERSION)) > CHECKPOINT_VERSION:
                raise ChainError(f"{self.checkpoint_path} was written by a newer keeper")
            self.next_block = int(meta.get("nextBlock", self.next_block))
            rows = db.execute("SELECT due, watcher, item FROM schedule").fetchall()
            self.quarantine = {(q.watcher, q.item): q for q in _quarantine_rows(db)}
        self.schedule = [Deadline(int(d), str(w), int(i)) for d, w, i in rows]
        heapq.heapify(self.schedule)
        self._scheduled = set(self.schedule)
        for d in self.schedule:
            self._by_item.setdefault((d.watcher, d.item), set()).add(d)

    def _save(self) -> None:
        """Write what changed since the last save in one transaction (atomic: all of it or none)."""
        for key in self.done:  # finished items: their deadlines go (found by item, not by scanning)
            for d in self._by_item.pop(key, set()):
                self._forget(d)
            if self.quarantine.pop(key, None) is not None:
                self._quarantine_changed.add(key)
        self.done.clear()
        with contextlib.closing(self._db()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "DELETE FROM schedule WHERE watcher = ? AND item = ? AND due = ?",
                    [(d.watcher, d.item, d.due) for d in self._removed],
                )
                db.executemany(
                    "INSERT OR IGNORE INTO schedule (due, watcher, item) VALUES (?, ?, ?)",
                    [(d.due, d.watcher, d.item) for d in self._added],
                )
                for key in self._quarantine_changed:
                    q = self.quarantine.get(key)
                    if q is None:
                        db.execute("DELETE FROM quarantine WHERE watcher = ? AND item = ?", key)
                    else:
                        db.execute(
                            "INSERT OR REPLACE INTO quarantine (watcher, item, error, reason, first_failed,"
                            " last_failed, attempts, retry_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                q.watcher,
                                q.item,
                                q.error,
                                q.reason,
                                q.first_failed,
                                q.last_failed,
                                q.attempts,
                                q.retry_at,
                            ),
                        )
                db.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    [("version", CHECKPOINT_VERSION), ("nextBlock", self.next_block), ("savedAt", int(time.time()))],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._added.clear()
        self._removed.clear()
        self._quarantine_changed.clear()
        self._dirty = False

    def _forget(self, d: Deadline) -> None:
        """Drop a live deadline (the heap keeps a stale copy that `_pop` skips)."""
        if d not in self._scheduled:
            return
        self._scheduled.discard(d)
        if d in self._added:
            self._added.discard(d)
        else:
            self._removed.add(d)
        self._dirty = True

    def _push(self, d: Deadline) -> bool:
        if d in self._scheduled:  # events replayed after a crash re-add what the checkpoint already holds
            return False
        heapq.heappush(self.schedule, d)
        self._scheduled.add(d)
        self._by_item.setdefault((d.watcher, d.item), set()).add(d)
        if d in self._removed:
            self._removed.discard(d)
        else:
            self._added.add(d)
        self._dirty = True
        return True

    def _top(self) -> Deadline | None:
        """The soonest live deadline (stale heap entries are dropped on the way)."""
        while self.schedule and self.schedule[0] not in self._scheduled:
            heapq.heappop(self.schedule)
        return self.schedule[0] if self.schedule else None

    def _pop(self) -> Deadline:
        top = self._top()
        assert top is not None
        heapq.heappop(self.schedule)
        entries = self._by_item.get((top.watcher, top.item))
        if entries is not None:
            entries.discard(top)
            if not entries:
                del self._by_item[(top.watcher, top.item)]
        self._forget(top)
        return top

    # -- a pass ----------------------------------------------------------------------------------------------------

    def recover(self) -> int:
        """Re-broadcast journaled transactions that have no receipt; wait for them. Returns how many."""
        pending = self.journal.unmined()
        for entry in pending:
            receipt_raw = self.chain.rpc("eth_getTransactionReceipt", [entry["hash"]])
            if receipt_raw is None:
                try:
                    self.chain.rpc("eth_sendRawTransaction", [entry["raw"]])
                    self.log(f"re-broadcast journaled {entry['purpose']} {entry['hash']}")
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
        """Read the watched events up to `to_block` into the schedule. Returns (events, deadlines added)."""
        events = added = 0
        if self.next_block > to_block:
            return 0, 0
        for contract, topics in self._topics.items():
            for ev in self.suite.logs([contract], from_block=self.next_block, to_block=to_block, topics=[topics]):
                events += 1
                for w in self.watchers.values():
                    if w.contract != ev.contract or ev.name not in w.events:
                        continue
                    new, finished = w.on_event(ev)
                    for item, due in new:
                        self.done.discard((w.name, item))
                        added += self._push(Deadline(due, w.name, item))
                    for item in finished:
                        self.done.add((w.name, item))
        self.next_block = to_block + 1
        if events:  # blocks without a watched event need no checkpoint: re-reading them after a crash is cheap
            self._dirty = True
        return events, added

    def _send(self, call: Call, purpose: str, report: PassReport) -> tuple[str, int]:
        tx_hash, raw = self.sender.sign(call)
        _crash_point("signed")
        self.journal.signed(tx_hash, raw, purpose)  # journaled before it leaves this process
        _crash_point("journaled")
        self.sender.broadcast(raw)
        _crash_point("broadcast")
        t0 = time.monotonic()
        receipt = self.chain.wait_for_receipt(tx_hash)
        report.waiting += time.monotonic() - t0
        self.journal.mined(tx_hash, int(receipt["status"]))
        _crash_point("mined")
        self.sender.check(call, receipt)
        return tx_hash, int(receipt["gasUsed"])

    def gas_cap(self) -> int:
        """Most gas one trigger transaction may ask for: GAS_SHARE of the node's block gas limit."""
        block = self.chain.rpc("eth_getBlockByNumber", ["latest", False])
        return int(int(block.get("gasLimit") or "0x0", 16) * GAS_SHARE) or 15_000_000

    def _batch_size(self, w: Watcher, cap: int, items: list[int]) -> int:
        """Items per batch for `w`: as many as fit `cap` at the gas per item of the last estimate; the first time, a
        probe of PROBE_ITEMS of `items` is estimated for it (if that reverts, PROBE_ITEMS go, and bisection finds
        out why)."""
        if w.batch_size <= 1:
            return 1
        per_item = self.item_gas.get(w.name)
        if per_item is None:
            probe = items[:PROBE_ITEMS]
            try:
                per_item = self.item_gas[w.name] = -(-self.sender.estimate(w.trigger(probe)) // len(probe))
            except (ContractRevert, TransactionFailed, ChainError):
                return min(PROBE_ITEMS, w.batch_size)
        return max(1, min(w.batch_size, (cap - 10_000) // int(per_item * self.sender.gas_margin)))

    def _quarantine(self, w: Watcher, item: int, exc: Exception, now: int, report: PassReport) -> None:
        key = (w.name, item)
        error = exc.error if isinstance(exc, ContractRevert) else ""
        old = self.quarantine.get(key)
        attempts = old.attempts + 1 if old else 1
        entry = QuarantineEntry(
            w.name, item, error, str(exc), old.first_failed if old else now, now, attempts, now + backoff(attempts)
        )
        self.quarantine[key] = entry
        self._quarantine_changed.add(key)
        self._dirty = True
        self._push(Deadline(entry.retry_at, w.name, item))
        report.quarantined.setdefault(w.name, {})[item] = entry.reason
        self.log(f"{w.name} {item} quarantined (attempt {attempts}, retry at {entry.retry_at}): {exc}")

    def _requeue(self, w: Watcher, batch: list[int], now: int, exc: Exception, report: PassReport) -> None:
        """Node trouble or a race: the whole batch is tried again next pass (triggers skip what others did)."""
        report.failures.append(f"{w.name} {batch[0]}..{batch[-1]}: {exc}")
        self.log(f"{w.name} trigger failed, will retry: {exc}")
        for item in batch:
            self._push(Deadline(now, w.name, item))

    def _trigger(self, w: Watcher, ready: list[int], now: int, report: PassReport) -> None:
        """Send `ready` in gas-sized batches; split a batch whose estimate reverts until the failing ids are alone,
        quarantine those, trigger the rest. Quarantined ids due for a retry are tried alone first."""
        cap = self.gas_cap()
        retries = [i for i in ready if (w.name, i) in self.quarantine]
        rest = [i for i in ready if (w.name, i) not in self.quarantine]
        queue: deque[list[int]] = deque([i] for i in retries)
        while queue or rest:
            if queue:
                batch = queue.popleft()
            else:
                size = self._batch_size(w, cap, rest)
                batch, rest = rest[:size], rest[size:]
            call = w.trigger(batch)
            try:
                estimate = self.sender.estimate(call)
            except (ContractRevert, TransactionFailed) as exc:
                if isinstance(exc, ContractRevert) and exc.error in w.benign_errors and len(batch) == 1:
                    report.skipped += 1  # someone else was first: done, not a failure
                    self.done.add((w.name, batch[0]))
                elif len(batch) == 1:
                    self._quarantine(w, batch[0], exc, now, report)
                else:
                    half = len(batch) // 2
                    queue.extendleft([batch[half:], batch[:half]])
                continue
            except ChainError as exc:  # no revert: the node could not estimate (e.g. above its gas allowance)
                if len(batch) > 1 and "unreachable" not in str(exc):
                    half = len(batch) // 2
                    queue.extendleft([batch[half:], batch[:half]])
                else:
                    self._requeue(w, batch, now, exc, report)
                continue
            self.item_gas[w.name] = -(-estimate // len(batch))
            gas = int(estimate * self.sender.gas_margin) + 10_000
            if gas > cap and len(batch) > 1:  # items heavier than the probe's: halve
                half = len(batch) // 2
                queue.extendleft([batch[half:], batch[:half]])
                continue
            sized = Call(call.to, call.data, call.contract, call.value, gas)
            try:
                tx_hash, used = self._send(sized, f"{w.name}:{batch[0]}..{batch[-1]}", report)
            except ContractRevert as exc:
                if exc.error in w.benign_errors and len(batch) == 1:
                    report.skipped += 1
                    self.done.add((w.name, batch[0]))
                    continue
                self._requeue(w, batch, now, exc, report)  # the state moved since the estimate: next pass sees
                continue
            except (TransactionFailed, ChainError) as exc:
                self._requeue(w, batch, now, exc, report)
                continue
            report.transactions.append(tx_hash)
            report.gas_used += used
            report.batches.setdefault(w.name, []).append(len(batch))
            report.triggered.setdefault(w.name, []).extend(batch)
            for item in batch:
                self.done.add((w.name, item))
                if (w.name, item) in self.quarantine:
                    report.released.setdefault(w.name, []).append(item)

    def run_pass(self) -> PassReport:
        t0 = time.monotonic()
        self.passes += 1
        head = max(self.chain.block_number() - self.confirmations, 0)
        report = PassReport(self.next_block, head)
        report.rebroadcast = self.recover()
        report.events, report.scheduled = self.follow(head)
        _crash_point("followed")
        now = report.now = self.chain.timestamp(head)
        due: dict[str, set[int]] = {}
        while (top := self._top()) is not None and top.due <= now:
            d = self._pop()
            if (d.watcher, d.item) in self.done or d.watcher not in self.watchers:
                continue
            due.setdefault(d.watcher, set()).add(d.item)
        for name, item_set in due.items():
            w = self.watchers[name]
            items = sorted(item_set)
            result = w.check(items, now)
            for item, when in result.later:
                report.rescheduled += self._push(Deadline(when, name, item))
            ready = result.ready
            settled = set(items) - set(ready) - {i for i, _ in result.later}
            for item in settled:  # finished by anyone meanwhile: nothing left to retry
                if self.quarantine.pop((name, item), None) is not None:
                    self._quarantine_changed.add((name, item))
                    self._dirty = True
            if w.report_only:
                if ready:
                    report.passed[name] = ready
                continue
            report.due += len(ready)
            report.skipped += len(items) - len(ready) - len(result.later)
            if ready:
                self._trigger(w, ready, now, report)
        if self._dirty or self.done:
            self._save()
        top = self._top()
        report.next_deadline = top.due if top else None
        report.pending = self.pending
        report.seconds = time.monotonic() - t0
        return report

    def close(self) -> None:
        """Release the state directory (a killed process releases it too: the kernel drops the lock)."""
        if not self._lock.closed:
            self._lock.close()

    def quarantined(self) -> list[QuarantineEntry]:
        """The quarantined ids, by watcher and id."""
        return sorted(self.quarantine.values(), key=lambda q: (q.watcher, q.item))

    def upcoming(self, limit: int = 10) -> list[Deadline]:
        """The next `limit` deadlines, soonest first (finished items left out)."""
        live = [
            d for d in heapq.nsmallest(limit + len(self.done), self._scheduled) if (d.watcher, d.item) not in self.done
        ]
        return live[:limit]

    def run(
        self,
        *,
        interval: float = 5.0,
        max_passes: int | None = None,
        on_pass: Callable[[PassReport], None] = lambda r: None,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Pass after pass, `interval` seconds apart, until `stop()` or `max_passes`. A pass failing on node trouble
        (ChainError) is reported (its `failures`), the state taken back from the checkpoint, and the next pass tried
        after the interval; a single pass (`max_passes=1`) raises it."""
        n = 0
        while not stop():
            try:
                report = self.run_pass()
            except ChainError as exc:
                if max_passes == 1:
                    raise
                self.log(f"pass {self.passes} failed, state taken back from the checkpoint, retried: {exc}")
                self._reload()
                report = PassReport(self.next_block, self.next_block - 1, failures=[f"pass failed: {exc}"])
            on_pass(report)
            n += 1
            if max_passes is not None and n >= max_passes:
                return
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not stop():
                time.sleep(min(0.2, interval))


def _quarantine_rows(db: sqlite3.Connection) -> list[QuarantineEntry]:
    rows = db.execute(
        "SELECT watcher, item, error, reason, first_failed, last_failed, attempts, retry_at FROM quarantine"
        " ORDER BY watcher, item"
    ).fetchall()
    return [
        QuarantineEntry(str(w), int(i), str(e), str(r), int(f), int(la), int(a), int(t))
        for w, i, e, r, f, la, a, t in rows
    ]


def read_quarantine(checkpoint: Path) -> list[QuarantineEntry]:
    """The quarantine stored in a keeper checkpoint (read only; no chain needed)."""
    if not checkpoint.exists():
        return []
    db = sqlite3.connect(f"file:{checkpoint}?mode=ro", uri=True)
    with contextlib.closing(db):
        if not db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'quarantine'").fetchone():
            return []
        return _quarantine_rows(db)

"""The cross-chain relayer of one organisation.

It follows the outbox of each chain it serves for messages to the other, signs each envelope as its organisation's
attestor (EIP-712, under the receiving chain's verifier domain), publishes the signature on the channel, collects
the other attestors' signatures from it, and once the receiving chain's threshold is reached submits the message to
the inbox; a message whose timeout has passed there is marked timed out instead, and the receipt of that timeout is
attested and carried back to the sending chain's outbox (`confirmTimeout`), which lets the sender cancel.

The channel is a shared directory (a network share, or a directory synchronised between the organisations):
`<channel>/<chainId>/<commitment>/<attestor>.sig` holds one attestor's 65-byte signature of a commitment (an
envelope's or a receipt's EIP-712 struct hash) for the verifier of chain `chainId`. Files are written to a temporary
name and renamed, so a reader sees a whole signature or none; a relayer trusts no file: each signature is recovered
and checked against the receiving chain's current attestor set before it is used, and the contract checks again.

Restart-safe like the keeper (same journal):
- every signed transaction is journaled (raw bytes, fsynced) before it is broadcast, and re-broadcast as is after a
  crash, never re-signed;
- the checkpoint (next block per chain, the messages not yet finished) is one JSON file replaced atomically after a
  pass, so a crash replays at most one pass of events: re-signing gives the same deterministic signature, and
  re-reading a message already known changes nothing;
- before submitting, the inbox's receipt and next sequence are read: a message delivered (by this relayer before a
  crash, or by another organisation's) is finished, never submitted twice; a submission that loses a race with
  another relayer is refused by the contract (`CrossChainAlreadyProcessed`) and counted as finished;
- messages are kept until the inbox has a receipt for them, so none is skipped.

Test hook: COURTCHAIN_RELAY_CRASH_AT=<point> kills the process (SIGKILL) at `attested` (signature published, before
the checkpoint) or at `signed`, `journaled`, `broadcast`, `mined` of the first submission.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address

from .clients.crosschain import (
    AttestorsClient,
    CommitmentStatus,
    Envelope,
    InboxClient,
    OutboxClient,
    ReceiptStatus,
    attestation_digest,
    encode_proof,
    receipt_hash,
    sign_attestation,
)
from .errors import ChainError, ContractRevert
from .keeper import Journal
from .suite import Suite
from .txn import Call

CRASH_POINTS = ("attested", "signed", "journaled", "broadcast", "mined")
STATE_VERSION = 1
# errors with which an inbox or outbox refuses a message someone else already finished
FINISHED_ERRORS = ("CrossChainAlreadyProcessed", "CrossChainUnexpectedCommitment")
# errors of a message whose timeout falls between the relayer's look at the clock and the block: tried again next pass
TIMING_ERRORS = ("CrossChainNotTimedOut", "CrossChainMessageTimedOut")


def _crash_point(point: str) -> None:
    if os.environ.get("COURTCHAIN_RELAY_CRASH_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


class Channel:
    """The shared directory of attestor signatures."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _dir(self, chain_id: int, commitment: bytes) -> Path:
        return self.root / str(chain_id) / ("0x" + commitment.hex())

    def publish(self, chain_id: int, commitment: bytes, attestor: str, signature: bytes) -> None:
        d = self._dir(chain_id, commitment)
        d.mkdir(parents=True, exist_ok=True)
        final = d / f"{to_checksum_address(attestor)}.sig"
        if final.exists():
            return
        tmp = d / f".{final.name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(signature)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)

    def collect(self, chain_id: int, commitment: bytes) -> dict[str, bytes]:
        d = self._dir(chain_id, commitment)
        if not d.is_dir():
            return {}
        out: dict[str, bytes] = {}
        for p in sorted(d.glob("0x*.sig")):
            with contextlib.suppress(OSError, ValueError):
                out[to_checksum_address(p.stem)] = p.read_bytes()
        return out


@dataclass
class RelayReport:
    attested: int = 0
    delivered: int = 0
    timed_out: int = 0
    timeouts_confirmed: int = 0
    finished_by_others: int = 0
    waiting: int = 0
    gas_used: int = 0
    transactions: list[str] = field(default_factory=list)


class Relayer:
    """One organisation's relayer between the chains of `suites` (each must have the cross-chain contracts)."""

    def __init__(
        self,
        suites: Sequence[Suite],
        attestor: LocalAccount,
        channel: Path,
        state_dir: Path,
        log: Callable[[str], None] = lambda s: None,
    ) -> None:
        self.suites = {s.chain.chain_id: s for s in suites}
        self.attestor = attestor
        self.channel = Channel(channel)
        self.log = log
        self.state_path = state_dir / f"relay-{attestor.address}.json"
        self.journals = {cid: Journal(state_dir / f"relay-{attestor.address}-{cid}.journal") for cid in self.suites}
        state_dir.mkdir(parents=True, exist_ok=True)
        self.next_block: dict[int, int] = {cid: 0 for cid in self.suites}
        # commitment hex -> {"envelope", "payload"} for messages not yet finished
        self.messages: dict[str, dict[str, Any]] = {}
        # envelope commitment hex -> envelope json, timed out on the receiving chain, not yet confirmed at the source
        self.timeouts: dict[str, dict[str, Any]] = {}
        self._load()

    # -- state -------------------------------------------------------------------------------------------------

    def _load(self) -> None:
        if not self.state_path.exists():
            return
        data = json.loads(self.state_path.read_text(encoding="utf-8"))
        self.next_block.update({int(k): int(v) for k, v in data["next_block"].items() if int(k) in self.suites})
        self.messages = dict(data["messages"])
        self.timeouts = dict(data["timeouts"])

    def _save(self) -> None:
        data = {
            "version": STATE_VERSION,
            "next_block": {str(k): v for k, v in self.next_block.items()},
            "messages": self.messages,
            "timeouts": self.timeouts,
        }
        tmp = self.state_path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.state_path)

    # -- transactions ------------------------------------------------------------------------------------------

    def recover(self) -> int:
        """Re-broadcast journaled transactions without a receipt (same bytes); wait for them."""
        count = 0
        for cid, journal in self.journals.items():
            chain = self.suites[cid].chain
            for entry in journal.unmined():
                count += 1
                if chain.rpc("eth_getTransactionReceipt", [entry["hash"]]) is None:
                    with contextlib.suppress(ChainError):
                        chain.rpc("eth_sendRawTransaction", [entry["raw"]])
                        self.log(f"re-broadcast journaled {entry['purpose']} {entry['hash']}")
                try:
                    receipt = chain.wait_for_receipt(entry["hash"], timeout=60)
                    journal.mined(entry["hash"], int(receipt["status"]))
                except ChainError:
                    journal.mined(entry["hash"], -1)
            self.suites[cid].sender(self.attestor).resync_nonce()
            journal.compact()
        return count

    def _send(self, cid: int, call: Call, purpose: str, report: RelayReport) -> None:
        suite = self.suites[cid]
        sender = suite.sender(self.attestor)
        tx_hash, raw = sender.sign(call)
        _crash_point("signed")
        self.journals[cid].signed(tx_hash, raw, purpose)
        _crash_point("journaled")
        sender.broadcast(raw)
        _crash_point("broadcast")
        receipt = suite.chain.wait_for_receipt(tx_hash)
        self.journals[cid].mined(tx_hash, int(receipt["status"]))
        _crash_point("mined")
        sender.check(call, receipt)
        report.transactions.append(tx_hash)
        report.gas_used += int(receipt["gasUsed"])

    # -- a pass ------------------------------------------------------------------------------------------------

    def follow(self, report: RelayReport) -> None:
        """Read new MessageSent (outboxes) and MessageTimedOut (inboxes) events; attest what concerns a peer."""
        for cid, suite in self.suites.items():
            to_block = suite.chain.block_number()
            start = self.next_block[cid]
            if start > to_block:
                continue
            for ev in suite.logs(["CrossChainOutbox", "CrossChainInbox"], from_block=start, to_block=to_block):
                if ev.name == "MessageSent":
                    env = Envelope.from_value(ev.args["envelope"])
                    if env.dest_chain_id not in self.suites:
                        continue
                    key = "0x" + env.struct_hash().hex()
                    if key not in self.messages:
                        self.messages[key] = {
                            "envelope": env.to_json(),
                            "payload": "0x" + bytes(ev.args["payload"]).hex(),
                        }
                    self._attest(env.dest_chain_id, env.struct_hash(), report)
                elif ev.name == "MessageTimedOut":
                    key = "0x" + bytes(ev.args["envelopeHash"]).hex()
                    src = int(ev.args["sourceChainId"])
                    if src not in self.suites:
                        continue
                    self._attest(src, receipt_hash(bytes.fromhex(key[2:]), ReceiptStatus.TIMED_OUT), report)
                    msg = self.messages.get(key)
                    if msg is not None:
                        self.timeouts.setdefault(key, msg["envelope"])
            self.next_block[cid] = to_block + 1
        _crash_point("attested")
        self._save()

    def _attest(self, verify_chain: int, struct_hash: bytes, report: RelayReport) -> None:
        verifier = self.suites[verify_chain].address("CrossChainAttestors")
        sig = sign_attestation(self.attestor.key, verify_chain, verifier, struct_hash)
        self.channel.publish(verify_chain, struct_hash, self.attestor.address, sig)
        report.attested += 1

    def _proof(self, verify_chain: int, peer_chain: int, struct_hash: bytes) -> bytes | None:
        """A proof with the threshold's worth of valid current attestors' signatures, or None if too few yet."""
        suite = self.suites[verify_chain]
        attestors = AttestorsClient(suite)
        _, threshold = attestors.attestor_set(peer_chain)
        digest = attestation_digest(verify_chain, attestors.address, struct_hash)
        good: dict[str, bytes] = {}
        for address, sig in self.channel.collect(verify_chain, struct_hash).items():
            try:
                signer = Account._recover_hash(digest, signature=sig)
            except Exception:
                continue
            if signer == address and attestors.is_attestor(peer_chain, address):
                good[address] = sig
        if threshold == 0 or len(good) < threshold:
            return None
        chosen = dict(sorted(good.items(), key=lambda x: int(x[0], 16))[:threshold])
        return encode_proof(chosen)

    def deliver(self, report: RelayReport) -> None:
        """Submit every message that is next in its source's order and has enough signatures (or time it out)."""
        by_source: dict[tuple[int, str, int], list[tuple[int, str]]] = {}
        for key, msg in self.messages.items():
            env = Envelope.from_json(msg["envelope"])
            by_source.setdefault((env.source_chain_id, env.source_contract, env.dest_chain_id), []).append(
                (env.sequence, key)
            )
        for (src, source_contract, dst), items in by_source.items():
            inbox = InboxClient(self.suites[dst], self.attestor)
            for _, key in sorted(items):
                env = Envelope.from_json(self.messages[key]["envelope"])
                h = bytes.fromhex(key[2:])
                status = inbox.receipt(h)
                if status != ReceiptStatus.NONE:
                    self._finish(key, status)
                    continue
                if env.sequence != inbox.next_sequence(src, source_contract):
                    report.waiting += 1
                    break  # an earlier message of this source is not in yet
                proof = self._proof(dst, src, h)
                if proof is None:
                    report.waiting += 1
                    break
                dchain = self.suites[dst].chain
                timed_out = (env.timeout_height and dchain.block_number() + 1 >= env.timeout_height) or (
                    env.timeout_timestamp and dchain.timestamp() + 1 >= env.timeout_timestamp
                )
                fn = "timeOut" if timed_out else "deliver"
                args: list[Any] = (
                    [env.as_tuple(), proof]
                    if timed_out
                    else [env.as_tuple(), bytes.fromhex(self.messages[key]["payload"][2:]), proof]
                )
                try:
                    self._send(dst, inbox.prepare(fn, *args), f"{fn} {key}", report)
                except ContractRevert as exc:
                    if exc.error in FINISHED_ERRORS:
                        report.finished_by_others += 1
                        self._finish(key, inbox.receipt(h))
                        continue
                    if exc.error in TIMING_ERRORS:  # the timeout falls between our look at the clock and the block
                        report.waiting += 1
                        break
                    raise
                if timed_out:
                    report.timed_out += 1
                else:
                    report.delivered += 1
                self._finish(key, ReceiptStatus.TIMED_OUT if timed_out else ReceiptStatus.DELIVERED)
        self._save()

    def _finish(self, key: str, status: ReceiptStatus) -> None:
        msg = self.messages.pop(key, None)
        if status == ReceiptStatus.TIMED_OUT and msg is not None:
            self.timeouts.setdefault(key, msg["envelope"])

    def confirm_timeouts(self, report: RelayReport) -> None:
        """Carry each timeout receipt back to the sending chain's outbox."""
        for key, env_json in list(self.timeouts.items()):
            env = Envelope.from_json(env_json)
            src, dst = env.source_chain_id, env.dest_chain_id
            outbox = OutboxClient(self.suites[src], self.attestor)
            h = bytes.fromhex(key[2:])
            if outbox.commitment(h) != CommitmentStatus.SENT:
                del self.timeouts[key]
                continue
            rh = receipt_hash(h, ReceiptStatus.TIMED_OUT)
            self._attest(src, rh, report)
            proof = self._proof(src, dst, rh)
            if proof is None:
                report.waiting += 1
                continue
            try:
                self._send(
                    src, outbox.prepare("confirmTimeout", env.as_tuple(), proof), f"confirmTimeout {key}", report
                )
                report.timeouts_confirmed += 1
            except ContractRevert as exc:
                if exc.error not in FINISHED_ERRORS:
                    raise
                report.finished_by_others += 1
            del self.timeouts[key]
        self._save()

    def run_pass(self) -> RelayReport:
        report = RelayReport()
        self.follow(report)
        self.deliver(report)
        self.confirm_timeouts(report)
        return report

    def run(self, interval: float = 2.0, passes: int | None = None) -> None:
        self.recover()
        done = 0
        while passes is None or done < passes:
            r = self.run_pass()
            if r.delivered or r.timed_out or r.timeouts_confirmed:
                self.log(
                    f"delivered {r.delivered}, timed out {r.timed_out}, timeouts confirmed {r.timeouts_confirmed}, "
                    f"waiting {r.waiting}"
                )
            done += 1
            if passes is None or done < passes:
                time.sleep(interval)

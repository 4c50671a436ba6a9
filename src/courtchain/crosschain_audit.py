"""The path of a case across chains, rebuilt from events alone: the docket's lock on the court's chain, the message
out, its delivery (or timeout) on the other chain, the receiving organ's acceptance or return, the reply's delivery
back, and the docket's settlement. Each step names its chain, block and transaction, so an auditor can check each
against its own node."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .clients.crosschain import CONTRACTS, SUITE_KEYS, OutgoingStatus
from .errors import UsageError
from .suite import Event, Suite
from .units import format_time

_ZERO = "0x" + "00" * 20


@dataclass(frozen=True)
class Step:
    chain_id: int
    block: int
    tx_hash: str
    event: str
    what: str
    args: dict[str, Any]
    contract: str = ""

    def to_json(self, time: int) -> dict[str, Any]:
        """The step as `audit case --json` gives it (time: the block's timestamp on the step's own chain)."""
        return {
            "chain_id": self.chain_id,
            "block": self.block,
            "time": format_time(time),
            "tx_hash": self.tx_hash,
            "contract": self.contract,
            "event": self.event,
            "what": self.what,
        }

    def line(self, time: int) -> str:
        """One line naming the step's chain: `链 / chain 31338  区块 / block 12  2026-… 送达 delivered …`."""
        return f"链 / chain {self.chain_id}  区块 / block {self.block}  {format_time(time)}  {self.what} ({self.event})"


def _events(suite: Suite) -> list[Event]:
    names = [n for n in (*CONTRACTS, "CaseDocket") if n in suite.addresses]
    return list(suite.logs(names))


def _step(suite: Suite, ev: Event, what: str) -> Step:
    return Step(suite.chain.chain_id, ev.block, ev.tx_hash, ev.name, what, ev.args, ev.contract)


def with_crosschain(suite: Suite) -> Suite:
    """`suite` and the cross-chain contracts its hub records (`suiteContract(key)`; they are deployed beside the
    suite, not in its deployment record). The same suite when the hub records none of them."""
    if "CourtConsortium" not in suite.addresses or all(n in suite.addresses for n in CONTRACTS):
        return suite
    hub = suite.contract("CourtConsortium")
    found = {}
    for name, key in SUITE_KEYS.items():
        if name in suite.addresses or name not in suite.artifacts:
            continue
        address = str(hub.functions.suiteContract(key).call())
        if address != _ZERO:
            found[name] = address
    if not found:
        return suite
    return Suite(suite.chain, suite.artifacts, {**suite.addresses, **found}, senders=suite._senders)


def open_peers(specs: Sequence[str], local: Suite) -> list[Suite]:
    """The peer chains `audit case --peer` names: each SPEC a relay file (its chains other than the local one), one
    chain of a relay file as its own JSON file (`{"rpc": …, "addresses": {…}}`), or a node's URL whose deployment
    record is found as for `--rpc`. The cross-chain contracts each hub records are added (`with_crosschain`)."""
    from . import deploy
    from .chain import Chain

    entries: list[dict[str, Any]] = []
    suites: list[Suite] = []
    for spec in specs:
        if spec.startswith(("http://", "https://", "ws://", "wss://")):
            suites.append(deploy.open_suite(Chain(spec)))
            continue
        try:
            data = json.loads(Path(spec).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(
                f"--peer {spec}: no such file (give a relay file, a chain's JSON or a node's URL)"
            ) from None
        except ValueError as exc:
            raise UsageError(f"--peer {spec}: not valid JSON ({exc})") from None
        chains = data.get("chains") if isinstance(data, dict) else None
        for i, c in enumerate(chains if isinstance(chains, list) else [data]):
            if not isinstance(c, dict) or not isinstance(c.get("rpc"), str) or not isinstance(c.get("addresses"), dict):
                raise UsageError(f"--peer {spec}: chain {i} needs 'rpc' and 'addresses' (as in a relay file)")
            entries.append(c)
    for c in entries:  # the peer runs the same build as this chain (the relay file's assumption too)
        suites.append(Suite(Chain(c["rpc"]), local.artifacts, {str(k): str(v) for k, v in c["addresses"].items()}))
    out: dict[int, Suite] = {}
    for s in suites:
        if s.chain.chain_id != local.chain.chain_id:
            out.setdefault(s.chain.chain_id, with_crosschain(s))
    return list(out.values())


def case_path(suites: Sequence[Suite], chain_id: int, case_id: int) -> list[Step]:
    """Every step of case `case_id` of chain `chain_id` across the given chains, in the order they happened."""
    by_id = {s.chain.chain_id: s for s in suites}
    origin = by_id[chain_id]
    logs = {cid: _events(s) for cid, s in by_id.items()}
    steps: list[Step] = []
    for ev in logs[chain_id]:
        a = ev.args
        if ev.contract == "CaseDocket" and a.get("caseId") == case_id:
            if ev.name == "CaseTransferInitiated" and a["toMember"] == 0:
                steps.append(_step(origin, ev, f"案件锁定移送中 case locked in transfer (by {a['by']})"))
            elif ev.name == "CaseTransferAccepted" and a["toMember"] == 0:
                steps.append(_step(origin, ev, "已移出 transferred out: no holder on this chain any more"))
            elif ev.name == "CaseTransferCancelled":
                steps.append(_step(origin, ev, "移送撤销 transfer cancelled: the court holds the case again"))
        elif ev.name == "CaseSentOut" and a["caseId"] == case_id:
            dest = int(a["destChainId"])
            steps.append(
                _step(
                    origin,
                    ev,
                    f"发出 sent to chain {dest}, organ {a['toMember']}, sequence {a['sequence']}, "
                    f"message 0x{bytes(a['envelopeHash']).hex()[:16]}…",
                )
            )
            steps += _remote(by_id, logs, origin, dest, bytes(a["envelopeHash"]), case_id)
        elif ev.name == "CaseOutSettled" and a["caseId"] == case_id:
            steps.append(_step(origin, ev, f"结果 settled: {OutgoingStatus(a['status']).name.lower()}"))
    return steps


def _remote(
    by_id: dict[int, Suite], logs: dict[int, list[Event]], origin: Suite, dest: int, envelope_hash: bytes, case_id: int
) -> list[Step]:
    out: list[Step] = []
    if dest not in by_id:
        return out
    remote = by_id[dest]
    oid = origin.chain.chain_id
    incoming: int | None = None
    delivered_tx: str | None = None
    reply_sequences: set[int] = set()
    for ev in logs[dest]:
        a = ev.args
        if ev.name == "MessageDelivered" and bytes(a["envelopeHash"]) == envelope_hash:
            delivered_tx = ev.tx_hash
            out.append(_step(remote, ev, f"送达 delivered by relayer {a['relayer']}"))
        elif ev.name == "MessageTimedOut" and bytes(a["envelopeHash"]) == envelope_hash:
            out.append(_step(remote, ev, "超时 timed out on the receiving chain"))
        elif ev.name == "CaseReceived" and ev.tx_hash == delivered_tx and a["sourceCaseId"] == case_id:
            incoming = int(a["incomingId"])
            out.append(_step(remote, ev, f"收案 received as incoming {incoming} ({a['caseNumber']})"))
        elif ev.name in ("CaseAccepted", "CaseReturned") and incoming is not None and a["incomingId"] == incoming:
            reply_sequences.add(int(a["replySequence"]))
            verb = "接收 accepted" if ev.name == "CaseAccepted" else "退回 returned"
            out.append(_step(remote, ev, f"{verb} by {a['by']} (reply sequence {a['replySequence']})"))
        elif ev.name == "CaseReplyResent" and incoming is not None and a["incomingId"] == incoming:
            reply_sequences.add(int(a["sequence"]))
            out.append(_step(remote, ev, f"答复重发 reply sent again (sequence {a['sequence']})"))
    replies = {
        bytes(ev.args["envelopeHash"])
        for ev in logs[dest]
        if ev.name == "MessageSent"
        and int(ev.args["destChainId"]) == oid
        and int(ev.args["sequence"]) in reply_sequences
        and ev.args["sourceContract"] == remote.addresses.get("CrossChainCases")
    }
    for ev in logs[oid]:
        if ev.name == "MessageDelivered" and bytes(ev.args["envelopeHash"]) in replies:
            out.append(_step(origin, ev, f"答复送达 reply delivered back by relayer {ev.args['relayer']}"))
    return out

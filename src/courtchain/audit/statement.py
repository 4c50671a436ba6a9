"""The audit statement: what was read (chain, blocks, contracts by code hash), when, by which tool, what was checked
and the result. `courtchain audit check` prints it; `courtchain audit report` puts it at the head of a report.

A statement is the facts of the reading plus a list of `CheckResult`s; a further check (e.g. the event index
compared with the chain) is one more `CheckResult` appended with `Statement.add`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eth_utils import keccak

from .. import __version__
from ..suite import Event, Suite
from ..units import format_time, format_time_human
from . import CHECKS, CheckReport, Finding
from .words import CONTRACT_WORDS, bilingual, contract_word

CHECK_WORDS: dict[str, tuple[str, str, str]] = {
    # check -> (Chinese title, english title, what it verifies)
    "transition": (
        "状态转换合法",
        "legal transitions",
        "每条记录只经合法的状态转换（取自合约接口）/ every record moved only along the interfaces' legal edges",
    ),
    "state": (
        "存储状态一致",
        "stored state",
        "由事件推出的状态等于合约存储的状态 / the status derived from events equals the one each contract stores",
    ),
    "approval": (
        "双人审批",
        "two-person approval",
        "每项敏感操作由提请人以外、当时具有法官角色的人批准 / every sensitive act approved by a second person who "
        "was a judge at that block",
    ),
    "money": (
        "资金守恒",
        "money conserved",
        "每个执行案件：扣划 = 分配 + 留存，领取 ≤ 分配 ≤ 债权；托管余额与事件相符 / per enforcement case seized = "
        "distributed + held, withdrawn ≤ credited ≤ claim; escrow balances match the events",
    ),
    "audit-head": (
        "审计链头一致",
        "audit heads",
        "由事件重算的每个执行案件审计链头等于链上记录 / each enforcement case's audit head recomputed from events "
        "equals the one on chain",
    ),
}


@dataclass(frozen=True)
class ContractRead:
    """A contract whose events or state were read, identified by the keccak-256 of its runtime code."""

    name: str
    address: str
    code_hash: str
    code_size: int


@dataclass
class CheckResult:
    name: str
    title: str
    description: str
    checked: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass
class Statement:
    chain_id: int
    events_source: str  # "chain" or "export <file>"
    from_block: int
    to_block: int
    state_block: int  # the block the contracts' state and code were read at
    state_block_time: int
    made_at: int  # wall-clock time the statement was made (Unix seconds)
    tool: str
    contracts: list[ContractRead]
    events: int
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    def add(self, result: CheckResult) -> None:
        """One more check (its findings count in `ok`)."""
        self.checks.append(result)

    def result_words(self) -> str:
        if self.ok:
            return "通过，未发现问题 / passed, no finding"
        return f"未通过：{len(self.findings)} 项问题 / FAILED: {len(self.findings)} finding(s)"

    def to_json(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id,
            "events_source": self.events_source,
            "from_block": self.from_block,
            "to_block": self.to_block,
            "state_block": self.state_block,
            "state_block_time": format_time(self.state_block_time),
            "made_at": format_time(self.made_at),
            "tool": self.tool,
            "events": self.events,
            "contracts": [vars(c) for c in self.contracts],
            "checks": [
                {
                    "name": c.name,
                    "title": c.title,
                    "description": c.description,
                    "checked": c.checked,
                    "ok": c.ok,
                    "findings": len(c.findings),
                }
                for c in self.checks
            ],
            "ok": self.ok,
            "result": self.result_words(),
        }

    def lines(self) -> list[str]:
        """The statement as text, one fact a line (Chinese first)."""
        out = [
            "审计声明 / Audit statement",
            f"  链 ID / chain id: {self.chain_id}",
            f"  读取的区块 / blocks read: {self.from_block}–{self.to_block} ({self.events_source_words()})",
            f"  读取状态的区块 / state read at block: {self.state_block} ({format_time_human(self.state_block_time)})",
            f"  声明时间 / made at: {format_time(self.made_at)} (北京时间 / Beijing time)",
            f"  工具 / tool: {self.tool}",
            f"  事件数 / events: {self.events}",
            "  读取的合约（运行时代码的 keccak-256）/ contracts read (keccak-256 of the runtime code):",
        ]
        for cr in self.contracts:
            out.append(f"    {cr.name:<20} {cr.address}  {cr.code_hash}  ({cr.code_size} bytes)")
        out.append("  检查项目 / checks:")
        for c in self.checks:
            mark = "通过 / ok" if c.ok else f"{len(c.findings)} 项问题 / finding(s)"
            out.append(f"    {c.title}: {c.checked} 项已查 / checked — {mark}")
        out.append(f"  结论 / result: {self.result_words()}")
        return out

    def events_source_words(self) -> str:
        if self.events_source == "chain":
            return "链上日志 / the chain's logs"
        return f"导出文件 / exported file {self.events_source.removeprefix('export ')}"


def code_hashes(suite: Suite, block: int) -> list[ContractRead]:
    """keccak-256 of the runtime code of every suite contract (eth_getCode at `block`), so a reader can tell which
    code the statement is about."""
    out = []
    for name, address in sorted(suite.addresses.items()):
        code = bytes.fromhex(str(suite.chain.rpc("eth_getCode", [address, hex(block)])).removeprefix("0x"))
        out.append(ContractRead(name, address, "0x" + keccak(code).hex(), len(code)))
    return out


def checks_of(report: CheckReport) -> list[CheckResult]:
    out = []
    for name in CHECKS:
        zh, en, what = CHECK_WORDS[name]
        out.append(
            CheckResult(
                name,
                bilingual(zh, en),
                what,
                report.counts.get(name, 0),
                [f for f in report.findings if f.check == name],
            )
        )
    known = set(CHECKS)
    others = [f for f in report.findings if f.check not in known]
    if others:
        out.append(CheckResult("other", "其他 / other", "", 0, others))
    return out


def make_statement(
    suite: Suite,
    report: CheckReport,
    events: Sequence[Event],
    *,
    state_block: int,
    events_source: str = "chain",
    from_block: int = 0,
    to_block: int | None = None,
) -> Statement:
    """The statement of one `check` over `events` read up to `state_block` (the chain's head when reading began)."""
    if events_source != "chain" and events:
        from_block, to_block = min(e.block for e in events), max(e.block for e in events)
    return Statement(
        chain_id=suite.chain.chain_id,
        events_source=events_source,
        from_block=from_block,
        to_block=state_block if to_block is None else to_block,
        state_block=state_block,
        state_block_time=suite.chain.timestamp(state_block),
        made_at=int(time.time()),
        tool=f"courtchain {__version__}",
        contracts=code_hashes(suite, state_block),
        events=len(events),
        checks=checks_of(report),
    )


_SUBJECT_WORDS = (
    ("enforcement case", "执行案件"),
    ("creditor", "债权人"),
    ("order", "执行措施"),
    ("admission", "参与分配申请"),
    ("credit entry", "名单记录"),
    ("credit proposal", "名单提请"),
    ("objection", "异议"),
    ("round", "分配轮次"),
    ("filing", "立案申请"),
    ("obligation", "履行义务"),
    ("entry", "名单记录"),
    ("anchor", "存证"),
    ("service", "送达"),
)


def subject_words(subject: str) -> str:
    """A finding's record with its Chinese name first: `执行案件 1 / enforcement case 1`."""

    def words(text: str) -> str:
        for en, word in _SUBJECT_WORDS:
            text = re.sub(rf"\b{en} (\S+)", rf"{word} \1", text)
        for name, (zh_name, _en) in CONTRACT_WORDS.items():
            text = text.replace(name, zh_name)
        return text.replace("escrow", "托管账户")

    part, sep, whole = subject.partition(" of ")
    zh = f"{words(whole)}的{words(part)}" if sep else words(subject)
    return subject if zh == subject else f"{zh} / {subject}"


def describe(f: Finding) -> str:
    """A finding for a reader: its check in words, the record, what is wrong, where."""
    zh, en, _ = CHECK_WORDS.get(f.check, ("其他", f.check, ""))
    where = f" (区块 / block {f.block}, tx {f.tx_hash})" if f.block is not None else ""
    return f"[{zh} / {en}] {subject_words(f.subject)}: {f.message}{where}"


__all__ = [
    "CHECK_WORDS",
    "CheckResult",
    "ContractRead",
    "Statement",
    "checks_of",
    "code_hashes",
    "contract_word",
    "describe",
    "make_statement",
]

"""`courtchain audit report`: a self-contained HTML report a court auditor files (and its PDF).

Chinese first. The report holds the audit statement (chain, blocks, time, tool, code hashes, checks and result), the
case's whole story across the contracts in words, a timeline picture and a money-flow picture (seized → distributed
→ withdrawn, per creditor) drawn with matplotlib and embedded as base64 PNG, the timeline in a table, and every
finding. Each picture carries the figures it draws in its PNG metadata (`Description`, JSON, exact base units), and
the money table carries them in `data-*` attributes, so a reader's program can compare them with the chain.

The pictures need a CJK font: Debian's `fonts-noto-cjk` (`make fonts`), found through matplotlib's font_manager;
without one the report fails with a clear error rather than drawing empty boxes. The PDF is the HTML printed by
Debian's Chromium (headless, through Playwright, which is a test dependency); nothing is downloaded.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import CourtchainError
from ..suite import Event, Suite
from ..units import BEIJING, format_time, format_yuan
from . import Finding, Key
from .statement import Statement, describe
from .story import Story, record_words
from .words import contract_word, event_word

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")


class ReportError(CourtchainError):
    """The report cannot be made on this machine (no CJK font, no Chromium for the PDF); the message says what to
    install."""


def cjk_font() -> str:
    """The family name of an installed CJK font, registered with matplotlib's font_manager."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    # a font installed after matplotlib built its cache: register the files directly
    for path in font_manager.findSystemFonts():
        low = Path(path).name.lower()
        if "cjk" in low or "wqy" in low:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError):
                continue
    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    cjk = sorted(n for n in names if "CJK" in n)
    if cjk:
        return cjk[0]
    raise ReportError(
        "no CJK font is installed, so the report's pictures cannot show Chinese: install Debian's fonts-noto-cjk "
        "(`make fonts`, or `apt-get install fonts-noto-cjk`)"
    )


def _figure_png(fig: Any, figures: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, metadata={"Description": json.dumps(figures, ensure_ascii=False)})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


_MILESTONES = {
    "FilingSubmitted",
    "CaseDocketed",
    "JudgmentRecorded",
    "AgreementRecorded",
    "AgreementConfirmed",
    "JudgmentRegistered",
    "ObligationDefaulted",
    "ObligationPerformed",
    "CaseOpened",
    "CaseTerminated",
    "CaseResumed",
    "CaseClosed",
    "EntryListed",
    "EntryDelisted",
    "Served",
    "Anchored",
    "BatchAnchored",
}


def timeline_png(story: Story, font: str) -> bytes:
    """One row per contract, one mark per event at its block time (Beijing time), the milestones named."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [font]
    contracts = list(dict.fromkeys(e.contract for e in story.events))
    fig, ax = plt.subplots(figsize=(11, 1.6 + 1.1 * max(len(contracts), 1)))
    colors = plt.get_cmap("tab10")
    points: list[dict[str, Any]] = []
    stamps = [story.times[e.block] for e in story.events] or [0]
    span = max(max(stamps) - min(stamps), 1)
    for row, contract in enumerate(contracts):
        evs = [e for e in story.events if e.contract == contract]
        xs = [datetime.fromtimestamp(story.times[e.block], UTC).astimezone(BEIJING) for e in evs]
        ax.scatter(
            xs,  # type: ignore[arg-type]
            [row] * len(xs),
            s=36,
            color=colors(row % 10),
            zorder=3,
        )
        # the milestones named, those close in time under one label (never written over each other)
        clusters: list[tuple[int, datetime, list[str]]] = []
        for x, e in zip(xs, evs, strict=True):
            t = story.times[e.block]
            points.append({"contract": contract, "event": e.name, "time": t, "block": e.block})
            if e.name not in _MILESTONES:
                continue
            word = event_word(e.name).split(" / ")[0]
            if clusters and t - clusters[-1][0] <= span // 25:
                if word not in clusters[-1][2]:
                    clusters[-1][2].append(word)
            else:
                clusters.append((t, x, [word]))
        for n, (_t, x, words) in enumerate(clusters):
            lines = ["、".join(words[i : i + 3]) for i in range(0, len(words), 3)]
            above = n % 2 == 0
            ax.annotate(
                "\n".join(lines),
                (mdates.date2num(x), row),  # type: ignore[no-untyped-call]
                xytext=(0, 9 if above else -11),
                textcoords="offset points",
                fontsize=8,
                ha="center",
                va="bottom" if above else "top",
            )
    ax.set_yticks(range(len(contracts)), [contract_word(c).split(" / ")[0] for c in contracts])
    ax.set_ylim(-0.8, len(contracts) - 1 + 0.9)
    pad = timedelta(seconds=max(span // 20, 1800))  # a story of one moment still gets a readable axis
    first = datetime.fromtimestamp(min(stamps), UTC).astimezone(BEIJING)
    last = datetime.fromtimestamp(max(stamps), UTC).astimezone(BEIJING)
    ax.set_xlim(first - pad, last + pad)  # type: ignore[arg-type]
    pattern = "%Y-%m-%d" if span > 3 * 86400 else "%m-%d %H:%M"
    ax.xaxis.set_major_formatter(mdates.DateFormatter(pattern, tz=BEIJING))  # type: ignore[no-untyped-call]
    fig.autofmt_xdate()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"案件时间线 / timeline — {record_words(*story.ref)}（北京时间 / Beijing time, UTC+8）")
    fig.tight_layout()
    return _figure_png(fig, {"picture": "timeline", "events": points})


def money_png(story: Story, font: str) -> bytes:
    """Per enforcement case: seized, then per creditor its claim, what was distributed to it and what it withdrew."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [font]
    d = story.decimals
    cases = list(story.money.values())
    rows: list[tuple[str, int, int, int, int]] = []  # label, seized, claim, distributed, withdrawn
    figures: list[dict[str, Any]] = []
    for m in cases:
        rows.append((f"执行案件 {m.case_id} 扣划入账 / seized", m.seized, 0, 0, 0))
        creditors = []
        for c in m.creditors.values():
            rows.append((f"债权人 {c.creditor_id} / creditor {c.creditor_id}", 0, c.claim, c.distributed, c.withdrawn))
            creditors.append(
                {
                    "creditor_id": c.creditor_id,
                    "payee": c.payee,
                    "claim": str(c.claim),
                    "distributed": str(c.distributed),
                    "withdrawn": str(c.withdrawn),
                }
            )
        figures.append(
            {
                "enforcement_case": m.case_id,
                "seized": str(m.seized),
                "distributed": str(m.distributed),
                "withdrawn": str(m.withdrawn),
                "creditors": creditors,
            }
        )
    fig, ax = plt.subplots(figsize=(11, 1.5 + 0.75 * max(len(rows), 1)))
    scale = 10**d
    height = 0.25
    for i, (_label, seized, claim, distributed, withdrawn) in enumerate(rows):
        y = len(rows) - 1 - i
        if seized:
            ax.barh(y, seized / scale, height=0.5, color="#4c72b0", label="扣划入账 / seized" if i == 0 else None)
            ax.text(seized / scale, y, " " + format_yuan(seized, d), va="center", fontsize=8)
            continue
        ax.barh(y + height, claim / scale, height=height, color="#dddddd", label="债权 / claim" if i == 1 else None)
        ax.barh(y, distributed / scale, height=height, color="#55a868", label="分配 / distributed" if i == 1 else None)
        ax.barh(
            y - height, withdrawn / scale, height=height, color="#c44e52", label="领取 / withdrawn" if i == 1 else None
        )
        for off, v in ((height, claim), (0.0, distributed), (-height, withdrawn)):
            ax.text(v / scale, y + off, " " + format_yuan(v, d), va="center", fontsize=7)
    ax.set_yticks([len(rows) - 1 - i for i in range(len(rows))], [r[0] for r in rows])
    ax.set_xlabel("元 / yuan")
    from matplotlib.ticker import FuncFormatter

    if max((max(r[1:]) for r in rows), default=0) >= scale:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    if not rows:
        ax.text(0.5, 0.5, "本案无执行款 / no enforcement money in this story", ha="center", transform=ax.transAxes)
        ax.set_xticks([])
    else:
        ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"资金流向 / money flow — {record_words(*story.ref)}")
    ax.margins(x=0.25)
    fig.tight_layout()
    return _figure_png(fig, {"picture": "money", "decimals": d, "cases": figures})


# -- HTML ---------------------------------------------------------------------------------------------------------

_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", sans-serif; margin: 2em auto;
       max-width: 1100px; color: #222; line-height: 1.5; padding: 0 1em; }
h1 { font-size: 1.6em; border-bottom: 2px solid #333; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #aaa; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.ok { color: #1a7f37; font-weight: bold; } .bad { color: #b42318; font-weight: bold; }
img { max-width: 100%; border: 1px solid #ddd; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } img { page-break-inside: avoid; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _img(png: bytes, alt: str, name: str) -> str:
    data = base64.b64encode(png).decode()
    return f'<img id="{name}" alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def render_html(
    statement: Statement, story: Story, timeline: bytes, money: bytes, case_numbers: Sequence[str] = ()
) -> str:
    d = story.decimals
    title = f"审计报告 / Audit report — {record_words(*story.ref)}"
    if case_numbers:
        title += f"（{'、'.join(case_numbers)}）"
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        "<h2>一、审计声明 / Audit statement</h2>",
        '<table id="statement">',
    ]
    facts = [
        ("链 ID / chain id", str(statement.chain_id)),
        (
            "读取的区块 / blocks read",
            f"{statement.from_block}–{statement.to_block}（{statement.events_source_words()}）",
        ),
        ("读取状态的区块 / state read at", f"{statement.state_block}（{format_time(statement.state_block_time)}）"),
        ("声明时间 / made at (北京时间 / Beijing time)", format_time(statement.made_at)),
        ("工具 / tool", statement.tool),
        ("事件数 / events read", str(statement.events)),
        ("结论 / result", statement.result_words()),
    ]
    for k, v in facts:
        out.append(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>")
    out.append("</table>")
    out.append(
        "<p>读取的合约（运行时代码的 keccak-256，eth_getCode）/ contracts read (keccak-256 of the runtime code):</p>"
    )
    out.append(
        '<table id="contracts"><tr><th>合约 / contract</th><th>地址 / address</th><th>代码哈希 / code hash</th>'
        "<th>字节 / bytes</th></tr>"
    )
    for cr in statement.contracts:
        out.append(
            f"<tr><td>{_e(contract_word(cr.name))}</td><td class='mono'>{_e(cr.address)}</td>"
            f"<td class='mono'>{_e(cr.code_hash)}</td><td class='num'>{cr.code_size}</td></tr>"
        )
    out.append("</table>")
    out.append(
        '<p>检查项目 / what was checked:</p><table id="checks"><tr><th>检查 / check</th><th>内容 / what</th>'
        "<th>已查 / checked</th><th>结果 / result</th></tr>"
    )
    for ch in statement.checks:
        result = '<span class="ok">通过 / ok</span>' if ch.ok else f'<span class="bad">{len(ch.findings)} 项问题</span>'
        out.append(
            f"<tr><td>{_e(ch.title)}</td><td>{_e(ch.description)}</td><td class='num'>{ch.checked}</td>"
            f"<td>{result}</td></tr>"
        )
    out.append("</table>")

    out.append("<h2>二、案件经过 / The case's story</h2>")
    out.append('<div id="story">')
    for line in story.summary:
        indent = ' style="margin-left:2em"' if line.startswith("  ") else ""
        out.append(f"<p{indent}>{_e(line.strip())}</p>")
    out.append("</div>")

    out.append("<h2>三、时间线 / Timeline</h2>")
    out.append(_img(timeline, "案件时间线 / timeline", "timeline-picture"))
    out.append(
        '<table id="timeline"><tr><th>时间 / time (UTC+8)</th><th>区块 / block</th><th>合约 / contract</th>'
        "<th>事件 / event</th><th>记录 / record</th><th>操作人 / actor</th><th>批准人 / approver</th>"
        "<th>金额 / amount</th><th>详情 / detail</th></tr>"
    )
    for t in story.entries:
        out.append(
            f"<tr><td>{_e(t.time)}</td><td class='num'>{t.block}</td><td>{_e(contract_word(t.contract))}</td>"
            f"<td>{_e(t.what)}</td><td>{_e(t.record)}</td><td class='mono'>{_e(t.actor)}</td>"
            f"<td class='mono'>{_e(t.approver)}</td><td class='num'>{_e(t.amount_text)}</td>"
            f"<td>{_e(t.detail)}</td></tr>"
        )
    out.append("</table>")

    out.append("<h2>四、资金流向 / Money flow</h2>")
    out.append(_img(money, "资金流向 / money flow", "money-picture"))
    out.append(
        '<table id="money"><tr><th>执行案件 / enforcement case</th><th>债权人 / creditor</th>'
        "<th>收款账户 / payee</th><th>债权 / claim</th><th>扣划入账 / seized</th><th>分配 / distributed</th>"
        "<th>领取 / withdrawn</th></tr>"
    )
    for m in story.money.values():
        out.append(
            f"<tr class='case' data-case='{m.case_id}' data-seized='{m.seized}' data-distributed='{m.distributed}' "
            f"data-withdrawn='{m.withdrawn}'><td>{m.case_id}</td><td>合计 / total</td><td></td><td></td>"
            f"<td class='num'>{format_yuan(m.seized, d)}</td><td class='num'>{format_yuan(m.distributed, d)}</td>"
            f"<td class='num'>{format_yuan(m.withdrawn, d)}</td></tr>"
        )
        for c in m.creditors.values():
            out.append(
                f"<tr class='creditor' data-case='{m.case_id}' data-creditor='{c.creditor_id}' data-claim='{c.claim}' "
                f"data-distributed='{c.distributed}' data-withdrawn='{c.withdrawn}'><td>{m.case_id}</td>"
                f"<td>{c.creditor_id}</td><td class='mono'>{_e(story.reader.people.full(c.payee))}</td>"
                f"<td class='num'>{format_yuan(c.claim, d)}</td><td></td>"
                f"<td class='num'>{format_yuan(c.distributed, d)}</td>"
                f"<td class='num'>{format_yuan(c.withdrawn, d)}</td></tr>"
            )
    out.append("</table>")

    out.append("<h2>五、发现的问题 / Findings</h2>")
    findings = statement.findings
    if not findings:
        out.append('<p id="findings" class="ok">全链检查未发现问题 / the check of the whole chain found nothing.</p>')
    else:
        out.append('<ol id="findings">')
        for f in findings:
            out.append(f"<li>{_e(describe(f))}</li>")
        out.append("</ol>")
    out.append(
        "<p><small>本报告由 courtchain 仅依据链上事件与合约状态生成；金额以结算代币的精度换算为元，时间为北京时间"
        " / made by courtchain from the chain's events and the contracts' state alone; amounts in yuan at the "
        "settlement token's decimals, times in Beijing time.</small></p>"
    )
    out.append("</body></html>")
    return "\n".join(out)


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path | None
    ok: bool
    findings: list[Finding]


def write_report(
    suite: Suite,
    ref: Key,
    out_dir: Path,
    *,
    events: Sequence[Event] | None = None,
    pdf: bool = False,
    names: Any = None,
) -> tuple[Written, Statement, Story]:
    """Check the whole chain, build `ref`'s story, draw the pictures and write `out_dir/audit-report-<kind>-<id>.html`
    (and `.pdf`)."""
    from . import check
    from .statement import make_statement
    from .story import _case_numbers, build_story

    font = cjk_font()  # before any reading: a missing font is said at once
    head = suite.chain.block_number()
    evs = list(events) if events is not None else list(suite.logs(None, 0, head))
    report = check(suite, evs)
    statement = make_statement(suite, report, evs, state_block=head, to_block=head)
    story = build_story(suite, ref, evs, names)
    numbers = _case_numbers(evs)
    case_numbers = [numbers[i] for k, i in story.records() if k == "case" and i in numbers]
    page = render_html(statement, story, timeline_png(story, font), money_png(story, font), case_numbers)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"audit-report-{ref[0]}-{ref[1]}.html"
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        from ..errors import UsageError

        raise UsageError(f"cannot write the report into {out_dir}: {exc.strerror}") from None
    pdf_path = print_pdf(target) if pdf else None
    return Written(target, pdf_path, statement.ok, statement.findings), statement, story


def print_pdf(page: Path) -> Path:
    """The HTML printed to PDF by Debian's Chromium (headless, through Playwright); A4, backgrounds kept."""
    from ..portal.headless import CHROMIUM

    if not Path(CHROMIUM).exists():
        raise ReportError(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium package (for --pdf)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ReportError("--pdf prints through Playwright, which is not installed (pip install playwright)") from None
    target = page.with_suffix(".pdf")
    # In a thread of its own: Playwright's sync API refuses to start in a thread that already runs an asyncio loop
    # (a caller's server, or another Playwright session in the same thread).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-pdf") as pool:
        pool.submit(_print, sync_playwright, page, target).result()
    return target


def _print(sync_playwright: Any, page: Path, target: Path) -> None:
    from ..portal.headless import launch_chromium

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            tab = browser.new_page()
            tab.goto(page.resolve().as_uri())
            tab.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()

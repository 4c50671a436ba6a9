"""`courtchain audit check` prints an audit statement; `audit case` reads in words; `audit report` writes an HTML report
whose pictures are real images carrying the figures the chain holds (read here through the clients, not the report
code)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Outcome,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.clients.enforcement import EnforcementClient
from courtchain.clients.obligations import AgreementTerms, Consequence, ObligationClient
from courtchain.commitments import commitment
from courtchain.suite import Suite
from tests.helpers import run_cli

from .procedure import CREDITOR_ID, DEBTOR_ID, Procedure, run_procedure
from .report_check import check_report_pictures


@pytest.fixture
def procedure(suite: Suite, chain: Chain, accts: dict[str, LocalAccount], tmp_path: Path) -> Procedure:
    return run_procedure(suite, chain, accts, tmp_path / "keeper", int(chain.block_number()) + 1)


@pytest.fixture
def cli(node: LocalNode, deployments_dir: Path):  # type: ignore[no-untyped-def]
    def run(*args: str) -> Any:
        return run_cli(*args, rpc=node.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)})

    return run


PLAINTIFF = commitment(b"\x05" * 32, "passport", "E55555555")


def _code_hash(suite: Suite, address: str) -> str:
    code = bytes.fromhex(str(suite.chain.rpc("eth_getCode", [address, "latest"])).removeprefix("0x"))
    return "0x" + keccak(code).hex()


def test_audit_check_prints_a_statement(cli: Any, suite: Suite, procedure: Procedure) -> None:
    head = suite.chain.block_number()
    text = cli("audit", "check")
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert "审计声明 / Audit statement" in out
    assert f"链 ID / chain id: {suite.chain.chain_id}" in out
    assert re.search(r"made at: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", out), out
    assert "courtchain 0.1.0" in out
    from courtchain.crosschain_audit import with_crosschain

    read = with_crosschain(suite).addresses  # the suite and any cross-chain contracts its hub records
    for name, address in read.items():  # every contract read, by its runtime code's hash
        assert f"{address}  {_code_hash(suite, address)}" in out, name
    assert "资金守恒 / money conserved" in out and "通过，未发现问题 / passed, no finding" in out

    data = json.loads(cli("audit", "check", "--json").stdout)
    st = data["statement"]
    assert st["chain_id"] == suite.chain.chain_id and st["from_block"] == 0 and st["to_block"] >= head
    assert {c["name"] for c in st["contracts"]} == set(read)
    assert all(c["code_hash"] == _code_hash(suite, c["address"]) for c in st["contracts"])
    assert [c["name"] for c in st["checks"]] == ["transition", "approval", "money", "audit-head", "state"]
    assert st["ok"] and all(c["ok"] and c["checked"] > 0 for c in st["checks"])


def test_audit_check_statement_names_the_exported_file_and_its_findings(
    cli: Any, procedure: Procedure, tmp_path: Path
) -> None:
    export = tmp_path / "events.jsonl"
    assert cli("audit", "export", "--out", str(export)).returncode == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    dropped = [x for x in lines if not ('"Withdrawn"' in x and '"EnforcementOffice"' in x)]
    bad = tmp_path / "tampered.jsonl"
    bad.write_text("\n".join(dropped) + "\n", encoding="utf-8")
    failed = cli("audit", "check", "--events", str(bad))
    assert failed.returncode == 1
    assert f"导出文件 / exported file {bad}" in failed.stdout
    assert "未通过" in failed.stdout and "[资金守恒 / money conserved]" in failed.stdout
    data = json.loads(cli("audit", "check", "--events", str(bad), "--json").stdout)
    assert not data["statement"]["ok"]
    money = next(c for c in data["statement"]["checks"] if c["name"] == "money")
    assert not money["ok"] and money["findings"] == sum(f["check"] == "money" for f in data["findings"])


def test_audit_case_reads_in_words(
    cli: Any, suite: Suite, procedure: Procedure, accts: dict[str, LocalAccount]
) -> None:
    res = cli("audit", "case", f"obligation:{procedure.obligation}")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    # enums as words, Chinese first; no raw `name=value` numbers
    assert "优先债权 / priority" in out and "普通债权 / ordinary" in out
    assert "扣划 / deduct" in out and "class_=" not in out and "kind=" not in out
    # people as full addresses with their label
    creditor3 = accts["creditor3"].address
    assert f"{creditor3} (申请执行人 / creditor 2, enforcement {procedure.case})" in out
    assert re.search(r"\b0x[0-9a-fA-F]{40} \([^)]*法官 / judge\)", out), "a judge's account named by its role"
    # times in Beijing time with zone, amounts in yuan at the token's 18 decimals
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", out)
    assert "¥0.00" in out or "¥0.000000000000000" in out  # the procedure moves a few base units: exact yuan
    assert "000000000000000300" not in out  # never a raw 18-decimal integer
    # the links: from the obligation to its enforcement case, and said so
    assert f"执行案件 {procedure.case} / enforcement case {procedure.case}" in out
    assert "EnforcementOpened" in out
    # wrapped, never cut: every line within the width, every address whole
    assert max(len(line) for line in out.splitlines()) <= 160
    assert not re.search(r"0x[0-9a-fA-F]{4,39}…", out)

    sheet = cli("audit", "case", f"obligation:{procedure.obligation}", "--csv").stdout
    assert sheet.startswith("\ufefftime,block,tx_hash,contract,event,what,")  # Excel reads the BOM as UTF-8
    rows = list(csv.DictReader(io.StringIO(sheet.removeprefix("\ufeff"))))
    paid = next(r for r in rows if r["event"] == "PaymentMade")
    assert paid["what"] == "履行付款 / payment made" and paid["time"].endswith("+08:00")
    assert paid["amount_base_units"] == "300" and paid["amount_yuan"] == "0.0000000000000003"

    data = json.loads(cli("audit", "case", f"enforcement:{procedure.case}", "--json").stdout)
    money = data["story"]["money"][0]
    office = EnforcementClient(suite)
    chain_money = office.money(procedure.case)
    assert int(money["seized"]["base_units"]) == chain_money.seized
    assert int(money["withdrawn"]["base_units"]) == chain_money.withdrawn
    assert all(e["time"].endswith("+08:00") for e in data["readable"])


def test_audit_report_pictures_and_figures_match_the_chain(
    cli: Any, suite: Suite, procedure: Procedure, tmp_path: Path
) -> None:
    out_dir = tmp_path / "report"
    res = cli("audit", "report", f"enforcement:{procedure.case}", "--out", str(out_dir), "--pdf", "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    data = json.loads(res.stdout)
    page = Path(data["html"])
    pdf = Path(data["pdf"]).read_bytes()  # printed by Debian's Chromium, with the CJK font embedded
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+NotoSansCJK", pdf), "no CJK font in the PDF"
    assert page.parent == out_dir and page.exists()
    html_text = page.read_text(encoding="utf-8")
    assert html_text.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html_text
    assert "http://" not in html_text and "https://" not in html_text  # self-contained
    for heading in ("审计声明 / Audit statement", "案件经过 / The case's story", "资金流向 / Money flow", "Findings"):
        assert heading in html_text
    for address in suite.addresses.values():
        assert _code_hash(suite, address) in html_text

    timeline = check_report_pictures(html_text, suite, procedure.case, creditors=3)
    events = json.loads(timeline.info["Description"])["events"]
    names = {e["event"] for e in events}
    assert {"AgreementRecorded", "ObligationDefaulted", "CaseOpened", "CaseTerminated", "CaseClosed"} <= names
    assert len(events) == html_text.count("<tr><td>20")  # one mark per event in the timeline table


def test_audit_report_refuses_an_unknown_case_and_an_unwritable_folder(
    cli: Any, procedure: Procedure, tmp_path: Path
) -> None:
    unknown = cli("audit", "report", "enforcement:999", "--out", str(tmp_path / "r"))
    assert unknown.returncode == 1 and "error: no enforcement 999" in unknown.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    bad = cli("audit", "report", f"enforcement:{procedure.case}", "--out", str(blocker / "sub"))
    assert bad.returncode == 2 and bad.stderr.startswith("error: cannot write the report"), bad.stderr


def test_from_a_filing_the_story_reaches_the_agreement_and_its_enforcement(
    cli: Any,
    suite: Suite,
    chain: Chain,
    accts: dict[str, LocalAccount],
    clerk: LocalAccount,
    judge: LocalAccount,
    litigant: LocalAccount,
    tmp_path: Path,
) -> None:
    """Filing, agreement and enforcement ids all differ; the only link from the filing is the ruling that confirmed
    the agreement, recorded as the case's judgment (the same document hash in both contracts' events)."""
    docket = setup_dev_court(suite, clerk, window=600)
    mine = DocketClient(suite, litigant)
    parties = [Party(PLAINTIFF, PartyRole.PLAINTIFF), Party(DEBTOR_ID, PartyRole.DEFENDANT)]
    kinds = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
    filings = [
        mine.submit(
            DEV_COURT_ID,
            "民初",
            parties,
            1_000,
            [MaterialInput(bytes(keccak(text=f"m{i}-{k}")), int(k)) for k in kinds],
        )[0]
        for i in range(3)
    ]
    chain.set_time(docket.filing(filings[-1]).window_ends)
    docket.docket_many(filings)
    filing = filings[-1]
    # an agreement nobody signs, so the story's agreement is not obligation 1
    unrelated = ObligationClient(suite, accts["mediator"]).create_agreement(
        AgreementTerms(
            document_hash=bytes(keccak(text="another agreement")),
            debtor=DEBTOR_ID,
            debtor_account=accts["debtor"].address,
            creditor=CREDITOR_ID,
            creditor_account=accts["creditor"].address,
            token=suite.address("SettlementToken"),
            amounts=(5,),
            due_dates=(chain.timestamp() + 86400,),
            grace_period=86400,
            acceleration=False,
            consequence=Consequence.ENFORCEMENT,
            court_id=0,
            case_type=b"\0" * 32,
        )
    )[0]
    proc = run_procedure(suite, chain, accts, tmp_path / "keeper", int(chain.block_number()) + 1)
    assert len({filing, proc.obligation, proc.case}) == 3 and unrelated != proc.obligation
    DocketClient(suite, judge).record_judgment(filing, bytes(keccak(text="confirmation ruling")), Outcome.MEDIATED)

    res = cli("audit", "case", str(filing))
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())  # wrapped lines joined
    assert f"审判案件（立案申请） {filing}" in out and "民初" in out and "调解结案 / mediated" in out
    assert f"调解协议 / 判决义务 {proc.obligation} / obligation {proc.obligation}" in out
    assert f"执行案件 {proc.case} / enforcement case {proc.case}" in out
    assert "JudgmentRecorded.documentHash = AgreementConfirmed.rulingHash" in out
    assert f"obligation {unrelated} " not in out.replace(f"obligation {proc.obligation}", "")
    data = json.loads(cli("audit", "case", str(filing), "--json").stdout)
    assert {f"case {filing}", f"obligation {proc.obligation}", f"enforcement {proc.case}"} <= set(data["linked"])
    assert f"obligation {unrelated}" not in data["linked"]


def test_no_cjk_font_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a CJK font the pictures would show empty boxes: the report refuses, saying what to install."""
    from matplotlib import font_manager

    from courtchain.audit.report import ReportError, cjk_font

    assert cjk_font().startswith("Noto Sans CJK")  # the machine's font (Debian's fonts-noto-cjk)
    latin = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(ReportError, match=r"no CJK font is installed.*fonts-noto-cjk"):
        cjk_font()


def test_pdf_prints_from_a_thread_that_runs_an_asyncio_loop(tmp_path: Path) -> None:
    # A caller with its own event loop (a server embedding the audit, or another Playwright session in the same
    # thread) must still get its PDF: Playwright's sync API refuses to start in such a thread.
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from courtchain.audit.report import print_pdf

    page = tmp_path / "report.html"
    page.write_text("<!doctype html><meta charset=utf-8><h1>审计报告 / audit report</h1>", encoding="utf-8")

    async def inside_a_loop() -> Path:
        return print_pdf(page)

    # in a thread of its own: this worker's main thread may hold the session's browser (tests/conftest.py), whose
    # Playwright loop is the running one there, and asyncio.run refuses to start beside it
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf = pool.submit(asyncio.run, inside_a_loop()).result()
    assert pdf.read_bytes().startswith(b"%PDF")

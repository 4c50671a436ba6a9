"""`courtchain audit check` prints an audit statement; `audit case` reads in words; `audit report` writes an HTML report
whose pictures are real images carrying the figures the chain holds (read here through the clients, not the report
code)."""

from __future__ import annotations

import base64
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from PIL import Image

from courtchain.chain import Chain, LocalNode
from courtchain.clients.enforcement import EnforcementClient
from courtchain.suite import Suite
from tests.helpers import run_cli

from .procedure import Procedure, run_procedure


@pytest.fixture
def procedure(suite: Suite, chain: Chain, accts: dict[str, LocalAccount], tmp_path: Path) -> Procedure:
    return run_procedure(suite, chain, accts, tmp_path / "keeper", int(chain.block_number()) + 1)


@pytest.fixture
def cli(node: LocalNode, deployments_dir: Path):  # type: ignore[no-untyped-def]
    def run(*args: str) -> Any:
        return run_cli(*args, rpc=node.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)})

    return run


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
    for name, address in suite.addresses.items():  # every contract read, by its runtime code's hash
        assert f"{address}  {_code_hash(suite, address)}" in out, name
    assert "资金守恒 / money conserved" in out and "通过，未发现问题 / passed, no finding" in out

    data = json.loads(cli("audit", "check", "--json").stdout)
    st = data["statement"]
    assert st["chain_id"] == suite.chain.chain_id and st["from_block"] == 0 and st["to_block"] >= head
    assert {c["name"] for c in st["contracts"]} == set(suite.addresses)
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

    data = json.loads(cli("audit", "case", f"enforcement:{procedure.case}", "--json").stdout)
    money = data["story"]["money"][0]
    office = EnforcementClient(suite)
    chain_money = office.money(procedure.case)
    assert int(money["seized"]["base_units"]) == chain_money.seized
    assert int(money["withdrawn"]["base_units"]) == chain_money.withdrawn
    assert all(e["time"].endswith("+08:00") for e in data["readable"])


class _Report(HTMLParser):
    """The report's pictures (by id) and its money table rows (their data-* attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.images: dict[str, bytes] = {}
        self.rows: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "img" and a.get("src", "").startswith("data:image/png;base64,"):
            self.images[a["id"]] = base64.b64decode(a["src"].split(",", 1)[1])
        if tag == "tr" and "data-case" in a:
            self.rows.append(a)


def _looks_drawn(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    w, h = img.size
    assert w >= 600 and h >= 200, img.size
    rgb = img.convert("RGB")
    pixels = list(rgb.get_flattened_data())
    ink = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert ink > 0.01, f"only {ink:.2%} of the picture is drawn"
    assert len(set(pixels)) > 20, "a picture of a few flat colours"
    return img


def test_audit_report_pictures_and_figures_match_the_chain(
    cli: Any, suite: Suite, procedure: Procedure, tmp_path: Path
) -> None:
    out_dir = tmp_path / "report"
    res = cli("audit", "report", f"enforcement:{procedure.case}", "--out", str(out_dir), "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    data = json.loads(res.stdout)
    page = Path(data["html"])
    assert page.parent == out_dir and page.exists()
    html_text = page.read_text(encoding="utf-8")
    assert html_text.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html_text
    assert "http://" not in html_text and "https://" not in html_text  # self-contained
    for heading in ("审计声明 / Audit statement", "案件经过 / The case's story", "资金流向 / Money flow", "Findings"):
        assert heading in html_text
    for address in suite.addresses.values():
        assert _code_hash(suite, address) in html_text

    parsed = _Report()
    parsed.feed(html_text)
    assert set(parsed.images) == {"timeline-picture", "money-picture"}
    timeline = _looks_drawn(parsed.images["timeline-picture"])
    money_img = _looks_drawn(parsed.images["money-picture"])

    # the figures, read independently through the client
    office = EnforcementClient(suite)
    chain_money = office.money(procedure.case)
    creditors = office.creditors(procedure.case)
    assert len(creditors) == 3

    drawn = json.loads(money_img.info["Description"])
    case = next(c for c in drawn["cases"] if c["enforcement_case"] == procedure.case)
    assert int(case["seized"]) == chain_money.seized
    assert int(case["distributed"]) == chain_money.distributed
    assert int(case["withdrawn"]) == chain_money.withdrawn
    by_id = {int(c["creditor_id"]): c for c in case["creditors"]}
    assert set(by_id) == {c.id for c in creditors}
    for c in creditors:
        assert int(by_id[c.id]["distributed"]) == c.credited, c
        assert int(by_id[c.id]["withdrawn"]) == c.withdrawn, c
        assert int(by_id[c.id]["claim"]) == c.claim, c
        assert by_id[c.id]["payee"] == c.payee

    rows = {(r["data-case"], r.get("data-creditor")): r for r in parsed.rows}
    total = rows[(str(procedure.case), None)]
    assert int(total["data-seized"]) == chain_money.seized and int(total["data-withdrawn"]) == chain_money.withdrawn
    for c in creditors:
        row = rows[(str(procedure.case), str(c.id))]
        assert (int(row["data-distributed"]), int(row["data-withdrawn"])) == (c.credited, c.withdrawn)

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

"""`courtchain audit ...` and `courtchain keeper` as a user runs them, against the session's node."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import audit
from courtchain.chain import Chain, LocalNode
from courtchain.suite import Suite
from courtchain.units import amount_json
from tests.helpers import run_cli

from .procedure import Procedure, run_procedure


def records_amount(units: int) -> str:
    """A claim as a court's records write it: yuan (no thousands separator inside a CSV cell)."""
    return amount_json(units)["yuan"]


@pytest.fixture
def procedure(suite: Suite, chain: Chain, accts: dict[str, LocalAccount], tmp_path: Path) -> Procedure:
    return run_procedure(suite, chain, accts, tmp_path / "keeper", int(chain.block_number()) + 1)


@pytest.fixture
def cli(node: LocalNode, deployments_dir: Path):  # type: ignore[no-untyped-def]
    def run(*args: str) -> Any:
        return run_cli(*args, rpc=node.url, env={"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)})

    return run


def test_audit_cli_case_check_export_and_a_tampered_export(cli: Any, procedure: Procedure, tmp_path: Path) -> None:
    ok = cli("audit", "check")
    assert ok.returncode == 0, ok.stderr
    assert "audit check passed" in ok.stdout

    table = cli("audit", "case", f"enforcement:{procedure.case}")
    assert table.returncode == 0, table.stderr
    for word in (
        "ObligationDefaulted",
        "OrderExecuted",
        "CaseClosed",
        "EntryDelisted",
        f"obligation {procedure.obligation}",
    ):
        assert word in table.stdout, word

    as_json = cli("audit", "case", f"obligation:{procedure.obligation}", "--json")
    data = json.loads(as_json.stdout)
    assert f"enforcement {procedure.case}" in data["linked"]
    assert any(t["event"] == "Withdrawn" and t["amount"] > 0 for t in data["timeline"])

    as_csv = cli("audit", "case", f"obligation:{procedure.obligation}", "--csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(data["timeline"]) and rows[0]["event"] == "AgreementRecorded"
    sheet = tmp_path / "timeline.csv"
    assert cli("audit", "case", f"obligation:{procedure.obligation}", "--out", str(sheet)).returncode == 0
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens it as UTF-8
    saved = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(saved) == len(rows) and all(r["time"].endswith("+08:00") for r in saved)
    paid = next(r for r in saved if r["event"] == "Withdrawn" and r["amount_base_units"])
    assert amount_json(int(paid["amount_base_units"]))["yuan"] == paid["amount_yuan"]  # exact text, both ways

    export = tmp_path / "events.jsonl"
    assert cli("audit", "export", "--out", str(export)).returncode == 0
    lines = export.read_text(encoding="utf-8").splitlines()
    withdrawal = next(json.loads(x) for x in lines if '"event": "Withdrawn"' in x and '"EnforcementOffice"' in x)
    tampered = [
        x
        for x in lines
        if not (json.loads(x)["tx"] == withdrawal["tx"] and json.loads(x)["contract"] == "EnforcementOffice")
    ]
    bad = tmp_path / "tampered.jsonl"
    bad.write_text("\n".join(tampered) + "\n", encoding="utf-8")
    failed = cli("audit", "check", "--events", str(bad))
    assert failed.returncode == 1
    assert f"enforcement case {procedure.case}" in failed.stdout and "audit check FAILED" in failed.stderr
    as_json = json.loads(cli("audit", "check", "--events", str(bad), "--json").stdout)
    assert {f["check"] for f in as_json["findings"]} == {"money", "audit-head"}


def test_audit_cli_reconcile(cli: Any, suite: Suite, procedure: Procedure, tmp_path: Path) -> None:
    cases = audit.chain_cases(suite)
    good = tmp_path / "good.csv"
    lines = ["case_number,filing_id,status,claim_amount"]
    lines += [f"{c.case_number},{c.filing_id},{c.status},{records_amount(c.claim_amount)}" for c in cases]
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    agree = cli("audit", "reconcile", "--records", str(good))
    assert agree.returncode == 0, agree.stdout + agree.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("case_number,filing_id,status,claim_amount\n(2026)京0491民初999号,,judged,100\n", encoding="utf-8")
    differ = cli("audit", "reconcile", "--records", str(bad), "--json")
    assert differ.returncode == 1
    kinds = [d["kind"] for d in json.loads(differ.stdout)["differences"]]
    assert kinds.count("missing-on-chain") == 1 and kinds.count("missing-off-chain") == len(cases)
    missing = cli("audit", "reconcile", "--records", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and missing.stderr.startswith("error: cannot read")
    unknown = cli("audit", "case", "enforcement:999")
    assert unknown.returncode == 1 and "error: no enforcement 999" in unknown.stderr


def test_audit_cli_reconcile_reads_a_gbk_sheet_saved_by_excel(
    cli: Any, suite: Suite, procedure: Procedure, tmp_path: Path
) -> None:
    """Excel on Chinese Windows saves CSV as GBK, with Chinese names and full-width brackets in case numbers: the
    same records as the chain read as agreeing (this used to end in an internal error, exit 70)."""
    steps = [
        ("case", "configure-court", "1", "京", "0491", "--as", "clerk"),
        ("case", "set-type", "1", "民初", "--window", "1h", "--as", "clerk"),
        ("case", "file", "--type", "民初", "--plaintiff", "0x" + "ab" * 32, "--defendant", "0x" + "cd" * 32,
         "--claim", "120000"),
        ("case", "docket", "1", "--as", "clerk"),  # a clerk dockets early
    ]  # fmt: skip
    for step in steps:
        done = cli(*step)
        assert done.returncode == 0, (step, done.stderr)
    cases = audit.chain_cases(suite)
    assert cases and all(c.case_number for c in cases), cases
    lines = ["case_number,filing_id,status,claim_amount,当事人"]
    for c in cases:
        number = c.case_number.replace("(", "（").replace(")", "）")
        lines.append(f"{number},{c.filing_id},{c.status},{records_amount(c.claim_amount)},张三诉李四（借款合同纠纷）")
    sheet = tmp_path / "案件台账.csv"
    sheet.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        sheet.read_text(encoding="utf-8")  # a real GBK file, not UTF-8 in disguise
    agree = cli("audit", "reconcile", "--records", str(sheet), "--json")
    assert agree.returncode == 0, agree.stdout + agree.stderr
    assert json.loads(agree.stdout)["differences"] == []

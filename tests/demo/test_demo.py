"""The demo end to end: on a fresh node and deployment (it travels in time, so not on the session chain), in process
and as `courtchain demo --json`; its invariant check must fail on money moved behind its back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from courtchain import demo, deploy
from courtchain.chain import Chain, LocalNode
from courtchain.clients.credit import CreditClient
from courtchain.clients.enforcement import CaseStatus, EnforcementClient
from courtchain.clients.obligations import ObligationClient, ObligationStatus
from courtchain.clients.token import SettlementTokenClient
from courtchain.suite import Suite
from tests.audit.report_check import check_report_pictures
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Suite, range]]:
    with LocalNode() as node:
        chain = Chain(node.url)
        first = chain.block_number() + 1
        suite = deploy.deploy(chain, fresh=True, directory=tmp_path_factory.mktemp("demo-deployments")).suite
        yield suite, range(first, chain.block_number() + 1)


@pytest.fixture(scope="module")
def results(fresh: tuple[Suite, range], tmp_path_factory: pytest.TempPathFactory) -> list[demo.StepResult]:
    suite, blocks = fresh
    narrated: list[demo.StepResult] = []
    out = demo.run(suite, narrated.append, deployment_blocks=blocks, documents=tmp_path_factory.mktemp("documents"))
    assert narrated == out  # every step is narrated as it finishes, in order
    return out


@pytest.mark.slow
def test_every_step_runs_and_reports_gas_and_time(results: list[demo.StepResult]) -> None:
    assert [r.number for r in results] == list(range(1, len(demo.STEPS) + 1))
    for r in results:
        assert r.seconds > 0
        assert r.lines, f"step {r.number} says nothing"
        assert any("money conserved" in line for line in r.lines)
        assert (r.gas > 0) == (r.transactions > 0), r.title
    assert results[0].transactions > 10  # the deployment is counted in "the consortium forms"
    assert sum(r.gas for r in results) > results[0].gas
    narrated = "\n".join(line for r in results for line in r.lines)
    assert "+08:00" in narrated and " UTC" not in narrated  # times in Beijing time with their zone


def test_procedure_outcome_on_chain(fresh: tuple[Suite, range], results: list[demo.StepResult]) -> None:
    suite, _ = fresh
    by_title = {r.title: r for r in results}
    case_id = next(r.data["caseId"] for r in results if "caseId" in r.data)
    office = EnforcementClient(suite)
    case = office.case(case_id)
    assert case.status == CaseStatus.CLOSED
    assert case.outstanding == 0
    assert all(c.owed == 0 and c.outstanding == 0 for c in office.creditors(case_id))
    assert office.token_balance() == 0
    assert office.check_audit(case_id).ok
    # every order was proposed and approved by two different persons (the office itself for none of them)
    for order_id in range(1, int(office.view("orderCount")) + 1):
        o = office.order(order_id)
        if o.approver != "0x" + "00" * 20:
            assert o.proposer != o.approver
    obligation = ObligationClient(suite).obligation(
        next(r.data["obligationId"] for r in results if "obligationId" in r.data)
    )
    assert obligation.status == ObligationStatus.DEFAULTED
    assert obligation.judicially_confirmed and obligation.consequence_id == case_id
    assert obligation.paid == demo.INSTALMENTS[0] * demo.YUAN
    listed = next(r for t, r in by_title.items() if t.startswith("Shortfall"))
    assert len(listed.data["entries"]) == 2
    # delisted at closure: nothing restricts the debtor any more
    debtor_entries = CreditClient(suite).entries_of(CreditClient(suite).entry(listed.data["entries"][0]).subject)
    assert debtor_entries and all(
        not CreditClient(suite).is_current_at(e.id, suite.chain.timestamp()) for e in debtor_entries
    )


def test_audit_step(results: list[demo.StepResult]) -> None:
    """`audit check` ran over the demo's chain of record and found nothing."""
    last = results[-1]
    assert last.title.startswith("`audit check` passes")
    assert last.data["audit"]["ok"] is True and last.data["audit"]["events"] > 100


def test_no_name_or_id_number_reaches_the_chain(fresh: tuple[Suite, range], results: list[demo.StepResult]) -> None:
    suite, _ = fresh
    chain = suite.chain
    needles = [s.encode() for s in demo.PRIVATE_STRINGS] + [s.encode().hex().encode() for s in demo.PRIVATE_STRINGS]
    assert len(results) == len(demo.STEPS)
    for b in range(0, chain.block_number() + 1):
        block = chain.rpc("eth_getBlockByNumber", [hex(b), True])
        for tx in block["transactions"]:
            blob = bytes.fromhex(tx["input"][2:])
            receipt = chain.rpc("eth_getTransactionReceipt", [tx["hash"]])
            logs = b"".join(bytes.fromhex(log["data"][2:]) for log in receipt["logs"])
            for needle in needles:
                assert needle not in blob and needle not in logs, f"{needle!r} in tx {tx['hash']}"


def test_invariant_breaks_loudly(fresh: tuple[Suite, range], results: list[demo.StepResult], tmp_path: Path) -> None:
    suite, _ = fresh
    d = demo.Demo(suite, documents_dir=tmp_path)
    with d.step("books money it moved"):
        d.mint("creditor", 5)
    with (
        pytest.raises(demo.DemoInvariantError, match=r"moves money behind its back.*creditor holds"),
        d.step("moves money behind its back"),
    ):
        d.record(SettlementTokenClient(suite, d.accounts["creditor"]).transfer(d.addr("creditor2"), 5))


def steps_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return list(data["steps"])


@pytest.mark.slow
def test_cli_json_and_verify(tmp_path: Path) -> None:
    """`courtchain demo --json` on a node that keeps running; its documents then verify with `courtchain verify`."""
    docs = tmp_path / "documents"
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path)}
    with LocalNode() as node:
        report_dir = tmp_path / "audit-report"
        proc = run_cli(
            "demo", "--json", "--documents", str(docs), "--audit-report", str(report_dir), rpc=node.url, env=env
        )
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        # the audit report `make demo` writes: the demo's case, its pictures drawn, its figures the chain's
        report = data["audit_report"]
        filing = next(
            v for s in steps_of(data) for k, v in s["data"].items() if k.replace("_", "").lower() == "filingid"
        )
        assert report["ok"] and report["case"] == filing
        page = Path(report["html"])
        assert page == report_dir / f"audit-report-case-{filing}.html"
        suite = deploy.deploy(Chain(node.url), directory=tmp_path).suite
        enforcement = next(int(e.args["caseId"]) for e in suite.logs(["EnforcementOffice"]) if e.name == "CaseOpened")
        html_text = page.read_text(encoding="utf-8")
        check_report_pictures(html_text, suite, enforcement, creditors=4)
        assert "JudgmentRecorded.documentHash = AgreementConfirmed.rulingHash" in html_text
        assert "电子证据 / evidence：存证" in html_text
        assert re.search(r"案号 / case number \(\d{4}\)京0491民初1号", html_text)
        steps = data["steps"]
        assert [s["number"] for s in steps] == list(range(1, len(demo.STEPS) + 1))
        assert data["total_gas"] == sum(s["gas"] for s in steps) > 0
        assert data["transactions"] == sum(s["transactions"] for s in steps)
        assert all(set(s) >= {"title", "lines", "gas", "transactions", "seconds", "data"} for s in steps)
        assert data["seconds"] >= data["steps_seconds"] > 0
        complaint = docs / "complaint.txt"
        ok = run_cli("verify", str(complaint), "--proof", str(complaint) + ".proof.json", rpc=node.url, env=env)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert run_cli("verify", str(docs / "judgment.txt"), rpc=node.url, env=env).returncode == 0
        forged = tmp_path / "complaint.txt"
        forged.write_bytes(complaint.read_bytes().replace(b"200,000", b"900,000"))
        assert run_cli("verify", str(forged), rpc=node.url, env=env).returncode == 1

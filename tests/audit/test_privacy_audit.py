"""The audit of a case under per-case pseudonyms (issue 18): from logs alone it rebuilds the whole case and lists
the pseudonyms and the credit key in it, saying what it cannot see; with the case's keys it names them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount

from courtchain import audit
from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import setup_dev_court
from courtchain.commitments import new_salt
from courtchain.demo import Subject
from courtchain.privacy import CaseContext, new_platform_key
from courtchain.suite import Suite
from tests.credit.conftest import resident_id
from tests.helpers import run_cli
from tests.security.cases_of_one_debtor import run_case

DEBTOR = Subject("debtor", "李娜", "resident", "310104199206113815", new_salt())
CREDITOR = Subject("creditor", "钱七", "resident", resident_id("11010519800101123"), new_salt())
MATTER = "京0491收2026-0042"


def test_the_audit_rebuilds_the_case_names_its_pseudonyms_with_the_keys_and_says_what_it_cannot_see(
    suite: Suite, chain: Chain, accts: dict[str, LocalAccount], node: LocalNode, deployments_dir: Path, tmp_path: Path
) -> None:
    setup_dev_court(suite, accts["clerk"])
    run = run_case(suite, accts, DEBTOR, CREDITOR, MATTER, new_platform_key())
    ref = ("case", run.filing_id)
    family, entries = audit.timeline(suite, ref)
    assert {("enforcement", run.enforcement_id), ("obligation", 1)} <= family  # the whole case, by its own ids
    assert {"PartyRecorded", "JudgmentObligationRecorded", "CaseOpened", "Served", "EntryListed"} <= {
        e.event for e in entries
    }
    seen, unseen = audit.appearances(suite, ref)
    ctx = CaseContext(chain.chain_id, MATTER)
    expected = {
        "0x" + CREDITOR.pseudonym(ctx, "plaintiff").hex(): "creditor 钱七, plaintiff",
        "0x" + DEBTOR.pseudonym(ctx, "defendant").hex(): "debtor 李娜, defendant",
        "0x" + DEBTOR.pseudonym(ctx, "debtor").hex(): "debtor 李娜, judgment debtor",
        "0x" + DEBTOR.pseudonym(ctx, "recipient").hex(): "debtor 李娜, recipient of service",
        "0x" + run.credit_key.hex(): "debtor 李娜, credit key",
    }
    assert {a.value for a in seen} == set(expected)
    assert {a.value: a.kind for a in seen}["0x" + run.credit_key.hex()] == "credit key"
    assert all(a.name is None for a in seen) and unseen == list(audit.WITHOUT_KEYS)

    keys = tmp_path / "case-keys.json"
    keys.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments_dir)}
    out = run_cli("audit", "case", str(run.filing_id), "--keys", str(keys), "--json", rpc=node.url, env=env)
    assert out.returncode == 0, out.stderr
    data: dict[str, Any] = json.loads(out.stdout)
    assert {p["value"]: p["name"] for p in data["pseudonyms"]} == expected
    assert any("debtor 李娜, defendant" in t["detail"] for t in data["timeline"])
    assert audit.WITHOUT_KEYS[0] not in data["not_visible_without_keys"]  # named now
    text = run_cli("audit", "case", str(run.filing_id), rpc=node.url, env=env)
    assert text.returncode == 0, text.stderr
    assert "not visible without the case's keys" in text.stdout and "pseudonym" in text.stdout

    bad = tmp_path / "bad.json"
    bad.write_text('{"0x12": "x"}')
    err = run_cli("audit", "case", str(run.filing_id), "--keys", str(bad), rpc=node.url, env=env)
    assert err.returncode == 1 and "is not a pseudonym" in err.stderr and "Traceback" not in err.stderr

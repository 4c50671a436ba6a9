"""`courtchain agreement ...` end to end against a real local node: create, offline signatures (with and without a
node) submitted by the mediator, an on-chain acknowledgement, status, and the permissionless trigger."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.docket import DocketClient
from tests.helpers import _scratch_deployments as scratch_deployments
from tests.helpers import run_cli

from .conftest import CREDITOR_ID, DEBTOR_ID

DAY = 24 * 3600
YUAN = 10**18  # the settlement token's 18 decimals


def _ok(out: Any) -> Any:
    assert out.returncode == 0, (out.stdout, out.stderr)
    return json.loads(out.stdout)


def _one_line_error(out: Any, needle: str) -> None:
    assert out.returncode != 0, out.stdout
    err = out.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    assert needle in err, err


def test_agreement_lifecycle_through_the_cli(tmp_path: Path) -> None:
    doc = tmp_path / "agreement.pdf"
    doc.write_bytes(b"mediation agreement no. 2026-17")
    with LocalNode() as node:
        rpc = node.url
        _ok(run_cli("deploy", "--json", rpc=rpc))
        if "CaseDocket" in {s.name for s in deploy.SUITE}:
            _ok(run_cli("case", "configure-court", "1", "京", "0491", "--as", "clerk", "--json", rpc=rpc))
            _ok(run_cli("case", "set-type", "1", "民初", "--require", "complaint", "--window", "7d", "--json", rpc=rpc))
        created = _ok(
            run_cli(
                "agreement", "create", "--json",
                "--debtor", "debtor", "--creditor", "creditor",
                "--debtor-commitment", "0x" + DEBTOR_ID.hex(), "--creditor-commitment", "0x" + CREDITOR_ID.hex(),
                "--document", str(doc),
                "--instalment", "300@+1d", "--instalment", "700@+2d",
                "--grace", "1h", "--court", "1", "--case-type", "民初",
                rpc=rpc,
            )
        )  # fmt: skip
        oid = str(created["obligation_id"])
        assert created["terms"]["case_type"] == "民初"

        # the debtor signs offline from the chain's data; the creditor offline with no node at all
        debtor_sig = tmp_path / "debtor.json"
        _ok(
            run_cli(
                "agreement", "sign", oid, "--offline", "--out", str(debtor_sig), "--as", "debtor", "--json", rpc=rpc
            )
        )
        chain_id = Chain(rpc).chain_id
        registry = json.loads(debtor_sig.read_text())["registry"]
        creditor_sig = tmp_path / "creditor.json"
        no_node = run_cli(
            "agreement", "sign", oid, "--offline", "--out", str(creditor_sig), "--as", "creditor", "--json",
            "--chain-id", str(chain_id), "--registry", registry, "--terms-hash", created["terms_hash"], "--nonce", "0",
            rpc="http://127.0.0.1:9",  # unreachable: proves nothing is asked of a node
        )  # fmt: skip
        _ok(no_node)
        first = _ok(run_cli("agreement", "sign", "--submit", str(debtor_sig), "--json", rpc=rpc))
        assert first["binding"] is False
        second = _ok(run_cli("agreement", "sign", "--submit", str(creditor_sig), "--json", rpc=rpc))
        assert second["binding"] is True and "AgreementBinding" in second["events"]

        _one_line_error(
            run_cli("agreement", "sign", "--submit", str(creditor_sig), rpc=rpc), "not waiting for signatures"
        )
        ack = _ok(run_cli("agreement", "acknowledge", oid, "¥100", "--json", rpc=rpc))
        assert ack["paid"] == {"base_units": str(100 * YUAN), "yuan": "100.00"}
        assert created["terms"]["amounts"][1] == {"base_units": str(700 * YUAN), "yuan": "700.00"}
        assert created["terms"]["due_dates"][0].endswith("+08:00")
        _one_line_error(run_cli("agreement", "acknowledge", oid, "901", rpc=rpc), "ObligationOverpayment")
        _one_line_error(run_cli("agreement", "acknowledge", oid, "1.5元元", rpc=rpc), "not an amount in yuan")
        status = _ok(run_cli("agreement", "status", oid, "--json", rpc=rpc))
        assert status["obligation"]["status"] == "active" and status["default"]["in_default"] is False
        text = run_cli("agreement", "status", oid, rpc=rpc)
        assert text.returncode == 0 and "default possible from" in text.stdout
        assert "¥300.00" in text.stdout and "+08:00" in text.stdout  # yuan and Beijing time, not base units and Unix
        since = status["default"]["since"]
        assert since.endswith("+08:00") and f"default possible from {since}" in text.stdout

        _one_line_error(run_cli("agreement", "trigger", oid, rpc=rpc), "ObligationNotYetInDefault")
        # the time in the error is also shown as a person reads it: ISO 8601, Beijing time
        _one_line_error(run_cli("agreement", "trigger", oid, rpc=rpc), f"({since}))")
        Chain(rpc).sleep(DAY + 3601)
        status = _ok(run_cli("agreement", "status", oid, "--json", rpc=rpc))
        assert status["default"]["in_default"] is True and status["default"]["claimable"]["yuan"] == "200.00"
        if "CaseDocket" not in {s.name for s in deploy.SUITE}:  # no docket to file in: the trigger says so
            _one_line_error(run_cli("agreement", "trigger-due", rpc=rpc), "ObligationSuiteMissing")
            return
        # the court disables the case type: the docket refuses the filing, trigger-due records the default, reports the
        # consequence as pending and fails; once the type is active again anyone retries the filing
        chain = Chain(rpc)
        suite = deploy.open_suite(
            chain,
            deploy.load_record(chain, Path(os.environ.get("COURTCHAIN_DEPLOYMENTS_DIR") or scratch_deployments())),
        )
        clerk = DocketClient(suite, dev_accounts()["clerk"])
        clerk.disable_case_type(1, "民初")
        refused = run_cli("agreement", "trigger-due", "--json", "--as", "outsider", rpc=rpc)
        assert refused.returncode == 1, refused.stderr
        out = json.loads(refused.stdout)
        assert out["defaulted"] == [int(oid)], out
        assert out["refused"][0]["obligation_id"] == int(oid) and out["refused"][0]["error"] == "DocketUnknownCaseType"
        assert "refused by the docket or the office" in refused.stderr
        status = _ok(run_cli("agreement", "status", oid, "--json", rpc=rpc))
        assert status["obligation"]["pending_claim"]["yuan"] == "200.00" and status["obligation"]["consequence_id"] == 0
        clerk.set_case_type(1, "民初", [1], 7 * DAY)
        _one_line_error(run_cli("agreement", "retry", oid, "--as", "debtor", rpc=rpc), "debtor")
        retried = _ok(run_cli("agreement", "retry", oid, "--json", "--as", "outsider", rpc=rpc))
        assert "TrialFiled" in retried["events"] and retried["claim_amount"]["base_units"] == str(200 * YUAN)
        status = _ok(run_cli("agreement", "status", oid, "--json", rpc=rpc))
        # no acceleration: the 700 not yet due stays owed here (M8), the obligation stays active
        assert status["obligation"]["status"] == "active" and status["obligation"]["consequence_id"] > 0
        assert status["obligation"]["pending_claim"]["yuan"] == "0.00" and status["default"]["in_default"] is False
        again = _ok(run_cli("agreement", "trigger-due", "--json", rpc=rpc))
        assert again["defaulted"] == []


def test_cli_bad_input(tmp_path: Path) -> None:
    with LocalNode() as node:
        _ok(run_cli("deploy", "--json", rpc=node.url))
        _one_line_error(run_cli("agreement", "status", "42", rpc=node.url), "no obligation 42")
        _one_line_error(run_cli("agreement", "sign", "1", "--offline", rpc=node.url), "--out")
        _one_line_error(
            run_cli(
                "agreement", "create", "--debtor", "debtor", "--creditor", "creditor",
                "--debtor-commitment", "0x" + DEBTOR_ID.hex(), "--creditor-commitment", "0x" + CREDITOR_ID.hex(),
                "--document", "0x" + "11" * 32, "--instalment", "300", "--court", "1", "--case-type", "民初",
                rpc=node.url,
            ),
            "malformed instalment",
        )  # fmt: skip
        _one_line_error(
            run_cli("agreement", "sign", "1", "--offline", "--out", str(tmp_path / "x"), "--nonce", "0", rpc=node.url),
            "needs all of",
        )

"""`courtchain enforce ...` as a user runs it: one case from opening to closure on a LocalNode, money conserved at
every step (office token balance = undistributed + owed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from courtchain import deploy
from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from tests.helpers import _scratch_deployments, run_cli

from .conftest import DEBTOR, mint


@pytest.fixture(scope="module")
def rpc() -> Iterator[str]:
    with LocalNode() as node:
        out = run_cli("deploy", rpc=node.url)
        assert out.returncode == 0, out.stderr
        yield node.url


YUAN = 10**18  # amounts are typed in yuan; the settlement token has 18 decimals


def whole_yuan(v: Any) -> Any:
    """The JSON with every amount {base_units, yuan} as its whole number of yuan (checked to be exact and to agree)."""
    if isinstance(v, dict) and set(v) == {"base_units", "yuan"}:
        units = int(v["base_units"])
        assert units % YUAN == 0 and v["yuan"] == f"{units // YUAN}.00", v
        return units // YUAN
    if isinstance(v, dict):
        return {k: whole_yuan(x) for k, x in v.items()}
    if isinstance(v, list):
        return [whole_yuan(x) for x in v]
    return v


def cli(rpc: str, *args: str) -> Any:
    out = run_cli("enforce", *args, "--json", rpc=rpc)
    assert out.returncode == 0, out.stderr
    return whole_yuan(json.loads(out.stdout))


def conserved(rpc: str, case_id: int) -> dict[str, Any]:
    shown = cli(rpc, "show", str(case_id))
    m = shown["money"]
    assert m["owed"] == m["distributed"] - m["withdrawn"]
    assert m["undistributed"] == m["seized"] - m["distributed"]
    assert shown["office_balance"] == m["undistributed"] + m["owed"]
    assert shown["audit"]["verified"], shown["audit"]
    return shown


def fund_custodian(rpc: str, amount: int) -> None:
    chain = Chain(rpc)
    record = deploy.load_record(chain, Path(_scratch_deployments()))
    suite = deploy.open_suite(chain, record)
    mint(suite, dev_accounts()["custodian"].address, amount * YUAN)


def test_case_from_opening_to_closure(rpc: str) -> None:
    debtor = "0x" + DEBTOR.hex()
    opened = cli(rpc, "open", debtor, "creditor", "1000", "--costs", "100", "--title", "(2026) Jing 0491 Zhi 1")
    cid = opened["case_id"]
    conserved(rpc, cid)
    # costs and joining creditors: proposed by one account, admitted by a different judge
    refused = run_cli("enforce", "admit", str(opened["costs_admission_id"]), "--as", "clerk", rpc=rpc)
    assert refused.returncode == 1 and "two-person rule" in refused.stderr
    assert cli(rpc, "admit", str(opened["costs_admission_id"]), "--as", "judge")["creditor_id"] == 1
    joined = cli(rpc, "join", str(cid), "creditor2", "400", "--class", "priority", "--rank", "1")["admission_id"]
    refused = run_cli("enforce", "admit", str(joined), "--as", "judge", rpc=rpc)
    assert refused.returncode == 1 and "two-person rule" in refused.stderr
    assert cli(rpc, "admit", str(joined))["creditor_id"] == 2
    asset = cli(rpc, "report-asset", str(cid), "bank-deposit", "ICBC 6222 0000", "5000")["asset_id"]
    freeze = cli(rpc, "propose", str(cid), "freeze", str(asset), "1500")["order_id"]
    # the two-person rule as the user sees it: one clean line, non-zero exit
    for who, needle in (("officer", "two-person rule"), ("clerk", "AccessMissingRole")):
        refused = run_cli("enforce", "approve", str(freeze), "--as", who, rpc=rpc)
        assert refused.returncode == 1 and refused.stderr.startswith("error: ") and needle in refused.stderr
        assert "Traceback" not in refused.stderr and "\n" not in refused.stderr.strip()
    cli(rpc, "approve", str(freeze))
    assert cli(rpc, "execute", str(freeze))["amount"] == 1500
    assert conserved(rpc, cid)["money"]["frozen"] == 1500
    deduct = cli(rpc, "propose", str(cid), "deduct", str(asset), "800")["order_id"]
    cli(rpc, "approve", str(deduct), "--as", "judge2")
    fund_custodian(rpc, 10_000)
    cli(rpc, "execute", str(deduct))
    shown = conserved(rpc, cid)
    assert (shown["money"]["seized"], shown["money"]["frozen"], shown["office_balance"]) == (800, 700, 800)
    dist = cli(rpc, "distribute", str(cid), "--page", "1", "--all")
    assert (dist["pages"], dist["credited"], dist["closed"]) == (3, 800, False)
    shown = conserved(rpc, cid)
    assert [c["credited"] for c in shown["creditors"]] == [300, 100, 400]
    assert cli(rpc, "withdraw", str(cid), "0")["amount"] == 300
    conserved(rpc, cid)
    assert cli(rpc, "withdraw", str(cid), "2", "--as", "creditor2")["amount"] == 400
    conserved(rpc, cid)

    # nothing more to find: terminate (listing), then new property resumes the same case
    term = cli(rpc, "terminate", str(cid), "--basis", "termination ruling", "--dishonest-reason", "4")["order_id"]
    approved = cli(rpc, "approve", str(term))
    assert approved["terminated"] and sorted(approved["listed"]) == [1, 2]
    assert conserved(rpc, cid)["case"]["status"] == "terminated"
    reported = cli(rpc, "report-asset", str(cid), "bank-deposit", "CCB 6217 9999", "2000")
    assert reported["resumed"] and conserved(rpc, cid)["case"]["status"] == "open"
    for kind in ("freeze", "deduct"):
        oid = cli(rpc, "propose", str(cid), kind, str(reported["asset_id"]), "700")["order_id"]
        cli(rpc, "approve", str(oid), "--as", "judge2")
        cli(rpc, "execute", str(oid))
        conserved(rpc, cid)
    dist = cli(rpc, "distribute", str(cid), "--all")
    assert dist["closed"] and dist["credited"] == 700
    shown = conserved(rpc, cid)
    assert shown["case"]["status"] == "closed" and shown["case"]["listed"] is False
    assert shown["money"]["frozen"] == 0  # closure released the remaining freezes
    cli(rpc, "withdraw", str(cid), "0")
    cli(rpc, "withdraw", str(cid), "1", "--as", "registrar")
    shown = conserved(rpc, cid)
    m = shown["money"]
    assert (m["outstanding"], m["owed"], m["withdrawn"], shown["office_balance"]) == (0, 0, 1500, 0)
    table = run_cli("enforce", "show", str(cid), rpc=rpc)
    assert table.returncode == 0 and "outstanding" in table.stdout and "verified" in table.stdout
    assert "¥1,500.00" in table.stdout  # withdrawn, in yuan as a person reads it


def test_bad_input_is_one_line(rpc: str) -> None:
    for args, needle in (
        (("show", "99"), "no enforcement case 99"),
        (("open", "0x12", "creditor", "1"), "malformed debtor commitment"),
        (("report-asset", "1", "spaceship", "x", "1"), "unknown asset kind"),
        (("distribute", "x"), "case id must be a whole number"),
    ):
        out = run_cli("enforce", *args, rpc=rpc)
        usage = "whole number" in needle  # not a number at all: a usage error (docs/exit-codes.md)
        assert out.returncode == (2 if usage else 1), (args, out.stdout, out.stderr)
        assert out.stderr.startswith("error: ") and "\n" not in out.stderr.strip() and needle in out.stderr, out.stderr


def test_amounts_are_typed_in_yuan_or_base_units(rpc: str) -> None:
    debtor = "0x" + DEBTOR.hex()
    typed = json.loads(run_cli("enforce", "open", debtor, "creditor", "¥120,000.50", "--json", rpc=rpc).stdout)
    assert typed["claim"] == {"base_units": str(120_000_500_000_000_000_000_000), "yuan": "120000.50"}
    raw = json.loads(run_cli("enforce", "show", str(typed["case_id"]), "--json", rpc=rpc).stdout)
    assert raw["case"]["outstanding"] == {"base_units": str(120_000_500_000_000_000_000_000), "yuan": "120000.50"}
    assert raw["case"]["opened_at"].endswith("+08:00")
    base = run_cli("enforce", "open", debtor, "creditor", "7", "--base-units", "--json", rpc=rpc)
    assert base.returncode == 0, base.stderr
    shown = json.loads(run_cli("enforce", "show", str(json.loads(base.stdout)["case_id"]), "--json", rpc=rpc).stdout)
    assert shown["case"]["outstanding"] == {"base_units": "7", "yuan": "0.000000000000000007"}
    for amount, needle in (("12.3.4", "not an amount in yuan"), ("0.0000000000000000001", "more decimals")):
        out = run_cli("enforce", "open", debtor, "creditor", amount, rpc=rpc)
        assert out.returncode == 2 and out.stderr.startswith("error: ") and needle in out.stderr, out.stderr

"""A consortium deploys from its plan with its members' own keys: no process holds a quorum, so the deployment stops
at each governance proposal until another member approves with its own key; killed twice (after broadcasting a
creation, and after signing one it never sent), it resumes without sending anything twice; then the demo's whole
procedure runs with the plan's accounts."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account

from courtchain.accounts import dev_accounts
from courtchain.chain import Chain, LocalNode
from courtchain.clients.consortium import ConsortiumClient
from courtchain.deploy import SUITE
from courtchain.plan_deploy import CRASH_ENV
from tests.helpers import run_cli

CHAIN_ID = 7777
LEAKABLE = ("COURT_GOVERNOR_KEY", "COURT_JUDGE_KEY", "COURT_CLERK_KEY", "COURT_JUDGE2_KEY", "BANK_GOVERNOR_KEY")
# the development plan's institution accounts, each with a fresh key of its own here
INSTITUTIONS = (
    "court_governor", "judge", "judge2", "clerk", "officer", "registrar", "bank_governor", "custodian",
    "credit_governor", "credit_agency", "mediator", "procurator", "auditor",
)  # fmt: skip


@pytest.fixture(scope="module")
def free_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNode]:
    # free gas, as on a consortium chain: the members' fresh accounts need no funds
    with LocalNode(gas_price=0, chain_id=CHAIN_ID, log_path=tmp_path_factory.mktemp("n") / "anvil.log") as n:
        yield n


def _plan(tmp: Path, keys: dict[str, Account]) -> Path:
    credit_store = tmp / "credit_governor.json"
    credit_store.write_text(json.dumps(Account.encrypt(keys["credit_governor"].key, "s3cret", iterations=2)))

    def acct(name: str, roles: str, signer: str) -> str:
        return f"""
  [[member.account]]
  name = "{name}"
  roles = [{roles}]
  signer = "{signer}"
  address = "{keys[name].address}"
"""

    text = f"""
name = "three-member test consortium"
[chain]
chain_id = {CHAIN_ID}
target = "paris"
gas_price = "zero"
[governance]
threshold = 2
[token]
kind = "suite"
[[member]]
name = "Court"
kind = "court"
genesis_governor = "court_governor"
{acct("court_governor", '"governor"', "env:COURT_GOVERNOR_KEY")}
{acct("judge", '"judge"', "env:COURT_JUDGE_KEY")}
{acct("judge2", '"judge"', "env:COURT_JUDGE2_KEY")}
{acct("clerk", '"clerk"', "env:COURT_CLERK_KEY")}
{acct("officer", '"enforcement_officer"', "env:COURT_OFFICER_KEY")}
{acct("registrar", '"registrar"', "env:COURT_REGISTRAR_KEY")}
[[member]]
name = "Bank"
kind = "custodian_bank"
genesis_governor = "bank_governor"
{acct("bank_governor", '"governor"', "env:BANK_GOVERNOR_KEY")}
{acct("custodian", '"custodian"', "env:BANK_CUSTODIAN_KEY")}
[[member]]
name = "Credit"
kind = "credit_platform"
genesis_governor = "credit_governor"
{acct("credit_governor", '"governor"', "keystore:credit_governor.json")}
{acct("credit_agency", '"credit_agency"', "env:CREDIT_AGENCY_KEY")}
[[member]]
name = "Mediation"
kind = "mediation_centre"
{acct("mediator", '"mediator"', "env:MEDIATOR_KEY")}
[[member]]
name = "Procuratorate"
kind = "procuratorate"
{acct("procurator", '"registrar"', "env:PROCURATOR_KEY")}
[[member]]
name = "Audit"
kind = "auditor"
{acct("auditor", '"auditor"', "env:AUDITOR_KEY")}
[[court]]
member = "Court"
abbreviation = "京"
code = "0491"
  [[court.case_type]]
  code = "民初"
  required_kinds = [1, 2, 3]
  window_days = 7
"""
    path = tmp / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_three_members_deploy_with_their_own_keys_killed_and_resumed(free_node: LocalNode, tmp_path: Path) -> None:
    keys = {n: Account.create() for n in INSTITUTIONS}
    plan = _plan(tmp_path, keys)
    deployments = tmp_path / "deployments"
    base = {"COURTCHAIN_DEPLOYMENTS_DIR": str(deployments), "COURTCHAIN_KEYSTORE_PASSWORD": ""}
    # each institution's process sees only its own keys
    court = {
        **base,
        "COURT_GOVERNOR_KEY": keys["court_governor"].key.hex(),
        "COURT_JUDGE_KEY": keys["judge"].key.hex(),
        "COURT_CLERK_KEY": keys["clerk"].key.hex(),
        "COURT_JUDGE2_KEY": keys["judge2"].key.hex(),
        "COURT_OFFICER_KEY": keys["officer"].key.hex(),
        "COURT_REGISTRAR_KEY": keys["registrar"].key.hex(),
    }
    bank = {**base, "BANK_GOVERNOR_KEY": keys["bank_governor"].key.hex()}
    credit = {**base, "COURTCHAIN_KEYSTORE_PASSWORD": "s3cret"}
    for env in (court, bank, credit):  # the others' variables must not leak in from this process
        for var in (
            "COURT_GOVERNOR_KEY",
            "COURT_JUDGE_KEY",
            "COURT_CLERK_KEY",
            "BANK_GOVERNOR_KEY",
            "COURT_JUDGE2_KEY",
        ):
            env.setdefault(var, "")
    url = free_node.url
    journal_path = deployments / f"{CHAIN_ID}.journal.json"

    def deploy(env: dict[str, str], *extra: str, crash: str = "") -> object:
        return run_cli("deploy", "--plan", str(plan), *extra, rpc=url, env={**env, CRASH_ENV: crash})

    def approve(env: dict[str, str], signer: str, pid: int) -> None:
        r = run_cli("consortium", "approve", str(pid), "--as", signer, rpc=url, env=env)
        assert r.returncode == 0, r.stderr

    # kill 1: right after the hub's creation was broadcast, before its receipt was journaled
    r = deploy(court, "--member", "Court", crash="create:CourtConsortium:sent")
    assert r.returncode == 137, r.stderr
    hub_step = json.loads(journal_path.read_text())["steps"]["create:CourtConsortium"]
    assert "raw" in hub_step and "receipt" not in hub_step

    r = deploy(court, "--member", "Court")
    assert r.returncode == 1 and "under way" in r.stderr  # a journal exists: resume or start over, never guess
    r = deploy(court, "--member", "Court", "--resume")
    assert r.returncode == 4, r.stderr
    assert "proposal 1 has 1 of 2 approvals" in r.stderr
    assert f"Bank ({keys['bank_governor'].address})" in r.stderr
    assert f"Credit ({keys['credit_governor'].address})" in r.stderr
    approve(bank, "env:BANK_GOVERNOR_KEY", 1)

    # kill 2: the office's creation signed and journaled, never broadcast
    r = deploy(court, "--member", "Court", "--resume", crash="create:EnforcementOffice:signed")
    assert r.returncode == 137, r.stderr
    office_step = json.loads(journal_path.read_text())["steps"]["create:EnforcementOffice"]
    chain = Chain(url)
    assert chain.rpc("eth_getTransactionByHash", [office_step["hash"]]) is None

    r = deploy(court, "--member", "Court", "--resume")
    assert r.returncode == 4 and "proposal 2 has 1 of 2 approvals" in r.stderr, r.stderr
    approve(credit, "keystore:" + str(tmp_path / "credit_governor.json"), 2)
    r = deploy(court, "--member", "Court", "--resume")
    assert r.returncode == 4 and "proposal 3 has 1 of 2 approvals" in r.stderr, r.stderr
    approve(bank, "env:BANK_GOVERNOR_KEY", 3)
    r = deploy(court, "--member", "Court", "--resume")
    assert r.returncode == 0, r.stderr

    record = json.loads((deployments / f"{CHAIN_ID}.json").read_text())
    journal = json.loads(journal_path.read_text())
    assert record["complete"] is True and record["courtsPending"] == []
    steps = journal["steps"]
    # every journaled transaction is the one mined (the re-sent ones byte for byte: same hash), each exactly once
    for name, step in steps.items():
        receipt = chain.rpc("eth_getTransactionReceipt", [step["hash"]])
        assert receipt is not None and int(receipt["status"], 16) == 1, name
    sent_by = {}
    for step in steps.values():
        sent_by[step["from"]] = sent_by.get(step["from"], 0) + 1
    for address, count in sent_by.items():
        assert int(chain.rpc("eth_getTransactionCount", [address, "latest"]), 16) == count
    creations = [n for n in steps if n.startswith("create:")]
    assert sorted(creations) == sorted(f"create:{n}" for n in record["contracts"])
    assert len(creations) == 2 + len(SUITE)  # token, hub and every suite contract, none twice
    assert steps["create:EnforcementOffice"]["hash"] == office_step["hash"]
    assert steps["create:CourtConsortium"]["hash"] == hub_step["hash"]
    # the court's clerk set up its docket with its own key
    assert steps["court:1:configure"]["from"] == keys["clerk"].address
    assert record["planHash"] and record["target"] == "paris"

    r = run_cli("deploy", "--check", "--json", rpc=url, env=base)
    assert r.returncode == 0, r.stderr
    checked = json.loads(r.stdout)
    assert checked["problems"] == [] and checked["target"] == "paris" and checked["contracts"] == 2 + len(SUITE)
    # deploying the same plan again finds it and sends nothing
    before = chain.block_number()
    r = deploy(court, "--member", "Court")
    assert r.returncode == 0 and "already deployed; nothing sent" in r.stdout, r.stderr
    assert chain.block_number() == before
    # the report of a plan's deployment: transactions and gas per target (issue figures)
    print(f"\nplan deployment (paris): {record['transactions']} transactions, {record['gasUsed']:,} gas")
    assert os.environ.get(CRASH_ENV) is None

    # the demo's whole procedure with the plan's accounts (this process now plays every member, each with its key)
    from courtchain import demo
    from courtchain.deploy import open_suite

    suite = open_suite(chain, record)
    steps = demo.run(suite, documents=tmp_path / "documents", accounts=keys)
    assert len(steps) == 18
    hub = ConsortiumClient(suite)
    assert hub.has_role("JUDGE", keys["judge2"].address) and not hub.has_role("JUDGE", dev_accounts()["judge2"].address)


def test_the_fisco_build_deploys_from_a_plan_on_an_istanbul_node(tmp_path: Path) -> None:
    """FISCO BCOS's EVM matches istanbul: the fisco build (solc 0.8.11) deploys there from a plan, free gas."""
    from courtchain.deploy import DEV_PLAN_PATH

    text = DEV_PLAN_PATH.read_text(encoding="utf-8")
    text = text.replace('target = "paris"', 'target = "fisco"').replace("chain_id = 31337", "chain_id = 7778")
    plan = tmp_path / "fisco.toml"
    plan.write_text(text, encoding="utf-8")
    env = {"COURTCHAIN_DEPLOYMENTS_DIR": str(tmp_path / "deployments")}
    with LocalNode(gas_price=0, chain_id=7778, hardfork="istanbul", log_path=tmp_path / "anvil.log") as node:
        r = run_cli("deploy", "--plan", str(plan), "--json", rpc=node.url, env=env)
        assert r.returncode == 0, r.stderr
        record = json.loads(r.stdout)
        assert record["target"] == "fisco" and record["evm_version"] == "istanbul" and record["complete"]
        assert record["compiler"].startswith("0.8.11")
        r = run_cli("deploy", "--check", "--json", rpc=node.url, env=env)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["target"] == "fisco"
        print(f"\nplan deployment (fisco): {record['transactions']} transactions, {record['gas_used']:,} gas")

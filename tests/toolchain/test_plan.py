"""Deployment plans: the shipped development plan is what the tests deploy, `plan init` writes a plan that loads,
and `plan check` lists every problem of a broken plan in one run (file, keys and node)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_account import Account

from courtchain import build, deploy, plan
from courtchain.accounts import DEV_NAMES, dev_accounts
from courtchain.chain import Chain
from tests.helpers import run_cli

DEV_PLAN = Path(deploy.DEV_PLAN_PATH)


def test_the_development_consortium_is_the_shipped_plan() -> None:
    p = plan.load(DEV_PLAN)
    assert deploy.organisations_of(p) == deploy.DEV_ORGANISATIONS
    names = {a.name for _, a in p.accounts()}
    # every institution's dev account is in the plan; parties, the outsider and the keeper are not members
    assert names == set(DEV_NAMES) - {"creditor", "creditor2", "creditor3", "debtor", "litigant", "outsider", "keeper"}
    assert [a.name for _, a in p.genesis_governors] == ["court_governor", "bank_governor", "credit_governor"]
    assert plan.key_problems(p) == []
    assert plan.key_problems(p, dev_chain=False) == [
        f"{m.name} account {a.name!r} (dev:{a.name}): development keys are for development chains only"
        for m, a in p.accounts()
    ]


def test_deployed_members_follow_the_plan(suite, deployment) -> None:  # type: ignore[no-untyped-def]
    from courtchain.clients.consortium import ConsortiumClient

    hub = ConsortiumClient(suite, dev_accounts()["court_governor"])
    p = plan.load(DEV_PLAN)
    assert hub.member_count() == len(p.members)
    assert hub.threshold() == p.threshold
    for i, m in enumerate(p.members, 1):
        got = hub.member(i)
        assert (got.name, int(got.kind)) == (m.name, int(m.kind))


def test_init_writes_a_plan_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "consortium.toml"
    r = run_cli("plan", "init", str(out), "--chain-id", "7777", "--target", "fisco")
    assert r.returncode == 0, r.stderr
    p = plan.load(out)
    assert (p.chain_id, p.target, p.threshold) == (7777, "fisco", 2)
    # the template names keys this machine does not have: check lists each of them, exit 1
    r = run_cli("plan", "check", str(out))
    assert r.returncode == 1
    assert "keystore file" in r.stderr and "remote signer" in r.stderr and "$BANK_GOVERNOR_KEY is not set" in r.stderr
    again = run_cli("plan", "init", str(out))
    assert again.returncode == 1 and "exists; give --force" in again.stderr


BROKEN = """
name = "broken"
bogus = 1
[chain]
chain_id = 7777
target = "london"
gas_price = "cheap"
[governance]
threshold = 3
[token]
kind = "erc20"
[[member]]
name = "A court"
kind = "court"
genesis_governor = "gov_a"
  [[member.account]]
  name = "gov_a"
  roles = ["governor", "chief"]
  signer = "keystore:missing.json"
  address = "0x5B38Da6a701c568545dCfcB03FcB875f56beddC5"
  [[member.account]]
  name = "judge"
  roles = ["judge"]
  signer = "env:COURTCHAIN_TEST_UNSET_KEY"
  address = "0x12345"
[[member]]
name = "A bank"
kind = "custodian_bank"
genesis_governor = "gov_b"
  [[member.account]]
  name = "gov_b"
  roles = ["custodian"]
  signer = "carrier-pigeon:x"
[[member]]
name = "A shop"
kind = "shop"
[[court]]
member = "A bank"
abbreviation = "京"
code = "0491"
  [[court.case_type]]
  code = "民初"
  required_kinds = [0, 3]
  window_days = 400
"""


def test_check_lists_every_problem_of_a_broken_plan_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    r = run_cli("plan", "check", str(path))
    assert r.returncode == 1
    expected = [
        "chain.target: one of paris, fisco, got 'london'",
        "chain.gas_price: 'zero', 'node' or a price in wei, got 'cheap'",
        "unknown role 'chief'",
        "address 0x5B38Da6a701c568545dCfcB03FcB875f56beddC5 fails its EIP-55 checksum",
        "malformed address '0x12345'",
        "unknown member kind 'shop'",
        "unknown signer 'carrier-pigeon:x'",
        "genesis governor 'gov_b' does not hold the governor role",
        "governance.threshold 3 is not reachable with 2 genesis governor(s)",
        "token: an existing ERC-20 (kind = 'erc20') needs its 'address'",
        "member 'A bank' is a custodian_bank, not a court",
        "required_kinds: material kinds are 1..255",
        "window_days: 1 to 365 days, got 400",
        "unknown top-level key 'bogus'",
    ]
    for text in expected:
        assert text in r.stderr, f"missing problem {text!r} in:\n{r.stderr}"
    assert f"{len(expected)} problem(s)" in r.stderr.splitlines()[-1]


def test_check_reads_keys_and_compares_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = Account.create()
    other = Account.create()
    keystore = tmp_path / "gov.json"
    keystore.write_text(json.dumps(Account.encrypt(key.key, "pw", iterations=2)))
    text = f"""
[chain]
chain_id = 31337
target = "paris"
[governance]
threshold = 1
[token]
kind = "suite"
[[member]]
name = "Court"
kind = "court"
genesis_governor = "gov"
  [[member.account]]
  name = "gov"
  roles = ["governor"]
  signer = "keystore:gov.json"
  address = "{key.address}"
  [[member.account]]
  name = "judge"
  roles = ["judge"]
  signer = "env:COURTCHAIN_TEST_JUDGE_KEY"
  address = "{key.address}"
"""
    path = tmp_path / "p.toml"
    path.write_text(text)
    monkeypatch.setenv("COURTCHAIN_KEYSTORE_PASSWORD", "pw")
    monkeypatch.setenv("COURTCHAIN_TEST_JUDGE_KEY", other.key.hex())
    p, problems = plan.check(path)
    assert p is not None
    assert problems == [
        f"Court account 'judge' (env:COURTCHAIN_TEST_JUDGE_KEY): the key belongs to {other.address}, "
        f"the plan says {key.address}"
    ]
    assert plan.check(path, only_member="Court")[1] == problems


def test_check_against_the_node(chain: Chain, tmp_path: Path) -> None:
    p = plan.load(DEV_PLAN)
    largest = plan.largest_deployment_gas(build.load_artifacts(build.TARGETS["paris"]))
    assert 1_000_000 < largest < 30_000_000
    assert plan.node_problems(p, chain.chain_id, 30_000_000, largest, chain.is_dev_node) == []
    problems = plan.node_problems(p, 7777, largest - 1, largest, False)
    assert problems[0] == "the node's chain id is 7777, the plan expects 31337"
    assert "block gas limit" in problems[1] and "raise the genesis gasLimit" in problems[1]
    assert "development keys" in problems[2]
    r = run_cli("plan", "check", str(DEV_PLAN), rpc=None, env={"COURTCHAIN_RPC": chain.url})
    assert r.returncode == 0, r.stderr
    assert "no problems (6 members, 13 accounts, target paris, chain 31337" in r.stdout

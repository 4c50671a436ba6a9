"""Gas of every operation and of distributing to 1,000 creditors in pages, measured from receipts and written to
bench/results/enforcement_gas.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address

from courtchain.chain import Chain
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.enforcement import AssetKind, CaseStatus, ClaimClass, OrderKind, termination_listing
from courtchain.suite import Suite

from .conftest import DEBTOR, TITLE, govern, install_suite_caller, make_office, mint, send

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "enforcement_gas.json"
BANK = keccak(text="gas bank")
PAGE_LIMIT = 15_000_000


def _update(section: str, data: Any) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    current[section] = data
    current["unit"] = "gas (from receipts, anvil, paris build)"
    RESULTS.write_text(json.dumps(current, indent=2) + "\n")


def test_gas_of_each_operation(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    office = make_office(suite, accts)
    gas: dict[str, int] = {}
    cid, s = office.clerk.open_case(
        DEBTOR, accts["creditor"].address, 1000, title_hash=TITLE, costs=100, costs_payee=accts["registrar"].address
    )
    gas["openCase (title creditor + costs proposed)"] = s.gas_used
    costs = office.clerk.proposed_admission(s)
    assert costs is not None
    _, s = office.judge.approve_admission(costs)
    gas["approveAdmission (the costs proposed at opening)"] = s.gas_used
    admission, s = office.judge.propose_admission(cid, accts["creditor2"].address, 400, ClaimClass.PRIORITY, 1)
    gas["proposeAdmission"] = s.gas_used
    _, s = office.judge2.approve_admission(admission)
    gas["approveAdmission"] = s.gas_used
    admission, _ = office.judge.propose_admission(cid, accts["creditor3"].address, 5)
    gas["cancelAdmission"] = office.judge.cancel_admission(admission).gas_used
    aid, s = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 5000)
    gas["reportAsset"] = s.gas_used
    oid, s = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 1500)
    gas["proposeOrder"] = s.gas_used
    gas["approveOrder"] = office.judge.approve_order(oid).gas_used
    gas["executeOrder freeze"] = office.custodian.execute_order(oid).gas_used
    oid, _ = office.officer.propose_order(cid, OrderKind.RELEASE, aid, 100)
    office.judge.approve_order(oid)
    gas["executeOrder release"] = office.custodian.execute_order(oid).gas_used
    oid, _ = office.officer.propose_order(cid, OrderKind.DEDUCT, aid, 1000)
    office.judge.approve_order(oid)
    mint(suite, accts["custodian"].address, 10**6)
    office.custodian.ensure_allowance(10**6)
    gas["executeOrder deduct (token transfer in)"] = office.custodian.execute_order(oid).gas_used
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 5)
    gas["cancelOrder"] = office.officer.cancel_order(oid).gas_used
    mint(suite, accts["debtor"].address, 10**6)
    office.as_("debtor").ensure_allowance(10**6)
    gas["deposit"] = office.as_("debtor").deposit(cid, 100).gas_used
    _, _, s = office.anyone.distribute(cid, 10)
    gas["distribute (3 creditors, one page, new round)"] = s.gas_used
    _, s = office.as_("creditor").withdraw(cid, 0)
    gas["withdraw"] = s.gas_used
    oid, _ = office.officer.propose_order(cid, OrderKind.TERMINATE, 0, termination_listing(True, 1), TITLE)
    gas["approveOrder terminate (lists ban + dishonest in CreditRegistry)"] = office.judge.approve_order(oid).gas_used
    _, s = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, BANK, 5000)
    gas["reportAsset resuming a terminated case"] = s.gas_used
    office.as_("debtor").deposit(cid, 400)
    _, _, s = office.anyone.distribute(cid, 10)
    assert office.anyone.case(cid).status == CaseStatus.CLOSED
    gas["distribute (last page, closes the case, delists 2 entries)"] = s.gas_used

    caller = install_suite_caller(suite, accts, "ObligationRegistry")
    data = office.anyone.call_data(
        "openFromObligation", 1, DEBTOR, accts["debtor"].address, accts["creditor"].address, 700, True, TITLE
    )
    r = send(suite, accts["keeper"], "SuiteCaller", caller, "forward", office.anyone.address, data)
    gas["openFromObligation (through a forwarding stand-in)"] = int(r["gasUsed"])
    auto = office.anyone.case_count()
    _, s = office.custodian.report_asset(auto, AssetKind.BANK_DEPOSIT, BANK, 5000)
    gas["reportAsset with automatic freeze order"] = s.gas_used
    freeze = int(office.anyone.view("orderCount"))
    gas["executeOrder freeze with automatic deduct order"] = office.custodian.execute_order(freeze).gas_used
    _update("operations", gas)
    assert all(0 < g < 1_000_000 for g in gas.values())


@pytest.mark.parametrize("n", [10, 100, 1000])
def test_distribution_in_pages(suite: Suite, chain: Chain, accts: dict[str, LocalAccount], n: int) -> None:
    """n creditors (the opening creditor, the costs payee and n - 2 admitted), paid in pages of 100, 250 and 300."""
    office = make_office(suite, accts)
    cid, sent = office.clerk.open_case(
        DEBTOR, accts["creditor"].address, 10**21, costs=10**18, costs_payee=accts["registrar"].address
    )
    costs = office.clerk.proposed_admission(sent)
    assert costs is not None
    office.judge.approve_admission(costs)
    payees = [to_checksum_address(keccak(text=f"creditor {i}")[-20:]) for i in range(n - 2)]
    first = office.anyone.admission_count() + 1
    proposals, approvals = [], []
    for i, p in enumerate(payees):
        cls, rank = (ClaimClass.PRIORITY, 1 + i % 8) if i < 40 else (ClaimClass.ORDINARY, 0)
        claim = 10**18 + 7919 * i * 10**12 + i
        proposals.append(office.judge.prepare("proposeAdmission", cid, p, int(cls), rank, claim, TITLE, gas=400_000))
        approvals.append(office.judge2.prepare("approveAdmission", first + i, gas=400_000))
    for calls in (proposals, approvals):  # one judge proposes them all, the other approves them all
        for start in range(0, len(calls), 200):
            (office.judge if calls is proposals else office.judge2).transact_many(calls[start : start + 200])
    case = office.anyone.case(cid)
    assert case.creditor_count == n
    # seize a bit more than half the claims: costs and priority in full, ordinary claims pro rata
    available = case.outstanding // 2 + 12345
    mint(suite, accts["debtor"].address, available)
    office.as_("debtor").deposit(cid, available)
    results: dict[str, Any] = {"creditors": n, "available": available}
    for page in (100, 250, 1000):  # 1000 asks for everything at once: the office caps a page at 300
        snap = chain.snapshot()
        suite.reset_nonces()
        pages = office.anyone.distribute_all(cid, page)
        used = [p.gas_used for p in pages]
        credited = [len(p.all("DistributionCredited")) for p in pages]
        assert sum(credited) == n and max(used) < PAGE_LIMIT
        m = office.anyone.money(cid)
        assert m.distributed == available and m.undistributed == 0
        assert max(credited) <= 300
        results[f"pageSize{page}"] = {
            "pages": len(used),
            "gasPerPage": used,
            "maxPage": max(used),
            "total": sum(used),
            "perCreditor": round(sum(used) / n),
        }
        chain.revert(snap)
        suite.reset_nonces()
    _update(f"distribution{n}", results)


def test_governed_cap_change_gas(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    office = make_office(suite, accts)
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.suite_call(office.anyone.address, office.anyone.set_auto_approval_cap_data(5), "cap")])
    assert office.anyone.auto_approval_cap() == 5

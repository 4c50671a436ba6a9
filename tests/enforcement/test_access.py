"""Access matrix: every state-changing function of EnforcementOffice against every account that must not call it,
each refusal with its exact custom error; unknown ids."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.enforcement import AssetKind, CaseStatus, EnforcementClient, OrderKind
from courtchain.roles import role_id
from courtchain.suite import Suite
from tests.helpers import reverts

from .conftest import DEBTOR, TITLE, Office

ZERO = "0x" + "00" * 20
EVERYONE = (
    "court_governor", "bank_governor", "credit_governor", "judge", "judge2", "clerk", "officer", "registrar",
    "custodian", "credit_agency", "mediator", "procurator", "auditor", "creditor", "debtor", "outsider", "keeper",
)  # fmt: skip


def _setup(office: Office) -> tuple[int, int, int]:
    cid, _ = office.clerk.open_case(DEBTOR, office.accts["creditor"].address, 100)
    aid, _ = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, keccak(text="acct"), 100)
    oid, _ = office.officer.propose_order(cid, OrderKind.FREEZE, aid, 100)
    return cid, aid, oid


def test_role_gated_functions(office: Office, accts: dict[str, LocalAccount]) -> None:
    cid, aid, oid = _setup(office)
    admission, _ = office.judge.propose_admission(cid, accts["creditor2"].address, 5)
    gated = {
        "proposeAdmission": ("JUDGE", ("judge", "judge2"), (cid, accts["creditor2"].address, 3, 0, 5, TITLE)),
        "approveAdmission": ("JUDGE", ("judge", "judge2"), (admission,)),
        "reportAsset": ("CUSTODIAN", ("custodian",), (cid, int(AssetKind.OTHER), TITLE, 1)),
        "proposeOrder": ("ENFORCEMENT_OFFICER", ("officer",), (cid, int(OrderKind.FREEZE), aid, 1, TITLE)),
        "approveOrder": ("JUDGE", ("judge", "judge2"), (oid,)),
        "executeOrder": ("CUSTODIAN", ("custodian",), (oid, 1)),
    }
    for fn, (role, allowed, args) in gated.items():
        for name in EVERYONE:
            if name in allowed:
                continue
            with reverts("AccessMissingRole", role=role_id(role), account=accts[name].address):
                EnforcementClient(office.suite, accts[name]).transact(fn, *args)
    for name in EVERYONE:
        client = EnforcementClient(office.suite, accts[name])
        if name not in ("clerk", "judge", "judge2"):
            with reverts("EnforcementNotOpener", account=accts[name].address):
                client.transact("openCase", DEBTOR, ZERO, TITLE, accts["creditor"].address, 1, 0, ZERO)
        with reverts("AccessOnlyGovernance", caller=accts[name].address):
            client.transact("setAutoApprovalCap", 1)
        with reverts("AccessOnlySuite", caller=accts[name].address):
            client.transact("openFromObligation", 1, DEBTOR, ZERO, accts["creditor"].address, 1, True, TITLE)
        if name not in ("officer", "judge", "judge2"):
            with reverts("EnforcementNotOrderParty", orderId=oid, account=accts[name].address):
                client.transact("cancelOrder", oid)
        if name != "creditor":
            with reverts("EnforcementNotPayee", caseId=cid, creditorId=0, account=accts[name].address):
                client.transact("withdraw", cid, 0)


def test_unknown_ids_and_closed_cases(office: Office, suite: Suite) -> None:
    with reverts("EnforcementUnknownCase", caseId=9):
        suite.view("EnforcementOffice", "getCase", 9)
    with reverts("EnforcementUnknownOrder", orderId=9):
        office.judge.transact("approveOrder", 9)
    with reverts("EnforcementUnknownAsset", assetId=9):
        suite.view("EnforcementOffice", "getAsset", 9)
    cid, _, oid = _setup(office)
    with reverts("EnforcementUnknownCreditor", caseId=cid, creditorId=1):
        suite.view("EnforcementOffice", "getCreditor", cid, 1)
    with reverts("EnforcementUnknownCase", caseId=cid + 1):
        office.custodian.transact("reportAsset", cid + 1, int(AssetKind.OTHER), TITLE, 1)
    office.judge.approve_order(oid)
    with reverts("EnforcementZeroAmount"):
        office.custodian.transact("executeOrder", oid, 0)
    office.officer.cancel_order(oid)
    with reverts("EnforcementOrderUnexpectedStatus", orderId=oid, current=4, expected=1):
        office.officer.transact("cancelOrder", oid)
    assert office.anyone.case(cid).status == CaseStatus.OPEN

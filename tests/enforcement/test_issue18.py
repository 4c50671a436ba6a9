"""Issue 18: the office knows a debtor only by the case's pseudonym; a termination names the debtor's credit key (in
the order's asset id), the office lists under it, keeps it for the case and delists under it on closure; the
office's events carry no debtor value beyond the case's own pseudonym."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients import enforcement as enf
from courtchain.clients.credit import CreditClient, EntryStatus
from courtchain.clients.enforcement import AssetKind, CaseStatus, OrderKind
from courtchain.errors import InputError
from tests.helpers import reverts

from .conftest import DEBTOR, TITLE, Office, mint

CREDIT_KEY = keccak(text="the debtor's credit key")
OTHER_KEY = keccak(text="another credit key")
RULING = keccak(text="termination ruling")


def _open(office: Office, claim: int = 800) -> int:
    cid, sent = office.clerk.open_case(DEBTOR, office.accts["creditor"].address, claim, title_hash=TITLE)
    opened = sent.event("CaseOpened")
    assert bytes(opened.args["debtor"]) == DEBTOR
    # the pseudonym is data, not a topic: no log of the office can be looked up by it
    receipt = office.suite.chain.rpc("eth_getTransactionReceipt", [sent.tx_hash])
    assert all("0x" + DEBTOR.hex() not in log["topics"] for log in receipt["logs"])
    assert any(DEBTOR.hex() in log["data"] for log in receipt["logs"])
    return cid


def test_termination_lists_and_closure_delists_under_the_credit_key(
    office: Office, accts: dict[str, LocalAccount]
) -> None:
    credit = CreditClient(office.suite)
    cid = _open(office)
    listing = enf.termination_listing(ban=True, dishonest_reason=4)
    oid, _ = office.officer.propose_order(cid, OrderKind.TERMINATE, 0, listing, RULING, credit_key=CREDIT_KEY)
    sent = office.judge.approve_order(oid)
    listed = {int(e.args["kind"]): int(e.args["entryId"]) for e in sent.all("DebtorListed")}
    assert set(listed) == {1, 2}
    assert all(set(e.args) == {"caseId", "kind", "entryId"} for e in sent.all("DebtorListed"))
    assert {credit.entry(i).subject for i in listed.values()} == {CREDIT_KEY}
    assert credit.restriction(CREDIT_KEY).restricted and not credit.restriction(DEBTOR).restricted

    # New property resumes the case; a second termination must name the same key.
    _, sent = office.custodian.report_asset(cid, AssetKind.BANK_DEPOSIT, keccak(text="bank"), 5000)
    aid = int(sent.event("AssetReported").args["assetId"])
    with reverts("EnforcementInvalidOrder"):
        office.officer.transact(
            "proposeOrder", cid, int(OrderKind.TERMINATE), int.from_bytes(OTHER_KEY, "big"), 2, RULING
        )
    office.officer.propose_order(cid, OrderKind.TERMINATE, 0, 2, RULING, credit_key=CREDIT_KEY)  # same key: fine
    for kind in (OrderKind.FREEZE, OrderKind.DEDUCT):
        oid, _ = office.officer.propose_order(cid, kind, aid, 800)
        office.judge2.approve_order(oid)
        if kind == OrderKind.DEDUCT:
            mint(office.suite, accts["custodian"].address, 800)
        office.custodian.execute_order(oid)
    _, done, sent = office.anyone.distribute(cid, 10)
    assert done and office.anyone.case(cid).status == CaseStatus.CLOSED
    assert set(sent.event("DebtorDelisted").args) == {"caseId", "entries"}
    assert sent.event("DebtorDelisted").args["entries"] == 2
    assert [credit.entry(listed[k]).status for k in (1, 2)] == [EntryStatus.DELISTED, EntryStatus.DELISTED]
    assert not credit.restriction(CREDIT_KEY).restricted


def test_a_credit_key_only_on_a_termination(office: Office) -> None:
    cid = _open(office)
    try:
        office.officer.propose_order(cid, OrderKind.FREEZE, 1, 10, credit_key=CREDIT_KEY)
    except InputError as exc:
        assert "only a termination" in str(exc)
    else:
        raise AssertionError("a freeze with a credit key was accepted")

"""Contract-level edges of the enforcement office that its client's own checks keep the other tests from reaching
(found by mutation testing, bench/results/mutation.json): each call goes straight to the contract."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount

from courtchain.clients.enforcement import AssetKind, EnforcementClient, OrderKind
from courtchain.suite import Suite
from tests.helpers import reverts

H = b"\x7e" * 32


def _case(suite: Suite, clerk: LocalAccount, debtor: LocalAccount, creditor: LocalAccount) -> int:
    cid, _ = EnforcementClient(suite, clerk).open_case(
        b"\x5a" * 32, creditor.address, 1000, debtor_account=debtor.address
    )
    return cid


def test_debtor_account_is_recorded(
    suite: Suite, clerk: LocalAccount, debtor: LocalAccount, creditor: LocalAccount
) -> None:
    cid = _case(suite, clerk, debtor, creditor)
    assert EnforcementClient(suite).case(cid).debtor_account == debtor.address


def test_asset_of_kind_none_is_refused(
    suite: Suite, clerk: LocalAccount, debtor: LocalAccount, creditor: LocalAccount, custodian: LocalAccount
) -> None:
    cid = _case(suite, clerk, debtor, creditor)
    with reverts("EnforcementInvalidOrder", kind=0, assetId=0, amount=500):
        EnforcementClient(suite, custodian).transact("reportAsset", cid, int(AssetKind.NONE), H, 500)


def test_termination_reason_bounds(
    suite: Suite, clerk: LocalAccount, debtor: LocalAccount, creditor: LocalAccount, officer: LocalAccount
) -> None:
    """A dishonest-debtor listing (mask 1) takes reasons 1..6: 0 and 7 are refused, 1 and 6 accepted."""
    cid = _case(suite, clerk, debtor, creditor)
    office = EnforcementClient(suite, officer)
    for reason in (0, 7):
        with reverts("EnforcementInvalidOrder", kind=int(OrderKind.TERMINATE), amount=1 | reason << 8):
            office.transact("proposeOrder", cid, int(OrderKind.TERMINATE), 0, 1 | reason << 8, H)
    for reason in (1, 6):
        office.transact("proposeOrder", cid, int(OrderKind.TERMINATE), 0, 1 | reason << 8, H)


def test_unknown_order_is_named(suite: Suite, judge: LocalAccount, officer: LocalAccount) -> None:
    missing = EnforcementClient(suite).view("orderCount") + 1
    with reverts("EnforcementUnknownOrder", orderId=missing):
        EnforcementClient(suite, officer).transact("cancelOrder", missing)
    with reverts("EnforcementUnknownOrder", orderId=missing):
        EnforcementClient(suite, judge).transact("approveOrder", missing)

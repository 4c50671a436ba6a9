"""Audit issue 16, L4 (docket): the court's clerk or registrar reviews a filing within its window and may refuse it
(不予受理) with a reason and a ruling, so that it never gets a case number; an unrefused complete filing is still
docketed by rule after the window (先行立案). Only an account of an organ holding a role acts for it in transfers.
Informational: a court's case-number code cannot change once it has docketed cases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.docket import DocketClient, FilingStatus, RefusalReason, SkipReason
from courtchain.errors import InputError
from courtchain.suite import Suite
from tests.docket.conftest import FileFn, doc
from tests.helpers import assert_enum_mirror, reverts

AsFn = Callable[[LocalAccount], DocketClient]


def test_refusal_reason_mirror() -> None:
    assert_enum_mirror(RefusalReason, "ICaseDocket.sol")


def test_l4_clerk_refuses_bogus_filing_within_the_window(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    clerk: LocalAccount,
) -> None:
    """Twenty complete bogus suits got twenty case numbers by rule; now the clerk refuses them in review and they never
    get a number, neither by `docket` nor by `docketMany`."""
    ids = [file(tag=f"bogus{i}") for i in range(3)]
    for fid in ids:
        sent = docket.refuse(fid, RefusalReason.DUPLICATE_SUIT, doc(f"ruling-{fid}"))
        assert sent.event("FilingRejected").args == {
            "filingId": fid,
            "reason": RefusalReason.DUPLICATE_SUIT,
            "rulingHash": doc(f"ruling-{fid}"),
            "by": clerk.address,
        }
        assert docket.filing(fid).status == FilingStatus.REFUSED
    expire(ids[-1])
    with reverts("DocketUnexpectedStatus", filingId=ids[0], current=FilingStatus.REFUSED, expected=FilingStatus.OPEN):
        as_(keeper).docket(ids[0])
    sent = as_(keeper).transact("docketMany", ids)
    assert [e.args["reason"] for e in sent.all("DocketSkipped")] == [SkipReason.NOT_OPEN] * 3
    assert not sent.all("CaseDocketed")
    assert any("refused in review (duplicate suit)" in h.text for h in docket.history(ids[0]))


def test_l4_registrar_of_the_court_also_reviews_others_do_not(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    registrar: LocalAccount,
    judge: LocalAccount,
    litigant: LocalAccount,
    outsider: LocalAccount,
    procurator: LocalAccount,
) -> None:
    fid = file()
    for who in (judge, litigant, outsider, procurator):  # procurator: a REGISTRAR, but not of this court
        with reverts("DocketNotReviewer", courtId=1, account=who.address):
            as_(who).transact("refuseFiling", fid, int(RefusalReason.OTHER), doc("r"))
    with reverts("DocketInvalidRefusalReason"):
        as_(registrar).transact("refuseFiling", fid, 0, doc("r"))
    with reverts("DocketZeroHash"):
        as_(registrar).transact("refuseFiling", fid, int(RefusalReason.OTHER), b"\0" * 32)
    with pytest.raises(InputError):
        as_(registrar).refuse(fid, RefusalReason.NONE, doc("r"))
    as_(registrar).refuse(fid, RefusalReason.NO_JURISDICTION, doc("r"))
    assert docket.filing(fid).status == FilingStatus.REFUSED


def test_l4_after_the_window_silence_dockets_by_rule(
    docket: DocketClient, file: FileFn, as_: AsFn, expire: Callable[[int], int], keeper: LocalAccount
) -> None:
    """先行立案: once the window has expired the court can no longer refuse; anyone dockets a complete filing."""
    fid = file()
    ends = expire(fid)
    with reverts("DocketWindowClosed", filingId=fid, closedAt=ends):
        docket.transact("refuseFiling", fid, int(RefusalReason.OTHER), doc("late"))
    r = as_(keeper).docket(fid)
    assert r.docketed and r.case_number


def _roleless_procuratorate_account(
    suite: Suite, court_governor: LocalAccount, bank_governor: LocalAccount
) -> LocalAccount:
    acct: LocalAccount = Account.from_key(b"\x5a" * 32)
    hub = ConsortiumClient(suite, court_governor)
    hub.govern([hub.add_account(5, acct.address)], [court_governor, bank_governor])
    suite.chain.rpc("anvil_setBalance", [acct.address, hex(10**21)])
    return acct


def test_l4_roleless_account_of_the_organ_cannot_accept_a_transfer(
    suite: Suite,
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    procurator: LocalAccount,
    court_governor: LocalAccount,
    bank_governor: LocalAccount,
) -> None:
    fid = file()
    expire(fid)
    as_(keeper).docket(fid)
    docket.transfer(fid, 5, doc("file"))
    roleless = _roleless_procuratorate_account(suite, court_governor, bank_governor)
    with reverts("DocketNotReceivingMember", caseId=fid, toMember=5, account=roleless.address):
        as_(roleless).accept_transfer(fid)
    as_(procurator).accept_transfer(fid)  # the procuratorate's REGISTRAR accepts
    with reverts("DocketNotHolder", caseId=fid, holder=5, account=roleless.address):
        as_(roleless).transfer(fid, 1, doc("back"))


def test_court_code_is_fixed_once_it_has_cases(
    docket: DocketClient, file: FileFn, as_: AsFn, expire: Callable[[int], int], keeper: LocalAccount
) -> None:
    """Informational finding: reconfiguring a court rewrote the case numbers already issued."""
    before = docket.court_config(1)
    docket.configure_court(1, "京", "0492")  # no case yet: free to fix a typo
    docket.configure_court(1, before.abbreviation, before.code)
    fid = file()
    expire(fid)
    number = as_(keeper).docket(fid).case_number
    with reverts("DocketCourtInUse", courtId=1):
        docket.configure_court(1, "沪", before.code)
    with reverts("DocketCourtInUse", courtId=1):
        docket.configure_court(1, before.abbreviation, "9999")
    docket.configure_court(1, before.abbreviation, before.code)  # the same values stay allowed
    assert docket.case_number(fid) == number

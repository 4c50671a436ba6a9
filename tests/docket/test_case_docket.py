"""CaseDocket: configuration, filing, windows, docketing by rule, numbering, batches, judgments, transfers, and
every custom error with its arguments."""

from __future__ import annotations

import re
from calendar import timegm
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients import docket as docket_mod
from courtchain.clients.consortium import ConsortiumClient, MemberKind
from courtchain.clients.docket import (
    CST,
    DEV_WINDOW,
    DocketClient,
    FilingStatus,
    MaterialInput,
    MaterialKind,
    Obligation,
    Outcome,
    Party,
    PartyRole,
    SkipReason,
    TransferStatus,
    china_year,
    encode_case_type,
    render_case_number,
)
from courtchain.errors import InputError, NotFoundError
from courtchain.paths import ROOT
from courtchain.roles import ROLES, SUITE_KEYS
from courtchain.suite import Suite
from tests.docket.conftest import CIVIL_KINDS, DEFENDANT, PARTIES, PLAINTIFF, FileFn, doc, materials
from tests.helpers import assert_enum_mirror, reverts

ZERO = "0x" + "00" * 20
AsFn = Callable[[LocalAccount], DocketClient]
CIVIL = encode_case_type("民初")
ENFORCE = encode_case_type("执")


# -- mirrors and pure helpers ---------------------------------------------------------------------------------------


def test_enum_mirrors_match_interface_source() -> None:
    for enum in (
        docket_mod.FilingStatus,
        docket_mod.PartyRole,
        docket_mod.Outcome,
        docket_mod.SkipReason,
        docket_mod.TransferStatus,
    ):
        assert_enum_mirror(enum, "ICaseDocket.sol")


@pytest.mark.parametrize(
    "when",
    [
        "1970-01-01T00:00:00",
        "1999-12-31T15:59:59",
        "1999-12-31T16:00:00",
        "2000-02-29T12:00:00",
        "2024-02-29T23:59:59",
        "2026-12-31T15:59:59",
        "2026-12-31T16:00:00",
        "2099-12-31T16:00:00",
        "2100-02-28T16:00:00",
        "2100-03-01T00:00:00",
        "2400-12-31T15:59:59",
        "2400-12-31T16:00:00",
    ],
)
def test_china_year_matches_calendar(docket: DocketClient, when: str) -> None:
    ts = timegm(datetime.fromisoformat(when).timetuple())
    assert docket.china_year(ts) == china_year(ts) == datetime.fromtimestamp(ts, CST).year


def test_case_number_rendering() -> None:
    assert render_case_number(2026, "京", "0491", "民初", 123) == "(2026)京0491民初123号"
    assert docket_mod.decode_case_type(encode_case_type("执")) == "执"
    with pytest.raises(InputError):
        encode_case_type("")
    with pytest.raises(InputError):
        encode_case_type("案" * 11)  # 33 bytes of UTF-8
    assert docket_mod.parse_kind("identity-proof") == 2 and docket_mod.parse_kind("200") == 200
    with pytest.raises(InputError):
        docket_mod.parse_kind("affidavit")


# -- court configuration --------------------------------------------------------------------------------------------


def test_court_configuration_by_own_staff(
    suite: Suite,
    docket: DocketClient,
    as_: AsFn,
    judge: LocalAccount,
    outsider: LocalAccount,
    procurator: LocalAccount,
    officer: LocalAccount,
    custodian: LocalAccount,
) -> None:
    c = docket.court_config(1)
    assert (c.configured, c.abbreviation, c.code) == (True, "京", "0491")
    t = docket.case_type(1, "民初")
    assert t.active and t.window == DEV_WINDOW and t.required_kinds == tuple(int(k) for k in CIVIL_KINDS)
    sent = as_(judge).set_case_type(1, "民终", [1, 2], 3600)  # a judge of the court may configure too
    ev = sent.event("CaseTypeSet")
    assert ev.args["requiredKinds"] == [1, 2] and ev.args["window"] == 3600 and ev.args["courtId"] == 1
    for who in (outsider, procurator, officer):  # no CLERK/JUDGE of this court
        with reverts("DocketNotCourtStaff", courtId=1, account=who.address):
            as_(who).configure_court(1, "京", "0001")
    with reverts("DocketNotCourt", courtId=2):  # member 2 is a bank
        as_(custodian).configure_court(2, "京", "0001")
    with reverts("DocketNotCourt", courtId=99):
        docket.set_case_type(99, "民初", [1], 60)


def test_case_type_validation(docket: DocketClient, suite: Suite) -> None:
    raw = DocketClient(suite, docket.account)  # bypass client checks: the contract must refuse too
    with reverts("DocketInvalidWindow", window=0, maximum=365 * 24 * 3600):
        raw.transact("setCaseType", 1, CIVIL, [1], 0)
    with reverts("DocketInvalidWindow", window=365 * 24 * 3600 + 1):
        raw.transact("setCaseType", 1, CIVIL, [1], 365 * 24 * 3600 + 1)
    with reverts("DocketInvalidMaterialKind", kind=0):
        raw.transact("setCaseType", 1, CIVIL, [1, 0], 60)
    with reverts("DocketInvalidCaseType", caseType=b"\0" * 32):
        raw.transact("setCaseType", 1, b"\0" * 32, [1], 60)
    with reverts("DocketInvalidCourtConfig"):
        raw.transact("configureCourt", 1, "", "0491")
    with reverts("DocketInvalidCourtConfig"):
        raw.transact("configureCourt", 1, "京", "0" * 17)
    with pytest.raises(InputError):
        docket.set_case_type(1, "民初", [1], 0)
    with pytest.raises(InputError):
        docket.configure_court(1, "京", "")


def test_case_type_needs_configured_court_and_can_be_disabled(
    suite: Suite, clerk: LocalAccount, docket: DocketClient, file: FileFn
) -> None:
    fid = file()
    sent = docket.disable_case_type(1, "民初")
    assert sent.event("CaseTypeDisabled").args["caseType"] == CIVIL
    assert not docket.case_type(1, "民初").active
    with reverts("DocketUnknownCaseType", courtId=1, caseType=CIVIL):
        docket.transact("submitFiling", 1, CIVIL, [p.as_tuple() for p in PARTIES], 1, [])
    with reverts("DocketUnknownCaseType", courtId=1, caseType=CIVIL):
        docket.disable_case_type(1, "民初")
    assert docket.filing(fid).status == FilingStatus.OPEN  # open filings are unaffected


def test_court_must_be_configured_before_case_types(
    suite: Suite, chain: Chain, court_governor: LocalAccount, bank_governor: LocalAccount
) -> None:
    clerk2 = _second_court(suite, chain, court_governor, bank_governor)
    with reverts("DocketCourtNotConfigured", courtId=7):
        DocketClient(suite, clerk2).set_case_type(7, "民初", [1], 60)


def _second_court(
    suite: Suite, chain: Chain, court_governor: LocalAccount, bank_governor: LocalAccount
) -> LocalAccount:
    """Admit a second court (member 7) with a fresh clerk account."""
    hub = ConsortiumClient(suite, court_governor)
    clerk2: LocalAccount = Account.create()
    chain.rpc("anvil_setBalance", [clerk2.address, hex(10**21)])
    member = hub.member_count() + 1
    hub.govern(
        [
            hub.admit_member(MemberKind.COURT, "Shanghai Financial Court"),
            hub.add_account(member, clerk2.address),
            hub.grant_role("CLERK", clerk2.address),
        ],
        [court_governor, bank_governor],
    )
    assert member == 7
    return clerk2


# -- filing ---------------------------------------------------------------------------------------------------------


def test_submit_records_everything(docket: DocketClient, as_: AsFn, litigant: LocalAccount, chain: Chain) -> None:
    fid, sent = as_(litigant).submit(1, "民初", PARTIES, 50_000, materials(*CIVIL_KINDS))
    assert fid == 1 and docket.filing_count() == 1
    ev = sent.event("FilingSubmitted")
    now = chain.timestamp(sent.block)
    assert ev.args == {
        "filingId": 1,
        "courtId": 1,
        "filer": litigant.address,
        "caseType": CIVIL,
        "claimAmount": 50_000,
        "windowEnds": now + DEV_WINDOW,
    }
    assert [e.args["role"] for e in sent.all("PartyRecorded")] == [1, 2]
    assert [e.args["kind"] for e in sent.all("MaterialAdded")] == [1, 2, 3]
    f = docket.filing(fid)
    assert (f.status, f.court, f.holder, f.filer, f.case_type, f.claim_amount) == (
        FilingStatus.OPEN,
        1,
        1,
        litigant.address,
        "民初",
        50_000,
    )
    assert f.window_open and not f.due and f.present_kinds == (1, 2, 3) and f.case_number is None
    assert docket.parties(fid) == PARTIES
    assert [m.kind for m in docket.materials(fid)] == [1, 2, 3]
    assert docket.materials(fid)[0].added_by == litigant.address
    assert docket.missing_kinds(fid) == ()


def test_clerk_files_on_behalf_and_obligation_filings_need_the_registry(
    docket: DocketClient, file: FileFn, clerk: LocalAccount, outsider: LocalAccount, as_: AsFn
) -> None:
    fid = file(by=clerk)
    assert docket.filing(fid).filer == clerk.address
    for who in (clerk, outsider):
        with reverts("AccessOnlySuite", key=SUITE_KEYS["ObligationRegistry"], caller=who.address):
            as_(who).transact(
                "fileFromObligation", 1, 1, CIVIL, PLAINTIFF, DEFENDANT, 1000, doc("agreement"), who.address
            )


def test_submit_validation(docket: DocketClient, as_: AsFn, litigant: LocalAccount) -> None:
    raw = as_(litigant)
    parties = [p.as_tuple() for p in PARTIES]
    ok = [m.as_tuple() for m in materials(1)]
    with reverts("DocketInvalidParty", index=1):
        raw.transact("submitFiling", 1, CIVIL, [parties[0], (b"\0" * 32, 2)], 1, ok)
    with reverts("DocketInvalidParty", index=0):
        raw.transact("submitFiling", 1, CIVIL, [(PLAINTIFF, 0), parties[1]], 1, ok)
    with reverts("DocketMissingParties", filingId=1):
        raw.transact("submitFiling", 1, CIVIL, [parties[0], (DEFENDANT, 3)], 1, ok)
    with reverts("DocketTooMany", count=17, maximum=16):
        raw.transact("submitFiling", 1, CIVIL, parties * 8 + [parties[0]], 1, ok)
    with reverts("DocketTooMany", count=33, maximum=32):
        raw.transact("submitFiling", 1, CIVIL, parties, 1, [(doc(str(i)), 1) for i in range(33)])
    with reverts("DocketZeroHash"):
        raw.transact("submitFiling", 1, CIVIL, parties, 1, [(b"\0" * 32, 1)])
    with reverts("DocketInvalidMaterialKind", kind=0):
        raw.transact("submitFiling", 1, CIVIL, parties, 1, [(doc("x"), 0)])
    with reverts("DocketDuplicateMaterial", filingId=1, contentHash=doc("x")):
        raw.transact("submitFiling", 1, CIVIL, parties, 1, [(doc("x"), 1), (doc("x"), 2)])
    with reverts("DocketUnknownCaseType", courtId=1, caseType=encode_case_type("刑初")):
        raw.transact("submitFiling", 1, encode_case_type("刑初"), parties, 1, ok)
    with pytest.raises(InputError):
        raw.submit(1, "民初", PARTIES[:1], 1, [])
    with pytest.raises(InputError):
        raw.submit(1, "民初", PARTIES, 1, [MaterialInput(doc("x"), 1), MaterialInput(doc("x"), 2)])
    with pytest.raises(NotFoundError):
        raw.submit(1, "刑初", PARTIES, 1, [])
    with pytest.raises(NotFoundError):
        raw.filing(1)


def test_add_materials_by_filer_or_clerk(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    litigant: LocalAccount,
    outsider: LocalAccount,
    judge: LocalAccount,
) -> None:
    fid = file(kinds=(MaterialKind.COMPLAINT,))
    assert docket.missing_kinds(fid) == (2, 3)
    sent = as_(litigant).add_materials(fid, materials(MaterialKind.IDENTITY_PROOF))
    assert sent.event("MaterialAdded").args["by"] == litigant.address
    docket.add_materials(fid, materials(MaterialKind.EVIDENCE_LIST))  # the clerk
    assert docket.missing_kinds(fid) == ()
    for who in (outsider, judge):  # a judge is not the clerk
        with reverts("DocketNotFilerOrClerk", filingId=fid, account=who.address):
            as_(who).add_materials(fid, materials(MaterialKind.EVIDENCE, tag="x"))
    with reverts("DocketDuplicateMaterial", filingId=fid, contentHash=doc("material-1")):
        docket.add_materials(fid, materials(MaterialKind.COMPLAINT))
    with reverts("DocketTooMany", count=0, maximum=32):
        docket.transact("addMaterials", fid, [])
    with reverts("DocketUnknownFiling", filingId=9):
        docket.transact("addMaterials", 9, [m.as_tuple() for m in materials(1, tag="y")])


# -- the window and docketing -----------------------------------------------------------------------------------------


def test_materials_accepted_at_minus_one_second(
    docket: DocketClient, file: FileFn, as_: AsFn, chain: Chain, litigant: LocalAccount
) -> None:
    fid = file(kinds=(1, 2))
    ends = docket.filing(fid).window_ends
    chain.set_next_timestamp(ends - 1)
    sent = as_(litigant).add_materials(fid, materials(3))  # the last second of the window still takes materials
    assert chain.timestamp(sent.block) == ends - 1
    assert docket.missing_kinds(fid) == ()


def test_docket_boundary_exactly_at_expiry(
    docket: DocketClient, file: FileFn, as_: AsFn, chain: Chain, outsider: LocalAccount, litigant: LocalAccount
) -> None:
    fid = file()
    ends = docket.filing(fid).window_ends
    chain.set_next_timestamp(ends)
    with reverts("DocketWindowClosed", filingId=fid, closedAt=ends):
        as_(litigant).add_materials(fid, materials(8))
    chain.set_next_timestamp(ends)
    r = as_(outsider).docket(fid)
    assert chain.timestamp(r.sent.block) == ends
    assert r.docketed and r.case_number == f"({china_year(ends)})京0491民初1号"
    ev = r.sent.event("CaseDocketed")
    assert ev.args["by"] == outsider.address and ev.args["early"] is False and ev.args["sequence"] == 1
    f = docket.filing(fid)
    assert f.status == FilingStatus.DOCKETED and f.decided_at == ends and f.case_number == r.case_number
    with reverts("DocketUnexpectedStatus", filingId=fid, current=2, expected=1):
        as_(outsider).docket(fid)


def test_docket_boundary_plus_one_second(
    docket: DocketClient, file: FileFn, as_: AsFn, chain: Chain, keeper: LocalAccount
) -> None:
    fid = file()
    ends = docket.filing(fid).window_ends
    chain.set_time(ends + 1)
    f = docket.filing(fid)
    assert not f.window_open and f.due
    assert as_(keeper).docket(fid).docketed


def test_window_open_at_minus_one(
    docket: DocketClient, file: FileFn, as_: AsFn, chain: Chain, outsider: LocalAccount
) -> None:
    fid = file()
    ends = docket.filing(fid).window_ends
    chain.set_next_timestamp(ends - 1)
    with reverts("DocketWindowOpen", filingId=fid, closesAt=ends):
        as_(outsider).docket(fid)
    chain.set_time(ends - 1)
    assert docket.filing(fid).window_open and not docket.filing(fid).due


def test_incomplete_is_refused_with_missing_kinds(
    docket: DocketClient, file: FileFn, as_: AsFn, expire: Callable[[int], int], outsider: LocalAccount
) -> None:
    fid = file(kinds=(MaterialKind.EVIDENCE_LIST,))
    expire(fid)
    r = as_(outsider).docket(fid)
    assert not r.docketed and r.missing_kinds == (1, 2)
    assert r.sent.event("FilingRefused").args == {"filingId": fid, "missingKinds": [1, 2], "by": outsider.address}
    assert docket.filing(fid).status == FilingStatus.REFUSED
    with reverts("DocketUnexpectedStatus", filingId=fid, current=3, expected=1):
        as_(outsider).docket(fid)
    with reverts("DocketUnexpectedStatus", filingId=fid, current=3, expected=2):
        docket.case_number(fid)


def test_early_docketing_by_clerk_only(
    docket: DocketClient, file: FileFn, as_: AsFn, judge: LocalAccount, litigant: LocalAccount
) -> None:
    complete, partial = file(), file(kinds=(1,), tag="p")
    for who in (judge, litigant):
        with reverts("DocketWindowOpen", filingId=complete):
            as_(who).docket(complete)
    with reverts("DocketIncomplete", filingId=partial, missingKinds=(2, 3)):
        docket.docket(partial)
    r = docket.docket(complete)
    assert r.docketed and r.sent.event("CaseDocketed").args["early"] is True


def test_withdrawal(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    litigant: LocalAccount,
    outsider: LocalAccount,
    expire: Callable[[int], int],
) -> None:
    fid = file()
    for who in (outsider, docket.account):
        assert who is not None
        with reverts("DocketNotFiler", filingId=fid, account=who.address):
            as_(who).withdraw(fid)
    sent = as_(litigant).withdraw(fid)
    assert sent.event("FilingWithdrawn").args == {"filingId": fid, "by": litigant.address}
    assert docket.filing(fid).status == FilingStatus.WITHDRAWN
    expire(fid)
    with reverts("DocketUnexpectedStatus", filingId=fid, current=4, expected=1):
        as_(outsider).docket(fid)
    with reverts("DocketUnexpectedStatus", filingId=fid, current=4, expected=1):
        as_(litigant).withdraw(fid)
    # an expired but undecided filing may still be withdrawn
    other = file(tag="o")
    expire(other)
    as_(litigant).withdraw(other)


def test_reclassification_changes_what_is_required(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    litigant: LocalAccount,
    chain: Chain,
    expire: Callable[[int], int],
    outsider: LocalAccount,
) -> None:
    docket.set_case_type(1, "执", [MaterialKind.ENFORCEMENT_APPLICATION, MaterialKind.JUDGMENT], 3600)
    fid = file()
    assert docket.missing_kinds(fid) == ()
    with reverts("DocketNotClerk", courtId=1, account=litigant.address):
        as_(litigant).reclassify(fid, "执")
    with reverts("DocketSameCaseType", filingId=fid, caseType=CIVIL):
        docket.reclassify(fid, "民初")
    with reverts("DocketUnknownCaseType", courtId=1, caseType=encode_case_type("刑初")):
        docket.reclassify(fid, "刑初")
    f = docket.filing(fid)
    sent = docket.reclassify(fid, "执")
    assert sent.event("FilingReclassified").args == {
        "filingId": fid,
        "from": CIVIL,
        "to": ENFORCE,
        "windowEnds": f.filed_at + 3600,
        "by": docket.account.address,
    }
    assert docket.missing_kinds(fid) == (6, 7)
    expire(fid)
    with reverts("DocketWindowClosed", filingId=fid, closedAt=f.filed_at + 3600):
        docket.reclassify(fid, "民初")
    r = as_(outsider).docket(fid)
    assert not r.docketed and r.missing_kinds == (6, 7)


# -- numbering --------------------------------------------------------------------------------------------------------


def test_numbering_across_types_and_courts(
    suite: Suite,
    chain: Chain,
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    court_governor: LocalAccount,
    bank_governor: LocalAccount,
    litigant: LocalAccount,
    keeper: LocalAccount,
) -> None:
    clerk2 = _second_court(suite, chain, court_governor, bank_governor)
    c2 = DocketClient(suite, clerk2)
    c2.configure_court(7, "沪", "74")
    c2.set_case_type(7, "民初", [1], DEV_WINDOW)
    ids = [
        file(tag="a"),
        file(kinds=(6, 7), case_type="执", tag="b"),
        file(tag="c"),
        file(kinds=(1,), court=7, tag="d"),
    ]
    chain.sleep(DEV_WINDOW)
    out = as_(keeper).docket_many(ids)
    year = china_year(chain.timestamp())
    assert out.docketed == {
        ids[0]: f"({year})京0491民初1号",
        ids[1]: f"({year})京0491执1号",
        ids[2]: f"({year})京0491民初2号",
        ids[3]: f"({year})沪74民初1号",
    }
    assert docket.last_sequence(1, year, "民初") == 2 and docket.last_sequence(7, year, "民初") == 1
    assert docket.last_sequence(1, year + 1, "民初") == 0


def test_numbering_across_a_year_change(
    docket: DocketClient, file: FileFn, as_: AsFn, chain: Chain, outsider: LocalAccount
) -> None:
    """The year is China Standard Time's: Dec 31 15:59:59 UTC is still that year, 16:00:00 UTC is New Year."""
    year = china_year(chain.timestamp()) + 1
    new_year = timegm(datetime(year, 12, 31, 16, 0, 0).timetuple())
    chain.set_time(new_year - DEV_WINDOW - 100)
    a, b, c = file(tag="a"), file(tag="b"), file(tag="c")
    chain.set_next_timestamp(new_year - 1)
    assert as_(outsider).docket(a).case_number == f"({year})京0491民初1号"
    chain.set_next_timestamp(new_year)
    assert as_(outsider).docket(b).case_number == f"({year + 1})京0491民初1号"
    assert as_(outsider).docket(c).case_number == f"({year + 1})京0491民初2号"
    assert docket.filing(a).year == year and docket.filing(b).year == year + 1
    assert datetime.fromtimestamp(new_year, CST) == datetime(year + 1, 1, 1, tzinfo=CST)
    assert datetime.fromtimestamp(new_year - 1, CST) + timedelta(seconds=1) == datetime(year + 1, 1, 1, tzinfo=CST)


# -- batches ----------------------------------------------------------------------------------------------------------


def test_docket_many_dockets_ready_and_skips_the_rest(
    docket: DocketClient, file: FileFn, as_: AsFn, chain: Chain, litigant: LocalAccount, keeper: LocalAccount
) -> None:
    ready = file(tag="r")
    incomplete = file(kinds=(1,), tag="i")
    withdrawn = file(tag="w")
    as_(litigant).withdraw(withdrawn)
    chain.sleep(DEV_WINDOW)
    young = file(tag="y")
    young_ends = docket.filing(young).window_ends
    out = as_(keeper).docket_many([ready, incomplete, withdrawn, young, 0, 999, ready])
    assert list(out.docketed) == [ready]
    assert out.refused == {incomplete: (2, 3)}
    assert out.skipped == {
        withdrawn: SkipReason.NOT_OPEN,
        young: SkipReason.WINDOW_OPEN,
        0: SkipReason.UNKNOWN_FILING,
        999: SkipReason.UNKNOWN_FILING,
        ready: SkipReason.NOT_OPEN,  # given twice: the second time it is already docketed
    }
    assert out.sent is not None
    skips = out.sent.all("DocketSkipped")
    assert [(e.args["filingId"], e.args["reason"]) for e in skips] == [
        (withdrawn, 2),
        (young, 3),
        (0, 1),
        (999, 1),
        (ready, 2),  # the second `ready` is no longer open
    ]
    assert skips[1].args["windowEnds"] == young_ends
    assert int(out.sent.event("CaseDocketed").args["caseId"]) == ready
    assert docket.due_filings() == []
    chain.sleep(DEV_WINDOW)
    assert docket.due_filings() == [young]
    results = as_(keeper).docket_due()
    assert len(results) == 1 and list(results[0].docketed) == [young]
    with reverts("DocketTooMany", count=101, maximum=100):
        as_(keeper).transact("docketMany", list(range(1, 102)))
    with pytest.raises(InputError):
        as_(keeper).docket_many(list(range(1, 102)))


# -- judgment ---------------------------------------------------------------------------------------------------------


def _docketed(file: FileFn, expire: Callable[[int], int], as_: AsFn, keeper: LocalAccount, tag: str = "") -> int:
    fid = file(tag=tag)
    expire(fid)
    assert as_(keeper).docket(fid).docketed
    return fid


def test_judgment_and_its_obligations(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    judge: LocalAccount,
    creditor: LocalAccount,
    debtor: LocalAccount,
    chain: Chain,
) -> None:
    cid = _docketed(file, expire, as_, keeper)
    due = chain.timestamp() + 30 * 86400
    obligations = [
        Obligation(DEFENDANT, debtor.address, creditor.address, 40_000, due),
        Obligation(DEFENDANT, ZERO, creditor.address, 2_500, due + 86400),
    ]
    assert docket.judgment_obligation_count(cid) == 0
    sent = as_(judge).record_judgment(cid, doc("judgment"), Outcome.PARTLY_UPHELD, obligations)
    ev = sent.event("JudgmentRecorded")
    assert ev.args == {
        "caseId": cid,
        "documentHash": doc("judgment"),
        "outcome": 2,
        "obligationCount": 2,
        "judge": judge.address,
    }
    assert [e.args["amount"] for e in sent.all("JudgmentObligationRecorded")] == [40_000, 2_500]
    assert docket.judgment_obligation_count(cid) == 2
    o0, o1 = docket.judgment_obligation(cid, 0), docket.judgment_obligation(cid, 1)
    assert (o0.debtor, o0.debtor_account, o0.creditor, o0.amount, o0.due_date, o0.document_hash) == (
        DEFENDANT,
        debtor.address,
        creditor.address,
        40_000,
        due,
        doc("judgment"),
    )
    assert (o1.debtor_account, o1.amount, o1.due_date) == (ZERO, 2_500, due + 86400)
    with reverts("DocketUnknownObligation", caseId=cid, index=2, count=2):
        docket.judgment_obligation(cid, 2)
    with reverts("DocketUnknownObligation", caseId=999, index=0, count=0):
        docket.judgment_obligation(999, 0)
    j = docket.judgment(cid)
    assert j.outcome == Outcome.PARTLY_UPHELD and j.judge == judge.address and len(j.obligations) == 2
    assert docket.filing(cid).status == FilingStatus.JUDGED
    with reverts("DocketUnexpectedStatus", filingId=cid, current=5, expected=2):
        as_(judge).transact("recordJudgment", cid, doc("again"), 1, [])


def test_judgment_checks(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    judge: LocalAccount,
    clerk: LocalAccount,
    creditor: LocalAccount,
    chain: Chain,
) -> None:
    open_id = file(tag="open")
    with reverts("DocketUnexpectedStatus", filingId=open_id, current=1, expected=2):
        as_(judge).transact("recordJudgment", open_id, doc("j"), 1, [])
    cid = _docketed(file, expire, as_, keeper, tag="c")
    for who in (clerk, keeper):
        with reverts("DocketNotJudge", courtId=1, account=who.address):
            as_(who).transact("recordJudgment", cid, doc("j"), 1, [])
    j = as_(judge)
    now = chain.timestamp()
    with reverts("DocketZeroHash"):
        j.transact("recordJudgment", cid, b"\0" * 32, 1, [])
    with reverts("DocketInvalidOutcome"):
        j.transact("recordJudgment", cid, doc("j"), 0, [])
    bad = [
        (b"\0" * 32, ZERO, creditor.address, 1, now + 100),
        (DEFENDANT, ZERO, ZERO, 1, now + 100),
        (DEFENDANT, ZERO, creditor.address, 0, now + 100),
        (DEFENDANT, ZERO, creditor.address, 1, now - 10_000),
    ]
    for o in bad:
        with reverts("DocketInvalidObligation", index=1):
            j.transact("recordJudgment", cid, doc("j"), 1, [(DEFENDANT, ZERO, creditor.address, 1, now + 100), o])
    good = (DEFENDANT, ZERO, creditor.address, 1, now + 100)
    with reverts("DocketTooMany", count=17, maximum=16):
        j.transact("recordJudgment", cid, doc("j"), 1, [good] * 17)
    with pytest.raises(InputError):
        j.record_judgment(cid, doc("j"), Outcome.NONE)
    assert j.record_judgment(cid, doc("j"), Outcome.DISMISSED).event("JudgmentRecorded").args["obligationCount"] == 0
    assert docket.judgment_obligation_count(cid) == 0


def test_judge_of_another_court_cannot_judge(
    suite: Suite,
    chain: Chain,
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    court_governor: LocalAccount,
    bank_governor: LocalAccount,
) -> None:
    clerk2 = _second_court(suite, chain, court_governor, bank_governor)
    hub = ConsortiumClient(suite, court_governor)
    hub.govern([hub.grant_role("JUDGE", clerk2.address)], [court_governor, bank_governor])
    cid = _docketed(file, expire, as_, keeper)
    with reverts("DocketNotJudge", courtId=1, account=clerk2.address):
        DocketClient(suite, clerk2).transact("recordJudgment", cid, doc("j"), 1, [])
    with reverts("DocketNotCourtStaff", courtId=1, account=clerk2.address):
        DocketClient(suite, clerk2).set_case_type(1, "民初", [1], 60)
    assert ROLES["JUDGE"]


# -- transfer ---------------------------------------------------------------------------------------------------------


def test_transfer_to_procuratorate_and_back(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    judge: LocalAccount,
    procurator: LocalAccount,
    outsider: LocalAccount,
    custodian: LocalAccount,
) -> None:
    open_id = file(tag="o")
    with reverts("DocketUnexpectedStatus", filingId=open_id, current=1, expected=2):
        docket.transfer(open_id, 5, doc("file"))
    cid = _docketed(file, expire, as_, keeper)
    with reverts("DocketNotHolder", caseId=cid, holder=1, account=outsider.address):
        as_(outsider).transfer(cid, 5, doc("file"))
    with reverts("DocketInvalidTransferTarget", caseId=cid, memberId=2):
        docket.transfer(cid, 2, doc("file"))  # a bank is not an organ
    with reverts("DocketInvalidTransferTarget", caseId=cid, memberId=1):
        docket.transfer(cid, 1, doc("file"))
    with reverts("DocketInvalidTransferTarget", caseId=cid, memberId=42):
        docket.transfer(cid, 42, doc("file"))
    with reverts("DocketZeroHash"):
        docket.transact("transferCase", cid, 5, b"\0" * 32)
    with reverts("DocketNoPendingTransfer", caseId=cid):
        as_(procurator).accept_transfer(cid)
    index, sent = docket.transfer(cid, 5, doc("file"))
    assert index == 0
    assert sent.event("CaseTransferInitiated").args == {
        "caseId": cid,
        "transferIndex": 0,
        "fromMember": 1,
        "toMember": 5,
        "documentsHash": doc("file"),
        "by": docket.account.address,
    }
    with reverts("DocketTransferPending", caseId=cid, transferIndex=0):
        docket.transfer(cid, 5, doc("file"))
    with reverts("DocketTransferPending", caseId=cid, transferIndex=0):
        as_(judge).transact("recordJudgment", cid, doc("j"), 1, [])
    for who in (outsider, custodian, judge):
        with reverts("DocketNotReceivingMember", caseId=cid, toMember=5, account=who.address):
            as_(who).accept_transfer(cid)
    accepted = as_(procurator).accept_transfer(cid)
    assert accepted.event("CaseTransferAccepted").args["by"] == procurator.address
    assert docket.filing(cid).holder == 5
    with reverts("DocketNotJudge", courtId=5, account=judge.address):
        as_(judge).transact("recordJudgment", cid, doc("j"), 1, [])
    with reverts("DocketNotHolder", caseId=cid, holder=5, account=judge.address):
        as_(judge).transfer(cid, 1, doc("back"))
    as_(procurator).transfer(cid, 1, doc("back"))
    with reverts("DocketNotReceivingMember", caseId=cid, toMember=1, account=keeper.address):
        as_(keeper).accept_transfer(cid)
    as_(judge).accept_transfer(cid)
    t = docket.transfers(cid)
    assert [(x.from_member, x.to_member, x.status) for x in t] == [
        (1, 5, TransferStatus.ACCEPTED),
        (5, 1, TransferStatus.ACCEPTED),
    ]
    assert t[1].settled_by == judge.address and t[1].documents_hash == doc("back")
    assert docket.filing(cid).holder == 1
    as_(judge).record_judgment(cid, doc("j"), Outcome.UPHELD)
    docket.transfer(cid, 5, doc("judged file"))  # a judged case may be transferred too


def test_transfer_cancel(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    procurator: LocalAccount,
) -> None:
    cid = _docketed(file, expire, as_, keeper)
    docket.transfer(cid, 5, doc("file"))
    with reverts("DocketNotHolder", caseId=cid, holder=1, account=procurator.address):
        as_(procurator).cancel_transfer(cid)
    sent = docket.cancel_transfer(cid)
    assert sent.event("CaseTransferCancelled").args == {"caseId": cid, "transferIndex": 0, "by": docket.account.address}
    with reverts("DocketNoPendingTransfer", caseId=cid):
        docket.cancel_transfer(cid)
    assert docket.transfers(cid)[0].status == TransferStatus.CANCELLED
    assert docket.filing(cid).holder == 1


# -- history ----------------------------------------------------------------------------------------------------------


def test_history_rebuilds_the_case_from_events(
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    judge: LocalAccount,
    litigant: LocalAccount,
    creditor: LocalAccount,
    chain: Chain,
) -> None:
    other = file(tag="other")
    fid = file(kinds=(1, 2), tag="h")
    as_(litigant).add_materials(fid, materials(3, tag="h"))
    expire(fid)
    number = as_(keeper).docket(fid).case_number
    as_(judge).record_judgment(
        fid, doc("j"), Outcome.UPHELD, [Obligation(DEFENDANT, ZERO, creditor.address, 9, chain.timestamp() + 99)]
    )
    h = docket.history(fid)
    assert [e.event for e in h] == [
        "FilingSubmitted",
        "PartyRecorded",
        "PartyRecorded",
        "MaterialAdded",
        "MaterialAdded",
        "MaterialAdded",
        "CaseDocketed",
        "JudgmentRecorded",
        "JudgmentObligationRecorded",
    ]
    assert all(e.args.get("filingId", e.args.get("caseId")) == fid for e in h)
    assert f"docketed as {number} by {keeper.address}" in h[6].text
    assert h[0].timestamp <= h[-1].timestamp
    assert other != fid and len(docket.history(other)) == 6
    assert Party(PLAINTIFF, PartyRole.PLAINTIFF) in docket.parties(fid)


def test_suspended_organ_cannot_receive_or_act(
    suite: Suite,
    docket: DocketClient,
    file: FileFn,
    as_: AsFn,
    expire: Callable[[int], int],
    keeper: LocalAccount,
    court_governor: LocalAccount,
    bank_governor: LocalAccount,
    procurator: LocalAccount,
) -> None:
    cid = _docketed(file, expire, as_, keeper)
    docket.transfer(cid, 5, doc("file"))
    hub = ConsortiumClient(suite, court_governor)
    hub.govern([hub.suspend_member(5)], [court_governor, bank_governor])
    with reverts("DocketNotReceivingMember", caseId=cid, toMember=5, account=procurator.address):
        as_(procurator).accept_transfer(cid)
    docket.cancel_transfer(cid)
    with reverts("DocketInvalidTransferTarget", caseId=cid, memberId=5):
        docket.transfer(cid, 5, doc("file"))


def test_every_declared_error_is_exercised() -> None:
    """Each custom error of ICaseDocket appears in an assertion of these tests."""
    source = (ROOT / "contracts" / "interfaces" / "ICaseDocket.sol").read_text()
    declared = re.findall(r"error (\w+)\(", source)
    tests = Path(__file__).read_text() + (Path(__file__).parent / "test_review_and_transfer_roles.py").read_text()
    tests += (Path(__file__).parents[1] / "credentials" / "test_docket_agents.py").read_text()  # agents' credentials
    tests += (ROOT / "tests" / "crosschain" / "test_crosschain.py").read_text()  # the cross-chain transfer hook
    missing = [e for e in declared if f'reverts("{e}"' not in tests]
    assert declared and not missing, missing

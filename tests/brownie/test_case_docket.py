"""CaseDocket, Brownie style: a court's case types, filing, the submission window, docketing by rule at expiry
(exact second), refusal of incomplete filings, early docketing by a clerk, batches, numbering and the judgment."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3

from courtchain.clients.docket import (
    DEV_COURT_ABBREVIATION,
    DEV_COURT_CODE,
    DEV_COURT_ID,
    DEV_WINDOW,
    FilingStatus,
    MaterialKind,
    Outcome,
    PartyRole,
    SkipReason,
    china_year,
    encode_case_type,
)
from courtchain.commitments import commitment

CIVIL = encode_case_type("民初")
PLAINTIFF = commitment(b"\x01" * 32, "resident", "11010519491231002X")
DEFENDANT = commitment(b"\x02" * 32, "uscc", "91350100M000100Y43")
PARTIES = [(PLAINTIFF, PartyRole.PLAINTIFF), (DEFENDANT, PartyRole.DEFENDANT)]
REQUIRED = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
LACKING = (MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)  # what a filing with only the complaint lacks


def doc(label: str) -> bytes:
    """A stand-in content hash for a document."""
    return bytes(web3.keccak(text=label))


def materials(*kinds: int, tag: str = "") -> list[tuple[bytes, int]]:
    return [(doc(f"{tag}material-{k}"), int(k)) for k in kinds]


@pytest.fixture(scope="module")
def docket(contract, clerk):
    """The deployed CaseDocket with the local court configured by its clerk (module-scoped: inside the snapshot)."""
    d = contract("CaseDocket")
    d.configureCourt(DEV_COURT_ID, DEV_COURT_ABBREVIATION, DEV_COURT_CODE, {"from": clerk})
    d.setCaseType(DEV_COURT_ID, CIVIL, list(REQUIRED), DEV_WINDOW, {"from": clerk})
    return d


@pytest.fixture
def file(docket, litigant):
    """File a 民初 case as the litigant (complete unless told otherwise); returns (filing id, transaction)."""

    def submit(kinds=REQUIRED, tag="", by=None):
        sender = {"from": by or litigant}
        tx = docket.submitFiling(DEV_COURT_ID, CIVIL, PARTIES, 50_000, materials(*kinds, tag=tag), sender)
        return tx.events["FilingSubmitted"]["filingId"], tx

    return submit


def test_the_clerk_configured_the_court(docket, plain):
    assert plain(docket.courtConfig(DEV_COURT_ID)) == (True, DEV_COURT_ABBREVIATION, DEV_COURT_CODE)
    active, window, required = docket.caseTypeConfig(DEV_COURT_ID, CIVIL)
    assert (active, window) == (True, DEV_WINDOW)
    assert required == sum(1 << k for k in REQUIRED)


def test_a_filing_opens_its_window(docket, file, litigant, plain):
    fid, tx = file()
    submitted = tx.events["FilingSubmitted"]
    assert (submitted["courtId"], submitted["filer"], submitted["claimAmount"]) == (DEV_COURT_ID, litigant, 50_000)
    assert submitted["windowEnds"] == tx.timestamp + DEV_WINDOW
    assert [plain((e["subject"], e["role"])) for e in tx.events["PartyRecorded"]] == [
        ("0x" + PLAINTIFF.hex(), PartyRole.PLAINTIFF),
        ("0x" + DEFENDANT.hex(), PartyRole.DEFENDANT),
    ]
    assert len(tx.events["MaterialAdded"]) == len(REQUIRED)
    filing = docket.getFiling(fid)
    assert filing["status"] == FilingStatus.OPEN and filing["filer"] == litigant
    assert docket.isWindowOpen(fid) and not docket.isDue(fid)
    assert plain(docket.missingKinds(fid)) == ()


def test_nobody_but_a_clerk_dockets_while_the_window_is_open(docket, file, keeper, err):
    fid, tx = file()
    ends = tx.events["FilingSubmitted"]["windowEnds"]
    with brownie.reverts(err("DocketWindowOpen", fid, ends)):
        docket.docket(fid, {"from": keeper})


def test_docketing_at_window_expiry_exactly(docket, file, keeper, litigant, chain, set_next_timestamp, mine_at, err):
    fid, tx = file()
    ends = tx.events["FilingSubmitted"]["windowEnds"]

    chain.sleep(DEV_WINDOW // 2)
    chain.mine()
    assert docket.isWindowOpen(fid)

    # materials are still accepted in the window's last second...
    set_next_timestamp(ends - 1)
    docket.addMaterials(fid, materials(MaterialKind.EVIDENCE, tag="late"), {"from": litigant})
    mine_at(ends)  # ...and the closing second belongs to the expired side
    assert not docket.isWindowOpen(fid) and docket.isDue(fid)
    with brownie.reverts(err("DocketWindowClosed", fid, ends)):
        docket.addMaterials(fid, materials(MaterialKind.OTHER, tag="too-late"), {"from": litigant})

    tx = docket.docket(fid, {"from": keeper})  # anyone applies the rule
    docketed = tx.events["CaseDocketed"]
    year = china_year(tx.timestamp)
    assert (docketed["caseId"], docketed["by"], docketed["early"], docketed["sequence"]) == (fid, keeper, False, 1)
    assert docketed["year"] == year
    assert docket.getFiling(fid)["status"] == FilingStatus.DOCKETED
    assert docket.caseNumber(fid) == f"({year}){DEV_COURT_ABBREVIATION}{DEV_COURT_CODE}民初1号"
    assert docket.lastSequence(DEV_COURT_ID, year, CIVIL) == 1
    with brownie.reverts(err("DocketUnexpectedStatus", fid, FilingStatus.DOCKETED, FilingStatus.OPEN)):
        docket.docket(fid, {"from": keeper})


def test_an_incomplete_filing_is_refused_at_expiry(docket, file, keeper, chain, plain):
    fid, _ = file(kinds=(MaterialKind.COMPLAINT,))
    assert plain(docket.missingKinds(fid)) == LACKING
    chain.sleep(DEV_WINDOW)
    chain.mine()
    tx = docket.docket(fid, {"from": keeper})
    assert "CaseDocketed" not in tx.events
    assert plain(tx.events["FilingRefused"]["missingKinds"]) == LACKING
    assert docket.getFiling(fid)["status"] == FilingStatus.REFUSED


def test_a_clerk_dockets_a_complete_filing_early(docket, file, clerk, err):
    incomplete, _ = file(kinds=(MaterialKind.COMPLAINT,), tag="a")
    with brownie.reverts(err("DocketIncomplete", incomplete, LACKING)):
        docket.docket(incomplete, {"from": clerk})
    complete, _ = file(tag="b")
    tx = docket.docket(complete, {"from": clerk})
    assert tx.events["CaseDocketed"]["early"] is True
    assert docket.getFiling(complete)["status"] == FilingStatus.DOCKETED


def test_docket_many_numbers_in_order_and_skips_the_rest(docket, file, keeper, litigant, chain):
    first, _ = file(tag="1")
    second, _ = file(tag="2")
    refused, _ = file(kinds=(MaterialKind.COMPLAINT,), tag="3")
    withdrawn, _ = file(tag="4")
    docket.withdraw(withdrawn, {"from": litigant})
    chain.sleep(DEV_WINDOW)
    chain.mine()
    fresh, _ = file(tag="5")  # filed now: its window is open

    tx = docket.docketMany([first, second, refused, withdrawn, fresh, 999], {"from": keeper})
    assert tx.return_value == 2
    assert [(e["caseId"], e["sequence"]) for e in tx.events["CaseDocketed"]] == [(first, 1), (second, 2)]
    assert tx.events["FilingRefused"]["filingId"] == refused
    assert [(e["filingId"], e["reason"]) for e in tx.events["DocketSkipped"]] == [
        (withdrawn, SkipReason.NOT_OPEN),
        (fresh, SkipReason.WINDOW_OPEN),
        (999, SkipReason.UNKNOWN_FILING),
    ]
    assert docket.getFiling(fresh)["status"] == FilingStatus.OPEN


def test_the_judgment_of_a_docketed_case(docket, file, clerk, judge, creditor, debtor, outsider, chain, err, plain):
    fid, _ = file()
    docket.docket(fid, {"from": clerk})
    due = chain[-1].timestamp + 30 * 86400
    obligation = (DEFENDANT, debtor.address, creditor.address, 50_000, due)
    with brownie.reverts(err("DocketNotJudge", DEV_COURT_ID, outsider)):
        docket.recordJudgment(fid, doc("judgment"), Outcome.UPHELD, [obligation], {"from": outsider})

    tx = docket.recordJudgment(fid, doc("judgment"), Outcome.UPHELD, [obligation], {"from": judge})
    assert tx.events["JudgmentRecorded"]["obligationCount"] == 1
    recorded = tx.events["JudgmentObligationRecorded"]
    assert (recorded["creditor"], recorded["amount"], recorded["dueDate"]) == (creditor, 50_000, due)
    assert docket.getFiling(fid)["status"] == FilingStatus.JUDGED
    assert docket.getJudgment(fid)["judge"] == judge
    assert docket.judgmentObligationCount(fid) == 1
    assert plain(docket.judgmentObligation(fid, 0)) == (
        "0x" + DEFENDANT.hex(),
        debtor,
        creditor,
        50_000,
        due,
        "0x" + doc("judgment").hex(),
    )


def test_isolation_restored_the_numbering(docket, chain):
    assert docket.filingCount() == 0
    assert docket.lastSequence(DEV_COURT_ID, china_year(chain[-1].timestamp), CIVIL) == 0

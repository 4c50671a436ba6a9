"""Audit over the docket, the credit list and the evidence registry: timelines, the check, reconciliation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain import audit
from courtchain.chain import Chain
from courtchain.clients.docket import (
    DEV_COURT_ID,
    DocketClient,
    MaterialInput,
    MaterialKind,
    Outcome,
    Party,
    PartyRole,
    setup_dev_court,
)
from courtchain.clients.evidence import DocumentKind, EvidenceClient
from courtchain.commitments import commitment
from courtchain.errors import InputError, NotFoundError
from courtchain.suite import Suite

PLAINTIFF = commitment(b"\x01" * 32, "passport", "E11111111")
DEFENDANT = commitment(b"\x02" * 32, "passport", "E22222222")
PARTIES = [Party(PLAINTIFF, PartyRole.PLAINTIFF), Party(DEFENDANT, PartyRole.DEFENDANT)]
COMPLETE = (MaterialKind.COMPLAINT, MaterialKind.IDENTITY_PROOF, MaterialKind.EVIDENCE_LIST)
YUAN = 10**18  # claims are filed in base units; the records give yuan


def _mats(tag: str, kinds: tuple[int, ...]) -> list[MaterialInput]:
    return [MaterialInput(bytes(keccak(text=f"{tag}-{k}")), int(k)) for k in kinds]


@pytest.fixture
def scenario(
    suite: Suite, chain: Chain, clerk: LocalAccount, judge: LocalAccount, litigant: LocalAccount
) -> dict[str, int]:
    """Four filings: docketed and judged, docketed, refused, withdrawn; one still open; evidence for the first."""
    docket = setup_dev_court(suite, clerk, window=600)
    mine = DocketClient(suite, litigant)
    judged, _ = mine.submit(DEV_COURT_ID, "民初", PARTIES, 120_000 * YUAN, _mats("a", COMPLETE))
    docketed, _ = mine.submit(DEV_COURT_ID, "民初", PARTIES, 80_000 * YUAN, _mats("b", COMPLETE))
    refused, _ = mine.submit(DEV_COURT_ID, "民初", PARTIES, 5_000 * YUAN, _mats("c", (MaterialKind.COMPLAINT,)))
    withdrawn, _ = mine.submit(DEV_COURT_ID, "民初", PARTIES, 7_000 * YUAN, _mats("d", COMPLETE))
    mine.withdraw(withdrawn)
    chain.set_time(docket.filing(refused).window_ends)
    docket.docket_many([judged, docketed, refused])
    DocketClient(suite, judge).record_judgment(judged, bytes(keccak(text="judgment")), Outcome.UPHELD)
    EvidenceClient(suite, clerk).anchor(
        bytes(keccak(text="served complaint")), DocumentKind.EVIDENCE, case_id=judged, role="clerk"
    )
    still_open, _ = mine.submit(DEV_COURT_ID, "民初", PARTIES, 9_000 * YUAN, _mats("e", COMPLETE))
    return {"judged": judged, "docketed": docketed, "refused": refused, "withdrawn": withdrawn, "open": still_open}


def test_timeline_of_a_case_from_events(suite: Suite, scenario: dict[str, int], clerk: LocalAccount) -> None:
    family, entries = audit.timeline(suite, ("case", scenario["judged"]))
    assert ("anchor", "0x" + keccak(text="served complaint").hex()) in family
    names = [t.event for t in entries]
    assert names[0] == "FilingSubmitted"
    assert names.count("MaterialAdded") == 3
    assert names.index("CaseDocketed") < names.index("JudgmentRecorded") < names.index("Anchored")
    assert [t.block for t in entries] == sorted(t.block for t in entries)
    assert all(t.record.startswith("case ") or t.record.startswith("document ") for t in entries)
    docketed = next(t for t in entries if t.event == "CaseDocketed")
    assert "sequence=" in docketed.detail and docketed.time > 0
    anchored = next(t for t in entries if t.event == "Anchored")
    assert anchored.actor == clerk.address
    # Other cases' events are not in it.
    other = {t.tx_hash for t in audit.timeline(suite, ("case", scenario["withdrawn"]))[1]}
    assert not other & {t.tx_hash for t in entries if t.event != "CaseDocketed"}
    csv_text = audit.timeline_csv(entries)
    assert csv_text.splitlines()[0] == ",".join(audit.TIMELINE_COLUMNS)
    assert len(csv_text.splitlines()) == len(entries) + 1


def test_case_refs() -> None:
    assert audit.parse_case_ref("5") == ("case", 5)
    assert audit.parse_case_ref("enforcement:2") == ("enforcement", 2)
    assert audit.parse_case_ref("o:3") == ("obligation", 3)
    for bad in ("x:1", "case:abc", "0"):
        with pytest.raises(InputError):
            audit.parse_case_ref(bad)


def test_unknown_case_is_not_found(suite: Suite, scenario: dict[str, int]) -> None:
    with pytest.raises(NotFoundError):
        audit.timeline(suite, ("case", 999))


def test_check_passes_on_the_real_chain(suite: Suite, scenario: dict[str, int]) -> None:
    report = audit.check(suite)
    assert report.ok, [str(f) for f in report.findings]
    assert report.counts["transition"] > 0 and report.counts["state"] >= 5


def test_check_names_a_forged_transition(suite: Suite, scenario: dict[str, int]) -> None:
    """A record that a real contract could not produce, made by tampering the audit's input (an exported log):
    the refused filing docketed after all. The check names the illegal edge and the stored-state mismatch."""
    events = audit.fetch_events(suite)
    docketed = next(e for e in events if e.name == "CaseDocketed")
    forged = dataclasses.replace(docketed, args={**docketed.args, "caseId": scenario["refused"]}, log_index=999)
    events.append(forged)
    report = audit.check(suite, events)
    assert not report.ok
    messages = [str(f) for f in report.findings]
    assert any(
        f.check == "transition"
        and f.subject == f"CaseDocket filing {scenario['refused']}"
        and "while Refused" in f.message
        for f in report.findings
    ), messages
    assert any(
        f.check == "state" and "events say Docketed, the contract stores Refused" in f.message for f in report.findings
    )


def test_check_names_a_dropped_event(suite: Suite, scenario: dict[str, int]) -> None:
    """An export that lost the withdrawal: the filing looks open in the events but is withdrawn on chain."""
    events = [e for e in audit.fetch_events(suite) if e.name != "FilingWithdrawn"]
    report = audit.check(suite, events)
    assert [(f.check, f.subject) for f in report.findings] == [("state", f"CaseDocket filing {scenario['withdrawn']}")]


def test_reconcile_lists_every_difference(suite: Suite, scenario: dict[str, int], tmp_path: Path) -> None:
    cases = {c.filing_id: c for c in audit.chain_cases(suite)}
    judged = cases[scenario["judged"]]
    docketed = cases[scenario["docketed"]]
    assert judged.status == "judged" and judged.case_number.startswith("(") and judged.case_number.endswith("号")
    full_width = judged.case_number.replace("(", "（").replace(")", "）")
    records = tmp_path / "records.csv"
    records.write_text(
        "case_number,filing_id,status,claim_amount,judge_name\n"
        f'{full_width},{judged.filing_id},judged,"¥120,000.00",Wang\n'  # agrees: brackets and yuan as typed
        f"{docketed.case_number},,docketed,85000,Li\n"  # amount differs
        f",{scenario['refused']},docketed,5000,\n"  # status differs
        f",{scenario['withdrawn']},withdrawn,7000,\n"  # agrees
        "(2026)京0491民初999号,,docketed,1000,\n",  # not on chain
        encoding="utf-8",
    )
    diffs = audit.reconcile(audit.read_records(records), list(cases.values()))
    got = {(d.kind, d.case) for d in diffs}
    assert got == {
        ("claim-amount", docketed.case_number),
        ("status", f"filing {scenario['refused']}"),
        ("missing-on-chain", "(2026)京0491民初999号"),
        ("missing-off-chain", f"filing {scenario['open']}"),
    } | {
        ("missing-off-chain", c.case_number or f"filing {c.filing_id}")
        for c in cases.values()
        if c.filing_id not in scenario.values()
    }


def test_records_file_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("number,state\n1,open\n", encoding="utf-8")
    with pytest.raises(InputError, match="case_number or filing_id"):
        audit.read_records(bad)
    bad.write_text("filing_id,status\n1,lost\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown status"):
        audit.read_records(bad)


def test_roles_are_replayed_from_the_hub_events(
    suite: Suite, judge: LocalAccount, outsider: LocalAccount, clerk: LocalAccount
) -> None:
    from courtchain.roles import ROLES

    book = audit._RoleBook()
    for e in audit.fetch_events(suite):
        if e.contract == "CourtConsortium":
            book.apply(e)
    assert book.has(ROLES["JUDGE"], judge.address)
    assert book.has(ROLES["CLERK"], clerk.address) and not book.has(ROLES["JUDGE"], clerk.address)
    assert not book.has(ROLES["JUDGE"], outsider.address)


def test_evidence_edges(suite: Suite, scenario: dict[str, int], clerk: LocalAccount) -> None:
    doc = bytes(keccak(text="served complaint"))
    EvidenceClient(suite, clerk).revoke(doc, bytes(keccak(text="corrected complaint")))
    events = audit.fetch_events(suite)
    assert audit.check(suite, events).ok
    revoked = next(e for e in events if e.name == "Revoked")
    report = audit.check(suite, [*events, dataclasses.replace(revoked, log_index=998)])  # revoked twice
    assert [(f.check, f.message) for f in report.findings] == [("transition", "Revoked while Superseded")]

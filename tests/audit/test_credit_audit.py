"""Audit of the credit registry's two-judge acts (M3): the check passes on the real chain, links each entry to its
source case by domain and to its proposal, and names a listing or removal whose approval is missing from the record,
or a removal by the recused lister."""

from __future__ import annotations

import dataclasses

from eth_account.signers.local import LocalAccount

from courtchain import audit
from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credit import CaseDomain, CreditClient, EntryKind, Reason
from courtchain.clients.enforcement import EnforcementClient
from courtchain.commitments import commitment
from courtchain.suite import Suite

SUBJECT = commitment(b"\x71" * 32, "passport", "E12345678")


def _acts(suite: Suite, accts: dict[str, LocalAccount]) -> tuple[int, int]:
    """A judges' listing under enforcement case 1 (judge proposes, judge2 approves), an objection, and its upholding
    (judge2 proposes, a third judge approves). Returns (entry id, enforcement case id)."""
    hub = ConsortiumClient(suite, accts["court_governor"])
    hub.govern([hub.grant_role("JUDGE", accts["registrar"].address)], [accts["court_governor"], accts["bank_governor"]])
    case, _ = EnforcementClient(suite, accts["clerk"]).open_case(SUBJECT, accts["creditor"].address, 1000)
    judge, judge2, judge3 = (CreditClient(suite, accts[n]) for n in ("judge", "judge2", "registrar"))
    pid, _ = judge.propose_listing(
        SUBJECT, CaseDomain.ENFORCEMENT, case, EntryKind.DISHONEST_DEBTOR, Reason.EVADES_ENFORCEMENT, b"\x01" * 32
    )
    entry, _ = judge2.approve(pid)
    oid, _ = CreditClient(suite, accts["debtor"]).object(entry.id, b"\x02" * 32)
    pid, _ = judge2.propose_removal(entry.id, b"\x03" * 32, objection_id=oid)
    judge3.approve(pid)
    return entry.id, case


def test_m3_check_passes_and_links_entries_to_their_case_and_proposal(
    suite: Suite, accts: dict[str, LocalAccount]
) -> None:
    entry_id, case = _acts(suite, accts)
    report = audit.check(suite)
    assert report.ok, [str(f) for f in report.findings]
    family, _ = audit.timeline(suite, ("entry", entry_id))
    assert ("enforcement", case) in family and ("credit-proposal", 1) in family and ("credit-proposal", 2) in family


def test_m3_check_names_acts_without_a_second_judge(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    entry_id, _ = _acts(suite, accts)
    events = audit.fetch_events(suite)
    # a record in which the listing and the removal carry no approval (as a single judge's acts would)
    dropped = [e for e in events if e.contract == "CreditRegistry" and e.name == "ProposalApproved"]
    assert len(dropped) == 2
    report = audit.check(suite, [e for e in events if e not in dropped])
    messages = {(f.subject, f.message) for f in report.findings if f.check == "approval"}
    assert (f"credit entry {entry_id}", "listed without an approved two-judge proposal") in messages
    assert (f"credit entry {entry_id}", "removed without an approved two-judge proposal") in messages
    # a record in which the lister removes its own entry
    removed = next(e for e in events if e.name == "EntryRemoved")
    forged = dataclasses.replace(removed, args={**removed.args, "by": accts["judge"].address})
    report = audit.check(suite, [forged if e is removed else e for e in events])
    assert any(f.subject == f"credit entry {entry_id}" and "listed the entry" in f.message for f in report.findings), [
        str(f) for f in report.findings
    ]

"""Audit of a whole procedure (agreement → default → enforcement → listing → closure): the timeline crosses the
contracts, the check passes on the real chain and names each finding on a tampered record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from courtchain import audit
from courtchain.chain import Chain
from courtchain.suite import Suite

from .procedure import Procedure, run_procedure


@pytest.fixture
def procedure(suite: Suite, chain: Chain, accts: dict[str, LocalAccount], tmp_path: Path) -> Procedure:
    return run_procedure(suite, chain, accts, tmp_path / "keeper", int(chain.block_number()) + 1)


def test_timeline_follows_the_links(suite: Suite, procedure: Procedure, accts: dict[str, LocalAccount]) -> None:
    for ref in (("obligation", procedure.obligation), ("enforcement", procedure.case)):
        family, entries = audit.timeline(suite, ref)
        assert ("obligation", procedure.obligation) in family and ("enforcement", procedure.case) in family
        names = [t.event for t in entries]
        order = [
            "AgreementRecorded",
            "AgreementBinding",
            "AgreementConfirmed",
            "PaymentMade",
            "ObligationDefaulted",
            "CaseOpened",
            "CreditorAdmitted",
            "OrderProposed",
            "OrderApproved",
            "OrderExecuted",
            "DistributionCredited",
            "Withdrawn",
            "CaseTerminated",
            "EntryListed",
            "CaseResumed",
            "CaseClosed",
            "EntryDelisted",
        ]
        positions = [names.index(n) for n in order]
        assert positions == sorted(positions), list(zip(order, positions, strict=True))
    default = next(t for t in entries if t.event == "ObligationDefaulted")
    assert default.actor == accts["keeper"].address  # the keeper, an unprivileged account
    approvals = [t for t in entries if t.event == "OrderExecuted"]
    assert {t.approver for t in approvals} >= {accts["judge"].address, accts["judge2"].address}
    money = [t for t in entries if t.detail.startswith(("paid", "deducted", "credited", "withdrawn"))]
    assert sum(t.amount or 0 for t in money if t.detail.startswith("deducted")) == 1600


def test_check_passes_on_the_real_chain(suite: Suite, procedure: Procedure) -> None:
    report = audit.check(suite)
    assert report.ok, [str(f) for f in report.findings]
    assert report.counts["audit-head"] >= 1 and report.counts["approval"] >= 5 and report.counts["money"] >= 1


def test_check_names_a_withdrawal_missing_from_the_record(suite: Suite, procedure: Procedure) -> None:
    """Tampered input (an exported log with one withdrawal removed): money and the audit head both break."""
    events = audit.fetch_events(suite)
    dropped = next(e for e in events if e.contract == "EnforcementOffice" and e.name == "Withdrawn")
    for e in [e for e in events if e.tx_hash == dropped.tx_hash and e.contract == "EnforcementOffice"]:
        events.remove(e)  # the withdrawal and its AuditRecorded
    report = audit.check(suite, events)
    subject = f"enforcement case {procedure.case}"
    checks = {(f.check, f.subject) for f in report.findings}
    assert ("money", subject) in checks and ("audit-head", subject) in checks, [str(f) for f in report.findings]
    assert any("withdrawn from events" in f.message for f in report.findings)
    assert any("sequence gap" in f.message for f in report.findings if f.check == "audit-head")


def test_check_names_an_order_approved_by_its_proposer(
    suite: Suite, procedure: Procedure, accts: dict[str, LocalAccount]
) -> None:
    """Tampered input: the approval rewritten as if the officer had approved his own order (the contract refuses
    that with EnforcementSelfApproval, so a real chain cannot hold it; a forged record can)."""
    events = audit.fetch_events(suite)
    i = next(i for i, e in enumerate(events) if e.name == "OrderApproved" and not e.args["automatic"])
    officer = accts["officer"].address
    events[i] = dataclasses.replace(events[i], args={**events[i].args, "approver": officer})
    report = audit.check(suite, events)
    order = events[i].args["orderId"]
    found = [f for f in report.findings if f.check == "approval" and f.subject.startswith(f"order {order} ")]
    messages = {f.message for f in found}
    assert f"approved by its own proposer {officer}" in messages
    assert any("was not a judge" in m for m in messages)
    assert any("another proposer / approver" in m for m in messages)


def test_check_names_a_creditor_admitted_by_one_judge(
    suite: Suite, procedure: Procedure, accts: dict[str, LocalAccount]
) -> None:
    """Tampered input (issue 16, M2): an admission approved by its own proposer, and a creditor whose admission
    approval is missing from the log, are both named (the contract refuses the first; a forged record can hold it)."""
    events = audit.fetch_events(suite)
    i = next(i for i, e in enumerate(events) if e.name == "AdmissionApproved")
    judge = accts["judge"].address
    forged = [*events]
    forged[i] = dataclasses.replace(events[i], args={**events[i].args, "approver": judge})
    report = audit.check(suite, forged)
    admission = events[i].args["admissionId"]
    messages = {f.message for f in report.findings if f.subject.startswith(f"admission {admission} ")}
    assert f"approved by its own proposer {judge}" in messages, [str(f) for f in report.findings]
    dropped = [e for j, e in enumerate(events) if j != i]
    report = audit.check(suite, dropped)
    assert any(f.check == "approval" and "without a second judge's approval" in f.message for f in report.findings), [
        str(f) for f in report.findings
    ]


def test_check_names_a_distribution_that_does_not_add_up(suite: Suite, procedure: Procedure) -> None:
    events = audit.fetch_events(suite)
    i = next(i for i, e in enumerate(events) if e.name == "DistributionCredited")
    events[i] = dataclasses.replace(events[i], args={**events[i].args, "amount": int(events[i].args["amount"]) + 1})
    report = audit.check(suite, events)
    assert any(f.check == "money" and "round" in f.subject for f in report.findings), [str(f) for f in report.findings]


def test_export_round_trip_keeps_the_check_green(suite: Suite, procedure: Procedure, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(audit.dump_events(audit.fetch_events(suite)), encoding="utf-8")
    loaded = audit.load_events(suite, path)
    assert audit.check(suite, loaded).ok

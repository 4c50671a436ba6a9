"""The auditor rebuilds credentials from events alone: legal status transitions, the state the registry stores, and
two different REGISTRAR accounts behind every change of a professional's standing."""

from __future__ import annotations

from dataclasses import replace

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain import audit
from courtchain.clients.credentials import ActionKind, CredentialClient, DisciplineType
from courtchain.clients.docket import DEV_COURT_ID, DocketClient, setup_dev_court
from courtchain.suite import Suite
from tests.docket.conftest import CIVIL_KINDS, PARTIES, materials

from .conftest import YEAR, Licensing, issue_lawyer


def test_credentials_pass_the_audit_and_a_forged_approval_is_found(
    suite: Suite, licensing: Licensing, clerk: LocalAccount
) -> None:
    cid = issue_lawyer(suite, licensing)
    setup_dev_court(suite, clerk)
    DocketClient(suite, licensing.lawyer).submit(
        DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS), credential_id=cid
    )
    b1, b2 = CredentialClient(suite, licensing.bureau1), CredentialClient(suite, licensing.bureau2)
    aid, _ = b1.propose(cid, ActionKind.SUSPEND, keccak(text="d"), "停止执业")
    b2.approve(aid)
    now = suite.chain.timestamp()
    aid, _ = CredentialClient(suite, licensing.bar1).propose(
        cid,
        ActionKind.DISCIPLINE,
        keccak(text="d2"),
        "警告",
        discipline=DisciplineType.WARNING,
        public_until=now + YEAR,
    )
    CredentialClient(suite, licensing.bar2).approve(aid)
    events = audit.fetch_events(suite)
    report = audit.check(suite, events)
    mine = [f for f in report.findings if "credential" in f.subject or "CredentialRegistry" in f.subject]
    assert mine == [], mine
    # the same log with the approval rewritten to the proposer's account: found as a self-approval
    forged = [
        replace(e, args={**e.args, "approver": licensing.bureau1.address})
        if e.name == "ActionApproved" and e.contract == "CredentialRegistry" and int(e.args["credentialId"]) == cid
        else e
        for e in events
    ]
    findings = [f for f in audit.check(suite, forged).findings if f.check == "approval" and "credential" in f.subject]
    assert findings and "own proposer" in findings[0].message
    # a status change event whose `to` disagrees with the registry: found as a state mismatch
    bent = [replace(e, args={**e.args, "to": 3}) if e.name == "CredentialStatusChanged" else e for e in events]
    states = [f for f in audit.check(suite, bent).findings if f.check == "state" and "credential" in f.subject]
    assert states, "the derived state must be compared with the stored one"


def test_case_timeline_of_the_audit_shows_the_agent(suite: Suite, licensing: Licensing, clerk: LocalAccount) -> None:
    cid = issue_lawyer(suite, licensing)
    setup_dev_court(suite, clerk)
    fid, _ = DocketClient(suite, licensing.lawyer).submit(
        DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS), credential_id=cid
    )
    _, entries = audit.timeline(suite, ("case", fid))
    used = [t for t in entries if t.event == "AgentCredentialUsed"]
    assert len(used) == 1 and used[0].actor.lower() == licensing.lawyer.address.lower()
    assert f"credentialId={cid}" in used[0].detail or str(cid) in used[0].detail

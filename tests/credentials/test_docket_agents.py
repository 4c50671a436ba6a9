"""The docket checks an agent's credential: a filing and materials by an agent record the credential; an agent whose
licence is suspended (or not his, or expired, or barred) is refused with the registry's reason."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.consortium import ConsortiumClient
from courtchain.clients.credentials import ActionKind, AgentAct, CredentialClient, Validity
from courtchain.clients.docket import DEV_COURT_ID, DocketClient, MaterialKind, setup_dev_court
from courtchain.roles import SUITE_KEYS
from courtchain.suite import Suite
from tests.docket.conftest import CIVIL_KINDS, PARTIES, materials
from tests.helpers import reverts

from .conftest import Licensing, govern, issue_lawyer

DECISION = keccak(text="停止执业决定书")


def _agent_docket(suite: Suite, clerk: LocalAccount, agent: LocalAccount) -> DocketClient:
    setup_dev_court(suite, clerk)
    return DocketClient(suite, agent)


def test_agent_filing_records_the_credential(suite: Suite, licensing: Licensing, clerk: LocalAccount) -> None:
    cid = issue_lawyer(suite, licensing)
    d = _agent_docket(suite, clerk, licensing.lawyer)
    fid, sent = d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2]), credential_id=cid)
    used = sent.event("AgentCredentialUsed").args
    assert (used["filingId"], used["agent"], used["credentialId"], used["act"]) == (
        fid,
        licensing.lawyer.address,
        cid,
        AgentAct.FILING,
    )
    assert d.agent_credential(fid) == cid
    sent = d.add_materials(fid, materials(MaterialKind.EVIDENCE_LIST))
    assert sent.event("AgentCredentialUsed").args["act"] == AgentAct.MATERIALS
    # a filing without a credential records none, and its materials emit nothing about agents
    fid2, sent2 = d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2], tag="b"))
    assert sent2.all("AgentCredentialUsed") == [] and d.agent_credential(fid2) == 0


def test_agent_with_suspended_licence_is_refused(suite: Suite, licensing: Licensing, clerk: LocalAccount) -> None:
    cid = issue_lawyer(suite, licensing)
    d = _agent_docket(suite, clerk, licensing.lawyer)
    fid, _ = d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2]), credential_id=cid)
    aid, _ = CredentialClient(suite, licensing.bureau1).propose(cid, ActionKind.SUSPEND, DECISION, "停止执业")
    CredentialClient(suite, licensing.bureau2).approve(aid)
    with reverts(
        "DocketAgentCredentialInvalid", agent=licensing.lawyer.address, credentialId=cid, reason=Validity.SUSPENDED
    ):
        d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS, tag="c"), credential_id=cid)
    with reverts("DocketAgentCredentialInvalid", reason=Validity.SUSPENDED):
        d.add_materials(fid, materials(MaterialKind.EVIDENCE_LIST))
    # the court's clerk still adds materials to the filing: only the agent acts with the credential
    DocketClient(suite, clerk).add_materials(fid, materials(MaterialKind.EVIDENCE_LIST))


def test_agent_with_someone_elses_or_unknown_credential_is_refused(
    suite: Suite, licensing: Licensing, clerk: LocalAccount
) -> None:
    cid = issue_lawyer(suite, licensing)
    d = _agent_docket(suite, clerk, licensing.other)
    with reverts("DocketAgentCredentialInvalid", credentialId=cid, reason=Validity.NOT_HOLDER):
        d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS), credential_id=cid)
    with reverts("DocketAgentCredentialInvalid", credentialId=77, reason=Validity.UNKNOWN):
        d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS), credential_id=77)


def test_agent_with_expired_licence_is_refused(suite: Suite, licensing: Licensing, clerk: LocalAccount) -> None:
    cid = issue_lawyer(suite, licensing, valid_for=3600)
    d = _agent_docket(suite, clerk, licensing.lawyer)
    suite.chain.sleep(3601)
    with reverts("DocketAgentCredentialInvalid", reason=Validity.EXPIRED):
        d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS), credential_id=cid)


def test_no_registry_recorded(
    suite: Suite, licensing: Licensing, clerk: LocalAccount, accts: dict[str, LocalAccount]
) -> None:
    cid = issue_lawyer(suite, licensing)
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.set_suite_contract(SUITE_KEYS["CredentialRegistry"], "0x" + "00" * 20)])
    d = _agent_docket(suite, clerk, licensing.lawyer)
    with reverts("DocketNoCredentialRegistry"):
        d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS), credential_id=cid)


def test_timeline_shows_the_agents_credential(suite: Suite, licensing: Licensing, clerk: LocalAccount) -> None:
    from courtchain.portal.timeline import case_timeline

    cid = issue_lawyer(suite, licensing)
    d = _agent_docket(suite, clerk, licensing.lawyer)
    fid, _ = d.submit(DEV_COURT_ID, "民初", PARTIES, 0, materials(*CIVIL_KINDS[:2]), credential_id=cid)
    d.add_materials(fid, materials(MaterialKind.EVIDENCE_LIST))
    entries, used = case_timeline(suite, fid)
    agent = [e for e in entries if e.event == "AgentCredentialUsed"]
    assert [e.details["credentialId"] for e in agent] == [cid, cid]
    assert agent[0].title.en.startswith("filing by an agent") and "北京市司法局" in agent[0].title.en
    assert agent[0].title.zh.startswith("代理人凭执业凭证") and "律师执业证" in agent[0].title.zh
    assert "北京某某律师事务所" in agent[1].title.zh and used.count("CaseDocket") == 1
    assert licensing.lawyer.address.lower() not in str([e.to_json() for e in entries]).lower()

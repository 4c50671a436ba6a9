"""CredentialRegistry against a real node: authority by governance, issuing, two-person status changes, discipline,
issuer state, and the exact custom error of every refusal."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from courtchain.clients.consortium import ConsortiumClient, MemberKind, MemberStatus
from courtchain.clients.credentials import (
    ActionKind,
    AgentAct,
    CredentialClient,
    CredentialKind,
    CredentialStatus,
    DisciplineType,
    Validity,
    check_licence_number,
    credential_commitment,
)
from courtchain.errors import InputError
from courtchain.suite import Suite
from tests.helpers import assert_enum_mirror, reverts

from .conftest import BUREAU_NAME, YEAR, Licensing, commitment_for, govern, issue_lawyer

DECISION = keccak(text="decision document")
DAY = 24 * 3600


def test_enum_mirrors() -> None:
    for enum in (CredentialKind, CredentialStatus, Validity, DisciplineType, ActionKind):
        assert_enum_mirror(enum, "ICredentialRegistry.sol")
    assert_enum_mirror(AgentAct, "ICaseDocket.sol")
    assert_enum_mirror(MemberKind, "ICourtConsortium.sol")


def test_licence_number_format() -> None:
    assert check_licence_number("11101 2019 1012 3456").number == "11101201910123456"
    n = check_licence_number("1110120191012345６")  # a full-width digit is normalised
    assert (n.number, n.scheme, n.certificate_type) == ("11101201910123456", "current", 1)
    assert check_licence_number("2101-2003-0001").scheme == "older"
    for bad in ("", "1110120191012345", "111012019101234567", "0110120191012345 6", "11101201910123X56", "一二三"):
        with pytest.raises(InputError):
            check_licence_number(bad)
    with pytest.raises(InputError):
        credential_commitment(bytes(32), CredentialKind.LAWYER_LICENCE, "123", "张三")


def test_default_authority_set_by_deployment(suite: Suite) -> None:
    c = CredentialClient(suite)
    assert c.authority(MemberKind.JUSTICE_BUREAU, CredentialKind.LAWYER_LICENCE) == (True, True)
    assert c.authority(MemberKind.BAR_ASSOCIATION, CredentialKind.LAWYER_LICENCE) == (False, True)
    assert c.authority(MemberKind.COURT, CredentialKind.LAWYER_LICENCE) == (False, False)


def test_set_authority_only_by_governance(suite: Suite, accts: dict[str, LocalAccount]) -> None:
    gov = CredentialClient(suite, accts["court_governor"])
    with reverts("AccessOnlyGovernance", caller=accts["court_governor"].address):
        gov.transact("setAuthority", int(MemberKind.COURT), int(CredentialKind.MEDIATOR), True, False)
    govern(suite, accts, [gov.set_authority(MemberKind.COURT, CredentialKind.MEDIATOR, True, False)])
    assert gov.authority(MemberKind.COURT, CredentialKind.MEDIATOR) == (True, False)
    # the registry's own checks, reached by calling it as the hub would (eth_call from the hub's address)
    hub_address = suite.address("CourtConsortium")
    with reverts("CredentialInvalidMemberKind"):
        _call_as(suite, hub_address, gov, "setAuthority", 0, 3, True, False)
    with reverts("CredentialInvalidKind"):
        _call_as(suite, hub_address, gov, "setAuthority", 1, 0, True, False)


def _call_as(suite: Suite, sender: str, client: CredentialClient, fn: str, *args: object) -> None:
    """eth_call `fn` from `sender` (an address without a key, such as the hub), decoding a revert as the clients do."""
    from courtchain.txn import revert_data

    call = {"from": sender, "to": client.address, "data": client.call_data(fn, *args)}
    resp = suite.chain.w3.provider.make_request("eth_call", [call, "latest"])  # type: ignore[arg-type]
    assert "error" in resp, f"{fn} did not revert"
    data = revert_data(resp["error"])
    assert data is not None
    raise suite.decoder.to_exception(client.contract_name, data)


def test_every_declared_error_is_exercised() -> None:
    """Each custom error of ICredentialRegistry appears in an assertion of these tests."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    declared = re.findall(r"error (\w+)\(", (root / "contracts/interfaces/ICredentialRegistry.sol").read_text())
    tests = "".join(
        (Path(__file__).parent / f).read_text() for f in ("test_credential_registry.py", "test_docket_agents.py")
    )
    missing = [e for e in declared if f'reverts("{e}"' not in tests]
    assert declared and not missing, missing


def test_unknown_records(suite: Suite) -> None:
    c = CredentialClient(suite)
    with reverts("CredentialUnknownDiscipline", disciplineId=1):
        c.view("getDiscipline", 1)
    with reverts("CredentialUnknown", credentialId=1):
        c.view("getCredential", 1)
    with reverts("CredentialUnknownAction", actionId=1):
        c.view("getAction", 1)
    assert c.validity(0) == Validity.UNKNOWN and c.valid_credential(c.address) == 0


def test_issue_records_everything(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing)
    c = CredentialClient(suite)
    cred = c.credential(cid)
    assert cred.holder == licensing.lawyer.address
    assert cred.kind == CredentialKind.LAWYER_LICENCE
    assert cred.status == CredentialStatus.PRACTISING
    assert cred.issuer_member == licensing.bureau_id and cred.issuer == licensing.bureau1.address
    assert cred.commitment == commitment_for() and cred.firm == "北京某某律师事务所" and cred.category == "专职"
    assert c.validity(cid) == Validity.VALID
    assert c.is_valid(licensing.lawyer.address, CredentialKind.LAWYER_LICENCE)
    assert c.valid_credential(licensing.lawyer.address) == cid
    assert c.credential_of(licensing.lawyer.address, CredentialKind.LAWYER_LICENCE) == cid
    assert c.check_agent(licensing.other.address, cid) == Validity.NOT_HOLDER
    assert c.check_agent(licensing.lawyer.address, 999) == Validity.UNKNOWN
    state = c.issuer_state(cid)
    assert (state.member, state.status, state.authorised, state.name) == (
        licensing.bureau_id,
        MemberStatus.ACTIVE,
        True,
        BUREAU_NAME,
    )


def test_issue_refusals(suite: Suite, licensing: Licensing, accts: dict[str, LocalAccount]) -> None:
    now = suite.chain.timestamp()
    args = (licensing.lawyer.address, int(CredentialKind.LAWYER_LICENCE), commitment_for(), "所", bytes(32), now + YEAR)
    # a member kind without the power to issue (the bar association disciplines lawyers, it does not license them)
    with reverts("CredentialNotAuthorised", account=licensing.bar1.address):
        CredentialClient(suite, licensing.bar1).transact("issue", *args)
    # an account of no member, and an account of a court (a registrar without the power)
    with reverts("CredentialNotAuthorised", account=licensing.other.address):
        CredentialClient(suite, licensing.other).transact("issue", *args)
    with reverts("CredentialNotAuthorised", account=accts["registrar"].address):
        CredentialClient(suite, accts["registrar"]).transact("issue", *args)
    bureau = CredentialClient(suite, licensing.bureau1)
    with reverts("CredentialInvalidKind"):
        bureau.transact("issue", args[0], 0, *args[2:])
    with reverts("CredentialZeroAddress"):
        bureau.transact("issue", "0x" + "00" * 20, *args[1:])
    with reverts("CredentialZeroHash"):
        bureau.transact("issue", args[0], args[1], bytes(32), *args[3:])
    with reverts("CredentialInvalidValidity"):
        bureau.transact("issue", *args[:5], now)
    cid = issue_lawyer(suite, licensing)
    with reverts("CredentialAlreadyHeld", holder=licensing.lawyer.address, credentialId=cid):
        bureau.transact("issue", *args)


def _act(suite: Suite, lic: Licensing, cid: int, kind: ActionKind, **kw: int) -> int:
    proposer = CredentialClient(suite, lic.bureau1)
    aid, _ = proposer.propose(cid, kind, DECISION, "依法处理", **kw)  # type: ignore[arg-type]
    CredentialClient(suite, lic.bureau2).approve(aid)
    return aid


def test_suspend_needs_two_accounts_and_takes_effect_on_approval(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing)
    proposer = CredentialClient(suite, licensing.bureau1)
    aid, sent = proposer.propose(cid, ActionKind.SUSPEND, DECISION, "停止执业六个月")
    assert sent.event("ActionProposed").args["reason"] == "停止执业六个月"
    assert CredentialClient(suite).validity(cid) == Validity.VALID  # a proposal alone changes nothing
    with reverts("CredentialSelfApproval", actionId=aid, account=licensing.bureau1.address):
        proposer.approve(aid)
    for outsider in (licensing.bar1, licensing.lawyer):
        with reverts("CredentialNotActionMember" if outsider is licensing.bar1 else "CredentialNotAuthorised"):
            CredentialClient(suite, outsider).approve(aid)
    sent = CredentialClient(suite, licensing.bureau2).approve(aid)
    changed = sent.event("CredentialStatusChanged").args
    assert (changed["from"], changed["to"]) == (CredentialStatus.PRACTISING, CredentialStatus.SUSPENDED)
    assert (changed["proposer"], changed["approver"]) == (licensing.bureau1.address, licensing.bureau2.address)
    c = CredentialClient(suite)
    assert c.validity(cid) == Validity.SUSPENDED
    assert not c.is_valid(licensing.lawyer.address, CredentialKind.LAWYER_LICENCE)
    assert c.valid_credential(licensing.lawyer.address) == 0
    with reverts("CredentialActionDone", actionId=aid):
        CredentialClient(suite, licensing.bureau2).approve(aid)
    with reverts("CredentialAlreadyHeld"):
        issue_lawyer(suite, licensing)
    _act(suite, licensing, cid, ActionKind.REINSTATE)
    assert c.validity(cid) == Validity.VALID
    _act(suite, licensing, cid, ActionKind.REVOKE)
    assert c.validity(cid) == Validity.REVOKED
    with reverts("CredentialUnexpectedStatus", credentialId=cid, current=CredentialStatus.REVOKED):
        proposer.propose(cid, ActionKind.CANCEL, DECISION, "注销")
    # a revoked licence leaves room for a new one
    assert issue_lawyer(suite, licensing) == cid + 1


def test_status_actions_only_by_the_issuer(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing)
    with reverts("CredentialNotIssuer", credentialId=cid, account=licensing.bar1.address):
        CredentialClient(suite, licensing.bar1).propose(cid, ActionKind.REVOKE, DECISION, "吊销")
    proposer = CredentialClient(suite, licensing.bureau1)
    with reverts("CredentialInvalidAction"):
        proposer.transact("proposeAction", cid, 0, 0, 0, 0, DECISION, "x")
    with reverts("CredentialInvalidAction"):
        proposer.transact("proposeAction", cid, int(ActionKind.REVOKE), 1, 0, 0, DECISION, "x")
    with reverts("CredentialZeroHash"):
        proposer.transact("proposeAction", cid, int(ActionKind.REVOKE), 0, 0, 0, bytes(32), "x")
    with reverts("CredentialEmptyReason"):
        proposer.transact("proposeAction", cid, int(ActionKind.REVOKE), 0, 0, 0, DECISION, "")
    with reverts("CredentialUnexpectedStatus"):
        proposer.propose(cid, ActionKind.REINSTATE, DECISION, "恢复")
    with reverts("CredentialUnknown", credentialId=99):
        proposer.transact("proposeAction", 99, int(ActionKind.REVOKE), 0, 0, 0, DECISION, "x")
    with reverts("CredentialUnknownAction", actionId=99):
        proposer.approve(99)


def test_action_expires(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing)
    aid, _ = CredentialClient(suite, licensing.bureau1).propose(cid, ActionKind.CANCEL, DECISION, "注销")
    suite.chain.sleep(7 * DAY + 1)
    with reverts("CredentialActionExpired", actionId=aid):
        CredentialClient(suite, licensing.bureau2).approve(aid)


def test_expiry_and_renewal(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing, valid_for=DAY)
    c = CredentialClient(suite, licensing.bureau1)
    suite.chain.sleep(DAY + 1)
    assert c.validity(cid) == Validity.EXPIRED
    with reverts("CredentialNotAuthorised", account=licensing.bar1.address):  # the bar does not license lawyers
        CredentialClient(suite, licensing.bar1).transact("renew", cid, suite.chain.timestamp() + YEAR)
    with reverts("CredentialInvalidValidity"):
        c.renew(cid, suite.chain.timestamp())
    sent = c.renew(cid, suite.chain.timestamp() + YEAR)
    assert sent.event("CredentialRenewed").args["by"] == licensing.bureau1.address
    assert c.validity(cid) == Validity.VALID


def test_discipline_by_the_bar_bars_for_the_period(suite: Suite, licensing: Licensing) -> None:
    cid = issue_lawyer(suite, licensing)
    now = suite.chain.timestamp()
    bar1, bar2 = CredentialClient(suite, licensing.bar1), CredentialClient(suite, licensing.bar2)
    # a warning: public for a year, no bar
    aid, _ = bar1.propose(
        cid, ActionKind.DISCIPLINE, DECISION, "警告", discipline=DisciplineType.WARNING, public_until=now + YEAR
    )
    rec = bar2.approve(aid).event("DisciplineRecorded").args
    assert rec["barredUntil"] == 0 and rec["member"] == licensing.bar_id
    assert bar1.validity(cid) == Validity.VALID
    # suspension of membership rights for 30 days
    aid, _ = bar1.propose(
        cid,
        ActionKind.DISCIPLINE,
        DECISION,
        "中止会员权利三十日",
        discipline=DisciplineType.SUSPENSION_OF_RIGHTS,
        until=now + 30 * DAY,
        public_until=now + YEAR,
    )
    bar2.approve(aid)
    assert bar1.validity(cid) == Validity.BARRED
    assert [d.type for d in bar1.disciplines(cid)] == [DisciplineType.WARNING, DisciplineType.SUSPENSION_OF_RIGHTS]
    assert len(bar1.standing(cid).public_discipline) == 2
    suite.chain.sleep(30 * DAY + 1)
    assert bar1.validity(cid) == Validity.VALID
    # expulsion bars for good
    aid, _ = bar1.propose(
        cid,
        ActionKind.DISCIPLINE,
        DECISION,
        "取消会员资格",
        discipline=DisciplineType.EXPULSION,
        public_until=now + YEAR,
    )
    bar2.approve(aid)
    suite.chain.sleep(5 * YEAR)
    assert bar1.validity(cid) == Validity.BARRED
    assert bar1.standing(cid).public_discipline == ()  # public windows over


def test_discipline_refusals(suite: Suite, licensing: Licensing, accts: dict[str, LocalAccount]) -> None:
    cid = issue_lawyer(suite, licensing)
    now = suite.chain.timestamp()
    bar = CredentialClient(suite, licensing.bar1)
    d = int(ActionKind.DISCIPLINE)
    with reverts("CredentialInvalidDiscipline"):
        bar.transact("proposeAction", cid, d, 0, 0, now + YEAR, DECISION, "x")
    with reverts("CredentialInvalidWindow"):
        bar.transact("proposeAction", cid, d, int(DisciplineType.WARNING), 0, now, DECISION, "x")
    with reverts("CredentialInvalidWindow"):
        bar.transact("proposeAction", cid, d, int(DisciplineType.SUSPENSION_OF_RIGHTS), now, now + YEAR, DECISION, "x")
    with reverts("CredentialInvalidWindow"):
        bar.transact("proposeAction", cid, d, int(DisciplineType.WARNING), now + DAY, now + YEAR, DECISION, "x")
    with reverts("CredentialNotAuthorised", account=accts["registrar"].address):
        CredentialClient(suite, accts["registrar"]).transact(
            "proposeAction", cid, d, int(DisciplineType.WARNING), 0, now + YEAR, DECISION, "x"
        )
    # governance withdraws the bar's power between proposal and approval: the approval is refused
    aid, _ = bar.propose(
        cid, ActionKind.DISCIPLINE, DECISION, "警告", discipline=DisciplineType.WARNING, public_until=now + YEAR
    )
    govern(suite, accts, [bar.set_authority(MemberKind.BAR_ASSOCIATION, CredentialKind.LAWYER_LICENCE, False, False)])
    with reverts("CredentialNotAuthorised", account=licensing.bar2.address):
        CredentialClient(suite, licensing.bar2).approve(aid)


def test_suspended_issuer_issues_nothing_and_its_credentials_stand(
    suite: Suite, licensing: Licensing, accts: dict[str, LocalAccount]
) -> None:
    cid = issue_lawyer(suite, licensing)
    hub = ConsortiumClient(suite, accts["court_governor"])
    govern(suite, accts, [hub.suspend_member(licensing.bureau_id)])
    with reverts("CredentialIssuerNotActive", memberId=licensing.bureau_id, status=MemberStatus.SUSPENDED):
        issue_lawyer(suite, licensing, holder=licensing.other.address)
    c = CredentialClient(suite)
    assert c.validity(cid) == Validity.VALID  # issued before: stays as issued
    assert c.issuer_state(cid).status == MemberStatus.SUSPENDED  # and a verifier is told
    govern(suite, accts, [hub.remove_member(licensing.bureau_id)])
    assert c.issuer_state(cid).status == MemberStatus.REMOVED
    with reverts("CredentialIssuerNotActive", status=MemberStatus.REMOVED):
        CredentialClient(suite, licensing.bureau1).propose(cid, ActionKind.REVOKE, DECISION, "吊销")

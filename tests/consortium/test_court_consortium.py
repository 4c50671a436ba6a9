"""CourtConsortium: members, accounts, roles, governance thresholds, expiry, and every custom error."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount

from courtchain.chain import Chain
from courtchain.clients.consortium import Action, ConsortiumClient, MemberKind, MemberStatus, ProposalState
from courtchain.deploy import PROPOSAL_LIFETIME
from courtchain.roles import ROLES, SUITE_KEYS
from courtchain.suite import Suite
from tests.helpers import assert_enum_mirror, reverts

ZERO = "0x" + "00" * 20


@pytest.fixture
def hub(suite: Suite, court_governor: LocalAccount) -> ConsortiumClient:
    return ConsortiumClient(suite, court_governor)


@pytest.fixture
def governors(
    court_governor: LocalAccount, bank_governor: LocalAccount, credit_governor: LocalAccount
) -> list[LocalAccount]:
    return [court_governor, bank_governor, credit_governor]


def as_(hub: ConsortiumClient, account: LocalAccount) -> ConsortiumClient:
    return ConsortiumClient(hub.suite, account)


def test_genesis_and_bootstrap(hub: ConsortiumClient, accts: dict[str, LocalAccount]) -> None:
    assert hub.threshold() == 2
    assert hub.governing_members() == 3
    members = hub.members()
    assert [m.kind for m in members[:3]] == [MemberKind.COURT, MemberKind.CUSTODIAN_BANK, MemberKind.CREDIT_PLATFORM]
    assert all(m.status == MemberStatus.ACTIVE for m in members)
    assert hub.has_role("JUDGE", accts["judge"].address)
    assert hub.has_role("CUSTODIAN", accts["custodian"].address)
    assert not hub.has_role("JUDGE", accts["clerk"].address)
    assert not hub.has_role("GOVERNOR", accts["outsider"].address)
    assert hub.member_of(accts["outsider"].address) == 0
    assert hub.member_of(accts["judge"].address) == 1


def test_role_ids_match_contract(suite: Suite) -> None:
    # The Python mirror must equal what the contract computes: a hub granting an unknown id refuses it.
    from eth_utils import keccak

    for name, rid in ROLES.items():
        assert rid == keccak(text=name)
    assert set(SUITE_KEYS) == {
        "CaseDocket",
        "ObligationRegistry",
        "EnforcementOffice",
        "CreditRegistry",
        "EvidenceRegistry",
        "CredentialRegistry",
        "CreditorsMeeting",
        "BankruptcyEstate",
        "MeetingRequests",
    }


def test_enum_mirrors_match_interface() -> None:
    assert_enum_mirror(MemberKind, "ICourtConsortium.sol")
    assert_enum_mirror(MemberStatus, "ICourtConsortium.sol")
    assert_enum_mirror(ProposalState, "ICourtConsortium.sol")


def test_admit_member_by_threshold(hub: ConsortiumClient, bank_governor: LocalAccount) -> None:
    n = hub.member_count()
    pid, sent = hub.propose([hub.admit_member(MemberKind.NOTARY, "Beijing Notary Office")], "admit notary")
    created = sent.event("ProposalCreated")
    assert created.args["proposalId"] == pid and created.args["memberId"] == 1
    assert sent.event("ProposalApproved").args["approvals"] == 1
    assert hub.proposal(pid).state == ProposalState.PENDING
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=1, expected=2):
        hub.execute(pid)
    as_(hub, bank_governor).approve(pid)
    assert hub.proposal(pid).state == ProposalState.APPROVED
    sent = hub.execute(pid)
    admitted = sent.event("MemberAdmitted")
    assert admitted.args["memberId"] == n + 1 and admitted.args["name"] == "Beijing Notary Office"
    assert hub.member(n + 1).kind == MemberKind.NOTARY
    assert hub.proposal(pid).state == ProposalState.EXECUTED
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=3):
        hub.execute(pid)


def test_double_approval_by_same_member_refused(hub: ConsortiumClient, governors: list[LocalAccount]) -> None:
    pid, _ = hub.propose([hub.set_threshold(3)])
    with reverts("ConsortiumAlreadyApproved", proposalId=pid, memberId=1):
        hub.approve(pid)


def test_two_accounts_of_one_member_count_once(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    # Give the court's registrar the governor role too: the court still approves only once.
    hub.govern([hub.grant_role("GOVERNOR", accts["registrar"].address)], governors)
    pid, _ = hub.propose([hub.set_threshold(3)])
    with reverts("ConsortiumAlreadyApproved", memberId=1):
        as_(hub, accts["registrar"]).approve(pid)


def test_only_governors_propose_and_approve(hub: ConsortiumClient, judge: LocalAccount, outsider: LocalAccount) -> None:
    with reverts("ConsortiumNotGovernor", account=judge.address):
        as_(hub, judge).propose([hub.set_threshold(1)])
    pid, _ = hub.propose([hub.set_threshold(1)])
    with reverts("ConsortiumNotGovernor", account=outsider.address):
        as_(hub, outsider).approve(pid)


def test_mutations_only_by_governance(
    hub: ConsortiumClient, outsider: LocalAccount, court_governor: LocalAccount
) -> None:
    for fn, args in [
        ("admitMember", (1, "X", b"\0" * 32)),
        ("suspendMember", (1,)),
        ("reinstateMember", (1,)),
        ("removeMember", (1,)),
        ("updateMemberMetadata", (1, b"\1" * 32)),
        ("addAccount", (1, outsider.address)),
        ("removeAccount", (outsider.address,)),
        ("grantRole", (ROLES["JUDGE"], outsider.address)),
        ("revokeRole", (ROLES["JUDGE"], outsider.address)),
        ("setThreshold", (1,)),
        ("setProposalLifetime", (3600,)),
        ("setSuiteContract", (SUITE_KEYS["CaseDocket"], hub.address)),
    ]:
        for who in (outsider, court_governor):
            with reverts("ConsortiumOnlyGovernance", caller=who.address):
                as_(hub, who).transact(fn, *args)


def test_empty_and_invalid_proposals(hub: ConsortiumClient, outsider: LocalAccount) -> None:
    with reverts("ConsortiumNoActions"):
        hub.transact("propose", [], b"\0" * 32)
    with reverts("ConsortiumInvalidTarget", target=outsider.address):
        hub.transact("propose", [(outsider.address, b"")], b"\0" * 32)


def test_unknown_proposal(hub: ConsortiumClient) -> None:
    with reverts("ConsortiumUnknownProposal", proposalId=999):
        hub.transact("approve", 999)
    with reverts("ConsortiumUnknownProposal", proposalId=0):
        hub.view("proposalState", 0)


def test_expiry_boundary(hub: ConsortiumClient, chain: Chain, bank_governor: LocalAccount) -> None:
    pid, _ = hub.propose([hub.set_threshold(3)])
    p = hub.proposal(pid)
    assert p.expires_at == p.created_at + PROPOSAL_LIFETIME
    # Open up to and including expiresAt: an approval mined at exactly expiresAt is accepted.
    chain.set_next_timestamp(p.expires_at)
    as_(hub, bank_governor).approve(pid)
    chain.set_time(p.expires_at + 1)
    assert hub.proposal(pid).state == ProposalState.EXPIRED
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=4, expected=2):
        hub.execute(pid)


def test_expired_cannot_be_approved(hub: ConsortiumClient, chain: Chain, bank_governor: LocalAccount) -> None:
    pid, _ = hub.propose([hub.set_threshold(3)])
    chain.set_time(hub.proposal(pid).expires_at + 1)
    with reverts("ConsortiumUnexpectedProposalState", current=4, expected=1):
        as_(hub, bank_governor).approve(pid)


def test_cancel(hub: ConsortiumClient, bank_governor: LocalAccount) -> None:
    pid, _ = hub.propose([hub.set_threshold(3)])
    with reverts("ConsortiumNotProposer", proposalId=pid, caller=bank_governor.address):
        as_(hub, bank_governor).cancel(pid)
    sent = hub.cancel(pid)
    assert sent.event("ProposalCancelled").args["by"] == hub.account.address  # type: ignore[union-attr]
    assert hub.proposal(pid).state == ProposalState.CANCELLED
    with reverts("ConsortiumUnexpectedProposalState", current=5):
        as_(hub, bank_governor).approve(pid)


def test_suspend_reinstate_remove(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    mediator = accts["mediator"].address
    centre = hub.member_of(mediator)
    sent = hub.govern([hub.suspend_member(centre)], governors)
    ev = sent.event("MemberStatusChanged")
    assert (ev.args["from"], ev.args["to"]) == (1, 2)
    assert not hub.has_role("MEDIATOR", mediator)
    assert hub.view("roleGranted", ROLES["MEDIATOR"], mediator)
    hub.govern([hub.reinstate_member(centre)], governors)
    assert hub.has_role("MEDIATOR", mediator)
    with reverts("ConsortiumActionFailed"):
        hub.govern([hub.reinstate_member(centre)], governors)
    hub.govern([hub.remove_member(centre)], governors)
    assert hub.member(centre).status == MemberStatus.REMOVED
    assert not hub.has_role("MEDIATOR", mediator)
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.reinstate_member(centre)], governors)
    assert "ConsortiumUnexpectedMemberStatus" in str(info.value.arguments["reason"])


def test_last_governor_and_threshold_guard(hub: ConsortiumClient, governors: list[LocalAccount]) -> None:
    # threshold 2 of 3: suspending one governing member leaves 2, fine; a second would make 2 unreachable.
    sent = hub.govern([hub.suspend_member(3)], governors)
    assert hub.governing_members() == 2
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.suspend_member(2)], governors)
    assert "ConsortiumInvalidThreshold(threshold=2, governingMembers=1)" in info.value.arguments["reason"]
    hub.govern([hub.set_threshold(1)], governors)
    hub.govern([hub.remove_member(2)], governors)
    assert hub.governing_members() == 1
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.remove_member(1)], governors)
    assert "ConsortiumLastGovernor(memberId=1)" in info.value.arguments["reason"]
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.revoke_role("GOVERNOR", governors[0].address)], governors)
    assert "ConsortiumLastGovernor" in info.value.arguments["reason"]
    assert sent.events


def test_threshold_bounds(hub: ConsortiumClient, governors: list[LocalAccount]) -> None:
    for bad in (0, 4):
        with reverts("ConsortiumActionFailed") as info:
            hub.govern([hub.set_threshold(bad)], governors)
        assert f"ConsortiumInvalidThreshold(threshold={bad}, governingMembers=3)" in info.value.arguments["reason"]
    sent = hub.govern([hub.set_threshold(3)], governors)
    assert sent.event("ThresholdChanged").args == {"previous": 2, "current": 3}
    assert hub.threshold() == 3
    # Now two approvals are not enough.
    pid, _ = hub.propose([hub.set_threshold(2)])
    as_(hub, governors[1]).approve(pid)
    assert hub.proposal(pid).state == ProposalState.PENDING
    as_(hub, governors[2]).approve(pid)
    hub.execute(pid)
    assert hub.threshold() == 2


def test_accounts_and_roles(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    outsider = accts["outsider"].address
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.grant_role("JUDGE", outsider)], governors)
    assert "ConsortiumAccountNotRegistered" in info.value.arguments["reason"]
    sent = hub.govern([hub.add_account(1, outsider), hub.grant_role("JUDGE", outsider)], governors)
    assert sent.event("AccountAdded").args == {"memberId": 1, "account": outsider}
    assert sent.event("RoleGranted").args["role"] == ROLES["JUDGE"]
    assert hub.has_role("JUDGE", outsider)
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.add_account(2, outsider)], governors)
    assert "ConsortiumAccountAlreadyRegistered" in info.value.arguments["reason"]
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.grant_role("JUDGE", outsider)], governors)
    assert "ConsortiumRoleAlreadyGranted" in info.value.arguments["reason"]
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.grant_role(b"\x12" * 32, outsider)], governors)
    assert "ConsortiumUnknownRole" in info.value.arguments["reason"]
    sent = hub.govern([hub.remove_account(outsider)], governors)
    assert [e.name for e in sent.events if e.name != "ProposalExecuted"] == ["RoleRevoked", "AccountRemoved"]
    assert not hub.has_role("JUDGE", outsider)
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.revoke_role("JUDGE", outsider)], governors)
    assert "ConsortiumRoleNotGranted" in info.value.arguments["reason"]
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.add_account(1, ZERO)], governors)
    assert "ConsortiumZeroAddress" in info.value.arguments["reason"]


def test_admit_validation(hub: ConsortiumClient, governors: list[LocalAccount]) -> None:
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub._action("admitMember", 0, "X", b"\0" * 32)], governors)
    assert "ConsortiumInvalidMemberKind(kind=0)" in info.value.arguments["reason"]
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub._action("admitMember", 1, "", b"\0" * 32)], governors)
    assert "ConsortiumEmptyName" in info.value.arguments["reason"]
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub._action("suspendMember", 99)], governors)
    assert "ConsortiumUnknownMember(memberId=99)" in info.value.arguments["reason"]


def test_metadata_lifetime_and_suite_contracts(
    hub: ConsortiumClient, governors: list[LocalAccount], suite: Suite
) -> None:
    sent = hub.govern([hub.update_member_metadata(1, b"\7" * 32)], governors)
    assert sent.event("MemberMetadataUpdated").args["metadataHash"] == b"\7" * 32
    for bad in (3599, 365 * 86400 + 1):
        with reverts("ConsortiumActionFailed") as info:
            hub.govern([hub.set_proposal_lifetime(bad)], governors)
        assert f"ConsortiumInvalidLifetime(lifetime={bad})" in info.value.arguments["reason"]
    sent = hub.govern([hub.set_proposal_lifetime(3600)], governors)
    assert sent.event("ProposalLifetimeChanged").args["current"] == 3600
    token = suite.address("SettlementToken")
    key = SUITE_KEYS["EvidenceRegistry"]
    previous = hub.suite_contract(key)
    sent = hub.govern([hub.set_suite_contract(key, token)], governors)
    assert sent.event("SuiteContractSet").args == {"key": key, "current": token, "previous": previous}
    assert hub.suite_contract(key) == token
    # An EOA is not a contract, and the hub cannot register itself.
    for bad in (governors[0].address, hub.address):
        with reverts("ConsortiumActionFailed") as info:
            hub.govern([hub.set_suite_contract(key, bad)], governors)
        assert "ConsortiumInvalidTarget" in info.value.arguments["reason"]


def test_suite_call_targets_registered_contract(
    hub: ConsortiumClient, governors: list[LocalAccount], suite: Suite
) -> None:
    token = suite.contract("SettlementToken")
    data = token.encode_abi("mint", args=[governors[0].address, 5])
    with reverts("ConsortiumInvalidTarget"):
        hub.propose([hub.suite_call(token.address, data)])
    hub.govern([hub.set_suite_contract(b"\x01" * 32, token.address)], governors)
    before = token.functions.balanceOf(governors[0].address).call()
    hub.govern([hub.suite_call(token.address, data)], governors)
    assert token.functions.balanceOf(governors[0].address).call() == before + 5


# ---------------------------------------------------------------------------------------------------- audit issue 16

STALE = int(ProposalState.STALE)


def test_m1_removed_members_approval_does_not_count(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    # The audit's exploit: the credit platform proposes threshold 1, is then removed; its approval used to keep
    # counting, so one more governor passed it, and then one governor alone granted JUDGE to its own custodian.
    court, bank, credit = (as_(hub, g) for g in governors)
    pid, _ = credit.propose([hub.set_threshold(1)], "threshold 1")
    sent = hub.govern([hub.remove_member(3)], governors[:2])
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=STALE, expected=1):
        bank.approve(pid)
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=STALE, expected=2):
        bank.execute(pid)
    assert hub.threshold() == 2
    epoch = hub.governance_epoch()
    assert sent.event("GovernanceEpochAdvanced").args["epoch"] == epoch
    assert hub.proposal(pid).epoch == epoch - 1 and hub.proposal(pid).state == ProposalState.STALE
    # And one governor alone still cannot grant JUDGE to its own custodian.
    pid, _ = bank.propose([hub.grant_role("JUDGE", accts["custodian"].address)])
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=1, expected=2):
        bank.execute(pid)
    assert not hub.has_role("JUDGE", accts["custodian"].address)
    assert court.proposal(pid).epoch == epoch


def test_m1_lowering_the_threshold_does_not_pass_open_proposals(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    # An open proposal with one approval used to become executable the moment the threshold dropped to one.
    bank = as_(hub, governors[1])
    pid, _ = bank.propose([hub.grant_role("JUDGE", accts["custodian"].address)])
    hub.govern([hub.set_threshold(1)], governors)
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=STALE, expected=2):
        bank.execute(pid)
    # Raising the threshold does not leave it pending under the new rule either: it is stale too.
    pid, _ = bank.propose([hub.grant_role("JUDGE", accts["custodian"].address)])
    hub.govern([hub.set_threshold(2)], governors)
    assert hub.view("proposalState", pid) == STALE


def test_m1_revoked_governors_approval_does_not_count(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    # The credit platform approves, then loses its only governor account: its approval must not count any more.
    pid, _ = hub.propose([hub.grant_role("JUDGE", accts["custodian"].address)])
    as_(hub, governors[2]).approve(pid)
    hub.govern([hub.revoke_role("GOVERNOR", governors[2].address)], governors[:2])
    assert hub.governing_members() == 2
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=STALE, expected=2):
        hub.execute(pid)
    assert not hub.has_role("JUDGE", accts["custodian"].address)


def test_m1_moved_account_cannot_approve_twice(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount]
) -> None:
    # One account approves for the court, is moved by governance to the bank, and approves again for the bank:
    # two member approvals from one account. Moving a governor account advances the epoch, so the first is void.
    registrar = accts["registrar"]
    hub.govern([hub.grant_role("GOVERNOR", registrar.address)], governors)
    mine = as_(hub, registrar)
    pid, _ = mine.propose([hub.grant_role("JUDGE", registrar.address)])
    hub.govern(
        [
            hub.remove_account(registrar.address),
            hub.add_account(2, registrar.address),
            hub.grant_role("GOVERNOR", registrar.address),
        ],
        governors,
    )
    with reverts("ConsortiumUnexpectedProposalState", proposalId=pid, current=STALE, expected=1):
        mine.approve(pid)
    assert not hub.has_role("JUDGE", registrar.address)


def test_m1_epoch_advances_exactly_on_governance_changes(
    hub: ConsortiumClient, governors: list[LocalAccount], accts: dict[str, LocalAccount], suite: Suite, chain: Chain
) -> None:
    outsider = accts["outsider"].address

    def advanced(actions: list[Action], by: int) -> None:
        before = hub.governance_epoch()
        sent = hub.govern(actions, governors)
        epochs = [e.args["epoch"] for e in sent.all("GovernanceEpochAdvanced")]
        assert epochs == list(range(before + 1, before + by + 1))
        assert hub.governance_epoch() == before + by

    # Changes that leave who approves, and how many must, as they were: open proposals stay open.
    pid, _ = hub.propose([hub.set_threshold(3)])
    advanced([hub.update_member_metadata(1, b"\7" * 32), hub.add_account(4, outsider)], 0)
    advanced([hub.grant_role("MEDIATOR", outsider), hub.revoke_role("MEDIATOR", outsider)], 0)
    advanced([hub.set_proposal_lifetime(3600), hub.suspend_member(4), hub.reinstate_member(4)], 0)
    advanced([hub.set_suite_contract(b"\1" * 32, suite.address("SettlementToken")), hub.remove_account(outsider)], 0)
    assert hub.proposal(pid).state == ProposalState.PENDING
    # Each change of the threshold or of the governing set advances it once.
    advanced([hub.set_threshold(2)], 1)
    assert hub.proposal(pid).state == ProposalState.STALE
    advanced([hub.add_account(4, outsider), hub.grant_role("GOVERNOR", outsider)], 1)
    advanced([hub.suspend_member(4), hub.reinstate_member(4)], 2)
    advanced([hub.remove_member(4)], 1)
    # A stale proposal ends expired like any other that was never executed.
    chain.set_time(hub.proposal(pid).expires_at + 1)
    assert hub.proposal(pid).state == ProposalState.EXPIRED


def test_info_expelled_proposer_cannot_cancel(hub: ConsortiumClient, governors: list[LocalAccount]) -> None:
    # A proposer that no longer governs (GOVERNOR revoked, or its member suspended or removed) may not cancel any
    # more: cancelling is a governor's act. (Its proposal is stale anyway, since its member stopped governing.)
    credit = as_(hub, governors[2])
    pid, _ = credit.propose([hub.update_member_metadata(1, b"\7" * 32)])
    hub.govern([hub.suspend_member(3)], governors[:2])
    with reverts("ConsortiumNotGovernor", account=governors[2].address):
        credit.cancel(pid)
    assert hub.view("getProposal", pid)[4] is False  # not cancelled


def test_info_one_address_one_suite_key(hub: ConsortiumClient, governors: list[LocalAccount], suite: Suite) -> None:
    # One address under two keys: clearing one key used to make the address untargetable although the other key
    # still named it. An address is now recorded under one key at most.
    token = suite.contract("SettlementToken")
    k1, k2 = b"\1" * 32, b"\2" * 32
    hub.govern([hub.set_suite_contract(k1, token.address)], governors)
    with reverts("ConsortiumActionFailed") as info:
        hub.govern([hub.set_suite_contract(k2, token.address)], governors)
    assert f"ConsortiumSuiteContractInUse(contractAddress={token.address}, key=0x{k1.hex()})" in str(
        info.value.arguments["reason"]
    )
    assert hub.suite_key_of(token.address) == k1
    # Setting the same key again is fine; moving the contract means clearing its key first, in one proposal.
    hub.govern([hub.set_suite_contract(k1, token.address)], governors)
    hub.govern([hub.set_suite_contract(k1, ZERO), hub.set_suite_contract(k2, token.address)], governors)
    assert hub.suite_key_of(token.address) == k2 and hub.suite_contract(k1) == ZERO
    data = token.encode_abi("mint", args=[governors[0].address, 5])
    hub.govern([hub.suite_call(token.address, data)], governors)  # still a target under its one key
    hub.govern([hub.set_suite_contract(k2, ZERO)], governors)
    assert hub.suite_key_of(token.address) == b"\0" * 32
    with reverts("ConsortiumInvalidTarget", target=token.address):
        hub.propose([hub.suite_call(token.address, data)])

"""CourtConsortium, Brownie style: genesis, proposals, approvals per member, threshold, expiry, refused calls."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3
from brownie.exceptions import VirtualMachineError
from brownie.test import given, strategy
from eth_abi import encode
from hypothesis import settings

from courtchain import deploy
from courtchain.clients.consortium import MemberKind as Kind
from courtchain.clients.consortium import MemberStatus
from courtchain.clients.consortium import ProposalState as State
from courtchain.roles import SUITE_KEYS

ZERO_HASH = "0x" + "00" * 32
DESCRIPTION = "0x" + "ab" * 32


def role(name: str) -> str:
    return web3.keccak(text=name).hex()


# ------------------------------------------------------------------ genesis


def test_genesis_through_the_container(CourtConsortium, court_governor, bank_governor, credit_governor):
    genesis = [
        (Kind.COURT, "Court", ZERO_HASH, court_governor),
        (Kind.CUSTODIAN_BANK, "Bank", ZERO_HASH, bank_governor),
        (Kind.CREDIT_PLATFORM, "Credit", ZERO_HASH, credit_governor),
    ]
    hub = CourtConsortium.deploy(genesis, 2, 3600, {"from": court_governor})
    assert len(CourtConsortium) >= 1
    assert hub.memberCount() == 3
    assert hub.governingMembers() == 3
    assert hub.threshold() == 2
    assert hub.proposalLifetime() == 3600
    kind, status, _admitted, accounts, governors, metadata, name = hub.getMember(2)
    assert (kind, status, accounts, governors, metadata, name) == (
        Kind.CUSTODIAN_BANK,
        MemberStatus.ACTIVE,
        1,
        1,
        ZERO_HASH,
        "Bank",
    )
    assert hub.memberOf(credit_governor) == 3
    assert hub.hasRole(role("GOVERNOR"), bank_governor)
    events = hub.tx.events
    assert [e["memberId"] for e in events["MemberAdmitted"]] == [1, 2, 3]
    assert [e["account"] for e in events["AccountAdded"]] == [court_governor, bank_governor, credit_governor]
    assert events["ThresholdChanged"]["current"] == 2


def test_genesis_refuses_a_threshold_above_its_governors(CourtConsortium, court_governor, bank_governor, err):
    genesis = [
        (Kind.COURT, "Court", ZERO_HASH, court_governor),
        (Kind.CUSTODIAN_BANK, "Bank", ZERO_HASH, bank_governor),
    ]
    with brownie.reverts(err("ConsortiumInvalidThreshold", 3, 2)):
        CourtConsortium.deploy(genesis, 3, 3600, {"from": court_governor})


def test_the_deployed_consortium_holds_every_dev_organisation(hub, judge, custodian, mediator, outsider):
    assert hub.memberCount() == len(deploy.DEV_ORGANISATIONS)
    assert hub.threshold() == deploy.GENESIS_THRESHOLD
    assert hub.proposalLifetime() == deploy.PROPOSAL_LIFETIME
    assert hub.getMember(1)[-1] == deploy.DEV_ORGANISATIONS[0].name
    assert hub.memberOf(judge) == 1 and hub.hasRole(role("JUDGE"), judge)
    assert hub.memberOf(custodian) == 2 and hub.hasRole(role("CUSTODIAN"), custodian)
    assert hub.hasRole(role("MEDIATOR"), mediator)
    assert hub.memberOf(outsider) == 0 and not hub.hasRole(role("JUDGE"), outsider)


def test_every_suite_contract_is_deployed_and_registered_under_its_key(hub, contract):
    # the same deploy as `brownie run scripts/deploy.py`: every contract of deploy.SUITE, wired into the hub
    assert [spec.name for spec in deploy.SUITE] == [
        "CreditRegistry",
        "CaseDocket",
        "EvidenceRegistry",
        "EnforcementOffice",
        "ObligationRegistry",
        "CredentialRegistry",
        "CreditorsMeeting",
        "BankruptcyEstate",
        "MeetingRequests",
    ]
    for spec in deploy.SUITE:
        deployed = contract(spec.name)
        assert hub.suiteContract(SUITE_KEYS[spec.name]) == deployed.address
        assert len(web3.eth.get_code(deployed.address)) > 0


# ------------------------------------------------------------------ proposals and approvals


def test_a_proposal_executes_once_the_threshold_of_members_approved(hub, court_governor, bank_governor, keeper):
    data = hub.setThreshold.encode_input(3)
    tx = hub.propose([(hub.address, data)], DESCRIPTION, {"from": court_governor})
    created = tx.events["ProposalCreated"]
    pid = created["proposalId"]
    assert (created["proposer"], created["memberId"], created["descriptionHash"]) == (court_governor, 1, DESCRIPTION)
    assert hub.proposalState(pid) == State.PENDING
    assert hub.getProposal(pid)[2] == 1  # approvals: the proposer's member
    assert hub.hasApproved(pid, 1) and not hub.hasApproved(pid, 2)

    tx = hub.approve(pid, {"from": bank_governor})
    assert tx.events["ProposalApproved"]["approvals"] == 2
    assert hub.proposalState(pid) == State.APPROVED

    tx = hub.execute(pid, {"from": keeper})  # anyone may execute an approved proposal
    assert tx.events["ProposalExecuted"]["executor"] == keeper
    assert tx.events["ThresholdChanged"]["previous"] == 2 and tx.events["ThresholdChanged"]["current"] == 3
    assert hub.proposalState(pid) == State.EXECUTED
    assert hub.threshold() == 3


def test_a_pending_proposal_does_not_execute(hub, court_governor, keeper, err):
    pid = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": court_governor}).events[
        "ProposalCreated"
    ]["proposalId"]
    with brownie.reverts(err("ConsortiumUnexpectedProposalState", pid, State.PENDING, State.APPROVED)):
        hub.execute(pid, {"from": keeper})


def test_approvals_count_members_not_accounts(hub, govern, court_governor, judge, err):
    # give the court a second governor account; its approval is still the court's, already counted
    govern([(hub.address, hub.grantRole.encode_input(role("GOVERNOR"), judge))])
    assert hub.hasRole(role("GOVERNOR"), judge)
    pid = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": court_governor}).events[
        "ProposalCreated"
    ]["proposalId"]
    with brownie.reverts(err("ConsortiumAlreadyApproved", pid, 1)):
        hub.approve(pid, {"from": judge})


def test_only_the_proposer_cancels(hub, court_governor, bank_governor, err):
    pid = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": court_governor}).events[
        "ProposalCreated"
    ]["proposalId"]
    with brownie.reverts(err("ConsortiumNotProposer", pid, bank_governor)):
        hub.cancel(pid, {"from": bank_governor})
    tx = hub.cancel(pid, {"from": court_governor})
    assert tx.events["ProposalCancelled"]["by"] == court_governor
    assert hub.proposalState(pid) == State.CANCELLED
    with brownie.reverts(err("ConsortiumUnexpectedProposalState", pid, State.CANCELLED, State.PENDING)):
        hub.approve(pid, {"from": bank_governor})


def test_an_expelled_proposer_cannot_cancel(hub, govern, credit_governor, err):
    pid = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": credit_governor}).events[
        "ProposalCreated"
    ]["proposalId"]
    govern([(hub.address, hub.suspendMember.encode_input(3))])
    with brownie.reverts(err("ConsortiumNotGovernor", credit_governor)):
        hub.cancel(pid, {"from": credit_governor})


def test_m1_a_change_of_the_governing_set_makes_open_proposals_stale(hub, govern, credit_governor, bank_governor, err):
    # the credit platform's approval must not count once it is removed (audit issue 16, M1)
    tx = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": credit_governor})
    pid = tx.events["ProposalCreated"]["proposalId"]
    epoch = hub.governanceEpoch()
    assert hub.getProposal(pid)[7] == epoch  # proposer, member, approvals, executed, cancelled, created, expires, epoch
    tx = govern([(hub.address, hub.removeMember.encode_input(3))])
    assert tx.events["GovernanceEpochAdvanced"]["epoch"] == epoch + 1
    assert hub.governanceEpoch() == epoch + 1
    assert hub.proposalState(pid) == State.STALE
    with brownie.reverts(err("ConsortiumUnexpectedProposalState", pid, State.STALE, State.PENDING)):
        hub.approve(pid, {"from": bank_governor})
    assert hub.threshold() == 2


def test_one_address_is_recorded_under_one_suite_key(hub, govern, token, err):
    k1, k2 = "0x" + "01" * 32, "0x" + "02" * 32
    govern([(hub.address, hub.setSuiteContract.encode_input(k1, token.address))])
    assert hub.suiteKeyOf(token.address) == k1
    inner = bytes(web3.keccak(text="ConsortiumSuiteContractInUse(address,bytes32)")[:4]) + encode(
        ["address", "bytes32"], [token.address, bytes.fromhex("01" * 32)]
    )
    with brownie.reverts(err("ConsortiumActionFailed", hub.proposalCount() + 1, 0, inner)):
        govern([(hub.address, hub.setSuiteContract.encode_input(k2, token.address))])
    assert hub.suiteContract(k2) == "0x" + "00" * 20


def test_a_failing_action_reverts_the_whole_execution(hub, court_governor, bank_governor, keeper, err):
    pid = hub.propose([(hub.address, hub.setThreshold.encode_input(9))], DESCRIPTION, {"from": court_governor}).events[
        "ProposalCreated"
    ]["proposalId"]
    hub.approve(pid, {"from": bank_governor})
    # the inner error travels as `bytes reason`: ConsortiumInvalidThreshold(9, 3 governing members)
    reason = bytes(web3.keccak(text="ConsortiumInvalidThreshold(uint32,uint32)")[:4]) + encode(
        ["uint32", "uint32"], [9, 3]
    )
    with brownie.reverts(err("ConsortiumActionFailed", pid, 0, reason)):
        hub.execute(pid, {"from": keeper})
    assert hub.proposalState(pid) == State.APPROVED and hub.threshold() == 2


# ------------------------------------------------------------------ threshold


@given(threshold=strategy("uint32", max_value=5))
@settings(max_examples=8)
def test_the_threshold_must_lie_between_one_and_the_governing_members(hub, govern, keeper, threshold):
    governing = hub.governingMembers()
    previous = hub.threshold()
    action = [(hub.address, hub.setThreshold.encode_input(threshold))]
    if 1 <= threshold <= governing:
        govern(action)
        assert hub.threshold() == threshold
    else:
        with pytest.raises(VirtualMachineError):
            govern(action)
        assert hub.threshold() == previous


# ------------------------------------------------------------------ expiry


def test_a_proposal_expires_after_its_lifetime(hub, chain, mine_at, court_governor, bank_governor, err):
    tx = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": court_governor})
    pid = tx.events["ProposalCreated"]["proposalId"]
    expires_at = tx.events["ProposalCreated"]["expiresAt"]
    assert expires_at == tx.timestamp + deploy.PROPOSAL_LIFETIME

    chain.sleep(deploy.PROPOSAL_LIFETIME // 2)
    chain.mine()
    assert hub.proposalState(pid) == State.PENDING

    mine_at(expires_at)  # open up to and including expiresAt
    assert hub.proposalState(pid) == State.PENDING
    mine_at(expires_at + 1)
    assert hub.proposalState(pid) == State.EXPIRED
    with brownie.reverts(err("ConsortiumUnexpectedProposalState", pid, State.EXPIRED, State.PENDING)):
        hub.approve(pid, {"from": bank_governor})


def test_an_approved_proposal_still_expires_unexecuted(hub, chain, court_governor, bank_governor, keeper, err):
    pid = hub.propose([(hub.address, hub.setThreshold.encode_input(1))], DESCRIPTION, {"from": court_governor}).events[
        "ProposalCreated"
    ]["proposalId"]
    hub.approve(pid, {"from": bank_governor})
    chain.sleep(deploy.PROPOSAL_LIFETIME + 1)
    chain.mine()
    with brownie.reverts(err("ConsortiumUnexpectedProposalState", pid, State.EXPIRED, State.APPROVED)):
        hub.execute(pid, {"from": keeper})


# ------------------------------------------------------------------ refused calls


def test_governance_functions_refuse_direct_calls(hub, court_governor, err):
    with brownie.reverts(err("ConsortiumOnlyGovernance", court_governor)):
        hub.setThreshold(1, {"from": court_governor})


def test_only_governors_propose_and_approve(hub, court_governor, judge, outsider, err):
    action = [(hub.address, hub.setThreshold.encode_input(1))]
    with brownie.reverts(err("ConsortiumNotGovernor", outsider)):
        hub.propose(action, DESCRIPTION, {"from": outsider})
    pid = hub.propose(action, DESCRIPTION, {"from": court_governor}).events["ProposalCreated"]["proposalId"]
    with brownie.reverts(err("ConsortiumNotGovernor", judge)):
        hub.approve(pid, {"from": judge})


def test_proposals_target_only_the_hub_and_suite_contracts(hub, token, court_governor, err):
    with brownie.reverts(err("ConsortiumInvalidTarget", token.address)):
        hub.propose([(token.address, "0x")], DESCRIPTION, {"from": court_governor})
    with brownie.reverts(err("ConsortiumNoActions")):
        hub.propose([], DESCRIPTION, {"from": court_governor})


def test_unknown_ids_revert_in_views(hub, err):
    with brownie.reverts(err("ConsortiumUnknownMember", 99)):
        hub.getMember(99)
    with brownie.reverts(err("ConsortiumUnknownProposal", 0)):
        hub.proposalState(0)


# ------------------------------------------------------------------ members


def test_a_suspended_member_keeps_its_roles_granted_but_not_in_force(hub, govern, mediator, err):
    member = hub.memberOf(mediator)
    tx = govern([(hub.address, hub.suspendMember.encode_input(member))])
    changed = tx.events["MemberStatusChanged"]
    assert (changed["memberId"], changed["from"], changed["to"]) == (
        member,
        MemberStatus.ACTIVE,
        MemberStatus.SUSPENDED,
    )
    assert hub.roleGranted(role("MEDIATOR"), mediator)
    assert not hub.hasRole(role("MEDIATOR"), mediator)
    govern([(hub.address, hub.reinstateMember.encode_input(member))])
    assert hub.hasRole(role("MEDIATOR"), mediator)


def test_isolation_reverted_the_previous_tests(hub, judge, mediator):
    # fn_isolation (autouse in conftest): what the earlier tests changed is gone
    assert hub.threshold() == deploy.GENESIS_THRESHOLD
    assert not hub.hasRole(role("GOVERNOR"), judge)
    assert hub.hasRole(role("MEDIATOR"), mediator)

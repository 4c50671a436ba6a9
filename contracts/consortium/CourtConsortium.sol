// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ChainClock} from "../common/ChainClock.sol";
import {Roles} from "../common/Roles.sol";

/// @title CourtConsortium
/// @notice The alliance's access hub and its M-of-N governance. See {ICourtConsortium}.
contract CourtConsortium is ICourtConsortium {
    uint64 private constant _MIN_LIFETIME = 1 hours;
    uint64 private constant _MAX_LIFETIME = 365 days;

    // ------------------------------------------------------------------ state

    mapping(uint32 => Member) private _members;
    uint32 private _memberCount;
    mapping(address => uint32) private _memberOf;
    mapping(bytes32 => mapping(address => bool)) private _roles;
    uint32 private _governingMembers;
    uint32 private _threshold;
    uint64 private _proposalLifetime;
    mapping(bytes32 => address) private _suite;
    mapping(address => bytes32) private _suiteKeyOf;
    uint64 private _epoch;

    mapping(uint256 => Proposal) private _proposals;
    mapping(uint256 => Action[]) private _actions;
    mapping(uint256 => mapping(uint32 => bool)) private _approved;
    uint256 private _proposalCount;

    // ------------------------------------------------------------------ modifiers

    modifier onlyGovernance() {
        if (msg.sender != address(this)) revert ConsortiumOnlyGovernance(msg.sender);
        _;
    }

    modifier onlyGovernor() {
        if (!hasRole(Roles.GOVERNOR, msg.sender)) revert ConsortiumNotGovernor(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ constructor

    /// @param genesis the founding governing members, each with one governor account
    /// @param threshold_ approvals a proposal needs (1 <= threshold <= genesis.length)
    /// @param proposalLifetime_ seconds a proposal stays open
    constructor(GenesisMember[] memory genesis, uint32 threshold_, uint64 proposalLifetime_) {
        if (!ChainClock.inSeconds()) revert ConsortiumMillisecondClock(block.timestamp);
        for (uint256 i = 0; i < genesis.length; i++) {
            uint32 id = _admit(genesis[i].kind, genesis[i].name, genesis[i].metadataHash);
            _addAccount(id, genesis[i].governor);
            _grant(Roles.GOVERNOR, genesis[i].governor);
        }
        _setThreshold(threshold_);
        _setLifetime(proposalLifetime_);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc ICourtConsortium
    function propose(Action[] calldata actions, bytes32 descriptionHash)
        external
        onlyGovernor
        returns (uint256 proposalId)
    {
        if (actions.length == 0) revert ConsortiumNoActions();
        for (uint256 i = 0; i < actions.length; i++) {
            address t = actions[i].target;
            if (t != address(this) && _suiteKeyOf[t] == bytes32(0)) revert ConsortiumInvalidTarget(t);
        }
        proposalId = ++_proposalCount;
        uint32 memberId = _memberOf[msg.sender];
        uint64 now_ = SafeCast.toUint64(block.timestamp);
        uint64 expiresAt = now_ + _proposalLifetime;
        Proposal storage p = _proposals[proposalId];
        p.proposer = msg.sender;
        p.proposerMember = memberId;
        p.createdAt = now_;
        p.expiresAt = expiresAt;
        p.epoch = _epoch;
        p.descriptionHash = descriptionHash;
        for (uint256 i = 0; i < actions.length; i++) {
            _actions[proposalId].push(actions[i]);
        }
        emit ProposalCreated(proposalId, msg.sender, memberId, actions, descriptionHash, expiresAt);
        _approve(proposalId, memberId);
    }

    /// @inheritdoc ICourtConsortium
    function approve(uint256 proposalId) external onlyGovernor {
        ProposalState s = proposalState(proposalId);
        if (s != ProposalState.Pending && s != ProposalState.Approved) {
            revert ConsortiumUnexpectedProposalState(proposalId, s, ProposalState.Pending);
        }
        uint32 memberId = _memberOf[msg.sender];
        if (_approved[proposalId][memberId]) revert ConsortiumAlreadyApproved(proposalId, memberId);
        _approve(proposalId, memberId);
    }

    /// @inheritdoc ICourtConsortium
    function execute(uint256 proposalId) external {
        ProposalState s = proposalState(proposalId);
        if (s != ProposalState.Approved) revert ConsortiumUnexpectedProposalState(proposalId, s, ProposalState.Approved);
        _proposals[proposalId].executed = true;
        emit ProposalExecuted(proposalId, msg.sender);
        Action[] storage actions = _actions[proposalId];
        for (uint256 i = 0; i < actions.length; i++) {
            // Targets were checked at proposal time; a suite contract cleared since then is refused here.
            address t = actions[i].target;
            if (t != address(this) && _suiteKeyOf[t] == bytes32(0)) revert ConsortiumInvalidTarget(t);
            (bool ok, bytes memory ret) = t.call(actions[i].data);
            if (!ok) revert ConsortiumActionFailed(proposalId, i, ret);
        }
    }

    /// @inheritdoc ICourtConsortium
    function cancel(uint256 proposalId) external onlyGovernor {
        ProposalState s = proposalState(proposalId);
        if (s != ProposalState.Pending && s != ProposalState.Approved) {
            revert ConsortiumUnexpectedProposalState(proposalId, s, ProposalState.Pending);
        }
        if (_proposals[proposalId].proposer != msg.sender) revert ConsortiumNotProposer(proposalId, msg.sender);
        _proposals[proposalId].cancelled = true;
        emit ProposalCancelled(proposalId, msg.sender);
    }

    // ------------------------------------------------------------------ governance-only mutations

    /// @inheritdoc ICourtConsortium
    function admitMember(MemberKind kind, string calldata name, bytes32 metadataHash)
        external
        onlyGovernance
        returns (uint32)
    {
        return _admit(kind, name, metadataHash);
    }

    /// @inheritdoc ICourtConsortium
    function suspendMember(uint32 memberId) external onlyGovernance {
        Member storage m = _existing(memberId);
        if (m.status != MemberStatus.Active) {
            revert ConsortiumUnexpectedMemberStatus(memberId, m.status, MemberStatus.Active);
        }
        if (m.governorAccounts > 0) _loseGoverningMember(memberId);
        m.status = MemberStatus.Suspended;
        emit MemberStatusChanged(memberId, MemberStatus.Active, MemberStatus.Suspended);
        if (m.governorAccounts > 0) _advanceEpoch();
    }

    /// @inheritdoc ICourtConsortium
    function reinstateMember(uint32 memberId) external onlyGovernance {
        Member storage m = _existing(memberId);
        if (m.status != MemberStatus.Suspended) {
            revert ConsortiumUnexpectedMemberStatus(memberId, m.status, MemberStatus.Suspended);
        }
        m.status = MemberStatus.Active;
        if (m.governorAccounts > 0) _governingMembers++;
        emit MemberStatusChanged(memberId, MemberStatus.Suspended, MemberStatus.Active);
        if (m.governorAccounts > 0) _advanceEpoch();
    }

    /// @inheritdoc ICourtConsortium
    function removeMember(uint32 memberId) external onlyGovernance {
        Member storage m = _existing(memberId);
        MemberStatus from = m.status;
        if (from == MemberStatus.Removed) {
            revert ConsortiumUnexpectedMemberStatus(memberId, from, MemberStatus.Active);
        }
        if (from == MemberStatus.Active && m.governorAccounts > 0) _loseGoverningMember(memberId);
        m.status = MemberStatus.Removed;
        emit MemberStatusChanged(memberId, from, MemberStatus.Removed);
        if (m.governorAccounts > 0) _advanceEpoch();
    }

    /// @inheritdoc ICourtConsortium
    function updateMemberMetadata(uint32 memberId, bytes32 metadataHash) external onlyGovernance {
        _existing(memberId).metadataHash = metadataHash;
        emit MemberMetadataUpdated(memberId, metadataHash);
    }

    /// @inheritdoc ICourtConsortium
    function addAccount(uint32 memberId, address account) external onlyGovernance {
        Member storage m = _existing(memberId);
        if (m.status == MemberStatus.Removed) {
            revert ConsortiumUnexpectedMemberStatus(memberId, m.status, MemberStatus.Active);
        }
        _addAccount(memberId, account);
    }

    /// @inheritdoc ICourtConsortium
    function removeAccount(address account) external onlyGovernance {
        uint32 memberId = _memberOf[account];
        if (memberId == 0) revert ConsortiumAccountNotRegistered(account);
        bytes32[9] memory all = [
            Roles.GOVERNOR,
            Roles.JUDGE,
            Roles.CLERK,
            Roles.MEDIATOR,
            Roles.ENFORCEMENT_OFFICER,
            Roles.CUSTODIAN,
            Roles.CREDIT_AGENCY,
            Roles.REGISTRAR,
            Roles.AUDITOR
        ];
        for (uint256 i = 0; i < all.length; i++) {
            if (_roles[all[i]][account]) _revoke(all[i], account);
        }
        delete _memberOf[account];
        _members[memberId].accountCount--;
        emit AccountRemoved(memberId, account);
    }

    /// @inheritdoc ICourtConsortium
    function grantRole(bytes32 role, address account) external onlyGovernance {
        uint32 memberId = _memberOf[account];
        if (memberId == 0) revert ConsortiumAccountNotRegistered(account);
        MemberStatus s = _members[memberId].status;
        if (s != MemberStatus.Active) revert ConsortiumUnexpectedMemberStatus(memberId, s, MemberStatus.Active);
        _grant(role, account);
    }

    /// @inheritdoc ICourtConsortium
    function revokeRole(bytes32 role, address account) external onlyGovernance {
        _revoke(role, account);
    }

    /// @inheritdoc ICourtConsortium
    function setThreshold(uint32 threshold_) external onlyGovernance {
        _setThreshold(threshold_);
    }

    /// @inheritdoc ICourtConsortium
    function setProposalLifetime(uint64 lifetime) external onlyGovernance {
        _setLifetime(lifetime);
    }

    /// @inheritdoc ICourtConsortium
    function setSuiteContract(bytes32 key, address contractAddress) external onlyGovernance {
        if (key == bytes32(0)) revert ConsortiumInvalidTarget(contractAddress);
        if (contractAddress != address(0)) {
            if (contractAddress == address(this) || !Address.isContract(contractAddress)) {
                revert ConsortiumInvalidTarget(contractAddress);
            }
            bytes32 other = _suiteKeyOf[contractAddress];
            if (other != bytes32(0) && other != key) revert ConsortiumSuiteContractInUse(contractAddress, other);
        }
        address previous = _suite[key];
        if (previous != address(0)) delete _suiteKeyOf[previous];
        _suite[key] = contractAddress;
        if (contractAddress != address(0)) _suiteKeyOf[contractAddress] = key;
        emit SuiteContractSet(key, contractAddress, previous);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICourtConsortium
    function hasRole(bytes32 role, address account) public view returns (bool) {
        return _roles[role][account] && _members[_memberOf[account]].status == MemberStatus.Active;
    }

    /// @inheritdoc ICourtConsortium
    function roleGranted(bytes32 role, address account) external view returns (bool) {
        return _roles[role][account];
    }

    /// @inheritdoc ICourtConsortium
    function memberOf(address account) external view returns (uint32) {
        return _memberOf[account];
    }

    /// @inheritdoc ICourtConsortium
    function getMember(uint32 memberId) external view returns (Member memory) {
        if (memberId == 0 || memberId > _memberCount) revert ConsortiumUnknownMember(memberId);
        return _members[memberId];
    }

    /// @inheritdoc ICourtConsortium
    function memberCount() external view returns (uint32) {
        return _memberCount;
    }

    /// @inheritdoc ICourtConsortium
    function governingMembers() external view returns (uint32) {
        return _governingMembers;
    }

    /// @inheritdoc ICourtConsortium
    function threshold() external view returns (uint32) {
        return _threshold;
    }

    /// @inheritdoc ICourtConsortium
    function proposalLifetime() external view returns (uint64) {
        return _proposalLifetime;
    }

    /// @inheritdoc ICourtConsortium
    function suiteContract(bytes32 key) external view returns (address) {
        return _suite[key];
    }

    /// @inheritdoc ICourtConsortium
    function suiteKeyOf(address contractAddress) external view returns (bytes32) {
        return _suiteKeyOf[contractAddress];
    }

    /// @inheritdoc ICourtConsortium
    function governanceEpoch() external view returns (uint64) {
        return _epoch;
    }

    /// @inheritdoc ICourtConsortium
    function getProposal(uint256 proposalId) external view returns (Proposal memory) {
        if (proposalId == 0 || proposalId > _proposalCount) revert ConsortiumUnknownProposal(proposalId);
        return _proposals[proposalId];
    }

    /// @inheritdoc ICourtConsortium
    function getActions(uint256 proposalId) external view returns (Action[] memory) {
        if (proposalId == 0 || proposalId > _proposalCount) revert ConsortiumUnknownProposal(proposalId);
        return _actions[proposalId];
    }

    /// @inheritdoc ICourtConsortium
    function proposalState(uint256 proposalId) public view returns (ProposalState) {
        if (proposalId == 0 || proposalId > _proposalCount) revert ConsortiumUnknownProposal(proposalId);
        Proposal storage p = _proposals[proposalId];
        if (p.executed) return ProposalState.Executed;
        if (p.cancelled) return ProposalState.Cancelled;
        // Open until and including expiresAt; expired from the next second on.
        if (block.timestamp > p.expiresAt) return ProposalState.Expired;
        // Approvals count only in the epoch they were given in: same threshold, same governing members.
        if (p.epoch != _epoch) return ProposalState.Stale;
        if (p.approvals >= _threshold) return ProposalState.Approved;
        return ProposalState.Pending;
    }

    /// @inheritdoc ICourtConsortium
    function hasApproved(uint256 proposalId, uint32 memberId) external view returns (bool) {
        return _approved[proposalId][memberId];
    }

    /// @inheritdoc ICourtConsortium
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    // ------------------------------------------------------------------ internal

    function _existing(uint32 memberId) private view returns (Member storage) {
        if (memberId == 0 || memberId > _memberCount) revert ConsortiumUnknownMember(memberId);
        return _members[memberId];
    }

    function _admit(MemberKind kind, string memory name, bytes32 metadataHash) private returns (uint32 id) {
        if (kind == MemberKind.None) revert ConsortiumInvalidMemberKind(uint8(kind));
        if (bytes(name).length == 0) revert ConsortiumEmptyName();
        id = ++_memberCount;
        Member storage m = _members[id];
        m.kind = kind;
        m.status = MemberStatus.Active;
        m.admittedAt = SafeCast.toUint64(block.timestamp);
        m.metadataHash = metadataHash;
        m.name = name;
        emit MemberAdmitted(id, kind, name, metadataHash);
    }

    function _addAccount(uint32 memberId, address account) private {
        if (account == address(0)) revert ConsortiumZeroAddress();
        uint32 current = _memberOf[account];
        if (current != 0) revert ConsortiumAccountAlreadyRegistered(account, current);
        _memberOf[account] = memberId;
        _members[memberId].accountCount++;
        emit AccountAdded(memberId, account);
    }

    function _grant(bytes32 role, address account) private {
        if (!Roles.isKnown(role)) revert ConsortiumUnknownRole(role);
        if (_roles[role][account]) revert ConsortiumRoleAlreadyGranted(role, account);
        uint32 memberId = _memberOf[account];
        _roles[role][account] = true;
        if (role == Roles.GOVERNOR) {
            Member storage m = _members[memberId];
            if (m.governorAccounts++ == 0 && m.status == MemberStatus.Active) _governingMembers++;
        }
        emit RoleGranted(role, account, memberId);
        if (role == Roles.GOVERNOR) _advanceEpoch();
    }

    function _revoke(bytes32 role, address account) private {
        if (!_roles[role][account]) revert ConsortiumRoleNotGranted(role, account);
        uint32 memberId = _memberOf[account];
        if (role == Roles.GOVERNOR) {
            Member storage m = _members[memberId];
            if (m.governorAccounts == 1 && m.status == MemberStatus.Active) _loseGoverningMember(memberId);
            m.governorAccounts--;
        }
        _roles[role][account] = false;
        emit RoleRevoked(role, account, memberId);
        if (role == Roles.GOVERNOR) _advanceEpoch();
    }

    /// @dev A governing member stops governing: refuse if it is the last one or the threshold becomes unreachable.
    function _loseGoverningMember(uint32 memberId) private {
        if (_governingMembers <= 1) revert ConsortiumLastGovernor(memberId);
        if (_threshold > _governingMembers - 1) revert ConsortiumInvalidThreshold(_threshold, _governingMembers - 1);
        _governingMembers--;
    }

    function _approve(uint256 proposalId, uint32 memberId) private {
        _approved[proposalId][memberId] = true;
        uint32 approvals = ++_proposals[proposalId].approvals;
        emit ProposalApproved(proposalId, msg.sender, memberId, approvals);
    }

    function _setThreshold(uint32 threshold_) private {
        if (threshold_ == 0 || threshold_ > _governingMembers) {
            revert ConsortiumInvalidThreshold(threshold_, _governingMembers);
        }
        uint32 previous = _threshold;
        _threshold = threshold_;
        emit ThresholdChanged(previous, threshold_);
        _advanceEpoch();
    }

    /// @dev Who may approve, or how many must, changed: every open proposal of the old epoch becomes `Stale`.
    function _advanceEpoch() private {
        uint64 epoch = ++_epoch;
        emit GovernanceEpochAdvanced(epoch);
    }

    function _setLifetime(uint64 lifetime) private {
        if (lifetime < _MIN_LIFETIME || lifetime > _MAX_LIFETIME) revert ConsortiumInvalidLifetime(lifetime);
        uint64 previous = _proposalLifetime;
        _proposalLifetime = lifetime;
        emit ProposalLifetimeChanged(previous, lifetime);
    }
}

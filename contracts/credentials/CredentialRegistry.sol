// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";

/// @title CredentialRegistry
/// @notice Professional credentials issued by licensing members, with two-person status changes and discipline.
/// See {ICredentialRegistry} for the rules.
contract CredentialRegistry is ICredentialRegistry, HubGuarded {
    /// @inheritdoc ICredentialRegistry
    uint64 public constant ACTION_LIFETIME = 7 days;
    uint8 private constant _ISSUE = 1;
    uint8 private constant _DISCIPLINE = 2;
    uint8 private constant _KINDS = 5; // CredentialKind values after None

    // ------------------------------------------------------------------ state

    /// @dev memberKind => credential kind => bit _ISSUE | bit _DISCIPLINE
    mapping(ICourtConsortium.MemberKind => mapping(CredentialKind => uint8)) private _authority;
    uint256 private _credentialCount;
    mapping(uint256 => Credential) private _credentials;
    mapping(address => mapping(CredentialKind => uint256)) private _current;
    uint256 private _disciplineCount;
    mapping(uint256 => Discipline) private _disciplines;
    mapping(uint256 => uint256[]) private _disciplinesOf;
    uint256 private _actionCount;
    mapping(uint256 => Action) private _actions;

    // ------------------------------------------------------------------ constructor

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    // ------------------------------------------------------------------ governance

    /// @inheritdoc ICredentialRegistry
    function setAuthority(ICourtConsortium.MemberKind memberKind, CredentialKind kind, bool canIssue, bool canDiscipline)
        external
        onlyGovernance
    {
        if (memberKind == ICourtConsortium.MemberKind.None) revert CredentialInvalidMemberKind();
        if (kind == CredentialKind.None) revert CredentialInvalidKind();
        _authority[memberKind][kind] = (canIssue ? _ISSUE : 0) | (canDiscipline ? _DISCIPLINE : 0);
        emit AuthoritySet(memberKind, kind, canIssue, canDiscipline);
    }

    // ------------------------------------------------------------------ issuing

    /// @inheritdoc ICredentialRegistry
    function issue(
        address holder,
        CredentialKind kind,
        bytes32 commitment,
        string calldata firm,
        bytes32 category,
        uint64 validUntil
    ) external returns (uint256 credentialId) {
        if (kind == CredentialKind.None) revert CredentialInvalidKind();
        uint32 member = _authorised(msg.sender, kind, _ISSUE);
        if (holder == address(0)) revert CredentialZeroAddress();
        if (commitment == bytes32(0)) revert CredentialZeroHash();
        if (validUntil <= block.timestamp) revert CredentialInvalidValidity(validUntil);
        uint256 current = _current[holder][kind];
        if (current != 0) {
            CredentialStatus s = _credentials[current].status;
            if (s == CredentialStatus.Practising || s == CredentialStatus.Suspended) {
                revert CredentialAlreadyHeld(holder, kind, current);
            }
        }
        credentialId = ++_credentialCount;
        uint64 now_ = SafeCast.toUint64(block.timestamp);
        Credential storage c = _credentials[credentialId];
        c.holder = holder;
        c.kind = kind;
        c.status = CredentialStatus.Practising;
        c.issuerMember = member;
        c.issuer = msg.sender;
        c.issuedAt = now_;
        c.validUntil = validUntil;
        c.statusChangedAt = now_;
        c.commitment = commitment;
        c.category = category;
        c.firm = firm;
        _current[holder][kind] = credentialId;
        emit CredentialIssued(credentialId, holder, kind, member, msg.sender, commitment, firm, category, validUntil);
    }

    /// @inheritdoc ICredentialRegistry
    function renew(uint256 credentialId, uint64 validUntil) external {
        Credential storage c = _credential(credentialId);
        uint32 member = _authorised(msg.sender, c.kind, _ISSUE);
        if (member != c.issuerMember) revert CredentialNotIssuer(credentialId, c.issuerMember, msg.sender);
        if (c.status != CredentialStatus.Practising && c.status != CredentialStatus.Suspended) {
            revert CredentialUnexpectedStatus(credentialId, c.status);
        }
        if (validUntil <= block.timestamp || validUntil <= c.validUntil) revert CredentialInvalidValidity(validUntil);
        c.validUntil = validUntil;
        emit CredentialRenewed(credentialId, validUntil, msg.sender);
    }

    // ------------------------------------------------------------------ two-person actions

    /// @inheritdoc ICredentialRegistry
    function proposeAction(
        uint256 credentialId,
        ActionKind kind,
        DisciplineType disciplineType,
        uint64 until,
        uint64 publicUntil,
        bytes32 decisionHash,
        string calldata reason
    ) external returns (uint256 actionId) {
        Credential storage c = _credential(credentialId);
        uint32 member;
        if (kind == ActionKind.Discipline) {
            member = _authorised(msg.sender, c.kind, _DISCIPLINE);
            if (disciplineType == DisciplineType.None) revert CredentialInvalidDiscipline();
            if (publicUntil <= block.timestamp) revert CredentialInvalidWindow(publicUntil);
            if (disciplineType == DisciplineType.SuspensionOfRights) {
                if (until <= block.timestamp) revert CredentialInvalidWindow(until);
            } else if (until != 0) {
                revert CredentialInvalidWindow(until);
            }
        } else {
            if (kind == ActionKind.None) revert CredentialInvalidAction();
            if (disciplineType != DisciplineType.None || until != 0 || publicUntil != 0) revert CredentialInvalidAction();
            (member,) = _activeMember(msg.sender);
            if (member != c.issuerMember || !_hasRole(Roles.REGISTRAR, msg.sender)) {
                revert CredentialNotIssuer(credentialId, c.issuerMember, msg.sender);
            }
            _nextStatus(credentialId, c.status, kind);
        }
        if (decisionHash == bytes32(0)) revert CredentialZeroHash();
        if (bytes(reason).length == 0) revert CredentialEmptyReason();
        actionId = ++_actionCount;
        Action storage a = _actions[actionId];
        a.credentialId = credentialId;
        a.kind = kind;
        a.disciplineType = disciplineType;
        a.member = member;
        a.proposer = msg.sender;
        a.proposedAt = SafeCast.toUint64(block.timestamp);
        a.until = until;
        a.publicUntil = publicUntil;
        a.decisionHash = decisionHash;
        emit ActionProposed(
            actionId, credentialId, kind, disciplineType, member, msg.sender, until, publicUntil, decisionHash, reason
        );
    }

    /// @inheritdoc ICredentialRegistry
    function approveAction(uint256 actionId) external {
        if (actionId == 0 || actionId > _actionCount) revert CredentialUnknownAction(actionId);
        Action storage a = _actions[actionId];
        if (a.done) revert CredentialActionDone(actionId);
        uint64 expiresAt = a.proposedAt + ACTION_LIFETIME;
        if (block.timestamp > expiresAt) revert CredentialActionExpired(actionId, expiresAt);
        (uint32 member, ICourtConsortium.MemberKind memberKind) = _activeMember(msg.sender);
        if (member != a.member || !_hasRole(Roles.REGISTRAR, msg.sender)) {
            revert CredentialNotActionMember(actionId, a.member, msg.sender);
        }
        if (msg.sender == a.proposer) revert CredentialSelfApproval(actionId, msg.sender);
        a.done = true;
        uint256 credentialId = a.credentialId;
        emit ActionApproved(actionId, credentialId, msg.sender);
        Credential storage c = _credentials[credentialId];
        if (a.kind == ActionKind.Discipline) {
            // the disciplining member's authority is checked again: governance may have withdrawn it meanwhile
            if ((_authority[memberKind][c.kind] & _DISCIPLINE) == 0) revert CredentialNotAuthorised(msg.sender, c.kind);
            _recordDiscipline(actionId, a, c);
        } else {
            CredentialStatus from = c.status;
            CredentialStatus to = _nextStatus(credentialId, from, a.kind);
            c.status = to;
            c.statusChangedAt = SafeCast.toUint64(block.timestamp);
            emit CredentialStatusChanged(credentialId, from, to, actionId, a.decisionHash, a.proposer, msg.sender);
        }
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICredentialRegistry
    function authority(ICourtConsortium.MemberKind memberKind, CredentialKind kind)
        external
        view
        returns (bool canIssue, bool canDiscipline)
    {
        uint8 bits = _authority[memberKind][kind];
        return ((bits & _ISSUE) != 0, (bits & _DISCIPLINE) != 0);
    }

    /// @inheritdoc ICredentialRegistry
    function credentialCount() external view returns (uint256) {
        return _credentialCount;
    }

    /// @inheritdoc ICredentialRegistry
    function getCredential(uint256 credentialId) external view returns (Credential memory) {
        return _credential(credentialId);
    }

    /// @inheritdoc ICredentialRegistry
    function credentialOf(address holder, CredentialKind kind) external view returns (uint256) {
        return _current[holder][kind];
    }

    /// @inheritdoc ICredentialRegistry
    function validity(uint256 credentialId) public view returns (Validity) {
        if (credentialId == 0 || credentialId > _credentialCount) return Validity.Unknown;
        Credential storage c = _credentials[credentialId];
        CredentialStatus s = c.status;
        if (s == CredentialStatus.Suspended) return Validity.Suspended;
        if (s == CredentialStatus.Revoked) return Validity.Revoked;
        if (s == CredentialStatus.Cancelled) return Validity.Cancelled;
        if (block.timestamp < c.barredUntil) return Validity.Barred;
        if (block.timestamp >= c.validUntil) return Validity.Expired;
        return Validity.Valid;
    }

    /// @inheritdoc ICredentialRegistry
    function checkAgent(address account, uint256 credentialId) external view returns (Validity) {
        if (credentialId == 0 || credentialId > _credentialCount) return Validity.Unknown;
        if (_credentials[credentialId].holder != account) return Validity.NotHolder;
        return validity(credentialId);
    }

    /// @inheritdoc ICredentialRegistry
    function isValid(address account, CredentialKind kind) external view returns (bool) {
        uint256 id = _current[account][kind];
        return id != 0 && validity(id) == Validity.Valid;
    }

    /// @inheritdoc ICredentialRegistry
    function validCredential(address account) external view returns (uint256) {
        for (uint8 k = 1; k <= _KINDS; k++) {
            uint256 id = _current[account][CredentialKind(k)];
            if (id != 0 && validity(id) == Validity.Valid) return id;
        }
        return 0;
    }

    /// @inheritdoc ICredentialRegistry
    function issuerState(uint256 credentialId)
        external
        view
        returns (uint32 memberId, ICourtConsortium.MemberStatus status, bool authorised)
    {
        Credential storage c = _credential(credentialId);
        memberId = c.issuerMember;
        ICourtConsortium.Member memory m = hub().getMember(memberId);
        status = m.status;
        authorised = (_authority[m.kind][c.kind] & _ISSUE) != 0;
    }

    /// @inheritdoc ICredentialRegistry
    function disciplineCount() external view returns (uint256) {
        return _disciplineCount;
    }

    /// @inheritdoc ICredentialRegistry
    function getDiscipline(uint256 disciplineId) external view returns (Discipline memory) {
        if (disciplineId == 0 || disciplineId > _disciplineCount) revert CredentialUnknownDiscipline(disciplineId);
        return _disciplines[disciplineId];
    }

    /// @inheritdoc ICredentialRegistry
    function disciplinesOf(uint256 credentialId) external view returns (uint256[] memory) {
        return _disciplinesOf[credentialId];
    }

    /// @inheritdoc ICredentialRegistry
    function actionCount() external view returns (uint256) {
        return _actionCount;
    }

    /// @inheritdoc ICredentialRegistry
    function getAction(uint256 actionId) external view returns (Action memory) {
        if (actionId == 0 || actionId > _actionCount) revert CredentialUnknownAction(actionId);
        return _actions[actionId];
    }

    // ------------------------------------------------------------------ internal

    function _credential(uint256 credentialId) private view returns (Credential storage c) {
        if (credentialId == 0 || credentialId > _credentialCount) revert CredentialUnknown(credentialId);
        c = _credentials[credentialId];
    }

    /// @dev The caller's member, which must be active: a suspended or removed member acts no more.
    /// @dev The caller's member and its kind (one read of the hub's record); the member must be active.
    function _activeMember(address account)
        private
        view
        returns (uint32 memberId, ICourtConsortium.MemberKind memberKind)
    {
        memberId = hub().memberOf(account);
        if (memberId == 0) revert CredentialNotAuthorised(account, CredentialKind.None);
        ICourtConsortium.Member memory m = hub().getMember(memberId);
        if (m.status != ICourtConsortium.MemberStatus.Active) revert CredentialIssuerNotActive(memberId, m.status);
        memberKind = m.kind;
    }

    /// @dev The account's active member, if the account holds REGISTRAR and the member's kind has `power` over `kind`.
    function _authorised(address account, CredentialKind kind, uint8 power) private view returns (uint32 memberId) {
        ICourtConsortium.MemberKind memberKind;
        (memberId, memberKind) = _activeMember(account);
        if ((_authority[memberKind][kind] & power) == 0 || !_hasRole(Roles.REGISTRAR, account)) {
            revert CredentialNotAuthorised(account, kind);
        }
    }

    /// @dev The status an action leads to from `from`; reverts if the action is not possible from it.
    function _nextStatus(uint256 credentialId, CredentialStatus from, ActionKind kind)
        private
        pure
        returns (CredentialStatus)
    {
        bool live = from == CredentialStatus.Practising || from == CredentialStatus.Suspended;
        if (kind == ActionKind.Suspend && from == CredentialStatus.Practising) return CredentialStatus.Suspended;
        if (kind == ActionKind.Reinstate && from == CredentialStatus.Suspended) return CredentialStatus.Practising;
        if (kind == ActionKind.Revoke && live) return CredentialStatus.Revoked;
        if (kind == ActionKind.Cancel && live) return CredentialStatus.Cancelled;
        revert CredentialUnexpectedStatus(credentialId, from);
    }

    function _recordDiscipline(uint256 actionId, Action storage a, Credential storage c) private {
        uint64 barredUntil;
        if (a.disciplineType == DisciplineType.Expulsion) {
            barredUntil = type(uint64).max;
        } else if (a.disciplineType == DisciplineType.SuspensionOfRights) {
            barredUntil = a.until;
        }
        if (barredUntil > c.barredUntil) c.barredUntil = barredUntil;
        uint256 disciplineId = ++_disciplineCount;
        _disciplines[disciplineId] = Discipline(
            a.credentialId,
            a.disciplineType,
            a.member,
            SafeCast.toUint64(block.timestamp),
            a.publicUntil,
            barredUntil,
            a.decisionHash
        );
        _disciplinesOf[a.credentialId].push(disciplineId);
        emit DisciplineRecorded(
            disciplineId, a.credentialId, a.disciplineType, a.member, actionId, a.decisionHash, a.publicUntil, barredUntil
        );
    }
}

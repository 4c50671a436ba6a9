// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICreditListing} from "../interfaces/ISuiteHooks.sol";
import {ICreditRegistry} from "../interfaces/ICreditRegistry.sol";

/// @title CreditRegistry
/// @notice Dishonest-debtor list and high-consumption bans keyed by salted identity commitments. See
/// `ICreditRegistry` for the rules, the reason codes and the objection design.
/// @dev Per (subject, case) the registry keeps the latest entry id of each kind, so the EnforcementOffice's delisting
/// touches at most two entries whatever the subject's history; only views loop over a subject's entries.
contract CreditRegistry is HubGuarded, ICreditRegistry {
    /// @notice Shortest and longest duration a listing (or a default) may have.
    uint64 public constant MIN_DURATION = 1 days;
    uint64 public constant MAX_DURATION = 3650 days;
    /// @notice Most subjects `checkMany` answers in one call.
    uint256 public constant MAX_BATCH = 500;
    /// @notice Defaults at construction: dishonest list two years (SPC provisions, Art. 2), high-consumption ban five
    /// years (the SPC sets no term for a ban; five years is the longest a dishonest listing may run with extension,
    /// and the ban ends earlier when the debtor performs).
    uint64 public constant INITIAL_DISHONEST_DURATION = 730 days;
    uint64 public constant INITIAL_BAN_DURATION = 1826 days;

    uint256 private _entryCount;
    uint256 private _objectionCount;
    mapping(uint256 => Entry) private _entries; // stored status is Active, Delisted or Removed
    mapping(bytes32 => uint256[]) private _subjectEntries;
    // subject => caseId => kind => latest entry id
    mapping(bytes32 => mapping(uint256 => mapping(EntryKind => uint256))) private _caseEntries;
    mapping(uint256 => Objection) private _objections;
    mapping(uint256 => uint256[]) private _entryObjections;
    // entryId => objector => pending objection id (0 if none)
    mapping(uint256 => mapping(address => uint256)) private _pendingObjection;
    mapping(EntryKind => uint64) private _defaultDuration;

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {
        _defaultDuration[EntryKind.DishonestDebtor] = INITIAL_DISHONEST_DURATION;
        _defaultDuration[EntryKind.HighConsumptionBan] = INITIAL_BAN_DURATION;
    }

    // ------------------------------------------------------------------ enforcement (ICreditListing)

    /// @inheritdoc ICreditListing
    function listFromEnforcement(bytes32 subject, uint256 caseId, uint8 kind, uint16 reason, bytes32 evidenceHash)
        external
        override
        onlySuite(SuiteKeys.ENFORCEMENT_OFFICE)
        returns (uint256 entryId)
    {
        EntryKind k = _checkKind(kind);
        _checkListing(subject, caseId, k, reason, evidenceHash);
        uint256 existing = _caseEntries[subject][caseId][k];
        if (existing != 0 && _isCurrent(_entries[existing], block.timestamp)) return existing;
        return _list(subject, caseId, k, reason, evidenceHash, _defaultDuration[k]);
    }

    /// @inheritdoc ICreditListing
    function delistFromEnforcement(bytes32 subject, uint256 caseId)
        external
        override
        onlySuite(SuiteKeys.ENFORCEMENT_OFFICE)
        returns (uint256 delisted)
    {
        for (uint8 k = uint8(EntryKind.DishonestDebtor); k <= uint8(EntryKind.HighConsumptionBan); k++) {
            uint256 id = _caseEntries[subject][caseId][EntryKind(k)];
            if (id == 0) continue;
            Entry storage e = _entries[id];
            if (!_isCurrent(e, block.timestamp)) continue;
            e.status = EntryStatus.Delisted;
            e.endedAt = uint64(block.timestamp);
            emit EntryDelisted(id, subject, caseId, msg.sender);
            delisted++;
        }
    }

    // ------------------------------------------------------------------ judges and subjects

    /// @inheritdoc ICreditRegistry
    function list(bytes32 subject, uint256 caseId, EntryKind kind, uint16 reason, bytes32 evidenceHash, uint64 duration)
        external
        override
        onlyRole(Roles.JUDGE)
        returns (uint256 entryId)
    {
        EntryKind k = _checkKind(uint8(kind));
        _checkListing(subject, caseId, k, reason, evidenceHash);
        if (duration == 0) {
            duration = _defaultDuration[k];
        } else {
            _checkDuration(duration);
        }
        uint256 existing = _caseEntries[subject][caseId][k];
        if (existing != 0 && _isCurrent(_entries[existing], block.timestamp)) {
            revert CreditAlreadyListed(subject, caseId, k, existing);
        }
        return _list(subject, caseId, k, reason, evidenceHash, duration);
    }

    /// @inheritdoc ICreditRegistry
    function remove(uint256 entryId, bytes32 decisionHash) external override onlyRole(Roles.JUDGE) {
        Entry storage e = _existingEntry(entryId);
        if (e.status == EntryStatus.Removed) revert CreditEntryAlreadyRemoved(entryId);
        if (decisionHash == bytes32(0)) revert CreditZeroHash();
        _remove(entryId, e, 0, decisionHash);
    }

    /// @inheritdoc ICreditRegistry
    function object(uint256 entryId, bytes32 applicationHash) external override returns (uint256 objectionId) {
        Entry storage e = _existingEntry(entryId);
        if (e.status == EntryStatus.Removed) revert CreditEntryAlreadyRemoved(entryId);
        if (applicationHash == bytes32(0)) revert CreditZeroHash();
        uint256 pending = _pendingObjection[entryId][msg.sender];
        if (pending != 0) revert CreditObjectionPending(entryId, msg.sender, pending);

        objectionId = ++_objectionCount;
        _objections[objectionId] = Objection({
            entryId: entryId,
            objector: msg.sender,
            status: ObjectionStatus.Pending,
            filedAt: uint64(block.timestamp),
            resolvedAt: 0,
            resolvedBy: address(0),
            applicationHash: applicationHash,
            decisionHash: bytes32(0)
        });
        _entryObjections[entryId].push(objectionId);
        _pendingObjection[entryId][msg.sender] = objectionId;
        emit ObjectionFiled(objectionId, entryId, e.subject, msg.sender, applicationHash);
    }

    /// @inheritdoc ICreditRegistry
    function resolve(uint256 objectionId, bool upheld, bytes32 decisionHash) external override onlyRole(Roles.JUDGE) {
        Objection storage o = _objections[objectionId];
        if (o.status == ObjectionStatus.None) revert CreditUnknownObjection(objectionId);
        if (o.status != ObjectionStatus.Pending) {
            revert CreditUnexpectedObjectionStatus(objectionId, o.status, ObjectionStatus.Pending);
        }
        if (decisionHash == bytes32(0)) revert CreditZeroHash();
        uint256 entryId = o.entryId;
        Entry storage e = _entries[entryId];
        if (e.listedBy == msg.sender) revert CreditJudgeRecused(entryId, msg.sender);

        ObjectionStatus outcome = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
        o.status = outcome;
        o.resolvedAt = uint64(block.timestamp);
        o.resolvedBy = msg.sender;
        o.decisionHash = decisionHash;
        delete _pendingObjection[entryId][o.objector];
        emit ObjectionResolved(objectionId, entryId, e.subject, outcome, decisionHash, msg.sender);
        if (upheld && e.status != EntryStatus.Removed) _remove(entryId, e, objectionId, decisionHash);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc ICreditRegistry
    function setDefaultDuration(EntryKind kind, uint64 duration) external override onlyGovernance {
        EntryKind k = _checkKind(uint8(kind));
        _checkDuration(duration);
        uint64 previous = _defaultDuration[k];
        _defaultDuration[k] = duration;
        emit DefaultDurationSet(k, previous, duration);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICreditRegistry
    function defaultDuration(EntryKind kind) external view override returns (uint64) {
        return _defaultDuration[kind];
    }

    /// @inheritdoc ICreditRegistry
    function getEntry(uint256 entryId) external view override returns (Entry memory entry) {
        entry = _existingEntry(entryId);
        entry.status = _status(entry);
    }

    /// @inheritdoc ICreditRegistry
    function entryStatus(uint256 entryId) external view override returns (EntryStatus) {
        return _status(_entries[entryId]);
    }

    /// @inheritdoc ICreditRegistry
    function isCurrentAt(uint256 entryId, uint256 timestamp) external view override returns (bool) {
        return _isCurrent(_entries[entryId], timestamp);
    }

    /// @inheritdoc ICreditRegistry
    function entryCount() external view override returns (uint256) {
        return _entryCount;
    }

    /// @inheritdoc ICreditRegistry
    function entryIdsOf(bytes32 subject) external view override returns (uint256[] memory) {
        return _subjectEntries[subject];
    }

    /// @inheritdoc ICreditRegistry
    function entriesOf(bytes32 subject) external view override returns (Entry[] memory entries) {
        uint256[] storage ids = _subjectEntries[subject];
        entries = new Entry[](ids.length);
        for (uint256 i = 0; i < ids.length; i++) {
            entries[i] = _entries[ids[i]];
            entries[i].status = _status(entries[i]);
        }
    }

    /// @inheritdoc ICreditRegistry
    function entryFor(bytes32 subject, uint256 caseId, EntryKind kind) external view override returns (uint256) {
        return _caseEntries[subject][caseId][kind];
    }

    /// @inheritdoc ICreditRegistry
    function isRestricted(bytes32 subject) external view override returns (Restriction memory) {
        return _restriction(subject, block.timestamp);
    }

    /// @inheritdoc ICreditRegistry
    function isRestrictedAt(bytes32 subject, uint256 timestamp) external view override returns (Restriction memory) {
        return _restriction(subject, timestamp);
    }

    /// @inheritdoc ICreditRegistry
    function checkMany(bytes32[] calldata subjects) external view override returns (Restriction[] memory out) {
        if (subjects.length > MAX_BATCH) revert CreditBatchTooLarge(subjects.length, MAX_BATCH);
        out = new Restriction[](subjects.length);
        for (uint256 i = 0; i < subjects.length; i++) {
            out[i] = _restriction(subjects[i], block.timestamp);
        }
    }

    /// @inheritdoc ICreditRegistry
    function getObjection(uint256 objectionId) external view override returns (Objection memory) {
        Objection storage o = _objections[objectionId];
        if (o.status == ObjectionStatus.None) revert CreditUnknownObjection(objectionId);
        return o;
    }

    /// @inheritdoc ICreditRegistry
    function objectionIdsOf(uint256 entryId) external view override returns (uint256[] memory) {
        return _entryObjections[entryId];
    }

    /// @inheritdoc ICreditRegistry
    function objectionCount() external view override returns (uint256) {
        return _objectionCount;
    }

    // ------------------------------------------------------------------ internal

    function _list(
        bytes32 subject,
        uint256 caseId,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 duration
    ) private returns (uint256 entryId) {
        entryId = ++_entryCount;
        uint64 startsAt = uint64(block.timestamp);
        uint64 endsAt = startsAt + duration;
        _entries[entryId] = Entry({
            kind: kind,
            status: EntryStatus.Active,
            reason: reason,
            startsAt: startsAt,
            endsAt: endsAt,
            endedAt: 0,
            subject: subject,
            caseId: caseId,
            evidenceHash: evidenceHash,
            listedBy: msg.sender
        });
        _subjectEntries[subject].push(entryId);
        _caseEntries[subject][caseId][kind] = entryId;
        emit EntryListed(entryId, subject, caseId, kind, reason, evidenceHash, startsAt, endsAt, msg.sender);
    }

    function _remove(uint256 entryId, Entry storage e, uint256 objectionId, bytes32 decisionHash) private {
        // A removal keeps the earlier end of a delisted entry: it changes why the entry ended, not when.
        if (e.status == EntryStatus.Active) e.endedAt = block.timestamp < e.endsAt ? uint64(block.timestamp) : e.endsAt;
        e.status = EntryStatus.Removed;
        emit EntryRemoved(entryId, e.subject, msg.sender, objectionId, decisionHash);
    }

    function _existingEntry(uint256 entryId) private view returns (Entry storage e) {
        e = _entries[entryId];
        if (e.kind == EntryKind.None) revert CreditUnknownEntry(entryId);
    }

    function _checkKind(uint8 kind) private pure returns (EntryKind) {
        if (kind != uint8(EntryKind.DishonestDebtor) && kind != uint8(EntryKind.HighConsumptionBan)) {
            revert CreditInvalidKind(kind);
        }
        return EntryKind(kind);
    }

    function _checkListing(bytes32 subject, uint256 caseId, EntryKind kind, uint16 reason, bytes32 evidenceHash)
        private
        pure
    {
        if (subject == bytes32(0)) revert CreditZeroSubject();
        if (caseId == 0) revert CreditZeroCase();
        if (evidenceHash == bytes32(0)) revert CreditZeroHash();
        bool valid = kind == EntryKind.DishonestDebtor ? (reason >= 1 && reason <= 6) : (reason >= 101 && reason <= 103);
        if (!valid) revert CreditInvalidReason(kind, reason);
    }

    function _checkDuration(uint64 duration) private pure {
        if (duration < MIN_DURATION || duration > MAX_DURATION) {
            revert CreditInvalidDuration(duration, MIN_DURATION, MAX_DURATION);
        }
    }

    /// @dev Current at `t`: started, not past its end, and not ended earlier by a delisting or removal.
    function _isCurrent(Entry memory e, uint256 t) private pure returns (bool) {
        if (e.kind == EntryKind.None || t < e.startsAt || t >= e.endsAt) return false;
        return e.status == EntryStatus.Active || t < e.endedAt;
    }

    function _status(Entry memory e) private view returns (EntryStatus) {
        if (e.status == EntryStatus.Active && block.timestamp >= e.endsAt) return EntryStatus.Expired;
        return e.status;
    }

    function _restriction(bytes32 subject, uint256 t) private view returns (Restriction memory r) {
        uint256[] storage ids = _subjectEntries[subject];
        for (uint256 i = 0; i < ids.length; i++) {
            Entry memory e = _entries[ids[i]];
            if (!_isCurrent(e, t)) continue;
            if (e.kind == EntryKind.DishonestDebtor) {
                r.dishonestDebtor = true;
                if (e.endsAt > r.dishonestUntil) r.dishonestUntil = e.endsAt;
            } else {
                r.highConsumptionBan = true;
                if (e.endsAt > r.banUntil) r.banUntil = e.endsAt;
            }
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICaseDocket} from "../interfaces/ICaseDocket.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICreditListing} from "../interfaces/ISuiteHooks.sol";
import {ICreditRegistry} from "../interfaces/ICreditRegistry.sol";
import {IEnforcementOffice} from "../interfaces/IEnforcementOffice.sol";

/// @title CreditRegistry
/// @notice Dishonest-debtor list and high-consumption bans keyed by salted identity commitments. See
/// `ICreditRegistry` for the rules, the reason codes, the two-judge proposals, recusal and the objection design.
/// @dev Per (subject, case domain, case) the registry keeps the latest entry id of each kind, so the
/// EnforcementOffice's delisting touches at most two entries whatever the subject's history; only views loop over a
/// subject's entries or an entry's objections (with paged variants).
contract CreditRegistry is HubGuarded, ICreditRegistry {
    /// @notice Shortest and longest duration a listing (or a default) may have.
    uint64 public constant MIN_DURATION = 1 days;
    uint64 public constant MAX_DURATION = 3650 days;
    /// @notice Most subjects `checkMany` answers in one call.
    uint256 public constant MAX_BATCH = 500;
    /// @notice Most entries or objections a paged view returns in one call.
    uint256 public constant MAX_PAGE = 500;
    /// @notice Defaults at construction: dishonest list two years (SPC provisions, Art. 2), high-consumption ban five
    /// years (the SPC sets no term for a ban; five years is the longest a dishonest listing may run with extension,
    /// and the ban ends earlier when the debtor performs).
    uint64 public constant INITIAL_DISHONEST_DURATION = 730 days;
    uint64 public constant INITIAL_BAN_DURATION = 1826 days;

    uint256 private _entryCount;
    uint256 private _objectionCount;
    uint256 private _proposalCount;
    mapping(uint256 => Entry) private _entries; // stored status is Active, Delisted or Removed
    mapping(bytes32 => uint256[]) private _subjectEntries;
    // subject => case domain => caseId => kind => latest entry id
    mapping(bytes32 => mapping(CaseDomain => mapping(uint256 => mapping(EntryKind => uint256)))) private _caseEntries;
    mapping(uint256 => Objection) private _objections;
    mapping(uint256 => uint256[]) private _entryObjections;
    // entryId => objector => pending objection id (0 if none)
    mapping(uint256 => mapping(address => uint256)) private _pendingObjection;
    mapping(uint256 => Proposal) private _proposals;
    mapping(EntryKind => uint64) private _defaultDuration;

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {
        _defaultDuration[EntryKind.DishonestDebtor] = INITIAL_DISHONEST_DURATION;
        _defaultDuration[EntryKind.HighConsumptionBan] = INITIAL_BAN_DURATION;
    }

    // ------------------------------------------------------------------ enforcement (ICreditListing)

    /// @inheritdoc ICreditListing
    /// @dev The office is trusted for its own case ids (it lists only its cases, on a termination it recorded).
    function listFromEnforcement(
        bytes32 subject,
        uint256 caseId,
        uint8 kind,
        uint16 reason,
        bytes32 evidenceHash,
        address approver
    ) external override onlySuite(SuiteKeys.ENFORCEMENT_OFFICE) returns (uint256 entryId) {
        EntryKind k = _checkKind(kind);
        _checkListing(subject, caseId, k, reason, evidenceHash);
        if (approver == address(0)) revert CreditZeroAccount();
        uint256 existing = _caseEntries[subject][CaseDomain.Enforcement][caseId][k];
        if (existing != 0 && _isCurrent(_entries[existing], block.timestamp)) return existing;
        entryId = _list(subject, CaseDomain.Enforcement, caseId, k, reason, evidenceHash, _defaultDuration[k]);
        _entries[entryId].fromEnforcement = true;
        _recordListers(entryId, msg.sender, approver);
    }

    /// @inheritdoc ICreditListing
    function delistFromEnforcement(bytes32 subject, uint256 caseId)
        external
        override
        onlySuite(SuiteKeys.ENFORCEMENT_OFFICE)
        returns (uint256 delisted)
    {
        for (uint8 k = uint8(EntryKind.DishonestDebtor); k <= uint8(EntryKind.HighConsumptionBan); k++) {
            uint256 id = _caseEntries[subject][CaseDomain.Enforcement][caseId][EntryKind(k)];
            if (id == 0) continue;
            Entry storage e = _entries[id];
            if (!_isCurrent(e, block.timestamp)) continue;
            e.status = EntryStatus.Delisted;
            e.endedAt = SafeCast.toUint64(block.timestamp);
            emit EntryDelisted(id, subject, caseId, msg.sender);
            delisted++;
        }
    }

    // ------------------------------------------------------------------ judges and subjects

    /// @inheritdoc ICreditRegistry
    function proposeListing(
        bytes32 subject,
        CaseDomain domain,
        uint256 caseId,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 duration
    ) external override onlyRole(Roles.JUDGE) returns (uint256 proposalId) {
        EntryKind k = _checkKind(uint8(kind));
        _checkListing(subject, caseId, k, reason, evidenceHash);
        if (duration != 0) _checkDuration(duration);
        _checkNotListed(subject, domain, caseId, k);
        _checkCase(domain, caseId);
        proposalId = ++_proposalCount;
        Proposal storage p = _proposals[proposalId];
        p.kind = ProposalKind.Listing;
        p.status = ProposalStatus.Pending;
        p.domain = domain;
        p.entryKind = k;
        p.reason = reason;
        p.duration = duration;
        p.proposedAt = SafeCast.toUint64(block.timestamp);
        p.proposer = msg.sender;
        p.subject = subject;
        p.caseId = caseId;
        p.documentHash = evidenceHash;
        emit ListingProposed(proposalId, subject, caseId, domain, k, reason, evidenceHash, duration, msg.sender);
    }

    /// @inheritdoc ICreditRegistry
    function proposeRemoval(uint256 entryId, uint256 objectionId, bytes32 decisionHash)
        external
        override
        onlyRole(Roles.JUDGE)
        returns (uint256 proposalId)
    {
        Entry storage e = _removableEntry(entryId, objectionId);
        if (decisionHash == bytes32(0)) revert CreditZeroHash();
        proposalId = ++_proposalCount;
        Proposal storage p = _proposals[proposalId];
        p.kind = ProposalKind.Removal;
        p.status = ProposalStatus.Pending;
        p.proposedAt = SafeCast.toUint64(block.timestamp);
        p.proposer = msg.sender;
        p.subject = e.subject;
        p.documentHash = decisionHash;
        p.entryId = entryId;
        p.objectionId = objectionId;
        emit RemovalProposed(proposalId, entryId, e.subject, objectionId, decisionHash, msg.sender);
    }

    /// @inheritdoc ICreditRegistry
    function approveProposal(uint256 proposalId) external override onlyRole(Roles.JUDGE) returns (uint256 entryId) {
        Proposal storage p = _pendingProposal(proposalId);
        address proposer = p.proposer;
        if (proposer == msg.sender) revert CreditSelfApproval(proposalId, msg.sender);
        if (!_hasRole(Roles.JUDGE, proposer)) revert CreditProposerNotJudge(proposalId, proposer);
        p.status = ProposalStatus.Executed;
        p.decidedAt = SafeCast.toUint64(block.timestamp);
        p.decidedBy = msg.sender;
        ProposalKind kind = p.kind;
        emit ProposalApproved(proposalId, kind, proposer, msg.sender);
        if (kind == ProposalKind.Listing) {
            EntryKind k = p.entryKind;
            CaseDomain domain = p.domain;
            uint256 caseId = p.caseId;
            bytes32 subject = p.subject;
            _checkNotListed(subject, domain, caseId, k);
            uint64 duration = p.duration == 0 ? _defaultDuration[k] : p.duration;
            entryId = _list(subject, domain, caseId, k, p.reason, p.documentHash, duration);
            p.entryId = entryId;
            _recordListers(entryId, proposer, msg.sender);
        } else {
            entryId = p.entryId;
            _remove(entryId, _removableEntry(entryId, p.objectionId), proposalId, p.objectionId, p.documentHash);
        }
    }

    /// @inheritdoc ICreditRegistry
    function cancelProposal(uint256 proposalId) external override {
        Proposal storage p = _pendingProposal(proposalId);
        if (p.proposer != msg.sender) revert CreditNotProposer(proposalId, msg.sender);
        p.status = ProposalStatus.Cancelled;
        p.decidedAt = SafeCast.toUint64(block.timestamp);
        p.decidedBy = msg.sender;
        emit ProposalCancelled(proposalId, msg.sender);
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
            filedAt: SafeCast.toUint64(block.timestamp),
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
    function dismissObjection(uint256 objectionId, bytes32 decisionHash) external override onlyRole(Roles.JUDGE) {
        Objection storage o = _pendingObjectionOf(objectionId);
        if (decisionHash == bytes32(0)) revert CreditZeroHash();
        uint256 entryId = o.entryId;
        Entry storage e = _entries[entryId];
        if (_recused(e, msg.sender)) revert CreditJudgeRecused(entryId, msg.sender);
        _decide(objectionId, o, ObjectionStatus.Dismissed, decisionHash);
        emit ObjectionResolved(objectionId, entryId, e.subject, ObjectionStatus.Dismissed, decisionHash, msg.sender);
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
    function entryCountOf(bytes32 subject) external view override returns (uint256) {
        return _subjectEntries[subject].length;
    }

    /// @inheritdoc ICreditRegistry
    function entriesOfPage(bytes32 subject, uint256 start, uint256 max)
        external
        view
        override
        returns (uint256[] memory ids, Entry[] memory entries)
    {
        uint256[] storage all = _subjectEntries[subject];
        (uint256 from, uint256 to) = _page(all.length, start, max);
        ids = new uint256[](to - from);
        entries = new Entry[](to - from);
        for (uint256 i = from; i < to; i++) {
            ids[i - from] = all[i];
            entries[i - from] = _entries[all[i]];
            entries[i - from].status = _status(entries[i - from]);
        }
    }

    /// @inheritdoc ICreditRegistry
    function entryFor(bytes32 subject, CaseDomain domain, uint256 caseId, EntryKind kind)
        external
        view
        override
        returns (uint256)
    {
        return _caseEntries[subject][domain][caseId][kind];
    }

    /// @inheritdoc ICreditRegistry
    function isRecused(uint256 entryId, address account) external view override returns (bool) {
        return _recused(_existingEntry(entryId), account);
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
    function isRestrictedAtPage(bytes32 subject, uint256 timestamp, uint256 start, uint256 max)
        external
        view
        override
        returns (Restriction memory r)
    {
        uint256[] storage ids = _subjectEntries[subject];
        (uint256 from, uint256 to) = _page(ids.length, start, max);
        for (uint256 i = from; i < to; i++) {
            _merge(r, _entries[ids[i]], timestamp);
        }
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
    function objectionCountOf(uint256 entryId) external view override returns (uint256) {
        return _entryObjections[entryId].length;
    }

    /// @inheritdoc ICreditRegistry
    function objectionIdsOfPage(uint256 entryId, uint256 start, uint256 max)
        external
        view
        override
        returns (uint256[] memory ids)
    {
        uint256[] storage all = _entryObjections[entryId];
        (uint256 from, uint256 to) = _page(all.length, start, max);
        ids = new uint256[](to - from);
        for (uint256 i = from; i < to; i++) {
            ids[i - from] = all[i];
        }
    }

    /// @inheritdoc ICreditRegistry
    function objectionCount() external view override returns (uint256) {
        return _objectionCount;
    }

    /// @inheritdoc ICreditRegistry
    function getProposal(uint256 proposalId) external view override returns (Proposal memory) {
        Proposal storage p = _proposals[proposalId];
        if (p.kind == ProposalKind.None) revert CreditUnknownProposal(proposalId);
        return p;
    }

    /// @inheritdoc ICreditRegistry
    function proposalCount() external view override returns (uint256) {
        return _proposalCount;
    }

    // ------------------------------------------------------------------ internal

    function _list(
        bytes32 subject,
        CaseDomain domain,
        uint256 caseId,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 duration
    ) private returns (uint256 entryId) {
        entryId = ++_entryCount;
        Entry storage e = _entries[entryId];
        uint64 startsAt = SafeCast.toUint64(block.timestamp);
        uint64 endsAt = startsAt + duration; // duration <= MAX_DURATION: no overflow before the year 2^64 s
        e.kind = kind;
        e.status = EntryStatus.Active;
        e.domain = domain;
        e.reason = reason;
        e.startsAt = startsAt;
        e.endsAt = endsAt;
        e.subject = subject;
        e.caseId = caseId;
        e.evidenceHash = evidenceHash;
        _subjectEntries[subject].push(entryId);
        _caseEntries[subject][domain][caseId][kind] = entryId;
    }

    function _remove(uint256 entryId, Entry storage e, uint256 proposalId, uint256 objectionId, bytes32 decisionHash)
        private
    {
        if (objectionId != 0) {
            _decide(objectionId, _objections[objectionId], ObjectionStatus.Upheld, decisionHash);
            emit ObjectionResolved(objectionId, entryId, e.subject, ObjectionStatus.Upheld, decisionHash, msg.sender);
        }
        // A removal keeps the earlier end of a delisted entry: it changes why the entry ended, not when.
        if (e.status == EntryStatus.Active) {
            e.endedAt = block.timestamp < e.endsAt ? SafeCast.toUint64(block.timestamp) : e.endsAt;
        }
        e.status = EntryStatus.Removed;
        address proposer = _proposals[proposalId].proposer;
        emit EntryRemoved(entryId, e.subject, msg.sender, objectionId, decisionHash, proposalId, proposer);
    }

    function _decide(uint256 objectionId, Objection storage o, ObjectionStatus outcome, bytes32 decisionHash)
        private
    {
        o.status = outcome;
        o.resolvedAt = SafeCast.toUint64(block.timestamp);
        o.resolvedBy = msg.sender;
        o.decisionHash = decisionHash;
        if (_pendingObjection[o.entryId][o.objector] == objectionId) delete _pendingObjection[o.entryId][o.objector];
    }

    /// @dev Completes a new entry with who made it, and announces it.
    function _recordListers(uint256 entryId, address lister, address approver) private {
        Entry storage e = _entries[entryId];
        e.listedBy = lister;
        e.approvedBy = approver;
        emit EntryListed(
            entryId,
            e.subject,
            e.caseId,
            e.domain,
            e.kind,
            e.reason,
            e.evidenceHash,
            e.startsAt,
            e.endsAt,
            e.listedBy,
            e.approvedBy
        );
    }

    /// @dev An entry that `msg.sender` may propose or approve to remove (upholding `objectionId` if non-zero).
    function _removableEntry(uint256 entryId, uint256 objectionId) private view returns (Entry storage e) {
        e = _existingEntry(entryId);
        if (e.status == EntryStatus.Removed) revert CreditEntryAlreadyRemoved(entryId);
        if (_recused(e, msg.sender)) revert CreditJudgeRecused(entryId, msg.sender);
        if (objectionId != 0) {
            Objection storage o = _pendingObjectionOf(objectionId);
            if (o.entryId != entryId) revert CreditObjectionOfOtherEntry(objectionId, entryId);
        }
    }

    function _pendingObjectionOf(uint256 objectionId) private view returns (Objection storage o) {
        o = _objections[objectionId];
        if (o.status == ObjectionStatus.None) revert CreditUnknownObjection(objectionId);
        if (o.status != ObjectionStatus.Pending) {
            revert CreditUnexpectedObjectionStatus(objectionId, o.status, ObjectionStatus.Pending);
        }
    }

    function _pendingProposal(uint256 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.kind == ProposalKind.None) revert CreditUnknownProposal(proposalId);
        if (p.status != ProposalStatus.Pending) {
            revert CreditUnexpectedProposalStatus(proposalId, p.status, ProposalStatus.Pending);
        }
    }

    function _existingEntry(uint256 entryId) private view returns (Entry storage e) {
        e = _entries[entryId];
        if (e.kind == EntryKind.None) revert CreditUnknownEntry(entryId);
    }

    function _recused(Entry storage e, address account) private view returns (bool) {
        return e.fromEnforcement ? account == e.approvedBy : account == e.listedBy;
    }

    function _checkNotListed(bytes32 subject, CaseDomain domain, uint256 caseId, EntryKind kind) private view {
        uint256 existing = _caseEntries[subject][domain][caseId][kind];
        if (existing != 0 && _isCurrent(_entries[existing], block.timestamp)) {
            revert CreditAlreadyListed(subject, caseId, kind, existing);
        }
    }

    /// @dev The source case exists: docketed in the CaseDocket, or opened in the EnforcementOffice (ids from 1).
    function _checkCase(CaseDomain domain, uint256 caseId) private view {
        bool known;
        if (domain == CaseDomain.Docket) {
            address docket = _suite(SuiteKeys.CASE_DOCKET);
            if (docket != address(0)) {
                try ICaseDocket(docket).getFiling(caseId) returns (ICaseDocket.Filing memory f) {
                    known = f.sequence != 0;
                } catch {}
            }
        } else if (domain == CaseDomain.Enforcement) {
            address office = _suite(SuiteKeys.ENFORCEMENT_OFFICE);
            known = office != address(0) && caseId <= IEnforcementOffice(office).caseCount();
        } else {
            revert CreditInvalidDomain(domain);
        }
        if (!known) revert CreditUnknownCase(domain, caseId);
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

    function _page(uint256 length, uint256 start, uint256 max) private pure returns (uint256 from, uint256 to) {
        if (max > MAX_PAGE) revert CreditBatchTooLarge(max, MAX_PAGE);
        from = start < length ? start : length;
        to = length - from < max ? length : from + max;
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

    function _merge(Restriction memory r, Entry memory e, uint256 t) private pure {
        if (!_isCurrent(e, t)) return;
        if (e.kind == EntryKind.DishonestDebtor) {
            r.dishonestDebtor = true;
            if (e.endsAt > r.dishonestUntil) r.dishonestUntil = e.endsAt;
        } else {
            r.highConsumptionBan = true;
            if (e.endsAt > r.banUntil) r.banUntil = e.endsAt;
        }
    }

    function _restriction(bytes32 subject, uint256 t) private view returns (Restriction memory r) {
        uint256[] storage ids = _subjectEntries[subject];
        for (uint256 i = 0; i < ids.length; i++) {
            _merge(r, _entries[ids[i]], t);
        }
    }
}

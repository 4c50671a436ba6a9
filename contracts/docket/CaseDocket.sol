// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICaseDocket} from "../interfaces/ICaseDocket.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICredentialRegistry} from "../interfaces/ICredentialRegistry.sol";
import {IDocketIntake} from "../interfaces/ISuiteHooks.sol";

/// @title CaseDocket
/// @notice Filings, submission windows, docketing by rule with case numbers, judgments and transfers.
/// See {ICaseDocket} for the rules (window boundary, case-number year in UTC+8, material kinds).
contract CaseDocket is ICaseDocket, IDocketIntake, HubGuarded {
    uint64 private constant _MAX_WINDOW = 365 days;
    uint256 private constant _MAX_PARTIES = 16;
    uint256 private constant _MAX_MATERIALS = 32;
    uint256 private constant _MAX_OBLIGATIONS = 16;
    uint256 private constant _MAX_BATCH = 100;
    uint256 private constant _MAX_CONFIG_BYTES = 16;
    /// @dev Kind of the mediation agreement a trial filing from a defaulted obligation carries.
    uint8 private constant _KIND_MEDIATION_AGREEMENT = 5;
    /// @dev China Standard Time is UTC+8 all year (no daylight saving since 1991).
    uint256 private constant _CST_OFFSET = 8 hours;

    // ------------------------------------------------------------------ types

    struct MaterialRecord {
        uint8 kind;
        address addedBy;
        uint64 addedAt;
    }

    // ------------------------------------------------------------------ state

    mapping(uint32 => CourtConfig) private _courts;
    mapping(uint32 => mapping(bytes32 => CaseTypeConfig)) private _caseTypes;
    mapping(bytes32 => uint32) private _sequences; // keccak(court, year, type) => last sequence
    uint256 private _filingCount;
    mapping(uint256 => Filing) private _filings;
    mapping(uint256 => Party[]) private _parties;
    /// @dev Materials as (hash list, hash => record): the record doubles as the duplicate check (kind 0 = absent).
    mapping(uint256 => bytes32[]) private _materialHashes;
    mapping(uint256 => mapping(bytes32 => MaterialRecord)) private _materials;
    mapping(uint256 => Judgment) private _judgments;
    mapping(uint256 => Obligation[]) private _obligations;
    mapping(uint256 => Transfer[]) private _transfers;
    /// @dev Set when a court dockets the first case of any (year, type): its abbreviation and code are then fixed.
    mapping(uint32 => bool) private _courtInUse;
    /// @dev The credential an agent filed with (0: filed without one).
    mapping(uint256 => uint256) private _agentCredential;

    // ------------------------------------------------------------------ constructor

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    // ------------------------------------------------------------------ court configuration

    /// @inheritdoc ICaseDocket
    function configureCourt(uint32 courtId, string calldata abbreviation, string calldata code) external {
        _checkStaff(courtId, msg.sender);
        uint256 a = bytes(abbreviation).length;
        uint256 c = bytes(code).length;
        if (a == 0 || c == 0 || a > _MAX_CONFIG_BYTES || c > _MAX_CONFIG_BYTES) revert DocketInvalidCourtConfig();
        if (_courtInUse[courtId]) {
            CourtConfig storage current = _courts[courtId];
            if (
                keccak256(bytes(current.abbreviation)) != keccak256(bytes(abbreviation))
                    || keccak256(bytes(current.code)) != keccak256(bytes(code))
            ) revert DocketCourtInUse(courtId);
        }
        _courts[courtId] = CourtConfig(true, abbreviation, code);
        emit CourtConfigured(courtId, abbreviation, code, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function setCaseType(uint32 courtId, bytes32 caseType, uint8[] calldata requiredKinds, uint64 window) external {
        _checkStaff(courtId, msg.sender);
        if (!_courts[courtId].configured) revert DocketCourtNotConfigured(courtId);
        if (caseType == bytes32(0)) revert DocketInvalidCaseType(caseType);
        if (window == 0 || window > _MAX_WINDOW) revert DocketInvalidWindow(window, _MAX_WINDOW);
        uint256 mask;
        for (uint256 i = 0; i < requiredKinds.length; i++) {
            if (requiredKinds[i] == 0) revert DocketInvalidMaterialKind(0);
            mask |= uint256(1) << requiredKinds[i];
        }
        _caseTypes[courtId][caseType] = CaseTypeConfig(true, window, mask);
        emit CaseTypeSet(courtId, caseType, _kindsOf(mask), window, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function disableCaseType(uint32 courtId, bytes32 caseType) external {
        _checkStaff(courtId, msg.sender);
        if (!_caseTypes[courtId][caseType].active) revert DocketUnknownCaseType(courtId, caseType);
        _caseTypes[courtId][caseType].active = false;
        emit CaseTypeDisabled(courtId, caseType, msg.sender);
    }

    // ------------------------------------------------------------------ filing

    /// @inheritdoc ICaseDocket
    function submitFiling(
        uint32 courtId,
        bytes32 caseType,
        Party[] calldata parties,
        uint256 claimAmount,
        MaterialInput[] calldata materials
    ) external returns (uint256 filingId) {
        return _submit(courtId, caseType, parties, claimAmount, materials);
    }

    /// @inheritdoc ICaseDocket
    function submitFilingAsAgent(
        uint32 courtId,
        bytes32 caseType,
        Party[] calldata parties,
        uint256 claimAmount,
        MaterialInput[] calldata materials,
        uint256 credentialId
    ) external returns (uint256 filingId) {
        _checkAgent(credentialId);
        filingId = _submit(courtId, caseType, parties, claimAmount, materials);
        _agentCredential[filingId] = credentialId;
        emit AgentCredentialUsed(filingId, msg.sender, credentialId, AgentAct.Filing);
    }

    function _submit(
        uint32 courtId,
        bytes32 caseType,
        Party[] calldata parties,
        uint256 claimAmount,
        MaterialInput[] calldata materials
    ) private returns (uint256 filingId) {
        if (parties.length > _MAX_PARTIES) revert DocketTooMany(parties.length, _MAX_PARTIES);
        if (materials.length > _MAX_MATERIALS) revert DocketTooMany(materials.length, _MAX_MATERIALS);
        filingId = _open(courtId, caseType, claimAmount, msg.sender);
        bool plaintiff;
        bool defendant;
        for (uint256 i = 0; i < parties.length; i++) {
            Party calldata p = parties[i];
            if (p.subject == bytes32(0) || p.role == PartyRole.None) revert DocketInvalidParty(i);
            plaintiff = plaintiff || p.role == PartyRole.Plaintiff;
            defendant = defendant || p.role == PartyRole.Defendant;
            _addParty(filingId, p.subject, p.role);
        }
        if (!plaintiff || !defendant) revert DocketMissingParties(filingId);
        for (uint256 i = 0; i < materials.length; i++) {
            _addMaterial(filingId, materials[i].contentHash, materials[i].kind);
        }
    }

    /// @inheritdoc IDocketIntake
    function fileFromObligation(
        uint256 obligationId,
        uint32 courtId,
        bytes32 caseType,
        bytes32 plaintiff,
        bytes32 defendant,
        uint256 claimAmount,
        bytes32 documentHash,
        address filer
    ) external onlySuite(SuiteKeys.OBLIGATION_REGISTRY) returns (uint256 filingId) {
        if (plaintiff == bytes32(0)) revert DocketInvalidParty(0);
        if (defendant == bytes32(0)) revert DocketInvalidParty(1);
        filingId = _open(courtId, caseType, claimAmount, filer); // the creditor files and may complete the filing
        _addParty(filingId, plaintiff, PartyRole.Plaintiff);
        _addParty(filingId, defendant, PartyRole.Defendant);
        _addMaterial(filingId, documentHash, _KIND_MEDIATION_AGREEMENT);
        emit FiledFromObligation(filingId, obligationId);
    }

    /// @inheritdoc ICaseDocket
    function addMaterials(uint256 filingId, MaterialInput[] calldata materials) external {
        Filing storage f = _openFiling(filingId);
        if (msg.sender != f.filer && !_isClerkOf(f.court, msg.sender)) revert DocketNotFilerOrClerk(filingId, msg.sender);
        uint256 credentialId = _agentCredential[filingId];
        if (credentialId != 0 && msg.sender == f.filer) {
            _checkAgent(credentialId);
            emit AgentCredentialUsed(filingId, msg.sender, credentialId, AgentAct.Materials);
        }
        if (materials.length == 0 || materials.length > _MAX_MATERIALS) {
            revert DocketTooMany(materials.length, _MAX_MATERIALS);
        }
        for (uint256 i = 0; i < materials.length; i++) {
            _addMaterial(filingId, materials[i].contentHash, materials[i].kind);
        }
    }

    /// @inheritdoc ICaseDocket
    function reclassify(uint256 filingId, bytes32 caseType) external {
        Filing storage f = _openFiling(filingId);
        if (!_isClerkOf(f.court, msg.sender)) revert DocketNotClerk(f.court, msg.sender);
        bytes32 previous = f.caseType;
        if (caseType == previous) revert DocketSameCaseType(filingId, caseType);
        CaseTypeConfig storage t = _activeType(f.court, caseType);
        f.caseType = caseType;
        f.windowEnds = f.filedAt + t.window;
        emit FilingReclassified(filingId, previous, caseType, f.windowEnds, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function withdraw(uint256 filingId) external {
        Filing storage f = _filing(filingId);
        _expectStatus(filingId, f.status, FilingStatus.Open);
        if (msg.sender != f.filer) revert DocketNotFiler(filingId, msg.sender);
        f.status = FilingStatus.Withdrawn;
        f.decidedAt = uint64(block.timestamp);
        emit FilingWithdrawn(filingId, msg.sender);
    }

    // ------------------------------------------------------------------ docketing

    /// @inheritdoc ICaseDocket
    function refuseFiling(uint256 filingId, RefusalReason reason, bytes32 rulingHash) external {
        Filing storage f = _openFiling(filingId);
        if (_hub().memberOf(msg.sender) != f.court || !(_hasRole(Roles.CLERK, msg.sender) || _hasRole(Roles.REGISTRAR, msg.sender))) {
            revert DocketNotReviewer(f.court, msg.sender);
        }
        if (reason == RefusalReason.None) revert DocketInvalidRefusalReason();
        if (rulingHash == bytes32(0)) revert DocketZeroHash();
        f.status = FilingStatus.Refused;
        f.decidedAt = uint64(block.timestamp);
        emit FilingRejected(filingId, reason, rulingHash, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function docket(uint256 filingId) external returns (bool docketed) {
        Filing storage f = _filing(filingId);
        _expectStatus(filingId, f.status, FilingStatus.Open);
        uint256 missing = _missing(f);
        if (block.timestamp < f.windowEnds) {
            if (!_isClerkOf(f.court, msg.sender)) revert DocketWindowOpen(filingId, f.windowEnds);
            if (missing != 0) revert DocketIncomplete(filingId, _kindsOf(missing));
            _docket(filingId, f, true);
            return true;
        }
        return _decide(filingId, f, missing);
    }

    /// @inheritdoc ICaseDocket
    function docketMany(uint256[] calldata filingIds) external returns (uint256 docketedCount) {
        if (filingIds.length > _MAX_BATCH) revert DocketTooMany(filingIds.length, _MAX_BATCH);
        for (uint256 i = 0; i < filingIds.length; i++) {
            uint256 id = filingIds[i];
            if (id == 0 || id > _filingCount) {
                emit DocketSkipped(id, SkipReason.UnknownFiling, 0);
                continue;
            }
            Filing storage f = _filings[id];
            if (f.status != FilingStatus.Open) {
                emit DocketSkipped(id, SkipReason.NotOpen, f.windowEnds);
            } else if (block.timestamp < f.windowEnds) {
                emit DocketSkipped(id, SkipReason.WindowOpen, f.windowEnds);
            } else if (_decide(id, f, _missing(f))) {
                docketedCount++;
            }
        }
    }

    // ------------------------------------------------------------------ judgment and transfer

    /// @inheritdoc ICaseDocket
    function recordJudgment(uint256 caseId, bytes32 documentHash, Outcome outcome, Obligation[] calldata obligations)
        external
    {
        Filing storage f = _filing(caseId);
        _expectStatus(caseId, f.status, FilingStatus.Docketed);
        _checkNoPendingTransfer(caseId);
        if (_hub().memberOf(msg.sender) != f.holder || !_hasRole(Roles.JUDGE, msg.sender)) {
            revert DocketNotJudge(f.holder, msg.sender);
        }
        if (documentHash == bytes32(0)) revert DocketZeroHash();
        if (outcome == Outcome.None) revert DocketInvalidOutcome();
        if (obligations.length > _MAX_OBLIGATIONS) revert DocketTooMany(obligations.length, _MAX_OBLIGATIONS);
        f.status = FilingStatus.Judged;
        _judgments[caseId] = Judgment(documentHash, outcome, msg.sender, uint64(block.timestamp), obligations.length);
        emit JudgmentRecorded(caseId, documentHash, outcome, obligations.length, msg.sender);
        for (uint256 i = 0; i < obligations.length; i++) {
            Obligation calldata o = obligations[i];
            if (
                o.debtor == bytes32(0) || o.creditor == address(0) || o.amount == 0
                    || o.dueDate < block.timestamp
            ) revert DocketInvalidObligation(i);
            _obligations[caseId].push(o);
            emit JudgmentObligationRecorded(caseId, i, o.debtor, o.debtorAccount, o.creditor, o.amount, o.dueDate);
        }
    }

    /// @inheritdoc ICaseDocket
    function transferCase(uint256 caseId, uint32 toMember, bytes32 documentsHash)
        external
        returns (uint256 transferIndex)
    {
        Filing storage f = _filing(caseId);
        if (f.status != FilingStatus.Docketed && f.status != FilingStatus.Judged) {
            revert DocketUnexpectedStatus(caseId, f.status, FilingStatus.Docketed);
        }
        _checkNoPendingTransfer(caseId);
        if (!_actsFor(f.holder, msg.sender)) revert DocketNotHolder(caseId, f.holder, msg.sender);
        if (documentsHash == bytes32(0)) revert DocketZeroHash();
        if (toMember == f.holder || !_isOrgan(toMember)) revert DocketInvalidTransferTarget(caseId, toMember);
        transferIndex = _transfers[caseId].length;
        _transfers[caseId].push(
            Transfer(TransferStatus.Pending, f.holder, toMember, uint64(block.timestamp), 0, msg.sender, address(0), documentsHash)
        );
        emit CaseTransferInitiated(caseId, transferIndex, f.holder, toMember, documentsHash, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function acceptTransfer(uint256 caseId) external {
        Filing storage f = _filing(caseId);
        (Transfer storage t, uint256 index) = _pendingTransfer(caseId);
        if (!_actsFor(t.toMember, msg.sender)) revert DocketNotReceivingMember(caseId, t.toMember, msg.sender);
        t.status = TransferStatus.Accepted;
        t.settledAt = uint64(block.timestamp);
        t.settledBy = msg.sender;
        f.holder = t.toMember;
        emit CaseTransferAccepted(caseId, index, t.toMember, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function cancelTransfer(uint256 caseId) external {
        Filing storage f = _filing(caseId);
        (Transfer storage t, uint256 index) = _pendingTransfer(caseId);
        if (t.toMember == 0) revert DocketCrossChainTransfer(caseId, index);
        if (!_actsFor(f.holder, msg.sender)) revert DocketNotHolder(caseId, f.holder, msg.sender);
        t.status = TransferStatus.Cancelled;
        t.settledAt = uint64(block.timestamp);
        t.settledBy = msg.sender;
        emit CaseTransferCancelled(caseId, index, msg.sender);
    }

    /// @inheritdoc ICaseDocket
    function transferCaseOut(uint256 caseId, address by, bytes32 documentsHash)
        external
        onlySuite(SuiteKeys.CROSSCHAIN_CASES)
        returns (uint256 transferIndex)
    {
        Filing storage f = _filing(caseId);
        if (f.status != FilingStatus.Docketed && f.status != FilingStatus.Judged) {
            revert DocketUnexpectedStatus(caseId, f.status, FilingStatus.Docketed);
        }
        _checkNoPendingTransfer(caseId);
        if (!_actsFor(f.holder, by)) revert DocketNotHolder(caseId, f.holder, by);
        if (documentsHash == bytes32(0)) revert DocketZeroHash();
        transferIndex = _transfers[caseId].length;
        _transfers[caseId].push(
            Transfer(TransferStatus.Pending, f.holder, 0, uint64(block.timestamp), 0, by, address(0), documentsHash)
        );
        emit CaseTransferInitiated(caseId, transferIndex, f.holder, 0, documentsHash, by);
    }

    /// @inheritdoc ICaseDocket
    function settleCaseOut(uint256 caseId, bool transferred) external onlySuite(SuiteKeys.CROSSCHAIN_CASES) {
        Filing storage f = _filing(caseId);
        (Transfer storage t, uint256 index) = _pendingTransfer(caseId);
        if (t.toMember != 0) revert DocketNoPendingTransfer(caseId);
        t.settledAt = uint64(block.timestamp);
        t.settledBy = msg.sender;
        if (transferred) {
            t.status = TransferStatus.Accepted;
            f.holder = 0;
            emit CaseTransferAccepted(caseId, index, 0, msg.sender);
        } else {
            t.status = TransferStatus.Cancelled;
            emit CaseTransferCancelled(caseId, index, msg.sender);
        }
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICaseDocket
    function filingCount() external view returns (uint256) {
        return _filingCount;
    }

    /// @inheritdoc ICaseDocket
    function getFiling(uint256 filingId) external view returns (Filing memory) {
        return _filing(filingId);
    }

    /// @inheritdoc ICaseDocket
    function getParties(uint256 filingId) external view returns (Party[] memory) {
        _filing(filingId);
        return _parties[filingId];
    }

    /// @inheritdoc ICaseDocket
    function getMaterials(uint256 filingId) external view returns (Material[] memory) {
        _filing(filingId);
        bytes32[] storage hashes = _materialHashes[filingId];
        Material[] memory out = new Material[](hashes.length);
        for (uint256 i = 0; i < hashes.length; i++) {
            MaterialRecord storage m = _materials[filingId][hashes[i]];
            out[i] = Material(hashes[i], m.kind, m.addedBy, m.addedAt);
        }
        return out;
    }

    /// @inheritdoc ICaseDocket
    function agentCredential(uint256 filingId) external view returns (uint256) {
        return _agentCredential[filingId];
    }

    /// @inheritdoc ICaseDocket
    function isWindowOpen(uint256 filingId) public view returns (bool) {
        Filing storage f = _filings[filingId];
        return f.status == FilingStatus.Open && block.timestamp < f.windowEnds;
    }

    /// @inheritdoc ICaseDocket
    function isDue(uint256 filingId) external view returns (bool) {
        Filing storage f = _filings[filingId];
        return f.status == FilingStatus.Open && block.timestamp >= f.windowEnds;
    }

    /// @inheritdoc ICaseDocket
    function missingKinds(uint256 filingId) external view returns (uint8[] memory) {
        return _kindsOf(_missing(_filing(filingId)));
    }

    /// @inheritdoc ICaseDocket
    function courtConfig(uint32 courtId) external view returns (CourtConfig memory) {
        return _courts[courtId];
    }

    /// @inheritdoc ICaseDocket
    function caseTypeConfig(uint32 courtId, bytes32 caseType) external view returns (CaseTypeConfig memory) {
        return _caseTypes[courtId][caseType];
    }

    /// @inheritdoc ICaseDocket
    function caseNumber(uint256 caseId) external view returns (string memory) {
        Filing storage f = _filing(caseId);
        if (f.sequence == 0) revert DocketUnexpectedStatus(caseId, f.status, FilingStatus.Docketed);
        CourtConfig storage c = _courts[f.court];
        return string(
            abi.encodePacked(
                "(",
                Strings.toString(f.year),
                ")",
                c.abbreviation,
                c.code,
                _trimmed(f.caseType),
                Strings.toString(f.sequence),
                unicode"号"
            )
        );
    }

    /// @inheritdoc ICaseDocket
    function lastSequence(uint32 courtId, uint16 year, bytes32 caseType) external view returns (uint32) {
        return _sequences[keccak256(abi.encode(courtId, year, caseType))];
    }

    /// @inheritdoc ICaseDocket
    function getJudgment(uint256 caseId) external view returns (Judgment memory) {
        _filing(caseId);
        Judgment storage j = _judgments[caseId];
        if (j.outcome == Outcome.None) revert DocketUnexpectedStatus(caseId, _filings[caseId].status, FilingStatus.Judged);
        return j;
    }

    /// @inheritdoc IDocketIntake
    function judgmentObligation(uint256 caseId, uint256 index)
        external
        view
        returns (
            bytes32 debtor,
            address debtorAccount,
            address creditor,
            uint256 amount,
            uint64 dueDate,
            bytes32 documentHash
        )
    {
        uint256 count = _obligations[caseId].length;
        if (index >= count) revert DocketUnknownObligation(caseId, index, count);
        Obligation storage o = _obligations[caseId][index];
        debtor = o.debtor;
        debtorAccount = o.debtorAccount;
        creditor = o.creditor;
        amount = o.amount;
        dueDate = o.dueDate;
        documentHash = _judgments[caseId].documentHash;
    }

    /// @inheritdoc IDocketIntake
    function acceptsCaseType(uint32 courtId, bytes32 caseType) external view returns (bool) {
        return _caseTypes[courtId][caseType].active;
    }

    /// @inheritdoc IDocketIntake
    function judgmentObligationCount(uint256 caseId) external view returns (uint256) {
        return _obligations[caseId].length;
    }

    /// @inheritdoc ICaseDocket
    function getTransfers(uint256 caseId) external view returns (Transfer[] memory) {
        _filing(caseId);
        return _transfers[caseId];
    }

    /// @inheritdoc ICaseDocket
    /// @dev Civil-from-days (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"): shift the day count so
    /// that eras of 400 years start on 0000-03-01, find the year of the era from the day of the era, and add one when
    /// the month is January or February. Only non-negative timestamps exist on chain, so the era is never negative.
    function chinaYear(uint256 timestamp) public pure returns (uint16) {
        uint256 z = (timestamp + _CST_OFFSET) / 1 days + 719468;
        uint256 era = z / 146097;
        uint256 doe = z - era * 146097; // day of era, 0..146096
        uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // year of era, 0..399
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1, 0..365
        uint256 mp = (5 * doy + 2) / 153; // month from March, 0..11
        uint256 year = yoe + era * 400 + (mp >= 10 ? 1 : 0); // January and February belong to the next year
        return SafeCast.toUint16(year);
    }

    // ------------------------------------------------------------------ internal

    function _hub() private view returns (ICourtConsortium) {
        return hub();
    }

    function _open(uint32 courtId, bytes32 caseType, uint256 claimAmount, address filer)
        private
        returns (uint256 filingId)
    {
        CaseTypeConfig storage t = _activeType(courtId, caseType);
        filingId = ++_filingCount;
        uint64 windowEnds = uint64(block.timestamp) + t.window;
        Filing storage f = _filings[filingId];
        f.status = FilingStatus.Open;
        f.court = courtId;
        f.holder = courtId;
        f.filedAt = uint64(block.timestamp);
        f.windowEnds = windowEnds;
        f.filer = filer;
        f.caseType = caseType;
        f.claimAmount = claimAmount;
        emit FilingSubmitted(filingId, courtId, filer, caseType, claimAmount, windowEnds);
    }

    /// @dev Refuse an agent whose credential is not its own or not valid at this moment, with the registry's reason.
    function _checkAgent(uint256 credentialId) private view {
        address registry = _suite(SuiteKeys.CREDENTIAL_REGISTRY);
        if (registry == address(0)) revert DocketNoCredentialRegistry();
        ICredentialRegistry.Validity v = ICredentialRegistry(registry).checkAgent(msg.sender, credentialId);
        if (v != ICredentialRegistry.Validity.Valid) revert DocketAgentCredentialInvalid(msg.sender, credentialId, v);
    }

    function _addParty(uint256 filingId, bytes32 subject, PartyRole role) private {
        _parties[filingId].push(Party(subject, role));
        emit PartyRecorded(filingId, subject, role);
    }

    function _addMaterial(uint256 filingId, bytes32 contentHash, uint8 kind) private {
        if (contentHash == bytes32(0)) revert DocketZeroHash();
        if (kind == 0) revert DocketInvalidMaterialKind(kind);
        if (_materials[filingId][contentHash].kind != 0) revert DocketDuplicateMaterial(filingId, contentHash);
        _materials[filingId][contentHash] = MaterialRecord(kind, msg.sender, uint64(block.timestamp));
        _materialHashes[filingId].push(contentHash);
        _filings[filingId].presentKinds |= uint256(1) << kind;
        emit MaterialAdded(filingId, contentHash, kind, msg.sender);
    }

    /// @dev The window has expired: docket a complete filing, refuse an incomplete one.
    function _decide(uint256 filingId, Filing storage f, uint256 missing) private returns (bool) {
        if (missing == 0) {
            _docket(filingId, f, false);
            return true;
        }
        f.status = FilingStatus.Refused;
        f.decidedAt = uint64(block.timestamp);
        emit FilingRefused(filingId, _kindsOf(missing), msg.sender);
        return false;
    }

    function _docket(uint256 filingId, Filing storage f, bool early) private {
        uint16 year = chinaYear(block.timestamp);
        bytes32 key = keccak256(abi.encode(f.court, year, f.caseType));
        uint32 sequence = _sequences[key] + 1;
        _sequences[key] = sequence;
        if (sequence == 1) _courtInUse[f.court] = true; // the first case of any (year, type) marks the court in use
        f.status = FilingStatus.Docketed;
        f.year = year;
        f.sequence = sequence;
        f.decidedAt = uint64(block.timestamp);
        emit CaseDocketed(filingId, f.court, f.caseType, year, sequence, msg.sender, early);
    }

    function _missing(Filing storage f) private view returns (uint256) {
        return _caseTypes[f.court][f.caseType].requiredKinds & ~f.presentKinds;
    }

    function _kindsOf(uint256 mask) private pure returns (uint8[] memory kinds) {
        uint256 n;
        for (uint256 m = mask; m != 0; m &= m - 1) n++;
        kinds = new uint8[](n);
        uint256 j;
        for (uint256 k = 1; k < 256 && j < n; k++) {
            if (mask & (uint256(1) << k) != 0) kinds[j++] = uint8(k);
        }
    }

    function _filing(uint256 filingId) private view returns (Filing storage f) {
        f = _filings[filingId];
        if (f.status == FilingStatus.None) revert DocketUnknownFiling(filingId);
    }

    function _openFiling(uint256 filingId) private view returns (Filing storage f) {
        f = _filing(filingId);
        _expectStatus(filingId, f.status, FilingStatus.Open);
        if (block.timestamp >= f.windowEnds) revert DocketWindowClosed(filingId, f.windowEnds);
    }

    function _expectStatus(uint256 filingId, FilingStatus current, FilingStatus expected) private pure {
        if (current != expected) revert DocketUnexpectedStatus(filingId, current, expected);
    }

    function _activeType(uint32 courtId, bytes32 caseType) private view returns (CaseTypeConfig storage t) {
        t = _caseTypes[courtId][caseType];
        if (!t.active) revert DocketUnknownCaseType(courtId, caseType);
    }

    function _isCourt(uint32 memberId) private view returns (bool) {
        if (memberId == 0 || memberId > _hub().memberCount()) return false;
        return _hub().getMember(memberId).kind == ICourtConsortium.MemberKind.Court;
    }

    function _isOrgan(uint32 memberId) private view returns (bool) {
        if (memberId == 0 || memberId > _hub().memberCount()) return false;
        ICourtConsortium.Member memory m = _hub().getMember(memberId);
        return m.status == ICourtConsortium.MemberStatus.Active
            && (m.kind == ICourtConsortium.MemberKind.Court || m.kind == ICourtConsortium.MemberKind.Procuratorate);
    }

    function _checkStaff(uint32 courtId, address account) private view {
        if (!_isCourt(courtId)) revert DocketNotCourt(courtId);
        if (
            _hub().memberOf(account) != courtId
                || !(_hasRole(Roles.CLERK, account) || _hasRole(Roles.JUDGE, account))
        ) revert DocketNotCourtStaff(courtId, account);
    }

    function _isClerkOf(uint32 courtId, address account) private view returns (bool) {
        return _hub().memberOf(account) == courtId && _hasRole(Roles.CLERK, account);
    }

    /// @dev Whether `account` may act for organ `memberId` in transfers: an account of that active member holding
    /// CLERK or REGISTRAR, or, for a court, JUDGE. A role-less account of the organ never acts for it.
    function _actsFor(uint32 memberId, address account) private view returns (bool) {
        if (memberId == 0 || _hub().memberOf(account) != memberId) return false;
        ICourtConsortium.Member memory m = _hub().getMember(memberId);
        if (m.status != ICourtConsortium.MemberStatus.Active) return false;
        if (_hasRole(Roles.CLERK, account) || _hasRole(Roles.REGISTRAR, account)) return true;
        return m.kind == ICourtConsortium.MemberKind.Court && _hasRole(Roles.JUDGE, account);
    }

    function _checkNoPendingTransfer(uint256 caseId) private view {
        uint256 n = _transfers[caseId].length;
        if (n != 0 && _transfers[caseId][n - 1].status == TransferStatus.Pending) {
            revert DocketTransferPending(caseId, n - 1);
        }
    }

    function _pendingTransfer(uint256 caseId) private view returns (Transfer storage t, uint256 index) {
        uint256 n = _transfers[caseId].length;
        if (n == 0 || _transfers[caseId][n - 1].status != TransferStatus.Pending) revert DocketNoPendingTransfer(caseId);
        index = n - 1;
        t = _transfers[caseId][index];
    }

    /// @dev The UTF-8 bytes of a left-aligned bytes32 code, without the trailing zero bytes.
    function _trimmed(bytes32 code) private pure returns (bytes memory out) {
        uint256 n;
        while (n < 32 && code[n] != 0) n++;
        out = new bytes(n);
        for (uint256 i = 0; i < n; i++) {
            out[i] = code[i];
        }
    }
}

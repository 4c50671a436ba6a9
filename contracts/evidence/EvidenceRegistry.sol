// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {IEvidenceRegistry} from "../interfaces/IEvidenceRegistry.sol";

/// @title EvidenceRegistry
/// @notice Anchoring of judicial data by content hash, Merkle batches, revocation and supersession, and service of
/// process with receipts. See {IEvidenceRegistry} for the rules (anchors per account, the role/kind table, service).
contract EvidenceRegistry is IEvidenceRegistry, HubGuarded, EIP712 {
    bytes32 private constant _ACK_TYPEHASH =
        keccak256("Acknowledgement(uint256 serviceId,bytes32 receiptHash,uint256 nonce,uint256 deadline)");

    uint64 private constant _MIN_DEEMED_FLOOR = 1 days;
    uint64 private constant _MAX_DEEMED_PERIOD = 365 days;

    /// @dev The role/kind table (IEvidenceRegistry's @dev): bit `16 * role + kind` is set when `role` may anchor
    /// `kind`. Kinds are bits 1..8 (CaseFile, Evidence, ServedDocument, ReceiptOfService, Archive, StatisticalReport,
    /// MediationRecord, Judgment); one 16-bit group per role, from the right:
    /// None (party) 0x0004 = Evidence;
    /// Judge 0x019E = CaseFile, Evidence, ServedDocument, ReceiptOfService, MediationRecord, Judgment;
    /// Clerk 0x01FE = every kind;
    /// Registrar 0x0072 = CaseFile, ReceiptOfService, Archive, StatisticalReport;
    /// Mediator 0x0084 = Evidence, MediationRecord;
    /// EnforcementOfficer 0x003C = Evidence, ServedDocument, ReceiptOfService, Archive.
    uint256 private constant _KINDS_BY_ROLE = 0x003C_0084_0072_01FE_019E_0004;

    // ------------------------------------------------------------------ types

    /// @dev The anchors of one hash (or root): the first in one slot (so a first anchor costs one storage write),
    /// later ones by other accounts appended, each account found in O(1) by its 1-based position.
    struct AnchorSet {
        Record first;
        Record[] more;
        mapping(address => uint256) position;
    }

    // ------------------------------------------------------------------ state

    mapping(bytes32 => AnchorSet) private _singles;
    mapping(bytes32 => AnchorSet) private _batches;
    /// @dev keyed by keccak256(contentHash, anchorer) for a single anchor, by keccak256(keccak256(root, contentHash),
    /// anchorer) for a batch member
    mapping(bytes32 => Revocation) private _revocations;
    mapping(uint256 => Service) private _services;
    /// @dev packed with `_minDeemedPeriod`, which `serve` reads with it (one storage read)
    uint192 private _serviceCount;
    uint64 private _minDeemedPeriod;
    mapping(address => uint256) private _nonces;

    constructor(ICourtConsortium hub_) HubGuarded(hub_) EIP712("courtchain EvidenceRegistry", "1") {
        _minDeemedPeriod = _MIN_DEEMED_FLOOR;
        emit MinDeemedPeriodSet(0, _MIN_DEEMED_FLOOR);
    }

    // ------------------------------------------------------------------ anchoring

    /// @inheritdoc IEvidenceRegistry
    function anchor(bytes32 contentHash, DocumentKind kind, uint64 caseId, AnchorRole role) external {
        if (contentHash == bytes32(0)) revert EvidenceZeroHash();
        _checkCapacity(kind, caseId, role);
        uint64 at = _add(_singles[contentHash], kind, caseId, role);
        if (at != 0) revert EvidenceAlreadyAnchored(contentHash, msg.sender, at);
        emit Anchored(contentHash, msg.sender, caseId, kind, role);
    }

    /// @inheritdoc IEvidenceRegistry
    function anchorBatch(bytes32 root, uint32 count, DocumentKind kind, uint64 caseId, AnchorRole role) external {
        if (root == bytes32(0)) revert EvidenceZeroHash();
        if (count == 0) revert EvidenceInvalidBatchSize(count);
        _checkCapacity(kind, caseId, role);
        uint64 at = _add(_batches[root], kind, caseId, role);
        if (at != 0) revert EvidenceBatchAlreadyAnchored(root, msg.sender, at);
        emit BatchAnchored(root, msg.sender, caseId, kind, role, count);
    }

    /// @inheritdoc IEvidenceRegistry
    function revoke(bytes32 contentHash, bytes32 supersededBy) external {
        if (_recordOf(_singles[contentHash], msg.sender).anchoredAt == 0) {
            revert EvidenceNotAnchored(contentHash, msg.sender);
        }
        _revoke(_revocationKey(contentHash, msg.sender), bytes32(0), contentHash, supersededBy);
    }

    /// @inheritdoc IEvidenceRegistry
    function revokeBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof, bytes32 supersededBy)
        external
    {
        if (_recordOf(_batches[root], msg.sender).anchoredAt == 0) revert EvidenceUnknownBatch(root, msg.sender);
        if (!MerkleProof.verifyCalldata(proof, root, _leaf(contentHash))) revert EvidenceInvalidProof(root, contentHash);
        _revoke(_revocationKey(_memberKey(root, contentHash), msg.sender), root, contentHash, supersededBy);
    }

    // ------------------------------------------------------------------ service of process

    /// @inheritdoc IEvidenceRegistry
    function serve(
        bytes32 documentHash,
        uint64 caseId,
        bytes32 recipient,
        address recipientAccount,
        ServiceMethod method,
        uint64 deemedServedAt
    ) external returns (uint256 serviceId) {
        _checkCourt(msg.sender);
        if (documentHash == bytes32(0)) revert EvidenceZeroHash();
        if (recipient == bytes32(0)) revert EvidenceZeroRecipient();
        if (method == ServiceMethod.None) revert EvidenceInvalidMethod();
        uint256 earliest = block.timestamp + _minDeemedPeriod;
        if (deemedServedAt < earliest) revert EvidenceDeemedTooSoon(deemedServedAt, SafeCast.toUint64(earliest));
        if (deemedServedAt > type(uint40).max) revert EvidenceTimeTooLarge(deemedServedAt);
        if (recipientAccount != address(0)) {
            uint32 member = hub().memberOf(recipientAccount);
            if (member != 0 && member == hub().memberOf(msg.sender)) {
                revert EvidenceRecipientIsServerMember(recipientAccount, member);
            }
        }
        serviceId = ++_serviceCount;
        Service storage s = _services[serviceId];
        s.documentHash = documentHash;
        s.recipient = recipient;
        s.server = msg.sender;
        s.servedAt = SafeCast.toUint40(block.timestamp);
        s.deemedServedAt = uint40(deemedServedAt);
        s.method = method;
        s.caseId = caseId;
        s.recipientAccount = recipientAccount;
        emit Served(serviceId, documentHash, recipient, caseId, method, recipientAccount, msg.sender, deemedServedAt);
    }

    /// @inheritdoc IEvidenceRegistry
    function acknowledge(uint256 serviceId, bytes32 receiptHash) external {
        Service storage s = _openService(serviceId, receiptHash);
        if (msg.sender != s.recipientAccount) revert EvidenceNotRecipient(serviceId, msg.sender, s.recipientAccount);
        _acknowledge(serviceId, s, receiptHash, false);
    }

    /// @inheritdoc IEvidenceRegistry
    function acknowledgeBySig(uint256 serviceId, bytes32 receiptHash, uint256 deadline, bytes calldata signature)
        external
    {
        _checkCourt(msg.sender);
        if (block.timestamp > deadline) revert EvidenceSignatureExpired(deadline, uint64(block.timestamp));
        Service storage s = _openService(serviceId, receiptHash);
        address signer = s.recipientAccount;
        if (signer == address(0)) revert EvidenceNoRecipientAccount(serviceId);
        uint256 nonce = _nonces[signer]++;
        bytes32 digest =
            _hashTypedDataV4(keccak256(abi.encode(_ACK_TYPEHASH, serviceId, receiptHash, nonce, deadline)));
        if (!SignatureChecker.isValidSignatureNow(signer, digest, signature)) {
            revert EvidenceInvalidSignature(serviceId, signer);
        }
        _acknowledge(serviceId, s, receiptHash, true);
    }

    /// @inheritdoc IEvidenceRegistry
    function useNonce() external returns (uint256 nonce) {
        nonce = _nonces[msg.sender]++;
        emit NonceUsed(msg.sender, nonce);
    }

    /// @inheritdoc IEvidenceRegistry
    function setMinDeemedPeriod(uint64 period) external onlyGovernance {
        if (period < _MIN_DEEMED_FLOOR || period > _MAX_DEEMED_PERIOD) {
            revert EvidenceInvalidDeemedPeriod(period, _MIN_DEEMED_FLOOR, _MAX_DEEMED_PERIOD);
        }
        uint64 previous = _minDeemedPeriod;
        _minDeemedPeriod = period;
        emit MinDeemedPeriodSet(previous, period);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEvidenceRegistry
    function verify(bytes32 contentHash, uint256 offset, uint256 limit)
        external
        view
        returns (Verification[] memory anchors)
    {
        AnchorSet storage set = _singles[contentHash];
        anchors = new Verification[](_pageLength(set, offset, limit));
        for (uint256 i = 0; i < anchors.length; i++) {
            Record memory r = _recordAt(set, offset + i);
            anchors[i] = _verification(r, bytes32(0), contentHash, _revocationKey(contentHash, r.submitter));
        }
    }

    /// @inheritdoc IEvidenceRegistry
    function verifyBy(bytes32 contentHash, address anchorer) external view returns (Verification memory) {
        return _verification(
            _recordOf(_singles[contentHash], anchorer), bytes32(0), contentHash, _revocationKey(contentHash, anchorer)
        );
    }

    /// @inheritdoc IEvidenceRegistry
    function verifyBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof, uint256 offset, uint256 limit)
        external
        view
        returns (Verification[] memory anchors)
    {
        if (!MerkleProof.verifyCalldata(proof, root, _leaf(contentHash))) return anchors;
        AnchorSet storage set = _batches[root];
        bytes32 member = _memberKey(root, contentHash);
        anchors = new Verification[](_pageLength(set, offset, limit));
        for (uint256 i = 0; i < anchors.length; i++) {
            Record memory r = _recordAt(set, offset + i);
            anchors[i] = _verification(r, root, contentHash, _revocationKey(member, r.submitter));
        }
    }

    /// @inheritdoc IEvidenceRegistry
    function anchorCount(bytes32 contentHash) external view returns (uint256) {
        return _count(_singles[contentHash]);
    }

    /// @inheritdoc IEvidenceRegistry
    function batchAnchorCount(bytes32 root) external view returns (uint256) {
        return _count(_batches[root]);
    }

    /// @inheritdoc IEvidenceRegistry
    function mayAnchor(AnchorRole role, DocumentKind kind) public pure returns (bool) {
        unchecked {
            // role < 6 and kind < 9: the shift stays below 96
            return (_KINDS_BY_ROLE >> ((uint256(role) << 4) | uint256(kind))) & 1 == 1;
        }
    }

    /// @inheritdoc IEvidenceRegistry
    function getRecord(bytes32 contentHash, address anchorer) external view returns (Record memory) {
        return _recordOf(_singles[contentHash], anchorer);
    }

    /// @inheritdoc IEvidenceRegistry
    function getBatch(bytes32 root, address anchorer) external view returns (Record memory) {
        return _recordOf(_batches[root], anchorer);
    }

    /// @inheritdoc IEvidenceRegistry
    function getRevocation(bytes32 root, bytes32 contentHash, address anchorer)
        external
        view
        returns (Revocation memory)
    {
        return _revocations[_revocationKey(root == bytes32(0) ? contentHash : _memberKey(root, contentHash), anchorer)];
    }

    /// @inheritdoc IEvidenceRegistry
    function leafOf(bytes32 contentHash) external pure returns (bytes32) {
        return _leaf(contentHash);
    }

    /// @inheritdoc IEvidenceRegistry
    function getService(uint256 serviceId) external view returns (Service memory) {
        return _existingService(serviceId);
    }

    /// @inheritdoc IEvidenceRegistry
    function serviceStatus(uint256 serviceId) public view returns (ServiceStatus) {
        Service storage s = _existingService(serviceId);
        if (s.acknowledgedAt != 0) return ServiceStatus.Acknowledged;
        if (block.timestamp >= s.deemedServedAt) return ServiceStatus.DeemedServed;
        return ServiceStatus.Pending;
    }

    /// @inheritdoc IEvidenceRegistry
    function serviceCount() external view returns (uint256) {
        return _serviceCount;
    }

    /// @inheritdoc IEvidenceRegistry
    function nonces(address signer) external view returns (uint256) {
        return _nonces[signer];
    }

    /// @inheritdoc IEvidenceRegistry
    function minDeemedPeriod() external view returns (uint64) {
        return _minDeemedPeriod;
    }

    /// @inheritdoc IEvidenceRegistry
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ internal

    function _checkCapacity(DocumentKind kind, uint64 caseId, AnchorRole role) private view {
        if (kind == DocumentKind.None) revert EvidenceInvalidKind(kind);
        if (caseId > type(uint40).max) revert EvidenceCaseIdTooLarge(caseId);
        if (role == AnchorRole.None) {
            if (kind != DocumentKind.Evidence) revert EvidencePartyKind(kind);
            return;
        }
        _checkRole(_roleId(role), msg.sender);
        if (!mayAnchor(role, kind)) revert EvidenceKindNotForRole(role, kind);
        if (kind == DocumentKind.Judgment) {
            uint32 memberId = hub().memberOf(msg.sender);
            if (hub().getMember(memberId).kind != ICourtConsortium.MemberKind.Court) {
                revert EvidenceNotCourtAccount(msg.sender, memberId);
            }
        }
    }

    /// @dev Add the caller's anchor to `set`; returns 0, or the time of the caller's earlier anchor (nothing written).
    function _add(AnchorSet storage set, DocumentKind kind, uint64 caseId, AnchorRole role) private returns (uint64) {
        uint40 firstAt = set.first.anchoredAt;
        if (firstAt == 0) {
            set.first = Record(msg.sender, SafeCast.toUint40(block.timestamp), uint40(caseId), kind, role);
            return 0;
        }
        if (set.first.submitter == msg.sender) return firstAt;
        uint256 position = set.position[msg.sender];
        if (position != 0) return set.more[position - 1].anchoredAt;
        set.more.push(Record(msg.sender, SafeCast.toUint40(block.timestamp), uint40(caseId), kind, role));
        set.position[msg.sender] = set.more.length;
        return 0;
    }

    function _count(AnchorSet storage set) private view returns (uint256) {
        return set.first.anchoredAt == 0 ? 0 : 1 + set.more.length;
    }

    function _pageLength(AnchorSet storage set, uint256 offset, uint256 limit) private view returns (uint256) {
        uint256 n = _count(set);
        if (offset >= n) return 0;
        return n - offset < limit ? n - offset : limit;
    }

    function _recordAt(AnchorSet storage set, uint256 index) private view returns (Record memory) {
        return index == 0 ? set.first : set.more[index - 1];
    }

    function _recordOf(AnchorSet storage set, address anchorer) private view returns (Record memory r) {
        if (set.first.submitter == anchorer && anchorer != address(0)) return set.first;
        uint256 position = set.position[anchorer];
        if (position != 0) r = set.more[position - 1];
    }

    function _roleId(AnchorRole role) private pure returns (bytes32) {
        if (role == AnchorRole.Judge) return Roles.JUDGE;
        if (role == AnchorRole.Clerk) return Roles.CLERK;
        if (role == AnchorRole.Registrar) return Roles.REGISTRAR;
        if (role == AnchorRole.Mediator) return Roles.MEDIATOR;
        return Roles.ENFORCEMENT_OFFICER;
    }

    function _checkCourt(address account) private view {
        if (!_hasRole(Roles.CLERK, account) && !_hasRole(Roles.JUDGE, account)) revert EvidenceNotRelayer(account);
    }

    function _revoke(bytes32 key, bytes32 root, bytes32 contentHash, bytes32 supersededBy) private {
        if (supersededBy == contentHash) revert EvidenceSelfSupersession(contentHash);
        Revocation storage rv = _revocations[key];
        if (rv.revokedAt != 0) revert EvidenceAlreadyRevoked(contentHash, root, rv.revokedAt, rv.supersededBy);
        rv.by = msg.sender;
        rv.revokedAt = SafeCast.toUint40(block.timestamp);
        rv.supersededBy = supersededBy;
        emit Revoked(contentHash, root, msg.sender, supersededBy);
    }

    /// @dev One anchor's verification; status `None` (and only the hashes set) when `r` is empty.
    function _verification(Record memory r, bytes32 root, bytes32 contentHash, bytes32 revocationKey)
        private
        view
        returns (Verification memory v)
    {
        v.contentHash = contentHash;
        if (r.anchoredAt == 0) return v;
        Revocation memory rv = _revocations[revocationKey];
        v.root = root;
        v.kind = r.kind;
        v.role = r.role;
        v.capacity = r.role == AnchorRole.None ? Capacity.Party : Capacity.Institution;
        v.submitter = r.submitter;
        v.memberId = hub().memberOf(r.submitter);
        v.anchoredAt = r.anchoredAt;
        v.caseId = r.caseId;
        v.revokedAt = rv.revokedAt;
        v.revokedBy = rv.by;
        v.supersededBy = rv.supersededBy;
        if (rv.revokedAt == 0) v.status = AnchorStatus.Active;
        else if (rv.supersededBy == bytes32(0)) v.status = AnchorStatus.Revoked;
        else v.status = AnchorStatus.Superseded;
    }

    function _existingService(uint256 serviceId) private view returns (Service storage s) {
        s = _services[serviceId];
        if (s.servedAt == 0) revert EvidenceUnknownService(serviceId);
    }

    function _openService(uint256 serviceId, bytes32 receiptHash) private view returns (Service storage s) {
        s = _existingService(serviceId);
        if (receiptHash == bytes32(0)) revert EvidenceZeroHash();
        if (s.acknowledgedAt != 0) revert EvidenceAlreadyAcknowledged(serviceId, s.acknowledgedAt, s.receiptHash);
    }

    function _acknowledge(uint256 serviceId, Service storage s, bytes32 receiptHash, bool bySignature) private {
        s.receiptHash = receiptHash;
        s.acknowledgedAt = SafeCast.toUint40(block.timestamp);
        s.acknowledgedBy = msg.sender;
        s.bySignature = bySignature;
        emit Acknowledged(serviceId, receiptHash, s.recipientAccount, msg.sender, bySignature);
    }

    function _leaf(bytes32 contentHash) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(contentHash))));
    }

    function _memberKey(bytes32 root, bytes32 contentHash) private pure returns (bytes32) {
        return keccak256(abi.encode(root, contentHash));
    }

    function _revocationKey(bytes32 key, address anchorer) private pure returns (bytes32) {
        return keccak256(abi.encode(key, anchorer));
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {IEvidenceRegistry} from "../interfaces/IEvidenceRegistry.sol";

/// @title EvidenceRegistry
/// @notice Anchoring of judicial data by content hash, Merkle batches, revocation and supersession, and service of
/// process with receipts. See {IEvidenceRegistry}.
contract EvidenceRegistry is IEvidenceRegistry, HubGuarded, EIP712 {
    bytes32 private constant _ACK_TYPEHASH =
        keccak256("Acknowledgement(uint256 serviceId,bytes32 receiptHash,uint256 nonce,uint256 deadline)");

    // ------------------------------------------------------------------ state

    mapping(bytes32 => Record) private _records;
    mapping(bytes32 => Record) private _batches;
    /// @dev keyed by `contentHash` for a single anchor, by keccak256(root, contentHash) for a batch member
    mapping(bytes32 => Revocation) private _revocations;
    mapping(uint256 => Service) private _services;
    uint256 private _serviceCount;
    mapping(address => uint256) private _nonces;

    constructor(ICourtConsortium hub_) HubGuarded(hub_) EIP712("courtchain EvidenceRegistry", "1") {}

    // ------------------------------------------------------------------ anchoring

    /// @inheritdoc IEvidenceRegistry
    function anchor(bytes32 contentHash, DocumentKind kind, uint64 caseId, AnchorRole role) external {
        if (contentHash == bytes32(0)) revert EvidenceZeroHash();
        Capacity capacity = _checkCapacity(kind, caseId, role);
        Record storage existing = _records[contentHash];
        if (existing.anchoredAt != 0) {
            revert EvidenceAlreadyAnchored(
                contentHash, existing.submitter, existing.anchoredAt, existing.kind, existing.caseId, existing.capacity
            );
        }
        _records[contentHash] = Record(msg.sender, uint40(block.timestamp), uint40(caseId), kind, capacity);
        emit Anchored(contentHash, msg.sender, caseId, kind, role);
    }

    /// @inheritdoc IEvidenceRegistry
    function anchorBatch(bytes32 root, uint32 count, DocumentKind kind, uint64 caseId, AnchorRole role) external {
        if (root == bytes32(0)) revert EvidenceZeroHash();
        if (count == 0) revert EvidenceInvalidBatchSize(count);
        Capacity capacity = _checkCapacity(kind, caseId, role);
        Record storage existing = _batches[root];
        if (existing.anchoredAt != 0) {
            revert EvidenceBatchAlreadyAnchored(root, existing.submitter, existing.anchoredAt, existing.kind, existing.caseId);
        }
        _batches[root] = Record(msg.sender, uint40(block.timestamp), uint40(caseId), kind, capacity);
        emit BatchAnchored(root, msg.sender, caseId, kind, role, count);
    }

    /// @inheritdoc IEvidenceRegistry
    function revoke(bytes32 contentHash, bytes32 supersededBy) external {
        Record memory r = _records[contentHash];
        if (r.anchoredAt == 0) revert EvidenceNotAnchored(contentHash);
        _revoke(contentHash, bytes32(0), contentHash, r.submitter, supersededBy);
    }

    /// @inheritdoc IEvidenceRegistry
    function revokeBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof, bytes32 supersededBy)
        external
    {
        Record memory b = _batches[root];
        if (b.anchoredAt == 0) revert EvidenceUnknownBatch(root);
        if (!MerkleProof.verifyCalldata(proof, root, _leaf(contentHash))) revert EvidenceInvalidProof(root, contentHash);
        _revoke(_memberKey(root, contentHash), root, contentHash, b.submitter, supersededBy);
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
        if (deemedServedAt < block.timestamp) revert EvidenceDeemedTimeInPast(deemedServedAt, uint64(block.timestamp));
        if (deemedServedAt > type(uint40).max) revert EvidenceTimeTooLarge(deemedServedAt);
        serviceId = ++_serviceCount;
        Service storage s = _services[serviceId];
        s.documentHash = documentHash;
        s.recipient = recipient;
        s.server = msg.sender;
        s.servedAt = uint40(block.timestamp);
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

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEvidenceRegistry
    function verify(bytes32 contentHash) external view returns (Verification memory v) {
        Record memory r = _records[contentHash];
        v.contentHash = contentHash;
        if (r.anchoredAt == 0) return v;
        _fill(v, r, _revocations[contentHash]);
    }

    /// @inheritdoc IEvidenceRegistry
    function verifyBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof)
        external
        view
        returns (Verification memory v)
    {
        Record memory b = _batches[root];
        v.contentHash = contentHash;
        if (b.anchoredAt == 0 || !MerkleProof.verifyCalldata(proof, root, _leaf(contentHash))) return v;
        v.root = root;
        _fill(v, b, _revocations[_memberKey(root, contentHash)]);
    }

    /// @inheritdoc IEvidenceRegistry
    function getRecord(bytes32 contentHash) external view returns (Record memory) {
        return _records[contentHash];
    }

    /// @inheritdoc IEvidenceRegistry
    function getBatch(bytes32 root) external view returns (Record memory) {
        return _batches[root];
    }

    /// @inheritdoc IEvidenceRegistry
    function getRevocation(bytes32 root, bytes32 contentHash) external view returns (Revocation memory) {
        return _revocations[root == bytes32(0) ? contentHash : _memberKey(root, contentHash)];
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
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ internal

    function _checkCapacity(DocumentKind kind, uint64 caseId, AnchorRole role) private view returns (Capacity) {
        if (kind == DocumentKind.None) revert EvidenceInvalidKind(kind);
        if (caseId > type(uint40).max) revert EvidenceCaseIdTooLarge(caseId);
        if (role == AnchorRole.None) {
            if (kind != DocumentKind.Evidence) revert EvidencePartyKind(kind);
            return Capacity.Party;
        }
        _checkRole(_roleId(role), msg.sender);
        return Capacity.Institution;
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

    function _revoke(bytes32 key, bytes32 root, bytes32 contentHash, address submitter, bytes32 supersededBy) private {
        if (msg.sender != submitter && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert EvidenceNotSubmitterOrJudge(msg.sender, submitter);
        }
        if (supersededBy == contentHash) revert EvidenceSelfSupersession(contentHash);
        Revocation storage rv = _revocations[key];
        if (rv.revokedAt != 0) revert EvidenceAlreadyRevoked(contentHash, root, rv.revokedAt, rv.supersededBy);
        rv.by = msg.sender;
        rv.revokedAt = uint40(block.timestamp);
        rv.supersededBy = supersededBy;
        emit Revoked(contentHash, root, msg.sender, supersededBy);
    }

    function _fill(Verification memory v, Record memory r, Revocation memory rv) private view {
        v.kind = r.kind;
        v.capacity = r.capacity;
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
        s.acknowledgedAt = uint40(block.timestamp);
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
}

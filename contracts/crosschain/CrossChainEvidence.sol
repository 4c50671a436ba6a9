// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICrossChainApp} from "../interfaces/ICrossChainApp.sol";
import {ICrossChainEvidence} from "../interfaces/ICrossChainEvidence.sol";
import {ICrossChainOutbox} from "../interfaces/ICrossChainOutbox.sol";
import {IEvidenceRegistry} from "../interfaces/IEvidenceRegistry.sol";

/// @title CrossChainEvidence
/// @notice Anchors exported from one chain and verified on another. See {ICrossChainEvidence}.
contract CrossChainEvidence is ICrossChainEvidence, HubGuarded {
    uint16 internal constant KIND_ANCHOR = 1;

    struct Export {
        bytes32 contentHash;
        address anchorer;
    }

    mapping(uint64 => address) private _peers;
    mapping(uint64 => mapping(uint64 => Export)) private _exports; // dest chain => sequence => export
    mapping(bytes32 => mapping(address => mapping(uint64 => bool))) private _exported; // hash => anchorer => chain
    mapping(bytes32 => ImportedAnchor[]) private _imported;
    mapping(bytes32 => mapping(uint64 => mapping(address => bool))) private _isImported; // hash => chain => anchorer

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    /// @inheritdoc ICrossChainEvidence
    function exportAnchor(bytes32 contentHash, uint64 destChainId, uint64 timeoutTimestamp)
        external
        returns (uint64 sequence)
    {
        address peer_ = _peers[destChainId];
        if (peer_ == address(0)) revert CrossChainEvidenceNoPeer(destChainId);
        IEvidenceRegistry.Verification memory v =
            IEvidenceRegistry(_suite(SuiteKeys.EVIDENCE_REGISTRY)).verifyBy(contentHash, msg.sender);
        if (v.status != IEvidenceRegistry.AnchorStatus.Active) revert CrossChainEvidenceNotAnchored(contentHash, msg.sender);
        if (_exported[contentHash][msg.sender][destChainId]) {
            revert CrossChainEvidenceAlreadyExported(contentHash, msg.sender, destChainId);
        }
        _exported[contentHash][msg.sender][destChainId] = true;
        bytes memory payload =
            abi.encode(contentHash, v.kind, v.capacity, v.role, msg.sender, v.memberId, v.anchoredAt);
        (ICrossChainOutbox.Envelope memory env,) = ICrossChainOutbox(_suite(SuiteKeys.CROSSCHAIN_OUTBOX)).send(
            destChainId, peer_, KIND_ANCHOR, payload, 0, timeoutTimestamp
        );
        sequence = env.sequence;
        _exports[destChainId][sequence] = Export(contentHash, msg.sender);
        emit AnchorExported(contentHash, destChainId, msg.sender, sequence);
    }

    /// @inheritdoc ICrossChainApp
    function onCrossChainMessage(ICrossChainOutbox.Envelope calldata envelope, bytes calldata payload) external {
        if (msg.sender != _suite(SuiteKeys.CROSSCHAIN_INBOX) || msg.sender == address(0)) {
            revert CrossChainEvidenceOnlyInbox(msg.sender);
        }
        if (envelope.sourceContract != _peers[envelope.sourceChainId]) {
            revert CrossChainEvidenceWrongPeer(envelope.sourceChainId, envelope.sourceContract);
        }
        (
            bytes32 contentHash,
            IEvidenceRegistry.DocumentKind kind,
            IEvidenceRegistry.Capacity capacity,
            IEvidenceRegistry.AnchorRole role,
            address anchorer,
            uint32 memberId,
            uint64 anchoredAt
        ) = abi.decode(
            payload,
            (bytes32, IEvidenceRegistry.DocumentKind, IEvidenceRegistry.Capacity, IEvidenceRegistry.AnchorRole, address, uint32, uint64)
        );
        if (_isImported[contentHash][envelope.sourceChainId][anchorer]) return; // the exporter refuses duplicates
        _isImported[contentHash][envelope.sourceChainId][anchorer] = true;
        _imported[contentHash].push(
            ImportedAnchor(
                envelope.sourceChainId,
                anchoredAt,
                SafeCast.toUint64(block.timestamp),
                memberId,
                kind,
                capacity,
                role,
                anchorer
            )
        );
        emit AnchorImported(contentHash, envelope.sourceChainId, anchorer, memberId, kind, anchoredAt);
    }

    /// @inheritdoc ICrossChainApp
    function onCrossChainTimeout(ICrossChainOutbox.Envelope calldata envelope) external {
        if (msg.sender != _suite(SuiteKeys.CROSSCHAIN_OUTBOX) || msg.sender == address(0)) {
            revert CrossChainEvidenceOnlyOutbox(msg.sender);
        }
        Export memory e = _exports[envelope.destChainId][envelope.sequence];
        delete _exports[envelope.destChainId][envelope.sequence];
        _exported[e.contentHash][e.anchorer][envelope.destChainId] = false; // it may be exported again
        emit AnchorExportTimedOut(e.contentHash, envelope.destChainId, e.anchorer, envelope.sequence);
    }

    /// @inheritdoc ICrossChainEvidence
    function setPeer(uint64 chainId, address peer_) external onlyGovernance {
        if (peer_ == address(0)) revert CrossChainEvidenceZeroAddress();
        address previous = _peers[chainId];
        _peers[chainId] = peer_;
        emit EvidencePeerSet(chainId, peer_, previous);
    }

    /// @inheritdoc ICrossChainEvidence
    function peer(uint64 chainId) external view returns (address) {
        return _peers[chainId];
    }

    /// @inheritdoc ICrossChainEvidence
    function importedAnchors(bytes32 contentHash) external view returns (ImportedAnchor[] memory) {
        return _imported[contentHash];
    }
}

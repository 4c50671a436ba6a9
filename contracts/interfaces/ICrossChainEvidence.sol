// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainApp} from "./ICrossChainApp.sol";
import {IEvidenceRegistry} from "./IEvidenceRegistry.sol";

/// @title ICrossChainEvidence
/// @notice A document anchored on one chain (a notary's) verified on another (the court's). The anchoring account
/// exports its own active anchor (`exportAnchor`); the message carries the document's hash and the anchor's facts
/// (kind, capacity, role, anchorer, member, time), never the document. On the receiving chain the anchor is recorded
/// by hash (`importedAnchors`), so a court verifies a file there as it verifies its own anchors: hash the file, look
/// the hash up.
interface ICrossChainEvidence is ICrossChainApp {
    struct ImportedAnchor {
        uint64 sourceChainId;
        uint64 anchoredAt;
        uint64 importedAt;
        uint32 memberId;
        IEvidenceRegistry.DocumentKind kind;
        IEvidenceRegistry.Capacity capacity;
        IEvidenceRegistry.AnchorRole role;
        address anchorer;
    }

    event EvidencePeerSet(uint64 indexed chainId, address indexed peer, address previous);
    event AnchorExported(bytes32 indexed contentHash, uint64 indexed destChainId, address indexed anchorer, uint64 sequence);
    event AnchorExportTimedOut(
        bytes32 indexed contentHash, uint64 indexed destChainId, address indexed anchorer, uint64 sequence
    );
    event AnchorImported(
        bytes32 indexed contentHash,
        uint64 indexed sourceChainId,
        address indexed anchorer,
        uint32 memberId,
        IEvidenceRegistry.DocumentKind kind,
        uint64 anchoredAt
    );

    error CrossChainEvidenceNoPeer(uint64 chainId);
    error CrossChainEvidenceNotAnchored(bytes32 contentHash, address anchorer);
    error CrossChainEvidenceAlreadyExported(bytes32 contentHash, address anchorer, uint64 destChainId);
    error CrossChainEvidenceOnlyInbox(address caller);
    error CrossChainEvidenceOnlyOutbox(address caller);
    error CrossChainEvidenceWrongPeer(uint64 chainId, address sourceContract);
    error CrossChainEvidenceZeroAddress();

    /// @notice Export the caller's own active anchor of `contentHash` to chain `destChainId`.
    /// @param timeoutTimestamp receiving chain's time from which it can no longer be delivered
    /// @return sequence the message's sequence
    /// Emits `AnchorExported`. Requirements: a peer for `destChainId`; the caller's anchor of the hash is active in
    /// this chain's EvidenceRegistry; not exported to that chain yet; timeout not 0.
    function exportAnchor(bytes32 contentHash, uint64 destChainId, uint64 timeoutTimestamp)
        external
        returns (uint64 sequence);

    /// @notice Set the peer contract on chain `chainId`. Emits `EvidencePeerSet`.
    /// Requirements: an executed hub proposal; peer not 0.
    function setPeer(uint64 chainId, address peer) external;

    function peer(uint64 chainId) external view returns (address);

    /// @notice Every anchor of `contentHash` imported from other chains (at most one per source chain and anchorer).
    function importedAnchors(bytes32 contentHash) external view returns (ImportedAnchor[] memory);
}

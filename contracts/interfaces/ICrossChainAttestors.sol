// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainVerifier} from "./ICrossChainVerifier.sol";

/// @title ICrossChainAttestors
/// @notice The attestor-set verifier: for each peer chain, N attestors (relayer accounts of different member
/// organisations) and a threshold M. A proof is `abi.encode(address[] signers, bytes[] signatures)`, signers in
/// strictly ascending order (so one attestor cannot count twice), each signature an EIP-712 signature (ECDSA, or
/// ERC-1271 for a contract attestor) over the struct hash under this contract's domain
/// (name "CourtchainCrossChain", version "1", this chain's id, this contract). The set and threshold change only by
/// executed hub proposals.
interface ICrossChainAttestors is ICrossChainVerifier {
    event AttestorAdded(uint64 indexed peerChainId, address indexed attestor, uint16 attestorCount);
    event AttestorRemoved(uint64 indexed peerChainId, address indexed attestor, uint16 attestorCount);
    event AttestorThresholdChanged(uint64 indexed peerChainId, uint16 previous, uint16 current);

    error CrossChainNotAttestor(uint64 peerChainId, address account);
    error CrossChainAttestorAlreadyAdded(uint64 peerChainId, address account);
    error CrossChainInvalidThreshold(uint64 peerChainId, uint16 threshold, uint16 attestorCount);
    error CrossChainMalformedProof();
    error CrossChainSignersNotSorted(uint256 index);
    error CrossChainBadSignature(address signer);
    error CrossChainTooFewSignatures(uint64 peerChainId, uint256 valid, uint16 threshold);

    /// @notice Add `attestor` for messages of `peerChainId`. Emits `AttestorAdded`.
    /// Requirements: an executed hub proposal; not 0; not already an attestor of that chain.
    function addAttestor(uint64 peerChainId, address attestor) external;

    /// @notice Remove `attestor`. Emits `AttestorRemoved`.
    /// Requirements: an executed hub proposal; an attestor of that chain; the threshold stays at most the count.
    function removeAttestor(uint64 peerChainId, address attestor) external;

    /// @notice Set M for `peerChainId`. Emits `AttestorThresholdChanged`.
    /// Requirements: an executed hub proposal; 1 <= threshold <= attestor count.
    function setThreshold(uint64 peerChainId, uint16 threshold) external;

    /// @notice Whether `account` attests for `peerChainId`.
    function isAttestor(uint64 peerChainId, address account) external view returns (bool);

    /// @notice (N, M) for `peerChainId`.
    function attestorSet(uint64 peerChainId) external view returns (uint16 attestorCount, uint16 threshold);

    /// @notice The EIP-712 digest an attestor signs for `structHash` here.
    function digest(bytes32 structHash) external view returns (bytes32);
}

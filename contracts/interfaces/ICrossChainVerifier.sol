// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title ICrossChainVerifier
/// @notice Proves that a peer chain committed to a hash: an envelope its outbox sent (checked by the inbox) or a
/// receipt its inbox wrote (checked by the outbox). The proof is opaque to the caller: an attestor-set verifier reads
/// M-of-N EIP-712 signatures; a light client would read a verified header and a storage proof of the same commitment.
interface ICrossChainVerifier {
    /// @notice Revert unless `proof` shows that chain `peerChainId` committed to `structHash`.
    /// @param peerChainId the chain whose commitment is proved
    /// @param structHash the EIP-712 struct hash of the envelope or receipt
    /// @param proof the verifier's own proof format
    function verify(uint64 peerChainId, bytes32 structHash, bytes calldata proof) external view;
}

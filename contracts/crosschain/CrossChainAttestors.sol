// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICrossChainAttestors} from "../interfaces/ICrossChainAttestors.sol";
import {ICrossChainVerifier} from "../interfaces/ICrossChainVerifier.sol";

/// @title CrossChainAttestors
/// @notice M-of-N attestor-set verifier of cross-chain commitments. See {ICrossChainAttestors}.
contract CrossChainAttestors is ICrossChainAttestors, EIP712, HubGuarded {
    mapping(uint64 => mapping(address => bool)) private _attestors;
    mapping(uint64 => uint16) private _counts;
    mapping(uint64 => uint16) private _thresholds;

    constructor(ICourtConsortium hub_) EIP712("CourtchainCrossChain", "1") HubGuarded(hub_) {}

    /// @inheritdoc ICrossChainVerifier
    function verify(uint64 peerChainId, bytes32 structHash, bytes calldata proof) external view {
        uint16 threshold = _thresholds[peerChainId];
        (address[] memory signers, bytes[] memory signatures) = _decode(proof);
        bytes32 d = _hashTypedDataV4(structHash);
        address previous = address(0);
        for (uint256 i = 0; i < signers.length; i++) {
            address signer = signers[i];
            if (signer <= previous) revert CrossChainSignersNotSorted(i);
            previous = signer;
            if (!_attestors[peerChainId][signer]) revert CrossChainNotAttestor(peerChainId, signer);
            if (!SignatureChecker.isValidSignatureNow(signer, d, signatures[i])) revert CrossChainBadSignature(signer);
        }
        if (threshold == 0 || signers.length < threshold) {
            revert CrossChainTooFewSignatures(peerChainId, signers.length, threshold);
        }
    }

    /// @inheritdoc ICrossChainAttestors
    function addAttestor(uint64 peerChainId, address attestor) external onlyGovernance {
        if (attestor == address(0)) revert CrossChainNotAttestor(peerChainId, attestor);
        if (_attestors[peerChainId][attestor]) revert CrossChainAttestorAlreadyAdded(peerChainId, attestor);
        _attestors[peerChainId][attestor] = true;
        uint16 count = ++_counts[peerChainId];
        emit AttestorAdded(peerChainId, attestor, count);
    }

    /// @inheritdoc ICrossChainAttestors
    function removeAttestor(uint64 peerChainId, address attestor) external onlyGovernance {
        if (!_attestors[peerChainId][attestor]) revert CrossChainNotAttestor(peerChainId, attestor);
        uint16 count = _counts[peerChainId] - 1;
        if (_thresholds[peerChainId] > count) {
            revert CrossChainInvalidThreshold(peerChainId, _thresholds[peerChainId], count);
        }
        _attestors[peerChainId][attestor] = false;
        _counts[peerChainId] = count;
        emit AttestorRemoved(peerChainId, attestor, count);
    }

    /// @inheritdoc ICrossChainAttestors
    function setThreshold(uint64 peerChainId, uint16 threshold) external onlyGovernance {
        uint16 count = _counts[peerChainId];
        if (threshold == 0 || threshold > count) revert CrossChainInvalidThreshold(peerChainId, threshold, count);
        uint16 previous = _thresholds[peerChainId];
        _thresholds[peerChainId] = threshold;
        emit AttestorThresholdChanged(peerChainId, previous, threshold);
    }

    /// @inheritdoc ICrossChainAttestors
    function isAttestor(uint64 peerChainId, address account) external view returns (bool) {
        return _attestors[peerChainId][account];
    }

    /// @inheritdoc ICrossChainAttestors
    function attestorSet(uint64 peerChainId) external view returns (uint16 attestorCount, uint16 threshold) {
        return (_counts[peerChainId], _thresholds[peerChainId]);
    }

    /// @inheritdoc ICrossChainAttestors
    function digest(bytes32 structHash) external view returns (bytes32) {
        return _hashTypedDataV4(structHash);
    }

    function _decode(bytes calldata proof) private pure returns (address[] memory signers, bytes[] memory signatures) {
        if (proof.length < 128) revert CrossChainMalformedProof();
        (signers, signatures) = abi.decode(proof, (address[], bytes[]));
        if (signers.length != signatures.length) revert CrossChainMalformedProof();
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICrossChainApp} from "../interfaces/ICrossChainApp.sol";
import {ICrossChainInbox} from "../interfaces/ICrossChainInbox.sol";
import {ICrossChainOutbox} from "../interfaces/ICrossChainOutbox.sol";
import {ICrossChainVerifier} from "../interfaces/ICrossChainVerifier.sol";
import {EnvelopeHash} from "./EnvelopeHash.sol";

/// @title CrossChainOutbox
/// @notice The sending end of cross-chain messaging. See {ICrossChainOutbox}.
contract CrossChainOutbox is ICrossChainOutbox, HubGuarded {
    uint256 private constant _MAX_PAYLOAD = 4096;

    mapping(address => mapping(uint64 => uint64)) private _lastSequence; // sender => dest chain => last sequence
    mapping(bytes32 => CommitmentStatus) private _commitments;
    mapping(uint64 => address) private _verifiers; // dest chain => verifier of its receipts

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    /// @inheritdoc ICrossChainOutbox
    function send(
        uint64 destChainId,
        address destContract,
        uint16 kind,
        bytes calldata payload,
        uint64 timeoutHeight,
        uint64 timeoutTimestamp
    ) external returns (Envelope memory envelope, bytes32 envelopeHash_) {
        uint64 here = SafeCast.toUint64(block.chainid);
        if (destChainId == 0 || destChainId == here || destContract == address(0)) {
            revert CrossChainInvalidDestination(destChainId, destContract);
        }
        if (timeoutHeight == 0 && timeoutTimestamp == 0) revert CrossChainNoTimeout();
        if (payload.length > _MAX_PAYLOAD) revert CrossChainPayloadTooLarge(payload.length, _MAX_PAYLOAD);
        uint64 sequence = ++_lastSequence[msg.sender][destChainId];
        envelope = Envelope(
            here, msg.sender, destChainId, destContract, sequence, kind, keccak256(payload), timeoutHeight, timeoutTimestamp
        );
        envelopeHash_ = EnvelopeHash.hash(envelope);
        _commitments[envelopeHash_] = CommitmentStatus.Sent;
        emit MessageSent(envelopeHash_, destChainId, msg.sender, sequence, envelope, payload);
    }

    /// @inheritdoc ICrossChainOutbox
    function confirmTimeout(Envelope calldata envelope, bytes calldata proof) external {
        bytes32 h = EnvelopeHash.hash(envelope);
        CommitmentStatus current = _commitments[h];
        if (current != CommitmentStatus.Sent) revert CrossChainUnexpectedCommitment(h, current, CommitmentStatus.Sent);
        address verifier = _verifiers[envelope.destChainId];
        if (verifier == address(0)) revert CrossChainNoVerifier(envelope.destChainId);
        ICrossChainVerifier(verifier).verify(
            envelope.destChainId, EnvelopeHash.receipt(h, uint8(ICrossChainInbox.ReceiptStatus.TimedOut)), proof
        );
        _commitments[h] = CommitmentStatus.TimedOut;
        emit MessageTimeoutConfirmed(h, envelope.destChainId, envelope.sourceContract, envelope.sequence, msg.sender);
        if (envelope.sourceContract.code.length != 0) {
            ICrossChainApp(envelope.sourceContract).onCrossChainTimeout(envelope);
        }
    }

    /// @inheritdoc ICrossChainOutbox
    function setDestinationVerifier(uint64 destChainId, address verifier) external onlyGovernance {
        if (verifier == address(0)) revert CrossChainZeroAddress();
        address previous = _verifiers[destChainId];
        _verifiers[destChainId] = verifier;
        emit DestinationVerifierSet(destChainId, verifier, previous);
    }

    /// @inheritdoc ICrossChainOutbox
    function nextSequence(address sender, uint64 destChainId) external view returns (uint64) {
        return _lastSequence[sender][destChainId] + 1;
    }

    /// @inheritdoc ICrossChainOutbox
    function commitment(bytes32 envelopeHash_) external view returns (CommitmentStatus) {
        return _commitments[envelopeHash_];
    }

    /// @inheritdoc ICrossChainOutbox
    function destinationVerifier(uint64 destChainId) external view returns (address) {
        return _verifiers[destChainId];
    }

    /// @inheritdoc ICrossChainOutbox
    function envelopeHash(Envelope calldata envelope) external pure returns (bytes32) {
        return EnvelopeHash.hash(envelope);
    }
}

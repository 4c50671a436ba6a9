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

/// @title CrossChainInbox
/// @notice The receiving end of cross-chain messaging. See {ICrossChainInbox}.
contract CrossChainInbox is ICrossChainInbox, HubGuarded {
    mapping(uint64 => mapping(address => Source)) private _sources;
    mapping(bytes32 => ReceiptStatus) private _receipts;

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    /// @inheritdoc ICrossChainInbox
    function deliver(ICrossChainOutbox.Envelope calldata envelope, bytes calldata payload, bytes calldata proof)
        external
    {
        (Source storage s, bytes32 h) = _check(envelope, proof);
        if (_timedOut(envelope)) revert CrossChainMessageTimedOut(h, envelope.timeoutHeight, envelope.timeoutTimestamp);
        bytes32 actual = keccak256(payload);
        if (actual != envelope.payloadHash) revert CrossChainPayloadMismatch(envelope.payloadHash, actual);
        s.nextSequence = envelope.sequence + 1;
        _receipts[h] = ReceiptStatus.Delivered;
        emit MessageDelivered(h, envelope.sourceChainId, envelope.sourceContract, envelope.sequence, envelope.kind, msg.sender);
        ICrossChainApp(envelope.destContract).onCrossChainMessage(envelope, payload);
    }

    /// @inheritdoc ICrossChainInbox
    function timeOut(ICrossChainOutbox.Envelope calldata envelope, bytes calldata proof) external {
        (Source storage s, bytes32 h) = _check(envelope, proof);
        if (!_timedOut(envelope)) revert CrossChainNotTimedOut(h, envelope.timeoutHeight, envelope.timeoutTimestamp);
        s.nextSequence = envelope.sequence + 1;
        _receipts[h] = ReceiptStatus.TimedOut;
        emit MessageTimedOut(h, envelope.sourceChainId, envelope.sourceContract, envelope.sequence, msg.sender);
    }

    /// @inheritdoc ICrossChainInbox
    function registerSource(uint64 sourceChainId, address sourceContract, address destContract, address verifier)
        external
        onlyGovernance
    {
        if (
            sourceChainId == 0 || sourceChainId == block.chainid || sourceContract == address(0)
                || destContract == address(0) || verifier == address(0)
        ) revert CrossChainInvalidSource();
        Source storage s = _sources[sourceChainId][sourceContract];
        s.active = true;
        s.destContract = destContract;
        s.verifier = verifier;
        if (s.nextSequence == 0) s.nextSequence = 1;
        emit SourceRegistered(sourceChainId, sourceContract, destContract, verifier);
    }

    /// @inheritdoc ICrossChainInbox
    function removeSource(uint64 sourceChainId, address sourceContract) external onlyGovernance {
        Source storage s = _sources[sourceChainId][sourceContract];
        if (!s.active) revert CrossChainUnknownSource(sourceChainId, sourceContract);
        s.active = false;
        emit SourceRemoved(sourceChainId, sourceContract);
    }

    /// @inheritdoc ICrossChainInbox
    function getSource(uint64 sourceChainId, address sourceContract) external view returns (Source memory) {
        return _sources[sourceChainId][sourceContract];
    }

    /// @inheritdoc ICrossChainInbox
    function receipt(bytes32 envelopeHash) external view returns (ReceiptStatus) {
        return _receipts[envelopeHash];
    }

    /// @inheritdoc ICrossChainInbox
    function receiptHash(bytes32 envelopeHash, ReceiptStatus status) external pure returns (bytes32) {
        return EnvelopeHash.receipt(envelopeHash, uint8(status));
    }

    /// @dev The checks `deliver` and `timeOut` share: destination, source, order, proof. Returns the source and the
    /// envelope's commitment.
    function _check(ICrossChainOutbox.Envelope calldata envelope, bytes calldata proof)
        private
        view
        returns (Source storage s, bytes32 h)
    {
        s = _sources[envelope.sourceChainId][envelope.sourceContract];
        if (!s.active) revert CrossChainUnknownSource(envelope.sourceChainId, envelope.sourceContract);
        if (envelope.destChainId != SafeCast.toUint64(block.chainid) || envelope.destContract != s.destContract) {
            revert CrossChainWrongDestination(envelope.destChainId, envelope.destContract);
        }
        h = EnvelopeHash.hash(envelope);
        uint64 expected = s.nextSequence;
        if (envelope.sequence < expected) revert CrossChainAlreadyProcessed(h, envelope.sequence, expected);
        if (envelope.sequence > expected) {
            revert CrossChainOutOfOrder(envelope.sourceChainId, envelope.sourceContract, expected, envelope.sequence);
        }
        ICrossChainVerifier(s.verifier).verify(envelope.sourceChainId, h, proof);
    }

    /// @dev Whether the envelope's timeout has passed on this chain (a timeout of 0 is not set).
    function _timedOut(ICrossChainOutbox.Envelope calldata envelope) private view returns (bool) {
        return (envelope.timeoutHeight != 0 && block.number >= envelope.timeoutHeight)
            || (envelope.timeoutTimestamp != 0 && block.timestamp >= envelope.timeoutTimestamp);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainOutbox} from "./ICrossChainOutbox.sol";

/// @title ICrossChainInbox
/// @notice The receiving end of cross-chain messaging. A message is accepted from a registered source (chain id,
/// contract), for the one destination contract registered with it, when the source's verifier accepts its proof;
/// exactly once, in order per source (sequence 1, 2, 3, ...), before its timeout judged on this chain. A message past
/// its timeout is marked timed out instead (with the same proof that it was sent, so nobody can skip a real message
/// with an invented one): the sequence moves on and the receipt lets the sending chain cancel.
interface ICrossChainInbox {
    /// @notice What became of a message here (`None` = neither delivered nor timed out).
    enum ReceiptStatus {
        None,
        Delivered,
        TimedOut
    }

    /// @notice A registered source: the contract its messages go to and the verifier of their proofs.
    struct Source {
        bool active;
        address destContract;
        address verifier;
        uint64 nextSequence;
    }

    event SourceRegistered(
        uint64 indexed sourceChainId, address indexed sourceContract, address indexed destContract, address verifier
    );
    event SourceRemoved(uint64 indexed sourceChainId, address indexed sourceContract);
    event MessageDelivered(
        bytes32 indexed envelopeHash,
        uint64 indexed sourceChainId,
        address indexed sourceContract,
        uint64 sequence,
        uint16 kind,
        address relayer
    );
    event MessageTimedOut(
        bytes32 indexed envelopeHash, uint64 indexed sourceChainId, address indexed sourceContract, uint64 sequence, address by
    );

    error CrossChainWrongDestination(uint64 destChainId, address destContract);
    error CrossChainUnknownSource(uint64 sourceChainId, address sourceContract);
    error CrossChainOutOfOrder(uint64 sourceChainId, address sourceContract, uint64 expected, uint64 sequence);
    error CrossChainAlreadyProcessed(bytes32 envelopeHash, uint64 sequence, uint64 nextSequence);
    error CrossChainMessageTimedOut(bytes32 envelopeHash, uint64 timeoutHeight, uint64 timeoutTimestamp);
    error CrossChainNotTimedOut(bytes32 envelopeHash, uint64 timeoutHeight, uint64 timeoutTimestamp);
    error CrossChainPayloadMismatch(bytes32 payloadHash, bytes32 actual);
    error CrossChainInvalidSource();

    /// @notice Deliver a message: checks it, records the receipt, then calls
    /// `destContract.onCrossChainMessage(envelope, payload)`.
    /// @param envelope the envelope as the source chain's outbox emitted it
    /// @param payload the payload bytes (their hash must be `envelope.payloadHash`)
    /// @param proof the source verifier's proof that the source chain sent this envelope
    /// Emits `MessageDelivered` (and the receiving contract's events).
    /// Requirements: destination is this chain and the contract registered for the source; the source is registered
    /// and active; `sequence` is the source's next; not timed out (height and timestamp of this chain); payload
    /// matches; proof accepted. Anyone may call (a relayer).
    function deliver(ICrossChainOutbox.Envelope calldata envelope, bytes calldata payload, bytes calldata proof)
        external;

    /// @notice Mark the source's next message timed out (its timeout has passed here): it can never be delivered; the
    /// sequence moves on; the receipt proves the timeout to the sending chain.
    /// Emits `MessageTimedOut`.
    /// Requirements: as `deliver`, except that the timeout must have passed (and no payload). Anyone may call.
    function timeOut(ICrossChainOutbox.Envelope calldata envelope, bytes calldata proof) external;

    /// @notice Register (or re-point) a source: its messages go to `destContract`, proved by `verifier`. Replacing the
    /// verifier (attestors by a light client) keeps the source's sequence.
    /// Emits `SourceRegistered`. Requirements: an executed hub proposal; no zero argument; sourceChainId not this chain.
    function registerSource(uint64 sourceChainId, address sourceContract, address destContract, address verifier)
        external;

    /// @notice Stop accepting messages of a source (its sequence is kept for a later re-registration).
    /// Emits `SourceRemoved`. Requirements: an executed hub proposal; the source active.
    function removeSource(uint64 sourceChainId, address sourceContract) external;

    /// @notice The registered source.
    function getSource(uint64 sourceChainId, address sourceContract) external view returns (Source memory);

    /// @notice The receipt of the message with commitment `envelopeHash`.
    function receipt(bytes32 envelopeHash) external view returns (ReceiptStatus);

    /// @notice The EIP-712 struct hash of `Receipt(bytes32 envelopeHash,uint8 status)`, what the sending chain's
    /// verifier is shown when a timeout is proved there.
    function receiptHash(bytes32 envelopeHash, ReceiptStatus status) external pure returns (bytes32);
}

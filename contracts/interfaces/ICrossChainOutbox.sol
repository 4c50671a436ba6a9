// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title ICrossChainOutbox
/// @notice The sending end of cross-chain messaging. A contract on this chain sends a message to a contract on another
/// chain; the outbox numbers it (a monotonic sequence per sender and destination chain), stores its commitment (the
/// hash of its envelope) and emits it with its payload. Relayers of the member organisations watch the event, attest
/// the envelope and deliver it to the destination chain's inbox. A message the destination chain judged timed out is
/// proved so here (`confirmTimeout`) and its sender is told, so it can cancel what it had started (try/cancel).
/// @dev The envelope is the same whatever proves it on the other side (attestor signatures now, a header-verifying light
/// client later): the proof is opaque bytes checked by a pluggable verifier. See docs/crosschain.md.
interface ICrossChainOutbox {
    // ------------------------------------------------------------------ types

    /// @notice A cross-chain message as both chains see it. The payload itself is not in the envelope, only its hash.
    /// @param sourceChainId chain id of the sending chain
    /// @param sourceContract the contract that called `send` on the sending chain
    /// @param destChainId chain id of the receiving chain
    /// @param destContract the contract that receives it on the receiving chain
    /// @param sequence 1, 2, 3, ... per (sourceContract, destChainId)
    /// @param kind the message type (the receiving application's, e.g. case transfer, confirm, cancel)
    /// @param payloadHash keccak256 of the payload bytes (the application's small encoded data; documents stay off
    /// chain, only their hashes are in the payload)
    /// @param timeoutHeight block number of the receiving chain from which the message can no longer be delivered
    /// (0: none)
    /// @param timeoutTimestamp block timestamp (seconds) of the receiving chain from which the message can no longer be
    /// delivered (0: none); at least one of the two timeouts is set
    struct Envelope {
        uint64 sourceChainId;
        address sourceContract;
        uint64 destChainId;
        address destContract;
        uint64 sequence;
        uint16 kind;
        bytes32 payloadHash;
        uint64 timeoutHeight;
        uint64 timeoutTimestamp;
    }

    /// @notice State of a message in the outbox (`None` = never sent).
    enum CommitmentStatus {
        None,
        Sent,
        TimedOut
    }

    // ------------------------------------------------------------------ events

    event MessageSent(
        bytes32 indexed envelopeHash,
        uint64 indexed destChainId,
        address indexed sourceContract,
        uint64 sequence,
        Envelope envelope,
        bytes payload
    );
    event MessageTimeoutConfirmed(
        bytes32 indexed envelopeHash, uint64 indexed destChainId, address indexed sourceContract, uint64 sequence, address by
    );
    event DestinationVerifierSet(uint64 indexed destChainId, address indexed verifier, address previous);

    // ------------------------------------------------------------------ errors

    error CrossChainInvalidDestination(uint64 destChainId, address destContract);
    error CrossChainNoTimeout();
    error CrossChainPayloadTooLarge(uint256 size, uint256 maximum);
    error CrossChainUnexpectedCommitment(bytes32 envelopeHash, CommitmentStatus current, CommitmentStatus expected);
    error CrossChainNoVerifier(uint64 chainId);
    error CrossChainZeroAddress();

    // ------------------------------------------------------------------ functions

    /// @notice Send a message from the caller to `destContract` on chain `destChainId`.
    /// @param destChainId the receiving chain (not this one, not 0)
    /// @param destContract the receiving contract there (not 0)
    /// @param kind the message type
    /// @param payload the application's data (at most 4096 bytes; its hash goes in the envelope)
    /// @param timeoutHeight receiving chain's block number from which delivery is refused (0: none)
    /// @param timeoutTimestamp receiving chain's timestamp from which delivery is refused (0: none)
    /// @return envelope the envelope, with its sequence
    /// @return envelopeHash the commitment relayers attest (the EIP-712 struct hash of the envelope)
    /// Emits `MessageSent`.
    /// Requirements: at least one timeout set; anyone may send (the sequence is per sender, so nobody can take or
    /// stall another sender's sequence; the receiving chain accepts only sources its governors registered).
    function send(
        uint64 destChainId,
        address destContract,
        uint16 kind,
        bytes calldata payload,
        uint64 timeoutHeight,
        uint64 timeoutTimestamp
    ) external returns (Envelope memory envelope, bytes32 envelopeHash);

    /// @notice Record that the receiving chain judged `envelope` timed out (it was never delivered and never will be),
    /// and tell its sender (`onCrossChainTimeout`), which cancels what it had started.
    /// @param envelope the envelope as sent
    /// @param proof proof, checked by the verifier set for the destination chain, of the receiving chain's receipt
    /// `Receipt(envelopeHash, TimedOut)`
    /// Emits `MessageTimeoutConfirmed` (and the sender's own events).
    /// Requirements: the message was sent here and not yet confirmed timed out; a verifier is set for its
    /// destination chain and accepts the proof. Anyone may call.
    function confirmTimeout(Envelope calldata envelope, bytes calldata proof) external;

    /// @notice Set the verifier of receipts from chain `destChainId` (attestor set or light client).
    /// Emits `DestinationVerifierSet`. Requirements: an executed hub proposal; verifier not 0.
    function setDestinationVerifier(uint64 destChainId, address verifier) external;

    /// @notice The sequence the next message from `sender` to `destChainId` will carry.
    function nextSequence(address sender, uint64 destChainId) external view returns (uint64);

    /// @notice State of the message with commitment `envelopeHash`.
    function commitment(bytes32 envelopeHash) external view returns (CommitmentStatus);

    /// @notice The verifier of receipts from `destChainId` (0 if none).
    function destinationVerifier(uint64 destChainId) external view returns (address);

    /// @notice The commitment of `envelope` (its EIP-712 struct hash).
    function envelopeHash(Envelope calldata envelope) external pure returns (bytes32);
}

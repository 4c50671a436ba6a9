// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainApp} from "./ICrossChainApp.sol";

/// @title ICrossChainCases
/// @notice Case transfer between organs on different chains, try/confirm/cancel. On the sending chain a court's
/// clerk, registrar or judge sends the case (`sendCase`): the docket locks it as in transfer (it stays with the court
/// and nobody can act on it or transfer it again) and a CASE_TRANSFER message goes to the peer contract on the
/// receiving chain. There the receiving organ (a procuratorate, or a court) accepts it (`acceptCase`: a CASE_CONFIRM
/// goes back and the sending docket marks it transferred, with no holder left there) or returns it (`returnCase`: a
/// CASE_CANCEL goes back and the sending docket unlocks it). If the transfer is not delivered before its timeout,
/// the timeout proved on the sending chain unlocks it. So the case is never held in two places nor lost.
/// A reply (confirm or cancel) that itself times out is sent again by anyone's call (`resendReply`). A case whose
/// receiving organ is no active court or procuratorate on the receiving chain is returned at once (`CaseReturned` by
/// the contract itself, reason `keccak256("CrossChainCases: no such organ")`).
interface ICrossChainCases is ICrossChainApp {
    enum OutgoingStatus {
        None,
        Pending,
        Transferred,
        Returned,
        TimedOut
    }

    enum IncomingStatus {
        None,
        Pending,
        Accepted,
        Returned
    }

    struct Outgoing {
        OutgoingStatus status;
        uint64 destChainId;
        uint64 sequence;
        uint32 toMember;
        uint256 transferIndex;
        bytes32 documentsHash;
    }

    struct Incoming {
        IncomingStatus status;
        uint64 sourceChainId;
        uint32 fromMember;
        uint32 toMember;
        uint64 receivedAt;
        uint64 decidedAt;
        uint256 sourceCaseId;
        bytes32 documentsHash;
        bytes32 reasonHash;
        string caseNumber;
    }

    event CasePeerSet(uint64 indexed chainId, address indexed peer, address previous);
    event CaseSentOut(
        uint256 indexed caseId,
        uint64 indexed destChainId,
        uint32 indexed toMember,
        uint64 sequence,
        bytes32 envelopeHash,
        bytes32 documentsHash,
        address by
    );
    event CaseOutSettled(uint256 indexed caseId, uint64 indexed destChainId, OutgoingStatus status, uint64 sequence);
    event CaseReceived(
        uint256 indexed incomingId,
        uint64 indexed sourceChainId,
        uint256 indexed sourceCaseId,
        uint32 fromMember,
        uint32 toMember,
        bytes32 documentsHash,
        string caseNumber
    );
    event CaseAccepted(uint256 indexed incomingId, uint32 indexed toMember, address indexed by, uint64 replySequence);
    event CaseReturned(
        uint256 indexed incomingId, uint32 indexed toMember, address indexed by, bytes32 reasonHash, uint64 replySequence
    );
    event CaseReplyTimedOut(uint256 indexed incomingId, uint64 sequence);
    event CaseReplyResent(uint256 indexed incomingId, uint64 sequence, address by);

    error CrossChainCasesNoPeer(uint64 chainId);
    error CrossChainCasesOnlyInbox(address caller);
    error CrossChainCasesOnlyOutbox(address caller);
    error CrossChainCasesWrongPeer(uint64 chainId, address sourceContract);
    error CrossChainCasesUnknownKind(uint16 kind);
    error CrossChainCasesNotPending(uint256 caseId);
    error CrossChainCasesUnknownIncoming(uint256 incomingId);
    error CrossChainCasesUnexpectedIncoming(uint256 incomingId, IncomingStatus current, IncomingStatus expected);
    error CrossChainCasesNotReceivingOrgan(uint256 incomingId, uint32 toMember, address account);
    error CrossChainCasesNoReplyToResend(uint256 incomingId);
    error CrossChainCasesZeroAddress();

    /// @notice Send case `caseId` to organ `toMember` (a member id on chain `destChainId`).
    /// @param timeoutTimestamp receiving chain's time from which the transfer can no longer be delivered
    /// @return sequence the message's sequence
    /// Emits `CaseSentOut` (and the docket's `CaseTransferInitiated`, the outbox's `MessageSent`).
    /// Requirements: a peer for `destChainId`; caller acts for the case's holder (as `ICaseDocket.transferCase`);
    /// the case docketed or judged, no transfer pending; documentsHash not 0; timeout not 0.
    function sendCase(
        uint256 caseId,
        uint64 destChainId,
        uint32 toMember,
        bytes32 documentsHash,
        uint64 timeoutTimestamp
    ) external returns (uint64 sequence);

    /// @notice Accept a received case; a CASE_CONFIRM goes back. Emits `CaseAccepted`.
    /// Requirements: the incoming case pending; caller an account of the active receiving member holding CLERK or
    /// REGISTRAR (or JUDGE for a court).
    function acceptCase(uint256 incomingId) external;

    /// @notice Return a received case; a CASE_CANCEL goes back. Emits `CaseReturned`.
    /// Requirements: as `acceptCase`; `reasonHash` the hash of the written reasons (may be 0).
    function returnCase(uint256 incomingId, bytes32 reasonHash) external;

    /// @notice Send again a reply whose message timed out. Emits `CaseReplyResent`. Anyone may call.
    function resendReply(uint256 incomingId) external;

    /// @notice Set the peer contract on chain `chainId`. Emits `CasePeerSet`.
    /// Requirements: an executed hub proposal; peer not 0.
    function setPeer(uint64 chainId, address peer) external;

    function peer(uint64 chainId) external view returns (address);
    function getOutgoing(uint256 caseId) external view returns (Outgoing memory);
    function getIncoming(uint256 incomingId) external view returns (Incoming memory);
    function incomingCount() external view returns (uint256);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title IEvidenceRegistry
/// @notice Tamper-proof anchoring of judicial data by content hash (SHA-256 of the file, as bytes32; the document never
/// goes on chain), single or as a Merkle batch, with revocation and supersession (never deletion), service of process
/// with receipts, and verification views that return everything a verifier needs in one call.
/// @dev Case reference: the CaseDocket case id (`uint64`, 0 = not tied to a case), stored in 40 bits so that a single
/// anchor fits in one storage slot; ids above 2^40-1 are refused.
/// Batch leaf encoding (OpenZeppelin StandardMerkleTree, value types `["bytes32"]`):
/// `leaf = keccak256(bytes.concat(keccak256(abi.encode(contentHash))))`; inner nodes hash the sorted pair
/// (OpenZeppelin MerkleProof 4.9.6).
interface IEvidenceRegistry {
    // ------------------------------------------------------------------ types

    /// @notice What a document is. `None` means "no such record".
    enum DocumentKind {
        None,
        CaseFile,
        Evidence,
        ServedDocument,
        ReceiptOfService,
        Archive,
        StatisticalReport,
        MediationRecord,
        Judgment
    }

    /// @notice In which capacity a record was made: by a member's account acting under one of its roles, or by a
    /// party (any account) acting as itself.
    enum Capacity {
        None,
        Institution,
        Party
    }

    /// @notice The role an account anchors under: `None` anchors as a party (itself); the others are institutional
    /// roles held in the hub (JUDGE, CLERK, REGISTRAR, MEDIATOR, ENFORCEMENT_OFFICER). An enum rather than the role
    /// id keeps the calldata of an anchoring one byte instead of 32 non-zero bytes.
    enum AnchorRole {
        None,
        Judge,
        Clerk,
        Registrar,
        Mediator,
        EnforcementOfficer
    }

    /// @notice State of an anchored document; derived from the record and its revocation. `None` = not anchored (or,
    /// for a batch member, the proof does not lead to an anchored root).
    enum AnchorStatus {
        None,
        Active,
        Revoked,
        Superseded
    }

    /// @notice Service state; `DeemedServed` is derived from time, never stored.
    enum ServiceStatus {
        None,
        Pending,
        Acknowledged,
        DeemedServed
    }

    /// @notice How a document was served.
    enum ServiceMethod {
        None,
        Electronic,
        Personal,
        Post,
        Publication
    }

    /// @notice A single anchor or a batch root, packed into one storage slot.
    struct Record {
        address submitter;
        uint40 anchoredAt;
        uint40 caseId;
        DocumentKind kind;
        Capacity capacity;
    }

    /// @notice A revocation or supersession: when, by whom, and (for a supersession) the superseding content hash.
    struct Revocation {
        address by;
        uint40 revokedAt;
        bytes32 supersededBy;
    }

    /// @notice Everything a verifier needs about one document, in one answer.
    /// @dev `root` is zero for a single anchor; `memberId` is the submitter's member in the hub now (0 for an account
    /// that is not a member's operator account, or no longer is).
    struct Verification {
        AnchorStatus status;
        bytes32 contentHash;
        bytes32 root;
        DocumentKind kind;
        Capacity capacity;
        address submitter;
        uint32 memberId;
        uint64 anchoredAt;
        uint64 caseId;
        uint64 revokedAt;
        address revokedBy;
        bytes32 supersededBy;
    }

    struct Service {
        bytes32 documentHash;
        bytes32 recipient;
        address server;
        uint40 servedAt;
        uint40 deemedServedAt;
        ServiceMethod method;
        uint64 caseId;
        address recipientAccount;
        bytes32 receiptHash;
        uint40 acknowledgedAt;
        address acknowledgedBy;
        bool bySignature;
    }

    // ------------------------------------------------------------------ events

    /// @notice A document was anchored under `role` (`None`: by a party as itself, else as an institution). The
    /// submitter's member is in the hub's `AccountAdded` events (kept out of this event to keep anchoring cheap).
    event Anchored(
        bytes32 indexed contentHash, address indexed submitter, uint64 indexed caseId, DocumentKind kind, AnchorRole role
    );
    /// @notice A Merkle root over `count` documents was anchored.
    event BatchAnchored(
        bytes32 indexed root,
        address indexed submitter,
        uint64 indexed caseId,
        DocumentKind kind,
        AnchorRole role,
        uint32 count
    );
    /// @notice A record was revoked (`supersededBy` zero) or superseded. `root` is zero for a single anchor.
    event Revoked(bytes32 indexed contentHash, bytes32 indexed root, address indexed by, bytes32 supersededBy);
    event Served(
        uint256 indexed serviceId,
        bytes32 indexed documentHash,
        bytes32 indexed recipient,
        uint64 caseId,
        ServiceMethod method,
        address recipientAccount,
        address server,
        uint64 deemedServedAt
    );
    event Acknowledged(
        uint256 indexed serviceId, bytes32 indexed receiptHash, address indexed recipientAccount, address relayer, bool bySignature
    );

    // ------------------------------------------------------------------ errors

    error EvidenceZeroHash();
    error EvidenceInvalidKind(DocumentKind kind);
    error EvidencePartyKind(DocumentKind kind);
        error EvidenceCaseIdTooLarge(uint64 caseId);
    error EvidenceAlreadyAnchored(
        bytes32 contentHash, address submitter, uint64 anchoredAt, DocumentKind kind, uint64 caseId, Capacity capacity
    );
    error EvidenceBatchAlreadyAnchored(bytes32 root, address submitter, uint64 anchoredAt, DocumentKind kind, uint64 caseId);
    error EvidenceInvalidBatchSize(uint256 count);
    error EvidenceNotAnchored(bytes32 contentHash);
    error EvidenceUnknownBatch(bytes32 root);
    error EvidenceInvalidProof(bytes32 root, bytes32 contentHash);
    error EvidenceAlreadyRevoked(bytes32 contentHash, bytes32 root, uint64 revokedAt, bytes32 supersededBy);
    error EvidenceNotSubmitterOrJudge(address caller, address submitter);
    error EvidenceSelfSupersession(bytes32 contentHash);
    error EvidenceInvalidMethod();
    error EvidenceZeroRecipient();
    error EvidenceDeemedTimeInPast(uint64 deemedServedAt, uint64 now_);
    error EvidenceTimeTooLarge(uint64 timestamp);
    error EvidenceUnknownService(uint256 serviceId);
    error EvidenceAlreadyAcknowledged(uint256 serviceId, uint64 acknowledgedAt, bytes32 receiptHash);
    error EvidenceNotRecipient(uint256 serviceId, address caller, address recipientAccount);
    error EvidenceNoRecipientAccount(uint256 serviceId);
    error EvidenceSignatureExpired(uint256 deadline, uint64 now_);
    error EvidenceInvalidSignature(uint256 serviceId, address signer);
    error EvidenceNotRelayer(address caller);

    // ------------------------------------------------------------------ anchoring

    /// @notice Anchor one document by its content hash.
    /// @param contentHash SHA-256 of the file
    /// @param kind what the document is
    /// @param caseId CaseDocket case id, 0 for none
    /// @param role the role the caller acts under (it must hold it in the hub), or `None` to anchor as a party (kind
    /// `Evidence` only)
    /// Emits `Anchored`.
    /// Requirements: non-zero hash; known kind; the caller holds `role` unless `None`; case id below 2^40; the hash was
    /// never anchored (else `EvidenceAlreadyAnchored` with the first record's details).
    function anchor(bytes32 contentHash, DocumentKind kind, uint64 caseId, AnchorRole role) external;

    /// @notice Anchor the Merkle root of a batch of documents (leaf encoding in the contract's @dev).
    /// @param root Merkle root
    /// @param count number of documents (recorded in the event)
    /// @param kind, caseId, role as for `anchor`
    /// Emits `BatchAnchored`.
    /// Requirements: as for `anchor`; 1 <= count < 2^32; the root was never anchored.
    function anchorBatch(bytes32 root, uint32 count, DocumentKind kind, uint64 caseId, AnchorRole role) external;

    /// @notice Revoke (`supersededBy` zero) or supersede a single anchor. The record stays.
    /// @param contentHash the anchored document
    /// @param supersededBy content hash of the document that replaces it, or zero
    /// Emits `Revoked`. Requirements: anchored; not revoked; caller is the submitter or a JUDGE; not self-superseding.
    function revoke(bytes32 contentHash, bytes32 supersededBy) external;

    /// @notice Revoke or supersede one document of a batch, proved by its Merkle proof.
    /// @param root the batch root
    /// @param contentHash the document
    /// @param proof its Merkle proof
    /// @param supersededBy the replacing content hash, or zero
    /// Emits `Revoked`. Requirements: root anchored; proof valid; not revoked; caller is the batch submitter or a JUDGE.
    function revokeBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof, bytes32 supersededBy)
        external;

    // ------------------------------------------------------------------ service of process

    /// @notice Record the service of a document on a recipient.
    /// @param documentHash content hash of the served document
    /// @param caseId CaseDocket case id (0 for none)
    /// @param recipient the recipient's identity commitment
    /// @param recipientAccount account with which the recipient acknowledges (zero: acknowledgement off chain only)
    /// @param method how it was served
    /// @param deemedServedAt when it counts as served if not acknowledged before
    /// @return serviceId sequential from 1
    /// Emits `Served`. Requirements: caller holds CLERK or JUDGE; non-zero hash and recipient; known method;
    /// `deemedServedAt` not in the past (it may be now) and below 2^40.
    function serve(
        bytes32 documentHash,
        uint64 caseId,
        bytes32 recipient,
        address recipientAccount,
        ServiceMethod method,
        uint64 deemedServedAt
    ) external returns (uint256 serviceId);

    /// @notice The recipient acknowledges receipt from its own account.
    /// @param serviceId the service
    /// @param receiptHash content hash of the receipt of service
    /// Emits `Acknowledged`. Requirements: service exists, not acknowledged; caller is its recipient account.
    function acknowledge(uint256 serviceId, bytes32 receiptHash) external;

    /// @notice A court (CLERK or JUDGE) relays the recipient's EIP-712 acknowledgement
    /// `Acknowledgement(uint256 serviceId,bytes32 receiptHash,uint256 nonce,uint256 deadline)` (EOA or ERC-1271).
    /// @param serviceId the service
    /// @param receiptHash the receipt's content hash
    /// @param deadline last second at which the signature is valid
    /// @param signature the recipient account's signature over the typed data with its current nonce
    /// Emits `Acknowledged`. Requirements: relayer holds CLERK or JUDGE; not expired; valid signature with the
    /// signer's current nonce (which it consumes); service not acknowledged.
    function acknowledgeBySig(uint256 serviceId, bytes32 receiptHash, uint256 deadline, bytes calldata signature)
        external;

    // ------------------------------------------------------------------ views

    /// @notice Everything about a single anchor (status `None` if never anchored).
    /// @param contentHash SHA-256 of the document
    /// @return the record, its revocation and the submitter's member, in one answer
    function verify(bytes32 contentHash) external view returns (Verification memory);

    /// @notice Everything about one document of a batch; status `None` if the root is unknown or the proof fails.
    /// @param root the batch root
    /// @param contentHash SHA-256 of the document
    /// @param proof its Merkle proof (siblings, leaf to root)
    /// @return the batch record, the member's revocation and the submitter's member, in one answer
    function verifyBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof)
        external
        view
        returns (Verification memory);

    /// @notice The raw single-anchor record (all zero if none).
    /// @param contentHash the document
    /// @return the packed record
    function getRecord(bytes32 contentHash) external view returns (Record memory);

    /// @notice The raw batch record (all zero if none).
    /// @param root the batch root
    /// @return the packed record
    function getBatch(bytes32 root) external view returns (Record memory);

    /// @notice The revocation of a single anchor (`root` zero) or a batch member (all zero if none).
    /// @param root the batch root, or zero for a single anchor
    /// @param contentHash the document
    /// @return the revocation
    function getRevocation(bytes32 root, bytes32 contentHash) external view returns (Revocation memory);

    /// @notice The batch leaf of a content hash (StandardMerkleTree encoding).
    /// @param contentHash the document
    /// @return keccak256(keccak256(abi.encode(contentHash)))
    function leafOf(bytes32 contentHash) external pure returns (bytes32);

    /// @notice A service (reverts `EvidenceUnknownService` if none).
    /// @param serviceId the service
    /// @return the stored service
    function getService(uint256 serviceId) external view returns (Service memory);

    /// @notice Status of a service now: `Acknowledged` once acknowledged, else `DeemedServed` from the
    /// `deemedServedAt` second on, else `Pending`. Reverts `EvidenceUnknownService` if none.
    /// @param serviceId the service
    /// @return the status
    function serviceStatus(uint256 serviceId) external view returns (ServiceStatus);

    /// @notice Number of services recorded.
    /// @return the count (service ids run from 1 to it)
    function serviceCount() external view returns (uint256);

    /// @notice The next nonce a signer's acknowledgement must carry.
    /// @param signer the recipient account
    /// @return its nonce
    function nonces(address signer) external view returns (uint256);

    /// @notice The EIP-712 domain separator (bound to this chain id and this contract).
    /// @return name "courtchain EvidenceRegistry", version "1", chain id, this contract
    function domainSeparator() external view returns (bytes32);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title IEvidenceRegistry
/// @notice Tamper-proof anchoring of judicial data by content hash (SHA-256 of the file, as bytes32; the document never
/// goes on chain), single or as a Merkle batch, with revocation and supersession (never deletion), service of process
/// with receipts, and verification views that return everything a verifier needs in one call.
/// @dev Anchors are kept per (content hash, anchoring account): any number of accounts may anchor the same hash, each
/// once, so nobody can stop an institution from anchoring its document by anchoring the hash first. `verify` lists
/// every anchor of a hash (paged) with its capacity and role; `verifyBy` answers for one anchoring account.
/// Which role anchors which kind (`mayAnchor`), one row per `AnchorRole`:
///
/// | role               | kinds it may anchor                                                                    |
/// |--------------------|----------------------------------------------------------------------------------------|
/// | None (a party)     | Evidence                                                                               |
/// | Judge              | CaseFile, Evidence, ServedDocument, ReceiptOfService, MediationRecord, Judgment         |
/// | Clerk              | every kind                                                                             |
/// | Registrar          | CaseFile, ReceiptOfService, Archive, StatisticalReport                                 |
/// | Mediator           | Evidence, MediationRecord                                                              |
/// | EnforcementOfficer | Evidence, ServedDocument, ReceiptOfService, Archive                                    |
///
/// A `Judgment` (judgments and rulings) is further anchored only by an account of a member of kind Court.
/// Service of process: the deemed-service time lies at least `minDeemedPeriod()` after the service (1 day at
/// deployment, governance may raise it, never below 1 day), and the recipient account is never an account of the
/// serving account's own member. The binding of the recipient account to the person is the court's address
/// confirmation, made off chain; an acknowledgement records only that this account acknowledged.
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

    /// @notice One account's anchor of a content hash or batch root, packed into one storage slot. `role` `None`
    /// means the account anchored as a party.
    struct Record {
        address submitter;
        uint40 anchoredAt;
        uint40 caseId;
        DocumentKind kind;
        AnchorRole role;
    }

    /// @notice A revocation or supersession: when, by whom, and (for a supersession) the superseding content hash.
    struct Revocation {
        address by;
        uint40 revokedAt;
        bytes32 supersededBy;
    }

    /// @notice Everything a verifier needs about one anchor of a document, in one answer.
    /// @dev `root` is zero for a single anchor; `memberId` is the submitter's member in the hub now (0 for an account
    /// that is not a member's operator account, or no longer is); `role` is the role it anchored under (`None` for a
    /// party).
    struct Verification {
        AnchorStatus status;
        bytes32 contentHash;
        bytes32 root;
        DocumentKind kind;
        Capacity capacity;
        AnchorRole role;
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
    /// @notice `by`'s own anchor was revoked (`supersededBy` zero) or superseded. `root` is zero for a single anchor.
    event Revoked(bytes32 indexed contentHash, bytes32 indexed root, address indexed by, bytes32 supersededBy);
    /// @notice A document was served: `recipient` is the recipient's pseudonym in the case (not indexed);
    /// `recipientAccount` the account that may acknowledge (the registry checks it).
    event Served(
        uint256 indexed serviceId,
        bytes32 indexed documentHash,
        bytes32 recipient,
        uint64 caseId,
        ServiceMethod method,
        address recipientAccount,
        address server,
        uint64 deemedServedAt
    );
    event Acknowledged(
        uint256 indexed serviceId, bytes32 indexed receiptHash, address indexed recipientAccount, address relayer, bool bySignature
    );
    /// @notice Governance set the shortest period between a service and its deemed-service time.
    event MinDeemedPeriodSet(uint64 previous, uint64 period);
    /// @notice `account` burnt its EIP-712 nonce `nonce` (a signature carrying it can no longer be used).
    event NonceUsed(address indexed account, uint256 nonce);

    // ------------------------------------------------------------------ errors

    error EvidenceZeroHash();
    error EvidenceInvalidKind(DocumentKind kind);
    error EvidencePartyKind(DocumentKind kind);
    /// @notice `role` does not anchor documents of `kind` (see the table in the contract's @dev).
    error EvidenceKindNotForRole(AnchorRole role, DocumentKind kind);
    /// @notice A Judgment is anchored only by an account of a court; `account` belongs to member `memberId`.
    error EvidenceNotCourtAccount(address account, uint32 memberId);
    error EvidenceCaseIdTooLarge(uint64 caseId);
    /// @notice `anchorer` already anchored this hash (each account anchors a hash once; it may supersede it).
    error EvidenceAlreadyAnchored(bytes32 contentHash, address anchorer, uint64 anchoredAt);
    error EvidenceBatchAlreadyAnchored(bytes32 root, address anchorer, uint64 anchoredAt);
    error EvidenceInvalidBatchSize(uint256 count);
    /// @notice `anchorer` has no anchor of `contentHash`.
    error EvidenceNotAnchored(bytes32 contentHash, address anchorer);
    /// @notice `anchorer` has no anchor of the batch `root`.
    error EvidenceUnknownBatch(bytes32 root, address anchorer);
    error EvidenceInvalidProof(bytes32 root, bytes32 contentHash);
    error EvidenceAlreadyRevoked(bytes32 contentHash, bytes32 root, uint64 revokedAt, bytes32 supersededBy);
    error EvidenceSelfSupersession(bytes32 contentHash);
    error EvidenceInvalidMethod();
    error EvidenceZeroRecipient();
    /// @notice The deemed-service time is earlier than `earliest` (the service time plus `minDeemedPeriod()`).
    error EvidenceDeemedTooSoon(uint64 deemedServedAt, uint64 earliest);
    /// @notice The recipient account is an account of the serving account's own member.
    error EvidenceRecipientIsServerMember(address recipientAccount, uint32 memberId);
    /// @notice A deemed-service period outside [`min`, `max`].
    error EvidenceInvalidDeemedPeriod(uint64 period, uint64 min, uint64 max);
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
    /// Requirements: non-zero hash; known kind; the caller holds `role` unless `None`; `mayAnchor(role, kind)`; for a
    /// `Judgment`, the caller is an account of a court; case id below 2^40; the caller has not anchored this hash yet
    /// (else `EvidenceAlreadyAnchored`). Anchors of the same hash by other accounts never stop it.
    function anchor(bytes32 contentHash, DocumentKind kind, uint64 caseId, AnchorRole role) external;

    /// @notice Anchor the Merkle root of a batch of documents (leaf encoding in the contract's @dev).
    /// @param root Merkle root
    /// @param count number of documents (recorded in the event)
    /// @param kind, caseId, role as for `anchor`
    /// Emits `BatchAnchored`.
    /// Requirements: as for `anchor`; 1 <= count < 2^32; the caller has not anchored this root yet.
    function anchorBatch(bytes32 root, uint32 count, DocumentKind kind, uint64 caseId, AnchorRole role) external;

    /// @notice Revoke (`supersededBy` zero) or supersede the caller's own single anchor. The record stays; other
    /// accounts' anchors of the same hash are untouched.
    /// @param contentHash the anchored document
    /// @param supersededBy content hash of the document that replaces it, or zero
    /// Emits `Revoked`. Requirements: the caller anchored it (else `EvidenceNotAnchored`); not revoked; not
    /// self-superseding.
    function revoke(bytes32 contentHash, bytes32 supersededBy) external;

    /// @notice Revoke or supersede one document of the caller's own batch anchor, proved by its Merkle proof.
    /// @param root the batch root
    /// @param contentHash the document
    /// @param proof its Merkle proof
    /// @param supersededBy the replacing content hash, or zero
    /// Emits `Revoked`. Requirements: the caller anchored the root (else `EvidenceUnknownBatch`); proof valid; not
    /// revoked.
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
    /// `deemedServedAt` at least `minDeemedPeriod()` from now (else `EvidenceDeemedTooSoon`) and below 2^40; the
    /// recipient account (if any) is not an account of the caller's own member.
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

    /// @notice Burn the caller's current EIP-712 nonce, so that an acknowledgement it signed and no longer wants
    /// relayed cannot be used (OpenZeppelin `Nonces._useNonce`).
    /// @return nonce the nonce burnt
    /// Emits `NonceUsed`.
    function useNonce() external returns (uint256 nonce);

    /// @notice Set the shortest period between a service and its deemed-service time.
    /// @param period seconds, between 1 day and 365 days
    /// Emits `MinDeemedPeriodSet`. Requirements: called by an executed hub proposal; period in range.
    function setMinDeemedPeriod(uint64 period) external;

    // ------------------------------------------------------------------ views

    /// @notice Every anchor of a single document, in anchoring order, paged.
    /// @param contentHash SHA-256 of the document
    /// @param offset index of the first anchor returned (0 = the first anchor)
    /// @param limit most anchors returned
    /// @return anchors one entry per anchoring account (empty if the hash was never anchored)
    function verify(bytes32 contentHash, uint256 offset, uint256 limit)
        external
        view
        returns (Verification[] memory anchors);

    /// @notice One account's anchor of a single document (status `None` if it has none).
    /// @param contentHash SHA-256 of the document
    /// @param anchorer the anchoring account
    /// @return the record, its revocation and the submitter's member, in one answer
    function verifyBy(bytes32 contentHash, address anchorer) external view returns (Verification memory);

    /// @notice Every anchor of the batch `root`, for one of its documents, paged; empty if the proof fails.
    /// @param root the batch root
    /// @param contentHash SHA-256 of the document
    /// @param proof its Merkle proof (siblings, leaf to root)
    /// @param offset index of the first anchor returned
    /// @param limit most anchors returned
    /// @return anchors one entry per account that anchored the root, with that account's revocation of the document
    function verifyBatchMember(bytes32 root, bytes32 contentHash, bytes32[] calldata proof, uint256 offset, uint256 limit)
        external
        view
        returns (Verification[] memory anchors);

    /// @notice Number of accounts that anchored `contentHash` as a single document.
    /// @param contentHash the document
    /// @return the count
    function anchorCount(bytes32 contentHash) external view returns (uint256);

    /// @notice Number of accounts that anchored the batch `root`.
    /// @param root the batch root
    /// @return the count
    function batchAnchorCount(bytes32 root) external view returns (uint256);

    /// @notice Whether `role` may anchor documents of `kind` (the table in the contract's @dev).
    /// @param role the anchoring role (`None`: a party)
    /// @param kind the document kind
    /// @return whether it may
    function mayAnchor(AnchorRole role, DocumentKind kind) external pure returns (bool);

    /// @notice One account's raw single-anchor record (all zero if none).
    /// @param contentHash the document
    /// @param anchorer the anchoring account
    /// @return the packed record
    function getRecord(bytes32 contentHash, address anchorer) external view returns (Record memory);

    /// @notice One account's raw batch record (all zero if none).
    /// @param root the batch root
    /// @param anchorer the anchoring account
    /// @return the packed record
    function getBatch(bytes32 root, address anchorer) external view returns (Record memory);

    /// @notice The revocation of one account's single anchor (`root` zero) or batch member (all zero if none).
    /// @param root the batch root, or zero for a single anchor
    /// @param contentHash the document
    /// @param anchorer the anchoring account
    /// @return the revocation
    function getRevocation(bytes32 root, bytes32 contentHash, address anchorer)
        external
        view
        returns (Revocation memory);

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

    /// @notice The shortest period between a service and its deemed-service time.
    /// @return seconds
    function minDeemedPeriod() external view returns (uint64);

    /// @notice The EIP-712 domain separator (bound to this chain id and this contract).
    /// @return name "courtchain EvidenceRegistry", version "1", chain id, this contract
    function domainSeparator() external view returns (bytes32);
}

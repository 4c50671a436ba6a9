// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICreditListing} from "./ISuiteHooks.sol";

/// @title ICreditRegistry
/// @notice The court consortium's credit-punishment list: dishonest judgment debtors (失信被执行人名单) and
/// high-consumption bans (限制消费令), keyed by a salted commitment to the subject's identity so that no name or id
/// number ever reaches the chain.
///
/// Entries are listed by the EnforcementOffice (through `ICreditListing`, when a termination order approved by a judge
/// lists the debtor) or by two judges (one proposes with `proposeListing`, a different judge approves with
/// `approveProposal`), and end in one of three ways: by time (a view: an entry is current while
/// `startsAt <= now < endsAt`, so it is no longer current at exactly `endsAt`, without any transaction), `Delisted`
/// because the debtor performed (the EnforcementOffice ends every active entry sourced from the case when it closes),
/// or `Removed` because the listing was wrong (a correction, or an upheld objection: one judge proposes with
/// `proposeRemoval`, a different judge approves). No single account lists, delists or removes anyone. Nothing is ever
/// deleted: a removed entry stays readable with its status and the decision hash.
///
/// Case domains. Every entry names its source case in one of two numbering spaces: a docket case (`CaseDomain.Docket`,
/// the CaseDocket's case id, which must be docketed) or an enforcement case (`CaseDomain.Enforcement`, the
/// EnforcementOffice's case id, which must exist). Both contracts are found through the hub's suite keys. The same
/// number in the two domains names two different cases, so their entries never collide in `entryFor`. A judges'
/// listing under an enforcement case is ended, like the office's own, when that enforcement case closes.
///
/// Recusal. The lister — the judge who proposed a judges' listing (`listedBy`), or, for a listing by the
/// EnforcementOffice, the judge who approved the termination order that made it (`approvedBy`) — may neither propose
/// nor approve the entry's removal, nor dismiss an objection against it. (The judge who approved a judges' listing is
/// recorded, not recused: a correction still needs two judges other than the lister, so three judges in all.)
///
/// Reason codes. Dishonest debtor (kind 1), the six situations of Art. 1 of the SPC Provisions on Publishing the
/// List of Dishonest Judgment Debtors (最高人民法院关于公布失信被执行人名单信息的若干规定):
///   1 able to perform but refuses to perform the obligation of an effective legal document;
///   2 obstructs or resists enforcement by forged evidence, violence, threats or similar means;
///   3 evades enforcement by sham litigation, sham arbitration, or concealing or transferring property;
///   4 violates the property-reporting rules;
///   5 violates a high-consumption restriction order;
///   6 refuses without good reason to perform an enforcement settlement agreement.
/// High-consumption ban (kind 2), from the SPC Provisions on Restricting High Consumption of Judgment Debtors
/// (最高人民法院关于限制被执行人高消费及有关消费的若干规定):
///   101 did not perform within the period of the enforcement notice (Art. 1);
///   102 is listed as a dishonest judgment debtor (Art. 1, as amended 2015);
///   103 is the legal representative, principal or person directly responsible of a restricted unit debtor (Art. 3).
///
/// Objections. The chain cannot tell which account belongs to a subject without the identity itself, so any account
/// may file an objection against an entry, carrying the hash of the written application (which, off chain, names the
/// applicant and, for a lawyer, the power of attorney); the deciding judges check standing against that document.
/// One account has at most one pending objection per entry. An objection is dismissed by one judge who is not
/// recused (the entry does not change), or upheld by a removal proposal that names it, approved by a second judge.
///
/// Bounds of the views. A subject's entries grow only by judicial acts (two judges, or an approved termination),
/// an entry's objections by anyone's filing. The whole-list views (`entryIdsOf`, `entriesOf`, `isRestricted`,
/// `isRestrictedAt`, `checkMany`, `objectionIdsOf`) loop over every entry or objection and are meant for `eth_call`;
/// where a list may be long, read it in pages with `entryCountOf` / `entriesOfPage` / `isRestrictedAtPage` and
/// `objectionCountOf` / `objectionIdsOfPage` (at most MAX_PAGE items a call). No transaction loops over either list.
interface ICreditRegistry is ICreditListing {
    // ------------------------------------------------------------------ types

    /// @notice Kind of restriction. `None` means "no such entry".
    enum EntryKind {
        None,
        DishonestDebtor,
        HighConsumptionBan
    }

    /// @notice Entry status. `Expired` is derived from time and never stored; `Delisted` (the debtor performed) and
    /// `Removed` (the listing was wrong) are final.
    enum EntryStatus {
        None,
        Active,
        Expired,
        Delisted,
        Removed
    }

    /// @notice Objection status. `None` means "no such objection".
    enum ObjectionStatus {
        None,
        Pending,
        Upheld,
        Dismissed
    }

    /// @notice Numbering space of an entry's source case: the CaseDocket's or the EnforcementOffice's case ids.
    enum CaseDomain {
        None,
        Docket,
        Enforcement
    }

    /// @notice What a judges' proposal does when approved. `None` means "no such proposal".
    enum ProposalKind {
        None,
        Listing,
        Removal
    }

    /// @notice Proposal status: `Pending` until a second judge approves it (`Executed`) or its proposer withdraws it
    /// (`Cancelled`).
    enum ProposalStatus {
        None,
        Pending,
        Executed,
        Cancelled
    }

    /// @notice One listing. `status` is derived when read; `endedAt` is when it was delisted or removed (0 if not).
    /// `fromEnforcement` is true when the EnforcementOffice listed it on a termination; `listedBy` is the proposing
    /// judge, or the EnforcementOffice contract; `approvedBy` the approving judge, or the judge who approved the
    /// enforcement case's termination order.
    struct Entry {
        EntryKind kind;
        EntryStatus status;
        CaseDomain domain;
        bool fromEnforcement;
        uint16 reason;
        uint64 startsAt;
        uint64 endsAt;
        uint64 endedAt;
        bytes32 subject;
        uint256 caseId;
        bytes32 evidenceHash;
        address listedBy;
        address approvedBy;
    }

    struct Objection {
        uint256 entryId;
        address objector;
        ObjectionStatus status;
        uint64 filedAt;
        uint64 resolvedAt;
        address resolvedBy;
        bytes32 applicationHash;
        bytes32 decisionHash;
    }

    /// @notice A judges' proposal. Listing: `subject`, `domain`, `caseId`, `entryKind`, `reason`, `duration` and
    /// `documentHash` (the evidence) describe the entry, `entryId` is the entry made on approval (0 before). Removal:
    /// `entryId` is the entry, `objectionId` the objection it upholds (0 for a correction), `documentHash` the
    /// decision. `decidedBy` is the approver (Executed) or the proposer (Cancelled).
    struct Proposal {
        ProposalKind kind;
        ProposalStatus status;
        CaseDomain domain;
        EntryKind entryKind;
        uint16 reason;
        uint64 duration;
        uint64 proposedAt;
        uint64 decidedAt;
        address proposer;
        address decidedBy;
        bytes32 subject;
        uint256 caseId;
        bytes32 documentHash;
        uint256 entryId;
        uint256 objectionId;
    }

    /// @notice What restricts a subject at one moment: each kind's flag and the latest end among its current entries
    /// (0 when the kind does not apply).
    struct Restriction {
        bool dishonestDebtor;
        bool highConsumptionBan;
        uint64 dishonestUntil;
        uint64 banUntil;
    }

    // ------------------------------------------------------------------ events

    /// @notice A subject was listed: by two judges (`listedBy` proposed, `approvedBy` approved) or by the
    /// EnforcementOffice (`listedBy`) on a termination approved by the judge `approvedBy`.
    event EntryListed(
        uint256 indexed entryId,
        bytes32 indexed subject,
        uint256 indexed caseId,
        CaseDomain domain,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 startsAt,
        uint64 endsAt,
        address listedBy,
        address approvedBy
    );
    /// @notice An entry ended because the debtor performed (called by the EnforcementOffice; `caseId` is an
    /// enforcement case).
    event EntryDelisted(uint256 indexed entryId, bytes32 indexed subject, uint256 indexed caseId, address by);
    /// @notice An entry was removed as wrong, by the removal proposal `proposalId` of `proposer`, approved by `by`:
    /// a correction (`objectionId` 0) or an upheld objection.
    event EntryRemoved(
        uint256 indexed entryId,
        bytes32 indexed subject,
        address indexed by,
        uint256 objectionId,
        bytes32 decisionHash,
        uint256 proposalId,
        address proposer
    );
    /// @notice A judge proposed to list `subject` (`evidenceHash` the decision that orders it; `duration` 0 for the
    /// kind's default).
    event ListingProposed(
        uint256 indexed proposalId,
        bytes32 indexed subject,
        uint256 indexed caseId,
        CaseDomain domain,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 duration,
        address proposer
    );
    /// @notice A judge proposed to remove an entry (upholding `objectionId`, or 0 for a correction).
    event RemovalProposed(
        uint256 indexed proposalId,
        uint256 indexed entryId,
        bytes32 indexed subject,
        uint256 objectionId,
        bytes32 decisionHash,
        address proposer
    );
    /// @notice A second judge approved a proposal; its effect (`EntryListed` or `EntryRemoved`) follows.
    event ProposalApproved(uint256 indexed proposalId, ProposalKind kind, address indexed proposer, address approver);
    /// @notice The proposer withdrew a pending proposal.
    event ProposalCancelled(uint256 indexed proposalId, address indexed by);
    /// @notice An objection against an entry was filed.
    event ObjectionFiled(
        uint256 indexed objectionId,
        uint256 indexed entryId,
        bytes32 indexed subject,
        address objector,
        bytes32 applicationHash
    );
    /// @notice An objection was decided (`outcome` Upheld, with the removal approved by `judge`, or Dismissed by
    /// `judge`).
    event ObjectionResolved(
        uint256 indexed objectionId,
        uint256 indexed entryId,
        bytes32 indexed subject,
        ObjectionStatus outcome,
        bytes32 decisionHash,
        address judge
    );
    /// @notice The governors changed a kind's default duration.
    event DefaultDurationSet(EntryKind indexed kind, uint64 previous, uint64 current);

    // ------------------------------------------------------------------ errors

    error CreditZeroSubject();
    error CreditZeroCase();
    error CreditZeroHash();
    error CreditZeroAccount();
    error CreditInvalidKind(uint8 kind);
    error CreditInvalidReason(EntryKind kind, uint16 reason);
    error CreditInvalidDuration(uint64 duration, uint64 min, uint64 max);
    error CreditInvalidDomain(CaseDomain domain);
    error CreditUnknownCase(CaseDomain domain, uint256 caseId);
    error CreditAlreadyListed(bytes32 subject, uint256 caseId, EntryKind kind, uint256 entryId);
    error CreditUnknownEntry(uint256 entryId);
    error CreditEntryAlreadyRemoved(uint256 entryId);
    error CreditUnknownObjection(uint256 objectionId);
    error CreditObjectionPending(uint256 entryId, address objector, uint256 objectionId);
    error CreditUnexpectedObjectionStatus(uint256 objectionId, ObjectionStatus current, ObjectionStatus expected);
    error CreditObjectionOfOtherEntry(uint256 objectionId, uint256 entryId);
    error CreditJudgeRecused(uint256 entryId, address judge);
    error CreditUnknownProposal(uint256 proposalId);
    error CreditUnexpectedProposalStatus(uint256 proposalId, ProposalStatus current, ProposalStatus expected);
    error CreditSelfApproval(uint256 proposalId, address account);
    error CreditProposerNotJudge(uint256 proposalId, address proposer);
    error CreditNotProposer(uint256 proposalId, address account);
    error CreditBatchTooLarge(uint256 size, uint256 max);

    // ------------------------------------------------------------------ judges and subjects

    /// @notice Propose to list a subject by a judges' decision; a different judge approves it (`approveProposal`).
    /// @param subject salted commitment to the subject's identity
    /// @param domain the numbering space of `caseId` (Docket or Enforcement)
    /// @param caseId the source case: a docketed CaseDocket case, or an existing EnforcementOffice case
    /// @param kind DishonestDebtor or HighConsumptionBan
    /// @param reason reason code valid for `kind` (see the contract notice)
    /// @param evidenceHash hash of the decision that orders the listing
    /// @param duration seconds until the entry ends, counted from the approval; 0 for the kind's default then
    /// @return proposalId the new proposal (sequential from 1, shared with removal proposals)
    /// Emits `ListingProposed`.
    /// Requirements: caller holds JUDGE; non-zero subject, case and evidence; valid domain, kind and reason; the case
    /// exists in its domain; duration 0 or within [MIN_DURATION, MAX_DURATION]; no current entry for the same
    /// subject, domain, case and kind.
    function proposeListing(
        bytes32 subject,
        CaseDomain domain,
        uint256 caseId,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 duration
    ) external returns (uint256 proposalId);

    /// @notice Propose to remove an entry that should not have been listed: a correction (`objectionId` 0) or the
    /// upholding of a pending objection against it. A different judge approves it (`approveProposal`).
    /// @param entryId the entry
    /// @param objectionId a pending objection against the entry, or 0
    /// @param decisionHash hash of the correcting decision
    /// @return proposalId the new proposal
    /// Emits `RemovalProposed`.
    /// Requirements: caller holds JUDGE and is not recused from the entry; the entry exists and is not removed; the
    /// objection, if any, is pending and against this entry; non-zero decision hash.
    function proposeRemoval(uint256 entryId, uint256 objectionId, bytes32 decisionHash)
        external
        returns (uint256 proposalId);

    /// @notice Approve a judge's pending proposal, which takes effect at once.
    /// @param proposalId the proposal
    /// @return entryId the entry listed or removed
    /// Emits `ProposalApproved`, then `EntryListed` (listing) or `EntryRemoved` and, when it upholds an objection,
    /// `ObjectionResolved` (removal).
    /// Requirements: caller holds JUDGE and is not the proposer; the proposer still holds JUDGE; the proposal is
    /// pending; listing: the subject still has no current entry for the same domain, case and kind; removal: the
    /// caller is not recused from the entry, the entry is not removed and the objection, if any, is still pending.
    function approveProposal(uint256 proposalId) external returns (uint256 entryId);

    /// @notice Withdraw one's own pending proposal.
    /// Emits `ProposalCancelled`. Requirements: caller is the proposer; the proposal is pending.
    function cancelProposal(uint256 proposalId) external;

    /// @notice Object to an entry on behalf of its subject.
    /// @param entryId the entry
    /// @param applicationHash hash of the written application filed with the court
    /// @return objectionId the new objection (sequential from 1)
    /// Emits `ObjectionFiled`.
    /// Requirements: the entry exists and is not removed; non-zero application hash; the caller has no pending
    /// objection against this entry.
    function object(uint256 entryId, bytes32 applicationHash) external returns (uint256 objectionId);

    /// @notice Dismiss an objection (the entry stays as it is). An objection is upheld by `proposeRemoval`.
    /// @param objectionId the objection
    /// @param decisionHash hash of the decision
    /// Emits `ObjectionResolved` with outcome Dismissed.
    /// Requirements: caller holds JUDGE and is not recused from the entry; the objection is pending; non-zero
    /// decision hash.
    function dismissObjection(uint256 objectionId, bytes32 decisionHash) external;

    // ------------------------------------------------------------------ governance

    /// @notice Set the default duration of a kind's entries (applies to later listings only).
    /// @param kind DishonestDebtor or HighConsumptionBan
    /// @param duration seconds, within [MIN_DURATION, MAX_DURATION]
    /// Emits `DefaultDurationSet`. Requirements: only by governance (an executed hub proposal).
    function setDefaultDuration(EntryKind kind, uint64 duration) external;

    // ------------------------------------------------------------------ views

    /// @notice The default duration of a kind's entries, in seconds.
    function defaultDuration(EntryKind kind) external view returns (uint64);

    /// @notice An entry with its status derived at the current time. Requirements: the entry exists.
    function getEntry(uint256 entryId) external view returns (Entry memory);

    /// @notice An entry's status at the current time (`None` if it does not exist).
    function entryStatus(uint256 entryId) external view returns (EntryStatus);

    /// @notice Whether an entry restricts its subject at `timestamp` (`startsAt <= timestamp < end`, where end is
    /// `endsAt`, or `endedAt` if it was delisted or removed before that).
    function isCurrentAt(uint256 entryId, uint256 timestamp) external view returns (bool);

    /// @notice Whether `account` is the entry's lister (the proposing judge, or the judge who approved the termination
    /// that listed it) and so may not take part in its removal or in deciding objections against it.
    function isRecused(uint256 entryId, address account) external view returns (bool);

    /// @notice Number of entries ever made (ids run from 1 to this).
    function entryCount() external view returns (uint256);

    /// @notice Ids of every entry of a subject, oldest first (unbounded: see `entriesOfPage`).
    function entryIdsOf(bytes32 subject) external view returns (uint256[] memory);

    /// @notice Every entry of a subject, oldest first, with statuses derived at the current time (unbounded).
    function entriesOf(bytes32 subject) external view returns (Entry[] memory);

    /// @notice Number of entries of a subject.
    function entryCountOf(bytes32 subject) external view returns (uint256);

    /// @notice The subject's entries `[start, start + max)` (clipped to its count), oldest first, with their ids.
    /// Requirements: `max` at most MAX_PAGE.
    function entriesOfPage(bytes32 subject, uint256 start, uint256 max)
        external
        view
        returns (uint256[] memory ids, Entry[] memory entries);

    /// @notice The latest entry of `kind` sourced from case `caseId` of `domain` for `subject` (0 if none).
    function entryFor(bytes32 subject, CaseDomain domain, uint256 caseId, EntryKind kind)
        external
        view
        returns (uint256);

    /// @notice What restricts `subject` now (unbounded: see `isRestrictedAtPage`).
    function isRestricted(bytes32 subject) external view returns (Restriction memory);

    /// @notice What restricted `subject` at `timestamp` (past or future, with what is recorded now; unbounded).
    function isRestrictedAt(bytes32 subject, uint256 timestamp) external view returns (Restriction memory);

    /// @notice What the subject's entries `[start, start + max)` restrict at `timestamp`; a caller merges the pages
    /// (or of the flags, max of the ends). Requirements: `max` at most MAX_PAGE.
    function isRestrictedAtPage(bytes32 subject, uint256 timestamp, uint256 start, uint256 max)
        external
        view
        returns (Restriction memory);

    /// @notice What restricts each of `subjects` now, in the same order.
    /// Requirements: at most MAX_BATCH subjects.
    function checkMany(bytes32[] calldata subjects) external view returns (Restriction[] memory);

    /// @notice An objection. Requirements: it exists.
    function getObjection(uint256 objectionId) external view returns (Objection memory);

    /// @notice Ids of every objection against an entry, oldest first (unbounded: see `objectionIdsOfPage`).
    function objectionIdsOf(uint256 entryId) external view returns (uint256[] memory);

    /// @notice Number of objections against an entry.
    function objectionCountOf(uint256 entryId) external view returns (uint256);

    /// @notice Ids of the objections `[start, start + max)` against an entry (clipped), oldest first.
    /// Requirements: `max` at most MAX_PAGE.
    function objectionIdsOfPage(uint256 entryId, uint256 start, uint256 max) external view returns (uint256[] memory);

    /// @notice Number of objections ever filed.
    function objectionCount() external view returns (uint256);

    /// @notice A judges' proposal. Requirements: it exists.
    function getProposal(uint256 proposalId) external view returns (Proposal memory);

    /// @notice Number of proposals ever made (ids run from 1 to this).
    function proposalCount() external view returns (uint256);
}

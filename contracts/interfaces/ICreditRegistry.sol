// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICreditListing} from "./ISuiteHooks.sol";

/// @title ICreditRegistry
/// @notice The court consortium's credit-punishment list: dishonest judgment debtors (失信被执行人名单) and
/// high-consumption bans (限制消费令), keyed by a salted commitment to the subject's identity so that no name or id
/// number ever reaches the chain.
///
/// Entries are listed by the EnforcementOffice (through `ICreditListing`) or by a judge, and end in one of three
/// ways: by time (a view: an entry is current while `startsAt <= now < endsAt`, so it is no longer current at
/// exactly `endsAt`, without any transaction), `Delisted` because the debtor performed (the EnforcementOffice ends
/// every active entry sourced from the case), or `Removed` because the listing was wrong (a judge's correction or an
/// upheld objection). Nothing is ever deleted: a removed entry stays readable with its status and the decision hash.
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
/// applicant and, for a lawyer, the power of attorney); the resolving judge checks standing against that document.
/// One account has at most one pending objection per entry. The judge who listed an entry may not resolve an
/// objection against it.
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

    /// @notice One listing. `status` is derived when read; `endedAt` is when it was delisted or removed (0 if not).
    struct Entry {
        EntryKind kind;
        EntryStatus status;
        uint16 reason;
        uint64 startsAt;
        uint64 endsAt;
        uint64 endedAt;
        bytes32 subject;
        uint256 caseId;
        bytes32 evidenceHash;
        address listedBy;
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

    /// @notice What restricts a subject at one moment: each kind's flag and the latest end among its current entries
    /// (0 when the kind does not apply).
    struct Restriction {
        bool dishonestDebtor;
        bool highConsumptionBan;
        uint64 dishonestUntil;
        uint64 banUntil;
    }

    // ------------------------------------------------------------------ events

    /// @notice A subject was listed (by the EnforcementOffice contract or a judge, `listedBy`).
    event EntryListed(
        uint256 indexed entryId,
        bytes32 indexed subject,
        uint256 indexed caseId,
        EntryKind kind,
        uint16 reason,
        bytes32 evidenceHash,
        uint64 startsAt,
        uint64 endsAt,
        address listedBy
    );
    /// @notice An entry ended because the debtor performed (called by the EnforcementOffice).
    event EntryDelisted(uint256 indexed entryId, bytes32 indexed subject, uint256 indexed caseId, address by);
    /// @notice An entry was removed as wrong: by a judge's correction (`objectionId` 0) or an upheld objection.
    event EntryRemoved(
        uint256 indexed entryId, bytes32 indexed subject, address indexed by, uint256 objectionId, bytes32 decisionHash
    );
    /// @notice An objection against an entry was filed.
    event ObjectionFiled(
        uint256 indexed objectionId,
        uint256 indexed entryId,
        bytes32 indexed subject,
        address objector,
        bytes32 applicationHash
    );
    /// @notice A judge decided an objection (`outcome` Upheld or Dismissed).
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
    error CreditInvalidKind(uint8 kind);
    error CreditInvalidReason(EntryKind kind, uint16 reason);
    error CreditInvalidDuration(uint64 duration, uint64 min, uint64 max);
    error CreditAlreadyListed(bytes32 subject, uint256 caseId, EntryKind kind, uint256 entryId);
    error CreditUnknownEntry(uint256 entryId);
    error CreditEntryAlreadyRemoved(uint256 entryId);
    error CreditUnknownObjection(uint256 objectionId);
    error CreditObjectionPending(uint256 entryId, address objector, uint256 objectionId);
    error CreditUnexpectedObjectionStatus(uint256 objectionId, ObjectionStatus current, ObjectionStatus expected);
    error CreditJudgeRecused(uint256 entryId, address judge);
    error CreditBatchTooLarge(uint256 size, uint256 max);

    // ------------------------------------------------------------------ judges and subjects

    /// @notice List a subject by a judge's decision.
    /// @param subject salted commitment to the subject's identity
    /// @param caseId the enforcement case that is the source of the entry
    /// @param kind DishonestDebtor or HighConsumptionBan
    /// @param reason reason code valid for `kind` (see the contract notice)
    /// @param evidenceHash hash of the decision that orders the listing
    /// @param duration seconds until the entry ends; 0 for the kind's default
    /// @return entryId the new entry (sequential from 1)
    /// Emits `EntryListed`.
    /// Requirements: caller holds JUDGE; non-zero subject, case and evidence; valid kind and reason; duration 0 or
    /// within [MIN_DURATION, MAX_DURATION]; no current entry for the same subject, case and kind.
    function list(bytes32 subject, uint256 caseId, EntryKind kind, uint16 reason, bytes32 evidenceHash, uint64 duration)
        external
        returns (uint256 entryId);

    /// @notice Remove an entry that should not have been listed (correction of an error).
    /// @param entryId the entry
    /// @param decisionHash hash of the correcting decision
    /// Emits `EntryRemoved` with objection id 0.
    /// Requirements: caller holds JUDGE; the entry exists and is not already removed; non-zero decision hash.
    function remove(uint256 entryId, bytes32 decisionHash) external;

    /// @notice Object to an entry on behalf of its subject.
    /// @param entryId the entry
    /// @param applicationHash hash of the written application filed with the court
    /// @return objectionId the new objection (sequential from 1)
    /// Emits `ObjectionFiled`.
    /// Requirements: the entry exists and is not removed; non-zero application hash; the caller has no pending
    /// objection against this entry.
    function object(uint256 entryId, bytes32 applicationHash) external returns (uint256 objectionId);

    /// @notice Decide an objection: upheld removes the entry (status `Removed`), dismissed leaves it as it is.
    /// @param objectionId the objection
    /// @param upheld whether the objection succeeds
    /// @param decisionHash hash of the decision
    /// Emits `ObjectionResolved`, and `EntryRemoved` when upheld and the entry was not removed already.
    /// Requirements: caller holds JUDGE and did not list the entry; the objection is pending; non-zero decision hash.
    function resolve(uint256 objectionId, bool upheld, bytes32 decisionHash) external;

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

    /// @notice Number of entries ever made (ids run from 1 to this).
    function entryCount() external view returns (uint256);

    /// @notice Ids of every entry of a subject, oldest first.
    function entryIdsOf(bytes32 subject) external view returns (uint256[] memory);

    /// @notice Every entry of a subject, oldest first, with statuses derived at the current time.
    function entriesOf(bytes32 subject) external view returns (Entry[] memory);

    /// @notice The latest entry of `kind` sourced from `caseId` for `subject` (0 if none).
    function entryFor(bytes32 subject, uint256 caseId, EntryKind kind) external view returns (uint256);

    /// @notice What restricts `subject` now.
    function isRestricted(bytes32 subject) external view returns (Restriction memory);

    /// @notice What restricted `subject` at `timestamp` (past or future, with what is recorded now).
    function isRestrictedAt(bytes32 subject, uint256 timestamp) external view returns (Restriction memory);

    /// @notice What restricts each of `subjects` now, in the same order.
    /// Requirements: at most MAX_BATCH subjects.
    function checkMany(bytes32[] calldata subjects) external view returns (Restriction[] memory);

    /// @notice An objection. Requirements: it exists.
    function getObjection(uint256 objectionId) external view returns (Objection memory);

    /// @notice Ids of every objection against an entry, oldest first.
    function objectionIdsOf(uint256 entryId) external view returns (uint256[] memory);

    /// @notice Number of objections ever filed.
    function objectionCount() external view returns (uint256);
}

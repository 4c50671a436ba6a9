// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICredentialRegistry} from "./ICredentialRegistry.sol";

/// @title ICaseDocket
/// @notice Case filing, classification, required materials, submission windows, docketing by rule with a case
/// number, judgments with the obligations they impose, and transfers of a case between organs.
///
/// One id from filing to case: a filing keeps its id when it is docketed, and that id is the case's id (`caseId`).
///
/// The submission window of a filing opens at `filedAt` and closes at `windowEnds = filedAt + window` of its case
/// type. The window is OPEN while `block.timestamp < windowEnds` and EXPIRED from `block.timestamp >= windowEnds`:
/// the closing second itself belongs to the expired side (materials can no longer be added, anyone may docket).
///
/// Case numbers: (year, court, case type, sequence), rendered by courts as `(2026)京0491民初123号` from the court's
/// abbreviation and code. The year is the calendar year of the docketing block's time in China Standard Time
/// (UTC+8); the sequence runs from 1 per court, year and case type.
///
/// Review (立案审查): while a filing's window is open, a CLERK or REGISTRAR of the filing's court may refuse it
/// (不予受理) with a reason code and the hash of the ruling (`refuseFiling`, event `FilingRejected`); a refused
/// filing never gets a case number. Once the window has expired, a complete filing that was not refused is docketed
/// by rule, by anyone's call (先行立案): silence of the court never blocks a filing.
///
/// A court's abbreviation and code cannot change once it has docketed a case (case numbers already issued render
/// from them); a court that has not may reconfigure freely.
///
/// An organ acts in transfers through an account of that active member holding CLERK or REGISTRAR (or, for a court,
/// JUDGE); an account of the organ without one of these roles cannot transfer, accept or cancel.
///
/// Material kinds are small numbers (1..255) defined for the whole suite: 1 complaint, 2 identity proof,
/// 3 evidence list, 4 power of attorney, 5 mediation agreement, 6 judgment or ruling, 7 enforcement application,
/// 8 evidence, 9 other. A court's case type requires a set of them.
///
/// Agents (代理人): a lawyer, legal-aid worker or other professional who files for a party files with
/// `submitFilingAsAgent`, naming a credential of the CredentialRegistry. The docket refuses the filing if that
/// credential is not the caller's or not valid at that moment (`DocketAgentCredentialInvalid` with the registry's
/// reason) and records it (`AgentCredentialUsed`). Every later `addMaterials` by that filer checks the credential
/// again and records it; one whose credential has since been suspended, revoked, barred or has expired is refused.
/// Transfers are acts of organs (courts, procuratorates) through their staff, never of agents, so they carry no
/// credential.
interface ICaseDocket {
    // ------------------------------------------------------------------ types

    /// @notice Status of a filing (and of the case it becomes). Whether an `Open` filing's window is still open is
    /// derived from time ({isWindowOpen}), never stored.
    enum FilingStatus {
        None,
        Open,
        Docketed,
        Refused,
        Withdrawn,
        Judged
    }

    /// @notice A party's role in the filing (plaintiff / applicant, defendant / respondent, third party).
    enum PartyRole {
        None,
        Plaintiff,
        Defendant,
        ThirdParty
    }

    /// @notice Outcome of a judgment.
    enum Outcome {
        None,
        Upheld,
        PartlyUpheld,
        Dismissed,
        Mediated
    }

    /// @notice Why `docketMany` skipped a filing.
    enum SkipReason {
        None,
        UnknownFiling,
        NotOpen,
        WindowOpen
    }

    /// @notice Why a court refused a filing in its review (不予受理). `None` is never a valid reason.
    enum RefusalReason {
        None,
        NoStanding,
        NoDefiniteDefendant,
        NoSpecificClaim,
        NotWithinScope,
        NoJurisdiction,
        DuplicateSuit,
        Other
    }

    /// @notice What an agent did with a credential.
    enum AgentAct {
        None,
        Filing,
        Materials
    }

    /// @notice State of a transfer of a case between organs.
    enum TransferStatus {
        None,
        Pending,
        Accepted,
        Cancelled
    }

    /// @notice How a court writes its case numbers: abbreviation (e.g. "京") and court code (e.g. "0491").
    struct CourtConfig {
        bool configured;
        string abbreviation;
        string code;
    }

    /// @notice A case type of a court: the materials it requires (bit k set = kind k required) and its window.
    struct CaseTypeConfig {
        bool active;
        uint64 window;
        uint256 requiredKinds;
    }

    struct Party {
        bytes32 subject;
        PartyRole role;
    }

    struct MaterialInput {
        bytes32 contentHash;
        uint8 kind;
    }

    struct Material {
        bytes32 contentHash;
        uint8 kind;
        address addedBy;
        uint64 addedAt;
    }

    struct Filing {
        FilingStatus status;
        uint32 court;
        uint32 holder;
        uint16 year;
        uint32 sequence;
        uint64 filedAt;
        uint64 windowEnds;
        uint64 decidedAt;
        address filer;
        bytes32 caseType;
        uint256 claimAmount;
        uint256 presentKinds;
    }

    /// @notice One obligation a judgment imposes.
    struct Obligation {
        bytes32 debtor;
        address debtorAccount;
        address creditor;
        uint256 amount;
        uint64 dueDate;
    }

    struct Judgment {
        bytes32 documentHash;
        Outcome outcome;
        address judge;
        uint64 recordedAt;
        uint256 obligationCount;
    }

    struct Transfer {
        TransferStatus status;
        uint32 fromMember;
        uint32 toMember;
        uint64 initiatedAt;
        uint64 settledAt;
        address initiatedBy;
        address settledBy;
        bytes32 documentsHash;
    }

    // ------------------------------------------------------------------ events

    event CourtConfigured(uint32 indexed courtId, string abbreviation, string code, address indexed by);
    event CaseTypeSet(
        uint32 indexed courtId, bytes32 indexed caseType, uint8[] requiredKinds, uint64 window, address indexed by
    );
    event CaseTypeDisabled(uint32 indexed courtId, bytes32 indexed caseType, address indexed by);
    event FilingSubmitted(
        uint256 indexed filingId,
        uint32 indexed courtId,
        address indexed filer,
        bytes32 caseType,
        uint256 claimAmount,
        uint64 windowEnds
    );
    /// @notice A party of the filing: `subject` is its pseudonym for this case and role (never indexed: a pseudonym
    /// names one person in one case only, see docs/privacy.md).
    event PartyRecorded(uint256 indexed filingId, bytes32 subject, PartyRole role);
    event MaterialAdded(uint256 indexed filingId, bytes32 indexed contentHash, uint8 kind, address indexed by);
    event FilingReclassified(
        uint256 indexed filingId, bytes32 indexed from, bytes32 indexed to, uint64 windowEnds, address by
    );
    event FilingWithdrawn(uint256 indexed filingId, address indexed by);
    event FiledFromObligation(uint256 indexed filingId, uint256 indexed obligationId);
    event CaseDocketed(
        uint256 indexed caseId,
        uint32 indexed courtId,
        bytes32 indexed caseType,
        uint16 year,
        uint32 sequence,
        address by,
        bool early
    );
    event FilingRefused(uint256 indexed filingId, uint8[] missingKinds, address indexed by);
    /// @notice A clerk or registrar of the court refused the filing in its review (不予受理), with the ruling's hash.
    event FilingRejected(uint256 indexed filingId, RefusalReason reason, bytes32 rulingHash, address indexed by);
    event DocketSkipped(uint256 indexed filingId, SkipReason reason, uint64 windowEnds);
    event JudgmentRecorded(
        uint256 indexed caseId, bytes32 documentHash, Outcome outcome, uint256 obligationCount, address indexed judge
    );
    /// @notice An obligation the judgment imposes: `debtor` is the debtor's pseudonym in this case (not indexed);
    /// `debtorAccount` is the account the debtor pays from (the ObligationRegistry needs it).
    event JudgmentObligationRecorded(
        uint256 indexed caseId,
        uint256 index,
        bytes32 debtor,
        address debtorAccount,
        address indexed creditor,
        uint256 amount,
        uint64 dueDate
    );
    /// @notice An agent acted on the filing with the credential `credentialId`, valid at that moment.
    event AgentCredentialUsed(
        uint256 indexed filingId, address indexed agent, uint256 indexed credentialId, AgentAct act
    );
    event CaseTransferInitiated(
        uint256 indexed caseId,
        uint256 transferIndex,
        uint32 indexed fromMember,
        uint32 indexed toMember,
        bytes32 documentsHash,
        address by
    );
    event CaseTransferAccepted(uint256 indexed caseId, uint256 transferIndex, uint32 indexed toMember, address indexed by);
    event CaseTransferCancelled(uint256 indexed caseId, uint256 transferIndex, address indexed by);

    // ------------------------------------------------------------------ errors

    error DocketNotCourt(uint32 courtId);
    error DocketCourtNotConfigured(uint32 courtId);
    error DocketInvalidCourtConfig();
    error DocketNotCourtStaff(uint32 courtId, address account);
    error DocketNotClerk(uint32 courtId, address account);
    error DocketNotJudge(uint32 courtId, address account);
    error DocketInvalidCaseType(bytes32 caseType);
    error DocketUnknownCaseType(uint32 courtId, bytes32 caseType);
    error DocketInvalidWindow(uint64 window, uint64 maximum);
    error DocketInvalidMaterialKind(uint8 kind);
    error DocketZeroHash();
    error DocketDuplicateMaterial(uint256 filingId, bytes32 contentHash);
    error DocketInvalidParty(uint256 index);
    error DocketMissingParties(uint256 filingId);
    error DocketTooMany(uint256 count, uint256 maximum);
    error DocketUnknownFiling(uint256 filingId);
    error DocketUnexpectedStatus(uint256 filingId, FilingStatus current, FilingStatus expected);
    error DocketWindowOpen(uint256 filingId, uint64 closesAt);
    error DocketWindowClosed(uint256 filingId, uint64 closedAt);
    error DocketNotFiler(uint256 filingId, address account);
    error DocketNotFilerOrClerk(uint256 filingId, address account);
    error DocketSameCaseType(uint256 filingId, bytes32 caseType);
    error DocketIncomplete(uint256 filingId, uint8[] missingKinds);
    error DocketInvalidOutcome();
    error DocketInvalidObligation(uint256 index);
    error DocketUnknownObligation(uint256 caseId, uint256 index, uint256 count);
    error DocketNotHolder(uint256 caseId, uint32 holder, address account);
    error DocketInvalidTransferTarget(uint256 caseId, uint32 memberId);
    error DocketTransferPending(uint256 caseId, uint256 transferIndex);
    error DocketNoPendingTransfer(uint256 caseId);
    error DocketNotReceivingMember(uint256 caseId, uint32 toMember, address account);
    /// @notice The pending transfer goes to another chain: only its confirm or cancel message settles it.
    error DocketCrossChainTransfer(uint256 caseId, uint256 transferIndex);
    /// @notice Only a CLERK or REGISTRAR of the filing's court reviews (refuses) a filing.
    error DocketNotReviewer(uint32 courtId, address account);
    error DocketInvalidRefusalReason();
    /// @notice The court has docketed cases: its abbreviation and code can no longer change.
    error DocketCourtInUse(uint32 courtId);

    /// @notice The agent's credential is not valid now (or not the agent's): `reason` is the registry's validity.
    error DocketAgentCredentialInvalid(address agent, uint256 credentialId, ICredentialRegistry.Validity reason);
    /// @notice No CredentialRegistry is recorded in the hub, so no agent's credential can be checked.
    error DocketNoCredentialRegistry();

    // ------------------------------------------------------------------ court configuration

    /// @notice Set how a court writes its case numbers.
    /// @param courtId the court (a consortium member of kind Court)
    /// @param abbreviation the court's one-character province abbreviation, e.g. "京" (1 to 16 bytes)
    /// @param code the court's code, e.g. "0491" (1 to 16 bytes)
    /// Emits `CourtConfigured`.
    /// Requirements: `courtId` is a court; the caller is an account of that court holding CLERK or JUDGE; once the
    /// court has docketed a case, the abbreviation and code stay as they are (`DocketCourtInUse` otherwise).
    function configureCourt(uint32 courtId, string calldata abbreviation, string calldata code) external;

    /// @notice Create or replace a case type of a court. Filings already open keep the window they were given;
    /// the required materials of the type apply when they are docketed.
    /// @param courtId the court
    /// @param caseType type code, UTF-8 left-aligned in bytes32 (e.g. "民初", "执")
    /// @param requiredKinds material kinds (1..255) a filing of this type must have to be docketed
    /// @param window submission window in seconds (1 second to 365 days)
    /// Emits `CaseTypeSet`.
    /// Requirements: the court is configured; caller is court staff (CLERK or JUDGE of that court); non-zero type
    /// code; valid kinds and window.
    function setCaseType(uint32 courtId, bytes32 caseType, uint8[] calldata requiredKinds, uint64 window) external;

    /// @notice Stop accepting new filings of a case type (open filings are unaffected).
    /// Emits `CaseTypeDisabled`. Requirements: caller is court staff; the type is active.
    function disableCaseType(uint32 courtId, bytes32 caseType) external;

    // ------------------------------------------------------------------ filing

    /// @notice File a case online (any account: the litigant, or a clerk on the litigant's behalf).
    /// @param courtId the court
    /// @param caseType an active case type of that court
    /// @param parties salted identity commitments with their roles (at least one plaintiff and one defendant)
    /// @param claimAmount the amount claimed (0 for non-monetary claims)
    /// @param materials the first materials (content hash and kind)
    /// @return filingId the new filing's id (sequential from 1); it becomes the case id when docketed
    /// Emits `FilingSubmitted`, `PartyRecorded` per party and `MaterialAdded` per material.
    /// Requirements: active case type; 2..16 parties, none zero; at most 32 materials, each with a non-zero hash,
    /// a kind in 1..255, no hash twice.
    function submitFiling(
        uint32 courtId,
        bytes32 caseType,
        Party[] calldata parties,
        uint256 claimAmount,
        MaterialInput[] calldata materials
    ) external returns (uint256 filingId);

    /// @notice File a case as an agent with a professional credential (see "Agents" above); otherwise as
    /// `submitFiling`, the agent being the filer.
    /// @param credentialId the agent's credential in the CredentialRegistry
    /// Emits what `submitFiling` emits, then `AgentCredentialUsed(filingId, agent, credentialId, Filing)`.
    /// Requirements: those of `submitFiling`; a CredentialRegistry is recorded in the hub
    /// (`DocketNoCredentialRegistry`); the credential is the caller's and valid now (`DocketAgentCredentialInvalid`).
    function submitFilingAsAgent(
        uint32 courtId,
        bytes32 caseType,
        Party[] calldata parties,
        uint256 claimAmount,
        MaterialInput[] calldata materials,
        uint256 credentialId
    ) external returns (uint256 filingId);

    /// @notice Add materials to a filing while its window is open.
    /// Emits `MaterialAdded` per material; when the filer of an agent's filing adds them, `AgentCredentialUsed(...,
    /// Materials)` first.
    /// Requirements: status Open and window open (`DocketWindowClosed` otherwise); caller is the filer or a clerk of
    /// the filing's court; 1..32 materials, valid, no hash already in the filing; for an agent's filing added by the
    /// filer, the filing's credential is still valid (`DocketAgentCredentialInvalid`).
    function addMaterials(uint256 filingId, MaterialInput[] calldata materials) external;

    /// @notice Change the case type of an open filing. The window becomes the new type's, counted from filing.
    /// Emits `FilingReclassified`. Requirements: status Open, window open; caller is a clerk of the filing's court;
    /// the new type is active and differs from the current one.
    function reclassify(uint256 filingId, bytes32 caseType) external;

    /// @notice Withdraw a filing that is not yet docketed or refused. Emits `FilingWithdrawn`.
    /// Requirements: status Open; caller is the filer.
    function withdraw(uint256 filingId) external;

    // ------------------------------------------------------------------ docketing

    /// @notice Refuse a filing in the court's review (不予受理) while its window is open; it never gets a number.
    /// @param filingId the filing
    /// @param reason why (not `None`)
    /// @param rulingHash content hash of the ruling that refuses it (non-zero)
    /// Emits `FilingRejected`.
    /// Requirements: status Open and window open (`DocketWindowClosed` otherwise); caller is an account of the
    /// filing's court holding CLERK or REGISTRAR (`DocketNotReviewer`); a reason; a non-zero ruling hash.
    function refuseFiling(uint256 filingId, RefusalReason reason, bytes32 rulingHash) external;

    /// @notice Docket a filing by rule; anyone may call once the window has expired. A complete filing is docketed
    /// with the next case number of its court, year and type; an incomplete one is refused (status Refused, the
    /// missing kinds in `FilingRefused`). A clerk of the court may docket a complete filing before expiry.
    /// @return docketed true if docketed, false if refused
    /// Emits `CaseDocketed` or `FilingRefused`.
    /// Requirements: status Open; the window has expired (`DocketWindowOpen(filingId, closesAt)` otherwise), or the
    /// caller is a clerk of the court and the filing is complete (`DocketIncomplete` otherwise).
    function docket(uint256 filingId) external returns (bool docketed);

    /// @notice Apply the docketing rule to each id whose window has expired; skip (never revert) the rest.
    /// @param filingIds up to 100 ids
    /// @return docketedCount how many were docketed (refusals and skips are not counted)
    /// Emits per id `CaseDocketed`, `FilingRefused` or `DocketSkipped` with the reason.
    /// Requirements: at most 100 ids.
    function docketMany(uint256[] calldata filingIds) external returns (uint256 docketedCount);

    // ------------------------------------------------------------------ judgment and transfer

    /// @notice Record the judgment of a docketed case held by the judge's court.
    /// @param caseId the case
    /// @param documentHash hash of the judgment document
    /// @param outcome the outcome
    /// @param obligations what the judgment imposes (up to 16), each with non-zero debtor, creditor and amount and
    /// a due date not before now
    /// Emits `JudgmentRecorded` and `JudgmentObligationRecorded` per obligation.
    /// Requirements: status Docketed; no transfer pending; caller is a JUDGE of the member holding the case; non-zero
    /// document hash; an outcome other than None.
    function recordJudgment(uint256 caseId, bytes32 documentHash, Outcome outcome, Obligation[] calldata obligations)
        external;

    /// @notice Transfer a case to another organ (court or procuratorate); it takes effect when accepted.
    /// @param caseId the case
    /// @param toMember the receiving member (kind Court or Procuratorate, active, not the holder)
    /// @param documentsHash hash of the transferred case file
    /// @return transferIndex index of the transfer in the case's transfer list
    /// Emits `CaseTransferInitiated`.
    /// Requirements: status Docketed or Judged; no transfer pending; caller acts for the holder (an account of that
    /// active member holding CLERK or REGISTRAR, or for a court JUDGE).
    function transferCase(uint256 caseId, uint32 toMember, bytes32 documentsHash)
        external
        returns (uint256 transferIndex);

    /// @notice Accept the pending transfer; the receiving member becomes the holder. Emits `CaseTransferAccepted`.
    /// Requirements: a transfer is pending; caller acts for the receiving member (an account of it holding CLERK or
    /// REGISTRAR, or for a court JUDGE; a role-less account of the organ cannot).
    function acceptTransfer(uint256 caseId) external;

    /// @notice Cancel the pending transfer. Emits `CaseTransferCancelled`.
    /// Requirements: a transfer is pending; caller acts for the holder.
    function cancelTransfer(uint256 caseId) external;

    /// @notice Lock a case as in transfer to another chain (called by the cross-chain case contract only, for `by`,
    /// who must act for the holder). The transfer's `toMember` is 0: the receiving organ is on the other chain.
    /// @return transferIndex index of the transfer in the case's transfer list
    /// Emits `CaseTransferInitiated` (toMember 0).
    /// Requirements: caller is the suite contract under key CrossChainCases; as `transferCase` for `by`.
    function transferCaseOut(uint256 caseId, address by, bytes32 documentsHash) external returns (uint256 transferIndex);

    /// @notice Settle the pending cross-chain transfer: `transferred` (the other chain accepted; the case has no holder
    /// here any more) or not (returned or timed out; the holder keeps it).
    /// Emits `CaseTransferAccepted` (toMember 0) or `CaseTransferCancelled`.
    /// Requirements: caller is the suite contract under key CrossChainCases; a cross-chain transfer is pending.
    function settleCaseOut(uint256 caseId, bool transferred) external;

    // ------------------------------------------------------------------ views

    /// @notice Number of filings ever made (ids run from 1 to this).
    function filingCount() external view returns (uint256);

    /// @notice A filing's record. Requirements: it exists.
    function getFiling(uint256 filingId) external view returns (Filing memory);

    /// @notice A filing's parties. Requirements: it exists.
    function getParties(uint256 filingId) external view returns (Party[] memory);

    /// @notice A filing's materials in order of addition. Requirements: it exists.
    function getMaterials(uint256 filingId) external view returns (Material[] memory);

    /// @notice The credential an agent filed with (0 for a filing made without one).
    function agentCredential(uint256 filingId) external view returns (uint256);

    /// @notice Whether the filing is Open and its window has not expired (`block.timestamp < windowEnds`).
    function isWindowOpen(uint256 filingId) external view returns (bool);

    /// @notice Kinds its case type requires that the filing lacks, ascending. Requirements: it exists.
    function missingKinds(uint256 filingId) external view returns (uint8[] memory);

    /// @notice Whether `docket(filingId)` by anyone would docket or refuse it now (Open and window expired).
    function isDue(uint256 filingId) external view returns (bool);

    /// @notice A court's case-number configuration.
    function courtConfig(uint32 courtId) external view returns (CourtConfig memory);

    /// @notice A court's case type (inactive and zero if never set).
    function caseTypeConfig(uint32 courtId, bytes32 caseType) external view returns (CaseTypeConfig memory);

    /// @notice The case number as courts write it, e.g. "(2026)京0491民初123号". Requirements: docketed.
    function caseNumber(uint256 caseId) external view returns (string memory);

    /// @notice Last sequence number given for (court, year, type); the next case gets this plus one.
    function lastSequence(uint32 courtId, uint16 year, bytes32 caseType) external view returns (uint32);

    /// @notice The judgment of a case. Requirements: status Judged (or judged and transferred).
    function getJudgment(uint256 caseId) external view returns (Judgment memory);

    /// @notice A case's transfers, oldest first. Requirements: the filing exists.
    function getTransfers(uint256 caseId) external view returns (Transfer[] memory);

    /// @notice The calendar year of `timestamp` in China Standard Time (UTC+8).
    function chinaYear(uint256 timestamp) external pure returns (uint16);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {IEnforcementIntake} from "./ISuiteHooks.sol";

/// @title IEnforcementOffice
/// @notice Enforcement cases: creditors and their claims, asset reports by custodians, freeze / deduct / release /
/// termination orders under two-person control (an enforcement officer proposes, a different judge approves, a
/// custodian executes), escrow of seized money in the settlement token, distribution by legal priority in pages,
/// pull withdrawals, closure, termination for lack of property with credit listing, and automatic resumption.
///
/// Payees (who may ever receive a case's money): the case's first creditor is fixed by the enforceable title (the
/// applicant named at `openCase`, or the obligation's creditor when the ObligationRegistry opens the case on
/// default). Every other creditor — costs, priority or ordinary, including the costs named at `openCase` — is
/// admitted under two-person control: one account proposes the admission (`proposeAdmission`, or the opener for the
/// costs of `openCase`), a judge other than the proposer approves it (`approveAdmission`); both steps are events and
/// operations of the case's audit chain. No single account can therefore add a payee to a case.
///
/// Orders and termination: an order belongs to the case's current period; a termination starts a new one, so an
/// order proposed or approved before a termination is void after it (propose it again once the case resumes). An
/// order executes only while its approving judge still holds JUDGE (automatic orders excepted). A terminated case
/// resumes only on a report of property with a value above zero.
///
/// Rounds block nothing: a distribution round covers the creditors admitted when it started; an admission approved
/// during a round joins from the next round, and a termination takes effect during a round (which still completes).
/// So no deposit and no `distribute` call, by anyone, can hold up an admission or a termination.
///
/// Money of a case (all in the settlement token): `frozen` is held at custodian banks under confirmed freezes (not in
/// the office); `seized` is what entered the office for the case (deductions and deposits); `distributed` is what was
/// credited to creditors; `withdrawn` what they took out; `owed = distributed - withdrawn`; `undistributed = seized -
/// distributed`; `outstanding` is the sum of unpaid claims. The office's token balance always equals
/// Σ over cases of (undistributed + owed). Seizures are capped at `outstanding - undistributed`, so the office never
/// holds more for a case than its claims.
///
/// Distribution (one round = everything undistributed when the round starts, processed in pages of caller-chosen
/// size, the cursor kept in the case): claims are grouped in tiers — tier 0 costs, tiers 1..8 priority (secured)
/// claims by rank, tier 9 ordinary claims. The money fills tiers in order; each tier receives
/// `fill = min(tierOutstanding, money left)`. Inside a tier that is filled completely, every claim is paid in full.
/// Inside the (at most one) partially filled tier, shares are pro rata by **cumulative rounding**: walking the
/// creditors in admission order with `S_i` the running sum of the tier's outstanding claims up to and including
/// creditor i and `T` the tier's total, creditor i receives `floor(fill·S_i/T) − floor(fill·S_{i−1}/T)`. The shares
/// telescope to exactly `fill` (the sum credited always equals the money available), each share is the exact pro
/// rata amount rounded down or up, never above the claim, and the integer remainder goes deterministically to the
/// creditors whose cumulative boundary crosses an integer (admission order), without sorting.
///
/// Audit chain: every operation on a case emits `AuditRecorded` and advances the case's head, starting from zero:
///   opHash = keccak256(abi.encode(actor, approver, ref, amount))
///   head'  = keccak256(abi.encode(head, caseId, seq, opKind, opHash))      (seq = 1, 2, ...; abi.encode, not packed)
/// with `actor`, `approver` (zero when none), `ref` (creditor, admission, asset or order id, or round) and `amount` as
/// emitted (an approved admission is recorded as CreditorAdmitted with its approving judge as `approver`), and
/// `caseId`, `seq` as uint256, `opKind` as uint8. An auditor recomputes the chain from the events alone and compares it
/// with `auditHead(caseId)`: a missing, reordered or altered operation breaks it.
///
/// Credit listing: on termination the office lists the debtor in the CreditRegistry registered in the hub
/// (`ICreditListing.listFromEnforcement`, evidence = the termination order's basis hash) with the kinds chosen in the
/// termination order's `amount` = mask | (dishonestReason << 8): mask bit 1 (value 2) a high-consumption ban (kind 2,
/// reason 101 "did not perform within the period of the enforcement notice"); mask bit 0 (value 1) a dishonest-debtor
/// entry (kind 1) with the judge-reviewed reason 1..6 of the CreditRegistry in bits 8..15. E.g. 2 = ban only,
/// 0x0403 = ban and dishonest for reason 4. The registry's subject is the debtor's credit key, which the termination
/// order carries in its `assetId` (`uint256(creditKey)`; see docs/privacy.md): the case itself knows the debtor only
/// by the case's pseudonym, which links to no other case. An order with `assetId` 0 lists under the case's `debtor`
/// instead (for a debtor whose pseudonym is the credit key). The key of the first executed termination is kept for
/// the case; a later termination must name the same. On closure with every claim paid the office delists
/// (`delistFromEnforcement`, under that key). When no CreditRegistry is registered the step is skipped and `CreditRegistryMissing`
/// is emitted.
interface IEnforcementOffice is IEnforcementIntake {
    enum CaseStatus {
        None,
        Open,
        Terminated,
        Closed
    }

    enum ClaimClass {
        None,
        Costs,
        Priority,
        Ordinary
    }

    enum AssetKind {
        None,
        BankDeposit,
        RealEstate,
        Vehicle,
        Securities,
        Other
    }

    enum OrderKind {
        None,
        Freeze,
        Deduct,
        Release,
        Terminate
    }

    enum OrderStatus {
        None,
        Proposed,
        Approved,
        Executed,
        Cancelled
    }

    /// @notice Operation kinds of the audit chain.
    enum OpKind {
        None,
        Opened,
        CreditorAdmitted,
        AssetReported,
        OrderProposed,
        OrderApproved,
        OrderExecuted,
        OrderCancelled,
        Deposited,
        DistributionPage,
        Withdrawn,
        Terminated,
        Resumed,
        Closed,
        AdmissionProposed,
        AdmissionCancelled
    }

    enum AdmissionStatus {
        None,
        Proposed,
        Approved,
        Cancelled
    }

    struct Case {
        bytes32 debtor;
        address debtorAccount;
        CaseStatus status;
        bool autoApproval;
        bool judiciallyConfirmed;
        bool listed;
        bool distributing;
        uint32 creditorCount;
        // the case's period: the number of terminations so far; an order of an earlier period is void
        uint16 terminations;
        // one slot, non-zero from the case's opening (audit sequence 1): a distribution page moves the cursor and
        // the audit sequence in it, a withdrawal the sequence and `withdrawn` (bounded by the claims, below 2^128)
        uint32 cursor;
        uint32 round;
        uint64 auditSeq;
        uint128 withdrawn;
        uint64 openedAt;
        address openedBy;
        // creditors [0, roundCreditors) take part in the round in progress (later admissions join the next round)
        uint32 roundCreditors;
        uint256 obligationId;
        bytes32 titleHash;
        uint256 outstanding;
        uint256 frozen;
        uint256 seized;
        uint256 distributed;
        uint256 roundAvailable;
    }

    struct Creditor {
        address payee;
        ClaimClass class_;
        uint8 rank;
        uint256 claim;
        // one slot, read and written once by a withdrawal (a case's claims together stay below 2^128)
        uint128 credited;
        uint128 withdrawn;
        bytes32 basisHash;
    }

    struct Asset {
        uint256 caseId;
        AssetKind kind;
        uint32 custodianMember;
        address reporter;
        bytes32 ref;
        uint256 value;
        uint256 frozen;
        uint256 deducted;
    }

    struct Order {
        uint256 caseId;
        OrderKind kind;
        OrderStatus status;
        bool automatic;
        // the case's period (`Case.terminations`) when the order was proposed; void once the case was terminated
        uint16 period;
        uint256 assetId;
        uint256 amount;
        uint256 executedAmount;
        address proposer;
        address approver;
        address executor;
        bytes32 basisHash;
    }

    /// @notice A proposed admission of a creditor; `creditorId` is set once approved.
    struct Admission {
        uint256 caseId;
        address payee;
        ClaimClass class_;
        uint8 rank;
        AdmissionStatus status;
        uint256 claim;
        address proposer;
        address approver;
        uint32 creditorId;
        bytes32 basisHash;
    }

    struct CaseMoney {
        uint256 frozen;
        uint256 seized;
        uint256 distributed;
        uint256 withdrawn;
        uint256 owed;
        uint256 outstanding;
        uint256 undistributed;
    }

    /// @notice `debtor` is the debtor's pseudonym in this case (not indexed); `debtorAccount` the account the
    /// debtor acts from, where the title names one.
    event CaseOpened(
        uint256 indexed caseId,
        bytes32 debtor,
        uint256 indexed obligationId,
        address openedBy,
        address debtorAccount,
        bytes32 titleHash,
        bool autoApproval
    );
    event AssetInquiryIssued(uint256 indexed caseId, bytes32 debtor);
    event CreditorAdmitted(
        uint256 indexed caseId,
        uint256 creditorId,
        address indexed payee,
        ClaimClass class_,
        uint8 rank,
        uint256 claim,
        bytes32 basisHash,
        address indexed admittedBy
    );
    event AdmissionProposed(
        uint256 indexed admissionId,
        uint256 indexed caseId,
        address indexed proposer,
        address payee,
        ClaimClass class_,
        uint8 rank,
        uint256 claim,
        bytes32 basisHash
    );
    /// @notice Followed in the same transaction by the `CreditorAdmitted` of `creditorId`.
    event AdmissionApproved(
        uint256 indexed admissionId, uint256 indexed caseId, address indexed approver, address proposer, uint256 creditorId
    );
    event AdmissionCancelled(uint256 indexed admissionId, uint256 indexed caseId, address indexed by);
    event AssetReported(
        uint256 indexed caseId,
        uint256 indexed assetId,
        address indexed reporter,
        uint32 custodianMember,
        AssetKind kind,
        bytes32 ref,
        uint256 value
    );
    event OrderProposed(
        uint256 indexed orderId,
        uint256 indexed caseId,
        address indexed proposer,
        OrderKind kind,
        uint256 assetId,
        uint256 amount,
        bytes32 basisHash
    );
    event OrderApproved(uint256 indexed orderId, uint256 indexed caseId, address indexed approver, bool automatic);
    event OrderCancelled(uint256 indexed orderId, uint256 indexed caseId, address indexed by);
    event OrderExecuted(
        uint256 indexed orderId,
        uint256 indexed caseId,
        address indexed executor,
        OrderKind kind,
        uint256 assetId,
        uint256 amount,
        address proposer,
        address approver
    );
    event Deposited(uint256 indexed caseId, address indexed from, uint256 amount);
    event DistributionStarted(uint256 indexed caseId, uint32 round, uint256 available);
    event DistributionCredited(
        uint256 indexed caseId, uint256 indexed creditorId, address indexed payee, uint32 round, uint256 amount
    );
    event DistributionCompleted(uint256 indexed caseId, uint32 round, uint256 distributed);
    event Withdrawn(uint256 indexed caseId, uint256 indexed creditorId, address indexed payee, uint256 amount);
    event CaseTerminated(uint256 indexed caseId, uint256 indexed orderId, address proposer, address approver);
    event CaseResumed(uint256 indexed caseId, uint256 indexed assetId, address indexed reporter);
    event CaseClosed(uint256 indexed caseId, uint256 frozenReleased);
    /// @notice Termination listed the case's debtor: CreditRegistry entry `entryId` of `kind` (its subject, the
    /// debtor's credit key, is in the registry's `EntryListed`, not here).
    event DebtorListed(uint256 indexed caseId, uint8 kind, uint256 entryId);
    /// @notice Closure ended `entries` CreditRegistry entries sourced from the case.
    event DebtorDelisted(uint256 indexed caseId, uint256 entries);
    /// @notice No CreditRegistry is registered in the hub: the listing (or delisting) step was skipped.
    event CreditRegistryMissing(uint256 indexed caseId, bool listing);
    event AutoApprovalCapChanged(uint256 previousCap, uint256 newCap);
    /// @notice The case's audit head advanced (see the contract NatSpec for the formula).
    event AuditRecorded(
        uint256 indexed caseId,
        uint64 seq,
        OpKind opKind,
        address indexed actor,
        address approver,
        uint256 ref,
        uint256 amount,
        bytes32 opHash,
        bytes32 head
    );

    error EnforcementUnknownCase(uint256 caseId);
    error EnforcementUnexpectedStatus(uint256 caseId, CaseStatus current, CaseStatus expected);
    error EnforcementUnknownCreditor(uint256 caseId, uint256 creditorId);
    error EnforcementUnknownAsset(uint256 assetId);
    error EnforcementUnknownOrder(uint256 orderId);
    error EnforcementOrderUnexpectedStatus(uint256 orderId, OrderStatus current, OrderStatus expected);
    error EnforcementSelfApproval(uint256 orderId, address account);
    error EnforcementNotOrderParty(uint256 orderId, address account);
    error EnforcementNotAssetCustodian(uint256 assetId, address account);
    error EnforcementAssetOfOtherCase(uint256 assetId, uint256 caseId);
    error EnforcementInvalidOrder(OrderKind kind, uint256 assetId, uint256 amount);
    error EnforcementInvalidClaim(ClaimClass class_, uint8 rank, uint256 claim);
    error EnforcementAmountTooLarge(uint256 amount, uint256 limit);
    error EnforcementZeroAmount();
    error EnforcementZeroAddress();
    error EnforcementZeroDebtor();
    error EnforcementNotPayee(uint256 caseId, uint256 creditorId, address account);
    error EnforcementNothingOwed(uint256 caseId, uint256 creditorId);
    error EnforcementNothingToDistribute(uint256 caseId);
    error EnforcementNotOpener(address account);
    error EnforcementUnknownAdmission(uint256 admissionId);
    error EnforcementAdmissionUnexpectedStatus(uint256 admissionId, AdmissionStatus current, AdmissionStatus expected);
    error EnforcementAdmissionSelfApproval(uint256 admissionId, address account);
    error EnforcementNotAdmissionParty(uint256 admissionId, address account);
    /// @notice The order was proposed before the case's last termination (`period` < `current`): void.
    error EnforcementOrderVoid(uint256 orderId, uint16 period, uint16 current);
    /// @notice The judge who approved the order no longer holds JUDGE: the order cannot be executed.
    error EnforcementApproverNotJudge(uint256 orderId, address approver);

    /// @notice Open a case on application (by a clerk or judge), with its first creditor (the title creditor) and
    /// optionally a proposed admission of the costs: the costs creditor exists only once a judge other than the
    /// opener approves that admission (`approveAdmission`), so the opener alone never chooses a payee.
    /// @param debtor salted commitment to the debtor's identity
    /// @param debtorAccount the debtor's address, or zero
    /// @param titleHash hash of the enforceable title
    /// @param creditor the applicant creditor named in the title (ordinary claim)
    /// @param claim the applicant's claim
    /// @param costs enforcement costs, paid first once admitted (0 for none)
    /// @param costsPayee the court account proposed to receive the costs (ignored when costs is 0)
    /// @return caseId the new case
    /// Emits CaseOpened, AssetInquiryIssued, CreditorAdmitted, AuditRecorded, and with costs AdmissionProposed.
    /// Requirements: caller holds CLERK or JUDGE; debtor, creditor non-zero; claim > 0; costsPayee non-zero when
    /// costs > 0; the case's claims together below 2^128 (else EnforcementAmountTooLarge).
    function openCase(
        bytes32 debtor,
        address debtorAccount,
        bytes32 titleHash,
        address creditor,
        uint256 claim,
        uint256 costs,
        address costsPayee
    ) external returns (uint256 caseId);

    /// @notice A judge proposes admitting another creditor (joining the distribution), or costs, to an open case.
    /// The creditor exists only once a different judge approves (`approveAdmission`).
    /// @param payee the account that will be paid
    /// @param class_ Costs, Priority (with rank 1..8, lower first) or Ordinary (rank 0)
    /// @param claim the claim (> 0)
    /// @param basisHash hash of the admission basis (application, judgment, wage ruling ...)
    /// @return admissionId the proposal
    /// Emits AdmissionProposed, AuditRecorded. Requirements: JUDGE; case Open; payee non-zero; a valid class, rank
    /// and claim (else EnforcementInvalidClaim).
    function proposeAdmission(
        uint256 caseId,
        address payee,
        ClaimClass class_,
        uint8 rank,
        uint256 claim,
        bytes32 basisHash
    ) external returns (uint256 admissionId);

    /// @notice A judge other than the proposer approves an admission: the creditor joins the case (and the
    /// distribution from the next round on, if a round is in progress).
    /// @return creditorId the creditor's index in the case (admission order)
    /// Emits AdmissionApproved, CreditorAdmitted, AuditRecorded. Requirements: JUDGE; not the proposer
    /// (EnforcementAdmissionSelfApproval); admission Proposed; case Open; the case's claims together below 2^128
    /// (else EnforcementAmountTooLarge).
    function approveAdmission(uint256 admissionId) external returns (uint256 creditorId);

    /// @notice The proposer or a judge withdraws a proposed admission.
    /// Emits AdmissionCancelled, AuditRecorded. Requirements: admission Proposed; caller the proposer or a JUDGE.
    function cancelAdmission(uint256 admissionId) external;

    /// @notice A custodian answers the asset inquiry. On a terminated case a report of property worth something
    /// (value > 0) resumes the case. On a case under the automatic policy a bank deposit gets an automatically
    /// approved freeze up to what is still needed.
    /// @return assetId the new asset
    /// Emits AssetReported, AuditRecorded and possibly CaseResumed, OrderProposed, OrderApproved.
    /// Requirements: CUSTODIAN; case Open or Terminated; kind not None; value > 0 on a terminated case
    /// (EnforcementZeroAmount).
    function reportAsset(uint256 caseId, AssetKind kind, bytes32 ref, uint256 value) external returns (uint256 assetId);

    /// @notice An enforcement officer proposes an order. For Freeze/Deduct/Release `assetId` is an asset of the case
    /// (a bank deposit) and `amount` the ceiling; for Terminate `assetId` is the debtor's credit key as uint256 (or 0:
    /// list under the case's debtor pseudonym), `amount` the listing choice (mask | dishonestReason << 8, see the
    /// contract notice) and `basisHash` non-zero (the termination ruling).
    /// Emits OrderProposed, AuditRecorded. Requirements: ENFORCEMENT_OFFICER; case Open; for Terminate, the credit
    /// key the same as an earlier termination's of the case, if any (else EnforcementInvalidOrder).
    function proposeOrder(uint256 caseId, OrderKind kind, uint256 assetId, uint256 amount, bytes32 basisHash)
        external
        returns (uint256 orderId);

    /// @notice A judge other than the proposer approves; a termination takes effect at once.
    /// Emits OrderApproved, AuditRecorded (and for Terminate: OrderExecuted, CaseTerminated, DebtorListed or
    /// CreditRegistryMissing). Requirements: JUDGE; not the proposer; order Proposed; case Open; the order proposed
    /// since the case's last termination (else EnforcementOrderVoid). A distribution round in progress does not
    /// block a termination.
    function approveOrder(uint256 orderId) external;

    /// @notice The proposer or a judge cancels an order not yet executed.
    /// Emits OrderCancelled, AuditRecorded.
    function cancelOrder(uint256 orderId) external;

    /// @notice A custodian of the member that reported the asset executes an approved order. Freeze: `amount` is the
    /// amount actually frozen (≤ order amount). Deduct: transfers `amount` from the custodian (who approved the
    /// office) into the office, credited to the case (≤ order amount, ≤ frozen, ≤ still needed). Release: unfreezes.
    /// Emits OrderExecuted, AuditRecorded (and under the automatic policy, after a freeze, an approved Deduct order).
    /// Requirements: CUSTODIAN of the asset's member; order Approved; case Open; the order proposed since the case's
    /// last termination (else EnforcementOrderVoid); its approving judge still holds JUDGE, unless the order was
    /// approved automatically (else EnforcementApproverNotJudge); 0 < amount within the limits.
    function executeOrder(uint256 orderId, uint256 amount) external;

    /// @notice Anyone (the debtor, typically) pays money into the case, capped at what is still needed.
    /// Emits Deposited, AuditRecorded. Requirements: case Open or Terminated.
    function deposit(uint256 caseId, uint256 amount) external;

    /// @notice Distribute the case's undistributed money: starts a round if none is in progress (over the creditors
    /// admitted at that moment), then credits up to `maxCreditors` of them (at most 300 per page, whatever is asked,
    /// so that no page approaches a block's gas) from the cursor. Anyone may call (the rule decides, not the
    /// caller); a round in progress blocks neither admissions nor termination. The last page completes the round;
    /// if no claim is left outstanding the case closes.
    /// @return processed creditors visited in this page
    /// @return done whether the round completed
    /// Emits DistributionStarted, DistributionCredited, DistributionCompleted, AuditRecorded, maybe CaseClosed.
    function distribute(uint256 caseId, uint256 maxCreditors) external returns (uint256 processed, bool done);

    /// @notice The creditor's payee withdraws what it is owed (pull payment).
    /// Emits Withdrawn, AuditRecorded. Requirements: caller is the payee; something owed.
    function withdraw(uint256 caseId, uint256 creditorId) external returns (uint256 amount);

    /// @notice Governance sets the amount cap under which cases from judicially confirmed obligations auto-approve.
    /// Emits AutoApprovalCapChanged. Requirements: an executed hub proposal.
    function setAutoApprovalCap(uint256 cap) external;

    /// @notice The ERC-20 in which the office holds and pays money.
    function settlementToken() external view returns (address);

    /// @notice Cases from judicially confirmed obligations with an amount at most this are approved automatically.
    function autoApprovalCap() external view returns (uint256);

    /// @notice Number of cases (ids are 1..caseCount).
    function caseCount() external view returns (uint256);

    /// @notice Number of asset reports (ids are 1..assetCount).
    function assetCount() external view returns (uint256);

    /// @notice Number of orders (ids are 1..orderCount).
    function orderCount() external view returns (uint256);

    /// @notice A case. Requirements: the case exists (EnforcementUnknownCase).
    function getCase(uint256 caseId) external view returns (Case memory);

    /// @notice Creditor `creditorId` (0-based admission order) of a case, with what was credited and withdrawn.
    function getCreditor(uint256 caseId, uint256 creditorId) external view returns (Creditor memory);

    /// @notice An asset report; `frozen` reads 0 once its case is closed.
    function getAsset(uint256 assetId) external view returns (Asset memory);

    /// @notice An order with its proposer, approver (the office itself for automatic approvals) and executor.
    function getOrder(uint256 orderId) external view returns (Order memory);

    /// @notice Number of admission proposals (ids are 1..admissionCount).
    function admissionCount() external view returns (uint256);

    /// @notice An admission proposal with its proposer, approver and (once approved) creditor id.
    /// Requirements: the admission exists (EnforcementUnknownAdmission).
    function getAdmission(uint256 admissionId) external view returns (Admission memory);

    /// @notice The case's money; `frozen` reads 0 once the case is closed (closure releases every freeze).
    /// @return m frozen, seized, distributed, withdrawn, owed, outstanding, undistributed
    function caseMoney(uint256 caseId) external view returns (CaseMoney memory);
    /// @notice The case's audit head and the sequence number of its last operation.
    /// @return head the current head (zero before any operation)
    /// @return seq the number of operations recorded
    function auditHead(uint256 caseId) external view returns (bytes32 head, uint64 seq);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title IBankruptcyEstate
/// @notice The bankruptcy estate under the PRC Enterprise Bankruptcy Law (2006): the case opened by the court,
/// claims filed and reviewed into a claims table (art. 44-58), objections, creditors' meetings with ballots counted by
/// heads and by amount, per class (art. 59-64, 82-87, 97), court acts under two judges (art. 65, 87, 64 para. 2), and
/// distribution in the statutory order (art. 41-43, 109-110, 113-119) through the suite's paged pro-rata engine
/// (ProRata, shared with the enforcement office). Meetings and ballots live in the CreditorsMeeting contract, whose
/// voting register the estate keeps in step; the court acts on meetings are approved here and recorded there.
/// Two-person rule: every court act is proposed by one judge and approved by another (both in events); money
/// leaves the estate only on a payout the case's administrator proposes and a judge approves. The claims table is
/// frozen for voting while a meeting of the case is convened and not closed (CreditorsMeeting refuses the change),
/// and for distribution while a round is paged.
interface IBankruptcyEstate {
    enum CaseStatus {
        None,
        Proposed,
        Open,
        Closed
    }

    /// @notice What a claim is, which fixes its distribution tier: expenses (art. 41) and common-benefit debts
    /// (art. 42) first, then art. 113 (1) wages and employee items, (2) social insurance and taxes, (3) ordinary.
    enum ClaimKind {
        None,
        Expense,
        CommonBenefit,
        Employee,
        SocialInsurance,
        Tax,
        Ordinary
    }

    /// @dev Filed: filed by the creditor, or listed by the administrator (employees, art. 48)
    /// Reviewed: in the claims table with the administrator's amount (art. 57)
    /// Disputed: objected to and not yet ruled on: reserved in distribution (art. 119)
    /// Confirmed: by the court (art. 58)
    enum ClaimStatus {
        None,
        Filed,
        Reviewed,
        Rejected,
        Disputed,
        Confirmed
    }

    /// @dev ConfirmClaims: ref = first claim id, value = last claim id (inclusive)
    /// SetProvisional: ref = claim id, value = provisional voting amount (art. 59 para. 2)
    /// SetObjectionDeadline: value = time
    /// RuleObjection: ref = objection id, value = the amount the court finds (0 rejects the claim); also on a closed
    /// case, for a litigation ending within art. 119's two years (the reserve is paid up to the amount found, the rest goes to the other creditors in a round of its own)
    /// Override: ref = meeting id + (agenda item << 128)
    /// CramDown: ref = meeting id + (agenda item << 128), value = bitmask of the art. 87 conditions found (bits 0-5)
    /// Revoke: ref = meeting id + (agenda item << 128)
    /// ReleaseReserve: ref = a disputed claim id, value 0: its reserve returns to the estate (art. 119); also on a
    /// closed case, where the reserve goes at once to the other creditors in a round of its own
    /// SetConditional: ref = claim id; value 1: the claim is under a condition (art. 117), its shares are reserved;
    /// value 0: the condition came out for the creditor (precedent met, subsequent not met) before the final
    /// distribution announcement: the reserve is paid to it
    enum ActKind {
        None,
        Open,
        ConfirmClaims,
        SetProvisional,
        SetObjectionDeadline,
        RuleObjection,
        Override,
        CramDown,
        Revoke,
        ReleaseReserve,
        Close,
        SetConditional
    }

    enum ActStatus {
        None,
        Proposed,
        Approved,
        Cancelled
    }

    /// @dev Collateral: ref = the secured claim paid first from its collateral's proceeds (art. 109)
    enum PayoutKind {
        None,
        Round,
        FinalRound,
        Collateral
    }

    enum PayoutStatus {
        None,
        Proposed,
        Approved
    }

    struct Case {
        bytes32 debtor;
        address administrator;
        CaseStatus status;
        bool distributing;
        bool finalStarted;
        uint32 claimCount;
        uint32 round;
        uint32 cursor;
        uint32 roundClaims;
        uint64 announcedAt;
        uint64 filingDeadline;
        uint64 objectionDeadline;
        uint256 smallClaimLimit;
        uint256 held; // money in the estate not credited to anyone
        uint256 credited; // credited to claimants (withdrawable)
        uint256 withdrawn;
        uint256 reserved; // held back for disputed claims (art. 119)
        uint64 finalAt; // the final round completed (the final distribution announcement, art. 116 para. 2), or
        // the latest round completed after it (a supplementary round of released money, announced likewise)
        uint64 closedAt; // the court ended the procedure (art. 120): art. 119's two years run from here
    }

    struct Claim {
        address account;
        ClaimKind kind;
        ClaimStatus status;
        bool secured;
        bool late; // filed after the deadline: joins only later rounds (art. 56)
        bool inTier; // counted in its distribution tier
        uint16 openObjections;
        bool conditional; // art. 117: its shares are reserved until the final distribution announcement
        uint128 filed;
        uint128 amount; // reviewed, then confirmed or ruled
        uint128 provisional; // voting amount of an unconfirmed claim set by the court (art. 59)
        uint128 credited;
        uint128 withdrawn;
        uint128 reserve;
        bytes32 creditorKey;
        bytes32 evidence;
    }

    struct Act {
        uint256 caseId;
        ActKind kind;
        ActStatus status;
        address proposer;
        address approver;
        uint256 ref;
        uint256 value;
        bytes32 basis;
    }

    struct Payout {
        uint256 caseId;
        PayoutKind kind;
        PayoutStatus status;
        address proposer;
        address approver;
        uint256 ref;
        uint256 amount;
    }

    // -- events ---------------------------------------------------------------------------------------------------

    event ActProposed(
        uint256 indexed actId, uint256 indexed caseId, ActKind kind, address indexed proposer, uint256 ref, uint256 value,
        bytes32 basis
    );
    event ActApproved(uint256 indexed actId, uint256 indexed caseId, ActKind kind, address indexed approver, address proposer);
    event ActCancelled(uint256 indexed actId, uint256 indexed caseId, address indexed by);
    event CaseProposed(
        uint256 indexed caseId, bytes32 indexed debtor, address administrator, uint64 announcedAt, uint64 filingDeadline,
        uint256 smallClaimLimit
    );
    event CaseOpened(uint256 indexed caseId, address indexed proposer, address indexed approver);
    event CaseClosed(uint256 indexed caseId, uint256 undistributed, uint64 closedAt);
    event ClaimFiled(
        uint256 indexed caseId, uint256 indexed claimId, address indexed account, ClaimKind kind, bool secured,
        uint256 amount, bytes32 creditorKey, bytes32 evidence, bool late, address by
    );
    event ClaimReviewed(uint256 indexed caseId, uint256 indexed claimId, ClaimStatus status, uint256 amount, bytes32 basis);
    event ClaimConfirmed(uint256 indexed caseId, uint256 indexed claimId, uint256 amount, uint256 actId);
    event ProvisionalAmountSet(uint256 indexed caseId, uint256 indexed claimId, uint256 amount, uint256 actId);
    event PriorityWaived(uint256 indexed caseId, uint256 indexed claimId);
    event ObjectionDeadlineSet(uint256 indexed caseId, uint64 deadline, uint256 actId);
    event ObjectionFiled(
        uint256 indexed caseId, uint256 indexed objectionId, uint256 indexed claimId, uint256 byClaim, bytes32 reason
    );
    event ObjectionAnswered(uint256 indexed caseId, uint256 indexed objectionId, bytes32 answer);
    event ObjectionRuled(uint256 indexed caseId, uint256 indexed objectionId, uint256 indexed claimId, uint256 amount, uint256 actId);
    event Deposited(uint256 indexed caseId, address indexed from, uint256 amount);
    event PayoutProposed(uint256 indexed payoutId, uint256 indexed caseId, PayoutKind kind, uint256 ref, uint256 amount, address indexed proposer);
    event PayoutApproved(uint256 indexed payoutId, uint256 indexed caseId, address indexed approver, address proposer);
    event CollateralPaid(uint256 indexed caseId, uint256 indexed claimId, uint256 paid, uint256 deficiency, uint256 surplus);
    event RoundStarted(uint256 indexed caseId, uint256 indexed round, uint256 available, bool final_);
    event Credited(uint256 indexed caseId, uint256 indexed claimId, uint256 indexed round, uint256 amount, bool reserved);
    event RoundCompleted(uint256 indexed caseId, uint256 indexed round, uint256 paid, uint256 returned);
    event ReserveReleased(uint256 indexed caseId, uint256 indexed claimId, uint256 amount, bool toClaimant, uint256 actId);
    event ClaimConditional(uint256 indexed caseId, uint256 indexed claimId, bool conditional, uint256 actId);
    /// @notice The final round (or a round after it) completed at `at`: money credited and not withdrawn lapses to
    /// the other creditors after `unclaimedAfter` (art. 118: two months after the final distribution announcement).
    event FinalDistribution(uint256 indexed caseId, uint256 indexed round, uint64 at, uint64 unclaimedAfter);
    /// @notice Past its statutory deadline, `amount` of the claim left it for the other creditors, distributed in
    /// the round `round` (art. 118: credited, not collected; art. 119: the reserve of a claim still litigated).
    event Lapsed(uint256 indexed caseId, uint256 indexed claimId, uint256 amount, uint16 article, uint256 round, address by);
    event Withdrawn(uint256 indexed caseId, uint256 indexed claimId, address indexed to, uint256 amount);

    // -- errors ---------------------------------------------------------------------------------------------------

    error BankruptcyUnknownCase(uint256 caseId);
    error BankruptcyUnexpectedCaseStatus(uint256 caseId, CaseStatus current, CaseStatus expected);
    error BankruptcyInvalidWindow(uint256 announcedAt, uint256 filingDeadline);
    error BankruptcyZeroAddress();
    error BankruptcyZeroAmount();
    error BankruptcyAmountTooLarge(uint256 amount, uint256 limit);
    error BankruptcyNotAdministrator(uint256 caseId, address account);
    error BankruptcyUnknownClaim(uint256 caseId, uint256 claimId);
    error BankruptcyUnexpectedClaimStatus(uint256 claimId, ClaimStatus current);
    error BankruptcyInvalidKind(ClaimKind kind);
    error BankruptcyFilingClosed(uint256 caseId);
    error BankruptcyNotClaimant(uint256 claimId, address account);
    error BankruptcyObjectionWindowClosed(uint256 caseId, uint256 deadline);
    error BankruptcyUnknownObjection(uint256 objectionId);
    error BankruptcyObjectionPending(uint256 claimId);
    error BankruptcyUnknownAct(uint256 actId);
    error BankruptcyUnexpectedActStatus(uint256 actId, ActStatus current);
    error BankruptcySelfApproval(uint256 actId, address account);
    error BankruptcyInvalidAct(ActKind kind, uint256 ref, uint256 value);
    error BankruptcyUnknownPayout(uint256 payoutId);
    error BankruptcyDistributing(uint256 caseId);
    error BankruptcyNothingOwed(uint256 claimId);
    error BankruptcyNotActParty(uint256 actId, address account);
    error BankruptcyMeetingsMissing();
    error BankruptcyObjectionWindowOpen(uint256 caseId, uint256 deadline);
    error BankruptcyNotDue(uint256 claimId, uint256 dueAfter);

    // -- court acts -----------------------------------------------------------------------------------------------

    /// @notice A judge proposes opening a case (art. 10-14): the debtor's commitment, the administrator, the acceptance
    /// announcement and the filing deadline (art. 45: at least 30 days, at most 3 months = 92 days after it).
    /// @return caseId The new case (Proposed); actId The opening act a second judge approves.
    /// Emits CaseProposed, ActProposed. Requirements: JUDGE; 30 days <= deadline - announcement <= 92 days.
    function proposeOpening(
        bytes32 debtor,
        address administrator,
        uint64 announcedAt,
        uint64 filingDeadline,
        uint256 smallClaimLimit,
        bytes32 basis
    ) external returns (uint256 caseId, uint256 actId);

    /// @notice A judge proposes a court act on an open case (see ActKind for ref and value).
    /// Emits ActProposed. Requirements: JUDGE; the case Open; the act well formed.
    function proposeAct(uint256 caseId, ActKind kind, uint256 ref, uint256 value, bytes32 basis)
        external
        returns (uint256 actId);

    /// @notice A second judge approves an act, which takes effect now.
    /// Emits ActApproved and the act's own events. Requirements: JUDGE other than the proposer; the act Proposed.
    function approveAct(uint256 actId) external;

    /// @notice The proposer or any judge withdraws a proposed act. Emits ActCancelled.
    function cancelAct(uint256 actId) external;

    // -- claims ---------------------------------------------------------------------------------------------------

    /// @notice A creditor files a claim (art. 48-49): kind Ordinary, Tax or SocialInsurance, secured or not, with the
    /// hash of its evidence. After the deadline the claim is late (art. 56) and joins only later rounds; no filing
    /// after the final round started. Emits ClaimFiled. Requirements: the case Open; amount > 0.
    function fileClaim(uint256 caseId, ClaimKind kind, bool secured, uint256 amount, bytes32 creditorKey, bytes32 evidence)
        external
        returns (uint256 claimId);

    /// @notice The administrator lists a claim that is not filed: employees (art. 48), expenses (art. 41) and
    /// common-benefit debts (art. 42). Emits ClaimFiled. Requirements: the case's administrator.
    function listClaim(uint256 caseId, address account, ClaimKind kind, uint256 amount, bytes32 creditorKey, bytes32 evidence)
        external
        returns (uint256 claimId);

    /// @notice The administrator reviews a claim into the claims table (art. 57), accepting `amount` or rejecting it.
    /// Emits ClaimReviewed. Requirements: administrator; the case Open; Filed or Reviewed; amount <= filed.
    function reviewClaim(uint256 claimId, bool accept, uint256 amount, bytes32 basis) external;

    /// @notice A secured creditor waives its priority (art. 59 para. 3) and votes like an unsecured creditor.
    /// Emits PriorityWaived (and CreditorsMeeting.VoteWeightChanged). Requirements: the claim's account; secured.
    function waivePriority(uint256 claimId) external;

    /// @notice A creditor of the case objects to another claim before the court's objection deadline.
    /// Emits ObjectionFiled. Requirements: the caller holds claim `byClaim`; before the deadline.
    function object(uint256 claimId, uint256 byClaim, bytes32 reason) external returns (uint256 objectionId);

    /// @notice The administrator answers an objection. Emits ObjectionAnswered.
    function answerObjection(uint256 objectionId, bytes32 answer) external;

    // -- money ----------------------------------------------------------------------------------------------------

    /// @notice The administrator pays realised estate money in. Emits Deposited.
    function deposit(uint256 caseId, uint256 amount) external;

    /// @notice The administrator proposes a distribution round or a collateral payment. Emits PayoutProposed.
    function proposePayout(uint256 caseId, PayoutKind kind, uint256 ref, uint256 amount) external returns (uint256 payoutId);

    /// @notice A judge other than the proposer approves a payout; a round then starts, a collateral payment is
    /// credited. Emits PayoutApproved and RoundStarted or CollateralPaid.
    function approvePayout(uint256 payoutId) external;

    /// @notice Anyone pages the round in progress over up to `maxClaims` claims. Emits Credited, RoundCompleted.
    function distribute(uint256 caseId, uint256 maxClaims) external returns (uint256 processed, bool done);

    /// @notice The claim's account withdraws what it was credited. Emits Withdrawn.
    function withdraw(uint256 claimId) external returns (uint256 amount);

    /// @notice Anyone, once a statutory deadline has passed, sends a claim's unpaid money to the other creditors:
    /// it leaves the claim (which leaves distribution) and a round of exactly that amount starts over the case's
    /// claims in the statutory order, paged by `distribute`; no one chooses a payee.
    /// - art. 117: the reserve of a claim still marked conditional a day after the final distribution announcement
    ///   (`Case.finalAt` + 1 day, the court's day to record a condition met on the announcement day);
    /// - art. 118: money credited to the claim and not withdrawn, more than two months (62 days, the longest two
    ///   calendar months) after the final distribution announcement (`Case.finalAt`, renewed by every later round);
    /// - art. 119: the reserve of a claim still disputed (litigated), more than two years (731 days) after the
    ///   procedure ended (`Case.closedAt`). A ruling or release by the court before then wins (court acts still
    ///   take a closed case's RuleObjection and ReleaseReserve).
    /// Emits Lapsed, RoundStarted. Requirements: the deadline passed; no round in progress; something to release.
    function lapse(uint256 claimId) external returns (uint256 amount, uint16 article);

    /// @notice The release deadlines of a case: after `unclaimedAfter` (art. 118) and `litigatedAfter` (art. 119)
    /// `lapse` takes the money; 0 while not yet fixed (no final round completed, case not closed).
    function releaseDeadlines(uint256 caseId) external view returns (uint64 unclaimedAfter, uint64 litigatedAfter);

    // -- views ----------------------------------------------------------------------------------------------------

    /// @notice The settlement token the estate holds and pays in.
    function settlementToken() external view returns (address);
    function caseCount() external view returns (uint256);
    function getCase(uint256 caseId) external view returns (Case memory);
    function getClaim(uint256 claimId) external view returns (Claim memory);
    function getAct(uint256 actId) external view returns (Act memory);
    function getPayout(uint256 payoutId) external view returns (Payout memory);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title IMeetingRequests
/// @notice Requests for a creditors' meeting and the creditors' committee of a bankruptcy case (PRC Enterprise
/// Bankruptcy Law art. 62, 67-69).
/// Art. 62: a later meeting is held when the court deems it necessary, or on the proposal of the administrator, the
/// creditors' committee, or creditors holding one quarter or more of the total claims ("占债权总额四分之一以上").
/// Creditors join the case's current request with their claims (directly, or by EIP-712 signed support relayed by
/// anyone); a claim counts once with its voting amount in the meeting register (CreditorsMeeting.getVoice); the
/// request reaches the threshold when 4 * support >= the total of every class's voting amounts
/// (CreditorsMeeting.classTotals, classes Secured..SocialInsurance), integers cross-multiplied ("以上" is inclusive,
/// Civil Code art. 1259). Anyone may recount a supporting claim to its current amount, so support from a claim later
/// reduced or rejected cannot keep a request at the threshold.
/// The committee's request (art. 68 (3)) reaches its threshold when more than half of all its members joined
/// (Provisions (III) on the Enterprise Bankruptcy Law, art. 13: "全体成员过半数": 2 * joined > members).
/// Answer period (the rule of this suite; the law fixes none): the administrator or the court must convene the
/// meeting (its notice, art. 63: 15 days before the meeting) and link it here within 15 days of the request reaching
/// its threshold; after that the request is overdue and the keeper reports it.
/// Committee (art. 67): at most 9 members, the creditors' representatives chosen by a meeting's resolution
/// (art. 61 (8)) plus one employee or trade-union representative; they take office on the court's written decision,
/// here a court act proposed by one judge and approved by another.
/// Supervision (art. 69): the administrator reports each act of the art. 69 list to the committee (to the court
/// where no committee is in office) as an anchored document hash with the act's kind.
interface IMeetingRequests {
    enum RequestKind {
        None,
        Creditors,
        Committee
    }

    /// @dev Open: collecting support; Reached: at the threshold, awaiting its meeting; Answered: a meeting linked.
    enum RequestStatus {
        None,
        Open,
        Reached,
        Answered
    }

    /// @notice The acts of art. 69 para. 1, items (1)-(10), in the law's order: (1) 涉及土地、房屋等不动产权益的转让
    /// (2) 探矿权、采矿权、知识产权等财产权的转让 (3) 全部库存或者营业的转让 (4) 借款 (5) 设定财产担保 (6) 债权和有价证券的转让
    /// (7) 履行债务人和对方当事人均未履行完毕的合同 (8) 放弃权利 (9) 担保物的取回 (10) 对债权人利益有重大影响的其他财产处分行为.
    enum SupervisedAct {
        None,
        RealProperty,
        PropertyRights,
        InventoryOrBusiness,
        Borrowing,
        Security,
        ClaimsAndSecurities,
        ExecutoryContract,
        Waiver,
        CollateralRecovery,
        OtherDisposal
    }

    struct Request {
        uint256 caseId;
        RequestKind kind;
        RequestStatus status;
        uint32 supporters; // claims (Creditors) or members (Committee) joined
        uint32 meetingsBefore; // CreditorsMeeting.meetingCount() when the request opened: an answer convened later
        uint32 answeredBy; // the meeting linked
        uint64 term; // Committee: the appointment in office when the request opened
        uint64 openedAt;
        uint64 reachedAt;
        uint64 answeredAt;
        uint256 support; // Creditors: the sum of the joined claims' counted voting amounts
    }

    struct Appointment {
        uint256 caseId;
        uint256 chosenBy; // the agenda item that chose the representatives (art. 61 (8)): meeting id + (item << 128)
        address proposer;
        address approver;
        address employeeRep; // the employees' or trade union's representative (art. 67)
        uint64 approvedAt;
        bool cancelled;
        bytes32 decision; // hash of the court's written decision (art. 67 para. 2)
        address[] creditorReps;
    }

    struct Report {
        uint256 caseId;
        SupervisedAct kind;
        uint64 term; // the committee in office reported to; 0: none, reported to the court (art. 69 para. 2)
        uint64 reportedAt;
        address by;
        bytes32 document;
    }

    /// @notice Support signed off chain: EIP-712 domain ("CourtchainMeetingRequests", "1") and type
    /// `Support(uint256 requestId,uint256 claimId,uint256 deadline)`.
    struct SignedSupport {
        uint256 claimId;
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    event RequestOpened(
        uint256 indexed caseId, uint256 indexed requestId, RequestKind kind, uint256 meetingsBefore, uint256 term,
        address by
    );
    /// @notice A claim (Creditors: `ref` the claim id, `amount` its voting amount) or a member (Committee: `ref` 0,
    /// `amount` 0) joined.
    event RequestSupported(
        uint256 indexed requestId, uint256 indexed ref, address indexed account, uint256 amount, uint256 support,
        bool relayed
    );
    /// @notice A relayed support refused without reverting its batch. reason: 1 bad signature or signer, 2 expired,
    /// 3 claim already joined, 4 no voting amount in this case.
    event SupportSkipped(uint256 indexed requestId, uint256 indexed claimId, uint8 reason);
    event SupportRecounted(uint256 indexed requestId, uint256 indexed claimId, uint256 oldAmount, uint256 newAmount);
    /// @notice The request reached its threshold at `reachedAt`; the meeting must be linked by `dueAt`. Creditors:
    /// `support` / `total` the amounts compared (4 * support >= total); Committee: joined members / members.
    event RequestReached(
        uint256 indexed caseId, uint256 indexed requestId, RequestKind kind, uint256 support, uint256 total,
        uint64 reachedAt, uint64 dueAt
    );
    /// @notice A recount took the request back below its threshold (its answer period no longer runs).
    event RequestThresholdLost(uint256 indexed caseId, uint256 indexed requestId, uint256 support, uint256 total);
    event RequestAnswered(
        uint256 indexed caseId, uint256 indexed requestId, uint256 indexed meetingId, bool late, address by
    );
    event CommitteeProposed(
        uint256 indexed appointmentId, uint256 indexed caseId, address indexed proposer, uint256 chosenBy,
        address[] creditorReps, address employeeRep, bytes32 decision
    );
    event CommitteeAppointed(
        uint256 indexed appointmentId, uint256 indexed caseId, address indexed approver, address proposer, uint256 members
    );
    event CommitteeProposalCancelled(uint256 indexed appointmentId, uint256 indexed caseId, address indexed by);
    event ActReported(
        uint256 indexed caseId, uint256 indexed reportId, SupervisedAct kind, uint256 term, bytes32 document, address by
    );

    error RequestCaseNotOpen(uint256 caseId);
    error RequestNotCreditor(uint256 caseId, uint256 claimId, address account);
    error RequestAlreadySupported(uint256 requestId, uint256 ref);
    error RequestUnknown(uint256 requestId);
    error RequestNotOpen(uint256 requestId, RequestStatus status);
    error RequestNotAnswerer(uint256 caseId, address account);
    error RequestBadAnswer(uint256 requestId, uint256 meetingId);
    error CommitteeNotMember(uint256 caseId, address account);
    error CommitteeInvalid(uint256 reason);
    error CommitteeUnknownAppointment(uint256 appointmentId);
    error CommitteeSelfApproval(uint256 appointmentId, address judge);
    error CommitteeNotProposed(uint256 appointmentId);
    error RequestNotAdministrator(uint256 caseId, address account);
    error RequestInvalidAct(SupervisedAct kind);

    // -- creditors' requests (art. 62) --------------------------------------------------------------------------------

    /// @notice The claim's voting account joins the case's current creditors' request (opening one if none is open or
    /// reached). Emits RequestOpened (when it opens one), RequestSupported, RequestReached (when it reaches 1/4).
    /// Requirements: the case open in the estate; the caller the claim's account in CreditorsMeeting with a voting
    /// amount > 0 in this case; the claim not joined yet. @return requestId The request joined.
    function support(uint256 caseId, uint256 claimId) external returns (uint256 requestId);

    /// @notice Anyone relays signed support for an open or reached creditors' request; a bad one is skipped with
    /// SupportSkipped, never reverting the batch. Emits RequestSupported or SupportSkipped per item, RequestReached
    /// once if the batch takes it to 1/4. Requirements: a creditors' request, Open or Reached.
    /// @return accepted Claims joined.
    function relaySupport(uint256 requestId, SignedSupport[] calldata items) external returns (uint256 accepted);

    /// @notice Anyone recounts joined claims to their current voting amount (0 if the claim no longer votes in the
    /// case) and re-checks the threshold. Emits SupportRecounted per changed claim, RequestReached or
    /// RequestThresholdLost when the status changes. Requirements: a creditors' request, Open or Reached; claims not
    /// joined are ignored.
    function recount(uint256 requestId, uint256[] calldata claimIds) external;

    // -- the committee's request (art. 68 (3)) ----------------------------------------------------------------------

    /// @notice A member of the committee in office joins the committee's current request (opening one if none of this
    /// committee is open or reached). Emits RequestOpened, RequestSupported, RequestReached (more than half of all
    /// members). Requirements: the caller a member of the case's committee in office; not joined yet.
    function committeeSupport(uint256 caseId) external returns (uint256 requestId);

    /// @notice The case's administrator or a judge links the meeting convened on the request. Emits RequestAnswered
    /// (`late` when linked after the answer period). Requirements: the request Open or Reached; the meeting of the
    /// same case, convened after the request opened (its id above `meetingsBefore`).
    function answer(uint256 requestId, uint256 meetingId) external;

    // -- committee (art. 67) and supervision (art. 69) ---------------------------------------------------------------

    /// @notice A judge proposes the committee's members for the court's written decision (art. 67). Emits
    /// CommitteeProposed. Requirements: JUDGE; the case open; `chosenBy` an ordinary agenda item of a meeting of the
    /// case (meeting id + (item << 128); item 0 is the plain meeting id), Passed or Overridden (art. 61 (8), 65); 1..8 creditors' representatives, distinct, non-zero, plus
    /// one employee representative not among them (at most 9 members).
    function proposeCommittee(
        uint256 caseId,
        uint256 chosenBy,
        address[] calldata creditorReps,
        address employeeRep,
        bytes32 decision
    ) external returns (uint256 appointmentId);

    /// @notice Another judge approves: the members take office, replacing any committee before. Emits
    /// CommitteeAppointed. Requirements: JUDGE, not the proposer; the proposal pending; the case open.
    function approveCommittee(uint256 appointmentId) external;

    /// @notice A judge withdraws a pending proposal. Emits CommitteeProposalCancelled. Requirements: JUDGE; pending.
    function cancelCommittee(uint256 appointmentId) external;

    /// @notice The administrator reports an act of art. 69 to the committee in office (to the court where none is).
    /// Emits ActReported. Requirements: the case's administrator; the case open; a kind of the list.
    function reportAct(uint256 caseId, SupervisedAct kind, bytes32 document) external returns (uint256 reportId);

    // -- views ------------------------------------------------------------------------------------------------------

    function getRequest(uint256 requestId) external view returns (Request memory);
    /// @notice The case's request of `kind` still to be answered (0: none).
    function currentRequest(uint256 caseId, RequestKind kind) external view returns (uint256);
    /// @notice Whether a claim joined the request and the amount it counts with.
    function supportOf(uint256 requestId, uint256 claimId) external view returns (bool joined, uint256 amount);
    /// @notice The total claims of art. 62: every class's voting amount in CreditorsMeeting.
    function totalClaims(uint256 caseId) external view returns (uint256);
    /// @notice Reached and not answered within 15 days of reaching the threshold.
    function isOverdue(uint256 requestId) external view returns (bool);
    function dueAt(uint256 requestId) external view returns (uint256);
    function getAppointment(uint256 appointmentId) external view returns (Appointment memory);
    /// @notice The appointment in office for the case (0: no committee).
    function committeeOf(uint256 caseId) external view returns (uint256 appointmentId);
    function isMember(uint256 caseId, address account) external view returns (bool);
    function getReport(uint256 reportId) external view returns (Report memory);
    function requestCount() external view returns (uint256);
    function appointmentCount() external view returns (uint256);
    function reportCount() external view returns (uint256);
    function supportDigest(uint256 requestId, uint256 claimId, uint256 deadline) external view returns (bytes32);
}

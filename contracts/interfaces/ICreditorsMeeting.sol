// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title ICreditorsMeeting
/// @notice Creditors' meetings of a bankruptcy case (PRC Enterprise Bankruptcy Law art. 59-64, 82-87, 97): the
/// voting register the estate keeps in step (each claim's account, class and voting amount), meetings convened with
/// notice, ballots sent directly or signed off chain (EIP-712) and relayed in batches, tallies kept per class in O(1)
/// per ballot, and the result computed at closing in constant work per class.
/// Thresholds compare integers by cross-multiplication: "过半数" is strict, "以上" inclusive (Civil Code
/// art. 1259). Ordinary resolution (art. 64): 2*forHeads > presentHeads and 2*forAmount >= all unsecured claims.
/// Composition (art. 97): the same heads, 3*forAmount >= 2*all unsecured claims. Distribution plan: art. 64 thresholds.
/// Reorganisation (art. 84): per class 2*forHeads > presentHeads and 3*forAmount >= 2*the class's claims; the plan
/// passes when every class passes; the failing classes may vote once more (art. 87). "Present" means having cast a
/// ballot, abstention included. Secured creditors who kept their priority vote neither on composition nor on the
/// distribution plan (art. 59); on ordinary resolutions they count by head, their secured claims outside the
/// unsecured total. Art. 83 social-insurance claims do not vote on the reorganisation plan.
interface ICreditorsMeeting {
    /// @notice Voting classes (art. 82): secured, employees, taxes, ordinary, the optional small-claims group; and
    /// art. 83 social insurance, which votes on ordinary resolutions only.
    enum VoteClass {
        None,
        Secured,
        Employee,
        Tax,
        Ordinary,
        SmallClaims,
        SocialInsurance
    }

    enum ResolutionKind {
        None,
        Ordinary,
        Composition,
        DistributionPlan,
        Reorganisation
    }

    /// @dev Overridden: art. 65
    /// Revoked: art. 64 para. 2
    /// CrammedDown: art. 87
    enum ResolutionStatus {
        None,
        Convened,
        Passed,
        Failed,
        Overridden,
        Revoked,
        CrammedDown
    }

    enum Choice {
        None,
        For,
        Against,
        Abstain
    }

    /// @notice Court acts on a meeting (approved by two judges in the estate): 1 Override, 2 CramDown, 3 Revoke.
    enum CourtRuling {
        None,
        Override,
        CramDown,
        Revoke
    }

    struct Meeting {
        uint256 caseId;
        ResolutionKind kind;
        ResolutionStatus status;
        uint8 classMask; // classes voting (bit k: VoteClass k; bit 0: the whole meeting as one)
        uint8 passedMask;
        bool revoted;
        uint32 parent; // the failed reorganisation meeting whose failing classes vote once more, else 0
        uint64 startsAt;
        uint64 closesAt;
        uint64 closedAt;
        bytes32 agendaHash;
    }

    struct Tally {
        uint32 forHeads;
        uint32 againstHeads;
        uint32 presentHeads;
        uint128 forAmount;
        uint128 againstAmount;
        uint128 presentAmount;
    }

    struct Voice {
        address account;
        VoteClass voteClass;
        uint32 nonce;
        uint48 caseId;
    }

    /// @notice A relayed ballot signed off chain: EIP-712 domain ("CourtchainCreditorsMeeting", "1") and type
    /// `Ballot(uint256 meetingId,uint256 claimId,uint8 choice,uint256 nonce,uint256 deadline)`.
    struct SignedBallot {
        uint256 claimId;
        Choice choice;
        uint256 nonce;
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    event CaseRegistered(uint256 indexed caseId, address indexed administrator, uint64 filingDeadline);
    event VoteWeightChanged(
        uint256 indexed caseId, uint256 indexed claimId, address account, VoteClass oldClass, uint256 oldWeight,
        VoteClass newClass, uint256 newWeight
    );
    event MeetingConvened(
        uint256 indexed caseId, uint256 indexed meetingId, ResolutionKind kind, uint64 startsAt, uint64 closesAt,
        uint8 classMask, uint256 parent, bytes32 agendaHash, address by
    );
    event BallotCast(
        uint256 indexed meetingId, uint256 indexed claimId, Choice choice, VoteClass class_, uint256 amount, bool relayed
    );
    /// @notice A relayed ballot refused without reverting its batch. reason: 1 bad signature or signer, 2 expired,
    /// 3 wrong nonce, 4 already voted, 5 no vote on this resolution, 6 bad choice or claim of another case.
    event BallotSkipped(uint256 indexed meetingId, uint256 indexed claimId, uint8 reason);
    /// @notice The published count of one class (class None: the whole meeting, for a resolution not by class).
    event ClassTallied(
        uint256 indexed meetingId,
        VoteClass indexed class_,
        bool passed,
        uint256 forHeads,
        uint256 againstHeads,
        uint256 presentHeads,
        uint256 totalHeads,
        uint256 forAmount,
        uint256 againstAmount,
        uint256 presentAmount,
        uint256 totalAmount
    );
    event MeetingClosed(
        uint256 indexed caseId, uint256 indexed meetingId, ResolutionStatus status, uint8 passedMask, address by
    );
    event ResolutionRuled(
        uint256 indexed meetingId, ResolutionStatus status, CourtRuling ruling, uint256 actId, uint256 conditions
    );

    error BankruptcyTableFrozen(uint256 caseId);
    error BankruptcyCaseNotRegistered(uint256 caseId);
    error BankruptcyNotConvener(uint256 caseId, address account);
    error BankruptcyInvalidMeeting(uint64 startsAt, uint64 closesAt);
    error BankruptcyUnknownMeeting(uint256 meetingId);
    error BankruptcyUnexpectedResolutionStatus(uint256 meetingId, ResolutionStatus current);
    error BankruptcyVotingClosed(uint256 meetingId);
    error BankruptcyVotingOpen(uint256 meetingId, uint256 closesAt);
    error BankruptcyNotVoter(uint256 claimId, address account);
    error BankruptcyNoVote(uint256 meetingId, uint256 claimId);
    error BankruptcyAlreadyVoted(uint256 meetingId, uint256 claimId);

    /// @notice The estate registers an opened case: its administrator and filing deadline.
    /// Emits CaseRegistered. Requirements: the BankruptcyEstate recorded in the hub.
    function registerCase(uint256 caseId, address administrator, uint64 filingDeadline) external;

    /// @notice The estate sets a claim's vote (art. 59): its account, class and voting amount (0: none).
    /// Emits VoteWeightChanged when it changes. Requirements: the estate; no meeting of the case convened and open.
    function setVoice(uint256 caseId, uint256 claimId, address account, VoteClass class_, uint256 weight) external;

    /// @notice The estate records a court act on a meeting approved by two judges (art. 65, 87, 64 para. 2).
    /// Emits ResolutionRuled. Requirements: the estate; the meeting of `caseId`; the statutory pattern: Override a
    /// failed resolution that is not a reorganisation plan; CramDown a plan that failed after its re-vote, `conditions`
    /// the art. 87 conditions found (bits 0-5); Revoke a passed resolution within 15 days of its meeting's close.
    function rule(uint256 caseId, uint256 meetingId, CourtRuling ruling, uint256 conditions, uint256 actId) external;

    /// @notice The case's administrator (or a judge) convenes a meeting on one resolution, with 15 days' notice
    /// (art. 63); the first meeting of the case within 15 days after the filing deadline (art. 62); `parent` names a
    /// failed reorganisation meeting whose failing classes vote once more (art. 87, once). The claims table is frozen
    /// from now to the close. Emits MeetingConvened.
    function convene(
        uint256 caseId,
        ResolutionKind kind,
        uint64 startsAt,
        uint64 closesAt,
        uint256 parent,
        bytes32 agendaHash
    ) external returns (uint256 meetingId);

    /// @notice The claim's account casts its ballot. Emits BallotCast. Requirements: voting open; a vote on this
    /// resolution; not voted yet.
    function vote(uint256 meetingId, uint256 claimId, Choice choice) external;

    /// @notice The administrator relays EIP-712 ballots; a bad one is skipped with BallotSkipped, never reverting
    /// the batch. Emits BallotCast or BallotSkipped per ballot. @return accepted Ballots counted.
    function relayBallots(uint256 meetingId, SignedBallot[] calldata ballots) external returns (uint256 accepted);

    /// @notice Anyone closes a meeting once voting closed; constant work per class. Emits ClassTallied per class,
    /// MeetingClosed. @return status Passed or Failed.
    function closeMeeting(uint256 meetingId) external returns (ResolutionStatus status);

    function getMeeting(uint256 meetingId) external view returns (Meeting memory);
    function getTally(uint256 meetingId, VoteClass class_) external view returns (Tally memory);
    function getVoice(uint256 claimId) external view returns (Voice memory voice, uint256 weight);
    /// @notice Heads and voting amounts per class now (the thresholds' denominators).
    function classTotals(uint256 caseId, VoteClass class_) external view returns (uint256 heads, uint256 amount);
    function openMeetings(uint256 caseId) external view returns (uint256);
    function meetingCount() external view returns (uint256);
    function hasVoted(uint256 meetingId, uint256 claimId) external view returns (bool);
    function ballotDigest(uint256 meetingId, uint256 claimId, Choice choice, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32);
}

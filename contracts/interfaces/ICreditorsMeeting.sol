// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title ICreditorsMeeting
/// @notice Creditors' meetings of a bankruptcy case (PRC Enterprise Bankruptcy Law art. 59-64, 82-87, 97): the
/// voting register the estate keeps in step (each claim's account, class and voting amount) and the shareholders the
/// administrator proposes and a judge approves (art. 85), meetings convened with notice on an agenda of up to 8
/// resolutions (items), one ballot per voter carrying one choice per item (2 bits per item, sent directly or signed off
/// chain with EIP-712 and relayed in batches), tallies kept per item and class in O(items) per ballot, and each
/// item's result computed at closing in constant work per item and class.
/// Thresholds compare integers by cross-multiplication: "过半数" is strict, "以上" inclusive (Civil Code
/// art. 1259). Ordinary resolution (art. 64): 2*forHeads > presentHeads and 2*forAmount >= all unsecured claims.
/// Composition (art. 97): the same heads, 3*forAmount >= 2*all unsecured claims. Distribution plan: art. 64 thresholds.
/// Reorganisation (art. 84): per class 2*forHeads > presentHeads and 3*forAmount >= 2*the class's claims; the plan
/// passes when every voting class passes (art. 86); the failing classes may vote once more (art. 87), per plan item.
/// Shareholders' class (出资人组, art. 85 para. 2): set up only on a plan item marked as adjusting the shareholders'
/// equity; it passes when the shareholders voting for hold two-thirds or more of the voting rights of the shareholders
/// taking part in the vote (3*forShares >= 2*presentShares, at least one share for; no head count). The law itself sets
/// no threshold for this class; the rule is the one courts apply, stated in the Supreme People's Court's 2012 minutes
/// on the reorganisation of listed companies (《关于审理上市公司破产重整案件工作座谈会纪要》, 法〔2012〕261号, on
/// 出资人组 voting: "经参与表决的出资人所持表决权三分之二以上通过"), cited without an authoritative copy at hand: see
/// docs/bankruptcy.md for the source's status.
/// Voting rights are equity shares in millionths (1,000,000 = 100 % of the registered capital or share capital).
/// "Present" means having cast a ballot on the item, abstention included. Secured creditors who kept their priority
/// vote neither on composition nor on the distribution plan (art. 59): their ballot is counted on the other items and
/// skipped on those, per item; on ordinary resolutions they count by head, their secured claims outside the unsecured
/// total. Art. 83 social-insurance claims do not vote on the reorganisation plan. Shareholders vote only on items
/// adjusting equity.
interface ICreditorsMeeting {
    /// @notice Voting classes (art. 82): secured, employees, taxes, ordinary, the optional small-claims group; art. 83
    /// social insurance, which votes on ordinary resolutions only; and the shareholders (art. 85), voting only on plan
    /// items that adjust their equity.
    enum VoteClass {
        None,
        Secured,
        Employee,
        Tax,
        Ordinary,
        SmallClaims,
        SocialInsurance,
        Shareholder
    }

    enum ResolutionKind {
        None,
        Ordinary,
        Composition,
        DistributionPlan,
        Reorganisation
    }

    /// @dev Items: Convened, then Passed or Failed at closing, then Overridden (art. 65), Revoked (art. 64 para. 2)
    /// or CrammedDown (art. 87) by the court. Meetings: Convened, then Closed.
    enum ResolutionStatus {
        None,
        Convened,
        Passed,
        Failed,
        Overridden,
        Revoked,
        CrammedDown,
        Closed
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

    /// @notice One item of the agenda as convened. `parent`/`parentItem`: the failed reorganisation item whose failing
    /// classes vote once more on this item (art. 87), else 0/0. `adjustsEquity`: a plan item adjusting the
    /// shareholders' equity, on which the shareholders' class votes (art. 85); a re-vote inherits it.
    struct AgendaItem {
        ResolutionKind kind;
        bool adjustsEquity;
        uint32 parent;
        uint8 parentItem;
    }

    struct Meeting {
        uint256 caseId;
        ResolutionStatus status; // Convened, Closed
        uint8 itemCount;
        uint8 passedItems; // bit i: item i passed at closing
        uint8 byClass; // bit i: item i is counted per class (a reorganisation plan)
        uint64 startsAt;
        uint64 closesAt;
        uint64 voters; // byte i: the voice classes with a vote on item i (bit k: VoteClass k)
        uint64 closedAt;
        bytes32 agendaHash;
    }

    struct Item {
        ResolutionKind kind;
        ResolutionStatus status;
        uint8 classMask; // tallies counted (bit k: VoteClass k; bit 0: the whole meeting as one)
        uint8 passedMask;
        bool revoted;
        bool adjustsEquity;
        uint32 parent;
        uint8 parentItem;
    }

    struct Tally {
        uint32 forHeads;
        uint32 againstHeads;
        uint32 presentHeads;
        uint128 forAmount;
        uint128 againstAmount;
        uint128 presentAmount;
    }

    /// @notice A voter: a claim (id from the estate) or a shareholder (id SHAREHOLDER_IDS + n, from this contract).
    struct Voice {
        address account;
        VoteClass voteClass;
        uint32 nonce;
        uint48 caseId;
    }

    /// @notice A shareholder registered by the administrator and awaiting a judge's approval (art. 85): no weight,
    /// not in classTotals, no vote until approved. `share` in millionths; all zero when none is pending.
    struct PendingShareholder {
        address account;
        uint48 caseId;
        uint32 share;
        address proposer;
    }

    /// @notice A relayed ballot signed off chain: EIP-712 domain ("CourtchainCreditorsMeeting", "2") and type
    /// `Ballot(uint256 meetingId,uint256 claimId,uint256 choices,uint256 nonce,uint256 deadline)`; `claimId` is the
    /// voter id (a claim or a shareholder); `choices` holds item i's Choice in bits 2i..2i+1.
    struct SignedBallot {
        uint256 claimId;
        uint256 choices;
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
    /// @notice A shareholder registered by the administrator (art. 85), pending: `holderKey` the shareholder's
    /// commitment, `share` its voting rights in millionths of the equity. It has no weight until ShareholderApproved.
    event ShareholderRegistered(
        uint256 indexed caseId, uint256 indexed voterId, bytes32 holderKey, address account, uint256 share, address by
    );
    /// @notice A judge other than the proposer approved a pending shareholder (art. 85). Followed by
    /// VoteWeightChanged for its voter id: from then on its share counts.
    event ShareholderApproved(uint256 indexed caseId, uint256 indexed voterId, address approver, address proposer);
    /// @notice A pending shareholder withdrawn (by the case's administrator or a judge) before approval.
    event ShareholderCancelled(uint256 indexed caseId, uint256 indexed voterId, address by);
    event MeetingConvened(
        uint256 indexed caseId, uint256 indexed meetingId, uint64 startsAt, uint64 closesAt, uint8 itemCount,
        bytes32 agendaHash, address by
    );
    /// @notice One agenda item of a convened meeting (after MeetingConvened, one per item, in order).
    event ItemTabled(
        uint256 indexed meetingId, uint8 item, ResolutionKind kind, uint8 classMask, bool adjustsEquity, uint256 parent,
        uint8 parentItem
    );
    /// @notice A ballot counted: `choices` as cast (item i in bits 2i..2i+1), `counted` the items it counted on (bit i),
    /// `amount` the voice's weight (a secured creditor counts amount 0 on an item not by class, art. 64).
    event BallotCast(
        uint256 indexed meetingId, uint256 indexed claimId, uint256 choices, uint8 counted, VoteClass class_,
        uint256 amount, bool relayed
    );
    /// @notice A relayed ballot refused without reverting its batch. reason: 1 bad signature or signer, 2 expired,
    /// 3 wrong nonce, 4 already voted, 5 no vote on any item, 6 bad choices (none on an item the voter votes on, or
    /// a choice beyond the agenda) or a voter of another case.
    event BallotSkipped(uint256 indexed meetingId, uint256 indexed claimId, uint8 reason);
    /// @notice An item of a counted ballot on which the voter has no vote (reason 5: art. 59 para. 3 secured creditor
    /// on composition or the distribution plan; art. 83 social insurance or a class not voting on a plan item;
    /// a shareholder on an item not adjusting equity).
    event BallotItemSkipped(uint256 indexed meetingId, uint256 indexed claimId, uint8 item, uint8 reason);
    /// @notice The published count of one class on one item (class None: the whole meeting, for an item not by class).
    event ClassTallied(
        uint256 indexed meetingId,
        VoteClass indexed class_,
        uint8 item,
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
    /// @notice One item's result at closing (after its ClassTallied events).
    event ItemClosed(uint256 indexed meetingId, uint8 item, ResolutionKind kind, ResolutionStatus status, uint8 passedMask);
    event MeetingClosed(uint256 indexed caseId, uint256 indexed meetingId, uint8 passedItems, address by);
    event ResolutionRuled(
        uint256 indexed meetingId, uint8 item, ResolutionStatus status, CourtRuling ruling, uint256 actId,
        uint256 conditions
    );

    error BankruptcyTableFrozen(uint256 caseId);
    error BankruptcyCaseNotRegistered(uint256 caseId);
    error BankruptcyNotConvener(uint256 caseId, address account);
    error BankruptcyInvalidMeeting(uint64 startsAt, uint64 closesAt);
    error BankruptcyInvalidAgenda(uint256 item);
    error BankruptcyUnknownMeeting(uint256 meetingId);
    error BankruptcyUnexpectedResolutionStatus(uint256 meetingId, ResolutionStatus current);
    error BankruptcyVotingClosed(uint256 meetingId);
    error BankruptcyVotingOpen(uint256 meetingId, uint256 closesAt);
    error BankruptcyNotVoter(uint256 claimId, address account);
    error BankruptcyNoVote(uint256 meetingId, uint256 claimId);
    error BankruptcyAlreadyVoted(uint256 meetingId, uint256 claimId);
    error BankruptcyBadChoices(uint256 meetingId, uint256 choices);
    error BankruptcyInvalidShare(uint256 caseId, uint256 share);
    /// @notice No shareholder registration awaits approval under `voterId` (never registered, approved or cancelled).
    error BankruptcyNoPendingShareholder(uint256 voterId);
    /// @notice The judge approving a shareholder is the one who registered it (same selector as the estate's).
    error BankruptcySelfApproval(uint256 actId, address account);

    /// @notice The estate registers an opened case: its administrator and filing deadline.
    /// Emits CaseRegistered. Requirements: the BankruptcyEstate recorded in the hub.
    function registerCase(uint256 caseId, address administrator, uint64 filingDeadline) external;

    /// @notice The estate sets a claim's vote (art. 59): its account, class and voting amount (0: none).
    /// Emits VoteWeightChanged when it changes. Requirements: the estate; no meeting of the case convened and open;
    /// not the shareholders' class.
    function setVoice(uint256 caseId, uint256 claimId, address account, VoteClass class_, uint256 weight) external;

    /// @notice The case's administrator proposes a shareholder of the debtor (art. 85: the shareholders' class) with
    /// its commitment, the account that votes, and its voting rights `share` in millionths of the equity
    /// (1,000,000 = 100 %). The registration is pending: no weight, not in classTotals, no vote, until a judge
    /// approves it (approveShareholder). The shares of a case, approved and pending together, add up to at most
    /// 1,000,000 (so an approval never oversubscribes the equity; a cancellation frees its share).
    /// Emits ShareholderRegistered. Requirements: the case's administrator; a registered case; no meeting of the case
    /// open; 0 < share and the case's approved + pending shares + share <= 1,000,000; an account.
    /// @return voterId SHAREHOLDER_IDS + n, the id its ballots carry (in `claimId`) once approved.
    function registerShareholder(uint256 caseId, bytes32 holderKey, address account, uint256 share)
        external
        returns (uint256 voterId);

    /// @notice A judge approves a pending shareholder registration (art. 85; two persons: the administrator proposes,
    /// a judge other than the proposer approves); its share then counts in the shareholders' class.
    /// Emits ShareholderApproved, VoteWeightChanged. Requirements: the JUDGE role; a pending registration under
    /// `voterId` (BankruptcyNoPendingShareholder); the caller is not its proposer (BankruptcySelfApproval); no
    /// meeting of its case open (BankruptcyTableFrozen).
    function approveShareholder(uint256 voterId) external;

    /// @notice The case's administrator or a judge withdraws a pending shareholder registration (art. 85) before it
    /// is approved; its share is freed. A cancelled voter id is never reused.
    /// Emits ShareholderCancelled. Requirements: a pending registration under `voterId`; the case's administrator
    /// or the JUDGE role (BankruptcyNotConvener). Allowed while a meeting is open (no weight changes).
    function cancelShareholder(uint256 voterId) external;

    /// @notice The estate records a court act on a meeting's item approved by two judges (art. 65, 87, 64 para. 2).
    /// `ref` = meetingId + (item << 128) (item 0: the meeting id itself).
    /// Emits ResolutionRuled. Requirements: the estate; the meeting of `caseId`; an item of its agenda; the statutory
    /// pattern: Override a failed item that is not a reorganisation plan; CramDown a plan item that failed after its
    /// re-vote, `conditions` the art. 87 conditions found (bits 0-5); Revoke a passed item within 15 days of its
    /// meeting's close.
    function rule(uint256 caseId, uint256 ref, CourtRuling ruling, uint256 conditions, uint256 actId) external;

    /// @notice The case's administrator (or a judge) convenes a meeting on an agenda of 1 to 8 items, each its own
    /// resolution, with 15 days' notice (art. 63); the first meeting of the case within 15 days after the filing
    /// deadline (art. 62). An item naming a `parent` re-votes the failing classes of that failed reorganisation item
    /// (art. 87, once per item). `adjustsEquity` only on a reorganisation item. The claims table and the shareholders
    /// are frozen from now to the close. Emits MeetingConvened, then ItemTabled per item.
    /// Requirements: the case's administrator or a judge; a registered case; a lawful window; every item a kind with
    /// at least one voting class.
    function convene(
        uint256 caseId,
        AgendaItem[] calldata agenda,
        uint64 startsAt,
        uint64 closesAt,
        bytes32 agendaHash
    ) external returns (uint256 meetingId);

    /// @notice The voter's account casts its ballot: `choices` item i's Choice in bits 2i..2i+1; items on which the
    /// voter has no vote are skipped (BallotItemSkipped). Emits BallotCast, BallotItemSkipped per item skipped.
    /// Requirements: voting open; a vote on at least one item; a choice on every item the voter votes on and none
    /// beyond the agenda; not voted yet.
    function vote(uint256 meetingId, uint256 claimId, uint256 choices) external;

    /// @notice The administrator relays EIP-712 ballots; a bad one is skipped with BallotSkipped, never reverting
    /// the batch. Emits BallotCast (and BallotItemSkipped) or BallotSkipped per ballot.
    /// Requirements: the case's administrator; voting open. @return accepted Ballots counted.
    function relayBallots(uint256 meetingId, SignedBallot[] calldata ballots) external returns (uint256 accepted);

    /// @notice Anyone closes a meeting once voting closed; constant work per item and class. Emits ClassTallied per
    /// item and class, ItemClosed per item, MeetingClosed. @return passedItems Bit i: item i passed.
    function closeMeeting(uint256 meetingId) external returns (uint256 passedItems);

    function getMeeting(uint256 meetingId) external view returns (Meeting memory);
    function getItem(uint256 meetingId, uint256 item) external view returns (Item memory);
    function getTally(uint256 meetingId, uint256 item, VoteClass class_) external view returns (Tally memory);
    function getVoice(uint256 claimId) external view returns (Voice memory voice, uint256 weight);
    /// @notice A pending shareholder registration (all zero: none pending under `voterId`).
    function pendingShareholder(uint256 voterId) external view returns (PendingShareholder memory);
    /// @notice Heads and voting amounts per class now (the thresholds' denominators).
    function classTotals(uint256 caseId, VoteClass class_) external view returns (uint256 heads, uint256 amount);
    function openMeetings(uint256 caseId) external view returns (uint256);
    function meetingCount() external view returns (uint256);
    function hasVoted(uint256 meetingId, uint256 claimId) external view returns (bool);
    function ballotDigest(uint256 meetingId, uint256 claimId, uint256 choices, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32);
}

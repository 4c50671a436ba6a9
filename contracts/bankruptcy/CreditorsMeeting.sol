// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICreditorsMeeting} from "../interfaces/ICreditorsMeeting.sol";

/// @title CreditorsMeeting
/// @notice See ICreditorsMeeting: the voting register, meetings, ballots and tallies of the bankruptcy estate.
contract CreditorsMeeting is ICreditorsMeeting, HubGuarded, EIP712 {
    uint256 private constant NOTICE = 15 days; // art. 63
    uint256 private constant FIRST_MEETING = 15 days; // art. 62
    uint256 private constant REVOCATION = 15 days; // art. 64 para. 2
    uint256 private constant CLASSES = 7; // VoteClass None..SocialInsurance
    uint256 private constant REORG_CLASSES = 0x3e; // Secured, Employee, Tax, Ordinary, SmallClaims
    uint256 private constant NO_VOTE = type(uint256).max;
    bytes32 private constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 meetingId,uint256 claimId,uint8 choice,uint256 nonce,uint256 deadline)");

    struct CaseInfo {
        address administrator;
        uint64 filingDeadline;
        uint32 openMeetings;
        uint64 firstMeetingAt;
    }

    uint256 private _meetingCount;
    mapping(uint256 => CaseInfo) private _cases;
    mapping(uint256 => Voice) private _voices; // claim id => voice
    mapping(uint256 => uint256) private _weights; // claim id => voting amount
    mapping(uint256 => uint256[CLASSES]) private _classHeads;
    mapping(uint256 => uint256[CLASSES]) private _classAmount;
    mapping(uint256 => Meeting) private _meetings;
    mapping(uint256 => mapping(uint256 => Tally)) private _tallies; // meeting => class => tally
    mapping(uint256 => mapping(uint256 => uint256)) private _voted; // meeting => claim id >> 8 => bitmap

    constructor(ICourtConsortium hub_) HubGuarded(hub_) EIP712("CourtchainCreditorsMeeting", "1") {}

    // -- from the estate --------------------------------------------------------------------------------------------

    /// @inheritdoc ICreditorsMeeting
    function registerCase(uint256 caseId, address administrator, uint64 filingDeadline)
        external
        onlySuite(SuiteKeys.BANKRUPTCY_ESTATE)
    {
        _cases[caseId] = CaseInfo(administrator, filingDeadline, 0, 0);
        emit CaseRegistered(caseId, administrator, filingDeadline);
    }

    /// @inheritdoc ICreditorsMeeting
    function setVoice(uint256 caseId, uint256 claimId, address account, VoteClass class_, uint256 weight)
        external
        onlySuite(SuiteKeys.BANKRUPTCY_ESTATE)
    {
        if (_cases[caseId].openMeetings > 0) revert BankruptcyTableFrozen(caseId);
        Voice storage v = _voices[claimId];
        VoteClass old = v.voteClass;
        uint256 oldW = _weights[claimId];
        if (class_ == VoteClass.None) weight = 0;
        if (v.account == account && old == class_ && oldW == weight) return;
        if (old != VoteClass.None) {
            _classHeads[caseId][uint8(old)] -= 1;
            _classAmount[caseId][uint8(old)] -= oldW;
        }
        if (class_ != VoteClass.None) {
            _classHeads[caseId][uint8(class_)] += 1;
            _classAmount[caseId][uint8(class_)] += weight;
        }
        v.account = account;
        v.voteClass = class_;
        v.caseId = SafeCast.toUint48(caseId);
        _weights[claimId] = weight;
        emit VoteWeightChanged(caseId, claimId, account, old, oldW, class_, weight);
    }

    /// @inheritdoc ICreditorsMeeting
    function rule(uint256 caseId, uint256 meetingId, CourtRuling ruling, uint256 conditions, uint256 actId)
        external
        onlySuite(SuiteKeys.BANKRUPTCY_ESTATE)
    {
        Meeting storage m = _meeting(meetingId);
        ResolutionStatus s = m.status;
        ResolutionStatus next;
        bool ok;
        if (m.caseId != caseId) revert BankruptcyUnknownMeeting(meetingId);
        if (ruling == CourtRuling.Override) {
            // art. 65: the court decides what the meeting failed to decide
            ok = s == ResolutionStatus.Failed && m.kind != ResolutionKind.Reorganisation;
            next = ResolutionStatus.Overridden;
        } else if (ruling == CourtRuling.CramDown) {
            // art. 87: a reorganisation plan whose failing classes voted once more and still failed
            ok = m.kind == ResolutionKind.Reorganisation && m.parent != 0 && s == ResolutionStatus.Failed
                && conditions > 0 && conditions < 64;
            next = ResolutionStatus.CrammedDown;
        } else if (ruling == CourtRuling.Revoke) {
            // art. 64 para. 2: within 15 days of the resolution
            ok = s == ResolutionStatus.Passed && block.timestamp <= uint256(m.closedAt) + REVOCATION;
            next = ResolutionStatus.Revoked;
        }
        if (!ok) revert BankruptcyUnexpectedResolutionStatus(meetingId, s);
        m.status = next;
        emit ResolutionRuled(meetingId, next, ruling, actId, conditions);
    }

    // -- meetings ---------------------------------------------------------------------------------------------------

    /// @inheritdoc ICreditorsMeeting
    function convene(
        uint256 caseId,
        ResolutionKind kind,
        uint64 startsAt,
        uint64 closesAt,
        uint256 parent,
        bytes32 agendaHash
    ) external returns (uint256 meetingId) {
        CaseInfo storage c = _cases[caseId];
        if (c.administrator == address(0)) revert BankruptcyCaseNotRegistered(caseId);
        if (msg.sender != c.administrator && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert BankruptcyNotConvener(caseId, msg.sender);
        }
        if (kind == ResolutionKind.None || startsAt < block.timestamp + NOTICE || closesAt <= startsAt) {
            revert BankruptcyInvalidMeeting(startsAt, closesAt);
        }
        if (c.firstMeetingAt == 0) {
            if (startsAt > uint256(c.filingDeadline) + FIRST_MEETING) revert BankruptcyInvalidMeeting(startsAt, closesAt);
            c.firstMeetingAt = startsAt;
        }
        uint256 mask = _mask(caseId, kind, parent);
        if (mask == 0) revert BankruptcyInvalidMeeting(startsAt, closesAt);
        meetingId = ++_meetingCount;
        c.openMeetings += 1;
        _meetings[meetingId] = Meeting(
            caseId,
            kind,
            ResolutionStatus.Convened,
            uint8(mask),
            0,
            false,
            SafeCast.toUint32(parent),
            startsAt,
            closesAt,
            0,
            agendaHash
        );
        emit MeetingConvened(caseId, meetingId, kind, startsAt, closesAt, uint8(mask), parent, agendaHash, msg.sender);
    }

    /// @inheritdoc ICreditorsMeeting
    function vote(uint256 meetingId, uint256 claimId, Choice choice) external {
        Meeting storage m = _meeting(meetingId);
        Voice storage v = _voices[claimId];
        if (v.account != msg.sender || v.caseId != m.caseId) revert BankruptcyNotVoter(claimId, msg.sender);
        _checkOpen(meetingId, m);
        uint8 reason = _cast(meetingId, m, claimId, v.voteClass, choice, false);
        if (reason == 4) revert BankruptcyAlreadyVoted(meetingId, claimId);
        if (reason != 0) revert BankruptcyNoVote(meetingId, claimId);
    }

    /// @inheritdoc ICreditorsMeeting
    function relayBallots(uint256 meetingId, SignedBallot[] calldata ballots) external returns (uint256 accepted) {
        Meeting storage m = _meeting(meetingId);
        uint256 caseId = m.caseId;
        if (msg.sender != _cases[caseId].administrator) revert BankruptcyNotConvener(caseId, msg.sender);
        _checkOpen(meetingId, m);
        for (uint256 i = 0; i < ballots.length; ++i) {
            SignedBallot calldata b = ballots[i];
            Voice storage v = _voices[b.claimId];
            uint8 reason = _checkSigned(meetingId, caseId, b, v);
            if (reason == 0) reason = _cast(meetingId, m, b.claimId, v.voteClass, b.choice, true);
            if (reason == 0) {
                v.nonce += 1;
                ++accepted;
            } else {
                emit BallotSkipped(meetingId, b.claimId, reason);
            }
        }
    }

    /// @inheritdoc ICreditorsMeeting
    function closeMeeting(uint256 meetingId) external returns (ResolutionStatus status) {
        Meeting storage m = _meeting(meetingId);
        if (m.status != ResolutionStatus.Convened) revert BankruptcyUnexpectedResolutionStatus(meetingId, m.status);
        if (block.timestamp <= m.closesAt) revert BankruptcyVotingOpen(meetingId, m.closesAt);
        uint256 caseId = m.caseId;
        uint256 mask = m.classMask;
        uint256 passed;
        for (uint256 k = 0; k < CLASSES; ++k) {
            if ((mask >> k) & 1 == 0) continue;
            if (_tallyClass(meetingId, m.kind, caseId, k)) passed |= 1 << k;
        }
        m.passedMask = uint8(passed);
        bool ok = passed == mask;
        if (m.parent != 0) {
            Meeting storage p = _meetings[m.parent];
            ok = (passed | p.passedMask) == p.classMask; // the plan passes when every class has passed (art. 86, 87)
        }
        status = ok ? ResolutionStatus.Passed : ResolutionStatus.Failed;
        m.status = status;
        m.closedAt = SafeCast.toUint64(block.timestamp);
        _cases[caseId].openMeetings -= 1;
        emit MeetingClosed(caseId, meetingId, status, uint8(passed), msg.sender);
    }

    // -- views ------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICreditorsMeeting
    function getMeeting(uint256 meetingId) external view returns (Meeting memory) {
        return _meeting(meetingId);
    }

    /// @inheritdoc ICreditorsMeeting
    function getTally(uint256 meetingId, VoteClass class_) external view returns (Tally memory) {
        _meeting(meetingId);
        return _tallies[meetingId][uint8(class_)];
    }

    /// @inheritdoc ICreditorsMeeting
    function getVoice(uint256 claimId) external view returns (Voice memory voice, uint256 weight) {
        return (_voices[claimId], _weights[claimId]);
    }

    /// @inheritdoc ICreditorsMeeting
    function classTotals(uint256 caseId, VoteClass class_) external view returns (uint256 heads, uint256 amount) {
        return (_classHeads[caseId][uint8(class_)], _classAmount[caseId][uint8(class_)]);
    }

    /// @inheritdoc ICreditorsMeeting
    function openMeetings(uint256 caseId) external view returns (uint256) {
        return _cases[caseId].openMeetings;
    }

    /// @inheritdoc ICreditorsMeeting
    function meetingCount() external view returns (uint256) {
        return _meetingCount;
    }

    /// @inheritdoc ICreditorsMeeting
    function hasVoted(uint256 meetingId, uint256 claimId) external view returns (bool) {
        return (_voted[meetingId][claimId >> 8] >> (claimId & 0xff)) & 1 == 1;
    }

    /// @inheritdoc ICreditorsMeeting
    function ballotDigest(uint256 meetingId, uint256 claimId, Choice choice, uint256 nonce, uint256 deadline)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(BALLOT_TYPEHASH, meetingId, claimId, uint8(choice), nonce, deadline))
        );
    }

    // -- internal ---------------------------------------------------------------------------------------------------

    /// @dev The classes voting on a new meeting: the failing classes of `parent` (once), every non-empty class of a
    /// plan, or bit 0 (the whole meeting) for a resolution not by class.
    function _mask(uint256 caseId, ResolutionKind kind, uint256 parent) private returns (uint256 mask) {
        if (parent != 0) {
            Meeting storage p = _meetings[parent];
            if (p.caseId != caseId || p.kind != ResolutionKind.Reorganisation || kind != ResolutionKind.Reorganisation) {
                revert BankruptcyUnknownMeeting(parent);
            }
            if (p.status != ResolutionStatus.Failed || p.revoted || p.parent != 0) {
                revert BankruptcyUnexpectedResolutionStatus(parent, p.status);
            }
            p.revoted = true;
            return uint256(p.classMask) & ~uint256(p.passedMask);
        }
        if (kind != ResolutionKind.Reorganisation) return 1;
        for (uint256 k = 1; k < CLASSES; ++k) {
            if ((REORG_CLASSES >> k) & 1 == 1 && _classHeads[caseId][k] > 0) mask |= 1 << k;
        }
    }

    function _checkSigned(uint256 meetingId, uint256 caseId, SignedBallot calldata b, Voice storage v)
        private
        view
        returns (uint8)
    {
        if (b.deadline < block.timestamp) return 2;
        if (v.caseId != caseId || uint8(b.choice) == 0) return 6;
        if (b.nonce != v.nonce) return 3;
        (address signer, ECDSA.RecoverError err) =
            ECDSA.tryRecover(ballotDigest(meetingId, b.claimId, b.choice, b.nonce, b.deadline), b.v, b.r, b.s);
        if (err != ECDSA.RecoverError.NoError || signer != v.account || signer == address(0)) return 1;
        return 0;
    }

    /// @dev Counts one ballot in O(1): the voted bit and one class tally. Returns a BallotSkipped reason (0: counted).
    function _cast(uint256 meetingId, Meeting storage m, uint256 claimId, VoteClass vc, Choice choice, bool relayed)
        private
        returns (uint8)
    {
        if (choice == Choice.None) return 6;
        uint256 word = _voted[meetingId][claimId >> 8];
        uint256 bit = 1 << (claimId & 0xff);
        if (word & bit != 0) return 4;
        (uint256 k, uint256 amount) = _voiceOn(m.kind, vc, claimId);
        if (k == NO_VOTE || (uint256(m.classMask) >> k) & 1 == 0) return 5;
        _voted[meetingId][claimId >> 8] = word | bit;
        Tally storage t = _tallies[meetingId][k];
        uint128 a = uint128(amount); // a class total fits in uint128: every claim is below 2^126
        t.presentHeads += 1;
        t.presentAmount += a;
        if (choice == Choice.For) {
            t.forHeads += 1;
            t.forAmount += a;
        } else if (choice == Choice.Against) {
            t.againstHeads += 1;
            t.againstAmount += a;
        }
        emit BallotCast(meetingId, claimId, choice, VoteClass(k), amount, relayed);
        return 0;
    }

    /// @dev The tally a claim's ballot counts in and its amount there; NO_VOTE where it has none (art. 59, 83).
    function _voiceOn(ResolutionKind kind, VoteClass vc, uint256 claimId) private view returns (uint256, uint256) {
        if (vc == VoteClass.None) return (NO_VOTE, 0);
        if (kind == ResolutionKind.Reorganisation) {
            if (vc == VoteClass.SocialInsurance) return (NO_VOTE, 0); // art. 83
            return (uint256(vc), _weights[claimId]);
        }
        if (vc == VoteClass.Secured) {
            // art. 59 para. 3: no vote on composition or the distribution plan
            if (kind != ResolutionKind.Ordinary) return (NO_VOTE, 0);
            return (0, 0); // a head; the secured claim is not part of the unsecured total (art. 64)
        }
        return (0, _weights[claimId]);
    }

    /// @dev The published count of one class and whether it passed, in constant work.
    function _tallyClass(uint256 meetingId, ResolutionKind kind, uint256 caseId, uint256 k)
        private
        returns (bool passed)
    {
        Tally storage t = _tallies[meetingId][k];
        uint256 totalHeads;
        uint256 totalAmount;
        if (k == 0) {
            for (uint256 j = 1; j < CLASSES; ++j) {
                bool secured = j == uint256(VoteClass.Secured);
                if (!secured || kind == ResolutionKind.Ordinary) totalHeads += _classHeads[caseId][j];
                if (!secured) totalAmount += _classAmount[caseId][j]; // all unsecured claims, present or not
            }
        } else {
            totalHeads = _classHeads[caseId][k];
            totalAmount = _classAmount[caseId][k];
        }
        uint256 f = t.forAmount;
        bool heads = 2 * uint256(t.forHeads) > t.presentHeads; // 过半数: strictly more than half of those present
        if (kind == ResolutionKind.Ordinary || kind == ResolutionKind.DistributionPlan) {
            passed = heads && 2 * f >= totalAmount; // art. 64: 二分之一以上
        } else {
            passed = heads && 3 * f >= 2 * totalAmount; // art. 84, 97: 三分之二以上
        }
        emit ClassTallied(
            meetingId,
            VoteClass(k),
            passed,
            t.forHeads,
            t.againstHeads,
            t.presentHeads,
            totalHeads,
            f,
            t.againstAmount,
            t.presentAmount,
            totalAmount
        );
    }

    function _meeting(uint256 meetingId) private view returns (Meeting storage m) {
        m = _meetings[meetingId];
        if (m.caseId == 0) revert BankruptcyUnknownMeeting(meetingId);
    }

    function _checkOpen(uint256 meetingId, Meeting storage m) private view {
        if (m.status != ResolutionStatus.Convened) revert BankruptcyUnexpectedResolutionStatus(meetingId, m.status);
        if (block.timestamp < m.startsAt || block.timestamp > m.closesAt) revert BankruptcyVotingClosed(meetingId);
    }
}

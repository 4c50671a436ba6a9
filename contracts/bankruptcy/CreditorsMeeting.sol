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
    uint256 private constant CLASSES = 8; // VoteClass None..Shareholder
    uint256 private constant MAX_ITEMS = 8;
    uint256 private constant SHAREHOLDER = 7; // VoteClass.Shareholder
    uint256 private constant REORG_CLASSES = 0x3e; // Secured, Employee, Tax, Ordinary, SmallClaims
    uint256 private constant ORDINARY_VOTERS = 0x7e; // every creditor class (art. 59; art. 83 claims included)
    uint256 private constant PLAN_VOTERS = 0x7c; // without secured creditors who kept their priority (art. 59 para. 3)
    uint256 private constant EQUITY = 1_000_000; // a shareholder's voting rights in millionths of the equity
    /// @notice Shareholders' voter ids start here (claim ids of the estate stay below).
    uint256 public constant SHAREHOLDER_IDS = 1 << 128;
    bytes32 private constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 meetingId,uint256 claimId,uint256 choices,uint256 nonce,uint256 deadline)");

    struct CaseInfo {
        address administrator;
        uint64 filingDeadline;
        uint32 openMeetings;
        uint64 firstMeetingAt;
    }

    uint256 private _meetingCount;
    uint256 private _shareholderCount;
    mapping(uint256 => CaseInfo) private _cases;
    mapping(uint256 => Voice) private _voices; // voter id (claim id or shareholder id) => voice
    mapping(uint256 => uint256) private _weights; // voter id => voting amount (shareholders: millionths)
    mapping(uint256 => PendingShareholder) private _pending; // shareholder id => registration awaiting a judge
    mapping(uint256 => uint256) private _pendingShares; // case => millionths registered and not yet approved
    mapping(uint256 => uint256[CLASSES]) private _classHeads;
    mapping(uint256 => uint256[CLASSES]) private _classAmount;
    mapping(uint256 => Meeting) private _meetings;
    mapping(uint256 => mapping(uint256 => Item)) private _items; // meeting => item => item
    // meeting => item * 8 + class => tally in two words (2 reads and 2 writes a ballot and item):
    // [0] forHeads | againstHeads << 32 | presentHeads << 64 | forAmount << 128, [1] againstAmount | presentAmount << 128
    mapping(uint256 => mapping(uint256 => uint256[2])) private _tallies;
    mapping(uint256 => mapping(uint256 => uint256)) private _voted; // meeting => voter id >> 8 => bitmap

    constructor(ICourtConsortium hub_) HubGuarded(hub_) EIP712("CourtchainCreditorsMeeting", "2") {}

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
        if (class_ == VoteClass.Shareholder || claimId >= SHAREHOLDER_IDS) revert BankruptcyNotVoter(claimId, account);
        _setVoice(caseId, claimId, account, class_, weight);
    }

    /// @inheritdoc ICreditorsMeeting
    function registerShareholder(uint256 caseId, bytes32 holderKey, address account, uint256 share)
        external
        returns (uint256 voterId)
    {
        CaseInfo storage c = _cases[caseId];
        if (c.administrator == address(0)) revert BankruptcyCaseNotRegistered(caseId);
        if (msg.sender != c.administrator) revert BankruptcyNotConvener(caseId, msg.sender);
        if (c.openMeetings > 0) revert BankruptcyTableFrozen(caseId);
        uint256 pending = _pendingShares[caseId];
        // approved and pending shares together: an approval never finds the equity oversubscribed
        if (share == 0 || _classAmount[caseId][SHAREHOLDER] + pending + share > EQUITY || account == address(0)) {
            revert BankruptcyInvalidShare(caseId, share);
        }
        voterId = SHAREHOLDER_IDS + ++_shareholderCount;
        _pending[voterId] = PendingShareholder(account, SafeCast.toUint48(caseId), uint32(share), msg.sender);
        _pendingShares[caseId] = pending + share;
        emit ShareholderRegistered(caseId, voterId, holderKey, account, share, msg.sender);
    }

    /// @inheritdoc ICreditorsMeeting
    function approveShareholder(uint256 voterId) external onlyRole(Roles.JUDGE) {
        PendingShareholder memory p = _pending[voterId];
        if (p.account == address(0)) revert BankruptcyNoPendingShareholder(voterId);
        if (msg.sender == p.proposer) revert BankruptcySelfApproval(voterId, msg.sender);
        if (_cases[p.caseId].openMeetings > 0) revert BankruptcyTableFrozen(p.caseId);
        delete _pending[voterId];
        _pendingShares[p.caseId] -= p.share;
        emit ShareholderApproved(p.caseId, voterId, msg.sender, p.proposer);
        _setVoice(p.caseId, voterId, p.account, VoteClass.Shareholder, p.share);
    }

    /// @inheritdoc ICreditorsMeeting
    function cancelShareholder(uint256 voterId) external {
        PendingShareholder memory p = _pending[voterId];
        if (p.account == address(0)) revert BankruptcyNoPendingShareholder(voterId);
        if (msg.sender != _cases[p.caseId].administrator && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert BankruptcyNotConvener(p.caseId, msg.sender);
        }
        delete _pending[voterId];
        _pendingShares[p.caseId] -= p.share;
        emit ShareholderCancelled(p.caseId, voterId, msg.sender);
    }

    /// @inheritdoc ICreditorsMeeting
    function rule(uint256 caseId, uint256 ref, CourtRuling ruling, uint256 conditions, uint256 actId)
        external
        onlySuite(SuiteKeys.BANKRUPTCY_ESTATE)
    {
        uint256 meetingId = uint128(ref);
        uint256 index = ref >> 128;
        Meeting storage m = _meeting(meetingId);
        if (m.caseId != caseId || index >= m.itemCount) revert BankruptcyUnknownMeeting(meetingId);
        Item storage it = _items[meetingId][index];
        ResolutionStatus s = it.status;
        ResolutionStatus next;
        bool ok;
        if (ruling == CourtRuling.Override) {
            // art. 65: the court decides what the meeting failed to decide
            ok = s == ResolutionStatus.Failed && it.kind != ResolutionKind.Reorganisation;
            next = ResolutionStatus.Overridden;
        } else if (ruling == CourtRuling.CramDown) {
            // art. 87: a reorganisation plan whose failing classes voted once more and still failed
            ok = it.kind == ResolutionKind.Reorganisation && it.parent != 0 && s == ResolutionStatus.Failed
                && conditions > 0 && conditions < 64;
            next = ResolutionStatus.CrammedDown;
        } else if (ruling == CourtRuling.Revoke) {
            // art. 64 para. 2: within 15 days of the resolution
            ok = s == ResolutionStatus.Passed && block.timestamp <= uint256(m.closedAt) + REVOCATION;
            next = ResolutionStatus.Revoked;
        }
        if (!ok) revert BankruptcyUnexpectedResolutionStatus(meetingId, s);
        it.status = next;
        emit ResolutionRuled(meetingId, uint8(index), next, ruling, actId, conditions);
    }

    // -- meetings ---------------------------------------------------------------------------------------------------

    /// @inheritdoc ICreditorsMeeting
    function convene(
        uint256 caseId,
        AgendaItem[] calldata agenda,
        uint64 startsAt,
        uint64 closesAt,
        bytes32 agendaHash
    ) external returns (uint256 meetingId) {
        CaseInfo storage c = _cases[caseId];
        if (c.administrator == address(0)) revert BankruptcyCaseNotRegistered(caseId);
        if (msg.sender != c.administrator && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert BankruptcyNotConvener(caseId, msg.sender);
        }
        uint256 n = agenda.length;
        if (n == 0 || n > MAX_ITEMS || startsAt < block.timestamp + NOTICE || closesAt <= startsAt) {
            revert BankruptcyInvalidMeeting(startsAt, closesAt);
        }
        if (c.firstMeetingAt == 0) {
            if (startsAt > uint256(c.filingDeadline) + FIRST_MEETING) revert BankruptcyInvalidMeeting(startsAt, closesAt);
            c.firstMeetingAt = startsAt;
        }
        meetingId = ++_meetingCount;
        c.openMeetings += 1;
        Meeting storage m = _meetings[meetingId];
        m.caseId = caseId;
        m.status = ResolutionStatus.Convened;
        m.itemCount = uint8(n);
        m.startsAt = startsAt;
        m.closesAt = closesAt;
        m.agendaHash = agendaHash;
        emit MeetingConvened(caseId, meetingId, startsAt, closesAt, uint8(n), agendaHash, msg.sender);
        (uint256 voters, uint256 byClass) = _tableAll(caseId, meetingId, agenda);
        m.byClass = uint8(byClass); // derived from the ItemTabled events
        m.voters = uint64(voters);
    }

    /// @inheritdoc ICreditorsMeeting
    function vote(uint256 meetingId, uint256 claimId, uint256 choices) external {
        Meeting storage m = _meeting(meetingId);
        Voice storage v = _voices[claimId];
        if (v.account != msg.sender || v.caseId != m.caseId) revert BankruptcyNotVoter(claimId, msg.sender);
        _checkOpen(meetingId, m);
        uint8 reason = _cast(meetingId, m, claimId, v.voteClass, choices, false);
        if (reason == 4) revert BankruptcyAlreadyVoted(meetingId, claimId);
        if (reason == 6) revert BankruptcyBadChoices(meetingId, choices);
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
            if (reason == 0) reason = _cast(meetingId, m, b.claimId, v.voteClass, b.choices, true);
            if (reason == 0) {
                v.nonce += 1;
                ++accepted;
            } else {
                emit BallotSkipped(meetingId, b.claimId, reason);
            }
        }
    }

    /// @inheritdoc ICreditorsMeeting
    function closeMeeting(uint256 meetingId) external returns (uint256 passedItems) {
        Meeting storage m = _meeting(meetingId);
        if (m.status != ResolutionStatus.Convened) revert BankruptcyUnexpectedResolutionStatus(meetingId, m.status);
        if (block.timestamp <= m.closesAt) revert BankruptcyVotingOpen(meetingId, m.closesAt);
        uint256 caseId = m.caseId;
        uint256 n = m.itemCount;
        for (uint256 i = 0; i < n; ++i) {
            if (_closeItem(meetingId, caseId, i)) passedItems |= 1 << i;
        }
        m.status = ResolutionStatus.Closed;
        m.passedItems = uint8(passedItems);
        m.closedAt = SafeCast.toUint64(block.timestamp);
        _cases[caseId].openMeetings -= 1;
        emit MeetingClosed(caseId, meetingId, uint8(passedItems), msg.sender);
    }

    // -- views ------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICreditorsMeeting
    function getMeeting(uint256 meetingId) external view returns (Meeting memory) {
        return _meeting(meetingId);
    }

    /// @inheritdoc ICreditorsMeeting
    function getItem(uint256 meetingId, uint256 item) external view returns (Item memory) {
        if (item >= _meeting(meetingId).itemCount) revert BankruptcyInvalidAgenda(item);
        return _items[meetingId][item];
    }

    /// @inheritdoc ICreditorsMeeting
    function getTally(uint256 meetingId, uint256 item, VoteClass class_) external view returns (Tally memory) {
        if (item >= _meeting(meetingId).itemCount) revert BankruptcyInvalidAgenda(item);
        return _tally(meetingId, item * CLASSES + uint8(class_));
    }

    /// @inheritdoc ICreditorsMeeting
    function getVoice(uint256 claimId) external view returns (Voice memory voice, uint256 weight) {
        return (_voices[claimId], _weights[claimId]);
    }

    /// @inheritdoc ICreditorsMeeting
    function pendingShareholder(uint256 voterId) external view returns (PendingShareholder memory) {
        return _pending[voterId];
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
    function ballotDigest(uint256 meetingId, uint256 claimId, uint256 choices, uint256 nonce, uint256 deadline)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, meetingId, claimId, choices, nonce, deadline)));
    }

    // -- internal ---------------------------------------------------------------------------------------------------

    function _setVoice(uint256 caseId, uint256 claimId, address account, VoteClass class_, uint256 weight) private {
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

    /// @dev Tables every item of a new meeting; returns the voice classes voting per item (byte i) and the items by
    /// class (bit i).
    function _tableAll(uint256 caseId, uint256 meetingId, AgendaItem[] calldata agenda)
        private
        returns (uint256 voters, uint256 byClass)
    {
        for (uint256 i = 0; i < agenda.length; ++i) {
            (uint256 mask, uint256 who) = _table(caseId, meetingId, i, agenda[i]);
            if (mask == 0) revert BankruptcyInvalidAgenda(i);
            voters |= who << (8 * i);
            if (agenda[i].kind == ResolutionKind.Reorganisation) byClass |= 1 << i;
        }
    }

    /// @dev Stores item `i` of a new meeting and emits ItemTabled. Returns the tallies it counts (the failing
    /// classes of its parent, once; every non-empty class of a plan, the shareholders' only where it adjusts equity;
    /// bit 0 for a resolution not by class) and the voice classes with a vote on it.
    function _table(uint256 caseId, uint256 meetingId, uint256 i, AgendaItem calldata a)
        private
        returns (uint256 mask, uint256 who)
    {
        ResolutionKind kind = a.kind;
        bool equity = a.adjustsEquity;
        if (kind == ResolutionKind.None || (equity && kind != ResolutionKind.Reorganisation)) {
            revert BankruptcyInvalidAgenda(i);
        }
        if (a.parent != 0) {
            Meeting storage pm = _meetings[a.parent];
            if (pm.caseId != caseId || a.parentItem >= pm.itemCount || kind != ResolutionKind.Reorganisation) {
                revert BankruptcyUnknownMeeting(a.parent);
            }
            Item storage p = _items[a.parent][a.parentItem];
            if (p.kind != ResolutionKind.Reorganisation) revert BankruptcyUnknownMeeting(a.parent);
            if (p.status != ResolutionStatus.Failed || p.revoted || p.parent != 0) {
                revert BankruptcyUnexpectedResolutionStatus(a.parent, p.status);
            }
            p.revoted = true;
            mask = uint256(p.classMask) & ~uint256(p.passedMask);
            equity = p.adjustsEquity;
        } else if (kind == ResolutionKind.Reorganisation) {
            for (uint256 k = 1; k < CLASSES; ++k) {
                bool votes = (REORG_CLASSES >> k) & 1 == 1 || (k == SHAREHOLDER && equity);
                if (votes && _classHeads[caseId][k] > 0) mask |= 1 << k;
            }
        } else {
            mask = 1;
        }
        if (kind == ResolutionKind.Reorganisation) who = mask;
        else if (kind == ResolutionKind.Ordinary) who = ORDINARY_VOTERS;
        else who = PLAN_VOTERS; // composition, distribution plan: art. 59 para. 3
        _items[meetingId][i] =
            Item(kind, ResolutionStatus.Convened, uint8(mask), 0, false, equity, a.parent, a.parentItem);
        emit ItemTabled(meetingId, uint8(i), kind, uint8(mask), equity, a.parent, a.parentItem);
    }

    function _checkSigned(uint256 meetingId, uint256 caseId, SignedBallot calldata b, Voice storage v)
        private
        view
        returns (uint8)
    {
        if (b.deadline < block.timestamp) return 2;
        if (v.caseId != caseId) return 6;
        if (b.nonce != v.nonce) return 3;
        (address signer, ECDSA.RecoverError err) =
            ECDSA.tryRecover(ballotDigest(meetingId, b.claimId, b.choices, b.nonce, b.deadline), b.v, b.r, b.s);
        if (err != ECDSA.RecoverError.NoError || signer != v.account || signer == address(0)) return 1;
        return 0;
    }

    /// @dev Counts one ballot in O(items): the voted bit and, per item the voter votes on, one tally. Returns a
    /// BallotSkipped reason (0: counted); nothing is written or emitted unless it returns 0.
    function _cast(uint256 meetingId, Meeting storage m, uint256 claimId, VoteClass vc, uint256 choices, bool relayed)
        private
        returns (uint8)
    {
        uint256 n = m.itemCount;
        if (choices >> (2 * n) != 0) return 6;
        uint256 counted = _counted(n, m.voters, uint8(vc), choices);
        if (counted == 0) return 5;
        if (counted >> 8 != 0) return 6;
        {
            uint256 word = _voted[meetingId][claimId >> 8];
            uint256 bit = 1 << (claimId & 0xff);
            if (word & bit != 0) return 4;
            _voted[meetingId][claimId >> 8] = word | bit;
        }
        uint256 weight = SafeCast.toUint128(_weights[claimId]); // a tally's amounts are 128-bit fields
        // shape: counted items (bits 0-7), skipped items (bits 8-15), items by class (bits 16-23)
        uint256 shape = counted | ((((1 << n) - 1) & ~counted) << 8) | (uint256(m.byClass) << 16);
        _countItems(meetingId, claimId, uint8(vc), choices, shape, weight);
        emit BallotCast(meetingId, claimId, choices, uint8(counted), vc, weight, relayed);
        return 0;
    }

    /// @dev The items a voter of class `vc` votes on (bit i); bit 8 set when it gave no choice on one of them.
    function _counted(uint256 n, uint256 voters, uint256 vc, uint256 choices) private pure returns (uint256 counted) {
        for (uint256 i = 0; i < n; ++i) {
            if ((voters >> (8 * i + vc)) & 1 == 0) continue;
            if ((choices >> (2 * i)) & 3 == 0) return 1 << 8; // no choice on an item the voter votes on
            counted |= 1 << i;
        }
    }

    /// @dev Adds a counted ballot to one tally per item it counts on; BallotItemSkipped for the items it has no vote
    /// on. Not by class, a secured creditor counts by head, its secured claim outside the unsecured total (art. 64).
    function _countItems(
        uint256 meetingId,
        uint256 claimId,
        uint256 vc,
        uint256 choices,
        uint256 shape,
        uint256 weight
    ) private {
        for (uint256 i = 0; (shape & 0xffff) >> i != 0 && i < 8; ++i) {
            if ((shape >> (8 + i)) & 1 == 1) {
                emit BallotItemSkipped(meetingId, claimId, uint8(i), 5);
            } else if ((shape >> i) & 1 == 1) {
                bool perClass = (shape >> (16 + i)) & 1 == 1;
                _add(
                    _tallies[meetingId][i * CLASSES + (perClass ? vc : 0)],
                    (choices >> (2 * i)) & 3,
                    (!perClass && vc == uint256(VoteClass.Secured)) ? 0 : weight
                );
            }
        }
    }

    /// @dev One ballot into one packed tally. Heads: presentHeads is checked below 2^32 (for and against never exceed
    /// it, so no field carries into the next); amounts: `amount` < 2^128 (checked by the caller) and the present
    /// amount in the top bits of word 1 reverts on overflow (checked arithmetic), against <= present.
    function _add(uint256[2] storage w, uint256 choice, uint256 amount) private {
        uint256 w0 = w[0];
        uint256 w1 = w[1];
        SafeCast.toUint32(((w0 >> 64) & 0xffffffff) + 1);
        w0 += 1 << 64;
        w1 += amount << 128;
        if (choice == uint256(Choice.For)) {
            w0 += 1 + (amount << 128);
        } else if (choice == uint256(Choice.Against)) {
            w0 += 1 << 32;
            w1 += amount;
        }
        w[0] = w0;
        w[1] = w1;
    }

    function _tally(uint256 meetingId, uint256 key) private view returns (Tally memory t) {
        uint256[2] storage w = _tallies[meetingId][key];
        uint256 w0 = w[0];
        uint256 w1 = w[1];
        t.forHeads = uint32(w0);
        t.againstHeads = uint32(w0 >> 32);
        t.presentHeads = uint32(w0 >> 64);
        t.forAmount = uint128(w0 >> 128);
        t.againstAmount = uint128(w1);
        t.presentAmount = uint128(w1 >> 128);
    }

    /// @dev One item's result: its classes' published counts in constant work per class, its status, ItemClosed.
    function _closeItem(uint256 meetingId, uint256 caseId, uint256 i) private returns (bool ok) {
        Item storage it = _items[meetingId][i];
        uint256 mask = it.classMask;
        uint256 passed;
        for (uint256 k = 0; k < CLASSES; ++k) {
            if ((mask >> k) & 1 == 0) continue;
            if (_tallyClass(meetingId, it.kind, caseId, i, k)) passed |= 1 << k;
        }
        it.passedMask = uint8(passed);
        ok = passed == mask;
        if (it.parent != 0) {
            Item storage p = _items[it.parent][it.parentItem];
            ok = (passed | p.passedMask) == p.classMask; // the plan passes when every class has passed (art. 86, 87)
        }
        ResolutionStatus status = ok ? ResolutionStatus.Passed : ResolutionStatus.Failed;
        it.status = status;
        emit ItemClosed(meetingId, uint8(i), it.kind, status, uint8(passed));
    }

    /// @dev The published count of one class on one item and whether it passed, in constant work.
    function _tallyClass(uint256 meetingId, ResolutionKind kind, uint256 caseId, uint256 i, uint256 k)
        private
        returns (bool passed)
    {
        Tally memory t = _tally(meetingId, i * CLASSES + k);
        uint256 totalHeads;
        uint256 totalAmount;
        if (k == 0) {
            for (uint256 j = 1; j < SHAREHOLDER; ++j) {
                bool secured = j == uint256(VoteClass.Secured);
                if (!secured || kind == ResolutionKind.Ordinary) totalHeads += _classHeads[caseId][j];
                if (!secured) totalAmount += _classAmount[caseId][j]; // all unsecured claims, present or not
            }
        } else {
            totalHeads = _classHeads[caseId][k];
            totalAmount = _classAmount[caseId][k];
        }
        uint256 f = t.forAmount;
        if (k == SHAREHOLDER) {
            // 出资人组 (art. 85): two-thirds or more of the voting rights of the shareholders taking part in the vote
            passed = f > 0 && 3 * f >= 2 * uint256(t.presentAmount);
        } else {
            bool heads = 2 * uint256(t.forHeads) > t.presentHeads; // 过半数: strictly more than half of those present
            if (kind == ResolutionKind.Ordinary || kind == ResolutionKind.DistributionPlan) {
                passed = heads && 2 * f >= totalAmount; // art. 64: 二分之一以上
            } else {
                passed = heads && 3 * f >= 2 * totalAmount; // art. 84, 97: 三分之二以上
            }
        }
        _published(meetingId, k, i, passed, t, totalHeads, totalAmount);
    }

    function _published(
        uint256 meetingId,
        uint256 k,
        uint256 i,
        bool passed,
        Tally memory t,
        uint256 totalHeads,
        uint256 totalAmount
    ) private {
        emit ClassTallied(
            meetingId,
            VoteClass(k),
            uint8(i),
            passed,
            t.forHeads,
            t.againstHeads,
            t.presentHeads,
            totalHeads,
            t.forAmount,
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

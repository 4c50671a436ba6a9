// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {HubGuarded} from "../common/HubGuarded.sol";
import {ProRata, PRO_RATA_TIERS} from "../common/ProRata.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {IBankruptcyEstate} from "../interfaces/IBankruptcyEstate.sol";
import {ICreditorsMeeting} from "../interfaces/ICreditorsMeeting.sol";

/// @title BankruptcyEstate
/// @notice See IBankruptcyEstate: claims, objections, court acts and distribution; meetings in CreditorsMeeting.
contract BankruptcyEstate is IBankruptcyEstate, HubGuarded, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 private constant MIN_FILING = 30 days; // art. 45
    uint256 private constant MAX_FILING = 92 days; // art. 45: three months (the longest three calendar months)
    uint256 private constant MAX_PAGE = 300;
    uint256 private constant MAX_CONFIRM = 300;
    uint256 private constant UNCLAIMED = 62 days; // art. 118: two months (the longest two calendar months)
    uint256 private constant LITIGATED = 731 days; // art. 119: two years (one of them a leap year)
    uint256 private constant CONDITION_DAY = 1 days; // art. 117: the condition as it stands on the announcement day
    struct Objection {
        uint256 claimId;
        uint256 byClaim;
        bool ruled;
    }

    IERC20 private immutable _token;
    uint256 private _caseCount;
    uint256 private _claimCount;
    uint256 private _actCount;
    uint256 private _objectionCount;
    uint256 private _payoutCount;

    mapping(uint256 => Case) private _cases;
    mapping(uint256 => Claim) private _claims;
    mapping(uint256 => uint256) private _claimCase;
    mapping(uint256 => mapping(uint256 => uint256)) private _caseClaims; // case => index => claim id
    mapping(uint256 => Act) private _acts;
    mapping(uint256 => Objection) private _objections;
    mapping(uint256 => Payout) private _payouts;
    mapping(uint256 => uint256[10]) private _tierOwed;
    mapping(uint256 => uint256[10]) private _roundTotal;
    mapping(uint256 => uint256[10]) private _roundFill;
    mapping(uint256 => uint256[10]) private _roundCum;
    mapping(uint256 => uint256) private _roundPaid;

    constructor(ICourtConsortium hub_, IERC20 token_) HubGuarded(hub_) {
        if (address(token_) == address(0)) revert BankruptcyZeroAddress();
        _token = token_;
    }

    modifier onlyAdministrator(uint256 caseId) {
        if (msg.sender != _cases[caseId].administrator) revert BankruptcyNotAdministrator(caseId, msg.sender);
        _;
    }

    // -- court acts -------------------------------------------------------------------------------------------------

    /// @inheritdoc IBankruptcyEstate
    function proposeOpening(
        bytes32 debtor,
        address administrator,
        uint64 announcedAt,
        uint64 filingDeadline,
        uint256 smallClaimLimit,
        bytes32 basis
    ) external onlyRole(Roles.JUDGE) returns (uint256 caseId, uint256 actId) {
        if (administrator == address(0) || debtor == bytes32(0)) revert BankruptcyZeroAddress();
        if (filingDeadline < uint256(announcedAt) + MIN_FILING || filingDeadline > uint256(announcedAt) + MAX_FILING) {
            revert BankruptcyInvalidWindow(announcedAt, filingDeadline);
        }
        caseId = ++_caseCount;
        Case storage c = _cases[caseId];
        c.debtor = debtor;
        c.administrator = administrator;
        c.status = CaseStatus.Proposed;
        c.announcedAt = announcedAt;
        c.filingDeadline = filingDeadline;
        c.smallClaimLimit = smallClaimLimit;
        emit CaseProposed(caseId, debtor, administrator, announcedAt, filingDeadline, smallClaimLimit);
        actId = _newAct(caseId, ActKind.Open, caseId, 0, basis);
    }

    /// @inheritdoc IBankruptcyEstate
    function proposeAct(uint256 caseId, ActKind kind, uint256 ref, uint256 value, bytes32 basis)
        external
        onlyRole(Roles.JUDGE)
        returns (uint256 actId)
    {
        _caseFor(caseId, kind);
        bool ok;
        if (kind == ActKind.ConfirmClaims) ok = ref <= value && value - ref < MAX_CONFIRM;
        else if (kind == ActKind.SetProvisional) ok = _claimCase[ref] == caseId;
        else if (kind == ActKind.SetObjectionDeadline) ok = value > block.timestamp && value <= type(uint64).max;
        else if (kind == ActKind.RuleObjection) ok = _objections[ref].claimId != 0 && _claimCase[_objections[ref].claimId] == caseId;
        else if (kind == ActKind.Override || kind == ActKind.Revoke) ok = ref > 0 && value == 0;
        else if (kind == ActKind.CramDown) ok = ref > 0 && value > 0 && value < 64; // the art. 87 conditions found
        else if (kind == ActKind.ReleaseReserve) ok = _claimCase[ref] == caseId && value == 0;
        else if (kind == ActKind.SetConditional) ok = _claimCase[ref] == caseId && value < 2;
        else if (kind == ActKind.Close) ok = true;
        if (!ok) revert BankruptcyInvalidAct(kind, ref, value);
        actId = _newAct(caseId, kind, ref, value, basis);
    }

    /// @inheritdoc IBankruptcyEstate
    function approveAct(uint256 actId) external onlyRole(Roles.JUDGE) {
        Act storage a = _actIn(actId);
        if (a.proposer == msg.sender) revert BankruptcySelfApproval(actId, msg.sender);
        a.status = ActStatus.Approved;
        a.approver = msg.sender;
        uint256 caseId = a.caseId;
        emit ActApproved(actId, caseId, a.kind, msg.sender, a.proposer);
        ActKind kind = a.kind;
        if (kind == ActKind.Open) {
            Case storage c = _caseIn(caseId, CaseStatus.Proposed);
            c.status = CaseStatus.Open;
            emit CaseOpened(caseId, a.proposer, msg.sender);
            _meetingsContract().registerCase(caseId, c.administrator, c.filingDeadline);
            return;
        }
        Case storage cs = _caseFor(caseId, kind);
        if (kind == ActKind.ConfirmClaims) _confirmRange(caseId, cs, a.ref, a.value, actId);
        else if (kind == ActKind.SetProvisional) _setProvisional(caseId, cs, a.ref, a.value, actId);
        else if (kind == ActKind.SetObjectionDeadline) {
            cs.objectionDeadline = SafeCast.toUint64(a.value);
            emit ObjectionDeadlineSet(caseId, cs.objectionDeadline, actId);
        } else if (kind == ActKind.RuleObjection) _rule(caseId, cs, a.ref, a.value, actId);
        else if (kind == ActKind.Close) _close(caseId, cs);
        else if (kind == ActKind.ReleaseReserve) _release(caseId, cs, a.ref, actId);
        else if (kind == ActKind.SetConditional) _setConditional(caseId, cs, a.ref, a.value == 1, actId);
        else {
            ICreditorsMeeting.CourtRuling ruling = kind == ActKind.Override
                ? ICreditorsMeeting.CourtRuling.Override
                : (kind == ActKind.CramDown ? ICreditorsMeeting.CourtRuling.CramDown : ICreditorsMeeting.CourtRuling.Revoke);
            _meetingsContract().rule(caseId, a.ref, ruling, a.value, actId);
        }
    }

    /// @inheritdoc IBankruptcyEstate
    function cancelAct(uint256 actId) external {
        Act storage a = _actIn(actId);
        if (msg.sender != a.proposer && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert BankruptcyNotActParty(actId, msg.sender);
        }
        a.status = ActStatus.Cancelled;
        emit ActCancelled(actId, a.caseId, msg.sender);
    }

    // -- claims -----------------------------------------------------------------------------------------------------

    /// @inheritdoc IBankruptcyEstate
    function fileClaim(uint256 caseId, ClaimKind kind, bool secured, uint256 amount, bytes32 creditorKey, bytes32 evidence)
        external
        returns (uint256 claimId)
    {
        if (kind != ClaimKind.Ordinary && kind != ClaimKind.Tax && kind != ClaimKind.SocialInsurance) {
            revert BankruptcyInvalidKind(kind);
        }
        claimId = _newClaim(caseId, msg.sender, kind, secured, amount, creditorKey, evidence);
    }

    /// @inheritdoc IBankruptcyEstate
    function listClaim(uint256 caseId, address account, ClaimKind kind, uint256 amount, bytes32 creditorKey, bytes32 evidence)
        external
        onlyAdministrator(caseId)
        returns (uint256 claimId)
    {
        if (kind != ClaimKind.Employee && kind != ClaimKind.Expense && kind != ClaimKind.CommonBenefit) {
            revert BankruptcyInvalidKind(kind);
        }
        if (account == address(0)) revert BankruptcyZeroAddress();
        claimId = _newClaim(caseId, account, kind, false, amount, creditorKey, evidence);
    }

    /// @inheritdoc IBankruptcyEstate
    function reviewClaim(uint256 claimId, bool accept, uint256 amount, bytes32 basis) external {
        Claim storage cl = _claim(claimId);
        uint256 caseId = _claimCase[claimId];
        if (msg.sender != _cases[caseId].administrator) revert BankruptcyNotAdministrator(caseId, msg.sender);
        _caseIn(caseId, CaseStatus.Open);
        if (cl.status != ClaimStatus.Filed && cl.status != ClaimStatus.Reviewed) {
            revert BankruptcyUnexpectedClaimStatus(claimId, cl.status);
        }
        if (amount > cl.filed) revert BankruptcyAmountTooLarge(amount, cl.filed);
        if (accept && amount == 0) revert BankruptcyZeroAmount();
        cl.status = accept ? ClaimStatus.Reviewed : ClaimStatus.Rejected;
        cl.amount = accept ? uint128(amount) : 0; // amount <= filed, a uint128
        emit ClaimReviewed(caseId, claimId, cl.status, cl.amount, basis);
        if (!accept) _reweigh(caseId, claimId, cl);
    }

    /// @inheritdoc IBankruptcyEstate
    function waivePriority(uint256 claimId) external {
        Claim storage cl = _claim(claimId);
        if (msg.sender != cl.account) revert BankruptcyNotClaimant(claimId, msg.sender);
        if (!cl.secured) revert BankruptcyUnexpectedClaimStatus(claimId, cl.status);
        uint256 caseId = _claimCase[claimId];
        Case storage c = _caseIn(caseId, CaseStatus.Open);
        if (c.distributing) revert BankruptcyDistributing(caseId);
        cl.secured = false;
        emit PriorityWaived(caseId, claimId);
        _reweigh(caseId, claimId, cl);
        if (cl.status == ClaimStatus.Confirmed && !cl.inTier) _enterTier(caseId, cl, cl.amount);
    }

    /// @inheritdoc IBankruptcyEstate
    function object(uint256 claimId, uint256 byClaim, bytes32 reason) external returns (uint256 objectionId) {
        Claim storage target = _claim(claimId);
        Claim storage mine = _claim(byClaim);
        uint256 caseId = _claimCase[claimId];
        if (mine.account != msg.sender || _claimCase[byClaim] != caseId) revert BankruptcyNotClaimant(byClaim, msg.sender);
        Case storage c = _caseIn(caseId, CaseStatus.Open);
        if (block.timestamp > c.objectionDeadline) revert BankruptcyObjectionWindowClosed(caseId, c.objectionDeadline);
        if (target.status != ClaimStatus.Reviewed && target.status != ClaimStatus.Disputed && target.status != ClaimStatus.Rejected) {
            revert BankruptcyUnexpectedClaimStatus(claimId, target.status);
        }
        if (c.distributing) revert BankruptcyDistributing(caseId);
        objectionId = ++_objectionCount;
        _objections[objectionId] = Objection(claimId, byClaim, false);
        target.openObjections += 1;
        emit ObjectionFiled(caseId, objectionId, claimId, byClaim, reason);
        if (target.status == ClaimStatus.Reviewed) {
            target.status = ClaimStatus.Disputed;
            emit ClaimReviewed(caseId, claimId, ClaimStatus.Disputed, target.amount, reason);
            // a litigated claim is reserved for in distribution (art. 119) at its reviewed amount
            if (!target.secured) _enterTier(caseId, target, target.amount);
        }
    }

    /// @inheritdoc IBankruptcyEstate
    function answerObjection(uint256 objectionId, bytes32 answer) external {
        Objection storage o = _objections[objectionId];
        if (o.claimId == 0) revert BankruptcyUnknownObjection(objectionId);
        uint256 caseId = _claimCase[o.claimId];
        if (msg.sender != _cases[caseId].administrator) revert BankruptcyNotAdministrator(caseId, msg.sender);
        emit ObjectionAnswered(caseId, objectionId, answer);
    }

    // -- money ------------------------------------------------------------------------------------------------------

    /// @inheritdoc IBankruptcyEstate
    function deposit(uint256 caseId, uint256 amount) external nonReentrant onlyAdministrator(caseId) {
        Case storage c = _caseIn(caseId, CaseStatus.Open);
        if (amount == 0) revert BankruptcyZeroAmount();
        c.held += amount;
        emit Deposited(caseId, msg.sender, amount);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IBankruptcyEstate
    function proposePayout(uint256 caseId, PayoutKind kind, uint256 ref, uint256 amount)
        external
        onlyAdministrator(caseId)
        returns (uint256 payoutId)
    {
        _caseIn(caseId, CaseStatus.Open);
        if (kind == PayoutKind.None) revert BankruptcyZeroAmount();
        if (amount == 0) revert BankruptcyZeroAmount();
        if (kind == PayoutKind.Collateral) {
            Claim storage cl = _claim(ref);
            if (_claimCase[ref] != caseId || !cl.secured || cl.status != ClaimStatus.Confirmed) {
                revert BankruptcyUnexpectedClaimStatus(ref, cl.status);
            }
        }
        payoutId = ++_payoutCount;
        _payouts[payoutId] = Payout(caseId, kind, PayoutStatus.Proposed, msg.sender, address(0), ref, amount);
        emit PayoutProposed(payoutId, caseId, kind, ref, amount, msg.sender);
    }

    /// @inheritdoc IBankruptcyEstate
    function approvePayout(uint256 payoutId) external onlyRole(Roles.JUDGE) {
        Payout storage p = _payouts[payoutId];
        if (p.status != PayoutStatus.Proposed) revert BankruptcyUnknownPayout(payoutId);
        if (p.proposer == msg.sender) revert BankruptcySelfApproval(payoutId, msg.sender);
        uint256 caseId = p.caseId;
        Case storage c = _caseIn(caseId, CaseStatus.Open);
        if (c.distributing) revert BankruptcyDistributing(caseId);
        if (p.amount > c.held) revert BankruptcyAmountTooLarge(p.amount, c.held);
        p.status = PayoutStatus.Approved;
        p.approver = msg.sender;
        emit PayoutApproved(payoutId, caseId, msg.sender, p.proposer);
        if (p.kind == PayoutKind.Collateral) _payCollateral(caseId, c, p.ref, p.amount);
        else _startRound(caseId, c, p.amount, p.kind == PayoutKind.FinalRound);
    }

    /// @inheritdoc IBankruptcyEstate
    function distribute(uint256 caseId, uint256 maxClaims) external returns (uint256 processed, bool done) {
        Case storage c = _existing(caseId);
        if (!c.distributing) revert BankruptcyUnexpectedCaseStatus(caseId, c.status, CaseStatus.Open);
        if (maxClaims == 0) revert BankruptcyZeroAmount();
        uint256 start = c.cursor;
        uint256 end = Math.min(start + Math.min(maxClaims, MAX_PAGE), c.roundClaims);
        (uint256 paid, uint256 reservedPaid) = _page(caseId, c.round, start, end);
        _roundPaid[caseId] += paid + reservedPaid;
        c.held -= paid + reservedPaid;
        c.credited += paid;
        c.reserved += reservedPaid;
        processed = end - start;
        c.cursor = uint32(end); // end <= roundClaims, a uint32
        done = end == c.roundClaims;
        if (done) {
            c.distributing = false;
            // money of the round not paid (every tier filled) stays in the estate
            emit RoundCompleted(caseId, c.round, _roundPaid[caseId], c.held);
            if (c.finalStarted) {
                // the final distribution announcement (art. 116 para. 2); art. 118's two months run from the latest
                c.finalAt = SafeCast.toUint64(block.timestamp);
                emit FinalDistribution(caseId, c.round, c.finalAt, c.finalAt + uint64(UNCLAIMED));
            }
        }
    }

    /// @inheritdoc IBankruptcyEstate
    function withdraw(uint256 claimId) external nonReentrant returns (uint256 amount) {
        Claim storage cl = _claim(claimId);
        if (msg.sender != cl.account) revert BankruptcyNotClaimant(claimId, msg.sender);
        amount = cl.credited - cl.withdrawn;
        if (amount == 0) revert BankruptcyNothingOwed(claimId);
        cl.withdrawn = cl.credited;
        uint256 caseId = _claimCase[claimId];
        _cases[caseId].withdrawn += amount;
        emit Withdrawn(caseId, claimId, msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IBankruptcyEstate
    function lapse(uint256 claimId) external returns (uint256 amount, uint16 article) {
        Claim storage cl = _claim(claimId);
        uint256 caseId = _claimCase[claimId];
        Case storage c = _cases[caseId];
        if (c.distributing) revert BankruptcyDistributing(caseId);
        (uint64 unclaimedAfter, uint64 litigatedAfter) = _deadlines(c);
        if (cl.conditional) {
            (amount, article) = (cl.reserve, 117);
            uint256 due = c.finalAt == 0 ? 0 : c.finalAt + CONDITION_DAY;
            if (due == 0 || block.timestamp <= due) revert BankruptcyNotDue(claimId, due);
        } else if (cl.status == ClaimStatus.Disputed) {
            (amount, article) = (cl.reserve, 119);
            if (litigatedAfter == 0 || block.timestamp <= litigatedAfter) revert BankruptcyNotDue(claimId, litigatedAfter);
        } else {
            (amount, article) = (cl.credited - cl.withdrawn, 118);
            if (unclaimedAfter == 0 || block.timestamp <= unclaimedAfter) revert BankruptcyNotDue(claimId, unclaimedAfter);
        }
        if (amount == 0) revert BankruptcyNothingOwed(claimId);
        _leaveTier(caseId, cl); // the claim takes no further part in distribution
        if (article != 118) {
            cl.reserve = 0;
            c.reserved -= amount;
        } else {
            cl.credited -= uint128(amount); // amount <= credited
            c.credited -= amount;
        }
        c.held += amount;
        emit Lapsed(caseId, claimId, amount, article, c.round + 1, msg.sender);
        _startRound(caseId, c, amount, false);
    }

    // -- views ------------------------------------------------------------------------------------------------------

    function releaseDeadlines(uint256 caseId) external view returns (uint64 unclaimedAfter, uint64 litigatedAfter) {
        return _deadlines(_existing(caseId));
    }

    function getCase(uint256 caseId) external view returns (Case memory) {
        return _existing(caseId);
    }

    function getClaim(uint256 claimId) external view returns (Claim memory) {
        return _claim(claimId);
    }

    function getAct(uint256 actId) external view returns (Act memory a) {
        a = _acts[actId];
        if (a.status == ActStatus.None) revert BankruptcyUnknownAct(actId);
    }

    function getPayout(uint256 payoutId) external view returns (Payout memory p) {
        p = _payouts[payoutId];
        if (p.status == PayoutStatus.None) revert BankruptcyUnknownPayout(payoutId);
    }

    function caseCount() external view returns (uint256) {
        return _caseCount;
    }

    function settlementToken() external view returns (address) {
        return address(_token);
    }

    // -- internal: claims -------------------------------------------------------------------------------------------

    function _newClaim(
        uint256 caseId,
        address account,
        ClaimKind kind,
        bool secured,
        uint256 amount,
        bytes32 creditorKey,
        bytes32 evidence
    ) private returns (uint256 claimId) {
        Case storage c = _caseIn(caseId, CaseStatus.Open);
        if (amount == 0) revert BankruptcyZeroAmount();
        if (amount > type(uint128).max / 4) revert BankruptcyAmountTooLarge(amount, type(uint128).max / 4);
        if (c.finalStarted || block.timestamp < c.announcedAt) revert BankruptcyFilingClosed(caseId);
        bool late = block.timestamp > c.filingDeadline;
        claimId = ++_claimCount;
        Claim storage cl = _claims[claimId];
        cl.account = account;
        cl.kind = kind;
        cl.status = ClaimStatus.Filed;
        cl.secured = secured;
        cl.late = late;
        cl.filed = uint128(amount);
        cl.creditorKey = creditorKey;
        cl.evidence = evidence;
        _claimCase[claimId] = caseId;
        _caseClaims[caseId][c.claimCount] = claimId;
        c.claimCount += 1;
        emit ClaimFiled(caseId, claimId, account, kind, secured, amount, creditorKey, evidence, late, msg.sender);
    }

    function _confirmRange(uint256 caseId, Case storage c, uint256 from, uint256 to, uint256 actId) private {
        if (c.distributing) revert BankruptcyDistributing(caseId);
        // art. 58: confirmed when undisputed, that is once the court's objection window has passed without one
        if (c.objectionDeadline == 0 || block.timestamp <= c.objectionDeadline) {
            revert BankruptcyObjectionWindowOpen(caseId, c.objectionDeadline);
        }
        for (uint256 id = from; id <= to; ++id) {
            Claim storage cl = _claims[id];
            if (_claimCase[id] != caseId || cl.status != ClaimStatus.Reviewed || cl.openObjections > 0) continue;
            cl.status = ClaimStatus.Confirmed;
            emit ClaimConfirmed(caseId, id, cl.amount, actId);
            _reweigh(caseId, id, cl);
            if (!cl.secured) _enterTier(caseId, cl, cl.amount);
        }
    }

    function _setProvisional(uint256 caseId, Case storage, uint256 claimId, uint256 amount, uint256 actId) private {
        Claim storage cl = _claims[claimId];
        if (cl.status == ClaimStatus.Confirmed || cl.status == ClaimStatus.Rejected) {
            revert BankruptcyUnexpectedClaimStatus(claimId, cl.status);
        }
        if (amount > cl.filed) revert BankruptcyAmountTooLarge(amount, cl.filed);
        cl.provisional = uint128(amount);
        emit ProvisionalAmountSet(caseId, claimId, amount, actId);
        _reweigh(caseId, claimId, cl);
    }

    function _rule(uint256 caseId, Case storage c, uint256 objectionId, uint256 amount, uint256 actId) private {
        if (c.distributing) revert BankruptcyDistributing(caseId);
        Objection storage o = _objections[objectionId];
        if (o.ruled) revert BankruptcyInvalidAct(ActKind.RuleObjection, objectionId, amount);
        uint256 claimId = o.claimId;
        Claim storage cl = _claims[claimId];
        if (amount > cl.filed) revert BankruptcyAmountTooLarge(amount, cl.filed);
        o.ruled = true;
        cl.openObjections -= 1;
        emit ObjectionRuled(caseId, objectionId, claimId, amount, actId);
        if (cl.openObjections > 0) return; // the last ruling decides
        _leaveTier(caseId, cl);
        // the reserve is paid to the claim up to the amount found; the rest returns to the estate
        uint256 pay = Math.min(cl.reserve, amount > cl.credited ? amount - cl.credited : 0);
        uint256 back = cl.reserve - pay;
        c.reserved -= cl.reserve;
        c.held += back;
        c.credited += pay;
        cl.credited += uint128(pay);
        if (pay > 0) emit ReserveReleased(caseId, claimId, pay, true, actId);
        if (back > 0) emit ReserveReleased(caseId, claimId, back, false, actId);
        cl.reserve = 0;
        if (amount == 0) {
            cl.status = ClaimStatus.Rejected;
            cl.amount = 0;
            emit ClaimReviewed(caseId, claimId, ClaimStatus.Rejected, 0, bytes32(actId));
        } else {
            cl.status = ClaimStatus.Confirmed;
            cl.amount = uint128(amount);
            emit ClaimConfirmed(caseId, claimId, amount, actId);
            if (!cl.secured) _enterTier(caseId, cl, amount);
        }
        _reweigh(caseId, claimId, cl);
        _redistributeIfClosed(caseId, c, back);
    }

    /// @dev Art. 119: a litigated claim still unresolved when the court releases its reserve leaves distribution;
    /// the reserve returns to the estate for the other creditors.
    function _release(uint256 caseId, Case storage c, uint256 claimId, uint256 actId) private {
        if (c.distributing) revert BankruptcyDistributing(caseId);
        Claim storage cl = _claims[claimId];
        if (cl.status != ClaimStatus.Disputed) revert BankruptcyUnexpectedClaimStatus(claimId, cl.status);
        uint256 amount = cl.reserve;
        _leaveTier(caseId, cl);
        cl.reserve = 0;
        c.reserved -= amount;
        c.held += amount;
        emit ReserveReleased(caseId, claimId, amount, false, actId);
        _redistributeIfClosed(caseId, c, amount);
    }

    /// @dev Art. 117: a conditional claim's shares are reserved; the condition coming out for the creditor before the
    /// final distribution announcement pays the reserve to it (after it, `lapse` sends the reserve to the others).
    function _setConditional(uint256 caseId, Case storage c, uint256 claimId, bool on, uint256 actId) private {
        if (c.distributing) revert BankruptcyDistributing(caseId);
        Claim storage cl = _claims[claimId];
        if (cl.conditional == on) revert BankruptcyInvalidAct(ActKind.SetConditional, claimId, on ? 1 : 0);
        cl.conditional = on;
        emit ClaimConditional(caseId, claimId, on, actId);
        uint256 r = cl.reserve;
        if (on || r == 0 || cl.status == ClaimStatus.Disputed) return; // a disputed claim's reserve waits for the court
        cl.reserve = 0;
        cl.credited += uint128(r);
        c.reserved -= r;
        c.credited += r;
        emit ReserveReleased(caseId, claimId, r, true, actId);
    }

    /// @dev On a closed case no payout can be proposed any more: money a court act returns to the estate goes at
    /// once to the other creditors in a round of its own (art. 119).
    function _redistributeIfClosed(uint256 caseId, Case storage c, uint256 amount) private {
        if (c.status == CaseStatus.Closed && amount > 0) _startRound(caseId, c, amount, false);
    }

    function _deadlines(Case storage c) private view returns (uint64 unclaimedAfter, uint64 litigatedAfter) {
        if (c.finalAt != 0) unclaimedAfter = c.finalAt + uint64(UNCLAIMED);
        if (c.closedAt != 0) litigatedAfter = c.closedAt + uint64(LITIGATED);
    }

    /// @dev The claim's vote, sent to the meetings' register: the confirmed amount, else the court's provisional
    /// amount (art. 59 para. 2); none when rejected, or for expenses and common-benefit debts. CreditorsMeeting
    /// refuses the change while a meeting of the case is convened.
    function _reweigh(uint256 caseId, uint256 claimId, Claim storage cl) private {
        uint256 w;
        if (cl.status == ClaimStatus.Confirmed) w = cl.amount;
        else if (cl.status != ClaimStatus.Rejected) w = cl.provisional;
        ICreditorsMeeting.VoteClass k = ICreditorsMeeting.VoteClass.None;
        if (w > 0 && cl.kind != ClaimKind.Expense && cl.kind != ClaimKind.CommonBenefit) {
            if (cl.secured) k = ICreditorsMeeting.VoteClass.Secured;
            else if (cl.kind == ClaimKind.Employee) k = ICreditorsMeeting.VoteClass.Employee;
            else if (cl.kind == ClaimKind.Tax) k = ICreditorsMeeting.VoteClass.Tax;
            else if (cl.kind == ClaimKind.SocialInsurance) k = ICreditorsMeeting.VoteClass.SocialInsurance;
            else if (w <= _cases[caseId].smallClaimLimit) k = ICreditorsMeeting.VoteClass.SmallClaims;
            else k = ICreditorsMeeting.VoteClass.Ordinary;
        }
        _meetingsContract().setVoice(caseId, claimId, cl.account, k, w);
    }

    function _meetingsContract() private view returns (ICreditorsMeeting m) {
        m = ICreditorsMeeting(_suite(SuiteKeys.CREDITORS_MEETING));
        if (address(m) == address(0)) revert BankruptcyMeetingsMissing();
    }

    // -- internal: money --------------------------------------------------------------------------------------------

    /// @dev Credits (or reserves, for a disputed claim) the shares of the case's claims [start, end) in the round.
    function _page(uint256 caseId, uint32 round, uint256 start, uint256 end)
        private
        returns (uint256 paid, uint256 reservedPaid)
    {
        ProRata.Tiers memory r =
            ProRata.Tiers(_roundTotal[caseId], _roundFill[caseId], _roundCum[caseId], _tierOwed[caseId]);
        for (uint256 i = start; i < end; ++i) {
            uint256 claimId = _caseClaims[caseId][i];
            Claim storage cl = _claims[claimId];
            if (!cl.inTier) continue;
            uint256 owe = cl.amount - cl.credited - cl.reserve;
            if (owe == 0) continue;
            uint256 t = _tier(cl.kind);
            uint256 share = ProRata.share(r, t, owe);
            if (share == 0) continue;
            r.left[t] -= share;
            bool reserved = cl.status == ClaimStatus.Disputed || cl.conditional; // art. 117, 119
            if (reserved) {
                cl.reserve += uint128(share); // share <= owe < 2^128
                reservedPaid += share;
            } else {
                cl.credited += uint128(share);
                paid += share;
            }
            emit Credited(caseId, claimId, round, share, reserved);
        }
        _roundCum[caseId] = r.cum;
        _tierOwed[caseId] = r.left;
    }

    function _payCollateral(uint256 caseId, Case storage c, uint256 claimId, uint256 proceeds) private {
        Claim storage cl = _claims[claimId];
        if (!cl.secured || cl.inTier) revert BankruptcyUnexpectedClaimStatus(claimId, cl.status);
        uint256 owed = cl.amount - cl.credited;
        uint256 paid = Math.min(proceeds, owed);
        cl.credited += uint128(paid);
        c.held -= paid;
        c.credited += paid;
        uint256 deficiency = owed - paid;
        // art. 110: the part the collateral did not pay joins the ordinary claims
        _enterTier(caseId, cl, cl.amount);
        emit CollateralPaid(caseId, claimId, paid, deficiency, proceeds - paid);
    }

    function _startRound(uint256 caseId, Case storage c, uint256 available, bool final_) private {
        uint256[10] memory totals = _tierOwed[caseId];
        uint256[10] memory zero;
        _roundTotal[caseId] = totals;
        _roundFill[caseId] = ProRata.fills(totals, available);
        _roundCum[caseId] = zero;
        _roundPaid[caseId] = 0;
        c.distributing = true;
        c.roundClaims = c.claimCount;
        c.cursor = 0;
        c.round += 1;
        if (final_) c.finalStarted = true;
        emit RoundStarted(caseId, c.round, available, final_);
    }

    function _enterTier(uint256 caseId, Claim storage cl, uint256 amount) private {
        if (cl.inTier) return;
        cl.inTier = true;
        cl.amount = uint128(amount);
        _tierOwed[caseId][_tier(cl.kind)] += amount - cl.credited - cl.reserve;
    }

    function _leaveTier(uint256 caseId, Claim storage cl) private {
        if (!cl.inTier) return;
        cl.inTier = false;
        _tierOwed[caseId][_tier(cl.kind)] -= cl.amount - cl.credited - cl.reserve;
    }

    function _tier(ClaimKind kind) private pure returns (uint256) {
        if (kind == ClaimKind.Expense) return 0; // art. 41, 43
        if (kind == ClaimKind.CommonBenefit) return 1; // art. 42, 43
        if (kind == ClaimKind.Employee) return 2; // art. 113 (1)
        if (kind == ClaimKind.SocialInsurance || kind == ClaimKind.Tax) return 3; // art. 113 (2)
        return 4; // art. 113 (3), with secured deficiencies (art. 110)
    }

    function _close(uint256 caseId, Case storage c) private {
        if (c.distributing || !c.finalStarted) revert BankruptcyDistributing(caseId);
        c.status = CaseStatus.Closed;
        c.closedAt = SafeCast.toUint64(block.timestamp);
        emit CaseClosed(caseId, c.held, c.closedAt);
    }

    // -- internal: lookups ------------------------------------------------------------------------------------------

    function _newAct(uint256 caseId, ActKind kind, uint256 ref, uint256 value, bytes32 basis) private returns (uint256 actId) {
        actId = ++_actCount;
        _acts[actId] = Act(caseId, kind, ActStatus.Proposed, msg.sender, address(0), ref, value, basis);
        emit ActProposed(actId, caseId, kind, msg.sender, ref, value, basis);
    }

    function _actIn(uint256 actId) private view returns (Act storage a) {
        a = _acts[actId];
        if (a.status == ActStatus.None) revert BankruptcyUnknownAct(actId);
        if (a.status != ActStatus.Proposed) revert BankruptcyUnexpectedActStatus(actId, a.status);
    }

    function _existing(uint256 caseId) private view returns (Case storage c) {
        c = _cases[caseId];
        if (c.status == CaseStatus.None) revert BankruptcyUnknownCase(caseId);
    }

    /// @dev The case a court act applies to: open, or closed for the acts on a litigated claim's reserve (art. 119).
    function _caseFor(uint256 caseId, ActKind kind) private view returns (Case storage c) {
        c = _existing(caseId);
        if (c.status == CaseStatus.Closed && (kind == ActKind.RuleObjection || kind == ActKind.ReleaseReserve)) return c;
        if (c.status != CaseStatus.Open) revert BankruptcyUnexpectedCaseStatus(caseId, c.status, CaseStatus.Open);
    }

    function _caseIn(uint256 caseId, CaseStatus expected) private view returns (Case storage c) {
        c = _existing(caseId);
        if (c.status != expected) revert BankruptcyUnexpectedCaseStatus(caseId, c.status, expected);
    }

    function _claim(uint256 claimId) private view returns (Claim storage cl) {
        cl = _claims[claimId];
        if (cl.status == ClaimStatus.None) revert BankruptcyUnknownClaim(_claimCase[claimId], claimId);
    }
}

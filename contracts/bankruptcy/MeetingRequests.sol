// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {IBankruptcyEstate} from "../interfaces/IBankruptcyEstate.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICreditorsMeeting} from "../interfaces/ICreditorsMeeting.sol";
import {IMeetingRequests} from "../interfaces/IMeetingRequests.sol";

/// @title MeetingRequests
/// @notice See IMeetingRequests: meetings requested on chain (art. 62), the creditors' committee (art. 67-68) and the
/// administrator's reports to it (art. 69). Reads the estate (case status, administrator) and the meeting register
/// (voices, class totals, meetings) through the hub's keys; writes nothing there.
contract MeetingRequests is IMeetingRequests, HubGuarded, EIP712 {
    uint256 private constant ANSWER_PERIOD = 15 days; // the suite's rule: convene and link within 15 days
    uint256 private constant MAX_MEMBERS = 9; // art. 67
    uint256 private constant FIRST_CLASS = 1; // VoteClass.Secured
    uint256 private constant LAST_CLASS = 6; // VoteClass.SocialInsurance
    bytes32 private constant SUPPORT_TYPEHASH = keccak256("Support(uint256 requestId,uint256 claimId,uint256 deadline)");

    struct Joined {
        bool joined;
        uint248 amount;
    }

    uint256 private _requestCount;
    uint256 private _appointmentCount;
    uint256 private _reportCount;
    mapping(uint256 => Request) private _requests;
    mapping(uint256 => mapping(uint256 => uint256)) private _current; // case => kind => request id
    mapping(uint256 => mapping(uint256 => Joined)) private _joined; // request => claim id (or member address) => joined
    mapping(uint256 => Appointment) private _appointments;
    mapping(uint256 => uint256) private _committee; // case => appointment in office
    mapping(uint256 => Report) private _reports;

    constructor(ICourtConsortium hub_) HubGuarded(hub_) EIP712("CourtchainMeetingRequests", "1") {}

    // -- creditors' requests (art. 62) ------------------------------------------------------------------------------

    /// @inheritdoc IMeetingRequests
    function support(uint256 caseId, uint256 claimId) external returns (uint256 requestId) {
        uint256 amount = _voting(caseId, claimId, msg.sender);
        if (amount == 0) revert RequestNotCreditor(caseId, claimId, msg.sender);
        requestId = _current[caseId][uint256(RequestKind.Creditors)];
        if (requestId == 0) requestId = _open(caseId, RequestKind.Creditors, 0);
        Request storage r = _requests[requestId];
        if (_joined[requestId][claimId].joined) revert RequestAlreadySupported(requestId, claimId);
        _join(requestId, r, claimId, msg.sender, amount, false);
        if (r.status == RequestStatus.Open) _evaluate(requestId, r); // joining a reached request cannot undo it
    }

    /// @inheritdoc IMeetingRequests
    function relaySupport(uint256 requestId, SignedSupport[] calldata items) external returns (uint256 accepted) {
        Request storage r = _creditorsRequest(requestId);
        uint256 caseId = r.caseId;
        for (uint256 i = 0; i < items.length; ++i) {
            SignedSupport calldata s = items[i];
            uint8 reason;
            address signer;
            uint256 amount;
            if (s.deadline < block.timestamp) {
                reason = 2;
            } else if (_joined[requestId][s.claimId].joined) {
                reason = 3;
            } else {
                ECDSA.RecoverError err;
                (signer, err) = ECDSA.tryRecover(supportDigest(requestId, s.claimId, s.deadline), s.v, s.r, s.s);
                if (err != ECDSA.RecoverError.NoError || signer == address(0)) reason = 1;
                else amount = _voting(caseId, s.claimId, signer);
                if (reason == 0 && amount == 0) reason = _accountOf(s.claimId) == signer ? 4 : 1;
            }
            if (reason != 0) {
                emit SupportSkipped(requestId, s.claimId, reason);
                continue;
            }
            _join(requestId, r, s.claimId, signer, amount, true);
            ++accepted;
        }
        if (r.status == RequestStatus.Open && accepted > 0) _evaluate(requestId, r);
    }

    /// @inheritdoc IMeetingRequests
    function recount(uint256 requestId, uint256[] calldata claimIds) external {
        Request storage r = _creditorsRequest(requestId);
        uint256 caseId = r.caseId;
        ICreditorsMeeting meetings = _meetings();
        uint256 total = r.support;
        for (uint256 i = 0; i < claimIds.length; ++i) {
            uint256 claimId = claimIds[i];
            Joined storage j = _joined[requestId][claimId];
            if (!j.joined) continue;
            (ICreditorsMeeting.Voice memory v, uint256 w) = meetings.getVoice(claimId);
            if (v.caseId != caseId || !_isCreditor(v.voteClass)) w = 0;
            uint256 old = j.amount;
            if (w == old) continue;
            j.amount = uint248(w); // a voting amount is below 2^128 (CreditorsMeeting tallies it in uint128)
            total = total - old + w;
            emit SupportRecounted(requestId, claimId, old, w);
        }
        r.support = total;
        _evaluate(requestId, r);
    }

    // -- the committee's request (art. 68 (3)) ----------------------------------------------------------------------

    /// @inheritdoc IMeetingRequests
    function committeeSupport(uint256 caseId) external returns (uint256 requestId) {
        uint256 term = _committee[caseId];
        if (term == 0 || !_isMember(term, msg.sender)) revert CommitteeNotMember(caseId, msg.sender);
        requestId = _current[caseId][uint256(RequestKind.Committee)];
        if (requestId == 0 || _requests[requestId].term != term) requestId = _open(caseId, RequestKind.Committee, term);
        Request storage r = _requests[requestId];
        uint256 key = uint256(uint160(msg.sender));
        if (_joined[requestId][key].joined) revert RequestAlreadySupported(requestId, key);
        _joined[requestId][key].joined = true;
        r.supporters += 1;
        emit RequestSupported(requestId, 0, msg.sender, 0, r.supporters, false);
        if (r.status == RequestStatus.Open) {
            uint256 members = _appointments[term].creditorReps.length + 1;
            if (2 * uint256(r.supporters) > members) _reach(requestId, r, r.supporters, members); // 过半数: strict
        }
    }

    /// @inheritdoc IMeetingRequests
    function answer(uint256 requestId, uint256 meetingId) external {
        Request storage r = _requests[requestId];
        if (r.caseId == 0) revert RequestUnknown(requestId);
        uint256 caseId = r.caseId;
        if (msg.sender != _estate().getCase(caseId).administrator && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert RequestNotAnswerer(caseId, msg.sender);
        }
        RequestStatus s = r.status;
        if (s != RequestStatus.Open && s != RequestStatus.Reached) revert RequestNotOpen(requestId, s);
        ICreditorsMeeting meetings = _meetings();
        if (
            meetingId <= r.meetingsBefore || meetingId > meetings.meetingCount()
                || meetings.getMeeting(meetingId).caseId != caseId
        ) {
            revert RequestBadAnswer(requestId, meetingId);
        }
        bool late = s == RequestStatus.Reached && block.timestamp > uint256(r.reachedAt) + ANSWER_PERIOD;
        r.status = RequestStatus.Answered;
        r.answeredBy = SafeCast.toUint32(meetingId);
        r.answeredAt = SafeCast.toUint64(block.timestamp);
        if (_current[caseId][uint256(r.kind)] == requestId) delete _current[caseId][uint256(r.kind)];
        emit RequestAnswered(caseId, requestId, meetingId, late, msg.sender);
    }

    // -- committee (art. 67) and supervision (art. 69) --------------------------------------------------------------

    /// @inheritdoc IMeetingRequests
    function proposeCommittee(
        uint256 caseId,
        uint256 chosenBy,
        address[] calldata creditorReps,
        address employeeRep,
        bytes32 decision
    ) external onlyRole(Roles.JUDGE) returns (uint256 appointmentId) {
        _openCase(caseId);
        uint256 n = creditorReps.length;
        if (n == 0 || n + 1 > MAX_MEMBERS) revert CommitteeInvalid(1);
        if (employeeRep == address(0)) revert CommitteeInvalid(2);
        for (uint256 i = 0; i < n; ++i) {
            address a = creditorReps[i];
            if (a == address(0) || a == employeeRep) revert CommitteeInvalid(2);
            for (uint256 k = 0; k < i; ++k) {
                if (creditorReps[k] == a) revert CommitteeInvalid(2);
            }
        }
        _checkChosen(caseId, chosenBy);
        appointmentId = ++_appointmentCount;
        Appointment storage a_ = _appointments[appointmentId];
        a_.caseId = caseId;
        a_.chosenBy = chosenBy;
        a_.proposer = msg.sender;
        a_.employeeRep = employeeRep;
        a_.decision = decision;
        a_.creditorReps = creditorReps;
        emit CommitteeProposed(appointmentId, caseId, msg.sender, chosenBy, creditorReps, employeeRep, decision);
    }

    /// @inheritdoc IMeetingRequests
    function approveCommittee(uint256 appointmentId) external onlyRole(Roles.JUDGE) {
        Appointment storage a = _pending(appointmentId);
        if (a.proposer == msg.sender) revert CommitteeSelfApproval(appointmentId, msg.sender);
        uint256 caseId = a.caseId;
        _openCase(caseId);
        a.approver = msg.sender;
        a.approvedAt = SafeCast.toUint64(block.timestamp);
        _committee[caseId] = appointmentId;
        emit CommitteeAppointed(appointmentId, caseId, msg.sender, a.proposer, a.creditorReps.length + 1);
    }

    /// @inheritdoc IMeetingRequests
    function cancelCommittee(uint256 appointmentId) external onlyRole(Roles.JUDGE) {
        Appointment storage a = _pending(appointmentId);
        a.cancelled = true;
        emit CommitteeProposalCancelled(appointmentId, a.caseId, msg.sender);
    }

    /// @inheritdoc IMeetingRequests
    function reportAct(uint256 caseId, SupervisedAct kind, bytes32 document) external returns (uint256 reportId) {
        IBankruptcyEstate.Case memory c = _estate().getCase(caseId);
        if (c.status != IBankruptcyEstate.CaseStatus.Open) revert RequestCaseNotOpen(caseId);
        if (msg.sender != c.administrator) revert RequestNotAdministrator(caseId, msg.sender);
        if (kind == SupervisedAct.None) revert RequestInvalidAct(kind);
        uint256 term = _committee[caseId];
        reportId = ++_reportCount;
        _reports[reportId] =
            Report(caseId, kind, SafeCast.toUint64(term), SafeCast.toUint64(block.timestamp), msg.sender, document);
        emit ActReported(caseId, reportId, kind, term, document, msg.sender);
    }

    // -- views ------------------------------------------------------------------------------------------------------

    /// @inheritdoc IMeetingRequests
    function getRequest(uint256 requestId) external view returns (Request memory) {
        Request memory r = _requests[requestId];
        if (r.caseId == 0) revert RequestUnknown(requestId);
        return r;
    }

    /// @inheritdoc IMeetingRequests
    function currentRequest(uint256 caseId, RequestKind kind) external view returns (uint256) {
        return _current[caseId][uint256(kind)];
    }

    /// @inheritdoc IMeetingRequests
    function supportOf(uint256 requestId, uint256 claimId) external view returns (bool joined, uint256 amount) {
        Joined memory j = _joined[requestId][claimId];
        return (j.joined, j.amount);
    }

    /// @inheritdoc IMeetingRequests
    function totalClaims(uint256 caseId) public view returns (uint256 total) {
        ICreditorsMeeting meetings = _meetings();
        for (uint256 k = FIRST_CLASS; k <= LAST_CLASS; ++k) {
            (, uint256 amount) = meetings.classTotals(caseId, ICreditorsMeeting.VoteClass(k));
            total += amount;
        }
    }

    /// @inheritdoc IMeetingRequests
    function isOverdue(uint256 requestId) external view returns (bool) {
        Request storage r = _requests[requestId];
        return r.status == RequestStatus.Reached && block.timestamp > uint256(r.reachedAt) + ANSWER_PERIOD;
    }

    /// @inheritdoc IMeetingRequests
    function dueAt(uint256 requestId) external view returns (uint256) {
        Request storage r = _requests[requestId];
        return r.reachedAt == 0 ? 0 : uint256(r.reachedAt) + ANSWER_PERIOD;
    }

    /// @inheritdoc IMeetingRequests
    function getAppointment(uint256 appointmentId) external view returns (Appointment memory) {
        Appointment memory a = _appointments[appointmentId];
        if (a.caseId == 0) revert CommitteeUnknownAppointment(appointmentId);
        return a;
    }

    /// @inheritdoc IMeetingRequests
    function committeeOf(uint256 caseId) external view returns (uint256) {
        return _committee[caseId];
    }

    /// @inheritdoc IMeetingRequests
    function isMember(uint256 caseId, address account) external view returns (bool) {
        uint256 term = _committee[caseId];
        return term != 0 && _isMember(term, account);
    }

    /// @inheritdoc IMeetingRequests
    function getReport(uint256 reportId) external view returns (Report memory) {
        return _reports[reportId];
    }

    /// @inheritdoc IMeetingRequests
    function requestCount() external view returns (uint256) {
        return _requestCount;
    }

    /// @inheritdoc IMeetingRequests
    function appointmentCount() external view returns (uint256) {
        return _appointmentCount;
    }

    /// @inheritdoc IMeetingRequests
    function reportCount() external view returns (uint256) {
        return _reportCount;
    }

    /// @inheritdoc IMeetingRequests
    function supportDigest(uint256 requestId, uint256 claimId, uint256 deadline) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SUPPORT_TYPEHASH, requestId, claimId, deadline)));
    }

    // -- internal ---------------------------------------------------------------------------------------------------

    /// @dev A new request of `kind` for the case, now the current one. The case must be open in the estate.
    function _open(uint256 caseId, RequestKind kind, uint256 term) private returns (uint256 requestId) {
        _openCase(caseId);
        uint256 before = _meetings().meetingCount();
        requestId = ++_requestCount;
        Request storage r = _requests[requestId];
        r.caseId = caseId;
        r.kind = kind;
        r.status = RequestStatus.Open;
        r.meetingsBefore = SafeCast.toUint32(before);
        r.term = SafeCast.toUint64(term);
        r.openedAt = SafeCast.toUint64(block.timestamp);
        _current[caseId][uint256(kind)] = requestId;
        emit RequestOpened(caseId, requestId, kind, before, term, msg.sender);
    }

    function _join(uint256 requestId, Request storage r, uint256 claimId, address account, uint256 amount, bool relayed)
        private
    {
        _joined[requestId][claimId] = Joined(true, uint248(amount));
        r.supporters += 1;
        uint256 s = r.support + amount;
        r.support = s;
        emit RequestSupported(requestId, claimId, account, amount, s, relayed);
    }

    /// @dev Art. 62: creditors holding one quarter or more of the total claims, 4 * support >= total (inclusive).
    function _evaluate(uint256 requestId, Request storage r) private {
        RequestStatus s = r.status;
        uint256 total = totalClaims(r.caseId);
        bool at = total > 0 && 4 * r.support >= total;
        if (s == RequestStatus.Open && at) {
            _reach(requestId, r, r.support, total);
        } else if (s == RequestStatus.Reached && !at) {
            r.status = RequestStatus.Open;
            r.reachedAt = 0;
            emit RequestThresholdLost(r.caseId, requestId, r.support, total);
        }
    }

    function _reach(uint256 requestId, Request storage r, uint256 supportNow, uint256 total) private {
        uint64 t = SafeCast.toUint64(block.timestamp);
        r.status = RequestStatus.Reached;
        r.reachedAt = t;
        emit RequestReached(r.caseId, requestId, r.kind, supportNow, total, t, SafeCast.toUint64(t + ANSWER_PERIOD));
    }

    /// @dev The claim's voting amount if `account` votes it in `caseId`; 0 otherwise.
    function _voting(uint256 caseId, uint256 claimId, address account) private view returns (uint256) {
        (ICreditorsMeeting.Voice memory v, uint256 w) = _meetings().getVoice(claimId);
        if (v.account != account || v.caseId != caseId || !_isCreditor(v.voteClass)) return 0;
        return w;
    }

    /// @dev `chosenBy` names a passed (or court-overridden) ordinary agenda item of a meeting of the case, the way the
    /// court's acts name one: meeting id + (item << 128).
    function _checkChosen(uint256 caseId, uint256 chosenBy) private view {
        ICreditorsMeeting meetings = _meetings();
        uint256 meetingId = uint128(chosenBy);
        uint256 item = chosenBy >> 128;
        if (meetingId == 0 || meetingId > meetings.meetingCount()) revert CommitteeInvalid(3);
        ICreditorsMeeting.Meeting memory m = meetings.getMeeting(meetingId);
        if (m.caseId != caseId || item >= m.itemCount) revert CommitteeInvalid(3);
        ICreditorsMeeting.Item memory it = meetings.getItem(meetingId, item);
        bool chosen = it.status == ICreditorsMeeting.ResolutionStatus.Passed
            || it.status == ICreditorsMeeting.ResolutionStatus.Overridden;
        if (it.kind != ICreditorsMeeting.ResolutionKind.Ordinary || !chosen) revert CommitteeInvalid(3);
    }

    /// @dev A creditor's class: art. 62 counts claims, so a shareholder's equity share (art. 85) never supports.
    function _isCreditor(ICreditorsMeeting.VoteClass k) private pure returns (bool) {
        return uint256(k) >= FIRST_CLASS && uint256(k) <= LAST_CLASS;
    }

    function _accountOf(uint256 claimId) private view returns (address) {
        (ICreditorsMeeting.Voice memory v,) = _meetings().getVoice(claimId);
        return v.account;
    }

    function _creditorsRequest(uint256 requestId) private view returns (Request storage r) {
        r = _requests[requestId];
        if (r.caseId == 0 || r.kind != RequestKind.Creditors) revert RequestUnknown(requestId);
        if (r.status != RequestStatus.Open && r.status != RequestStatus.Reached) revert RequestNotOpen(requestId, r.status);
    }

    function _pending(uint256 appointmentId) private view returns (Appointment storage a) {
        a = _appointments[appointmentId];
        if (a.caseId == 0) revert CommitteeUnknownAppointment(appointmentId);
        if (a.approver != address(0) || a.cancelled) revert CommitteeNotProposed(appointmentId);
    }

    function _isMember(uint256 term, address account) private view returns (bool) {
        Appointment storage a = _appointments[term];
        if (account == a.employeeRep) return true;
        address[] storage reps = a.creditorReps;
        for (uint256 i = 0; i < reps.length; ++i) {
            if (reps[i] == account) return true;
        }
        return false;
    }

    function _openCase(uint256 caseId) private view {
        if (_estate().getCase(caseId).status != IBankruptcyEstate.CaseStatus.Open) revert RequestCaseNotOpen(caseId);
    }

    function _estate() private view returns (IBankruptcyEstate) {
        return IBankruptcyEstate(_suite(SuiteKeys.BANKRUPTCY_ESTATE));
    }

    function _meetings() private view returns (ICreditorsMeeting) {
        return ICreditorsMeeting(_suite(SuiteKeys.CREDITORS_MEETING));
    }
}

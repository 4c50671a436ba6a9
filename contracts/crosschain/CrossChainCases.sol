// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICaseDocket} from "../interfaces/ICaseDocket.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICrossChainApp} from "../interfaces/ICrossChainApp.sol";
import {ICrossChainCases} from "../interfaces/ICrossChainCases.sol";
import {ICrossChainOutbox} from "../interfaces/ICrossChainOutbox.sol";

/// @title CrossChainCases
/// @notice Case transfer between chains with try/confirm/cancel. See {ICrossChainCases}.
contract CrossChainCases is ICrossChainCases, HubGuarded {
    uint16 internal constant KIND_CASE_TRANSFER = 1;
    uint16 internal constant KIND_CASE_CONFIRM = 2;
    uint16 internal constant KIND_CASE_CANCEL = 3;
    /// @dev The reason of a case returned at once because its receiving organ is no active court or procuratorate here.
    bytes32 internal constant NO_SUCH_ORGAN = keccak256("CrossChainCases: no such organ");
    /// @dev How long a reply may take to be delivered (judged on the sending chain's clock).
    uint64 private constant _REPLY_WINDOW = 30 days;

    mapping(uint64 => address) private _peers;
    mapping(uint256 => Outgoing) private _outgoing; // caseId => its latest cross-chain transfer
    mapping(uint64 => mapping(uint64 => uint256)) private _outBySequence; // dest chain => sequence => caseId
    uint256 private _incomingCount;
    mapping(uint256 => Incoming) private _incoming;
    mapping(uint64 => mapping(uint64 => uint256)) private _replyBySequence; // dest chain => sequence => incomingId
    mapping(uint256 => bool) private _replyTimedOut;

    modifier onlyInbox() {
        if (msg.sender != _suite(SuiteKeys.CROSSCHAIN_INBOX) || msg.sender == address(0)) {
            revert CrossChainCasesOnlyInbox(msg.sender);
        }
        _;
    }

    modifier onlyOutbox() {
        if (msg.sender != _suite(SuiteKeys.CROSSCHAIN_OUTBOX) || msg.sender == address(0)) {
            revert CrossChainCasesOnlyOutbox(msg.sender);
        }
        _;
    }

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    /// @inheritdoc ICrossChainCases
    function sendCase(
        uint256 caseId,
        uint64 destChainId,
        uint32 toMember,
        bytes32 documentsHash,
        uint64 timeoutTimestamp
    ) external returns (uint64 sequence) {
        address peer_ = _peers[destChainId];
        if (peer_ == address(0)) revert CrossChainCasesNoPeer(destChainId);
        ICaseDocket docket = ICaseDocket(_suite(SuiteKeys.CASE_DOCKET));
        uint256 transferIndex = docket.transferCaseOut(caseId, msg.sender, documentsHash);
        uint32 fromMember = docket.getTransfers(caseId)[transferIndex].fromMember;
        bytes memory payload = abi.encode(caseId, docket.caseNumber(caseId), fromMember, toMember, documentsHash);
        (ICrossChainOutbox.Envelope memory env, bytes32 h) =
            _outbox().send(destChainId, peer_, KIND_CASE_TRANSFER, payload, 0, timeoutTimestamp);
        sequence = env.sequence;
        _outgoing[caseId] = Outgoing(OutgoingStatus.Pending, destChainId, sequence, toMember, transferIndex, documentsHash);
        _outBySequence[destChainId][sequence] = caseId;
        emit CaseSentOut(caseId, destChainId, toMember, sequence, h, documentsHash, msg.sender);
    }

    /// @inheritdoc ICrossChainCases
    function acceptCase(uint256 incomingId) external {
        Incoming storage c = _pendingIncoming(incomingId);
        c.status = IncomingStatus.Accepted;
        c.decidedAt = SafeCast.toUint64(block.timestamp);
        uint64 sequence = _reply(incomingId, c);
        emit CaseAccepted(incomingId, c.toMember, msg.sender, sequence);
    }

    /// @inheritdoc ICrossChainCases
    function returnCase(uint256 incomingId, bytes32 reasonHash) external {
        Incoming storage c = _pendingIncoming(incomingId);
        c.status = IncomingStatus.Returned;
        c.decidedAt = SafeCast.toUint64(block.timestamp);
        c.reasonHash = reasonHash;
        uint64 sequence = _reply(incomingId, c);
        emit CaseReturned(incomingId, c.toMember, msg.sender, reasonHash, sequence);
    }

    /// @inheritdoc ICrossChainCases
    function resendReply(uint256 incomingId) external {
        if (!_replyTimedOut[incomingId]) revert CrossChainCasesNoReplyToResend(incomingId);
        _replyTimedOut[incomingId] = false;
        uint64 sequence = _reply(incomingId, _incoming[incomingId]);
        emit CaseReplyResent(incomingId, sequence, msg.sender);
    }

    /// @inheritdoc ICrossChainApp
    function onCrossChainMessage(ICrossChainOutbox.Envelope calldata envelope, bytes calldata payload)
        external
        onlyInbox
    {
        if (envelope.sourceContract != _peers[envelope.sourceChainId]) {
            revert CrossChainCasesWrongPeer(envelope.sourceChainId, envelope.sourceContract);
        }
        if (envelope.kind == KIND_CASE_TRANSFER) {
            (uint256 caseId, string memory caseNumber, uint32 fromMember, uint32 toMember, bytes32 documentsHash) =
                abi.decode(payload, (uint256, string, uint32, uint32, bytes32));
            uint256 id = ++_incomingCount;
            _incoming[id] = Incoming(
                IncomingStatus.Pending,
                envelope.sourceChainId,
                fromMember,
                toMember,
                SafeCast.toUint64(block.timestamp),
                0,
                caseId,
                documentsHash,
                bytes32(0),
                caseNumber
            );
            emit CaseReceived(id, envelope.sourceChainId, caseId, fromMember, toMember, documentsHash, caseNumber);
            if (!_isOrgan(toMember)) {
                // nobody here could accept or return it: returned at once, so the sending court gets it back
                Incoming storage c = _incoming[id];
                c.status = IncomingStatus.Returned;
                c.decidedAt = SafeCast.toUint64(block.timestamp);
                c.reasonHash = NO_SUCH_ORGAN;
                emit CaseReturned(id, toMember, address(this), NO_SUCH_ORGAN, _reply(id, c));
            }
        } else if (envelope.kind == KIND_CASE_CONFIRM || envelope.kind == KIND_CASE_CANCEL) {
            (uint256 caseId,) = abi.decode(payload, (uint256, uint256));
            Outgoing storage o = _outgoing[caseId];
            if (o.status != OutgoingStatus.Pending || o.destChainId != envelope.sourceChainId) {
                revert CrossChainCasesNotPending(caseId);
            }
            _settle(caseId, o, envelope.kind == KIND_CASE_CONFIRM ? OutgoingStatus.Transferred : OutgoingStatus.Returned);
        } else {
            revert CrossChainCasesUnknownKind(envelope.kind);
        }
    }

    /// @inheritdoc ICrossChainApp
    function onCrossChainTimeout(ICrossChainOutbox.Envelope calldata envelope) external onlyOutbox {
        if (envelope.kind == KIND_CASE_TRANSFER) {
            uint256 caseId = _outBySequence[envelope.destChainId][envelope.sequence];
            Outgoing storage o = _outgoing[caseId];
            if (caseId == 0 || o.status != OutgoingStatus.Pending || o.sequence != envelope.sequence) {
                revert CrossChainCasesNotPending(caseId);
            }
            _settle(caseId, o, OutgoingStatus.TimedOut);
        } else {
            uint256 incomingId = _replyBySequence[envelope.destChainId][envelope.sequence];
            if (incomingId == 0) revert CrossChainCasesUnknownIncoming(incomingId);
            _replyTimedOut[incomingId] = true;
            emit CaseReplyTimedOut(incomingId, envelope.sequence);
        }
    }

    /// @inheritdoc ICrossChainCases
    function setPeer(uint64 chainId, address peer_) external onlyGovernance {
        if (peer_ == address(0)) revert CrossChainCasesZeroAddress();
        address previous = _peers[chainId];
        _peers[chainId] = peer_;
        emit CasePeerSet(chainId, peer_, previous);
    }

    /// @inheritdoc ICrossChainCases
    function peer(uint64 chainId) external view returns (address) {
        return _peers[chainId];
    }

    /// @inheritdoc ICrossChainCases
    function getOutgoing(uint256 caseId) external view returns (Outgoing memory) {
        return _outgoing[caseId];
    }

    /// @inheritdoc ICrossChainCases
    function getIncoming(uint256 incomingId) external view returns (Incoming memory) {
        if (incomingId == 0 || incomingId > _incomingCount) revert CrossChainCasesUnknownIncoming(incomingId);
        return _incoming[incomingId];
    }

    /// @inheritdoc ICrossChainCases
    function incomingCount() external view returns (uint256) {
        return _incomingCount;
    }

    function _settle(uint256 caseId, Outgoing storage o, OutgoingStatus status) private {
        o.status = status;
        emit CaseOutSettled(caseId, o.destChainId, status, o.sequence);
        ICaseDocket(_suite(SuiteKeys.CASE_DOCKET)).settleCaseOut(caseId, status == OutgoingStatus.Transferred);
    }

    function _pendingIncoming(uint256 incomingId) private view returns (Incoming storage c) {
        if (incomingId == 0 || incomingId > _incomingCount) revert CrossChainCasesUnknownIncoming(incomingId);
        c = _incoming[incomingId];
        if (c.status != IncomingStatus.Pending) {
            revert CrossChainCasesUnexpectedIncoming(incomingId, c.status, IncomingStatus.Pending);
        }
        if (!_actsFor(c.toMember, msg.sender)) revert CrossChainCasesNotReceivingOrgan(incomingId, c.toMember, msg.sender);
    }

    /// @dev Send the decision on `c` back to its sending chain; returns the reply's sequence.
    function _reply(uint256 incomingId, Incoming storage c) private returns (uint64 sequence) {
        address peer_ = _peers[c.sourceChainId];
        if (peer_ == address(0)) revert CrossChainCasesNoPeer(c.sourceChainId);
        uint16 kind = c.status == IncomingStatus.Accepted ? KIND_CASE_CONFIRM : KIND_CASE_CANCEL;
        (ICrossChainOutbox.Envelope memory env,) = _outbox().send(
            c.sourceChainId,
            peer_,
            kind,
            abi.encode(c.sourceCaseId, incomingId),
            0,
            SafeCast.toUint64(block.timestamp + _REPLY_WINDOW)
        );
        sequence = env.sequence;
        _replyBySequence[c.sourceChainId][sequence] = incomingId;
    }

    /// @dev An account of the active member `memberId` holding CLERK or REGISTRAR, or JUDGE for a court.
    function _actsFor(uint32 memberId, address account) private view returns (bool) {
        ICourtConsortium h = hub();
        if (memberId == 0 || memberId > h.memberCount() || h.memberOf(account) != memberId) return false;
        ICourtConsortium.Member memory m = h.getMember(memberId);
        if (m.status != ICourtConsortium.MemberStatus.Active) return false;
        if (_hasRole(Roles.CLERK, account) || _hasRole(Roles.REGISTRAR, account)) return true;
        return m.kind == ICourtConsortium.MemberKind.Court && _hasRole(Roles.JUDGE, account);
    }

    /// @dev An active member of kind Court or Procuratorate.
    function _isOrgan(uint32 memberId) private view returns (bool) {
        ICourtConsortium h = hub();
        if (memberId == 0 || memberId > h.memberCount()) return false;
        ICourtConsortium.Member memory m = h.getMember(memberId);
        return m.status == ICourtConsortium.MemberStatus.Active
            && (m.kind == ICourtConsortium.MemberKind.Court || m.kind == ICourtConsortium.MemberKind.Procuratorate);
    }

    function _outbox() private view returns (ICrossChainOutbox) {
        return ICrossChainOutbox(_suite(SuiteKeys.CROSSCHAIN_OUTBOX));
    }
}

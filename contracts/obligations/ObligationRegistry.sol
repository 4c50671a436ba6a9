// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {IObligationRegistry, IEnforcementSettlementToken} from "../interfaces/IObligationRegistry.sol";
import {IDocketIntake, IEnforcementIntake} from "../interfaces/ISuiteHooks.sol";

/// @title ObligationRegistry
/// @notice Mediation agreements and judgments as enforceable obligations whose default, triggered by anyone, files
/// the trial case or opens the enforcement case by itself. See `IObligationRegistry`.
contract ObligationRegistry is IObligationRegistry, HubGuarded, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Most instalments in one schedule (bounds every loop over a schedule).
    uint256 public constant MAX_INSTALMENTS = 120;
    /// @notice Longest grace period a mediator may record.
    uint64 public constant MAX_GRACE = 365 days;
    /// @notice Most ids in one `triggerDefaults` call.
    uint256 public constant MAX_BATCH = 100;
    /// @notice EIP-712 type of a party's signature of an agreement.
    bytes32 public constant SIGN_TYPEHASH =
        keccak256("Sign(uint256 obligationId,bytes32 termsHash,address signer,uint256 nonce,uint256 deadline)");

    /// @dev One obligation of a judgment as the docket reports it.
    struct JudgmentTitle {
        bytes32 debtor;
        address debtorAccount;
        address creditorAccount;
        uint256 amount;
        uint64 dueDate;
        bytes32 documentHash;
    }

    uint256 private _count;
    mapping(uint256 => Obligation) private _obligations;
    mapping(uint256 => uint256[]) private _amounts;
    mapping(uint256 => uint64[]) private _dueDates;
    mapping(address => uint256) private _nonces;
    mapping(address => mapping(address => uint256)) private _credits; // token => account => amount
    mapping(uint256 => mapping(uint256 => uint256)) private _judgmentIds; // caseId => index => obligationId

    constructor(ICourtConsortium hub_) HubGuarded(hub_) EIP712("CourtchainObligations", "1") {}

    // ------------------------------------------------------------------ agreements

    /// @inheritdoc IObligationRegistry
    function createAgreement(AgreementTerms calldata terms)
        external
        onlyRole(Roles.MEDIATOR)
        returns (uint256 obligationId)
    {
        uint256 total = _checkTerms(terms);
        obligationId = ++_count;
        Obligation storage o = _obligations[obligationId];
        o.kind = ObligationKind.MediationAgreement;
        o.status = ObligationStatus.Pending;
        o.consequence = terms.consequence;
        o.acceleration = terms.acceleration;
        o.courtId = terms.courtId;
        o.caseType = terms.caseType;
        o.documentHash = terms.documentHash;
        o.termsHash = _hashTerms(terms);
        o.debtor = terms.debtor;
        o.debtorAccount = terms.debtorAccount;
        o.creditor = terms.creditor;
        o.creditorAccount = terms.creditorAccount;
        o.recordedBy = msg.sender;
        o.token = terms.token;
        o.gracePeriod = terms.gracePeriod;
        o.createdAt = uint64(block.timestamp);
        o.total = total;
        _amounts[obligationId] = terms.amounts;
        _dueDates[obligationId] = terms.dueDates;
        emit AgreementRecorded(
            obligationId,
            msg.sender,
            terms.documentHash,
            terms.debtorAccount,
            terms.creditorAccount,
            terms.token,
            total,
            terms.amounts.length,
            terms.consequence,
            o.termsHash
        );
    }

    /// @inheritdoc IObligationRegistry
    function sign(uint256 obligationId) external {
        _recordSignature(obligationId, msg.sender, false, 0);
    }

    /// @inheritdoc IObligationRegistry
    function signWithSignature(uint256 obligationId, address signer, uint256 deadline, bytes calldata signature)
        external
        onlyRole(Roles.MEDIATOR)
    {
        Obligation storage o = _pendingAgreement(obligationId);
        _checkSigner(obligationId, o, signer);
        if (block.timestamp > deadline) revert ObligationSignatureExpired(obligationId, signer, deadline);
        uint256 nonce = _nonces[signer];
        bytes32 digest = _signDigest(obligationId, o.termsHash, signer, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNow(signer, digest, signature)) {
            revert ObligationInvalidSignature(obligationId, signer);
        }
        _nonces[signer] = nonce + 1;
        _recordSignature(obligationId, signer, true, nonce);
    }

    /// @inheritdoc IObligationRegistry
    function confirmAgreement(uint256 obligationId, bytes32 rulingHash) external onlyRole(Roles.JUDGE) {
        Obligation storage o = _existing(obligationId);
        if (o.kind != ObligationKind.MediationAgreement) revert ObligationNotAgreement(obligationId);
        _expectStatus(obligationId, o, ObligationStatus.Active);
        if (o.judiciallyConfirmed) revert ObligationAlreadyConfirmed(obligationId);
        _checkSettlementToken(o.token);
        o.judiciallyConfirmed = true;
        o.consequence = Consequence.Enforcement;
        emit AgreementConfirmed(obligationId, msg.sender, hub().memberOf(msg.sender), rulingHash);
    }

    // ------------------------------------------------------------------ judgments

    /// @inheritdoc IObligationRegistry
    function registerJudgment(uint256 caseId, uint256 index) external returns (uint256 obligationId) {
        uint256 existing = _judgmentIds[caseId][index];
        if (existing != 0) revert ObligationJudgmentAlreadyRegistered(caseId, index, existing);
        JudgmentTitle memory j = _readJudgment(caseId, index);
        address token = _officeToken();

        obligationId = ++_count;
        _judgmentIds[caseId][index] = obligationId;
        Obligation storage o = _obligations[obligationId];
        o.kind = ObligationKind.Judgment;
        o.status = ObligationStatus.Active;
        o.consequence = Consequence.Enforcement;
        o.documentHash = j.documentHash;
        o.debtor = j.debtor;
        o.debtorAccount = j.debtorAccount;
        o.creditorAccount = j.creditorAccount;
        o.recordedBy = msg.sender;
        o.token = token;
        o.createdAt = uint64(block.timestamp);
        o.total = j.amount;
        o.sourceCaseId = caseId;
        o.sourceIndex = index;
        _amounts[obligationId].push(j.amount);
        _dueDates[obligationId].push(j.dueDate);
        emit JudgmentRegistered(obligationId, caseId, index, j.creditorAccount, j.debtorAccount, j.amount, j.dueDate);
    }

    // ------------------------------------------------------------------ performance

    /// @inheritdoc IObligationRegistry
    function pay(uint256 obligationId, uint256 amount) external nonReentrant {
        Obligation storage o = _existing(obligationId);
        if (msg.sender != o.debtorAccount || msg.sender == address(0)) revert ObligationNotParty(obligationId, msg.sender);
        _settle(obligationId, o, amount);
        address creditor = o.creditorAccount;
        _credits[o.token][creditor] += amount;
        emit PaymentMade(obligationId, msg.sender, creditor, amount, o.paid);
        _performedIfPaid(obligationId, o);
        IERC20(o.token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IObligationRegistry
    function acknowledgePayment(uint256 obligationId, uint256 amount, bytes32 evidenceHash) external {
        Obligation storage o = _existing(obligationId);
        if (msg.sender != o.creditorAccount) revert ObligationNotParty(obligationId, msg.sender);
        _settle(obligationId, o, amount);
        o.acknowledged += amount;
        emit PaymentAcknowledged(obligationId, msg.sender, amount, evidenceHash, o.paid);
        _performedIfPaid(obligationId, o);
    }

    /// @inheritdoc IObligationRegistry
    function withdraw(address token) external nonReentrant returns (uint256 amount) {
        amount = _credits[token][msg.sender];
        if (amount == 0) revert ObligationNothingToWithdraw(msg.sender, token);
        _credits[token][msg.sender] = 0;
        emit Withdrawn(msg.sender, token, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ default

    /// @inheritdoc IObligationRegistry
    function triggerDefault(uint256 obligationId) external nonReentrant returns (uint256 consequenceId) {
        Obligation storage o = _existing(obligationId);
        _expectStatus(obligationId, o, ObligationStatus.Active);
        DefaultState memory s = _defaultState(obligationId, o);
        if (!s.inDefault) revert ObligationNotYetInDefault(obligationId, s.instalment, s.since);
        if (!_enforceable(o)) revert ObligationNotConfirmed(obligationId);
        return _default(obligationId, o, s);
    }

    /// @inheritdoc IObligationRegistry
    function triggerDefaults(uint256[] calldata obligationIds) external nonReentrant returns (uint256 triggered) {
        if (obligationIds.length > MAX_BATCH) revert ObligationBatchTooLarge(obligationIds.length, MAX_BATCH);
        for (uint256 i = 0; i < obligationIds.length; ++i) {
            uint256 id = obligationIds[i];
            Obligation storage o = _obligations[id];
            if (o.status != ObligationStatus.Active) {
                emit DefaultSkipped(id, SkipReason.NotActive, 0);
                continue;
            }
            DefaultState memory s = _defaultState(id, o);
            if (!s.inDefault) {
                emit DefaultSkipped(id, SkipReason.NotYetInDefault, s.since);
                continue;
            }
            if (!_enforceable(o)) {
                emit DefaultSkipped(id, SkipReason.NotConfirmed, s.since);
                continue;
            }
            _default(id, o, s);
            ++triggered;
        }
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IObligationRegistry
    function obligationCount() external view returns (uint256) {
        return _count;
    }

    /// @inheritdoc IObligationRegistry
    function getObligation(uint256 obligationId) external view returns (Obligation memory) {
        return _existing(obligationId);
    }

    /// @inheritdoc IObligationRegistry
    function getInstalments(uint256 obligationId)
        external
        view
        returns (uint256[] memory amounts, uint64[] memory dueDates)
    {
        _existing(obligationId);
        return (_amounts[obligationId], _dueDates[obligationId]);
    }

    /// @inheritdoc IObligationRegistry
    function defaultState(uint256 obligationId) external view returns (DefaultState memory) {
        return _defaultState(obligationId, _existing(obligationId));
    }

    /// @inheritdoc IObligationRegistry
    function isInDefault(uint256 obligationId) external view returns (bool) {
        Obligation storage o = _obligations[obligationId];
        if (o.status == ObligationStatus.None) return false;
        return _defaultState(obligationId, o).inDefault;
    }

    /// @inheritdoc IObligationRegistry
    function hashTerms(AgreementTerms calldata terms) external pure returns (bytes32) {
        return _hashTerms(terms);
    }

    /// @inheritdoc IObligationRegistry
    function signDigest(uint256 obligationId, address signer, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32)
    {
        return _signDigest(obligationId, _existing(obligationId).termsHash, signer, nonce, deadline);
    }

    /// @inheritdoc IObligationRegistry
    function nonces(address signer) external view returns (uint256) {
        return _nonces[signer];
    }

    /// @inheritdoc IObligationRegistry
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IObligationRegistry
    function judgmentObligationId(uint256 caseId, uint256 index) external view returns (uint256) {
        return _judgmentIds[caseId][index];
    }

    /// @inheritdoc IObligationRegistry
    function credited(address token, address account) external view returns (uint256) {
        return _credits[token][account];
    }

    // ------------------------------------------------------------------ internal

    function _default(uint256 id, Obligation storage o, DefaultState memory s) private returns (uint256 consequenceId) {
        Consequence consequence = o.consequence;
        address target = _requireSuite(
            consequence == Consequence.Trial ? SuiteKeys.CASE_DOCKET : SuiteKeys.ENFORCEMENT_OFFICE
        );
        o.status = ObligationStatus.Defaulted;
        o.closedAt = uint64(block.timestamp);
        o.claimAmount = s.claimable;
        emit ObligationDefaulted(id, msg.sender, s.instalment, s.since, s.claimable, consequence);
        if (consequence == Consequence.Trial) {
            consequenceId = IDocketIntake(target).fileFromObligation(
                id, o.courtId, o.caseType, o.creditor, o.debtor, s.claimable, o.documentHash
            );
            o.consequenceId = consequenceId;
            emit TrialFiled(id, consequenceId, o.courtId, o.caseType);
        } else {
            consequenceId = IEnforcementIntake(target).openFromObligation(
                id,
                o.debtor,
                o.debtorAccount,
                o.creditorAccount,
                s.claimable,
                o.kind == ObligationKind.MediationAgreement,
                o.documentHash
            );
            o.consequenceId = consequenceId;
            emit EnforcementOpened(id, consequenceId, s.claimable);
        }
    }

    function _defaultState(uint256 id, Obligation storage o) private view returns (DefaultState memory s) {
        s.outstanding = o.total - o.paid;
        if (o.status != ObligationStatus.Active) return s;
        uint256[] storage amounts = _amounts[id];
        uint64[] storage dueDates = _dueDates[id];
        uint256 paid = o.paid;
        uint256 cumulative;
        uint256 fallenDue;
        bool found;
        for (uint256 i = 0; i < amounts.length; ++i) {
            cumulative += amounts[i];
            if (dueDates[i] <= block.timestamp) fallenDue = cumulative;
            if (!found && cumulative > paid) {
                found = true;
                s.instalment = i;
                s.since = dueDates[i] + o.gracePeriod + 1;
                s.inDefault = block.timestamp >= s.since;
            }
        }
        s.overdue = fallenDue > paid ? fallenDue - paid : 0;
        if (s.inDefault) s.claimable = o.acceleration ? s.outstanding : s.overdue;
    }

    function _readJudgment(uint256 caseId, uint256 index) private view returns (JudgmentTitle memory j) {
        IDocketIntake docket = IDocketIntake(_requireSuite(SuiteKeys.CASE_DOCKET));
        uint256 count = docket.judgmentObligationCount(caseId);
        if (index >= count) revert ObligationNoSuchJudgment(caseId, index, count);
        (j.debtor, j.debtorAccount, j.creditorAccount, j.amount, j.dueDate, j.documentHash) =
            docket.judgmentObligation(caseId, index);
        if (j.amount == 0 || j.creditorAccount == address(0) || j.creditorAccount == j.debtorAccount) {
            revert ObligationInvalidJudgment(caseId, index);
        }
    }

    function _enforceable(Obligation storage o) private view returns (bool) {
        return o.consequence == Consequence.Trial || o.kind == ObligationKind.Judgment || o.judiciallyConfirmed;
    }

    function _settle(uint256 id, Obligation storage o, uint256 amount) private {
        _expectStatus(id, o, ObligationStatus.Active);
        if (amount == 0) revert ObligationZeroAmount(id);
        uint256 outstanding = o.total - o.paid;
        if (amount > outstanding) revert ObligationOverpayment(id, amount, outstanding);
        o.paid += amount;
    }

    function _performedIfPaid(uint256 id, Obligation storage o) private {
        if (o.paid == o.total) {
            o.status = ObligationStatus.Performed;
            o.closedAt = uint64(block.timestamp);
            emit ObligationPerformed(id, o.total);
        }
    }

    function _recordSignature(uint256 id, address signer, bool bySignature, uint256 nonce) private {
        Obligation storage o = _pendingAgreement(id);
        _checkSigner(id, o, signer);
        if (signer == o.debtorAccount) o.debtorSigned = true;
        else o.creditorSigned = true;
        emit AgreementSigned(id, signer, bySignature, nonce);
        if (o.debtorSigned && o.creditorSigned) {
            o.status = ObligationStatus.Active;
            emit AgreementBinding(id);
        }
    }

    function _checkSigner(uint256 id, Obligation storage o, address signer) private view {
        if (signer == o.debtorAccount) {
            if (o.debtorSigned) revert ObligationAlreadySigned(id, signer);
        } else if (signer == o.creditorAccount) {
            if (o.creditorSigned) revert ObligationAlreadySigned(id, signer);
        } else {
            revert ObligationNotParty(id, signer);
        }
    }

    function _pendingAgreement(uint256 id) private view returns (Obligation storage o) {
        o = _existing(id);
        if (o.kind != ObligationKind.MediationAgreement) revert ObligationNotAgreement(id);
        _expectStatus(id, o, ObligationStatus.Pending);
    }

    function _existing(uint256 id) private view returns (Obligation storage o) {
        o = _obligations[id];
        if (o.status == ObligationStatus.None) revert ObligationNotFound(id);
    }

    function _expectStatus(uint256 id, Obligation storage o, ObligationStatus expected) private view {
        if (o.status != expected) revert ObligationUnexpectedStatus(id, o.status, expected);
    }

    function _requireSuite(bytes32 key) private view returns (address a) {
        a = _suite(key);
        if (a == address(0)) revert ObligationSuiteMissing(key);
    }

    function _officeToken() private view returns (address) {
        return IEnforcementSettlementToken(_requireSuite(SuiteKeys.ENFORCEMENT_OFFICE)).settlementToken();
    }

    function _checkSettlementToken(address token) private view {
        address expected = _officeToken();
        if (token != expected) revert ObligationTokenMismatch(token, expected);
    }

    function _signDigest(uint256 id, bytes32 termsHash, address signer, uint256 nonce, uint256 deadline)
        private
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(SIGN_TYPEHASH, id, termsHash, signer, nonce, deadline)));
    }

    function _hashTerms(AgreementTerms calldata t) private pure returns (bytes32) {
        bytes32 parties = keccak256(
            abi.encode(t.documentHash, t.debtor, t.debtorAccount, t.creditor, t.creditorAccount, t.token)
        );
        bytes32 schedule = keccak256(
            abi.encode(
                keccak256(abi.encodePacked(t.amounts)),
                keccak256(abi.encodePacked(t.dueDates)),
                t.gracePeriod,
                t.acceleration
            )
        );
        return keccak256(abi.encode(parties, schedule, t.consequence, t.courtId, t.caseType));
    }

    function _checkTerms(AgreementTerms calldata t) private view returns (uint256 total) {
        uint256 n = t.amounts.length;
        if (n == 0) revert ObligationInvalidTerms(TermsProblem.EmptySchedule, 0);
        if (n > MAX_INSTALMENTS) revert ObligationInvalidTerms(TermsProblem.TooManyInstalments, n);
        if (t.dueDates.length != n) revert ObligationInvalidTerms(TermsProblem.ScheduleLengthMismatch, t.dueDates.length);
        if (t.dueDates[0] <= block.timestamp) revert ObligationInvalidTerms(TermsProblem.FirstDueDateInPast, 0);
        for (uint256 i = 0; i < n; ++i) {
            if (t.amounts[i] == 0) revert ObligationInvalidTerms(TermsProblem.ZeroInstalment, i);
            if (i > 0 && t.dueDates[i] <= t.dueDates[i - 1]) {
                revert ObligationInvalidTerms(TermsProblem.DueDatesNotIncreasing, i);
            }
            total += t.amounts[i];
        }
        if (t.gracePeriod > MAX_GRACE) revert ObligationInvalidTerms(TermsProblem.GraceTooLong, 0);
        if (t.documentHash == bytes32(0)) revert ObligationInvalidTerms(TermsProblem.ZeroDocumentHash, 0);
        if (t.debtor == bytes32(0) || t.creditor == bytes32(0)) {
            revert ObligationInvalidTerms(TermsProblem.ZeroPartyCommitment, 0);
        }
        if (t.debtorAccount == address(0) || t.creditorAccount == address(0)) {
            revert ObligationInvalidTerms(TermsProblem.ZeroPartyAccount, 0);
        }
        if (t.debtorAccount == t.creditorAccount || t.debtor == t.creditor) {
            revert ObligationInvalidTerms(TermsProblem.SameParty, 0);
        }
        if (t.token == address(0)) revert ObligationInvalidTerms(TermsProblem.ZeroToken, 0);
        if (t.consequence == Consequence.None) revert ObligationInvalidTerms(TermsProblem.NoConsequence, 0);
        if (t.consequence == Consequence.Trial) {
            if (!_isActiveCourt(t.courtId)) revert ObligationInvalidTerms(TermsProblem.NotACourt, t.courtId);
            if (t.caseType == bytes32(0)) revert ObligationInvalidTerms(TermsProblem.ZeroCaseType, 0);
        }
    }

    function _isActiveCourt(uint32 courtId) private view returns (bool) {
        ICourtConsortium h = hub();
        if (courtId == 0 || courtId > h.memberCount()) return false;
        ICourtConsortium.Member memory m = h.getMember(courtId);
        return m.kind == ICourtConsortium.MemberKind.Court && m.status == ICourtConsortium.MemberStatus.Active;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

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

    /// @dev How far the schedule is settled (paid or claimed): `next` is the first instalment not fully settled and
    /// `covered` the sum of the instalments before it (one slot: totals are below 2^128, checked at creation and
    /// registration). Under an acceleration clause `latchedSince` (0 = none) fixes
    /// the default of instalment `latchedInstalment` once a payment came after its grace had ended (L1).
    struct Progress {
        uint32 next;
        uint32 latchedInstalment;
        uint64 latchedSince;
        uint128 covered;
    }

    uint256 private _count;
    mapping(uint256 => Obligation) private _obligations;
    mapping(uint256 => uint256[]) private _amounts;
    mapping(uint256 => uint64[]) private _dueDates;
    mapping(address => uint256) private _nonces;
    mapping(address => mapping(address => uint256)) private _credits; // token => account => amount
    mapping(uint256 => mapping(uint256 => uint256)) private _judgmentIds; // caseId => index => obligationId
    mapping(uint64 => mapping(bytes32 => uint256)) private _titleIds; // source chain => title key => obligationId
    mapping(uint256 => Progress) private _progress;

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
        o.createdAt = SafeCast.toUint64(block.timestamp);
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
        o.createdAt = SafeCast.toUint64(block.timestamp);
        o.total = j.amount;
        o.sourceCaseId = caseId;
        o.sourceIndex = index;
        _amounts[obligationId].push(j.amount);
        _dueDates[obligationId].push(j.dueDate);
        emit JudgmentRegistered(obligationId, caseId, index, j.creditorAccount, j.debtorAccount, j.amount, j.dueDate);
    }

    /// @inheritdoc IObligationRegistry
    function registerCrossChainTitle(
        uint64 sourceChainId,
        bytes32 titleKey,
        bytes32 documentHash,
        bytes32 debtor,
        address debtorAccount,
        address creditorAccount,
        uint256 amount,
        uint64 dueDate
    ) external onlySuite(SuiteKeys.CROSSCHAIN_LOANS) returns (uint256 obligationId) {
        uint256 existing = _titleIds[sourceChainId][titleKey];
        if (existing != 0) revert ObligationTitleAlreadyRegistered(sourceChainId, titleKey, existing);
        if (
            amount == 0 || amount > type(uint128).max || creditorAccount == address(0)
                || creditorAccount == debtorAccount || documentHash == bytes32(0)
        ) revert ObligationInvalidTitle(sourceChainId, titleKey);
        address token = _officeToken();
        obligationId = ++_count;
        _titleIds[sourceChainId][titleKey] = obligationId;
        Obligation storage o = _obligations[obligationId];
        o.kind = ObligationKind.NotarisedLoan;
        o.status = ObligationStatus.Active;
        o.consequence = Consequence.Enforcement;
        o.documentHash = documentHash;
        o.debtor = debtor;
        o.debtorAccount = debtorAccount;
        o.creditorAccount = creditorAccount;
        o.recordedBy = msg.sender;
        o.token = token;
        o.createdAt = SafeCast.toUint64(block.timestamp);
        o.total = amount;
        _amounts[obligationId].push(amount);
        _dueDates[obligationId].push(dueDate);
        emit CrossChainTitleRegistered(
            obligationId, sourceChainId, titleKey, creditorAccount, debtorAccount, amount, dueDate
        );
    }

    // ------------------------------------------------------------------ performance

    /// @inheritdoc IObligationRegistry
    function pay(uint256 obligationId, uint256 amount) external nonReentrant {
        Obligation storage o = _existing(obligationId);
        if (msg.sender != o.debtorAccount || msg.sender == address(0)) revert ObligationNotParty(obligationId, msg.sender);
        _settle(obligationId, o, amount);
        address creditor = o.creditorAccount;
        IERC20 token = IERC20(o.token);
        _credits[address(token)][creditor] += amount;
        emit PaymentMade(obligationId, msg.sender, creditor, amount, o.paid);
        _performedIfPaid(obligationId, o);
        // Refuse tokens that deliver less (or more) than the amount moved: the creditor is owed exactly `amount`.
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert ObligationTransferMismatch(address(token), amount, received);
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
        if (msg.sender == o.debtorAccount) revert ObligationDebtorMayNotTrigger(obligationId, msg.sender);
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
            if (msg.sender == o.debtorAccount) {
                emit DefaultSkipped(id, SkipReason.DebtorCaller, 0);
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

    /// @inheritdoc IObligationRegistry
    function retryConsequence(uint256 obligationId) external nonReentrant returns (uint256 consequenceId) {
        Obligation storage o = _existing(obligationId);
        if (msg.sender == o.debtorAccount) revert ObligationDebtorMayNotTrigger(obligationId, msg.sender);
        uint256 pending = o.pendingClaim;
        if (pending == 0) revert ObligationNoPendingConsequence(obligationId);
        consequenceId = _fileConsequence(obligationId, o, pending, true);
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

    /// @dev Record the default (the claim becomes part of `claimAmount` and of `pendingClaim`), then file the
    /// consequence for the whole pending claim. The obligation stays Active while something remains owed here.
    function _default(uint256 id, Obligation storage o, DefaultState memory s) private returns (uint256 consequenceId) {
        uint256 claim = s.claimable;
        uint256 claimed = o.claimAmount + claim;
        o.claimAmount = claimed;
        Progress storage p = _progress[id];
        if (p.latchedSince != 0) p.latchedSince = 0; // consumed (acceleration claims everything: status Defaulted)
        uint256 settled = o.paid + claimed;
        _advance(id, p, settled);
        if (settled == o.total) {
            o.status = ObligationStatus.Defaulted;
            o.closedAt = SafeCast.toUint64(block.timestamp);
        }
        emit ObligationDefaulted(id, msg.sender, s.instalment, s.since, claim, o.consequence, o.total - settled);
        consequenceId = _fileConsequence(id, o, o.pendingClaim + claim, false);
    }

    /// @dev Call the docket or the office for the pending claim. On success clear it and emit `TrialFiled` /
    /// `EnforcementOpened`. On a refusal: with `strict` re-raise the callee's revert data, else keep the claim pending
    /// and emit `ConsequencePending`. A failure that leaves less than 1/63 of the gas held before the call may have
    /// been out of gas (the callee gets at most 63/64 of it) and always reverts, so that a too-low gas limit never
    /// records a pending consequence. The docket and office are suite contracts recorded by governance (trusted code);
    /// the writes after the call are guarded by `nonReentrant` on every entry point.
    /// `claim` is the whole claim to file (what was pending plus this default's); `pendingClaim` is written only
    /// when it changes.
    function _fileConsequence(uint256 id, Obligation storage o, uint256 claim, bool strict)
        private
        returns (uint256 consequenceId)
    {
        bool trial = o.consequence == Consequence.Trial;
        bytes32 key = trial ? SuiteKeys.CASE_DOCKET : SuiteKeys.ENFORCEMENT_OFFICE;
        address target = _suite(key);
        bool ok;
        bytes memory reason;
        if (target == address(0)) {
            reason = abi.encodeWithSelector(ObligationSuiteMissing.selector, key);
        } else {
            uint256 gasBefore = gasleft();
            (ok, consequenceId, reason) = trial ? _callDocket(target, id, o, claim) : _callOffice(target, id, o, claim);
            if (!ok && gasleft() < gasBefore / 63) revert ObligationConsequenceOutOfGas(id, gasBefore);
        }
        if (!ok) {
            if (strict) {
                assembly {
                    revert(add(reason, 32), mload(reason))
                }
            }
            o.pendingClaim = claim;
            emit ConsequencePending(id, o.consequence, claim, bytes4(reason), reason);
            return 0;
        }
        if (o.pendingClaim != 0) o.pendingClaim = 0;
        o.consequenceId = consequenceId;
        if (trial) emit TrialFiled(id, consequenceId, o.courtId, o.caseType, claim);
        else emit EnforcementOpened(id, consequenceId, claim);
    }

    function _callDocket(address target, uint256 id, Obligation storage o, uint256 claim)
        private
        returns (bool ok, uint256 filingId, bytes memory reason)
    {
        try IDocketIntake(target).fileFromObligation(
            id, o.courtId, o.caseType, o.creditor, o.debtor, claim, o.documentHash, o.creditorAccount
        ) returns (uint256 fid) {
            return (true, fid, reason);
        } catch (bytes memory r) {
            return (false, 0, r);
        }
    }

    function _callOffice(address target, uint256 id, Obligation storage o, uint256 claim)
        private
        returns (bool ok, uint256 caseId, bytes memory reason)
    {
        try IEnforcementIntake(target).openFromObligation(
            id,
            o.debtor,
            o.debtorAccount,
            o.creditorAccount,
            claim,
            o.kind == ObligationKind.MediationAgreement,
            o.documentHash
        ) returns (uint256 cid) {
            return (true, cid, reason);
        } catch (bytes memory r) {
            return (false, 0, r);
        }
    }

    /// @dev Derived from the settlement cursor: the first instalment not settled (paid or claimed) decides whether
    /// the obligation is in default, unless a default was fixed earlier (acceleration, L1). Reads only the
    /// instalments from the cursor to the last one fallen due.
    function _defaultState(uint256 id, Obligation storage o) private view returns (DefaultState memory s) {
        uint256 settled = o.paid + o.claimAmount;
        s.outstanding = o.total - settled;
        if (o.status != ObligationStatus.Active) return s;
        Progress storage p = _progress[id];
        uint256 i = p.next;
        uint256 cumulative = p.covered;
        uint256[] storage amounts = _amounts[id];
        uint64[] storage dueDates = _dueDates[id];
        uint256 grace = o.gracePeriod;
        // Active means settled < total, so instalment `i` exists.
        s.instalment = i;
        s.since = SafeCast.toUint64(uint256(dueDates[i]) + grace + 1);
        s.inDefault = block.timestamp >= s.since;
        if (p.latchedSince != 0) {
            s.inDefault = true;
            s.instalment = p.latchedInstalment;
            s.since = p.latchedSince;
        }
        uint256 fallenDue;
        uint256 lapsed;
        for (uint256 n = amounts.length; i < n; ++i) {
            uint256 due = dueDates[i];
            if (due > block.timestamp) break;
            cumulative += amounts[i];
            fallenDue = cumulative;
            if (due + grace < block.timestamp) lapsed = cumulative;
        }
        s.overdue = fallenDue > settled ? fallenDue - settled : 0;
        if (s.inDefault) s.claimable = o.acceleration ? s.outstanding : lapsed - settled;
    }

    /// @dev Move the settlement cursor past every instalment that `settled` now covers.
    function _advance(uint256 id, Progress storage p, uint256 settled) private {
        uint256 next = p.next;
        uint256 covered = p.covered;
        uint256[] storage amounts = _amounts[id];
        uint256 n = amounts.length;
        uint256 start = next;
        while (next < n) {
            uint256 c = covered + amounts[next];
            if (c > settled) break;
            covered = c;
            ++next;
        }
        if (next != start) {
            p.next = uint32(next); // next <= MAX_INSTALMENTS
            p.covered = uint128(covered); // covered <= total < 2^128
        }
    }

    function _readJudgment(uint256 caseId, uint256 index) private view returns (JudgmentTitle memory j) {
        IDocketIntake docket = IDocketIntake(_requireSuite(SuiteKeys.CASE_DOCKET));
        uint256 count = docket.judgmentObligationCount(caseId);
        if (index >= count) revert ObligationNoSuchJudgment(caseId, index, count);
        (j.debtor, j.debtorAccount, j.creditorAccount, j.amount, j.dueDate, j.documentHash) =
            docket.judgmentObligation(caseId, index);
        if (
            j.amount == 0 || j.amount > type(uint128).max || j.creditorAccount == address(0)
                || j.creditorAccount == j.debtorAccount
        ) {
            revert ObligationInvalidJudgment(caseId, index);
        }
    }

    function _enforceable(Obligation storage o) private view returns (bool) {
        return o.consequence == Consequence.Trial || o.kind == ObligationKind.Judgment || o.judiciallyConfirmed
            || o.kind == ObligationKind.NotarisedLoan;
    }

    /// @dev L1: under an acceleration clause a payment after an instalment's grace has ended first fixes the default
    /// (`DefaultOccurred`), then reduces what is owed; the default stays triggerable.
    function _settle(uint256 id, Obligation storage o, uint256 amount) private {
        _expectStatus(id, o, ObligationStatus.Active);
        if (amount == 0) revert ObligationZeroAmount(id);
        uint256 settled = o.paid + o.claimAmount;
        uint256 outstanding = o.total - settled;
        if (amount > outstanding) revert ObligationOverpayment(id, amount, outstanding);
        Progress storage p = _progress[id];
        if (o.acceleration && p.latchedSince == 0) {
            uint256 i = p.next;
            uint256 since = uint256(_dueDates[id][i]) + o.gracePeriod + 1;
            if (block.timestamp >= since) {
                p.latchedSince = SafeCast.toUint64(since);
                p.latchedInstalment = uint32(i); // i < MAX_INSTALMENTS
                emit DefaultOccurred(id, i, uint64(since));
            }
        }
        o.paid += amount;
        _advance(id, p, settled + amount);
    }

    function _performedIfPaid(uint256 id, Obligation storage o) private {
        if (o.paid + o.claimAmount == o.total) {
            o.status = ObligationStatus.Performed;
            o.closedAt = SafeCast.toUint64(block.timestamp);
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
            // checked against the cap before adding, so the sum can never overflow (no Panic(0x11))
            if (t.amounts[i] > type(uint128).max - total) {
                revert ObligationInvalidTerms(TermsProblem.TotalTooLarge, i);
            }
            unchecked {
                total += t.amounts[i]; // at most 2^128 - 1, by the check above
            }
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
            // M5: a case type the docket does not accept would make every default's filing fail.
            IDocketIntake docket = IDocketIntake(_requireSuite(SuiteKeys.CASE_DOCKET));
            if (!docket.acceptsCaseType(t.courtId, t.caseType)) {
                revert ObligationInvalidTerms(TermsProblem.UnknownCaseType, 0);
            }
        }
    }

    function _isActiveCourt(uint32 courtId) private view returns (bool) {
        ICourtConsortium h = hub();
        if (courtId == 0 || courtId > h.memberCount()) return false;
        ICourtConsortium.Member memory m = h.getMember(courtId);
        return m.kind == ICourtConsortium.MemberKind.Court && m.status == ICourtConsortium.MemberStatus.Active;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {IEnforcementOffice} from "../interfaces/IEnforcementOffice.sol";
import {IEnforcementIntake, ICreditListing} from "../interfaces/ISuiteHooks.sol";
import {ProRata, PRO_RATA_TIERS} from "../common/ProRata.sol";

/// @title EnforcementOffice
/// @notice See IEnforcementOffice for the money model, the distribution rule and the audit-chain formula.
contract EnforcementOffice is IEnforcementOffice, HubGuarded, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint8 private constant MAX_RANK = 8;
    // 0 costs, 1..8 priority ranks, 9 ordinary: ProRata's PRO_RATA_TIERS, a literal here because Slither folds only
    // literals into array lengths (the compiler checks the two agree: ProRata's arrays are uint256[10])
    uint256 private constant TIERS = 10;
    uint16 private constant BAN_REASON_NOT_PERFORMED = 101; // CreditRegistry: did not perform within the notice
    uint256 private constant MAX_PAGE = 300; // ~10M gas at ~32k per creditor: a page stays far below a block

    IERC20 private immutable _token;
    uint256 private _autoCap;
    uint256 private _caseCount;
    uint256 private _assetCount;
    uint256 private _orderCount;
    uint256 private _admissionCount;

    mapping(uint256 => Case) private _cases;
    mapping(uint256 => mapping(uint256 => Creditor)) private _creditors;
    mapping(uint256 => uint256[TIERS]) private _tierOutstanding;
    mapping(uint256 => uint256[TIERS]) private _roundTotal;
    mapping(uint256 => uint256[TIERS]) private _roundFill;
    mapping(uint256 => uint256[TIERS]) private _roundCum;
    mapping(uint256 => bytes32) private _heads;
    mapping(uint256 => Asset) private _assets;
    mapping(uint256 => Order) private _orders;
    mapping(uint256 => Admission) private _admissions;
    // case => the debtor's credit key under which its termination listed it (set by the first termination)
    mapping(uint256 => bytes32) private _creditKeys;

    constructor(ICourtConsortium hub_, IERC20 token_) HubGuarded(hub_) {
        if (address(token_) == address(0)) revert EnforcementZeroAddress();
        _token = token_;
    }

    // -- opening and creditors -----------------------------------------------------------------------------------

    /// @inheritdoc IEnforcementOffice
    function openCase(
        bytes32 debtor,
        address debtorAccount,
        bytes32 titleHash,
        address creditor,
        uint256 claim,
        uint256 costs,
        address costsPayee
    ) external returns (uint256 caseId) {
        if (!_hasRole(Roles.CLERK, msg.sender) && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert EnforcementNotOpener(msg.sender);
        }
        caseId = _open(debtor, debtorAccount, titleHash, 0, false, false);
        _admit(caseId, creditor, ClaimClass.Ordinary, 0, claim, titleHash, address(0));
        // the costs payee is the opener's proposal only: a judge other than the opener must approve it
        if (costs > 0) _proposeAdmission(caseId, costsPayee, ClaimClass.Costs, 0, costs, titleHash);
    }

    /// @inheritdoc IEnforcementIntake
    function openFromObligation(
        uint256 obligationId,
        bytes32 debtor,
        address debtorAccount,
        address creditor,
        uint256 amount,
        bool judiciallyConfirmed,
        bytes32 titleHash
    ) external onlySuite(SuiteKeys.OBLIGATION_REGISTRY) returns (uint256 caseId) {
        bool automatic = judiciallyConfirmed && amount <= _autoCap;
        caseId = _open(debtor, debtorAccount, titleHash, obligationId, judiciallyConfirmed, automatic);
        _admit(caseId, creditor, ClaimClass.Ordinary, 0, amount, titleHash, address(0));
    }

    /// @inheritdoc IEnforcementOffice
    function proposeAdmission(
        uint256 caseId,
        address payee,
        ClaimClass class_,
        uint8 rank,
        uint256 claim,
        bytes32 basisHash
    ) external onlyRole(Roles.JUDGE) returns (uint256 admissionId) {
        _caseIn(caseId, CaseStatus.Open);
        admissionId = _proposeAdmission(caseId, payee, class_, rank, claim, basisHash);
    }

    /// @inheritdoc IEnforcementOffice
    function approveAdmission(uint256 admissionId) external onlyRole(Roles.JUDGE) returns (uint256 creditorId) {
        Admission storage ad = _admissionIn(admissionId, AdmissionStatus.Proposed);
        if (ad.proposer == msg.sender) revert EnforcementAdmissionSelfApproval(admissionId, msg.sender);
        uint256 caseId = ad.caseId;
        _caseIn(caseId, CaseStatus.Open);
        creditorId = _cases[caseId].creditorCount;
        ad.status = AdmissionStatus.Approved;
        ad.approver = msg.sender;
        ad.creditorId = uint32(creditorId); // the case's creditor count is a uint32
        emit AdmissionApproved(admissionId, caseId, msg.sender, ad.proposer, creditorId);
        _admit(caseId, ad.payee, ad.class_, ad.rank, ad.claim, ad.basisHash, msg.sender);
    }

    /// @inheritdoc IEnforcementOffice
    function cancelAdmission(uint256 admissionId) external {
        Admission storage ad = _admissionIn(admissionId, AdmissionStatus.Proposed);
        if (msg.sender != ad.proposer && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert EnforcementNotAdmissionParty(admissionId, msg.sender);
        }
        ad.status = AdmissionStatus.Cancelled;
        emit AdmissionCancelled(admissionId, ad.caseId, msg.sender);
        _audit(ad.caseId, OpKind.AdmissionCancelled, address(0), admissionId, 0);
    }

    // -- investigation and orders --------------------------------------------------------------------------------

    /// @inheritdoc IEnforcementOffice
    function reportAsset(uint256 caseId, AssetKind kind, bytes32 ref, uint256 value)
        external
        onlyRole(Roles.CUSTODIAN)
        returns (uint256 assetId)
    {
        Case storage c = _existing(caseId);
        if (c.status == CaseStatus.Closed) revert EnforcementUnexpectedStatus(caseId, c.status, CaseStatus.Open);
        if (kind == AssetKind.None) revert EnforcementInvalidOrder(OrderKind.None, 0, value);
        // only property worth something resumes a terminated case (a report of nothing is no new property)
        if (c.status == CaseStatus.Terminated && value == 0) revert EnforcementZeroAmount();
        assetId = ++_assetCount;
        uint32 member = hub().memberOf(msg.sender);
        _assets[assetId] = Asset(caseId, kind, member, msg.sender, ref, value, 0, 0);
        emit AssetReported(caseId, assetId, msg.sender, member, kind, ref, value);
        _audit(caseId, OpKind.AssetReported, address(0), assetId, value);
        if (c.status == CaseStatus.Terminated) {
            c.status = CaseStatus.Open;
            emit CaseResumed(caseId, assetId, msg.sender);
            _audit(caseId, OpKind.Resumed, address(0), assetId, 0);
        }
        if (c.autoApproval && kind == AssetKind.BankDeposit) {
            uint256 amount = Math.min(value, _need(c) - Math.min(_need(c), c.frozen));
            if (amount > 0) _autoOrder(caseId, OrderKind.Freeze, assetId, amount);
        }
    }

    /// @inheritdoc IEnforcementOffice
    function proposeOrder(uint256 caseId, OrderKind kind, uint256 assetId, uint256 amount, bytes32 basisHash)
        external
        onlyRole(Roles.ENFORCEMENT_OFFICER)
        returns (uint256 orderId)
    {
        _caseIn(caseId, CaseStatus.Open);
        if (kind == OrderKind.Terminate) {
            uint256 mask = amount & 0xff;
            uint256 reason = amount >> 8;
            bool reasonOk = mask & 1 == 1 ? reason >= 1 && reason <= 6 : reason == 0;
            bytes32 listedUnder = _creditKeys[caseId];
            bool keyOk = listedUnder == bytes32(0) || listedUnder == _creditKey(caseId, assetId);
            if (!keyOk || mask == 0 || mask > 3 || !reasonOk || basisHash == bytes32(0)) {
                revert EnforcementInvalidOrder(kind, assetId, amount);
            }
        } else {
            if (kind == OrderKind.None || amount == 0) revert EnforcementInvalidOrder(kind, assetId, amount);
            Asset storage a = _asset(assetId);
            if (a.caseId != caseId) revert EnforcementAssetOfOtherCase(assetId, caseId);
            if (a.kind != AssetKind.BankDeposit) revert EnforcementInvalidOrder(kind, assetId, amount);
        }
        orderId = _newOrder(caseId, kind, assetId, amount, basisHash);
    }

    /// @inheritdoc IEnforcementOffice
    function approveOrder(uint256 orderId) external onlyRole(Roles.JUDGE) {
        Order storage o = _orderIn(orderId, OrderStatus.Proposed);
        if (o.proposer == msg.sender) revert EnforcementSelfApproval(orderId, msg.sender);
        _current(orderId, o, _caseIn(o.caseId, CaseStatus.Open));
        o.status = OrderStatus.Approved;
        o.approver = msg.sender;
        emit OrderApproved(orderId, o.caseId, msg.sender, false);
        _audit(o.caseId, OpKind.OrderApproved, msg.sender, orderId, o.amount);
        if (o.kind == OrderKind.Terminate) _terminate(orderId, o);
    }

    /// @inheritdoc IEnforcementOffice
    function cancelOrder(uint256 orderId) external {
        Order storage o = _existingOrder(orderId);
        if (o.status != OrderStatus.Proposed && o.status != OrderStatus.Approved) {
            revert EnforcementOrderUnexpectedStatus(orderId, o.status, OrderStatus.Proposed);
        }
        if (msg.sender != o.proposer && !_hasRole(Roles.JUDGE, msg.sender)) {
            revert EnforcementNotOrderParty(orderId, msg.sender);
        }
        o.status = OrderStatus.Cancelled;
        emit OrderCancelled(orderId, o.caseId, msg.sender);
        _audit(o.caseId, OpKind.OrderCancelled, address(0), orderId, 0);
    }

    /// @inheritdoc IEnforcementOffice
    function executeOrder(uint256 orderId, uint256 amount) external nonReentrant onlyRole(Roles.CUSTODIAN) {
        Order storage o = _orderIn(orderId, OrderStatus.Approved);
        uint256 caseId = o.caseId;
        Case storage c = _caseIn(caseId, CaseStatus.Open);
        _current(orderId, o, c);
        if (!o.automatic && !_hasRole(Roles.JUDGE, o.approver)) revert EnforcementApproverNotJudge(orderId, o.approver);
        Asset storage a = _assets[o.assetId];
        if (hub().memberOf(msg.sender) != a.custodianMember) revert EnforcementNotAssetCustodian(o.assetId, msg.sender);
        if (amount == 0) revert EnforcementZeroAmount();
        if (amount > o.amount) revert EnforcementAmountTooLarge(amount, o.amount);
        OrderKind kind = o.kind;
        if (kind != OrderKind.Freeze) {
            if (amount > a.frozen) revert EnforcementAmountTooLarge(amount, a.frozen);
            a.frozen -= amount;
            c.frozen -= amount;
        }
        if (kind == OrderKind.Deduct) {
            uint256 need = _need(c);
            if (amount > need) revert EnforcementAmountTooLarge(amount, need);
            a.deducted += amount;
            c.seized += amount;
        } else if (kind == OrderKind.Freeze) {
            a.frozen += amount;
            c.frozen += amount;
        }
        o.status = OrderStatus.Executed;
        o.executor = msg.sender;
        o.executedAmount = amount;
        emit OrderExecuted(orderId, caseId, msg.sender, kind, o.assetId, amount, o.proposer, o.approver);
        _audit(caseId, OpKind.OrderExecuted, o.approver, orderId, amount);
        if (kind == OrderKind.Deduct) {
            _token.safeTransferFrom(msg.sender, address(this), amount);
        } else if (kind == OrderKind.Freeze && o.automatic) {
            uint256 take = Math.min(amount, _need(c));
            if (take > 0) _autoOrder(caseId, OrderKind.Deduct, o.assetId, take);
        }
    }

    // -- money ---------------------------------------------------------------------------------------------------

    /// @inheritdoc IEnforcementOffice
    function deposit(uint256 caseId, uint256 amount) external nonReentrant {
        Case storage c = _existing(caseId);
        if (c.status != CaseStatus.Open && c.status != CaseStatus.Terminated) {
            revert EnforcementUnexpectedStatus(caseId, c.status, CaseStatus.Open);
        }
        if (amount == 0) revert EnforcementZeroAmount();
        uint256 need = _need(c);
        if (amount > need) revert EnforcementAmountTooLarge(amount, need);
        c.seized += amount;
        emit Deposited(caseId, msg.sender, amount);
        _audit(caseId, OpKind.Deposited, address(0), 0, amount);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IEnforcementOffice
    function distribute(uint256 caseId, uint256 maxCreditors) external returns (uint256 processed, bool done) {
        Case storage c = _existing(caseId);
        if (c.status != CaseStatus.Open && c.status != CaseStatus.Terminated) {
            revert EnforcementUnexpectedStatus(caseId, c.status, CaseStatus.Open);
        }
        if (maxCreditors == 0) revert EnforcementZeroAmount();
        if (!c.distributing) _startRound(caseId, c);
        uint256 start = c.cursor;
        uint256 end = Math.min(start + Math.min(maxCreditors, MAX_PAGE), c.roundCreditors);
        uint256 pageSum = _page(caseId, c.round, start, end);
        processed = end - start;
        c.cursor = uint32(end); // end <= roundCreditors, a uint32
        c.distributed += pageSum;
        c.outstanding -= pageSum;
        _audit(caseId, OpKind.DistributionPage, address(0), c.round, pageSum);
        done = end == c.roundCreditors;
        if (done) {
            c.distributing = false;
            emit DistributionCompleted(caseId, c.round, c.roundAvailable);
            if (c.outstanding == 0) _close(caseId, c);
        }
    }

    /// @inheritdoc IEnforcementOffice
    function withdraw(uint256 caseId, uint256 creditorId) external nonReentrant returns (uint256 amount) {
        Case storage c = _existing(caseId);
        Creditor storage cr = _creditor(caseId, creditorId);
        if (msg.sender != cr.payee) revert EnforcementNotPayee(caseId, creditorId, msg.sender);
        amount = cr.credited - cr.withdrawn;
        if (amount == 0) revert EnforcementNothingOwed(caseId, creditorId);
        cr.withdrawn += uint128(amount); // amount <= credited < 2^128
        c.withdrawn += uint128(amount);
        emit Withdrawn(caseId, creditorId, msg.sender, amount);
        _audit(caseId, OpKind.Withdrawn, address(0), creditorId, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEnforcementOffice
    function setAutoApprovalCap(uint256 cap) external onlyGovernance {
        emit AutoApprovalCapChanged(_autoCap, cap);
        _autoCap = cap;
    }

    // -- views ---------------------------------------------------------------------------------------------------

    /// @inheritdoc IEnforcementOffice
    function settlementToken() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IEnforcementOffice
    function autoApprovalCap() external view returns (uint256) {
        return _autoCap;
    }

    /// @inheritdoc IEnforcementOffice
    function caseCount() external view returns (uint256) {
        return _caseCount;
    }

    /// @inheritdoc IEnforcementOffice
    function assetCount() external view returns (uint256) {
        return _assetCount;
    }

    /// @inheritdoc IEnforcementOffice
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc IEnforcementOffice
    function getCase(uint256 caseId) external view returns (Case memory) {
        return _existing(caseId);
    }

    /// @inheritdoc IEnforcementOffice
    function getCreditor(uint256 caseId, uint256 creditorId) external view returns (Creditor memory) {
        return _creditor(caseId, creditorId);
    }

    /// @inheritdoc IEnforcementOffice
    function getAsset(uint256 assetId) external view returns (Asset memory a) {
        a = _asset(assetId);
        if (_cases[a.caseId].status == CaseStatus.Closed) a.frozen = 0;
    }

    /// @inheritdoc IEnforcementOffice
    function getOrder(uint256 orderId) external view returns (Order memory) {
        return _existingOrder(orderId);
    }

    /// @inheritdoc IEnforcementOffice
    function admissionCount() external view returns (uint256) {
        return _admissionCount;
    }

    /// @inheritdoc IEnforcementOffice
    function getAdmission(uint256 admissionId) external view returns (Admission memory) {
        return _existingAdmission(admissionId);
    }

    /// @inheritdoc IEnforcementOffice
    function caseMoney(uint256 caseId) external view returns (CaseMoney memory m) {
        Case storage c = _existing(caseId);
        m = CaseMoney(
            c.frozen,
            c.seized,
            c.distributed,
            c.withdrawn,
            c.distributed - c.withdrawn,
            c.outstanding,
            c.seized - c.distributed
        );
    }

    /// @inheritdoc IEnforcementOffice
    function auditHead(uint256 caseId) external view returns (bytes32 head, uint64 seq) {
        return (_heads[caseId], _existing(caseId).auditSeq);
    }

    // -- internal ------------------------------------------------------------------------------------------------

    function _open(
        bytes32 debtor,
        address debtorAccount,
        bytes32 titleHash,
        uint256 obligationId,
        bool confirmed,
        bool automatic
    ) private returns (uint256 caseId) {
        if (debtor == bytes32(0)) revert EnforcementZeroDebtor();
        caseId = ++_caseCount;
        Case storage c = _cases[caseId];
        c.debtor = debtor;
        c.debtorAccount = debtorAccount;
        c.status = CaseStatus.Open;
        c.judiciallyConfirmed = confirmed;
        c.autoApproval = automatic;
        c.openedAt = SafeCast.toUint64(block.timestamp);
        c.openedBy = msg.sender;
        c.obligationId = obligationId;
        c.titleHash = titleHash;
        emit CaseOpened(caseId, debtor, obligationId, msg.sender, debtorAccount, titleHash, automatic);
        emit AssetInquiryIssued(caseId, debtor);
        _audit(caseId, OpKind.Opened, address(0), obligationId, 0);
    }

    function _proposeAdmission(
        uint256 caseId,
        address payee,
        ClaimClass class_,
        uint8 rank,
        uint256 claim,
        bytes32 basisHash
    ) private returns (uint256 admissionId) {
        _checkClaim(payee, class_, rank, claim);
        admissionId = ++_admissionCount;
        Admission storage ad = _admissions[admissionId];
        ad.caseId = caseId;
        ad.payee = payee;
        ad.class_ = class_;
        ad.rank = rank;
        ad.status = AdmissionStatus.Proposed;
        ad.claim = claim;
        ad.proposer = msg.sender;
        ad.basisHash = basisHash;
        emit AdmissionProposed(admissionId, caseId, msg.sender, payee, class_, rank, claim, basisHash);
        _audit(caseId, OpKind.AdmissionProposed, address(0), admissionId, claim);
    }

    function _checkClaim(address payee, ClaimClass class_, uint8 rank, uint256 claim) private pure {
        if (payee == address(0)) revert EnforcementZeroAddress();
        bool rankOk = class_ == ClaimClass.Priority ? (rank >= 1 && rank <= MAX_RANK) : rank == 0;
        if (class_ == ClaimClass.None || !rankOk || claim == 0) revert EnforcementInvalidClaim(class_, rank, claim);
    }

    /// @dev `approver` is zero for the title creditor, else the judge who approved the admission (the audit record
    /// of the admission names both the actor and the approver).
    function _admit(
        uint256 caseId,
        address payee,
        ClaimClass class_,
        uint8 rank,
        uint256 claim,
        bytes32 basisHash,
        address approver
    ) private returns (uint256 creditorId) {
        _checkClaim(payee, class_, rank, claim);
        Case storage c = _cases[caseId];
        // All claims ever admitted (outstanding + distributed) stay below 2^128, so the packed uint128 words of
        // credited, withdrawn and the case's withdrawn total can never overflow.
        uint256 room = type(uint128).max - (c.outstanding + c.distributed);
        if (claim > room) revert EnforcementAmountTooLarge(claim, room);
        creditorId = c.creditorCount++;
        _creditors[caseId][creditorId] = Creditor(payee, class_, rank, claim, 0, 0, basisHash);
        _tierOutstanding[caseId][_tier(class_, rank)] += claim;
        c.outstanding += claim;
        emit CreditorAdmitted(caseId, creditorId, payee, class_, rank, claim, basisHash, msg.sender);
        _audit(caseId, OpKind.CreditorAdmitted, approver, creditorId, claim);
    }

    function _newOrder(uint256 caseId, OrderKind kind, uint256 assetId, uint256 amount, bytes32 basisHash)
        private
        returns (uint256 orderId)
    {
        orderId = ++_orderCount;
        Order storage o = _orders[orderId];
        o.caseId = caseId;
        o.kind = kind;
        o.status = OrderStatus.Proposed;
        o.assetId = assetId;
        o.amount = amount;
        o.period = _cases[caseId].terminations;
        o.proposer = msg.sender;
        o.basisHash = basisHash;
        emit OrderProposed(orderId, caseId, msg.sender, kind, assetId, amount, basisHash);
        _audit(caseId, OpKind.OrderProposed, address(0), orderId, amount);
    }

    /// @dev Under the automatic policy the contract itself is the approver (recorded as address(this)).
    function _autoOrder(uint256 caseId, OrderKind kind, uint256 assetId, uint256 amount) private {
        uint256 orderId = _newOrder(caseId, kind, assetId, amount, bytes32(0));
        Order storage o = _orders[orderId];
        o.status = OrderStatus.Approved;
        o.automatic = true;
        o.approver = address(this);
        emit OrderApproved(orderId, caseId, address(this), true);
        _audit(caseId, OpKind.OrderApproved, address(this), orderId, amount);
    }

    function _terminate(uint256 orderId, Order storage o) private {
        uint256 caseId = o.caseId;
        Case storage c = _cases[caseId];
        o.status = OrderStatus.Executed;
        o.executor = msg.sender;
        o.executedAmount = o.amount;
        c.status = CaseStatus.Terminated;
        c.terminations = SafeCast.toUint16(uint256(c.terminations) + 1); // every earlier order is void from now on
        emit OrderExecuted(orderId, caseId, msg.sender, OrderKind.Terminate, 0, o.amount, o.proposer, msg.sender);
        emit CaseTerminated(caseId, orderId, o.proposer, msg.sender);
        _audit(caseId, OpKind.Terminated, msg.sender, orderId, o.amount);
        address registry = _suite(SuiteKeys.CREDIT_REGISTRY);
        if (registry == address(0)) {
            emit CreditRegistryMissing(caseId, true);
            return;
        }
        c.listed = true;
        bytes32 key = _creditKey(caseId, o.assetId);
        if (_creditKeys[caseId] == bytes32(0)) _creditKeys[caseId] = key;
        for (uint8 kind = 1; kind <= 2; ++kind) {
            if (o.amount & kind != 0) {
                uint16 reason = kind == 1 ? uint16(o.amount >> 8) : BAN_REASON_NOT_PERFORMED;
                uint256 entryId =
                    ICreditListing(registry).listFromEnforcement(key, caseId, kind, reason, o.basisHash, msg.sender);
                emit DebtorListed(caseId, kind, entryId);
            }
        }
    }

    function _close(uint256 caseId, Case storage c) private {
        uint256 released = c.frozen;
        c.frozen = 0;
        c.status = CaseStatus.Closed;
        emit CaseClosed(caseId, released);
        _audit(caseId, OpKind.Closed, address(0), 0, released);
        if (!c.listed) return;
        address registry = _suite(SuiteKeys.CREDIT_REGISTRY);
        if (registry == address(0)) {
            emit CreditRegistryMissing(caseId, false);
            return;
        }
        c.listed = false;
        uint256 n = ICreditListing(registry).delistFromEnforcement(_creditKeys[caseId], caseId);
        emit DebtorDelisted(caseId, n);
    }

    /// @dev The registry subject a termination order names: its `assetId` as the credit key, or (0) the debtor.
    function _creditKey(uint256 caseId, uint256 assetId) private view returns (bytes32) {
        return assetId == 0 ? _cases[caseId].debtor : bytes32(assetId);
    }

    /// @dev Credits creditors [start, end) of the round in progress; returns the sum credited.
    function _page(uint256 caseId, uint32 round, uint256 start, uint256 end) private returns (uint256 pageSum) {
        ProRata.Tiers memory r = ProRata.Tiers(_roundTotal[caseId], _roundFill[caseId], _roundCum[caseId], _tierOutstanding[caseId]);
        for (uint256 i = start; i < end; ++i) {
            Creditor storage cr = _creditors[caseId][i];
            uint256 owe = cr.claim - cr.credited;
            if (owe == 0) continue;
            uint256 t = _tier(cr.class_, cr.rank);
            uint256 share = ProRata.share(r, t, owe);
            if (share == 0) continue;
            cr.credited += SafeCast.toUint128(share); // share <= owe <= claim < 2^128: never reverts
            r.left[t] -= share;
            pageSum += share;
            emit DistributionCredited(caseId, i, cr.payee, round, share);
        }
        _roundCum[caseId] = r.cum;
        _tierOutstanding[caseId] = r.left;
    }

    function _startRound(uint256 caseId, Case storage c) private {
        uint256 available = c.seized - c.distributed;
        if (available == 0) revert EnforcementNothingToDistribute(caseId);
        uint256[TIERS] memory totals = _tierOutstanding[caseId];
        uint256[TIERS] memory fill = ProRata.fills(totals, available);
        uint256[TIERS] memory zero;
        _roundTotal[caseId] = totals;
        _roundFill[caseId] = fill;
        _roundCum[caseId] = zero;
        c.distributing = true;
        c.roundCreditors = c.creditorCount;
        c.cursor = 0;
        c.round += 1;
        c.roundAvailable = available;
        emit DistributionStarted(caseId, c.round, available);
    }

    /// @dev Money the case may still take in: unpaid claims minus what it holds undistributed.
    function _need(Case storage c) private view returns (uint256) {
        return c.outstanding - (c.seized - c.distributed);
    }

    function _audit(uint256 caseId, OpKind kind, address approver, uint256 ref, uint256 amount) private {
        Case storage c = _cases[caseId];
        uint64 seq = ++c.auditSeq;
        bytes32 opHash = keccak256(abi.encode(msg.sender, approver, ref, amount));
        bytes32 head = keccak256(abi.encode(_heads[caseId], caseId, uint256(seq), uint8(kind), opHash));
        _heads[caseId] = head;
        emit AuditRecorded(caseId, seq, kind, msg.sender, approver, ref, amount, opHash, head);
    }

    function _tier(ClaimClass class_, uint8 rank) private pure returns (uint256) {
        if (class_ == ClaimClass.Costs) return 0;
        if (class_ == ClaimClass.Priority) return rank;
        return TIERS - 1;
    }

    function _existing(uint256 caseId) private view returns (Case storage c) {
        c = _cases[caseId];
        if (c.status == CaseStatus.None) revert EnforcementUnknownCase(caseId);
    }

    function _caseIn(uint256 caseId, CaseStatus expected) private view returns (Case storage c) {
        c = _existing(caseId);
        if (c.status != expected) revert EnforcementUnexpectedStatus(caseId, c.status, expected);
    }

    function _creditor(uint256 caseId, uint256 creditorId) private view returns (Creditor storage) {
        if (creditorId >= _existing(caseId).creditorCount) revert EnforcementUnknownCreditor(caseId, creditorId);
        return _creditors[caseId][creditorId];
    }

    function _asset(uint256 assetId) private view returns (Asset storage a) {
        a = _assets[assetId];
        if (a.kind == AssetKind.None) revert EnforcementUnknownAsset(assetId);
    }

    function _existingOrder(uint256 orderId) private view returns (Order storage o) {
        o = _orders[orderId];
        if (o.status == OrderStatus.None) revert EnforcementUnknownOrder(orderId);
    }

    function _orderIn(uint256 orderId, OrderStatus expected) private view returns (Order storage o) {
        o = _existingOrder(orderId);
        if (o.status != expected) revert EnforcementOrderUnexpectedStatus(orderId, o.status, expected);
    }

    /// @dev An order proposed before the case's last termination is void.
    function _current(uint256 orderId, Order storage o, Case storage c) private view {
        if (o.period != c.terminations) revert EnforcementOrderVoid(orderId, o.period, c.terminations);
    }

    function _existingAdmission(uint256 admissionId) private view returns (Admission storage ad) {
        ad = _admissions[admissionId];
        if (ad.status == AdmissionStatus.None) revert EnforcementUnknownAdmission(admissionId);
    }

    function _admissionIn(uint256 admissionId, AdmissionStatus expected) private view returns (Admission storage ad) {
        ad = _existingAdmission(admissionId);
        if (ad.status != expected) revert EnforcementAdmissionUnexpectedStatus(admissionId, ad.status, expected);
    }
}

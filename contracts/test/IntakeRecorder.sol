// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {IDocketIntake, IEnforcementIntake} from "../interfaces/ISuiteHooks.sol";

/// @title IntakeRecorder
/// @notice Test stand-in for the docket's and the enforcement office's intake hooks: records every call so that
/// ObligationRegistry's unit tests can check what it sends, independently of CaseDocket and EnforcementOffice.
/// @dev Never deployed on a real network. Integration tests use the real contracts.
contract IntakeRecorder is IDocketIntake, IEnforcementIntake {
    struct Judgment {
        bytes32 debtor;
        address debtorAccount;
        address creditor;
        uint256 amount;
        uint64 dueDate;
        bytes32 documentHash;
    }

    address public settlementToken;
    bool public failing;
    bool public burning;
    mapping(bytes32 => bool) public refusedCaseType;
    uint256 public calls;
    mapping(uint256 => Judgment[]) private _judgments;

    event FiledFromObligation(
        uint256 obligationId,
        uint32 courtId,
        bytes32 caseType,
        bytes32 plaintiff,
        bytes32 defendant,
        uint256 claimAmount,
        bytes32 documentHash,
        address filer
    );
    event OpenedFromObligation(
        uint256 obligationId,
        bytes32 debtor,
        address debtorAccount,
        address creditor,
        uint256 amount,
        bool judiciallyConfirmed,
        bytes32 titleHash
    );

    error IntakeRecorderFailing();

    constructor(address token) {
        settlementToken = token;
    }

    function setFailing(bool on) external {
        failing = on;
    }

    function addJudgment(uint256 caseId, Judgment calldata j) external {
        _judgments[caseId].push(j);
    }

    function fileFromObligation(
        uint256 obligationId,
        uint32 courtId,
        bytes32 caseType,
        bytes32 plaintiff,
        bytes32 defendant,
        uint256 claimAmount,
        bytes32 documentHash,
        address filer
    ) external returns (uint256) {
        if (failing) revert IntakeRecorderFailing();
        if (burning) _burn();
        emit FiledFromObligation(obligationId, courtId, caseType, plaintiff, defendant, claimAmount, documentHash, filer);
        return 1000 + ++calls;
    }

    function openFromObligation(
        uint256 obligationId,
        bytes32 debtor,
        address debtorAccount,
        address creditor,
        uint256 amount,
        bool judiciallyConfirmed,
        bytes32 titleHash
    ) external returns (uint256) {
        if (failing) revert IntakeRecorderFailing();
        if (burning) _burn();
        emit OpenedFromObligation(obligationId, debtor, debtorAccount, creditor, amount, judiciallyConfirmed, titleHash);
        return 2000 + ++calls;
    }

    function judgmentObligation(uint256 caseId, uint256 index)
        external
        view
        returns (bytes32, address, address, uint256, uint64, bytes32)
    {
        Judgment storage j = _judgments[caseId][index];
        return (j.debtor, j.debtorAccount, j.creditor, j.amount, j.dueDate, j.documentHash);
    }

    /// @dev Every case type is accepted unless `refuseCaseType` named it.
    function acceptsCaseType(uint32, bytes32 caseType) external view returns (bool) {
        return !refusedCaseType[caseType];
    }

    function refuseCaseType(bytes32 caseType, bool on) external {
        refusedCaseType[caseType] = on;
    }

    /// @dev Burns all the gas it is given, as a callee that runs out of gas would.
    function setBurning(bool on) external {
        burning = on;
    }

    function judgmentObligationCount(uint256 caseId) external view returns (uint256) {
        return _judgments[caseId].length;
    }

    function _burn() private pure {
        assembly {
            invalid()
        }
    }
}

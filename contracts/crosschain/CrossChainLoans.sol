// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {HubGuarded} from "../common/HubGuarded.sol";
import {Roles} from "../common/Roles.sol";
import {SuiteKeys} from "../common/SuiteKeys.sol";
import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ICrossChainApp} from "../interfaces/ICrossChainApp.sol";
import {ICrossChainLoans} from "../interfaces/ICrossChainLoans.sol";
import {ICrossChainOutbox} from "../interfaces/ICrossChainOutbox.sol";
import {IObligationRegistry} from "../interfaces/IObligationRegistry.sol";

/// @title CrossChainLoans
/// @notice Notarised loans reported by a bank's chain become obligations on the court's chain. See {ICrossChainLoans}.
contract CrossChainLoans is ICrossChainLoans, HubGuarded {
    uint16 internal constant KIND_LOAN = 1;

    mapping(uint64 => address) private _peers;
    mapping(uint64 => mapping(bytes32 => bool)) private _reported; // dest chain => title key
    mapping(uint64 => mapping(uint64 => bytes32)) private _reportBySequence; // dest chain => sequence => title key

    constructor(ICourtConsortium hub_) HubGuarded(hub_) {}

    /// @inheritdoc ICrossChainLoans
    function reportLoan(uint64 destChainId, Loan calldata loan, uint64 timeoutTimestamp)
        external
        onlyRole(Roles.CUSTODIAN)
        returns (uint64 sequence)
    {
        address peer_ = _peers[destChainId];
        if (peer_ == address(0)) revert CrossChainLoansNoPeer(destChainId);
        bytes32 titleKey = loan.titleKey;
        if (
            titleKey == bytes32(0) || loan.documentHash == bytes32(0) || loan.amount == 0
                || loan.amount > type(uint128).max || loan.creditorAccount == address(0)
                || loan.creditorAccount == loan.debtorAccount
        ) revert CrossChainLoansInvalidLoan(titleKey);
        if (_reported[destChainId][titleKey]) revert CrossChainLoansAlreadyReported(titleKey, destChainId);
        _reported[destChainId][titleKey] = true;
        (ICrossChainOutbox.Envelope memory env,) = ICrossChainOutbox(_suite(SuiteKeys.CROSSCHAIN_OUTBOX)).send(
            destChainId, peer_, KIND_LOAN, abi.encode(loan), 0, timeoutTimestamp
        );
        sequence = env.sequence;
        _reportBySequence[destChainId][sequence] = titleKey;
        emit LoanReported(titleKey, destChainId, msg.sender, loan.amount, loan.dueDate, sequence);
    }

    /// @inheritdoc ICrossChainApp
    function onCrossChainMessage(ICrossChainOutbox.Envelope calldata envelope, bytes calldata payload) external {
        if (msg.sender != _suite(SuiteKeys.CROSSCHAIN_INBOX) || msg.sender == address(0)) {
            revert CrossChainLoansOnlyInbox(msg.sender);
        }
        if (envelope.sourceContract != _peers[envelope.sourceChainId]) {
            revert CrossChainLoansWrongPeer(envelope.sourceChainId, envelope.sourceContract);
        }
        Loan memory loan = abi.decode(payload, (Loan));
        uint256 obligationId = IObligationRegistry(_suite(SuiteKeys.OBLIGATION_REGISTRY)).registerCrossChainTitle(
            envelope.sourceChainId,
            loan.titleKey,
            loan.documentHash,
            loan.debtor,
            loan.debtorAccount,
            loan.creditorAccount,
            loan.amount,
            loan.dueDate
        );
        emit LoanRegistered(loan.titleKey, envelope.sourceChainId, obligationId);
    }

    /// @inheritdoc ICrossChainApp
    function onCrossChainTimeout(ICrossChainOutbox.Envelope calldata envelope) external {
        if (msg.sender != _suite(SuiteKeys.CROSSCHAIN_OUTBOX) || msg.sender == address(0)) {
            revert CrossChainLoansOnlyOutbox(msg.sender);
        }
        bytes32 titleKey = _reportBySequence[envelope.destChainId][envelope.sequence];
        _reported[envelope.destChainId][titleKey] = false; // it may be reported again
        emit LoanReportTimedOut(titleKey, envelope.destChainId, envelope.sequence);
    }

    /// @inheritdoc ICrossChainLoans
    function setPeer(uint64 chainId, address peer_) external onlyGovernance {
        if (peer_ == address(0)) revert CrossChainLoansZeroAddress();
        address previous = _peers[chainId];
        _peers[chainId] = peer_;
        emit LoansPeerSet(chainId, peer_, previous);
    }

    /// @inheritdoc ICrossChainLoans
    function peer(uint64 chainId) external view returns (address) {
        return _peers[chainId];
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainApp} from "./ICrossChainApp.sol";

/// @title ICrossChainLoans
/// @notice A bank's chain reports a notarised loan with enforcement effect (赋强公证) to the court's chain: the message
/// carries the instrument's hash, the parties and the amount and due date; on the court's chain it becomes an
/// obligation of the ObligationRegistry (`registerCrossChainTitle`), whose own default rules (due date, `isInDefault`,
/// `triggerDefault` by anyone) open the enforcement case. The bank's report does not itself put anyone in default.
interface ICrossChainLoans is ICrossChainApp {
    /// @notice A notarised loan as reported.
    /// @param titleKey the loan's key on the bank's chain (once per destination)
    /// @param documentHash hash of the notarised instrument with enforcement effect
    /// @param debtor salted commitment to the debtor's identity
    /// @param debtorAccount the debtor's account on the court's chain (0 if none)
    /// @param creditorAccount the bank's account on the court's chain
    /// @param amount the amount owed, in the court chain's settlement-token base units
    /// @param dueDate when it falls due (seconds)
    struct Loan {
        bytes32 titleKey;
        bytes32 documentHash;
        bytes32 debtor;
        address debtorAccount;
        address creditorAccount;
        uint256 amount;
        uint64 dueDate;
    }

    event LoansPeerSet(uint64 indexed chainId, address indexed peer, address previous);
    event LoanReported(
        bytes32 indexed titleKey, uint64 indexed destChainId, address indexed by, uint256 amount, uint64 dueDate, uint64 sequence
    );
    event LoanReportTimedOut(bytes32 indexed titleKey, uint64 indexed destChainId, uint64 sequence);
    event LoanRegistered(bytes32 indexed titleKey, uint64 indexed sourceChainId, uint256 indexed obligationId);

    error CrossChainLoansNoPeer(uint64 chainId);
    error CrossChainLoansAlreadyReported(bytes32 titleKey, uint64 destChainId);
    error CrossChainLoansOnlyInbox(address caller);
    error CrossChainLoansOnlyOutbox(address caller);
    error CrossChainLoansWrongPeer(uint64 chainId, address sourceContract);
    error CrossChainLoansZeroAddress();
    error CrossChainLoansInvalidLoan(bytes32 titleKey);

    /// @notice Report a notarised loan to the court's chain `destChainId`.
    /// @param timeoutTimestamp court chain's time from which the report can no longer be delivered
    /// @return sequence the message's sequence
    /// Emits `LoanReported`. Requirements: caller holds CUSTODIAN (a bank's operator); a peer; not reported there yet;
    /// the loan as the court chain's registry takes it (nonzero key and document hash, amount 1..2^128-1, creditor
    /// nonzero and not the debtor), so that a report cannot stall the channel.
    function reportLoan(uint64 destChainId, Loan calldata loan, uint64 timeoutTimestamp)
        external
        returns (uint64 sequence);

    /// @notice Set the peer contract on chain `chainId`. Emits `LoansPeerSet`.
    /// Requirements: an executed hub proposal; peer not 0.
    function setPeer(uint64 chainId, address peer) external;

    function peer(uint64 chainId) external view returns (address);
}

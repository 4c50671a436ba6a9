// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title MaliciousReceiver
/// @notice Test mock: a creditor contract that, when paid through a hook token, either re-enters the office with a
/// configured call (recording whether the re-entry succeeded and its revert data) or rejects the payment outright.
contract MaliciousReceiver {
    address public target;
    bytes public reentryData;
    bool public rejectPayments;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryRevert;

    function configure(address target_, bytes calldata reentryData_, bool rejectPayments_) external {
        target = target_;
        reentryData = reentryData_;
        rejectPayments = rejectPayments_;
    }

    /// @notice Call `target` with `data` as this contract (e.g. withdraw as the creditor).
    function act(bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    function onTokenReceived(address, uint256) external {
        if (rejectPayments) revert("MaliciousReceiver: payment rejected");
        if (reentryData.length > 0 && !reentryAttempted) {
            reentryAttempted = true;
            (bool ok, bytes memory ret) = target.call(reentryData);
            reentrySucceeded = ok;
            reentryRevert = ret;
        }
    }
}

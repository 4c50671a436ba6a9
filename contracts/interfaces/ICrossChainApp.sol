// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICrossChainOutbox} from "./ICrossChainOutbox.sol";

/// @title ICrossChainApp
/// @notice What a contract that sends and receives cross-chain messages implements.
interface ICrossChainApp {
    /// @notice A message for this contract was delivered (called by the inbox only).
    function onCrossChainMessage(ICrossChainOutbox.Envelope calldata envelope, bytes calldata payload) external;

    /// @notice A message this contract sent timed out on the receiving chain (called by the outbox only).
    function onCrossChainTimeout(ICrossChainOutbox.Envelope calldata envelope) external;
}

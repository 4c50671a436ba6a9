// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ICourtConsortium} from "../interfaces/ICourtConsortium.sol";
import {ChainClock} from "./ChainClock.sol";

/// @title HubGuarded
/// @notice Base of every suite contract: access is decided by the consortium hub, never by the contract itself.
/// Institutions act through roles held in the hub; parameter changes come from executed hub proposals; calls between
/// suite contracts are recognised by the addresses the hub records for them (each address under one key at most).
/// Every time in the suite is in seconds: no suite contract deploys on a millisecond clock.
abstract contract HubGuarded {
    ICourtConsortium private immutable _hub;

    /// @notice The caller does not hold `role` in the hub (or its member is not active).
    error AccessMissingRole(bytes32 role, address account);
    /// @notice Only an executed hub proposal may call this.
    error AccessOnlyGovernance(address caller);
    /// @notice Only the suite contract recorded under `key` may call this.
    error AccessOnlySuite(bytes32 key, address caller);
    /// @notice The hub address given at construction is zero.
    error AccessZeroHub();
    /// @notice The chain's clock is not in seconds (`timestamp` is beyond any plausible seconds value: a FISCO BCOS
    /// chain without its EVM-timestamp feature reports milliseconds).
    error AccessMillisecondClock(uint256 timestamp);

    modifier onlyRole(bytes32 role) {
        _checkRole(role, msg.sender);
        _;
    }

    modifier onlyGovernance() {
        if (msg.sender != address(_hub)) revert AccessOnlyGovernance(msg.sender);
        _;
    }

    modifier onlySuite(bytes32 key) {
        if (msg.sender != _hub.suiteContract(key) || msg.sender == address(0)) revert AccessOnlySuite(key, msg.sender);
        _;
    }

    constructor(ICourtConsortium hub_) {
        if (address(hub_) == address(0)) revert AccessZeroHub();
        if (!ChainClock.inSeconds()) revert AccessMillisecondClock(block.timestamp);
        _hub = hub_;
    }

    /// @notice The consortium hub this contract consults.
    function hub() public view returns (ICourtConsortium) {
        return _hub;
    }

    function _checkRole(bytes32 role, address account) internal view {
        if (!_hub.hasRole(role, account)) revert AccessMissingRole(role, account);
    }

    function _hasRole(bytes32 role, address account) internal view returns (bool) {
        return _hub.hasRole(role, account);
    }

    function _suite(bytes32 key) internal view returns (address) {
        return _hub.suiteContract(key);
    }
}

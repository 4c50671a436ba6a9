// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title ChainClock
/// @notice Every time in the suite is in seconds. FISCO BCOS reports `block.timestamp` in milliseconds unless the chain
/// enables its EVM-timestamp feature; on such a clock a 7-day window would last about ten minutes. The suite's
/// constructors refuse such a chain with this bound.
library ChainClock {
    /// @notice The largest block timestamp taken for a seconds clock: 10^10 s is in the year 2286, while a
    /// millisecond clock has read more than 10^12 since 2001.
    uint256 internal constant MAX_SECONDS_TIMESTAMP = 10_000_000_000;

    /// @notice Whether the chain's clock reads like seconds.
    function inSeconds() internal view returns (bool) {
        return block.timestamp <= MAX_SECONDS_TIMESTAMP;
    }
}

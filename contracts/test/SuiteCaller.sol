// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

/// @title SuiteCaller
/// @notice Test mock: a contract that governance registers under a suite key (e.g. ObligationRegistry before that
/// contract exists) so that tests can make calls "from the suite contract". Forwards `data` to `target`, bubbling
/// any revert.
contract SuiteCaller {
    function forward(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }
}

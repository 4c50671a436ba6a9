// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Implemented by recipients that want to be told of incoming transfers (ERC-777 style hook).
interface ITokenRecipientHook {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title ReentrantToken
/// @notice Test mock: an ERC-20 that calls `onTokenReceived` on a registered recipient after every transfer (not on
/// mint), the way hook tokens do, so that a malicious recipient gets control in the middle of a withdrawal.
contract ReentrantToken is ERC20 {
    mapping(address => bool) public hooked;

    constructor() ERC20("Hook token (test)", "tHOOK") {}

    /// @notice Recipients that want the hook (any contract may register itself or be registered in tests).
    function setHooked(address account, bool on) external {
        hooked[account] = on;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _afterTokenTransfer(address from, address to, uint256 amount) internal override {
        if (from != address(0) && hooked[to]) ITokenRecipientHook(to).onTokenReceived(from, amount);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test token that burns 1% of every transfer between accounts, so the receiver gets less than the amount
/// moved (as fee-on-transfer tokens do). Used to check that ObligationRegistry.pay refuses such tokens.
/// @dev Never deployed on a real network.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee-on-transfer token (test)", "tFEE") {}

    /// @notice Mint `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _transfer(address from, address to, uint256 amount) internal override {
        uint256 fee = amount / 100;
        super._transfer(from, to, amount - fee);
        if (fee != 0) _burn(from, fee);
    }
}

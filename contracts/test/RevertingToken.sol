// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title RevertingToken
/// @notice Test mock: an ERC-20 whose transfers can be made to fail, by reverting (mode 1) or by returning false
/// (mode 2), to show that a failing token leaves the office's books unchanged.
contract RevertingToken is ERC20 {
    uint8 public mode;

    constructor() ERC20("Reverting token (test)", "tREV") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setMode(uint8 mode_) external {
        mode = mode_;
    }

    function transfer(address to, uint256 amount) public override returns (bool) {
        if (mode == 1) revert("RevertingToken: transfer refused");
        if (mode == 2) return false;
        return super.transfer(to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) public override returns (bool) {
        if (mode == 1) revert("RevertingToken: transfer refused");
        if (mode == 2) return false;
        return super.transferFrom(from, to, amount);
    }
}

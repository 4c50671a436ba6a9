// SPDX-License-Identifier: Apache-2.0
pragma solidity >=0.8.11 <0.9.0;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title SettlementToken
/// @notice Test stand-in for the custodian banks' deposit token on local chains: an ERC-20 anyone can mint.
/// @dev Never deployed on a real network; there the settlement token's address is configured instead.
contract SettlementToken is ERC20 {
    constructor() ERC20("Court Settlement Yuan (test)", "tCNY") {}

    /// @notice Mint `amount` to `to` (test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

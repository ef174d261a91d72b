// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title SampleToken
/// @notice The collateral token of local runs (end-to-end tests, the demo): an ERC-20 with six
///         decimals like USDC that anyone may mint. Never deploy it where the token has value.
contract SampleToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to`: anyone may, this is a token for local runs.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

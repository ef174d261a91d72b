// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICollateralRegistry} from "../interfaces/ICollateralRegistry.sol";
import {IMarginGate} from "../interfaces/IMarginGate.sol";
import {CollateralVault} from "../CollateralVault.sol";
import {SampleVenue} from "./SampleVenue.sol";

/// @title LendingVenue
/// @notice A sample lending market: the trader's vault deposits are its collateral (credited in
///         the private state the operator commits to), borrowing and withdrawing need margin.
contract LendingVenue is SampleVenue {
    constructor(ICollateralRegistry registry, IMarginGate gate, CollateralVault vault, address operator)
        SampleVenue(registry, gate, vault, operator)
    {}

    /// @notice Withdraws `amount` of the account's collateral to it: the post-withdrawal state's
    ///         commitment must be covered by an initial-level proof (the gate checks it in this
    ///         call), then the vault releases against that grant.
    function withdraw(
        address account,
        IERC20 token,
        uint256 amount,
        uint256 commitment,
        uint64 stateNonce,
        uint64 proofNonce,
        uint64 roundId,
        uint32 tau,
        uint256[8] calldata proof
    ) external onlyOperator {
        GATE.requireInitialMargin(account, commitment, stateNonce, proofNonce, roundId, tau, proof);
        VAULT.release(account, token, amount, account);
    }
}

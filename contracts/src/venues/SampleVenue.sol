// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICollateralRegistry} from "../interfaces/ICollateralRegistry.sol";
import {IMarginGate} from "../interfaces/IMarginGate.sol";
import {CollateralVault} from "../CollateralVault.sol";
import {ErrorsLib} from "../libraries/ErrorsLib.sol";

interface IPostingRegistry {
    function postCommitment(address account, uint256 commitment, uint64 stateNonce) external;
}

/// @title SampleVenue
/// @notice What the two sample venues share: an operator who keeps every account's state
///         off-chain and puts only commitments on-chain (no private value in any calldata or
///         event), and the liquidation side: the operator closes the account's positions at a
///         loss the vault pays, then posts the closed state's commitment (0 for nothing left).
abstract contract SampleVenue {
    ICollateralRegistry public immutable REGISTRY;
    IMarginGate public immutable GATE;
    CollateralVault public immutable VAULT;
    address public immutable OPERATOR;

    constructor(ICollateralRegistry registry, IMarginGate gate, CollateralVault vault, address operator) {
        if (operator == address(0)) revert ErrorsLib.ZeroAddress();
        REGISTRY = registry;
        GATE = gate;
        VAULT = vault;
        OPERATOR = operator;
    }

    modifier onlyOperator() {
        if (msg.sender != OPERATOR) revert ErrorsLib.NotOperator(msg.sender);
        _;
    }

    /// @notice Posts the account's new state commitment (a deposit credited, a change that needs
    ///         no margin check). Any change lapses the account's proof: it proves again.
    function post(address account, uint256 commitment, uint64 stateNonce) external onlyOperator {
        IPostingRegistry(address(REGISTRY)).postCommitment(account, commitment, stateNonce);
    }

    /// @notice After the gate liquidated `account`: takes the loss the venue closed it at from
    ///         the vault (the liquidator's bonus goes with it) and posts the closed state.
    function settleLiquidation(address account, IERC20 token, uint256 loss, uint256 commitment, uint64 stateNonce)
        external
        onlyOperator
    {
        VAULT.settleLiquidation(account, token, loss);
        IPostingRegistry(address(REGISTRY)).postCommitment(account, commitment, stateNonce);
    }
}

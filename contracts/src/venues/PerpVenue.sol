// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {ICollateralRegistry} from "../interfaces/ICollateralRegistry.sol";
import {IMarginGate} from "../interfaces/IMarginGate.sol";
import {CollateralVault} from "../CollateralVault.sol";
import {SampleVenue} from "./SampleVenue.sol";
import {EventsLib} from "../libraries/EventsLib.sol";

/// @title PerpVenue
/// @notice A sample perpetuals venue. It grants leverage only through the gate: the post-trade
///         state (the new position included) must be covered by an initial-level proof, which
///         may rest on collateral the trader keeps with another venue: the point of CrossMargin.
contract PerpVenue is SampleVenue {
    constructor(ICollateralRegistry registry, IMarginGate gate, CollateralVault vault, address operator)
        SampleVenue(registry, gate, vault, operator)
    {}

    /// @notice Opens (or grows) a position: posts the post-trade commitment and has the gate
    ///         verify the initial-margin proof over it, in this one call.
    function openPosition(
        address account,
        uint256 commitment,
        uint64 stateNonce,
        uint64 proofNonce,
        uint64 roundId,
        uint32 tau,
        uint256[8] calldata proof
    ) external onlyOperator {
        GATE.requireInitialMargin(account, commitment, stateNonce, proofNonce, roundId, tau, proof);
        emit EventsLib.LeverageGranted(account, stateNonce, commitment);
    }
}

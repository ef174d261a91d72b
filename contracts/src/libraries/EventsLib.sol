// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title EventsLib
/// @notice Every event of the CrossMargin contracts, one section per contract. Every state
///         change emits one, with what an off-chain reader (relay, auditor) needs to follow it.
library EventsLib {
    // ---------------------------------------------------------------- CollateralRegistry

    // ---------------------------------------------------------------- OracleHub

    // ---------------------------------------------------------------- MarginGate

    // ---------------------------------------------------------------- CollateralVault and venues
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title ErrorsLib
/// @notice Every custom error of the CrossMargin contracts, one section per contract. Each error
///         names what was wrong and carries the values that show it.
library ErrorsLib {
    // ---------------------------------------------------------------- CollateralRegistry

    // ---------------------------------------------------------------- OracleHub

    // ---------------------------------------------------------------- MarginGate

    // ---------------------------------------------------------------- CollateralVault and venues
}

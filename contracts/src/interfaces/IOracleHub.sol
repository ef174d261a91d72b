// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title IOracleHub
/// @notice Closed price rounds and the breaker. The part of the hub the gate reads.
/// @dev Prices are in the model's PRICE unit (10^-8 USD per token); a round's digest is the
///      circuit's oracle digest: the Poseidon(5) chain, kind 2, over
///      [roundId, assetPrices[0..A), underlyingPrices[0..U)] (docs/margin-model.md, "Hashes").
interface IOracleHub {
    /// @notice The id of the last closed round (0 before the first; ids start at 1).
    function latestRoundId() external view returns (uint64);

    /// @notice A closed round's digest and closing time. Reverts for an unknown round.
    function roundOf(uint64 roundId) external view returns (uint256 digest, uint64 timestamp);

    /// @notice What a proof over a round needs, in one call: its digest, its closing time, and
    ///         whether the hub is tripped now. Reverts for an unknown round.
    function roundForProof(uint64 roundId) external view returns (uint256 digest, uint64 timestamp, bool tripped);

    /// @notice A closed round's prices. Reverts for an unknown round.
    function pricesOf(uint64 roundId)
        external
        view
        returns (uint256[] memory assetPrices, uint256[] memory underlyingPrices);

    /// @notice Whether a breaker has tripped (no round closes until governance resets it).
    function tripped() external view returns (bool);

    /// @notice When the hub was last reset after a trip (0 if never).
    function resumedAt() external view returns (uint64);
}

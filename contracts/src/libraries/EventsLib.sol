// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title EventsLib
/// @notice Every event of the CrossMargin contracts, one section per contract. Every state
///         change emits one, with what an off-chain reader (relay, auditor) needs to follow it.
library EventsLib {
    // ---------------------------------------------------------------- CollateralRegistry

    // ---------------------------------------------------------------- OracleHub

    // ---------------------------------------------------------------- MarginGate

    /// @notice A proof was verified and recorded. Carries every public input and the proof, so
    ///         an auditor can re-verify from events alone.
    event ProofAccepted(
        address indexed account,
        uint64 indexed nonce,
        uint8 level,
        uint64 roundId,
        uint32 tau,
        uint48 expiry,
        uint256[] publicSignals,
        uint256[8] proof
    );
    /// @notice A venue's post-trade commitment was posted and covered by an initial-level proof.
    event InitialMarginGranted(address indexed venue, address indexed account, uint64 nonce, uint256 commitment);
    /// @notice The account's proof lapsed by prices: `feed` moved from `provedPrice` to `laterPrice`.
    event PriceLapseFlagged(
        address indexed account, uint64 provedRoundId, uint64 roundId, uint256 feed, uint256 provedPrice, uint256 laterPrice
    );
    /// @notice A liquidation started; its proof had lapsed at `lapsedAt`.
    event Liquidated(address indexed account, address indexed liquidator, uint64 id, uint256 lapsedAt);

    // ---------------------------------------------------------------- CollateralVault and venues

    event Deposited(address indexed account, address indexed token, uint256 amount);
    event Released(address indexed account, address indexed token, address indexed venue, address to, uint256 amount);
    /// @notice A venue was paid `loss` out of a liquidated account's collateral and the
    ///         liquidator `bonus`.
    event LiquidationSettled(
        address indexed account, address indexed token, address indexed venue, uint256 loss, address liquidator, uint256 bonus
    );
    /// @notice The perp venue granted leverage: its post-trade state is covered by a proof.
    event LeverageGranted(address indexed account, uint64 stateNonce, uint256 commitment);
}

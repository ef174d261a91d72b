// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title ErrorsLib
/// @notice Every custom error of the CrossMargin contracts, one section per contract. Each error
///         names what was wrong and carries the values that show it.
library ErrorsLib {
    // ---------------------------------------------------------------- CollateralRegistry

    // ---------------------------------------------------------------- OracleHub

    // ---------------------------------------------------------------- MarginGate

    /// @notice The verifier was generated for a circuit with `actual` public signals; the
    ///         registry's slot count asks for `expected` (5 + V).
    error VerifierMismatch(uint256 actual, uint256 expected);
    /// @notice A zero price band, liquidation window or rate limit.
    error InvalidGateConfig();
    /// @notice Levels are 0 (initial) and 1 (maintenance).
    error InvalidLevel(uint8 level);
    /// @notice No risk parameter set is active yet.
    error NoParameters();
    /// @notice The round closed at `closedAt`, too long before `now` for a proof to use it.
    error RoundTooOld(uint64 roundId, uint64 closedAt, uint256 now);
    /// @notice The oldest commitment the proof rests on is `age` seconds old; the proof's tau covers less.
    error TauTooSmall(uint32 tau, uint256 age);
    /// @notice The oracle hub has tripped: no leverage, proof or liquidation rests on its prices.
    error OracleTripped();
    /// @notice The proof does not verify against the statement the chain holds for the account.
    error ProofRejected(address account, uint64 nonce);
    /// @notice The batch's combined check failed: at least one of its `count` proofs is false.
    error BatchRejected(uint256 count);
    /// @notice The account's next proof nonce is `expected`.
    error StaleNonce(address account, uint64 nonce, uint64 expected);
    /// @notice Only an admitted venue may ask for initial margin.
    error NotAVenue(address caller);
    /// @notice The account has no live proof.
    error NoLiveProof(address account);
    /// @notice A price lapse needs a round after the proved one.
    error RoundNotAfterProof(uint64 roundId, uint64 provedRoundId);
    /// @notice No feed moved beyond the band between the two rounds.
    error PricesWithinBand(uint64 provedRoundId, uint64 roundId);
    /// @notice The account's proof lapsed at `lapsedAt` (0: it has no live proof); liquidation
    ///         needs the grace period after it, and an untripped, settled oracle.
    error NotLiquidatable(address account, uint256 lapsedAt, uint256 now);
    /// @notice This window's liquidations are spent; the next window opens at `nextWindow`.
    error LiquidationRateLimited(uint256 nextWindow);

    // ---------------------------------------------------------------- CollateralVault and venues

    /// @notice A zero amount or address where one is needed.
    error ZeroAmount();
    error ZeroAddress();
    /// @notice The account holds `available` of the token in the vault, less than `requested`.
    error InsufficientBalance(address account, address token, uint256 available, uint256 requested);
    /// @notice Collateral leaves the vault only against an initial-margin grant of the same
    ///         venue in the same block, once per grant.
    error NoGrant(address account, address venue);
    /// @notice The account is not in an open liquidation.
    error NotInLiquidation(address account);
    /// @notice Only the venue's operator may act for it.
    error NotOperator(address caller);
}

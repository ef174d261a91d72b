// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RiskParameters} from "../interfaces/ICollateralRegistry.sol";

/// @title EventsLib
/// @notice Every event of the CrossMargin contracts, one section per contract. Every state
///         change emits one, with what an off-chain reader (relay, auditor) needs to follow it.
library EventsLib {
    // ---------------------------------------------------------------- CollateralRegistry

    /// @notice Governance admitted a venue under `index`: a local venue (sourceChainId 0,
    ///         sourceRegistry 0) or a remote one.
    event VenueAdmitted(uint32 indexed index, address indexed venue, uint64 sourceChainId, address sourceRegistry);

    /// @notice Governance retired venue `index`: from now on it may only free slots.
    event VenueRetired(uint32 indexed index, address indexed venue);

    /// @notice A slot of `account` changed: `venue` (index `venueIndex`) posted `commitment`
    ///         (0: the slot is freed) with `stateNonce`, state time `timestamp` (the source's
    ///         for a mirrored post); `sequence` is the registry-wide post number (it strictly
    ///         increases, so a relay carries posts in order).
    event CommitmentPosted(
        address indexed account,
        address indexed venue,
        uint32 indexed venueIndex,
        uint256 slot,
        uint256 commitment,
        uint64 stateNonce,
        uint64 timestamp,
        uint64 sequence
    );

    /// @notice The post numbered `sequence` here mirrors post `sourceSequence` of the source registry.
    event CommitmentMirrored(uint64 indexed sourceChainId, address indexed sourceRegistry, uint64 sourceSequence, uint64 sequence);

    /// @notice Governance set relay committee number `version`: `threshold` of `members` sign.
    event CommitteeSet(uint256 indexed version, address[] members, uint256 threshold);

    /// @notice Governance proposed parameter set `id` with hash `parameterHash`; it may be
    ///         activated from `activatesAt` on. Replaces any pending set.
    event ParametersProposed(uint256 indexed id, uint256 parameterHash, uint64 activatesAt, RiskParameters parameters);

    /// @notice Parameter set `id` became active: parameterHash() now returns `parameterHash`.
    event ParametersActivated(uint256 indexed id, uint256 parameterHash);

    // ---------------------------------------------------------------- OracleHub

    /// @notice `reporter` reported `prices` (A asset prices then U underlying prices) at `timestamp`.
    event PricesReported(address indexed reporter, uint64 timestamp, uint256[] prices);

    /// @notice Round `roundId` closed with `prices` (asset then underlying medians) and the
    ///         circuit's oracle digest `digest`.
    event RoundClosed(uint64 indexed roundId, uint256 digest, uint64 timestamp, uint256[] prices);

    /// @notice A breaker tripped on feed `feed`. reason 1 (below min) and 2 (above max):
    ///         low/high = the feed's bounds; 3 (deviation): low/high = the lowest and highest
    ///         fresh report; 4 (jump): low = the previous round's price, high = the previous
    ///         round's timestamp. `median` is the value that tripped.
    event Tripped(uint256 indexed feed, uint8 indexed reason, uint256 median, uint256 low, uint256 high);

    /// @notice Governance reset the breaker at `resumedAt`; reports made before the trip are void.
    event HubReset(uint64 resumedAt);

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

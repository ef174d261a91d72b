// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title ErrorsLib
/// @notice Every custom error of the CrossMargin contracts, one section per contract. Each error
///         names what was wrong and carries the values that show it.
library ErrorsLib {
    // ---------------------------------------------------------------- CollateralRegistry

    /// @notice The configuration is outside what the registry supports: 1 <= V <= 64,
    ///         1 <= A <= 64, 1 <= U <= 16, 1 <= G <= 255 (the layout tag's 8-bit fields).
    error ConfigurationOutOfRange(uint256 venues, uint256 assets, uint256 underlyings, uint256 gridPoints);

    /// @notice An address that must be set is zero.
    error ZeroAddress();

    /// @notice The venue is already admitted, under `index`.
    error VenueAlreadyAdmitted(uint32 index);

    /// @notice `venue` is not an admitted local venue.
    error NotLocalVenue(address venue);

    /// @notice No venue has `index`.
    error UnknownVenueIndex(uint32 index);

    /// @notice The attested (chain, registry, venue) is not an admitted remote venue.
    error NotRemoteVenue(uint64 sourceChainId, address sourceRegistry, address venue);

    /// @notice Venue `index` is retired: it may only free its slots (post the commitment 0).
    error VenueIsRetired(uint32 index);

    /// @notice Venue `index` was already retired.
    error VenueAlreadyRetired(uint32 index);

    /// @notice A commitment must be a BN254 scalar field element: commitment < r.
    error CommitmentOutOfField(uint256 commitment);

    /// @notice State nonces strictly increase per (account, venue): stateNonce > lastNonce.
    error StaleStateNonce(address account, uint32 venueIndex, uint64 stateNonce, uint64 lastNonce);

    /// @notice Every one of the account's `slots` slots is held by another venue.
    error SlotsFull(address account, uint256 slots);

    /// @notice The venue posted the empty commitment but holds no slot of the account.
    error NoSlotToFree(address account, uint32 venueIndex);

    /// @notice A committee needs 1 <= threshold <= members and at most 255 members.
    error InvalidCommittee(uint256 members, uint256 threshold);

    /// @notice A committee member is zero or listed twice.
    error InvalidCommitteeMember(address member);

    /// @notice No relay committee is set.
    error NoCommittee();

    /// @notice An attestation needs `threshold` signatures; `given` came.
    error TooFewSignatures(uint256 given, uint256 threshold);

    /// @notice Signature number `index` is malformed (length, s in the upper half, bad v).
    error InvalidSignature(uint256 index);

    /// @notice Signers must come in strictly ascending address order (so none counts twice).
    error SignersNotAscending(uint256 index, address previous, address signer);

    /// @notice Signature number `index` recovers to `signer`, not a current committee member.
    error NotCommitteeMember(uint256 index, address signer);

    /// @notice Attested sequences strictly increase per source: sequence > lastSequence.
    error SequenceNotIncreasing(uint64 sourceChainId, address sourceRegistry, uint64 sequence, uint64 lastSequence);

    /// @notice An attested source timestamp lies in the future: sourceTimestamp > now.
    error FutureSourceTimestamp(uint64 sourceTimestamp, uint256 now_);

    /// @notice A parameter array has `length` entries where the configuration needs `expected`.
    error ParameterLength(string field, uint256 length, uint256 expected);

    /// @notice field[index] = value lies outside [min, max] (both inclusive).
    error ParameterOutOfBounds(string field, uint256 index, uint256 value, uint256 min, uint256 max);

    /// @notice rho[u][w] lies outside [-10^6, 10^6].
    error CorrelationOutOfBounds(uint256 u, uint256 w, int256 rho);

    /// @notice The correlation is not symmetric: rho[u][w] != rho[w][u].
    error CorrelationNotSymmetric(uint256 u, uint256 w, int256 rhoUW, int256 rhoWU);

    /// @notice rho[u][u] must be 10^6 in every slot (an unused underlying is padded with the
    ///         identity's row: docs/margin-model.md, "Empty slots").
    error CorrelationDiagonal(uint256 u, int256 rho);

    /// @notice No grid point is 10^6: the full published shock would never be applied.
    error GridWithoutFullShock();

    /// @notice The initial level (0) must be at least the maintenance level (1).
    error LevelsNotOrdered(string field, uint256 initial, uint256 maintenance);

    /// @notice No parameter set is pending.
    error NoPendingParameters();

    /// @notice The pending set activates at `activatesAt`, after now.
    error ParametersNotDue(uint64 activatesAt, uint256 now_);

    // ---------------------------------------------------------------- OracleHub

    /// @notice The hub supports 1 <= A <= 64 and 1 <= U <= 16 (the digest's layout tag).
    error FeedCountOutOfRange(uint256 assets, uint256 underlyings);

    /// @notice A configuration value is out of its range: `what` = value.
    error InvalidHubConfig(string what, uint256 value);

    /// @notice Feed `feed` needs minPrice <= maxPrice < 2^56.
    error InvalidPriceBounds(uint256 feed, uint256 minPrice, uint256 maxPrice);

    /// @notice A report or bounds list has `length` entries where A+U = `expected`.
    error FeedLength(uint256 length, uint256 expected);

    /// @notice A reported price must fit the model's bound: price < 2^56.
    error PriceTooLarge(uint256 feed, uint256 price);

    /// @notice A breaker has tripped: no round closes until governance resets the hub.
    error HubTripped();

    /// @notice The hub is not tripped: nothing to reset.
    error HubNotTripped();

    /// @notice A round needs `minReports` fresh reports (age <= heartbeat, made after the last
    ///         trip); `fresh` are.
    error NotEnoughReports(uint256 fresh, uint256 minReports);

    /// @notice No closed round has id `roundId` (ids 1 .. latest).
    error UnknownRound(uint64 roundId, uint64 latest);

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

    /// @notice A zero amount where one is needed.
    error ZeroAmount();
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

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title ICollateralRegistry
/// @notice The venues' commitments to each account's private state, in the account's venue
///         slots, and the published risk parameters. The part of the registry the gate reads.
/// @dev Slot order is the circuit's: the commitments of `commitmentsOf` are the public inputs
///      6 .. 5+V of a solvency proof (docs/margin-model.md, "Public inputs"). An empty slot holds
///      the commitment 0.
interface ICollateralRegistry {
    /// @notice V, the circuit's number of venue slots.
    function slotCount() external view returns (uint256);

    /// @notice The account's V commitments in slot order, the oldest state timestamp among its
    ///         non-empty slots (for a mirrored commitment, its source timestamp; 0 if all slots
    ///         are empty), and its epoch, which changes whenever any of its slots changes.
    function commitmentsOf(address account)
        external
        view
        returns (uint256[] memory commitments, uint64 oldestTimestamp, uint64 epoch);

    /// @notice What the gate needs for a proof, in one call: commitmentsOf(account) and the
    ///         active parameter hash.
    function proofInputsOf(address account)
        external
        view
        returns (uint256[] memory commitments, uint64 oldestTimestamp, uint64 epoch, uint256 parameterHash);

    /// @notice The account's epoch and the time of its last change (0 if never changed).
    function epochOf(address account) external view returns (uint64 epoch, uint64 changedAt);

    /// @notice The active risk parameter hash (the circuit's, docs/margin-model.md), 0 if none.
    function parameterHash() external view returns (uint256);

    /// @notice Whether `venue` is a local venue admitted by governance.
    function isVenue(address venue) external view returns (bool);

    /// @notice A commitment posted for `venue` by the gate, inside the venue's own call to the
    ///         gate (requireInitialMargin): the same rules as the venue's own post. Gate only.
    function postFor(address venue, address account, uint256 commitment, uint64 stateNonce) external;
}

/// @notice A risk parameter set as governance publishes it (docs/margin-model.md, "Bounds" and
///         "Risk parameter hash"), every array exactly the configuration's size: haircut and
///         debtWeight have A entries; shock, volMove and latencyVol have U; correlation is U rows
///         of U (signed, 10^-6); grid has G; levelMultiplier and levelFloor are indexed by level
///         (0 initial, 1 maintenance). Unused slots are filled as the model's "Empty slots" says.
struct RiskParameters {
    uint256[] haircut;
    uint256[] debtWeight;
    uint256[] shock;
    uint256[] volMove;
    uint256[] latencyVol;
    int256[][] correlation;
    uint256[] grid;
    uint256[2] levelMultiplier;
    uint256[2] levelFloor;
}

/// @notice A relay committee's statement that `venue` posted `commitment` for `account` with
///         `stateNonce` at `sourceTimestamp` in the registry `sourceRegistry` on chain
///         `sourceChainId`, as that registry's post number `sequence`. Signed as EIP-712 typed
///         data under the destination registry's domain ("CrossMargin CollateralRegistry", "1").
struct Attestation {
    uint64 sourceChainId;
    address sourceRegistry;
    address venue;
    address account;
    uint256 commitment;
    uint64 stateNonce;
    uint64 sourceTimestamp;
    uint64 sequence;
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title IMarginGate
/// @notice Verifies solvency proofs against the chain's own state and records each account's
///         health; venues ask it before granting leverage; anyone may liquidate an account whose
///         proof has lapsed once the grace period has passed.
interface IMarginGate {
    /// @notice The account's health: the next proof nonce, the last accepted proof's level
    ///         (0 initial, 1 maintenance), oracle round and registry epoch, and when it expires
    ///         (0: no live proof: never proved, or liquidated since).
    struct Health {
        uint64 nonce;
        uint64 roundId;
        uint64 epoch;
        uint48 expiry;
        uint8 level;
    }

    /// @notice One proof of a keeper's batch (submitProofs).
    struct Submission {
        address account;
        uint64 nonce;
        uint8 level;
        uint64 roundId;
        uint32 tau;
        uint256[8] proof;
    }

    function healthOf(address account) external view returns (Health memory);

    /// @notice The last initial-margin grant for the account: the venue that asked, the block, and
    ///         the proof nonce it consumed. The vault releases collateral only against a grant
    ///         of the same venue in the same block, once per nonce.
    function lastGrantOf(address account) external view returns (address venue, uint64 blockNumber, uint64 nonce);

    /// @notice Whether the account has been liquidated and not proved healthy since, and by whom.
    function liquidationOf(address account) external view returns (bool open, address liquidator, uint64 id);

    function submitProof(address account, uint64 nonce, uint8 level, uint64 roundId, uint32 tau, uint256[8] calldata proof)
        external
        returns (bool recorded);

    function submitProofs(Submission[] calldata submissions) external returns (uint256 recorded);

    function requireInitialMargin(
        address account,
        uint256 commitment,
        uint64 stateNonce,
        uint64 nonce,
        uint64 roundId,
        uint32 tau,
        uint256[8] calldata proof
    ) external;

    function liquidate(address account) external;
}

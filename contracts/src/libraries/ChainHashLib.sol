// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";

/// @title ChainHashLib
/// @notice The model's chain hash at arity 5 (docs/margin-model.md, "Hashes"), as the circuit
///         and the C# engine (MarginHashes.Chain) compute it:
///             acc_0 = tag;  acc_{i+1} = Poseidon(acc_i, e_{4i}, e_{4i+1}, e_{4i+2}, e_{4i+3}),
///         the last chunk padded with zeros, one circomlib Poseidon(5) (PoseidonT6, state width 6)
///         per chunk of 4 elements: ceil(N/4) hashes for N elements.
/// @dev Every element must already be a field element (< r): PoseidonT6 reduces nothing for us
///      to rely on. The layout tag is kind*2^40 + A*2^32 + U*2^24 + P*2^16 + G*2^8 + V.
library ChainHashLib {
    /// @notice Kind 2: the oracle round digest over [roundId, S_asset[0..A), S_under[0..U)].
    uint256 internal constant ORACLE_KIND = 2;
    /// @notice Kind 3: the risk parameter hash.
    uint256 internal constant PARAMETER_KIND = 3;

    /// @notice The layout tag kind*2^40 + A*2^32 + U*2^24 + G*2^8 (P = V = 0: these hashes do
    ///         not depend on them).
    function tag(uint256 kind, uint256 assets, uint256 underlyings, uint256 gridPoints)
        internal
        pure
        returns (uint256)
    {
        return (kind << 40) | (assets << 32) | (underlyings << 24) | (gridPoints << 8);
    }

    /// @notice The chain hash of `elements` (N >= 1) under `tag_`, arity 5.
    function chain(uint256 tag_, uint256[] memory elements) internal pure returns (uint256 acc) {
        acc = tag_;
        uint256 n = elements.length;
        uint256[5] memory input;
        for (uint256 start = 0; start < n; start += 4) {
            input[0] = acc;
            for (uint256 j = 0; j < 4; ++j) {
                uint256 k = start + j;
                input[j + 1] = k < n ? elements[k] : 0;
            }
            acc = PoseidonT6.hash(input);
        }
    }
}

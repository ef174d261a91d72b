// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RiskParameters} from "./interfaces/ICollateralRegistry.sol";
import {Bn254} from "./libraries/Bn254.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";

/// @title RiskParameterCheck
/// @notice The registry's check of a proposed risk parameter set, for one configuration (A, U, G):
///         stateless, created by CollateralRegistry's constructor.
contract RiskParameterCheck {
    uint256 internal constant ONE = 1e6;
    uint256 internal constant TWO_24 = 2 ** 24;
    uint256 internal constant TWO_64 = 2 ** 64;
    int256 internal constant RHO_ONE = 1e6;
    int256 internal constant RHO_MINUS_ONE = -1e6;

    /// @notice A: collateral assets.
    uint256 public immutable ASSETS;
    /// @notice U: underlyings.
    uint256 public immutable UNDERLYINGS;
    /// @notice G: shock grid points.
    uint256 public immutable GRID_POINTS;

    constructor(uint256 assets, uint256 underlyings, uint256 gridPoints) {
        ASSETS = assets;
        UNDERLYINGS = underlyings;
        GRID_POINTS = gridPoints;
    }

    /// @notice Checks `p` against the configuration, the model's bounds and the cheap rules of a
    ///         set (CollateralRegistry.proposeParameters states them) and returns its hash
    ///         elements as field elements, a negative rho as r - |rho|. Reverts with ErrorsLib's
    ///         errors naming the field, index and bounds.
    function validatedElements(RiskParameters calldata p) external view returns (uint256[] memory e) {
        uint256 nA = ASSETS;
        uint256 nU = UNDERLYINGS;
        uint256 nG = GRID_POINTS;
        _checkLength("haircut", p.haircut.length, nA);
        _checkLength("debtWeight", p.debtWeight.length, nA);
        _checkLength("shock", p.shock.length, nU);
        _checkLength("volMove", p.volMove.length, nU);
        _checkLength("latencyVol", p.latencyVol.length, nU);
        _checkLength("correlation", p.correlation.length, nU);
        _checkLength("grid", p.grid.length, nG);

        e = new uint256[](2 * nA + 3 * nU + nU * nU + nG + 4);
        uint256 k;
        for (uint256 i = 0; i < nA; ++i) {
            e[k++] = _checked("haircut", i, p.haircut[i], 0, ONE);
        }
        for (uint256 i = 0; i < nA; ++i) {
            e[k++] = _checked("debtWeight", i, p.debtWeight[i], ONE, TWO_24 - 1);
        }
        for (uint256 i = 0; i < nU; ++i) {
            e[k++] = _checked("shock", i, p.shock[i], 0, ONE);
        }
        for (uint256 i = 0; i < nU; ++i) {
            e[k++] = _checked("volMove", i, p.volMove[i], 0, TWO_24 - 1);
        }
        for (uint256 i = 0; i < nU; ++i) {
            e[k++] = _checked("latencyVol", i, p.latencyVol[i], 0, TWO_24 - 1);
        }
        for (uint256 u = 0; u < nU; ++u) {
            int256[] calldata row = p.correlation[u];
            _checkLength("correlation row", row.length, nU);
            for (uint256 w = 0; w < nU; ++w) {
                int256 rho = row[w];
                if (rho < RHO_MINUS_ONE || rho > RHO_ONE) revert ErrorsLib.CorrelationOutOfBounds(u, w, rho);
                if (w < u && p.correlation[w][u] != rho) {
                    revert ErrorsLib.CorrelationNotSymmetric(u, w, rho, p.correlation[w][u]);
                }
                // |rho| <= 10^6 here: the casts are exact. A negative rho enters as r - |rho|.
                // forge-lint: disable-next-line(unsafe-typecast)
                e[k++] = rho < 0 ? Bn254.R - uint256(-rho) : uint256(rho);
            }
            // Every slot: an unused underlying is the identity's row (the circuit demands 10^6).
            if (row[u] != RHO_ONE) revert ErrorsLib.CorrelationDiagonal(u, row[u]);
        }
        bool fullShock;
        for (uint256 i = 0; i < nG; ++i) {
            e[k++] = _checked("grid", i, p.grid[i], 0, ONE);
            if (p.grid[i] == ONE) fullShock = true;
        }
        if (!fullShock) revert ErrorsLib.GridWithoutFullShock();
        e[k++] = _checked("levelMultiplier", 0, p.levelMultiplier[0], ONE, TWO_24 - 1);
        e[k++] = _checked("levelMultiplier", 1, p.levelMultiplier[1], ONE, TWO_24 - 1);
        e[k++] = _checked("levelFloor", 0, p.levelFloor[0], 0, TWO_64 - 1);
        e[k++] = _checked("levelFloor", 1, p.levelFloor[1], 0, TWO_64 - 1);
        if (p.levelMultiplier[0] < p.levelMultiplier[1]) {
            revert ErrorsLib.LevelsNotOrdered("levelMultiplier", p.levelMultiplier[0], p.levelMultiplier[1]);
        }
        if (p.levelFloor[0] < p.levelFloor[1]) {
            revert ErrorsLib.LevelsNotOrdered("levelFloor", p.levelFloor[0], p.levelFloor[1]);
        }
    }

    function _checkLength(string memory field, uint256 length, uint256 expected) internal pure {
        if (length != expected) revert ErrorsLib.ParameterLength(field, length, expected);
    }

    /// @dev `value` if min <= value <= max (max < 2^255), else ParameterOutOfBounds.
    function _checked(string memory field, uint256 index, uint256 value, uint256 min, uint256 max)
        internal
        pure
        returns (uint256)
    {
        if (value < min || value > max) revert ErrorsLib.ParameterOutOfBounds(field, index, value, min, max);
        return value;
    }
}

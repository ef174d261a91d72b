// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {TestBase} from "../utils/Vm.sol";
import {OracleHub} from "../../src/OracleHub.sol";

/// @notice The hub every oracle test starts from: the small configuration's A = 2 assets and
///         U = 2 underlyings (4 feeds), three reporters, at least two fresh reports a round,
///         heartbeat 300 s, deviation 2%, jump 10% within an hour.
abstract contract OracleTestBase is TestBase {
    uint256 internal constant A = 2;
    uint256 internal constant U = 2;
    uint256 internal constant F = 4;
    uint64 internal constant HEARTBEAT = 300;
    uint256 internal constant MIN_REPORTS = 2;
    uint256 internal constant MAX_DEVIATION = 20_000; // 2%
    uint256 internal constant MAX_JUMP = 100_000; // 10%
    uint64 internal constant JUMP_WINDOW = 3600;
    uint256 internal constant T0 = 1_700_000_000;

    OracleHub internal hub;
    address internal governance = address(0x60FE);
    address internal stranger = address(0x57A2);
    address[] internal reporters;

    function setUp() public virtual {
        vm.warp(T0);
        hub = _deploy(A, U, MAX_DEVIATION, MAX_JUMP);
        reporters.push(address(0x1001));
        reporters.push(address(0x1002));
        reporters.push(address(0x1003));
        _grantReporters(hub);
    }

    function _config(uint256 a, uint256 u, uint256 maxDeviation, uint256 maxJump)
        internal
        pure
        returns (OracleHub.Config memory c)
    {
        c.heartbeat = HEARTBEAT;
        c.minReports = MIN_REPORTS;
        c.minPrice = new uint256[](a + u);
        c.maxPrice = new uint256[](a + u);
        for (uint256 f = 0; f < a + u; f++) {
            (c.minPrice[f], c.maxPrice[f]) = (1e6, 1e16); // $0.01 .. $10^8
        }
        c.maxDeviation = maxDeviation;
        c.maxJump = maxJump;
        c.jumpWindow = JUMP_WINDOW;
    }

    function _deploy(uint256 a, uint256 u, uint256 maxDeviation, uint256 maxJump) internal returns (OracleHub) {
        return new OracleHub(a, u, governance, _config(a, u, maxDeviation, maxJump));
    }

    function _grantReporters(OracleHub h) internal {
        vm.startPrank(governance);
        for (uint256 i = 0; i < reporters.length; i++) {
            h.grantRole(h.REPORTER_ROLE(), reporters[i]);
        }
        vm.stopPrank();
    }

    /// @notice The base prices: ETH $2000, USDC $1, BTC $65000, SOL $3000... as 10^-8 USD.
    function _base() internal pure returns (uint256[] memory p) {
        p = new uint256[](F);
        (p[0], p[1], p[2], p[3]) = (200_000_000_000, 100_000_000, 6_500_000_000_000, 300_000_000_000);
    }

    /// @notice `p` with feed `f` set to `x`.
    function _with(uint256[] memory p, uint256 f, uint256 x) internal pure returns (uint256[] memory q) {
        q = new uint256[](p.length);
        for (uint256 i = 0; i < p.length; i++) {
            q[i] = p[i];
        }
        q[f] = x;
    }

    function _report(address reporter, uint256[] memory prices) internal {
        vm.prank(reporter);
        hub.report(prices);
    }

    function _reportAll(uint256[] memory prices) internal {
        for (uint256 i = 0; i < reporters.length; i++) {
            _report(reporters[i], prices);
        }
    }
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {OracleTestBase} from "./OracleTestBase.sol";
import {OracleHub} from "../../src/OracleHub.sol";

/// @notice Gas of report and closeRound with three reporters, the hub's storage cold (vm.cool),
///         recorded in snapshots/OracleGasTest.json and held under a budget.
contract OracleGasTest is OracleTestBase {
    function _measure(string memory name, uint256 budget) internal {
        uint256 used = vm.snapshotGasLastCall(name);
        assertLe(used, budget, name);
    }

    function _prices(uint256 feeds, uint256 salt) internal pure returns (uint256[] memory p) {
        p = new uint256[](feeds);
        for (uint256 f = 0; f < feeds; f++) {
            p[f] = 100_000_000_000 + f * 1_000_000 + salt;
        }
    }

    function _run(uint256 a, uint256 u, string memory tag) internal {
        OracleHub h = _deploy(a, u, MAX_DEVIATION, MAX_JUMP);
        _grantReporters(h);
        for (uint256 i = 0; i < 3; i++) {
            vm.cool(address(h));
            vm.prank(reporters[i]);
            h.report(_prices(a + u, i));
        }
        _measure(string.concat("report: ", tag, ", replacing none"), 150_000);

        vm.cool(address(h));
        h.closeRound();
        _measure(string.concat("closeRound: ", tag, ", 3 reporters, first round"), 1_000_000);

        vm.warp(T0 + 60);
        for (uint256 i = 0; i < 3; i++) {
            vm.prank(reporters[i]);
            h.report(_prices(a + u, 10 + i));
        }
        vm.cool(address(h));
        h.closeRound();
        _measure(string.concat("closeRound: ", tag, ", 3 reporters, with jump check"), 1_000_000);
    }

    function test_Gas_A2_U2() public {
        _run(2, 2, "A=2, U=2");
    }

    function test_Gas_A8_U4() public {
        _run(8, 4, "A=8, U=4");
    }
}

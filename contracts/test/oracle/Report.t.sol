// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {OracleTestBase} from "./OracleTestBase.sol";
import {OracleHub} from "../../src/OracleHub.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice report: who reports, what a report holds.
contract ReportTest is OracleTestBase {
    function testFuzz_OnlyReportersReport(address who) public {
        vm.assume(who != reporters[0] && who != reporters[1] && who != reporters[2]);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, hub.REPORTER_ROLE())
        );
        vm.prank(who);
        hub.report(_base());
    }

    function test_ARevokedReporterNoLongerReports() public {
        vm.startPrank(governance);
        hub.revokeRole(hub.REPORTER_ROLE(), reporters[0]);
        vm.stopPrank();
        address[] memory left = hub.reporters();
        assertEq(left.length, 2, "two left");
        vm.expectRevert();
        _report(reporters[0], _base());
    }

    function test_AReportHoldsEveryFeed() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.FeedLength.selector, 3, F));
        _report(reporters[0], new uint256[](3));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.FeedLength.selector, 5, F));
        _report(reporters[0], new uint256[](5));
    }

    function testFuzz_PricesMustFit56Bits(uint256 feed, uint256 price) public {
        feed = bound(feed, 0, F - 1);
        price = bound(price, 2 ** 56, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.PriceTooLarge.selector, feed, price));
        _report(reporters[0], _with(_base(), feed, price));
        _report(reporters[0], _with(_base(), feed, 2 ** 56 - 1));
    }

    function testFuzz_TheLatestReportReplacesThePrevious(uint256[4] memory prices, uint32 dt) public {
        _report(reporters[1], _base());
        vm.warp(T0 + dt);
        uint256[] memory p = new uint256[](F);
        for (uint256 f = 0; f < F; f++) {
            p[f] = bound(prices[f], 0, 2 ** 56 - 1);
        }
        vm.expectEmit(true, true, true, true, address(hub));
        emit EventsLib.PricesReported(reporters[1], uint64(T0 + dt), p);
        _report(reporters[1], p);
        (uint64 t, uint64 gen, uint256[] memory back) = hub.reportOf(reporters[1]);
        assertEq(t, T0 + dt, "timestamp");
        assertEq(gen, 0, "generation");
        assertEq(abi.encode(back), abi.encode(p), "prices");
    }
}

/// @notice The constructor's configuration checks.
contract OracleHubConstructorTest is OracleTestBase {
    function test_RecordsTheConfiguration() public view {
        assertEq(hub.FEEDS(), F, "F");
        assertEq(hub.HEARTBEAT(), HEARTBEAT, "heartbeat");
        (uint256 lo, uint256 hi) = hub.boundsOf(3);
        assertEq(lo, 1e6, "min");
        assertEq(hi, 1e16, "max");
        assertEq(hub.latestRoundId(), 0, "no round");
        assertFalse(hub.tripped(), "not tripped");
        assertEq(hub.resumedAt(), 0, "never reset");
    }

    function test_RefusesBadConfigurations() public {
        OracleHub.Config memory c = _config(A, U, MAX_DEVIATION, MAX_JUMP);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.FeedCountOutOfRange.selector, 0, 2));
        new OracleHub(0, U, governance, c);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.FeedCountOutOfRange.selector, 2, 17));
        new OracleHub(A, 17, governance, c);
        vm.expectRevert(ErrorsLib.ZeroAddress.selector);
        new OracleHub(A, U, address(0), c);
        c.maxPrice[1] = 2 ** 56;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidPriceBounds.selector, 1, 1e6, 2 ** 56));
        new OracleHub(A, U, governance, c);
        c.maxPrice[1] = 1e6 - 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidPriceBounds.selector, 1, 1e6, 1e6 - 1));
        new OracleHub(A, U, governance, c);
        c = _config(A, U, MAX_DEVIATION, MAX_JUMP);
        c.minReports = 0;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidHubConfig.selector, "minReports", 0));
        new OracleHub(A, U, governance, c);
        c = _config(A, U, MAX_DEVIATION, MAX_JUMP);
        c.heartbeat = 0;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidHubConfig.selector, "heartbeat", 0));
        new OracleHub(A, U, governance, c);
        c = _config(A, U, 2 ** 64, MAX_JUMP);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidHubConfig.selector, "maxDeviation", 2 ** 64));
        new OracleHub(A, U, governance, c);
        c = _config(A, U, MAX_DEVIATION, MAX_JUMP);
        c.minPrice = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.FeedLength.selector, 3, F));
        new OracleHub(A, U, governance, c);
    }
}

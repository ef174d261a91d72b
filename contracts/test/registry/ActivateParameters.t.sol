// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RegistryTestBase} from "./RegistryTestBase.sol";
import {RiskParameters} from "../../src/interfaces/ICollateralRegistry.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice activateParameters: the timelock.
contract ActivateParametersTest is RegistryTestBase {
    function _propose(RiskParameters memory p) internal returns (uint256 id, uint256 h) {
        vm.prank(governance);
        return registry.proposeParameters(p);
    }

    function testFuzz_EarlyActivationIsRefused(uint256 wait) public {
        wait = bound(wait, 0, DELAY - 1);
        _propose(_parameters());
        vm.warp(T0 + wait);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParametersNotDue.selector, uint64(T0 + DELAY), T0 + wait));
        registry.activateParameters();
        assertEq(registry.parameterHash(), 0, "still none");
    }

    function testFuzz_AnyoneActivatesOnceDue(uint256 wait, address who) public {
        wait = bound(wait, DELAY, 10 * uint256(DELAY));
        (uint256 id, uint256 h) = _propose(_parameters());
        vm.warp(T0 + wait);
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.ParametersActivated(id, h);
        vm.prank(who);
        assertEq(registry.activateParameters(), id, "activated id");
        assertEq(registry.parameterHash(), h, "active hash");
        (uint256 aid, uint256 ah, RiskParameters memory p) = registry.activeParameters();
        assertEq(aid, id, "active id");
        assertEq(ah, h, "active hash in full view");
        assertEq(abi.encode(p), abi.encode(_parameters()), "active set in full");
        (uint256 pid,,,) = registry.pendingParameters();
        assertEq(pid, 0, "nothing pending");
    }

    function test_NothingPendingIsRefused() public {
        vm.expectRevert(ErrorsLib.NoPendingParameters.selector);
        registry.activateParameters();
        _propose(_parameters());
        vm.warp(T0 + DELAY);
        registry.activateParameters();
        vm.expectRevert(ErrorsLib.NoPendingParameters.selector);
        registry.activateParameters();
    }

    function test_TheActiveSetStaysUntilTheNextIsDue() public {
        (, uint256 first) = _propose(_parameters());
        vm.warp(T0 + DELAY);
        registry.activateParameters();
        RiskParameters memory p = _parameters();
        p.levelFloor = [uint256(7), 7];
        (, uint256 second) = _propose(p);
        assertEq(registry.parameterHash(), first, "the first stays active while the second waits");
        vm.warp(T0 + 2 * uint256(DELAY) - 1);
        vm.expectRevert();
        registry.activateParameters();
        vm.warp(T0 + 2 * uint256(DELAY));
        registry.activateParameters();
        assertEq(registry.parameterHash(), second, "the second is active");
        (,, RiskParameters memory active) = registry.activeParameters();
        assertEq(active.levelFloor[0], 7, "its set");
    }

    function test_BeforeAnyActivationTheViewsAreEmpty() public view {
        assertEq(registry.parameterHash(), 0, "hash 0");
        (uint256 id, uint256 h,) = registry.activeParameters();
        assertEq(id, 0, "id 0");
        assertEq(h, 0, "hash 0 in the full view");
    }
}

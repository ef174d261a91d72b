// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {RegistryTestBase} from "./RegistryTestBase.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice setCommittee.
contract SetCommitteeTest is RegistryTestBase {
    function _members(uint256 n) internal pure returns (address[] memory m) {
        m = new address[](n);
        for (uint256 i = 0; i < n; i++) {
            m[i] = address(uint160(0x1000 + i));
        }
    }

    function testFuzz_AnyThresholdFromOneToN(uint256 n, uint256 k) public {
        n = bound(n, 1, 20);
        k = bound(k, 1, n);
        address[] memory m = _members(n);
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.CommitteeSet(2, m, k);
        vm.prank(governance);
        registry.setCommittee(m, k);
        assertEq(registry.committeeThreshold(), k, "threshold");
        assertEq(registry.committeeVersion(), 2, "version");
        assertEq(registry.committee().length, n, "members");
    }

    function testFuzz_ThresholdZeroOrAboveNIsRefused(uint256 n, uint256 k) public {
        n = bound(n, 0, 20);
        k = bound(k, 0, 40);
        vm.assume(k == 0 || k > n);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidCommittee.selector, n, k));
        vm.prank(governance);
        registry.setCommittee(_members(n), k);
    }

    function test_DuplicateOrZeroMembersAreRefused() public {
        address[] memory m = _members(3);
        m[2] = m[0];
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidCommitteeMember.selector, m[0]));
        vm.prank(governance);
        registry.setCommittee(m, 2);
        m[2] = address(0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidCommitteeMember.selector, address(0)));
        vm.prank(governance);
        registry.setCommittee(m, 2);
    }

    function testFuzz_GovernanceOnly(address who) public {
        vm.assume(who != governance);
        address[] memory m = _members(1);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, bytes32(0))
        );
        vm.prank(who);
        registry.setCommittee(m, 1);
    }
}

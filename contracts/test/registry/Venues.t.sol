// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {RegistryTestBase} from "./RegistryTestBase.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice admitLocalVenue.
contract AdmitLocalVenueTest is RegistryTestBase {
    function test_IndicesCountFromOne() public {
        assertEq(iA, 1, "first index");
        assertEq(iRemote2, 6, "sixth index");
        assertEq(registry.venueCount(), 6, "count");
        address v = address(0x1234);
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.VenueAdmitted(7, v, 0, address(0));
        vm.prank(governance);
        assertEq(registry.admitLocalVenue(v), 7, "next index");
        assertTrue(registry.isVenue(v), "is venue");
        assertEq(registry.localVenueIndex(v), 7, "index");
        CollateralRegistry.Venue memory info = registry.venueOf(7);
        assertEq(info.venue, v, "venue");
        assertFalse(info.remote, "local");
    }

    function test_TwiceIsRefused() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueAlreadyAdmitted.selector, iA));
        vm.prank(governance);
        registry.admitLocalVenue(venueA);
    }

    function test_ZeroIsRefused() public {
        vm.expectRevert(ErrorsLib.ZeroAddress.selector);
        vm.prank(governance);
        registry.admitLocalVenue(address(0));
    }

    function testFuzz_GovernanceOnly(address who) public {
        vm.assume(who != governance);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, bytes32(0))
        );
        vm.prank(who);
        registry.admitLocalVenue(address(0x1234));
    }

    function test_StrangersAreNoVenues() public view {
        assertFalse(registry.isVenue(stranger), "stranger");
        assertFalse(registry.isVenue(remoteVenue), "remote venue is no local venue");
    }
}

/// @notice admitRemoteVenue.
contract AdmitRemoteVenueTest is RegistryTestBase {
    function test_KeyedByChainRegistryAndVenue() public {
        assertEq(registry.remoteVenueIndex(SOURCE_CHAIN, SOURCE_REGISTRY, remoteVenue), iRemote, "index");
        assertEq(registry.remoteVenueIndex(SOURCE_CHAIN + 1, SOURCE_REGISTRY, remoteVenue), 0, "other chain");
        vm.prank(governance);
        uint32 other = registry.admitRemoteVenue(SOURCE_CHAIN + 1, SOURCE_REGISTRY, remoteVenue);
        assertEq(other, 7, "same venue on another chain is another venue");
        CollateralRegistry.Venue memory info = registry.venueOf(other);
        assertTrue(info.remote, "remote");
        assertEq(info.sourceChainId, SOURCE_CHAIN + 1, "chain");
        assertEq(info.sourceRegistry, SOURCE_REGISTRY, "registry");
    }

    function test_TwiceIsRefused() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueAlreadyAdmitted.selector, iRemote));
        vm.prank(governance);
        registry.admitRemoteVenue(SOURCE_CHAIN, SOURCE_REGISTRY, remoteVenue);
    }

    function test_ZeroAddressesAreRefused() public {
        vm.startPrank(governance);
        vm.expectRevert(ErrorsLib.ZeroAddress.selector);
        registry.admitRemoteVenue(SOURCE_CHAIN, address(0), remoteVenue);
        vm.expectRevert(ErrorsLib.ZeroAddress.selector);
        registry.admitRemoteVenue(SOURCE_CHAIN, SOURCE_REGISTRY, address(0));
        vm.stopPrank();
    }

    function testFuzz_GovernanceOnly(address who) public {
        vm.assume(who != governance);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, bytes32(0))
        );
        vm.prank(who);
        registry.admitRemoteVenue(1, SOURCE_REGISTRY, address(0x1234));
    }
}

/// @notice retireVenue.
contract RetireVenueTest is RegistryTestBase {
    function test_RetiresOnce() public {
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.VenueRetired(iB, venueB);
        vm.prank(governance);
        registry.retireVenue(iB);
        assertTrue(registry.venueOf(iB).retired, "retired");
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueAlreadyRetired.selector, iB));
        vm.prank(governance);
        registry.retireVenue(iB);
    }

    function test_UnknownIndicesAreRefused() public {
        vm.startPrank(governance);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownVenueIndex.selector, 0));
        registry.retireVenue(0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownVenueIndex.selector, 7));
        registry.retireVenue(7);
        vm.stopPrank();
    }

    function testFuzz_GovernanceOnly(address who) public {
        vm.assume(who != governance);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, bytes32(0))
        );
        vm.prank(who);
        registry.retireVenue(iA);
    }
}

/// @notice The constructor's configuration checks.
contract RegistryConstructorTest is RegistryTestBase {
    function test_RecordsTheConfiguration() public view {
        assertEq(registry.slotCount(), V, "V");
        assertEq(registry.ASSETS(), A, "A");
        assertEq(registry.UNDERLYINGS(), U, "U");
        assertEq(registry.GRID_POINTS(), G, "G");
        assertEq(registry.PARAMETER_DELAY(), DELAY, "delay");
        assertEq(registry.parameterHash(), 0, "no parameters yet");
    }

    function test_RefusesSizesOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ConfigurationOutOfRange.selector, 0, 2, 2, 4));
        new CollateralRegistry(0, 2, 2, 4, governance, DELAY);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ConfigurationOutOfRange.selector, 65, 2, 2, 4));
        new CollateralRegistry(65, 2, 2, 4, governance, DELAY);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ConfigurationOutOfRange.selector, 2, 65, 2, 4));
        new CollateralRegistry(2, 65, 2, 4, governance, DELAY);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ConfigurationOutOfRange.selector, 2, 2, 17, 4));
        new CollateralRegistry(2, 2, 17, 4, governance, DELAY);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ConfigurationOutOfRange.selector, 2, 2, 2, 256));
        new CollateralRegistry(2, 2, 2, 256, governance, DELAY);
        vm.expectRevert(ErrorsLib.ZeroAddress.selector);
        new CollateralRegistry(2, 2, 2, 4, address(0), DELAY);
    }

    function test_SixtyFourSlotsAllTake() public {
        CollateralRegistry big = new CollateralRegistry(64, 2, 2, 4, governance, DELAY);
        vm.startPrank(governance);
        for (uint160 i = 1; i <= 65; i++) {
            big.admitLocalVenue(address(i * 0x10000));
        }
        vm.stopPrank();
        for (uint160 i = 1; i <= 64; i++) {
            vm.prank(address(i * 0x10000));
            big.postCommitment(account, i, 1);
        }
        (uint256[] memory c,,) = big.commitmentsOf(account);
        assertEq(c[63], 64, "slot 63");
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SlotsFull.selector, account, 64));
        vm.prank(address(uint160(65 * 0x10000)));
        big.postCommitment(account, 65, 1);
    }
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {RegistryTestBase} from "./RegistryTestBase.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";

/// @notice postFor: the gate posts for a local venue under the venue's own rules.
contract PostForTest is RegistryTestBase {
    function _postFor(address venue, address who, uint256 commitment, uint64 nonce) internal {
        vm.prank(gate);
        registry.postFor(venue, who, commitment, nonce);
    }

    function test_TheGatePostsIntoTheVenuesSlot() public {
        _post(venueA, account, 11, 1);
        _postFor(venueB, account, 22, 1);
        _postFor(venueA, account, 33, 2);
        assertEq(_slotVenue(account, 1), iB, "B's slot");
        assertEq(_commitments(account)[0], 33, "A's slot updated by the gate");
        (uint64 epoch,) = registry.epochOf(account);
        assertEq(epoch, 3, "epoch");
    }

    function testFuzz_OnlyTheGateMayPostFor(address who) public {
        vm.assume(who != gate);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, registry.GATE_ROLE())
        );
        vm.prank(who);
        registry.postFor(venueA, account, 11, 1);
    }

    function test_TheVenueMustBeAnAdmittedLocalVenue() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLocalVenue.selector, stranger));
        _postFor(stranger, account, 11, 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLocalVenue.selector, remoteVenue));
        _postFor(remoteVenue, account, 11, 1);
    }

    function test_NonceFieldAndRetirementRulesHold() public {
        _postFor(venueA, account, 11, 4);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleStateNonce.selector, account, iA, 4, 4));
        _postFor(venueA, account, 12, 4);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CommitmentOutOfField.selector, R));
        _postFor(venueA, account, R, 5);
        vm.prank(governance);
        registry.retireVenue(iA);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueIsRetired.selector, iA));
        _postFor(venueA, account, 12, 5);
        _postFor(venueA, account, 0, 5);
    }
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RegistryTestBase} from "./RegistryTestBase.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice postCommitment: slot taking and freeing, nonces, who may write, the field bound, and
///         the epoch / changedAt / sequence bookkeeping.
contract PostCommitmentTest is RegistryTestBase {
    // ---------------------------------------------------------------- slots

    function test_VenuesTakeTheLowestFreeSlotInOrderOfFirstPost() public {
        _post(venueB, account, 11, 1);
        _post(venueA, account, 22, 1);
        _post(venueC, account, 33, 1);
        assertEq(_slotVenue(account, 0), iB, "slot 0");
        assertEq(_slotVenue(account, 1), iA, "slot 1");
        assertEq(_slotVenue(account, 2), iC, "slot 2");
        uint256[] memory c = _commitments(account);
        assertEq(c.length, V, "length");
        assertEq(c[0], 11, "c0");
        assertEq(c[1], 22, "c1");
        assertEq(c[2], 33, "c2");
    }

    function test_AnUpdateKeepsTheVenuesSlot() public {
        _post(venueA, account, 11, 1);
        _post(venueB, account, 22, 1);
        _post(venueA, account, 33, 2);
        assertEq(_slotVenue(account, 0), iA, "slot 0 still venue A");
        assertEq(_commitments(account)[0], 33, "updated in place");
        assertEq(_commitments(account)[1], 22, "slot 1 untouched");
    }

    function test_FreeingThenTheNextNewVenueTakesTheLowestFreedSlot() public {
        _post(venueA, account, 11, 1);
        _post(venueB, account, 22, 1);
        _post(venueC, account, 33, 1);
        _post(venueA, account, 0, 2); // frees slot 0
        _post(venueB, account, 0, 2); // frees slot 1
        assertEq(_commitments(account)[0], 0, "slot 0 empty");
        CollateralRegistry.Slot memory s = registry.slotOf(account, 0);
        assertEq(s.venueIndex, 0, "slot 0 free");
        assertEq(s.stateNonce, 0, "slot 0 cleared");
        _post(venueD, account, 44, 1);
        assertEq(_slotVenue(account, 0), iD, "D takes slot 0, the lowest free");
        _post(venueA, account, 55, 3);
        assertEq(_slotVenue(account, 1), iA, "A comes back into slot 1");
    }

    function test_AFullAccountRefusesANewVenueButNotAnUpdate() public {
        _post(venueA, account, 11, 1);
        _post(venueB, account, 22, 1);
        _post(venueC, account, 33, 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SlotsFull.selector, account, V));
        _post(venueD, account, 44, 1);
        _post(venueC, account, 34, 2);
    }

    function test_FreeingWithoutASlotIsRefused() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NoSlotToFree.selector, account, iA));
        _post(venueA, account, 0, 1);
    }

    function test_AccountsHaveTheirOwnSlots() public {
        address other = address(0x0707);
        _post(venueA, account, 11, 1);
        _post(venueB, other, 22, 1);
        assertEq(_slotVenue(other, 0), iB, "other's slot 0 is B's");
        assertEq(_slotVenue(account, 0), iA, "account's slot 0 is A's");
    }

    // ---------------------------------------------------------------- nonces

    function testFuzz_NoncesStrictlyIncrease(uint64 first, uint64 second) public {
        first = uint64(bound(first, 1, type(uint64).max));
        _post(venueA, account, 11, first);
        if (second <= first) {
            vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleStateNonce.selector, account, iA, second, first));
            _post(venueA, account, 12, second);
        } else {
            _post(venueA, account, 12, second);
            (bool holds, uint256 slot, uint64 last) = registry.standingOf(account, iA);
            assertTrue(holds, "holds");
            assertEq(slot, 0, "slot");
            assertEq(last, second, "last nonce");
        }
    }

    function testFuzz_NoncesStrictlyIncreaseAcrossFreeingAndRetaking(uint64 taken, uint64 freed, uint64 retaken)
        public
    {
        taken = uint64(bound(taken, 1, type(uint64).max - 1));
        freed = uint64(bound(freed, taken + 1, type(uint64).max));
        _post(venueA, account, 11, taken);
        _post(venueA, account, 0, freed);
        (bool holds,, uint64 last) = registry.standingOf(account, iA);
        assertFalse(holds, "freed");
        assertEq(last, freed, "the freeing nonce is remembered");
        if (retaken <= freed) {
            vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleStateNonce.selector, account, iA, retaken, freed));
            _post(venueA, account, 12, retaken);
        } else {
            _post(venueA, account, 12, retaken);
        }
    }

    function test_NonceZeroIsNeverAccepted() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleStateNonce.selector, account, iA, 0, 0));
        _post(venueA, account, 11, 0);
    }

    function test_NoncesArePerVenueAndAccount() public {
        _post(venueA, account, 11, 5);
        _post(venueB, account, 22, 1);
        _post(venueA, address(0x0707), 33, 1);
    }

    // ---------------------------------------------------------------- writers

    function testFuzz_OnlyAdmittedLocalVenuesPost(address who) public {
        vm.assume(who != venueA && who != venueB && who != venueC && who != venueD);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLocalVenue.selector, who));
        _post(who, account, 11, 1);
    }

    function test_ARemoteVenueCannotPostLocally() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLocalVenue.selector, remoteVenue));
        _post(remoteVenue, account, 11, 1);
    }

    function test_ARetiredVenueMayOnlyFree() public {
        _post(venueA, account, 11, 1);
        vm.prank(governance);
        registry.retireVenue(iA);
        assertFalse(registry.isVenue(venueA), "retired is no venue");
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueIsRetired.selector, iA));
        _post(venueA, account, 12, 2);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueIsRetired.selector, iA));
        _post(venueA, address(0x0707), 12, 1);
        _post(venueA, account, 0, 2);
        assertEq(_slotVenue(account, 0), 0, "freed");
    }

    // ---------------------------------------------------------------- field bound

    function testFuzz_CommitmentsAtOrAboveRAreRefused(uint256 commitment) public {
        commitment = bound(commitment, R, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CommitmentOutOfField.selector, commitment));
        _post(venueA, account, commitment, 1);
    }

    function test_RMinusOneIsAccepted() public {
        _post(venueA, account, R - 1, 1);
        assertEq(_commitments(account)[0], R - 1, "r - 1");
    }

    // ---------------------------------------------------------------- epoch, changedAt, sequence

    function testFuzz_EveryChangeBumpsEpochChangedAtAndSequence(uint32 dt1, uint32 dt2) public {
        (uint64 epoch, uint64 changedAt) = registry.epochOf(account);
        assertEq(epoch, 0, "epoch before");
        assertEq(changedAt, 0, "changedAt before");
        assertEq(registry.sequence(), 0, "sequence before");

        vm.warp(T0 + dt1);
        assertEq(_post(venueA, account, 11, 1), 1, "first sequence");
        (epoch, changedAt) = registry.epochOf(account);
        assertEq(epoch, 1, "epoch after take");
        assertEq(changedAt, T0 + dt1, "changedAt after take");

        vm.warp(T0 + uint256(dt1) + dt2);
        assertEq(_post(venueB, address(0x0707), 22, 1), 2, "sequence is registry-wide");
        (epoch,) = registry.epochOf(account);
        assertEq(epoch, 1, "another account's change leaves the epoch");

        assertEq(_post(venueA, account, 0, 2), 3, "third sequence");
        (epoch, changedAt) = registry.epochOf(account);
        assertEq(epoch, 2, "epoch after free");
        assertEq(changedAt, T0 + uint256(dt1) + dt2, "changedAt after free");
        (,, uint64 epochFromCommitments) = registry.commitmentsOf(account);
        assertEq(epochFromCommitments, 2, "commitmentsOf's epoch");
    }

    function test_ARefusedPostChangesNothing() public {
        _post(venueA, account, 11, 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleStateNonce.selector, account, iA, 1, 1));
        _post(venueA, account, 12, 1);
        (uint64 epoch,) = registry.epochOf(account);
        assertEq(epoch, 1, "epoch");
        assertEq(registry.sequence(), 1, "sequence");
    }

    function test_EmitsCommitmentPostedWithSlotNonceTimeAndSequence() public {
        _post(venueB, account, 22, 1);
        vm.warp(T0 + 7);
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.CommitmentPosted(account, venueA, iA, 1, 11, 9, uint64(T0 + 7), 2);
        _post(venueA, account, 11, 9);
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.CommitmentPosted(account, venueA, iA, 1, 0, 10, uint64(T0 + 7), 3);
        _post(venueA, account, 0, 10);
    }

    function test_SlotRecordsNonceAndTimestampPacked() public {
        vm.warp(T0 + 99);
        _post(venueC, account, 77, 42);
        CollateralRegistry.Slot memory s = registry.slotOf(account, 0);
        assertEq(s.venueIndex, iC, "venue");
        assertEq(s.commitment, 77, "commitment");
        assertEq(s.stateNonce, 42, "nonce");
        assertEq(s.timestamp, T0 + 99, "timestamp");
    }
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RegistryTestBase} from "./RegistryTestBase.sol";

/// @notice commitmentsOf: slot order, the oldest state time, the epoch.
contract CommitmentsOfTest is RegistryTestBase {
    function test_AnEmptyAccountHasZeroSlotsTimeAndEpoch() public view {
        (uint256[] memory c, uint64 oldest, uint64 epoch) = registry.commitmentsOf(account);
        assertEq(c.length, V, "V entries");
        for (uint256 i = 0; i < V; i++) {
            assertEq(c[i], 0, "empty");
        }
        assertEq(oldest, 0, "no timestamp");
        assertEq(epoch, 0, "epoch 0");
    }

    function testFuzz_OldestIsTheMinimumOverNonEmptySlots(uint32 d1, uint32 d2, uint32 sourceAge) public {
        d1 = uint32(bound(d1, 1, 1e6));
        d2 = uint32(bound(d2, 1, 1e6));
        sourceAge = uint32(bound(sourceAge, 0, 1e6));
        _post(venueA, account, 11, 1); // at T0
        vm.warp(T0 + d1);
        _post(venueB, account, 22, 1); // at T0 + d1
        uint256 now_ = T0 + uint256(d1) + d2;
        vm.warp(now_);
        _mirror(_attestation(remoteVenue, account, 33, 1, uint64(now_ - sourceAge), 1));
        uint256 expected = now_ - sourceAge < T0 ? now_ - sourceAge : T0;
        (, uint64 oldest,) = registry.commitmentsOf(account);
        assertEq(oldest, expected, "oldest of three");

        // Freeing the oldest slot drops it from the minimum; an empty slot never counts.
        _post(venueA, account, 0, 2);
        uint256 remaining = now_ - sourceAge < T0 + d1 ? now_ - sourceAge : T0 + d1;
        (uint256[] memory c, uint64 oldestAfter, uint64 epoch) = registry.commitmentsOf(account);
        assertEq(oldestAfter, remaining, "oldest of the remaining two");
        assertEq(c[0], 0, "slot 0 empty");
        assertEq(c[1], 22, "slot 1");
        assertEq(c[2], 33, "slot 2");
        assertEq(epoch, 4, "epoch");
    }

    function test_AnUpdateRefreshesItsSlotsTime() public {
        _post(venueA, account, 11, 1);
        vm.warp(T0 + 50);
        _post(venueB, account, 22, 1);
        vm.warp(T0 + 80);
        _post(venueA, account, 12, 2);
        (, uint64 oldest,) = registry.commitmentsOf(account);
        assertEq(oldest, T0 + 50, "A's refreshed time no longer the oldest");
    }
}

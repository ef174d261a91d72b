// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RegistryTestBase} from "./RegistryTestBase.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {Attestation} from "../../src/interfaces/ICollateralRegistry.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice mirrorCommitment: k-of-n EIP-712 attestations of a remote venue's post.
contract MirrorCommitmentTest is RegistryTestBase {
    function test_TheDigestIsEip712UnderThisRegistrysDomain() public view {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0 - 60), 1);
        assertEq(registry.attestationDigest(a), _digest(a, block.chainid, address(registry)), "digest");
    }

    function testFuzz_TwoOfThreeMembersMirrorAPost(uint256 first, uint256 second, uint32 age, uint256 commitment)
        public
    {
        first = bound(first, 0, 2);
        second = bound(second, 0, 1);
        if (second >= first) second++;
        age = uint32(bound(age, 0, 1 days));
        commitment = bound(commitment, 1, R - 1);
        uint256[] memory which = new uint256[](2);
        which[0] = first;
        which[1] = second;
        Attestation memory a = _attestation(remoteVenue, account, commitment, 3, uint64(T0 - age), 10);

        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.CommitmentPosted(account, remoteVenue, iRemote, 0, commitment, 3, uint64(T0 - age), 1);
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.CommitmentMirrored(SOURCE_CHAIN, SOURCE_REGISTRY, 10, 1);
        registry.mirrorCommitment(a, _signByMembers(a, which));

        (uint256[] memory c, uint64 oldest, uint64 epoch) = registry.commitmentsOf(account);
        assertEq(c[0], commitment, "mirrored commitment");
        assertEq(oldest, T0 - age, "the slot's time is the source's");
        assertEq(epoch, 1, "epoch");
        assertEq(registry.lastSourceSequence(SOURCE_CHAIN, SOURCE_REGISTRY), 10, "source sequence");
    }

    function test_AllThreeSignaturesAlsoDo() public {
        uint256[] memory which = new uint256[](3);
        (which[0], which[1], which[2]) = (0, 1, 2);
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        registry.mirrorCommitment(a, _signByMembers(a, which));
    }

    function test_OneSignatureIsTooFew() public {
        uint256[] memory which = new uint256[](1);
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, which);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.TooFewSignatures.selector, 1, 2));
        registry.mirrorCommitment(a, sigs);
    }

    function test_TheSameSignerTwiceIsRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        uint256[] memory which = new uint256[](1);
        bytes[] memory one = _signByMembers(a, which);
        bytes[] memory sigs = new bytes[](2);
        (sigs[0], sigs[1]) = (one[0], one[0]);
        address signer = vm.addr(memberKeys[0]);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.SignersNotAscending.selector, 1, signer, signer));
        registry.mirrorCommitment(a, sigs);
    }

    function test_DescendingSignersAreRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        (sigs[0], sigs[1]) = (sigs[1], sigs[0]);
        vm.expectRevert();
        registry.mirrorCommitment(a, sigs);
        // The ascending order goes through.
        (sigs[0], sigs[1]) = (sigs[1], sigs[0]);
        registry.mirrorCommitment(a, sigs);
    }

    function test_ANonMembersSignatureIsRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        uint256[] memory keys = new uint256[](2);
        (keys[0], keys[1]) = (memberKeys[0], OUTSIDER_KEY);
        bytes[] memory sigs = _signSorted(_digest(a, block.chainid, address(registry)), keys);
        address outsider = vm.addr(OUTSIDER_KEY);
        uint256 position = outsider < vm.addr(memberKeys[0]) ? 0 : 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotCommitteeMember.selector, position, outsider));
        registry.mirrorCommitment(a, sigs);
    }

    function test_AMalformedSignatureIsRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        sigs[1] = hex"1234";
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidSignature.selector, 1));
        registry.mirrorCommitment(a, sigs);
    }

    function testFuzz_SignaturesForAnotherDomainAreRefused(uint64 otherChain, address otherRegistry) public {
        vm.assume(otherChain != block.chainid && otherRegistry != address(registry));
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        uint256[] memory keys = new uint256[](2);
        (keys[0], keys[1]) = (memberKeys[0], memberKeys[1]);
        bytes[] memory wrongChain = _signSorted(_digest(a, otherChain, address(registry)), keys);
        vm.expectRevert();
        registry.mirrorCommitment(a, wrongChain);
        bytes[] memory wrongRegistry = _signSorted(_digest(a, block.chainid, otherRegistry), keys);
        vm.expectRevert();
        registry.mirrorCommitment(a, wrongRegistry);
    }

    function test_TheSameSignaturesOnAnotherChainAreRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        vm.chainId(block.chainid + 1);
        vm.expectRevert();
        registry.mirrorCommitment(a, sigs);
    }

    function test_AnAlteredAttestationIsRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        a.commitment = 12;
        vm.expectRevert();
        registry.mirrorCommitment(a, sigs);
    }

    function test_AReplayIsRefused() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 5);
        bytes[] memory sigs = _signByMembers(a, _two());
        registry.mirrorCommitment(a, sigs);
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.SequenceNotIncreasing.selector, SOURCE_CHAIN, SOURCE_REGISTRY, 5, 5)
        );
        registry.mirrorCommitment(a, sigs);
    }

    function test_AReorderedSequenceIsRefusedEvenForAnotherVenueOfTheSource() public {
        Attestation memory later = _attestation(remoteVenue, account, 11, 1, uint64(T0), 8);
        Attestation memory earlier = _attestation(remoteVenue2, account, 22, 1, uint64(T0), 7);
        bytes[] memory earlierSigs = _signByMembers(earlier, _two());
        _mirror(later);
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.SequenceNotIncreasing.selector, SOURCE_CHAIN, SOURCE_REGISTRY, 7, 8)
        );
        registry.mirrorCommitment(earlier, earlierSigs);
        // Gaps are fine: sequence numbers of the source's other posts need not come here.
        _mirror(_attestation(remoteVenue2, account, 22, 1, uint64(T0), 20));
    }

    function test_SequencesArePerSource() public {
        vm.prank(governance);
        uint32 other = registry.admitRemoteVenue(SOURCE_CHAIN + 1, SOURCE_REGISTRY, remoteVenue);
        _mirror(_attestation(remoteVenue, account, 11, 1, uint64(T0), 9));
        Attestation memory a =
            Attestation(SOURCE_CHAIN + 1, SOURCE_REGISTRY, remoteVenue, account, 22, 1, uint64(T0), 1);
        _mirror(a);
        assertEq(_slotVenue(account, 1), other, "the other chain's venue takes slot 1");
    }

    function test_AnUnadmittedRemoteVenueIsRefused() public {
        Attestation memory a = _attestation(venueA, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.NotRemoteVenue.selector, SOURCE_CHAIN, SOURCE_REGISTRY, venueA)
        );
        registry.mirrorCommitment(a, sigs);
        a = Attestation(SOURCE_CHAIN, address(0xDEAD), remoteVenue, account, 11, 1, uint64(T0), 1);
        sigs = _signByMembers(a, _two());
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.NotRemoteVenue.selector, SOURCE_CHAIN, address(0xDEAD), remoteVenue)
        );
        registry.mirrorCommitment(a, sigs);
    }

    function testFuzz_AFutureSourceTimestampIsRefused(uint64 ahead) public {
        ahead = uint64(bound(ahead, 1, type(uint64).max - T0));
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0) + ahead, 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.FutureSourceTimestamp.selector, uint64(T0) + ahead, T0));
        registry.mirrorCommitment(a, sigs);
    }

    function test_SlotRulesHoldForMirroredPosts() public {
        _mirror(_attestation(remoteVenue, account, 11, 4, uint64(T0), 1));
        Attestation memory stale = _attestation(remoteVenue, account, 12, 4, uint64(T0), 2);
        bytes[] memory sigs = _signByMembers(stale, _two());
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleStateNonce.selector, account, iRemote, 4, 4));
        registry.mirrorCommitment(stale, sigs);
        Attestation memory big = _attestation(remoteVenue, account, R, 5, uint64(T0), 2);
        sigs = _signByMembers(big, _two());
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CommitmentOutOfField.selector, R));
        registry.mirrorCommitment(big, sigs);
        // Local and remote venues share the account's slots.
        _post(venueA, account, 33, 1);
        assertEq(_slotVenue(account, 1), iA, "local venue in slot 1");
        _mirror(_attestation(remoteVenue, account, 0, 5, uint64(T0), 3));
        assertEq(_slotVenue(account, 0), 0, "freed by a mirrored 0");
    }

    function test_ARetiredRemoteVenueMayOnlyFree() public {
        _mirror(_attestation(remoteVenue, account, 11, 1, uint64(T0), 1));
        vm.prank(governance);
        registry.retireVenue(iRemote);
        Attestation memory a = _attestation(remoteVenue, account, 12, 2, uint64(T0), 2);
        bytes[] memory sigs = _signByMembers(a, _two());
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.VenueIsRetired.selector, iRemote));
        registry.mirrorCommitment(a, sigs);
        _mirror(_attestation(remoteVenue, account, 0, 2, uint64(T0), 2));
    }

    function test_ARefusedMirrorLeavesTheSourceSequence() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 3);
        uint256[] memory which = new uint256[](1);
        bytes[] memory sigs = _signByMembers(a, which);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.TooFewSignatures.selector, 1, 2));
        registry.mirrorCommitment(a, sigs);
        assertEq(registry.lastSourceSequence(SOURCE_CHAIN, SOURCE_REGISTRY), 0, "unchanged");
        _mirror(a);
    }

    function test_AReplacedCommitteesSignaturesNoLongerCount() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        address[] memory members = new address[](1);
        members[0] = vm.addr(OUTSIDER_KEY);
        vm.prank(governance);
        registry.setCommittee(members, 1);
        vm.expectRevert();
        registry.mirrorCommitment(a, sigs);
        uint256[] memory keys = new uint256[](1);
        keys[0] = OUTSIDER_KEY;
        registry.mirrorCommitment(a, _signSorted(_digest(a, block.chainid, address(registry)), keys));
    }

    function test_WithoutACommitteeNothingIsMirrored() public {
        CollateralRegistry fresh = new CollateralRegistry(V, A, U, G, governance, DELAY);
        vm.prank(governance);
        fresh.admitRemoteVenue(SOURCE_CHAIN, SOURCE_REGISTRY, remoteVenue);
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = new bytes[](0);
        vm.expectRevert(ErrorsLib.NoCommittee.selector);
        fresh.mirrorCommitment(a, sigs);
    }
}

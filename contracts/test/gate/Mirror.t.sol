// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";
import {CommitteeSignatures} from "../utils/CommitteeSignatures.sol";
import {Attestation} from "../../src/interfaces/ICollateralRegistry.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";

/// @notice A venue on another chain: its commitment enters the mirror with the relay committee's
///         signatures, ages from its source timestamp, and Carol's proof (tau covering the relay
///         delay) rests on it together with her local perp state.
contract MirrorTest is GateBase {
    uint64 internal constant SOURCE_CHAIN = 10;
    address internal constant SOURCE_REGISTRY = address(0x5eC0);
    address internal constant REMOTE_LENDING = address(0x1e0d);
    uint256[3] internal keys = [uint256(0xA11CE), 0xB0B, 0xCA401];

    function setUp() public override {
        super.setUp();
        address[] memory members = new address[](3);
        for (uint256 i = 0; i < 3; i++) {
            members[i] = vm.addr(keys[i]);
        }
        vm.startPrank(governance);
        registry.admitRemoteVenue(SOURCE_CHAIN, SOURCE_REGISTRY, REMOTE_LENDING);
        registry.setCommittee(members, 2);
        vm.stopPrank();
    }

    function _mirror(string memory json, uint64 sourceTimestamp) internal {
        Attestation memory a = Attestation({
            sourceChainId: SOURCE_CHAIN,
            sourceRegistry: SOURCE_REGISTRY,
            venue: REMOTE_LENDING,
            account: accountOf(json),
            commitment: commitmentOf(json, 0),
            stateNonce: stateNonceOf(json, 0),
            sourceTimestamp: sourceTimestamp,
            sequence: 1
        });
        // Two of the three members.
        uint256[] memory signers = new uint256[](2);
        (signers[0], signers[1]) = (keys[0], keys[1]);
        bytes[] memory signatures = CommitteeSignatures.signSorted(registry.attestationDigest(a), signers);
        registry.mirrorCommitment(a, signatures);
    }

    function test_AProofOverAMirroredCommitment_IsAcceptedWhenTauCoversTheRelayDelay() public {
        string memory json = fixture("carol-mirrored");
        uint64 sourceTimestamp = uint64(block.timestamp - 20 minutes);
        _mirror(json, sourceTimestamp);
        vm.prank(operator);
        perp.post(accountOf(json), commitmentOf(json, 1), stateNonceOf(json, 1));
        closeRound(json);
        (, uint64 oldest,) = registry.commitmentsOf(accountOf(json));
        assertEq(oldest, sourceTimestamp, "the mirrored state ages from its source timestamp");
        assertTrue(submit(json), "recorded");
    }

    function test_ARelayDelayBeyondTau_IsRefused() public {
        string memory json = fixture("carol-mirrored");
        uint64 sourceTimestamp = uint64(block.timestamp - tauOf(json) - 1);
        _mirror(json, sourceTimestamp);
        vm.prank(operator);
        perp.post(accountOf(json), commitmentOf(json, 1), stateNonceOf(json, 1));
        closeRound(json);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.TauTooSmall.selector, tauOf(json), uint256(tauOf(json)) + 1));
        submit(json);
    }
}

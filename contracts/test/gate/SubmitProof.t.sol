// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";
import {Vm} from "../utils/Vm.sol";
import {MarginGate} from "../../src/MarginGate.sol";
import {IMarginGate} from "../../src/interfaces/IMarginGate.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";

/// @notice submitProof: a real proof of Alice's solvency is accepted only for the statement the
///         chain holds (her commitments, the round, the parameters, this gate, this chain, her
///         nonce), once, and nobody can make her own submission fail by submitting it first.
contract SubmitProofTest is GateBase {
    function test_AValidProof_IsRecordedWithItsRoundLevelAndEpoch() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.warp(block.timestamp + 60);
        address alice = accountOf(json);

        // The statement the gate rebuilds from chain state is the one the C# engine proved.
        (uint256[] memory signals,) = gate.statementOf(alice, 0, 1, 1, tauOf(json));
        uint256[] memory proved = vm.parseJsonUintArray(json, ".publicSignals");
        assertEq(signals.length, proved.length, "signal count");
        for (uint256 i = 0; i < signals.length; i++) {
            assertEq(signals[i], proved[i], string.concat("public signal ", vm.toString(i)));
        }

        vm.prank(keeper);
        assertTrue(submit(json), "recorded");
        IMarginGate.Health memory h = healthOf(alice);
        assertEq(h.nonce, 1, "next nonce");
        assertEq(h.level, 1, "level");
        assertEq(h.roundId, 1, "round");
        assertEq(h.expiry, block.timestamp + PROOF_VALIDITY, "expiry");
        (, , uint64 epoch) = registry.commitmentsOf(alice);
        assertEq(h.epoch, epoch, "epoch");
    }

    function test_AcceptedProof_EmitsEveryPublicInputAndTheProof() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.recordLogs();
        submit(json);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 topic = keccak256("ProofAccepted(address,uint64,uint8,uint64,uint32,uint48,uint256[],uint256[8])");
        uint256 seen;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter != address(gate) || logs[i].topics[0] != topic) continue;
            seen++;
            assertEq(logs[i].topics[1], bytes32(uint256(uint160(accountOf(json)))), "indexed account");
            (,,,, uint256[] memory signals, uint256[8] memory proof) =
                abi.decode(logs[i].data, (uint8, uint64, uint32, uint48, uint256[], uint256[8]));
            // An auditor re-verifies from the event alone: the verifier accepts what it carries.
            uint256[] memory flat = new uint256[](8);
            for (uint256 j = 0; j < 8; j++) {
                flat[j] = proof[j];
            }
            assertTrue(verifier.verifyProofs(flat, signals), "the event's proof and inputs verify");
            uint256[] memory proved = vm.parseJsonUintArray(json, ".publicSignals");
            for (uint256 j = 0; j < proved.length; j++) {
                assertEq(signals[j], proved[j], "event signal");
            }
        }
        assertEq(seen, 1, "ProofAccepted events");
    }

    function test_TheSameProof_IsAcceptedOnce() public {
        string memory json = aliceHealthy();
        // Submitting it again at the next nonce: stale.
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleNonce.selector, accountOf(json), uint64(5), uint64(1)));
        gate.submitProof(accountOf(json), 5, levelOf(json), roundOf(json), tauOf(json), proofOf(json));
        // Submitting it at its own nonce once more changes nothing.
        assertFalse(submit(json), "recorded twice");
        assertEq(healthOf(accountOf(json)).nonce, 1, "the nonce moved again");
    }

    function test_AFrontRunner_NeitherGainsNorMakesTheOwnersSubmissionFail() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        address alice = accountOf(json);
        vm.prank(address(0xbad));
        assertTrue(submit(json), "front-runner's copy recorded");
        IMarginGate.Health memory before = healthOf(alice);
        vm.prank(alice);
        assertFalse(submit(json), "the owner's submission reports the proof already recorded");
        IMarginGate.Health memory afterwards = healthOf(alice);
        assertEq(afterwards.nonce, before.nonce, "nonce");
        assertEq(afterwards.expiry, before.expiry, "expiry");
    }

    function test_AProof_IsWorthlessForAnotherAccount() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        // Bob's slots hold the same commitments (a venue posting Alice's commitments for him).
        address bob = address(0xb0b);
        vm.startPrank(operator);
        lending.post(bob, commitmentOf(json, 0), stateNonceOf(json, 0));
        perp.post(bob, commitmentOf(json, 1), stateNonceOf(json, 1));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, bob, uint64(0)));
        gate.submitProof(bob, 0, levelOf(json), roundOf(json), tauOf(json), proofOf(json));
    }

    function test_AProof_IsWorthlessForAnotherGate() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        MarginGate other = new MarginGate(registry, hub, verifier, gateConfig());
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        other.submitProof(accountOf(json), 0, levelOf(json), roundOf(json), tauOf(json), proofOf(json));
    }

    function test_AProof_IsWorthlessOnAnotherChain() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.chainId(1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        submit(json);
    }

    function test_AProof_DoesNotSurviveAChangeOfACommitment() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        // The perp venue posts a newer state (here: Alice's post-trade state) before the proof lands.
        string memory trade = fixture("alice-trade");
        vm.prank(operator);
        perp.post(accountOf(json), commitmentOf(trade, 1), stateNonceOf(trade, 1));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        submit(json);
    }

    function test_AProof_IsRejectedAtTheOtherLevel() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        gate.submitProof(accountOf(json), 0, 0, roundOf(json), tauOf(json), proofOf(json));
    }

    function test_AProof_IsRejectedWithAnotherTau() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        gate.submitProof(accountOf(json), 0, levelOf(json), roundOf(json), tauOf(json) + 1, proofOf(json));
    }

    function testFuzz_AProofWithAnyCoordinateChanged_IsRejected(uint256 coordinate, uint256 delta) public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        coordinate = bound(coordinate, 0, 7);
        delta = bound(delta, 1, type(uint128).max);
        uint256[8] memory proof = proofOf(json);
        unchecked {
            proof[coordinate] += delta;
        }
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        gate.submitProof(accountOf(json), 0, levelOf(json), roundOf(json), tauOf(json), proof);
    }

    function test_ACommitmentOlderThanTau_IsRefused() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.warp(block.timestamp + tauOf(json) + 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.TauTooSmall.selector, tauOf(json), uint256(tauOf(json)) + 1));
        submit(json);
    }

    function test_ARoundOlderThanTheMaximumAge_IsRefused() public {
        string memory json = fixture("alice-maintenance");
        closeRound(json);
        uint256 closedAt = block.timestamp;
        vm.warp(block.timestamp + MAX_ROUND_AGE + 1);
        postStates(json);
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.RoundTooOld.selector, uint64(1), uint64(closedAt), block.timestamp)
        );
        submit(json);
    }

    function test_ATrippedOracle_RefusesProofs() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        trip();
        vm.expectRevert(ErrorsLib.OracleTripped.selector);
        submit(json);
    }

    function test_ALevelAboveMaintenance_IsRefused() public {
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidLevel.selector, uint8(2)));
        gate.submitProof(accountOf(json), 0, 2, roundOf(json), tauOf(json), proofOf(json));
    }
}

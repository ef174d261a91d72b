// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {VerifierFixture} from "./VerifierFixture.sol";
import {SolvencySmallVerifier} from "../../src/generated/SolvencySmallVerifier.sol";
import {PublicInputs9Verifier} from "../generated/PublicInputs9Verifier.sol";
import {PublicInputs13Verifier} from "../generated/PublicInputs13Verifier.sol";
import {SnarkjsPublicInputs9Verifier} from "../generated/SnarkjsPublicInputs9Verifier.sol";

/// @notice The generated verifiers agree with the C# verifier on every vector the build made:
///         real proofs by the C# prover and their tampered variants (each coordinate, each signal,
///         signal + r and = r, off-curve A and C, B outside G2, coordinates + q, swapped proofs),
///         alone (verifyProof) and in batches (verifyProofs, the C# batch verifier's verdict).
contract VerifierVerdictsTest is VerifierFixture {
    function test_SolvencySmall_VerifyProofAgreesWithTheCSharpVerifierOnEveryVector() public {
        _singles(address(new SolvencySmallVerifier()), _load("solvency_small"));
    }

    function test_PublicInputs9_VerifyProofAgreesWithTheCSharpVerifierOnEveryVector() public {
        _singles(address(new PublicInputs9Verifier()), _load("public_inputs_9"));
    }

    function test_PublicInputs13_VerifyProofAgreesWithTheCSharpVerifierOnEveryVector() public {
        _singles(address(new PublicInputs13Verifier()), _load("public_inputs_13"));
    }

    function test_SolvencySmall_VerifyProofsAgreesWithTheCSharpBatchVerifierOnEveryBatch() public {
        _batches(address(new SolvencySmallVerifier()), _load("solvency_small"));
    }

    function test_PublicInputs9_VerifyProofsAgreesWithTheCSharpBatchVerifierOnEveryBatch() public {
        _batches(address(new PublicInputs9Verifier()), _load("public_inputs_9"));
    }

    function test_PublicInputs13_VerifyProofsAgreesWithTheCSharpBatchVerifierOnEveryBatch() public {
        _batches(address(new PublicInputs13Verifier()), _load("public_inputs_13"));
    }

    /// @dev Every vector as a batch of one: verifyProofs with k = 1 must agree with verifyProof.
    function test_PublicInputs9_VerifyProofsOfOneAgreesWithTheCSharpVerifierOnEveryVector() public {
        address verifier = address(new PublicInputs9Verifier());
        Vectors memory v = _load("public_inputs_9");
        uint256[] memory one = new uint256[](1);
        for (uint256 i = 0; i < v.count; i++) {
            one[0] = i;
            (uint256[] memory proofs, uint256[] memory signals) = _batch(v, one);
            assertTrue(_verifyProofs(verifier, proofs, signals, _name(v, i)) == _valid(v, i),
                string.concat(_name(v, i), ": verifyProofs([it]) differs from the C# verdict"));
        }
    }

    /// @dev snarkjs's own verifier for the same key takes the same calldata (the ABI is the
    ///      point of the exercise): it must accept every real proof the fixtures hold.
    function test_PublicInputs9_SnarkjsVerifierAgreesOnEveryValidProof() public {
        address snarkjs = address(new SnarkjsPublicInputs9Verifier());
        Vectors memory v = _load("public_inputs_9");
        for (uint256 i = 0; i < v.validCount; i++) {
            assertTrue(_verifyProof(snarkjs, _proof(v, i), _signals(v, i), _name(v, i)),
                string.concat(_name(v, i), ": snarkjs's verifier refuses a proof ours and the C# verifier accept"));
        }
    }

    /// @dev Beyond the fixtures: any one calldata word of a valid proof changed (a proof
    ///      coordinate or a signal, to any other 256-bit value) gives false, never a revert.
    function testFuzz_SolvencySmall_AnyChangedWordOfAValidProofIsRefusedWithoutARevert(uint256 index, uint256 value) public {
        address verifier = address(new SolvencySmallVerifier());
        Vectors memory v = _load("solvency_small");
        uint256[] memory proof = _proof(v, 0);
        uint256[] memory signals = _signals(v, 0);
        index = bound(index, 0, 8 + signals.length - 1);
        if (index < 8) {
            vm.assume(proof[index] != value);
            proof[index] = value;
        } else {
            vm.assume(signals[index - 8] != value);
            signals[index - 8] = value;
        }
        assertFalse(_verifyProof(verifier, proof, signals, string.concat("word ", vm.toString(index))), "a changed word verifies");
    }

    function _singles(address verifier, Vectors memory v) private view {
        uint256 accepted;
        for (uint256 i = 0; i < v.count; i++) {
            bool expected = _valid(v, i);
            bool actual = _verifyProof(verifier, _proof(v, i), _signals(v, i), _name(v, i));
            if (actual != expected) {
                revert(string.concat(_name(v, i), ": Solidity says ", actual ? "true" : "false", ", C# says ", expected ? "true" : "false"));
            }
            if (actual) accepted++;
        }
        // Both sides accepting everything (or nothing) would agree vacuously.
        assertEq(accepted, v.validCount, string.concat(v.circuit, ": accepted vectors"));
    }

    function _batches(address verifier, Vectors memory v) private view {
        uint256 accepted;
        for (uint256 b = 0; b < v.batchCount; b++) {
            string memory key = string.concat(".batches[", vm.toString(b), "]");
            string memory what = string.concat(v.circuit, " batch ", vm.toString(b), " (", vm.parseJsonString(v.json, string.concat(key, ".name")), ")");
            uint256[] memory members = vm.parseJsonUintArray(v.json, string.concat(key, ".members"));
            bool expected = vm.parseJsonBool(v.json, string.concat(key, ".valid"));
            (uint256[] memory proofs, uint256[] memory signals) = _batch(v, members);
            bool actual = _verifyProofs(verifier, proofs, signals, what);
            if (actual != expected) {
                revert(string.concat(what, ": Solidity says ", actual ? "true" : "false", ", C# says ", expected ? "true" : "false"));
            }
            if (actual) accepted++;
        }
        assertGe(accepted, 3, string.concat(v.circuit, ": accepted batches"));
        assertTrue(accepted < v.batchCount, string.concat(v.circuit, ": some batch must be refused"));
    }
}

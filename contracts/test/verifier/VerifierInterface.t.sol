// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {VerifierFixture} from "./VerifierFixture.sol";
import {IGroth16Verifier} from "../../src/interfaces/IGroth16Verifier.sol";
import {SolvencySmallVerifier} from "../../src/generated/SolvencySmallVerifier.sol";
import {PublicInputs9Verifier} from "../generated/PublicInputs9Verifier.sol";
import {SnarkjsPublicInputs9Verifier} from "../generated/SnarkjsPublicInputs9Verifier.sol";

/// @notice The generated verifier's interface: IGroth16Verifier as the gate calls it, snarkjs's
///         verifyProof ABI (the same selector and calldata as snarkjs's own verifier), and
///         verifyProofs' refusal of malformed batches (false, never a revert).
contract VerifierInterfaceTest is VerifierFixture {
    function test_PublicSignalCountIsTheKeysN() public {
        assertEq(IGroth16Verifier(address(new SolvencySmallVerifier())).publicSignalCount(), 7, "solvency_small N");
        assertEq(IGroth16Verifier(address(new PublicInputs9Verifier())).publicSignalCount(), 9, "public_inputs_9 N");
    }

    function test_VerifyProofHasSnarkjsSelectorAndTypedSignature() public {
        PublicInputs9Verifier ours = new PublicInputs9Verifier();
        SnarkjsPublicInputs9Verifier theirs = new SnarkjsPublicInputs9Verifier();
        assertEq(bytes32(ours.verifyProof.selector), bytes32(theirs.verifyProof.selector), "verifyProof selector");
        // The typed call, as Solidity callers write it.
        Vectors memory v = _load("public_inputs_9");
        uint256[] memory p = _proof(v, 0);
        uint256[] memory s = _signals(v, 0);
        uint256[9] memory signals;
        for (uint256 i = 0; i < 9; i++) signals[i] = s[i];
        assertTrue(ours.verifyProof([p[0], p[1]], [[p[2], p[3]], [p[4], p[5]]], [p[6], p[7]], signals), "typed verifyProof");
        signals[0] = signals[0] + 1;
        assertFalse(ours.verifyProof([p[0], p[1]], [[p[2], p[3]], [p[4], p[5]]], [p[6], p[7]], signals), "typed verifyProof, wrong signal");
    }

    function test_VerifyProofsIsFalseForAnEmptyBatch() public {
        IGroth16Verifier verifier = IGroth16Verifier(address(new SolvencySmallVerifier()));
        assertFalse(verifier.verifyProofs(new uint256[](0), new uint256[](0)), "k = 0");
    }

    function test_VerifyProofsIsFalseWhenTheLengthsDoNotMatch() public {
        IGroth16Verifier verifier = IGroth16Verifier(address(new SolvencySmallVerifier()));
        Vectors memory v = _load("solvency_small");
        uint256[] memory members = new uint256[](2);
        members[1] = 1;
        (uint256[] memory proofs, uint256[] memory signals) = _batch(v, members);
        assertTrue(verifier.verifyProofs(proofs, signals), "the well-formed batch verifies");

        // One signal short, one too many, one proof word short, a proof without its statement.
        assertFalse(verifier.verifyProofs(proofs, _resize(signals, signals.length - 1)), "signals one short");
        assertFalse(verifier.verifyProofs(proofs, _resize(signals, signals.length + 1)), "signals one too many");
        assertFalse(verifier.verifyProofs(_resize(proofs, proofs.length - 1), signals), "proofs one word short");
        assertFalse(verifier.verifyProofs(_resize(proofs, proofs.length + 8), signals), "a proof without a statement");
        assertFalse(verifier.verifyProofs(proofs, new uint256[](0)), "no signals");
    }

    function _resize(uint256[] memory a, uint256 length) private pure returns (uint256[] memory b) {
        b = new uint256[](length);
        for (uint256 i = 0; i < length && i < a.length; i++) b[i] = a[i];
    }
}

// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {VerifierFixture} from "./VerifierFixture.sol";
import {SolvencySmallVerifier} from "../../src/generated/SolvencySmallVerifier.sol";
import {PublicInputs9Verifier} from "../generated/PublicInputs9Verifier.sol";
import {PublicInputs13Verifier} from "../generated/PublicInputs13Verifier.sol";
import {SnarkjsPublicInputs9Verifier} from "../generated/SnarkjsPublicInputs9Verifier.sol";
import {SnarkjsPublicInputs13Verifier} from "../generated/SnarkjsPublicInputs13Verifier.sol";

/// @notice Gas of the generated verifier, measured as the gas the verifier's call frame used
///         (vm.lastCallGas, the figure forge's gas report shows), on real proofs:
///         - verifyProof against the precompile floor, 181,150 + 6,150 N (N ecMul at 6,000, N ecAdd
///           at 150, the 4-pair pairing at 181,000, plus 150), and against snarkjs 0.7.6's verifier
///           for the same key in the same run;
///         - verifyProofs per proof at k = 1, 4, 16, 32.
///         The figures are emitted as log_named_uint (forge test -vv prints them).
contract VerifierGasTest is VerifierFixture {
    /// @dev What verifyProof may spend above the floor. The 2N + 1 precompile calls cost 100 each
    ///      (warm STATICCALL) and are not in the floor; on top of them each signal needs its IC
    ///      point and its value stored and its range checked (about 80 gas), and the dispatcher, the
    ///      proof copy, the key's G2 points and the memory take about 650 once. Measured: 7 inputs
    ///      floor + 2,612, 9 inputs + 3,168, 13 inputs + 4,280 (see the issue notes); the bound is
    ///      therefore 3,000 up to 7 signals and the calls' share plus 480 gas per signal above it.
    function _allowance(uint256 n) private pure returns (uint256) {
        return n <= 7 ? 3000 : 3000 + 280 * (n - 7);
    }

    function _floor(uint256 n) private pure returns (uint256) {
        return 181_150 + 6_150 * n;
    }

    function test_SolvencySmall_VerifyProofCostsAtMostTheFloorPlusTheAllowance() public {
        _single(address(new SolvencySmallVerifier()), address(0), _load("solvency_small"));
    }

    function test_PublicInputs9_VerifyProofCostsLessThanSnarkjsAndAtMostTheFloorPlusTheAllowance() public {
        _single(address(new PublicInputs9Verifier()), address(new SnarkjsPublicInputs9Verifier()), _load("public_inputs_9"));
    }

    function test_PublicInputs13_VerifyProofCostsLessThanSnarkjsAndAtMostTheFloorPlusTheAllowance() public {
        _single(address(new PublicInputs13Verifier()), address(new SnarkjsPublicInputs13Verifier()), _load("public_inputs_13"));
    }

    function test_SolvencySmall_VerifyProofsPerProofFallsWithTheBatchSize() public {
        address verifier = address(new SolvencySmallVerifier());
        Vectors memory v = _load("solvency_small");
        uint256[4] memory sizes = [uint256(1), 4, 16, 32];
        uint256 previous = type(uint256).max;
        for (uint256 s = 0; s < sizes.length; s++) {
            uint256 k = sizes[s];
            // The valid proofs, cycled: every member is a real proof, the batch is valid.
            uint256[] memory members = new uint256[](k);
            for (uint256 m = 0; m < k; m++) members[m] = m % v.validCount;
            (uint256[] memory proofs, uint256[] memory signals) = _batch(v, members);
            assertTrue(_verifyProofs(verifier, proofs, signals, "gas batch"), "a batch of valid proofs verifies");
            uint256 perProof = vm.lastCallGas().gasTotalUsed / k;
            emit log_named_uint(string.concat("solvency_small verifyProofs gas per proof, k = ", vm.toString(k)), perProof);
            assertTrue(perProof < previous, "the cost per proof falls as the batch grows");
            previous = perProof;
        }
        // At k = 32 a proof costs its pairing pair (34,000), two ecMul and an ecAdd (12,150), and
        // hashing and folding; well below a single verifyProof.
        assertLe(previous, 50_000, "verifyProofs per proof at k = 32");
    }

    function _single(address ours, address snarkjs, Vectors memory v) private {
        uint256 n = v.publicCount;
        uint256 worst;
        for (uint256 i = 0; i < v.validCount; i++) {
            assertTrue(_verifyProof(ours, _proof(v, i), _signals(v, i), _name(v, i)), "our verifier accepts the valid proof");
            uint256 used = vm.lastCallGas().gasTotalUsed;
            if (used > worst) worst = used;
        }
        emit log_named_uint(string.concat(v.circuit, " N"), n);
        emit log_named_uint(string.concat(v.circuit, " floor"), _floor(n));
        emit log_named_uint(string.concat(v.circuit, " ours verifyProof gas"), worst);
        emit log_named_uint(string.concat(v.circuit, " ours above the floor"), worst - _floor(n));
        assertGe(worst, _floor(n), "the precompiles alone cost the floor");
        assertLe(worst, _floor(n) + _allowance(n), string.concat(v.circuit, ": verifyProof gas above floor + allowance"));
        if (snarkjs != address(0)) {
            assertTrue(_verifyProof(snarkjs, _proof(v, 0), _signals(v, 0), _name(v, 0)), "snarkjs's verifier accepts the valid proof");
            uint256 theirs = vm.lastCallGas().gasTotalUsed;
            emit log_named_uint(string.concat(v.circuit, " snarkjs verifyProof gas"), theirs);
            emit log_named_uint(string.concat(v.circuit, " snarkjs above the floor"), theirs - _floor(n));
            assertTrue(worst < theirs, string.concat(v.circuit, ": ours must cost less than snarkjs's on the same key"));
        }
    }
}

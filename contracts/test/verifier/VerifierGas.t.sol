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
    /// @dev What verifyProof may spend above the floor: 800 + 300 N, which is under 3,000 up to N = 7
    ///      and the figure defended above it. Per signal the two precompile calls cost 200 (warm
    ///      STATICCALL, 100 each, not in the floor) and their arguments, the IC point's and the
    ///      signal's stores and the range check about 81 more: 281 measured. Once: solc's dispatcher
    ///      and ABI decoding of the four static arrays (about 230, not avoidable while verifyProof is
    ///      a declared function), the proof copy, the key's 16 constant words (one CODECOPY),
    ///      29 words of memory, the pairing call, the verdict: about 750 measured. Measured on these
    ///      keys (forge 1.7, solc 0.8.37, optimizer 200 runs): N = 7 floor + 2,715; N = 9 floor +
    ///      3,277 (snarkjs + 5,598); N = 13 floor + 4,401 (snarkjs + 7,586). So 3,000 holds for
    ///      N <= 7 and is out of reach by 277 gas at N = 9 and 1,401 at N = 13.
    function _allowance(uint256 n) private pure returns (uint256) {
        return 800 + 300 * n;
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
        // At k = 32 a proof costs its pairing pair (34,000), the ecMul of A and of C and the ecAdd of
        // C (12,150), plus a 32nd of the batch's fixed part (the pairing's 45,000 and three pairs,
        // N + 2 ecMul and N ecAdd for alpha and the folded statement), plus about 2,000 for its
        // calls, hashing, folding its N signals and memory. Measured: 54,039 at N = 7.
        uint256 n = v.publicCount;
        uint256 bound_ = 46_150 + (45_000 + 3 * 34_000 + (n + 2) * 6_000 + n * 150) / 32 + 2_000;
        assertLe(previous, bound_, "verifyProofs per proof at k = 32");
    }

    /// @dev A call given too little gas for the pairing must revert, not answer false: otherwise
    ///      whoever relays a valid proof could make it read as false by starving the call.
    function test_VerifyProof_RevertsRatherThanAnswersFalseWhenStarvedOfGas() public {
        address verifier = address(new PublicInputs9Verifier());
        Vectors memory v = _load("public_inputs_9");
        bytes memory data = _verifyProofCalldata(_proof(v, 0), _signals(v, 0));
        uint256[4] memory budgets = [uint256(30_000), 100_000, 200_000, 230_000];
        for (uint256 b = 0; b < budgets.length; b++) {
            (bool ok,) = verifier.staticcall{gas: budgets[b]}(data);
            assertFalse(ok, string.concat("verifyProof with ", vm.toString(budgets[b]), " gas must revert"));
        }
        (bool enough, bytes memory ret) = verifier.staticcall{gas: 300_000}(data);
        assertTrue(enough && abi.decode(ret, (bool)), "verifyProof with 300,000 gas verifies");
    }

    /// @dev A failing precompile burns all the gas it is given; each gets exactly its price, so a
    ///      malformed proof (B outside G2: the pairing fails) costs the caller no more than a
    ///      valid one, and answers false.
    function test_VerifyProof_AMalformedProofCostsNoMoreThanAValidOne() public {
        address verifier = address(new PublicInputs9Verifier());
        Vectors memory v = _load("public_inputs_9");
        assertTrue(_verifyProof(verifier, _proof(v, 0), _signals(v, 0), "valid"), "the valid proof verifies");
        uint256 valid = vm.lastCallGas().gasTotalUsed;
        uint256 malformed;
        for (uint256 i = 0; i < v.count; i++) {
            if (keccak256(bytes(vm.parseJsonString(v.json, _key(i, "name"))))
                != keccak256("statement 0, B on the twist but outside G2's order-r subgroup")) continue;
            assertFalse(_verifyProof(verifier, _proof(v, i), _signals(v, i), _name(v, i)), "B outside G2 is refused");
            malformed = vm.lastCallGas().gasTotalUsed;
        }
        assertTrue(malformed != 0, "the fixture holds the B-outside-G2 vector");
        assertLe(malformed, valid + 100, "a malformed proof's gas");
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

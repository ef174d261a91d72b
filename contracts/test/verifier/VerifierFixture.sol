// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {TestBase} from "../utils/Vm.sol";
import {IGroth16Verifier} from "../../src/interfaces/IGroth16Verifier.sol";

/// @notice Reads the verifier vectors the build wrote (tests/CrossMargin.Contracts.Fixtures,
///         VerifierFixtures.cs): real proofs by the C# prover, tampered variants and batches, each
///         with the C# verifier's verdict; and calls a generated verifier with raw calldata words,
///         so that one helper serves every N (verifyProof's selector depends on N).
abstract contract VerifierFixture is TestBase {
    /// @dev One fixture file: artifacts/contracts/verifier/<circuit>.json.
    struct Vectors {
        string json;
        string circuit;
        uint256 publicCount;
        uint256 validCount;
        uint256 count;
        uint256 batchCount;
    }

    event log_named_uint(string key, uint256 val);

    function _load(string memory circuit) internal view returns (Vectors memory v) {
        v.json = vm.readFile(string.concat(vm.projectRoot(), "/../artifacts/contracts/verifier/", circuit, ".json"));
        v.circuit = circuit;
        v.publicCount = vm.parseJsonUint(v.json, ".publicCount");
        v.validCount = vm.parseJsonUint(v.json, ".validCount");
        v.count = vm.parseJsonUint(v.json, ".count");
        v.batchCount = vm.parseJsonUint(v.json, ".batchCount");
        // A fixture that lost its vectors must fail, not pass vacuously.
        assertGe(v.validCount, 2, string.concat(circuit, ": valid proofs in the fixture"));
        assertGe(v.count, 30, string.concat(circuit, ": vectors in the fixture"));
    }

    function _key(uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".vectors[", vm.toString(i), "].", field);
    }

    function _proof(Vectors memory v, uint256 i) internal pure returns (uint256[] memory) {
        return vm.parseJsonUintArray(v.json, _key(i, "proof"));
    }

    function _signals(Vectors memory v, uint256 i) internal pure returns (uint256[] memory) {
        return vm.parseJsonUintArray(v.json, _key(i, "publicSignals"));
    }

    function _valid(Vectors memory v, uint256 i) internal pure returns (bool) {
        return vm.parseJsonBool(v.json, _key(i, "valid"));
    }

    function _name(Vectors memory v, uint256 i) internal pure returns (string memory) {
        return string.concat(v.circuit, " vector ", vm.toString(i), " (", vm.parseJsonString(v.json, _key(i, "name")), ")");
    }

    /// @dev snarkjs's verifyProof(uint[2], uint[2][2], uint[2], uint[N]) calldata: the static
    ///      arguments are the 8 + N words in order.
    function _verifyProofCalldata(uint256[] memory proof, uint256[] memory signals) internal pure returns (bytes memory) {
        bytes4 selector = bytes4(keccak256(bytes(string.concat(
            "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", vm.toString(signals.length), "])"))));
        return abi.encodePacked(selector, proof, signals);
    }

    /// @dev verifyProof's answer; a revert fails the test (the verifier must answer false instead).
    function _verifyProof(address verifier, uint256[] memory proof, uint256[] memory signals, string memory what)
        internal
        view
        returns (bool)
    {
        (bool ok, bytes memory ret) = verifier.staticcall(_verifyProofCalldata(proof, signals));
        assertTrue(ok, string.concat(what, ": verifyProof reverted"));
        assertEq(ret.length, 32, string.concat(what, ": verifyProof's return size"));
        uint256 word = abi.decode(ret, (uint256));
        assertTrue(word <= 1, string.concat(what, ": verifyProof returned a non-boolean word"));
        return word == 1;
    }

    /// @dev The batch of the given vector indices, as verifyProofs takes it.
    function _batch(Vectors memory v, uint256[] memory members)
        internal
        pure
        returns (uint256[] memory proofs, uint256[] memory signals)
    {
        proofs = new uint256[](8 * members.length);
        signals = new uint256[](v.publicCount * members.length);
        for (uint256 m = 0; m < members.length; m++) {
            uint256[] memory p = _proof(v, members[m]);
            uint256[] memory s = _signals(v, members[m]);
            for (uint256 w = 0; w < 8; w++) proofs[8 * m + w] = p[w];
            for (uint256 w = 0; w < s.length; w++) signals[v.publicCount * m + w] = s[w];
        }
    }

    function _verifyProofs(address verifier, uint256[] memory proofs, uint256[] memory signals, string memory what)
        internal
        view
        returns (bool)
    {
        (bool ok, bytes memory ret) =
            verifier.staticcall(abi.encodeCall(IGroth16Verifier.verifyProofs, (proofs, signals)));
        assertTrue(ok, string.concat(what, ": verifyProofs reverted"));
        return abi.decode(ret, (bool));
    }
}

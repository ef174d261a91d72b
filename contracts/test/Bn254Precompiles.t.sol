// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {TestBase} from "./utils/Vm.sol";
import {Bn254} from "../src/libraries/Bn254.sol";

/// @notice The node's BN254 precompiles against go-ethereum's public vectors, read from
///         tests/vectors/evm at test time (the same files the C# curve code is tested on), and
///         the Bn254 library's wrappers against the group laws.
contract Bn254PrecompilesTest is TestBase {
    using Bn254 for Bn254.G1Point;

    function test_Add_EveryGethVectorGivesTheExpectedPointAtItsPrice() public view {
        _runVectors("bn256Add.json", Bn254.ADD, 16);
    }

    function test_ScalarMul_EveryGethVectorGivesTheExpectedPointAtItsPrice() public view {
        _runVectors("bn256ScalarMul.json", Bn254.SCALAR_MUL, 19);
    }

    function test_Pairing_EveryGethVectorGivesTheExpectedVerdictAtItsPrice() public view {
        _runVectors("bn256Pairing.json", Bn254.PAIRING, 14);
    }

    /// @dev Runs each vector through `precompile`: the output must equal Expected, and the gas
    ///      the call consumed must cover the vector's Gas (the EIP-1108 price) plus no more than
    ///      the call's own overhead.
    function _runVectors(string memory file, address precompile, uint256 atLeast) private view {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/../tests/vectors/evm/", file));
        uint256 count;
        while (vm.keyExistsJson(json, string.concat("$[", vm.toString(count), "]"))) count++;
        assertTrue(count >= atLeast, string.concat(file, ": fewer vectors than the suite holds"));

        for (uint256 i = 0; i < count; i++) {
            string memory entry = string.concat("$[", vm.toString(i), "]");
            string memory where = string.concat(file, " ", vm.parseJsonString(json, string.concat(entry, ".Name")));
            uint256 price = vm.parseJsonUint(json, string.concat(entry, ".Gas"));
            bytes memory input = vm.parseBytes(string.concat("0x", vm.parseJsonString(json, string.concat(entry, ".Input"))));
            bytes memory expected = vm.parseBytes(string.concat("0x", vm.parseJsonString(json, string.concat(entry, ".Expected"))));

            uint256 before = gasleft();
            (bool ok, bytes memory output) = precompile.staticcall(input);
            uint256 used = before - gasleft();

            assertTrue(ok, string.concat(where, ": precompile rejected the input"));
            assertEq(output, expected, where);
            assertTrue(used >= price, string.concat(where, ": cheaper than its EIP-1108 price"));
            assertTrue(used <= price + 2_000, string.concat(where, ": dearer than its EIP-1108 price"));
        }
    }

    function test_Library_DoublingEqualsScalarMulByTwo() public view {
        Bn254.G1Point memory g = Bn254.generator();
        Bn254.G1Point memory doubled = g.add(g);
        Bn254.G1Point memory times2 = g.scalarMul(2);
        assertEq(doubled.x, times2.x, "x");
        assertEq(doubled.y, times2.y, "y");
    }

    function test_Library_PointPlusItsNegationIsInfinity() public view {
        Bn254.G1Point memory p = Bn254.generator().scalarMul(0xC0FFEE);
        Bn254.G1Point memory sum = p.add(p.negate());
        assertEq(sum.x, 0, "x");
        assertEq(sum.y, 0, "y");
    }

    function test_Library_ScalarMulByTheGroupOrderIsInfinity() public view {
        Bn254.G1Point memory p = Bn254.generator().scalarMul(Bn254.R);
        assertEq(p.x, 0, "x");
        assertEq(p.y, 0, "y");
    }

    function test_Library_PairingOfPAndMinusPIsOne() public view {
        // e(a*G1, G2) * e(-a*G1, G2) = 1, with G2's generator in EVM order.
        Bn254.G2Point memory g2 = Bn254.G2Point(
            [
                11559732032986387107991004021392285783925812861821192530917403151452391805634,
                10857046999023057135944570762232829481370756359578518086990519993285655852781
            ],
            [
                4082367875863433681332203403145435568316851327593401208105741076214120093531,
                8495653923123431417604973247489272438418190587263600148770280649306958101930
            ]
        );
        Bn254.G1Point memory p = Bn254.generator().scalarMul(7);
        Bn254.G1Point[] memory a = new Bn254.G1Point[](2);
        Bn254.G2Point[] memory b = new Bn254.G2Point[](2);
        (a[0], b[0]) = (p, g2);
        (a[1], b[1]) = (p.negate(), g2);
        assertTrue(Bn254.pairingProductIsOne(a, b), "e(P, Q) * e(-P, Q) should be 1");
        a[1] = p;
        assertTrue(!Bn254.pairingProductIsOne(a, b), "e(P, Q)^2 should not be 1");
    }

    function test_Library_OffCurvePointIsRejected() public {
        vm.expectRevert(abi.encodeWithSelector(Bn254.PrecompileRejected.selector, Bn254.ADD));
        this.addExternal(Bn254.G1Point(1, 3), Bn254.generator());
    }

    function addExternal(Bn254.G1Point memory a, Bn254.G1Point memory b) external view returns (Bn254.G1Point memory) {
        return a.add(b);
    }
}

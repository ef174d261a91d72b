// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @title Bn254
/// @notice BN254 (alt_bn128) group operations through the EVM precompiles of EIP-196/EIP-197,
///         priced by EIP-1108: 0x06 G1 addition (150 gas), 0x07 G1 scalar multiplication
///         (6,000 gas), 0x08 pairing-product check (45,000 + 34,000 per pair).
/// @dev Points are affine, big-endian 32-byte words; the point at infinity is (0, 0).
///      G2 coordinates are in F_q^2 = F_q[i]/(i^2 + 1), encoded imaginary part first:
///      x = x.c1 * i + x.c0 is written x.c1 | x.c0 (the EVM's order, not snarkjs's).
library Bn254 {
    /// @notice Base field modulus q.
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// @notice Scalar field modulus r (the order of G1 and G2).
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    address internal constant ADD = address(0x06);
    address internal constant SCALAR_MUL = address(0x07);
    address internal constant PAIRING = address(0x08);

    struct G1Point {
        uint256 x;
        uint256 y;
    }

    /// @dev x = x[0] * i + x[1], y likewise (EVM order).
    struct G2Point {
        uint256[2] x;
        uint256[2] y;
    }

    /// @notice The precompile at `precompile` rejected its input (a point off the curve, a
    ///         coordinate >= q, or a malformed pairing input).
    error PrecompileRejected(address precompile);

    /// @notice The generator (1, 2) of G1.
    function generator() internal pure returns (G1Point memory) {
        return G1Point(1, 2);
    }

    /// @notice -p, with -0 = 0.
    function negate(G1Point memory p) internal pure returns (G1Point memory) {
        if (p.x == 0 && p.y == 0) return p;
        return G1Point(p.x, Q - (p.y % Q));
    }

    /// @notice a + b in G1.
    function add(G1Point memory a, G1Point memory b) internal view returns (G1Point memory sum) {
        bool ok;
        assembly ("memory-safe") {
            let input := mload(0x40)
            mstore(input, mload(a))
            mstore(add(input, 0x20), mload(add(a, 0x20)))
            mstore(add(input, 0x40), mload(b))
            mstore(add(input, 0x60), mload(add(b, 0x20)))
            ok := staticcall(gas(), 0x06, input, 0x80, sum, 0x40)
        }
        if (!ok) revert PrecompileRejected(ADD);
    }

    /// @notice s * p in G1 (s is taken as is; the precompile reduces it mod r implicitly).
    function scalarMul(G1Point memory p, uint256 s) internal view returns (G1Point memory product) {
        bool ok;
        assembly ("memory-safe") {
            let input := mload(0x40)
            mstore(input, mload(p))
            mstore(add(input, 0x20), mload(add(p, 0x20)))
            mstore(add(input, 0x40), s)
            ok := staticcall(gas(), 0x07, input, 0x60, product, 0x40)
        }
        if (!ok) revert PrecompileRejected(SCALAR_MUL);
    }

    /// @notice Whether prod_i e(a[i], b[i]) = 1 in G_T. Reverts if the precompile rejects a point.
    function pairingProductIsOne(G1Point[] memory a, G2Point[] memory b) internal view returns (bool) {
        require(a.length == b.length, "Bn254: length mismatch");
        bytes memory input = new bytes(a.length * 192);
        for (uint256 i = 0; i < a.length; i++) {
            uint256 o = i * 192;
            G1Point memory p = a[i];
            G2Point memory q = b[i];
            assembly ("memory-safe") {
                let at := add(add(input, 0x20), o)
                mstore(at, mload(p))
                mstore(add(at, 0x20), mload(add(p, 0x20)))
                let qx := mload(q)
                let qy := mload(add(q, 0x20))
                mstore(add(at, 0x40), mload(qx))
                mstore(add(at, 0x60), mload(add(qx, 0x20)))
                mstore(add(at, 0x80), mload(qy))
                mstore(add(at, 0xa0), mload(add(qy, 0x20)))
            }
        }
        (bool ok, bytes memory out) = PAIRING.staticcall(input);
        if (!ok || out.length != 32) revert PrecompileRejected(PAIRING);
        return abi.decode(out, (uint256)) == 1;
    }
}

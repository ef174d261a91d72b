using System.Numerics;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Solidity;

/// <summary>
/// A Groth16 proof as the generated verifiers and the gate take it: eight 256-bit words in
/// snarkjs's calldata order [A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y] (G2
/// coordinates imaginary part first, as the EVM's pairing precompile reads them; EIP-197).
/// </summary>
public static class ProofCalldata
{
    public static BigInteger[] Words(Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Span<byte> bytes = stackalloc byte[256];
        EvmPointEncoding.WriteG1(proof.A, bytes[..64]);
        EvmPointEncoding.WriteG2(proof.B, bytes[64..192]);
        EvmPointEncoding.WriteG1(proof.C, bytes[192..]);
        var words = new BigInteger[8];
        for (var i = 0; i < 8; i++) words[i] = new BigInteger(bytes.Slice(32 * i, 32), isUnsigned: true, isBigEndian: true);
        return words;
    }
}

using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;

namespace CrossMargin.Curves.Evm;

/// <summary>The decoded input of the pairing precompile: pairs (G1[i], G2[i]), infinity allowed.</summary>
public sealed record Bn254PairingInput(G1Affine[] G1, G2Affine[] G2)
{
    public int Count => G1.Length;
}

/// <summary>
/// The EVM's BN254 precompiles, with go-ethereum's and the EIPs' input rules: ecAdd (0x06) and
/// ecMul (0x07) of EIP-196, and ecPairing (0x08) of EIP-197. Points use
/// <see cref="EvmPointEncoding"/> (32-byte big-endian coordinates, G2 imaginary part first,
/// infinity all zero).
/// </summary>
/// <remarks>
/// EIP-196: an input shorter than the precompile reads is right-padded with zeros, a longer one is
/// truncated; a coordinate not below q or a point not on the curve makes the call fail, reported
/// here as <see cref="PrecompileInputException"/>. ecMul's scalar is any 256-bit big-endian
/// integer (not required to be below r). EIP-197: the input is k 192-byte chunks
/// G1 x | y, G2 x.c1 | x.c0 | y.c1 | y.c0, with no padding; each point canonical, on its curve,
/// and the G2 point in the subgroup.
/// </remarks>
public static class Bn254Precompiles
{
    public const int AddInputLength = 128;
    public const int ScalarMulInputLength = 96;
    public const int PairingChunkLength = 192;
    public const int OutputLength = 64;

    /// <summary>0x06: P1 + P2, the 64-byte encoding of the sum.</summary>
    /// <exception cref="PrecompileInputException">A point is not canonical or not on the curve.</exception>
    public static byte[] Add(ReadOnlySpan<byte> input)
    {
        Span<byte> padded = stackalloc byte[AddInputLength];
        PadOrTruncate(input, padded);
        var p1 = ReadG1(padded[..64], 0, "ecAdd");
        var p2 = ReadG1(padded[64..], 64, "ecAdd");
        G1Jacobian.AddMixed(p1.ToJacobian(), p2, out var sum);
        var output = new byte[OutputLength];
        EvmPointEncoding.WriteG1(sum.ToAffine(), output);
        return output;
    }

    /// <summary>0x07: s P for a 256-bit scalar s, the 64-byte encoding of the product.</summary>
    /// <exception cref="PrecompileInputException">The point is not canonical or not on the curve.</exception>
    public static byte[] ScalarMul(ReadOnlySpan<byte> input)
    {
        Span<byte> padded = stackalloc byte[ScalarMulInputLength];
        PadOrTruncate(input, padded);
        var p = ReadG1(padded[..64], 0, "ecMul");
        // G1 has prime order r, so s P = (s mod r) P.
        var scalar = new BigInteger(padded[64..], isUnsigned: true, isBigEndian: true);
        var product = Bn254ScalarMultiplication.Multiply(p, scalar);
        var output = new byte[OutputLength];
        EvmPointEncoding.WriteG1(product.ToAffine(), output);
        return output;
    }

    /// <summary>
    /// 0x08: whether prod_i e(G1_i, G2_i) = 1, as a 32-byte big-endian 1 or 0. An empty input
    /// holds zero pairs, whose product is 1.
    /// </summary>
    /// <exception cref="PrecompileInputException">As <see cref="DecodePairingInput"/>.</exception>
    public static byte[] Pairing(ReadOnlySpan<byte> input)
    {
        var pairs = DecodePairingInput(input);
        var output = new byte[32];
        output[31] = Bn254Pairing.PairingProductIsOne(pairs.G1, pairs.G2) ? (byte)1 : (byte)0;
        return output;
    }

    /// <summary>
    /// 0x08's input: 192-byte chunks of a G1 and a G2 point. An empty input is valid (zero pairs;
    /// the precompile then returns 1).
    /// </summary>
    /// <exception cref="PrecompileInputException">The length is not a multiple of 192, or a point is not canonical, not on its curve, or (G2) not in the subgroup.</exception>
    public static Bn254PairingInput DecodePairingInput(ReadOnlySpan<byte> input)
    {
        if (input.Length % PairingChunkLength != 0)
        {
            throw new PrecompileInputException(
                $"ecPairing: the input is {input.Length} bytes, not a multiple of {PairingChunkLength}",
                input.Length - input.Length % PairingChunkLength, PointEncodingError.WrongLength);
        }
        var count = input.Length / PairingChunkLength;
        var g1 = new G1Affine[count];
        var g2 = new G2Affine[count];
        for (var i = 0; i < count; i++)
        {
            var chunk = input.Slice(i * PairingChunkLength, PairingChunkLength);
            var at = (long)i * PairingChunkLength;
            g1[i] = ReadG1(chunk[..64], at, "ecPairing");
            var result = EvmPointEncoding.DecodeG2(chunk[64..], out g2[i]);
            if (!result.IsOk) throw Failure("ecPairing", result.ToException($"G2 point of pair {i}", at + 64));
        }
        return new Bn254PairingInput(g1, g2);
    }

    private static G1Affine ReadG1(ReadOnlySpan<byte> bytes, long offset, string precompile)
    {
        var result = EvmPointEncoding.DecodeG1(bytes, out var p);
        return result.IsOk ? p : throw Failure(precompile, result.ToException("G1 point", offset));
    }

    private static PrecompileInputException Failure(string precompile, PointEncodingException inner) =>
        new($"{precompile}: {inner.Message}", inner.ByteOffset ?? 0, inner.Error, inner);

    private static void PadOrTruncate(ReadOnlySpan<byte> input, Span<byte> padded)
    {
        padded.Clear();
        input[..Math.Min(input.Length, padded.Length)].CopyTo(padded);
    }
}

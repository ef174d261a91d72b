namespace CrossMargin.Curves.Encodings;

/// <summary>
/// BN254 points in the encoding of the EVM precompiles (EIP-196, EIP-197) and of Solidity
/// verifiers: each coordinate 32 bytes big-endian, canonical (below q).
/// <code>
/// G1 (64 bytes):  x | y
/// G2 (128 bytes): x.c1 | x.c0 | y.c1 | y.c0     (imaginary part first)
/// </code>
/// The point at infinity is all zero bytes; (0, 0) is on neither curve, so nothing else can
/// mean it. Readers are strict: exact length, every coordinate below q, the point on its curve,
/// and a G2 point in the order-r subgroup.
/// </summary>
public static class EvmPointEncoding
{
    public const int G1Size = 64;
    public const int G2Size = 128;

    public static void WriteG1(in G1Affine p, Span<byte> destination)
    {
        CheckDestination(destination, G1Size);
        if (p.IsInfinity)
        {
            destination[..G1Size].Clear();
            return;
        }
        p.X.WriteBigEndian(destination);
        p.Y.WriteBigEndian(destination[32..]);
    }

    public static void WriteG2(in G2Affine p, Span<byte> destination)
    {
        CheckDestination(destination, G2Size);
        if (p.IsInfinity)
        {
            destination[..G2Size].Clear();
            return;
        }
        p.X.C1.WriteBigEndian(destination);
        p.X.C0.WriteBigEndian(destination[32..]);
        p.Y.C1.WriteBigEndian(destination[64..]);
        p.Y.C0.WriteBigEndian(destination[96..]);
    }

    /// <summary>Decodes exactly 64 bytes. <paramref name="offset"/> places the bytes in a larger input, for the message.</summary>
    /// <exception cref="PointEncodingException">What was wrong, and at which byte.</exception>
    public static G1Affine ReadG1(ReadOnlySpan<byte> source, long offset = 0)
    {
        var result = DecodeG1(source, out var p);
        return result.IsOk ? p : throw result.ToException("EVM G1 point", offset);
    }

    /// <summary>Decodes exactly 128 bytes, subgroup check included.</summary>
    /// <exception cref="PointEncodingException">What was wrong, and at which byte.</exception>
    public static G2Affine ReadG2(ReadOnlySpan<byte> source, long offset = 0)
    {
        var result = DecodeG2(source, out var p);
        return result.IsOk ? p : throw result.ToException("EVM G2 point", offset);
    }

    public static bool TryReadG1(ReadOnlySpan<byte> source, out G1Affine p) => DecodeG1(source, out p).IsOk;

    public static bool TryReadG2(ReadOnlySpan<byte> source, out G2Affine p) => DecodeG2(source, out p).IsOk;

    internal static DecodeResult DecodeG1(ReadOnlySpan<byte> source, out G1Affine p)
    {
        p = G1Affine.Infinity;
        if (source.Length != G1Size) return PointDecoding.WrongLength("a G1 point", G1Size, source.Length);
        if (PointDecoding.IsAllZero(source)) return default;
        if (!Fq.TryReadBigEndian(source[..32], out var x)) return PointDecoding.NonCanonical(0, "x");
        if (!Fq.TryReadBigEndian(source[32..], out var y)) return PointDecoding.NonCanonical(32, "y");
        var point = new G1Affine(x, y);
        var check = PointDecoding.CheckG1(point);
        if (check.IsOk) p = point;
        return check;
    }

    internal static DecodeResult DecodeG2(ReadOnlySpan<byte> source, out G2Affine p)
    {
        p = G2Affine.Infinity;
        if (source.Length != G2Size) return PointDecoding.WrongLength("a G2 point", G2Size, source.Length);
        if (PointDecoding.IsAllZero(source)) return default;
        if (!Fq.TryReadBigEndian(source[..32], out var x1)) return PointDecoding.NonCanonical(0, "x.c1");
        if (!Fq.TryReadBigEndian(source[32..64], out var x0)) return PointDecoding.NonCanonical(32, "x.c0");
        if (!Fq.TryReadBigEndian(source[64..96], out var y1)) return PointDecoding.NonCanonical(64, "y.c1");
        if (!Fq.TryReadBigEndian(source[96..], out var y0)) return PointDecoding.NonCanonical(96, "y.c0");
        var point = new G2Affine(new Fq2(x0, x1), new Fq2(y0, y1));
        var check = PointDecoding.CheckG2(point, SubgroupCheck.Verify);
        if (check.IsOk) p = point;
        return check;
    }

    private static void CheckDestination(Span<byte> destination, int size)
    {
        if (destination.Length < size)
            throw new ArgumentException($"the destination holds {destination.Length} bytes; the point takes {size}", nameof(destination));
    }
}

using System.Diagnostics;

namespace CrossMargin.Curves.Encodings;

/// <summary>
/// BN254 points as snarkjs stores them in .zkey and .ptau sections (ffjavascript's
/// <c>G1.toRprLEM</c> / <c>fromRprLEM</c>): affine coordinates, each 32 bytes little-endian in
/// Montgomery form (a R mod q, R = 2^256), below q.
/// <code>
/// G1 (64 bytes):  x | y
/// G2 (128 bytes): x.c0 | x.c1 | y.c0 | y.c1     (real part first, unlike the EVM)
/// </code>
/// The point at infinity is all zero bytes (ffjavascript's zeroAffine, which its isZeroAffine tests
/// as x = 0 and y = 0). The Montgomery form is our own in-memory form, so reading is a range
/// check and a copy, with no conversion.
/// </summary>
/// <remarks>
/// The array readers and writers work on spans and allocate nothing per point, for the millions
/// of points of a large .zkey. Readers are strict: exact length, coordinates below q, points on
/// their curve and, unless the caller opts out for a trusted file, G2 points in the subgroup.
/// </remarks>
public static class SnarkjsBinaryPointEncoding
{
    public const int G1Size = 64;
    public const int G2Size = 128;

    public static void WriteG1(in G1Affine p, Span<byte> destination)
    {
        CheckDestination(destination.Length, G1Size);
        if (p.IsInfinity)
        {
            destination[..G1Size].Clear();
            return;
        }
        p.X.WriteMontgomeryLittleEndian(destination);
        p.Y.WriteMontgomeryLittleEndian(destination[32..]);
    }

    public static void WriteG2(in G2Affine p, Span<byte> destination)
    {
        CheckDestination(destination.Length, G2Size);
        if (p.IsInfinity)
        {
            destination[..G2Size].Clear();
            return;
        }
        p.X.C0.WriteMontgomeryLittleEndian(destination);
        p.X.C1.WriteMontgomeryLittleEndian(destination[32..]);
        p.Y.C0.WriteMontgomeryLittleEndian(destination[64..]);
        p.Y.C1.WriteMontgomeryLittleEndian(destination[96..]);
    }

    /// <summary>Writes points.Length * 64 bytes.</summary>
    public static void WriteG1Array(ReadOnlySpan<G1Affine> points, Span<byte> destination)
    {
        CheckDestination(destination.Length, (long)points.Length * G1Size);
        for (var i = 0; i < points.Length; i++) WriteG1(points[i], destination.Slice(i * G1Size, G1Size));
    }

    /// <summary>Writes points.Length * 128 bytes.</summary>
    public static void WriteG2Array(ReadOnlySpan<G2Affine> points, Span<byte> destination)
    {
        CheckDestination(destination.Length, (long)points.Length * G2Size);
        for (var i = 0; i < points.Length; i++) WriteG2(points[i], destination.Slice(i * G2Size, G2Size));
    }

    /// <summary>Decodes exactly 64 bytes; <paramref name="offset"/> places them in a file, for the message.</summary>
    /// <exception cref="PointEncodingException">What was wrong, and at which byte.</exception>
    public static G1Affine ReadG1(ReadOnlySpan<byte> source, long offset = 0)
    {
        var result = DecodeG1(source, out var p);
        return result.IsOk ? p : throw result.ToException("snarkjs G1 point", offset);
    }

    /// <summary>Decodes exactly 128 bytes.</summary>
    /// <exception cref="PointEncodingException">What was wrong, and at which byte.</exception>
    public static G2Affine ReadG2(ReadOnlySpan<byte> source, long offset = 0, SubgroupCheck subgroup = SubgroupCheck.Verify)
    {
        var result = DecodeG2(source, out var p, subgroup);
        return result.IsOk ? p : throw result.ToException("snarkjs G2 point", offset);
    }

    public static bool TryReadG1(ReadOnlySpan<byte> source, out G1Affine p) => DecodeG1(source, out p).IsOk;

    public static bool TryReadG2(ReadOnlySpan<byte> source, out G2Affine p, SubgroupCheck subgroup = SubgroupCheck.Verify) =>
        DecodeG2(source, out p, subgroup).IsOk;

    /// <summary>
    /// Decodes destination.Length points from exactly destination.Length * 64 bytes.
    /// <paramref name="offset"/> is the position of <paramref name="source"/> in its file, so that
    /// an error names the file offset of the bad coordinate. Where the processor has IFMA the
    /// array is checked eight points at a time first (<see cref="IfmaPointCheck{TField, TCurve}"/>),
    /// and decoded point by point only to name a bad point.
    /// </summary>
    /// <exception cref="PointEncodingException">The first bad point: what was wrong and at which byte.</exception>
    public static void ReadG1Array(ReadOnlySpan<byte> source, Span<G1Affine> destination, long offset = 0)
    {
        CheckSourceLength(source.Length, destination.Length, G1Size, "G1", offset);
        if (IfmaPointCheck<Fq, Bn254.G1Curve>.TryRead(source, destination)) return;
        for (var i = 0; i < destination.Length; i++)
        {
            var result = DecodeG1(source.Slice(i * G1Size, G1Size), out destination[i]);
            if (!result.IsOk) throw result.ToException($"snarkjs G1 point {i}", offset + (long)i * G1Size);
        }
    }

    /// <summary>Decodes destination.Length points from exactly destination.Length * 128 bytes.</summary>
    /// <exception cref="PointEncodingException">The first bad point: what was wrong and at which byte.</exception>
    public static void ReadG2Array(ReadOnlySpan<byte> source, Span<G2Affine> destination, long offset = 0, SubgroupCheck subgroup = SubgroupCheck.Verify)
    {
        CheckSourceLength(source.Length, destination.Length, G2Size, "G2", offset);
        if (subgroup != SubgroupCheck.Verify && IfmaPointCheck<Fq2, Bn254.G2Curve>.TryRead(source, destination)) return;
        for (var i = 0; i < destination.Length; i++)
        {
            var result = DecodeG2(source.Slice(i * G2Size, G2Size), out destination[i], subgroup);
            if (!result.IsOk) throw result.ToException($"snarkjs G2 point {i}", offset + (long)i * G2Size);
        }
    }

    internal static DecodeResult DecodeG1(ReadOnlySpan<byte> source, out G1Affine p)
    {
        p = G1Affine.Infinity;
        if (source.Length != G1Size) return PointDecoding.WrongLength("a G1 point", G1Size, source.Length);
        if (PointDecoding.IsAllZero(source)) return default;
        if (!Fq.TryReadMontgomeryLittleEndian(source[..32], out var x)) return PointDecoding.NonCanonical(0, "x");
        if (!Fq.TryReadMontgomeryLittleEndian(source[32..], out var y)) return PointDecoding.NonCanonical(32, "y");
        var point = new G1Affine(x, y);
        var check = PointDecoding.CheckG1(point);
        if (check.IsOk) p = point;
        return check;
    }

    internal static DecodeResult DecodeG2(ReadOnlySpan<byte> source, out G2Affine p, SubgroupCheck subgroup)
    {
        p = G2Affine.Infinity;
        if (source.Length != G2Size) return PointDecoding.WrongLength("a G2 point", G2Size, source.Length);
        if (PointDecoding.IsAllZero(source)) return default;
        if (!Fq.TryReadMontgomeryLittleEndian(source[..32], out var x0)) return PointDecoding.NonCanonical(0, "x.c0");
        if (!Fq.TryReadMontgomeryLittleEndian(source[32..64], out var x1)) return PointDecoding.NonCanonical(32, "x.c1");
        if (!Fq.TryReadMontgomeryLittleEndian(source[64..96], out var y0)) return PointDecoding.NonCanonical(64, "y.c0");
        if (!Fq.TryReadMontgomeryLittleEndian(source[96..], out var y1)) return PointDecoding.NonCanonical(96, "y.c1");
        var point = new G2Affine(new Fq2(x0, x1), new Fq2(y0, y1));
        var check = PointDecoding.CheckG2(point, subgroup);
        if (check.IsOk) p = point;
        return check;
    }

    private static void CheckSourceLength(int sourceLength, int count, int size, string group, long offset)
    {
        if (sourceLength != (long)count * size)
        {
            throw new PointEncodingException(PointEncodingError.WrongLength,
                $"snarkjs {group} array at byte {offset}: {count} points take {(long)count * size} bytes, got {sourceLength}", offset);
        }
    }

    private static void CheckDestination(int length, long size)
    {
        Debug.Assert(size >= 0);
        if (length < size)
            throw new ArgumentException($"the destination holds {length} bytes; the points take {size}", "destination");
    }
}

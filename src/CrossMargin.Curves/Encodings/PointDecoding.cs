using CrossMargin.Curves.Bn254;

namespace CrossMargin.Curves.Encodings;

/// <summary>
/// The outcome of decoding one point: <see cref="PointEncodingError.None"/>, or what went wrong,
/// the offset of the offending bytes within the point's encoding and a description. Lets the Try
/// readers run without exceptions and the throwing readers say what and where.
/// </summary>
internal readonly record struct DecodeResult(PointEncodingError Error, int Offset, string? Detail)
{
    public bool IsOk => Error == PointEncodingError.None;

    public static DecodeResult Fail(PointEncodingError error, int offset, string detail) => new(error, offset, detail);

    public PointEncodingException ToException(string what, long baseOffset) =>
        new(Error, $"{what} at byte {baseOffset + Offset}: {Detail}", baseOffset + Offset);
}

/// <summary>The checks every reader applies once it has the coordinates: on the curve, and (G2) in the subgroup.</summary>
internal static class PointDecoding
{
    public static DecodeResult CheckG1(in G1Affine p) =>
        p.IsOnCurve ? default : DecodeResult.Fail(PointEncodingError.NotOnCurve, 0, $"{p} is not on G1 (y^2 = x^3 + 3)");

    public static DecodeResult CheckG2(in G2Affine p, SubgroupCheck subgroup)
    {
        if (!p.IsOnCurve) return DecodeResult.Fail(PointEncodingError.NotOnCurve, 0, $"{p} is not on the twist y^2 = x^3 + 3/(9+u)");
        if (subgroup == SubgroupCheck.Verify && !G2Curve.IsInSubgroup(p))
            return DecodeResult.Fail(PointEncodingError.NotInSubgroup, 0, $"{p} is on the twist but not in the order-r subgroup G2");
        return default;
    }

    public static DecodeResult WrongLength(string what, int expected, int actual) =>
        DecodeResult.Fail(PointEncodingError.WrongLength, 0, $"{what} takes {expected} bytes, got {actual}");

    public static DecodeResult NonCanonical(int offset, string coordinate) =>
        DecodeResult.Fail(PointEncodingError.NonCanonicalCoordinate, offset, $"{coordinate} is not below the field modulus q");

    public static bool IsAllZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}

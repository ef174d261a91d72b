namespace CrossMargin.Curves.Encodings;

/// <summary>What was wrong with an encoded point.</summary>
public enum PointEncodingError
{
    None = 0,

    /// <summary>The bytes are not the format's size.</summary>
    WrongLength,

    /// <summary>A coordinate is not below the field modulus q.</summary>
    NonCanonicalCoordinate,

    /// <summary>The coordinates are field elements but do not satisfy the curve equation.</summary>
    NotOnCurve,

    /// <summary>A point of the G2 twist outside the order-r subgroup.</summary>
    NotInSubgroup,

    /// <summary>JSON: a coordinate is not a canonical decimal string (digits only, no sign, no leading zeros).</summary>
    InvalidNumber,

    /// <summary>JSON: not an array of the expected nesting and lengths.</summary>
    MalformedShape,

    /// <summary>JSON: the projective z is neither 1 (a point) nor 0 (infinity).</summary>
    InvalidZ,
}

/// <summary>
/// An encoded curve point was rejected: <see cref="Error"/> says what was wrong and
/// <see cref="ByteOffset"/> (binary formats) or <see cref="JsonPath"/> (JSON) where.
/// </summary>
public sealed class PointEncodingException : MalformedInputException
{
    public PointEncodingException(PointEncodingError error, string message, long? byteOffset = null, string? jsonPath = null)
        : base(message)
    {
        Error = error;
        ByteOffset = byteOffset;
        JsonPath = jsonPath;
    }

    public PointEncodingError Error { get; }

    /// <summary>Offset of the offending bytes (of the coordinate where one is to blame), for binary formats.</summary>
    public long? ByteOffset { get; }

    /// <summary>Path of the offending JSON value, as "$.pi_a[2]".</summary>
    public string? JsonPath { get; }
}

/// <summary>Whether a reader of G2 points runs the subgroup test.</summary>
public enum SubgroupCheck
{
    /// <summary>Reject points outside G2 (the default for every reader).</summary>
    Verify,

    /// <summary>
    /// Check only that points are on the twist. For bulk reads of large trusted files (a .zkey the
    /// caller produced), where a subgroup test per point would dominate the load time, and for a
    /// reader whose points go on to a check that tests membership itself (a proof's B in a proof
    /// batch, handed to the Groth16 verifier's statement check), so that it is not tested twice.
    /// </summary>
    SkipForTrustedInput,
}

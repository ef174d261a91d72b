using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace CrossMargin.Curves.Encodings;

/// <summary>
/// BN254 points as snarkjs writes them in proof.json and verification_key.json (ffjavascript's
/// <c>toObject</c> / <c>fromObject</c> with every number a decimal string): a projective triple
/// whose z is 1, or 0 for the point at infinity.
/// <code>
/// G1:           ["x", "y", "1"]                                  infinity ["0", "1", "0"]
/// G2: [["x.c0", "x.c1"], ["y.c0", "y.c1"], ["1", "0"]]     infinity [["0", "0"], ["1", "0"], ["0", "0"]]
/// </code>
/// </summary>
/// <remarks>
/// ffjavascript's fromObject also takes a two-element array (z = 1 implied) and a z other than
/// 0 or 1 as a Jacobian point, and reduces any number modulo q; snarkjs never writes those, and
/// these readers reject them. Every coordinate must be a canonical decimal string (digits only,
/// no sign or leading zero) below q, the point on its curve and a G2 point in its subgroup; with
/// z = 0 the x and y must still be valid numbers but are otherwise ignored, as in ffjavascript.
/// Errors carry the JSON path of the offending value.
/// </remarks>
public static class SnarkjsJsonPointEncoding
{
    /// <summary>q has 77 decimal digits.</summary>
    private const int MaxDigits = 77;

    public static void WriteG1(Utf8JsonWriter writer, in G1Affine p)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        if (p.IsInfinity)
        {
            writer.WriteStringValue("0");
            writer.WriteStringValue("1");
            writer.WriteStringValue("0");
        }
        else
        {
            WriteNumber(writer, p.X);
            WriteNumber(writer, p.Y);
            writer.WriteStringValue("1");
        }
        writer.WriteEndArray();
    }

    public static void WriteG2(Utf8JsonWriter writer, in G2Affine p)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        if (p.IsInfinity)
        {
            WritePair(writer, Fq2.Zero);
            WritePair(writer, Fq2.One);
            WritePair(writer, Fq2.Zero);
        }
        else
        {
            WritePair(writer, p.X);
            WritePair(writer, p.Y);
            WritePair(writer, Fq2.One);
        }
        writer.WriteEndArray();
    }

    /// <summary>Decodes one G1 point; <paramref name="path"/> is where <paramref name="element"/> lies, for messages ("$.pi_a").</summary>
    /// <exception cref="PointEncodingException">What was wrong, with the path of the offending value.</exception>
    public static G1Affine ReadG1(JsonElement element, string path = "$")
    {
        var result = DecodeG1(element, path, out var p);
        return result is null ? p : throw result;
    }

    /// <summary>
    /// Decodes one G2 point; <paramref name="path"/> is where <paramref name="element"/> lies, for
    /// messages ("$.vk_beta_2"). <paramref name="subgroup"/>: see <see cref="SubgroupCheck"/>.
    /// </summary>
    /// <exception cref="PointEncodingException">What was wrong, with the path of the offending value.</exception>
    public static G2Affine ReadG2(JsonElement element, string path = "$", SubgroupCheck subgroup = SubgroupCheck.Verify)
    {
        var result = DecodeG2(element, path, subgroup, out var p);
        return result is null ? p : throw result;
    }

    public static bool TryReadG1(JsonElement element, out G1Affine p) => DecodeG1(element, "$", out p) is null;

    public static bool TryReadG2(JsonElement element, out G2Affine p) => DecodeG2(element, "$", SubgroupCheck.Verify, out p) is null;

    // The decoders return the exception rather than throw it, so the Try forms stay cheap on bad
    // input; JSON errors are rare enough that building the message eagerly costs nothing that matters.

    private static PointEncodingException? DecodeG1(JsonElement element, string path, out G1Affine p)
    {
        p = G1Affine.Infinity;
        if (!IsArrayOfLength(element, 3))
            return Error(PointEncodingError.MalformedShape, path, "a G1 point is an array of three decimal strings [x, y, z]");
        var x = default(Fq);
        var y = default(Fq);
        var z = default(Fq);
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var error = ParseCoordinate(item, $"{path}[{i}]", out var value);
            if (error is not null) return error;
            if (i == 0) x = value;
            else if (i == 1) y = value;
            else z = value;
            i++;
        }
        if (z.IsZero) return null;
        if (!z.IsOne) return Error(PointEncodingError.InvalidZ, $"{path}[2]", "z must be 1 (a point) or 0 (infinity)");
        // (0, 0) stands for infinity in memory; here infinity is z = 0, and (0, 0, 1) is off the curve.
        if (x.IsZero && y.IsZero) return Error(PointEncodingError.NotOnCurve, path, "(0, 0) is not on G1 (y^2 = x^3 + 3); infinity is z = 0");
        var point = new G1Affine(x, y);
        var check = PointDecoding.CheckG1(point);
        if (!check.IsOk) return Error(check.Error, path, check.Detail!);
        p = point;
        return null;
    }

    private static PointEncodingException? DecodeG2(JsonElement element, string path, SubgroupCheck subgroup, out G2Affine p)
    {
        p = G2Affine.Infinity;
        const string shape = "a G2 point is an array of three pairs of decimal strings [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]";
        if (!IsArrayOfLength(element, 3)) return Error(PointEncodingError.MalformedShape, path, shape);
        Span<Fq2> coordinates = stackalloc Fq2[3];
        var i = 0;
        foreach (var pair in element.EnumerateArray())
        {
            var pairPath = $"{path}[{i}]";
            if (!IsArrayOfLength(pair, 2)) return Error(PointEncodingError.MalformedShape, pairPath, shape);
            var error = ParseCoordinate(pair[0], pairPath + "[0]", out var c0);
            if (error is not null) return error;
            error = ParseCoordinate(pair[1], pairPath + "[1]", out var c1);
            if (error is not null) return error;
            coordinates[i++] = new Fq2(c0, c1);
        }
        var z = coordinates[2];
        if (z.IsZero) return null;
        if (!z.IsOne) return Error(PointEncodingError.InvalidZ, $"{path}[2]", "z must be [1, 0] (a point) or [0, 0] (infinity)");
        // As for G1: (0, 0) is infinity in memory, and off the twist with z = 1.
        if (coordinates[0].IsZero && coordinates[1].IsZero)
            return Error(PointEncodingError.NotOnCurve, path, "(0, 0) is not on the twist y^2 = x^3 + 3/(9+u); infinity is z = 0");
        var point = new G2Affine(coordinates[0], coordinates[1]);
        var check = PointDecoding.CheckG2(point, subgroup);
        if (!check.IsOk) return Error(check.Error, path, check.Detail!);
        p = point;
        return null;
    }

    private static bool IsArrayOfLength(JsonElement element, int length) =>
        element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == length;

    /// <summary>A canonical decimal string below q.</summary>
    private static PointEncodingException? ParseCoordinate(JsonElement element, string path, out Fq value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.String)
            return Error(PointEncodingError.InvalidNumber, path, $"a coordinate is a decimal string, not a JSON {element.ValueKind}");
        var text = element.GetString()!;
        var canonical = text.Length is > 0 and <= MaxDigits
            && (text.Length == 1 || text[0] != '0')
            && text.All(char.IsAsciiDigit);
        if (!canonical)
        {
            var shown = text.Length > 90 ? text[..90] + "..." : text;
            return Error(PointEncodingError.InvalidNumber, path, $"'{shown}' is not a canonical decimal number (digits only, no sign or leading zero, below q)");
        }
        var integer = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (integer >= Fq.Modulus)
            return Error(PointEncodingError.NonCanonicalCoordinate, path, $"{text} is not below the field modulus q");
        value = Fq.FromBigInteger(integer);
        return null;
    }

    private static PointEncodingException Error(PointEncodingError error, string path, string detail) =>
        new(error, $"snarkjs JSON point at {path}: {detail}", jsonPath: path);

    private static void WriteNumber(Utf8JsonWriter writer, in Fq value) =>
        writer.WriteStringValue(value.ToBigInteger().ToString(CultureInfo.InvariantCulture));

    private static void WritePair(Utf8JsonWriter writer, in Fq2 value)
    {
        writer.WriteStartArray();
        WriteNumber(writer, value.C0);
        WriteNumber(writer, value.C1);
        writer.WriteEndArray();
    }
}

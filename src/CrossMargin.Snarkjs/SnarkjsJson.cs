using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Field;
using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs;

/// <summary>
/// snarkjs's Groth16 JSON files, read strictly and written as snarkjs writes them
/// (<c>JSON.stringify(stringifyBigInts(obj), null, 1)</c>: one-space indentation, every number a
/// decimal string, no trailing newline):
/// <list type="bullet">
/// <item>verification_key.json (snarkjs src/zkey_export_verificationkey.js, groth16Vk):
/// protocol, curve, nPublic, vk_alpha_1, vk_beta_2, vk_gamma_2, vk_delta_2, vk_alphabeta_12, IC.</item>
/// <item>proof.json (src/groth16_prove.js): pi_a, pi_b, pi_c, protocol, curve.</item>
/// <item>public.json: an array of decimal strings.</item>
/// </list>
/// Points use <see cref="SnarkjsJsonPointEncoding"/>. Public signals stay <see cref="BigInteger"/>:
/// a value &gt;= r is the verifier's to reject (<see cref="MalformedStatementException"/>), never
/// silently reduced. Failures are <see cref="CircomFormatException"/> whose section is the JSON path.
/// </summary>
public static class SnarkjsJson
{
    /// <summary>A JSON file larger than this is refused before it is read.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Decimal digits accepted in a public signal: r has 77; more are hostile, not big.</summary>
    private const int MaxSignalDigits = 200;

    private static readonly string[] CurveNames = ["bn128", "bn254", "altbn128"];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // ---- verification key ---------------------------------------------------------------------

    /// <summary>
    /// Reads a key to verify with: a degenerate one (<see cref="DegenerateKeys.Refuse(VerificationKey, string)"/>)
    /// is refused with <see cref="DegenerateKeyException"/> naming the file. That says nothing of
    /// whether the key's maker could forge proofs: pin the key (<see cref="KeyDigest"/>).
    /// </summary>
    public static VerificationKey ReadVerificationKey(string path)
    {
        var key = ReadVerificationKeyUnchecked(path);
        DegenerateKeys.Refuse(key, path);
        return key;
    }

    /// <summary>
    /// Reads the key as the file has it, degenerate or not: for work on the format itself
    /// (inspecting, converting, tests of snarkjs's uncontributed keys), never to verify with.
    /// </summary>
    public static VerificationKey ReadVerificationKeyUnchecked(string path)
    {
        using var document = Parse(path);
        var root = Object(path, document.RootElement, "$");
        ExpectString(path, root, "protocol", "groth16");
        ExpectCurve(path, root);
        var nPublic = Property(path, root, "nPublic");
        if (nPublic.ValueKind != JsonValueKind.Number || !nPublic.TryGetInt32(out var count) || count < 0)
            throw Error(path, "$.nPublic", "is not a non-negative integer");
        var alpha = G1(path, Property(path, root, "vk_alpha_1"), "$.vk_alpha_1");
        var beta = G2(path, Property(path, root, "vk_beta_2"), "$.vk_beta_2");
        var gamma = G2(path, Property(path, root, "vk_gamma_2"), "$.vk_gamma_2");
        var delta = G2(path, Property(path, root, "vk_delta_2"), "$.vk_delta_2");
        var icElement = Property(path, root, "IC");
        if (icElement.ValueKind != JsonValueKind.Array) throw Error(path, "$.IC", "is not an array");
        if (icElement.GetArrayLength() != count + 1)
            throw Error(path, "$.IC", $"has {icElement.GetArrayLength()} points; nPublic {count} needs {count + 1}");
        var ic = new G1Affine[count + 1];
        var i = 0;
        foreach (var point in icElement.EnumerateArray())
        {
            ic[i] = G1(path, point, $"$.IC[{i}]");
            i++;
        }
        // vk_alphabeta_12 is derived from alpha and beta; snarkjs's verifier does not read it either.
        return new VerificationKey(alpha, beta, gamma, delta, ic);
    }

    /// <summary>Writes the key as `snarkjs zkey export verificationkey` does, with e(alpha, beta) as vk_alphabeta_12.</summary>
    public static void WriteVerificationKey(string path, VerificationKey key) => File.WriteAllBytes(path, VerificationKeyBytes(key));

    /// <summary>The bytes <see cref="WriteVerificationKey"/> writes (what <see cref="KeyDigest"/> hashes).</summary>
    public static byte[] VerificationKeyBytes(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var stream = new MemoryStream();
        Write(stream, w =>
        {
            w.WriteStartObject();
            w.WriteString("protocol", "groth16");
            w.WriteString("curve", "bn128");
            w.WriteNumber("nPublic", key.PublicCount);
            w.WritePropertyName("vk_alpha_1");
            SnarkjsJsonPointEncoding.WriteG1(w, key.Alpha1);
            w.WritePropertyName("vk_beta_2");
            SnarkjsJsonPointEncoding.WriteG2(w, key.Beta2);
            w.WritePropertyName("vk_gamma_2");
            SnarkjsJsonPointEncoding.WriteG2(w, key.Gamma2);
            w.WritePropertyName("vk_delta_2");
            SnarkjsJsonPointEncoding.WriteG2(w, key.Delta2);
            w.WritePropertyName("vk_alphabeta_12");
            // ffjavascript's Gt.toObject: [c0, c1] of Fq6, each [c0, c1, c2] of Fq2, each [c0, c1].
            var alphaBeta = SnarkjsPairing(key.Alpha1, key.Beta2);
            w.WriteStartArray();
            foreach (var six in new[] { alphaBeta.C0, alphaBeta.C1 })
            {
                w.WriteStartArray();
                foreach (var two in new[] { six.C0, six.C1, six.C2 })
                {
                    w.WriteStartArray();
                    w.WriteStringValue(two.C0.ToBigInteger().ToString());
                    w.WriteStringValue(two.C1.ToBigInteger().ToString());
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WritePropertyName("IC");
            w.WriteStartArray();
            foreach (var p in key.IC) SnarkjsJsonPointEncoding.WriteG1(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return stream.ToArray();
    }

    /// <summary>
    /// The pairing as ffjavascript computes it: its final exponentiation's hard part is Fuentes-
    /// Castaneda, Knapp and Rodriguez-Henriquez's ("Faster hashing to G2", SAC 2011), which raises
    /// to a multiple of (p^4 - p^2 + 1)/r, so its e(P, Q) is the exact pairing to the power
    /// 2x(6x^2 + 3x + 1) (x the BN seed; checked against snarkjs's vk_alphabeta_12 in the tests).
    /// </summary>
    private static Fq12 SnarkjsPairing(in G1Affine p, in G2Affine q) =>
        FieldAlgorithms.Pow(Bn254Pairing.Pair(p, q), FuentesCastanedaMultiple);

    private static readonly BigInteger FuentesCastanedaMultiple = ComputeMultiple();

    private static BigInteger ComputeMultiple()
    {
        var x = new BigInteger(4965661367192848881UL);
        return 2 * x * (6 * x * x + 3 * x + 1);
    }

    // ---- proof ----------------------------------------------------------------------------------

    public static Proof ReadProof(string path)
    {
        using var document = Parse(path);
        var root = Object(path, document.RootElement, "$");
        if (root.TryGetProperty("protocol", out _)) ExpectString(path, root, "protocol", "groth16");
        if (root.TryGetProperty("curve", out _)) ExpectCurve(path, root);
        var a = G1(path, Property(path, root, "pi_a"), "$.pi_a");
        var b = G2(path, Property(path, root, "pi_b"), "$.pi_b");
        var c = G1(path, Property(path, root, "pi_c"), "$.pi_c");
        return new Proof(a, b, c);
    }

    /// <summary>Writes the proof as snarkjs's groth16 prove does.</summary>
    public static void WriteProof(string path, Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Write(path, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("pi_a");
            SnarkjsJsonPointEncoding.WriteG1(w, proof.A);
            w.WritePropertyName("pi_b");
            SnarkjsJsonPointEncoding.WriteG2(w, proof.B);
            w.WritePropertyName("pi_c");
            SnarkjsJsonPointEncoding.WriteG1(w, proof.C);
            w.WriteString("protocol", "groth16");
            w.WriteString("curve", "bn128");
            w.WriteEndObject();
        });
    }

    // ---- public signals ------------------------------------------------------------------------

    /// <summary>
    /// Reads public.json: an array of canonical decimal strings (digits only, no sign, no leading
    /// zero). Values are not reduced: one &gt;= r is returned as is, for the verifier to refuse.
    /// </summary>
    public static BigInteger[] ReadPublicSignals(string path)
    {
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array) throw Error(path, "$", "is not an array of decimal strings");
        var result = new BigInteger[root.GetArrayLength()];
        var i = 0;
        foreach (var e in root.EnumerateArray())
        {
            var where = $"$[{i}]";
            if (e.ValueKind != JsonValueKind.String) throw Error(path, where, "is not a decimal string");
            result[i++] = CanonicalDecimal(path, where, e.GetString()!);
        }
        return result;
    }

    public static void WritePublicSignals(string path, IReadOnlyList<BigInteger> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Write(path, w =>
        {
            w.WriteStartArray();
            foreach (var s in signals)
            {
                if (s.Sign < 0) throw new ArgumentException("public signals are non-negative", nameof(signals));
                w.WriteStringValue(s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            w.WriteEndArray();
        });
    }

    // ---- circom's substitutions ---------------------------------------------------------------

    /// <summary>
    /// circom's <c>&lt;name&gt;_substitutions.json</c> (--O2 --simplification_substitution): for
    /// each signal label the simplification removed, the linear form over other labels that it
    /// equals, <c>{"label": {"label": "coefficient", ...}}</c>, label 0 standing for the constant
    /// one. Labels are canonical decimal integers, coefficients canonical decimals below r.
    /// </summary>
    public static IReadOnlyDictionary<ulong, IReadOnlyDictionary<ulong, Fr>> ReadSubstitutions(string path)
    {
        using var document = Parse(path);
        var root = Object(path, document.RootElement, "$");
        var result = new Dictionary<ulong, IReadOnlyDictionary<ulong, Fr>>();
        foreach (var substituted in root.EnumerateObject())
        {
            var where = $"$.{Shorten(substituted.Name)}";
            var label = Label(path, substituted.Name, where);
            var form = new Dictionary<ulong, Fr>();
            foreach (var term in Object(path, substituted.Value, where).EnumerateObject())
            {
                var termWhere = $"{where}.{Shorten(term.Name)}";
                if (term.Value.ValueKind != JsonValueKind.String) throw Error(path, termWhere, "is not a decimal string");
                var coefficient = CanonicalDecimal(path, termWhere, term.Value.GetString()!);
                if (coefficient >= Fr.Modulus) throw Error(path, termWhere, "is not below the field's modulus");
                form[Label(path, term.Name, termWhere)] = Fr.FromBigInteger(coefficient);
            }
            result[label] = form;
        }
        return result;

        static ulong Label(string path, string text, string where) =>
            text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
                ? ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
                : throw Error(path, where, $"'{Shorten(text)}' is not a signal label");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>A canonical decimal string (digits only, no sign, no leading zero, at most MaxSignalDigits), not reduced.</summary>
    private static BigInteger CanonicalDecimal(string path, string where, string text) =>
        text.Length > 0 && text.Length <= MaxSignalDigits && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
            ? BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : throw Error(path, where, $"'{Shorten(text)}' is not a canonical decimal number");

    private static JsonDocument Parse(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw CircomFormatException.CannotOpen(path, new FileNotFoundException());
            if (info.Length > MaxFileBytes) throw new CircomFormatException(path, null, 0, $"{info.Length} bytes is too large for a snarkjs JSON file");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CircomFormatException.CannotOpen(path, e);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new CircomFormatException(path, null, e.BytePositionInLine ?? 0, $"not JSON: {e.Message}");
        }
        try
        {
            RefuseDuplicateKeys(path, document.RootElement, "$");
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return document;
    }

    /// <summary>
    /// A key given twice anywhere in the file is refused with its JSON path: JSON.parse (snarkjs)
    /// keeps the last, a lookup here might see the first, so the two would read different keys
    /// or proofs from one file. The portfolio and input.json readers refuse them likewise.
    /// </summary>
    private static void RefuseDuplicateKeys(string path, JsonElement e, string where)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in e.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                        throw Error(path, $"{where}.{Shorten(property.Name)}", "appears twice; each key is given once");
                    RefuseDuplicateKeys(path, property.Value, $"{where}.{Shorten(property.Name)}");
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) RefuseDuplicateKeys(path, item, $"{where}[{i++}]");
                break;
        }
    }

    private static void Write(string path, Action<Utf8JsonWriter> body)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, body);
    }

    private static void Write(Stream stream, Action<Utf8JsonWriter> body)
    {
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        body(writer);
        writer.Flush();
    }

    private static JsonElement Object(string path, JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Object ? e : throw Error(path, where, "is not an object");

    private static JsonElement Property(string path, JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value : throw Error(path, "$." + name, "is missing");

    private static void ExpectString(string path, JsonElement obj, string name, string expected)
    {
        var value = Property(path, obj, name);
        if (value.ValueKind != JsonValueKind.String || value.GetString() != expected)
            throw Error(path, "$." + name, $"must be \"{expected}\"");
    }

    private static void ExpectCurve(string path, JsonElement obj)
    {
        var value = Property(path, obj, "curve");
        if (value.ValueKind != JsonValueKind.String || !CurveNames.Contains(value.GetString()))
            throw Error(path, "$.curve", $"must name BN254 ({string.Join(", ", CurveNames)})");
    }

    private static G1Affine G1(string path, JsonElement e, string where)
    {
        try { return SnarkjsJsonPointEncoding.ReadG1(e, where); }
        catch (PointEncodingException x) { throw Error(path, x.JsonPath ?? where, x.Message); }
    }

    private static G2Affine G2(string path, JsonElement e, string where)
    {
        try { return SnarkjsJsonPointEncoding.ReadG2(e, where); }
        catch (PointEncodingException x) { throw Error(path, x.JsonPath ?? where, x.Message); }
    }

    private static CircomFormatException Error(string path, string where, string problem) =>
        new(path, where, 0, problem);

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}

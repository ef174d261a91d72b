using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// The conversions between the forms a proof takes on its way to the auditor: the gate's eight
/// calldata words (the inverse of <see cref="Snarkjs.Solidity.ProofCalldata"/>), the <see cref="Proof"/> the verifier takes and
/// snarkjs's proof.json object (<see cref="SnarkjsProof"/>). Every point is decoded by the
/// existing strict readers (<see cref="EvmPointEncoding"/>, <see cref="SnarkjsJsonPointEncoding"/>):
/// a coordinate &gt;= q, a point off its curve or a G2 point outside the subgroup is a
/// <see cref="PointEncodingException"/> naming where it lies.
/// </summary>
public static class ProofForms
{
    /// <summary>The proof's eight calldata words (A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y) as a <see cref="Proof"/>.</summary>
    public static Proof FromCalldata(IReadOnlyList<BigInteger> words, string where = "proof")
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count != 8)
            throw new MalformedStatementException($"{where}: {words.Count} words; a proof is 8");
        var bytes = new byte[256];
        for (var i = 0; i < 8; i++)
        {
            if (words[i].Sign < 0 || words[i].GetByteCount(isUnsigned: true) > 32)
                throw new MalformedStatementException($"{where}[{i}]: {words[i]} is not a 256-bit word");
            words[i].TryWriteBytes(bytes.AsSpan(32 * i + 32 - words[i].GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        }
        return new Proof(
            EvmPointEncoding.ReadG1(bytes.AsSpan(0, 64), 0),
            EvmPointEncoding.ReadG2(bytes.AsSpan(64, 128), 64),
            EvmPointEncoding.ReadG1(bytes.AsSpan(192, 64), 192));
    }

    /// <summary>The proof as snarkjs's proof.json has it (projective, z = 1; the point at infinity as snarkjs writes it).</summary>
    public static SnarkjsProof ToSnarkjs(Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        // Written by the snarkjs point writer and read back as strings, so that there is one
        // place that knows the layout ([x, y, z], G2 coordinates real part first).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            SnarkjsJsonPointEncoding.WriteG1(writer, proof.A);
            SnarkjsJsonPointEncoding.WriteG2(writer, proof.B);
            SnarkjsJsonPointEncoding.WriteG1(writer, proof.C);
            writer.WriteEndArray();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var parts = document.RootElement.EnumerateArray().ToArray();
        return new SnarkjsProof
        {
            PiA = Strings(parts[0]),
            PiB = [.. parts[1].EnumerateArray().Select(Strings)],
            PiC = Strings(parts[2]),
        };

        static string[] Strings(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];
    }

    /// <summary>
    /// The <see cref="Proof"/> of snarkjs's proof.json object; <paramref name="where"/> is its JSON
    /// path ("$.proofs[3].proof"), for messages. Also refuses a protocol other than groth16 and a
    /// curve other than bn128.
    /// </summary>
    /// <exception cref="PointEncodingException">A point that is not one, with the path of the offending value.</exception>
    /// <exception cref="MalformedStatementException">Another protocol or curve.</exception>
    public static Proof FromSnarkjs(SnarkjsProof proof, string where = "$") => FromSnarkjs(proof, where, SubgroupCheck.Verify);

    /// <summary>
    /// An envelope's statement, checked under <paramref name="key"/> and ready for a batch: its
    /// <paramref name="signals"/> (<see cref="Signals"/>), its proof decoded, and every check the
    /// verifier makes before a pairing. B's G2
    /// membership is tested once, by <see cref="Verifier.Check"/>, not also by the decoder.
    /// </summary>
    /// <exception cref="MalformedInputException">What cannot be read or checked, and where (<paramref name="where"/> first).</exception>
    public static CheckedStatement Statement(VerificationKey key, ProofEnvelope envelope, IReadOnlyList<BigInteger> signals, string where)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var proof = FromSnarkjs(envelope.Proof, $"{where}: proof", SubgroupCheck.SkipForTrustedInput);
        try
        {
            return Verifier.Check(key, signals, proof);
        }
        catch (MalformedStatementException e)
        {
            throw new MalformedStatementException($"{where}: {e.Message}");
        }
    }

    private static Proof FromSnarkjs(SnarkjsProof proof, string where, SubgroupCheck subgroup)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (proof.Protocol != "groth16")
            throw new MalformedStatementException($"{where}.protocol: '{proof.Protocol}'; only groth16 proofs are audited");
        if (proof.Curve is not ("bn128" or "bn254"))
            throw new MalformedStatementException($"{where}.curve: '{proof.Curve}'; only bn128 proofs are audited");
        return new Proof(
            SnarkjsJsonPointEncoding.ReadG1(JsonSerializer.SerializeToElement(proof.PiA), $"{where}.pi_a"),
            SnarkjsJsonPointEncoding.ReadG2(JsonSerializer.SerializeToElement(proof.PiB), $"{where}.pi_b", subgroup),
            SnarkjsJsonPointEncoding.ReadG1(JsonSerializer.SerializeToElement(proof.PiC), $"{where}.pi_c"));
    }

    /// <summary>
    /// The envelope's public signals as integers; <paramref name="where"/> names the list. A
    /// signal must be a canonical decimal (digits, no leading zero, at most 78 digits); its range
    /// (&lt; r) is the verifier's to check (<see cref="Verifier.Check"/>).
    /// </summary>
    public static BigInteger[] Signals(IReadOnlyList<string> signals, string where = "publicSignals")
    {
        ArgumentNullException.ThrowIfNull(signals);
        var result = new BigInteger[signals.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = Decimal(signals[i], $"{where}[{i}]");
        return result;
    }

    /// <summary>A canonical decimal string (at most 78 digits: a 256-bit word) as an integer.</summary>
    public static BigInteger Decimal(string? text, string where)
    {
        if (text is null || text.Length is 0 or > 78 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
            throw new MalformedStatementException($"{where}: '{Shorten(text)}' is not a canonical decimal integer");
        return BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static string Shorten(string? s) => s is null ? "(null)" : s.Length <= 40 ? s : s[..40] + "...";
}

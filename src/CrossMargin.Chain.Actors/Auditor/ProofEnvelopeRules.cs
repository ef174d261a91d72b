using System.Numerics;
using System.Text.Json;
using CrossMargin.Chain;
using CrossMargin.Curves.Encodings;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// What makes a <see cref="ProofEnvelope"/> or <see cref="ProofBatch"/> one, whichever form it
/// was read from: addresses valid, the level 0 or 1, a transaction hash 0x and 64 hex digits,
/// public signals canonical decimals below r (1 to <see cref="MaxPublicSignals"/>), and the proof
/// exactly as snarkjs writes it (groth16, bn128, three G1/G2/G1 points in ffjavascript's
/// projective form with z 1 or 0, canonical decimals below q, each point on its curve; B's
/// membership in G2 is the verifier's to test). A value outside that set has no protobuf
/// encoding, so what a JSON reader and the protobuf reader accept is the same. Paths are JSON paths ("$.proofs[3].proof.pi_b").
/// </summary>
public static class ProofEnvelopeRules
{
    /// <summary>Public signals per proof: the solvency circuits have a few dozen.</summary>
    public const int MaxPublicSignals = 256;

    /// <summary>Checks every envelope of <paramref name="batch"/> and its format; <paramref name="error"/>(path, problem) makes the exception.</summary>
    public static void Check(ProofBatch batch, Func<string, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(error);
        if (batch.Format != ProofBatch.CurrentFormat) throw error("$.format", $"'{batch.Format}', expected '{ProofBatch.CurrentFormat}'");
        if (batch.Proofs is null) throw error("$.proofs", "is missing");
        for (var i = 0; i < batch.Proofs.Count; i++) Check(batch.Proofs[i], $"$.proofs[{i}]", error);
    }

    /// <summary>Checks one envelope lying at JSON path <paramref name="at"/> ("$" alone, "$.proofs[3]" in a batch).</summary>
    public static void Check(ProofEnvelope envelope, string at, Func<string, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (envelope is null) throw error(at, "is null, not a proof envelope");
        if (envelope.ChainId == 0) throw error($"{at}.chainId", "is 0; a chain id is at least 1");
        Address(envelope.Gate, $"{at}.gate", error);
        Address(envelope.Account, $"{at}.account", error);
        if (envelope.Level > 1) throw error($"{at}.level", $"is {envelope.Level}; a level is 0 (initial) or 1 (maintenance)");
        Transaction(envelope.Transaction, $"{at}.transaction", error);
        var signals = envelope.PublicSignals ?? throw error($"{at}.publicSignals", "is missing");
        if (signals.Count is 0 or > MaxPublicSignals)
            throw error($"{at}.publicSignals", $"has {signals.Count} entries; a proof has 1 to {MaxPublicSignals} public signals");
        for (var i = 0; i < signals.Count; i++) Canonical(signals[i], Fr.Modulus, $"{at}.publicSignals[{i}]", error);
        Proof(envelope.Proof, $"{at}.proof", error);
    }

    /// <summary>An address, or an error naming <paramref name="path"/>.</summary>
    public static void Address(string? text, string path, Func<string, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!EvmAddress.IsValid(text)) throw error(path, $"'{Shorten(text)}' is not an address (0x and 40 hex digits)");
    }

    /// <summary>A transaction hash (0x and 64 hex digits) or null.</summary>
    public static void Transaction(string? text, string path, Func<string, string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (text is not null && !(text.Length == 66 && text.StartsWith("0x", StringComparison.Ordinal) && text.AsSpan(2).ContainsAnyExcept(HexDigits) is false))
            throw error(path, $"'{Shorten(text)}' is not a transaction hash (0x and 64 hex digits)");
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>snarkjs's proof.json exactly as snarkjs writes it (type doc).</summary>
    private static void Proof(SnarkjsProof? proof, string at, Func<string, string, Exception> error)
    {
        if (proof is null) throw error(at, "is missing");
        if (proof.Protocol != "groth16") throw error($"{at}.protocol", $"'{Shorten(proof.Protocol)}', expected 'groth16'");
        if (proof.Curve != "bn128") throw error($"{at}.curve", $"'{Shorten(proof.Curve)}', expected 'bn128' (as snarkjs writes it)");
        Point(proof.PiA, $"{at}.pi_a", g2: false, error);
        Point(proof.PiB, $"{at}.pi_b", g2: true, error);
        Point(proof.PiC, $"{at}.pi_c", g2: false, error);
    }

    // The point is decoded by the one snarkjs point reader, then written back: anything but the
    // text snarkjs itself writes for that point (a z = 0 point with other x and y, which
    // ffjavascript ignores) is refused, so the point has one spelling in each form. B's membership
    // in G2 is left to the verifier (Verifier.Check), which tests it once when the proof is
    // audited and names a proof outside it as malformed, rather than refusing the whole file.
    private static void Point(object? coordinates, string path, bool g2, Func<string, string, Exception> error)
    {
        if (coordinates is null) throw error(path, "is missing");
        var element = JsonSerializer.SerializeToElement(coordinates);
        string canonical;
        try
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                if (g2) SnarkjsJsonPointEncoding.WriteG2(writer, SnarkjsJsonPointEncoding.ReadG2(element, path, SubgroupCheck.SkipForTrustedInput));
                else SnarkjsJsonPointEncoding.WriteG1(writer, SnarkjsJsonPointEncoding.ReadG1(element, path));
            }
            canonical = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (PointEncodingException e)
        {
            throw error(path, e.Message);
        }
        if (canonical != element.GetRawText())
            throw error(path, $"{element.GetRawText()} is not the point as snarkjs writes it ({canonical})");
    }

    /// <summary>A decimal string as snarkjs writes one (digits, no sign, no leading zero) below <paramref name="modulus"/>.</summary>
    private static void Canonical(string? text, BigInteger modulus, string path, Func<string, string, Exception> error)
    {
        if (text is null || text.Length is 0 or > 78 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
            throw error(path, $"'{Shorten(text)}' is not a decimal string as snarkjs writes one (digits, no sign, no leading zero)");
        if (BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture) >= modulus)
            throw error(path, $"{text} is not below the scalar field's modulus r");
    }

    private static string Shorten(string? text) => text is null ? "null" : text.Length > 48 ? text[..45] + "..." : text;
}

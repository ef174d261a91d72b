using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// The files of a phase-1 ceremony run with snarkjs across machines (powersoftau_export_challenge.js,
/// powersoftau_challenge_contribute.js, powersoftau_import.js), for n = 2^power:
/// <code>
/// challenge: lastResponseHash[64] | U(tauG1) x (2n - 1) | U(tauG2) x n | U(alphaTauG1) x n | U(betaTauG1) x n | U(betaG2)
/// response:  challengeHash[64]    | C(tauG1) x (2n - 1) | C(tauG2) x n | C(alphaTauG1) x n | C(betaTauG1) x n | C(betaG2)
///            | public key (6 G1 then 3 G2, uncompressed)
/// </code>
/// U and C are the uncompressed and compressed encodings of <see cref="PowersOfTauTranscript"/>.
/// The challenge hashes to the .ptau's nextChallenge (Blake2b of the whole file), which is the
/// hash the contributor's key is bound to; the response hashes to the contribution's response hash.
/// </summary>
public static class PowersOfTauChallenge
{
    private const int G1U = 64, G2U = 128, G1C = 32, G2C = 64;

    /// <summary>Bytes of a challenge of 2^power.</summary>
    public static long ChallengeSize(int power) => 64 + Points(power, G1U, G2U);

    /// <summary>Bytes of a response of 2^power.</summary>
    public static long ResponseSize(int power) => 64 + Points(power, G1C, G2C) + PowersOfTauPublicKey.Size;

    private static long Points(int power, int g1, int g2)
    {
        var n = 1L << power;
        return (2 * n - 1) * g1 + n * g2 + 2 * n * g1 + g2;
    }

    /// <summary>
    /// powersoftau export challenge: writes the challenge of <paramref name="file"/> and returns its
    /// hash, refusing a file whose points do not hash to its last recorded nextChallenge (snarkjs: "PTau file is corrupted").
    /// </summary>
    public static byte[] Export(PtauFile file, string challengePath)
    {
        ArgumentNullException.ThrowIfNull(file);
        var lastResponse = file.Contributions.Count == 0 ? Blake2b.Hash([]) : file.Contributions[^1].ResponseHash();
        var a = file.Points;
        var bytes = new byte[ChallengeSize(a.Power)];
        lastResponse.CopyTo(bytes, 0);
        var pos = 64;
        foreach (var p in a.TauG1) { EvmPointEncoding.WriteG1(p, bytes.AsSpan(pos, G1U)); pos += G1U; }
        foreach (var p in a.TauG2) { EvmPointEncoding.WriteG2(p, bytes.AsSpan(pos, G2U)); pos += G2U; }
        foreach (var p in a.AlphaTauG1) { EvmPointEncoding.WriteG1(p, bytes.AsSpan(pos, G1U)); pos += G1U; }
        foreach (var p in a.BetaTauG1) { EvmPointEncoding.WriteG1(p, bytes.AsSpan(pos, G1U)); pos += G1U; }
        EvmPointEncoding.WriteG2(a.BetaG2, bytes.AsSpan(pos, G2U));
        var hash = Blake2b.Hash(bytes);
        if (!hash.AsSpan().SequenceEqual(file.NextChallenge()))
            throw new PtauChainException("the accumulator's points do not hash to the next challenge the file records (PTau file is corrupted)");
        File.WriteAllBytes(challengePath, bytes);
        return hash;
    }

    /// <summary>
    /// powersoftau challenge contribute: reads a challenge, multiplies its points by fresh secrets
    /// from <paramref name="rng"/> and writes the response. Returns (challenge hash, response hash).
    /// </summary>
    /// <exception cref="CircomFormatException">The challenge's size or a point is not valid.</exception>
    public static (byte[] ChallengeHash, byte[] ResponseHash) Contribute(string challengePath, string responsePath, SnarkjsRng rng, Action<string, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bytes = File.ReadAllBytes(challengePath);
        var power = PowerOf(challengePath, bytes.Length, ChallengeSize);
        var pos = 64;
        var n = 1L << power;
        var tauG1 = ReadUncompressedG1(challengePath, bytes, ref pos, 2 * n - 1);
        var tauG2 = ReadUncompressedG2(challengePath, bytes, ref pos, n);
        var alpha = ReadUncompressedG1(challengePath, bytes, ref pos, n);
        var beta = ReadUncompressedG1(challengePath, bytes, ref pos, n);
        var betaG2 = ReadUncompressedG2(challengePath, bytes, ref pos, 1)[0];
        var challengeHash = Blake2b.Hash(bytes);

        var (points, record) = PowersOfTauCeremony.ContributeRecorded(new PowersOfTau(power, tauG1, tauG2, alpha, beta, betaG2), challengeHash, rng, null, progress);
        var response = new byte[ResponseSize(power)];
        challengeHash.CopyTo(response, 0);
        pos = 64;
        foreach (var p in points.TauG1) { PowersOfTauTranscript.WriteCompressed(p, response.AsSpan(pos, G1C)); pos += G1C; }
        foreach (var p in points.TauG2) { PowersOfTauTranscript.WriteCompressed(p, response.AsSpan(pos, G2C)); pos += G2C; }
        foreach (var p in points.AlphaTauG1) { PowersOfTauTranscript.WriteCompressed(p, response.AsSpan(pos, G1C)); pos += G1C; }
        foreach (var p in points.BetaTauG1) { PowersOfTauTranscript.WriteCompressed(p, response.AsSpan(pos, G1C)); pos += G1C; }
        PowersOfTauTranscript.WriteCompressed(points.BetaG2, response.AsSpan(pos, G2C));
        pos += G2C;
        record.Key.Write(response.AsSpan(pos), EvmPointEncoding.WriteG1, EvmPointEncoding.WriteG2);
        File.WriteAllBytes(responsePath, response);
        return (challengeHash, record.ResponseHash());
    }

    /// <summary>
    /// powersoftau import response: the accumulator of <paramref name="responsePath"/>'s contribution
    /// to <paramref name="old"/>, with its record appended (named <paramref name="name"/>). The
    /// response must answer <paramref name="old"/>'s next challenge. The contribution's proof is
    /// not checked here: <see cref="PowersOfTauVerification"/> does.
    /// </summary>
    public static PtauFile Import(PtauFile old, string responsePath, string? name)
    {
        ArgumentNullException.ThrowIfNull(old);
        var bytes = File.ReadAllBytes(responsePath);
        if (bytes.Length != ResponseSize(old.Power))
            throw new CircomFormatException(responsePath, null, 0, $"a response of 2^{old.Power} has {ResponseSize(old.Power)} bytes, this file {bytes.Length} (Size of the contribution is invalid)");
        if (!bytes.AsSpan(0, 64).SequenceEqual(old.NextChallenge()))
            throw new PtauChainException("the response does not answer this file's next challenge (Wrong contribution. This contribution is not based on the previous hash)");
        var n = 1L << old.Power;
        var pos = 64;
        var tauG1 = ReadCompressedG1(responsePath, bytes, ref pos, 2 * n - 1);
        var tauG2 = ReadCompressedG2(responsePath, bytes, ref pos, n);
        var alpha = ReadCompressedG1(responsePath, bytes, ref pos, n);
        var beta = ReadCompressedG1(responsePath, bytes, ref pos, n);
        var betaG2 = ReadCompressedG2(responsePath, bytes, ref pos, 1)[0];
        PowersOfTauPublicKey key;
        try
        {
            key = PowersOfTauPublicKey.ReadUncompressed(bytes.AsSpan(pos));
        }
        catch (PointEncodingException e)
        {
            throw new CircomFormatException(responsePath, "public key", pos + (e.ByteOffset ?? 0), e.Message);
        }
        var points = new PowersOfTau(old.Power, tauG1, tauG2, alpha, beta, betaG2);
        var record = PowersOfTauTranscript.ImportedRecord(points, bytes.AsSpan(0, 64), key, name);
        return new PtauFile(points, [.. old.Contributions, PtauContribution.From(record)]);
    }

    private static int PowerOf(string path, long length, Func<int, long> size)
    {
        for (var power = 1; power <= PowersOfTau.MaxPower; power++)
            if (size(power) == length) return power;
        throw new CircomFormatException(path, null, 0, $"{length} bytes is not the size of a challenge of any power 1..{PowersOfTau.MaxPower}");
    }

    private delegate bool TryDecode<T>(ReadOnlySpan<byte> source, out T point);

    /// <summary>count points of size bytes from bytes[pos..], advancing pos; what names the encoding for messages.</summary>
    private static T[] ReadPoints<T>(string path, byte[] bytes, ref int pos, long count, int size, TryDecode<T> decode, string what)
    {
        var points = new T[count];
        for (var i = 0; i < count; i++, pos += size)
            if (!decode(bytes.AsSpan(pos, size), out points[i]))
                throw new CircomFormatException(path, null, pos, $"bytes {pos}..{pos + size} are not {what}");
        return points;
    }

    private static G1Affine[] ReadUncompressedG1(string path, byte[] bytes, ref int pos, long count) =>
        ReadPoints<G1Affine>(path, bytes, ref pos, count, G1U, EvmPointEncoding.TryReadG1, "a G1 point");

    private static G2Affine[] ReadUncompressedG2(string path, byte[] bytes, ref int pos, long count) =>
        ReadPoints<G2Affine>(path, bytes, ref pos, count, G2U, EvmPointEncoding.TryReadG2, "a G2 point of the prime-order subgroup");

    private static G1Affine[] ReadCompressedG1(string path, byte[] bytes, ref int pos, long count) =>
        ReadPoints<G1Affine>(path, bytes, ref pos, count, G1C, PowersOfTauTranscript.TryReadCompressed, "a compressed G1 point");

    private static G2Affine[] ReadCompressedG2(string path, byte[] bytes, ref int pos, long count) =>
        ReadPoints(path, bytes, ref pos, count, G2C, (ReadOnlySpan<byte> b, out G2Affine p) => PowersOfTauTranscript.TryReadCompressed(b, out p) && p.IsInSubgroup,
            "a compressed G2 point of the prime-order subgroup");
}

/// <summary>A .ptau's recorded hashes or proofs do not chain: a false statement about the ceremony (exit 1).</summary>
public sealed class PtauChainException(string message) : InvalidStatementException(message);

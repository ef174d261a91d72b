using System.Buffers.Binary;
using System.Text;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Field;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// The public key of one phase-1 contribution (snarkjs keypair.js createPTauKey): for each secret
/// s of tau, alpha, beta, a random G1 point g1_s, g1_sx = s g1_s, and g2_spx = s g2_sp where
/// g2_sp = hashToG2(Blake2b(personalization | challenge | g1_s | g1_sx)) (getG2sp; personalization
/// 0 tau, 1 alpha, 2 beta). A verifier recomputes g2_sp and checks e(g1_s, g2_spx) = e(g1_sx, g2_sp):
/// the contributor knew s, and s is bound to the challenge it answered.
/// </summary>
public sealed record PowersOfTauPublicKey(
    G1Affine TauG1S, G1Affine TauG1Sx, G1Affine AlphaG1S, G1Affine AlphaG1Sx, G1Affine BetaG1S, G1Affine BetaG1Sx,
    G2Affine TauG2Spx, G2Affine AlphaG2Spx, G2Affine BetaG2Spx)
{
    /// <summary>6 G1 and 3 G2 points.</summary>
    public const int Size = 6 * 64 + 3 * 128;

    /// <summary>
    /// createPTauKey: tau, alpha, beta = Fr.fromRng three times, then for each in turn g1_s =
    /// G1.fromRng and the points derived from it. The same generator gives the same key as snarkjs.
    /// </summary>
    public static (PowersOfTauCeremony.Secrets Secrets, PowersOfTauPublicKey Key) Create(ReadOnlySpan<byte> challenge, SnarkjsRng rng)
    {
        var secrets = new PowersOfTauCeremony.Secrets(rng.NextFr(), rng.NextFr(), rng.NextFr());
        var (tauS, tauSx, tauSpx) = Part(secrets.Tau, 0, challenge, rng);
        var (alphaS, alphaSx, alphaSpx) = Part(secrets.Alpha, 1, challenge, rng);
        var (betaS, betaSx, betaSpx) = Part(secrets.Beta, 2, challenge, rng);
        return (secrets, new PowersOfTauPublicKey(tauS, tauSx, alphaS, alphaSx, betaS, betaSx, tauSpx, alphaSpx, betaSpx));
    }

    /// <summary>getG2sp: the G2 point a key's g2_spx must be s times.</summary>
    public static G2Affine G2Sp(byte personalization, ReadOnlySpan<byte> challenge, in G1Affine g1S, in G1Affine g1Sx)
    {
        var h = new Blake2b();
        h.Update([personalization]);
        h.Update(challenge);
        Span<byte> u = stackalloc byte[64];
        EvmPointEncoding.WriteG1(g1S, u);
        h.Update(u);
        EvmPointEncoding.WriteG1(g1Sx, u);
        h.Update(u);
        return SnarkjsHashToG2.Hash(h.Digest());
    }

    private static (G1Affine, G1Affine, G2Affine) Part(in Fr secret, byte personalization, ReadOnlySpan<byte> challenge, SnarkjsRng rng)
    {
        var g1S = rng.NextG1();
        var g1Sx = Bn254ScalarMultiplication.Multiply(g1S, secret).ToAffine();
        var g2Sp = G2Sp(personalization, challenge, g1S, g1Sx);
        return (g1S, g1Sx, Bn254ScalarMultiplication.Multiply(g2Sp, secret).ToAffine());
    }

    /// <summary>The nine points in the order of the file, each written by the given encoder.</summary>
    internal void Write(Span<byte> destination, PointWriter<G1Affine> g1, PointWriter<G2Affine> g2)
    {
        var pos = 0;
        foreach (var p in (ReadOnlySpan<G1Affine>)[TauG1S, TauG1Sx, AlphaG1S, AlphaG1Sx, BetaG1S, BetaG1Sx])
        {
            g1(p, destination.Slice(pos, 64));
            pos += 64;
        }
        foreach (var p in (ReadOnlySpan<G2Affine>)[TauG2Spx, AlphaG2Spx, BetaG2Spx])
        {
            g2(p, destination.Slice(pos, 128));
            pos += 128;
        }
    }

    /// <summary>Reads the nine points as the file stores them (little-endian Montgomery), checked.</summary>
    /// <exception cref="PointEncodingException">A point is not valid.</exception>
    public static PowersOfTauPublicKey Read(ReadOnlySpan<byte> source) =>
        Read(source, (s, o) => SnarkjsBinaryPointEncoding.ReadG1(s, o), (s, o) => SnarkjsBinaryPointEncoding.ReadG2(s, o));

    /// <summary>Reads the nine points as a response file stores them (uncompressed, big-endian), checked.</summary>
    /// <exception cref="PointEncodingException">A point is not valid.</exception>
    public static PowersOfTauPublicKey ReadUncompressed(ReadOnlySpan<byte> source) =>
        Read(source, (s, o) => EvmPointEncoding.ReadG1(s, o), (s, o) => EvmPointEncoding.ReadG2(s, o));

    private delegate T PointReader<T>(ReadOnlySpan<byte> source, long offset);

    private static PowersOfTauPublicKey Read(ReadOnlySpan<byte> source, PointReader<G1Affine> readG1, PointReader<G2Affine> readG2)
    {
        var g1 = new G1Affine[6];
        for (var i = 0; i < 6; i++) g1[i] = readG1(source.Slice(64 * i, 64), 64 * i);
        var g2 = new G2Affine[3];
        for (var i = 0; i < 3; i++) g2[i] = readG2(source.Slice(384 + 128 * i, 128), 384 + 128 * i);
        return new PowersOfTauPublicKey(g1[0], g1[1], g1[2], g1[3], g1[4], g1[5], g2[0], g2[1], g2[2]);
    }

    internal delegate void PointWriter<T>(in T point, Span<byte> destination);
}

/// <summary>
/// One entry of a .ptau contribution history as snarkjs writes it (powersoftau_utils.js
/// writeContribution), and the hash chain that links the entries (powersoftau_contribute.js):
/// <code>
/// response      = Blake2b(challenge | C(tauG1) | C(tauG2) | C(alphaTauG1) | C(betaTauG1) | C(betaG2) | U(public key))
/// nextChallenge = Blake2b(response | U(tauG1) | U(tauG2) | U(alphaTauG1) | U(betaTauG1) | U(betaG2))
/// </code>
/// where challenge is the previous entry's nextChallenge (the first challenge for the first entry,
/// <see cref="PowersOfTauTranscript.FirstChallengeHash"/>), C the compressed and U the uncompressed
/// point encodings of ffjavascript (<see cref="PowersOfTauTranscript"/>), the sections those of the
/// accumulator after the contribution. The entry keeps the response hasher's state before the public
/// key (partialHash) so that a verifier can recompute the response from the key alone.
/// </summary>
public sealed record PowersOfTauContributionRecord(
    G1Affine TauG1, G2Affine TauG2, G1Affine AlphaG1, G1Affine BetaG1, G2Affine BetaG2,
    PowersOfTauPublicKey Key, byte[] PartialHash, byte[] NextChallenge, string? Name, PowersOfTauBeacon? Beacon = null)
{
    /// <summary>0 for a contribution, 1 for a beacon.</summary>
    public uint Type => Beacon is null ? 0u : 1u;

    /// <summary>Offset of nextChallenge in a serialized entry: 5 accumulator points, the key, partialHash.</summary>
    public const int NextChallengeOffset = 3 * 64 + 2 * 128 + PowersOfTauPublicKey.Size + Blake2b.PartialHashSize;

    /// <summary>snarkjs keeps at most 64 UTF-16 units of the name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The name as the file keeps it: none when empty, else its first 64 UTF-16 units.</summary>
    public string? StoredName => string.IsNullOrEmpty(Name) ? null : Name.Length > MaxNameLength ? Name[..MaxNameLength] : Name;

    /// <summary>The response hash: the saved hasher continued with the key's uncompressed points.</summary>
    public byte[] ResponseHash() => PowersOfTauTranscript.ResponseHash(PartialHash, Key);

    /// <summary>
    /// writeContribution's bytes: points LE Montgomery, partialHash, nextChallenge, type, parameters
    /// (1: name; for a beacon 2: numIterationsExp, 3: the beacon hash).
    /// </summary>
    public byte[] ToBytes()
    {
        var name = StoredName is { } stored ? Encoding.UTF8.GetBytes(stored) : [];
        if (name.Length > 255) throw new InvalidOperationException("the name is longer than 255 UTF-8 bytes");
        byte[] parameters = [.. name.Length == 0 ? [] : (byte[])[1, (byte)name.Length, .. name],
            .. Beacon is { } b ? (byte[])[2, (byte)b.NumIterationsExp, 3, (byte)b.Hash.Length, .. b.Hash] : []];
        var result = new byte[NextChallengeOffset + 64 + 4 + 4 + parameters.Length];
        var s = result.AsSpan();
        SnarkjsBinaryPointEncoding.WriteG1(TauG1, s[..64]);
        SnarkjsBinaryPointEncoding.WriteG2(TauG2, s.Slice(64, 128));
        SnarkjsBinaryPointEncoding.WriteG1(AlphaG1, s.Slice(192, 64));
        SnarkjsBinaryPointEncoding.WriteG1(BetaG1, s.Slice(256, 64));
        SnarkjsBinaryPointEncoding.WriteG2(BetaG2, s.Slice(320, 128));
        Key.Write(s.Slice(448, PowersOfTauPublicKey.Size), SnarkjsBinaryPointEncoding.WriteG1, SnarkjsBinaryPointEncoding.WriteG2);
        PartialHash.CopyTo(s[(448 + PowersOfTauPublicKey.Size)..]);
        NextChallenge.CopyTo(s[NextChallengeOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(NextChallengeOffset + 64)..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(NextChallengeOffset + 68)..], (uint)parameters.Length);
        parameters.CopyTo(s[(NextChallengeOffset + 72)..]);
        return result;
    }
}

/// <summary>
/// The public parameters of a beacon contribution (powersoftau_beacon.js): its key is drawn from
/// <see cref="SnarkjsRng.FromBeacon"/>(Hash, NumIterationsExp), so anyone can recompute it.
/// </summary>
public sealed record PowersOfTauBeacon
{
    public PowersOfTauBeacon(byte[] hash, int numIterationsExp)
    {
        if (hash.Length is 0 or > 255) throw new ArgumentException("a beacon hash has 1 to 255 bytes", nameof(hash));
        if (numIterationsExp is < 10 or > 63) throw new ArgumentOutOfRangeException(nameof(numIterationsExp), numIterationsExp, "10 to 63");
        Hash = hash;
        NumIterationsExp = numIterationsExp;
    }

    public byte[] Hash { get; }
    public int NumIterationsExp { get; }

    public SnarkjsRng Rng() => SnarkjsRng.FromBeacon(Hash, NumIterationsExp);
}

/// <summary>
/// The hashes of snarkjs's phase-1 transcript over an accumulator in memory: the first challenge
/// (powersoftau_utils.js calculateFirstChallengeHash), a contribution's record
/// (powersoftau_contribute.js), and the point encodings they hash (ffjavascript / wasmcurves
/// LEMtoU and LEMtoC): uncompressed = x | y big-endian, an F_q2 element c1 | c0, infinity all
/// zeros; compressed = x alone, with bit 0x80 of the first byte set when y is "negative" (above
/// (q-1)/2, for F_q2 judged by c1, or by c0 when c1 = 0), infinity 0x40 then zeros.
/// </summary>
public static class PowersOfTauTranscript
{
    // powersoftau_contribute.js processSection hashes 2^20 bytes of LEM points at a time; the
    // partialHash's stale buffer bytes depend on those update boundaries.
    private const int ChunkG1 = (1 << 20) / 64;
    private const int ChunkG2 = (1 << 20) / 128;
    private static readonly ulong[] HalfQ = HalfQLimbs();

    /// <summary>
    /// The challenge the first contributor answers: Blake2b(Blake2b("") | U(G1) x (2^(power+1) - 1)
    /// | U(G2) x 2^power | U(G1) x 2^power | U(G1) x 2^power | U(G2)), the hash of a new accumulator.
    /// </summary>
    public static byte[] FirstChallengeHash(int power)
    {
        PowersOfTau.CheckPower(power);
        var h = new Blake2b();
        h.Update(Blake2b.Hash([]));
        var g1 = new byte[64];
        var g2 = new byte[128];
        EvmPointEncoding.WriteG1(G1Curve.Generator, g1);
        EvmPointEncoding.WriteG2(G2Curve.Generator, g2);
        Repeat(h, g1, PowersOfTau.TauG1Count(power));
        Repeat(h, g2, 1L << power);
        Repeat(h, g1, 1L << power);
        Repeat(h, g1, 1L << power);
        h.Update(g2);
        return h.Digest();
    }

    /// <summary>
    /// The record of the contribution that turned the accumulator answering
    /// <paramref name="challenge"/> into <paramref name="contributed"/>, with public key <paramref name="key"/>.
    /// </summary>
    public static PowersOfTauContributionRecord Record(
        PowersOfTau contributed, ReadOnlySpan<byte> challenge, PowersOfTauPublicKey key, string? name, PowersOfTauBeacon? beacon = null) =>
        RecordChunked(contributed, challenge, key, name, beacon, ChunkG1, ChunkG2);

    /// <summary>
    /// The record snarkjs's powersoftau import response makes of a response: as <see cref="Record(PowersOfTau, ReadOnlySpan{byte}, PowersOfTauPublicKey, string?, PowersOfTauBeacon?)"/>,
    /// but the compressed points are hashed 2^24 bytes of LEM points at a time (powersoftau_import.js),
    /// which only the partialHash's stale buffer bytes show.
    /// </summary>
    public static PowersOfTauContributionRecord ImportedRecord(PowersOfTau contributed, ReadOnlySpan<byte> challenge, PowersOfTauPublicKey key, string? name) =>
        RecordChunked(contributed, challenge, key, name, null, (1 << 24) / 64, (1 << 24) / 128);

    private static PowersOfTauContributionRecord RecordChunked(
        PowersOfTau contributed, ReadOnlySpan<byte> challenge, PowersOfTauPublicKey key, string? name, PowersOfTauBeacon? beacon, int chunkG1, int chunkG2)
    {
        if (challenge.Length != Blake2b.DigestSize) throw new ArgumentException("a challenge is a 64-byte hash", nameof(challenge));
        var response = new Blake2b();
        response.Update(challenge);
        HashEncoded(response, contributed.TauG1, 32, chunkG1, WriteCompressed);
        HashEncoded(response, contributed.TauG2, 64, chunkG2, WriteCompressed);
        HashEncoded(response, contributed.AlphaTauG1, 32, chunkG1, WriteCompressed);
        HashEncoded(response, contributed.BetaTauG1, 32, chunkG1, WriteCompressed);
        HashEncoded(response, [contributed.BetaG2], 64, chunkG2, WriteCompressed);
        var partial = response.ExportPartialHash();
        var keyBytes = new byte[PowersOfTauPublicKey.Size];
        key.Write(keyBytes, EvmPointEncoding.WriteG1, EvmPointEncoding.WriteG2);
        response.Update(keyBytes);
        var responseHash = response.Digest();

        var next = new Blake2b();
        next.Update(responseHash);
        HashUncompressed(next, contributed);
        return new PowersOfTauContributionRecord(
            contributed.TauG1[1], contributed.TauG2[1], contributed.AlphaTauG1[0], contributed.BetaTauG1[0], contributed.BetaG2,
            key, partial, next.Digest(), name, beacon);
    }

    /// <summary>A contribution's response hash: its partialHash continued with the key's uncompressed points.</summary>
    public static byte[] ResponseHash(ReadOnlySpan<byte> partialHash, PowersOfTauPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var h = Blake2b.FromPartialHash(partialHash);
        var bytes = new byte[PowersOfTauPublicKey.Size];
        key.Write(bytes, EvmPointEncoding.WriteG1, EvmPointEncoding.WriteG2);
        h.Update(bytes);
        return h.Digest();
    }

    /// <summary>Blake2b(response | U(every section)): what a record's nextChallenge must be for this accumulator.</summary>
    public static byte[] NextChallengeOf(PowersOfTau accumulator, ReadOnlySpan<byte> responseHash)
    {
        var next = new Blake2b();
        next.Update(responseHash);
        HashUncompressed(next, accumulator);
        return next.Digest();
    }

    private static void HashUncompressed(Blake2b h, PowersOfTau a)
    {
        HashEncoded(h, a.TauG1, 64, ChunkG1, EvmPointEncoding.WriteG1);
        HashEncoded(h, a.TauG2, 128, ChunkG2, EvmPointEncoding.WriteG2);
        HashEncoded(h, a.AlphaTauG1, 64, ChunkG1, EvmPointEncoding.WriteG1);
        HashEncoded(h, a.BetaTauG1, 64, ChunkG1, EvmPointEncoding.WriteG1);
        HashEncoded(h, [a.BetaG2], 128, ChunkG2, EvmPointEncoding.WriteG2);
    }

    private delegate void Encoder<T>(in T point, Span<byte> destination);

    /// <summary>Encodes the points chunk by chunk (in parallel within a chunk) and hashes each chunk with one update.</summary>
    private static void HashEncoded<T>(Blake2b h, T[] points, int size, int chunk, Encoder<T> encode)
    {
        var buffer = new byte[Math.Min(points.Length, chunk) * size];
        for (var start = 0; start < points.Length; start += chunk)
        {
            var length = Math.Min(chunk, points.Length - start);
            var first = start;
            ParallelChunks.For(length, 1024, (lo, count) =>
            {
                for (var i = lo; i < lo + count; i++) encode(points[first + i], buffer.AsSpan(i * size, size));
            });
            h.Update(buffer.AsSpan(0, length * size));
        }
    }

    /// <summary>wasmcurves g1m_LEMtoC.</summary>
    public static void WriteCompressed(in G1Affine p, Span<byte> destination)
    {
        destination = destination[..32];
        if (p.IsInfinity)
        {
            destination.Clear();
            destination[0] = 0x40;
            return;
        }
        p.X.WriteBigEndian(destination);
        if (IsNegative(p.Y)) destination[0] |= 0x80;
    }

    /// <summary>wasmcurves g2m_LEMtoC: x as c1 | c0 big-endian.</summary>
    public static void WriteCompressed(in G2Affine p, Span<byte> destination)
    {
        destination = destination[..64];
        if (p.IsInfinity)
        {
            destination.Clear();
            destination[0] = 0x40;
            return;
        }
        p.X.C1.WriteBigEndian(destination);
        p.X.C0.WriteBigEndian(destination[32..]);
        if (p.Y.C1.IsZero ? IsNegative(p.Y.C0) : IsNegative(p.Y.C1)) destination[0] |= 0x80;
    }

    /// <summary>
    /// The inverse of <see cref="WriteCompressed(in G1Affine, Span{byte})"/> (ffjavascript
    /// fromRprCompressed), strict: only the bytes WriteCompressed would write for the point decode,
    /// so a response hashes as its contributor hashed it. False when x is not canonical or not on the curve.
    /// </summary>
    public static bool TryReadCompressed(ReadOnlySpan<byte> source, out G1Affine p)
    {
        p = G1Affine.Infinity;
        source = source[..32];
        if ((source[0] & 0x40) != 0) return source[0] == 0x40 && !source[1..].ContainsAnyExcept((byte)0);
        Span<byte> x = stackalloc byte[32];
        source.CopyTo(x);
        x[0] &= 0x3f;
        if (!Fq.TryReadBigEndian(x, out var fx)) return false;
        if (!Fq.TrySqrt(fx * fx * fx + G1Curve.B, out var y)) return false;
        if (IsNegative(y) != ((source[0] & 0x80) != 0)) y = -y;
        p = new G1Affine(fx, y);
        return CanonicalCompressed(p, source);
    }

    /// <summary>The inverse of <see cref="WriteCompressed(in G2Affine, Span{byte})"/>; the subgroup is the caller's to check.</summary>
    public static bool TryReadCompressed(ReadOnlySpan<byte> source, out G2Affine p)
    {
        p = G2Affine.Infinity;
        source = source[..64];
        if ((source[0] & 0x40) != 0) return source[0] == 0x40 && !source[1..].ContainsAnyExcept((byte)0);
        Span<byte> c1 = stackalloc byte[32];
        source[..32].CopyTo(c1);
        c1[0] &= 0x3f;
        if (!Fq.TryReadBigEndian(c1, out var x1) || !Fq.TryReadBigEndian(source[32..], out var x0)) return false;
        var x = new Fq2(x0, x1);
        if (!QuadraticExtensionSqrt.TrySqrt(x * x * x + G2Curve.B, out var y)) return false;
        var negative = y.C1.IsZero ? IsNegative(y.C0) : IsNegative(y.C1);
        if (negative != ((source[0] & 0x80) != 0)) y = -y;
        p = new G2Affine(x, y);
        return CanonicalCompressed(p, source);
    }

    private static bool CanonicalCompressed(in G1Affine p, ReadOnlySpan<byte> source)
    {
        Span<byte> again = stackalloc byte[32];
        WriteCompressed(p, again);
        return again.SequenceEqual(source);
    }

    private static bool CanonicalCompressed(in G2Affine p, ReadOnlySpan<byte> source)
    {
        Span<byte> again = stackalloc byte[64];
        WriteCompressed(p, again);
        return again.SequenceEqual(source);
    }

    /// <summary>wasmcurves f1m_sign = -1: the canonical value is above (q-1)/2.</summary>
    private static bool IsNegative(in Fq y)
    {
        Span<ulong> a = stackalloc ulong[4];
        y.ToCanonicalLimbs(a);
        for (var i = 3; i >= 0; i--)
            if (a[i] != HalfQ[i]) return a[i] > HalfQ[i];
        return false;
    }

    private static ulong[] HalfQLimbs()
    {
        var half = (Fq.Modulus - 1) / 2;
        var limbs = new ulong[4];
        for (var i = 0; i < 4; i++) limbs[i] = (ulong)((half >> (64 * i)) & ulong.MaxValue);
        return limbs;
    }

    private static void Repeat(Blake2b h, byte[] encoded, long count)
    {
        // calculateFirstChallengeHash hashes blocks of 341000 points; only the bytes matter here.
        const int block = 4096;
        var big = new byte[block * encoded.Length];
        for (var i = 0; i < block; i++) encoded.CopyTo(big, i * encoded.Length);
        for (var i = 0L; i < count / block; i++) h.Update(big);
        for (var i = 0L; i < count % block; i++) h.Update(encoded);
    }
}

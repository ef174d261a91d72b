using System.Buffers.Binary;
using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs;

/// <summary>
/// One entry of a .ptau contribution history (section 7), kept as the exact bytes snarkjs wrote
/// (powersoftau_utils.js writeContribution) so that a file we rewrite carries its history
/// unchanged. Parsed only to validate it and to show it:
/// <code>
/// tauG1 G1 | tauG2 G2 | alphaG1 G1 | betaG1 G1 | betaG2 G2          (the accumulator after it)
/// pubKey: tau.g1_s, tau.g1_sx, alpha.g1_s, alpha.g1_sx, beta.g1_s, beta.g1_sx (G1),
///         tau.g2_spx, alpha.g2_spx, beta.g2_spx (G2)
/// partialHash[216] | nextChallenge[64] | type:u32 (0 contribution, 1 beacon)
/// paramLength:u32 | params (sorted by id: 1 name, 2 numIterationsExp, 3 beaconHash)
/// </code>
/// All points little-endian Montgomery (LEM).
/// </summary>
public sealed record PtauContribution(byte[] Raw, uint Type, string? Name, PowersOfTauBeacon? Beacon = null)
{
    /// <summary>Bytes before the parameters: 3 + 6 G1 and 2 + 3 G2 points, 216 + 64 hash bytes, type.</summary>
    public const int FixedSize = 9 * 64 + 5 * 128 + 216 + 64 + 4;

    private const int KeyOffset = 3 * 64 + 2 * 128;

    /// <summary>The challenge the next contributor answers: this entry's nextChallenge.</summary>
    public ReadOnlySpan<byte> NextChallenge => Raw.AsSpan(PowersOfTauContributionRecord.NextChallengeOffset, 64);

    /// <summary>The response hasher's state before the public key (partialHash).</summary>
    public ReadOnlySpan<byte> PartialHash => Raw.AsSpan(KeyOffset + PowersOfTauPublicKey.Size, Blake2b.PartialHashSize);

    /// <summary>tau G1, tau G2, alpha G1, beta G1, beta G2 after this contribution (checked by the reader).</summary>
    public G1Affine TauG1 => SnarkjsBinaryPointEncoding.ReadG1(Raw.AsSpan(0, 64));
    public G2Affine TauG2 => SnarkjsBinaryPointEncoding.ReadG2(Raw.AsSpan(64, 128), 0, SubgroupCheck.SkipForTrustedInput);
    public G1Affine AlphaG1 => SnarkjsBinaryPointEncoding.ReadG1(Raw.AsSpan(192, 64));
    public G1Affine BetaG1 => SnarkjsBinaryPointEncoding.ReadG1(Raw.AsSpan(256, 64));
    public G2Affine BetaG2 => SnarkjsBinaryPointEncoding.ReadG2(Raw.AsSpan(320, 128), 0, SubgroupCheck.SkipForTrustedInput);

    /// <summary>The contribution's public key (its proof of knowledge of tau, alpha, beta).</summary>
    public PowersOfTauPublicKey Key => PowersOfTauPublicKey.Read(Raw.AsSpan(KeyOffset, PowersOfTauPublicKey.Size));

    /// <summary>The response hash: partialHash continued with the key's uncompressed points (as snarkjs prints it).</summary>
    public byte[] ResponseHash() => PowersOfTauTranscript.ResponseHash(PartialHash, Key);

    /// <summary>The entry of a contribution we made.</summary>
    public static PtauContribution From(PowersOfTauContributionRecord record) => new(record.ToBytes(), record.Type, record.StoredName, record.Beacon);
}

/// <summary>
/// snarkjs powers-of-tau files (.ptau, version 1), in the iden3 container
/// (powersoftau_utils.js readPTauHeader/writePTauHeader, powersoftau_new.js, powersoftau_preparephase2.js):
/// <code>
/// 1  header:      n8:u32 (32) | q[n8] LE | power:u32 | ceremonyPower:u32
/// 2  tauG1:       2^(power+1)-1 G1
/// 3  tauG2:       2^power G2
/// 4  alphaTauG1:  2^power G1
/// 5  betaTauG1:   2^power G1
/// 6  betaG2:      1 G2
/// 7  contributions: n:u32 | n entries (<see cref="PtauContribution"/>)
/// 12..15 (after prepare phase2): Lagrange bases of sections 2..5 (<see cref="LagrangeBases"/>)
/// </code>
/// Points are 64/128 bytes LE Montgomery (<see cref="SnarkjsBinaryPointEncoding"/>). The reader
/// is strict: every section present exactly as the header implies, sizes checked before
/// allocating, points on the curve, G2 points in the subgroup unless the caller trusts the file.
/// </summary>
public sealed class PtauFile
{
    public const string Magic = "ptau";
    private const int G1 = SnarkjsBinaryPointEncoding.G1Size;
    private const int G2 = SnarkjsBinaryPointEncoding.G2Size;

    public PtauFile(PowersOfTau points, IReadOnlyList<PtauContribution> contributions, LagrangeBases? lagrange = null, int? ceremonyPower = null)
    {
        if (lagrange is not null && lagrange.Power != points.Power)
            throw new ArgumentException("the Lagrange bases are for another power", nameof(lagrange));
        var ceremony = ceremonyPower ?? points.Power;
        if (ceremony < points.Power || ceremony > PowersOfTau.MaxPower)
            throw new ArgumentOutOfRangeException(nameof(ceremonyPower), ceremony, "the ceremony power must be at least the power and at most 28");
        Points = points;
        Contributions = contributions;
        Lagrange = lagrange;
        CeremonyPower = ceremony;
    }

    public int Power => Points.Power;
    public int CeremonyPower { get; }
    public PowersOfTau Points { get; }
    public IReadOnlyList<PtauContribution> Contributions { get; }

    /// <summary>Present after <c>prepare phase2</c>; needed by <c>groth16 setup</c>.</summary>
    public LagrangeBases? Lagrange { get; }

    /// <summary>
    /// The challenge the next contribution answers: the last record's nextChallenge, or for a file
    /// without records the hash of a new accumulator (<see cref="PowersOfTauTranscript.FirstChallengeHash"/>).
    /// </summary>
    public byte[] NextChallenge() =>
        Contributions.Count == 0 ? PowersOfTauTranscript.FirstChallengeHash(Power) : Contributions[^1].NextChallenge.ToArray();

    /// <summary>Reads and checks the whole file.</summary>
    /// <exception cref="CircomFormatException">The file is not a valid BN254 .ptau.</exception>
    public static PtauFile Read(string path, SubgroupCheck g2Subgroup = SubgroupCheck.Verify)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 1);
        var (power, ceremonyPower) = ReadHeader(file);

        var prepared = file.Has(12) || file.Has(13) || file.Has(14) || file.Has(15);
        foreach (var section in file.Sections)
        {
            var known = section.Type is >= 1 and <= 7 || (prepared && section.Type is >= 12 and <= 15);
            if (!known)
                throw new CircomFormatException(path, null, section.Offset - 12, $"unexpected section {section.Type} in a .ptau");
        }

        var n = 1L << power;
        var tauG1 = ReadG1Section(file, 2, "tauG1", PowersOfTau.TauG1Count(power));
        var tauG2 = ReadG2Section(file, 3, "tauG2", n, g2Subgroup);
        var alpha = ReadG1Section(file, 4, "alphaTauG1", n);
        var beta = ReadG1Section(file, 5, "betaTauG1", n);
        var betaG2 = ReadG2Section(file, 6, "betaG2", 1, g2Subgroup)[0];
        var points = new PowersOfTau(power, tauG1, tauG2, alpha, beta, betaG2);
        var contributions = ReadContributions(file, g2Subgroup);

        LagrangeBases? lagrange = null;
        if (prepared)
        {
            var count = LagrangeBases.TotalCount(power);
            lagrange = new LagrangeBases(power,
                ReadG1Section(file, 12, "lagrange tauG1", LagrangeBases.TotalCount(power + 1)),
                ReadG2Section(file, 13, "lagrange tauG2", count, g2Subgroup),
                ReadG1Section(file, 14, "lagrange alphaTauG1", count),
                ReadG1Section(file, 15, "lagrange betaTauG1", count));
        }
        return new PtauFile(points, contributions, lagrange, ceremonyPower);
    }

    /// <summary>Reads the header only: (power, ceremonyPower).</summary>
    public static (int Power, int CeremonyPower) ReadHeader(string path)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 1);
        return ReadHeader(file);
    }

    private static (int, int) ReadHeader(BinFile file)
    {
        var header = file.Read(1, "header");
        var n8 = header.ReadUInt32("field size n8");
        if (n8 != 32) throw header.Error(-4, $"field size {n8} bytes; BN254's base field takes 32");
        var prime = new BigInteger(header.ReadBytes(32, "prime"), isUnsigned: true, isBigEndian: false);
        if (prime != Fq.Modulus) throw header.Error(-32, $"prime {prime} is not BN254's base field");
        var power = header.ReadUInt32("power");
        if (power is < 1 or > PowersOfTau.MaxPower)
            throw header.Error(-4, $"power {power} is outside 1..{PowersOfTau.MaxPower}");
        var ceremonyPower = header.ReadUInt32("ceremony power");
        if (ceremonyPower < power || ceremonyPower > PowersOfTau.MaxPower)
            throw header.Error(-4, $"ceremony power {ceremonyPower} is outside {power}..{PowersOfTau.MaxPower}");
        header.EnsureConsumed();
        return ((int)power, (int)ceremonyPower);
    }

    private static byte[] ReadSectionBytes(BinFile file, uint type, string name, long count, int size)
    {
        var section = file.Read(type, name);
        if (section.Remaining != count * size)
            throw section.Error(0, $"{count} points of {size} bytes need {count * size} bytes, the section has {section.Remaining}");
        if (section.Remaining > Array.MaxLength)
            throw section.Error(0, $"section of {section.Remaining} bytes is too large to load");
        var bytes = new byte[section.Remaining];
        section.Fill(bytes, name);
        return bytes;
    }

    private static G1Affine[] ReadG1Section(BinFile file, uint type, string name, long count)
    {
        var bytes = ReadSectionBytes(file, type, name, count, G1);
        var offset = file.Sections.First(s => s.Type == type).Offset;
        var points = new G1Affine[count];
        try
        {
            SnarkjsBinaryPointEncoding.ReadG1Array(bytes, points, offset);
        }
        catch (PointEncodingException e)
        {
            throw new CircomFormatException(file.Path, name, e.ByteOffset ?? offset, e.Message);
        }
        return points;
    }

    private static G2Affine[] ReadG2Section(BinFile file, uint type, string name, long count, SubgroupCheck subgroup)
    {
        var bytes = ReadSectionBytes(file, type, name, count, G2);
        var offset = file.Sections.First(s => s.Type == type).Offset;
        var points = new G2Affine[count];
        // Chunks in parallel: the G2 subgroup check dominates reading. It is made here rather than
        // by the decoder so that the generator, which fills every section of a new accumulator,
        // costs a comparison instead of a subgroup test.
        var generator = G2Curve.Generator;
        ParallelChunks.For((int)count, 4096, (start, length) =>
        {
            try
            {
                SnarkjsBinaryPointEncoding.ReadG2Array(bytes.AsSpan(start * G2, length * G2), points.AsSpan(start, length), offset + (long)start * G2, SubgroupCheck.SkipForTrustedInput);
            }
            catch (PointEncodingException e)
            {
                throw new CircomFormatException(file.Path, name, e.ByteOffset ?? offset, e.Message);
            }
            if (subgroup != SubgroupCheck.Verify) return;
            for (var i = start; i < start + length; i++)
                if (points[i] != generator && !points[i].IsInSubgroup)
                    throw new CircomFormatException(file.Path, name, offset + (long)i * G2, $"G2 point {i} is not in the prime-order subgroup");
        });
        return points;
    }

    private static List<PtauContribution> ReadContributions(BinFile file, SubgroupCheck subgroup)
    {
        var section = file.Read(7, "contributions");
        var count = section.ReadUInt32("contribution count");
        // Each entry takes at least FixedSize + 4 bytes: bound the count before allocating.
        if (count > section.Remaining / (PtauContribution.FixedSize + 4))
            throw section.Error(-4, $"{count} contributions cannot fit in {section.Remaining} bytes");
        var result = new List<PtauContribution>((int)count);
        for (var i = 0; i < count; i++)
        {
            var start = section.Position;
            var fixedPart = section.ReadBytes(PtauContribution.FixedSize, $"contribution {i + 1}");
            var pos = 0;
            for (var p = 0; p < 14; p++)
            {
                // Layout: G1 G2 G1 G1 G2, then six G1 and three G2 of the public key.
                var isG2 = p is 1 or 4 or >= 11;
                var size = isG2 ? G2 : G1;
                var ok = isG2
                    ? SnarkjsBinaryPointEncoding.TryReadG2(fixedPart.AsSpan(pos, size), out _, subgroup)
                    : SnarkjsBinaryPointEncoding.TryReadG1(fixedPart.AsSpan(pos, size), out _);
                if (!ok) throw new CircomFormatException(file.Path, "contributions", start + pos, $"contribution {i + 1}: point {p} is not a valid {(isG2 ? "G2" : "G1")} point");
                pos += size;
            }
            var type = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(PtauContribution.FixedSize - 4));
            if (type > 1) throw section.Error(-4, $"contribution {i + 1}: type {type} is neither 0 (contribution) nor 1 (beacon)");
            var paramLength = section.ReadUInt32("parameter length");
            if (paramLength > section.Remaining)
                throw section.Error(-4, $"contribution {i + 1}: {paramLength} parameter bytes, {section.Remaining} remain");
            var parameters = section.ReadBytes((int)paramLength, "parameters");
            var (name, beacon) = ParseParameters(section, parameters, type, i + 1);

            var raw = new byte[PtauContribution.FixedSize + 4 + parameters.Length];
            fixedPart.CopyTo(raw, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(PtauContribution.FixedSize), paramLength);
            parameters.CopyTo(raw, PtauContribution.FixedSize + 4);
            result.Add(new PtauContribution(raw, type, name, beacon));
        }
        section.EnsureConsumed();
        return result;
    }

    /// <summary>The parameter list of powersoftau_utils.js readContribution: ids strictly increasing.</summary>
    private static (string? Name, PowersOfTauBeacon? Beacon) ParseParameters(SectionReader section, byte[] p, uint type, int index)
    {
        string? name = null;
        int? iterations = null;
        byte[]? beaconHash = null;
        var pos = 0;
        var last = 0;
        CircomFormatException Bad(string problem) => section.Error(pos - p.Length, $"contribution {index}: {problem}");
        while (pos < p.Length)
        {
            var id = p[pos++];
            if (id <= last) throw Bad("parameters must be sorted by id, each once");
            last = id;
            if (pos >= p.Length) throw Bad($"parameter {id} has no value");
            switch (id)
            {
                case 1 or 3:
                    var len = p[pos++];
                    if (len > p.Length - pos) throw Bad($"parameter {id} declares {len} bytes, {p.Length - pos} remain");
                    if (id == 3) beaconHash = p.AsSpan(pos, len).ToArray();
                    if (id == 1)
                    {
                        try
                        {
                            name = new System.Text.UTF8Encoding(false, true).GetString(p, pos, len);
                        }
                        catch (System.Text.DecoderFallbackException)
                        {
                            throw Bad("the name is not UTF-8");
                        }
                    }
                    pos += len;
                    break;
                case 2:
                    iterations = p[pos++];
                    break;
                default:
                    throw Bad($"parameter id {id} is not known (1 name, 2 iterations, 3 beacon hash)");
            }
        }
        if (type == 0) return (name, null);
        if (iterations is not (>= 10 and <= 63) || beaconHash is not { Length: > 0 })
            throw Bad("a beacon needs its numIterationsExp (10 to 63) and its hash");
        return (name, new PowersOfTauBeacon(beaconHash, iterations.Value));
    }

    /// <summary>Writes the file as snarkjs does: sections 1-7, then 12-15 when prepared.</summary>
    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(stream);
    }

    public void Write(Stream stream)
    {
        var w = new BinaryWriter(stream);
        w.Write("ptau"u8);
        w.Write(1u);
        w.Write(Lagrange is null ? 7u : 11u);

        w.Write(1u);
        w.Write(4UL + 32 + 4 + 4);
        w.Write(32u);
        Span<byte> q = stackalloc byte[32];
        Fq.Modulus.TryWriteBytes(q, out _, isUnsigned: true, isBigEndian: false);
        w.Write(q);
        w.Write((uint)Power);
        w.Write((uint)CeremonyPower);

        WriteG1Section(w, 2, Points.TauG1);
        WriteG2Section(w, 3, Points.TauG2);
        WriteG1Section(w, 4, Points.AlphaTauG1);
        WriteG1Section(w, 5, Points.BetaTauG1);
        WriteG2Section(w, 6, [Points.BetaG2]);

        w.Write(7u);
        w.Write(4UL + (ulong)Contributions.Sum(c => (long)c.Raw.Length));
        w.Write((uint)Contributions.Count);
        foreach (var c in Contributions) w.Write(c.Raw);

        if (Lagrange is not null)
        {
            WriteG1Section(w, 12, Lagrange.TauG1);
            WriteG2Section(w, 13, Lagrange.TauG2);
            WriteG1Section(w, 14, Lagrange.AlphaTauG1);
            WriteG1Section(w, 15, Lagrange.BetaTauG1);
        }
        w.Flush();
    }

    private static void WriteG1Section(BinaryWriter w, uint type, ReadOnlySpan<G1Affine> points)
    {
        w.Write(type);
        w.Write((ulong)points.Length * G1);
        WritePoints(w, points, G1, SnarkjsBinaryPointEncoding.WriteG1Array);
    }

    private static void WriteG2Section(BinaryWriter w, uint type, ReadOnlySpan<G2Affine> points)
    {
        w.Write(type);
        w.Write((ulong)points.Length * G2);
        WritePoints(w, points, G2, SnarkjsBinaryPointEncoding.WriteG2Array);
    }

    private delegate void ArrayWriter<T>(ReadOnlySpan<T> points, Span<byte> destination);

    private static void WritePoints<T>(BinaryWriter w, ReadOnlySpan<T> points, int size, ArrayWriter<T> write)
    {
        const int chunk = 1 << 14;
        var buffer = new byte[Math.Min(points.Length, chunk) * size];
        for (var start = 0; start < points.Length; start += chunk)
        {
            var length = Math.Min(chunk, points.Length - start);
            write(points.Slice(start, length), buffer.AsSpan(0, length * size));
            w.Write(buffer, 0, length * size);
        }
    }
}

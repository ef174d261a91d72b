using System.Numerics;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;

namespace CrossMargin.Circom;

/// <summary>
/// A snarkjs Groth16 proving key (.zkey, version 1) with the raw bytes of its contributions
/// section, which a writer needs to round-trip the file and which the proving key does not model.
/// </summary>
/// <param name="Key">The proving key (sections 1 to 9).</param>
/// <param name="Contributions">Section 10 exactly as stored: csHash[64] | n:u32 | contributions.</param>
/// <param name="SectionOrder">
/// The order of the sections in the file: zkey_new.js writes 1, 2, 4, 3, 9, 8, 5, 6, 7, 10,
/// `zkey contribute` and `beacon` write 1 to 10.
/// </param>
public sealed record Zkey(ProvingKey Key, byte[] Contributions, uint[] SectionOrder)
{
    /// <summary>Number of phase-2 contributions recorded in section 10.</summary>
    public int ContributionCount => (int)BitConverter.ToUInt32(Contributions, 64);
}

/// <summary>
/// snarkjs's Groth16 .zkey files (snarkjs src/zkey_utils.js readHeader/readZKey/writeHeader,
/// src/zkey_new.js newZKey), in the iden3 binary container (<see cref="BinFile"/>):
/// <code>
/// section 1  (header type):   protocol:u32 (1 = groth16)
/// section 2  (groth16 header): n8q:u32 | q | n8r:u32 | r | nVars:u32 | nPublic:u32 | domainSize:u32 |
///                              alpha1 G1 | beta1 G1 | beta2 G2 | gamma2 G2 | delta1 G1 | delta2 G2
/// section 3  (IC):             nPublic + 1 G1
/// section 4  (coefficients):   nCoefs:u32 | { matrix:u32 (0 = A, 1 = B) | constraint:u32 | signal:u32 | value[32] } * nCoefs
/// section 5  (A):              nVars G1
/// section 6  (B1):             nVars G1
/// section 7  (B2):             nVars G2
/// section 8  (C):              nVars - nPublic - 1 G1
/// section 9  (H):              domainSize G1
/// section 10 (contributions):  csHash[64] | n:u32 | { deltaAfter G1 | g1_s G1 | g1_sx G1 | g2_spx G2 |
///                              transcript[64] | type:u32 | paramLength:u32 | params } * n
/// </code>
/// Points are <see cref="SnarkjsBinaryPointEncoding"/> (little-endian Montgomery, zero = infinity).
/// A coefficient's value is stored as ffjavascript's <c>toRprLE(c * R^2)</c> of the Montgomery
/// element: the integer X = c R^2 mod r, little-endian (zkey_new.js multiplies by R2r so that the
/// prover's wasm Montgomery multiplication yields c R, the Montgomery form of c).
/// snarkjs writes the sections in the order 1, 2, 4, 3, 9, 8, 5, 6, 7, 10; <see cref="Write(string, ProvingKey, ReadOnlySpan{byte}, IReadOnlyList{uint}?)"/> does too.
/// </summary>
/// <remarks>
/// The reader is strict: every section consumed, sizes checked before allocating, q and r BN254's,
/// domainSize a power of two not above 2^27 (the prover needs a root of unity of twice its order),
/// coordinates canonical, points on their curves, every G2 point (beta2, gamma2, delta2 and the B2
/// bases) in the subgroup unless the caller opts out for B2 alone, coefficient indices in range and
/// values canonical. Failures are <see cref="CircomFormatException"/>.
/// </remarks>
public static class ZkeyFile
{
    public const string Magic = "zkey";
    private const uint Groth16Protocol = 1;
    private const int CoefficientSize = 4 + 4 + 4 + 32;
    private const int MaxLogDomain = 27;

    /// <summary>The section order of snarkjs's zkey_new.js (groth16 setup).</summary>
    public static IReadOnlyList<uint> NewKeySectionOrder { get; } = [1, 2, 4, 3, 9, 8, 5, 6, 7, 10];

    /// <summary>The element whose Montgomery representation is 1, i.e. of value R^-1: turns X/R into X/R^2.</summary>
    private static readonly Fr MontgomeryOne = Fr.TryReadMontgomeryLittleEndian([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], out var v) ? v : throw new InvalidOperationException();

    /// <summary>R = 2^256 mod r as a field element: multiplying c by it gives c R, whose Montgomery form is c R^2.</summary>
    private static readonly Fr MontgomeryR = Fr.FromBigInteger((BigInteger.One << 256) % Fr.Modulus);

    /// <summary>Reads the proving key, checking every point (B2 included).</summary>
    public static ProvingKey ReadProvingKey(string path) => Read(path).Key;

    /// <summary>
    /// Reads the whole file.
    /// </summary>
    /// <param name="path">The .zkey file.</param>
    /// <param name="b2Subgroup">
    /// Whether the B2 bases get the G2 subgroup test. <see cref="SubgroupCheck.SkipForTrustedInput"/>
    /// is only for a file this machine produced or already checked: the MSM over B2 assumes its
    /// points lie in the subgroup, and a B2 point with a small-order component would let pi_b
    /// leak the witness modulo that order, past the blinding s delta2. The test (El Housni et al.'s
    /// psi check, one 128-bit G2 multiplication a point, spread over all cores) dominates loading:
    /// measured 350 ms against 12 ms unchecked for the smoke circuit's 584 points on 2 loaded
    /// cores, so about 40 s for a 67k-signal key. The default still checks; callers that load the
    /// same trusted key repeatedly may skip. beta2, gamma2 and delta2 are always checked.
    /// </param>
    public static Zkey Read(string path, SubgroupCheck b2Subgroup = SubgroupCheck.Verify)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 1);
        var header = ReadHeader(file);
        int nVars = header.SignalCount, nPublic = header.PublicCount, domainSize = header.DomainSize;

        // The cheap structural sections first, so that a bad file fails before the point arrays are checked.
        var contributions = ReadContributions(file);
        var coefficients = ReadCoefficients(file, nVars, domainSize);
        var ic = ReadG1Section(file, 3, "IC", nPublic + 1);
        var a = ReadG1Section(file, 5, "A", nVars);
        var b1 = ReadG1Section(file, 6, "B1", nVars);
        var b2 = ReadG2Section(file, 7, "B2", nVars, b2Subgroup);
        var c = ReadG1Section(file, 8, "C", nVars - nPublic - 1);
        var h = ReadG1Section(file, 9, "H", domainSize);
        if (file.Sections.Count != 10)
            throw new CircomFormatException(path, null, 12, $"{file.Sections.Count} sections; a Groth16 zkey has sections 1 to 10 only");
        var order = file.Sections.OrderBy(x => x.Offset).Select(x => x.Type).ToArray();

        var key = new ProvingKey
        {
            SignalCount = nVars,
            PublicCount = nPublic,
            DomainSize = domainSize,
            Alpha1 = header.Alpha1,
            Beta1 = header.Beta1,
            Beta2 = header.Beta2,
            Gamma2 = header.Gamma2,
            Delta1 = header.Delta1,
            Delta2 = header.Delta2,
            IC = ic,
            Coefficients = coefficients,
            A = a,
            B1 = b1,
            B2 = b2,
            C = c,
            H = h,
        };
        return new Zkey(key, contributions, order);
    }

    /// <summary>Reads only the header and IC sections: what `zkey export verificationkey` needs.</summary>
    public static VerificationKey ReadVerificationKey(string path)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 1);
        var header = ReadHeader(file);
        var ic = ReadG1Section(file, 3, "IC", header.PublicCount + 1);
        return new VerificationKey(header.Alpha1, header.Beta2, header.Gamma2, header.Delta2, ic);
    }

    private sealed record Header(int SignalCount, int PublicCount, int DomainSize,
        G1Affine Alpha1, G1Affine Beta1, G2Affine Beta2, G2Affine Gamma2, G1Affine Delta1, G2Affine Delta2);

    private static Header ReadHeader(BinFile file)
    {
        var type = file.Read(1, "header type");
        var protocol = type.ReadUInt32("protocol");
        if (protocol != Groth16Protocol)
            throw type.Error(-4, $"protocol {protocol} is not Groth16 (1)");
        type.EnsureConsumed();

        var s = file.Read(2, "groth16 header");
        ReadPrime(s, "q", Fq.Modulus, "BN254's base field");
        ReadPrime(s, "r", Fr.Modulus, "BN254's scalar field");
        var nVars = s.ReadUInt32("nVars");
        var nPublic = s.ReadUInt32("nPublic");
        var domainSize = s.ReadUInt32("domainSize");
        // Every base array is allocated from these counts: bound them by what the file can hold.
        if (nVars == 0 || (ulong)nVars * (2 * 64 + 128) > (ulong)file.Length)
            throw s.Error(-12, $"nVars {nVars} is not possible in a file of {file.Length} bytes");
        if (nPublic >= nVars)
            throw s.Error(-8, $"nPublic {nPublic} must be below nVars {nVars} (signal 0 is the constant one)");
        if (domainSize == 0 || !BitOperations.IsPow2(domainSize) || BitOperations.Log2(domainSize) > MaxLogDomain)
            throw s.Error(-4, $"domainSize {domainSize} is not a power of two up to 2^{MaxLogDomain}");
        if ((ulong)domainSize * 64 > (ulong)file.Length)
            throw s.Error(-4, $"domainSize {domainSize} is not possible in a file of {file.Length} bytes");
        var alpha1 = ReadG1(s, "alpha1");
        var beta1 = ReadG1(s, "beta1");
        var beta2 = ReadG2(s, "beta2");
        var gamma2 = ReadG2(s, "gamma2");
        var delta1 = ReadG1(s, "delta1");
        var delta2 = ReadG2(s, "delta2");
        s.EnsureConsumed();
        return new Header((int)nVars, (int)nPublic, (int)domainSize, alpha1, beta1, beta2, gamma2, delta1, delta2);
    }

    private static void ReadPrime(SectionReader s, string name, BigInteger expected, string what)
    {
        var n8 = s.ReadUInt32($"n8{name}");
        if (n8 != 32) throw s.Error(-4, $"n8{name} is {n8}; {what} takes 32 bytes");
        var prime = new BigInteger(s.ReadBytes(32, name), isUnsigned: true, isBigEndian: false);
        if (prime != expected) throw s.Error(-32, $"{name} = {prime} is not {what}");
    }

    private static G1Affine ReadG1(SectionReader s, string what)
    {
        Span<byte> buffer = stackalloc byte[SnarkjsBinaryPointEncoding.G1Size];
        var at = s.Position;
        s.Fill(buffer, what);
        try { return SnarkjsBinaryPointEncoding.ReadG1(buffer, at); }
        catch (PointEncodingException e) { throw s.Error(-buffer.Length, $"{what}: {e.Message}"); }
    }

    private static G2Affine ReadG2(SectionReader s, string what)
    {
        Span<byte> buffer = stackalloc byte[SnarkjsBinaryPointEncoding.G2Size];
        var at = s.Position;
        s.Fill(buffer, what);
        try { return SnarkjsBinaryPointEncoding.ReadG2(buffer, at); }
        catch (PointEncodingException e) { throw s.Error(-buffer.Length, $"{what}: {e.Message}"); }
    }

    private static G1Affine[] ReadG1Section(BinFile file, uint type, string name, int count)
    {
        var s = file.Read(type, name);
        var bytes = ReadExactly(s, count, SnarkjsBinaryPointEncoding.G1Size, "G1");
        var start = s.Position - bytes.Length;
        var points = new G1Affine[count];
        DecodeInChunks(bytes, count, SnarkjsBinaryPointEncoding.G1Size, start, s,
            (src, lo, n, offset) => SnarkjsBinaryPointEncoding.ReadG1Array(src, points.AsSpan(lo, n), offset));
        return points;
    }

    private static G2Affine[] ReadG2Section(BinFile file, uint type, string name, int count, SubgroupCheck subgroup)
    {
        var s = file.Read(type, name);
        var bytes = ReadExactly(s, count, SnarkjsBinaryPointEncoding.G2Size, "G2");
        var start = s.Position - bytes.Length;
        var points = new G2Affine[count];
        DecodeInChunks(bytes, count, SnarkjsBinaryPointEncoding.G2Size, start, s,
            (src, lo, n, offset) => SnarkjsBinaryPointEncoding.ReadG2Array(src, points.AsSpan(lo, n), offset, subgroup));
        return points;
    }

    private static byte[] ReadExactly(SectionReader s, int count, int size, string what)
    {
        var expected = (long)count * size;
        if (s.Remaining != expected)
            throw s.Error(0, $"{count} {what} points need {expected} bytes; the section has {s.Remaining}");
        return s.ReadBytes((int)expected, $"{count} {what} points");
    }

    private delegate void ChunkDecoder(ReadOnlySpan<byte> source, int first, int count, long offset);

    /// <summary>Decodes points in parallel chunks; the first failing chunk's error (lowest offset) is reported.</summary>
    private static void DecodeInChunks(byte[] bytes, int count, int size, long start, SectionReader s, ChunkDecoder decode)
    {
        const int Chunk = 1024;
        var chunks = (count + Chunk - 1) / Chunk;
        var errors = new PointEncodingException?[chunks];
        Parallel.For(0, chunks, i =>
        {
            var lo = i * Chunk;
            var n = Math.Min(Chunk, count - lo);
            try { decode(bytes.AsSpan(lo * size, n * size), lo, n, start + (long)lo * size); }
            catch (PointEncodingException e) { errors[i] = e; }
        });
        foreach (var e in errors)
            if (e is not null)
                throw s.Error((e.ByteOffset ?? start) - s.Position, e.Message);
    }

    private static QapCoefficient[] ReadCoefficients(BinFile file, int nVars, int domainSize)
    {
        var s = file.Read(4, "coefficients");
        var count = s.ReadUInt32("coefficient count");
        if ((ulong)s.Remaining != (ulong)count * CoefficientSize)
            throw s.Error(-4, $"{count} coefficients need {(ulong)count * CoefficientSize} bytes; the section has {s.Remaining}");
        var result = new QapCoefficient[count];
        Span<byte> value = stackalloc byte[32];
        for (var i = 0; i < result.Length; i++)
        {
            var matrix = s.ReadUInt32("matrix");
            if (matrix > 1) throw s.Error(-4, $"coefficient {i}: matrix {matrix} is neither A (0) nor B (1)");
            var constraint = s.ReadUInt32("constraint");
            if (constraint >= (uint)domainSize) throw s.Error(-4, $"coefficient {i}: constraint {constraint} is outside the domain of {domainSize}");
            var signal = s.ReadUInt32("signal");
            if (signal >= (uint)nVars) throw s.Error(-4, $"coefficient {i}: signal {signal} is not below nVars {nVars}");
            s.Fill(value, "value");
            // X = c R^2 mod r; read as a Montgomery representation it is the element X/R = c R.
            if (!Fr.TryReadMontgomeryLittleEndian(value, out var cR))
                throw s.Error(-32, $"coefficient {i}: value is not below r");
            Fr.Mul(cR, MontgomeryOne, out var c);
            result[i] = new QapCoefficient((int)matrix, (int)constraint, (int)signal, c);
        }
        return result;
    }

    private static byte[] ReadContributions(BinFile file)
    {
        var s = file.Read(10, "contributions");
        if (s.Remaining > int.MaxValue) throw s.Error(0, "the contributions section is implausibly large");
        var raw = s.ReadBytes((int)s.Remaining, "contributions");
        var r = file.Read(10, "contributions");
        r.Skip(64); // csHash
        var n = r.ReadUInt32("contribution count");
        // Each contribution takes at least 64 * 3 + 128 + 64 + 8 bytes.
        if ((ulong)n * 392 > (ulong)r.Remaining)
            throw r.Error(-4, $"{n} contributions cannot fit in {r.Remaining} bytes");
        for (var i = 0; i < n; i++)
        {
            ReadG1(r, $"contribution {i} deltaAfter");
            ReadG1(r, $"contribution {i} g1_s");
            ReadG1(r, $"contribution {i} g1_sx");
            ReadG2(r, $"contribution {i} g2_spx");
            r.Skip(64); // transcript
            r.ReadUInt32("type");
            var length = r.ReadUInt32("parameter length");
            if (length > r.Remaining) throw r.Error(-4, $"parameters of {length} bytes; {r.Remaining} remain");
            var end = r.Position + length;
            var last = 0;
            while (r.Position < end)
            {
                var kind = r.ReadBytes(1, "parameter type")[0];
                if (kind <= last) throw r.Error(-1, "contribution parameters must be sorted and unique");
                last = kind;
                switch (kind)
                {
                    case 1 or 3: r.Skip(r.ReadBytes(1, "parameter length")[0]); break;
                    case 2: r.Skip(1); break;
                    default: throw r.Error(-1, $"contribution parameter type {kind} is not known");
                }
                if (r.Position > end) throw r.Error(0, "a contribution parameter runs past the declared length");
            }
        }
        r.EnsureConsumed();
        return raw;
    }

    /// <summary>
    /// Writes <paramref name="key"/> as snarkjs does (zkey_new.js / zkey_utils.js writeHeader and
    /// writeZKey), with <paramref name="contributions"/> as section 10 (from <see cref="Zkey.Contributions"/>,
    /// or the 68 bytes of a fresh key: csHash and a zero count), the sections in
    /// <paramref name="sectionOrder"/> (default <see cref="NewKeySectionOrder"/>; pass
    /// <see cref="Zkey.SectionOrder"/> to reproduce a file read).
    /// </summary>
    public static void Write(string path, ProvingKey key, ReadOnlySpan<byte> contributions, IReadOnlyList<uint>? sectionOrder = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, key, contributions, sectionOrder);
    }

    /// <inheritdoc cref="Write(string, ProvingKey, ReadOnlySpan{byte}, IReadOnlyList{uint}?)"/>
    public static void Write(Stream stream, ProvingKey key, ReadOnlySpan<byte> contributions, IReadOnlyList<uint>? sectionOrder = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (contributions.Length < 68) throw new ArgumentException("the contributions section has at least csHash[64] and a count", nameof(contributions));
        var sections = new Dictionary<uint, byte[]>
        {
            [1] = BitConverter.GetBytes(Groth16Protocol),
            [2] = HeaderBytes(key),
            [3] = G1Bytes(key.IC),
            [4] = CoefficientBytes(key.Coefficients),
            [5] = G1Bytes(key.A),
            [6] = G1Bytes(key.B1),
            [7] = G2Bytes(key.B2),
            [8] = G1Bytes(key.C),
            [9] = G1Bytes(key.H),
            [10] = contributions.ToArray(),
        };
        WriteSections(stream, sections, sectionOrder ?? NewKeySectionOrder);
    }

    /// <summary>
    /// Writes the iden3 container of a .zkey (magic, version 1, section table) with the given
    /// section bodies in <paramref name="sectionOrder"/>, a permutation of 1 to 10.
    /// </summary>
    internal static void WriteSections(Stream stream, IReadOnlyDictionary<uint, byte[]> sections, IReadOnlyList<uint> sectionOrder)
    {
        if (sectionOrder.Count != 10 || sectionOrder.Distinct().Count() != 10 || sectionOrder.Any(t => t is < 1 or > 10 || !sections.ContainsKey(t)))
            throw new ArgumentException("the section order is a permutation of 1 to 10, each with a body", nameof(sectionOrder));
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write("zkey"u8);
        writer.Write(1u);
        writer.Write((uint)sectionOrder.Count);
        foreach (var type in sectionOrder)
        {
            writer.Write(type);
            writer.Write((ulong)sections[type].Length);
            writer.Write(sections[type]);
        }
    }

    private static byte[] HeaderBytes(ProvingKey key)
    {
        using var memory = new MemoryStream();
        using var w = new BinaryWriter(memory);
        Span<byte> buffer = stackalloc byte[SnarkjsBinaryPointEncoding.G2Size];
        foreach (var prime in new[] { Fq.Modulus, Fr.Modulus })
        {
            w.Write(32u);
            buffer.Clear();
            prime.TryWriteBytes(buffer[..32], out _, isUnsigned: true, isBigEndian: false);
            w.Write(buffer[..32]);
        }
        w.Write((uint)key.SignalCount);
        w.Write((uint)key.PublicCount);
        w.Write((uint)key.DomainSize);
        void G1(in G1Affine p) { Span<byte> b = stackalloc byte[64]; SnarkjsBinaryPointEncoding.WriteG1(p, b); w.Write(b); }
        void G2(in G2Affine p) { Span<byte> b = stackalloc byte[128]; SnarkjsBinaryPointEncoding.WriteG2(p, b); w.Write(b); }
        G1(key.Alpha1);
        G1(key.Beta1);
        G2(key.Beta2);
        G2(key.Gamma2);
        G1(key.Delta1);
        G2(key.Delta2);
        w.Flush();
        return memory.ToArray();
    }

    private static byte[] G1Bytes(G1Affine[] points)
    {
        var bytes = new byte[(long)points.Length * SnarkjsBinaryPointEncoding.G1Size];
        SnarkjsBinaryPointEncoding.WriteG1Array(points, bytes);
        return bytes;
    }

    private static byte[] G2Bytes(G2Affine[] points)
    {
        var bytes = new byte[(long)points.Length * SnarkjsBinaryPointEncoding.G2Size];
        SnarkjsBinaryPointEncoding.WriteG2Array(points, bytes);
        return bytes;
    }

    private static byte[] CoefficientBytes(QapCoefficient[] coefficients)
    {
        var bytes = new byte[4 + (long)coefficients.Length * CoefficientSize];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), (uint)coefficients.Length);
        for (var i = 0; i < coefficients.Length; i++)
        {
            var at = bytes.AsSpan(4 + i * CoefficientSize, CoefficientSize);
            var c = coefficients[i];
            BitConverter.TryWriteBytes(at, (uint)c.Matrix);
            BitConverter.TryWriteBytes(at[4..], (uint)c.Constraint);
            BitConverter.TryWriteBytes(at[8..], (uint)c.Signal);
            // c R has Montgomery form c R^2, the integer snarkjs stores.
            Fr.Mul(c.Value, MontgomeryR, out var cR);
            cR.WriteMontgomeryLittleEndian(at[12..]);
        }
        return bytes;
    }
}

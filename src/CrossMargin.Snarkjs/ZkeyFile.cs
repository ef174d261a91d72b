using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs;

/// <summary>
/// A snarkjs Groth16 proving key (.zkey, version 1) with its phase-2 history: section 10 as
/// stored (a writer needs it to round-trip the file; the proving key does not model it) and as
/// read (the circuit hash and each contribution's record).
/// </summary>
/// <param name="Key">The proving key (sections 1 to 9).</param>
/// <param name="Contributions">Section 10 exactly as stored: csHash[64] | n:u32 | contributions.</param>
/// <param name="SectionOrder">
/// The order of the sections in the file: zkey_new.js writes 1, 2, 4, 3, 9, 8, 5, 6, 7, 10,
/// `zkey contribute` and `beacon` write 1 to 10.
/// </param>
/// <param name="CircuitHash">The circuit hash of zkey_new.js (blake2b-512), section 10's first 64 bytes.</param>
/// <param name="Records">Each phase-2 contribution, in order.</param>
public sealed record Zkey(ProvingKey Key, byte[] Contributions, uint[] SectionOrder, byte[] CircuitHash, IReadOnlyList<ZkeyContributionRecord> Records)
{
    /// <summary>Number of phase-2 contributions recorded in section 10.</summary>
    public int ContributionCount => Records.Count;
}

/// <summary>
/// One phase-2 contribution as section 10 records it (zkey_utils.js readMPCParams):
/// deltaAfter = delta_before * x, the proof of knowledge of x (g1_s, g1_sx = x g1_s,
/// g2_spx = x g2_sp with g2_sp = hashToG2(transcript)), the transcript, and for a beacon
/// (type 1) its hash and iteration exponent.
/// </summary>
public sealed record ZkeyContributionRecord(G1Affine DeltaAfter, G1Affine G1S, G1Affine G1Sx, G2Affine G2Spx, byte[] Transcript,
    uint Type = 0, string? Name = null, byte[]? BeaconHash = null, int NumIterationsExp = 0);

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

    /// <summary>Reads the proving key, checking every point (B2 included; see <see cref="Read"/> for the cache that spares repeating it).</summary>
    public static ProvingKey ReadProvingKey(string path, string? cacheDirectory = "") => Read(path, SubgroupCheck.Verify, cacheDirectory).Key;

    /// <summary>
    /// Reads the whole file.
    /// </summary>
    /// <param name="path">The .zkey file.</param>
    /// <param name="b2Subgroup">
    /// Whether the B2 bases get the G2 subgroup test. The MSM over B2 assumes its points lie in the
    /// subgroup, and a B2 point with a small-order component would let pi_b leak the witness
    /// modulo that order, past the blinding s delta2 (snarkjs does not check; we do).
    /// <see cref="SubgroupCheck.SkipForTrustedInput"/> is only for a file this process just wrote
    /// or checked. beta2, gamma2 and delta2 are always checked.
    /// </param>
    /// <param name="cacheDirectory">
    /// Where to remember B2 sections that passed the test (default "": the user's cache folder,
    /// $XDG_CACHE_HOME/crossmargin/zkey-g2 or ~/.cache/crossmargin/zkey-g2; null: always test).
    /// The test (El Housni et al.'s psi check: one 128-bit G2 multiplication a point, ~0.4 ms)
    /// costs about 25 s of CPU for a 67k-signal key, 20 times the proof itself, and a prover loads
    /// the same key again and again. So a section that passed is recorded by the SHA-256 of its
    /// exact bytes (tagged with what is vouched for), and a later read that hashes to a recorded
    /// digest skips the test: hashing costs milliseconds, and any change to the points changes the
    /// digest. A faster batched test (one random linear combination of all points, then one psi
    /// check) was not chosen: the twist's group order is r (2p - r), and 2p - r has the prime
    /// factor 10069, so a random combination misses a planted component of that order with
    /// probability 1/10069: negligible only after several repetitions, each a G2 MSM.
    /// </param>
    public static Zkey Read(string path, SubgroupCheck b2Subgroup = SubgroupCheck.Verify, string? cacheDirectory = "")
    {
        var pending = Begin(path, b2Subgroup, cacheDirectory);
        pending.ReadPoints();
        return pending.Zkey;
    }

    /// <summary>
    /// <see cref="ReadProvingKey"/> in two parts, for a prover: the header, the IC points and the
    /// QAP coefficients are read (and every section's size checked) before this returns; the five
    /// point sections are read on the thread pool by the returned task, which fills the key's
    /// A, B1, B2, C and H arrays. Nothing may read those arrays before the task completes: give it
    /// to <c>Prover.ProveAndCheck</c>, which waits for it just before its first MSM, so that the
    /// reading overlaps the NTTs, which need only the coefficients. The task fails with the
    /// <see cref="CircomFormatException"/> that <see cref="ReadProvingKey"/> would throw.
    /// </summary>
    public static (ProvingKey Key, Task PointsRead) ReadProvingKeyOverlapped(string path, string? cacheDirectory = "")
    {
        var pending = Begin(path, SubgroupCheck.Verify, cacheDirectory);
        return (pending.Zkey.Key, Task.Run(pending.ReadPoints));
    }

    /// <summary>A key whose structure has been read and checked, and whose point sections are still to read (<see cref="ReadPoints"/>, once; it closes the file).</summary>
    private sealed class PendingZkey(BinFile file, Zkey zkey, Action[] pointSections)
    {
        public Zkey Zkey => zkey;

        /// <summary>
        /// The point sections side by side: a section's read is mostly one thread's (the bytes
        /// from the page cache, the new arrays' first touch, B2's hash), so two at once use both
        /// cores. A bad file still reports the fault a reading in section order would: the first
        /// failing section's.
        /// </summary>
        public void ReadPoints()
        {
            using (file)
                ParallelChunks.For(pointSections.Length, 1, (section, _) => pointSections[section](), maxDegreeOfParallelism: 2);
        }
    }

    private static PendingZkey Begin(string path, SubgroupCheck b2Subgroup, string? cacheDirectory)
    {
        var file = BinFile.Open(path, Magic, maxVersion: 1);
        try
        {
            RefuseUnknownSections(file);
            var header = ReadHeader(file);
            int nVars = header.SignalCount, nPublic = header.PublicCount, domainSize = header.DomainSize;

            // The cheap structural sections first, so that a bad file fails before the point arrays are checked.
            var (contributions, circuitHash, records) = ReadContributions(file);
            var coefficients = ReadCoefficients(file, nVars, domainSize);
            var ic = ReadG1Section(file, 3, "IC", new G1Affine[nPublic + 1]);
            // Every point section's size before any of their arrays is allocated.
            CheckPointBytes(file.Read(5, "A"), nVars, SnarkjsBinaryPointEncoding.G1Size, "G1");
            CheckPointBytes(file.Read(6, "B1"), nVars, SnarkjsBinaryPointEncoding.G1Size, "G1");
            CheckPointBytes(file.Read(7, "B2"), nVars, SnarkjsBinaryPointEncoding.G2Size, "G2");
            CheckPointBytes(file.Read(8, "C"), nVars - nPublic - 1, SnarkjsBinaryPointEncoding.G1Size, "G1");
            CheckPointBytes(file.Read(9, "H"), domainSize, SnarkjsBinaryPointEncoding.G1Size, "G1");
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
                A = new G1Affine[nVars],
                B1 = new G1Affine[nVars],
                B2 = new G2Affine[nVars],
                C = new G1Affine[nVars - nPublic - 1],
                H = new G1Affine[domainSize],
            };
            var b2Cache = cacheDirectory == "" ? UserCache.Directory("zkey-g2") : cacheDirectory;
            Action[] pointSections =
            [
                () => ReadG1Section(file, 5, "A", key.A),
                () => ReadG1Section(file, 6, "B1", key.B1),
                () => ReadB2(file, key.B2, b2Subgroup, b2Cache),
                () => ReadG1Section(file, 8, "C", key.C),
                () => ReadG1Section(file, 9, "H", key.H),
            ];
            return new PendingZkey(file, new Zkey(key, contributions, order, circuitHash, records), pointSections);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads only the header and IC sections (what `zkey export verificationkey` needs), for
    /// verifying with: a degenerate key (<see cref="DegenerateKeys.Refuse(VerificationKey, string)"/>,
    /// a key without a phase-2 contribution among them) is refused with
    /// <see cref="DegenerateKeyException"/> naming the file. That says nothing of whether the
    /// key's maker could forge proofs: pin the key (<see cref="KeyDigest"/>).
    /// </summary>
    public static VerificationKey ReadVerificationKey(string path)
    {
        var key = ReadVerificationKeyUnchecked(path);
        DegenerateKeys.Refuse(key, path);
        return key;
    }

    /// <summary>
    /// The verification part as the file has it, degenerate or not: for work on the format
    /// itself (snarkjs's uncontributed keys), never to verify with.
    /// </summary>
    public static VerificationKey ReadVerificationKeyUnchecked(string path)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 1);
        RefuseUnknownSections(file);
        var header = ReadHeader(file);
        var ic = ReadG1Section(file, 3, "IC", new G1Affine[header.PublicCount + 1]);
        return new VerificationKey(header.Alpha1, header.Beta2, header.Gamma2, header.Delta2, ic);
    }

    /// <summary>A Groth16 zkey has sections 1 to 10 (snarkjs's contributions are section 10): any other is named and refused.</summary>
    private static void RefuseUnknownSections(BinFile file)
    {
        foreach (var section in file.Sections)
            if (section.Type is < 1 or > 10)
                throw new CircomFormatException(file.Path, null, section.Offset - 12, $"unknown section {section.Type} ({section.Size} bytes) in a .zkey; a Groth16 zkey has sections 1 to 10");
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

    /// <summary>
    /// Bytes of a section decoded at a time: the section is never held whole beside its decoded
    /// points. 256 KiB: two sections are read at once, alongside the prover's NTTs, and their
    /// buffers count in the proof's peak memory (1 MiB blocks put it 1 MB higher).
    /// </summary>
    private const int BlockBytes = 1 << 18;

    /// <summary>Points decoded per parallel task.</summary>
    private const int ChunkPoints = 1024;

    /// <summary>Section <paramref name="type"/>'s points into <paramref name="points"/>, which the caller sized from the header (the section's size is checked against it before anything is read).</summary>
    private static G1Affine[] ReadG1Section(BinFile file, uint type, string name, G1Affine[] points)
    {
        var s = file.Read(type, name);
        var count = points.Length;
        CheckPointBytes(s, count, SnarkjsBinaryPointEncoding.G1Size, "G1");
        ReadPointBlocks(s, count, SnarkjsBinaryPointEncoding.G1Size, $"{name} points", hash: null,
            (src, lo, n, offset) => SnarkjsBinaryPointEncoding.ReadG1Array(src, points.AsSpan(lo, n), offset));
        return points;
    }

    /// <summary>
    /// Section 7: decodes the points (on the curve, coordinates canonical) while hashing the
    /// bytes, then runs the subgroup test unless <paramref name="cacheDirectory"/> records that
    /// these exact bytes passed it (see <see cref="Read"/>).
    /// </summary>
    private static G2Affine[] ReadB2(BinFile file, G2Affine[] points, SubgroupCheck subgroup, string? cacheDirectory)
    {
        var s = file.Read(7, "B2");
        var count = points.Length;
        CheckPointBytes(s, count, SnarkjsBinaryPointEncoding.G2Size, "G2");
        var start = s.Position;
        using var hash = subgroup == SubgroupCheck.Verify && cacheDirectory is not null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        hash?.AppendData(B2CacheTag);
        ReadPointBlocks(s, count, SnarkjsBinaryPointEncoding.G2Size, "B2 points", hash,
            (src, lo, n, offset) => SnarkjsBinaryPointEncoding.ReadG2Array(src, points.AsSpan(lo, n), offset, SubgroupCheck.SkipForTrustedInput));
        if (subgroup != SubgroupCheck.Verify) return points;

        var record = hash is null ? null : Path.Combine(cacheDirectory!, Convert.ToHexStringLower(hash.GetHashAndReset()) + ".b2-in-g2");
        if (record is not null && File.Exists(record)) return points;
        var bad = FirstOutsideSubgroup(points);
        if (bad >= 0)
        {
            var at = start + (long)bad * SnarkjsBinaryPointEncoding.G2Size;
            throw s.Error(at - s.Position, $"snarkjs G2 point {bad} at byte {at}: {points[bad]} is on the twist but not in the order-r subgroup G2");
        }
        if (record is not null)
            UserCache.TryWrite(record, System.Text.Encoding.UTF8.GetBytes($"The {count} B2 points of a .zkey whose section hashes to this name are in G2.\n"));
        return points;
    }

    /// <summary>What a B2 record vouches for, hashed ahead of the section's bytes so that no other cached digest can pass for one.</summary>
    private static ReadOnlySpan<byte> B2CacheTag => "crossmargin zkey section 7 (B2): every point in G2, v1\n"u8;

    /// <summary>The index of the first point outside G2, or -1; the test runs on all cores.</summary>
    private static int FirstOutsideSubgroup(G2Affine[] points)
    {
        const int Chunk = 256;
        var first = int.MaxValue;
        Parallel.For(0, (points.Length + Chunk - 1) / Chunk, i =>
        {
            var end = Math.Min(points.Length, (i + 1) * Chunk);
            for (var j = i * Chunk; j < end && j < Volatile.Read(ref first); j++)
            {
                if (points[j].IsInSubgroup) continue;
                for (var seen = Volatile.Read(ref first); j < seen; seen = Volatile.Read(ref first))
                    if (Interlocked.CompareExchange(ref first, j, seen) == seen) break;
                break;
            }
        });
        return first == int.MaxValue ? -1 : first;
    }

    private static void CheckPointBytes(SectionReader s, int count, int size, string what)
    {
        var expected = (long)count * size;
        if (s.Remaining != expected)
            throw s.Error(0, $"{count} {what} points need {expected} bytes; the section has {s.Remaining}");
    }

    private delegate void ChunkDecoder(ReadOnlySpan<byte> source, int first, int count, long offset);

    /// <summary>
    /// Reads <paramref name="count"/> points of <paramref name="size"/> bytes a block at a time
    /// into a pooled buffer (adding each block to <paramref name="hash"/>), and decodes each block
    /// in parallel chunks; the first failing chunk's error (lowest offset) is reported.
    /// </summary>
    private static void ReadPointBlocks(SectionReader s, int count, int size, string what, IncrementalHash? hash, ChunkDecoder decode)
    {
        var perBlock = BlockBytes / size;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(perBlock, Math.Max(count, 1)) * size);
        try
        {
            for (var first = 0; first < count; first += perBlock)
            {
                var n = Math.Min(perBlock, count - first);
                var start = s.Position;
                s.Fill(buffer.AsSpan(0, n * size), what);
                hash?.AppendData(buffer, 0, n * size);
                var blockFirst = first;
                try
                {
                    ParallelChunks.For(n, ChunkPoints, (lo, m) =>
                        decode(buffer.AsSpan(lo * size, m * size), blockFirst + lo, m, start + (long)lo * size));
                }
                catch (PointEncodingException e)
                {
                    throw s.Error((e.ByteOffset ?? start) - s.Position, e.Message);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static QapCoefficient[] ReadCoefficients(BinFile file, int nVars, int domainSize)
    {
        var s = file.Read(4, "coefficients");
        var count = s.ReadUInt32("coefficient count");
        if ((ulong)s.Remaining != (ulong)count * CoefficientSize)
            throw s.Error(-4, $"{count} coefficients need {(ulong)count * CoefficientSize} bytes; the section has {s.Remaining}");
        var result = new QapCoefficient[count];
        // Parsed a block at a time from a pooled buffer: millions of small reads through the stream cost more than the parsing.
        const int PerBlock = BlockBytes / CoefficientSize;
        var buffer = ArrayPool<byte>.Shared.Rent(CoefficientSize * (int)Math.Min(PerBlock, Math.Max(count, 1u)));
        try
        {
            for (var first = 0; first < result.Length; first += PerBlock)
            {
                var n = Math.Min(PerBlock, result.Length - first);
                var start = s.Position;
                s.Fill(buffer.AsSpan(0, n * CoefficientSize), "coefficients");
                CircomFormatException Bad(int k, int field, string problem) =>
                    s.Error(start + (long)k * CoefficientSize + field - s.Position, $"coefficient {first + k}: {problem}");
                for (var k = 0; k < n; k++)
                {
                    var at = buffer.AsSpan(k * CoefficientSize, CoefficientSize);
                    var matrix = BinaryPrimitives.ReadUInt32LittleEndian(at);
                    if (matrix > 1) throw Bad(k, 0, $"matrix {matrix} is neither A (0) nor B (1)");
                    var constraint = BinaryPrimitives.ReadUInt32LittleEndian(at[4..]);
                    if (constraint >= (uint)domainSize) throw Bad(k, 4, $"constraint {constraint} is outside the domain of {domainSize}");
                    var signal = BinaryPrimitives.ReadUInt32LittleEndian(at[8..]);
                    if (signal >= (uint)nVars) throw Bad(k, 8, $"signal {signal} is not below nVars {nVars}");
                    // X = c R^2 mod r; read as a Montgomery representation it is the element X/R = c R.
                    if (!Fr.TryReadMontgomeryLittleEndian(at[12..], out var cR))
                        throw Bad(k, 12, "value is not below r");
                    Fr.Mul(cR, MontgomeryOne, out var c);
                    result[first + k] = new QapCoefficient((int)matrix, (int)constraint, (int)signal, c);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return result;
    }

    /// <summary>Section 10, raw and read: every point checked, the parameter list sorted, unique and known, every byte consumed.</summary>
    private static (byte[] Raw, byte[] CircuitHash, ZkeyContributionRecord[] Records) ReadContributions(BinFile file)
    {
        var s = file.Read(10, "contributions");
        if (s.Remaining > int.MaxValue) throw s.Error(0, "the contributions section is implausibly large");
        var raw = s.ReadBytes((int)s.Remaining, "contributions");
        var r = file.Read(10, "contributions");
        var circuitHash = r.ReadBytes(64, "circuit hash");
        var n = r.ReadUInt32("contribution count");
        // Each contribution takes at least 64 * 3 + 128 + 64 + 8 bytes.
        if ((ulong)n * 392 > (ulong)r.Remaining)
            throw r.Error(-4, $"{n} contributions cannot fit in {r.Remaining} bytes");
        var records = new ZkeyContributionRecord[n];
        for (var i = 0; i < n; i++)
        {
            var deltaAfter = ReadG1(r, $"contribution {i + 1} deltaAfter");
            var g1s = ReadG1(r, $"contribution {i + 1} g1_s");
            var g1sx = ReadG1(r, $"contribution {i + 1} g1_sx");
            var g2spx = ReadG2(r, $"contribution {i + 1} g2_spx");
            var transcript = r.ReadBytes(64, "transcript");
            var type = r.ReadUInt32("type");
            if (type > 1) throw r.Error(-4, $"contribution {i + 1}: type {type} is neither 0 (contribution) nor 1 (beacon)");
            var length = r.ReadUInt32("parameter length");
            if (length > r.Remaining) throw r.Error(-4, $"parameters of {length} bytes; {r.Remaining} remain");
            var end = r.Position + length;
            var last = 0;
            string? name = null;
            byte[]? beaconHash = null;
            var exponent = 0;
            while (r.Position < end)
            {
                var kind = r.ReadBytes(1, "parameter type")[0];
                if (kind <= last) throw r.Error(-1, "contribution parameters must be sorted and unique");
                last = kind;
                switch (kind)
                {
                    case 1: name = System.Text.Encoding.UTF8.GetString(r.ReadBytes(r.ReadBytes(1, "name length")[0], "name")); break;
                    case 2: exponent = r.ReadBytes(1, "numIterationsExp")[0]; break;
                    case 3: beaconHash = r.ReadBytes(r.ReadBytes(1, "beacon hash length")[0], "beacon hash"); break;
                    default: throw r.Error(-1, $"contribution parameter type {kind} is not known");
                }
                if (r.Position > end) throw r.Error(0, "a contribution parameter runs past the declared length");
            }
            records[i] = new ZkeyContributionRecord(deltaAfter, g1s, g1sx, g2spx, transcript, type, name, beaconHash, exponent);
        }
        r.EnsureConsumed();
        return (raw, circuitHash, records);
    }

    /// <summary>
    /// Writes snarkjs's <c>zkey export json</c> (zkey_export_json.js: readZKey as objects, bigints as
    /// decimal strings, <see cref="BfjWriter"/> layout): the header's figures and points, IC, the
    /// QAP coefficients (ccoefs: matrix, constraint, signal, value), the A, B1, B2 bases, C (null
    /// for the constant one and the public signals, which have no C base) and H (hExps). Points
    /// are [x, y, "1"], G2 coordinates [c0, c1]; the contributions section is not exported.
    /// </summary>
    public static void WriteJson(string path, ProvingKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var w = new BfjWriter(path);
        w.StartObject();
        w.Key("protocol"); w.String("groth16");
        w.Key("n8q"); w.Number(32);
        w.Key("q"); w.String(Fq.Modulus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.Key("n8r"); w.Number(32);
        w.Key("r"); w.String(Fr.Modulus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.Key("nVars"); w.Number(key.SignalCount);
        w.Key("nPublic"); w.Number(key.PublicCount);
        w.Key("domainSize"); w.Number(key.DomainSize);
        w.Key("power"); w.Number(System.Numerics.BitOperations.Log2((uint)key.DomainSize));
        w.Key("vk_alpha_1"); w.Point(key.Alpha1);
        w.Key("vk_beta_1"); w.Point(key.Beta1);
        w.Key("vk_beta_2"); w.Point(key.Beta2);
        w.Key("vk_gamma_2"); w.Point(key.Gamma2);
        w.Key("vk_delta_1"); w.Point(key.Delta1);
        w.Key("vk_delta_2"); w.Point(key.Delta2);
        w.Key("IC"); Points(w, key.IC);
        w.Key("ccoefs");
        w.StartArray();
        foreach (var c in key.Coefficients)
        {
            w.StartObject();
            w.Key("matrix"); w.Number(c.Matrix);
            w.Key("constraint"); w.Number(c.Constraint);
            w.Key("signal"); w.Number(c.Signal);
            w.Key("value"); w.Decimal(c.Value);
            w.EndObject();
        }
        w.EndArray();
        w.Key("A"); Points(w, key.A);
        w.Key("B1"); Points(w, key.B1);
        w.Key("B2");
        w.StartArray();
        foreach (var p in key.B2) w.Point(p);
        w.EndArray();
        w.Key("C");
        w.StartArray();
        for (var i = 0; i <= key.PublicCount; i++) w.Null();
        foreach (var p in key.C) w.Point(p);
        w.EndArray();
        w.Key("hExps"); Points(w, key.H);
        w.EndObject();
    }

    private static void Points(BfjWriter w, G1Affine[] points)
    {
        w.StartArray();
        foreach (var p in points) w.Point(p);
        w.EndArray();
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

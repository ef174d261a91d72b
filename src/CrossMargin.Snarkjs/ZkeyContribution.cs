using System.Buffers.Binary;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs;

/// <summary>
/// A phase-2 contribution to a Groth16 .zkey, as snarkjs's zkey_contribute.js makes it: a fresh
/// secret delta multiplies delta1 and delta2 and divides the C (section 8) and H (section 9)
/// bases; the record appended to section 10 carries deltaAfter, the proof of knowledge
/// (g1_s, g1_sx = delta g1_s, g2_spx = delta g2_sp with g2_sp = hashToG2(transcript)) and the
/// transcript, blake2b-512 of the circuit hash, every earlier contribution's public key
/// (zkey_utils.js hashPubKey) and g1_s, g1_sx. Sections are written in the order of
/// zkey_utils.js writeHeader and zkey_contribute.js: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.
/// </summary>
public static class ZkeyContribution
{
    private const int G1 = SnarkjsBinaryPointEncoding.G1Size;
    private const int G2 = SnarkjsBinaryPointEncoding.G2Size;
    internal const int Delta1Offset = 84 + 2 * G1 + 2 * G2;
    internal const int Delta2Offset = Delta1Offset + G1;

    /// <summary>Contributes with secret <paramref name="delta"/>; <paramref name="s"/> picks g1_s = s G1.</summary>
    /// <returns>The contribution hash snarkjs prints (blake2b-512 of the new public key).</returns>
    public static byte[] Contribute(string inPath, string outPath, Fr delta, Fr s, string? name = null)
    {
        if (s.IsZero) throw new ArgumentException("the secrets must be nonzero");
        return Apply(inPath, outPath, delta, Bn254ScalarMultiplication.Multiply(G1Curve.Generator, s).ToAffine(), name, null);
    }

    /// <summary>
    /// zkey_beacon.js: a contribution whose delta and g1_s are drawn from the beacon's generator
    /// (<see cref="SnarkjsRng.FromBeacon"/>), so that anyone can recompute it; recorded as type 1
    /// with numIterationsExp and the beacon hash.
    /// </summary>
    public static byte[] Beacon(string inPath, string outPath, byte[] beaconHash, int numIterationsExp, string? name = null)
    {
        var rng = SnarkjsRng.FromBeacon(beaconHash, numIterationsExp);
        var delta = rng.NextFr();
        var g1s = rng.NextG1();
        return Apply(inPath, outPath, delta, g1s, name, (beaconHash, numIterationsExp));
    }

    private static byte[] Apply(string inPath, string outPath, Fr delta, G1Affine g1s, string? name, (byte[] Hash, int Exp)? beacon)
    {
        if (delta.IsZero || g1s.IsInfinity) throw new ArgumentException("the secrets must be nonzero");
        byte[] header, groth, mpc;
        var copied = new Dictionary<uint, byte[]>();
        using (var file = BinFile.Open(inPath, "zkey", maxVersion: 2))
        {
            header = ReadAll(file, 1, "header");
            if (header.Length != 4 || BinaryPrimitives.ReadUInt32LittleEndian(header) != 1)
                throw new CircomFormatException(inPath, "header", 0, "not a Groth16 key");
            groth = ReadAll(file, 2, "groth header");
            if (groth.Length != Delta2Offset + G2)
                throw new CircomFormatException(inPath, "groth header", 0, $"{groth.Length} bytes; a BN254 Groth16 header has {Delta2Offset + G2}");
            foreach (var t in new uint[] { 3, 4, 5, 6, 7, 8, 9 }) copied[t] = ReadAll(file, t, $"section {t}");
            mpc = ReadAll(file, 10, "mpc params");
        }

        var delta1 = Point1(inPath, groth, Delta1Offset);
        var delta2 = Point2(inPath, groth, Delta2Offset);
        var (csHash, records) = ParseMpc(inPath, mpc);

        var transcriptHasher = new Blake2b();
        transcriptHasher.Update(csHash.AsSpan(0, 64));
        foreach (var r in records) HashPubKey(transcriptHasher, r);
        var g1sx = Bn254ScalarMultiplication.Multiply(g1s, delta).ToAffine();
        Update(transcriptHasher, g1s);
        Update(transcriptHasher, g1sx);
        var transcript = new byte[64];
        transcriptHasher.Digest().CopyTo(transcript, 0);
        var g2sp = SnarkjsHashToG2.Hash(transcript);
        var g2spx = Bn254ScalarMultiplication.Multiply(g2sp, delta).ToAffine();

        var newDelta1 = Bn254ScalarMultiplication.Multiply(delta1, delta).ToAffine();
        var newDelta2 = Bn254ScalarMultiplication.Multiply(delta2, delta).ToAffine();
        SnarkjsBinaryPointEncoding.WriteG1(newDelta1, groth.AsSpan(Delta1Offset, G1));
        SnarkjsBinaryPointEncoding.WriteG2(newDelta2, groth.AsSpan(Delta2Offset, G2));

        Fr.Inverse(delta, out var inverse);
        foreach (var t in new uint[] { 8, 9 })
        {
            var bytes = copied[t];
            if (bytes.Length % G1 != 0) throw new CircomFormatException(inPath, $"section {t}", 0, "not a whole number of G1 points");
            var points = new G1Affine[bytes.Length / G1];
            try
            {
                SnarkjsBinaryPointEncoding.ReadG1Array(bytes, points);
            }
            catch (PointEncodingException e)
            {
                throw new CircomFormatException(inPath, $"section {t}", e.ByteOffset ?? 0, e.Message);
            }
            GroupTransforms.ScaleGeometric(points, inverse, Fr.One);
            SnarkjsBinaryPointEncoding.WriteG1Array(points, bytes);
        }

        var record = new List<byte>();
        var buffer = new byte[G2];
        void Add1(in G1Affine p) { SnarkjsBinaryPointEncoding.WriteG1(p, buffer); record.AddRange(buffer.AsSpan(0, G1)); }
        Add1(newDelta1);
        Add1(g1s);
        Add1(g1sx);
        SnarkjsBinaryPointEncoding.WriteG2(g2spx, buffer);
        record.AddRange(buffer);
        record.AddRange(transcript);
        record.AddRange(BitConverter.GetBytes(beacon is null ? 0u : 1u));
        var parameters = new List<byte>();
        if (!string.IsNullOrEmpty(name))
        {
            var text = System.Text.Encoding.UTF8.GetBytes(name.Length > 64 ? name[..64] : name);
            parameters.Add(1);
            parameters.Add((byte)text.Length);
            parameters.AddRange(text);
        }
        if (beacon is { } b)
        {
            parameters.Add(2);
            parameters.Add((byte)b.Exp);
            parameters.Add(3);
            parameters.Add((byte)b.Hash.Length);
            parameters.AddRange(b.Hash);
        }
        record.AddRange(BitConverter.GetBytes((uint)parameters.Count));
        record.AddRange(parameters);

        var newMpc = new List<byte>(mpc.Length + record.Count);
        newMpc.AddRange(csHash);
        newMpc.AddRange(BitConverter.GetBytes((uint)(records.Count + 1)));
        newMpc.AddRange(mpc.AsSpan(68).ToArray());
        newMpc.AddRange(record);

        // snarkjs's zkey contribute writes the sections in type order.
        var sections = new Dictionary<uint, byte[]>(copied) { [1] = header, [2] = groth, [10] = [.. newMpc] };
        using (var stream = new FileStream(outPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            ZkeyFile.WriteSections(stream, sections, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        var contributionHasher = new Blake2b();
        HashPubKey(contributionHasher, new Record(newDelta1, g1s, g1sx, g2spx, transcript));
        var contributionHash = new byte[64];
        contributionHasher.Digest().CopyTo(contributionHash, 0);
        return contributionHash;
    }

    internal sealed record Record(G1Affine DeltaAfter, G1Affine G1S, G1Affine G1Sx, G2Affine G2Spx, byte[] Transcript, uint Type = 0, byte[]? BeaconHash = null, int NumIterationsExp = 0);

    internal static (byte[] CsHash, List<Record> Records) ParseMpc(string path, byte[] mpc)
    {
        CircomFormatException Bad(long at, string problem) => new(path, "mpc params", at, problem);
        if (mpc.Length < 68) throw Bad(0, "shorter than the circuit hash and the count");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(mpc.AsSpan(64));
        const int fixedSize = 3 * G1 + G2 + 64 + 4 + 4;
        if (count > (mpc.Length - 68) / fixedSize) throw Bad(64, $"{count} contributions cannot fit");
        var records = new List<Record>();
        var pos = 68;
        for (var i = 0; i < count; i++)
        {
            if (mpc.Length - pos < fixedSize) throw Bad(pos, $"contribution {i + 1} is truncated");
            var deltaAfter = Point1(path, mpc, pos);
            var g1s = Point1(path, mpc, pos + G1);
            var g1sx = Point1(path, mpc, pos + 2 * G1);
            var g2spx = Point2(path, mpc, pos + 3 * G1);
            var transcript = mpc.AsSpan(pos + 3 * G1 + G2, 64).ToArray();
            pos += fixedSize;
            var paramLength = BinaryPrimitives.ReadUInt32LittleEndian(mpc.AsSpan(pos - 4));
            if (paramLength > mpc.Length - pos) throw Bad(pos - 4, $"contribution {i + 1}: {paramLength} parameter bytes do not fit");
            var type = BinaryPrimitives.ReadUInt32LittleEndian(mpc.AsSpan(pos - 8));
            if (type > 1) throw Bad(pos - 8, $"contribution {i + 1}: type {type} is neither 0 nor 1");
            byte[]? beaconHash = null;
            var exp = 0;
            var end = pos + (int)paramLength;
            var last = 0;
            while (pos < end)
            {
                var id = mpc[pos++];
                if (id <= last || pos >= end) throw Bad(pos, $"contribution {i + 1}: bad parameter list");
                last = id;
                if (id == 2) exp = mpc[pos++];
                else if (id is 1 or 3)
                {
                    var len = mpc[pos++];
                    if (len > end - pos) throw Bad(pos, $"contribution {i + 1}: parameter {id} overruns");
                    if (id == 3) beaconHash = mpc.AsSpan(pos, len).ToArray();
                    pos += len;
                }
                else throw Bad(pos - 1, $"contribution {i + 1}: unknown parameter {id}");
            }
            records.Add(new Record(deltaAfter, g1s, g1sx, g2spx, transcript, type, beaconHash, exp));
        }
        if (pos != mpc.Length) throw Bad(pos, $"{mpc.Length - pos} bytes after the last contribution");
        return (mpc[..64], records);
    }

    internal static void HashPubKey(Blake2b hasher, Record r)
    {
        Update(hasher, r.DeltaAfter);
        Update(hasher, r.G1S);
        Update(hasher, r.G1Sx);
        var b = new byte[G2];
        ZkeyWriter.Uncompressed(r.G2Spx, b);
        hasher.Update(b.AsSpan(0, G2));
        hasher.Update(r.Transcript.AsSpan(0, 64));
    }

    internal static void Update(Blake2b hasher, in G1Affine p)
    {
        var b = new byte[G1];
        ZkeyWriter.Uncompressed(p, b);
        hasher.Update(b.AsSpan(0, G1));
    }

    internal static G1Affine Point1(string path, byte[] bytes, int offset)
    {
        try
        {
            return SnarkjsBinaryPointEncoding.ReadG1(bytes.AsSpan(offset, G1), offset);
        }
        catch (PointEncodingException e)
        {
            throw new CircomFormatException(path, null, e.ByteOffset ?? offset, e.Message);
        }
    }

    internal static G2Affine Point2(string path, byte[] bytes, int offset)
    {
        try
        {
            return SnarkjsBinaryPointEncoding.ReadG2(bytes.AsSpan(offset, G2), offset);
        }
        catch (PointEncodingException e)
        {
            throw new CircomFormatException(path, null, e.ByteOffset ?? offset, e.Message);
        }
    }

    internal static byte[] ReadAll(BinFile file, uint type, string name)
    {
        var section = file.Read(type, name);
        if (section.Remaining > Array.MaxLength) throw section.Error(0, "section too large");
        return section.ReadBytes((int)section.Remaining, name);
    }
}

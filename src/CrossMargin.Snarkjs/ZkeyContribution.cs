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
        var zkey = ZkeyFile.Read(inPath);
        var key = zkey.Key;

        var transcriptHasher = new Blake2b();
        transcriptHasher.Update(zkey.CircuitHash);
        foreach (var r in zkey.Records) HashPubKey(transcriptHasher, r);
        var g1sx = Bn254ScalarMultiplication.Multiply(g1s, delta).ToAffine();
        Update(transcriptHasher, g1s);
        Update(transcriptHasher, g1sx);
        var transcript = transcriptHasher.Digest();
        var g2sp = SnarkjsHashToG2.Hash(transcript);
        var g2spx = Bn254ScalarMultiplication.Multiply(g2sp, delta).ToAffine();

        var newDelta1 = Bn254ScalarMultiplication.Multiply(key.Delta1, delta).ToAffine();
        var newDelta2 = Bn254ScalarMultiplication.Multiply(key.Delta2, delta).ToAffine();
        Fr.Inverse(delta, out var inverse);
        var c = (G1Affine[])key.C.Clone();
        var h = (G1Affine[])key.H.Clone();
        GroupTransforms.ScaleGeometric(c, inverse, Fr.One);
        GroupTransforms.ScaleGeometric(h, inverse, Fr.One);
        var contributed = key with { Delta1 = newDelta1, Delta2 = newDelta2, C = c, H = h };

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

        var mpc = zkey.Contributions;
        var newMpc = new List<byte>(mpc.Length + record.Count);
        newMpc.AddRange(zkey.CircuitHash);
        newMpc.AddRange(BitConverter.GetBytes((uint)(zkey.Records.Count + 1)));
        newMpc.AddRange(mpc.AsSpan(68).ToArray());
        newMpc.AddRange(record);

        // snarkjs's zkey contribute writes the sections in type order.
        ZkeyFile.Write(outPath, contributed, [.. newMpc], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        var contributionHasher = new Blake2b();
        HashPubKey(contributionHasher, new ZkeyContributionRecord(newDelta1, g1s, g1sx, g2spx, transcript));
        return contributionHasher.Digest();
    }

    internal static void HashPubKey(Blake2b hasher, ZkeyContributionRecord r)
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
}

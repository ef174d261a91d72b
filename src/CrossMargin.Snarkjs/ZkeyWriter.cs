using System.Buffers.Binary;
using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;
using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs;

/// <summary>
/// Writes Groth16 .zkey files (version 1) exactly as snarkjs's zkey_new.js lays them out, with
/// sections in its order 1, 2, 4, 3, 9, 8, 5, 6, 7, 10:
/// <code>
/// 1  header:      protocol:u32 (1 = Groth16)
/// 2  groth header: n8q | q | n8r | r | nVars | nPublic | domainSize |
///                  alpha1 | beta1 | beta2 | gamma2 | delta1 | delta2           (LEM points)
/// 4  coefficients: n:u32 | n * (matrix:u32 | constraint:u32 | signal:u32 | (c R^2 mod r) LE)
/// 3  IC, 9 H, 8 C, 5 A, 6 B1, 7 B2: the points, LEM, without counts
/// 10 MPC params:  circuit hash[64] | nContributions:u32 | contributions (raw)
/// </code>
/// The coefficients are stored multiplied by R^2 (zkey_new.js writeCoef: Fr.mul(n, R2r), then
/// toRprLE), so that the prover's Montgomery multiplication by the raw value yields c R, the
/// Montgomery form of c.
/// </summary>
public static class ZkeyWriter
{
    private const int G1 = SnarkjsBinaryPointEncoding.G1Size;
    private const int G2 = SnarkjsBinaryPointEncoding.G2Size;

    public static void Write(string path, ProvingKey key, ReadOnlySpan<byte> circuitHash, IReadOnlyList<byte[]> contributions)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(stream, key, circuitHash, contributions);
    }

    /// <summary>The key through <see cref="ZkeyFile.Write(Stream, ProvingKey, ReadOnlySpan{byte}, IReadOnlyList{uint}?)"/>, section 10 built from the hash and the records.</summary>
    public static void Write(Stream stream, ProvingKey key, ReadOnlySpan<byte> circuitHash, IReadOnlyList<byte[]> contributions)
    {
        if (circuitHash.Length != 64) throw new ArgumentException("the circuit hash has 64 bytes", nameof(circuitHash));
        var mpc = new byte[64 + 4 + contributions.Sum(c => c.Length)];
        circuitHash.CopyTo(mpc);
        BinaryPrimitives.WriteUInt32LittleEndian(mpc.AsSpan(64), (uint)contributions.Count);
        var at = 68;
        foreach (var c in contributions)
        {
            c.CopyTo(mpc, at);
            at += c.Length;
        }
        ZkeyFile.Write(stream, key, mpc, ZkeyFile.NewKeySectionOrder);
    }

    /// <summary>
    /// The circuit hash of zkey_new.js: blake2b-512 over the uncompressed points (big-endian,
    /// not Montgomery; ffjavascript toRprUncompressed) of alpha1, beta1, beta2, gamma2 = G2,
    /// delta1 = G1, delta2 = G2 of the initial key, then for IC, H, C, A, B1, B2 in that order a
    /// big-endian u32 count followed by the points. For H, snarkjs hashes not the H bases but
    /// (tau^(i+n) - tau^i) G1 for i &lt; n - 1 (hashHPoints), in chunks of 2^14 points of which the
    /// last is not shortened: replicated here point for point.
    /// </summary>
    public static byte[] CircuitHash(ProvingKey initialKey, PowersOfTau tau)
    {
        var hasher = new Blake2b();
        var buffer = new byte[G2];
        void U1(in G1Affine p) { Uncompressed(p, buffer.AsSpan(0, G1)); hasher.Update(buffer.AsSpan(0, G1)); }
        void U2(in G2Affine p) { Uncompressed(p, buffer); hasher.Update(buffer.AsSpan(0, G2)); }
        void Count(int n) { BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)n); hasher.Update(buffer.AsSpan(0, 4)); }

        U1(initialKey.Alpha1);
        U1(initialKey.Beta1);
        U2(initialKey.Beta2);
        U2(initialKey.Gamma2);
        U1(initialKey.Delta1);
        U2(initialKey.Delta2);

        Count(initialKey.IC.Length);
        foreach (var p in initialKey.IC) U1(p);

        var n = initialKey.DomainSize;
        Count(n - 1);
        const int chunk = 1 << 14;
        for (var i = 0; i < n - 1; i += chunk)
        {
            var count = Math.Min(n - 1, chunk);
            if (i + count + n > tau.TauG1.Length)
                throw new ArgumentException("the powers of tau are too short for snarkjs's H hash");
            var points = new G1Affine[count];
            Parallel.For(0, count, k =>
            {
                G1Jacobian.AddMixed(tau.TauG1[i + k + n].ToJacobian(), tau.TauG1[i + k].Negate(), out var d);
                points[k] = d.ToAffine();
            });
            foreach (var p in points) U1(p);
        }

        Count(initialKey.C.Length);
        foreach (var p in initialKey.C) U1(p);
        Count(initialKey.A.Length);
        foreach (var p in initialKey.A) U1(p);
        Count(initialKey.B1.Length);
        foreach (var p in initialKey.B1) U1(p);
        Count(initialKey.B2.Length);
        foreach (var p in initialKey.B2) U2(p);

        var digest = new byte[64];
        hasher.Digest().CopyTo(digest, 0);
        return digest;
    }

    /// <summary>
    /// wasmcurves' LEMtoU (what batchLEMtoU hashes): coordinates big-endian, not Montgomery, G2's
    /// Fq2 reversed as one 64-byte number (c1 then c0), infinity all zeros: the EVM encoding.
    /// </summary>
    internal static void Uncompressed(in G1Affine p, Span<byte> destination) => EvmPointEncoding.WriteG1(p, destination);

    internal static void Uncompressed(in G2Affine p, Span<byte> destination) => EvmPointEncoding.WriteG2(p, destination);
}

/// <summary>snarkjs's <c>groth16 setup</c> on files: .r1cs + prepared .ptau -> .zkey.</summary>
public static class Groth16SetupFiles
{
    /// <returns>The circuit hash.</returns>
    public static byte[] Setup(string r1csPath, string ptauPath, string zkeyPath, Action<string>? progress = null)
    {
        var (key, hash) = Create(r1csPath, ptauPath, progress);
        ZkeyWriter.Write(zkeyPath, key, hash, []);
        return hash;
    }

    /// <summary>The initial key and its circuit hash.</summary>
    public static (ProvingKey Key, byte[] CircuitHash) Create(string r1csPath, string ptauPath, Action<string>? progress = null)
    {
        progress?.Invoke("reading the circuit");
        var r1cs = R1csFile.Read(r1csPath);
        progress?.Invoke("reading the powers of tau");
        var ptau = PtauFile.Read(ptauPath);
        if (ptau.Lagrange is null)
            throw new CircomFormatException(ptauPath, null, 0, "the powers of tau are not prepared for phase 2 (run powersoftau prepare phase2)");
        return Create(r1cs, ptau.Points, ptau.Lagrange, progress);
    }

    /// <summary>The initial key and its circuit hash, from a circuit and prepared powers of tau in memory.</summary>
    public static (ProvingKey Key, byte[] CircuitHash) Create(R1csFile r1cs, PowersOfTau tau, LagrangeBases lagrange, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(r1cs);
        var key = Groth16Setup.Create(r1cs.System, tau, lagrange, progress);
        progress?.Invoke("hashing the circuit");
        return (key, ZkeyWriter.CircuitHash(key, tau));
    }
}

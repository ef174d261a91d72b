using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Snarkjs.Ceremony;
using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs;

/// <summary>
/// Checks a .zkey against its circuit and powers of tau, as snarkjs's zkey_verify_fromr1cs.js:
/// recompute the initial key; every section that phase 2 does not touch (header, IC,
/// coefficients, A, B1, B2) and the circuit hash must equal it; each contribution's transcript
/// must be recomputable, its proof of knowledge must hold (e(g1_s, g2_spx) = e(g1_sx, g2_sp)
/// with g2_sp = hashToG2(transcript)), its deltaAfter must be the previous delta times the same
/// secret, beacons must match their beacon; the key's delta1/delta2 must be the last deltaAfter;
/// and the C and H sections must be the initial ones divided by delta, checked with a random
/// linear combination: e(sum r_i C_i, delta2) = e(sum r_i C0_i, G2).
/// </summary>
public static class ZkeyVerification
{
    /// <returns>Null when the key is valid, else what is wrong.</returns>
    public static string? Verify(string r1csPath, string ptauPath, string zkeyPath, Action<string>? progress = null)
    {
        ProvingKey initial;
        byte[] csHash;
        try
        {
            (initial, csHash) = Groth16SetupFiles.Create(r1csPath, ptauPath, progress);
        }
        catch (ArgumentException e)
        {
            // The circuit does not fit these powers of tau, so no key is its setup from them.
            return e.Message;
        }
        progress?.Invoke("reading the key");
        var zkey = ZkeyFile.Read(zkeyPath);
        var key = zkey.Key;
        if (key.SignalCount != initial.SignalCount || key.PublicCount != initial.PublicCount || key.DomainSize != initial.DomainSize
            || key.Alpha1 != initial.Alpha1 || key.Beta1 != initial.Beta1 || key.Beta2 != initial.Beta2 || key.Gamma2 != initial.Gamma2)
            return "the Groth16 header (sizes, alpha, beta, gamma) differs from the setup";
        // What phase 2 does not touch must be the setup's, point for point.
        if (!key.IC.AsSpan().SequenceEqual(initial.IC)) return "section IC is not the setup of this circuit and these powers of tau";
        if (!key.Coefficients.AsSpan().SequenceEqual(initial.Coefficients)) return "section coefficients is not the setup of this circuit and these powers of tau";
        if (!key.A.AsSpan().SequenceEqual(initial.A)) return "section A is not the setup of this circuit and these powers of tau";
        if (!key.B1.AsSpan().SequenceEqual(initial.B1)) return "section B1 is not the setup of this circuit and these powers of tau";
        if (!key.B2.AsSpan().SequenceEqual(initial.B2)) return "section B2 is not the setup of this circuit and these powers of tau";
        if (!zkey.CircuitHash.AsSpan().SequenceEqual(csHash)) return "the circuit hash differs";
        var records = zkey.Records;

        progress?.Invoke($"checking {records.Count} contributions");
        var previous = G1Curve.Generator;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var hasher = new Blake2b();
            hasher.Update(csHash.AsSpan(0, 64));
            for (var k = 0; k < i; k++) ZkeyContribution.HashPubKey(hasher, records[k]);
            ZkeyContribution.Update(hasher, r.G1S);
            ZkeyContribution.Update(hasher, r.G1Sx);
            var transcript = hasher.Digest();
            if (!transcript.AsSpan().SequenceEqual(r.Transcript)) return $"contribution {i + 1}: the transcript is not the hash of the history";
            var g2sp = SnarkjsHashToG2.Hash(transcript);
            if (!SameRatio(r.G1S, r.G1Sx, g2sp, r.G2Spx)) return $"contribution {i + 1}: the proof of knowledge fails";
            if (!SameRatio(previous, r.DeltaAfter, g2sp, r.G2Spx)) return $"contribution {i + 1}: deltaAfter is not the previous delta times the proven secret";
            if (r.Type == 1)
            {
                if (r.BeaconHash is null || r.NumIterationsExp is < 10 or > 63) return $"contribution {i + 1}: beacon parameters missing";
                var rng = SnarkjsRng.FromBeacon(r.BeaconHash, r.NumIterationsExp);
                var delta = rng.NextFr();
                var g1s = rng.NextG1();
                if (g1s != r.G1S || Bn254ScalarMultiplication.Multiply(g1s, delta).ToAffine() != r.G1Sx)
                    return $"contribution {i + 1}: the beacon does not give this contribution";
            }
            previous = r.DeltaAfter;
        }

        if (key.Delta1 != previous) return "delta1 is not the last contribution's deltaAfter";
        if (!SameRatio(G1Curve.Generator, key.Delta1, G2Curve.Generator, key.Delta2)) return "delta1 and delta2 disagree";

        progress?.Invoke("checking the C and H sections");
        foreach (var (name, now, before) in new[] { ("C", key.C, initial.C), ("H", key.H, initial.H) })
        {
            if (now.Length != before.Length) return $"section {name} has the wrong size";
            var weights = new Fr[now.Length];
            for (var k = 0; k < weights.Length; k++)
                weights[k] = Fr.FromBigInteger(new System.Numerics.BigInteger(System.Security.Cryptography.RandomNumberGenerator.GetBytes(40), isUnsigned: true) % Fr.Modulus);
            var sumNow = Msm.Multiply<Fq, G1Curve>(now, weights).ToAffine();
            var sumBefore = Msm.Multiply<Fq, G1Curve>(before, weights).ToAffine();
            if (!SameRatio(sumNow, sumBefore, G2Curve.Generator, key.Delta2)) return $"section {name} is not the setup's divided by delta";
        }
        return null;
    }

    /// <summary>e(a, d) = e(b, c): b/a = d/c in the exponent.</summary>
    private static bool SameRatio(in G1Affine a, in G1Affine b, in G2Affine c, in G2Affine d)
    {
        if (a.IsInfinity || b.IsInfinity || c.IsInfinity || d.IsInfinity) return false;
        return Bn254Pairing.PairingProductIsOne([a, b.Negate()], [d, c]);
    }
}

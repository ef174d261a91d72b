using System.Security.Cryptography;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// snarkjs powersoftau verify (powersoftau_verify.js), the whole chain:
/// <list type="number">
/// <item>Every contribution, oldest first, against the one before it (the first against a new
/// accumulator and the first challenge hash of the ceremony's power): its key proves knowledge of
/// tau, alpha, beta bound to the previous nextChallenge (g2_sp = hashToG2(Blake2b(personalization |
/// challenge | g1_s | g1_sx))), its tau G1, tau G2, alpha G1, beta G1 and beta G2 are the previous
/// ones times those secrets, a beacon's key is the one its beacon derives, and its partialHash has
/// absorbed exactly a challenge hash and a response's compressed points (our addition).</item>
/// <item>The accumulator: each section's powers in one ratio (random linear combinations, as
/// snarkjs), its first points the last contribution's, and Blake2b(response hash | the uncompressed
/// points) the last recorded nextChallenge; so the recorded hashes chain from the first challenge to
/// the points in the file.</item>
/// <item>After prepare phase2, the Lagrange sections equal those recomputed from the points.</item>
/// </list>
/// A failure is a false statement about the ceremony (<see cref="Verify"/> returns it, in
/// snarkjs's words); a malformed file has already failed in <see cref="PtauFile.Read"/>.
/// </summary>
public static class PowersOfTauVerification
{
    /// <summary>Null when the file verifies; else what is wrong. <paramref name="log"/> gets each contribution's hashes.</summary>
    public static string? Verify(PtauFile file, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var contributions = file.Contributions;
        if (contributions.Count == 0) return "This file has no contribution! It cannot be used in production";

        var challenge = PowersOfTauTranscript.FirstChallengeHash(file.CeremonyPower);
        var responseBytes = PowersOfTauChallenge.ResponseSize(file.CeremonyPower) - PowersOfTauPublicKey.Size;
        (G1Affine TauG1, G2Affine TauG2, G1Affine Alpha, G1Affine Beta, G2Affine BetaG2) previous =
            (G1Curve.Generator, G2Curve.Generator, G1Curve.Generator, G1Curve.Generator, G2Curve.Generator);
        for (var i = 0; i < contributions.Count; i++)
        {
            var c = contributions[i];
            var id = i + 1;
            if (VerifyContribution(c, id, challenge, previous, responseBytes) is { } problem) return problem;
            log?.Invoke($"contribution #{id}: {c.Name ?? ""}");
            log?.Invoke($"  challenge hash:      {Convert.ToHexStringLower(challenge)}");
            log?.Invoke($"  response hash:       {Convert.ToHexStringLower(c.ResponseHash())}");
            log?.Invoke($"  next challenge hash: {Convert.ToHexStringLower(c.NextChallenge)}");
            if (c.Beacon is { } b) log?.Invoke($"  beacon {Convert.ToHexStringLower(b.Hash)}, 2^{b.NumIterationsExp} iterations");
            challenge = c.NextChallenge.ToArray();
            previous = (c.TauG1, c.TauG2, c.AlphaG1, c.BetaG1, c.BetaG2);
        }

        var last = contributions[^1];
        var a = file.Points;
        if (!PowersInOneRatio(a.TauG1, last.TauG2)) return "tauG1 section. Powers do not match";
        if (a.TauG1[0] != G1Curve.Generator) return "First element of tau*G1 section must be the generator";
        if (a.TauG1[1] != last.TauG1) return "Second element of tau*G1 section does not match the one in the contribution section";
        if (!PowersInOneRatio(a.TauG2, last.TauG1)) return "tauG2 section. Powers do not match";
        if (a.TauG2[0] != G2Curve.Generator) return "First element of tau*G2 section must be the generator";
        if (a.TauG2[1] != last.TauG2) return "Second element of tau*G2 section does not match the one in the contribution section";
        if (!PowersInOneRatio(a.AlphaTauG1, last.TauG2)) return "alphaTauG1 section. Powers do not match";
        if (a.AlphaTauG1[0] != last.AlphaG1) return "First element of alpha*tau*G1 section (alpha*G1) does not match the one in the contribution section";
        if (!PowersInOneRatio(a.BetaTauG1, last.TauG2)) return "betaTauG1 section. Powers do not match";
        if (a.BetaTauG1[0] != last.BetaG1) return "First element of beta*tau*G1 section (beta*G1) does not match the one in the contribution section";
        if (a.BetaG2 != last.BetaG2) return "betaG2 element in betaG2 section does not match the one in the contribution section";
        // A truncated file (power below the ceremony's) no longer holds the points the last hash covers.
        if (file.Power == file.CeremonyPower
            && !PowersOfTauTranscript.NextChallengeOf(a, last.ResponseHash()).AsSpan().SequenceEqual(last.NextChallenge))
            return "Hash of the values does not match the next challenge of the last contributor in the contributions section";

        if (file.Lagrange is { } lagrange)
        {
            var expected = PowersOfTauCeremony.PreparePhase2(a);
            if (!lagrange.TauG1.AsSpan().SequenceEqual(expected.TauG1)) return "the Lagrange tauG1 section (12) is not the one prepare phase2 computes";
            if (!lagrange.TauG2.AsSpan().SequenceEqual(expected.TauG2)) return "the Lagrange tauG2 section (13) is not the one prepare phase2 computes";
            if (!lagrange.AlphaTauG1.AsSpan().SequenceEqual(expected.AlphaTauG1)) return "the Lagrange alphaTauG1 section (14) is not the one prepare phase2 computes";
            if (!lagrange.BetaTauG1.AsSpan().SequenceEqual(expected.BetaTauG1)) return "the Lagrange betaTauG1 section (15) is not the one prepare phase2 computes";
        }
        else
        {
            log?.Invoke("this file does not contain phase2 precalculated values: run powersoftau prepare phase2 before groth16 setup");
        }
        return null;
    }

    private static string? VerifyContribution(PtauContribution c, int id, byte[] challenge,
        (G1Affine TauG1, G2Affine TauG2, G1Affine Alpha, G1Affine Beta, G2Affine BetaG2) previous, long responseBytes)
    {
        var key = c.Key;
        if (c.Beacon is { } beacon && PowersOfTauPublicKey.Create(challenge, beacon.Rng()).Key != key)
            return $"BEACON key is not generated correctly in challenge #{id} {c.Name ?? ""}";
        var tauSp = PowersOfTauPublicKey.G2Sp(0, challenge, key.TauG1S, key.TauG1Sx);
        var alphaSp = PowersOfTauPublicKey.G2Sp(1, challenge, key.AlphaG1S, key.AlphaG1Sx);
        var betaSp = PowersOfTauPublicKey.G2Sp(2, challenge, key.BetaG1S, key.BetaG1Sx);
        if (!SameRatio(key.TauG1S, key.TauG1Sx, tauSp, key.TauG2Spx)) return $"INVALID key (tau) in challenge #{id}";
        if (!SameRatio(key.AlphaG1S, key.AlphaG1Sx, alphaSp, key.AlphaG2Spx)) return $"INVALID key (alpha) in challenge #{id}";
        if (!SameRatio(key.BetaG1S, key.BetaG1Sx, betaSp, key.BetaG2Spx)) return $"INVALID key (beta) in challenge #{id}";
        const string notFollowing = "It does not follow the previous contribution";
        if (!SameRatio(previous.TauG1, c.TauG1, tauSp, key.TauG2Spx)) return $"INVALID tau*G1. challenge #{id} {notFollowing}";
        if (!SameRatio(key.TauG1S, key.TauG1Sx, previous.TauG2, c.TauG2)) return $"INVALID tau*G2. challenge #{id} {notFollowing}";
        if (!SameRatio(previous.Alpha, c.AlphaG1, alphaSp, key.AlphaG2Spx)) return $"INVALID alpha*G1. challenge #{id} {notFollowing}";
        if (!SameRatio(previous.Beta, c.BetaG1, betaSp, key.BetaG2Spx)) return $"INVALID beta*G1. challenge #{id} {notFollowing}";
        if (!SameRatio(key.BetaG1S, key.BetaG1Sx, previous.BetaG2, c.BetaG2)) return $"INVALID beta*G2. challenge #{id} {notFollowing}";
        ulong absorbed;
        try
        {
            absorbed = Blake2b.FromPartialHash(c.PartialHash).Length;
        }
        catch (ArgumentException e)
        {
            return $"contribution #{id}: the partial response hash is not a BLAKE2b state ({e.Message})";
        }
        if (absorbed != (ulong)responseBytes)
            return $"contribution #{id}: the response hash absorbed {absorbed} bytes before the key; a response of this ceremony has {responseBytes}";
        return null;
    }

    /// <summary>
    /// Whether points[i + 1] = x points[i] for every i, where e(G1, ratio) = e(x G1, G2) for G1 points
    /// and e(ratio, G2) = e(G1, x G2) for G2 points: with random weights r_i,
    /// e(sum r_i P_i, ratio) = e(sum r_i P_(i+1), G2) (snarkjs's processSection).
    /// </summary>
    private static bool PowersInOneRatio(G1Affine[] points, in G2Affine ratio)
    {
        var weights = RandomWeights(points.Length - 1);
        var r1 = Msm.Multiply<Fq, G1Curve>(points.AsSpan(0, points.Length - 1), weights).ToAffine();
        var r2 = Msm.Multiply<Fq, G1Curve>(points.AsSpan(1), weights).ToAffine();
        return SameRatio(r1, r2, G2Curve.Generator, ratio);
    }

    private static bool PowersInOneRatio(G2Affine[] points, in G1Affine ratio)
    {
        var weights = RandomWeights(points.Length - 1);
        var r1 = Msm.Multiply<Fq2, G2Curve>(points.AsSpan(0, points.Length - 1), weights).ToAffine();
        var r2 = Msm.Multiply<Fq2, G2Curve>(points.AsSpan(1), weights).ToAffine();
        return SameRatio(G1Curve.Generator, ratio, r1, r2);
    }

    private static Fr[] RandomWeights(int count)
    {
        var bytes = RandomNumberGenerator.GetBytes(8 * count);
        var weights = new Fr[count];
        for (var i = 0; i < count; i++) weights[i] = Fr.FromUInt64(BitConverter.ToUInt64(bytes, 8 * i) | 1);
        return weights;
    }

    /// <summary>e(a, d) = e(b, c): b/a = d/c in the exponent.</summary>
    private static bool SameRatio(in G1Affine a, in G1Affine b, in G2Affine c, in G2Affine d)
    {
        if (a.IsInfinity || b.IsInfinity || c.IsInfinity || d.IsInfinity) return false;
        return Bn254Pairing.PairingProductIsOne([a, b.Negate()], [d, c]);
    }
}

using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

public static partial class PowersOfTauCeremony
{
    /// <summary>
    /// The local development ceremony: <see cref="PowersOfTau.New"/>, one <see cref="Contribute"/>
    /// with <paramref name="secrets"/> and, when asked, <see cref="PreparePhase2(PowersOfTau, Action{string, long}?)"/>,
    /// point for point, computed without their group-wide work. When one process knows the secrets,
    /// every point is a generator times a known scalar:
    /// <code>
    /// tauG1[i] = tau^i G1, tauG2[i] = tau^i G2, alphaTauG1[i] = alpha tau^i G1,
    /// betaTauG1[i] = beta tau^i G1, betaG2 = beta G2,
    /// Lagrange level k (n = 2^k, w the n-th root of unity): L_i(tau) G, (alpha, beta) L_i(tau) G1,
    ///   L_i(tau) = (1/n) sum_(j &lt; n) (tau w^-i)^j = (tau^n - 1)/n * w^i / (tau - w^i),
    /// </code>
    /// so the scalars are computed in Fr (one batch inversion per level) and the points by
    /// fixed-base multiplication (<see cref="FixedBaseTable{TField, TCurve}"/>), instead of a
    /// variable-base multiplication per point and inverse DFTs over the groups.
    /// </summary>
    /// <remarks>
    /// For tau G1's extra level power + 1 (N = 2^(power+1)) snarkjs transforms tau^0 .. tau^(N-2)
    /// followed by zero, so its scalars are L_i(tau) - (1/N) w^(-i(N-1)) tau^(N-1) = L_i(tau) - w^i tau^(N-1) / N.
    /// If tau is an n-th root of unity w^m, the formula divides 0 by 0: then L_i(tau) is 1 for i = m
    /// and 0 otherwise (a point at infinity), as the DFT gives. The secrets live only in memory.
    /// </remarks>
    /// <returns>The accumulator and, when <paramref name="preparePhase2"/>, its Lagrange bases.</returns>
    public static (PowersOfTau Accumulator, LagrangeBases? Lagrange) FromSecrets(
        int power, in Secrets secrets, bool preparePhase2, Action<string, long>? progress = null)
    {
        PowersOfTau.CheckPower(power);
        if (secrets.Tau.IsZero || secrets.Alpha.IsZero || secrets.Beta.IsZero)
            throw new ArgumentException("tau, alpha and beta must be non-zero", nameof(secrets));
        var n = 1 << power;
        var tauCount = (int)PowersOfTau.TauG1Count(power);

        // Table sizes from the number of multiplications each generator serves.
        long g1Count = tauCount + 2L * n, g2Count = n + 1L;
        if (preparePhase2)
        {
            g1Count += LagrangeBases.TotalCount(power + 1) + 2 * LagrangeBases.TotalCount(power);
            g2Count += LagrangeBases.TotalCount(power);
        }
        var g1 = new FixedBaseTable<Fq, G1Curve>(G1Curve.Generator, FixedBaseTable<Fq, G1Curve>.WindowBitsFor(g1Count));
        var g2 = new FixedBaseTable<Fq2, G2Curve>(G2Curve.Generator, FixedBaseTable<Fq2, G2Curve>.WindowBitsFor(g2Count));

        var powers = new Fr[tauCount];
        var t = Fr.One;
        for (var i = 0; i < tauCount; i++)
        {
            powers[i] = t;
            t *= secrets.Tau;
        }
        var tauG1 = g1.Multiply(powers);
        progress?.Invoke("tauG1", tauG1.Length);
        var tauG2 = g2.Multiply(powers.AsMemory(0, n));
        progress?.Invoke("tauG2", tauG2.Length);
        var alphaTauG1 = g1.Multiply(Scaled(powers.AsSpan(0, n), secrets.Alpha));
        progress?.Invoke("alphaTauG1", alphaTauG1.Length);
        var betaTauG1 = g1.Multiply(Scaled(powers.AsSpan(0, n), secrets.Beta));
        progress?.Invoke("betaTauG1", betaTauG1.Length);
        var betaG2 = g2.Multiply(new[] { secrets.Beta })[0];
        var accumulator = new PowersOfTau(power, tauG1, tauG2, alphaTauG1, betaTauG1, betaG2);
        if (!preparePhase2) return (accumulator, null);

        // Levels 0..power of L_i(tau), shared by all four sections; tau G1 adds level power + 1.
        var lagrange = new Fr[LagrangeBases.TotalCount(power + 1)];
        for (var k = 0; k <= power + 1; k++)
            LagrangeLevel(secrets.Tau, k, lagrange.AsSpan(LagrangeBases.LevelOffset(k), 1 << k));
        var last = 1 << (power + 1);
        Fr.Inverse(Fr.FromUInt64((ulong)last), out var lastInv);
        var correction = powers[tauCount - 1] * secrets.Tau * lastInv;  // tau^(N-1) / N (powers end at tau^(N-2))
        var w = Fr.RootOfUnity(power + 1);
        var top = lagrange.AsSpan(LagrangeBases.LevelOffset(power + 1), last);
        for (var i = 0; i < last; i++)
        {
            top[i] -= correction;
            correction *= w;
        }

        var lagrangeLength = (int)LagrangeBases.TotalCount(power);
        var result = new LagrangeBases(power,
            g1.Multiply(lagrange),
            g2.Multiply(lagrange.AsMemory(0, lagrangeLength)),
            g1.Multiply(Scaled(lagrange.AsSpan(0, lagrangeLength), secrets.Alpha)),
            g1.Multiply(Scaled(lagrange.AsSpan(0, lagrangeLength), secrets.Beta)));
        progress?.Invoke("Lagrange bases", lagrange.Length + 3L * lagrangeLength);
        return (accumulator, result);
    }

    /// <summary>
    /// L_i(tau) for the 2^k points w^i of the size-2^k domain: (tau^n - 1)/n * w^i / (tau - w^i),
    /// with one batch inversion; the indicator of m when tau = w^m.
    /// </summary>
    internal static void LagrangeLevel(in Fr tau, int k, Span<Fr> result)
    {
        var n = 1 << k;
        var w = Fr.RootOfUnity(k);
        var root = Fr.One;
        for (var i = 0; i < n; i++)
        {
            result[i] = tau - root;                                 // tau - w^i
            if (result[i].IsZero)
            {
                // tau = w^i: L_j(tau) = [j = i].
                result.Clear();
                result[i] = Fr.One;
                return;
            }
            root *= w;
        }
        FieldAlgorithms.BatchInverse(result);
        var tauN = tau;
        for (var i = 0; i < k; i++) tauN *= tauN;
        Fr.Inverse(Fr.FromUInt64((ulong)n), out var nInv);
        var factor = (tauN - Fr.One) * nInv;                        // (tau^n - 1)/n, times w^i below
        for (var i = 0; i < n; i++)
        {
            result[i] *= factor;
            factor *= w;
        }
    }

    private static Fr[] Scaled(ReadOnlySpan<Fr> values, in Fr factor)
    {
        var result = new Fr[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i] * factor;
        return result;
    }
}

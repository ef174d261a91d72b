using System.Numerics;
using BenchmarkDotNet.Attributes;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;

namespace CrossMargin.Bench;

/// <summary>
/// Multi-scalar multiplication as the Groth16 prover runs it: scalars in canonical limb form (as
/// read from a .wtns file), all processors. Goals on the 2-core reference machine: G1 2^16 &lt;= 150 ms,
/// G1 2^18 &lt;= 500 ms, G2 2^16 &lt;= 500 ms.
/// </summary>
[MemoryDiagnoser]
public class MsmBenchmarks
{
    private const int Small = 1 << 16;
    private const int Large = 1 << 18;

    private G1Affine[] _g1 = [];
    private G2Affine[] _g2 = [];
    private ulong[] _random = [];
    private ulong[] _circomLike = [];

    [GlobalSetup(Targets = [nameof(G1_Random_2p16), nameof(G1_CircomLike_2p16)])]
    public void SetupG1Small() => Setup(Small, g1: true);

    [GlobalSetup(Target = nameof(G1_Random_2p18))]
    public void SetupG1Large() => Setup(Large, g1: true);

    [GlobalSetup(Target = nameof(G2_Random_2p16))]
    public void SetupG2() => Setup(Small, g1: false);

    /// <summary>Random full-size scalars: every window fully used.</summary>
    [Benchmark]
    public G1Jacobian G1_Random_2p16() => Msm.Multiply<Fq, G1Curve>(_g1, _random);

    [Benchmark]
    public G1Jacobian G1_Random_2p18() => Msm.Multiply<Fq, G1Curve>(_g1, _random);

    [Benchmark]
    public G2Jacobian G2_Random_2p16() => Msm.Multiply<Fq2, G2Curve>(_g2, _random);

    /// <summary>A witness-like mix: 50% zero, 30% one, 10% small (below 2^16), 10% full.</summary>
    [Benchmark]
    public G1Jacobian G1_CircomLike_2p16() => Msm.Multiply<Fq, G1Curve>(_g1, _circomLike);

    private void Setup(int n, bool g1)
    {
        if (g1) _g1 = Points<Fq, G1Curve>(n);
        else _g2 = Points<Fq2, G2Curve>(n);
        var random = new Random(7);
        var bytes = new byte[40];
        _random = new ulong[4 * n];
        _circomLike = new ulong[4 * n];
        for (var i = 0; i < n; i++)
        {
            random.NextBytes(bytes);
            var full = new BigInteger(bytes, isUnsigned: true) % Fr.Modulus;
            Write(_random, i, full);
            var roll = random.Next(10);
            Write(_circomLike, i, roll switch
            {
                < 5 => BigInteger.Zero,
                < 8 => BigInteger.One,
                < 9 => random.Next(2, 1 << 16),
                _ => full,
            });
        }
    }

    /// <summary>
    /// n distinct points without n scalar multiplications: a random start, then each point the
    /// previous plus one of 16 random steps (one mixed addition each), one batch inversion.
    /// </summary>
    internal static AffinePoint<TF, TC>[] Points<TF, TC>(int n)
        where TF : struct, IField<TF>
        where TC : struct, ICurve<TF, TC>
    {
        var random = new Random(11);
        var g = TC.Generator.ToJacobian();
        var steps = new AffinePoint<TF, TC>[16];
        for (var s = 0; s < steps.Length; s++)
            steps[s] = JacobianPoint<TF, TC>.MultiplyPlain(g, random.NextInt64(1, long.MaxValue)).ToAffine();
        var current = JacobianPoint<TF, TC>.MultiplyPlain(g, random.NextInt64(1, long.MaxValue));
        var jacobian = new JacobianPoint<TF, TC>[n];
        for (var i = 0; i < n; i++)
        {
            jacobian[i] = current;
            JacobianPoint<TF, TC>.AddMixed(current, steps[random.Next(steps.Length)], out current);
        }
        var affine = new AffinePoint<TF, TC>[n];
        JacobianPoint<TF, TC>.BatchToAffine(jacobian, affine);
        return affine;
    }

    private static void Write(ulong[] limbs, int i, BigInteger k)
    {
        for (var l = 0; l < 4; l++) limbs[4 * i + l] = (ulong)((k >> (64 * l)) & ulong.MaxValue);
    }
}

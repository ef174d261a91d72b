using System.Numerics;
using CrossMargin.Field;

namespace CrossMargin.Curves.Tests;

/// <summary>Seeded points and scalars for the MSM tests, and the naive reference sum.</summary>
internal static class MsmTestData
{
    public static readonly BigInteger R = Fr.Modulus;

    /// <summary>
    /// n distinct points a G, (a + b) G, (a + 2b) G, ... for random a, b: one addition each
    /// instead of a scalar multiplication each.
    /// </summary>
    public static AffinePoint<TF, TC>[] Points<TF, TC>(int n, int seed)
        where TF : struct, IField<TF>
        where TC : struct, ICurve<TF, TC>
    {
        var random = new Random(seed);
        var g = TC.Generator.ToJacobian();
        var current = JacobianPoint<TF, TC>.MultiplyPlain(g, random.NextInt64(1, long.MaxValue));
        var step = JacobianPoint<TF, TC>.MultiplyPlain(g, random.NextInt64(1, long.MaxValue)).ToAffine();
        var jacobian = new JacobianPoint<TF, TC>[n];
        for (var i = 0; i < n; i++)
        {
            jacobian[i] = current;
            JacobianPoint<TF, TC>.AddMixed(current, step, out current);
        }
        var affine = new AffinePoint<TF, TC>[n];
        JacobianPoint<TF, TC>.BatchToAffine(jacobian, affine);
        return affine;
    }

    /// <summary>Uniform scalars in [0, r).</summary>
    public static BigInteger[] Scalars(int n, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[40];
        var result = new BigInteger[n];
        for (var i = 0; i < n; i++)
        {
            random.NextBytes(bytes);
            result[i] = new BigInteger(bytes, isUnsigned: true) % R;
        }
        return result;
    }

    /// <summary>
    /// A circom-like witness: about half zeros, 30% plus or minus one, 10% small (positive or
    /// negative, up to 2^20), 10% full.
    /// </summary>
    public static BigInteger[] CircomLikeScalars(int n, int seed)
    {
        var random = new Random(seed);
        var full = Scalars(n, seed + 1);
        var result = new BigInteger[n];
        for (var i = 0; i < n; i++)
        {
            var roll = random.Next(100);
            result[i] = roll switch
            {
                < 50 => BigInteger.Zero,
                < 72 => BigInteger.One,
                < 80 => R - 1,
                < 86 => random.Next(2, 1 << 20),
                < 90 => R - random.Next(2, 1 << 20),
                _ => full[i],
            };
        }
        return result;
    }

    public static Fr[] ToFr(BigInteger[] scalars) => scalars.Select(Fr.FromBigInteger).ToArray();

    /// <summary>Canonical little-endian limbs, four a scalar (any value below 2^256).</summary>
    public static ulong[] ToLimbs(BigInteger[] scalars)
    {
        var limbs = new ulong[4 * scalars.Length];
        for (var i = 0; i < scalars.Length; i++)
        {
            for (var l = 0; l < 4; l++) limbs[4 * i + l] = (ulong)((scalars[i] >> (64 * l)) & ulong.MaxValue);
        }
        return limbs;
    }

    /// <summary>sum_i k_i P_i by one plain double-and-add per point: the reference.</summary>
    public static JacobianPoint<TF, TC> NaiveSum<TF, TC>(ReadOnlySpan<AffinePoint<TF, TC>> points, BigInteger[] scalars)
        where TF : struct, IField<TF>
        where TC : struct, ICurve<TF, TC>
    {
        var sum = JacobianPoint<TF, TC>.Infinity;
        for (var i = 0; i < points.Length; i++)
            JacobianPoint<TF, TC>.Add(sum, JacobianPoint<TF, TC>.MultiplyPlain(points[i].ToJacobian(), scalars[i]), out sum);
        return sum;
    }
}

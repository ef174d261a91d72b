using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;

namespace CrossMargin.Curves.Tests;

/// <summary>Seeded random scalars and points shared by the curve tests.</summary>
internal static class CurveTestData
{
    public static readonly BigInteger R = Fr.Modulus;
    public static readonly BigInteger Q = Fq.Modulus;

    /// <summary>h' = 2q - r: the twist E'(F_q2) has order r h'.</summary>
    public static readonly BigInteger TwistCofactor = 2 * Q - R;

    /// <summary>The prime factors of h' (checked by a test to multiply back to h').</summary>
    public static readonly BigInteger[] TwistCofactorPrimes =
    [
        10069,
        5864401,
        1875725156269,
        BigInteger.Parse("197620364512881247228717050342013327560683201906968909"),
    ];

    public static BigInteger RandomBelow(Random random, BigInteger bound)
    {
        var bytes = new byte[bound.GetByteCount() + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % bound;
    }

    /// <summary>0, 1, 2, r-1, r-2, (r-1)/2, the GLV eigenvalues and their neighbours, powers of two near the halves' size.</summary>
    public static IEnumerable<BigInteger> SpecialScalars()
    {
        var lambda1 = Bn254Endomorphisms.G1Lambda;
        var lambda2 = Bn254Endomorphisms.PsiEigenvalue;
        return new[]
        {
            BigInteger.Zero, 1, 2, 3, 15, 16, 17, 31, 32, 33, R - 1, R - 2, (R - 1) / 2, (R + 1) / 2,
            lambda1, lambda1 - 1, lambda1 + 1, R - lambda1, lambda2, lambda2 - 1, lambda2 + 1, R - lambda2,
            BigInteger.One << 127, (BigInteger.One << 128) - 1, BigInteger.One << 128, (BigInteger.One << 253) + 1,
        };
    }

    public static IEnumerable<BigInteger> Scalars(int seed, int randomCount)
    {
        var random = new Random(seed);
        return SpecialScalars().Concat(Enumerable.Range(0, randomCount).Select(_ => RandomBelow(random, R)));
    }

    public static ulong[] Limbs(BigInteger k)
    {
        var limbs = new ulong[4];
        for (var i = 0; i < 4; i++) limbs[i] = (ulong)((k >> (64 * i)) & ulong.MaxValue);
        return limbs;
    }

    public static G1Affine RandomG1(Random random) =>
        G1Jacobian.MultiplyPlain(G1Curve.Generator.ToJacobian(), RandomBelow(random, R - 1) + 1).ToAffine();

    public static G2Affine RandomG2(Random random) =>
        G2Jacobian.MultiplyPlain(G2Curve.Generator.ToJacobian(), RandomBelow(random, R - 1) + 1).ToAffine();

    /// <summary>
    /// A random point of the whole twist E'(F_q2): a random x with x^3 + b' a square, and one of
    /// its square roots. Almost never in G2 (the chance is 1/h').
    /// </summary>
    public static G2Affine RandomTwistPoint(Random random)
    {
        while (true)
        {
            var x = new Fq2(Fq.FromBigInteger(RandomBelow(random, Q)), Fq.FromBigInteger(RandomBelow(random, Q)));
            var rhs = x * x * x + G2Curve.B;
            if (QuadraticExtensionSqrt.TrySqrt(rhs, out var y)) return new G2Affine(x, random.Next(2) == 0 ? y : -y);
        }
    }
}

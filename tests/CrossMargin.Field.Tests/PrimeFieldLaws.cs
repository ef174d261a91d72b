using System.Numerics;
using CrossMargin.Field;
using Xunit;

namespace CrossMargin.Field.Tests;

/// <summary>
/// The laws every <see cref="IPrimeField{T}"/> must obey, checked against System.Numerics.BigInteger
/// on special values (0, 1, p-1, R, R^2, limb edges) crossed with seeded random ones.
/// Instantiated once per field below.
/// </summary>
public abstract class PrimeFieldLaws<T> where T : struct, ITwoAdicField<T>
{
    private static readonly BigInteger P = T.Modulus;

    /// <summary>0, 1, 2, p-1, p-2, (p-1)/2, (p+1)/2, R mod p, R^2 mod p, R^-1, limb edges.</summary>
    public static IReadOnlyList<BigInteger> SpecialValues()
    {
        var r = BigInteger.One << 256;
        var values = new List<BigInteger> { 0, 1, 2, 3, P - 1, P - 2, (P - 1) / 2, (P + 1) / 2, r % P, r * r % P, BigInteger.ModPow(r % P, P - 2, P) };
        for (var k = 1; k < 4; k++)
        {
            values.Add(BigInteger.One << (64 * k));
            values.Add((BigInteger.One << (64 * k)) - 1);
        }
        values.Add((BigInteger.One << 253) - 1);
        return values.Select(v => v % P).Distinct().ToList();
    }

    protected static BigInteger RandomValue(Random random)
    {
        var bytes = new byte[40];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % P;
    }

    protected static IEnumerable<BigInteger> Values(int seed, int randomCount = 40)
    {
        var random = new Random(seed);
        return SpecialValues().Concat(Enumerable.Range(0, randomCount).Select(_ => RandomValue(random)));
    }

    private static BigInteger Mod(BigInteger x) => ((x % P) + P) % P;

    [Fact]
    public void BigIntegerConversion_RoundTrips_AndReducesAnyInteger()
    {
        foreach (var x in Values(1))
        {
            Assert.Equal(x, T.FromBigInteger(x).ToBigInteger());
            Assert.Equal(x, T.FromBigInteger(x + P).ToBigInteger());
            Assert.Equal(Mod(-x), T.FromBigInteger(-x).ToBigInteger());
        }
    }

    /// <summary>
    /// The span product (a wide kernel or the native kernel's loop, where the field and processor
    /// have one) against Mul, for lengths around the lane counts, written over either operand, and
    /// with unequal lengths refused.
    /// </summary>
    [Fact]
    public void MulMany_MatchesMul_ForAnyLength_AndInPlace()
    {
        var values = Values(12).Select(T.FromBigInteger).ToArray();
        var others = values.Reverse().ToArray();
        foreach (var n in new[] { 0, 1, 3, 4, 5, 8, 9, 17, values.Length })
        {
            var expected = new T[n];
            for (var k = 0; k < n; k++) T.Mul(values[k], others[k], out expected[k]);
            var result = new T[n];
            T.MulMany(values.AsSpan(0, n), others.AsSpan(0, n), result);
            Assert.Equal(expected, result);
            var inPlace = values.AsSpan(0, n).ToArray();
            T.MulMany(inPlace, others.AsSpan(0, n), inPlace);
            Assert.Equal(expected, inPlace);
            var overSecond = others.AsSpan(0, n).ToArray();
            T.MulMany(values.AsSpan(0, n), overSecond, overSecond);
            Assert.Equal(expected, overSecond);
        }
        Assert.Throws<ArgumentException>(() => T.MulMany(values.AsSpan(0, 3), values.AsSpan(0, 4), new T[3]));
    }

    [Fact]
    public void AddSubNegDouble_MatchBigInteger()
    {
        var values = Values(2).ToList();
        foreach (var x in values)
        foreach (var y in values.Take(25))
        {
            var a = T.FromBigInteger(x);
            var b = T.FromBigInteger(y);
            T.Add(a, b, out var sum);
            T.Sub(a, b, out var difference);
            Assert.Equal(Mod(x + y), sum.ToBigInteger());
            Assert.Equal(Mod(x - y), difference.ToBigInteger());
        }
        foreach (var x in values)
        {
            var a = T.FromBigInteger(x);
            T.Neg(a, out var negated);
            T.Double(a, out var doubled);
            Assert.Equal(Mod(-x), negated.ToBigInteger());
            Assert.Equal(Mod(2 * x), doubled.ToBigInteger());
        }
    }

    [Fact]
    public void MulAndSquare_MatchBigInteger()
    {
        var values = Values(3).ToList();
        foreach (var x in values)
        foreach (var y in values)
        {
            T.Mul(T.FromBigInteger(x), T.FromBigInteger(y), out var product);
            Assert.Equal(x * y % P, product.ToBigInteger());
        }
        foreach (var x in values)
        {
            T.Square(T.FromBigInteger(x), out var square);
            Assert.Equal(x * x % P, square.ToBigInteger());
        }
    }

    [Fact]
    public void Inverse_TimesValueIsOne_AndZeroMapsToZero()
    {
        foreach (var x in Values(4))
        {
            T.Inverse(T.FromBigInteger(x), out var inverse);
            Assert.Equal(x.IsZero ? 0 : BigInteger.ModPow(x, P - 2, P), inverse.ToBigInteger());
        }
    }

    [Fact]
    public void OutputAliasingAnInput_GivesTheSameResult()
    {
        foreach (var x in Values(5, 10))
        {
            var y = (x * 7 + 3) % P;
            var a = T.FromBigInteger(x);
            var b = T.FromBigInteger(y);

            var r = a; T.Add(r, b, out r); Assert.Equal(Mod(x + y), r.ToBigInteger());
            r = b; T.Add(a, r, out r); Assert.Equal(Mod(x + y), r.ToBigInteger());
            r = a; T.Sub(r, b, out r); Assert.Equal(Mod(x - y), r.ToBigInteger());
            r = b; T.Sub(a, r, out r); Assert.Equal(Mod(x - y), r.ToBigInteger());
            r = a; T.Mul(r, b, out r); Assert.Equal(x * y % P, r.ToBigInteger());
            r = b; T.Mul(a, r, out r); Assert.Equal(x * y % P, r.ToBigInteger());
            r = a; T.Mul(r, r, out r); Assert.Equal(x * x % P, r.ToBigInteger());
            r = a; T.Square(r, out r); Assert.Equal(x * x % P, r.ToBigInteger());
            r = a; T.Neg(r, out r); Assert.Equal(Mod(-x), r.ToBigInteger());
            r = a; T.Double(r, out r); Assert.Equal(Mod(2 * x), r.ToBigInteger());
            r = a; T.Inverse(r, out r); Assert.Equal(x.IsZero ? 0 : BigInteger.ModPow(x, P - 2, P), r.ToBigInteger());
        }
    }

    [Fact]
    public void Sqrt_OfASquareSquaresBack_AndNonResiduesHaveNone()
    {
        foreach (var x in Values(6))
        {
            var a = T.FromBigInteger(x);
            T.Square(a, out var square);
            Assert.True(T.TrySqrt(square, out var root));
            T.Square(root, out var back);
            Assert.Equal(square, back);

            // Euler's criterion decides which values have roots.
            var isResidue = x.IsZero || BigInteger.ModPow(x, (P - 1) / 2, P).IsOne;
            Assert.Equal(isResidue, T.TrySqrt(a, out root));
            if (isResidue)
            {
                T.Square(root, out back);
                Assert.Equal(a, back);
            }
        }
        Assert.False(T.TrySqrt(T.MultiplicativeGenerator, out _));
    }

    [Fact]
    public void RootsOfUnity_HaveExactlyTheirOrder()
    {
        for (var k = 0; k <= T.TwoAdicity; k++)
        {
            var omega = T.RootOfUnity(k).ToBigInteger();
            Assert.Equal(BigInteger.One, BigInteger.ModPow(omega, BigInteger.One << k, P));
            if (k > 0) Assert.Equal(P - 1, BigInteger.ModPow(omega, BigInteger.One << (k - 1), P));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => T.RootOfUnity(T.TwoAdicity + 1));
    }

    [Fact]
    public void BatchInverse_MatchesOneByOne_AndLeavesZerosZero()
    {
        var random = new Random(7);
        foreach (var length in new[] { 0, 1, 2, 17, 300 })
        {
            var values = Enumerable.Range(0, length).Select(i => i % 5 == 3 ? T.Zero : T.FromBigInteger(RandomValue(random))).ToArray();
            var expected = values.Select(v => { T.Inverse(v, out var inv); return inv; }).ToArray();
            FieldAlgorithms.BatchInverse<T>(values);
            Assert.Equal(expected, values);
        }
    }
}

public sealed class FqLaws : PrimeFieldLaws<Fq>
{
    [Fact]
    public void Modulus_IsBn254sBaseFieldPrime() =>
        Assert.Equal(BigInteger.Parse("21888242871839275222246405745257275088696311157297823662689037894645226208583"), Fq.Modulus);
}

public sealed class FrLaws : PrimeFieldLaws<Fr>
{
    [Fact]
    public void Modulus_IsBn254sScalarFieldPrime_WithTwoAdicity28() 
    {
        Assert.Equal(BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617"), Fr.Modulus);
        Assert.Equal(28, Fr.TwoAdicity);
    }
}

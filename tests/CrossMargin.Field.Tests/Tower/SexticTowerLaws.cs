using System.Numerics;
using CrossMargin.Field.Bn254;
using Xunit;

namespace CrossMargin.Field.Tests.Tower;

/// <summary>
/// The laws of the tower F_p2 &lt; F_p6 &lt; F_p12 for one parameter set, checked against plain
/// twins: schoolbook polynomial multiplication modulo v^3 - xi and w^6 - xi (multiplying by xi with
/// a full F_p2 product, not the specialised one), generic square-and-multiply for the Frobenius
/// maps, and full products for the sparse and cyclotomic kernels. Instantiated once per tower below.
/// </summary>
public abstract class SexticTowerLaws<TFp, TFp2Params, TTower>
    where TFp : struct, IPrimeField<TFp>
    where TFp2Params : struct, IQuadraticExtensionParams<TFp>
    where TTower : struct, ISexticTowerParams<QuadraticExtension<TFp, TFp2Params>>
{
    private static readonly BigInteger P = TFp.Modulus;

    // ---- values -------------------------------------------------------------------------------

    private static QuadraticExtension<TFp, TFp2Params> RandomFp2(Random random)
    {
        var bytes = new byte[40];
        random.NextBytes(bytes);
        var c0 = TFp.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
        random.NextBytes(bytes);
        var c1 = TFp.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
        return new(c0, c1);
    }

    private static Fp6<QuadraticExtension<TFp, TFp2Params>, TTower> RandomFp6(Random random) =>
        new(RandomFp2(random), RandomFp2(random), RandomFp2(random));

    private static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> RandomFp12(Random random) =>
        new(RandomFp6(random), RandomFp6(random));

    private static QuadraticExtension<TFp, TFp2Params> Small(long c0, long c1) => new(TFp.FromBigInteger(c0), TFp.FromBigInteger(c1));

    /// <summary>0, 1, -1, v, v^2, xi, an element with a zero coefficient, then seeded random ones.</summary>
    private static List<Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>> Fp6Values(int seed, int randomCount)
    {
        var zero = QuadraticExtension<TFp, TFp2Params>.Zero;
        var one = QuadraticExtension<TFp, TFp2Params>.One;
        var values = new List<Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>>
        {
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Zero,
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.One,
            -Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.One,
            new(zero, one, zero),
            new(zero, zero, one),
            new(TTower.NonResidue, zero, zero),
            new(Small(-1, 0), zero, Small(3, -2)),
        };
        var random = new Random(seed);
        for (var i = 0; i < randomCount; i++) values.Add(RandomFp6(random));
        return values;
    }

    /// <summary>0, 1, -1, w, w^5, a sparse line, elements with a zero half, then seeded random ones.</summary>
    private static List<Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>> Fp12Values(int seed, int randomCount)
    {
        var zero6 = Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Zero;
        var one6 = Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.One;
        var zero = QuadraticExtension<TFp, TFp2Params>.Zero;
        var one = QuadraticExtension<TFp, TFp2Params>.One;
        var random = new Random(seed);
        var values = new List<Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>>
        {
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Zero,
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.One,
            -Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.One,
            new(zero6, one6),
            new(zero6, new(zero, zero, one)),
            new(new(Small(5, 7), zero, zero), new(Small(-2, 1), Small(11, 0), zero)),
            new(RandomFp6(random), zero6),
            new(zero6, RandomFp6(random)),
        };
        for (var i = 0; i < randomCount; i++) values.Add(RandomFp12(random));
        return values;
    }

    // ---- plain twins --------------------------------------------------------------------------

    /// <summary>Schoolbook product of polynomials of degree &lt; n over F_p2, reduced by x^n = xi.</summary>
    private static QuadraticExtension<TFp, TFp2Params>[] SchoolbookMod(
        QuadraticExtension<TFp, TFp2Params>[] a, QuadraticExtension<TFp, TFp2Params>[] b)
    {
        var n = a.Length;
        var product = new QuadraticExtension<TFp, TFp2Params>[2 * n - 1];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            product[i + j] += a[i] * b[j];
        var result = new QuadraticExtension<TFp, TFp2Params>[n];
        for (var i = 0; i < 2 * n - 1; i++)
            result[i % n] += i < n ? product[i] : product[i] * TTower.NonResidue;
        return result;
    }

    private static QuadraticExtension<TFp, TFp2Params>[] Coefficients(in Fp6<QuadraticExtension<TFp, TFp2Params>, TTower> a) => [a.C0, a.C1, a.C2];

    private static Fp6<QuadraticExtension<TFp, TFp2Params>, TTower> FromCoefficients6(QuadraticExtension<TFp, TFp2Params>[] c) => new(c[0], c[1], c[2]);

    /// <summary>The coefficients of 1, w, ..., w^5 (w^2 = v).</summary>
    private static QuadraticExtension<TFp, TFp2Params>[] Coefficients(in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> a) =>
        [a.C0.C0, a.C1.C0, a.C0.C1, a.C1.C1, a.C0.C2, a.C1.C2];

    private static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> FromCoefficients12(QuadraticExtension<TFp, TFp2Params>[] c) =>
        new(new(c[0], c[2], c[4]), new(c[1], c[3], c[5]));

    private static Fp6<QuadraticExtension<TFp, TFp2Params>, TTower> PlainMul(in Fp6<QuadraticExtension<TFp, TFp2Params>, TTower> a, in Fp6<QuadraticExtension<TFp, TFp2Params>, TTower> b) =>
        FromCoefficients6(SchoolbookMod(Coefficients(a), Coefficients(b)));

    private static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> PlainMul(in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> a, in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> b) =>
        FromCoefficients12(SchoolbookMod(Coefficients(a), Coefficients(b)));

    /// <summary>a^((p^6 - 1)(p^2 + 1)), which lies in the cyclotomic subgroup (by a plain exponentiation).</summary>
    private static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> ToCyclotomic(in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> a) =>
        FieldAlgorithms.Pow(a, (BigInteger.Pow(P, 6) - 1) * (P * P + 1));

    // ---- F_p6 ---------------------------------------------------------------------------------

    [Fact]
    public void Fp6_MulAndSquare_MatchSchoolbook()
    {
        var values = Fp6Values(1, 12);
        foreach (var a in values)
        {
            foreach (var b in values.Take(10))
            {
                Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(a, b, out var product);
                Assert.Equal(PlainMul(a, b), product);
            }
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(a, out var square);
            Assert.Equal(PlainMul(a, a), square);
        }
    }

    [Fact]
    public void Fp6_AddSubNegDouble_AreCoefficientwise()
    {
        var values = Fp6Values(2, 6);
        foreach (var a in values)
        foreach (var b in values)
        {
            var sum = a + b;
            var difference = a - b;
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(Coefficients(a)[i] + Coefficients(b)[i], Coefficients(sum)[i]);
                Assert.Equal(Coefficients(a)[i] - Coefficients(b)[i], Coefficients(difference)[i]);
            }
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Double(a, out var doubled);
            Assert.Equal(a + a, doubled);
            Assert.True((a + -a).IsZero);
        }
    }

    [Fact]
    public void Fp6_Inverse_TimesValueIsOne_AndZeroMapsToZero()
    {
        foreach (var a in Fp6Values(3, 10))
        {
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Inverse(a, out var inverse);
            if (a.IsZero) Assert.True(inverse.IsZero);
            else Assert.True(PlainMul(a, inverse).IsOne);
        }
    }

    [Fact]
    public void Fp6_SparseAndNonResidueProducts_MatchFullProducts()
    {
        var random = new Random(4);
        var zero = QuadraticExtension<TFp, TFp2Params>.Zero;
        var one = QuadraticExtension<TFp, TFp2Params>.One;
        var v = new Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>(zero, one, zero);
        foreach (var a in Fp6Values(5, 8))
        {
            var b0 = RandomFp2(random);
            var b1 = RandomFp2(random);
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy01(a, b0, b1, out var sparse);
            Assert.Equal(PlainMul(a, new(b0, b1, zero)), sparse);
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.MulByBase(a, b0, out var scaled);
            Assert.Equal(PlainMul(a, new(b0, zero, zero)), scaled);
            Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.MulByNonResidue(a, out var timesV);
            Assert.Equal(PlainMul(a, v), timesV);
        }
    }

    [Fact]
    public void Fp6_Frobenius_IsPowerOfP()
    {
        var pk = BigInteger.One;
        var values = Fp6Values(6, 3).Skip(3).ToList();
        for (var k = 0; k <= 3; k++)
        {
            foreach (var a in values)
            {
                Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(a, k, out var frobenius);
                Assert.Equal(FieldAlgorithms.Pow(a, pk), frobenius);
            }
            pk *= P;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(values[0], 4, out _));
    }

    // ---- F_p12 --------------------------------------------------------------------------------

    [Fact]
    public void Fp12_MulAndSquare_MatchSchoolbook()
    {
        var values = Fp12Values(7, 8);
        foreach (var a in values)
        {
            foreach (var b in values.Take(8))
            {
                Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(a, b, out var product);
                Assert.Equal(PlainMul(a, b), product);
            }
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(a, out var square);
            Assert.Equal(PlainMul(a, a), square);
        }
    }

    [Fact]
    public void Fp12_AddSubNegDouble_AreCoefficientwise()
    {
        var values = Fp12Values(8, 4);
        foreach (var a in values)
        foreach (var b in values)
        {
            var sum = Coefficients(a + b);
            var difference = Coefficients(a - b);
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(Coefficients(a)[i] + Coefficients(b)[i], sum[i]);
                Assert.Equal(Coefficients(a)[i] - Coefficients(b)[i], difference[i]);
            }
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Double(a, out var doubled);
            Assert.Equal(a + a, doubled);
            Assert.True((a + -a).IsZero);
        }
    }

    [Fact]
    public void Fp12_Inverse_TimesValueIsOne_AndZeroMapsToZero()
    {
        foreach (var a in Fp12Values(9, 8))
        {
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Inverse(a, out var inverse);
            if (a.IsZero) Assert.True(inverse.IsZero);
            else Assert.True(PlainMul(a, inverse).IsOne);
        }
    }

    [Fact]
    public void Fp12_Frobenius_IsPowerOfP_AndConjugateIsPowerOfP6()
    {
        var values = Fp12Values(10, 2).Skip(3).ToList();
        var pk = BigInteger.One;
        for (var k = 0; k <= 3; k++)
        {
            foreach (var a in values)
            {
                Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(a, k, out var frobenius);
                Assert.Equal(FieldAlgorithms.Pow(a, pk), frobenius);
            }
            pk *= P;
        }
        var x = values[^1];
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(x, out var conjugate);
        Assert.Equal(FieldAlgorithms.Pow(x, BigInteger.Pow(P, 6)), conjugate);
        Assert.Throws<ArgumentOutOfRangeException>(() => Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(x, -1, out _));
    }

    [Fact]
    public void Fp12_MulBy034_MatchesFullProductWithTheSparseElement()
    {
        var random = new Random(11);
        var zero = QuadraticExtension<TFp, TFp2Params>.Zero;
        foreach (var a in Fp12Values(12, 8))
        {
            var b0 = RandomFp2(random);
            var b3 = RandomFp2(random);
            var b4 = RandomFp2(random);
            var line = FromCoefficients12([b0, b3, zero, b4, zero, zero]);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy034(a, b0, b3, b4, out var sparse);
            Assert.Equal(PlainMul(a, line), sparse);
        }
    }

    [Fact]
    public void Fp12_ProductOfTwoLines_MatchesFullProducts()
    {
        var random = new Random(16);
        var zero = QuadraticExtension<TFp, TFp2Params>.Zero;
        foreach (var a in Fp12Values(17, 6))
        {
            var a0 = RandomFp2(random);
            var a3 = RandomFp2(random);
            var a4 = RandomFp2(random);
            var b0 = RandomFp2(random);
            var b3 = RandomFp2(random);
            var b4 = RandomFp2(random);
            var first = FromCoefficients12([a0, a3, zero, a4, zero, zero]);
            var second = FromCoefficients12([b0, b3, zero, b4, zero, zero]);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul034By034(a0, a3, a4, b0, b3, b4, out var lines);
            Assert.Equal(PlainMul(first, second), lines);
            Assert.True(lines.C1.C2.IsZero);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulByLineProduct(a, lines, out var product);
            Assert.Equal(PlainMul(a, lines), product);
            var x = a;
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulByLineProduct(x, lines, out x);
            Assert.Equal(product, x);
        }
    }

    [Fact]
    public void Fp12_CyclotomicSquare_MatchesSquare_OnTheCyclotomicSubgroup()
    {
        var random = new Random(13);
        for (var i = 0; i < 4; i++)
        {
            var a = ToCyclotomic(RandomFp12(random));
            Assert.True(FieldAlgorithms.Pow(a, BigInteger.Pow(P, 4) - P * P + 1).IsOne);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(a, out var fast);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(a, out var plain);
            Assert.Equal(plain, fast);
            // Chained, as the final exponentiation uses it.
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(fast, out fast);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(plain, out plain);
            Assert.Equal(plain, fast);
        }
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.One, out var one);
        Assert.True(one.IsOne);
    }

    [Fact]
    public void Fp12_OutputMayAliasInput()
    {
        var random = new Random(14);
        var a = RandomFp12(random);
        var b = RandomFp12(random);
        var c = ToCyclotomic(a);
        var b0 = RandomFp2(random);
        var b3 = RandomFp2(random);
        var b4 = RandomFp2(random);

        var x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(x, b, out x);
        Assert.Equal(PlainMul(a, b), x);
        x = b;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(a, x, out x);
        Assert.Equal(PlainMul(a, b), x);
        x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(x, x, out x);
        Assert.Equal(PlainMul(a, a), x);
        x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(x, out x);
        Assert.Equal(PlainMul(a, a), x);
        x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Inverse(x, out x);
        Assert.True(PlainMul(a, x).IsOne);
        x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy034(x, b0, b3, b4, out x);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy034(a, b0, b3, b4, out var expected);
        Assert.Equal(expected, x);
        x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(x, 1, out x);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(a, 1, out expected);
        Assert.Equal(expected, x);
        x = c;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(x, out x);
        Assert.Equal(PlainMul(c, c), x);
        x = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(x, out x);
        Assert.Equal(a.C0, x.C0);
        Assert.Equal(-a.C1, x.C1);

        var y = a.C0;
        Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(y, b.C0, out y);
        Assert.Equal(PlainMul(a.C0, b.C0), y);
        y = a.C0;
        Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(y, out y);
        Assert.Equal(PlainMul(a.C0, a.C0), y);
        y = a.C0;
        Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.Inverse(y, out y);
        Assert.True(PlainMul(a.C0, y).IsOne);
        y = a.C0;
        Fp6<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy01(y, b0, b3, out y);
        Assert.Equal(PlainMul(a.C0, new(b0, b3, QuadraticExtension<TFp, TFp2Params>.Zero)), y);
    }

    [Fact]
    public void MulByNonResidue_MatchesMultiplicationByXi()
    {
        var random = new Random(15);
        for (var i = 0; i < 50; i++)
        {
            var a = i == 0 ? QuadraticExtension<TFp, TFp2Params>.Zero : RandomFp2(random);
            TTower.MulByNonResidue(a, out var fast);
            Assert.Equal(a * TTower.NonResidue, fast);
        }
    }

    [Fact]
    public void FrobeniusCoefficients_AreConsistentPowersOfXi()
    {
        var w = SexticTowerConstants<QuadraticExtension<TFp, TFp2Params>, TTower>.FrobeniusW;
        var v = SexticTowerConstants<QuadraticExtension<TFp, TFp2Params>, TTower>.FrobeniusV;
        var v2 = SexticTowerConstants<QuadraticExtension<TFp, TFp2Params>, TTower>.FrobeniusV2;
        Assert.True(w[0].IsOne);
        for (var k = 1; k <= 3; k++)
        {
            Assert.Equal(w[k] * w[k], v[k]);
            Assert.Equal(v[k] * v[k], v2[k]);
            // w generates F_p12, so it lies in no F_(p^k) with k             // w^(p^k) / w is a sixth root of unity times a (p^k - 1)/6-th power, never 1 for k = 1..3.lt; 12: the p^k-power map moves it.
            Assert.False(w[k].IsOne);
        }
        // The coefficients for p^2 lie in F_p (they are fixed by the p-power map).
        Assert.True(w[2].C1.IsZero);
        Assert.True(v[2].C1.IsZero);
    }
}

public sealed class Bn254TowerLaws : SexticTowerLaws<Fq, Fq2Params, Bn254TowerParams>
{
    [Fact]
    public void NonResidue_IsNinePlusU()
    {
        Assert.Equal(new Fq2(Fq.FromUInt64(9), Fq.One), Bn254TowerParams.NonResidue);
    }
}

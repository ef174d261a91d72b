using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;

namespace CrossMargin.Curves.Tests;

public class FixedBaseTableTests
{
    public static TheoryData<int> SmallWindows() => [2, 5, 9];

    [Theory]
    [MemberData(nameof(SmallWindows))]
    public void FixedBaseG1_EqualsVariableBaseMultiplication_ForEveryScalar(int windowBits)
    {
        var random = new Random(41 + windowBits);
        var basePoint = RandomG1(random);
        var table = new FixedBaseTable<Fq, G1Curve>(basePoint, windowBits);
        AssertAgreesWithGlv(table, TestScalars(windowBits, table.Windows, seed: windowBits, randomCount: 1200));
    }

    [Theory]
    [MemberData(nameof(SmallWindows))]
    public void FixedBaseG2_EqualsVariableBaseMultiplication_ForEveryScalar(int windowBits)
    {
        var random = new Random(43 + windowBits);
        var basePoint = RandomG2(random);
        var table = new FixedBaseTable<Fq2, G2Curve>(basePoint, windowBits);
        AssertAgreesWithGlv(table, TestScalars(windowBits, table.Windows, seed: 100 + windowBits, randomCount: 300));
    }

    [Fact]
    public void FixedBaseG1_WithTheDefaultWindow_EqualsVariableBaseMultiplication()
    {
        var table = new FixedBaseTable<Fq, G1Curve>(G1Curve.Generator);
        Assert.Equal(16, table.Windows);
        AssertAgreesWithGlv(table, TestScalars(table.WindowBits, table.Windows, seed: 7, randomCount: 200));
    }

    [Fact]
    public void TheTopWindowsDoublingCase_IsTakenByAScalarBuiltForIt()
    {
        // The signed digits of k = 2 d 2^(ct) - r (t the highest window with such a digit, d the nearest integer to
        // r / 2^(ct)) put (d 2^(ct) - r) B in the accumulator before the top window adds d 2^(ct) B:
        // modulo r the same point, so the batched addition must double it.
        foreach (var c in new[] { 5, 9 })
        {
            var table = new FixedBaseTable<Fq, G1Curve>(G1Curve.Generator, c);
            var k = DoublingScalar(c, table.Windows);
            Assert.NotNull(k);
            AssertAgreesWithGlv(table, [k.Value]);
        }
    }

    [Fact]
    public void TheChosenWindow_GrowsWithTheNumberOfScalars()
    {
        // A handful of scalars does not pay for a large table; a million pay for the largest.
        Assert.InRange(FixedBaseTable<Fq, G1Curve>.WindowBitsFor(1), 2, 5);
        Assert.Equal(16, FixedBaseTable<Fq, G1Curve>.WindowBitsFor(1 << 20));
        var previous = 2;
        foreach (var count in new long[] { 1, 10, 100, 1000, 10_000, 100_000, 1_000_000 })
        {
            var c = FixedBaseTable<Fq, G1Curve>.WindowBitsFor(count);
            Assert.True(c >= previous, $"{count} scalars: c = {c} after {previous}");
            previous = c;
        }
    }

    [Fact]
    public void MismatchedLengths_AndBadParameters_AreRejected()
    {
        var table = new FixedBaseTable<Fq, G1Curve>(G1Curve.Generator, 4);
        Assert.Throws<ArgumentException>(() => table.Multiply(new Fr[3], new G1Affine[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBaseTable<Fq, G1Curve>(G1Curve.Generator, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBaseTable<Fq, G1Curve>(G1Curve.Generator, 17));
        Assert.Throws<ArgumentException>(() => new FixedBaseTable<Fq, G1Curve>(G1Affine.Infinity, 4));
    }

    private static void AssertAgreesWithGlv<TField, TCurve>(FixedBaseTable<TField, TCurve> table, IReadOnlyList<BigInteger> scalars)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        var fr = scalars.Select(Fr.FromBigInteger).ToArray();
        var results = table.Multiply(fr);
        Assert.Equal(fr.Length, results.Length);
        for (var i = 0; i < fr.Length; i++)
        {
            var expected = ScalarMultiplication.MultiplyGlv(table.Base.ToJacobian(), Limbs(scalars[i])).ToAffine();
            Assert.True(expected == results[i], $"k = {scalars[i]} (c = {table.WindowBits})");
        }
    }

    /// <summary>The special scalars, random ones (more than one chunk of 1024), every digit extreme, and the doubling scalar.</summary>
    private static List<BigInteger> TestScalars(int c, int windows, int seed, int randomCount)
    {
        var list = Scalars(seed, randomCount).ToList();
        var half = BigInteger.One << (c - 1);
        for (var t = 0; t < windows; t++)
        {
            var weight = BigInteger.One << (c * t);
            foreach (var d in new[] { half, half - 1, half + 1, BigInteger.One })
            {
                var k = d * weight;
                if (k < R) list.Add(k);
                list.Add(BigInteger.Remainder(R - k % R, R));
            }
        }
        if (DoublingScalar(c, windows) is { } doubling) list.Add(doubling);
        return list;
    }

    /// <summary>k for the highest window t that holds a digit near r / 2^(ct) (the last window may be there only for the carry).</summary>
    private static BigInteger? DoublingScalar(int c, int windows)
    {
        for (var t = windows - 1; t > 0; t--)
        {
            var shift = c * t;
            var weight = BigInteger.One << shift;
            var d = (R + weight / 2) >> shift;
            var k = 2 * d * weight - R;
            if (d >= 1 && d <= BigInteger.One << (c - 1) && k.Sign >= 0 && k < R) return k;
        }
        return null;
    }
}

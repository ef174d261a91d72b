using System.Numerics;
using CrossMargin.Field;
using Xunit;

namespace CrossMargin.Field.Tests;

public class IntegerMathTests
{
    private static IEnumerable<(BigInteger A, BigInteger B)> Samples()
    {
        var random = new Random(11);
        BigInteger[] special = [0, 1, -1, 2, -2, 7, -7, BigInteger.One << 200, -(BigInteger.One << 200)];
        foreach (var a in special)
            foreach (var b in special.Where(b => !b.IsZero)) yield return (a, b);
        for (var i = 0; i < 500; i++)
        {
            var a = new BigInteger(random.NextInt64()) * random.NextInt64() * (random.Next(2) == 0 ? 1 : -1);
            var b = new BigInteger(random.NextInt64(1, long.MaxValue)) * (random.Next(2) == 0 ? 1 : -1);
            yield return (a, b);
        }
    }

    [Fact]
    public void FloorAndCeilDivision_RoundTowardMinusAndPlusInfinity_ForEverySignOfBoth()
    {
        foreach (var (a, b) in Samples())
        {
            var floor = IntegerMath.FloorDiv(a, b);
            var ceil = IntegerMath.CeilDiv(a, b);
            // floor <= a/b < floor + 1 and ceil - 1 < a/b <= ceil, compared as products with b.
            if (b.Sign > 0) Assert.True(floor * b <= a && a < (floor + 1) * b && ceil * b >= a && a > (ceil - 1) * b, $"{a} / {b}");
            else Assert.True(floor * b >= a && a > (floor + 1) * b && ceil * b <= a && a < (ceil - 1) * b, $"{a} / {b}");
            Assert.Equal(a % b == 0 ? floor : floor + 1, ceil);
        }
    }

    [Fact]
    public void Mod_IsTheRepresentativeInZeroToM_ForEverySign()
    {
        foreach (var (a, b) in Samples())
        {
            var m = BigInteger.Abs(b);
            var r = IntegerMath.Mod(a, m);
            Assert.True(r.Sign >= 0 && r < m && (a - r) % m == 0, $"{a} mod {m}");
        }
    }

    [Fact]
    public void SquareRoots_AreTheGreatestBelowAndTheLeastAbove_AndNegativesAreRefused()
    {
        var random = new Random(3);
        var samples = Enumerable.Range(0, 50).Select(i => (BigInteger)i)
            .Concat(Enumerable.Range(0, 300).Select(_ => new BigInteger(random.NextInt64()) * random.NextInt64() * random.NextInt64() * random.NextInt64()));
        foreach (var n in samples)
        {
            var f = IntegerMath.FloorSqrt(n);
            var c = IntegerMath.CeilSqrt(n);
            Assert.True(f * f <= n && (f + 1) * (f + 1) > n);
            Assert.True(c * c >= n && (c == 0 || (c - 1) * (c - 1) < n));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => IntegerMath.FloorSqrt(-1));
    }
}

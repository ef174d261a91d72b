using CrossMargin.Margin;

namespace CrossMargin.Margin.Tests;

public class FixedPointTests
{
    [Theory]
    [InlineData(7, 2, 3, 4)]
    [InlineData(-7, 2, -4, -3)]
    [InlineData(-6, 2, -3, -3)]
    [InlineData(6, 2, 3, 3)]
    [InlineData(0, 5, 0, 0)]
    [InlineData(-1, 1_000_000, -1, 0)]
    [InlineData(1, 1_000_000, 0, 1)]
    public void FloorAndCeil_RoundTowardMinusAndPlusInfinity_ForEitherSign(long a, long b, long floor, long ceil)
    {
        Assert.Equal(floor, FixedPoint.FloorDiv(a, b));
        Assert.Equal(ceil, FixedPoint.CeilDiv(a, b));
    }

    [Fact]
    public void FloorAndCeil_BracketTheQuotient_OnRandomOperands()
    {
        var random = new Random(1);
        for (var i = 0; i < 2000; i++)
        {
            var a = new BigInteger(random.NextInt64()) * random.NextInt64() * (random.Next(2) == 0 ? -1 : 1);
            var b = new BigInteger(random.NextInt64(1, long.MaxValue)) >> random.Next(60);
            if (b.IsZero) b = 1;
            var f = FixedPoint.FloorDiv(a, b);
            var c = FixedPoint.CeilDiv(a, b);
            Assert.True(f * b <= a && a < (f + 1) * b);
            Assert.True((c - 1) * b < a && a <= c * b);
        }
    }

    [Theory]
    [InlineData("1.5", 6, false, "1500000")]
    [InlineData("3012.55", 8, false, "301255000000")]
    [InlineData("0.85", 6, false, "850000")]
    [InlineData("-0.000001", 6, true, "-1")]
    [InlineData("1.500000000", 6, false, "1500000")]
    [InlineData("0", 12, true, "0")]
    [InlineData("-0", 6, true, "0")]
    [InlineData("0.000000000001", 12, true, "1")]
    public void Decimals_ConvertExactly(string text, int decimals, bool signed, string expected)
    {
        Assert.Equal(BigInteger.Parse(expected), FixedPoint.TryParseDecimal(text, decimals, signed, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("0.0000001", 6, true, "7 decimals")]
    [InlineData("1.123456789", 8, true, "9 decimals")]
    [InlineData("-1", 6, false, "negative")]
    [InlineData(".5", 6, true, "not a decimal")]
    [InlineData("5.", 6, true, "not a decimal")]
    [InlineData("+1", 6, true, "not a decimal")]
    [InlineData("1e3", 6, true, "not a decimal")]
    [InlineData(" 1", 6, true, "not a decimal")]
    [InlineData("", 6, true, "not a decimal")]
    [InlineData("1,000", 6, true, "not a decimal")]
    [InlineData("NaN", 6, true, "not a decimal")]
    [InlineData("12345678901234567890123456789012345678901", 6, true, "more than 40 digits")]
    public void NonDecimalsAndExcessDecimals_AreRefused_NeverRounded(string text, int decimals, bool signed, string problem)
    {
        Assert.Null(FixedPoint.TryParseDecimal(text, decimals, signed, out var why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_234_560_000, "1,234.56 USD")]
    [InlineData(-500_000, "-0.50 USD")]
    [InlineData(1, "0.000001 USD")]
    [InlineData(0, "0.00 USD")]
    [InlineData(1_000_000_000_000, "1,000,000.00 USD")]
    [InlineData(-312_500_000, "-312.50 USD")]
    [InlineData(100_123_456, "100.123456 USD")]
    public void Money_IsFormattedExactly(long value, string expected)
    {
        Assert.Equal(expected, FixedPoint.Usd(value));
    }

    [Fact]
    public void ParseThenFormat_GivesTheValueBack()
    {
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var x = new BigInteger(random.NextInt64()) * (random.Next(2) == 0 ? -1 : 1) / BigInteger.Pow(10, random.Next(18));
            var text = FixedPoint.Format(x, 12);
            Assert.Equal(x, FixedPoint.TryParseDecimal(text, 12, true, out _));
        }
    }
}

using System.Numerics;

namespace CrossMargin.Field;

/// <summary>
/// Exact integer rounding that BigInteger lacks: its division truncates toward zero, while the
/// margin model's floor and ceil, the GLV split's rounding and the soundness audit's interval
/// bounds need rounding toward -infinity and +infinity for either sign of both operands.
/// </summary>
public static class IntegerMath
{
    /// <summary>floor(a / b), b != 0.</summary>
    public static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return !r.IsZero && (r.Sign < 0) != (b.Sign < 0) ? q - 1 : q;
    }

    /// <summary>ceil(a / b), b != 0.</summary>
    public static BigInteger CeilDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return !r.IsZero && (r.Sign < 0) == (b.Sign < 0) ? q + 1 : q;
    }

    /// <summary>a mod m in [0, m), m &gt; 0.</summary>
    public static BigInteger Mod(BigInteger a, BigInteger m)
    {
        var r = BigInteger.Remainder(a, m);
        return r.Sign < 0 ? r + m : r;
    }

    /// <summary>The greatest s &gt;= 0 with s^2 &lt;= n, for n &gt;= 0 (Newton's iteration from above).</summary>
    public static BigInteger FloorSqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n), "no square root of a negative number");
        if (n < 2) return n;
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2); // >= sqrt(n)
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    /// <summary>The least s &gt;= 0 with s^2 &gt;= n, for n &gt;= 0.</summary>
    public static BigInteger CeilSqrt(BigInteger n)
    {
        var s = FloorSqrt(n);
        return s * s < n ? s + 1 : s;
    }
}

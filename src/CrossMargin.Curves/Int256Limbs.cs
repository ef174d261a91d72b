using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrossMargin.Curves;

/// <summary>
/// A 256-bit integer on four 64-bit limbs, least significant first, for the fixed-width scalar
/// arithmetic of <see cref="GlvDecomposition"/>. Add, Sub, Negate and MulLow wrap modulo 2^256,
/// so they serve signed values in two's complement as well as unsigned ones.
/// </summary>
internal readonly struct Int256Limbs
{
    public readonly ulong L0, L1, L2, L3;

    public Int256Limbs(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    /// <summary>Four limbs of an unsigned value (shorter spans are zero-extended).</summary>
    public static Int256Limbs FromLimbs(ReadOnlySpan<ulong> limbs)
    {
        Debug.Assert(limbs.Length <= 4);
        return new Int256Limbs(
            limbs.Length > 0 ? limbs[0] : 0,
            limbs.Length > 1 ? limbs[1] : 0,
            limbs.Length > 2 ? limbs[2] : 0,
            limbs.Length > 3 ? limbs[3] : 0);
    }

    /// <summary>x mod 2^256 (negative x in two's complement).</summary>
    public static Int256Limbs FromBigInteger(BigInteger x)
    {
        var m = x & ((BigInteger.One << 256) - 1);
        return new Int256Limbs(
            (ulong)(m & ulong.MaxValue),
            (ulong)((m >> 64) & ulong.MaxValue),
            (ulong)((m >> 128) & ulong.MaxValue),
            (ulong)(m >> 192));
    }

    /// <summary>The value read as unsigned.</summary>
    public BigInteger ToBigInteger() =>
        new BigInteger(L0) | (new BigInteger(L1) << 64) | (new BigInteger(L2) << 128) | (new BigInteger(L3) << 192);

    /// <summary>The sign bit, for values read as two's complement.</summary>
    public bool IsNegative => (long)L3 < 0;

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int256Limbs Add(in Int256Limbs a, in Int256Limbs b)
    {
        var r0 = a.L0 + b.L0;
        var c = r0 < a.L0 ? 1UL : 0UL;
        var (r1, c1) = AddWithCarry(a.L1, b.L1, c);
        var (r2, c2) = AddWithCarry(a.L2, b.L2, c1);
        var r3 = a.L3 + b.L3 + c2;
        return new Int256Limbs(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int256Limbs Sub(in Int256Limbs a, in Int256Limbs b) => Add(a, Negate(b));

    /// <summary>2^256 - a: the two's complement negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int256Limbs Negate(in Int256Limbs a) =>
        Add(new Int256Limbs(~a.L0, ~a.L1, ~a.L2, ~a.L3), new Int256Limbs(1, 0, 0, 0));

    /// <summary>a * b mod 2^256: the low half of the product (right for two's complement operands too).</summary>
    [SkipLocalsInit]
    public static Int256Limbs MulLow(in Int256Limbs a, in Int256Limbs b)
    {
        Span<ulong> x = [a.L0, a.L1, a.L2, a.L3];
        Span<ulong> y = [b.L0, b.L1, b.L2, b.L3];
        Span<ulong> r = stackalloc ulong[4];
        r.Clear();
        for (var i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (var j = 0; i + j < 4; j++)
            {
                var t = (UInt128)x[i] * y[j] + r[i + j] + carry;
                r[i + j] = (ulong)t;
                carry = (ulong)(t >> 64);
            }
        }
        return new Int256Limbs(r[0], r[1], r[2], r[3]);
    }

    /// <summary>
    /// round(a * b / 2^shift) for unsigned a, b and 256 &lt;= shift &lt; 512 (halves round up):
    /// the 512-bit product, plus 2^(shift-1), shifted right. The result fits in 256 bits because
    /// the product is below 2^512.
    /// </summary>
    [SkipLocalsInit]
    public static Int256Limbs MulShiftRound(in Int256Limbs a, in Int256Limbs b, int shift)
    {
        Debug.Assert(shift is >= 256 and < 512);
        Span<ulong> x = [a.L0, a.L1, a.L2, a.L3];
        Span<ulong> y = [b.L0, b.L1, b.L2, b.L3];
        Span<ulong> p = stackalloc ulong[9];
        p.Clear();
        for (var i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (var j = 0; j < 4; j++)
            {
                var t = (UInt128)x[i] * y[j] + p[i + j] + carry;
                p[i + j] = (ulong)t;
                carry = (ulong)(t >> 64);
            }
            p[i + 4] = carry;
        }
        // + 2^(shift-1); the sum stays below 2^513, so a ninth limb holds any carry.
        var half = shift - 1;
        var k = half / 64;
        var addend = 1UL << (half % 64);
        for (; k < 9 && addend != 0; k++)
        {
            var s = p[k] + addend;
            addend = s < addend ? 1UL : 0UL;
            p[k] = s;
        }
        var limb = shift / 64;
        var bits = shift % 64;
        Span<ulong> r = stackalloc ulong[4];
        for (var i = 0; i < 4; i++)
        {
            var lo = limb + i < 9 ? p[limb + i] : 0;
            var hi = limb + i + 1 < 9 ? p[limb + i + 1] : 0;
            r[i] = bits == 0 ? lo : (lo >> bits) | (hi << (64 - bits));
        }
        return new Int256Limbs(r[0], r[1], r[2], r[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Sum, ulong Carry) AddWithCarry(ulong a, ulong b, ulong carry)
    {
        var s = a + b;
        var c = s < a ? 1UL : 0UL;
        var t = s + carry;
        c += t < s ? 1UL : 0UL;
        return (t, c);
    }
}

using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrossMargin.Curves;

/// <summary>How a scalar enters the MSM (see <see cref="ScalarDigits.TryClassify"/>).</summary>
internal enum ScalarKind : byte
{
    /// <summary>Zero scalar or point at infinity: contributes nothing.</summary>
    Skip,
    /// <summary>k = 1: the point is summed directly.</summary>
    PlusOne,
    /// <summary>k = r - 1: the negated point is summed directly.</summary>
    MinusOne,
    /// <summary>2 &lt;= k &lt; 2^64: a short scalar, in the small class.</summary>
    SmallPositive,
    /// <summary>2 &lt;= r - k &lt; 2^64: (r - k)(-P), in the small class.</summary>
    SmallNegative,
    /// <summary>Everything else: all windows.</summary>
    Full,
}

/// <summary>
/// The group order r (the modulus of the scalar field) as four little-endian limbs, for checking
/// that scalars are canonical and for the negation k P = (r - k)(-P).
/// </summary>
internal readonly struct ScalarModulus
{
    public readonly ulong R0, R1, R2, R3;

    public ScalarModulus(BigInteger r)
    {
        if (r.Sign <= 0 || r.GetBitLength() > 255) throw new ArgumentOutOfRangeException(nameof(r), "the scalar modulus must be a positive integer below 2^255");
        R0 = (ulong)(r & ulong.MaxValue);
        R1 = (ulong)((r >> 64) & ulong.MaxValue);
        R2 = (ulong)((r >> 128) & ulong.MaxValue);
        R3 = (ulong)(r >> 192);
    }
}

/// <summary>
/// Scalars as the MSM reads them: canonical integers in [0, r) on four little-endian 64-bit limbs,
/// classified (<see cref="TryClassify"/>) and cut into signed c-bit digits (<see cref="Recode"/>).
/// </summary>
/// <remarks>
/// Signed digits (the "signed-digit" or "NAF-like" windows of Bernstein et al. and gnark-crypto's
/// partitionScalars): each window's c bits, plus the carry from below, are read as a digit d in
/// [-2^(c-1), 2^(c-1)); a digit at or above 2^(c-1) becomes d - 2^c and carries one into the next
/// window. So sum_w d_w 2^(wc) = k, and since -d P is P with y negated, a window needs only
/// 2^(c-1) buckets (bucket |d| - 1), half as many as with unsigned digits, which halves the
/// bucket reduction. The carry may spill into one extra window (<see cref="WindowCount"/>).
/// <para>
/// Digits are stored as ushort: 0 for d = 0, 2d for d &gt; 0, 2(|d| - 1) + 1 for d &lt; 0 (the
/// encoding of gnark-crypto), so that with c = 16 all 2^16 values fit and
/// bucket = (e - 1) / 2, negative = e odd.
/// </para>
/// </remarks>
internal static class ScalarDigits
{
    public const int MaxWindowBits = 16;

    /// <summary>
    /// Sorts one scalar (limbs k0..k3) into its class: zero, plus or minus one, small (|k| or
    /// r - k below 2^64, with that value in <paramref name="small"/>) or full; <paramref name="bits"/>
    /// is the bit length of the value the class will recode. False when k &gt;= r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryClassify(
        ulong k0, ulong k1, ulong k2, ulong k3, in ScalarModulus r,
        out ScalarKind kind, out ulong small, out int bits)
    {
        // d = r - k: no borrow and d != 0 exactly when k < r.
        var d0 = SubBorrow(r.R0, k0, 0, out var borrow);
        var d1 = SubBorrow(r.R1, k1, borrow, out borrow);
        var d2 = SubBorrow(r.R2, k2, borrow, out borrow);
        var d3 = SubBorrow(r.R3, k3, borrow, out borrow);
        small = 0;
        bits = 0;
        if (borrow != 0 || (d0 | d1 | d2 | d3) == 0)
        {
            kind = ScalarKind.Skip;
            return false;
        }
        if ((k1 | k2 | k3) == 0)
        {
            kind = k0 switch { 0 => ScalarKind.Skip, 1 => ScalarKind.PlusOne, _ => ScalarKind.SmallPositive };
            small = k0;
            bits = 64 - BitOperations.LeadingZeroCount(k0);
            return true;
        }
        if ((d1 | d2 | d3) == 0)
        {
            kind = d0 == 1 ? ScalarKind.MinusOne : ScalarKind.SmallNegative;
            small = d0;
            bits = 64 - BitOperations.LeadingZeroCount(d0);
            return true;
        }
        kind = ScalarKind.Full;
        bits = BitLength(k0, k1, k2, k3);
        return true;
    }

    public static int BitLength(ulong k0, ulong k1, ulong k2, ulong k3) =>
        k3 != 0 ? 256 - BitOperations.LeadingZeroCount(k3)
        : k2 != 0 ? 192 - BitOperations.LeadingZeroCount(k2)
        : k1 != 0 ? 128 - BitOperations.LeadingZeroCount(k1)
        : 64 - BitOperations.LeadingZeroCount(k0);

    /// <summary>
    /// The number of c-bit signed-digit windows that every integer below 2^bits needs: the least
    /// W whose final carry is zero. Recoding reads the c-bit chunks of k + H,
    /// H = sum_w 2^(c-1) 2^(wc), less 2^(c-1) each, so the carry grows with k and the largest
    /// scalar, 2^bits - 1, is the worst case: this recodes it (all-ones chunks, the top one
    /// shorter) until both its bits and the carry are used up.
    /// </summary>
    public static int WindowCount(int bits, int c)
    {
        Debug.Assert(c is >= 2 and <= MaxWindowBits && bits >= 0);
        var half = 1 << (c - 1);
        int windows = 0, carry = 0, remaining = bits;
        while (remaining > 0 || carry > 0)
        {
            var chunkBits = Math.Min(c, remaining);
            remaining -= chunkBits;
            carry = (1 << chunkBits) - 1 + carry >= half ? 1 : 0;
            windows++;
        }
        return Math.Max(windows, 1);
    }

    /// <summary>
    /// Writes the <paramref name="windows"/> signed c-bit digits of k (limbs k0..k3, which must
    /// fit, see <see cref="WindowCount"/>) encoded, window w to digits[w * stride].
    /// </summary>
    [SkipLocalsInit]
    public static void Recode(ulong k0, ulong k1, ulong k2, ulong k3, int c, int windows, Span<ushort> digits, int stride)
    {
        Span<ulong> limbs = stackalloc ulong[6];
        limbs[0] = k0;
        limbs[1] = k1;
        limbs[2] = k2;
        limbs[3] = k3;
        limbs[4] = 0;
        limbs[5] = 0;
        var mask = (1UL << c) - 1;
        var half = 1 << (c - 1);
        var carry = 0;
        for (var w = 0; w < windows; w++)
        {
            var bit = w * c;
            var q = bit >> 6;
            var shift = bit & 63;
            var chunk = limbs[q] >> shift;
            if (shift + c > 64) chunk |= limbs[q + 1] << (64 - shift);
            // Without branches: a random digit's sign is a coin toss the processor cannot
            // predict, and twenty of them a scalar made recoding a twentieth of an MSM.
            var d = (int)(chunk & mask) + carry;
            var high = (half - 1 - d) >> 31;            // all ones where d >= 2^(c-1)
            d -= (1 << c) & high;
            carry = high & 1;
            digits[w * stride] = Encode(d);
        }
        Debug.Assert(carry == 0, "the scalar needs more windows than were planned");
    }

    /// <summary>2d for d &gt;= 0, 2|d| - 1 for d &lt; 0: 2|d| plus the sign mask (0 or -1), without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Encode(int digit)
    {
        var sign = digit >> 31;
        return (ushort)((((digit ^ sign) - sign) << 1) + sign);
    }

    /// <summary>The signed digit an encoding stands for (for tests and assertions).</summary>
    public static int Decode(ushort e) => e == 0 ? 0 : (e & 1) == 0 ? e >> 1 : -((e >> 1) + 1);

    /// <summary>Bucket index |d| - 1 of a non-zero encoded digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(ushort e) => (e - 1) >> 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubBorrow(ulong a, ulong b, ulong borrowIn, out ulong borrowOut)
    {
        var diff = a - b - borrowIn;
        // Hacker's Delight 2-16: the borrow out of a - b - c.
        borrowOut = ((~a & b) | (~(a ^ b) & diff)) >> 63;
        return diff;
    }
}

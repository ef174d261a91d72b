using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CrossMargin.Field.Wide;

/// <summary>
/// <see cref="ILanes{TSelf}.Count"/> independent elements of the prime field of
/// <typeparamref name="TParams"/> (eight with <see cref="Lanes512"/>, four with
/// <see cref="Lanes256"/>, one with <see cref="Lanes1"/>), stored limb-sliced: field Lj holds
/// limb j of every element, lane i of each field belonging to element i.
/// </summary>
/// <remarks>
/// <para>Representation. An element a is held in the Montgomery form of
/// <see cref="Montgomery256{TParams}"/>, V = a*R mod p with R = 2^256, written in nine limbs of
/// 29 bits, least significant first: V = sum over j of Lj * 2^(29j). Conversion from and to the
/// scalar type (<see cref="FromScalar"/>, <see cref="ToScalar"/>) is a transposition of limbs,
/// no arithmetic.</para>
/// <para>Invariants, kept by every operation here and assumed of every input: each limb is
/// below 2^29 (normalised), and V &lt; 2p (lazily reduced: V and V - p stand for the same
/// element). So equal elements may differ in their limbs: compare or serialise only after
/// <see cref="Canonicalize"/> (V &lt; p), as <see cref="ToScalar"/> does. The bounds hold for
/// p &lt; 2^254 (BN254's fields are below 2^254); <see cref="WideParams{TParams}"/> refuses a
/// larger modulus.</para>
/// <para>Why radix 2^29: the vector multiplier (vpmuludq) takes 32-bit halves to a 64-bit
/// product. A product of two limbs is below 2^58, and a column of the Montgomery product
/// collects at most 9 products a_i*b_j and 9 products m_i*p_j, 18 * 2^58 &lt; 2^63: the
/// accumulators never overflow, so carries are propagated once per round (for the lowest
/// limb) and once at the end, not after every product.</para>
/// <para>No operation branches on the data (the selects are masks), but nothing here has been
/// reviewed as constant time; like <see cref="Montgomery256{TParams}"/>, this serves proving
/// and verification, not long-term secrets.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public partial struct FieldBatch<TParams, TLanes> : IWideElement<Montgomery256<TParams>, FieldBatch<TParams, TLanes>>
    where TParams : struct, IMontgomery256Params
    where TLanes : struct, ILanes<TLanes>
{
    internal TLanes L0, L1, L2, L3, L4, L5, L6, L7, L8;

    /// <summary>Elements in a batch: the lane count.</summary>
    public static int Count => TLanes.Count;

    /// <summary>Limb j (0 &lt;= j &lt; 9) by reference; the limbs are laid out in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref TLanes Limb(ref FieldBatch<TParams, TLanes> x, int j) => ref Unsafe.Add(ref x.L0, j);

    /// <summary>
    /// r = a*b*R^-1 mod p (R = 2^256), lazily reduced (r &lt; 2p, limbs normalised): for
    /// Montgomery forms, the Montgomery form of the product. r may be the same variable as a or b.
    /// </summary>
    /// <remarks>
    /// Montgomery multiplication, operand scanning (CIOS: Koç, Acar, Kaliski, "Analyzing and
    /// comparing Montgomery multiplication algorithms", IEEE Micro 1996) in radix 2^29 with
    /// carries left in 64-bit accumulators, the form used for vpmuludq by Gueron and Krasnov
    /// ("Software implementation of modular exponentiation, using advanced vector instructions
    /// architectures", WAIFI 2012) and by Bos, Montgomery, Shumow and Zaverucha ("Montgomery
    /// multiplication using vector instructions", SAC 2013). Round i, for limb b_i:
    /// <code>
    ///   t += a * b_i;   m = t_0 * (-p^-1) mod 2^29;   t += m * p;   t = t / 2^29
    /// </code>
    /// where t_0 + m*p_0 is divisible by 2^29, so the division is a shift of the limbs plus the
    /// carry t_0 &gt;&gt; 29 into the new lowest limb. The top accumulator is always zero at the
    /// start of a round (it was shifted out), so eight are kept. Eight such rounds divide by
    /// 2^232; the ninth (<see cref="LastRound"/>) reduces by 2^24 only, so that the whole divides
    /// by R = 2^256, the scalar type's radix. Then t = (a*b + M*p) / 2^256 with M &lt; 2^256, and
    /// for a, b &lt; 2p with p &lt; 2^254: t &lt; 4p^2/2^256 + p &lt; 2p.
    /// </remarks>
    [SkipLocalsInit]
    public static void Mul(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, out FieldBatch<TParams, TLanes> r)
    {
        BroadcastModulus(out var mask, out var mu, out var p0, out var p1, out var p2, out var p3, out var p4, out var p5, out var p6, out var p7, out var p8);
        TLanes a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4, a5 = a.L5, a6 = a.L6, a7 = a.L7, a8 = a.L8;
        TLanes t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default;
        ref var bLimbs = ref Unsafe.AsRef(in b.L0);
        for (var i = 0; i < WideParams<TParams>.FullRounds; i++)
        {
            var bi = Unsafe.Add(ref bLimbs, i);
            var low = t0 + TLanes.Mul32(a0, bi);
            var m = TLanes.Mul32(low, mu) & mask;
            var carry = (low + TLanes.Mul32(m, p0)) >>> WideParams<TParams>.LimbBits;
            t0 = t1 + TLanes.Mul32(a1, bi) + TLanes.Mul32(m, p1) + carry;
            t1 = t2 + TLanes.Mul32(a2, bi) + TLanes.Mul32(m, p2);
            t2 = t3 + TLanes.Mul32(a3, bi) + TLanes.Mul32(m, p3);
            t3 = t4 + TLanes.Mul32(a4, bi) + TLanes.Mul32(m, p4);
            t4 = t5 + TLanes.Mul32(a5, bi) + TLanes.Mul32(m, p5);
            t5 = t6 + TLanes.Mul32(a6, bi) + TLanes.Mul32(m, p6);
            t6 = t7 + TLanes.Mul32(a7, bi) + TLanes.Mul32(m, p7);
            t7 = TLanes.Mul32(a8, bi) + TLanes.Mul32(m, p8);
        }
        var b8 = b.L8;
        LastRound(t0 + TLanes.Mul32(a0, b8), t1 + TLanes.Mul32(a1, b8), t2 + TLanes.Mul32(a2, b8), t3 + TLanes.Mul32(a3, b8),
            t4 + TLanes.Mul32(a4, b8), t5 + TLanes.Mul32(a5, b8), t6 + TLanes.Mul32(a6, b8), t7 + TLanes.Mul32(a7, b8),
            TLanes.Mul32(a8, b8), out r);
    }

    /// <summary>r = a^2 * R^-1 mod p, lazily reduced; r may be a.</summary>
    /// <remarks>
    /// The product first, by columns, each cross product computed once and the sum of a
    /// column's cross products doubled by a shift: 45 products instead of 81. A column is below
    /// 9 * 2^58 and then gains at most nine reduction products below 2^58: below 2^63.
    /// Then the reduction rounds of <see cref="Mul"/> without its a*b_i term: columns 0-8 stay
    /// in registers, shifting down a slot a round, and column 9 + i enters at the top in round
    /// i. 135 products against <see cref="Mul"/>'s 171.
    /// </remarks>
    [SkipLocalsInit]
    public static void Square(in FieldBatch<TParams, TLanes> a, out FieldBatch<TParams, TLanes> r)
    {
        LowColumns(a, out var low);
        HighColumns(a, out var high);
        TLanes t0 = low.L0, t1 = low.L1, t2 = low.L2, t3 = low.L3, t4 = low.L4, t5 = low.L5, t6 = low.L6, t7 = low.L7, t8 = low.L8;
        BroadcastModulus(out var mask, out var mu, out var p0, out var p1, out var p2, out var p3, out var p4, out var p5, out var p6, out var p7, out var p8);
        for (var i = 0; i < WideParams<TParams>.FullRounds; i++)
        {
            var m = TLanes.Mul32(t0, mu) & mask;
            var carry = (t0 + TLanes.Mul32(m, p0)) >>> WideParams<TParams>.LimbBits;
            t0 = t1 + TLanes.Mul32(m, p1) + carry;
            t1 = t2 + TLanes.Mul32(m, p2);
            t2 = t3 + TLanes.Mul32(m, p3);
            t3 = t4 + TLanes.Mul32(m, p4);
            t4 = t5 + TLanes.Mul32(m, p5);
            t5 = t6 + TLanes.Mul32(m, p6);
            t6 = t7 + TLanes.Mul32(m, p7);
            t7 = t8 + TLanes.Mul32(m, p8);
            t8 = Limb(ref high, i);
        }
        LastRound(t0, t1, t2, t3, t4, t5, t6, t7, t8, out r);
    }

    /// <summary>
    /// Columns 0..8 of a^2: column k is twice the cross products a_i*a_j (i &lt; j, i + j = k)
    /// plus the square a_(k/2)^2. Kept out of <see cref="Square"/>: with everything inlined in
    /// one method the JIT ran out of tracked locals and spilled every temporary.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LowColumns(in FieldBatch<TParams, TLanes> a, out FieldBatch<TParams, TLanes> c)
    {
        TLanes a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4, a5 = a.L5, a6 = a.L6, a7 = a.L7, a8 = a.L8;
        c.L0 = TLanes.Mul32(a0, a0);
        c.L1 = TLanes.Mul32(a0, a1) << 1;
        c.L2 = (TLanes.Mul32(a0, a2) << 1) + TLanes.Mul32(a1, a1);
        c.L3 = (TLanes.Mul32(a0, a3) + TLanes.Mul32(a1, a2)) << 1;
        c.L4 = ((TLanes.Mul32(a0, a4) + TLanes.Mul32(a1, a3)) << 1) + TLanes.Mul32(a2, a2);
        c.L5 = (TLanes.Mul32(a0, a5) + TLanes.Mul32(a1, a4) + TLanes.Mul32(a2, a3)) << 1;
        c.L6 = ((TLanes.Mul32(a0, a6) + TLanes.Mul32(a1, a5) + TLanes.Mul32(a2, a4)) << 1) + TLanes.Mul32(a3, a3);
        c.L7 = (TLanes.Mul32(a0, a7) + TLanes.Mul32(a1, a6) + TLanes.Mul32(a2, a5) + TLanes.Mul32(a3, a4)) << 1;
        c.L8 = ((TLanes.Mul32(a0, a8) + TLanes.Mul32(a1, a7) + TLanes.Mul32(a2, a6) + TLanes.Mul32(a3, a5)) << 1) + TLanes.Mul32(a4, a4);
    }

    /// <summary>Columns 9..16 of a^2 in limbs 0..7 of c (limb 8 unused).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HighColumns(in FieldBatch<TParams, TLanes> a, out FieldBatch<TParams, TLanes> c)
    {
        TLanes a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4, a5 = a.L5, a6 = a.L6, a7 = a.L7, a8 = a.L8;
        c.L0 = (TLanes.Mul32(a1, a8) + TLanes.Mul32(a2, a7) + TLanes.Mul32(a3, a6) + TLanes.Mul32(a4, a5)) << 1;
        c.L1 = ((TLanes.Mul32(a2, a8) + TLanes.Mul32(a3, a7) + TLanes.Mul32(a4, a6)) << 1) + TLanes.Mul32(a5, a5);
        c.L2 = (TLanes.Mul32(a3, a8) + TLanes.Mul32(a4, a7) + TLanes.Mul32(a5, a6)) << 1;
        c.L3 = ((TLanes.Mul32(a4, a8) + TLanes.Mul32(a5, a7)) << 1) + TLanes.Mul32(a6, a6);
        c.L4 = (TLanes.Mul32(a5, a8) + TLanes.Mul32(a6, a7)) << 1;
        c.L5 = (TLanes.Mul32(a6, a8) << 1) + TLanes.Mul32(a7, a7);
        c.L6 = TLanes.Mul32(a7, a8) << 1;
        c.L7 = TLanes.Mul32(a8, a8);
        c.L8 = default;
    }

    /// <summary>The limb mask, -p^-1 mod 2^29 and the limbs of p, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BroadcastModulus(out TLanes mask, out TLanes mu, out TLanes p0, out TLanes p1, out TLanes p2, out TLanes p3,
        out TLanes p4, out TLanes p5, out TLanes p6, out TLanes p7, out TLanes p8)
    {
        var p = WideParams<TParams>.P;
        mask = TLanes.Broadcast(WideParams<TParams>.Mask);
        mu = TLanes.Broadcast(WideParams<TParams>.Mu);
        (p0, p1, p2, p3, p4) = (TLanes.Broadcast(p[0]), TLanes.Broadcast(p[1]), TLanes.Broadcast(p[2]), TLanes.Broadcast(p[3]), TLanes.Broadcast(p[4]));
        (p5, p6, p7, p8) = (TLanes.Broadcast(p[5]), TLanes.Broadcast(p[6]), TLanes.Broadcast(p[7]), TLanes.Broadcast(p[8]));
    }

    /// <summary>
    /// The ninth reduction round, by 2^24 (256 = 8*29 + 24), on accumulators v0..v8 that already
    /// hold the round's a*b_8 products, then one carry pass and the shift by 24 bits:
    /// <code>
    ///   m = v_0 * (-p^-1) mod 2^24;   n = v + m * p  (normalised: n_0..n_9);   r = n / 2^24
    /// </code>
    /// n_0 is divisible by 2^24. r is below 2p &lt; 2^255 (see <see cref="Mul"/>), so n_9 fits in
    /// r's top limb.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LastRound(TLanes v0, TLanes v1, TLanes v2, TLanes v3, TLanes v4, TLanes v5, TLanes v6, TLanes v7, TLanes v8,
        out FieldBatch<TParams, TLanes> r)
    {
        const int w = WideParams<TParams>.LimbBits, last = WideParams<TParams>.LastRoundBits;
        BroadcastModulus(out var mask, out var mu, out var p0, out var p1, out var p2, out var p3, out var p4, out var p5, out var p6, out var p7, out var p8);
        var m = TLanes.Mul32(v0, mu) & TLanes.Broadcast((1UL << last) - 1);
        // n, normalised into r (every input was read before this method, so r may alias them).
        var carry = default(TLanes);
        r.L0 = Carry(v0 + TLanes.Mul32(m, p0), ref carry, mask);
        r.L1 = Carry(v1 + TLanes.Mul32(m, p1), ref carry, mask);
        r.L2 = Carry(v2 + TLanes.Mul32(m, p2), ref carry, mask);
        r.L3 = Carry(v3 + TLanes.Mul32(m, p3), ref carry, mask);
        r.L4 = Carry(v4 + TLanes.Mul32(m, p4), ref carry, mask);
        r.L5 = Carry(v5 + TLanes.Mul32(m, p5), ref carry, mask);
        r.L6 = Carry(v6 + TLanes.Mul32(m, p6), ref carry, mask);
        r.L7 = Carry(v7 + TLanes.Mul32(m, p7), ref carry, mask);
        r.L8 = Carry(v8 + TLanes.Mul32(m, p8), ref carry, mask);
        // r = n / 2^24, in place from the bottom: limb j takes bits 24-28 of n_j under bits
        // 0-23 of n_(j+1); the top limb takes the final carry (n_9) whole.
        for (var j = 0; j < WideParams<TParams>.LimbCount - 1; j++)
        {
            ref var limb = ref Limb(ref r, j);
            limb = (limb >>> last) | ((Limb(ref r, j + 1) << (w - last)) & mask);
        }
        r.L8 = (r.L8 >>> last) | (carry << (w - last));
    }
}

using System.Runtime.CompilerServices;

namespace CrossMargin.Field.Wide;

public partial struct FieldBatch<TParams, TLanes>
{
    /// <summary>r = a + b mod p, lazily reduced (r &lt; 2p); r may be a or b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, out FieldBatch<TParams, TLanes> r) =>
        Combine<Plus>(a, b, WideParams<TParams>.MinusTwoP, WideParams<TParams>.TwoP, out r);

    /// <summary>r = a - b mod p, lazily reduced (r &lt; 2p); r may be a or b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, out FieldBatch<TParams, TLanes> r) =>
        Combine<Minus>(a, b, WideParams<TParams>.Zero, WideParams<TParams>.TwoP, out r);

    /// <summary>
    /// r = a reduced to canonical form (r &lt; p, limbs normalised): the only form in which
    /// equal elements have equal limbs. r may be a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Canonicalize(in FieldBatch<TParams, TLanes> a, out FieldBatch<TParams, TLanes> r) =>
        Combine<Plus>(a, default, WideParams<TParams>.MinusP, WideParams<TParams>.P, out r);

    /// <summary>
    /// r = y if y &gt;= 0, else y + delta, where y = (a ± b) + c: a carry chain in signed radix
    /// 2^29 with the biased constants of c (see <see cref="WideParams{TParams}"/>), then a plain
    /// chain adding delta masked by the sign of y. Add: y = a + b - 2p, delta = 2p, so a sum
    /// below 4p comes out below 2p. Sub: y = a - b, delta = 2p, for a difference in (-2p, 2p).
    /// Canonical: y = a - p, delta = p; for canonical operands, a + b - p and a - b with delta = p
    /// give canonical sums and differences in one pass. The sign of y is the carry out of its top limb, -1 or 0,
    /// which with the bias of 2 reads 1 or 2; adding 2^64 - 2 makes it an all-ones or all-zeros
    /// mask. A negative y leaves its limbs as y + 2^261, and adding delta carries that 2^261
    /// out of the top limb, where the mask drops it. Every limb of a and b is read before r is
    /// written, so r may alias either. Not inlined: a caller that inlined several ran out of
    /// the JIT's tracked locals and spilled everything.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Combine<TSign>(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b,
        ulong[] c, ulong[] delta, out FieldBatch<TParams, TLanes> r)
        where TSign : struct, ISign
    {
        var mask = TLanes.Broadcast(WideParams<TParams>.Mask);
        TLanes carry = default;
        var y0 = Carry(TSign.Apply(a.L0, b.L0) + TLanes.Broadcast(c[0]), ref carry, mask);
        var y1 = Carry(TSign.Apply(a.L1, b.L1) + TLanes.Broadcast(c[1]), ref carry, mask);
        var y2 = Carry(TSign.Apply(a.L2, b.L2) + TLanes.Broadcast(c[2]), ref carry, mask);
        var y3 = Carry(TSign.Apply(a.L3, b.L3) + TLanes.Broadcast(c[3]), ref carry, mask);
        var y4 = Carry(TSign.Apply(a.L4, b.L4) + TLanes.Broadcast(c[4]), ref carry, mask);
        var y5 = Carry(TSign.Apply(a.L5, b.L5) + TLanes.Broadcast(c[5]), ref carry, mask);
        var y6 = Carry(TSign.Apply(a.L6, b.L6) + TLanes.Broadcast(c[6]), ref carry, mask);
        var y7 = Carry(TSign.Apply(a.L7, b.L7) + TLanes.Broadcast(c[7]), ref carry, mask);
        var y8 = Carry(TSign.Apply(a.L8, b.L8) + TLanes.Broadcast(c[8]), ref carry, mask);
        var negative = carry + TLanes.Broadcast(ulong.MaxValue - 1);
        carry = default;
        r.L0 = Carry(y0 + (TLanes.Broadcast(delta[0]) & negative), ref carry, mask);
        r.L1 = Carry(y1 + (TLanes.Broadcast(delta[1]) & negative), ref carry, mask);
        r.L2 = Carry(y2 + (TLanes.Broadcast(delta[2]) & negative), ref carry, mask);
        r.L3 = Carry(y3 + (TLanes.Broadcast(delta[3]) & negative), ref carry, mask);
        r.L4 = Carry(y4 + (TLanes.Broadcast(delta[4]) & negative), ref carry, mask);
        r.L5 = Carry(y5 + (TLanes.Broadcast(delta[5]) & negative), ref carry, mask);
        r.L6 = Carry(y6 + (TLanes.Broadcast(delta[6]) & negative), ref carry, mask);
        r.L7 = Carry(y7 + (TLanes.Broadcast(delta[7]) & negative), ref carry, mask);
        r.L8 = Carry(y8 + (TLanes.Broadcast(delta[8]) & negative), ref carry, mask);
    }

    /// <summary>x plus the incoming carry: returns its low 29 bits and leaves the rest in carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Carry(TLanes x, ref TLanes carry, TLanes mask)
    {
        x += carry;
        carry = x >>> WideParams<TParams>.LimbBits;
        return x & mask;
    }

    /// <summary>How <see cref="Combine{TSign}"/> joins its operands, limb by limb.</summary>
    internal interface ISign
    {
        static abstract TLanes Apply(TLanes a, TLanes b);
    }

    internal readonly struct Plus : ISign
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TLanes Apply(TLanes a, TLanes b) => a + b;
    }

    internal readonly struct Minus : ISign
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TLanes Apply(TLanes a, TLanes b) => a - b;
    }
}

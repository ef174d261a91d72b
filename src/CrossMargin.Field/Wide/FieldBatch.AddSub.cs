using System.Runtime.CompilerServices;

namespace CrossMargin.Field.Wide;

public partial struct FieldBatch<TParams, TLanes>
{
    /// <summary>r = a + b mod p, lazily reduced (r &lt; 2p); r may be a or b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, out FieldBatch<TParams, TLanes> r) =>
        Combine(a, b, subtract: false, WideParams<TParams>.Zero, WideParams<TParams>.MinusTwoP, out r);

    /// <summary>r = a - b mod p, lazily reduced (r &lt; 2p); r may be a or b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, out FieldBatch<TParams, TLanes> r) =>
        Combine(a, b, subtract: true, WideParams<TParams>.PlusTwoP, WideParams<TParams>.Zero, out r);

    /// <summary>
    /// r = a reduced to canonical form (r &lt; p, limbs normalised): the only form in which
    /// equal elements have equal limbs. r may be a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Canonicalize(in FieldBatch<TParams, TLanes> a, out FieldBatch<TParams, TLanes> r) =>
        Combine(a, default, subtract: false, WideParams<TParams>.Zero, WideParams<TParams>.MinusP, out r);

    /// <summary>
    /// With s = a + b (or a - b): x = s + c_keep and y = s + c_try, two independent carry chains
    /// in signed radix 2^29 (see <see cref="WideParams{TParams}"/>'s chain constants); the result
    /// is y where y &gt;= 0, else x. Add: x = s, y = s - 2p, so s &lt; 4p becomes &lt; 2p.
    /// Sub: x = s + 2p, y = s, for s in (-2p, 2p). Canonical: x = a, y = a - p. The sign of y is
    /// the carry out of its top limb, -1 or 0, which with the bias of 2 is 1 or 2; adding
    /// 2^64 - 2 turns it into an all-ones or all-zeros mask. Limb j of a and b is read before
    /// limb j of r is written, so r may alias either.
    /// </summary>
    [SkipLocalsInit]
    private static void Combine(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, bool subtract,
        ulong[] keepConstants, ulong[] tryConstants, out FieldBatch<TParams, TLanes> r)
    {
        const int w = WideParams<TParams>.LimbBits;
        var mask = TLanes.Broadcast(WideParams<TParams>.Mask);
        Unsafe.SkipInit(out r);
        Unsafe.SkipInit(out FieldBatch<TParams, TLanes> kept);
        ref var aLimbs = ref Unsafe.AsRef(in a.L0);
        ref var bLimbs = ref Unsafe.AsRef(in b.L0);
        TLanes keepCarry = default, tryCarry = default;
        for (var j = 0; j < WideParams<TParams>.LimbCount; j++)
        {
            var aj = Unsafe.Add(ref aLimbs, j);
            var bj = Unsafe.Add(ref bLimbs, j);
            var x = (subtract ? aj - bj : aj + bj) + TLanes.Broadcast(keepConstants[j]) + keepCarry;
            var y = (subtract ? aj - bj : aj + bj) + TLanes.Broadcast(tryConstants[j]) + tryCarry;
            keepCarry = x >>> w;
            tryCarry = y >>> w;
            Limb(ref kept, j) = x & mask;
            Limb(ref r, j) = y & mask;
        }
        var keep = tryCarry + TLanes.Broadcast(ulong.MaxValue - 1);
        for (var j = 0; j < WideParams<TParams>.LimbCount; j++)
        {
            ref var rj = ref Limb(ref r, j);
            rj ^= (Limb(ref kept, j) ^ rj) & keep;
        }
    }
}

using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A mutable affine point for MSM buckets: (X, Y), with (0, 0) standing for "empty" (the point at
/// infinity). (0, 0) is on no curve y^2 = x^3 + b with b != 0, so the convention cannot collide
/// with a real point and needs no separate flag.
/// </summary>
internal struct AffineXY<TField> where TField : struct, IField<TField>
{
    public TField X;
    public TField Y;

    public AffineXY(in TField x, in TField y)
    {
        X = x;
        Y = y;
    }

    public readonly bool IsEmpty => X.IsZero && Y.IsZero;
}

/// <summary>
/// Many independent affine additions t_j += a_j at once, sharing one field inversion
/// (Montgomery's trick), as in gnark-crypto's batchAddG1Affine (ecc/bn254/multiexp_affine.go)
/// and barretenberg's "batched affine addition".
/// </summary>
/// <remarks>
/// An affine addition needs the slope lambda = (y2 - y1)/(x2 - x1) (or 3x^2/2y when doubling),
/// then x3 = lambda^2 - x1 - x2 and y3 = lambda (x1 - x3) - y1: one inversion and 3 multiplications.
/// Inverting the k denominators together costs one inversion and 3(k - 1) multiplications, so for
/// a large batch each addition costs about 6 multiplications (5M + 1S) plus 1/k of an inversion,
/// against 10 for the cheapest projective mixed addition (XYZZ madd-2008-s).
/// </remarks>
internal static class AffineBatch<TField> where TField : struct, IField<TField>
{
    /// <summary>
    /// Settles target += (x, y) for a finite (x, y) where no field arithmetic is needed: an empty
    /// target takes the point, and a target equal to -(x, y) (or to (x, y) with y = 0, a point of
    /// order two) becomes empty. False when the addition must go to a batch (a true addition, or
    /// a doubling, which <see cref="AddInPlace"/> recognises by the equal x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySettle(ref AffineXY<TField> target, in TField x, in TField y)
    {
        if (target.IsEmpty)
        {
            target = new AffineXY<TField>(x, y);
            return true;
        }
        if (target.X.Equals(x) && (!target.Y.Equals(y) || y.IsZero))
        {
            target = new AffineXY<TField>(TField.Zero, TField.Zero);
            return true;
        }
        return false;
    }

    /// <summary>
    /// For each j: targets[targetIndex[j]] += addends[j]. Preconditions (checked by the callers,
    /// which route the exceptions elsewhere): the target indices are distinct, no target or addend
    /// is empty, and no addend is the negation of its target; an addend equal to its target (same
    /// x) is a doubling, whose y is non-zero. <paramref name="scratch"/> holds at least 2k elements.
    /// </summary>
    [SkipLocalsInit]
    public static void AddInPlace(
        Span<AffineXY<TField>> targets,
        ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<TField>> addends,
        Span<TField> scratch)
    {
        var count = addends.Length;
        if (count == 0) return;
        var denominators = scratch[..count];
        var prefixes = scratch.Slice(count, count);

        // prefixes[j] = d_0 ... d_{j-1}; acc = the product of all denominators.
        var acc = TField.One;
        for (var j = 0; j < count; j++)
        {
            ref readonly var t = ref targets[targetIndex[j]];
            ref readonly var a = ref addends[j];
            ref var d = ref denominators[j];
            if (a.X.Equals(t.X)) TField.Double(t.Y, out d);     // doubling: 2y
            else TField.Sub(a.X, t.X, out d);                   // x2 - x1
            prefixes[j] = acc;
            TField.Mul(acc, d, out acc);
        }

        // inv = (d_0 ... d_j)^-1 at step j; d_j^-1 = prefixes[j] * inv.
        TField.Inverse(acc, out var inv);
        for (var j = count - 1; j >= 0; j--)
        {
            ref var t = ref targets[targetIndex[j]];
            ref readonly var a = ref addends[j];
            TField.Mul(prefixes[j], inv, out var dInv);
            TField.Mul(inv, denominators[j], out inv);
            TField lambda;
            if (a.X.Equals(t.X)) TangentNumerator(t.X, out lambda);   // 3 x^2
            else TField.Sub(a.Y, t.Y, out lambda);                      // y2 - y1
            TField.Mul(lambda, dInv, out lambda);
            TField.Square(lambda, out var x3);                  // x3 = lambda^2 - x1 - x2
            TField.Sub(x3, t.X, out x3);
            TField.Sub(x3, a.X, out x3);
            TField.Sub(t.X, x3, out var y3);                    // y3 = lambda (x1 - x3) - y1
            TField.Mul(lambda, y3, out y3);
            TField.Sub(y3, t.Y, out y3);
            t.X = x3;
            t.Y = y3;
        }
    }

    /// <summary>3x^2, the numerator of a tangent's slope. Out of line: doublings are rare, and the hot loop keeps the JIT's inlining budget.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void TangentNumerator(in TField x, out TField r)
    {
        TField.Square(x, out var xx);
        TField.Double(xx, out r);
        TField.Add(r, xx, out r);
    }
}

using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A short Weierstrass curve y^2 = x^3 + B over <typeparamref name="TField"/> (a = 0, as for
/// BN and BLS12 curves and their twists), with a generator of its prime-order subgroup.
/// A parameter set: the algorithms (point arithmetic, MSM, encodings) are written once over it.
/// </summary>
public interface ICurve<TField, TSelf>
    where TField : struct, IField<TField>
    where TSelf : struct, ICurve<TField, TSelf>
{
    /// <summary>
    /// The constant B, never zero: with B != 0 the pair (0, 0) is not on the curve, which is what
    /// lets <see cref="AffinePoint{TField, TCurve}"/> stand for infinity by it.
    /// </summary>
    static abstract TField B { get; }

    static abstract AffinePoint<TField, TSelf> Generator { get; }

    /// <summary>
    /// Whether an on-curve point lies in the prime-order subgroup. A curve of cofactor one
    /// (BN254's G1) answers true.
    /// </summary>
    static abstract bool IsInSubgroup(in AffinePoint<TField, TSelf> p);

    static abstract string Name { get; }

    /// <summary>
    /// The batch of independent affine additions under the MSM buckets and the fixed-base tables
    /// (<see cref="AffineBatch{TField}.AddInPlace"/>'s contract). The generic scalar kernel unless
    /// the parameter set names a faster one for its field (BN254's G1 and G2: the wide field kernel,
    /// <see cref="WideAffineBatch"/>).
    /// </summary>
    internal static virtual void AddAffineBatch(Span<AffineXY<TField>> targets, ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<TField>> addends, Span<TField> scratch) =>
        AffineBatch<TField>.AddInPlace(targets, targetIndex, addends, scratch);
}

using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A curve with an efficiently computable endomorphism phi that acts on the prime-order subgroup
/// as multiplication by a known eigenvalue: the GLV endomorphism (x, y) -> (beta x, y) of a j = 0
/// curve over F_q, or the untwist-Frobenius-twist map psi of a pairing-friendly twist (the GLS
/// case). <see cref="ScalarMultiplication.MultiplyGlv{TField, TCurve}"/> uses it to halve the
/// doublings of a scalar multiplication.
/// </summary>
public interface IEndomorphismCurve<TField, TSelf> : ICurve<TField, TSelf>
    where TField : struct, IField<TField>
    where TSelf : struct, IEndomorphismCurve<TField, TSelf>
{
    /// <summary>r = phi(p), for p in Jacobian coordinates (infinity maps to infinity).</summary>
    static abstract void Endomorphism(in JacobianPoint<TField, TSelf> p, out JacobianPoint<TField, TSelf> r);

    /// <summary>The subgroup order n, phi's eigenvalue lambda on it, and a short lattice basis for splitting scalars.</summary>
    static abstract GlvDecomposition Decomposition { get; }
}

using System.Numerics;

namespace CrossMargin.Curves.Bn254;

/// <summary>
/// k P on BN254's G1 and G2 by the GLV/GLS method of <see cref="ScalarMultiplication.MultiplyGlv{TField, TCurve}"/>
/// (about 2.2x fewer group operations than the plain double-and-add on G1). Not constant time.
/// </summary>
public static class Bn254ScalarMultiplication
{
    /// <summary>k P on G1 by GLV with phi(x, y) = (beta x, y).</summary>
    public static G1Jacobian Multiply(in G1Affine p, in Fr k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        k.ToCanonicalLimbs(limbs);
        return ScalarMultiplication.MultiplyGlv(p.ToJacobian(), limbs);
    }

    /// <summary>k P on G1 for any integer k (negative ones included); G1 has order r, so k counts modulo r.</summary>
    public static G1Jacobian Multiply(in G1Affine p, BigInteger k) => Multiply(p, Fr.FromBigInteger(k));

    /// <summary>
    /// k P on G2 by GLS with psi. <paramref name="p"/> must lie in G2, as every decoded point does;
    /// for other points of the twist (cofactor clearing) use <see cref="ScalarMultiplication.MultiplyWnaf{TField, TCurve}(in JacobianPoint{TField, TCurve}, BigInteger)"/>.
    /// </summary>
    public static G2Jacobian Multiply(in G2Affine p, in Fr k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        k.ToCanonicalLimbs(limbs);
        return ScalarMultiplication.MultiplyGlv(p.ToJacobian(), limbs);
    }

    /// <summary>k P on G2 (in G2) for any integer k, counted modulo r.</summary>
    public static G2Jacobian Multiply(in G2Affine p, BigInteger k) => Multiply(p, Fr.FromBigInteger(k));
}

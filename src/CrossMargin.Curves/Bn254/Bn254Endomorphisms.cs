using System.Numerics;
using CrossMargin.Field;

namespace CrossMargin.Curves.Bn254;

/// <summary>
/// BN254's endomorphisms and the constants derived from its seed x, computed with BigInteger
/// and checked when the type initialises: a wrong constant fails here, not as a wrong point later.
/// </summary>
/// <remarks>
/// <para>
/// BN curves (Barreto, Naehrig, SAC 2005) come from one integer x: q = 36x^4 + 36x^3 + 24x^2 + 6x + 1,
/// r = 36x^4 + 36x^3 + 18x^2 + 6x + 1, trace t = 6x^2 + 1. BN254 (alt_bn128) has x = 4965661367192848881.
/// </para>
/// <para>
/// G1 (GLV): y^2 = x^3 + 3 has j-invariant 0, so phi(x, y) = (beta x, y) with beta a primitive cube
/// root of unity in F_q is an endomorphism; it acts on the order-r group as a cube root of unity
/// lambda mod r. Which of the two roots matches which is fixed by checking phi(G) = lambda G. The
/// pair here is gnark-crypto's (ecc/bn254: thirdRootOneG1, lambdaGLV), lambda = 36x^3 + 18x^2 + 6x + 1.
/// </para>
/// <para>
/// G2 (GLS): psi = untwist o Frobenius o twist. The D-twist E': y^2 = x^3 + 3/xi (xi = 9 + u) maps
/// to E over F_q12 by (x, y) -> (x w^2, y w^3) with w^6 = xi; raising to the q-th power and mapping
/// back gives psi(x, y) = (conj(x) xi^((q-1)/3), conj(y) xi^((q-1)/2)). On G2, psi acts as q mod r =
/// t - 1 = 6x^2, which the fast subgroup test of <see cref="G2Curve.IsInSubgroup"/> builds on.
/// </para>
/// </remarks>
public static class Bn254Endomorphisms
{
    /// <summary>The BN seed x.</summary>
    public static readonly BigInteger X = 4965661367192848881;

    /// <summary>beta, a primitive cube root of unity in F_q, for phi(x, y) = (beta x, y).</summary>
    public static readonly Fq Beta = Fq.FromBigInteger(BigInteger.Parse("2203960485148121921418603742825762020974279258880205651966"));

    /// <summary>lambda = 36x^3 + 18x^2 + 6x + 1: phi(P) = lambda P on G1.</summary>
    public static readonly BigInteger G1Lambda = 36 * X * X * X + 18 * X * X + 6 * X + 1;

    /// <summary>xi = 9 + u, the sextic non-residue that defines the twist (b' = 3 / xi).</summary>
    public static readonly Fq2 Xi = new(Fq.FromUInt64(9), Fq.FromUInt64(1));

    /// <summary>xi^((q-1)/3), the x coefficient of psi.</summary>
    public static readonly Fq2 PsiCoefficientX;

    /// <summary>xi^((q-1)/2), the y coefficient of psi.</summary>
    public static readonly Fq2 PsiCoefficientY;

    /// <summary>6x^2 = q mod r = t - 1: psi(P) = 6x^2 P on G2.</summary>
    public static readonly BigInteger PsiEigenvalue = 6 * X * X;

    /// <summary>The scalar-splitting lattices for phi on G1 and psi on G2 (Guide, algorithm 3.74).</summary>
    public static readonly GlvDecomposition G1Decomposition;
    public static readonly GlvDecomposition G2Decomposition;

    /// <summary>The seed x as limbs (63 bits), for the subgroup test.</summary>
    internal static readonly ulong[] SeedLimbs = [(ulong)X];

    static Bn254Endomorphisms()
    {
        var x = X;
        var q = 36 * x * x * x * x + 36 * x * x * x + 24 * x * x + 6 * x + 1;
        var r = 36 * x * x * x * x + 36 * x * x * x + 18 * x * x + 6 * x + 1;
        Check(q == Fq.Modulus, "q = 36x^4 + 36x^3 + 24x^2 + 6x + 1");
        Check(r == Fr.Modulus, "r = 36x^4 + 36x^3 + 18x^2 + 6x + 1");

        // G1: beta^3 = 1, beta != 1; lambda^2 + lambda + 1 = 0 mod r; phi(G) = lambda G.
        Check(!Beta.IsOne && (Beta * Beta * Beta).IsOne, "beta is a primitive cube root of unity in F_q");
        Check(((G1Lambda * G1Lambda + G1Lambda + 1) % r).IsZero, "lambda is a primitive cube root of unity mod r");
        var g1 = G1Curve.Generator.ToJacobian();
        G1Curve.Endomorphism(g1, out var phiG1);
        Check(phiG1.Equals(G1Jacobian.MultiplyPlain(g1, G1Lambda)), "phi(G1) = lambda G1");
        G1Decomposition = GlvDecomposition.FromEigenvalue(r, G1Lambda);

        // G2: b' = 3 / xi; psi's coefficients; psi(G) = 6x^2 G with 6x^2 = q mod r.
        Check((G2Curve.B * Xi).Equals(new Fq2(Fq.FromUInt64(3), Fq.Zero)), "b' = 3 / xi");
        PsiCoefficientX = FieldAlgorithms.Pow(Xi, (q - 1) / 3);
        PsiCoefficientY = FieldAlgorithms.Pow(Xi, (q - 1) / 2);
        Check(PsiEigenvalue == q % r, "6x^2 = q mod r");
        var g2 = G2Curve.Generator.ToJacobian();
        G2Curve.Endomorphism(g2, out var psiG2);
        Check(psiG2.ToAffine().IsOnCurve, "psi maps the twist to itself");
        Check(psiG2.Equals(G2Jacobian.MultiplyPlain(g2, PsiEigenvalue)), "psi(G2) = 6x^2 G2");
        G2Decomposition = GlvDecomposition.FromEigenvalue(r, PsiEigenvalue);
        Check((x + 1 + PsiEigenvalue * x + PsiEigenvalue * PsiEigenvalue * x - 2 * BigInteger.Pow(PsiEigenvalue, 3) * x) % r == 0,
            "(x + 1) + q x + q^2 x - 2 q^3 x = 0 mod r, the G2 membership test's identity");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"BN254 constants: {what} does not hold");
    }
}

using System.Numerics;

namespace CrossMargin.Field;

/// <summary>
/// Square roots in F_p2 = F_p[u]/(u^2 + 1) for p = 3 mod 4 (BN254's and BLS12-381's F_q2), as
/// decoding points of a twist from x alone, hashing to G2 and tests that build random twist
/// points need.
/// </summary>
/// <remarks>
/// Algorithm 9 of Adj and Rodríguez-Henríquez, "Square root computation over even extension
/// fields" (IEEE TC 2014, eprint 2012/685). For a in F_p2, write a1 = a^((p-3)/4),
/// alpha = a1^2 a = a^((p-1)/2) and x0 = a1 a = a^((p+1)/4); then x0^2 = alpha a.
/// <list type="bullet">
/// <item>alpha^(p+1) = a^((p^2-1)/2) is the quadratic character of a: -1 means no root.</item>
/// <item>If alpha = -1, (u x0)^2 = -alpha a = a.</item>
/// <item>Otherwise b = (1 + alpha)^((p-1)/2) satisfies b^2 alpha = 1: for a square, alpha^(p+1) = 1,
///   so b^2 = (1 + alpha)^p / (1 + alpha) = (1 + 1/alpha) / (1 + alpha) = 1/alpha. Hence (b x0)^2 = a.</item>
/// </list>
/// Cost: two exponentiations in F_p2 by numbers of about log2(p) bits. Not constant time.
/// </remarks>
public static class QuadraticExtensionSqrt
{
    /// <summary>
    /// A square root of <paramref name="a"/> when it is a square (which of the two roots is
    /// unspecified); false otherwise. Zero is its own root.
    /// </summary>
    /// <exception cref="NotSupportedException">The extension is not F_p[u]/(u^2 + 1) with p = 3 mod 4.</exception>
    public static bool TrySqrt<TBase, TParams>(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> root)
        where TBase : struct, IPrimeField<TBase>
        where TParams : struct, IQuadraticExtensionParams<TBase>
    {
        var exponents = Exponents<TBase, TParams>.Value;
        if (a.IsZero)
        {
            root = default;
            return true;
        }
        var a1 = FieldAlgorithms.Pow(a, exponents.PMinus3Over4);
        QuadraticExtension<TBase, TParams>.Mul(a1, a, out var x0);      // a^((p+1)/4)
        QuadraticExtension<TBase, TParams>.Mul(a1, x0, out var alpha);  // a^((p-1)/2)

        // alpha^(p+1) = conj(alpha) * alpha: the Frobenius of F_p2 is conjugation.
        QuadraticExtension<TBase, TParams>.Conjugate(alpha, out var alphaP);
        QuadraticExtension<TBase, TParams>.Mul(alphaP, alpha, out var character);
        var minusOne = QuadraticExtension<TBase, TParams>.One;
        QuadraticExtension<TBase, TParams>.Neg(minusOne, out minusOne);
        if (character.Equals(minusOne))
        {
            root = default;
            return false;
        }

        if (alpha.Equals(minusOne))
        {
            // u * (c0 + c1 u) = -c1 + c0 u, as u^2 = -1.
            TBase.Neg(x0.C1, out var c0);
            root = new QuadraticExtension<TBase, TParams>(c0, x0.C0);
            return true;
        }
        QuadraticExtension<TBase, TParams>.Add(alpha, QuadraticExtension<TBase, TParams>.One, out var onePlusAlpha);
        var b = FieldAlgorithms.Pow(onePlusAlpha, exponents.PMinus1Over2);
        QuadraticExtension<TBase, TParams>.Mul(b, x0, out root);
        return true;
    }

    /// <summary>The exponents for one extension, with the preconditions checked once.</summary>
    private sealed class Exponents<TBase, TParams>
        where TBase : struct, IPrimeField<TBase>
        where TParams : struct, IQuadraticExtensionParams<TBase>
    {
        public static readonly Exponents<TBase, TParams> Value = new();

        public readonly BigInteger PMinus3Over4;
        public readonly BigInteger PMinus1Over2;

        private Exponents()
        {
            var p = TBase.Modulus;
            if (p % 4 != 3)
                throw new NotSupportedException($"{TParams.Name}: this square root needs p = 3 mod 4");
            TParams.MulByNonResidue(TBase.One, out var nonResidue);
            TBase.Neg(TBase.One, out var minusOne);
            if (!nonResidue.Equals(minusOne))
                throw new NotSupportedException($"{TParams.Name}: this square root needs u^2 = -1");
            PMinus3Over4 = (p - 3) / 4;
            PMinus1Over2 = (p - 1) / 2;
        }
    }
}

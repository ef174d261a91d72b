using System.Numerics;

namespace CrossMargin.Curves.Pairing;

/// <summary>
/// How G2 sits on its sextic twist E': y^2 = x^3 + b' over F_p2, for a tower with w^6 = xi.
/// D-type ("divide"): b' = b/xi, untwisted by (x, y) -&gt; (x w^2, y w^3); lines have
/// coefficients at 1, w, w^3. M-type ("multiply"): b' = b xi, untwisted by (x, y) -&gt;
/// (x w^-2, y w^-3); lines have coefficients at 1, w^2, w^3.
/// </summary>
public enum TwistType
{
    D,
    M,
}

/// <summary>
/// The parameters of a BN curve (Barreto and Naehrig, "Pairing-friendly elliptic curves of prime
/// order", SAC 2005) that the optimal ate pairing needs beyond its fields and curves: the seed x,
/// from which p = 36x^4 + 36x^3 + 24x^2 + 6x + 1 and r = 36x^4 + 36x^3 + 18x^2 + 6x + 1, and the
/// twist type. Everything else (the Miller loop's signed digits of 6x + 2, the twist's Frobenius
/// constants, the final exponentiation's chain) is derived from these, the tower's xi and the
/// curves' b, and checked against them when the pairing is first used.
/// </summary>
public interface IBnPairingParams
{
    /// <summary>The BN seed x (may be negative for other BN curves).</summary>
    static abstract BigInteger X { get; }

    static abstract TwistType Twist { get; }

    /// <summary>A name for messages ("BN254").</summary>
    static abstract string Name { get; }
}

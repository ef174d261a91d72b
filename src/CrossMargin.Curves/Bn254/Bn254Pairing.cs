using System.Numerics;
using CrossMargin.Curves.Pairing;
using CrossMargin.Field.Bn254;

namespace CrossMargin.Curves.Bn254;

/// <summary>
/// BN254 as a BN curve: seed x = 4965661367192848881 = 0x44e992b44a6909f1 (6x + 2 has 66 NAF
/// digits, 22 of them non-zero), G2 on the D-type twist y^2 = x^3 + 3/(9 + u).
/// </summary>
public readonly struct Bn254PairingParams : IBnPairingParams
{
    private static readonly BigInteger Seed = new(4965661367192848881UL);

    public static BigInteger X => Seed;
    public static TwistType Twist => TwistType.D;
    public static string Name => "BN254";
}

/// <summary>
/// The optimal ate pairing of BN254 (the alt_bn128 of EIP-197 and snarkjs), with values in
/// <see cref="Fq12"/>: <see cref="BnPairing{TFp, TFp2Params, TTower, TG1, TG2, TParams}"/> over
/// BN254's parameters. Inputs are assumed on their curves and in the order-r subgroups; callers
/// that decode untrusted points validate them first. Not constant time.
/// </summary>
public static class Bn254Pairing
{
    /// <summary>e(P, Q); 1 when either point is infinity.</summary>
    public static Fq12 Pair(in G1Affine p, in G2Affine q) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.Pair(p, q);

    /// <summary>The product of the Miller functions of the pairs (p[i], q[i]), pairs with a point at infinity skipped; lengths must match.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static Fq12 MillerLoop(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Affine> q) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.MillerLoop(p, q);

    /// <summary>
    /// The Miller loop of the pairs (p[i], q[i]) and (preparedP[j], preparedQ[j]) together, the
    /// second kind with G2 points whose lines were computed once by <see cref="Prepare"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A pair of spans differ in length.</exception>
    public static Fq12 MillerLoop(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Affine> q, ReadOnlySpan<G1Affine> preparedP, ReadOnlySpan<G2Prepared> preparedQ) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.MillerLoop(p, q, preparedP, preparedQ);

    /// <summary>The lines of <paramref name="q"/>'s Miller loop, for a G2 point paired again and again (a verification key's gamma and delta).</summary>
    public static G2Prepared Prepare(in G2Affine q) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.Prepare(q);

    /// <summary>f^((q^12 - 1)/r), for non-zero f.</summary>
    public static Fq12 FinalExponentiation(in Fq12 f) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.FinalExponentiation(f);

    /// <summary>Whether prod e(p[i], q[i]) = 1 (the EVM's 0x08 check); true for no pairs; lengths must match.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static bool PairingProductIsOne(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Affine> q) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.PairingProductIsOne(p, q);
}

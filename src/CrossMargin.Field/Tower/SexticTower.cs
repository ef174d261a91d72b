using System.Numerics;

namespace CrossMargin.Field;

/// <summary>
/// Parameters of the pairing tower over a quadratic extension F_p2 (<typeparamref name="TFp2"/>):
/// F_p6 = F_p2[v]/(v^3 - xi) (<see cref="Fp6{TFp2, TTower}"/>) and F_p12 = F_p6[w]/(w^2 - v)
/// (<see cref="Fp12{TFp2, TTower}"/>), so that w^6 = xi. xi must be neither a square nor a cube in
/// F_p2, and p = 1 mod 6. BN254 uses xi = 9 + u, BLS12-381 xi = 1 + u.
/// </summary>
/// <remarks>
/// A parameter set gives xi and how F_p2 relates to F_p; the Frobenius coefficients are derived
/// from these (see <see cref="SexticTowerConstants{TFp2, TTower}"/>) rather than pasted in.
/// </remarks>
public interface ISexticTowerParams<TFp2> where TFp2 : struct, IField<TFp2>
{
    /// <summary>xi, the cubic and quadratic non-residue of F_p2 that defines the tower.</summary>
    static abstract TFp2 NonResidue { get; }

    /// <summary>r = xi * a. A specialisation (xi = 9 + u costs a few additions) keeps Fp6/Fp12 multiplication cheap.</summary>
    static abstract void MulByNonResidue(in TFp2 a, out TFp2 r);

    /// <summary>The characteristic p of the prime field under F_p2.</summary>
    static abstract BigInteger Characteristic { get; }

    /// <summary>r = a^p in F_p2 (conjugation, for F_p2 = F_p[u]/(u^2 - beta)).</summary>
    static abstract void FrobeniusOfBase(in TFp2 a, out TFp2 r);

    /// <summary>A name for messages ("BN254 Fq12").</summary>
    static abstract string Name { get; }

    /// <summary>
    /// The native kernel's parameter block for this tower (<see cref="NativeModulus{TParams}.Tower"/>)
    /// where the kernel is loaded and takes it: F_p2 = F_p[u]/(u^2 + 1) over a field the kernel
    /// takes, and xi = c + u for a small integer c. 0 otherwise, and for a tower that does not say
    /// (the C# tower then runs). <see cref="Fp12{TFp2, TTower}"/> asks it before calling the kernel.
    /// </summary>
    internal static virtual nint NativeTowerParameters => 0;
}

/// <summary>
/// Constants of the tower derived from its parameter set with BigInteger exponents, once, at
/// type initialisation, and checked there: a wrong xi or a wrong specialised
/// <see cref="ISexticTowerParams{TFp2}.MulByNonResidue"/> fails here, not as a wrong pairing.
/// </summary>
/// <remarks>
/// The Frobenius map x -&gt; x^(p^k) fixes F_p and, on the tower's generators, gives
/// v^(p^k) = v * (v^3)^((p^k - 1)/3) = v * xi^((p^k - 1)/3), v^(2 p^k) = v^2 * xi^(2(p^k - 1)/3)
/// and w^(p^k) = w * (w^6)^((p^k - 1)/6) = w * xi^((p^k - 1)/6). The exponents are integers
/// because p = 1 mod 6. Index k runs over 0..<see cref="MaxFrobeniusPower"/>.
/// </remarks>
internal static class SexticTowerConstants<TFp2, TTower>
    where TFp2 : struct, IField<TFp2>
    where TTower : struct, ISexticTowerParams<TFp2>
{
    public const int MaxFrobeniusPower = 3;

    /// <summary>FrobeniusV[k] = xi^((p^k - 1)/3).</summary>
    public static readonly TFp2[] FrobeniusV;

    /// <summary>FrobeniusV2[k] = xi^(2(p^k - 1)/3).</summary>
    public static readonly TFp2[] FrobeniusV2;

    /// <summary>FrobeniusW[k] = xi^((p^k - 1)/6).</summary>
    public static readonly TFp2[] FrobeniusW;

    static SexticTowerConstants()
    {
        var p = TTower.Characteristic;
        var xi = TTower.NonResidue;
        if (p % 6 != 1)
            throw new InvalidOperationException($"{TTower.Name}: p = {p % 6} mod 6; the tower's Frobenius needs p = 1 mod 6");
        var groupOrder = p * p - 1;
        if (FieldAlgorithms.Pow(xi, groupOrder / 2).IsOne)
            throw new InvalidOperationException($"{TTower.Name}: xi is a square in F_p2, so w^2 - v is reducible");
        if (FieldAlgorithms.Pow(xi, groupOrder / 3).IsOne)
            throw new InvalidOperationException($"{TTower.Name}: xi is a cube in F_p2, so v^3 - xi is reducible");
        TTower.MulByNonResidue(xi, out var xiSquared);
        TFp2.Square(xi, out var expected);
        if (!xiSquared.Equals(expected))
            throw new InvalidOperationException($"{TTower.Name}: MulByNonResidue disagrees with multiplication by NonResidue");
        TTower.FrobeniusOfBase(xi, out var xiP);
        if (!xiP.Equals(FieldAlgorithms.Pow(xi, p)))
            throw new InvalidOperationException($"{TTower.Name}: FrobeniusOfBase is not x -> x^p");

        FrobeniusV = new TFp2[MaxFrobeniusPower + 1];
        FrobeniusV2 = new TFp2[MaxFrobeniusPower + 1];
        FrobeniusW = new TFp2[MaxFrobeniusPower + 1];
        var pk = BigInteger.One;
        for (var k = 0; k <= MaxFrobeniusPower; k++)
        {
            FrobeniusW[k] = FieldAlgorithms.Pow(xi, (pk - 1) / 6);
            FrobeniusV[k] = FieldAlgorithms.Pow(xi, (pk - 1) / 3);
            FrobeniusV2[k] = FieldAlgorithms.Pow(xi, 2 * (pk - 1) / 3);
            pk *= p;
        }
    }

    /// <summary>r = a^(p^k) in F_p2: conjugation for odd k, the identity for even k.</summary>
    public static void FrobeniusOfBase(in TFp2 a, int power, out TFp2 r)
    {
        if ((power & 1) != 0) TTower.FrobeniusOfBase(a, out r);
        else r = a;
    }

    public static void CheckFrobeniusPower(int power)
    {
        if ((uint)power > MaxFrobeniusPower)
            throw new ArgumentOutOfRangeException(nameof(power), power, $"{TTower.Name}: Frobenius powers 0..{MaxFrobeniusPower} are supported");
    }
}

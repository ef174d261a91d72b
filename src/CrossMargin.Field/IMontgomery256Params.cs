namespace CrossMargin.Field;

/// <summary>
/// A prime modulus p &lt; 2^255 for <see cref="Montgomery256{TParams}"/>: its four 64-bit limbs,
/// least significant first, and -p^-1 mod 2^64. Everything else (R, R^2, roots of unity, square
/// root constants) is derived from these at type initialisation and checked there.
/// </summary>
/// <remarks>
/// The multiplication uses the "no-carry" CIOS variant, valid when the top limb satisfies
/// P3 &lt; (2^64 - 1)/2 - 1; the type initialiser refuses a modulus that does not.
/// </remarks>
public interface IMontgomery256Params
{
    static abstract ulong P0 { get; }
    static abstract ulong P1 { get; }
    static abstract ulong P2 { get; }
    static abstract ulong P3 { get; }

    /// <summary>-p^-1 mod 2^64.</summary>
    static abstract ulong NegInvP0 { get; }

    /// <summary>A generator of F_p^*, used for roots of unity and as a coset shift.</summary>
    static abstract ulong MultiplicativeGenerator { get; }

    /// <summary>A name for messages ("BN254 Fq").</summary>
    static abstract string Name { get; }
}

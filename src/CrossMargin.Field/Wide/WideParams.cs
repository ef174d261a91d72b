using System.Numerics;

namespace CrossMargin.Field.Wide;

/// <summary>
/// The constants of the wide kernel for the field of <typeparamref name="TParams"/>, all derived
/// from the modulus at type initialisation (a second curve is a second parameter set, nothing
/// more): p and 2p in radix 2^29, -p^-1 mod 2^29, R mod p, and the biased constants of the
/// signed carry chains used by addition, subtraction and the canonical reduction.
/// </summary>
internal static class WideParams<TParams> where TParams : struct, IMontgomery256Params
{
    /// <summary>Bits per limb and limbs per element: 9 x 29 = 261 bits.</summary>
    public const int LimbBits = 29, LimbCount = 9;

    public const ulong Mask = (1UL << LimbBits) - 1;

    /// <summary>
    /// The Montgomery radix R = 2^256 is eight full rounds of 29 bits and a last one of 24.
    /// </summary>
    public const int FullRounds = 8, LastRoundBits = 256 - FullRounds * LimbBits;

    /// <summary>
    /// The bias that keeps a signed carry chain non-negative: a limb z in [-2^29 - 1, 2^30 + 1]
    /// is carried as y = z + 2^30, so y &gt;&gt;&gt; 29 = floor(z / 2^29) + 2.
    /// </summary>
    private const ulong Bias = 1UL << (LimbBits + 1);

    /// <summary>-p^-1 mod 2^29.</summary>
    public static readonly ulong Mu;

    /// <summary>p and 2p in radix 2^29.</summary>
    public static readonly ulong[] P, TwoP;

    /// <summary>R mod p = 2^256 mod p in radix 2^29: the Montgomery form of 1.</summary>
    public static readonly ulong[] One;

    /// <summary>Constants of the signed carry chains that add -2p, 0 and -p (see <see cref="ChainConstants"/>).</summary>
    public static readonly ulong[] MinusTwoP, Zero, MinusP;

    static WideParams()
    {
        var p = Montgomery256<TParams>.Modulus;
        // p < 2^254 keeps every bound in FieldBatch's remarks: 4p < 2^261, and (2p)^2 / 2^256 < p
        // so that products of lazily reduced operands stay below 2p.
        if (p.GetBitLength() > 254) throw new InvalidOperationException($"{TParams.Name}: the wide kernel needs p < 2^254");
        P = Split(p);
        TwoP = Split(2 * p);
        One = Split(BigInteger.ModPow(2, 256, p));

        // Newton's iteration for p^-1 mod 2^64 (each step doubles the correct low bits).
        var p0 = (ulong)(p & ulong.MaxValue);
        var inverse = p0;
        for (var i = 0; i < 6; i++) inverse *= 2 - p0 * inverse;
        Mu = (0 - inverse) & Mask;
        if (Mu != (TParams.NegInvP0 & Mask)) throw new InvalidOperationException($"{TParams.Name}: -p^-1 mod 2^29 disagrees with NegInvP0");

        MinusTwoP = ChainConstants(-2 * p);
        Zero = ChainConstants(0);
        MinusP = ChainConstants(-p);
    }

    /// <summary>x &lt; 2^261 as nine limbs of 29 bits, least significant first.</summary>
    public static ulong[] Split(BigInteger x)
    {
        var limbs = new ulong[LimbCount];
        for (var j = 0; j < LimbCount; j++) limbs[j] = (ulong)((x >> (LimbBits * j)) & Mask);
        return limbs;
    }

    /// <summary>
    /// The constants k_j that make the chain y_j = s_j + k_j + (y_{j-1} &gt;&gt;&gt; 29) compute s + c
    /// in signed radix 2^29 for |c| &lt; 2^261: limb j of c (its signed digit), plus the bias
    /// 2^30, less the 2 that the previous limb's biased carry brings in.
    /// </summary>
    private static ulong[] ChainConstants(BigInteger c)
    {
        var magnitude = Split(BigInteger.Abs(c));
        var k = new ulong[LimbCount];
        for (var j = 0; j < LimbCount; j++)
        {
            var digit = c.Sign < 0 ? 0 - magnitude[j] : magnitude[j];
            k[j] = digit + Bias - (j == 0 ? 0UL : 2UL);
        }
        return k;
    }
}

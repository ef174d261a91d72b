using CrossMargin.Field;
using System.Diagnostics;
using System.Numerics;

namespace CrossMargin.Curves;

/// <summary>
/// The halves of a scalar k = K1 + K2 * lambda (mod n) that <see cref="GlvDecomposition"/>
/// produces, each as a sign and a magnitude below 2^128.
/// </summary>
public readonly record struct GlvScalars(UInt128 K1, bool K1IsNegative, UInt128 K2, bool K2IsNegative)
{
    public BigInteger SignedK1 => K1IsNegative ? -(BigInteger)K1 : K1;
    public BigInteger SignedK2 => K2IsNegative ? -(BigInteger)K2 : K2;
}

/// <summary>
/// Splits scalars for an endomorphism that acts on a group of prime order n as multiplication by
/// lambda (Gallant, Lambert, Vanstone, "Faster point multiplication on elliptic curves with
/// efficient endomorphisms", CRYPTO 2001): k = k1 + k2 * lambda (mod n) with |k1|, |k2| about
/// sqrt(n), so that k P = k1 P + k2 phi(P) costs half the doublings.
/// </summary>
/// <remarks>
/// <para>
/// The pairs (a, b) with a + b lambda = 0 (mod n) form a lattice of determinant n. Given a short
/// basis v1 = (a1, b1), v2 = (a2, b2), write (k, 0) = beta1 v1 + beta2 v2 over the rationals
/// (beta1 = k b2 / det, beta2 = -k b1 / det), round each beta to an integer c, and take
/// (k1, k2) = (k, 0) - c1 v1 - c2 v2 (Babai rounding). Each |beta - c| is below one, so
/// |k1| &lt; |a1| + |a2| and |k2| &lt; |b1| + |b2|; the constructor checks both sums are at most
/// 2^128, which is what lets the halves be UInt128 magnitudes.
/// </para>
/// <para>
/// <see cref="Decompose"/> avoids BigInteger: it replaces b / det by g = round(2^S |b| / |det|)
/// with S as large as keeps g below 2^256, and computes c = round(k g / 2^S) with one 256x256-bit
/// product. The approximation is off by at most k 2^-(S+1) &lt; 2^-120 for the 254-bit orders in
/// use, so c is the exactly rounded value except for a k whose beta lies that close to a half,
/// and even then |beta - c| &lt; 1 still holds. The remaining products are taken modulo 2^256,
/// which is exact because the true k1, k2 are small. <see cref="DecomposePlain"/> is the BigInteger
/// twin it is tested against.
/// </para>
/// <para>Immutable and thread-safe once built. Not constant time.</para>
/// </remarks>
public sealed class GlvDecomposition
{
    private readonly Int256Limbs _a1, _b1, _a2, _b2;
    private readonly Int256Limbs _g1, _g2;
    private readonly int _shift1, _shift2;
    private readonly bool _c1IsNegative, _c2IsNegative;

    /// <summary>Builds the decomposition for a basis of the lattice, checking every property the fast path relies on.</summary>
    public GlvDecomposition(BigInteger order, BigInteger eigenvalue, (BigInteger A, BigInteger B) v1, (BigInteger A, BigInteger B) v2)
    {
        if (order < 3) throw new ArgumentOutOfRangeException(nameof(order), "the group order must be a prime above 2");
        if (order >= BigInteger.One << 256) throw new ArgumentOutOfRangeException(nameof(order), "orders up to 256 bits are supported");
        Order = order;
        Eigenvalue = BigInteger.Remainder(eigenvalue, order);
        if (Eigenvalue.Sign < 0) Eigenvalue += order;
        V1 = v1;
        V2 = v2;

        foreach (var (a, b) in new[] { v1, v2 })
        {
            if (!BigInteger.Remainder(a + b * Eigenvalue, order).IsZero)
                throw new ArgumentException($"({a}, {b}) is not in the lattice a + b*lambda = 0 mod n");
        }
        Determinant = v1.A * v2.B - v2.A * v1.B;
        if (BigInteger.Abs(Determinant) != order)
            throw new ArgumentException($"the basis has determinant {Determinant}, not +-n: it does not generate the lattice");
        var limit = BigInteger.One << 128;
        if (BigInteger.Abs(v1.A) + BigInteger.Abs(v2.A) > limit || BigInteger.Abs(v1.B) + BigInteger.Abs(v2.B) > limit)
            throw new ArgumentException("the basis is too long: the halves would not fit in 128 bits");

        _a1 = Int256Limbs.FromBigInteger(v1.A);
        _b1 = Int256Limbs.FromBigInteger(v1.B);
        _a2 = Int256Limbs.FromBigInteger(v2.A);
        _b2 = Int256Limbs.FromBigInteger(v2.B);
        // beta1 = k * b2 / det, beta2 = k * (-b1) / det.
        (_g1, _shift1, _c1IsNegative) = Reciprocal(v2.B, Determinant);
        (_g2, _shift2, _c2IsNegative) = Reciprocal(-v1.B, Determinant);
    }

    /// <summary>
    /// The decomposition for eigenvalue lambda with the short basis found by the extended Euclidean
    /// algorithm on (n, lambda): Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve
    /// Cryptography", algorithm 3.74. The remainders r_i = s_i n + t_i lambda shrink from n; each
    /// (r_i, -t_i) lies in the lattice, and the vectors around the index l where r_l last stays at
    /// or above sqrt(n) have both entries near sqrt(n).
    /// </summary>
    public static GlvDecomposition FromEigenvalue(BigInteger order, BigInteger eigenvalue)
    {
        var lambda = BigInteger.Remainder(eigenvalue, order);
        if (lambda.Sign < 0) lambda += order;
        var remainders = new List<(BigInteger R, BigInteger T)> { (order, 0), (lambda, 1) };
        while (!remainders[^1].R.IsZero)
        {
            var (r0, t0) = remainders[^2];
            var (r1, t1) = remainders[^1];
            var quotient = r0 / r1;
            remainders.Add((r0 - quotient * r1, t0 - quotient * t1));
        }
        var l = remainders.FindLastIndex(x => x.R * x.R >= order);
        if (l + 2 >= remainders.Count)
            throw new ArgumentException($"lambda = {lambda} gives no short basis for n = {order}");
        var v1 = (remainders[l + 1].R, -remainders[l + 1].T);
        var (rl, tl) = remainders[l];
        var (rl2, tl2) = remainders[l + 2];
        var v2 = rl * rl + tl * tl <= rl2 * rl2 + tl2 * tl2 ? (rl, -tl) : (rl2, -tl2);
        return new GlvDecomposition(order, lambda, v1, v2);
    }

    /// <summary>n, the order of the group the endomorphism acts on.</summary>
    public BigInteger Order { get; }

    /// <summary>lambda in [0, n): phi(P) = lambda P on the group.</summary>
    public BigInteger Eigenvalue { get; }

    public (BigInteger A, BigInteger B) V1 { get; }
    public (BigInteger A, BigInteger B) V2 { get; }

    /// <summary>a1 b2 - a2 b1 = +-n.</summary>
    public BigInteger Determinant { get; }

    /// <summary>
    /// k1 + k2 lambda = k (mod n), |k1|, |k2| &lt; 2^128, for any k &lt; 2^256 given as
    /// little-endian 64-bit limbs (at most four). No allocation.
    /// </summary>
    public GlvScalars Decompose(ReadOnlySpan<ulong> k)
    {
        if (k.Length > 4) throw new ArgumentException("scalars up to 256 bits are supported", nameof(k));
        var scalar = Int256Limbs.FromLimbs(k);
        var c1 = Int256Limbs.MulShiftRound(scalar, _g1, _shift1);
        if (_c1IsNegative) c1 = Int256Limbs.Negate(c1);
        var c2 = Int256Limbs.MulShiftRound(scalar, _g2, _shift2);
        if (_c2IsNegative) c2 = Int256Limbs.Negate(c2);

        // k1 = k - c1 a1 - c2 a2, k2 = -c1 b1 - c2 b2, exact modulo 2^256 as both are small.
        var k1 = Int256Limbs.Sub(Int256Limbs.Sub(scalar, Int256Limbs.MulLow(c1, _a1)), Int256Limbs.MulLow(c2, _a2));
        var k2 = Int256Limbs.Negate(Int256Limbs.Add(Int256Limbs.MulLow(c1, _b1), Int256Limbs.MulLow(c2, _b2)));
        var (m1, n1) = Magnitude(k1);
        var (m2, n2) = Magnitude(k2);
        return new GlvScalars(m1, n1, m2, n2);
    }

    /// <summary>
    /// The plain twin of <see cref="Decompose"/>: Babai rounding in exact BigInteger arithmetic
    /// (c = round(beta), halves rounding up).
    /// </summary>
    public (BigInteger K1, BigInteger K2) DecomposePlain(BigInteger k)
    {
        var c1 = RoundDivide(k * V2.B, Determinant);
        var c2 = RoundDivide(-k * V1.B, Determinant);
        return (k - c1 * V1.A - c2 * V2.A, -c1 * V1.B - c2 * V2.B);
    }

    /// <summary>(g, S, sign) with g = round(2^S |num| / |den|) &lt; 2^256 for the largest such S.</summary>
    private static (Int256Limbs G, int Shift, bool IsNegative) Reciprocal(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero) return (default, 256, false);
        var num = BigInteger.Abs(numerator);
        var den = BigInteger.Abs(denominator);
        var shift = 256 + (int)(den.GetBitLength() - num.GetBitLength());
        while (shift >= 256)
        {
            var g = RoundDivide(num << shift, den);
            if (g < BigInteger.One << 256 && shift < 512)
                return (Int256Limbs.FromBigInteger(g), shift, numerator.Sign != denominator.Sign);
            shift--;
        }
        throw new ArgumentException("the basis is not reduced: a coefficient exceeds the determinant");
    }

    /// <summary>round(num / den), halves up, for den != 0 of either sign.</summary>
    private static BigInteger RoundDivide(BigInteger num, BigInteger den)
    {
        if (den.Sign < 0)
        {
            num = -num;
            den = -den;
        }
        return IntegerMath.FloorDiv(2 * num + den, 2 * den);
    }

    private static (UInt128 Magnitude, bool IsNegative) Magnitude(Int256Limbs x)
    {
        var negative = x.IsNegative;
        if (negative) x = Int256Limbs.Negate(x);
        Debug.Assert(x.L2 == 0 && x.L3 == 0, "a GLV half exceeded 128 bits");
        return (new UInt128(x.L1, x.L0), negative);
    }
}

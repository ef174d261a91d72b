using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves.Pairing;

/// <summary>
/// The optimal ate pairing e: G1 x G2 -&gt; mu_r in F_p12 on a BN curve (Vercauteren, "Optimal
/// pairings", IEEE Trans. IT 2010): e(P, Q) = (f_{6x+2,Q}(P) * l_{[6x+2]Q, pi(Q)}(P) *
/// l_{[6x+2]Q + pi(Q), -pi^2(Q)}(P))^((p^12 - 1)/r), G2 given on its sextic twist over F_p2.
/// Written once over its parameters: the fields (<typeparamref name="TFp"/>, F_p2, the tower
/// <typeparamref name="TTower"/>), the curves <typeparamref name="TG1"/> and
/// <typeparamref name="TG2"/>, and the BN seed and twist type <typeparamref name="TParams"/>.
/// </summary>
/// <remarks>
/// The Miller loop runs over the signed binary (NAF) digits of 6x + 2 with G2 in homogeneous
/// projective coordinates (<see cref="MillerSteps{TFp, TFp2Params, TTower}"/>); a product of
/// pairings shares one accumulator, so each step squares once for all pairs, and takes one
/// final exponentiation (Aranha et al., eprint 2010/526; Beuchat et al., eprint 2010/354). The final exponentiation gives the exact pairing value (not a power of
/// it), as <see cref="FinalExponentiationPlain"/> does with one BigInteger exponent.
/// Inputs are assumed valid (on their curves and in the order-r subgroups): callers validate.
/// Not constant time.
/// </remarks>
public static class BnPairing<TFp, TFp2Params, TTower, TG1, TG2, TParams>
    where TFp : struct, IPrimeField<TFp>
    where TFp2Params : struct, IQuadraticExtensionParams<TFp>
    where TTower : struct, ISexticTowerParams<QuadraticExtension<TFp, TFp2Params>>
    where TG1 : struct, ICurve<TFp, TG1>
    where TG2 : struct, ICurve<QuadraticExtension<TFp, TFp2Params>, TG2>
    where TParams : struct, IBnPairingParams
{
    /// <summary>e(P, Q); 1 when either point is infinity.</summary>
    public static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> Pair(in AffinePoint<TFp, TG1> p, in AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2> q)
    {
        var f = MillerLoop(new ReadOnlySpan<AffinePoint<TFp, TG1>>(in p), new ReadOnlySpan<AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2>>(in q));
        return FinalExponentiation(f);
    }

    /// <summary>Whether e(p[0], q[0]) * ... * e(p[n-1], q[n-1]) = 1 (true for n = 0), with one final exponentiation.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static bool PairingProductIsOne(ReadOnlySpan<AffinePoint<TFp, TG1>> p, ReadOnlySpan<AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2>> q) =>
        FinalExponentiation(MillerLoop(p, q)).IsOne;

    // ---- Miller loop ----------------------------------------------------------------------------

    /// <summary>
    /// The product of the optimal ate Miller functions of the pairs (p[i], q[i]), before the final
    /// exponentiation; pairs with a point at infinity contribute 1 and are skipped.
    /// </summary>
    /// <remarks>
    /// With digits d_top..d_0 of 6x + 2 (d_top = +-1): T = d_top Q, f = 1; for each lower digit,
    /// f = f^2 * l_{T,T}(P), T = 2T, then if d != 0, f = f * l_{T,dQ}(P), T = T + dQ. Then the two
    /// additions with pi(Q) and -pi^2(Q), where pi is the p-power Frobenius carried to the twist.
    /// Left out, because the final exponentiation sends them to 1: the vertical lines of the
    /// Miller function's denominators (including f_{-1,Q} for a leading -1) and the F_p2 factors
    /// that scale the projective lines, all of which lie in proper subfields (F_p6, F_p2) of F_p12.
    /// The lines of one step, over all pairs, go into the accumulator two at a time
    /// (<see cref="MillerSteps{TFp, TFp2Params, TTower}.Accumulator"/>).
    /// </remarks>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> MillerLoop(
        ReadOnlySpan<AffinePoint<TFp, TG1>> p, ReadOnlySpan<AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2>> q) =>
        MillerLoop(p, q, [], []);

    /// <summary>
    /// <see cref="MillerLoop(ReadOnlySpan{AffinePoint{TFp, TG1}}, ReadOnlySpan{AffinePoint{QuadraticExtension{TFp, TFp2Params}, TG2}})"/>
    /// of the pairs (p[i], q[i]) and (preparedP[j], preparedQ[j]) together, the second kind with
    /// G2 points whose lines were computed once (<see cref="Prepare"/>): each of their lines costs
    /// two scalings here instead of a doubling or an addition step on the twist.
    /// </summary>
    /// <exception cref="ArgumentException">A pair of spans differ in length.</exception>
    public static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> MillerLoop(
        ReadOnlySpan<AffinePoint<TFp, TG1>> p, ReadOnlySpan<AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2>> q,
        ReadOnlySpan<AffinePoint<TFp, TG1>> preparedP, ReadOnlySpan<PreparedG2> preparedQ)
    {
        if (p.Length != q.Length)
            throw new ArgumentException($"{TParams.Name} pairing: {p.Length} G1 points but {q.Length} G2 points", nameof(q));
        if (preparedP.Length != preparedQ.Length)
            throw new ArgumentException($"{TParams.Name} pairing: {preparedP.Length} G1 points but {preparedQ.Length} prepared G2 points", nameof(preparedQ));

        var rented = ArrayPool<PairState>.Shared.Rent(p.Length);
        var rentedPrepared = ArrayPool<PreparedPair>.Shared.Rent(preparedP.Length);
        try
        {
            var count = 0;
            for (var i = 0; i < p.Length; i++)
            {
                if (p[i].IsInfinity || q[i].IsInfinity) continue;
                rented[count++] = new PairState(p[i], q[i]);
            }
            var pairs = rented.AsSpan(0, count);
            var preparedCount = 0;
            for (var i = 0; i < preparedP.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(preparedQ[i], nameof(preparedQ));
                if (preparedP[i].IsInfinity || preparedQ[i].IsInfinity) continue;
                rentedPrepared[preparedCount++] = new PreparedPair(preparedP[i], preparedQ[i].Lines);
            }
            var prepared = rentedPrepared.AsSpan(0, preparedCount);
            if (count == 0 && preparedCount == 0) return Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.One;

            var digits = Constants.LoopDigits;
            if (digits[0] < 0)
            {
                foreach (ref var pair in pairs) pair.T.Y = pair.QyNegated;
            }

            var f = new MillerSteps<TFp, TFp2Params, TTower>.Accumulator();
            // The prepared pairs' lines come in the loop's order: line is the next one's index.
            var line = 0;
            for (var i = 1; i < digits.Length; i++)
            {
                if (i > 1) f.Square();
                foreach (ref var pair in pairs)
                {
                    MillerSteps<TFp, TFp2Params, TTower>.Double(ref pair.T, Constants.ThreeB, pair.Px, pair.Py, out var tangent);
                    f.MultiplyBy(tangent);
                }
                foreach (ref readonly var pair in prepared) f.MultiplyBy(pair.Lines[line].At(pair.Px, pair.Py));
                line++;
                if (digits[i] == 0) continue;
                foreach (ref var pair in pairs)
                {
                    var qy = digits[i] > 0 ? pair.Qy : pair.QyNegated;
                    MillerSteps<TFp, TFp2Params, TTower>.Add(ref pair.T, pair.Qx, qy, pair.Px, pair.Py, out var chord);
                    f.MultiplyBy(chord);
                }
                foreach (ref readonly var pair in prepared) f.MultiplyBy(pair.Lines[line].At(pair.Px, pair.Py));
                line++;
            }

            foreach (ref var pair in pairs)
            {
                FrobeniusAdditions(ref pair.T, pair.Qx, pair.Qy, out var first, out var second);
                f.MultiplyBy(first.At(pair.Px, pair.Py));
                f.MultiplyBy(second.At(pair.Px, pair.Py));
            }
            foreach (ref readonly var pair in prepared)
            {
                f.MultiplyBy(pair.Lines[line].At(pair.Px, pair.Py));
                f.MultiplyBy(pair.Lines[line + 1].At(pair.Px, pair.Py));
            }
            return f.Result();
        }
        finally
        {
            ArrayPool<PairState>.Shared.Return(rented);
            ArrayPool<PreparedPair>.Shared.Return(rentedPrepared, clearArray: true);
        }
    }

    /// <summary>
    /// A G2 point with the lines of its Miller loop computed once, in the order the loop uses them
    /// (per digit of 6x + 2 below the top: the tangent, then the chord when the digit is non-zero;
    /// then the two Frobenius chords): for a point paired again and again, as a verification key's
    /// gamma and delta. Infinity has no lines, and its pairs contribute 1.
    /// </summary>
    public sealed class PreparedG2
    {
        internal PreparedG2(MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients[] lines) => Lines = lines;

        internal MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients[] Lines { get; }

        public bool IsInfinity => Lines.Length == 0;
    }

    /// <summary>The lines of <paramref name="q"/>'s Miller loop (<see cref="PreparedG2"/>); about 80 of them, 96 bytes each.</summary>
    public static PreparedG2 Prepare(in AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2> q)
    {
        if (q.IsInfinity) return new PreparedG2([]);
        var digits = Constants.LoopDigits;
        var lines = new List<MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients>(2 * digits.Length);
        var pair = new PairState(default, q);
        if (digits[0] < 0) pair.T.Y = pair.QyNegated;
        for (var i = 1; i < digits.Length; i++)
        {
            MillerSteps<TFp, TFp2Params, TTower>.Double(ref pair.T, Constants.ThreeB, out var tangent);
            lines.Add(tangent);
            if (digits[i] == 0) continue;
            MillerSteps<TFp, TFp2Params, TTower>.Add(ref pair.T, pair.Qx, digits[i] > 0 ? pair.Qy : pair.QyNegated, out var chord);
            lines.Add(chord);
        }
        FrobeniusAdditions(ref pair.T, pair.Qx, pair.Qy, out var first, out var second);
        lines.Add(first);
        lines.Add(second);
        return new PreparedG2([.. lines]);
    }

    /// <summary>The loop's last two steps: T + pi(Q), then + (-pi^2(Q)), with their lines.</summary>
    private static void FrobeniusAdditions(
        ref MillerSteps<TFp, TFp2Params, TTower>.HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> qx, in QuadraticExtension<TFp, TFp2Params> qy,
        out MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients first, out MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients second)
    {
        TwistFrobenius(qx, qy, 1, out var q1x, out var q1y);
        TwistFrobenius(qx, qy, 2, out var q2x, out var q2y);
        QuadraticExtension<TFp, TFp2Params>.Neg(q2y, out q2y);
        MillerSteps<TFp, TFp2Params, TTower>.Add(ref t, q1x, q1y, out first);
        MillerSteps<TFp, TFp2Params, TTower>.Add(ref t, q2x, q2y, out second);
    }

    /// <summary>A G1 point paired with a prepared G2 point.</summary>
    private readonly struct PreparedPair(in AffinePoint<TFp, TG1> p, MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients[] lines)
    {
        public readonly TFp Px = p.X;
        public readonly TFp Py = p.Y;
        public readonly MillerSteps<TFp, TFp2Params, TTower>.LineCoefficients[] Lines = lines;
    }

    /// <summary>One pair's share of the Miller loop: P's coordinates, Q and -Q, and the running T.</summary>
    private struct PairState
    {
        public readonly TFp Px;
        public readonly TFp Py;
        public readonly QuadraticExtension<TFp, TFp2Params> Qx;
        public readonly QuadraticExtension<TFp, TFp2Params> Qy;
        public readonly QuadraticExtension<TFp, TFp2Params> QyNegated;
        public MillerSteps<TFp, TFp2Params, TTower>.HomogeneousPoint T;

        public PairState(in AffinePoint<TFp, TG1> p, in AffinePoint<QuadraticExtension<TFp, TFp2Params>, TG2> q)
        {
            Px = p.X;
            Py = p.Y;
            Qx = q.X;
            Qy = q.Y;
            QuadraticExtension<TFp, TFp2Params>.Neg(q.Y, out QyNegated);
            T = new MillerSteps<TFp, TFp2Params, TTower>.HomogeneousPoint(q.X, q.Y);
        }
    }

    /// <summary>
    /// The p^k-power Frobenius endomorphism of the twist, psi^-1 o pi^k o psi for the untwisting
    /// psi(x, y) = (x w^2, y w^3): (x, y) -&gt; (x^(p^k) xi^((p^k - 1)/3), y^(p^k) xi^((p^k - 1)/2)),
    /// since w^(2(p^k - 1)) = xi^((p^k - 1)/3) and w^(3(p^k - 1)) = xi^((p^k - 1)/2). On G2 it is
    /// multiplication by p^k.
    /// </summary>
    internal static void TwistFrobenius(
        in QuadraticExtension<TFp, TFp2Params> x, in QuadraticExtension<TFp, TFp2Params> y, int power,
        out QuadraticExtension<TFp, TFp2Params> rx, out QuadraticExtension<TFp, TFp2Params> ry)
    {
        Debug.Assert(power is 1 or 2);
        if (power == 1)
        {
            TTower.FrobeniusOfBase(x, out rx);
            TTower.FrobeniusOfBase(y, out ry);
        }
        else
        {
            rx = x;
            ry = y;
        }
        QuadraticExtension<TFp, TFp2Params>.Mul(rx, Constants.TwistFrobeniusX[power], out rx);
        QuadraticExtension<TFp, TFp2Params>.Mul(ry, Constants.TwistFrobeniusY[power], out ry);
    }

    // ---- final exponentiation -----------------------------------------------------------------

    /// <summary>
    /// f^((p^12 - 1)/r), split as (p^6 - 1)(p^2 + 1) * (p^4 - p^2 + 1)/r. A Miller loop's value
    /// is never 0; 0 (which inverts to 0 by the field convention) maps to 0.
    /// </summary>
    /// <remarks>
    /// The easy part costs an inversion, a conjugation (the p^6 power) and a Frobenius; its value
    /// m lies in the cyclotomic subgroup, where inversion is conjugation and squaring is
    /// <see cref="Fp12{TFp2, TTower}.CyclotomicSquare"/>. The hard part is Scott, Benger,
    /// Charlemagne, Dominguez Perez and Kachisa, "On the final exponentiation for calculating
    /// pairings on ordinary elliptic curves" (eprint 2008/490, section 6): write
    /// (p^4 - p^2 + 1)/r = l0 + l1 p + l2 p^2 + l3 p^3 with l3 = 1, l2 = 6x^2 + 1,
    /// l1 = -36x^3 - 18x^2 - 12x + 1, l0 = -36x^3 - 30x^2 - 18x - 2; with m^x, m^(x^2), m^(x^3)
    /// (three exponentiations by x) and Frobenius maps, the result is
    /// y0 y1^2 y2^6 y3^12 y4^18 y5^30 y6^36 for
    /// y0 = m^p m^(p^2) m^(p^3), y1 = 1/m, y2 = (m^(x^2))^(p^2), y3 = 1/(m^x)^p,
    /// y4 = 1/(m^x (m^(x^2))^p), y5 = 1/m^(x^2), y6 = 1/(m^(x^3) (m^(x^3))^p),
    /// which a vector addition chain evaluates in 4 squarings and 9 multiplications.
    /// </remarks>
    public static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> FinalExponentiation(in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> f)
    {
        // Easy part: m = f^((p^6 - 1)(p^2 + 1)).
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Inverse(f, out var inverse);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(f, out var m);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(m, inverse, out m);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(m, 2, out var mp2);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(mp2, m, out m);

        // Hard part.
        CyclotomicExpByX(m, out var mx);
        CyclotomicExpByX(mx, out var mx2);
        CyclotomicExpByX(mx2, out var mx3);

        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(m, 1, out var y0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(m, 2, out var t);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(y0, t, out y0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(m, 3, out t);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(y0, t, out y0);

        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(m, out var y1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(mx2, 2, out var y2);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(mx, 1, out var y3);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(y3, out y3);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(mx2, 1, out var y4);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(y4, mx, out y4);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(y4, out y4);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(mx2, out var y5);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Frobenius(mx3, 1, out var y6);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(y6, mx3, out y6);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(y6, out y6);

        // t0 = y6^2 y4 y5; t1 = y3 y5 t0; t0 = t0 y2; t1 = (t1^2 t0)^2; result = (t1 y1)^2 (t1 y0).
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(y6, out var t0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t0, y4, out t0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t0, y5, out t0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(y3, y5, out var t1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t1, t0, out t1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t0, y2, out t0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(t1, out t1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t1, t0, out t1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(t1, out t1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t1, y1, out t0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t1, y0, out t1);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(t0, out t0);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(t0, t1, out t0);
        return t0;
    }

    /// <summary>
    /// r = a^x for a in the cyclotomic subgroup, left to right over the width-4 NAF digits of x
    /// (odd digits up to +-7, at least three zeros after each non-zero one): a table of a, a^3,
    /// a^5, a^7, cyclotomic squarings, and a^-d = conj(a^d) for the negative digits. For BN254's
    /// x that is 63 squarings and 16 multiplications, against 62 and 23 over the plain NAF.
    /// </summary>
    internal static void CyclotomicExpByX(in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> a, out Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> r)
    {
        var digits = Constants.SeedDigits;
        // odd[i] = a^(2i + 1).
        var odd = default(OddPowers);
        odd[0] = a;
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(a, out var a2);
        for (var i = 1; i < OddPowers.Length; i++) Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(odd[i - 1], a2, out odd[i]);

        var acc = Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.One;
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0) Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.CyclotomicSquare(acc, out acc);
            var digit = digits[i];
            if (digit == 0) continue;
            var power = odd[Math.Abs(digit) >> 1];
            if (digit < 0) Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Conjugate(power, out power);
            if (i == 0) acc = power;
            else Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul(acc, power, out acc);
        }
        r = acc;
    }

    /// <summary>a, a^3, a^5, a^7 for <see cref="CyclotomicExpByX"/>, on the stack.</summary>
    [InlineArray(Length)]
    private struct OddPowers
    {
        public const int Length = 4;
        private Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> _element;
    }

    /// <summary>
    /// The plain twin of <see cref="FinalExponentiation"/>: f^((p^12 - 1)/r) by square-and-multiply
    /// over one BigInteger exponent (about 2,800 bits; tens of milliseconds).
    /// </summary>
    internal static Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> FinalExponentiationPlain(in Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> f) =>
        FieldAlgorithms.Pow(f, (BigInteger.Pow(TFp.Modulus, 12) - 1) / Constants.GroupOrder);

    // ---- constants ----------------------------------------------------------------------------

    /// <summary>
    /// What the pairing derives from its parameters, computed when it is first used and checked
    /// against the fields and curves: a parameter set that does not describe a BN curve, or a
    /// twist type that does not match the curves' b, fails here.
    /// </summary>
    internal static class Constants
    {
        /// <summary>The NAF digits of 6x + 2, most significant first (LoopDigits[0] = +-1).</summary>
        public static readonly sbyte[] LoopDigits;

        /// <summary>The width-4 NAF digits of x (odd, |d| &lt;= 7), most significant first.</summary>
        public static readonly sbyte[] SeedDigits;

        /// <summary>r = 36x^4 + 36x^3 + 18x^2 + 6x + 1.</summary>
        public static readonly BigInteger GroupOrder;

        /// <summary>3b' for the twist's b'.</summary>
        public static readonly QuadraticExtension<TFp, TFp2Params> ThreeB;

        /// <summary>TwistFrobeniusX[k] = xi^((p^k - 1)/3), TwistFrobeniusY[k] = xi^((p^k - 1)/2), k = 0..2.</summary>
        public static readonly QuadraticExtension<TFp, TFp2Params>[] TwistFrobeniusX;
        public static readonly QuadraticExtension<TFp, TFp2Params>[] TwistFrobeniusY;

        static Constants()
        {
            var name = TParams.Name;
            if (TParams.Twist != TwistType.D)
                throw new NotSupportedException($"{name}: only D-type twists are implemented (an M-type twist, as BLS12-381's, needs lines at 1, w^2, w^3)");
            var x = TParams.X;
            var p = TFp.Modulus;
            if (p != BnPolynomial(x, 24))
                throw new InvalidOperationException($"{name}: p is not 36x^4 + 36x^3 + 24x^2 + 6x + 1 for x = {x}");
            if (TTower.Characteristic != p)
                throw new InvalidOperationException($"{name}: the tower {TTower.Name} is over another prime field");
            GroupOrder = BnPolynomial(x, 18);

            // A D-type twist has b' = b/xi.
            QuadraticExtension<TFp, TFp2Params>.Mul(TG2.B, TTower.NonResidue, out var bFromTwist);
            if (!bFromTwist.Equals(new QuadraticExtension<TFp, TFp2Params>(TG1.B, TFp.Zero)))
                throw new InvalidOperationException($"{name}: {TG2.Name} is not the D-type twist of {TG1.Name} (b' xi != b)");
            QuadraticExtension<TFp, TFp2Params>.Double(TG2.B, out ThreeB);
            QuadraticExtension<TFp, TFp2Params>.Add(ThreeB, TG2.B, out ThreeB);

            LoopDigits = NonAdjacentForm(6 * x + 2, 2);
            SeedDigits = NonAdjacentForm(x, 4);

            TwistFrobeniusX = new QuadraticExtension<TFp, TFp2Params>[3];
            TwistFrobeniusY = new QuadraticExtension<TFp, TFp2Params>[3];
            var pk = BigInteger.One;
            for (var k = 0; k < 3; k++)
            {
                TwistFrobeniusX[k] = FieldAlgorithms.Pow(TTower.NonResidue, (pk - 1) / 3);
                TwistFrobeniusY[k] = FieldAlgorithms.Pow(TTower.NonResidue, (pk - 1) / 2);
                pk *= p;
            }
        }

        /// <summary>36x^4 + 36x^3 + c x^2 + 6x + 1: p for c = 24, r for c = 18.</summary>
        private static BigInteger BnPolynomial(BigInteger x, int c) => (((36 * x + 36) * x + c) * x + 6) * x + 1;

        /// <summary>
        /// The width-w non-adjacent form of n != 0, most significant digit first: digits are 0 or
        /// odd with |d| &lt; 2^(w-1), any non-zero digit is followed by at least w - 1 zeros (towards
        /// the less significant end), and sum d_i 2^i = n. Width 2 is the NAF: digits -1, 0, 1 and
        /// the fewest non-zero ones of any signed binary form.
        /// </summary>
        internal static sbyte[] NonAdjacentForm(BigInteger n, int width)
        {
            if (n.IsZero) throw new ArgumentOutOfRangeException(nameof(n), "zero has no leading digit");
            if (width is < 2 or > 7) throw new ArgumentOutOfRangeException(nameof(width), width, "widths 2..7 fit a signed byte");
            var modulus = 1 << width;
            var digits = new List<sbyte>();
            while (!n.IsZero)
            {
                sbyte digit = 0;
                if (!n.IsEven)
                {
                    // The residue of n mod 2^w in (-2^(w-1), 2^(w-1)): n - digit is then divisible by 2^w.
                    var residue = (int)(((n % modulus) + modulus) % modulus);
                    digit = (sbyte)(residue >= modulus / 2 ? residue - modulus : residue);
                    n -= digit;
                }
                digits.Add(digit);
                n >>= 1;
            }
            digits.Reverse();
            return [.. digits];
        }
    }
}

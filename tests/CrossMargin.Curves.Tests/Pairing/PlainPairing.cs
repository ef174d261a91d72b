using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;

namespace CrossMargin.Curves.Tests.Pairing;

/// <summary>
/// The plain twin of BN254's Miller loop, sharing none of its shortcuts: Q is untwisted into
/// E(F_q12) by (x, y) -&gt; (x w^2, y w^3), P embedded, and Miller's algorithm runs on affine
/// points of E(F_q12) over the plain binary digits of 6x + 2, with full lines
/// (yP - yT) - lambda (xP - xT) multiplied in full, and pi(Q) taken as the q-power of the
/// untwisted coordinates by square-and-multiply. After the final exponentiation it must agree
/// with the fast loop exactly. Slow (an F_q12 inversion per step); for tests only.
/// </summary>
internal static class PlainPairing
{
    private readonly record struct Point(Fq12 X, Fq12 Y);

    public static Fq12 MillerLoop(in G1Affine p, in G2Affine q)
    {
        if (p.IsInfinity || q.IsInfinity) return Fq12.One;
        var xp = Embed(p.X);
        var yp = Embed(p.Y);
        var untwisted = new Point(new Fq12(new Fq6(Fq2.Zero, q.X, Fq2.Zero), Fq6.Zero), new Fq12(Fq6.Zero, new Fq6(Fq2.Zero, q.Y, Fq2.Zero)));

        var n = 6 * Bn254PairingParams.X + 2;
        var t = untwisted;
        var f = Fq12.One;
        for (var bit = (int)n.GetBitLength() - 2; bit >= 0; bit--)
        {
            f = f * f * Line(t, t, xp, yp);
            t = Add(t, t);
            if (!(n >> bit).IsEven)
            {
                f *= Line(t, untwisted, xp, yp);
                t = Add(t, untwisted);
            }
        }
        var modulus = Fq.Modulus;
        var q1 = new Point(FieldAlgorithms.Pow(untwisted.X, modulus), FieldAlgorithms.Pow(untwisted.Y, modulus));
        var q2 = new Point(FieldAlgorithms.Pow(untwisted.X, modulus * modulus), -FieldAlgorithms.Pow(untwisted.Y, modulus * modulus));
        f *= Line(t, q1, xp, yp);
        t = Add(t, q1);
        f *= Line(t, q2, xp, yp);
        return f;
    }

    private static Fq12 Embed(in Fq a) => new(new Fq6(new Fq2(a, Fq.Zero), Fq2.Zero, Fq2.Zero), Fq6.Zero);

    private static Fq12 Inverse(in Fq12 a)
    {
        Fq12.Inverse(a, out var r);
        return r;
    }

    /// <summary>The slope of the line through t and s (the tangent when they are equal; never vertical here).</summary>
    private static Fq12 Slope(in Point t, in Point s) =>
        t == s
            ? (t.X * t.X + t.X * t.X + t.X * t.X) * Inverse(t.Y + t.Y)
            : (s.Y - t.Y) * Inverse(s.X - t.X);

    private static Fq12 Line(in Point t, in Point s, in Fq12 xp, in Fq12 yp) => (yp - t.Y) - Slope(t, s) * (xp - t.X);

    private static Point Add(in Point t, in Point s)
    {
        var lambda = Slope(t, s);
        var x = lambda * lambda - t.X - s.X;
        return new Point(x, lambda * (t.X - x) - t.Y);
    }
}

using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves.Pairing;

/// <summary>
/// The steps of a Miller loop on a sextic D-type twist over F_p2 = F_p[u]/(u^2 - beta)
/// (shared by the BN and, later, BLS12 loops): doubling T or adding an affine point to it, with
/// T in homogeneous projective coordinates, each step also returning the line through the points
/// it combined, and the product of the accumulator by that line evaluated at a G1 point.
/// </summary>
/// <remarks>
/// Formulas of Costello, Lange and Naehrig, "Faster pairing computations on curves with
/// high-degree twists" (eprint 2009/615), in the form of Aranha, Karabina, Longa, Gebotys and
/// Lopez, "Faster explicit formulas for computing pairings over ordinary curves" (eprint
/// 2010/526, section 4), as arkworks and gnark write them. (X, Y, Z) stands for the affine
/// point (X/Z, Y/Z) of E': y^2 = x^3 + b'. Not constant time.
/// <para>
/// A line through points of the twist, untwisted by (x, y) -&gt; (x w^2, y w^3) and evaluated at
/// P = (xP, yP) of G1, is yP - lambda w xP + (lambda xT - yT) w^3 (lambda the slope on the
/// twist); scaled by an F_p2 factor that the final exponentiation removes, it is
/// <c>C0 yP + C3 xP w + C4 w^3</c>: the sparse shape <see cref="Fp12{TFp2, TTower}.MulBy034"/> multiplies by.
/// </para>
/// </remarks>
internal static class MillerSteps<TFp, TFp2Params, TTower>
    where TFp : struct, IPrimeField<TFp>
    where TFp2Params : struct, IQuadraticExtensionParams<TFp>
    where TTower : struct, ISexticTowerParams<QuadraticExtension<TFp, TFp2Params>>
{
    /// <summary>A point of the twist in homogeneous projective coordinates; never infinity in a Miller loop over a point of order r.</summary>
    public struct HomogeneousPoint
    {
        public QuadraticExtension<TFp, TFp2Params> X;
        public QuadraticExtension<TFp, TFp2Params> Y;
        public QuadraticExtension<TFp, TFp2Params> Z;

        public HomogeneousPoint(in QuadraticExtension<TFp, TFp2Params> x, in QuadraticExtension<TFp, TFp2Params> y)
        {
            X = x;
            Y = y;
            Z = QuadraticExtension<TFp, TFp2Params>.One;
        }
    }

    /// <summary>A line before evaluation: it is C0 yP + C3 xP w + C4 w^3 at P = (xP, yP).</summary>
    public readonly struct Line
    {
        public readonly QuadraticExtension<TFp, TFp2Params> C0;
        public readonly QuadraticExtension<TFp, TFp2Params> C3;
        public readonly QuadraticExtension<TFp, TFp2Params> C4;

        public Line(in QuadraticExtension<TFp, TFp2Params> c0, in QuadraticExtension<TFp, TFp2Params> c3, in QuadraticExtension<TFp, TFp2Params> c4)
        {
            C0 = c0;
            C3 = c3;
            C4 = c4;
        }
    }

    /// <summary>
    /// T = 2T, and the tangent at T. With b = Y^2, e = 3b'Z^2, f = 3e, h = 2YZ:
    /// X3 = 2XY(b - f), Y3 = (b + f)^2 - 12e^2, Z3 = 4bh (Aranha et al.'s formula scaled by 4,
    /// which saves the two halvings); tangent = -h yP + 3X^2 xP w + (e - b) w^3.
    /// 3 multiplications, 6 squarings and one product by the constant <paramref name="threeB"/> = 3b'.
    /// </summary>
    [SkipLocalsInit]
    public static void Double(ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> threeB, out Line line)
    {
        QuadraticExtension<TFp, TFp2Params>.Mul(t.X, t.Y, out var xy);
        QuadraticExtension<TFp, TFp2Params>.Square(t.Y, out var b);
        QuadraticExtension<TFp, TFp2Params>.Square(t.Z, out var c);
        QuadraticExtension<TFp, TFp2Params>.Mul(c, threeB, out var e);
        QuadraticExtension<TFp, TFp2Params>.Double(e, out var f);
        QuadraticExtension<TFp, TFp2Params>.Add(f, e, out f);
        QuadraticExtension<TFp, TFp2Params>.Add(t.Y, t.Z, out var h);
        QuadraticExtension<TFp, TFp2Params>.Square(h, out h);
        QuadraticExtension<TFp, TFp2Params>.Sub(h, b, out h);
        QuadraticExtension<TFp, TFp2Params>.Sub(h, c, out h);
        QuadraticExtension<TFp, TFp2Params>.Square(t.X, out var j);

        // Line first: it reads the old X.
        QuadraticExtension<TFp, TFp2Params>.Neg(h, out var l0);
        QuadraticExtension<TFp, TFp2Params>.Double(j, out var l3);
        QuadraticExtension<TFp, TFp2Params>.Add(l3, j, out l3);
        QuadraticExtension<TFp, TFp2Params>.Sub(e, b, out var l4);
        line = new Line(l0, l3, l4);

        QuadraticExtension<TFp, TFp2Params>.Sub(b, f, out var x3);
        QuadraticExtension<TFp, TFp2Params>.Mul(x3, xy, out x3);
        QuadraticExtension<TFp, TFp2Params>.Double(x3, out t.X);

        QuadraticExtension<TFp, TFp2Params>.Add(b, f, out var y3);
        QuadraticExtension<TFp, TFp2Params>.Square(y3, out y3);
        QuadraticExtension<TFp, TFp2Params>.Square(e, out var e2);
        QuadraticExtension<TFp, TFp2Params>.Double(e2, out e2);        // 2e^2
        QuadraticExtension<TFp, TFp2Params>.Add(e2, e2, out var e12);  // 4e^2
        QuadraticExtension<TFp, TFp2Params>.Add(e12, e2, out e12);     // 6e^2
        QuadraticExtension<TFp, TFp2Params>.Double(e12, out e12);      // 12e^2
        QuadraticExtension<TFp, TFp2Params>.Sub(y3, e12, out t.Y);

        QuadraticExtension<TFp, TFp2Params>.Mul(b, h, out var z3);
        QuadraticExtension<TFp, TFp2Params>.Double(z3, out z3);
        QuadraticExtension<TFp, TFp2Params>.Double(z3, out t.Z);
    }

    /// <summary>
    /// T = T + Q for affine Q (T != +-Q, which holds inside a Miller loop), and the line through
    /// them. With theta = Y - yQ Z, lambda = X - xQ Z (the slope is theta/lambda), c = theta^2,
    /// d = lambda^2, e = lambda d, f = Z c, g = X d, h = e + f - 2g: X3 = lambda h,
    /// Y3 = theta(g - h) - e Y, Z3 = Z e; line = lambda yP - theta xP w + (theta xQ - lambda yQ) w^3.
    /// 11 multiplications and 2 squarings.
    /// </summary>
    [SkipLocalsInit]
    public static void Add(ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> qx, in QuadraticExtension<TFp, TFp2Params> qy, out Line line)
    {
        QuadraticExtension<TFp, TFp2Params>.Mul(qy, t.Z, out var theta);
        QuadraticExtension<TFp, TFp2Params>.Sub(t.Y, theta, out theta);
        QuadraticExtension<TFp, TFp2Params>.Mul(qx, t.Z, out var lambda);
        QuadraticExtension<TFp, TFp2Params>.Sub(t.X, lambda, out lambda);
        QuadraticExtension<TFp, TFp2Params>.Square(theta, out var c);
        QuadraticExtension<TFp, TFp2Params>.Square(lambda, out var d);
        QuadraticExtension<TFp, TFp2Params>.Mul(lambda, d, out var e);
        QuadraticExtension<TFp, TFp2Params>.Mul(t.Z, c, out var f);
        QuadraticExtension<TFp, TFp2Params>.Mul(t.X, d, out var g);
        QuadraticExtension<TFp, TFp2Params>.Double(g, out var h);
        QuadraticExtension<TFp, TFp2Params>.Sub(f, h, out h);
        QuadraticExtension<TFp, TFp2Params>.Add(h, e, out h);

        QuadraticExtension<TFp, TFp2Params>.Mul(lambda, h, out var x3);
        QuadraticExtension<TFp, TFp2Params>.Sub(g, h, out var y3);
        QuadraticExtension<TFp, TFp2Params>.Mul(theta, y3, out y3);
        QuadraticExtension<TFp, TFp2Params>.Mul(e, t.Y, out var ey);
        QuadraticExtension<TFp, TFp2Params>.Sub(y3, ey, out y3);
        QuadraticExtension<TFp, TFp2Params>.Mul(t.Z, e, out var z3);
        t.X = x3;
        t.Y = y3;
        t.Z = z3;

        QuadraticExtension<TFp, TFp2Params>.Mul(theta, qx, out var l4);
        QuadraticExtension<TFp, TFp2Params>.Mul(lambda, qy, out var lambdaQy);
        QuadraticExtension<TFp, TFp2Params>.Sub(l4, lambdaQy, out l4);
        QuadraticExtension<TFp, TFp2Params>.Neg(theta, out var l3);
        line = new Line(lambda, l3, l4);
    }

    /// <summary>f = f * line(P), the line evaluated at P = (px, py) by two F_p2-by-F_p scalings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulByLine(ref Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> f, in Line line, in TFp px, in TFp py)
    {
        QuadraticExtension<TFp, TFp2Params>.MulByBase(line.C0, py, out var c0);
        QuadraticExtension<TFp, TFp2Params>.MulByBase(line.C3, px, out var c3);
        Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy034(f, c0, c3, line.C4, out f);
    }
}

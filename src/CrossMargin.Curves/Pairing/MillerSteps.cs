using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves.Pairing;

/// <summary>
/// The steps of a Miller loop on a sextic D-type twist over F_p2 = F_p[u]/(u^2 - beta)
/// (shared by the BN and, later, BLS12 loops): doubling T or adding an affine point to it, with
/// T in homogeneous projective coordinates, each step also returning the line through the points
/// it combined evaluated at a G1 point; and the accumulator that multiplies those lines in.
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
/// <c>c0 yP + c3 xP w + c4 w^3</c> for the coefficients c_i of the line c0 y + c3 x + c4 = 0 on
/// the twist: the sparse shape <see cref="Fp12{TFp2, TTower}.MulBy034"/> multiplies by.
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

    /// <summary>A line evaluated at P: the sparse element C0 + C3 w + C4 w^3 of F_p12.</summary>
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
    /// A line of the twist before it meets a G1 point: the line at P = (xP, yP) is
    /// <c>AtY yP + AtX xP w + Constant w^3</c>. What depends on Q alone, so that a fixed G2 point's
    /// lines can be computed once (<see cref="BnPairing{TFp, TFp2Params, TTower, TG1, TG2, TParams}.Prepare"/>)
    /// and each later pairing with it pays two scalings a line.
    /// </summary>
    public readonly struct LineCoefficients
    {
        public readonly QuadraticExtension<TFp, TFp2Params> AtY;
        public readonly QuadraticExtension<TFp, TFp2Params> AtX;
        public readonly QuadraticExtension<TFp, TFp2Params> Constant;

        public LineCoefficients(in QuadraticExtension<TFp, TFp2Params> atY, in QuadraticExtension<TFp, TFp2Params> atX, in QuadraticExtension<TFp, TFp2Params> constant)
        {
            AtY = atY;
            AtX = atX;
            Constant = constant;
        }

        /// <summary>The line evaluated at P = (<paramref name="px"/>, <paramref name="py"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Line At(in TFp px, in TFp py)
        {
            QuadraticExtension<TFp, TFp2Params>.MulByBase(AtY, py, out var c0);
            QuadraticExtension<TFp, TFp2Params>.MulByBase(AtX, px, out var c3);
            return new Line(c0, c3, Constant);
        }
    }

    /// <summary>
    /// <see cref="Double(ref HomogeneousPoint, in QuadraticExtension{TFp, TFp2Params}, out LineCoefficients)"/>
    /// with the tangent evaluated at P: in the native kernel where it takes the tower
    /// (<see cref="ISexticTowerParams{TFp2}.NativeTowerParameters"/>), else <see cref="DoubleManaged"/>.
    /// </summary>
    public static unsafe void Double(ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> threeB, in TFp px, in TFp py, out Line line)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out line);
            fixed (ulong* point = &NativeKernel.Limbs(in t), b = &NativeKernel.Limbs(in threeB), x = &NativeKernel.Limbs(in px), y = &NativeKernel.Limbs(in py),
                   l = &NativeKernel.Limbs(in line))
                NativeKernel.TwistDoubleStep(point, b, x, y, (ulong*)tower, l);
            return;
        }
        DoubleManaged(ref t, threeB, px, py, out line);
    }

    /// <summary>The C# step, the same as <see cref="Double(ref HomogeneousPoint, in QuadraticExtension{TFp, TFp2Params}, in TFp, in TFp, out Line)"/>'s: the native kernel's reference and fallback.</summary>
    internal static void DoubleManaged(ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> threeB, in TFp px, in TFp py, out Line line)
    {
        Double(ref t, threeB, out var tangent);
        line = tangent.At(px, py);
    }

    /// <summary>
    /// <see cref="Add(ref HomogeneousPoint, in QuadraticExtension{TFp, TFp2Params}, in QuadraticExtension{TFp, TFp2Params}, out LineCoefficients)"/>
    /// with the line evaluated at P: in the native kernel where it takes the tower, else <see cref="AddManaged"/>.
    /// </summary>
    public static unsafe void Add(
        ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> qx, in QuadraticExtension<TFp, TFp2Params> qy, in TFp px, in TFp py, out Line line)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out line);
            fixed (ulong* point = &NativeKernel.Limbs(in t), x2 = &NativeKernel.Limbs(in qx), y2 = &NativeKernel.Limbs(in qy), x = &NativeKernel.Limbs(in px),
                   y = &NativeKernel.Limbs(in py), l = &NativeKernel.Limbs(in line))
                NativeKernel.TwistAddStep(point, x2, y2, x, y, (ulong*)tower, l);
            return;
        }
        AddManaged(ref t, qx, qy, px, py, out line);
    }

    /// <summary>The C# step, the same as <see cref="Add(ref HomogeneousPoint, in QuadraticExtension{TFp, TFp2Params}, in QuadraticExtension{TFp, TFp2Params}, in TFp, in TFp, out Line)"/>'s: the native kernel's reference and fallback.</summary>
    internal static void AddManaged(
        ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> qx, in QuadraticExtension<TFp, TFp2Params> qy, in TFp px, in TFp py, out Line line)
    {
        Add(ref t, qx, qy, out var chord);
        line = chord.At(px, py);
    }

    /// <summary>
    /// T = 2T, and the tangent at T. With b = Y^2, e = 3b'Z^2, f = 3e, h = 2YZ:
    /// X3 = 2XY(b - f), Y3 = (b + f)^2 - 12e^2, Z3 = 4bh (Aranha et al.'s formula scaled by 4,
    /// which saves the two halvings); tangent = -h yP + 3X^2 xP w + (e - b) w^3.
    /// 3 multiplications, 6 squarings and one product by the constant <paramref name="threeB"/> = 3b'
    /// (evaluating the line at a G1 point then takes two F_p2-by-F_p scalings, <see cref="LineCoefficients.At"/>).
    /// </summary>
    [SkipLocalsInit]
    public static void Double(ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> threeB, out LineCoefficients tangent)
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
        tangent = new LineCoefficients(l0, l3, l4);

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
    /// 11 multiplications and 2 squarings (and two scalings to evaluate the line at P).
    /// </summary>
    [SkipLocalsInit]
    public static void Add(
        ref HomogeneousPoint t, in QuadraticExtension<TFp, TFp2Params> qx, in QuadraticExtension<TFp, TFp2Params> qy, out LineCoefficients chord)
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
        chord = new LineCoefficients(lambda, l3, l4);
    }

    /// <summary>
    /// The Miller accumulator f, multiplied by lines two at a time: a line waits until a second
    /// one comes, and the pair goes in as one product (<see cref="Fp12{TFp2, TTower}.Mul034By034"/>,
    /// then <see cref="Fp12{TFp2, TTower}.MulByLineProduct"/>: 23 F_p2 multiplications for two
    /// lines against 26 one by one). Squaring and reading the result first multiply in a waiting line.
    /// </summary>
    public struct Accumulator
    {
        private Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> _f;
        private Line _pending;
        private bool _hasPending;

        public Accumulator()
        {
            _f = Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.One;
        }

        public void MultiplyBy(in Line line)
        {
            if (!_hasPending)
            {
                _pending = line;
                _hasPending = true;
                return;
            }
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Mul034By034(_pending.C0, _pending.C3, _pending.C4, line.C0, line.C3, line.C4, out var product);
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulByLineProduct(_f, product, out _f);
            _hasPending = false;
        }

        public void Square()
        {
            Flush();
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.Square(_f, out _f);
        }

        public Fp12<QuadraticExtension<TFp, TFp2Params>, TTower> Result()
        {
            Flush();
            return _f;
        }

        private void Flush()
        {
            if (!_hasPending) return;
            Fp12<QuadraticExtension<TFp, TFp2Params>, TTower>.MulBy034(_f, _pending.C0, _pending.C3, _pending.C4, out _f);
            _hasPending = false;
        }
    }
}

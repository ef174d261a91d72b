using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A point of <typeparamref name="TCurve"/> in extended Jacobian ("XYZZ") coordinates:
/// (X, Y, ZZ, ZZZ) stands for the affine point (X/ZZ, Y/ZZZ), with the invariant ZZ^3 = ZZZ^2
/// (ZZ = Z^2 and ZZZ = Z^3 for some Z that is never stored). ZZ = 0 is the point at infinity.
/// </summary>
/// <remarks>
/// Formulas for a = 0 from the Explicit-Formulas Database,
/// hyperelliptic.org/EFD/g1p/auto-shortw-xyzz.html, each named where it is used. They are the
/// cheapest known for adding an affine point to an accumulator (madd-2008-s: 8M + 2S against
/// 7M + 4S for Jacobian madd-2007-bl, with fewer additions), which is what an MSM bucket does.
/// Not constant time. Output may alias input.
/// </remarks>
internal readonly struct XyzzPoint<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    public readonly TField X;
    public readonly TField Y;
    public readonly TField ZZ;
    public readonly TField ZZZ;

    public XyzzPoint(TField x, TField y, TField zz, TField zzz)
    {
        X = x;
        Y = y;
        ZZ = zz;
        ZZZ = zzz;
    }

    /// <summary>All coordinates zero (so <c>default</c> is the infinity too, for fields whose zero is <c>default</c>).</summary>
    public static XyzzPoint<TField, TCurve> Infinity => new(TField.Zero, TField.Zero, TField.Zero, TField.Zero);

    public bool IsInfinity => ZZ.IsZero;

    /// <summary>(x, y, 1, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XyzzPoint<TField, TCurve> FromAffine(in TField x, in TField y) => new(x, y, TField.One, TField.One);

    /// <summary>
    /// r = p + (x2, y2) for a finite affine point: madd-2008-s (8M + 2S); the doubling
    /// (mdbl-2008-s-1) and inverse cases are handled.
    /// </summary>
    public static void AddMixed(in XyzzPoint<TField, TCurve> p, in TField x2, in TField y2, out XyzzPoint<TField, TCurve> r)
    {
        if (p.ZZ.IsZero)
        {
            r = FromAffine(x2, y2);
            return;
        }
        TField.Mul(x2, p.ZZ, out var u2);       // U2 = X2 ZZ1
        TField.Mul(y2, p.ZZZ, out var s2);      // S2 = Y2 ZZZ1
        TField.Sub(u2, p.X, out var pp);        // P = U2 - X1
        TField.Sub(s2, p.Y, out var rr);        // R = S2 - Y1
        if (pp.IsZero)
        {
            if (rr.IsZero) DoubleAffine(x2, y2, out r);
            else r = Infinity;
            return;
        }
        TField.Square(pp, out var ppSq);        // PP = P^2
        TField.Mul(pp, ppSq, out var ppp);      // PPP = P PP
        TField.Mul(p.X, ppSq, out var q);       // Q = X1 PP
        TField.Square(rr, out var x3);          // X3 = R^2 - PPP - 2Q
        TField.Sub(x3, ppp, out x3);
        TField.Sub(x3, q, out x3);
        TField.Sub(x3, q, out x3);
        TField.Sub(q, x3, out var y3);          // Y3 = R (Q - X3) - Y1 PPP
        TField.Mul(rr, y3, out y3);
        TField.Mul(p.Y, ppp, out var y1ppp);
        TField.Sub(y3, y1ppp, out y3);
        TField.Mul(p.ZZ, ppSq, out var zz3);    // ZZ3 = ZZ1 PP
        TField.Mul(p.ZZZ, ppp, out var zzz3);   // ZZZ3 = ZZZ1 PPP
        r = new XyzzPoint<TField, TCurve>(x3, y3, zz3, zzz3);
    }

    /// <summary>
    /// r = p + q: add-2008-s (12M + 2S); the doubling (dbl-2008-s-1) and inverse cases are
    /// handled.
    /// </summary>
    public static void Add(in XyzzPoint<TField, TCurve> p, in XyzzPoint<TField, TCurve> q, out XyzzPoint<TField, TCurve> r)
    {
        if (q.ZZ.IsZero)
        {
            r = p;
            return;
        }
        if (p.ZZ.IsZero)
        {
            r = q;
            return;
        }
        TField.Mul(p.X, q.ZZ, out var u1);      // U1 = X1 ZZ2
        TField.Mul(q.X, p.ZZ, out var u2);      // U2 = X2 ZZ1
        TField.Mul(p.Y, q.ZZZ, out var s1);     // S1 = Y1 ZZZ2
        TField.Mul(q.Y, p.ZZZ, out var s2);     // S2 = Y2 ZZZ1
        TField.Sub(u2, u1, out var pp);         // P = U2 - U1
        TField.Sub(s2, s1, out var rr);         // R = S2 - S1
        if (pp.IsZero)
        {
            if (rr.IsZero) Double(p, out r);
            else r = Infinity;
            return;
        }
        TField.Square(pp, out var ppSq);        // PP = P^2
        TField.Mul(pp, ppSq, out var ppp);      // PPP = P PP
        TField.Mul(u1, ppSq, out var qq);       // Q = U1 PP
        TField.Square(rr, out var x3);          // X3 = R^2 - PPP - 2Q
        TField.Sub(x3, ppp, out x3);
        TField.Sub(x3, qq, out x3);
        TField.Sub(x3, qq, out x3);
        TField.Sub(qq, x3, out var y3);         // Y3 = R (Q - X3) - S1 PPP
        TField.Mul(rr, y3, out y3);
        TField.Mul(s1, ppp, out var s1ppp);
        TField.Sub(y3, s1ppp, out y3);
        TField.Mul(p.ZZ, q.ZZ, out var zz3);    // ZZ3 = ZZ1 ZZ2 PP
        TField.Mul(zz3, ppSq, out zz3);
        TField.Mul(p.ZZZ, q.ZZZ, out var zzz3); // ZZZ3 = ZZZ1 ZZZ2 PPP
        TField.Mul(zzz3, ppp, out zzz3);
        r = new XyzzPoint<TField, TCurve>(x3, y3, zz3, zzz3);
    }

    /// <summary>r = 2p: dbl-2008-s-1 with a = 0 (6M + 3S).</summary>
    public static void Double(in XyzzPoint<TField, TCurve> p, out XyzzPoint<TField, TCurve> r)
    {
        if (p.ZZ.IsZero || p.Y.IsZero)
        {
            // 2O = O, and a point with y = 0 has order two.
            r = Infinity;
            return;
        }
        TField.Double(p.Y, out var u);          // U = 2 Y1
        TField.Square(u, out var v);            // V = U^2
        TField.Mul(u, v, out var w);            // W = U V
        TField.Mul(p.X, v, out var s);          // S = X1 V
        TField.Square(p.X, out var m);          // M = 3 X1^2
        TField.Double(m, out var m2);
        TField.Add(m, m2, out m);
        TField.Square(m, out var x3);           // X3 = M^2 - 2S
        TField.Sub(x3, s, out x3);
        TField.Sub(x3, s, out x3);
        TField.Sub(s, x3, out var y3);          // Y3 = M (S - X3) - W Y1
        TField.Mul(m, y3, out y3);
        TField.Mul(w, p.Y, out var wy);
        TField.Sub(y3, wy, out y3);
        TField.Mul(v, p.ZZ, out var zz3);       // ZZ3 = V ZZ1
        TField.Mul(w, p.ZZZ, out var zzz3);     // ZZZ3 = W ZZZ1
        r = new XyzzPoint<TField, TCurve>(x3, y3, zz3, zzz3);
    }

    /// <summary>r = 2 (x, y) for a finite affine point: mdbl-2008-s-1 with a = 0 (4M + 3S).</summary>
    public static void DoubleAffine(in TField x, in TField y, out XyzzPoint<TField, TCurve> r)
    {
        if (y.IsZero)
        {
            r = Infinity;
            return;
        }
        TField.Double(y, out var u);            // U = 2 Y1
        TField.Square(u, out var v);            // V = U^2
        TField.Mul(u, v, out var w);            // W = U V
        TField.Mul(x, v, out var s);            // S = X1 V
        TField.Square(x, out var m);            // M = 3 X1^2
        TField.Double(m, out var m2);
        TField.Add(m, m2, out m);
        TField.Square(m, out var x3);           // X3 = M^2 - 2S
        TField.Sub(x3, s, out x3);
        TField.Sub(x3, s, out x3);
        TField.Sub(s, x3, out var y3);          // Y3 = M (S - X3) - W Y1
        TField.Mul(m, y3, out y3);
        TField.Mul(w, y, out var wy);
        TField.Sub(y3, wy, out y3);
        r = new XyzzPoint<TField, TCurve>(x3, y3, v, w);  // ZZ3 = V, ZZZ3 = W
    }

    /// <summary>(X, Y, Z^2, Z^3) for a Jacobian (X, Y, Z): the same point; Z = 0, the infinity, gives ZZ = 0.</summary>
    public static XyzzPoint<TField, TCurve> FromJacobian(in JacobianPoint<TField, TCurve> p)
    {
        TField.Square(p.Z, out var zz);
        TField.Mul(zz, p.Z, out var zzz);
        return new XyzzPoint<TField, TCurve>(p.X, p.Y, zz, zzz);
    }

    /// <summary>
    /// The same point in Jacobian coordinates without an inversion: Z = ZZZ, X = X ZZ^2,
    /// Y = Y ZZZ^2 (then X/Z^2 = X ZZ^2 / ZZ^3 = X/ZZ because ZZZ^2 = ZZ^3, and Y/Z^3 = Y/ZZZ).
    /// </summary>
    public JacobianPoint<TField, TCurve> ToJacobian()
    {
        if (ZZ.IsZero) return JacobianPoint<TField, TCurve>.Infinity;
        TField.Square(ZZ, out var zz2);
        TField.Mul(X, zz2, out var x);
        TField.Square(ZZZ, out var zzz2);
        TField.Mul(Y, zzz2, out var y);
        return new JacobianPoint<TField, TCurve>(x, y, ZZZ);
    }
}

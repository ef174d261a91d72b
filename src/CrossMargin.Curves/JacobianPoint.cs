using System.Numerics;
using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// A point of <typeparamref name="TCurve"/> in Jacobian coordinates: (X, Y, Z) stands for the
/// affine point (X/Z^2, Y/Z^3); Z = 0 is the point at infinity. Formulas for a = 0 from the
/// Explicit-Formulas Database (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html), each
/// named where it is used.
/// </summary>
/// <remarks>Not constant time. Output may alias input.</remarks>
public readonly struct JacobianPoint<TField, TCurve> : IEquatable<JacobianPoint<TField, TCurve>>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    public readonly TField X;
    public readonly TField Y;
    public readonly TField Z;

    public JacobianPoint(TField x, TField y, TField z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    /// <summary>(1, 1, 0).</summary>
    public static JacobianPoint<TField, TCurve> Infinity => new(TField.One, TField.One, TField.Zero);

    public bool IsInfinity => Z.IsZero;

    /// <summary>
    /// r = 2p: dbl-2009-l (2M + 5S). In the native kernel where it takes the field
    /// (<see cref="IField{T}.NativeKernelModulus"/>), else <see cref="DoubleManaged"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Double(in JacobianPoint<TField, TCurve> p, out JacobianPoint<TField, TCurve> r)
    {
        if (p.Z.IsZero)
        {
            r = p;
            return;
        }
        var modulus = TField.NativeKernelModulus;
        if (modulus != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x = &NativeKernel.Limbs(in p), z = &NativeKernel.Limbs(in r))
            {
                if (TField.NativeKernelDegree == 1) NativeKernel.FpJacobianDouble(x, (ulong*)modulus, z);
                else NativeKernel.Fp2JacobianDouble(x, (ulong*)modulus, z);
            }
            return;
        }
        DoubleManaged(p, out r);
    }

    /// <summary>The C# doubling of a finite point, the same as <see cref="Double"/>'s: the native kernel's reference and fallback.</summary>
    internal static void DoubleManaged(in JacobianPoint<TField, TCurve> p, out JacobianPoint<TField, TCurve> r)
    {
        TField.Square(p.X, out var a);          // A = X1^2
        TField.Square(p.Y, out var b);          // B = Y1^2
        TField.Square(b, out var c);            // C = B^2
        TField.Add(p.X, b, out var d);          // D = 2((X1 + B)^2 - A - C)
        TField.Square(d, out d);
        TField.Sub(d, a, out d);
        TField.Sub(d, c, out d);
        TField.Double(d, out d);
        TField.Double(a, out var e);            // E = 3A
        TField.Add(e, a, out e);
        TField.Square(e, out var f);            // F = E^2
        TField.Mul(p.Y, p.Z, out var z3);       // Z3 = 2 Y1 Z1
        TField.Double(z3, out z3);
        TField.Double(d, out var x3);           // X3 = F - 2D
        TField.Sub(f, x3, out x3);
        TField.Sub(d, x3, out var y3);          // Y3 = E (D - X3) - 8C
        TField.Mul(e, y3, out y3);
        TField.Double(c, out c);
        TField.Double(c, out c);
        TField.Double(c, out c);
        TField.Sub(y3, c, out y3);
        r = new JacobianPoint<TField, TCurve>(x3, y3, z3);
    }

    /// <summary>
    /// r = p + q: add-2007-bl (11M + 5S), with the doubling and inverse cases handled. In the
    /// native kernel where it takes the field, else <see cref="AddManaged"/>.
    /// </summary>
    public static unsafe void Add(in JacobianPoint<TField, TCurve> p, in JacobianPoint<TField, TCurve> q, out JacobianPoint<TField, TCurve> r)
    {
        if (p.Z.IsZero)
        {
            r = q;
            return;
        }
        if (q.Z.IsZero)
        {
            r = p;
            return;
        }
        if (TryAddNative(p, q, NativeKernel.FpJacobianAdd, NativeKernel.Fp2JacobianAdd, out r)) return;
        AddManaged(p, q, out r);
    }

    /// <summary>
    /// r = p + q for finite p and q (Jacobian or affine, as the entry points take it) in the native
    /// kernel, where it takes the field; false, and r unset, otherwise. The kernel reports an
    /// infinite sum rather than writing it: infinity is written here, in this type's form.
    /// </summary>
    private static unsafe bool TryAddNative<TPoint>(in JacobianPoint<TField, TCurve> p, in TPoint q,
        delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int> overFp,
        delegate* unmanaged[SuppressGCTransition]<ulong*, ulong*, ulong*, ulong*, int> overFp2,
        out JacobianPoint<TField, TCurve> r) where TPoint : struct
    {
        Unsafe.SkipInit(out r);
        var modulus = TField.NativeKernelModulus;
        if (modulus == 0) return false;
        int infinite;
        fixed (ulong* x = &NativeKernel.Limbs(in p), y = &NativeKernel.Limbs(in q), z = &NativeKernel.Limbs(in r))
        {
            infinite = TField.NativeKernelDegree == 1 ? overFp(x, y, (ulong*)modulus, z) : overFp2(x, y, (ulong*)modulus, z);
        }
        if (infinite != 0) r = Infinity;
        return true;
    }

    /// <summary>The C# sum of finite points, the same as <see cref="Add"/>'s: the native kernel's reference and fallback.</summary>
    internal static void AddManaged(in JacobianPoint<TField, TCurve> p, in JacobianPoint<TField, TCurve> q, out JacobianPoint<TField, TCurve> r)
    {
        TField.Square(p.Z, out var z1z1);       // Z1Z1 = Z1^2
        TField.Square(q.Z, out var z2z2);       // Z2Z2 = Z2^2
        TField.Mul(p.X, z2z2, out var u1);      // U1 = X1 Z2Z2
        TField.Mul(q.X, z1z1, out var u2);      // U2 = X2 Z1Z1
        TField.Mul(p.Y, q.Z, out var s1);       // S1 = Y1 Z2 Z2Z2
        TField.Mul(s1, z2z2, out s1);
        TField.Mul(q.Y, p.Z, out var s2);       // S2 = Y2 Z1 Z1Z1
        TField.Mul(s2, z1z1, out s2);
        TField.Sub(u2, u1, out var h);          // H = U2 - U1
        TField.Sub(s2, s1, out var rr);         // r = 2 (S2 - S1)
        if (h.IsZero)
        {
            if (rr.IsZero) DoubleManaged(p, out r); // p = q
            else r = Infinity;                      // p = -q
            return;
        }
        TField.Double(rr, out rr);
        TField.Double(h, out var i);            // I = (2H)^2
        TField.Square(i, out i);
        TField.Mul(h, i, out var j);            // J = H I
        TField.Mul(u1, i, out var v);           // V = U1 I
        TField.Square(rr, out var x3);          // X3 = r^2 - J - 2V
        TField.Sub(x3, j, out x3);
        TField.Sub(x3, v, out x3);
        TField.Sub(x3, v, out x3);
        TField.Sub(v, x3, out var y3);          // Y3 = r (V - X3) - 2 S1 J
        TField.Mul(rr, y3, out y3);
        TField.Mul(s1, j, out var s1j);
        TField.Double(s1j, out s1j);
        TField.Sub(y3, s1j, out y3);
        TField.Add(p.Z, q.Z, out var z3);       // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
        TField.Square(z3, out z3);
        TField.Sub(z3, z1z1, out z3);
        TField.Sub(z3, z2z2, out z3);
        TField.Mul(z3, h, out z3);
        r = new JacobianPoint<TField, TCurve>(x3, y3, z3);
    }

    /// <summary>
    /// r = p + q for affine q: madd-2007-bl (7M + 4S), with the special cases handled. In the
    /// native kernel where it takes the field, else <see cref="AddMixedManaged"/>.
    /// </summary>
    public static unsafe void AddMixed(in JacobianPoint<TField, TCurve> p, in AffinePoint<TField, TCurve> q, out JacobianPoint<TField, TCurve> r)
    {
        if (q.IsInfinity)
        {
            r = p;
            return;
        }
        if (p.Z.IsZero)
        {
            r = q.ToJacobian();
            return;
        }
        if (TryAddNative(p, q, NativeKernel.FpJacobianAddMixed, NativeKernel.Fp2JacobianAddMixed, out r)) return;
        AddMixedManaged(p, q, out r);
    }

    /// <summary>The C# sum of a finite point and a finite affine one, the same as <see cref="AddMixed"/>'s: the native kernel's reference and fallback.</summary>
    internal static void AddMixedManaged(in JacobianPoint<TField, TCurve> p, in AffinePoint<TField, TCurve> q, out JacobianPoint<TField, TCurve> r)
    {
        TField.Square(p.Z, out var z1z1);       // Z1Z1 = Z1^2
        TField.Mul(q.X, z1z1, out var u2);      // U2 = X2 Z1Z1
        TField.Mul(q.Y, p.Z, out var s2);       // S2 = Y2 Z1 Z1Z1
        TField.Mul(s2, z1z1, out s2);
        TField.Sub(u2, p.X, out var h);         // H = U2 - X1
        TField.Sub(s2, p.Y, out var rr);        // r = 2 (S2 - Y1)
        if (h.IsZero)
        {
            if (rr.IsZero) DoubleManaged(p, out r);
            else r = Infinity;
            return;
        }
        TField.Double(rr, out rr);
        TField.Square(h, out var hh);           // HH = H^2
        TField.Double(hh, out var i);           // I = 4 HH
        TField.Double(i, out i);
        TField.Mul(h, i, out var j);            // J = H I
        TField.Mul(p.X, i, out var v);          // V = X1 I
        TField.Square(rr, out var x3);          // X3 = r^2 - J - 2V
        TField.Sub(x3, j, out x3);
        TField.Sub(x3, v, out x3);
        TField.Sub(x3, v, out x3);
        TField.Sub(v, x3, out var y3);          // Y3 = r (V - X3) - 2 Y1 J
        TField.Mul(rr, y3, out y3);
        TField.Mul(p.Y, j, out var y1j);
        TField.Double(y1j, out y1j);
        TField.Sub(y3, y1j, out y3);
        TField.Add(p.Z, h, out var z3);         // Z3 = (Z1 + H)^2 - Z1Z1 - HH
        TField.Square(z3, out z3);
        TField.Sub(z3, z1z1, out z3);
        TField.Sub(z3, hh, out z3);
        r = new JacobianPoint<TField, TCurve>(x3, y3, z3);
    }

    public JacobianPoint<TField, TCurve> Negate()
    {
        TField.Neg(Y, out var y);
        return new JacobianPoint<TField, TCurve>(X, y, Z);
    }

    /// <summary>(X/Z^2, Y/Z^3), one inversion.</summary>
    public AffinePoint<TField, TCurve> ToAffine()
    {
        if (Z.IsZero) return AffinePoint<TField, TCurve>.Infinity;
        TField.Inverse(Z, out var zInv);
        return ToAffine(zInv);
    }

    /// <summary>(X/Z^2, Y/Z^3) given 1/Z, for callers that invert many Z together.</summary>
    internal AffinePoint<TField, TCurve> ToAffine(in TField zInv)
    {
        TField.Square(zInv, out var zInv2);
        TField.Mul(X, zInv2, out var x);
        TField.Mul(zInv2, zInv, out var zInv3);
        TField.Mul(Y, zInv3, out var y);
        return new AffinePoint<TField, TCurve>(x, y);
    }

    /// <summary>Converts many points with one field inversion (Montgomery's trick).</summary>
    public static void BatchToAffine(ReadOnlySpan<JacobianPoint<TField, TCurve>> points, Span<AffinePoint<TField, TCurve>> result)
    {
        if (result.Length < points.Length) throw new ArgumentException("result is shorter than points", nameof(result));
        var zs = new TField[points.Length];
        for (var i = 0; i < points.Length; i++) zs[i] = points[i].Z;
        FieldAlgorithms.BatchInverse<TField>(zs);
        for (var i = 0; i < points.Length; i++)
            result[i] = points[i].Z.IsZero ? AffinePoint<TField, TCurve>.Infinity : points[i].ToAffine(zs[i]);
    }

    /// <summary>
    /// k * p by plain left-to-right double-and-add over the bits of k (k &gt;= 0, any size). The
    /// reference the faster scalar multiplications are tested against.
    /// </summary>
    public static JacobianPoint<TField, TCurve> MultiplyPlain(in JacobianPoint<TField, TCurve> p, BigInteger k)
    {
        if (k.Sign < 0) return MultiplyPlain(p.Negate(), -k);
        var acc = Infinity;
        for (var bit = (int)k.GetBitLength() - 1; bit >= 0; bit--)
        {
            Double(acc, out acc);
            if (!(k >> bit).IsEven) Add(acc, p, out acc);
        }
        return acc;
    }

    /// <summary>Same point, compared without inversion: X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3.</summary>
    public bool Equals(JacobianPoint<TField, TCurve> other)
    {
        if (Z.IsZero || other.Z.IsZero) return Z.IsZero && other.Z.IsZero;
        TField.Square(Z, out var z1z1);
        TField.Square(other.Z, out var z2z2);
        TField.Mul(X, z2z2, out var u1);
        TField.Mul(other.X, z1z1, out var u2);
        if (!u1.Equals(u2)) return false;
        TField.Mul(z2z2, other.Z, out var z2c);
        TField.Mul(z1z1, Z, out var z1c);
        TField.Mul(Y, z2c, out var s1);
        TField.Mul(other.Y, z1c, out var s2);
        return s1.Equals(s2);
    }

    public override bool Equals(object? obj) => obj is JacobianPoint<TField, TCurve> other && Equals(other);
    public override int GetHashCode() => ToAffine().GetHashCode();
    public override string ToString() => ToAffine().ToString();
}

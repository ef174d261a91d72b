using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CrossMargin.Field;

/// <summary>
/// An element a = c0 + c1*w of F_p12 = F_p6[w]/(w^2 - v), with F_p6 =
/// <see cref="Fp6{TFp2, TTower}"/>: the top of the pairing tower, where pairings take their values.
/// </summary>
/// <remarks>
/// Over F_p2 the six coefficients stand for powers of w (w^6 = xi):
/// c0.C0 = 1, c1.C0 = w, c0.C1 = w^2 = v, c1.C1 = w^3, c0.C2 = w^4 = v^2, c1.C2 = w^5.
/// Besides the field operations, the pairing's kernels live here: the product by a sparse line
/// (<see cref="MulBy034"/>) and squaring in the cyclotomic subgroup (<see cref="CyclotomicSquare"/>).
/// Not constant time. Output may alias input.
/// </remarks>
public readonly struct Fp12<TFp2, TTower> : IField<Fp12<TFp2, TTower>>
    where TFp2 : struct, IField<TFp2>
    where TTower : struct, ISexticTowerParams<TFp2>
{
    public readonly Fp6<TFp2, TTower> C0;
    public readonly Fp6<TFp2, TTower> C1;

    public Fp12(Fp6<TFp2, TTower> c0, Fp6<TFp2, TTower> c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fp12<TFp2, TTower> Zero => default;
    public static Fp12<TFp2, TTower> One => new(Fp6<TFp2, TTower>.One, Fp6<TFp2, TTower>.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fp12<TFp2, TTower> a, in Fp12<TFp2, TTower> b, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Add(a.C0, b.C0, out var c0);
        Fp6<TFp2, TTower>.Add(a.C1, b.C1, out var c1);
        r = new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fp12<TFp2, TTower> a, in Fp12<TFp2, TTower> b, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Sub(a.C0, b.C0, out var c0);
        Fp6<TFp2, TTower>.Sub(a.C1, b.C1, out var c1);
        r = new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Neg(a.C0, out var c0);
        Fp6<TFp2, TTower>.Neg(a.C1, out var c1);
        r = new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Double(a.C0, out var c0);
        Fp6<TFp2, TTower>.Double(a.C1, out var c1);
        r = new(c0, c1);
    }

    /// <summary>
    /// Karatsuba: with v0 = a0 b0, v1 = a1 b1, r = (v0 + v v1) + ((a0 + a1)(b0 + b1) - v0 - v1) w.
    /// Three F_p6 multiplications (18 over F_p2). In the native kernel where it takes the tower
    /// (<see cref="ISexticTowerParams{TFp2}.NativeTowerParameters"/>), else <see cref="MulManaged"/>.
    /// </summary>
    public static unsafe void Mul(in Fp12<TFp2, TTower> a, in Fp12<TFp2, TTower> b, out Fp12<TFp2, TTower> r)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x = &NativeKernel.Limbs(in a), y = &NativeKernel.Limbs(in b), z = &NativeKernel.Limbs(in r))
                NativeKernel.Fp12Mul(x, y, (ulong*)tower, z);
            return;
        }
        MulManaged(a, b, out r);
    }

    /// <summary>The C# product, the same as <see cref="Mul"/>'s: the native kernel's reference and fallback.</summary>
    internal static void MulManaged(in Fp12<TFp2, TTower> a, in Fp12<TFp2, TTower> b, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Mul(a.C0, b.C0, out var v0);
        Fp6<TFp2, TTower>.Mul(a.C1, b.C1, out var v1);
        Fp6<TFp2, TTower>.Add(a.C0, a.C1, out var s);
        Fp6<TFp2, TTower>.Add(b.C0, b.C1, out var t);
        Fp6<TFp2, TTower>.Mul(s, t, out var c1);
        Fp6<TFp2, TTower>.Sub(c1, v0, out c1);
        Fp6<TFp2, TTower>.Sub(c1, v1, out c1);
        Fp6<TFp2, TTower>.MulByNonResidue(v1, out var c0);
        Fp6<TFp2, TTower>.Add(c0, v0, out c0);
        r = new(c0, c1);
    }

    /// <summary>
    /// Complex squaring: with m = a0 a1, r = ((a0 + a1)(a0 + v a1) - m - v m) + 2m w.
    /// Two F_p6 multiplications. In the native kernel where it takes the tower, else <see cref="SquareManaged"/>.
    /// </summary>
    public static unsafe void Square(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x = &NativeKernel.Limbs(in a), z = &NativeKernel.Limbs(in r))
                NativeKernel.Fp12Square(x, (ulong*)tower, z);
            return;
        }
        SquareManaged(a, out r);
    }

    /// <summary>The C# square, the same as <see cref="Square"/>'s: the native kernel's reference and fallback.</summary>
    internal static void SquareManaged(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Mul(a.C0, a.C1, out var m);
        Fp6<TFp2, TTower>.Add(a.C0, a.C1, out var s);
        Fp6<TFp2, TTower>.MulByNonResidue(a.C1, out var t);
        Fp6<TFp2, TTower>.Add(t, a.C0, out t);
        Fp6<TFp2, TTower>.Mul(s, t, out var c0);
        Fp6<TFp2, TTower>.Sub(c0, m, out c0);
        Fp6<TFp2, TTower>.MulByNonResidue(m, out var vm);
        Fp6<TFp2, TTower>.Sub(c0, vm, out c0);
        Fp6<TFp2, TTower>.Double(m, out var c1);
        r = new(c0, c1);
    }

    /// <summary>r = conj(a) / (a0^2 - v a1^2), where conj(a) = a0 - a1 w; one F_p6 inversion. 0^-1 = 0.</summary>
    public static void Inverse(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Square(a.C0, out var t0);
        Fp6<TFp2, TTower>.Square(a.C1, out var t1);
        Fp6<TFp2, TTower>.MulByNonResidue(t1, out t1);
        Fp6<TFp2, TTower>.Sub(t0, t1, out t0);
        Fp6<TFp2, TTower>.Inverse(t0, out t0);
        Fp6<TFp2, TTower>.Mul(a.C0, t0, out var c0);
        Fp6<TFp2, TTower>.Mul(a.C1, t0, out var c1);
        Fp6<TFp2, TTower>.Neg(c1, out c1);
        r = new(c0, c1);
    }

    /// <summary>
    /// The conjugate a0 - a1 w, which is a^(p^6). On the cyclotomic subgroup (where the final
    /// exponentiation's easy part lands) it is the inverse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Conjugate(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Neg(a.C1, out var c1);
        r = new(a.C0, c1);
    }

    /// <summary>
    /// r = a^(p^k) for 0 &lt;= k &lt;= 3: both halves through F_p6's Frobenius, the w half scaled
    /// by w^(p^k)/w = xi^((p^k - 1)/6).
    /// </summary>
    public static void Frobenius(in Fp12<TFp2, TTower> a, int power, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Frobenius(a.C0, power, out var c0);
        Fp6<TFp2, TTower>.Frobenius(a.C1, power, out var c1);
        Fp6<TFp2, TTower>.MulByBase(c1, SexticTowerConstants<TFp2, TTower>.FrobeniusW[power], out c1);
        r = new(c0, c1);
    }

    /// <summary>
    /// r = a * l for the sparse l = b0 + b3 w + b4 w^3 (coefficients 0, 3 and 4 of the F_p2
    /// basis), the shape of a line function on a D-type sextic twist. With l = l0 + l1 w,
    /// l0 = b0 and l1 = b3 + b4 v: r = (a0 l0 + v a1 l1) + ((a0 + a1)(l0 + l1) - a0 l0 - a1 l1) w,
    /// where a0 l0 is a scaling and the other two products are <see cref="Fp6{TFp2, TTower}.MulBy01"/>:
    /// 13 F_p2 multiplications instead of 18. In the native kernel where it takes the tower, else
    /// <see cref="MulBy034Managed"/>.
    /// </summary>
    public static unsafe void MulBy034(in Fp12<TFp2, TTower> a, in TFp2 b0, in TFp2 b3, in TFp2 b4, out Fp12<TFp2, TTower> r)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x = &NativeKernel.Limbs(in a), l0 = &NativeKernel.Limbs(in b0), l3 = &NativeKernel.Limbs(in b3), l4 = &NativeKernel.Limbs(in b4), z = &NativeKernel.Limbs(in r))
                NativeKernel.Fp12MulBy034(x, l0, l3, l4, (ulong*)tower, z);
            return;
        }
        MulBy034Managed(a, b0, b3, b4, out r);
    }

    /// <summary>The C# product, the same as <see cref="MulBy034"/>'s: the native kernel's reference and fallback.</summary>
    internal static void MulBy034Managed(in Fp12<TFp2, TTower> a, in TFp2 b0, in TFp2 b3, in TFp2 b4, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.MulByBase(a.C0, b0, out var a0l0);
        Fp6<TFp2, TTower>.MulBy01(a.C1, b3, b4, out var a1l1);
        Fp6<TFp2, TTower>.Add(a.C0, a.C1, out var s);
        TFp2.Add(b0, b3, out var t0);
        Fp6<TFp2, TTower>.MulBy01(s, t0, b4, out var c1);
        Fp6<TFp2, TTower>.Sub(c1, a0l0, out c1);
        Fp6<TFp2, TTower>.Sub(c1, a1l1, out c1);
        Fp6<TFp2, TTower>.MulByNonResidue(a1l1, out var c0);
        Fp6<TFp2, TTower>.Add(c0, a0l0, out c0);
        r = new(c0, c1);
    }

    /// <summary>
    /// r = (a0 + a3 w + a4 w^3)(b0 + b3 w + b4 w^3), the product of two lines of
    /// <see cref="MulBy034"/>'s shape: 1 (a0 b0 + xi a4 b4) + w (a0 b3 + a3 b0) + w^2 a3 b3
    /// + w^3 (a0 b4 + a4 b0) + w^4 (a3 b4 + a4 b3), and no w^5 term (C1.C2 = 0). Six F_p2
    /// multiplications (Karatsuba on each cross term); multiplying an accumulator by this with
    /// <see cref="MulByLineProduct"/> then costs 17, against 26 for two <see cref="MulBy034"/>.
    /// In the native kernel where it takes the tower, else <see cref="Mul034By034Managed"/>.
    /// </summary>
    public static unsafe void Mul034By034(
        in TFp2 a0, in TFp2 a3, in TFp2 a4, in TFp2 b0, in TFp2 b3, in TFp2 b4, out Fp12<TFp2, TTower> r)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x0 = &NativeKernel.Limbs(in a0), x3 = &NativeKernel.Limbs(in a3), x4 = &NativeKernel.Limbs(in a4),
                   y0 = &NativeKernel.Limbs(in b0), y3 = &NativeKernel.Limbs(in b3), y4 = &NativeKernel.Limbs(in b4), z = &NativeKernel.Limbs(in r))
                NativeKernel.Fp12Mul034By034(x0, x3, x4, y0, y3, y4, (ulong*)tower, z);
            return;
        }
        Mul034By034Managed(a0, a3, a4, b0, b3, b4, out r);
    }

    /// <summary>The C# product, the same as <see cref="Mul034By034"/>'s: the native kernel's reference and fallback.</summary>
    internal static void Mul034By034Managed(
        in TFp2 a0, in TFp2 a3, in TFp2 a4, in TFp2 b0, in TFp2 b3, in TFp2 b4, out Fp12<TFp2, TTower> r)
    {
        TFp2.Mul(a0, b0, out var x00);
        TFp2.Mul(a3, b3, out var x33);
        TFp2.Mul(a4, b4, out var x44);

        TFp2.Add(a0, a3, out var s);
        TFp2.Add(b0, b3, out var t);
        TFp2.Mul(s, t, out var w1);
        TFp2.Sub(w1, x00, out w1);
        TFp2.Sub(w1, x33, out w1);

        TFp2.Add(a0, a4, out s);
        TFp2.Add(b0, b4, out t);
        TFp2.Mul(s, t, out var w3);
        TFp2.Sub(w3, x00, out w3);
        TFp2.Sub(w3, x44, out w3);

        TFp2.Add(a3, a4, out s);
        TFp2.Add(b3, b4, out t);
        TFp2.Mul(s, t, out var w4);
        TFp2.Sub(w4, x33, out w4);
        TFp2.Sub(w4, x44, out w4);

        TTower.MulByNonResidue(x44, out var w0);
        TFp2.Add(w0, x00, out w0);
        r = new(new Fp6<TFp2, TTower>(w0, x33, w4), new Fp6<TFp2, TTower>(w1, w3, TFp2.Zero));
    }

    /// <summary>
    /// r = a * l for l with l.C1.C2 = 0, a product of two lines from <see cref="Mul034By034"/>:
    /// Karatsuba over F_p6 as in <see cref="Mul"/>, with a1 l1 by <see cref="Fp6{TFp2, TTower}.MulBy01"/>
    /// (17 F_p2 multiplications). In the native kernel where it takes the tower, else
    /// <see cref="MulByLineProductManaged"/>.
    /// </summary>
    public static unsafe void MulByLineProduct(in Fp12<TFp2, TTower> a, in Fp12<TFp2, TTower> l, out Fp12<TFp2, TTower> r)
    {
        Debug.Assert(l.C1.C2.IsZero, "not a product of two lines");
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x = &NativeKernel.Limbs(in a), y = &NativeKernel.Limbs(in l), z = &NativeKernel.Limbs(in r))
                NativeKernel.Fp12MulByLineProduct(x, y, (ulong*)tower, z);
            return;
        }
        MulByLineProductManaged(a, l, out r);
    }

    /// <summary>The C# product, the same as <see cref="MulByLineProduct"/>'s: the native kernel's reference and fallback.</summary>
    internal static void MulByLineProductManaged(in Fp12<TFp2, TTower> a, in Fp12<TFp2, TTower> l, out Fp12<TFp2, TTower> r)
    {
        Fp6<TFp2, TTower>.Mul(a.C0, l.C0, out var v0);
        Fp6<TFp2, TTower>.MulBy01(a.C1, l.C1.C0, l.C1.C1, out var v1);
        Fp6<TFp2, TTower>.Add(a.C0, a.C1, out var s);
        Fp6<TFp2, TTower>.Add(l.C0, l.C1, out var t);
        Fp6<TFp2, TTower>.Mul(s, t, out var c1);
        Fp6<TFp2, TTower>.Sub(c1, v0, out c1);
        Fp6<TFp2, TTower>.Sub(c1, v1, out c1);
        Fp6<TFp2, TTower>.MulByNonResidue(v1, out var c0);
        Fp6<TFp2, TTower>.Add(c0, v0, out c0);
        r = new(c0, c1);
    }

    /// <summary>
    /// r = a^2 for a in the cyclotomic subgroup (a^(p^4 - p^2 + 1) = 1, e.g. after the final
    /// exponentiation's easy part); for other a the result is wrong. Granger and Scott, "Faster
    /// squaring in the cyclotomic subgroup of sixth degree extensions" (eprint 2009/565), section 3.2.
    /// </summary>
    /// <remarks>
    /// View F_p12 as F_p4[w]/(w^3 - y) with F_p4 = F_p2[y]/(y^2 - xi), y = w^3, so that
    /// a = A + B w + C w^2 with A = c0.C0 + c1.C1 y, B = c1.C0 + c0.C2 y, C = c0.C1 + c1.C2 y.
    /// On the cyclotomic subgroup, a^2 = (3A^2 - 2 conj(A)) + (3 y C^2 + 2 conj(B)) w
    /// + (3B^2 - 2 conj(C)) w^2, where conj(x0 + x1 y) = x0 - x1 y: three F_p4 squarings of
    /// three F_p2 squarings each (18 F_p multiplications against 36 for <see cref="Square"/>).
    /// In the native kernel where it takes the tower, else <see cref="CyclotomicSquareManaged"/>.
    /// </remarks>
    public static unsafe void CyclotomicSquare(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        var tower = TTower.NativeTowerParameters;
        if (tower != 0)
        {
            Unsafe.SkipInit(out r);
            fixed (ulong* x = &NativeKernel.Limbs(in a), z = &NativeKernel.Limbs(in r))
                NativeKernel.Fp12CyclotomicSquare(x, (ulong*)tower, z);
            return;
        }
        CyclotomicSquareManaged(a, out r);
    }

    /// <summary>The C# squaring, the same as <see cref="CyclotomicSquare"/>'s: the native kernel's reference and fallback.</summary>
    internal static void CyclotomicSquareManaged(in Fp12<TFp2, TTower> a, out Fp12<TFp2, TTower> r)
    {
        SquareFp4(a.C0.C0, a.C1.C1, out var a2x, out var a2y);
        SquareFp4(a.C1.C0, a.C0.C2, out var b2x, out var b2y);
        SquareFp4(a.C0.C1, a.C1.C2, out var c2x, out var c2y);

        // A' = 3A^2 - 2 conj(A)
        var ax = ThreeMinusTwo(a2x, a.C0.C0);
        var ay = ThreePlusTwo(a2y, a.C1.C1);
        // B' = 3 y C^2 + 2 conj(B), with y C^2 = xi c2y + c2x y
        TTower.MulByNonResidue(c2y, out var yc2x);
        var bx = ThreePlusTwo(yc2x, a.C1.C0);
        var by = ThreeMinusTwo(c2x, a.C0.C2);
        // C' = 3B^2 - 2 conj(C)
        var cx = ThreeMinusTwo(b2x, a.C0.C1);
        var cy = ThreePlusTwo(b2y, a.C1.C2);

        r = new(new Fp6<TFp2, TTower>(ax, cx, by), new Fp6<TFp2, TTower>(bx, ay, cy));
    }

    /// <summary>(x + y t)^2 in F_p2[t]/(t^2 - xi): x^2 + xi y^2 and (x + y)^2 - x^2 - y^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareFp4(in TFp2 x, in TFp2 y, out TFp2 rx, out TFp2 ry)
    {
        TFp2.Square(x, out var x2);
        TFp2.Square(y, out var y2);
        TFp2.Add(x, y, out var s);
        TFp2.Square(s, out s);
        TFp2.Sub(s, x2, out s);
        TFp2.Sub(s, y2, out ry);
        TTower.MulByNonResidue(y2, out y2);
        TFp2.Add(x2, y2, out rx);
    }

    /// <summary>3 s - 2 z = 2(s - z) + s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TFp2 ThreeMinusTwo(in TFp2 s, in TFp2 z)
    {
        TFp2.Sub(s, z, out var t);
        TFp2.Double(t, out t);
        TFp2.Add(t, s, out t);
        return t;
    }

    /// <summary>3 s + 2 z = 2(s + z) + s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TFp2 ThreePlusTwo(in TFp2 s, in TFp2 z)
    {
        TFp2.Add(s, z, out var t);
        TFp2.Double(t, out t);
        TFp2.Add(t, s, out t);
        return t;
    }

    public bool Equals(Fp12<TFp2, TTower> other) => C0.Equals(other.C0) && C1.Equals(other.C1);
    public override bool Equals(object? obj) => obj is Fp12<TFp2, TTower> other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(C0, C1);
    public override string ToString() => $"({C0} + {C1}*w)";

    public static bool operator ==(Fp12<TFp2, TTower> a, Fp12<TFp2, TTower> b) => a.Equals(b);
    public static bool operator !=(Fp12<TFp2, TTower> a, Fp12<TFp2, TTower> b) => !a.Equals(b);
    public static Fp12<TFp2, TTower> operator +(Fp12<TFp2, TTower> a, Fp12<TFp2, TTower> b) { Add(a, b, out var r); return r; }
    public static Fp12<TFp2, TTower> operator -(Fp12<TFp2, TTower> a, Fp12<TFp2, TTower> b) { Sub(a, b, out var r); return r; }
    public static Fp12<TFp2, TTower> operator *(Fp12<TFp2, TTower> a, Fp12<TFp2, TTower> b) { Mul(a, b, out var r); return r; }
    public static Fp12<TFp2, TTower> operator -(Fp12<TFp2, TTower> a) { Neg(a, out var r); return r; }
}

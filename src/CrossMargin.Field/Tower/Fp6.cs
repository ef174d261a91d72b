using System.Runtime.CompilerServices;

namespace CrossMargin.Field;

/// <summary>
/// An element a = c0 + c1*v + c2*v^2 of F_p6 = F_p2[v]/(v^3 - xi), with F_p2 =
/// <typeparamref name="TFp2"/> and xi given by <typeparamref name="TTower"/>. The middle floor of
/// the pairing tower F_p2 &lt; F_p6 &lt; F_p12.
/// </summary>
/// <remarks>
/// Multiplication and squaring follow Devegili, O hEigeartaigh, Scott and Dahab, "Multiplication
/// and squaring on pairing-friendly fields" (eprint 2006/471): Karatsuba (6 F_p2 multiplications)
/// and Chung-Hasan SQR2 (2 multiplications, 3 squarings). Not constant time. Output may alias input.
/// </remarks>
public readonly struct Fp6<TFp2, TTower> : IField<Fp6<TFp2, TTower>>
    where TFp2 : struct, IField<TFp2>
    where TTower : struct, ISexticTowerParams<TFp2>
{
    public readonly TFp2 C0;
    public readonly TFp2 C1;
    public readonly TFp2 C2;

    public Fp6(TFp2 c0, TFp2 c1, TFp2 c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    public static Fp6<TFp2, TTower> Zero => default;
    public static Fp6<TFp2, TTower> One => new(TFp2.One, TFp2.Zero, TFp2.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero && C2.IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Fp6<TFp2, TTower> a, in Fp6<TFp2, TTower> b, out Fp6<TFp2, TTower> r)
    {
        TFp2.Add(a.C0, b.C0, out var c0);
        TFp2.Add(a.C1, b.C1, out var c1);
        TFp2.Add(a.C2, b.C2, out var c2);
        r = new(c0, c1, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Fp6<TFp2, TTower> a, in Fp6<TFp2, TTower> b, out Fp6<TFp2, TTower> r)
    {
        TFp2.Sub(a.C0, b.C0, out var c0);
        TFp2.Sub(a.C1, b.C1, out var c1);
        TFp2.Sub(a.C2, b.C2, out var c2);
        r = new(c0, c1, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in Fp6<TFp2, TTower> a, out Fp6<TFp2, TTower> r)
    {
        TFp2.Neg(a.C0, out var c0);
        TFp2.Neg(a.C1, out var c1);
        TFp2.Neg(a.C2, out var c2);
        r = new(c0, c1, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in Fp6<TFp2, TTower> a, out Fp6<TFp2, TTower> r)
    {
        TFp2.Double(a.C0, out var c0);
        TFp2.Double(a.C1, out var c1);
        TFp2.Double(a.C2, out var c2);
        r = new(c0, c1, c2);
    }

    /// <summary>
    /// Karatsuba: with v_i = a_i b_i,
    /// c0 = v0 + xi((a1 + a2)(b1 + b2) - v1 - v2), c1 = (a0 + a1)(b0 + b1) - v0 - v1 + xi v2,
    /// c2 = (a0 + a2)(b0 + b2) - v0 + v1 - v2. Six F_p2 multiplications instead of nine.
    /// </summary>
    public static void Mul(in Fp6<TFp2, TTower> a, in Fp6<TFp2, TTower> b, out Fp6<TFp2, TTower> r)
    {
        TFp2.Mul(a.C0, b.C0, out var v0);
        TFp2.Mul(a.C1, b.C1, out var v1);
        TFp2.Mul(a.C2, b.C2, out var v2);

        TFp2.Add(a.C1, a.C2, out var s);
        TFp2.Add(b.C1, b.C2, out var t);
        TFp2.Mul(s, t, out var c0);
        TFp2.Sub(c0, v1, out c0);
        TFp2.Sub(c0, v2, out c0);
        TTower.MulByNonResidue(c0, out c0);
        TFp2.Add(c0, v0, out c0);

        TFp2.Add(a.C0, a.C1, out s);
        TFp2.Add(b.C0, b.C1, out t);
        TFp2.Mul(s, t, out var c1);
        TFp2.Sub(c1, v0, out c1);
        TFp2.Sub(c1, v1, out c1);
        TTower.MulByNonResidue(v2, out var xiV2);
        TFp2.Add(c1, xiV2, out c1);

        TFp2.Add(a.C0, a.C2, out s);
        TFp2.Add(b.C0, b.C2, out t);
        TFp2.Mul(s, t, out var c2);
        TFp2.Sub(c2, v0, out c2);
        TFp2.Add(c2, v1, out c2);
        TFp2.Sub(c2, v2, out c2);

        r = new(c0, c1, c2);
    }

    /// <summary>
    /// Chung-Hasan SQR2: s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2;
    /// c0 = s0 + xi s3, c1 = s1 + xi s4, c2 = s1 + s2 + s3 - s0 - s4.
    /// </summary>
    public static void Square(in Fp6<TFp2, TTower> a, out Fp6<TFp2, TTower> r)
    {
        TFp2.Square(a.C0, out var s0);
        TFp2.Mul(a.C0, a.C1, out var s1);
        TFp2.Double(s1, out s1);
        TFp2.Sub(a.C0, a.C1, out var s2);
        TFp2.Add(s2, a.C2, out s2);
        TFp2.Square(s2, out s2);
        TFp2.Mul(a.C1, a.C2, out var s3);
        TFp2.Double(s3, out s3);
        TFp2.Square(a.C2, out var s4);

        TTower.MulByNonResidue(s3, out var c0);
        TFp2.Add(c0, s0, out c0);
        TTower.MulByNonResidue(s4, out var c1);
        TFp2.Add(c1, s1, out c1);
        TFp2.Add(s1, s2, out var c2);
        TFp2.Add(c2, s3, out c2);
        TFp2.Sub(c2, s0, out c2);
        TFp2.Sub(c2, s4, out c2);

        r = new(c0, c1, c2);
    }

    /// <summary>
    /// r = a^-1 through the adjugate: t0 = a0^2 - xi a1 a2, t1 = xi a2^2 - a0 a1, t2 = a1^2 - a0 a2
    /// make a * (t0 + t1 v + t2 v^2) = d, an F_p2 element d = a0 t0 + xi(a2 t1 + a1 t2), so one
    /// F_p2 inversion suffices. 0^-1 = 0.
    /// </summary>
    public static void Inverse(in Fp6<TFp2, TTower> a, out Fp6<TFp2, TTower> r)
    {
        TFp2.Square(a.C0, out var t0);
        TFp2.Mul(a.C1, a.C2, out var tmp);
        TTower.MulByNonResidue(tmp, out tmp);
        TFp2.Sub(t0, tmp, out t0);

        TFp2.Square(a.C2, out var t1);
        TTower.MulByNonResidue(t1, out t1);
        TFp2.Mul(a.C0, a.C1, out tmp);
        TFp2.Sub(t1, tmp, out t1);

        TFp2.Square(a.C1, out var t2);
        TFp2.Mul(a.C0, a.C2, out tmp);
        TFp2.Sub(t2, tmp, out t2);

        TFp2.Mul(a.C2, t1, out var d);
        TFp2.Mul(a.C1, t2, out tmp);
        TFp2.Add(d, tmp, out d);
        TTower.MulByNonResidue(d, out d);
        TFp2.Mul(a.C0, t0, out tmp);
        TFp2.Add(d, tmp, out d);
        TFp2.Inverse(d, out d);

        TFp2.Mul(t0, d, out t0);
        TFp2.Mul(t1, d, out t1);
        TFp2.Mul(t2, d, out t2);
        r = new(t0, t1, t2);
    }

    /// <summary>r = v * a = xi a2 + a0 v + a1 v^2 (multiplication by F_p12's non-residue v = w^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulByNonResidue(in Fp6<TFp2, TTower> a, out Fp6<TFp2, TTower> r)
    {
        TTower.MulByNonResidue(a.C2, out var c0);
        r = new(c0, a.C0, a.C1);
    }

    /// <summary>r = a * s for s in F_p2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulByBase(in Fp6<TFp2, TTower> a, in TFp2 s, out Fp6<TFp2, TTower> r)
    {
        TFp2.Mul(a.C0, s, out var c0);
        TFp2.Mul(a.C1, s, out var c1);
        TFp2.Mul(a.C2, s, out var c2);
        r = new(c0, c1, c2);
    }

    /// <summary>
    /// r = a * (b0 + b1 v), the sparse product a line function needs: five F_p2 multiplications.
    /// (a0 + a1 v + a2 v^2)(b0 + b1 v) = (a0 b0 + xi a2 b1) + (a0 b1 + a1 b0) v + (a1 b1 + a2 b0) v^2,
    /// the middle term by Karatsuba, the last as (a0 + a2) b0 - a0 b0 + a1 b1.
    /// </summary>
    public static void MulBy01(in Fp6<TFp2, TTower> a, in TFp2 b0, in TFp2 b1, out Fp6<TFp2, TTower> r)
    {
        TFp2.Mul(a.C0, b0, out var v0);
        TFp2.Mul(a.C1, b1, out var v1);

        TFp2.Mul(a.C2, b1, out var c0);
        TTower.MulByNonResidue(c0, out c0);
        TFp2.Add(c0, v0, out c0);

        TFp2.Add(a.C0, a.C1, out var s);
        TFp2.Add(b0, b1, out var t);
        TFp2.Mul(s, t, out var c1);
        TFp2.Sub(c1, v0, out c1);
        TFp2.Sub(c1, v1, out c1);

        TFp2.Add(a.C0, a.C2, out s);
        TFp2.Mul(s, b0, out var c2);
        TFp2.Sub(c2, v0, out c2);
        TFp2.Add(c2, v1, out c2);

        r = new(c0, c1, c2);
    }

    /// <summary>
    /// r = a^(p^k) for 0 &lt;= k &lt;= 3: each coefficient goes through F_p2's Frobenius and is
    /// scaled by v^(p^k)/v = xi^((p^k - 1)/3) or v^(2 p^k)/v^2 = xi^(2(p^k - 1)/3).
    /// </summary>
    public static void Frobenius(in Fp6<TFp2, TTower> a, int power, out Fp6<TFp2, TTower> r)
    {
        SexticTowerConstants<TFp2, TTower>.CheckFrobeniusPower(power);
        SexticTowerConstants<TFp2, TTower>.FrobeniusOfBase(a.C0, power, out var c0);
        SexticTowerConstants<TFp2, TTower>.FrobeniusOfBase(a.C1, power, out var c1);
        SexticTowerConstants<TFp2, TTower>.FrobeniusOfBase(a.C2, power, out var c2);
        TFp2.Mul(c1, SexticTowerConstants<TFp2, TTower>.FrobeniusV[power], out c1);
        TFp2.Mul(c2, SexticTowerConstants<TFp2, TTower>.FrobeniusV2[power], out c2);
        r = new(c0, c1, c2);
    }

    public bool Equals(Fp6<TFp2, TTower> other) => C0.Equals(other.C0) && C1.Equals(other.C1) && C2.Equals(other.C2);
    public override bool Equals(object? obj) => obj is Fp6<TFp2, TTower> other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(C0, C1, C2);
    public override string ToString() => $"({C0} + {C1}*v + {C2}*v^2)";

    public static bool operator ==(Fp6<TFp2, TTower> a, Fp6<TFp2, TTower> b) => a.Equals(b);
    public static bool operator !=(Fp6<TFp2, TTower> a, Fp6<TFp2, TTower> b) => !a.Equals(b);
    public static Fp6<TFp2, TTower> operator +(Fp6<TFp2, TTower> a, Fp6<TFp2, TTower> b) { Add(a, b, out var r); return r; }
    public static Fp6<TFp2, TTower> operator -(Fp6<TFp2, TTower> a, Fp6<TFp2, TTower> b) { Sub(a, b, out var r); return r; }
    public static Fp6<TFp2, TTower> operator *(Fp6<TFp2, TTower> a, Fp6<TFp2, TTower> b) { Mul(a, b, out var r); return r; }
    public static Fp6<TFp2, TTower> operator -(Fp6<TFp2, TTower> a) { Neg(a, out var r); return r; }
}

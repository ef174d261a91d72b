using System.Runtime.CompilerServices;

namespace CrossMargin.Field;

/// <summary>Parameters of F_p2 = F_p[u]/(u^2 - beta) for a quadratic non-residue beta of F_p.</summary>
public interface IQuadraticExtensionParams<TBase> where TBase : struct, IPrimeField<TBase>
{
    /// <summary>r = beta * a. A specialisation (beta = -1 is a negation) keeps Mul cheap.</summary>
    static abstract void MulByNonResidue(in TBase a, out TBase r);
    static abstract string Name { get; }

    /// <summary>Whether beta = -1: the formulas of the wide kernel (<see cref="Wide.QuadraticBatch{TParams, TExtension, TLanes}"/>) assume it.</summary>
    static virtual bool NonResidueIsMinusOne => false;
}

/// <summary>
/// An element a = c0 + c1*u of F_p2 = F_p[u]/(u^2 - beta), with beta given by
/// <typeparamref name="TParams"/>. For BN254 and BLS12-381, beta = -1 (p = 3 mod 4).
/// </summary>
/// <remarks>Not constant time (see <see cref="Montgomery256{TParams}"/>). Output may alias input.</remarks>
public readonly struct QuadraticExtension<TBase, TParams> : IField<QuadraticExtension<TBase, TParams>>
    where TBase : struct, IPrimeField<TBase>
    where TParams : struct, IQuadraticExtensionParams<TBase>
{
    public readonly TBase C0;
    public readonly TBase C1;

    public QuadraticExtension(TBase c0, TBase c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static QuadraticExtension<TBase, TParams> Zero => default;
    public static QuadraticExtension<TBase, TParams> One => new(TBase.One, TBase.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in QuadraticExtension<TBase, TParams> a, in QuadraticExtension<TBase, TParams> b, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Add(a.C0, b.C0, out var c0);
        TBase.Add(a.C1, b.C1, out var c1);
        r = new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in QuadraticExtension<TBase, TParams> a, in QuadraticExtension<TBase, TParams> b, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Sub(a.C0, b.C0, out var c0);
        TBase.Sub(a.C1, b.C1, out var c1);
        r = new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Neg(a.C0, out var c0);
        TBase.Neg(a.C1, out var c1);
        r = new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Double(a.C0, out var c0);
        TBase.Double(a.C1, out var c1);
        r = new(c0, c1);
    }

    /// <summary>The kernel takes F_p[u]/(u^2 + 1) over a prime field it takes: that field's parameters, else 0.</summary>
    private static nint KernelModulus =>
        TParams.NonResidueIsMinusOne && TBase.NativeKernelDegree == 1 ? TBase.NativeKernelModulus : 0;

    static nint IField<QuadraticExtension<TBase, TParams>>.NativeKernelModulus => KernelModulus;

    static int IField<QuadraticExtension<TBase, TParams>>.NativeKernelDegree => 2;

    static bool IField<QuadraticExtension<TBase, TParams>>.NativeKernelIfma => KernelModulus != 0 && TBase.NativeKernelIfma;

    /// <summary>
    /// Karatsuba: v0 = a0 b0, v1 = a1 b1; r = (v0 + beta v1) + ((a0 + a1)(b0 + b1) - v0 - v1) u.
    /// Three base multiplications instead of four. With beta = -1 over a field the native kernel
    /// takes, the kernel's F_p2 product (<see cref="NativeKernel"/>) runs the same formula in one
    /// call; else <see cref="MulManaged"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Mul(in QuadraticExtension<TBase, TParams> a, in QuadraticExtension<TBase, TParams> b, out QuadraticExtension<TBase, TParams> r)
    {
        var modulus = KernelModulus;
        if (modulus != 0)
        {
            // Copies on the stack: the kernel gets addresses that cannot move. A base field the
            // kernel takes is four limbs, so an element here is eight.
            var x = a;
            var y = b;
            var product = default(QuadraticExtension<TBase, TParams>);
            NativeKernel.Fp2Mul((ulong*)Unsafe.AsPointer(ref x), (ulong*)Unsafe.AsPointer(ref y), (ulong*)modulus, (ulong*)Unsafe.AsPointer(ref product));
            r = product;
            return;
        }
        MulManaged(a, b, out r);
    }

    /// <summary>The C# product, the same as <see cref="Mul"/>'s: the native kernel's reference and fallback.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MulManaged(in QuadraticExtension<TBase, TParams> a, in QuadraticExtension<TBase, TParams> b, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Mul(a.C0, b.C0, out var v0);
        TBase.Mul(a.C1, b.C1, out var v1);
        TBase.Add(a.C0, a.C1, out var sa);
        TBase.Add(b.C0, b.C1, out var sb);
        TBase.Mul(sa, sb, out var c1);
        TBase.Sub(c1, v0, out c1);
        TBase.Sub(c1, v1, out c1);
        TParams.MulByNonResidue(v1, out var bv1);
        TBase.Add(v0, bv1, out var c0);
        r = new(c0, c1);
    }

    /// <summary>
    /// Complex squaring: with v = a0 a1, r = ((a0 + a1)(a0 + beta a1) - v - beta v) + 2v u.
    /// Two base multiplications. With beta = -1 over a field the native kernel takes, the kernel's
    /// (a0 + a1)(a0 - a1) + 2 a0 a1 u in one call; else <see cref="SquareManaged"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Square(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> r)
    {
        var modulus = KernelModulus;
        if (modulus != 0)
        {
            var x = a;
            var square = default(QuadraticExtension<TBase, TParams>);
            NativeKernel.Fp2Square((ulong*)Unsafe.AsPointer(ref x), (ulong*)modulus, (ulong*)Unsafe.AsPointer(ref square));
            r = square;
            return;
        }
        SquareManaged(a, out r);
    }

    /// <summary>The C# square, the same as <see cref="Square"/>'s: the native kernel's reference and fallback.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SquareManaged(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Mul(a.C0, a.C1, out var v);
        TParams.MulByNonResidue(a.C1, out var ba1);
        TBase.Add(a.C0, a.C1, out var s);
        TBase.Add(a.C0, ba1, out var t);
        TBase.Mul(s, t, out var c0);
        TParams.MulByNonResidue(v, out var bv);
        TBase.Sub(c0, v, out c0);
        TBase.Sub(c0, bv, out c0);
        TBase.Double(v, out var c1);
        r = new(c0, c1);
    }

    /// <summary>r = conj(a) / N(a) with N(a) = a0^2 - beta a1^2; 0^-1 = 0.</summary>
    public static void Inverse(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Square(a.C0, out var t0);
        TBase.Square(a.C1, out var t1);
        TParams.MulByNonResidue(t1, out t1);
        TBase.Sub(t0, t1, out var norm);
        TBase.Inverse(norm, out var inv);
        TBase.Mul(a.C0, inv, out var c0);
        TBase.Mul(a.C1, inv, out var c1);
        TBase.Neg(c1, out c1);
        r = new(c0, c1);
    }

    /// <summary>r = a * s for s in the base field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulByBase(in QuadraticExtension<TBase, TParams> a, in TBase s, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Mul(a.C0, s, out var c0);
        TBase.Mul(a.C1, s, out var c1);
        r = new(c0, c1);
    }

    /// <summary>The conjugate c0 - c1 u, which is also the p-power Frobenius a^p (u^p = -u as beta is a non-residue).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Conjugate(in QuadraticExtension<TBase, TParams> a, out QuadraticExtension<TBase, TParams> r)
    {
        TBase.Neg(a.C1, out var c1);
        r = new(a.C0, c1);
    }

    public bool Equals(QuadraticExtension<TBase, TParams> other) => C0.Equals(other.C0) && C1.Equals(other.C1);
    public override bool Equals(object? obj) => obj is QuadraticExtension<TBase, TParams> other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(C0, C1);
    public override string ToString() => $"({C0} + {C1}*u)";

    public static bool operator ==(QuadraticExtension<TBase, TParams> a, QuadraticExtension<TBase, TParams> b) => a.Equals(b);
    public static bool operator !=(QuadraticExtension<TBase, TParams> a, QuadraticExtension<TBase, TParams> b) => !a.Equals(b);
    public static QuadraticExtension<TBase, TParams> operator +(QuadraticExtension<TBase, TParams> a, QuadraticExtension<TBase, TParams> b) { Add(a, b, out var r); return r; }
    public static QuadraticExtension<TBase, TParams> operator -(QuadraticExtension<TBase, TParams> a, QuadraticExtension<TBase, TParams> b) { Sub(a, b, out var r); return r; }
    public static QuadraticExtension<TBase, TParams> operator *(QuadraticExtension<TBase, TParams> a, QuadraticExtension<TBase, TParams> b) { Mul(a, b, out var r); return r; }
    public static QuadraticExtension<TBase, TParams> operator -(QuadraticExtension<TBase, TParams> a) { Neg(a, out var r); return r; }
}

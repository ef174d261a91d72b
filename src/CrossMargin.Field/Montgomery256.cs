using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CrossMargin.Field;

/// <summary>
/// An element of the prime field F_p given by <typeparamref name="TParams"/> (p &lt; 2^255),
/// stored on four 64-bit limbs, least significant first, in Montgomery form: the limbs hold
/// a*R mod p with R = 2^256, always fully reduced (&lt; p).
/// </summary>
/// <remarks>
/// Not constant time: inversion, square roots, comparisons and the final subtraction branch
/// on secret data. This type serves proving and verification, where the operands are public
/// or the timing channel is not exposed; do not use it for long-term secret keys.
/// The layout (four little-endian limbs, 32 bytes) is the one snarkjs writes to .zkey files.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly partial struct Montgomery256<TParams> : ITwoAdicField<Montgomery256<TParams>>
    where TParams : struct, IMontgomery256Params
{
    internal readonly ulong L0, L1, L2, L3;

    /// <summary>From Montgomery-form limbs (already &lt; p); no reduction, no conversion.</summary>
    internal Montgomery256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static Montgomery256<TParams> Zero => default;
    public static Montgomery256<TParams> One => Constants.One;
    public static BigInteger Modulus => Constants.Modulus;
    public static int ByteLength => 32;
    public static int TwoAdicity => Constants.TwoAdicity;
    public static Montgomery256<TParams> MultiplicativeGenerator => Constants.Generator;

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;
    public bool IsOne => Equals(Constants.One);

    // ---- addition ---------------------------------------------------------------------------

    /// <summary>r = a + b mod p. Since a, b &lt; p &lt; 2^255, the sum fits in 256 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in Montgomery256<TParams> a, in Montgomery256<TParams> b, out Montgomery256<TParams> r)
    {
        ulong c;
        var s0 = AddCarry(a.L0, b.L0, 0, out c);
        var s1 = AddCarry(a.L1, b.L1, c, out c);
        var s2 = AddCarry(a.L2, b.L2, c, out c);
        var s3 = a.L3 + b.L3 + c;
        ReduceOnce(s0, s1, s2, s3, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in Montgomery256<TParams> a, out Montgomery256<TParams> r)
    {
        var s3 = (a.L3 << 1) | (a.L2 >> 63);
        var s2 = (a.L2 << 1) | (a.L1 >> 63);
        var s1 = (a.L1 << 1) | (a.L0 >> 63);
        var s0 = a.L0 << 1;
        ReduceOnce(s0, s1, s2, s3, out r);
    }

    /// <summary>r = a - b mod p: subtract, and add p back if that borrowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in Montgomery256<TParams> a, in Montgomery256<TParams> b, out Montgomery256<TParams> r)
    {
        ulong borrow;
        var d0 = SubBorrow(a.L0, b.L0, 0, out borrow);
        var d1 = SubBorrow(a.L1, b.L1, borrow, out borrow);
        var d2 = SubBorrow(a.L2, b.L2, borrow, out borrow);
        var d3 = SubBorrow(a.L3, b.L3, borrow, out borrow);
        var mask = 0 - borrow;
        ulong c;
        d0 = AddCarry(d0, TParams.P0 & mask, 0, out c);
        d1 = AddCarry(d1, TParams.P1 & mask, c, out c);
        d2 = AddCarry(d2, TParams.P2 & mask, c, out c);
        d3 = d3 + (TParams.P3 & mask) + c;
        r = new Montgomery256<TParams>(d0, d1, d2, d3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Neg(in Montgomery256<TParams> a, out Montgomery256<TParams> r)
    {
        if (a.IsZero)
        {
            r = default;
            return;
        }
        ulong borrow;
        var d0 = SubBorrow(TParams.P0, a.L0, 0, out borrow);
        var d1 = SubBorrow(TParams.P1, a.L1, borrow, out borrow);
        var d2 = SubBorrow(TParams.P2, a.L2, borrow, out borrow);
        var d3 = TParams.P3 - a.L3 - borrow;
        r = new Montgomery256<TParams>(d0, d1, d2, d3);
    }

    // ---- multiplication ---------------------------------------------------------------------

    /// <summary>
    /// r = a * b * R^-1 mod p (Montgomery product; for Montgomery-form inputs, the Montgomery form
    /// of the product): by the native kernel where it is loaded (<see cref="NativeKernel"/>; about
    /// 1.5x faster in a dependent chain, 2.5x on independent products), else by <see cref="MulManaged"/>.
    /// </summary>
    public static unsafe void Mul(in Montgomery256<TParams> a, in Montgomery256<TParams> b, out Montgomery256<TParams> r)
    {
        if (NativeModulus<TParams>.UseKernel)
        {
            // Copies on the stack: the kernel gets addresses that cannot move.
            var x = a;
            var y = b;
            Montgomery256<TParams> product;
            NativeKernel.MontgomeryMul4((ulong*)&x, (ulong*)&y, NativeModulus<TParams>.Parameters, (ulong*)&product);
            r = product;
            return;
        }
        MulManaged(a, b, out r);
    }

    static unsafe nint IField<Montgomery256<TParams>>.NativeKernelModulus =>
        NativeModulus<TParams>.UseKernel ? (nint)NativeModulus<TParams>.Parameters : 0;

    static int IField<Montgomery256<TParams>>.NativeKernelDegree => 1;

    static bool IField<Montgomery256<TParams>>.NativeKernelIfma => NativeModulus<TParams>.UseIfma;

    /// <summary>The C# product, the same as <see cref="Mul"/>'s: the reference the native kernel is tested against, and its fallback.</summary>
    /// <remarks>
    /// CIOS (Koç, Acar, Kaliski, "Analyzing and comparing Montgomery multiplication algorithms",
    /// IEEE Micro 1996) with the "no-carry" simplification of gnark (ConsenSys, "Faster big-integer
    /// modular multiplication for most moduli", 2020): when the top limb of p is below
    /// (2^64 - 1)/2 - 1, the running value never needs a fifth limb, so each of the four rounds is
    /// <code>
    ///   (A, t0) = t0 + a0*b_i;      m = t0 * (-p^-1) mod 2^64;   (C, _) = t0 + m*p0
    ///   for j = 1..3:  (A, t_j) = t_j + a_j*b_i + A;   (C, t_{j-1}) = t_j + m*p_j + C
    ///   t3 = C + A
    /// </code>
    /// leaving t &lt; 2p, reduced by one conditional subtraction.
    /// <para>
    /// The rounds are written out flat, one line per 64x64-bit product, with no helper calls:
    /// the JIT has a per-method inlining budget, and with helpers it ran out inside this method
    /// (leaving calls in the hot loop, 2x slower) and inside every caller that inlined it. The
    /// high half of each product comes from mulx; the low half from a plain multiply, because
    /// Math.BigMul's out parameter costs a store and a reload per product on .NET 10. Without
    /// BMI2 the portable twin <see cref="MulPortable"/> runs; it is tested against this one by
    /// running the suite with hardware intrinsics off.
    /// </para>
    /// </remarks>
    [SkipLocalsInit]
    internal static void MulManaged(in Montgomery256<TParams> a, in Montgomery256<TParams> b, out Montgomery256<TParams> r)
    {
        if (!Bmi2.X64.IsSupported)
        {
            MulPortable(a, b, out r);
            return;
        }
        ulong t0, t1, t2, t3, A, C, m, h, l;

        // Round 0: b.L0.
        h = Bmi2.X64.MultiplyNoFlags(a.L0, b.L0); t0 = a.L0 * b.L0; A = h;
        m = t0 * TParams.NegInvP0;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P0); l = m * TParams.P0 + t0; C = h + (l < t0 ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(a.L1, b.L0); l = a.L1 * b.L0 + A; t1 = l; A = h + (l < A ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P1); l = m * TParams.P1 + t1; h += l < t1 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t0 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L2, b.L0); l = a.L2 * b.L0 + A; t2 = l; A = h + (l < A ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P2); l = m * TParams.P2 + t2; h += l < t2 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t1 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L3, b.L0); l = a.L3 * b.L0 + A; t3 = l; A = h + (l < A ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P3); l = m * TParams.P3 + t3; h += l < t3 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t2 = l; C = h;
        t3 = C + A;
        // Round 1: b.L1.
        h = Bmi2.X64.MultiplyNoFlags(a.L0, b.L1); l = a.L0 * b.L1 + t0; h += l < t0 ? 1UL : 0UL; t0 = l; A = h;
        m = t0 * TParams.NegInvP0;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P0); l = m * TParams.P0 + t0; C = h + (l < t0 ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(a.L1, b.L1); l = a.L1 * b.L1 + t1; h += l < t1 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t1 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P1); l = m * TParams.P1 + t1; h += l < t1 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t0 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L2, b.L1); l = a.L2 * b.L1 + t2; h += l < t2 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t2 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P2); l = m * TParams.P2 + t2; h += l < t2 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t1 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L3, b.L1); l = a.L3 * b.L1 + t3; h += l < t3 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t3 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P3); l = m * TParams.P3 + t3; h += l < t3 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t2 = l; C = h;
        t3 = C + A;
        // Round 2: b.L2.
        h = Bmi2.X64.MultiplyNoFlags(a.L0, b.L2); l = a.L0 * b.L2 + t0; h += l < t0 ? 1UL : 0UL; t0 = l; A = h;
        m = t0 * TParams.NegInvP0;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P0); l = m * TParams.P0 + t0; C = h + (l < t0 ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(a.L1, b.L2); l = a.L1 * b.L2 + t1; h += l < t1 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t1 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P1); l = m * TParams.P1 + t1; h += l < t1 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t0 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L2, b.L2); l = a.L2 * b.L2 + t2; h += l < t2 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t2 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P2); l = m * TParams.P2 + t2; h += l < t2 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t1 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L3, b.L2); l = a.L3 * b.L2 + t3; h += l < t3 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t3 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P3); l = m * TParams.P3 + t3; h += l < t3 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t2 = l; C = h;
        t3 = C + A;
        // Round 3: b.L3.
        h = Bmi2.X64.MultiplyNoFlags(a.L0, b.L3); l = a.L0 * b.L3 + t0; h += l < t0 ? 1UL : 0UL; t0 = l; A = h;
        m = t0 * TParams.NegInvP0;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P0); l = m * TParams.P0 + t0; C = h + (l < t0 ? 1UL : 0UL);
        h = Bmi2.X64.MultiplyNoFlags(a.L1, b.L3); l = a.L1 * b.L3 + t1; h += l < t1 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t1 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P1); l = m * TParams.P1 + t1; h += l < t1 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t0 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L2, b.L3); l = a.L2 * b.L3 + t2; h += l < t2 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t2 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P2); l = m * TParams.P2 + t2; h += l < t2 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t1 = l; C = h;
        h = Bmi2.X64.MultiplyNoFlags(a.L3, b.L3); l = a.L3 * b.L3 + t3; h += l < t3 ? 1UL : 0UL; l += A; h += l < A ? 1UL : 0UL; t3 = l; A = h;
        h = Bmi2.X64.MultiplyNoFlags(m, TParams.P3); l = m * TParams.P3 + t3; h += l < t3 ? 1UL : 0UL; l += C; h += l < C ? 1UL : 0UL; t2 = l; C = h;
        t3 = C + A;


        // r = t - p if t >= p, else t (branch-free; see ReduceOnce).
        ulong d0 = t0 - TParams.P0, borrow = ((~t0 & TParams.P0) | (~(t0 ^ TParams.P0) & d0)) >> 63;
        ulong d1 = t1 - TParams.P1 - borrow; borrow = ((~t1 & TParams.P1) | (~(t1 ^ TParams.P1) & d1)) >> 63;
        ulong d2 = t2 - TParams.P2 - borrow; borrow = ((~t2 & TParams.P2) | (~(t2 ^ TParams.P2) & d2)) >> 63;
        ulong d3 = t3 - TParams.P3 - borrow; borrow = ((~t3 & TParams.P3) | (~(t3 ^ TParams.P3) & d3)) >> 63;
        var keep = 0 - borrow;
        r = new Montgomery256<TParams>(d0 ^ ((t0 ^ d0) & keep), d1 ^ ((t1 ^ d1) & keep), d2 ^ ((t2 ^ d2) & keep), d3 ^ ((t3 ^ d3) & keep));
    }

    /// <summary>The same product with portable 64x64-bit multiplication: the plain twin of <see cref="Mul"/>.</summary>
    internal static void MulPortable(in Montgomery256<TParams> a, in Montgomery256<TParams> b, out Montgomery256<TParams> r)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t0, t1, t2, t3, A, C, m;

        // Round 0 (t = 0).
        var bi = b.L0;
        A = Math.BigMul(a0, bi, out t0);
        m = t0 * TParams.NegInvP0;
        C = MulAdd(m, TParams.P0, t0, out _);
        A = MulAdd(a1, bi, A, out t1);
        C = MulAdd(m, TParams.P1, t1, C, out t0);
        A = MulAdd(a2, bi, A, out t2);
        C = MulAdd(m, TParams.P2, t2, C, out t1);
        A = MulAdd(a3, bi, A, out t3);
        C = MulAdd(m, TParams.P3, t3, C, out t2);
        t3 = C + A;

        Round(a0, a1, a2, a3, b.L1, ref t0, ref t1, ref t2, ref t3);
        Round(a0, a1, a2, a3, b.L2, ref t0, ref t1, ref t2, ref t3);
        Round(a0, a1, a2, a3, b.L3, ref t0, ref t1, ref t2, ref t3);

        ReduceOnce(t0, t1, t2, t3, out r);
    }

    private static void Round(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        ulong A, C, m;
        A = MulAdd(a0, bi, t0, out t0);
        m = t0 * TParams.NegInvP0;
        C = MulAdd(m, TParams.P0, t0, out _);
        A = MulAdd(a1, bi, t1, A, out t1);
        C = MulAdd(m, TParams.P1, t1, C, out t0);
        A = MulAdd(a2, bi, t2, A, out t2);
        C = MulAdd(m, TParams.P2, t2, C, out t1);
        A = MulAdd(a3, bi, t3, A, out t3);
        C = MulAdd(m, TParams.P3, t3, C, out t2);
        t3 = C + A;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Square(in Montgomery256<TParams> a, out Montgomery256<TParams> r) => Mul(a, a, out r);

    /// <summary>
    /// result[k] = a[k] * b[k] (result may be a or b itself): by the native kernel's IFMA products
    /// (eight at a time) where the processor has IFMA; else by its four-limb loop where it is
    /// loaded; else on the wide kernel (<see cref="Wide.WideField{TParams}"/>) where the processor
    /// has AVX2; else the plain loop, which beats the wide kernel's one-lane fallback.
    /// </summary>
    /// <remarks>
    /// Measured per product over spans (WideKernelBenchmarks' SpanMul*): on Zen 4 (AVX-512 IFMA)
    /// the IFMA products 7.5 ns, the four-limb loop 15.7 ns, the eight-lane C# kernel 17.0 ns; on
    /// Zen 3 (AVX2) the four-limb loop 18.4 ns, the four-lane C# kernel 25.2 ns. The C# kernels pay
    /// a transposition each way and a canonical reduction.
    /// </remarks>
    public static unsafe void MulMany(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
    {
        if (a.Length != b.Length || a.Length != result.Length) throw new ArgumentException("the spans differ in length");
        if (NativeModulus<TParams>.UseIfma)
        {
            fixed (Montgomery256<TParams>* x = a, y = b, r = result)
                NativeKernel.IfmaFpMulMany((ulong*)x, (ulong*)y, (ulong*)r, (ulong)result.Length, NativeModulus<TParams>.Parameters);
            return;
        }
        if (NativeModulus<TParams>.UseKernel)
        {
            fixed (Montgomery256<TParams>* x = a, y = b, r = result)
                NativeKernel.FpMulMany((ulong*)x, (ulong*)y, (ulong*)r, (ulong)result.Length, NativeModulus<TParams>.Parameters);
            return;
        }
        if (Wide.WideField<TParams>.PreferredCount > 1)
        {
            Wide.WideField<TParams>.Multiply(a, b, result);
            return;
        }
        for (var k = 0; k < result.Length; k++) Mul(a[k], b[k], out result[k]);
    }

    /// <summary>
    /// r = a^-1; 0^-1 = 0. The stored integer A = aR is inverted modulo p (on the native kernel's
    /// division steps where it is loaded, else by <see cref="BinaryInverse"/>, its reference), then
    /// A^-1 R^3 / R = a^-1 R is the Montgomery form of a^-1.
    /// </summary>
    public static void Inverse(in Montgomery256<TParams> a, out Montgomery256<TParams> r)
    {
        if (a.IsZero)
        {
            r = default;
            return;
        }
        if (!NativeModulus<TParams>.UseKernel || !TryNativeInverse(a, out var x)) x = InverseOfStoredInteger(a);
        Mul(x, Constants.RCubed, out r);
    }

    /// <summary>A^-1 mod p for the stored integer A of a non-zero a, by <see cref="BinaryInverse"/>: the plain twin of the native inversion.</summary>
    internal static Montgomery256<TParams> InverseOfStoredInteger(in Montgomery256<TParams> a)
    {
        BinaryInverse(a.L0, a.L1, a.L2, a.L3, out var x0, out var x1, out var x2, out var x3);
        return new Montgomery256<TParams>(x0, x1, x2, x3);
    }

    /// <summary>A^-1 mod p for the stored integer A of a non-zero a, on the native kernel; false where it declined (then x is not set).</summary>
    internal static unsafe bool TryNativeInverse(in Montgomery256<TParams> a, out Montgomery256<TParams> x)
    {
        Unsafe.SkipInit(out x);
        fixed (Montgomery256<TParams>* input = &a)
        fixed (Montgomery256<TParams>* result = &x)
            return NativeKernel.ModularInverse((ulong*)input, NativeModulus<TParams>.Parameters, (ulong*)result) == 1;
    }

    /// <summary>
    /// x = A^-1 mod p for 0 &lt; A &lt; p, by the binary extended Euclidean algorithm (Knuth, TAOCP
    /// vol. 2, 4.5.2, Algorithm X in its binary form; Menezes, van Oorschot, Vanstone, Handbook of
    /// Applied Cryptography, 14.61): u = A, v = p with x1 A = u and x2 A = v (mod p) kept true
    /// while halving the even one and subtracting the smaller from the larger, until u or v is 1.
    /// About 2 log2 p shifts and log2 p subtractions of four limbs: several times faster than
    /// Fermat's a^(p-2) (a square and half a product per bit). Variable time, like everything
    /// here (see the type's remarks).
    /// </summary>
    private static void BinaryInverse(ulong a0, ulong a1, ulong a2, ulong a3, out ulong x0, out ulong x1, out ulong x2, out ulong x3)
    {
        ulong u0 = a0, u1 = a1, u2 = a2, u3 = a3;
        ulong v0 = TParams.P0, v1 = TParams.P1, v2 = TParams.P2, v3 = TParams.P3;
        ulong b0 = 1, b1 = 0, b2 = 0, b3 = 0;   // x1: b A = u
        ulong c0 = 0, c1 = 0, c2 = 0, c3 = 0;   // x2: c A = v
        while (!IsIntegerOne(u0, u1, u2, u3) && !IsIntegerOne(v0, v1, v2, v3))
        {
            while ((u0 & 1) == 0)
            {
                ShiftRight(ref u0, ref u1, ref u2, ref u3);
                HalveModP(ref b0, ref b1, ref b2, ref b3);
            }
            while ((v0 & 1) == 0)
            {
                ShiftRight(ref v0, ref v1, ref v2, ref v3);
                HalveModP(ref c0, ref c1, ref c2, ref c3);
            }
            if (!LessThan(u0, u1, u2, u3, v0, v1, v2, v3))
            {
                SubInPlace(ref u0, ref u1, ref u2, ref u3, v0, v1, v2, v3);
                SubModP(ref b0, ref b1, ref b2, ref b3, c0, c1, c2, c3);
            }
            else
            {
                SubInPlace(ref v0, ref v1, ref v2, ref v3, u0, u1, u2, u3);
                SubModP(ref c0, ref c1, ref c2, ref c3, b0, b1, b2, b3);
            }
        }
        if (IsIntegerOne(u0, u1, u2, u3)) (x0, x1, x2, x3) = (b0, b1, b2, b3);
        else (x0, x1, x2, x3) = (c0, c1, c2, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsIntegerOne(ulong x0, ulong x1, ulong x2, ulong x3) => ((x0 ^ 1) | x1 | x2 | x3) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftRight(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3)
    {
        x0 = (x0 >> 1) | (x1 << 63);
        x1 = (x1 >> 1) | (x2 << 63);
        x2 = (x2 >> 1) | (x3 << 63);
        x3 >>= 1;
    }

    /// <summary>x = x / 2 mod p for x &lt; p: x or x + p, whichever is even, halved (x + p &lt; 2^256 as p &lt; 2^255).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HalveModP(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3)
    {
        if ((x0 & 1) != 0) AddP(ref x0, ref x1, ref x2, ref x3);
        ShiftRight(ref x0, ref x1, ref x2, ref x3);
    }

    /// <summary>x += p, the carry out dropped (the callers' sums stay below 2^256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddP(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3)
    {
        x0 = AddCarry(x0, TParams.P0, 0, out var carry);
        x1 = AddCarry(x1, TParams.P1, carry, out carry);
        x2 = AddCarry(x2, TParams.P2, carry, out carry);
        x3 = AddCarry(x3, TParams.P3, carry, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LessThan(ulong x0, ulong x1, ulong x2, ulong x3, ulong y0, ulong y1, ulong y2, ulong y3)
    {
        if (x3 != y3) return x3 < y3;
        if (x2 != y2) return x2 < y2;
        if (x1 != y1) return x1 < y1;
        return x0 < y0;
    }

    /// <summary>x -= y modulo 2^256; returns the borrow out (1 when x was below y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubInPlace(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3, ulong y0, ulong y1, ulong y2, ulong y3)
    {
        x0 = SubBorrow(x0, y0, 0, out var borrow);
        x1 = SubBorrow(x1, y1, borrow, out borrow);
        x2 = SubBorrow(x2, y2, borrow, out borrow);
        x3 = SubBorrow(x3, y3, borrow, out borrow);
        return borrow;
    }

    /// <summary>x = x - y mod p for x, y &lt; p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SubModP(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3, ulong y0, ulong y1, ulong y2, ulong y3)
    {
        // A borrow left x - y + 2^256; adding p carries the 2^256 out.
        if (SubInPlace(ref x0, ref x1, ref x2, ref x3, y0, y1, y2, y3) != 0) AddP(ref x0, ref x1, ref x2, ref x3);
    }

    /// <summary>r = a^e for an exponent given as little-endian 64-bit limbs (left-to-right binary).</summary>
    public static void Pow(in Montgomery256<TParams> a, ReadOnlySpan<ulong> exponent, out Montgomery256<TParams> r)
    {
        var acc = Constants.One;
        var @base = a;
        for (var i = exponent.Length - 1; i >= 0; i--)
        {
            for (var bit = 63; bit >= 0; bit--)
            {
                Square(acc, out acc);
                if (((exponent[i] >> bit) & 1) != 0) Mul(acc, @base, out acc);
            }
        }
        r = acc;
    }

    // ---- limb helpers -----------------------------------------------------------------------

    /// <summary>(hi, lo) = a*b + c; cannot overflow 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong c, out ulong lo)
    {
        var hi = Math.BigMul(a, b, out var l);
        lo = l + c;
        return hi + (lo < c ? 1UL : 0UL);
    }

    /// <summary>(hi, lo) = a*b + c + d; at most (2^64-1)^2 + 2(2^64-1) = 2^128 - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong c, ulong d, out ulong lo)
    {
        var hi = Math.BigMul(a, b, out var l);
        l += c;
        hi += l < c ? 1UL : 0UL;
        lo = l + d;
        return hi + (lo < d ? 1UL : 0UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ulong carryIn, out ulong carryOut)
    {
        var sum = a + b + carryIn;
        // Hacker's Delight 2-16: the carry out of a + b + c.
        carryOut = ((a & b) | ((a | b) & ~sum)) >> 63;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ulong borrowIn, out ulong borrowOut)
    {
        var diff = a - b - borrowIn;
        // Hacker's Delight 2-16: the borrow out of a - b - c.
        borrowOut = ((~a & b) | (~(a ^ b) & diff)) >> 63;
        return diff;
    }

    /// <summary>
    /// r = s - p if s &gt;= p, else s; for s &lt; 2p. Branch-free: for random operands the
    /// outcome is close to a coin toss, and a mispredicted branch costs more than the select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceOnce(ulong s0, ulong s1, ulong s2, ulong s3, out Montgomery256<TParams> r)
    {
        ulong borrow;
        var d0 = SubBorrow(s0, TParams.P0, 0, out borrow);
        var d1 = SubBorrow(s1, TParams.P1, borrow, out borrow);
        var d2 = SubBorrow(s2, TParams.P2, borrow, out borrow);
        var d3 = SubBorrow(s3, TParams.P3, borrow, out borrow);
        // keep = all ones when s - p borrowed (s < p): keep s; else take d.
        var keep = 0 - borrow;
        r = new Montgomery256<TParams>(
            d0 ^ ((s0 ^ d0) & keep),
            d1 ^ ((s1 ^ d1) & keep),
            d2 ^ ((s2 ^ d2) & keep),
            d3 ^ ((s3 ^ d3) & keep));
    }

    // ---- equality and operators (for plain code; hot paths call the static methods) -----------

    public bool Equals(Montgomery256<TParams> other) =>
        ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;

    public override bool Equals(object? obj) => obj is Montgomery256<TParams> other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);
    public override string ToString() => ToBigInteger().ToString();

    public static bool operator ==(Montgomery256<TParams> a, Montgomery256<TParams> b) => a.Equals(b);
    public static bool operator !=(Montgomery256<TParams> a, Montgomery256<TParams> b) => !a.Equals(b);
    public static Montgomery256<TParams> operator +(Montgomery256<TParams> a, Montgomery256<TParams> b) { Add(a, b, out var r); return r; }
    public static Montgomery256<TParams> operator -(Montgomery256<TParams> a, Montgomery256<TParams> b) { Sub(a, b, out var r); return r; }
    public static Montgomery256<TParams> operator *(Montgomery256<TParams> a, Montgomery256<TParams> b) { Mul(a, b, out var r); return r; }
    public static Montgomery256<TParams> operator -(Montgomery256<TParams> a) { Neg(a, out var r); return r; }
}

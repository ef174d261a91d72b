using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrossMargin.Field.Wide;

/// <summary>
/// A register of <see cref="Count"/> independent 64-bit lanes: the vocabulary the wide field
/// kernel (<see cref="FieldBatch{TParams, TLanes}"/>) is written in. Three implementations:
/// <see cref="Lanes512"/> (eight lanes, AVX-512), <see cref="Lanes256"/> (four lanes, AVX2) and
/// <see cref="Lanes1"/> (one lane, plain <c>ulong</c>: the scalar twin). Each vector one falls
/// back to the portable <see cref="Vector512"/> / <see cref="Vector256"/> operations when its
/// instruction set is off, so every implementation runs (and is tested) on every machine.
/// </summary>
/// <remarks>
/// The operators are lane-wise and wrap modulo 2^64. The one multiplication,
/// <see cref="Mul32"/>, is the low 32 bits of each lane times the low 32 bits of the other into
/// a full 64-bit product: vpmuludq, the widest exact multiplier AVX2 and AVX-512F have.
/// </remarks>
public interface ILanes<TSelf> where TSelf : struct, ILanes<TSelf>
{
    /// <summary>How many lanes (field elements of a batch).</summary>
    static abstract int Count { get; }

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(ulong value);

    /// <summary>The first <see cref="Count"/> values of <paramref name="source"/>, lane i from source[i].</summary>
    static abstract TSelf Load(ReadOnlySpan<ulong> source);

    /// <summary>Writes lane i to destination[i], for i &lt; <see cref="Count"/>.</summary>
    static abstract void Store(TSelf value, Span<ulong> destination);

    /// <summary>(a mod 2^32) * (b mod 2^32), lane-wise, as a 64-bit product.</summary>
    static abstract TSelf Mul32(TSelf a, TSelf b);

    /// <summary>
    /// <see cref="Count"/> 256-bit elements, four words each, element by element (source[4i + w]
    /// is word w of element i), transposed: lane i of w_k is word k of element i.
    /// </summary>
    static abstract void LoadTransposed(ReadOnlySpan<ulong> source, out TSelf w0, out TSelf w1, out TSelf w2, out TSelf w3);

    /// <summary>The inverse of <see cref="LoadTransposed"/>: destination[4i + k] = lane i of w_k.</summary>
    static abstract void StoreTransposed(TSelf w0, TSelf w1, TSelf w2, TSelf w3, Span<ulong> destination);

    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator &(TSelf a, TSelf b);
    static abstract TSelf operator ^(TSelf a, TSelf b);
    static abstract TSelf operator |(TSelf a, TSelf b);

    /// <summary>Logical shift right of every lane.</summary>
    static abstract TSelf operator >>>(TSelf a, int count);

    static abstract TSelf operator <<(TSelf a, int count);
}

/// <summary>Eight lanes in one <see cref="Vector512{T}"/>; vpmuludq zmm when AVX-512F is on.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Lanes512 : ILanes<Lanes512>
{
    private readonly Vector512<ulong> _v;

    private Lanes512(Vector512<ulong> v) => _v = v;

    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Broadcast(ulong value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ReadOnlySpan<ulong> source) => new(Vector512.Create(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512 value, Span<ulong> destination) => value._v.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Mul32(Lanes512 a, Lanes512 b)
    {
        if (Avx512F.IsSupported) return new(Avx512F.Multiply(a._v.AsUInt32(), b._v.AsUInt32()));
        var low = Vector512.Create(0xFFFF_FFFFUL);
        return new((a._v & low) * (b._v & low));
    }

    /// <summary>
    /// Four loads of two elements each, then two rounds of two-table permutes: the first
    /// gathers words 0-1 (and 2-3) of four elements from each pair of registers, the second
    /// joins the halves of eight elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadTransposed(ReadOnlySpan<ulong> source, out Lanes512 w0, out Lanes512 w1, out Lanes512 w2, out Lanes512 w3)
    {
        var r0 = Vector512.Create(source);
        var r1 = Vector512.Create(source[8..]);
        var r2 = Vector512.Create(source[16..]);
        var r3 = Vector512.Create(source[24..]);
        var words01 = Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13);
        var words23 = Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15);
        var low01 = Permute(r0, words01, r1);
        var high01 = Permute(r2, words01, r3);
        var low23 = Permute(r0, words23, r1);
        var high23 = Permute(r2, words23, r3);
        var lowHalves = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
        var highHalves = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        w0 = new(Permute(low01, lowHalves, high01));
        w1 = new(Permute(low01, highHalves, high01));
        w2 = new(Permute(low23, lowHalves, high23));
        w3 = new(Permute(low23, highHalves, high23));
    }

    /// <summary>Interleaves words 0-1 and 2-3 of each element, then joins the pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(Lanes512 w0, Lanes512 w1, Lanes512 w2, Lanes512 w3, Span<ulong> destination)
    {
        var firstFour = Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11);
        var lastFour = Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15);
        var low01 = Permute(w0._v, firstFour, w1._v);
        var low23 = Permute(w2._v, firstFour, w3._v);
        var high01 = Permute(w0._v, lastFour, w1._v);
        var high23 = Permute(w2._v, lastFour, w3._v);
        var evenElement = Vector512.Create(0UL, 1, 8, 9, 2, 3, 10, 11);
        var oddElement = Vector512.Create(4UL, 5, 12, 13, 6, 7, 14, 15);
        Permute(low01, evenElement, low23).CopyTo(destination);
        Permute(low01, oddElement, low23).CopyTo(destination[8..]);
        Permute(high01, evenElement, high23).CopyTo(destination[16..]);
        Permute(high01, oddElement, high23).CopyTo(destination[24..]);
    }

    /// <summary>
    /// Lane i of the result: lane (index_i mod 8) of a if index_i &lt; 8, else of b (vpermt2q);
    /// lane by lane where AVX-512F is off, so the permutations above are tested everywhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Permute(Vector512<ulong> a, Vector512<ulong> index, Vector512<ulong> b)
    {
        if (Avx512F.IsSupported) return Avx512F.PermuteVar8x64x2(a, index, b);
        Span<ulong> lanes = stackalloc ulong[8];
        for (var i = 0; i < 8; i++) lanes[i] = index[i] < 8 ? a[(int)index[i]] : b[(int)index[i] - 8];
        return Vector512.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator &(Lanes512 a, Lanes512 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator ^(Lanes512 a, Lanes512 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator |(Lanes512 a, Lanes512 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator >>>(Lanes512 a, int count) => new(a._v >>> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator <<(Lanes512 a, int count) => new(a._v << count);
}

/// <summary>Four lanes in one <see cref="Vector256{T}"/>; vpmuludq ymm when AVX2 is on.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Lanes256 : ILanes<Lanes256>
{
    private readonly Vector256<ulong> _v;

    private Lanes256(Vector256<ulong> v) => _v = v;

    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Broadcast(ulong value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ReadOnlySpan<ulong> source) => new(Vector256.Create(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, Span<ulong> destination) => value._v.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Mul32(Lanes256 a, Lanes256 b)
    {
        if (Avx2.IsSupported) return new(Avx2.Multiply(a._v.AsUInt32(), b._v.AsUInt32()));
        var low = Vector256.Create(0xFFFF_FFFFUL);
        return new((a._v & low) * (b._v & low));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadTransposed(ReadOnlySpan<ulong> source, out Lanes256 w0, out Lanes256 w1, out Lanes256 w2, out Lanes256 w3)
    {
        Transpose(Vector256.Create(source), Vector256.Create(source[4..]), Vector256.Create(source[8..]), Vector256.Create(source[12..]),
            out var t0, out var t1, out var t2, out var t3);
        (w0, w1, w2, w3) = (new(t0), new(t1), new(t2), new(t3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(Lanes256 w0, Lanes256 w1, Lanes256 w2, Lanes256 w3, Span<ulong> destination)
    {
        Transpose(w0._v, w1._v, w2._v, w3._v, out var e0, out var e1, out var e2, out var e3);
        e0.CopyTo(destination);
        e1.CopyTo(destination[4..]);
        e2.CopyTo(destination[8..]);
        e3.CopyTo(destination[12..]);
    }

    /// <summary>
    /// The 4 x 4 transpose of 64-bit words (its own inverse): interleave pairs of rows within
    /// each 128-bit half (vpunpcklqdq, vpunpckhqdq), then exchange the halves (vperm2i128).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector256<ulong> r0, Vector256<ulong> r1, Vector256<ulong> r2, Vector256<ulong> r3,
        out Vector256<ulong> c0, out Vector256<ulong> c1, out Vector256<ulong> c2, out Vector256<ulong> c3)
    {
        if (Avx2.IsSupported)
        {
            var even01 = Avx2.UnpackLow(r0, r1);
            var odd01 = Avx2.UnpackHigh(r0, r1);
            var even23 = Avx2.UnpackLow(r2, r3);
            var odd23 = Avx2.UnpackHigh(r2, r3);
            c0 = Avx2.Permute2x128(even01, even23, 0x20);
            c1 = Avx2.Permute2x128(odd01, odd23, 0x20);
            c2 = Avx2.Permute2x128(even01, even23, 0x31);
            c3 = Avx2.Permute2x128(odd01, odd23, 0x31);
            return;
        }
        c0 = Vector256.Create(r0[0], r1[0], r2[0], r3[0]);
        c1 = Vector256.Create(r0[1], r1[1], r2[1], r3[1]);
        c2 = Vector256.Create(r0[2], r1[2], r2[2], r3[2]);
        c3 = Vector256.Create(r0[3], r1[3], r2[3], r3[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator &(Lanes256 a, Lanes256 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator ^(Lanes256 a, Lanes256 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator |(Lanes256 a, Lanes256 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator >>>(Lanes256 a, int count) => new(a._v >>> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator <<(Lanes256 a, int count) => new(a._v << count);
}

/// <summary>
/// One lane in a plain <c>ulong</c>: the scalar twin of the vector lanes, and the path taken
/// where neither AVX2 nor AVX-512F is available.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Lanes1 : ILanes<Lanes1>
{
    private readonly ulong _v;

    private Lanes1(ulong v) => _v = v;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 Broadcast(ulong value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 Load(ReadOnlySpan<ulong> source) => new(source[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes1 value, Span<ulong> destination) => destination[0] = value._v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 Mul32(Lanes1 a, Lanes1 b) => new((a._v & 0xFFFF_FFFFUL) * (b._v & 0xFFFF_FFFFUL));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadTransposed(ReadOnlySpan<ulong> source, out Lanes1 w0, out Lanes1 w1, out Lanes1 w2, out Lanes1 w3) =>
        (w0, w1, w2, w3) = (new(source[0]), new(source[1]), new(source[2]), new(source[3]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(Lanes1 w0, Lanes1 w1, Lanes1 w2, Lanes1 w3, Span<ulong> destination) =>
        (destination[0], destination[1], destination[2], destination[3]) = (w0._v, w1._v, w2._v, w3._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator +(Lanes1 a, Lanes1 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator -(Lanes1 a, Lanes1 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator &(Lanes1 a, Lanes1 b) => new(a._v & b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator ^(Lanes1 a, Lanes1 b) => new(a._v ^ b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator |(Lanes1 a, Lanes1 b) => new(a._v | b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator >>>(Lanes1 a, int count) => new(a._v >>> count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes1 operator <<(Lanes1 a, int count) => new(a._v << count);
}

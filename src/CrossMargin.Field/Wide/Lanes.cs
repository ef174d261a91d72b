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

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CrossMargin.Field.Wide;

/// <summary>
/// <see cref="ILanes{TSelf}.Count"/> independent elements c0 + c1 u of the quadratic extension
/// F_p[u]/(u^2 + 1) of <see cref="Montgomery256{TParams}"/>'s field: two
/// <see cref="FieldBatch{TParams, TLanes}"/>, one per coordinate, with their representation and
/// invariants (Montgomery form, lazily reduced, limbs normalised).
/// </summary>
/// <remarks>
/// The formulas take the non-residue beta = -1 (BN254's F_q2); a parameter set with another
/// beta is refused by the operations that depend on it (a test the JIT folds away for BN254).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct QuadraticBatch<TParams, TExtension, TLanes> : IWideElement<QuadraticExtension<Montgomery256<TParams>, TExtension>, QuadraticBatch<TParams, TExtension, TLanes>>
    where TParams : struct, IMontgomery256Params
    where TExtension : struct, IQuadraticExtensionParams<Montgomery256<TParams>>
    where TLanes : struct, ILanes<TLanes>
{
    internal FieldBatch<TParams, TLanes> C0, C1;

    public static int Count => TLanes.Count;

    public static void FromScalar(ReadOnlySpan<QuadraticExtension<Montgomery256<TParams>, TExtension>> source, out QuadraticBatch<TParams, TExtension, TLanes> r)
    {
        Span<Montgomery256<TParams>> c0 = stackalloc Montgomery256<TParams>[source.Length];
        Span<Montgomery256<TParams>> c1 = stackalloc Montgomery256<TParams>[source.Length];
        for (var i = 0; i < source.Length; i++) (c0[i], c1[i]) = (source[i].C0, source[i].C1);
        FieldBatch<TParams, TLanes>.FromScalar(c0, out r.C0);
        FieldBatch<TParams, TLanes>.FromScalar(c1, out r.C1);
    }

    public static void ToScalar(in QuadraticBatch<TParams, TExtension, TLanes> a, Span<QuadraticExtension<Montgomery256<TParams>, TExtension>> destination)
    {
        Span<Montgomery256<TParams>> c0 = stackalloc Montgomery256<TParams>[destination.Length];
        Span<Montgomery256<TParams>> c1 = stackalloc Montgomery256<TParams>[destination.Length];
        FieldBatch<TParams, TLanes>.ToScalar(a.C0, c0);
        FieldBatch<TParams, TLanes>.ToScalar(a.C1, c1);
        for (var i = 0; i < destination.Length; i++) destination[i] = new(c0[i], c1[i]);
    }

    /// <summary>
    /// Karatsuba with u^2 = -1: v0 = a0 b0, v1 = a1 b1, r = (v0 - v1) + ((a0 + a1)(b0 + b1) - v0 - v1) u.
    /// Three products.
    /// </summary>
    [SkipLocalsInit]
    public static void Mul(in QuadraticBatch<TParams, TExtension, TLanes> a, in QuadraticBatch<TParams, TExtension, TLanes> b, out QuadraticBatch<TParams, TExtension, TLanes> r)
    {
        if (!TExtension.NonResidueIsMinusOne) ThrowUnsupported();
        FieldBatch<TParams, TLanes>.Mul(a.C0, b.C0, out var v0);
        FieldBatch<TParams, TLanes>.Mul(a.C1, b.C1, out var v1);
        FieldBatch<TParams, TLanes>.Add(a.C0, a.C1, out var sa);
        FieldBatch<TParams, TLanes>.Add(b.C0, b.C1, out var sb);
        FieldBatch<TParams, TLanes>.Mul(sa, sb, out var c1);
        FieldBatch<TParams, TLanes>.Sub(c1, v0, out c1);
        FieldBatch<TParams, TLanes>.Sub(c1, v1, out r.C1);
        FieldBatch<TParams, TLanes>.Sub(v0, v1, out r.C0);
    }

    /// <summary>With u^2 = -1: r = (a0 + a1)(a0 - a1) + 2 a0 a1 u. Two products.</summary>
    [SkipLocalsInit]
    public static void Square(in QuadraticBatch<TParams, TExtension, TLanes> a, out QuadraticBatch<TParams, TExtension, TLanes> r)
    {
        if (!TExtension.NonResidueIsMinusOne) ThrowUnsupported();
        FieldBatch<TParams, TLanes>.Add(a.C0, a.C1, out var s);
        FieldBatch<TParams, TLanes>.Sub(a.C0, a.C1, out var d);
        FieldBatch<TParams, TLanes>.Mul(a.C0, a.C1, out var v);
        FieldBatch<TParams, TLanes>.Mul(s, d, out r.C0);
        FieldBatch<TParams, TLanes>.Add(v, v, out r.C1);
    }

    public static void Sub(in QuadraticBatch<TParams, TExtension, TLanes> a, in QuadraticBatch<TParams, TExtension, TLanes> b, out QuadraticBatch<TParams, TExtension, TLanes> r)
    {
        FieldBatch<TParams, TLanes>.Sub(a.C0, b.C0, out r.C0);
        FieldBatch<TParams, TLanes>.Sub(a.C1, b.C1, out r.C1);
    }

    /// <summary>
    /// 1/a = conj(a) / N(a) with the norm N(a) = a0^2 + a1^2 in the base field: the norms of all
    /// lanes are inverted together (<see cref="FieldBatch{TParams, TLanes}.InvertInPlace"/>), so
    /// an element costs two squares, two products and its share of the base field's batch.
    /// </summary>
    public static void InvertInPlace(Span<QuadraticBatch<TParams, TExtension, TLanes>> values)
    {
        if (!TExtension.NonResidueIsMinusOne) ThrowUnsupported();
        if (values.IsEmpty) return;
        var rented = ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Rent(values.Length);
        try
        {
            var norms = rented.AsSpan(0, values.Length);
            for (var j = 0; j < values.Length; j++)
            {
                FieldBatch<TParams, TLanes>.Square(values[j].C0, out var t0);
                FieldBatch<TParams, TLanes>.Square(values[j].C1, out var t1);
                FieldBatch<TParams, TLanes>.Add(t0, t1, out norms[j]);
            }
            FieldBatch<TParams, TLanes>.InvertInPlace(norms);
            for (var j = 0; j < values.Length; j++)
            {
                ref var x = ref values[j];
                FieldBatch<TParams, TLanes>.Mul(x.C0, norms[j], out x.C0);
                FieldBatch<TParams, TLanes>.Sub(default, x.C1, out x.C1);
                FieldBatch<TParams, TLanes>.Mul(x.C1, norms[j], out x.C1);
            }
        }
        finally
        {
            ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Return(rented);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnsupported() =>
        throw new NotSupportedException($"the wide kernel of {TExtension.Name} needs u^2 = -1");
}

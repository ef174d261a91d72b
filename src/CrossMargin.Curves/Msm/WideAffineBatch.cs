using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CrossMargin.Field;
using CrossMargin.Field.Wide;

namespace CrossMargin.Curves;

/// <summary>
/// <see cref="AffineBatch{TField}.AddInPlace"/> for a curve over a prime field of
/// <see cref="Montgomery256{TParams}"/> elements, on the wide field kernel: the additions of a
/// batch are independent, so eight (AVX-512F) or four (AVX2) of them run in the lanes of one
/// <see cref="FieldBatch{TParams, TLanes}"/>. Same preconditions and results as the scalar twin,
/// which it falls back to on a processor with neither.
/// </summary>
/// <remarks>
/// The denominators are inverted by <see cref="WideField{TParams}.InvertInPlace{TLanes}"/>,
/// Montgomery's trick as <c>Count</c> interleaved chains (addition j in lane j mod Count), so
/// its serial products, latency-bound in the scalar twin, fill the vector units too. What the wide
/// kernel does not do is left scalar: the gathers from scattered buckets, the choice between a
/// chord and a tangent (doublings are rare), the differences that feed the products.
/// Per addition: 3 wide products for the inversion, 2 products and a square for the new point.
/// </remarks>
internal static class WideAffineBatch<TParams> where TParams : struct, IMontgomery256Params
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInPlace(
        Span<AffineXY<Montgomery256<TParams>>> targets,
        ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<Montgomery256<TParams>>> addends,
        Span<Montgomery256<TParams>> scratch)
    {
        if (Avx512F.IsSupported) AddInPlace<Lanes512>(targets, targetIndex, addends);
        else if (Avx2.IsSupported) AddInPlace<Lanes256>(targets, targetIndex, addends);
        else AffineBatch<Montgomery256<TParams>>.AddInPlace(targets, targetIndex, addends, scratch);
    }

    /// <summary>The batch on <typeparamref name="TLanes"/>'s path (tests run every path on every machine).</summary>
    [SkipLocalsInit]
    public static void AddInPlace<TLanes>(
        Span<AffineXY<Montgomery256<TParams>>> targets,
        ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<Montgomery256<TParams>>> addends)
        where TLanes : struct, ILanes<TLanes>
    {
        var count = addends.Length;
        if (count == 0) return;
        var n = TLanes.Count;
        var blocks = (count + n - 1) / n;
        // denominators[b] holds additions b*n .. b*n + n - 1, one per lane.
        var rented = ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Rent(blocks);
        Span<Montgomery256<TParams>> lanes = stackalloc Montgomery256<TParams>[4 * n];
        var first = lanes[..n];
        var second = lanes.Slice(n, n);
        var third = lanes.Slice(2 * n, n);
        var fourth = lanes.Slice(3 * n, n);
        try
        {
            var denominators = rented.AsSpan(0, blocks);
            for (var b = 0; b < blocks; b++)
            {
                for (var i = 0; i < n; i++)
                {
                    var j = b * n + i;
                    if (j >= count)
                    {
                        first[i] = Montgomery256<TParams>.One;   // a padding lane: 1 keeps the chain invertible
                        continue;
                    }
                    ref readonly var t = ref targets[targetIndex[j]];
                    ref readonly var a = ref addends[j];
                    if (a.X.Equals(t.X)) Montgomery256<TParams>.Double(t.Y, out first[i]);   // doubling: 2y
                    else Montgomery256<TParams>.Sub(a.X, t.X, out first[i]);                 // x2 - x1
                }
                FieldBatch<TParams, TLanes>.FromScalar(first, out denominators[b]);
            }
            WideField<TParams>.InvertInPlace(denominators);

            for (var b = 0; b < blocks; b++)
            {
                var valid = Math.Min(n, count - b * n);
                for (var i = 0; i < n; i++)
                {
                    if (i >= valid)
                    {
                        first[i] = second[i] = third[i] = fourth[i] = default;
                        continue;
                    }
                    var j = b * n + i;
                    ref readonly var t = ref targets[targetIndex[j]];
                    ref readonly var a = ref addends[j];
                    if (a.X.Equals(t.X)) AffineBatch<Montgomery256<TParams>>.TangentNumerator(t.X, out first[i]);   // 3 x^2
                    else Montgomery256<TParams>.Sub(a.Y, t.Y, out first[i]);                                    // y2 - y1
                    second[i] = t.X;
                    third[i] = a.X;
                    fourth[i] = t.Y;
                }
                FieldBatch<TParams, TLanes>.FromScalar(first, out var lambda);
                FieldBatch<TParams, TLanes>.FromScalar(second, out var x1);
                FieldBatch<TParams, TLanes>.FromScalar(third, out var x2);
                FieldBatch<TParams, TLanes>.FromScalar(fourth, out var y1);
                FieldBatch<TParams, TLanes>.Mul(lambda, denominators[b], out lambda);
                FieldBatch<TParams, TLanes>.Square(lambda, out var x3);                // x3 = lambda^2 - x1 - x2
                FieldBatch<TParams, TLanes>.Sub(x3, x1, out x3);
                FieldBatch<TParams, TLanes>.Sub(x3, x2, out x3);
                FieldBatch<TParams, TLanes>.Sub(x1, x3, out var y3);                   // y3 = lambda (x1 - x3) - y1
                FieldBatch<TParams, TLanes>.Mul(lambda, y3, out y3);
                FieldBatch<TParams, TLanes>.Sub(y3, y1, out y3);
                FieldBatch<TParams, TLanes>.ToScalar(x3, first);
                FieldBatch<TParams, TLanes>.ToScalar(y3, second);
                for (var i = 0; i < valid; i++)
                {
                    ref var t = ref targets[targetIndex[b * n + i]];
                    t.X = first[i];
                    t.Y = second[i];
                }
            }
        }
        finally
        {
            ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Return(rented);
        }
    }
}

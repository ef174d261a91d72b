using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CrossMargin.Field;
using CrossMargin.Field.Wide;

namespace CrossMargin.Curves;

/// <summary>
/// <see cref="AffineBatch{TField}.AddInPlace"/> on the wide field kernel: the additions of a
/// batch are independent, so eight (AVX-512F) or four (AVX2) of them run in the lanes of one
/// <typeparamref name="TWide"/>. Same preconditions and results as the scalar twin.
/// </summary>
/// <remarks>
/// The denominators are inverted by <typeparamref name="TWide"/>'s InvertInPlace, Montgomery's
/// trick as <c>Count</c> interleaved chains (addition j in lane j mod Count), so its serial
/// products, latency-bound in the scalar twin, fill the vector units too. What the wide kernel
/// does not do is left scalar: the gathers from scattered buckets, the choice between a chord
/// and a tangent (doublings are rare), the differences that feed the products.
/// </remarks>
internal static class WideAffineBatch<TField, TWide>
    where TField : unmanaged, IField<TField>
    where TWide : struct, IWideElement<TField, TWide>
{
    [SkipLocalsInit]
    public static void AddInPlace(Span<AffineXY<TField>> targets, ReadOnlySpan<int> targetIndex, ReadOnlySpan<AffineXY<TField>> addends)
    {
        var count = addends.Length;
        if (count == 0) return;
        var n = TWide.Count;
        var blocks = (count + n - 1) / n;
        // denominators[b] holds additions b*n .. b*n + n - 1, one per lane.
        var rented = ArrayPool<TWide>.Shared.Rent(blocks);
        Span<TField> lanes = stackalloc TField[4 * n];
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
                        first[i] = TField.One;   // a padding lane: 1 keeps the chain invertible
                        continue;
                    }
                    ref readonly var t = ref targets[targetIndex[j]];
                    ref readonly var a = ref addends[j];
                    if (a.X.Equals(t.X)) TField.Double(t.Y, out first[i]);   // doubling: 2y
                    else TField.Sub(a.X, t.X, out first[i]);                 // x2 - x1
                }
                TWide.FromScalar(first, out denominators[b]);
            }
            TWide.InvertInPlace(denominators);

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
                    if (a.X.Equals(t.X)) AffineBatch<TField>.TangentNumerator(t.X, out first[i]);   // 3 x^2
                    else TField.Sub(a.Y, t.Y, out first[i]);                                        // y2 - y1
                    second[i] = t.X;
                    third[i] = a.X;
                    fourth[i] = t.Y;
                }
                TWide.FromScalar(first, out var lambda);
                TWide.FromScalar(second, out var x1);
                TWide.FromScalar(third, out var x2);
                TWide.FromScalar(fourth, out var y1);
                TWide.Mul(lambda, denominators[b], out lambda);
                TWide.Square(lambda, out var x3);          // x3 = lambda^2 - x1 - x2
                TWide.Sub(x3, x1, out x3);
                TWide.Sub(x3, x2, out x3);
                TWide.Sub(x1, x3, out var y3);             // y3 = lambda (x1 - x3) - y1
                TWide.Mul(lambda, y3, out y3);
                TWide.Sub(y3, y1, out y3);
                TWide.ToScalar(x3, first);
                TWide.ToScalar(y3, second);
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
            ArrayPool<TWide>.Shared.Return(rented);
        }
    }
}

/// <summary>Picks the widest lane set the processor has for <see cref="WideAffineBatch{TField, TWide}"/>.</summary>
internal static class WideAffineBatch
{
    /// <summary>
    /// On the native kernel's IFMA entry points where they take the field
    /// (<see cref="IfmaAffineBatch{TField}"/>), else on <typeparamref name="TWide8"/> (eight lanes)
    /// with AVX-512F, <typeparamref name="TWide4"/> (four) with AVX2, else the scalar
    /// <see cref="AffineBatch{TField}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInPlace<TField, TWide8, TWide4>(Span<AffineXY<TField>> targets, ReadOnlySpan<int> targetIndex,
        ReadOnlySpan<AffineXY<TField>> addends, Span<TField> scratch)
        where TField : unmanaged, IField<TField>
        where TWide8 : struct, IWideElement<TField, TWide8>
        where TWide4 : struct, IWideElement<TField, TWide4>
    {
        if (IfmaAffineBatch<TField>.IsAvailable) IfmaAffineBatch<TField>.AddInPlace(targets, targetIndex, addends);
        else if (Avx512F.IsSupported) WideAffineBatch<TField, TWide8>.AddInPlace(targets, targetIndex, addends);
        else if (Avx2.IsSupported) WideAffineBatch<TField, TWide4>.AddInPlace(targets, targetIndex, addends);
        else AffineBatch<TField>.AddInPlace(targets, targetIndex, addends, scratch);
    }
}

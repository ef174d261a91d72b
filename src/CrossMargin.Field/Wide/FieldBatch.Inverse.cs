using System.Buffers;

namespace CrossMargin.Field.Wide;

public partial struct FieldBatch<TParams, TLanes>
{
    /// <summary>
    /// Replaces every lane of every batch by its inverse (lazily reduced); no lane may be zero.
    /// Montgomery's trick (one inversion, three products per element) run as
    /// <c>TLanes.Count</c> interleaved chains, one per lane, so the chain's serial products fill
    /// the vector units; the lanes of the final product are inverted together by the scalar
    /// <see cref="FieldAlgorithms.BatchInverse{T}"/>.
    /// </summary>
    public static void InvertInPlace(Span<FieldBatch<TParams, TLanes>> values)
    {
        if (values.IsEmpty) return;
        var rented = ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Rent(values.Length);
        Span<Montgomery256<TParams>> lanes = stackalloc Montgomery256<TParams>[TLanes.Count];
        try
        {
            // prefix[j] = the product of values[0..j-1].
            var prefix = rented.AsSpan(0, values.Length);
            var acc = FieldBatch<TParams, TLanes>.One;
            for (var j = 0; j < values.Length; j++)
            {
                prefix[j] = acc;
                FieldBatch<TParams, TLanes>.Mul(acc, values[j], out acc);
            }
            FieldBatch<TParams, TLanes>.ToScalar(acc, lanes);
            FieldAlgorithms.BatchInverse(lanes);
            FieldBatch<TParams, TLanes>.FromScalar(lanes, out var inverse);
            for (var j = values.Length - 1; j >= 0; j--)
            {
                // prefix[j] * inverse = values[j]^-1; then drop values[j] from inverse.
                FieldBatch<TParams, TLanes>.Mul(prefix[j], inverse, out var xInverse);
                FieldBatch<TParams, TLanes>.Mul(inverse, values[j], out inverse);
                values[j] = xInverse;
            }
        }
        finally
        {
            ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Return(rented);
        }
    }
}

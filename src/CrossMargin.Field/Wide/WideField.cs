using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CrossMargin.Field.Wide;

/// <summary>
/// Throughput-bound field arithmetic over spans of scalar <see cref="Montgomery256{TParams}"/>
/// elements: each call transposes eight (AVX-512F), four (AVX2) or one (neither) elements at a
/// time into a <see cref="FieldBatch{TParams, TLanes}"/>, runs the wide kernel and writes back
/// canonical scalar elements. The generic overloads take the lane type explicitly (tests and
/// benchmarks run every path on every machine); the others pick the widest the processor has.
/// </summary>
/// <remarks>
/// Element k of the result depends only on element k of the inputs, and block k is read before
/// it is written, so a result span may be an input span (not a shifted overlap of one).
/// The wide kernel uses the scalar type's Montgomery radix (R = 2^256), so a batch boundary
/// costs a transposition each way and a canonical reduction of the results. Callers that chain
/// many operations should keep their data in <see cref="FieldBatch{TParams, TLanes}"/> form
/// and pay that once.
/// </remarks>
public static class WideField<TParams> where TParams : struct, IMontgomery256Params
{
    /// <summary>Elements per batch on this processor: 8 with AVX-512F, 4 with AVX2, else 1.</summary>
    public static int PreferredCount => Avx512F.IsSupported ? 8 : Avx2.IsSupported ? 4 : 1;

    /// <summary>result[k] = a[k] * b[k] for every k.</summary>
    public static void Multiply(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
    {
        if (Avx512F.IsSupported) Multiply<Lanes512>(a, b, result);
        else if (Avx2.IsSupported) Multiply<Lanes256>(a, b, result);
        else Multiply<Lanes1>(a, b, result);
    }

    /// <summary>result[k] = a[k]^2 for every k.</summary>
    public static void Square(ReadOnlySpan<Montgomery256<TParams>> a, Span<Montgomery256<TParams>> result)
    {
        if (Avx512F.IsSupported) Square<Lanes512>(a, result);
        else if (Avx2.IsSupported) Square<Lanes256>(a, result);
        else Square<Lanes1>(a, result);
    }

    /// <summary>result[k] = a[k] + b[k] for every k.</summary>
    public static void Add(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
    {
        if (Avx512F.IsSupported) Add<Lanes512>(a, b, result);
        else if (Avx2.IsSupported) Add<Lanes256>(a, b, result);
        else Add<Lanes1>(a, b, result);
    }

    /// <summary>result[k] = a[k] - b[k] for every k.</summary>
    public static void Subtract(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
    {
        if (Avx512F.IsSupported) Subtract<Lanes512>(a, b, result);
        else if (Avx2.IsSupported) Subtract<Lanes256>(a, b, result);
        else Subtract<Lanes1>(a, b, result);
    }

    /// <summary>Replaces every non-zero value by its inverse (zeros stay zero); see the generic overload.</summary>
    public static void BatchInverse(Span<Montgomery256<TParams>> values)
    {
        if (Avx512F.IsSupported) BatchInverse<Lanes512>(values);
        else if (Avx2.IsSupported) BatchInverse<Lanes256>(values);
        else BatchInverse<Lanes1>(values);
    }

    /// <summary>result[k] = a[k] * b[k], on <typeparamref name="TLanes"/>'s path.</summary>
    public static void Multiply<TLanes>(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
        where TLanes : struct, ILanes<TLanes> => Map<TLanes>(a, b, result, Operation.Multiply);

    /// <summary>result[k] = a[k]^2, on <typeparamref name="TLanes"/>'s path.</summary>
    public static void Square<TLanes>(ReadOnlySpan<Montgomery256<TParams>> a, Span<Montgomery256<TParams>> result)
        where TLanes : struct, ILanes<TLanes> => Map<TLanes>(a, a, result, Operation.Square);

    /// <summary>result[k] = a[k] + b[k], on <typeparamref name="TLanes"/>'s path.</summary>
    public static void Add<TLanes>(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
        where TLanes : struct, ILanes<TLanes> => Map<TLanes>(a, b, result, Operation.Add);

    /// <summary>result[k] = a[k] - b[k], on <typeparamref name="TLanes"/>'s path.</summary>
    public static void Subtract<TLanes>(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> result)
        where TLanes : struct, ILanes<TLanes> => Map<TLanes>(a, b, result, Operation.Subtract);

    /// <summary>
    /// Replaces every non-zero value by its inverse, zeros staying zero: the values, element k
    /// in lane k mod Count, go through <see cref="FieldBatch{TParams, TLanes}.InvertInPlace"/> with zeros entering as
    /// ones and written back as zeros.
    /// </summary>
    public static void BatchInverse<TLanes>(Span<Montgomery256<TParams>> values) where TLanes : struct, ILanes<TLanes>
    {
        var n = TLanes.Count;
        var blocks = (values.Length + n - 1) / n;
        if (blocks == 0) return;
        var rented = ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Rent(blocks);
        Span<Montgomery256<TParams>> lanes = stackalloc Montgomery256<TParams>[n];
        try
        {
            var x = rented.AsSpan(0, blocks);
            for (var j = 0; j < blocks; j++)
            {
                var block = values.Slice(j * n, Math.Min(n, values.Length - j * n));
                for (var i = 0; i < n; i++) lanes[i] = i < block.Length && !block[i].IsZero ? block[i] : Montgomery256<TParams>.One;
                FieldBatch<TParams, TLanes>.FromScalar(lanes, out x[j]);
            }
            FieldBatch<TParams, TLanes>.InvertInPlace(x);
            for (var j = 0; j < blocks; j++)
            {
                FieldBatch<TParams, TLanes>.ToScalar(x[j], lanes);
                var block = values.Slice(j * n, Math.Min(n, values.Length - j * n));
                for (var i = 0; i < block.Length; i++)
                    if (!block[i].IsZero) block[i] = lanes[i];
            }
        }
        finally
        {
            ArrayPool<FieldBatch<TParams, TLanes>>.Shared.Return(rented);
        }
    }

    private enum Operation { Multiply, Square, Add, Subtract }

    /// <summary>
    /// result[k] = a[k] op b[k], a batch of <c>TLanes.Count</c> elements at a time. Products are
    /// reduced to canonical form after the kernel; sums and differences of canonical operands
    /// come out canonical from one carry pass. The switch costs one predictable branch per batch.
    /// </summary>
    [SkipLocalsInit]
    private static void Map<TLanes>(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b,
        Span<Montgomery256<TParams>> result, Operation operation)
        where TLanes : struct, ILanes<TLanes>
    {
        if (a.Length != b.Length || a.Length != result.Length) throw new ArgumentException("the spans differ in length");
        var n = TLanes.Count;
        for (var k = 0; k < a.Length; k += n)
        {
            var count = Math.Min(n, a.Length - k);
            FieldBatch<TParams, TLanes>.LoadRaw(a.Slice(k, count), out var x);
            FieldBatch<TParams, TLanes> y;
            if (operation == Operation.Square) Unsafe.SkipInit(out y);
            else FieldBatch<TParams, TLanes>.LoadRaw(b.Slice(k, count), out y);
            FieldBatch<TParams, TLanes> z;
            switch (operation)
            {
                case Operation.Multiply:
                    FieldBatch<TParams, TLanes>.Mul(x, y, out z);
                    FieldBatch<TParams, TLanes>.Canonicalize(z, out z);
                    break;
                case Operation.Square:
                    FieldBatch<TParams, TLanes>.Square(x, out z);
                    FieldBatch<TParams, TLanes>.Canonicalize(z, out z);
                    break;
                case Operation.Add:
                    // x + y - p, plus p where negative.
                    FieldBatch<TParams, TLanes>.Combine<FieldBatch<TParams, TLanes>.Plus>(x, y, WideParams<TParams>.MinusP, WideParams<TParams>.P, out z);
                    break;
                default:
                    // x - y, plus p where negative.
                    FieldBatch<TParams, TLanes>.Combine<FieldBatch<TParams, TLanes>.Minus>(x, y, WideParams<TParams>.Zero, WideParams<TParams>.P, out z);
                    break;
            }
            FieldBatch<TParams, TLanes>.StoreRaw(z, result.Slice(k, count));
        }
    }
}

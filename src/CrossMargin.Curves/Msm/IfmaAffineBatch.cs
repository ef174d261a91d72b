using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// <see cref="AffineBatch{TField}.AddInPlace"/> over F_p or F_p2 on the native kernel's IFMA entry
/// points (Native/ifma_x86_64.c and affine_batch_ifma.inc in CrossMargin.Field): eight additions
/// at once in 52-bit limbs, with the denominators inverted as interleaved chains. Same
/// preconditions and results as the scalar twin and <see cref="WideAffineBatch{TField, TWide}"/>,
/// which stay the reference.
/// </summary>
/// <remarks>
/// <see cref="AddInPlace"/> runs the kernel in two calls around the one thing left here: the
/// inversion of the sixteen chains' products (the lanes of the even blocks and of the odd ones), a
/// latency-bound chain that one scalar inversion does best. Each block of eight keeps a record of
/// 80 words per F_p coefficient between the calls (its prefix product and its denominator). The
/// kernel reads the targets through their indices unchecked, so each index is checked against the
/// targets first. <see cref="AddWindow"/> and <see cref="WeightedSumSteps"/> hand the kernel a
/// whole window's staging and batches, or a whole weighted sum's, with that inversion in C too:
/// there the sixteen products meet in the lanes (a butterfly of lane products), so that one scalar
/// inversion and nine eight-lane products replace Montgomery's trick over sixteen single elements.
/// </remarks>
internal static unsafe class IfmaAffineBatch<TField> where TField : struct, IField<TField>
{
    /// <summary>Whether the kernel's IFMA entry points take this field: F_p or F_p2 over one, with IFMA in use (the one test of it; <see cref="Encodings.IfmaPointCheck{TField, TCurve}"/> asks here too).</summary>
    public static bool IsAvailable => TField.NativeKernelIfma && TField.NativeKernelDegree is 1 or 2 && Unsafe.SizeOf<TField>() == 32 * TField.NativeKernelDegree;

    /// <summary>Words of scratch the kernel's records take for batches of up to <paramref name="capacity"/> additions.</summary>
    public static int RecordWords(int capacity) => 80 * TField.NativeKernelDegree * ((capacity + 7) / 8);

    /// <summary>
    /// One call of the kernel's window loop (<see cref="NativeKernel.IfmaFpWindowAdd"/>) over
    /// members [start, end) of a window, on the buckets <paramref name="state"/> points to (pinned
    /// by the caller, which checks that the members name points and passes the window's bucket
    /// count): returns end, or the first member not taken where the queue filled.
    /// </summary>
    /// <exception cref="InvalidOperationException">A digit named a bucket past the window's, or a batch's denominators had no inverse (a point off the curve).</exception>
    public static long AddWindow(NativeWindowState* state, ushort* digits, int* members, ulong* points, long start, long end)
    {
        if (!IsAvailable) throw new InvalidOperationException($"the native kernel's IFMA entry points do not take {typeof(TField).Name}");
        var next = TField.NativeKernelDegree == 1
            ? NativeKernel.IfmaFpWindowAdd(state, digits, members, points, start, end)
            : NativeKernel.IfmaFp2WindowAdd(state, digits, members, points, start, end);
        if (next < 0)
            throw new InvalidOperationException("the kernel's window loop stopped: a digit named a bucket past the window's, or a batch of additions had no inverse (a point off the curve?)");
        return next;
    }

    /// <summary>
    /// The batched steps of a segmented weighted sum on the kernel
    /// (<see cref="NativeKernel.IfmaFpWeightedSumSteps"/>): <paramref name="segments"/> running
    /// sums and totals over buckets of <paramref name="length"/> each, on the batch arrays
    /// <paramref name="state"/> points to (capacity at least the segments, pinned by the caller).
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch's denominators had no inverse (a point off the curve).</exception>
    public static void WeightedSumSteps(NativeWindowState* state, ulong* running, ulong* total, ulong* buckets, long segments, long length)
    {
        if (!IsAvailable) throw new InvalidOperationException($"the native kernel's IFMA entry points do not take {typeof(TField).Name}");
        var result = TField.NativeKernelDegree == 1
            ? NativeKernel.IfmaFpWeightedSumSteps(state, running, total, buckets, segments, length)
            : NativeKernel.IfmaFp2WeightedSumSteps(state, running, total, buckets, segments, length);
        if (result < 0) throw new InvalidOperationException("the kernel's weighted sum stopped: a batch of additions had no inverse (a point off the curve?)");
    }

    public static void AddInPlace(Span<AffineXY<TField>> targets, ReadOnlySpan<int> targetIndex, ReadOnlySpan<AffineXY<TField>> addends)
    {
        var count = addends.Length;
        if (count == 0) return;
        if (!IsAvailable) throw new InvalidOperationException($"the native kernel's IFMA entry points do not take {typeof(TField).Name}");
        if (targetIndex.Length != count) throw new ArgumentException("one target index per addend", nameof(targetIndex));
        foreach (var index in targetIndex)
            if ((uint)index >= (uint)targets.Length) throw new ArgumentOutOfRangeException(nameof(targetIndex), index, "a target index past the targets");

        var modulus = (ulong*)TField.NativeKernelModulus;
        var degree = TField.NativeKernelDegree;
        var records = ArrayPool<ulong>.Shared.Rent(RecordWords(count));
        var products = MemoryMarshal.Cast<ulong, TField>(stackalloc ulong[16 * 4 * degree]);
        try
        {
            fixed (byte* t = MemoryMarshal.AsBytes(targets))
            fixed (int* i = targetIndex)
            fixed (byte* a = MemoryMarshal.AsBytes(addends))
            fixed (ulong* p = records)
            fixed (byte* q = MemoryMarshal.AsBytes(products))
            {
                if (degree == 1) NativeKernel.IfmaFpAffineBatchBegin((ulong*)t, i, (ulong*)a, (ulong)count, p, modulus, (ulong*)q);
                else NativeKernel.IfmaFp2AffineBatchBegin((ulong*)t, i, (ulong*)a, (ulong)count, p, modulus, (ulong*)q);
                FieldAlgorithms.BatchInverse(products);
                if (degree == 1) NativeKernel.IfmaFpAffineBatchEnd((ulong*)t, i, (ulong*)a, (ulong)count, p, (ulong*)q, modulus);
                else NativeKernel.IfmaFp2AffineBatchEnd((ulong*)t, i, (ulong*)a, (ulong)count, p, (ulong*)q, modulus);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(records);
        }
    }
}

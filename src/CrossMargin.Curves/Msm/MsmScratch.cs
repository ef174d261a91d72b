using System.Buffers;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// The array pools of one multi-scalar multiplication (<see cref="MsmRun{TField, TCurve}"/>): its
/// classification, digits, buckets and batches rent here, so that the arrays pass from task to
/// task of the run and go with it. The process-wide <see cref="ArrayPool{T}.Shared"/> would keep
/// every size and element type a proof's MSMs ever rented for the process's life (a G2 MSM's
/// buckets through the G1 MSMs after it: a prover's peak memory would be their sum).
/// </summary>
internal sealed class MsmScratch<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    /// <summary>The largest array a pool keeps (a window's digits for 2^26 points), and how many of a size: one a worker, with room.</summary>
    private const int MaxArrayLength = 1 << 30;
    private const int ArraysPerSize = 32;

    public ArrayPool<AffineXY<TField>> Points { get; } = ArrayPool<AffineXY<TField>>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<JacobianPoint<TField, TCurve>> Jacobian { get; } = ArrayPool<JacobianPoint<TField, TCurve>>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<XyzzPoint<TField, TCurve>> Xyzz { get; } = ArrayPool<XyzzPoint<TField, TCurve>>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<TField> Fields { get; } = ArrayPool<TField>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<int> Indices { get; } = ArrayPool<int>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<bool> Flags { get; } = ArrayPool<bool>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<ushort> Digits { get; } = ArrayPool<ushort>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<ulong> Words { get; } = ArrayPool<ulong>.Create(MaxArrayLength, ArraysPerSize);
    public ArrayPool<ScalarKind> Kinds { get; } = ArrayPool<ScalarKind>.Create(MaxArrayLength, ArraysPerSize);
}

using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// The buckets of one Pippenger window (or of one "sum these points" task): points are added
/// into numbered buckets, then combined either as sum_k (k + 1) B_k (a window: bucket k collects
/// the points whose digit is +-(k + 1)) or as the plain sum_k B_k.
/// </summary>
internal interface IBuckets<TField, TCurve> : IDisposable
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    /// <summary>B_bucket += (x, y), a finite affine point.</summary>
    void Add(int bucket, in TField x, in TField y);

    /// <summary>
    /// sum_k (k + 1) B_k by the running-sum trick: going down from the top bucket,
    /// running = B_top + ... + B_k and total += running, so B_k is counted k + 1 times; two
    /// additions per bucket instead of a scalar multiplication each.
    /// </summary>
    XyzzPoint<TField, TCurve> WeightedSum();

    /// <summary>sum_k B_k.</summary>
    XyzzPoint<TField, TCurve> Sum();
}

/// <summary>
/// Buckets in XYZZ coordinates, each point added with one mixed addition (madd-2008-s, 8M + 2S).
/// The simple version: the plain twin of <see cref="AffineBuckets{TField, TCurve}"/>.
/// </summary>
internal sealed class XyzzBuckets<TField, TCurve> : IBuckets<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    private readonly XyzzPoint<TField, TCurve>[] _buckets;
    private readonly int _count;
    private readonly MsmScratch<TField, TCurve> _pools;

    public XyzzBuckets(int bucketCount, MsmScratch<TField, TCurve> scratch)
    {
        _count = bucketCount;
        _pools = scratch;
        _buckets = scratch.Xyzz.Rent(bucketCount);
        _buckets.AsSpan(0, bucketCount).Fill(XyzzPoint<TField, TCurve>.Infinity);
    }

    public void Add(int bucket, in TField x, in TField y)
    {
        ref var b = ref _buckets[bucket];
        XyzzPoint<TField, TCurve>.AddMixed(b, x, y, out b);
    }

    public XyzzPoint<TField, TCurve> WeightedSum()
    {
        var running = XyzzPoint<TField, TCurve>.Infinity;
        var total = XyzzPoint<TField, TCurve>.Infinity;
        for (var k = _count - 1; k >= 0; k--)
        {
            XyzzPoint<TField, TCurve>.Add(running, _buckets[k], out running);
            XyzzPoint<TField, TCurve>.Add(total, running, out total);
        }
        return total;
    }

    public XyzzPoint<TField, TCurve> Sum()
    {
        var total = XyzzPoint<TField, TCurve>.Infinity;
        for (var k = 0; k < _count; k++) XyzzPoint<TField, TCurve>.Add(total, _buckets[k], out total);
        return total;
    }

    public void Dispose() => _pools.Xyzz.Return(_buckets);
}

/// <summary>
/// Buckets in affine coordinates, filled by batches of independent affine additions that share one
/// inversion (<see cref="AffineBatch{TField}"/>): about 6 multiplications per added point instead
/// of 10. The scheme is gnark-crypto's processChunkG1BatchAffine (ecc/bn254/multiexp_affine.go).
/// </summary>
/// <remarks>
/// A batch may touch each bucket once (the additions must be independent), so a point whose
/// bucket is already in the current batch waits in a queue, and queued points go first into the
/// next batch. For random digits few points wait (about batch^2 / 2m per batch for m buckets).
/// When the queue fills anyway (many equal digits), it is emptied into a second set of buckets in
/// Jacobian coordinates with ordinary mixed additions (the native kernel's, where it is loaded), so
/// the worst case costs about what <see cref="XyzzBuckets{TField, TCurve}"/> costs; at the end those are folded into the affine
/// buckets (<see cref="FoldOverflow"/>), so one weighted sum serves both. The special cases
/// (empty bucket, P + P, P + (-P)) are settled when a point is staged, so the batch kernel sees
/// only true additions and doublings. The weighted sum of large windows is batch-affine too
/// (<see cref="SegmentedWeightedSum"/>).
/// </remarks>
internal sealed class AffineBuckets<TField, TCurve> : IBuckets<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    private readonly int _count;
    private readonly int _batchCapacity;
    private readonly AffineXY<TField>[] _buckets;
    private readonly bool[] _inBatch;
    private readonly int[] _batchTarget;
    private readonly AffineXY<TField>[] _batchAddend;
    private readonly TField[] _scratch;
    private readonly int[] _queueTarget;
    private readonly AffineXY<TField>[] _queueAddend;
    /// <summary>Points that kept colliding, summed per bucket in Jacobian coordinates (the native kernel's additions where it is loaded).</summary>
    private JacobianPoint<TField, TCurve>[]? _overflow;
    private readonly MsmScratch<TField, TCurve> _pools;
    private int _batchCount;
    private int _queueCount;
    private bool _finished;

    public AffineBuckets(int bucketCount, int batchCapacity, MsmScratch<TField, TCurve> scratch)
    {
        _pools = scratch;
        _count = bucketCount;
        _batchCapacity = batchCapacity;
        // The segmented weighted sum batches one addition per segment.
        var capacity = Math.Max(batchCapacity, MsmPlan.ReductionSegments(bucketCount));
        _buckets = _pools.Points.Rent(bucketCount);
        _buckets.AsSpan(0, bucketCount).Fill(new AffineXY<TField>(TField.Zero, TField.Zero));
        _inBatch = _pools.Flags.Rent(bucketCount);
        _inBatch.AsSpan(0, bucketCount).Clear();
        _batchTarget = _pools.Indices.Rent(capacity);
        _batchAddend = _pools.Points.Rent(capacity);
        _scratch = _pools.Fields.Rent(2 * capacity);
        _queueTarget = _pools.Indices.Rent(batchCapacity);
        _queueAddend = _pools.Points.Rent(batchCapacity);
    }

    public void Add(int bucket, in TField x, in TField y)
    {
        if (_inBatch[bucket] && _queueCount == _batchCapacity)
        {
            // The queue is full: run the batch as it stands and let the queue refill the next (a
            // window with few buckets for its points meets this all the time); to the overflow
            // only where that frees little, most waiting points wanting the same few buckets.
            var waiting = _queueCount;
            ExecuteAndRefill();
            if (4 * (waiting - _queueCount) < waiting) FlushQueue();
        }
        if (_inBatch[bucket])
        {
            _queueTarget[_queueCount] = bucket;
            _queueAddend[_queueCount] = new AffineXY<TField>(x, y);
            _queueCount++;
            return;
        }
        Stage(bucket, x, y);
        if (_batchCount == _batchCapacity) ExecuteAndRefill();
    }

    /// <summary>
    /// <see cref="Add"/> for each non-zero digit of members [start, end) of a window (member j
    /// adds points[i], i = members[j], negated for a negative digit or where i is stored as ~i),
    /// in one call of the native kernel's IFMA window loop, which stages, queues and runs the
    /// batches as Add does: the digit-by-digit staging in C# cost about as much as a third of the
    /// additions. Where the kernel does not take this field, false, and nothing is added.
    /// </summary>
    public unsafe bool TryAddWindowNative(
        ReadOnlySpan<AffinePoint<TField, TCurve>> points, ReadOnlySpan<ushort> digits, ReadOnlySpan<int> members, int start, int end)
    {
        if (!IfmaAffineBatch<TField>.IsAvailable) return false;
        if ((uint)start > (uint)end || end > digits.Length || end > members.Length)
            throw new ArgumentOutOfRangeException(nameof(end), $"members [{start}, {end}) past the {digits.Length} digits or {members.Length} members");
        for (var j = start; j < end; j++)
        {
            var i = members[j] < 0 ? ~members[j] : members[j];
            if ((uint)i >= (uint)points.Length) throw new ArgumentOutOfRangeException(nameof(members), i, $"member {j} names a point past the {points.Length} points");
        }
        var records = _pools.Words.Rent(IfmaAffineBatch<TField>.RecordWords(_batchCapacity));
        var references = _pools.Words.Rent(_batchAddend.Length);
        try
        {
            fixed (byte* buckets = MemoryMarshal.AsBytes(_buckets.AsSpan()))
            fixed (bool* inBatch = _inBatch)
            fixed (int* batchTarget = _batchTarget)
            fixed (byte* batchAddend = MemoryMarshal.AsBytes(_batchAddend.AsSpan()))
            fixed (int* queueTarget = _queueTarget)
            fixed (byte* queueAddend = MemoryMarshal.AsBytes(_queueAddend.AsSpan()))
            fixed (ulong* scratch = records)
            fixed (ulong* batchRef = references)
            fixed (byte* pointBytes = MemoryMarshal.AsBytes(points))
            fixed (ushort* digitValues = digits)
            fixed (int* memberIndices = members)
            {
                var state = new NativeWindowState
                {
                    Buckets = buckets, InBatch = inBatch, BatchTarget = batchTarget, BatchAddend = batchAddend,
                    QueueTarget = queueTarget, QueueAddend = queueAddend, Records = scratch,
                    Parameters = (ulong*)TField.NativeKernelModulus,
                    Capacity = _batchCapacity, BatchCount = _batchCount, QueueCount = _queueCount, BucketCount = _count,
                    BatchRef = batchRef,
                };
                long next = start;
                while (true)
                {
                    next = IfmaAffineBatch<TField>.AddWindow(&state, digitValues, memberIndices, (ulong*)pointBytes, next, end);
                    _batchCount = state.BatchCount;
                    _queueCount = state.QueueCount;
                    if (next == end) break;
                    // The queue filled (many equal digits): into the overflow, as Add does.
                    FlushQueue();
                    state.QueueCount = 0;
                }
            }
        }
        finally
        {
            _pools.Words.Return(records);
            _pools.Words.Return(references);
        }
        return true;
    }

    /// <summary>Settles the special cases at once; a true addition or doubling joins the batch.</summary>
    private void Stage(int bucket, in TField x, in TField y)
    {
        if (AffineBatch<TField>.TrySettle(ref _buckets[bucket], x, y)) return;
        _inBatch[bucket] = true;
        _batchTarget[_batchCount] = bucket;
        _batchAddend[_batchCount] = new AffineXY<TField>(x, y);
        _batchCount++;
    }

    private void ExecuteAndRefill()
    {
        do
        {
            Execute();
            DrainQueue();
        } while (_batchCount == _batchCapacity);
    }

    /// <summary>
    /// Waiting points go first into the batch, keeping the queue short; those whose bucket is
    /// taken again stay, in order.
    /// </summary>
    private void DrainQueue()
    {
        var kept = 0;
        for (var i = 0; i < _queueCount; i++)
        {
            var bucket = _queueTarget[i];
            if (!_inBatch[bucket] && _batchCount < _batchCapacity)
            {
                Stage(bucket, _queueAddend[i].X, _queueAddend[i].Y);
            }
            else
            {
                _queueTarget[kept] = bucket;
                _queueAddend[kept] = _queueAddend[i];
                kept++;
            }
        }
        _queueCount = kept;
    }

    private void Execute()
    {
        var count = _batchCount;
        if (count == 0) return;
        TCurve.AddAffineBatch(
            _buckets.AsSpan(0, _count), _batchTarget.AsSpan(0, count), _batchAddend.AsSpan(0, count), _scratch);
        for (var j = 0; j < count; j++) _inBatch[_batchTarget[j]] = false;
        _batchCount = 0;
    }

    private void FlushQueue()
    {
        if (_queueCount == 0) return;
        if (_overflow is null)
        {
            _overflow = _pools.Jacobian.Rent(_count);
            _overflow.AsSpan(0, _count).Fill(JacobianPoint<TField, TCurve>.Infinity);
        }
        for (var i = 0; i < _queueCount; i++)
        {
            ref var o = ref _overflow[_queueTarget[i]];
            JacobianPoint<TField, TCurve>.AddMixed(o, new AffinePoint<TField, TCurve>(_queueAddend[i].X, _queueAddend[i].Y), out o);
        }
        _queueCount = 0;
    }

    /// <summary>
    /// Runs the last batch, then the waiting points in further batches while they mostly go to
    /// distinct buckets (a random window's tail); points that keep colliding go to the overflow,
    /// which is then folded into the affine buckets.
    /// </summary>
    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        Execute();
        while (_queueCount > 0)
        {
            var waiting = _queueCount;
            DrainQueue();
            Execute();
            if (4 * (waiting - _queueCount) < waiting) FlushQueue();
        }
        FoldOverflow();
    }

    /// <summary>
    /// Adds each non-empty overflow bucket into its affine bucket: to affine coordinates
    /// (x = X/Z^2, y = Y/Z^3, all the Z inverted together), then as ordinary batch additions, one
    /// per bucket. So one weighted sum serves both sets: a weighted sum of the overflow would cost
    /// two additions for every bucket, empty or not, where a few heavy buckets (many equal digits)
    /// are the usual cause of an overflow.
    /// </summary>
    private void FoldOverflow()
    {
        var overflow = _overflow;
        if (overflow is null) return;
        _overflow = null;
        var occupied = _pools.Indices.Rent(_count);
        var denominators = _pools.Fields.Rent(_count);
        try
        {
            var n = 0;
            for (var k = 0; k < _count; k++)
            {
                if (overflow[k].Z.IsZero) continue;
                denominators[n] = overflow[k].Z;
                occupied[n++] = k;
            }
            FieldAlgorithms.BatchInverse(denominators.AsSpan(0, n));
            for (var i = 0; i < n; i++)
            {
                var k = occupied[i];
                var point = overflow[k].ToAffine(denominators[i]);
                Stage(k, point.X, point.Y);
                if (_batchCount == _batchCapacity) Execute();
            }
            Execute();
        }
        finally
        {
            _pools.Indices.Return(occupied);
            _pools.Fields.Return(denominators);
            _pools.Jacobian.Return(overflow);
        }
    }

    public XyzzPoint<TField, TCurve> WeightedSum()
    {
        Finish();
        var segments = MsmPlan.ReductionSegments(_count);
        return segments > 1 ? SegmentedWeightedSum(segments) : SerialWeightedSum();
    }

    /// <summary>The running-sum trick in XYZZ coordinates: per bucket a mixed addition and an addition.</summary>
    private XyzzPoint<TField, TCurve> SerialWeightedSum()
    {
        var running = XyzzPoint<TField, TCurve>.Infinity;
        var total = XyzzPoint<TField, TCurve>.Infinity;
        for (var k = _count - 1; k >= 0; k--)
        {
            ref readonly var b = ref _buckets[k];
            if (!b.IsEmpty) XyzzPoint<TField, TCurve>.AddMixed(running, b.X, b.Y, out running);
            XyzzPoint<TField, TCurve>.Add(total, running, out total);
        }
        return total;
    }

    /// <summary>
    /// sum_k (k + 1) B_k with the running sums of S segments of L = m/S buckets advancing in
    /// step, so that each step is two batches of S independent affine additions (about 7
    /// multiplications each instead of the 10 and 14 of the XYZZ running sum).
    /// </summary>
    /// <remarks>
    /// Segment s holds buckets sL .. sL + L - 1. Going down it, running_s += B_k then
    /// total_s += running_s gives total_s = sum_i (i + 1) B_{sL+i} and running_s = sum_i B_{sL+i},
    /// and since bucket sL + i has weight sL + i + 1,
    /// sum_k (k + 1) B_k = sum_s total_s + L sum_s s running_s. The last sum is a running sum over
    /// the S segments (Jacobian, 2S additions), then log2 L doublings.
    /// </remarks>
    private XyzzPoint<TField, TCurve> SegmentedWeightedSum(int segments)
    {
        var length = _count / segments;
        Debug.Assert(length * segments == _count && BitOperations.IsPow2(length));
        var running = _pools.Points.Rent(segments);
        var total = _pools.Points.Rent(segments);
        try
        {
            var empty = new AffineXY<TField>(TField.Zero, TField.Zero);
            running.AsSpan(0, segments).Fill(empty);
            total.AsSpan(0, segments).Fill(empty);
            if (!TryNativeWeightedSumSteps(running, total, segments, length))
            {
                for (var i = length - 1; i >= 0; i--)
                {
                    for (var s = 0; s < segments; s++)
                    {
                        ref readonly var b = ref _buckets[s * length + i];
                        if (!b.IsEmpty) StageSegment(running, s, b);
                    }
                    ExecuteSegments(running);
                    for (var s = 0; s < segments; s++)
                    {
                        ref readonly var r = ref running[s];
                        if (!r.IsEmpty) StageSegment(total, s, r);
                    }
                    ExecuteSegments(total);
                }
            }

            // The tail over the segments in Jacobian coordinates, whose additions the native kernel
            // runs where it is loaded (the C# XYZZ tail took a third of a window's weighted sum).
            var weighted = JacobianPoint<TField, TCurve>.Infinity;   // sum_s s running_s
            var suffix = JacobianPoint<TField, TCurve>.Infinity;
            var totals = JacobianPoint<TField, TCurve>.Infinity;     // sum_s total_s
            for (var s = segments - 1; s >= 0; s--)
            {
                if (!total[s].IsEmpty) JacobianPoint<TField, TCurve>.AddMixed(totals, new AffinePoint<TField, TCurve>(total[s].X, total[s].Y), out totals);
                if (s == 0) break;
                if (!running[s].IsEmpty) JacobianPoint<TField, TCurve>.AddMixed(suffix, new AffinePoint<TField, TCurve>(running[s].X, running[s].Y), out suffix);
                JacobianPoint<TField, TCurve>.Add(weighted, suffix, out weighted);
            }
            for (var l = length; l > 1; l >>= 1) JacobianPoint<TField, TCurve>.Double(weighted, out weighted);
            JacobianPoint<TField, TCurve>.Add(weighted, totals, out weighted);
            return XyzzPoint<TField, TCurve>.FromJacobian(weighted);
        }
        finally
        {
            _pools.Points.Return(running);
            _pools.Points.Return(total);
        }
    }

    /// <summary>
    /// All the steps of <see cref="SegmentedWeightedSum"/> in one call of the native kernel where
    /// it takes this field (its window loop's batches, on this set's batch arrays); false, and
    /// nothing done, where it does not.
    /// </summary>
    private unsafe bool TryNativeWeightedSumSteps(AffineXY<TField>[] running, AffineXY<TField>[] total, int segments, int length)
    {
        if (!IfmaAffineBatch<TField>.IsAvailable) return false;
        var capacity = Math.Max(_batchCapacity, segments);
        var records = _pools.Words.Rent(IfmaAffineBatch<TField>.RecordWords(capacity));
        var references = _pools.Words.Rent(_batchAddend.Length);
        try
        {
            fixed (byte* buckets = MemoryMarshal.AsBytes(_buckets.AsSpan(0, _count)))
            fixed (bool* inBatch = _inBatch)
            fixed (int* batchTarget = _batchTarget)
            fixed (byte* batchAddend = MemoryMarshal.AsBytes(_batchAddend.AsSpan()))
            fixed (ulong* scratch = records)
            fixed (ulong* batchRef = references)
            fixed (byte* runningBytes = MemoryMarshal.AsBytes(running.AsSpan(0, segments)))
            fixed (byte* totalBytes = MemoryMarshal.AsBytes(total.AsSpan(0, segments)))
            {
                var state = new NativeWindowState
                {
                    InBatch = inBatch, BatchTarget = batchTarget, BatchAddend = batchAddend, Records = scratch,
                    Parameters = (ulong*)TField.NativeKernelModulus, Capacity = capacity, BucketCount = segments,
                    BatchRef = batchRef,
                };
                IfmaAffineBatch<TField>.WeightedSumSteps(&state, (ulong*)runningBytes, (ulong*)totalBytes, (ulong*)buckets, segments, length);
            }
        }
        finally
        {
            _pools.Words.Return(records);
            _pools.Words.Return(references);
        }
        return true;
    }

    private void StageSegment(AffineXY<TField>[] targets, int s, in AffineXY<TField> addend)
    {
        if (AffineBatch<TField>.TrySettle(ref targets[s], addend.X, addend.Y)) return;
        _batchTarget[_batchCount] = s;
        _batchAddend[_batchCount] = addend;
        _batchCount++;
    }

    private void ExecuteSegments(AffineXY<TField>[] targets)
    {
        TCurve.AddAffineBatch(targets, _batchTarget.AsSpan(0, _batchCount), _batchAddend.AsSpan(0, _batchCount), _scratch);
        _batchCount = 0;
    }

    public XyzzPoint<TField, TCurve> Sum()
    {
        Finish();
        var total = XyzzPoint<TField, TCurve>.Infinity;
        for (var k = 0; k < _count; k++)
        {
            ref readonly var b = ref _buckets[k];
            if (!b.IsEmpty) XyzzPoint<TField, TCurve>.AddMixed(total, b.X, b.Y, out total);
        }
        return total;
    }

    public void Dispose()
    {
        _pools.Points.Return(_buckets);
        _pools.Flags.Return(_inBatch);
        _pools.Indices.Return(_batchTarget);
        _pools.Points.Return(_batchAddend);
        _pools.Fields.Return(_scratch);
        _pools.Indices.Return(_queueTarget);
        _pools.Points.Return(_queueAddend);
        if (_overflow is not null) _pools.Jacobian.Return(_overflow);
    }
}

using System.Buffers;
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

    public XyzzBuckets(int bucketCount)
    {
        _count = bucketCount;
        _buckets = ArrayPool<XyzzPoint<TField, TCurve>>.Shared.Rent(bucketCount);
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

    public void Dispose() => ArrayPool<XyzzPoint<TField, TCurve>>.Shared.Return(_buckets);
}

/// <summary>
/// Buckets in affine coordinates, filled by batches of independent affine additions that share one
/// inversion (<see cref="AffineBatch{TField}"/>): about 6 multiplications per added point instead
/// of 10. The scheme is gnark-crypto's processChunkG1BatchAffine (ecc/bn254/multiexp_affine.go).
/// </summary>
/// <remarks>
/// A batch may touch each bucket once (the additions must be independent), so a point whose
/// bucket is already in the current batch waits in a queue, and queued points go first into the
/// next batch. For random digits few points wait (about batch^2 / 2m per batch for m buckets);
/// when the queue fills anyway (many equal digits), it is emptied into a second set of buckets in
/// XYZZ coordinates with ordinary mixed additions, so the worst case costs about what
/// <see cref="XyzzBuckets{TField, TCurve}"/> costs. The special cases (empty bucket, P + P,
/// P + (-P)) are settled when a point is staged, so the batch kernel sees only true additions and
/// doublings.
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
    private XyzzPoint<TField, TCurve>[]? _overflow;
    private int _batchCount;
    private int _queueCount;
    private bool _finished;

    public AffineBuckets(int bucketCount, int batchCapacity)
    {
        _count = bucketCount;
        _batchCapacity = batchCapacity;
        _buckets = ArrayPool<AffineXY<TField>>.Shared.Rent(bucketCount);
        _buckets.AsSpan(0, bucketCount).Fill(new AffineXY<TField>(TField.Zero, TField.Zero));
        _inBatch = ArrayPool<bool>.Shared.Rent(bucketCount);
        _inBatch.AsSpan(0, bucketCount).Clear();
        _batchTarget = ArrayPool<int>.Shared.Rent(batchCapacity);
        _batchAddend = ArrayPool<AffineXY<TField>>.Shared.Rent(batchCapacity);
        _scratch = ArrayPool<TField>.Shared.Rent(2 * batchCapacity);
        _queueTarget = ArrayPool<int>.Shared.Rent(batchCapacity);
        _queueAddend = ArrayPool<AffineXY<TField>>.Shared.Rent(batchCapacity);
    }

    public void Add(int bucket, in TField x, in TField y)
    {
        if (_inBatch[bucket])
        {
            if (_queueCount == _batchCapacity) FlushQueue();
            _queueTarget[_queueCount] = bucket;
            _queueAddend[_queueCount] = new AffineXY<TField>(x, y);
            _queueCount++;
            return;
        }
        Stage(bucket, x, y);
        if (_batchCount == _batchCapacity) ExecuteAndRefill();
    }

    /// <summary>Settles the special cases at once; a true addition or doubling joins the batch.</summary>
    private void Stage(int bucket, in TField x, in TField y)
    {
        ref var b = ref _buckets[bucket];
        if (b.IsEmpty)
        {
            b = new AffineXY<TField>(x, y);
            return;
        }
        if (b.X.Equals(x) && (!b.Y.Equals(y) || y.IsZero))
        {
            // B + (-B) = O, and 2B = O when y = 0.
            b = new AffineXY<TField>(TField.Zero, TField.Zero);
            return;
        }
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
            // Waiting points go first, keeping the queue short; those whose bucket is taken
            // again stay, in order.
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
        } while (_batchCount == _batchCapacity);
    }

    private void Execute()
    {
        var count = _batchCount;
        AffineBatch<TField>.AddInPlace(
            _buckets.AsSpan(0, _count), _batchTarget.AsSpan(0, count), _batchAddend.AsSpan(0, count), _scratch);
        for (var j = 0; j < count; j++) _inBatch[_batchTarget[j]] = false;
        _batchCount = 0;
    }

    private void FlushQueue()
    {
        if (_queueCount == 0) return;
        if (_overflow is null)
        {
            _overflow = ArrayPool<XyzzPoint<TField, TCurve>>.Shared.Rent(_count);
            _overflow.AsSpan(0, _count).Fill(XyzzPoint<TField, TCurve>.Infinity);
        }
        for (var i = 0; i < _queueCount; i++)
        {
            ref var o = ref _overflow[_queueTarget[i]];
            XyzzPoint<TField, TCurve>.AddMixed(o, _queueAddend[i].X, _queueAddend[i].Y, out o);
        }
        _queueCount = 0;
    }

    private void Finish()
    {
        if (_finished) return;
        Execute();
        FlushQueue();
        _finished = true;
    }

    public XyzzPoint<TField, TCurve> WeightedSum()
    {
        Finish();
        var running = XyzzPoint<TField, TCurve>.Infinity;
        var total = XyzzPoint<TField, TCurve>.Infinity;
        for (var k = _count - 1; k >= 0; k--)
        {
            ref readonly var b = ref _buckets[k];
            if (!b.IsEmpty) XyzzPoint<TField, TCurve>.AddMixed(running, b.X, b.Y, out running);
            if (_overflow is not null) XyzzPoint<TField, TCurve>.Add(running, _overflow[k], out running);
            XyzzPoint<TField, TCurve>.Add(total, running, out total);
        }
        return total;
    }

    public XyzzPoint<TField, TCurve> Sum()
    {
        Finish();
        var total = XyzzPoint<TField, TCurve>.Infinity;
        for (var k = 0; k < _count; k++)
        {
            ref readonly var b = ref _buckets[k];
            if (!b.IsEmpty) XyzzPoint<TField, TCurve>.AddMixed(total, b.X, b.Y, out total);
            if (_overflow is not null) XyzzPoint<TField, TCurve>.Add(total, _overflow[k], out total);
        }
        return total;
    }

    public void Dispose()
    {
        ArrayPool<AffineXY<TField>>.Shared.Return(_buckets);
        ArrayPool<bool>.Shared.Return(_inBatch);
        ArrayPool<int>.Shared.Return(_batchTarget);
        ArrayPool<AffineXY<TField>>.Shared.Return(_batchAddend);
        ArrayPool<TField>.Shared.Return(_scratch);
        ArrayPool<int>.Shared.Return(_queueTarget);
        ArrayPool<AffineXY<TField>>.Shared.Return(_queueAddend);
        if (_overflow is not null) ArrayPool<XyzzPoint<TField, TCurve>>.Shared.Return(_overflow);
    }
}

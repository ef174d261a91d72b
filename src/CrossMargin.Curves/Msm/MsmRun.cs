using System.Diagnostics;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// One multi-scalar multiplication, from classification to the final point (the walk-through is
/// on <see cref="Msm"/>). Reads the caller's points and canonical scalar limbs through pointers:
/// the caller keeps them pinned until <see cref="Execute"/> returns, so that worker threads can
/// read spans that a lambda could not capture.
/// </summary>
internal sealed unsafe class MsmRun<TField, TCurve> : IDisposable
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    /// <summary>Scalars per classification or recoding work item.</summary>
    private const int Block = 4096;

    private readonly void* _points;
    private readonly ulong* _scalars;
    private readonly int _count;
    private readonly ScalarModulus _modulus;
    private readonly MsmOptions _options;
    private readonly int _workers;

    private readonly MsmScratch<TField, TCurve> _scratch = new();
    private ScalarKind[]? _kinds;
    private ulong[]? _smallValues;
    private WindowedClass? _full;
    private WindowedClass? _small;
    private SumClass? _ones;

    public MsmRun(void* points, ulong* canonicalScalars, int count, in ScalarModulus modulus, MsmOptions options, int workers)
    {
        _points = points;
        _scalars = canonicalScalars;
        _count = count;
        _modulus = modulus;
        _options = options;
        _workers = workers;
    }

    private ReadOnlySpan<AffinePoint<TField, TCurve>> Points => new(_points, _count);

    /// <summary>Sum of k_i P_i; throws <see cref="ArgumentException"/> naming the first scalar that is not below r.</summary>
    public JacobianPoint<TField, TCurve> Execute()
    {
        Classify();
        if (_full is not null) Recode(_full, fromSmallValues: false);
        if (_small is not null) Recode(_small, fromSmallValues: true);

        var tasks = new List<MsmTask>();
        AddWindowTasks(tasks, _full);
        AddWindowTasks(tasks, _small);
        if (_ones is not null)
        {
            var plan = _ones.Plan;
            var perChunk = (_ones.Count + plan.Chunks - 1) / plan.Chunks;
            for (var start = 0; start < _ones.Count; start += perChunk)
                tasks.Add(new MsmTask(_ones, 0, start, Math.Min(_ones.Count, start + perChunk), plan.TaskCost));
        }
        // Longest first, so that the last tasks to start are short ones (LPT scheduling).
        tasks.Sort((a, b) => b.Cost.CompareTo(a.Cost));

        var results = new XyzzPoint<TField, TCurve>[tasks.Count];
        RunParallel(tasks.Count, t => results[t] = RunTask(tasks[t]));

        var total = JacobianPoint<TField, TCurve>.Infinity;
        foreach (var cls in new[] { _full, _small })
        {
            if (cls is null) continue;
            var windowSums = new XyzzPoint<TField, TCurve>[cls.Plan.Windows];
            Array.Fill(windowSums, XyzzPoint<TField, TCurve>.Infinity);
            for (var t = 0; t < tasks.Count; t++)
            {
                if (tasks[t].Class != cls) continue;
                ref var w = ref windowSums[tasks[t].Window];
                XyzzPoint<TField, TCurve>.Add(w, results[t], out w);
            }
            // Horner: sum_w 2^(wc) S_w = (...(S_{W-1} 2^c + S_{W-2}) 2^c + ...) + S_0.
            var acc = windowSums[^1].ToJacobian();
            for (var w = windowSums.Length - 2; w >= 0; w--)
            {
                for (var i = 0; i < cls.Plan.WindowBits; i++) JacobianPoint<TField, TCurve>.Double(acc, out acc);
                JacobianPoint<TField, TCurve>.Add(acc, windowSums[w].ToJacobian(), out acc);
            }
            JacobianPoint<TField, TCurve>.Add(total, acc, out total);
        }
        if (_ones is not null)
        {
            var sum = XyzzPoint<TField, TCurve>.Infinity;
            for (var t = 0; t < tasks.Count; t++)
                if (tasks[t].Class == _ones) XyzzPoint<TField, TCurve>.Add(sum, results[t], out sum);
            JacobianPoint<TField, TCurve>.Add(total, sum.ToJacobian(), out total);
        }
        return total;
    }

    // ---- classification ---------------------------------------------------------------------

    /// <summary>
    /// Sorts every (point, scalar) pair into skip / plus-minus one / small / full (in parallel
    /// blocks), checks that every scalar is canonical, then lists each class's members: index i,
    /// or ~i where the point enters negated.
    /// </summary>
    private void Classify()
    {
        _kinds = _scratch.Kinds.Rent(_count);
        _smallValues = _scratch.Words.Rent(_count);
        var blocks = (_count + Block - 1) / Block;
        var maxSmallBits = new int[blocks];
        var maxFullBits = new int[blocks];
        var firstBad = new int[blocks];
        RunParallel(blocks, b => ClassifyBlock(b, out maxSmallBits[b], out maxFullBits[b], out firstBad[b]));
        foreach (var bad in firstBad)
        {
            if (bad >= 0)
                throw new ArgumentException($"scalar {bad} is not canonical: it is not below the group order r", "canonicalScalars");
        }

        int full = 0, small = 0, ones = 0;
        var kinds = _kinds.AsSpan(0, _count);
        foreach (var kind in kinds)
        {
            switch (kind)
            {
                case ScalarKind.Full: full++; break;
                case ScalarKind.SmallPositive or ScalarKind.SmallNegative: small++; break;
                case ScalarKind.PlusOne or ScalarKind.MinusOne: ones++; break;
            }
        }
        if (full > 0) _full = new WindowedClass(_scratch, full, MsmPlan.ForWindowedClass(full, maxFullBits.Max(), _workers, _options));
        if (small > 0) _small = new WindowedClass(_scratch, small, MsmPlan.ForWindowedClass(small, maxSmallBits.Max(), _workers, _options));
        if (ones > 0) _ones = new SumClass(_scratch, ones, MsmPlan.ForSum(ones, _workers, _options));

        int f = 0, s = 0, o = 0;
        for (var i = 0; i < kinds.Length; i++)
        {
            switch (kinds[i])
            {
                case ScalarKind.Full: _full!.Members[f++] = i; break;
                case ScalarKind.SmallPositive: _small!.Members[s++] = i; break;
                case ScalarKind.SmallNegative: _small!.Members[s++] = ~i; break;
                case ScalarKind.PlusOne: _ones!.Members[o++] = i; break;
                case ScalarKind.MinusOne: _ones!.Members[o++] = ~i; break;
            }
        }
    }

    private void ClassifyBlock(int block, out int maxSmallBits, out int maxFullBits, out int firstBad)
    {
        var points = Points;
        var kinds = _kinds!;
        var smallValues = _smallValues!;
        maxSmallBits = maxFullBits = 0;
        firstBad = -1;
        var end = Math.Min(_count, (block + 1) * Block);
        for (var i = block * Block; i < end; i++)
        {
            var k = _scalars + 4 * i;
            if (!ScalarDigits.TryClassify(k[0], k[1], k[2], k[3], _modulus, out var kind, out var small, out var bits))
            {
                if (firstBad < 0) firstBad = i;
                kind = ScalarKind.Skip;
            }
            else if (points[i].IsInfinity)
            {
                kind = ScalarKind.Skip;
            }
            else if (!_options.ScalarClasses)
            {
                // The general path: every scalar, zero included, through all windows.
                kind = ScalarKind.Full;
                bits = ScalarDigits.BitLength(k[0], k[1], k[2], k[3]);
            }
            kinds[i] = kind;
            smallValues[i] = small;
            if (kind == ScalarKind.Full) maxFullBits = Math.Max(maxFullBits, bits);
            else if (kind is ScalarKind.SmallPositive or ScalarKind.SmallNegative) maxSmallBits = Math.Max(maxSmallBits, bits);
        }
    }

    // ---- signed digits ----------------------------------------------------------------------

    private void Recode(WindowedClass cls, bool fromSmallValues)
    {
        var plan = cls.Plan;
        cls.Digits = _scratch.Digits.Rent(plan.Windows * cls.Count);
        var blocks = (cls.Count + Block - 1) / Block;
        RunParallel(blocks, b =>
        {
            var digits = cls.Digits.AsSpan(0, plan.Windows * cls.Count);
            var end = Math.Min(cls.Count, (b + 1) * Block);
            for (var j = b * Block; j < end; j++)
            {
                var i = cls.Members[j];
                if (i < 0) i = ~i;
                if (fromSmallValues)
                {
                    ScalarDigits.Recode(_smallValues![i], 0, 0, 0, plan.WindowBits, plan.Windows, digits[j..], cls.Count);
                }
                else
                {
                    var k = _scalars + 4 * i;
                    ScalarDigits.Recode(k[0], k[1], k[2], k[3], plan.WindowBits, plan.Windows, digits[j..], cls.Count);
                }
            }
        });
    }

    // ---- tasks ------------------------------------------------------------------------------

    private static void AddWindowTasks(List<MsmTask> tasks, WindowedClass? cls)
    {
        if (cls is null) return;
        var plan = cls.Plan;
        var perChunk = (cls.Count + plan.Chunks - 1) / plan.Chunks;
        for (var w = 0; w < plan.Windows; w++)
        {
            for (var start = 0; start < cls.Count; start += perChunk)
                tasks.Add(new MsmTask(cls, w, start, Math.Min(cls.Count, start + perChunk), plan.TaskCost));
        }
    }

    private XyzzPoint<TField, TCurve> RunTask(MsmTask task) => task.Class switch
    {
        WindowedClass cls => RunWindow(cls, task.Window, task.Start, task.End),
        SumClass ones => RunSum(ones, task.Start, task.End),
        _ => throw new UnreachableException(),
    };

    /// <summary>One window over members [start, end): bucket accumulation, then the weighted sum.</summary>
    private XyzzPoint<TField, TCurve> RunWindow(WindowedClass cls, int window, int start, int end)
    {
        var plan = cls.Plan;
        using var buckets = NewBuckets(plan.Buckets, plan.BucketCountOfWindow(window), plan.BatchCapacityOfWindow(window));
        var points = Points;
        var digits = cls.Digits.AsSpan(window * cls.Count, cls.Count);
        var members = cls.Members.AsSpan(0, cls.Count);
        if (buckets is AffineBuckets<TField, TCurve> affine && affine.TryAddWindowNative(points, digits, members, start, end))
            return buckets.WeightedSum();
        for (var j = start; j < end; j++)
        {
            var e = digits[j];
            if (e == 0) continue;
            var i = members[j];
            var negative = (e & 1) != 0;
            if (i < 0)
            {
                i = ~i;
                negative = !negative;
            }
            ref readonly var p = ref points[i];
            if (negative)
            {
                TField.Neg(p.Y, out var y);
                buckets.Add(ScalarDigits.Bucket(e), p.X, y);
            }
            else
            {
                buckets.Add(ScalarDigits.Bucket(e), p.X, p.Y);
            }
        }
        return buckets.WeightedSum();
    }

    /// <summary>Sum of the plus-minus-one points [start, end), spread round-robin over the buckets.</summary>
    private XyzzPoint<TField, TCurve> RunSum(SumClass ones, int start, int end)
    {
        var plan = ones.Plan;
        using var buckets = NewBuckets(plan.Buckets, plan.BucketCount, plan.BucketCount);
        var points = Points;
        var bucket = 0;
        for (var j = start; j < end; j++)
        {
            var i = ones.Members[j];
            if (i < 0)
            {
                ref readonly var p = ref points[~i];
                TField.Neg(p.Y, out var y);
                buckets.Add(bucket, p.X, y);
            }
            else
            {
                ref readonly var p = ref points[i];
                buckets.Add(bucket, p.X, p.Y);
            }
            if (++bucket == plan.BucketCount) bucket = 0;
        }
        return buckets.Sum();
    }

    private IBuckets<TField, TCurve> NewBuckets(BucketChoice kind, int bucketCount, int batchCapacity) =>
        kind == BucketChoice.BatchAffine
            ? new AffineBuckets<TField, TCurve>(bucketCount, batchCapacity, _scratch)
            : new XyzzBuckets<TField, TCurve>(bucketCount, _scratch);

    /// <summary>
    /// body(0..count-1) on up to <c>_workers</c> threads, each taking the next index as it gets
    /// free (dynamic, so unequal tasks balance); inline when serial.
    /// </summary>
    private void RunParallel(int count, Action<int> body)
    {
        if (_workers <= 1 || count <= 1)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        var next = -1;
        var threads = Math.Min(_workers, count);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) body(i);
        });
    }

    public void Dispose()
    {
        if (_kinds is not null) _scratch.Kinds.Return(_kinds);
        if (_smallValues is not null) _scratch.Words.Return(_smallValues);
        _full?.Dispose();
        _small?.Dispose();
        _ones?.Dispose();
    }

    // ---- classes ----------------------------------------------------------------------------

    private abstract class ScalarClass(MsmScratch<TField, TCurve> scratch, int count) : IDisposable
    {
        protected readonly MsmScratch<TField, TCurve> Scratch = scratch;
        public readonly int Count = count;
        /// <summary>Point index i, or ~i for a point that enters negated.</summary>
        public readonly int[] Members = scratch.Indices.Rent(count);

        public virtual void Dispose() => Scratch.Indices.Return(Members);
    }

    /// <summary>Scalars that go through Pippenger windows: the full class and the small class.</summary>
    private sealed class WindowedClass(MsmScratch<TField, TCurve> scratch, int count, WindowedPlan plan) : ScalarClass(scratch, count)
    {
        public readonly WindowedPlan Plan = plan;
        /// <summary>Encoded signed digits, window-major: Digits[w * Count + j] for member j.</summary>
        public ushort[] Digits = [];

        public override void Dispose()
        {
            base.Dispose();
            if (Digits.Length > 0) Scratch.Digits.Return(Digits);
        }
    }

    /// <summary>The plus-minus-one scalars: their points are summed directly.</summary>
    private sealed class SumClass(MsmScratch<TField, TCurve> scratch, int count, SumPlan plan) : ScalarClass(scratch, count)
    {
        public readonly SumPlan Plan = plan;
    }

    private readonly record struct MsmTask(ScalarClass Class, int Window, int Start, int End, double Cost);
}

using System.Diagnostics;

namespace CrossMargin.Curves;

/// <summary>How one class of scalars is cut into tasks: window size, bucket kind, chunks of points.</summary>
internal readonly record struct WindowedPlan(int Bits, int WindowBits, int Windows, BucketChoice Buckets, int BatchCapacity, int Chunks, double TaskCost)
{
    /// <summary>2^(c-1): signed digits need one bucket per absolute value 1..2^(c-1).</summary>
    public int BucketCount => 1 << (WindowBits - 1);

    /// <summary>
    /// The buckets window w can reach: scalars below 2^Bits leave r = Bits - c w bits for it, so
    /// with the carry from below its digits are at most 2^r, and the top window (r &lt; c - 1)
    /// needs 2^r buckets, not 2^(c-1). Fewer buckets keep its batches from filling with points
    /// that wait for a taken bucket, and shorten its reduction.
    /// </summary>
    public int BucketCountOfWindow(int window) => 1 << Math.Clamp(Bits - WindowBits * window, 0, WindowBits - 1);

    /// <summary>The batch capacity for window w's buckets.</summary>
    public int BatchCapacityOfWindow(int window) =>
        window == Windows - 1 ? Math.Min(BatchCapacity, MsmPlan.BatchCapacity(BucketCountOfWindow(window))) : BatchCapacity;
}

/// <summary>How the plus-minus-one points are summed: chunks, and buckets used round-robin.</summary>
internal readonly record struct SumPlan(BucketChoice Buckets, int BucketCount, int Chunks, double TaskCost);

/// <summary>
/// The one place where the MSM's shape is chosen: window size c, XYZZ or batch-affine buckets,
/// batch size, and how many chunks of points each window is split into for the workers. Every
/// choice minimises an estimate of the cost counted in field multiplications (squarings counted
/// as multiplications, as they cost the same in <c>Montgomery256</c>), from the formula costs
/// below; the MSM tests check that every choice gives the same point.
/// </summary>
/// <remarks>
/// For n points, b-bit scalars and window c there are W ~ (b + 1)/c windows, each with
/// m = 2^(c-1) buckets. Per window, the n digits cost n - occupied additions into buckets (a
/// point landing in an empty bucket costs nothing) and the reduction costs about two additions
/// per bucket; the windows are then combined by c doublings each. So the cost is about
/// W (n a + 2 m r) + b d: a larger c means fewer windows but exponentially more buckets, and
/// the optimum grows like log2 n. The makespan over the workers counts too: W windows on P
/// workers take ceil(W/P) rounds. With the constants below (a ~ 7 for a batch-affine addition,
/// 16..24 per bucket for the reduction), BN254 G1 on two workers picks c = 13 (20 windows) for
/// n = 2^16 and c = 16 (16 windows) for n = 2^18. Measured single-threaded on the 2-core
/// reference machine (Fq multiplication ~45 ns): the curve is flat near the optimum, c = 13..16
/// within ~10% at n = 2^18, and batch-affine buckets ~25% faster than XYZZ from n ~ 2^12 on.
/// </remarks>
internal static class MsmPlan
{
    /// <summary>XYZZ mixed addition, madd-2008-s: 8M + 2S.</summary>
    public const double XyzzMixedAdd = 10;

    /// <summary>XYZZ addition, add-2008-s: 12M + 2S.</summary>
    public const double XyzzAdd = 14;

    /// <summary>
    /// Batch-affine addition without its share of the inversion: 3M for the batch inversion and
    /// 2M + 1S for the slope and the new point, plus one for its seven field additions and the
    /// staging (measured: about 0.7 of an XYZZ madd, not the 0.6 the multiplications alone give).
    /// </summary>
    public const double AffineAdd = 7;

    /// <summary>
    /// A field inversion: the native kernel's division steps, measured at ~40 M for BN254's Fq
    /// (FieldBenchmarks.Inverse against Mul, 1.1 us and 29 ns); F_q2's costs one F_q inversion and
    /// a few multiplications. Where the kernel is not loaded, the C# binary inversion costs ~190 M;
    /// the plans keep the kernel's figure.
    /// </summary>
    public const double Inverse = 40;

    /// <summary>XYZZ doubling, dbl-2008-s-1: 6M + 3S.</summary>
    public const double XyzzDouble = 9;

    /// <summary>Jacobian doubling, dbl-2009-l: 2M + 5S.</summary>
    public const double JacobianDouble = 7;

    /// <summary>
    /// Reading a digit and its point, branching, copying the point: small but not nothing, and it
    /// is what makes a window with many zero digits cost more than none.
    /// </summary>
    public const double DigitOverhead = 0.5;

    /// <summary>Clearing and scanning one bucket.</summary>
    public const double BucketOverhead = 0.2;

    /// <summary>Chunks of points smaller than this are not worth a task of their own.</summary>
    public const int MinChunkPoints = 1024;

    /// <summary>
    /// Batch capacity for m buckets. A batch of k points costs one inversion (~40M), so k should
    /// be large; but a point whose bucket is already in the batch waits, and about k^2/2m of them
    /// do. k = m/2 keeps the waiting points (a quarter of a batch at most) well inside the queue;
    /// 1024 bounds the scratch memory (inversion then costs 0.04M per point).
    /// </summary>
    public static int BatchCapacity(int bucketCount) => Math.Clamp(bucketCount / 2, 16, 1024);

    public static WindowedPlan ForWindowedClass(int count, int bits, int workers, MsmOptions options)
    {
        Debug.Assert(count > 0 && workers > 0);
        var cFrom = options.WindowBits != 0 ? options.WindowBits : 2;
        var cTo = options.WindowBits != 0 ? options.WindowBits : ScalarDigits.MaxWindowBits;
        WindowedPlan? best = null;
        var bestScore = double.MaxValue;
        for (var c = cFrom; c <= cTo; c++)
        {
            var windows = ScalarDigits.WindowCount(bits, c);
            var bucketCount = 1 << (c - 1);
            var chunksFrom = options.Chunks != 0 ? options.Chunks : 1;
            var chunksTo = options.Chunks != 0 ? options.Chunks : Math.Max(1, Math.Min(workers, count / MinChunkPoints));
            for (var chunks = chunksFrom; chunks <= chunksTo; chunks++)
            {
                var perChunk = (count + chunks - 1) / chunks;
                foreach (var kind in Kinds(options.Buckets))
                {
                    var batch = options.BatchCapacity != 0 ? options.BatchCapacity : BatchCapacity(bucketCount);
                    var taskCost = WindowCost(perChunk, bucketCount, kind, batch);
                    var tasks = windows * chunks;
                    var rounds = (tasks + workers - 1) / workers;
                    // The makespan, then the total work (so that among equal makespans the
                    // cheaper plan wins and leaves the other workers free for other classes).
                    var score = rounds * taskCost + windows * c * JacobianDouble + 1e-3 * tasks * taskCost;
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best = new WindowedPlan(bits, c, windows, kind, batch, chunks, taskCost);
                    }
                }
            }
        }
        return best!.Value;
    }

    /// <summary>Estimated cost of one window over n points (accumulation and reduction).</summary>
    public static double WindowCost(int n, int bucketCount, BucketChoice kind, int batchCapacity)
    {
        double m = bucketCount;
        var occupied = m * (1 - Math.Exp(-n / m));
        var additions = n - occupied;
        var overhead = n * DigitOverhead + m * BucketOverhead;
        return kind == BucketChoice.BatchAffine
            ? overhead + additions * AffineAdd + Math.Ceiling(additions / batchCapacity) * Inverse + ReductionCost(bucketCount, ReductionSegments(bucketCount))
            : overhead + additions * XyzzMixedAdd + occupied * XyzzAdd + m * XyzzAdd;
    }

    /// <summary>
    /// How many segments the weighted sum of m affine buckets runs in
    /// (<see cref="AffineBuckets{TField, TCurve}"/>): 1 for the serial XYZZ running sum, else a
    /// power of two S, each of the 2m/S steps a batch of S affine additions. More segments share
    /// each inversion more widely but leave a longer XYZZ sum over the segments: the least
    /// estimated cost wins (S near sqrt(2.4 m), from m = 128 on).
    /// </summary>
    public static int ReductionSegments(int bucketCount)
    {
        var best = 1;
        var bestCost = ReductionCost(bucketCount, 1);
        for (var segments = 2; segments <= Math.Min(bucketCount / 2, 1024); segments *= 2)
        {
            var cost = ReductionCost(bucketCount, segments);
            if (cost < bestCost)
            {
                best = segments;
                bestCost = cost;
            }
        }
        return best;
    }

    /// <summary>Estimated cost of sum_k (k + 1) B_k over m affine buckets in S segments (S = 1: serial XYZZ).</summary>
    public static double ReductionCost(int bucketCount, int segments)
    {
        double m = bucketCount;
        if (segments == 1) return m * (XyzzMixedAdd + XyzzAdd);
        var steps = m / segments;
        return 2 * m * AffineAdd + 2 * steps * Inverse
            + segments * (2 * XyzzMixedAdd + XyzzAdd) + Math.Log2(steps) * XyzzDouble;
    }

    /// <summary>
    /// Summing n points: XYZZ mixed additions into one accumulator, or batch-affine additions
    /// into m buckets used round-robin (no two points of a batch share a bucket), whose sum then
    /// costs m mixed additions: n*6 + (n/m)*inversion + m*10, least near m = sqrt(4 n).
    /// </summary>
    public static SumPlan ForSum(int count, int workers, MsmOptions options)
    {
        Debug.Assert(count > 0 && workers > 0);
        var chunks = Math.Max(1, Math.Min(workers, count / MinChunkPoints));
        var perChunk = (count + chunks - 1) / chunks;
        var xyzzCost = perChunk * (XyzzMixedAdd + DigitOverhead);
        var m = Math.Clamp((int)Math.Sqrt(Inverse / XyzzMixedAdd * perChunk), 1, 1024);
        var affineCost = perChunk * (AffineAdd + DigitOverhead) + Math.Ceiling((double)perChunk / m) * Inverse + m * XyzzMixedAdd;
        var kind = options.Buckets != BucketChoice.Auto ? options.Buckets
            : affineCost < xyzzCost ? BucketChoice.BatchAffine : BucketChoice.Xyzz;
        return kind == BucketChoice.BatchAffine
            ? new SumPlan(kind, m, chunks, affineCost)
            : new SumPlan(kind, 1, chunks, xyzzCost);
    }

    private static BucketChoice[] Kinds(BucketChoice choice) =>
        choice == BucketChoice.Auto ? [BucketChoice.Xyzz, BucketChoice.BatchAffine] : [choice];
}

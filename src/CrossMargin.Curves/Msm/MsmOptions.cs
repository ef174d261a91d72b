namespace CrossMargin.Curves;

/// <summary>Which bucket representation a window uses.</summary>
internal enum BucketChoice
{
    /// <summary>Chosen by <see cref="MsmPlan"/> from the estimated cost.</summary>
    Auto,
    /// <summary><see cref="XyzzBuckets{TField, TCurve}"/>: the plain twin.</summary>
    Xyzz,
    /// <summary><see cref="AffineBuckets{TField, TCurve}"/>.</summary>
    BatchAffine,
}

/// <summary>
/// Knobs of <see cref="Msm"/> that the public API leaves to the planner; tests and benchmarks set
/// them to compare each fast path with its plain twin. Zero means "let the planner choose".
/// </summary>
internal sealed record MsmOptions
{
    public static readonly MsmOptions Default = new();

    /// <summary>-1: all processors; 1: serial.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public BucketChoice Buckets { get; init; } = BucketChoice.Auto;

    /// <summary>
    /// Sort scalars into zero / plus-minus one / small / full (true), or send every scalar through
    /// all windows of the general path (false, the plain twin of the classes).
    /// </summary>
    public bool ScalarClasses { get; init; } = true;

    /// <summary>Window size c for every windowed class (2..16), or 0.</summary>
    public int WindowBits { get; init; }

    /// <summary>Chunks of points per windowed class, or 0.</summary>
    public int Chunks { get; init; }

    /// <summary>Batch capacity of batch-affine buckets, or 0.</summary>
    public int BatchCapacity { get; init; }
}

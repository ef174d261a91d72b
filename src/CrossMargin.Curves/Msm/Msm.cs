using System.Buffers;
using System.Runtime.InteropServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// Multi-scalar multiplication sum_i k_i P_i over any curve of <see cref="ICurve{TField, TSelf}"/>
/// (BN254 G1 over F_q, G2 over F_q2), with scalars modulo BN254's group order r: the prover's
/// hot path (a Groth16 proof is four G1 MSMs and one G2 MSM over the witness).
/// </summary>
/// <remarks>
/// Pippenger's bucket method (Pippenger 1976; Bernstein, Doumen, Lange, Oosterwijk, "Faster
/// batch forgery identification", eprint 2012/549, section 4; the shape of gnark-crypto's
/// ecc/bn254/multiexp.go and multiexp_affine.go). Walk-through:
/// <list type="number">
/// <item>Classify each (point, scalar): a zero scalar or a point at infinity is dropped; k = 1
/// and k = r - 1 put P or -P in a list that is simply summed; k or r - k below 2^64 makes the pair
/// "small" (r - k with -P: circom witnesses are full of small negative numbers, and negating an
/// affine point is free); the rest is "full". Each class is recoded with its own largest bit
/// length, so a class of 20-bit scalars needs one or two windows, not twenty.</item>
/// <item>Cut every scalar of a class into signed c-bit digits (<see cref="ScalarDigits"/>),
/// digits in [-2^(c-1), 2^(c-1)), so window w needs 2^(c-1) buckets, and the sum is
/// sum_w 2^(wc) sum_i d_{i,w} P_i.</item>
/// <item>Per window: add each point (negated for a negative digit) into bucket |d| - 1, then
/// reduce the buckets to sum_k (k + 1) B_k with the running-sum trick (two additions per
/// bucket). Buckets are affine, filled by batches of additions that share one inversion
/// (<see cref="AffineBuckets{TField, TCurve}"/>, ~6 multiplications a point, and the reduction
/// of large windows batched the same way), or XYZZ (<see cref="XyzzBuckets{TField, TCurve}"/>,
/// 10): the planner picks the cheaper.</item>
/// <item>Combine the windows by Horner's rule: c doublings, then add the next window.</item>
/// </list>
/// Windows are independent, so they are the parallel tasks; when there are fewer windows than
/// workers, each window is also split into chunks of points, whose partial sums are added.
/// <see cref="MsmPlan"/> is the one place where c, the bucket kind and the chunks are chosen, by an
/// operation count. Not constant time: the scalars' values steer branches and memory accesses,
/// which is fine for a prover whose witness stays on the machine that proves.
/// <para>
/// The points are not checked: they must be on the curve and in the prime-order subgroup (as the
/// proving key's points are; its loader checks them), since the negation trick uses r P = O.
/// </para>
/// </remarks>
public static class Msm
{
    private static readonly ScalarModulus GroupOrder = new(Fr.Modulus);

    /// <summary>
    /// sum_i scalars[i] * points[i]. Infinity points contribute nothing.
    /// </summary>
    /// <param name="points">Affine points on the curve, in the prime-order subgroup.</param>
    /// <param name="scalars">One scalar per point.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all processors, 1 for the calling thread alone.</param>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public static JacobianPoint<TField, TCurve> Multiply<TField, TCurve>(
        ReadOnlySpan<AffinePoint<TField, TCurve>> points, ReadOnlySpan<Fr> scalars, int maxDegreeOfParallelism = -1)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve> =>
        Multiply(points, scalars, new MsmOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });

    /// <summary>
    /// sum_i k_i * points[i], with k_i given in canonical form (not Montgomery form) as four
    /// little-endian 64-bit limbs, canonicalScalars[4i .. 4i + 4), least significant first: the
    /// layout of a .wtns file's values read as ulongs on a little-endian machine. This skips the
    /// one multiplication per scalar that leaving Montgomery form costs.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The length is not 4 * points.Length, or a scalar is not below the group order r.
    /// </exception>
    public static JacobianPoint<TField, TCurve> Multiply<TField, TCurve>(
        ReadOnlySpan<AffinePoint<TField, TCurve>> points, ReadOnlySpan<ulong> canonicalScalars, int maxDegreeOfParallelism = -1)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve> =>
        Multiply(points, canonicalScalars, new MsmOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });

    internal static JacobianPoint<TField, TCurve> Multiply<TField, TCurve>(
        ReadOnlySpan<AffinePoint<TField, TCurve>> points, ReadOnlySpan<Fr> scalars, MsmOptions options)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        if (scalars.Length != points.Length)
            throw new ArgumentException($"{scalars.Length} scalars for {points.Length} points", nameof(scalars));
        var workers = Workers(options.MaxDegreeOfParallelism);
        var count = scalars.Length;
        var limbs = ArrayPool<ulong>.Shared.Rent(4 * count);
        try
        {
            // Leaving Montgomery form costs a multiplication per scalar: worth spreading too.
            ConvertToCanonical(scalars, limbs.AsSpan(0, 4 * count), workers);
            return Multiply(points, limbs.AsSpan(0, 4 * count), options);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(limbs);
        }
    }

    internal static unsafe JacobianPoint<TField, TCurve> Multiply<TField, TCurve>(
        ReadOnlySpan<AffinePoint<TField, TCurve>> points, ReadOnlySpan<ulong> canonicalScalars, MsmOptions options)
        where TField : struct, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        if (canonicalScalars.Length != 4L * points.Length)
            throw new ArgumentException($"{canonicalScalars.Length} scalar limbs for {points.Length} points (4 limbs a scalar)", nameof(canonicalScalars));
        var workers = Workers(options.MaxDegreeOfParallelism);
        if (points.Length == 0) return JacobianPoint<TField, TCurve>.Infinity;
        fixed (byte* pointBytes = MemoryMarshal.AsBytes(points))
        fixed (ulong* scalarLimbs = canonicalScalars)
        {
            using var run = new MsmRun<TField, TCurve>(pointBytes, scalarLimbs, points.Length, GroupOrder, options, workers);
            return run.Execute();
        }
    }

    private static int Workers(int maxDegreeOfParallelism) => maxDegreeOfParallelism switch
    {
        -1 => Environment.ProcessorCount,
        > 0 => maxDegreeOfParallelism,
        _ => throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "-1 (all processors) or a positive count"),
    };

    /// <summary>
    /// Rewrites Montgomery-form scalars as their canonical limbs in the same memory (4 limbs a
    /// scalar, the layout <see cref="Multiply{TField, TCurve}(ReadOnlySpan{AffinePoint{TField, TCurve}}, ReadOnlySpan{ulong}, int)"/>
    /// takes), on all cores: for a caller done with the scalars as field elements, whose MSM then
    /// needs no second copy of them (the prover's 2^17 quotient values: 4 MB).
    /// </summary>
    /// <returns>The same memory, as limbs.</returns>
    public static Span<ulong> ToCanonicalLimbsInPlace(Span<Fr> scalars, int maxDegreeOfParallelism = -1)
    {
        var limbs = MemoryMarshal.Cast<Fr, ulong>(scalars);
        ConvertToCanonical(scalars, limbs, Workers(maxDegreeOfParallelism));
        return limbs;
    }

    /// <summary>limbs[4i .. 4i + 4) = the canonical form of scalars[i]; the two may be the same memory (each value is read whole before its limbs are written).</summary>
    private static unsafe void ConvertToCanonical(ReadOnlySpan<Fr> scalars, Span<ulong> limbs, int workers)
    {
        fixed (Fr* pinnedScalars = scalars)
        fixed (ulong* pinnedLimbs = limbs)
        {
            var source = pinnedScalars;
            var destination = pinnedLimbs;
            ParallelChunks.For(scalars.Length, 4096, (first, count) =>
            {
                for (var i = first; i < first + count; i++)
                {
                    var value = source[i];
                    value.ToCanonicalLimbs(new Span<ulong>(destination + 4 * i, 4));
                }
            }, workers);
        }
    }
}

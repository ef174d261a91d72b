using System.Runtime.CompilerServices;
using CrossMargin.Field;

namespace CrossMargin.Curves;

/// <summary>
/// Fixed-base scalar multiplication: k_i B for many scalars k_i (modulo BN254's group order r)
/// and one base point B, the bulk work of a trusted setup whose secrets are known (every point
/// of a powers-of-tau accumulator is a generator times a known scalar). <see cref="ScalarMultiplication"/>
/// is the variable-base twin the tests compare against.
/// </summary>
/// <remarks>
/// <para>
/// The comb of windows (Guide to Elliptic Curve Cryptography, Hankerson, Menezes, Vanstone,
/// algorithm 3.41, the "fixed-base windowing method", here with signed digits): write
/// k = sum_t d_t 2^(ct) with signed c-bit digits d_t in [-2^(c-1), 2^(c-1)) (<see cref="ScalarDigits"/>,
/// the recoding the MSM uses), and precompute T[t][d] = d 2^(ct) B for d = 1 .. 2^(c-1); then
/// k B = sum_t sign(d_t) T[t][|d_t|]: W = ceil(254 / c) (or one more) additions, no doublings.
/// </para>
/// <para>
/// The additions are affine and batched: a chunk of scalars advances window by window, each
/// window's additions (one per scalar, all into distinct accumulators) sharing one field
/// inversion (<see cref="AffineBatch{TField}"/>, Montgomery's trick; about 6 multiplications an
/// addition against 11 for a mixed Jacobian one). Going window by window keeps the table of one
/// window (2^(c-1) points) hot in the cache. Chunks are independent and run in parallel.
/// </para>
/// <para>
/// The table is built per window by doubling its span: the multiples (h, 2h] are the multiples
/// (0, h] plus h T, one batched affine addition each. Every entry is a non-zero multiple below r
/// of a point of prime order, never the point at infinity. The base must be in the prime-order
/// subgroup (r B = O is what makes the scalars count modulo r). Not constant time.
/// </para>
/// </remarks>
public sealed class FixedBaseTable<TField, TCurve>
    where TField : struct, IField<TField>
    where TCurve : struct, ICurve<TField, TCurve>
{
    /// <summary>
    /// Window width when the caller gives none: 16 bits, 16 windows; the table holds 2^19 points
    /// (32 MiB for G1, 64 MiB for G2), worth it from about 10^5 scalars on.
    /// </summary>
    public const int DefaultWindowBits = 16;

    private const int ScalarBits = 254;
    private const int Chunk = 1 << 10;

    private readonly AffineXY<TField>[] _table;
    private readonly int _half;

    /// <summary>
    /// The window width that makes the fewest batched additions for <paramref name="scalars"/>
    /// multiplications: scalars * W(c) for the products plus W(c) 2^(c-1) for the table.
    /// </summary>
    public static int WindowBitsFor(long scalars)
    {
        var best = 2;
        var bestCost = long.MaxValue;
        for (var c = 2; c <= ScalarDigits.MaxWindowBits; c++)
        {
            long windows = ScalarDigits.WindowCount(ScalarBits, c);
            var cost = Math.Max(scalars, 0) * windows + (windows << (c - 1));
            if (cost < bestCost)
            {
                best = c;
                bestCost = cost;
            }
        }
        return best;
    }

    /// <summary>Precomputes the windows of <paramref name="basePoint"/>.</summary>
    /// <param name="basePoint">A finite point of the prime-order subgroup.</param>
    /// <param name="windowBits">c, 2 to 16.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all processors.</param>
    public FixedBaseTable(in AffinePoint<TField, TCurve> basePoint, int windowBits = DefaultWindowBits, int maxDegreeOfParallelism = -1)
    {
        if (basePoint.IsInfinity) throw new ArgumentException("the base must be a finite point", nameof(basePoint));
        if (windowBits is < 2 or > ScalarDigits.MaxWindowBits)
            throw new ArgumentOutOfRangeException(nameof(windowBits), windowBits, $"2 to {ScalarDigits.MaxWindowBits}");
        Base = basePoint;
        WindowBits = windowBits;
        Windows = ScalarDigits.WindowCount(ScalarBits, windowBits);
        _half = 1 << (windowBits - 1);
        _table = new AffineXY<TField>[(long)Windows * _half];

        // The window bases 2^(ct) B, by c doublings each (a few hundred in all).
        var bases = new JacobianPoint<TField, TCurve>[Windows];
        var b = basePoint.ToJacobian();
        for (var t = 0; t < Windows; t++)
        {
            bases[t] = b;
            for (var i = 0; i < windowBits; i++) JacobianPoint<TField, TCurve>.Double(b, out b);
        }
        var affineBases = new AffinePoint<TField, TCurve>[Windows];
        JacobianPoint<TField, TCurve>.BatchToAffine(bases, affineBases);

        Parallel.For(0, Windows, Options(maxDegreeOfParallelism), t => BuildWindow(affineBases[t], _table.AsSpan(t * _half, _half)));
    }

    public AffinePoint<TField, TCurve> Base { get; }

    /// <summary>c: the width of a signed digit.</summary>
    public int WindowBits { get; }

    /// <summary>The number of windows, and of additions per scalar.</summary>
    public int Windows { get; }

    /// <summary>results[i] = scalars[i] B.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Multiply(ReadOnlyMemory<Fr> scalars, Memory<AffinePoint<TField, TCurve>> results, int maxDegreeOfParallelism = -1)
    {
        if (scalars.Length != results.Length)
            throw new ArgumentException($"{scalars.Length} scalars for {results.Length} results", nameof(results));
        var count = scalars.Length;
        var chunks = (count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, Options(maxDegreeOfParallelism), () => new Workspace(Windows),
            (c, _, workspace) =>
            {
                var start = c * Chunk;
                var length = Math.Min(Chunk, count - start);
                MultiplyChunk(scalars.Span.Slice(start, length), results.Span.Slice(start, length), workspace);
                return workspace;
            },
            static _ => { });
    }

    /// <summary>scalars[i] B for every i, into a new array.</summary>
    public AffinePoint<TField, TCurve>[] Multiply(ReadOnlyMemory<Fr> scalars, int maxDegreeOfParallelism = -1)
    {
        var results = new AffinePoint<TField, TCurve>[scalars.Length];
        Multiply(scalars, results, maxDegreeOfParallelism);
        return results;
    }

    private sealed class Workspace(int windows)
    {
        public readonly ushort[] Digits = new ushort[Chunk * windows];
        public readonly AffineXY<TField>[] Accumulators = new AffineXY<TField>[Chunk];
        public readonly int[] TargetIndex = new int[Chunk];
        public readonly AffineXY<TField>[] Addends = new AffineXY<TField>[Chunk];
        public readonly TField[] Scratch = new TField[2 * Chunk];
    }

    [SkipLocalsInit]
    private void MultiplyChunk(ReadOnlySpan<Fr> scalars, Span<AffinePoint<TField, TCurve>> results, Workspace w)
    {
        var length = scalars.Length;
        var windows = Windows;
        Span<ulong> limbs = stackalloc ulong[4];
        for (var j = 0; j < length; j++)
        {
            scalars[j].ToCanonicalLimbs(limbs);
            // Digits of scalar j for window t at t * Chunk + j: a window's digits are contiguous.
            ScalarDigits.Recode(limbs[0], limbs[1], limbs[2], limbs[3], WindowBits, windows, w.Digits.AsSpan(j), Chunk);
        }

        var acc = w.Accumulators.AsSpan(0, length);
        acc.Clear();
        for (var t = 0; t < windows; t++)
        {
            var window = _table.AsSpan(t * _half, _half);
            var digits = w.Digits.AsSpan(t * Chunk, length);
            var batch = 0;
            for (var j = 0; j < length; j++)
            {
                var e = digits[j];
                if (e == 0) continue;
                ref readonly var entry = ref window[ScalarDigits.Bucket(e)];
                var y = entry.Y;
                if ((e & 1) != 0) TField.Neg(entry.Y, out y);
                if (AffineBatch<TField>.TrySettle(ref acc[j], entry.X, y)) continue;
                w.TargetIndex[batch] = j;
                w.Addends[batch] = new AffineXY<TField>(entry.X, y);
                batch++;
            }
            TCurve.AddAffineBatch(acc, w.TargetIndex.AsSpan(0, batch), w.Addends.AsSpan(0, batch), w.Scratch);
        }

        for (var j = 0; j < length; j++)
            results[j] = acc[j].IsEmpty ? AffinePoint<TField, TCurve>.Infinity : new AffinePoint<TField, TCurve>(acc[j].X, acc[j].Y);
    }

    /// <summary>window[d - 1] = d P for d = 1 .. window.Length (a power of two), by doubling the filled span.</summary>
    private static void BuildWindow(in AffinePoint<TField, TCurve> p, Span<AffineXY<TField>> window)
    {
        window[0] = new AffineXY<TField>(p.X, p.Y);
        var indices = new int[window.Length / 2];
        var addends = new AffineXY<TField>[window.Length / 2];
        var scratch = new TField[window.Length];
        for (var h = 1; h < window.Length; h <<= 1)
        {
            // (h + i) P = i P + h P for i = 1 .. h; i = h is a doubling, which AddInPlace recognises.
            var top = window[h - 1];
            for (var i = 0; i < h; i++)
            {
                window[h + i] = window[i];
                indices[i] = h + i;
                addends[i] = top;
            }
            TCurve.AddAffineBatch(window, indices.AsSpan(0, h), addends.AsSpan(0, h), scratch);
        }
    }

    private static ParallelOptions Options(int maxDegreeOfParallelism) => new()
    {
        MaxDegreeOfParallelism = maxDegreeOfParallelism switch
        {
            -1 => Environment.ProcessorCount,
            > 0 => maxDegreeOfParallelism,
            _ => throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "-1 (all processors) or a positive count"),
        },
    };
}

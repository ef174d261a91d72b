using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrossMargin.Field;

namespace CrossMargin.Poly;

/// <summary>
/// A span's memory as a plain address and length, so that work items run by Parallel.For (which
/// cannot capture a Span) can reach it. Valid only while the caller keeps the memory pinned.
/// </summary>
internal readonly unsafe struct PinnedSpan<T>
{
    private readonly nint _address;
    public readonly int Length;

    public PinnedSpan(void* address, int length)
    {
        _address = (nint)address;
        Length = length;
    }

    public Span<T> Span => MemoryMarshal.CreateSpan(ref Unsafe.AsRef<T>((void*)_address), Length);
}

/// <summary>One independent piece of a pass over the data; pieces may run in any order, at once.</summary>
internal interface IWorkItems
{
    void Run(int index);
}

/// <summary>
/// The radix-2 NTT passes behind <see cref="EvaluationDomain{T}"/>: butterfly stages, cache-sized
/// blocks of stages, and scalings by powers, each cut into independent work items that run
/// serially or on the thread pool.
/// </summary>
/// <remarks>
/// <para>Twiddle tables. The domain's table holds w^t for t &lt; n/2 (w the domain's generator). A
/// stage whose butterflies pair elements h apart uses w_{2h}^j = w^(j n/2h): the table read with
/// stride n/2h; in general a "stage table" is any span with stageTable[j*stride] = w_{2h}^j and
/// stageTable.Length = h*stride. The inverse transform needs w^-j, read from the same table
/// as w^-j = w^(n/2) w^(n/2-j) = -w^(n/2-j), i.e. stageTable[Length - j*stride] with the
/// butterfly's difference negated; so one table serves both directions.</para>
/// <para>Cache blocking. The stages that pair elements at least <see cref="BlockSize"/> apart run
/// one at a time over the whole array; all later (DIF) or earlier (DIT) stages touch only one
/// aligned block of <see cref="BlockSize"/> elements, so each block runs all of them while it is
/// in cache, from a compact per-stage copy of the twiddles. This is the depth-first order of
/// gnark-crypto's recursive difFFT/ditFFT (ecc/bn254/fr/fft/fft.go), unrolled into passes.</para>
/// <para>Multiplications: one per butterfly except where the twiddle is 1 (j = 0), so
/// (n/2) log2 n - (n - 1) for a transform. Radix 4 would not lower that: it saves products in
/// complex FFTs because multiplying by the 4th root of unity i is free there, while in a prime
/// field it is a full multiplication.</para>
/// <para>The native kernel. Where it takes the field (<see cref="IField{T}.NativeKernelModulus"/>,
/// a prime field), each run of butterflies and each cache block is one call to it
/// (Native/ntt_x86_64.c in CrossMargin.Field): there a butterfly's modular sum and difference are
/// a few carry-chain instructions, where in C# they cost about as much as its product. The C#
/// runs (<see cref="DifButterfliesManaged"/>, <see cref="DitButterfliesManaged"/>,
/// <see cref="DifBlockManaged"/>, <see cref="DitBlockManaged"/>) stay the reference and the
/// fallback. The passes, the blocking and the work items are the same either way. Where the
/// kernel's IFMA entry points take the field too (<see cref="IField{T}.NativeKernelIfma"/>), the
/// runs are those, eight butterflies at a time in 52-bit limbs, and a cache block stays in those
/// lanes through all its stages.</para>
/// </remarks>
internal static unsafe class NttKernels<T> where T : unmanaged, ITwoAdicField<T>
{
    /// <summary>The native kernel's parameter block for T where it takes T's elements (four limbs), else 0.</summary>
    private static readonly nint KernelModulus = T.NativeKernelDegree == 1 && sizeof(T) == 32 ? T.NativeKernelModulus : 0;

    /// <summary>Whether the butterflies run in the native kernel (else in C#).</summary>
    public static bool UsesNativeKernel => KernelModulus != 0;

    /// <summary>Whether the native kernel's runs are its IFMA ones, eight butterflies at a time (else four-limb, one at a time).</summary>
    public static bool UsesIfma => KernelModulus != 0 && T.NativeKernelIfma;

    private static readonly delegate* unmanaged<ulong*, ulong, ulong*, int, ulong*, void> NativeDifBlock =
        UsesIfma ? NativeKernel.IfmaFpDifBlock : NativeKernel.FpDifBlock;

    private static readonly delegate* unmanaged<ulong*, ulong, ulong*, ulong*, void> NativeDitBlock =
        UsesIfma ? NativeKernel.IfmaFpDitBlock : NativeKernel.FpDitBlock;

    private static readonly delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong, int, ulong*, void> NativeDifButterflies =
        UsesIfma ? NativeKernel.IfmaFpDifButterflies : NativeKernel.FpDifButterflies;

    private static readonly delegate* unmanaged<ulong*, ulong*, ulong, ulong*, ulong, ulong, ulong*, void> NativeDitButterflies =
        UsesIfma ? NativeKernel.IfmaFpDitButterflies : NativeKernel.FpDitButterflies;

    /// <summary>Elements per cache block: 2^10 elements of 32 bytes are 32 KiB, about an L1 data cache.</summary>
    public const int BlockSize = 1 << 10;

    /// <summary>Butterflies per work item in a whole-array stage (tens of microseconds each).</summary>
    public const int StageChunk = 1 << 9;

    /// <summary>Elements per work item in a scaling pass.</summary>
    public const int ScaleChunk = 1 << 11;

    /// <summary>
    /// The compact twiddles of the stages that run inside a cache block: for h = 1, 2, 4, ...,
    /// blockLength/2, entries [h-1, 2h-1) hold w_{2h}^j for j &lt; h (blockLength - 1 entries).
    /// </summary>
    public static T[] BlockTwiddles(T[] twiddles, int n)
    {
        var blockLength = Math.Min(n, BlockSize);
        var table = new T[Math.Max(blockLength - 1, 0)];
        for (var h = 1; h < blockLength; h <<= 1)
        {
            var stride = n / (2 * h);
            for (var j = 0; j < h; j++) table[h - 1 + j] = twiddles[j * stride];
        }
        return table;
    }

    // ---- drivers ------------------------------------------------------------------------------

    /// <summary>
    /// Decimation in frequency (Gentleman and Sande, "Fast Fourier transforms: for fun and
    /// profit", AFIPS 1966): natural-order input, bit-reversed output. For each h = n/2, ..., 1,
    /// every pair (u, v) = (x[i], x[i+h]) in a block of 2h becomes (u + v, (u - v) w_{2h}^j).
    /// With <paramref name="inverse"/> it uses w^-1 in place of w.
    /// </summary>
    public static void Dif(PinnedSpan<T> data, T[] twiddles, T[] blockTwiddles, bool inverse, ParallelOptions? parallel)
    {
        var n = data.Length;
        for (var h = n / 2; 2 * h > BlockSize; h >>= 1)
        {
            var chunk = Math.Min(h, StageChunk);
            Drive(new StageItems(data, h, chunk, twiddles, n / (2 * h), inverse, decimationInTime: false), n / 2 / chunk, parallel);
        }
        var blockLength = Math.Min(n, BlockSize);
        Drive(new BlockItems(data, blockLength, blockTwiddles, inverse, decimationInTime: false), n / blockLength, parallel);
    }

    /// <summary>
    /// Decimation in time (Cooley and Tukey, "An algorithm for the machine calculation of complex
    /// Fourier series", Math. Comp. 1965): bit-reversed input, natural-order output. For each
    /// h = 1, ..., n/2, every pair (u, v) = (x[i], x[i+h]) in a block of 2h becomes
    /// (u + w_{2h}^j v, u - w_{2h}^j v). Forward direction only (its one user needs no other).
    /// </summary>
    public static void Dit(PinnedSpan<T> data, T[] twiddles, T[] blockTwiddles, ParallelOptions? parallel)
    {
        var n = data.Length;
        var blockLength = Math.Min(n, BlockSize);
        Drive(new BlockItems(data, blockLength, blockTwiddles, inverse: false, decimationInTime: true), n / blockLength, parallel);
        for (var h = blockLength; h < n; h <<= 1)
        {
            var chunk = Math.Min(h, StageChunk);
            Drive(new StageItems(data, h, chunk, twiddles, n / (2 * h), inverse: false, decimationInTime: true), n / 2 / chunk, parallel);
        }
    }

    /// <summary>x[i] *= factor for every i.</summary>
    public static void Scale(PinnedSpan<T> data, in T factor, ParallelOptions? parallel) =>
        Drive(new ScaleItems(data, factor), (data.Length + ScaleChunk - 1) / ScaleChunk, parallel);

    /// <summary>
    /// x[i] *= first * ratio^e(i), with e(i) = i, or e(i) = rev(i) when
    /// <paramref name="bitReversedExponents"/> (for data held in bit-reversed order).
    /// </summary>
    /// <remarks>
    /// Split i = hi 2^c + lo (lo the low c = floor(k/2) bits). Then ratio^i = ratio^lo (ratio^(2^c))^hi,
    /// and rev(i) = rev_c(lo) 2^(k-c) + rev_(k-c)(hi), so in both cases the factor is
    /// low[lo] * high[hi] for two tables of about sqrt(n) powers. That costs two multiplications
    /// an element, like a running power, but the rows are independent and no n-sized table is needed.
    /// </remarks>
    public static void ScaleByPowers(PinnedSpan<T> data, in T first, in T ratio, bool bitReversedExponents, ParallelOptions? parallel)
    {
        var k = System.Numerics.BitOperations.Log2((uint)data.Length);
        var lowBits = k / 2;
        var lowLength = 1 << lowBits;
        var highLength = 1 << (k - lowBits);
        var lowRented = System.Buffers.ArrayPool<T>.Shared.Rent(lowLength);
        var highRented = System.Buffers.ArrayPool<T>.Shared.Rent(highLength);
        try
        {
            var low = lowRented.AsSpan(0, lowLength);
            var high = highRented.AsSpan(0, highLength);
            if (bitReversedExponents)
            {
                Powers(low, T.One, RepeatedSquare(ratio, k - lowBits));
                BitReversal.Permute(low);
                Powers(high, first, ratio);
                BitReversal.Permute(high);
            }
            else
            {
                Powers(low, T.One, ratio);
                Powers(high, first, RepeatedSquare(ratio, lowBits));
            }
            Drive(new ScaleRowItems(data, lowRented, lowLength, highRented), highLength, parallel);
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(lowRented);
            System.Buffers.ArrayPool<T>.Shared.Return(highRented);
        }
    }

    private static void Powers(Span<T> table, in T first, in T ratio)
    {
        table[0] = first;
        for (var i = 1; i < table.Length; i++) T.Mul(table[i - 1], ratio, out table[i]);
    }

    private static T RepeatedSquare(in T x, int times)
    {
        var r = x;
        for (var i = 0; i < times; i++) T.Square(r, out r);
        return r;
    }

    /// <summary>Runs every item: in order on this thread when <paramref name="parallel"/> is null, else on the pool.</summary>
    private static void Drive<TItems>(TItems items, int count, ParallelOptions? parallel) where TItems : struct, IWorkItems
    {
        if (parallel is null || count == 1)
        {
            for (var i = 0; i < count; i++) items.Run(i);
            return;
        }
        Parallel.For(0, count, parallel, items.Run);
    }

    // ---- work items ---------------------------------------------------------------------------

    /// <summary>One stage over the whole array, cut into runs of <c>chunk</c> butterflies.</summary>
    private readonly struct StageItems(PinnedSpan<T> data, int h, int chunk, T[] twiddles, int stride, bool inverse, bool decimationInTime) : IWorkItems
    {
        [SkipLocalsInit]
        public void Run(int index)
        {
            var first = index * chunk;
            var j0 = first % h;
            var start = (first - j0) * 2 + j0;
            var span = data.Span;
            var lo = span.Slice(start, chunk);
            var hi = span.Slice(start + h, chunk);
            Span<T> scratch = stackalloc T[TwiddleRun];
            if (decimationInTime) DitButterflies(lo, hi, j0, twiddles, stride, scratch);
            else DifButterflies(lo, hi, j0, twiddles, stride, inverse, scratch);
        }
    }

    /// <summary>All the in-block stages of one aligned block of <c>blockLength</c> elements.</summary>
    private readonly struct BlockItems(PinnedSpan<T> data, int blockLength, T[] blockTwiddles, bool inverse, bool decimationInTime) : IWorkItems
    {
        [SkipLocalsInit]
        public void Run(int index)
        {
            var block = data.Span.Slice(index * blockLength, blockLength);
            Span<T> scratch = stackalloc T[TwiddleRun];
            if (decimationInTime) DitBlock(block, blockTwiddles, scratch);
            else DifBlock(block, blockTwiddles, inverse, scratch);
        }
    }

    private readonly struct ScaleItems(PinnedSpan<T> data, T factor) : IWorkItems
    {
        [SkipLocalsInit]
        public void Run(int index)
        {
            var span = data.Span;
            var start = index * ScaleChunk;
            var part = span.Slice(start, Math.Min(ScaleChunk, span.Length - start));
            Span<T> factors = stackalloc T[TwiddleRun];
            factors.Fill(factor);
            for (var k = 0; k < part.Length; k += TwiddleRun)
            {
                var run = part.Slice(k, Math.Min(TwiddleRun, part.Length - k));
                T.MulMany(run, factors[..run.Length], run);
            }
        }
    }

    /// <summary>Row hi: x[hi*lowLength + lo] *= low[lo] * high[hi].</summary>
    private readonly struct ScaleRowItems(PinnedSpan<T> data, T[] low, int lowLength, T[] high) : IWorkItems
    {
        [SkipLocalsInit]
        public void Run(int index)
        {
            var row = data.Span.Slice(index * lowLength, lowLength);
            Span<T> rowFactor = stackalloc T[TwiddleRun];
            Span<T> factors = stackalloc T[TwiddleRun];
            rowFactor.Fill(high[index]);
            for (var k = 0; k < row.Length; k += TwiddleRun)
            {
                var n = Math.Min(TwiddleRun, row.Length - k);
                T.MulMany(low.AsSpan(k, n), rowFactor[..n], factors[..n]);
                T.MulMany(row.Slice(k, n), factors[..n], row.Slice(k, n));
            }
        }
    }

    // ---- butterflies ---------------------------------------------------------------------------
    //
    // A run of butterflies does its sums and differences in one loop and its products in one
    // T.MulMany over the run, which a field with a wide kernel runs several products at a time
    // (the products are independent; interleaved with the additions they would be scalar).

    /// <summary>
    /// Every DIF stage inside one cache block (h = block.Length/2, ..., 1), from the compact
    /// twiddles of <see cref="BlockTwiddles"/>: in the native kernel where it takes T, else
    /// <see cref="DifBlockManaged"/>.
    /// </summary>
    internal static void DifBlock(Span<T> block, ReadOnlySpan<T> blockTwiddles, bool inverse, Span<T> scratch)
    {
        CheckBlock(block, blockTwiddles);
        if (KernelModulus == 0)
        {
            DifBlockManaged(block, blockTwiddles, inverse, scratch);
            return;
        }
        fixed (T* x = block, compact = blockTwiddles)
            NativeDifBlock((ulong*)x, (ulong)block.Length, (ulong*)compact, inverse ? 1 : 0, (ulong*)KernelModulus);
    }

    /// <summary>Every DIT stage inside one cache block (h = 1, ..., block.Length/2): in the native kernel where it takes T, else <see cref="DitBlockManaged"/>.</summary>
    internal static void DitBlock(Span<T> block, ReadOnlySpan<T> blockTwiddles, Span<T> scratch)
    {
        CheckBlock(block, blockTwiddles);
        if (KernelModulus == 0)
        {
            DitBlockManaged(block, blockTwiddles, scratch);
            return;
        }
        fixed (T* x = block, compact = blockTwiddles)
            NativeDitBlock((ulong*)x, (ulong)block.Length, (ulong*)compact, (ulong*)KernelModulus);
    }

    /// <summary>The C# <see cref="DifBlock"/>: the reference the kernel is tested against, and its fallback.</summary>
    internal static void DifBlockManaged(Span<T> block, ReadOnlySpan<T> blockTwiddles, bool inverse, Span<T> scratch)
    {
        for (var h = block.Length / 2; h >= 2; h >>= 1) BlockStage(block, h, blockTwiddles.Slice(h - 1, h), inverse, decimationInTime: false, scratch);
        LastDifStage(block);
    }

    /// <summary>The C# <see cref="DitBlock"/>.</summary>
    internal static void DitBlockManaged(Span<T> block, ReadOnlySpan<T> blockTwiddles, Span<T> scratch)
    {
        FirstDitStage(block);
        for (var h = 2; h < block.Length; h <<= 1) BlockStage(block, h, blockTwiddles.Slice(h - 1, h), inverse: false, decimationInTime: true, scratch);
    }

    private static void BlockStage(Span<T> block, int h, ReadOnlySpan<T> stageTwiddles, bool inverse, bool decimationInTime, Span<T> scratch)
    {
        for (var s = 0; s < block.Length; s += 2 * h)
        {
            var lo = block.Slice(s, h);
            var hi = block.Slice(s + h, h);
            if (decimationInTime) DitButterfliesManaged(lo, hi, 0, stageTwiddles, 1, scratch);
            else DifButterfliesManaged(lo, hi, 0, stageTwiddles, 1, inverse, scratch);
        }
    }

    /// <summary>Runs shorter than this multiply one by one: a wide batch would be mostly padding.</summary>
    private const int MinManyRun = 8;

    /// <summary>
    /// Elements per <c>T.MulMany</c> call where its second operand is built on the stack (gathered
    /// twiddles, a broadcast factor): a few KiB of stack, no pooled buffer, so a transform allocates nothing.
    /// </summary>
    public const int TwiddleRun = 64;

    /// <summary>
    /// DIF butterflies on pairs (lo[t], hi[t]) with twiddle index j = j0 + t. The j = 0 twiddle is
    /// 1 and is not multiplied (that saves n - 1 of the n/2 log n products of a transform).
    /// <paramref name="scratch"/> holds <see cref="TwiddleRun"/> elements (the C# path's). In the
    /// native kernel where it takes T, else <see cref="DifButterfliesManaged"/>.
    /// </summary>
    internal static void DifButterflies(Span<T> lo, Span<T> hi, int j0, ReadOnlySpan<T> stageTwiddles, int stride, bool inverse, Span<T> scratch)
    {
        CheckRun(lo, hi, j0, stageTwiddles, stride);
        if (KernelModulus == 0)
        {
            DifButterfliesManaged(lo, hi, j0, stageTwiddles, stride, inverse, scratch);
            return;
        }
        fixed (T* u = lo, v = hi, table = stageTwiddles)
            NativeDifButterflies((ulong*)u, (ulong*)v, (ulong)lo.Length, (ulong*)table, (ulong)stageTwiddles.Length, (ulong)j0, (ulong)stride, inverse ? 1 : 0, (ulong*)KernelModulus);
    }

    /// <summary>The C# <see cref="DifButterflies"/>: the reference the kernel is tested against, and its fallback.</summary>
    internal static void DifButterfliesManaged(Span<T> lo, Span<T> hi, int j0, ReadOnlySpan<T> stageTwiddles, int stride, bool inverse, Span<T> scratch)
    {
        Debug.Assert(lo.Length == hi.Length && j0 + lo.Length <= stageTwiddles.Length / stride);
        var skip = j0 == 0 ? 1 : 0;
        if (skip == 1)
        {
            ref var u = ref lo[0];
            ref var v = ref hi[0];
            T.Sub(u, v, out var d);
            T.Add(u, v, out u);
            v = d;
        }
        // Inverse: (u - v) w^-j = (v - u) w^(n/2 - j), see the remarks on the class.
        for (var t = skip; t < lo.Length; t++)
        {
            ref var u = ref lo[t];
            ref var v = ref hi[t];
            T.Sub(inverse ? v : u, inverse ? u : v, out var d);
            T.Add(u, v, out u);
            v = d;
        }
        MultiplyByTwiddles(hi[skip..], j0 + skip, stageTwiddles, stride, inverse, scratch);
    }

    /// <summary>
    /// DIT butterflies on pairs (lo[t], hi[t]) with twiddle index j = j0 + t; j = 0 is not
    /// multiplied. In the native kernel where it takes T, else <see cref="DitButterfliesManaged"/>.
    /// </summary>
    internal static void DitButterflies(Span<T> lo, Span<T> hi, int j0, ReadOnlySpan<T> stageTwiddles, int stride, Span<T> scratch)
    {
        CheckRun(lo, hi, j0, stageTwiddles, stride);
        if (KernelModulus == 0)
        {
            DitButterfliesManaged(lo, hi, j0, stageTwiddles, stride, scratch);
            return;
        }
        fixed (T* u = lo, v = hi, table = stageTwiddles)
            NativeDitButterflies((ulong*)u, (ulong*)v, (ulong)lo.Length, (ulong*)table, (ulong)j0, (ulong)stride, (ulong*)KernelModulus);
    }

    /// <summary>The C# <see cref="DitButterflies"/>.</summary>
    internal static void DitButterfliesManaged(Span<T> lo, Span<T> hi, int j0, ReadOnlySpan<T> stageTwiddles, int stride, Span<T> scratch)
    {
        Debug.Assert(lo.Length == hi.Length && j0 + lo.Length <= stageTwiddles.Length / stride);
        var skip = j0 == 0 ? 1 : 0;
        MultiplyByTwiddles(hi[skip..], j0 + skip, stageTwiddles, stride, inverse: false, scratch);
        for (var t = 0; t < lo.Length; t++)
        {
            ref var u = ref lo[t];
            ref var v = ref hi[t];
            var w = v;
            T.Sub(u, w, out v);
            T.Add(u, w, out u);
        }
    }

    /// <summary>
    /// What a run reads and writes lies inside its spans: the kernel checks no index, so this is
    /// checked once a run, on either path. A failure here is a bug in the passes above, not bad input.
    /// </summary>
    private static void CheckRun(Span<T> lo, Span<T> hi, int j0, ReadOnlySpan<T> stageTwiddles, int stride)
    {
        // Forward runs read table[j * stride], inverse ones table[Length - j * stride] (j >= 1), for j0 <= j < j0 + count.
        if (lo.Length != hi.Length || j0 < 0 || stride < 1 || (lo.Length > 0 && (long)(j0 + lo.Length - 1) * stride >= stageTwiddles.Length))
            throw new ArgumentException($"a butterfly run of {lo.Length} and {hi.Length} from twiddle {j0} with stride {stride} does not fit a table of {stageTwiddles.Length}");
    }

    /// <summary>The same for a cache block: a power of two long, with its stages' compact twiddles.</summary>
    private static void CheckBlock(Span<T> block, ReadOnlySpan<T> blockTwiddles)
    {
        if (!System.Numerics.BitOperations.IsPow2(block.Length) || blockTwiddles.Length < block.Length - 1)
            throw new ArgumentException($"a cache block of {block.Length} with {blockTwiddles.Length} compact twiddles: it takes a power of two and at least one twiddle fewer");
    }

    /// <summary>
    /// x[t] *= w_{2h}^(j + t), or w_{2h}^-(j + t) when <paramref name="inverse"/> (read as
    /// -w^(n/2 - j - t), the sign already in the difference); j &gt;= 1.
    /// </summary>
    private static void MultiplyByTwiddles(Span<T> x, int j, ReadOnlySpan<T> stageTwiddles, int stride, bool inverse, Span<T> scratch)
    {
        if (x.Length < MinManyRun)
        {
            for (var t = 0; t < x.Length; t++) T.Mul(x[t], stageTwiddles[TwiddleIndex(j + t, stageTwiddles.Length, stride, inverse)], out x[t]);
            return;
        }
        if (stride == 1 && !inverse)
        {
            T.MulMany(x, stageTwiddles.Slice(j, x.Length), x);
            return;
        }
        for (var start = 0; start < x.Length; start += scratch.Length)
        {
            var part = x.Slice(start, Math.Min(scratch.Length, x.Length - start));
            var twiddles = scratch[..part.Length];
            for (var t = 0; t < part.Length; t++) twiddles[t] = stageTwiddles[TwiddleIndex(j + start + t, stageTwiddles.Length, stride, inverse)];
            T.MulMany(part, twiddles, part);
        }
    }

    private static int TwiddleIndex(int j, int tableLength, int stride, bool inverse) => inverse ? tableLength - j * stride : j * stride;

    /// <summary>The DIF stage h = 1: every twiddle is 1, so (u, v) becomes (u + v, u - v).</summary>
    private static void LastDifStage(Span<T> block)
    {
        for (var i = 0; i + 1 < block.Length; i += 2)
        {
            ref var u = ref block[i];
            ref var v = ref block[i + 1];
            T.Sub(u, v, out var d);
            T.Add(u, v, out u);
            v = d;
        }
    }

    /// <summary>The DIT stage h = 1: the same twiddle-free butterfly.</summary>
    private static void FirstDitStage(Span<T> block) => LastDifStage(block);
}

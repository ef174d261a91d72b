using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrossMargin.Field;

namespace CrossMargin.Poly;

/// <summary>
/// The subgroup H = {w^0, ..., w^(n-1)} of the n = 2^k-th roots of unity in a two-adic field, with
/// the number-theoretic transforms between a polynomial's coefficients and its values on H or on a
/// coset shift*H. Built once per size (<see cref="OfLogSize"/> caches them) and safe to share
/// between threads: a domain is immutable.
/// </summary>
/// <remarks>
/// <para>Representation: w = <c>T.RootOfUnity(k)</c>; a table of w^t for t &lt; n/2 (16 MiB at
/// n = 2^20 for 32-byte elements; it serves the inverse transforms too), a compact copy of the
/// twiddles of the stages that run inside a cache block, w^-1 and 1/n.</para>
/// <para>Every transform takes and returns natural order: index i of an evaluation vector is the
/// value at w^i (or shift*w^i), index i of a coefficient vector the coefficient of X^i. Inside,
/// the transforms are radix-2 decimation in frequency (natural in, bit-reversed out) followed by a
/// bit-reversal permutation; <see cref="ExtendToCoset"/> pairs a decimation-in-frequency inverse
/// with a decimation-in-time forward transform and needs no permutation at all (Chu and George,
/// "Inside the FFT Black Box", CRC 2000, the "DIF NR" and "DIT RN" variants). The butterflies are in
/// <see cref="NttKernels{T}"/>.</para>
/// <para>Transforms of at least <see cref="ParallelThreshold"/> elements run their passes on the
/// thread pool, each up to <c>maxDegreeOfParallelism</c> threads at a time (-1: no limit;
/// 1: serial). Results do not depend on it. The serial path allocates nothing (scratch comes from
/// ArrayPool). Not constant time: the field's operations branch on values (the transforms' own
/// memory access pattern does not).</para>
/// </remarks>
public sealed class EvaluationDomain<T> where T : unmanaged, ITwoAdicField<T>
{
    /// <summary>Sizes below this run serially whatever the parallelism asked for: their passes
    /// take less time than handing them to the pool.</summary>
    public const int ParallelThreshold = 1 << 12;

    private static readonly EvaluationDomain<T>?[] Cache = new EvaluationDomain<T>?[T.TwoAdicity + 1];

    /// <summary>w^t for t &lt; n/2 (empty for n = 1).</summary>
    private readonly T[] _twiddles;
    private readonly T[] _blockTwiddles;

    /// <summary>k, with n = 2^k.</summary>
    public int LogSize { get; }

    /// <summary>n = |H|.</summary>
    public int Size { get; }

    /// <summary>w, the primitive n-th root of unity generating H (<c>T.RootOfUnity(k)</c>).</summary>
    public T Generator { get; }

    /// <summary>w^-1.</summary>
    public T GeneratorInverse { get; }

    /// <summary>1/n.</summary>
    public T SizeInverse { get; }

    /// <summary>Builds the domain of size 2^<paramref name="logSize"/> (prefer the cached <see cref="OfLogSize"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">logSize is negative or above the field's 2-adicity.</exception>
    public EvaluationDomain(int logSize)
    {
        CheckLogSize(logSize);
        LogSize = logSize;
        Size = 1 << logSize;
        Generator = T.RootOfUnity(logSize);
        T.Inverse(Generator, out var generatorInverse);
        GeneratorInverse = generatorInverse;
        T.Inverse(T.FromBigInteger(Size), out var sizeInverse);
        SizeInverse = sizeInverse;

        _twiddles = new T[Size / 2];
        if (_twiddles.Length > 0)
        {
            _twiddles[0] = T.One;
            for (var t = 1; t < _twiddles.Length; t++) T.Mul(_twiddles[t - 1], Generator, out _twiddles[t]);
        }
        _blockTwiddles = NttKernels<T>.BlockTwiddles(_twiddles, Size);
    }

    /// <summary>The shared domain of size 2^<paramref name="logSize"/>, built on first use and kept for the process's life.</summary>
    /// <exception cref="ArgumentOutOfRangeException">logSize is negative or above the field's 2-adicity.</exception>
    public static EvaluationDomain<T> OfLogSize(int logSize)
    {
        CheckLogSize(logSize);
        return Volatile.Read(ref Cache[logSize])
            ?? Interlocked.CompareExchange(ref Cache[logSize], new EvaluationDomain<T>(logSize), null)
            ?? Cache[logSize]!;
    }

    /// <summary>The shared domain of size <paramref name="size"/>, a power of two.</summary>
    /// <exception cref="ArgumentOutOfRangeException">size is not positive or above 2^(2-adicity).</exception>
    /// <exception cref="ArgumentException">size is not a power of two.</exception>
    public static EvaluationDomain<T> OfSize(int size)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "a domain size must be positive");
        if (!BitOperations.IsPow2(size)) throw new ArgumentException($"a domain size must be a power of two, not {size}", nameof(size));
        return OfLogSize(BitOperations.Log2((uint)size));
    }

    /// <summary>The smallest shared domain with at least <paramref name="count"/> points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count is negative or above 2^(2-adicity).</exception>
    public static EvaluationDomain<T> AtLeast(int count)
    {
        if (count < 0 || count > 1 << Math.Min(T.TwoAdicity, 30))
            throw new ArgumentOutOfRangeException(nameof(count), count, $"no power-of-two domain of the field has {count} points");
        return OfLogSize(count <= 1 ? 0 : BitOperations.Log2((uint)count - 1) + 1);
    }

    /// <summary>w^i for any i (reduced mod n).</summary>
    public T Element(long i)
    {
        var t = (int)(((i % Size) + Size) % Size);
        if (t < _twiddles.Length) return _twiddles[t];
        // w^(n/2 + s) = -w^s.
        T.Neg(_twiddles[t - _twiddles.Length], out var r);
        return r;
    }

    /// <summary>
    /// A primitive 2n-th root of unity: shifted by it, H becomes the other half of the domain of
    /// size 2n (its odd powers), the coset on which the Groth16 prover, like snarkjs, evaluates
    /// the quotient.
    /// </summary>
    /// <exception cref="InvalidOperationException">n is already 2^(2-adicity).</exception>
    public T OddCosetShift => LogSize < T.TwoAdicity
        ? T.RootOfUnity(LogSize + 1)
        : throw new InvalidOperationException($"no root of unity of order 2^{LogSize + 1}: the domain is the field's largest");

    // ---- transforms ---------------------------------------------------------------------------

    /// <summary>Coefficients to values: values[i] = p(w^i) for p(X) = sum_j values[j] X^j.</summary>
    /// <exception cref="ArgumentException">values.Length is not n.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxDegreeOfParallelism is 0 or below -1.</exception>
    public unsafe void Forward(Span<T> values, int maxDegreeOfParallelism = -1)
    {
        var parallel = Prepare(values, maxDegreeOfParallelism);
        fixed (byte* address = &AsBytes(values))
        {
            var data = new PinnedSpan<T>(address, Size);
            NttKernels<T>.Dif(data, _twiddles, _blockTwiddles, inverse: false, parallel);
        }
        BitReversal.Permute(values);
    }

    /// <summary>Values to coefficients: the inverse of <see cref="Forward"/>, 1/n included.</summary>
    /// <exception cref="ArgumentException">values.Length is not n.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxDegreeOfParallelism is 0 or below -1.</exception>
    public unsafe void Inverse(Span<T> values, int maxDegreeOfParallelism = -1)
    {
        var parallel = Prepare(values, maxDegreeOfParallelism);
        fixed (byte* address = &AsBytes(values))
        {
            var data = new PinnedSpan<T>(address, Size);
            NttKernels<T>.Dif(data, _twiddles, _blockTwiddles, inverse: true, parallel);
            BitReversal.Permute(values);
            NttKernels<T>.Scale(data, SizeInverse, parallel);
        }
    }

    /// <summary>
    /// Coefficients to values on the coset shift*H: values[i] = p(shift w^i). It is the forward
    /// transform of the coefficients scaled by shift^i, since p(shift X) = sum_j (p_j shift^j) X^j.
    /// </summary>
    /// <exception cref="ArgumentException">values.Length is not n, or shift is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxDegreeOfParallelism is 0 or below -1.</exception>
    public unsafe void CosetForward(Span<T> values, in T shift, int maxDegreeOfParallelism = -1)
    {
        var parallel = Prepare(values, maxDegreeOfParallelism);
        CheckShift(shift);
        fixed (byte* address = &AsBytes(values))
        {
            var data = new PinnedSpan<T>(address, Size);
            NttKernels<T>.ScaleByPowers(data, T.One, shift, bitReversedExponents: false, parallel);
            NttKernels<T>.Dif(data, _twiddles, _blockTwiddles, inverse: false, parallel);
        }
        BitReversal.Permute(values);
    }

    /// <summary>Values on shift*H to coefficients: the inverse of <see cref="CosetForward"/>.</summary>
    /// <exception cref="ArgumentException">values.Length is not n, or shift is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxDegreeOfParallelism is 0 or below -1.</exception>
    public unsafe void CosetInverse(Span<T> values, in T shift, int maxDegreeOfParallelism = -1)
    {
        var parallel = Prepare(values, maxDegreeOfParallelism);
        CheckShift(shift);
        T.Inverse(shift, out var shiftInverse);
        fixed (byte* address = &AsBytes(values))
        {
            var data = new PinnedSpan<T>(address, Size);
            NttKernels<T>.Dif(data, _twiddles, _blockTwiddles, inverse: true, parallel);
            BitReversal.Permute(values);
            // Coefficient j of p(shift X) is p_j shift^j: unscale, with 1/n folded in.
            NttKernels<T>.ScaleByPowers(data, SizeInverse, shiftInverse, bitReversedExponents: false, parallel);
        }
    }

    /// <summary>
    /// Values on H to values on shift*H: values[i] = p(w^i) becomes p(shift w^i), for the p of
    /// degree &lt; n through the given values. Equal to <see cref="Inverse"/> then
    /// <see cref="CosetForward"/>, but with no bit-reversal: the inverse transform (DIF) leaves the
    /// coefficients in bit-reversed order, they are scaled there by shift^rev(j)/n, and the forward
    /// transform (DIT) reads that order back into natural order. This is the Groth16 prover's step
    /// (with shift = <see cref="OddCosetShift"/>).
    /// </summary>
    /// <exception cref="ArgumentException">values.Length is not n, or shift is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxDegreeOfParallelism is 0 or below -1.</exception>
    public unsafe void ExtendToCoset(Span<T> values, in T shift, int maxDegreeOfParallelism = -1)
    {
        var parallel = Prepare(values, maxDegreeOfParallelism);
        CheckShift(shift);
        fixed (byte* address = &AsBytes(values))
        {
            var data = new PinnedSpan<T>(address, Size);
            NttKernels<T>.Dif(data, _twiddles, _blockTwiddles, inverse: true, parallel);
            NttKernels<T>.ScaleByPowers(data, SizeInverse, shift, bitReversedExponents: true, parallel);
            NttKernels<T>.Dit(data, _twiddles, _blockTwiddles, parallel);
        }
    }

    // ---- checks -------------------------------------------------------------------------------

    private ParallelOptions? Prepare(Span<T> values, int maxDegreeOfParallelism)
    {
        if (values.Length != Size)
            throw new ArgumentException($"a domain of size {Size} transforms exactly {Size} values, not {values.Length}", nameof(values));
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "use -1 (no limit) or a positive count");
        return Size < ParallelThreshold || maxDegreeOfParallelism == 1
            ? null
            : new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
    }

    private static void CheckShift(in T shift)
    {
        if (shift.IsZero) throw new ArgumentException("a coset shift must be non-zero", nameof(shift));
    }

    private static void CheckLogSize(int logSize)
    {
        // Spans are int-indexed: 2^30 is the largest size whatever the field allows.
        var maxLogSize = Math.Min(T.TwoAdicity, 30);
        if ((uint)logSize > (uint)maxLogSize)
            throw new ArgumentOutOfRangeException(nameof(logSize), logSize, $"the field's 2-adicity is {T.TwoAdicity}: domains have 2^0 to 2^{maxLogSize} points");
    }

    /// <summary>The first byte of a non-empty span, for pinning it with <c>fixed</c> whatever T is.</summary>
    private static ref byte AsBytes(Span<T> values) => ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(values));
}

using BenchmarkDotNet.Attributes;
using CrossMargin.Field;
using CrossMargin.Field.Bn254;
using CrossMargin.Field.Wide;

namespace CrossMargin.Bench;

/// <summary>
/// Throughput of BN254 Fq multiplication (issue 12): <see cref="Count"/> independent products,
/// figures per product. The scalar Montgomery256 over scalar arrays; the wide kernel on data
/// kept limb-sliced (<c>Sliced*</c>: what a caller that stays in FieldBatch form pays); and the
/// span operation over scalar arrays (<c>Span*</c>: the transpositions in and out and the
/// canonical reduction on top of the kernel; <c>SpanMulMany</c>, the field's pick among these and
/// the native kernel's loop). Lanes512 without AVX-512F and Lanes256 without
/// AVX2 run their portable fallbacks, far slower: read the figures with the processor's flags
/// (BenchmarkDotNet prints them as HardwareIntrinsics).
/// <code>
///   dotnet run -c Release --project bench/CrossMargin.Bench -- --filter '*WideKernelBenchmarks*' --job short
/// </code>
/// </summary>
[MedianColumn]
public class WideKernelBenchmarks
{
    /// <summary>Products per invocation: three arrays of 1,024 wide elements (216 KiB) stay in L2.</summary>
    public const int Count = 1024;

    private Fq[] _a = [], _b = [], _r = [];
    private FieldBatch<FqParams, Lanes512>[] _a512 = [], _b512 = [], _r512 = [];
    private FieldBatch<FqParams, Lanes256>[] _a256 = [], _b256 = [], _r256 = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(12);
        Fq Next() => Fq.FromBigInteger(new System.Numerics.BigInteger(random.NextInt64()) << 190 ^ random.NextInt64());
        _a = Enumerable.Range(0, Count).Select(_ => Next()).ToArray();
        _b = Enumerable.Range(0, Count).Select(_ => Next()).ToArray();
        _r = _a.ToArray();
        (_a512, _b512, _r512) = (Slice<Lanes512>(_a), Slice<Lanes512>(_b), new FieldBatch<FqParams, Lanes512>[Count / 8]);
        (_a256, _b256, _r256) = (Slice<Lanes256>(_a), Slice<Lanes256>(_b), new FieldBatch<FqParams, Lanes256>[Count / 4]);
    }

    private static FieldBatch<FqParams, TLanes>[] Slice<TLanes>(Fq[] values) where TLanes : struct, ILanes<TLanes>
    {
        var n = TLanes.Count;
        var batches = new FieldBatch<FqParams, TLanes>[values.Length / n];
        for (var j = 0; j < batches.Length; j++) FieldBatch<FqParams, TLanes>.FromScalar(values.AsSpan(j * n, n), out batches[j]);
        return batches;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public void ScalarMul()
    {
        var (a, b, r) = (_a, _b, _r);
        for (var i = 0; i < r.Length; i++) Fq.Mul(a[i], b[i], out r[i]);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void SlicedMul512()
    {
        var (a, b, r) = (_a512, _b512, _r512);
        for (var j = 0; j < r.Length; j++) FieldBatch<FqParams, Lanes512>.Mul(a[j], b[j], out r[j]);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void SlicedMul256()
    {
        var (a, b, r) = (_a256, _b256, _r256);
        for (var j = 0; j < r.Length; j++) FieldBatch<FqParams, Lanes256>.Mul(a[j], b[j], out r[j]);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void SlicedSquare256()
    {
        var (a, r) = (_a256, _r256);
        for (var j = 0; j < r.Length; j++) FieldBatch<FqParams, Lanes256>.Square(a[j], out r[j]);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void SpanMul512() => WideField<FqParams>.Multiply<Lanes512>(_a, _b, _r);

    [Benchmark(OperationsPerInvoke = Count)]
    public void SpanMul256() => WideField<FqParams>.Multiply<Lanes256>(_a, _b, _r);

    /// <summary>The field's own span product: whichever of the above, or the native kernel's loop, it picks on this processor.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public void SpanMulMany() => Fq.MulMany(_a, _b, _r);

    /// <summary>The native kernel's four-limb loop (cm_fp_mul_many), whichever MulMany picks.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public unsafe void SpanMulNative()
    {
        if (!NativeModulus<FqParams>.UseKernel) return;
        fixed (Fq* a = _a, b = _b, r = _r)
            NativeKernel.FpMulMany((ulong*)a, (ulong*)b, (ulong*)r, Count, NativeModulus<FqParams>.Parameters);
    }

    /// <summary>The native kernel's IFMA products, eight at a time (cm_ifma_fp_mul_many); nothing where the processor lacks IFMA.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public unsafe void SpanMulIfma()
    {
        if (!NativeModulus<FqParams>.UseIfma) return;
        fixed (Fq* a = _a, b = _b, r = _r)
            NativeKernel.IfmaFpMulMany((ulong*)a, (ulong*)b, (ulong*)r, Count, NativeModulus<FqParams>.Parameters);
    }

    /// <summary>Montgomery's trick over the array (in place: it alternates between x and 1/x).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public void ScalarBatchInverse() => FieldAlgorithms.BatchInverse<Fq>(_r);

    [Benchmark(OperationsPerInvoke = Count)]
    public void WideBatchInverse256() => WideField<FqParams>.BatchInverse<Lanes256>(_r);
}

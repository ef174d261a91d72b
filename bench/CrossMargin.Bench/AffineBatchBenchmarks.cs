using BenchmarkDotNet.Attributes;
using CrossMargin.Curves;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field.Bn254;
using CrossMargin.Field.Wide;

namespace CrossMargin.Bench;

/// <summary>
/// The batch of independent affine additions under the MSM buckets (issue 12, item 2): 1,024
/// G1 additions sharing one inversion, figures per addition. The scalar kernel against the wide
/// one on each lane path (Lanes512 without AVX-512F runs its portable fallback: read the
/// figures with the processor's flags).
/// <code>
///   dotnet run -c Release --project bench/CrossMargin.Bench -- --filter '*AffineBatchBenchmarks*' --job short
/// </code>
/// </summary>
[MedianColumn]
public class AffineBatchBenchmarks
{
    private const int Count = 1024;

    private AffineXY<Fq>[] _start = [], _targets = [], _addends = [];
    private int[] _index = [];
    private Fq[] _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        var points = MsmBenchmarks.Points<Fq, G1Curve>(2 * Count);
        _start = points[..Count].Select(p => new AffineXY<Fq>(p.X, p.Y)).ToArray();
        _addends = points[Count..].Select(p => new AffineXY<Fq>(p.X, p.Y)).ToArray();
        var random = new Random(5);
        _index = Enumerable.Range(0, Count).OrderBy(_ => random.Next()).ToArray();
        _targets = _start.ToArray();
        _scratch = new Fq[2 * Count];
    }

    // Each invocation adds into the targets left by the previous one: the points stay on the
    // curve and the additions stay true additions.
    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public void Scalar() => AffineBatch<Fq>.AddInPlace(_targets, _index, _addends, _scratch);

    [Benchmark(OperationsPerInvoke = Count)]
    public void Wide256() => WideAffineBatch<Fq, FieldBatch<FqParams, Lanes256>>.AddInPlace(_targets, _index, _addends);

    [Benchmark(OperationsPerInvoke = Count)]
    public void Wide512() => WideAffineBatch<Fq, FieldBatch<FqParams, Lanes512>>.AddInPlace(_targets, _index, _addends);

    /// <summary>The native kernel's IFMA entry points (on a machine without IFMA, the eight-lane C# as a stand-in).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public void NativeIfma()
    {
        if (IfmaAffineBatch<Fq>.IsAvailable) IfmaAffineBatch<Fq>.AddInPlace(_targets, _index, _addends);
        else WideAffineBatch<Fq, FieldBatch<FqParams, Lanes512>>.AddInPlace(_targets, _index, _addends);
    }
}

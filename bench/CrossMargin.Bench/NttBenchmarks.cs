using BenchmarkDotNet.Attributes;
using CrossMargin.Poly;

namespace CrossMargin.Bench;

/// <summary>
/// NTTs over BN254 Fr on the shared evaluation domains (built in setup, as the prover reuses
/// them). Each call transforms the same array in place again: the cost does not depend on the
/// values, so there is no per-iteration copy. Goals on the 2-core reference machine: forward
/// 2^16 within 8 ms, 2^20 within 200 ms.
/// </summary>
[MedianColumn]
public class NttBenchmarks
{
    private readonly Dictionary<int, Fr[]> _values = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        foreach (var logSize in new[] { 16, 20 })
        {
            EvaluationDomain<Fr>.OfLogSize(logSize);
            var values = new Fr[1 << logSize];
            for (var i = 0; i < values.Length; i++) values[i] = Fr.FromUInt64((ulong)random.NextInt64());
            _values[logSize] = values;
        }
    }

    /// <summary>Coefficients to values on H, natural order, all cores.</summary>
    [Benchmark]
    [Arguments(16)]
    [Arguments(20)]
    public void Forward(int logSize) => EvaluationDomain<Fr>.OfLogSize(logSize).Forward(_values[logSize]);

    /// <summary>The same on one thread, to show what the parallel passes gain.</summary>
    [Benchmark]
    [Arguments(16)]
    public void ForwardSerial(int logSize) => EvaluationDomain<Fr>.OfLogSize(logSize).Forward(_values[logSize], maxDegreeOfParallelism: 1);

    /// <summary>Coefficients to values on the odd coset (the prover's shift).</summary>
    [Benchmark]
    [Arguments(16)]
    public void CosetForward(int logSize)
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(logSize);
        domain.CosetForward(_values[logSize], domain.OddCosetShift);
    }

    /// <summary>Values on H to values on the odd coset: the prover's step, done three times a proof.</summary>
    [Benchmark]
    [Arguments(16)]
    public void ExtendToCoset(int logSize)
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(logSize);
        domain.ExtendToCoset(_values[logSize], domain.OddCosetShift);
    }
}

using BenchmarkDotNet.Attributes;

namespace CrossMargin.Bench;

/// <summary>
/// BN254 Fq arithmetic. Each benchmark runs a chain of 1,000 dependent operations (the result
/// feeds the next), so the per-operation figure is latency, the way field code uses it.
/// </summary>
public class FieldBenchmarks
{
    private const int Chain = 1000;
    private Fq _a, _b;

    [GlobalSetup]
    public void Setup()
    {
        _a = Fq.FromBigInteger(System.Numerics.BigInteger.Parse("1234567890123456789012345678901234567890123456789"));
        _b = Fq.FromBigInteger(System.Numerics.BigInteger.Parse("9876543210987654321098765432109876543210987654321"));
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fq Mul()
    {
        var x = _a;
        for (var i = 0; i < Chain; i++) Fq.Mul(x, _b, out x);
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fq Square()
    {
        var x = _a;
        for (var i = 0; i < Chain; i++) Fq.Square(x, out x);
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fq Add()
    {
        var x = _a;
        for (var i = 0; i < Chain; i++) Fq.Add(x, _b, out x);
        return x;
    }

    [Benchmark]
    public Fq Inverse()
    {
        Fq.Inverse(_a, out var r);
        return r;
    }
}

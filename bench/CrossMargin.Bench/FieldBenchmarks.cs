using BenchmarkDotNet.Attributes;

namespace CrossMargin.Bench;

/// <summary>
/// BN254 Fq and Fq2 arithmetic. Each benchmark runs a chain of 1,000 dependent operations (the
/// result feeds the next), so the per-operation figure is latency, the way field code uses it;
/// <see cref="MulIndependent"/> runs four chains side by side, for the throughput of products
/// that do not wait on each other (as inside an Fq2 or Fq6 product). Run it with
/// CROSSMARGIN_NATIVE_KERNEL=0 and without to compare the C# product with the native kernel's.
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

    [Benchmark(OperationsPerInvoke = 4 * Chain)]
    public Fq MulIndependent()
    {
        var (w, x, y, z) = (_a, _b, _a + _b, _a - _b);
        for (var i = 0; i < Chain; i++)
        {
            Fq.Mul(w, _b, out w);
            Fq.Mul(x, _a, out x);
            Fq.Mul(y, _b, out y);
            Fq.Mul(z, _a, out z);
        }
        return w + x + y + z;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fq2 Fq2Mul()
    {
        var x = new Fq2(_a, _b);
        var y = new Fq2(_b, _a);
        for (var i = 0; i < Chain; i++) Fq2.Mul(x, y, out x);
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

    /// <summary>
    /// A chain of inversions of changing values, x = (x + b)^-1, so that the branches of the
    /// variable-time algorithms do not repeat: the native kernel's division steps where it is
    /// loaded (the MSM's batch additions take one per batch).
    /// </summary>
    [Benchmark(OperationsPerInvoke = InverseChain)]
    public Fq Inverse()
    {
        var x = _a;
        for (var i = 0; i < InverseChain; i++) Fq.Inverse(x + _b, out x);
        return x;
    }

    /// <summary><see cref="Inverse"/> by the C# binary algorithm, the kernel's plain twin (the stored integer alone, without the product by R^3).</summary>
    [Benchmark(OperationsPerInvoke = InverseChain)]
    public Fq InverseBinary()
    {
        var x = _a;
        for (var i = 0; i < InverseChain; i++) x = Fq.InverseOfStoredInteger(x + _b);
        return x;
    }

    private const int InverseChain = 100;
}

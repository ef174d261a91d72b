using BenchmarkDotNet.Attributes;
using CrossMargin.Snarkjs;

namespace CrossMargin.Bench;

/// <summary>Opening an .r1cs and reading its header: the fixed cost of every circuit load.</summary>
[MemoryDiagnoser]
public class R1csHeaderBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = BenchPaths.Circuit("smoke/poseidon_preimage") + ".r1cs";

    [Benchmark]
    public uint ReadHeader() => R1csHeader.Read(_path).Constraints;
}

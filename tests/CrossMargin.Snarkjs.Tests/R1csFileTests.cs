using System.Numerics;
using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Snarkjs.Tests;

public class R1csFileTests
{
    private static Fr[] SmokeWitness(out R1csFile r1cs)
    {
        var circuit = RepoLayout.Circuit("smoke/poseidon_preimage");
        r1cs = R1csFile.Read(circuit.R1cs);
        using var calculator = WitnessCalculator.Load(circuit.Wasm);
        return calculator.Calculate(CircuitInput.Parse(JsonDocument.Parse("""{"secret": 42, "blinding": 4242}""").RootElement));
    }

    [Fact]
    public void ComputedWitness_SatisfiesEveryConstraint()
    {
        var witness = SmokeWitness(out var r1cs);
        Assert.Equal(r1cs.Header.Constraints, (uint)r1cs.System.Constraints.Count);
        Assert.Equal(-1, r1cs.System.FirstUnsatisfied(witness));
    }

    [Fact]
    public void ChangingAnyConstrainedWire_BreaksSomeConstraint_AndTheCheckerNamesIt()
    {
        var witness = SmokeWitness(out var r1cs);
        var sym = SymFile.Read(RepoLayout.Circuit("smoke/poseidon_preimage").Sym);
        var used = r1cs.System.Constraints.SelectMany(c => c.A.Wires.Concat(c.B.Wires).Concat(c.C.Wires)).ToHashSet();
        var random = new Random(5);
        foreach (var wire in used.Where(w => w != 0).OrderBy(_ => random.Next()).Take(40))
        {
            var tampered = (Fr[])witness.Clone();
            Fr.Add(tampered[wire], Fr.One, out tampered[wire]);
            var first = r1cs.System.FirstUnsatisfied(tampered);
            Assert.True(first >= 0, $"changing {sym.WireName(wire)} left every constraint satisfied");
        }
        Assert.Equal("main.commitment", sym.WireName(1));
    }

    [Fact]
    public void SnarkjsVectorCircuit_ReadsWhole_AndItsWitnessSatisfiesIt()
    {
        var r1cs = R1csFile.Read(RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs"));
        var witness = WtnsFile.Read(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"));
        Assert.Equal(-1, r1cs.System.FirstUnsatisfied(witness));
    }

    [Fact]
    public void SeededCorruptions_AreFormatErrorsOrConsistentFiles_NeverAnotherException()
    {
        var original = File.ReadAllBytes(RepoLayout.Circuit("smoke/poseidon_preimage").R1cs);
        FileCorruption.ForEach(original, seed: 77, rounds: 300, headerBytes: 128, path =>
        {
            try
            {
                var r1cs = R1csFile.Read(path);
                Assert.Equal(r1cs.Header.Constraints, (uint)r1cs.System.Constraints.Count);
            }
            catch (CircomFormatException e)
            {
                Assert.Equal(path, e.File);
            }
        });
    }

    [Fact]
    public void WtnsSeededCorruptions_AreFormatErrorsNeverAnotherException()
    {
        var original = File.ReadAllBytes(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"));
        FileCorruption.ForEach(original, seed: 78, rounds: 300, headerBytes: 96, path =>
        {
            try
            {
                WtnsFile.Read(path);
            }
            catch (CircomFormatException e)
            {
                Assert.Equal(path, e.File);
            }
        });
    }
}

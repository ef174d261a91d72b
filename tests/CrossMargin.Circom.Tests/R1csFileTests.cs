using System.Numerics;
using System.Text.Json;
using CrossMargin.Circom;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Circom.Tests;

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
        Assert.Equal(r1cs.Header.Constraints, (uint)r1cs.Constraints.Count);
        Assert.Equal(-1, r1cs.FirstUnsatisfied(witness));
    }

    [Fact]
    public void ChangingAnyConstrainedWire_BreaksSomeConstraint_AndTheCheckerNamesIt()
    {
        var witness = SmokeWitness(out var r1cs);
        var sym = SymFile.Read(RepoLayout.Circuit("smoke/poseidon_preimage").Sym);
        var used = r1cs.Constraints.SelectMany(c => c.A.Wires.Concat(c.B.Wires).Concat(c.C.Wires)).ToHashSet();
        var random = new Random(5);
        foreach (var wire in used.Where(w => w != 0).OrderBy(_ => random.Next()).Take(40))
        {
            var tampered = (Fr[])witness.Clone();
            Fr.Add(tampered[wire], Fr.One, out tampered[wire]);
            var first = r1cs.FirstUnsatisfied(tampered);
            Assert.True(first >= 0, $"changing {sym.WireName(wire)} left every constraint satisfied");
        }
        Assert.Equal("main.commitment", sym.WireName(1));
    }

    [Fact]
    public void SnarkjsVectorCircuit_ReadsWhole_AndItsWitnessSatisfiesIt()
    {
        var r1cs = R1csFile.Read(RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs"));
        var witness = WtnsFile.Read(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"));
        Assert.Equal(-1, r1cs.FirstUnsatisfied(witness));
    }

    [Fact]
    public void SeededCorruptions_AreFormatErrorsOrConsistentFiles_NeverAnotherException()
    {
        var original = File.ReadAllBytes(RepoLayout.Circuit("smoke/poseidon_preimage").R1cs);
        var random = new Random(77);
        var path = Path.GetTempFileName();
        try
        {
            for (var round = 0; round < 300; round++)
            {
                var mutated = round % 3 == 0
                    ? original[..random.Next(original.Length)]
                    : (byte[])original.Clone();
                if (round % 3 != 0)
                    for (var k = random.Next(1, 6); k > 0; k--) mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                File.WriteAllBytes(path, mutated);
                try
                {
                    var r1cs = R1csFile.Read(path);
                    Assert.Equal(r1cs.Header.Constraints, (uint)r1cs.Constraints.Count);
                }
                catch (CircomFormatException e)
                {
                    Assert.Equal(path, e.File);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WtnsSeededCorruptions_AreFormatErrorsNeverAnotherException()
    {
        var original = File.ReadAllBytes(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"));
        var random = new Random(78);
        var path = Path.GetTempFileName();
        try
        {
            for (var round = 0; round < 300; round++)
            {
                var mutated = (byte[])original.Clone();
                for (var k = random.Next(1, 4); k > 0; k--) mutated[random.Next(Math.Min(mutated.Length, 96))] = (byte)random.Next(256);
                if (round % 2 == 0) mutated = mutated[..random.Next(mutated.Length)];
                File.WriteAllBytes(path, mutated);
                try
                {
                    WtnsFile.Read(path);
                }
                catch (CircomFormatException e)
                {
                    Assert.Equal(path, e.File);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}

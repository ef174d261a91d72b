using System.Text.Json;
using CrossMargin.R1cs;
using CrossMargin.Snarkjs;
using CrossMargin.Soundness;
using CrossMargin.Testing;
using Xunit;
using Xunit.Abstractions;

namespace CrossMargin.Soundness.Tests;

/// <summary>
/// The soundness harness on the smoke circuit with constraints deleted: an R1CS that a careless
/// edit would leave. The analysis's own check of a finding evaluates only the constraints it
/// touches; here every finding is checked against the whole mutated system.
/// </summary>
public class UnderconstraintMutationTests(ITestOutputHelper output)
{
    private static readonly Lazy<(R1csFile R1cs, Fr[] Witness, SymFile Sym)> Smoke = new(() =>
    {
        var artifacts = RepoLayout.Circuit("smoke/poseidon_preimage");
        using var calculator = WitnessCalculator.Load(artifacts.Wasm);
        var witness = calculator.Calculate(CircuitInput.Parse(JsonDocument.Parse("""{"secret": "123456789", "blinding": "77"}""").RootElement));
        return (R1csFile.Read(artifacts.R1cs), witness, SymFile.Read(artifacts.Sym));
    });

    [Fact]
    public void DeletingNum2BitsSum_LetsEachOfThe64BitsFlipAlone()
    {
        var (r1cs, witness, sym) = Smoke.Value;
        var sum = Enumerable.Range(0, r1cs.System.Constraints.Count).Single(k => Wires(r1cs.System.Constraints[k]).Count() == 65);
        var report = Run(Without(r1cs, sum), r1cs, witness, sym);
        Assert.Equal(64, report.Findings.Count);
        Assert.All(report.Findings, f => Assert.Equal(UnderconstraintKind.AlternativeValue, f.Kind));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"main.bits.out[{i}]"), report.Findings.Select(f => f.Changes[0].Name));
    }

    [Fact]
    public void EveryFindingAfterADeletion_IsAnotherWitnessOfTheWholeMutatedSystem()
    {
        var (r1cs, witness, sym) = Smoke.Value;
        var random = new Random(5);
        var deletions = Enumerable.Range(0, r1cs.System.Constraints.Count).OrderBy(_ => random.Next()).Take(24).ToList();
        var detected = 0;
        foreach (var k in deletions)
        {
            var mutated = Without(r1cs, k);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = Run(mutated, r1cs, witness, sym);
            output.WriteLine($"without constraint {k}: {clock.ElapsedMilliseconds} ms, {string.Join(", ", report.Findings.GroupBy(f => f.Kind).Select(g => $"{g.Count()} {g.Key} ({g.Sum(f => f.Changes.Count)} signals)"))}; {report.Unresolved.Count} unresolved");
            if (report.HasFindings) detected++;
            foreach (var finding in report.Findings)
            {
                var changed = (Fr[])witness.Clone();
                foreach (var change in finding.Changes)
                {
                    Assert.Equal(witness[change.Wire], change.Value);
                    Assert.NotEqual(change.Value, change.Alternative);
                    changed[change.Wire] = change.Alternative;
                }
                Assert.Equal(-1, mutated.FirstUnsatisfied(changed));
            }
        }
        // Most deletions are visible only as cascades (a change that ripples through the rest of
        // the hash to the commitment). All 582 deletions were found when this was written
        // (432 by a cascade, 67 by pairs, the rest by single signals; 24 ms median each); 24
        // keep the test quick.
        output.WriteLine($"{detected} of {deletions.Count} single-constraint deletions detected");
        Assert.Equal(deletions.Count, detected);
    }

    [Fact]
    public void DeletingAConstraintEarlyInTheBenchChain_IsFoundAsACascadeThroughTheOutput_InSeconds()
    {
        var artifacts = RepoLayout.Circuit("bench/poseidon_chain");
        using var calculator = WitnessCalculator.Load(artifacts.Wasm);
        var witness = calculator.Calculate(CircuitInput.Parse(JsonDocument.Parse("""{"seed": 7}""").RootElement));
        var r1cs = R1csFile.Read(artifacts.R1cs);
        var sym = SymFile.Read(artifacts.Sym);
        // Constraint 1000 lies early in the chain: its loss lets nearly every later signal change
        // (a cascade of about 64k signals, through the public output).
        const int deleted = 1000;
        var mutated = Without(r1cs, deleted);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = Run(mutated, r1cs, witness, sym);
        output.WriteLine($"poseidon_chain without constraint {deleted}: {clock.ElapsedMilliseconds} ms: {report.Summary}");
        var finding = Assert.Single(report.Findings);
        Assert.Equal(UnderconstraintKind.Cascade, finding.Kind);
        Assert.True(finding.ChangesOutput);
        Assert.Empty(report.Unresolved);
    }

    private static IEnumerable<int> Wires(Constraint c) => c.Wires.Distinct();

    /// <summary>The mutant: <paramref name="r1cs"/>'s constraint system without constraint <paramref name="deleted"/>.</summary>
    private static ConstraintSystem Without(R1csFile r1cs, int deleted)
    {
        var s = r1cs.System;
        var kept = s.Constraints.Where((_, k) => k != deleted).ToArray();
        return new ConstraintSystem(s.WireCount, s.PublicOutputs, s.PublicInputs, s.PrivateInputs, kept);
    }

    private static UnderconstraintReport Run(ConstraintSystem mutant, R1csFile original, Fr[] witness, SymFile sym) =>
        UnderconstraintAnalysis.Run(mutant, witness, original.Roles(), sym.WireName);
}

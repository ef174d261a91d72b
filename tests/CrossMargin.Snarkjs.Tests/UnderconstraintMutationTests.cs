using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Snarkjs.Soundness;
using CrossMargin.Testing;
using Xunit;
using Xunit.Abstractions;

namespace CrossMargin.Snarkjs.Tests;

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
        var sum = Enumerable.Range(0, r1cs.Constraints.Count).Single(k => Wires(r1cs.Constraints[k]).Count() == 65);
        var report = UnderconstraintAnalysis.Run(Without(r1cs, sum), witness, sym);
        Assert.Equal(64, report.Findings.Count);
        Assert.All(report.Findings, f => Assert.Equal(UnderconstraintKind.AlternativeValue, f.Kind));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"main.bits.out[{i}]"), report.Findings.Select(f => f.Changes[0].Name));
    }

    [Fact]
    public void EveryFindingAfterADeletion_IsAnotherWitnessOfTheWholeMutatedSystem()
    {
        var (r1cs, witness, sym) = Smoke.Value;
        var random = new Random(5);
        var deletions = Enumerable.Range(0, r1cs.Constraints.Count).OrderBy(_ => random.Next()).Take(24).ToList();
        var detected = 0;
        foreach (var k in deletions)
        {
            var mutated = Without(r1cs, k);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = UnderconstraintAnalysis.Run(mutated, witness, sym);
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
        var report = UnderconstraintAnalysis.Run(mutated, witness, sym);
        output.WriteLine($"poseidon_chain without constraint {deleted}: {clock.ElapsedMilliseconds} ms: {report.Summary}");
        var finding = Assert.Single(report.Findings);
        Assert.Equal(UnderconstraintKind.Cascade, finding.Kind);
        Assert.True(finding.ChangesOutput);
        Assert.Empty(report.Unresolved);
    }

    private static IEnumerable<int> Wires(R1csConstraint c) => c.A.Wires.Concat(c.B.Wires).Concat(c.C.Wires).Distinct();

    /// <summary><paramref name="r1cs"/> without constraint <paramref name="deleted"/>, written as a .r1cs (iden3/r1csfile v1) and read back.</summary>
    private static R1csFile Without(R1csFile r1cs, int deleted)
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var stream = File.Create(path))
            using (var writer = new BinaryWriter(stream))
            {
                var h = r1cs.Header;
                writer.Write("r1cs"u8);
                writer.Write(1u);
                writer.Write(3u);
                Section(writer, 1, w =>
                {
                    w.Write(32u);
                    Span<byte> prime = stackalloc byte[32];
                    Fr.Modulus.TryWriteBytes(prime, out _, isUnsigned: true, isBigEndian: false);
                    w.Write(prime);
                    w.Write(h.Wires);
                    w.Write(h.PublicOutputs);
                    w.Write(h.PublicInputs);
                    w.Write(h.PrivateInputs);
                    w.Write(h.Labels);
                    w.Write(h.Constraints - 1);
                });
                Section(writer, 2, w =>
                {
                    var coefficient = new byte[32];
                    for (var k = 0; k < r1cs.Constraints.Count; k++)
                    {
                        if (k == deleted) continue;
                        var c = r1cs.Constraints[k];
                        foreach (var lc in new[] { c.A, c.B, c.C })
                        {
                            w.Write((uint)lc.Wires.Length);
                            for (var t = 0; t < lc.Wires.Length; t++)
                            {
                                w.Write((uint)lc.Wires[t]);
                                lc.Coefficients[t].WriteLittleEndian(coefficient);
                                w.Write(coefficient);
                            }
                        }
                    }
                });
                Section(writer, 3, w =>
                {
                    foreach (var label in r1cs.WireToLabel) w.Write(label);
                });
            }
            return R1csFile.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Section(BinaryWriter writer, uint type, Action<BinaryWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) body(w);
        writer.Write(type);
        writer.Write((ulong)buffer.Length);
        writer.Write(buffer.ToArray());
    }
}

using System.Diagnostics;
using CrossMargin.Snarkjs;
using CrossMargin.Soundness;
using CrossMargin.Testing;
using Xunit;
using Xunit.Abstractions;

namespace CrossMargin.Soundness.Tests;

/// <summary>
/// The soundness harness against circuits written wrong on purpose
/// (circuits/testing/underconstrained/*_forgotten.circom) and their correct versions.
/// </summary>
public class UnderconstraintAnalysisTests(ITestOutputHelper output)
{
    private const string Folder = "testing/underconstrained/";

    private static UnderconstraintReport Analyze(string circuit, string inputJson, UnderconstraintOptions? options = null) =>
        CircuitSoundness.AnalyzeJson(circuit.Contains('/', StringComparison.Ordinal) ? circuit : Folder + circuit, inputJson, options);

    [Fact]
    public void SmokeCircuit_HasNoUnderconstrainedSignal_AndEveryNonInputSignalIsChecked()
    {
        var report = Analyze("smoke/poseidon_preimage", """{"secret": "123456789", "blinding": "0x1f2e3d4c5b6a"}""");
        output.WriteLine(report.ToString());
        CircuitSoundness.AssertNoFindings("smoke/poseidon_preimage", report);
        Assert.True(report.WitnessIsUnique);
        Assert.Equal(UnderconstraintVerdict.ProvedUnique, report.Verdict);
        Assert.Empty(report.Unresolved);
        var header = R1csHeader.Read(RepoLayout.Circuit("smoke/poseidon_preimage").R1cs);
        Assert.Equal((int)(header.Wires - 1 - header.PublicInputs - header.PrivateInputs), report.SignalsChecked);
    }

    [Fact]
    public void AssertionHelper_ReadsAnInputFile_AndPassesOnTheSmokeCircuit()
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, """{"secret": 5, "blinding": 7}""");
            CircuitSoundness.AssertNoUnderconstrainedSignals("smoke/poseidon_preimage", input);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void OutputAssignedWithoutConstraint_IsReportedAsUnconstrained_AndItsCorrectVersionIsNot()
    {
        var finding = Assert.Single(Analyze("unconstrained_output", """{"in": 21}""").Findings);
        Assert.Equal(UnderconstraintKind.Unconstrained, finding.Kind);
        var change = Assert.Single(finding.Changes);
        Assert.Equal(("main.out", 2, Fr.FromUInt64(63)), (change.Name, change.Wire, change.Value));
        Assert.Equal("signal main.out (#2) = 63 appears in no constraint: any value satisfies the R1CS (a public output)", finding.ToString());

        Assert.True(Analyze("constrained_output", """{"in": 21}""").WitnessIsUnique);
    }

    [Fact]
    public void IsZeroWithoutItsProductCheck_LetsInvAndOutMoveTogether_WhichOnlyThePairAnalysisSees()
    {
        var finding = Assert.Single(Analyze("iszero_forgotten", """{"in": 5}""").Findings);
        Assert.Equal(UnderconstraintKind.CompensatedPair, finding.Kind);
        Assert.True(finding.AnyValue);
        Assert.True(finding.ChangesOutput);
        Assert.Equal(["main.out", "main.inv"], finding.Changes.Select(c => c.Name));
        var outChange = finding.Changes[0];
        Assert.Equal(Fr.Zero, outChange.Value);
        Assert.NotEqual(Fr.Zero, outChange.Alternative);
        Assert.Contains("can change together", finding.ToString(), StringComparison.Ordinal);

        var alone = new UnderconstraintOptions { Pairs = false, RippleSeeds = 0 };
        var report = Analyze("iszero_forgotten", """{"in": 5}""", alone);
        Assert.Empty(report.Findings);
        Assert.Equal(["main.out", "main.inv"], report.Unresolved.Select(s => s.Name));

        // Without the pair analysis, the cascade search builds the second witness instead.
        var cascade = Assert.Single(Analyze("iszero_forgotten", """{"in": 5}""", new UnderconstraintOptions { Pairs = false }).Findings);
        Assert.Equal(UnderconstraintKind.Cascade, cascade.Kind);
        Assert.Equal(["main.out", "main.inv"], cascade.Changes.Select(c => c.Name));
    }

    [Fact]
    public void CircomlibIsZero_HasNoFindingAtANonzeroInput_ButItsInvIsFreeAtZero()
    {
        Assert.True(Analyze("iszero", """{"in": 5}""").WitnessIsUnique);

        // in = 0: in * inv = 1 - out holds for every inv. Harmless (out is pinned to 1), and
        // reported, because the harness judges changes, not their consequences.
        var finding = Assert.Single(Analyze("iszero", """{"in": 0}""").Findings);
        Assert.Equal(UnderconstraintKind.AlternativeValue, finding.Kind);
        Assert.True(finding.AnyValue);
        Assert.False(finding.ChangesOutput);
        Assert.Equal("main.isZero.inv", Assert.Single(finding.Changes).Name);
        Assert.Empty(Analyze("iszero", """{"in": 0}""").Unresolved); // out is still proven 1
        CircuitSoundness.AssertNoFindings("iszero", Analyze("iszero", """{"in": 0}"""), "main.isZero.inv");
    }

    [Fact]
    public void Num2BitsWithoutItsSum_LetsEveryBitFlip_AndCircomlibsNum2BitsDoesNot()
    {
        const int value = 0b1011_0101;
        var findings = Analyze("num2bits_forgotten", $$"""{"in": {{value}}}""").Findings;
        Assert.Equal(8, findings.Count);
        for (var i = 0; i < 8; i++)
        {
            var change = Assert.Single(findings[i].Changes);
            Assert.Equal(UnderconstraintKind.AlternativeValue, findings[i].Kind);
            Assert.False(findings[i].AnyValue);
            Assert.Equal($"main.out[{i}]", change.Name);
            Assert.Equal(Fr.FromUInt64((ulong)((value >> i) & 1)), change.Value);
            Assert.Equal(Fr.FromUInt64((ulong)(1 - ((value >> i) & 1))), change.Alternative);
        }

        foreach (var input in new[] { 0, value, 255 })
            Assert.True(Analyze("num2bits", $$"""{"in": {{input}}}""").WitnessIsUnique);
    }

    [Fact]
    public void SignalTiedOnlyToTheOutput_MovesWithIt_AndTheConstrainedVersionDoesNot()
    {
        var finding = Assert.Single(Analyze("linked_pair_forgotten", """{"in": 4}""").Findings);
        Assert.Equal(UnderconstraintKind.CompensatedPair, finding.Kind);
        Assert.Equal(["main.out", "main.mid"], finding.Changes.Select(c => c.Name));
        Assert.True(finding.AnyValue);

        Assert.True(Analyze("linked_pair", """{"in": 4}""").WitnessIsUnique);
    }

    [Fact]
    public void FactorsTiedOnlyByTheirProduct_AreFoundByARandomTrial_AndOnlyByOne()
    {
        var report = Analyze("factor_forgotten", """{"n": 15}""");
        var finding = Assert.Single(report.Findings);
        Assert.Equal(UnderconstraintVerdict.Finding, report.Verdict);
        Assert.Equal(1, report.PairsGuessed);
        Assert.Equal(UnderconstraintKind.CompensatedPair, finding.Kind);
        Assert.Equal(["main.p", "main.q"], finding.Changes.Select(c => c.Name));
        Assert.Equal(Fr.FromUInt64(15), finding.Changes[0].Alternative * finding.Changes[1].Alternative);

        // Without random values no witness is built, but the factors are not proven determined either.
        var report2 = Analyze("factor_forgotten", """{"n": 15}""", new UnderconstraintOptions { RandomTrials = 0, RippleSeeds = 0 });
        Assert.Empty(report2.Findings);
        Assert.False(report2.WitnessIsUnique);
        Assert.Equal(UnderconstraintVerdict.Inconclusive, report2.Verdict);
        Assert.Equal(["main.p", "main.q"], report2.Unresolved.Select(s => s.Name));
    }

    [Theory]
    [InlineData("""{"a": 5, "b": 9, "selector": 1}""")]
    [InlineData("""{"a": 9, "b": 5, "selector": 0}""")]
    [InlineData("""{"a": 7, "b": 7, "selector": 1}""")]
    [InlineData("""{"a": 0, "b": 0, "selector": 0}""")]
    [InlineData("""{"a": "18446744073709551615", "b": 0, "selector": 1}""")]
    public void CircomlibGadgets_AreProvedUnique_Num2BitsStrictToo_ButIsEqualsInvAtZero(string input)
    {
        var report = Analyze("circomlib_gadgets", input);
        output.WriteLine(report.ToString());
        // IsEqual's inv is free exactly when a = b (IsZero of 0), harmlessly.
        CircuitSoundness.AssertNoFindings("circomlib_gadgets", report, "main.eq.isz.inv");
        // Comparators, Num2Bits(64), Mux1 and Poseidon are proven, and Num2Bits_strict's 254
        // bits too: their sum can wrap, but AliasCheck's comparison with r - 1 pins them, which
        // the range propagation follows (each bit probed both ways, the other way impossible).
        Assert.Empty(report.Unresolved);
        Assert.Equal(report.HasFindings ? UnderconstraintVerdict.Finding : UnderconstraintVerdict.ProvedUnique, report.Verdict);
    }

    /// <summary>
    /// The solvency circuit's range-check gadgets under --O2 (circuits/testing/underconstrained/
    /// range_gadgets.circom): a signed floor division, an absolute value, a ceil division, a
    /// ceil-sqrt and a maximum with 0. Each answer is unique only because of its range checks;
    /// the cases reach the branches (negative quotients, the square root of 0 and of a negative,
    /// every input of the maximum below 0, the bounds' ends).
    /// </summary>
    [Theory]
    [InlineData("""{"x": 5500, "t": 1000001, "v": [5, -3, 9]}""")]
    [InlineData("""{"x": -5500, "t": 0, "v": [-5, -3, -9]}""")]
    [InlineData("""{"x": 0, "t": -7, "v": [0, 0, 0]}""")]
    [InlineData("""{"x": -1, "t": 1, "v": [7, 7, -1]}""")]
    [InlineData("""{"x": "-1125899906842623", "t": "1099511627775", "v": ["1125899906842623", "-1125899906842623", 0]}""")]
    [InlineData("""{"x": "1125899906842623", "t": "-8796093022207", "v": ["-1125899906842623", "-1", "-1125899906842623"]}""")]
    public void RangeCheckGadgets_AreProvedUnique_ByReasoningAboutTheirBounds(string input)
    {
        var report = Analyze("range_gadgets", input, new UnderconstraintOptions { Pairs = false, RippleSeeds = 0 });
        output.WriteLine(report.ToString());
        Assert.Equal(UnderconstraintVerdict.ProvedUnique, report.Verdict);
    }

    /// <summary>
    /// Each gadget with one of its bounds deleted has a second witness at these inputs; the
    /// audit must never call it unique (a finding or inconclusive, the output named either way).
    /// (At an input where the deleted bound was not needed, such as the ceil-sqrt's lower bound
    /// at 0, the witness is unique and the audit rightly says so.)
    /// </summary>
    [Theory]
    [InlineData("floordiv_bound_forgotten", """{"in": 5500}""", "main.quotient")]
    [InlineData("ceilsqrt_bound_forgotten", """{"in": 1000001}""", "main.out")]
    [InlineData("ceilsqrt_bound_forgotten", """{"in": 17}""", "main.out")]
    [InlineData("max_product_forgotten", """{"in": [5, -3, 9]}""", "main.out")]
    [InlineData("max_product_forgotten", """{"in": [-5, -3, -9]}""", "main.out")]
    public void RangeCheckGadgetsWithABoundDeleted_AreNeverProvedUnique(string circuit, string input, string signal)
    {
        var report = Analyze(circuit, input);
        output.WriteLine(report.ToString());
        Assert.NotEqual(UnderconstraintVerdict.ProvedUnique, report.Verdict);
        var named = report.Findings.SelectMany(f => f.Changes.Select(c => c.Name)).Concat(report.Unresolved.Select(s => s.Name));
        Assert.Contains(signal, named);
    }

    [Fact]
    public void AnInputCircomDropped_DoesNotHideTheSignalAfterTheInputs()
    {
        var header = R1csHeader.Read(RepoLayout.Circuit(Folder + "unused_input_forgotten").R1cs);
        Assert.Equal((2u, 5u), (header.PrivateInputs, header.Wires)); // one, out, c, a, mid

        var finding = Assert.Single(Analyze("unused_input_forgotten", """{"a": 3, "unused": 4, "c": 5}""").Findings);
        Assert.Equal(UnderconstraintKind.CompensatedPair, finding.Kind);
        Assert.Equal(["main.out", "main.mid"], finding.Changes.Select(c => c.Name));
    }

    [Fact]
    public void AWitnessThatViolatesAConstraint_IsRefused()
    {
        var artifacts = RepoLayout.Circuit(Folder + "constrained_output");
        var r1cs = R1csFile.Read(artifacts.R1cs);
        Fr[] witness = [Fr.One, Fr.FromUInt64(43), Fr.FromUInt64(63), Fr.FromUInt64(21)];
        var e = Assert.Throws<ArgumentException>(() => UnderconstraintAnalysis.Run(r1cs.System, witness, r1cs.Roles()));
        Assert.Contains("violates constraint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchChain_67kConstraints_HasNoFinding_InSeconds()
    {
        var artifacts = RepoLayout.Circuit("bench/poseidon_chain");
        using var calculator = WitnessCalculator.Load(artifacts.Wasm);
        var witness = calculator.Calculate(CircuitInput.Parse(System.Text.Json.JsonDocument.Parse("""{"seed": 7}""").RootElement));
        var r1cs = R1csFile.Read(artifacts.R1cs);
        var sym = SymFile.Read(artifacts.Sym);
        var clock = Stopwatch.StartNew();
        var report = UnderconstraintAnalysis.Run(r1cs.System, witness, r1cs.Roles(), sym.WireName);
        output.WriteLine($"poseidon_chain: {r1cs.System.Constraints.Count} constraints, analysed in {clock.ElapsedMilliseconds} ms: {report}");
        CircuitSoundness.AssertNoFindings("bench/poseidon_chain", report);
        Assert.True(report.WitnessIsUnique);
    }
}

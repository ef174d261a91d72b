using System.Numerics;
using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Soundness;
using Xunit;

namespace CrossMargin.Testing;

/// <summary>
/// The soundness harness for circuit tests: computes a witness of a compiled circuit with the
/// in-process witness calculator and runs <see cref="UnderconstraintAnalysis"/> on it.
/// </summary>
public static class CircuitSoundness
{
    /// <summary>
    /// The analysis of circuits/&lt;circuit&gt;.circom (as compiled by the build) at the witness
    /// of the inputs in <paramref name="inputs"/> (circom's input JSON).
    /// </summary>
    public static UnderconstraintReport Analyze(string circuit, IReadOnlyList<KeyValuePair<string, BigInteger[]>> inputs, UnderconstraintOptions? options = null)
    {
        var artifacts = RepoLayout.Circuit(circuit);
        using var calculator = WitnessCalculator.Load(artifacts.Wasm);
        var witness = calculator.Calculate(inputs);
        var sym = File.Exists(artifacts.Sym) ? SymFile.Read(artifacts.Sym) : null;
        var r1cs = R1csFile.Read(artifacts.R1cs);
        // Inputs --O2 folded away are fixed through circom's substitutions, as `r1cs audit` does.
        var substitutions = R1csFile.SubstitutionsPathFor(artifacts.R1cs);
        var folded = File.Exists(substitutions) ? r1cs.FoldedInputForms(SnarkjsJson.ReadSubstitutions(substitutions), substitutions).Select(f => f.Form).ToList() : null;
        return UnderconstraintAnalysis.Run(r1cs.System, witness, r1cs.Roles(), sym is null ? null : sym.WireName, options, folded);
    }

    /// <summary><see cref="Analyze(string, IReadOnlyList{KeyValuePair{string, BigInteger[]}}, UnderconstraintOptions?)"/> with inputs given as JSON text.</summary>
    public static UnderconstraintReport AnalyzeJson(string circuit, string inputJson, UnderconstraintOptions? options = null) =>
        Analyze(circuit, CircuitInput.Parse(JsonDocument.Parse(inputJson).RootElement), options);

    /// <summary>
    /// Fails, listing every finding, unless no non-input signal of <paramref name="circuit"/> can
    /// change (alone or in a compensating pair) at the witness of the inputs in
    /// <paramref name="inputJsonPath"/>. <paramref name="allowedSignals"/> names signals whose
    /// freedom is known to be harmless (e.g. IsZero's inv when its input is 0): a finding is
    /// ignored when every signal it changes is allowed; a name ending in '*' is a prefix.
    /// </summary>
    public static void AssertNoUnderconstrainedSignals(string circuit, string inputJsonPath, params string[] allowedSignals)
    {
        var report = Analyze(circuit, CircuitInput.ParseFile(inputJsonPath));
        AssertNoFindings(circuit, report, allowedSignals);
    }

    /// <summary>The assertion of <see cref="AssertNoUnderconstrainedSignals"/> on a report already made.</summary>
    public static void AssertNoFindings(string circuit, UnderconstraintReport report, params string[] allowedSignals)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Findings.Where(f => !f.Changes.All(c => Allowed(c.Name, allowedSignals))).ToList();
        if (findings.Count > 0)
            Assert.Fail($"{circuit} is under-constrained at this witness ({findings.Count} finding(s)):\n{string.Join("\n", findings)}");
    }

    /// <summary>
    /// Stricter than <see cref="AssertNoUnderconstrainedSignals"/>: also fails when some signal
    /// is neither proven determined by the inputs nor shown to change (unresolved), so it passes
    /// only when the witness of these inputs is proven unique (allowed signals aside).
    /// </summary>
    public static void AssertUniqueWitness(string circuit, string inputJsonPath, params string[] allowedSignals)
    {
        var report = Analyze(circuit, CircuitInput.ParseFile(inputJsonPath));
        AssertNoFindings(circuit, report, allowedSignals);
        var unresolved = report.Unresolved.Where(s => !Allowed(s.Name, allowedSignals)).ToList();
        if (unresolved.Count > 0)
            Assert.Fail($"{circuit}: {unresolved.Count} signal(s) not proven determined by the inputs (no second value found either): {string.Join(", ", unresolved)}");
    }

    private static bool Allowed(string name, string[] allowed) =>
        allowed.Any(a => a.EndsWith('*') ? name.StartsWith(a[..^1], StringComparison.Ordinal) : name == a);
}

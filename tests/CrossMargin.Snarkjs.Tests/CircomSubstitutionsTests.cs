using CrossMargin.R1cs;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Snarkjs.Tests;

/// <summary>
/// circom's substitutions file (--O2 --simplification_substitution), which defines the inputs
/// --O2 folded away: read strictly, and expanded to forms over wires that hold at the witness.
/// </summary>
public class CircomSubstitutionsTests
{
    [Theory]
    [InlineData("margin/solvency_reference")]
    [InlineData("margin/solvency_small")]
    public void EveryInputTheSolvencyCircuitsFoldedAway_IsDefinedByAFormOverWires(string circuit)
    {
        var artifacts = RepoLayout.Circuit(circuit);
        var r1cs = R1csFile.Read(artifacts.R1cs);
        var path = R1csFile.SubstitutionsPathFor(artifacts.R1cs);
        var forms = r1cs.FoldedInputForms(SnarkjsJson.ReadSubstitutions(path), path);
        Assert.Equal(r1cs.FoldedInputLabels(), forms.Select(f => f.Label));
        Assert.All(forms, f => Assert.All(f.Form.Wires, w => Assert.InRange(w, 0, r1cs.System.WireCount - 1)));
        Assert.All(forms, f => Assert.NotEmpty(f.Form.Wires));
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("""{"01": {"1": "1"}}""", "$.01")]
    [InlineData("""{"x": {"1": "1"}}""", "$.x")]
    [InlineData("""{"4": {"1": 1}}""", "$.4.1")]
    [InlineData("""{"4": {"1": "-1"}}""", "$.4.1")]
    [InlineData("""{"4": {"1": "21888242871839275222246405745257275088548364400416034343698204186575808495617"}}""", "$.4.1")]
    [InlineData("""{"4": {"1": "1"}, "4": {"2": "1"}}""", "$.4")]
    [InlineData("""{"4": ["1"]}""", "$.4")]
    public void AMalformedSubstitutionsFile_IsRefused_NamingWhere(string json, string where)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            var e = Assert.Throws<CircomFormatException>(() => SnarkjsJson.ReadSubstitutions(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains(where, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ASubstitutionThatNamesAnUnknownSignal_OrLoops_IsRefused()
    {
        var r1cs = R1csFile.Read(RepoLayout.Circuit("margin/solvency_reference").R1cs);
        var label = r1cs.FoldedInputLabels()[0];
        Dictionary<ulong, IReadOnlyDictionary<ulong, Fr>> unknown = new() { [label] = new Dictionary<ulong, Fr> { [ulong.MaxValue] = Fr.One } };
        Assert.Contains("neither a wire", Assert.Throws<CircomFormatException>(() => r1cs.FoldedInputForms(unknown, "s.json")).Message, StringComparison.Ordinal);
        Dictionary<ulong, IReadOnlyDictionary<ulong, Fr>> cycle = new()
        {
            [label] = new Dictionary<ulong, Fr> { [ulong.MaxValue - 1] = Fr.One },
            [ulong.MaxValue - 1] = new Dictionary<ulong, Fr> { [label] = Fr.One },
        };
        Assert.Contains("does not end", Assert.Throws<CircomFormatException>(() => r1cs.FoldedInputForms(cycle, "s.json")).Message, StringComparison.Ordinal);
    }
}

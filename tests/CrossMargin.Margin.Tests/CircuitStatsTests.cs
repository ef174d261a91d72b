using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;

namespace CrossMargin.Margin.Tests;

/// <summary>circuits/margin/stats.json states the compiled circuits' sizes; the .r1cs headers are the truth.</summary>
public class CircuitStatsTests
{
    [Theory]
    [InlineData("solvency_small")]
    [InlineData("solvency_reference")]
    public void TheStatedConstraintWireAndPublicCounts_AreTheCompiledR1csHeaders(string circuit)
    {
        using var stats = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoLayout.Root, "circuits", "margin", "stats.json")));
        var stated = stats.RootElement.GetProperty(circuit);
        var header = R1csHeader.Read(RepoLayout.Circuit($"margin/{circuit}").R1cs);
        Assert.Equal(stated.GetProperty("constraints").GetUInt32(), header.Constraints);
        Assert.Equal(stated.GetProperty("wires").GetUInt32(), header.Wires);
        Assert.Equal(stated.GetProperty("publicInputs").GetUInt32(), header.PublicSignals);
        Assert.Equal(0u, header.PublicOutputs);
    }
}

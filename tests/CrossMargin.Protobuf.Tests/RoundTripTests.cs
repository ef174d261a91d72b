using System.Text.Json;
using System.Text.Json.Nodes;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Google.Protobuf;
using Xunit;

namespace CrossMargin.Protobuf.Tests;

/// <summary>
/// Each kind of file goes JSON -> protobuf -> JSON and comes back byte for byte (from the form
/// the project's writers write), and protobuf -> JSON -> protobuf likewise: the two forms hold the
/// same values. Seeded random content, the examples, real openings.
/// </summary>
public sealed class RoundTripTests : TemporaryFolder
{
    [Fact]
    public void ProofBatch_JsonToProtobufToJson_IsByteIdentical_ForSeededRandomBatches()
    {
        var random = new Random(14_301);
        for (var trial = 0; trial < 20; trial++)
        {
            var json = PathOf($"batch{trial}.json");
            StrictJson.WriteFile(json, Samples.Batch(random, random.Next(0, 6)));
            var batch = ProofBatchReader.Read(json);
            var bytes = ProofMessages.ToMessage(batch).ToByteArray();
            var pb = PathOf($"batch{trial}.pb");
            File.WriteAllBytes(pb, bytes);
            var again = PathOf($"batch{trial}-again.json");
            StrictJson.WriteFile(again, ProofBatchReader.Read(pb));
            Assert.Equal(File.ReadAllBytes(json), File.ReadAllBytes(again));
            Assert.Equal(bytes, ProofMessages.ToMessage(ProofBatchReader.Read(again)).ToByteArray());
        }
    }

    [Fact]
    public void ProofEnvelope_JsonToProtobufToJson_IsByteIdentical_ForSeededRandomEnvelopes()
    {
        var random = new Random(14_302);
        for (var trial = 0; trial < 20; trial++)
        {
            var json = JsonSerializer.Serialize(Samples.Envelope(random), StrictJson.Options);
            var envelope = ProofMessages.ParseEnvelopeJson(json);
            var back = ProofMessages.ParseEnvelope(ProofMessages.ToMessage(envelope).ToByteArray());
            Assert.Equal(json, JsonSerializer.Serialize(back, StrictJson.Options));
        }
    }

    [Fact]
    public void AuditReport_JsonToProtobufToJson_IsByteIdentical_ForSeededRandomReports()
    {
        var random = new Random(14_303);
        for (var trial = 0; trial < 30; trial++)
        {
            var json = JsonSerializer.Serialize(Samples.Report(random), StrictJson.Options);
            var report = AuditMessages.ParseJson(json);
            var bytes = AuditMessages.ToMessage(report).ToByteArray();
            var back = AuditMessages.Parse(bytes);
            Assert.Equal(json, JsonSerializer.Serialize(back, StrictJson.Options));
            Assert.Equal(bytes, AuditMessages.ToMessage(back).ToByteArray());
        }
    }

    [Fact]
    public void Opening_JsonToProtobufToJson_IsByteIdentical_ForRealOpenings()
    {
        var random = new Random(14_304);
        for (var trial = 0; trial < 20; trial++)
        {
            var json = PathOf($"opening{trial}.json");
            Samples.Opening(random).Write(json);
            var opening = Opening.Read(json, MarginConfiguration.Small);
            var bytes = OpeningMessages.ToMessage(opening).ToByteArray();
            var again = PathOf($"opening{trial}-again.json");
            OpeningMessages.Parse(bytes, MarginConfiguration.Small).Write(again);
            Assert.Equal(File.ReadAllBytes(json), File.ReadAllBytes(again));
            Assert.Equal(bytes, OpeningMessages.ToMessage(Opening.Read(again, MarginConfiguration.Small)).ToByteArray());
        }
    }

    [Theory]
    [InlineData("portfolio.json")]
    [InlineData("portfolio-insolvent.json")]
    [InlineData("portfolio-reference.json")]
    public void Portfolio_Example_JsonToProtobufToJson_IsByteIdentical_AndHoldsTheSameValues(string example)
    {
        var original = PortfolioFile.Read(Path.Combine(RepoLayout.Root, "examples", example));
        var canonical = PortfolioMessages.ToJson(original);
        var bytes = PortfolioMessages.ToMessage(original).ToByteArray();
        var back = PortfolioMessages.Parse(bytes);
        Assert.Equal(canonical, PortfolioMessages.ToJson(back));
        // The values the margin engine sees are the example's: the same margin report, figure for figure.
        Assert.Equal(MarginCalculator.Calculate(original, MarginConfiguration.SmallestFor(original)).Explain(MarginLevel.Initial),
            MarginCalculator.Calculate(back, MarginConfiguration.SmallestFor(back)).Explain(MarginLevel.Initial));
        Assert.Equal(bytes, PortfolioMessages.ToMessage(PortfolioFile.Parse(canonical)).ToByteArray());
    }

    [Fact]
    public void Portfolio_JsonToProtobufToJson_IsByteIdentical_ForSeededRandomPortfolios()
    {
        var random = new Random(14_305);
        for (var trial = 0; trial < 20; trial++)
        {
            var json = PortfolioMessages.ToJson(Samples.Portfolio(random));
            var bytes = PortfolioMessages.ToMessage(PortfolioFile.Parse(json)).ToByteArray();
            Assert.Equal(json, PortfolioMessages.ToJson(PortfolioMessages.Parse(bytes)));
        }
    }

    [Fact]
    public void EnvelopeProof_AsJson_IsSnarkjsProofJson_KeyForKey()
    {
        // snarkjs's proof.json, and the proof of an envelope that went through protobuf, as JSON values.
        var snarkjs = JsonNode.Parse(File.ReadAllText(RepoLayout.Vectors("snarkjs-groth16", "proof.json")));
        var envelope = ProofMessages.ParseEnvelope(ProofMessages.ToMessage(Samples.Envelope(new Random(14_306))).ToByteArray());
        var ours = JsonSerializer.SerializeToNode(envelope.Proof, StrictJson.Options);
        Assert.True(JsonNode.DeepEquals(snarkjs, ours), $"snarkjs: {snarkjs?.ToJsonString()}\nours: {ours?.ToJsonString()}");
        Assert.Equal(["pi_a", "pi_b", "pi_c", "protocol", "curve"], ours!.AsObject().Select(p => p.Key));
    }
}

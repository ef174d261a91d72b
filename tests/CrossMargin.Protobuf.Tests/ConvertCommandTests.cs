using CrossMargin.Chain;
using CrossMargin.Testing;
using Google.Protobuf;
using Xunit;

namespace CrossMargin.Protobuf.Tests;

/// <summary>`crossmargin convert` as a user runs it: each kind to protobuf and back byte for byte, the kind inferred from JSON and required for .pb, refusals exit 2 naming the field.</summary>
public sealed class ConvertCommandTests : TemporaryFolder
{
    private static (int Code, string Output, string Error) Run(params string[] args) => CrossmarginCli.RunIn(null, ["convert", .. args]);

    [Fact]
    public void EachKind_ConvertsToProtobufAndBack_ByteForByte_TheKindInferredFromTheJson()
    {
        var random = new Random(14_320);
        StrictJson.WriteFile(PathOf("proof-batch.json"), Samples.Batch(random, 3));
        StrictJson.WriteFile(PathOf("audit-report.json"), Samples.Report(random));
        StrictJson.WriteFile(PathOf("envelope.json"), Samples.Envelope(random));
        Samples.Opening(random).Write(PathOf("opening.json"));
        PortfolioMessages.WriteJson(PathOf("portfolio.json"), Samples.Portfolio(random));
        foreach (var kind in new[] { "proof-batch", "audit-report", "envelope", "opening", "portfolio" })
        {
            var json = PathOf($"{kind}.json");
            var pb = PathOf($"{kind}.pb");
            var back = PathOf($"{kind}-back.json");
            var there = Run(json, pb);
            Assert.True(there.Code == 0, $"{kind}: {there.Error}");
            Assert.Contains($"{kind}, protobuf", there.Output, StringComparison.Ordinal);
            var again = Run(pb, back, "--kind", kind);
            Assert.True(again.Code == 0, $"{kind}: {again.Error}");
            Assert.Equal(File.ReadAllBytes(json), File.ReadAllBytes(back));
        }
    }

    [Fact]
    public void AProtobufInput_WithoutKind_IsAUsageError()
    {
        File.WriteAllBytes(PathOf("batch.pb"), ProofMessages.ToMessage(Samples.Batch(new Random(14_321), 1)).ToByteArray());
        var result = Run(PathOf("batch.pb"), PathOf("batch.json"));
        Assert.Equal(2, result.Code);
        Assert.Contains("--kind", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostileProtobufInput_ExitsTwo_NamingTheFileAndTheField()
    {
        var message = ProofMessages.ToMessage(Samples.Batch(new Random(14_322), 2));
        message.Proofs[1].Proof.PiA.X = Google.Protobuf.ByteString.Empty;
        File.WriteAllBytes(PathOf("bad.pb"), message.ToByteArray());
        var result = Run(PathOf("bad.pb"), PathOf("bad.json"), "--kind", "proof-batch");
        Assert.Equal(2, result.Code);
        Assert.Contains("bad.pb: proof batch: proofs[1].proof.pi_a.x: is missing", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("bad.json")));
    }

    [Fact]
    public void AnOutputWithoutAFormExtension_IsAUsageError()
    {
        StrictJson.WriteFile(PathOf("batch.json"), Samples.Batch(new Random(14_323), 1));
        Assert.Equal(2, Run(PathOf("batch.json"), PathOf("batch.bin")).Code);
    }
}

using System.Globalization;
using System.Text.Json;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Auditor;
using Xunit;

namespace CrossMargin.Protobuf.Tests;

/// <summary>
/// The JSON form's reader refuses what the protobuf reader refuses, by the same rule and at the
/// same place: a value that one form cannot hold is refused by the other too, so neither accepts
/// a file the other would not.
/// </summary>
public sealed class SameSetTests
{
    private static string Json(ProofBatch batch) => JsonSerializer.Serialize(batch, StrictJson.Options);

    [Fact]
    public void APublicSignalOfR_IsRefusedByTheJsonReader_AtTheSamePath()
    {
        var batch = Samples.Batch(new Random(14_330), 2);
        var envelope = batch.Proofs[1] with { PublicSignals = [Fr.Modulus.ToString(CultureInfo.InvariantCulture)] };
        var e = Assert.Throws<ProofBatchFileException>(() => ProofBatchFile.Parse(Json(batch with { Proofs = [batch.Proofs[0], envelope] }), "proof batch"));
        Assert.Equal("$.proofs[1].publicSignals[0]", e.JsonPath);
    }

    [Fact]
    public void AnInfinityWithOtherCoordinates_WhichFfjavascriptIgnores_IsRefusedByTheJsonReader()
    {
        // ["5", "7", "0"] is infinity to ffjavascript, but snarkjs writes ["0", "1", "0"]; the
        // protobuf form has one infinity, so the JSON form accepts only snarkjs's spelling.
        var batch = Samples.Batch(new Random(14_331), 1);
        var envelope = batch.Proofs[0] with { Proof = batch.Proofs[0].Proof with { PiC = ["5", "7", "0"] } };
        var e = Assert.Throws<ProofBatchFileException>(() => ProofBatchFile.Parse(Json(batch with { Proofs = [envelope] }), "proof batch"));
        Assert.Equal("$.proofs[0].proof.pi_c", e.JsonPath);
    }

    [Fact]
    public void ASnarkjsInfinity_CrossesBothForms()
    {
        var batch = Samples.Batch(new Random(14_332), 1);
        var envelope = batch.Proofs[0] with { Proof = batch.Proofs[0].Proof with { PiC = ["0", "1", "0"] } };
        var json = Json(batch with { Proofs = [envelope] });
        var back = ProofMessages.ParseBatch(Google.Protobuf.MessageExtensions.ToByteArray(ProofMessages.ToMessage(ProofBatchFile.Parse(json, "proof batch"))));
        Assert.Equal(json, Json(back));
    }

    [Fact]
    public void ALevelOfTwo_IsRefusedByTheJsonReader_AsTheProtobufEnumHasNoSuchLevel()
    {
        var batch = Samples.Batch(new Random(14_333), 1);
        var e = Assert.Throws<ProofBatchFileException>(() => ProofBatchFile.Parse(Json(batch with { Proofs = [batch.Proofs[0] with { Level = 2 }] }), "proof batch"));
        Assert.Equal("$.proofs[0].level", e.JsonPath);
    }
}

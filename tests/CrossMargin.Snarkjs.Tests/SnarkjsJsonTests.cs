using System.Numerics;
using System.Text.Json.Nodes;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

public class SnarkjsJsonTests
{
    private static string Vector(string name) => RepoLayout.Vectors("snarkjs-groth16", name);

    [Fact]
    public void TheVerificationKeyWrittenFromTheVectorZkey_EqualsSnarkjsExport_AsJsonAndAsBytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            // The vector key has had no phase-2 contribution (gamma = delta): read as the file has it.
            SnarkjsJson.WriteVerificationKey(path, ZkeyFile.ReadVerificationKeyUnchecked(Vector("circuit.zkey")));
            var ours = File.ReadAllText(path);
            var theirs = File.ReadAllText(Vector("verification_key.json"));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(theirs), JsonNode.Parse(ours)), ours);
            Assert.Equal(theirs, ours);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadingAndWritingTheVectorProofAndSignals_ReproducesSnarkjsBytes()
    {
        var proofPath = Path.GetTempFileName();
        var publicPath = Path.GetTempFileName();
        try
        {
            SnarkjsJson.WriteProof(proofPath, SnarkjsJson.ReadProof(Vector("proof.json")));
            SnarkjsJson.WritePublicSignals(publicPath, SnarkjsJson.ReadPublicSignals(Vector("public.json")));
            Assert.Equal(File.ReadAllText(Vector("proof.json")), File.ReadAllText(proofPath));
            Assert.Equal(File.ReadAllText(Vector("public.json")), File.ReadAllText(publicPath));
        }
        finally
        {
            File.Delete(proofPath);
            File.Delete(publicPath);
        }
    }

    [Fact]
    public void TheVerificationKeyRead_EqualsTheZkeys()
    {
        var json = SnarkjsJson.ReadVerificationKeyUnchecked(Vector("verification_key.json"));
        var zkey = ZkeyFile.ReadVerificationKeyUnchecked(Vector("circuit.zkey"));
        Assert.Equal(zkey.Alpha1, json.Alpha1);
        Assert.Equal(zkey.Beta2, json.Beta2);
        Assert.Equal(zkey.Gamma2, json.Gamma2);
        Assert.Equal(zkey.Delta2, json.Delta2);
        Assert.Equal(zkey.IC, json.IC);
    }

    [Fact]
    public void PublicSignalsAtOrAboveR_AreKeptUnreduced_ButNonCanonicalText_IsRefused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, $"[\"{Fr.Modulus}\", \"0\"]");
            Assert.Equal([Fr.Modulus, BigInteger.Zero], SnarkjsJson.ReadPublicSignals(path));
            foreach (var bad in new[] { "[\"01\"]", "[\"-1\"]", "[1]", "[\"1e3\"]", "{}", "[\"\"]", "[\"" + new string('9', 300) + "\"]", "[" })
            {
                File.WriteAllText(path, bad);
                Assert.Throws<CircomFormatException>(() => SnarkjsJson.ReadPublicSignals(path));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AProofWithAPointOffTheCurve_IsAFormatErrorNamingThePath()
    {
        var path = Path.GetTempFileName();
        try
        {
            var text = File.ReadAllText(Vector("proof.json")).Replace("\"10880785793664302354934654936206798394318768040303757790528007283975752314645\"", "\"5\"");
            File.WriteAllText(path, text);
            var e = Assert.Throws<CircomFormatException>(() => SnarkjsJson.ReadProof(path));
            Assert.StartsWith("$.pi_c", e.Section);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Security.Cryptography;
using Xunit;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;

using CrossMargin.Groth16;

using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class ContributionRecordTests(SnarkjsPtauFixture snarkjs)
{
    [Fact]
    public void Blake2b_GivesTheRfcAndReferenceDigests_InOneUpdateOrMany()
    {
        // RFC 7693 appendix A ("abc") and the empty string's well-known digest.
        Assert.Equal("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
            Convert.ToHexStringLower(Blake2b.Hash("abc"u8)));
        Assert.Equal("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
            Convert.ToHexStringLower(Blake2b.Hash([])));
        // 1000 bytes 0, 1, ..., 255, 0, ... (Python's hashlib.blake2b).
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        const string expected = "9fe687126e6566313081b43167cbfa0b4f721b45a5afd4076af327765d63a616478ffbd1cd5fbe4033e8638b8bcf8de6b3978b54a30f1d9d8d68fbe66c2b74cf";
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2b.Hash(data)));
        var random = new Random(5);
        for (var round = 0; round < 20; round++)
        {
            var h = new Blake2b();
            for (var pos = 0; pos < data.Length;)
            {
                var take = Math.Min(data.Length - pos, random.Next(0, 300));
                h.Update(data.AsSpan(pos, take));
                pos += take;
            }
            Assert.Equal(expected, Convert.ToHexStringLower(h.Digest()));
        }
    }

    [Fact]
    public void Blake2bPartialHash_SavedAndRestoredAnywhere_ContinuesToTheSameDigest()
    {
        var data = RandomNumberGenerator.GetBytes(777);
        var expected = Blake2b.Hash(data);
        foreach (var cut in new[] { 0, 1, 64, 127, 128, 129, 256, 300, 776, 777 })
        {
            var h = new Blake2b();
            h.Update(data.AsSpan(0, cut));
            var restored = Blake2b.FromPartialHash(h.ExportPartialHash());
            restored.Update(data.AsSpan(cut));
            Assert.Equal(expected, restored.Digest());
        }
    }

    [Fact]
    public void OurRecordOfSnarkjsContribution_IsSnarkjsRecord_ByteForByte()
    {
        // Same accumulator, challenge and public key as snarkjs's contribution: the record,
        // partialHash included (noble's buffer and its stale bytes), must be the same bytes.
        var file = PtauFile.Read(snarkjs.Contributed);
        var theirs = Assert.Single(file.Contributions);
        var key = PowersOfTauPublicKey.Read(theirs.Raw.AsSpan(448, PowersOfTauPublicKey.Size));
        var ours = PowersOfTauTranscript.Record(file.Points, PowersOfTauTranscript.FirstChallengeHash(file.Power), key, theirs.Name);
        Assert.Equal(theirs.Raw, ours.ToBytes());
    }

    [Fact]
    public void OurBeacon_IsSnarkjsBeacon_ByteForByte()
    {
        // A beacon is deterministic: same accumulator, history and beacon give the same file.
        const string beaconHash = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        var theirs = Path.Combine(snarkjs.Folder, "beacon-theirs.ptau");
        var ours = Path.Combine(snarkjs.Folder, "beacon-ours.ptau");
        SnarkjsCli.MustRun("powersoftau", "beacon", snarkjs.Contributed, theirs, beaconHash, "10", "--name=final beacon");
        var file = PtauFile.Read(snarkjs.Contributed);
        var (points, record) = PowersOfTauCeremony.Beacon(
            file.Points, file.NextChallenge(), new PowersOfTauBeacon(Convert.FromHexString(beaconHash), 10), "final beacon");
        new PtauFile(points, [.. file.Contributions, PtauContribution.From(record)]).Write(ours);
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        Assert.Equal(1u, PtauFile.Read(ours).Contributions[^1].Type);
    }

    [Fact]
    public void OurFirstContribution_IsAcceptedBySnarkjsVerify()
    {
        var path = Path.Combine(snarkjs.Folder, "ours-first.ptau");
        var challenge = PowersOfTauTranscript.FirstChallengeHash(5);
        var (points, record) = PowersOfTauCeremony.ContributeRecorded(PowersOfTau.New(5), challenge, SnarkjsRng.FromEntropy("first"), "ours");
        new PtauFile(points, [PtauContribution.From(record)]).Write(path);
        AssertSnarkjsVerifies(path);
        Assert.Equal("ours", Assert.Single(PtauFile.Read(path).Contributions).Name);
    }

    [Fact]
    public void OurContributionAfterSnarkjsOne_IsAcceptedBySnarkjsVerify_AndSnarkjsContributesAfterIt()
    {
        var ours = Path.Combine(snarkjs.Folder, "snarkjs-then-ours.ptau");
        var file = PtauFile.Read(snarkjs.Contributed);
        var (points, record) = PowersOfTauCeremony.ContributeRecorded(
            file.Points, file.NextChallenge(), SnarkjsRng.FromEntropy("second"), null);
        new PtauFile(points, [.. file.Contributions, PtauContribution.From(record)]).Write(ours);
        AssertSnarkjsVerifies(ours);

        var theirs = Path.Combine(snarkjs.Folder, "snarkjs-then-ours-then-snarkjs.ptau");
        SnarkjsCli.MustRun("powersoftau", "contribute", ours, theirs, "--name=third", "-e=more entropy");
        AssertSnarkjsVerifies(theirs);
        Assert.Equal(3, PtauFile.Read(theirs).Contributions.Count);
    }

    [Fact]
    public void TheDevCeremonysPreparedFile_IsAcceptedBySnarkjsVerify_LagrangeSectionsIncluded()
    {
        var path = Path.Combine(snarkjs.Folder, "dev-ceremony.ptau");
        var (points, lagrange, record) = PowersOfTauCeremony.DevelopmentCeremony(5, SnarkjsRng.FromEntropy("dev"), "dev");
        new PtauFile(points, [PtauContribution.From(record)], lagrange).Write(path);
        var output = AssertSnarkjsVerifies(path);
        Assert.DoesNotContain("does not contain phase2", output);
    }

    [Fact]
    public void ATamperedRecord_IsRejectedBySnarkjsVerify()
    {
        var path = Path.Combine(snarkjs.Folder, "tampered.ptau");
        var challenge = PowersOfTauTranscript.FirstChallengeHash(4);
        var (points, record) = PowersOfTauCeremony.ContributeRecorded(PowersOfTau.New(4), challenge, SnarkjsRng.FromEntropy("t"), null);
        var next = record.NextChallenge.ToArray();
        next[0] ^= 1;
        new PtauFile(points, [PtauContribution.From(record with { NextChallenge = next })]).Write(path);
        var (code, output) = SnarkjsCli.Run("powersoftau", "verify", path);
        Assert.True(code != 0 || !output.Contains("Powers of Tau Ok!"), output);
    }

    private static string AssertSnarkjsVerifies(string path)
    {
        var output = SnarkjsCli.MustRun("powersoftau", "verify", path);
        Assert.Contains("Powers of Tau Ok!", output);
        return output;
    }
}

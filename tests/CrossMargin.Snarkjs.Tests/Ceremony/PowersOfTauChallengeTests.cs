using CrossMargin.Curves.Bn254;
using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs.Tests;

/// <summary>
/// The ceremony files in process (challenge, response, import) and powersoftau verify's chain;
/// the same verbs against snarkjs are in CrossMargin.Groth16.Tests' SnarkjsVerbComparisonTests.
/// </summary>
public sealed class PowersOfTauChallengeTests
{
    [Fact]
    public void CompressedPoints_DecodeToThePointsTheyEncode_AndOnlyTheirCanonicalBytesDecode()
    {
        var rng = SnarkjsRng.FromEntropy("compressed");
        Span<byte> c1 = stackalloc byte[32];
        Span<byte> c2 = stackalloc byte[64];
        for (var i = 0; i < 50; i++)
        {
            var p = Bn254ScalarMultiplication.Multiply(G1Curve.Generator, rng.NextFr()).ToAffine();
            PowersOfTauTranscript.WriteCompressed(p, c1);
            Assert.True(PowersOfTauTranscript.TryReadCompressed(c1, out G1Affine back));
            Assert.Equal(p, back);
            var q = Bn254ScalarMultiplication.Multiply(G2Curve.Generator, rng.NextFr()).ToAffine();
            PowersOfTauTranscript.WriteCompressed(q, c2);
            Assert.True(PowersOfTauTranscript.TryReadCompressed(c2, out G2Affine back2));
            Assert.Equal(q, back2);
        }
        // Infinity is 0x40 then zeros, nothing else; x = q is not canonical.
        c1.Clear();
        c1[0] = 0x40;
        Assert.True(PowersOfTauTranscript.TryReadCompressed(c1, out G1Affine infinity) && infinity.IsInfinity);
        c1[31] = 1;
        Assert.False(PowersOfTauTranscript.TryReadCompressed(c1, out G1Affine _));
        Fq.Modulus.TryWriteBytes(c1, out _, isUnsigned: true, isBigEndian: true);
        Assert.False(PowersOfTauTranscript.TryReadCompressed(c1, out G1Affine _));
    }

    [Fact]
    public void ExportContributeImport_ChainsAndVerifies_AndABrokenChainIsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("cm-ptau-challenge-").FullName;
        string P(string name) => Path.Combine(folder, name);
        try
        {
            var start = new PtauFile(PowersOfTau.New(3), []);
            Assert.Equal("This file has no contribution! It cannot be used in production", PowersOfTauVerification.Verify(start));

            var challengeHash = PowersOfTauChallenge.Export(start, P("challenge"));
            Assert.Equal(start.NextChallenge(), challengeHash);
            Assert.Equal(PowersOfTauChallenge.ChallengeSize(3), new FileInfo(P("challenge")).Length);
            var (answered, responseHash) = PowersOfTauChallenge.Contribute(P("challenge"), P("response"), SnarkjsRng.FromEntropy("one"));
            Assert.Equal(challengeHash, answered);
            var first = PowersOfTauChallenge.Import(start, P("response"), "first");
            Assert.Equal(responseHash, first.Contributions[^1].ResponseHash());
            Assert.Null(PowersOfTauVerification.Verify(first));

            // A second round, from the file written and read back.
            first.Write(P("first.ptau"));
            var reread = PtauFile.Read(P("first.ptau"));
            PowersOfTauChallenge.Export(reread, P("challenge2"));
            PowersOfTauChallenge.Contribute(P("challenge2"), P("response2"), SnarkjsRng.FromEntropy("two"));
            var second = PowersOfTauChallenge.Import(reread, P("response2"), null);
            Assert.Null(PowersOfTauVerification.Verify(second));

            // A response to another challenge is refused at import.
            Assert.Throws<PtauChainException>(() => PowersOfTauChallenge.Import(reread, P("response"), null));

            // The first record's nextChallenge changed: the second key no longer answers it.
            var raw = (byte[])second.Contributions[0].Raw.Clone();
            raw[PowersOfTauContributionRecord.NextChallengeOffset] ^= 1;
            var broken = new PtauFile(second.Points, [second.Contributions[0] with { Raw = raw }, second.Contributions[1]]);
            Assert.Equal("INVALID key (tau) in challenge #2", PowersOfTauVerification.Verify(broken));

            // The last record's nextChallenge changed: the points no longer hash to it.
            var lastRaw = (byte[])second.Contributions[1].Raw.Clone();
            lastRaw[PowersOfTauContributionRecord.NextChallengeOffset] ^= 1;
            var unhashed = new PtauFile(second.Points, [second.Contributions[0], second.Contributions[1] with { Raw = lastRaw }]);
            Assert.StartsWith("Hash of the values does not match", PowersOfTauVerification.Verify(unhashed));

            // An accumulator whose export does not hash to its record is refused too.
            Assert.Throws<PtauChainException>(() => PowersOfTauChallenge.Export(unhashed, P("challenge3")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Verify_AcceptsABeaconAndPreparedFile_AndRefusesWrongLagrangeBases()
    {
        var start = new PtauFile(PowersOfTau.New(3), []);
        var (points, record) = PowersOfTauCeremony.ContributeRecorded(start.Points, start.NextChallenge(), SnarkjsRng.FromEntropy("c"), "c");
        var contributed = new PtauFile(points, [PtauContribution.From(record)]);
        var (beaconPoints, beaconRecord) = PowersOfTauCeremony.Beacon(points, contributed.NextChallenge(), new PowersOfTauBeacon([1, 2, 3], 10), "beacon");
        var lagrange = PowersOfTauCeremony.PreparePhase2(beaconPoints);
        var prepared = new PtauFile(beaconPoints, [.. contributed.Contributions, PtauContribution.From(beaconRecord)], lagrange);
        Assert.Null(PowersOfTauVerification.Verify(prepared));

        var wrong = new LagrangeBases(3, [.. lagrange.TauG1.Reverse()], lagrange.TauG2, lagrange.AlphaTauG1, lagrange.BetaTauG1);
        Assert.NotNull(PowersOfTauVerification.Verify(new PtauFile(beaconPoints, prepared.Contributions, wrong)));
    }
}

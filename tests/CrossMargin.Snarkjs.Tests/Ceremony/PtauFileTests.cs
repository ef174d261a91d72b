using Xunit;
using CrossMargin.Snarkjs;
using CrossMargin.Curves.Bn254;
using CrossMargin.Testing;

using CrossMargin.Groth16;

using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class PtauFileTests(SnarkjsPtauFixture snarkjs)
{
    [Theory]
    [InlineData("fresh")]
    [InlineData("contributed")]
    [InlineData("prepared")]
    public void SnarkjsPtau_ReadThenWritten_IsTheSameBytes(string which)
    {
        var path = Path.Combine(snarkjs.Folder, which + ".ptau");
        var ptau = PtauFile.Read(path);
        using var copy = new MemoryStream();
        ptau.Write(copy);
        Assert.Equal(File.ReadAllBytes(path), copy.ToArray());
    }

    [Fact]
    public void SnarkjsPtau_HasTheDeclaredShape_AndItsContributionName()
    {
        var ptau = PtauFile.Read(snarkjs.Prepared);
        Assert.Equal(SnarkjsPtauFixture.Power, ptau.Power);
        Assert.Equal(SnarkjsPtauFixture.Power, ptau.CeremonyPower);
        Assert.Single(ptau.Contributions);
        Assert.Equal("first", ptau.Contributions[0].Name);
        Assert.NotNull(ptau.Lagrange);
        Assert.Equal(G1Curve.Generator, ptau.Points.TauG1[0]);
        Assert.NotEqual(G1Curve.Generator, ptau.Points.TauG1[1]);
    }

    [Fact]
    public void OurPreparePhase2_EqualsSnarkjsPreparePhase2_OnTheSameAccumulator()
    {
        var contributed = PtauFile.Read(snarkjs.Contributed);
        var theirs = PtauFile.Read(snarkjs.Prepared).Lagrange!;
        var ours = PowersOfTauCeremony.PreparePhase2(contributed.Points);
        Assert.Equal(theirs.TauG1, ours.TauG1);
        Assert.Equal(theirs.TauG2, ours.TauG2);
        Assert.Equal(theirs.AlphaTauG1, ours.AlphaTauG1);
        Assert.Equal(theirs.BetaTauG1, ours.BetaTauG1);
    }

    [Fact]
    public void OurNewAccumulator_IsSnarkjsNew_ByteForByte()
    {
        var ours = new PtauFile(PowersOfTau.New(SnarkjsPtauFixture.Power), []);
        using var bytes = new MemoryStream();
        ours.Write(bytes);
        Assert.Equal(File.ReadAllBytes(snarkjs.Fresh), bytes.ToArray());
    }

    [Fact]
    public void Contribution_ScalesEveryPointByItsPowerOfTheSecrets()
    {
        var accumulator = PowersOfTau.New(3);
        var secrets = new PowersOfTauCeremony.Secrets(Fr.FromUInt64(3), Fr.FromUInt64(5), Fr.FromUInt64(7));
        PowersOfTauCeremony.Contribute(accumulator, secrets);
        PowersOfTauCeremony.Contribute(accumulator, secrets);
        for (var i = 0; i < accumulator.TauG1.Length; i++)
            Assert.Equal(Bn254ScalarMultiplication.Multiply(G1Curve.Generator, System.Numerics.BigInteger.Pow(9, i)).ToAffine(), accumulator.TauG1[i]);
        for (var i = 0; i < accumulator.TauG2.Length; i++)
        {
            var t = System.Numerics.BigInteger.Pow(9, i);
            Assert.Equal(Bn254ScalarMultiplication.Multiply(G2Curve.Generator, t).ToAffine(), accumulator.TauG2[i]);
            Assert.Equal(Bn254ScalarMultiplication.Multiply(G1Curve.Generator, 25 * t).ToAffine(), accumulator.AlphaTauG1[i]);
            Assert.Equal(Bn254ScalarMultiplication.Multiply(G1Curve.Generator, 49 * t).ToAffine(), accumulator.BetaTauG1[i]);
        }
        Assert.Equal(Bn254ScalarMultiplication.Multiply(G2Curve.Generator, 49).ToAffine(), accumulator.BetaG2);
    }

    [Fact]
    public void ATauG2PointOffTheSubgroup_IsAFormatErrorAtItsOffset_UnlessTheCallerTrustsTheFile()
    {
        // A point of the twist outside G2 (the chance that a random one lies in G2 is 1/cofactor).
        var random = new Random(11);
        G2Affine offSubgroup;
        while (true)
        {
            var x = new Fq2(Fq.FromUInt64((ulong)random.NextInt64()), Fq.FromUInt64((ulong)random.NextInt64()));
            if (Field.QuadraticExtensionSqrt.TrySqrt(x * x * x + G2Curve.B, out var y))
            {
                offSubgroup = new G2Affine(x, y);
                break;
            }
        }
        Assert.True(offSubgroup.IsOnCurve);
        Assert.False(offSubgroup.IsInSubgroup);

        var accumulator = PowersOfTau.New(3);
        accumulator.TauG2[5] = offSubgroup;
        var path = Path.Combine(snarkjs.Folder, "off-subgroup.ptau");
        new PtauFile(accumulator, []).Write(path);
        var e = Assert.Throws<CircomFormatException>(() => PtauFile.Read(path));
        Assert.Equal("tauG2", e.Section);
        // File header 12, header section 12 + 44, tauG1 section 12 + 15 * 64, tauG2's header 12, then 5 points.
        Assert.Equal(12 + 56 + 12 + 15 * 64 + 12 + 5 * 128, e.Offset);
        Assert.Equal(offSubgroup, PtauFile.Read(path, Curves.Encodings.SubgroupCheck.SkipForTrustedInput).Points.TauG2[5]);
    }

    [Fact]
    public void SeededCorruptions_AreFormatErrorsOrValidFiles_NeverAnotherException()
    {
        FileCorruption.ForEach(File.ReadAllBytes(snarkjs.Prepared), seed: 2026, rounds: 200, headerBytes: 2048, path =>
        {
            try
            {
                var ptau = PtauFile.Read(path);
                Assert.Equal(1L << ptau.Power, ptau.Points.TauG2.Length);
            }
            catch (CircomFormatException e)
            {
                Assert.Equal(path, e.File);
            }
        });
    }
}

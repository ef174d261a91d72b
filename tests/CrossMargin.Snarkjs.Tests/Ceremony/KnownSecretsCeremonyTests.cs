using System.Security.Cryptography;
using Xunit;
using CrossMargin.Snarkjs;
using CrossMargin.Curves.Bn254;
using CrossMargin.Testing;

using CrossMargin.Groth16;

using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs.Tests;

public sealed class KnownSecretsCeremonyTests
{
    public static TheoryData<int> Powers() => [1, 4, 6];

    [Theory]
    [MemberData(nameof(Powers))]
    public void FromSecrets_IsNewThenContributeThenPreparePhase2_PointForPoint(int power)
    {
        AssertSameAsTheSlowPath(power, Seeded(power));
    }

    [Theory]
    [InlineData(4, 0)]   // tau = 1, the root w^0 of every level
    [InlineData(4, 3)]   // tau = a primitive 8th root: a point of levels 3, 4 and tau G1's level 5
    [InlineData(3, 4)]   // tau = a primitive 16th root: only tau G1's extra level 4 holds it
    [InlineData(3, 1)]   // tau = -1
    public void FromSecrets_WithTauARootOfUnity_StillEqualsTheSlowPath(int power, int rootLog)
    {
        var tau = Fr.RootOfUnity(rootLog);
        var seeded = Seeded(power + 100);
        AssertSameAsTheSlowPath(power, seeded with { Tau = tau });
    }

    [Fact]
    public void FromSecrets_WithoutPreparing_GivesOnlyTheAccumulator()
    {
        var secrets = Seeded(5);
        var (accumulator, lagrange) = PowersOfTauCeremony.FromSecrets(5, secrets, preparePhase2: false);
        Assert.Null(lagrange);
        var slow = PowersOfTau.New(5);
        PowersOfTauCeremony.Contribute(slow, secrets);
        Assert.Equal(slow.TauG1, accumulator.TauG1);
        Assert.Equal(slow.BetaG2, accumulator.BetaG2);
    }

    [Fact]
    public void FromSecrets_RejectsAZeroSecret()
    {
        var secrets = Seeded(1) with { Alpha = Fr.Zero };
        Assert.Throws<ArgumentException>(() => PowersOfTauCeremony.FromSecrets(2, secrets, preparePhase2: true));
    }

    [Fact]
    public void IsNew_HoldsForANewAccumulator_AndNotAfterAContribution()
    {
        var accumulator = PowersOfTau.New(3);
        Assert.True(accumulator.IsNew);
        PowersOfTauCeremony.Contribute(accumulator, Seeded(3));
        Assert.False(accumulator.IsNew);
    }

    [Fact]
    public void TheDevCeremonysFile_GivesSnarkjsAndUsTheSameKey_WhichSnarkjsVerifies()
    {
        var folder = Directory.CreateTempSubdirectory("cm-dev-ceremony-").FullName;
        try
        {
            var circuit = RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs");
            var ptau = Path.Combine(folder, "pot.ptau");
            var (accumulator, lagrange) = PowersOfTauCeremony.FromSecrets(7, Seeded(7), preparePhase2: true);
            new PtauFile(accumulator, [], lagrange).Write(ptau);
            var theirs = Path.Combine(folder, "theirs.zkey");
            var ours = Path.Combine(folder, "ours.zkey");
            SnarkjsCli.MustRun("groth16", "setup", circuit, ptau, theirs);
            Groth16SetupFiles.Setup(circuit, ptau, ours);
            Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
            Assert.Contains("ZKey Ok!", SnarkjsCli.MustRun("zkey", "verify", circuit, ptau, ours));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static PowersOfTauCeremony.Secrets Seeded(int seed)
    {
        var bytes = SHA256.HashData(BitConverter.GetBytes(seed));
        return new PowersOfTauCeremony.Secrets(
            PowersOfTauCeremony.Derive(bytes, 0), PowersOfTauCeremony.Derive(bytes, 1), PowersOfTauCeremony.Derive(bytes, 2));
    }

    private static void AssertSameAsTheSlowPath(int power, PowersOfTauCeremony.Secrets secrets)
    {
        var slow = PowersOfTau.New(power);
        PowersOfTauCeremony.Contribute(slow, secrets);
        var slowLagrange = PowersOfTauCeremony.PreparePhase2(slow);

        var (fast, fastLagrange) = PowersOfTauCeremony.FromSecrets(power, secrets, preparePhase2: true);
        Assert.NotNull(fastLagrange);
        Assert.Equal(slow.TauG1, fast.TauG1);
        Assert.Equal(slow.TauG2, fast.TauG2);
        Assert.Equal(slow.AlphaTauG1, fast.AlphaTauG1);
        Assert.Equal(slow.BetaTauG1, fast.BetaTauG1);
        Assert.Equal(slow.BetaG2, fast.BetaG2);
        Assert.Equal(slowLagrange.TauG1, fastLagrange.TauG1);
        Assert.Equal(slowLagrange.TauG2, fastLagrange.TauG2);
        Assert.Equal(slowLagrange.AlphaTauG1, fastLagrange.AlphaTauG1);
        Assert.Equal(slowLagrange.BetaTauG1, fastLagrange.BetaTauG1);
        Assert.Equal(G1Curve.Generator, fast.TauG1[0]);
    }
}

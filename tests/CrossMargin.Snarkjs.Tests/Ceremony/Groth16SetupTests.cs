using CrossMargin.Snarkjs;
using CrossMargin.Testing;
using Xunit;

using CrossMargin.Groth16;

using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class Groth16SetupTests(SnarkjsPtauFixture snarkjs)
{
    private static string Circuit => RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs");

    [Fact]
    public void OurGroth16Setup_IsSnarkjsGroth16Setup_ByteForByte()
    {
        var theirs = Path.Combine(snarkjs.Folder, "theirs.zkey");
        var ours = Path.Combine(snarkjs.Folder, "ours.zkey");
        SnarkjsCli.MustRun("groth16", "setup", Circuit, snarkjs.Prepared, theirs);
        Groth16SetupFiles.Setup(Circuit, snarkjs.Prepared, ours);
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
    }

    [Fact]
    public void OurWholeCeremony_GivesAKeySnarkjsVerifies_AndProvesWith()
    {
        var folder = Path.Combine(snarkjs.Folder, "ours");
        Directory.CreateDirectory(folder);
        var ptau = Path.Combine(folder, "pot.ptau");
        var zkey = Path.Combine(folder, "circuit.zkey");
        var accumulator = PowersOfTau.New(SnarkjsPtauFixture.Power);
        PowersOfTauCeremony.Contribute(accumulator, PowersOfTauCeremony.RandomSecrets("test"));
        new PtauFile(accumulator, [], PowersOfTauCeremony.PreparePhase2(accumulator)).Write(ptau);
        Groth16SetupFiles.Setup(Circuit, ptau, zkey);

        var output = SnarkjsCli.MustRun("zkey", "verify", Circuit, ptau, zkey);
        Assert.Contains("ZKey Ok!", output);

        var proof = Path.Combine(folder, "proof.json");
        var pub = Path.Combine(folder, "public.json");
        var vkey = Path.Combine(folder, "vkey.json");
        SnarkjsCli.MustRun("groth16", "prove", zkey, RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"), proof, pub);
        SnarkjsCli.MustRun("zkey", "export", "verificationkey", zkey, vkey);
        Assert.Contains("OK", SnarkjsCli.MustRun("groth16", "verify", vkey, pub, proof));
    }
}

[Collection(SnarkjsCollection.Name)]
public sealed class ZkeyContributionTests(SnarkjsPtauFixture snarkjs)
{
    private static string Circuit => RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs");
    private const string BeaconHash = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    [Fact]
    public void OurContributionsAndBeacon_AreAcceptedBySnarkjsZkeyVerify_AndProveWithSnarkjs()
    {
        var folder = Path.Combine(snarkjs.Folder, "contributions");
        Directory.CreateDirectory(folder);
        string F(string name) => Path.Combine(folder, name);
        Groth16SetupFiles.Setup(Circuit, snarkjs.Prepared, F("0.zkey"));
        ZkeyContribution.Contribute(F("0.zkey"), F("1.zkey"), Fr.FromUInt64(12345), Fr.FromUInt64(678), "alice");
        SnarkjsCli.MustRun("zkey", "contribute", F("1.zkey"), F("2.zkey"), "--name=bob", "-e=bob's entropy");
        ZkeyContribution.Contribute(F("2.zkey"), F("3.zkey"), Fr.FromUInt64(999), Fr.FromUInt64(5));
        ZkeyContribution.Beacon(F("3.zkey"), F("final.zkey"), Convert.FromHexString(BeaconHash), 10, "final");

        Assert.Contains("ZKey Ok!", SnarkjsCli.MustRun("zkey", "verify", Circuit, snarkjs.Prepared, F("final.zkey")));
        SnarkjsCli.MustRun("groth16", "prove", F("final.zkey"), RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"), F("proof.json"), F("public.json"));
        SnarkjsCli.MustRun("zkey", "export", "verificationkey", F("final.zkey"), F("vkey.json"));
        Assert.Contains("OK", SnarkjsCli.MustRun("groth16", "verify", F("vkey.json"), F("public.json"), F("proof.json")));
    }

    [Fact]
    public void OurBeacon_IsSnarkjsBeacon_ByteForByte()
    {
        var folder = Path.Combine(snarkjs.Folder, "beacon");
        Directory.CreateDirectory(folder);
        string F(string name) => Path.Combine(folder, name);
        Groth16SetupFiles.Setup(Circuit, snarkjs.Prepared, F("0.zkey"));
        ZkeyContribution.Contribute(F("0.zkey"), F("1.zkey"), Fr.FromUInt64(7), Fr.FromUInt64(11), "someone");
        ZkeyContribution.Beacon(F("1.zkey"), F("ours.zkey"), Convert.FromHexString(BeaconHash), 10, "final");
        SnarkjsCli.MustRun("zkey", "beacon", F("1.zkey"), F("theirs.zkey"), BeaconHash, "10", "--name=final");
        Assert.Equal(File.ReadAllBytes(F("theirs.zkey")), File.ReadAllBytes(F("ours.zkey")));
    }

    [Fact]
    public void OurZkeyVerify_AcceptsAContributedKey_AndRejectsOneWithTwoHBasesSwapped()
    {
        var folder = Path.Combine(snarkjs.Folder, "verify");
        Directory.CreateDirectory(folder);
        string F(string name) => Path.Combine(folder, name);
        Groth16SetupFiles.Setup(Circuit, snarkjs.Prepared, F("0.zkey"));
        SnarkjsCli.MustRun("zkey", "contribute", F("0.zkey"), F("1.zkey"), "--name=them", "-e=entropy");
        ZkeyContribution.Contribute(F("1.zkey"), F("2.zkey"), Fr.FromUInt64(31337), Fr.FromUInt64(3), "us");
        Assert.Null(ZkeyVerification.Verify(Circuit, snarkjs.Prepared, F("2.zkey")));

        // Find section 9 (H) by walking the section table.
        var bytes = File.ReadAllBytes(F("2.zkey"));
        var pos = 12;
        while (BitConverter.ToUInt32(bytes, pos) != 9) pos += 12 + (int)BitConverter.ToUInt64(bytes, pos + 4);
        var h = pos + 12;
        var first = bytes.AsSpan(h, 64).ToArray();
        bytes.AsSpan(h + 64, 64).CopyTo(bytes.AsSpan(h, 64));
        first.CopyTo(bytes.AsSpan(h + 64, 64));
        File.WriteAllBytes(F("swapped.zkey"), bytes);
        Assert.Equal("section H is not the setup's divided by delta", ZkeyVerification.Verify(Circuit, snarkjs.Prepared, F("swapped.zkey")));
    }

    [Fact]
    public void SnarkjsHashToG2_GivesSubgroupPoints_DeterminedByTheHash()
    {
        var a = SnarkjsHashToG2.Hash(new byte[64]);
        var b = SnarkjsHashToG2.Hash(Enumerable.Repeat((byte)1, 64).ToArray());
        Assert.True(a.IsOnCurve && a.IsInSubgroup);
        Assert.True(b.IsOnCurve && b.IsInSubgroup);
        Assert.NotEqual(a, b);
        Assert.Equal(a, SnarkjsHashToG2.Hash(new byte[64]));
    }
}

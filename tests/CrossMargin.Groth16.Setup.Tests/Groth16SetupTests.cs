using CrossMargin.Circom;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Groth16.Setup.Tests;

[Collection(SnarkjsCollection.Name)]
public sealed class Groth16SetupTests(SnarkjsPtauFixture snarkjs)
{
    private static string Circuit => RepoLayout.Vectors("snarkjs-groth16", "circuit.r1cs");

    [Fact]
    public void OurGroth16Setup_IsSnarkjsGroth16Setup_ByteForByte()
    {
        var theirs = Path.Combine(snarkjs.Folder, "theirs.zkey");
        var ours = Path.Combine(snarkjs.Folder, "ours.zkey");
        Snarkjs.Run("groth16", "setup", Circuit, snarkjs.Prepared, theirs);
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

        var output = Snarkjs.Run("zkey", "verify", Circuit, ptau, zkey);
        Assert.Contains("ZKey Ok!", output);

        var proof = Path.Combine(folder, "proof.json");
        var pub = Path.Combine(folder, "public.json");
        var vkey = Path.Combine(folder, "vkey.json");
        Snarkjs.Run("groth16", "prove", zkey, RepoLayout.Vectors("snarkjs-groth16", "witness.wtns"), proof, pub);
        Snarkjs.Run("zkey", "export", "verificationkey", zkey, vkey);
        Assert.Contains("OK", Snarkjs.Run("groth16", "verify", vkey, pub, proof));
    }
}

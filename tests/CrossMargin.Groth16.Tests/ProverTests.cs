using System.Numerics;
using System.Text.Json;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

public class ProverTests
{
    private static string Vector(string name) => RepoLayout.Vectors("snarkjs-groth16", name);

    private static Fr[] VectorWitness => WtnsFile.Read(Vector("witness.wtns"));

    [Fact]
    public void OurProofOnTheContributedVectorKey_IsAcceptedByOurVerifier_AndItsSignalsAreSnarkjss()
    {
        var key = ZkeyFile.ReadProvingKey(Keys.ContributedVectorZkey);
        var result = Prover.Prove(key, VectorWitness);
        Assert.Equal(SnarkjsJson.ReadPublicSignals(Vector("public.json")), result.PublicSignals);
        Assert.True(Verifier.Verify(key.VerificationKey, result.PublicSignals, result.Proof));
    }

    [Fact]
    public void OurProofOnTheVectorKey_IsAcceptedBySnarkjs()
    {
        var folder = Directory.CreateTempSubdirectory("cm-prove-").FullName;
        try
        {
            var result = Prover.Prove(ZkeyFile.ReadProvingKey(Vector("circuit.zkey")), VectorWitness);
            SnarkjsJson.WriteProof(Path.Combine(folder, "proof.json"), result.Proof);
            SnarkjsJson.WritePublicSignals(Path.Combine(folder, "public.json"), result.PublicSignals);
            var output = SnarkjsCli.MustRun("groth16", "verify", Vector("verification_key.json"), Path.Combine(folder, "public.json"), Path.Combine(folder, "proof.json"));
            Assert.Contains("OK", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SnarkjssProofOnTheContributedKey_IsAcceptedByOurVerifier_AndRejectedWhenTampered()
    {
        var folder = Directory.CreateTempSubdirectory("cm-prove-").FullName;
        try
        {
            var proofPath = Path.Combine(folder, "proof.json");
            var publicPath = Path.Combine(folder, "public.json");
            SnarkjsCli.MustRun("groth16", "prove", Keys.ContributedVectorZkey, Vector("witness.wtns"), proofPath, publicPath);
            var vk = ZkeyFile.ReadVerificationKey(Keys.ContributedVectorZkey);
            var proof = SnarkjsJson.ReadProof(proofPath);
            var signals = SnarkjsJson.ReadPublicSignals(publicPath);
            Assert.True(Verifier.Verify(vk, signals, proof));

            Assert.False(Verifier.Verify(vk, [signals[0] + 1], proof));
            Assert.False(Verifier.Verify(vk, signals, proof with { A = proof.C }));
            Assert.False(Verifier.Verify(vk, signals, proof with { C = proof.A }));
            Assert.Throws<MalformedStatementException>(() => Verifier.Verify(vk, [signals[0] + Fr.Modulus], proof));
            Assert.Throws<MalformedStatementException>(() => Verifier.Verify(vk, [signals[0], BigInteger.One], proof));
            Assert.Throws<MalformedStatementException>(() => Verifier.Verify(vk, [], proof));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AKeyWhoseGammaEqualsDelta_IsRefused()
    {
        // The vector zkey has had no phase-2 contribution: gamma = delta = the G2 generator.
        var key = ZkeyFile.ReadProvingKey(Vector("circuit.zkey"));
        Assert.Equal(key.Gamma2, key.Delta2);
        var result = Prover.Prove(key, VectorWitness);
        var e = Assert.Throws<DegenerateKeyException>(() => Verifier.Verify(key.VerificationKey, result.PublicSignals, result.Proof));
        Assert.Equal(("delta", "= gamma"), (e.Point, e.Relation));
    }

    [Fact]
    public void ABatchWithOneBadProof_FindsExactlyThatOne()
    {
        var key = ZkeyFile.ReadProvingKey(Keys.ContributedVectorZkey);
        var witness = VectorWitness;
        var items = new List<(Proof, IReadOnlyList<BigInteger>)>();
        for (var i = 0; i < 5; i++)
        {
            var result = Prover.Prove(key, witness);
            items.Add((result.Proof, result.PublicSignals));
        }
        var (bad, badSignals) = items[3];
        items[3] = (bad, [badSignals[0] + 1]);
        var verdict = Verifier.VerifyBatch(key.VerificationKey, items);
        Assert.Equal([3], verdict.Invalid);
    }

    [Fact]
    public void TwoProofsOfTheSameWitness_Differ_ButBothVerify()
    {
        var key = ZkeyFile.ReadProvingKey(Keys.ContributedVectorZkey);
        var first = Prover.Prove(key, VectorWitness);
        var second = Prover.Prove(key, VectorWitness);
        Assert.NotEqual(first.Proof.A, second.Proof.A);
        Assert.True(Verifier.Verify(key.VerificationKey, second.PublicSignals, second.Proof));
    }

    [Fact]
    public void AWitnessOfTheWrongLengthOrWithoutTheConstantOne_IsATypedError()
    {
        var key = ZkeyFile.ReadProvingKey(Vector("circuit.zkey"));
        var witness = VectorWitness;
        Assert.Throws<WitnessMismatchException>(() => Prover.Prove(key, witness.AsSpan(1)));
        Assert.Throws<WitnessMismatchException>(() => Prover.Prove(key, [.. witness, Fr.One]));
        witness[0] = Fr.FromUInt64(2);
        Assert.Throws<WitnessMismatchException>(() => Prover.Prove(key, witness));
    }

    [Fact]
    public void AWitnessThatBreaksAConstraint_GivesAProofThatFails()
    {
        var key = ZkeyFile.ReadProvingKey(Keys.ContributedVectorZkey);
        var witness = VectorWitness;
        witness[^1] += Fr.One;
        var result = Prover.Prove(key, witness);
        Assert.False(Verifier.Verify(key.VerificationKey, result.PublicSignals, result.Proof));
    }

    [Fact]
    public void OnTheSmokeCircuitsSnarkjsKey_OurProofIsAcceptedBySnarkjsAndByUs()
    {
        var zkeyPath = Keys.SmokeZkey;
        var circuit = RepoLayout.Circuit("smoke/poseidon_preimage");
        using var calculator = WitnessCalculator.Load(circuit.Wasm);
        var witness = calculator.Calculate(CircuitInput.Parse(JsonDocument.Parse("""{"secret": "123456789", "blinding": "0x1f2e3d4c5b6a"}""").RootElement));
        var key = ZkeyFile.ReadProvingKey(zkeyPath);
        var result = Prover.Prove(key, witness);
        Assert.True(Verifier.Verify(key.VerificationKey, result.PublicSignals, result.Proof));

        var folder = Directory.CreateTempSubdirectory("cm-smoke-").FullName;
        try
        {
            var vkPath = Path.Combine(folder, "verification_key.json");
            SnarkjsCli.MustRun("zkey", "export", "verificationkey", zkeyPath, vkPath);
            var ours = Path.Combine(folder, "ours.json");
            SnarkjsJson.WriteVerificationKey(ours, key.VerificationKey);
            Assert.Equal(File.ReadAllText(vkPath), File.ReadAllText(ours));
            SnarkjsJson.WriteProof(Path.Combine(folder, "proof.json"), result.Proof);
            SnarkjsJson.WritePublicSignals(Path.Combine(folder, "public.json"), result.PublicSignals);
            SnarkjsCli.MustRun("groth16", "verify", vkPath, Path.Combine(folder, "public.json"), Path.Combine(folder, "proof.json"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

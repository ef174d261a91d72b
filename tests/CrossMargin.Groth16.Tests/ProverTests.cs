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

    /// <summary>
    /// The key read in two parts (points on the thread pool) is the key read whole once its task
    /// is done, and a proof made while the points were still being read verifies.
    /// </summary>
    [Fact]
    public void AKeyReadOverlapped_IsTheKeyReadWhole_AndProvesWhileItsPointsAreRead()
    {
        var whole = ZkeyFile.ReadProvingKey(Keys.ContributedVectorZkey);
        var (key, pointsRead) = ZkeyFile.ReadProvingKeyOverlapped(Keys.ContributedVectorZkey);
        var result = Prover.ProveAndCheck(key, VectorWitness, pointsRead: pointsRead);
        Assert.True(pointsRead.IsCompletedSuccessfully);
        Assert.Equal(whole.A, key.A);
        Assert.Equal(whole.B1, key.B1);
        Assert.Equal(whole.B2, key.B2);
        Assert.Equal(whole.C, key.C);
        Assert.Equal(whole.H, key.H);
        Assert.Equal(whole.IC, key.IC);
        Assert.Equal(whole.Coefficients, key.Coefficients);
        Assert.True(Verifier.Verify(whole.VerificationKey, result.PublicSignals, result.Proof));
    }

    /// <summary>
    /// A bad point in a section read alongside the proof fails the proof with the format error a
    /// whole read gives (the same section and byte), not an AggregateException; a section of the
    /// wrong size fails the read itself, at once.
    /// </summary>
    [Fact]
    public void AKeyReadOverlapped_FailsAsAWholeReadWould_ThePointsInTheProofTheSizesAtOnce()
    {
        var bytes = File.ReadAllBytes(Keys.ContributedVectorZkey);
        long hOffset, cOffset;
        using (var file = BinFile.Open(Keys.ContributedVectorZkey, ZkeyFile.Magic, 1))
        {
            hOffset = file.Sections.Single(x => x.Type == 9).Offset;
            cOffset = file.Sections.Single(x => x.Type == 8).Offset;
        }
        var path = Path.GetTempFileName();
        try
        {
            // H[1] off the curve: canonical coordinates whose stored integers are both 1.
            var badPoint = (byte[])bytes.Clone();
            var at = (int)hOffset + 64;
            badPoint.AsSpan(at, 64).Clear();
            badPoint[at] = 1;
            badPoint[at + 32] = 1;
            File.WriteAllBytes(path, badPoint);
            var expected = Assert.Throws<CircomFormatException>(() => ZkeyFile.ReadProvingKey(path));
            var (key, pointsRead) = ZkeyFile.ReadProvingKeyOverlapped(path);
            var e = Assert.Throws<CircomFormatException>(() => Prover.ProveAndCheck(key, VectorWitness, pointsRead: pointsRead));
            Assert.Equal(("H", expected.Offset, expected.Problem), (e.Section, e.Offset, e.Problem));

            // Section 8 (C) one point short, its declared size to match, so the section table
            // stays sound: the sizes are checked before the read returns, before any point array
            // exists, and the error names the section.
            var cSize = BitConverter.ToUInt64(bytes, (int)cOffset - 8);
            var shortC = bytes.AsSpan(0, (int)cOffset).ToArray().Concat(bytes.AsSpan((int)cOffset + 64).ToArray()).ToArray();
            BitConverter.TryWriteBytes(shortC.AsSpan((int)cOffset - 8, 8), cSize - 64);
            File.WriteAllBytes(path, shortC);
            var sizes = Assert.Throws<CircomFormatException>(() => ZkeyFile.ReadProvingKeyOverlapped(path));
            Assert.Equal("C", sizes.Section);
            Assert.Contains("points need", sizes.Problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
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

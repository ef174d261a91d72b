using System.Security.Cryptography;
using CrossMargin.Snarkjs;
using CrossMargin.Cli;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>The groth16 and zkey verbs, run in process through <see cref="CommandLine.Run"/>.</summary>
public class CliTests
{
    private static string Vector(string name) => RepoLayout.Vectors("snarkjs-groth16", name);

    [Fact]
    public void EachKindOfFailure_ExitsWithOneCode_WhicheverVerbMeetsIt()
    {
        var folder = Directory.CreateTempSubdirectory("cm-cli-").FullName;
        string P(string name) => Path.Combine(folder, name);
        try
        {
            var smoke = RepoLayout.Circuit("smoke/poseidon_preimage");
            File.WriteAllText(P("input.json"), """{"secret": 1, "blinding": 2}""");
            File.WriteAllText(P("unknown.json"), """{"secret": 1, "blinding": 2, "nonsense": 3}""");
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["wtns", "calculate", smoke.Wasm, P("input.json"), P("other.wtns")]));

            // Malformed input (2): a .r1cs given as the wasm, an input the circuit does not take,
            // and a witness of another circuit, to the witness check and to the prover alike.
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["wtns", "calculate", smoke.R1cs, P("input.json"), P("x.wtns")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["wtns", "calculate", smoke.Wasm, P("unknown.json"), P("x.wtns")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["wtns", "check", Vector("circuit.r1cs"), P("other.wtns")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "prove", Vector("circuit.zkey"), P("other.wtns"), P("proof.json"), P("public.json")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "prove", Vector("circuit.zkey"), P("missing.wtns"), P("proof.json"), P("public.json")]));
            Assert.False(File.Exists(P("proof.json")));

            // Invalid statement (1): a witness that breaks a constraint.
            var witness = WtnsFile.Read(Vector("witness.wtns"));
            witness[^1] = witness[^1] + Fr.One;
            WtnsFile.Write(P("broken.wtns"), witness);
            Assert.Equal(ExitCodes.Invalid, CommandLine.Run(["wtns", "check", Vector("circuit.r1cs"), P("broken.wtns")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ProveExportAndVerify_ExitWithTheDocumentedCodes()
    {
        var folder = Directory.CreateTempSubdirectory("cm-cli-").FullName;
        string P(string name) => Path.Combine(folder, name);
        try
        {
            var zkey = Keys.ContributedVectorZkey;
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["zkey", "export", "verificationkey", zkey, P("vk.json")]));
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", zkey, Vector("witness.wtns"), P("proof.json"), P("public.json")]));
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "verify", P("vk.json"), P("public.json"), P("proof.json")]));
            // --verbose only adds phase times on standard error: the proof still verifies.
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", "--verbose", zkey, Vector("witness.wtns"), P("proof.json"), P("public.json")]));
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "verify", P("vk.json"), P("public.json"), P("proof.json")]));

            File.WriteAllText(P("wrong.json"), "[\"5\"]");
            Assert.Equal(ExitCodes.Invalid, CommandLine.Run(["groth16", "verify", P("vk.json"), P("wrong.json"), P("proof.json")]));
            File.WriteAllText(P("big.json"), $"[\"{Fr.Modulus}\"]");
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "verify", P("vk.json"), P("big.json"), P("proof.json")]));
            File.WriteAllText(P("two.json"), "[\"1\", \"2\"]");
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "verify", P("vk.json"), P("two.json"), P("proof.json")]));
            // The uncontributed vector key: gamma = delta, a degenerate key, is refused (a well-formed key no proof can be checked against).
            Assert.Equal(ExitCodes.Invalid, CommandLine.Run(["groth16", "verify", Vector("verification_key.json"), P("public.json"), P("proof.json")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "prove", Vector("witness.wtns"), zkey, P("x.json"), P("y.json")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BatchVerify_OverAFolder_FailsWhenOneProofIsBad_AndPassesWithoutIt()
    {
        var folder = Directory.CreateTempSubdirectory("cm-cli-").FullName;
        var batch = Directory.CreateDirectory(Path.Combine(folder, "batch")).FullName;
        try
        {
            var zkey = Keys.ContributedVectorZkey;
            var vk = Path.Combine(folder, "vk.json");
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["zkey", "export", "verificationkey", zkey, vk]));
            for (var i = 0; i < 3; i++)
                Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", zkey, Vector("witness.wtns"), Path.Combine(batch, $"proof_{i}.json"), Path.Combine(batch, $"public_{i}.json")]));
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "batchverify", vk, batch]));
            File.WriteAllText(Path.Combine(batch, "public_1.json"), "[\"7\"]");
            Assert.Equal(ExitCodes.Invalid, CommandLine.Run(["groth16", "batchverify", vk, batch]));
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "batchverify", vk,
                Path.Combine(batch, "proof_0.json"), Path.Combine(batch, "public_0.json"),
                Path.Combine(batch, "proof_2.json"), Path.Combine(batch, "public_2.json")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
    /// <summary>Runs the built `crossmargin` (copied beside this test assembly) as a script would, capturing both streams.</summary>
    private static (int Code, string Output, string Error) Crossmargin(params string[] args) => CrossmarginCli.RunIn(null, args);

    [Fact]
    public void VerifyAndBatchVerify_WithVkHash_AcceptOnlyThePinnedKey_AndNameTheKeyTheyUsed()
    {
        var folder = Directory.CreateTempSubdirectory("cm-pin-").FullName;
        var batch = Directory.CreateDirectory(Path.Combine(folder, "batch")).FullName;
        string P(string name) => Path.Combine(folder, name);
        try
        {
            var zkey = Keys.ContributedVectorZkey;
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["zkey", "export", "verificationkey", zkey, P("vk.json")]));
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", zkey, Vector("witness.wtns"), Path.Combine(batch, "proof_0.json"), Path.Combine(batch, "public_0.json")]));
            var (proof, pub) = (Path.Combine(batch, "proof_0.json"), Path.Combine(batch, "public_0.json"));
            // The digest is sha256sum of the exported file, and the same from the .zkey.
            var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(P("vk.json"))));
            Assert.Equal(digest, KeyDigest.Of(ZkeyFile.ReadVerificationKey(zkey)));
            Assert.Equal(digest, KeyDigest.Of(SnarkjsJson.ReadVerificationKey(P("vk.json"))));

            // Unpinned: verifies, stdout as snarkjs's, the key named on standard error.
            var (code, stdout, stderr) = Crossmargin("groth16", "verify", P("vk.json"), pub, proof);
            Assert.Equal((ExitCodes.Ok, "OK!\n"), (code, stdout));
            Assert.Contains($"key sha256 {digest}", stderr, StringComparison.Ordinal);
            Assert.Contains("not pinned", stderr, StringComparison.Ordinal);

            // Pinned to this key (either case): verifies.
            foreach (var pin in new[] { digest, digest.ToUpperInvariant() })
            {
                (code, stdout, stderr) = Crossmargin("groth16", "verify", P("vk.json"), pub, proof, "--vk-hash", pin);
                Assert.Equal((ExitCodes.Ok, "OK!\n"), (code, stdout));
                Assert.Contains($"key sha256 {digest}", stderr, StringComparison.Ordinal);
                Assert.Contains("the pinned key", stderr, StringComparison.Ordinal);
                (code, _, stderr) = Crossmargin("groth16", "batchverify", P("vk.json"), batch, "--vk-hash", pin);
                Assert.Equal(ExitCodes.Ok, code);
                Assert.Contains($"key sha256 {digest}", stderr, StringComparison.Ordinal);
            }

            // Pinned to another key: refused (exit 1) with both digests, even though the proof is valid under this one.
            var other = (digest[0] == '0' ? "1" : "0") + digest[1..];
            foreach (var verb in new[] { new[] { "groth16", "verify", P("vk.json"), pub, proof }, ["groth16", "batchverify", P("vk.json"), batch] })
            {
                (code, stdout, stderr) = Crossmargin([.. verb, "--vk-hash", other]);
                Assert.Equal(ExitCodes.Invalid, code);
                Assert.DoesNotContain("OK!", stdout, StringComparison.Ordinal);
                Assert.Contains("not the pinned key", stderr, StringComparison.Ordinal);
                Assert.Contains(digest, stderr, StringComparison.Ordinal);
                Assert.Contains(other, stderr, StringComparison.Ordinal);

                // A --vk-hash that is not 64 hex digits is usage: exit 2.
                foreach (var malformed in new[] { "abc", "0x" + digest[2..], digest + "0", digest[..63] + "g", "" })
                    Assert.Equal(ExitCodes.BadInput, CommandLine.Run([.. verb, "--vk-hash", malformed]));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("delta = 1*gamma", "delta = gamma")]
    [InlineData("delta = -1*gamma", "delta = -gamma")]
    [InlineData("delta = 2*gamma", "delta = 2*gamma")]
    [InlineData("gamma = -3*beta", "gamma = -3*beta")]
    [InlineData("delta = 1024*beta", "delta = 1024*beta")]
    [InlineData("gamma", "gamma is the identity")]
    [InlineData("IC[1]", "IC[1] is the identity")]
    public void ADegenerateKey_IsRefusedByEveryVerb_ExitOne_NamingTheRelation(string fault, string named)
    {
        var folder = Directory.CreateTempSubdirectory("cm-degenerate-cli-").FullName;
        string P(string name) => Path.Combine(folder, name);
        try
        {
            var (key, _) = DegenerateKeysTests.Plant(fault);
            SnarkjsJson.WriteVerificationKey(P("vk.json"), key);
            var sound = DegenerateKeysTests.Sound.Value;
            ZkeyFile.Write(P("circuit.zkey"), DegenerateKeysTests.WithVerificationKey(sound.Key, key), sound.Contributions);
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", Keys.ContributedVectorZkey, Vector("witness.wtns"), P("proof.json"), P("public.json")]));

            foreach (var verb in new[]
            {
                new[] { "groth16", "verify", P("vk.json"), P("public.json"), P("proof.json") },
                ["groth16", "batchverify", P("vk.json"), P("proof.json"), P("public.json")],
                ["zkey", "export", "verificationkey", P("circuit.zkey"), P("exported.json")],
            })
            {
                var (code, stdout, stderr) = Crossmargin(verb);
                Assert.Equal(ExitCodes.Invalid, code);
                Assert.DoesNotContain("OK!", stdout, StringComparison.Ordinal);
                Assert.Contains("degenerate verification key: " + named, stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("safe", stderr, StringComparison.OrdinalIgnoreCase);
            }
            Assert.False(File.Exists(P("exported.json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// ./crossmargin sends the managed-only verbs to the managed build and the rest to the native
    /// one: its list must be the CLI's, or a verb would reach a build that does not serve it.
    /// </summary>
    [Fact]
    public void TheScriptsManagedOnlyVerbs_AreTheClisList_AndEachIsAVerbOfTheManagedBuild()
    {
        var script = File.ReadAllText(Path.Combine(RepoLayout.Root, "crossmargin"));
        var listed = System.Text.RegularExpressions.Regex.Match(script, "managed_only_verbs=\" (.*) \"").Groups[1].Value.Split(' ');
        Assert.Equal(CommandLine.ManagedOnlyVerbs.Order(), listed.Order());
        foreach (var verb in CommandLine.ManagedOnlyVerbs)
            Assert.Equal(ExitCodes.Ok, CommandLine.Run([verb, "--help"]));
    }
}

using CrossMargin.Cli;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>The groth16 and zkey verbs, run in process through <see cref="CommandLine.Run"/>.</summary>
public class CliTests
{
    private static string Vector(string name) => RepoLayout.Vectors("snarkjs-groth16", name);

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
            // The uncontributed vector key: gamma = delta is refused as malformed.
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "verify", Vector("verification_key.json"), P("public.json"), P("proof.json")]));
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
}

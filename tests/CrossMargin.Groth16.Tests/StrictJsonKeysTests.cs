using CrossMargin.Snarkjs;
using CrossMargin.Cli;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>
/// A key given twice is refused in verification keys and proofs as in portfolios and input.json
/// (issue 11): JSON.parse keeps the last, a lookup may see the first, so one file could read as
/// two keys or two proofs. The CLI refuses such files, and an input.json with a repeated or a
/// missing signal, with the name. A .zkey names and refuses a section it does not know.
/// </summary>
public class StrictJsonKeysTests
{
    private static string Vector(string name) => RepoLayout.Vectors("snarkjs-groth16", name);

    /// <summary>The file's text with <paramref name="insert"/> placed right after its opening brace.</summary>
    private static string WithFirst(string file, string insert)
    {
        var text = File.ReadAllText(Vector(file));
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        return text[..(brace + 1)] + insert + text[(brace + 1)..];
    }

    public static TheoryData<string, string, string> Proofs() => new()
    {
        { "pi_a, other values first", "\"pi_a\": [\"1\", \"2\", \"1\"],", "$.pi_a" },
        { "pi_c, same values", "\"pi_c\": [\"10880785793664302354934654936206798394318768040303757790528007283975752314645\", \"10339190151215670579561495526639595502525009408768294221655226106915449563837\", \"1\"],", "$.pi_c" },
        { "protocol", "\"protocol\": \"groth16\",", "$.protocol" },
        { "curve, another spelling", "\"curve\": \"bn254\",", "$.curve" },
    };

    [Theory]
    [MemberData(nameof(Proofs))]
    public void AProofWithAKeyGivenTwice_IsRefused_NamingIt(string name, string insert, string section)
    {
        _ = name;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, WithFirst("proof.json", insert));
            var e = Assert.Throws<CircomFormatException>(() => SnarkjsJson.ReadProof(path));
            Assert.Equal(section, e.Section);
            Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("\"nPublic\": 1,", "$.nPublic")]
    [InlineData("\"IC\": [],", "$.IC")]
    [InlineData("\"vk_delta_2\": [[\"1\", \"0\"], [\"1\", \"0\"], [\"1\", \"0\"]],", "$.vk_delta_2")]
    [InlineData("\"protocol\": \"groth16\",", "$.protocol")]
    public void AVerificationKeyWithAKeyGivenTwice_IsRefused_NamingIt(string insert, string section)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, WithFirst("verification_key.json", insert));
            var e = Assert.Throws<CircomFormatException>(() => SnarkjsJson.ReadVerificationKeyUnchecked(path));
            Assert.Equal(section, e.Section);
            Assert.Throws<CircomFormatException>(() => SnarkjsJson.ReadVerificationKey(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(11u)]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void AZkeyWithAnUnknownSection_IsRefused_NamingIt(uint type)
    {
        var original = File.ReadAllBytes(Vector("circuit.zkey"));
        var extra = new byte[12 + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(extra, type);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(extra.AsSpan(4), 4);
        var bytes = original.Concat(extra).ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(8)) + 1);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            foreach (var read in new Action[] { () => ZkeyFile.ReadVerificationKeyUnchecked(path), () => ZkeyFile.Read(path) })
            {
                var e = Assert.Throws<CircomFormatException>(read);
                Assert.Contains($"unknown section {type} (4 bytes) in a .zkey", e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheVectorsStillRead()
    {
        _ = SnarkjsJson.ReadProof(Vector("proof.json"));
        _ = SnarkjsJson.ReadVerificationKeyUnchecked(Vector("verification_key.json"));
        _ = SnarkjsJson.ReadPublicSignals(Vector("public.json"));
    }

    [Fact]
    public void TheCli_RefusesARepeatedOrMissingInput_AndARepeatedProofKey_WithTheName()
    {
        var folder = Directory.CreateTempSubdirectory("cm-strict-").FullName;
        string P(string name) => Path.Combine(folder, name);
        try
        {
            var wasm = RepoLayout.Circuit("smoke/poseidon_preimage").Wasm;
            // The input is read before the key: no key is needed to refuse it.
            File.WriteAllText(P("twice.json"), """{"secret": "1", "secret": "1"}""");
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "fullprove", P("twice.json"), wasm, P("none.zkey"), P("proof.json"), P("public.json")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["wtns", "calculate", wasm, P("twice.json"), P("w.wtns")]));
            File.WriteAllText(P("missing.json"), """{"secret": "1"}""");
            // The name is in the message (StrictCircuitInputTests); here the exit code: malformed input, like a repeated one.
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["wtns", "calculate", wasm, P("missing.json"), P("w.wtns")]));
            Assert.False(File.Exists(P("w.wtns")));

            File.WriteAllText(P("proof.json"), WithFirst("proof.json", "\"pi_a\": [\"1\", \"2\", \"1\"],"));
            // A contributed key (the vector's own is refused as degenerate before the proof is read).
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["zkey", "export", "verificationkey", Keys.ContributedVectorZkey, P("vk.json")]));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "verify", P("vk.json"), Vector("public.json"), P("proof.json")]));
            File.WriteAllText(P("vk2.json"), File.ReadAllText(P("vk.json")).Replace("{", "{\"nPublic\": 1,", StringComparison.Ordinal));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["groth16", "verify", P("vk2.json"), Vector("public.json"), Vector("proof.json")]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

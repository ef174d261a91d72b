using CrossMargin.Snarkjs;
using CrossMargin.Cli;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>
/// Every verb keeps its exit-code promise (README, "Exit codes"): 2 for a command line or file
/// that is not what it claims, 1 for a well-formed input that is invalid, never 3 for a user's
/// mistake; and the message names what was wrong. Run as a script would (a process), so the
/// parse errors System.CommandLine reports itself are covered too.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-exit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string P(string name) => Path.Combine(_folder, name);

    private static string Vector(string name) => RepoLayout.Vectors("snarkjs-groth16", name);

    private (int Code, string Output, string Error) Crossmargin(params string[] args) => CrossmarginCli.RunIn(_folder, args);

    [Theory]
    [InlineData("nosuchverb")]
    [InlineData("groth16")]
    [InlineData("groth16 nosuchverb")]
    [InlineData("groth16 verify a.json b.json c.json d.json")]
    [InlineData("groth16 verify a.json b.json c.json --no-such-option")]
    [InlineData("poseidon")]
    [InlineData("poseidon 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17")]
    [InlineData("powersoftau new bn128 twelve pot.ptau")]
    [InlineData("margin prove portfolio.json")]
    [InlineData("g16v a.json b.json c.json d.json")]
    public void AParseError_ExitsTwo_AndSaysWhereTheHelpIs(string commandLine)
    {
        var (code, output, error) = Crossmargin(commandLine.Split(' '));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("groth16 --help")]
    [InlineData("groth16 verify --help")]
    [InlineData("--version")]
    public void Help_StillExitsZero(string commandLine)
    {
        var (code, output, _) = Crossmargin(commandLine.Split(' '));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.NotEqual("", output);
    }

    /// <summary>
    /// A managed-only verb run as a process: the managed build parses it (here a usage error,
    /// its arguments missing); the native build (test.sh's second pass) says which build serves it.
    /// </summary>
    [Fact]
    public void AManagedOnlyVerb_IsTheManagedBuildsVerb_AndTheNativeBuildNamesWhereItRuns()
    {
        var (code, _, error) = Crossmargin("deploy");
        Assert.Equal(ExitCodes.BadInput, code);
        if (CrossmarginCli.NativeExecutable is null) Assert.DoesNotContain("served by the managed build", error);
        else Assert.Contains("`deploy` is served by the managed build of crossmargin", error);
    }

    /// <summary>
    /// Hostile command lines: empty files, folders for files, missing files, a .zkey where JSON
    /// belongs and JSON where a .zkey belongs, a non-numeric public signal. Each row: the
    /// command line ({zkey} the contributed vector key, {v} the vector folder), the exit code,
    /// and the file the message must name.
    /// </summary>
    public static TheoryData<string, int, string> Hostile => new()
    {
        { "groth16 verify empty.json public.json proof.json", 2, "empty.json" },
        { "groth16 verify vk.json empty.json proof.json", 2, "empty.json" },
        { "groth16 verify vk.json public.json empty.json", 2, "empty.json" },
        { "groth16 verify folder public.json proof.json", 2, "folder" },
        { "groth16 verify vk.json folder proof.json", 2, "folder" },
        { "groth16 verify missing.json public.json proof.json", 2, "missing.json" },
        { "groth16 verify {zkey} public.json proof.json", 2, "contributed.zkey" },
        { "groth16 verify vk.json nonnumeric.json proof.json", 2, "nonnumeric.json" },
        { "groth16 verify vk.json object.json proof.json", 2, "object.json" },
        { "groth16 verify vk.json proof.json public.json", 2, "proof.json" },
        { "groth16 prove empty.zkey {v}/witness.wtns p.json q.json", 2, "empty.zkey" },
        { "groth16 prove folder {v}/witness.wtns p.json q.json", 2, "folder" },
        { "groth16 prove vk.json {v}/witness.wtns p.json q.json", 2, "vk.json" },
        { "groth16 prove {zkey} empty.wtns p.json q.json", 2, "empty.wtns" },
        { "groth16 prove {zkey} folder p.json q.json", 2, "folder" },
        { "groth16 prove {zkey} {v}/witness.wtns folder q.json", 2, "folder" },
        { "groth16 prove {zkey} {v}/witness.wtns no/such/dir/p.json q.json", 2, "p.json" },
        { "groth16 prove {v}/circuit.zkey {v}/witness.wtns p.json q.json", 1, "circuit.zkey" },
        { "groth16 fullprove empty.json {v}/circuit.r1cs {zkey} p.json q.json", 2, "circuit.r1cs" },
        { "groth16 batchverify vk.json folder", 2, "folder" },
        { "groth16 batchverify vk.json missing", 2, "missing" },
        { "zkey export verificationkey empty.zkey x.json", 2, "empty.zkey" },
        { "zkey export verificationkey vk.json x.json", 2, "vk.json" },
        { "zkey export verificationkey {zkey} folder", 2, "folder" },
        { "zkey export json empty.zkey x.json", 2, "empty.zkey" },
        { "zkey export solidityverifier empty.json v.sol", 2, "empty.json" },
        { "zkey export soliditycalldata nonnumeric.json proof.json", 2, "nonnumeric.json" },
        { "zkey export soliditycalldata folder proof.json", 2, "folder" },
        { "zkey contribute empty.zkey o.zkey", 2, "empty.zkey" },
        { "zkey verify r1cs {v}/circuit.r1cs empty.json {zkey}", 2, "empty.json" },
        { "wtns check {v}/circuit.r1cs empty.wtns", 2, "empty.wtns" },
        { "wtns check folder {v}/witness.wtns", 2, "folder" },
        { "wtns calculate folder {v}/input.json x.wtns", 2, "folder" },
        { "wtns calculate empty.json {v}/input.json x.wtns", 2, "empty.json" },
        { "wtns export json empty.wtns x.json", 2, "empty.wtns" },
        { "r1cs info empty.json", 2, "empty.json" },
        { "r1cs print {zkey}", 2, "contributed.zkey" },
        { "r1cs export json {v}/witness.wtns x.json", 2, "witness.wtns" },
        { "r1cs audit folder {v}/witness.wtns", 2, "folder" },
        { "file info empty.json", 2, "empty.json" },
        { "file info folder", 2, "folder" },
        { "powersoftau verify empty.json", 2, "empty.json" },
        { "powersoftau contribute folder o.ptau", 2, "folder" },
        { "groth16 setup {v}/circuit.r1cs empty.json o.zkey", 2, "empty.json" },
        { "groth16 setup {v}/circuit.r1cs small.ptau o.zkey", 2, "small.ptau" },
        { "poseidon abc", 2, "abc" },
        { "margin check empty.json", 2, "empty.json" },
        { "margin check missing.json", 2, "missing.json" },
        // A key without a phase-2 contribution (gamma = delta): a well-formed key no proof can be trusted under.
        { "margin prove {root}/examples/portfolio.json --level maintenance -o out --zkey {v}/circuit.zkey", 1, "circuit.zkey" },
        { "margin prove {root}/examples/portfolio.json --level maintenance -o out --zkey empty.zkey", 2, "empty.zkey" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void AHostileCommandLine_NeverExitsThree_AndNamesTheFile(string commandLine, int expected, string named)
    {
        File.WriteAllText(P("empty.json"), "");
        File.WriteAllText(P("empty.zkey"), "");
        File.WriteAllText(P("empty.wtns"), "");
        File.WriteAllText(P("nonnumeric.json"), """["abc"]""");
        File.WriteAllText(P("object.json"), """{"a": 1}""");
        Directory.CreateDirectory(P("folder"));
        if (commandLine.Contains("small.ptau", StringComparison.Ordinal))
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["powersoftau", "ceremony", "bn128", "2", P("small.ptau")]));
        File.Copy(Vector("proof.json"), P("proof.json"));
        File.Copy(Vector("public.json"), P("public.json"));
        SnarkjsJson.WriteVerificationKey(P("vk.json"), ZkeyFile.ReadVerificationKey(Keys.ContributedVectorZkey));
        var args = commandLine
            .Replace("{zkey}", Keys.ContributedVectorZkey, StringComparison.Ordinal)
            .Replace("{v}", Path.GetDirectoryName(Vector("circuit.r1cs")), StringComparison.Ordinal)
            .Replace("{root}", RepoLayout.Root, StringComparison.Ordinal)
            .Split(' ');

        var (code, output, error) = Crossmargin(args);
        Assert.True(code == expected, $"exit {code}, expected {expected}: {error}");
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("OK", output, StringComparison.Ordinal);
        Assert.False(File.Exists(P("p.json")) || Directory.Exists(P("out")), "nothing written");
    }

    [Fact]
    public void Prove_WithAWitnessThatBreaksAConstraint_ExitsOne_AndWritesNothing()
    {
        // One intermediate value changed: the witness keeps its shape (length, w[0] = 1, the
        // public signals), so only the proof's own check can catch it.
        var system = R1csFile.Read(Vector("circuit.r1cs")).System;
        var witness = WtnsFile.Read(Vector("witness.wtns"));
        var intermediate = system.PublicCount + 1 + (witness.Length - system.PublicCount - 1) / 2;
        witness[intermediate] = witness[intermediate] + Fr.One;
        Assert.True(system.FirstUnsatisfied(witness) >= 0);
        WtnsFile.Write(P("tampered.wtns"), witness);

        var (code, _, error) = Crossmargin("groth16", "prove", Keys.ContributedVectorZkey, P("tampered.wtns"), P("proof.json"), P("public.json"));
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("tampered.wtns does not satisfy the circuit's constraints", error, StringComparison.Ordinal);
        Assert.False(File.Exists(P("proof.json")));
        Assert.False(File.Exists(P("public.json")));

        // The untouched witness proves, and the proof written verifies.
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", Keys.ContributedVectorZkey, Vector("witness.wtns"), P("proof.json"), P("public.json")]));
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["zkey", "export", "verificationkey", Keys.ContributedVectorZkey, P("vk.json")]));
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "verify", P("vk.json"), P("public.json"), P("proof.json")]));
    }

    [Fact]
    public void BatchVerify_NamesMalformedAndOrphanedFiles_AndStillGivesTheOthersTheirVerdicts()
    {
        var batch = Directory.CreateDirectory(P("batch")).FullName;
        string B(string name) => Path.Combine(batch, name);
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["zkey", "export", "verificationkey", Keys.ContributedVectorZkey, P("vk.json")]));
        for (var i = 0; i < 4; i++)
            Assert.Equal(ExitCodes.Ok, CommandLine.Run(["groth16", "prove", Keys.ContributedVectorZkey, Vector("witness.wtns"), B($"proof_{i}.json"), B($"public_{i}.json")]));
        File.WriteAllText(B("proof_1.json"), "{ not json");              // malformed
        File.WriteAllText(B("public_2.json"), """["7"]""");              // well-formed, false
        File.Copy(B("proof_3.json"), B("proof_4.json"));                 // a proof without its public file
        File.Copy(B("public_3.json"), B("public_5.json"));               // a public file without its proof
        File.WriteAllText(B("public_6.json"), """["x"]""");              // and its proof
        File.Copy(B("proof_0.json"), B("proof_6.json"));

        var (code, output, _) = Crossmargin("groth16", "batchverify", P("vk.json"), batch);
        Assert.Equal(ExitCodes.Invalid, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Line(string file) => Assert.Single(lines, l => l.Contains(B(file), StringComparison.Ordinal) && !l.StartsWith("OK! all", StringComparison.Ordinal));
        Assert.StartsWith("OK!", Line("proof_0.json"), StringComparison.Ordinal);
        Assert.StartsWith("Malformed", Line("proof_1.json"), StringComparison.Ordinal);
        Assert.StartsWith("Invalid proof", Line("proof_2.json"), StringComparison.Ordinal);
        Assert.StartsWith("OK!", Line("proof_3.json"), StringComparison.Ordinal);
        Assert.Contains("no public file", Line("proof_4.json"), StringComparison.Ordinal);
        Assert.Contains("no proof file", Line("public_5.json"), StringComparison.Ordinal);
        Assert.Contains("public_6.json", Line("proof_6.json"), StringComparison.Ordinal);
        Assert.StartsWith("Malformed", Line("proof_6.json"), StringComparison.Ordinal);
        Assert.Contains("1 of 7 proofs are invalid, 4 malformed or unpaired", output, StringComparison.Ordinal);

        // Without the bad files: every verdict OK, exit 0.
        foreach (var name in new[] { "proof_1.json", "public_1.json", "public_2.json", "proof_2.json", "proof_4.json", "public_5.json", "proof_6.json", "public_6.json" })
            File.Delete(B(name));
        (code, output, _) = Crossmargin("groth16", "batchverify", P("vk.json"), batch);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("OK! all 2 proofs are valid", output, StringComparison.Ordinal);
    }
}

/// <summary>
/// `r1cs audit` says OK only when it proved the witness unique: three verdicts, three exit codes
/// (0 proved unique, 1 a finding, 4 inconclusive with the unresolved signals named).
/// </summary>
public sealed class AuditVerdictTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cm-audit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Audits the test circuit <paramref name="name"/> at the witness of <paramref name="input"/>.</summary>
    private (int Code, string Output, string Error) Audit(string name, string input, params string[] options)
    {
        var circuit = RepoLayout.Circuit(name);
        var (inputPath, witness) = (Path.Combine(_folder, "input.json"), Path.Combine(_folder, "witness.wtns"));
        File.WriteAllText(inputPath, input);
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["wtns", "calculate", circuit.Wasm, inputPath, witness]));
        return CrossmarginCli.RunIn(_folder, ["r1cs", "audit", circuit.R1cs, witness, .. options]);
    }

    [Fact]
    public void AWitnessProvedUnique_ExitsZero()
    {
        var (code, output, _) = Audit("testing/underconstrained/constrained_output", """{"in": 21}""");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("PROVED UNIQUE", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unresolved (", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AFinding_ExitsOne()
    {
        var (code, output, _) = Audit("testing/underconstrained/factor_forgotten", """{"n": 15}""");
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("UNDER-CONSTRAINED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoFindingWithoutAProof_IsInconclusive_ExitsFour_AndNamesTheUnresolvedSignals()
    {
        // Without the random trials, the factors tied only by their product are neither proven nor moved.
        var (code, output, _) = Audit("testing/underconstrained/factor_forgotten", """{"n": 15}""", "--no-search");
        Assert.Equal(ExitCodes.Inconclusive, code);
        Assert.DoesNotContain("OK", output, StringComparison.Ordinal);
        Assert.Contains("INCONCLUSIVE: no second witness found, but uniqueness is not proved: 2 signal(s) unresolved (main.p (#1), main.q (#3))", output, StringComparison.Ordinal);

        // Many unresolved signals (30 pairs of factors): the first 50 named, then the count of the rest.
        var inputs = string.Join(", ", Enumerable.Range(0, 30).Select(i => 15 + 3 * i));
        (code, output, _) = Audit("testing/underconstrained/factors_forgotten", $$"""{"n": [{{inputs}}]}""", "--no-search");
        Assert.Equal(ExitCodes.Inconclusive, code);
        var verdict = Assert.Single(output.Split('\n'), l => l.StartsWith("INCONCLUSIVE", StringComparison.Ordinal));
        Assert.Matches(@"60 signal\(s\) unresolved \(main\.p\[0\].* and 10 more\);", verdict);
        Assert.Equal(50, verdict.Split("main.").Length - 1);
    }
}

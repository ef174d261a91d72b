using System.Security.Cryptography;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>
/// Proving keys made by snarkjs, cached under artifacts/test-cache/ keyed by a hash of their
/// inputs (so a changed circuit gets a fresh key): the vector circuit's zkey after one phase-2
/// contribution (the vector zkey itself has gamma = delta, which our verifier refuses), and a full
/// setup of the smoke circuit (powers of tau 2^10, one contribution each phase; about a minute once).
/// Fixed entropy keeps the setup reproducible; these keys are for tests only.
/// </summary>
internal static class Keys
{
    private static readonly Lazy<string> ContributedVectorLazy = new(MakeContributedVector);
    private static readonly Lazy<string> SmokeLazy = new(MakeSmoke);

    /// <summary>The vector circuit's zkey after `snarkjs zkey contribute`.</summary>
    public static string ContributedVectorZkey => ContributedVectorLazy.Value;

    /// <summary>The smoke circuit (poseidon_preimage) zkey, set up and contributed by snarkjs.</summary>
    public static string SmokeZkey => SmokeLazy.Value;

    private static string Folder(string name, params string[] inputs)
    {
        using var sha = SHA256.Create();
        foreach (var input in inputs)
        {
            var bytes = File.ReadAllBytes(input);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        var folder = Path.Combine(RepoLayout.Root, "artifacts", "test-cache", $"{name}-{Convert.ToHexString(sha.Hash!)[..16].ToLowerInvariant()}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string MakeContributedVector()
    {
        var source = RepoLayout.Vectors("snarkjs-groth16", "circuit.zkey");
        var folder = Folder("vector", source);
        var result = Path.Combine(folder, "contributed.zkey");
        if (File.Exists(result)) return result;
        var temp = Path.Combine(folder, $"contributed.{Environment.ProcessId}.tmp");
        SnarkjsCli.MustRun("zkey", "contribute", source, temp, "--name=tests", "-e=crossmargin vector test entropy");
        File.Move(temp, result, overwrite: true);
        return result;
    }

    private static string MakeSmoke()
    {
        var r1cs = RepoLayout.Circuit("smoke/poseidon_preimage").R1cs;
        var folder = Folder("smoke", r1cs);
        var result = Path.Combine(folder, "circuit.zkey");
        if (File.Exists(result)) return result;
        var tag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string P(string name) => Path.Combine(folder, $"{name}.{tag}");
        SnarkjsCli.MustRun("powersoftau", "new", "bn128", "10", P("pot0.ptau"));
        SnarkjsCli.MustRun("powersoftau", "contribute", P("pot0.ptau"), P("pot1.ptau"), "--name=tests", "-e=crossmargin ptau test entropy");
        SnarkjsCli.MustRun("powersoftau", "prepare", "phase2", P("pot1.ptau"), P("final.ptau"));
        SnarkjsCli.MustRun("groth16", "setup", r1cs, P("final.ptau"), P("z0.zkey"));
        SnarkjsCli.MustRun("zkey", "contribute", P("z0.zkey"), P("z1.zkey"), "--name=tests", "-e=crossmargin zkey test entropy");
        File.Move(P("z1.zkey"), result, overwrite: true);
        foreach (var name in new[] { "pot0.ptau", "pot1.ptau", "final.ptau", "z0.zkey" }) File.Delete(P(name));
        return result;
    }
}

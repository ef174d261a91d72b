using Xunit;
using System.Diagnostics;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Setup.Tests;

/// <summary>Runs the snarkjs CLI of node_modules, the peer these tests compare against.</summary>
internal static class Snarkjs
{
    public static string Run(params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoLayout.Root, "node_modules", "snarkjs", "build", "cli.cjs"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"snarkjs {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error}");
        return output.Result + error;
    }
}

/// <summary>
/// snarkjs-made powers of tau, built once per test run in a temporary folder: power 7 fresh (enough for the 100-constraint vector circuit),
/// after one contribution, and prepared for phase 2.
/// </summary>
public sealed class SnarkjsPtauFixture : IDisposable
{
    public const int Power = 7;

    public SnarkjsPtauFixture()
    {
        Folder = Directory.CreateTempSubdirectory("cm-setup-").FullName;
        Snarkjs.Run("powersoftau", "new", "bn128", Power.ToString(System.Globalization.CultureInfo.InvariantCulture), Fresh);
        Snarkjs.Run("powersoftau", "contribute", Fresh, Contributed, "--name=first", "-e=some entropy");
        Snarkjs.Run("powersoftau", "prepare", "phase2", Contributed, Prepared);
    }

    public string Folder { get; }
    public string Fresh => Path.Combine(Folder, "fresh.ptau");
    public string Contributed => Path.Combine(Folder, "contributed.ptau");
    public string Prepared => Path.Combine(Folder, "prepared.ptau");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>One set of snarkjs files for every test class (snarkjs takes seconds per step).</summary>
[CollectionDefinition(Name)]
public sealed class SnarkjsCollection : ICollectionFixture<SnarkjsPtauFixture>
{
    public const string Name = "snarkjs ptau";
}

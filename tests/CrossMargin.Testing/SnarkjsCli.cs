using System.Diagnostics;
using Xunit;

namespace CrossMargin.Testing;

/// <summary>Runs snarkjs's CLI (the peer implementation) from the repository's node_modules.</summary>
public static class SnarkjsCli
{
    /// <summary>Runs snarkjs; returns its exit code and output (stdout then stderr).</summary>
    public static (int ExitCode, string Output) Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs snarkjs in <paramref name="directory"/> (the current one when null), so its default file names resolve there.</summary>
    public static (int ExitCode, string Output) RunIn(string? directory, params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? "" };
        start.ArgumentList.Add(Path.Combine(RepoLayout.Root, "node_modules", "snarkjs", "build", "cli.cjs"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    /// <summary>Runs snarkjs and fails the test unless it exits 0.</summary>
    public static string MustRun(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.True(code == 0, $"snarkjs {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }
}

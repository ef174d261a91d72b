using System.Diagnostics;

namespace CrossMargin.Testing;

/// <summary>Runs the built `crossmargin` (crossmargin.dll, copied beside a test assembly that references the CLI) as a script would.</summary>
public static class CrossmarginCli
{
    /// <summary>Runs it in <paramref name="directory"/> (the current one when null); returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Output, string Error) RunIn(string? directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? "" };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crossmargin.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}

using System.Diagnostics;

namespace CrossMargin.Testing;

/// <summary>
/// Runs the built `crossmargin` as a script would: the managed crossmargin.dll copied beside a
/// test assembly that references the CLI, or the executable that CROSSMARGIN_CLI names (test.sh
/// points it at the native build for its second pass over the witness and proof verbs).
/// </summary>
public static class CrossmarginCli
{
    /// <summary>The executable CROSSMARGIN_CLI names, or null for the managed build.</summary>
    public static string? NativeExecutable => Environment.GetEnvironmentVariable("CROSSMARGIN_CLI") is { Length: > 0 } path ? path : null;

    /// <summary>A start of the CLI with <paramref name="args"/>, both streams redirected.</summary>
    public static ProcessStartInfo StartInfo(string? directory, IEnumerable<string> args)
    {
        var native = NativeExecutable;
        var start = new ProcessStartInfo(native ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? "" };
        if (native is null) start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crossmargin.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Runs it in <paramref name="directory"/> (the current one when null); returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Output, string Error) RunIn(string? directory, params string[] args)
    {
        var start = StartInfo(directory, args);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}

/// <summary>
/// A long-running verb (venue serve, oracle report, relay) started as its own process: its
/// output is collected as it comes, <see cref="InterruptAsync"/> stops it as Ctrl-C would
/// (SIGINT) and <see cref="Kill"/> as a crash would (SIGKILL).
/// </summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private RunningCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts `crossmargin <paramref name="args"/>` in <paramref name="directory"/>.</summary>
    public static RunningCli StartIn(string? directory, params string[] args)
    {
        return new RunningCli(Process.Start(CrossmarginCli.StartInfo(directory, args))!);
    }

    /// <summary>Everything it printed so far (stdout and stderr interleaved as they arrived).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until its output contains <paramref name="text"/>; false if it exited or the time ran out first.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>Sends SIGINT and waits for the exit; returns the exit code (kills it after <paramref name="grace"/>).</summary>
    public async Task<int> InterruptAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Kills it at once, as a crash would: nothing of its own shutdown runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}

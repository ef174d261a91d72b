using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace CrossMargin.Chain;

/// <summary>How to start a local anvil node.</summary>
public sealed record AnvilOptions
{
    /// <summary>Path of the anvil binary; null looks for the one the repository pins.</summary>
    public string? Executable { get; init; }

    public ulong ChainId { get; init; } = 31337;

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Starting balance of each dev account, in ether.</summary>
    public ulong BalanceEther { get; init; } = 10_000;

    /// <summary>Seconds between blocks; null mines a block per transaction.</summary>
    public ulong? BlockTimeSeconds { get; init; }

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>anvil could not be found or did not come up; carries what it printed.</summary>
public sealed class AnvilStartException(string message) : Exception(message);

/// <summary>
/// A real anvil node on a loopback port, owned by this process. Started with
/// <see cref="StartAsync"/>, it answers JSON-RPC at <see cref="Endpoint"/> and is stopped by
/// <see cref="DisposeAsync"/>. anvil runs under a small shell watchdog that stops it when this
/// process dies in any way (a crash or SIGKILL included), so no node outlives its owner.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    // Runs anvil in the background and waits until either anvil exits or the owning process
    // (whose pid is $1) is gone; in the second case it stops anvil.
    private const string Watchdog = """
        owner=$1; shift
        "$@" & node=$!
        trap 'kill $node 2>/dev/null' TERM INT HUP
        while kill -0 "$owner" 2>/dev/null && kill -0 "$node" 2>/dev/null; do sleep 0.5; done
        kill $node 2>/dev/null
        wait $node
        """;

    private readonly Process _process;
    private readonly StringBuilder _output;

    private AnvilNode(Process process, StringBuilder output, Uri endpoint, ulong chainId)
    {
        _process = process;
        _output = output;
        Endpoint = endpoint;
        ChainId = chainId;
        Rpc = new JsonRpcClient(endpoint);
    }

    public Uri Endpoint { get; }
    public ulong ChainId { get; }

    /// <summary>A client for this node, disposed with it.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>Dev accounts' starting balance in wei, for <paramref name="options"/>.</summary>
    public static BigInteger StartingBalanceWei(AnvilOptions options) => options.BalanceEther * BigInteger.Pow(10, 18);

    /// <summary>
    /// Starts anvil and returns once it answers eth_chainId with the requested chain id. A port
    /// lost to another process between choosing and binding is retried on a fresh port.
    /// </summary>
    public static async Task<AnvilNode> StartAsync(AnvilOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new AnvilOptions();
        var executable = options.Executable ?? FindPinnedExecutable(AppContext.BaseDirectory);
        AnvilStartException? last = null;
        for (var attempt = 0; attempt < (options.Port == 0 ? 3 : 1); attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreeLoopbackPort();
            try
            {
                return await StartOnPortAsync(executable, port, options, cancellation).ConfigureAwait(false);
            }
            catch (AnvilStartException e)
            {
                last = e;
            }
        }
        throw last!;
    }

    private static async Task<AnvilNode> StartOnPortAsync(string executable, int port, AnvilOptions options, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", Watchdog, "anvil-watchdog", Environment.ProcessId.ToString(), executable,
                     "--host", "127.0.0.1", "--port", port.ToString(), "--chain-id", options.ChainId.ToString(),
                     "--balance", options.BalanceEther.ToString(), "--silent" })
            start.ArgumentList.Add(arg);
        if (options.BlockTimeSeconds is { } blockTime)
        {
            start.ArgumentList.Add("--block-time");
            start.ArgumentList.Add(blockTime.ToString());
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new AnvilStartException($"cannot start anvil ({executable}): {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        var node = new AnvilNode(process, output, endpoint, options.ChainId);
        try
        {
            await node.WaitUntilReadyAsync(options.StartupTimeout, cancellation).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new JsonRpcClient(Endpoint, TimeSpan.FromSeconds(2));
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new AnvilStartException($"anvil exited with code {_process.ExitCode} before answering on {Endpoint}: {PrintedSoFar()}");
            try
            {
                var chainId = await probe.ChainIdAsync(cancellation).ConfigureAwait(false);
                if (chainId != ChainId)
                    throw new AnvilStartException($"the node on {Endpoint} reports chain id {chainId}, not {ChainId}: another node holds the port");
                return;
            }
            catch (RpcTransportException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(50, cancellation).ConfigureAwait(false);
            }
            catch (RpcTransportException e)
            {
                throw new AnvilStartException($"anvil did not answer on {Endpoint} within {timeout.TotalSeconds:0} s ({e.Message}): {PrintedSoFar()}");
            }
        }
    }

    private string PrintedSoFar()
    {
        lock (_output) return _output.Length == 0 ? "(it printed nothing)" : _output.ToString().Trim();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The anvil binary pinned by the repository's package-lock.json: the platform package
    /// @foundry-rs/anvil-{os}-{arch} under the nearest node_modules above <paramref name="startDirectory"/>,
    /// or the path in CROSSMARGIN_ANVIL when set.
    /// </summary>
    public static string FindPinnedExecutable(string startDirectory)
    {
        if (Environment.GetEnvironmentVariable("CROSSMARGIN_ANVIL") is { Length: > 0 } overridden)
            return File.Exists(overridden) ? overridden : throw new AnvilStartException($"CROSSMARGIN_ANVIL names {overridden}, which does not exist");

        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        var relative = Path.Combine("node_modules", "@foundry-rs", $"anvil-{os}-{arch}", "bin", OperatingSystem.IsWindows() ? "anvil.exe" : "anvil");
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new AnvilStartException($"no {relative} above {startDirectory}: run `dotnet build` at the repository root (it installs the pinned toolchain), or set CROSSMARGIN_ANVIL");
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}

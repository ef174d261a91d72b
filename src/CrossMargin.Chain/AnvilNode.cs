using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

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

    /// <summary>
    /// Largest deployable runtime code in bytes; null keeps EIP-170's 24,576 that every public
    /// chain enforces. Raising it lets tests deploy a contract that is still over the limit.
    /// </summary>
    public int? CodeSizeLimit { get; init; }
}

/// <summary>anvil could not be found or did not come up; carries what it printed.</summary>
public sealed class AnvilStartException(string message) : Exception(message);

/// <summary>
/// A real anvil node on a loopback port, owned by this process. Started with
/// <see cref="StartAsync"/>, it answers JSON-RPC at <see cref="Endpoint"/> (through Nethereum's
/// <see cref="Client"/> and <see cref="Web3"/>) and is stopped by <see cref="DisposeAsync"/>.
/// anvil runs under a small shell watchdog that stops it when this process dies in any way (a
/// crash or SIGKILL included), so no node outlives its owner.
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

    /// <summary>The anvil this object started and stops; null for a node it only attached to.</summary>
    private readonly Process? _process;
    private readonly StringBuilder _output;

    private AnvilNode(Process? process, StringBuilder output, Uri endpoint, ulong chainId)
    {
        _process = process;
        _output = output;
        Endpoint = endpoint;
        ChainId = chainId;
        Client = new RpcClient(endpoint);
        Web3 = new Web3(Client);
        DevAccounts = DevKeys.Select(key => new Account(key, (BigInteger)chainId)).ToList();
    }

    /// <summary>
    /// The private keys of the ten accounts anvil funds, derived from its default mnemonic
    /// ("test test test test test test test test test test test junk", m/44'/60'/0'/0/i). They are
    /// public knowledge: listed here rather than derived, since BIP-32 derivation is the only
    /// thing that would need another package (Nethereum.HdWallet). A test checks them against
    /// the node's eth_accounts.
    /// </summary>
    public static IReadOnlyList<string> DevKeys { get; } =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    public Uri Endpoint { get; }
    public ulong ChainId { get; }

    /// <summary>Nethereum's JSON-RPC client for this node.</summary>
    public IClient Client { get; }

    /// <summary>A Web3 without an account of its own: reads, and transactions signed by the node's unlocked accounts.</summary>
    public Web3 Web3 { get; }

    /// <summary>The funded dev accounts, in anvil's order, each signing locally for this chain id.</summary>
    public IReadOnlyList<Account> DevAccounts { get; }

    /// <summary>A Web3 that signs with dev account <paramref name="index"/> (EIP-1559 transactions).</summary>
    public Web3 Web3For(int index) => new(DevAccounts[index], Client);

    /// <summary>Mines <paramref name="blocks"/> blocks at once (anvil's own anvil_mine; Nethereum has no call for it).</summary>
    public Task MineAsync(ulong blocks = 1) =>
        Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString("N"), "anvil_mine", new HexBigInteger(blocks).HexValue));

    /// <summary>Moves the chain's clock forward by <paramref name="seconds"/> and mines a block stamped with the new time (evm_increaseTime, evm_mine).</summary>
    public async Task AdvanceTimeAsync(ulong seconds)
    {
        await Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString("N"), "evm_increaseTime", seconds)).ConfigureAwait(false);
        await Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString("N"), "evm_mine")).ConfigureAwait(false);
    }

    /// <summary>Records the chain as it is now (evm_snapshot); <see cref="RevertAsync"/> goes back to it.</summary>
    public Task<string> SnapshotAsync() =>
        Client.SendRequestAsync<string>(new RpcRequest(Guid.NewGuid().ToString("N"), "evm_snapshot"));

    /// <summary>
    /// Drops every block after <paramref name="snapshot"/> (evm_revert). Blocks mined afterwards
    /// reuse the dropped heights with other hashes: what a reorganisation looks like to a reader.
    /// </summary>
    public async Task RevertAsync(string snapshot)
    {
        var reverted = await Client.SendRequestAsync<bool>(new RpcRequest(Guid.NewGuid().ToString("N"), "evm_revert", snapshot)).ConfigureAwait(false);
        if (!reverted) throw new InvalidOperationException($"anvil did not revert to snapshot {snapshot}");
        ForgetNonces();
    }

    /// <summary>
    /// Nethereum's accounts count their nonces in memory (the larger of the node's pending count
    /// and their own count plus one): after the chain is rewound their count is ahead of the
    /// node's, and a transaction sent with it would wait forever for a receipt. Each dev account
    /// starts counting afresh from the node.
    /// </summary>
    private void ForgetNonces()
    {
        foreach (var account in DevAccounts)
            account.NonceService = new Nethereum.RPC.NonceServices.InMemoryNonceService(account.Address, Client);
    }

    /// <summary>The whole chain state as anvil serialises it (anvil_dumpState), for <see cref="LoadStateAsync"/> on a fresh node.</summary>
    public Task<string> DumpStateAsync() =>
        Client.SendRequestAsync<string>(new RpcRequest(Guid.NewGuid().ToString("N"), "anvil_dumpState"));

    /// <summary>
    /// Loads a state that <see cref="DumpStateAsync"/> returned (anvil_loadState): a restarted
    /// node carries on from it. anvil restores the blocks but would stamp the next one with its
    /// own clock, before the restored head when that chain's time had been moved forward: the
    /// next block is stamped after the head (evm_setNextBlockTimestamp), and later ones follow.
    /// </summary>
    public async Task LoadStateAsync(string state)
    {
        var loaded = await Client.SendRequestAsync<bool>(new RpcRequest(Guid.NewGuid().ToString("N"), "anvil_loadState", state)).ConfigureAwait(false);
        if (!loaded) throw new InvalidOperationException("anvil did not load the state");
        var head = await Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest()).ConfigureAwait(false);
        var next = BigInteger.Max(head.Timestamp.Value + 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await Client.SendRequestAsync(new RpcRequest(Guid.NewGuid().ToString("N"), "evm_setNextBlockTimestamp", (ulong)next)).ConfigureAwait(false);
        ForgetNonces();
    }

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
        if (options.CodeSizeLimit is { } codeSize)
        {
            start.ArgumentList.Add("--code-size-limit");
            start.ArgumentList.Add(codeSize.ToString());
        }
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
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_process!.HasExited)
                throw new AnvilStartException($"anvil exited with code {_process.ExitCode} before answering on {Endpoint}: {PrintedSoFar()}");
            try
            {
                var chainId = (await Web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;
                if (chainId != ChainId)
                    throw new AnvilStartException($"the node on {Endpoint} reports chain id {chainId}, not {ChainId}: another node holds the port");
                return;
            }
            // Not answering yet: Nethereum wraps a refused connection as "unknown", a silent one as a timeout.
            catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException && clock.Elapsed < timeout)
            {
                await Task.Delay(50, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException)
            {
                throw new AnvilStartException($"anvil did not answer on {Endpoint} within {timeout.TotalSeconds:0} s ({e.InnerException?.Message ?? e.Message}): {PrintedSoFar()}");
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

    /// <summary>
    /// A development node someone else runs (anvil, or any node with anvil's dev accounts funded
    /// and its evm_increaseTime / anvil_mine calls): its chain id is read, and a node that does
    /// not fund the first dev account is refused. Disposing it leaves the node running.
    /// </summary>
    public static async Task<AnvilNode> AttachAsync(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var client = new RpcClient(endpoint);
        var web3 = new Web3(client);
        var chainId = (ulong)(await web3.Eth.ChainId.SendRequestAsync().ConfigureAwait(false)).Value;
        var node = new AnvilNode(null, new StringBuilder(), endpoint, chainId);
        var balance = await web3.Eth.GetBalance.SendRequestAsync(node.DevAccounts[0].Address).ConfigureAwait(false);
        if (balance.Value == 0)
            throw new AnvilStartException($"the node at {endpoint} (chain {chainId}) does not fund anvil's first dev account {node.DevAccounts[0].Address}: it is not a development node");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
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

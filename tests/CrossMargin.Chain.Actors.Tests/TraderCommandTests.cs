using System.Net;
using System.Net.Sockets;
using System.Text;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// `crossmargin trader prove` as a trader runs it, against a real node: the openings from files,
/// the rest from the chain; and what it says, with which exit code, when an opening is corrupt
/// or missing, the portfolio is insolvent, or the node is unreachable or answers garbage.
/// </summary>
public sealed class TraderCommandTests(FlowSystem system) : IClassFixture<FlowSystem>
{
    private static readonly string KeeperKey = Chain.AnvilNode.DevKeys[3];

    /// <summary>A folder holding the deployment file and the account's opening files.</summary>
    private async Task<(string Directory, string Account, Opening Lending)> PreparedAsync(int seed, decimal usdc = 10_000m, decimal eth = 1m)
    {
        await system.CloseRoundAsync(system.Example.Oracle.AssetPrices, system.Example.Oracle.UnderlyingPrices);
        var random = new Random(seed);
        var account = "0x" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()).Concat(new byte[12]).ToArray()).ToLowerInvariant();
        var lending = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(usdc, eth, 2_000m), 1, random);
        await system.Operator.Lending.PostAsync(account, lending.Commitment, 1);
        var directory = Directory.CreateTempSubdirectory("crossmargin-trader-cli-").FullName;
        system.Governance.Deployment.Write(Path.Combine(directory, "deployment.json"));
        lending.Write(Path.Combine(directory, "openings", "lending.json"));
        return (directory, account, lending);
    }

    private (int Code, string Output, string Error) Prove(string directory, string account, params string[] more) =>
        CrossmarginCli.RunIn(directory, ["trader", "prove", "--rpc", system.Node.Endpoint.ToString(), "--deployment", "deployment.json",
            "--openings", "openings", "--account", account, "--private-key", KeeperKey, .. more]);

    [Fact]
    public async Task ProveWithSubmitRecordsTheAccountsHealth_AndKeepsTheProofAndItsOpenings()
    {
        var (directory, account, lending) = await PreparedAsync(31);
        var (code, output, error) = Prove(directory, account, "--submit");
        Assert.True(code == 0, output + error);
        Assert.Contains("OK: ", output, StringComparison.Ordinal);
        Assert.Contains("recorded by the gate", output, StringComparison.Ordinal);
        Assert.Equal(1UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
        var kept = Assert.Single(Directory.GetFiles(Path.Combine(directory, "trader-data", "proofs"), "*.json"));
        Assert.Equal(SubmissionStatus.Recorded, ProofSubmission.Read(kept).Status);
        Assert.True(File.Exists(Path.Combine(directory, "trader-data", "openings", lending.Commitment + ".json")));
    }

    [Fact]
    public async Task ACorruptOpeningIsRefusedWithExit2NamingTheFileAndField()
    {
        var (directory, account, _) = await PreparedAsync(32);
        var file = Path.Combine(directory, "openings", "lending.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"balances\": [\n    \"10000000000\"", "\"balances\": [\n    \"10000000001\"", StringComparison.Ordinal));
        var (code, _, error) = Prove(directory, account, "--submit");
        Assert.Equal(2, code);
        Assert.Contains("lending.json", error, StringComparison.Ordinal);
        Assert.Contains("$.commitment", error, StringComparison.Ordinal);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }

    [Fact]
    public async Task AMissingOpeningExits2AndAnInsolventPortfolioExits1_NothingSent()
    {
        var (directory, account, _) = await PreparedAsync(33);
        var perp = system.OpeningOf(system.Operator.Perp.Address, account, FlowSystem.PerpState(0.1m), 1, new Random(34));
        await system.Operator.Perp.PostAsync(account, perp.Commitment, 1);
        var (code, _, error) = Prove(directory, account, "--submit");
        Assert.Equal(2, code);
        Assert.Contains("slot 1", error, StringComparison.Ordinal);

        var (poor, poorAccount, _) = await PreparedAsync(35, usdc: 0m, eth: 0.5m);
        (code, _, error) = Prove(poor, poorAccount, "--submit");
        Assert.Equal(1, code);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(poorAccount)).Nonce);
    }

    [Fact]
    public async Task AnUnreachableNodeExits5_AndSoDoesOneAnsweringGarbage()
    {
        var (directory, account, _) = await PreparedAsync(36);
        var closedPort = FreePort();
        var (code, _, error) = CrossmarginCli.RunIn(directory, "trader", "prove", "--rpc", $"http://127.0.0.1:{closedPort}/", "--deployment", "deployment.json",
            "--openings", "openings", "--account", account, "--private-key", KeeperKey, "--submit");
        Assert.True(code == 5, error);
        Assert.Contains("unavailable", error, StringComparison.Ordinal);

        // A server that answers every request with HTTP 200 and a body that is not JSON-RPC.
        using var garbage = new TcpListener(IPAddress.Loopback, 0);
        garbage.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await garbage.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                var buffer = new byte[65536];
                _ = await stream.ReadAsync(buffer, stop.Token); // the request, whatever it is: every answer is the same garbage
                var body = "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":[[[not json";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), stop.Token);
            }
        });
        (code, _, error) = CrossmarginCli.RunIn(directory, "trader", "prove", "--rpc", $"http://127.0.0.1:{((IPEndPoint)garbage.LocalEndpoint).Port}/", "--deployment", "deployment.json",
            "--openings", "openings", "--account", account, "--private-key", KeeperKey, "--submit");
        await stop.CancelAsync();
        Assert.True(code == 5, error);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }

    [Fact]
    public async Task ANodeThatNeverAnswersTimesOutWithExit5_NotAHang()
    {
        var (directory, account, _) = await PreparedAsync(37);
        // Accepts connections and reads requests, never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var stop = new CancellationTokenSource();
        var held = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true) held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, error) = CrossmarginCli.RunIn(directory, "trader", "prove", "--rpc", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/",
            "--deployment", "deployment.json", "--openings", "openings", "--account", account, "--private-key", KeeperKey, "--submit");
        await stop.CancelAsync();
        await accepting;
        foreach (var c in held) c.Dispose();
        Assert.True(code == 5, error);
        Assert.Contains("unavailable", error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void UsageErrorsExit2()
    {
        var (code, _, error) = CrossmarginCli.RunIn(null, "trader", "prove", "--deployment", "x.json", "--openings", "o");
        Assert.Equal(2, code);
        Assert.Contains("--rpc", error, StringComparison.Ordinal);
        (code, _, error) = CrossmarginCli.RunIn(null, "trader", "prove", "--rpc", "ftp://node", "--deployment", "x.json", "--openings", "o");
        Assert.Equal(2, code);
        Assert.Contains("not an http(s) URL", error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

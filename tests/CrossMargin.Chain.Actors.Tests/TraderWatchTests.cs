using System.Numerics;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Cli;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// `trader watch` on a real node with real proofs, pass by pass (each test drives
/// <see cref="TraderWatch.PassAsync"/> itself, so what happens between passes is the test's):
/// a first proof, prices moving inside the band, a new commitment with and without its opening,
/// insolvency after a shock, expiry, a restart on the same data, the node stopped and restarted,
/// and the verb run and interrupted. The keeper (dev account 3) sends for a fresh account each test.
/// </summary>
public sealed class TraderWatchTests(FlowSystem system) : IClassFixture<FlowSystem>
{
    private static readonly string KeeperKey = Chain.AnvilNode.DevKeys[3];

    /// <summary>A fresh account with a lending state posted, its opening in a folder beside the deployment file, and an empty data folder; a round at the example's prices closed first.</summary>
    private async Task<(string Account, string Directory, string Openings, string Data, Random Random)> AccountAsync(int seed, decimal usdc = 10_000m, decimal eth = 1m)
    {
        await system.CloseRoundAsync(system.Example.Oracle.AssetPrices, system.Example.Oracle.UnderlyingPrices);
        var random = new Random(seed);
        var account = "0x" + Convert.ToHexString([.. BitConverter.GetBytes(random.NextInt64()), .. new byte[12]]).ToLowerInvariant();
        var lending = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(usdc, eth, 2_000m), 1, random);
        await system.Operator.Lending.PostAsync(account, lending.Commitment, 1);
        var directory = Directory.CreateTempSubdirectory("crossmargin-watch-").FullName;
        system.Governance.Deployment.Write(Path.Combine(directory, "deployment.json"));
        var openings = Path.Combine(directory, "openings");
        lending.Write(Path.Combine(openings, "lending.json"));
        return (account, directory, openings, Path.Combine(directory, "trader-data"), random);
    }

    private TraderWatch Watch(string account, string openings, string data, TimeSpan? lead = null) =>
        new(system.Keeper, system.Prover(system.Keeper, data), MarginConfiguration.Small, new TraderWatchOptions
        {
            Account = account,
            Openings = [openings],
            Lead = lead,
            Interval = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(4),
            IsUnavailable = ChainConnection.IsUnavailable,
        });

    /// <summary>Closes a round at the example's prices with ETH (asset 1 and underlying 0) times <paramref name="ethFactor"/>; returns its id.</summary>
    private Task<ulong> CloseRoundWithEthAtAsync(decimal ethFactor)
    {
        var oracle = system.Example.Oracle;
        BigInteger Scaled(BigInteger p) => new(decimal.Round((decimal)p * ethFactor));
        return system.CloseRoundAsync(
            [oracle.AssetPrices[0], Scaled(oracle.AssetPrices[1])],
            [Scaled(oracle.UnderlyingPrices[0]), oracle.UnderlyingPrices[1]]);
    }

    private async Task<ulong> NonceAsync(string account) => (await system.Governance.Gate.HealthOfAsync(account)).Nonce;

    private static WatchDecision Only(WatchPass pass, WatchAction action)
    {
        var decision = Assert.Single(pass.Decisions);
        Assert.True(decision.Action == action, $"expected {action}, got {decision.Action}: {decision.Message}");
        return decision;
    }

    [Fact]
    public async Task WithNoLiveProofAPassProvesAndSubmits_AndTheNextFindsItHealthyAndSendsNothing()
    {
        var (account, _, openings, data, _) = await AccountAsync(5101);
        using var watch = Watch(account, openings, data);

        var first = Only(await watch.PassAsync(), WatchAction.Proved);
        Assert.Contains("no proof yet", first.Message, StringComparison.Ordinal);
        Assert.Contains("recorded by the gate", first.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, await NonceAsync(account));

        Only(await watch.PassAsync(), WatchAction.Healthy);
        Assert.Equal(1UL, await NonceAsync(account));
    }

    [Fact]
    public async Task APriceMovePastTheThresholdButInsideTheBandReprovesAtTheLatestRound_BeforeAnyLapseCanBeFlagged()
    {
        var (account, _, openings, data, _) = await AccountAsync(5102);
        using var watch = Watch(account, openings, data);
        Only(await watch.PassAsync(), WatchAction.Proved);

        // 3% is 30% of the gate's 10% band: under the 50% threshold.
        await CloseRoundWithEthAtAsync(1.03m);
        Only(await watch.PassAsync(), WatchAction.Healthy);

        // 7% is 70% of the band: inside it (nobody can flag a lapse), past the threshold.
        var round = await CloseRoundWithEthAtAsync(1.07m);
        await Assert.ThrowsAsync<PricesWithinBandException>(() => system.Liquidator.Gate.FlagPriceLapseAsync(account, round));
        var reproved = Only(await watch.PassAsync(), WatchAction.Proved);
        Assert.Contains("of the gate's band", reproved.Message, StringComparison.Ordinal);
        var health = await system.Governance.Gate.HealthOfAsync(account);
        Assert.Equal(2UL, health.Nonce);
        Assert.Equal(round, health.RoundId);
        Assert.Equal((BigInteger)health.Expiry, await system.Governance.Gate.LapsedAtAsync(account));
    }

    [Fact]
    public async Task ANewCommitmentWithoutItsOpeningWaitsNamingTheVenue_ThenReprovesOnceTheOpeningArrives()
    {
        var (account, _, openings, data, random) = await AccountAsync(5103);
        using var watch = Watch(account, openings, data);
        Only(await watch.PassAsync(), WatchAction.Proved);

        var perp = system.OpeningOf(system.Operator.Perp.Address, account, FlowSystem.PerpState(0.1m), 1, random);
        await system.Operator.Perp.PostAsync(account, perp.Commitment, 1);
        var waiting = Only(await watch.PassAsync(), WatchAction.MissingOpening);
        Assert.Contains(system.Operator.Perp.Address, waiting.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(perp.Commitment.ToString(System.Globalization.CultureInfo.InvariantCulture), waiting.Message, StringComparison.Ordinal);
        Assert.Contains("commitments changed", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, await NonceAsync(account));

        perp.Write(Path.Combine(openings, "perp.json"));
        var reproved = Only(await watch.PassAsync(), WatchAction.Proved);
        Assert.Contains("commitments changed", reproved.Message, StringComparison.Ordinal);
        var health = await system.Governance.Gate.HealthOfAsync(account);
        Assert.Equal(2UL, health.Nonce);
        Assert.Equal((await system.Governance.Registry.EpochOfAsync(account)).Epoch, health.Epoch);
    }

    [Fact]
    public async Task AShockThatMakesThePortfolioInsolventIsReportedWithoutCrashing_AndTheWatchReprovesOncePricesRecover()
    {
        var (account, _, openings, data, _) = await AccountAsync(5104, usdc: 0m, eth: 1.2m);
        using var watch = Watch(account, openings, data);
        Only(await watch.PassAsync(), WatchAction.Proved);

        // ETH down 45%: 1.2 ETH no longer covers a 2,000 USDC debt.
        await CloseRoundWithEthAtAsync(0.55m);
        var insolvent = Only(await watch.PassAsync(), WatchAction.Insolvent);
        Assert.Contains("INSOLVENT", insolvent.Message, StringComparison.Ordinal);
        Only(await watch.PassAsync(), WatchAction.Insolvent);
        Assert.Equal(1UL, await NonceAsync(account));

        // Back at the proved prices: the shock round in between still lets anyone flag a lapse, so the watch re-proves.
        // Back in two steps, each within the hub's jump breaker (50% from the previous round).
        await CloseRoundWithEthAtAsync(0.8m);
        await CloseRoundWithEthAtAsync(1m);
        var reproved = Only(await watch.PassAsync(), WatchAction.Proved);
        Assert.Contains("of the gate's band", reproved.Message, StringComparison.Ordinal);
        Assert.Equal(2UL, await NonceAsync(account));
    }

    [Fact]
    public async Task AProofExpiringWithinTheLeadTimeIsReproved()
    {
        var (account, _, openings, data, _) = await AccountAsync(5105);
        using var watch = Watch(account, openings, data, lead: TimeSpan.FromSeconds(300));
        Only(await watch.PassAsync(), WatchAction.Proved);
        Only(await watch.PassAsync(), WatchAction.Healthy);

        var expiry = (await system.Governance.Gate.HealthOfAsync(account)).Expiry;
        var now = (ulong)(await system.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest())).Timestamp.Value;
        await system.Node.AdvanceTimeAsync(expiry - now - 200);
        var reproved = Only(await watch.PassAsync(), WatchAction.Proved);
        Assert.Contains("within the lead of 300 s", reproved.Message, StringComparison.Ordinal);
        Assert.True(2UL == await NonceAsync(account), reproved.Message);
    }

    [Fact]
    public async Task ARestartedWatchOnTheSameDataSendsNothingTwice_AndSettlesAProofCutOffMidSubmit()
    {
        var (account, _, openings, data, _) = await AccountAsync(5106);
        using (var before = Watch(account, openings, data)) Only(await before.PassAsync(), WatchAction.Proved);
        using (var restarted = Watch(account, openings, data)) Only(await restarted.PassAsync(), WatchAction.Healthy);
        Assert.Equal(1UL, await NonceAsync(account));

        // A run that died after sending, before it saw the receipt.
        await CloseRoundWithEthAtAsync(1.07m);
        var prover = system.Prover(system.Keeper, data);
        var proof = await prover.ProveAsync(account, [Opening.Read(Path.Combine(openings, "lending.json"), MarginConfiguration.Small)], MarginLevel.Maintenance);
        var sent = await prover.SubmitAsync(proof);
        (sent.Submission with { Status = SubmissionStatus.Sent, GasUsed = null }).Write(proof.File);

        using var after = Watch(account, openings, data);
        var pass = await after.PassAsync();
        Assert.Equal([WatchAction.Settled, WatchAction.Healthy], pass.Decisions.Select(d => d.Action));
        Assert.Contains(sent.Submission.Transaction!, pass.Decisions[0].Message, StringComparison.Ordinal);
        Assert.Equal(2UL, await NonceAsync(account));
    }

    [Fact]
    public async Task ANodeOutageIsReportedWithABackoff_AndThePassAfterTheRestartCatchesUpFromTheChainsState()
    {
        var (account, _, openings, data, _) = await AccountAsync(5107);
        using var watch = Watch(account, openings, data);
        Only(await watch.PassAsync(), WatchAction.Proved);
        var state = await system.Node.DumpStateAsync();
        await system.Node.DisposeAsync();

        var down = await watch.PassAsync();
        Assert.Contains("node unavailable", Only(down, WatchAction.NodeUnavailable).Message, StringComparison.Ordinal);
        Assert.Contains("retrying in 1 s", down.Decisions[0].Message, StringComparison.Ordinal);
        var still = await watch.PassAsync();
        Assert.Equal(TimeSpan.FromSeconds(2), still.NextPassIn);
        Assert.Contains("retrying in 2 s", Only(still, WatchAction.NodeUnavailable).Message, StringComparison.Ordinal);

        // Back, and prices moved meanwhile (as the watch sees it: before its next pass).
        await system.RestartAsync(state);
        await CloseRoundWithEthAtAsync(1.07m);
        var caughtUp = await watch.PassAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), caughtUp.NextPassIn);
        Assert.Contains("of the gate's band", Only(caughtUp, WatchAction.Proved).Message, StringComparison.Ordinal);
        Assert.Equal(2UL, await NonceAsync(account));
    }

    [Fact]
    public async Task TheVerbProvesAndPrintsTimestampedDecisions_AndExits0WhenInterrupted()
    {
        var (account, directory, _, _, _) = await AccountAsync(5108);
        await using var watch = RunningCli.StartIn(directory, "trader", "watch", "--rpc", system.Node.Endpoint.ToString(), "--deployment", "deployment.json",
            "--openings", "openings", "--account", account, "--private-key", KeeperKey, "--interval", "1");
        Assert.True(await watch.WaitForOutputAsync("recorded by the gate", TimeSpan.FromSeconds(60)), watch.Output);
        Assert.True(await watch.WaitForOutputAsync(" healthy healthy: ", TimeSpan.FromSeconds(30)), watch.Output);
        Assert.Equal(0, await watch.InterruptAsync());
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ proved proved and submitted \(no proof yet\)", watch.Output);
        Assert.Contains("stopped", watch.Output, StringComparison.Ordinal);
        Assert.Equal(1UL, await NonceAsync(account));

        var (code, _, error) = CrossmarginCli.RunIn(directory, "trader", "watch", "--rpc", system.Node.Endpoint.ToString(), "--deployment", "deployment.json",
            "--openings", "openings", "--account", account, "--private-key", KeeperKey, "--band-threshold", "150", "--once");
        Assert.Equal(2, code);
        Assert.Contains("--band-threshold", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOpeningServedByTheVenuesApiIsPickedUp_AndAVenueThatDoesNotAnswerIsReportedWithoutStoppingThePass()
    {
        await system.CloseRoundAsync(system.Example.Oracle.AssetPrices, system.Example.Oracle.UnderlyingPrices);
        var account = "0x00000000000000000000000000000000000051a9";
        using var venue = await VenueOperator.OpenAsync(system.Operator, new VenueOperatorOptions
        {
            Venue = SampleVenueKind.Lending,
            DataDirectory = Directory.CreateTempSubdirectory("crossmargin-watch-venue-").FullName,
            SettlementToken = system.Token.Address,
        });
        await venue.SetStateAsync(account, FlowSystem.LendingState(10_000m, 1m, 2_000m));
        var (served, silent) = (FreePort(), FreePort());
        using var api = new VenueHttpApi(venue, served);
        using var stopServing = new CancellationTokenSource();
        var serving = api.RunAsync(stopServing.Token);

        var data = Directory.CreateTempSubdirectory("crossmargin-watch-").FullName;
        using var watch = new TraderWatch(system.Keeper, system.Prover(system.Keeper, data), MarginConfiguration.Small, new TraderWatchOptions
        {
            Account = account,
            VenueUrls = [new Uri($"http://127.0.0.1:{silent}/"), api.Address],
            IsUnavailable = ChainConnection.IsUnavailable,
        });
        var pass = await watch.PassAsync();
        await stopServing.CancelAsync();
        await serving;

        Assert.Equal([WatchAction.OpeningUnreadable, WatchAction.Proved], pass.Decisions.Select(d => d.Action));
        Assert.Contains($"127.0.0.1:{silent}", pass.Decisions[0].Message, StringComparison.Ordinal);
        Assert.Equal(1UL, await NonceAsync(account));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Numerics;
using System.Text.Json;
using CrossMargin.Chain.Actors.Oracle;
using CrossMargin.Chain.Contracts;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>The reporters against the real hub: medians, trips and resets, restarts.</summary>
[Collection(OracleChainCollection.Name)]
public sealed class OracleReportersTests(OracleSystem system)
{
    /// <summary>The small circuit's feeds, slot by slot: assets USDC and ETH, underlyings ETH and BTC.</summary>
    public static readonly string[] Feeds = ["USDC", "ETH", "ETH", "BTC"];

    /// <summary>A price file of <see cref="Feeds"/>, one round per (USDC, ETH, BTC) triple.</summary>
    public static PriceFile Script(params (string Usdc, string Eth, string Btc)[] rounds) => PriceFile.Parse(JsonSerializer.Serialize(new
    {
        format = PriceFile.CurrentFormat,
        feeds = Feeds,
        rounds = rounds.Select(r => new { prices = new[] { r.Usdc, r.Eth, r.Eth, r.Btc } }),
    }), "test prices");

    private static string StatePath(string folder) => Path.Combine(folder, "oracle-state.json");

    private Task<OracleReporters> ReportersAsync(IPriceSource prices, string folder, BigInteger spread = default) =>
        OracleReporters.ConnectAsync(system.Governance, system.ReporterKeys, prices, StatePath(folder), spread);

    [Fact]
    public async Task ClosedRounds_HoldTheMedianOfTheReports_ExactlyThePriceFilesDecimals()
    {
        await system.FreshHubAsync();
        var script = Script(("0.99987654", "3012.55", "97250.12345678"), ("1", "3020.00000001", "97000"), ("1.0002", "2999.9", "96999.99999999"));
        // The PRICE unit is 10^-8 USD: the file's decimals, exactly, not a double's approximation.
        BigInteger[][] expected =
        [
            [99_987_654, 301_255_000_000, 301_255_000_000, 9_725_012_345_678],
            [100_000_000, 302_000_000_001, 302_000_000_001, 9_700_000_000_000],
            [100_020_000, 299_990_000_000, 299_990_000_000, 9_699_999_999_999],
        ];
        var oracle = await ReportersAsync(script, system.NewFolder("median"), spread: 5_000);

        for (var r = 0; r < expected.Length; r++)
        {
            var closed = Assert.IsType<ClosedRound>(await oracle.StepAsync());
            Assert.Equal(r + 1, closed.Round);
            var onChain = await system.PricesOfAsync(closed.RoundId);
            Assert.Equal(expected[r], onChain);
            Assert.Equal(expected[r], closed.Prices);

            var reports = new List<IReadOnlyList<BigInteger>>();
            foreach (var reporter in oracle.Reporters)
                reports.Add((await system.Governance.Hub.ReportOfAsync(reporter)).Prices);
            for (var f = 0; f < Feeds.Length; f++)
            {
                var values = reports.Select(p => p[f]).Order().ToList();
                Assert.Equal(values[(values.Count - 1) / 2], onChain[f]); // the hub's median: the lower middle report
                Assert.True(values[0] < values[^1], $"feed {f}: the reporters' spread makes distinct reports");
            }
            Assert.Equal((await system.Governance.Hub.RoundOfAsync(closed.RoundId)).Digest, closed.Digest);
            Assert.True(closed.ReportGas > 0 && closed.CloseGas > 0);
        }
        Assert.Equal(4, oracle.State.NextRound);
    }

    [Fact]
    public async Task ShockBeyondTheJumpBound_TripsTheBreaker_ReportingWaitsUntilGovernanceResets()
    {
        var from = await system.FreshHubAsync();
        var steady = ("1", "3000", "97000");
        var script = new ShockedPriceSource(Script(steady, steady, steady, steady), [PriceShock.Parse("round=3,feed=ETH,factor=1.3")]);
        var oracle = await ReportersAsync(script, system.NewFolder("shock"), spread: 1_000);

        Assert.IsType<ClosedRound>(await oracle.StepAsync());
        var beforeShock = Assert.IsType<ClosedRound>(await oracle.StepAsync());
        var tripped = Assert.IsType<TrippedRound>(await oracle.StepAsync());
        var trip = Assert.IsType<BreakerTrip>(tripped.Trip);
        Assert.Equal(1, trip.Feed); // ETH's first slot, the asset: the hub checks feeds in order
        Assert.Equal("ETH", trip.FeedName);
        Assert.Equal(TripReason.Jump, trip.Reason);
        Assert.Equal(390_000_000_000, trip.Median); // 3000 * 1.3
        Assert.Equal(300_000_000_000, trip.Low); // the previous round's price
        Assert.Contains("ETH", tripped.ToString(), StringComparison.Ordinal);
        Assert.Contains("jumped", tripped.ToString(), StringComparison.Ordinal);
        Assert.True(await system.Governance.Hub.TrippedAsync());

        // While tripped: nothing reported, no round, the script waits at round 4.
        var reportedAt = (await system.Governance.Hub.ReportOfAsync(oracle.Reporters[0])).Timestamp;
        for (var i = 0; i < 2; i++)
        {
            await system.Node.AdvanceTimeAsync(10);
            Assert.Equal(new WaitingForReset(4), await oracle.StepAsync());
        }
        Assert.Equal(reportedAt, (await system.Governance.Hub.ReportOfAsync(oracle.Reporters[0])).Timestamp);
        Assert.Equal(beforeShock.RoundId, await system.Governance.Hub.LatestRoundIdAsync());

        var reset = await system.Governance.Hub.ResetAsync();
        Assert.Single(system.Governance.Hub.EventsIn<HubResetEvent>(reset));
        var resumed = Assert.IsType<ClosedRound>(await oracle.StepAsync());
        Assert.Equal(4, resumed.Round);
        Assert.Equal(beforeShock.RoundId + 1, resumed.RoundId);
        Assert.Equal(300_000_000_000, resumed.Prices[1]);
        Assert.IsType<ScriptFinished>(await oracle.StepAsync());
        Assert.Equal(3, (await system.RoundsClosedSinceAsync(from)).Count);
    }

    [Fact]
    public async Task Restart_WithTheSameStateFile_ContinuesTheScript_NeverClosingARoundTwice()
    {
        var from = await system.FreshHubAsync();
        var script = Script(("1", "3000", "97000"), ("1", "3010", "97100"), ("1", "3020", "97200"), ("1", "3030", "97300"), ("1", "3040", "97400"), ("1", "3050", "97500"));
        var folder = system.NewFolder("restart");

        var first = await ReportersAsync(script, folder);
        Assert.IsType<ClosedRound>(await first.StepAsync());
        Assert.IsType<ClosedRound>(await first.StepAsync());

        // A second instance over the same file: it takes round 3 next.
        var second = await ReportersAsync(script, folder);
        Assert.Equal(3, second.State.NextRound);
        Assert.IsType<ClosedRound>(await second.StepAsync());

        // A crash after round 4's close but before its state was written: the file still says
        // round 4 is in flight. The next instance sees the hub moved on and skips it.
        var before = second.State;
        var latestBefore = await system.Governance.Hub.LatestRoundIdAsync();
        var generationBefore = await system.Governance.Hub.GenerationAsync();
        Assert.IsType<ClosedRound>(await second.StepAsync());
        (before with { Pending = new PendingRound(4, latestBefore, generationBefore) }).Write(StatePath(folder));

        var third = await ReportersAsync(script, folder);
        Assert.Equal(5, third.State.NextRound);
        var steps = new List<OracleStep>();
        await third.RunAsync(TimeSpan.Zero, observe: steps.Add);
        Assert.Equal([5L, 6L, 7L], steps.Select(s => s.Round));
        Assert.IsType<ScriptFinished>(steps[^1]);

        var closed = await system.RoundsClosedSinceAsync(from);
        Assert.Equal(6, closed.Count);
        for (var r = 0; r < closed.Count; r++)
            Assert.Equal(script.PricesAt(r + 1), closed[r].Prices);
        Assert.Equal(closed[^1].RoundId, third.State.LastClosedRoundId);
    }

    [Fact]
    public async Task Restart_AfterACrashBeforeTheClose_ReportsTheRoundAgain_AndClosesItOnce()
    {
        var from = await system.FreshHubAsync();
        var script = Script(("1", "3000", "97000"), ("1", "3001", "97001"));
        var folder = system.NewFolder("crash-before-close");
        var first = await ReportersAsync(script, folder);
        // Reports went out for round 1, then the process died before closing it.
        var latest = await system.Governance.Hub.LatestRoundIdAsync();
        var generation = await system.Governance.Hub.GenerationAsync();
        foreach (var key in system.ReporterKeys.Take(2))
            await system.Governance.As(new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(key, system.Node.ChainId), system.Node.Client)).Hub.ReportAsync([.. script.PricesAt(1)]);
        (first.State with { Pending = new PendingRound(1, latest, generation) }).Write(StatePath(folder));

        var second = await ReportersAsync(script, folder);
        Assert.Equal(1, second.State.NextRound);
        await second.RunAsync(TimeSpan.Zero);
        var closed = await system.RoundsClosedSinceAsync(from);
        Assert.Equal([script.PricesAt(1), script.PricesAt(2)], closed.Select(c => (IReadOnlyList<BigInteger>)c.Prices));
    }

    [Fact]
    public async Task Connect_RefusesAKeyWithoutTheReporterRole_NamingItsEntry()
    {
        var outsider = AnvilNode.DevKeys[8];
        var e = await Assert.ThrowsAsync<OracleInputException>(() => OracleReporters.ConnectAsync(system.Governance, [.. system.ReporterKeys, outsider],
            Script(("1", "3000", "97000")), StatePath(system.NewFolder("outsider")), keySource: "keys.json"));
        Assert.Equal("$[3]", e.JsonPath);
        Assert.Contains("REPORTER_ROLE", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(outsider[2..], e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connect_RefusesAScriptOfAnotherFeedCount_AndASpreadTheDeviationBreakerWouldCatch()
    {
        var threeFeeds = PriceFile.Parse("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH","BTC"],"rounds":[{"prices":["1","3000","97000"]}]}""", "three.json");
        var e = await Assert.ThrowsAsync<OracleInputException>(() => ReportersAsync(threeFeeds, system.NewFolder("feeds")));
        Assert.Equal("three.json", e.Origin);
        Assert.Contains("the hub has 4", e.Message, StringComparison.Ordinal);

        var wide = await Assert.ThrowsAsync<OracleInputException>(() => ReportersAsync(Script(("1", "3000", "97000")), system.NewFolder("spread"), spread: OracleSystem.MaxDeviation / 2));
        Assert.Contains("maxDeviation", wide.Message, StringComparison.Ordinal);
    }
}

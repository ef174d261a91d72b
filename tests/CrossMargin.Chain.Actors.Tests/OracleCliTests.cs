using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>`crossmargin oracle report` as a script runs it, against the shared hub.</summary>
[Collection(OracleChainCollection.Name)]
public sealed class OracleCliTests(OracleSystem system)
{
    private const string Prices = """
        {"format": "crossmargin-prices/1",
         "feeds": ["USDC", "ETH", "ETH", "BTC"],
         "rounds": [{"prices": ["1", "3000", "3000", "97000"]},
                    {"prices": ["0.9999", "3001.5", "3001.5", "97010.25"]},
                    {"prices": ["1.0001", "3003", "3003", "97020.5"]}]}
        """;

    private string[] Common(string folder) =>
        ["oracle", "report", "--rpc", system.Node.Endpoint.ToString(), "--deployment", Path.Combine(folder, "deployment.json"),
         "--reporter-keys", Path.Combine(folder, "reporters.json"), "--state", Path.Combine(folder, "state.json")];

    [Fact]
    public async Task Report_WithRounds2_ClosesTwoRoundsAndExits0()
    {
        await system.FreshHubAsync();
        var folder = system.NewFolder("cli-rounds");
        File.WriteAllText(Path.Combine(folder, "prices.json"), Prices);
        var before = await system.Governance.Hub.LatestRoundIdAsync();

        var (code, output, error) = CrossmarginCli.RunIn(folder, [.. Common(folder), "--prices", "prices.json", "--rounds", "2", "--interval", "0", "--spread", "0.002"]);

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Equal(before + 2, await system.Governance.Hub.LatestRoundIdAsync());
        Assert.Contains($"round 1: closed round id {before + 1}", output, StringComparison.Ordinal);
        Assert.Contains($"round 2: closed round id {before + 2}", output, StringComparison.Ordinal);
        Assert.Contains("digest 0x", output, StringComparison.Ordinal);
        Assert.DoesNotContain("round 3", output, StringComparison.Ordinal);
        foreach (var key in system.ReporterKeys)
            Assert.DoesNotContain(key[2..], output + error, StringComparison.OrdinalIgnoreCase);

        // The state file carries the script on: a second run reports round 3, then the script ends.
        var (again, rest, restError) = CrossmarginCli.RunIn(folder, [.. Common(folder), "--prices", "prices.json", "--interval", "0"]);
        Assert.True(again == 0, $"exit {again}: {restError}");
        Assert.Contains($"round 3: closed round id {before + 3}", rest, StringComparison.Ordinal);
        Assert.Contains("the script ended after round 3", rest, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithAMalformedPriceFile_Exits2NamingTheFileAndThePath()
    {
        var folder = system.NewFolder("cli-bad-prices");
        File.WriteAllText(Path.Combine(folder, "prices.json"), Prices.Replace("\"3001.5\", \"3001.5\"", "\"3001.123456789\", \"3001.123456789\"", StringComparison.Ordinal));

        var (code, _, error) = CrossmarginCli.RunIn(folder, [.. Common(folder), "--prices", "prices.json", "--rounds", "1"]);

        Assert.Equal(2, code);
        Assert.Contains("prices.json: $.rounds[1].prices[1]: '3001.123456789' has 9 decimals", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "state.json")));
    }

    [Theory]
    [InlineData("--random-walk", "7", "--start", "USDC=1,ETH=3000", "--start: feeds: 2 feeds (USDC, ETH); the hub has 4")]
    [InlineData("--random-walk", "7", "--start", "USDC=1,ETH=3000,ETH=3000,BTC=9e4", "--start: slot 3 (BTC)")]
    [InlineData("--prices", "prices.json", "--shock", "round=2,feed=SOL,factor=2", "no feed named 'SOL'")]
    [InlineData("--prices", "prices.json", "--start", "USDC=1,ETH=3000,ETH=3000,BTC=97000", "--start is the random walk's")]
    [InlineData("--prices", "prices.json", "--spread", "0.5", "spread")]
    [InlineData("--prices", "missing.json", "--rounds", "1", "missing.json: $: the file does not exist")]
    public void Report_WithBadOptions_Exits2NamingTheOption(string option, string value, string option2, string value2, string message)
    {
        var folder = system.NewFolder("cli-bad-options");
        File.WriteAllText(Path.Combine(folder, "prices.json"), Prices);

        var (code, _, error) = CrossmarginCli.RunIn(folder, [.. Common(folder), option, value, option2, value2]);

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Running_ExitsZeroOnInterrupt_AfterFinishingItsStep()
    {
        await system.FreshHubAsync();
        var folder = system.NewFolder("cli-interrupt");
        var before = await system.Governance.Hub.LatestRoundIdAsync();
        await using var running = RunningCli.StartIn(folder,
            [.. Common(folder), "--random-walk", "11", "--start", "USDC=1,ETH=3000,ETH=3000,BTC=97000", "--volatility", "0.005", "--interval", "1"]);

        Assert.True(await running.WaitForOutputAsync($"closed round id {before + 2}", TimeSpan.FromSeconds(60)), running.Output);
        var code = await running.InterruptAsync();

        Assert.True(code == 0, $"exit {code}: {running.Output}");
        Assert.Contains("stopped: next round", running.Output, StringComparison.Ordinal);
        // Every round it started, it closed: the state's last round is the hub's.
        var state = CrossMargin.Chain.Actors.Oracle.OracleState.Read(Path.Combine(folder, "state.json"));
        Assert.Null(state.Pending);
        Assert.Equal(await system.Governance.Hub.LatestRoundIdAsync(), state.LastClosedRoundId);
    }

    [Fact]
    public async Task Report_Running_SaysWhyTheHubTripped_WaitsForTheReset_ThenGoesOn()
    {
        await system.FreshHubAsync();
        var folder = system.NewFolder("cli-trip");
        await using var running = RunningCli.StartIn(folder,
            [.. Common(folder), "--random-walk", "5", "--start", "USDC=1,ETH=3000,ETH=3000,BTC=97000", "--volatility", "0.001",
             "--shock", "round=3,feed=BTC,factor=0.5", "--interval", "1"]);

        Assert.True(await running.WaitForOutputAsync("round 4: waiting", TimeSpan.FromSeconds(60)), running.Output);
        Assert.Contains("round 3: the hub TRIPPED (feed 3 (BTC): the median", running.Output, StringComparison.Ordinal);
        var tripped = await system.Governance.Hub.LatestRoundIdAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(tripped, await system.Governance.Hub.LatestRoundIdAsync());

        await system.Governance.Hub.ResetAsync();
        Assert.True(await running.WaitForOutputAsync($"round 4: closed round id {tripped + 1}", TimeSpan.FromSeconds(60)), running.Output);
        Assert.Equal(0, await running.InterruptAsync());
    }
}

using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// `crossmargin demo`, the README's main command: on chains it starts itself it tells the whole
/// story and exits 0 only when every step did what the story says; its audit finds every proof
/// valid and every input matching, and the report's page renders in a real browser.
/// </summary>
[Collection(nameof(HeadlessChromium))]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task TheDemoRunsTheWholeStoryOnItsOwnChains_AndExitsZero_ItsAuditFindsNothingAndItsPageRenders()
    {
        var folder = Directory.CreateTempSubdirectory("crossmargin-demo-").FullName;
        var (code, output, error) = CrossmarginCli.RunIn(folder, "demo", "--out", "run");
        Assert.True(code == 0, output + error);
        foreach (var step in new[]
        {
            "start two local chains", "the relay committee carries the commitment", "the trader proves maintenance margin",
            "leverage granted", "price shock", "a keeper flags the lapse", "refused during the grace period",
            "the liquidator liquidates", "the vault pays it", "every input as the chain held it, no findings", "the story ran as told",
        })
            Assert.Contains(step, output, StringComparison.Ordinal);
        // Figures, not only titles: gas, a proof's time, equity and requirement before and after.
        Assert.Matches(@"proof \d+ ms", output);
        Assert.Matches(@"before: solvent at initial by [\d,.]+ USD \(requirement [\d,.]+ USD, equity", output);
        Assert.Contains("short by", output, StringComparison.Ordinal);

        // The audit's report: both proofs valid and matching, and its page renders the same figures.
        var audit = Path.Combine(folder, "run", "audit");
        var report = StrictJson.Deserialize<AuditReport>(File.ReadAllText(Path.Combine(audit, "report.json")), "an audit report", (at, problem) => new InvalidOperationException($"{at}: {problem}"));
        Assert.Equal((2, 2, 0, 0), (report.Summary.Proofs, report.Summary.Valid, report.Summary.InputMismatches, report.Findings.Count));
        Assert.Single(report.Accounts);
        Assert.Contains(report.Accounts[0].Points, p => p.Event == "liquidated" && !p.Covered);
        await using (var browser = await HeadlessChromium.StartAsync())
        {
            await browser.NavigateAsync(Path.Combine(audit, "report.html"));
            Assert.True((await browser.EvaluateAsync("window.crossmarginReady === true")).GetBoolean(), "the page's script did not finish");
            Assert.Empty(browser.Problems);
            Assert.Empty(browser.Requests);
            Assert.Equal(report.ProofsPerBlock.Count, (await browser.EvaluateAsync("window.crossmarginCharts.proofsPerBlock.data[0].length")).GetInt32());
            Assert.Equal(report.Accounts[0].Points.Count, (await browser.EvaluateAsync("window.crossmarginCharts.accounts[0].health.data[0].length")).GetInt32());
        }

        // A second run replaces the folder an earlier run made.
        (code, output, error) = CrossmarginCli.RunIn(folder, "demo", "--out", "run");
        Assert.True(code == 0, output + error);
    }

    [Fact]
    public async Task GivenTwoDevelopmentNodes_TheDemoRunsOnThem_AndLeavesThemRunning()
    {
        await using var gate = await AnvilNode.StartAsync(new AnvilOptions { ChainId = 41_001 });
        await using var lending = await AnvilNode.StartAsync(new AnvilOptions { ChainId = 41_002 });
        var folder = Directory.CreateTempSubdirectory("crossmargin-demo-").FullName;
        var (code, output, error) = CrossmarginCli.RunIn(folder, "demo", "--rpc", gate.Endpoint.ToString(), "--source-rpc", lending.Endpoint.ToString());
        Assert.True(code == 0, output + error);
        Assert.Contains("attach to the two development nodes given", output, StringComparison.Ordinal);
        Assert.Contains("chain 41001", output, StringComparison.Ordinal);
        Assert.True((await gate.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value > 0);
    }

    [Fact]
    public void OneNodeAloneIsAUsageError_TheStoryNeedsTwoChains()
    {
        var (code, _, error) = CrossmarginCli.RunIn(Directory.CreateTempSubdirectory("crossmargin-demo-").FullName, "demo", "--rpc", "http://127.0.0.1:1");
        Assert.Equal(2, code);
        Assert.Contains("--source-rpc", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDemoRefusesToReplaceAFolderItDidNotMake()
    {
        var folder = Directory.CreateTempSubdirectory("crossmargin-demo-").FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var (code, _, error) = CrossmarginCli.RunIn(folder, "demo", "--out", ".");
        Assert.Equal(2, code);
        Assert.Contains("not an earlier demo's folder", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "notes.txt")));
    }
}

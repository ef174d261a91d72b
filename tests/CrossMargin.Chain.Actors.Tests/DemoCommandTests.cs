using CrossMargin.Chain;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// `crossmargin demo`, the README's main command: on chains it starts itself it tells the whole
/// story and exits 0 only when every step did what the story says.
/// </summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void TheDemoRunsTheWholeStoryOnItsOwnChains_AndExitsZero()
    {
        var folder = Directory.CreateTempSubdirectory("crossmargin-demo-").FullName;
        var (code, output, error) = CrossmarginCli.RunIn(folder, "demo", "--out", "run");
        Assert.True(code == 0, output + error);
        foreach (var step in new[]
        {
            "start two local chains", "the relay committee carries the commitment", "the trader proves maintenance margin",
            "leverage granted", "price shock", "a keeper flags the lapse", "refused during the grace period",
            "the liquidator liquidates", "the vault pays it", "the story ran as told",
        })
            Assert.Contains(step, output, StringComparison.Ordinal);
        // Figures, not only titles: gas, a proof's time, equity and requirement before and after.
        Assert.Matches(@"proof \d+ ms", output);
        Assert.Matches(@"before: solvent at initial by [\d,.]+ USD \(requirement [\d,.]+ USD, equity", output);
        Assert.Contains("short by", output, StringComparison.Ordinal);

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

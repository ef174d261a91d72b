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

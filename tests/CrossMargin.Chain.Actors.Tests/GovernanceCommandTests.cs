using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>A system just deployed (nothing admitted, no parameters), its deployment file in a folder of its own.</summary>
public sealed class FreshDeployment : AnvilFixture
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("crossmargin-governance-").FullName;
    public SystemContracts System { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var web3 = Node.Web3For(0);
        var deployment = await SystemDeployment.RunAsync(web3, new DeploymentConfig { ParameterDelay = 3600 });
        deployment.Write(Path.Combine(Folder, "deployment.json"));
        System = await SystemContracts.ConnectAsync(web3, deployment);
    }
}

/// <summary>
/// `crossmargin governance setup|activate` on a fresh deployment: after them the system is one a
/// trader can prove against (venues admitted, reporters and committee named, the parameters
/// active), and a second setup changes nothing it already did.
/// </summary>
public sealed class GovernanceCommandTests(FreshDeployment fresh) : IClassFixture<FreshDeployment>
{
    private (int Code, string Output, string Error) Run(params string[] args) =>
        CrossmarginCli.RunIn(fresh.Folder, [.. args, "--rpc", fresh.Node.Endpoint.ToString(), "--deployment", "deployment.json", "--private-key", AnvilNode.DevKeys[0]]);

    [Fact]
    public async Task SetupThenActivateAfterTheTimelock_LeavesASystemReadyToProve_AndASecondSetupRepeatsNothing()
    {
        var example = Path.Combine(RepoLayout.Root, "examples", "portfolio.json");
        var reporters = string.Join(",", new[] { 5, 6, 7 }.Select(i => fresh.Node.DevAccounts[i].Address));
        var committee = string.Join(",", new[] { 7, 8, 9 }.Select(i => fresh.Node.DevAccounts[i].Address));
        var (code, output, error) = Run("governance", "setup", "--parameters", example, "--reporters", reporters, "--committee", committee, "--threshold", "2");
        Assert.True(code == 0, output + error);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("venue admitted", StringComparison.Ordinal)));
        Assert.Equal(1u, await fresh.System.Registry.LocalVenueIndexAsync(fresh.System.Lending.Address));
        Assert.Equal(2u, await fresh.System.Registry.LocalVenueIndexAsync(fresh.System.Perp.Address));
        var role = await fresh.System.Hub.ReporterRoleAsync();
        Assert.True(await fresh.System.Hub.HasRoleAsync(role, fresh.Node.DevAccounts[6].Address));
        Assert.Equal(2, (int)await fresh.System.Registry.CommitteeThresholdAsync());

        // Before the timelock the registry refuses; after it the set is active, with the model's hash.
        (code, _, error) = Run("governance", "activate");
        Assert.Equal(1, code);
        Assert.Contains("ParametersNotDue", error, StringComparison.Ordinal);
        await fresh.Node.AdvanceTimeAsync(3600);
        (code, output, error) = Run("governance", "activate");
        Assert.True(code == 0, output + error);
        var expected = MarginHashes.ParameterHash(MarginConfiguration.Small, PortfolioFile.Read(example).Parameters);
        Assert.Equal(expected, await fresh.System.Registry.ParameterHashAsync());

        (code, output, error) = Run("governance", "setup", "--reporters", reporters);
        Assert.True(code == 0, output + error);
        Assert.DoesNotContain("venue admitted", output, StringComparison.Ordinal);
        Assert.DoesNotContain("reporter role granted", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--committee", "0x0000000000000000000000000000000000000001", "--threshold", "2")]
    [InlineData("--reporters", "0x12", "--threshold", "1")]
    [InlineData("--threshold", "1", "--parameters", "missing.json")]
    public void BadOptionsExit2NamingTheOption(string option, string value, string other, string otherValue)
    {
        var (code, _, error) = Run("governance", "setup", option, value, other, otherValue);
        Assert.Equal(2, code);
        Assert.Contains("--", error, StringComparison.Ordinal);
    }
}

using System.Numerics;
using System.Text.Json;
using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Actors.Oracle;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Testing;
using Nethereum.RPC.Eth.DTOs;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The system deployed on a fresh anvil as `crossmargin deploy` deploys it, governance dev
/// account 0, with a hub sized for the reporters' tests (OracleTestBase.sol's: 2% deviation, 10%
/// jump within an hour, heartbeat an hour, two reports a round) and REPORTER_ROLE granted to dev
/// accounts 5, 6 and 7. The tests share one hub; each starts past the jump window and the
/// heartbeat (<see cref="FreshHubAsync"/>), so the rounds of one test never judge another's.
/// </summary>
public sealed class OracleSystem : AnvilFixture
{
    public const ulong Heartbeat = 3600;
    public const ulong JumpWindow = 3600;
    public static readonly BigInteger MaxDeviation = 20_000;
    public static readonly BigInteger MaxJump = 100_000;

    public static readonly int[] ReporterAccounts = [5, 6, 7];

    public SystemContracts Governance { get; private set; } = null!;
    public DeploymentRecord Deployment { get; private set; } = null!;

    /// <summary>The reporters' keys (dev accounts 5, 6, 7).</summary>
    public IReadOnlyList<string> ReporterKeys => [.. ReporterAccounts.Select(i => AnvilNode.DevKeys[i])];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var web3 = Node.Web3For(0);
        Deployment = await SystemDeployment.RunAsync(web3, new DeploymentConfig
        {
            OracleHub = new HubSettings
            {
                Heartbeat = Heartbeat,
                MinReports = 2,
                MaxDeviation = MaxDeviation,
                MaxJump = MaxJump,
                JumpWindow = JumpWindow,
            },
        });
        Governance = await SystemContracts.ConnectAsync(web3, Deployment);
        await SystemSetup.GrantReportersAsync(Governance, ReporterAccounts.Select(i => Node.DevAccounts[i].Address));
    }

    /// <summary>
    /// Moves past the jump window and the heartbeat (the previous test's rounds and reports no
    /// longer count) and clears a trip a previous test may have left; returns the block to count
    /// this test's events from.
    /// </summary>
    public async Task<ulong> FreshHubAsync()
    {
        await Node.AdvanceTimeAsync(Math.Max(Heartbeat, JumpWindow) + 1);
        if (await Governance.Hub.TrippedAsync()) await Governance.Hub.ResetAsync();
        return (ulong)(await Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
    }

    /// <summary>The hub's RoundClosed events from block <paramref name="from"/> on, in order.</summary>
    public async Task<IReadOnlyList<RoundClosedEvent>> RoundsClosedSinceAsync(ulong from)
    {
        var closed = Node.Web3.Eth.GetEvent<RoundClosedEvent>(Governance.Hub.Address);
        var logs = await closed.GetAllChangesAsync(closed.CreateFilterInput(new BlockParameter(from), BlockParameter.CreateLatest()));
        return [.. logs.Select(l => l.Event)];
    }

    /// <summary>A round's prices as pricesOf returns them, asset prices then underlying prices: the F slots.</summary>
    public async Task<IReadOnlyList<BigInteger>> PricesOfAsync(ulong roundId)
    {
        var prices = await Governance.Hub.PricesOfAsync(roundId);
        return [.. prices.AssetPrices, .. prices.UnderlyingPrices];
    }

    /// <summary>A folder of its own for one test, with the deployment file and the reporters' key file in it.</summary>
    public string NewFolder(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"cm-oracle-{name}-").FullName;
        Deployment.Write(Path.Combine(folder, "deployment.json"));
        File.WriteAllText(Path.Combine(folder, "reporters.json"), JsonSerializer.Serialize(ReporterKeys));
        return folder;
    }
}

/// <summary>The tests that share <see cref="OracleSystem"/>'s one hub, run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OracleChainCollection : ICollectionFixture<OracleSystem>
{
    public const string Name = "Oracle hub on anvil";
}

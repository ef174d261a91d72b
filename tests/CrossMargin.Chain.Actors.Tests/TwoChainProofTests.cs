using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Actors.Relay;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Margin;
using Nethereum.Signer;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The gate's chain (a <see cref="FlowSystem"/>, 31337) and a second chain (31338) whose lending
/// venue the gate's registry admits as remote, with a relay committee of dev accounts 7, 8, 9
/// (threshold 2) between them.
/// </summary>
public sealed class TwoChainSystem : IAsyncLifetime
{
    public const ulong SourceChainId = 31338;
    public FlowSystem Gate { get; } = new();
    public AnvilNode SourceNode { get; private set; } = null!;
    public SystemContracts Source { get; private set; } = null!;
    public SystemContracts SourceOperator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Gate.InitializeAsync();
        SourceNode = await AnvilNode.StartAsync(new AnvilOptions { ChainId = SourceChainId });
        var web3 = SourceNode.Web3For(0);
        var deployment = await SystemDeployment.RunAsync(web3, new DeploymentConfig { LendingOperator = SourceNode.DevAccounts[1].Address });
        Source = await SystemContracts.ConnectAsync(web3, deployment);
        SourceOperator = Source.As(SourceNode.Web3For(1));
        await SystemSetup.AdmitSampleVenuesAsync(Source);
        await Gate.Governance.Registry.AdmitRemoteVenueAsync(SourceChainId, Source.Registry.Address, Source.Lending.Address);
        await SystemSetup.SetCommitteeAsync(Gate.Governance, [.. new[] { 7, 8, 9 }.Select(i => Gate.Node.DevAccounts[i].Address)], 2);
    }

    public async Task DisposeAsync()
    {
        if (SourceNode is not null) await SourceNode.DisposeAsync();
        await Gate.DisposeAsync();
    }
}

/// <summary>
/// A venue on another chain (item 5 of the chain-layer issue): its commitment reaches the gate's
/// registry only through the relay, ages from its source timestamp, and a proof over it states a
/// tau that covers the relay's delay; the gate refuses a tau that does not.
/// </summary>
public sealed class TwoChainProofTests(TwoChainSystem chains, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoChainSystem>
{
    [Fact]
    public async Task AProofOverAMirroredCommitmentStatesATauCoveringTheRelayDelay()
    {
        var gate = chains.Gate;
        var trader = gate.TraderAddress;
        var random = new Random(5501);

        // The lending venue on the source chain posts the trader's collateral there.
        var lending = FlowSystem.LendingState(25_000m, 20m, 43_000m);
        var remote = Venue.Opening.Of(MarginConfiguration.Small, TwoChainSystem.SourceChainId, chains.Source.Registry.Address, chains.Source.Lending.Address, trader,
            new VenueOpening(lending, 1, new System.Numerics.BigInteger(random.NextInt64(1, long.MaxValue)) << 64, "lending (chain 31338)"));
        await chains.SourceOperator.Lending.PostAsync(trader, remote.Commitment, 1);
        var posted = await chains.SourceNode.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        await chains.SourceNode.MineAsync(2);

        // The relay takes its time: ten minutes pass on the gate's chain before it carries the post.
        await gate.Node.AdvanceTimeAsync(600);
        var relay = await CommitteeRelay.CreateAsync(new RelayOptions
        {
            Source = chains.SourceNode.Web3,
            SourceRegistry = chains.Source.Registry.Address,
            Destination = gate.As(6).Web3,
            DestinationRegistry = gate.Governance.Registry.Address,
            CommitteeKeys = [new EthECKey(AnvilNode.DevKeys[7]), new EthECKey(AnvilNode.DevKeys[8])],
            Confirmations = 2,
            StatePath = Path.Combine(Directory.CreateTempSubdirectory("crossmargin-relay-").FullName, "relay-state.json"),
        });
        var pass = await relay.PassAsync(CancellationToken.None);
        output.WriteLine($"gas mirrorCommitment (2 of 3 signatures): {Assert.Single(pass.Carried).GasUsed}");
        var mirrored = await gate.Governance.Registry.SlotOfAsync(trader, 0);
        Assert.Equal(remote.Commitment, mirrored.Commitment);
        Assert.Equal((ulong)posted.Timestamp.Value, mirrored.Timestamp);

        // The perp venue on the gate's chain posts the trader's options; the trader proves over both.
        var perp = gate.OpeningOf(gate.Operator.Perp.Address, trader, FlowSystem.PerpState(0.5m), 1, random);
        await gate.Operator.Perp.PostAsync(trader, perp.Commitment, 1);
        await gate.CloseRoundAsync(gate.Example.Oracle.AssetPrices, gate.Example.Oracle.UnderlyingPrices);
        var prover = gate.Prover(gate.Keeper);
        var proof = await prover.ProveAsync(trader, [remote, perp], MarginLevel.Maintenance);
        var head = await gate.Node.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        var age = (ulong)head.Timestamp.Value - mirrored.Timestamp;
        Assert.True(proof.Submission.Tau >= age, $"tau {proof.Submission.Tau} s does not cover the mirrored state's age {age} s");
        var outcome = await prover.SubmitAsync(proof);
        Assert.Equal(SubmissionStatus.Recorded, outcome.Submission.Status);
        output.WriteLine($"gas submitProof over a mirrored and a local slot: {outcome.Submission.GasUsed}; tau {proof.Submission.Tau} s for a mirrored state {age} s old");
        Assert.Equal(1UL, (await gate.Governance.Gate.HealthOfAsync(trader)).Nonce);

        // A tau that covered only the local state's age would be refused.
        var round = await gate.Governance.Hub.LatestRoundIdAsync();
        await Assert.ThrowsAsync<TauTooSmallException>(() => gate.Governance.Gate.StatementOfAsync(trader, 1, (byte)MarginLevel.Maintenance, round, 120));
    }
}

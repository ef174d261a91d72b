using System.Numerics;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Actors.Relay;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// Two real anvil nodes standing in for two chains: the destination (the gate's chain, 31337) and
/// the source (31338), shared by the relay tests, which run one after another (one collection)
/// since some of them rewind the source chain.
/// </summary>
public sealed class RelayChains : IAsyncLifetime
{
    public const ulong DestinationChainId = 31337;
    public const ulong SourceChainId = 31338;

    private AnvilNode? _destination;
    private AnvilNode? _source;

    public AnvilNode Destination => _destination ?? throw new InvalidOperationException("the relay chains are not started");
    public AnvilNode Source => _source ?? throw new InvalidOperationException("the relay chains are not started");

    public async Task InitializeAsync()
    {
        _destination = await AnvilNode.StartAsync(new AnvilOptions { ChainId = DestinationChainId });
        _source = await AnvilNode.StartAsync(new AnvilOptions { ChainId = SourceChainId });
    }

    public async Task DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
        if (_destination is not null) await _destination.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RelayCollection : ICollectionFixture<RelayChains>
{
    public const string Name = "Relay: two chains";
}

/// <summary>
/// A fresh system on each chain wired for relaying: on the source, the lending and perpetuals
/// venues admitted locally (dev account 0 deploys, governs and operates them); on the
/// destination, the source's lending venue admitted as remote (not the perpetuals venue) and a
/// committee of dev accounts 1, 2 and 3 with threshold 2. The relay holds the keys of 1 and 2.
/// </summary>
public sealed class RelayRoute
{
    public const int Threshold = 2;
    public static readonly int[] CommitteeAccounts = [1, 2, 3];
    public static readonly int[] RelayKeyAccounts = [1, 2];

    private RelayRoute(RelayChains chains, SystemContracts source, SystemContracts destination)
    {
        Chains = chains;
        Source = source;
        Destination = destination;
    }

    public RelayChains Chains { get; }
    public SystemContracts Source { get; }
    public SystemContracts Destination { get; }

    public static async Task<RelayRoute> DeployAsync(RelayChains chains)
    {
        var source = await DeploySystemAsync(chains.Source);
        await SystemSetup.AdmitSampleVenuesAsync(source);
        var destination = await DeploySystemAsync(chains.Destination);
        await destination.Registry.AdmitRemoteVenueAsync(RelayChains.SourceChainId, source.Registry.Address, source.Lending.Address);
        await SystemSetup.SetCommitteeAsync(destination, CommitteeAccounts.Select(i => chains.Destination.DevAccounts[i].Address), Threshold);
        return new RelayRoute(chains, source, destination);
    }

    private static async Task<SystemContracts> DeploySystemAsync(AnvilNode node)
    {
        var web3 = node.Web3For(0);
        var record = await SystemDeployment.RunAsync(web3, new DeploymentConfig());
        return await SystemContracts.ConnectAsync(web3, record);
    }

    public static IReadOnlyList<EthECKey> KeysOf(IEnumerable<int> accounts) => [.. accounts.Select(i => new EthECKey(AnvilNode.DevKeys[i]))];

    /// <summary>The relay's options: it sends from destination dev account <paramref name="sender"/>.</summary>
    public RelayOptions Options(string statePath, int confirmations = 2, int sender = 4) => new()
    {
        Source = Chains.Source.Web3,
        SourceRegistry = Source.Registry.Address,
        Destination = Chains.Destination.Web3For(sender),
        DestinationRegistry = Destination.Registry.Address,
        CommitteeKeys = KeysOf(RelayKeyAccounts),
        Confirmations = confirmations,
        PollInterval = TimeSpan.FromMilliseconds(200),
        StatePath = statePath,
        FirstBlock = Source.Deployment.Steps.First(s => s.Name == SystemDeployment.Registry).Block,
    };

    /// <summary>
    /// A post by the operator of the source's lending venue (or of <paramref name="venue"/>): its
    /// CommitmentPosted event and block. Sent through a new Account each time, which reads its
    /// nonce from the chain: the dev accounts' Account objects remember the nonces they gave
    /// out, too high once a test has rewound the source (the transaction would wait forever).
    /// </summary>
    public async Task<(CommitmentPostedEvent Post, ulong Block)> PostAsync(string account, BigInteger commitment, ulong stateNonce, string? venue = null)
    {
        var receipt = await new SampleVenueClient(new Web3(new Account(AnvilNode.DevKeys[0], RelayChains.SourceChainId), Chains.Source.Client), venue ?? Source.Lending.Address).PostAsync(account, commitment, stateNonce);
        return (Source.Registry.EventsIn<CommitmentPostedEvent>(receipt).Single(), (ulong)receipt.BlockNumber.Value);
    }

    /// <summary>The source sequences the destination mirrored from this route's source registry, in the order they landed.</summary>
    public async Task<IReadOnlyList<ulong>> MirroredSequencesAsync()
    {
        var events = Chains.Destination.Web3.Eth.GetEvent<CommitmentMirroredEvent>(Destination.Registry.Address);
        var filter = events.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await events.GetAllChangesAsync(filter);
        return [.. logs.Where(l => l.Event.SourceChainId == RelayChains.SourceChainId
                                   && string.Equals(l.Event.SourceRegistry, Source.Registry.Address, StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Event.SourceSequence)];
    }

    public async Task<ulong> SourceTimestampAsync(ulong block) =>
        (ulong)(await Chains.Source.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new BlockParameter(new HexBigInteger(block)))).Timestamp.Value;

    /// <summary>Seeded commitments: nonzero field elements (below 2^248, so below the BN254 scalar field's r).</summary>
    public static IEnumerable<BigInteger> Commitments(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[31];
        while (true)
        {
            random.NextBytes(bytes);
            yield return new BigInteger(bytes, isUnsigned: true) + 1;
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Numerics;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Curves.Encodings;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The whole system of the small circuit on a fresh anvil, deployed by <see cref="SystemDeployment"/>
/// and set up by governance as a venue operator finds it: dev account 0 is governance, account 1
/// the venues' operator (as in ContractClientTests); the sample venues admitted (lending index 1,
/// perp index 2); a SampleToken for settlements; the risk parameters of examples/portfolio.json
/// active and one oracle round closed (reporters: accounts 4 and 5), so that the gate gets as far
/// as verifying a proof. The deployment file is written for the `venue serve` tests.
/// </summary>
public sealed class VenueSystem : AnvilFixture
{
    public const int OperatorAccount = 1;

    public SystemContracts Governance { get; private set; } = null!;

    /// <summary>The same contracts, sending as the venues' operator.</summary>
    public SystemContracts Operator { get; private set; } = null!;

    public SampleTokenClient Token { get; private set; } = null!;
    public string DeploymentFile { get; private set; } = null!;
    public ulong RoundId { get; private set; }

    /// <summary>examples/portfolio.json: its parameters are the active set, its prices the closed round's.</summary>
    public Portfolio Example { get; } = PortfolioFile.Read(Path.Combine(RepoLayout.Root, "examples", "portfolio.json"));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var operatorAddress = Node.DevAccounts[OperatorAccount].Address;
        var governance = Node.Web3For(0);
        var deployment = await SystemDeployment.RunAsync(governance, new DeploymentConfig { LendingOperator = operatorAddress, PerpOperator = operatorAddress });
        Governance = await SystemContracts.ConnectAsync(governance, deployment);
        Operator = Governance.As(Node.Web3For(OperatorAccount));
        await SystemSetup.AdmitSampleVenuesAsync(Governance);
        Token = await SampleTokenClient.DeployAsync(governance, "Sample USD", "sUSD");
        DeploymentFile = Path.Combine(Directory.CreateTempSubdirectory("venue-deployment-").FullName, "deployment.json");
        deployment.Write(DeploymentFile);

        var example = Example;
        await SystemSetup.ProposeParametersAsync(Governance, example.Parameters);
        await Node.AdvanceTimeAsync(await Governance.Registry.ParameterDelayAsync() + 1);
        await SystemSetup.ActivateParametersAsync(Governance);
        var reporters = new[] { 4, 5 };
        await SystemSetup.GrantReportersAsync(Governance, reporters.Select(i => Node.DevAccounts[i].Address));
        List<BigInteger> prices = [.. example.Oracle.AssetPrices, .. example.Oracle.UnderlyingPrices];
        foreach (var reporter in reporters)
            await Governance.As(Node.Web3For(reporter)).Hub.ReportAsync(prices);
        var closed = await Governance.Hub.CloseRoundAsync();
        RoundId = Assert.Single(Governance.Hub.EventsIn<RoundClosedEvent>(closed)).RoundId;
    }

    /// <summary>An operator of <paramref name="venue"/> over the book in <paramref name="dataDirectory"/>, its log lines collected in <paramref name="log"/> when given.</summary>
    public Task<VenueOperator> OperatorAsync(SampleVenueKind venue, string dataDirectory, Func<VenueStep, Opening, Task>? atStep = null, List<string>? log = null) =>
        VenueOperator.OpenAsync(Operator, new VenueOperatorOptions
        {
            Venue = venue,
            DataDirectory = dataDirectory,
            SettlementToken = Token.Address,
            AtStep = atStep,
            Log = log is null ? null : line => { lock (log) log.Add(line); },
        });

    /// <summary>
    /// The trader's proof, as the trader would make it: the C# prover with the small circuit's
    /// development key (the key the deployed verifier is for), over <paramref name="venues"/> in the
    /// registry's slot order, the fixture's round and the active (example) parameters; returned in
    /// the contracts' calldata order.
    /// </summary>
    public List<BigInteger> Prove(string account, ulong nonce, uint tau, MarginLevel level, params VenueOpening[] venues)
    {
        static BigInteger Integer(string address) => BigInteger.Parse("0" + address[2..], System.Globalization.NumberStyles.HexNumber);
        var portfolio = new Portfolio(new StatementContext(Integer(account), Integer(Governance.Gate.Address), Node.ChainId, nonce, tau),
            Example.Oracle with { RoundId = RoundId }, Example.Parameters, venues);
        var circuit = MarginCircuit.Locate(MarginConfiguration.Small, Path.Combine(RepoLayout.Root, "artifacts", "circuits"));
        var key = DevelopmentKeys.Ensure(circuit, Path.Combine(RepoLayout.Root, "artifacts", "keys"));
        var proof = MarginProver.Prove(MarginStatement.ForProof(portfolio, level, MarginConfiguration.Small), circuit, key.Zkey).Proof.Proof;
        var words = new byte[256];
        EvmPointEncoding.WriteG1(proof.A, words.AsSpan(0, 64));
        EvmPointEncoding.WriteG2(proof.B, words.AsSpan(64, 128));
        EvmPointEncoding.WriteG1(proof.C, words.AsSpan(192, 64));
        return [.. words.Chunk(32).Select(w => new BigInteger(w, isUnsigned: true, isBigEndian: true))];
    }

    /// <summary>A fresh, empty data directory.</summary>
    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("venue-book-").FullName;

    /// <summary>A random account (an address nobody holds the key of: posts need none).</summary>
    public static string RandomAccount(Random random)
    {
        var bytes = new byte[20];
        random.NextBytes(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <summary>A random state of the small circuit on venue <paramref name="venueId"/>: balances and debts below 10^12 (a million tokens), up to P positions.</summary>
    public static VenueState RandomState(Random random, uint venueId, bool withPositions = true)
    {
        var configuration = MarginConfiguration.Small;
        BigInteger Amount() => random.NextInt64(0, 1_000_000_000_000);
        BigInteger Signed() => random.NextInt64(-1_000_000_000_000, 1_000_000_000_000);
        var positions = withPositions ? random.Next(configuration.Positions + 1) : 0;
        return new VenueState(venueId,
            [.. Enumerable.Range(0, configuration.Assets).Select(_ => Amount())],
            [.. Enumerable.Range(0, configuration.Assets).Select(_ => Amount())],
            [.. Enumerable.Range(0, positions).Select(_ => new Position(random.Next(configuration.Underlyings), Signed(), Signed(), Signed(), Signed()))]);
    }

    /// <summary>A loopback TCP port nobody listens on now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Stands for a crash of the operator at a step (thrown from <see cref="VenueOperatorOptions.AtStep"/>): nothing after the throw runs.</summary>
public sealed class SimulatedCrashException : Exception;

[CollectionDefinition(Name)]
public sealed class VenueCollection : ICollectionFixture<VenueSystem>
{
    public const string Name = "venue operator on anvil";
}

using System.Numerics;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Testing;
using Nethereum.Web3;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The whole system of the small solvency circuit on a fresh anvil, set up as governance would
/// before anyone proves: deployed by <see cref="SystemDeployment"/>, the sample venues admitted,
/// the example portfolio's risk parameters proposed and (after the timelock) activated, three
/// reporters named, a first oracle round closed at the example's prices, and a sample collateral
/// token. Dev account 0 is governance, 1 the venues' operator, 2 the trader, 3 a keeper, 4 a
/// liquidator, 5-7 the reporters.
/// </summary>
public sealed class FlowSystem : AnvilFixture
{
    public const ulong ParameterDelay = 3600;

    public SystemContracts Governance { get; private set; } = null!;
    public SystemContracts Operator { get; private set; } = null!;
    public SystemContracts Keeper { get; private set; } = null!;
    public SystemContracts Liquidator { get; private set; } = null!;
    public SampleTokenClient Token { get; private set; } = null!;
    public Portfolio Example { get; } = PortfolioFile.Read(Path.Combine(RepoLayout.Root, "examples", "portfolio.json"));
    public MarginCircuit Circuit { get; } = MarginCircuit.Locate(MarginConfiguration.Small, Path.Combine(RepoLayout.Root, "artifacts", "circuits"));
    public string Zkey { get; private set; } = null!;

    public string TraderAddress => Node.DevAccounts[2].Address;
    public string LiquidatorAddress => Node.DevAccounts[4].Address;
    /// <summary>
    /// The system seen by dev account <paramref name="devAccount"/>: one instance per account,
    /// so that its transactions share one nonce count (two Web3s signing for one account would
    /// each count nonces from what the node said when they first asked).
    /// </summary>
    public SystemContracts As(int devAccount)
    {
        lock (_signers)
        {
            if (!_signers.TryGetValue(devAccount, out var system))
                _signers[devAccount] = system = devAccount == 0 ? Governance : Governance.As(Node.Web3For(devAccount));
            return system;
        }
    }

    private readonly Dictionary<int, SystemContracts> _signers = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Zkey = DevelopmentKeys.Ensure(Circuit, Path.Combine(RepoLayout.Root, "artifacts", "keys")).Zkey;
        var web3 = Node.Web3For(0);
        var deployment = await SystemDeployment.RunAsync(web3, new DeploymentConfig
        {
            ParameterDelay = ParameterDelay,
            LendingOperator = Node.DevAccounts[1].Address,
            PerpOperator = Node.DevAccounts[1].Address,
        });
        Governance = await SystemContracts.ConnectAsync(web3, deployment);
        _signers[0] = Governance;
        Operator = As(1);
        Keeper = As(3);
        Liquidator = As(4);
        await SystemSetup.AdmitSampleVenuesAsync(Governance);
        await SystemSetup.GrantReportersAsync(Governance, [.. Enumerable.Range(5, 3).Select(i => Node.DevAccounts[i].Address)]);
        await SystemSetup.ProposeParametersAsync(Governance, Example.Parameters);
        await Node.AdvanceTimeAsync(ParameterDelay);
        await SystemSetup.ActivateParametersAsync(Governance);
        await CloseRoundAsync(Example.Oracle.AssetPrices, Example.Oracle.UnderlyingPrices);
        Token = await SampleTokenClient.DeployAsync(web3, "Sample USD Coin", "sUSDC");
    }

    /// <summary>Has every reporter report these prices (assets then underlyings) and closes the round; returns its id.</summary>
    public async Task<ulong> CloseRoundAsync(IReadOnlyList<BigInteger> assetPrices, IReadOnlyList<BigInteger> underlyingPrices, IReadOnlyList<decimal>? reporterScale = null)
    {
        for (var r = 0; r < 3; r++)
        {
            var scale = reporterScale?[r] ?? 1m;
            List<BigInteger> prices = [.. assetPrices.Concat(underlyingPrices).Select(p => Scale(p, scale))];
            await As(5 + r).Hub.ReportAsync(prices);
        }
        await Governance.Hub.CloseRoundAsync();
        return await Governance.Hub.LatestRoundIdAsync();
    }

    private static BigInteger Scale(BigInteger price, decimal factor) =>
        factor == 1m ? price : new BigInteger(decimal.Round((decimal)price * factor));

    /// <summary>A trader's prover over this deployment, keeping its files in a fresh folder.</summary>
    public TraderProver Prover(SystemContracts sender, string? dataDirectory = null) =>
        new(sender, Circuit, Zkey, dataDirectory ?? Directory.CreateTempSubdirectory("crossmargin-trader-").FullName);

    /// <summary>The opening of <paramref name="state"/> at <paramref name="stateNonce"/> on <paramref name="venue"/> for <paramref name="account"/>, with a blinding drawn from <paramref name="random"/>.</summary>
    public Opening OpeningOf(string venue, string account, VenueState state, ulong stateNonce, Random random)
    {
        var blinding = new BigInteger(random.NextInt64(1, long.MaxValue)) << 128 | new BigInteger(random.NextInt64(1, long.MaxValue));
        return Opening.Of(MarginConfiguration.Small, Governance.ChainId, Governance.Registry.Address, venue, account,
            new VenueOpening(state, stateNonce, blinding, venue == Governance.Lending.Address ? "lending" : "perp"));
    }

    /// <inheritdoc cref="SampleStates.Lending"/>
    public static VenueState LendingState(decimal usdc, decimal eth, decimal usdcDebt) => SampleStates.Lending(usdc, eth, usdcDebt);

    /// <inheritdoc cref="SampleStates.Perp"/>
    public static VenueState PerpState(decimal btcDelta) => SampleStates.Perp(btcDelta);

    /// <inheritdoc cref="SampleStates.Amount"/>
    public static BigInteger Amount(decimal x) => SampleStates.Amount(x);
}

using CrossMargin.Margin;

namespace CrossMargin.Margin.Tests;

/// <summary>Every bound of the doc's table, just inside (accepted) and just outside (refused, naming the value).</summary>
public class MarginBoundsTests
{
    private static readonly BigInteger Two24 = BigInteger.One << 24, Two32 = BigInteger.One << 32, Two56 = BigInteger.One << 56,
        Two64 = BigInteger.One << 64, Two160 = BigInteger.One << 160;

    private static readonly (string Name, Func<BigInteger, Portfolio> Set, BigInteger Inside, BigInteger Outside, string Message)[] Cases =
    [
        ("balance", x => Samples.Hand().WithVenue(1, v => v with { State = v.State with { Balances = v.State.Balances.Replace(1, x) } }), Two64 - 1, Two64, "venues[1].balances[1] (ETH) is 2^64 or more"),
        ("negative balance", x => Samples.Hand().WithVenue(1, v => v with { State = v.State with { Balances = v.State.Balances.Replace(1, x) } }), 0, -1, "venues[1].balances[1] (ETH) is negative"),
        ("debt", x => Samples.Hand().WithVenue(0, v => v with { State = v.State with { Debts = v.State.Debts.Replace(0, x) } }), Two64 - 1, Two64, "venues[0].debts[0] (USD) is 2^64 or more"),
        ("gamma", x => Samples.Hand().WithPosition(1, 0, p => p with { Gamma = x }), Two64 - 1, Two64, "venues[1].positions[0].gamma is 2^64 or more"),
        ("negative gamma", x => Samples.Hand().WithPosition(1, 0, p => p with { Gamma = x }), -Two64, -Two64 - 1, "venues[1].positions[0].gamma is below -2^64"),
        ("delta", x => Samples.Hand().WithPosition(0, 0, p => p with { Delta = x }), -Two64, -Two64 - 1, "venues[0].positions[0].delta is below -2^64"),
        ("vega", x => Samples.Hand().WithPosition(0, 0, p => p with { Vega = x }), Two64 - 1, Two64, "venues[0].positions[0].vega is 2^64 or more"),
        ("mtm", x => Samples.Hand().WithPosition(1, 1, p => p with { MarkToMarket = x }), -Two64, -Two64 - 1, "venues[1].positions[1].markToMarket is below -2^64"),
        ("underlying", x => Samples.Hand().WithPosition(1, 1, p => p with { Underlying = (int)x }), 1, 2, "venues[1].positions[1].underlying is 2, not an underlying slot"),
        ("venue id", x => Samples.Hand().WithVenue(0, v => v with { State = v.State with { VenueId = x } }), Two64 - 1, Two64, "venues[0].venueId is 2^64 or more"),
        ("state nonce", x => Samples.Hand().WithVenue(0, v => v with { StateNonce = x }), Two64 - 1, Two64, "venues[0].stateNonce is 2^64 or more"),
        ("blinding", x => Samples.Hand().WithVenue(1, v => v with { Blinding = x }), Fr.Modulus - 1, Fr.Modulus, "venues[1].blinding is p"),
        ("account", x => Samples.Hand() with { Context = Samples.Hand().Context with { Account = x } }, Two160 - 1, Two160, "context.account is 2^160 or more"),
        ("gate", x => Samples.Hand() with { Context = Samples.Hand().Context with { Gate = x } }, Two160 - 1, Two160, "context.gate is 2^160 or more"),
        ("chain id", x => Samples.Hand() with { Context = Samples.Hand().Context with { ChainId = x } }, Two64 - 1, Two64, "context.chainId is 2^64 or more"),
        ("nonce", x => Samples.Hand() with { Context = Samples.Hand().Context with { Nonce = x } }, Two64 - 1, Two64, "context.nonce is 2^64 or more"),
        ("tau", x => Samples.Hand() with { Context = Samples.Hand().Context with { Tau = x } }, Two32 - 1, Two32, "context.tau is 2^32 or more"),
        ("round id", x => Samples.Hand() with { Oracle = Samples.Hand().Oracle with { RoundId = x } }, Two64 - 1, Two64, "oracle.roundId is 2^64 or more"),
        ("asset price", x => Samples.Hand() with { Oracle = Samples.Hand().Oracle with { AssetPrices = [1, x] } }, Two56 - 1, Two56, "oracle.assetPrices[1] (ETH) is 2^56 or more"),
        ("underlying price", x => Samples.Hand() with { Oracle = Samples.Hand().Oracle with { UnderlyingPrices = [x, 1] } }, Two56 - 1, Two56, "oracle.underlyingPrices[0] (ETH) is 2^56 or more"),
        ("haircut", x => Parameters(p => p with { Assets = p.Assets.Replace(0, p.Assets[0] with { Haircut = x }) }), 1_000_000, 1_000_001, "parameters.assets[0] (USD).haircut is above 10^6"),
        ("debt weight below", x => Parameters(p => p with { Assets = p.Assets.Replace(1, p.Assets[1] with { DebtWeight = x }) }), 1_000_000, 999_999, "parameters.assets[1] (ETH).debtWeight is below 10^6"),
        ("debt weight above", x => Parameters(p => p with { Assets = p.Assets.Replace(1, p.Assets[1] with { DebtWeight = x }) }), Two24 - 1, Two24, "parameters.assets[1] (ETH).debtWeight is 2^24 or more"),
        ("shock", x => Parameters(p => p with { Underlyings = p.Underlyings.Replace(1, p.Underlyings[1] with { Shock = x }) }), Two24 - 1, Two24, "parameters.underlyings[1] (BTC).shock is 2^24 or more"),
        ("vol move", x => Parameters(p => p with { Underlyings = p.Underlyings.Replace(0, p.Underlyings[0] with { VolMove = x }) }), Two24 - 1, Two24, "parameters.underlyings[0] (ETH).volMove is 2^24 or more"),
        ("latency vol", x => Parameters(p => p with { Underlyings = p.Underlyings.Replace(0, p.Underlyings[0] with { LatencyVol = x }) }), 0, -1, "parameters.underlyings[0] (ETH).latencyVol is negative"),
        ("correlation", x => Parameters(p => p with { Correlation = [[1_000_000, x], [0, 1_000_000]] }), -1_000_000, -1_000_001, "parameters.correlation[0][1] is below -10^6"),
        ("grid", x => Parameters(p => p with { Grid = p.Grid.Replace(3, x) }), 1_000_000, 1_000_001, "parameters.grid[3] is above 10^6"),
        ("multiplier", x => Parameters(p => p with { LevelMultiplier = [x, 1] }), Two24 - 1, Two24, "parameters.levelMultiplier[0] is 2^24 or more"),
        ("floor", x => Parameters(p => p with { LevelFloor = [1, x] }), Two64 - 1, Two64, "parameters.levelFloor[1] is 2^64 or more"),
    ];

    private static Portfolio Parameters(Func<RiskParameters, RiskParameters> change)
    {
        var p = Samples.Hand();
        return p with { Parameters = change(p.Parameters) };
    }

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void AValueAtItsBound_IsAccepted_AndOnePast_IsRefusedByName(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        MarginBounds.Check(c.Set(c.Inside), MarginConfiguration.Small);
        var e = Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(c.Set(c.Outside)));
        Assert.StartsWith(c.Message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListsThatDisagreeWithTheParameters_AreRefused()
    {
        var p = Samples.Hand();
        Assert.Contains("oracle.assetPrices has 1 prices; the parameters list 2 assets",
            Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p with { Oracle = p.Oracle with { AssetPrices = [1] } })).Message, StringComparison.Ordinal);
        Assert.Contains("venues[0].debts has 3 entries",
            Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p.WithVenue(0, v => v with { State = v.State with { Debts = [0, 0, 0] } }))).Message, StringComparison.Ordinal);
        Assert.Contains("parameters.correlation[1] has 1 entries",
            Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p with { Parameters = p.Parameters with { Correlation = [[0, 0], [0]] } })).Message, StringComparison.Ordinal);
        Assert.Contains("parameters.levelFloor has 1 entries",
            Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p with { Parameters = p.Parameters with { LevelFloor = [0] } })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorstLossOf2To80OrMore_IsRefused_AsUnprovable()
    {
        // The largest short gamma at the largest price and shock: r is about 2^110.
        var p = Samples.Hand().WithPosition(0, 0, x => x with { Gamma = -Two64 });
        p = p with
        {
            Oracle = p.Oracle with { UnderlyingPrices = [Two56 - 1, 1] },
            Parameters = p.Parameters with { Underlyings = p.Parameters.Underlyings.Replace(0, p.Parameters.Underlyings[0] with { Shock = 1_000_000 }) },
        };
        var e = Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p));
        Assert.StartsWith("derived worstLoss[0] (ETH)", e.Message, StringComparison.Ordinal);
        Assert.Contains("2^80 or more", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLargestInputsWithinBounds_StayBelowTheMagnitudeBound()
    {
        // mag < 2^72 cannot be reached from in-bound inputs: S < 2^56, mp <= 10^6*1000 + 2^24*ceil(sqrt(2^32*10^6)) (a shock
        // is at most 1, RiskParameterValidation), g <= 10^6.
        var p = Samples.Hand() with { Context = Samples.Hand().Context with { Tau = Two32 - 1 } };
        p = p with
        {
            Oracle = p.Oracle with { UnderlyingPrices = [Two56 - 1, Two56 - 1] },
            Parameters = p.Parameters with { Underlyings = [new Underlying("ETH", 1_000_000, 0, Two24 - 1), new Underlying("BTC", 1_000_000, 0, Two24 - 1)] },
        };
        var flat = p.WithVenue(0, v => v with { State = v.State with { Positions = [] } }).WithVenue(1, v => v with { State = v.State with { Positions = [] } });
        var report = MarginCalculator.Calculate(flat);
        Assert.True(report.ShockMagnitude[0][0] < BigInteger.One << 72);
        Assert.True(report.ShockMagnitude[0][0] > BigInteger.One << 69);
    }

    [Fact]
    public void APortfolioLargerThanThePresets_FitsNone_AndSaysWhy()
    {
        var p = Samples.Hand();
        var nine = Enumerable.Range(0, 9).Select(i => p.Venues[0] with { State = p.Venues[0].State with { VenueId = i } }).ToArray();
        var e = Assert.Throws<MarginInputException>(() => MarginConfiguration.SmallestFor(p with { Venues = nine }));
        Assert.Contains("9 venues, more than V = 8", e.Message, StringComparison.Ordinal);
        Assert.Same(MarginConfiguration.Reference, MarginConfiguration.SmallestFor(p with { Venues = nine[..3] }));
        Assert.Same(MarginConfiguration.Small, MarginConfiguration.SmallestFor(p));
        var small = Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p with { Venues = nine[..3] }, MarginConfiguration.Small));
        Assert.Contains("does not fit the configuration small", small.Message, StringComparison.Ordinal);
    }
}

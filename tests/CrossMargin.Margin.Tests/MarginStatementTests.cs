using System.Text.Json.Nodes;
using CrossMargin.Proving;
using CrossMargin.Margin;

namespace CrossMargin.Margin.Tests;

public class MarginStatementTests
{
    private static readonly string[] Public = ["account", "gate", "packed", "priceDigest", "paramHash", "commitments"];

    private static readonly string[] Private =
    [
        "chainId", "nonce", "roundId", "tau", "level", "venueId", "stateNonce", "blinding", "balance", "debt",
        "posUnderlying", "posDelta", "posGamma", "posVega", "posMtm", "assetPrice", "underlyingPrice", "haircut",
        "debtWeight", "shock", "volMove", "latencyVol", "correlation", "grid", "levelMultiplier", "levelFloor",
    ];

    [Fact]
    public void TheProverEntryPoint_RefusesAnInsolventPortfolio_WithTheExplanation_BeforeAnyWitness()
    {
        var portfolio = PortfolioFile.Read(Samples.Example("portfolio-insolvent.json"));
        var e = Assert.Throws<InsolventPortfolioException>(() => MarginStatement.ForProof(portfolio, MarginLevel.Maintenance));
        Assert.Equal(MarginLevel.Maintenance, e.Level);
        Assert.Equal(e.Report.Explain(MarginLevel.Maintenance), e.Message);
        Assert.StartsWith("short by 7,099.69654 USD at maintenance", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheExample_IsProvableAtMaintenance_ButNotAtInitial()
    {
        var portfolio = PortfolioFile.Read(Samples.Example());
        var statement = MarginStatement.ForProof(portfolio, MarginLevel.Maintenance);
        Assert.True(statement.Report.IsSolvent(MarginLevel.Maintenance));
        var e = Assert.Throws<InsolventPortfolioException>(() => MarginStatement.ForProof(portfolio, MarginLevel.Initial));
        Assert.StartsWith("short by 177.622685 USD at initial", e.Message, StringComparison.Ordinal);
        // Build (for tests of the circuit) does not refuse.
        Assert.False(MarginStatement.Build(portfolio, MarginLevel.Initial).Report.IsSolvent(MarginLevel.Initial));
    }

    [Fact]
    public void PublicSignals_AreInTheDocsOrder_WithPackedFieldsAndEmptySlotsZero()
    {
        var portfolio = Samples.Hand() is var p ? p with { Venues = [p.Venues[0]] } : null!;
        var statement = MarginStatement.Build(portfolio, MarginLevel.Maintenance);
        var signals = statement.PublicSignals;
        Assert.Equal(5 + 2, signals.Count);
        Assert.Equal(0x1234, signals[0]);
        Assert.Equal(0x5678, signals[1]);
        var packed = signals[2];
        BigInteger Field(int shift, int bits) => (packed >> shift) & ((BigInteger.One << bits) - 1);
        Assert.Equal(31337, Field(0, 64));
        Assert.Equal(7, Field(64, 64));
        Assert.Equal(99, Field(128, 64));
        Assert.Equal(2, Field(192, 32));
        Assert.Equal(1, packed >> 224);
        Assert.Equal(MarginHashes.OracleDigest(MarginConfiguration.Small, portfolio.Oracle), signals[3]);
        Assert.Equal(MarginHashes.ParameterHash(MarginConfiguration.Small, portfolio.Parameters), signals[4]);
        Assert.Equal(MarginHashes.VenueCommitment(MarginConfiguration.Small, 0x1234, portfolio.Venues[0]), signals[5]);
        Assert.Equal(0, signals[6]);
        Assert.All(signals, s => Assert.True(s >= 0 && s < Fr.Modulus));
    }

    [Fact]
    public void TheCircuitInput_HasExactlyTheMainTemplatesSignals_InTheirShapes()
    {
        var statement = MarginStatement.Build(Samples.Hand(), MarginLevel.Initial, MarginConfiguration.Reference);
        var input = statement.CircuitInput();
        Assert.Equal(Public.Concat(Private).Order(StringComparer.Ordinal), input.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var c = MarginConfiguration.Reference;
        int[] Shape(JsonNode node) => node is JsonArray a ? [a.Count, .. a.Count > 0 && a[0] is JsonArray ? Shape(a[0]!) : []] : [];
        Assert.Equal([c.Venues], Shape(input["commitments"]!));
        Assert.Equal([c.Venues, c.Assets], Shape(input["balance"]!));
        Assert.Equal([c.Venues, c.Positions], Shape(input["posMtm"]!));
        Assert.Equal([c.Underlyings, c.Underlyings], Shape(input["correlation"]!));
        Assert.Equal([c.GridPoints], Shape(input["grid"]!));
        Assert.Equal([2], Shape(input["levelFloor"]!));
        Assert.Equal("0", (string?)input["level"]);
        Assert.Equal("-3000000", (string?)input["posDelta"]![1]![0]);
        Assert.Equal("-500000", (string?)input["correlation"]![0]![1]);
        Assert.Equal("1000000", (string?)input["debtWeight"]![7]);
        var signals = statement.InputSignals();
        Assert.Equal(Public.Length + Private.Length, signals.Count);
        Assert.Equal(c.Venues * c.Positions, signals.Single(s => s.Key == "posGamma").Value.Length);
        Assert.Equal(statement.PublicSignals.Skip(5), signals.Single(s => s.Key == "commitments").Value);
    }
}

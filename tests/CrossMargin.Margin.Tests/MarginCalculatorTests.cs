using CrossMargin.Margin;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// The calculation step by step on <see cref="Samples.Hand"/>, against values worked out
/// independently (exact rational arithmetic, then the doc's rounding), and at the boundary.
/// </summary>
public class MarginCalculatorTests
{
    private static readonly MarginReport Hand = MarginCalculator.Calculate(Samples.Hand());

    [Fact]
    public void TheHandPortfolio_FitsTheSmallPreset()
    {
        Assert.Same(MarginConfiguration.Small, Hand.Configuration);
    }

    [Fact]
    public void Step1_AggregatesBalancesAndDebtsPerAssetOverVenues()
    {
        Assert.Equal([150_000_000, 1_000_000], Hand.TotalBalance);
        Assert.Equal([10_000_000, 500_000], Hand.TotalDebt);
    }

    [Fact]
    public void Step2_CollateralValue_IsFlooredTowardMinusInfinity_WhenNegative()
    {
        // (150*1 - 10*1)*1 USD + (1*0.5 - 0.5*1.2)*2000.00000001 USD = 140 - 200.000000001 USD.
        Assert.Equal(BigInteger.Parse("-6000000000100000000000"), Hand.CollateralValueWide);
        // -60.000000001 USD: floor gives -60.000001; truncation toward zero would give -60.
        Assert.Equal(-60_000_001, Hand.CollateralValue);
    }

    [Fact]
    public void Step3_Equity_AddsEveryPositionsMarkToMarket()
    {
        Assert.Equal(3_000_000, Hand.MarkToMarket);
        Assert.Equal(-57_000_001, Hand.Equity);
    }

    [Fact]
    public void Step4_NetsGreeksPerUnderlyingAcrossVenues()
    {
        Assert.Equal([-1_000_000, 100_000], Hand.NetDelta);
        Assert.Equal([1_000_000_000, 0], Hand.NetGamma);
        Assert.Equal([6_000_000, 0], Hand.NetVega);
    }

    [Fact]
    public void Step5_SqrtTau_IsRoundedUp_AndWidensTheShock()
    {
        // sqrt(2 * 10^6) = 1414.21...: 1415, since 1414^2 < 2*10^6 <= 1415^2.
        Assert.Equal(1415, Hand.SqrtTau);
        Assert.Equal([101_415_000, 200_000_000], Hand.WidenedShock);
    }

    [Fact]
    public void Step6_ShockMagnitudes_AreRoundedUp()
    {
        // 2000 USD * 0.101415 * 0.333333 = 67.609932..39 USD: up to 67.609933.
        Assert.Equal([202_830_000, 101_415_000, 67_609_933, 0], Hand.ShockMagnitude[0]);
        Assert.Equal([6_000_000_000, 3_000_000_000, 1_999_998_000, 0], Hand.ShockMagnitude[1]);
    }

    [Fact]
    public void Step7_DoubledLosses_FollowTheScenarioOrder()
    {
        // q = 4j + 2(s == -1) + (n == -1); ETH at j = 0: -(2e12*s*Delta*mag + Gamma*mag^2 + 2e12*n*Vega*v).
        Assert.Equal(16, Hand.DoubledLoss[0].Count);
        Assert.Equal(BigInteger.Parse("304519991100000000000000000"), Hand.DoubledLoss[0][0]);
        Assert.Equal(BigInteger.Parse("424519991100000000000000000"), Hand.DoubledLoss[0][1]);
        Assert.Equal(BigInteger.Parse("-506800008900000000000000000"), Hand.DoubledLoss[0][2]);
        Assert.Equal(BigInteger.Parse("70648762959735511000000000"), Hand.DoubledLoss[0][8]);
        Assert.Equal(BigInteger.Parse("60000000000000000000000000"), Hand.DoubledLoss[0][13]);
        Assert.Equal(BigInteger.Parse("1200000000000000000000000000"), Hand.DoubledLoss[1][2]);
    }

    [Fact]
    public void Step8_WorstLoss_IsRoundedUp_AndNamesTheFirstMaximisingScenario()
    {
        Assert.Equal(BigInteger.Parse("424519991100000000000000000"), Hand.WorstDoubledLoss[0]);
        Assert.Equal([212_259_996, 600_000_000], Hand.WorstLoss); // 212.2599955.. USD up to 212.259996
        Assert.Equal(new Scenario(1, 0, 1, -1, 1_000_000, 202_830_000), Hand.WorstScenario[0]);
        // BTC has no vega: q = 2 and q = 3 tie; the first wins.
        Assert.Equal(new Scenario(2, 0, -1, 1, 1_000_000, -6_000_000_000), Hand.WorstScenario[1]);
        Assert.Equal(1, Hand.WorstUnderlying);
    }

    [Fact]
    public void Step9_Aggregate_IsTheLeastRootOfTheCorrelatedForm()
    {
        Assert.Equal(BigInteger.Parse("277698308301920016000000"), Hand.QuadraticForm);
        Assert.Equal(526_970_880, Hand.Aggregate);
        Assert.True(Hand.Aggregate * Hand.Aggregate * 1_000_000 >= Hand.QuadraticForm);
        Assert.True((Hand.Aggregate - 1) * (Hand.Aggregate - 1) * 1_000_000 < Hand.QuadraticForm);
    }

    [Fact]
    public void Step10_RequirementAndShortfall_PerLevel()
    {
        Assert.Equal(new LevelResult(MarginLevel.Initial, 1_500_000, 100_000_000, 890_456_320, 947_456_321, false), Hand[MarginLevel.Initial]);
        Assert.Equal(new LevelResult(MarginLevel.Maintenance, 1_000_000, 50_000_000, 576_970_880, 633_970_881, false), Hand[MarginLevel.Maintenance]);
    }

    [Fact]
    public void WithoutPositions_NoScenarioLoses_TheAggregateIsZero_AndTheRequirementIsTheFloor()
    {
        var flat = Samples.Hand().WithVenue(0, v => v with { State = v.State with { Positions = [] } }).WithVenue(1, v => v with { State = v.State with { Positions = [] } });
        var report = MarginCalculator.Calculate(flat);
        Assert.Equal(0, report.Aggregate);
        Assert.Null(report.WorstUnderlying);
        Assert.All(report.WorstScenario, Assert.Null);
        Assert.Equal(100_000_000, report[MarginLevel.Initial].Requirement);
        Assert.Contains("no scenario loses money", report.Explain(MarginLevel.Initial), StringComparison.Ordinal);
    }

    [Fact]
    public void ANegativeQuadraticForm_IsRefused_BeforeAnyFigure()
    {
        // rho = [[0, -1], [-1, 0]] (each entry within bounds, not a correlation matrix) made
        // Q = -2 r0 r1 < 0 and R = 0 beside real losses; the set's rules refuse it now.
        var p = Samples.Hand();
        p = p with { Parameters = p.Parameters with { Correlation = [[0, -1_000_000], [-1_000_000, 0]] } };
        var e = Assert.Throws<MarginInputException>(() => MarginCalculator.Calculate(p));
        Assert.Equal("parameters.correlation[0][0]", e.Path);
    }

    [Theory]
    [InlineData(MarginLevel.Initial)]
    [InlineData(MarginLevel.Maintenance)]
    public void APortfolioExactlyAtTheRequirement_IsSolvent_AndOneValueUnitLess_IsNot(MarginLevel level)
    {
        var p = Samples.Hand();
        var before = MarginCalculator.Calculate(p);
        // Move equity through the first position's mark-to-market; R does not depend on it.
        var gap = before[level].Requirement - before.Equity;
        var at = p.WithPosition(0, 0, x => x with { MarkToMarket = x.MarkToMarket + gap });
        var atReport = MarginCalculator.Calculate(at);
        Assert.Equal(atReport[level].Requirement, atReport.Equity);
        Assert.True(atReport.IsSolvent(level));
        Assert.Equal(0, atReport[level].Shortfall);

        var below = MarginCalculator.Calculate(at.WithPosition(0, 0, x => x with { MarkToMarket = x.MarkToMarket - 1 }));
        Assert.False(below.IsSolvent(level));
        Assert.Equal(1, below[level].Shortfall);
        Assert.StartsWith($"short by 0.000001 USD at {level.ToString().ToLowerInvariant()}", below.Explain(level), StringComparison.Ordinal);
    }

    [Fact]
    public void TheExactCheckAndTheShownRequirement_Agree_OnRandomPortfolios()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var p = Samples.Hand().WithPosition(0, 0, x => x with
            {
                Delta = random.NextInt64(-10_000_000, 10_000_000),
                Gamma = random.NextInt64(-10_000_000_000, 10_000_000_000),
                Vega = random.NextInt64(-100_000_000, 100_000_000),
                MarkToMarket = random.NextInt64(-2_000_000_000, 2_000_000_000),
            });
            p = p with { Parameters = p.Parameters with { LevelMultiplier = [random.Next(2_000_000, 3_000_000), random.Next(1_000_000, 2_000_001)] } };
            var report = MarginCalculator.Calculate(p);
            foreach (var level in report.Levels)
            {
                Assert.Equal(report.Equity >= level.Requirement, level.Solvent);
                Assert.Equal(report.Equity * 1_000_000 >= level.Multiplier * report.Aggregate + level.Floor * 1_000_000, level.Solvent);
                Assert.Equal(level.Solvent ? 0 : level.Requirement - report.Equity, level.Shortfall);
            }
            for (var u = 0; u < 2; u++)
            {
                Assert.True(report.WorstLoss[u] * 2_000_000_000_000_000_000 >= report.WorstDoubledLoss[u]);
                Assert.True((report.WorstLoss[u] - 1) * 2_000_000_000_000_000_000 < report.WorstDoubledLoss[u] || report.WorstLoss[u] == 0);
            }
        }
    }

    [Fact]
    public void TheExplanation_NamesShortfallRequirementEquityAndTheWorstScenario()
    {
        Assert.Equal(
            "short by 633.970881 USD at maintenance (requirement 576.97088 USD, equity -57.000001 USD); "
            + "worst underlying BTC: loss 600.00 USD at price -100% of the shock (-6,000.00 USD), vol up",
            Hand.Explain(MarginLevel.Maintenance));
    }

    [Fact]
    public void FiguresBySignal_NameEveryExposedCircuitSignal()
    {
        var figures = Hand.FiguresBySignal;
        Assert.Equal(4 + 2 * (5 + 4), figures.Count);
        Assert.Equal(-60_000_001, figures["main.collateralValue"]);
        Assert.Equal(-57_000_001, figures["main.equity"]);
        Assert.Equal(-1_000_000, figures["main.netDelta[0]"]);
        Assert.Equal(1_000_000_000, figures["main.netGamma[0]"]);
        Assert.Equal(6_000_000, figures["main.netVega[0]"]);
        Assert.Equal(1415, figures["main.sqrtTau"]);
        Assert.Equal(200_000_000, figures["main.widenedShock[1]"]);
        Assert.Equal(67_609_933, figures["main.shockMagnitude[0][2]"]);
        Assert.Equal(212_259_996, figures["main.worstLoss[0]"]);
        Assert.Equal(526_970_880, figures["main.aggregate"]);
    }
}

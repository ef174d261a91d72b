using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using CrossMargin.Margin;
using CrossMargin.Testing;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// The engine against the solvency circuit (circuits/margin/solvency_small.circom): the witness
/// circom computes from the engine's circuit input holds the engine's public signals and, name
/// by name, every figure the engine reports; a statement the engine calls false has no witness.
/// </summary>
public class CircuitDifferentialTests
{
    internal static readonly Lazy<(WitnessCalculator Calculator, Dictionary<string, long> Wires)> Small = new(() => Load("margin/solvency_small"));
    internal static readonly Lazy<(WitnessCalculator Calculator, Dictionary<string, long> Wires)> Reference = new(() => Load("margin/solvency_reference"));

    private static (WitnessCalculator Calculator, Dictionary<string, long> Wires) Load(string circuit)
    {
        var artifacts = RepoLayout.Circuit(circuit);
        var wires = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(artifacts.Sym))
        {
            var parts = line.Split(',', 4);
            if (parts.Length == 4 && long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) is var wire and >= 0) wires[parts[3]] = wire;
        }
        return (WitnessCalculator.Load(artifacts.Wasm), wires);
    }

    /// <summary>Asserts the circuit's witness agrees with the engine (public signals, every figure wire); returns the witness.</summary>
    internal static Fr[] AssertAgrees(MarginStatement statement)
    {
        var (calculator, wires) = statement.Configuration == MarginConfiguration.Small ? Small.Value : Reference.Value;
        Fr[] witness;
        lock (calculator) witness = calculator.Calculate(statement.InputSignals());
        var publicSignals = statement.PublicSignals;
        for (var i = 0; i < publicSignals.Count; i++) Assert.Equal(publicSignals[i], witness[1 + i].ToBigInteger());
        var compared = 0;
        foreach (var (name, value) in statement.Report.FiguresBySignal)
        {
            if (!wires.TryGetValue(name, out var wire)) continue; // optimised away by circom
            Assert.True(Fr.FromBigInteger(value) == witness[wire], $"{name}: engine {value}, circuit {witness[wire]}");
            compared++;
        }
        Assert.True(compared >= 10, $"only {compared} figures are wires of the circuit");
        return witness;
    }

    [Fact]
    public void TheExamplePortfolio_HasTheEnginesPublicSignalsAndFigures_InTheCircuitsWitness()
    {
        AssertAgrees(MarginStatement.ForProof(PortfolioFile.Read(Samples.Example()), MarginLevel.Maintenance));
    }

    [Fact]
    public void APortfolioExactlyAtTheRequirement_HasAWitness_AndOneUnitLessHasNone()
    {
        var p = Samples.Hand();
        var report = MarginCalculator.Calculate(p);
        var gap = report[MarginLevel.Maintenance].Requirement - report.Equity;
        var at = p.WithPosition(0, 0, x => x with { MarkToMarket = x.MarkToMarket + gap });
        AssertAgrees(MarginStatement.ForProof(at, MarginLevel.Maintenance));

        var below = MarginStatement.Build(at.WithPosition(0, 0, x => x with { MarkToMarket = x.MarkToMarket - 1 }), MarginLevel.Maintenance);
        Assert.False(below.Report.IsSolvent(MarginLevel.Maintenance));
        var (calculator, _) = Small.Value;
        lock (calculator) Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(below.InputSignals()));
    }

    [Fact]
    public void RandomSolventPortfolios_AgreeWithTheCircuit_FigureByFigure()
    {
        var random = new Random(21);
        for (var i = 0; i < 12; i++)
        {
            var p = Samples.Hand()
                .WithPosition(0, 0, x => x with
                {
                    Delta = random.NextInt64(-50_000_000, 50_000_000),
                    Gamma = random.NextInt64(-50_000_000_000, 50_000_000_000),
                    Vega = random.NextInt64(-500_000_000, 500_000_000),
                    MarkToMarket = random.NextInt64(0, 2_000_000_000),
                })
                .WithPosition(1, 1, x => x with { Delta = random.NextInt64(-1_000_000, 1_000_000), Gamma = random.NextInt64(-1_000_000_000, 1_000_000_000) })
                .WithVenue(0, v => v with { State = v.State with { Balances = [random.NextInt64(0, 1_000_000_000_000), random.NextInt64(0, 1_000_000_000)] } });
            p = p with { Context = p.Context with { Tau = random.Next(0, 100_000) } };
            var report = MarginCalculator.Calculate(p);
            // Lift equity to the requirement plus a random margin so the statement holds.
            var gap = BigInteger.Max(0, report[MarginLevel.Initial].Requirement - report.Equity) + random.Next(0, 1000);
            p = p.WithPosition(1, 0, x => x with { MarkToMarket = x.MarkToMarket + gap });
            AssertAgrees(MarginStatement.ForProof(p, MarginLevel.Initial));
        }
    }

    [Fact]
    public void AThreeVenuePortfolio_InTheReferenceCircuit_AgreesWithItsPaddedSlots()
    {
        // Unused asset slots carry debt weight 1 (10^6), unused underlyings and grid points 0.
        var p = PortfolioFile.Read(Samples.Example());
        var extra = p.Venues[1] with { State = p.Venues[1].State with { VenueId = 3, Positions = [] }, StateNonce = 1, Blinding = 77, Name = "perps" };
        var statement = MarginStatement.ForProof(p with { Venues = [.. p.Venues, extra] }, MarginLevel.Maintenance);
        Assert.Same(MarginConfiguration.Reference, statement.Configuration);
        AssertAgrees(statement);
    }

    [Fact]
    public void ValuesAtTheirBounds_AgreeWithTheCircuit()
    {
        var two64 = BigInteger.One << 64;
        var p = Samples.Hand()
            .WithPosition(0, 0, x => x with { Delta = -two64, Gamma = two64 - 1, Vega = -two64, MarkToMarket = two64 - 1 })
            .WithPosition(1, 0, x => x with { Delta = -two64, Gamma = two64 - 1, MarkToMarket = -two64 })
            .WithVenue(1, v => v with { State = v.State with { Balances = [two64 - 1, two64 - 1], VenueId = two64 - 1 }, StateNonce = two64 - 1, Blinding = Fr.Modulus - 1 });
        p = p with
        {
            Context = p.Context with { Account = (BigInteger.One << 160) - 1, Gate = (BigInteger.One << 160) - 1, Tau = (BigInteger.One << 32) - 1, Nonce = two64 - 1, ChainId = two64 - 1 },
            Oracle = p.Oracle with { AssetPrices = [(BigInteger.One << 56) - 1, (BigInteger.One << 56) - 1], RoundId = two64 - 1 },
            // The largest tau with a small latency vol, so that the losses stay below 2^80.
            Parameters = p.Parameters with { Underlyings = p.Parameters.Underlyings.Replace(0, p.Parameters.Underlyings[0] with { LatencyVol = 1 }) },
        };
        var statement = MarginStatement.ForProof(p, MarginLevel.Maintenance);
        Assert.True(statement.Report.WorstLoss[0] > BigInteger.One << 70);
        AssertAgrees(statement);
    }
}

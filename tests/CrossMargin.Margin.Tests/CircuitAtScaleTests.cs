using System.Diagnostics;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit.Abstractions;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// The engine against the solvency circuit at scale (issue 5): seeded random portfolios over the
/// configuration's whole space (<see cref="RandomPortfolios"/>), each placed near its threshold
/// at a random level — exactly at it, one VALUE short, or a random distance either side — so that
/// about half are solvent. For every one: the witness computes if and only if the engine says
/// solvent; when it does, its public signals and every figure wire are the engine's (and, for a
/// sample, the R1CS is satisfied); when not, circom's assertion refuses it.
/// </summary>
public class CircuitAtScaleTests(ITestOutputHelper output)
{
    private sealed record Tally(int Solvent, int Insolvent, int AtThreshold, int OneUnder, int Tamed, int R1csChecked, TimeSpan Witness);

    private static Tally Run(MarginConfiguration c, int from, int count, int r1csEvery)
    {
        var (calculator, _) = c == MarginConfiguration.Small ? CircuitDifferentialTests.Small.Value : CircuitDifferentialTests.Reference.Value;
        var r1cs = new Lazy<R1csFile>(() => R1csFile.Read(RepoLayout.Circuit(c == MarginConfiguration.Small ? "margin/solvency_small" : "margin/solvency_reference").R1cs));
        int solvent = 0, insolvent = 0, at = 0, under = 0, tamed = 0, checkedR1cs = 0;
        var clock = new Stopwatch();
        for (var seed = from; seed < from + count; seed++)
        {
            var p = RandomPortfolios.Draw(seed, c);
            // Greeks drawn up to 2^64 put most losses beyond 2^80 VALUE; shrink those until the
            // engine computes (the circuit fails closed beyond, see the adversarial tests).
            for (var shift = 8; !Computes(p, c); shift += 8)
            {
                p = RandomPortfolios.Tame(RandomPortfolios.Draw(seed, c), shift);
                if (shift == 8) tamed++;
            }
            var random = new Random(seed);
            var level = (MarginLevel)random.Next(2);
            BigInteger excess = (seed % 8) switch
            {
                0 or 1 => 0,
                2 or 3 => -1,
                4 => random.NextInt64(1, 1_000_000),
                5 => -random.NextInt64(2, 1_000_000),
                6 => RandomPortfolios.Uniform(random, BigInteger.One << 60),
                _ => -RandomPortfolios.Uniform(random, BigInteger.One << 60) - 1,
            };
            var placed = RandomPortfolios.NearThreshold(p, level, excess, c);
            if (placed is not null && excess == 0) at++;
            if (placed is not null && excess == -1) under++;
            var statement = MarginStatement.Build(placed ?? p, level, c);
            try
            {
                if (statement.Report.IsSolvent(level))
                {
                    clock.Start();
                    var witness = CircuitDifferentialTests.AssertAgrees(statement);
                    clock.Stop();
                    solvent++;
                    if (solvent % r1csEvery == 1)
                    {
                        Assert.Equal(-1, r1cs.Value.System.FirstUnsatisfied(witness));
                        checkedR1cs++;
                    }
                }
                else
                {
                    var input = statement.InputSignals();
                    clock.Start();
                    WitnessCalculationException refused;
                    // One calculator instance serves every test class (not concurrently: it is one wasm store).
                    lock (calculator) refused = Assert.Throws<WitnessCalculationException>(() => calculator.Calculate(input));
                    clock.Stop();
                    Assert.Contains("assert failed", refused.Message, StringComparison.Ordinal);
                    insolvent++;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException(
                    $"seed {seed}: the engine says {(statement.Report.IsSolvent(level) ? "solvent" : "insolvent")} at {level} and the circuit disagrees: {e.Message}\ninput: {statement.CircuitInput().ToJsonString()}", e);
            }
        }
        return new Tally(solvent, insolvent, at, under, tamed, checkedR1cs, clock.Elapsed);
    }

    private static bool Computes(Portfolio p, MarginConfiguration c)
    {
        try
        {
            MarginCalculator.Calculate(p, c);
            return true;
        }
        catch (MarginInputException e) when (e.Path.StartsWith("derived", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private void Report(string what, Tally t, TimeSpan total)
    {
        var n = t.Solvent + t.Insolvent;
        output.WriteLine($"{what}: {n} portfolios, {t.Solvent} solvent, {t.Insolvent} insolvent; {t.AtThreshold} exactly at the requirement, {t.OneUnder} one VALUE short; " +
            $"{t.Tamed} draws shrunk below the derived bounds; R1CS checked on {t.R1csChecked}; witness time {t.Witness.TotalMilliseconds / n:F1} ms per portfolio, total {total.TotalSeconds:F1} s");
        Assert.InRange(t.Solvent, n / 4, 3 * n / 4);
        Assert.True(t.AtThreshold >= n / 8 && t.OneUnder >= n / 8, "too few portfolios at the threshold");
    }

    /// <summary>
    /// Portfolios per run of the small set: 500 fit about a minute on a loaded 2-core machine
    /// (about 0.1 s each, nearly all of it the wasm witness); CROSSMARGIN_MARGIN_PORTFOLIOS=2000
    /// (or more) runs the full set.
    /// </summary>
    private static int SmallCount =>
        int.TryParse(Environment.GetEnvironmentVariable("CROSSMARGIN_MARGIN_PORTFOLIOS"), out var n) && n > 0 ? n : 500;

    [Fact]
    public void RandomPortfoliosNearTheirThreshold_HaveAWitnessIffSolvent_WithTheEnginesPublicSignalsAndFigures_Small()
    {
        var clock = Stopwatch.StartNew();
        var tally = Run(MarginConfiguration.Small, from: 0, count: SmallCount, r1csEvery: 50);
        Report("small", tally, clock.Elapsed);
    }

    [Fact]
    public void TwentyRandomPortfoliosNearTheirThreshold_HaveAWitnessIffSolvent_WithTheEnginesPublicSignalsAndFigures_Reference()
    {
        var clock = Stopwatch.StartNew();
        var tally = Run(MarginConfiguration.Reference, from: 100_000, count: 20, r1csEvery: 10);
        Report("reference", tally, clock.Elapsed);
    }
}

using CrossMargin.Proving;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit.Abstractions;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// The solvency circuit has no under-constrained signal (CrossMargin.Soundness: no
/// non-input signal can take another value, alone or with a compensating partner, with the
/// inputs fixed) at witnesses that take each branch of its hints: both venues used, an empty
/// venue slot with empty positions (net greeks and losses 0, so R = 0 and every IsZero at 0),
/// tau = 0 (sqrtTau = 0), and a negative quadratic form (Q &lt; 0, so R = 0 with Q nonzero).
/// The small circuit is analysed in its --O1 build (circuits/testing/margin/solvency_small_o1):
/// --O2 folds linear constraints into others, which hides the bit decompositions from which the
/// harness proves signals determined; the two builds are the same constraints up to
/// substitution. The production builds are analysed too, without the (slow) pair search.
/// </summary>
public class CircuitSoundnessTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => new() { "both venues used", "an empty venue slot, no positions", "tau 0", "Q = 0 with losses" };

    private static MarginStatement Case(string name, MarginConfiguration? configuration = null)
    {
        var p = AdversarialCircuitTests.Base();
        switch (name)
        {
            case "both venues used":
                break;
            case "an empty venue slot, no positions":
                p = p with { Venues = [p.Venues[0] with { State = p.Venues[0].State with { Positions = [] } }] };
                p = p.WithVenue(0, v => v with { State = v.State with { Balances = [1_000_000_000_000, 0] } });
                break;
            case "tau 0":
                p = p with { Context = p.Context with { Tau = 0 } };
                break;
            case "Q = 0 with losses":
                // Two identical underlyings, perfectly anti-correlated (rho = -1, a correlation
                // matrix: semidefinite), with equal losses: Q = r0^2 - 2 r0 r1 + r1^2 = 0, so R = 0.
                // (Q < 0 is no longer a parameter set the engine accepts: RiskParameterValidation.)
                var twin = p.Parameters.Underlyings[0];
                p = p with
                {
                    Oracle = p.Oracle with { UnderlyingPrices = [p.Oracle.UnderlyingPrices[0], p.Oracle.UnderlyingPrices[0]] },
                    Parameters = p.Parameters with { Underlyings = [twin, twin with { Symbol = "BTC" }], Correlation = [[1_000_000, -1_000_000], [-1_000_000, 1_000_000]] },
                };
                p = p.WithVenue(0, v => v with { State = v.State with { Positions = [] } });
                p = p.WithVenue(1, v => v with { State = v.State with { Positions = [new Position(0, -5_000_000, 0, 0, 0), new Position(1, -5_000_000, 0, 0, 0)] } });
                break;
            default:
                throw new ArgumentException(name);
        }
        var c = configuration ?? MarginConfiguration.Small;
        var statement = MarginStatement.Build(p, MarginLevel.Maintenance, c);
        if (!statement.Report.IsSolvent(MarginLevel.Maintenance))
        {
            var report = statement.Report;
            var gap = report[MarginLevel.Maintenance].Requirement - report.Equity;
            p = p.WithVenue(0, v => v with { State = v.State with { Balances = v.State.Balances.Replace(0, v.State.Balances[0] + gap) } });
        }
        return MarginStatement.ForProof(p, MarginLevel.Maintenance, c);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheSmallCircuit_HasNoUnderConstrainedSignal(string name)
    {
        var statement = Case(name);
        var report = statement.Report;
        switch (name)
        {
            case "an empty venue slot, no positions":
                Assert.Equal(0, statement.Commitments[1]);
                Assert.True(report.Aggregate.IsZero);
                break;
            case "tau 0":
                Assert.True(report.SqrtTau.IsZero);
                break;
            case "Q = 0 with losses":
                Assert.True(report.QuadraticForm.IsZero && report.WorstLoss.All(r => r.Sign > 0) && report.Aggregate.IsZero);
                break;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var analysis = CircuitSoundness.Analyze(UnoptimisedSmall, statement.InputSignals());
        output.WriteLine($"{name}: {analysis.Summary} ({clock.Elapsed.TotalSeconds:F1} s)");
        CircuitSoundness.AssertNoFindings(UnoptimisedSmall, analysis);
        // Every signal, the divisions', square roots' and maxima's included, is proved
        // determined by the inputs: their range checks leave one answer.
        Assert.Equal(Soundness.UnderconstraintVerdict.ProvedUnique, analysis.Verdict);
    }

    private const string UnoptimisedSmall = "testing/margin/solvency_small_o1";

    /// <summary>
    /// The small circuit as deployed (--O2), at every case: the audit proves the witness unique
    /// (every figure the verdict rests on, collateral value, worst losses, the aggregate and the
    /// requirement, determined by the public and committed inputs).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void TheSmallCircuitAsDeployed_IsProvedUnique(string name)
    {
        var statement = Case(name);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var analysis = CircuitSoundness.Analyze("margin/solvency_small", statement.InputSignals(), new CrossMargin.Soundness.UnderconstraintOptions { Pairs = false });
        output.WriteLine($"small (--O2), {name}: {analysis.Summary} ({clock.Elapsed.TotalSeconds:F1} s)");
        Assert.Equal(Soundness.UnderconstraintVerdict.ProvedUnique, analysis.Verdict);
    }

    /// <summary>
    /// The reference circuit (55k signals), whose --O2 compilation folds 195 private inputs (the
    /// positions' greeks and values) into their range-checked encodings: fixed through circom's
    /// substitutions, the witness is proved unique as well.
    /// </summary>
    [Fact]
    public void TheReferenceCircuit_IsProvedUnique_WithBothVenuesUsedAndSixSlotsEmpty()
    {
        var statement = Case("both venues used", MarginConfiguration.Reference);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var analysis = CircuitSoundness.Analyze("margin/solvency_reference", statement.InputSignals(), new CrossMargin.Soundness.UnderconstraintOptions { Pairs = false });
        output.WriteLine($"reference: {analysis.Summary} ({clock.Elapsed.TotalSeconds:F1} s)");
        Assert.Equal(Soundness.UnderconstraintVerdict.ProvedUnique, analysis.Verdict);
    }
}

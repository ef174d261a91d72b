using CrossMargin.Circom.Soundness;
using CrossMargin.Testing;
using Xunit.Abstractions;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// The soundness harness (CrossMargin.Circom.Soundness) on the solvency circuit: at valid
/// witnesses that take each of the circuit's branches (both venues used, an empty venue slot,
/// empty positions, tau = 0 so sqrtTau = 0, no losses so the aggregate is 0 and the quadratic
/// form is not positive), no non-input signal can change alone, in a compensating pair or in a
/// cascade while every constraint still holds.
/// The --O1 build (circuits/testing/margin/solvency_small_o1.circom) is analysed: --O2 folds
/// linear constraints into others, which hides the bit decompositions the harness proves
/// unique from; both builds are the same constraints up to substitution.
/// </summary>
public sealed class SolvencySoundnessTests(ITestOutputHelper output)
{
    private const string UnoptimisedSmall = "testing/margin/solvency_small_o1";

    public static TheoryData<string> Witnesses() => new(Cases.Keys);

    // The hand-computed portfolio with 1,000,000 USD more collateral on venue 0, so that every
    // case is solvent and has a witness.
    private static Portfolio Funded() =>
        Samples.Hand().WithVenue(0, v => v with { State = v.State with { Balances = v.State.Balances.Replace(0, 1_000_000_000_000) } });

    private static readonly Dictionary<string, Func<Portfolio>> Cases = new()
    {
        ["both venues, every kind of position"] = Funded,
        ["one venue, the other slot empty"] = () => Funded() with { Venues = [Funded().Venues[0]] },
        ["a venue without positions"] = () => Funded().WithVenue(1, v => v with { State = v.State with { Positions = [] } }),
        ["tau = 0"] = () => Funded() with { Context = Funded().Context with { Tau = 0 } },
        ["no position at all: every loss and the aggregate are 0"] = () => Funded() with
        {
            Venues = [.. Funded().Venues.Select(v => v with { State = v.State with { Positions = [] } })],
        },
    };

    [Theory]
    [MemberData(nameof(Witnesses))]
    public void NoSignalOfTheSolvencyCircuit_CanChangeWhileTheConstraintsHold(string name)
    {
        var statement = MarginStatement.Build(Cases[name](), MarginLevel.Maintenance, MarginConfiguration.Small);
        Assert.True(statement.Report.IsSolvent(MarginLevel.Maintenance), "the case must have a witness");
        var report = CircuitSoundness.Analyze(UnoptimisedSmall, statement.InputSignals());
        output.WriteLine(report.Summary);
        CircuitSoundness.AssertNoFindings(UnoptimisedSmall, report);
        // Propagation from the inputs alone proves most of the witness unique (everything up to
        // the first division, whose uniqueness rests on its remainder's range, beyond the rules).
        Assert.True(report.SignalsDetermined > report.SignalsChecked / 2, report.Summary);
    }

    [Fact]
    public void TheProductionBuild_HasNoFindingEither()
    {
        var statement = MarginStatement.Build(Funded(), MarginLevel.Maintenance, MarginConfiguration.Small);
        var report = CircuitSoundness.Analyze("margin/solvency_small", statement.InputSignals(),
            new UnderconstraintOptions { Pairs = false });
        output.WriteLine(report.Summary);
        CircuitSoundness.AssertNoFindings("margin/solvency_small", report);
    }
}

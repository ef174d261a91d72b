using System.CommandLine;
using CrossMargin.Margin;

namespace CrossMargin.Cli;

/// <summary>
/// The margin verbs:
/// <code>
/// margin check &lt;portfolio.json&gt; [--level initial|maintenance]
/// </code>
/// check prints every figure of the margin calculation (docs/margin-model.md) for the
/// portfolio file (docs/portfolio.md) and exits 0 when it is solvent at the level (default
/// maintenance), 1 when it is not (with the explanation), 2 for a file that cannot be read or
/// is out of the model's bounds.
/// </summary>
public static class MarginCommands
{
    /// <summary>Adds the `margin` verb group (created when no other verb group made it) and its `check` verb.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var margin = root.Subcommands.FirstOrDefault(c => c.Name == "margin");
        if (margin is null)
        {
            margin = new Command("margin", "Cross-venue margin: check a portfolio's solvency, prove it.");
            root.Add(margin);
        }
        margin.Add(Check());
    }

    /// <summary>The --level option shared by the margin verbs.</summary>
    public static Option<string> LevelOption() => new("--level")
    {
        Description = "The requirement level: initial or maintenance.",
        DefaultValueFactory = _ => "maintenance",
    };

    /// <summary>"initial" or "maintenance" (any case) as a level; null otherwise.</summary>
    public static MarginLevel? ParseLevel(string? text) => text?.ToLowerInvariant() switch
    {
        "initial" => MarginLevel.Initial,
        "maintenance" => MarginLevel.Maintenance,
        _ => null,
    };

    private static Command Check()
    {
        var file = new Argument<string>("portfolio.json") { Description = "The portfolio (docs/portfolio.md)." };
        var level = LevelOption();
        var check = new Command("check", "Compute the portfolio's margin figures; exit 0 when solvent at the level, 1 when not.") { file, level };
        check.SetAction(parse => CommandLine.Guard(() => GuardMargin(() =>
        {
            if (ParseLevel(parse.GetValue(level)) is not { } wanted)
                return CommandLine.Fail(ExitCodes.BadInput, $"--level is '{parse.GetValue(level)}'; it must be initial or maintenance");
            var path = parse.GetValue(file)!;
            var portfolio = PortfolioFile.Read(path);
            var report = MarginCalculator.Calculate(portfolio);
            Print(path, report);
            var explanation = report.Explain(wanted);
            if (report.IsSolvent(wanted))
            {
                Console.WriteLine($"OK: {explanation}");
                return ExitCodes.Ok;
            }
            return CommandLine.Fail(ExitCodes.Invalid, explanation);
        })));
        return check;
    }

    /// <summary>
    /// The margin model's input errors are bad input (exit 2); a portfolio refused for a proof
    /// because it is not solvent is an invalid statement (exit 1, with the explanation).
    /// Use inside <see cref="CommandLine.Guard"/>.
    /// </summary>
    internal static int GuardMargin(Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (InsolventPortfolioException e)
        {
            return CommandLine.Fail(ExitCodes.Invalid, e.Message);
        }
        catch (PortfolioFormatException e)
        {
            return CommandLine.Fail(ExitCodes.BadInput, e.Message);
        }
        catch (MarginInputException e)
        {
            return CommandLine.Fail(ExitCodes.BadInput, e.Message);
        }
    }

    private static void Print(string path, MarginReport report)
    {
        var p = report.Portfolio;
        var c = report.Configuration;
        var venues = string.Join(", ", p.Venues.Select((v, i) => v.Name.Length > 0 ? v.Name : $"venue {i}"));
        Console.WriteLine($"portfolio {path}: {p.Venues.Count} venue(s) ({venues}); configuration {c.Name} ({c}); oracle round {p.Oracle.RoundId}; tau {p.Context.Tau} s");
        Console.WriteLine();
        Console.WriteLine($"  {"collateral value",-18} {FixedPoint.Usd(report.CollateralValue),22}");
        Console.WriteLine($"  {"mark-to-market",-18} {FixedPoint.Usd(report.MarkToMarket),22}");
        Console.WriteLine($"  {"equity",-18} {FixedPoint.Usd(report.Equity),22}");
        Console.WriteLine();
        Console.WriteLine($"  {"underlying",-10} {"net delta",14} {"net gamma",18} {"net vega (USD/pt)",18} {"shock",12} {"worst loss",20}  worst scenario");
        for (var u = 0; u < p.Parameters.Underlyings.Count; u++)
        {
            var scenario = report.WorstScenario[u]?.Describe() ?? "none loses money";
            Console.WriteLine($"  {report.UnderlyingNames[u],-10} {FixedPoint.Format(report.NetDelta[u], FixedPoint.AmountDecimals),14} "
                + $"{FixedPoint.Format(report.NetGamma[u], FixedPoint.GammaDecimals),18} {FixedPoint.Format(report.NetVega[u], FixedPoint.ValueDecimals),18} "
                + $"{FixedPoint.Format(report.WidenedShock[u], 7) + "%",12} {FixedPoint.Usd(report.WorstLoss[u]),20}  {scenario}");
        }
        Console.WriteLine($"  (shock = m + sigma*sqrt(tau), sqrt(tau) rounded up to {FixedPoint.Format(report.SqrtTau, 3)})");
        Console.WriteLine();
        Console.WriteLine($"  {"aggregate R",-18} {FixedPoint.Usd(report.Aggregate),22}  (correlated)");
        Console.WriteLine();
        Console.WriteLine($"  {"level",-12} {"multiplier",10} {"floor",16} {"requirement",20}  verdict");
        foreach (var level in report.Levels)
        {
            var verdict = level.Solvent ? "solvent" : $"short by {FixedPoint.Usd(level.Shortfall)}";
            Console.WriteLine($"  {level.Level.ToString().ToLowerInvariant(),-12} {FixedPoint.Format(level.Multiplier, FixedPoint.RatioDecimals),10} "
                + $"{FixedPoint.Usd(level.Floor),16} {FixedPoint.Usd(level.Requirement),20}  {verdict}");
        }
        Console.WriteLine();
    }
}

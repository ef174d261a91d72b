using System.CommandLine;
using CrossMargin.Proving;
using CrossMargin.Margin;
using CrossMargin.Snarkjs;

namespace CrossMargin.Cli;

/// <summary>
/// The margin verbs:
/// <code>
/// margin check &lt;portfolio.json&gt; [--level initial|maintenance]
/// margin prove &lt;portfolio.json&gt; [--level initial|maintenance] -o &lt;dir&gt; [--zkey &lt;circuit.zkey&gt;]
/// margin input &lt;portfolio.json&gt; [--level initial|maintenance] &lt;input.json&gt;
/// </code>
/// check prints every figure of the margin calculation (docs/margin-model.md) for the
/// portfolio file (docs/portfolio.md) and exits 0 when it is solvent at the level (default
/// maintenance), 1 when it is not (with the explanation), 2 for a file that cannot be read or
/// is out of the model's bounds. prove refuses a portfolio that is not solvent at the level
/// (exit 1, with the explanation), and otherwise writes proof.json, public.json and
/// verification_key.json for the smallest circuit that holds the portfolio.
/// </summary>
public static class MarginCommands
{
    /// <summary>Adds the `margin` verb group (created when no other verb group made it) and its `check` verb.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var margin = CommandLine.Group(root, "margin", "Cross-venue margin: check a portfolio's solvency, prove it.");
        margin.Add(Check());
        margin.Add(Prove());
        margin.Add(Input());
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

    /// <summary>The level --level names; any other name is bad input (exit 2).</summary>
    private static MarginLevel RequireLevel(ParseResult parse, Option<string> level) =>
        ParseLevel(parse.GetValue(level))
            ?? throw new MarginInputException("--level", $"is '{parse.GetValue(level)}'; it must be initial or maintenance");

    private static Command Check()
    {
        var file = new Argument<string>("portfolio.json") { Description = "The portfolio (docs/portfolio.md)." };
        var level = LevelOption();
        var check = new Command("check", "Compute the portfolio's margin figures; exit 0 when solvent at the level, 1 when not.") { file, level };
        check.SetAction(parse => CommandLine.Guard(() =>
        {
            var wanted = RequireLevel(parse, level);
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
        }));
        return check;
    }

    private static Command Prove()
    {
        var file = new Argument<string>("portfolio.json") { Description = "The portfolio (docs/portfolio.md)." };
        var level = LevelOption();
        var output = new Option<string>("--output", "-o") { Description = "The folder for proof.json, public.json and verification_key.json.", Required = true };
        var zkey = new Option<string?>("--zkey")
        {
            Description = "The circuit's proving key (from a ceremony). Without it, a development key is made on first use and cached: fine for local work, never for deployment.",
        };
        var prove = new Command("prove", "Prove that the portfolio is solvent at the level (Groth16, snarkjs-compatible files).") { file, level, output, zkey };
        prove.SetAction(parse => CommandLine.Guard(() =>
        {
            var wanted = RequireLevel(parse, level);
            var path = parse.GetValue(file)!;
            var outputDirectory = parse.GetValue(output)!;
            var portfolio = PortfolioFile.Read(path);
            // Refuses an insolvent portfolio with the engine's explanation before any witness.
            var statement = MarginStatement.ForProof(portfolio, wanted);
            var artifacts = ArtifactsRoot();
            var circuit = MarginCircuit.Locate(statement.Configuration, Path.Combine(artifacts, "circuits"));

            var keyPath = parse.GetValue(zkey);
            if (keyPath is null)
                Console.Error.WriteLine($"crossmargin: no --zkey: using a development key for {circuit.Name} (not for deployment)");
            // The development key's first making (a ceremony, tens of seconds) and the proof's
            // phases, on stderr: stdout carries the verdict and the files written.
            var result = StepProgress.Run(step =>
            {
                keyPath ??= DevelopmentKeys.Ensure(circuit, Path.Combine(artifacts, "keys"), step).Zkey;
                return MarginProver.Prove(statement, circuit, keyPath, step);
            }, plainPrefix: "crossmargin: ");

            Directory.CreateDirectory(outputDirectory);
            SnarkjsJson.WriteProof(Path.Combine(outputDirectory, "proof.json"), result.Proof.Proof);
            SnarkjsJson.WritePublicSignals(Path.Combine(outputDirectory, "public.json"), result.Proof.PublicSignals);
            SnarkjsJson.WriteVerificationKey(Path.Combine(outputDirectory, "verification_key.json"), result.VerificationKey);
            Console.WriteLine($"OK: {statement.Report.Explain(wanted)}");
            Console.WriteLine($"proved with the {circuit.Name} circuit ({statement.Configuration}) and {keyPath}: "
                + $"witness {result.Witness.TotalMilliseconds:F0} ms, key {result.KeyRead.TotalMilliseconds:F0} ms, proof {result.Proving.TotalMilliseconds:F0} ms");
            Console.WriteLine($"key sha256 {KeyDigest.Of(result.VerificationKey)} (verifiers accept the proof under the key they pin: groth16 verify --vk-hash <sha256>)");
            Console.WriteLine($"wrote {Path.Combine(outputDirectory, "proof.json")}, public.json and verification_key.json "
                + $"(check: crossmargin groth16 verify {Path.Combine(outputDirectory, "verification_key.json")} {Path.Combine(outputDirectory, "public.json")} {Path.Combine(outputDirectory, "proof.json")})");
            return ExitCodes.Ok;
        }));
        return prove;
    }

    private static Command Input()
    {
        var file = new Argument<string>("portfolio.json") { Description = "The portfolio (docs/portfolio.md)." };
        var level = LevelOption();
        var output = new Argument<string>("input.json") { Description = "Where to write the circuit input (it holds the private openings)." };
        var input = new Command("input", "Write the solvency circuit's input for the portfolio (for snarkjs or wtns calculate); prints the circuit it is for.") { file, level, output };
        input.SetAction(parse => CommandLine.Guard(() =>
        {
            var wanted = RequireLevel(parse, level);
            var statement = MarginStatement.ForProof(PortfolioFile.Read(parse.GetValue(file)!), wanted);
            File.WriteAllText(parse.GetValue(output)!, statement.CircuitInput().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.WriteLine($"solvency_{statement.Configuration.Name}");
            return ExitCodes.Ok;
        }));
        return input;
    }

    /// <summary>
    /// This checkout's artifacts folder (compiled circuits, development keys), as the build
    /// recorded it in the assembly; CROSSMARGIN_ARTIFACTS overrides it.
    /// </summary>
    internal static string ArtifactsRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("CROSSMARGIN_ARTIFACTS");
        if (!string.IsNullOrEmpty(overridden)) return overridden;
        return typeof(MarginCommands).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CrossMargin.ArtifactsRoot")?.Value
            ?? throw new MarginCircuitException("this build does not know where its artifacts are; set CROSSMARGIN_ARTIFACTS");
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

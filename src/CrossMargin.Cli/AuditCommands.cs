using System.CommandLine;
using CrossMargin.Snarkjs;
using CrossMargin.Soundness;

namespace CrossMargin.Cli;

/// <summary>
/// The soundness audit for circuit authors:
/// <code>
/// r1cs audit &lt;circuit.r1cs&gt; &lt;witness.wtns&gt; [--sym circuit.sym] [--substitutions circuit_substitutions.json] [--no-pairs]
/// </code>
/// prints every change of a non-input signal (alone, or in a compensating pair) that keeps every
/// constraint satisfied at that witness (<see cref="UnderconstraintAnalysis"/>). Three verdicts
/// (<see cref="UnderconstraintVerdict"/>), never "OK" without a proof: exit 0 when every
/// non-input signal is proven determined by the inputs (the witness is unique), 1 when a second
/// witness was found (or the witness does not satisfy the circuit), 4 when neither (inconclusive:
/// the unresolved signals are named, the first 50 and the count); 2 for a file that cannot be read.
/// </summary>
public static class AuditCommands
{
    private const int UnresolvedShown = 50;

    /// <summary>Adds `audit` to <paramref name="root"/>'s `r1cs` command (created when no other verb group made it).</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var r1cs = CommandLine.Group(root, "r1cs", "Constraint systems (.r1cs).");
        r1cs.Add(Audit());
    }

    private static Command Audit()
    {
        var r1csPath = new Argument<string>("circuit.r1cs") { Description = "The constraint system circom wrote (--r1cs)." };
        var wtnsPath = new Argument<string>("witness.wtns") { Description = "A witness that satisfies it (wtns calculate)." };
        var symPath = new Option<string>("--sym") { Description = "Signal names (circom --sym); by default the .sym beside the .r1cs, when there is one." };
        var noPairs = new Option<bool>("--no-pairs") { Description = "Check signals one at a time only, not compensating pairs." };
        var noSearch = new Option<bool>("--no-search") { Description = "Skip the random trials and the cascade search for a second witness (faster; more signals may stay unresolved)." };
        var substitutionsPath = new Option<string>("--substitutions")
        {
            Description = "circom's substitutions (circom --O2 --simplification_substitution), which define the inputs --O2 folded away; by default the <name>_substitutions.json beside the .r1cs, when there is one.",
        };
        var command = new Command("audit", "Find under-constrained signals: every non-input signal (or pair) that can change at this witness with every constraint still satisfied. "
            + "Exit 0 proved unique (every signal determined by the inputs), 1 under-constrained (a finding), 4 inconclusive (no finding, unresolved signals named), 2 malformed.")
        {
            r1csPath, wtnsPath, symPath, noPairs, noSearch, substitutionsPath,
        };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var path = parse.GetValue(r1csPath)!;
            var r1cs = R1csFile.Read(path);
            var witness = WtnsFile.Read(parse.GetValue(wtnsPath)!);
            if (witness.Length != r1cs.System.WireCount)
                return CommandLine.Fail(ExitCodes.BadInput, $"the witness has {witness.Length} values; {path} has {r1cs.System.WireCount} wires");
            var unsatisfied = r1cs.System.FirstUnsatisfied(witness);
            if (unsatisfied >= 0)
                return CommandLine.Fail(ExitCodes.Invalid, $"the witness violates constraint {unsatisfied}; the audit needs a satisfying witness (check it with `wtns check`)");
            var sym = parse.GetValue(symPath) ?? Path.ChangeExtension(path, ".sym");
            var names = parse.GetValue(symPath) is not null || File.Exists(sym) ? SymFile.Read(sym) : null;

            var options = new UnderconstraintOptions { Pairs = !parse.GetValue(noPairs) };
            if (parse.GetValue(noSearch)) options = options with { RandomTrials = 0, RippleSeeds = 0 };
            // Inputs --O2 folded away are fixed through the forms circom substituted for them.
            var substitutions = parse.GetValue(substitutionsPath) ?? R1csFile.SubstitutionsPathFor(path);
            var folded = r1cs.FoldedInputLabels();
            var forms = folded.Count > 0 && (parse.GetValue(substitutionsPath) is not null || File.Exists(substitutions))
                ? r1cs.FoldedInputForms(SnarkjsJson.ReadSubstitutions(substitutions), substitutions)
                : [];
            if (forms.Count > 0)
                Console.WriteLine($"{forms.Count} of {folded.Count} input(s) that circom --O2 folded away are fixed through its substitutions ({substitutions})");
            var report = UnderconstraintAnalysis.Run(r1cs.System, witness, r1cs.Roles(), names is null ? null : names.WireName, options, [.. forms.Select(f => f.Form)]);
            foreach (var finding in report.Findings) Console.WriteLine(finding);
            var unresolved = report.Unresolved.Count == 0 ? ""
                : string.Join(", ", report.Unresolved.Take(UnresolvedShown))
                    + (report.Unresolved.Count > UnresolvedShown ? $" and {report.Unresolved.Count - UnresolvedShown} more" : "");
            if (report.Unresolved.Count > 0)
                Console.WriteLine($"unresolved ({report.Unresolved.Count}: not proven determined by the inputs, no second value found): {unresolved}");
            switch (report.Verdict)
            {
                case UnderconstraintVerdict.ProvedUnique:
                    Console.WriteLine($"PROVED UNIQUE: every non-input signal is determined by the inputs at this witness; {report.Summary}");
                    return ExitCodes.Ok;
                case UnderconstraintVerdict.Finding:
                    Console.WriteLine($"UNDER-CONSTRAINED: {report.Summary}");
                    return ExitCodes.Invalid;
                default:
                    var unfixed = folded.Except(forms.Select(f => f.Label)).ToList();
                    if (unfixed.Count > 0)
                        Console.WriteLine($"note: {unfixed.Count} input(s) kept no wire (circom --O2 folded them into the signals they equal) and no substitutions define them (compile with "
                            + "--simplification_substitution, or pass --substitutions), so nothing fixes the signals standing in for them but constraints the audit cannot invert, such as a hash: "
                            + string.Join(", ", unfixed.Take(UnresolvedShown).Select(l => names?.LabelName(l) ?? $"label {l}"))
                            + (unfixed.Count > UnresolvedShown ? $" and {unfixed.Count - UnresolvedShown} more" : ""));
                    Console.WriteLine($"INCONCLUSIVE: no second witness found, but uniqueness is not proved: {report.Unresolved.Count} signal(s) unresolved ({unresolved}); {report.Summary}");
                    return ExitCodes.Inconclusive;
            }
        }));
        return command;
    }
}

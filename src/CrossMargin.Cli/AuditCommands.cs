using System.CommandLine;
using CrossMargin.Snarkjs;
using CrossMargin.Soundness;

namespace CrossMargin.Cli;

/// <summary>
/// The soundness audit for circuit authors:
/// <code>
/// r1cs audit &lt;circuit.r1cs&gt; &lt;witness.wtns&gt; [--sym circuit.sym] [--no-pairs]
/// </code>
/// prints every change of a non-input signal (alone, or in a compensating pair) that keeps every
/// constraint satisfied at that witness (<see cref="UnderconstraintAnalysis"/>). Exit 0 when
/// there is none, 1 when there are some (or the witness does not satisfy the circuit), 2 for a
/// file that cannot be read.
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
        var command = new Command("audit", "Find under-constrained signals: every non-input signal (or pair) that can change at this witness with every constraint still satisfied. Exit 0 none, 1 some.")
        {
            r1csPath, wtnsPath, symPath, noPairs,
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

            var report = UnderconstraintAnalysis.Run(r1cs.System, witness, r1cs.Roles(), names is null ? null : names.WireName,
                new UnderconstraintOptions { Pairs = !parse.GetValue(noPairs) });
            foreach (var finding in report.Findings) Console.WriteLine(finding);
            if (report.Unresolved.Count > 0)
            {
                var more = report.Unresolved.Count > UnresolvedShown ? $" and {report.Unresolved.Count - UnresolvedShown} more" : "";
                Console.WriteLine($"unresolved (not proven determined by the inputs, no second value found): {string.Join(", ", report.Unresolved.Take(UnresolvedShown))}{more}");
            }
            Console.WriteLine($"{(report.HasFindings ? "UNDER-CONSTRAINED" : report.WitnessIsUnique ? "OK (witness unique)" : "OK (no finding)")}: {report.Summary}");
            return report.HasFindings ? ExitCodes.Invalid : ExitCodes.Ok;
        }));
        return command;
    }
}

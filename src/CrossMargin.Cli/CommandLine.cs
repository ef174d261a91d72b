using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using CrossMargin.Snarkjs;
using CrossMargin.Hash;

namespace CrossMargin.Cli;

/// <summary>
/// The `crossmargin` verbs. Names and argument order follow snarkjs's CLI, so a script switches
/// by changing the program name.
/// </summary>
public static partial class CommandLine
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("CrossMargin: Groth16 over BN254, snarkjs-compatible, and private cross-venue margin proofs. "
            + "snarkjs's short aliases (g16p, g16v, zkev, ptv, wej, ...) and option spellings (-v, -name=x) work too. "
            + "Exit codes: 0 success, 1 a well-formed input that is invalid, 2 malformed input or usage, 3 internal error (a bug), 4 inconclusive (r1cs audit), 5 the node was unavailable (chain verbs; a retry may succeed).");
        root.Add(Wtns());
        root.Add(PoseidonCommand());
        AddSetupCommands(root);
        GrothCommands.AddTo(root);
        AuditCommands.AddTo(root);
        MarginCommands.AddTo(root);
        SolidityCommands.AddTo(root);
        InspectCommands.AddTo(root);
        if (RuntimeFeature.IsDynamicCodeSupported) AddManagedOnlyVerbs(root);
        else AddManagedOnlyStubs(root);
        SnarkjsCommandLine.AddVerbose(root);
        args = SnarkjsCommandLine.Normalize(args);
        Verbose = args.Contains("--verbose");
        var parse = root.Parse(args);
        return parse.Errors.Count > 0 ? UsageError(parse) : parse.Invoke();
    }

    /// <summary>
    /// The verbs that read and write their files and talk to nodes through reflection-driven
    /// serialization (System.Text.Json's, Nethereum's), which a build compiled ahead of time
    /// (NativeAOT) cannot serve: the chain's actors, the auditor, the format conversions.
    /// ./crossmargin runs them with the managed build and every other verb with the native one
    /// where it could build one; the script's list of them is checked against this one.
    /// </summary>
    public static IReadOnlyList<string> ManagedOnlyVerbs { get; } = ["audit", "convert", "demo", "deploy", "governance", "oracle", "relay", "trader", "venue"];

    private static void AddManagedOnlyVerbs(RootCommand root)
    {
        ProofAuditCommands.AddTo(root);
        DeployCommands.AddTo(root);
        GovernanceCommands.AddTo(root);
        TraderCommands.AddTo(root);
        OracleCommands.AddTo(root);
        RelayCommands.AddTo(root);
        VenueCommands.AddTo(root);
        DemoCommands.AddTo(root);
        FormatCommands.AddTo(root);
    }

    /// <summary>
    /// In the native build (where the feature switch makes <see cref="AddManagedOnlyVerbs"/>
    /// dead code, so none of it is compiled in), each managed-only verb says where it runs
    /// instead of being an unknown word.
    /// </summary>
    private static void AddManagedOnlyStubs(RootCommand root)
    {
        foreach (var verb in ManagedOnlyVerbs)
        {
            var stub = new Command(verb, "Served by the managed build: run it through ./crossmargin.") { TreatUnmatchedTokensAsErrors = false };
            stub.SetAction(_ => Fail(ExitCodes.BadInput,
                $"`{verb}` is served by the managed build of crossmargin, not by this native one: run it through ./crossmargin"));
            root.Add(stub);
        }
    }

    /// <summary>
    /// A command line System.CommandLine cannot parse (an unknown verb, a missing or extra
    /// argument, a bad option value, a group named without its verb) is usage: each error on
    /// standard error, then what to run for the verb's help, and exit 2 (its own handler would
    /// print the whole help on stdout and exit 1).
    /// </summary>
    private static int UsageError(ParseResult parse)
    {
        foreach (var error in parse.Errors)
            Console.Error.WriteLine($"error: {error.Message}");
        var words = new List<string>();
        for (var c = parse.CommandResult; c.Parent is CommandResult parent; c = parent)
            words.Insert(0, c.Command.Name);
        Console.Error.WriteLine($"usage: run crossmargin {string.Join(' ', [.. words, "--help"])} for the verbs, arguments and options");
        return ExitCodes.BadInput;
    }

    /// <summary>--verbose was given: progress goes to standard error even when it is not a terminal.</summary>
    internal static bool Verbose { get; private set; }

    private static Command Wtns()
    {
        var wtns = new Command("wtns", "Witness files: calculate, check against a circuit, debug, export json.");

        var wasm = InspectCommands.File("circuit.wasm", "The witness generator circom wrote (--wasm)", "circuit.wasm");
        var input = InspectCommands.File("input.json", "The circuit's inputs", "input.json");
        var output = InspectCommands.File("witness.wtns", "Where to write the witness", "witness.wtns");
        var calculate = new Command("calculate", "Compute the witness of a circuit for the given inputs.") { wasm, input, output };
        calculate.SetAction(parse => Guard(() => CalculateWitness(parse.GetValue(wasm)!, parse.GetValue(input)!, parse.GetValue(output)!)));
        wtns.Add(calculate);

        var r1cs = InspectCommands.File("circuit.r1cs", "The constraint system circom wrote (--r1cs); a .sym beside it names the signals", "circuit.r1cs");
        var witnessFile = InspectCommands.File("witness.wtns", "The witness to check", "witness.wtns");
        var check = new Command("check", "Check that a witness satisfies every constraint; name the first one it violates.") { r1cs, witnessFile };
        check.SetAction(parse => Guard(() =>
        {
            var r1csPath = parse.GetValue(r1cs)!;
            var system = R1csFile.Read(r1csPath).System;
            var witness = WtnsFile.Read(parse.GetValue(witnessFile)!);
            if (witness.Length != system.WireCount)
                return Fail(ExitCodes.BadInput, $"the witness has {witness.Length} values; {r1csPath} has {system.WireCount} wires");
            var first = system.FirstUnsatisfied(witness);
            if (first < 0)
            {
                Console.WriteLine($"OK: the witness satisfies all {system.Constraints.Count} constraints");
                return ExitCodes.Ok;
            }
            var symPath = Path.ChangeExtension(r1csPath, ".sym");
            var sym = File.Exists(symPath) ? SymFile.Read(symPath) : null;
            var constraint = system.Constraints[first];
            var wires = constraint.Wires.Distinct()
                .Select(w => $"{(sym is null ? $"wire {w}" : sym.WireName(w))} = {witness[w]}");
            return Fail(ExitCodes.Invalid, $"constraint {first} is not satisfied; its signals: {string.Join(", ", wires)}");
        }));
        wtns.Add(check);
        return wtns;
    }

    /// <summary>wtns calculate (and debug): the witness written, the circuit's log() output printed.</summary>
    internal static int CalculateWitness(string wasm, string input, string output)
    {
        using var calculator = WitnessCalculator.Load(wasm);
        var witness = calculator.Calculate(CircuitInput.ParseFile(input));
        var log = calculator.CircuitLog;
        if (log.Length > 0) Console.Write(log);
        WtnsFile.Write(output, witness);
        return ExitCodes.Ok;
    }

    private static Command PoseidonCommand()
    {
        var values = new Argument<string[]>("inputs") { Description = "1 to 16 field elements (decimal, or 0x hex).", Arity = new ArgumentArity(1, Poseidon.MaxInputs) };
        var poseidon = new Command("poseidon", "Print circomlib's Poseidon hash of the inputs, in decimal.") { values };
        poseidon.SetAction(parse => Guard(() =>
        {
            var inputs = parse.GetValue(values)!
                .Select((v, i) => Fr.FromBigInteger(CircuitInput.ParseIntegerString(v, $"argument {i + 1}")))
                .ToArray();
            Console.WriteLine(Poseidon.Hash(inputs));
            return ExitCodes.Ok;
        }));
        return poseidon;
    }

    /// <summary>
    /// Runs a verb; the one place where failures become exit codes (<see cref="ExitCodes"/>): an
    /// invalid statement or a transaction the contracts refused exits 1, malformed input or a file
    /// that cannot be read 2, a node that is unavailable or answers garbage 5, anything else is a
    /// bug and exits 3 with its stack trace.
    /// </summary>
    internal static int Guard(Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (InvalidStatementException e)
        {
            return Fail(ExitCodes.Invalid, e.Message);
        }
        catch (Exception e) when (e is CrossMargin.Chain.ContractRevertException or CrossMargin.Chain.TransactionFailedException)
        {
            return Fail(ExitCodes.Invalid, $"the chain refused it: {e.Message}");
        }
        catch (CrossMargin.Chain.AnvilStartException e)
        {
            return Fail(ExitCodes.Unavailable, $"no development node: {e.Message}");
        }
        catch (Exception e) when (ChainConnection.IsUnavailable(e))
        {
            return Fail(ExitCodes.Unavailable, ChainConnection.Describe(e));
        }
        catch (Exception e) when (e is MalformedInputException or IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.BadInput, e.Message);
        }
        catch (Exception e)
        {
            return Fail(ExitCodes.InternalError, $"internal error ({e.GetType().Name}): {e.Message}\n{e.StackTrace}");
        }
    }

    /// <summary>
    /// The verb group <paramref name="name"/> under <paramref name="parent"/>, created (with
    /// <paramref name="description"/>) when no other file added it first: several files add verbs
    /// to one group (groth16 setup lives with the setup verbs, groth16 prove with the proof verbs).
    /// </summary>
    internal static Command Group(Command parent, string name, string description)
    {
        var group = parent.Subcommands.FirstOrDefault(c => c.Name == name);
        if (group is null)
        {
            group = new Command(name, description);
            parent.Add(group);
        }
        return group;
    }

    internal static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}

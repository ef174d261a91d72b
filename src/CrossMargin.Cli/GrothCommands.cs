using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;

namespace CrossMargin.Cli;

/// <summary>
/// The Groth16 verbs, named and ordered as snarkjs's:
/// <code>
/// groth16 prove       &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt;
/// groth16 fullprove   &lt;input.json&gt; &lt;circuit.wasm&gt; &lt;circuit.zkey&gt; &lt;proof.json&gt; &lt;public.json&gt;
/// groth16 verify      &lt;verification_key.json&gt; &lt;public.json&gt; &lt;proof.json&gt; [--vk-hash &lt;sha256&gt;]
/// groth16 batchverify &lt;verification_key.json&gt; &lt;folder | proof.json public.json ...&gt; [--vk-hash &lt;sha256&gt;]
/// zkey export verificationkey &lt;circuit.zkey&gt; &lt;verification_key.json&gt;
/// </code>
/// prove and fullprove check their own proof under the key's verification key before writing
/// anything: a witness that breaks a constraint exits 1 with nothing written.
/// verify exits 0 for a valid proof ("OK!"), 1 for an invalid one ("Invalid proof"), 2 for a
/// statement that cannot be checked (a public input &gt;= r, a wrong count, a bad file).
/// Every reader of a key refuses a degenerate one (exit 1; <see cref="DegenerateKeys"/>), so
/// `zkey export verificationkey` does not export a key without a phase-2 contribution, as
/// snarkjs would. verify and batchverify print the key's SHA-256 on standard error
/// (<see cref="KeyDigest"/>) and, with --vk-hash, refuse any other key (exit 1): the pin, not the
/// shape check, is what protects against a key whose maker knows its trapdoor.
/// </summary>
public static class GrothCommands
{
    /// <summary>
    /// Adds prove, fullprove, verify and batchverify to <paramref name="root"/>'s `groth16`
    /// command, and `export verificationkey` to its `zkey` command (each created when no other
    /// verb group made it).
    /// </summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var groth16 = CommandLine.Group(root, "groth16", "Groth16 over BN254: setup, prove, verify.");
        groth16.Add(Prove());
        groth16.Add(FullProve());
        groth16.Add(Verify());
        groth16.Add(BatchVerify());
        var zkey = CommandLine.Group(root, "zkey", "Groth16 proving keys (.zkey).");
        var export = CommandLine.Group(zkey, "export", "Export parts of a proving key.");
        export.Add(ExportVerificationKey());
    }

    private static Option<bool> VerboseOption() =>
        new("--verbose", "-v") { Description = "Print each phase's time and the peak memory to standard error." };

    private static Command Prove()
    {
        var zkey = InspectCommands.File("circuit.zkey", "The proving key (snarkjs .zkey)", "circuit_final.zkey");
        var wtns = InspectCommands.File("witness.wtns", "The witness", "witness.wtns");
        var proof = InspectCommands.File("proof.json", "Where to write the proof", "proof.json");
        var pub = InspectCommands.File("public.json", "Where to write the public signals", "public.json");
        var verbose = VerboseOption();
        var command = new Command("prove", "Prove with a proving key and a witness (snarkjs groth16 prove); the proof is checked under the key before it is written. Exit 1 for a witness that breaks a constraint or a degenerate key, nothing written.") { zkey, wtns, proof, pub, verbose };
        command.SetAction(parse => Guard(() =>
        {
            var phases = new PhaseLog(parse.GetValue(verbose));
            var result = WithProgress(parse.GetValue(verbose), progress =>
            {
                progress("Reading the proving key");
                var zkeyPath = parse.GetValue(zkey)!;
                // The key's points are read alongside the witness and the NTTs (which need only
                // its coefficients); the prover waits for them before its first MSM.
                var (key, pointsRead) = ZkeyFile.ReadProvingKeyOverlapped(zkeyPath);
                phases.Done("read the proving key");
                progress("Reading the witness");
                var wtnsPath = parse.GetValue(wtns)!;
                var witness = WtnsFile.Read(wtnsPath);
                phases.Done("read the witness");
                progress("Proving");
                return Groth16.Prover.ProveAndCheck(key, witness, wtnsPath, zkeyPath, phaseDone: phases.Report, pointsRead: pointsRead);
            });
            SnarkjsJson.WriteProof(parse.GetValue(proof)!, result.Proof);
            SnarkjsJson.WritePublicSignals(parse.GetValue(pub)!, result.PublicSignals);
            phases.Done("write the proof");
            phases.Summary();
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command FullProve()
    {
        var input = InspectCommands.File("input.json", "The circuit's inputs", "input.json");
        var wasm = InspectCommands.File("circuit.wasm", "The witness generator circom wrote (--wasm)", "circuit.wasm");
        var zkey = InspectCommands.File("circuit.zkey", "The proving key (snarkjs .zkey)", "circuit_final.zkey");
        var proof = InspectCommands.File("proof.json", "Where to write the proof", "proof.json");
        var pub = InspectCommands.File("public.json", "Where to write the public signals", "public.json");
        var verbose = VerboseOption();
        var command = new Command("fullprove", "Compute the witness and prove (snarkjs groth16 fullprove).") { input, wasm, zkey, proof, pub, verbose };
        command.SetAction(parse => Guard(() =>
        {
            var log = "";
            var phases = new PhaseLog(parse.GetValue(verbose));
            var result = WithProgress(parse.GetValue(verbose), progress =>
            {
                progress("Computing the witness");
                Fr[] witness;
                using (var calculator = WitnessCalculator.Load(parse.GetValue(wasm)!))
                {
                    witness = calculator.Calculate(CircuitInput.ParseFile(parse.GetValue(input)!));
                    log = calculator.CircuitLog;
                }
                phases.Done("compute the witness");
                progress("Reading the proving key");
                var zkeyPath = parse.GetValue(zkey)!;
                var key = ZkeyFile.ReadProvingKey(zkeyPath);
                phases.Done("read the proving key");
                progress("Proving");
                return Groth16.Prover.ProveAndCheck(key, witness, $"the witness of {parse.GetValue(input)}", zkeyPath, phaseDone: phases.Report);
            });
            if (log.Length > 0) Console.Write(log);
            SnarkjsJson.WriteProof(parse.GetValue(proof)!, result.Proof);
            SnarkjsJson.WritePublicSignals(parse.GetValue(pub)!, result.PublicSignals);
            phases.Done("write the proof");
            phases.Summary();
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// `--verbose`: each phase's wall time on standard error as it ends, then the total since the
    /// process started (runtime start-up included) and the peak resident memory.
    /// </summary>
    private sealed class PhaseLog(bool enabled)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        /// <summary>Reports the phase that ends now (timed since the previous one ended).</summary>
        public void Done(string phase)
        {
            Report(phase, _clock.Elapsed);
            _clock.Restart();
        }

        /// <summary>Reports a phase timed elsewhere (the prover's own phases); restarts this log's clock.</summary>
        public void Report(string phase, TimeSpan elapsed)
        {
            if (enabled) Console.Error.WriteLine($"{elapsed.TotalMilliseconds,9:F1} ms  {phase}");
            _clock.Restart();
        }

        public void Summary()
        {
            if (!enabled) return;
            using var process = Process.GetCurrentProcess();
            var total = DateTime.Now - process.StartTime;
            Console.Error.WriteLine($"{total.TotalMilliseconds,9:F1} ms  in all since the process started; peak memory {process.PeakWorkingSet64 / (1 << 20)} MiB");
        }
    }

    private static Command Verify()
    {
        var vk = InspectCommands.File("verification_key.json", "The verification key (snarkjs JSON)", "verification_key.json");
        var pub = InspectCommands.File("public.json", "The public signals", "public.json");
        var proof = InspectCommands.File("proof.json", "The proof", "proof.json");
        var vkHash = VkHashOption();
        var command = new Command("verify", "Verify a proof (snarkjs groth16 verify). Exit 0 valid, 1 invalid (or a degenerate or unpinned key), 2 malformed.") { vk, pub, proof, vkHash };
        command.SetAction(parse => Guard(() => WithPinnedKey(parse, vk, vkHash, key =>
        {
            var signals = SnarkjsJson.ReadPublicSignals(parse.GetValue(pub)!);
            var p = SnarkjsJson.ReadProof(parse.GetValue(proof)!);
            if (Verifier.Verify(key, signals, p))
            {
                Console.WriteLine("OK!");
                return ExitCodes.Ok;
            }
            Console.WriteLine("Invalid proof");
            return ExitCodes.Invalid;
        })));
        return command;
    }

    /// <summary>--vk-hash: the digest (<see cref="KeyDigest"/>) of the one key verify and batchverify accept.</summary>
    private static Option<string?> VkHashOption() => new("--vk-hash")
    {
        Description = "The SHA-256 (64 hex digits, as sha256sum prints it for the exported verification_key.json) of the key to accept; "
            + "any other key is refused (exit 1). Pinning is what protects against a key whose maker could forge proofs; checking the key's shape does not.",
    };

    /// <summary>
    /// Reads the key at <paramref name="vk"/> (a degenerate key is refused by the reader), refuses
    /// it unless its digest is the one --vk-hash pins, says on standard error which key is used,
    /// and runs <paramref name="verb"/> with it. A --vk-hash that is not 64 hex digits is usage (2).
    /// </summary>
    private static int WithPinnedKey(ParseResult parse, Argument<string> vk, Option<string?> vkHash, Func<VerificationKey, int> verb)
    {
        var pinned = parse.GetValue(vkHash);
        var pin = "";
        if (pinned is not null && !KeyDigest.TryParse(pinned, out pin))
            return Fail(ExitCodes.BadInput, $"--vk-hash '{pinned}' is not a SHA-256 digest (64 hex digits)");
        var path = parse.GetValue(vk)!;
        var key = SnarkjsJson.ReadVerificationKey(path);
        var digest = KeyDigest.Of(key);
        if (pinned is not null && digest != pin)
            return Fail(ExitCodes.Invalid, $"{path} is not the pinned key: its sha256 is {digest}; --vk-hash pins {pin}");
        Console.Error.WriteLine(pinned is null
            ? $"key sha256 {digest} ({path}; not pinned: --vk-hash with the digest of the key you trust refuses any other)"
            : $"key sha256 {digest} ({path}; the pinned key)");
        return verb(key);
    }

    private static Command BatchVerify()
    {
        var vk = new Argument<string>("verification_key.json") { Description = "The verification key (snarkjs JSON)." };
        var items = new Argument<string[]>("proofs")
        {
            Description = "A folder, whose files named *proof*.json each pair with the file named alike with 'public' for 'proof'; or proof.json public.json pairs.",
            Arity = ArgumentArity.OneOrMore,
        };
        var vkHash = VkHashOption();
        var command = new Command("batchverify", "Verify many proofs under one key at once; a verdict per file, malformed and unpaired files named while the others are still verified. Exit 0 all valid, 1 any invalid, malformed or unpaired (or a degenerate or unpinned key), 2 usage or an unreadable key.") { vk, items, vkHash };
        command.SetAction(parse => Guard(() => WithPinnedKey(parse, vk, vkHash, key =>
        {
            var arguments = parse.GetValue(items)!;
            var pairs = BatchPairs(arguments);
            if (pairs is null)
                return Fail(ExitCodes.BadInput, arguments.Length == 1
                    ? $"{arguments[0]} is not a folder: give one folder, or proof.json public.json pairs"
                    : $"{arguments.Length} files are not proof.json public.json pairs: give one folder, or the pairs");
            if (pairs.Count == 0) return Fail(ExitCodes.BadInput, $"no *proof*.json or *public*.json files in {arguments[0]}");
            // Each pair read and checked on its own: a malformed or orphaned file is named with
            // why, and the others still get their verdicts from one batch.
            var problems = new string?[pairs.Count];
            var statements = new List<CheckedStatement>();
            var readable = new List<int>();
            for (var i = 0; i < pairs.Count; i++)
            {
                problems[i] = ReadStatement(key, pairs[i], out var statement);
                if (problems[i] is not null) continue;
                statements.Add(statement!);
                readable.Add(i);
            }
            var verdict = statements.Count > 0 ? Verifier.VerifyBatch(key, statements) : new BatchVerdict([], 0);
            var valid = new bool[pairs.Count];
            for (var j = 0; j < readable.Count; j++) valid[readable[j]] = verdict.Valid[j];
            for (var i = 0; i < pairs.Count; i++)
            {
                var names = $"{pairs[i].Proof ?? "(no proof file)"} {pairs[i].Public ?? "(no public file)"}";
                Console.WriteLine(problems[i] is { } problem
                    ? $"Malformed  {names}: {problem}"
                    : $"{(valid[i] ? "OK!" : "Invalid proof")}  {names}");
            }
            var malformed = problems.Count(p => p is not null);
            var invalid = pairs.Count - malformed - verdict.Valid.Count(v => v);
            Console.WriteLine(malformed + invalid == 0
                ? $"OK! all {pairs.Count} proofs are valid ({verdict.PairingChecks} pairing check(s))"
                : $"{invalid} of {pairs.Count} proofs are invalid, {malformed} malformed or unpaired ({verdict.PairingChecks} pairing check(s))");
            return malformed + invalid == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        })));
        return command;
    }

    /// <summary>
    /// Reads one pair and checks that it can be verified under <paramref name="key"/>; returns
    /// why not (a missing partner, a file that cannot be read, a statement that cannot be
    /// checked), or null with the statement.
    /// </summary>
    private static string? ReadStatement(VerificationKey key, (string? Proof, string? Public) pair, out CheckedStatement? statement)
    {
        statement = default;
        if (pair.Proof is null) return $"no proof file for {pair.Public}";
        if (pair.Public is null) return $"no public file for {pair.Proof}";
        try
        {
            var proof = SnarkjsJson.ReadProof(pair.Proof);
            var signals = SnarkjsJson.ReadPublicSignals(pair.Public);
            statement = Verifier.Check(key, signals, proof);
            return null;
        }
        catch (Exception e) when (e is MalformedInputException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The (proof, public) file pairs named on the command line, or null when the arguments are
    /// neither a folder nor pairs. In a folder, a proof without its public file, or a public file
    /// without its proof (an orphan), is a pair with the other side null.
    /// </summary>
    private static List<(string? Proof, string? Public)>? BatchPairs(string[] arguments)
    {
        if (arguments.Length == 1 && Directory.Exists(arguments[0]))
        {
            var files = Directory.EnumerateFiles(arguments[0], "*.json").Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            string Partner(string name, string from, string to) => name.Replace(from, to, StringComparison.Ordinal);
            var pairs = new List<(string? Proof, string? Public)>();
            foreach (var name in files.Order(StringComparer.Ordinal))
            {
                string At(string n) => Path.Combine(arguments[0], n);
                if (name.Contains("proof", StringComparison.Ordinal))
                {
                    var pub = Partner(name, "proof", "public");
                    pairs.Add((At(name), files.Contains(pub) ? At(pub) : null));
                }
                else if (name.Contains("public", StringComparison.Ordinal) && !files.Contains(Partner(name, "public", "proof")))
                {
                    pairs.Add((null, At(name)));
                }
            }
            return pairs;
        }
        if (arguments.Length % 2 != 0) return null;
        return Enumerable.Range(0, arguments.Length / 2).Select(i => ((string?)arguments[2 * i], (string?)arguments[2 * i + 1])).ToList();
    }

    private static Command ExportVerificationKey()
    {
        var zkey = InspectCommands.File("circuit.zkey", "The proving key (snarkjs .zkey)", "circuit_final.zkey");
        var vk = InspectCommands.File("verification_key.json", "Where to write the verification key", "circuit_vk.json");
        var command = new Command("verificationkey", "Write the verification key of a proving key as snarkjs does.") { zkey, vk };
        command.SetAction(parse => Guard(() =>
        {
            SnarkjsJson.WriteVerificationKey(parse.GetValue(vk)!, ZkeyFile.ReadVerificationKey(parse.GetValue(zkey)!));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, showing its current step and elapsed time on stderr when
    /// that is an interactive terminal; otherwise nothing, as snarkjs prints nothing. With
    /// --verbose the phase lines are the progress (a live spinner would draw over them).
    /// </summary>
    private static T WithProgress<T>(bool verbose, Func<Action<string>, T> work) =>
        verbose ? work(_ => { }) : StepProgress.Run(work, plainPrefix: null);

    private static int Guard(Func<int> verb) => CommandLine.Guard(verb);

    private static int Fail(int code, string message) => CommandLine.Fail(code, message);
}

using System.Diagnostics;
using System.Security.Cryptography;
using CrossMargin.Snarkjs;
using CrossMargin.Groth16;
using CrossMargin.Snarkjs.Ceremony;

using CrossMargin.Margin;

namespace CrossMargin.Proving;

/// <summary>A compiled solvency circuit or its key is missing or does not fit.</summary>
public sealed class MarginCircuitException(string message) : MalformedInputException(message);

/// <summary>
/// The compiled solvency circuit of one configuration: circom's outputs in
/// <c>&lt;circuits&gt;/margin/solvency_&lt;preset&gt;/</c>, where eng/build-circuits.mjs writes them
/// (the build compiles circuits/margin/solvency_&lt;preset&gt;.circom).
/// </summary>
public sealed record MarginCircuit(MarginConfiguration Configuration, string Name, string Directory)
{
    public string R1csPath => Path.Combine(Directory, Name + ".r1cs");
    public string WasmPath => Path.Combine(Directory, Name + "_js", Name + ".wasm");
    public string SymPath => Path.Combine(Directory, Name + ".sym");

    /// <exception cref="MarginCircuitException">The configuration is not a preset, or its circuit is not compiled there.</exception>
    public static MarginCircuit Locate(MarginConfiguration configuration, string circuitsDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var preset = MarginConfiguration.Presets.FirstOrDefault(p => p.Configuration == configuration).Name
            ?? throw new MarginCircuitException($"no solvency circuit is compiled for {configuration}; the presets are "
                + string.Join(", ", MarginConfiguration.Presets.Select(p => $"{p.Name} ({p.Configuration})")));
        var name = "solvency_" + preset;
        var circuit = new MarginCircuit(configuration, name, Path.Combine(circuitsDirectory, "margin", name));
        foreach (var file in new[] { circuit.R1csPath, circuit.WasmPath })
            if (!File.Exists(file))
                throw new MarginCircuitException($"{file}: the {preset} solvency circuit is not compiled (dotnet build compiles circuits/margin/{name}.circom)");
        return circuit;
    }
}

/// <summary>
/// Development proving keys for the solvency circuits, made on first use and cached per circuit
/// (keyed by the SHA-256 of its .r1cs): a local one-contributor powers-of-tau ceremony
/// (<see cref="PowersOfTauCeremony.DevelopmentCeremony"/>, secrets only in this process's
/// memory), the circuit's initial key, and one phase-2 contribution with fresh secrets (so that
/// delta differs from gamma, which verifiers demand). Whoever runs this could keep the secrets
/// and forge proofs: a development key is for local work and tests. A deployment proves with the
/// key of a multi-party ceremony (the CLI's --zkey).
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>A key's files: the .zkey and its verification_key.json.</summary>
    public sealed record KeyFiles(string Zkey, string VerificationKey);

    /// <summary>The cached key of <paramref name="circuit"/> under <paramref name="keysDirectory"/>, made when missing.</summary>
    public static KeyFiles Ensure(MarginCircuit circuit, string keysDirectory, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return Ensure(circuit.Name, circuit.R1csPath, keysDirectory, progress);
    }

    /// <summary>
    /// The cached key of any compiled circuit (<paramref name="name"/> names its cache folder) under
    /// <paramref name="keysDirectory"/>, made when missing: test circuits get their keys the same way.
    /// </summary>
    public static KeyFiles Ensure(string name, string r1csPath, string keysDirectory, Action<string>? progress = null)
    {
        var circuit = (Name: name, R1csPath: r1csPath);
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(circuit.R1csPath)))[..16];
        var directory = Path.Combine(keysDirectory, $"{circuit.Name}-{digest}");
        var files = new KeyFiles(Path.Combine(directory, "circuit.zkey"), Path.Combine(directory, "verification_key.json"));
        if (File.Exists(files.Zkey) && File.Exists(files.VerificationKey)) return files;

        // Made in a scratch folder and renamed into place whole, so that a crash leaves nothing
        // half-written and two processes racing both end up with one consistent pair.
        Directory.CreateDirectory(keysDirectory);
        var scratch = Path.Combine(keysDirectory, $".{circuit.Name}-{digest}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var r1cs = R1csFile.Read(circuit.R1csPath);
            // One power more than the domain: snarkjs's circuit hash reads the tau G1 points up to
            // index 2n - 1 + 2^14 in whole chunks (zkey_new.js, hashHPointsChunk), past the end of
            // a ceremony of exactly the domain's size once n > 2^14 (ZkeyWriter.CircuitHash refuses that).
            var power = Groth16Setup.DomainLog((int)r1cs.Header.Constraints, (int)r1cs.Header.PublicSignals) + 1;
            progress?.Invoke($"development key for {circuit.Name}: powers of tau 2^{power}");
            var (tau, lagrange, _) = PowersOfTauCeremony.DevelopmentCeremony(power, SnarkjsRng.FromEntropy(null), "crossmargin development key");
            progress?.Invoke($"development key for {circuit.Name}: circuit key");
            var (key, circuitHash) = Groth16SetupFiles.Create(r1cs, tau, lagrange);
            var initial = Path.Combine(scratch, "initial.zkey");
            ZkeyWriter.Write(initial, key, circuitHash, []);
            progress?.Invoke($"development key for {circuit.Name}: phase-2 contribution");
            // Fresh nonzero secrets, as `zkey contribute` draws them.
            var secrets = PowersOfTauCeremony.RandomSecrets();
            ZkeyContribution.Contribute(initial, Path.Combine(scratch, "circuit.zkey"), secrets.Tau, secrets.Alpha, "crossmargin development key");
            File.Delete(initial);
            SnarkjsJson.WriteVerificationKey(Path.Combine(scratch, "verification_key.json"), ZkeyFile.ReadVerificationKey(Path.Combine(scratch, "circuit.zkey")));
            try
            {
                Directory.Move(scratch, directory);
            }
            catch (IOException) when (File.Exists(files.Zkey) && File.Exists(files.VerificationKey))
            {
                // Another process finished first; its key serves.
            }
            return files;
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}

/// <summary>
/// Proves a solvency statement end to end: the circuit input the engine built, circom's witness,
/// the Groth16 proof, and two checks before anything is handed out: the proof's public signals
/// are the engine's, and the proof verifies under the key's verification key.
/// </summary>
public static class MarginProver
{
    /// <summary>
    /// The proof, its verification key, and where the time went: the witness and the key read
    /// run at the same time, each timed from the start; proving after both.
    /// </summary>
    public sealed record Result(ProofWithSignals Proof, VerificationKey VerificationKey, TimeSpan Witness, TimeSpan KeyRead, TimeSpan Proving);

    /// <exception cref="WitnessCalculationException">The circuit refused the statement (the engine said solvent: a disagreement worth reporting).</exception>
    /// <exception cref="WitnessMismatchException">The key is not this circuit's (its shape, or a proof that does not verify under it).</exception>
    /// <exception cref="DegenerateKeyException">The key is degenerate (<see cref="DegenerateKeys"/>).</exception>
    public static Result Prove(MarginStatement statement, MarginCircuit circuit, string zkeyPath, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(circuit);
        if (statement.Configuration != circuit.Configuration)
            throw new ArgumentException($"the statement is for {statement.Configuration}, the circuit for {circuit.Configuration}");

        // The key is read (its sections decoded in parallel) while the witness is computed (one
        // thread in circom's wasm): the two are independent.
        var clock = Stopwatch.StartNew();
        progress?.Invoke("reading the proving key and computing the witness");
        var keyTime = TimeSpan.Zero;
        var reading = Task.Run(() =>
        {
            var key = ZkeyFile.ReadProvingKey(zkeyPath);
            keyTime = clock.Elapsed;
            return key;
        });
        Fr[] witness;
        TimeSpan witnessTime;
        try
        {
            using var calculator = WitnessCalculator.Load(circuit.WasmPath);
            witness = calculator.Calculate(statement.InputSignals());
            witnessTime = clock.Elapsed;
        }
        finally
        {
            // Never leave the read running unobserved, whatever the witness did.
            try { reading.Wait(); } catch (AggregateException) when (!reading.IsCompletedSuccessfully) { }
        }
        var key = reading.GetAwaiter().GetResult();
        // A degenerate key is refused first, whatever circuit it is for (exit 1, as before the
        // shape check's exit 2); ProveAndCheck repeats the cheap check (about a millisecond).
        DegenerateKeys.Refuse(key.VerificationKey, zkeyPath);
        if (key.PublicCount != statement.PublicSignals.Count)
            throw new WitnessMismatchException($"{zkeyPath}: the key has {key.PublicCount} public signals; the {circuit.Name} circuit has {statement.PublicSignals.Count}");
        var started = clock.Elapsed;

        // ProveAndCheck checks the proof under the key's own verification key (what protects
        // against a key whose maker knows its trapdoor is the verifier's pin, not this). The witness is the circuit's own, so a
        // proof that does not verify says the key is not this circuit's, or is corrupted.
        progress?.Invoke("proving");
        ProofWithSignals proof;
        try
        {
            proof = Prover.ProveAndCheck(key, witness, $"the {circuit.Name} circuit's witness", zkeyPath);
        }
        catch (UnsatisfiedWitnessException)
        {
            throw new WitnessMismatchException($"{zkeyPath}: the proof of the {circuit.Name} circuit's witness does not verify under the key's own verification key: "
                + "the key is not this circuit's, or it is corrupted");
        }
        var provingTime = clock.Elapsed - started;

        if (!proof.PublicSignals.SequenceEqual(statement.PublicSignals))
            throw new InvalidOperationException("the circuit's public signals differ from the engine's statement (a bug: please report it with the portfolio)");
        var verificationKey = key.VerificationKey;
        return new Result(proof, verificationKey, witnessTime, keyTime, provingTime);
    }
}

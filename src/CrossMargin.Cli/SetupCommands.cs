using System.CommandLine;
using System.Globalization;
using CrossMargin.Snarkjs;
using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Cli;

/// <summary>
/// The trusted-setup verbs, named and ordered as snarkjs's: powersoftau new | contribute | beacon |
/// prepare phase2 (and ceremony, the one-process development ceremony), groth16 setup, zkey
/// contribute | beacon | verify.
/// </summary>
public static partial class CommandLine
{
    private static void AddSetupCommands(RootCommand root)
    {
        root.Add(PowersOfTauCommand());
        AddGroth16Setup(root);
        AddZkeyCommands(root);
    }

    private static Command PowersOfTauCommand()
    {
        var ptau = new Command("powersoftau", "Phase 1 of the trusted setup (powers of tau), snarkjs's .ptau files.");

        var curve = new Argument<string>("curve") { Description = "bn128 (BN254), the only curve." };
        var power = new Argument<int>("power") { Description = $"log2 of the largest constraint count, 1 to {PowersOfTau.MaxPower}." };
        var output = new Argument<string>("powersoftau_0000.ptau") { Description = "Where to write the accumulator (default powersOfTau<power>_0000.ptau).", Arity = ArgumentArity.ZeroOrOne };
        var create = new Command("new", "Start a ceremony: every point its group's generator.") { curve, power, output };
        create.SetAction(parse => Guard(() =>
        {
            if (CheckCurveAndPower(parse.GetValue(curve), parse.GetValue(power)) is { } bad) return bad;
            var n = parse.GetValue(power);
            new PtauFile(PowersOfTau.New(n), []).Write(parse.GetValue(output) ?? $"powersOfTau{n}_0000.ptau");
            return ExitCodes.Ok;
        }));
        ptau.Add(create);

        var input = new Argument<string>("in.ptau") { Description = "The accumulator to contribute to." };
        var result = new Argument<string>("out.ptau") { Description = "Where to write the new accumulator." };
        var entropy = new Option<string>("--entropy", "-e") { Description = "Extra entropy text, mixed with the system's randomness." };
        var contributionName = new Option<string>("--name", "-n") { Description = "A name recorded with the contribution." };
        var contribute = new Command("contribute",
            "Multiply the accumulator by fresh secret tau, alpha, beta, and record the contribution with its "
            + "proof of knowledge (as snarkjs powersoftau contribute; snarkjs powersoftau verify accepts the result).")
            { input, result, entropy, contributionName };
        contribute.SetAction(parse => Guard(() =>
        {
            var file = PtauFile.Read(parse.GetValue(input)!);
            if (file.CeremonyPower != file.Power)
                return Fail(ExitCodes.BadInput, "this file has been truncated; contribute to the full ceremony file");
            // A new accumulator takes the fixed-base path (every point a known multiple of a generator).
            var (points, record) = PowersOfTauCeremony.ContributeRecorded(
                file.Points, file.NextChallenge(), SnarkjsRng.FromEntropy(parse.GetValue(entropy)), parse.GetValue(contributionName), Progress);
            EndProgress();
            // As snarkjs: the Lagrange sections of a prepared input are dropped; prepare phase2 again.
            new PtauFile(points, [.. file.Contributions, PtauContribution.From(record)]).Write(parse.GetValue(result)!);
            Console.WriteLine($"Contribution hash: {Convert.ToHexStringLower(record.ResponseHash())}");
            return ExitCodes.Ok;
        }));
        ptau.Add(contribute);

        var beaconIn = new Argument<string>("in.ptau") { Description = "The accumulator to finish." };
        var beaconOut = new Argument<string>("out.ptau") { Description = "Where to write the new accumulator." };
        var beaconHash = new Argument<string>("beaconHash") { Description = "The public beacon value, hex (1 to 255 bytes)." };
        var beaconIterations = new Argument<int>("numIterationsExp") { Description = "log2 of the SHA-256 iterations, 10 to 63." };
        var beaconName = new Option<string>("--name", "-n") { Description = "A name recorded with the contribution." };
        var beacon = new Command("beacon", "Add a publicly reproducible contribution from a random beacon (as snarkjs powersoftau beacon).")
            { beaconIn, beaconOut, beaconHash, beaconIterations, beaconName };
        beacon.SetAction(parse => Guard(() =>
        {
            var exp = parse.GetValue(beaconIterations);
            if (BeaconProblem(parse.GetValue(beaconHash)!, exp, out var value) is { } problem) return Fail(ExitCodes.BadInput, problem);
            var file = PtauFile.Read(parse.GetValue(beaconIn)!);
            if (file.CeremonyPower != file.Power)
                return Fail(ExitCodes.BadInput, "this file has been truncated; contribute to the full ceremony file");
            var (points, record) = PowersOfTauCeremony.Beacon(file.Points, file.NextChallenge(), new PowersOfTauBeacon(value, exp), parse.GetValue(beaconName), Progress);
            EndProgress();
            new PtauFile(points, [.. file.Contributions, PtauContribution.From(record)]).Write(parse.GetValue(beaconOut)!);
            Console.WriteLine($"Contribution hash: {Convert.ToHexStringLower(record.ResponseHash())}");
            return ExitCodes.Ok;
        }));
        ptau.Add(beacon);

        var devCurve = new Argument<string>("curve") { Description = "bn128 (BN254), the only curve." };
        var devPower = new Argument<int>("power") { Description = $"log2 of the largest constraint count, 1 to {PowersOfTau.MaxPower}." };
        var devOutput = new Argument<string>("out_final.ptau") { Description = "Where to write the prepared accumulator." };
        var devEntropy = new Option<string>("--entropy", "-e") { Description = "Extra entropy text, mixed with the system's randomness." };
        var devName = new Option<string>("--name", "-n") { Description = "A name recorded with the contribution." };
        var ceremony = new Command("ceremony",
            "The local development ceremony: new, one contribution and prepare phase2 in one process, "
            + "ready for groth16 setup (and accepted by snarkjs powersoftau verify). The secrets (tau, alpha, "
            + "beta) are drawn here, kept in memory only and forgotten when the process ends, so every point "
            + "is a generator times a known scalar (fast: 2^17 in under a minute on two cores). One party knowing the "
            + "secrets means the keys are only as trustworthy as this machine: for development and tests, not production.")
            { devCurve, devPower, devOutput, devEntropy, devName };
        ceremony.SetAction(parse => Guard(() =>
        {
            if (CheckCurveAndPower(parse.GetValue(devCurve), parse.GetValue(devPower)) is { } bad) return bad;
            var (points, lagrange, record) = PowersOfTauCeremony.DevelopmentCeremony(
                parse.GetValue(devPower), SnarkjsRng.FromEntropy(parse.GetValue(devEntropy)), parse.GetValue(devName), Progress);
            EndProgress();
            new PtauFile(points, [PtauContribution.From(record)], lagrange).Write(parse.GetValue(devOutput)!);
            Console.WriteLine($"Contribution hash: {Convert.ToHexStringLower(record.ResponseHash())}");
            return ExitCodes.Ok;
        }));
        ptau.Add(ceremony);

        var prepare = new Command("prepare", "Prepare for a circuit-specific phase 2.");
        var prepareIn = new Argument<string>("in.ptau") { Description = "A phase-1 accumulator." };
        var prepareOut = new Argument<string>("out.ptau") { Description = "Where to write it with its Lagrange bases." };
        var phase2 = new Command("phase2", "Add the Lagrange-basis sections groth16 setup needs.") { prepareIn, prepareOut };
        phase2.SetAction(parse => Guard(() =>
        {
            var file = PtauFile.Read(parse.GetValue(prepareIn)!);
            var lagrange = PowersOfTauCeremony.PreparePhase2(file.Points, Progress);
            EndProgress();
            new PtauFile(file.Points, file.Contributions, lagrange, file.CeremonyPower).Write(parse.GetValue(prepareOut)!);
            return ExitCodes.Ok;
        }));
        prepare.Add(phase2);
        ptau.Add(prepare);
        AddPtauCeremonyFiles(ptau);
        return ptau;
    }

    /// <summary>
    /// powersoftau verify, and the files of a ceremony run across machines (snarkjs's export
    /// challenge, challenge contribute, import response; <see cref="PowersOfTauChallenge"/>).
    /// </summary>
    private static void AddPtauCeremonyFiles(Command ptau)
    {
        var verifyIn = new Argument<string>("powersoftau.ptau") { Description = "The accumulator to verify." };
        var verify = new Command("verify",
            "Verify the whole ceremony: every contribution's proof of knowledge against the challenge it answered, the points "
            + "against the last contribution, and the hash chain from the first challenge to the points (exit 1 when it breaks).") { verifyIn };
        verify.SetAction(parse => Guard(() =>
        {
            var file = PtauFile.Read(parse.GetValue(verifyIn)!);
            var problem = PowersOfTauVerification.Verify(file, line => Console.WriteLine(line));
            if (problem is not null) return Fail(ExitCodes.Invalid, problem);
            Console.WriteLine("Powers of Tau Ok!");
            return ExitCodes.Ok;
        }));
        ptau.Add(verify);

        var exportIn = new Argument<string>("powersoftau_0000.ptau") { Description = "The accumulator to hand to the next contributor." };
        var challengeOut = InspectCommands.File("challenge", "Where to write the challenge", "challenge");
        var exportChallenge = new Command("challenge", "Write the challenge the next contributor answers (as snarkjs powersoftau export challenge).") { exportIn, challengeOut };
        exportChallenge.SetAction(parse => Guard(() =>
        {
            var hash = PowersOfTauChallenge.Export(PtauFile.Read(parse.GetValue(exportIn)!), parse.GetValue(challengeOut)!);
            Console.WriteLine($"New Challenge Hash: {Convert.ToHexStringLower(hash)}");
            return ExitCodes.Ok;
        }));
        Group(ptau, "export", "Export parts of an accumulator.").Add(exportChallenge);

        var curve = new Argument<string>("curve") { Description = "bn128 (BN254), the only curve." };
        var challenge = new Argument<string>("challenge") { Description = "The challenge to answer." };
        var response = new Argument<string>("response") { Description = "Where to write the response (default: the challenge's name with extension response).", Arity = ArgumentArity.ZeroOrOne };
        var entropy = new Option<string>("--entropy", "-e") { Description = "Extra entropy text, mixed with the system's randomness." };
        var contribute = new Command("contribute", "Answer a challenge file with a contribution, writing the response (as snarkjs powersoftau challenge contribute).") { curve, challenge, response, entropy };
        contribute.SetAction(parse => Guard(() =>
        {
            if (CheckCurveAndPower(parse.GetValue(curve), 1) is { } bad) return bad;
            var challengePath = parse.GetValue(challenge)!;
            var (challengeHash, responseHash) = PowersOfTauChallenge.Contribute(
                challengePath, parse.GetValue(response) ?? InspectCommands.ChangeExtension(challengePath, "response"),
                SnarkjsRng.FromEntropy(parse.GetValue(entropy)), Progress);
            EndProgress();
            Console.WriteLine($"Current Challenge Hash: {Convert.ToHexStringLower(challengeHash)}");
            Console.WriteLine($"Contribution Response Hash: {Convert.ToHexStringLower(responseHash)}");
            return ExitCodes.Ok;
        }));
        Group(ptau, "challenge", "Contribute to a challenge file.").Add(contribute);

        var oldPtau = new Argument<string>("powersoftau_old.ptau") { Description = "The accumulator the challenge was exported from." };
        var responseIn = new Argument<string>("response") { Description = "The contributor's response." };
        var newPtau = new Argument<string>("powersoftau_new.ptau") { Description = "Where to write the accumulator with the contribution." };
        var name = new Option<string>("--name", "-n") { Description = "A name recorded with the contribution." };
        var noPoints = new Option<bool>("--nopoints") { Description = "Not supported: the points are always imported." };
        var noCheck = new Option<bool>("--nocheck") { Description = "Accepted for snarkjs's command line; run powersoftau verify to check." };
        var import = new Command("response", "Append a response's contribution to the accumulator (as snarkjs powersoftau import response).") { oldPtau, responseIn, newPtau, name, noPoints, noCheck };
        import.SetAction(parse => Guard(() =>
        {
            if (parse.GetValue(noPoints)) return Fail(ExitCodes.BadInput, "--nopoints is not supported: the points are always imported");
            var file = PowersOfTauChallenge.Import(PtauFile.Read(parse.GetValue(oldPtau)!), parse.GetValue(responseIn)!, parse.GetValue(name));
            file.Write(parse.GetValue(newPtau)!);
            Console.WriteLine($"Contribution Response Hash imported: {Convert.ToHexStringLower(file.Contributions[^1].ResponseHash())}");
            Console.WriteLine($"Next Challenge Hash: {Convert.ToHexStringLower(file.NextChallenge())}");
            return ExitCodes.Ok;
        }));
        Group(ptau, "import", "Import a contribution.").Add(import);
    }

    private static int? CheckCurveAndPower(string? curve, int power)
    {
        if (curve is not ("bn128" or "bn254"))
            return Fail(ExitCodes.BadInput, $"curve '{curve}' is not supported; use bn128");
        if (power is < 1 or > PowersOfTau.MaxPower)
            return Fail(ExitCodes.BadInput, $"power {power} is outside 1..{PowersOfTau.MaxPower}");
        return null;
    }

    private static void AddGroth16Setup(RootCommand root)
    {
        var groth16 = Group(root, "groth16", "Groth16 over BN254: setup, prove, verify.");
        var r1cs = InspectCommands.File("circuit.r1cs", "The constraint system", "circuit.r1cs");
        var ptau = InspectCommands.File("pot.ptau", "Powers of tau prepared for phase 2", "powersoftau.ptau");
        var zkey = InspectCommands.File("circuit.zkey", "Where to write the initial proving key", "circuit_0000.zkey");
        var setup = new Command("setup", "Derive the circuit's initial proving key (as snarkjs groth16 setup).") { r1cs, ptau, zkey };
        setup.SetAction(parse => Guard(() =>
        {
            byte[] hash;
            try
            {
                hash = Groth16SetupFiles.Setup(parse.GetValue(r1cs)!, parse.GetValue(ptau)!, parse.GetValue(zkey)!, Step);
            }
            catch (ArgumentException e)
            {
                // The circuit does not fit these powers of tau.
                return Fail(ExitCodes.BadInput, $"{parse.GetValue(r1cs)} does not fit {parse.GetValue(ptau)}: {e.Message}");
            }
            Console.WriteLine($"Circuit hash: {Convert.ToHexStringLower(hash)}");
            return ExitCodes.Ok;
        }));
        groth16.Add(setup);
    }

    private static void AddZkeyCommands(RootCommand root)
    {
        var zkeyCommand = Group(root, "zkey", "Groth16 proving keys (.zkey).");
        var r1cs = InspectCommands.File("circuit.r1cs", "The constraint system", "circuit.r1cs");
        var ptau = InspectCommands.File("pot.ptau", "Powers of tau prepared for phase 2", "powersoftau.ptau");
        var zkey = InspectCommands.File("circuit.zkey", "The proving key to check", "circuit_final.zkey");
        var verify = Group(zkeyCommand, "verify", "Verify a proving key.");
        var fromR1cs = new Command("r1cs", "Check that a key is the setup of the circuit and the powers of tau plus valid phase-2 contributions (also: zkey verify, zkv, zkvr).") { r1cs, ptau, zkey };
        verify.Add(fromR1cs);
        fromR1cs.SetAction(parse => Guard(() =>
        {
            var problem = ZkeyVerification.Verify(parse.GetValue(r1cs)!, parse.GetValue(ptau)!, parse.GetValue(zkey)!, Step);
            if (problem is not null) return Fail(ExitCodes.Invalid, problem);
            Console.WriteLine("ZKey Ok!");
            return ExitCodes.Ok;
        }));

        var inKey = new Argument<string>("in.zkey") { Description = "The key to contribute to." };
        var outKey = new Argument<string>("out.zkey") { Description = "Where to write the new key." };
        var entropy = new Option<string>("--entropy", "-e") { Description = "Extra entropy text, mixed with the system's randomness." };
        var name = new Option<string>("--name", "-n") { Description = "A name recorded with the contribution." };
        var contribute = new Command("contribute", "Add a phase-2 contribution (a fresh secret delta), as snarkjs zkey contribute.") { inKey, outKey, entropy, name };
        contribute.SetAction(parse => Guard(() =>
        {
            var secrets = PowersOfTauCeremony.RandomSecrets(parse.GetValue(entropy));
            var hash = ZkeyContribution.Contribute(parse.GetValue(inKey)!, parse.GetValue(outKey)!, secrets.Tau, secrets.Alpha, parse.GetValue(name));
            Console.WriteLine($"Contribution hash: {Convert.ToHexStringLower(hash)}");
            return ExitCodes.Ok;
        }));
        zkeyCommand.Add(contribute);

        var beaconIn = new Argument<string>("in.zkey") { Description = "The key to finish." };
        var beaconOut = new Argument<string>("out.zkey") { Description = "Where to write the final key." };
        var beaconHash = new Argument<string>("beaconHash") { Description = "The public beacon value, hex (1 to 255 bytes)." };
        var iterations = new Argument<int>("numIterationsExp") { Description = "log2 of the SHA-256 iterations, 10 to 63." };
        var beaconName = new Option<string>("--name", "-n") { Description = "A name recorded with the contribution." };
        var beacon = new Command("beacon", "Add the final, publicly reproducible contribution from a random beacon.") { beaconIn, beaconOut, beaconHash, iterations, beaconName };
        beacon.SetAction(parse => Guard(() =>
        {
            var exp = parse.GetValue(iterations);
            if (BeaconProblem(parse.GetValue(beaconHash)!, exp, out var value) is { } problem) return Fail(ExitCodes.BadInput, problem);
            var hash = ZkeyContribution.Beacon(parse.GetValue(beaconIn)!, parse.GetValue(beaconOut)!, value, exp, parse.GetValue(beaconName));
            Console.WriteLine($"Contribution hash: {Convert.ToHexStringLower(hash)}");
            return ExitCodes.Ok;
        }));
        zkeyCommand.Add(beacon);
    }

    private static bool ShowProgress => Verbose || !Console.IsErrorRedirected;

    private static void Progress(string what, long done)
    {
        if (ShowProgress) Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{what}: {done}          "));
    }

    private static void EndProgress()
    {
        if (ShowProgress) Console.Error.WriteLine();
    }

    private static void Step(string what)
    {
        if (ShowProgress) Console.Error.WriteLine(what);
    }

    /// <summary>What is wrong with a beacon's hash (hex, 1 to 255 bytes) and iteration exponent (10 to 63), as snarkjs checks them; null when nothing.</summary>
    private static string? BeaconProblem(string hex, int numIterationsExp, out byte[] value)
    {
        value = [];
        try
        {
            value = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return "the beacon hash must be hexadecimal";
        }
        if (value.Length is 0 or > 255) return "the beacon hash must have 1 to 255 bytes";
        if (numIterationsExp is < 10 or > 63) return "numIterationsExp must be 10 to 63";
        return null;
    }
}

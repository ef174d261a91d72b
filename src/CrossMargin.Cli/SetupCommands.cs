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
        var output = new Argument<string>("pot.ptau") { Description = "Where to write the accumulator." };
        var create = new Command("new", "Start a ceremony: every point its group's generator.") { curve, power, output };
        create.SetAction(parse => Guard(() =>
        {
            if (CheckCurveAndPower(parse.GetValue(curve), parse.GetValue(power)) is { } bad) return bad;
            new PtauFile(PowersOfTau.New(parse.GetValue(power)), []).Write(parse.GetValue(output)!);
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
        return ptau;
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
        var r1cs = new Argument<string>("circuit.r1cs") { Description = "The constraint system." };
        var ptau = new Argument<string>("pot.ptau") { Description = "Powers of tau prepared for phase 2." };
        var zkey = new Argument<string>("circuit.zkey") { Description = "Where to write the initial proving key." };
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
                return Fail(ExitCodes.BadInput, e.Message);
            }
            Console.WriteLine($"Circuit hash: {Convert.ToHexStringLower(hash)}");
            return ExitCodes.Ok;
        }));
        groth16.Add(setup);
    }

    private static void AddZkeyCommands(RootCommand root)
    {
        var zkeyCommand = Group(root, "zkey", "Groth16 proving keys (.zkey).");
        var r1cs = new Argument<string>("circuit.r1cs") { Description = "The constraint system." };
        var ptau = new Argument<string>("pot.ptau") { Description = "Powers of tau prepared for phase 2." };
        var zkey = new Argument<string>("circuit.zkey") { Description = "The proving key to check." };
        var verify = new Command("verify", "Check that a key is the setup of the circuit and the powers of tau plus valid phase-2 contributions.") { r1cs, ptau, zkey };
        verify.SetAction(parse => Guard(() =>
        {
            var problem = ZkeyVerification.Verify(parse.GetValue(r1cs)!, parse.GetValue(ptau)!, parse.GetValue(zkey)!, Step);
            if (problem is not null) return Fail(ExitCodes.Invalid, problem);
            Console.WriteLine("ZKey Ok!");
            return ExitCodes.Ok;
        }));
        zkeyCommand.Add(verify);

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

    private static bool ShowProgress => !Console.IsErrorRedirected;

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

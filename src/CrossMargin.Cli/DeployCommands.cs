using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Globalization;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Snarkjs;
using CrossMargin.Snarkjs.Solidity;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// deploy --rpc &lt;url&gt; [--config &lt;file&gt;] [--out deployment.json] [--resume] [--private-key &lt;hex&gt;] [--zkey &lt;file&gt; | --vk &lt;file&gt;]
/// </code>
/// Deploys and wires the whole system (<see cref="SystemDeployment"/>) and writes the deployment
/// file after every step that lands. The sender's key comes from --private-key or
/// CROSSMARGIN_PRIVATE_KEY and is never printed.
/// </summary>
public static class DeployCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Checked by the verb rather than marked Required: a parse error would exit 1, a usage error is 2.
        var rpc = new Option<string?>("--rpc") { Description = "The node's JSON-RPC URL (required)." };
        var config = new Option<string?>("--config") { Description = "The configuration (JSON; docs/contracts.md, \"Deployment\"); default: the small circuit's." };
        var output = new Option<string>("--out")
        {
            Description = "The deployment file to write (default deployment.json).",
            DefaultValueFactory = _ => "deployment.json",
        };
        var resume = new Option<bool>("--resume") { Description = "Continue the incomplete deployment in --out: steps already recorded are checked and kept." };
        var privateKey = new Option<string?>("--private-key") { Description = $"The sender's key (hex); default: ${ChainConnection.PrivateKeyVariable}." };
        var zkey = new Option<string?>("--zkey") { Description = "The circuit's proving key: refused unless its verification key is the compiled verifier's." };
        var vk = new Option<string?>("--vk") { Description = "The circuit's verification_key.json: refused unless it is the compiled verifier's key." };
        var command = new Command("deploy", "Deploy and wire the system (verifier, registry, hub, gate, vault, sample venues); write the deployment file.")
        {
            rpc, config, output, resume, privateKey, zkey, vk,
        };
        command.SetAction(parse => CommandLine.Guard(() => Deploy(
            parse.GetValue(rpc), parse.GetValue(config), parse.GetValue(output)!, parse.GetValue(resume),
            parse.GetValue(privateKey), parse.GetValue(zkey), parse.GetValue(vk))));
        root.Add(command);
    }

    private static int Deploy(string? rpc, string? configPath, string outPath, bool resume, string? privateKey, string? zkeyPath, string? vkPath)
    {
        var endpoint = ChainConnection.Endpoint(rpc);
        if (zkeyPath is not null && vkPath is not null) return CommandLine.Fail(ExitCodes.BadInput, "give --zkey or --vk, not both");
        if ((zkeyPath ?? vkPath) is { } keyPath)
        {
            // A verifier for another key would need solc at deploy time; the build compiles the one it generated.
            var digest = KeyDigest.Of(Groth16VerifierGenerator.ReadKey(keyPath));
            if (digest != SystemDeployment.VerifierKeySha256)
                return CommandLine.Fail(ExitCodes.Invalid,
                    $"{keyPath}: its verification key has SHA-256 {digest}; the compiled verifier ({SystemDeployment.VerifierContract}) is for the key with SHA-256 "
                    + $"{SystemDeployment.VerifierKeySha256}. Deploying for another key needs a verifier generated from it "
                    + "(`crossmargin zkey export solidityverifier`) and compiled into contracts/src/generated/ by the build.");
            Console.Error.WriteLine($"key sha256 {digest} (the compiled verifier's)");
        }
        privateKey = ChainConnection.PrivateKey(privateKey);
        var config = configPath is null ? new DeploymentConfig() : DeploymentConfig.ReadFile(configPath);

        DeploymentRecord? previous = null;
        if (resume)
        {
            if (!File.Exists(outPath)) return CommandLine.Fail(ExitCodes.BadInput, $"--resume: {outPath} does not exist");
            previous = DeploymentRecord.Read(outPath);
            if (previous.Complete) return CommandLine.Fail(ExitCodes.BadInput, $"--resume: {outPath} records a complete deployment; nothing to continue");
        }
        else if (File.Exists(outPath))
        {
            return CommandLine.Fail(ExitCodes.BadInput, $"{outPath} exists: pass --resume to continue an incomplete deployment, or another --out (a deployment file is never overwritten)");
        }

        var web3 = ChainConnection.ConnectAsync(endpoint, privateKey).GetAwaiter().GetResult();

        try
        {
            var record = SystemDeployment.RunAsync(web3, config, previous,
                save: r => r.Write(outPath),
                contractsCommit: ContractsCommit(),
                progress: (step, reused) => Console.Error.WriteLine(reused
                    ? $"{step.Name}: kept from {outPath} ({step.Address ?? step.Transaction})"
                    : $"{step.Name}: {(step.Address is null ? "sent" : $"{step.Contract} at {step.Address}")} (block {step.Block}, gas {step.GasUsed})"))
                .GetAwaiter().GetResult();
            Console.Out.WriteLine($"deployed on chain {record.ChainId}: {record.Steps.Count} steps, {record.TotalGas.ToString(CultureInfo.InvariantCulture)} gas; written to {outPath}");
            foreach (var step in record.Steps.Where(s => s.Address is not null))
                Console.Out.WriteLine($"{step.Name,-14} {step.Address}");
            return ExitCodes.Ok;
        }
        catch (DeploymentStepException e)
        {
            var recorded = e.Landed.Count == 0 ? "" : $" {outPath} records what landed (incomplete): fix the cause and rerun with --resume to continue.";
            return CommandLine.Fail(ExitCodes.Invalid, e.Message + "." + recorded);
        }
    }

    /// <summary>
    /// The last commit that changed contracts/src in the checkout this CLI was built from
    /// ("-dirty" appended when contracts/src has uncommitted changes); null without git or a checkout.
    /// </summary>
    private static string? ContractsCommit()
    {
        var artifacts = typeof(DeployCommands).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CrossMargin.ArtifactsRoot")?.Value;
        if (string.IsNullOrEmpty(artifacts)) return null;
        var root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(artifacts))!;
        if (!Directory.Exists(root)) return null;
        var commit = Git(root, "log", "-1", "--format=%H", "--", "contracts/src");
        if (string.IsNullOrEmpty(commit)) return null;
        return Git(root, "status", "--porcelain", "--", "contracts/src") is { Length: > 0 } ? commit + "-dirty" : commit;
    }

    private static string? Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git
        }
    }
}

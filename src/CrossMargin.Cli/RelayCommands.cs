using System.CommandLine;
using System.Globalization;
using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Actors.Relay;
using CrossMargin.Chain.Contracts.Deployment;
using Nethereum.Web3;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// relay --source-rpc &lt;url&gt; --source-deployment &lt;file&gt; --rpc &lt;url&gt; --deployment &lt;file&gt; --committee-keys &lt;file&gt;
///       [--confirmations 2] [--poll 2] [--state relay-state.json] [--once] [--private-key &lt;hex&gt;]
/// </code>
/// Carries the commitments posted on the source deployment's registry to the destination
/// deployment's registry (<see cref="CommitteeRelay"/>, docs/relay.md), one line per commitment
/// carried. Runs until Ctrl-C (SIGINT) or SIGTERM, which it honours after the step in hand
/// (exit 0); --once makes one pass. The sender's key comes from --private-key or
/// CROSSMARGIN_PRIVATE_KEY and is never printed.
/// </summary>
public static class RelayCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Checked by the verb rather than marked Required: a parse error would exit 1, a usage error is 2.
        var sourceRpc = new Option<string?>("--source-rpc") { Description = "The source chain's JSON-RPC URL (required)." };
        var sourceDeployment = new Option<string?>("--source-deployment") { Description = "The source chain's deployment file (`crossmargin deploy`); its registry is the one read (required)." };
        var rpc = new Option<string?>("--rpc") { Description = "The destination chain's JSON-RPC URL, where the gate's registry is (required)." };
        var deployment = new Option<string?>("--deployment") { Description = "The destination chain's deployment file (required)." };
        var committeeKeys = new Option<string?>("--committee-keys") { Description = $"The committee members' keys this relay signs with: {{ \"format\": \"{CommitteeKeysFile.CurrentFormat}\", \"keys\": [\"0x…\"] }} (required)." };
        var confirmations = new Option<int>("--confirmations")
        {
            Description = "Blocks on top of a post's block before it is carried (default 2).",
            DefaultValueFactory = _ => 2,
        };
        var poll = new Option<double>("--poll")
        {
            Description = "Seconds between passes (default 2).",
            DefaultValueFactory = _ => 2,
        };
        var state = new Option<string>("--state")
        {
            Description = "The relay's state file, its cursor on the source chain (default relay-state.json).",
            DefaultValueFactory = _ => "relay-state.json",
        };
        var once = new Option<bool>("--once") { Description = "Make one pass, then exit." };
        var privateKey = new Option<string?>("--private-key") { Description = $"The destination sender's key (hex); default: ${ChainConnection.PrivateKeyVariable}." };
        var command = new Command("relay", "Carry venue commitments from a registry on another chain to the gate's registry, attested by committee signatures.")
        {
            sourceRpc, sourceDeployment, rpc, deployment, committeeKeys, confirmations, poll, state, once, privateKey,
        };
        command.SetAction(parse => CommandLine.Guard(() => Relay(new RelayArguments(
            parse.GetValue(sourceRpc), parse.GetValue(sourceDeployment), parse.GetValue(rpc), parse.GetValue(deployment),
            parse.GetValue(committeeKeys), parse.GetValue(confirmations), parse.GetValue(poll), parse.GetValue(state)!, parse.GetValue(once),
            parse.GetValue(privateKey)))));
        root.Add(command);
    }

    private sealed record RelayArguments(string? SourceRpc, string? SourceDeployment, string? Rpc, string? Deployment, string? CommitteeKeys,
        int Confirmations, double PollSeconds, string State, bool Once, string? PrivateKey);

    private static int Relay(RelayArguments a)
    {
        foreach (var (value, option, what) in new[]
                 {
                     (a.SourceRpc, "--source-rpc <url>", "the source chain's node"),
                     (a.SourceDeployment, "--source-deployment <file>", "the source chain's deployment file"),
                     (a.Rpc, "--rpc <url>", "the destination chain's node"),
                     (a.Deployment, "--deployment <file>", "the destination chain's deployment file"),
                     (a.CommitteeKeys, "--committee-keys <file>", "the committee keys this relay signs with"),
                 })
        {
            if (value is null) return CommandLine.Fail(ExitCodes.BadInput, $"{option} is required: {what}");
        }
        if (a.Confirmations < 0) return CommandLine.Fail(ExitCodes.BadInput, $"--confirmations: {a.Confirmations} is negative");
        if (!(a.PollSeconds > 0 && a.PollSeconds <= 86_400)) return CommandLine.Fail(ExitCodes.BadInput, $"--poll: {a.PollSeconds.ToString(CultureInfo.InvariantCulture)} is not a number of seconds in (0, 86400]");
        var privateKey = ChainConnection.PrivateKey(a.PrivateKey);
        var sourceEndpoint = ChainConnection.Endpoint(a.SourceRpc, "--source-rpc");
        var destinationEndpoint = ChainConnection.Endpoint(a.Rpc);

        var sourceRecord = ChainConnection.ReadDeployment(a.SourceDeployment, "--source-deployment");
        var destinationRecord = ChainConnection.ReadDeployment(a.Deployment);
        var keys = CommitteeKeysFile.Read(a.CommitteeKeys!);

        var source = Connect("--source-rpc", "--source-deployment", a.SourceDeployment!, ChainConnection.ConnectAsync(sourceEndpoint, privateKey: null).GetAwaiter().GetResult(), sourceRecord);
        var destination = Connect("--rpc", "--deployment", a.Deployment!, ChainConnection.ConnectAsync(destinationEndpoint, privateKey).GetAwaiter().GetResult(), destinationRecord);
        var options = new RelayOptions
        {
            Source = source.Web3,
            SourceRegistry = source.Registry.Address,
            Destination = destination.Web3,
            DestinationRegistry = destination.Registry.Address,
            CommitteeKeys = keys,
            Confirmations = a.Confirmations,
            PollInterval = TimeSpan.FromSeconds(a.PollSeconds),
            StatePath = a.State,
            // Nothing is posted on a registry before the block that created it.
            FirstBlock = sourceRecord.Steps.First(s => s.Name == SystemDeployment.Registry).Block,
            OnCarried = c => Console.Out.WriteLine(
                $"carried sequence {c.Sequence} (source block {c.SourceBlock}, account {c.Account}, venue {c.Venue}): transaction {c.Transaction}, gas {c.GasUsed}"),
            OnTransientFailure = e => Console.Error.WriteLine($"warning: a node did not answer ({e.InnerException?.Message ?? e.Message}); trying again next pass"),
        };
        var relay = CommitteeRelay.CreateAsync(options).GetAwaiter().GetResult();
        Console.Error.WriteLine($"relaying from registry {options.SourceRegistry} on chain {relay.SourceChainId} to {options.DestinationRegistry} on chain {relay.DestinationChainId} "
            + $"as {destination.Sender}, {a.Confirmations} confirmations, state {a.State}"
            + (relay.State is { } resumed ? $" (resuming after source block {resumed.Block})" : ""));

        // Ctrl-C and SIGTERM ask the relay to stop after the step in hand instead of killing the process mid-send.
        using var stop = new StopSignal();
        if (a.Once)
        {
            try
            {
                Console.Error.WriteLine(relay.PassAsync(stop.Token).GetAwaiter().GetResult());
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (stop.Requested)
            {
                // Stopped between two posts: reported below like the loop's stop.
            }
        }
        else
        {
            relay.RunAsync(report =>
            {
                if (report.Carried.Count + report.Skipped.Count + report.MirroredByAnotherRelay > 0 || CommandLine.Verbose)
                    Console.Error.WriteLine(report);
            }, stop.Token).GetAwaiter().GetResult();
        }
        Console.Error.WriteLine($"stopped; the cursor is at source block {relay.State?.Block.ToString(CultureInfo.InvariantCulture) ?? "(none yet)"}");
        return ExitCodes.Ok;
    }

    // The deployment's chain must be the node's: a relay reading another chain's registry address would read nothing, or another contract.
    private static SystemContracts Connect(string rpcOption, string deploymentOption, string path, IWeb3 web3, DeploymentRecord record)
    {
        try
        {
            return SystemContracts.ConnectAsync(web3, record).GetAwaiter().GetResult();
        }
        catch (DeploymentFileException e)
        {
            throw new DeploymentFileException($"{deploymentOption} {path} and {rpcOption}: {e.Message}");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Actors.Governance;
using CrossMargin.Margin;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// governance setup --rpc &lt;url&gt; --deployment &lt;file&gt; [--parameters &lt;portfolio.json&gt;]
///                  [--reporters &lt;address,...&gt;] [--committee &lt;address,...&gt; --threshold &lt;k&gt;] [--private-key &lt;hex&gt;]
/// governance activate --rpc &lt;url&gt; --deployment &lt;file&gt; [--private-key &lt;hex&gt;]
/// </code>
/// What governance does on a deployed system before anyone can prove (<see cref="SystemSetup"/>):
/// setup admits the sample venues (once), grants the reporters their role, sets the relay
/// committee, and proposes the risk parameters of a portfolio file (docs/portfolio.md); activate
/// makes the proposed set active once the registry's timelock has passed. The key must be
/// governance's (the deployer's unless the deployment configuration named another).
/// </summary>
public static class GovernanceCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var governance = CommandLine.Group(root, "governance", "Governance of a deployed system: venues, reporters, committee, risk parameters.");
        governance.Add(Setup());
        governance.Add(Activate());
    }

    private static Option<string?> Rpc() => new("--rpc") { Description = "The node's JSON-RPC URL (required)." };
    private static Option<string?> Deployment() => new("--deployment") { Description = "The deployment file `crossmargin deploy` wrote (required)." };
    private static Option<string?> PrivateKey() => new("--private-key") { Description = $"Governance's key (hex); default: ${ChainConnection.PrivateKeyVariable}." };

    private static Command Setup()
    {
        var rpc = Rpc();
        var deployment = Deployment();
        var privateKey = PrivateKey();
        var parameters = new Option<string?>("--parameters") { Description = "Propose the risk parameters of this portfolio file (docs/portfolio.md)." };
        var reporters = new Option<string?>("--reporters") { Description = "Grant the oracle's reporter role to these addresses (comma-separated)." };
        var committee = new Option<string?>("--committee") { Description = "Set the relay committee to these addresses (comma-separated); with --threshold." };
        var threshold = new Option<int?>("--threshold") { Description = "How many committee signatures attest a remote post." };
        var command = new Command("setup", "Admit the sample venues, grant reporters, set the relay committee, propose risk parameters.")
        {
            rpc, deployment, privateKey, parameters, reporters, committee, threshold,
        };
        command.SetAction(parse => CommandLine.Guard(() => RunSetup(parse.GetValue(rpc), parse.GetValue(deployment), parse.GetValue(privateKey),
            parse.GetValue(parameters), parse.GetValue(reporters), parse.GetValue(committee), parse.GetValue(threshold)).GetAwaiter().GetResult()));
        return command;
    }

    private static async Task<int> RunSetup(string? rpc, string? deploymentPath, string? privateKey, string? parametersPath, string? reporterList, string? committeeList, int? threshold)
    {
        var endpoint = ChainConnection.Endpoint(rpc);
        var reporters = Addresses(reporterList, "--reporters");
        var members = Addresses(committeeList, "--committee");
        if ((members.Count == 0) != (threshold is null))
            throw new UsageException("--committee", "and --threshold go together");
        if (threshold is { } k && (k < 1 || k > members.Count))
            throw new UsageException("--threshold", $"{k}; between 1 and the committee's {members.Count} members");
        var parameters = parametersPath is null ? null : PortfolioFile.Read(parametersPath).Parameters;
        var system = await ChainConnection.DeploymentAsync(await ChainConnection.ConnectAsync(endpoint, ChainConnection.PrivateKey(privateKey)).ConfigureAwait(false), deploymentPath).ConfigureAwait(false);

        foreach (var receipt in await SystemSetup.AdmitSampleVenuesAsync(system).ConfigureAwait(false))
            Print("venue admitted", receipt);
        foreach (var receipt in await SystemSetup.GrantReportersAsync(system, reporters).ConfigureAwait(false))
            Print("reporter role granted", receipt);
        if (threshold is { } t)
            Print($"committee set ({t} of {members.Count})", await SystemSetup.SetCommitteeAsync(system, members, t).ConfigureAwait(false));
        if (parameters is not null)
        {
            Print("parameters proposed", await SystemSetup.ProposeParametersAsync(system, parameters).ConfigureAwait(false));
            var pending = await system.Registry.PendingParametersAsync().ConfigureAwait(false);
            Console.WriteLine($"pending set {pending.Id}, hash {pending.ParameterHash}: activate from {DateTimeOffset.FromUnixTimeSeconds((long)pending.ActivatesAt).UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} (governance activate)");
        }
        return ExitCodes.Ok;
    }

    private static Command Activate()
    {
        var rpc = Rpc();
        var deployment = Deployment();
        var privateKey = PrivateKey();
        var command = new Command("activate", "Activate the proposed risk parameters once the registry's timelock has passed (anyone may).") { rpc, deployment, privateKey };
        command.SetAction(parse => CommandLine.Guard(() =>
        {
            var endpoint = ChainConnection.Endpoint(parse.GetValue(rpc));
            var web3 = ChainConnection.ConnectAsync(endpoint, ChainConnection.PrivateKey(parse.GetValue(privateKey))).GetAwaiter().GetResult();
            var system = ChainConnection.DeploymentAsync(web3, parse.GetValue(deployment)).GetAwaiter().GetResult();
            Print("parameters activated", SystemSetup.ActivateParametersAsync(system).GetAwaiter().GetResult());
            Console.WriteLine($"active parameter hash {system.Registry.ParameterHashAsync().GetAwaiter().GetResult()}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(string what, TransactionReceipt receipt) =>
        Console.WriteLine($"{what}: transaction {receipt.TransactionHash}, gas {receipt.GasUsed.Value}");

    private static List<string> Addresses(string? list, string option)
    {
        if (list is null) return [];
        var addresses = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var a in addresses)
            if (!CrossMargin.Chain.EvmAddress.IsValid(a))
                throw new UsageException(option, $"'{a}' is not an address (0x and 40 hex digits)");
        return addresses;
    }
}

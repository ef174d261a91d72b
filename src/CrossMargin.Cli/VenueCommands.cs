using System.CommandLine;
using System.Net;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts.Deployment;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// venue serve --rpc &lt;url&gt; --deployment &lt;file&gt; --venue lending|perp --data &lt;dir&gt; --token &lt;address&gt;
///             [--token-asset &lt;slot&gt;] [--listen &lt;port&gt;] [--poll &lt;seconds&gt;] [--private-key &lt;hex&gt;]
/// </code>
/// Runs a sample venue's operator (<see cref="VenueOperator"/>, docs/venue.md): resumes what a
/// previous run left in flight, serves the HTTP API on 127.0.0.1 and settles the gate's
/// liquidations every --poll seconds, one line per action, until SIGINT or SIGTERM (exit 0 once the
/// current step is done). The operator's key comes from --private-key or CROSSMARGIN_PRIVATE_KEY
/// and is never printed.
/// </summary>
public static class VenueCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Checked by the verb rather than marked Required: a parse error would exit 1, a usage error is 2.
        var rpc = new Option<string?>("--rpc") { Description = "The node's JSON-RPC URL (required)." };
        var deployment = new Option<string?>("--deployment") { Description = "The deployment file `crossmargin deploy` wrote (required)." };
        var venue = new Option<string?>("--venue") { Description = "Which sample venue to operate: lending or perp (required)." };
        var data = new Option<string?>("--data") { Description = "The operator's data directory, its book (required; created when missing)." };
        var token = new Option<string?>("--token") { Description = "The ERC-20 the venue claims liquidation losses in (required)." };
        var tokenAsset = new Option<int>("--token-asset") { Description = "The token's asset slot in the margin model (default 0)." };
        var listen = new Option<int?>("--listen") { Description = "Serve the HTTP API on 127.0.0.1:<port> (default: no HTTP API)." };
        var poll = new Option<double>("--poll")
        {
            Description = "Seconds between passes of the liquidation watcher (default 5).",
            DefaultValueFactory = _ => 5,
        };
        var privateKey = new Option<string?>("--private-key") { Description = $"The venue operator's key (hex); default: ${ChainConnection.PrivateKeyVariable}." };
        var serve = new Command("serve", "Run a sample venue's operator: post states, open trades, settle liquidations; an HTTP API on 127.0.0.1.")
        {
            rpc, deployment, venue, data, token, tokenAsset, listen, poll, privateKey,
        };
        serve.SetAction(parse => CommandLine.Guard(() => Serve(
            parse.GetValue(rpc), parse.GetValue(deployment), parse.GetValue(venue), parse.GetValue(data), parse.GetValue(token),
            parse.GetValue(tokenAsset), parse.GetValue(listen), parse.GetValue(poll),
            parse.GetValue(privateKey))));
        CommandLine.Group(root, "venue", "A venue's operator.").Add(serve);
    }

    private static int Serve(string? rpc, string? deploymentPath, string? venueName, string? dataDirectory, string? token, int tokenAsset, int? port, double pollSeconds, string? privateKey)
    {
        foreach (var (value, option) in new[] { (rpc, "--rpc <url>"), (deploymentPath, "--deployment <file>"), (venueName, "--venue lending|perp"), (dataDirectory, "--data <dir>"), (token, "--token <address>") })
        {
            if (string.IsNullOrEmpty(value)) return CommandLine.Fail(ExitCodes.BadInput, $"{option} is required");
        }
        var endpoint = ChainConnection.Endpoint(rpc);
        SampleVenueKind kind;
        switch (venueName)
        {
            case "lending": kind = SampleVenueKind.Lending; break;
            case "perp": kind = SampleVenueKind.Perp; break;
            default: return CommandLine.Fail(ExitCodes.BadInput, $"--venue: '{venueName}' is not a sample venue (lending or perp)");
        }
        token = VenueRequests.Address(token!, "--token"); // a VenueRequestException names the option: exit 2
        if (port is < 1 or > 65535) return CommandLine.Fail(ExitCodes.BadInput, $"--listen: {port} is not a TCP port (1 to 65535)");
        if (!(pollSeconds > 0 && pollSeconds <= 86_400)) return CommandLine.Fail(ExitCodes.BadInput, $"--poll: {pollSeconds} is not a number of seconds in (0, 86400]");
        privateKey = ChainConnection.PrivateKey(privateKey);
        var deployment = ChainConnection.ReadDeployment(deploymentPath);

        var web3 = ChainConnection.ConnectAsync(endpoint, privateKey).GetAwaiter().GetResult();
        // Not the default exit on a signal: the current step finishes first.
        using var stop = new StopSignal();
        try
        {
            return RunAsync(web3, deployment, new VenueOperatorOptions
            {
                Venue = kind,
                DataDirectory = dataDirectory!,
                SettlementToken = token,
                SettlementAsset = tokenAsset,
                Log = Console.Out.WriteLine,
            }, port, TimeSpan.FromSeconds(pollSeconds), stop.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ContractRevertException or TransactionFailedException)
        {
            return CommandLine.Fail(ExitCodes.Invalid, $"the chain refused a post the book had in flight: {e.Message}");
        }
        // A node that fails at the start exits 5 (CommandLine.Guard); what was in flight is in the book.
    }

    private static async Task<int> RunAsync(Web3 web3, DeploymentRecord deployment, VenueOperatorOptions options, int? port, TimeSpan poll, CancellationToken stop)
    {
        var system = await SystemContracts.ConnectAsync(web3, deployment).ConfigureAwait(false);
        using var venueOperator = await VenueOperator.OpenAsync(system, options, stop).ConfigureAwait(false);
        VenueHttpApi? api = null;
        try
        {
            try
            {
                api = port is { } p ? new VenueHttpApi(venueOperator, p, Console.Out.WriteLine) : null;
            }
            catch (HttpListenerException e)
            {
                return CommandLine.Fail(ExitCodes.BadInput, $"--listen: cannot listen on 127.0.0.1:{port} ({e.Message})");
            }
            Console.Out.WriteLine($"serving the {VenueOperator.Name(options.Venue)} venue {venueOperator.Venue} (registry index {venueOperator.VenueIndex}), "
                + $"book {venueOperator.Book.Directory}{(api is null ? "" : $", http {api.Address}")}");
            var http = api?.RunAsync(stop) ?? Task.CompletedTask;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // Not cancelled by the signal: a pass that started finishes (a settlement is never cut in two).
                    await venueOperator.SettleLiquidationsAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ContractRevertException or TransactionFailedException or RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException or HttpRequestException)
                {
                    // The next pass tries again from the same cursor; what was in flight is in the book.
                    Console.Out.WriteLine($"watcher: {e.Message}");
                }
                try
                {
                    await Task.Delay(poll, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            await http.ConfigureAwait(false);
            Console.Out.WriteLine("stopped");
            return ExitCodes.Ok;
        }
        finally
        {
            api?.Dispose();
        }
    }
}

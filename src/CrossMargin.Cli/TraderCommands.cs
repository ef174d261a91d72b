using System.CommandLine;
using System.Globalization;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using CrossMargin.Proving;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// trader prove --rpc &lt;url&gt; --deployment &lt;file&gt; --openings &lt;dir|file&gt;... [--account &lt;address&gt;]
///              [--level initial|maintenance] [--post-trade &lt;opening&gt;] [--submit] [--data &lt;dir&gt;]
///              [--zkey &lt;file&gt;] [--tau-slack &lt;seconds&gt;] [--private-key &lt;hex&gt;]
/// </code>
/// The trader's prover (<see cref="TraderProver"/>): reads the account's slots, the active
/// parameters, the latest oracle round and the gate's nonce from the chain, proves with the
/// openings the venues handed out, and with --submit sends the proof to the gate. Proofs and the
/// openings they use are kept under --data before anything is sent; a run first settles what a
/// previous one left unfinished.
/// </summary>
public static class TraderCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var trader = CommandLine.Group(root, "trader", "The trader: prove solvency over the chain's state and submit.");
        var rpc = new Option<string?>("--rpc") { Description = "The node's JSON-RPC URL (required)." };
        var deployment = new Option<string?>("--deployment") { Description = "The deployment file `crossmargin deploy` wrote (required)." };
        var openings = new Option<string[]>("--openings")
        {
            Description = "Opening files the venues handed out, or folders of them (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        };
        var account = new Option<string?>("--account") { Description = "The account to prove for; default: the sender's." };
        var level = MarginCommands.LevelOption();
        var postTrade = new Option<string?>("--post-trade")
        {
            Description = "A venue's proposed post-trade opening: prove over the state after the venue posts it (level initial); the venue sends the proof with the trade.",
        };
        var submit = new Option<bool>("--submit") { Description = "Send the proof to the gate (needs the sender's key)." };
        var data = new Option<string>("--data")
        {
            Description = "Where proofs and the openings they use are kept (default trader-data).",
            DefaultValueFactory = _ => "trader-data",
        };
        var zkey = new Option<string?>("--zkey") { Description = "The circuit's proving key; default: the development key (refused unless the deployment's verifier is for it)." };
        var tauSlack = new Option<uint>("--tau-slack")
        {
            Description = "Seconds allowed between reading the chain and the proof's block (default 120).",
            DefaultValueFactory = _ => 120,
        };
        var privateKey = new Option<string?>("--private-key") { Description = $"The sender's key (hex); default: ${ChainConnection.PrivateKeyVariable}." };
        var prove = new Command("prove", "Prove the account's solvency over the chain's current state; --submit sends it to the gate.")
        {
            rpc, deployment, openings, account, level, postTrade, submit, data, zkey, tauSlack, privateKey,
        };
        prove.SetAction(parse => CommandLine.Guard(() => Prove(
            parse.GetValue(rpc), parse.GetValue(deployment), parse.GetValue(openings) ?? [], parse.GetValue(account),
            MarginCommands.ParseLevel(parse.GetValue(level)) ?? throw new UsageException("--level", $"is '{parse.GetValue(level)}'; it must be initial or maintenance"),
            parse.GetValue(postTrade), parse.GetValue(submit), parse.GetValue(data)!, parse.GetValue(zkey), parse.GetValue(tauSlack), parse.GetValue(privateKey))
            .GetAwaiter().GetResult()));
        trader.Add(prove);
    }

    private static async Task<int> Prove(string? rpc, string? deploymentPath, string[] openingPaths, string? accountOption, MarginLevel level,
        string? postTradePath, bool submit, string dataDirectory, string? zkeyPath, uint tauSlack, string? privateKeyOption)
    {
        var endpoint = ChainConnection.Endpoint(rpc);
        if (openingPaths.Length == 0) throw new UsageException("--openings", "is required: the opening files (or folders of them) the venues handed out");
        if (postTradePath is not null && submit)
            throw new UsageException("--submit", "a post-trade proof is the venue's to send, with the trade: drop --submit");
        if (postTradePath is not null && level != MarginLevel.Initial)
            throw new UsageException("--level", "a post-trade proof is at the initial level");
        // A key is needed to send; to prove alone it only names the default account.
        var privateKey = submit || accountOption is null ? ChainConnection.PrivateKey(privateKeyOption) : privateKeyOption is null ? null : ChainConnection.PrivateKey(privateKeyOption);
        var web3 = await ChainConnection.ConnectAsync(endpoint, privateKey).ConfigureAwait(false);
        var system = await ChainConnection.DeploymentAsync(web3, deploymentPath).ConfigureAwait(false);
        var account = accountOption ?? system.Sender!;
        if (!CrossMargin.Chain.EvmAddress.IsValid(account))
            throw new UsageException("--account", $"'{account}' is not an address (0x and 40 hex digits)");

        var configuration = MarginConfiguration.Small;
        var openings = ReadOpenings(openingPaths, configuration);
        var postTrade = postTradePath is null ? null : Opening.Read(postTradePath, configuration);

        var artifacts = MarginCommands.ArtifactsRoot();
        var circuit = MarginCircuit.Locate(configuration, Path.Combine(artifacts, "circuits"));
        var key = zkeyPath ?? StepProgress.Run(step => DevelopmentKeys.Ensure(circuit, Path.Combine(artifacts, "keys"), step).Zkey, plainPrefix: "crossmargin: ");
        var prover = new TraderProver(system, circuit, key, dataDirectory, step => Console.Error.WriteLine($"crossmargin: {step}")) { TauSlack = tauSlack };

        if (submit)
        {
            foreach (var earlier in await prover.ResumeAsync().ConfigureAwait(false))
                Console.WriteLine($"settled from an earlier run: {Path.GetFileName(earlier.File)}: {Describe(earlier.Submission)}");
        }

        var proof = await prover.ProveAsync(account, openings, level, postTrade).ConfigureAwait(false);
        var s = proof.Submission;
        Console.WriteLine($"OK: {proof.Statement.Report.Explain(level)}");
        Console.WriteLine($"proved for {account} on chain {s.ChainId}: nonce {s.Nonce}, round {s.RoundId}, tau {s.Tau} s, proof {proof.ProvingTime.TotalMilliseconds:F0} ms; kept in {proof.File}");
        if (postTrade is not null)
        {
            Console.WriteLine($"for the venue {postTrade.Venue}: the trade's commitment {postTrade.Commitment} at state nonce {postTrade.Value.StateNonce}, with proofNonce {s.Nonce}, roundId {s.RoundId}, tau {s.Tau} and the proof words in {proof.File}");
            return ExitCodes.Ok;
        }
        if (!submit) return ExitCodes.Ok;

        var outcome = await prover.SubmitAsync(proof).ConfigureAwait(false);
        Console.WriteLine(Describe(outcome.Submission) + (outcome.Expiry is { } expiry
            ? $"; healthy until {DateTimeOffset.FromUnixTimeSeconds((long)expiry).UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} unless its state or prices move first"
            : ""));
        return ExitCodes.Ok;
    }

    private static string Describe(ProofSubmission s) => s.Status switch
    {
        SubmissionStatus.Recorded => $"recorded by the gate (transaction {s.Transaction}, gas {s.GasUsed})" + (s.Note is null ? "" : $": {s.Note}"),
        SubmissionStatus.Superseded => $"superseded, not sent: {s.Note}",
        _ => s.Status.ToString().ToLowerInvariant(),
    };

    /// <summary>Every opening file named, or inside a folder named (*.json, in name order); each checked against its commitment.</summary>
    private static List<Opening> ReadOpenings(IEnumerable<string> paths, MarginConfiguration configuration)
    {
        var openings = new List<Opening>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                openings.AddRange(Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal).Select(f => Opening.Read(f, configuration)));
            else
                openings.Add(Opening.Read(path, configuration));
        }
        return openings;
    }
}

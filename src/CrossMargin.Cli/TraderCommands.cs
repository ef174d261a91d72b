using System.CommandLine;
using System.Globalization;
using CrossMargin.Chain.Actors;
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
/// trader watch --rpc &lt;url&gt; --deployment &lt;file&gt; --openings &lt;dir|file&gt;... [--venue-url &lt;url&gt;...]
///              [--interval &lt;s&gt;] [--band-threshold &lt;percent&gt;] [--lead &lt;s&gt;] [--once] (and prove's options but --post-trade, --submit)
/// </code>
/// The trader's prover (<see cref="TraderProver"/>): reads the account's slots, the active
/// parameters, the latest oracle round and the gate's nonce from the chain, proves with the
/// openings the venues handed out, and with --submit sends the proof to the gate. Proofs and the
/// openings they use are kept under --data before anything is sent; a run first settles what a
/// previous one left unfinished. `watch` keeps the proof alive (<see cref="TraderWatch"/>): one
/// timestamped line per decision, until Ctrl-C or SIGTERM (exit 0 after the step in hand).
/// </summary>
public static class TraderCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var trader = CommandLine.Group(root, "trader", "The trader: prove solvency over the chain's state and submit.");
        trader.Add(ProveCommand());
        trader.Add(WatchCommand());
    }

    /// <summary>The options `prove` and `watch` share: where the chain and the openings are, whose proof, at which level, with which key, kept where.</summary>
    private sealed class ProverOptions
    {
        public Option<string?> Rpc { get; } = new("--rpc") { Description = "The node's JSON-RPC URL (required)." };
        public Option<string?> Deployment { get; } = new("--deployment") { Description = "The deployment file `crossmargin deploy` wrote (required)." };
        public Option<string[]> Openings { get; } = new("--openings")
        {
            Description = "Opening files the venues handed out, or folders of them (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        };
        public Option<string?> Account { get; } = new("--account") { Description = "The account to prove for; default: the sender's." };
        public Option<string> Level { get; } = MarginCommands.LevelOption();
        public Option<string> Data { get; } = new("--data")
        {
            Description = "Where proofs and the openings they use are kept (default trader-data).",
            DefaultValueFactory = _ => "trader-data",
        };
        public Option<string?> Zkey { get; } = new("--zkey") { Description = "The circuit's proving key; default: the development key (refused unless the deployment's verifier is for it)." };
        public Option<uint> TauSlack { get; } = new("--tau-slack")
        {
            Description = "Seconds allowed between reading the chain and the proof's block (default 120).",
            DefaultValueFactory = _ => 120,
        };
        public Option<string?> PrivateKey { get; } = new("--private-key") { Description = $"The sender's key (hex); default: ${ChainConnection.PrivateKeyVariable}." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Rpc, Deployment, Openings, Account, Level, Data, Zkey, TauSlack, PrivateKey }) command.Add(option);
        }

        public ProverArguments Read(ParseResult parse) => new(
            parse.GetValue(Rpc), parse.GetValue(Deployment), parse.GetValue(Openings) ?? [], parse.GetValue(Account),
            MarginCommands.ParseLevel(parse.GetValue(Level)) ?? throw new UsageException("--level", $"is '{parse.GetValue(Level)}'; it must be initial or maintenance"),
            parse.GetValue(Data)!, parse.GetValue(Zkey), parse.GetValue(TauSlack), parse.GetValue(PrivateKey));
    }

    private sealed record ProverArguments(string? Rpc, string? Deployment, string[] Openings, string? Account, MarginLevel Level,
        string Data, string? Zkey, uint TauSlack, string? PrivateKey);

    /// <summary>A prover connected to the deployment: the contracts (signing when a key was given), the account proved for, the circuit's configuration.</summary>
    private sealed record ConnectedProver(SystemContracts System, string Account, MarginConfiguration Configuration, TraderProver Prover);

    /// <summary>Connects to the node and the deployment and sets up the prover; <paramref name="sends"/>: the sender's key is required.</summary>
    private static async Task<ConnectedProver> ConnectAsync(ProverArguments a, bool sends)
    {
        var endpoint = ChainConnection.Endpoint(a.Rpc);
        // A key is needed to send; to prove alone it only names the default account.
        var privateKey = sends || a.Account is null ? ChainConnection.PrivateKey(a.PrivateKey) : a.PrivateKey is null ? null : ChainConnection.PrivateKey(a.PrivateKey);
        var web3 = await ChainConnection.ConnectAsync(endpoint, privateKey).ConfigureAwait(false);
        var system = await ChainConnection.DeploymentAsync(web3, a.Deployment).ConfigureAwait(false);
        var account = a.Account ?? system.Sender!;
        if (!CrossMargin.Chain.EvmAddress.IsValid(account))
            throw new UsageException("--account", $"'{account}' is not an address (0x and 40 hex digits)");

        var configuration = MarginConfiguration.Small;
        var artifacts = MarginCommands.ArtifactsRoot();
        var circuit = MarginCircuit.Locate(configuration, Path.Combine(artifacts, "circuits"));
        var key = a.Zkey ?? StepProgress.Run(step => DevelopmentKeys.Ensure(circuit, Path.Combine(artifacts, "keys"), step).Zkey, plainPrefix: "crossmargin: ");
        var prover = new TraderProver(system, circuit, key, a.Data, step => Console.Error.WriteLine($"crossmargin: {step}")) { TauSlack = a.TauSlack };
        return new ConnectedProver(system, account, configuration, prover);
    }

    private static Command ProveCommand()
    {
        var shared = new ProverOptions();
        var postTrade = new Option<string?>("--post-trade")
        {
            Description = "A venue's proposed post-trade opening: prove over the state after the venue posts it (level initial); the venue sends the proof with the trade.",
        };
        var submit = new Option<bool>("--submit") { Description = "Send the proof to the gate (needs the sender's key)." };
        var prove = new Command("prove", "Prove the account's solvency over the chain's current state; --submit sends it to the gate.");
        shared.AddTo(prove);
        prove.Add(postTrade);
        prove.Add(submit);
        prove.SetAction(parse => CommandLine.Guard(() => Prove(shared.Read(parse), parse.GetValue(postTrade), parse.GetValue(submit)).GetAwaiter().GetResult()));
        return prove;
    }

    private static async Task<int> Prove(ProverArguments a, string? postTradePath, bool submit)
    {
        ChainConnection.Endpoint(a.Rpc);
        if (a.Openings.Length == 0) throw new UsageException("--openings", "is required: the opening files (or folders of them) the venues handed out");
        if (postTradePath is not null && submit)
            throw new UsageException("--submit", "a post-trade proof is the venue's to send, with the trade: drop --submit");
        if (postTradePath is not null && a.Level != MarginLevel.Initial)
            throw new UsageException("--level", "a post-trade proof is at the initial level");
        var (_, account, configuration, prover) = await ConnectAsync(a, sends: submit).ConfigureAwait(false);
        var openings = ReadOpenings(a.Openings, configuration);
        var postTrade = postTradePath is null ? null : Opening.Read(postTradePath, configuration);

        if (submit)
        {
            foreach (var earlier in await prover.ResumeAsync().ConfigureAwait(false))
                Console.WriteLine($"settled from an earlier run: {Path.GetFileName(earlier.File)}: {earlier.Submission.Describe()}");
        }

        var proof = await prover.ProveAsync(account, openings, a.Level, postTrade).ConfigureAwait(false);
        var s = proof.Submission;
        Console.WriteLine($"OK: {proof.Statement.Report.Explain(a.Level)}");
        Console.WriteLine($"proved for {account} on chain {s.ChainId}: nonce {s.Nonce}, round {s.RoundId}, tau {s.Tau} s, proof {proof.ProvingTime.TotalMilliseconds:F0} ms; kept in {proof.File}");
        if (postTrade is not null)
        {
            Console.WriteLine($"for the venue {postTrade.Venue}: the trade's commitment {postTrade.Commitment} at state nonce {postTrade.Value.StateNonce}, with proofNonce {s.Nonce}, roundId {s.RoundId}, tau {s.Tau} and the proof words in {proof.File}");
            return ExitCodes.Ok;
        }
        if (!submit) return ExitCodes.Ok;

        var outcome = await prover.SubmitAsync(proof).ConfigureAwait(false);
        Console.WriteLine(outcome.Submission.Describe() + (outcome.Expiry is { } expiry
            ? $"; healthy until {DateTimeOffset.FromUnixTimeSeconds((long)expiry).UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} unless its state or prices move first"
            : ""));
        return ExitCodes.Ok;
    }

    private static Command WatchCommand()
    {
        var shared = new ProverOptions();
        var venueUrls = new Option<string[]>("--venue-url")
        {
            Description = "A venue operator's HTTP API (`venue serve`), asked for the account's current opening every pass (repeatable).",
            AllowMultipleArgumentsPerToken = true,
        };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between passes while the node answers (default 10); an outage backs off from it up to 120 s.",
            DefaultValueFactory = _ => 10,
        };
        var bandThreshold = new Option<double>("--band-threshold")
        {
            Description = "Re-prove at the latest round once a feed moved this percent of the gate's price band since the proved round (default 50).",
            DefaultValueFactory = _ => 50,
        };
        var lead = new Option<double?>("--lead") { Description = "Re-prove when the proof expires within this many seconds; default: three proving times, two intervals and a minute." };
        var once = new Option<bool>("--once") { Description = "Make one pass, then exit: 0 healthy or proved, 1 a proof was due and none was recorded, 5 the node did not answer." };
        var watch = new Command("watch", "Keep the account's proof alive: re-prove and submit when prices, commitments or expiry would let it lapse.");
        shared.AddTo(watch);
        foreach (var option in new Option[] { venueUrls, interval, bandThreshold, lead, once }) watch.Add(option);
        watch.SetAction(parse => CommandLine.Guard(() => Watch(shared.Read(parse), parse.GetValue(venueUrls) ?? [], parse.GetValue(interval),
            parse.GetValue(bandThreshold), parse.GetValue(lead), parse.GetValue(once)).GetAwaiter().GetResult()));
        return watch;
    }

    private static async Task<int> Watch(ProverArguments a, string[] venueUrls, double intervalSeconds, double bandPercent, double? leadSeconds, bool once)
    {
        ChainConnection.Endpoint(a.Rpc);
        if (a.Openings.Length == 0 && venueUrls.Length == 0)
            throw new UsageException("--openings", "is required (or --venue-url): where the venues' openings arrive");
        if (!(intervalSeconds > 0 && intervalSeconds <= 3600))
            throw new UsageException("--interval", $"{intervalSeconds.ToString(CultureInfo.InvariantCulture)} is not a number of seconds in (0, 3600]");
        if (!(bandPercent > 0 && bandPercent <= 100))
            throw new UsageException("--band-threshold", $"{bandPercent.ToString(CultureInfo.InvariantCulture)} is not a percent in (0, 100]");
        if (leadSeconds is { } l && !(l >= 0 && l <= 86_400 * 365))
            throw new UsageException("--lead", $"{l.ToString(CultureInfo.InvariantCulture)} is not a number of seconds in [0, a year]");
        var urls = venueUrls.Select(u => Uri.TryCreate(u.EndsWith('/') ? u : u + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new UsageException("--venue-url", $"'{u}' is not an http(s) URL")).ToList();
        var (system, account, configuration, prover) = await ConnectAsync(a, sends: true).ConfigureAwait(false);
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        var options = new TraderWatchOptions
        {
            Account = account,
            Openings = a.Openings,
            VenueUrls = urls,
            Level = a.Level,
            BandThreshold = bandPercent / 100,
            Lead = leadSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Interval = interval,
            MaxBackoff = interval > TimeSpan.FromMinutes(2) ? interval : TimeSpan.FromMinutes(2),
            IsUnavailable = ChainConnection.IsUnavailable,
        };
        using var watch = new TraderWatch(system, prover, configuration, options, PrintDecision);
        Console.Error.WriteLine($"watching {account} on chain {system.ChainId} (gate {system.Gate.Address}) at the {a.Level.ToString().ToLowerInvariant()} level: "
            + $"every {intervalSeconds.ToString(CultureInfo.InvariantCulture)} s, re-proving at {bandPercent.ToString(CultureInfo.InvariantCulture)}% of the price band or {watch.Lead.TotalSeconds:F0} s before expiry; data {a.Data}");

        // Ctrl-C and SIGTERM stop the watch after the step in hand (a submission is awaited to its receipt).
        using var stop = new StopSignal();
        if (once)
        {
            var pass = await watch.PassAsync(stop.Token).ConfigureAwait(false);
            if (pass.Decisions.Any(d => d.Action == WatchAction.NodeUnavailable)) return ExitCodes.Unavailable;
            // A proof was due and none was recorded: a script running --once must see it.
            return pass.Decisions.Any(d => d.Action is WatchAction.Insolvent or WatchAction.NoStatement or WatchAction.MissingOpening or WatchAction.Refused)
                ? ExitCodes.Invalid : ExitCodes.Ok;
        }
        await watch.RunAsync(stop.Token).ConfigureAwait(false);
        Console.Error.WriteLine("stopped");
        return ExitCodes.Ok;
    }

    /// <summary>One line per decision on stdout, timestamped; the kind marked in colour only on a terminal.</summary>
    private static void PrintDecision(WatchDecision decision)
    {
        var time = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var kind = decision.Action.ToString().ToLowerInvariant();
        if (!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb")
        {
            var colour = decision.Action switch
            {
                WatchAction.Healthy or WatchAction.Proved or WatchAction.Settled => "32",
                WatchAction.Insolvent or WatchAction.Refused => "31",
                _ => "33",
            };
            kind = $"\u001b[{colour}m{kind}\u001b[0m";
        }
        Console.WriteLine($"{time} {kind} {decision.Message}");
    }

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

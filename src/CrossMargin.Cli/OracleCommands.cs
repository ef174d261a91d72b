using System.CommandLine;
using System.Globalization;
using System.Numerics;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors;
using CrossMargin.Chain.Actors.Oracle;
using CrossMargin.Chain.Contracts.Deployment;
using CrossMargin.Margin;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// oracle report --rpc &lt;url&gt; --deployment &lt;file&gt; --reporter-keys &lt;file&gt;
///               (--prices &lt;file&gt; | --random-walk &lt;seed&gt; (--start &lt;list&gt; | --prices &lt;file&gt;) [--volatility &lt;ratio&gt;])
///               [--shock round=N,feed=NAME,factor=X]... [--spread &lt;ratio&gt;] [--interval &lt;seconds&gt;] [--rounds &lt;n&gt;] [--state &lt;file&gt;]
/// </code>
/// Runs the oracle's reporters (<see cref="OracleReporters"/>, docs/oracle.md): each step reports
/// the script's next round from every reporter and closes it, printing the round id, digest and
/// gas, or the trip and its cause. Stops after --rounds rounds, at the script's end, or on
/// SIGINT/SIGTERM once the current step is done, and exits 0. The keys are never printed.
/// </summary>
public static class OracleCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Checked by the verb rather than marked Required: a parse error would exit 1, a usage error is 2.
        var rpc = new Option<string?>("--rpc") { Description = "The node's JSON-RPC URL (required)." };
        var deployment = new Option<string?>("--deployment") { Description = "The deployment file `crossmargin deploy` wrote (required)." };
        var keys = new Option<string?>("--reporter-keys") { Description = "A JSON list of the reporters' private keys (hex), each holding REPORTER_ROLE (required)." };
        var prices = new Option<string?>("--prices") { Description = "The price file to report (docs/oracle.md); with --random-walk, its first round is the start." };
        var walk = new Option<ulong?>("--random-walk") { Description = "Report a seeded random walk instead of a file: the seed." };
        var start = new Option<string?>("--start") { Description = "The random walk's start, slot by slot: \"USDC=1,ETH=3000,ETH=3000,BTC=97250\"." };
        var volatility = new Option<string>("--volatility")
        {
            Description = "The random walk's largest move a step, as a ratio (default 0.01).",
            DefaultValueFactory = _ => "0.01",
        };
        var shocks = new Option<string[]>("--shock") { Description = "Multiply a feed in one round: \"round=5,feed=ETH,factor=1.3\" (repeatable)." };
        var spread = new Option<string>("--spread")
        {
            Description = "Spread the reporters' prices across ±this ratio of the script's price (default 0; at most a third of the hub's maxDeviation).",
            DefaultValueFactory = _ => "0",
        };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between steps (default 5); also how often a tripped hub is polled.",
            DefaultValueFactory = _ => 5,
        };
        var rounds = new Option<long?>("--rounds") { Description = "Stop after this many rounds (closed or tripped) and exit 0." };
        var state = new Option<string>("--state")
        {
            Description = "The state file: where the script is, so a restart continues it (default oracle-state.json).",
            DefaultValueFactory = _ => "oracle-state.json",
        };
        var report = new Command("report", "Run the oracle's reporters: report each round of a price script from every reporter, close it, stop reporting while the hub is tripped.")
        {
            rpc, deployment, keys, prices, walk, start, volatility, shocks, spread, interval, rounds, state,
        };
        report.SetAction(parse => CommandLine.Guard(() => Report(new ReportOptions(
            parse.GetValue(rpc), parse.GetValue(deployment), parse.GetValue(keys), parse.GetValue(prices), parse.GetValue(walk), parse.GetValue(start),
            parse.GetValue(volatility)!, parse.GetValue(shocks) ?? [], parse.GetValue(spread)!, parse.GetValue(interval), parse.GetValue(rounds), parse.GetValue(state)!))));
        CommandLine.Group(root, "oracle", "The oracle's actors: reporters.").Add(report);
    }

    private sealed record ReportOptions(string? Rpc, string? Deployment, string? Keys, string? Prices, ulong? Seed, string? Start,
        string Volatility, string[] Shocks, string Spread, double Interval, long? Rounds, string State);

    private static int Report(ReportOptions o)
    {
        var endpoint = ChainConnection.Endpoint(o.Rpc);
        if (o.Deployment is null) return CommandLine.Fail(ExitCodes.BadInput, "--deployment <file> is required: the deployment file of the system whose hub to report to");
        if (o.Keys is null) return CommandLine.Fail(ExitCodes.BadInput, "--reporter-keys <file> is required: a JSON list of the reporters' private keys");
        if (!double.IsFinite(o.Interval) || o.Interval is < 0 or > 86_400)
            return CommandLine.Fail(ExitCodes.BadInput, $"--interval: {o.Interval.ToString(CultureInfo.InvariantCulture)} is not 0 to 86400 seconds");
        if (o.Rounds is < 1) return CommandLine.Fail(ExitCodes.BadInput, $"--rounds: {o.Rounds}; at least 1");
        var spread = Ratio(o.Spread, "--spread");
        if (PriceScript(o) is not { } source) return ExitCodes.BadInput;
        var reporterKeys = ReporterKeyFile.Read(o.Keys);
        var record = ChainConnection.ReadDeployment(o.Deployment);

        var system = SystemContracts.ConnectAsync(ChainConnection.ConnectAsync(endpoint, privateKey: null).GetAwaiter().GetResult(), record).GetAwaiter().GetResult();
        var oracle = OracleReporters.ConnectAsync(system, reporterKeys, source, o.State, spread, o.Keys).GetAwaiter().GetResult();
        Console.Error.WriteLine($"reporting {source.Origin} to the hub {system.Hub.Address} on chain {system.ChainId} from {oracle.Reporters.Count} reporters "
            + $"({string.Join(", ", oracle.Reporters)}); next round {oracle.State.NextRound}, state in {o.State}");

        // SIGINT (Ctrl-C) and SIGTERM stop the loop between steps; the step under way finishes and its state is written.
        using var stop = new StopSignal();
        // A tripped hub is polled every interval: the wait is said once, not at every poll.
        OracleStep? last = null;
        void Print(OracleStep step)
        {
            if (!(step is WaitingForReset && last is WaitingForReset)) Console.Out.WriteLine(step);
            last = step;
        }
        oracle.RunAsync(TimeSpan.FromSeconds(o.Interval), o.Rounds, Print, stop.Token).GetAwaiter().GetResult();
        Console.Error.WriteLine($"{(stop.Requested ? "stopped" : "done")}: next round {oracle.State.NextRound}, last closed round id {oracle.State.LastClosedRoundId} (state in {o.State})");
        return ExitCodes.Ok;
    }

    /// <summary>The price script the options describe, shocks included; null (the reason printed) when they do not describe one.</summary>
    private static IPriceSource? PriceScript(ReportOptions o)
    {
        IPriceSource script;
        if (o.Seed is not { } seed)
        {
            if (o.Start is not null) return Fail("--start is the random walk's: give --random-walk <seed> with it");
            if (o.Prices is null) return Fail("give the prices to report: --prices <file>, or --random-walk <seed> with --start or --prices");
            script = PriceFile.Read(o.Prices);
        }
        else
        {
            if (o.Start is not null && o.Prices is not null) return Fail("--random-walk starts from --start or from the first round of --prices, not both");
            (IReadOnlyList<string> Feeds, IReadOnlyList<BigInteger> Prices) start;
            if (o.Start is not null)
            {
                start = RandomWalkPrices.ParseStart(o.Start);
            }
            else if (o.Prices is not null)
            {
                var file = PriceFile.Read(o.Prices);
                start = (file.Feeds, file.PricesAt(1));
            }
            else
            {
                return Fail("--random-walk needs its start prices: --start \"USDC=1,ETH=3000,...\" or --prices <file> (its first round)");
            }
            var volatility = Ratio(o.Volatility, "--volatility");
            if (volatility > FixedPoint.One) throw new OracleInputException("--volatility", o.Volatility, "a step's largest move is a ratio from 0 to 1");
            script = new RandomWalkPrices(start.Feeds, start.Prices, volatility, seed, o.Start is not null ? "--start" : o.Prices);
        }
        return o.Shocks.Length == 0 ? script : new ShockedPriceSource(script, o.Shocks.Select(s => PriceShock.Parse(s)));

        static IPriceSource? Fail(string message)
        {
            CommandLine.Fail(ExitCodes.BadInput, message);
            return null;
        }
    }

    /// <summary>A non-negative ratio with at most 6 decimals ("0.01"), exactly, as a RATIO (10^-6).</summary>
    private static BigInteger Ratio(string text, string option) =>
        FixedPoint.TryParseDecimal(text, FixedPoint.RatioDecimals, signed: false, out var problem) ?? throw new OracleInputException(option, text, problem!);
}

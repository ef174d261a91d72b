using System.Globalization;
using System.Numerics;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>Why the hub's breaker tripped (OracleHub.TRIP_*).</summary>
public enum TripReason : byte
{
    BelowMin = 1,
    AboveMax = 2,
    Deviation = 3,
    Jump = 4,
}

/// <summary>
/// A trip as the hub's Tripped event tells it: the feed, the reason, the median, and the two
/// values the reason compares it with (the feed's bounds; the lowest and highest report; the
/// previous round's price and closing time).
/// </summary>
public sealed record BreakerTrip(int Feed, string FeedName, TripReason Reason, BigInteger Median, BigInteger Low, BigInteger High)
{
    public override string ToString()
    {
        var median = PriceLimits.Format(Median);
        var feed = $"feed {Feed} ({FeedName})";
        return Reason switch
        {
            TripReason.BelowMin => $"{feed}: the median {median} is below the feed's minimum {PriceLimits.Format(Low)}",
            TripReason.AboveMax => $"{feed}: the median {median} is above the feed's maximum {PriceLimits.Format(High)}",
            TripReason.Deviation => $"{feed}: the reports spread from {PriceLimits.Format(Low)} to {PriceLimits.Format(High)} around the median {median}, more than maxDeviation allows",
            TripReason.Jump => $"{feed}: the median {median} jumped from the previous round's {PriceLimits.Format(Low)} by more than maxJump allows",
            _ => $"{feed}: reason {(byte)Reason} (not one this client knows), median {median}, low {Low}, high {High}",
        };
    }
}

/// <summary>What one step of the reporters did, for script round <see cref="Round"/>.</summary>
public abstract record OracleStep(long Round);

/// <summary>The round closed: its id, the circuit's oracle digest, the prices (the medians) and the gas of the reports and of the close.</summary>
public sealed record ClosedRound(long Round, ulong RoundId, BigInteger Digest, IReadOnlyList<BigInteger> Prices, BigInteger ReportGas, BigInteger CloseGas) : OracleStep(Round)
{
    public override string ToString() =>
        $"round {Round}: closed round id {RoundId}, digest 0x{Digest.ToString("x64", CultureInfo.InvariantCulture)[^64..]}, "
        + $"prices [{string.Join(", ", Prices.Select(PriceLimits.Format))}], gas {(ReportGas + CloseGas).ToString(CultureInfo.InvariantCulture)} "
        + $"(reports {ReportGas.ToString(CultureInfo.InvariantCulture)}, close {CloseGas.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>
/// The close tripped the breaker instead: no round, the round of the script spent. <see cref="Trip"/>
/// is null only when the hub says it is tripped but the close's receipt has no Tripped event.
/// </summary>
public sealed record TrippedRound(long Round, BreakerTrip? Trip) : OracleStep(Round)
{
    public override string ToString() =>
        $"round {Round}: the hub TRIPPED ({Trip?.ToString() ?? "no Tripped event in the close's receipt"}); no more reports until governance resets it";
}

/// <summary>The hub is tripped: nothing was reported, round <see cref="OracleStep.Round"/> waits for governance's reset.</summary>
public sealed record WaitingForReset(long Round) : OracleStep(Round)
{
    public override string ToString() => $"round {Round}: waiting, the hub is tripped until governance resets it";
}

/// <summary>The script has no round <see cref="OracleStep.Round"/>: nothing more to report.</summary>
public sealed record ScriptFinished(long Round) : OracleStep(Round)
{
    public override string ToString() => $"the script ended after round {Round - 1}";
}

/// <summary>
/// The oracle's reporters, run by one process that holds their keys (docs/oracle.md). Each step
/// takes the script's next round, has every reporter report it (each with its own small spread,
/// so the median is a real median), then closes the round and says what came of it: a closed
/// round (id, digest, gas), or a trip (which feed, why), after which it reports nothing while
/// the hub stays tripped, polling it until governance resets it. Its position (the next script
/// round, the last round id it closed, the round in flight) is written to the state file after
/// every step, so a new instance over the same file continues the script and never spends a
/// round twice.
/// </summary>
/// <remarks>
/// Invariants: the reporters are distinct accounts that hold REPORTER_ROLE, at least the hub's
/// minReports of them; the script has exactly the hub's F feeds; the spread keeps the reports
/// within a third of the hub's maxDeviation of each other. One instance per state file: two
/// processes over one file would each spend rounds.
/// </remarks>
public sealed class OracleReporters
{
    private readonly SystemContracts _system;
    private readonly IReadOnlyList<OracleHubClient> _reporterHubs;
    private readonly IReadOnlyList<BigInteger> _offsets;
    private readonly string _statePath;

    private OracleReporters(SystemContracts system, IReadOnlyList<OracleHubClient> reporterHubs, IReadOnlyList<string> reporters,
        IPriceSource prices, IReadOnlyList<BigInteger> offsets, string statePath, OracleState state)
    {
        _system = system;
        _reporterHubs = reporterHubs;
        Reporters = reporters;
        Prices = prices;
        _offsets = offsets;
        _statePath = statePath;
        State = state;
    }

    /// <summary>The reporters' addresses, in the key file's order.</summary>
    public IReadOnlyList<string> Reporters { get; }

    public IPriceSource Prices { get; }

    /// <summary>Where the reporters are: what the state file holds.</summary>
    public OracleState State { get; private set; }

    /// <summary>
    /// Connects the reporters of <paramref name="reporterKeys"/> (named <paramref name="keySource"/>
    /// in errors) to the hub of <paramref name="system"/>, over <paramref name="prices"/>, with the
    /// state of <paramref name="statePath"/> (a fresh state when the file does not exist).
    /// <paramref name="spread"/> (RATIO, 10^-6) spaces the reporters' prices evenly across
    /// [p(1 - spread), p(1 + spread)]: with an odd count the middle reporter reports p itself,
    /// which is then the round's median.
    /// </summary>
    public static async Task<OracleReporters> ConnectAsync(SystemContracts system, IReadOnlyList<string> reporterKeys, IPriceSource prices,
        string statePath, BigInteger spread = default, string keySource = "reporter keys")
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(reporterKeys);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(statePath);
        var hub = system.Hub;
        var feeds = await hub.FeedsAsync().ConfigureAwait(false);
        if (prices.Feeds.Count != feeds)
        {
            var assets = await hub.AssetsAsync().ConfigureAwait(false);
            throw new OracleInputException(prices.Origin, "feeds", $"{prices.Feeds.Count} feeds ({string.Join(", ", prices.Feeds)}); the hub has {feeds}: {assets} asset prices, then {feeds - assets} underlying prices");
        }
        if (reporterKeys.Count == 0) throw new OracleInputException(keySource, "$", "no reporter keys");
        var minReports = await hub.MinReportsAsync().ConfigureAwait(false);
        if (reporterKeys.Count < minReports)
            throw new OracleInputException(keySource, "$", $"{reporterKeys.Count} reporters; the hub closes a round from at least {minReports} fresh reports");
        var maxDeviation = await hub.MaxDeviationAsync().ConfigureAwait(false);
        if (spread.Sign < 0 || 3 * spread > maxDeviation)
            throw new OracleInputException("spread", FixedPoint.Format(spread, FixedPoint.RatioDecimals),
                $"the reporters' spread is 0 to a third of the hub's maxDeviation ({FixedPoint.Format(maxDeviation, FixedPoint.RatioDecimals)}), so that it never trips the deviation breaker");

        var role = await hub.ReporterRoleAsync().ConfigureAwait(false);
        var reporters = new List<string>();
        var reporterHubs = new List<OracleHubClient>();
        for (var i = 0; i < reporterKeys.Count; i++)
        {
            var account = new Account(reporterKeys[i], (BigInteger)system.ChainId);
            if (reporters.Contains(account.Address, StringComparer.OrdinalIgnoreCase))
                throw new OracleInputException(keySource, $"$[{i}]", $"{account.Address} is already a reporter: one account reporting twice is not two reporters");
            if (!await hub.HasRoleAsync(role, account.Address).ConfigureAwait(false))
                throw new OracleInputException(keySource, $"$[{i}]", $"{account.Address} does not hold REPORTER_ROLE on the hub {hub.Address} (governance grants it)");
            reporters.Add(account.Address);
            reporterHubs.Add(system.As(new Web3(account, system.Web3.Client)).Hub);
        }
        var n = reporterKeys.Count;
        var offsets = Enumerable.Range(0, n).Select(i => n == 1 ? BigInteger.Zero : spread * (2 * i - (n - 1)) / (n - 1)).ToList();

        var state = File.Exists(statePath) ? OracleState.Read(statePath) : OracleState.Fresh(system.ChainId, hub.Address);
        if (state.ChainId != system.ChainId || !string.Equals(state.Hub, hub.Address, StringComparison.OrdinalIgnoreCase))
            throw new OracleInputException(statePath, "$.hub", $"the state of the hub {state.Hub} on chain {state.ChainId}; these reporters report to {hub.Address} on chain {system.ChainId}");
        var latest = await hub.LatestRoundIdAsync().ConfigureAwait(false);
        if (state.LastClosedRoundId > latest)
            throw new OracleInputException(statePath, "$.lastClosedRoundId", $"{state.LastClosedRoundId}, but the hub's latest round is {latest}: the state is of another history of this chain");

        var oracle = new OracleReporters(system, reporterHubs, reporters, prices, offsets, statePath, state);
        // A round left in flight by a crash is settled now, so State tells where the script really is.
        await oracle.SettlePendingAsync().ConfigureAwait(false);
        return oracle;
    }

    /// <summary>
    /// One step: reports and closes the next script round, or waits while the hub is tripped, or
    /// says the script ended. A step is never cut short: its transactions are sent and awaited
    /// whole, and the state file written, before it returns.
    /// </summary>
    public async Task<OracleStep> StepAsync()
    {
        // A step that failed midway (a node error) left its round in flight: settle it before going on.
        await SettlePendingAsync().ConfigureAwait(false);
        var hub = _system.Hub;
        var round = State.NextRound;
        if (round > Prices.RoundCount) return new ScriptFinished(round);
        if (await hub.TrippedAsync().ConfigureAwait(false)) return new WaitingForReset(round);
        var prices = Prices.PricesAt(round);

        // Recorded before the first report: a crash from here on leaves a round in flight, which the next start settles.
        var latestBefore = await hub.LatestRoundIdAsync().ConfigureAwait(false);
        var generationBefore = await hub.GenerationAsync().ConfigureAwait(false);
        Save(State with { Pending = new PendingRound(round, latestBefore, generationBefore) });

        var reportGas = BigInteger.Zero;
        for (var i = 0; i < _reporterHubs.Count; i++)
        {
            var report = new OracleHubClient.ReportFunction { Prices = [.. prices.Select(p => Spread(p, _offsets[i]))] };
            var receipt = await ContractTransactions.SendAsync(_reporterHubs[i].Handler, report, ContractErrors.Table, "report", CancellationToken.None).ConfigureAwait(false);
            reportGas += receipt.GasUsed.Value;
        }
        var close = await ContractTransactions.SendAsync(_reporterHubs[0].Handler, new OracleHubClient.CloseRoundFunction(), ContractErrors.Table, "closeRound", CancellationToken.None).ConfigureAwait(false);

        if (hub.EventsIn<RoundClosedEvent>(close) is [var closed])
        {
            Save(State with { NextRound = round + 1, LastClosedRoundId = closed.RoundId, Pending = null });
            return new ClosedRound(round, closed.RoundId, closed.Digest, closed.Prices, reportGas, close.GasUsed.Value);
        }
        BreakerTrip? trip = null;
        if (hub.EventsIn<TrippedEvent>(close) is [var tripped])
        {
            var feed = tripped.Feed < Prices.Feeds.Count ? (int)tripped.Feed
                : throw new ChainAnswerException("the hub's Tripped event", $"feed {tripped.Feed}; the hub has {Prices.Feeds.Count} feeds");
            trip = new BreakerTrip(feed, Prices.Feeds[feed], (TripReason)tripped.Reason, tripped.Median, tripped.Low, tripped.High);
        }
        else if (!await hub.TrippedAsync().ConfigureAwait(false))
        {
            throw new ChainAnswerException($"closeRound's receipt ({close.TransactionHash})", "neither a RoundClosed nor a Tripped event, and the hub is not tripped");
        }
        Save(State with { NextRound = round + 1, Pending = null });
        return new TrippedRound(round, trip);
    }

    /// <summary>
    /// Steps every <paramref name="interval"/> until cancelled, until the script ends, or until
    /// <paramref name="rounds"/> rounds are spent (closed or tripped; waiting does not count).
    /// <paramref name="observe"/> sees every step. Cancellation stops it between steps, never
    /// inside one.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, long? rounds = null, Action<OracleStep>? observe = null, CancellationToken cancellationToken = default)
    {
        long spent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var step = await StepAsync().ConfigureAwait(false);
            observe?.Invoke(step);
            if (step is ScriptFinished) return;
            if (step is ClosedRound or TrippedRound && ++spent >= rounds) return;
            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// A round left in flight (by a crash, or a step that failed midway) was spent if the hub closed a round or tripped since
    /// (its reports were in); otherwise it is reported again, which replaces any report already
    /// made (the hub keeps one per reporter), so it still closes once.
    /// </summary>
    private async Task SettlePendingAsync()
    {
        if (State.Pending is not { } pending) return;
        var latest = await _system.Hub.LatestRoundIdAsync().ConfigureAwait(false);
        var generation = await _system.Hub.GenerationAsync().ConfigureAwait(false);
        if (latest > pending.LatestRoundIdBefore)
            Save(State with { NextRound = pending.Round + 1, LastClosedRoundId = latest, Pending = null });
        else if (generation > pending.GenerationBefore)
            Save(State with { NextRound = pending.Round + 1, Pending = null });
    }


    private void Save(OracleState state)
    {
        state.Write(_statePath);
        State = state;
    }

    private static BigInteger Spread(BigInteger price, BigInteger offset) =>
        BigInteger.Clamp(price * (FixedPoint.One + offset) / FixedPoint.One, BigInteger.One, PriceLimits.Limit - 1);
}

using System.Globalization;
using System.Net;
using System.Numerics;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using Nethereum.RPC.Eth.DTOs;

namespace CrossMargin.Chain.Actors.Trader;

/// <summary>What a pass of <see cref="TraderWatch"/> decided, by kind, for people and for tests.</summary>
public enum WatchAction
{
    /// <summary>The live proof stands: nothing to do this pass.</summary>
    Healthy,
    /// <summary>A proof was made and recorded by the gate.</summary>
    Proved,
    /// <summary>A proof an earlier run left unfinished was settled (recorded, or marked superseded).</summary>
    Settled,
    /// <summary>A proof is needed but a held slot's commitment has no opening yet: waiting for that venue's.</summary>
    MissingOpening,
    /// <summary>A proof is needed but the portfolio does not cover the requirement at the latest prices.</summary>
    Insolvent,
    /// <summary>A proof is needed but the chain cannot back one now (no round, a round too old, a tripped oracle).</summary>
    NoStatement,
    /// <summary>The gate refused a proof (its error named); the next pass decides again from the chain.</summary>
    Refused,
    /// <summary>An opening file or a venue's API could not be read; the others are still used.</summary>
    OpeningUnreadable,
    /// <summary>The node was unavailable or answered garbage: nothing was decided, the pass is retried after a backoff.</summary>
    NodeUnavailable,
}

/// <summary>One decision of a pass: its kind, the block it was made at (null when the node did not answer), and what was seen, done and why.</summary>
public sealed record WatchDecision(WatchAction Action, ulong? Block, string Message)
{
    public override string ToString() => Message;
}

/// <summary>A pass's decisions, and when the next pass should run (the interval, or the backoff after an outage).</summary>
public sealed record WatchPass(IReadOnlyList<WatchDecision> Decisions, TimeSpan NextPassIn);

/// <summary>What <see cref="TraderWatch"/> watches and when it re-proves.</summary>
public sealed record TraderWatchOptions
{
    /// <summary>The account whose proof is kept alive.</summary>
    public required string Account { get; init; }

    /// <summary>Opening files, or folders of them (*.json), re-read every pass: a venue's new opening is picked up when it lands.</summary>
    public IReadOnlyList<string> Openings { get; init; } = [];

    /// <summary>Venue operators' HTTP APIs (VenueHttpApi): <c>GET {url}/accounts/{account}/opening</c> is asked every pass.</summary>
    public IReadOnlyList<Uri> VenueUrls { get; init; } = [];

    public MarginLevel Level { get; init; } = MarginLevel.Maintenance;

    /// <summary>
    /// The share of the gate's PRICE_BAND (0 &lt; x &lt;= 1) a feed may move from the proved round's
    /// price before the watch re-proves at the latest round: below 1 so that the new proof lands
    /// before anyone can flag the lapse.
    /// </summary>
    public double BandThreshold { get; init; } = 0.5;

    /// <summary>Re-prove when the proof expires within this; null: three proving times plus two intervals plus a minute.</summary>
    public TimeSpan? Lead { get; init; }

    /// <summary>The wait between passes while the node answers.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between passes while the node does not answer (the backoff doubles from <see cref="Interval"/> up to this).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a failure means the node was unavailable or answered garbage (retried after a
    /// backoff) rather than a fault of the input (which stops the watch): the caller's one
    /// classification of node failures, the CLI's ChainConnection.IsUnavailable.
    /// </summary>
    public required Func<Exception, bool> IsUnavailable { get; init; }
}

/// <summary>
/// Keeps one account's solvency proof alive (docs/trader.md, "Watch mode"). Each pass reads the
/// chain at one block (the account's slots and the latest round through <see cref="ChainSnapshot"/>,
/// the gate's health and lapse, the registry's epoch, the prices of every round since the
/// proved one) and decides: prove when there is no live proof, when it lapsed, when the
/// commitments changed since it (once every held slot has its opening), when some feed used
/// <see cref="TraderWatchOptions.BandThreshold"/> of the gate's price band since the proved
/// round, or when it expires within the lead time; otherwise nothing. Each decision is reported
/// as one line through a callback.
/// </summary>
/// <remarks>
/// Decisions are made from state, never from a stream of events, so a pass after an outage or a
/// restart sees everything it missed. Nothing is sent twice: proofs go through
/// <see cref="TraderProver"/>, which persists each before sending, and the first pass (and the
/// first after an outage) settles what an earlier one left with <see cref="TraderProver.ResumeAsync"/>.
/// The data directory is the watch's only state.
/// </remarks>
public sealed class TraderWatch : IDisposable
{
    /// <summary>The gate's ratio unit (10^-6), in which PRICE_BAND is stated.</summary>
    private const double RatioOne = 1e6;

    private readonly SystemContracts _system;
    private readonly TraderProver _prover;
    private readonly MarginConfiguration _configuration;
    private readonly TraderWatchOptions _options;
    private readonly Action<WatchDecision>? _report;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    // Closed rounds never change: their prices are read once.
    private readonly Dictionary<ulong, IReadOnlyList<BigInteger>> _roundPrices = [];
    private GateTerms? _terms;
    private bool _settleFirst = true;
    private int _failures;
    private TimeSpan _provingTime = TimeSpan.FromSeconds(5);
    // The previous pass's decisions: a healthy one repeated unchanged is not reported again
    // (what needs attention, an insolvency or a missing opening, is repeated every pass).
    private HashSet<string> _lastReported = [];

    public TraderWatch(SystemContracts system, TraderProver prover, MarginConfiguration configuration, TraderWatchOptions options, Action<WatchDecision>? report = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(prover);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        if (!EvmAddress.IsValid(options.Account)) throw new ArgumentException($"'{options.Account}' is not an address", nameof(options));
        if (!(options.BandThreshold > 0 && options.BandThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.BandThreshold, "the band threshold is a share in (0, 1]");
        if (options.Interval <= TimeSpan.Zero || options.MaxBackoff < options.Interval) throw new ArgumentOutOfRangeException(nameof(options), "the interval must be positive and at most the longest backoff");
        _system = system;
        _prover = prover;
        _configuration = configuration;
        _options = options;
        _report = report;
    }

    /// <summary>The lead time in force: the option, or three proving times (the longest seen) plus two intervals plus a minute.</summary>
    public TimeSpan Lead => _options.Lead ?? (3 * _provingTime) + (2 * _options.Interval) + TimeSpan.FromMinutes(1);

    /// <summary>Runs passes until <paramref name="stop"/> is cancelled; the step in hand (a proof, a submission to its receipt) is finished first.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var pass = await PassAsync(stop).ConfigureAwait(false);
            try
            {
                await Task.Delay(pass.NextPassIn, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass: settle what is unfinished, read the chain, decide, and prove and submit when
    /// needed. A node that does not answer ends the pass with a <see cref="WatchAction.NodeUnavailable"/>
    /// decision and a backoff; faults of the input (a key for another verifier) are thrown.
    /// Cancellation is honoured between steps, never inside a submission.
    /// </summary>
    public async Task<WatchPass> PassAsync(CancellationToken stop = default)
    {
        var decisions = new List<WatchDecision>();
        try
        {
            if (_settleFirst)
            {
                foreach (var outcome in await _prover.ResumeAsync(CancellationToken.None).ConfigureAwait(false))
                    decisions.Add(new(WatchAction.Settled, null, $"settled {Path.GetFileName(outcome.File)} left by an earlier run: {outcome.Submission.Describe()}"));
                _settleFirst = false;
            }
            if (!stop.IsCancellationRequested) await DecideAsync(decisions, stop).ConfigureAwait(false);
            _failures = 0;
        }
        catch (Exception e) when (!(e is OperationCanceledException && stop.IsCancellationRequested) && _options.IsUnavailable(e))
        {
            // A submission may have been cut off: the next pass settles it before deciding anew.
            _settleFirst = true;
            _failures++;
            var wait = Backoff(_failures);
            decisions.Add(new(WatchAction.NodeUnavailable, null,
                $"node unavailable ({e.GetType().Name}: {Innermost(e).Message}); nothing decided, retrying in {wait.TotalSeconds:F0} s"));
            Report(decisions);
            return new WatchPass(decisions, wait);
        }
        Report(decisions);
        return new WatchPass(decisions, _options.Interval);
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 16));
        return TimeSpan.FromTicks((long)Math.Min(_options.Interval.Ticks * factor, _options.MaxBackoff.Ticks));
    }

    private void Report(List<WatchDecision> decisions)
    {
        var now = decisions.Select(d => $"{d.Action}: {d.Message}").ToHashSet();
        foreach (var d in decisions)
            if (d.Action != WatchAction.Healthy || !_lastReported.Contains($"{d.Action}: {d.Message}"))
                _report?.Invoke(d);
        _lastReported = now;
    }

    private async Task DecideAsync(List<WatchDecision> decisions, CancellationToken stop)
    {
        var account = _options.Account;
        var terms = _terms ??= await GateTerms.ReadAsync(_system).ConfigureAwait(false);
        ChainSnapshot chain;
        try
        {
            chain = await ChainSnapshot.ReadAsync(_system, account, _configuration).ConfigureAwait(false);
        }
        catch (NoStatementException e)
        {
            decisions.Add(new(WatchAction.NoStatement, null, $"{e.Message}: waiting"));
            return;
        }
        var at = new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(chain.BlockNumber));
        var health = await _system.Gate.HealthOfAsync(account, at).ConfigureAwait(false);
        var epoch = await _system.Registry.EpochOfAsync(account, at).ConfigureAwait(false);
        var lapsedAt = (ulong)await _system.Gate.LapsedAtAsync(account, at).ConfigureAwait(false);
        var now = chain.BlockTimestamp;
        var block = chain.BlockNumber;

        // Why a new proof is needed, in words; a lapse names the time liquidation becomes possible.
        var reasons = new List<string>();
        var live = health.Expiry != 0 && health.Expiry > now;
        if (health.Expiry == 0) reasons.Add(health.Nonce == 0 ? "no proof yet" : "no live proof (the last one was cleared)");
        else if (health.Expiry <= now) reasons.Add($"the proof (nonce {health.Nonce - 1}) expired at {Time(health.Expiry)}");
        if (live && lapsedAt != 0 && lapsedAt <= now)
            reasons.Add($"the proof lapsed at {Time(lapsedAt)} (liquidatable from {Time(lapsedAt + terms.GracePeriod)})");
        if (live && epoch.Epoch != health.Epoch)
            reasons.Add($"the commitments changed at {Time(epoch.ChangedAt)} (registry epoch {epoch.Epoch}, the proof covers {health.Epoch})");
        var move = live ? await LargestMoveAsync(health.RoundId, (ulong)chain.Round.RoundId, terms, at).ConfigureAwait(false) : null;
        if (move is { } m && m.BandUsed >= _options.BandThreshold)
            reasons.Add($"{m.Describe(_configuration)} used {m.BandUsed:P0} of the gate's band since the proved round {health.RoundId} (threshold {_options.BandThreshold:P0})");
        if (live && reasons.Count == 0 && health.Expiry - now <= (ulong)Lead.TotalSeconds)
            reasons.Add($"the proof expires at {Time(health.Expiry)}, within the lead of {Lead.TotalSeconds:F0} s");

        var openings = await ReadOpeningsAsync(decisions).ConfigureAwait(false);
        if (reasons.Count == 0)
        {
            decisions.Add(new(WatchAction.Healthy, block,
                $"healthy: proof nonce {health.Nonce - 1} at round {health.RoundId} expires at {Time(health.Expiry)}; "
                + $"prices used {(move?.BandUsed ?? 0):P0} of the band since; commitments unchanged (epoch {epoch.Epoch})"));
            return;
        }
        var why = string.Join("; ", reasons);

        // Every held slot needs its opening: the registry, not the trader, decides what a proof covers.
        var byCommitment = openings.Where(o => string.Equals(o.Account, account, StringComparison.OrdinalIgnoreCase)).Select(o => o.Commitment).ToHashSet();
        var missing = new List<string>();
        foreach (var slot in chain.Slots.Where(s => s.Commitment != 0 && !byCommitment.Contains(s.Commitment)))
        {
            var venue = await _system.Registry.VenueOfAsync(slot.VenueIndex, at).ConfigureAwait(false);
            var name = openings.FirstOrDefault(o => string.Equals(o.Venue, venue.VenueValue, StringComparison.OrdinalIgnoreCase))?.Value.Name;
            var where = venue.Remote ? $" on chain {venue.SourceChainId}" : "";
            missing.Add($"venue {slot.VenueIndex} ({(string.IsNullOrEmpty(name) ? "" : name + ", ")}{venue.VenueValue}{where}) posted commitment {slot.Commitment} at state nonce {slot.StateNonce} into slot {slot.Slot} and its opening is not here yet");
        }
        if (missing.Count > 0)
        {
            decisions.Add(new(WatchAction.MissingOpening, block, $"a proof is due ({why}) but {string.Join("; ", missing)}: waiting for it"));
            return;
        }
        if (stop.IsCancellationRequested) return;

        PreparedProof proof;
        try
        {
            proof = await _prover.ProveAsync(account, openings, _options.Level).ConfigureAwait(false);
        }
        catch (InsolventPortfolioException e)
        {
            decisions.Add(new(WatchAction.Insolvent, block, $"a proof is due ({why}) but the portfolio is INSOLVENT at round {chain.Round.RoundId}: {e.Message}; no proof sent, still watching"));
            return;
        }
        catch (NoStatementException e)
        {
            decisions.Add(new(WatchAction.NoStatement, block, $"a proof is due ({why}) but {e.Message}"));
            return;
        }
        catch (MissingOpeningException e)
        {
            decisions.Add(new(WatchAction.MissingOpening, block, $"a proof is due ({why}) but {e.Message}"));
            return;
        }
        _provingTime = proof.ProvingTime > _provingTime ? proof.ProvingTime : _provingTime;
        var s = proof.Submission;
        try
        {
            // Not cancelled midway: a stop waits for the receipt, so the file says what happened.
            var outcome = await _prover.SubmitAsync(proof, CancellationToken.None).ConfigureAwait(false);
            decisions.Add(new(WatchAction.Proved, block,
                $"proved and submitted ({why}): nonce {s.Nonce}, round {s.RoundId}, tau {s.Tau} s, proof {proof.ProvingTime.TotalMilliseconds:F0} ms; {outcome.Submission.Describe()}"
                + (outcome.Expiry is { } expiry ? $"; healthy until {Time(expiry)}" : "")));
        }
        catch (ContractRevertException e)
        {
            decisions.Add(new(WatchAction.Refused, block, $"proved ({why}) but the gate refused the proof: {e.Message}; deciding again next pass"));
        }
    }

    /// <summary>The largest move of any feed, as a share of the band, between the proved round and each later one up to <paramref name="latest"/>: any of them can be used to flag a lapse.</summary>
    private async Task<PriceMove?> LargestMoveAsync(ulong proved, ulong latest, GateTerms terms, BlockParameter at)
    {
        if (latest <= proved) return new PriceMove(0, proved, proved, 0);
        var then = await PricesAsync(proved, at).ConfigureAwait(false);
        PriceMove? largest = null;
        for (var round = proved + 1; round <= latest; round++)
        {
            var later = await PricesAsync(round, at).ConfigureAwait(false);
            for (var feed = 0; feed < then.Count; feed++)
            {
                var a = then[feed];
                var moved = BigInteger.Abs(later[feed] - a);
                // As the gate: |b - a| / a against PRICE_BAND / 10^6; a move from a zero price is always beyond.
                var used = a.IsZero ? (moved.IsZero ? 0 : double.PositiveInfinity) : (double)moved * RatioOne / ((double)a * (double)terms.PriceBand);
                if (largest is null || used > largest.BandUsed) largest = new PriceMove(feed, proved, round, used);
            }
        }
        return largest;
    }

    /// <summary>A closed round's prices, assets then underlyings (the gate's feed order).</summary>
    private async Task<IReadOnlyList<BigInteger>> PricesAsync(ulong round, BlockParameter at)
    {
        if (_roundPrices.TryGetValue(round, out var known)) return known;
        var prices = await _system.Hub.PricesOfAsync(round, at).ConfigureAwait(false);
        IReadOnlyList<BigInteger> feeds = [.. prices.AssetPrices, .. prices.UnderlyingPrices];
        if (feeds.Count != _configuration.Assets + _configuration.Underlyings)
            throw new ChainAnswerException($"oracle round {round}", $"{feeds.Count} prices; the circuit has {_configuration.Assets + _configuration.Underlyings} feeds");
        _roundPrices[round] = feeds;
        return feeds;
    }

    /// <summary>Every opening named or in a folder named, and each venue's current one; an unreadable one is reported and left out.</summary>
    private async Task<List<Opening>> ReadOpeningsAsync(List<WatchDecision> decisions)
    {
        var openings = new List<Opening>();
        foreach (var path in _options.Openings)
        {
            var files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal) : (IEnumerable<string>)[path];
            foreach (var file in files)
            {
                try
                {
                    openings.Add(Opening.Read(file, _configuration));
                }
                catch (Exception e) when (e is MalformedInputException or IOException)
                {
                    // A venue may be writing the file, or it is corrupt: the others still count.
                    decisions.Add(new(WatchAction.OpeningUnreadable, null, $"ignoring an opening: {e.Message}"));
                }
            }
        }
        foreach (var venue in _options.VenueUrls)
        {
            var url = new Uri(venue, $"accounts/{_options.Account}/opening");
            try
            {
                using var response = await _http.GetAsync(url).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound) continue;
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    decisions.Add(new(WatchAction.OpeningUnreadable, null, $"the venue at {venue} answered {(int)response.StatusCode} for the opening: {body}"));
                    continue;
                }
                openings.Add(Opening.Parse(body, _configuration, url.ToString()));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or MalformedInputException)
            {
                // The venue's API, not the node: the node's state still decides the pass.
                decisions.Add(new(WatchAction.OpeningUnreadable, null, $"the venue at {venue} gave no opening: {e.Message}"));
            }
        }
        return openings;
    }

    private static string Time(ulong unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public void Dispose() => _http.Dispose();

    /// <summary>The gate's fixed terms (immutables), read once.</summary>
    private sealed record GateTerms(BigInteger PriceBand, ulong GracePeriod)
    {
        public static async Task<GateTerms> ReadAsync(SystemContracts system) =>
            new(await system.Gate.PriceBandAsync().ConfigureAwait(false), (ulong)await system.Gate.GracePeriodAsync().ConfigureAwait(false));
    }

    /// <summary>A feed's move between the proved round and a later one, as a share of the gate's band.</summary>
    private sealed record PriceMove(int Feed, ulong ProvedRound, ulong LaterRound, double BandUsed)
    {
        public string Describe(MarginConfiguration configuration) =>
            (Feed < configuration.Assets ? $"asset price {Feed}" : $"underlying price {Feed - configuration.Assets}") + $" (round {LaterRound})";
    }
}

using System.Numerics;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// Each account's public health over the audited range, replayed from the history as the gate
/// judges it (MarginGate.lapsedAt): a proof covers the account from its acceptance until its
/// expiry, unless first a commitment of the account changes (any change lapses it), a price
/// lapse is flagged against it, or it is liquidated. A point is added at each of those events
/// and, while a proof covers the account, at each closed round (the prices moved: how much of
/// the band is used up).
/// </summary>
internal static class HealthTimelines
{
    private sealed class Live(ProofAcceptance proof)
    {
        public ProofAcceptance Proof { get; } = proof;
        public bool Lapsed { get; set; }
    }

    public static List<AccountTimeline> Of(ChainHistory history)
    {
        var live = new Dictionary<string, Live?>(StringComparer.Ordinal);
        var points = new Dictionary<string, List<HealthPoint>>(StringComparer.Ordinal);
        var rounds = new Dictionary<ulong, RoundClose>();
        RoundClose? latest = null;

        foreach (var e in history.Events)
        {
            switch (e)
            {
                case ProofAcceptance p:
                    live[p.Account] = new Live(p);
                    Add(p.Account, "proof");
                    break;
                case CommitmentChange c when live.ContainsKey(c.Account):
                    if (live[c.Account] is { } changed) changed.Lapsed = true;
                    Add(c.Account, "commitment");
                    break;
                case PriceLapse f when live.ContainsKey(f.Account):
                    if (live[f.Account] is { } lapsed) lapsed.Lapsed = true;
                    Add(f.Account, "lapse");
                    break;
                case Liquidation q:
                    live[q.Account] = null;
                    Add(q.Account, "liquidated");
                    break;
                case RoundClose r:
                    rounds[r.RoundId] = r;
                    latest = r;
                    foreach (var (account, proof) in live)
                        if (proof is not null && Covered(proof, r.Timestamp)) Add(account, "round");
                    break;
            }

            void Add(string account, string kind)
            {
                if (e.Position.Block < history.FromBlock || e.Position.Block > history.ToBlock) return;
                var l = live.GetValueOrDefault(account);
                var covered = l is not null && Covered(l, e.Timestamp);
                if (!points.TryGetValue(account, out var list)) points[account] = list = [];
                list.Add(new HealthPoint
                {
                    Block = e.Position.Block,
                    Timestamp = e.Timestamp,
                    Event = kind,
                    Covered = covered,
                    Level = covered ? l!.Proof.Level : null,
                    SecondsToExpiry = covered ? l!.Proof.Expiry - e.Timestamp : null,
                    PriceBandUsedPercent = covered ? BandUsed(rounds.GetValueOrDefault(l!.Proof.RoundId), latest, history.PriceBand) : null,
                });
            }
        }
        return [.. points.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new AccountTimeline { Account = p.Key, Points = p.Value })];
    }

    private static bool Covered(Live l, ulong time) => !l.Lapsed && time < l.Proof.Expiry;

    /// <summary>
    /// max over feeds |p - p_proved| / p_proved, as a percentage of the band (100: the move that
    /// lapses the proof). A move from a proved price of 0 is always beyond the band (as the gate
    /// judges it), shown as 100. Null when the proved round is not in the history.
    /// </summary>
    internal static double? BandUsed(RoundClose? proved, RoundClose? latest, ulong priceBand)
    {
        if (proved is null || latest is null || priceBand == 0) return null;
        var used = 0.0;
        for (var i = 0; i < Math.Min(proved.Prices.Count, latest.Prices.Count); i++)
        {
            var then = proved.Prices[i];
            var move = BigInteger.Abs(latest.Prices[i] - then);
            if (move.IsZero) continue;
            // In parts per million of the proved price, then of the band (both 10^-6 ratios).
            var percent = then.IsZero ? 100.0 : (double)(move * 100_000_000 / then) / priceBand;
            used = Math.Max(used, percent);
        }
        return Math.Round(used, 4);
    }
}

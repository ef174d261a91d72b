using System.Numerics;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// The registry's, the hub's and the gate's state as a proof's statement reads it, replayed from
/// a <see cref="ChainHistory"/> in chain order, and each envelope's signals compared with it at
/// the envelope's position. It mirrors CollateralRegistry.proofInputsOf: commitments[s] is slot
/// s's commitment while the slot is held, 0 when free (a freeing post writes 0, and a free slot
/// reads 0), and the parameter hash is the last one activated (0 before any).
/// </summary>
internal sealed class StateReplay(ChainHistory history)
{
    private readonly Dictionary<string, BigInteger[]> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, RoundClose> _rounds = [];
    /// <summary>The gate's health.nonce: the nonce the account's next proof must carry.</summary>
    private readonly Dictionary<string, ulong> _nextNonce = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _venues = [];
    private readonly HashSet<uint> _retired = [];
    private BigInteger _parameterHash;

    /// <summary>What the chain's own record contradicts (a post by a venue never admitted or retired, a slot out of range, a round closed twice).</summary>
    public List<AuditFinding> ChainFindings { get; } = [];

    /// <summary>
    /// Compares every envelope with the state at its position: where the history holds its
    /// ProofAccepted (same account and nonce, in the envelope's block), just before that log;
    /// otherwise the state its block left.
    /// </summary>
    public void CheckAll(IReadOnlyList<ProofEnvelope> proofs, BigInteger[][] signals, List<string>[] mismatches)
    {
        var accepted = new Dictionary<(string, ulong, ulong), ChainPosition>();
        foreach (var e in history.Events)
            if (e is ProofAcceptance p) accepted.TryAdd((p.Account, p.Nonce, p.Position.Block), p.Position);

        var order = new (ChainPosition At, int Index)[proofs.Count];
        for (var i = 0; i < proofs.Count; i++)
        {
            var e = proofs[i];
            order[i] = (accepted.TryGetValue((e.Account.ToLowerInvariant(), e.Nonce, e.Block), out var at) ? at : ChainPosition.EndOf(e.Block), i);
        }
        Array.Sort(order, (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Index.CompareTo(b.Index));

        var next = 0;
        foreach (var e in history.Events)
        {
            for (; next < order.Length && order[next].At <= e.Position; next++)
                Compare(proofs[order[next].Index], signals[order[next].Index], mismatches[order[next].Index], order[next].At);
            Apply(e);
        }
        for (; next < order.Length; next++)
        {
            var (at, i) = order[next];
            if (at.Block > history.ToBlock)
                mismatches[i].Add($"block {at.Block} is beyond the chain's history (up to block {history.ToBlock})");
            else
                Compare(proofs[i], signals[i], mismatches[i], at);
        }
    }

    private void Compare(ProofEnvelope e, BigInteger[]? s, List<string> found, ChainPosition at)
    {
        var account = e.Account.ToLowerInvariant();
        if (e.ChainId != history.ChainId) found.Add($"chain id is {e.ChainId}; the chain is {history.ChainId}");
        if (!string.Equals(e.Gate, history.Gate, StringComparison.OrdinalIgnoreCase)) found.Add($"gate is {e.Gate}; the gate audited is {history.Gate}");
        var expected = _nextNonce.GetValueOrDefault(account);
        if (e.Nonce != expected) found.Add($"nonce is {e.Nonce}; the account's next nonce at {at} was {expected}");
        if (s is null || s.Length < 5) return; // malformed or already named by the envelope's own check
        if (s.Length != 5 + history.Slots)
        {
            found.Add($"{s.Length} public signals; the gate builds {5 + history.Slots} (5 and one per slot)");
            return;
        }
        // Signals 1 and 2 against the envelope's gate and fields are its own check
        // (ProofAudit.SelfMismatches); the envelope's gate and chain against the chain's are above.
        if (!_rounds.TryGetValue(e.RoundId, out var round))
            found.Add($"signal 3 (round digest): round {e.RoundId} was not closed at {at}");
        else if (s[3] != round.Digest)
            found.Add($"signal 3 (round digest) is {s[3]}; round {e.RoundId} closed with {round.Digest} (block {round.Position.Block})");
        if (s[4] != _parameterHash)
            found.Add($"signal 4 (parameter hash) is {s[4]}; the active parameter hash at {at} was {_parameterHash}");
        var slots = _slots.GetValueOrDefault(account);
        for (var i = 0; i < history.Slots; i++)
        {
            var held = slots?[i] ?? BigInteger.Zero;
            if (s[5 + i] != held)
                found.Add($"signal {5 + i} (commitment of slot {i}) is {s[5 + i]}; the registry held {held} at {at}");
        }
    }

    private void Apply(ChainEvent e)
    {
        switch (e)
        {
            case CommitmentChange c:
                if (!_venues.Contains(c.VenueIndex))
                    Chain(c, $"venue {c.VenueIndex} posted for {c.Account} but was never admitted");
                else if (_retired.Contains(c.VenueIndex) && !c.Commitment.IsZero)
                    Chain(c, $"venue {c.VenueIndex}, retired, posted a commitment for {c.Account} (a retired venue may only free slots)");
                if (c.Slot < 0 || c.Slot >= history.Slots)
                {
                    Chain(c, $"a post for {c.Account} names slot {c.Slot}; the registry has {history.Slots}");
                    break;
                }
                if (!_slots.TryGetValue(c.Account, out var slots)) _slots[c.Account] = slots = new BigInteger[history.Slots];
                slots[c.Slot] = c.Commitment;
                break;
            case VenueAdmission v:
                _venues.Add(v.Index);
                break;
            case ParametersActivation p:
                _parameterHash = p.ParameterHash;
                break;
            case RoundClose r:
                if (!_rounds.TryAdd(r.RoundId, r)) Chain(r, $"round {r.RoundId} closed twice");
                break;
            case VenueRetirement r:
                _retired.Add(r.Index);
                break;
            case ProofAcceptance p:
                // An accepted proof out of nonce order is named by its envelope's check.
                _nextNonce[p.Account] = p.Nonce + 1;
                break;
        }
    }

    private void Chain(ChainEvent e, string message) =>
        ChainFindings.Add(new AuditFinding { Kind = "chain", Block = e.Position.Block, Message = $"{e.Position}: {message}" });
}

using System.Numerics;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// Where a log sits in the chain's total order: its block, then its index in the block. A post
/// and a proof in one transaction (requireInitialMargin posts first) come in the order they
/// happened, which is what the gate saw.
/// </summary>
public readonly record struct ChainPosition(ulong Block, int LogIndex) : IComparable<ChainPosition>
{
    /// <summary>After every log of <paramref name="block"/>: the state the block left.</summary>
    public static ChainPosition EndOf(ulong block) => new(block, int.MaxValue);

    public int CompareTo(ChainPosition other) =>
        Block != other.Block ? Block.CompareTo(other.Block) : LogIndex.CompareTo(other.LogIndex);

    public static bool operator <(ChainPosition a, ChainPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(ChainPosition a, ChainPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(ChainPosition a, ChainPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ChainPosition a, ChainPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => LogIndex == int.MaxValue ? $"block {Block}" : $"block {Block} log {LogIndex}";
}

/// <summary>One event of the deployment that the audit replays: where it happened, the block's time and the transaction.</summary>
public abstract record ChainEvent
{
    public required ChainPosition Position { get; init; }
    /// <summary>The block's timestamp (unix seconds).</summary>
    public required ulong Timestamp { get; init; }
    public string? Transaction { get; init; }
}

/// <summary>The registry's CommitmentPosted (a local post, the gate's postFor, or a mirrored remote post): slot <see cref="Slot"/> of the account now holds <see cref="Commitment"/> (0: freed).</summary>
public sealed record CommitmentChange : ChainEvent
{
    /// <summary>Lowercase.</summary>
    public required string Account { get; init; }
    public required uint VenueIndex { get; init; }
    public required int Slot { get; init; }
    public required BigInteger Commitment { get; init; }
}

/// <summary>The registry's VenueAdmitted.</summary>
public sealed record VenueAdmission : ChainEvent
{
    public required uint Index { get; init; }
    public required string Venue { get; init; }
}

/// <summary>The registry's VenueRetired.</summary>
public sealed record VenueRetirement : ChainEvent
{
    public required uint Index { get; init; }
}

/// <summary>The registry's ParametersActivated: from here on proofInputsOf answers this hash.</summary>
public sealed record ParametersActivation : ChainEvent
{
    public required BigInteger ParameterHash { get; init; }
}

/// <summary>The hub's RoundClosed: the round's oracle digest and its prices (assets, then underlyings).</summary>
public sealed record RoundClose : ChainEvent
{
    public required ulong RoundId { get; init; }
    public required BigInteger Digest { get; init; }
    public required IReadOnlyList<BigInteger> Prices { get; init; }
}

/// <summary>The gate's ProofAccepted, as far as the account's health goes (the whole proof is its <see cref="ProofEnvelope"/>).</summary>
public sealed record ProofAcceptance : ChainEvent
{
    /// <summary>Lowercase.</summary>
    public required string Account { get; init; }
    public required ulong Nonce { get; init; }
    public required byte Level { get; init; }
    public required ulong RoundId { get; init; }
    public required ulong Expiry { get; init; }
}

/// <summary>The gate's PriceLapseFlagged: the account's live proof lapsed by prices.</summary>
public sealed record PriceLapse : ChainEvent
{
    /// <summary>Lowercase.</summary>
    public required string Account { get; init; }
    public required ulong RoundId { get; init; }
}

/// <summary>The gate's Liquidated: the account's health is cleared.</summary>
public sealed record Liquidation : ChainEvent
{
    /// <summary>Lowercase.</summary>
    public required string Account { get; init; }
}

/// <summary>A transaction behind some event in range: the step it took (the function called) and its gas.</summary>
public sealed record TransactionCost(string Hash, string Step, ulong Gas);

/// <summary>
/// What the chain recorded for one deployment, as plain data: the gate's settings the audit
/// needs and every event that moves a proof's inputs or an account's health, in chain order.
/// Replaying <see cref="Events"/> from the start gives the registry's commitments and active
/// parameter hash, the hub's closed rounds and the gate's nonces at any position, which is what
/// the gate read when it built each proof's public signals (<see cref="ProofAudit"/>).
/// Built from a node by <see cref="ChainAudit"/>, or by hand for a test or a benchmark.
/// </summary>
public sealed record ChainHistory
{
    public ChainHistory(ulong chainId, string gate, int slots, ulong priceBand, ulong fromBlock, ulong toBlock,
        IEnumerable<ChainEvent> events, IReadOnlyList<TransactionCost>? transactions = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        ChainId = chainId;
        Gate = gate.ToLowerInvariant();
        Slots = slots;
        PriceBand = priceBand;
        FromBlock = fromBlock;
        ToBlock = toBlock;
        // A stable sort: events given in one position keep their order.
        Events = [.. events.OrderBy(e => e.Position)];
        Transactions = transactions ?? [];
    }

    public ulong ChainId { get; }
    /// <summary>Lowercase.</summary>
    public string Gate { get; }
    /// <summary>V, the registry's venue slots per account (the gate's SLOTS): a statement has 5 + V signals.</summary>
    public int Slots { get; }
    /// <summary>The gate's PRICE_BAND, in 10^-6.</summary>
    public ulong PriceBand { get; }
    /// <summary>The range audited; <see cref="Events"/> start earlier, at the deployment, so that the state at <see cref="FromBlock"/> is known.</summary>
    public ulong FromBlock { get; }
    public ulong ToBlock { get; }
    /// <summary>In chain order (<see cref="ChainPosition"/>).</summary>
    public IReadOnlyList<ChainEvent> Events { get; }
    public IReadOnlyList<TransactionCost> Transactions { get; }
}

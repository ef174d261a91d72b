namespace CrossMargin.Chain.Actors.Relay;

/// <summary>
/// A commitment the relay carried: the source post (its block, its registry-wide sequence, the
/// account and venue) and the destination transaction that mirrored it, with the gas it used.
/// </summary>
public sealed record CarriedCommitment(ulong SourceBlock, ulong Sequence, string Account, string Venue, string Transaction, ulong GasUsed);

/// <summary>A source post the relay did not carry because the destination does not admit its venue as remote for this source registry.</summary>
public sealed record SkippedPost(ulong SourceBlock, ulong Sequence, string Venue);

/// <summary>
/// What one pass did. Every source post it looked at is in exactly one of: <see cref="Carried"/>,
/// <see cref="Skipped"/> (venue not admitted as remote), <see cref="AlreadyMirrored"/> (its
/// sequence was at or below the destination's last one from this source when read),
/// <see cref="MirroredByAnotherRelay"/> (it was not when read, but another relay's transaction
/// got there first). <see cref="WaitingForDepth"/> counts the posts above the confirmation depth,
/// left for a later pass. None of these is a failure; failures are exceptions.
/// </summary>
public sealed record RelayPassReport
{
    public required IReadOnlyList<CarriedCommitment> Carried { get; init; }
    public required IReadOnlyList<SkippedPost> Skipped { get; init; }
    public required int AlreadyMirrored { get; init; }
    public required int MirroredByAnotherRelay { get; init; }
    public required int WaitingForDepth { get; init; }

    /// <summary>
    /// True when the pass stopped early and will pick up where it stopped: the source chain moved
    /// under it (a block it read changed before it was done with it), or the destination's clock
    /// is still behind a post's source timestamp.
    /// </summary>
    public required bool StoppedEarly { get; init; }

    /// <summary>The last source block finished with after this pass (null while none is).</summary>
    public required ulong? Cursor { get; init; }

    public int SkippedNotRemote => Skipped.Count;

    public override string ToString() =>
        $"carried {Carried.Count}, skipped (venue not remote) {Skipped.Count}, already mirrored {AlreadyMirrored}, "
        + $"mirrored by another relay {MirroredByAnotherRelay}, waiting for depth {WaitingForDepth}"
        + (Cursor is { } c ? $"; cursor at source block {c}" : "") + (StoppedEarly ? " (stopped early; resumes next pass)" : "");
}

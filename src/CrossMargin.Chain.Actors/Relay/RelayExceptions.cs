namespace CrossMargin.Chain.Actors.Relay;

/// <summary>
/// The source chain no longer holds the block the relay's cursor names: it reorganised deeper
/// than the confirmation depth. Commitments carried from the dropped blocks may have been
/// mirrored although their posts no longer exist on the source; the relay stops rather than
/// carry on from a history that changed under it.
/// </summary>
public sealed class SourceReorganisedException(ulong sourceChainId, ulong block, string recordedHash, string? currentHash, ulong lastMirroredSequence)
    : InvalidStatementException(
        $"the source chain {sourceChainId} reorganised deeper than the confirmation depth: block {block} was {recordedHash} when this relay finished with it, "
        + (currentHash is null ? "and the chain now ends below it" : $"and is now {currentHash}")
        + $". Commitments mirrored from blocks up to {block} (the destination's last mirrored sequence from this source is {lastMirroredSequence}) may come from posts "
        + "that are no longer on the source chain: compare the destination's CommitmentMirrored events with the source's CommitmentPosted events before relaying again. "
        + "Nothing further was sent.")
{
    public ulong Block { get; } = block;
    public string RecordedHash { get; } = recordedHash;

    /// <summary>The hash the source chain now has at <see cref="Block"/>; null when it has no such block.</summary>
    public string? CurrentHash { get; } = currentHash;
}

/// <summary>
/// The destination registry refused an attestation for another reason than a race with another
/// relay (the venue's slot rules, the committee's signatures, a retired venue): the post cannot
/// be carried as it is, and carrying later ones past it would lose it, so the relay stops.
/// </summary>
public sealed class MirrorRefusedException(ulong sourceBlock, ulong sequence, string venue, string account, Exception reason)
    : InvalidStatementException($"the destination refused to mirror source post {sequence} (block {sourceBlock}, venue {venue}, account {account}): {reason.Message}", reason)
{
    public ulong Sequence { get; } = sequence;
}

/// <summary>A relay set up against chains or a committee it cannot serve (keys of non-members, fewer than the threshold, a state file of another route).</summary>
public sealed class RelaySetupException(string message) : MalformedInputException(message);

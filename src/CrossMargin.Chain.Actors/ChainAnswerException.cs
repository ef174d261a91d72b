namespace CrossMargin.Chain.Actors;

/// <summary>
/// A node's answer that cannot be what the contracts hold (lengths that do not fit the
/// configuration, a value out of its type's range, a block without a hash): the node or the
/// endpoint in front of it is broken. Nothing was sent on the strength of it.
/// </summary>
public sealed class ChainAnswerException(string what, string problem) : MalformedInputException($"{what}: {problem}")
{
    public string What { get; } = what;
}

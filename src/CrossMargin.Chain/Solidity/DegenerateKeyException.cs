namespace CrossMargin.Chain.Solidity;

/// <summary>
/// A verification key that no verifier should be generated for: a verifier made from it would
/// accept forged proofs (an identity point among alpha, beta, gamma, delta or the IC points;
/// gamma equal to delta or to -delta, as in a key without a phase-2 contribution) or could not be
/// compiled (no public signal: Solidity has no <c>uint[0]</c>). <see cref="Point"/> names the
/// point at fault ("delta", "IC[3]").
/// </summary>
public sealed class DegenerateKeyException(string point, string problem)
    : Exception($"degenerate verification key: {point} {problem}")
{
    /// <summary>Which point of the key is at fault, as the key's JSON names it ("alpha", "IC[2]").</summary>
    public string Point { get; } = point;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}

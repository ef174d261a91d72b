namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>
/// Input of the oracle reporters that cannot be used: a price file, a reporter key file, a state
/// file or a command-line value (a start price list, a shock). The message names the source (the
/// file, or the option) and where in it (a JSON path such as <c>$.rounds[3].prices[1]</c>, or the
/// option's own key); it never quotes a private key.
/// </summary>
public sealed class OracleInputException(string source, string path, string problem)
    : MalformedInputException($"{source}: {path}: {problem}")
{
    /// <summary>The file, or the command-line option, that holds the bad value.</summary>
    public string Origin { get; } = source;

    /// <summary>Where in it: a JSON path, or the option's key.</summary>
    public string JsonPath { get; } = path;
}

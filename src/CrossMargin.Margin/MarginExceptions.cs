namespace CrossMargin.Margin;

/// <summary>
/// A margin input outside the doc's bounds or inconsistent with its configuration, or a derived
/// figure beyond its bound (the circuit would fail closed). Path names the value as the model
/// indexes it, e.g. "venues[1].positions[0].gamma".
/// </summary>
public sealed class MarginInputException(string path, string problem) : MalformedInputException($"{path} {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}

/// <summary>A portfolio file that cannot be read as one; Path is the JSON path ("$.venues[0].balances.ETH").</summary>
public sealed class PortfolioFormatException(string file, string path, string problem)
    : MalformedInputException($"{file}: {path}: {problem}")
{
    public string File { get; } = file;
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}

/// <summary>
/// The portfolio is not solvent at the level a proof was asked for: no witness is attempted.
/// The message is the report's explanation of the shortfall.
/// </summary>
public sealed class InsolventPortfolioException(MarginReport report, MarginLevel level)
    : InvalidStatementException(report.Explain(level))
{
    public MarginReport Report { get; } = report;
    public MarginLevel Level { get; } = level;
}

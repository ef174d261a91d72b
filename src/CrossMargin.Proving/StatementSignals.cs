using System.Numerics;
using System.Text.Json;
using CrossMargin.Margin;
using CrossMargin.Snarkjs;

namespace CrossMargin.Proving;

/// <summary>A margin statement as the witness calculator takes it.</summary>
public static class StatementSignals
{
    /// <summary>
    /// The statement's circuit input (<see cref="MarginStatement.CircuitInput"/>) read by the same
    /// reader as an input.json, so that what is proved is exactly what a file would have held.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, BigInteger[]>> InputSignals(this MarginStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var document = JsonDocument.Parse(statement.CircuitInput().ToJsonString());
        return CircuitInput.Parse(document.RootElement);
    }
}

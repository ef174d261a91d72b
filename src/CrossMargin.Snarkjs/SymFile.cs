using System.Globalization;

namespace CrossMargin.Snarkjs;

/// <summary>
/// circom's .sym file: one line per signal label, "labelId,wireId,componentId,name", where
/// wireId is -1 for a signal the optimiser removed. Gives names to wires for messages.
/// </summary>
public sealed class SymFile
{
    private readonly Dictionary<long, string> _wireNames;
    private readonly Dictionary<long, string> _allNames;
    private readonly Dictionary<ulong, string> _labelNames;

    private SymFile(Dictionary<long, string> wireNames, Dictionary<long, string> allNames, Dictionary<ulong, string> labelNames)
    {
        _wireNames = wireNames;
        _allNames = allNames;
        _labelNames = labelNames;
    }

    public static SymFile Read(string path)
    {
        var wires = new Dictionary<long, string>();
        var all = new Dictionary<long, string> { [0] = "one" };
        var labels = new Dictionary<ulong, string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var parts = line.Split(',', 4);
            if (parts.Length != 4
                || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var label)
                || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wire)
                || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                throw new CircomFormatException(path, null, lineNumber, $"line {lineNumber} is not 'label,wire,component,name'");
            if (wire >= 0) wires.TryAdd(wire, parts[3]);
            labels.TryAdd(label, parts[3]);
            all[wire] = all.TryGetValue(wire, out var before) ? $"{before}|{parts[3]}" : parts[3];
        }
        return new SymFile(wires, all, labels);
    }

    /// <summary>The signal name of <paramref name="wire"/> ("one" for wire 0 when unnamed).</summary>
    public string WireName(int wire) =>
        _wireNames.TryGetValue(wire, out var name) ? name : wire == 0 ? "one" : $"wire {wire}";

    /// <summary>The signal name of a label (a signal whether or not it kept a wire).</summary>
    public string LabelName(ulong label) => _labelNames.TryGetValue(label, out var name) ? name : $"label {label}";

    /// <summary>
    /// Every name of <paramref name="wire"/> joined by "|", "one" first for wire 0, as snarkjs's
    /// loadSyms varIdx2Name (what r1cs print shows); null when the file names none.
    /// </summary>
    public string? AllWireNames(int wire) => _allNames.GetValueOrDefault(wire);
}

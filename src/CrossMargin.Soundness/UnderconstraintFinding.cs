using System.Globalization;
using System.Numerics;
using System.Text;

using CrossMargin.R1cs;

namespace CrossMargin.Soundness;

/// <summary>What kind of freedom a finding shows.</summary>
public enum UnderconstraintKind
{
    /// <summary>The signal appears in no constraint: any value satisfies the R1CS.</summary>
    Unconstrained,

    /// <summary>The signal alone can take another value (or any value) with every other signal unchanged.</summary>
    AlternativeValue,

    /// <summary>Two signals can change together (each alone is pinned) with every other signal unchanged.</summary>
    CompensatedPair,

    /// <summary>
    /// Several signals can change together: a second witness for the same inputs, built by
    /// changing one signal the inputs do not determine and re-solving the constraints from it.
    /// </summary>
    Cascade,
}

/// <summary>A signal: its wire index and .sym name.</summary>
public readonly record struct SignalRef(int Wire, string Name)
{
    public override string ToString() => $"{Name} (#{Wire})";
}

/// <summary>One signal of a finding: its wire, .sym name, value in the witness and the alternative value.</summary>
public readonly record struct SignalChange(int Wire, string Name, Fr Value, Fr Alternative);

/// <summary>
/// A change of non-input signals that keeps every constraint satisfied, checked by evaluating
/// the touched constraints on the changed witness. <see cref="AnyValue"/> says that the
/// alternative shown is one of infinitely many (the whole field, or a whole line for a pair).
/// <see cref="Constraints"/> are every constraint that contains a changed signal (all of them
/// still hold); the others do not contain them, so they hold too. <see cref="ChangesOutput"/>:
/// a public output changes, so the proof would state something false about these inputs; a
/// change of intermediate signals only is a second witness for the same statement (often a
/// missing constraint all the same, sometimes harmless, like IsZero's inv when its input is 0).
/// </summary>
public sealed record UnderconstraintFinding(
    UnderconstraintKind Kind,
    IReadOnlyList<SignalChange> Changes,
    IReadOnlyList<int> Constraints,
    bool AnyValue,
    bool ChangesOutput)
{
    private const int ConstraintsShown = 12;
    private const int ChangesShown = 4;

    public override string ToString()
    {
        var text = new StringBuilder();
        switch (Kind)
        {
            case UnderconstraintKind.Unconstrained:
                var only = Changes[0];
                text.Append(CultureInfo.InvariantCulture, $"signal {Signal(only)} = {Format(only.Value)} appears in no constraint: any value satisfies the R1CS");
                if (ChangesOutput) text.Append(" (a public output)");
                return text.ToString();
            case UnderconstraintKind.AlternativeValue:
                var change = Changes[0];
                text.Append(CultureInfo.InvariantCulture, $"signal {Signal(change)} = {Format(change.Value)} can ");
                text.Append(AnyValue ? $"take any value (e.g. {Format(change.Alternative)})" : $"also be {Format(change.Alternative)}");
                break;
            case UnderconstraintKind.Cascade:
                text.Append(CultureInfo.InvariantCulture, $"{Changes.Count} signals can change together, a second witness for the same inputs (");
                text.Append(string.Join(", ", Changes.Take(ChangesShown).Select(c => $"{Signal(c)}: {Format(c.Value)} -> {Format(c.Alternative)}")));
                if (Changes.Count > ChangesShown) text.Append(CultureInfo.InvariantCulture, $", and {Changes.Count - ChangesShown} more");
                text.Append(')');
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $"signals {string.Join(" and ", Changes.Select(Signal))} can change together (");
                text.Append(string.Join(", ", Changes.Select(c => $"{c.Name}: {Format(c.Value)} -> {Format(c.Alternative)}")));
                text.Append(AnyValue ? "; one point of a line of solutions)" : ")");
                break;
        }
        text.Append(Constraints.Count == 1 ? ": constraint " : ": constraints ");
        text.Append(string.Join(", ", Constraints.Take(ConstraintsShown)));
        if (Constraints.Count > ConstraintsShown) text.Append(CultureInfo.InvariantCulture, $" and {Constraints.Count - ConstraintsShown} more");
        text.Append(Constraints.Count == 1 ? " still holds" : " still hold");
        if (ChangesOutput) text.Append(" (a public output changes)");
        return text.ToString();
    }

    private static string Signal(SignalChange change) => $"{change.Name} (#{change.Wire})";

    /// <summary>Small values and small negatives (p - k) in decimal, the rest in hex.</summary>
    internal static string Format(Fr value)
    {
        var v = value.ToBigInteger();
        if (v < BigInteger.One << 40) return v.ToString(CultureInfo.InvariantCulture);
        var negated = Fr.Modulus - v;
        if (negated < BigInteger.One << 40) return "-" + negated.ToString(CultureInfo.InvariantCulture);
        return "0x" + v.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }
}

/// <summary>
/// The result of <see cref="UnderconstraintAnalysis.Run"/>: every finding, and how much was
/// examined: signals other than the constant and the inputs (each checked alone); pairs solved
/// exactly by a linear relation; pairs tried only with random values because no relation linked
/// them; signals proven determined by the inputs (the same in every witness for these inputs);
/// and the unresolved ones, neither proven determined nor shown to change (the analysis cannot
/// tell; an SMT solver might).
/// </summary>
public sealed record UnderconstraintReport(
    IReadOnlyList<UnderconstraintFinding> Findings,
    int SignalsChecked,
    int PairsSolved,
    int PairsGuessed,
    int SignalsDetermined,
    IReadOnlyList<SignalRef> Unresolved)
{
    private const int FindingsShown = 100;
    private const int UnresolvedShown = 20;

    public bool HasFindings => Findings.Count > 0;

    /// <summary>Every non-input signal is proven determined by the inputs: this witness is the only one.</summary>
    public bool WitnessIsUnique => SignalsDetermined == SignalsChecked;

    /// <summary>
    /// What the analysis can say: a second witness was found (<see cref="UnderconstraintVerdict.Finding"/>),
    /// the witness was proven unique (<see cref="UnderconstraintVerdict.ProvedUnique"/>), or neither
    /// (<see cref="UnderconstraintVerdict.Inconclusive"/>: the <see cref="Unresolved"/> signals may or
    /// may not be determined; no finding is not a proof of soundness).
    /// </summary>
    public UnderconstraintVerdict Verdict =>
        HasFindings ? UnderconstraintVerdict.Finding
        : WitnessIsUnique ? UnderconstraintVerdict.ProvedUnique
        : UnderconstraintVerdict.Inconclusive;

    public string Summary =>
        $"{Findings.Count} finding(s); {SignalsChecked} signals checked alone, {PairsSolved} pairs solved exactly, {PairsGuessed} pairs tried with random values; " +
        $"{SignalsDetermined} of {SignalsChecked} signals proven determined by the inputs, {Unresolved.Count} unresolved";

    public override string ToString()
    {
        var text = new StringBuilder(Summary);
        foreach (var finding in Findings.Take(FindingsShown)) text.Append('\n').Append(finding);
        if (Findings.Count > FindingsShown) text.Append(CultureInfo.InvariantCulture, $"\n... and {Findings.Count - FindingsShown} more");
        if (Unresolved.Count > 0)
        {
            text.Append("\nunresolved (not proven determined, no second value found): ");
            text.Append(string.Join(", ", Unresolved.Take(UnresolvedShown)));
            if (Unresolved.Count > UnresolvedShown) text.Append(CultureInfo.InvariantCulture, $" and {Unresolved.Count - UnresolvedShown} more");
        }
        return text.ToString();
    }
}

/// <summary>The three answers of <see cref="UnderconstraintReport.Verdict"/>.</summary>
public enum UnderconstraintVerdict
{
    /// <summary>Every non-input signal is proven determined by the inputs: the witness is the only one for them.</summary>
    ProvedUnique,

    /// <summary>A second witness (a signal or pair that can change) was found: the circuit is under-constrained.</summary>
    Finding,

    /// <summary>No second witness was found, but some signals are not proven determined either.</summary>
    Inconclusive,
}

/// <summary>Knobs of <see cref="UnderconstraintAnalysis.Run"/>.</summary>
public sealed record UnderconstraintOptions
{
    /// <summary>Whether to look for compensating pairs after the single signals.</summary>
    public bool Pairs { get; init; } = true;

    /// <summary>Random values tried for a pair that no linear relation links (0 skips such pairs).</summary>
    public int RandomTrials { get; init; } = 2;

    /// <summary>How many signals not determined by the inputs a cascade (a second witness) is tried from, most promising first (0 tries none).</summary>
    public int RippleSeeds { get; init; } = 32;

    /// <summary>Seed of the random values: the analysis is deterministic.</summary>
    public int Seed { get; init; } = 20261124;
}

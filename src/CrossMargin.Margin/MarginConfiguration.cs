namespace CrossMargin.Margin;

/// <summary>
/// The sizes one margin circuit is compiled for (docs/margin-model.md, "Configuration"): V venue
/// slots, A collateral assets, U underlyings, P position slots per venue, G shock grid points.
/// </summary>
/// <remarks>
/// Invariants (checked by the constructor): every size is at least 1, V*P &lt;= 256, A &lt;= 64,
/// U &lt;= 16 (the doc's no-wrap argument assumes them) and G &lt;= 64. A portfolio fits when it
/// uses at most each size; <see cref="SmallestFor"/> picks the preset.
/// </remarks>
public sealed record MarginConfiguration
{
    public MarginConfiguration(int venues, int assets, int underlyings, int positions, int gridPoints)
    {
        if (venues < 1 || assets < 1 || underlyings < 1 || positions < 1 || gridPoints < 1)
            throw new ArgumentOutOfRangeException(nameof(venues), "every configuration size is at least 1");
        if (venues * positions > 256 || assets > 64 || underlyings > 16 || gridPoints > 64)
            throw new ArgumentOutOfRangeException(nameof(venues), "the doc's bounds need V*P <= 256, A <= 64, U <= 16 (and G <= 64)");
        Venues = venues;
        Assets = assets;
        Underlyings = underlyings;
        Positions = positions;
        GridPoints = gridPoints;
    }

    /// <summary>V: venue slots.</summary>
    public int Venues { get; }

    /// <summary>A: collateral assets.</summary>
    public int Assets { get; }

    /// <summary>U: underlyings (for greeks).</summary>
    public int Underlyings { get; }

    /// <summary>P: position slots per venue.</summary>
    public int Positions { get; }

    /// <summary>G: shock grid points.</summary>
    public int GridPoints { get; }

    /// <summary>The "small" preset: (V, A, U, P, G) = (2, 2, 2, 2, 4).</summary>
    public static MarginConfiguration Small { get; } = new(2, 2, 2, 2, 4);

    /// <summary>The "reference" preset: (V, A, U, P, G) = (8, 8, 4, 8, 4).</summary>
    public static MarginConfiguration Reference { get; } = new(8, 8, 4, 8, 4);

    /// <summary>The presets, smallest first.</summary>
    public static IReadOnlyList<(string Name, MarginConfiguration Configuration)> Presets { get; } =
        [("small", Small), ("reference", Reference)];

    /// <summary>The preset's name ("small", "reference") or the sizes.</summary>
    public string Name => Presets.FirstOrDefault(p => p.Configuration == this).Name ?? ToString();

    /// <summary>
    /// The doc's layout tag: kind*2^40 + A*2^32 + U*2^24 + P*2^16 + G*2^8 + V, with the sizes
    /// that do not apply to the hash given as false (set to 0).
    /// </summary>
    public System.Numerics.BigInteger Tag(int kind, bool a, bool u, bool p, bool g, bool v) =>
        ((System.Numerics.BigInteger)kind << 40)
        + ((System.Numerics.BigInteger)(a ? Assets : 0) << 32)
        + ((System.Numerics.BigInteger)(u ? Underlyings : 0) << 24)
        + ((System.Numerics.BigInteger)(p ? Positions : 0) << 16)
        + ((System.Numerics.BigInteger)(g ? GridPoints : 0) << 8)
        + (v ? Venues : 0);

    /// <summary>Why <paramref name="portfolio"/> does not fit this configuration, or null when it fits.</summary>
    public string? WhyNotFit(Portfolio portfolio)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var parameters = portfolio.Parameters;
        if (portfolio.Venues.Count > Venues) return $"{portfolio.Venues.Count} venues, more than V = {Venues}";
        if (parameters.Assets.Count > Assets) return $"{parameters.Assets.Count} assets, more than A = {Assets}";
        if (parameters.Underlyings.Count > Underlyings) return $"{parameters.Underlyings.Count} underlyings, more than U = {Underlyings}";
        if (parameters.Grid.Count > GridPoints) return $"{parameters.Grid.Count} grid points, more than G = {GridPoints}";
        for (var v = 0; v < portfolio.Venues.Count; v++)
        {
            var count = portfolio.Venues[v].State.Positions.Count;
            if (count > Positions) return $"venue {v} has {count} positions, more than P = {Positions}";
        }
        return null;
    }

    /// <summary>The smallest preset that holds <paramref name="portfolio"/>; a <see cref="MarginInputException"/> saying why when none does.</summary>
    public static MarginConfiguration SmallestFor(Portfolio portfolio)
    {
        string? why = null;
        foreach (var (_, configuration) in Presets)
        {
            why = configuration.WhyNotFit(portfolio);
            if (why is null) return configuration;
        }
        throw new MarginInputException("portfolio", $"fits no configuration: it has {why} (the largest preset, reference, is V={Reference.Venues} A={Reference.Assets} U={Reference.Underlyings} P={Reference.Positions} G={Reference.GridPoints})");
    }

    public override string ToString() => $"V={Venues} A={Assets} U={Underlyings} P={Positions} G={GridPoints}";
}

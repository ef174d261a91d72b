using System.Globalization;
using System.Numerics;

namespace CrossMargin.Margin;

/// <summary>
/// A maximising scenario of one underlying (docs/margin-model.md, steps 7 and 8): its index
/// q = 4*j + 2*(s == -1) + (n == -1), grid point j with value g[j] (RATIO), price sign s and
/// vol sign n (+1 or -1), and the price move s*mag[u][j] (VALUE per token).
/// </summary>
public sealed record Scenario(int Index, int GridPoint, int PriceSign, int VolSign, BigInteger GridValue, BigInteger PriceMove)
{
    /// <summary>"price -100% of the shock (-312.50 USD), vol up".</summary>
    public string Describe()
    {
        var price = GridValue.IsZero
            ? "price unchanged"
            : $"price {(PriceSign > 0 ? "+" : "-")}{FixedPoint.Format(GridValue, 4)}% of the shock ({(PriceMove.Sign > 0 ? "+" : "")}{FixedPoint.Usd(PriceMove)})";
        return $"{price}, vol {(VolSign > 0 ? "up" : "down")}";
    }
}

/// <summary>
/// The requirement at one level (step 10): multiplier k (RATIO), floor (VALUE), the shown
/// requirement ceil(k*R/10^6) + floor and shortfall max(0, requirement - E) (VALUE), and the
/// verdict of the exact check E*10^6 &gt;= k*R + floor*10^6.
/// </summary>
public sealed record LevelResult(MarginLevel Level, BigInteger Multiplier, BigInteger Floor, BigInteger Requirement, BigInteger Shortfall, bool Solvent);

/// <summary>
/// Every figure of the margin calculation (docs/margin-model.md steps 1 to 10) over one
/// configuration's slots, in the doc's units: per asset a &lt; A, per underlying u &lt; U, per
/// grid point j &lt; G, per scenario q &lt; 4G. Unused slots carry the name "(unused)".
/// </summary>
public sealed class MarginReport
{
    public required MarginConfiguration Configuration { get; init; }
    public required Portfolio Portfolio { get; init; }
    public required IReadOnlyList<string> AssetNames { get; init; }
    public required IReadOnlyList<string> UnderlyingNames { get; init; }

    /// <summary>Step 1: B[a] = sum over venues of b[v,a] (AMOUNT).</summary>
    public required IReadOnlyList<BigInteger> TotalBalance { get; init; }

    /// <summary>Step 1: D[a] = sum over venues of d[v,a] (AMOUNT).</summary>
    public required IReadOnlyList<BigInteger> TotalDebt { get; init; }

    /// <summary>Step 2: CVw = sum_a (B*h - D*w) * S_asset (10^-20 USD).</summary>
    public required BigInteger CollateralValueWide { get; init; }

    /// <summary>Step 2: CV = floor(CVw / 10^14) (VALUE).</summary>
    public required BigInteger CollateralValue { get; init; }

    /// <summary>Step 3: the sum of every position's mark-to-market (VALUE).</summary>
    public required BigInteger MarkToMarket { get; init; }

    /// <summary>Step 3: E = CV + sum of mark-to-market (VALUE).</summary>
    public required BigInteger Equity { get; init; }

    /// <summary>Step 4: Delta[u] (AMOUNT), Gamma[u] (GAMMA), Vega[u] (VALUE per vol point).</summary>
    public required IReadOnlyList<BigInteger> NetDelta { get; init; }
    public required IReadOnlyList<BigInteger> NetGamma { get; init; }
    public required IReadOnlyList<BigInteger> NetVega { get; init; }

    /// <summary>Step 5: st = ceil(sqrt(tau * 10^6)) (10^-3 sqrt(second)).</summary>
    public required BigInteger SqrtTau { get; init; }

    /// <summary>Step 5: mp[u] = m[u]*1000 + sigma[u]*st (10^-9).</summary>
    public required IReadOnlyList<BigInteger> WidenedShock { get; init; }

    /// <summary>Step 6: mag[u][j] = ceil(S_under[u]*mp[u]*g[j] / 10^17) (VALUE per token).</summary>
    public required IReadOnlyList<IReadOnlyList<BigInteger>> ShockMagnitude { get; init; }

    /// <summary>Step 7: L2[u][q] (10^-24 USD, doubled), q = 4*j + 2*(s == -1) + (n == -1).</summary>
    public required IReadOnlyList<IReadOnlyList<BigInteger>> DoubledLoss { get; init; }

    /// <summary>Step 8: Lw[u] = max(0, max_q L2[u][q]).</summary>
    public required IReadOnlyList<BigInteger> WorstDoubledLoss { get; init; }

    /// <summary>Step 8: r[u] = ceil(Lw[u] / (2*10^18)) (VALUE).</summary>
    public required IReadOnlyList<BigInteger> WorstLoss { get; init; }

    /// <summary>Step 8: the first scenario attaining Lw[u]; null when Lw[u] = 0.</summary>
    public required IReadOnlyList<Scenario?> WorstScenario { get; init; }

    /// <summary>Step 9: Q = sum_u sum_w rho[u][w]*r[u]*r[w] (10^-6 VALUE^2).</summary>
    public required BigInteger QuadraticForm { get; init; }

    /// <summary>Step 9: R, the least R &gt;= 0 with R^2*10^6 &gt;= Q (VALUE).</summary>
    public required BigInteger Aggregate { get; init; }

    /// <summary>Step 10, indexed by (int)MarginLevel.</summary>
    public required IReadOnlyList<LevelResult> Levels { get; init; }

    /// <summary>The underlying with the largest r (the first on ties); null when every r is 0.</summary>
    public required int? WorstUnderlying { get; init; }

    public LevelResult this[MarginLevel level] => Levels[(int)level];

    public bool IsSolvent(MarginLevel level) => this[level].Solvent;

    /// <summary>
    /// The verdict at <paramref name="level"/> in words, e.g. "short by 1,234.56 USD at
    /// maintenance (requirement 10,000.00 USD, equity 8,765.44 USD); worst underlying ETH: loss
    /// 2,000.00 USD at price -100% of the shock (-312.50 USD), vol up". Money is exact.
    /// </summary>
    public string Explain(MarginLevel level)
    {
        var result = this[level];
        var name = level.ToString().ToLowerInvariant();
        var figures = $"requirement {FixedPoint.Usd(result.Requirement)}, equity {FixedPoint.Usd(Equity)}";
        var head = result.Solvent
            ? $"solvent at {name} by {FixedPoint.Usd(Equity - result.Requirement)} ({figures})"
            : $"short by {FixedPoint.Usd(result.Shortfall)} at {name} ({figures})";
        if (WorstUnderlying is not { } u) return head + "; no scenario loses money (the requirement is the floor)";
        return $"{head}; worst underlying {UnderlyingNames[u]}: loss {FixedPoint.Usd(WorstLoss[u])} at {WorstScenario[u]!.Describe()}";
    }

    /// <summary>
    /// The figures the circuit exposes, by their names in its .sym ("main.equity",
    /// "main.netDelta[0]", "main.shockMagnitude[1][3]", ...), as signed integers: compare them
    /// with witness values modulo p (a negative x is p - |x| in the witness).
    /// </summary>
    public IReadOnlyDictionary<string, BigInteger> FiguresBySignal
    {
        get
        {
            var figures = new Dictionary<string, BigInteger>(StringComparer.Ordinal)
            {
                ["main.collateralValue"] = CollateralValue,
                ["main.equity"] = Equity,
                ["main.sqrtTau"] = SqrtTau,
                ["main.aggregate"] = Aggregate,
            };
            for (var u = 0; u < Configuration.Underlyings; u++)
            {
                var i = u.ToString(CultureInfo.InvariantCulture);
                figures[$"main.netDelta[{i}]"] = NetDelta[u];
                figures[$"main.netGamma[{i}]"] = NetGamma[u];
                figures[$"main.netVega[{i}]"] = NetVega[u];
                figures[$"main.widenedShock[{i}]"] = WidenedShock[u];
                figures[$"main.worstLoss[{i}]"] = WorstLoss[u];
                for (var j = 0; j < Configuration.GridPoints; j++)
                    figures[$"main.shockMagnitude[{i}][{j.ToString(CultureInfo.InvariantCulture)}]"] = ShockMagnitude[u][j];
            }
            return figures;
        }
    }
}

using CrossMargin.Margin;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// Seeded random portfolios over a configuration's whole space (for the small one, V=2, A=2,
/// U=2, P=2, G=4: 1 or 2 venues, so an empty venue slot half the time, 1 or 2 assets and
/// underlyings and 1 to 4 grid points, so padded slots, 0 to 2 positions per venue), every value drawn from a mix
/// of classes — 0, small, any width up to its bound, and the bound's ends (2^64 - 1, -2^64,
/// 2^56 - 1, tau 2^32 - 1, haircut 0 and 1, weight 1 and 2^24 - 1, rho -1 and 1, grid 0 and 1),
/// the risk parameters within RiskParameterValidation's rules (shock 10^-6 to 1, a positive
/// semidefinite correlation, a grid with the full shock, ordered multipliers).
/// The same seed gives the same portfolio.
/// </summary>
internal static class RandomPortfolios
{
    private static readonly BigInteger Two64 = BigInteger.One << 64;

    /// <summary>
    /// The portfolio of <paramref name="seed"/> in <paramref name="c"/>'s space, with both floors 0
    /// (see <see cref="NearThreshold"/>).
    /// </summary>
    public static Portfolio Draw(int seed, MarginConfiguration c)
    {
        var r = new Random(seed);
        var assets = r.Next(1, c.Assets + 1);
        var underlyings = r.Next(1, c.Underlyings + 1);
        var gridPoints = r.Next(1, c.GridPoints + 1);
        var context = new StatementContext(Bits(r, 160), Bits(r, 160), Bits(r, 64), Bits(r, 64), Tau(r));
        var oracle = new OracleRound(Bits(r, 64),
            Enumerable.Range(0, assets).Select(_ => Price(r)).ToArray(),
            Enumerable.Range(0, underlyings).Select(_ => Price(r)).ToArray());
        var parameters = new RiskParameters(
            Enumerable.Range(0, assets).Select(a => new Asset($"A{a}", Pick(r, 0, FixedPoint.One, r.NextInt64(0, 1_000_001)), Pick(r, FixedPoint.One, (BigInteger.One << 24) - 1, r.NextInt64(1_000_000, 16_000_001)))).ToArray(),
            Enumerable.Range(0, underlyings).Select(u => new Underlying($"U{u}", Pick(r, 1, FixedPoint.One, r.NextInt64(1, 1_000_001)), Ratio24(r), Ratio24(r))).ToArray(),
            Correlation(r, underlyings),
            Grid(r, gridPoints),
            Multipliers(r),
            [0, 0]);
        var venues = Enumerable.Range(0, r.Next(1, c.Venues + 1)).Select(_ => new VenueOpening(
            new VenueState(Bits(r, 64),
                Enumerable.Range(0, assets).Select(_ => Amount(r)).ToArray(),
                Enumerable.Range(0, assets).Select(_ => r.Next(3) == 0 ? Amount(r) : BigInteger.Zero).ToArray(),
                Enumerable.Range(0, r.Next(0, c.Positions + 1)).Select(_ => new Position(r.Next(underlyings), Signed(r), Signed(r), Signed(r), Signed(r))).ToArray()),
            Bits(r, 64),
            r.Next(8) == 0 ? (r.Next(2) == 0 ? BigInteger.Zero : Fr.Modulus - 1) : Uniform(r, Fr.Modulus))).ToArray();
        return new Portfolio(context, oracle, parameters, venues);
    }

    /// <summary>
    /// The portfolio with every greek shifted right by <paramref name="bits"/>: a smaller sibling
    /// for a draw whose derived figures exceed their bounds (r &lt; 2^80), which the draws reach
    /// on purpose.
    /// </summary>
    public static Portfolio Tame(Portfolio p, int bits) => p with
    {
        Venues = p.Venues.Select(v => v with
        {
            State = v.State with
            {
                Positions = v.State.Positions.Select(x => x with { Delta = x.Delta >> bits, Gamma = x.Gamma >> bits, Vega = x.Vega >> bits }).ToArray(),
            },
        }).ToArray(),
    };

    /// <summary>
    /// Places the portfolio at <paramref name="level"/> relative to its threshold: the level's
    /// floor is set so that equity exceeds the requirement by <paramref name="excess"/> VALUE
    /// (0: exactly at the requirement; -1: one VALUE short). Where no floor in [0, 2^64) can do
    /// it, a position's mark-to-market is raised (equity below the bare requirement) within its
    /// bound, or else the balances or debts and every mark-to-market are shrunk and it tries again; null when nothing can.
    /// </summary>
    public static Portfolio? NearThreshold(Portfolio p, MarginLevel level, BigInteger excess, MarginConfiguration c)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var report = MarginCalculator.Calculate(p, c);
            var l = (int)level;
            var bare = report[level].Requirement - report[level].Floor;
            var floor = report.Equity - bare - excess;
            if (floor >= 0 && floor < Two64)
            {
                // The other level's floor follows where the order of levels needs it (initial >= maintenance).
                var floors = p.Parameters.LevelFloor.Replace(l, floor);
                floors = level == MarginLevel.Maintenance ? floors.Replace(0, BigInteger.Max(floors[0], floor)) : floors.Replace(1, BigInteger.Min(floors[1], floor));
                return p with { Parameters = p.Parameters with { LevelFloor = floors } };
            }
            if (floor < 0)
            {
                // Equity is short even with floor 0: lift one mark-to-market by the gap.
                for (var v = 0; v < p.Venues.Count; v++)
                    for (var i = 0; i < p.Venues[v].State.Positions.Count; i++)
                    {
                        var lifted = p.Venues[v].State.Positions[i].MarkToMarket - floor;
                        if (lifted < Two64) return p.WithPosition(v, i, x => x with { MarkToMarket = lifted });
                    }
            }
            var shrinkDebts = floor < 0;
            p = p with
            {
                Venues = p.Venues.Select(v => v with
                {
                    State = v.State with
                    {
                        Balances = shrinkDebts ? v.State.Balances : v.State.Balances.Select(b => b >> 16).ToArray(),
                        Debts = shrinkDebts ? v.State.Debts.Select(d => d >> 16).ToArray() : v.State.Debts,
                        Positions = v.State.Positions.Select(x => x with { MarkToMarket = x.MarkToMarket >> 16 }).ToArray(),
                    },
                }).ToArray(),
            };
        }
        return null;
    }

    private static BigInteger Bits(Random r, int bits) => r.Next(6) switch
    {
        0 => BigInteger.Zero,
        1 => (BigInteger.One << bits) - 1,
        _ => Uniform(r, BigInteger.One << r.Next(1, bits + 1)),
    };

    /// <summary>0 &lt;= x &lt; limit, uniformly.</summary>
    public static BigInteger Uniform(Random r, BigInteger limit)
    {
        var bytes = new byte[limit.GetByteCount(isUnsigned: true) + 8];
        r.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % limit;
    }

    /// <summary>
    /// A correlation matrix (RiskParameterValidation's rules: symmetric, unit diagonal, positive
    /// semidefinite): entries from the classes -1, 1 and any, drawn again until the matrix is
    /// positive semidefinite, else the identity with one drawn pair.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<BigInteger>> Correlation(Random r, int n)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rho = new BigInteger[n][];
            for (var u = 0; u < n; u++) rho[u] = new BigInteger[n];
            for (var u = 0; u < n; u++)
            {
                rho[u][u] = FixedPoint.One;
                for (var w = 0; w < u; w++)
                    rho[u][w] = rho[w][u] = attempt < 16 ? Pick(r, -FixedPoint.One, FixedPoint.One, r.NextInt64(-1_000_000, 1_000_001)) : (u == 1 && w == 0 ? r.NextInt64(-1_000_000, 1_000_001) : 0);
            }
            if (RiskParameterValidation.NegativePrincipalMinor(rho) is null) return rho;
        }
    }

    /// <summary>Grid points from the classes 0, 1 and any, one of them the full shock 1.</summary>
    private static BigInteger[] Grid(Random r, int n)
    {
        var grid = Enumerable.Range(0, n).Select(_ => Pick(r, 0, FixedPoint.One, r.NextInt64(0, 1_000_001))).ToArray();
        grid[r.Next(n)] = FixedPoint.One;
        return grid;
    }

    /// <summary>k[1] in [1, 2^24), k[0] in [k[1], 2^24), the ends included.</summary>
    private static BigInteger[] Multipliers(Random r)
    {
        var maintenance = Pick(r, FixedPoint.One, (BigInteger.One << 24) - 1, r.NextInt64(1_000_000, 1 << 24));
        var initial = Pick(r, maintenance, (BigInteger.One << 24) - 1, r.NextInt64((long)maintenance, 1 << 24));
        return [initial, maintenance];
    }

    private static BigInteger Pick(Random r, BigInteger low, BigInteger high, BigInteger middle) => r.Next(5) switch
    {
        0 => low,
        1 => high,
        _ => middle,
    };

    /// <summary>tau: 0, 1, 2^32 - 1, a perfect square (sqrt exact), or any width.</summary>
    private static BigInteger Tau(Random r) => r.Next(6) switch
    {
        0 => BigInteger.Zero,
        1 => BigInteger.One,
        2 => uint.MaxValue,
        3 => BigInteger.Pow(r.Next(0, 65536), 2),
        _ => Uniform(r, BigInteger.One << r.Next(1, 33)),
    };

    private static BigInteger Price(Random r) => r.Next(6) switch
    {
        0 => BigInteger.Zero,
        1 => (BigInteger.One << 56) - 1,
        2 => r.NextInt64(1, 1_000),
        _ => Uniform(r, BigInteger.One << r.Next(1, 57)),
    };

    private static BigInteger Ratio24(Random r) => r.Next(6) switch
    {
        0 => BigInteger.Zero,
        1 => (BigInteger.One << 24) - 1,
        _ => r.Next(0, 1 << 24) >> r.Next(0, 24),
    };

    private static BigInteger Amount(Random r) => r.Next(6) switch
    {
        0 => BigInteger.Zero,
        1 => Two64 - 1,
        _ => Uniform(r, BigInteger.One << r.Next(1, 65)),
    };

    /// <summary>-2^64 &lt;= x &lt; 2^64: 0, the ends and their neighbours, or any width with either sign.</summary>
    private static BigInteger Signed(Random r) => r.Next(8) switch
    {
        0 => BigInteger.Zero,
        1 => -Two64,
        2 => Two64 - 1,
        3 => r.Next(2) == 0 ? -Two64 + 1 : Two64 - 2,
        _ => (r.Next(2) == 0 ? -1 : 1) * Uniform(r, BigInteger.One << r.Next(1, 65)),
    };
}

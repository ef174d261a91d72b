using CrossMargin.Margin;
using CrossMargin.Testing;

namespace CrossMargin.Margin.Tests;

/// <summary>Portfolios the tests share: a small one computed by hand, and the example files.</summary>
internal static class Samples
{
    public static string Example(string name = "portfolio.json") => Path.Combine(RepoLayout.Root, "examples", name);

    /// <summary>
    /// The hand-computed portfolio (small configuration). Assets USD (h 1, w 1, price 1) and ETH
    /// (h 0.5, w 1.2, price 2000.00000001); underlyings ETH (m 0.1, sigma 0.001, v 5, price 2000)
    /// and BTC (m 0.2, price 30000); tau 2 s; grid 1, 0.5, 0.333333, 0; rho(ETH, BTC) = -0.5;
    /// k = 1.5 / 1, floor = 100 / 50 USD.
    /// venue 0: 100 USD and 1 ETH, 0.5 ETH debt; ETH position delta 2, gamma 0.001, vega 10, mtm 5.
    /// venue 1: 50 USD, 10 USD debt; ETH delta -3, vega -4, mtm -2; BTC delta 0.1.
    /// </summary>
    public static Portfolio Hand() => new(
        new StatementContext(0x1234, 0x5678, 31337, 7, 2),
        new OracleRound(99, [100_000_000, 200_000_000_001], [200_000_000_000, 3_000_000_000_000]),
        new RiskParameters(
            [new Asset("USD", 1_000_000, 1_000_000), new Asset("ETH", 500_000, 1_200_000)],
            [new Underlying("ETH", 100_000, 5_000_000, 1_000), new Underlying("BTC", 200_000, 0, 0)],
            [[1_000_000, -500_000], [-500_000, 1_000_000]],
            [1_000_000, 500_000, 333_333, 0],
            [1_500_000, 1_000_000],
            [100_000_000, 50_000_000]),
        [
            new VenueOpening(new VenueState(1, [100_000_000, 1_000_000], [0, 500_000],
                [new Position(0, 2_000_000, 1_000_000_000, 10_000_000, 5_000_000)]), 3, 11, "v0"),
            new VenueOpening(new VenueState(2, [50_000_000, 0], [10_000_000, 0],
                [new Position(0, -3_000_000, 0, -4_000_000, -2_000_000), new Position(1, 100_000, 0, 0, 0)]), 4, 12, "v1"),
        ]);

    /// <summary>The portfolio with position p of venue v replaced.</summary>
    public static Portfolio WithPosition(this Portfolio portfolio, int v, int p, Func<Position, Position> change)
    {
        var venues = portfolio.Venues.ToArray();
        var positions = venues[v].State.Positions.ToArray();
        positions[p] = change(positions[p]);
        venues[v] = venues[v] with { State = venues[v].State with { Positions = positions } };
        return portfolio with { Venues = venues };
    }

    /// <summary>The portfolio with venue v replaced.</summary>
    public static Portfolio WithVenue(this Portfolio portfolio, int v, Func<VenueOpening, VenueOpening> change)
    {
        var venues = portfolio.Venues.ToArray();
        venues[v] = change(venues[v]);
        return portfolio with { Venues = venues };
    }

    public static IReadOnlyList<T> Replace<T>(this IReadOnlyList<T> list, int i, T value)
    {
        var copy = list.ToArray();
        copy[i] = value;
        return copy;
    }
}

using System.Numerics;

namespace CrossMargin.Margin;

/// <summary>
/// The doc's bounds table ("Bounds"), checked on every input before it is used, and the
/// portfolio's consistency with its configuration. The first violation is thrown as a
/// <see cref="MarginInputException"/> naming the value ("venues[1].positions[0].gamma is 2^64 or more").
/// </summary>
public static class MarginBounds
{
    public static readonly BigInteger Two24 = BigInteger.One << 24, Two32 = BigInteger.One << 32, Two56 = BigInteger.One << 56,
        Two64 = BigInteger.One << 64, Two72 = BigInteger.One << 72, Two80 = BigInteger.One << 80, Two84 = BigInteger.One << 84,
        Two160 = BigInteger.One << 160;

    /// <summary>Throws unless <paramref name="portfolio"/> fits <paramref name="configuration"/> and every value is within its bound.</summary>
    public static void Check(Portfolio portfolio, MarginConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(configuration);
        var why = configuration.WhyNotFit(portfolio);
        if (why is not null) throw new MarginInputException("portfolio", $"does not fit the configuration {configuration.Name}: it has {why}");

        var (context, oracle, parameters) = (portfolio.Context, portfolio.Oracle, portfolio.Parameters);
        Unsigned(context.Account, Two160, "2^160", "context.account");
        Unsigned(context.Gate, Two160, "2^160", "context.gate");
        Unsigned(context.ChainId, Two64, "2^64", "context.chainId");
        Unsigned(context.Nonce, Two64, "2^64", "context.nonce");
        Unsigned(context.Tau, Two32, "2^32", "context.tau");

        var assets = parameters.Assets;
        var underlyings = parameters.Underlyings;
        for (var a = 0; a < assets.Count; a++)
        {
            var name = $"parameters.assets[{a}] ({assets[a].Symbol})";
            Range(assets[a].Haircut, 0, FixedPoint.One, true, "0", "10^6", $"{name}.haircut");
            Range(assets[a].DebtWeight, FixedPoint.One, Two24, false, "10^6", "2^24", $"{name}.debtWeight");
        }
        for (var u = 0; u < underlyings.Count; u++)
        {
            var name = $"parameters.underlyings[{u}] ({underlyings[u].Symbol})";
            Unsigned(underlyings[u].Shock, Two24, "2^24", $"{name}.shock");
            Unsigned(underlyings[u].VolMove, Two24, "2^24", $"{name}.volMove");
            Unsigned(underlyings[u].LatencyVol, Two24, "2^24", $"{name}.latencyVol");
        }
        Count(parameters.Correlation.Count, underlyings.Count, "parameters.correlation", "rows", "underlyings");
        for (var u = 0; u < underlyings.Count; u++)
        {
            Count(parameters.Correlation[u].Count, underlyings.Count, $"parameters.correlation[{u}]", "entries", "underlyings");
            for (var w = 0; w < underlyings.Count; w++)
                Range(parameters.Correlation[u][w], -FixedPoint.One, FixedPoint.One, true, "-10^6", "10^6", $"parameters.correlation[{u}][{w}]");
        }
        for (var j = 0; j < parameters.Grid.Count; j++)
            Range(parameters.Grid[j], 0, FixedPoint.One, true, "0", "10^6", $"parameters.grid[{j}]");
        Count(parameters.LevelMultiplier.Count, 2, "parameters.levelMultiplier", "entries", "levels");
        Count(parameters.LevelFloor.Count, 2, "parameters.levelFloor", "entries", "levels");
        for (var l = 0; l < 2; l++)
        {
            Unsigned(parameters.LevelMultiplier[l], Two24, "2^24", $"parameters.levelMultiplier[{l}]");
            Unsigned(parameters.LevelFloor[l], Two64, "2^64", $"parameters.levelFloor[{l}]");
        }

        Unsigned(oracle.RoundId, Two64, "2^64", "oracle.roundId");
        Count(oracle.AssetPrices.Count, assets.Count, "oracle.assetPrices", "prices", "assets");
        Count(oracle.UnderlyingPrices.Count, underlyings.Count, "oracle.underlyingPrices", "prices", "underlyings");
        for (var a = 0; a < assets.Count; a++) Unsigned(oracle.AssetPrices[a], Two56, "2^56", $"oracle.assetPrices[{a}] ({assets[a].Symbol})");
        for (var u = 0; u < underlyings.Count; u++) Unsigned(oracle.UnderlyingPrices[u], Two56, "2^56", $"oracle.underlyingPrices[{u}] ({underlyings[u].Symbol})");

        for (var v = 0; v < portfolio.Venues.Count; v++)
        {
            var opening = portfolio.Venues[v];
            var state = opening.State;
            var name = $"venues[{v}]";
            Unsigned(state.VenueId, Two64, "2^64", $"{name}.venueId");
            Unsigned(opening.StateNonce, Two64, "2^64", $"{name}.stateNonce");
            Unsigned(opening.Blinding, Fr.Modulus, "p (the BN254 scalar field's prime)", $"{name}.blinding");
            Count(state.Balances.Count, assets.Count, $"{name}.balances", "entries", "assets");
            Count(state.Debts.Count, assets.Count, $"{name}.debts", "entries", "assets");
            for (var a = 0; a < assets.Count; a++)
            {
                Unsigned(state.Balances[a], Two64, "2^64", $"{name}.balances[{a}] ({assets[a].Symbol})");
                Unsigned(state.Debts[a], Two64, "2^64", $"{name}.debts[{a}] ({assets[a].Symbol})");
            }
            for (var p = 0; p < state.Positions.Count; p++)
            {
                var position = state.Positions[p];
                var at = $"{name}.positions[{p}]";
                if (position.Underlying < 0 || position.Underlying >= underlyings.Count)
                    throw new MarginInputException($"{at}.underlying", $"is {position.Underlying}, not an underlying slot (0 to {underlyings.Count - 1})");
                Signed(position.Delta, $"{at}.delta");
                Signed(position.Gamma, $"{at}.gamma");
                Signed(position.Vega, $"{at}.vega");
                Signed(position.MarkToMarket, $"{at}.markToMarket");
            }
        }
    }

    private static void Count(int actual, int expected, string path, string what, string of)
    {
        if (actual != expected) throw new MarginInputException(path, $"has {actual} {what}; the parameters list {expected} {of}");
    }

    private static void Unsigned(BigInteger x, BigInteger limit, string limitText, string path) => Range(x, 0, limit, false, "0", limitText, path);

    private static void Signed(BigInteger x, string path)
    {
        if (x >= Two64) throw new MarginInputException(path, "is 2^64 or more");
        if (x < -Two64) throw new MarginInputException(path, "is below -2^64");
    }

    private static void Range(BigInteger x, BigInteger low, BigInteger high, bool highInclusive, string lowText, string highText, string path)
    {
        if (x < low) throw new MarginInputException(path, low.IsZero ? "is negative" : $"is below {lowText}");
        if (highInclusive ? x > high : x >= high) throw new MarginInputException(path, highInclusive ? $"is above {highText}" : $"is {highText} or more");
    }
}

using System.Globalization;
using System.Numerics;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>
/// Where the reporters' prices come from: a script of rounds, numbered from 1, each a vector of
/// F prices in the PRICE unit (10^-8 USD per token), slot by slot as the hub orders its feeds
/// (the A asset prices, then the U underlying prices). Every price is in [1, 2^56): the hub
/// refuses larger ones, and a zero price means nothing.
/// </summary>
public interface IPriceSource
{
    /// <summary>What errors about the script name: its file, or the option that made it.</summary>
    string Origin { get; }

    /// <summary>The F feeds' names, slot by slot. A name may repeat: an asset and an underlying of one token share it, and its price.</summary>
    IReadOnlyList<string> Feeds { get; }

    /// <summary>How many rounds the script has; null when it never ends.</summary>
    long? RoundCount { get; }

    /// <summary>Round <paramref name="round"/>'s prices (1 &lt;= round &lt;= <see cref="RoundCount"/>); the same answer every time it is asked.</summary>
    IReadOnlyList<BigInteger> PricesAt(long round);
}

/// <summary>The bounds every scripted price keeps: the hub's, in the PRICE unit.</summary>
public static class PriceLimits
{
    /// <summary>The exclusive upper bound of a price, 2^56 (OracleHub.PRICE_LIMIT).</summary>
    public static readonly BigInteger Limit = BigInteger.One << 56;

    /// <summary>A price in natural units (USD per token, at most 8 decimals, e.g. "3012.55") as an exact PRICE; <paramref name="source"/> and <paramref name="path"/> name it in errors.</summary>
    public static BigInteger Parse(string text, string source, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var price = FixedPoint.TryParseDecimal(text, FixedPoint.PriceDecimals, signed: false, out var problem)
            ?? throw new OracleInputException(source, path, problem!);
        if (price.IsZero) throw new OracleInputException(source, path, "a price must be positive");
        if (price >= Limit) throw new OracleInputException(source, path, $"'{text}' is 2^56 or more in the PRICE unit (10^-8 USD), over the hub's limit");
        return price;
    }

    /// <summary>A PRICE in natural units, exactly ("3012.55").</summary>
    public static string Format(BigInteger price) => FixedPoint.Format(price, FixedPoint.PriceDecimals);

    /// <summary>A feed name: 1 to 32 characters, no control characters, no surrounding spaces, no ',' or '=' (they separate the command-line lists).</summary>
    public static string FeedName(string? name, string source, string path) =>
        name is { Length: > 0 and <= 32 } && !name.Any(char.IsControl) && name.Trim() == name && name.IndexOfAny([',', '=']) < 0
            ? name
            : throw new OracleInputException(source, path, "a feed name is 1 to 32 characters, without control characters, surrounding spaces, ',' or '='");
}

/// <summary>
/// A scripted shock: in round <see cref="Round"/> every slot named <see cref="Feed"/> is
/// multiplied by <see cref="Factor"/> (a RATIO, 10^-6; 1.3 is 1_300_000), rounded down to the
/// PRICE unit. It moves that one round only: the script's later rounds are as they were, the way
/// a bad print or a flash crash looks to a reporter.
/// </summary>
public sealed record PriceShock
{
    public PriceShock(long round, string feed, BigInteger factor)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (round < 1) throw new ArgumentOutOfRangeException(nameof(round), round, "script rounds start at 1");
        if (factor.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "a shock's factor is positive");
        Round = round;
        Feed = feed;
        Factor = factor;
    }

    public long Round { get; }
    public string Feed { get; }

    /// <summary>The multiplier in the RATIO unit (10^-6), positive.</summary>
    public BigInteger Factor { get; }

    /// <summary>
    /// Reads "round=5,feed=ETH,factor=1.3" (the keys once each, in any order; round from 1, the
    /// factor positive with at most 6 decimals); <paramref name="source"/> names it in errors.
    /// </summary>
    public static PriceShock Parse(string text, string source = "--shock")
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new OracleInputException(source, text, $"'{part}' is not key=value (expected round=N,feed=NAME,factor=X)");
            var key = part[..equals].Trim();
            if (key is not ("round" or "feed" or "factor")) throw new OracleInputException(source, key, "unknown key (expected round, feed and factor)");
            if (!values.TryAdd(key, part[(equals + 1)..].Trim())) throw new OracleInputException(source, key, "key given twice");
        }
        foreach (var key in new[] { "round", "feed", "factor" })
            if (!values.ContainsKey(key)) throw new OracleInputException(source, key, "missing (expected round=N,feed=NAME,factor=X)");
        if (!long.TryParse(values["round"], NumberStyles.None, CultureInfo.InvariantCulture, out var round) || round < 1)
            throw new OracleInputException(source, "round", $"'{values["round"]}' is not a round number (1, 2, ...)");
        var feed = PriceLimits.FeedName(values["feed"], source, "feed");
        var factor = FixedPoint.TryParseDecimal(values["factor"], FixedPoint.RatioDecimals, signed: false, out var problem)
            ?? throw new OracleInputException(source, "factor", problem!);
        if (factor.IsZero) throw new OracleInputException(source, "factor", "a shock's factor is positive");
        return new PriceShock(round, feed, factor);
    }

    public override string ToString() => $"round={Round},feed={Feed},factor={FixedPoint.Format(Factor, FixedPoint.RatioDecimals)}";
}

/// <summary>A price source with scripted shocks on top (<see cref="PriceShock"/>): the underlying script, with each shock's round of its feed multiplied.</summary>
public sealed class ShockedPriceSource : IPriceSource
{
    private readonly IPriceSource _inner;
    private readonly IReadOnlyList<PriceShock> _shocks;
    private readonly string _source;

    /// <summary>Refuses a shock on a feed the source does not name, or on a round past its end (the option names it in errors).</summary>
    public ShockedPriceSource(IPriceSource inner, IEnumerable<PriceShock> shocks, string source = "--shock")
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(shocks);
        _inner = inner;
        _shocks = [.. shocks];
        _source = source;
        foreach (var shock in _shocks)
        {
            if (!inner.Feeds.Contains(shock.Feed, StringComparer.Ordinal))
                throw new OracleInputException(source, shock.ToString(), $"no feed named '{shock.Feed}' (the feeds: {string.Join(", ", inner.Feeds.Distinct())})");
            if (shock.Round > inner.RoundCount)
                throw new OracleInputException(source, shock.ToString(), $"round {shock.Round} is past the script's last round ({inner.RoundCount})");
        }
    }

    public string Origin => _inner.Origin;
    public IReadOnlyList<string> Feeds => _inner.Feeds;
    public long? RoundCount => _inner.RoundCount;
    public IReadOnlyList<PriceShock> Shocks => _shocks;

    public IReadOnlyList<BigInteger> PricesAt(long round)
    {
        var prices = _inner.PricesAt(round).ToArray();
        foreach (var shock in _shocks.Where(s => s.Round == round))
        {
            for (var f = 0; f < prices.Length; f++)
            {
                if (Feeds[f] != shock.Feed) continue;
                var shocked = prices[f] * shock.Factor / FixedPoint.One;
                if (shocked.IsZero || shocked >= PriceLimits.Limit)
                    throw new OracleInputException(_source, shock.ToString(), $"it takes {shock.Feed}'s price {PriceLimits.Format(prices[f])} to {PriceLimits.Format(shocked)}, outside what the hub accepts (0 < price < 2^56 * 10^-8)");
                prices[f] = shocked;
            }
        }
        return prices;
    }
}

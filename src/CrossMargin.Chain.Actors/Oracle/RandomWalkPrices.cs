using System.Numerics;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>
/// An endless script of prices that wander: round 1 is the start prices; each later round moves
/// every distinct feed (a name that repeats moves once, its slots keep one price) by a factor
/// 1 + u, u drawn uniformly from [-volatility, +volatility] in the RATIO unit (10^-6), rounded
/// down to the PRICE unit and kept within [1, 2^56). Integer arithmetic over a fixed generator
/// (SplitMix64), so one seed gives the same rounds on every machine and .NET version.
/// </summary>
public sealed class RandomWalkPrices : IPriceSource
{
    private readonly BigInteger[] _start;
    private readonly int[] _walkOf;
    private readonly int _walks;

    // The rounds computed so far (round r at index r - 1) and the generator after the last of them.
    private readonly List<BigInteger[]> _rounds = [];
    private ulong _generator;

    /// <param name="feeds">The feeds' names, slot by slot.</param>
    /// <param name="start">Round 1's price of each slot (PRICE unit); a repeated name has one price.</param>
    /// <param name="volatility">Largest move of one step, RATIO (10^-6): 0 (the prices stay) to 10^6 (a step may double a price or take it to the floor of 1).</param>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="origin">What errors name as the walk's source (where its feeds came from); default "the random walk of seed S".</param>
    public RandomWalkPrices(IReadOnlyList<string> feeds, IReadOnlyList<BigInteger> start, BigInteger volatility, ulong seed, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(start);
        if (feeds.Count == 0 || feeds.Count != start.Count) throw new ArgumentException($"{feeds.Count} feeds and {start.Count} start prices; one each, at least one", nameof(start));
        if (volatility.Sign < 0 || volatility > FixedPoint.One) throw new ArgumentOutOfRangeException(nameof(volatility), volatility, "a step's volatility is 0 to 1 (10^6 in RATIO)");
        Feeds = [.. feeds];
        _start = [.. start];
        _walkOf = new int[feeds.Count];
        var names = new List<string>();
        var firstSlot = new List<int>();
        for (var f = 0; f < feeds.Count; f++)
        {
            if (start[f].Sign <= 0 || start[f] >= PriceLimits.Limit) throw new ArgumentOutOfRangeException(nameof(start), start[f], $"slot {f}'s start price is outside [1, 2^56)");
            var walk = names.IndexOf(feeds[f]);
            if (walk < 0)
            {
                walk = names.Count;
                names.Add(feeds[f]);
                firstSlot.Add(f);
            }
            else if (start[firstSlot[walk]] != start[f])
            {
                throw new ArgumentException($"slot {f} ({feeds[f]}) starts at another price than slot {firstSlot[walk]} of the same feed", nameof(start));
            }
            _walkOf[f] = walk;
        }
        _walks = names.Count;
        Volatility = volatility;
        Seed = seed;
        Origin = origin ?? $"the random walk of seed {seed}";
        _generator = seed;
    }

    /// <summary>
    /// Reads a start list "USDC=1,ETH=3000,ETH=3000,BTC=97250": each slot in order as NAME=PRICE
    /// (natural units, at most 8 decimals); a repeated name repeats its price. Errors name
    /// <paramref name="source"/> (the option) and the slot.
    /// </summary>
    public static (IReadOnlyList<string> Feeds, IReadOnlyList<BigInteger> Prices) ParseStart(string text, string source = "--start")
    {
        ArgumentNullException.ThrowIfNull(text);
        var feeds = new List<string>();
        var prices = new List<BigInteger>();
        foreach (var part in text.Split(','))
        {
            var at = $"slot {feeds.Count}";
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0) throw new OracleInputException(source, at, $"'{part}' is not NAME=PRICE (e.g. ETH=3012.55)");
            var name = PriceLimits.FeedName(part[..equals].Trim(), source, at);
            var price = PriceLimits.Parse(part[(equals + 1)..].Trim(), source, $"{at} ({name})");
            var earlier = feeds.IndexOf(name);
            if (earlier >= 0 && prices[earlier] != price)
                throw new OracleInputException(source, $"{at} ({name})", $"{name} is {PriceLimits.Format(prices[earlier])} in slot {earlier}: a repeated feed has one price");
            feeds.Add(name);
            prices.Add(price);
        }
        if (feeds.Count > PriceFile.MaxFeeds) throw new OracleInputException(source, "$", $"{feeds.Count} feeds; at most {PriceFile.MaxFeeds}");
        return (feeds, prices);
    }

    public string Origin { get; }
    public IReadOnlyList<string> Feeds { get; }
    public long? RoundCount => null;
    public BigInteger Volatility { get; }
    public ulong Seed { get; }

    public IReadOnlyList<BigInteger> PricesAt(long round)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        // Rounds are drawn in order, once: asking for round r draws the steps up to it.
        if (_rounds.Count == 0) _rounds.Add(_start);
        while (_rounds.Count < round) _rounds.Add(Step(_rounds[^1]));
        return _rounds[(int)(round - 1)];
    }

    private BigInteger[] Step(BigInteger[] previous)
    {
        var span = 2 * (ulong)Volatility + 1;
        var moved = new BigInteger[_walks];
        var next = new BigInteger[previous.Length];
        for (var f = 0; f < previous.Length; f++)
        {
            var walk = _walkOf[f];
            if (moved[walk].IsZero)
            {
                // u in [-volatility, volatility]; the modulo's bias (< span / 2^64) does not matter to a test script.
                var u = (BigInteger)(NextUInt64() % span) - Volatility;
                var price = previous[f] * (FixedPoint.One + u) / FixedPoint.One;
                moved[walk] = BigInteger.Clamp(price, BigInteger.One, PriceLimits.Limit - 1);
            }
            next[f] = moved[walk];
        }
        return next;
    }

    // SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
    private ulong NextUInt64()
    {
        var z = _generator += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

using System.Numerics;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>
/// A price file (docs/oracle.md, "The price file"): the feeds named slot by slot and the script's
/// rounds, each price a decimal string in natural units (USD per token) converted exactly to the
/// PRICE unit (10^-8 USD):
/// <code>
/// {"format": "crossmargin-prices/1",
///  "feeds": ["USDC", "ETH", "ETH", "BTC"],
///  "rounds": [{"prices": ["0.9998", "3012.55", "3012.55", "97250"]}, ...]}
/// </code>
/// The reader is strict: an unknown, missing or duplicated key, a wrong type, a round with another
/// count of prices than there are feeds, an empty, zero or negative price, one with more than 8
/// decimals (never rounded) or one of 2^56 or more in the PRICE unit is an
/// <see cref="OracleInputException"/> naming the file and the JSON path.
/// </summary>
public sealed class PriceFile : IPriceSource
{
    public const string CurrentFormat = "crossmargin-prices/1";

    /// <summary>Largest file read: a script of a few thousand rounds.</summary>
    public const int MaxFileBytes = 16 << 20;

    /// <summary>Most feeds: the hub's 64 assets and 16 underlyings.</summary>
    public const int MaxFeeds = 80;

    private readonly IReadOnlyList<IReadOnlyList<BigInteger>> _rounds;

    private PriceFile(string file, IReadOnlyList<string> feeds, IReadOnlyList<IReadOnlyList<BigInteger>> rounds)
    {
        File = file;
        Feeds = feeds;
        _rounds = rounds;
    }

    /// <summary>The file it was read from (what errors name).</summary>
    public string File { get; }

    public string Origin => File;
    public IReadOnlyList<string> Feeds { get; }
    public long? RoundCount => _rounds.Count;

    public IReadOnlyList<BigInteger> PricesAt(long round) =>
        round >= 1 && round <= _rounds.Count ? _rounds[(int)(round - 1)] : throw new ArgumentOutOfRangeException(nameof(round), round, $"{File} has rounds 1 to {_rounds.Count}");

    public static PriceFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new OracleInputException(path, "$", "the file does not exist");
        if (info.Length > MaxFileBytes) throw new OracleInputException(path, "$", $"{info.Length} bytes; a price file is at most {MaxFileBytes}");
        return Parse(System.IO.File.ReadAllText(path), path);
    }

    /// <summary>Parses <paramref name="json"/>; <paramref name="file"/> names it in errors.</summary>
    public static PriceFile Parse(string json, string file = "prices")
    {
        ArgumentNullException.ThrowIfNull(json);
        var dto = StrictJson.Deserialize<PriceFileDto>(json, "a price file", (at, problem) => new OracleInputException(file, at, problem));
        if (dto.Format != CurrentFormat) throw new OracleInputException(file, "$.format", $"'{dto.Format}', expected '{CurrentFormat}'");
        if (dto.Feeds.Count is 0 or > MaxFeeds) throw new OracleInputException(file, "$.feeds", $"{dto.Feeds.Count} feeds; 1 to {MaxFeeds} expected");
        var feeds = dto.Feeds.Select((name, f) => PriceLimits.FeedName(name, file, $"$.feeds[{f}]")).ToList();
        if (dto.Rounds.Count == 0) throw new OracleInputException(file, "$.rounds", "no rounds; a script has at least one");
        var rounds = new List<IReadOnlyList<BigInteger>>(dto.Rounds.Count);
        for (var r = 0; r < dto.Rounds.Count; r++)
        {
            var at = $"$.rounds[{r}].prices";
            var prices = dto.Rounds[r].Prices;
            if (prices.Count != feeds.Count) throw new OracleInputException(file, at, $"{prices.Count} prices; there are {feeds.Count} feeds ({string.Join(", ", feeds)})");
            var vector = prices.Select((text, f) => PriceLimits.Parse(text, file, $"{at}[{f}]")).ToArray();
            for (var f = 0; f < feeds.Count; f++)
            {
                // A repeated name is one token (an asset and an underlying of it): one price.
                var first = feeds.IndexOf(feeds[f]);
                if (vector[first] != vector[f])
                    throw new OracleInputException(file, $"{at}[{f}]", $"'{prices[f]}' differs from {feeds[f]}'s price '{prices[first]}' in slot {first} of this round");
            }
            rounds.Add(vector);
        }
        return new PriceFile(file, feeds, rounds);
    }

    private sealed class PriceFileDto
    {
        public required string Format { get; init; }
        public required IReadOnlyList<string> Feeds { get; init; }
        public required IReadOnlyList<RoundDto> Rounds { get; init; }
    }

    private sealed class RoundDto
    {
        public required IReadOnlyList<string> Prices { get; init; }
    }
}

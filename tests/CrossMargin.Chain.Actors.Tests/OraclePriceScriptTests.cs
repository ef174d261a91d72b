using System.Numerics;
using CrossMargin.Chain.Actors.Oracle;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>The price file's strict reader, the shock and start lists, and the random walk: no chain.</summary>
public sealed class OraclePriceScriptTests
{
    private const string Valid = """
        {"format": "crossmargin-prices/1",
         "feeds": ["USDC", "ETH", "ETH", "BTC"],
         "rounds": [{"prices": ["0.9998", "3012.55", "3012.55", "97250"]},
                    {"prices": ["1", "3012.55000001", "3012.55000001", "0.00000001"]}]}
        """;

    [Fact]
    public void PriceFile_ConvertsNaturalUnitsExactly_ToThePriceUnit()
    {
        var file = PriceFile.Parse(Valid, "prices.json");
        Assert.Equal(["USDC", "ETH", "ETH", "BTC"], file.Feeds);
        Assert.Equal(2, file.RoundCount);
        Assert.Equal([99_980_000, 301_255_000_000, 301_255_000_000, 9_725_000_000_000], file.PricesAt(1));
        Assert.Equal([100_000_000, 301_255_000_001, 301_255_000_001, 1], file.PricesAt(2));
    }

    [Theory]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","3012.555555555"]}]}""", "$.rounds[0].prices[1]", "9 decimals")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","3000"]},{"prices":["1"]}]}""", "$.rounds[1].prices", "1 prices; there are 2 feeds")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","-3000"]}]}""", "$.rounds[0].prices[1]", "negative")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["","3000"]}]}""", "$.rounds[0].prices[0]", "not a decimal number")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["0","3000"]}]}""", "$.rounds[0].prices[0]", "positive")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","3e3"]}]}""", "$.rounds[0].prices[1]", "not a decimal number")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1",3000]}]}""", "$.rounds[0].prices[1]", "not a price file")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","720575940.37927936"]}]}""", "$.rounds[0].prices[1]", "2^56")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","3000"],"time":"now"}]}""", "$.rounds[0].time", "not a price file")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"feeds":["USDC","ETH"],"rounds":[{"prices":["1","3000"]}]}""", "$.feeds", "not a price file")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"]}""", "$", "missing 'rounds'")]
    [InlineData("""{"format":"crossmargin-prices/2","feeds":["USDC","ETH"],"rounds":[{"prices":["1","3000"]}]}""", "$.format", "expected 'crossmargin-prices/1'")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[]}""", "$.rounds", "no rounds")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC"," ETH"],"rounds":[{"prices":["1","3000"]}]}""", "$.feeds[1]", "feed name")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["ETH","ETH"],"rounds":[{"prices":["3000","3001"]}]}""", "$.rounds[0].prices[1]", "differs from ETH's price")]
    [InlineData("""{"format":"crossmargin-prices/1","feeds":["USDC","ETH"],"rounds":[{"prices":["1","3000"]}""", "$.rounds[1]", "not a price file")]
    [InlineData("""prices: 1, 3000""", "$", "not a price file")]
    [InlineData("""null""", "$", "null")]
    public void PriceFile_RefusesAMalformedFile_NamingTheFileAndTheJsonPath(string json, string path, string problem)
    {
        var e = Assert.Throws<OracleInputException>(() => PriceFile.Parse(json, "prices.json"));
        Assert.Equal("prices.json", e.Origin);
        Assert.Equal(path, e.JsonPath);
        Assert.StartsWith($"prices.json: {path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PriceFile_ThatDoesNotExist_IsRefusedByName()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cm-no-such-prices-{Guid.NewGuid():N}.json");
        var e = Assert.Throws<OracleInputException>(() => PriceFile.Read(missing));
        Assert.Equal(missing, e.Origin);
    }

    [Theory]
    [InlineData("--shock", "round=5,feed=ETH", "factor", "missing")]
    [InlineData("--shock", "round=5,feed=ETH,factor=1.3,round=6", "round", "twice")]
    [InlineData("--shock", "round=0,feed=ETH,factor=1.3", "round", "not a round number")]
    [InlineData("--shock", "round=5,feed=ETH,factor=-1.3", "factor", "negative")]
    [InlineData("--shock", "round=5,feed=ETH,factor=0", "factor", "positive")]
    [InlineData("--shock", "round=5,feed=ETH,factor=1.0000001", "factor", "7 decimals")]
    [InlineData("--shock", "round=5,asset=ETH,factor=1.3", "asset", "unknown key")]
    [InlineData("--start", "USDC=1,ETH", "slot 1", "not NAME=PRICE")]
    [InlineData("--start", "USDC=1,ETH=3000,ETH=3001", "slot 2 (ETH)", "a repeated feed has one price")]
    [InlineData("--start", "USDC=1,ETH=-3000", "slot 1 (ETH)", "negative")]
    [InlineData("--start", "USDC=1,=3000", "slot 1", "feed name")]
    public void OptionLists_RefuseMalformedText_NamingTheOptionAndTheKey(string option, string text, string key, string problem)
    {
        var e = Assert.Throws<OracleInputException>(() => option == "--shock" ? PriceShock.Parse(text) : (object)RandomWalkPrices.ParseStart(text));
        Assert.Equal(option, e.Origin);
        Assert.Equal(key, e.JsonPath);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shock_MultipliesEverySlotOfItsFeed_InItsRoundOnly()
    {
        var shocked = new ShockedPriceSource(PriceFile.Parse(Valid, "prices.json"), [PriceShock.Parse("feed=ETH,factor=1.3,round=2")]);
        Assert.Equal(PriceFile.Parse(Valid).PricesAt(1), shocked.PricesAt(1));
        // 3012.55000001 * 1.3 = 3916.315000013, rounded down to the PRICE unit.
        Assert.Equal([100_000_000, 391_631_500_001, 391_631_500_001, 1], shocked.PricesAt(2));

        var unknownFeed = Assert.Throws<OracleInputException>(() => new ShockedPriceSource(PriceFile.Parse(Valid), [PriceShock.Parse("round=1,feed=SOL,factor=2")]));
        Assert.Contains("no feed named 'SOL'", unknownFeed.Message, StringComparison.Ordinal);
        var pastTheEnd = Assert.Throws<OracleInputException>(() => new ShockedPriceSource(PriceFile.Parse(Valid), [PriceShock.Parse("round=3,feed=ETH,factor=2")]));
        Assert.Contains("past the script's last round", pastTheEnd.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomWalk_OneSeed_GivesTheSameRoundsTwice_AnotherSeedOthers()
    {
        var (feeds, start) = RandomWalkPrices.ParseStart("USDC=1,ETH=3000,ETH=3000,BTC=97250");
        Assert.Equal([100_000_000, 300_000_000_000, 300_000_000_000, 9_725_000_000_000], start);
        var volatility = new BigInteger(20_000);
        var walk = new RandomWalkPrices(feeds, start, volatility, seed: 2026);
        var again = new RandomWalkPrices(feeds, start, volatility, seed: 2026);
        var other = new RandomWalkPrices(feeds, start, volatility, seed: 2027);

        // Asked in another order, the same rounds: a restart that resumes at round 40 sees what a run that got there would have.
        var late = again.PricesAt(40);
        var rounds = Enumerable.Range(1, 50).Select(r => walk.PricesAt(r)).ToList();
        Assert.Equal(rounds[39], late);
        Assert.Equal(rounds, Enumerable.Range(1, 50).Select(r => again.PricesAt(r)));
        Assert.Equal(start, rounds[0]);
        Assert.NotEqual(rounds.Skip(1), Enumerable.Range(2, 49).Select(r => other.PricesAt(r)));

        for (var r = 1; r < rounds.Count; r++)
        {
            Assert.Equal(rounds[r][1], rounds[r][2]); // ETH's two slots: one token, one price
            for (var f = 0; f < feeds.Count; f++)
            {
                // Each step moves a price by at most the volatility (and by something, most of the time).
                var before = rounds[r - 1][f];
                Assert.InRange(BigInteger.Abs(rounds[r][f] - before) * 1_000_000, 0, volatility * before);
            }
        }
        Assert.NotEqual(rounds[0], rounds[^1]);
    }

    [Theory]
    [InlineData("""["0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"]""", "$[1]", "the same key as $[0]")]
    [InlineData("""["0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b7869"]""", "$[0]", "not a private key")]
    [InlineData("""{"key": "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"}""", "$", "a list of private keys")]
    [InlineData("""[]""", "$", "0 keys")]
    [InlineData("""["0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",""", "$", "not JSON")]
    public void ReporterKeyFile_RefusesAMalformedList_WithoutShowingAKey(string json, string path, string problem)
    {
        var e = Assert.Throws<OracleInputException>(() => ReporterKeyFile.Parse(json, "keys.json"));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("59c6995e", e.Message, StringComparison.Ordinal);
    }
}

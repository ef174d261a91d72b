using System.Text;
using System.Text.RegularExpressions;
using CrossMargin.Margin;
using CrossMargin.Testing;

namespace CrossMargin.Margin.Tests;

public partial class PortfolioFileTests
{
    private static readonly string ExampleText = File.ReadAllText(Samples.Example());

    private static Portfolio Parse(string json) => PortfolioFile.Parse(Encoding.UTF8.GetBytes(json), "test.json");

    [Fact]
    public void TheExample_ReadsExactly_AndGivesItsDocumentedFigures()
    {
        var p = PortfolioFile.Read(Samples.Example());
        Assert.Equal(BigInteger.Parse("70997970C51812dc3A010C7d01b50e0d17dc79C8", System.Globalization.NumberStyles.HexNumber), p.Context.Account);
        Assert.Equal(["USDC", "ETH"], p.Parameters.Assets.Select(a => a.Symbol));
        Assert.Equal(301_255_000_000, p.Oracle.AssetPrices[1]); // 3012.55 USD at 10^-8
        Assert.Equal(12_500_000, p.Venues[0].State.Balances[1]); // 12.5 ETH at 10^-6
        Assert.Equal(4_000_000_000, p.Venues[1].State.Positions[0].Gamma); // 0.004 at 10^-12
        Assert.Equal(-6_200_000, p.Venues[1].State.Positions[0].Delta);
        Assert.Equal(666_667, p.Parameters.Grid[1]);

        var report = MarginCalculator.Calculate(p);
        Assert.Same(MarginConfiguration.Small, report.Configuration);
        Assert.Equal(20_490_647_750, report.CollateralValue);
        Assert.Equal(24_340_647_750, report.Equity);
        Assert.Equal(6709, report.SqrtTau);
        Assert.Equal([455_924_740, 303_949_979, 151_974_762, 0], report.ShockMagnitude[0]);
        Assert.Equal([10_910_998_651, 5_883_933_769], report.WorstLoss);
        Assert.Equal(16_012_180_290, report.Aggregate);
        Assert.Equal(24_518_270_435, report[MarginLevel.Initial].Requirement);
        Assert.Equal(16_262_180_290, report[MarginLevel.Maintenance].Requirement);
        Assert.True(report.IsSolvent(MarginLevel.Maintenance));
        Assert.False(report.IsSolvent(MarginLevel.Initial));
        Assert.Equal(
            "solvent at maintenance by 8,078.46746 USD (requirement 16,262.18029 USD, equity 24,340.64775 USD); "
            + "worst underlying ETH: loss 10,910.998651 USD at price +100% of the shock (+455.92474 USD), vol down",
            report.Explain(MarginLevel.Maintenance));

        var insolvent = MarginCalculator.Calculate(PortfolioFile.Read(Samples.Example("portfolio-insolvent.json")));
        Assert.Equal(9_162_483_750, insolvent.Equity);
        Assert.False(insolvent.IsSolvent(MarginLevel.Maintenance));
        Assert.Equal(7_099_696_540, insolvent[MarginLevel.Maintenance].Shortfall);
    }

    [Theory]
    [InlineData("\"tau\": \"45\"", "\"tau\": \"45\", \"extra\": \"1\"", "$.context.extra", "unknown property")]
    [InlineData("\"nonce\": \"1\",", "", "$.context.nonce", "is missing")]
    [InlineData("\"nonce\": \"1\",", "\"nonce\": \"1\", \"nonce\": \"2\",", "$.context.nonce", "appears twice")]
    [InlineData("\"chainId\": \"31337\"", "\"chainId\": 31337", "$.context.chainId", "must be a string, not the number 31337")]
    [InlineData("\"ETH\": \"12.5\"", "\"ETH\": \"12.5000001\"", "$.venues[0].balances.ETH", "7 decimals; this unit holds 6")]
    [InlineData("\"ETH\": \"12.5\"", "\"ETH\": \"-12.5\"", "$.venues[0].balances.ETH", "must not be negative")]
    [InlineData("\"ETH\": \"12.5\"", "\"WETH\": \"12.5\"", "$.venues[0].balances.WETH", "unknown property (expected: USDC, ETH)")]
    [InlineData("\"underlying\": \"BTC\"", "\"underlying\": \"SOL\"", "$.venues[1].positions[1].underlying", "'SOL' is not one of the underlyings")]
    [InlineData("\"venueId\": \"2\"", "\"venueId\": \"1\"", "$.venues[1].venueId", "also the id of venues[0]")]
    [InlineData("\"haircut\": \"0.85\"", "\"haircut\": \"0.85x\"", "$.assets[1].haircut", "not a decimal number")]
    [InlineData("\"gamma\": \"0.004\"", "\"gamma\": \"0.0000000000001\"", "$.venues[1].positions[0].gamma", "13 decimals; this unit holds 12")]
    [InlineData("\"USDC\": \"0.9998\"", "\"USDC\": \"0.999800001\"", "$.oracle.assetPrices.USDC", "9 decimals; this unit holds 8")]
    [InlineData("[\"0.8\", \"1\"]", "[\"0.8\"]", "$.correlation[1]", "has 1 entries; at least 2 needed")]
    [InlineData("\"symbol\": \"ETH\", \"haircut\"", "\"symbol\": \"USDC\", \"haircut\"", "$.assets[1].symbol", "'USDC' appears twice")]
    [InlineData("\"blinding\": \"0xf106", "\"blinding\": \"0xg106", "$.venues[0].blinding", "not a non-negative integer")]
    [InlineData("\"positions\": []", "\"positions\": {}", "$.venues[0].positions", "must be an array, not an object")]
    [InlineData("\"roundId\": \"1042\"", "\"roundId\": null", "$.oracle.roundId", "must be a string, not null")]
    [InlineData("\"floor\": \"250\"", "\"floor\": \"250\",", "$", "not valid JSON")]
    public void AMalformedFile_GivesATypedErrorNamingTheJsonPath(string find, string replace, string path, string problem)
    {
        Assert.Contains(find, ExampleText, StringComparison.Ordinal);
        var text = ReplaceFirst(ExampleText, find, replace);
        var e = Assert.Throws<PortfolioFormatException>(() => Parse(text));
        Assert.Equal(path, e.Path);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("test.json: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AByteOrderMark_IsSkipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ExampleText)).ToArray();
        Assert.Equal(Parse(ExampleText).Context, PortfolioFile.Parse(bytes).Context);
    }

    [Fact]
    public void SeededByteCorruptions_GiveATypedErrorOrAValidParse_NeverAnotherException()
    {
        var parsed = 0;
        FileCorruption.ForEach(File.ReadAllBytes(Samples.Example()), seed: 11, rounds: 400, headerBytes: 400, path =>
        {
            if (ReadAndCalculate(path)) parsed++;
        });
        Assert.True(parsed < 400);
    }

    [Fact]
    public void SeededValueMutations_GiveATypedErrorOrAValidParse_NeverAnotherException()
    {
        string[] hostile =
        [
            "", "-1", "1e5", "0x", "0x1", "-0.5", "1.0000000000001", "NaN", "Infinity", " 1", "99999999999999999999999999999999999999",
            "18446744073709551616", "-18446744073709551616", "72057594037927936", "1.5", "0", "1000000", "ETH", "BTC", "USDC",
            "21888242871839275222246405745257275088548364400416034343698204186575808495617",
        ];
        var strings = StringLiteral().Matches(ExampleText).ToArray();
        var random = new Random(12);
        var path = Path.GetTempFileName();
        var parsed = 0;
        try
        {
            for (var round = 0; round < 400; round++)
            {
                var text = ExampleText;
                for (var k = random.Next(1, 3); k > 0; k--)
                {
                    var m = strings[random.Next(strings.Length)];
                    var replacement = random.Next(4) switch
                    {
                        0 => "\"" + hostile[random.Next(hostile.Length)] + "\"",
                        1 => hostile[random.Next(hostile.Length)] is var h && h.Length > 0 && !h.Contains(' ', StringComparison.Ordinal) ? h : "null",
                        2 => "[" + m.Value + "]",
                        _ => m.Value.Length > 3 ? m.Value.Remove(random.Next(1, m.Value.Length - 1), 1) : m.Value,
                    };
                    text = text[..m.Index] + replacement + text[(m.Index + m.Length)..];
                    if (text.Length != ExampleText.Length) break; // later matches' offsets moved
                }
                File.WriteAllText(path, text);
                if (ReadAndCalculate(path)) parsed++;
            }
        }
        finally
        {
            File.Delete(path);
        }
        Assert.InRange(parsed, 1, 399);
    }

    /// <summary>Reads and calculates; true when both succeed. Any exception but the typed ones fails the test.</summary>
    private static bool ReadAndCalculate(string path)
    {
        Portfolio portfolio;
        try
        {
            portfolio = PortfolioFile.Read(path);
        }
        catch (Exception e) when (e is PortfolioFormatException or MarginInputException)
        {
            return false;
        }
        try
        {
            var report = MarginCalculator.Calculate(portfolio);
            _ = report.Explain(MarginLevel.Maintenance);
            return true;
        }
        catch (MarginInputException)
        {
            return false;
        }
    }

    [Fact]
    public void APortfolioWithMoreVenues_GetsTheReferencePreset_AndPadsItsSlots()
    {
        var three = ExampleText.Replace("  \"venues\": [", """
              "venues": [
                { "name": "perps", "venueId": "3", "stateNonce": "1", "blinding": "9", "balances": { "USDC": "100", "ETH": "0" },
                  "debts": { "USDC": "0", "ETH": "0" }, "positions": [] },
            """, StringComparison.Ordinal);
        var report = MarginCalculator.Calculate(Parse(three));
        Assert.Same(MarginConfiguration.Reference, report.Configuration);
        Assert.Equal(4, report.NetDelta.Count);
        Assert.Equal(8, report.TotalBalance.Count);
        Assert.Equal("(unused)", report.UnderlyingNames[3]);
        var small = MarginCalculator.Calculate(Parse(ExampleText));
        // Padding adds nothing: the figures are the small preset's plus 100 USDC at 0.98 * 0.9998.
        Assert.Equal(small.Aggregate, report.Aggregate);
        Assert.Equal(small.CollateralValue + 97_980_400, report.CollateralValue);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex StringLiteral();
}

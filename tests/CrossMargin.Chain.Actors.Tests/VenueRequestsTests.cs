using System.Numerics;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>The HTTP API's request bodies: read strictly, every refusal naming its field.</summary>
public class VenueRequestsTests
{
    private static readonly MarginConfiguration Small = MarginConfiguration.Small;

    private const string Valid = """
        { "venueId": "2", "balances": ["2500000000", "0"], "debts": ["0", "7"],
          "positions": [{ "underlying": 1, "delta": "-500000", "gamma": "3", "vega": "-12", "markToMarket": "18446744073709551615" }] }
        """;

    [Fact]
    public void ValidState_ReadsToTheModelsIntegers()
    {
        var state = VenueRequests.State(Valid, Small);
        Assert.Equal(2, state.VenueId);
        Assert.Equal([2_500_000_000, 0], state.Balances);
        Assert.Equal([0, 7], state.Debts);
        var position = Assert.Single(state.Positions);
        Assert.Equal(1, position.Underlying);
        Assert.Equal(-500_000, position.Delta);
        Assert.Equal((BigInteger.One << 64) - 1, position.MarkToMarket);
    }

    [Theory]
    [InlineData("\"balances\": [\"2500000000\", \"0\"]", "\"balances\": [\"2500000000\"]", "$.balances")]
    [InlineData("\"2500000000\"", "\"-1\"", "$.balances[0]")]
    [InlineData("\"2500000000\"", "\"18446744073709551616\"", "$.balances[0]")]
    [InlineData("\"2500000000\"", "2500000000", "$.balances[0]")]
    [InlineData("\"underlying\": 1", "\"underlying\": 2", "$.positions[0].underlying")]
    [InlineData("\"delta\": \"-500000\"", "\"delta\": \"-18446744073709551617\"", "$.positions[0].delta")]
    [InlineData("\"vega\": \"-12\"", "\"vega\": \"1e3\"", "$.positions[0].vega")]
    [InlineData("\"venueId\": \"2\"", "\"venueId\": \"2\", \"extra\": 1", "$.extra")]
    public void MalformedState_IsRefusedNamingTheField(string find, string replace, string field)
    {
        var e = Assert.Throws<VenueRequestException>(() => VenueRequests.State(Valid.Replace(find, replace, StringComparison.Ordinal), Small));
        Assert.Equal(field, e.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"venueId\": \"2\"")]
    [InlineData("{\"venueId\": \"2\", \"venueId\": \"3\", \"balances\": [], \"debts\": [], \"positions\": []}")]
    public void NotAStateObject_IsAVenueRequestException(string json) =>
        Assert.Throws<VenueRequestException>(() => VenueRequests.State(json, Small));

    [Fact]
    public void Confirmation_ReadsEightWords_AndRefusesOthersNamingTheField()
    {
        var words = string.Join(", ", Enumerable.Range(0, 8).Select(i => $"\"{(BigInteger.One << 255) + i}\""));
        var confirmation = VenueRequests.Confirmation($$"""{ "proof": [{{words}}], "proofNonce": "3", "roundId": "9", "tau": "600" }""");
        Assert.Equal(8, confirmation.Proof.Count);
        Assert.Equal((BigInteger.One << 255) + 7, confirmation.Proof[7]);
        Assert.Equal((3UL, 9UL, 600U), (confirmation.ProofNonce, confirmation.RoundId, confirmation.Tau));

        var e = Assert.Throws<VenueRequestException>(() => VenueRequests.Confirmation($$"""{ "proof": [{{words}}], "proofNonce": "3", "roundId": "9", "tau": "4294967296" }"""));
        Assert.Equal("$.tau", e.Field);
        var overflow = words.Replace($"{(BigInteger.One << 255) + 2}", $"{BigInteger.One << 256}", StringComparison.Ordinal);
        e = Assert.Throws<VenueRequestException>(() => VenueRequests.Confirmation($$"""{ "proof": [{{overflow}}], "proofNonce": "3", "roundId": "9", "tau": "1" }"""));
        Assert.Equal("$.proof[2]", e.Field);

        // A trade names no token; a withdrawal must, with an amount.
        e = Assert.Throws<VenueRequestException>(() => VenueRequests.Confirmation($$"""{ "proof": [{{words}}], "proofNonce": "3", "roundId": "9", "tau": "1", "token": "0x000000000000000000000000000000000000dead" }"""));
        Assert.Equal("$.token", e.Field);
        var (withdrawal, token, amount) = VenueRequests.Withdrawal($$"""{ "proof": [{{words}}], "proofNonce": "3", "roundId": "9", "tau": "1", "token": "0x000000000000000000000000000000000000dEaD", "amount": "1000000" }""");
        Assert.Equal((3UL, "0x000000000000000000000000000000000000dEaD", new BigInteger(1_000_000)), (withdrawal.ProofNonce, token, amount));
        e = Assert.Throws<VenueRequestException>(() => VenueRequests.Withdrawal($$"""{ "proof": [{{words}}], "proofNonce": "3", "roundId": "9", "tau": "1", "token": "0x000000000000000000000000000000000000dead", "amount": "-1" }"""));
        Assert.Equal("$.amount", e.Field);
    }

    [Theory]
    [InlineData("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")]
    [InlineData("0x0000000000000000000000000000000000000000", "0x0000000000000000000000000000000000000000")]
    public void Account_IsTheBooksLowerCaseSpelling(string text, string expected) => Assert.Equal(expected, VenueRequests.Account(text));

    [Theory]
    [InlineData("70997970C51812dc3A010C7d01b50e0d17dc79C8")]
    [InlineData("0x70997970C51812dc3A010C7d01b50e0d17dc79C")]
    [InlineData("0x../../../../etc/passwd000000000000000000")]
    public void NotAnAccount_IsRefusedNamingAccount(string text) =>
        Assert.Equal("account", Assert.Throws<VenueRequestException>(() => VenueRequests.Account(text)).Field);
}

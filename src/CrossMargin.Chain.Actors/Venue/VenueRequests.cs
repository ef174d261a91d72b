using System.Numerics;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Venue;

/// <summary>A request to the venue operator that cannot be read as one: <see cref="Field"/> names the value ("account", "$.balances[1]").</summary>
public sealed class VenueRequestException(string field, string problem) : MalformedInputException($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}

/// <summary>What the trader sends to open the proposed position: an initial-margin proof (eight words in snarkjs's calldata order) and what the gate rebuilds its statement from.</summary>
public sealed record TradeConfirmation(IReadOnlyList<BigInteger> Proof, ulong ProofNonce, ulong RoundId, uint Tau);

/// <summary>
/// The request bodies of the operator's HTTP API (docs/venue.md, "HTTP API"), read strictly:
/// unknown, missing and duplicate keys, wrong types and values beyond the margin model's bounds are
/// refused with the JSON path. Numbers are decimal strings in the model's units (docs/margin-model.md),
/// as in the opening file; the position's underlying is a slot index.
/// </summary>
public static class VenueRequests
{
    /// <summary>The account of a path or argument as the book names it (lower case), or a <see cref="VenueRequestException"/> naming "account".</summary>
    public static string Account(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        return VenueBook.IsAccountName(lower) ? lower : throw new VenueRequestException("account", $"'{Clip(text)}' is not an address (0x and 40 hex digits)");
    }

    /// <summary>A contract's or account's address as given (0x and 40 hex digits, any case), or a <see cref="VenueRequestException"/> naming <paramref name="field"/>.</summary>
    public static string Address(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 42 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text[2..].All(char.IsAsciiHexDigit)
            ? text
            : throw new VenueRequestException(field, $"'{Clip(text)}' is not an address (0x and 40 hex digits)");
    }

    /// <summary>A venue state: <c>{"venueId", "balances", "debts", "positions"}</c>, with A balances and debts and at most P positions of <paramref name="configuration"/>.</summary>
    public static VenueState State(string json, MarginConfiguration configuration) => State(Deserialize<StateDto>(json, "$"), "$", configuration);

    /// <summary>A proposed trade or withdrawal: <c>{"state": {...}}</c>, the state after it.</summary>
    public static VenueState Proposal(string json, MarginConfiguration configuration) => State(Deserialize<ProposalDto>(json, "$").State, "$.state", configuration);

    /// <summary>A trade confirmation: <c>{"proof": [8 words], "proofNonce", "roundId", "tau"}</c>.</summary>
    public static TradeConfirmation Confirmation(string json)
    {
        var dto = Deserialize<ConfirmationDto>(json, "$");
        if (dto.Token is not null) throw new VenueRequestException("$.token", "a trade names no token (only a withdrawal does)");
        if (dto.Amount is not null) throw new VenueRequestException("$.amount", "a trade names no amount (only a withdrawal does)");
        return Confirmation(dto);
    }

    /// <summary>A withdrawal confirmation: a trade confirmation's keys and <c>"token"</c> (an address), <c>"amount"</c> (token base units).</summary>
    public static (TradeConfirmation Confirmation, string Token, BigInteger Amount) Withdrawal(string json)
    {
        var dto = Deserialize<ConfirmationDto>(json, "$");
        var token = Address(dto.Token ?? throw new VenueRequestException("$.token", "is missing: the token to withdraw"), "$.token");
        var amount = UInt256(dto.Amount ?? throw new VenueRequestException("$.amount", "is missing: the amount to withdraw, in the token's base units"))
            ?? throw new VenueRequestException("$.amount", $"'{Clip(dto.Amount)}' is not a decimal uint256");
        return (Confirmation(dto), token, amount);
    }

    private static TradeConfirmation Confirmation(ConfirmationDto dto)
    {
        if (dto.Proof.Count != 8) throw new VenueRequestException("$.proof", $"{dto.Proof.Count} words; a proof is 8 (snarkjs's calldata order)");
        var proof = dto.Proof.Select((w, i) => Word(w, $"$.proof[{i}]")).ToList();
        return new TradeConfirmation(proof, (ulong)Bounded(dto.ProofNonce, "$.proofNonce", MarginBounds.Two64),
            (ulong)Bounded(dto.RoundId, "$.roundId", MarginBounds.Two64), (uint)Bounded(dto.Tau, "$.tau", MarginBounds.Two32));
    }

    private static VenueState State(StateDto dto, string at, MarginConfiguration configuration)
    {
        var state = new VenueState(
            Number(dto.VenueId, $"{at}.venueId", false),
            [.. dto.Balances.Select((b, i) => Number(b, $"{at}.balances[{i}]", false))],
            [.. dto.Debts.Select((d, i) => Number(d, $"{at}.debts[{i}]", false))],
            [.. dto.Positions.Select((p, i) => new Position(p.Underlying,
                Number(p.Delta, $"{at}.positions[{i}].delta", true),
                Number(p.Gamma, $"{at}.positions[{i}].gamma", true),
                Number(p.Vega, $"{at}.positions[{i}].vega", true),
                Number(p.MarkToMarket, $"{at}.positions[{i}].markToMarket", true)))]);
        Check(state, configuration, at);
        return state;
    }

    /// <summary>
    /// Throws unless <paramref name="state"/> fits <paramref name="configuration"/> (A balances and
    /// debts, at most P positions, underlyings below U) and every value is within the margin
    /// model's bound; the exception names the field under <paramref name="at"/>.
    /// </summary>
    public static void Check(VenueState state, MarginConfiguration configuration, string at)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(configuration);
        if (state.Balances.Count != configuration.Assets)
            throw new VenueRequestException($"{at}.balances", $"{state.Balances.Count} entries; the circuit has {configuration.Assets} assets (one per asset slot)");
        if (state.Debts.Count != configuration.Assets)
            throw new VenueRequestException($"{at}.debts", $"{state.Debts.Count} entries; the circuit has {configuration.Assets} assets (one per asset slot)");
        if (state.Positions.Count > configuration.Positions)
            throw new VenueRequestException($"{at}.positions", $"{state.Positions.Count} positions; the circuit has {configuration.Positions} per venue");
        var two64 = MarginBounds.Two64;
        Within(state.VenueId, 0, two64, $"{at}.venueId");
        for (var a = 0; a < configuration.Assets; a++)
        {
            Within(state.Balances[a], 0, two64, $"{at}.balances[{a}]");
            Within(state.Debts[a], 0, two64, $"{at}.debts[{a}]");
        }
        for (var i = 0; i < state.Positions.Count; i++)
        {
            var p = state.Positions[i];
            if (p.Underlying < 0 || p.Underlying >= configuration.Underlyings)
                throw new VenueRequestException($"{at}.positions[{i}].underlying", $"{p.Underlying} is not an underlying slot (0..{configuration.Underlyings - 1})");
            Within(p.Delta, -two64, two64, $"{at}.positions[{i}].delta");
            Within(p.Gamma, -two64, two64, $"{at}.positions[{i}].gamma");
            Within(p.Vega, -two64, two64, $"{at}.positions[{i}].vega");
            Within(p.MarkToMarket, -two64, two64, $"{at}.positions[{i}].markToMarket");
        }
    }

    private static void Within(BigInteger value, BigInteger min, BigInteger maxExclusive, string field)
    {
        if (value < min || value >= maxExclusive) throw new VenueRequestException(field, $"{value} is outside [{min}, {maxExclusive})");
    }

    /// <summary>An integer written as a decimal string (a leading '-' where <paramref name="signed"/>); its bound is <see cref="Check"/>'s.</summary>
    private static BigInteger Number(string text, string field, bool signed) =>
        FixedPoint.TryParseDecimal(text, 0, signed, out var problem) ?? throw new VenueRequestException(field, problem!);

    private static BigInteger Bounded(string text, string field, BigInteger maxExclusive)
    {
        var value = Number(text, field, false);
        Within(value, 0, maxExclusive, field);
        return value;
    }

    /// <summary>A word of a proof (a uint256), or a <see cref="VenueRequestException"/> naming <paramref name="field"/>.</summary>
    private static BigInteger Word(string text, string field) =>
        UInt256(text) ?? throw new VenueRequestException(field, $"'{Clip(text)}' is not a decimal uint256 (1 to 78 digits, below 2^256)");

    /// <summary>A uint256 written in 1 to 78 decimal digits; null when <paramref name="text"/> is not one (the book reads its commitments with it too).</summary>
    internal static BigInteger? UInt256(string text)
    {
        if (text.Length is 0 or > 78 || !text.All(char.IsAsciiDigit)) return null;
        var value = BigInteger.Parse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
        return value < BigInteger.One << 256 ? value : null;
    }

    private static T Deserialize<T>(string json, string at)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        // Missing required keys are reported at the object's path; the reason names them.
        return StrictJson.Deserialize<T>(json, "an object of this request", (path, problem) => new VenueRequestException(path == "$" ? at : path, problem));
    }

    private static string Clip(string text) => text.Length > 48 ? text[..45] + "..." : text;

    private sealed class StateDto
    {
        public required string VenueId { get; init; }
        public required IReadOnlyList<string> Balances { get; init; }
        public required IReadOnlyList<string> Debts { get; init; }
        public required IReadOnlyList<PositionDto> Positions { get; init; }
    }

    private sealed class ProposalDto
    {
        public required StateDto State { get; init; }
    }

    private sealed class ConfirmationDto
    {
        public required IReadOnlyList<string> Proof { get; init; }
        public required string ProofNonce { get; init; }
        public required string RoundId { get; init; }
        public required string Tau { get; init; }
        public string? Token { get; init; }
        public string? Amount { get; init; }
    }
}

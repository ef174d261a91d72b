using System.Globalization;
using System.Numerics;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Venue;

/// <summary>An opening file that cannot be read or does not open its commitment: the message names the file and the JSON path.</summary>
public sealed class OpeningFileException(string file, string path, string problem) : MalformedInputException($"{file}: {path}: {problem}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = path;
}

/// <summary>
/// What a venue hands an account's owner off-chain for each state it commits to: where the
/// commitment lives (chain, registry, venue contract, account), the commitment, and its opening
/// (the state, its state nonce, the blinding), every number a decimal string in the margin
/// model's fixed-point units (docs/margin-model.md). A field element such as the blinding may
/// also be 0x-hex.
/// </summary>
/// <remarks>
/// The reader is strict (unknown, missing and duplicate keys are refused) and checks that the
/// opening opens the commitment under the account, so a corrupt or forged file never reaches the
/// prover. Files are written whole or not at all (a temporary file renamed over the old one).
/// </remarks>
public sealed record Opening(ulong ChainId, string Registry, string Venue, string Account, BigInteger Commitment, VenueOpening Value)
{
    public const string CurrentFormat = "crossmargin-opening/1";

    /// <summary>The opening of <paramref name="value"/> for <paramref name="account"/>, its commitment computed here.</summary>
    public static Opening Of(MarginConfiguration configuration, ulong chainId, string registry, string venue, string account, VenueOpening value)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(chainId, registry, venue, account, MarginHashes.VenueCommitment(configuration, EvmAddress.ToInteger(account), value), value);
    }

    /// <summary>The account as the circuit's integer.</summary>
    public BigInteger AccountValue => EvmAddress.ToInteger(Account);

    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var s = Value.State;
        var dto = new OpeningDto
        {
            Format = CurrentFormat,
            ChainId = ChainId.ToString(CultureInfo.InvariantCulture),
            Registry = Registry,
            Venue = Venue,
            Account = Account,
            Commitment = Commitment.ToString(CultureInfo.InvariantCulture),
            Name = Value.Name,
            VenueId = s.VenueId.ToString(CultureInfo.InvariantCulture),
            StateNonce = Value.StateNonce.ToString(CultureInfo.InvariantCulture),
            Blinding = "0x" + Value.Blinding.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'),
            Balances = [.. s.Balances.Select(Decimal)],
            Debts = [.. s.Debts.Select(Decimal)],
            Positions = [.. s.Positions.Select(p => new PositionDto
            {
                Underlying = p.Underlying,
                Delta = Decimal(p.Delta),
                Gamma = Decimal(p.Gamma),
                Vega = Decimal(p.Vega),
                MarkToMarket = Decimal(p.MarkToMarket),
            })],
        };
        StrictJson.WriteFile(path, dto);
    }

    /// <summary>Reads and checks an opening file for <paramref name="configuration"/>'s circuit.</summary>
    public static Opening Read(string path, MarginConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path)) throw new OpeningFileException(path, "$", "the file does not exist");
        var info = new FileInfo(path);
        if (info.Length > 1 << 20) throw new OpeningFileException(path, "$", $"{info.Length} bytes; an opening file is at most 1 MiB");
        return Parse(System.IO.File.ReadAllText(path), configuration, path);
    }

    public static Opening Parse(string json, MarginConfiguration configuration, string file = "opening")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dto = StrictJson.Deserialize<OpeningDto>(json, "an opening file", (at, problem) => new OpeningFileException(file, at, problem));
        if (dto.Format != CurrentFormat) throw new OpeningFileException(file, "$.format", $"'{dto.Format}', expected '{CurrentFormat}'");

        BigInteger Number(string value, string where, BigInteger min, BigInteger maxExclusive)
        {
            var negative = value.StartsWith('-');
            var digits = negative ? value[1..] : value;
            BigInteger n;
            if (digits.StartsWith("0x", StringComparison.Ordinal) && digits.Length > 2 && digits.Length <= 66
                && digits[2..].All(Uri.IsHexDigit))
                n = BigInteger.Parse("0" + digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            else if (digits.Length is > 0 and <= 78 && digits.All(char.IsAsciiDigit))
                n = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
            else
                throw new OpeningFileException(file, where, $"'{value}' is not an integer (decimal, or 0x-hex)");
            if (negative) n = -n;
            if (n < min || n >= maxExclusive) throw new OpeningFileException(file, where, $"{value} is outside [{min}, {maxExclusive})");
            return n;
        }
        string Address(string value, string where) =>
            EvmAddress.IsValid(value)
                ? value
                : throw new OpeningFileException(file, where, $"'{value}' is not an address (0x and 40 hex digits)");

        var two64 = BigInteger.One << 64;
        var chainId = (ulong)Number(dto.ChainId, "$.chainId", 1, two64);
        var registry = Address(dto.Registry, "$.registry");
        var venue = Address(dto.Venue, "$.venue");
        var account = Address(dto.Account, "$.account");
        var commitment = Number(dto.Commitment, "$.commitment", 1, Fr.Modulus);
        if (dto.Balances.Count > configuration.Assets)
            throw new OpeningFileException(file, "$.balances", $"{dto.Balances.Count} entries; the circuit has {configuration.Assets} assets");
        if (dto.Debts.Count != dto.Balances.Count)
            throw new OpeningFileException(file, "$.debts", $"{dto.Debts.Count} entries; balances has {dto.Balances.Count}");
        if (dto.Positions.Count > configuration.Positions)
            throw new OpeningFileException(file, "$.positions", $"{dto.Positions.Count} positions; the circuit has {configuration.Positions} per venue");
        var state = new VenueState(
            Number(dto.VenueId, "$.venueId", 0, two64),
            [.. dto.Balances.Select((b, i) => Number(b, $"$.balances[{i}]", 0, two64))],
            [.. dto.Debts.Select((d, i) => Number(d, $"$.debts[{i}]", 0, two64))],
            [.. dto.Positions.Select((p, i) => new Position(
                p.Underlying is >= 0 && p.Underlying < configuration.Underlyings ? p.Underlying
                    : throw new OpeningFileException(file, $"$.positions[{i}].underlying", $"{p.Underlying} is not an underlying slot (0..{configuration.Underlyings - 1})"),
                Number(p.Delta, $"$.positions[{i}].delta", -two64, two64),
                Number(p.Gamma, $"$.positions[{i}].gamma", -two64, two64),
                Number(p.Vega, $"$.positions[{i}].vega", -two64, two64),
                Number(p.MarkToMarket, $"$.positions[{i}].markToMarket", -two64, two64)))]);
        var value = new VenueOpening(state, Number(dto.StateNonce, "$.stateNonce", 1, two64),
            Number(dto.Blinding, "$.blinding", 0, Fr.Modulus), dto.Name ?? "");
        var opening = new Opening(chainId, registry, venue, account, commitment, value);
        var computed = MarginHashes.VenueCommitment(configuration, opening.AccountValue, value);
        if (computed != commitment)
            throw new OpeningFileException(file, "$.commitment", $"the state does not open this commitment for {account} (it opens {computed}): the file is corrupt, or not this account's");
        return opening;
    }

    private static string Decimal(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class OpeningDto
    {
        public required string Format { get; init; }
        public required string ChainId { get; init; }
        public required string Registry { get; init; }
        public required string Venue { get; init; }
        public required string Account { get; init; }
        public required string Commitment { get; init; }
        public string? Name { get; init; }
        public required string VenueId { get; init; }
        public required string StateNonce { get; init; }
        public required string Blinding { get; init; }
        public required IReadOnlyList<string> Balances { get; init; }
        public required IReadOnlyList<string> Debts { get; init; }
        public required IReadOnlyList<PositionDto> Positions { get; init; }
    }
}

/// <summary>A position as the venue's JSON files and requests spell it: the underlying's slot, then delta, gamma, vega and mark-to-market as decimal strings.</summary>
internal sealed class PositionDto
{
    public required int Underlying { get; init; }
    public required string Delta { get; init; }
    public required string Gamma { get; init; }
    public required string Vega { get; init; }
    public required string MarkToMarket { get; init; }
}

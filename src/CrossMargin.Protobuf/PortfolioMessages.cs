using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossMargin.Margin;
using Nethereum.Util;

namespace CrossMargin.Protobuf;

/// <summary>
/// The portfolio and its risk parameters (portfolio.proto, risk_parameters.proto) to and from
/// <see cref="Portfolio"/>, and the portfolio's JSON form written (docs/portfolio.md; the margin
/// layer reads it, nothing wrote it before). A message is read by spelling it as the JSON form
/// and handing that to <see cref="PortfolioFile.Parse"/>: the same checks run (symbols, exact
/// decimals, the risk parameter set's rules by <see cref="RiskParameterValidation"/>, venue ids),
/// so the accepted sets are the same by construction, and a refusal names the message's field.
/// </summary>
public static partial class PortfolioMessages
{
    /// <summary>As the JSON reader's cap.</summary>
    public const int MaxBytes = 1 << 20;

    private const string What = "portfolio";

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static Portfolio Parse(ReadOnlySpan<byte> bytes) => FromMessage(StrictProtobuf.Parse(bytes, V1.Portfolio.Parser, What, MaxBytes));

    public static Portfolio FromMessage(V1.Portfolio message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var s = new Scalars(What);
        var json = Json(message, s);
        var parameters = message.Parameters;
        try
        {
            return PortfolioFile.Parse(json, What);
        }
        catch (PortfolioFormatException e)
        {
            throw s.Error(FieldPath(e.Path, parameters), e.Problem);
        }
        catch (MarginInputException e)
        {
            throw s.Error(FieldPath(e.Path, parameters), e.Problem);
        }
    }

    public static V1.Portfolio ToMessage(Portfolio portfolio)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var c = portfolio.Context;
        var o = portfolio.Oracle;
        var message = new V1.Portfolio
        {
            Context = new V1.StatementContext
            {
                Account = Scalars.Integer(c.Account),
                Gate = Scalars.Integer(c.Gate),
                ChainId = Scalars.Integer(c.ChainId),
                Nonce = Scalars.Integer(c.Nonce),
                Tau = Scalars.Integer(c.Tau),
            },
            Parameters = ToMessage(portfolio.Parameters),
            Oracle = new V1.OracleRound { RoundId = Scalars.Integer(o.RoundId) },
        };
        message.Oracle.AssetPrices.AddRange(o.AssetPrices.Select(Scalars.Integer));
        message.Oracle.UnderlyingPrices.AddRange(o.UnderlyingPrices.Select(Scalars.Integer));
        message.Venues.AddRange(portfolio.Venues.Select(OpeningMessages.VenueOpeningMessage));
        return message;
    }

    public static V1.RiskParameters ToMessage(RiskParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var message = new V1.RiskParameters
        {
            Initial = new V1.LevelParameters { Multiplier = Scalars.Integer(parameters.LevelMultiplier[0]), Floor = Scalars.Integer(parameters.LevelFloor[0]) },
            Maintenance = new V1.LevelParameters { Multiplier = Scalars.Integer(parameters.LevelMultiplier[1]), Floor = Scalars.Integer(parameters.LevelFloor[1]) },
        };
        message.Assets.AddRange(parameters.Assets.Select(a => new V1.Asset { Symbol = a.Symbol, Haircut = Scalars.Integer(a.Haircut), DebtWeight = Scalars.Integer(a.DebtWeight) }));
        message.Underlyings.AddRange(parameters.Underlyings.Select(u => new V1.Underlying
        {
            Symbol = u.Symbol,
            Shock = Scalars.Integer(u.Shock),
            VolMove = Scalars.Integer(u.VolMove),
            LatencyVol = Scalars.Integer(u.LatencyVol),
        }));
        message.Correlation.AddRange(parameters.Correlation.Select(row =>
        {
            var r = new V1.CorrelationRow();
            r.Entries.AddRange(row.Select(Scalars.Integer));
            return r;
        }));
        message.Grid.AddRange(parameters.Grid.Select(Scalars.Integer));
        return message;
    }

    /// <summary>The JSON form of <paramref name="portfolio"/>, as <see cref="PortfolioFile"/> reads it (UTF-8, indented, a final newline).</summary>
    public static byte[] ToJson(Portfolio portfolio) => Json(ToMessage(portfolio), new Scalars(What));

    /// <summary>Writes the JSON form of <paramref name="portfolio"/> to <paramref name="path"/> whole or not at all.</summary>
    public static void WriteJson(string path, Portfolio portfolio)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ToJson(portfolio));
        File.Move(temporary, path, overwrite: true);
    }

    // The JSON form of a message: numbers in natural units (FixedPoint's exact decimals), the
    // context's account and gate as EIP-55 addresses when they are below 2^160, blindings as
    // 0x-hex, every other integer decimal. Each field's scalar is checked on the way (its path
    // named); everything else is the JSON reader's to refuse.
    private static byte[] Json(V1.Portfolio m, Scalars s)
    {
        var context = s.Required(m.Context, "context");
        var parameters = s.Required(m.Parameters, "parameters");
        var oracle = s.Required(m.Oracle, "oracle");
        var assets = parameters.Assets.Select(a => a.Symbol).ToArray();
        var underlyings = parameters.Underlyings.Select(u => u.Symbol).ToArray();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Indented))
        {
            string Fixed(Google.Protobuf.ByteString x, string path, int decimals) => FixedPoint.Format(s.Integer(x, path), decimals);
            void BySymbol(string name, IReadOnlyList<string> values, string path, string[] symbols, string what)
            {
                if (values.Count > symbols.Length) throw s.Error(path, $"has {values.Count} entries; the parameters list {symbols.Length} {what}");
                w.WriteStartObject(name);
                for (var i = 0; i < values.Count; i++) w.WriteString(symbols[i], values[i]);
                w.WriteEndObject();
            }

            w.WriteStartObject();
            w.WriteStartObject("context");
            w.WriteString("account", Address(s.Integer(context.Account, "context.account")));
            w.WriteString("gate", Address(s.Integer(context.Gate, "context.gate")));
            w.WriteString("chainId", Scalars.Decimal(s.Integer(context.ChainId, "context.chain_id")));
            w.WriteString("nonce", Scalars.Decimal(s.Integer(context.Nonce, "context.nonce")));
            w.WriteString("tau", Scalars.Decimal(s.Integer(context.Tau, "context.tau")));
            w.WriteEndObject();

            w.WriteStartArray("assets");
            for (var i = 0; i < parameters.Assets.Count; i++)
            {
                var a = parameters.Assets[i];
                var p = $"parameters.assets[{i}]";
                w.WriteStartObject();
                w.WriteString("symbol", a.Symbol);
                w.WriteString("haircut", Fixed(a.Haircut, $"{p}.haircut", FixedPoint.RatioDecimals));
                w.WriteString("debtWeight", Fixed(a.DebtWeight, $"{p}.debt_weight", FixedPoint.RatioDecimals));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("underlyings");
            for (var i = 0; i < parameters.Underlyings.Count; i++)
            {
                var u = parameters.Underlyings[i];
                var p = $"parameters.underlyings[{i}]";
                w.WriteStartObject();
                w.WriteString("symbol", u.Symbol);
                w.WriteString("shock", Fixed(u.Shock, $"{p}.shock", FixedPoint.RatioDecimals));
                w.WriteString("volMove", Fixed(u.VolMove, $"{p}.vol_move", FixedPoint.RatioDecimals));
                w.WriteString("latencyVol", Fixed(u.LatencyVol, $"{p}.latency_vol", FixedPoint.RatioDecimals));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("correlation");
            for (var i = 0; i < parameters.Correlation.Count; i++)
            {
                w.WriteStartArray();
                var row = parameters.Correlation[i].Entries;
                for (var j = 0; j < row.Count; j++)
                    w.WriteStringValue(Fixed(row[j], $"parameters.correlation[{i}].entries[{j}]", FixedPoint.RatioDecimals));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("grid");
            for (var j = 0; j < parameters.Grid.Count; j++) w.WriteStringValue(Fixed(parameters.Grid[j], $"parameters.grid[{j}]", FixedPoint.RatioDecimals));
            w.WriteEndArray();
            w.WriteStartObject("levels");
            foreach (var (name, level) in new[] { ("initial", parameters.Initial), ("maintenance", parameters.Maintenance) })
            {
                var p = $"parameters.{name}";
                var l = s.Required(level, p);
                w.WriteStartObject(name);
                w.WriteString("multiplier", Fixed(l.Multiplier, $"{p}.multiplier", FixedPoint.RatioDecimals));
                w.WriteString("floor", Fixed(l.Floor, $"{p}.floor", FixedPoint.ValueDecimals));
                w.WriteEndObject();
            }
            w.WriteEndObject();

            w.WriteStartObject("oracle");
            w.WriteString("roundId", Scalars.Decimal(s.Integer(oracle.RoundId, "oracle.round_id")));
            BySymbol("assetPrices", [.. oracle.AssetPrices.Select((x, i) => Fixed(x, $"oracle.asset_prices[{i}]", FixedPoint.PriceDecimals))],
                "oracle.asset_prices", assets, "assets");
            BySymbol("underlyingPrices", [.. oracle.UnderlyingPrices.Select((x, i) => Fixed(x, $"oracle.underlying_prices[{i}]", FixedPoint.PriceDecimals))],
                "oracle.underlying_prices", underlyings, "underlyings");
            w.WriteEndObject();

            w.WriteStartArray("venues");
            for (var v = 0; v < m.Venues.Count; v++)
            {
                var venue = m.Venues[v];
                var at = $"venues[{v}]";
                w.WriteStartObject();
                w.WriteString("name", venue.Name);
                w.WriteString("venueId", Scalars.Decimal(s.Integer(venue.VenueId, $"{at}.venue_id")));
                w.WriteString("stateNonce", Scalars.Decimal(s.Integer(venue.StateNonce, $"{at}.state_nonce")));
                w.WriteString("blinding", Hex(s.FieldElement(venue.Blinding, $"{at}.blinding", null)));
                BySymbol("balances", [.. venue.Balances.Select((x, i) => Fixed(x, $"{at}.balances[{i}]", FixedPoint.AmountDecimals))], $"{at}.balances", assets, "assets");
                BySymbol("debts", [.. venue.Debts.Select((x, i) => Fixed(x, $"{at}.debts[{i}]", FixedPoint.AmountDecimals))], $"{at}.debts", assets, "assets");
                w.WriteStartArray("positions");
                for (var i = 0; i < venue.Positions.Count; i++)
                {
                    var p = venue.Positions[i];
                    var path = $"{at}.positions[{i}]";
                    var slot = s.Required(p.HasUnderlying, p.Underlying, $"{path}.underlying");
                    if (slot >= underlyings.Length) throw s.Error($"{path}.underlying", $"{slot} is not an underlying slot (the parameters list {underlyings.Length})");
                    w.WriteStartObject();
                    w.WriteString("underlying", underlyings[slot]);
                    w.WriteString("delta", Fixed(p.Delta, $"{path}.delta", FixedPoint.AmountDecimals));
                    w.WriteString("gamma", Fixed(p.Gamma, $"{path}.gamma", FixedPoint.GammaDecimals));
                    w.WriteString("vega", Fixed(p.Vega, $"{path}.vega", FixedPoint.ValueDecimals));
                    w.WriteString("markToMarket", Fixed(p.MarkToMarket, $"{path}.mark_to_market", FixedPoint.ValueDecimals));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static readonly BigInteger AddressLimit = BigInteger.One << 160;

    private static string Address(BigInteger value) =>
        value.Sign >= 0 && value < AddressLimit
            ? AddressUtil.Current.ConvertToChecksumAddress("0x" + value.ToString("x40", System.Globalization.CultureInfo.InvariantCulture)[^40..])
            : Scalars.Decimal(value);

    private static string Hex(BigInteger value) => "0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0');

    // A JSON path of the portfolio reader ("$.oracle.assetPrices.ETH", "$.correlation[1][0]") or a
    // parameter rule's name ("parameters.levelMultiplier[1]", "parameters.underlyings[0] (ETH).shock")
    // as the message's field path ("oracle.asset_prices[1]", "parameters.correlation[1].entries[0]").
    private static string FieldPath(string path, V1.RiskParameters? parameters)
    {
        string[] assets = parameters is null ? [] : [.. parameters.Assets.Select(a => a.Symbol)];
        string[] underlyings = parameters is null ? [] : [.. parameters.Underlyings.Select(u => u.Symbol)];
        var p = SymbolNote().Replace(path, "");
        if (p.StartsWith("parameters", StringComparison.Ordinal)) p = "$" + p["parameters".Length..];
        p = LevelList().Replace(p, m => $"levels.{(m.Groups[2].Value == "0" ? "initial" : "maintenance")}.{(m.Groups[1].Value == "Multiplier" ? "multiplier" : "floor")}");
        p = BySymbolKey().Replace(p, m =>
        {
            var symbols = m.Groups[1].Value == "underlyingPrices" ? underlyings : assets;
            var index = Array.IndexOf(symbols, m.Groups[2].Value);
            return index < 0 ? m.Value : $"{m.Groups[1].Value}[{index}]";
        });
        p = MatrixEntry().Replace(p, "correlation[$1].entries$2");
        p = StrictProtobuf.FromJsonPath(p);
        return ParameterField().IsMatch(p) ? "parameters." + p.Replace("levels.", "", StringComparison.Ordinal) : p;
    }

    [GeneratedRegex(@" \([^)]*\)")]
    private static partial Regex SymbolNote();

    [GeneratedRegex(@"level(Multiplier|Floor)\[([01])\]")]
    private static partial Regex LevelList();

    [GeneratedRegex(@"(assetPrices|underlyingPrices|balances|debts)\.([^.\[]+)")]
    private static partial Regex BySymbolKey();

    [GeneratedRegex(@"correlation\[(\d+)\](\[\d+\])?")]
    private static partial Regex MatrixEntry();

    [GeneratedRegex(@"^(assets|underlyings|correlation|grid|levels)\b")]
    private static partial Regex ParameterField();
}

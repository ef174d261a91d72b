using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace CrossMargin.Margin;

/// <summary>
/// The portfolio file (docs/portfolio.md): one JSON object with the statement's context, the
/// risk parameters (assets and underlyings by symbol), the oracle round and the venues'
/// openings, numbers as strings in natural units ("1.5" ETH, "3012.55" USD, "0.85") converted
/// exactly to the doc's fixed point. The reader is strict: an unknown, missing or duplicated
/// property, a wrong type, a malformed number or one with more decimals than its unit holds is
/// a <see cref="PortfolioFormatException"/> naming the JSON path; nothing is rounded. Bounds are
/// the calculator's (<see cref="MarginBounds"/>), checked when the portfolio is used; the risk
/// parameter set's rules (<see cref="RiskParameterValidation"/>) are checked as it is read.
/// </summary>
public static class PortfolioFile
{
    private const int MaxFileBytes = 1 << 20;

    public static Portfolio Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new PortfolioFormatException(path, "$", "the file does not exist");
        if (info.Length > MaxFileBytes) throw new PortfolioFormatException(path, "$", $"{info.Length} bytes; a portfolio file is at most {MaxFileBytes}");
        return Parse(File.ReadAllBytes(path), path);
    }

    public static Portfolio Parse(ReadOnlyMemory<byte> utf8Json, string file = "portfolio")
    {
        // A UTF-8 byte order mark (some editors write one) is not JSON; skip it.
        if (utf8Json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8Json = utf8Json[3..];
        // JsonDocument checks UTF-8 only when a string is decoded, and then throws InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
            throw new PortfolioFormatException(file, "$", "not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new PortfolioFormatException(file, "$", $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            return new Reader(file).Portfolio(document.RootElement);
        }
    }

    private sealed class Reader(string file)
    {
        private PortfolioFormatException Error(string path, string problem) => new(file, path, problem);

        public Portfolio Portfolio(JsonElement root)
        {
            var top = Object(root, "$", "context", "assets", "underlyings", "correlation", "grid", "levels", "oracle", "venues");

            var ctx = Object(top["context"], "$.context", "account", "gate", "chainId", "nonce", "tau");
            var context = new StatementContext(
                Integer(ctx["account"], "$.context.account"), Integer(ctx["gate"], "$.context.gate"),
                Integer(ctx["chainId"], "$.context.chainId"), Integer(ctx["nonce"], "$.context.nonce"), Integer(ctx["tau"], "$.context.tau"));

            var assets = Array(top["assets"], "$.assets", 1).Select((e, i) =>
            {
                var p = $"$.assets[{i}]";
                var o = Object(e, p, "symbol", "haircut", "debtWeight");
                return new Asset(Symbol(o["symbol"], $"{p}.symbol"), Decimal(o["haircut"], $"{p}.haircut", FixedPoint.RatioDecimals, false),
                    Decimal(o["debtWeight"], $"{p}.debtWeight", FixedPoint.RatioDecimals, false));
            }).ToArray();
            Unique(assets.Select(a => a.Symbol), "$.assets", "symbol");

            var underlyings = Array(top["underlyings"], "$.underlyings", 1).Select((e, i) =>
            {
                var p = $"$.underlyings[{i}]";
                var o = Object(e, p, "symbol", "shock", "volMove", "latencyVol");
                return new Underlying(Symbol(o["symbol"], $"{p}.symbol"), Decimal(o["shock"], $"{p}.shock", FixedPoint.RatioDecimals, false),
                    Decimal(o["volMove"], $"{p}.volMove", FixedPoint.RatioDecimals, false), Decimal(o["latencyVol"], $"{p}.latencyVol", FixedPoint.RatioDecimals, false));
            }).ToArray();
            Unique(underlyings.Select(u => u.Symbol), "$.underlyings", "symbol");

            var rows = Array(top["correlation"], "$.correlation", underlyings.Length, underlyings.Length);
            var correlation = rows.Select((row, u) => (IReadOnlyList<BigInteger>)Array(row, $"$.correlation[{u}]", underlyings.Length, underlyings.Length)
                .Select((x, w) => Decimal(x, $"$.correlation[{u}][{w}]", FixedPoint.RatioDecimals, true)).ToArray()).ToArray();

            var grid = Array(top["grid"], "$.grid", 1).Select((x, j) => Decimal(x, $"$.grid[{j}]", FixedPoint.RatioDecimals, false)).ToArray();

            var levels = Object(top["levels"], "$.levels", "initial", "maintenance");
            var multiplier = new BigInteger[2];
            var floor = new BigInteger[2];
            foreach (var level in new[] { MarginLevel.Initial, MarginLevel.Maintenance })
            {
                var name = level.ToString().ToLowerInvariant();
                var o = Object(levels[name], $"$.levels.{name}", "multiplier", "floor");
                multiplier[(int)level] = Decimal(o["multiplier"], $"$.levels.{name}.multiplier", FixedPoint.RatioDecimals, false);
                floor[(int)level] = Decimal(o["floor"], $"$.levels.{name}.floor", FixedPoint.ValueDecimals, false);
            }
            var parameters = new RiskParameters(assets, underlyings, correlation, grid, multiplier, floor);
            // The set's rules (a MarginInputException naming the entry), as every entry point checks them.
            RiskParameterValidation.Check(parameters);

            var assetSymbols = assets.Select(a => a.Symbol).ToArray();
            var underlyingSymbols = underlyings.Select(u => u.Symbol).ToArray();
            var oracleObject = Object(top["oracle"], "$.oracle", "roundId", "assetPrices", "underlyingPrices");
            var oracle = new OracleRound(Integer(oracleObject["roundId"], "$.oracle.roundId"),
                BySymbol(oracleObject["assetPrices"], "$.oracle.assetPrices", assetSymbols, FixedPoint.PriceDecimals),
                BySymbol(oracleObject["underlyingPrices"], "$.oracle.underlyingPrices", underlyingSymbols, FixedPoint.PriceDecimals));

            var venues = Array(top["venues"], "$.venues", 1).Select((e, v) => Venue(e, $"$.venues[{v}]", assetSymbols, underlyingSymbols)).ToArray();
            for (var v = 0; v < venues.Length; v++)
                for (var w = 0; w < v; w++)
                    if (venues[v].State.VenueId == venues[w].State.VenueId)
                        throw Error($"$.venues[{v}].venueId", $"{venues[v].State.VenueId} is also the id of venues[{w}]");
            return new Portfolio(context, oracle, parameters, venues);
        }

        private VenueOpening Venue(JsonElement e, string p, string[] assets, string[] underlyings)
        {
            var o = Object(e, p, "name", "venueId", "stateNonce", "blinding", "balances", "debts", "positions");
            var positions = Array(o["positions"], $"{p}.positions", 0).Select((x, i) =>
            {
                var q = $"{p}.positions[{i}]";
                var po = Object(x, q, "underlying", "delta", "gamma", "vega", "markToMarket");
                var symbol = String(po["underlying"], $"{q}.underlying");
                var u = System.Array.IndexOf(underlyings, symbol);
                if (u < 0) throw Error($"{q}.underlying", $"'{symbol}' is not one of the underlyings ({string.Join(", ", underlyings)})");
                return new Position(u, Decimal(po["delta"], $"{q}.delta", FixedPoint.AmountDecimals, true),
                    Decimal(po["gamma"], $"{q}.gamma", FixedPoint.GammaDecimals, true), Decimal(po["vega"], $"{q}.vega", FixedPoint.ValueDecimals, true),
                    Decimal(po["markToMarket"], $"{q}.markToMarket", FixedPoint.ValueDecimals, true));
            }).ToArray();
            var state = new VenueState(Integer(o["venueId"], $"{p}.venueId"), BySymbol(o["balances"], $"{p}.balances", assets, FixedPoint.AmountDecimals),
                BySymbol(o["debts"], $"{p}.debts", assets, FixedPoint.AmountDecimals), positions);
            return new VenueOpening(state, Integer(o["stateNonce"], $"{p}.stateNonce"), Integer(o["blinding"], $"{p}.blinding"), Symbol(o["name"], $"{p}.name"));
        }

        /// <summary>An object with exactly the named properties, each once.</summary>
        private Dictionary<string, JsonElement> Object(JsonElement e, string path, params string[] names)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error(path, $"must be an object, not {Kind(e)}");
            var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in e.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                    throw Error($"{path}.{property.Name}", $"unknown property (expected: {string.Join(", ", names)})");
                if (!found.TryAdd(property.Name, property.Value)) throw Error($"{path}.{property.Name}", "appears twice");
            }
            foreach (var name in names)
                if (!found.ContainsKey(name)) throw Error($"{path}.{name}", "is missing");
            return found;
        }

        /// <summary>An object mapping each symbol, exactly once and no other key, to a non-negative decimal.</summary>
        private BigInteger[] BySymbol(JsonElement e, string path, string[] symbols, int decimals)
        {
            var o = Object(e, path, symbols);
            return symbols.Select(s => Decimal(o[s], $"{path}.{s}", decimals, false)).ToArray();
        }

        private JsonElement[] Array(JsonElement e, string path, int minLength, int maxLength = 64)
        {
            if (e.ValueKind != JsonValueKind.Array) throw Error(path, $"must be an array, not {Kind(e)}");
            var length = e.GetArrayLength();
            if (length < minLength) throw Error(path, $"has {length} entries; at least {minLength} needed");
            if (length > maxLength) throw Error(path, $"has {length} entries; at most {maxLength} allowed");
            return e.EnumerateArray().ToArray();
        }

        private string String(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.String) throw Error(path, $"must be a string, not {Kind(e)}");
            return e.GetString()!;
        }

        private string Symbol(JsonElement e, string path)
        {
            var s = String(e, path);
            if (s.Length is 0 or > 32 || s.Any(char.IsControl) || s.Trim() != s)
                throw Error(path, "must be 1 to 32 characters, without control characters or surrounding spaces");
            return s;
        }

        private void Unique(IEnumerable<string> symbols, string path, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var s in symbols)
            {
                if (!seen.Add(s)) throw Error($"{path}[{i}].{what}", $"'{s}' appears twice");
                i++;
            }
        }

        private BigInteger Decimal(JsonElement e, string path, int decimals, bool signed)
        {
            var text = String(e, path);
            return FixedPoint.TryParseDecimal(text, decimals, signed, out var problem) ?? throw Error(path, problem!);
        }

        /// <summary>A non-negative integer: decimal digits, or 0x and hex digits; at most 80 characters.</summary>
        private BigInteger Integer(JsonElement e, string path)
        {
            var text = String(e, path);
            var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            var digits = hex ? text[2..] : text;
            if (digits.Length is 0 or > 78 || !digits.All(hex ? char.IsAsciiHexDigit : char.IsAsciiDigit))
                throw Error(path, $"'{(text.Length > 48 ? text[..45] + "..." : text)}' is not a non-negative integer (decimal digits, or 0x and hex digits)");
            return hex
                ? BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        private static string Kind(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => $"the number {e.GetRawText()} (numbers are strings here, so they stay exact)",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}

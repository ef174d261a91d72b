using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.Util;

namespace CrossMargin.Chain.Contracts.Deployment;

/// <summary>A deployment configuration that cannot be read: the message names the file and the JSON path.</summary>
public class DeploymentConfigException(string source, string path, string message) : MalformedInputException($"{source}: {path}: {message}")
{
    /// <summary>Where in the JSON, e.g. <c>$.gate.priceBand</c>.</summary>
    public string JsonPath { get; } = path;
}

/// <summary>A key the configuration does not have (a misspelling would otherwise silently keep a default).</summary>
public sealed class UnknownConfigKeyException(string source, string path)
    : DeploymentConfigException(source, path, "unknown key (docs/contracts.md, \"Deployment\", lists the keys)");

/// <summary>A key given twice in one object: which one counts would be the parser's choice, not the author's.</summary>
public sealed class DuplicateConfigKeyException(string source, string path)
    : DeploymentConfigException(source, path, "key given twice");

/// <summary>The oracle hub's constructor configuration (OracleHub.Config).</summary>
public sealed record HubSettings
{
    public ulong Heartbeat { get; init; } = 3600;
    public BigInteger MinReports { get; init; } = 2;
    /// <summary>Per feed (A assets then U underlyings); null: 1 for every feed.</summary>
    public IReadOnlyList<BigInteger>? MinPrice { get; init; }
    /// <summary>Per feed; null: 2^56 - 1 for every feed.</summary>
    public IReadOnlyList<BigInteger>? MaxPrice { get; init; }
    public BigInteger MaxDeviation { get; init; } = 10_000;
    public BigInteger MaxJump { get; init; } = 500_000;
    public ulong JumpWindow { get; init; } = 3600;
}

/// <summary>The gate's constructor configuration (MarginGate.Config).</summary>
public sealed record GateSettings
{
    public BigInteger ProofValidity { get; init; } = 3600;
    public BigInteger MaxRoundAge { get; init; } = 7200;
    public BigInteger GracePeriod { get; init; } = 900;
    public BigInteger PriceBand { get; init; } = 100_000;
    public BigInteger LiquidationWindow { get; init; } = 3600;
    public BigInteger MaxLiquidationsPerWindow { get; init; } = 3;
}

/// <summary>
/// What a deployment is made of, beyond the contracts' code: the dimensions (which must be the
/// compiled verifier's circuit: V = A = U = 2, G = 4 for the small solvency circuit), governance,
/// the parameter timelock, the hub's and gate's configurations, the vault's liquidation bonus and
/// the sample venues' operators. Every default matches the small circuit and the forge tests'
/// setUp; governance and operators default to the sender.
/// </summary>
public sealed record DeploymentConfig
{
    public ulong Venues { get; init; } = 2;
    public ulong Assets { get; init; } = 2;
    public ulong Underlyings { get; init; } = 2;
    public ulong GridPoints { get; init; } = 4;
    /// <summary>DEFAULT_ADMIN_ROLE of the registry and the hub; null: the sender.</summary>
    public string? Governance { get; init; }
    public ulong ParameterDelay { get; init; } = 86_400;
    public HubSettings OracleHub { get; init; } = new();
    public GateSettings Gate { get; init; } = new();
    /// <summary>The liquidator's bonus in the vault's units (CollateralVault's constructor).</summary>
    public BigInteger VaultBonus { get; init; } = 50_000;
    /// <summary>The lending venue's operator; null: the sender.</summary>
    public string? LendingOperator { get; init; }
    /// <summary>The perpetuals venue's operator; null: the sender.</summary>
    public string? PerpOperator { get; init; }

    /// <summary>Reads a configuration strictly: unknown and duplicate keys, wrong types and out-of-range numbers are refused with their JSON path.</summary>
    public static DeploymentConfig ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    public static DeploymentConfig Parse(string json, string source = "config")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DeploymentConfigException(source, "$", $"not JSON ({e.Message})");
        }
        using (document)
        {
            var root = new StrictObject(document.RootElement, source, "$");
            var hub = root.Object("oracleHub");
            var gate = root.Object("gate");
            var operators = root.Object("operators");
            var config = new DeploymentConfig
            {
                Venues = root.UInt64("venues", 2),
                Assets = root.UInt64("assets", 2),
                Underlyings = root.UInt64("underlyings", 2),
                GridPoints = root.UInt64("gridPoints", 4),
                Governance = root.Address("governance"),
                ParameterDelay = root.UInt64("parameterDelay", 86_400),
                VaultBonus = root.UInt256("vaultBonus", 50_000),
                OracleHub = hub is null ? new HubSettings() : new HubSettings
                {
                    Heartbeat = hub.UInt64("heartbeat", 3600),
                    MinReports = hub.UInt256("minReports", 2),
                    MinPrice = hub.UInt256List("minPrice"),
                    MaxPrice = hub.UInt256List("maxPrice"),
                    MaxDeviation = hub.UInt256("maxDeviation", 10_000),
                    MaxJump = hub.UInt256("maxJump", 500_000),
                    JumpWindow = hub.UInt64("jumpWindow", 3600),
                },
                Gate = gate is null ? new GateSettings() : new GateSettings
                {
                    ProofValidity = gate.UInt256("proofValidity", 3600),
                    MaxRoundAge = gate.UInt256("maxRoundAge", 7200),
                    GracePeriod = gate.UInt256("gracePeriod", 900),
                    PriceBand = gate.UInt256("priceBand", 100_000),
                    LiquidationWindow = gate.UInt256("liquidationWindow", 3600),
                    MaxLiquidationsPerWindow = gate.UInt256("maxLiquidationsPerWindow", 3),
                },
                LendingOperator = operators?.Address("lending"),
                PerpOperator = operators?.Address("perp"),
            };
            root.RefuseUnknown();
            hub?.RefuseUnknown();
            gate?.RefuseUnknown();
            operators?.RefuseUnknown();
            return config;
        }
    }

    /// <summary>The hub's per-feed bounds, with the defaults filled in for the A + U feeds.</summary>
    public IReadOnlyList<BigInteger> MinPrices() => OracleHub.MinPrice ?? Enumerable.Repeat(BigInteger.One, checked((int)(Assets + Underlyings))).ToList();

    public IReadOnlyList<BigInteger> MaxPrices() => OracleHub.MaxPrice ?? Enumerable.Repeat((BigInteger.One << 56) - 1, checked((int)(Assets + Underlyings))).ToList();

    /// <summary>This configuration as the deployment file records it: every value spelled out, defaults resolved against <paramref name="sender"/>.</summary>
    public JsonObject ToJson(string sender) => new()
    {
        ["venues"] = Venues,
        ["assets"] = Assets,
        ["underlyings"] = Underlyings,
        ["gridPoints"] = GridPoints,
        ["governance"] = Governance ?? sender,
        ["parameterDelay"] = ParameterDelay,
        ["oracleHub"] = new JsonObject
        {
            ["heartbeat"] = OracleHub.Heartbeat,
            ["minReports"] = Number(OracleHub.MinReports),
            ["minPrice"] = new JsonArray([.. MinPrices().Select(Number)]),
            ["maxPrice"] = new JsonArray([.. MaxPrices().Select(Number)]),
            ["maxDeviation"] = Number(OracleHub.MaxDeviation),
            ["maxJump"] = Number(OracleHub.MaxJump),
            ["jumpWindow"] = OracleHub.JumpWindow,
        },
        ["gate"] = new JsonObject
        {
            ["proofValidity"] = Number(Gate.ProofValidity),
            ["maxRoundAge"] = Number(Gate.MaxRoundAge),
            ["gracePeriod"] = Number(Gate.GracePeriod),
            ["priceBand"] = Number(Gate.PriceBand),
            ["liquidationWindow"] = Number(Gate.LiquidationWindow),
            ["maxLiquidationsPerWindow"] = Number(Gate.MaxLiquidationsPerWindow),
        },
        ["vaultBonus"] = Number(VaultBonus),
        ["operators"] = new JsonObject
        {
            ["lending"] = LendingOperator ?? sender,
            ["perp"] = PerpOperator ?? sender,
        },
    };

    // uint256 values that do not fit a double exactly are written as decimal strings, which the reader accepts.
    private static JsonNode Number(BigInteger v) =>
        v <= (BigInteger.One << 53) ? JsonValue.Create((ulong)v) : JsonValue.Create(v.ToString(CultureInfo.InvariantCulture));

    /// <summary>One JSON object read key by key: duplicates refused at once, unknown keys after every known one was taken.</summary>
    private sealed class StrictObject
    {
        private readonly Dictionary<string, JsonElement> _members = new(StringComparer.Ordinal);
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
        private readonly string _source;
        private readonly string _path;

        public StrictObject(JsonElement element, string source, string path)
        {
            _source = source;
            _path = path;
            if (element.ValueKind != JsonValueKind.Object) throw new DeploymentConfigException(source, path, $"expected an object, found {Kind(element)}");
            foreach (var member in element.EnumerateObject())
                if (!_members.TryAdd(member.Name, member.Value)) throw new DuplicateConfigKeyException(source, Child(member.Name));
        }

        private string Child(string key) => $"{_path}.{key}";

        private JsonElement? Take(string key)
        {
            _taken.Add(key);
            return _members.TryGetValue(key, out var value) ? value : null;
        }

        public void RefuseUnknown()
        {
            foreach (var key in _members.Keys)
                if (!_taken.Contains(key)) throw new UnknownConfigKeyException(_source, Child(key));
        }

        public StrictObject? Object(string key) => Take(key) is { } e ? new StrictObject(e, _source, Child(key)) : null;

        public ulong UInt64(string key, ulong fallback)
        {
            if (Take(key) is not { } e) return fallback;
            var v = Integer(e, Child(key));
            return v <= ulong.MaxValue ? (ulong)v : throw new DeploymentConfigException(_source, Child(key), $"{v} is over 2^64 - 1");
        }

        public BigInteger UInt256(string key, BigInteger fallback) => Take(key) is { } e ? Integer(e, Child(key)) : fallback;

        public IReadOnlyList<BigInteger>? UInt256List(string key)
        {
            if (Take(key) is not { } e) return null;
            if (e.ValueKind != JsonValueKind.Array) throw new DeploymentConfigException(_source, Child(key), $"expected an array of integers, found {Kind(e)}");
            return e.EnumerateArray().Select((item, i) => Integer(item, $"{Child(key)}[{i}]")).ToList();
        }

        public string? Address(string key)
        {
            if (Take(key) is not { } e) return null;
            if (e.ValueKind != JsonValueKind.String || !AddressUtil.Current.IsValidEthereumAddressHexFormat(e.GetString()))
                throw new DeploymentConfigException(_source, Child(key), "expected an address (0x and 40 hex digits)");
            var address = e.GetString()!;
            if (AddressUtil.Current.IsAnEmptyAddress(address)) throw new DeploymentConfigException(_source, Child(key), "the zero address");
            return AddressUtil.Current.ConvertToChecksumAddress(address);
        }

        // A JSON integer, or a decimal string for values past 2^53; 0 .. 2^256 - 1.
        private BigInteger Integer(JsonElement e, string path)
        {
            var text = e.ValueKind switch
            {
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.String => e.GetString()!,
                _ => throw new DeploymentConfigException(_source, path, $"expected an integer, found {Kind(e)}"),
            };
            if (text.Length == 0 || text.Length > 78 || !text.All(char.IsAsciiDigit))
                throw new DeploymentConfigException(_source, path, $"'{text}' is not a non-negative integer in decimal");
            var v = BigInteger.Parse(text, CultureInfo.InvariantCulture);
            return v < BigInteger.One << 256 ? v : throw new DeploymentConfigException(_source, path, "over 2^256 - 1");
        }

        private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
    }
}

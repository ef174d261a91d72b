using System.Numerics;
using System.Text.Json;
using CrossMargin.Snarkjs.Solidity;
using CrossMargin.Proving;
using CrossMargin.Margin;

namespace CrossMargin.Contracts.Fixtures;

/// <summary>
/// The solvency proofs the gate's forge tests submit: real proofs of the small solvency circuit
/// (V = 2 slots), made here by the C# prover with the circuit's development key, for the gate
/// address and chain id the tests deploy at. Each is one JSON file under
/// artifacts/contracts/gate/ with the proof in calldata order, its public signals, and everything
/// the test must put on chain for the gate to rebuild the same statement: the commitments and
/// state nonces per slot, the oracle round's prices, and the risk parameters in full (whose
/// on-chain hash must equal the signal the proof carries).
/// </summary>
/// <remarks>
/// The story (contracts/test/gate/): Alice keeps collateral on the lending venue and options on
/// the perp venue; a maintenance proof; a trade on the perp venue covered by an initial proof
/// that rests on the lending collateral; a withdrawal from the lending venue covered by another;
/// Carol's lending state mirrored from another chain (tau covers the relay delay); 32 keepers'
/// accounts with one proof each for the batch.
/// </remarks>
public static class GateFixtures
{
    /// <summary>Where the tests put the gate (they deploy its code there): proofs name their gate.</summary>
    public static readonly BigInteger Gate = BigInteger.Parse("006A7E00000000000000000000000000000000C0DE", System.Globalization.NumberStyles.HexNumber);

    /// <summary>forge's default chain id.</summary>
    public const int ChainId = 31337;

    /// <summary>Every proof allows commitments up to this old (seconds) when submitted.</summary>
    public const int Tau = 600;

    /// <summary>Mirrored states age from their source timestamp: a larger tau covers the relay.</summary>
    public const int MirroredTau = 1800;

    public const int BatchAccounts = 32;

    private static readonly BigInteger Alice = BigInteger.Parse("0070997970C51812dc3A010C7d01b50e0d17dc79C8", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Carol = BigInteger.Parse("0090F79bf6EB2c4f870365E785982E1f101E93b906", System.Globalization.NumberStyles.HexNumber);

    private const int LendingVenueId = 1, PerpVenueId = 2;

    public static void Write(FixtureContext context)
    {
        var circuit = MarginCircuit.Locate(MarginConfiguration.Small, context.CircuitsDirectory);
        var zkeyPath = context.DevelopmentKey(circuit).Zkey;
        var directory = Path.Combine(context.OutputDirectory, "gate");
        Directory.CreateDirectory(directory);
        var parameters = Parameters();
        var round1 = Round(1);

        var lending0 = Lending(stateNonce: 1, usdc: 25_000, eth: 20, usdcDebt: 43_000, blinding: 0x1001);
        var perp0 = Perp(stateNonce: 1, btcDelta: 0.5m, blinding: 0x2001);
        var perp1 = Perp(stateNonce: 2, btcDelta: 1.0m, blinding: 0x2002);
        var lending1 = Lending(stateNonce: 2, usdc: 20_000, eth: 20, usdcDebt: 43_000, blinding: 0x1002);

        var proofs = new List<(string Name, Portfolio Portfolio, MarginLevel Level)>
        {
            ("alice-maintenance", Portfolio(Alice, 0, Tau, round1, parameters, lending0, perp0), MarginLevel.Maintenance),
            ("alice-trade", Portfolio(Alice, 1, Tau, round1, parameters, lending0, perp1), MarginLevel.Initial),
            ("alice-withdraw", Portfolio(Alice, 2, Tau, round1, parameters, lending1, perp1), MarginLevel.Initial),
            ("carol-mirrored", Portfolio(Carol, 0, MirroredTau, round1, parameters,
                Lending(stateNonce: 7, usdc: 60_000, eth: 5, usdcDebt: 10_000, blinding: 0x3001), Perp(stateNonce: 1, btcDelta: 0.8m, blinding: 0x3002)), MarginLevel.Maintenance),
        };
        // A second proof of the first keeper account (the same states, the next nonce): what a
        // proof costs once the account's health word exists.
        proofs.Add(("batch-00-again", Portfolio(new BigInteger(0x5EED0000), 1, Tau, round1, parameters,
            Lending(stateNonce: 1, usdc: 10_000, eth: 1, usdcDebt: 2_000, blinding: 0x4000)), MarginLevel.Maintenance));
        for (var i = 0; i < BatchAccounts; i++)
        {
            var keeper = new BigInteger(0x5EED0000) + i;
            proofs.Add(($"batch-{i:D2}", Portfolio(keeper, 0, Tau, round1, parameters,
                Lending(stateNonce: 1, usdc: 10_000 + i, eth: 1, usdcDebt: 2_000, blinding: 0x4000 + i)), MarginLevel.Maintenance));
        }

        foreach (var (name, portfolio, level) in proofs)
        {
            FixtureContext.Log($"gate: {name}");
            var statement = MarginStatement.ForProof(portfolio, level, MarginConfiguration.Small);
            var result = MarginProver.Prove(statement, circuit, zkeyPath);
            WriteFixture(Path.Combine(directory, name + ".json"), statement, result);
        }

        // The price shock of the liquidation story: ETH up 30%, beyond any band the tests use.
        var shock = Round(2, ethScale: 1.3m);
        using var stream = File.Create(Path.Combine(directory, "round-2.json"));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteRound(json, shock, MarginHashes.OracleDigest(MarginConfiguration.Small, shock));
        json.WriteEndObject();
    }

    private static void WriteFixture(string path, MarginStatement statement, MarginProver.Result result)
    {
        var portfolio = statement.Portfolio;
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("account", Address(portfolio.Context.Account));
        json.WriteString("gate", Address(portfolio.Context.Gate));
        json.WriteNumber("chainId", (long)portfolio.Context.ChainId);
        json.WriteNumber("nonce", (long)portfolio.Context.Nonce);
        json.WriteNumber("level", (int)statement.Level);
        json.WriteNumber("tau", (long)portfolio.Context.Tau);
        json.WriteNumber("roundId", (long)portfolio.Oracle.RoundId);

        WriteNumbers(json, "proof", ProofCalldata.Words(result.Proof.Proof));
        WriteNumbers(json, "publicSignals", statement.PublicSignals);

        json.WriteStartArray("venues");
        for (var v = 0; v < portfolio.Venues.Count; v++)
        {
            json.WriteStartObject();
            json.WriteNumber("venueId", (long)portfolio.Venues[v].State.VenueId);
            json.WriteNumber("stateNonce", (long)portfolio.Venues[v].StateNonce);
            json.WriteString("commitment", statement.Commitments[v].ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteNumbers(json, "commitments", statement.Commitments);
        WriteRound(json, portfolio.Oracle, statement.PriceDigest);

        var p = portfolio.Parameters;
        json.WriteStartObject("parameters");
        WriteNumbers(json, "haircut", p.Assets.Select(a => a.Haircut).ToList());
        WriteNumbers(json, "debtWeight", p.Assets.Select(a => a.DebtWeight).ToList());
        WriteNumbers(json, "shock", p.Underlyings.Select(u => u.Shock).ToList());
        WriteNumbers(json, "volMove", p.Underlyings.Select(u => u.VolMove).ToList());
        WriteNumbers(json, "latencyVol", p.Underlyings.Select(u => u.LatencyVol).ToList());
        WriteNumbers(json, "correlation", p.Correlation.SelectMany(row => row).ToList());
        WriteNumbers(json, "grid", p.Grid);
        WriteNumbers(json, "levelMultiplier", p.LevelMultiplier);
        WriteNumbers(json, "levelFloor", p.LevelFloor);
        json.WriteString("hash", statement.ParameterHash.ToString());
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRound(Utf8JsonWriter json, OracleRound round, BigInteger digest)
    {
        json.WriteStartObject("round");
        json.WriteNumber("id", (long)round.RoundId);
        WriteNumbers(json, "assetPrices", round.AssetPrices);
        WriteNumbers(json, "underlyingPrices", round.UnderlyingPrices);
        json.WriteString("digest", digest.ToString());
        json.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyList<BigInteger> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value.ToString());
        json.WriteEndArray();
    }

    private static string Address(BigInteger value) => "0x" + value.ToString("x40")[^40..];

    // ------------------------------------------------------------------ the portfolios

    /// <summary>The example portfolio's parameters (examples/portfolio.json): USDC and ETH as
    /// collateral, ETH and BTC as underlyings.</summary>
    private static RiskParameters Parameters() => new(
        [new Asset("USDC", Ratio(0.98m), Ratio(1.02m)), new Asset("ETH", Ratio(0.85m), Ratio(1.10m))],
        [new Underlying("ETH", Ratio(0.15m), Ratio(10m), Ratio(0.0002m)), new Underlying("BTC", Ratio(0.12m), Ratio(8m), Ratio(0.00015m))],
        [[Ratio(1m), Ratio(0.8m)], [Ratio(0.8m), Ratio(1m)]],
        [Ratio(1m), Ratio(0.666667m), Ratio(0.333333m), 0],
        [Ratio(1.5m), Ratio(1m)],
        [Value(500m), Value(250m)]);

    private static OracleRound Round(int id, decimal ethScale = 1m) => new(
        id,
        [Price(0.9998m), Price(3012.55m * ethScale)],
        [Price(3012.55m * ethScale), Price(97_250m)]);

    private static VenueOpening Lending(int stateNonce, decimal usdc, decimal eth, decimal usdcDebt, int blinding) => new(
        new VenueState(LendingVenueId, [Amount(usdc), Amount(eth)], [Amount(usdcDebt), 0], []),
        stateNonce, Blinding(blinding), "lending");

    private static VenueOpening Perp(int stateNonce, decimal btcDelta, int blinding) => new(
        new VenueState(PerpVenueId, [Amount(8_000m), 0], [0, 0],
        [
            new Position(0, Amount(-6.2m), BigInteger.Parse("4000000000"), Value(850m), Value(4_200m)),
            new Position(1, Amount(btcDelta), 0, 0, Value(-350m)),
        ]),
        stateNonce, Blinding(blinding), "perp");

    private static Portfolio Portfolio(BigInteger account, int nonce, int tau, OracleRound round, RiskParameters parameters, params VenueOpening[] venues) =>
        new(new StatementContext(account, Gate, ChainId, nonce, tau), round, parameters, venues);

    /// <summary>A fixed blinding per state (tests must be reproducible); real venues draw them at random.</summary>
    private static BigInteger Blinding(int seed) => BigInteger.Parse("0ba5eba11" + seed.ToString("x8"), System.Globalization.NumberStyles.HexNumber) * 1_000_003;

    private static BigInteger Ratio(decimal x) => Scale(x, 1_000_000m);
    private static BigInteger Value(decimal x) => Scale(x, 1_000_000m);
    private static BigInteger Amount(decimal x) => Scale(x, 1_000_000m);
    private static BigInteger Price(decimal x) => Scale(x, 100_000_000m);

    private static BigInteger Scale(decimal x, decimal unit)
    {
        var scaled = x * unit;
        if (scaled != decimal.Truncate(scaled)) throw new ArgumentException($"{x} is not a whole number of 1/{unit}");
        return new BigInteger(scaled);
    }
}

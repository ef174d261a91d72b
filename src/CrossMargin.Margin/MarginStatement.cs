using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossMargin.Margin;

/// <summary>
/// One solvency statement ready for the margin circuit: the portfolio's report, its public
/// inputs (docs/margin-model.md, "Public inputs") and the circuit's input object (the signal
/// names of circuits/margin's main template). <see cref="ForProof"/> is the prover's entry
/// point: it refuses a portfolio that is not solvent at the level asked for, before any witness.
/// </summary>
public sealed class MarginStatement
{
    private MarginStatement(MarginReport report, MarginLevel level)
    {
        Report = report;
        Level = level;
        var c = report.Configuration;
        var portfolio = report.Portfolio;
        var commitments = new BigInteger[c.Venues];
        for (var v = 0; v < portfolio.Venues.Count; v++)
            commitments[v] = MarginHashes.VenueCommitment(c, portfolio.Context.Account, portfolio.Venues[v]);
        Commitments = commitments;
        PriceDigest = MarginHashes.OracleDigest(c, portfolio.Oracle);
        ParameterHash = MarginHashes.ParameterHash(c, portfolio.Parameters);
        var context = portfolio.Context;
        Packed = context.ChainId + (context.Nonce << 64) + (portfolio.Oracle.RoundId << 128) + (context.Tau << 192) + ((BigInteger)(int)level << 224);
    }

    public MarginReport Report { get; }
    public MarginLevel Level { get; }
    public MarginConfiguration Configuration => Report.Configuration;
    public Portfolio Portfolio => Report.Portfolio;

    /// <summary>commitments[V]: each used slot's venue commitment, 0 for an unused slot.</summary>
    public IReadOnlyList<BigInteger> Commitments { get; }

    /// <summary>The oracle round digest.</summary>
    public BigInteger PriceDigest { get; }

    /// <summary>The risk parameter hash.</summary>
    public BigInteger ParameterHash { get; }

    /// <summary>packed = chainId + nonce*2^64 + roundId*2^128 + tau*2^192 + level*2^224.</summary>
    public BigInteger Packed { get; }

    /// <summary>The public signals in snarkjs's public.json order: account, gate, packed, priceDigest, paramHash, commitments[0..V).</summary>
    public IReadOnlyList<BigInteger> PublicSignals =>
        [Portfolio.Context.Account, Portfolio.Context.Gate, Packed, PriceDigest, ParameterHash, .. Commitments];

    /// <summary>
    /// The prover's entry point: the statement at <paramref name="level"/>, or an
    /// <see cref="InsolventPortfolioException"/> explaining the shortfall when the portfolio is
    /// not solvent there (and a <see cref="MarginInputException"/> for inputs out of bounds).
    /// </summary>
    public static MarginStatement ForProof(Portfolio portfolio, MarginLevel level, MarginConfiguration? configuration = null)
    {
        var statement = Build(portfolio, level, configuration);
        if (!statement.Report.IsSolvent(level)) throw new InsolventPortfolioException(statement.Report, level);
        return statement;
    }

    /// <summary>The statement whether or not it holds (for tests that show the circuit refuses a false one).</summary>
    public static MarginStatement Build(Portfolio portfolio, MarginLevel level, MarginConfiguration? configuration = null)
    {
        if (level is not (MarginLevel.Initial or MarginLevel.Maintenance))
            throw new MarginInputException("level", $"is {(int)level}, not 0 (initial) or 1 (maintenance)");
        return new MarginStatement(MarginCalculator.Calculate(portfolio, configuration), level);
    }

    /// <summary>
    /// The circuit's input as circom's witness calculator reads it: every signal of the main
    /// template, values as decimal strings ("-123" for a negative one), 2-D signals as nested arrays.
    /// </summary>
    public JsonObject CircuitInput()
    {
        var c = Configuration;
        var portfolio = Portfolio;
        var context = portfolio.Context;
        var parameters = new Slots.ParameterSlots(c, portfolio.Parameters);
        var venues = Slots.Pad(portfolio.Venues.Select(v => (VenueOpening?)v).ToArray(), c.Venues, null);
        var zeroAssets = new BigInteger[c.Assets];
        var emptyPositions = Slots.Pad(Array.Empty<Position>(), c.Positions, Position.Empty);
        var assets = venues.Select(v => v is null ? (zeroAssets, zeroAssets) : (Slots.Pad(v.State.Balances, c.Assets, BigInteger.Zero), Slots.Pad(v.State.Debts, c.Assets, BigInteger.Zero))).ToArray();
        var positions = venues.Select(v => v is null ? emptyPositions : Slots.Pad(v.State.Positions, c.Positions, Position.Empty)).ToArray();

        return new JsonObject
        {
            ["account"] = Value(context.Account),
            ["gate"] = Value(context.Gate),
            ["packed"] = Value(Packed),
            ["priceDigest"] = Value(PriceDigest),
            ["paramHash"] = Value(ParameterHash),
            ["commitments"] = Values(Commitments),
            ["chainId"] = Value(context.ChainId),
            ["nonce"] = Value(context.Nonce),
            ["roundId"] = Value(portfolio.Oracle.RoundId),
            ["tau"] = Value(context.Tau),
            ["level"] = Value((int)Level),
            ["venueId"] = Values(venues.Select(v => v?.State.VenueId ?? BigInteger.Zero)),
            ["stateNonce"] = Values(venues.Select(v => v?.StateNonce ?? BigInteger.Zero)),
            ["blinding"] = Values(venues.Select(v => v?.Blinding ?? BigInteger.Zero)),
            ["balance"] = Rows(assets.Select(x => x.Item1)),
            ["debt"] = Rows(assets.Select(x => x.Item2)),
            ["posUnderlying"] = Rows(positions.Select(row => row.Select(p => (BigInteger)p.Underlying))),
            ["posDelta"] = Rows(positions.Select(row => row.Select(p => p.Delta))),
            ["posGamma"] = Rows(positions.Select(row => row.Select(p => p.Gamma))),
            ["posVega"] = Rows(positions.Select(row => row.Select(p => p.Vega))),
            ["posMtm"] = Rows(positions.Select(row => row.Select(p => p.MarkToMarket))),
            ["assetPrice"] = Values(Slots.Pad(portfolio.Oracle.AssetPrices, c.Assets, BigInteger.Zero)),
            ["underlyingPrice"] = Values(Slots.Pad(portfolio.Oracle.UnderlyingPrices, c.Underlyings, BigInteger.Zero)),
            ["haircut"] = Values(parameters.Haircut),
            ["debtWeight"] = Values(parameters.DebtWeight),
            ["shock"] = Values(parameters.Shock),
            ["volMove"] = Values(parameters.VolMove),
            ["latencyVol"] = Values(parameters.LatencyVol),
            ["correlation"] = Rows(parameters.Correlation),
            ["grid"] = Values(parameters.Grid),
            ["levelMultiplier"] = Values(portfolio.Parameters.LevelMultiplier),
            ["levelFloor"] = Values(portfolio.Parameters.LevelFloor),
        };
    }

    private static JsonNode Value(BigInteger x) => JsonValue.Create(x.ToString(CultureInfo.InvariantCulture));

    private static JsonArray Values(IEnumerable<BigInteger> xs) => new(xs.Select(x => (JsonNode?)Value(x)).ToArray());

    private static JsonArray Rows(IEnumerable<IEnumerable<BigInteger>> rows) => new(rows.Select(r => (JsonNode?)Values(r)).ToArray());
}

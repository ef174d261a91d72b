using System.Numerics;

namespace CrossMargin.Margin;

// The margin model's inputs as plain records (docs/margin-model.md). Every integer is a
// System.Numerics.BigInteger in the unit the doc fixes for it (named in each doc comment): the
// bounds are the doc's, not the C# type's, and are checked by MarginBounds before any use, so an
// out-of-range value is reported by its name rather than failing to construct. Lists are
// indexed as the doc indexes them (assets a, underlyings u, grid points j, levels l).

/// <summary>The two requirement levels; the value is the level as the circuit's `level` signal.</summary>
public enum MarginLevel
{
    Initial = 0,
    Maintenance = 1,
}

/// <summary>
/// A collateral asset a and its risk parameters: haircut h[a] (RATIO, 10^-6; 0 &lt;= h &lt;= 10^6)
/// and debt weight w[a] (RATIO; 10^6 &lt;= w &lt; 2^24). Symbol is for people only (not hashed).
/// </summary>
public sealed record Asset(string Symbol, BigInteger Haircut, BigInteger DebtWeight);

/// <summary>
/// An underlying u (for greeks) and its risk parameters, all RATIO (10^-6), each 0 &lt;= x &lt; 2^24:
/// shock m[u] (fraction of the price), vol move v[u] (vol points), latency vol sigma[u] (fraction
/// of the price per sqrt(second)). Symbol is for people only (not hashed).
/// </summary>
public sealed record Underlying(string Symbol, BigInteger Shock, BigInteger VolMove, BigInteger LatencyVol);

/// <summary>
/// The published risk parameters: assets (h, w) and underlyings (m, v, sigma) in slot order,
/// correlation rho[u][w] (RATIO, -10^6 &lt;= rho &lt;= 10^6, Underlyings.Count square), grid g[j]
/// (RATIO, 0 &lt;= g &lt;= 10^6), and per level l (index = (int)MarginLevel) the multiplier k[l]
/// (RATIO, 0 &lt;= k &lt; 2^24) and the floor (VALUE, 10^-6 USD, 0 &lt;= floor &lt; 2^64).
/// </summary>
public sealed record RiskParameters(
    IReadOnlyList<Asset> Assets,
    IReadOnlyList<Underlying> Underlyings,
    IReadOnlyList<IReadOnlyList<BigInteger>> Correlation,
    IReadOnlyList<BigInteger> Grid,
    IReadOnlyList<BigInteger> LevelMultiplier,
    IReadOnlyList<BigInteger> LevelFloor);

/// <summary>
/// One oracle round: its id (0 &lt;= id &lt; 2^64), the asset prices S_asset[a] and underlying
/// prices S_under[u] (PRICE, 10^-8 USD per token, 0 &lt;= S &lt; 2^56), in the parameters' slot order.
/// </summary>
public sealed record OracleRound(BigInteger RoundId, IReadOnlyList<BigInteger> AssetPrices, IReadOnlyList<BigInteger> UnderlyingPrices);

/// <summary>
/// A position on one underlying: the underlying's slot index (0 &lt;= u &lt; the underlyings
/// used), delta (AMOUNT, 10^-6 token), gamma (GAMMA, 10^-12 token per USD of price move), vega
/// (VALUE, 10^-6 USD per vol point), mark-to-market (VALUE); each signed, -2^64 &lt;= x &lt; 2^64.
/// </summary>
public sealed record Position(int Underlying, BigInteger Delta, BigInteger Gamma, BigInteger Vega, BigInteger MarkToMarket)
{
    /// <summary>The empty position slot: all zeros, underlying 0 (committed like any other slot).</summary>
    public static Position Empty { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// One venue's state as it commits to it: venue id (0 &lt;= id &lt; 2^64), balances b[a] and
/// debts d[a] (AMOUNT, 0 &lt;= x &lt; 2^64, one per asset in slot order) and at most P positions.
/// </summary>
public sealed record VenueState(BigInteger VenueId, IReadOnlyList<BigInteger> Balances, IReadOnlyList<BigInteger> Debts, IReadOnlyList<Position> Positions);

/// <summary>
/// The opening of a venue's commitment: the state, its state nonce (0 &lt;= n &lt; 2^64) and the
/// blinding (a field element, 0 &lt;= x &lt; p). Name is for people only (not committed).
/// </summary>
public sealed record VenueOpening(VenueState State, BigInteger StateNonce, BigInteger Blinding, string Name = "");

/// <summary>
/// What a proof is about besides the portfolio: the account (address as an integer, &lt; 2^160),
/// the MarginGate's address (&lt; 2^160), chain id, proof nonce (each &lt; 2^64) and tau, the age
/// of the oldest commitment the proof uses in seconds (0 &lt;= tau &lt; 2^32).
/// </summary>
public sealed record StatementContext(BigInteger Account, BigInteger Gate, BigInteger ChainId, BigInteger Nonce, BigInteger Tau);

/// <summary>
/// Everything one margin statement needs: the context, the oracle round, the risk parameters
/// and the venues' openings in slot order (at most V; the remaining slots are empty). The
/// parameters fix how many assets, underlyings and grid points are used; the oracle round and
/// every venue list exactly those. A configuration with more slots pads them (docs/portfolio.md).
/// </summary>
public sealed record Portfolio(StatementContext Context, OracleRound Oracle, RiskParameters Parameters, IReadOnlyList<VenueOpening> Venues);

using System.Globalization;
using System.Numerics;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Venue;

/// <summary>
/// The sample venues' states of one trader, as the demo tells the story and the flow's tests
/// replay it: collateral and a debt on the lending venue (registry index 1), options and a
/// perpetual on the perp venue (index 2), over the example portfolio's assets (USDC, ETH) and
/// underlyings (ETH, BTC). Amounts in natural units, converted to the model's 10^-6.
/// </summary>
public static class SampleStates
{
    /// <summary>The lending venue's state: USDC and ETH balances and a USDC debt.</summary>
    public static VenueState Lending(decimal usdc, decimal eth, decimal usdcDebt) =>
        new(1, [Amount(usdc), Amount(eth)], [Amount(usdcDebt), 0], []);

    /// <summary>The perp venue's state: 8,000 USDC margin, a short ETH option position and a BTC perpetual of <paramref name="btcDelta"/>.</summary>
    public static VenueState Perp(decimal btcDelta) =>
        new(2, [Amount(8_000m), 0], [0, 0],
        [
            new Position(0, Amount(-6.2m), BigInteger.Parse("4000000000", CultureInfo.InvariantCulture), Amount(850m), Amount(4_200m)),
            new Position(1, Amount(btcDelta), 0, 0, Amount(-350m)),
        ]);

    /// <summary>10^-6 units (AMOUNT and VALUE alike).</summary>
    public static BigInteger Amount(decimal x) => new(decimal.Round(x * 1_000_000m));
}

using System.Numerics;
using CrossMargin.Field;

namespace CrossMargin.Margin;

/// <summary>
/// The margin calculation of docs/margin-model.md, "The computation, in order", steps 1 to 10,
/// in exact integer arithmetic with the doc's roundings (floor/ceil toward -/+ infinity, see
/// <see cref="FixedPoint"/>). It computes over the configuration's slots, unused ones padded as
/// <see cref="Slots"/> says, so every figure has the circuit's shape.
/// </summary>
public static class MarginCalculator
{
    /// <summary>10^14: from 10^-20 USD (CVw) to VALUE.</summary>
    private static readonly BigInteger CollateralScale = BigInteger.Pow(10, 14);

    /// <summary>10^17: from 10^-23 USD per token (S_under*mp*g) to VALUE per token.</summary>
    private static readonly BigInteger MagnitudeScale = BigInteger.Pow(10, 17);

    /// <summary>2*10^12: a delta or vega term's factor in a doubled loss (10^-24 USD).</summary>
    private static readonly BigInteger TwoE12 = 2 * BigInteger.Pow(10, 12);

    /// <summary>2*10^18: from a doubled loss (10^-24 USD) to VALUE.</summary>
    private static readonly BigInteger LossScale = 2 * BigInteger.Pow(10, 18);

    /// <summary>
    /// Checks every bound (<see cref="MarginBounds"/>) and the parameter set's rules
    /// (<see cref="RiskParameterValidation"/>), then computes every figure for both
    /// levels. The configuration defaults to the smallest preset that holds the portfolio.
    /// Throws <see cref="MarginInputException"/> for an input out of bounds and for a derived
    /// figure beyond its bound (mag &lt; 2^72, r &lt; 2^80, R &lt; 2^84).
    /// </summary>
    public static MarginReport Calculate(Portfolio portfolio, MarginConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var c = configuration ?? MarginConfiguration.SmallestFor(portfolio);
        MarginBounds.Check(portfolio, c);
        RiskParameterValidation.Check(portfolio.Parameters);
        var parameters = new Slots.ParameterSlots(c, portfolio.Parameters);
        var assetPrice = Slots.Pad(portfolio.Oracle.AssetPrices, c.Assets, BigInteger.Zero);
        var underlyingPrice = Slots.Pad(portfolio.Oracle.UnderlyingPrices, c.Underlyings, BigInteger.Zero);
        var venues = portfolio.Venues;

        // 1. Aggregate per asset over venues.
        var totalBalance = new BigInteger[c.Assets];
        var totalDebt = new BigInteger[c.Assets];
        foreach (var venue in venues)
            for (var a = 0; a < venue.State.Balances.Count; a++)
            {
                totalBalance[a] += venue.State.Balances[a];
                totalDebt[a] += venue.State.Debts[a];
            }

        // 2. Collateral value: CVw in 10^-20 USD, CV = floor(CVw / 10^14) (down: against the trader).
        var collateralWide = BigInteger.Zero;
        for (var a = 0; a < c.Assets; a++)
            collateralWide += (totalBalance[a] * parameters.Haircut[a] - totalDebt[a] * parameters.DebtWeight[a]) * assetPrice[a];
        var collateral = FixedPoint.FloorDiv(collateralWide, CollateralScale);

        // 3. Equity.
        var markToMarket = venues.SelectMany(v => v.State.Positions).Aggregate(BigInteger.Zero, (sum, p) => sum + p.MarkToMarket);
        var equity = collateral + markToMarket;

        // 4. Net greeks per underlying, across all venues.
        var netDelta = new BigInteger[c.Underlyings];
        var netGamma = new BigInteger[c.Underlyings];
        var netVega = new BigInteger[c.Underlyings];
        foreach (var p in venues.SelectMany(v => v.State.Positions))
        {
            netDelta[p.Underlying] += p.Delta;
            netGamma[p.Underlying] += p.Gamma;
            netVega[p.Underlying] += p.Vega;
        }

        // 5. Latency widening: st = ceil(sqrt(tau * 10^6)) (10^-3 sqrt(s)); mp = m*1000 + sigma*st (10^-9).
        var sqrtTau = IntegerMath.CeilSqrt(portfolio.Context.Tau * FixedPoint.One);
        var widened = new BigInteger[c.Underlyings];
        for (var u = 0; u < c.Underlyings; u++) widened[u] = parameters.Shock[u] * 1000 + parameters.LatencyVol[u] * sqrtTau;

        // 6. Shock magnitudes (VALUE per token), rounded up; 7. scenarios; 8. worst loss.
        var names = Slots.Pad(portfolio.Parameters.Underlyings.Select(x => x.Symbol).ToArray(), c.Underlyings, "(unused)");
        var magnitude = new BigInteger[c.Underlyings][];
        var doubledLoss = new BigInteger[c.Underlyings][];
        var worstDoubled = new BigInteger[c.Underlyings];
        var worstLoss = new BigInteger[c.Underlyings];
        var worstScenario = new Scenario?[c.Underlyings];
        for (var u = 0; u < c.Underlyings; u++)
        {
            magnitude[u] = new BigInteger[c.GridPoints];
            for (var j = 0; j < c.GridPoints; j++)
            {
                magnitude[u][j] = FixedPoint.CeilDiv(underlyingPrice[u] * widened[u] * parameters.Grid[j], MagnitudeScale);
                if (magnitude[u][j] >= MarginBounds.Two72)
                    throw new MarginInputException($"derived shockMagnitude[{u}][{j}] ({names[u]})", $"= {magnitude[u][j]} is 2^72 or more: the price, shock or latency vol is too large to prove");
            }
            doubledLoss[u] = new BigInteger[4 * c.GridPoints];
            var best = BigInteger.Zero;
            for (var j = 0; j < c.GridPoints; j++)
                for (var s = 0; s < 2; s++)
                    for (var n = 0; n < 2; n++)
                    {
                        var q = 4 * j + 2 * s + n;
                        var priceSign = s == 0 ? 1 : -1;
                        var volSign = n == 0 ? 1 : -1;
                        var mag = magnitude[u][j];
                        var loss = -(TwoE12 * priceSign * netDelta[u] * mag + netGamma[u] * mag * mag + TwoE12 * volSign * netVega[u] * parameters.VolMove[u]);
                        doubledLoss[u][q] = loss;
                        if (loss > best)
                        {
                            best = loss;
                            worstScenario[u] = new Scenario(q, j, priceSign, volSign, parameters.Grid[j], priceSign * mag);
                        }
                    }
            worstDoubled[u] = best;
            worstLoss[u] = FixedPoint.CeilDiv(best, LossScale);
            if (worstLoss[u] >= MarginBounds.Two80)
                throw new MarginInputException($"derived worstLoss[{u}] ({names[u]})", $"= {worstLoss[u]} is 2^80 or more: the positions' greeks are too large to prove");
        }

        // 9. Correlated aggregate: Q (10^-6 VALUE^2), R = least R >= 0 with R^2 * 10^6 >= Q.
        var quadratic = BigInteger.Zero;
        for (var u = 0; u < c.Underlyings; u++)
            for (var w = 0; w < c.Underlyings; w++)
                quadratic += parameters.Correlation[u][w] * worstLoss[u] * worstLoss[w];
        var aggregate = quadratic.Sign <= 0 ? BigInteger.Zero : IntegerMath.CeilSqrt(FixedPoint.CeilDiv(quadratic, FixedPoint.One));
        if (aggregate >= MarginBounds.Two84)
            throw new MarginInputException("derived aggregate", $"= {aggregate} is 2^84 or more: the correlated loss is too large to prove");

        // 10. Requirement per level: E*10^6 >= k*R + floor*10^6, exactly.
        var levels = new LevelResult[2];
        foreach (var level in new[] { MarginLevel.Initial, MarginLevel.Maintenance })
        {
            var l = (int)level;
            var k = portfolio.Parameters.LevelMultiplier[l];
            var floor = portfolio.Parameters.LevelFloor[l];
            var solvent = equity * FixedPoint.One >= k * aggregate + floor * FixedPoint.One;
            var requirement = FixedPoint.CeilDiv(k * aggregate, FixedPoint.One) + floor;
            var shortfall = BigInteger.Max(BigInteger.Zero, requirement - equity);
            levels[l] = new LevelResult(level, k, floor, requirement, shortfall, solvent);
        }

        int? worstUnderlying = null;
        for (var u = 0; u < c.Underlyings; u++)
            if (worstLoss[u].Sign > 0 && (worstUnderlying is null || worstLoss[u] > worstLoss[worstUnderlying.Value])) worstUnderlying = u;

        return new MarginReport
        {
            Configuration = c,
            Portfolio = portfolio,
            AssetNames = Slots.Pad(portfolio.Parameters.Assets.Select(x => x.Symbol).ToArray(), c.Assets, "(unused)"),
            UnderlyingNames = names,
            TotalBalance = totalBalance,
            TotalDebt = totalDebt,
            CollateralValueWide = collateralWide,
            CollateralValue = collateral,
            MarkToMarket = markToMarket,
            Equity = equity,
            NetDelta = netDelta,
            NetGamma = netGamma,
            NetVega = netVega,
            SqrtTau = sqrtTau,
            WidenedShock = widened,
            ShockMagnitude = magnitude,
            DoubledLoss = doubledLoss,
            WorstDoubledLoss = worstDoubled,
            WorstLoss = worstLoss,
            WorstScenario = worstScenario,
            QuadraticForm = quadratic,
            Aggregate = aggregate,
            Levels = levels,
            WorstUnderlying = worstUnderlying,
        };
    }
}

using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The oracle's breaker on the whole system (a deployment of its own: a trip is global): when
/// reporters diverge the hub trips, and from then on no proof is accepted, no leverage granted
/// and no liquidation started, until governance resets the hub; after the reset liquidation
/// waits for a fresh grace period.
/// </summary>
public sealed class BreakerTests(FlowSystem system) : IClassFixture<FlowSystem>
{
    [Fact]
    public async Task ATrippedOracleStopsProofsLeverageAndLiquidation_UntilResetAndAFreshGracePeriod()
    {
        var random = new Random(2207);
        var trader = system.TraderAddress;
        var lending = system.OpeningOf(system.Operator.Lending.Address, trader, FlowSystem.LendingState(25_000m, 20m, 43_000m), 1, random);
        var perp = system.OpeningOf(system.Operator.Perp.Address, trader, FlowSystem.PerpState(0.5m), 1, random);
        await system.Operator.Lending.PostAsync(trader, lending.Commitment, 1);
        await system.Operator.Perp.PostAsync(trader, perp.Commitment, 1);
        var prover = system.Prover(system.Keeper);
        await prover.SubmitAsync(await prover.ProveAsync(trader, [lending, perp], MarginLevel.Maintenance));

        // A trade proved before the trip, and a lapse: the state changes (the trade's opening was
        // handed out), the proof lapses, the grace period passes.
        var trade = system.OpeningOf(system.Operator.Perp.Address, trader, FlowSystem.PerpState(0.8m), 2, random);
        var tradeProof = (await prover.ProveAsync(trader, [lending, perp], MarginLevel.Initial, postTrade: trade)).Submission;
        var lapse = system.OpeningOf(system.Operator.Lending.Address, trader, FlowSystem.LendingState(24_000m, 20m, 43_000m), 2, random);
        await system.Operator.Lending.PostAsync(trader, lapse.Commitment, 2);
        await system.Node.AdvanceTimeAsync((ulong)await system.Governance.Gate.GracePeriodAsync());
        Assert.True(await system.Governance.Gate.IsLiquidatableAsync(trader));

        // Reporters diverge by 5% on ETH (beyond the hub's 1%): the round trips the breaker.
        var ex = system.Example.Oracle;
        await system.CloseRoundAsync(ex.AssetPrices, ex.UnderlyingPrices, reporterScale: [1m, 1.05m, 0.95m]);
        Assert.True(await system.Governance.Hub.TrippedAsync());

        await Assert.ThrowsAsync<OracleTrippedException>(() => system.Liquidator.Gate.LiquidateAsync(trader));
        Assert.False(await system.Governance.Gate.IsLiquidatableAsync(trader));
        await Assert.ThrowsAsync<OracleTrippedException>(() =>
            system.Operator.Perp.OpenPositionAsync(trader, trade.Commitment, 2, tradeProof.Nonce, tradeProof.RoundId, tradeProof.Tau, [.. tradeProof.ProofWords]));
        var refused = await Assert.ThrowsAsync<NoStatementException>(() => prover.ProveAsync(trader, [lapse, perp], MarginLevel.Maintenance));
        Assert.Contains("tripped", refused.Message, StringComparison.Ordinal);

        // Governance resets; liquidation still waits a grace period from the reset.
        await system.Governance.Hub.ResetAsync();
        await system.CloseRoundAsync(ex.AssetPrices, ex.UnderlyingPrices);
        await Assert.ThrowsAsync<NotLiquidatableException>(() => system.Liquidator.Gate.LiquidateAsync(trader));
        await system.Node.AdvanceTimeAsync((ulong)await system.Governance.Gate.GracePeriodAsync());
        var liquidation = await system.Liquidator.Gate.LiquidateAsync(trader);
        Assert.Single(system.Liquidator.Gate.EventsIn<LiquidatedEvent>(liquidation));
    }
}

using System.Numerics;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using Nethereum.RPC.Eth.DTOs;
using Xunit;
using Xunit.Abstractions;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The flow of docs/design.md ("Actors and flow") on a real anvil with real proofs, one step
/// after the other as the actors would take them: two venues post commitments for a trader, the
/// trader proves and the gate records health, the perp venue grants leverage against an
/// initial-margin proof over its post-trade state backed by collateral on the lending venue,
/// prices move, the proof lapses, the grace period passes, the account is liquidated and the
/// vault pays the venue and the liquidator. Each step's gas is printed (the figures of the note).
/// </summary>
public sealed class EndToEndFlowTests(FlowSystem system, ITestOutputHelper output) : IClassFixture<FlowSystem>
{
    private void Gas(string step, TransactionReceipt receipt) => output.WriteLine($"gas {step}: {receipt.GasUsed.Value}");

    [Fact]
    public async Task TheWholeStoryRunsOnRealNodes_ProofLeverageLapseLiquidationSettlement()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(1301);
        var trader = system.TraderAddress;
        var traderSide = system.As(2);
        var token = system.Token.Address;
        var deposit = FlowSystem.Amount(30_000m);

        // The trader deposits collateral once into the vault.
        var traderToken = new SampleTokenClient(traderSide.Web3, token);
        await traderToken.MintAsync(trader, deposit);
        await traderToken.ApproveAsync(traderSide.Vault.Address, deposit);
        Gas("vault deposit", await traderSide.Vault.DepositAsync(token, deposit));

        // Two venues post commitments; their operator hands the openings to the trader.
        var lending = system.OpeningOf(system.Operator.Lending.Address, trader, FlowSystem.LendingState(25_000m, 20m, 43_000m), 1, random);
        var perp = system.OpeningOf(system.Operator.Perp.Address, trader, FlowSystem.PerpState(0.5m), 1, random);
        Gas("lending post", await system.Operator.Lending.PostAsync(trader, lending.Commitment, 1));
        Gas("perp post", await system.Operator.Perp.PostAsync(trader, perp.Commitment, 1));

        // The trader proves maintenance over both venues and the gate records its health.
        var prover = system.Prover(traderSide);
        var maintenance = await prover.ProveAsync(trader, [lending, perp], MarginLevel.Maintenance);
        output.WriteLine($"proof (maintenance): {maintenance.ProvingTime.TotalMilliseconds:0} ms");
        var recorded = await prover.SubmitAsync(maintenance);
        Assert.Equal(SubmissionStatus.Recorded, recorded.Submission.Status);
        Assert.Null(recorded.Submission.Note);
        output.WriteLine($"gas submitProof: {recorded.Submission.GasUsed}");
        var health = await system.Governance.Gate.HealthOfAsync(trader);
        Assert.Equal(1UL, health.Nonce);
        Assert.Equal((byte)MarginLevel.Maintenance, health.Level);
        Assert.True(health.Expiry > 0);
        Assert.Equal(SubmissionStatus.Recorded, ProofSubmission.Read(recorded.File).Status);

        // Leverage: the perp venue's post-trade state (a larger BTC position) must be covered by
        // an initial-margin proof; the lending venue's collateral backs it.
        var perpAfterTrade = system.OpeningOf(system.Operator.Perp.Address, trader, FlowSystem.PerpState(1.0m), 2, random);
        var trade = await prover.ProveAsync(trader, [lending, perp], MarginLevel.Initial, postTrade: perpAfterTrade);
        var t = trade.Submission;
        Assert.Equal(perpAfterTrade.Venue, t.PostTradeVenue);
        var granted = await system.Operator.Perp.OpenPositionAsync(trader, perpAfterTrade.Commitment, 2, t.Nonce, t.RoundId, t.Tau, [.. t.ProofWords]);
        Gas("perp openPosition (requireInitialMargin)", granted);
        var leverage = Assert.Single(system.Operator.Perp.EventsIn<LeverageGrantedEvent>(granted));
        Assert.Equal(perpAfterTrade.Commitment, leverage.Commitment);
        health = await system.Governance.Gate.HealthOfAsync(trader);
        Assert.Equal((byte)MarginLevel.Initial, health.Level);
        Assert.Equal(perpAfterTrade.Commitment, (await system.Governance.Registry.SlotOfAsync(trader, 1)).Commitment);

        // Prices move beyond the gate's band (ETH up 30%): anyone flags the lapse; liquidation
        // waits for the grace period.
        var ex = system.Example.Oracle;
        List<BigInteger> shockedAssets = [ex.AssetPrices[0], ex.AssetPrices[1] * 13 / 10];
        List<BigInteger> shockedUnderlyings = [ex.UnderlyingPrices[0] * 13 / 10, ex.UnderlyingPrices[1]];
        var shock = await system.CloseRoundAsync(shockedAssets, shockedUnderlyings);
        Gas("flagPriceLapse", await system.Keeper.Gate.FlagPriceLapseAsync(trader, shock));
        Assert.True(await system.Governance.Gate.LapsedAtAsync(trader) > 0);
        await Assert.ThrowsAsync<NotLiquidatableException>(() => system.Liquidator.Gate.LiquidateAsync(trader));
        await system.Node.AdvanceTimeAsync((ulong)await system.Governance.Gate.GracePeriodAsync());
        Assert.True(await system.Governance.Gate.IsLiquidatableAsync(trader));
        var liquidation = await system.Liquidator.Gate.LiquidateAsync(trader);
        Gas("liquidate", liquidation);
        var liquidated = Assert.Single(system.Liquidator.Gate.EventsIn<LiquidatedEvent>(liquidation));
        Assert.Equal(system.LiquidatorAddress, liquidated.Liquidator, ignoreCase: true);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(trader)).Expiry);

        // The lending venue closes its side at a loss the vault pays, with the liquidator's bonus.
        var loss = FlowSystem.Amount(5_000m);
        var settled = await system.Operator.Lending.SettleLiquidationAsync(trader, token, loss, 0, 2);
        Gas("lending settleLiquidation", settled);
        var settlement = Assert.Single(system.Governance.Vault.EventsIn<LiquidationSettledEvent>(settled));
        Assert.Equal(loss, settlement.Loss);
        var bonus = loss * await system.Governance.Vault.BonusAsync() / 1_000_000;
        Assert.Equal(bonus, settlement.Bonus);
        Assert.Equal(loss, await system.Token.BalanceOfAsync(system.Operator.Lending.Address));
        Assert.Equal(bonus, await system.Token.BalanceOfAsync(system.LiquidatorAddress));
        Assert.Equal(deposit - loss - bonus, await system.Governance.Vault.BalanceOfAsync(trader, token));
        output.WriteLine($"whole flow: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task AMinedTransactionThatFailedIsExplained_NotJustStatusZero()
    {
        // A report sent with a gas limit far below its cost: the node mines it, and it fails.
        var reporter = system.As(5);
        var prices = system.Example.Oracle.AssetPrices.Concat(system.Example.Oracle.UnderlyingPrices).ToList();
        var failed = await Assert.ThrowsAsync<TransactionFailedException>(() => ContractTransactions.SendAsync(reporter.Hub.Handler,
            new OracleHubClient.ReportFunction { Prices = prices, Gas = 30_000 }, ContractErrors.Table, "report", default));
        Assert.Equal(0UL, (ulong)failed.Receipt.Status.Value);
        Assert.Contains("status 0", failed.Message, StringComparison.Ordinal);
        Assert.Contains("fails too", failed.Message, StringComparison.Ordinal);
    }
}

using System.Numerics;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// A real liquidation, end to end: a trader deposits in the vault, the lending venue posts its
/// state, the trader's maintenance proof (made here by the C# prover with the small circuit's
/// development key, the key the deployed verifier is for) is accepted by the gate, the venue's
/// next post lapses it, the grace period passes, someone liquidates, and the operator's watcher
/// settles: the vault pays the venue its loss and the liquidator its bonus, the closed state is
/// posted, and neither another pass nor a restart settles it again.
/// </summary>
[Collection(VenueCollection.Name)]
public class VenueLiquidationTests(VenueSystem system)
{
    private const int Trader = 6, Liquidator = 7;
    private const uint Tau = 3_600;

    /// <summary>10^6 base units: one token of the six-decimal SampleToken, one token in AMOUNT too.</summary>
    private static readonly BigInteger Token = 1_000_000;


    /// <summary>
    /// Dev account <paramref name="traderIndex"/> deposits 2,000 tokens, the lending venue posts
    /// 25,000 USDC of collateral against a 1,000 USDC debt, the trader's maintenance proof is
    /// accepted, the venue's next post (24,000 USDC) lapses it, and after the grace period the
    /// liquidator starts the liquidation. Returns the lapsing post's opening and the liquidation's id.
    /// </summary>
    private async Task<(Opening Lapsing, ulong LiquidationId)> LiquidateAsync(VenueOperator venue, int traderIndex)
    {
        var trader = system.Node.DevAccounts[traderIndex].Address;
        var account = trader.ToLowerInvariant();
        var asTrader = system.Governance.As(system.Node.Web3For(traderIndex));
        var token = new SampleTokenClient(asTrader.Web3, system.Token.Address);
        await token.MintAsync(trader, 2_000 * Token);
        await token.ApproveAsync(asTrader.Vault.Address, 2_000 * Token);
        await asTrader.Vault.DepositAsync(token.Address, 2_000 * Token);

        var collateral = new VenueState(venue.VenueIndex, [25_000 * Token, 0], [1_000 * Token, 0], []);
        var proved = (await venue.SetStateAsync(account, collateral)).Opening;

        // The trader proves maintenance over the registry's one commitment at the fixture's round.
        var nonce = (await system.Governance.Gate.HealthOfAsync(trader)).Nonce;
        var calldata = system.Prove(trader, nonce, Tau, MarginLevel.Maintenance, proved.Value);
        await system.Governance.Gate.SubmitProofAsync(trader, nonce, (byte)MarginLevel.Maintenance, system.RoundId, Tau, calldata);

        // The venue's next post lapses the proof; after the grace period anyone may liquidate.
        var lapsing = (await venue.SetStateAsync(account, collateral with { Balances = [24_000 * Token, 0] })).Opening;
        await system.Node.AdvanceTimeAsync((ulong)await system.Governance.Gate.GracePeriodAsync() + 1);
        var liquidated = await system.Governance.As(system.Node.Web3For(Liquidator)).Gate.LiquidateAsync(trader);
        return (lapsing, Assert.Single(system.Governance.Gate.EventsIn<LiquidatedEvent>(liquidated)).Id);
    }

    [Fact]
    public async Task LiquidatedAccount_IsSettledOnce_AtItsDebt_WithTheClosedStatePosted_AcrossPassesAndRestarts()
    {
        var trader = system.Node.DevAccounts[Trader].Address;
        var account = trader.ToLowerInvariant();
        var data = VenueSystem.NewDataDirectory();
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, data);
        var (lapsing, liquidationId) = await LiquidateAsync(venue, Trader);

        var venueBefore = await system.Token.BalanceOfAsync(venue.Venue);
        var liquidatorBefore = await system.Token.BalanceOfAsync(system.Node.DevAccounts[Liquidator].Address);
        var settlement = Assert.Single(await venue.SettleLiquidationsAsync());
        Assert.Equal(account, settlement.Account);
        Assert.Equal(liquidationId, settlement.LiquidationId);
        Assert.Equal(1_000 * Token, settlement.Loss); // the USDC debt, in base units
        Assert.True(settlement.GasUsed > 0);

        // The vault paid the venue its loss and the liquidator 5% of it, out of the trader's deposit.
        Assert.Equal(venueBefore + 1_000 * Token, await system.Token.BalanceOfAsync(venue.Venue));
        Assert.Equal(liquidatorBefore + 50 * Token, await system.Token.BalanceOfAsync(system.Node.DevAccounts[Liquidator].Address));
        Assert.Equal(950 * Token, await system.Governance.Vault.BalanceOfAsync(trader, system.Token.Address));

        // The closed state: positions closed, the settled debt gone, the balances kept, posted and handed to the owner.
        var closed = Assert.IsType<Opening>(settlement.Closed);
        Assert.Equal(lapsing.Value.StateNonce + 1, closed.Value.StateNonce);
        Assert.Equal([24_000 * Token, 0], closed.Value.State.Balances);
        Assert.All(closed.Value.State.Debts, d => Assert.Equal(BigInteger.Zero, d));
        var standing = await system.Governance.Registry.StandingOfAsync(account, venue.VenueIndex);
        Assert.Equal(closed.Commitment, (await system.Governance.Registry.SlotOfAsync(account, standing.Slot)).Commitment);
        Assert.Equal(closed.Commitment, Opening.Read(venue.Book.CurrentPath(account), MarginConfiguration.Small).Commitment);

        // Never twice: not on the next pass, not from a restart that rereads the events from the start.
        var sequence = await system.Governance.Registry.SequenceAsync();
        Assert.Empty(await venue.SettleLiquidationsAsync());
        File.Delete(Path.Combine(data, "watcher.json"));
        using var restarted = await system.OperatorAsync(SampleVenueKind.Lending, data);
        Assert.Empty(await restarted.SettleLiquidationsAsync());
        Assert.Equal(sequence, await system.Governance.Registry.SequenceAsync());
        Assert.Equal(950 * Token, await system.Governance.Vault.BalanceOfAsync(trader, system.Token.Address));
    }

    [Theory]
    [InlineData(VenueStep.PendingPersisted, 8)]
    [InlineData(VenueStep.Sent, 9)]
    public async Task OperatorCrashingMidSettlement_SettlesExactlyOnceAfterTheRestart(VenueStep crashAt, int traderIndex)
    {
        var trader = system.Node.DevAccounts[traderIndex].Address;
        var data = VenueSystem.NewDataDirectory();
        var crashing = await system.OperatorAsync(SampleVenueKind.Lending, data,
            atStep: (step, _) => step == crashAt && Volatile.Read(ref _settling) ? throw new SimulatedCrashException() : Task.CompletedTask);
        using (crashing)
        {
            await LiquidateAsync(crashing, traderIndex);
            Volatile.Write(ref _settling, true);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.SettleLiquidationsAsync());
            Volatile.Write(ref _settling, false);
        }
        var paidBeforeRestart = 2_000 * Token - await system.Governance.Vault.BalanceOfAsync(trader, system.Token.Address);
        Assert.Equal(crashAt == VenueStep.Sent ? 1_050 * Token : 0, paidBeforeRestart);

        var log = new List<string>();
        using var restarted = await system.OperatorAsync(SampleVenueKind.Lending, data, log: log);
        Assert.Empty(await restarted.SettleLiquidationsAsync()); // resolved at the restart, not settled again
        Assert.Equal(950 * Token, await system.Governance.Vault.BalanceOfAsync(trader, system.Token.Address));
        Assert.Contains(log, l => l.Contains(crashAt == VenueStep.Sent ? "the settlement had landed" : "(resumed)", StringComparison.Ordinal));
        var record = Assert.IsType<SettlementRecord>(restarted.Book.Settlement(trader.ToLowerInvariant()));
        Assert.True(record.Settled);
        Assert.Equal(record.Commitment, restarted.CurrentOpening(trader)?.Commitment);
    }

    /// <summary>Whether the crash hook is armed: the setup's own posts pass the same steps.</summary>
    private bool _settling;
}

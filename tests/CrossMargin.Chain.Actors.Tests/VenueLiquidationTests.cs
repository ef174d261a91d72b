using System.Numerics;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Curves.Encodings;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Testing;
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

    [Fact]
    public async Task LiquidatedAccount_IsSettledOnce_AtItsDebt_WithTheClosedStatePosted_AcrossPassesAndRestarts()
    {
        var trader = system.Node.DevAccounts[Trader].Address;
        var account = trader.ToLowerInvariant();
        var asTrader = system.Governance.As(system.Node.Web3For(Trader));
        var token = new SampleTokenClient(asTrader.Web3, system.Token.Address);
        await token.MintAsync(trader, 2_000 * Token);
        await token.ApproveAsync(asTrader.Vault.Address, 2_000 * Token);
        await asTrader.Vault.DepositAsync(token.Address, 2_000 * Token);

        var data = VenueSystem.NewDataDirectory();
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, data);
        var collateral = new VenueState(venue.VenueIndex, [25_000 * Token, 0], [1_000 * Token, 0], []);
        var proved = (await venue.SetStateAsync(account, collateral)).Opening;

        // The trader proves maintenance over the registry's one commitment at the fixture's round.
        var example = PortfolioFile.Read(Path.Combine(RepoLayout.Root, "examples", "portfolio.json"));
        var portfolio = new Portfolio(
            new StatementContext(proved.AccountValue, BigInteger.Parse("0" + system.Governance.Gate.Address[2..], System.Globalization.NumberStyles.HexNumber), system.Node.ChainId, 0, Tau),
            example.Oracle with { RoundId = system.RoundId }, example.Parameters, [proved.Value]);
        var circuit = MarginCircuit.Locate(MarginConfiguration.Small, Path.Combine(RepoLayout.Root, "artifacts", "circuits"));
        var key = DevelopmentKeys.Ensure(circuit, Path.Combine(RepoLayout.Root, "artifacts", "keys"));
        var proof = MarginProver.Prove(MarginStatement.ForProof(portfolio, MarginLevel.Maintenance, MarginConfiguration.Small), circuit, key.Zkey).Proof.Proof;
        var words = new byte[256];
        EvmPointEncoding.WriteG1(proof.A, words.AsSpan(0, 64));
        EvmPointEncoding.WriteG2(proof.B, words.AsSpan(64, 128));
        EvmPointEncoding.WriteG1(proof.C, words.AsSpan(192, 64));
        List<BigInteger> calldata = [.. words.Chunk(32).Select(w => new BigInteger(w, isUnsigned: true, isBigEndian: true))];
        await system.Governance.Gate.SubmitProofAsync(trader, 0, (byte)MarginLevel.Maintenance, system.RoundId, Tau, calldata);

        // The venue's next post lapses the proof; after the grace period anyone may liquidate.
        var lapsing = (await venue.SetStateAsync(account, collateral with { Balances = [24_000 * Token, 0] })).Opening;
        await system.Node.AdvanceTimeAsync((ulong)await system.Governance.Gate.GracePeriodAsync() + 1);
        var liquidated = await system.Governance.As(system.Node.Web3For(Liquidator)).Gate.LiquidateAsync(trader);
        var liquidation = Assert.Single(system.Governance.Gate.EventsIn<LiquidatedEvent>(liquidated));

        var venueBefore = await system.Token.BalanceOfAsync(venue.Venue);
        var settlement = Assert.Single(await venue.SettleLiquidationsAsync());
        Assert.Equal(account, settlement.Account);
        Assert.Equal(liquidation.Id, settlement.LiquidationId);
        Assert.Equal(1_000 * Token, settlement.Loss); // the USDC debt, in base units
        Assert.True(settlement.GasUsed > 0);

        // The vault paid the venue its loss and the liquidator 5% of it, out of the trader's deposit.
        Assert.Equal(venueBefore + 1_000 * Token, await system.Token.BalanceOfAsync(venue.Venue));
        Assert.Equal(50 * Token, await system.Token.BalanceOfAsync(system.Node.DevAccounts[Liquidator].Address));
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
}

using System.Numerics;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>The venue operator in-process against a real deployment: its book, its posts and their crashes, trades, settlements.</summary>
[Collection(VenueCollection.Name)]
public class VenueOperatorTests(VenueSystem system)
{
    private static readonly MarginConfiguration Small = MarginConfiguration.Small;


    /// <summary>
    /// The same opening: records compare their lists by reference, so compare what the commitment
    /// binds (the commitment, over the account and the whole state) and what opens it.
    /// </summary>
    private static void AssertSameOpening(Opening? expected, Opening? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Commitment, actual.Commitment);
        Assert.Equal(expected.Value.StateNonce, actual.Value.StateNonce);
        Assert.Equal(expected.Value.Blinding, actual.Value.Blinding);
        Assert.Equal(expected.Account, actual.Account, ignoreCase: true);
        Assert.Equal(expected.Venue, actual.Venue, ignoreCase: true);
    }

    private async Task<Slot> RegistrySlotAsync(string account, uint venueIndex)
    {
        var standing = await system.Governance.Registry.StandingOfAsync(account, venueIndex);
        Assert.True(standing.Holds, $"the venue holds no slot of {account}");
        return await system.Governance.Registry.SlotOfAsync(account, standing.Slot);
    }

    [Fact]
    public async Task PostedState_ItsOpeningFileOpensTheRegistrysCommitmentForTheAccount()
    {
        var random = new Random(1301);
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, VenueSystem.NewDataDirectory());
        for (var round = 0; round < 3; round++)
        {
            var account = VenueSystem.RandomAccount(random);
            var state = VenueSystem.RandomState(random, venue.VenueIndex);
            var post = await venue.SetStateAsync(account, state);

            var file = Opening.Read(venue.Book.CurrentPath(account), Small);
            var slot = await RegistrySlotAsync(account, venue.VenueIndex);
            Assert.Equal(slot.Commitment, file.Commitment);
            Assert.Equal(slot.StateNonce, (ulong)file.Value.StateNonce);
            AssertSameOpening(post.Opening, file);
            Assert.Equal(state.Balances, file.Value.State.Balances);
            Assert.Equal(state.Positions, file.Value.State.Positions);
            Assert.Equal(system.Node.ChainId, file.ChainId);
            Assert.Equal(await system.Governance.Registry.LocalVenueIndexAsync(system.Governance.Lending.Address), (uint)file.Value.State.VenueId);
            Assert.True(post.GasUsed > 0);
        }
    }

    [Fact]
    public async Task StateNonces_IncreaseAcrossPosts_AndAnOperatorWithALostBookNeverReusesOne()
    {
        var random = new Random(1302);
        var account = VenueSystem.RandomAccount(random);
        var nonces = new List<BigInteger>();
        using (var venue = await system.OperatorAsync(SampleVenueKind.Perp, VenueSystem.NewDataDirectory()))
        {
            for (var i = 0; i < 3; i++)
                nonces.Add((await venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex))).Opening.Value.StateNonce);
        }
        // The book is lost: a fresh data directory. The registry's standing still knows the last nonce.
        using (var restarted = await system.OperatorAsync(SampleVenueKind.Perp, VenueSystem.NewDataDirectory()))
        {
            var post = await restarted.SetStateAsync(account, VenueSystem.RandomState(random, restarted.VenueIndex));
            nonces.Add(post.Opening.Value.StateNonce);
            Assert.Equal(post.Opening.Commitment, (await RegistrySlotAsync(account, restarted.VenueIndex)).Commitment);
        }
        Assert.Equal(nonces.Order(), nonces);
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
        Assert.Equal(BigInteger.One, nonces[0]);
    }

    [Fact]
    public async Task CrashAfterThePendingOpeningIsOnDisk_BeforeSending_TheRestartPostsItOnce()
    {
        var random = new Random(1303);
        var account = VenueSystem.RandomAccount(random);
        var data = VenueSystem.NewDataDirectory();
        using (var venue = await system.OperatorAsync(SampleVenueKind.Lending, data))
            await venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex));
        var before = await system.Governance.Registry.StandingOfAsync(account, 1);

        Opening? pending = null;
        using (var crashing = await system.OperatorAsync(SampleVenueKind.Lending, data,
            atStep: (step, opening) => step == VenueStep.PendingPersisted ? throw new SimulatedCrashException() : Task.CompletedTask))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.SetStateAsync(account, VenueSystem.RandomState(random, crashing.VenueIndex)));
            pending = crashing.Book.Pending(account);
        }
        Assert.NotNull(pending);
        Assert.Equal(before.LastNonce, (await system.Governance.Registry.StandingOfAsync(account, 1)).LastNonce); // nothing was sent

        var sequence = await system.Governance.Registry.SequenceAsync();
        var log = new List<string>();
        using var resumed = await system.OperatorAsync(SampleVenueKind.Lending, data, log: log);
        Assert.Equal(sequence + 1, await system.Governance.Registry.SequenceAsync()); // exactly one post
        AssertSameOpening(pending, resumed.CurrentOpening(account));
        Assert.Null(resumed.Book.Pending(account));
        Assert.Equal(pending.Commitment, (await RegistrySlotAsync(account, 1)).Commitment);
        Assert.Contains(log, l => l.Contains("posted", StringComparison.Ordinal));

        // A second restart finds nothing in flight and posts nothing.
        using var again = await system.OperatorAsync(SampleVenueKind.Lending, data);
        Assert.Equal(sequence + 1, await system.Governance.Registry.SequenceAsync());
    }

    [Fact]
    public async Task CrashAfterThePostLanded_BeforeTheBookKnew_TheRestartAdoptsItWithoutPostingAgain()
    {
        var random = new Random(1304);
        var account = VenueSystem.RandomAccount(random);
        var data = VenueSystem.NewDataDirectory();
        Opening? sent = null;
        using (var crashing = await system.OperatorAsync(SampleVenueKind.Perp, data,
            atStep: (step, opening) => step == VenueStep.Sent ? throw new SimulatedCrashException() : Task.CompletedTask))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.SetStateAsync(account, VenueSystem.RandomState(random, crashing.VenueIndex)));
            sent = crashing.Book.Pending(account);
            Assert.Null(crashing.CurrentOpening(account));
        }
        Assert.NotNull(sent);
        var sequence = await system.Governance.Registry.SequenceAsync();

        var log = new List<string>();
        using var resumed = await system.OperatorAsync(SampleVenueKind.Perp, data, log: log);
        Assert.Equal(sequence, await system.Governance.Registry.SequenceAsync()); // nothing posted twice
        AssertSameOpening(sent, resumed.CurrentOpening(account));
        Assert.Equal(sent.Commitment, (await RegistrySlotAsync(account, resumed.VenueIndex)).Commitment);
        Assert.Contains(log, l => l.Contains("had landed", StringComparison.Ordinal));
        // The next post carries on from the adopted nonce.
        var next = await resumed.SetStateAsync(account, VenueSystem.RandomState(random, resumed.VenueIndex));
        Assert.Equal(sent.Value.StateNonce + 1, next.Opening.Value.StateNonce);
    }

    [Fact]
    public async Task PerpTrade_ProvedByTheTrader_OpensThroughTheGate_AndSurvivesACrashAfterLanding()
    {
        const uint Tau = 3_600;
        var random = new Random(1312);
        var account = VenueSystem.RandomAccount(random);
        var perpData = VenueSystem.NewDataDirectory();
        using var lending = await system.OperatorAsync(SampleVenueKind.Lending, VenueSystem.NewDataDirectory());
        var collateral = (await lending.SetStateAsync(account, new VenueState(lending.VenueIndex, [25_000_000_000, 0], [0, 0], []))).Opening;

        // Collateral on the lending venue backs the position on the perp venue: the proof covers both slots.
        using (var perp = await system.OperatorAsync(SampleVenueKind.Perp, perpData))
        {
            var proposed = await perp.ProposeTradeAsync(account, new VenueState(perp.VenueIndex, [0, 0], [0, 0], [new Position(0, 100_000, 0, 0, 0)]));
            var proof = system.Prove(account, 0, Tau, MarginLevel.Initial, collateral.Value, proposed.Value);
            var opened = await perp.OpenPositionAsync(account, proof, 0, system.RoundId, Tau);
            AssertSameOpening(proposed, opened.Opening);
            AssertSameOpening(proposed, perp.CurrentOpening(account));
            Assert.Null(perp.Book.Proposed(account));
            var granted = Assert.Single(system.Governance.Perp.EventsIn<LeverageGrantedEvent>(opened.Receipt!));
            Assert.Equal(proposed.Commitment, granted.Commitment);
            Assert.Equal(proposed.Commitment, (await RegistrySlotAsync(account, perp.VenueIndex)).Commitment);
        }

        // The operator dies after the next trade landed, before its book knew: the restart adopts it.
        Opening? second;
        using (var crashing = await system.OperatorAsync(SampleVenueKind.Perp, perpData,
            atStep: (step, _) => step == VenueStep.Sent ? throw new SimulatedCrashException() : Task.CompletedTask))
        {
            second = await crashing.ProposeTradeAsync(account, new VenueState(crashing.VenueIndex, [0, 0], [0, 0], [new Position(0, 200_000, 0, 0, 0)]));
            var proof = system.Prove(account, 1, Tau, MarginLevel.Initial, collateral.Value, second.Value);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.OpenPositionAsync(account, proof, 1, system.RoundId, Tau));
        }
        using var restarted = await system.OperatorAsync(SampleVenueKind.Perp, perpData);
        AssertSameOpening(second, restarted.CurrentOpening(account));
        Assert.Null(restarted.Book.Proposed(account));
        Assert.Equal(2UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }

    [Fact]
    public async Task PerpTrade_ConfirmedWithABogusProof_IsTheGatesProofRejected_AndTheCurrentOpeningStays()
    {
        var random = new Random(1305);
        var account = VenueSystem.RandomAccount(random);
        using var venue = await system.OperatorAsync(SampleVenueKind.Perp, VenueSystem.NewDataDirectory());
        var current = (await venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex, withPositions: false))).Opening;
        var currentFile = await File.ReadAllTextAsync(venue.Book.CurrentPath(account));

        var proposed = await venue.ProposeTradeAsync(account, VenueSystem.RandomState(random, venue.VenueIndex));
        Assert.Equal(current.Value.StateNonce + 1, proposed.Value.StateNonce);
        AssertSameOpening(proposed, Opening.Read(venue.Book.ProposedPath(account), Small));
        AssertSameOpening(current, venue.CurrentOpening(account)); // a proposal is not posted

        var bogus = Enumerable.Range(1, 8).Select(i => (BigInteger)i).ToList();
        var refused = await Assert.ThrowsAsync<ProofRejectedException>(() => venue.OpenPositionAsync(account, bogus, 0, system.RoundId, 3_600));
        Assert.Equal(account, refused.Account, ignoreCase: true);
        Assert.Equal(currentFile, await File.ReadAllTextAsync(venue.Book.CurrentPath(account)));
        Assert.Equal(current.Commitment, (await RegistrySlotAsync(account, venue.VenueIndex)).Commitment);
        AssertSameOpening(proposed, venue.Book.Proposed(account)); // the trader may still prove it
    }

    [Fact]
    public async Task Withdrawal_ConfirmedWithABogusProof_IsTheGatesProofRejected_AndTheCurrentOpeningStays()
    {
        var random = new Random(1310);
        var account = VenueSystem.RandomAccount(random);
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, VenueSystem.NewDataDirectory());
        var state = new VenueState(venue.VenueIndex, [5_000_000_000, 0], [0, 0], []);
        var current = (await venue.SetStateAsync(account, state)).Opening;

        var proposed = await venue.ProposeWithdrawalAsync(account, state with { Balances = [4_000_000_000, 0] });
        Assert.Equal(current.Value.StateNonce + 1, proposed.Value.StateNonce);
        var bogus = new TradeConfirmation([.. Enumerable.Range(1, 8).Select(i => (BigInteger)i)], 0, system.RoundId, 3_600);
        await Assert.ThrowsAsync<ProofRejectedException>(() => venue.WithdrawAsync(account, system.Token.Address, 1_000_000_000, bogus));
        AssertSameOpening(current, venue.CurrentOpening(account));
        Assert.Equal(current.Commitment, (await RegistrySlotAsync(account, venue.VenueIndex)).Commitment);
        AssertSameOpening(proposed, venue.Book.Proposed(account));
    }

    [Fact]
    public async Task Trade_OnTheLendingVenue_IsRefusedNamingTheVenue()
    {
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, VenueSystem.NewDataDirectory());
        var e = await Assert.ThrowsAsync<VenueRequestException>(() => venue.ProposeTradeAsync(VenueSystem.RandomAccount(new Random(1306)), VenueSystem.RandomState(new Random(1306), venue.VenueIndex)));
        Assert.Equal("venue", e.Field);
    }

    [Fact]
    public async Task Withdrawal_OnThePerpVenue_IsRefusedNamingTheVenue()
    {
        using var venue = await system.OperatorAsync(SampleVenueKind.Perp, VenueSystem.NewDataDirectory());
        var e = await Assert.ThrowsAsync<VenueRequestException>(() => venue.ProposeWithdrawalAsync(VenueSystem.RandomAccount(new Random(1311)), VenueSystem.RandomState(new Random(1311), venue.VenueIndex)));
        Assert.Equal("venue", e.Field);
    }

    [Fact]
    public async Task State_WithAnotherVenueId_IsRefusedNamingVenueId_AndNothingIsPosted()
    {
        var random = new Random(1307);
        var account = VenueSystem.RandomAccount(random);
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, VenueSystem.NewDataDirectory());
        var e = await Assert.ThrowsAsync<VenueRequestException>(() => venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex + 1)));
        Assert.Equal("$.venueId", e.Field);
        Assert.Empty(venue.Book.Accounts());
        Assert.Equal(0UL, (await system.Governance.Registry.StandingOfAsync(account, venue.VenueIndex)).LastNonce);
    }

    [Fact]
    public async Task Settling_AnAccountNotInLiquidation_IsTheVaultsNotInLiquidation_AndTheBookStays()
    {
        var random = new Random(1308);
        var account = VenueSystem.RandomAccount(random);
        using var venue = await system.OperatorAsync(SampleVenueKind.Lending, VenueSystem.NewDataDirectory());
        var current = (await venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex))).Opening;

        var e = await Assert.ThrowsAsync<NotInLiquidationException>(() => venue.SettleAsync(account, 1));
        Assert.Equal(account, e.Account, ignoreCase: true);
        AssertSameOpening(current, venue.CurrentOpening(account));
        Assert.Null(venue.Book.Pending(account));
        Assert.Null(venue.Book.Settlement(account));
        Assert.Equal(current.Commitment, (await RegistrySlotAsync(account, venue.VenueIndex)).Commitment);
    }

    [Fact]
    public async Task WatcherPass_WithoutLiquidations_SettlesNothing_AndItsCursorPersistsAcrossRestarts()
    {
        var data = VenueSystem.NewDataDirectory();
        using (var venue = await system.OperatorAsync(SampleVenueKind.Perp, data))
        {
            Assert.Null(venue.Book.WatcherCursor());
            Assert.Empty(await venue.SettleLiquidationsAsync());
            var head = (ulong)(await system.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            Assert.Equal(head + 1, venue.Book.WatcherCursor());
        }
        await system.Node.MineAsync(3);
        using var restarted = await system.OperatorAsync(SampleVenueKind.Perp, data);
        var cursor = restarted.Book.WatcherCursor();
        Assert.NotNull(cursor);
        Assert.Empty(await restarted.SettleLiquidationsAsync());
        Assert.Equal(cursor + 3, restarted.Book.WatcherCursor());
    }

    [Fact]
    public async Task Book_OfAnotherVenue_IsRefusedNamingItsIdentityFile()
    {
        var data = VenueSystem.NewDataDirectory();
        using (await system.OperatorAsync(SampleVenueKind.Lending, data))
        {
        }
        var e = await Assert.ThrowsAsync<VenueBookException>(() => system.OperatorAsync(SampleVenueKind.Perp, data));
        Assert.EndsWith("venue.json", e.File, StringComparison.Ordinal);
        Assert.Equal("$.venue", e.JsonPath);
    }

    [Fact]
    public async Task DataDirectory_HoldingOtherFiles_IsRefused()
    {
        var data = VenueSystem.NewDataDirectory();
        await File.WriteAllTextAsync(Path.Combine(data, "notes.txt"), "not a book");
        var e = await Assert.ThrowsAsync<VenueBookException>(() => system.OperatorAsync(SampleVenueKind.Lending, data));
        Assert.EndsWith("venue.json", e.File, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamagedBookFiles_AreRefusedWithTheirTypedErrors_NeverAnythingElse()
    {
        var random = new Random(1313);
        var data = VenueSystem.NewDataDirectory();
        var account = VenueSystem.RandomAccount(random);
        using (var venue = await system.OperatorAsync(SampleVenueKind.Lending, data))
        {
            await venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex));
            await venue.SettleLiquidationsAsync();
            venue.Book.WriteSettlement(new SettlementRecord(account, 7, 1_000_000, 12345, 1, Settled: true));
        }
        foreach (var file in new[] { "venue.json", "watcher.json", $"openings/{account}.json", $"settlements/{account}.json" })
        {
            var path = Path.Combine(data, file);
            var original = await File.ReadAllBytesAsync(path);
            var refused = 0;
            FileCorruption.ForEach(original, seed: 1313, rounds: 24, headerBytes: 64, corrupted =>
            {
                File.Copy(corrupted, path, overwrite: true);
                try
                {
                    using var venue = system.OperatorAsync(SampleVenueKind.Lending, data).GetAwaiter().GetResult();
                    venue.Book.WatcherCursor();
                    venue.CurrentOpening(account);
                    venue.Book.Settlement(account);
                }
                catch (Exception e) when (e is VenueBookException or OpeningFileException)
                {
                    Assert.Contains(Path.GetFileName(path), e.Message, StringComparison.Ordinal);
                    refused++;
                }
            });
            await File.WriteAllBytesAsync(path, original);
            Assert.True(refused > 0, $"no corruption of {file} was refused");
        }
    }

    [Fact]
    public async Task CorruptOpeningInTheBook_IsAnOpeningFileErrorNamingTheFileAndPath()
    {
        var random = new Random(1309);
        var data = VenueSystem.NewDataDirectory();
        var account = VenueSystem.RandomAccount(random);
        string path;
        using (var venue = await system.OperatorAsync(SampleVenueKind.Lending, data))
        {
            await venue.SetStateAsync(account, VenueSystem.RandomState(random, venue.VenueIndex));
            path = venue.Book.CurrentPath(account);
        }
        var commitment = Opening.Read(path, Small).Commitment.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace(commitment, commitment[..^1] + (commitment[^1] == '1' ? '2' : '1'), StringComparison.Ordinal));
        using var restarted = await system.OperatorAsync(SampleVenueKind.Lending, data);
        var e = Assert.Throws<OpeningFileException>(() => restarted.CurrentOpening(account));
        Assert.Equal("$.commitment", e.JsonPath);
        Assert.Equal(path, e.File);
    }
}

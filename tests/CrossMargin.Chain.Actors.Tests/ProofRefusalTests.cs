using System.Numerics;
using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Chain.Contracts;
using CrossMargin.Margin;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// Proofs that must not count, made by the real prover over real chain state and refused by the
/// real gate: replayed, stolen for another account, front-run by a keeper (harmless to the
/// owner), stale (the state moved on, or the round aged out); and a trader who cannot prove
/// (an opening missing) or crashed mid-way (nothing lost, nothing sent twice). Each test uses
/// accounts of its own (no key needed: anyone may submit a proof, here the keeper).
/// </summary>
public sealed class ProofRefusalTests(FlowSystem system) : IClassFixture<FlowSystem>
{
    /// <summary>An account no other test uses, and its lending venue opening posted on chain.</summary>
    private async Task<(string Account, Opening Lending)> PostedAccountAsync(int seed, decimal usdc = 10_000m, decimal eth = 1m)
    {
        var random = new Random(seed);
        var account = "0x" + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()).Concat(new byte[12]).ToArray()).ToLowerInvariant();
        var lending = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(usdc, eth, 2_000m), 1, random);
        await system.Operator.Lending.PostAsync(account, lending.Commitment, 1);
        return (account, lending);
    }

    /// <summary>Closes a fresh round at the example's prices, so this test's proofs do not depend on the others' clocks.</summary>
    private Task<ulong> FreshRoundAsync() => system.CloseRoundAsync(system.Example.Oracle.AssetPrices, system.Example.Oracle.UnderlyingPrices);

    [Fact]
    public async Task AReplayedProofChangesNothing_AndOnceTheStateMovedOnItIsRefusedAsStale()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(1);
        var keeper = system.Prover(system.Keeper);
        var proof = await keeper.ProveAsync(account, [lending], MarginLevel.Maintenance);
        await keeper.SubmitAsync(proof);
        var health = await system.Governance.Gate.HealthOfAsync(account);
        var s = proof.Submission;

        // The same proof again, at once: the gate answers "already recorded" and changes nothing.
        var again = await system.Keeper.Gate.SubmitProofAsync(account, s.Nonce, s.Level, s.RoundId, s.Tau, [.. s.ProofWords]);
        Assert.Empty(system.Keeper.Gate.EventsIn<ProofAcceptedEvent>(again));
        var after = await system.Governance.Gate.HealthOfAsync(account);
        Assert.Equal(health.Nonce, after.Nonce);
        Assert.Equal(health.Expiry, after.Expiry);

        // The venue posts a new state: the old proof's nonce is spent and its state is gone.
        var moved = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(9_000m, 1m, 2_000m), 2, new Random(11));
        await system.Operator.Lending.PostAsync(account, moved.Commitment, 2);
        var stale = await Assert.ThrowsAsync<StaleNonceException>(() =>
            system.Keeper.Gate.SubmitProofAsync(account, s.Nonce, s.Level, s.RoundId, s.Tau, [.. s.ProofWords]));
        Assert.Contains("StaleNonce", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProofIsWorthNothingForAnotherAccount()
    {
        await FreshRoundAsync();
        var (alice, aliceLending) = await PostedAccountAsync(2);
        var (bob, _) = await PostedAccountAsync(3);
        var proof = await system.Prover(system.Keeper).ProveAsync(alice, [aliceLending], MarginLevel.Maintenance);
        var s = proof.Submission;
        // Same nonce (both 0), same round: only the account differs, and the gate rebuilds it.
        var stolen = await Assert.ThrowsAsync<ProofRejectedException>(() =>
            system.Keeper.Gate.SubmitProofAsync(bob, s.Nonce, s.Level, s.RoundId, s.Tau, [.. s.ProofWords]));
        Assert.Equal(bob, stolen.Error.Account, ignoreCase: true);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(bob)).Expiry);
    }

    [Fact]
    public async Task AProofFrontRunByAKeeperLeavesTheOwnersSubmissionRecorded()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(4);
        var owner = system.Prover(system.As(2));
        var proof = await owner.ProveAsync(account, [lending], MarginLevel.Maintenance);
        var s = proof.Submission;
        // The keeper saw the proof (in the mempool, say) and sent it first.
        await system.Keeper.Gate.SubmitProofAsync(account, s.Nonce, s.Level, s.RoundId, s.Tau, [.. s.ProofWords]);
        var outcome = await owner.SubmitAsync(proof);
        Assert.Equal(SubmissionStatus.Recorded, outcome.Submission.Status);
        Assert.NotNull(outcome.Submission.Note);
        Assert.Equal(s.Nonce + 1, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }

    [Fact]
    public async Task AProofOverAStateThatChangedBeforeItLandedIsRefused()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(5);
        var proof = await system.Prover(system.Keeper).ProveAsync(account, [lending], MarginLevel.Maintenance);
        var moved = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(9_500m, 1m, 2_000m), 2, new Random(12));
        await system.Operator.Lending.PostAsync(account, moved.Commitment, 2);
        var s = proof.Submission;
        await Assert.ThrowsAsync<ProofRejectedException>(() =>
            system.Keeper.Gate.SubmitProofAsync(account, s.Nonce, s.Level, s.RoundId, s.Tau, [.. s.ProofWords]));
        // The trader's own submission is refused the same way, and the file says so: no later run sends it.
        await Assert.ThrowsAsync<ProofRejectedException>(() => system.Prover(system.Keeper).SubmitAsync(proof));
        var kept = ProofSubmission.Read(proof.File);
        Assert.Equal(SubmissionStatus.Superseded, kept.Status);
        Assert.Contains("ProofRejected", kept.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProofOverARoundOlderThanTheGateTakesIsRefused_AndTheTraderSaysSoBeforeProving()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(6);
        var keeper = system.Prover(system.Keeper);
        var proof = await keeper.ProveAsync(account, [lending], MarginLevel.Maintenance);
        var maxAge = (ulong)await system.Governance.Gate.MaxRoundAgeAsync();
        await system.Node.AdvanceTimeAsync(maxAge + 1);
        var s = proof.Submission;
        await Assert.ThrowsAsync<RoundTooOldException>(() =>
            system.Keeper.Gate.SubmitProofAsync(account, s.Nonce, s.Level, s.RoundId, s.Tau, [.. s.ProofWords]));
        var refused = await Assert.ThrowsAsync<NoStatementException>(() => keeper.ProveAsync(account, [lending], MarginLevel.Maintenance));
        Assert.Contains("wait for the next round", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATraderWithoutTheOpeningOfEverySlotCannotProve()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(7);
        var perp = system.OpeningOf(system.Operator.Perp.Address, account, FlowSystem.PerpState(0.1m), 1, new Random(13));
        await system.Operator.Perp.PostAsync(account, perp.Commitment, 1);
        var missing = await Assert.ThrowsAsync<MissingOpeningException>(() => system.Prover(system.Keeper).ProveAsync(account, [lending], MarginLevel.Maintenance));
        Assert.Contains("slot 1", missing.Message, StringComparison.Ordinal);
        Assert.Contains(perp.Commitment.ToString(System.Globalization.CultureInfo.InvariantCulture), missing.Message, StringComparison.Ordinal);
        // Another account's opening of the same venue does not stand in for it.
        var (_, otherLending) = await PostedAccountAsync(8);
        await Assert.ThrowsAsync<MissingOpeningException>(() => system.Prover(system.Keeper).ProveAsync(account, [otherLending, perp], MarginLevel.Maintenance));
    }

    [Fact]
    public async Task AnInsolventPortfolioIsRefusedBeforeAnyWitness()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(9, usdc: 0m, eth: 0.5m);
        await Assert.ThrowsAsync<InsolventPortfolioException>(() => system.Prover(system.Keeper).ProveAsync(account, [lending], MarginLevel.Maintenance));
    }

    [Fact]
    public async Task ATraderThatCrashedAfterProvingSendsThePersistedProofOnceOnRestart()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(10);
        var directory = Directory.CreateTempSubdirectory("crossmargin-trader-").FullName;
        // The first run proves and persists, then dies before sending.
        var proof = await system.Prover(system.Keeper, directory).ProveAsync(account, [lending], MarginLevel.Maintenance);
        Assert.Equal(SubmissionStatus.Proved, ProofSubmission.Read(proof.File).Status);
        Assert.True(File.Exists(Path.Combine(directory, "openings", lending.Commitment + ".json")));

        var restarted = system.Prover(system.Keeper, directory);
        var outcome = Assert.Single(await restarted.ResumeAsync());
        Assert.Equal(SubmissionStatus.Recorded, outcome.Submission.Status);
        Assert.Null(outcome.Submission.Note);
        Assert.Equal(1UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
        // Nothing is left to do, and nothing is sent twice.
        Assert.Empty(await restarted.ResumeAsync());
        Assert.Equal(1UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }

    [Fact]
    public async Task AProofPersistedBeforeTheStateMovedOnIsMarkedSupersededOnRestart_NotSent()
    {
        await FreshRoundAsync();
        var (account, lending) = await PostedAccountAsync(14);
        var directory = Directory.CreateTempSubdirectory("crossmargin-trader-").FullName;
        await system.Prover(system.Keeper, directory).ProveAsync(account, [lending], MarginLevel.Maintenance);
        var moved = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(9_000m, 1m, 2_000m), 2, new Random(15));
        await system.Operator.Lending.PostAsync(account, moved.Commitment, 2);
        var outcome = Assert.Single(await system.Prover(system.Keeper, directory).ResumeAsync());
        Assert.Equal(SubmissionStatus.Superseded, outcome.Submission.Status);
        Assert.Contains("another statement", outcome.Submission.Note, StringComparison.Ordinal);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }
}

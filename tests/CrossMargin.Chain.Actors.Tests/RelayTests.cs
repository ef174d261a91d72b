using CrossMargin.Chain.Actors.Relay;
using CrossMargin.Chain.Contracts;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The committee relay between two real anvil chains, each with a real deployment: what it
/// carries and when, restarts and crashes, a second relay racing it, reorganisations of the
/// source, venues the destination does not admit, and the registry's own committee check.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class RelayTests(RelayChains chains) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossmargin-relay-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string StatePath(string name = "relay-state.json") => Path.Combine(_folder, name);

    private string Account(int index) => chains.Source.DevAccounts[index].Address;

    [Fact]
    public async Task TheLocallyComputedDigest_EqualsTheRegistrysAttestationDigest_AndItsSignaturesAreAscending()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var attestation = new Attestation
        {
            SourceChainId = RelayChains.SourceChainId,
            SourceRegistry = route.Source.Registry.Address,
            Venue = route.Source.Lending.Address,
            Account = Account(6),
            Commitment = RelayRoute.Commitments(1).First(),
            StateNonce = 7,
            SourceTimestamp = 1_700_000_000,
            Sequence = 42,
        };
        // Keys given out of address order: the signer orders them.
        var signer = new CommitteeSigner(RelayRoute.KeysOf([3, 1, 2]), RelayChains.DestinationChainId, route.Destination.Registry.Address);
        Assert.Equal(await route.Destination.Registry.AttestationDigestAsync(attestation), signer.Digest(attestation));
        Assert.Equal(signer.Members.Order(StringComparer.OrdinalIgnoreCase), signer.Members);
        var signatures = signer.Sign(attestation);
        Assert.All(signatures, s => Assert.Equal(65, s.Length));
        Assert.All(signatures, s => Assert.True(s[64] is 27 or 28));
    }

    [Fact]
    public async Task APost_IsMirroredWithTheSourceBlocksTimestamp_OnlyAfterTheConfirmationDepth()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var relay = await CommitteeRelay.CreateAsync(route.Options(StatePath(), confirmations: 2));
        var commitment = RelayRoute.Commitments(2).First();
        var (post, block) = await route.PostAsync(Account(6), commitment, 1);

        // The post's block is the head, then has one block on top: not yet.
        var first = await relay.PassAsync();
        Assert.Empty(first.Carried);
        Assert.Equal(1, first.WaitingForDepth);
        await chains.Source.MineAsync();
        var second = await relay.PassAsync();
        Assert.Empty(second.Carried);
        Assert.Equal(1, second.WaitingForDepth);
        Assert.Empty(await route.MirroredSequencesAsync());

        // Two blocks on top: carried, with the source block's timestamp as the slot's state time.
        await chains.Source.MineAsync();
        var third = await relay.PassAsync();
        var carried = Assert.Single(third.Carried);
        Assert.Equal((block, post.Sequence), (carried.SourceBlock, carried.Sequence));
        Assert.True(carried.GasUsed > 0);
        Assert.Equal(0, third.WaitingForDepth);
        var mirrored = await route.Destination.Registry.CommitmentsOfAsync(Account(6));
        Assert.Contains(commitment, mirrored.Commitments);
        Assert.Equal(await route.SourceTimestampAsync(block), mirrored.OldestTimestamp);
        Assert.Equal([post.Sequence], await route.MirroredSequencesAsync());
        Assert.Equal(post.Sequence, await route.Destination.Registry.LastSourceSequenceAsync(RelayChains.SourceChainId, route.Source.Registry.Address));

        // Nothing new: a further pass carries nothing and counts nothing as mirrored again.
        var fourth = await relay.PassAsync();
        Assert.Empty(fourth.Carried);
        Assert.Equal(0, fourth.AlreadyMirrored);
    }

    [Fact]
    public async Task RestartingOnTheSameStateFile_LosesNothingAndDuplicatesNothing()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var commitments = RelayRoute.Commitments(3).GetEnumerator();
        var posted = new List<ulong>();
        async Task Post(int account, ulong nonce)
        {
            commitments.MoveNext();
            posted.Add((await route.PostAsync(Account(account), commitments.Current, nonce)).Post.Sequence);
        }

        await Post(6, 1);
        await Post(7, 1);
        await chains.Source.MineAsync(2);
        var first = await CommitteeRelay.CreateAsync(route.Options(StatePath()));
        Assert.Equal(2, (await first.PassAsync()).Carried.Count);

        // Stopped: more posts meanwhile, one of them still within the depth when the next relay starts.
        await Post(6, 2);
        await Post(8, 1);
        await chains.Source.MineAsync(2);
        await Post(7, 2);
        var second = await CommitteeRelay.CreateAsync(route.Options(StatePath()));
        Assert.Equal(first.State, second.State);
        var resumed = await second.PassAsync();
        Assert.Equal(posted[2..4], resumed.Carried.Select(c => c.Sequence));
        Assert.Equal(1, resumed.WaitingForDepth);

        // A relay that died after sending but before writing its cursor: the state file is an old one.
        var stale = File.ReadAllText(StatePath());
        await chains.Source.MineAsync(2);
        Assert.Equal(posted[4..], (await second.PassAsync()).Carried.Select(c => c.Sequence));
        File.WriteAllText(StatePath(), stale);
        var third = await CommitteeRelay.CreateAsync(route.Options(StatePath()));
        var replay = await third.PassAsync();
        Assert.Empty(replay.Carried);
        Assert.Equal(1, replay.AlreadyMirrored);

        Assert.Equal(posted, await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task ARelayStoppedBetweenSigningAndSending_ResumesWithoutLossOrDuplicate()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var posted = new List<ulong>();
        var nonce = 0UL;
        foreach (var commitment in RelayRoute.Commitments(4).Take(3))
            posted.Add((await route.PostAsync(Account(6), commitment, ++nonce)).Post.Sequence);
        await chains.Source.MineAsync(2);

        // The second attestation is signed, then the process "dies" before sending it.
        var signed = 0;
        var crashing = await CommitteeRelay.CreateAsync(route.Options(StatePath()) with
        {
            BeforeSend = _ => ++signed == 2 ? throw new OperationCanceledException("killed between signing and sending") : Task.CompletedTask,
        });
        await Assert.ThrowsAsync<OperationCanceledException>(() => crashing.PassAsync());
        Assert.Equal(posted[..1], await route.MirroredSequencesAsync());

        var restarted = await CommitteeRelay.CreateAsync(route.Options(StatePath()));
        var report = await restarted.PassAsync();
        Assert.Equal(posted[1..], report.Carried.Select(c => c.Sequence));
        Assert.Equal(posted, await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task TwoRelaysRacing_MirrorEachPostOnce_AndNeitherReportsAFailure()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var posted = new List<ulong>();
        var account = 6;
        foreach (var commitment in RelayRoute.Commitments(5).Take(4))
            posted.Add((await route.PostAsync(Account(account++), commitment, 1)).Post.Sequence);
        await chains.Source.MineAsync(2);

        // Both relays hold the first attestation, signed, until both have it: then both send it.
        var bothSigned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        Task Rendezvous(Attestation a)
        {
            if (a.Sequence != posted[0]) return Task.CompletedTask;
            if (Interlocked.Increment(ref arrived) == 2) bothSigned.SetResult();
            return bothSigned.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        var one = await CommitteeRelay.CreateAsync(route.Options(StatePath("one.json"), sender: 4) with { BeforeSend = Rendezvous });
        var other = await CommitteeRelay.CreateAsync(route.Options(StatePath("other.json"), sender: 5) with { BeforeSend = Rendezvous });
        var reports = await Task.WhenAll(Task.Run(() => one.PassAsync()), Task.Run(() => other.PassAsync()));

        Assert.Equal(posted, await route.MirroredSequencesAsync());
        Assert.Equal(posted.Count, reports.Sum(r => r.Carried.Count));
        // The first post was sent by both: one carried it, the other lost the race.
        Assert.True(reports.Sum(r => r.MirroredByAnotherRelay) >= 1);
        Assert.Equal(posted.Count * 2, reports.Sum(r => r.Carried.Count + r.MirroredByAnotherRelay + r.AlreadyMirrored));
        Assert.All(reports, r => Assert.False(r.StoppedEarly));
        Assert.Equal(one.State!.Block, other.State!.Block);
    }

    [Fact]
    public async Task AReorgWithinTheDepth_MirrorsOnlyThePostOfTheSurvivingChain()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var relay = await CommitteeRelay.CreateAsync(route.Options(StatePath(), confirmations: 3));
        var commitments = RelayRoute.Commitments(6).Take(2).ToList();

        var fork = await chains.Source.SnapshotAsync();
        await route.PostAsync(Account(6), commitments[0], 1);
        await chains.Source.MineAsync();
        var seen = await relay.PassAsync();
        Assert.Empty(seen.Carried);
        Assert.Equal(1, seen.WaitingForDepth);

        // The chain drops the block of A and grows with B instead, past the depth.
        await chains.Source.RevertAsync(fork);
        var (b, _) = await route.PostAsync(Account(6), commitments[1], 1);
        await chains.Source.MineAsync(3);
        var report = await relay.PassAsync();

        Assert.Equal([b.Sequence], report.Carried.Select(c => c.Sequence));
        var mirrored = await route.Destination.Registry.CommitmentsOfAsync(Account(6));
        Assert.Contains(commitments[1], mirrored.Commitments);
        Assert.DoesNotContain(commitments[0], mirrored.Commitments);
        Assert.Equal([b.Sequence], await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task AReorgBelowTheCursor_StopsTheRelayWithTheTypedError_AndNothingFurtherIsSent()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var relay = await CommitteeRelay.CreateAsync(route.Options(StatePath(), confirmations: 1));
        var commitments = RelayRoute.Commitments(7).Take(2).ToList();

        var fork = await chains.Source.SnapshotAsync();
        var (a, _) = await route.PostAsync(Account(6), commitments[0], 1);
        await chains.Source.MineAsync();
        Assert.Single((await relay.PassAsync()).Carried);
        var cursor = relay.State!;

        // Deeper than the depth: the cursor's block itself is replaced.
        await chains.Source.RevertAsync(fork);
        await route.PostAsync(Account(6), commitments[1], 1);
        await chains.Source.MineAsync(3);
        var error = await Assert.ThrowsAsync<SourceReorganisedException>(() => relay.PassAsync());
        Assert.Equal(cursor.Block, error.Block);
        Assert.Equal(cursor.BlockHash, error.RecordedHash);
        Assert.NotNull(error.CurrentHash);
        Assert.NotEqual(cursor.BlockHash, error.CurrentHash);
        Assert.Contains(cursor.Block.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains(cursor.BlockHash, error.Message);
        Assert.Contains(error.CurrentHash!, error.Message);

        // A relay started on the same state refuses to start; the destination holds only A.
        await Assert.ThrowsAsync<SourceReorganisedException>(() => CommitteeRelay.CreateAsync(route.Options(StatePath(), confirmations: 1)));
        Assert.Equal([a.Sequence], await route.MirroredSequencesAsync());
        Assert.Equal(cursor, RelayState.ReadIfExists(StatePath()));
    }

    [Fact]
    public async Task PostsOfAVenueNotAdmittedAsRemote_AreSkippedAndReported()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var commitments = RelayRoute.Commitments(8).Take(2).ToList();
        var (perp, perpBlock) = await route.PostAsync(Account(6), commitments[0], 1, route.Source.Perp.Address);
        var (lending, _) = await route.PostAsync(Account(6), commitments[1], 1);
        await chains.Source.MineAsync(2);

        var report = await (await CommitteeRelay.CreateAsync(route.Options(StatePath()))).PassAsync();
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(new SkippedPost(perpBlock, perp.Sequence, perp.Venue), skipped);
        Assert.Equal(route.Source.Perp.Address, skipped.Venue, ignoreCase: true);
        Assert.Equal([lending.Sequence], report.Carried.Select(c => c.Sequence));
        Assert.Equal([lending.Sequence], await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task TheRegistryRefusesSignaturesBelowTheThresholdOrFromNonMembers()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var (post, _) = await route.PostAsync(Account(6), RelayRoute.Commitments(9).First(), 1);
        var attestation = CommitteeRelay.AttestationOf(RelayChains.SourceChainId, route.Source.Registry.Address, post);
        CommitteeSigner Signer(params int[] accounts) => new(RelayRoute.KeysOf(accounts), RelayChains.DestinationChainId, route.Destination.Registry.Address);
        var registry = route.Destination.Registry;

        var tooFew = await Assert.ThrowsAsync<TooFewSignaturesException>(() => registry.MirrorCommitmentAsync(attestation, Signer(1).Sign(attestation)));
        Assert.Equal(RelayRoute.Threshold, (int)tooFew.Threshold);
        var outsider = await Assert.ThrowsAsync<NotCommitteeMemberException>(() => registry.MirrorCommitmentAsync(attestation, Signer(1, 7).Sign(attestation)));
        Assert.Equal(chains.Destination.DevAccounts[7].Address, outsider.Signer, ignoreCase: true);
        Assert.Empty(await route.MirroredSequencesAsync());

        // The relay refuses such keys before it signs anything.
        var options = route.Options(StatePath());
        await Assert.ThrowsAsync<RelaySetupException>(() => CommitteeRelay.CreateAsync(options with { CommitteeKeys = RelayRoute.KeysOf([1]) }));
        await Assert.ThrowsAsync<RelaySetupException>(() => CommitteeRelay.CreateAsync(options with { CommitteeKeys = RelayRoute.KeysOf([1, 7]) }));

        // Two members' signatures: accepted.
        await registry.MirrorCommitmentAsync(attestation, Signer(2, 3).Sign(attestation));
        Assert.Equal([post.Sequence], await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task AStateFileOfAnotherRoute_OrNotAStateFile_IsRefusedNamingTheFile()
    {
        var route = await RelayRoute.DeployAsync(chains);
        await route.PostAsync(Account(6), RelayRoute.Commitments(10).First(), 1);
        await (await CommitteeRelay.CreateAsync(route.Options(StatePath(), confirmations: 0))).PassAsync();

        // The same state file for a relay to another destination registry.
        var other = await RelayRoute.DeployAsync(chains);
        var refused = await Assert.ThrowsAsync<RelaySetupException>(() => CommitteeRelay.CreateAsync(other.Options(StatePath())));
        Assert.Contains(StatePath(), refused.Message);

        File.WriteAllText(StatePath(), File.ReadAllText(StatePath()).Replace("\"block\"", "\"blocks\"", StringComparison.Ordinal));
        var malformed = await Assert.ThrowsAsync<RelayStateFileException>(() => CommitteeRelay.CreateAsync(route.Options(StatePath())));
        Assert.Equal(StatePath(), malformed.File);
        Assert.StartsWith(StatePath(), malformed.Message);
    }
}

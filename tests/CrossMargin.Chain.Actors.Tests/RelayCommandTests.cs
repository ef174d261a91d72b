using CrossMargin.Chain.Actors.Relay;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>`crossmargin relay` run as a script runs it, between the two real anvil chains.</summary>
[Collection(RelayCollection.Name)]
public sealed class RelayCommandTests(RelayChains chains) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crossmargin-relay-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The route's deployment files and committee keys file in the test's folder; the verb's arguments for them.</summary>
    private string[] Arguments(RelayRoute route, params string[] more)
    {
        route.Source.Deployment.Write(Path.Combine(_folder, "source.json"));
        route.Destination.Deployment.Write(Path.Combine(_folder, "destination.json"));
        CommitteeKeysFile.Write(Path.Combine(_folder, "committee.json"), RelayRoute.RelayKeyAccounts.Select(i => AnvilNode.DevKeys[i]));
        return
        [
            "relay",
            "--source-rpc", chains.Source.Endpoint.ToString(), "--source-deployment", "source.json",
            "--rpc", chains.Destination.Endpoint.ToString(), "--deployment", "destination.json",
            "--committee-keys", "committee.json", "--private-key", AnvilNode.DevKeys[4],
            .. more,
        ];
    }

    [Fact]
    public async Task RelayOnce_CarriesAPostBetweenTwoNodes_AndPrintsItWithItsGas()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var (post, _) = await route.PostAsync(chains.Source.DevAccounts[6].Address, RelayRoute.Commitments(20).First(), 1);
        await chains.Source.MineAsync(2);

        var (code, output, error) = CrossmarginCli.RunIn(_folder, Arguments(route, "--once"));
        Assert.True(code == 0, error);
        Assert.Contains($"carried sequence {post.Sequence} ", output);
        Assert.Contains(", gas ", output);
        Assert.DoesNotContain(AnvilNode.DevKeys[4][2..], output + error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AnvilNode.DevKeys[1][2..], output + error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([post.Sequence], await route.MirroredSequencesAsync());
        Assert.NotNull(RelayState.ReadIfExists(Path.Combine(_folder, "relay-state.json")));

        // Again: resumes from the state file and carries nothing twice.
        var (again, againOutput, againError) = CrossmarginCli.RunIn(_folder, Arguments(route, "--once"));
        Assert.True(again == 0, againError);
        Assert.DoesNotContain("carried sequence", againOutput);
        Assert.Contains("resuming after source block", againError);
        Assert.Equal([post.Sequence], await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task ACommitteeKeysFileThatIsNotOne_ExitsTwoNamingTheFile()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var arguments = Arguments(route, "--once");
        File.WriteAllText(Path.Combine(_folder, "committee.json"), """{ "format": "crossmargin-committee-keys/1", "keys": ["0x1234"] }""");
        var (code, _, error) = CrossmarginCli.RunIn(_folder, arguments);
        Assert.Equal(2, code);
        Assert.Contains("committee.json: $.keys[0]", error);
        Assert.DoesNotContain("   at ", error);

        File.WriteAllText(Path.Combine(_folder, "committee.json"), """{ "format": "crossmargin-committee-keys/1", "keys": [], "extra": 1 }""");
        (code, _, error) = CrossmarginCli.RunIn(_folder, arguments);
        Assert.Equal(2, code);
        Assert.Contains("committee.json", error);
    }

    [Fact]
    public void MissingRpc_ExitsTwoNamingTheOption()
    {
        var (code, _, error) = CrossmarginCli.RunIn(_folder, "relay", "--source-rpc", chains.Source.Endpoint.ToString(), "--source-deployment", "source.json",
            "--deployment", "destination.json", "--committee-keys", "committee.json", "--once");
        Assert.Equal(2, code);
        Assert.Contains("--rpc <url> is required", error);
    }

    [Fact]
    public async Task ARunningRelay_CarriesAsPostsArrive_AndExitsZeroOnInterrupt()
    {
        var route = await RelayRoute.DeployAsync(chains);
        await using var relay = RunningCli.StartIn(_folder, Arguments(route, "--confirmations", "0", "--poll", "0.2"));
        Assert.True(await relay.WaitForOutputAsync("relaying from", TimeSpan.FromSeconds(60)), relay.Output);

        var (post, _) = await route.PostAsync(chains.Source.DevAccounts[7].Address, RelayRoute.Commitments(21).First(), 1);
        Assert.True(await relay.WaitForOutputAsync($"carried sequence {post.Sequence} ", TimeSpan.FromSeconds(60)), relay.Output);

        Assert.Equal(0, await relay.InterruptAsync());
        Assert.Contains("stopped; the cursor is at source block", relay.Output);
        Assert.Equal([post.Sequence], await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task AKilledRelayProcess_ResumesOnItsStateFile_WithoutLossOrDuplicate()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var commitments = RelayRoute.Commitments(22).GetEnumerator();
        var posted = new List<ulong>();
        async Task Post(int account)
        {
            commitments.MoveNext();
            posted.Add((await route.PostAsync(chains.Source.DevAccounts[account].Address, commitments.Current, 1)).Post.Sequence);
        }

        await using (var relay = RunningCli.StartIn(_folder, Arguments(route, "--confirmations", "0", "--poll", "0.2")))
        {
            Assert.True(await relay.WaitForOutputAsync("relaying from", TimeSpan.FromSeconds(60)), relay.Output);
            await Post(6);
            await Post(7);
            Assert.True(await relay.WaitForOutputAsync($"carried sequence {posted[1]} ", TimeSpan.FromSeconds(60)), relay.Output);
            relay.Kill(); // SIGKILL: nothing of its own shutdown runs
        }
        await Post(8);
        await Post(9);

        var (code, output, error) = CrossmarginCli.RunIn(_folder, Arguments(route, "--confirmations", "0", "--once"));
        Assert.True(code == 0, error);
        Assert.DoesNotContain($"carried sequence {posted[0]} ", output);
        Assert.Contains($"carried sequence {posted[3]} ", output);
        Assert.Equal(posted, await route.MirroredSequencesAsync());
    }

    [Fact]
    public async Task AReorgBelowTheCursor_ExitsOneNamingTheBlock()
    {
        var route = await RelayRoute.DeployAsync(chains);
        var fork = await chains.Source.SnapshotAsync();
        var commitments = RelayRoute.Commitments(23).Take(2).ToList();
        await route.PostAsync(chains.Source.DevAccounts[6].Address, commitments[0], 1);
        var (carried, _, carriedError) = CrossmarginCli.RunIn(_folder, Arguments(route, "--confirmations", "0", "--once"));
        Assert.True(carried == 0, carriedError);
        var cursor = RelayState.ReadIfExists(Path.Combine(_folder, "relay-state.json"))!;

        await chains.Source.RevertAsync(fork);
        await route.PostAsync(chains.Source.DevAccounts[6].Address, commitments[1], 1);
        await chains.Source.MineAsync(2);
        var (code, output, error) = CrossmarginCli.RunIn(_folder, Arguments(route, "--confirmations", "0", "--once"));
        Assert.Equal(1, code);
        Assert.Contains($"block {cursor.Block} was {cursor.BlockHash}", error);
        Assert.DoesNotContain("carried sequence", output);
        Assert.Single(await route.MirroredSequencesAsync());
    }
}

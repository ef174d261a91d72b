using CrossMargin.Chain.Actors.Trader;
using CrossMargin.Margin;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The node dies mid-flow and comes back from what it had persisted (anvil's state dumped, the
/// process killed, a new one loaded on the same port): the trader says what happened, keeps its
/// proof, and on resuming sends it once: again if the node lost the transaction, not at all if
/// the node kept it.
/// </summary>
public sealed class NodeRestartTests(FlowSystem system) : IClassFixture<FlowSystem>
{
    [Fact]
    public async Task AProofSentToANodeThatLostItIsSentAgainOnResume_AndOneTheNodeKeptIsNot()
    {
        var random = new Random(4401);
        var account = system.TraderAddress;
        var lending = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(10_000m, 1m, 2_000m), 1, random);
        await system.Operator.Lending.PostAsync(account, lending.Commitment, 1);
        var directory = Directory.CreateTempSubdirectory("crossmargin-trader-").FullName;

        // The proof is sent and mined, but the node dies with a state from before it.
        var proof = await system.Prover(system.Keeper, directory).ProveAsync(account, [lending], MarginLevel.Maintenance);
        var before = await system.Node.DumpStateAsync();
        var sent = await system.Prover(system.Keeper, directory).SubmitAsync(proof);
        Assert.Equal(SubmissionStatus.Recorded, sent.Submission.Status);
        await system.RestartAsync(before);
        Assert.Equal(0UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
        // As the trader found it at restart: sent, its receipt never seen.
        (sent.Submission with { Status = SubmissionStatus.Sent, GasUsed = null }).Write(proof.File);

        var resumed = Assert.Single(await system.Prover(system.Keeper, directory).ResumeAsync());
        Assert.Equal(SubmissionStatus.Recorded, resumed.Submission.Status);
        Assert.NotEqual(sent.Submission.Transaction, resumed.Submission.Transaction);
        Assert.Equal(1UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);

        // The node dies again, this time with the proof in its state: resuming sends nothing.
        var after = await system.Node.DumpStateAsync();
        await system.RestartAsync(after);
        (resumed.Submission with { Status = SubmissionStatus.Sent, GasUsed = null }).Write(proof.File);
        var settled = Assert.Single(await system.Prover(system.Keeper, directory).ResumeAsync());
        Assert.Equal(SubmissionStatus.Recorded, settled.Submission.Status);
        Assert.Equal(resumed.Submission.Transaction, settled.Submission.Transaction);
        Assert.Equal(1UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }

    [Fact]
    public async Task ATraderWhoseNodeIsDownSaysSo_AndKeepsTheProofForLater()
    {
        var random = new Random(4402);
        var account = "0x00000000000000000000000000000000000044a2";
        await system.CloseRoundAsync(system.Example.Oracle.AssetPrices, system.Example.Oracle.UnderlyingPrices);
        var lending = system.OpeningOf(system.Operator.Lending.Address, account, FlowSystem.LendingState(10_000m, 1m, 2_000m), 1, random);
        await system.Operator.Lending.PostAsync(account, lending.Commitment, 1);
        var directory = Directory.CreateTempSubdirectory("crossmargin-trader-").FullName;
        var proof = await system.Prover(system.Keeper, directory).ProveAsync(account, [lending], MarginLevel.Maintenance);
        var state = await system.Node.DumpStateAsync();
        await system.Node.DisposeAsync();

        var down = await Assert.ThrowsAnyAsync<Exception>(() => system.Prover(system.Keeper, directory).SubmitAsync(proof));
        // The node's absence, as the transport reports it: no other failure stands in for it.
        Assert.True(down is Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException or HttpRequestException,
            $"{down.GetType().Name}: {down.Message}");
        Assert.Equal(SubmissionStatus.Proved, ProofSubmission.Read(proof.File).Status);

        await system.RestartAsync(state);
        var resumed = Assert.Single(await system.Prover(system.Keeper, directory).ResumeAsync());
        Assert.Equal(SubmissionStatus.Recorded, resumed.Submission.Status);
        Assert.Equal(1UL, (await system.Governance.Gate.HealthOfAsync(account)).Nonce);
    }
}

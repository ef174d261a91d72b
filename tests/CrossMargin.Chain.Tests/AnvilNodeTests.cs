using CrossMargin.Chain;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Tests;

public class AnvilNodeTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task ChainId_IsTheOneTheNodeWasStartedWith()
    {
        Assert.Equal(anvil.Options.ChainId, await anvil.Rpc.ChainIdAsync());
    }

    [Fact]
    public async Task Mining_AdvancesTheHeadByExactlyTheBlocksMined()
    {
        var before = await anvil.Rpc.BlockNumberAsync();
        await anvil.Rpc.MineAsync(1);
        Assert.Equal(before + 1, await anvil.Rpc.BlockNumberAsync());
        await anvil.Rpc.MineAsync(5);
        var head = await anvil.Rpc.BlockNumberAsync();
        Assert.Equal(before + 6, head);
        Assert.Equal(head, await anvil.Rpc.GetBlockNumberOfAsync(BlockTag.Latest));
        Assert.Null(await anvil.Rpc.GetBlockNumberOfAsync(BlockTag.Number(head + 1000)));
    }

    [Fact]
    public async Task DevAccounts_HoldTheConfiguredStartingBalance()
    {
        var accounts = await anvil.Rpc.AccountsAsync();
        Assert.Equal(10, accounts.Count);
        foreach (var account in accounts)
            Assert.Equal(AnvilNode.StartingBalanceWei(anvil.Options), await anvil.Rpc.GetBalanceAsync(account, BlockTag.Latest));
        // An address nobody funded holds nothing.
        Assert.Equal(0, await anvil.Rpc.GetBalanceAsync(EthAddress.Parse("0x00000000000000000000000000000000c0ffee00"), BlockTag.Latest));
    }

    [Fact]
    public async Task UnknownMethod_IsAnErrorResponseCarryingTheNodesCode()
    {
        var e = await Assert.ThrowsAsync<RpcErrorResponseException>(() => anvil.Rpc.CallAsync("eth_noSuchMethod", []));
        Assert.Equal(-32601, e.Code);
        Assert.Equal("eth_noSuchMethod", e.Method);
    }

    [Fact]
    public async Task SecondNode_WithAnotherChainId_RunsBesideTheFirst_AndStopsWhenDisposed()
    {
        Uri endpoint;
        await using (var other = await AnvilNode.StartAsync(new AnvilOptions { ChainId = 4242 }))
        {
            endpoint = other.Endpoint;
            Assert.NotEqual(anvil.Node.Endpoint, endpoint);
            Assert.Equal(4242UL, await other.Rpc.ChainIdAsync());
            Assert.Equal(anvil.Options.ChainId, await anvil.Rpc.ChainIdAsync());
        }
        using var client = new JsonRpcClient(endpoint, TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<RpcTransportException>(() => client.ChainIdAsync());
    }

    [Fact]
    public async Task MissingExecutable_IsAStartErrorNamingIt()
    {
        var e = await Assert.ThrowsAsync<AnvilStartException>(
            () => AnvilNode.StartAsync(new AnvilOptions { Executable = "/nonexistent/anvil", StartupTimeout = TimeSpan.FromSeconds(5) }));
        Assert.Contains("exited", e.Message);
    }
}

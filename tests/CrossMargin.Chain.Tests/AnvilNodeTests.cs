using System.Net;
using System.Net.Sockets;
using System.Text;
using CrossMargin.Chain;
using CrossMargin.Testing;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Xunit;

namespace CrossMargin.Chain.Tests;

public class AnvilNodeTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task ChainId_IsTheOneTheNodeWasStartedWith()
    {
        Assert.Equal(anvil.Options.ChainId, (ulong)(await anvil.Web3.Eth.ChainId.SendRequestAsync()).Value);
    }

    [Fact]
    public async Task Mining_AdvancesTheHeadByExactlyTheBlocksMined()
    {
        var before = (await anvil.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        await anvil.Node.MineAsync(1);
        Assert.Equal(before + 1, (await anvil.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value);
        await anvil.Node.MineAsync(5);
        var head = (await anvil.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        Assert.Equal(before + 6, head);
        var latest = await anvil.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        Assert.Equal(head, latest.Number.Value);
    }

    [Fact]
    public async Task DevAccounts_AreTheNodesOwnAccounts_AndHoldTheConfiguredStartingBalance()
    {
        var accounts = await anvil.Web3.Eth.Accounts.SendRequestAsync();
        // The keys listed in AnvilNode are those of anvil's default mnemonic, in its order.
        Assert.Equal(accounts.Select(a => a.ToLowerInvariant()), anvil.Node.DevAccounts.Select(a => a.Address.ToLowerInvariant()));
        foreach (var account in anvil.Node.DevAccounts)
            Assert.Equal(AnvilNode.StartingBalanceWei(anvil.Options), (await anvil.Web3.Eth.GetBalance.SendRequestAsync(account.Address)).Value);
        // An address nobody funded holds nothing.
        Assert.Equal(0, (await anvil.Web3.Eth.GetBalance.SendRequestAsync("0x00000000000000000000000000000000c0ffee00")).Value);
    }

    [Fact]
    public async Task DevAccount_SignsAnEip1559TransferThatTheNodeMines()
    {
        var web3 = anvil.Node.Web3For(9);
        const string to = "0x00000000000000000000000000000000000b0b00";
        var receipt = await web3.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(to, 1.5m);
        Assert.Equal(1, receipt.Status.Value);
        Assert.Equal(2, (int)receipt.Type.Value); // EIP-1559, signed here rather than by the node
        Assert.Equal(Web3.Convert.ToWei(1.5m), (await anvil.Web3.Eth.GetBalance.SendRequestAsync(to)).Value);
    }

    [Fact]
    public async Task UnknownMethod_IsAnRpcResponseErrorCarryingTheNodesCode()
    {
        var e = await Assert.ThrowsAsync<RpcResponseException>(() => anvil.Node.Client.SendRequestAsync<string>(new RpcRequest(1, "eth_noSuchMethod")));
        Assert.Equal(-32601, e.RpcError.Code);
    }

    [Fact]
    public async Task SecondNode_WithAnotherChainId_RunsBesideTheFirst_AndIsUnreachableOnceDisposed()
    {
        Uri endpoint;
        await using (var other = await AnvilNode.StartAsync(new AnvilOptions { ChainId = 4242 }))
        {
            endpoint = other.Endpoint;
            Assert.NotEqual(anvil.Node.Endpoint, endpoint);
            Assert.Equal(4242, (int)(await other.Web3.Eth.ChainId.SendRequestAsync()).Value);
            Assert.Equal(anvil.Options.ChainId, (ulong)(await anvil.Web3.Eth.ChainId.SendRequestAsync()).Value);
        }
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => new Web3(endpoint.ToString()).Eth.ChainId.SendRequestAsync());
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task UnreachableUrl_IsNethereumsTransportError_WithTheSocketErrorInside()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => new Web3("http://127.0.0.1:9/").Eth.ChainId.SendRequestAsync());
        var http = Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Equal(HttpRequestError.ConnectionError, http.HttpRequestError);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"jsonrpc\":\"2.0\",")]
    public async Task GarbageAnswer_IsNethereumsClientError_NotAValue(string body)
    {
        using var server = new CannedHttpServer(body);
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => new Web3(server.Url).Eth.ChainId.SendRequestAsync());
        Assert.IsAssignableFrom<Newtonsoft.Json.JsonException>(e.InnerException);
    }

    [Fact]
    public async Task MissingExecutable_IsAStartErrorNamingIt()
    {
        var e = await Assert.ThrowsAsync<AnvilStartException>(
            () => AnvilNode.StartAsync(new AnvilOptions { Executable = "/nonexistent/anvil", StartupTimeout = TimeSpan.FromSeconds(5) }));
        Assert.Contains("exited", e.Message);
    }

    /// <summary>A loopback HTTP server that answers every request with status 200 and the same body: a broken node, not a chain.</summary>
    private sealed class CannedHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public CannedHttpServer(string body)
        {
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
            var bytes = Encoding.UTF8.GetBytes(body);
            var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n").Concat(bytes).ToArray();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    // Reads the request's headers and body (small: one JSON-RPC call), then answers.
                    var buffer = new byte[64 * 1024];
                    await Task.Delay(50, _stop.Token);
                    socket.Receive(buffer, SocketFlags.None);
                    await socket.SendAsync(answer, SocketFlags.None, _stop.Token);
                    socket.Shutdown(SocketShutdown.Both);
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}

using System.Net;
using System.Numerics;
using System.Text;
using CrossMargin.Chain;
using Xunit;

namespace CrossMargin.Chain.Tests;

/// <summary>
/// The client against hostile or broken answers that a real node does not give: each must be
/// a typed error that says what was wrong, never a default value or an unrelated exception.
/// </summary>
public class JsonRpcClientTests
{
    /// <summary>Answers every request with the same status and body (a broken server, not a chain).</summary>
    private sealed class CannedAnswer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }

    private static JsonRpcClient Answering(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(new Uri("http://127.0.0.1:9/"), handler: new CannedAnswer(status, body));

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1,2,3]", "not an object")]
    [InlineData("""{"id":1,"result":"0x1"}""", "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":99,"result":"0x1"}""", "id")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", "neither result nor error")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"error":"boom"}""", "malformed")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":7}""", "not a hex quantity")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"0x01"}""", "leading zero")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"12"}""", "0x prefix")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"0x"}""", "no digits")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"0xzz"}""", "not a hex digit")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"0x10000000000000000"}""", "exceeds 64 bits")]
    public async Task MalformedAnswer_IsAProtocolErrorSayingWhat(string body, string expected)
    {
        using var client = Answering(body);
        var e = await Assert.ThrowsAsync<RpcProtocolException>(() => client.ChainIdAsync());
        Assert.Contains(expected, e.Message);
        Assert.Equal("eth_chainId", e.Method);
    }

    [Fact]
    public async Task ErrorObject_IsAnErrorResponseWithCodeMessageAndData()
    {
        using var client = Answering("""{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}""");
        var e = await Assert.ThrowsAsync<RpcErrorResponseException>(() => client.BlockNumberAsync());
        Assert.Equal(3, e.Code);
        Assert.Equal("execution reverted", e.Error);
        Assert.Equal("\"0x08c379a0\"", e.ErrorData);
    }

    [Fact]
    public async Task HttpFailure_IsATransportError()
    {
        using var client = Answering("oops", HttpStatusCode.BadGateway);
        var e = await Assert.ThrowsAsync<RpcTransportException>(() => client.ChainIdAsync());
        Assert.Contains("502", e.Message);
    }

    [Fact]
    public async Task NothingListening_IsATransportError()
    {
        using var client = new JsonRpcClient(new Uri("http://127.0.0.1:9/"), TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<RpcTransportException>(() => client.ChainIdAsync());
    }

    [Theory]
    [InlineData("0x0", 0)]
    [InlineData("0x1", 1)]
    [InlineData("0xff", 255)]
    [InlineData("0x8000", 32768)]
    public void Quantity_ParsesCanonicalForms_AndFormatsBackTheSame(string text, long value)
    {
        Assert.True(HexQuantity.TryParse(text, 64, out var parsed, out _));
        Assert.Equal(new BigInteger(value), parsed);
        Assert.Equal(text, HexQuantity.Format(parsed));
    }

    [Fact]
    public void Quantity_AtTheBitLimit_IsAcceptedAndOneBeyondIsNot()
    {
        var max = (BigInteger.One << 256) - 1;
        Assert.True(HexQuantity.TryParse(HexQuantity.Format(max), 256, out var parsed, out _));
        Assert.Equal(max, parsed);
        Assert.False(HexQuantity.TryParse(HexQuantity.Format(max + 1), 256, out _, out _));
    }

    [Fact]
    public void Address_RoundTripsThroughItsText()
    {
        const string text = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        Assert.Equal(text, EthAddress.Parse(text).ToString());
        Assert.Equal(EthAddress.Parse(text), EthAddress.Parse(text.ToUpperInvariant().Replace("0X", "0x")));
        Assert.False(EthAddress.TryParse("0x1234", out _));
        Assert.False(EthAddress.TryParse("0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266", out _));
    }
}

using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace CrossMargin.Chain;

/// <summary>A block reference for state queries: a number, or one of the node's tags.</summary>
public readonly record struct BlockTag(string Value)
{
    public static BlockTag Latest => new("latest");
    public static BlockTag Pending => new("pending");
    public static BlockTag Number(ulong n) => new(HexQuantity.Format(n));
    public override string ToString() => Value;
}

/// <summary>
/// A thin Ethereum JSON-RPC 2.0 client over HTTP. Every answer is validated before use: a
/// node that refuses a call raises <see cref="RpcErrorResponseException"/>, an unreachable or
/// slow node <see cref="RpcTransportException"/>, and an answer of the wrong shape
/// <see cref="RpcProtocolException"/>; none is ever read as a default value.
/// </summary>
public sealed class JsonRpcClient : IDisposable
{
    /// <summary>Answers above this size are refused rather than buffered.</summary>
    public const int MaxResponseBytes = 64 << 20;

    private readonly HttpClient _http;
    private long _nextId;

    public JsonRpcClient(Uri endpoint, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        Endpoint = endpoint;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.MaxResponseContentBufferSize = MaxResponseBytes;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        CallTimeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    public Uri Endpoint { get; }

    public TimeSpan CallTimeout { get; }

    /// <summary>
    /// Calls <paramref name="method"/> and returns its "result" (a clone, independent of the
    /// response buffer).
    /// </summary>
    public async Task<JsonElement> CallAsync(string method, object?[] parameters, CancellationToken cancellation = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id, method, @params = parameters });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(CallTimeout);
        byte[] answer;
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(Endpoint, content, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new RpcTransportException(method, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {Endpoint}");
            answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new RpcTransportException(method, $"no answer from {Endpoint} within {CallTimeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new RpcTransportException(method, $"cannot reach {Endpoint}: {e.Message}", e);
        }

        return ParseResponse(method, id, answer);
    }

    private static JsonElement ParseResponse(string method, long id, byte[] answer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new RpcProtocolException(method, $"answer is not JSON ({e.Message}): {Excerpt(answer)}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new RpcProtocolException(method, $"answer is a JSON {root.ValueKind}, not an object: {Excerpt(answer)}");
            if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
                throw new RpcProtocolException(method, "answer lacks \"jsonrpc\": \"2.0\"");
            if (!root.TryGetProperty("id", out var answerId) || answerId.ValueKind != JsonValueKind.Number || !answerId.TryGetInt64(out var n) || n != id)
                throw new RpcProtocolException(method, $"answer's id is not the request's id {id}");

            var hasResult = root.TryGetProperty("result", out var result);
            var hasError = root.TryGetProperty("error", out var error);
            if (hasError && error.ValueKind != JsonValueKind.Null)
            {
                if (error.ValueKind != JsonValueKind.Object
                    || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt64(out var errorCode)
                    || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                    throw new RpcProtocolException(method, $"answer's error object is malformed: {Excerpt(answer)}");
                string? data = error.TryGetProperty("data", out var d) ? d.GetRawText() : null;
                throw new RpcErrorResponseException(method, errorCode, message.GetString()!, data);
            }
            if (!hasResult)
                throw new RpcProtocolException(method, "answer has neither result nor error");
            return result.Clone();
        }
    }

    public async Task<ulong> ChainIdAsync(CancellationToken cancellation = default) =>
        (ulong)ReadQuantity("eth_chainId", await CallAsync("eth_chainId", [], cancellation).ConfigureAwait(false), 64);

    public async Task<ulong> BlockNumberAsync(CancellationToken cancellation = default) =>
        (ulong)ReadQuantity("eth_blockNumber", await CallAsync("eth_blockNumber", [], cancellation).ConfigureAwait(false), 64);

    public async Task<BigInteger> GetBalanceAsync(EthAddress account, BlockTag block, CancellationToken cancellation = default) =>
        ReadQuantity("eth_getBalance", await CallAsync("eth_getBalance", [account.ToString(), block.Value], cancellation).ConfigureAwait(false), 256);

    public async Task<IReadOnlyList<EthAddress>> AccountsAsync(CancellationToken cancellation = default)
    {
        var result = await CallAsync("eth_accounts", [], cancellation).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.Array)
            throw new RpcProtocolException("eth_accounts", $"result is a JSON {result.ValueKind}, not an array");
        return result.EnumerateArray()
            .Select((e, i) => e.ValueKind == JsonValueKind.String && EthAddress.TryParse(e.GetString(), out var a)
                ? a
                : throw new RpcProtocolException("eth_accounts", $"result[{i}] is not an address: {e.GetRawText()}"))
            .ToList();
    }

    /// <summary>The number of the block with the given tag, read from eth_getBlockByNumber.</summary>
    public async Task<ulong?> GetBlockNumberOfAsync(BlockTag block, CancellationToken cancellation = default)
    {
        var result = await CallAsync("eth_getBlockByNumber", [block.Value, false], cancellation).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null) return null;
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("number", out var number))
            throw new RpcProtocolException("eth_getBlockByNumber", "result is not a block object with a number");
        return (ulong)ReadQuantity("eth_getBlockByNumber", number, 64, "number");
    }

    /// <summary>Mines <paramref name="blocks"/> blocks at once (anvil's anvil_mine).</summary>
    public async Task MineAsync(ulong blocks = 1, CancellationToken cancellation = default) =>
        await CallAsync("anvil_mine", [HexQuantity.Format(blocks)], cancellation).ConfigureAwait(false);

    /// <summary>Reads a QUANTITY field of an answer; a malformed one is a protocol error naming the field.</summary>
    public static BigInteger ReadQuantity(string method, JsonElement value, int maxBits, string field = "result")
    {
        if (value.ValueKind != JsonValueKind.String)
            throw new RpcProtocolException(method, $"{field} is a JSON {value.ValueKind}, not a hex quantity string");
        if (!HexQuantity.TryParse(value.GetString()!, maxBits, out var quantity, out var problem))
            throw new RpcProtocolException(method, $"{field} is not a quantity: {problem}");
        return quantity;
    }

    private static string Excerpt(byte[] answer)
    {
        var text = Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 200));
        return answer.Length > 200 ? text + "..." : text;
    }

    public void Dispose() => _http.Dispose();
}

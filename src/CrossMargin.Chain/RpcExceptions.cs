namespace CrossMargin.Chain;

/// <summary>A JSON-RPC call that did not produce a usable answer. Always names the method.</summary>
public abstract class RpcException : Exception
{
    protected RpcException(string method, string message, Exception? inner = null)
        : base($"{method}: {message}", inner) => Method = method;

    public string Method { get; }
}

/// <summary>The node could not be reached, or did not answer in time, or answered with an HTTP error.</summary>
public sealed class RpcTransportException(string method, string message, Exception? inner = null)
    : RpcException(method, message, inner);

/// <summary>The node answered with a JSON-RPC error object (the call itself was refused).</summary>
public sealed class RpcErrorResponseException(string method, long code, string error, string? data)
    : RpcException(method, $"node returned error {code}: {error}{(data is null ? "" : $" (data: {data})")}")
{
    public long Code { get; } = code;
    public string Error { get; } = error;
    public string? ErrorData { get; } = data;
}

/// <summary>The node's answer is not well-formed JSON-RPC, or a field in it has the wrong shape.</summary>
public sealed class RpcProtocolException(string method, string message, Exception? inner = null)
    : RpcException(method, message, inner);

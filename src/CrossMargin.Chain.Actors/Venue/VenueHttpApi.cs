using System.Net;
using System.Text;
using System.Text.Json;
using Nethereum.JsonRpc.Client;

namespace CrossMargin.Chain.Actors.Venue;

/// <summary>
/// The venue operator's HTTP API on 127.0.0.1 (docs/venue.md, "HTTP API"): the trader reads its
/// opening, the venue's front end posts states and trades. Requests are served one at a time,
/// each to its end even when the server is asked to stop meanwhile.
/// <list type="bullet">
/// <item><c>GET /accounts/{account}/opening</c>: the current opening file (200), 404 when the venue holds nothing for the account;</item>
/// <item><c>PUT|POST /accounts/{account}/state</c> with a state: posts it, returns the new opening;</item>
/// <item><c>POST /accounts/{account}/trade</c> with <c>{"state": ...}</c> (perp venue): returns the proposed opening to prove over;</item>
/// <item><c>POST /accounts/{account}/trade/confirm</c> with <c>{"proof", "proofNonce", "roundId", "tau"}</c>: opens the position, returns the new opening;</item>
/// <item><c>POST /accounts/{account}/withdraw</c> and <c>/withdraw/confirm</c> (lending venue): the same for a withdrawal, the confirmation also naming <c>"token"</c> and <c>"amount"</c>.</item>
/// </list>
/// Errors are JSON <c>{"error": ...}</c>: 400 with <c>"field"</c> for a bad request, 404 for an unknown
/// path or account, 405 for another method, 409 with <c>"revert"</c> when the chain refused, 502 when
/// the node did not answer, 500 when the book cannot be read.
/// </summary>
public sealed class VenueHttpApi : IDisposable
{
    /// <summary>The largest request body read (a state is well under 4 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly HttpListener _listener = new();
    private readonly VenueOperator _operator;
    private readonly Action<string>? _log;

    /// <summary>Listens on http://127.0.0.1:<paramref name="port"/>/ (loopback only); throws <see cref="HttpListenerException"/> when the port is taken.</summary>
    public VenueHttpApi(VenueOperator venueOperator, int port, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(venueOperator);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _operator = venueOperator;
        _log = log;
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
    }

    public Uri Address { get; }

    /// <summary>Serves requests until <paramref name="stop"/> is cancelled; the request being served is finished first.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var stopped = Task.Delay(Timeout.Infinite, stop);
        while (!stop.IsCancellationRequested)
        {
            var next = _listener.GetContextAsync();
            if (await Task.WhenAny(next, stopped).ConfigureAwait(false) != next) break;
            await ServeAsync(await next.ConfigureAwait(false)).ConfigureAwait(false);
        }
        _listener.Stop();
    }

    public void Dispose() => ((IDisposable)_listener).Dispose();

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var (status, body) = await AnswerAsync(request).ConfigureAwait(false);
        if (status >= 400) _log?.Invoke($"http {status} {request.HttpMethod} {request.Url?.AbsolutePath}: {body}");
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = context.Response;
        try
        {
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            response.Close();
        }
        catch (HttpListenerException)
        {
            // The client went away: what was done is done (and in the book); nothing to answer.
        }
    }

    private async Task<(int Status, string Body)> AnswerAsync(HttpListenerRequest request)
    {
        var segments = (request.Url?.AbsolutePath ?? "/").Trim('/').Split('/');
        if (segments.Length is < 3 or > 4 || segments[0] != "accounts") return NotFound(request);
        var route = string.Join('/', segments[2..]);
        bool? allowed = route switch
        {
            "opening" => request.HttpMethod == "GET",
            "state" => request.HttpMethod is "PUT" or "POST",
            "trade" or "trade/confirm" or "withdraw" or "withdraw/confirm" => request.HttpMethod == "POST",
            _ => null,
        };
        if (allowed is null) return NotFound(request);
        if (allowed == false) return (405, Error($"{request.HttpMethod} is not allowed on /accounts/{{account}}/{route}"));
        try
        {
            var account = VenueRequests.Account(Uri.UnescapeDataString(segments[1]));
            var configuration = _operator.Configuration;
            switch (route)
            {
                case "opening":
                    return _operator.CurrentOpening(account) is null
                        ? (404, Error($"the {VenueOperator.Name(_operator.Kind)} venue holds no opening for {account}"))
                        : (200, await File.ReadAllTextAsync(_operator.Book.CurrentPath(account)).ConfigureAwait(false));
                case "state":
                    await _operator.SetStateAsync(account, VenueRequests.State(await BodyAsync(request).ConfigureAwait(false), configuration)).ConfigureAwait(false);
                    return (200, await File.ReadAllTextAsync(_operator.Book.CurrentPath(account)).ConfigureAwait(false));
                case "trade":
                    await _operator.ProposeTradeAsync(account, VenueRequests.Proposal(await BodyAsync(request).ConfigureAwait(false), configuration)).ConfigureAwait(false);
                    return (200, await File.ReadAllTextAsync(_operator.Book.ProposedPath(account)).ConfigureAwait(false));
                case "withdraw":
                    await _operator.ProposeWithdrawalAsync(account, VenueRequests.Proposal(await BodyAsync(request).ConfigureAwait(false), configuration)).ConfigureAwait(false);
                    return (200, await File.ReadAllTextAsync(_operator.Book.ProposedPath(account)).ConfigureAwait(false));
                case "trade/confirm":
                    await _operator.OpenPositionAsync(account, VenueRequests.Confirmation(await BodyAsync(request).ConfigureAwait(false))).ConfigureAwait(false);
                    return (200, await File.ReadAllTextAsync(_operator.Book.CurrentPath(account)).ConfigureAwait(false));
                default:
                    var (confirmation, token, amount) = VenueRequests.Withdrawal(await BodyAsync(request).ConfigureAwait(false));
                    await _operator.WithdrawAsync(account, token, amount, confirmation).ConfigureAwait(false);
                    return (200, await File.ReadAllTextAsync(_operator.Book.CurrentPath(account)).ConfigureAwait(false));
            }
        }
        catch (VenueRequestException e)
        {
            return (400, Error(e.Message, ("field", e.Field)));
        }
        catch (ContractRevertException e)
        {
            return (409, Error(e.Message, ("revert", e.ErrorName)));
        }
        catch (TransactionFailedException e)
        {
            return (409, Error(e.Message));
        }
        catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException or HttpRequestException)
        {
            return (502, Error($"the node did not answer: {e.Message}"));
        }
        catch (Exception e) when (e is MalformedInputException or IOException)
        {
            return (500, Error($"the operator's book cannot be read: {e.Message}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not take the venue down with it: this request fails, the next is served.
            return (500, Error($"internal error ({e.GetType().Name}): {e.Message}"));
        }
    }

    /// <summary>The request's body as UTF-8 text, at most <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string> BodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) throw new VenueRequestException("$", $"the body is larger than {MaxBodyBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new VenueRequestException("$", "the body is not UTF-8");
        }
    }

    private static (int, string) NotFound(HttpListenerRequest request) =>
        (404, Error($"no such resource: {request.Url?.AbsolutePath} (the API: /accounts/{{account}}/opening, /state, /trade, /trade/confirm, /withdraw, /withdraw/confirm)"));

    private static string Error(string message, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["error"] = message };
        foreach (var (key, value) in extra) fields[key] = value;
        return JsonSerializer.Serialize(fields) + "\n";
    }
}

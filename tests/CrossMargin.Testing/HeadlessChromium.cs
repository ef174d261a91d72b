using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossMargin.Testing;

/// <summary>
/// A real headless Chromium (Debian's, /usr/bin/chromium) driven over the Chrome DevTools
/// Protocol on one WebSocket, for tests of pages the code writes. It opens one tab, records what
/// a person would see go wrong there (console errors, uncaught exceptions, failed loads) and
/// every network request the page attempts, and evaluates expressions in the page.
/// </summary>
/// <remarks>
/// Each browser gets a fresh profile folder; disposing kills the whole process tree and deletes
/// the folder. Every wait has a timeout, so a test never hangs on a browser that does not answer.
/// Chromium missing is an error that says how to install it, never a skip.
/// </remarks>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string DefaultExecutable = "/usr/bin/chromium";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;
    private string? _session;
    private TaskCompletionSource _loaded = NewSignal();

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser's process (killed, with its children, on disposal).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The fresh profile folder it runs with (deleted on disposal).</summary>
    public string ProfileFolder => _profile;

    /// <summary>Console errors, uncaught exceptions, error log entries and failed loads, in order, as text.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>The URLs of the _requests the page made, the page's own document excepted.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts Chromium and opens a blank tab to drive; fails with how to install it when it is missing.</summary>
    public static async Task<HeadlessChromium> StartAsync(string executable = DefaultExecutable)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"Chromium is missing at {executable}: install Debian's chromium (sudo apt-get install -y chromium; ./test.sh installs it when missing)", executable);
        }
        var profile = Directory.CreateTempSubdirectory("crossmargin-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--mute-audio",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = await browser.ReadDevToolsEndpointAsync();
            using (var timeout = new CancellationTokenSource(StartTimeout))
            {
                await browser._socket.ConnectAsync(endpoint, timeout.Token);
            }
            browser._receiving = Task.Run(browser.ReceiveAsync);
            await browser.OpenTabAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/> in the tab and waits for its load event.</summary>
    public async Task NavigateAsync(string file)
    {
        _loaded = NewSignal();
        var url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        var answer = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (answer.TryGetProperty("errorText", out var error))
            throw new InvalidOperationException($"Chromium could not open {url}: {error.GetString()}");
        await WaitAsync(_loaded.Task, $"the load event of {url}");
    }

    /// <summary>
    /// The value of <paramref name="expression"/> in the page, as JSON (promises awaited); an
    /// exception thrown in the page is an error here, with its text.
    /// </summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var answer = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (answer.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"the page threw evaluating {expression}: {Describe(exception)}");
        var result = answer.GetProperty("result");
        return result.TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>A PNG of the tab's viewport (for a person looking into a failure).</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var answer = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(answer.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        var id = _process.Id;
        var ended = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            ended = _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Exited before the kill: nothing to end.
        }
        _socket.Abort();
        _socket.Dispose();
        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The receive loop ends on the aborted socket; how it ends does not matter here.
        }
        _process.Dispose();
        DeleteProfile();
        _sendLock.Dispose();
        _closing.Dispose();
        // Said after the rest is cleaned up, so that a stuck browser leaves no profile behind.
        if (!ended) throw new TimeoutException($"Chromium (pid {id}) did not exit within 10 s of being killed");
    }

    // Chromium writes "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" to stderr
    // once it is ready. Stderr is read to the end afterwards, so that a full pipe never blocks it.
    private async Task<Uri> ReadDevToolsEndpointAsync()
    {
        const string Prefix = "DevTools listening on ";
        var seen = new StringBuilder();
        using var timeout = new CancellationTokenSource(StartTimeout);
        _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, _closing.Token);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardError.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Chromium did not report its DevTools endpoint within {StartTimeout.TotalSeconds} s; it wrote:\n{seen}");
            }
            if (line is null)
                throw new InvalidOperationException($"Chromium exited before reporting its DevTools endpoint; it wrote:\n{seen}");
            seen.AppendLine(line);
            var at = line.IndexOf(Prefix, StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = _process.StandardError.BaseStream.CopyToAsync(Stream.Null, _closing.Token);
                return new Uri(line[(at + Prefix.Length)..].Trim());
            }
        }
    }

    // A fresh tab, attached in flat mode: its commands and events travel on the browser's _socket
    // with a _session id.
    private async Task OpenTabAsync()
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, toBrowser: true);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject
        {
            ["targetId"] = target.GetProperty("targetId").GetString(),
            ["flatten"] = true,
        }, toBrowser: true);
        _session = attached.GetProperty("sessionId").GetString();
        foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" })
            await SendAsync(domain, new JsonObject());
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters, bool toBrowser = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (!toBrowser) message["sessionId"] = _session ?? throw new InvalidOperationException("no tab is attached");
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token))
        {
            timeout.CancelAfter(CommandTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        try
        {
            return await WaitAsync(answer.Task, method);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task<T> WaitAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(CommandTimeout, _closing.Token);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not answer {what} within {CommandTimeout.TotalSeconds} s");
        }
    }

    private async Task WaitAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(CommandTimeout, _closing.Token);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not reach {what} within {CommandTimeout.TotalSeconds} s");
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                using (var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)))
                {
                    Dispatch(document.RootElement);
                }
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closing, or the browser went away: the waits below fail instead of hanging.
        }
        foreach (var waiting in _pending.Values)
            waiting.TrySetException(new InvalidOperationException("the DevTools connection to Chromium closed"));
    }

    private void Dispatch(JsonElement message)
    {
        if (message.TryGetProperty("id", out var idElement))
        {
            if (!_pending.TryGetValue(idElement.GetInt32(), out var waiting)) return;
            if (message.TryGetProperty("error", out var error))
                waiting.TrySetException(new InvalidOperationException($"Chromium refused the command: {error.GetRawText()}"));
            else
                waiting.TrySetResult(message.GetProperty("result").Clone());
            return;
        }
        if (!message.TryGetProperty("method", out var methodElement)) return;
        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        switch (methodElement.GetString())
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.exceptionThrown":
                _problems.Enqueue("exception: " + Describe(parameters.GetProperty("exceptionDetails")));
                break;
            case "Runtime.consoleAPICalled" when parameters.GetProperty("type").GetString() is "error" or "assert":
                _problems.Enqueue("console." + parameters.GetProperty("type").GetString() + ": "
                    + string.Join(" ", parameters.GetProperty("args").EnumerateArray().Select(Describe)));
                break;
            case "Log.entryAdded" when parameters.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = parameters.GetProperty("entry");
                _problems.Enqueue($"log ({entry.GetProperty("source").GetString()}): {entry.GetProperty("text").GetString()}"
                    + (entry.TryGetProperty("url", out var url) ? " at " + url.GetString() : ""));
                break;
            case "Network.requestWillBeSent" when parameters.GetProperty("type").GetString() != "Document":
                _requests.Enqueue(parameters.GetProperty("request").GetProperty("url").GetString() ?? "?");
                break;
            case "Network.loadingFailed":
                _problems.Enqueue($"failed load ({parameters.GetProperty("type").GetString()}): {parameters.GetProperty("errorText").GetString()}"
                    + (parameters.TryGetProperty("blockedReason", out var blocked) ? $", blocked: {blocked.GetString()}" : ""));
                break;
        }
    }

    // An exception's or a console argument's text as DevTools describes it.
    private static string Describe(JsonElement value)
    {
        if (value.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var description))
            return description.GetString() ?? "?";
        if (value.TryGetProperty("description", out var own)) return own.GetString() ?? "?";
        if (value.TryGetProperty("value", out var plain)) return plain.ToString();
        var text = value.TryGetProperty("text", out var t) ? t.GetString() : value.GetRawText();
        return value.TryGetProperty("lineNumber", out var line) ? $"{text} (line {line.GetInt32() + 1})" : text ?? "?";
    }

    // Chromium's helpers may still be writing into the profile for a moment after the kill.
    private void DeleteProfile()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(_profile)) Directory.Delete(_profile, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

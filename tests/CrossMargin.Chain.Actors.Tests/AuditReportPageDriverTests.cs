using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The report page's tests pass when HeadlessChromium sees nothing wrong; these show it does see
/// what goes wrong: a console error, an uncaught exception, a request, and a load the page's
/// Content-Security-Policy refuses.
/// </summary>
[Collection(nameof(HeadlessChromium))]
public sealed class AuditReportPageDriverTests : IDisposable
{
    // Port 9 (discard) on loopback: nothing answers, so nothing leaves the machine.
    private const string Unreachable = "http://127.0.0.1:9/chart.png";

    private readonly string _folder = Directory.CreateTempSubdirectory("crossmargin-chromium-driver-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task APageThatFails_IsSeenFailing_ConsoleErrorExceptionAndRequest()
    {
        var page = Write("fails.html", $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
            <img src="{{Unreachable}}">
            <script>console.error("seen by the driver"); window.reached = 41 + 1;</script>
            <script>throw new Error("thrown in the page");</script>
            </body></html>
            """);
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(page);

        Assert.Equal(42, (await browser.EvaluateAsync("window.reached")).GetInt32());
        Assert.Contains(browser.Problems, p => p.Contains("seen by the driver", StringComparison.Ordinal));
        Assert.Contains(browser.Problems, p => p.Contains("thrown in the page", StringComparison.Ordinal));
        Assert.Contains(Unreachable, browser.Requests);
        await Assert.ThrowsAsync<InvalidOperationException>(() => browser.EvaluateAsync("undefinedName.property"));
        var png = await browser.ScreenshotAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task ALoadTheReportPagesPolicyRefuses_IsAProblem()
    {
        var page = Write("refused.html", $"""
            <!DOCTYPE html><html><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
            </head><body><img src="{Unreachable}"></body></html>
            """);
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(page);

        Assert.Contains(browser.Problems, p => p.Contains(Unreachable, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disposing_KillsChromium_AndDeletesItsProfile()
    {
        var browser = await HeadlessChromium.StartAsync();
        var (id, profile) = (browser.ProcessId, browser.ProfileFolder);
        Assert.True(Directory.Exists(profile));
        await browser.DisposeAsync();
        Assert.False(Directory.Exists(profile));
        Assert.True(HasEnded(id), $"Chromium (pid {id}) still runs after disposal");
    }

    [Fact]
    public async Task AMissingChromium_FailsSayingHowToInstallIt()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => HeadlessChromium.StartAsync(Path.Combine(_folder, "chromium")));
        Assert.Contains("apt-get install -y chromium", error.Message, StringComparison.Ordinal);
    }

    private static bool HasEnded(int id)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private string Write(string name, string html)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, html);
        return path;
    }
}

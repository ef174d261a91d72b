using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Testing;
using Xunit;

namespace CrossMargin.Chain.Actors.Tests;

/// <summary>
/// The auditor's HTML page in real headless Chromium: it renders with nothing on the console and
/// nothing asked of the network, its charts hold the report's figures, its findings table lists
/// every finding, an empty audit renders too, and a hostile report's strings stay text.
/// </summary>
/// <remarks>One browser at a time (a collection with the driver's tests): the machine is shared.</remarks>
[Collection(nameof(HeadlessChromium))]
public sealed partial class AuditReportPageTests : IDisposable
{
    private const string Hostile = "</script><script>window.pwned=1</script>";
    private const string HostileMarkup = "<img src=x onerror=\"window.pwned=2\"><b id=injected>bold</b>";

    private readonly string _folder = Directory.CreateTempSubdirectory("crossmargin-report-page-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ARandomReport_Renders_WithNoConsoleErrorAndNoNetworkRequest()
    {
        var report = RandomReport(seed: 14);
        await using var browser = await OpenAsync(report);

        Assert.True((await browser.EvaluateAsync("window.crossmarginReady === true")).GetBoolean(), "the page's script did not finish");
        Assert.Empty(browser.Problems);
        Assert.Empty(browser.Requests);
        // Every chart drew on a canvas of its own: the summary's two, the gas chart and two per account.
        Assert.Equal(3 + 2 * report.Accounts.Count, (await browser.EvaluateAsync("document.querySelectorAll('.chart canvas').length")).GetInt32());
    }

    [Fact]
    public async Task ARandomReport_ChartsHoldTheReportsFigures()
    {
        var report = RandomReport(seed: 15);
        await using var browser = await OpenAsync(report);
        var charts = await browser.EvaluateAsync("""
            (() => {
              const c = window.crossmarginCharts, data = u => u ? u.data.map(s => Array.from(s)) : null;
              return { proofsPerBlock: data(c.proofsPerBlock), verdicts: data(c.verdicts), gasPerStep: data(c.gasPerStep),
                       accounts: c.accounts.map(a => ({ account: a.account, health: data(a.health), headroom: data(a.headroom) })) };
            })()
            """);

        var perBlock = charts.GetProperty("proofsPerBlock");
        Assert.Equal(report.ProofsPerBlock.Select(b => (double?)b.Block), Numbers(perBlock[0]));
        Assert.Equal(report.ProofsPerBlock.Select(b => (double?)b.Count), Numbers(perBlock[1]));

        Assert.Equal([report.Summary.Valid, report.Summary.Invalid, report.Summary.InputMismatches],
            Numbers(charts.GetProperty("verdicts")[1]).Select(v => (int)v!));

        var gas = charts.GetProperty("gasPerStep");
        Assert.Equal(report.GasPerStep.Select(g => (double?)g.MedianGas), Numbers(gas[1]));
        Assert.Equal(report.GasPerStep.Select(g => (double?)g.TotalGas), Numbers(gas[2]));

        var accounts = charts.GetProperty("accounts");
        Assert.Equal(report.Accounts.Select(a => a.Account), accounts.EnumerateArray().Select(a => a.GetProperty("account").GetString()));
        foreach (var (timeline, plotted) in report.Accounts.Zip(accounts.EnumerateArray()))
        {
            var health = plotted.GetProperty("health");
            var headroom = plotted.GetProperty("headroom");
            Assert.Equal(timeline.Points.Select(p => (double?)p.Timestamp), Numbers(health[0]));
            // Not covered is a gap in the expiry and the headroom, and 0 on the covered line.
            Assert.Equal(timeline.Points.Select(p => p.Covered ? (double?)p.SecondsToExpiry : null), Numbers(health[1]));
            Assert.Equal(timeline.Points.Select(p => p.Covered ? 1.0 : 0.0), Numbers(health[2]).Select(v => v!.Value));
            Assert.Equal(timeline.Points.Select(p => p.Covered ? p.PriceBandUsedPercent : null), Numbers(headroom[1]));
            Assert.All(Numbers(headroom[2]), v => Assert.Equal(100.0, v));
        }
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task ARandomReport_TablesListEveryFindingAndEveryProof_IntegersExactBeyondJavaScriptsDoubles()
    {
        var seeded = RandomReport(seed: 16);
        // 2^64 - 1 is not a double: the page must print it as written, not as 18446744073709552000.
        var report = seeded with
        {
            Proofs = [seeded.Proofs[0] with { Nonce = ulong.MaxValue }, .. seeded.Proofs.Skip(1)],
            GasPerStep = [seeded.GasPerStep[0] with { TotalGas = ulong.MaxValue }, .. seeded.GasPerStep.Skip(1)],
        };
        await using var browser = await OpenAsync(report);

        var findings = Rows(await browser.EvaluateAsync(RowsOf("#findings-table")));
        Assert.Equal(report.Findings.Count, findings.Count);
        foreach (var (finding, row) in report.Findings.Zip(findings))
        {
            Assert.Equal(finding.Kind, row[0]);
            Assert.Equal(finding.ProofIndex?.ToString() ?? "—", row[1]);
            Assert.Equal(finding.Account ?? "—", row[2]);
            Assert.Equal(finding.Message, row[4]);
        }
        Assert.True((await browser.EvaluateAsync("document.getElementById('findings-none').hidden")).GetBoolean());

        var proofs = Rows(await browser.EvaluateAsync(RowsOf("#proofs-table")));
        Assert.Equal(report.Proofs.Select(p => (p.Account, p.Nonce.ToString(CultureInfo.InvariantCulture), p.Valid ? "yes" : "no", p.InputsMatch ? "yes" : "no")),
            proofs.Select(r => (r[1], r[2], r[7], r[8])));
        var steps = Rows(await browser.EvaluateAsync(RowsOf("#gas-table")));
        Assert.Equal(report.GasPerStep.Select(g => g.Step), steps.Select(r => r[0]));
        Assert.Equal("18,446,744,073,709,551,615", steps[0][3]);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task AnEmptyReport_Renders_WithNoErrorAndSaysThereAreNoFindings()
    {
        var report = new AuditReport
        {
            Source = new AuditSource { Kind = "chain", ChainId = 31337, Gate = Address(new Random(1)), FromBlock = 0, ToBlock = 0 },
            VerificationKeySha256 = new string('0', 64),
            // Nothing audited in no time: the rate is not a number, and the page shows a dash.
            Summary = new AuditSummary { Proofs = 0, Valid = 0, Invalid = 0, InputMismatches = 0, Findings = 0, Seconds = 0, ProofsPerSecond = double.NaN },
            Proofs = [],
            Findings = [],
            ProofsPerBlock = [],
            Accounts = [],
            GasPerStep = [],
        };
        await using var browser = await OpenAsync(report);

        Assert.True((await browser.EvaluateAsync("window.crossmarginReady === true")).GetBoolean(), "the page's script did not finish");
        Assert.Empty(browser.Problems);
        Assert.Empty(browser.Requests);
        Assert.False((await browser.EvaluateAsync("document.getElementById('findings-none').hidden")).GetBoolean());
        Assert.Equal("No findings.", (await browser.EvaluateAsync("document.getElementById('findings-none').textContent")).GetString());
        Assert.True((await browser.EvaluateAsync("window.crossmarginCharts.proofsPerBlock === null && window.crossmarginCharts.gasPerStep === null && window.crossmarginCharts.accounts.length === 0")).GetBoolean());
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('#proofs-table tbody tr').length")).GetInt32());
    }

    [Fact]
    public async Task HostileStrings_RenderAsText_AndInjectNothing()
    {
        var random = new Random(17);
        var report = RandomReport(seed: 17) with
        {
            Findings = [
                new AuditFinding { Kind = "malformed", ProofIndex = 0, Account = Hostile, Block = 1, Message = HostileMarkup },
                new AuditFinding { Kind = Hostile, Message = "<!-- " + Hostile },
            ],
            Accounts = [new AccountTimeline { Account = Hostile, Points = RandomPoints(random) }],
            GasPerStep = [new GasFigure { Step = HostileMarkup, Transactions = 1, MedianGas = 21_000, TotalGas = 21_000 }],
        };
        var html = AuditReportPage.Render(report);
        // The page's own three scripts (data, uPlot, page) and no other.
        Assert.Equal(3, ScriptTag().Matches(html).Count);

        await using var browser = await OpenAsync(report);
        Assert.True((await browser.EvaluateAsync("window.pwned === undefined")).GetBoolean(), "a hostile string ran as script");
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('img, b, #injected').length")).GetInt32());
        Assert.Equal(3, (await browser.EvaluateAsync("document.scripts.length")).GetInt32());
        var findings = Rows(await browser.EvaluateAsync(RowsOf("#findings-table")));
        Assert.Equal([HostileMarkup, "<!-- " + Hostile], findings.Select(r => r[4]));
        Assert.Equal(Hostile, findings[0][2]);
        Assert.Equal(Hostile, findings[1][0]);
        Assert.Equal(Hostile, (await browser.EvaluateAsync("document.querySelector('.account-name').textContent")).GetString());
        Assert.True((await browser.EvaluateAsync("window.crossmarginReady === true")).GetBoolean(), "the page's script did not finish");
        Assert.Empty(browser.Problems);
        Assert.Empty(browser.Requests);
    }

    [Fact]
    public void ThePage_ForbidsTheNetwork_BeforeAnyScript_AndEmbedsTheReportAsJson()
    {
        var report = RandomReport(seed: 18);
        var html = AuditReportPage.Render(report);
        var policy = html.IndexOf("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", StringComparison.Ordinal);
        Assert.InRange(policy, 0, html.IndexOf("<script", StringComparison.Ordinal));
        Assert.DoesNotMatch("@@[A-Z_]+@@", html);

        var json = DataScript().Match(html).Groups[1].Value;
        using var embedded = JsonDocument.Parse(json);
        var root = embedded.RootElement;
        Assert.Equal(report.Proofs.Count, root.GetProperty("proofs").GetArrayLength());
        Assert.Equal(report.Findings.Select(f => f.Message), root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()));
        Assert.Equal(report.VerificationKeySha256, root.GetProperty("verificationKeySha256").GetString());
    }

    // --- The page in Chromium ------------------------------------------------------------------

    private async Task<HeadlessChromium> OpenAsync(AuditReport report)
    {
        var path = Path.Combine(_folder, "report.html");
        await File.WriteAllTextAsync(path, AuditReportPage.Render(report));
        var browser = await HeadlessChromium.StartAsync();
        try
        {
            await browser.NavigateAsync(path);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private static string RowsOf(string table) =>
        $"Array.from(document.querySelectorAll('{table} tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent))";

    private static List<string[]> Rows(JsonElement rows) =>
        [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray())];

    private static List<double?> Numbers(JsonElement series) =>
        [.. series.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble())];

    [GeneratedRegex("<script\\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataScript();

    // --- A seeded report -----------------------------------------------------------------------

    private static readonly string[] FindingKinds = ["invalid-proof", "input-mismatch", "malformed", "chain"];
    private static readonly string[] Steps = ["submitProof", "requireInitialMargin", "flagPriceLapse", "liquidate", "post"];
    private static readonly string[] Events = ["proof", "round", "commitment", "lapse", "liquidated"];

    /// <summary>
    /// A report as an audit of a few accounts over a few blocks might produce: every finding kind,
    /// verdicts of each sort, accounts that lose and regain cover, gas for each step. The figures
    /// are consistent with each other (the summary counts the verdicts, blocks count the proofs).
    /// </summary>
    private static AuditReport RandomReport(int seed)
    {
        var random = new Random(seed);
        var accounts = Enumerable.Range(0, random.Next(3, 6)).Select(_ => Address(random)).ToArray();
        ulong block = 100;
        var proofs = Enumerable.Range(0, random.Next(20, 40)).Select(index =>
        {
            block += (ulong)random.Next(0, 3);
            var valid = random.Next(6) != 0;
            var inputsMatch = random.Next(5) != 0;
            return new ProofVerdict
            {
                Index = index,
                Account = accounts[random.Next(accounts.Length)],
                Nonce = (ulong)random.Next(1, 50),
                Level = (byte)random.Next(2),
                RoundId = (ulong)random.Next(1, 9),
                Block = block,
                Transaction = "0x" + Convert.ToHexStringLower(RandomBytes(random, 32)),
                Valid = valid,
                InputsMatch = inputsMatch,
                Mismatches = inputsMatch ? [] : [$"roundId: proof {random.Next(9)}, chain {random.Next(9)}"],
            };
        }).ToList();
        var findings = FindingKinds.Select((kind, i) => new AuditFinding
        {
            Kind = kind,
            ProofIndex = kind == "chain" ? null : i,
            Account = kind == "chain" ? null : proofs[i].Account,
            Block = proofs[i].Block,
            Message = $"{kind}: seeded finding {i}, value {random.Next()}",
        }).ToList();
        return new AuditReport
        {
            Source = new AuditSource { Kind = "chain", ChainId = 31337, Gate = Address(random), FromBlock = 100, ToBlock = block },
            VerificationKeySha256 = Convert.ToHexStringLower(RandomBytes(random, 32)),
            Summary = new AuditSummary
            {
                Proofs = proofs.Count,
                Valid = proofs.Count(p => p.Valid),
                Invalid = proofs.Count(p => !p.Valid),
                InputMismatches = proofs.Count(p => !p.InputsMatch),
                Findings = findings.Count,
                Seconds = 2.5,
                ProofsPerSecond = proofs.Count / 2.5,
            },
            Proofs = proofs,
            Findings = findings,
            ProofsPerBlock = [.. proofs.GroupBy(p => p.Block).Select(g => new BlockCount(g.Key, g.Count()))],
            Accounts = [.. accounts.Select(a => new AccountTimeline { Account = a, Points = RandomPoints(random) })],
            GasPerStep = [.. Steps.Select(step =>
            {
                var count = random.Next(1, 30);
                var median = (ulong)random.Next(40_000, 400_000);
                return new GasFigure { Step = step, Transactions = count, MedianGas = median, TotalGas = median * (ulong)count + (ulong)random.Next(1000) };
            })],
        };
    }

    // An account's health over a few minutes: covered after a proof, its band used growing with
    // each round, lapsed or liquidated now and then.
    private static List<HealthPoint> RandomPoints(Random random)
    {
        var points = new List<HealthPoint>();
        ulong block = (ulong)random.Next(100, 110), time = 1_760_000_000 + (ulong)random.Next(1000);
        for (var i = random.Next(2, 12); i > 0; i--)
        {
            block += (ulong)random.Next(1, 4);
            time += (ulong)random.Next(12, 120);
            var @event = Events[random.Next(Events.Length)];
            var covered = @event is not ("lapse" or "liquidated");
            points.Add(new HealthPoint
            {
                Block = block,
                Timestamp = time,
                Event = @event,
                Covered = covered,
                Level = covered ? (byte)random.Next(2) : null,
                SecondsToExpiry = covered ? (ulong)random.Next(60, 3600) : null,
                PriceBandUsedPercent = covered ? Math.Round(random.NextDouble() * 100, 2) : null,
            });
        }
        return points;
    }

    private static string Address(Random random) => "0x" + Convert.ToHexStringLower(RandomBytes(random, 20));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

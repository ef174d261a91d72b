using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CrossMargin.Chain;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// The audit report as one self-contained HTML page: what a person looks at (the summary, the
/// findings, proofs per block, verdicts, each account's health and price-band headroom over
/// time, gas per step, the proofs). Everything is inline: the page's style and script, the chart
/// library (uPlot, pinned in package.json), and the report as JSON; its Content-Security-Policy
/// forbids any network access, so it opens the same from a mail attachment as from disk.
/// </summary>
/// <remarks>
/// The report may come from a hostile batch file: accounts and finding messages are untrusted
/// text. The JSON is written with every '&lt;', '&gt;' and '&amp;' as a \u escape, so no string
/// in it can close its script element or open another; the page's script puts every text into
/// the DOM through textContent, never as markup. Behind both, the policy lets only the page's
/// own two scripts run (by their SHA-256, not 'unsafe-inline'): markup that reached the DOM some
/// other way could not run an event handler or a script of its own. Page template, script and
/// style live in Auditor/Page and are embedded in the assembly with uPlot's dist files (see the
/// csproj).
/// </remarks>
public static partial class AuditReportPage
{
    private const string ResourcePrefix = "CrossMargin.Chain.Actors.Auditor.Page.";

    /// <summary>
    /// The report's JSON as the page embeds it: the names and shapes of the report file
    /// (StrictJson's), on one line. Non-finite figures (a rate over zero seconds) are written as
    /// "NaN"/"Infinity" strings, which the page shows as a dash, rather than failing the page;
    /// 64-bit integers beyond JavaScript's exact range as decimal strings (see <see cref="ExactUInt64"/>).
    /// </summary>
    private static readonly JsonSerializerOptions PageJson = new(StrictJson.Options)
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new ExactUInt64() },
    };

    // The assets are read once: they are fixed at build time.
    private static readonly Lazy<string> Template = new(() => Asset("report.html"));
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Inlined = new(() =>
    {
        var uplot = InlineText(Asset("uPlot.iife.min.js"), "script", "uPlot.iife.min.js");
        var page = InlineText(Asset("report.js"), "script", "report.js");
        return new Dictionary<string, string>
        {
            ["UPLOT_CSS"] = InlineText(Asset("uPlot.min.css"), "style", "uPlot.min.css"),
            ["PAGE_CSS"] = InlineText(Asset("report.css"), "style", "report.css"),
            ["UPLOT_JS"] = uplot,
            ["PAGE_JS"] = page,
            ["SCRIPT_HASHES"] = $"{ScriptHash(uplot)} {ScriptHash(page)}",
        };
    });

    /// <summary>The page for <paramref name="report"/>: one HTML document, UTF-8 text, with nothing to fetch.</summary>
    public static string Render(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = ScriptSafeJson(JsonSerializer.Serialize(report, PageJson));
        var inlined = Inlined.Value;
        // One pass over the template alone: text put in (the report's strings included) is never
        // searched for markers again.
        return Marker().Replace(Template.Value, match => match.Groups[1].Value switch
        {
            "REPORT_JSON" => json,
            var name when inlined.TryGetValue(name, out var text) => text,
            var name => throw new InvalidOperationException($"the page template names an unknown marker @@{name}@@"),
        });
    }

    /// <summary>
    /// <paramref name="json"/> with '&lt;', '&gt;' and '&amp;' written as \u escapes. They can occur only
    /// inside JSON strings, where the escape means the same character, so the value is unchanged;
    /// the text then holds no "&lt;/script" nor "&lt;!--" that could end the data element early.
    /// System.Text.Json's default encoder already does this; saying it here keeps the page safe
    /// whatever encoder the options carry.
    /// </summary>
    private static string ScriptSafeJson(string json) =>
        json.Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);

    private static string Asset(string name)
    {
        using var stream = typeof(AuditReportPage).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"the report page's {name} is not embedded in {typeof(AuditReportPage).Assembly.GetName().Name} (see its csproj)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A fixed asset as it goes inside a &lt;script&gt; or &lt;style&gt; element: with LF line ends,
    /// as the HTML parser hands the text to the browser (so that a script's hash matches on a
    /// CRLF checkout too), and refused if it would end its element early (a new uPlot release
    /// that did would break the page).
    /// </summary>
    private static string InlineText(string text, string element, string name)
    {
        var normalized = text.ReplaceLineEndings("\n");
        return normalized.Contains("</" + element, StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException($"{name} contains \"</{element}\" and cannot be inlined in the report page")
            : normalized;
    }

    /// <summary>The CSP source that lets exactly this inline script run: 'sha256-BASE64' of its UTF-8 text.</summary>
    private static string ScriptHash(string script) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";

    /// <summary>
    /// A ulong as a JSON number while JavaScript holds it exactly (up to 2^53 - 1), and as its
    /// decimal string above: a batch's nonce of 2^64 - 1 is shown as written, not rounded. The
    /// page plots such a string as the nearest double and prints it as it is.
    /// </summary>
    private sealed class ExactUInt64 : JsonConverter<ulong>
    {
        private const ulong LargestExactInJavaScript = (1UL << 53) - 1;

        public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("the page's JSON is only written");

        public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options)
        {
            if (value <= LargestExactInJavaScript) writer.WriteNumberValue(value);
            else writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex("@@([A-Z_]+)@@")]
    private static partial Regex Marker();
}

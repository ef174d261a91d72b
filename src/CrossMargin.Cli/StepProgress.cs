using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace CrossMargin.Cli;

/// <summary>
/// Shows the steps of a long verb on standard error, never on standard output (the verbs'
/// data: proofs, hashes, verdicts). On an interactive terminal a Spectre.Console spinner names
/// the current step with its running time, and each finished step stays as one line with the
/// time it took; otherwise (stderr redirected to a file or a pipe, or a terminal without cursor
/// control) either one plain line per step, or nothing, as the verb asks, so that a log never
/// fills with escape sequences.
/// </summary>
internal static class StepProgress
{
    /// <summary>How often the running time of the current step is redrawn.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="work"/>, which reports each step as it starts through the callback it
    /// is given. <paramref name="plainPrefix"/>: the prefix of the plain line written per step
    /// when stderr is not an interactive terminal; null writes nothing there.
    /// </summary>
    public static T Run<T>(Func<Action<string>, T> work, string? plainPrefix)
    {
        ArgumentNullException.ThrowIfNull(work);
        var console = Interactive();
        if (console is null)
            return work(step =>
            {
                if (plainPrefix is not null) Console.Error.WriteLine($"{plainPrefix}{step}");
            });

        return console.Status().Spinner(Spinner.Known.Dots).Start("starting", context =>
        {
            var clock = Stopwatch.StartNew();
            string? current = null;
            var gate = new object();
            void Show()
            {
                lock (gate)
                {
                    if (current is not null) context.Status($"{Markup.Escape(current)} [grey]({Seconds(clock.Elapsed)})[/]");
                }
            }
            void Finish()
            {
                lock (gate)
                {
                    if (current is not null) console.MarkupLine($"[green]done[/] {Markup.Escape(current)} [grey]({Seconds(clock.Elapsed)})[/]");
                }
            }
            using var timer = new Timer(_ => Show(), null, Refresh, Refresh);
            var result = work(step =>
            {
                Finish();
                lock (gate)
                {
                    current = step;
                    clock.Restart();
                }
                Show();
            });
            Finish();
            return result;
        });
    }

    /// <summary>A Spectre console on stderr when that is an interactive terminal with cursor control; null otherwise.</summary>
    private static IAnsiConsole? Interactive()
    {
        var term = Environment.GetEnvironmentVariable("TERM");
        if (Console.IsErrorRedirected || string.IsNullOrEmpty(term) || term == "dumb") return null;
        // Interactive is decided here, from stderr alone: Spectre's own detection also looks at
        // stdout, and `crossmargin ... > out.txt` should still show its progress on the terminal.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return console.Profile.Capabilities.Ansi ? console : null;
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}

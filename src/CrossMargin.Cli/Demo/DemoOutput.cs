using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace CrossMargin.Cli.Demo;

/// <summary>
/// How the demo tells its story on standard output: each step numbered, with the time it took
/// and then its figures. On an interactive terminal a Spectre.Console spinner shows the step
/// in hand and its running time (the proofs and the deployment take seconds); otherwise each step
/// is one plain line when it starts, so that a log shows where a run stopped.
/// </summary>
internal sealed class DemoOutput
{
    private readonly IAnsiConsole? _console = Interactive();
    private int _steps;

    public T Step<T>(string title, Func<Action<string>, T> work) =>
        StepAsync(title, progress => Task.FromResult(work(progress))).GetAwaiter().GetResult();

    public Task<T> StepAsync<T>(string title, Func<Task<T>> work) => StepAsync(title, _ => work());

    public Task StepAsync(string title, Func<Task> work) => StepAsync(title, async _ =>
    {
        await work().ConfigureAwait(false);
        return true;
    });

    /// <summary>Runs one step; <paramref name="work"/> may name its phases through the callback (shown beside the step on a terminal).</summary>
    public async Task<T> StepAsync<T>(string title, Func<Action<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var number = ++_steps;
        var clock = Stopwatch.StartNew();
        T result;
        if (_console is null)
        {
            Console.WriteLine($"[{number,2}] {title}");
            result = await work(_ => { }).ConfigureAwait(false);
            Console.WriteLine($"     done in {Seconds(clock.Elapsed)}");
            return result;
        }
        result = await _console.Status().Spinner(Spinner.Known.Dots).StartAsync($"[{number,2}] {Markup.Escape(title)}", async context =>
        {
            var phase = "";
            using var timer = new Timer(_ => context.Status($"[{number,2}] {Markup.Escape(title)} [grey]{Markup.Escape(phase)} ({Seconds(clock.Elapsed)})[/]"),
                null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            return await work(p => phase = p).ConfigureAwait(false);
        }).ConfigureAwait(false);
        _console.MarkupLine($"[green][[{number,2}]][/] {Markup.Escape(title)} [grey]({Seconds(clock.Elapsed)})[/]");
        return result;
    }

    /// <summary>The figures of the step just finished.</summary>
    public void Done(string figures)
    {
        if (_console is null) Console.WriteLine($"     {figures}");
        else _console.MarkupLine($"     {Markup.Escape(figures)}");
    }

    public void Line(string text)
    {
        if (_console is null) Console.WriteLine(text);
        else _console.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
    }

    /// <summary>A Spectre console on stdout when that is an interactive terminal with cursor control; null otherwise.</summary>
    private static IAnsiConsole? Interactive()
    {
        var term = Environment.GetEnvironmentVariable("TERM");
        if (Console.IsOutputRedirected || string.IsNullOrEmpty(term) || term == "dumb") return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return console.Profile.Capabilities.Ansi ? console : null;
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}

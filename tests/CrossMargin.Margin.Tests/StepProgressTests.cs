using CrossMargin.Cli;

namespace CrossMargin.Margin.Tests;

/// <summary>
/// The CLI's step progress where stderr is not a terminal (as under the test runner, a pipe, or
/// a log file): plain lines or nothing, never escape sequences, and never on stdout.
/// </summary>
public class StepProgressTests
{
    [Fact]
    public void RedirectedStderr_GetsOnePlainLinePerStep_OrNothing_AndStdoutNothing()
    {
        Assert.True(Console.IsErrorRedirected, "this test needs stderr redirected, as the test runner does");
        // Step names unique to this run: other tests may write to the console meanwhile.
        var first = $"step {Guid.NewGuid():N}";
        var second = $"step {Guid.NewGuid():N}";
        var (error, output) = (new StringWriter(), new StringWriter());
        var (savedError, savedOutput) = (Console.Error, Console.Out);
        Console.SetError(error);
        Console.SetOut(output);
        try
        {
            Assert.Equal(7, StepProgress.Run(step => { step(first); step(second); return 7; }, plainPrefix: "crossmargin: "));
            Assert.Equal(8, StepProgress.Run(step => { step(first + " quiet"); return 8; }, plainPrefix: null));
        }
        finally
        {
            Console.SetError(savedError);
            Console.SetOut(savedOutput);
        }
        var lines = error.ToString().Split(Environment.NewLine);
        Assert.Contains($"crossmargin: {first}", lines);
        Assert.Contains($"crossmargin: {second}", lines);
        Assert.DoesNotContain("quiet", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(first, output.ToString(), StringComparison.Ordinal);
    }
}

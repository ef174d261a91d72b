using CrossMargin.Cli;

namespace CrossMargin.Margin.Tests;

/// <summary>`crossmargin margin check`, run in process through <see cref="CommandLine.Run"/>.</summary>
public class MarginCliTests
{
    [Fact]
    public void Check_ExitsZeroWhenSolvent_OneWhenNot_TwoForABadFileOrLevel()
    {
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["margin", "check", Samples.Example()]));
        Assert.Equal(ExitCodes.Ok, CommandLine.Run(["margin", "check", Samples.Example(), "--level", "maintenance"]));
        Assert.Equal(ExitCodes.Invalid, CommandLine.Run(["margin", "check", Samples.Example(), "--level", "initial"]));
        Assert.Equal(ExitCodes.Invalid, CommandLine.Run(["margin", "check", Samples.Example("portfolio-insolvent.json")]));
        Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["margin", "check", Samples.Example(), "--level", "sometimes"]));
        Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["margin", "check", Samples.Example("missing.json")]));
        var bad = Path.GetTempFileName();
        try
        {
            File.WriteAllText(bad, File.ReadAllText(Samples.Example()).Replace("\"12.5\"", "\"12.5000001\"", StringComparison.Ordinal));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["margin", "check", bad]));
            File.WriteAllText(bad, File.ReadAllText(Samples.Example()).Replace("\"0.85\"", "\"1.5\"", StringComparison.Ordinal));
            Assert.Equal(ExitCodes.BadInput, CommandLine.Run(["margin", "check", bad])); // haircut above 1: out of bounds
        }
        finally
        {
            File.Delete(bad);
        }
    }
}

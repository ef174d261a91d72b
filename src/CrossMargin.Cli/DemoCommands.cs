using System.CommandLine;
using CrossMargin.Cli.Demo;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// demo [--out &lt;dir&gt;]
/// </code>
/// The whole story on two local anvil chains the demo starts and stops itself (<see cref="DemoStory"/>):
/// commitments on two chains, a relay, a proof, leverage, a price shock, the lapse, the grace
/// period, the liquidation and its settlement, and an audit of every proof the gate accepted.
/// Exit 0 when every step behaved as the story says, 1 at the first that did not.
/// </summary>
public static class DemoCommands
{
    private const string Marker = ".crossmargin-demo";

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var output = new Option<string>("--out")
        {
            Description = "Where the trader's proofs, the relay's state and the audit's reports are written (default demo-out).",
            DefaultValueFactory = _ => "demo-out",
        };
        var demo = new Command("demo", "Run the whole story on local chains it starts itself: venues on two chains, a proof, leverage, a price shock, the lapse, the liquidation, an audit.")
        {
            output,
        };
        demo.SetAction(parse => CommandLine.Guard(() =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            // The demo starts afresh each run, but deletes only a folder an earlier run made.
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                if (!File.Exists(Path.Combine(directory, Marker)))
                    throw new UsageException("--out", $"{directory} is not empty and not an earlier demo's folder: name a new one");
                Directory.Delete(directory, recursive: true);
            }
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, Marker), "written by `crossmargin demo`; the next run replaces this folder\n");
            new DemoStory(new DemoOutput(), MarginCommands.ArtifactsRoot(), directory).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        }));
        root.Add(demo);
    }
}

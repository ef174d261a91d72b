using System.CommandLine;
using CrossMargin.Cli.Demo;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// demo [--out &lt;dir&gt;] [--rpc &lt;url&gt; --source-rpc &lt;url&gt;]
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
        var rpc = new Option<string?>("--rpc") { Description = "A development node (anvil's dev accounts funded) for the gate's chain; default: the demo starts its own." };
        var sourceRpc = new Option<string?>("--source-rpc") { Description = "A development node of another chain for the lending venue; given with --rpc." };
        var demo = new Command("demo", "Run the whole story on local chains it starts itself: venues on two chains, a proof, leverage, a price shock, the lapse, the liquidation, an audit.")
        {
            output, rpc, sourceRpc,
        };
        demo.SetAction(parse => CommandLine.Guard(() =>
        {
            var (gateRpc, lendingRpc) = (parse.GetValue(rpc), parse.GetValue(sourceRpc));
            if ((gateRpc is null) != (lendingRpc is null))
                throw new UsageException(gateRpc is null ? "--rpc" : "--source-rpc", "the demo needs two chains: give both --rpc and --source-rpc, or neither (it then starts its own)");
            var gateEndpoint = gateRpc is null ? null : ChainConnection.Endpoint(gateRpc);
            var lendingEndpoint = lendingRpc is null ? null : ChainConnection.Endpoint(lendingRpc, "--source-rpc");
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
            new DemoStory(new DemoOutput(), MarginCommands.ArtifactsRoot(), directory, gateEndpoint, lendingEndpoint).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        }));
        root.Add(demo);
    }
}

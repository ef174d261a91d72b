using System.CommandLine;
using System.Globalization;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Groth16;
using CrossMargin.Margin;
using CrossMargin.Proving;
using CrossMargin.Snarkjs;

namespace CrossMargin.Cli;

/// <summary>
/// The auditor of the proofs a gate accepted (docs/auditor.md):
/// <code>
/// audit --rpc &lt;url&gt; --gate &lt;address&gt; [--from-block N] [--to-block N] [--vk &lt;file&gt;] [--out report.json] [--export-batch batch.json] [--html page.html]
/// audit --batch &lt;file&gt; [--rpc &lt;url&gt; --gate &lt;address&gt;] [--vk &lt;file&gt;] [--out report.json] [--html page.html]
/// </code>
/// The first audits every ProofAccepted of the gate in the range (<see cref="ChainAudit.RunAsync"/>);
/// the second a batch file, verified alone or, with a node, with each envelope's inputs compared
/// with the chain's state at its block. With a node the key must be the one the gate's verifier
/// holds. Exit 0 when every proof is valid and every input matches, 1 on any finding (or a key
/// the verifier does not hold), 2 a malformed batch file or command line, 5 the node unavailable.
/// </summary>
public static class ProofAuditCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var rpc = new Option<string?>("--rpc") { Description = "The node's JSON-RPC URL." };
        var gate = new Option<string?>("--gate") { Description = "The MarginGate's address; the registry, hub and verifier are read from it." };
        var fromBlock = new Option<ulong>("--from-block") { Description = "The first block audited (default 0)." };
        var toBlock = new Option<ulong?>("--to-block") { Description = "The last block audited (default: the head)." };
        var batch = new Option<string?>("--batch") { Description = "A proof batch file (crossmargin-proof-batch/1) to audit instead of the gate's events." };
        var vk = new Option<string?>("--vk") { Description = "The verification_key.json to verify under; default: the development key of the small circuit. With --rpc it must be the key the gate's verifier holds." };
        var output = new Option<string?>("--out") { Description = "Write the report (crossmargin-audit-report/1) here." };
        var export = new Option<string?>("--export-batch") { Description = "Write the proofs collected from the chain here, as a proof batch." };
        var html = new Option<string?>("--html") { Description = "Write the report as an HTML page here." };
        var audit = new Command("audit", "Audit the solvency proofs a gate accepted: each verified under the pinned key, its public inputs compared with what the chain held. "
            + "Exit 0 all valid and matching, 1 any finding, 2 malformed input or usage, 5 node unavailable.")
        {
            rpc, gate, fromBlock, toBlock, batch, vk, output, export, html,
        };
        audit.SetAction(parse => CommandLine.Guard(() => Run(new Options(
            parse.GetValue(rpc), parse.GetValue(gate), parse.GetValue(fromBlock), parse.GetValue(toBlock), parse.GetValue(batch),
            parse.GetValue(vk), parse.GetValue(output), parse.GetValue(export), parse.GetValue(html))).GetAwaiter().GetResult()));
        root.Add(audit);
    }

    private sealed record Options(string? Rpc, string? Gate, ulong FromBlock, ulong? ToBlock, string? Batch, string? Vk, string? Out, string? ExportBatch, string? Html);

    private static async Task<int> Run(Options o)
    {
        if (o.Batch is null && o.Rpc is null) throw new UsageException("--rpc", "is required (or --batch <file>): the node whose gate is audited");
        if ((o.Rpc is null) != (o.Gate is null))
            throw new UsageException(o.Rpc is null ? "--gate" : "--rpc", o.Rpc is null ? "needs --rpc: the node of the gate" : "needs --gate: the gate whose proofs are audited");
        if (o.Gate is not null && !EvmAddress.IsValid(o.Gate)) throw new UsageException("--gate", $"'{o.Gate}' is not an address (0x and 40 hex digits)");
        if (o.Batch is not null && (o.ExportBatch is not null || o.ToBlock is not null || o.FromBlock != 0))
            throw new UsageException("--batch", "audits the batch's own blocks: drop --from-block, --to-block and --export-batch");

        var key = ReadKey(o.Vk);
        var proofs = o.Batch is null ? null : CrossMargin.Protobuf.ProofBatchReader.Read(o.Batch);
        ChainAuditResult? result = null;
        AuditReport report;
        if (o.Rpc is null)
        {
            var alone = ProofAudit.Check(key, proofs!.Proofs, history: null);
            report = alone with { Source = alone.Source with { BatchFile = o.Batch } };
        }
        else
        {
            var web3 = await ChainConnection.ConnectAsync(ChainConnection.Endpoint(o.Rpc), privateKey: null).ConfigureAwait(false);
            result = proofs is null
                ? await ChainAudit.RunAsync(web3, o.Gate!, o.FromBlock, o.ToBlock, key).ConfigureAwait(false)
                : await ChainAudit.CheckBatchAsync(web3, o.Gate!, proofs, key, o.Batch).ConfigureAwait(false);
            report = result.Report;
        }

        WriteFiles(report, o.Out, o.Html, result?.Batch, o.ExportBatch);
        Print(report);
        return report.Findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>The report as JSON and as its page, and the proofs audited as a batch file, each where a path is given.</summary>
    internal static void WriteFiles(AuditReport report, string? json, string? html, ProofBatch? batch, string? batchFile)
    {
        if (json is not null) StrictJson.WriteFile(json, report);
        if (html is not null) File.WriteAllText(html, AuditReportPage.Render(report));
        if (batchFile is not null && batch is not null) ProofBatchFile.Write(batchFile, batch);
    }

    /// <summary>--vk, or the development key of the small circuit (made on first use).</summary>
    private static VerificationKey ReadKey(string? path)
    {
        if (path is not null) return SnarkjsJson.ReadVerificationKey(path);
        var artifacts = MarginCommands.ArtifactsRoot();
        var circuit = MarginCircuit.Locate(MarginConfiguration.Small, Path.Combine(artifacts, "circuits"));
        Console.Error.WriteLine($"crossmargin: no --vk: using the development key of {circuit.Name}");
        var files = StepProgress.Run(step => DevelopmentKeys.Ensure(circuit, Path.Combine(artifacts, "keys"), step), plainPrefix: "crossmargin: ");
        return SnarkjsJson.ReadVerificationKey(files.VerificationKey);
    }

    private static void Print(AuditReport report)
    {
        var s = report.Summary;
        var source = report.Source;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"proofs {s.Proofs}, valid {s.Valid}, invalid {s.Invalid}, input mismatches {s.InputMismatches}, findings {s.Findings}, {s.ProofsPerSecond:0} proofs/s, key sha256 {report.VerificationKeySha256}"));
        Console.WriteLine(source.CheckedAgainstChain
            ? $"inputs checked against chain {source.ChainId}, gate {source.Gate}, blocks {source.FromBlock}..{source.ToBlock}"
            : "inputs not checked against a chain (no --rpc): the proofs were verified, their inputs only against their own envelopes");
        foreach (var f in report.Findings)
            Console.WriteLine($"{f.Kind}: {f.Message}");
        Console.WriteLine(report.Findings.Count == 0 ? "OK: every proof valid, every input matching" : $"FINDINGS: {report.Findings.Count}");
    }
}

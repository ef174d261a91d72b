using System.CommandLine;
using System.Text.Json;
using CrossMargin.Chain;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using CrossMargin.Protobuf;

namespace CrossMargin.Cli;

/// <summary>
/// <code>
/// convert &lt;in&gt; &lt;out&gt; [--kind proof-batch|opening|portfolio|audit-report|envelope] [--configuration small|reference]
/// </code>
/// converts a file between its JSON and protobuf forms (docs/formats.md), the form of each side
/// by its extension (.json, .pb; the input's also by its content). The kind is the JSON's format
/// tag (or its shape: a portfolio, a proof envelope) and must be given for a .pb input. Both
/// sides are read by the strict readers, so a file that one form's reader refuses is never
/// converted into the other.
/// </summary>
public static class FormatCommands
{
    private static readonly string[] Kinds = ["proof-batch", "opening", "portfolio", "audit-report", "envelope"];

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var input = new Argument<string>("in") { Description = "The file to convert: .json or .pb." };
        var output = new Argument<string>("out") { Description = "The file to write: .json or .pb." };
        var kind = new Option<string>("--kind") { Description = $"What the file holds ({string.Join(", ", Kinds)}); needed for a .pb input." };
        kind.AcceptOnlyFromAmong(Kinds);
        var configuration = new Option<string>("--configuration") { Description = "The circuit an opening's commitment is recomputed for (the commitment binds its sizes): small (default: the deployed circuit the venues commit for) or reference.", DefaultValueFactory = _ => "small" };
        configuration.AcceptOnlyFromAmong([.. MarginConfiguration.Presets.Select(p => p.Name)]);
        var command = new Command("convert", "Convert a proof batch, proof envelope, opening, portfolio or audit report between its JSON and protobuf forms (docs/formats.md).")
        {
            input, output, kind, configuration,
        };
        command.SetAction(parse => CommandLine.Guard(() => Convert(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(kind),
            MarginConfiguration.Presets.First(p => p.Name == parse.GetValue(configuration)).Configuration)));
        root.Add(command);
    }

    private static int Convert(string input, string output, string? kind, MarginConfiguration configuration)
    {
        if (!File.Exists(input)) return CommandLine.Fail(ExitCodes.BadInput, $"{input} does not exist");
        var outJson = Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".json" => true,
            ".pb" => false,
            _ => (bool?)null,
        };
        if (outJson is null) return CommandLine.Fail(ExitCodes.BadInput, $"{output}: the output's extension says its form: .json or .pb");
        var inLength = new FileInfo(input).Length;
        if (inLength > ProofMessages.MaxBatchBytes) return CommandLine.Fail(ExitCodes.BadInput, $"{input} has {inLength} bytes; no file this verb converts is larger than {ProofMessages.MaxBatchBytes}");
        var bytes = File.ReadAllBytes(input);
        var inJson = ProofBatchReader.IsJson(input, bytes);
        kind ??= inJson ? KindOf(input, bytes) : null;
        if (kind is null)
            return CommandLine.Fail(ExitCodes.BadInput, $"{input}: {(inJson ? "the JSON names no format this verb knows" : "a .pb file does not say what it holds")}; give --kind ({string.Join(", ", Kinds)})");

        string Text() => System.Text.Encoding.UTF8.GetString(bytes);
        T Message<T>(Func<T> read) => StrictProtobuf.Named(input, read);
        switch (kind)
        {
            case "proof-batch":
                var batch = inJson ? ProofBatchFile.Parse(Text(), input) : Message(() => ProofMessages.ParseBatch(bytes));
                Write(output, outJson.Value, batch, () => ProofMessages.ToMessage(batch));
                break;
            case "envelope":
                var envelope = inJson ? ProofMessages.ParseEnvelopeJson(Text(), input) : Message(() => ProofMessages.ParseEnvelope(bytes));
                Write(output, outJson.Value, envelope, () => ProofMessages.ToMessage(envelope));
                break;
            case "audit-report":
                var report = inJson ? AuditMessages.ParseJson(Text(), input) : Message(() => AuditMessages.Parse(bytes));
                Write(output, outJson.Value, report, () => AuditMessages.ToMessage(report));
                break;
            case "opening":
                var opening = inJson ? Opening.Parse(Text(), configuration, input) : Message(() => OpeningMessages.Parse(bytes, configuration));
                if (outJson.Value) opening.Write(output);
                else StrictProtobuf.WriteFile(output, OpeningMessages.ToMessage(opening));
                break;
            default:
                var portfolio = inJson ? PortfolioFile.Parse(bytes, input) : Message(() => PortfolioMessages.Parse(bytes));
                if (outJson.Value) PortfolioMessages.WriteJson(output, portfolio);
                else StrictProtobuf.WriteFile(output, PortfolioMessages.ToMessage(portfolio));
                break;
        }
        Console.WriteLine($"{output}: {kind}, {(outJson.Value ? "JSON" : "protobuf")}, {new FileInfo(output).Length} bytes (from {inLength} bytes of {(inJson ? "JSON" : "protobuf")})");
        return ExitCodes.Ok;
    }

    private static void Write<T>(string path, bool json, T value, Func<Google.Protobuf.IMessage> message)
    {
        if (json) StrictJson.WriteFile(path, value);
        else StrictProtobuf.WriteFile(path, message());
    }

    // The kind a JSON file says it is: its format tag, or for the forms without one its shape.
    private static string? KindOf(string path, byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new JsonFormException(path, "$", $"not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("format", out var format))
                return format.ValueKind != JsonValueKind.String ? null : format.GetString() switch
                {
                    Chain.Actors.Auditor.ProofBatch.CurrentFormat => "proof-batch",
                    Chain.Actors.Auditor.AuditReport.CurrentFormat => "audit-report",
                    Opening.CurrentFormat => "opening",
                    _ => null,
                };
            if (root.TryGetProperty("context", out _) && root.TryGetProperty("venues", out _)) return "portfolio";
            if (root.TryGetProperty("proof", out _) && root.TryGetProperty("publicSignals", out _)) return "envelope";
            return null;
        }
    }
}

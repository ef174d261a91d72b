using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossMargin.Chain.Actors.Relay;

/// <summary>A relay file's JSON object: its first key names its format and version.</summary>
internal interface IRelayFileDto
{
    string Format { get; }
}

/// <summary>
/// How the relay's own files (its state, the committee keys) are read and written, once: JSON
/// read strictly (unknown, missing and duplicate keys refused, a size bound, the format checked),
/// written whole or not at all (a temporary file renamed over the old one).
/// </summary>
internal static class RelayJsonFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        MaxDepth = 4,
    };

    /// <summary>
    /// The object in <paramref name="path"/> (which must exist), of format <paramref name="format"/>.
    /// <paramref name="error"/> makes the exception for a JSON path and a problem; the parser's
    /// own message is shown only when <paramref name="quoteParser"/> (it may quote the file's text).
    /// </summary>
    public static T Read<T>(string path, string kind, string format, long maxBytes, bool quoteParser, Func<string, string, Exception> error)
        where T : class, IRelayFileDto
    {
        var length = new FileInfo(path).Length;
        if (length > maxBytes) throw error("$", $"{length} bytes; {kind} is at most {maxBytes}");
        T? dto;
        try
        {
            dto = JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw error(e.Path ?? "$", $"not {kind} ({(quoteParser ? e.Message : $"line {e.LineNumber + 1}")})");
        }
        if (dto is null) throw error("$", $"null, not {kind}");
        if (dto.Format != format) throw error("$.format", $"'{dto.Format}', expected '{format}'");
        return dto;
    }

    public static void Write<T>(string path, T dto) where T : IRelayFileDto
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(dto, Options) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}

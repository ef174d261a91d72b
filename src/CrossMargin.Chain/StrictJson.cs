using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossMargin.Chain;

/// <summary>
/// The one way the chain layers read and write their JSON files (deployment, openings,
/// submissions, the actors' state and scripts): camelCase, indented; on reading, unknown and
/// duplicate keys, missing required keys and nulls where a value belongs are refused, with the
/// JSON path and a reason a person can act on.
/// </summary>
public static class StrictJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        MaxDepth = 16,
    };

    /// <summary>
    /// Reads <paramref name="json"/> as a <typeparamref name="T"/>; a file that is not one becomes
    /// <paramref name="error"/>(JSON path, problem). System.Text.Json's message names the .NET
    /// types behind the file: it is cut down to what the file's reader can use.
    /// </summary>
    public static T Deserialize<T>(string json, string what, Func<string, string, Exception> error)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(error);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException e)
        {
            throw error(e.Path ?? "$", $"not {what} ({Reason(e)})");
        }
        return value ?? throw error("$", $"null, not {what}");
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> whole or not at all: a temporary file, flushed, renamed over the old one.</summary>
    public static void WriteFile<T>(string path, T value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, value, Options);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static string Reason(JsonException e) =>
        e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "a key given twice"
        : e.Message.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase) ? "an unknown key"
        : e.Message.IndexOf("including: ", StringComparison.Ordinal) is >= 0 and var at ? $"missing {e.Message[(at + "including: ".Length)..].Split(". ")[0].TrimEnd('.')}"
        : e.Message.Contains("could not be converted", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "a value of the wrong type"
        : e.LineNumber is { } line ? $"malformed JSON at line {line + 1}, byte {e.BytePositionInLine + 1}"
        : "malformed JSON";
}

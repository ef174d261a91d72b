using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>The oracle files' one JSON reading: unknown and duplicate keys, missing keys and nulls refused, the JSON path in the error.</summary>
internal static class StrictJson
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
        MaxDepth = 8,
    };

    /// <summary>
    /// Reads <paramref name="json"/> as a <typeparamref name="T"/>. System.Text.Json's message
    /// names the .NET types behind the file; it is cut down to what the reader of the file can use.
    /// </summary>
    public static T Deserialize<T>(string json, string source, string what)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException e)
        {
            throw new OracleInputException(source, e.Path ?? "$", $"not {what} ({Reason(e)})");
        }
        return value ?? throw new OracleInputException(source, "$", $"null, not {what}");
    }

    private static string Reason(JsonException e) =>
        e.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "a key given twice"
        : e.Message.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase) ? "an unknown key"
        : e.Message.IndexOf("including: ", StringComparison.Ordinal) is >= 0 and var at ? $"missing {e.Message[(at + "including: ".Length)..].Split(". ")[0].TrimEnd('.')}"
        : e.Message.Contains("could not be converted", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "a value of the wrong type"
        : e.LineNumber is { } line ? $"malformed JSON at line {line + 1}, byte {e.BytePositionInLine + 1}"
        : "malformed JSON";
}

using System.Text.Json;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>
/// The reporters' private keys: a JSON list of 32-byte hex strings, e.g.
/// <c>["0x59c6...690d", "0x5de4...365a"]</c>, each at most once. The reader is strict and its
/// errors name the entry's JSON path, never the key.
/// </summary>
public static class ReporterKeyFile
{
    /// <summary>Most reporters one process runs.</summary>
    public const int MaxKeys = 32;

    public static IReadOnlyList<string> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new OracleInputException(path, "$", "the file does not exist");
        if (info.Length > 64 << 10) throw new OracleInputException(path, "$", $"{info.Length} bytes; a key file is at most 64 KiB");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses <paramref name="json"/>; <paramref name="file"/> names it in errors. The keys come back 0x-prefixed and lower case.</summary>
    public static IReadOnlyList<string> Parse(string json, string file = "reporter keys")
    {
        ArgumentNullException.ThrowIfNull(json);
        List<JsonElement> entries;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new OracleInputException(file, "$", $"expected a list of private keys, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            entries = [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException e)
        {
            // The position only: the parser's message may quote the text around it.
            throw new OracleInputException(file, "$", $"not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        if (entries.Count is 0 or > MaxKeys) throw new OracleInputException(file, "$", $"{entries.Count} keys; 1 to {MaxKeys} expected");
        var keys = new List<string>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var text = entries[i].ValueKind == JsonValueKind.String ? entries[i].GetString()! : null;
            var digits = text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
            if (digits is not { Length: 64 } || !digits.All(char.IsAsciiHexDigit) || digits.All(c => c == '0'))
                throw new OracleInputException(file, $"$[{i}]", "not a private key (a string of 32 bytes in hex, not zero; the value is not shown)");
            var key = "0x" + digits.ToLowerInvariant();
            var earlier = keys.IndexOf(key);
            if (earlier >= 0) throw new OracleInputException(file, $"$[{i}]", $"the same key as $[{earlier}]: one reporter reporting twice is not two reporters");
            keys.Add(key);
        }
        return keys;
    }
}

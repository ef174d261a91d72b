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
    /// <summary>
    /// The object in <paramref name="path"/> (which must exist), of format <paramref name="format"/>.
    /// <paramref name="error"/> makes the exception for a JSON path and a problem.
    /// </summary>
    public static T Read<T>(string path, string kind, string format, long maxBytes, Func<string, string, Exception> error)
        where T : class, IRelayFileDto
    {
        var length = new FileInfo(path).Length;
        if (length > maxBytes) throw error("$", $"{length} bytes; {kind} is at most {maxBytes}");
        // StrictJson's reasons never quote the file's text (a keys file holds keys).
        var dto = StrictJson.Deserialize<T>(File.ReadAllText(path), kind, error);
        if (dto.Format != format) throw error("$.format", $"'{dto.Format}', expected '{format}'");
        return dto;
    }

    public static void Write<T>(string path, T dto) where T : IRelayFileDto => StrictJson.WriteFile(path, dto);
}

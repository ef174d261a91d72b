using System.Text.Json;
using System.Text.Json.Serialization;
using Nethereum.Signer;

namespace CrossMargin.Chain.Actors.Relay;

/// <summary>A committee keys file that cannot be read as one: the message names the file and the JSON path (never a key).</summary>
public sealed class CommitteeKeysFileException(string file, string path, string problem) : MalformedInputException($"{file}: {path}: {problem}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = path;
}

/// <summary>
/// The private keys of the committee members one relay signs for:
/// <c>{ "format": "crossmargin-committee-keys/1", "keys": ["0x…", …] }</c>, each key 32 bytes of
/// hex (0x optional), a valid secp256k1 key, no member twice. Read strictly (unknown, missing
/// and duplicate JSON keys refused); errors say which entry is wrong without showing it.
/// </summary>
public static class CommitteeKeysFile
{
    public const string CurrentFormat = "crossmargin-committee-keys/1";

    public static IReadOnlyList<EthECKey> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path)) throw new CommitteeKeysFileException(path, "$", "the file does not exist");
        var info = new FileInfo(path);
        if (info.Length > 1 << 20) throw new CommitteeKeysFileException(path, "$", $"{info.Length} bytes; a committee keys file is at most 1 MiB");
        KeysDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<KeysDto>(System.IO.File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            // JsonException's message may quote the offending text, which could be a key: only its place is shown.
            throw new CommitteeKeysFileException(path, e.Path ?? "$", $"not a committee keys file (line {e.LineNumber + 1})");
        }
        if (dto is null) throw new CommitteeKeysFileException(path, "$", "null, not a committee keys file");
        if (dto.Format != CurrentFormat) throw new CommitteeKeysFileException(path, "$.format", $"'{dto.Format}', expected '{CurrentFormat}'");
        if (dto.Keys.Count == 0) throw new CommitteeKeysFileException(path, "$.keys", "no keys: a relay signs with at least one member's key");
        var keys = new List<EthECKey>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < dto.Keys.Count; i++)
        {
            if (!CommitteeSigner.TryParseKey(dto.Keys[i], out var key))
                throw new CommitteeKeysFileException(path, $"$.keys[{i}]", "not a secp256k1 private key (32 bytes of hex, nonzero, below the group order)");
            if (!seen.Add(key!.GetPublicAddress()))
                throw new CommitteeKeysFileException(path, $"$.keys[{i}]", $"the key of member {key.GetPublicAddress()} again");
            keys.Add(key);
        }
        return keys;
    }

    /// <summary>Writes <paramref name="keys"/> (hex private keys) as a committee keys file.</summary>
    public static void Write(string path, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(keys);
        System.IO.File.WriteAllText(path, JsonSerializer.Serialize(new KeysDto { Format = CurrentFormat, Keys = [.. keys] }, Options) + "\n");
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        MaxDepth = 4,
    };

    private sealed class KeysDto
    {
        public required string Format { get; init; }
        public required IReadOnlyList<string> Keys { get; init; }
    }
}

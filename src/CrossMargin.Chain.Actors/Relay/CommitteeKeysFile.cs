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
        // The parser's message may quote the offending text, which could be a key: only its place is shown.
        var dto = RelayJsonFile.Read<KeysDto>(path, "a committee keys file", CurrentFormat, 1 << 20,
            (where, problem) => new CommitteeKeysFileException(path, where, problem));
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
        RelayJsonFile.Write(path, new KeysDto { Format = CurrentFormat, Keys = [.. keys] });
    }

    private sealed class KeysDto : IRelayFileDto
    {
        public required string Format { get; init; }
        public required IReadOnlyList<string> Keys { get; init; }
    }
}

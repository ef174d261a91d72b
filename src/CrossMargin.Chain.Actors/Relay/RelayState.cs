namespace CrossMargin.Chain.Actors.Relay;

/// <summary>A relay state file that cannot be read, or that belongs to another relay: the message names the file and the JSON path.</summary>
public sealed class RelayStateFileException(string file, string path, string problem) : MalformedInputException($"{file}: {path}: {problem}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = path;
}

/// <summary>
/// Where a relay stands: the route it serves (source chain and registry, destination chain and
/// registry) and its cursor, the last source block it has finished with (number and hash). Every
/// commitment posted at or below the cursor has been carried or deliberately skipped; nothing
/// above it has been looked at. The hash lets a restarted relay notice that the source chain
/// reorganised beneath the cursor.
/// </summary>
/// <remarks>
/// The file is JSON, written whole or not at all (a temporary file renamed over it), read
/// strictly (unknown, missing and duplicate keys refused). Addresses are kept as the chain
/// spells them and compared without regard to case.
/// </remarks>
public sealed record RelayState(ulong SourceChainId, string SourceRegistry, ulong DestinationChainId, string DestinationRegistry, ulong Block, string BlockHash)
{
    public const string CurrentFormat = "crossmargin-relay-state/1";

    /// <summary>True when this state is for the route given (the same chains and registries).</summary>
    public bool Serves(ulong sourceChainId, string sourceRegistry, ulong destinationChainId, string destinationRegistry) =>
        SourceChainId == sourceChainId && DestinationChainId == destinationChainId
        && string.Equals(SourceRegistry, sourceRegistry, StringComparison.OrdinalIgnoreCase)
        && string.Equals(DestinationRegistry, destinationRegistry, StringComparison.OrdinalIgnoreCase);

    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dto = new StateDto
        {
            Format = CurrentFormat,
            SourceChainId = SourceChainId,
            SourceRegistry = SourceRegistry,
            DestinationChainId = DestinationChainId,
            DestinationRegistry = DestinationRegistry,
            Block = Block,
            BlockHash = BlockHash,
        };
        RelayJsonFile.Write(path, dto);
    }

    /// <summary>The state in <paramref name="path"/>, or null when there is no such file (a relay that never finished a block).</summary>
    public static RelayState? ReadIfExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path)) return null;
        var dto = RelayJsonFile.Read<StateDto>(path, "a relay state file", CurrentFormat, 64 << 10,
            (where, problem) => new RelayStateFileException(path, where, problem));
        return new RelayState(dto.SourceChainId, Hex(dto.SourceRegistry, 20, path, "$.sourceRegistry"), dto.DestinationChainId,
            Hex(dto.DestinationRegistry, 20, path, "$.destinationRegistry"), dto.Block, Hex(dto.BlockHash, 32, path, "$.blockHash"));
    }

    private static string Hex(string value, int bytes, string file, string where) =>
        value.Length == 2 + 2 * bytes && value.StartsWith("0x", StringComparison.Ordinal) && value[2..].All(char.IsAsciiHexDigit)
            ? value
            : throw new RelayStateFileException(file, where, $"'{value}' is not 0x and {2 * bytes} hex digits");

    private sealed class StateDto : IRelayFileDto
    {
        public required string Format { get; init; }
        public required ulong SourceChainId { get; init; }
        public required string SourceRegistry { get; init; }
        public required ulong DestinationChainId { get; init; }
        public required string DestinationRegistry { get; init; }
        public required ulong Block { get; init; }
        public required string BlockHash { get; init; }
    }
}

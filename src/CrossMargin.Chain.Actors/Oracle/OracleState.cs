using System.Text.Json;
using Nethereum.Util;

namespace CrossMargin.Chain.Actors.Oracle;

/// <summary>
/// A round of the script whose reports may have gone out: the hub's latest round id and trip
/// generation just before. If either moved, the round was spent (closed or tripped) even though
/// the reporters did not see the close's receipt.
/// </summary>
public sealed record PendingRound(long Round, ulong LatestRoundIdBefore, ulong GenerationBefore);

/// <summary>
/// Where the reporters are in their script, on disk (docs/oracle.md, "The state file"): the hub
/// and chain it belongs to, the next script round (from 1), the last round id they closed (0
/// before the first) and the round in flight, if any. Written whole or not at all (a temporary
/// file renamed over it) after every step, so a restart continues the script where it was and
/// never spends a round twice.
/// </summary>
public sealed record OracleState
{
    public const string CurrentFormat = "crossmargin-oracle-state/1";

    public OracleState(ulong chainId, string hub, long nextRound, ulong lastClosedRoundId, PendingRound? pending)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentOutOfRangeException.ThrowIfLessThan(nextRound, 1);
        if (pending is not null && pending.Round != nextRound) throw new ArgumentException("the round in flight is the next round", nameof(pending));
        ChainId = chainId;
        Hub = AddressUtil.Current.ConvertToChecksumAddress(hub);
        NextRound = nextRound;
        LastClosedRoundId = lastClosedRoundId;
        Pending = pending;
    }

    /// <summary>The state of reporters that have not reported yet.</summary>
    public static OracleState Fresh(ulong chainId, string hub) => new(chainId, hub, 1, 0, null);

    public ulong ChainId { get; }

    /// <summary>The hub's address, checksummed.</summary>
    public string Hub { get; }

    /// <summary>The script round the next step reports (from 1).</summary>
    public long NextRound { get; init; }

    /// <summary>The id of the last round these reporters closed; 0 before the first.</summary>
    public ulong LastClosedRoundId { get; init; }

    /// <summary>The round whose reports were being sent when the state was written; null between steps.</summary>
    public PendingRound? Pending { get; init; }

    /// <summary>Writes the file whole or not at all (a temporary file renamed over it).</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dto = new StateDto
        {
            Format = CurrentFormat,
            ChainId = ChainId,
            Hub = Hub,
            NextRound = NextRound,
            LastClosedRoundId = LastClosedRoundId,
            Pending = Pending is null ? null : new PendingDto
            {
                Round = Pending.Round,
                LatestRoundIdBefore = Pending.LatestRoundIdBefore,
                GenerationBefore = Pending.GenerationBefore,
            },
        };
        StrictJson.WriteFile(path, dto);
    }

    /// <summary>Reads a state file strictly (unknown, missing and duplicate keys refused, with the JSON path).</summary>
    public static OracleState Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new OracleInputException(path, "$", "the file does not exist");
        if (info.Length > 64 << 10) throw new OracleInputException(path, "$", $"{info.Length} bytes; a state file is at most 64 KiB");
        var dto = StrictJson.Deserialize<StateDto>(File.ReadAllText(path), "an oracle state file", (at, problem) => new OracleInputException(path, at, problem));
        if (dto.Format != CurrentFormat) throw new OracleInputException(path, "$.format", $"'{dto.Format}', expected '{CurrentFormat}'");
        if (!EvmAddress.IsValid(dto.Hub)) throw new OracleInputException(path, "$.hub", $"'{dto.Hub}' is not an address");
        if (dto.NextRound < 1) throw new OracleInputException(path, "$.nextRound", $"{dto.NextRound}; script rounds start at 1");
        if (dto.Pending is { } p && p.Round != dto.NextRound)
            throw new OracleInputException(path, "$.pending.round", $"{p.Round}; the round in flight is always the next round ({dto.NextRound})");
        return new OracleState(dto.ChainId, dto.Hub, dto.NextRound, dto.LastClosedRoundId,
            dto.Pending is { } q ? new PendingRound(q.Round, q.LatestRoundIdBefore, q.GenerationBefore) : null);
    }

    private sealed class StateDto
    {
        public required string Format { get; init; }
        public required ulong ChainId { get; init; }
        public required string Hub { get; init; }
        public required long NextRound { get; init; }
        public required ulong LastClosedRoundId { get; init; }
        public PendingDto? Pending { get; init; }
    }

    private sealed class PendingDto
    {
        public required long Round { get; init; }
        public required ulong LatestRoundIdBefore { get; init; }
        public required ulong GenerationBefore { get; init; }
    }
}

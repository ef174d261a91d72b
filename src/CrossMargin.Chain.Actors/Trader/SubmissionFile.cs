using System.Globalization;
using System.Numerics;
using System.Text.Json.Serialization;

namespace CrossMargin.Chain.Actors.Trader;

/// <summary>A submission file that cannot be read: the message names the file and the JSON path.</summary>
public sealed class SubmissionFileException(string file, string path, string problem) : MalformedInputException($"{file}: {path}: {problem}");

/// <summary>Where a proof stands: proved and persisted, sent, recorded by the gate, or overtaken (its nonce used by another proof, or its state changed).</summary>
public enum SubmissionStatus
{
    Proved,
    Sent,
    Recorded,
    Superseded,
}

/// <summary>
/// One proof as the trader persists it before anything is sent, and its fate: the gate's
/// arguments (account, nonce, level, round, tau, the proof's eight calldata words), the public
/// signals the gate must rebuild, for a venue's post-trade proof the commitment and state nonce
/// the venue posts with it, and once sent the transaction. Numbers as decimal strings.
/// </summary>
public sealed record ProofSubmission
{
    public const string CurrentFormat = "crossmargin-submission/1";

    public string Format { get; init; } = CurrentFormat;
    public required string Account { get; init; }
    public required string Gate { get; init; }
    public required ulong ChainId { get; init; }
    public required ulong Nonce { get; init; }
    public required byte Level { get; init; }
    public required ulong RoundId { get; init; }
    public required uint Tau { get; init; }
    public required IReadOnlyList<string> Proof { get; init; }
    public required IReadOnlyList<string> PublicSignals { get; init; }
    /// <summary>For an initial-margin proof over a venue's post-trade state: that venue and the commitment and state nonce it posts in the same call.</summary>
    public string? PostTradeVenue { get; init; }
    public string? PostTradeCommitment { get; init; }
    public ulong? PostTradeStateNonce { get; init; }
    public required SubmissionStatus Status { get; init; }
    public string? Transaction { get; init; }
    public ulong? GasUsed { get; init; }
    /// <summary>Why the proof was superseded, for people.</summary>
    public string? Note { get; init; }

    [JsonIgnore]
    public IReadOnlyList<BigInteger> ProofWords => [.. Proof.Select(w => BigInteger.Parse(w, CultureInfo.InvariantCulture))];

    [JsonIgnore]
    public IReadOnlyList<BigInteger> Signals => [.. PublicSignals.Select(w => BigInteger.Parse(w, CultureInfo.InvariantCulture))];

    /// <summary>The file name the trader keeps it under: one per (account, nonce, level, round), so a retry overwrites its own.</summary>
    [JsonIgnore]
    public string FileName => $"{Account.ToLowerInvariant()}-n{Nonce}-l{Level}-r{RoundId}.json";

    /// <summary>Where the proof stands, for people: recorded (transaction, gas, and the note when a keeper sent it first), superseded and why, or its status.</summary>
    public string Describe() => Status switch
    {
        SubmissionStatus.Recorded => $"recorded by the gate (transaction {Transaction}, gas {GasUsed})" + (Note is null ? "" : $": {Note}"),
        SubmissionStatus.Superseded => $"superseded, not sent: {Note}",
        _ => Status.ToString().ToLowerInvariant(),
    };

    /// <summary>Writes the file whole or not at all (temporary file, flushed, renamed over the old one).</summary>
    public void Write(string path)
    {
        StrictJson.WriteFile(path, this);
    }

    public static ProofSubmission Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var s = StrictJson.Deserialize<ProofSubmission>(File.ReadAllText(path), "a submission file", (at, problem) => new SubmissionFileException(path, at, problem));
        if (s.Format != CurrentFormat) throw new SubmissionFileException(path, "$.format", $"'{s.Format}', expected '{CurrentFormat}'");
        if (s.Proof.Count != 8) throw new SubmissionFileException(path, "$.proof", $"{s.Proof.Count} words; a proof is 8");
        foreach (var (words, name) in new[] { (s.Proof, "proof"), (s.PublicSignals, "publicSignals") })
            for (var i = 0; i < words.Count; i++)
                if (words[i].Length is 0 or > 78 || !words[i].All(char.IsAsciiDigit))
                    throw new SubmissionFileException(path, $"$.{name}[{i}]", $"'{words[i]}' is not a decimal integer");
        return s;
    }
}

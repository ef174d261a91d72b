using System.Text.Json.Serialization;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>
/// One proof the gate accepted (or a batch claims it accepted), whole: the gate's arguments, the
/// block that recorded it, the public signals the gate built from its state, and the proof in
/// snarkjs's proof.json form. What `ProofAccepted` carries, plus where it happened. Numbers that
/// may exceed 64 bits are decimal strings.
/// </summary>
public sealed record ProofEnvelope
{
    public required ulong ChainId { get; init; }
    public required string Gate { get; init; }
    public required string Account { get; init; }
    public required ulong Nonce { get; init; }
    /// <summary>0 initial, 1 maintenance (the gate's encoding).</summary>
    public required byte Level { get; init; }
    public required ulong RoundId { get; init; }
    public required uint Tau { get; init; }
    /// <summary>The proof's expiry the gate recorded (unix seconds).</summary>
    public required ulong Expiry { get; init; }
    public required ulong Block { get; init; }
    public string? Transaction { get; init; }
    /// <summary>snarkjs's public.json: the statement, decimal.</summary>
    public required IReadOnlyList<string> PublicSignals { get; init; }
    /// <summary>snarkjs's proof.json object (pi_a, pi_b, pi_c projective, protocol groth16, curve bn128).</summary>
    public required SnarkjsProof Proof { get; init; }
}

/// <summary>snarkjs's proof.json, as it writes it.</summary>
public sealed record SnarkjsProof
{
    [JsonPropertyName("pi_a")] public required IReadOnlyList<string> PiA { get; init; }
    [JsonPropertyName("pi_b")] public required IReadOnlyList<IReadOnlyList<string>> PiB { get; init; }
    [JsonPropertyName("pi_c")] public required IReadOnlyList<string> PiC { get; init; }
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = "groth16";
    [JsonPropertyName("curve")] public string Curve { get; init; } = "bn128";
}

/// <summary>A batch of proofs handed to an auditor (format crossmargin-proof-batch/1).</summary>
public sealed record ProofBatch
{
    public const string CurrentFormat = "crossmargin-proof-batch/1";

    public string Format { get; init; } = CurrentFormat;
    public required IReadOnlyList<ProofEnvelope> Proofs { get; init; }
}

/// <summary>What an audit covered and found (format crossmargin-audit-report/1).</summary>
public sealed record AuditReport
{
    public const string CurrentFormat = "crossmargin-audit-report/1";

    public string Format { get; init; } = CurrentFormat;
    public required AuditSource Source { get; init; }
    /// <summary>SHA-256 of the verification key the proofs were checked under (the key's pin).</summary>
    public required string VerificationKeySha256 { get; init; }
    public required AuditSummary Summary { get; init; }
    /// <summary>One verdict per proof, in the order audited (block, then log index; or the batch's order).</summary>
    public required IReadOnlyList<ProofVerdict> Proofs { get; init; }
    public required IReadOnlyList<AuditFinding> Findings { get; init; }
    public required IReadOnlyList<BlockCount> ProofsPerBlock { get; init; }
    /// <summary>Per account: its health and margin headroom at each event that changed them.</summary>
    public required IReadOnlyList<AccountTimeline> Accounts { get; init; }
    /// <summary>Gas per kind of step (submitProof, requireInitialMargin, flagPriceLapse, liquidate, post, ...), from the receipts in range.</summary>
    public required IReadOnlyList<GasFigure> GasPerStep { get; init; }
}

/// <summary>Where the proofs came from: a gate's events over a block range, or a batch file (checked against a chain when one is given).</summary>
public sealed record AuditSource
{
    /// <summary>"chain" or "batch".</summary>
    public required string Kind { get; init; }
    public required ulong ChainId { get; init; }
    public required string Gate { get; init; }
    public required ulong FromBlock { get; init; }
    public required ulong ToBlock { get; init; }
    public string? BatchFile { get; init; }
    /// <summary>Whether the proofs' inputs were compared with a chain's state; false for a batch audited without a node (the proofs were only verified).</summary>
    public bool CheckedAgainstChain { get; init; } = true;
}

public sealed record AuditSummary
{
    public required int Proofs { get; init; }
    public required int Valid { get; init; }
    public required int Invalid { get; init; }
    public required int InputMismatches { get; init; }
    public required int Findings { get; init; }
    public required double Seconds { get; init; }
    public required double ProofsPerSecond { get; init; }
    /// <summary>Of <see cref="Seconds"/>: decoding and shape checks, batch verification, and the input checks against the chain (with the timelines and gas figures).</summary>
    public double DecodeSeconds { get; init; }
    public double VerifySeconds { get; init; }
    public double InputCheckSeconds { get; init; }
}

/// <summary>A proof's verdict: whether it verifies under the key, and whether its public inputs are what the chain held at its block.</summary>
public sealed record ProofVerdict
{
    public required int Index { get; init; }
    public required string Account { get; init; }
    public required ulong Nonce { get; init; }
    public required byte Level { get; init; }
    public required ulong RoundId { get; init; }
    public required ulong Block { get; init; }
    public string? Transaction { get; init; }
    public required bool Valid { get; init; }
    public required bool InputsMatch { get; init; }
    /// <summary>Each input that differs from the chain's state, with both values (empty when they match).</summary>
    public required IReadOnlyList<string> Mismatches { get; init; }
}

/// <summary>What a person must look at: an invalid proof, inputs that do not match the chain, a malformed entry, or an inconsistency of the chain's own record.</summary>
public sealed record AuditFinding
{
    /// <summary>"invalid-proof", "input-mismatch", "malformed" or "chain".</summary>
    public required string Kind { get; init; }
    /// <summary>The proof's index in <see cref="AuditReport.Proofs"/>, when the finding is about one.</summary>
    public int? ProofIndex { get; init; }
    public string? Account { get; init; }
    public ulong? Block { get; init; }
    public required string Message { get; init; }
}

public sealed record BlockCount(ulong Block, int Count);

public sealed record AccountTimeline
{
    public required string Account { get; init; }
    public required IReadOnlyList<HealthPoint> Points { get; init; }
}

/// <summary>
/// The account's public health at one moment. Equity and requirement are private (the point of
/// the system); what the chain shows is whether a live proof covers the account, until when, and
/// how much of the gate's price band the prices have used since the proved round (the margin
/// headroom a price move has left before the proof lapses).
/// </summary>
public sealed record HealthPoint
{
    public required ulong Block { get; init; }
    public required ulong Timestamp { get; init; }
    /// <summary>"proof", "round", "commitment", "lapse", "liquidated".</summary>
    public required string Event { get; init; }
    /// <summary>Whether a live proof covered the account after this event.</summary>
    public required bool Covered { get; init; }
    /// <summary>0 initial, 1 maintenance; null when not covered.</summary>
    public byte? Level { get; init; }
    /// <summary>Seconds until the live proof expires; null when not covered.</summary>
    public ulong? SecondsToExpiry { get; init; }
    /// <summary>The largest move of any feed since the proved round, as a percentage of the gate's price band (100: the proof lapses); null when not covered.</summary>
    public double? PriceBandUsedPercent { get; init; }
}

public sealed record GasFigure
{
    public required string Step { get; init; }
    public required int Transactions { get; init; }
    public required ulong MedianGas { get; init; }
    public required ulong TotalGas { get; init; }
}

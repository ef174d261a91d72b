using CrossMargin.Chain;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrossMargin.Chain.Contracts.Deployment;

/// <summary>A deployment file that cannot be read as one, or one that a resumed deployment cannot continue.</summary>
public sealed class DeploymentFileException(string message) : MalformedInputException(message);

/// <summary>
/// One step that landed: a contract created (<see cref="Address"/> set) or a wiring transaction
/// (the registry's GATE_ROLE granted to the gate), with its block, transaction, the gas its
/// receipt says it used, and the arguments it was sent with (a resumed deployment compares them
/// with what the configuration now asks for).
/// </summary>
public sealed record DeploymentStep
{
    public required string Name { get; init; }
    /// <summary>The contract created or called.</summary>
    public required string Contract { get; init; }
    /// <summary>The created contract's address; null for a call.</summary>
    public string? Address { get; init; }
    public required ulong Block { get; init; }
    public required string Transaction { get; init; }
    public required ulong GasUsed { get; init; }
    public required JsonArray Arguments { get; init; }
}

/// <summary>A step's transaction that was sent but whose receipt was not seen when the file was last written.</summary>
public sealed record PendingStep
{
    public required string Name { get; init; }
    public required string Contract { get; init; }
    public required string Transaction { get; init; }
    public required JsonArray Arguments { get; init; }
}

/// <summary>
/// The deployment file that every verb working with a deployed system reads: the chain, the
/// deployer, the verification key's SHA-256 the verifier contract was generated from, the
/// configuration with every default spelled out, and each step in order. Written after every
/// step that lands, with <see cref="Complete"/> false until the last one, so that a failed run
/// loses nothing and <c>crossmargin deploy --resume</c> continues it.
/// </summary>
public sealed record DeploymentRecord
{
    public const string CurrentFormat = "crossmargin-deployment/1";

    public string Format { get; init; } = CurrentFormat;
    public required bool Complete { get; init; }
    public required ulong ChainId { get; init; }
    public required string Deployer { get; init; }
    /// <summary>The verifier contract's name (the generated client's contract).</summary>
    public required string Verifier { get; init; }
    /// <summary>SHA-256 (lowercase hex) of the verification_key.json the verifier contract was generated from (<c>KeyDigest</c>).</summary>
    public required string VerificationKeySha256 { get; init; }
    /// <summary>The git commit of the contracts' sources, when known.</summary>
    public string? ContractsCommit { get; init; }
    public required JsonObject Config { get; init; }
    public required IReadOnlyList<DeploymentStep> Steps { get; init; }
    /// <summary>
    /// The next step's transaction when it was sent and its receipt not yet seen (written before
    /// waiting, so that a run that dies meanwhile loses nothing): a resumed run takes its receipt,
    /// or sends the step again when the transaction failed or the node dropped it.
    /// </summary>
    public PendingStep? Pending { get; init; }

    /// <summary>The address of the contract that step <paramref name="step"/> created.</summary>
    public string AddressOf(string step) =>
        Steps.FirstOrDefault(s => s.Name == step)?.Address ?? throw new KeyNotFoundException($"the deployment has no contract from step '{step}'");

    /// <summary>Total gas of every step.</summary>
    public ulong TotalGas => Steps.Aggregate(0UL, (sum, s) => sum + s.GasUsed);

    public string ToJson() => JsonSerializer.Serialize(this, StrictJson.Options) + "\n";

    /// <summary>Writes the file whole or not at all (<see cref="StrictJson.WriteFile"/>), so that a crash mid-write keeps the previous version.</summary>
    public void Write(string path)
    {
        StrictJson.WriteFile(path, this);
    }

    /// <summary>Reads a deployment file strictly (unknown or duplicate keys, missing fields and other formats refused).</summary>
    public static DeploymentRecord Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var record = StrictJson.Deserialize<DeploymentRecord>(File.ReadAllText(path), "a deployment file", (at, problem) => new DeploymentFileException($"{path}: {at}: {problem}"));
        if (record.Format != CurrentFormat) throw new DeploymentFileException($"{path}: $.format: '{record.Format}', expected '{CurrentFormat}'");
        return record;
    }
}

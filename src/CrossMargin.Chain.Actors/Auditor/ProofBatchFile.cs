using CrossMargin.Curves.Encodings;
using CrossMargin.Groth16;

namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>A proof batch file that cannot be read: the message names the file and the JSON path.</summary>
public sealed class ProofBatchFileException(string file, string path, string problem) : MalformedInputException($"{file}: {path}: {problem}")
{
    /// <summary>The JSON path of the offending value ("$.proofs[2].proof.pi_b[1][0]").</summary>
    public string JsonPath { get; } = path;
}

/// <summary>
/// The proof batch file (<see cref="ProofBatch"/>, format crossmargin-proof-batch/1), read
/// strictly: StrictJson's rules (unknown, duplicate and missing keys, nulls, types) and then each
/// envelope by <see cref="ProofEnvelopeRules"/>, the rules its protobuf form follows too. Every
/// failure is a <see cref="ProofBatchFileException"/> with the JSON path; nothing of a bad file is audited.
/// </summary>
public static class ProofBatchFile
{
    /// <summary>A larger file is refused before it is read (an envelope is about 2 KB: a quarter of a million proofs).</summary>
    public const long MaxBytes = 512L << 20;

    public static ProofBatch Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new ProofBatchFileException(path, "$", "the file does not exist");
        if (info.Length > MaxBytes) throw new ProofBatchFileException(path, "$", $"{info.Length} bytes is larger than a proof batch may be ({MaxBytes})");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The batch in <paramref name="json"/>; <paramref name="file"/> names it in messages.</summary>
    public static ProofBatch Parse(string json, string file)
    {
        var batch = StrictJson.Deserialize<ProofBatch>(json, "a proof batch", (at, problem) => new ProofBatchFileException(file, at, problem));
        ProofEnvelopeRules.Check(batch, (at, problem) => new ProofBatchFileException(file, at, problem));
        return batch;
    }

    /// <summary>Writes the batch whole or not at all (StrictJson).</summary>
    public static void Write(string path, ProofBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        StrictJson.WriteFile(path, batch);
    }
}

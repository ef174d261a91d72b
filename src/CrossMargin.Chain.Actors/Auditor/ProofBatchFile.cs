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
/// strictly: StrictJson's rules (unknown, duplicate and missing keys, nulls, types) and then, per
/// envelope, addresses, a level of 0 or 1, public signals as canonical decimals below r, and the
/// proof in snarkjs's shape with every point on its curve (G2 in its subgroup). Every failure is
/// a <see cref="ProofBatchFileException"/> with the JSON path; nothing of a bad file is audited.
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
        var batch = StrictJson.Deserialize<ProofBatch>(File.ReadAllText(path), "a proof batch", (at, problem) => new ProofBatchFileException(path, at, problem));
        if (batch.Format != ProofBatch.CurrentFormat)
            throw new ProofBatchFileException(path, "$.format", $"'{batch.Format}', expected '{ProofBatch.CurrentFormat}'");
        for (var i = 0; i < batch.Proofs.Count; i++)
            Check(path, $"$.proofs[{i}]", batch.Proofs[i]);
        return batch;
    }

    /// <summary>Writes the batch whole or not at all (StrictJson).</summary>
    public static void Write(string path, ProofBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        StrictJson.WriteFile(path, batch);
    }

    private static void Check(string file, string at, ProofEnvelope e)
    {
        if (!EvmAddress.IsValid(e.Gate)) throw new ProofBatchFileException(file, $"{at}.gate", $"'{e.Gate}' is not an address (0x and 40 hex digits)");
        if (!EvmAddress.IsValid(e.Account)) throw new ProofBatchFileException(file, $"{at}.account", $"'{e.Account}' is not an address (0x and 40 hex digits)");
        if (e.Level > 1) throw new ProofBatchFileException(file, $"{at}.level", $"{e.Level}; a level is 0 (initial) or 1 (maintenance)");
        for (var j = 0; j < e.PublicSignals.Count; j++)
        {
            var where = $"{at}.publicSignals[{j}]";
            try
            {
                var value = ProofForms.Decimal(e.PublicSignals[j], where);
                if (value >= Fr.Modulus) throw new ProofBatchFileException(file, where, $"{value} is not below the scalar field's order r");
            }
            catch (MalformedStatementException x)
            {
                throw new ProofBatchFileException(file, where, x.Message[(where.Length + 2)..]);
            }
        }
        Check(file, $"{at}.proof.pi_a", e.Proof.PiA.Count == 3, "a G1 point is three decimal strings [x, y, z]");
        Check(file, $"{at}.proof.pi_b", e.Proof.PiB.Count == 3 && e.Proof.PiB.All(p => p.Count == 2), "a G2 point is three pairs of decimal strings");
        Check(file, $"{at}.proof.pi_c", e.Proof.PiC.Count == 3, "a G1 point is three decimal strings [x, y, z]");
        try
        {
            ProofForms.FromSnarkjs(e.Proof, $"{at}.proof");
        }
        catch (PointEncodingException x)
        {
            throw new ProofBatchFileException(file, x.JsonPath ?? $"{at}.proof", x.Message);
        }
        catch (MalformedStatementException x)
        {
            throw new ProofBatchFileException(file, $"{at}.proof", x.Message);
        }
    }

    private static void Check(string file, string at, bool ok, string problem)
    {
        if (!ok) throw new ProofBatchFileException(file, at, problem);
    }
}

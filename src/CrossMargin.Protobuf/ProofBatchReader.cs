using CrossMargin.Chain.Actors.Auditor;

namespace CrossMargin.Protobuf;

/// <summary>
/// A proof batch file in either form: protobuf (proof.proto's ProofBatch; a .pb file) or JSON
/// (crossmargin-proof-batch/1; a .json file). The extension decides; any other extension is
/// decided by the content (JSON starts, after white space, with '{'). The JSON form is read by
/// <see cref="ProofBatchFile"/>; both forms follow <see cref="ProofEnvelopeRules"/>.
/// </summary>
public static class ProofBatchReader
{
    public static ProofBatch Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new ProofBatchFileException(path, "$", "the file does not exist");
        if (info.Length > ProofMessages.MaxBatchBytes) throw new ProofBatchFileException(path, "$", $"{info.Length} bytes; a proof batch is at most {ProofMessages.MaxBatchBytes}");
        var bytes = File.ReadAllBytes(path);
        return IsJson(path, bytes)
            ? ProofBatchFile.Parse(System.Text.Encoding.UTF8.GetString(bytes), path)
            : StrictProtobuf.Named(path, () => ProofMessages.ParseBatch(bytes));
    }

    /// <summary>Whether a file is in the JSON form: by its extension, or when it has neither, by its first non-blank byte.</summary>
    public static bool IsJson(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase)) return true;
        if (extension.Equals(".pb", StringComparison.OrdinalIgnoreCase)) return false;
        var content = bytes.TrimStart(" \n\r\t"u8);
        return content.Length > 0 && content[0] == (byte)'{';
    }
}

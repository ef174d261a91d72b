namespace CrossMargin.Protobuf;

/// <summary>
/// A protobuf message that cannot be read as what it claims to be: bytes that do not parse, a
/// field that is unknown, of the wrong wire type, given twice or missing, a value its JSON form
/// would refuse. The message names the kind of message and the field path in the .proto's names
/// ("proof batch: proofs[3].proof.pi_b: ...").
/// </summary>
public sealed class ProtobufFormatException(string what, string path, string problem, Exception? innerException = null)
    : MalformedInputException($"{what}: {(path.Length == 0 ? "(the message)" : path)}: {problem}", innerException)
{
    /// <summary>The kind of message ("proof batch", "opening", ...).</summary>
    public string What { get; } = what;

    /// <summary>The field path in the .proto's field names ("proofs[3].proof.pi_b"); empty for the whole message.</summary>
    public string FieldPath { get; } = path;

    public string Problem { get; } = problem;
}

/// <summary>
/// A JSON form that this project's readers have no dedicated reader for yet (the proof batch and
/// envelope, the audit report) that is not what it claims: the file, the JSON path and why.
/// </summary>
public sealed class JsonFormException(string file, string path, string problem)
    : MalformedInputException($"{file}: {path}: {problem}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = path;
}

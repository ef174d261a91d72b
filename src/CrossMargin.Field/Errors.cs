namespace CrossMargin;

// The project's two kinds of failure, which every reader, prover and verifier keeps apart and
// the CLI maps to its exit codes in one place (2 and 1): input that is not what it claims to be,
// and a well-formed statement that is false. Anything else is a bug.

/// <summary>
/// Input that cannot be read as what it claims to be (a file, a JSON value, an encoding, a
/// witness of the wrong shape, an argument): nothing was decided about the statement. The
/// message says what is wrong and where (the file, the section or JSON path, the offset).
/// </summary>
public abstract class MalformedInputException : Exception
{
    protected MalformedInputException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A well-formed statement that does not hold: a witness that breaks the circuit, a portfolio
/// that is not solvent at the level asked for, a key that no proof can be trusted under.
/// </summary>
public abstract class InvalidStatementException : Exception
{
    protected InvalidStatementException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

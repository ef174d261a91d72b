namespace CrossMargin.Cli;

/// <summary>
/// Process exit codes, the same for every verb, so scripts can tell a false statement from a
/// broken input: 0 success (a proof or witness is valid), 1 a well-formed input that is invalid
/// (a proof that does not verify, a witness that violates a constraint), 2 malformed input or
/// usage (a file that cannot be read as what it claims to be, a wrong argument), 3 an internal
/// error (a bug: please report it with the message), 4 inconclusive (`r1cs audit` alone: no
/// finding, but uniqueness not proved either; the unresolved signals are named), 5 the chain was
/// unavailable (the node did not answer in time, refused the connection, or answered what no
/// node should: nothing was decided, a retry may succeed). A transaction the contracts refused
/// is 1, with the contract's error and its arguments.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;
    public const int Inconclusive = 4;
    public const int Unavailable = 5;
}

namespace CrossMargin.Cli;

/// <summary>
/// Process exit codes, the same for every verb, so scripts can tell a false statement from a
/// broken input: 0 success (a proof or witness is valid), 1 a well-formed input that is invalid
/// (a proof that does not verify, a witness that violates a constraint), 2 malformed input or
/// usage (a file that cannot be read as what it claims to be, a wrong argument), 3 an internal
/// error (a bug: please report it with the message), 4 inconclusive (`r1cs audit` alone: no
/// finding, but uniqueness not proved either; the unresolved signals are named).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int BadInput = 2;
    public const int InternalError = 3;
    public const int Inconclusive = 4;
}

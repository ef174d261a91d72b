namespace CrossMargin.Snarkjs;

/// <summary>
/// A circom/snarkjs file that cannot be read as what it claims to be: truncated, corrupted,
/// inconsistent or hostile. Names the file, the section (when inside one) and the byte offset
/// where reading stopped, so the user can find the fault.
/// </summary>
public sealed class CircomFormatException : MalformedInputException
{
    public CircomFormatException(string file, string? section, long offset, string problem)
        : base(Describe(file, section, offset, problem))
    {
        File = file;
        Section = section;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The path of the file as the caller gave it.</summary>
    public string File { get; }

    /// <summary>The section being read ("header", "constraints", ...), or null outside sections.</summary>
    public string? Section { get; }

    /// <summary>Byte offset in the file at which the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>
    /// A file that cannot be opened, said plainly: a folder given where a file belongs, a file
    /// that does not exist, or the system's reason (which names the path).
    /// </summary>
    public static CircomFormatException CannotOpen(string file, Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new CircomFormatException(file, null, 0, "cannot open: " + WhyNot(file, reason));
    }

    /// <summary>Why <paramref name="file"/> could not be opened, in the user's terms.</summary>
    public static string WhyNot(string file, Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Directory.Exists(file)) return "it is a folder, not a file";
        if (!System.IO.File.Exists(file)) return "the file does not exist";
        return reason.Message;
    }

    private static string Describe(string file, string? section, long offset, string problem) =>
        section is null
            ? $"{file}: at offset {offset}: {problem}"
            : $"{file}: section '{section}' at offset {offset}: {problem}";
}

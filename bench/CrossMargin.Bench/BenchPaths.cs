namespace CrossMargin.Bench;

/// <summary>Repository paths, found from the working directory or the assembly's folder.</summary>
internal static class BenchPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>artifacts/circuits/&lt;relative&gt;/&lt;name&gt; (append .r1cs, .sym, ...).</summary>
    public static string Circuit(string relative) =>
        Path.Combine(Root, "artifacts", "circuits", relative, Path.GetFileName(relative));

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CrossMargin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}

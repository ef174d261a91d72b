namespace CrossMargin.Testing;

/// <summary>
/// Where the repository's inputs and build outputs lie, found from the test assembly's folder
/// by walking up to the folder that holds CrossMargin.sln.
/// </summary>
public static class RepoLayout
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrossMargin.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no CrossMargin.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    /// <summary>The public test vectors (tests/vectors).</summary>
    public static string Vectors(params string[] parts) => Path.Combine([Root, "tests", "vectors", .. parts]);

    /// <summary>
    /// The artifacts the build compiled from circuits/&lt;relativePath&gt;.circom:
    /// artifacts/circuits/&lt;relativePath&gt;/&lt;name&gt;.{r1cs,sym,info.json}, &lt;name&gt;_js/&lt;name&gt;.wasm.
    /// </summary>
    public static CircuitArtifacts Circuit(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var folder = Path.Combine(Root, "artifacts", "circuits", relativePath);
        var artifacts = new CircuitArtifacts(
            Path.Combine(folder, name + ".r1cs"),
            Path.Combine(folder, name + "_js", name + ".wasm"),
            Path.Combine(folder, name + ".sym"),
            Path.Combine(folder, name + ".info.json"));
        if (!File.Exists(artifacts.R1cs))
            throw new FileNotFoundException($"{artifacts.R1cs} is missing: the build compiles circuits/{relativePath}.circom (run dotnet build)");
        return artifacts;
    }
}

/// <summary>Paths of one compiled circuit; Info is circom's own report as JSON.</summary>
public sealed record CircuitArtifacts(string R1cs, string Wasm, string Sym, string Info);

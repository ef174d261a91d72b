using CrossMargin.Proving;
using CrossMargin.Margin;

namespace CrossMargin.Contracts.Fixtures;

/// <summary>
/// Where fixtures come from and go: the repository, the compiled circuits
/// (artifacts/circuits/), the cached development keys (artifacts/keys/, as `margin prove` uses
/// them), the output folder artifacts/contracts/ (foundry.toml lets the tests read it), and the
/// generated Solidity folders contracts/src/generated/ and contracts/test/generated/.
/// </summary>
public sealed class FixtureContext(string repositoryRoot)
{
    public string RepositoryRoot { get; } = repositoryRoot;
    public string ArtifactsDirectory => Path.Combine(RepositoryRoot, "artifacts");
    public string CircuitsDirectory => Path.Combine(ArtifactsDirectory, "circuits");
    public string KeysDirectory => Path.Combine(ArtifactsDirectory, "keys");

    /// <summary>artifacts/contracts/: what the forge tests read with vm.readFile.</summary>
    public string OutputDirectory => Path.Combine(ArtifactsDirectory, "contracts");

    /// <summary>contracts/src/generated/: contracts the deployable code uses (generated verifiers).</summary>
    public string GeneratedSourceDirectory => Path.Combine(RepositoryRoot, "contracts", "src", "generated");

    /// <summary>contracts/test/generated/: contracts only the tests use (peers, test circuits' verifiers).</summary>
    public string GeneratedTestDirectory => Path.Combine(RepositoryRoot, "contracts", "test", "generated");

    /// <summary>The compiled circuit circuits/&lt;relativePath&gt;.circom: its .r1cs and witness wasm.</summary>
    public (string Name, string R1cs, string Wasm) Circuit(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        var folder = Path.Combine(CircuitsDirectory, relativePath);
        var r1cs = Path.Combine(folder, name + ".r1cs");
        if (!File.Exists(r1cs))
            throw new FileNotFoundException($"{r1cs} is missing: the build compiles circuits/{relativePath}.circom (run dotnet build)");
        return (name, r1cs, Path.Combine(folder, name + "_js", name + ".wasm"));
    }

    /// <summary>The development key of circuits/&lt;relativePath&gt;.circom, made on first use and cached.</summary>
    public DevelopmentKeys.KeyFiles DevelopmentKey(string relativePath)
    {
        var circuit = Circuit(relativePath);
        return DevelopmentKeys.Ensure(circuit.Name, circuit.R1cs, KeysDirectory, Log);
    }

    /// <summary>The development key of a solvency circuit (the one `margin prove` uses).</summary>
    public DevelopmentKeys.KeyFiles DevelopmentKey(MarginCircuit circuit) =>
        DevelopmentKeys.Ensure(circuit, KeysDirectory, Log);

    public static void Log(string message) => Console.WriteLine($"contract fixtures: {message}");
}

using Xunit;
using CrossMargin.Testing;

using CrossMargin.Groth16;

using CrossMargin.Snarkjs.Ceremony;

namespace CrossMargin.Snarkjs.Tests;

/// <summary>
/// snarkjs-made powers of tau, built once per test run in a temporary folder: power 7 fresh (enough for the 100-constraint vector circuit),
/// after one contribution, and prepared for phase 2.
/// </summary>
public sealed class SnarkjsPtauFixture : IDisposable
{
    public const int Power = 7;

    public SnarkjsPtauFixture()
    {
        Folder = Directory.CreateTempSubdirectory("cm-setup-").FullName;
        SnarkjsCli.MustRun("powersoftau", "new", "bn128", Power.ToString(System.Globalization.CultureInfo.InvariantCulture), Fresh);
        SnarkjsCli.MustRun("powersoftau", "contribute", Fresh, Contributed, "--name=first", "-e=some entropy");
        SnarkjsCli.MustRun("powersoftau", "prepare", "phase2", Contributed, Prepared);
    }

    public string Folder { get; }
    public string Fresh => Path.Combine(Folder, "fresh.ptau");
    public string Contributed => Path.Combine(Folder, "contributed.ptau");
    public string Prepared => Path.Combine(Folder, "prepared.ptau");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>One set of snarkjs files for every test class (snarkjs takes seconds per step).</summary>
[CollectionDefinition(Name)]
public sealed class SnarkjsCollection : ICollectionFixture<SnarkjsPtauFixture>
{
    public const string Name = "snarkjs ptau";
}

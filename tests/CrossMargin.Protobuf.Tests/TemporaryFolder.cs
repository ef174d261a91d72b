namespace CrossMargin.Protobuf.Tests;

/// <summary>A test class's own folder of files, deleted after each test.</summary>
public abstract class TemporaryFolder : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("protobuf-tests-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string PathOf(string name) => Path.Combine(_directory, name);
}

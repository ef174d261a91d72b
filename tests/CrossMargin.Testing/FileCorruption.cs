namespace CrossMargin.Testing;

/// <summary>
/// Seeded corruptions of a real file, for testing that a reader meets damaged or hostile input
/// with its typed error and nothing else: every fourth one a truncation at a random length, the
/// others one to four random bytes changed, half of those within the first
/// <c>headerBytes</c> bytes, where counts and section tables live.
/// </summary>
public static class FileCorruption
{
    /// <summary>Writes each corruption of <paramref name="original"/> to one temporary file in turn and calls <paramref name="check"/> with its path.</summary>
    public static void ForEach(byte[] original, int seed, int rounds, int headerBytes, Action<string> check)
    {
        var random = new Random(seed);
        var path = Path.GetTempFileName();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                byte[] corrupted;
                if (round % 4 == 0)
                {
                    corrupted = original[..random.Next(original.Length)];
                }
                else
                {
                    corrupted = (byte[])original.Clone();
                    var span = round % 2 == 0 ? Math.Min(headerBytes, corrupted.Length) : corrupted.Length;
                    for (var k = random.Next(1, 5); k > 0; k--) corrupted[random.Next(span)] = (byte)random.Next(256);
                }
                File.WriteAllBytes(path, corrupted);
                check(path);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}

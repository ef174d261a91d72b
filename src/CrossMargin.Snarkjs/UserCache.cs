namespace CrossMargin.Snarkjs;

/// <summary>
/// The per-user cache folder the readers keep derived facts in ($XDG_CACHE_HOME/crossmargin/NAME,
/// else ~/.cache/crossmargin/NAME): compiled witness generators, and the proving keys whose G2
/// points have been checked. Entries are keyed by the SHA-256 of what they vouch for, so a
/// changed file misses. A folder only this user can write, never the shared temp folder: an entry
/// is trusted, and whoever can write it could as well replace the user's programs.
/// </summary>
internal static class UserCache
{
    /// <summary>The cache folder for <paramref name="name"/>, or null when the user has no home folder.</summary>
    public static string? Directory(string name)
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) return null;
            root = Path.Combine(home, ".cache");
        }
        return Path.Combine(root, "crossmargin", name);
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to <paramref name="path"/> atomically (a temporary file,
    /// then a rename), creating the folder. A failure is ignored: the cache is an optimisation,
    /// and a read-only home folder must not fail the command.
    /// </summary>
    public static void TryWrite(string path, ReadOnlySpan<byte> contents)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                stream.Write(contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace CrossMargin.Snarkjs;

/// <summary>One section of an iden3 binary file: its type id and where its body lies.</summary>
public readonly record struct BinSection(uint Type, long Offset, long Size);

/// <summary>
/// The container shared by circom's and snarkjs's binary formats (.r1cs, .wtns, .zkey, .ptau),
/// as written by iden3/binfileutils:
/// <code>
/// magic[4] | version:u32 | nSections:u32 | { type:u32 | size:u64 | body[size] } * nSections
/// </code>
/// All integers little-endian. Opening a file reads only its section table: every declared
/// size is checked against the file's length before anything is allocated, so a hostile
/// header cannot make the reader allocate or seek beyond the file.
/// </summary>
public sealed class BinFile : IDisposable
{
    private const int MaxSections = 1 << 16;

    private readonly FileStream _stream;
    private readonly Dictionary<uint, BinSection> _sections;

    private BinFile(string path, FileStream stream, string magic, uint version, Dictionary<uint, BinSection> sections)
    {
        Path = path;
        _stream = stream;
        Magic = magic;
        Version = version;
        _sections = sections;
    }

    public string Path { get; }
    public string Magic { get; }
    public uint Version { get; }
    public long Length => _stream.Length;
    public IReadOnlyCollection<BinSection> Sections => _sections.Values;

    /// <summary>
    /// Opens <paramref name="path"/>, checks its magic and version and reads its section table.
    /// Each section type may appear once.
    /// </summary>
    public static BinFile Open(string path, string expectedMagic, uint maxVersion)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CircomFormatException.CannotOpen(path, e);
        }

        try
        {
            var reader = new SectionReader(path, null, stream.SafeFileHandle, 0, stream.Length);
            var magic = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(4, "magic"));
            if (magic != expectedMagic)
                throw reader.Error(-4, $"not a '{expectedMagic}' file (magic is '{Printable(magic)}')");
            var version = reader.ReadUInt32("version");
            if (version == 0 || version > maxVersion)
                throw reader.Error(-4, $"version {version} is not supported (1 to {maxVersion} are)");
            var count = reader.ReadUInt32("section count");
            if (count > MaxSections)
                throw reader.Error(-4, $"{count} sections declared; at most {MaxSections} are plausible");

            var sections = new Dictionary<uint, BinSection>();
            for (var i = 0; i < count; i++)
            {
                var type = reader.ReadUInt32("section type");
                var size = reader.ReadUInt64("section size");
                var body = reader.Position;
                if (size > (ulong)(stream.Length - body))
                    throw reader.Error(-12, $"section {type} declares {size} bytes but only {stream.Length - body} remain in the file");
                if (!sections.TryAdd(type, new BinSection(type, body, (long)size)))
                    throw reader.Error(-12, $"section {type} appears twice");
                reader.Skip((long)size);
            }
            if (reader.Position != stream.Length)
                throw reader.Error(0, $"{stream.Length - reader.Position} bytes after the last section");
            return new BinFile(path, stream, magic, version, sections);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public bool Has(uint type) => _sections.ContainsKey(type);

    /// <summary>A reader over section <paramref name="type"/>, which must be present.</summary>
    public SectionReader Read(uint type, string name)
    {
        if (!_sections.TryGetValue(type, out var section))
            throw new CircomFormatException(Path, name, 0, $"section {type} ({name}) is missing");
        return new SectionReader(Path, name, _stream.SafeFileHandle, section.Offset, section.Size);
    }

    public void Dispose() => _stream.Dispose();

    private static string Printable(string s) =>
        new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}

/// <summary>
/// Reads the body of one section, never past its end. Every failure is a
/// <see cref="CircomFormatException"/> naming the file, the section and the offset. Reads go by
/// absolute offset (<see cref="RandomAccess"/>), with no shared file position, so readers of
/// different sections of one file may run on different threads (the zkey's point sections do).
/// </summary>
public sealed class SectionReader
{
    private readonly string _file;
    private readonly string? _section;
    private readonly SafeFileHandle _handle;
    private readonly long _end;

    internal SectionReader(string file, string? section, SafeFileHandle handle, long start, long size)
    {
        _file = file;
        _section = section;
        _handle = handle;
        _end = start + size;
        Position = start;
    }

    /// <summary>Absolute offset in the file of the next byte to read.</summary>
    public long Position { get; private set; }

    public long Remaining => _end - Position;

    public uint ReadUInt32(string what)
    {
        Span<byte> b = stackalloc byte[4];
        Fill(b, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public ulong ReadUInt64(string what)
    {
        Span<byte> b = stackalloc byte[8];
        Fill(b, what);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    public byte[] ReadBytes(int count, string what)
    {
        if (count < 0 || count > Remaining)
            throw Error(0, $"{what} needs {count} bytes but only {Remaining} remain");
        var bytes = new byte[count];
        Fill(bytes, what);
        return bytes;
    }

    /// <summary>Fills <paramref name="destination"/> from the section.</summary>
    public void Fill(Span<byte> destination, string what)
    {
        if (destination.Length > Remaining)
            throw Error(0, $"{what} needs {destination.Length} bytes but only {Remaining} remain");
        if (destination.Length >= BufferSize)
        {
            ReadAt(destination, Position, what);
        }
        else
        {
            // Small reads (a witness is tens of thousands of 32-byte values) come from a buffer
            // filled a block at a time: a system call each would cost more than the parsing.
            var offset = Position - _bufferStart;
            if (_buffer is null || offset < 0 || offset + destination.Length > _bufferLength)
            {
                _buffer ??= new byte[BufferSize];
                _bufferStart = Position;
                _bufferLength = (int)Math.Min(BufferSize, Remaining);
                ReadAt(_buffer.AsSpan(0, _bufferLength), Position, what);
                offset = 0;
            }
            _buffer.AsSpan((int)offset, destination.Length).CopyTo(destination);
        }
        Position += destination.Length;
    }

    private const int BufferSize = 1 << 16;
    private byte[]? _buffer;
    private long _bufferStart;
    private int _bufferLength;

    private void ReadAt(Span<byte> destination, long position, string what)
    {
        for (var filled = 0; filled < destination.Length;)
        {
            var read = RandomAccess.Read(_handle, destination[filled..], position + filled);
            if (read == 0) throw Error(position + filled - Position, $"{what}: the file ended early (did it shrink while being read?)");
            filled += read;
        }
    }

    public void Skip(long count)
    {
        if (count < 0 || count > Remaining)
            throw Error(0, $"cannot skip {count} bytes: only {Remaining} remain");
        Position += count;
    }

    /// <summary>Fails unless the whole section has been read: trailing bytes mean a corrupt file.</summary>
    public void EnsureConsumed()
    {
        if (Remaining != 0)
            throw Error(0, $"{Remaining} unread bytes at the end of the section");
    }

    /// <summary>An error located at the current position plus <paramref name="delta"/>.</summary>
    public CircomFormatException Error(long delta, string problem) =>
        new(_file, _section, Position + delta, problem);
}

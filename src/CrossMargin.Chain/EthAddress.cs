using System.Buffers.Binary;
using System.Globalization;

namespace CrossMargin.Chain;

/// <summary>
/// A 20-byte Ethereum account address, held as three big-endian words (bytes 0-7, 8-15,
/// 16-19) so that equality and hashing are by value. Printed lower-case with a 0x prefix.
/// </summary>
public readonly record struct EthAddress
{
    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly uint _low;

    public EthAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20) throw new ArgumentException($"an address is 20 bytes, not {bytes.Length}", nameof(bytes));
        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _low = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    public static EthAddress Zero => default;

    /// <summary>Parses "0x" followed by 40 hex digits (any case; the EIP-55 checksum is not enforced).</summary>
    public static bool TryParse(string? text, out EthAddress address)
    {
        address = default;
        if (text is null || text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return false;
        Span<byte> bytes = stackalloc byte[20];
        for (var i = 0; i < 20; i++)
        {
            if (!byte.TryParse(text.AsSpan(2 + 2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i])) return false;
        }
        address = new EthAddress(bytes);
        return true;
    }

    public static EthAddress Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an address (0x and 40 hex digits)");

    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _middle);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _low);
    }

    public override string ToString() => $"0x{_high:x16}{_middle:x16}{_low:x8}";
}

using System.Globalization;
using System.Numerics;
using Google.Protobuf;
using Nethereum.Util;

namespace CrossMargin.Protobuf;

/// <summary>
/// The scalar encodings of encodings.proto, both ways: field elements (32 bytes, big-endian),
/// Integers (minimal big-endian two's complement), Addresses (20 bytes), Hashes (32 bytes). A
/// reader is made per message kind (<paramref name="what"/>) so that every refusal names it and
/// the field's path.
/// </summary>
public sealed class Scalars(string what)
{
    /// <summary>An Integer's bytes: enough for the JSON forms' 78-digit integers (10^78 &lt; 2^263).</summary>
    public const int MaxIntegerBytes = 33;

    public string What { get; } = what;

    public ProtobufFormatException Error(string path, string problem) => new(What, path, problem);

    /// <summary>A field element below <paramref name="modulus"/> (any 256-bit value when null).</summary>
    public BigInteger FieldElement(ByteString bytes, string path, BigInteger? modulus)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw Error(path, "is missing");
        if (bytes.Length != 32) throw Error(path, $"has {bytes.Length} bytes; a field element is 32 (big-endian)");
        var value = new BigInteger(bytes.Span, isUnsigned: true, isBigEndian: true);
        if (modulus is { } m && value >= m) throw Error(path, $"{value} is not below the field's modulus {m}");
        return value;
    }

    public static ByteString FieldElement(BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32) throw new ArgumentOutOfRangeException(nameof(value), "a field element is 0 <= x < 2^256");
        var bytes = new byte[32];
        value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>An Integer: minimal two's complement, 1 to <see cref="MaxIntegerBytes"/> bytes.</summary>
    public BigInteger Integer(ByteString bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw Error(path, "is missing");
        if (bytes.Length > MaxIntegerBytes) throw Error(path, $"has {bytes.Length} bytes; an integer here is at most {MaxIntegerBytes}");
        var value = new BigInteger(bytes.Span, isUnsigned: false, isBigEndian: true);
        if (value.GetByteCount() != bytes.Length)
            throw Error(path, $"is {bytes.Length} bytes for {value}, which takes {value.GetByteCount()}: an integer is in its fewest bytes (one encoding per value)");
        return value;
    }

    public static ByteString Integer(BigInteger value) => ByteString.CopyFrom(value.ToByteArray(isUnsigned: false, isBigEndian: true));

    /// <summary>An Address, as EIP-55 mixed-case text.</summary>
    public string Address(ByteString bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw Error(path, "is missing");
        if (bytes.Length != 20) throw Error(path, $"has {bytes.Length} bytes; an address is 20");
        return AddressUtil.Current.ConvertToChecksumAddress("0x" + Convert.ToHexStringLower(bytes.Span));
    }

    /// <summary>An absent Address is null (an optional one).</summary>
    public string? OptionalAddress(ByteString bytes, string path) => bytes.Length == 0 ? null : Address(bytes, path);

    /// <summary>The 20 bytes of <paramref name="address"/>, which the domain's checks have found valid.</summary>
    public static ByteString Address(string? address) =>
        address is null ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(address.AsSpan(2)));

    /// <summary>A Hash as 0x and 64 lower-case hex digits; absent is null.</summary>
    public string? OptionalHash(ByteString bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) return null;
        if (bytes.Length != 32) throw Error(path, $"has {bytes.Length} bytes; a hash is 32");
        return "0x" + Convert.ToHexStringLower(bytes.Span);
    }

    /// <summary>The 32 bytes of a hash given as 0x-hex (or bare hex), which the domain's checks have found valid; null is absent.</summary>
    public static ByteString Hash(string? hex) =>
        hex is null ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex.AsSpan(2) : hex));

    /// <summary>Decimal text of a value, as the JSON forms write numbers.</summary>
    public static string Decimal(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A required scalar declared optional in the .proto: refused when absent.</summary>
    public T Required<T>(bool has, T value, string path) => has ? value : throw Error(path, "is missing");

    /// <summary>A required embedded message: refused when absent.</summary>
    public T Required<T>(T? message, string path) where T : class => message ?? throw Error(path, "is missing");
}

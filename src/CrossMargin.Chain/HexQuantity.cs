using System.Globalization;
using System.Numerics;

namespace CrossMargin.Chain;

/// <summary>
/// Ethereum JSON-RPC QUANTITY encoding (execution-apis): "0x" followed by the value in hex
/// without leading zeros; zero is "0x0".
/// </summary>
public static class HexQuantity
{
    public static string Format(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "quantities are non-negative");
        return value.IsZero ? "0x0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }

    /// <summary>
    /// Parses a QUANTITY strictly. Returns false (with the reason) for anything else: no prefix,
    /// empty digits, a leading zero, a non-hex digit, or more than <paramref name="maxBits"/> bits.
    /// </summary>
    public static bool TryParse(string text, int maxBits, out BigInteger value, out string problem)
    {
        value = default;
        if (!text.StartsWith("0x", StringComparison.Ordinal)) { problem = $"'{Shorten(text)}' lacks the 0x prefix"; return false; }
        var digits = text.AsSpan(2);
        if (digits.IsEmpty) { problem = "'0x' has no digits"; return false; }
        if (digits.Length > 1 && digits[0] == '0') { problem = $"'{Shorten(text)}' has a leading zero"; return false; }
        if ((long)digits.Length * 4 > maxBits + 3) { problem = $"'{Shorten(text)}' exceeds {maxBits} bits"; return false; }
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c)) { problem = $"'{Shorten(text)}' contains '{c}', not a hex digit"; return false; }
        }
        // A leading '0' keeps BigInteger from reading the top bit as a sign.
        value = BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (value.GetBitLength() > maxBits) { problem = $"'{Shorten(text)}' exceeds {maxBits} bits"; return false; }
        problem = "";
        return true;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}

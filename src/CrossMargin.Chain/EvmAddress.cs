using System.Globalization;
using System.Numerics;
using Nethereum.Util;

namespace CrossMargin.Chain;

/// <summary>
/// Addresses as the chain layers take them: text is one when Nethereum says it is (0x and 40
/// hex digits, any case); as an integer it is what a circuit's public input holds (&lt; 2^160).
/// </summary>
public static class EvmAddress
{
    public static bool IsValid(string? text) => text is not null && AddressUtil.Current.IsValidEthereumAddressHexFormat(text);

    /// <summary>The address as an unsigned integer; <paramref name="address"/> must be valid (<see cref="IsValid"/>).</summary>
    public static BigInteger ToInteger(string address)
    {
        if (!IsValid(address)) throw new ArgumentException($"'{address}' is not an address", nameof(address));
        return BigInteger.Parse("0" + address[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using System.Numerics;
using System.Text;
using CrossMargin.Field;

namespace CrossMargin.Margin;

/// <summary>
/// The doc's units and the exact integer operations the calculation needs. BigInteger's
/// division truncates toward zero; <see cref="FloorDiv"/> and <see cref="CeilDiv"/> round toward
/// -infinity and +infinity as the doc's floor and ceil do, for either sign of the dividend.
/// </summary>
public static class FixedPoint
{
    /// <summary>Decimals of each unit: VALUE and AMOUNT and RATIO 6, PRICE 8, GAMMA 12.</summary>
    public const int ValueDecimals = 6, AmountDecimals = 6, RatioDecimals = 6, PriceDecimals = 8, GammaDecimals = 12;

    /// <summary>10^6: one USD in VALUE, one token in AMOUNT, 1 in RATIO.</summary>
    public static readonly BigInteger One = BigInteger.Pow(10, 6);

    public static BigInteger Pow10(int e) => BigInteger.Pow(10, e);

    /// <summary>floor(a / b) for b &gt; 0.</summary>
    public static BigInteger FloorDiv(BigInteger a, BigInteger b) => IntegerMath.FloorDiv(a, Positive(b));

    /// <summary>ceil(a / b) for b &gt; 0.</summary>
    public static BigInteger CeilDiv(BigInteger a, BigInteger b) => IntegerMath.CeilDiv(a, Positive(b));

    private static BigInteger Positive(BigInteger b) =>
        b.Sign > 0 ? b : throw new ArgumentOutOfRangeException(nameof(b), "the divisor must be positive");

    /// <summary>
    /// Reads a decimal string ("-1.5", "3012.55", "0") as an integer count of 10^-<paramref name="decimals"/>
    /// exactly; null with a reason when it is not one: more decimals than the unit holds (never
    /// rounded), a sign where none is allowed, exponents, spaces, "+", ".5", "5." and more than 40 digits are refused.
    /// </summary>
    public static BigInteger? TryParseDecimal(string text, int decimals, bool signed, out string? problem)
    {
        problem = null;
        var s = text;
        var negative = s.StartsWith('-');
        if (negative)
        {
            if (!signed)
            {
                problem = "must not be negative";
                return null;
            }
            s = s[1..];
        }
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 || (dot >= 0 && fraction.Length == 0) || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            problem = $"'{Truncate(text)}' is not a decimal number (digits, optionally a '.' and more digits{(signed ? ", optionally a leading '-'" : "")})";
            return null;
        }
        if (whole.Length + fraction.Length > 40)
        {
            problem = $"'{Truncate(text)}' has more than 40 digits";
            return null;
        }
        var significant = fraction.TrimEnd('0');
        if (significant.Length > decimals)
        {
            problem = $"'{text}' has {significant.Length} decimals; this unit holds {decimals} (values are never rounded)";
            return null;
        }
        var digits = whole + significant.PadRight(decimals, '0');
        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    /// <summary>
    /// An integer count of 10^-<paramref name="decimals"/> as an exact decimal: at least
    /// <paramref name="minDecimals"/> decimals, trailing zeros beyond them dropped, thousands
    /// grouped with ',' when <paramref name="group"/>. Nothing is rounded.
    /// </summary>
    public static string Format(BigInteger value, int decimals, int minDecimals = 0, bool group = false)
    {
        var negative = value.Sign < 0;
        var magnitude = BigInteger.Abs(value);
        var scale = Pow10(decimals);
        var whole = BigInteger.DivRem(magnitude, scale, out var rest);
        var fraction = decimals == 0 ? "" : rest.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        var keep = fraction.TrimEnd('0').Length;
        fraction = fraction[..Math.Max(keep, Math.Min(minDecimals, decimals))];
        var wholeText = whole.ToString(CultureInfo.InvariantCulture);
        if (group)
        {
            var grouped = new StringBuilder();
            for (var i = 0; i < wholeText.Length; i++)
            {
                if (i > 0 && (wholeText.Length - i) % 3 == 0) grouped.Append(',');
                grouped.Append(wholeText[i]);
            }
            wholeText = grouped.ToString();
        }
        return (negative ? "-" : "") + wholeText + (fraction.Length > 0 ? "." + fraction : "");
    }

    /// <summary>A VALUE (10^-6 USD) as money: "1,234.56 USD", "-0.000001 USD"; exact.</summary>
    public static string Usd(BigInteger value) => Format(value, ValueDecimals, 2, group: true) + " USD";

    private static string Truncate(string text) => text.Length > 48 ? text[..45] + "..." : text;
}

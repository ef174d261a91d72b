using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace CrossMargin.Snarkjs;

/// <summary>A circuit input file that cannot be read as circom inputs; names the JSON path.</summary>
public sealed class CircuitInputException(string path, string problem)
    : MalformedInputException($"input {path}: {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}

/// <summary>
/// The inputs of a circuit as circom's witness_calculator.js reads them from input.json: an
/// object whose keys are signal names, values numbers or strings (decimal, or 0x/0o/0b
/// prefixed, optionally signed), arrays of them nested to any depth (flattened row-major), or
/// objects for bus/sub-signal names ("a.b", and "a[0].b" for arrays of objects). Values are
/// kept as integers; reduction modulo the prime happens when they are set. Stricter than
/// circom's reader: a signal given twice (a repeated key, or "a.b" beside {"a": {"b": ..}}) is
/// refused with both JSON paths, where JSON.parse would keep the last and the witness
/// calculator count both; a file over <see cref="MaxFileBytes"/> is refused before it is read.
/// </summary>
public static class CircuitInput
{
    /// <summary>
    /// The largest input.json read: 8 MiB, about 100,000 field elements as decimal strings (the
    /// reference solvency circuit takes 554). The portfolio file's cap is 1 MiB and snarkjs's
    /// JSON files' 1 GiB (a key's IC grows with the public signals); an input file is parsed
    /// whole into a document and integers, about 30 bytes of memory per byte of file.
    /// </summary>
    public const long MaxFileBytes = 8L << 20;

    /// <summary>Signal name (qualified as circom expects it) and its flattened values, in file order.</summary>
    public static IReadOnlyList<KeyValuePair<string, BigInteger[]>> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new CircuitInputException("$", $"the input must be a JSON object of signals, not a {root.ValueKind}");
        var result = new List<KeyValuePair<string, BigInteger[]>>();
        var paths = new List<string>();
        Qualify("", root, "$", result, paths);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < result.Count; i++)
            if (!first.TryAdd(result[i].Key, i))
                throw new CircuitInputException(paths[i], $"signal '{result[i].Key}' is given twice (first at {paths[first[result[i].Key]]}); each input is given once");
        return result;
    }

    public static IReadOnlyList<KeyValuePair<string, BigInteger[]>> ParseFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
                throw new CircuitInputException(path, $"{info.Length} bytes; an input file is at most {MaxFileBytes} bytes (8 MiB)");
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CircuitInputException(path, $"not valid JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CircuitInputException(path, $"cannot read: {CircomFormatException.WhyNot(path, e)}");
        }
    }

    // Mirrors qualify_input / qualify_input_list of circom's witness_calculator.js.
    private static void Qualify(string prefix, JsonElement value, string jsonPath, List<KeyValuePair<string, BigInteger[]>> into, List<string> paths)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    Qualify(prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", property.Value, $"{jsonPath}.{property.Name}", into, paths);
                break;
            case JsonValueKind.Array:
                var leaves = new List<(JsonElement Element, string Path)>();
                Flatten(value, jsonPath, leaves);
                if (leaves.Count > 0 && leaves[0].Element.ValueKind == JsonValueKind.Object)
                {
                    if (leaves.Any(l => l.Element.ValueKind != JsonValueKind.Object))
                        throw new CircuitInputException(jsonPath, "an array mixes objects and values");
                    QualifyList(prefix, value, jsonPath, into, paths);
                }
                else
                {
                    into.Add(new(prefix, leaves.Select(l => ToInteger(l.Element, l.Path)).ToArray()));
                    paths.Add(jsonPath);
                }
                break;
            default:
                into.Add(new(prefix, [ToInteger(value, jsonPath)]));
                paths.Add(jsonPath);
                break;
        }
    }

    private static void QualifyList(string prefix, JsonElement value, string jsonPath, List<KeyValuePair<string, BigInteger[]>> into, List<string> paths)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                QualifyList($"{prefix}[{i}]", item, $"{jsonPath}[{i}]", into, paths);
                i++;
            }
        }
        else
        {
            Qualify(prefix, value, jsonPath, into, paths);
        }
    }

    private static void Flatten(JsonElement value, string jsonPath, List<(JsonElement, string)> into)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            into.Add((value, jsonPath));
            return;
        }
        var i = 0;
        foreach (var item in value.EnumerateArray()) Flatten(item, $"{jsonPath}[{i++}]", into);
    }

    /// <summary>An integer as JavaScript's BigInt() reads it, without its silent oddities ("" is refused).</summary>
    private static BigInteger ToInteger(JsonElement value, string jsonPath)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
                throw new CircuitInputException(jsonPath, $"{raw} is not an integer");
            case JsonValueKind.String:
                return ParseIntegerString(value.GetString()!, jsonPath);
            case JsonValueKind.True:
                return BigInteger.One;
            case JsonValueKind.False:
                return BigInteger.Zero;
            default:
                throw new CircuitInputException(jsonPath, $"a {value.ValueKind} is not a signal value");
        }
    }

    private const int MaxDigits = 4096;

    public static BigInteger ParseIntegerString(string text, string jsonPath)
    {
        var s = text.Trim();
        if (s.Length == 0) throw new CircuitInputException(jsonPath, "an empty string is not an integer");
        if (s.Length > MaxDigits) throw new CircuitInputException(jsonPath, $"a {s.Length}-character number is too long");
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        BigInteger value;
        bool ok;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var digits = s[2..];
            ok = digits.Length > 0 && digits.All(char.IsAsciiHexDigit);
            value = ok ? BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) : default;
        }
        else if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase) || s.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            var radix = char.ToLowerInvariant(s[1]) == 'b' ? 2 : 8;
            var digits = s[2..];
            ok = digits.Length > 0 && digits.All(c => c >= '0' && c < '0' + radix);
            value = BigInteger.Zero;
            if (ok) foreach (var c in digits) value = value * radix + (c - '0');
        }
        else
        {
            ok = s.All(char.IsAsciiDigit);
            value = ok ? BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture) : default;
        }
        if (!ok) throw new CircuitInputException(jsonPath, $"'{(text.Length > 80 ? text[..77] + "..." : text)}' is not an integer (decimal, or 0x/0o/0b prefixed)");
        return negative ? -value : value;
    }
}

using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossMargin.Protobuf;

/// <summary>
/// The one way this project parses a protobuf message: only its canonical encoding
/// (encodings.proto, "Encoding"), every departure refused with the field's path. A generated
/// parser alone would keep the last of a duplicated field, drop or carry unknown fields and say
/// nothing of where garbage starts; so the bytes are first walked against the message's
/// descriptor (unknown field numbers, wire types, duplicates, at every depth), then parsed, then
/// re-encoded and compared, which leaves one encoding per value.
/// </summary>
public static partial class StrictProtobuf
{
    /// <summary>Parses <paramref name="bytes"/> as a <typeparamref name="T"/> named <paramref name="what"/>, at most <paramref name="maxBytes"/> long.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> bytes, MessageParser<T> parser, string what, int maxBytes)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        if (bytes.Length > maxBytes)
            throw new ProtobufFormatException(what, "", $"{bytes.Length} bytes; a {what} message is at most {maxBytes}");
        var array = bytes.ToArray();
        T message;
        try
        {
            Walk(array, parser.ParseFrom(ReadOnlySpan<byte>.Empty).Descriptor, what, "");
            message = parser.ParseFrom(array);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtobufFormatException(what, "", $"not a protobuf message ({e.Message})", e);
        }
        if (!message.ToByteArray().AsSpan().SequenceEqual(array))
            throw new ProtobufFormatException(what, "",
                "not in the canonical encoding (fields out of number order, a field holding its default, a non-minimal varint, an unpacked repeated scalar, or text that is not UTF-8); encodings.proto says which one is read");
        return message;
    }

    /// <summary>Reads a file of at most <paramref name="maxBytes"/> and parses it (<see cref="Parse{T}"/>); the file is named in the error.</summary>
    public static T ReadFile<T>(string path, MessageParser<T> parser, string what, int maxBytes)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new ProtobufFormatException(what, "", $"{path} does not exist");
        if (info.Length > maxBytes) throw new ProtobufFormatException(what, "", $"{path} has {info.Length} bytes; a {what} message is at most {maxBytes}");
        return Named(path, () => Parse(File.ReadAllBytes(path), parser, what, maxBytes));
    }

    /// <summary>Runs <paramref name="read"/>, a reader of <paramref name="file"/>'s message, naming the file in its refusal.</summary>
    public static T Named<T>(string file, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (ProtobufFormatException e)
        {
            throw new ProtobufFormatException($"{file}: {e.What}", e.FieldPath, e.Problem, e);
        }
    }

    /// <summary>Writes <paramref name="message"/> to <paramref name="path"/> whole or not at all (a temporary file renamed over the old one).</summary>
    public static void WriteFile(string path, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(message);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            message.WriteTo(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    // The walk: every tag's field number must be the descriptor's, its wire type the field's, a
    // non-repeated field must come once; embedded messages are walked with their own descriptor.
    private static void Walk(byte[] bytes, MessageDescriptor descriptor, string what, string path)
    {
        var input = new CodedInputStream(bytes);
        var seen = new HashSet<int>();
        var counts = new Dictionary<int, int>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var wireType = WireFormat.GetTagWireType(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field is null)
                throw new ProtobufFormatException(what, path,
                    $"unknown field number {number} (wire type {wireType}) in {descriptor.Name}: a strict reader does not drop data it does not know");
            var at = Join(path, field.Name);
            var expected = ExpectedWireType(field);
            if (wireType != expected)
                throw new ProtobufFormatException(what, at, $"wire type {wireType}; the field is {field.FieldType}{(field.IsRepeated ? " (repeated)" : "")}, wire type {expected}");
            if (!field.IsRepeated && !seen.Add(number))
                throw new ProtobufFormatException(what, at, "is given twice (protobuf would keep the last silently; this reader refuses)");
            if (field.FieldType == FieldType.Message)
            {
                var index = counts.GetValueOrDefault(number);
                counts[number] = index + 1;
                Walk(input.ReadBytes().ToByteArray(), field.MessageType, what, field.IsRepeated ? $"{at}[{index}]" : at);
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static WireFormat.WireType ExpectedWireType(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String or FieldType.Bytes or FieldType.Message => WireFormat.WireType.LengthDelimited,
        _ when field.IsRepeated => WireFormat.WireType.LengthDelimited, // packed, as proto3 writes repeated scalars
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireFormat.WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireFormat.WireType.Fixed32,
        FieldType.Group => WireFormat.WireType.StartGroup,
        _ => WireFormat.WireType.Varint,
    };

    /// <summary>A field path: <paramref name="parent"/>.<paramref name="name"/>, or the name alone at the top.</summary>
    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    /// <summary>
    /// A JSON path of a file's reader ("$.positions[1].markToMarket") as the field path of the same
    /// value in its message ("positions[1].mark_to_market"): the root dropped, camelCase names in
    /// the .proto's snake_case.
    /// </summary>
    public static string FromJsonPath(string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        var path = jsonPath == "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;
        return CamelHump().Replace(path, m => $"{m.Groups[1].Value}_{char.ToLowerInvariant(m.Groups[2].Value[0])}");
    }

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}

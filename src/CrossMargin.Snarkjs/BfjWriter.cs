using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CrossMargin.Curves.Bn254;

namespace CrossMargin.Snarkjs;

/// <summary>
/// JSON as snarkjs's CLI writes its exports (<c>bfj.write(file, obj, {space: 1})</c>): one-space
/// indentation per level, every value on its own line, and an empty array or object still opened
/// and closed on two lines (<c>[\n ]</c>, where JSON.stringify writes <c>[]</c>); no trailing
/// newline. Field elements and coordinates are decimal strings, as stringifyBigInts makes them.
/// Streaming, so a large key's export never sits in memory.
/// </summary>
internal sealed class BfjWriter : IDisposable
{
    private readonly StreamWriter _out;
    private readonly Stack<bool> _first = new();

    public BfjWriter(string path)
    {
        _out = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
    }

    public void StartObject() => Open('{');
    public void EndObject() => Close('}');
    public void StartArray() => Open('[');
    public void EndArray() => Close(']');

    public void Key(string name)
    {
        Separate();
        Quoted(name);
        _out.Write(": ");
        _pendingValue = true;
    }

    public void String(string value)
    {
        Value();
        Quoted(value);
    }

    public void Number(long value)
    {
        Value();
        _out.Write(value.ToString(CultureInfo.InvariantCulture));
    }

    public void Bool(bool value)
    {
        Value();
        _out.Write(value ? "true" : "false");
    }

    public void Null()
    {
        Value();
        _out.Write("null");
    }

    public void Decimal(in Fr value) => String(value.ToBigInteger().ToString(CultureInfo.InvariantCulture));

    public void Decimal(in Fq value) => String(value.ToBigInteger().ToString(CultureInfo.InvariantCulture));

    /// <summary>ffjavascript's G1 object form: [x, y, "1"], the point at infinity ["0", "1", "0"].</summary>
    public void Point(in G1Affine p)
    {
        StartArray();
        if (p.IsInfinity)
        {
            String("0");
            String("1");
            String("0");
        }
        else
        {
            Decimal(p.X);
            Decimal(p.Y);
            String("1");
        }
        EndArray();
    }

    /// <summary>G2: [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]], infinity [["0","0"], ["1","0"], ["0","0"]].</summary>
    public void Point(in G2Affine p)
    {
        StartArray();
        if (p.IsInfinity)
        {
            Pair(Fq2.Zero);
            Pair(Fq2.One);
            Pair(Fq2.Zero);
        }
        else
        {
            Pair(p.X);
            Pair(p.Y);
            Pair(Fq2.One);
        }
        EndArray();
    }

    private void Pair(in Fq2 v)
    {
        StartArray();
        Decimal(v.C0);
        Decimal(v.C1);
        EndArray();
    }

    private bool _pendingValue;

    private void Value()
    {
        if (_pendingValue)
            _pendingValue = false;
        else
            Separate();
    }

    private void Separate()
    {
        if (_first.Count == 0) return;
        _out.Write(_first.Pop() ? "\n" : ",\n");
        _first.Push(false);
        _out.Write(new string(' ', _first.Count));
    }

    private void Open(char bracket)
    {
        Value();
        _out.Write(bracket);
        _first.Push(true);
    }

    private void Close(char bracket)
    {
        _first.Pop();
        _out.Write('\n');
        _out.Write(new string(' ', _first.Count));
        _out.Write(bracket);
    }

    private void Quoted(string s)
    {
        _out.Write('"');
        _out.Write(JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        _out.Write('"');
    }

    public void Dispose() => _out.Dispose();
}

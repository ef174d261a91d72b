using System.Numerics;

namespace CrossMargin.Snarkjs;

/// <summary>
/// circom/snarkjs witness files (.wtns, version 2), in the iden3 binary container:
/// <code>
/// section 1 (header):  n8:u32 | prime[n8] (little-endian) | nWitness:u32
/// section 2 (values):  nWitness values, n8 bytes each, little-endian, canonical (not Montgomery)
/// </code>
/// </summary>
public static class WtnsFile
{
    public const string Magic = "wtns";
    private const uint HeaderSection = 1;
    private const uint ValuesSection = 2;

    /// <summary>Reads every value; each must be canonical (&lt; r) and the prime must be BN254's r.</summary>
    public static Fr[] Read(string path)
    {
        using var file = BinFile.Open(path, Magic, maxVersion: 2);
        foreach (var section in file.Sections)
            if (section.Type is not (HeaderSection or ValuesSection))
                throw new CircomFormatException(path, null, section.Offset - 12, $"unknown section {section.Type} ({section.Size} bytes) in a .wtns; the format has sections 1 (header) and 2 (values)");
        var header = file.Read(HeaderSection, "header");
        var n8 = header.ReadUInt32("field size n8");
        if (n8 != 32) throw header.Error(-4, $"field size {n8} bytes; BN254's scalar field takes 32");
        var prime = new BigInteger(header.ReadBytes(32, "prime"), isUnsigned: true, isBigEndian: false);
        if (prime != Fr.Modulus) throw header.Error(-32, $"prime {prime} is not BN254's scalar field");
        var count = header.ReadUInt32("witness count");
        header.EnsureConsumed();

        var values = file.Read(ValuesSection, "values");
        if ((ulong)values.Remaining != (ulong)count * 32)
            throw values.Error(0, $"{count} values of 32 bytes need {(ulong)count * 32} bytes, the section has {values.Remaining}");
        var witness = new Fr[count];
        Span<byte> buffer = stackalloc byte[32];
        for (var i = 0; i < witness.Length; i++)
        {
            values.Fill(buffer, "value");
            if (!Fr.TryReadLittleEndian(buffer, out witness[i]))
                throw values.Error(-32, $"value {i} is not below the prime");
        }
        return witness;
    }

    /// <summary>snarkjs's <c>wtns export json</c>: an array of decimal strings (<see cref="BfjWriter"/> layout).</summary>
    public static void WriteJson(string path, ReadOnlySpan<Fr> witness)
    {
        using var w = new BfjWriter(path);
        w.StartArray();
        foreach (var value in witness) w.Decimal(value);
        w.EndArray();
    }

    /// <summary>Writes <paramref name="witness"/> as snarkjs does (version 2).</summary>
    public static void Write(string path, ReadOnlySpan<Fr> witness)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(stream);
        writer.Write("wtns"u8);
        writer.Write(2u);
        writer.Write(2u);
        writer.Write(HeaderSection);
        writer.Write(4UL + 32 + 4);
        writer.Write(32u);
        Span<byte> buffer = stackalloc byte[32];
        Fr.Modulus.TryWriteBytes(buffer, out _, isUnsigned: true, isBigEndian: false);
        writer.Write(buffer);
        writer.Write((uint)witness.Length);
        writer.Write(ValuesSection);
        writer.Write((ulong)witness.Length * 32);
        foreach (var value in witness)
        {
            value.WriteLittleEndian(buffer);
            writer.Write(buffer);
        }
    }
}

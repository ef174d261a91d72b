using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using CrossMargin.Testing;

namespace CrossMargin.Curves.Tests;

/// <summary>The snarkjs vectors (tests/vectors/snarkjs-groth16) and byte-level helpers for the encoding tests.</summary>
internal static class EncodingTestData
{
    public static readonly byte[] QBigEndian = Fq.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);

    public static JsonDocument SnarkjsJson(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(RepoLayout.Vectors("snarkjs-groth16", file)));

    /// <summary>The sections of the groth16 .zkey (iden3 binary container: magic, version, count, then type u32 | size u64 | body).</summary>
    public static Dictionary<uint, (int Offset, int Size)> ZkeySections(byte[] zkey)
    {
        var sections = new Dictionary<uint, (int, int)>();
        var count = BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(8));
        var at = 12;
        for (var i = 0; i < count; i++)
        {
            var type = BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(at));
            var size = (int)BinaryPrimitives.ReadUInt64LittleEndian(zkey.AsSpan(at + 4));
            sections[type] = (at + 12, size);
            at += 12 + size;
        }
        return sections;
    }

    public static byte[] Zkey() => File.ReadAllBytes(RepoLayout.Vectors("snarkjs-groth16", "circuit.zkey"));

    /// <summary>x written as 32 bytes little-endian (a raw, possibly non-canonical, Montgomery-form limb image).</summary>
    public static byte[] LittleEndian32(BigInteger x)
    {
        var bytes = new byte[32];
        x.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    public static byte[] BigEndian32(BigInteger x)
    {
        var bytes = new byte[32];
        x.TryWriteBytes(bytes.AsSpan(32 - x.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// BLAKE2b-512, unkeyed (RFC 7693), whose running state can be saved and restored in the form
/// snarkjs keeps in a .ptau contribution record (the "partialHash": misc.js toPartialHash /
/// fromPartialHash over @noble/hashes' BLAKE2b, which snarkjs 0.7.6 uses for every ceremony hash).
/// A library digest cannot export its chaining value, hence this small implementation.
/// </summary>
/// <remarks>
/// <para>
/// Buffering follows noble's BLAKE2.update exactly (src/blake2.ts, @noble/hashes 1.8.0): a block is
/// compressed only once more input arrives (the last block carries the final flag), so the buffer
/// may hold a full block; whole blocks of an update's input are compressed in place (noble's
/// aligned fast path: its inputs are fresh, 4-byte aligned arrays) and only the tail is copied
/// into the buffer, which keeps the bytes of earlier copies past the tail. Feeding the same
/// updates as snarkjs therefore leaves the same 128 buffer bytes, stale ones included.
/// </para>
/// <para>
/// The saved state, 216 bytes: buffer[128] | h[0..7] as 16 little-endian u32 (low word first) |
/// u32 bytes compressed so far (length - pos), low then high | u32 pos | 12 zero bytes.
/// </para>
/// </remarks>
public sealed class Blake2b
{
    public const int DigestSize = 64;
    public const int BlockSize = 128;
    public const int PartialHashSize = 216;

    private static readonly ulong[] Iv =
    [
        0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
        0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
    ];

    private static readonly byte[] Sigma =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _buffer = new byte[BlockSize];
    private readonly ulong[] _v = new ulong[16];
    private readonly ulong[] _m = new ulong[16];
    private ulong _length;      // bytes absorbed, buffered ones included (noble's length)
    private int _pos;           // bytes in the buffer, 0..128
    private bool _finished;

    public Blake2b()
    {
        Array.Copy(Iv, _h, 8);
        _h[0] ^= 0x01010000UL | DigestSize;   // parameter block: digest length 64, fanout 1, depth 1
    }

    /// <summary>BLAKE2b-512 of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var h = new Blake2b();
        h.Update(data);
        return h.Digest();
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("the digest has been taken");
        var len = data.Length;
        for (var p = 0; p < len;)
        {
            if (_pos == BlockSize)
            {
                Compress(_buffer, last: false);
                _pos = 0;
            }
            var take = Math.Min(BlockSize - _pos, len - p);
            if (take == BlockSize && p + take < len)
            {
                for (; p + BlockSize < len; p += BlockSize)
                {
                    _length += BlockSize;
                    Compress(data.Slice(p, BlockSize), last: false);
                }
                continue;
            }
            data.Slice(p, take).CopyTo(_buffer.AsSpan(_pos));
            _pos += take;
            _length += (ulong)take;
            p += take;
        }
    }

    /// <summary>The 64-byte digest; the object cannot be used afterwards.</summary>
    public byte[] Digest()
    {
        if (_finished) throw new InvalidOperationException("the digest has been taken");
        _finished = true;
        _buffer.AsSpan(_pos).Clear();
        Compress(_buffer, last: true);
        var result = new byte[DigestSize];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(8 * i), _h[i]);
        return result;
    }

    /// <summary>The bytes absorbed so far.</summary>
    public ulong Length => _length;

    /// <summary>The state as snarkjs's toPartialHash writes it (216 bytes).</summary>
    public byte[] ExportPartialHash()
    {
        if (_finished) throw new InvalidOperationException("the digest has been taken");
        var result = new byte[PartialHashSize];
        _buffer.CopyTo(result, 0);
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(128 + 8 * i), _h[i]);
        // length - pos as (low u32, high u32): snarkjs writes the low word and leaves the high one
        // zero, which is the same for any stream below 4 GiB.
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(192), _length - (ulong)_pos);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(200), (uint)_pos);
        return result;
    }

    /// <summary>The hasher that snarkjs's fromPartialHash restores from a saved state.</summary>
    /// <exception cref="ArgumentException">Not 216 bytes, or a buffer position above 128.</exception>
    public static Blake2b FromPartialHash(ReadOnlySpan<byte> partial)
    {
        if (partial.Length != PartialHashSize) throw new ArgumentException($"a partial hash has {PartialHashSize} bytes", nameof(partial));
        var pos = BinaryPrimitives.ReadUInt32LittleEndian(partial[200..]);
        if (pos > BlockSize) throw new ArgumentException($"buffer position {pos} is above {BlockSize}", nameof(partial));
        var h = new Blake2b();
        partial[..BlockSize].CopyTo(h._buffer);
        for (var i = 0; i < 8; i++) h._h[i] = BinaryPrimitives.ReadUInt64LittleEndian(partial[(128 + 8 * i)..]);
        h._pos = (int)pos;
        h._length = BinaryPrimitives.ReadUInt64LittleEndian(partial[192..]) + pos;
        return h;
    }

    /// <summary>RFC 7693 section 3.2, F, with the counter t = the bytes absorbed so far.</summary>
    private void Compress(ReadOnlySpan<byte> block, bool last)
    {
        var m = _m;
        var v = _v;
        for (var i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        for (var i = 0; i < 8; i++)
        {
            v[i] = _h[i];
            v[i + 8] = Iv[i];
        }
        v[12] ^= _length;       // t fits in 64 bits here: the high word t1 stays zero
        if (last) v[14] = ~v[14];
        for (var round = 0; round < 12; round++)
        {
            var s = (round % 10) * 16;
            G(v, 0, 4, 8, 12, m[Sigma[s + 0]], m[Sigma[s + 1]]);
            G(v, 1, 5, 9, 13, m[Sigma[s + 2]], m[Sigma[s + 3]]);
            G(v, 2, 6, 10, 14, m[Sigma[s + 4]], m[Sigma[s + 5]]);
            G(v, 3, 7, 11, 15, m[Sigma[s + 6]], m[Sigma[s + 7]]);
            G(v, 0, 5, 10, 15, m[Sigma[s + 8]], m[Sigma[s + 9]]);
            G(v, 1, 6, 11, 12, m[Sigma[s + 10]], m[Sigma[s + 11]]);
            G(v, 2, 7, 8, 13, m[Sigma[s + 12]], m[Sigma[s + 13]]);
            G(v, 3, 4, 9, 14, m[Sigma[s + 14]], m[Sigma[s + 15]]);
        }
        for (var i = 0; i < 8; i++) _h[i] ^= v[i] ^ v[i + 8];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ulong[] v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] = v[a] + v[b] + x;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] += v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] += v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }
}

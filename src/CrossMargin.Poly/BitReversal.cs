using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrossMargin.Poly;

/// <summary>
/// The bit-reversal permutation of a power-of-two-length array: the element at index i moves to
/// index rev(i), rev reversing the log2(n) low bits. It is an involution, so it is done by swaps.
/// Radix-2 NTTs write (decimation in frequency) or read (decimation in time) this order.
/// </summary>
internal static class BitReversal
{
    /// <summary>
    /// log2 of the tile side in <see cref="Permute{T}"/>: 8 x 8 tiles of 32-byte elements are
    /// 2 KiB, so the two tiles of a swap stay in L1 even when their rows, a power of two apart,
    /// fall into the same cache sets.
    /// </summary>
    private const int TileLog = 3;

    /// <summary>rev(i) on the low <paramref name="bits"/> bits of i (0 &lt;= bits &lt;= 31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Reverse(int i, int bits)
    {
        Debug.Assert((uint)bits <= 31 && (uint)i < (1u << bits));
        var x = (uint)i;
        // Swap adjacent bits, pairs, nibbles, then reverse the bytes (Hacker's Delight 7-1).
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
        // A shift by 32 would be taken mod 32 in C#: bits = 0 needs the long shift.
        return (int)((ulong)x >> (32 - bits));
    }

    /// <summary>
    /// Applies the bit-reversal permutation in place, swapping tile against tile so that both
    /// sides of every swap are cache-resident.
    /// </summary>
    /// <remarks>
    /// A simplified form of the tiled permutation of Carter and Gatlin ("Towards an optimal
    /// bit-reversal permutation program", FOCS 1998), without their buffer. Write an index as
    /// (a, m, b): a its top q bits, b its low q bits, m the bits between. Then
    /// rev(a, m, b) = (rev b, rev m, rev a): the 2^q x 2^q elements sharing a middle m (rows of 2^q
    /// contiguous elements) map onto the elements sharing the middle rev m, transposed. Each
    /// tile pair is swapped once, from the side with m &lt;= rev m. The plain swap over all indices
    /// touches a fresh cache line on nearly every access once n no longer fits in cache.
    /// </remarks>
    public static void Permute<T>(Span<T> values)
    {
        var n = values.Length;
        Debug.Assert(BitOperations.IsPow2(n) || n == 0);
        if (n <= 1) return;
        var logN = BitOperations.Log2((uint)n);
        if (logN < 2 * TileLog + 2)
        {
            PermutePlain(values);
            return;
        }

        const int tile = 1 << TileLog;
        var middleBits = logN - 2 * TileLog;
        var topShift = middleBits + TileLog;
        Span<int> revTile = stackalloc int[tile];
        for (var i = 0; i < tile; i++) revTile[i] = Reverse(i, TileLog);

        for (var m = 0; m < 1 << middleBits; m++)
        {
            var mr = Reverse(m, middleBits);
            if (mr < m) continue;
            var from = m << TileLog;
            var to = mr << TileLog;
            for (var a = 0; a < tile; a++)
            {
                var rowFrom = (a << topShift) | from;
                var colTo = to | revTile[a];
                for (var b = 0; b < tile; b++)
                {
                    var i = rowFrom | b;
                    var j = (revTile[b] << topShift) | colTo;
                    // Inside a self-paired tile each pair is met twice; swap it once.
                    if (m != mr || i < j) (values[i], values[j]) = (values[j], values[i]);
                }
            }
        }
    }

    /// <summary>The plain twin of <see cref="Permute{T}"/>: swap i with rev(i) once per pair.</summary>
    public static void PermutePlain<T>(Span<T> values)
    {
        var n = values.Length;
        Debug.Assert(BitOperations.IsPow2(n) || n == 0);
        if (n <= 1) return;
        var logN = BitOperations.Log2((uint)n);
        for (var i = 0; i < n; i++)
        {
            var j = Reverse(i, logN);
            if (i < j) (values[i], values[j]) = (values[j], values[i]);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CrossMargin.Field.Wide;

public partial struct FieldBatch<TParams, TLanes>
{
    /// <summary>1 in every lane (its Montgomery form, R mod p).</summary>
    public static readonly FieldBatch<TParams, TLanes> One = Broadcast(WideParams<TParams>.One);

    /// <summary>Every lane set to the value of the nine limbs given.</summary>
    private static FieldBatch<TParams, TLanes> Broadcast(ulong[] limbs)
    {
        FieldBatch<TParams, TLanes> r = default;
        for (var j = 0; j < WideParams<TParams>.LimbCount; j++) Limb(ref r, j) = TLanes.Broadcast(limbs[j]);
        return r;
    }

    /// <summary>
    /// Lane i from source[i] for i &lt; source.Length (at most <see cref="Count"/>; the other lanes
    /// are zero). The Montgomery form stays the same: only the limbs are cut anew.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromScalar(ReadOnlySpan<Montgomery256<TParams>> source, out FieldBatch<TParams, TLanes> r) => LoadRaw(source, out r);

    /// <summary>
    /// Writes lane i, fully reduced, to destination[i] for i &lt; destination.Length (at most
    /// <see cref="Count"/>).
    /// </summary>
    public static void ToScalar(in FieldBatch<TParams, TLanes> a, Span<Montgomery256<TParams>> destination)
    {
        Canonicalize(a, out var canonical);
        StoreRaw(canonical, destination);
    }

    /// <summary>
    /// The 256-bit integers held by source (no change of Montgomery form), limb-sliced: up to
    /// <see cref="Count"/> elements; lanes past source.Length are zero.
    /// </summary>
    [SkipLocalsInit]
    internal static void LoadRaw(ReadOnlySpan<Montgomery256<TParams>> source, out FieldBatch<TParams, TLanes> r)
    {
        var input = MemoryMarshal.Cast<Montgomery256<TParams>, ulong>(source);
        TLanes w0, w1, w2, w3;
        if (source.Length == TLanes.Count)
        {
            TLanes.LoadTransposed(input, out w0, out w1, out w2, out w3);
        }
        else
        {
            // A short batch: zero lanes past the end.
            Span<ulong> padded = stackalloc ulong[4 * TLanes.Count];
            padded.Clear();
            input.CopyTo(padded);
            TLanes.LoadTransposed(padded, out w0, out w1, out w2, out w3);
        }
        var mask = TLanes.Broadcast(WideParams<TParams>.Mask);
        // Limb j holds bits 29j .. 29j + 28; limbs 2, 4 and 6 straddle a word boundary.
        r.L0 = w0 & mask;
        r.L1 = (w0 >>> 29) & mask;
        r.L2 = ((w0 >>> 58) | (w1 << 6)) & mask;
        r.L3 = (w1 >>> 23) & mask;
        r.L4 = ((w1 >>> 52) | (w2 << 12)) & mask;
        r.L5 = (w2 >>> 17) & mask;
        r.L6 = ((w2 >>> 46) | (w3 << 18)) & mask;
        r.L7 = (w3 >>> 11) & mask;
        r.L8 = w3 >>> 40;
    }

    /// <summary>
    /// The inverse of <see cref="LoadRaw"/> for a canonical a (below p, so below 2^256): lane i
    /// to destination[i], for i &lt; destination.Length.
    /// </summary>
    [SkipLocalsInit]
    internal static void StoreRaw(in FieldBatch<TParams, TLanes> a, Span<Montgomery256<TParams>> destination)
    {
        var w0 = a.L0 | (a.L1 << 29) | (a.L2 << 58);
        var w1 = (a.L2 >>> 6) | (a.L3 << 23) | (a.L4 << 52);
        var w2 = (a.L4 >>> 12) | (a.L5 << 17) | (a.L6 << 46);
        var w3 = (a.L6 >>> 18) | (a.L7 << 11) | (a.L8 << 40);
        var output = MemoryMarshal.Cast<Montgomery256<TParams>, ulong>(destination);
        if (destination.Length == TLanes.Count)
        {
            TLanes.StoreTransposed(w0, w1, w2, w3, output);
            return;
        }
        Span<ulong> padded = stackalloc ulong[4 * TLanes.Count];
        TLanes.StoreTransposed(w0, w1, w2, w3, padded);
        padded[..output.Length].CopyTo(output);
    }

    /// <summary>Lane i of a as its nine limbs, as stored (for tests and diagnostics).</summary>
    internal static ulong[] LaneLimbs(in FieldBatch<TParams, TLanes> a, int lane)
    {
        Span<ulong> buffer = stackalloc ulong[TLanes.Count];
        var limbs = new ulong[WideParams<TParams>.LimbCount];
        var copy = a;
        for (var j = 0; j < limbs.Length; j++)
        {
            TLanes.Store(Limb(ref copy, j), buffer);
            limbs[j] = buffer[lane];
        }
        return limbs;
    }
}

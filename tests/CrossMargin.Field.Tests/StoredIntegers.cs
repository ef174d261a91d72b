using System.Numerics;

namespace CrossMargin.Field.Tests;

/// <summary>
/// An element's stored integer (aR mod p in Montgomery form, four little-endian limbs), read and
/// written directly: the kernels' tests need inputs on exact limb boundaries, which no
/// field value names.
/// </summary>
internal static class StoredIntegers
{
    public static Montgomery256<TParams> FromStored<TParams>(BigInteger v) where TParams : struct, IMontgomery256Params
    {
        var mask = ulong.MaxValue;
        return new Montgomery256<TParams>((ulong)(v & mask), (ulong)((v >> 64) & mask), (ulong)((v >> 128) & mask), (ulong)(v >> 192));
    }

    public static BigInteger ToInteger<TParams>(Montgomery256<TParams> a) where TParams : struct, IMontgomery256Params =>
        a.L0 + ((BigInteger)a.L1 << 64) + ((BigInteger)a.L2 << 128) + ((BigInteger)a.L3 << 192);
}

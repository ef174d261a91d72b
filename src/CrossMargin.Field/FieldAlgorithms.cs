using System.Buffers;

namespace CrossMargin.Field;

/// <summary>Algorithms over any field.</summary>
public static class FieldAlgorithms
{
    /// <summary>
    /// Replaces every non-zero value by its inverse with one inversion and 3(n-1)
    /// multiplications (Montgomery's trick: invert the running product, then unwind it).
    /// Zeros stay zero.
    /// </summary>
    public static void BatchInverse<T>(Span<T> values) where T : struct, IField<T>
    {
        if (values.Length == 0) return;
        var rented = ArrayPool<T>.Shared.Rent(values.Length);
        try
        {
            var products = rented.AsSpan(0, values.Length);
            var acc = T.One;
            for (var i = 0; i < values.Length; i++)
            {
                products[i] = acc;
                if (!values[i].IsZero) T.Mul(acc, values[i], out acc);
            }
            T.Inverse(acc, out var inv);
            for (var i = values.Length - 1; i >= 0; i--)
            {
                if (values[i].IsZero) continue;
                // products[i] * inv = values[i]^-1; then drop values[i] from inv.
                T.Mul(products[i], inv, out var vi);
                T.Mul(inv, values[i], out inv);
                values[i] = vi;
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>r = a^e for a non-negative exponent (left-to-right square and multiply).</summary>
    public static T Pow<T>(in T a, System.Numerics.BigInteger e) where T : struct, IField<T>
    {
        if (e.Sign < 0) throw new ArgumentOutOfRangeException(nameof(e), "negative exponent");
        var acc = T.One;
        for (var bit = (int)e.GetBitLength() - 1; bit >= 0; bit--)
        {
            T.Square(acc, out acc);
            if (!(e >> bit).IsEven) T.Mul(acc, a, out acc);
        }
        return acc;
    }
}

using System.Numerics;
using CrossMargin.Field;

namespace CrossMargin.Poly.Tests;

/// <summary>
/// The plain twins of the NTTs: polynomial evaluation by Horner's rule at each point (O(n^2)),
/// schoolbook multiplication, and seeded random inputs. Obviously correct and slow.
/// </summary>
internal static class PlainPolynomial
{
    /// <summary>p(x) = sum_j coefficients[j] x^j by Horner's rule.</summary>
    public static T Evaluate<T>(ReadOnlySpan<T> coefficients, T x) where T : struct, IField<T>
    {
        var acc = T.Zero;
        for (var j = coefficients.Length - 1; j >= 0; j--)
        {
            T.Mul(acc, x, out acc);
            T.Add(acc, coefficients[j], out acc);
        }
        return acc;
    }

    /// <summary>[p(shift root^i) for i &lt; n]: the naive DFT when shift = 1.</summary>
    public static T[] EvaluateOnCoset<T>(ReadOnlySpan<T> coefficients, T shift, T root) where T : struct, IField<T>
    {
        var values = new T[coefficients.Length];
        var x = shift;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Evaluate(coefficients, x);
            T.Mul(x, root, out x);
        }
        return values;
    }

    /// <summary>The naive inverse DFT: coefficients[j] = (1/n) sum_i values[i] root^(-ij).</summary>
    public static T[] Interpolate<T>(ReadOnlySpan<T> values, T root) where T : struct, ITwoAdicField<T>
    {
        T.Inverse(root, out var rootInverse);
        var coefficients = EvaluateOnCoset(values, T.One, rootInverse);
        T.Inverse(T.FromBigInteger(values.Length), out var nInverse);
        for (var j = 0; j < coefficients.Length; j++) T.Mul(coefficients[j], nInverse, out coefficients[j]);
        return coefficients;
    }

    public static T[] SchoolbookMultiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : struct, IField<T>
    {
        var product = new T[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                T.Mul(a[i], b[j], out var t);
                T.Add(product[i + j], t, out product[i + j]);
            }
        }
        return product;
    }

    public static T[] Random<T>(int length, int seed) where T : struct, IPrimeField<T>
    {
        var random = new Random(seed);
        var bytes = new byte[40];
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            random.NextBytes(bytes);
            values[i] = T.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
        }
        return values;
    }
}

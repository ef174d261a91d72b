using CrossMargin.Curves;
using CrossMargin.Field;

using CrossMargin.Groth16;

namespace CrossMargin.Snarkjs.Ceremony;

/// <summary>
/// Scalar-field transforms applied to arrays of group elements, the batch work of the trusted
/// setup: scaling point i by a geometric sequence (a contribution multiplies tau^i G by its own
/// tau^i) and the inverse discrete Fourier transform over the group (snarkjs's G.ifft, used by
/// powersoftau_preparephase2.js to turn tau^i G into Lagrange-basis points L_i(tau) G).
/// Points are in the prime-order subgroup (the GLV/GLS multiplication needs it). Work is split
/// into independent chunks run in parallel; each chunk ends with one batch inversion to affine.
/// </summary>
public static class GroupTransforms
{
    private const int Chunk = 1 << 10;

    /// <summary>points[i] := (first * ratio^i) points[i], for all i, in place.</summary>
    public static void ScaleGeometric<TField, TCurve>(AffinePoint<TField, TCurve>[] points, Fr first, Fr ratio, Action<long>? progress = null)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        long done = 0;
        ParallelChunks.For(points.Length, Chunk, (start, length) =>
        {
            // The scalar at the chunk's start: first * ratio^start, then one multiplication per point.
            var scalar = first * FieldAlgorithms.Pow(ratio, start);
            var jacobian = new JacobianPoint<TField, TCurve>[length];
            Span<ulong> limbs = stackalloc ulong[4];
            for (var i = 0; i < length; i++)
            {
                scalar.ToCanonicalLimbs(limbs);
                jacobian[i] = ScalarMultiplication.MultiplyGlv(points[start + i].ToJacobian(), limbs);
                scalar *= ratio;
            }
            JacobianPoint<TField, TCurve>.BatchToAffine(jacobian, points.AsSpan(start, length));
            if (progress is not null) progress(Interlocked.Add(ref done, length));
        });
    }

    /// <summary>
    /// The inverse DFT over the group on the size-n domain of <see cref="Fr.RootOfUnity"/>:
    /// result[i] = (1/n) sum_j w^(-ij) input[j]. With input[j] = tau^j G this is L_i(tau) G, the
    /// Lagrange basis at tau (L_i(X) = (1/n) sum_j (X/w^i)^j over the domain). Radix-2
    /// decimation in time after a bit-reversal permutation (Cooley-Tukey), n/2 log n twiddle
    /// multiplications (those by 1 skipped), then n multiplications by 1/n.
    /// </summary>
    public static AffinePoint<TField, TCurve>[] InverseDft<TField, TCurve>(ReadOnlySpan<AffinePoint<TField, TCurve>> input)
        where TField : struct, IField<TField>
        where TCurve : struct, IEndomorphismCurve<TField, TCurve>
    {
        var n = input.Length;
        if (n == 0 || (n & (n - 1)) != 0) throw new ArgumentException("the length must be a power of two", nameof(input));
        var log = System.Numerics.BitOperations.Log2((uint)n);
        var a = new JacobianPoint<TField, TCurve>[n];
        for (var i = 0; i < n; i++) a[Reverse(i, log)] = input[i].ToJacobian();

        if (n > 1)
        {
            Fr.Inverse(Fr.RootOfUnity(log), out var wInv);
            var twiddles = new ulong[n / 2 * 4];
            var t = Fr.One;
            for (var j = 0; j < n / 2; j++)
            {
                t.ToCanonicalLimbs(twiddles.AsSpan(j * 4, 4));
                t *= wInv;
            }
            for (var len = 2; len <= n; len <<= 1)
            {
                var half = len / 2;
                var stride = n / len;
                var butterflies = n / 2;
                ParallelChunks.For(butterflies, Chunk, (first, count) =>
                {
                    for (var b = first; b < first + count; b++)
                    {
                        var block = b / half;
                        var j = b % half;
                        var u = block * len + j;
                        var v = u + half;
                        var x = j == 0 ? a[v] : ScalarMultiplication.MultiplyGlv(a[v], twiddles.AsSpan(j * stride * 4, 4));
                        JacobianPoint<TField, TCurve>.Add(a[u], x, out var sum);
                        JacobianPoint<TField, TCurve>.Add(a[u], x.Negate(), out var difference);
                        a[u] = sum;
                        a[v] = difference;
                    }
                });
            }
        }

        var result = new AffinePoint<TField, TCurve>[n];
        Fr.Inverse(Fr.FromUInt64((ulong)n), out var nInv);
        ParallelChunks.For(n, Chunk, (start, length) =>
        {
            Span<ulong> limbs = stackalloc ulong[4];
            nInv.ToCanonicalLimbs(limbs);
            for (var i = start; i < start + length; i++) a[i] = ScalarMultiplication.MultiplyGlv(a[i], limbs);
            JacobianPoint<TField, TCurve>.BatchToAffine(a.AsSpan(start, length), result.AsSpan(start, length));
        });
        return result;
    }

    private static int Reverse(int i, int bits) =>
        bits == 0 ? 0 : (int)(BitReverse((uint)i) >> (32 - bits));

    private static uint BitReverse(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }
}

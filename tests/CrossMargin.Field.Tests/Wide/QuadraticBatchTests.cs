using System.Numerics;
using CrossMargin.Field.Bn254;
using CrossMargin.Field.Wide;
using Xunit;

namespace CrossMargin.Field.Tests.Wide;

/// <summary>
/// The wide F_q2 kernel against the scalar <see cref="QuadraticExtension{TBase, TParams}"/>, for
/// one lane type (every lane type runs on every machine; test.sh reruns the Wide suites with
/// AVX-512 and with AVX2 off).
/// </summary>
public abstract class QuadraticBatchTests<TLanes> where TLanes : struct, ILanes<TLanes>
{
    private static readonly int Count = TLanes.Count;

    /// <summary>Every pair of the prime field's special values as (c0, c1), then seeded random elements.</summary>
    private static Fq2[] Elements(int seed)
    {
        var special = PrimeFieldLaws<Fq>.SpecialValues().Select(Fq.FromBigInteger).ToArray();
        var elements = special.SelectMany(c0 => special.Select(c1 => new Fq2(c0, c1))).ToList();
        var random = new Random(seed);
        var bytes = new byte[40];
        Fq Next()
        {
            random.NextBytes(bytes);
            return Fq.FromBigInteger(new BigInteger(bytes, isUnsigned: true) % Fq.Modulus);
        }
        for (var i = 0; i < 40; i++) elements.Add(new Fq2(Next(), Next()));
        return elements.ToArray();
    }

    /// <summary>check(lane elements of a, of b) on every batch of Count consecutive elements, the last one short.</summary>
    private static void ForEachBatch(Fq2[] a, Fq2[] b, Action<Fq2[], Fq2[]> check)
    {
        for (var k = 0; k < a.Length; k += Count)
        {
            var n = Math.Min(Count, a.Length - k);
            check(a.AsSpan(k, n).ToArray(), b.AsSpan(k, n).ToArray());
        }
    }

    private static Fq2[] Apply(Fq2[] a, Fq2[] b, Func<QuadraticBatch<FqParams, Fq2Params, TLanes>, QuadraticBatch<FqParams, Fq2Params, TLanes>, QuadraticBatch<FqParams, Fq2Params, TLanes>> op)
    {
        QuadraticBatch<FqParams, Fq2Params, TLanes>.FromScalar(a, out var x);
        QuadraticBatch<FqParams, Fq2Params, TLanes>.FromScalar(b, out var y);
        var result = new Fq2[a.Length];
        QuadraticBatch<FqParams, Fq2Params, TLanes>.ToScalar(op(x, y), result);
        return result;
    }

    [Fact]
    public void MulSquareAndSub_MatchTheScalarExtension_OnSpecialAndRandomElements()
    {
        var a = Elements(31);
        var b = a.Reverse().ToArray();
        ForEachBatch(a, b, (x, y) =>
        {
            Assert.Equal(x.Zip(y, (u, v) => u * v), Apply(x, y, (p, q) => { QuadraticBatch<FqParams, Fq2Params, TLanes>.Mul(p, q, out var r); return r; }));
            Assert.Equal(x.Select(u => u * u), Apply(x, y, (p, _) => { QuadraticBatch<FqParams, Fq2Params, TLanes>.Square(p, out var r); return r; }));
            Assert.Equal(x.Zip(y, (u, v) => u - v), Apply(x, y, (p, q) => { QuadraticBatch<FqParams, Fq2Params, TLanes>.Sub(p, q, out var r); return r; }));
        });
    }

    /// <summary>Outputs fed back as inputs (lazily reduced, as the MSM chains them): (a b)^2 - a b a.</summary>
    [Fact]
    public void ChainedOperations_OnLazilyReducedResults_MatchTheScalarExtension()
    {
        var a = Elements(32);
        var b = Elements(33).Reverse().ToArray();
        ForEachBatch(a, b, (x, y) =>
        {
            var expected = x.Zip(y, (u, v) => (u * v) * (u * v) - u * v * u);
            Assert.Equal(expected, Apply(x, y, (p, q) =>
            {
                QuadraticBatch<FqParams, Fq2Params, TLanes>.Mul(p, q, out var pq);
                QuadraticBatch<FqParams, Fq2Params, TLanes>.Square(pq, out var square);
                QuadraticBatch<FqParams, Fq2Params, TLanes>.Mul(pq, p, out var pqp);
                QuadraticBatch<FqParams, Fq2Params, TLanes>.Sub(square, pqp, out var r);
                return r;
            }));
        });
    }

    [Fact]
    public void InvertInPlace_MatchesTheScalarInverse_OnEveryNonZeroElement()
    {
        var elements = Elements(34).Where(e => !e.IsZero).ToArray();
        foreach (var n in new[] { elements.Length, Count + 1, 1 })
        {
            var blocks = (n + Count - 1) / Count;
            var batches = new QuadraticBatch<FqParams, Fq2Params, TLanes>[blocks];
            for (var j = 0; j < blocks; j++)
            {
                // A short last batch is padded with ones: no lane may be zero.
                var lanes = Enumerable.Range(j * Count, Count).Select(k => k < n ? elements[k] : Fq2.One).ToArray();
                QuadraticBatch<FqParams, Fq2Params, TLanes>.FromScalar(lanes, out batches[j]);
            }
            QuadraticBatch<FqParams, Fq2Params, TLanes>.InvertInPlace(batches);
            var actual = new Fq2[blocks * Count];
            for (var j = 0; j < blocks; j++) QuadraticBatch<FqParams, Fq2Params, TLanes>.ToScalar(batches[j], actual.AsSpan(j * Count, Count));
            for (var k = 0; k < n; k++)
            {
                Fq2.Inverse(elements[k], out var expected);
                Assert.Equal(expected, actual[k]);
            }
        }
    }

    [Fact]
    public void AnExtensionWhoseNonResidueIsNotMinusOne_IsRefused()
    {
        var batches = new QuadraticBatch<FqParams, MinusTwo, TLanes>[1];
        Assert.Throws<NotSupportedException>(() => QuadraticBatch<FqParams, MinusTwo, TLanes>.Mul(batches[0], batches[0], out _));
        Assert.Throws<NotSupportedException>(() => QuadraticBatch<FqParams, MinusTwo, TLanes>.Square(batches[0], out _));
        Assert.Throws<NotSupportedException>(() => QuadraticBatch<FqParams, MinusTwo, TLanes>.InvertInPlace(batches));
    }

    /// <summary>F_q[u]/(u^2 + 2): a valid extension (-2 is a non-residue mod BN254's q) the wide kernel does not serve.</summary>
    private readonly struct MinusTwo : IQuadraticExtensionParams<Fq>
    {
        public static void MulByNonResidue(in Fq a, out Fq r)
        {
            Fq.Double(a, out r);
            Fq.Neg(r, out r);
        }

        public static string Name => "F_q[u]/(u^2 + 2)";
    }
}

public sealed class QuadraticBatchTests512 : QuadraticBatchTests<Lanes512>;
public sealed class QuadraticBatchTests256 : QuadraticBatchTests<Lanes256>;
public sealed class QuadraticBatchTests1 : QuadraticBatchTests<Lanes1>;

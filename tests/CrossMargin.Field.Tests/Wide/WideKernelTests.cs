using System.Numerics;
using CrossMargin.Field.Wide;
using Xunit;

namespace CrossMargin.Field.Tests.Wide;

/// <summary>
/// The wide kernel against its scalar twin <see cref="Montgomery256{TParams}"/>, for one field and
/// one lane type. Every lane type runs on every machine (the vector ones through the portable
/// Vector512/Vector256 operations where the instruction set is off), and test.sh reruns this
/// suite with AVX-512, AVX2 and all hardware intrinsics off.
/// </summary>
public abstract class WideKernelTests<TParams, TLanes>
    where TParams : struct, IMontgomery256Params
    where TLanes : struct, ILanes<TLanes>
{
    private static readonly BigInteger P = Montgomery256<TParams>.Modulus;
    private static readonly BigInteger R = BigInteger.One << 256;
    private static readonly int Count = TLanes.Count;

    /// <summary>
    /// PrimeFieldLaws' special values (0, 1, p-1, p-2, R mod p, 64-bit limb edges, 2^253 - 1)
    /// plus the 29-bit limb edges of the wide form, each also as the element whose Montgomery
    /// form (the limbs the kernel sees) is that value; then seeded random values.
    /// </summary>
    private static List<BigInteger> Values(int seed, int randomCount = 60)
    {
        var edges = PrimeFieldLaws<Montgomery256<TParams>>.SpecialValues().ToList();
        for (var k = 1; k < 9; k++)
        {
            edges.Add(BigInteger.One << (29 * k));
            edges.Add((BigInteger.One << (29 * k)) - 1);
        }
        edges.Add((BigInteger.One << 254) - 1);
        var rInverse = BigInteger.ModPow(R % P, P - 2, P);
        var values = edges.Concat(edges.Select(e => e % P * rInverse)).ToList();
        var random = new Random(seed);
        for (var i = 0; i < randomCount; i++)
        {
            var bytes = new byte[40];
            random.NextBytes(bytes);
            values.Add(new BigInteger(bytes, isUnsigned: true) % P);
        }
        return values.Select(v => v % P).Distinct().ToList();
    }

    private static Montgomery256<TParams>[] Scalars(IEnumerable<BigInteger> values) =>
        values.Select(Montgomery256<TParams>.FromBigInteger).ToArray();

    /// <summary>Calls check on every batch of Count consecutive pairs (a[k], b[k]), the last one short.</summary>
    private static void ForEachBatch(Montgomery256<TParams>[] a, Montgomery256<TParams>[] b,
        Action<Montgomery256<TParams>[], Montgomery256<TParams>[]> check)
    {
        for (var k = 0; k < a.Length; k += Count)
        {
            var n = Math.Min(Count, a.Length - k);
            check(a.AsSpan(k, n).ToArray(), b.AsSpan(k, n).ToArray());
        }
    }

    /// <summary>Every pair of the values (a, b), as two parallel arrays.</summary>
    private static (Montgomery256<TParams>[] A, Montgomery256<TParams>[] B) Pairs(int seed, int randomCount = 20)
    {
        var values = Scalars(Values(seed, randomCount));
        var a = values.SelectMany(x => values.Select(_ => x)).ToArray();
        var b = values.SelectMany(_ => values).ToArray();
        return (a, b);
    }

    /// <summary>The invariants of every kernel output: limbs below 2^29 and value below 2p.</summary>
    private static void AssertLazilyReduced(in FieldBatch<TParams, TLanes> x)
    {
        for (var lane = 0; lane < Count; lane++)
        {
            var limbs = FieldBatch<TParams, TLanes>.LaneLimbs(x, lane);
            Assert.All(limbs, l => Assert.True(l < 1UL << 29, $"limb {l:x} is not normalised"));
            Assert.True(Value(limbs) < 2 * P, "the value is not below 2p");
        }
    }

    private static BigInteger Value(ulong[] limbs)
    {
        var v = BigInteger.Zero;
        for (var j = limbs.Length - 1; j >= 0; j--) v = (v << 29) + limbs[j];
        return v;
    }

    /// <summary>A batch whose lane i holds the integer values[i] (any value below 2^261), limb by limb.</summary>
    private static FieldBatch<TParams, TLanes> RawBatch(IReadOnlyList<BigInteger> values)
    {
        FieldBatch<TParams, TLanes> r = default;
        var lanes = new ulong[Count];
        for (var j = 0; j < 9; j++)
        {
            for (var i = 0; i < Count; i++) lanes[i] = i < values.Count ? (ulong)((values[i] >> (29 * j)) & ((1UL << 29) - 1)) : 0;
            FieldBatch<TParams, TLanes>.Limb(ref r, j) = TLanes.Load(lanes);
        }
        return r;
    }

    /// <summary>The element lane i of x stands for: its value divided by R.</summary>
    private static BigInteger Element(in FieldBatch<TParams, TLanes> x, int lane) =>
        Value(FieldBatch<TParams, TLanes>.LaneLimbs(x, lane)) * BigInteger.ModPow(R % P, P - 2, P) % P;

    private static Montgomery256<TParams>[] ToScalars(in FieldBatch<TParams, TLanes> x, int n)
    {
        var r = new Montgomery256<TParams>[n];
        FieldBatch<TParams, TLanes>.ToScalar(x, r);
        return r;
    }

    [Fact]
    public void Conversions_RoundTrip_AndKeepTheMontgomeryForm()
    {
        ForEachBatch(Scalars(Values(1)), Scalars(Values(1)), (a, _) =>
        {
            FieldBatch<TParams, TLanes>.FromScalar(a, out var x);
            AssertLazilyReduced(x);
            for (var i = 0; i < a.Length; i++) Assert.Equal(a[i].ToBigInteger(), Element(x, i));
            Assert.Equal(a, ToScalars(x, a.Length));
        });
    }

    private delegate void Kernel(in FieldBatch<TParams, TLanes> a, in FieldBatch<TParams, TLanes> b, out FieldBatch<TParams, TLanes> r);

    /// <summary>
    /// kernel on every batch of the pairs (a[k], b[k]) converted to the wide form: its output
    /// lazily reduced, and equal to expected once converted back.
    /// </summary>
    private static void AssertMatchesScalar(Montgomery256<TParams>[] a, Montgomery256<TParams>[] b, Kernel kernel,
        Func<Montgomery256<TParams>, Montgomery256<TParams>, Montgomery256<TParams>> expected) =>
        ForEachBatch(a, b, (a, b) =>
        {
            FieldBatch<TParams, TLanes>.FromScalar(a, out var x);
            FieldBatch<TParams, TLanes>.FromScalar(b, out var y);
            kernel(x, y, out var z);
            AssertLazilyReduced(z);
            Assert.Equal(a.Zip(b, expected), ToScalars(z, a.Length));
        });

    [Fact]
    public void Mul_MatchesTheScalarField_OnSpecialAndRandomPairs()
    {
        var (a, b) = Pairs(2);
        AssertMatchesScalar(a, b, FieldBatch<TParams, TLanes>.Mul, (u, v) => u * v);
    }

    [Fact]
    public void Square_MatchesTheScalarField()
    {
        var a = Scalars(Values(3));
        AssertMatchesScalar(a, a, (in FieldBatch<TParams, TLanes> x, in FieldBatch<TParams, TLanes> _, out FieldBatch<TParams, TLanes> r) =>
            FieldBatch<TParams, TLanes>.Square(x, out r), (u, _) => u * u);
    }

    [Fact]
    public void AddAndSub_MatchTheScalarField_OnSpecialAndRandomPairs()
    {
        var (a, b) = Pairs(4);
        AssertMatchesScalar(a, b, FieldBatch<TParams, TLanes>.Add, (u, v) => u + v);
        AssertMatchesScalar(a, b, FieldBatch<TParams, TLanes>.Sub, (u, v) => u - v);
    }

    /// <summary>
    /// Inputs anywhere in [0, 2p), the whole lazily reduced range, up to its top 2p - 1: every
    /// operation still gives the right element and keeps the invariants.
    /// </summary>
    [Fact]
    public void Operations_AcceptLazilyReducedInputs_UpTo2pMinus1()
    {
        var values = Values(5, 30);
        var high = values.Select(v => v + P).ToList();
        high.Add(2 * P - 1);
        var low = values.Concat(values).Take(high.Count).Reverse().ToList();
        for (var k = 0; k < high.Count; k += Count)
        {
            var u = high.Skip(k).Take(Count).ToList();
            var v = low.Skip(k).Take(Count).ToList();
            var x = RawBatch(u);
            var y = RawBatch(v);
            FieldBatch<TParams, TLanes>.Mul(x, y, out var product);
            FieldBatch<TParams, TLanes>.Square(x, out var square);
            FieldBatch<TParams, TLanes>.Add(x, x, out var sum);
            FieldBatch<TParams, TLanes>.Sub(y, x, out var difference);
            FieldBatch<TParams, TLanes>.Canonicalize(x, out var canonical);
            foreach (var z in new[] { product, square, sum, difference, canonical }) AssertLazilyReduced(z);
            var rInverse = BigInteger.ModPow(R % P, P - 2, P);
            for (var i = 0; i < u.Count; i++)
            {
                Assert.Equal(u[i] * v[i] * rInverse % P, Value(FieldBatch<TParams, TLanes>.LaneLimbs(product, i)) % P);
                Assert.Equal(u[i] * u[i] * rInverse % P, Value(FieldBatch<TParams, TLanes>.LaneLimbs(square, i)) % P);
                Assert.Equal(2 * u[i] % P, Value(FieldBatch<TParams, TLanes>.LaneLimbs(sum, i)) % P);
                Assert.Equal(((v[i] - u[i]) % P + P) % P, Value(FieldBatch<TParams, TLanes>.LaneLimbs(difference, i)) % P);
                // Canonical: the representative below p, whatever the input's.
                Assert.Equal(u[i] % P, Value(FieldBatch<TParams, TLanes>.LaneLimbs(canonical, i)));
            }
        }
    }

    [Fact]
    public void OutputAliasingAnInput_GivesTheSameResult()
    {
        var values = Scalars(Values(6, 2 * Count));
        var a = values.Take(Count).ToArray();
        var b = values.Skip(Count).Take(Count).ToArray();
        FieldBatch<TParams, TLanes>.FromScalar(a, out var x);
        FieldBatch<TParams, TLanes>.FromScalar(b, out var y);
        FieldBatch<TParams, TLanes>.Mul(x, y, out var product);
        FieldBatch<TParams, TLanes>.Add(x, y, out var sum);
        FieldBatch<TParams, TLanes>.Sub(x, y, out var difference);
        FieldBatch<TParams, TLanes>.Square(x, out var square);

        var t = x; FieldBatch<TParams, TLanes>.Mul(t, y, out t); Assert.Equal(ToScalars(product, Count), ToScalars(t, Count));
        t = y; FieldBatch<TParams, TLanes>.Mul(x, t, out t); Assert.Equal(ToScalars(product, Count), ToScalars(t, Count));
        t = x; FieldBatch<TParams, TLanes>.Add(t, y, out t); Assert.Equal(ToScalars(sum, Count), ToScalars(t, Count));
        t = y; FieldBatch<TParams, TLanes>.Sub(x, t, out t); Assert.Equal(ToScalars(difference, Count), ToScalars(t, Count));
        t = x; FieldBatch<TParams, TLanes>.Square(t, out t); Assert.Equal(ToScalars(square, Count), ToScalars(t, Count));
        // Both operands and the result one variable.
        t = x; FieldBatch<TParams, TLanes>.Mul(t, t, out t); Assert.Equal(ToScalars(square, Count), ToScalars(t, Count));
    }

    [Fact]
    public void SpanOperations_MatchTheScalarField_ForAnyLength_AndInPlace()
    {
        var values = Scalars(Values(7));
        var random = new Random(8);
        var other = values.OrderBy(_ => random.Next()).ToArray();
        // A length that leaves a short last batch, and an empty span.
        foreach (var n in new[] { values.Length, 3 * Count + 1, 0 })
        {
            var a = values.AsSpan(0, n).ToArray();
            var b = other.AsSpan(0, n).ToArray();
            var r = new Montgomery256<TParams>[n];
            WideField<TParams>.Multiply<TLanes>(a, b, r);
            Assert.Equal(a.Zip(b, (u, v) => u * v), r);
            WideField<TParams>.Square<TLanes>(a, r);
            Assert.Equal(a.Select(u => u * u), r);
            WideField<TParams>.Add<TLanes>(a, b, r);
            Assert.Equal(a.Zip(b, (u, v) => u + v), r);
            WideField<TParams>.Subtract<TLanes>(a, b, r);
            Assert.Equal(a.Zip(b, (u, v) => u - v), r);

            var expected = a.Zip(b, (u, v) => u * v).ToArray();
            var inPlace = a.ToArray();
            WideField<TParams>.Multiply<TLanes>(inPlace, b, inPlace);
            Assert.Equal(expected, inPlace);
        }
    }

    [Fact]
    public void BatchInverse_MatchesTheScalarBatchInverse_AndLeavesZerosZero()
    {
        var values = Scalars(Values(9));
        foreach (var n in new[] { values.Length, Count + 1, 1, 0 })
        {
            var expected = values.AsSpan(0, n).ToArray();
            FieldAlgorithms.BatchInverse<Montgomery256<TParams>>(expected);
            var actual = values.AsSpan(0, n).ToArray();
            WideField<TParams>.BatchInverse<TLanes>(actual);
            Assert.Equal(expected, actual);
        }
        Assert.Contains(values, v => v.IsZero);
    }
}

public sealed class WideKernelTestsFq512 : WideKernelTests<Bn254.FqParams, Lanes512>;
public sealed class WideKernelTestsFq256 : WideKernelTests<Bn254.FqParams, Lanes256>;
public sealed class WideKernelTestsFq1 : WideKernelTests<Bn254.FqParams, Lanes1>;
public sealed class WideKernelTestsFr512 : WideKernelTests<Bn254.FrParams, Lanes512>;
public sealed class WideKernelTestsFr256 : WideKernelTests<Bn254.FrParams, Lanes256>;
public sealed class WideKernelTestsFr1 : WideKernelTests<Bn254.FrParams, Lanes1>;

/// <summary>The overloads that pick the lane type by the processor.</summary>
public class WideFieldDispatchTests
{
    [Fact]
    public void PreferredPath_MatchesTheScalarField()
    {
        var random = new Random(10);
        var a = Enumerable.Range(0, 50).Select(_ => Fq.FromUInt64((ulong)random.NextInt64()) * Fq.FromUInt64((ulong)random.NextInt64())).ToArray();
        var b = a.Reverse().ToArray();
        var r = new Fq[a.Length];
        WideField<Bn254.FqParams>.Multiply(a, b, r);
        Assert.Equal(a.Zip(b, (u, v) => u * v), r);
        WideField<Bn254.FqParams>.Square(a, r);
        Assert.Equal(a.Select(u => u * u), r);
        WideField<Bn254.FqParams>.Add(a, b, r);
        Assert.Equal(a.Zip(b, (u, v) => u + v), r);
        WideField<Bn254.FqParams>.Subtract(a, b, r);
        Assert.Equal(a.Zip(b, (u, v) => u - v), r);
        var inverses = a.ToArray();
        WideField<Bn254.FqParams>.BatchInverse(inverses);
        Assert.All(a.Zip(inverses, (u, v) => u * v), x => Assert.True(x.IsOne));
        Assert.Contains(WideField<Bn254.FqParams>.PreferredCount, new[] { 1, 4, 8 });
    }
}

using System.Numerics;
using CrossMargin.Curves.Bn254;
using Xunit;
using static CrossMargin.Curves.Tests.MsmTestData;

namespace CrossMargin.Curves.Tests;

public class MsmTests
{
    private static readonly MsmOptions Serial = new() { MaxDegreeOfParallelism = 1 };
    private static readonly MsmOptions XyzzOnly = Serial with { Buckets = BucketChoice.Xyzz };
    private static readonly MsmOptions AffineOnly = Serial with { Buckets = BucketChoice.BatchAffine };
    private static readonly MsmOptions General = Serial with { ScalarClasses = false };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Msm_MatchesNaiveSum_ForRandomG1Scalars(int n)
    {
        var points = Points<Fq, G1Curve>(n, 100 + n);
        var scalars = Scalars(n, 200 + n);
        var expected = NaiveSum<Fq, G1Curve>(points, scalars);

        Assert.Equal(expected, Msm.Multiply(points, ToFr(scalars)));
        Assert.Equal(expected, Msm.Multiply(points, ToLimbs(scalars), maxDegreeOfParallelism: 1));
        Assert.Equal(expected, Msm.Multiply(points, ToLimbs(scalars), XyzzOnly));
        Assert.Equal(expected, Msm.Multiply(points, ToLimbs(scalars), AffineOnly));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    public void Msm_MatchesNaiveSum_ForRandomG2Scalars(int n)
    {
        var points = Points<Fq2, G2Curve>(n, 300 + n);
        var scalars = Scalars(n, 400 + n);
        var expected = NaiveSum<Fq2, G2Curve>(points, scalars);

        Assert.Equal(expected, Msm.Multiply(points, ToFr(scalars)));
        Assert.Equal(expected, Msm.Multiply(points, ToLimbs(scalars), XyzzOnly));
        Assert.Equal(expected, Msm.Multiply(points, ToLimbs(scalars), AffineOnly with { WindowBits = 4 }));
    }

    /// <summary>
    /// Scalars at the digit boundaries of window c: 2^(c-1) - 1 and 2^(c-1) (the first negative
    /// digit), 2^c - 1, 2^c, r - 1, and runs of all-ones windows and of 2^(c-1) digits, whose
    /// carries ripple through every window and into the extra top one.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(15)]
    [InlineData(16)]
    public void Msm_MatchesNaiveSum_ForSpecialScalars_AtEveryWindowSize(int c)
    {
        var scalars = SpecialScalars(c);
        var points = Points<Fq, G1Curve>(scalars.Length, 500 + c);
        var expected = NaiveSum<Fq, G1Curve>(points, scalars);
        var limbs = ToLimbs(scalars);

        // Wide windows with few points are mostly empty buckets, slow to reduce: one kind there.
        MsmOptions[] kinds = c <= 13 ? [XyzzOnly, AffineOnly, General with { Buckets = BucketChoice.BatchAffine }] : [AffineOnly];
        foreach (var options in kinds)
            Assert.Equal(expected, Msm.Multiply(points, limbs, options with { WindowBits = c }));
    }

    private static BigInteger[] SpecialScalars(int c)
    {
        var one = BigInteger.One;
        var halfRun = BigInteger.Zero;   // a 2^(c-1) digit in every window
        for (var w = 0; (w + 1) * c <= 253; w++) halfRun += (one << (c - 1)) << (w * c);
        return
        [
            0, 1, 2, 3, 5,
            (one << (c - 1)) - 1, one << (c - 1), (one << (c - 1)) + 1,
            (one << c) - 1, one << c, (one << c) + 1,
            (one << 64) - 1, one << 64, (one << 64) + 1,
            R - 1, R - 2, R - 3, R - (one << c), R - (one << 64),
            (one << 253) - 1, (one << 253) + (one << 200) - 1,
            halfRun, halfRun - 1, R - halfRun,
            (R - 1) / 2, (R + 1) / 2,
        ];
    }

    [Fact]
    public void Msm_HandlesDuplicatesInversesAndInfinity_InEveryBucketKind()
    {
        var p = Points<Fq, G1Curve>(4, 600);
        var inf = G1Affine.Infinity;
        var k = Scalars(4, 601);
        G1Affine[] points = [p[0], p[0], p[0], p[1], p[1].Negate(), inf, p[2], p[2], p[2].Negate(), inf, p[3], p[3]];
        BigInteger[] scalars = [k[0], k[0], k[1], k[2], k[2], k[3], 1, R - 1, 1, 0, 7, 7];
        var expected = NaiveSum<Fq, G1Curve>(points, scalars);
        var limbs = ToLimbs(scalars);

        foreach (var c in new[] { 2, 5, 13 })
        {
            Assert.Equal(expected, Msm.Multiply(points, limbs, XyzzOnly with { WindowBits = c }));
            Assert.Equal(expected, Msm.Multiply(points, limbs, AffineOnly with { WindowBits = c }));
            Assert.Equal(expected, Msm.Multiply(points, limbs, General with { WindowBits = c }));
        }
    }

    [Fact]
    public void Msm_OfPAndMinusPWithEqualScalars_IsInfinity()
    {
        var p = Points<Fq, G1Curve>(50, 602);
        var points = p.Concat(p.Select(q => q.Negate())).ToArray();
        var k = Scalars(50, 603);
        var limbs = ToLimbs(k.Concat(k).ToArray());
        Assert.True(Msm.Multiply(points, limbs, AffineOnly).IsInfinity);
        Assert.True(Msm.Multiply(points, limbs, XyzzOnly).IsInfinity);
    }

    /// <summary>
    /// One point and one scalar repeated: every window puts every point into the same bucket, so
    /// the batch-affine buckets' queue fills and spills over, and the ones' round-robin buckets
    /// double.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(12345)]
    public void Msm_OfOneRepeatedPair_IsTheScalarTimesTheCount(long scalar)
    {
        const int n = 3000;
        var p = Points<Fq, G1Curve>(1, 604)[0];
        var points = Enumerable.Repeat(p, n).ToArray();
        var limbs = ToLimbs(Enumerable.Repeat(new BigInteger(scalar), n).ToArray());
        var expected = G1Jacobian.MultiplyPlain(p.ToJacobian(), scalar * n);

        Assert.Equal(expected, Msm.Multiply(points, limbs, AffineOnly));
        Assert.Equal(expected, Msm.Multiply(points, limbs, AffineOnly with { WindowBits = 8, BatchCapacity = 64 }));
        Assert.Equal(expected, Msm.Multiply(points, limbs, XyzzOnly));
    }

    [Fact]
    public void Msm_OfAllZeroScalarsOrAllInfinityPoints_IsInfinity()
    {
        var points = Points<Fq, G1Curve>(100, 605);
        Assert.True(Msm.Multiply(points, new ulong[400]).IsInfinity);
        Assert.True(Msm.Multiply(points, new ulong[400], General).IsInfinity);
        var infinities = Enumerable.Repeat(G1Affine.Infinity, 100).ToArray();
        Assert.True(Msm.Multiply(infinities, ToLimbs(Scalars(100, 606))).IsInfinity);
        Assert.True(Msm.Multiply(ReadOnlySpan<G2Affine>.Empty, ReadOnlySpan<Fr>.Empty).IsInfinity);
    }

    [Fact]
    public void Msm_ScalarClasses_MatchNaiveSum_AndTheGeneralPath()
    {
        var points = Points<Fq, G1Curve>(300, 607);
        var scalars = CircomLikeScalars(300, 608);
        var expected = NaiveSum<Fq, G1Curve>(points, scalars);
        var limbs = ToLimbs(scalars);
        Assert.Equal(expected, Msm.Multiply(points, limbs, Serial));
        Assert.Equal(expected, Msm.Multiply(points, limbs, General));
        Assert.Equal(expected, Msm.Multiply(points, limbs, AffineOnly));

        // Larger: each class big enough for batch-affine buckets, against the general path.
        points = Points<Fq, G1Curve>(6000, 609);
        limbs = ToLimbs(CircomLikeScalars(6000, 610));
        var general = Msm.Multiply(points, limbs, General with { Buckets = BucketChoice.Xyzz });
        Assert.Equal(general, Msm.Multiply(points, limbs, Serial));
        Assert.Equal(general, Msm.Multiply(points, limbs, AffineOnly));
        Assert.Equal(general, Msm.Multiply(points, limbs, XyzzOnly));
    }

    [Theory]
    [InlineData(0)]   // only zeros and ones (plus and minus)
    [InlineData(1)]   // only small scalars, positive and negative
    public void Msm_EachScalarClassAlone_MatchesTheGeneralPath(int which)
    {
        var random = new Random(611 + which);
        var points = Points<Fq, G1Curve>(2500, 612);
        var scalars = new BigInteger[points.Length];
        for (var i = 0; i < scalars.Length; i++)
        {
            scalars[i] = which == 0
                ? random.Next(3) switch { 0 => 0, 1 => 1, _ => R - 1 }
                : random.Next(2) == 0 ? random.NextInt64(2, long.MaxValue) : R - random.NextInt64(2, 1 << 30);
        }
        var limbs = ToLimbs(scalars);
        var general = Msm.Multiply(points, limbs, General);
        Assert.Equal(general, Msm.Multiply(points, limbs, AffineOnly));
        Assert.Equal(general, Msm.Multiply(points, limbs, XyzzOnly));
        Assert.Equal(NaiveSum<Fq, G1Curve>(points.AsSpan(0, 40), scalars[..40]),
            Msm.Multiply(points.AsSpan(0, 40), limbs.AsSpan(0, 160), Serial));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(9000, 1)]
    [InlineData(9000, -1)]
    public void ToCanonicalLimbsInPlace_GivesTheCanonicalLimbs_InTheScalarsOwnMemory(int n, int maxDegreeOfParallelism)
    {
        // Several blocks of 4,096 when parallel; special values (0, 1, r - 1) among seeded random ones.
        var scalars = CircomLikeScalars(n, 631);
        var values = ToFr(scalars);
        var limbs = Msm.ToCanonicalLimbsInPlace(values, maxDegreeOfParallelism);
        Assert.Equal(ToLimbs(scalars), limbs.ToArray());
        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(limbs),
            ref System.Runtime.CompilerServices.Unsafe.As<Fr, ulong>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(values))));
    }

    [Fact]
    public void Msm_SerialAndParallel_GiveTheSamePoint()
    {
        var points = Points<Fq, G1Curve>(2500, 613);
        var limbs = ToLimbs(Scalars(2500, 614));
        var serial = Msm.Multiply(points, limbs, maxDegreeOfParallelism: 1);
        Assert.Equal(serial, Msm.Multiply(points, limbs, maxDegreeOfParallelism: 4));
        Assert.Equal(serial, Msm.Multiply(points, limbs));
        Assert.Equal(serial, Msm.Multiply(points, limbs, new MsmOptions { MaxDegreeOfParallelism = 3, Chunks = 3 }));
        Assert.Equal(serial, Msm.Multiply(points, limbs, XyzzOnly with { MaxDegreeOfParallelism = 2, Chunks = 5 }));

        // Several classification and recoding blocks (4096 scalars each), and every class, in parallel.
        points = Points<Fq, G1Curve>(9000, 623);
        limbs = ToLimbs(CircomLikeScalars(9000, 624));
        serial = Msm.Multiply(points, limbs, maxDegreeOfParallelism: 1);
        Assert.Equal(serial, Msm.Multiply(points, limbs, maxDegreeOfParallelism: 4));
        Assert.Equal(serial, Msm.Multiply(points, limbs, new MsmOptions { MaxDegreeOfParallelism = 3, Chunks = 2 }));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(13)]
    public void Msm_BatchAffineAndXyzzBuckets_GiveTheSamePoint(int c)
    {
        var points = Points<Fq, G1Curve>(2500, 615);
        var limbs = ToLimbs(Scalars(2500, 616));
        var xyzz = Msm.Multiply(points, limbs, XyzzOnly with { WindowBits = c });
        Assert.Equal(xyzz, Msm.Multiply(points, limbs, AffineOnly with { WindowBits = c }));
        Assert.Equal(xyzz, Msm.Multiply(points, limbs, AffineOnly with { WindowBits = c, BatchCapacity = 37 }));
    }

    [Fact]
    public void Msm_G2_FastPathsAndBucketKinds_AgreeWithTheGeneralPath()
    {
        var points = Points<Fq2, G2Curve>(1500, 617);
        var limbs = ToLimbs(CircomLikeScalars(1500, 618));
        var general = Msm.Multiply(points, limbs, General with { Buckets = BucketChoice.Xyzz });
        Assert.Equal(general, Msm.Multiply(points, limbs, AffineOnly));
        Assert.Equal(general, Msm.Multiply(points, limbs, new MsmOptions { MaxDegreeOfParallelism = 2, Chunks = 2 }));
        limbs = ToLimbs(Scalars(1500, 619));
        Assert.Equal(Msm.Multiply(points, limbs, XyzzOnly), Msm.Multiply(points, limbs, AffineOnly with { WindowBits = 9 }));
    }

    [Fact]
    public void Msm_FrAndCanonicalOverloads_Agree()
    {
        var points = Points<Fq, G1Curve>(64, 620);
        var scalars = CircomLikeScalars(64, 621);
        Assert.Equal(Msm.Multiply(points, ToFr(scalars)), Msm.Multiply(points, ToLimbs(scalars)));
    }

    [Fact]
    public void Msm_RejectsMismatchedLengths_NonCanonicalScalars_AndBadParallelism()
    {
        var points = Points<Fq, G1Curve>(3, 622);
        Assert.Throws<ArgumentException>(() => Msm.Multiply(points, new Fr[2]));
        Assert.Throws<ArgumentException>(() => Msm.Multiply(points, new ulong[11]));
        Assert.Throws<ArgumentException>(() => Msm.Multiply(points, new ulong[4], 1));

        var tooLarge = ToLimbs([1, R, 2]);
        var e = Assert.Throws<ArgumentException>(() => Msm.Multiply(points, tooLarge));
        Assert.Contains("scalar 1", e.Message);
        Assert.Throws<ArgumentException>(() => Msm.Multiply(points, ToLimbs([(BigInteger.One << 256) - 1, 1, 2])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Msm.Multiply(points, new Fr[3], maxDegreeOfParallelism: 0));
    }
}

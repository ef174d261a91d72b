using System.Runtime.InteropServices;
using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;
using CrossMargin.Field.Bn254;
using CrossMargin.Field.Wide;
using Xunit;
using static CrossMargin.Curves.Tests.MsmTestData;

namespace CrossMargin.Curves.Tests;

/// <summary>The MSM's parts, each against a plain version: digits, XYZZ formulas, batch-affine additions, the planner.</summary>
public class MsmPartsTests
{
    [Fact]
    public void SignedDigits_RebuildTheScalar_AndStayInRange_ForEveryWindowSize()
    {
        var scalars = Scalars(200, 700).Concat([BigInteger.Zero, BigInteger.One, R - 1, (BigInteger.One << 253) - 1]).ToArray();
        var limbs = ToLimbs(scalars);
        for (var c = 2; c <= 16; c++)
        {
            var windows = ScalarDigits.WindowCount(254, c);
            var digits = new ushort[windows];
            for (var i = 0; i < scalars.Length; i++)
            {
                ScalarDigits.Recode(limbs[4 * i], limbs[4 * i + 1], limbs[4 * i + 2], limbs[4 * i + 3], c, windows, digits, 1);
                var rebuilt = BigInteger.Zero;
                for (var w = windows - 1; w >= 0; w--)
                {
                    var d = ScalarDigits.Decode(digits[w]);
                    Assert.InRange(d, -(1 << (c - 1)), (1 << (c - 1)) - 1);
                    if (d != 0) Assert.Equal(Math.Abs(d) - 1, ScalarDigits.Bucket(digits[w]));
                    rebuilt = (rebuilt << c) + d;
                }
                Assert.Equal(scalars[i], rebuilt);
            }
        }
    }

    [Fact]
    public void DigitEncoding_RoundTrips_EveryDigitOfTheWidestWindow_WithTheSignInTheLowBit()
    {
        for (var d = -(1 << (ScalarDigits.MaxWindowBits - 1)); d < 1 << (ScalarDigits.MaxWindowBits - 1); d++)
        {
            var e = ScalarDigits.Encode(d);
            Assert.Equal(d, ScalarDigits.Decode(e));
            Assert.Equal(d < 0, (e & 1) != 0);
        }
    }

    /// <summary>
    /// The plan's bucket count per window covers every digit that scalars of the class's bit
    /// length produce, the carries included (all-ones values carry through every window); the
    /// top window's count is what shrinks its buckets.
    /// </summary>
    [Fact]
    public void BucketCountOfWindow_CoversEveryDigit_OfScalarsBelowTheClassBitLength()
    {
        var random = new Random(704);
        foreach (var bits in new[] { 1, 2, 7, 12, 13, 63, 64, 65, 128, 200, 253, 254 })
        {
            var top = (BigInteger.One << bits) - 1;
            var scalars = new List<BigInteger> { top, BigInteger.One << (bits - 1), BigInteger.One };
            var bytes = new byte[33];
            for (var i = 0; i < 20; i++)
            {
                random.NextBytes(bytes);
                scalars.Add(new BigInteger(bytes, isUnsigned: true) & top);
            }
            var limbs = ToLimbs(scalars.Where(k => k < R).ToArray());
            for (var c = 2; c <= 16; c++)
            {
                var windows = ScalarDigits.WindowCount(bits, c);
                var plan = new WindowedPlan(bits, c, windows, BucketChoice.BatchAffine, MsmPlan.BatchCapacity(1 << (c - 1)), 1, 0);
                var digits = new ushort[windows];
                for (var i = 0; i < limbs.Length / 4; i++)
                {
                    ScalarDigits.Recode(limbs[4 * i], limbs[4 * i + 1], limbs[4 * i + 2], limbs[4 * i + 3], c, windows, digits, 1);
                    for (var w = 0; w < windows; w++)
                        if (digits[w] != 0) Assert.InRange(ScalarDigits.Bucket(digits[w]), 0, plan.BucketCountOfWindow(w) - 1);
                }
                Assert.True(plan.BatchCapacityOfWindow(windows - 1) <= MsmPlan.BatchCapacity(plan.BucketCountOfWindow(windows - 1)));
            }
        }
    }

    [Theory]
    [InlineData(254, 16, 16)]
    [InlineData(254, 13, 20)]
    [InlineData(254, 15, 18)]   // 17 windows hold 255 bits, but the top digit could reach 2^14
    [InlineData(254, 2, 128)]
    [InlineData(1, 2, 1)]
    [InlineData(2, 2, 2)]       // 3 = 4 - 1: its digit -1 carries into a second window
    [InlineData(0, 16, 1)]
    [InlineData(20, 16, 2)]
    public void WindowCount_IsTheLeastThatHoldsEveryScalarOfThatLength(int bits, int c, int expected)
    {
        Assert.Equal(expected, ScalarDigits.WindowCount(bits, c));
        // The all-ones scalar of that length recodes without a final carry in that many windows.
        var max = (BigInteger.One << bits) - 1;
        var rebuilt = BigInteger.Zero;
        var limbs = ToLimbs([max]);
        var digits = new ushort[expected];
        ScalarDigits.Recode(limbs[0], limbs[1], limbs[2], limbs[3], c, expected, digits, 1);
        for (var w = expected - 1; w >= 0; w--) rebuilt = (rebuilt << c) + ScalarDigits.Decode(digits[w]);
        Assert.Equal(max, rebuilt);
    }

    /// <summary>The definition: the least W with 2^bits - 1 + sum_{w &lt; W} 2^(c-1) 2^(wc) &lt; 2^(Wc).</summary>
    [Fact]
    public void WindowCount_MatchesItsDefinition_ForEveryLengthAndWindowSize()
    {
        for (var c = 2; c <= 16; c++)
        {
            for (var bits = 0; bits <= 256; bits++)
            {
                var max = (BigInteger.One << bits) - 1;
                var h = BigInteger.Zero;
                var expected = 0;
                for (var w = 1; expected == 0; w++)
                {
                    h += BigInteger.One << ((w - 1) * c + c - 1);
                    if (max + h < BigInteger.One << (w * c)) expected = w;
                }
                Assert.Equal(expected, ScalarDigits.WindowCount(bits, c));
            }
        }
    }

    [Fact]
    public void ScalarClassification_SortsZeroOnesSmallAndFull_AndRejectsNonCanonical()
    {
        var r = new ScalarModulus(R);
        (BigInteger k, ScalarKind kind, ulong small)[] cases =
        [
            (0, ScalarKind.Skip, 0), (1, ScalarKind.PlusOne, 1), (R - 1, ScalarKind.MinusOne, 1),
            (2, ScalarKind.SmallPositive, 2), (ulong.MaxValue, ScalarKind.SmallPositive, ulong.MaxValue),
            (R - 2, ScalarKind.SmallNegative, 2), (R - ulong.MaxValue, ScalarKind.SmallNegative, ulong.MaxValue),
            (BigInteger.One << 64, ScalarKind.Full, 0), (R - (BigInteger.One << 64), ScalarKind.Full, 0),
        ];
        foreach (var (k, kind, small) in cases)
        {
            var l = ToLimbs([k]);
            Assert.True(ScalarDigits.TryClassify(l[0], l[1], l[2], l[3], r, out var gotKind, out var gotSmall, out var bits));
            Assert.Equal(kind, gotKind);
            if (kind != ScalarKind.Full) Assert.Equal(small, gotSmall);
            Assert.Equal(kind == ScalarKind.Full ? (int)k.GetBitLength() : (int)new BigInteger(small).GetBitLength(), bits);
        }
        foreach (var bad in new[] { R, R + 1, (BigInteger.One << 256) - 1 })
        {
            var l = ToLimbs([bad]);
            Assert.False(ScalarDigits.TryClassify(l[0], l[1], l[2], l[3], r, out _, out _, out _));
        }
    }

    [Fact]
    public void XyzzFormulas_AgreeWithJacobian_IncludingDoublingAndInverse()
    {
        var points = Points<Fq, G1Curve>(20, 701);
        var acc = XyzzPoint<Fq, G1Curve>.Infinity;
        var reference = G1Jacobian.Infinity;
        foreach (var p in points)
        {
            XyzzPoint<Fq, G1Curve>.AddMixed(acc, p.X, p.Y, out acc);
            G1Jacobian.AddMixed(reference, p, out reference);
            Assert.Equal(reference, acc.ToJacobian());
        }

        // P + P through madd, and P + (-P).
        var single = XyzzPoint<Fq, G1Curve>.FromAffine(points[0].X, points[0].Y);
        XyzzPoint<Fq, G1Curve>.AddMixed(single, points[0].X, points[0].Y, out var doubled);
        G1Jacobian.Double(points[0].ToJacobian(), out var twoP);
        Assert.Equal(twoP, doubled.ToJacobian());
        XyzzPoint<Fq, G1Curve>.AddMixed(doubled, points[0].X, points[0].Y, out var threeP);
        var minusP = points[0].Negate();
        XyzzPoint<Fq, G1Curve>.AddMixed(single, minusP.X, minusP.Y, out var zero);
        Assert.True(zero.IsInfinity);

        // XYZZ + XYZZ with non-trivial ZZ on both sides, its doubling case and Double.
        XyzzPoint<Fq, G1Curve>.Add(acc, threeP, out var sum);
        G1Jacobian.Add(reference, G1Jacobian.MultiplyPlain(points[0].ToJacobian(), 3), out var expected);
        Assert.Equal(expected, sum.ToJacobian());
        XyzzPoint<Fq, G1Curve>.Add(acc, acc, out var accTwice);
        XyzzPoint<Fq, G1Curve>.Double(acc, out var accDoubled);
        G1Jacobian.Double(reference, out var referenceDoubled);
        Assert.Equal(referenceDoubled, accTwice.ToJacobian());
        Assert.Equal(referenceDoubled, accDoubled.ToJacobian());
        XyzzPoint<Fq, G1Curve>.Add(XyzzPoint<Fq, G1Curve>.Infinity, acc, out var same);
        Assert.Equal(reference, same.ToJacobian());
        Assert.True(XyzzPoint<Fq, G1Curve>.Infinity.ToJacobian().IsInfinity);
    }

    [Fact]
    public void BatchAffineAdditions_MatchOneByOneAdditions_IncludingDoublings()
    {
        var points = Points<Fq2, G2Curve>(24, 702);
        var targets = points[..12].Select(p => new AffineXY<Fq2>(p.X, p.Y)).ToArray();
        var addends = new AffineXY<Fq2>[12];
        var expected = new G2Jacobian[12];
        for (var j = 0; j < 12; j++)
        {
            // Every third addend equals its target: a doubling.
            var a = j % 3 == 0 ? points[j] : points[12 + j];
            addends[j] = new AffineXY<Fq2>(a.X, a.Y);
            G2Jacobian.AddMixed(points[j].ToJacobian(), a, out expected[j]);
        }
        var index = Enumerable.Range(0, 12).Reverse().ToArray();
        var permutedAddends = index.Select(i => addends[i]).ToArray();
        AffineBatch<Fq2>.AddInPlace(targets, index, permutedAddends, new Fq2[24]);
        for (var j = 0; j < 12; j++) Assert.Equal(expected[j], new G2Affine(targets[j].X, targets[j].Y).ToJacobian());
    }

    /// <summary>
    /// The wide kernel's batch against one-by-one additions on each lane path, for G1 (F_q) and
    /// G2 (F_q2), for batch sizes around the lane counts (padding lanes), with doublings, negated
    /// addends and targets in a shuffled order; then through the kernel the curve's parameter set
    /// picks, and through the native kernel's IFMA entry points where the processor has them.
    /// Results must come out canonical: the buckets compare coordinates by their limbs.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(203)]
    public void WideBatchAffineAdditions_MatchOneByOneAdditions_OnEveryLanePath(int count)
    {
        WideBatchMatchesOneByOne<Fq, G1Curve, FieldBatch<FqParams, Lanes512>, FieldBatch<FqParams, Lanes256>, FieldBatch<FqParams, Lanes1>>(count);
        WideBatchMatchesOneByOne<Fq2, G2Curve, QuadraticBatch<FqParams, Fq2Params, Lanes512>,
            QuadraticBatch<FqParams, Fq2Params, Lanes256>, QuadraticBatch<FqParams, Fq2Params, Lanes1>>(count);
    }

    /// <summary>
    /// The chord formulas ask nothing of the coordinates but x1 != x2, so the IFMA kernel's batch
    /// can be held to its C# twin on stored integers no point would show: zero, p - 1, p - 2, the
    /// halves of p, and the 52- and 64-bit limb boundaries, where the products' bounds are tight
    /// (F_p2's products reduce unreduced sums, with p^2 added to a difference).
    /// </summary>
    [Fact]
    public void IfmaBatchAdditions_EqualTheTwin_OnCoordinatesAtLimbBoundariesAndNextToP()
    {
        if (!IfmaAffineBatch<Fq>.IsAvailable) return;
        var p = Fq.Modulus;
        var stored = new List<BigInteger> { 0, 1, 2, 3, p - 1, p - 2, p >> 1, (p >> 1) + 1 };
        foreach (var bits in new[] { 52, 64, 104, 128, 156, 192, 208, 253 })
        {
            stored.Add(BigInteger.One << bits);
            stored.Add((BigInteger.One << bits) - 1);
        }
        var values = stored.Where(v => v < p).Select(v =>
        {
            var limbs = Enumerable.Range(0, 4).Select(l => (ulong)((v >> (64 * l)) & ulong.MaxValue)).ToArray();
            return MemoryMarshal.Cast<ulong, Fq>(limbs)[0];
        }).ToArray();
        var n = values.Length;
        Fq V(int k) => values[k % n];
        IfmaBatchEqualsTwin<Fq, FieldBatch<FqParams, Lanes1>>(V, n * n);
        IfmaBatchEqualsTwin<Fq2, QuadraticBatch<FqParams, Fq2Params, Lanes1>>(k => new Fq2(V(k), V(k / n + 3 * k)), n * n);
    }

    private static void IfmaBatchEqualsTwin<TF, TW1>(Func<int, TF> value, int count)
        where TF : unmanaged, IField<TF>
        where TW1 : struct, IWideElement<TF, TW1>
    {
        var targets = new AffineXY<TF>[count];
        var addends = new AffineXY<TF>[count];
        for (var j = 0; j < count; j++)
        {
            var x2 = value(j + 1 + j / 7);
            for (var k = 2; x2.Equals(value(j)); k++) x2 = value(j + k);
            targets[j] = new AffineXY<TF>(value(j), value(3 * j + 1));
            addends[j] = new AffineXY<TF>(x2, value(5 * j + 2));
        }
        var index = Enumerable.Range(0, count).Reverse().ToArray();
        var permuted = index.Select(i => addends[i]).ToArray();
        var expected = (AffineXY<TF>[])targets.Clone();
        WideAffineBatch<TF, TW1>.AddInPlace(expected, index, permuted);
        var actual = (AffineXY<TF>[])targets.Clone();
        IfmaAffineBatch<TF>.AddInPlace(actual, index, permuted);
        for (var j = 0; j < count; j++)
            Assert.True(expected[j].X.Equals(actual[j].X) && expected[j].Y.Equals(actual[j].Y), $"{typeof(TF).Name}: addition {j} of {count}");
    }

    private static void WideBatchMatchesOneByOne<TF, TC, TW8, TW4, TW1>(int count)
        where TF : unmanaged, IField<TF>
        where TC : struct, ICurve<TF, TC>
        where TW8 : struct, IWideElement<TF, TW8>
        where TW4 : struct, IWideElement<TF, TW4>
        where TW1 : struct, IWideElement<TF, TW1>
    {
        // Where the processor has IFMA, the kernel's entry points take both fields (and the curve's own batch goes through them).
        Assert.Equal(NativeKernel.HasIfma, IfmaAffineBatch<TF>.IsAvailable);
        var points = Points<TF, TC>(2 * count, 703 + count);
        var expected = new AffinePoint<TF, TC>[count];
        var addends = new AffineXY<TF>[count];
        for (var j = 0; j < count; j++)
        {
            // Every third addend equals its target (a doubling), every fifth is the negation of another point.
            var a = j % 3 == 0 ? points[j] : j % 5 == 1 ? points[count + j].Negate() : points[count + j];
            addends[j] = new AffineXY<TF>(a.X, a.Y);
            JacobianPoint<TF, TC>.AddMixed(points[j].ToJacobian(), a, out var sum);
            expected[j] = sum.ToAffine();
        }
        var random = new Random(count);
        var index = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
        var permutedAddends = index.Select(i => addends[i]).ToArray();
        foreach (var path in new Action<AffineXY<TF>[]>[]
        {
            t => WideAffineBatch<TF, TW8>.AddInPlace(t, index, permutedAddends),
            t => WideAffineBatch<TF, TW4>.AddInPlace(t, index, permutedAddends),
            t => WideAffineBatch<TF, TW1>.AddInPlace(t, index, permutedAddends),
            t => TC.AddAffineBatch(t, index, permutedAddends, new TF[2 * count]),
        }.Concat(IfmaAffineBatch<TF>.IsAvailable ? [t => IfmaAffineBatch<TF>.AddInPlace(t, index, permutedAddends)] : []))
        {
            var targets = points[..count].Select(p => new AffineXY<TF>(p.X, p.Y)).ToArray();
            path(targets);
            for (var j = 0; j < count; j++)
            {
                // Equals compares limbs (Montgomery256's), so this also holds the coordinates canonical.
                Assert.True(expected[j].X.Equals(targets[j].X) && expected[j].Y.Equals(targets[j].Y), $"{TC.Name}: addition {j} of {count}");
            }
        }
    }

    /// <summary>
    /// The batch-affine buckets (segmented weighted sum from m = 4096 on, serial below) against
    /// the XYZZ buckets, with contents that collide inside the running sums: every bucket the
    /// same point (running + B doubles, and total meets running at 3P), runs of P, -P that
    /// cancel, empty buckets, and repeated additions into one bucket.
    /// </summary>
    [Theory]
    [InlineData(64, 0)]
    [InlineData(64, 1)]
    [InlineData(4096, 0)]
    [InlineData(4096, 1)]
    [InlineData(16384, 1)]
    public void AffineBuckets_SumAndWeightedSum_MatchXyzzBuckets_WhenBucketsCollide(int bucketCount, int pattern)
    {
        var points = Points<Fq, G1Curve>(8, 703);
        var p = points[0];
        var minusP = p.Negate();
        using var buckets = new SameAdditions(bucketCount, 64);
        var random = new Random(704);
        for (var k = 0; k < bucketCount; k++)
        {
            if (pattern == 0)
            {
                buckets.Add(k, p);
                continue;
            }
            switch (k % 7)
            {
                case 0: buckets.Add(k, p); break;
                case 1: buckets.Add(k, minusP); break;
                case 2: break;
                case 3: buckets.Add(k, p); buckets.Add(k, p); buckets.Add(k, minusP); break;
                default: buckets.Add(k, points[random.Next(points.Length)]); break;
            }
        }
        var expected = buckets.AssertTheSumsAgree();
        if (pattern == 0)
        {
            var m = new BigInteger(bucketCount);
            Assert.Equal(G1Jacobian.MultiplyPlain(p.ToJacobian(), m * (m + 1) / 2), expected);
        }
    }

    /// <summary>
    /// Most points into three buckets, so that the queue fills again and again and empties into the
    /// XYZZ overflow, which the sums then fold into the affine buckets: heavy buckets whose
    /// overflow cancels to nothing (P, -P), whose overflow cancels the affine part (the bucket
    /// ends empty), and that double; against the XYZZ buckets, weighted and plain.
    /// </summary>
    [Theory]
    [InlineData(64, 0)]
    [InlineData(64, 1)]
    [InlineData(4096, 2)]
    public void AffineBuckets_FoldTheirOverflowIntoTheSums_WhenAFewBucketsTakeMostPoints(int bucketCount, int pattern)
    {
        var points = Points<Fq, G1Curve>(8, 705 + pattern);
        var p = points[0];
        var minusP = p.Negate();
        using var buckets = new SameAdditions(bucketCount, 16);
        var random = new Random(706 + pattern);
        for (var i = 0; i < 1500; i++)
        {
            var heavy = i % 3;
            var point = pattern switch
            {
                0 => i % 2 == 0 ? p : minusP,                               // every heavy bucket sums to nothing or P
                1 => heavy == 0 ? p : points[random.Next(points.Length)],   // bucket 0: 500 P
                _ => points[random.Next(points.Length)],
            };
            buckets.Add(heavy * (bucketCount / 3), point);
            if (i % 10 == 0) buckets.Add(random.Next(bucketCount), points[random.Next(points.Length)]);
        }
        buckets.AssertTheSumsAgree();
    }

    /// <summary>
    /// The kernel's window loop (<see cref="AffineBuckets{TField, TCurve}.TryAddWindowNative"/>)
    /// against the same digits added one by one into XYZZ buckets and through Add: few distinct
    /// points, so that buckets meet equal points (doublings) and negated ones (cancellations);
    /// negated members; zero digits; a window started part-way; and digits crowding a few buckets,
    /// so that the queue fills and the loop hands it back to be emptied into the overflow.
    /// </summary>
    [Theory]
    [InlineData(16, 16, 0)]
    [InlineData(64, 32, 1)]
    [InlineData(4096, 1024, 0)]
    [InlineData(4096, 1024, 2)]
    [InlineData(512, 64, 3)]
    public void NativeWindowLoop_AddsWhatAddAdds_OverBothFields(int bucketCount, int batchCapacity, int pattern)
    {
        WindowLoopMatchesAdd<Fq, G1Curve>(bucketCount, batchCapacity, pattern, 711);
        WindowLoopMatchesAdd<Fq2, G2Curve>(bucketCount, batchCapacity, pattern, 712);
    }

    private static void WindowLoopMatchesAdd<TField, TCurve>(int bucketCount, int batchCapacity, int pattern, int seed)
        where TField : unmanaged, IField<TField>
        where TCurve : struct, ICurve<TField, TCurve>
    {
        var distinct = Points<TField, TCurve>(6, seed);
        var random = new Random(seed);
        const int count = 3000;
        var points = Enumerable.Range(0, count).Select(_ => distinct[random.Next(distinct.Length)]).ToArray();
        var members = Enumerable.Range(0, count).Select(i => random.Next(4) == 0 ? ~i : i).ToArray();
        var digits = new ushort[count];
        var half = bucketCount;   // digits 1..bucketCount in absolute value
        for (var j = 0; j < count; j++)
        {
            var magnitude = pattern switch
            {
                0 => random.Next(1, half + 1),
                1 => random.Next(1, 4),                                       // three buckets take everything
                2 => random.Next(10) == 0 ? random.Next(1, half + 1) : 7,      // one heavy bucket
                _ => random.Next(1, half + 1),
            };
            var digit = random.Next(5) == 0 ? 0 : random.Next(2) == 0 ? magnitude : -magnitude;
            digits[j] = ScalarDigits.Encode(digit);
        }
        var start = pattern == 3 ? 1234 : 0;

        var scratch = new MsmScratch<TField, TCurve>();
        using var native = new AffineBuckets<TField, TCurve>(bucketCount, batchCapacity, scratch);
        using var managed = new AffineBuckets<TField, TCurve>(bucketCount, batchCapacity, scratch);
        using var xyzz = new XyzzBuckets<TField, TCurve>(bucketCount, scratch);
        var taken = native.TryAddWindowNative(points, digits, members, start, count);
        Assert.Equal(IfmaAffineBatch<TField>.IsAvailable, taken);
        if (!taken) return;
        for (var j = start; j < count; j++)
        {
            if (digits[j] == 0) continue;
            var i = members[j];
            var negative = (ScalarDigits.Decode(digits[j]) < 0) ^ (i < 0);
            var point = points[i < 0 ? ~i : i];
            if (negative) point = point.Negate();
            managed.Add(ScalarDigits.Bucket(digits[j]), point.X, point.Y);
            xyzz.Add(ScalarDigits.Bucket(digits[j]), point.X, point.Y);
        }
        var expected = xyzz.WeightedSum().ToJacobian();
        Assert.Equal(expected, managed.WeightedSum().ToJacobian());
        Assert.Equal(expected, native.WeightedSum().ToJacobian());
    }

    [Fact]
    public void NativeWindowLoop_RefusesDigitsPastTheWindowAndMembersPastThePoints()
    {
        if (!IfmaAffineBatch<Fq>.IsAvailable) return;
        var points = Points<Fq, G1Curve>(4, 713);
        var scratch = new MsmScratch<Fq, G1Curve>();
        using (var buckets = new AffineBuckets<Fq, G1Curve>(16, 16, scratch))
        {
            // Digit 17 wants bucket 16 of a 16-bucket window.
            var error = Assert.Throws<InvalidOperationException>(() =>
                buckets.TryAddWindowNative(points, [ScalarDigits.Encode(3), ScalarDigits.Encode(17)], [0, 1], 0, 2));
            Assert.Contains("bucket past the window", error.Message);
        }
        using (var buckets = new AffineBuckets<Fq, G1Curve>(16, 16, scratch))
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
                buckets.TryAddWindowNative(points, [ScalarDigits.Encode(3), ScalarDigits.Encode(2)], [0, ~4], 0, 2));
            Assert.Contains("member 1", error.Message);
        }
    }

    /// <summary>The same additions into two sets of batch-affine buckets (one for each sum) and into XYZZ buckets, the reference.</summary>
    private sealed class SameAdditions(int bucketCount, int batchCapacity) : IDisposable
    {
        private readonly MsmScratch<Fq, G1Curve> _scratch = new();
        private AffineBuckets<Fq, G1Curve>? _weighted, _plain;
        private XyzzBuckets<Fq, G1Curve>? _xyzz;

        private AffineBuckets<Fq, G1Curve> Weighted => _weighted ??= new(bucketCount, batchCapacity, _scratch);
        private AffineBuckets<Fq, G1Curve> Plain => _plain ??= new(bucketCount, batchCapacity, _scratch);
        private XyzzBuckets<Fq, G1Curve> Xyzz => _xyzz ??= new(bucketCount, _scratch);

        public void Add(int k, G1Affine q)
        {
            Weighted.Add(k, q.X, q.Y);
            Plain.Add(k, q.X, q.Y);
            Xyzz.Add(k, q.X, q.Y);
        }

        /// <summary>The weighted sums agree, and the plain sums; returns the weighted sum.</summary>
        public G1Jacobian AssertTheSumsAgree()
        {
            var expected = Xyzz.WeightedSum().ToJacobian();
            Assert.Equal(expected, Weighted.WeightedSum().ToJacobian());
            Assert.Equal(Xyzz.Sum().ToJacobian(), Plain.Sum().ToJacobian());
            return expected;
        }

        public void Dispose()
        {
            _weighted?.Dispose();
            _plain?.Dispose();
            _xyzz?.Dispose();
        }
    }

    [Fact]
    public void Plan_ChoosesWindowsThatFitTheScalars_AndWidensWithN()
    {
        var previous = 0;
        foreach (var n in new[] { 1, 16, 256, 4096, 1 << 16, 1 << 20 })
        {
            var plan = MsmPlan.ForWindowedClass(n, 254, 1, new MsmOptions());
            Assert.Equal(ScalarDigits.WindowCount(254, plan.WindowBits), plan.Windows);
            Assert.True(plan.WindowBits >= previous, $"c = {plan.WindowBits} for n = {n}, after {previous}");
            previous = plan.WindowBits;
        }
        Assert.True(previous >= 14);
        Assert.Equal(BucketChoice.BatchAffine, MsmPlan.ForWindowedClass(1 << 16, 254, 2, new MsmOptions()).Buckets);
        Assert.Equal(1, MsmPlan.ForWindowedClass(1 << 16, 254, 2, new MsmOptions()).Chunks);
        Assert.True(MsmPlan.ForWindowedClass(1 << 16, 254, 64, new MsmOptions()).Chunks > 1);
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Field;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;
using static CrossMargin.Curves.Tests.EncodingTestData;

namespace CrossMargin.Curves.Tests;

/// <summary>
/// The native kernel's IFMA check of decoded point arrays against the per-point decoders, on
/// valid arrays (infinity among them, every length around the lane count) and on arrays with one
/// bad point in each lane position and in the tail: a coordinate equal to q, a coordinate that is
/// q more than a valid one (the same point modulo q, but not canonical), a point off the curve,
/// and (0, y). Then the readers: the same points and the same errors with the check in front.
/// </summary>
public class IfmaPointCheckTests
{
    [Fact]
    public void IfmaPointCheck_IsAvailable_WhereTheProcessorHasIfma()
    {
        Assert.Equal(NativeKernel.HasIfma, IfmaPointCheck<Fq, G1Curve>.IsAvailable);
        Assert.Equal(NativeKernel.HasIfma, IfmaPointCheck<Fq2, G2Curve>.IsAvailable);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(21)]
    public void G1Arrays_PassExactlyWhenEveryPointDecodes(int count)
    {
        var random = new Random(90 + count);
        var points = Enumerable.Range(0, count).Select(i => i % 5 == 2 ? G1Affine.Infinity : RandomG1(random)).ToArray();
        var bytes = new byte[count * 64];
        SnarkjsBinaryPointEncoding.WriteG1Array(points, bytes);
        AgreeOnTheArrayAndEveryMutation<Fq, G1Curve>(bytes, 64, count, random);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(11)]
    public void G2Arrays_PassExactlyWhenEveryPointDecodes(int count)
    {
        var random = new Random(95 + count);
        var points = Enumerable.Range(0, count).Select(i => i % 4 == 3 ? G2Affine.Infinity : RandomG2(random)).ToArray();
        var bytes = new byte[count * 128];
        SnarkjsBinaryPointEncoding.WriteG2Array(points, bytes);
        AgreeOnTheArrayAndEveryMutation<Fq2, G2Curve>(bytes, 128, count, random);
    }

    private static void AgreeOnTheArrayAndEveryMutation<TF, TC>(byte[] bytes, int pointSize, int count, Random random)
        where TF : unmanaged, IField<TF>
        where TC : struct, ICurve<TF, TC>
    {
        CheckAgreement<TF, TC>(bytes, pointSize, count);
        foreach (var bad in BadPositions(count))
        {
            foreach (var mutation in Mutations(bytes, bad, pointSize, random))
                CheckAgreement<TF, TC>(mutation, pointSize, count);
        }
    }

    /// <summary>Lane 0, lane 7, the first lane of the next block, and the last point.</summary>
    private static IEnumerable<int> BadPositions(int count) => new[] { 0, 7, 8, count - 1 }.Where(i => i >= 0 && i < count).Distinct();

    /// <summary>Copies of the array with point <paramref name="at"/> spoiled, one way per copy, each in a different coordinate word.</summary>
    private static IEnumerable<byte[]> Mutations(byte[] bytes, int at, int pointSize, Random random)
    {
        var start = at * pointSize;
        var coordinates = pointSize / 32;
        for (var c = 0; c < coordinates; c++)
        {
            var q = (byte[])bytes.Clone();
            LittleEndian32(Q).CopyTo(q, start + 32 * c);                     // = q
            yield return q;
            var plusQ = (byte[])bytes.Clone();
            var value = new BigInteger(plusQ.AsSpan(start + 32 * c, 32), isUnsigned: true);
            LittleEndian32(value + Q).CopyTo(plusQ, start + 32 * c);         // the same residue, not canonical
            yield return plusQ;
        }
        var off = (byte[])bytes.Clone();
        off[start + pointSize - 32 + random.Next(8)] ^= (byte)(1 + random.Next(255));   // y changed: off the curve
        yield return off;
        var zeroX = (byte[])bytes.Clone();
        zeroX.AsSpan(start, pointSize / 2).Clear();                          // (0, y)
        yield return zeroX;
    }

    private static void CheckAgreement<TF, TC>(byte[] bytes, int pointSize, int count)
        where TF : unmanaged, IField<TF>
        where TC : struct, ICurve<TF, TC>
    {
        if (!IfmaPointCheck<TF, TC>.IsAvailable) return;
        var expected = PerPointValid<TF, TC>(bytes, pointSize, count);
        var decoded = new AffinePoint<TF, TC>[count];
        Assert.Equal(expected, IfmaPointCheck<TF, TC>.TryRead(bytes, decoded));
        if (!expected) return;
        // The copied points are the decoded ones.
        for (var i = 0; i < count; i++)
        {
            if (typeof(TF) == typeof(Fq)) Assert.Equal((object)SnarkjsBinaryPointEncoding.ReadG1(bytes.AsSpan(i * 64, 64)), decoded[i]);
            else Assert.Equal((object)SnarkjsBinaryPointEncoding.ReadG2(bytes.AsSpan(i * 128, 128), subgroup: SubgroupCheck.SkipForTrustedInput), decoded[i]);
        }
    }

    /// <summary>The reference: every point decodes on its own (the subgroup left to the callers that check it).</summary>
    private static bool PerPointValid<TF, TC>(byte[] bytes, int pointSize, int count)
        where TF : unmanaged, IField<TF>
        where TC : struct, ICurve<TF, TC>
    {
        for (var i = 0; i < count; i++)
        {
            var point = bytes.AsSpan(i * pointSize, pointSize);
            var ok = pointSize == 64
                ? SnarkjsBinaryPointEncoding.TryReadG1(point, out _)
                : SnarkjsBinaryPointEncoding.TryReadG2(point, out _, SubgroupCheck.SkipForTrustedInput);
            if (!ok) return false;
        }
        return true;
    }
}

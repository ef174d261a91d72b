using System.Numerics;
using System.Runtime.CompilerServices;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;
using Xunit;

namespace CrossMargin.Curves.Tests;

public class PointLawTests
{
    private static readonly BigInteger R = Fr.Modulus;

    [Fact]
    public void Generators_AreOnTheirCurves_AndInTheSubgroup()
    {
        Assert.True(G1Curve.Generator.IsOnCurve);
        Assert.True(G2Curve.Generator.IsOnCurve);
        Assert.True(G1Curve.Generator.IsInSubgroup);
        Assert.True(G2Curve.Generator.IsInSubgroup);
    }

    [Fact]
    public void G1_AddDoubleMixed_AgreeAndStayOnTheCurve()
    {
        var g = G1Curve.Generator.ToJacobian();
        var random = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            var a = new BigInteger(random.NextInt64(1, long.MaxValue));
            var b = new BigInteger(random.NextInt64(1, long.MaxValue));
            var pa = G1Jacobian.MultiplyPlain(g, a);
            var pb = G1Jacobian.MultiplyPlain(g, b);
            G1Jacobian.Add(pa, pb, out var sum);
            Assert.Equal(G1Jacobian.MultiplyPlain(g, a + b), sum);
            G1Jacobian.AddMixed(pa, pb.ToAffine(), out var mixed);
            Assert.Equal(sum, mixed);
            G1Jacobian.Double(pa, out var doubled);
            G1Jacobian.Add(pa, pa, out var added);
            G1Jacobian.AddMixed(pa, pa.ToAffine(), out var addedMixed);
            Assert.Equal(doubled, added);
            Assert.Equal(doubled, addedMixed);
            Assert.True(sum.ToAffine().IsOnCurve);
        }
    }

    [Fact]
    public void JacobianFormulas_InTheNativeKernel_EqualTheirCSharpTwins_BitForBit()
    {
        // Where the kernel is loaded, Double, Add and AddMixed of finite points are its
        // cm_fp(2)_jacobian_* (with the kernel off, both sides are the C#). Coordinates are
        // compared as they are, not as projective points: the same formulas give the same limbs.
        var random = new Random(12);
        Check(Enumerable.Range(0, 12).Select(_ => CurveTestData.RandomG1(random).ToJacobian()).ToList());
        Check(Enumerable.Range(0, 6).Select(_ => CurveTestData.RandomG2(random).ToJacobian()).ToList());

        static void Check<TField, TCurve>(List<JacobianPoint<TField, TCurve>> points)
            where TField : struct, IField<TField>
            where TCurve : struct, ICurve<TField, TCurve>
        {
            // Points with Z != 1, and each point against itself (a doubling) and its negation (infinity).
            var scaled = points.Select(p => { JacobianPoint<TField, TCurve>.DoubleManaged(p, out var d); return d; }).ToList();
            var all = points.Concat(scaled).ToList();
            foreach (var p in all)
            {
                JacobianPoint<TField, TCurve>.Double(p, out var doubled);
                JacobianPoint<TField, TCurve>.DoubleManaged(p, out var doubledManaged);
                Assert.Equal(Coordinates(doubledManaged), Coordinates(doubled));
                foreach (var q in all.Take(5).Append(p).Append(p.Negate()))
                {
                    JacobianPoint<TField, TCurve>.Add(p, q, out var sum);
                    JacobianPoint<TField, TCurve>.AddManaged(p, q, out var sumManaged);
                    Assert.Equal(Coordinates(sumManaged), Coordinates(sum));
                    var affine = q.ToAffine();
                    JacobianPoint<TField, TCurve>.AddMixed(p, affine, out var mixed);
                    JacobianPoint<TField, TCurve>.AddMixedManaged(p, affine, out var mixedManaged);
                    Assert.Equal(Coordinates(mixedManaged), Coordinates(mixed));
                }
                JacobianPoint<TField, TCurve>.Add(p, p.Negate(), out var zero);
                Assert.True(zero.IsInfinity);
                // The output may be an input.
                var x = p;
                JacobianPoint<TField, TCurve>.Add(x, all[0], out x);
                JacobianPoint<TField, TCurve>.AddManaged(p, all[0], out var expected);
                Assert.Equal(Coordinates(expected), Coordinates(x));
            }
        }

        static (TField, TField, TField) Coordinates<TField, TCurve>(JacobianPoint<TField, TCurve> p)
            where TField : struct, IField<TField>
            where TCurve : struct, ICurve<TField, TCurve> => (p.X, p.Y, p.Z);
    }

    [Fact]
    public void AffinePoints_AreTheirCoordinatesOnly_WithInfinityAsZeroZero()
    {
        // The proving key's arrays are the bulk of a prover's memory: no flag pads a point.
        Assert.Equal(64, Unsafe.SizeOf<G1Affine>());
        Assert.Equal(128, Unsafe.SizeOf<G2Affine>());
        // (0, 0) can stand for infinity only because it is on neither curve: B != 0.
        Assert.False(G1Curve.B.IsZero);
        Assert.False(G2Curve.B.IsZero);
        Assert.True(default(G1Affine).IsInfinity);
        Assert.True(new G2Affine(Fq2.Zero, Fq2.Zero).IsInfinity);
        Assert.Equal(G1Affine.Infinity, new G1Affine(Fq.Zero, Fq.Zero));
        // Only both coordinates zero make infinity.
        Assert.False(new G1Affine(Fq.Zero, Fq.One).IsInfinity);
        Assert.False(new G1Affine(Fq.One, Fq.Zero).IsInfinity);
        Assert.False(new G2Affine(Fq2.Zero, Fq2.One).IsInfinity);
        Assert.NotEqual(G1Affine.Infinity, new G1Affine(Fq.Zero, Fq.One));
        Assert.Equal(G1Affine.Infinity, G1Affine.Infinity.Negate());
    }

    [Fact]
    public void InfinityAndInverses_BehaveAsTheIdentity()
    {
        var g = G1Curve.Generator.ToJacobian();
        G1Jacobian.Add(g, g.Negate(), out var zero);
        Assert.True(zero.IsInfinity);
        G1Jacobian.AddMixed(g, G1Curve.Generator.Negate(), out zero);
        Assert.True(zero.IsInfinity);
        G1Jacobian.Add(G1Jacobian.Infinity, g, out var same);
        Assert.Equal(g, same);
        G1Jacobian.AddMixed(G1Jacobian.Infinity, G1Curve.Generator, out same);
        Assert.Equal(g, same);
        G1Jacobian.AddMixed(g, G1Affine.Infinity, out same);
        Assert.Equal(g, same);
        Assert.True(G1Jacobian.MultiplyPlain(g, R).IsInfinity);
        Assert.True(G1Jacobian.Infinity.ToAffine().IsInfinity);
    }

    [Fact]
    public void G2_GroupOrderIsR_AndBatchAffineMatchesOneByOne()
    {
        var g = G2Curve.Generator.ToJacobian();
        Assert.True(G2Jacobian.MultiplyPlain(g, R).IsInfinity);
        Assert.False(G2Jacobian.MultiplyPlain(g, R - 1).IsInfinity);
        var points = Enumerable.Range(0, 9).Select(i => i == 4 ? G2Jacobian.Infinity : G2Jacobian.MultiplyPlain(g, i + 1)).ToArray();
        var affine = new G2Affine[points.Length];
        G2Jacobian.BatchToAffine(points, affine);
        for (var i = 0; i < points.Length; i++) Assert.Equal(points[i].ToAffine(), affine[i]);
    }
}

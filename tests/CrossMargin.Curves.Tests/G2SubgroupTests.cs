using System.Numerics;
using CrossMargin.Curves.Bn254;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;

namespace CrossMargin.Curves.Tests;

/// <summary>
/// The fast G2 membership test [x+1]P + psi([x]P) + psi^2([x]P) = psi^3([2x]P) against the plain r P = O.
/// </summary>
/// <remarks>
/// The twist group E'(F_q2) has order r h' with h' = 10069 * 5864401 * 1875725156269 * p53, a
/// squarefree product, so the group is cyclic and psi acts on it as multiplication by a single
/// integer m. The fast test accepts exactly the points killed by
/// (x + 1) + m x + m^2 x - 2 m^3 x; it is right iff that is non-zero modulo each prime of h'. <see cref="FastCheck_RejectsPointsOfEachCofactorPrimeOrder"/>
/// checks one point of each prime order, which (given cyclicity) decides that for the whole group.
/// </remarks>
public class G2SubgroupTests
{
    [Fact]
    public void TwistOrder_IsRTimesTheCofactor_WhoseFactorsAreTheListedPrimes()
    {
        Assert.Equal(TwistCofactor, TwistCofactorPrimes.Aggregate(BigInteger.One, (a, b) => a * b));
        var p = RandomTwistPoint(new Random(51)).ToJacobian();
        Assert.True(G2Jacobian.MultiplyPlain(p, R * TwistCofactor).IsInfinity);
    }

    [Fact]
    public void FastCheck_AcceptsSubgroupPoints_LikeThePlainCheck()
    {
        var random = new Random(52);
        var points = new List<G2Affine> { G2Affine.Infinity, G2Curve.Generator, G2Curve.Generator.Negate() };
        for (var i = 0; i < 4; i++) points.Add(RandomG2(random));
        // Cofactor clearing lands in G2.
        points.Add(G2Jacobian.MultiplyPlain(RandomTwistPoint(random).ToJacobian(), TwistCofactor).ToAffine());
        foreach (var p in points)
        {
            Assert.True(G2Curve.IsInSubgroupPlain(p));
            Assert.True(G2Curve.IsInSubgroup(p));
            Assert.True(p.IsInSubgroup);
        }
    }

    [Fact]
    public void FastCheck_RejectsRandomTwistPoints_LikeThePlainCheck()
    {
        var random = new Random(53);
        for (var i = 0; i < 6; i++)
        {
            var p = RandomTwistPoint(random);
            Assert.True(p.IsOnCurve);
            Assert.False(G2Curve.IsInSubgroupPlain(p));
            Assert.False(G2Curve.IsInSubgroup(p));
        }
    }

    [Fact]
    public void FastCheck_RejectsPointsOfEachCofactorPrimeOrder()
    {
        var random = new Random(54);
        var subgroupPoint = RandomG2(random).ToJacobian();
        foreach (var prime in TwistCofactorPrimes)
        {
            var q = G2Jacobian.MultiplyPlain(RandomTwistPoint(random).ToJacobian(), R * TwistCofactor / prime);
            Assert.False(q.IsInfinity);
            Assert.True(G2Jacobian.MultiplyPlain(q, prime).IsInfinity);
            Assert.False(G2Curve.IsInSubgroupPlain(q.ToAffine()));
            Assert.False(G2Curve.IsInSubgroup(q.ToAffine()), $"a point of order {prime} passed");

            // A G2 point plus a small-order component is not in G2 either.
            G2Jacobian.Add(subgroupPoint, q, out var mixed);
            Assert.False(G2Curve.IsInSubgroup(mixed.ToAffine()), $"G2 + a point of order {prime} passed");
        }
    }
}

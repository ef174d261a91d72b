using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Pairing;
using CrossMargin.Field;
using CrossMargin.Field.Bn254;
using Xunit;

namespace CrossMargin.Curves.Tests.Pairing;

public class Bn254PairingTests
{
    private static readonly BigInteger R = Fr.Modulus;
    private static readonly BigInteger P = Fq.Modulus;
    private static readonly G1Affine G1 = G1Curve.Generator;
    private static readonly G2Affine G2 = G2Curve.Generator;

    private static BigInteger RandomScalar(Random random)
    {
        var bytes = new byte[40];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % R;
    }

    private static G1Affine Mul(in G1Affine p, BigInteger k) => G1Jacobian.MultiplyPlain(p.ToJacobian(), k).ToAffine();
    private static G2Affine Mul(in G2Affine q, BigInteger k) => G2Jacobian.MultiplyPlain(q.ToJacobian(), k).ToAffine();

    private static Fq12 FinalExponentiationPlain(in Fq12 f) =>
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.FinalExponentiationPlain(f);

    private static Fq12 Product(IEnumerable<Fq12> values) => values.Aggregate(Fq12.One, (a, b) => a * b);

    // ---- against the plain twins ----------------------------------------------------------------

    [Fact]
    public void Pair_MatchesPlainMillerLoopAndPlainFinalExponentiation()
    {
        var random = new Random(1);
        var pairs = new List<(G1Affine, G2Affine)> { (G1, G2) };
        for (var i = 0; i < 2; i++) pairs.Add((Mul(G1, RandomScalar(random)), Mul(G2, RandomScalar(random))));
        foreach (var (p, q) in pairs)
        {
            var expected = FinalExponentiationPlain(PlainPairing.MillerLoop(p, q));
            Assert.Equal(expected, Bn254Pairing.Pair(p, q));
            Assert.Equal(expected, FinalExponentiationPlain(Bn254Pairing.MillerLoop([p], [q])));
        }
    }

    [Fact]
    public void FinalExponentiation_MatchesPlainExponentiation_OnAnyNonZeroElement()
    {
        var random = new Random(2);
        Fq RandomFq() => Fq.FromBigInteger(RandomScalar(random));
        Fq2 RandomFq2() => new(RandomFq(), RandomFq());
        Fq6 RandomFq6() => new(RandomFq2(), RandomFq2(), RandomFq2());
        var values = new[]
        {
            new Fq12(RandomFq6(), RandomFq6()),
            new Fq12(RandomFq6(), Fq6.Zero),
            Fq12.One,
            -Fq12.One,
            Bn254Pairing.MillerLoop([G1], [G2]),
        };
        foreach (var f in values)
            Assert.Equal(FinalExponentiationPlain(f), Bn254Pairing.FinalExponentiation(f));
        Assert.True(Bn254Pairing.FinalExponentiation(Fq12.Zero).IsZero);
    }

    [Fact]
    public void CyclotomicExpByX_MatchesPlainPower()
    {
        var m = FinalExponentiationPlain(Bn254Pairing.MillerLoop([Mul(G1, 5)], [G2]));
        BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.CyclotomicExpByX(m, out var fast);
        Assert.Equal(FieldAlgorithms.Pow(m, Bn254PairingParams.X), fast);
    }

    // ---- pairing properties -------------------------------------------------------------------

    [Fact]
    public void Pair_IsBilinear_ForRandomScalars()
    {
        var random = new Random(3);
        var e = Bn254Pairing.Pair(G1, G2);
        for (var i = 0; i < 2; i++)
        {
            var a = RandomScalar(random);
            var b = RandomScalar(random);
            var ab = a * b % R;
            var expected = FieldAlgorithms.Pow(e, ab);
            Assert.Equal(expected, Bn254Pairing.Pair(Mul(G1, a), Mul(G2, b)));
            Assert.Equal(expected, Bn254Pairing.Pair(Mul(G1, ab), G2));
            Assert.Equal(expected, Bn254Pairing.Pair(G1, Mul(G2, ab)));
        }
    }

    [Fact]
    public void Pair_IsLinearInEachArgument_ForSumsOfPoints()
    {
        var random = new Random(4);
        var p1 = Mul(G1, RandomScalar(random));
        var p2 = Mul(G1, RandomScalar(random));
        var q = Mul(G2, RandomScalar(random));
        G1Jacobian.AddMixed(p1.ToJacobian(), p2, out var sum);
        Assert.Equal(Bn254Pairing.Pair(p1, q) * Bn254Pairing.Pair(p2, q), Bn254Pairing.Pair(sum.ToAffine(), q));
        // e(-P, Q) = e(P, Q)^-1, the conjugate in the cyclotomic subgroup.
        Fq12.Conjugate(Bn254Pairing.Pair(p1, q), out var inverse);
        Assert.Equal(inverse, Bn254Pairing.Pair(p1.Negate(), q));
        Assert.Equal(inverse, Bn254Pairing.Pair(p1, q.Negate()));
        // (r - 1)Q = -Q.
        Assert.Equal(inverse, Bn254Pairing.Pair(p1, Mul(q, R - 1)));
    }

    [Fact]
    public void Pair_IsNonDegenerate_AndHasOrderR()
    {
        var e = Bn254Pairing.Pair(G1, G2);
        Assert.False(e.IsOne);
        Assert.True(FieldAlgorithms.Pow(e, R).IsOne);
        // Order exactly r (r is prime, e != 1), and e lies in F_q12 proper: not fixed by q^6 (conjugation).
        Fq12.Conjugate(e, out var conjugate);
        Assert.NotEqual(e, conjugate);
    }

    [Fact]
    public void MultiMillerLoop_IsTheProductOfSingleLoops_AndPairsWithInfinityAreSkipped()
    {
        var random = new Random(5);
        var ps = new G1Affine[3];
        var qs = new G2Affine[3];
        for (var i = 0; i < 3; i++)
        {
            ps[i] = Mul(G1, RandomScalar(random));
            qs[i] = Mul(G2, RandomScalar(random));
        }
        // The shared accumulator computes exactly the product of the single Miller functions.
        var multi = Bn254Pairing.MillerLoop(ps, qs);
        Assert.Equal(Product(Enumerable.Range(0, 3).Select(i => Bn254Pairing.MillerLoop([ps[i]], [qs[i]]))), multi);
        Assert.Equal(Product(Enumerable.Range(0, 3).Select(i => Bn254Pairing.Pair(ps[i], qs[i]))), Bn254Pairing.FinalExponentiation(multi));

        // Pairs with infinity on either side change nothing.
        G1Affine[] withInfinityP = [G1Affine.Infinity, ps[0], ps[1], ps[2], G1];
        G2Affine[] withInfinityQ = [G2, qs[0], qs[1], qs[2], G2Affine.Infinity];
        Assert.Equal(multi, Bn254Pairing.MillerLoop(withInfinityP, withInfinityQ));
    }

    [Fact]
    public void PreparedG2Points_GiveTheSameMillerLoop_AloneAndMixedWithPlainPairs_AndInfinityIsSkipped()
    {
        var random = new Random(7);
        var ps = new G1Affine[4];
        var qs = new G2Affine[4];
        for (var i = 0; i < 4; i++)
        {
            ps[i] = Mul(G1, RandomScalar(random));
            qs[i] = Mul(G2, RandomScalar(random));
        }
        var prepared = qs.Select(q => Bn254Pairing.Prepare(q)).ToArray();
        var plain = Bn254Pairing.MillerLoop(ps, qs);
        // All prepared, all plain, and every split of the four pairs between the two kinds.
        Assert.Equal(plain, Bn254Pairing.MillerLoop([], [], ps, prepared));
        for (var split = 0; split <= 4; split++)
            Assert.Equal(plain, Bn254Pairing.MillerLoop(ps.AsSpan(0, split), qs.AsSpan(0, split), ps.AsSpan(split), prepared.AsSpan(split)));
        // One preparation serves any G1 point, and the same G2 point may be prepared twice.
        Assert.Equal(Bn254Pairing.MillerLoop([ps[0], ps[1]], [G2, G2]), Bn254Pairing.MillerLoop([], [], [ps[0], ps[1]], [Bn254Pairing.Prepare(G2), Bn254Pairing.Prepare(G2)]));

        var preparedInfinity = Bn254Pairing.Prepare(G2Affine.Infinity);
        Assert.True(preparedInfinity.IsInfinity);
        Assert.False(prepared[0].IsInfinity);
        Assert.Equal(plain, Bn254Pairing.MillerLoop(ps, qs, [G1, G1Affine.Infinity], [preparedInfinity, prepared[1]]));
        Assert.True(Bn254Pairing.MillerLoop([], [], [G1Affine.Infinity], [prepared[0]]).IsOne);
        Assert.Throws<ArgumentException>(() => Bn254Pairing.MillerLoop([], [], [G1, G1], [prepared[0]]));
    }

    [Fact]
    public void Infinity_PairsToOne_AndTheEmptyProductIsOne()
    {
        Assert.True(Bn254Pairing.Pair(G1Affine.Infinity, G2).IsOne);
        Assert.True(Bn254Pairing.Pair(G1, G2Affine.Infinity).IsOne);
        Assert.True(Bn254Pairing.Pair(G1Affine.Infinity, G2Affine.Infinity).IsOne);
        Assert.True(Bn254Pairing.MillerLoop([], []).IsOne);
        Assert.True(Bn254Pairing.PairingProductIsOne([], []));
        Assert.True(Bn254Pairing.PairingProductIsOne([G1Affine.Infinity], [G2]));
    }

    [Fact]
    public void PairingProductIsOne_AcceptsBalancedProducts_AndRejectsOthers()
    {
        var random = new Random(6);
        var a = RandomScalar(random);
        var b = RandomScalar(random);
        // e(aP, bQ) e(-abP, Q) = 1
        Assert.True(Bn254Pairing.PairingProductIsOne([Mul(G1, a), Mul(G1, a * b % R).Negate()], [Mul(G2, b), G2]));
        Assert.False(Bn254Pairing.PairingProductIsOne([Mul(G1, a), Mul(G1, (a * b + 1) % R).Negate()], [Mul(G2, b), G2]));
        Assert.False(Bn254Pairing.PairingProductIsOne([G1], [G2]));
        // Duplicated pairs: e(P, Q) e(P, Q) e(-2P, Q) = 1.
        Assert.True(Bn254Pairing.PairingProductIsOne([G1, G1, Mul(G1, 2).Negate()], [G2, G2, G2]));
    }

    [Fact]
    public void MillerLoop_RejectsSpansOfDifferentLengths()
    {
        Assert.Throws<ArgumentException>(() => Bn254Pairing.MillerLoop([G1, G1], [G2]));
        Assert.Throws<ArgumentException>(() => Bn254Pairing.PairingProductIsOne([G1], []));
    }

    // ---- derived constants --------------------------------------------------------------------

    [Fact]
    public void TwistFrobenius_IsMultiplicationByPowersOfQ_OnG2()
    {
        var random = new Random(7);
        foreach (var q in new[] { G2, Mul(G2, RandomScalar(random)) })
        {
            BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.TwistFrobenius(q.X, q.Y, 1, out var x1, out var y1);
            Assert.Equal(Mul(q, P % R), new G2Affine(x1, y1));
            BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.TwistFrobenius(q.X, q.Y, 2, out var x2, out var y2);
            Assert.Equal(Mul(q, P * P % R), new G2Affine(x2, y2));
        }
    }

    [Fact]
    public void DerivedDigitsAndExponents_AreThoseOfTheBnSeed()
    {
        var x = Bn254PairingParams.X;
        var digits = BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.Constants.LoopDigits;
        Assert.Equal(6 * x + 2, digits.Aggregate(BigInteger.Zero, (acc, d) => 2 * acc + d));
        for (var i = 1; i < digits.Length; i++) Assert.False(digits[i] != 0 && digits[i - 1] != 0, "adjacent non-zero NAF digits");
        Assert.Equal(66, digits.Length);
        Assert.Equal(22, digits.Count(d => d != 0));
        var seedDigits = BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.Constants.SeedDigits;
        Assert.Equal(x, seedDigits.Aggregate(BigInteger.Zero, (acc, d) => 2 * acc + d));
        Assert.All(seedDigits, d => Assert.True(d == 0 || (Math.Abs(d) % 2 == 1 && Math.Abs(d) <= 7)));
        for (var i = 0; i < seedDigits.Length; i++)
            for (var j = i + 1; j < Math.Min(i + 4, seedDigits.Length); j++)
                Assert.False(seedDigits[i] != 0 && seedDigits[j] != 0, "non-zero width-4 NAF digits closer than 4");
        Assert.Equal(14, seedDigits.Count(d => d != 0));
        foreach (var n in new BigInteger[] { 1, -1, 7, -7, 8, 255, -x, R })
        for (var width = 2; width <= 5; width++)
            Assert.Equal(n, BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.Constants.NonAdjacentForm(n, width)
                .Aggregate(BigInteger.Zero, (acc, d) => 2 * acc + d));
        Assert.Equal(R, BnPairing<Fq, Fq2Params, Bn254TowerParams, G1Curve, G2Curve, Bn254PairingParams>.Constants.GroupOrder);

        // The hard part's decomposition (Scott et al., eprint 2008/490).
        var l3 = BigInteger.One;
        var l2 = 6 * x * x + 1;
        var l1 = -36 * x * x * x - 18 * x * x - 12 * x + 1;
        var l0 = -36 * x * x * x - 30 * x * x - 18 * x - 2;
        Assert.Equal(BigInteger.Zero, (BigInteger.Pow(P, 4) - P * P + 1) % R);
        Assert.Equal((BigInteger.Pow(P, 4) - P * P + 1) / R, l0 + l1 * P + l2 * P * P + l3 * P * P * P);
    }

    [Fact]
    public void MillerSteps_TrackTheGroupLaw_AndTheirLinesPassThroughThePoints()
    {
        var q = Mul(G2, 7);
        var s = Mul(G2, 11);
        var t = new MillerSteps<Fq, Fq2Params, Bn254TowerParams>.HomogeneousPoint(q.X, q.Y);
        // Evaluated at xP = yP = 1, a line keeps its coefficients on the twist.
        MillerSteps<Fq, Fq2Params, Bn254TowerParams>.Double(ref t, G2Curve.B + G2Curve.B + G2Curve.B, Fq.One, Fq.One, out var tangent);
        Assert.Equal(Mul(G2, 14), ToAffine(t));
        // On the twist the line is C0 y + C3 x + C4 = 0.
        Assert.True((tangent.C0 * q.Y + tangent.C3 * q.X + tangent.C4).IsZero);

        MillerSteps<Fq, Fq2Params, Bn254TowerParams>.Add(ref t, s.X, s.Y, Fq.One, Fq.One, out var chord);
        Assert.Equal(Mul(G2, 25), ToAffine(t));
        var doubled = Mul(G2, 14);
        Assert.True((chord.C0 * doubled.Y + chord.C3 * doubled.X + chord.C4).IsZero);
        Assert.True((chord.C0 * s.Y + chord.C3 * s.X + chord.C4).IsZero);
        Assert.False((chord.C0 * q.Y + chord.C3 * q.X + chord.C4).IsZero);
    }

    [Fact]
    public void MillerSteps_InTheNativeKernel_EqualTheirCSharpTwins_OnPointsAndArbitraryCoordinates()
    {
        // Where the kernel is loaded, Double and Add at P are its twist steps; the *Managed ones
        // are the formulas they must reproduce. The formulas do not need T on the curve, so
        // arbitrary coordinates (and p - 1 everywhere) exercise them as well as real points.
        var random = new Random(61);
        Fq RandomFq() => Fq.FromBigInteger(RandomScalar(random) * 5 % P);
        var minusOne = Fq.FromBigInteger(P - 1);
        var threeB = G2Curve.B + G2Curve.B + G2Curve.B;
        var starts = new List<MillerSteps<Fq, Fq2Params, Bn254TowerParams>.HomogeneousPoint>
        {
            new(Mul(G2, 7).X, Mul(G2, 7).Y),
            new(new Fq2(minusOne, minusOne), new Fq2(minusOne, minusOne)),
        };
        for (var i = 0; i < 8; i++) starts.Add(new(new Fq2(RandomFq(), RandomFq()), new Fq2(RandomFq(), RandomFq())));
        var q = Mul(G2, 11);
        foreach (var start in starts)
        {
            var (px, py) = (RandomFq(), RandomFq());
            var native = start;
            var managed = start;
            for (var step = 0; step < 6; step++)
            {
                MillerSteps<Fq, Fq2Params, Bn254TowerParams>.Double(ref native, threeB, px, py, out var tangent);
                MillerSteps<Fq, Fq2Params, Bn254TowerParams>.DoubleManaged(ref managed, threeB, px, py, out var tangentManaged);
                Assert.Equal((managed.X, managed.Y, managed.Z), (native.X, native.Y, native.Z));
                Assert.Equal((tangentManaged.C0, tangentManaged.C3, tangentManaged.C4), (tangent.C0, tangent.C3, tangent.C4));
                MillerSteps<Fq, Fq2Params, Bn254TowerParams>.Add(ref native, q.X, q.Y, px, py, out var chord);
                MillerSteps<Fq, Fq2Params, Bn254TowerParams>.AddManaged(ref managed, q.X, q.Y, px, py, out var chordManaged);
                Assert.Equal((managed.X, managed.Y, managed.Z), (native.X, native.Y, native.Z));
                Assert.Equal((chordManaged.C0, chordManaged.C3, chordManaged.C4), (chord.C0, chord.C3, chord.C4));
            }
        }
    }

    private static G2Affine ToAffine(in MillerSteps<Fq, Fq2Params, Bn254TowerParams>.HomogeneousPoint t)
    {
        Fq2.Inverse(t.Z, out var zInverse);
        return new G2Affine(t.X * zInverse, t.Y * zInverse);
    }
}

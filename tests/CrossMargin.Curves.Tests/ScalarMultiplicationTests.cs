using System.Numerics;
using CrossMargin.Curves.Bn254;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;

namespace CrossMargin.Curves.Tests;

public class ScalarMultiplicationTests
{
    public static TheoryData<string> Decompositions() => ["G1", "G2"];

    private static GlvDecomposition Decomposition(string name) =>
        name == "G1" ? Bn254Endomorphisms.G1Decomposition : Bn254Endomorphisms.G2Decomposition;

    [Theory]
    [MemberData(nameof(Decompositions))]
    public void GlvDecompose_RecombinesToK_StaysShort_AndMatchesThePlainRounding(string name)
    {
        var glv = Decomposition(name);
        var boundK1 = BigInteger.Abs(glv.V1.A) + BigInteger.Abs(glv.V2.A);
        var boundK2 = BigInteger.Abs(glv.V1.B) + BigInteger.Abs(glv.V2.B);
        var random = new Random(31);
        // Scalars below r, and a few up to 2^256 (the EVM hands any 256-bit scalar).
        var wide = Enumerable.Range(0, 8).Select(_ => RandomBelow(random, BigInteger.One << 256)).Append((BigInteger.One << 256) - 1);
        foreach (var k in Scalars(seed: 32, randomCount: 60).Concat(wide))
        {
            var halves = glv.Decompose(Limbs(k));
            var (k1, k2) = (halves.SignedK1, halves.SignedK2);
            Assert.True(BigInteger.Remainder(k1 + k2 * glv.Eigenvalue - k, R).IsZero, $"k = {k}");
            Assert.True(BigInteger.Abs(k1) < boundK1 && BigInteger.Abs(k2) < boundK2, $"k = {k}: ({k1}, {k2}) too long");
            Assert.Equal(glv.DecomposePlain(k), (k1, k2));
            Assert.False(halves.K1IsNegative && halves.K1 == 0);
        }
    }

    [Fact]
    public void GlvHalves_AreK1PPlusK2PhiP_ForAnyTwo64BitHalves()
    {
        var random = new Random(1408);
        var lambda = Bn254Endomorphisms.G1Decomposition.Eigenvalue;
        ulong[] special = [0, 1, 2, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63];
        var pairs = special.SelectMany(k1 => special.Select(k2 => (k1, k2)))
            .Concat(Enumerable.Range(0, 40).Select(_ => (Random64(random), Random64(random))));
        foreach (var (k1, k2) in pairs)
        {
            var p = RandomG1(random).ToJacobian();
            var expected = G1Jacobian.MultiplyPlain(p, BigInteger.Remainder(k1 + k2 * lambda, R));
            Assert.True(ScalarMultiplication.MultiplyGlvHalves(p, k1, k2).Equals(expected), $"k1 = {k1}, k2 = {k2}");
        }
        Assert.True(ScalarMultiplication.MultiplyGlvHalves(G1Jacobian.Infinity, 5, 7).IsInfinity);

        static ulong Random64(Random random)
        {
            Span<byte> bytes = stackalloc byte[8];
            random.NextBytes(bytes);
            return BitConverter.ToUInt64(bytes);
        }
    }

    [Fact]
    public void G1Lattice_HasNoNonZeroVectorWithBothEntriesBelow2To64_SoAPlusBLambdaIsInjectiveOn64BitHalves()
    {
        // The lattice {(u, v) : u + v lambda = 0 mod r}, reduced by Lagrange-Gauss from the GLV
        // basis: its shortest vector is the lattice's first minimum. Any (u, v) with |u|, |v| <
        // 2^64 has length below 2^64.5, so a first minimum above 2^65 rules every one out. This is
        // what makes the batch verifier's random a + b lambda with 64-bit a, b as sound as a
        // 128-bit scalar (Verifier.RandomScalars).
        var glv = Bn254Endomorphisms.G1Decomposition;
        var (b1, b2) = (glv.V1, glv.V2);
        static BigInteger Norm2((BigInteger A, BigInteger B) v) => v.A * v.A + v.B * v.B;
        while (true)
        {
            if (Norm2(b1) > Norm2(b2)) (b1, b2) = (b2, b1);
            var dot = b1.A * b2.A + b1.B * b2.B;
            // m = round(<b1, b2> / |b1|^2)
            var m = BigInteger.Divide(2 * dot + Norm2(b1), 2 * Norm2(b1));
            if (dot < 0) m = -BigInteger.Divide(-2 * dot + Norm2(b1), 2 * Norm2(b1));
            if (m.IsZero) break;
            b2 = (b2.A - m * b1.A, b2.B - m * b1.B);
        }
        Assert.True(BigInteger.Remainder(b1.A + b1.B * glv.Eigenvalue, R).IsZero, "the reduced vector left the lattice");
        Assert.True(Norm2(b1) > BigInteger.One << 130, $"the first minimum {b1} is not above 2^65");
    }

    [Fact]
    public void G1Basis_FromEuclid_IsTheKnownBasisInTermsOfTheSeed()
    {
        // Guide alg. 3.74 on (r, 36x^3 + 18x^2 + 6x + 1) gives gnark-crypto's BN254 basis.
        var x = Bn254Endomorphisms.X;
        var glv = Bn254Endomorphisms.G1Decomposition;
        Assert.Equal((2 * x + 1, -(6 * x * x + 2 * x)), glv.V1);
        Assert.Equal((6 * x * x + 4 * x + 1, 2 * x + 1), glv.V2);
        Assert.Equal(R, BigInteger.Abs(glv.Determinant));
    }

    [Fact]
    public void GlvDecomposition_RejectsBasesThatAreWrong()
    {
        var glv = Bn254Endomorphisms.G1Decomposition;
        var lambda = glv.Eigenvalue;
        // A vector off the lattice.
        Assert.Throws<ArgumentException>(() => new GlvDecomposition(R, lambda, (glv.V1.A + 1, glv.V1.B), glv.V2));
        // Lattice vectors that generate only a sublattice (determinant 2r).
        Assert.Throws<ArgumentException>(() => new GlvDecomposition(R, lambda, (2 * glv.V1.A, 2 * glv.V1.B), glv.V2));
        // A long basis of the full lattice: (r, 0) and (-lambda, 1).
        Assert.Throws<ArgumentException>(() => new GlvDecomposition(R, lambda, (R, 0), (-lambda, 1)));
    }

    [Theory]
    [InlineData(ScalarMultiplication.Width)]
    [InlineData(ScalarMultiplication.GlvTablesWidth)]
    [InlineData(2)]
    public void Wnaf_DigitsAreSparseOddAndRecombineToK(int width)
    {
        var random = new Random(33);
        var scalars = Scalars(seed: 34, randomCount: 20)
            .Append((BigInteger.One << 256) - 1)
            .Append(BigInteger.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639935"))
            .Append(RandomBelow(random, BigInteger.One << 256));
        foreach (var k in scalars)
        {
            var digits = new sbyte[4 * 64 + 1];
            var length = ScalarMultiplication.ComputeWnaf(Limbs(k), digits, width);
            var sum = BigInteger.Zero;
            for (var i = length - 1; i >= 0; i--) sum = 2 * sum + digits[i];
            Assert.Equal(k, sum);
            if (length > 0) Assert.NotEqual(0, digits[length - 1]);
            for (var i = 0; i < length; i++)
            {
                if (digits[i] == 0) continue;
                Assert.True(digits[i] % 2 != 0 && Math.Abs((int)digits[i]) < 1 << (width - 1), $"digit {digits[i]}");
                for (var j = i + 1; j < Math.Min(length, i + width); j++) Assert.Equal(0, digits[j]);
            }
        }
    }

    [Fact]
    public void G1Multiply_Glv_MatchesPlainDoubleAndAdd()
    {
        var random = new Random(35);
        var points = new[] { G1Curve.Generator, G1Curve.Generator.Negate(), RandomG1(random), RandomG1(random) };
        foreach (var p in points)
        {
            foreach (var k in Scalars(seed: 36, randomCount: 6))
            {
                var expected = G1Jacobian.MultiplyPlain(p.ToJacobian(), k);
                Assert.Equal(expected, Bn254ScalarMultiplication.Multiply(p, Fr.FromBigInteger(k)));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(20)]
    public void MultiplyManyGlv_IsTheSumOfThePlainProducts_WithSpecialScalarsAndInfinity(int n)
    {
        var random = new Random(40 + n);
        var special = Scalars(seed: 41 + n, randomCount: n).ToArray();
        var points = new G1Affine[n];
        var scalars = new BigInteger[n];
        for (var i = 0; i < n; i++)
        {
            // Every third point infinity, a point twice, its negation: the interleaving must not care.
            points[i] = i % 3 == 2 ? G1Affine.Infinity : i == 3 ? points[0] : i == 4 ? points[1].Negate() : RandomG1(random);
            scalars[i] = special[(5 * i + 3 * n) % special.Length]; // special values and random ones
        }
        var expected = G1Jacobian.Infinity;
        for (var i = 0; i < n; i++) G1Jacobian.Add(expected, G1Jacobian.MultiplyPlain(points[i].ToJacobian(), scalars[i]), out expected);
        var limbs = new ulong[4 * n];
        for (var i = 0; i < n; i++) Fr.FromBigInteger(scalars[i]).ToCanonicalLimbs(limbs.AsSpan(4 * i, 4));
        Assert.Equal(expected, ScalarMultiplication.MultiplyManyGlv<Fq, G1Curve>(points, limbs));

        var g2 = Enumerable.Range(0, n).Select(_ => RandomG2(random)).ToArray();
        var expected2 = G2Jacobian.Infinity;
        for (var i = 0; i < n; i++) G2Jacobian.Add(expected2, G2Jacobian.MultiplyPlain(g2[i].ToJacobian(), scalars[i]), out expected2);
        Assert.Equal(expected2, ScalarMultiplication.MultiplyManyGlv<Fq2, G2Curve>(g2, limbs));

        Assert.Throws<ArgumentException>(() => ScalarMultiplication.MultiplyManyGlv<Fq, G1Curve>(points, new ulong[4 * n + 1]));
    }

    [Fact]
    public void PreparedGlvTables_GiveThePlainSums_ForManyScalarSets_AndKnowTheirPoints()
    {
        var random = new Random(47);
        var points = Enumerable.Range(0, 6).Select(i => i == 2 ? G1Affine.Infinity : RandomG1(random)).ToArray();
        var g2 = Enumerable.Range(0, 3).Select(_ => RandomG2(random)).ToArray();
        var tables = ScalarMultiplication.PrepareGlvTables<Fq, G1Curve>(points);
        var tables2 = ScalarMultiplication.PrepareGlvTables<Fq2, G2Curve>(g2);
        var special = Scalars(seed: 48, randomCount: 12).ToArray();
        for (var round = 0; round < 6; round++)
        {
            var scalars = Enumerable.Range(0, points.Length).Select(i => special[(7 * round + 3 * i) % special.Length]).ToArray();
            var limbs = new ulong[4 * points.Length];
            for (var i = 0; i < points.Length; i++) Fr.FromBigInteger(scalars[i]).ToCanonicalLimbs(limbs.AsSpan(4 * i, 4));
            var expected = G1Jacobian.Infinity;
            for (var i = 0; i < points.Length; i++) G1Jacobian.Add(expected, G1Jacobian.MultiplyPlain(points[i].ToJacobian(), scalars[i]), out expected);
            Assert.Equal(expected, ScalarMultiplication.MultiplyManyGlv(tables, limbs));

            var expected2 = G2Jacobian.Infinity;
            for (var i = 0; i < g2.Length; i++) G2Jacobian.Add(expected2, G2Jacobian.MultiplyPlain(g2[i].ToJacobian(), scalars[i]), out expected2);
            Assert.Equal(expected2, ScalarMultiplication.MultiplyManyGlv(tables2, limbs.AsSpan(0, 4 * g2.Length)));
        }
        // The tables hold a copy of their points: a changed array no longer matches them.
        Assert.True(tables.AreOf(points));
        points[1] = points[0];
        Assert.False(tables.AreOf(points));
        Assert.False(tables.AreOf(points.AsSpan(0, 5)));
        Assert.Throws<ArgumentException>(() => ScalarMultiplication.MultiplyManyGlv(tables, new ulong[4 * 5]));
    }

    [Fact]
    public void G1Multiply_OfInfinityOrByZero_IsInfinity_AndByROrMinusOne_AsExpected()
    {
        Assert.True(Bn254ScalarMultiplication.Multiply(G1Affine.Infinity, Fr.FromUInt64(5)).IsInfinity);
        Assert.True(Bn254ScalarMultiplication.Multiply(G1Curve.Generator, Fr.Zero).IsInfinity);
        Assert.True(Bn254ScalarMultiplication.Multiply(G1Curve.Generator, R).IsInfinity);
        Assert.Equal(G1Curve.Generator.Negate().ToJacobian(), Bn254ScalarMultiplication.Multiply(G1Curve.Generator, BigInteger.MinusOne));
        Assert.Equal(G1Curve.Generator.Negate().ToJacobian(), Bn254ScalarMultiplication.Multiply(G1Curve.Generator, R - 1));
    }

    [Fact]
    public void G1Multiply_BigInteger_CountsModuloR()
    {
        var random = new Random(37);
        var p = RandomG1(random);
        foreach (var k in new[] { R + 5, 3 * R - 1, -7, (BigInteger.One << 256) - 1 })
        {
            var reduced = ((k % R) + R) % R;
            Assert.Equal(G1Jacobian.MultiplyPlain(p.ToJacobian(), reduced), Bn254ScalarMultiplication.Multiply(p, k));
        }
    }

    [Fact]
    public void G2Multiply_Gls_MatchesPlainDoubleAndAdd()
    {
        var random = new Random(38);
        var points = new[] { G2Curve.Generator, RandomG2(random), RandomG2(random).Negate() };
        foreach (var p in points)
        {
            foreach (var k in Scalars(seed: 39, randomCount: 3))
            {
                var expected = G2Jacobian.MultiplyPlain(p.ToJacobian(), k);
                Assert.Equal(expected, Bn254ScalarMultiplication.Multiply(p, Fr.FromBigInteger(k)));
            }
        }
        Assert.True(Bn254ScalarMultiplication.Multiply(G2Affine.Infinity, Fr.One).IsInfinity);
    }

    [Fact]
    public void MultiplyWnaf_MatchesPlain_OnG1_G2_AndPointsOutsideTheSubgroup()
    {
        var random = new Random(40);
        var twistPoint = RandomTwistPoint(random).ToJacobian();
        var g1 = RandomG1(random).ToJacobian();
        var g2 = RandomG2(random).ToJacobian();
        var scalars = new[]
        {
            BigInteger.Zero, BigInteger.One, 16, 17, R - 1, R, R + 1, -1, -12345,
            RandomBelow(random, BigInteger.One << 256), (BigInteger.One << 256) - 1, RandomBelow(random, BigInteger.One << 600),
        };
        foreach (var k in scalars)
        {
            Assert.Equal(G1Jacobian.MultiplyPlain(g1, k), ScalarMultiplication.MultiplyWnaf(g1, k));
            Assert.Equal(G2Jacobian.MultiplyPlain(g2, k), ScalarMultiplication.MultiplyWnaf(g2, k));
            Assert.Equal(G2Jacobian.MultiplyPlain(twistPoint, k), ScalarMultiplication.MultiplyWnaf(twistPoint, k));
        }
        Assert.True(ScalarMultiplication.MultiplyWnaf(G2Jacobian.Infinity, BigInteger.One << 100).IsInfinity);
    }

    [Fact]
    public void Endomorphisms_ActAsTheirEigenvalues_OnRandomSubgroupPoints()
    {
        var random = new Random(41);
        for (var i = 0; i < 3; i++)
        {
            var p1 = RandomG1(random).ToJacobian();
            G1Curve.Endomorphism(p1, out var phi);
            Assert.Equal(G1Jacobian.MultiplyPlain(p1, Bn254Endomorphisms.G1Lambda), phi);

            var p2 = RandomG2(random).ToJacobian();
            G2Curve.Endomorphism(p2, out var psi);
            Assert.Equal(G2Jacobian.MultiplyPlain(p2, Bn254Endomorphisms.PsiEigenvalue), psi);
            Assert.True(psi.ToAffine().IsOnCurve);
        }
    }
}

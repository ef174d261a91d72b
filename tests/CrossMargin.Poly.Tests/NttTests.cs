using Xunit;
using static CrossMargin.Poly.Tests.PlainPolynomial;

namespace CrossMargin.Poly.Tests;

/// <summary>The transforms of <see cref="EvaluationDomain{T}"/> against their plain twins (Horner at each point).</summary>
public class NttTests
{
    private static EvaluationDomain<Fr> Domain(int logSize) => EvaluationDomain<Fr>.OfLogSize(logSize);

    /// <summary>1, 2, 4, ..., 256 points: small enough for the O(n^2) reference.</summary>
    public static TheoryData<int> NaiveSizes => new() { 0, 1, 2, 3, 4, 5, 6, 7, 8 };

    /// <summary>Up to 2^12, past the cache block (2^10) so whole-array stages run too.</summary>
    public static TheoryData<int> RoundTripSizes => new() { 0, 1, 2, 3, 5, 9, 10, 11, 12 };

    /// <summary>Shifts: the multiplicative generator, the odd-coset shift, a random element.</summary>
    public static TheoryData<int, int> CosetCases()
    {
        var cases = new TheoryData<int, int>();
        foreach (var logSize in new[] { 0, 1, 2, 3, 6, 8 })
        {
            for (var shiftKind = 0; shiftKind < 3; shiftKind++) cases.Add(logSize, shiftKind);
        }
        return cases;
    }

    private static Fr Shift(EvaluationDomain<Fr> domain, int shiftKind) => shiftKind switch
    {
        0 => Fr.MultiplicativeGenerator,
        1 => domain.OddCosetShift,
        _ => Random<Fr>(1, seed: 77)[0],
    };

    [Theory]
    [MemberData(nameof(NaiveSizes))]
    public void Forward_MatchesNaiveDft(int logSize)
    {
        var domain = Domain(logSize);
        var coefficients = Random<Fr>(domain.Size, seed: 100 + logSize);
        var values = coefficients.ToArray();
        domain.Forward(values);
        Assert.Equal(EvaluateOnCoset<Fr>(coefficients, Fr.One, domain.Generator), values);
    }

    [Theory]
    [MemberData(nameof(NaiveSizes))]
    public void Inverse_MatchesNaiveInterpolation(int logSize)
    {
        var domain = Domain(logSize);
        var values = Random<Fr>(domain.Size, seed: 200 + logSize);
        var coefficients = values.ToArray();
        domain.Inverse(coefficients);
        Assert.Equal(Interpolate<Fr>(values, domain.Generator), coefficients);
    }

    [Theory]
    [MemberData(nameof(RoundTripSizes))]
    public void InverseOfForward_AndForwardOfInverse_AreIdentity(int logSize)
    {
        var domain = Domain(logSize);
        var original = Random<Fr>(domain.Size, seed: 300 + logSize);
        var x = original.ToArray();
        domain.Forward(x);
        domain.Inverse(x);
        Assert.Equal(original, x);
        domain.Inverse(x);
        domain.Forward(x);
        Assert.Equal(original, x);
    }

    [Theory]
    [MemberData(nameof(CosetCases))]
    public void CosetForward_MatchesNaiveEvaluationOnShiftedDomain(int logSize, int shiftKind)
    {
        var domain = Domain(logSize);
        var shift = Shift(domain, shiftKind);
        var coefficients = Random<Fr>(domain.Size, seed: 400 + logSize);
        var values = coefficients.ToArray();
        domain.CosetForward(values, shift);
        Assert.Equal(EvaluateOnCoset<Fr>(coefficients, shift, domain.Generator), values);
    }

    [Theory]
    [MemberData(nameof(CosetCases))]
    public void CosetInverse_RecoversCoefficients_FromNaiveCosetValues(int logSize, int shiftKind)
    {
        var domain = Domain(logSize);
        var shift = Shift(domain, shiftKind);
        var coefficients = Random<Fr>(domain.Size, seed: 500 + logSize);
        var values = EvaluateOnCoset<Fr>(coefficients, shift, domain.Generator);
        domain.CosetInverse(values, shift);
        Assert.Equal(coefficients, values);
    }

    [Theory]
    [MemberData(nameof(CosetCases))]
    public void ExtendToCoset_MatchesNaiveEvaluationOfTheInterpolant(int logSize, int shiftKind)
    {
        var domain = Domain(logSize);
        var shift = Shift(domain, shiftKind);
        var values = Random<Fr>(domain.Size, seed: 600 + logSize);
        var coefficients = Interpolate<Fr>(values, domain.Generator);
        domain.ExtendToCoset(values, shift);
        Assert.Equal(EvaluateOnCoset<Fr>(coefficients, shift, domain.Generator), values);
    }

    [Theory]
    [MemberData(nameof(RoundTripSizes))]
    public void CosetTransforms_RoundTrip_AndExtendToCoset_EqualsInverseThenCosetForward(int logSize)
    {
        var domain = Domain(logSize);
        var shift = domain.OddCosetShift;
        var original = Random<Fr>(domain.Size, seed: 700 + logSize);

        var x = original.ToArray();
        domain.CosetForward(x, Fr.MultiplicativeGenerator);
        domain.CosetInverse(x, Fr.MultiplicativeGenerator);
        Assert.Equal(original, x);

        var twoSteps = original.ToArray();
        domain.Inverse(twoSteps);
        domain.CosetForward(twoSteps, shift);
        var oneStep = original.ToArray();
        domain.ExtendToCoset(oneStep, shift);
        Assert.Equal(twoSteps, oneStep);
    }

    /// <summary>
    /// 2^13 points: at least <see cref="EvaluationDomain{T}.ParallelThreshold"/> and several cache
    /// blocks, so the parallel runs cut both the whole-array stages and the blocks into work items.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void ParallelTransforms_MatchSerialOnes(int maxDegreeOfParallelism)
    {
        const int logSize = 13;
        Assert.True(1 << logSize >= EvaluationDomain<Fr>.ParallelThreshold);
        var domain = Domain(logSize);
        var shift = domain.OddCosetShift;
        var original = Random<Fr>(domain.Size, seed: 800);
        var transforms = new (string Name, Action<Fr[], int> Apply)[]
        {
            ("Forward", (x, p) => domain.Forward(x, p)),
            ("Inverse", (x, p) => domain.Inverse(x, p)),
            ("CosetForward", (x, p) => domain.CosetForward(x, shift, p)),
            ("CosetInverse", (x, p) => domain.CosetInverse(x, shift, p)),
            ("ExtendToCoset", (x, p) => domain.ExtendToCoset(x, shift, p)),
        };
        foreach (var (name, apply) in transforms)
        {
            var serial = original.ToArray();
            apply(serial, 1);
            var parallel = original.ToArray();
            apply(parallel, maxDegreeOfParallelism);
            Assert.True(serial.AsSpan().SequenceEqual(parallel), name);
            Assert.False(serial.AsSpan().SequenceEqual(original), name);
        }
    }

    [Fact]
    public void ParallelForward_MatchesHornerAtSampledPoints()
    {
        var domain = Domain(13);
        var coefficients = Random<Fr>(domain.Size, seed: 900);
        var values = coefficients.ToArray();
        domain.Forward(values, maxDegreeOfParallelism: 2);
        foreach (var i in new[] { 0, 1, 2, 1023, 1024, 4095, 4096, 4097, 8191 })
            Assert.Equal(Evaluate<Fr>(coefficients, domain.Element(i)), values[i]);
    }

    /// <summary>
    /// Sizes with several whole-array stages before the cache blocks (2^14; 2^17, the prover's
    /// domain; 2^20): the transforms against Horner at points near the blocks' and halves'
    /// edges, and the inverse undoing the forward.
    /// </summary>
    [Theory]
    [InlineData(14)]
    [InlineData(17)]
    [InlineData(20)]
    public void LargeTransforms_MatchHornerAtSampledPoints_AndRoundTrip(int logSize)
    {
        var domain = Domain(logSize);
        var n = domain.Size;
        var coefficients = Random<Fr>(n, seed: 901 + logSize);
        var samples = new[] { 0, 1, 7, 8, 63, 64, 1023, 1024, 1025, n / 2 - 1, n / 2, n / 2 + 9, n - 1025, n - 1 };

        var values = coefficients.ToArray();
        domain.Forward(values, maxDegreeOfParallelism: 2);
        foreach (var i in samples) Assert.Equal(Evaluate<Fr>(coefficients, domain.Element(i)), values[i]);
        domain.Inverse(values, maxDegreeOfParallelism: 2);
        Assert.True(values.AsSpan().SequenceEqual(coefficients));

        // Evaluations on H carried to the coset shift*H: the polynomial at shift * w^i.
        var shift = domain.OddCosetShift;
        var extended = coefficients.ToArray();
        domain.Forward(extended);
        domain.ExtendToCoset(extended, shift, maxDegreeOfParallelism: 2);
        foreach (var i in samples) Assert.Equal(Evaluate<Fr>(coefficients, shift * domain.Element(i)), extended[i]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(11)]
    public void SpecialInputs_TransformAsTheirPolynomialsSay(int logSize)
    {
        var domain = Domain(logSize);
        var n = domain.Size;
        var shift = Fr.MultiplicativeGenerator;
        var c = Fr.FromBigInteger(123456789);

        // 0 <-> 0 everywhere.
        foreach (var apply in new Action<Fr[]>[]
                 {
                     x => domain.Forward(x), x => domain.Inverse(x), x => domain.CosetForward(x, shift),
                     x => domain.CosetInverse(x, shift), x => domain.ExtendToCoset(x, shift),
                 })
        {
            var zeros = new Fr[n];
            apply(zeros);
            Assert.All(zeros, z => Assert.True(z.IsZero));
        }

        // The constant polynomial c: coefficients (c, 0, ...) <-> c at every point of H and of shift*H.
        var constant = new Fr[n];
        constant[0] = c;
        var x = constant.ToArray();
        domain.Forward(x);
        Assert.All(x, v => Assert.Equal(c, v));
        domain.Inverse(x);
        Assert.Equal(constant, x);
        domain.CosetForward(x, shift);
        Assert.All(x, v => Assert.Equal(c, v));
        var flat = Enumerable.Repeat(c, n).ToArray();
        domain.ExtendToCoset(flat, shift);
        Assert.All(flat, v => Assert.Equal(c, v));

        // The delta at 0 is the constant 1; the delta at 1 is X, whose values are w^i, shift*w^i.
        var delta0 = new Fr[n];
        delta0[0] = Fr.One;
        domain.Forward(delta0);
        Assert.All(delta0, v => Assert.Equal(Fr.One, v));
        if (n > 1)
        {
            var delta1 = new Fr[n];
            delta1[1] = Fr.One;
            var onCoset = delta1.ToArray();
            domain.Forward(delta1);
            domain.CosetForward(onCoset, shift);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(domain.Element(i), delta1[i]);
                Assert.Equal(shift * domain.Element(i), onCoset[i]);
            }
        }
    }

    [Fact]
    public void SizeOne_TransformsAreIdentity()
    {
        var domain = Domain(0);
        var a = Fr.FromBigInteger(42);
        var x = new[] { a };
        domain.Forward(x);
        Assert.Equal(a, x[0]);
        domain.Inverse(x);
        Assert.Equal(a, x[0]);
        domain.CosetForward(x, Fr.MultiplicativeGenerator);
        Assert.Equal(a, x[0]);
        domain.CosetInverse(x, Fr.MultiplicativeGenerator);
        Assert.Equal(a, x[0]);
        domain.ExtendToCoset(x, domain.OddCosetShift);
        Assert.Equal(a, x[0]);
    }

    [Fact]
    public void TransformsWork_OverAnyTwoAdicField_UpToItsTwoAdicity()
    {
        // BN254's base field has 2-adicity 1: its only domains have 1 and 2 points.
        var domain = EvaluationDomain<Fq>.OfLogSize(1);
        Assert.Equal(Fq.Modulus - 1, domain.Generator.ToBigInteger());
        Fq a = Fq.FromBigInteger(5), b = Fq.FromBigInteger(7);
        var x = new[] { a, b };
        domain.Forward(x);
        Assert.Equal(new[] { a + b, a - b }, x);
        domain.Inverse(x);
        Assert.Equal(new[] { a, b }, x);
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fq>.OfLogSize(2));
    }

    [Theory]
    [InlineData(8, 100, 157)]
    [InlineData(11, 1000, 1000)]
    public void PolynomialProduct_ViaNtt_MatchesSchoolbook(int logSize, int lengthA, int lengthB)
    {
        var domain = Domain(logSize);
        Assert.True(lengthA + lengthB - 1 <= domain.Size);
        var a = Random<Fr>(lengthA, seed: 1000 + lengthA);
        var b = Random<Fr>(lengthB, seed: 2000 + lengthB);
        var expected = SchoolbookMultiply<Fr>(a, b);

        // On H, and again on a coset (where the prover works).
        foreach (var onCoset in new[] { false, true })
        {
            var ea = new Fr[domain.Size];
            var eb = new Fr[domain.Size];
            a.CopyTo(ea, 0);
            b.CopyTo(eb, 0);
            if (onCoset)
            {
                domain.CosetForward(ea, Fr.MultiplicativeGenerator);
                domain.CosetForward(eb, Fr.MultiplicativeGenerator);
            }
            else
            {
                domain.Forward(ea);
                domain.Forward(eb);
            }
            for (var i = 0; i < domain.Size; i++) Fr.Mul(ea[i], eb[i], out ea[i]);
            if (onCoset) domain.CosetInverse(ea, Fr.MultiplicativeGenerator);
            else domain.Inverse(ea);
            Assert.Equal(expected, ea.AsSpan(0, expected.Length).ToArray());
            Assert.All(ea.Skip(expected.Length), z => Assert.True(z.IsZero));
        }
    }

    /// <summary>
    /// The Groth16 prover's use: from values of A, B, C = A*B on H, the quotient
    /// (A B - C) / Z_H taken on the odd coset (where Z_H = X^n - 1 is the constant -2) is a
    /// polynomial of degree &lt;= n - 2 with h Z_H = A B - C.
    /// </summary>
    [Fact]
    public void QuotientOnOddCoset_IsAPolynomial_ThatTimesZEqualsABMinusC()
    {
        var domain = Domain(6);
        var n = domain.Size;
        var shift = domain.OddCosetShift;
        var a = Random<Fr>(n, seed: 3000);
        var b = Random<Fr>(n, seed: 3001);
        var c = a.Zip(b, (x, y) => x * y).ToArray();
        var aCoefficients = Interpolate<Fr>(a, domain.Generator);
        var bCoefficients = Interpolate<Fr>(b, domain.Generator);
        var cCoefficients = Interpolate<Fr>(c, domain.Generator);
        domain.ExtendToCoset(a, shift);
        domain.ExtendToCoset(b, shift);
        domain.ExtendToCoset(c, shift);
        var zOnCoset = FieldPow(shift, n) - Fr.One;
        Assert.Equal(-Fr.FromBigInteger(2), zOnCoset);
        Fr.Inverse(zOnCoset, out var zInverse);
        var h = new Fr[n];
        for (var i = 0; i < n; i++) h[i] = (a[i] * b[i] - c[i]) * zInverse;
        domain.CosetInverse(h, shift);
        Assert.True(h[n - 1].IsZero);

        var point = Random<Fr>(1, seed: 3002)[0];
        var lhs = Evaluate<Fr>(h, point) * (FieldPow(point, n) - Fr.One);
        var rhs = Evaluate<Fr>(aCoefficients, point) * Evaluate<Fr>(bCoefficients, point) - Evaluate<Fr>(cCoefficients, point);
        Assert.Equal(rhs, lhs);
    }

    private static Fr FieldPow(Fr x, int e) => CrossMargin.Field.FieldAlgorithms.Pow(x, e);
}

public class NttAllocationTests
{
    [Fact]
    public void SerialTransforms_AllocateNothing_OnceThePoolIsWarm()
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(11);
        var shift = domain.OddCosetShift;
        var x = PlainPolynomial.Random<Fr>(domain.Size, seed: 4000);
        void All()
        {
            domain.Forward(x, 1);
            domain.Inverse(x, 1);
            domain.CosetForward(x, shift, 1);
            domain.CosetInverse(x, shift, 1);
            domain.ExtendToCoset(x, shift, 1);
        }
        All();
        var before = GC.GetAllocatedBytesForCurrentThread();
        All();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using Xunit;

namespace CrossMargin.Poly.Tests;

public class EvaluationDomainTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void Domain_HoldsAPrimitiveRootOfItsSize_ItsInverse_AndOneOverN(int logSize)
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(logSize);
        var n = domain.Size;
        Assert.Equal(1 << logSize, n);
        Assert.Equal(logSize, domain.LogSize);
        Assert.Equal(Fr.One, Pow(domain.Generator, n));
        if (n > 1) Assert.Equal(-Fr.One, Pow(domain.Generator, n / 2));
        Assert.Equal(Fr.One, domain.Generator * domain.GeneratorInverse);
        Assert.Equal(Fr.One, domain.SizeInverse * Fr.FromBigInteger(n));
        Assert.Equal(domain.Generator, domain.OddCosetShift * domain.OddCosetShift);
        if (n > 1) Assert.NotEqual(Fr.One, Pow(domain.OddCosetShift, n));
    }

    [Fact]
    public void Element_IsThePowerOfTheGenerator_ForEveryIndexModN()
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(4);
        var power = Fr.One;
        for (var i = 0; i < 3 * domain.Size; i++)
        {
            Assert.Equal(power, domain.Element(i));
            Assert.Equal(power, domain.Element(i - 3L * domain.Size));
            power *= domain.Generator;
        }
    }

    [Fact]
    public void SharedDomains_AreBuiltOnce_AndFoundBySizeOrLogSize()
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(5);
        Assert.Same(domain, EvaluationDomain<Fr>.OfLogSize(5));
        Assert.Same(domain, EvaluationDomain<Fr>.OfSize(32));
        Assert.Same(domain, EvaluationDomain<Fr>.AtLeast(17));
        Assert.Same(domain, EvaluationDomain<Fr>.AtLeast(32));
        Assert.Equal(1, EvaluationDomain<Fr>.AtLeast(0).Size);
        Assert.Equal(1, EvaluationDomain<Fr>.AtLeast(1).Size);
        Assert.Equal(2, EvaluationDomain<Fr>.AtLeast(2).Size);
        Assert.Equal(64, EvaluationDomain<Fr>.AtLeast(33).Size);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(29)]
    [InlineData(31)]
    [InlineData(int.MaxValue)]
    public void LogSize_OutsideZeroToTwoAdicity_IsRejected(int logSize)
    {
        Assert.Equal(28, Fr.TwoAdicity);
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fr>.OfLogSize(logSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationDomain<Fr>(logSize));
    }

    [Fact]
    public void Size_ThatIsNotAPowerOfTwoUpToTwoAdicity_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fr>.OfSize(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fr>.OfSize(-4));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fr>.OfSize(1 << 29));
        Assert.Throws<ArgumentException>(() => EvaluationDomain<Fr>.OfSize(3));
        Assert.Throws<ArgumentException>(() => EvaluationDomain<Fr>.OfSize(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fr>.AtLeast((1 << 28) + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationDomain<Fr>.AtLeast(-1));
    }

    [Fact]
    public void OddCosetShift_OfTheLargestDomain_DoesNotExist()
    {
        Assert.Throws<InvalidOperationException>(() => EvaluationDomain<Fq>.OfLogSize(1).OddCosetShift);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(32)]
    public void Transforms_RejectSpansOfAnotherLength(int length)
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(3);
        var shift = Fr.MultiplicativeGenerator;
        var x = new Fr[length];
        Assert.Throws<ArgumentException>(() => domain.Forward(x));
        Assert.Throws<ArgumentException>(() => domain.Inverse(x));
        Assert.Throws<ArgumentException>(() => domain.CosetForward(x, shift));
        Assert.Throws<ArgumentException>(() => domain.CosetInverse(x, shift));
        Assert.Throws<ArgumentException>(() => domain.ExtendToCoset(x, shift));
    }

    [Fact]
    public void Transforms_RejectAZeroShift_AndAnInvalidParallelism()
    {
        var domain = EvaluationDomain<Fr>.OfLogSize(3);
        var x = new Fr[8];
        Assert.Throws<ArgumentException>(() => domain.CosetForward(x, Fr.Zero));
        Assert.Throws<ArgumentException>(() => domain.CosetInverse(x, Fr.Zero));
        Assert.Throws<ArgumentException>(() => domain.ExtendToCoset(x, Fr.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => domain.Forward(x, maxDegreeOfParallelism: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => domain.Inverse(x, maxDegreeOfParallelism: -2));
    }

    private static Fr Pow(Fr x, int e) => CrossMargin.Field.FieldAlgorithms.Pow(x, e);
}

using System.Numerics;
using CrossMargin.Field.Bn254;
using Xunit;

namespace CrossMargin.Field.Tests;

/// <summary>
/// The native kernel's F_q12 products (Native/tower_x86_64.c) against their C# twins, which stay
/// the reference: where the kernel is loaded, <see cref="Fp12{TFp2, TTower}.Mul"/> and the other
/// public operations are the kernel's, and each *Managed method is the formula it must reproduce
/// bit for bit. With the kernel off (the test command's managed pass) both sides are the C#.
/// </summary>
public class NativeTowerTests
{
    [Fact]
    public void BnTower_IsInTheKernel_ExactlyWhereTheKernelTakesItsField()
    {
        // BN254's Fq is a field the kernel takes, so its tower is in the kernel exactly when the
        // kernel is loaded; NativeTowerTests' other tests compare the two sides either way.
        Assert.Equal(ModulusParameters<Fq>() != 0, TowerParameters<Bn254TowerParams>() != 0);
        Assert.Equal(NativeKernel.IsLoaded, TowerParameters<Bn254TowerParams>() != 0);
    }

    [Fact]
    public void Mul_AndSquare_EqualTheirCSharpFormulas_OnSpecialAndRandomValues()
    {
        var values = Values(seed: 11, randomCount: 24);
        foreach (var a in values)
        {
            Fq12.Square(a, out var square);
            Fq12.SquareManaged(a, out var squareManaged);
            Assert.Equal(squareManaged, square);
            foreach (var b in values)
            {
                Fq12.Mul(a, b, out var product);
                Fq12.MulManaged(a, b, out var managed);
                Assert.Equal(managed, product);
            }
        }
    }

    [Fact]
    public void CyclotomicSquare_EqualsItsCSharpFormula_OnTheSubgroup_AndOffIt()
    {
        // Off the cyclotomic subgroup the formula is not a square, but it is still a formula both
        // sides must evaluate alike; on the subgroup it is the square.
        var random = new Random(12);
        foreach (var a in Values(seed: 13, randomCount: 16).Append(Cyclotomic(random)).Append(Cyclotomic(random)))
        {
            Fq12.CyclotomicSquare(a, out var fast);
            Fq12.CyclotomicSquareManaged(a, out var managed);
            Assert.Equal(managed, fast);
        }
        var m = Cyclotomic(random);
        Fq12.CyclotomicSquare(m, out var squared);
        Fq12.SquareManaged(m, out var expected);
        Assert.Equal(expected, squared);
    }

    [Fact]
    public void LineProducts_EqualTheirCSharpFormulas_OnSpecialAndRandomLines()
    {
        var random = new Random(14);
        var coefficients = SpecialFq2().Take(6).Concat(Enumerable.Range(0, 6).Select(_ => RandomFq2(random))).ToArray();
        var accumulators = Values(seed: 15, randomCount: 4);
        for (var i = 0; i < coefficients.Length; i++)
        {
            var (a0, a3, a4) = (coefficients[i], coefficients[(i + 1) % coefficients.Length], coefficients[(i + 5) % coefficients.Length]);
            var (b0, b3, b4) = (coefficients[(i + 2) % coefficients.Length], coefficients[(i + 7) % coefficients.Length], coefficients[(i + 3) % coefficients.Length]);
            Fq12.Mul034By034(a0, a3, a4, b0, b3, b4, out var lines);
            Fq12.Mul034By034Managed(a0, a3, a4, b0, b3, b4, out var linesManaged);
            Assert.Equal(linesManaged, lines);
            foreach (var f in accumulators)
            {
                Fq12.MulBy034(f, a0, a3, a4, out var one);
                Fq12.MulBy034Managed(f, a0, a3, a4, out var oneManaged);
                Assert.Equal(oneManaged, one);
                Fq12.MulByLineProduct(f, lines, out var two);
                Fq12.MulByLineProductManaged(f, lines, out var twoManaged);
                Assert.Equal(twoManaged, two);
            }
        }
    }

    [Fact]
    public void EveryEntryPoint_AllowsItsOutputToBeAnInput_OverLongChains()
    {
        // Each step writes over one of its inputs; a chain of them against the C# chain also
        // checks that every value the kernel returns stays canonical (equality compares limbs).
        var random = new Random(16);
        var x = RandomFq12(random);
        var expected = x;
        var y = RandomFq12(random);
        var (l0, l3, l4) = (RandomFq2(random), RandomFq2(random), RandomFq2(random));
        for (var i = 0; i < 200; i++)
        {
            Fq12.Mul(x, y, out x);
            Fq12.MulManaged(expected, y, out expected);
            Fq12.Square(x, out x);
            Fq12.SquareManaged(expected, out expected);
            Fq12.CyclotomicSquare(x, out x);
            Fq12.CyclotomicSquareManaged(expected, out expected);
            Fq12.MulBy034(x, l0, l3, l4, out x);
            Fq12.MulBy034Managed(expected, l0, l3, l4, out expected);
            Fq12.Mul034By034(l0, l3, l4, l4, l0, l3, out var lines);
            Fq12.MulByLineProduct(x, lines, out x);
            Fq12.MulByLineProductManaged(expected, lines, out expected);
            Assert.Equal(expected, x);
        }
        Fq12.Mul(y, y, out y);
        Fq12.MulManaged(expected, expected, out var square);
        Fq12.Mul(x, x, out x);
        Assert.Equal(square, x);
    }

    private static nint ModulusParameters<TFp>() where TFp : struct, IPrimeField<TFp> => TFp.NativeKernelModulus;

    private static nint TowerParameters<TTower>() where TTower : struct, ISexticTowerParams<Fq2> => TTower.NativeTowerParameters;

    /// <summary>0, 1, -1, w, w^5, elements with a zero half, elements of p - 1 everywhere, then seeded random ones.</summary>
    private static List<Fq12> Values(int seed, int randomCount)
    {
        var random = new Random(seed);
        var minusOne = new Fq2(Fq.FromBigInteger(Fq.Modulus - 1), Fq.FromBigInteger(Fq.Modulus - 1));
        var all = new Fq6(minusOne, minusOne, minusOne);
        var values = new List<Fq12>
        {
            Fq12.Zero,
            Fq12.One,
            -Fq12.One,
            new(Fq6.Zero, Fq6.One),
            new(Fq6.Zero, new Fq6(Fq2.Zero, Fq2.Zero, Fq2.One)),
            new(all, all),
            new(RandomFq6(random), Fq6.Zero),
            new(Fq6.Zero, RandomFq6(random)),
        };
        for (var i = 0; i < randomCount; i++) values.Add(RandomFq12(random));
        return values;
    }

    private static IEnumerable<Fq2> SpecialFq2()
    {
        var special = PrimeFieldLaws<Fq>.SpecialValues().Select(Fq.FromBigInteger).ToArray();
        return special.SelectMany(c0 => special.Reverse().Take(3).Select(c1 => new Fq2(c0, c1)));
    }

    /// <summary>f^((p^6 - 1)(p^2 + 1)) for a random f: an element of the cyclotomic subgroup.</summary>
    private static Fq12 Cyclotomic(Random random)
    {
        var f = RandomFq12(random);
        Fq12.Inverse(f, out var inverse);
        Fq12.Conjugate(f, out var m);
        Fq12.MulManaged(m, inverse, out m);
        Fq12.Frobenius(m, 2, out var mp2);
        Fq12.MulManaged(mp2, m, out m);
        return m;
    }

    private static Fq2 RandomFq2(Random random)
    {
        var bytes = new byte[40];
        random.NextBytes(bytes);
        var c0 = Fq.FromBigInteger(new BigInteger(bytes, isUnsigned: true) % Fq.Modulus);
        random.NextBytes(bytes);
        return new Fq2(c0, Fq.FromBigInteger(new BigInteger(bytes, isUnsigned: true) % Fq.Modulus));
    }

    private static Fq6 RandomFq6(Random random) => new(RandomFq2(random), RandomFq2(random), RandomFq2(random));

    private static Fq12 RandomFq12(Random random) => new(RandomFq6(random), RandomFq6(random));
}

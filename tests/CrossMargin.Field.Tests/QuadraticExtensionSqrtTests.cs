using System.Numerics;
using Xunit;

namespace CrossMargin.Field.Tests;

public class QuadraticExtensionSqrtTests
{
    private static readonly BigInteger P = Fq.Modulus;

    /// <summary>Euler's criterion in F_q2, the plain twin of the square test: a^((q^2-1)/2) = 1.</summary>
    private static bool IsSquarePlain(Fq2 a) => a.IsZero || FieldAlgorithms.Pow(a, (P * P - 1) / 2).IsOne;

    private static Fq2 Element(BigInteger c0, BigInteger c1) => new(Fq.FromBigInteger(c0), Fq.FromBigInteger(c1));

    private static Fq2 RandomElement(Random random)
    {
        var bytes = new byte[40];
        random.NextBytes(bytes);
        var c0 = new BigInteger(bytes, isUnsigned: true);
        random.NextBytes(bytes);
        return Element(c0, new BigInteger(bytes, isUnsigned: true));
    }

    /// <summary>0, 1, -1, u, -u, 1 + u, elements of the base field (all squares in F_q2), and random ones.</summary>
    private static IEnumerable<Fq2> Elements(int seed, int randomCount)
    {
        var special = new[]
        {
            Element(0, 0), Element(1, 0), Element(P - 1, 0), Element(0, 1), Element(0, P - 1), Element(1, 1),
            Element(2, 0), Element(3, 0), Element(5, 0), Element(0, 3), Element(9, 1), Element(P - 2, P - 3),
        };
        var random = new Random(seed);
        return special.Concat(Enumerable.Range(0, randomCount).Select(_ => RandomElement(random)));
    }

    [Fact]
    public void TrySqrt_FindsARootExactly_WhenEulersCriterionSaysSquare()
    {
        var squares = 0;
        var nonSquares = 0;
        foreach (var a in Elements(seed: 21, randomCount: 24))
        {
            var expected = IsSquarePlain(a);
            Assert.Equal(expected, QuadraticExtensionSqrt.TrySqrt(a, out var root));
            if (expected)
            {
                Assert.Equal(a, root * root);
                squares++;
            }
            else
            {
                nonSquares++;
            }
        }
        // Both branches ran (about half of random elements are squares).
        Assert.True(squares > 5 && nonSquares > 5, $"{squares} squares, {nonSquares} non-squares");
    }

    [Fact]
    public void TrySqrt_OfASquare_IsPlusOrMinusTheOriginalRoot()
    {
        foreach (var x in Elements(seed: 22, randomCount: 16))
        {
            var square = x * x;
            Assert.True(QuadraticExtensionSqrt.TrySqrt(square, out var root));
            Assert.True(root == x || root == -x, $"sqrt({x}^2) = {root}");
        }
    }

    [Fact]
    public void TrySqrt_CoversTheAlphaIsMinusOneBranch()
    {
        // alpha = a^((q-1)/2) = -1 exactly for a in F_q that is a non-residue of F_q (e.g. -1):
        // its roots lie on the u axis.
        var minusOne = Element(P - 1, 0);
        Assert.True(QuadraticExtensionSqrt.TrySqrt(minusOne, out var root));
        Assert.True(root.C0.IsZero);
        Assert.Equal(minusOne, root * root);
    }
}

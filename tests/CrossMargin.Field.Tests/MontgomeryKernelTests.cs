using System.Numerics;
using Xunit;

namespace CrossMargin.Field.Tests;

/// <summary>The flat BMI2 multiplication against its portable twin, on both BN254 fields.</summary>
public class MontgomeryKernelTests
{
    [Fact]
    public void Mul_EqualsItsPortableTwin_OnSpecialAndRandomValues()
    {
        Check<Bn254.FqParams>(1);
        Check<Bn254.FrParams>(2);
    }

    private static void Check<TParams>(int seed) where TParams : struct, IMontgomery256Params
    {
        var values = PrimeFieldLaws<Montgomery256<TParams>>.SpecialValues().ToList();
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[40];
            random.NextBytes(bytes);
            values.Add(new BigInteger(bytes, isUnsigned: true) % Montgomery256<TParams>.Modulus);
        }
        var elements = values.Select(Montgomery256<TParams>.FromBigInteger).ToArray();
        foreach (var a in elements)
        foreach (var b in elements.Take(40))
        {
            Montgomery256<TParams>.Mul(a, b, out var fast);
            Montgomery256<TParams>.MulPortable(a, b, out var plain);
            Assert.Equal(plain, fast);
        }
    }
}

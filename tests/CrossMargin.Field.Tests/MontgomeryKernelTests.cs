using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace CrossMargin.Field.Tests;

/// <summary>
/// The native kernel against the C# it replaces. The three Montgomery products on both BN254
/// fields: the kernel's (<see cref="Montgomery256{TParams}.Mul"/> where it is loaded), the flat
/// BMI2 C# (<see cref="Montgomery256{TParams}.MulManaged"/>) and its portable twin, all against
/// BigInteger; and the kernel's F_q2 product and square against their C# formulas. The test
/// command runs this suite once more with the kernel off (CROSSMARGIN_NATIVE_KERNEL=0) and once
/// with hardware intrinsics off.
/// </summary>
public class MontgomeryKernelTests
{
    [Fact]
    public void Mul_MulManaged_AndThePortableTwin_Agree_OnSpecialAndRandomValues()
    {
        Check<Bn254.FqParams>(1);
        Check<Bn254.FrParams>(2);
    }

    [Fact]
    public void NativeProducts_AreCanonical_AndAliasSafe_OverLongChains()
    {
        // A chain feeds each product back in (r aliases an input on the native side's copies),
        // and every value must stay canonical (below p) to keep equality meaningful.
        var x = Fq.FromBigInteger(Fq.Modulus - 1);
        var y = Fq.FromBigInteger(Fq.Modulus - 2);
        var expectedX = Fq.Modulus - 1;
        var expectedY = Fq.Modulus - 2;
        for (var i = 0; i < 2000; i++)
        {
            Fq.Mul(x, y, out x);
            Fq.Mul(y, y, out y);
            expectedX = expectedX * expectedY % Fq.Modulus;
            expectedY = expectedY * expectedY % Fq.Modulus;
        }
        Assert.Equal(expectedX, x.ToBigInteger());
        Assert.Equal(expectedY, y.ToBigInteger());
    }

    [Fact]
    public void Fp2MulAndSquare_EqualTheirCSharpFormulas_OnSpecialAndRandomValues_AndAliasing()
    {
        // Where the kernel is loaded, Mul and Square are its cm_fp2_mul and cm_fp2_square; the
        // managed ones are the formulas it must reproduce (and with the kernel off, the same code).
        var special = PrimeFieldLaws<Fq>.SpecialValues().Select(Fq.FromBigInteger).ToArray();
        var random = new Random(3);
        var elements = new List<Fq2>();
        foreach (var c0 in special)
        foreach (var c1 in special.Take(6))
            elements.Add(new Fq2(c0, c1));
        for (var i = 0; i < 150; i++)
        {
            var bytes = new byte[40];
            random.NextBytes(bytes);
            var c0 = Fq.FromBigInteger(new BigInteger(bytes, isUnsigned: true));
            random.NextBytes(bytes);
            elements.Add(new Fq2(c0, Fq.FromBigInteger(new BigInteger(bytes, isUnsigned: true))));
        }
        foreach (var a in elements)
        {
            Fq2.Square(a, out var square);
            Fq2.SquareManaged(a, out var squareManaged);
            Assert.Equal(squareManaged, square);
            foreach (var b in elements.Take(30))
            {
                Fq2.Mul(a, b, out var product);
                Fq2.MulManaged(a, b, out var managed);
                Assert.Equal(managed, product);
            }
        }
        // The output may be an input.
        var x = elements[^1];
        var y = elements[^2];
        Fq2.MulManaged(x, y, out var expected);
        Fq2.Mul(x, y, out x);
        Assert.Equal(expected, x);
        Fq2.SquareManaged(y, out expected);
        Fq2.Square(y, out y);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void NativeKernel_IsLoaded_WhereverItCanBe()
    {
        // Where the machine can build and run the kernel, a test run must be using it (or have
        // been told not to): a build that silently lost it would otherwise pass on the C# alone.
        var canRun = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
            && Bmi2.X64.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 19)) != 0;
        var compiler = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "cc")));
        var disabled = Environment.GetEnvironmentVariable(NativeKernel.DisableVariable) == "0";
        if (canRun && compiler && !disabled) Assert.True(NativeKernel.IsLoaded, NativeKernel.Status);
        if (disabled) Assert.False(NativeKernel.IsLoaded, NativeKernel.Status);
        Assert.False(string.IsNullOrEmpty(NativeKernel.Status));
    }

    [Fact]
    public void NativeInverse_EqualsTheBinaryInverse_OnLimbBoundaries_AndDeclinesWhatHasNoInverse()
    {
        CheckInverse<Bn254.FqParams>(21);
        CheckInverse<Bn254.FrParams>(22);
    }

    private static void CheckInverse<TParams>(int seed) where TParams : struct, IMontgomery256Params
    {
        if (!NativeModulus<TParams>.UseKernel) return;
        var p = Montgomery256<TParams>.Modulus;
        // Stored integers on the boundaries of the native code's 62-bit limbs and of the 64-bit
        // ones, p's neighbours, and values whose division steps run long (tiny, and near p).
        var stored = new List<BigInteger> { 1, 2, 3, p - 1, p - 2, p >> 1, (p >> 1) + 1, p - (BigInteger.One << 62) };
        foreach (var bits in new[] { 1, 61, 62, 63, 64, 124, 128, 186, 192, 248, 252, 253 })
        {
            stored.Add(BigInteger.One << bits);
            stored.Add((BigInteger.One << bits) - 1);
            stored.Add((BigInteger.One << bits) + 1);
        }
        var random = new Random(seed);
        while (stored.Count < 2000)
        {
            var bytes = new byte[33];
            random.NextBytes(bytes);
            stored.Add(new BigInteger(bytes, isUnsigned: true) >> random.Next(0, 200));
        }
        foreach (var x in stored.Where(v => v > 0 && v < p))
        {
            var a = StoredIntegers.FromStored<TParams>(x);
            Assert.True(Montgomery256<TParams>.TryNativeInverse(a, out var native), $"declined {x}");
            var plain = Montgomery256<TParams>.InverseOfStoredInteger(a);
            Assert.Equal(plain, native);
            Assert.Equal(BigInteger.ModPow(x, p - 2, p), StoredIntegers.ToInteger(native));
        }
        // No inverse: 0 and multiples of p (p and 2p fit the four limbs). The kernel declines
        // rather than return a wrong value.
        var none = new[] { BigInteger.Zero, p, 2 * p };
        foreach (var x in none)
        {
            var a = StoredIntegers.FromStored<TParams>(x);
            Assert.False(Montgomery256<TParams>.TryNativeInverse(a, out _), $"inverted {x}");
        }
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
        var p = Montgomery256<TParams>.Modulus;
        var rInverse = BigInteger.ModPow(BigInteger.One << 256, p - 2, p);
        foreach (var a in elements)
        foreach (var b in elements.Take(40))
        {
            Montgomery256<TParams>.Mul(a, b, out var product);
            Montgomery256<TParams>.MulManaged(a, b, out var managed);
            Montgomery256<TParams>.MulPortable(a, b, out var plain);
            Assert.Equal(plain, managed);
            Assert.Equal(managed, product);
            // The Montgomery product of the stored integers: aR bR / R.
            var stored = StoredIntegers.ToInteger(a) * StoredIntegers.ToInteger(b) % p * rInverse % p;
            Assert.Equal(stored, StoredIntegers.ToInteger(product));
        }
    }
}

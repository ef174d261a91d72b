using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace CrossMargin.Field.Tests;

/// <summary>
/// The three Montgomery products against each other on both BN254 fields: the native kernel
/// (<see cref="Montgomery256{TParams}.Mul"/> where it is loaded), the flat BMI2 C#
/// (<see cref="Montgomery256{TParams}.MulManaged"/>) and its portable twin, and all of them
/// against BigInteger. The test command runs this suite once more with the kernel off
/// (CROSSMARGIN_NATIVE_KERNEL=0) and once with hardware intrinsics off.
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
            var stored = ToInteger(a) * ToInteger(b) % p * rInverse % p;
            Assert.Equal(stored, ToInteger(product));
        }
    }

    private static BigInteger ToInteger<TParams>(Montgomery256<TParams> a) where TParams : struct, IMontgomery256Params =>
        a.L0 + ((BigInteger)a.L1 << 64) + ((BigInteger)a.L2 << 128) + ((BigInteger)a.L3 << 192);
}

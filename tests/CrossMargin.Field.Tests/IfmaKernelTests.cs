using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace CrossMargin.Field.Tests;

/// <summary>
/// The native kernel's IFMA products (eight elements at once in 52-bit limbs) against the
/// four-limb products, bit for bit, on both BN254 fields: every stored integer that sits on a limb
/// boundary of either radix, p - 1 and its neighbours, among seeded random ones, in every lane and
/// in the scalar tail. The curve suite holds the batch-affine additions to their twins. On a
/// machine without IFMA these entry points are not handed out, and the last test says so.
/// </summary>
public class IfmaKernelTests
{
    [Fact]
    public void IfmaKernel_IsUsed_WhereTheProcessorHasIfma()
    {
        var processorHasIfma = Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ebx & (1 << 21)) != 0;
        var disabled = Environment.GetEnvironmentVariable(NativeKernel.DisableIfmaVariable) == "0";
        Assert.Equal(NativeKernel.IsLoaded && processorHasIfma && !disabled, NativeKernel.HasIfma);
        Assert.Equal(NativeKernel.HasIfma, NativeModulus<Bn254.FqParams>.UseIfma);
        Assert.Equal(NativeKernel.HasIfma, NativeModulus<Bn254.FrParams>.UseIfma);
    }

    [Fact]
    public void IfmaMulMany_EqualsTheFourLimbProduct_ForEveryLength_AndInPlace()
    {
        Check<Bn254.FqParams>(11);
        Check<Bn254.FrParams>(12);
    }

    private static unsafe void Check<TParams>(int seed) where TParams : struct, IMontgomery256Params
    {
        if (!NativeModulus<TParams>.UseIfma) return;
        var p = Montgomery256<TParams>.Modulus;
        var stored = new List<BigInteger> { 0, 1, 2, p - 1, p - 2, p >> 1, (p >> 1) + 1 };
        foreach (var bits in new[] { 48, 52, 64, 104, 128, 156, 192, 208, 252, 253 })
        {
            stored.Add(BigInteger.One << bits);
            stored.Add((BigInteger.One << bits) - 1);
        }
        var random = new Random(seed);
        while (stored.Count < 300)
        {
            var bytes = new byte[33];
            random.NextBytes(bytes);
            stored.Add(new BigInteger(bytes, isUnsigned: true));
        }
        var elements = stored.Where(v => v < p).Distinct().Select(StoredIntegers.FromStored<TParams>).ToArray();
        // Every special value meets every other in some lane: a runs through the list, b through it backwards and rotated.
        var count = elements.Length;
        for (var shift = 0; shift < 24; shift++)
        {
            var a = elements;
            var b = Enumerable.Range(0, count).Select(k => elements[(count - 1 - k + shift) % count]).ToArray();
            var expected = new Montgomery256<TParams>[count];
            for (var k = 0; k < count; k++) Montgomery256<TParams>.MulManaged(a[k], b[k], out expected[k]);
            foreach (var length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 24, 25, 33, count }.Where(l => l <= count))
            {
                var result = new Montgomery256<TParams>[length];
                Multiply(a.AsSpan(0, length), b.AsSpan(0, length), result);
                Assert.Equal(expected.AsSpan(0, length).ToArray(), result);
            }
            var inPlace = (Montgomery256<TParams>[])a.Clone();
            Multiply(inPlace, b, inPlace);
            Assert.Equal(expected, inPlace);
            var overSecond = (Montgomery256<TParams>[])b.Clone();
            Multiply(a, overSecond, overSecond);
            Assert.Equal(expected, overSecond);
        }
    }

    private static unsafe void Multiply<TParams>(ReadOnlySpan<Montgomery256<TParams>> a, ReadOnlySpan<Montgomery256<TParams>> b, Span<Montgomery256<TParams>> r)
        where TParams : struct, IMontgomery256Params
    {
        fixed (Montgomery256<TParams>* x = a, y = b, z = r)
            NativeKernel.IfmaFpMulMany((ulong*)x, (ulong*)y, (ulong*)z, (ulong)r.Length, NativeModulus<TParams>.Parameters);
    }
}
